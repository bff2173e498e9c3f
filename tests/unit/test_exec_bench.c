/* Latency of the engine's delivery paths, printed for docs/architecture.md §5:
 * raise (ISR inline on the raising thread) against post (ISR on the line's thread),
 * interrupt-to-DPC, and an uncontended spin lock.  Checks only that everything was
 * delivered; the figures are for reading, never asserted. */
#include "test_exec_util.h"

#define ROUNDS 5000

static struct exec_engine *engine;
static atomic_ullong isr_at, dpc_at;
static atomic_int isr_count, dpc_count;
static struct exec_dpc dpc;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool isr(void *ctx, uint32_t m)
{
    atomic_store(&isr_at, now_ns());
    if (ctx && m == 0)
        exec_dpc_queue(&dpc, NULL, NULL);
    atomic_fetch_add(&isr_count, 1);
    return true;
}

static void dpc_fn(struct exec_dpc *d, void *ctx, void *a1, void *a2)
{
    (void)d, (void)ctx, (void)a1, (void)a2;
    atomic_store(&dpc_at, now_ns());
    atomic_fetch_add(&dpc_count, 1);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void print_lat(const char *what, uint64_t *ns, int n)
{
    qsort(ns, (size_t)n, sizeof *ns, cmp_u64);
    uint64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += ns[i];
    printf("%-34s lat (nsec): avg=%6llu, p50=%6llu, p99=%7llu, max=%8llu\n", what,
           (unsigned long long)(sum / (uint64_t)n), (unsigned long long)ns[n / 2],
           (unsigned long long)ns[n * 99 / 100], (unsigned long long)ns[n - 1]);
}

/* MODE 0: raise, 1: post; TO_DPC: measure until the DPC the ISR queues runs. */
static void measure(struct exec_intr_line *line, int mode, bool to_dpc, uint64_t *lat)
{
    for (int i = 0; i < ROUNDS; i++) {
        int isrs = atomic_load(&isr_count), dpcs = atomic_load(&dpc_count);
        uint64_t t0 = now_ns();
        if (mode == 0)
            exec_intr_raise(line, 0);
        else
            exec_intr_post(line, 0);
        while (atomic_load(&isr_count) == isrs)
            sched_yield();
        if (to_dpc)
            while (atomic_load(&dpc_count) == dpcs)
                sched_yield();
        lat[i] = (to_dpc ? atomic_load(&dpc_at) : atomic_load(&isr_at)) - t0;
    }
}

static void bench_lock(uint64_t *lat)
{
    struct exec_spinlock lock;
    CHECK(!exec_spin_init(&lock, EXEC_LOCK_STARTIO, 0, "StartIo lock", -1));
    for (int i = 0; i < ROUNDS; i++) {
        struct exec_lock_handle h;
        uint64_t t0 = now_ns();
        for (int k = 0; k < 100; k++) {
            exec_spin_acquire(&lock, &h, NULL);
            exec_spin_release(&h, NULL);
        }
        lat[i] = (now_ns() - t0) / 100;
    }
    exec_spin_destroy(&lock);
}

int main(void)
{
    static uint64_t lat[ROUNDS];
    engine = engine_with(0, 0);
    CHECK(!exec_dpc_init(engine, &dpc, dpc_fn, NULL));
    struct exec_intr_config cfg = { .name = "bench", .messages = 1, .isr = isr,
                                    .ctx = &dpc };
    struct exec_intr_line *line;
    CHECK(!exec_intr_create(engine, &cfg, &line));
    printf("execution engine delivery latency, %d rounds each, %u processors\n", ROUNDS,
           exec_topology()->ncpu);
    measure(line, 0, false, lat);
    print_lat("raise -> ISR (inline)", lat, ROUNDS);
    measure(line, 1, false, lat);
    print_lat("post -> ISR (interrupt thread)", lat, ROUNDS);
    measure(line, 0, true, lat);
    print_lat("raise -> ISR -> DPC", lat, ROUNDS);
    measure(line, 1, true, lat);
    print_lat("post -> ISR -> DPC", lat, ROUNDS);
    bench_lock(lat);
    print_lat("spin lock acquire+release", lat, ROUNDS);
    CHECK_EQ(atomic_load(&isr_count), 4 * ROUNDS);
    CHECK(atomic_load(&dpc_count) >= 2 * ROUNDS);    /* each DPC round saw its own */
    exec_intr_destroy(line);
    exec_dpc_destroy(&dpc);
    exec_engine_destroy(engine);
    return 0;
}
