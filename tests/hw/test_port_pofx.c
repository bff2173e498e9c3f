/*
 * Runtime power management: StorPortInitializePoFxPower registers V1-V3 devices for
 * the adapter and a unit (and refuses malformed ones and a second registration);
 * PoFxActivateComponent/PoFxIdleComponent keep real reference counts whose edges reach
 * HwAdapterControl/HwUnitControl (F0 and active, then idle and the deepest F-state the
 * latency and residency set with PoFxSetComponentLatency/Residency allow);
 * PoFxSetIdleTimeout and PoFxPowerControl are recorded; the host drives F-states.
 */
#include "hwtest.h"

#include <string.h>
#include <time.h>

#define ST_OK 0u
#define ST_UNSUCCESSFUL 0xC1000001u
#define ST_NOT_IMPLEMENTED 0xC1000002u
#define ST_INVALID_PARAMETER 0xC1000006u
#define ST_INVALID_DEVICE_REQUEST 0xC1000007u
#define ST_INVALID_DEVICE_STATE 0xC1000009u
#define ST_BUSY 0xC100000Cu
#define ADAPTER_ACTIVE 8
#define ADAPTER_FSTATE 9
#define UNIT_ACTIVE 6
#define UNIT_FSTATE 7
#define FLAG_IDLE_TIMEOUT 0x10u
#define FLAG_ENABLE_D3_COLD 0x04u
#define FLAG_NO_UNIT_REGISTRATION 0x40u

static struct ustor_power_info info(struct hwt *t, struct ustor_lun *lun)
{
    struct ustor_power_info i;
    CHECK_OK(ustor_adapter_power_info(t->adapter, lun, &i));
    return i;
}

/* Polls (bounded) until the component is in F-state F with the activity given. */
static bool settles(struct hwt *t, struct ustor_lun *lun, uint32_t f, bool active)
{
    struct timespec ts = {0, 1000000};
    for (int i = 0; i < 10000; i++) {
        struct ustor_power_info p = info(t, lun);
        if (p.f_state == f && p.active == active)
            return true;
        nanosleep(&ts, NULL);
    }
    return false;
}

static uint32_t op(int o, int64_t unit, int64_t b, int64_t c, int64_t d)
{
    return (uint32_t)hwt_call(o, unit, b, c, d);
}

static struct hwmp_control *start(struct hwt *t, int version, uint32_t flags, bool acpi)
{
    struct hwmp_control *c = hwt_control();
    struct testdev_config cfg = {.acpi = acpi};
    c->claim_power = 1;
    c->pofx_adapter = version;
    c->pofx_flags = flags;
    c->pofx_fstates = 3;
    uint64_t lat[3] = {0, 100, 10000}, res[3] = {0, 1000, 100000};
    memcpy(c->fstate_latency, lat, sizeof lat);
    memcpy(c->fstate_residency, res, sizeof res);
    hwt_start(t, &cfg);
    return c;
}

static void registration(struct hwt *t, struct hwmp_control *c)
{
    struct ustor_power_info p = info(t, NULL);
    CHECK(c->pofx_status == ST_OK, "adapter registration: 0x%x", c->pofx_status);
    CHECK(c->pofx_d3cold == 0, "D3cold not asked for");
    CHECK(p.pofx_registered && p.pofx_version == 2 && p.f_states == 3 && p.f_state == 0 &&
          p.active && p.active_refs == 0, "registered V2, 3 F-states, active in F0");
    CHECK(p.idle_timeout_ms == 1500, "the V2 idle timeout (%u)", p.idle_timeout_ms);
    CHECK(op(HWMP_OP_POFX_INIT, 0, 2, 3, 0) == ST_UNSUCCESSFUL, "a second registration");
    CHECK(op(HWMP_OP_POFX_INIT, 1, 1, 3, 0) == ST_INVALID_PARAMETER, "a unit has at most 2 F-states");
    CHECK(op(HWMP_OP_POFX_INIT, 1, 7, 1, 0) == ST_INVALID_PARAMETER, "device version 7");
    CHECK(op(HWMP_OP_POFX_INIT, 1, 1, 2, 0) == ST_OK, "unit registered (V1)");
    CHECK(info(t, t->lun).pofx_registered && info(t, t->lun).f_states == 2, "unit recorded");
}

