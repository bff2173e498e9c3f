/*
 * Device power the host drives and what the miniport declares about it: D-state
 * transitions of a unit and of the adapter reach HwUnitControl(ScsiUnitPower) and
 * HwAdapterControl(ScsiAdapterPower) (units first on the way down, requests held
 * meanwhile), or SRB_FUNCTION_POWER and stop/restart for a miniport without them;
 * StorPortSetPowerSettingNotificationGuids decides which setting changes are
 * delivered; StorPortSetUnitAttributes, StorPortGetD3ColdSupport and
 * StorPortInvokeAcpiMethod answer from the device's firmware as the host gave it.
 */
#include "hwtest.h"

#include <string.h>
#include <time.h>

#define ST_OK 0u
#define ST_NOT_IMPLEMENTED 0xC1000002u
#define ST_INSUFFICIENT 0xC1000003u
#define ST_INVALID_PARAMETER 0xC1000006u
#define ST_INVALID_IRQL 0xC1000008u
#define D0 1
#define D3 4
#define ACTION_SLEEP 2
#define ACTION_HIBERNATE 3
#define ADAPTER_STOP 1
#define ADAPTER_RESTART 2
#define ADAPTER_SETTING 5
#define ADAPTER_POWER 6
#define UNIT_POWER 3

static const uint8_t setting_guid[16] = {0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
                                         0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};

static int d_state(struct hwt *t, struct ustor_lun *lun, uint32_t d, uint32_t action)
{
    struct ustor_power_request r = {.size = sizeof r, .kind = USTOR_POWER_DEVICE, .lun = lun,
                                    .state = d, .action = action};
    return ustor_adapter_power(t->adapter, &r);
}

static uint32_t dstate_of(struct hwt *t, struct ustor_lun *lun)
{
    struct ustor_power_info i;
    CHECK_OK(ustor_adapter_power_info(t->adapter, lun, &i));
    return i.d_state;
}

static int event_index(int kind, int type, int64_t a)
{
    struct hwmp_control *c = hwt_control_peek();
    for (int i = c->nevents - 1; i >= 0; i--)
        if (c->events[i].kind == kind && c->events[i].type == type && c->events[i].a == a)
            return i;
    return -1;
}

static struct tracked held;
static struct tracker held_tr;

static void submit_held(struct hwt *t)
{
    struct ustor_adapter_stats st;
    tracked_tur(&held, &held_tr);
    CHECK_OK(ustor_lun_submit(t->lun, &held.req));
    CHECK_OK(ustor_adapter_get_stats(t->adapter, &st));
    CHECK(st.waiting == 1 && atomic_load(&held_tr.done) == 0, "a request waits while below D0");
}

static void with_power_controls(void)
{
    struct hwt t;
    hwt_control()->claim_power = 1;
    hwt_start(&t, NULL);
    CHECK_OK(d_state(&t, t.lun, D3, ACTION_SLEEP));
    const struct hwmp_event *e = hwt_event_last(HWMP_EV_UNIT, UNIT_POWER);
    CHECK(e && e->a == D3 && e->b == ACTION_SLEEP, "HwUnitControl(ScsiUnitPower, D3, sleep)");
    CHECK(dstate_of(&t, t.lun) == D3, "the unit is in D3");
    CHECK_OK(d_state(&t, t.lun, D0, ACTION_SLEEP));
    CHECK(hwt_event_last(HWMP_EV_UNIT, UNIT_POWER)->a == D0 && dstate_of(&t, t.lun) == D0, "D0");
    CHECK_OK(d_state(&t, NULL, D3, ACTION_HIBERNATE));
    int unit_down = event_index(HWMP_EV_UNIT, UNIT_POWER, D3);
    int adapter_down = event_index(HWMP_EV_ADAPTER, ADAPTER_POWER, D3);
    CHECK(unit_down >= 0 && adapter_down > unit_down, "the unit went down before the adapter");
    CHECK(hwt_event_last(HWMP_EV_ADAPTER, ADAPTER_POWER)->b == ACTION_HIBERNATE, "the action");
    CHECK(dstate_of(&t, NULL) == D3 && dstate_of(&t, t.lun) == D3, "both in D3");
    submit_held(&t);
    CHECK_OK(d_state(&t, NULL, D0, ACTION_HIBERNATE));
    int adapter_up = event_index(HWMP_EV_ADAPTER, ADAPTER_POWER, D0);
    int unit_up = event_index(HWMP_EV_UNIT, UNIT_POWER, D0);
    CHECK(adapter_up > adapter_down && unit_up > adapter_up, "the adapter came up, then the unit");
    CHECK(tracker_wait(&held_tr, 1, 10) && atomic_load(&held_tr.ok) == 1, "the held request ran");
    CHECK(d_state(&t, NULL, 7, 0) == -EINVAL, "no D6");
    hwt_stop(&t);
}

