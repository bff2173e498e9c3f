/*
 * The request engine's hot path: a caller's request is checked, admitted to a
 * preallocated slot (or queued on its unit), built into an SRB and dispatched:
 * HwBuildIo at DISPATCH with no lock (physical miniports only; FALSE means the
 * miniport completed it), then HwStartIo under the lock the synchronization model
 * demands (see port_lock_startio). Nothing on this path allocates or copies data.
 * Also here: the slots themselves, made when the adapter starts.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "platform/dma_space.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define PAGE_BYTES 4096u
#define MAX_SLOTS 4096u
#define MAX_SG_ELEMENTS 1025u

/* ---- slots ---- */

static size_t round_up(size_t n, size_t a)
{
    return (n + a - 1) & ~(a - 1);
}

static uint32_t slot_count(const struct ustor_adapter *a)
{
    uint32_t n = a->config.MaxNumberOfIO;
    if (!n || n == SP_UNINITIALIZED_VALUE)
        n = 1000;
    return n > MAX_SLOTS ? MAX_SLOTS : n;
}

static int slot_memory_create(struct ustor_adapter *a, size_t ext_stride)
{
    size_t bytes = (ext_stride + PORT_SENSE_BYTES) * a->n_slots;
    a->slot_memory = port_dma_alloc(a->host, bytes, DMA_KIND_SRB_EXTENSION, a, "SRB extensions");
    if (!a->slot_memory)
        return -ENOMEM;
    size_t sg_bytes = sizeof(STOR_SCATTER_GATHER_LIST) +
                      a->max_sg * sizeof(STOR_SCATTER_GATHER_ELEMENT);
    a->sg_memory = calloc(a->n_slots, sg_bytes);
    if (!a->sg_memory)
        return -ENOMEM;
    unsigned char *ext = a->slot_memory, *sense = ext + ext_stride * a->n_slots;
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *s = &a->slots[i];
        s->srb_extension = a->srbext_size ? ext + ext_stride * i : NULL;
        s->sense = sense + PORT_SENSE_BYTES * i;
        s->sg = (STOR_SCATTER_GATHER_LIST *)(void *)((unsigned char *)a->sg_memory + sg_bytes * i);
    }
    return 0;
}

int port_slots_create(struct ustor_adapter *a)
{
    a->n_slots = slot_count(a);
    uint32_t breaks = a->config.NumberOfPhysicalBreaks;
    a->max_sg = breaks == SP_UNINITIALIZED_VALUE || breaks >= MAX_SG_ELEMENTS ? MAX_SG_ELEMENTS
                                                                               : breaks + 1;
    a->slots = aligned_alloc(64, round_up(sizeof(struct ustor_request) * a->n_slots, 64));
    if (!a->slots)
        return -ENOMEM;
    memset(a->slots, 0, sizeof(struct ustor_request) * a->n_slots);
    int rc = slot_memory_create(a, round_up(a->srbext_size, 16));
    if (rc < 0)
        return rc;
    a->free_slots = NULL;
    for (uint32_t i = a->n_slots; i-- > 0;) {
        struct ustor_request *s = &a->slots[i];
        s->index = i;
        s->adapter = a;
        atomic_init(&s->state, SLOT_FREE);
        s->next = a->free_slots;
        a->free_slots = s;
    }
    a->free_count = a->n_slots;
    return 0;
}

void port_slots_destroy(struct ustor_adapter *a)
{
    if (a->slot_memory)
        port_dma_free(a->host, a->slot_memory);
    free(a->sg_memory);
    free(a->slots);
    a->slot_memory = a->sg_memory = NULL;
    a->slots = NULL;
    a->free_slots = NULL;
    a->n_slots = a->free_count = 0;
}

struct ustor_request *port_slot_from_srb(struct ustor_adapter *a, const void *srb)
{
    uintptr_t p = (uintptr_t)srb, base = (uintptr_t)a->slots;
    if (!srb || !a->slots || p < base)
        return NULL;
    uintptr_t off = p - base;
    if (off % sizeof(struct ustor_request) || off / sizeof(struct ustor_request) >= a->n_slots)
        return NULL;
    return &a->slots[off / sizeof(struct ustor_request)];
}

/* ---- dispatch ---- */

/* HwStartIo in a call frame: returning with a lock held or at another IRQL is
 * reported and repaired by the execution engine. */
static void startio_framed(struct ustor_adapter *a, PSCSI_REQUEST_BLOCK srb)
{
    struct exec_callframe f;
    exec_call_begin(&f, "HwStartIo", (const void *)a->hw->HwStartIo);
    a->hw->HwStartIo(a->devext, srb);
    exec_call_end(&f);
}

