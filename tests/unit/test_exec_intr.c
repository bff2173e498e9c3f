/* Interrupt lines: the ISR runs at DIRQL under its lock; it is masked while the
 * raising thread holds that lock (delivered when the release returns) or sits at
 * DIRQL (delivered when the IRQL drops); per-message locks are independent while the
 * shared lock is not; an ISR never runs concurrently with itself, nor, with one shared
 * lock, with another message's ISR; synchronize, post, enable and lock-all. */
#include "test_exec_util.h"

static struct exec_engine *engine;

struct isr_log {
    struct exec_intr_line *line;
    atomic_int count[4];
    atomic_int inside[4];
    atomic_int inside_any;
    atomic_int overlaps;
    atomic_int wrong_context;
    atomic_int on_intr_thread;
    pthread_t last_thread;
    uint32_t raise_from_isr;      /* message an ISR of message 0 raises, or UINT32_MAX */
};

static bool isr(void *ctx, uint32_t m)
{
    struct isr_log *log = ctx;
    if (atomic_exchange(&log->inside[m], 1))
        atomic_fetch_add(&log->overlaps, 1);
    if (exec_irql_get() != exec_intr_dirql(log->line) ||
        !exec_spin_held(exec_intr_lock(log->line, m)))
        atomic_fetch_add(&log->wrong_context, 1);
    if (exec_thread_kind() == EXEC_THREAD_INTERRUPT)
        atomic_fetch_add(&log->on_intr_thread, 1);
    if (m == 0)                   /* message 0's ISRs are serialised: no race here */
        log->last_thread = pthread_self();
    if (m == 0 && log->raise_from_isr != UINT32_MAX)
        exec_intr_raise(log->line, log->raise_from_isr);
    atomic_store(&log->inside[m], 0);
    atomic_fetch_add(&log->count[m], 1);
    return true;
}

/* For the shared-lock hammer: ISRs of different messages must not overlap either. */
static bool exclusive_isr(void *ctx, uint32_t m)
{
    struct isr_log *log = ctx;
    if (atomic_exchange(&log->inside_any, 1))
        atomic_fetch_add(&log->overlaps, 1);
    for (volatile int i = 0; i < 50; i++)
        ;
    atomic_store(&log->inside_any, 0);
    atomic_fetch_add(&log->count[m], 1);
    return true;
}

static struct exec_intr_line *make_line(struct isr_log *log, uint32_t messages,
                                        bool per_message, exec_isr_fn *fn)
{
    struct exec_intr_config cfg = { .name = "test", .messages = messages,
                                    .per_message_locks = per_message, .dirql = 6,
                                    .isr = fn, .ctx = log };
    log->raise_from_isr = UINT32_MAX;
    CHECK(!exec_intr_create(engine, &cfg, &log->line));
    return log->line;
}

static void test_inline_delivery(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 1, false, isr);
    CHECK_EQ(exec_intr_raise(line, 0), 0);
    CHECK_EQ(atomic_load(&log.count[0]), 1);            /* ran before raise returned */
    CHECK(pthread_equal(log.last_thread, pthread_self()));
    CHECK_EQ(atomic_load(&log.wrong_context), 0);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    CHECK_EQ(exec_intr_raise(line, 1), -EINVAL);
    uint64_t delivered, unclaimed;
    exec_intr_stats(line, 0, &delivered, &unclaimed);
    CHECK_EQ(delivered, 1);
    CHECK_EQ(unclaimed, 0);
    exec_intr_destroy(line);
}

