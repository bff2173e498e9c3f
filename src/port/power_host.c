/*
 * Power transitions the host drives (ustor_adapter_power) and the power state the port
 * keeps (ustor_adapter_power_info).
 *
 * D-states. A unit: HwUnitControl(ScsiUnitPower) when the miniport claims it, else an
 * SRB_FUNCTION_POWER request. The adapter: HwAdapterControl(ScsiAdapterPower) with its
 * requests held (and the outstanding ones drained) while it is below D0; a miniport
 * without ScsiAdapterPower is stopped (ScsiStopAdapter) and restarted instead. Taking
 * the adapter down first takes its present units down, as the disks' power requests
 * precede the adapter's; the units it took down come back up after it.
 * F-states: HwAdapterControl/HwUnitControl PoFxPowerSetFState for a component the
 * miniport registered; deeper than F0 only while it holds no activation reference.
 * Power settings: HwAdapterControl(ScsiPowerSettingNotification) for a GUID the
 * miniport registered.
 * Left out: a unit below D0 does not hold its requests (the host powers it up first).
 */
#include <errno.h>
#include <string.h>

#include "common/error.h"
#include "port/hwstate.h"
#include "port/power.h"

static uint32_t d_state_of(struct ustor_adapter *a, struct power_obj *o)
{
    pthread_mutex_lock(&power_of(a)->lock);
    uint32_t d = o->d_state;
    pthread_mutex_unlock(&power_of(a)->lock);
    return d;
}

static void set_d_state(struct ustor_adapter *a, struct power_obj *o, uint32_t d, bool cascaded)
{
    pthread_mutex_lock(&power_of(a)->lock);
    o->d_state = d;
    o->cascaded = cascaded;
    pthread_mutex_unlock(&power_of(a)->lock);
}

/* ---- units ---- */

static int unit_power_srb(struct ustor_adapter *a, struct ustor_lun *u, uint32_t d,
                          uint32_t action)
{
    if (d_state_of(a, &power_of(a)->adapter) != StorPowerDeviceD0)
        return ustor_error_fail(-EAGAIN, "%s: the adapter is below D0; its units take no "
                                "power requests", a->name);
    struct ustor_scsi_request req = {.function = SRB_FUNCTION_POWER, .power_state = d,
                                     .power_action = action};
    int rc = port_execute(u, &req, true);
    return rc < 0 ? ustor_error_fail(rc, "%s: SRB_FUNCTION_POWER to (%u,%u,%u) failed "
                                     "(SRB status 0x%02x)", a->name, u->path, u->target,
                                     u->lun, req.srb_status) : 0;
}

static int unit_power(struct ustor_adapter *a, struct ustor_lun *u, uint32_t d, uint32_t action,
                      bool cascaded)
{
    struct power_obj *o = power_unit_obj(a, u->path, u->target, u->lun);
    if (!o)
        return ustor_error_fail(-ENOMEM, "out of memory");
    STOR_UNIT_CONTROL_POWER c = {.Address = (PSTOR_ADDRESS)&o->addr,
                                 .PowerAction = (STOR_POWER_ACTION)action,
                                 .PowerState = (STOR_DEVICE_POWER_STATE)d};
    int rc = power_unit_control(a, ScsiUnitPower, &c);
    if (rc == -EOPNOTSUPP)
        rc = unit_power_srb(a, u, d, action);
    else if (rc < 0)
        rc = ustor_error_fail(rc, "%s: HwUnitControl(ScsiUnitPower) failed", a->name);
    if (rc == 0)
        set_d_state(a, o, d, cascaded);
    return rc;
}

static struct ustor_lun *units_head(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->qlock);
    struct ustor_lun *u = a->units;
    pthread_mutex_unlock(&a->qlock);
    return u;
}

/* Present units at D0 go to D; returns the first failure. */
static int units_down(struct ustor_adapter *a, uint32_t d, uint32_t action)
{
    int rc = 0;
    for (struct ustor_lun *u = units_head(a); u; u = u->all_next) {
        struct power_obj *o = power_unit_obj(a, u->path, u->target, u->lun);
        if (atomic_load(&u->state) == UNIT_PRESENT && o && d_state_of(a, o) == StorPowerDeviceD0) {
            int r = unit_power(a, u, d, action, true);
            rc = rc ? rc : r;
        }
    }
    return rc;
}

