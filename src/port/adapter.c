/*
 * The adapter lifecycle: add (find, initialize, enumerate), stop, restart, surprise
 * removal and removal. One lifecycle operation runs at a time (adapter->life); each
 * leaves no request behind: stop drains, surprise removal completes what the miniport
 * does not, removal drains then tears down. See docs/architecture.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "common/log.h"
#include "platform/dma_space.h"
#include "port/exec.h"
#include "port/port_internal.h"
#include "port/registry_notify.h"
#include "port/service_irp.h"

#define EXT_HEADER_BYTES 64
#define DRAIN_POLL_MS 20

struct ustor_adapter *port_adapter_from_ext(const void *ext, const char *who)
{
    if (!ext) {
        ulog_guest(ULOG_WARN, "%s: NULL device extension", who);
        return NULL;
    }
    const struct port_ext_header *h = (const void *)((const char *)ext - sizeof *h);
    if (h->magic != PORT_EXT_MAGIC) {
        ulog_guest(ULOG_WARN, "%s: %p is not a device extension the port gave out", who, ext);
        return NULL;
    }
    return h->adapter;
}

/* ---- draining ---- */

int port_drain(struct ustor_adapter *a, uint64_t deadline_ns)
{
    int rc = 0;
    pthread_mutex_lock(&a->qlock);
    /* seq_cst, paired with port_adapter_unref: either it sees draining or we see refs 0 */
    atomic_store(&a->draining, true);
    while (a->outstanding || atomic_load(&a->refs)) {
        if (deadline_ns && port_now_ns() >= deadline_ns) {
            rc = -ETIMEDOUT;
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += DRAIN_POLL_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&a->drained, &a->qlock, &ts);
    }
    atomic_store(&a->draining, false);
    pthread_mutex_unlock(&a->qlock);
    return rc;
}

/* Lifecycle calls wait for requests; from a completion callback they would wait for
 * themselves. */
static int lifecycle_check(struct ustor_adapter *a, const char *what)
{
    if (!a)
        return ustor_error_fail(-EINVAL, "%s: no adapter", what);
    if (port_in_context())
        return ustor_error_fail(-EDEADLK, "%s: called from a completion callback", what);
    return 0;
}

static void hold(struct ustor_adapter *a, int delta)
{
    pthread_mutex_lock(&a->qlock);
    a->held += delta;
    pthread_mutex_unlock(&a->qlock);
}

/* ---- creation ---- */

static const struct port_init_data *pick_init(struct ustor_driver *d, const struct ustor_device_desc *dev)
{
    for (unsigned i = 0; i < d->n_init; i++) {
        const HW_INITIALIZATION_DATA *hw = &d->init[i].hw;
        if (dev && (ULONG)hw->AdapterInterfaceType == dev->interface_type)
            return &d->init[i];
        if (!dev && (d->init[i].virtual_layout || hw->AdapterInterfaceType == Internal))
            return &d->init[i];
    }
    return d->n_init ? &d->init[0] : NULL;
}

static int ext_alloc(struct ustor_adapter *a)
{
    size_t bytes = EXT_HEADER_BYTES + (a->hw->DeviceExtensionSize ? a->hw->DeviceExtensionSize : 8);
    a->ext_block = port_dma_alloc(a->host, bytes, DMA_KIND_DEVICE_EXTENSION, a, "device extension");
    if (!a->ext_block)
        return -ENOMEM;
    a->devext = (char *)a->ext_block + EXT_HEADER_BYTES;
    struct port_ext_header *h = (void *)((char *)a->devext - sizeof *h);
    h->magic = PORT_EXT_MAGIC;
    h->adapter = a;
    return 0;
}

static void adapter_locks_init(struct ustor_adapter *a)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&a->drained, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&a->qlock, NULL);
    pthread_mutex_init(&a->life, NULL);
    for (unsigned i = 0; i < PORT_MAX_CHANNELS; i++)
        pthread_mutex_init(&a->channel_lock[i], NULL);
}

static void adapter_free(struct ustor_adapter *a)
{
    if (port_hwstate_destroy)
        port_hwstate_destroy(a);   /* windows mapped, power and redirection state */
    port_exec_adapter_fini(a);
    if (port_memory_fini)
        port_memory_fini(a);   /* reports what the miniport left allocated */
    if (port_general_fini)
        port_general_fini(a);
    port_service_irps_fini(a);
    port_regnotify_fini(a);
    port_slots_destroy(a);
    port_units_free(a);
    if (a->ext_block)
        port_dma_free(a->host, a->ext_block);
    for (unsigned i = 0; i < PORT_MAX_CHANNELS; i++)
        pthread_mutex_destroy(&a->channel_lock[i]);
    pthread_mutex_destroy(&a->qlock);
    pthread_mutex_destroy(&a->life);
    pthread_cond_destroy(&a->drained);
    free(a->ranges);
    free(a->argument_string);
    free(a);
}

