/*
 * The adapter's general state (general.h) and the general routines that need no
 * more than it: StorPortGetDeviceObjects, GetSystemPortNumber,
 * IsCurrentOsInstallationUpgrade, IsDeviceOperationAllowed (a policy read from the
 * registry, docs/registry.md) and SetAdapterBusType.
 * Device objects are zero-filled stand-ins of DEVICE_OBJECT size: there is no I/O
 * manager here to hand them to, only their identity is kept. The OS was never
 * upgraded in place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ntddstor.h>

#include "common/error.h"
#include "common/log.h"
#include "port/exec.h"
#include "port/general.h"
#include "port/registry.h"

#define BUS_TYPE_DEFAULT BusTypeFibre  /* the BusType registry default, per the docs */
#define OPERATIONS_KEY "DeviceOperations"

/* ---- lifetime ---- */

static const char *option_registry_path(const struct ustor_adapter_options *o)
{
    size_t end = offsetof(struct ustor_adapter_options, registry_path) + sizeof o->registry_path;
    return o && o->size >= end ? o->registry_path : NULL;
}

static uint32_t registry_dword(struct ustor_adapter *a, const char *key, const char *name,
                               uint32_t fallback)
{
    uint32_t type, v = fallback;
    unsigned char *d;
    size_t n;
    if (port_registry_value(a, key, name, &type, &d, &n) < 0)
        return fallback;
    if (type == REG_TYPE_DWORD && n == 4)
        memcpy(&v, d, 4);
    free(d);
    return v;
}

/* HwFindAdapter's ArgumentString: DriverParameter of Parameters\Device<port>, else
 * of Parameters\Device, unless the host gave one. */
static int argument_from_registry(struct ustor_adapter *a)
{
    for (int global = 0; global < 2 && !a->argument_string; global++) {
        char key[48];
        uint32_t type;
        unsigned char *d;
        size_t n;
        port_registry_device_key(a, global, key, sizeof key);
        if (port_registry_value(a, key, "DriverParameter", &type, &d, &n) < 0)
            continue;
        if (type == REG_TYPE_SZ || type == REG_TYPE_EXPAND_SZ) {
            a->argument_string = calloc(1, n / 2 + 1);
            for (size_t i = 0; a->argument_string && i < n / 2; i++) {
                uint16_t u = (uint16_t)(d[2 * i] | d[2 * i + 1] << 8);
                a->argument_string[i] = u < 0x80 ? (char)u : '?';
            }
        }
        free(d);
        if ((type == REG_TYPE_SZ || type == REG_TYPE_EXPAND_SZ) && !a->argument_string)
            return -ENOMEM;
    }
    return 0;
}

int port_general_init(struct ustor_adapter *a, const struct ustor_adapter_options *o)
{
    struct port_general *g = calloc(1, sizeof *g);
    if (!g)
        return ustor_error_fail(-ENOMEM, "%s: out of memory", a->name);
    int rc = registry_open(option_registry_path(o), &g->registry);
    if (rc < 0) {
        free(g);
        return rc;
    }
    pthread_mutex_init(&g->lock, NULL);
    a->general = g;
    if (argument_from_registry(a) < 0)
        return ustor_error_fail(-ENOMEM, "%s: out of memory", a->name);
    uint32_t bus = registry_dword(a, "Parameters", "BusType", BUS_TYPE_DEFAULT);
    g->bus_type = bus <= BusTypeMaxReserved ? bus : BUS_TYPE_DEFAULT;
    return 0;
}

void port_general_fini(struct ustor_adapter *a)
{
    struct port_general *g = a->general;
    if (!g)
        return;
    if (g->reg_buffer) {
        char where[128];
        port_guest(a, "a registry buffer of %u bytes (allocated from %s) was never freed",
                   g->reg_buffer_len, ulog_describe_code(g->reg_buffer_caller, where, sizeof where));
        free(g->reg_buffer);
    }
    registry_close(g->registry);
    pthread_mutex_destroy(&g->lock);
    free(g);
    a->general = NULL;
}

/* ---- device objects, port number, upgrade ---- */

static ULONG ext_get_device_objects(PVOID ext, va_list *ap)
{
    PVOID *objects[3];
    for (int i = 0; i < 3; i++)
        objects[i] = va_arg(*ap, PVOID *);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetDeviceObjects");
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    for (int i = 0; i < 3; i++)
        if (objects[i]) /* adapter FDO, PDO, lower device */
            *objects[i] = a->general->device_objects[i];
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetDeviceObjects, ext_get_device_objects);