static void without_power_controls(void)
{
    struct hwt t;
    hwt_control();
    hwt_start(&t, NULL);
    CHECK_OK(d_state(&t, t.lun, D3, ACTION_SLEEP));
    const struct hwmp_event *e = hwt_event_last(HWMP_EV_SRB_POWER, 0x24);
    CHECK(e && e->a == D3 && e->b == ACTION_SLEEP, "SRB_FUNCTION_POWER carried D3");
    CHECK_OK(d_state(&t, t.lun, D0, 0));
    CHECK(hwt_event_last(HWMP_EV_SRB_POWER, 0x24)->a == D0, "and D0");
    CHECK_OK(d_state(&t, NULL, D3, ACTION_SLEEP));
    CHECK(hwt_event_count(HWMP_EV_ADAPTER, ADAPTER_STOP) == 1, "ScsiStopAdapter for D3");
    CHECK(event_index(HWMP_EV_SRB_POWER, 0x24, D3) < event_index(HWMP_EV_ADAPTER, ADAPTER_STOP, 0),
          "the unit's power SRB came first");
    CHECK_OK(d_state(&t, NULL, D0, ACTION_SLEEP));
    CHECK(hwt_event_count(HWMP_EV_ADAPTER, ADAPTER_RESTART) == 1, "ScsiRestartAdapter for D0");
    CHECK(hwt_event_last(HWMP_EV_SRB_POWER, 0x24)->a == D0, "the unit came back to D0");
    struct hwmp_read_info ri;
    CHECK_OK(hwt_read(&t, 0, &ri));
    hwt_stop(&t);
}

static int setting(struct hwt *t, const uint8_t *guid, uint32_t value)
{
    struct ustor_power_request r = {.size = sizeof r, .kind = USTOR_POWER_SETTING,
                                    .value = &value, .value_length = sizeof value};
    memcpy(r.setting_guid, guid, 16);
    return ustor_adapter_power(t->adapter, &r);
}

static void settings(void)
{
    struct hwt t;
    struct hwmp_control *c = hwt_control();
    c->claim_power = 1;
    hwt_start(&t, NULL);
    struct ustor_power_info i;
    CHECK(c->guids_status == ST_OK, "GUID registered in HwFindAdapter");
    CHECK_OK(ustor_adapter_power_info(t.adapter, NULL, &i));
    CHECK(i.setting_guids == 1, "one GUID");
    CHECK_OK(setting(&t, setting_guid, 42));
    const struct hwmp_event *e = hwt_event_last(HWMP_EV_ADAPTER, ADAPTER_SETTING);
    CHECK(e && e->a == 1 && e->b == 42, "ScsiPowerSettingNotification with the GUID and 42");
    uint8_t other[16] = {1};
    CHECK(setting(&t, other, 1) == -ENOENT, "a GUID nobody registered is not delivered");
    CHECK(hwt_event_count(HWMP_EV_ADAPTER, ADAPTER_SETTING) == 1, "only one delivered");
    memcpy(c->buf, setting_guid, 16);
    memcpy(c->buf + 16, other, 16);
    CHECK(hwt_call(HWMP_OP_GUIDS, 0, 2, 0, 0) == ST_OK, "two more, one already known");
    CHECK_OK(ustor_adapter_power_info(t.adapter, NULL, &i));
    CHECK(i.setting_guids == 2, "two GUIDs (%u)", i.setting_guids);
    CHECK_OK(setting(&t, other, 7));
    CHECK(hwt_call(HWMP_OP_GUIDS, 0, 0, 0, 0) == ST_INVALID_PARAMETER, "no GUIDs");
    hwt_stop(&t);
}

