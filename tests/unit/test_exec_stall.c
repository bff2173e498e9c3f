/* Stall keeps the machine running: a miniport that polls with StallExecution (at
 * PASSIVE, in passive init, or at DISPATCH) sees a timer callback and an ISR raised by
 * a device thread advance the state it polls; and a stall does wait.  Also the clocks'
 * units. */
#include "test_exec_util.h"

static struct exec_engine *engine;
static atomic_int state;          /* what the "miniport" polls */

static void timer_advances(void *ctx)
{
    (void)ctx;
    atomic_fetch_add(&state, 1);
}

/* The polling loop of a passive-init routine: no sleeping, only stalls. */
static void poll_until(int value)
{
    while (atomic_load_explicit(&state, memory_order_relaxed) < value)
        exec_stall_us(100);
}

static void test_timer_advances_staller(exec_irql_t irql)
{
    struct exec_timer *t;
    CHECK(!exec_timer_create(engine, 0, &t));
    atomic_store(&state, 0);
    exec_irql_t old = exec_irql_raise(irql);
    CHECK(!exec_timer_request(t, timer_advances, NULL, 3000));
    poll_until(1);
    exec_irql_lower(old);
    exec_timer_free(t);
}

static bool isr_advances(void *ctx, uint32_t m)
{
    (void)ctx, (void)m;
    atomic_fetch_add(&state, 1);
    return true;
}

static void *device_thread(void *arg)
{
    sleep_ms(5);                  /* the device finishes its reset some time later */
    exec_intr_raise(arg, 0);
    return NULL;
}

static void test_isr_advances_staller(void)
{
    struct exec_intr_config cfg = { .name = "dev", .messages = 1, .isr = isr_advances };
    struct exec_intr_line *line;
    CHECK(!exec_intr_create(engine, &cfg, &line));
    atomic_store(&state, 0);
    exec_irql_raise(EXEC_DISPATCH_LEVEL);
    pthread_t t;
    pthread_create(&t, NULL, device_thread, line);
    poll_until(1);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    pthread_join(t, NULL);
    exec_intr_destroy(line);
}

/* Stalling inside a DPC: the device thread's interrupt still gets through.  (A timer
 * would not do: its DPC may be queued behind this one on the same processor, which
 * deadlocks on Windows too.) */
static void stalling_dpc(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)dpc, (void)ctx, (void)a1, (void)a2;
    poll_until(1);
}

static void test_stall_in_dpc(void)
{
    struct exec_intr_config cfg = { .name = "dev", .messages = 1, .isr = isr_advances };
    struct exec_intr_line *line;
    struct exec_dpc d;
    CHECK(!exec_intr_create(engine, &cfg, &line));
    CHECK(!exec_dpc_init(engine, &d, stalling_dpc, NULL));
    atomic_store(&state, 0);
    CHECK(exec_dpc_queue(&d, NULL, NULL));
    pthread_t t;
    pthread_create(&t, NULL, device_thread, line);
    CHECK(!exec_dpc_flush(&d));
    CHECK_EQ(atomic_load(&state), 1);
    pthread_join(t, NULL);
    exec_dpc_destroy(&d);
    exec_intr_destroy(line);
}

/* A stall waits at least as long as asked: a lower bound the routine guarantees (so a
 * stub that returns at once fails), not an expectation about scheduling. */
static void test_stall_really_waits(void)
{
    for (exec_irql_t irql = EXEC_PASSIVE_LEVEL; irql <= EXEC_DISPATCH_LEVEL; irql += 2) {
        exec_irql_t old = exec_irql_raise(irql);
        int64_t t0 = exec_perf_counter(NULL);
        exec_stall_us(3000);
        int64_t t1 = exec_perf_counter(NULL);
        exec_delay_us(3000);
        int64_t t2 = exec_perf_counter(NULL);
        exec_irql_lower(old);
        CHECK(t1 - t0 >= 30000);              /* 10 MHz counts */
        CHECK(t2 - t1 >= 30000);
    }
}

static void test_clock_units(void)
{
    int64_t freq = 0;
    int64_t a = exec_perf_counter(&freq);
    CHECK_EQ(freq, 10000000);
    exec_stall_us(0);
    exec_delay_us(0);
    int64_t b = exec_perf_counter(NULL);
    CHECK(b >= a);
    /* 100 ns units since 1601: agrees with time() to within a generous minute. */
    int64_t now_1601 = exec_system_time() / 10000000 - 11644473600LL;
    int64_t now_unix = (int64_t)time(NULL);
    CHECK(now_1601 > now_unix - 60 && now_1601 < now_unix + 60);
    CHECK_EQ(exec_time_increment(), 156250);
    CHECK((int64_t)exec_tick_count() * 156250 <= exec_perf_counter(NULL));
}

int main(void)
{
    engine = engine_with(0, 0);
    test_timer_advances_staller(EXEC_PASSIVE_LEVEL);
    test_timer_advances_staller(EXEC_DISPATCH_LEVEL);
    test_isr_advances_staller();
    test_stall_in_dpc();
    test_stall_really_waits();
    test_clock_units();
    exec_engine_destroy(engine);
    printf("test_exec_stall: ok\n");
    return 0;
}
