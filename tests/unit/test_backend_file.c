/* File images: the common backend checks with both engines (inline preadv/pwritev
 * and io_uring) and with O_DIRECT, plus what is particular to files: a created
 * image is sparse, data survives a reopen, a file cut short gives EIO. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_backend_util.h"

static char dir[] = "/tmp/ustor-file-XXXXXX";

static void conformance(const char *name, const char *opts)
{
    char spec[512];

    snprintf(spec, sizeof(spec), "%s/%s,size=32M%s", dir, name, opts);
    backend_conformance(spec);
}

static void test_engines_and_persistence(void)
{
    char spec[512], path[300];
    struct ustor_backend *b;
    struct ustor_backend_queue *q;
    uint8_t out[8192], in[8192];
    struct stat st;

    snprintf(path, sizeof(path), "%s/persist.img", dir);
    snprintf(spec, sizeof(spec), "%s,size=16M,aio=uring", path);
    CHECK_EQ(ustor_backend_open(spec, 0, &b), 0);
    CHECK(!strcmp(ustor_backend_get_info(b)->engine, "uring"));
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    CHECK(ustor_backend_queue_fd(q) >= 0);                   /* a ring to poll */
    pattern(out, sizeof(out), 11);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, 5u << 20, sizeof(out), out), 0);
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
    CHECK(stat(path, &st) == 0 && st.st_size == 16 << 20 && st.st_blocks * 512 < (1 << 20));  /* sparse */
    CHECK_EQ(ustor_backend_open(path, 0, &b), 0);
    CHECK(!strcmp(ustor_backend_get_info(b)->engine, "sync"));
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    CHECK_EQ(ustor_backend_queue_fd(q), -1);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 5u << 20, sizeof(in), in), 0);
    CHECK(!memcmp(in, out, sizeof(in)));
    CHECK(truncate(path, 1 << 20) == 0);                      /* someone cuts the file short */
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 5u << 20, sizeof(in), in), -EIO);
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
}

static void test_read_only_file(void)
{
    char spec[512];
    struct ustor_backend *b;
    struct ustor_backend_queue *q;
    uint8_t buf[512] = { 0 };

    snprintf(spec, sizeof(spec), "%s/persist.img", dir);
    CHECK_EQ(ustor_backend_open(spec, USTOR_BACKEND_OPEN_READ_ONLY, &b), 0);
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, 0, 512, buf), -EROFS);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 0, 512, buf), 0);
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
}

int main(void)
{
    char cmd[300];

    ustor_log_set_levels("error");
    CHECK(mkdtemp(dir) != NULL);
    conformance("sync.img", ",aio=sync");
    conformance("uring.img", ",aio=uring");
    conformance("direct.img", ",direct");
    conformance("threads.img", ",threads=3");
    test_engines_and_persistence();
    test_read_only_file();
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return 0;
}