static void attributes_and_firmware(bool acpi)
{
    struct hwt t;
    struct hwmp_control *c = hwt_control();
    struct testdev_config cfg = {.acpi = acpi};
    c->unit_attributes = 0x5;   /* device attention, D3cold not supported */
    hwt_start(&t, &cfg);
    struct ustor_power_info i;
    CHECK(c->unit_attr_status == ST_OK, "SetUnitAttributes at INQUIRY: 0x%x", c->unit_attr_status);
    CHECK_OK(ustor_adapter_power_info(t.adapter, t.lun, &i));
    CHECK(i.unit_attributes == 0x5, "attributes recorded (0x%x)", i.unit_attributes);
    CHECK(hwt_call(HWMP_OP_UNIT_ATTR, 0, 1, 0, 0) == ST_INVALID_PARAMETER, "attributes need a unit");
    CHECK(hwt_call(HWMP_OP_D3COLD, 0, 0, 0, 0) == ST_OK && c->op_flag == acpi,
          "adapter D3cold: %d", c->op_flag);
    CHECK(hwt_call(HWMP_OP_D3COLD, 1, 0, 0, 0) == ST_OK && c->op_flag == 0,
          "never for a unit that said D3ColdNotSupported");
    uint32_t calls = testdev_acpi_calls(t.dev);
    uint32_t st = (uint32_t)hwt_call(HWMP_OP_ACPI, 0, HWT_ACPI('_', 'S', 'D', 'D'), 16, 0);
    if (acpi) {
        uint32_t echoed;
        memcpy(&echoed, c->buf, 4);
        CHECK(st == ST_OK && c->op_returned == 4 && echoed == 8, "_SDD ran with 8 input bytes");
        CHECK(hwt_call(HWMP_OP_ACPI, 1, HWT_ACPI('_', 'G', 'T', 'F'), 16, 0) == ST_OK &&
              c->op_returned == 7 && c->buf[6] == 0xEF, "the unit's _GTF");
        CHECK(hwt_call(HWMP_OP_ACPI, 1, HWT_ACPI('_', 'G', 'T', 'F'), 4, 0) == ST_INSUFFICIENT,
              "output too small");
        CHECK(testdev_acpi_calls(t.dev) == calls + 3, "the device's firmware answered");
    } else {
        CHECK(st == ST_NOT_IMPLEMENTED && c->op_returned == 0, "no firmware method: 0x%x", st);
    }
    CHECK(hwt_call(HWMP_OP_ACPI, 0, HWT_ACPI('_', 'X', 'Y', 'Z'), 16, 0) == ST_NOT_IMPLEMENTED,
          "a method the machine does not have");
    CHECK(hwt_call(HWMP_OP_UNDER_INTERRUPT_LOCK, 0, 0, 0, 0) == ST_INVALID_IRQL &&
          c->op_status == ST_INVALID_IRQL, "ACPI above PASSIVE and activation above DISPATCH "
          "are refused");
    hwt_stop(&t);
}

int main(void)
{
    hwt_quiet();
    with_power_controls();
    without_power_controls();
    settings();
    attributes_and_firmware(true);
    attributes_and_firmware(false);
    printf("test_port_power_device: ok\n");
    return 0;
}