static void units_up(struct ustor_adapter *a, uint32_t action)
{
    for (struct ustor_lun *u = units_head(a); u; u = u->all_next) {
        struct power_obj *o = power_unit_peek(a, u->path, u->target, u->lun);
        if (!o || atomic_load(&u->state) != UNIT_PRESENT)
            continue;
        pthread_mutex_lock(&power_of(a)->lock);
        bool back = o->cascaded;
        pthread_mutex_unlock(&power_of(a)->lock);
        if (back)
            unit_power(a, u, StorPowerDeviceD0, action, false);
    }
}

/* ---- the adapter ---- */

static void hold(struct ustor_adapter *a, int delta)
{
    pthread_mutex_lock(&a->qlock);
    a->held += delta;
    pthread_mutex_unlock(&a->qlock);
}

static int adapter_power_call(struct ustor_adapter *a, uint32_t d, uint32_t action)
{
    STOR_ADAPTER_CONTROL_POWER c = {.Header = power_header(&power_of(a)->adapter, sizeof c),
                                    .PowerAction = (STOR_POWER_ACTION)action,
                                    .PowerState = (STOR_DEVICE_POWER_STATE)d};
    int rc = power_adapter_control(a, ScsiAdapterPower, &c);
    return rc < 0 ? ustor_error_fail(rc, "%s: HwAdapterControl(ScsiAdapterPower, D%u) failed",
                                     a->name, d - 1) : 0;
}

/* With ScsiAdapterPower: the transition under the lifecycle lock, requests held below D0. */
static int adapter_power_control(struct ustor_adapter *a, uint32_t from, uint32_t d,
                                 uint32_t action)
{
    pthread_mutex_lock(&a->life);
    int rc = 0;
    if (atomic_load(&a->state) != ADAPTER_STARTED)
        rc = ustor_error_fail(-EINVAL, "%s: not started", a->name);
    bool down = rc == 0 && from == StorPowerDeviceD0;
    if (down) {
        hold(a, +1);
        port_drain(a, 0);
    }
    if (rc == 0)
        rc = adapter_power_call(a, d, action);
    if ((down && rc < 0) || (rc == 0 && d == StorPowerDeviceD0)) {
        hold(a, -1);
        port_kick(a);
    }
    pthread_mutex_unlock(&a->life);
    return rc;
}

static int adapter_power(struct ustor_adapter *a, uint32_t d, uint32_t action)
{
    struct power_obj *o = &power_of(a)->adapter;
    uint32_t from = d_state_of(a, o);
    bool control = port_adapter_supports(a, ScsiAdapterPower);
    int rc = 0;
    if (from == d)
        return 0;
    if (d != StorPowerDeviceD0 && from == StorPowerDeviceD0 && (rc = units_down(a, d, action)))
        return rc;
    if (control)
        rc = adapter_power_control(a, from, d, action);
    else if (d == StorPowerDeviceD0)
        rc = ustor_adapter_restart(a);
    else if (from == StorPowerDeviceD0)
        rc = ustor_adapter_stop(a);
    if (rc == 0)
        set_d_state(a, o, d, false);
    if (rc == 0 && d == StorPowerDeviceD0)
        units_up(a, action);
    return rc;
}

/* ---- F-states and settings ---- */

static int functional(struct ustor_adapter *a, struct power_obj *o, uint32_t component,
                      uint32_t f)
{
    struct port_power *p = power_of(a);
    pthread_mutex_lock(&p->transition);
    pthread_mutex_lock(&p->lock);
    int rc = !o->registered ? -ENODEV : component || f >= o->nfstates ? -EINVAL
             : f && o->refs ? -EBUSY : 0;
    pthread_mutex_unlock(&p->lock);
    if (rc == 0) {
        rc = power_set_fstate(a, o, f);
        if (rc < 0)
            ustor_error_fail(rc, "%s: the miniport did not take F%u", a->name, f);
    } else {
        ustor_error_fail(rc, "%s: F%u of component %u: %s", a->name, f, component,
                         rc == -ENODEV ? "not registered with StorPortInitializePoFxPower"
                         : rc == -EBUSY ? "the component is active" : "no such state");
    }
    pthread_mutex_unlock(&p->transition);
    return rc;
}