static void test_masked_by_lock_delivered_at_release(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 1, false, isr);
    struct exec_lock_handle h;
    exec_irql_raise(EXEC_DISPATCH_LEVEL);               /* e.g. inside HwStartIo */
    exec_spin_acquire(exec_intr_lock(line, 0), &h, NULL);
    exec_intr_raise(line, 0);
    exec_intr_raise(line, 0);                           /* coalesces */
    CHECK_EQ(atomic_load(&log.count[0]), 0);
    exec_spin_release(&h, NULL);
    CHECK_EQ(atomic_load(&log.count[0]), 1);            /* delivered by the release */
    CHECK(pthread_equal(log.last_thread, pthread_self()));
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    CHECK_EQ(atomic_load(&log.wrong_context), 0);
    exec_intr_destroy(line);
}

static void test_masked_by_irql(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 1, false, isr);
    exec_irql_t old = exec_irql_raise(EXEC_HIGH_LEVEL);
    exec_intr_raise(line, 0);
    CHECK_EQ(atomic_load(&log.count[0]), 0);
    exec_irql_lower(6);                                 /* still at its DIRQL */
    CHECK_EQ(atomic_load(&log.count[0]), 0);
    exec_irql_lower(old);
    CHECK_EQ(atomic_load(&log.count[0]), 1);
    exec_intr_destroy(line);
}

struct sync_arg {
    struct isr_log *log;
    int seen_inside;
};

static bool sync_fn(void *ctx)
{
    struct sync_arg *a = ctx;
    exec_intr_raise(a->log->line, 0);                   /* the device interrupts now */
    a->seen_inside = atomic_load(&a->log->count[0]);
    return true;
}

static void test_synchronize(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 1, false, isr);
    struct sync_arg a = { &log, -1 };
    CHECK(exec_intr_synchronize(line, 0, sync_fn, &a, NULL));
    CHECK_EQ(a.seen_inside, 0);                         /* the ISR waited for the end */
    CHECK_EQ(atomic_load(&log.count[0]), 1);
    exec_intr_destroy(line);
}

/* Another thread raises MESSAGE while the main thread holds message 0's lock. */
struct raiser {
    struct exec_intr_line *line;
    uint32_t message;
    atomic_int started;
};

static void *raise_thread(void *arg)
{
    struct raiser *r = arg;
    atomic_store(&r->started, 1);
    exec_intr_raise(r->line, r->message);
    return NULL;
}

static void test_per_message_locks_independent(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 2, true, isr);
    CHECK(exec_intr_lock(line, 0) != exec_intr_lock(line, 1));
    struct exec_lock_handle h;
    exec_spin_acquire(exec_intr_lock(line, 0), &h, NULL);
    struct raiser r = { line, 1, 0 };
    pthread_t t;
    pthread_create(&t, NULL, raise_thread, &r);
    WAIT_FOR(atomic_load(&log.count[1]) == 1);          /* while message 0 is held */
    pthread_join(t, NULL);
    exec_spin_release(&h, NULL);
    CHECK_EQ(atomic_load(&log.count[0]), 0);
    exec_intr_destroy(line);
}

static void test_shared_lock_blocks_other_messages(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 2, false, isr);
    CHECK(exec_intr_lock(line, 0) == exec_intr_lock(line, 1));
    struct exec_lock_handle h;
    exec_spin_acquire(exec_intr_lock(line, 0), &h, NULL);
    struct raiser r = { line, 1, 0 };
    pthread_t t;
    pthread_create(&t, NULL, raise_thread, &r);
    WAIT_FOR(atomic_load(&r.started));
    sleep_ms(50);                                       /* gives a wrong ISR its chance */
    CHECK_EQ(atomic_load(&log.count[1]), 0);
    exec_spin_release(&h, NULL);
    pthread_join(t, NULL);
    CHECK_EQ(atomic_load(&log.count[1]), 1);
    exec_intr_destroy(line);
}

