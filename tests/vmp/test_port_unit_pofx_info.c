/*
 * ScsiUnitPoFxPowerInfo when a unit arrives: a miniport that claims the control type gets
 * it for each new unit (also one a rescan finds), after ScsiUnitStart, at PASSIVE, with
 * a STOR_POFX_UNIT_POWER_INFO whose header is version 1, its size and the unit's BTL8
 * address, and IdlePowerEnabled TRUE; registering the unit with PoFx from there (as
 * StorAHCI does) succeeds and shows in ustor_adapter_power_info. A miniport that does
 * not claim it never gets it; one that fails it still has its unit.
 */
#include <string.h>

#include "vmp_harness.h"

#define UC_START 2         /* ScsiUnitStart */
#define UC_POFX_INFO 4     /* ScsiUnitPoFxPowerInfo */

static bool registered(struct ustor_adapter *a, uint8_t lun)
{
    struct ustor_power_info info;
    memset(&info, 0, sizeof info);
    CHECK_OK(ustor_adapter_power_info(a, ustor_adapter_lun(a, 0, 0, lun), &info));
    return info.pofx_registered;
}

static void check_claimed(struct vmp_control *c, struct ustor_driver *d)
{
    int ev0 = vmp_read(&c->nevents);
    c->luns = 2;
    c->pofx_unit = 1;
    struct ustor_adapter *a = vmp_adapter(d);
    CHECK(c->pofx_info_calls == 2 && c->pofx_info_bad == 0 && c->pofx_info_not_passive == 0,
          "calls %d bad %d not passive %d", c->pofx_info_calls, c->pofx_info_bad,
          c->pofx_info_not_passive);
    CHECK(c->pofx_idle_enabled == 1 && c->pofx_register_status == 0, "idle %d register 0x%x",
          c->pofx_idle_enabled, c->pofx_register_status);
    for (int k = 0; k < 2; k++) {
        int start = vmp_event_index(VMP_EV_UNIT_CONTROL + UC_START, k);
        int info = vmp_event_index(VMP_EV_UNIT_CONTROL + UC_POFX_INFO, k);
        CHECK(start >= ev0 && info > start, "unit %d: ScsiUnitStart at %d, PoFxPowerInfo at %d",
              k, start, info);
    }
    CHECK(registered(a, 0) && registered(a, 1), "the units are not registered with PoFx");
    c->luns = 3;
    CHECK_OK(ustor_adapter_rescan(a));
    CHECK(c->pofx_info_calls == 3 && registered(a, 2), "the unit a rescan found: calls %d",
          c->pofx_info_calls);
    CHECK_OK(ustor_adapter_remove(a));
}

static void check_not_claimed(struct vmp_control *c, struct ustor_driver *d)
{
    c->luns = 1;
    c->pofx_unit = 0;
    int calls = c->pofx_info_calls;
    struct ustor_adapter *a = vmp_adapter(d);
    CHECK(c->pofx_info_calls == calls && vmp_event_count(VMP_EV_UNIT_CONTROL + UC_POFX_INFO) == calls,
          "sent to a miniport that does not claim it");
    CHECK(!registered(a, 0), "registered without the control");
    CHECK_OK(ustor_adapter_remove(a));
}

static void check_failed(struct vmp_control *c, struct ustor_driver *d)
{
    c->pofx_unit = 1;
    c->pofx_unit_fail = 1;
    int calls = c->pofx_info_calls;
    struct ustor_adapter *a = vmp_adapter(d);
    CHECK(c->pofx_info_calls == calls + 1, "not sent");
    CHECK(ustor_adapter_lun(a, 0, 0, 0) != NULL, "the unit is gone after a failed power info");
    CHECK(!registered(a, 0), "registered though the miniport failed");
    CHECK_OK(ustor_adapter_remove(a));
}

int main(void)
{
    struct vmp_control *c = vmp_ctl();
    struct ustor_host *h = vmp_host();
    struct ustor_driver *d = vmp_load(h);
    check_claimed(c, d);
    check_not_claimed(c, d);
    check_failed(c, d);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
