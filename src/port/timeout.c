/*
 * Time-driven request handling, run by the adapter's service thread on each tick:
 *  - busy re-sends: a request completed with SRB_STATUS_BUSY (or QUEUE FULL) goes
 *    back through HwBuildIo/HwStartIo after the busy pause, a bounded number of times;
 *  - timeouts: a request still with the miniport after its TimeOutValue makes the
 *    port hold new I/O and call HwResetBus for its bus (the last tier of Storport's
 *    reset ladder; the LUN and target reset SRBs are not sent), wait the reset hold
 *    time, and complete with SRB_STATUS_TIMEOUT whatever the reset left outstanding.
 *    Those slots are abandoned until the miniport gives them back (see complete.c).
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

static bool slot_expired(struct ustor_request *slot, uint64_t t)
{
    if (atomic_load_explicit(&slot->state, memory_order_acquire) != SLOT_STARTED)
        return false;
    uint64_t d = atomic_load_explicit(&slot->deadline_ns, memory_order_relaxed);
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

void port_timeouts_run(struct ustor_adapter *a)
{
    if (!a->slots)
        return;
    uint64_t t0 = port_now_ns();
    uint64_t paths[4] = {0};
    uint32_t expired = 0;
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (!slot_expired(slot, t0))
            continue;
        uint8_t p = slot->unit->path;
        paths[p / 64] |= 1ull << (p % 64);
        expired++;
    }
    if (!expired)
        return;
    port_log_info(a, "%u request(s) timed out; resetting the bus", expired);
    admission_hold(a, +1);
    for (unsigned p = 0; p < 256; p++)
        if (paths[p / 64] & (1ull << (p % 64)))
            port_reset_bus(a, p);
    hold_wait(a, port_now_ns() + hold_ns(a));
    expire_after_reset(a, t0);
    admission_hold(a, -1);
    port_kick(a);
}
