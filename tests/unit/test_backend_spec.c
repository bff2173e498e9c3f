/* Backend specs: sizes, options, and the one clear line every mistake gets
 * (bad sizes, unknown options, missing images, directories, empty or
 * mismatched images, read-only creation). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ustorport/ustor_backend.h"
#include "ustorport/ustor_log.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

static char dir[] = "/tmp/ustor-spec-XXXXXX";

static void test_sizes(void)
{
    static const struct { const char *text; uint64_t bytes; } good[] = {
        { "512", 512 }, { "4k", 4096 }, { "4K", 4096 }, { "1M", 1u << 20 }, { "2G", 2ull << 30 },
        { "1T", 1ull << 40 }, { "3KiB", 3072 }, { "5MB", 5u << 20 }, { "0", 0 },
    };
    static const char *const bad[] = { "", "k", "-1", "1Q", "1KK", "1.5G", "12 M", "99999999999999999999",
                                       "20000000P" };
    uint64_t v;

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        CHECK(ustor_backend_parse_size(good[i].text, &v) == 0);
        CHECK(v == good[i].bytes);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK(ustor_backend_parse_size(bad[i], &v) < 0);
        CHECK(strstr(ustor_error_message(), "size") != NULL);
    }
}

/* Opening spec fails with err and a message containing what. */
static void fails(const char *spec, int err, const char *what)
{
    struct ustor_backend *b = (void *)1;
    int r = ustor_backend_open(spec, 0, &b);

    if (r != err || !strstr(ustor_error_message(), what)) {
        fprintf(stderr, "spec '%s': got %d '%s', wanted %d and '%s'\n", spec, r, ustor_error_message(),
                err, what);
        exit(1);
    }
    CHECK(b == NULL);
}

static void test_ram_specs(void)
{
    struct ustor_backend *b;
    const struct ustor_backend_info *info;

    CHECK(ustor_backend_open("ram:1M,ro", 0, &b) == 0);
    info = ustor_backend_get_info(b);
    CHECK(info->size == 1u << 20 && (info->caps & USTOR_BACKEND_READ_ONLY) && !strcmp(info->kind, "ram"));
    ustor_backend_close(b);
    CHECK(ustor_backend_open("ram:16G", USTOR_BACKEND_OPEN_READ_ONLY, &b) == 0);  /* reserved lazily */
    CHECK(ustor_backend_get_info(b)->caps & USTOR_BACKEND_READ_ONLY);
    ustor_backend_close(b);
    fails("ram:", -EINVAL, "missing size");
    fails("ram:12Q", -EINVAL, "invalid size");
    fails("ram:0", -EINVAL, "greater than zero");
    fails("ram:1000", -EINVAL, "not a multiple of 512");
    fails("ram:1M,bogus", -EINVAL, "unknown option 'bogus'");
    fails("ram:1M,size=2M", -EINVAL, "unknown option");
    fails("ram:1M,threads=99", -EINVAL, "threads= takes 0 to 16");
    fails("ram:1M,threads=", -EINVAL, "threads=");
    CHECK(ustor_backend_open("ram:1M,threads=2", 0, &b) == 0);
    CHECK(!strcmp(ustor_backend_get_info(b)->engine, "threads"));
    ustor_backend_close(b);
    fails("", -EINVAL, "empty");
}

static void test_file_specs(void)
{
    char path[256], spec[300];
    struct ustor_backend *b;
    int fd;

    snprintf(path, sizeof(path), "%s/disk.img", dir);
    snprintf(spec, sizeof(spec), "%s", path);
    fails(spec, -ENOENT, "size=N");                             /* missing, no size */
    snprintf(spec, sizeof(spec), "%s,size=1M,ro", path);
    fails(spec, -ENOENT, "read-only");                          /* cannot create read-only */
    snprintf(spec, sizeof(spec), "%s,size=1000", path);
    fails(spec, -EINVAL, "multiple of 512");
    snprintf(spec, sizeof(spec), "%s,size=1M", path);
    CHECK(ustor_backend_open(spec, 0, &b) == 0);                /* created */
    CHECK(ustor_backend_get_info(b)->size == 1u << 20);
    ustor_backend_close(b);
    CHECK(ustor_backend_open(path, 0, &b) == 0);                /* reopened as it is */
    ustor_backend_close(b);
    snprintf(spec, sizeof(spec), "%s,size=2M", path);
    fails(spec, -EINVAL, "exists with 1048576 bytes");
    snprintf(spec, sizeof(spec), "%s,aio=fast", path);
    fails(spec, -EINVAL, "unknown option 'aio=fast'");
    snprintf(spec, sizeof(spec), "%s,aio=uring,threads=2", path);
    fails(spec, -EINVAL, "exclude each other");
    fails(dir, -EISDIR, "is a directory");
    snprintf(path, sizeof(path), "%s/empty.img", dir);
    fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
    fails(path, -EINVAL, "empty");
    fails("/dev/null", -EINVAL, "not a regular file or block device");
    fails(",size=1M", -EINVAL, "missing image path");
}

static void test_unreadable(void)
{
    char path[256];
    int fd;

    if (geteuid() == 0) {
        fprintf(stderr, "   skipped: root reads any file\n");
        return;
    }
    snprintf(path, sizeof(path), "%s/locked.img", dir);
    fd = open(path, O_CREAT | O_WRONLY, 0);
    CHECK(fd >= 0 && ftruncate(fd, 4096) == 0);
    close(fd);
    fails(path, -EACCES, "add ,ro");
}

int main(void)
{
    char cmd[300];

    ustor_log_set_levels("error");
    CHECK(mkdtemp(dir) != NULL);
    test_sizes();
    test_ram_specs();
    test_file_specs();
    test_unreadable();
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return 0;
}
