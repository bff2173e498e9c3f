/* DPCs: queued twice returns false and runs once with the first arguments; runs at
 * DISPATCH on a DPC thread; queued again while running runs again after; never
 * concurrently with itself under a hammer of queuers; its DPC lock excludes it; cancel;
 * flush from itself is refused; target processor. */
#include "test_exec_util.h"

static struct gate gate;

/* Occupies the only DPC thread until the gate opens. */
static void blocker(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)dpc, (void)ctx, (void)a1, (void)a2;
    gate_wait(&gate);
}

struct counting {
    atomic_int runs;
    atomic_int inside;
    atomic_int overlaps;
    void *arg1, *arg2;
    exec_irql_t irql;
    enum exec_thread_kind kind;
    uint32_t cpu;
};

static void counting_dpc(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)dpc;
    struct counting *c = ctx;
    if (atomic_exchange(&c->inside, 1))
        atomic_fetch_add(&c->overlaps, 1);
    c->arg1 = a1;
    c->arg2 = a2;
    c->irql = exec_irql_get();
    c->kind = exec_thread_kind();
    c->cpu = exec_cpu_current(exec_topology(), NULL);
    for (volatile int i = 0; i < 200; i++)
        ;
    atomic_store(&c->inside, 0);
    atomic_fetch_add(&c->runs, 1);
}

static void test_queued_twice_runs_once(void)
{
    struct exec_engine *e = engine_with(1, 1);
    struct exec_dpc block, x;
    struct counting c = { 0 };
    gate_init(&gate);
    CHECK(!exec_dpc_init(e, &block, blocker, NULL));
    CHECK(!exec_dpc_init(e, &x, counting_dpc, &c));
    CHECK(exec_dpc_queue(&block, NULL, NULL));
    WAIT_FOR(atomic_load(&gate.waiting) == 1);
    CHECK(exec_dpc_queue(&x, (void *)1, (void *)2));
    CHECK(!exec_dpc_queue(&x, (void *)3, (void *)4));      /* already queued */
    gate_open(&gate);
    CHECK(!exec_dpc_flush(&x));
    CHECK_EQ(atomic_load(&c.runs), 1);
    CHECK(c.arg1 == (void *)1 && c.arg2 == (void *)2);
    CHECK_EQ(c.irql, EXEC_DISPATCH_LEVEL);
    CHECK_EQ(c.kind, EXEC_THREAD_DPC);
    CHECK(exec_dpc_queue(&x, (void *)5, NULL));             /* idle again: accepted */
    CHECK(!exec_dpc_flush(&x));
    CHECK_EQ(atomic_load(&c.runs), 2);
    exec_dpc_destroy(&block);
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
    gate_destroy(&gate);
}

static void test_cancel(void)
{
    struct exec_engine *e = engine_with(1, 1);
    struct exec_dpc block, x;
    struct counting c = { 0 };
    gate_init(&gate);
    CHECK(!exec_dpc_init(e, &block, blocker, NULL));
    CHECK(!exec_dpc_init(e, &x, counting_dpc, &c));
    CHECK(exec_dpc_queue(&block, NULL, NULL));
    WAIT_FOR(atomic_load(&gate.waiting) == 1);
    CHECK(exec_dpc_queue(&x, NULL, NULL));
    CHECK(exec_dpc_cancel(&x));
    CHECK(!exec_dpc_cancel(&x));
    gate_open(&gate);
    CHECK(!exec_engine_quiesce(e));
    CHECK_EQ(atomic_load(&c.runs), 0);
    exec_dpc_destroy(&block);
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
    gate_destroy(&gate);
}

/* ---- a hammer of queuers against one DPC ---- */
struct hammer {
    struct exec_dpc *dpc;
    atomic_int accepted;
};

static void *queuer(void *arg)
{
    struct hammer *h = arg;
    for (int i = 0; i < 20000; i++) {
        if (exec_dpc_queue(h->dpc, NULL, NULL))
            atomic_fetch_add(&h->accepted, 1);
        if (i % 64 == 0)
            sched_yield();
    }
    return NULL;
}

static void test_never_concurrent_with_itself(void)
{
    struct exec_engine *e = engine_with(4, 1);      /* several DPC threads */
    struct exec_dpc x;
    struct counting c = { 0 };
    CHECK(!exec_dpc_init(e, &x, counting_dpc, &c));
    struct hammer h = { .dpc = &x };
    pthread_t t[4];
    for (int i = 0; i < 4; i++)       /* each queues on its own processor's queue */
        pthread_create(&t[i], NULL, queuer, &h);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CHECK(!exec_dpc_flush(&x));
    CHECK_EQ(atomic_load(&c.overlaps), 0);
    CHECK(atomic_load(&c.runs) > 0);
    CHECK_EQ(atomic_load(&c.runs), atomic_load(&h.accepted));   /* each accepted once */
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
}