static ULONG ext_get_system_port_number(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetSystemPortNumber");
    if (!a || !addr || addr->Type != STOR_ADDRESS_TYPE_BTL8)
        return STOR_STATUS_INVALID_PARAMETER;
    /* The host numbers an adapter when it creates it, before HwFindAdapter. */
    if (atomic_load(&a->state) == ADAPTER_NEW)
        return STOR_STATUS_INVALID_DEVICE_STATE;
    addr->Port = (USHORT)a->port_number;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetSystemPortNumber, ext_get_system_port_number);

static ULONG ext_os_upgrade(PVOID ext, va_list *ap)
{
    BOOLEAN *upgraded = va_arg(*ap, BOOLEAN *);
    if (!port_adapter_from_ext(ext, "StorPortIsCurrentOsInstallationUpgrade") || !upgraded)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!port_at_passive("StorPortIsCurrentOsInstallationUpgrade", port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    *upgraded = FALSE;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionCurrentOsInstallationUpgrade, ext_os_upgrade);

/* ---- device operation policy ---- */

void port_guid_text(const GUID *g, char buf[40])
{
    snprintf(buf, 40, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", g->Data1, g->Data2,
             g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
             g->Data4[5], g->Data4[6], g->Data4[7]);
}

static bool known_operation(const GUID *op)
{
    const GUID *known[] = {&STORPORT_DEVICEOPERATION_SECURE_REPROVISION_GUID,
                           &STORPORT_DEVICEOPERATION_CACHED_SETTINGS_INIT_GUID,
                           &STORPORT_DEVICEOPERATION_USE_INLINE_CRYPTO_ENGINE_GUID};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!memcmp(op, known[i], sizeof *op))
            return true;
    return false;
}

/* A unit address names a unit the adapter has. */
static bool address_ok(struct ustor_adapter *a, const STOR_ADDRESS *addr)
{
    if (!addr)
        return true;
    if (addr->Type != STOR_ADDRESS_TYPE_BTL8)
        return false;
    const STOR_ADDR_BTL8 *b = (const STOR_ADDR_BTL8 *)addr;
    struct ustor_lun *u = port_unit_find(a, b->Path, b->Target, b->Lun);
    return u && atomic_load(&u->state) != UNIT_GONE;
}

static ULONG ext_operation_allowed(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    LPCGUID op = va_arg(*ap, LPCGUID);
    ULONG *allowed = va_arg(*ap, ULONG *);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortIsDeviceOperationAllowed");
    if (!a || !op || !allowed)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!port_at_passive("StorPortIsDeviceOperationAllowed", port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    if (!address_ok(a, addr))
        return STOR_STATUS_INVALID_PARAMETER;
    char name[40];
    port_guid_text(op, name);
    uint32_t policy = registry_dword(a, OPERATIONS_KEY, name, UINT32_MAX);
    if (policy == UINT32_MAX && !known_operation(op))
        return STOR_STATUS_NOT_IMPLEMENTED; /* a class this port does not know */
    if (policy == UINT32_MAX)
        policy = registry_dword(a, OPERATIONS_KEY, "Default", 1);
    *allowed = policy != 0;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionDeviceOperationAllowed, ext_operation_allowed);

/* ---- bus type ---- */

/* The adapter whose HwFindAdapter runs on this thread. */
static __thread struct ustor_adapter *tls_finding;

void port_general_find(struct ustor_adapter *a, bool inside)
{
    tls_finding = inside ? a : NULL;
}

uint32_t port_adapter_bus_type(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->general->lock);
    uint32_t t = a->general->bus_type;
    pthread_mutex_unlock(&a->general->lock);
    return t;
}

static ULONG ext_set_adapter_bus_type(PVOID ext, va_list *ap)
{
    ULONG bus = va_arg(*ap, ULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortSetAdapterBusType");
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (tls_finding != a) {
        port_guest(a, "StorPortSetAdapterBusType outside HwFindAdapter: refused");
        return STOR_STATUS_UNSUCCESSFUL;
    }
    if (bus >= BusTypeMaxReserved)
        return STOR_STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&a->general->lock);
    a->general->bus_type = bus;
    pthread_mutex_unlock(&a->general->lock);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionSetAdapterBusType, ext_set_adapter_bus_type);

USTOR_API int ustor_adapter_bus_type(struct ustor_adapter *adapter, uint32_t *bus_type)
{
    if (!adapter || !bus_type)
        return ustor_error_fail(-EINVAL, "ustor_adapter_bus_type: missing argument");
    *bus_type = port_adapter_bus_type(adapter);
    return 0;
}
