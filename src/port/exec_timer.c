/* One-shot timers: a list of armed timers sorted by due time, kept by one timer
 * thread that, when a timer is due, queues the timer's own DPC.  The callback runs in
 * that DPC (DISPATCH, never concurrently with itself), so a timer is "pending" from
 * its request until its callback starts.  Lock order: timer mutex, then the DPC's. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "port/exec_priv.h"

struct exec_timer {
    struct exec_dpc dpc;          /* first: its item's release hook frees the timer */
    unsigned flags;
    /* under the engine's timer mutex: */
    bool armed, fired;
    uint64_t due_ns;
    exec_timer_fn *fn, *fire_fn;
    void *ctx, *fire_ctx;
    struct exec_timer *prev, *next;
};

static void timer_unlink(struct exec_engine *e, struct exec_timer *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else
        e->timers = t->next;
    if (t->next)
        t->next->prev = t->prev;
    t->prev = t->next = NULL;
    t->armed = false;
}

/* Inserts after every timer due no later, so equal due times fire in request order. */
static void timer_insert(struct exec_engine *e, struct exec_timer *t)
{
    struct exec_timer *prev = NULL, *cur = e->timers;
    while (cur && cur->due_ns <= t->due_ns) {
        prev = cur;
        cur = cur->next;
    }
    t->prev = prev;
    t->next = cur;
    if (cur)
        cur->prev = t;
    if (prev)
        prev->next = t;
    else
        e->timers = t;
    t->armed = true;
}

static void disarm_locked(struct exec_engine *e, struct exec_timer *t)
{
    if (t->armed)
        timer_unlink(e, t);
    if (t->fired) {
        t->fired = false;
        exec_dpc_cancel(&t->dpc);
    }
}

static void timer_dpc(struct exec_dpc *dpc, void *ctx, void *arg1, void *arg2)
{
    (void)ctx, (void)arg1, (void)arg2;
    struct exec_timer *t = (struct exec_timer *)dpc;
    struct exec_engine *e = dpc->item.engine;
    pthread_mutex_lock(&e->timer_mu);
    bool fire = t->fired;
    exec_timer_fn *fn = t->fire_fn;
    void *fctx = t->fire_ctx;
    t->fired = false;             /* from here a new request is accepted */
    pthread_mutex_unlock(&e->timer_mu);
    if (!fire)
        return;                   /* cancelled after it was queued */
    struct exec_callframe frame;
    exec_call_begin(&frame, "HwTimer", (const void *)fn);
    fn(fctx);
    exec_call_end(&frame);
}

static void timer_release(struct exec_item *it)
{
    struct exec_timer *t = (struct exec_timer *)it;
    exec_spin_destroy(&t->dpc.lock);
    exec_item_destroy(it);
    free(t);
}

int exec_timer_create(struct exec_engine *engine, unsigned flags, struct exec_timer **out)
{
    struct exec_timer *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    int rc = exec_dpc_init(engine, &t->dpc, timer_dpc, NULL);
    if (rc) {
        free(t);
        return rc;
    }
    t->dpc.item.release = timer_release;
    t->flags = flags;
    *out = t;
    return 0;
}

int exec_timer_request(struct exec_timer *t, exec_timer_fn *fn, void *ctx, uint64_t due_us)
{
    struct exec_engine *e = t->dpc.item.engine;
    int rc = 0;
    pthread_mutex_lock(&e->timer_mu);
    if (!due_us) {
        disarm_locked(e, t);
    } else if (e->timer_stop || atomic_load(&e->refusing)) {
        rc = -ESHUTDOWN;
    } else if ((t->armed || t->fired) && !(t->flags & EXEC_TIMER_REARM)) {
        rc = -EBUSY;
    } else {
        disarm_locked(e, t);
        uint64_t delta = due_us > UINT64_MAX / 4000 ? UINT64_MAX / 4 : due_us * 1000;
        t->fn = fn;
        t->ctx = ctx;
        t->due_ns = exec_now_ns() + delta;
        timer_insert(e, t);
        if (e->timers == t)
            pthread_cond_signal(&e->timer_cv);
    }
    pthread_mutex_unlock(&e->timer_mu);
    return rc;
}

bool exec_timer_pending(struct exec_timer *t)
{
    struct exec_engine *e = t->dpc.item.engine;
    pthread_mutex_lock(&e->timer_mu);
    bool pending = t->armed || t->fired;
    pthread_mutex_unlock(&e->timer_mu);
    return pending;
}

void exec_timer_free(struct exec_timer *t)
{
    struct exec_engine *e = t->dpc.item.engine;
    pthread_mutex_lock(&e->timer_mu);
    disarm_locked(e, t);
    pthread_mutex_unlock(&e->timer_mu);
    bool may_wait = exec_irql_get() < EXEC_DISPATCH_LEVEL;
    if (exec_item_retire(&t->dpc.item, may_wait))
        timer_release(&t->dpc.item);
}

static void *timer_main(void *arg)
{
    struct exec_engine *e = arg;
    exec_self()->kind = EXEC_THREAD_TIMER;
    exec_self()->engine = e;
    pthread_mutex_lock(&e->timer_mu);
    while (!e->timer_stop) {
        struct exec_timer *t = e->timers;
        if (!t) {
            pthread_cond_wait(&e->timer_cv, &e->timer_mu);
            continue;
        }
        if (t->due_ns > exec_now_ns()) {
            struct timespec ts = { (time_t)(t->due_ns / 1000000000u),
                                   (long)(t->due_ns % 1000000000u) };
            pthread_cond_timedwait(&e->timer_cv, &e->timer_mu, &ts);
            continue;
        }
        timer_unlink(e, t);
        t->fired = true;
        t->fire_fn = t->fn;
        t->fire_ctx = t->ctx;
        exec_dpc_queue(&t->dpc, NULL, NULL);
    }
    pthread_mutex_unlock(&e->timer_mu);
    return NULL;
}

int exec_timer_start(struct exec_engine *e)
{
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (!rc)
        rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (!rc)
        rc = pthread_cond_init(&e->timer_cv, &attr);
    pthread_condattr_destroy(&attr);
    if (rc)
        return -rc;
    rc = pthread_mutex_init(&e->timer_mu, NULL);
    if (rc) {
        pthread_cond_destroy(&e->timer_cv);
        return -rc;
    }
    rc = exec_thread_spawn(&e->timer_thread, timer_main, e, "ustor-timer");
    if (rc) {
        pthread_mutex_destroy(&e->timer_mu);
        pthread_cond_destroy(&e->timer_cv);
    }
    return rc;
}

/* Stops the timer thread; timers still armed are dropped (never fire). */
void exec_timer_stop(struct exec_engine *e)
{
    pthread_mutex_lock(&e->timer_mu);
    e->timer_stop = true;
    while (e->timers)
        timer_unlink(e, e->timers);
    pthread_cond_signal(&e->timer_cv);
    pthread_mutex_unlock(&e->timer_mu);
    pthread_join(e->timer_thread, NULL);
}