/* ---- queued again while it runs: runs again afterwards, on the same thread ---- */
struct requeue {
    atomic_int runs, inside, overlaps;
    pthread_t thread[2];
};

static void requeue_dpc(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)a1, (void)a2;
    struct requeue *r = ctx;
    if (atomic_exchange(&r->inside, 1))
        atomic_fetch_add(&r->overlaps, 1);
    int n = atomic_fetch_add(&r->runs, 1);
    r->thread[n < 2 ? n : 1] = pthread_self();
    if (n == 0)
        CHECK(exec_dpc_queue(dpc, NULL, NULL));   /* not queued while it runs: accepted */
    sleep_ms(5);                  /* other DPC threads are idle: tempt them */
    atomic_store(&r->inside, 0);
}

static void test_requeue_while_running(void)
{
    struct exec_engine *e = engine_with(4, 1);
    struct exec_dpc x;
    struct requeue r = { 0 };
    CHECK(!exec_dpc_init(e, &x, requeue_dpc, &r));
    CHECK(exec_dpc_queue(&x, NULL, NULL));
    WAIT_FOR(atomic_load(&r.runs) == 2);
    CHECK(!exec_dpc_flush(&x));
    CHECK_EQ(atomic_load(&r.runs), 2);
    CHECK_EQ(atomic_load(&r.overlaps), 0);
    CHECK(pthread_equal(r.thread[0], r.thread[1]));
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
}

/* ---- the DPC lock excludes the DPC, taken inside the routine as nvmewin does ---- */
struct locked_dpc {
    atomic_int entered, in_section;
};

static void locking_dpc(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)a1, (void)a2;
    struct locked_dpc *l = ctx;
    atomic_store(&l->entered, 1);
    struct exec_lock_handle h;
    exec_spin_acquire(&dpc->lock, &h, NULL);
    atomic_store(&l->in_section, 1);
    exec_spin_release(&h, NULL);
}

static void test_dpc_lock_excludes_dpc(void)
{
    struct exec_engine *e = engine_with(0, 1);
    struct exec_dpc x;
    struct locked_dpc l = { 0 };
    CHECK(!exec_dpc_init(e, &x, locking_dpc, &l));
    record_reports();
    struct exec_lock_handle h;
    exec_spin_acquire(&x.lock, &h, NULL);    /* e.g. from HwStartIo */
    CHECK(exec_dpc_queue(&x, NULL, NULL));
    WAIT_FOR(atomic_load(&l.entered));
    sleep_ms(50);                             /* gives a broken lock the chance to fail */
    CHECK_EQ(atomic_load(&l.in_section), 0);
    exec_spin_release(&h, NULL);
    CHECK(!exec_dpc_flush(&x));
    CHECK_EQ(atomic_load(&l.in_section), 1);
    CHECK_EQ(recorded_count(), 0);            /* taking its own lock is no recursion */
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
}

/* ---- flush from the DPC itself is refused, not a deadlock ---- */
static atomic_int self_flush_rc;

static void self_flushing(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)ctx, (void)a1, (void)a2;
    atomic_store(&self_flush_rc, exec_dpc_flush(dpc));
}

static void test_flush_from_itself(void)
{
    struct exec_engine *e = engine_with(0, 1);
    struct exec_dpc x;
    CHECK(!exec_dpc_init(e, &x, self_flushing, NULL));
    record_reports();
    CHECK(exec_dpc_queue(&x, NULL, NULL));
    CHECK(!exec_dpc_flush(&x));
    CHECK(atomic_load(&self_flush_rc) < 0);
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(last_report().kind, EXEC_REPORT_WAIT);
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
}

static void test_target_processor(void)
{
    struct exec_engine *e = engine_with(0, 1);
    const struct exec_topology *topo = exec_topology();
    struct exec_dpc x;
    struct counting c = { 0 };
    CHECK(!exec_dpc_init(e, &x, counting_dpc, &c));
    for (uint32_t p = 0; p < topo->ncpu && p < 8; p++) {
        exec_dpc_set_target(&x, (int)p);
        CHECK(exec_dpc_queue(&x, NULL, NULL));
        CHECK(!exec_dpc_flush(&x));
        CHECK_EQ(c.cpu, p);                   /* ran on that processor's DPC thread */
    }
    exec_dpc_destroy(&x);
    exec_engine_destroy(e);
}

int main(void)
{
    test_queued_twice_runs_once();
    test_cancel();
    test_requeue_while_running();
    test_never_concurrent_with_itself();
    test_dpc_lock_excludes_dpc();
    test_flush_from_itself();
    test_target_processor();
    printf("test_exec_dpc: ok\n");
    return 0;
}
