/* The memory tests' shared helpers (see mem_harness.h). */
#include "mem_harness.h"

#include <dlfcn.h>
#include <string.h>
#include <unistd.h>

static void *miniport(void)
{
    static void *cached;
    void *h = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (!h) {
        h = dlopen(MEMMP_MINIPORT, RTLD_NOW | RTLD_LOCAL);
        CHECK(h != NULL, "dlopen %s: %s", MEMMP_MINIPORT, dlerror());
        __atomic_store_n(&cached, h, __ATOMIC_RELEASE);
    }
    return h;
}

struct memmp_control *mh_control(void)
{
    struct memmp_control *c = dlsym(miniport(), "memmp");
    CHECK(c != NULL, "no memmp control block in %s", MEMMP_MINIPORT);
    return c;
}

struct ustor_host *mh_host(void)
{
    struct ustor_host_options o = {.size = sizeof o, .default_timeout = 10};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    return h;
}

struct ustor_driver *mh_load(struct ustor_host *host)
{
    struct ustor_driver *d = NULL;
    CHECK_OK(ustor_driver_load(host, MEMMP_MINIPORT, &d));
    return d;
}

struct ustor_adapter *mh_adapter(struct ustor_driver *driver)
{
    struct ustor_adapter_options o = {.size = sizeof o};
    struct ustor_adapter *a = NULL;
    CHECK_OK(ustor_adapter_add(driver, &o, &a));
    return a;
}

struct ustor_lun *mh_lun(struct ustor_adapter *adapter)
{
    struct ustor_lun *lun = ustor_adapter_lun(adapter, 0, 0, 0);
    CHECK(lun != NULL, "no unit (0,0,0)");
    return lun;
}

struct memmp_args *mh_call(int op, struct memmp_args *args)
{
    static memmp_call_fn *cached;   /* threads may race to look it up: same answer */
    memmp_call_fn *fn = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (!fn) {
        fn = (memmp_call_fn *)dlsym(miniport(), "memmp_call");
        CHECK(fn != NULL, "no memmp_call in %s", MEMMP_MINIPORT);
        __atomic_store_n(&cached, fn, __ATOMIC_RELEASE);
    }
    fn(op, args);
    return args;
}

int mh_rw(struct ustor_lun *lun, bool write, void *data, uint32_t len)
{
    struct ustor_scsi_request r;
    uint16_t blocks = (uint16_t)(len / 512);
    memset(&r, 0, sizeof r);
    r.cdb_length = 10;
    r.cdb[0] = write ? 0x2A : 0x28;
    r.cdb[7] = (uint8_t)(blocks >> 8);
    r.cdb[8] = (uint8_t)blocks;
    r.direction = write ? USTOR_DATA_OUT : USTOR_DATA_IN;
    r.data = data;
    r.data_length = len;
    int rc = ustor_lun_execute(lun, &r);
    return rc ? rc : r.result;
}

/* ---- report capture ---- */

static int trace_fd = -1, err_fd = -1;
static char trace_path[64], err_path[64];
static FILE *real_stderr;

FILE *mh_err(void)
{
    return real_stderr ? real_stderr : stderr;
}

static int temp_file(char *path, size_t n, const char *what)
{
    snprintf(path, n, "/tmp/ustor-%s-XXXXXX", what);
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp %s", path);
    return fd;
}

void mh_capture_start(void)
{
    trace_fd = temp_file(trace_path, sizeof trace_path, "trace");
    CHECK_OK(ustor_log_open_trace(trace_path));
    err_fd = temp_file(err_path, sizeof err_path, "stderr");
    fflush(stderr);
    real_stderr = fdopen(dup(2), "w");
    CHECK(real_stderr != NULL, "dup stderr");
    setvbuf(real_stderr, NULL, _IONBF, 0);
    CHECK(dup2(err_fd, 2) == 2, "dup2 stderr");
    unlink(trace_path);
    unlink(err_path);
}

static const char *take(int fd)
{
    static char text[2][1 << 20];
    static int which;
    char *t = text[which ^= 1];
    ssize_t n = pread(fd, t, sizeof text[0] - 1, 0);
    t[n > 0 ? n : 0] = '\0';
    CHECK(ftruncate(fd, 0) == 0, "ftruncate");
    lseek(fd, 0, SEEK_SET);   /* stderr shares this offset: write from the start again */
    return t;
}

const char *mh_trace_take(void)
{
    return take(trace_fd);
}

const char *mh_stderr_take(void)
{
    return take(err_fd);
}

int mh_count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

bool mh_has(const char *text, const char *needle)
{
    return strstr(text, needle) != NULL;
}

bool mh_names_miniport_code(const char *text)
{
    /* Symbolised form: "from memmp_call+0x48c in /path/memmp.so". */
    const char *in = strstr(text, " in ");
    if (in && strstr(in, "memmp.so"))
        return true;
    for (const char *p = text; (p = strstr(p, "0x")) != NULL; p += 2) {
        Dl_info info;
        void *addr = (void *)(uintptr_t)strtoull(p, NULL, 16);
        if (dladdr(addr, &info) && info.dli_fname && strstr(info.dli_fname, "memmp.so"))
            return true;
    }
    return false;
}
