/*
 * Queue depths: a unit's depth set by StorPortSetDeviceQueueDepth (from INQUIRY) caps
 * the requests the miniport holds for it, and the adapter's MaxNumberOfIO caps the
 * total; requests beyond wait and start as others complete, none lost.
 * The miniport holds every I/O (TMP_NEVER) until the test releases it, so the
 * number it holds is exactly what the port let through.
 */
#include <time.h>

#include "harness.h"

#define N 12

static void settle(void)
{
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
}

/* Submits N requests spread over LUNS units; releases held ones until all are done,
 * checking each time that the miniport never holds more than LIMIT. */
static void run(struct ustor_adapter *a, struct tmp_control *t, int luns, int limit)
{
    static struct tracked r[N];
    struct tracker tr = {0};
    for (int i = 0; i < N; i++) {
        tracked_tur(&r[i], &tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, (uint8_t)(i % luns)), &r[i].req));
    }
    while (atomic_load(&tr.done) < N) {
        uint64_t done = atomic_load(&tr.done);
        int32_t want = (int32_t)(N - done) < limit ? (int32_t)(N - done) : limit;
        CHECK(harness_wait_value(&t->held, want, 10), "held %d, want %d", harness_read(&t->held),
              want);
        settle();   /* nothing more may start while all of these are held */
        CHECK(harness_read(&t->held) == want, "held %d beyond %d", harness_read(&t->held), want);
        int n = harness_release_all();
        CHECK(tracker_wait(&tr, done + (uint64_t)n, 10), "released requests did not complete");
    }
    CHECK(atomic_load(&tr.twice) == 0 && atomic_load(&tr.ok) == N, "all completed once");
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    t->lun_depth = 3;
    t->luns = 1;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    CHECK(t->depth_set_ok >= 1, "StorPortSetDeviceQueueDepth refused");
    struct ustor_lun_info info;
    CHECK_OK(ustor_lun_get_info(ustor_adapter_lun(a, 0, 0, 0), &info));
    CHECK(info.queue_depth == 3, "depth %u", info.queue_depth);
    run(a, t, 1, 3);
    CHECK(t->max_in_flight[0][0] == 3, "max in flight %d", t->max_in_flight[0][0]);
    CHECK_OK(ustor_adapter_remove(a));

    /* Two units of depth 3, but the adapter takes 4 at a time. */
    t->luns = 2;
    t->max_io = 4;
    a = harness_virtual_adapter(d);
    run(a, t, 2, 4);
    CHECK(t->max_in_flight[0][0] <= 3 && t->max_in_flight[0][1] <= 3, "a unit beyond its depth");
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.outstanding == 0 && st.waiting == 0 && st.slots_free == st.slots_total,
          "leftovers: %u outstanding, %u waiting", st.outstanding, st.waiting);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
