/*
 * StorPortInitializeTimer/RequestTimer/FreeTimer and StorPortInitializeWorker/
 * QueueWorkItem/FreeWorker over the execution engine's one-shot timers and work items.
 * A handle the miniport gets is a port record (checked by a mark before use) kept on
 * its adapter's list, so whatever the miniport forgets to free is freed, and reported,
 * with the adapter. Timer callbacks run at DISPATCH on a DPC thread, work items at
 * PASSIVE on a worker thread; both are port contexts (completions made there are
 * finished by the engine's exit hook).
 * Left out: TolerableDelay (timers fire as soon as they can).
 */
#include <errno.h>
#include <stdlib.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define TIMER_MARK 0x54494d52u   /* "TIMR" */
#define WORKER_MARK 0x574f524bu  /* "WORK" */

struct port_timer {
    uint32_t mark;
    struct port_timer *next;
    struct ustor_adapter *adapter;
    struct exec_timer *timer;
    _Atomic(PHW_TIMER_EX) callback;
    _Atomic(PVOID) context;
};

struct port_worker {
    uint32_t mark;
    struct port_worker *next;
    struct ustor_adapter *adapter;
    struct exec_worker *worker;
    _Atomic(PHW_WORKITEM) callback;
    _Atomic(PVOID) context;
};

static pthread_mutex_t objects_lock = PTHREAD_MUTEX_INITIALIZER;

static ULONG status_of(int rc)
{
    switch (rc) {
    case 0: return STOR_STATUS_SUCCESS;
    case -EBUSY: return STOR_STATUS_BUSY;
    case -ENOMEM: return STOR_STATUS_INSUFFICIENT_RESOURCES;
    case -ESHUTDOWN: return STOR_STATUS_INVALID_DEVICE_STATE;
    default: return STOR_STATUS_UNSUCCESSFUL;
    }
}

static bool adapter_going(const struct ustor_adapter *a)
{
    int st = atomic_load(&a->state);
    return st == ADAPTER_REMOVING || st == ADAPTER_NEW;
}

/* ---- timers ---- */

static struct port_timer *timer_of(struct ustor_adapter *a, PVOID handle, const char *who)
{
    struct port_timer *t = handle;
    if (!t || t->mark != TIMER_MARK || t->adapter != a) {
        port_guest(a, "%s: %p is not a timer of StorPortInitializeTimer", who, handle);
        return NULL;
    }
    return t;
}

static void timer_fire(void *ctx)
{
    struct port_timer *t = ctx;
    PHW_TIMER_EX cb = atomic_load(&t->callback);
    port_callback_mark(+1);
    if (cb)
        cb(t->adapter->devext, atomic_load(&t->context));
    port_callback_mark(-1);
}

static ULONG ext_initialize_timer(PVOID ext, va_list *ap)
{
    PVOID *handle = va_arg(*ap, PVOID *);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortInitializeTimer");
    if (!a || !handle)
        return STOR_STATUS_INVALID_PARAMETER;
    struct port_timer *t = calloc(1, sizeof *t);
    if (!t)
        return STOR_STATUS_INSUFFICIENT_RESOURCES;
    int rc = exec_timer_create(a->host->exec, 0, &t->timer);
    if (rc < 0) {
        free(t);
        return status_of(rc);
    }
    t->mark = TIMER_MARK;
    t->adapter = a;
    pthread_mutex_lock(&objects_lock);
    t->next = a->timers;
    a->timers = t;
    pthread_mutex_unlock(&objects_lock);
    *handle = t;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInitializeTimer, ext_initialize_timer);

static ULONG ext_request_timer(PVOID ext, va_list *ap)
{
    PVOID handle = va_arg(*ap, PVOID);
    PHW_TIMER_EX cb = va_arg(*ap, PHW_TIMER_EX);
    PVOID ctx = va_arg(*ap, PVOID);
    ULONGLONG us = va_arg(*ap, ULONGLONG);
    (void)va_arg(*ap, ULONGLONG);   /* TolerableDelay */
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortRequestTimer");
    struct port_timer *t = a ? timer_of(a, handle, "StorPortRequestTimer") : NULL;
    if (!t || (!cb && us))
        return STOR_STATUS_INVALID_PARAMETER;
    if (us && exec_timer_pending(t->timer))
        return STOR_STATUS_BUSY;
    if (us) {
        atomic_store(&t->callback, cb);
        atomic_store(&t->context, ctx);
    }
    return status_of(exec_timer_request(t->timer, timer_fire, t, us));
}
USTOR_EXTFN(ExtFunctionRequestTimer, ext_request_timer);

static bool timer_unlink(struct ustor_adapter *a, struct port_timer *t)
{
    pthread_mutex_lock(&objects_lock);
    bool found = false;
    for (struct port_timer **p = &a->timers; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            found = true;
            break;
        }
    pthread_mutex_unlock(&objects_lock);
    return found;
}

