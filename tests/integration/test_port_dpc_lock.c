/*
 * DPCs and spin locks through StorPortNotification: StorPortIssueDpc returns TRUE
 * when it queues the DPC (also while it runs, which runs it again afterwards) and
 * FALSE when it is already queued; a DPC never runs concurrently with itself;
 * InitializeDpcWithContext and InitializeThreadedDpc pass their context as the
 * routine's second argument. StorPortAcquireSpinLock/ReleaseSpinLock on the DPC,
 * StartIo, interrupt and DpcLevel locks exclude each other's holders.
 */
#include <pthread.h>

#include "harness.h"

static int64_t lock_kind;

static void *locker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++)
        harness_call(TMP_OP_LOCK, lock_kind, 0, 0, 0);
    return NULL;
}

static void check_lock(struct tmp_control *t, int64_t kind)
{
    pthread_t th[3];
    lock_kind = kind;
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&th[i], NULL, locker, NULL) == 0, "thread");
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    CHECK(t->lock_overlap == 0, "lock kind %lld let two holders in", (long long)kind);
}

static void check_dpc(struct tmp_control *t)
{
    t->dpc_spin = 1;
    CHECK(harness_call(TMP_OP_ISSUE_PROBE_DPC, 0, 0, 0, 0) == 1, "first IssueDpc");
    CHECK(harness_wait_value(&t->probe_dpc_running, 1, 10), "the DPC did not run");
    CHECK(harness_call(TMP_OP_ISSUE_PROBE_DPC, 0, 0, 0, 0) == 1, "IssueDpc while it runs");
    CHECK(harness_call(TMP_OP_ISSUE_PROBE_DPC, 0, 0, 0, 0) == 0, "IssueDpc while queued");
    __atomic_store_n(&t->dpc_release, 1, __ATOMIC_RELEASE);
    CHECK(harness_wait_value(&t->probe_dpc_runs, 2, 10), "runs %d", harness_read(&t->probe_dpc_runs));
    CHECK(harness_wait_value(&t->probe_dpc_running, 0, 10), "still running");
    CHECK(t->probe_dpc_overlap == 0, "the DPC ran concurrently with itself");
    CHECK(harness_call(TMP_OP_CONTEXT_DPC, 0, 0, 0, 0) == 1, "IssueDpc (with context)");
    CHECK(harness_wait_value(&t->context_dpc_ok, 1, 10), "InitializeDpcWithContext context");
    CHECK(harness_call(TMP_OP_CONTEXT_DPC, 1, 0, 0, 0) == 1, "IssueDpc (threaded)");
    CHECK(harness_wait_value(&t->context_dpc_ok, 2, 10), "InitializeThreadedDpc context");
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_dpc(t);
    check_lock(t, 1 /* DpcLock */);
    check_lock(t, 2 /* StartIoLock */);
    check_lock(t, 3 /* InterruptLock */);
    check_lock(t, 5 /* DpcLevelLock */);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
