/* Timers: busy while pending, 0 cancels, fires once at DISPATCH on a DPC thread, may
 * be re-armed from its own callback, the legacy (re-arm) mode replaces a pending
 * request, and free waits for a running callback (or, from the callback, frees after).
 *
 * The engine here has one DPC thread, so callbacks run in the order their timers
 * expire: a later timer having fired proves an earlier one did or never will. */
#include "test_exec_util.h"

static struct exec_engine *engine;

struct tally {
    atomic_int fired;
    exec_irql_t irql;
    enum exec_thread_kind kind;
};

static void count_cb(void *ctx)
{
    struct tally *t = ctx;
    t->irql = exec_irql_get();
    t->kind = exec_thread_kind();
    atomic_fetch_add(&t->fired, 1);
}

/* Arms a fresh timer DELAY_US ahead and waits for it: every timer due earlier has
 * fired (or was cancelled) by then. */
static void fire_marker(uint64_t delay_us)
{
    struct exec_timer *m;
    struct tally mt = { 0 };
    CHECK(!exec_timer_create(engine, 0, &m));
    CHECK(!exec_timer_request(m, count_cb, &mt, delay_us));
    WAIT_FOR(atomic_load(&mt.fired) == 1);
    exec_timer_free(m);
}

static void test_busy_fires_once(void)
{
    struct exec_timer *t;
    struct tally a = { 0 }, b = { 0 };
    CHECK(!exec_timer_create(engine, 0, &t));
    CHECK(!exec_timer_pending(t));
    CHECK(!exec_timer_request(t, count_cb, &a, 2000));
    CHECK(exec_timer_pending(t));
    CHECK_EQ(exec_timer_request(t, count_cb, &b, 1000), -EBUSY);
    WAIT_FOR(atomic_load(&a.fired) == 1);
    WAIT_FOR(!exec_timer_pending(t));
    CHECK_EQ(a.irql, EXEC_DISPATCH_LEVEL);
    CHECK_EQ(a.kind, EXEC_THREAD_DPC);
    fire_marker(20000);
    CHECK_EQ(atomic_load(&a.fired), 1);       /* once */
    CHECK_EQ(atomic_load(&b.fired), 0);       /* the refused request never ran */
    exec_timer_free(t);
}

static void test_zero_cancels(void)
{
    struct exec_timer *t;
    struct tally a = { 0 };
    CHECK(!exec_timer_create(engine, 0, &t));
    CHECK(!exec_timer_request(t, count_cb, &a, 10000));
    CHECK(!exec_timer_request(t, NULL, NULL, 0));
    CHECK(!exec_timer_pending(t));
    fire_marker(30000);                       /* due after the cancelled one */
    CHECK_EQ(atomic_load(&a.fired), 0);
    CHECK(!exec_timer_request(t, count_cb, &a, 1000));   /* usable again */
    WAIT_FOR(atomic_load(&a.fired) == 1);
    exec_timer_free(t);
}

static void test_legacy_rearm_replaces(void)
{
    struct exec_timer *t;
    struct tally old = { 0 }, fresh = { 0 };
    CHECK(!exec_timer_create(engine, EXEC_TIMER_REARM, &t));
    CHECK(!exec_timer_request(t, count_cb, &old, 5000));
    CHECK(!exec_timer_request(t, count_cb, &fresh, 1000));   /* re-arms, not busy */
    WAIT_FOR(atomic_load(&fresh.fired) == 1);
    fire_marker(20000);
    CHECK_EQ(atomic_load(&old.fired), 0);
    CHECK_EQ(atomic_load(&fresh.fired), 1);
    exec_timer_free(t);
}

/* A polling timer that re-arms itself from its callback, as StorAHCI's do. */
struct poller {
    struct exec_timer *timer;
    atomic_int runs;
};

static void poll_cb(void *ctx)
{
    struct poller *p = ctx;
    if (atomic_fetch_add(&p->runs, 1) + 1 < 5)
        CHECK(!exec_timer_request(p->timer, poll_cb, p, 500));
}

static void test_rearm_from_callback(void)
{
    struct poller p = { 0 };
    CHECK(!exec_timer_create(engine, 0, &p.timer));
    CHECK(!exec_timer_request(p.timer, poll_cb, &p, 500));
    WAIT_FOR(atomic_load(&p.runs) == 5);
    WAIT_FOR(!exec_timer_pending(p.timer));
    exec_timer_free(p.timer);
    CHECK_EQ(atomic_load(&p.runs), 5);
}

/* free waits for a running callback. */
static struct gate gate;
static atomic_int cb_entered, cb_done, free_returned;

static void slow_cb(void *ctx)
{
    (void)ctx;
    atomic_store(&cb_entered, 1);
    gate_wait(&gate);
    atomic_store(&cb_done, 1);
}

static void *freeing_thread(void *arg)
{
    exec_timer_free(arg);
    CHECK(atomic_load(&cb_done));             /* never before the callback returned */
    atomic_store(&free_returned, 1);
    return NULL;
}

static void test_free_waits_for_callback(void)
{
    struct exec_timer *t;
    gate_init(&gate);
    CHECK(!exec_timer_create(engine, 0, &t));
    CHECK(!exec_timer_request(t, slow_cb, NULL, 100));
    WAIT_FOR(atomic_load(&cb_entered));
    pthread_t th;
    pthread_create(&th, NULL, freeing_thread, t);
    sleep_ms(50);                             /* gives a non-waiting free time to return */
    CHECK_EQ(atomic_load(&free_returned), 0);
    gate_open(&gate);
    pthread_join(th, NULL);
    CHECK_EQ(atomic_load(&free_returned), 1);
    gate_destroy(&gate);
}

/* A callback that frees its own timer (the free completes when it returns). */
static atomic_int self_freed;

static void self_free_cb(void *ctx)
{
    exec_timer_free(ctx);
    atomic_store(&self_freed, 1);
}

static void test_free_from_callback(void)
{
    struct exec_timer *t;
    CHECK(!exec_timer_create(engine, 0, &t));
    CHECK(!exec_timer_request(t, self_free_cb, t, 100));
    WAIT_FOR(atomic_load(&self_freed));
    CHECK(!exec_engine_quiesce(engine));      /* the deferred free has run: LSan sees */
}

int main(void)
{
    engine = engine_with(1, 1);
    test_busy_fires_once();
    test_zero_cancels();
    test_legacy_rearm_replaces();
    test_rearm_from_callback();
    test_free_waits_for_callback();
    test_free_from_callback();
    exec_engine_destroy(engine);
    printf("test_exec_timer: ok\n");
    return 0;
}
