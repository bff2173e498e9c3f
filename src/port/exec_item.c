/* Deferred items and run queues: the state machine DPCs and work items share.
 *
 * An item is idle, queued (on one run queue), running, or running and queued again.
 * Queueing a queued item fails.  An item queued again while it runs is not put on a
 * queue: its runner runs it again when the routine returns, so an item never runs
 * concurrently with itself.  Lock order: a queue's mutex, then an item's mutex; no
 * routine runs with either held.  The engine counts items queued or running, so that
 * it can wait for quiet. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "port/exec_priv.h"

static void busy_add(struct exec_engine *e, long delta)
{
    if (atomic_fetch_add(&e->busy, delta) + delta != 0)
        return;
    pthread_mutex_lock(&e->mu);
    pthread_cond_broadcast(&e->quiet);
    pthread_mutex_unlock(&e->mu);
}

int exec_item_init(struct exec_engine *e, struct exec_item *it,
                   void (*run)(struct exec_item *, void *, void *),
                   void (*release)(struct exec_item *))
{
    *it = (struct exec_item){ .run = run, .release = release, .engine = e };
    int rc = pthread_mutex_init(&it->mu, NULL);
    if (rc)
        return -rc;
    rc = pthread_cond_init(&it->idle, NULL);
    if (rc) {
        pthread_mutex_destroy(&it->mu);
        return -rc;
    }
    return 0;
}

void exec_item_destroy(struct exec_item *it)
{
    pthread_cond_destroy(&it->idle);
    pthread_mutex_destroy(&it->mu);
}

/* Locks the queue IT was last pushed on (if any), then IT. */
static struct exec_runq *lock_with_queue(struct exec_item *it)
{
    for (;;) {
        pthread_mutex_lock(&it->mu);
        struct exec_runq *q = it->q;
        pthread_mutex_unlock(&it->mu);
        if (q)
            pthread_mutex_lock(&q->mu);
        pthread_mutex_lock(&it->mu);
        if (it->q == q)
            return q;
        pthread_mutex_unlock(&it->mu);    /* pushed elsewhere meanwhile */
        if (q)
            pthread_mutex_unlock(&q->mu);
    }
}

static void unlink_item(struct exec_runq *q, struct exec_item *it)
{
    if (it->prev)
        it->prev->next = it->next;
    else
        q->head = it->next;
    if (it->next)
        it->next->prev = it->prev;
    else
        q->tail = it->prev;
    it->prev = it->next = NULL;
    it->linked = false;
}

static void push_item(struct exec_runq *q, struct exec_item *it)
{
    it->q = q;
    it->next = NULL;
    it->prev = q->tail;
    if (q->tail)
        q->tail->next = it;
    else
        q->head = it;
    q->tail = it;
    it->linked = true;
    pthread_cond_signal(&q->cv);
}

bool exec_item_queue(struct exec_item *it, struct exec_runq *q, void *arg1, void *arg2)
{
    struct exec_engine *e = it->engine;
    if (atomic_load_explicit(&e->refusing, memory_order_relaxed))
        return false;
    bool queued = false;
    pthread_mutex_lock(&q->mu);
    pthread_mutex_lock(&it->mu);
    if (!it->queued && !it->dying && !q->stopping) {
        it->queued = queued = true;
        it->arg1 = arg1;
        it->arg2 = arg2;
        if (!it->running) {
            busy_add(e, 1);
            push_item(q, it);
        }
    }
    pthread_mutex_unlock(&it->mu);
    pthread_mutex_unlock(&q->mu);
    return queued;
}

/* With IT's queue (if any) and IT locked: takes IT off its queue.  True if it was
 * queued. */
static bool cancel_locked(struct exec_runq *q, struct exec_item *it)
{
    if (!it->queued)
        return false;
    it->queued = false;
    if (!it->running) {           /* on a queue, not yet picked up */
        if (q && it->linked)
            unlink_item(q, it);
        busy_add(it->engine, -1);
        pthread_cond_broadcast(&it->idle);
    }
    return true;
}

bool exec_item_cancel(struct exec_item *it)
{
    struct exec_runq *q = lock_with_queue(it);
    bool was = cancel_locked(q, it);
    pthread_mutex_unlock(&it->mu);
    if (q)
        pthread_mutex_unlock(&q->mu);
    return was;
}

