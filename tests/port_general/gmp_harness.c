/* The shared helpers of the registry, event and general-routine tests (gmp_harness.h). */
#include "gmp_harness.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void *miniport_handle(void)
{
    void *h = dlopen(GMP_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", GMP_MINIPORT, dlerror());
    return h;
}

struct gmp_control *gmp_ctl(void)
{
    static struct gmp_control *c;
    if (!c)
        c = dlsym(miniport_handle(), "gmp");
    CHECK(c != NULL, "no gmp control block in %s", GMP_MINIPORT);
    return c;
}

struct ustor_host *gmp_host(void)
{
    struct ustor_host_options o = {.size = sizeof o, .default_timeout = 5};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    return h;
}

struct ustor_driver *gmp_load(struct ustor_host *host)
{
    struct ustor_driver *d = NULL;
    gmp_ctl();
    CHECK_OK(ustor_driver_load(host, GMP_MINIPORT, &d));
    return d;
}

struct ustor_adapter *gmp_adapter(struct ustor_driver *d, const char *registry, const char *argument,
                                  int *index)
{
    struct ustor_adapter_options o = {.size = sizeof o, .registry_path = registry,
                                      .argument_string = argument};
    struct ustor_adapter *a = NULL;
    int before = __atomic_load_n(&gmp_ctl()->nadapters, __ATOMIC_ACQUIRE);
    CHECK_OK(ustor_adapter_add(d, &o, &a));
    if (index)
        *index = before;
    return a;
}

int64_t gmp_do(int adapter, int op, int64_t a, int64_t b, int64_t c, int64_t d)
{
    static gmp_call_fn *fn;
    if (!fn)
        fn = (gmp_call_fn *)dlsym(miniport_handle(), "gmp_call");
    CHECK(fn != NULL, "no gmp_call in %s", GMP_MINIPORT);
    return fn(adapter, op, a, b, c, d);
}

const char *gmp_scratch_dir(const char *test)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/scratch-%s-XXXXXX", USTOR_TEST_BINARY_DIR, test);
    CHECK(mkdtemp(path) != NULL, "mkdtemp %s: %s", path, strerror(errno));
    return path;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

void gmp_scratch_remove(const char *dir)
{
    CHECK(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS) == 0, "remove %s: %s", dir, strerror(errno));
}

void gmp_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "open %s: %s", path, strerror(errno));
    CHECK(fputs(text, f) >= 0 && fclose(f) == 0, "write %s", path);
}

char *gmp_read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    CHECK(text != NULL, "out of memory");
    for (size_t got; (got = fread(text + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (cap - n < 2) {
            cap *= 2;
            text = realloc(text, cap);
            CHECK(text != NULL, "out of memory");
        }
    }
    fclose(f);
    text[n] = '\0';
    return text;
}

void gmp_trace_start(const char *path)
{
    CHECK_OK(ustor_log_open_trace(path));
    ustor_log_set_text_fd(-1);
}

static bool line_has_all(const char *line, size_t len, va_list ap)
{
    for (const char *frag; (frag = va_arg(ap, const char *));) {
        size_t fl = strlen(frag);
        bool found = false;
        for (size_t i = 0; i + fl <= len && !found; i++)
            found = !memcmp(line + i, frag, fl);
        if (!found)
            return false;
    }
    return true;
}

const char *gmp_trace_find(const char *text, const char **pos, ...)
{
    const char *p = pos && *pos ? *pos : text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        va_list ap;
        va_start(ap, pos);
        bool hit = line_has_all(p, len, ap);
        va_end(ap);
        const char *next = eol ? eol + 1 : p + len;
        if (hit) {
            if (pos)
                *pos = next;
            return p;
        }
        p = next;
    }
    return NULL;
}

char *gmp_line(const char *p)
{
    if (!p)
        return strdup("(none)");
    const char *eol = strchr(p, '\n');
    return strndup(p, eol ? (size_t)(eol - p) : strlen(p));
}
