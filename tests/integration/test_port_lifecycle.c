/*
 * The order of the miniport's callbacks over an adapter's life: DriverEntry,
 * HwFindAdapter, HwInitialize, HwPassiveInitializeRoutine (at PASSIVE, on a thread
 * that may busy-wait while a timer fires), the control-type query, REPORT LUNS then
 * INQUIRY, ScsiUnitStart; on stop a flush then ScsiStopAdapter, requests submitted
 * while stopped wait and complete after ScsiRestartAdapter; on removal ScsiUnitRemove,
 * the adapter's SRB_FUNCTION_PNP StorRemoveDevice (where StorAHCI and nvmewin release
 * what they allocated), ScsiStopAdapter and HwFreeAdapterResources last.
 * Also: StorPortEnablePassiveInitialization works only inside HwInitialize.
 */
#include "harness.h"

#define EV(ev) harness_event_index(t, (ev), 0)
#define BEFORE(x, y) CHECK(EV(x) >= 0 && EV(y) >= 0 && EV(x) < EV(y), "%s (%d) before %s (%d)", \
                           #x, EV(x), #y, EV(y))

static void check_bring_up(struct tmp_control *t, struct ustor_adapter *a)
{
    BEFORE(TMP_EV_DRIVER_ENTRY, TMP_EV_FIND_ADAPTER);
    BEFORE(TMP_EV_FIND_ADAPTER, TMP_EV_INITIALIZE);
    BEFORE(TMP_EV_INITIALIZE, TMP_EV_PASSIVE_INIT);
    BEFORE(TMP_EV_PASSIVE_INIT_DONE, TMP_EV_ADAPTER_CONTROL + 0);
    BEFORE(TMP_EV_ADAPTER_CONTROL + 0, TMP_EV_UNIT_CONTROL + 0);
    BEFORE(TMP_EV_UNIT_CONTROL + 0, TMP_EV_REPORT_LUNS);
    BEFORE(TMP_EV_REPORT_LUNS, TMP_EV_INQUIRY);
    BEFORE(TMP_EV_INQUIRY, TMP_EV_UNIT_CONTROL + 2 /* ScsiUnitStart */);
    CHECK(harness_event_count(t, TMP_EV_UNIT_CONTROL + 2) == 2, "ScsiUnitStart per unit");
    CHECK(ustor_adapter_luns(a, NULL, 0) == 2, "two units");
    if (t->passive_irql >= 0)
        CHECK(t->passive_irql == 0, "passive init at IRQL %d", t->passive_irql);
    else
        printf("note: StorPortGetCurrentIrql not available; passive IRQL not checked\n");
}

static void check_stop_restart(struct tmp_control *t, struct ustor_adapter *a)
{
    struct ustor_lun *lun = ustor_adapter_lun(a, 0, 0, 1);
    CHECK(lun != NULL, "unit (0,0,1)");
    CHECK_OK(ustor_adapter_stop(a));
    int stop = harness_event_index(t, TMP_EV_ADAPTER_CONTROL + 1, 0);
    CHECK(stop >= 0, "ScsiStopAdapter not sent");
    int flush = harness_event_index(t, TMP_EV_FLUSH, 0);
    CHECK(flush >= 0 && flush < stop, "flush (%d) before stop (%d)", flush, stop);
    struct tracker tr = {0};
    struct tracked r;
    tracked_tur(&r, &tr);
    int32_t startio = harness_read(&t->startio_calls);
    CHECK_OK(ustor_lun_submit(lun, &r.req));
    CHECK(!tracker_wait(&tr, 1, 1), "a request completed on a stopped adapter");
    CHECK(harness_read(&t->startio_calls) == startio, "HwStartIo ran while stopped");
    CHECK_OK(ustor_adapter_restart(a));
    CHECK(harness_event_index(t, TMP_EV_ADAPTER_CONTROL + 2, 0) > stop, "ScsiRestartAdapter");
    CHECK(tracker_wait(&tr, 1, 30), "the waiting request did not complete after restart");
    CHECK(atomic_load(&tr.ok) == 1 && atomic_load(&tr.twice) == 0, "completed once, well");
}

static void check_removal(struct tmp_control *t, struct ustor_adapter *a)
{
    int before = harness_read(&t->nevents);
    CHECK_OK(ustor_adapter_remove(a));
    int removes = 0, last_remove = -1, pnp_removes = 0, pnp = -1, stop = -1, freed = -1;
    for (int i = before; i < harness_read(&t->nevents); i++) {
        if (t->events[i] == TMP_EV_UNIT_CONTROL + 9) {
            removes++;
            last_remove = i;
        }
        if (t->events[i] == TMP_EV_ADAPTER_PNP + 2 /* StorRemoveDevice */) {
            pnp_removes++;
            pnp = i;
        }
        if (t->events[i] == TMP_EV_ADAPTER_CONTROL + 1)
            stop = i;
        if (t->events[i] == TMP_EV_FREE_RESOURCES)
            freed = i;
    }
    CHECK(removes == 2, "ScsiUnitRemove per unit: %d", removes);
    CHECK(pnp_removes == 1, "adapter StorRemoveDevice PnP SRBs: %d", pnp_removes);
    CHECK(pnp > last_remove && stop > pnp, "units removed (%d), then the adapter's PnP remove "
          "(%d), then ScsiStopAdapter (%d)", last_remove, pnp, stop);
    CHECK(freed > stop, "stop (%d) then HwFreeAdapterResources (%d)", stop, freed);
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->luns = 2;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_bring_up(t, a);
    check_stop_restart(t, a);
    check_removal(t, a);

    /* A passive init that busy-waits until the legacy timer fires still finishes. */
    t->passive_spin = 1;
    a = harness_virtual_adapter(d);
    CHECK(t->passive_timer_fired == 1, "the timer never fired during passive init");
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
