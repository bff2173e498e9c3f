/*
 * The adapter's service thread: the port's own work that belongs to no request
 * thread. It ticks (timeouts, busy re-sends, pause deadlines: timeout.c), runs
 * completions that arrived on threads outside any port context, starts requests
 * when something outside a port context made room (StorPortReady from a miniport
 * thread), and launches rescans on a scanner thread of their own, so that the
 * enumeration's requests can still time out meanwhile.
 */
#include <errno.h>
#include <time.h>

#include "common/log.h"
#include "port/port_internal.h"
#include "port/registry_notify.h"
#include "port/service_irp.h"

#define TICK_MAX_MS 100

static void deadline_after_ms(struct timespec *ts, uint32_t ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static uint32_t tick_ms(const struct ustor_adapter *a)
{
    uint32_t busy = a->host->opts.busy_pause_ms;
    return busy && busy < TICK_MAX_MS ? busy : TICK_MAX_MS;
}

/* ---- completions from outside a port context ---- */

void port_orphan_push(struct ustor_adapter *a, struct ustor_request *slot)
{
    pthread_mutex_lock(&a->svc_lock);
    slot->next = a->orphans;
    a->orphans = slot;
    pthread_cond_signal(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
}

struct ustor_request *port_orphan_take(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    struct ustor_request *list = a->orphans, *rev = NULL;
    a->orphans = NULL;
    pthread_mutex_unlock(&a->svc_lock);
    while (list) {   /* back into completion order */
        struct ustor_request *s = list;
        list = s->next;
        s->next = rev;
        rev = s;
    }
    return rev;
}

void port_service_wake(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    pthread_cond_signal(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
}

void port_service_kick(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    a->svc_kick = true;
    pthread_cond_signal(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
}

/* ---- rescans ---- */

static void *scanner_main(void *arg)
{
    struct ustor_adapter *a = arg;
    port_enumerate(a);
    port_state_change_deliver(a);
    pthread_mutex_lock(&a->svc_lock);
    a->scan_running = false;
    a->svc_rescan_done = a->svc_rescan_started;
    pthread_cond_broadcast(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
    return NULL;
}

/* Called with svc_lock held: starts a scan if one is asked for and none runs. */
static void scanner_maybe_start(struct ustor_adapter *a)
{
    if (!a->svc_rescan || a->scan_running || a->svc_stop)
        return;
    if (a->scan_joinable) {
        pthread_join(a->scanner, NULL);
        a->scan_joinable = false;
    }
    a->svc_rescan = false;
    a->scan_running = true;
    a->svc_rescan_started = a->svc_rescan_asked;
    if (pthread_create(&a->scanner, NULL, scanner_main, a) != 0) {
        a->scan_running = false;
        ulog_host(ULOG_ERROR, "%s: cannot start the rescan thread", a->name);
        return;
    }
    a->scan_joinable = true;
}

void port_request_rescan(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    a->svc_rescan = true;
    a->svc_rescan_asked++;
    pthread_cond_signal(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
}

int port_rescan_wait(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    a->svc_rescan = true;
    uint32_t want = ++a->svc_rescan_asked;
    pthread_cond_signal(&a->svc_cond);
    while ((int32_t)(a->svc_rescan_done - want) < 0 && !a->svc_stop)
        pthread_cond_wait(&a->svc_cond, &a->svc_lock);
    bool stopped = (int32_t)(a->svc_rescan_done - want) < 0;
    pthread_mutex_unlock(&a->svc_lock);
    return stopped ? -ENODEV : 0;
}

/* ---- the thread ---- */

static bool anything_waiting(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->qlock);
    bool w = a->waiting != 0;
    pthread_mutex_unlock(&a->qlock);
    return w;
}

static void service_round(struct ustor_adapter *a, bool kick)
{
    port_orphans_run(a);
    port_service_irps_run(a);
    port_regnotify_run(a);
    port_retries_run(a);
    port_timeouts_run(a);
    if (kick || anything_waiting(a))   /* pause deadlines end without anyone calling */
        port_kick(a);
}

static void *service_main(void *arg)
{
    struct ustor_adapter *a = arg;
    pthread_mutex_lock(&a->svc_lock);
    while (!a->svc_stop) {
        struct timespec ts;
        deadline_after_ms(&ts, tick_ms(a));
        if (!a->orphans && !a->svc_kick && !(a->svc_rescan && !a->scan_running))
            pthread_cond_timedwait(&a->svc_cond, &a->svc_lock, &ts);
        bool kick = a->svc_kick;
        a->svc_kick = false;
        scanner_maybe_start(a);
        pthread_mutex_unlock(&a->svc_lock);
        service_round(a, kick);
        pthread_mutex_lock(&a->svc_lock);
    }
    pthread_mutex_unlock(&a->svc_lock);
    return NULL;
}

int port_service_start(struct ustor_adapter *a)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&a->svc_cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&a->svc_lock, NULL);
    a->svc_stop = false;
    if (pthread_create(&a->service, NULL, service_main, a) != 0) {
        pthread_cond_destroy(&a->svc_cond);
        pthread_mutex_destroy(&a->svc_lock);
        return -EAGAIN;
    }
    a->service_running = true;
    return 0;
}

void port_service_stop(struct ustor_adapter *a)
{
    if (!a->service_running)
        return;
    pthread_mutex_lock(&a->svc_lock);
    a->scan_abort = true;   /* the scan's requests still time out meanwhile */
    while (a->scan_running)
        pthread_cond_wait(&a->svc_cond, &a->svc_lock);
    a->svc_stop = true;
    pthread_cond_broadcast(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
    pthread_join(a->service, NULL);
    if (a->scan_joinable)
        pthread_join(a->scanner, NULL);
    a->scan_joinable = false;
    a->service_running = false;
    port_orphans_run(a);   /* completions that raced with the stop */
    pthread_cond_destroy(&a->svc_cond);
    pthread_mutex_destroy(&a->svc_lock);
}

/* ---- StorPortStateChangeDetected: a rescan, then the miniport's callback ---- */

ULONG port_state_change_request(struct ustor_adapter *a, ULONG entity, PSTOR_ADDRESS addr,
                                PHW_STATE_CHANGE routine, PVOID ctx)
{
    pthread_mutex_lock(&a->svc_lock);
    if (a->state_change.pending) {
        pthread_mutex_unlock(&a->svc_lock);
        return STOR_STATUS_BUSY;
    }
    a->state_change.pending = true;
    a->state_change.routine = routine;
    a->state_change.context = ctx;
    a->state_change.entity = entity;
    memset(&a->state_change.address, 0, sizeof a->state_change.address);
    a->state_change.address_type = addr ? (SHORT)addr->Type : STOR_ADDRESS_TYPE_UNKNOWN;
    if (addr && addr->Type == STOR_ADDRESS_TYPE_BTL8)
        memcpy(&a->state_change.address, addr, sizeof a->state_change.address);
    a->svc_rescan = true;
    a->svc_rescan_asked++;
    pthread_cond_signal(&a->svc_cond);
    pthread_mutex_unlock(&a->svc_lock);
    port_log_info(a, "StateChangeDetected (entity 0x%x): rescanning", entity);
    return STOR_STATUS_SUCCESS;
}

/* After a rescan: HwStateChange at DISPATCH under the StartIo lock. */
void port_state_change_deliver(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    struct port_state_change sc = a->state_change;
    a->state_change.pending = false;
    pthread_mutex_unlock(&a->svc_lock);
    if (!sc.pending || !sc.routine)
        return;
    port_context_enter();
    KIRQL old = port_raise_irql(DISPATCH_LEVEL);
    STOR_LOCK_HANDLE h;
    port_lock_startio(a, &h);
    sc.routine(a->devext, sc.context, sc.address_type, &sc.address, STOR_STATUS_SUCCESS);
    port_unlock_startio(a, &h);
    port_lower_irql(old);
    port_context_leave();
}