static void references(struct hwt *t)
{
    CHECK(op(HWMP_OP_ACTIVATE, 0, 0, 0, 0) == ST_OK, "active already: SUCCESS");
    CHECK(op(HWMP_OP_ACTIVATE, 0, 0, 0, 0) == ST_OK && info(t, NULL).active_refs == 2, "2 refs");
    CHECK(op(HWMP_OP_IDLE, 0, 0, 0, 0) == ST_OK && info(t, NULL).active_refs == 1, "1 ref");
    CHECK(op(HWMP_OP_IDLE, 0, 0, 0, 0) == ST_OK, "last reference dropped");
    CHECK(settles(t, NULL, 2, false), "idle with no constraint: the deepest F-state, F2");
    const struct hwmp_event *e = hwt_event_last(HWMP_EV_ADAPTER, ADAPTER_FSTATE);
    CHECK(e && e->a == 0 && e->b == 2, "HwAdapterControl(PoFxPowerSetFState, F2)");
    unsigned long long before = ustor_log_guest_problems();
    CHECK(op(HWMP_OP_IDLE, 0, 0, 0, 0) == ST_INVALID_DEVICE_STATE, "idle with no reference");
    CHECK(ustor_log_guest_problems() > before, "reported");
    int actives = hwt_event_count(HWMP_EV_ADAPTER, ADAPTER_ACTIVE);
    CHECK(op(HWMP_OP_ACTIVATE, 0, 0, 0, 0) == ST_BUSY, "idle component: BUSY while it comes up");
    CHECK(settles(t, NULL, 0, true), "back in F0 and active");
    CHECK(hwt_event_wait(HWMP_EV_ADAPTER, ADAPTER_ACTIVE, actives + 1, 10) &&
          hwt_event_last(HWMP_EV_ADAPTER, ADAPTER_ACTIVE)->b == 1, "PoFxPowerActive(TRUE)");
    CHECK(hwt_event_last(HWMP_EV_ADAPTER, ADAPTER_FSTATE)->b == 0, "SetFState(F0)");
    CHECK(op(HWMP_OP_ACTIVATE, 0, 0, 0, 0) == ST_OK && info(t, NULL).active_refs == 2, "2 refs");
}

static void constraints(struct hwt *t)
{
    CHECK(op(HWMP_OP_LATENCY, 0, 0, 500, 0) == ST_OK && info(t, NULL).latency == 500, "latency");
    CHECK(info(t, NULL).f_state == 0, "an active component stays in F0");
    op(HWMP_OP_IDLE, 0, 0, 0, 0);
    op(HWMP_OP_IDLE, 0, 0, 0, 0);
    CHECK(settles(t, NULL, 1, false), "latency 500 rules out F2 (10000): F1");
    CHECK(op(HWMP_OP_RESIDENCY, 0, 0, 500, 0) == ST_OK && info(t, NULL).residency == 500,
          "residency");
    CHECK(settles(t, NULL, 0, false), "residency 500 rules out F1 (1000): F0");
    CHECK(op(HWMP_OP_RESIDENCY, 0, 0, 200000, 0) == ST_OK, "residency widened");
    CHECK(settles(t, NULL, 1, false), "F1 again");
    CHECK(op(HWMP_OP_IDLE_TIMEOUT, 0, 0, 3000, 0) == ST_OK &&
          info(t, NULL).idle_timeout_ms == 3000, "PoFxSetIdleTimeout recorded");
    struct hwmp_control *c = hwt_control_peek();
    CHECK(op(HWMP_OP_POWER_CONTROL, 0, 0, 0, 0) == ST_NOT_IMPLEMENTED && c->op_returned == 0,
          "no power engine plug-in claims the code");
    CHECK(info(t, NULL).power_controls == 1, "PoFxPowerControl recorded");
    CHECK(op(HWMP_OP_ACTIVATE_BAD, 0, 1, 0, 0) == ST_INVALID_PARAMETER, "component 1");
    CHECK(op(HWMP_OP_ACTIVATE_BAD, 0, 2, 0, 0) == ST_INVALID_PARAMETER, "Flags 1");
}

