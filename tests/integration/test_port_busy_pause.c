/*
 * Busy and pause: StorPortBusy holds new requests until the given number of
 * outstanding ones completed, StorPortReady ends it at once; StorPortDeviceBusy/
 * DeviceReady do the same for one unit while others flow; StorPortPause/Resume and
 * StorPortPauseDevice/ResumeDevice hold I/O until resumed or until their timeout
 * (seconds) passes. Requests held this way start later; none is lost or doubled.
 * The miniport holds every I/O (TMP_NEVER) until the test releases it.
 */
#include <time.h>

#include "harness.h"

static struct tracker tr;
static struct tracked req[64];
static int nreq;

static void submit(struct ustor_adapter *a, uint8_t lun)
{
    CHECK(nreq < 64, "too many requests");
    struct tracked *r = &req[nreq++];
    tracked_tur(r, &tr);
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, lun), &r->req));
}

static void settle(void)
{
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
}

static void expect_held(struct tmp_control *t, int32_t n, const char *what)
{
    CHECK(harness_wait_value(&t->held, n, 10), "%s: held %d, want %d", what,
          harness_read(&t->held), n);
    settle();
    CHECK(harness_read(&t->held) == n, "%s: held %d, want %d", what, harness_read(&t->held), n);
}

static void release_one(void)
{
    uint64_t done = atomic_load(&tr.done);
    CHECK(harness_call(TMP_OP_RELEASE_ONE, 0, 0, 0, 0) == 1, "nothing to release");
    CHECK(tracker_wait(&tr, done + 1, 10), "the released request did not complete");
}

static void drain(struct tmp_control *t)
{
    while (atomic_load(&tr.done) < (uint64_t)nreq) {
        uint64_t done = atomic_load(&tr.done);
        int n = harness_release_all();
        if (n)
            CHECK(tracker_wait(&tr, done + (uint64_t)n, 10), "released requests lost");
        else
            harness_wait_value(&t->held, 1, 1);
    }
}

static void check_busy(struct tmp_control *t, struct ustor_adapter *a)
{
    submit(a, 0);
    submit(a, 0);
    expect_held(t, 2, "two started");
    CHECK(harness_call(TMP_OP_BUSY, 1, 0, 0, 0) == 1, "StorPortBusy");
    submit(a, 1);
    expect_held(t, 2, "busy: the third waits");
    release_one();
    expect_held(t, 2, "one completion ended busy: the third started");
    CHECK(harness_call(TMP_OP_BUSY, 100, 0, 0, 0) == 1, "StorPortBusy(100)");
    submit(a, 1);
    expect_held(t, 2, "busy for all outstanding");
    CHECK(harness_call(TMP_OP_READY, 0, 0, 0, 0) == 1, "StorPortReady");
    expect_held(t, 3, "ready: it started");
    drain(t);
}

static void check_device_busy(struct tmp_control *t, struct ustor_adapter *a)
{
    submit(a, 0);
    expect_held(t, 1, "one on LUN 0");
    CHECK(harness_call(TMP_OP_DEVICE_BUSY, 0, 0, 5, 0) == 1, "StorPortDeviceBusy");
    CHECK(harness_call(TMP_OP_DEVICE_BUSY, 0, 7, 5, 0) == 0, "DeviceBusy of no unit succeeded");
    submit(a, 0);
    submit(a, 1);
    expect_held(t, 2, "LUN 1 flows while LUN 0 is busy");
    CHECK(harness_call(TMP_OP_DEVICE_READY, 0, 0, 0, 0) == 1, "StorPortDeviceReady");
    expect_held(t, 3, "LUN 0 ready again");
    drain(t);
}

static void check_pause(struct tmp_control *t, struct ustor_adapter *a)
{
    CHECK(harness_call(TMP_OP_PAUSE, 60, 0, 0, 0) == 1, "StorPortPause");
    submit(a, 0);
    submit(a, 1);
    expect_held(t, 0, "paused: nothing starts");
    CHECK(harness_call(TMP_OP_RESUME, 0, 0, 0, 0) == 1, "StorPortResume");
    expect_held(t, 2, "resumed");
    drain(t);
    CHECK(harness_call(TMP_OP_PAUSE, 1, 0, 0, 0) == 1, "StorPortPause(1 s)");
    submit(a, 0);
    CHECK(harness_wait_value(&t->held, 1, 20), "the pause never timed out");
    drain(t);
}

static void check_pause_device(struct tmp_control *t, struct ustor_adapter *a)
{
    CHECK(harness_call(TMP_OP_PAUSE_DEVICE, 0, 1, 60, 0) == 1, "StorPortPauseDevice");
    submit(a, 1);
    submit(a, 0);
    expect_held(t, 1, "LUN 0 flows while LUN 1 is paused");
    CHECK(harness_call(TMP_OP_RESUME_DEVICE, 0, 1, 0, 0) == 1, "StorPortResumeDevice");
    expect_held(t, 2, "LUN 1 resumed");
    drain(t);
    CHECK(harness_call(TMP_OP_PAUSE_DEVICE, 0, 1, 1, 0) == 1, "StorPortPauseDevice(1 s)");
    submit(a, 1);
    CHECK(harness_wait_value(&t->held, 1, 20), "the device pause never timed out");
    drain(t);
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    t->luns = 2;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_busy(t, a);
    check_device_busy(t, a);
    check_pause(t, a);
    check_pause_device(t, a);
    CHECK(atomic_load(&tr.twice) == 0 && atomic_load(&tr.ok) == (uint64_t)nreq,
          "%d requests: %llu ok, %llu twice", nreq, (unsigned long long)atomic_load(&tr.ok),
          (unsigned long long)atomic_load(&tr.twice));
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
