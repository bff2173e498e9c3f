/* Work items: run at PASSIVE on a worker thread with their context and worker; queue
 * fails while queued; queued again while running runs again after, never
 * concurrently; free waits for a running item; an item may free itself (StorAHCI). */
#include "test_exec_util.h"

static struct gate gate;

struct seen {
    atomic_int runs, inside, overlaps;
    exec_irql_t irql;
    enum exec_thread_kind kind;
    struct exec_worker *worker;
    pthread_t thread;
};

static void record_fn(void *ctx, struct exec_worker *w)
{
    struct seen *s = ctx;
    if (atomic_exchange(&s->inside, 1))
        atomic_fetch_add(&s->overlaps, 1);
    s->irql = exec_irql_get();
    s->kind = exec_thread_kind();
    s->worker = w;
    s->thread = pthread_self();
    atomic_store(&s->inside, 0);
    atomic_fetch_add(&s->runs, 1);
}

static void blocking_fn(void *ctx, struct exec_worker *w)
{
    (void)w;
    atomic_fetch_add((atomic_int *)ctx, 1);
    gate_wait(&gate);
}

static void test_runs_at_passive_on_worker(void)
{
    struct exec_engine *e = engine_with(0, 0);
    struct exec_worker *w;
    struct seen s = { 0 };
    CHECK(!exec_worker_create(e, &w));
    exec_irql_raise(EXEC_DISPATCH_LEVEL);     /* queueing is allowed at DISPATCH */
    CHECK(!exec_worker_queue(w, record_fn, &s));
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    WAIT_FOR(atomic_load(&s.runs) == 1);
    CHECK(!exec_engine_quiesce(e));
    CHECK_EQ(s.irql, EXEC_PASSIVE_LEVEL);
    CHECK_EQ(s.kind, EXEC_THREAD_WORKER);
    CHECK(s.worker == w);
    CHECK(!pthread_equal(s.thread, pthread_self()));
    exec_worker_free(w);
    exec_engine_destroy(e);
}

static void test_busy_while_queued(void)
{
    struct exec_engine *e = engine_with(0, 1);     /* one worker thread */
    struct exec_worker *block, *w;
    struct seen s = { 0 };
    atomic_int blocked = 0;
    gate_init(&gate);
    CHECK(!exec_worker_create(e, &block));
    CHECK(!exec_worker_create(e, &w));
    CHECK(!exec_worker_queue(block, blocking_fn, &blocked));
    WAIT_FOR(atomic_load(&blocked) == 1);
    CHECK(!exec_worker_queue(w, record_fn, &s));
    CHECK_EQ(exec_worker_queue(w, record_fn, &s), -EBUSY);
    gate_open(&gate);
    CHECK(!exec_engine_quiesce(e));
    CHECK_EQ(atomic_load(&s.runs), 1);
    exec_worker_free(block);
    exec_worker_free(w);
    exec_engine_destroy(e);
    gate_destroy(&gate);
}

/* Queued again from inside itself: runs again after, never alongside. */
struct requeue {
    struct exec_worker *w;
    atomic_int runs, inside, overlaps;
};

static void requeue_fn(void *ctx, struct exec_worker *w)
{
    struct requeue *r = ctx;
    if (atomic_exchange(&r->inside, 1))
        atomic_fetch_add(&r->overlaps, 1);
    if (atomic_fetch_add(&r->runs, 1) + 1 < 3)
        CHECK(!exec_worker_queue(w, requeue_fn, r));
    sleep_ms(2);                              /* other workers are idle: tempt them */
    atomic_store(&r->inside, 0);
}

static void test_requeue_while_running(void)
{
    struct exec_engine *e = engine_with(0, 4);
    struct requeue r = { 0 };
    CHECK(!exec_worker_create(e, &r.w));
    CHECK(!exec_worker_queue(r.w, requeue_fn, &r));
    WAIT_FOR(atomic_load(&r.runs) == 3);
    CHECK(!exec_engine_quiesce(e));
    CHECK_EQ(atomic_load(&r.runs), 3);
    CHECK_EQ(atomic_load(&r.overlaps), 0);
    exec_worker_free(r.w);
    exec_engine_destroy(e);
}

static atomic_int free_returned, item_done;

static void slow_fn(void *ctx, struct exec_worker *w)
{
    (void)w;
    atomic_store((atomic_int *)ctx, 1);
    gate_wait(&gate);
    atomic_store(&item_done, 1);
}

static void *freeing_thread(void *arg)
{
    exec_worker_free(arg);
    CHECK(atomic_load(&item_done));
    atomic_store(&free_returned, 1);
    return NULL;
}

static void test_free_waits_for_running_item(void)
{
    struct exec_engine *e = engine_with(0, 0);
    struct exec_worker *w;
    atomic_int entered = 0;
    gate_init(&gate);
    CHECK(!exec_worker_create(e, &w));
    CHECK(!exec_worker_queue(w, slow_fn, &entered));
    WAIT_FOR(atomic_load(&entered));
    pthread_t th;
    pthread_create(&th, NULL, freeing_thread, w);
    sleep_ms(50);                             /* gives a non-waiting free time to return */
    CHECK_EQ(atomic_load(&free_returned), 0);
    gate_open(&gate);
    pthread_join(th, NULL);
    CHECK_EQ(atomic_load(&free_returned), 1);
    exec_engine_destroy(e);
    gate_destroy(&gate);
}

/* The StorAHCI pattern: the work routine frees its own worker at the end. */
static atomic_int self_freed;

static void self_free_fn(void *ctx, struct exec_worker *w)
{
    (void)ctx;
    exec_worker_free(w);
    atomic_store(&self_freed, 1);
}

static void test_free_from_item(void)
{
    struct exec_engine *e = engine_with(0, 0);
    struct exec_worker *w;
    CHECK(!exec_worker_create(e, &w));
    CHECK(!exec_worker_queue(w, self_free_fn, NULL));
    WAIT_FOR(atomic_load(&self_freed));
    CHECK(!exec_engine_quiesce(e));           /* the worker is gone now: LSan checks */
    exec_engine_destroy(e);
}

int main(void)
{
    test_runs_at_passive_on_worker();
    test_busy_while_queued();
    test_requeue_while_running();
    test_free_waits_for_running_item();
    test_free_from_item();
    printf("test_exec_worker: ok\n");
    return 0;
}