int exec_item_flush(struct exec_item *it, const char *what)
{
    struct exec_thread *t = exec_self();
    const void *caller = __builtin_return_address(0);
    pthread_mutex_lock(&it->mu);
    bool own = it->runner == t;
    if (!own && t->irql < EXEC_DISPATCH_LEVEL)
        while (it->queued || it->running)
            pthread_cond_wait(&it->idle, &it->mu);
    pthread_mutex_unlock(&it->mu);
    if (own)
        exec_report(EXEC_REPORT_WAIT, what, caller, NULL, NULL, EXEC_PASSIVE_LEVEL,
                    EXEC_APC_LEVEL, "%s called from the routine it would wait for; "
                    "not waiting", what);
    else if (t->irql >= EXEC_DISPATCH_LEVEL)
        exec_report(EXEC_REPORT_WAIT, what, caller, NULL, NULL, EXEC_PASSIVE_LEVEL,
                    EXEC_APC_LEVEL, "%s called at IRQL %u, where it may not wait; "
                    "not waiting", what, t->irql);
    return own || t->irql >= EXEC_DISPATCH_LEVEL ? -EDEADLK : 0;
}

bool exec_item_retire(struct exec_item *it, bool may_wait)
{
    struct exec_thread *t = exec_self();
    struct exec_runq *q = lock_with_queue(it);
    it->dying = true;
    cancel_locked(q, it);
    if (q)
        pthread_mutex_unlock(&q->mu);
    bool release_now = true;
    if (it->running && (it->runner == t || !may_wait)) {
        it->release_by_runner = true;
        release_now = false;
    }
    while (release_now && it->running)
        pthread_cond_wait(&it->idle, &it->mu);
    pthread_mutex_unlock(&it->mu);
    return release_now;
}

/* Runs IT (just taken off Q, both locked on entry; both unlocked on return) until it
 * is no longer queued again. */
static void run_item(struct exec_runq *q, struct exec_item *it, struct exec_thread *t)
{
    struct exec_engine *e = it->engine;
    pthread_mutex_unlock(&q->mu);
    do {
        it->queued = false;
        it->running = true;
        it->runner = t;
        void *a1 = it->arg1, *a2 = it->arg2;
        pthread_mutex_unlock(&it->mu);
        it->run(it, a1, a2);
        exec_engine_run_exit_hook(e);
        pthread_mutex_lock(&it->mu);
    } while (it->queued && !it->dying);
    it->running = false;
    it->runner = NULL;
    it->q = NULL;                 /* on no queue: may outlive the engine's queues */
    bool release = it->release_by_runner;
    pthread_cond_broadcast(&it->idle);
    pthread_mutex_unlock(&it->mu);      /* last touch unless we release it */
    busy_add(e, -1);
    if (release && it->release)
        it->release(it);
}

static void *runner_main(void *arg)
{
    struct exec_runq *q = arg;
    struct exec_thread *t = exec_self();
    t->kind = q->kind;
    t->engine = q->engine;
    t->cpu = q->cpu >= 0 ? q->cpu + 1 : 0;
    t->irql = q->irql;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->head && !q->stopping)
            pthread_cond_wait(&q->cv, &q->mu);
        struct exec_item *it = q->head;
        if (!it)
            break;
        pthread_mutex_lock(&it->mu);      /* flags share words: change them under it */
        unlink_item(q, it);
        run_item(q, it, t);
        pthread_mutex_lock(&q->mu);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

int exec_runq_init(struct exec_engine *e, struct exec_runq *q, exec_irql_t irql,
                   uint8_t kind, int cpu)
{
    *q = (struct exec_runq){ .irql = irql, .kind = kind, .cpu = cpu, .engine = e };
    int rc = pthread_mutex_init(&q->mu, NULL);
    if (rc)
        return -rc;
    rc = pthread_cond_init(&q->cv, NULL);
    if (rc)
        pthread_mutex_destroy(&q->mu);
    return -rc;
}

int exec_runq_start(struct exec_runq *q, unsigned nthreads, const char *name)
{
    q->threads = calloc(nthreads, sizeof *q->threads);
    if (!q->threads)
        return -ENOMEM;
    for (unsigned i = 0; i < nthreads; i++) {
        char tname[16];
        snprintf(tname, sizeof tname, "%s/%d", name, q->cpu >= 0 ? q->cpu : (int)i);
        int rc = exec_thread_spawn(&q->threads[i], runner_main, q, tname);
        if (rc)
            return rc;            /* exec_runq_stop joins the ones started */
        q->nthreads++;
    }
    return 0;
}

/* Lets the threads run what is queued, then stops and joins them. */
void exec_runq_stop(struct exec_runq *q)
{
    pthread_mutex_lock(&q->mu);
    q->stopping = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    for (unsigned i = 0; i < q->nthreads; i++)
        pthread_join(q->threads[i], NULL);
    q->nthreads = 0;
}

void exec_runq_destroy(struct exec_runq *q)
{
    free(q->threads);
    q->threads = NULL;
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
}