static void test_lock_all(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 3, true, isr);
    struct exec_lock_handle h;
    exec_intr_lock_all(line, &h, NULL);
    CHECK(exec_spin_held(exec_intr_lock(line, 2)));
    struct raiser r = { line, 2, 0 };
    pthread_t t;
    pthread_create(&t, NULL, raise_thread, &r);
    WAIT_FOR(atomic_load(&r.started));
    sleep_ms(50);
    CHECK_EQ(atomic_load(&log.count[2]), 0);
    exec_intr_unlock_all(line, &h, NULL);
    pthread_join(t, NULL);
    CHECK_EQ(atomic_load(&log.count[2]), 1);
    CHECK(!exec_spin_held(exec_intr_lock(line, 2)));
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    exec_intr_destroy(line);
}

static void test_raise_from_isr_is_deferred(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 2, true, isr);
    log.raise_from_isr = 1;       /* at DIRQL: message 1 must wait for the ISR's end */
    exec_intr_raise(line, 0);
    CHECK_EQ(atomic_load(&log.count[0]), 1);
    CHECK_EQ(atomic_load(&log.count[1]), 1);            /* delivered before raise returned */
    CHECK_EQ(atomic_load(&log.overlaps), 0);
    CHECK_EQ(atomic_load(&log.wrong_context), 0);
    exec_intr_destroy(line);
}

static void test_post_and_enable(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 1, false, isr);
    exec_intr_post(line, 0);
    WAIT_FOR(atomic_load(&log.count[0]) == 1);
    CHECK_EQ(atomic_load(&log.on_intr_thread), 1);
    exec_intr_enable(line, false);
    exec_intr_raise(line, 0);
    CHECK_EQ(atomic_load(&log.count[0]), 1);            /* kept pending */
    exec_intr_enable(line, true);
    CHECK_EQ(atomic_load(&log.count[0]), 2);
    exec_intr_destroy(line);
}

/* ---- hammers ---- */
struct hammer {
    struct exec_intr_line *line;
    uint32_t message;
    bool post;
};

static void *hammer_thread(void *arg)
{
    struct hammer *h = arg;
    for (int i = 0; i < 20000; i++) {
        if (h->post && i % 4 == 0)
            exec_intr_post(h->line, h->message);
        else
            exec_intr_raise(h->line, h->message);
    }
    return NULL;
}

static void hammer(struct exec_intr_line *line, const uint32_t *messages, int n)
{
    pthread_t t[4];
    struct hammer h[4];
    for (int i = 0; i < n; i++) {
        h[i] = (struct hammer){ line, messages[i], i == 0 };
        pthread_create(&t[i], NULL, hammer_thread, &h[i]);
    }
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
}

static void test_never_concurrent_with_itself(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 2, true, isr);
    static const uint32_t msgs[4] = { 0, 0, 1, 1 };
    hammer(line, msgs, 4);
    exec_intr_destroy(line);      /* waits for posted deliveries */
    CHECK_EQ(atomic_load(&log.overlaps), 0);
    CHECK_EQ(atomic_load(&log.wrong_context), 0);
    CHECK(atomic_load(&log.count[0]) > 0 && atomic_load(&log.count[1]) > 0);
}

static void test_shared_lock_serialises_all(void)
{
    struct isr_log log = { 0 };
    struct exec_intr_line *line = make_line(&log, 2, false, exclusive_isr);
    static const uint32_t msgs[2] = { 0, 1 };
    hammer(line, msgs, 2);
    exec_intr_destroy(line);
    CHECK_EQ(atomic_load(&log.overlaps), 0);
    CHECK(atomic_load(&log.count[0]) > 0 && atomic_load(&log.count[1]) > 0);
}

int main(void)
{
    engine = engine_with(0, 0);
    test_inline_delivery();
    test_masked_by_lock_delivered_at_release();
    test_masked_by_irql();
    test_synchronize();
    test_per_message_locks_independent();
    test_shared_lock_blocks_other_messages();
    test_lock_all();
    test_raise_from_isr_is_deferred();
    test_post_and_enable();
    test_never_concurrent_with_itself();
    test_shared_lock_serialises_all();
    exec_engine_destroy(engine);
    printf("test_exec_intr: ok\n");
    return 0;
}
