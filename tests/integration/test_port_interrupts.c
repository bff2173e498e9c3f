/*
 * Interrupt routines on a physical adapter with 4 MSI messages and per-message locks:
 * StorPortGetMSIInfo describes each message and refuses one beyond; the MSI spin lock
 * of a message and StorPortSynchronizeAccess exclude their other holders;
 * StorPortCancelDpc removes a queued DPC so it does not run again, and answers FALSE
 * for one that is not queued. Requests complete from the ISR of such a line.
 */
#include <pthread.h>

#include "harness.h"

#define ST_UNSUCCESSFUL 0xC1000001

static int op_for_threads;
static int64_t arg_for_threads;

static void *hammer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++)
        CHECK(harness_call(op_for_threads, arg_for_threads, 0, 0, 0) == 1, "op %d", op_for_threads);
    return NULL;
}

static void exclusive(struct tmp_control *t, int op, int64_t arg)
{
    pthread_t th[3];
    op_for_threads = op;
    arg_for_threads = arg;
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&th[i], NULL, hammer, NULL) == 0, "thread");
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    CHECK(t->lock_overlap == 0, "op %d let two holders in", op);
}

static void check_cancel_dpc(struct tmp_control *t)
{
    t->dpc_spin = 1;
    CHECK(harness_call(TMP_OP_ISSUE_PROBE_DPC, 0, 0, 0, 0) == 1, "IssueDpc");
    CHECK(harness_wait_value(&t->probe_dpc_running, 1, 10), "not running");
    CHECK(harness_call(TMP_OP_ISSUE_PROBE_DPC, 0, 0, 0, 0) == 1, "queue again");
    CHECK(harness_call(TMP_OP_CANCEL_DPC, 0, 0, 0, 0) == 1, "CancelDpc of a queued DPC");
    __atomic_store_n(&t->dpc_release, 1, __ATOMIC_RELEASE);
    CHECK(harness_wait_value(&t->probe_dpc_running, 0, 10), "still running");
    CHECK(harness_read(&t->probe_dpc_runs) == 1, "the cancelled DPC ran");
    CHECK(harness_call(TMP_OP_CANCEL_DPC, 0, 0, 0, 0) == 0, "CancelDpc of an idle DPC");
}

static void check_isr_completions(struct tmp_control *t, struct ustor_adapter *a)
{
    static struct tracked r[32];
    struct tracker tr = {0};
    t->mode = TMP_FROM_ISR;
    for (int i = 0; i < 32; i++) {
        tracked_tur(&r[i], &tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &r[i].req));
    }
    CHECK(tracker_wait(&tr, 32, 30), "done %llu", (unsigned long long)atomic_load(&tr.done));
    CHECK(t->completed[TMP_FROM_ISR] == 32, "ISR completions %d", t->completed[TMP_FROM_ISR]);
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->per_message = 1;
    t->full_duplex = 1;
    struct ustor_host *h = harness_host();
    struct ustor_adapter *a = harness_physical_adapter_msi(harness_load(h), t, 4);
    struct ustor_adapter_info ai;
    CHECK_OK(ustor_adapter_get_info(a, &ai));
    CHECK(ai.interrupt_mode == USTOR_INTERRUPT_MESSAGE && ai.interrupt_messages == 4 &&
          ai.interrupt_per_message_lock, "adapter info: interrupt mode %u, %u messages, per-message %d",
          ai.interrupt_mode, ai.interrupt_messages, ai.interrupt_per_message_lock);
    for (int m = 0; m < 4; m++)
        CHECK(harness_call(TMP_OP_MSI_INFO, m, 0, 0, 0) == 1, "GetMSIInfo(%d)", m);
    CHECK(harness_call(TMP_OP_MSI_INFO, 4, 0, 0, 0) == -(int64_t)ST_UNSUCCESSFUL, "message 4");
    exclusive(t, TMP_OP_MSI_LOCK, 2);
    exclusive(t, TMP_OP_SYNC_ACCESS, 0);
    check_cancel_dpc(t);
    check_isr_completions(t, a);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
