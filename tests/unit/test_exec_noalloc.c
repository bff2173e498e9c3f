/* The hot path allocates nothing: queueing and running DPCs, raising and posting
 * interrupts (and running their ISRs), taking spin locks, arming timers and queueing
 * work items, counted by replacing malloc for the whole process.  Sanitizer runtimes
 * own malloc, so under them this test says so and passes. */
#include "test_exec_util.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

#ifndef UNDER_SANITIZER
static atomic_long allocations;

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);

void *malloc(size_t n)
{
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_realloc(p, n);
}

static atomic_int dpc_runs, isr_runs, work_runs, timer_runs;

static void dpc_fn(struct exec_dpc *dpc, void *ctx, void *a1, void *a2)
{
    (void)dpc, (void)ctx, (void)a1, (void)a2;
    atomic_fetch_add(&dpc_runs, 1);
}

static bool isr_fn(void *ctx, uint32_t m)
{
    (void)m;
    exec_dpc_queue(ctx, NULL, NULL);          /* what a real ISR does */
    atomic_fetch_add(&isr_runs, 1);
    return true;
}

static void work_fn(void *ctx, struct exec_worker *w)
{
    (void)ctx, (void)w;
    atomic_fetch_add(&work_runs, 1);
}

static void timer_fn(void *ctx)
{
    (void)ctx;
    atomic_fetch_add(&timer_runs, 1);
}

struct objects {
    struct exec_dpc dpc;
    struct exec_intr_line *line;
    struct exec_spinlock lock;
    struct exec_worker *worker;
    struct exec_timer *timer;
};

/* One round of every hot-path operation, waiting for each to finish. */
static void round_trip(struct objects *o)
{
    int d = atomic_load(&dpc_runs), i = atomic_load(&isr_runs);
    int w = atomic_load(&work_runs), t = atomic_load(&timer_runs);
    struct exec_lock_handle h;
    exec_spin_acquire(&o->lock, &h, NULL);
    exec_spin_release(&h, NULL);
    CHECK(exec_dpc_queue(&o->dpc, NULL, NULL));
    WAIT_FOR(atomic_load(&dpc_runs) > d);
    CHECK(!exec_intr_raise(o->line, 0));
    CHECK(!exec_intr_post(o->line, 1));
    WAIT_FOR(atomic_load(&isr_runs) >= i + 2);
    CHECK(!exec_worker_queue(o->worker, work_fn, NULL));
    WAIT_FOR(atomic_load(&work_runs) > w);
    CHECK(!exec_timer_request(o->timer, timer_fn, NULL, 50));
    WAIT_FOR(atomic_load(&timer_runs) > t);
    CHECK(!exec_engine_quiesce(o->dpc.item.engine));
}

int main(void)
{
    struct exec_engine *e = engine_with(0, 0);
    struct objects o;
    CHECK(!exec_dpc_init(e, &o.dpc, dpc_fn, NULL));
    struct exec_intr_config cfg = { .name = "hot", .messages = 2, .per_message_locks = true,
                                    .isr = isr_fn, .ctx = &o.dpc };
    CHECK(!exec_intr_create(e, &cfg, &o.line));
    CHECK(!exec_spin_init(&o.lock, EXEC_LOCK_STARTIO, 0, "StartIo lock", -1));
    CHECK(!exec_worker_create(e, &o.worker));
    CHECK(!exec_timer_create(e, 0, &o.timer));
    for (int k = 0; k < 3; k++)               /* warm up: first-use costs of each thread */
        round_trip(&o);
    long before = atomic_load(&allocations);
    for (int k = 0; k < 200; k++)
        round_trip(&o);
    long after = atomic_load(&allocations);
    CHECK_EQ(after - before, 0);
    exec_timer_free(o.timer);
    exec_worker_free(o.worker);
    exec_spin_destroy(&o.lock);
    exec_intr_destroy(o.line);
    exec_dpc_destroy(&o.dpc);
    exec_engine_destroy(e);
    printf("test_exec_noalloc: ok (%d DPCs, %d ISRs, %d work items, %d timers)\n",
           atomic_load(&dpc_runs), atomic_load(&isr_runs), atomic_load(&work_runs),
           atomic_load(&timer_runs));
    return 0;
}
#else
int main(void)
{
    printf("test_exec_noalloc: skipped: a sanitizer runtime owns malloc\n");
    return 0;
}
#endif
