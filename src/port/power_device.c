/*
 * What the port knows of a device's power and firmware: power-setting GUIDs
 * (StorPortSetPowerSettingNotificationGuids; the host delivers changes through
 * ustor_adapter_power, power_host.c), unit attributes (StorPortSetUnitAttributes),
 * D3cold support (StorPortGetD3ColdSupport) and ACPI methods (StorPortInvokeAcpiMethod).
 *
 * ACPI is the host's: the device's ustor_device_ops.acpi_method answers for its
 * firmware node. Without it (or for a method it does not have) the answer is a
 * machine's without that method, STOR_STATUS_NOT_IMPLEMENTED. D3cold is supported
 * where that firmware has _PR3 (power resources for D3hot/D3cold), never for a unit
 * that declared D3ColdNotSupported or for a virtual adapter.
 */
#include <errno.h>
#include <string.h>

#include "port/exec.h"
#include "port/hwstate.h"
#include "port/power.h"

/* An ACPI name as Windows packs it in a ULONG: the first character in the low byte. */
#define ACPI_NAME(a, b, c, d) \
    ((ULONG)(a) | (ULONG)(b) << 8 | (ULONG)(c) << 16 | (ULONG)(d) << 24)

/* ---- ACPI ---- */

/* The host's method; -ENOENT when the machine has none. */
static int acpi_call(struct ustor_adapter *a, const struct power_obj *o, ULONG method,
                     const void *in, ULONG in_len, void *out, ULONG out_len, ULONG *returned)
{
    const struct ustor_device_ops *ops = a->has_device ? a->device.ops : NULL;
    uint8_t unit[3];
    uint32_t got = 0;
    *returned = 0;
    if (!ops || !ops->acpi_method)
        return -ENOENT;
    if (o->unit) {
        unit[0] = o->addr.Path;
        unit[1] = o->addr.Target;
        unit[2] = o->addr.Lun;
    }
    int rc = ops->acpi_method(a->device.ctx, o->unit ? unit : NULL, method, in, in_len, out,
                              out_len, &got);
    *returned = got;
    return rc;
}

static ULONG acpi_status(int rc)
{
    switch (rc) {
    case 0: return STOR_STATUS_SUCCESS;
    case -ENOENT: return STOR_STATUS_NOT_IMPLEMENTED;
    case -ENOSPC: return STOR_STATUS_INSUFFICIENT_RESOURCES;
    default: return STOR_STATUS_UNSUCCESSFUL;
    }
}

static ULONG ext_invoke_acpi(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    ULONG method = va_arg(*ap, ULONG);
    PVOID in = va_arg(*ap, PVOID);
    ULONG in_len = va_arg(*ap, ULONG);
    PVOID out = va_arg(*ap, PVOID);
    ULONG out_len = va_arg(*ap, ULONG);
    PULONG returned = va_arg(*ap, PULONG);
    const char *who = "StorPortInvokeAcpiMethod";
    struct ustor_adapter *a = port_adapter_from_ext(ext, who);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!exec_irql_check(who, EXEC_PASSIVE_LEVEL, EXEC_PASSIVE_LEVEL, port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    if ((!in && in_len) || (!out && out_len)) {
        port_guest(a, "%s: a NULL buffer with a length", who);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct power_obj *o = power_obj_for(a, addr, who);
    if (!o)
        return STOR_STATUS_INVALID_PARAMETER;
    ULONG got = 0;
    ULONG st = acpi_status(acpi_call(a, o, method, in, in_len, out, out_len, &got));
    if (returned)
        *returned = st == STOR_STATUS_SUCCESS ? got : 0;
    return st;
}
USTOR_EXTFN(ExtFunctionInvokeAcpiMethod, ext_invoke_acpi);

/* ---- D3cold ---- */

bool power_d3cold_supported(struct ustor_adapter *a, struct power_obj *o)
{
    if (o->unit) {
        pthread_mutex_lock(&power_of(a)->lock);
        bool refused = o->attributes & 0x4u;   /* STOR_UNIT_ATTRIBUTES.D3ColdNotSupported */
        pthread_mutex_unlock(&power_of(a)->lock);
        if (refused)
            return false;
    }
    unsigned char buf[64];
    ULONG got;
    return acpi_call(a, &power_of(a)->adapter, ACPI_NAME('_', 'P', 'R', '3'), NULL, 0, buf,
                     sizeof buf, &got) == 0;
}

static ULONG ext_get_d3cold(PVOID ext, va_list *ap)
{
    PVOID addr = va_arg(*ap, PVOID);
    PBOOLEAN supported = va_arg(*ap, PBOOLEAN);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetD3ColdSupport");
    if (!a || !supported)
        return STOR_STATUS_INVALID_PARAMETER;
    struct power_obj *o = power_obj_for(a, addr, "StorPortGetD3ColdSupport");
    if (!o)
        return STOR_STATUS_INVALID_PARAMETER;
    *supported = power_d3cold_supported(a, o);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetD3ColdSupport, ext_get_d3cold);

/* ---- unit attributes ---- */

static ULONG ext_set_unit_attributes(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    STOR_UNIT_ATTRIBUTES attrs = va_arg(*ap, STOR_UNIT_ATTRIBUTES);
    const char *who = "StorPortSetUnitAttributes";
    struct ustor_adapter *a = port_adapter_from_ext(ext, who);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!addr) {
        port_guest(a, "%s: NULL address (attributes belong to a unit)", who);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct power_obj *o = power_obj_for(a, addr, who);
    if (!o)
        return STOR_STATUS_INVALID_PARAMETER;
    uint32_t bits;
    memcpy(&bits, &attrs, sizeof bits);
    pthread_mutex_lock(&power_of(a)->lock);
    o->attributes = bits;
    pthread_mutex_unlock(&power_of(a)->lock);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionSetUnitAttributes, ext_set_unit_attributes);

/* ---- power-setting GUIDs ---- */

static bool guid_known(const struct port_power *p, const GUID *g)
{
    for (uint32_t i = 0; i < p->nguids; i++)
        if (!memcmp(&p->guids[i], g, sizeof *g))
            return true;
    return false;
}

static ULONG ext_set_power_setting_guids(PVOID ext, va_list *ap)
{
    ULONG count = va_arg(*ap, ULONG);
    LPGUID guids = va_arg(*ap, LPGUID);
    const char *who = "StorPortSetPowerSettingNotificationGuids";
    struct ustor_adapter *a = port_adapter_from_ext(ext, who);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!count || !guids) {
        port_guest(a, "%s: %u GUIDs at %p", who, count, (void *)guids);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct port_power *p = power_of(a);
    ULONG st = STOR_STATUS_SUCCESS;
    pthread_mutex_lock(&p->lock);
    for (ULONG i = 0; i < count && st == STOR_STATUS_SUCCESS; i++) {
        if (guid_known(p, &guids[i]))
            continue;
        if (p->nguids == POWER_MAX_GUIDS)
            st = STOR_STATUS_INSUFFICIENT_RESOURCES;
        else
            p->guids[p->nguids++] = guids[i];
    }
    pthread_mutex_unlock(&p->lock);
    return st;
}
USTOR_EXTFN(ExtFunctionSetPowerSettingNotificationGuids, ext_set_power_setting_guids);

bool power_guid_registered(struct ustor_adapter *a, const GUID *g)
{
    struct port_power *p = power_of(a);
    pthread_mutex_lock(&p->lock);
    bool known = guid_known(p, g);
    pthread_mutex_unlock(&p->lock);
    return known;
}
