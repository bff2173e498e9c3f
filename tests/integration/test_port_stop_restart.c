/*
 * Stopping, restarting and removing an adapter loses no request: a stop waits for
 * what the miniport holds, requests submitted while stopped wait and run after the
 * restart, a removal completes everything first; each exactly once. A miniport
 * without ScsiRestartAdapter is restarted by HwFindAdapter and HwInitialize again.
 */
#include "harness.h"

#define N 48

static struct tracked r[2 * N];

static void submit_range(struct ustor_adapter *a, struct tracker *tr, int from, int to)
{
    for (int i = from; i < to; i++) {
        tracked_tur(&r[i], tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, (uint8_t)(i % 2)), &r[i].req));
    }
}

static void check_cycle(struct tmp_control *t, struct ustor_adapter *a, int restarts_by_find)
{
    struct tracker tr = {0};
    int finds = harness_event_count(t, TMP_EV_FIND_ADAPTER);
    submit_range(a, &tr, 0, N);
    CHECK_OK(ustor_adapter_stop(a));
    CHECK(atomic_load(&tr.done) == N, "stop returned with %llu of %d done",
          (unsigned long long)atomic_load(&tr.done), N);
    submit_range(a, &tr, N, 2 * N);
    CHECK(!tracker_wait(&tr, N + 1, 1), "a request ran on the stopped adapter");
    CHECK_OK(ustor_adapter_restart(a));
    CHECK(tracker_wait(&tr, 2 * N, 30), "after restart: %llu of %d",
          (unsigned long long)atomic_load(&tr.done), 2 * N);
    CHECK(atomic_load(&tr.ok) == 2 * N && atomic_load(&tr.twice) == 0, "ok %llu twice %llu",
          (unsigned long long)atomic_load(&tr.ok), (unsigned long long)atomic_load(&tr.twice));
    CHECK(harness_event_count(t, TMP_EV_FIND_ADAPTER) == finds + restarts_by_find,
          "HwFindAdapter calls on restart: %d", harness_event_count(t, TMP_EV_FIND_ADAPTER) - finds);
}

static void check_remove_in_flight(struct ustor_adapter *a)
{
    struct tracker tr = {0};
    submit_range(a, &tr, 0, N);
    CHECK_OK(ustor_adapter_remove(a));
    CHECK(atomic_load(&tr.done) == N && atomic_load(&tr.twice) == 0 && atomic_load(&tr.ok) == N,
          "removal: %llu done, %llu ok", (unsigned long long)atomic_load(&tr.done),
          (unsigned long long)atomic_load(&tr.ok));
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_FROM_TIMER;
    t->luns = 2;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_cycle(t, a, 0);
    check_remove_in_flight(a);

    t->no_restart_control = 1;
    t->mode = TMP_FROM_DPC;
    a = harness_virtual_adapter(d);
    check_cycle(t, a, 1);
    check_remove_in_flight(a);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