static int setting(struct ustor_adapter *a, const struct ustor_power_request *r)
{
    STOR_POWER_SETTING_INFO info;
    memcpy(&info.PowerSettingGuid, r->setting_guid, sizeof info.PowerSettingGuid);
    if (!power_guid_registered(a, &info.PowerSettingGuid))
        return ustor_error_fail(-ENOENT, "%s: the miniport did not register that power "
                                "setting", a->name);
    info.Value = (PVOID)r->value;
    info.ValueLength = r->value_length;
    int rc = power_adapter_control(a, ScsiPowerSettingNotification, &info);
    return rc < 0 ? ustor_error_fail(rc, "%s: ScsiPowerSettingNotification %s", a->name,
                                     rc == -EOPNOTSUPP ? "not claimed" : "failed") : 0;
}

/* ---- the host API ---- */

static int request_check(struct ustor_adapter *a, const struct ustor_power_request *r)
{
    if (!a || !r || r->size < sizeof *r)
        return ustor_error_fail(-EINVAL, "ustor_adapter_power: missing argument");
    if (port_in_context())
        return ustor_error_fail(-EDEADLK, "ustor_adapter_power: from a completion callback");
    if (r->lun && r->lun->adapter != a)
        return ustor_error_fail(-EINVAL, "ustor_adapter_power: the unit is another adapter's");
    if (r->kind == USTOR_POWER_DEVICE &&
        (r->state < StorPowerDeviceD0 || r->state > StorPowerDeviceD3))
        return ustor_error_fail(-EINVAL, "ustor_adapter_power: D-state %u", r->state);
    return 0;
}

USTOR_API int ustor_adapter_power(struct ustor_adapter *a, const struct ustor_power_request *r)
{
    int rc = request_check(a, r);
    if (rc < 0)
        return rc;
    switch (r->kind) {
    case USTOR_POWER_DEVICE:
        return r->lun ? unit_power(a, r->lun, r->state, r->action, false)
                      : adapter_power(a, r->state, r->action);
    case USTOR_POWER_FUNCTIONAL: {
        struct power_obj *o = r->lun ? power_unit_obj(a, r->lun->path, r->lun->target,
                                                      r->lun->lun)
                                     : &power_of(a)->adapter;
        return o ? functional(a, o, r->component, r->state) : -ENOMEM;
    }
    case USTOR_POWER_SETTING:
        return setting(a, r);
    default:
        return ustor_error_fail(-EINVAL, "ustor_adapter_power: kind %d", r->kind);
    }
}

static void info_fill(struct ustor_power_info *i, const struct power_obj *o, uint32_t nguids)
{
    i->d_state = o->d_state;
    i->pofx_registered = o->registered;
    i->active = o->active;
    i->d3cold_enabled = o->d3cold;
    i->pofx_version = o->version;
    i->pofx_flags = o->flags;
    i->f_states = o->nfstates;
    i->f_state = o->fstate;
    i->active_refs = o->refs;
    i->idle_timeout_ms = o->idle_timeout_ms;
    i->latency = o->latency;
    i->residency = o->residency;
    i->power_controls = o->controls;
    i->unit_attributes = o->attributes;
    i->setting_guids = o->unit ? 0 : nguids;
}

USTOR_API int ustor_adapter_power_info(struct ustor_adapter *a, struct ustor_lun *lun,
                                       struct ustor_power_info *info)
{
    if (!a || !info || (lun && lun->adapter != a))
        return ustor_error_fail(-EINVAL, "ustor_adapter_power_info: bad argument");
    struct port_power *p = power_of(a);
    struct power_obj *o = lun ? power_unit_peek(a, lun->path, lun->target, lun->lun)
                              : &p->adapter;
    struct power_obj fresh = {.unit = true, .d_state = StorPowerDeviceD0,
                              .latency = POWER_UNKNOWN_TIME, .residency = POWER_UNKNOWN_TIME};
    memset(info, 0, sizeof *info);
    pthread_mutex_lock(&p->lock);
    info_fill(info, o ? o : &fresh, p->nguids);
    pthread_mutex_unlock(&p->lock);
    return 0;
}
