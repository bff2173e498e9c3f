/*
 * Bus enumeration: REPORT LUNS to LUN 0 of each target, then INQUIRY to each LUN it
 * reports; an absent target (selection timeout) gets no INQUIRY; without REPORT LUNS
 * the port probes LUNs 0-7 and keeps those whose peripheral qualifier is 000b.
 * StorPortGetLogicalUnit returns the same LU extension for a unit during INQUIRY and
 * I/O, and NULL where there is no unit. BusChangeDetected and ustor_adapter_rescan
 * add and remove units (ScsiUnitStart / ScsiUnitRemove, with host LUN events).
 */
#include <string.h>
#include <time.h>

#include "harness.h"

static _Atomic int arrived, removed;

static void on_lun(void *ctx, struct ustor_lun *lun, enum ustor_lun_event ev)
{
    (void)ctx; (void)lun;
    atomic_fetch_add(ev == USTOR_LUN_ARRIVED ? &arrived : &removed, 1);
}

static struct ustor_adapter *add(struct ustor_driver *d)
{
    struct ustor_adapter_options o = {.size = sizeof o, .lun_event = on_lun};
    struct ustor_adapter *a = NULL;
    CHECK_OK(ustor_adapter_add(d, &o, &a));
    return a;
}

static void check_report_luns_path(struct tmp_control *t, struct ustor_driver *d)
{
    t->targets = 2;
    t->max_targets = 4;
    t->luns = 3;
    struct ustor_adapter *a = add(d);
    struct ustor_lun_info info[16];
    CHECK(ustor_adapter_luns(a, info, 16) == 6, "6 units (2 targets x 3 LUNs)");
    CHECK(harness_event_count(t, TMP_EV_REPORT_LUNS) == 4, "REPORT LUNS to each of 4 targets: %d",
          harness_event_count(t, TMP_EV_REPORT_LUNS));
    CHECK(harness_event_count(t, TMP_EV_INQUIRY) == 6, "one INQUIRY per reported LUN: %d",
          harness_event_count(t, TMP_EV_INQUIRY));
    CHECK(harness_event_index(t, TMP_EV_REPORT_LUNS, 0) < harness_event_index(t, TMP_EV_INQUIRY, 0),
          "REPORT LUNS before INQUIRY");
    CHECK(info[0].peripheral_type == 0 && !memcmp(info[0].inquiry + 8, "USTOR", 5),
          "INQUIRY data kept");
    CHECK(atomic_load(&arrived) == 6, "ARRIVED events: %d", atomic_load(&arrived));
    CHECK(harness_call(TMP_OP_GET_LOGICAL_UNIT, 1, 2, 0, 0) == 1, "LU extension of (0,1,2)");
    CHECK(harness_call(TMP_OP_GET_LOGICAL_UNIT, 3, 0, 0, 0) == 0, "no LU extension at target 3");
    struct ustor_scsi_request r;
    memset(&r, 0, sizeof r);
    harness_cdb_tur(&r);
    CHECK_OK(ustor_lun_execute(ustor_adapter_lun(a, 0, 1, 2), &r));
    CHECK(t->lu_ext_mismatch == 0, "StorPortGetLogicalUnit changed for a unit");
    CHECK(ustor_adapter_lun(a, 0, 2, 0) == NULL, "a unit at an absent target");

    t->luns = 2;   /* the third LUN of each target goes away */
    harness_call(TMP_OP_BUS_CHANGE, 0, 0, 0, 0);
    struct timespec ms = {0, 1000000};
    for (int i = 0; i < 20000 && atomic_load(&removed) < 2; i++)
        nanosleep(&ms, NULL);
    CHECK(ustor_adapter_luns(a, NULL, 0) == 4, "after BusChangeDetected: %d units",
          ustor_adapter_luns(a, NULL, 0));
    CHECK(atomic_load(&removed) == 2, "REMOVED events: %d", atomic_load(&removed));
    CHECK(harness_event_count(t, TMP_EV_UNIT_CONTROL + 9) == 2, "ScsiUnitRemove twice");
    t->luns = 3;
    CHECK_OK(ustor_adapter_rescan(a));
    CHECK(ustor_adapter_luns(a, NULL, 0) == 6 && atomic_load(&arrived) == 8, "units back");
    CHECK_OK(ustor_adapter_remove(a));
}

static void check_inquiry_probe_path(struct tmp_control *t, struct ustor_driver *d)
{
    memset(t->inquiries, 0, sizeof t->inquiries);
    t->targets = 1;
    t->max_targets = 1;
    t->luns = 2;
    t->max_luns = 16;
    t->no_report_luns = 1;
    struct ustor_adapter *a = add(d);
    CHECK(ustor_adapter_luns(a, NULL, 0) == 2, "2 units found by probing");
    for (int l = 0; l < 8; l++)
        CHECK(t->inquiries[0][l] == 1, "INQUIRY to LUN %d: %d", l, t->inquiries[0][l]);
    CHECK(ustor_adapter_lun(a, 0, 0, 1) != NULL && ustor_adapter_lun(a, 0, 0, 2) == NULL,
          "qualifier 011b is no unit");
    CHECK_OK(ustor_adapter_remove(a));
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    check_report_luns_path(t, d);
    check_inquiry_probe_path(t, d);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