static struct ustor_adapter *adapter_new(struct ustor_driver *d, const struct ustor_adapter_options *o)
{
    struct ustor_adapter *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->host = d->host;
    a->driver = d;
    a->has_device = o && o->device;
    if (a->has_device)
        a->device = *o->device;
    a->is_virtual = !a->has_device;
    a->init = pick_init(d, a->has_device ? &a->device : NULL);
    a->hw = &a->init->hw;
    if (o && o->argument_string)
        a->argument_string = strdup(o->argument_string);
    if (o) {
        a->lun_event = o->lun_event;
        a->lun_event_ctx = o->ctx;
    }
    pthread_mutex_lock(&d->host->lock);
    a->port_number = d->host->next_port_number++;
    pthread_mutex_unlock(&d->host->lock);
    snprintf(a->name, sizeof a->name, "%s%u", d->name, a->port_number);
    atomic_init(&a->state, ADAPTER_NEW);
    adapter_locks_init(a);
    return a;
}

static void host_link(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->host->lock);
    a->next = a->host->adapters;
    a->host->adapters = a;
    pthread_mutex_unlock(&a->host->lock);
}

static void host_unlink(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->host->lock);
    for (struct ustor_adapter **p = &a->host->adapters; *p; p = &(*p)->next)
        if (*p == a) {
            *p = a->next;
            break;
        }
    pthread_mutex_unlock(&a->host->lock);
}

/* Everything up to a running miniport; on failure the caller frees. */
static int adapter_bring_up(struct ustor_adapter *a)
{
    int rc = ext_alloc(a);
    if (rc == 0)
        rc = port_service_irps_init(a);
    if (rc == 0 && port_memory_init)
        rc = port_memory_init(a);
    if (rc == 0 && port_hwstate_create)
        rc = port_hwstate_create(a);
    if (rc == 0)
        rc = port_config_ranges_alloc(a);
    if (rc == 0)
        rc = port_exec_adapter_init(a);
    if (rc < 0)
        return ustor_error_fail(rc, "%s: out of memory", a->name);
    atomic_store(&a->state, ADAPTER_STARTING);
    rc = port_adapter_find_and_init(a, false);
    if (rc < 0)
        return rc;
    if ((rc = port_slots_create(a)) < 0)
        return ustor_error_fail(rc, "%s: request slots: out of memory", a->name);
    if ((rc = port_exec_connect_interrupts(a)) < 0)
        return ustor_error_fail(rc, "%s: cannot connect the interrupt", a->name);
    if ((rc = port_service_start(a)) < 0)
        return ustor_error_fail(rc, "%s: cannot start the service thread", a->name);
    if ((rc = port_adapter_initialize(a)) < 0)
        return rc;
    port_query_control_types(a);
    atomic_store(&a->state, ADAPTER_STARTED);
    return 0;
}

static void adapter_tear_down(struct ustor_adapter *a);

USTOR_API int ustor_adapter_add(struct ustor_driver *driver, const struct ustor_adapter_options *opts,
                                struct ustor_adapter **out)
{
    if (!driver || !out)
        return ustor_error_fail(-EINVAL, "ustor_adapter_add: missing argument");
    if (!driver->n_init)
        return ustor_error_fail(-EINVAL, "%s: no StorPortInitialize data", driver->name);
    struct ustor_adapter *a = adapter_new(driver, opts);
    if (!a)
        return ustor_error_fail(-ENOMEM, "ustor_adapter_add: out of memory");
    int rc = port_general_init ? port_general_init(a, opts) : 0;
    if (rc == 0 && (rc = port_regnotify_init(a, opts)) < 0)
        ustor_error_set("ustor_adapter_add: out of memory");
    if (rc == 0)
        rc = adapter_bring_up(a);
    if (rc < 0) {
        char msg[USTOR_ERROR_MAX];
        snprintf(msg, sizeof msg, "%s", ustor_error_message());
        adapter_tear_down(a);
        ustor_error_set("%s", msg);
        return rc;
    }
    host_link(a);
    port_enumerate(a);
    *out = a;
    return 0;
}

