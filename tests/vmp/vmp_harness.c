/* The shared helpers of the vmp tests (vmp_harness.h). */
#include "vmp_harness.h"

#include <dlfcn.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void *miniport_handle(void)
{
    static void *h;
    if (!h)
        h = dlopen(VMP_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", VMP_MINIPORT, dlerror());
    return h;
}

struct vmp_control *vmp_ctl(void)
{
    struct vmp_control *c = dlsym(miniport_handle(), "vmp");
    CHECK(c != NULL, "no vmp control block in %s", VMP_MINIPORT);
    return c;
}

struct ustor_host *vmp_host(void)
{
    struct ustor_host_options o = {.size = sizeof o, .default_timeout = 5, .busy_pause_ms = 5};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    return h;
}

struct ustor_driver *vmp_load(struct ustor_host *host)
{
    struct ustor_driver *d = NULL;
    vmp_ctl();
    CHECK_OK(ustor_driver_load(host, VMP_MINIPORT, &d));
    return d;
}

struct ustor_driver *vmp_load_registry(struct ustor_host *host, const char *registry)
{
    struct ustor_driver_options o = {.size = sizeof o, .registry_path = registry};
    struct ustor_driver *d = NULL;
    vmp_ctl();
    CHECK_OK(ustor_driver_load_opts(host, VMP_MINIPORT, &o, &d));
    return d;
}

struct ustor_adapter *vmp_adapter_registry(struct ustor_driver *d, const char *registry)
{
    struct ustor_adapter_options o = {.size = sizeof o, .registry_path = registry};
    struct ustor_adapter *a = NULL;
    CHECK_OK(ustor_adapter_add(d, &o, &a));
    return a;
}

struct ustor_adapter *vmp_adapter(struct ustor_driver *d)
{
    return vmp_adapter_registry(d, NULL);
}

void vmp_write_file(const char *path, const char *text)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    CHECK(f != NULL, "create %s", tmp);
    CHECK(fputs(text, f) >= 0 && fclose(f) == 0, "write %s", tmp);
    CHECK(rename(tmp, path) == 0, "rename to %s", path);
}

const char *vmp_scratch_file(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s-%d.reg", USTOR_TEST_BINARY_DIR, name, (int)getpid());
    return buf;
}

int64_t vmp_do(int op, int64_t a, int64_t b, int64_t c)
{
    vmp_call_fn *fn = (vmp_call_fn *)dlsym(miniport_handle(), "vmp_call");
    CHECK(fn != NULL, "no vmp_call in %s", VMP_MINIPORT);
    return fn(op, a, b, c);
}

int32_t vmp_read(const int32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

bool vmp_wait_value(const int32_t *p, int32_t want, unsigned max_seconds)
{
    for (unsigned i = 0; i < max_seconds * 1000u; i++) {
        if (vmp_read(p) == want)
            return true;
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    return vmp_read(p) == want;
}

int vmp_event_count(int ev)
{
    struct vmp_control *c = vmp_ctl();
    int n = vmp_read(&c->nevents), k = 0;
    for (int i = 0; i < n && i < VMP_MAX_EVENTS; i++)
        k += vmp_read(&c->events[i]) == ev;
    return k;
}

int vmp_event_index(int ev, int nth)
{
    struct vmp_control *c = vmp_ctl();
    int n = vmp_read(&c->nevents);
    for (int i = 0; i < n && i < VMP_MAX_EVENTS; i++)
        if (vmp_read(&c->events[i]) == ev && nth-- == 0)
            return i;
    return -1;
}

const char *vmp_module_name(void)
{
    const char *slash = strrchr(VMP_MINIPORT, '/');
    return slash ? slash + 1 : VMP_MINIPORT;
}
