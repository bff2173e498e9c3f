/* The hardware-facing tests' shared helpers (hwtest.h). */
#include "hwtest.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>

static void *hwmp_handle(void)
{
    static void *h;
    if (!h)
        h = dlopen(HWMP_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", HWMP_MINIPORT, dlerror());
    return h;
}

void hwt_quiet(void)
{
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    CHECK(fd >= 0, "/dev/null");
    ustor_log_set_text_fd(fd);
}

struct hwmp_control *hwt_control(void)
{
    struct hwmp_control *c = dlsym(hwmp_handle(), "hwmp");
    CHECK(c != NULL, "no hwmp control block");
    memset(c, 0, sizeof *c);
    c->unit_attributes = -1;
    return c;
}

struct hwmp_control *hwt_control_peek(void)
{
    struct hwmp_control *c = dlsym(hwmp_handle(), "hwmp");
    CHECK(c != NULL, "no hwmp control block");
    return c;
}

int64_t hwt_call(int op, int64_t a, int64_t b, int64_t c, int64_t d)
{
    static hwmp_call_fn *fn;
    if (!fn)
        fn = (hwmp_call_fn *)dlsym(hwmp_handle(), "hwmp_call");
    CHECK(fn != NULL, "no hwmp_call");
    return fn(op, a, b, c, d);
}

void hwt_start(struct hwt *t, const struct testdev_config *cfg)
{
    struct testdev_config none = {0};
    memset(t, 0, sizeof *t);
    CHECK_OK(testdev_create(cfg ? cfg : &none, &t->dev));
    t->host = harness_host();
    CHECK_OK(ustor_driver_load(t->host, HWMP_MINIPORT, &t->driver));
    struct ustor_adapter_options o = {.size = sizeof o, .device = testdev_desc(t->dev)};
    CHECK_OK(ustor_adapter_add(t->driver, &o, &t->adapter));
    t->lun = ustor_adapter_lun(t->adapter, 0, 0, 0);
    CHECK(t->lun != NULL, "no unit (0,0,0)");
}

void hwt_stop(struct hwt *t)
{
    if (t->adapter)
        CHECK_OK(ustor_adapter_remove(t->adapter));
    ustor_host_destroy(t->host);
    testdev_destroy(t->dev);
    memset(t, 0, sizeof *t);
}

static const struct hwmp_event *nth_event(int kind, int type, int *count)
{
    struct hwmp_control *c = hwt_control_peek();
    int n = __atomic_load_n(&c->nevents, __ATOMIC_ACQUIRE);
    const struct hwmp_event *last = NULL;
    *count = 0;
    for (int i = 0; i < n && i < HWMP_MAX_EVENTS; i++) {
        const struct hwmp_event *e = &c->events[i];
        if (__atomic_load_n(&e->kind, __ATOMIC_ACQUIRE) == kind && e->type == type) {
            ++*count;
            last = e;
        }
    }
    return last;
}

int hwt_event_count(int kind, int type)
{
    int n;
    nth_event(kind, type, &n);
    return n;
}

const struct hwmp_event *hwt_event_last(int kind, int type)
{
    int n;
    return nth_event(kind, type, &n);
}

bool hwt_event_wait(int kind, int type, int n, unsigned max_seconds)
{
    struct timespec ts = {0, 1000000};
    for (unsigned polls = 0; polls < max_seconds * 1000u; polls++) {
        if (hwt_event_count(kind, type) >= n)
            return true;
        nanosleep(&ts, NULL);
    }
    return hwt_event_count(kind, type) >= n;
}

int hwt_read(struct hwt *t, uint32_t lba, struct hwmp_read_info *info)
{
    void *buf = ustor_buffer_alloc(t->host, 512);
    CHECK(buf != NULL, "buffer");
    struct ustor_scsi_request r = {0};
    harness_cdb_read10(&r, lba, 1, buf);
    int rc = ustor_lun_execute(t->lun, &r);
    memcpy(info, buf, sizeof *info);
    ustor_buffer_free(t->host, buf);
    return rc;
}
