/*
 * StorPortInitializeTimer/RequestTimer/FreeTimer: a timer fires once per request, at
 * DISPATCH, with its context; a request while one is pending answers
 * STOR_STATUS_BUSY; a value of 0 cancels. StorPortInitializeWorker/QueueWorkItem/
 * FreeWorker: an item runs at PASSIVE with its context and worker, never beside
 * itself; queued while running it runs again; queued while queued it is BUSY.
 * Requests complete from work items. Timers and workers the miniport forgets are
 * freed with the adapter.
 */
#include <time.h>

#include "harness.h"

#define ST_BUSY 0xC100000C

static void settle(void)
{
    struct timespec ts = {0, 30 * 1000000L};
    nanosleep(&ts, NULL);
}

static void check_timer(struct tmp_control *t)
{
    CHECK(harness_call(TMP_OP_TIMER_INIT, 0, 0, 0, 0) == 0, "InitializeTimer");
    CHECK(harness_call(TMP_OP_TIMER_REQUEST, 1000, 0, 0, 0) == 0, "RequestTimer");
    CHECK(harness_wait_value(&t->timer_ex_fired, 1, 10), "the timer never fired");
    CHECK(t->timer_ex_ctx_ok == 1 && t->timer_ex_irql == 2, "context %d IRQL %d",
          t->timer_ex_ctx_ok, t->timer_ex_irql);
    CHECK(harness_call(TMP_OP_TIMER_REQUEST, 600000000, 0, 0, 0) == 0, "a long request");
    CHECK(harness_call(TMP_OP_TIMER_REQUEST, 1000, 0, 0, 0) == ST_BUSY, "request while pending");
    CHECK(harness_call(TMP_OP_TIMER_REQUEST, 0, 0, 0, 0) == 0, "cancel");
    CHECK(harness_call(TMP_OP_TIMER_REQUEST, 1000, 0, 0, 0) == 0, "request after cancel");
    CHECK(harness_wait_value(&t->timer_ex_fired, 2, 10), "fired %d", harness_read(&t->timer_ex_fired));
    settle();
    CHECK(harness_read(&t->timer_ex_fired) == 2, "the cancelled request fired");
    CHECK(harness_call(TMP_OP_TIMER_FREE, 0, 0, 0, 0) == 0, "FreeTimer");
}

static void check_worker(struct tmp_control *t)
{
    t->work_spin = 1;
    CHECK(harness_call(TMP_OP_WORKER_INIT, 0, 0, 0, 0) == 0, "InitializeWorker");
    CHECK(harness_call(TMP_OP_WORKER_QUEUE, 0, 0, 0, 0) == 0, "QueueWorkItem");
    CHECK(harness_wait_value(&t->work_running, 1, 10), "the item never ran");
    CHECK(harness_call(TMP_OP_WORKER_QUEUE, 0, 0, 0, 0) == 0, "queue while running");
    CHECK(harness_call(TMP_OP_WORKER_QUEUE, 0, 0, 0, 0) == ST_BUSY, "queue while queued");
    __atomic_store_n(&t->work_release, 1, __ATOMIC_RELEASE);
    CHECK(harness_wait_value(&t->work_runs, 2, 10), "runs %d", harness_read(&t->work_runs));
    CHECK(harness_wait_value(&t->work_running, 0, 10), "still running");
    CHECK(t->work_overlap == 0 && t->work_irql == 0 && t->work_arg_ok == 2,
          "overlap %d IRQL %d arguments %d", t->work_overlap, t->work_irql, t->work_arg_ok);
    CHECK(harness_call(TMP_OP_WORKER_FREE, 0, 0, 0, 0) == 0, "FreeWorker");
}

static void check_completion_from_work_items(struct tmp_control *t, struct ustor_adapter *a)
{
    static struct tracked r[20];
    struct tracker tr = {0};
    t->mode = TMP_FROM_WORKER;
    for (int i = 0; i < 20; i++) {
        tracked_tur(&r[i], &tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &r[i].req));
    }
    CHECK(tracker_wait(&tr, 20, 30), "done %llu", (unsigned long long)atomic_load(&tr.done));
    CHECK(t->completed[TMP_FROM_WORKER] == 20 && atomic_load(&tr.twice) == 0,
          "work-item completions %d", t->completed[TMP_FROM_WORKER]);
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    CHECK(t->worker_unavailable == 0, "the miniport's HwInitialize got no worker");
    check_timer(t);
    check_worker(t);
    check_completion_from_work_items(t, a);
    /* left for the removal to free */
    CHECK(harness_call(TMP_OP_TIMER_INIT, 0, 0, 0, 0) == 0, "InitializeTimer");
    CHECK(harness_call(TMP_OP_TIMER_REQUEST, 600000000, 0, 0, 0) == 0, "a timer left armed");
    CHECK(harness_call(TMP_OP_WORKER_INIT, 0, 0, 0, 0) == 0, "InitializeWorker");
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
