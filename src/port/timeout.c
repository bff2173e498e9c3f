/*
 * Time-driven request handling, run by the adapter's service thread on each tick:
 *  - busy re-sends: a request completed with SRB_STATUS_BUSY (or QUEUE FULL) goes
 *    back through HwBuildIo/HwStartIo after the busy pause, a bounded number of times;
 *  - timeouts: a request still with the miniport after its TimeOutValue makes the
 *    port hold new I/O and climb Storport's reset ladder, a tier only where the one
 *    below left timed-out requests outstanding: SRB_FUNCTION_RESET_LOGICAL_UNIT to each
 *    unit concerned, SRB_FUNCTION_RESET_DEVICE to each target, each SRB with the host's
 *    reset timeout (a reset SRB kept past it is abandoned like any timed-out request),
 *    then HwResetBus for each bus and the reset hold time. Whatever the ladder left
 *    outstanding completes with SRB_STATUS_TIMEOUT. Those slots are abandoned until the
 *    miniport gives them back (see complete.c).
 *  - ResetDetected from the miniport: new I/O is held for the reset hold time.
 */
#include <time.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define DEFAULT_HOLD_US 4000000u
#define MAX_HOLD_US 30000000u
#define HOLD_POLL_MS 5

static uint64_t hold_ns(const struct ustor_adapter *a)
{
    uint32_t us = a->config.BusResetHoldTime;
    if (!us || us == SP_UNINITIALIZED_VALUE)
        us = DEFAULT_HOLD_US;
    if (us > MAX_HOLD_US)
        us = MAX_HOLD_US;
    return (uint64_t)us * 1000ull;
}

static void admission_hold(struct ustor_adapter *a, int delta)
{
    pthread_mutex_lock(&a->qlock);
    a->held += delta;
    a->resetting = delta > 0;
    pthread_mutex_unlock(&a->qlock);
}

/* Busy re-sends wait out a reset and its hold; a stop's hold does not stop them (the
 * stop drains them). */
static bool resetting(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->qlock);
    bool r = a->resetting || (a->hold_until_ns && port_now_ns() < a->hold_until_ns);
    pthread_mutex_unlock(&a->qlock);
    return r;
}

/* ---- busy re-sends ---- */

void port_retries_run(struct ustor_adapter *a)
{
    if (!a->slots || resetting(a))
        return;
    uint64_t now = port_now_ns();
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (atomic_load_explicit(&slot->state, memory_order_acquire) != SLOT_RETRY ||
            slot->retry_at_ns > now)
            continue;
        int expected = SLOT_RETRY;
        if (!atomic_compare_exchange_strong(&slot->state, &expected, SLOT_BUILDING))
            continue;
        port_log_debug(a, "re-sending busy request tag %u (try %u)", slot->tag,
                       slot->busy_retries);
        port_srb_rebuild(slot);
        port_dispatch(slot);
    }
}

/* ---- reset ---- */

void port_reset_bus(struct ustor_adapter *a, ULONG path)
{
    port_context_enter();
    KIRQL old = port_raise_irql(DISPATCH_LEVEL);
    uint32_t channels = a->channels > 1 ? a->channels : 0;
    for (uint32_t c = 0; c < channels; c++)
        pthread_mutex_lock(&a->channel_lock[c]);
    STOR_LOCK_HANDLE h;
    struct exec_callframe f;
    port_lock_startio(a, &h);
    exec_call_begin(&f, "HwResetBus", (const void *)a->hw->HwResetBus);
    BOOLEAN ok = a->hw->HwResetBus(a->devext, path);
    exec_call_end(&f);
    port_unlock_startio(a, &h);
    for (uint32_t c = channels; c-- > 0;)
        pthread_mutex_unlock(&a->channel_lock[c]);
    port_lower_irql(old);
    port_context_leave();
    if (!ok)
        port_log_info(a, "HwResetBus(%u) returned FALSE", path);
}

void port_reset_hold(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->qlock);
    a->hold_until_ns = port_now_ns() + hold_ns(a);
    pthread_mutex_unlock(&a->qlock);
}

/* Sleeps through the hold while still running completions that need this thread. */
static void hold_wait(struct ustor_adapter *a, uint64_t until)
{
    while (port_now_ns() < until) {
        port_orphans_run(a);
        struct timespec ts = {0, HOLD_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    port_orphans_run(a);
}

/* ---- timeouts ---- */

/* A dispatch leaves the deadline unstamped (with the slot's start serial); the first
 * tick to see it stamps it from a clock read after seeing it, so the hot path reads no
 * clock and no request times out early (found at most two ticks late). The exchange
 * fails if the slot finished or started again meanwhile. */
static void deadline_stamp(struct ustor_request *slot, uint64_t unstamped)
{
    uint64_t timeout = atomic_load_explicit(&slot->timeout_s, memory_order_relaxed);
    uint64_t d = port_now_ns() + timeout * 1000000000ull;
    atomic_compare_exchange_strong(&slot->deadline_ns, &unstamped, d);
}

static bool slot_expired(struct ustor_request *slot, uint64_t t)
{
    if (atomic_load_explicit(&slot->state, memory_order_acquire) != SLOT_STARTED)
        return false;
    uint64_t d = atomic_load_explicit(&slot->deadline_ns, memory_order_acquire);
    if (d & PORT_DEADLINE_UNSTAMPED) {
        deadline_stamp(slot, d);
        return false;
    }
    return d && d <= t;
}

static void expire_after_reset(struct ustor_adapter *a, uint64_t t0)
{
    uint32_t left = 0;
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (!slot_expired(slot, t0))
            continue;
        left++;
        port_complete_by_port(slot, SRB_STATUS_TIMEOUT);
    }
    if (left)
        port_guest(a, "%u request(s) still outstanding at the end of the reset hold; "
                   "completed them with SRB_STATUS_TIMEOUT", left);
}

/* ---- the reset ladder ---- */

#define LADDER_UNITS 64
#define RESET_POLL_MS 2

static bool unit_expired(struct ustor_adapter *a, const struct ustor_lun *u, bool whole_target,
                         uint64_t t0)
{
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (!slot_expired(slot, t0))
            continue;
        const struct ustor_lun *s = slot->unit;
        if (s == u || (whole_target && s->path == u->path && s->target == u->target))
            return true;
    }
    return false;
}

