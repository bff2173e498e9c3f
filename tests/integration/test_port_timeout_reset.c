/*
 * Timeouts: a request the miniport keeps past its TimeOutValue makes the port call
 * HwResetBus; what the miniport completes there (SRB_STATUS_BUS_RESET) reaches the
 * caller once; what it still keeps after the reset hold is completed by the port
 * with SRB_STATUS_TIMEOUT, once, and the miniport's late completion of it is
 * absorbed (counted, its slot freed) without a second callback. A request whose
 * deadline has not passed is left alone.
 */
#include <errno.h>

#include "harness.h"

static void check_reset_completes(struct tmp_control *t, struct ustor_lun *lun)
{
    struct tracker tr = {0};
    struct tracked r;
    tracked_tur(&r, &tr);
    r.req.timeout = 1;
    CHECK_OK(ustor_lun_submit(lun, &r.req));
    CHECK(tracker_wait(&tr, 1, 60), "the timed-out request never completed");
    CHECK(harness_event_count(t, TMP_EV_RESET_BUS) == 1, "HwResetBus calls: %d",
          harness_event_count(t, TMP_EV_RESET_BUS));
    CHECK(r.req.srb_status == 0x0E /* SRB_STATUS_BUS_RESET */ && r.req.result == -ECANCELED,
          "status 0x%x result %d", r.req.srb_status, r.req.result);
    CHECK(t->reset_completed == 1 && atomic_load(&tr.twice) == 0, "completed once, by the reset");
}

static void check_port_completes(struct tmp_control *t, struct ustor_adapter *a)
{
    struct tracker tr = {0};
    struct tracked quick, patient;
    tracked_tur(&quick, &tr);
    tracked_tur(&patient, &tr);
    quick.req.timeout = 1;
    patient.req.timeout = 600;
    t->deaf_reset = 1;
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 1), &patient.req));
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &quick.req));
    CHECK(tracker_wait(&tr, 1, 60), "the port did not complete the timed-out request");
    CHECK(atomic_load(&quick.completions) == 1 && atomic_load(&patient.completions) == 0,
          "the wrong request completed");
    CHECK(quick.req.srb_status == 0x09 /* SRB_STATUS_TIMEOUT */ && quick.req.result == -ETIMEDOUT,
          "status 0x%x", quick.req.srb_status);
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.timed_out == 1 && st.slots_free == st.slots_total - 2, "timed out %llu, free %u/%u",
          (unsigned long long)st.timed_out, st.slots_free, st.slots_total);
    CHECK(harness_release_all() == 2, "the miniport should still hold both");
    CHECK(tracker_wait(&tr, 2, 30), "the patient request did not complete");
    CHECK(atomic_load(&quick.completions) == 1 && atomic_load(&tr.twice) == 0, "a second callback");
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.late_completions == 1 && st.bad_completions == 0, "late %llu bad %llu",
          (unsigned long long)st.late_completions, (unsigned long long)st.bad_completions);
    CHECK(st.slots_free == st.slots_total && st.outstanding == 0, "slots not all back");
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    t->luns = 2;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_reset_completes(t, ustor_adapter_lun(a, 0, 0, 0));
    check_port_completes(t, a);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
