/* Spin locks: IRQL raised on acquire and restored from the handle on release; the
 * order Windows allows passes silently; the reverse order, inversions and recursion
 * are reported (recursion without deadlocking); releasing a lock not held is
 * reported. */
#include "test_exec_util.h"

/* This test takes locks in both orders on purpose; the engine's report is what is
 * tested, so TSan's own deadlock detector is told to stay out of it. */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "detect_deadlocks=0";
}

static struct exec_spinlock dpc_lock, startio, interrupt, msi0, msi1;

static void init_locks(void)
{
    CHECK(!exec_spin_init(&dpc_lock, EXEC_LOCK_DPC, 0, "DPC lock", -1));
    CHECK(!exec_spin_init(&startio, EXEC_LOCK_STARTIO, 0, "StartIo lock", -1));
    CHECK(!exec_spin_init(&interrupt, EXEC_LOCK_INTERRUPT, 7, "interrupt lock", -1));
    CHECK(!exec_spin_init(&msi0, EXEC_LOCK_MSI, 7, "MSI lock", 0));
    CHECK(!exec_spin_init(&msi1, EXEC_LOCK_MSI, 7, "MSI lock", 1));
}

static void test_irql_follows_locks(void)
{
    struct exec_lock_handle a, b;
    exec_spin_acquire(&startio, &a, NULL);
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    CHECK_EQ(a.old_irql, EXEC_PASSIVE_LEVEL);
    CHECK(exec_spin_held(&startio));
    exec_spin_acquire(&interrupt, &b, NULL);
    CHECK_EQ(exec_irql_get(), 7);
    CHECK_EQ(b.old_irql, EXEC_DISPATCH_LEVEL);
    exec_spin_release(&b, NULL);
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    exec_spin_release(&a, NULL);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    CHECK(!exec_spin_held(&startio));
}

static void nest(struct exec_spinlock *outer, struct exec_spinlock *inner)
{
    struct exec_lock_handle a, b;
    exec_spin_acquire(outer, &a, NULL);
    exec_spin_acquire(inner, &b, NULL);
    exec_spin_release(&b, NULL);
    exec_spin_release(&a, NULL);
}

static void test_allowed_orders_are_silent(void)
{
    record_reports();
    nest(&dpc_lock, &interrupt);
    nest(&startio, &interrupt);
    nest(&startio, &dpc_lock);                /* HwStartIo may take a DPC lock */
    nest(&dpc_lock, &msi0);
    nest(&startio, &msi1);
    nest(&msi0, &msi1);
    CHECK_EQ(recorded_count(), 0);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
}

static void test_reverse_order_reported(void)
{
    record_reports();
    unsigned long before = exec_report_count(EXEC_REPORT_LOCK_ORDER);
    nest(&interrupt, &startio);
    CHECK_EQ(recorded_count(), 1);
    struct recorded r = last_report();
    CHECK_EQ(r.kind, EXEC_REPORT_LOCK_ORDER);
    CHECK(!strcmp(r.lock, "StartIo lock") && !strcmp(r.held, "interrupt lock"));
    CHECK_EQ(exec_report_count(EXEC_REPORT_LOCK_ORDER), before + 1);
    nest(&msi1, &dpc_lock);
    CHECK_EQ(recorded_count(), 2);
    CHECK(!strcmp(last_report().held, "MSI lock 1"));
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
}

static void test_inversion_reported(void)
{
    record_reports();
    nest(&msi1, &msi0);                       /* msi0 -> msi1 was seen before */
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(last_report().kind, EXEC_REPORT_LOCK_ORDER);
    CHECK(strstr(last_report().text, "elsewhere"));
    nest(&dpc_lock, &startio);                /* startio -> dpc_lock was seen before */
    CHECK_EQ(recorded_count(), 2);
}

static void *try_lock(void *arg)
{
    struct exec_spinlock *lock = arg;
    struct exec_lock_handle h;
    exec_spin_acquire(lock, &h, NULL);
    exec_spin_release(&h, NULL);
    return (void *)1;
}

static void test_recursion_reported_not_deadlocked(void)
{
    record_reports();
    struct exec_lock_handle a, b;
    exec_spin_acquire(&startio, &a, NULL);
    exec_spin_acquire(&startio, &b, NULL);    /* would deadlock on Windows */
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(last_report().kind, EXEC_REPORT_LOCK_RECURSION);
    exec_spin_release(&b, NULL);
    CHECK(exec_spin_held(&startio));          /* the inner release gave nothing back */
    exec_spin_release(&a, NULL);
    CHECK(!exec_spin_held(&startio));
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    pthread_t t;                              /* and the lock is really free again */
    void *ok;
    pthread_create(&t, NULL, try_lock, &startio);
    pthread_join(t, &ok);
    CHECK(ok);
}

static void test_release_not_held(void)
{
    record_reports();
    struct exec_lock_handle h;
    exec_spin_acquire(&dpc_lock, &h, NULL);
    exec_spin_release(&h, NULL);
    exec_spin_release(&h, NULL);              /* twice */
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(last_report().kind, EXEC_REPORT_LOCK_NOT_HELD);
    exec_spin_release_raw(&msi0, EXEC_PASSIVE_LEVEL, NULL);   /* never taken */
    CHECK_EQ(recorded_count(), 2);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
}

static void test_raw_msi_form(void)
{
    record_reports();
    exec_irql_raise(EXEC_DISPATCH_LEVEL);
    uint32_t old = exec_spin_acquire_raw(&msi0, NULL);
    CHECK_EQ(old, EXEC_DISPATCH_LEVEL);
    CHECK_EQ(exec_irql_get(), 7);
    CHECK_EQ(exec_spin_acquire_raw(&msi0, NULL), EXEC_SPIN_NOT_TAKEN);   /* recursion */
    exec_spin_release_raw(&msi0, EXEC_SPIN_NOT_TAKEN, NULL);
    CHECK(exec_spin_held(&msi0));
    exec_spin_release_raw(&msi0, old, NULL);
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    CHECK_EQ(recorded_count(), 1);
}

static void test_out_of_order_release(void)
{
    record_reports();
    struct exec_lock_handle a, b;
    exec_spin_acquire(&startio, &a, NULL);
    exec_spin_acquire(&interrupt, &b, NULL);
    exec_spin_release(&a, NULL);              /* outer first: Windows would drop to 0 */
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(exec_irql_get(), 7);             /* kept while the interrupt lock is held */
    exec_spin_release(&b, NULL);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
}

int main(void)
{
    init_locks();
    test_irql_follows_locks();
    test_allowed_orders_are_silent();
    test_reverse_order_reported();
    test_inversion_reported();
    test_recursion_reported_not_deadlocked();
    test_release_not_held();
    test_raw_msi_form();
    test_out_of_order_release();
    printf("test_exec_lockdep: ok\n");
    return 0;
}