/* The distinct units with expired requests, at most MAX; false if there were more. */
static bool expired_units(struct ustor_adapter *a, uint64_t t0, struct ustor_lun **units,
                          unsigned max, unsigned *n)
{
    *n = 0;
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (!slot_expired(slot, t0))
            continue;
        unsigned k = 0;
        while (k < *n && units[k] != slot->unit)
            k++;
        if (k < *n)
            continue;
        if (*n == max)
            return false;
        units[(*n)++] = slot->unit;
    }
    return true;
}

struct reset_wait {
    _Atomic bool done;
};

static void reset_done(struct ustor_scsi_request *req)
{
    struct reset_wait *w = req->context;
    atomic_store(&w->done, true);
}

/* Abandons the reset SRB REQ (kept past its timeout), as a timed-out request. */
static void reset_abandon(struct ustor_adapter *a, struct ustor_scsi_request *req)
{
    struct ustor_request *found = NULL;
    pthread_mutex_lock(&a->qlock);   /* slots change hands under it */
    for (uint32_t i = 0; i < a->n_slots && !found; i++)
        if (a->slots[i].req == req)
            found = &a->slots[i];
    pthread_mutex_unlock(&a->qlock);
    if (found)   /* admission is held: nothing else can take the slot meanwhile */
        port_complete_by_port(found, SRB_STATUS_TIMEOUT);
}

/* Sends FUNCTION to unit U and waits for it, at most the reset timeout. */
static void reset_srb(struct ustor_adapter *a, struct ustor_lun *u, uint8_t function)
{
    const char *what = function == SRB_FUNCTION_RESET_LOGICAL_UNIT ? "LUN" : "target";
    int st = atomic_load(&a->state);
    if (st != ADAPTER_STARTED && st != ADAPTER_STOPPING)
        return;   /* stopped or removed: no reset SRB reaches the miniport any more */
    struct reset_wait w = {false};
    struct ustor_scsi_request req = {.function = function, .timeout = a->host->opts.reset_timeout,
                                     .done = reset_done, .context = &w};
    if (port_submit_direct(u, &req) < 0) {
        port_log_info(a, "(%u,%u,%u): no slot for a %s reset", u->path, u->target, u->lun, what);
        return;
    }
    uint64_t until = port_now_ns() + req.timeout * 1000000000ull;
    bool abandoned = false;
    while (!atomic_load(&w.done)) {
        if (!abandoned && port_now_ns() >= until) {
            port_guest(a, "(%u,%u,%u): %s reset not completed in %u s; abandoned", u->path,
                       u->target, u->lun, what, req.timeout);
            reset_abandon(a, &req);
            abandoned = true;
            continue;
        }
        port_orphans_run(a);   /* completions from the miniport's own threads come here */
        struct timespec ts = {0, RESET_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    port_log_info(a, "(%u,%u,%u): %s reset completed with SRB status 0x%02x", u->path,
                  u->target, u->lun, what, req.srb_status);
}

/* LUN resets, then target resets where those left expired requests. */
static void reset_units(struct ustor_adapter *a, struct ustor_lun **units, unsigned n, uint64_t t0)
{
    for (unsigned i = 0; i < n; i++)
        if (unit_expired(a, units[i], false, t0))
            reset_srb(a, units[i], SRB_FUNCTION_RESET_LOGICAL_UNIT);
    for (unsigned i = 0; i < n; i++) {
        bool seen = false;   /* one target reset per target */
        for (unsigned k = 0; k < i && !seen; k++)
            seen = units[k]->path == units[i]->path && units[k]->target == units[i]->target;
        if (!seen && unit_expired(a, units[i], true, t0))
            reset_srb(a, units[i], SRB_FUNCTION_RESET_DEVICE);
    }
}

/* HwResetBus for each bus still with expired requests, then the reset hold. */
static void reset_buses(struct ustor_adapter *a, uint64_t t0)
{
    uint64_t paths[4] = {0};
    bool any = false;
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (!slot_expired(slot, t0))
            continue;
        uint8_t p = slot->unit->path;
        paths[p / 64] |= 1ull << (p % 64);
        any = true;
    }
    if (!any)
        return;
    for (unsigned p = 0; p < 256; p++)
        if (paths[p / 64] & (1ull << (p % 64)))
            port_reset_bus(a, p);
    hold_wait(a, port_now_ns() + hold_ns(a));
}

void port_timeouts_run(struct ustor_adapter *a)
{
    if (!a->slots)
        return;
    uint64_t t0 = port_now_ns();
    struct ustor_lun *units[LADDER_UNITS];
    unsigned n;
    bool all = expired_units(a, t0, units, LADDER_UNITS, &n);
    if (!n)
        return;
    port_log_info(a, "request(s) of %u unit(s) timed out; resetting", n);
    admission_hold(a, +1);
    if (all)   /* too many units: straight to the bus resets */
        reset_units(a, units, n, t0);
    reset_buses(a, t0);
    expire_after_reset(a, t0);
    admission_hold(a, -1);
    port_kick(a);
}