static int host_f(struct hwt *t, struct ustor_lun *lun, uint32_t f)
{
    struct ustor_power_request r = {.size = sizeof r, .kind = USTOR_POWER_FUNCTIONAL,
                                    .lun = lun, .state = f};
    return ustor_adapter_power(t->adapter, &r);
}

static void host_driven(struct hwt *t)
{
    CHECK_OK(host_f(t, NULL, 2));
    CHECK(info(t, NULL).f_state == 2 && hwt_event_last(HWMP_EV_ADAPTER, ADAPTER_FSTATE)->b == 2,
          "the host's F2 reached HwAdapterControl");
    CHECK(host_f(t, NULL, 3) == -EINVAL, "no F3");
    CHECK(op(HWMP_OP_ACTIVATE, 0, 0, 0, 0) == ST_BUSY && settles(t, NULL, 0, true), "activated");
    CHECK(host_f(t, NULL, 1) == -EBUSY, "no deeper state while active");
    CHECK(op(HWMP_OP_IDLE, 0, 0, 0, 0) == ST_OK, "idle");
    CHECK(op(HWMP_OP_ACTIVATE, 1, 0, 0, 0) == ST_OK, "unit activated");
    CHECK(op(HWMP_OP_IDLE, 1, 0, 0, 0) == ST_OK, "unit idled");
    CHECK(settles(t, t->lun, 1, false), "the unit idles into F1");
    CHECK(hwt_event_last(HWMP_EV_UNIT, UNIT_ACTIVE)->b == 0 &&
          hwt_event_last(HWMP_EV_UNIT, UNIT_FSTATE)->b == 1, "HwUnitControl saw idle and F1");
    CHECK_OK(host_f(t, t->lun, 0));
    CHECK(hwt_event_last(HWMP_EV_UNIT, UNIT_FSTATE)->b == 0, "the host's F0 for the unit");
}

static void unregistered_and_d3cold(void)
{
    struct hwt t;
    start(&t, 0, 0, true);
    CHECK(op(HWMP_OP_ACTIVATE, 0, 0, 0, 0) == ST_INVALID_PARAMETER, "not registered");
    CHECK(host_f(&t, NULL, 0) == -ENODEV, "no F-states before registration");
    struct hwmp_control *c = hwt_control_peek();
    CHECK(op(HWMP_OP_POFX_INIT, 0, 3, 2, FLAG_ENABLE_D3_COLD | FLAG_NO_UNIT_REGISTRATION) == ST_OK &&
          c->op_flag == 1, "V3 with D3cold where the firmware has _PR3");
    CHECK(info(&t, NULL).d3cold_enabled && info(&t, NULL).pofx_version == 3, "recorded");
    CHECK(op(HWMP_OP_POFX_INIT, 1, 1, 1, 0) == ST_INVALID_DEVICE_REQUEST,
          "NO_UNIT_REGISTRATION refuses the unit");
    hwt_stop(&t);
    start(&t, 0, 0, false);
    CHECK(op(HWMP_OP_POFX_INIT, 0, 1, 1, FLAG_ENABLE_D3_COLD) == ST_OK && c->op_flag == 0,
          "no D3cold without firmware support");
    hwt_stop(&t);
}

int main(void)
{
    struct hwt t;
    hwt_quiet();
    struct hwmp_control *c = start(&t, 2, FLAG_IDLE_TIMEOUT, false);
    registration(&t, c);
    references(&t);
    constraints(&t);
    host_driven(&t);
    hwt_stop(&t);
    unregistered_and_d3cold();
    printf("test_port_pofx: ok\n");
    return 0;
}