static void timer_destroy(struct port_timer *t)
{
    t->mark = 0;
    exec_timer_free(t->timer);   /* waits, or frees when a running callback returns */
    free(t);
}

static ULONG ext_free_timer(PVOID ext, va_list *ap)
{
    PVOID handle = va_arg(*ap, PVOID);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortFreeTimer");
    struct port_timer *t = a ? timer_of(a, handle, "StorPortFreeTimer") : NULL;
    if (!t || !timer_unlink(a, t))
        return STOR_STATUS_INVALID_PARAMETER;
    timer_destroy(t);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionFreeTimer, ext_free_timer);

/* ---- work items ---- */

static struct port_worker *worker_of(struct ustor_adapter *a, PVOID handle, const char *who)
{
    struct port_worker *w = handle;
    if (!w || w->mark != WORKER_MARK || w->adapter != a) {
        port_guest(a, "%s: %p is not a worker of StorPortInitializeWorker", who, handle);
        return NULL;
    }
    return w;
}

static void work_run(void *ctx, struct exec_worker *worker)
{
    (void)worker;
    struct port_worker *w = ctx;
    PHW_WORKITEM cb = atomic_load(&w->callback);
    port_callback_mark(+1);
    if (cb)
        cb(w->adapter->devext, atomic_load(&w->context), w);
    port_callback_mark(-1);
}

static ULONG ext_initialize_worker(PVOID ext, va_list *ap)
{
    PVOID *handle = va_arg(*ap, PVOID *);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortInitializeWorker");
    if (!a || !handle)
        return STOR_STATUS_INVALID_PARAMETER;
    struct port_worker *w = calloc(1, sizeof *w);
    if (!w)
        return STOR_STATUS_INSUFFICIENT_RESOURCES;
    int rc = exec_worker_create(a->host->exec, &w->worker);
    if (rc < 0) {
        free(w);
        return status_of(rc);
    }
    w->mark = WORKER_MARK;
    w->adapter = a;
    pthread_mutex_lock(&objects_lock);
    w->next = a->workers;
    a->workers = w;
    pthread_mutex_unlock(&objects_lock);
    *handle = w;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInitializeWorker, ext_initialize_worker);

static ULONG ext_queue_work_item(PVOID ext, va_list *ap)
{
    PHW_WORKITEM cb = va_arg(*ap, PHW_WORKITEM);
    PVOID handle = va_arg(*ap, PVOID);
    PVOID ctx = va_arg(*ap, PVOID);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortQueueWorkItem");
    struct port_worker *w = a ? worker_of(a, handle, "StorPortQueueWorkItem") : NULL;
    if (!w || !cb)
        return STOR_STATUS_INVALID_PARAMETER;
    if (adapter_going(a))
        return STOR_STATUS_INVALID_DEVICE_STATE;
    atomic_store(&w->callback, cb);
    atomic_store(&w->context, ctx);
    return status_of(exec_worker_queue(w->worker, work_run, w));
}
USTOR_EXTFN(ExtFunctionQueueWorkItem, ext_queue_work_item);

static bool worker_unlink(struct ustor_adapter *a, struct port_worker *w)
{
    pthread_mutex_lock(&objects_lock);
    bool found = false;
    for (struct port_worker **p = &a->workers; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            found = true;
            break;
        }
    pthread_mutex_unlock(&objects_lock);
    return found;
}

static void worker_destroy(struct port_worker *w)
{
    w->mark = 0;
    exec_worker_free(w->worker);   /* waits, or frees when a running item returns */
    free(w);
}

static ULONG ext_free_worker(PVOID ext, va_list *ap)
{
    PVOID handle = va_arg(*ap, PVOID);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortFreeWorker");
    struct port_worker *w = a ? worker_of(a, handle, "StorPortFreeWorker") : NULL;
    if (!w || !worker_unlink(a, w))
        return STOR_STATUS_INVALID_PARAMETER;
    worker_destroy(w);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionFreeWorker, ext_free_worker);

/* ---- teardown ---- */

void port_timers_workers_free(struct ustor_adapter *a)
{
    unsigned timers = 0, workers = 0;
    pthread_mutex_lock(&objects_lock);
    struct port_timer *tl = a->timers;
    struct port_worker *wl = a->workers;
    a->timers = NULL;
    a->workers = NULL;
    pthread_mutex_unlock(&objects_lock);
    for (struct port_timer *t; (t = tl); timers++) {
        tl = t->next;
        timer_destroy(t);
    }
    for (struct port_worker *w; (w = wl); workers++) {
        wl = w->next;
        worker_destroy(w);
    }
    if (timers || workers)
        port_log_info(a, "freed %u timer(s) and %u worker(s) the miniport did not free",
                      timers, workers);
}
