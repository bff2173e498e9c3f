/*
 * StorPortNotification dispatches every notification type of storport-facts.md §3:
 * the ScsiPort leftovers (NextRequest, NextLuRequest) and the types with nothing to
 * do here (WMI, tracing, service time, ...) are accepted without effect; LinkDown
 * holds I/O until LinkUp; ResetDetected holds it for the reset hold; QueryTickCount
 * counts; GetExtendedFunctionTable answers none; StateChangeDetected rescans and then
 * calls the miniport back; AsyncNotificationDetected and MarkDeviceFailedEx report
 * success; EnablePassiveInitialization is refused outside HwInitialize; an unknown
 * type changes nothing. After all of it the adapter still serves requests.
 */
#include <time.h>

#include "harness.h"

#define STOR_STATUS_SUCCESS_ 0u

static struct tracker tr;

static void submit(struct ustor_adapter *a, struct tracked *r)
{
    tracked_tur(r, &tr);
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &r->req));
}

static void check_link(struct tmp_control *t, struct ustor_adapter *a)
{
    struct tracked r;
    uint64_t done = atomic_load(&tr.done);
    harness_call(TMP_OP_NOTIFY, 0x0B /* LinkDown */, 0, 0, 0);
    submit(a, &r);
    CHECK(!harness_wait_value(&t->held, 1, 1), "a request started while the link was down");
    harness_call(TMP_OP_NOTIFY, 0x0A /* LinkUp */, 0, 0, 0);
    CHECK(harness_wait_value(&t->held, 1, 10), "LinkUp did not restart I/O");
    CHECK(harness_release_all() == 1 && tracker_wait(&tr, done + 1, 10), "release");
}

static void check_reset_detected(struct tmp_control *t, struct ustor_adapter *a)
{
    struct tracked r;
    uint64_t done = atomic_load(&tr.done);
    harness_call(TMP_OP_NOTIFY, 0x03 /* ResetDetected */, 0, 0, 0);
    submit(a, &r);
    CHECK(harness_wait_value(&t->held, 1, 20), "I/O never resumed after the reset hold");
    CHECK(harness_release_all() == 1 && tracker_wait(&tr, done + 1, 10), "completion");
}

static void check_accepted_types(void)
{
    static const int64_t types[] = {0x01, 0x02, 0x08, 0x09, 0x0D, 0x0E, 0x04, 0x05, 0x1006,
                                    0x1008, 0x100B, 0x100E, 0x100F, 0x1010, 0x1234};
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++)
        CHECK(harness_call(TMP_OP_NOTIFY, types[i], 0, 0, 0) != 0, "type 0x%llx",
              (long long)types[i]);
    int64_t t1 = harness_call(TMP_OP_NOTIFY, 0x0C /* QueryTickCount */, 0, 0, 0);
    struct timespec ts = {0, 40 * 1000000L};
    nanosleep(&ts, NULL);
    int64_t t2 = harness_call(TMP_OP_NOTIFY, 0x0C, 0, 0, 0);
    CHECK(t1 >= 0 && t2 > t1, "tick count %lld then %lld", (long long)t1, (long long)t2);
    CHECK(harness_call(TMP_OP_NOTIFY, 0x0F /* GetExtendedFunctionTable */, 0, 0, 0) == 1,
          "an extended function table was returned");
    CHECK(harness_call(TMP_OP_NOTIFY, 0x1007 /* Async */, 0, 0, 0) == STOR_STATUS_SUCCESS_,
          "AsyncNotificationDetected");
    CHECK(harness_call(TMP_OP_NOTIFY, 0x100C /* MarkDeviceFailed */, 0, 0, 0) == 1, "MarkDeviceFailed");
    CHECK(harness_call(TMP_OP_NOTIFY, 0x100D /* MarkDeviceFailedEx */, 0, 0, 0) == STOR_STATUS_SUCCESS_,
          "MarkDeviceFailedEx");
    CHECK(harness_call(TMP_OP_ENABLE_PASSIVE, 0, 0, 0, 0) == 0,
          "EnablePassiveInitialization accepted outside HwInitialize");
}

static void check_state_change(struct tmp_control *t)
{
    int scans = harness_event_count(t, TMP_EV_REPORT_LUNS);
    CHECK(harness_call(TMP_OP_STATE_CHANGE, 0, 0, 0, 0) == STOR_STATUS_SUCCESS_, "StateChangeDetected");
    CHECK(harness_wait_value(&t->state_change_calls, 1, 20), "HwStateChange never called");
    CHECK(t->state_change_status == 0 && harness_event_count(t, TMP_EV_REPORT_LUNS) > scans,
          "no rescan before the callback");
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_accepted_types();
    check_link(t, a);
    check_reset_detected(t, a);
    check_state_change(t);
    struct tracked r;
    uint64_t done = atomic_load(&tr.done);
    submit(a, &r);
    CHECK(harness_wait_value(&t->held, 1, 10) && harness_release_all() == 1, "still serving");
    CHECK(tracker_wait(&tr, done + 1, 10) && atomic_load(&tr.twice) == 0, "completion");
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