static void startio_call(struct ustor_adapter *a, struct ustor_request *slot)
{
    PSCSI_REQUEST_BLOCK srb = slot_srb(slot);
    if (a->is_virtual) {
        startio_framed(a, srb);
        return;
    }
    if (a->channels > 1) {
        int cpu = sched_getcpu();
        /* a local copy: once HwStartIo completes the slot, it may be dispatched again
         * (a busy re-send) and get another channel before this thread unlocks */
        uint8_t channel = (uint8_t)((cpu < 0 ? 0 : (unsigned)cpu) % a->channels);
        slot->channel = channel;
        pthread_mutex_lock(&a->channel_lock[channel]);
        startio_framed(a, srb);
        pthread_mutex_unlock(&a->channel_lock[channel]);
        return;
    }
    STOR_LOCK_HANDLE h;
    port_lock_startio(a, &h);
    startio_framed(a, srb);
    port_unlock_startio(a, &h);
}

static bool buildio_call(struct ustor_adapter *a, struct ustor_request *slot)
{
    struct exec_callframe f;
    exec_call_begin(&f, "HwBuildIo", (const void *)a->hw->HwBuildIo);
    BOOLEAN go = a->hw->HwBuildIo(a->devext, slot_srb(slot));
    exec_call_end(&f);
    return go;
}

void port_dispatch(struct ustor_request *slot)
{
    struct ustor_adapter *a = slot->adapter;
    uint32_t timeout = slot->req->timeout ? slot->req->timeout : a->host->opts.default_timeout;
    /* the dispatching thread owns the slot now: a plain increment, no shared line */
    uint64_t starts = atomic_load_explicit(&slot->starts, memory_order_relaxed) + 1;
    atomic_store_explicit(&slot->starts, starts, memory_order_relaxed);
    /* no clock read here: the service thread's next tick stamps the deadline */
    atomic_store_explicit(&slot->timeout_s, timeout, memory_order_relaxed);
    atomic_store_explicit(&slot->deadline_ns, PORT_DEADLINE_UNSTAMPED | starts,
                          memory_order_release);
    atomic_store_explicit(&slot->state, SLOT_STARTED, memory_order_release);
    port_context_enter();
    KIRQL old = port_raise_irql(DISPATCH_LEVEL);
    slot->cpu = (uint16_t)exec_cpu_current(exec_topology(), NULL);
    bool go = true;
    if (!a->is_virtual && a->hw->HwBuildIo)
        go = buildio_call(a, slot);
    if (go)
        startio_call(a, slot);
    port_lower_irql(old);
    port_context_leave();
}

/* Builds and dispatches a slot just admitted; a request the builder refuses
 * completes with SRB_STATUS_INVALID_REQUEST. */