/* ---- stop and restart ---- */

static void flush_units(struct ustor_adapter *a)
{
    for (struct ustor_lun *u = port_units_head(a); u; u = u->all_next) {
        if (atomic_load(&u->state) != UNIT_PRESENT)
            continue;
        struct ustor_scsi_request req = {.function = SRB_FUNCTION_FLUSH};
        port_execute_direct(u, &req);
    }
}

USTOR_API int ustor_adapter_stop(struct ustor_adapter *a)
{
    int rc0 = lifecycle_check(a, "ustor_adapter_stop");
    if (rc0 < 0)
        return rc0;
    pthread_mutex_lock(&a->life);
    int rc = 0;
    if (atomic_load(&a->state) != ADAPTER_STARTED) {
        rc = ustor_error_fail(-EINVAL, "%s: not started", a->name);
        goto out;
    }
    atomic_store(&a->state, ADAPTER_STOPPING);
    hold(a, +1);
    port_drain(a, 0);
    flush_units(a);
    port_adapter_control(a, ScsiStopAdapter, NULL);
    atomic_store(&a->state, ADAPTER_STOPPED);
out:
    pthread_mutex_unlock(&a->life);
    return rc;
}

static int restart_by_find(struct ustor_adapter *a)
{
    uint32_t ext = a->srbext_size;
    int rc = port_adapter_find_and_init(a, true);
    if (rc == 0 && a->srbext_size > ext)
        rc = ustor_error_fail(-EINVAL, "%s: SrbExtensionSize grew on restart", a->name);
    if (rc == 0)
        rc = port_adapter_initialize(a);
    return rc;
}

USTOR_API int ustor_adapter_restart(struct ustor_adapter *a)
{
    int rc0 = lifecycle_check(a, "ustor_adapter_restart");
    if (rc0 < 0)
        return rc0;
    pthread_mutex_lock(&a->life);
    int rc = 0;
    if (atomic_load(&a->state) != ADAPTER_STOPPED) {
        rc = ustor_error_fail(-EINVAL, "%s: not stopped", a->name);
        goto out;
    }
    atomic_store(&a->state, ADAPTER_STARTING);
    if (port_adapter_supports(a, ScsiRestartAdapter))
        rc = port_adapter_control(a, ScsiRestartAdapter, NULL) < 0
                 ? ustor_error_fail(-EIO, "%s: ScsiRestartAdapter failed", a->name) : 0;
    else
        rc = restart_by_find(a);
    atomic_store(&a->state, rc == 0 ? ADAPTER_STARTED : ADAPTER_STOPPED);
    if (rc == 0) {
        hold(a, -1);
        port_kick(a);
    }
out:
    pthread_mutex_unlock(&a->life);
    return rc;
}

/* ---- surprise removal ---- */

/* Completes every request the miniport still has, until none is outstanding. */
static void complete_outstanding(struct ustor_adapter *a, UCHAR status)
{
    for (;;) {
        port_fail_waiting(a, NULL, status);
        for (uint32_t i = 0; i < a->n_slots; i++)
            port_complete_by_port(&a->slots[i], status);
        port_orphans_run(a);
        if (port_drain(a, port_now_ns() + DRAIN_POLL_MS * 1000000ull) == 0)
            return;
    }
}

static void units_surprise_removed(struct ustor_adapter *a)
{
    for (struct ustor_lun *u = port_units_head(a); u; u = u->all_next)
        if (atomic_load(&u->state) == UNIT_PRESENT)
            port_unit_control(a, u, ScsiUnitSurpriseRemoval);
}

USTOR_API int ustor_adapter_surprise_remove(struct ustor_adapter *a)
{
    int rc0 = lifecycle_check(a, "ustor_adapter_surprise_remove");
    if (rc0 < 0)
        return rc0;
    pthread_mutex_lock(&a->life);
    int st = atomic_load(&a->state), rc = 0;
    if (st == ADAPTER_SURPRISE_REMOVED || st == ADAPTER_REMOVING) {
        rc = ustor_error_fail(-EINVAL, "%s: already removed", a->name);
        goto out;
    }
    atomic_store(&a->state, ADAPTER_SURPRISE_REMOVED);
    hold(a, +1);
    port_adapter_control(a, ScsiAdapterSurpriseRemoval, NULL);
    units_surprise_removed(a);
    complete_outstanding(a, SRB_STATUS_NO_DEVICE);
out:
    pthread_mutex_unlock(&a->life);
    return rc;
}

