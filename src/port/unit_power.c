/*
 * ScsiUnitPoFxPowerInfo when a unit arrives: Storport tells a miniport that claims the
 * unit control (StorAHCI does) that idle power management is enabled for the new unit,
 * at PASSIVE after ScsiUnitStart, with a STOR_POFX_UNIT_POWER_INFO (header version 1,
 * its size, the unit's BTL8 address; IdlePowerEnabled TRUE). The miniport registers the
 * unit with StorPortInitializePoFxPower from there (power.c).
 * Left out: the registry switches that disable idle power per unit, and telling the
 * miniport IdlePowerEnabled FALSE when a unit goes. Not sent when the adapter registered
 * with STOR_POFX_DEVICE_FLAG_NO_UNIT_REGISTRATION (the unit could not register anyway).
 */
#include "port/exec.h"
#include "port/power.h"

#define POWER_HEADER_VERSION 1

static bool unit_registration_allowed(struct ustor_adapter *a)
{
    struct port_power *p = power_of(a);
    if (!p)
        return true;
    pthread_mutex_lock(&p->lock);
    bool refused = p->adapter.registered &&
                   (p->adapter.flags & STOR_POFX_DEVICE_FLAG_NO_UNIT_REGISTRATION);
    pthread_mutex_unlock(&p->lock);
    return !refused;
}

void port_unit_pofx_info(struct ustor_adapter *a, struct ustor_lun *u)
{
    if (!a->unit_controls[ScsiUnitPoFxPowerInfo] || !a->hw->HwUnitControl ||
        !unit_registration_allowed(a))
        return;
    STOR_ADDR_BTL8 addr = {.Type = STOR_ADDRESS_TYPE_BTL8, .Port = (USHORT)a->port_number,
                           .AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH, .Path = u->path,
                           .Target = u->target, .Lun = u->lun};
    STOR_POFX_UNIT_POWER_INFO info = {
        .Header = {.Version = POWER_HEADER_VERSION, .Size = sizeof info,
                   .Address = (PSTOR_ADDRESS)&addr},
        .IdlePowerEnabled = TRUE,
    };
    struct exec_callframe f;
    port_context_enter();
    exec_call_begin(&f, "HwUnitControl", (const void *)a->hw->HwUnitControl);
    SCSI_UNIT_CONTROL_STATUS st = a->hw->HwUnitControl(a->devext, ScsiUnitPoFxPowerInfo, &info);
    exec_call_end(&f);
    port_context_leave();
    if (st != ScsiUnitControlSuccess)
        port_log_info(a, "(%u,%u,%u): ScsiUnitPoFxPowerInfo failed; no idle power for the unit",
                      u->path, u->target, u->lun);
}
