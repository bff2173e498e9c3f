/* Emulated IRQL: raise/lower, the wrong-IRQL report (it names the routine and the
 * caller's address), and callback frames that catch leaked locks and IRQLs. */
#include "test_exec_util.h"

/* Stands for a StorPort* routine that is PASSIVE-only. */
__attribute__((noinline)) static bool fake_passive_routine(void)
{
    return exec_irql_check("StorPortFakePassiveRoutine", EXEC_PASSIVE_LEVEL,
                           EXEC_PASSIVE_LEVEL, EXEC_CALLER());
}

/* Stands for miniport code calling it. */
__attribute__((noinline)) static bool miniport_code(void)
{
    bool ok = fake_passive_routine();
    __asm__ __volatile__("" ::: "memory");     /* keep the call a call, not a jump */
    return ok;
}

static void test_raise_lower(void)
{
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    CHECK_EQ(exec_irql_raise(EXEC_DISPATCH_LEVEL), EXEC_PASSIVE_LEVEL);
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    CHECK_EQ(exec_irql_raise(EXEC_DIRQL_DEFAULT), EXEC_DISPATCH_LEVEL);
    exec_irql_lower(EXEC_DISPATCH_LEVEL);
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
}

static void test_bad_raise_and_lower(void)
{
    record_reports();
    exec_irql_raise(EXEC_DISPATCH_LEVEL);
    CHECK_EQ(exec_irql_raise(EXEC_PASSIVE_LEVEL), EXEC_DISPATCH_LEVEL);  /* a "raise" down */
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(last_report().kind, EXEC_REPORT_IRQL);
    exec_irql_lower(EXEC_DIRQL_DEFAULT);                                 /* a "lower" up */
    CHECK_EQ(exec_irql_get(), EXEC_DISPATCH_LEVEL);
    CHECK_EQ(recorded_count(), 2);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    CHECK_EQ(recorded_count(), 2);
}

static void test_wrong_irql_report(void)
{
    record_reports();
    unsigned long before = exec_report_count(EXEC_REPORT_IRQL);
    CHECK(miniport_code());                   /* at PASSIVE: fine, no report */
    CHECK_EQ(recorded_count(), 0);
    exec_irql_raise(EXEC_DISPATCH_LEVEL);
    CHECK(!miniport_code());
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(exec_report_count(EXEC_REPORT_IRQL), before + 1);
    struct recorded r = last_report();
    CHECK_EQ(r.kind, EXEC_REPORT_IRQL);
    CHECK(!strcmp(r.routine, "StorPortFakePassiveRoutine"));
    CHECK(strstr(r.text, "StorPortFakePassiveRoutine"));
    CHECK(strstr(r.text, "IRQL 2"));
    /* The caller is the return address inside miniport_code, not the engine. */
    const char *site = (const char *)r.caller, *fn = (const char *)(void *)miniport_code;
    CHECK(site > fn && site < fn + 256);
}

static void test_callframe_repairs_leaks(void)
{
    struct exec_spinlock lock;
    CHECK(exec_spin_init(&lock, EXEC_LOCK_STARTIO, 0, "StartIo lock", -1) == 0);
    record_reports();
    struct exec_callframe frame;
    exec_call_begin(&frame, "HwFakeCallback", NULL);
    struct exec_lock_handle h;
    exec_spin_acquire(&lock, &h, NULL);       /* and "forgets" to release it */
    exec_call_end(&frame);
    CHECK_EQ(recorded_count(), 1);
    struct recorded r = last_report();
    CHECK_EQ(r.kind, EXEC_REPORT_CALLBACK_LEAK);
    CHECK(strstr(r.text, "HwFakeCallback") && strstr(r.text, "StartIo lock"));
    CHECK(!exec_spin_held(&lock));
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);

    exec_call_begin(&frame, "HwOtherCallback", NULL);
    exec_irql_raise(EXEC_DISPATCH_LEVEL);     /* returns at the wrong IRQL */
    exec_call_end(&frame);
    CHECK_EQ(recorded_count(), 2);
    CHECK(strstr(last_report().text, "HwOtherCallback"));
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    exec_spin_destroy(&lock);
}

static void test_lower_below_held_lock(void)
{
    struct exec_spinlock lock;
    CHECK(exec_spin_init(&lock, EXEC_LOCK_INTERRUPT, 0, "interrupt lock", -1) == 0);
    record_reports();
    struct exec_lock_handle h;
    exec_spin_acquire(&lock, &h, NULL);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);      /* while holding a DIRQL lock */
    CHECK_EQ(recorded_count(), 1);
    CHECK_EQ(exec_irql_get(), lock.level);    /* clamped */
    exec_spin_release(&h, NULL);
    CHECK_EQ(exec_irql_get(), EXEC_PASSIVE_LEVEL);
    exec_spin_destroy(&lock);
}

static void *other_thread(void *arg)
{
    (void)arg;
    return (void *)(uintptr_t)(exec_irql_get() == EXEC_PASSIVE_LEVEL &&
                               exec_thread_kind() == EXEC_THREAD_OTHER);
}

static void test_irql_is_per_thread(void)
{
    exec_irql_raise(EXEC_DISPATCH_LEVEL);
    pthread_t t;
    void *ok;
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, &ok);
    CHECK(ok);
    exec_irql_lower(EXEC_PASSIVE_LEVEL);
}

int main(void)
{
    test_raise_lower();
    test_bad_raise_and_lower();
    test_wrong_irql_report();
    test_callframe_repairs_leaks();
    test_lower_below_held_lock();
    test_irql_is_per_thread();
    printf("test_exec_irql: ok\n");
    return 0;
}