static void dispatch_new(struct ustor_request *slot)
{
    int rc = port_srb_build(slot);
    if (rc < 0) {
        struct ustor_scsi_request *req = slot->req;
        port_log_debug(slot->adapter, "request refused by the SRB builder: %d", rc);
        port_release(slot, true, false);
        port_complete_caller(req, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    port_dispatch(slot);
}

void port_kick(struct ustor_adapter *a)
{
    for (struct ustor_request *slot; (slot = port_admit_next(a));)
        dispatch_new(slot);
}

/* ---- submission ---- */

static int request_check(struct ustor_lun *u, struct ustor_scsi_request *req)
{
    struct ustor_adapter *a = u->adapter;
    if (!req->done)
        return ustor_error_fail(-EINVAL, "request without a completion callback");
    if (req->data_length && !req->data)
        return ustor_error_fail(-EINVAL, "data_length %u without a data buffer", req->data_length);
    if (req->direction > USTOR_DATA_OUT)
        return ustor_error_fail(-EINVAL, "bad data direction %u", req->direction);
    if (req->function == SRB_FUNCTION_EXECUTE_SCSI && req->cdb_length == 0) {
        if (!a->extended_srb || !req->cdb_var || req->cdb_var_length <= USTOR_CDB_MAX ||
            req->cdb_var_length > PORT_CDB_VAR_MAX)
            return ustor_error_fail(-EINVAL, "a variable CDB of %u bytes is not supported here",
                                    req->cdb_var_length);
    } else if (req->function == SRB_FUNCTION_EXECUTE_SCSI &&
               (req->cdb_length < 6 || req->cdb_length > (a->extended_srb ? USTOR_CDB_MAX : 16))) {
        return ustor_error_fail(-EINVAL, "CDB length %u not supported by this adapter",
                                req->cdb_length);
    }
    uint32_t max = a->config.MaximumTransferLength;
    if (max && max != SP_UNINITIALIZED_VALUE && req->data_length > max)
        return ustor_error_fail(-E2BIG, "%u bytes exceed the adapter's maximum transfer %u",
                                req->data_length, max);
    uintptr_t p = (uintptr_t)req->data;
    if (req->data_length &&
        ((p + req->data_length - 1) / PAGE_BYTES - p / PAGE_BYTES + 1) > a->max_sg)
        return ustor_error_fail(-E2BIG, "buffer spans more pages than the adapter's %u "
                                "scatter/gather elements", a->max_sg);
    if (p & a->config.AlignmentMask)
        return ustor_error_fail(-EINVAL, "buffer %p not aligned to the adapter's mask 0x%x",
                                req->data, a->config.AlignmentMask);
    return 0;
}

static int unit_accepts(struct ustor_lun *u, bool internal)
{
    int st = atomic_load(&u->adapter->state);
    if (st == ADAPTER_SURPRISE_REMOVED || st == ADAPTER_REMOVING || st == ADAPTER_NEW)
        return ustor_error_fail(-ENODEV, "%s: adapter removed", u->adapter->name);
    int us = atomic_load(&u->state);
    if (us == UNIT_GONE || (us == UNIT_PROBING && !internal))
        return ustor_error_fail(-ENODEV, "%s: unit (%u,%u,%u) not present", u->adapter->name,
                                u->path, u->target, u->lun);
    return 0;
}

int port_submit(struct ustor_lun *u, struct ustor_scsi_request *req, bool internal)
{
    int rc = unit_accepts(u, internal);
    if (rc == 0)
        rc = request_check(u, req);
    if (rc < 0)
        return rc;
    struct ustor_adapter *a = u->adapter;
    if (!req->timeout)
        req->timeout = a->host->opts.default_timeout;
    bool queued;
    struct ustor_request *slot = port_admit(u, req, &queued);
    if (slot) {
        slot->internal = internal;
        dispatch_new(slot);
    } else if (queued) {
        port_kick(a);   /* it may start at once, after those waiting before it */
    } else {
        return ustor_error_fail(-ENODEV, "%s: adapter removed", a->name);
    }
    return 0;
}

USTOR_API int ustor_lun_submit(struct ustor_lun *lun, struct ustor_scsi_request *req)
{
    if (!lun || !req)
        return ustor_error_fail(-EINVAL, "ustor_lun_submit: missing argument");
    return port_submit(lun, req, false);
}

/* A request of the port itself while admission is held (the flush before a stop, the
 * reset SRBs after a timeout): it takes a free slot and a tag directly. */
int port_submit_direct(struct ustor_lun *u, struct ustor_scsi_request *req)
{
    struct ustor_adapter *a = u->adapter;
    if (!req->timeout)
        req->timeout = a->host->opts.default_timeout;
    struct ustor_request *slot = port_admit_direct(u, req);
    if (!slot)
        return ustor_error_fail(-EBUSY, "%s: no free slot", a->name);
    slot->internal = true;
    dispatch_new(slot);
    return 0;
}

/* ---- synchronous execution ---- */

struct exec_wait {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;
};

static void exec_done(struct ustor_scsi_request *req)
{
    struct exec_wait *w = req->context;
    pthread_mutex_lock(&w->lock);
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

int port_execute(struct ustor_lun *lun, struct ustor_scsi_request *req, int internal)
{
    if (port_in_context())
        return ustor_error_fail(-EDEADLK, "synchronous request from inside a port context");
    void (*done)(struct ustor_scsi_request *) = req->done;
    void *ctx = req->context;
    struct exec_wait w = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    req->done = exec_done;
    req->context = &w;
    int rc = internal == PORT_DIRECT ? port_submit_direct(lun, req) : port_submit(lun, req, internal);
    if (rc == 0) {
        pthread_mutex_lock(&w.lock);
        while (!w.done)
            pthread_cond_wait(&w.cond, &w.lock);
        pthread_mutex_unlock(&w.lock);
        rc = req->result;
    }
    req->done = done;
    req->context = ctx;
    pthread_mutex_destroy(&w.lock);
    pthread_cond_destroy(&w.cond);
    return rc;
}

int port_execute_direct(struct ustor_lun *lun, struct ustor_scsi_request *req)
{
    return port_execute(lun, req, PORT_DIRECT);
}

USTOR_API int ustor_lun_execute(struct ustor_lun *lun, struct ustor_scsi_request *req)
{
    if (!lun || !req)
        return ustor_error_fail(-EINVAL, "ustor_lun_execute: missing argument");
    return port_execute(lun, req, false);
}