/* ---- removal ---- */

static void units_removed(struct ustor_adapter *a)
{
    for (struct ustor_lun *u = port_units_head(a); u; u = u->all_next)
        if (atomic_load(&u->state) == UNIT_PRESENT)
            port_unit_remove(a, u);
}

/* Storport announces the adapter's removal with an adapter PnP SRB before ScsiStopAdapter
 * (StorAHCI and nvmewin release their memory there). Adapter requests carry no address;
 * it travels on (0,0,0), the unit enumeration always probes first. */
static void adapter_pnp_remove(struct ustor_adapter *a)
{
    struct ustor_lun *u = port_unit_find(a, 0, 0, 0);
    struct ustor_scsi_request req = {.function = SRB_FUNCTION_PNP, .pnp_action = StorRemoveDevice,
                                     .function_flags = SRB_PNP_FLAGS_ADAPTER_REQUEST};
    if (u)
        port_execute_direct(u, &req);   /* a miniport may refuse it: nothing to undo */
}

static void free_resources(struct ustor_adapter *a)
{
    port_service_irps_finish(a);   /* what HwCompleteServiceIrp left pending */
    if (a->is_virtual && a->hw->HwFreeAdapterResources) {
        struct exec_callframe f;
        exec_call_begin(&f, "HwFreeAdapterResources", (const void *)a->hw->HwFreeAdapterResources);
        a->hw->HwFreeAdapterResources(a->devext);
        exec_call_end(&f);
    }
}

/* After a failed add, or at the end of a removal. */
static void adapter_tear_down(struct ustor_adapter *a)
{
    port_service_stop(a);
    port_exec_adapter_quiesce(a);
    port_timers_workers_free(a);
    port_exec_disconnect_interrupts(a);
    port_drain(a, 0);
    adapter_free(a);
}

USTOR_API int ustor_adapter_remove(struct ustor_adapter *a)
{
    int rc0 = lifecycle_check(a, "ustor_adapter_remove");
    if (rc0 < 0)
        return rc0;
    pthread_mutex_lock(&a->life);
    int st = atomic_load(&a->state);
    if (st == ADAPTER_STARTED) {
        hold(a, +1);
        port_drain(a, 0);
        flush_units(a);
    }
    units_removed(a);
    if (st == ADAPTER_STARTED) {
        adapter_pnp_remove(a);
        port_adapter_control(a, ScsiStopAdapter, NULL);
    }
    atomic_store(&a->state, ADAPTER_REMOVING);
    complete_outstanding(a, SRB_STATUS_NO_DEVICE);
    port_service_irps_cancel(a);   /* HwCompleteServiceIrp while DPCs and timers still run */
    port_service_stop(a);
    port_exec_adapter_quiesce(a);
    port_timers_workers_free(a);
    free_resources(a);
    pthread_mutex_unlock(&a->life);
    host_unlink(a);
    adapter_tear_down(a);
    return 0;
}

USTOR_API int ustor_adapter_rescan(struct ustor_adapter *a)
{
    if (!a)
        return ustor_error_fail(-EINVAL, "ustor_adapter_rescan: no adapter");
    if (atomic_load(&a->state) != ADAPTER_STARTED)
        return ustor_error_fail(-EINVAL, "%s: not started", a->name);
    return port_rescan_wait(a);
}

USTOR_API int ustor_adapter_get_stats(struct ustor_adapter *a, struct ustor_adapter_stats *st)
{
    if (!a || !st)
        return ustor_error_fail(-EINVAL, "ustor_adapter_get_stats: missing argument");
    memset(st, 0, sizeof *st);
    st->submitted = atomic_load(&a->n_submitted);
    st->completed = atomic_load(&a->n_completed);
    st->timed_out = atomic_load(&a->n_timed_out);
    st->busy_retries = atomic_load(&a->n_busy_retries);
    st->late_completions = atomic_load(&a->n_late);
    st->bad_completions = atomic_load(&a->n_bad_completions);
    pthread_mutex_lock(&a->qlock);
    for (uint32_t i = 0; a->slots && i < a->n_slots; i++)
        st->started += atomic_load_explicit(&a->slots[i].starts, memory_order_relaxed);
    st->outstanding = a->outstanding;
    st->waiting = a->waiting;
    st->slots_free = a->free_count;
    st->slots_total = a->n_slots;
    pthread_mutex_unlock(&a->qlock);
    return 0;
}
