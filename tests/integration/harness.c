/* The integration tests' shared helpers (see harness.h). */
#include "harness.h"

#include <dlfcn.h>
#include <string.h>
#include <time.h>

struct tmp_control *harness_tmp(void)
{
    void *h = dlopen(TMP_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", TMP_MINIPORT, dlerror());
    struct tmp_control *t = dlsym(h, "tmp");
    CHECK(t != NULL, "no tmp control block in %s", TMP_MINIPORT);
    return t;
}

struct ustor_host *harness_host(void)
{
    struct ustor_host_options o = {.size = sizeof o, .busy_pause_ms = 5, .default_timeout = 5};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    return h;
}

struct ustor_driver *harness_load(struct ustor_host *host)
{
    struct ustor_driver *d = NULL;
    CHECK_OK(ustor_driver_load(host, TMP_MINIPORT, &d));
    return d;
}

struct ustor_adapter *harness_virtual_adapter(struct ustor_driver *d)
{
    struct ustor_adapter_options o = {.size = sizeof o};
    struct ustor_adapter *a = NULL;
    CHECK_OK(ustor_adapter_add(d, &o, &a));
    return a;
}

int32_t harness_read(const int32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

int harness_event_index(const struct tmp_control *t, int ev, int nth)
{
    int n = harness_read(&t->nevents);
    for (int i = 0; i < n && i < TMP_MAX_EVENTS; i++)
        if (harness_read(&t->events[i]) == ev && nth-- == 0)
            return i;
    return -1;
}

int harness_event_count(const struct tmp_control *t, int ev)
{
    int n = harness_read(&t->nevents), c = 0;
    for (int i = 0; i < n && i < TMP_MAX_EVENTS; i++)
        c += harness_read(&t->events[i]) == ev;
    return c;
}

void harness_cdb_tur(struct ustor_scsi_request *r)
{
    memset(r->cdb, 0, sizeof r->cdb);
    r->cdb_length = 6;
    r->direction = USTOR_DATA_NONE;
}

void harness_cdb_read10(struct ustor_scsi_request *r, uint32_t lba, uint16_t blocks, void *buf)
{
    memset(r->cdb, 0, sizeof r->cdb);
    r->cdb_length = 10;
    r->cdb[0] = 0x28;
    r->cdb[2] = (uint8_t)(lba >> 24);
    r->cdb[3] = (uint8_t)(lba >> 16);
    r->cdb[4] = (uint8_t)(lba >> 8);
    r->cdb[5] = (uint8_t)lba;
    r->cdb[7] = (uint8_t)(blocks >> 8);
    r->cdb[8] = (uint8_t)blocks;
    r->direction = USTOR_DATA_IN;
    r->data = buf;
    r->data_length = (uint32_t)blocks * 512u;
}

void tracker_done(struct ustor_scsi_request *req)
{
    struct tracked *t = (struct tracked *)req;
    if (atomic_fetch_add(&t->completions, 1) > 0)
        atomic_fetch_add(&t->tr->twice, 1);
    if (req->result == 0)
        atomic_fetch_add(&t->tr->ok, 1);
    else
        atomic_fetch_add(&t->tr->failed, 1);
    atomic_fetch_add(&t->tr->done, 1);
}

void tracked_tur(struct tracked *t, struct tracker *tr)
{
    memset(t, 0, sizeof *t);
    harness_cdb_tur(&t->req);
    t->tr = tr;
    t->req.done = tracker_done;
}

bool tracker_wait(struct tracker *tr, uint64_t n, unsigned max_seconds)
{
    struct timespec ts = {0, 1000000};
    for (uint64_t polls = 0; polls < (uint64_t)max_seconds * 1000; polls++) {
        if (atomic_load(&tr->done) >= n)
            return true;
        nanosleep(&ts, NULL);
    }
    return atomic_load(&tr->done) >= n;
}

static void *miniport_symbol(const char *name)
{
    void *h = dlopen(TMP_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL, "dlopen %s: %s", TMP_MINIPORT, dlerror());
    void *sym = dlsym(h, name);
    CHECK(sym != NULL, "no %s in %s", name, TMP_MINIPORT);
    return sym;
}

int64_t harness_call(int op, int64_t a, int64_t b, int64_t c, int64_t d)
{
    static tmp_call_fn *fn;
    if (!fn)
        fn = (tmp_call_fn *)miniport_symbol("tmp_call");
    return fn(op, a, b, c, d);
}

int harness_release_all(void)
{
    static tmp_release_fn *fn;
    if (!fn)
        fn = (tmp_release_fn *)miniport_symbol("tmp_release_all");
    return fn();
}

bool harness_wait_value(const int32_t *p, int32_t want, unsigned max_seconds)
{
    struct timespec ts = {0, 1000000};
    for (uint64_t polls = 0; polls < (uint64_t)max_seconds * 1000; polls++) {
        if (harness_read(p) == want)
            return true;
        nanosleep(&ts, NULL);
    }
    return harness_read(p) == want;
}

static struct ustor_adapter *_Atomic doorbell_adapter;

static void doorbell(void *ctx)
{
    struct tmp_control *t = ctx;
    struct ustor_adapter *a = atomic_load(&doorbell_adapter);
    if (a && t->doorbell_inline)
        ustor_adapter_interrupt(a, 0);
    else if (a)
        ustor_adapter_interrupt_post(a, 0);
}

struct ustor_adapter *harness_physical_adapter(struct ustor_driver *d, struct tmp_control *t)
{
    return harness_physical_adapter_msi(d, t, 1);
}

struct ustor_adapter *harness_physical_adapter_msi(struct ustor_driver *d, struct tmp_control *t,
                                                   uint32_t messages)
{
    const struct ustor_device_desc dev = {
        .interface_type = 5,   /* PCIBus */
        .n_ranges = 1,
        .ranges = {{.start = 0xFEB00000u, .length = 0x4000, .in_memory = true}},
        .interrupt_messages = messages,
        .interrupt_vector = 0x40,
    };
    struct ustor_adapter_options o = {.size = sizeof o, .device = &dev};
    struct ustor_adapter *a = NULL;
    t->doorbell = doorbell;
    t->doorbell_ctx = t;
    CHECK_OK(ustor_adapter_add(d, &o, &a));
    atomic_store(&doorbell_adapter, a);
    return a;
}
