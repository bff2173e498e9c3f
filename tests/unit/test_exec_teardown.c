/* Teardown: destroying the engine runs everything already queued, refuses new work
 * (so DPCs and work items that queue themselves forever still let it finish), stops
 * every thread and leaks nothing; quiesce waits for running items; DPCs and work items
 * can be destroyed after the engine. */
#include "test_exec_util.h"

#define NWORK 200
#define NDPC  50

static atomic_int work_ran, dpc_ran;

static void work_fn(void *ctx, struct exec_worker *w)
{
    (void)ctx, (void)w;
    atomic_fetch_add(&work_ran, 1);
}

static void dpc_fn(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)dpc, (void)ctx, (void)a1, (void)a2;
    atomic_fetch_add(&dpc_ran, 1);
}

static void test_destroy_drains(void)
{
    struct exec_engine *e = engine_with(2, 2);
    static struct exec_worker *w[NWORK];
    static struct exec_dpc d[NDPC];
    int work_queued = 0, dpc_queued = 0;
    atomic_store(&work_ran, 0);
    atomic_store(&dpc_ran, 0);
    for (int i = 0; i < NWORK; i++) {
        CHECK(!exec_worker_create(e, &w[i]));
        work_queued += exec_worker_queue(w[i], work_fn, NULL) == 0;
    }
    for (int i = 0; i < NDPC; i++) {
        CHECK(!exec_dpc_init(e, &d[i], dpc_fn, NULL));
        dpc_queued += exec_dpc_queue(&d[i], NULL, NULL);
    }
    exec_engine_destroy(e);
    CHECK_EQ(work_queued, NWORK);
    CHECK_EQ(dpc_queued, NDPC);
    CHECK_EQ(atomic_load(&work_ran), NWORK);
    CHECK_EQ(atomic_load(&dpc_ran), NDPC);
    for (int i = 0; i < NWORK; i++)
        exec_worker_free(w[i]);               /* after the engine: still fine */
    for (int i = 0; i < NDPC; i++)
        exec_dpc_destroy(&d[i]);
}

/* Items that queue themselves again every time they run. */
static atomic_int dpc_refused, work_refused;

static void forever_dpc(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)ctx, (void)a1, (void)a2;
    if (!exec_dpc_queue(dpc, NULL, NULL))
        atomic_store(&dpc_refused, 1);
}

static void forever_work(void *ctx, struct exec_worker *w)
{
    (void)ctx;
    if (exec_worker_queue(w, forever_work, NULL) == -ESHUTDOWN)
        atomic_store(&work_refused, 1);
}

static void test_destroy_refuses_new_work(void)
{
    struct exec_engine *e = engine_with(0, 0);
    struct exec_dpc d;
    struct exec_worker *w;
    CHECK(!exec_dpc_init(e, &d, forever_dpc, NULL));
    CHECK(!exec_worker_create(e, &w));
    CHECK(exec_dpc_queue(&d, NULL, NULL));
    CHECK(!exec_worker_queue(w, forever_work, NULL));
    sleep_ms(20);
    exec_engine_destroy(e);                   /* returns although both keep asking */
    CHECK(atomic_load(&dpc_refused));
    CHECK(atomic_load(&work_refused));
    exec_worker_free(w);
    exec_dpc_destroy(&d);
}

static atomic_int slow_done;

static void slow_dpc(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)dpc, (void)ctx, (void)a1, (void)a2;
    sleep_ms(30);
    atomic_store(&slow_done, 1);
}

static void test_quiesce_waits(void)
{
    struct exec_engine *e = engine_with(0, 0);
    struct exec_dpc d;
    CHECK(!exec_dpc_init(e, &d, slow_dpc, NULL));
    CHECK(exec_dpc_queue(&d, NULL, NULL));
    CHECK(!exec_engine_quiesce(e));
    CHECK(atomic_load(&slow_done));
    exec_irql_raise(EXEC_DISPATCH_LEVEL);
    record_reports();
    CHECK_EQ(exec_engine_quiesce(e), -EDEADLK);   /* may not wait at DISPATCH */
    CHECK_EQ(recorded_count(), 1);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    exec_dpc_destroy(&d);
    exec_engine_destroy(e);
}

static void test_many_engines(void)
{
    for (int i = 0; i < 20; i++) {
        struct exec_engine *e = engine_with(0, 0);
        struct exec_timer *t;
        CHECK(!exec_timer_create(e, 0, &t));
        CHECK(!exec_timer_request(t, NULL, NULL, 1000000));   /* armed, never fires */
        exec_timer_free(t);
        exec_engine_destroy(e);
    }
}

int main(void)
{
    test_destroy_drains();
    test_destroy_refuses_new_work();
    test_quiesce_waits();
    test_many_engines();
    printf("test_exec_teardown: ok\n");
    return 0;
}
