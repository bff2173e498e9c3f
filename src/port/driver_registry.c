/*
 * The driver's registry and StorPortReadDriverRegistry. On Windows a miniport's service
 * key (HKLM\System\CurrentControlSet\Services\<miniport>) exists before any adapter; here
 * the host may name a registry file when it loads the miniport (struct
 * ustor_driver_options, format in docs/registry.md, where [] is the service key), opened
 * before DriverEntry so the miniport can read it from there on. Without a file the
 * driver's registry is empty (every read fails).
 * StorPortReadDriverRegistry returns a value of the service key itself, of any type, as
 * stored (strings stay UTF-16LE, unlike the ASCII StorPortRegistryRead).
 * Left out: writes (Windows offers none here); adapters keep their own registries.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/general.h"
#include "port/registry.h"

#define NAME_MAX_BYTES 512
#define SERVICE_KEY ""

struct driver_registry {
    struct driver_registry *next;
    const struct ustor_driver *driver;
    struct registry *registry;
};

/* Every loaded driver's registry: StorPortReadDriverRegistry gets only a DriverObject. */
static pthread_mutex_t drivers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct driver_registry *drivers;

int port_driver_registry_open(struct ustor_driver *d, const char *path)
{
    struct driver_registry *r = calloc(1, sizeof *r);
    if (!r)
        return -ENOMEM;
    int rc = registry_open(path, &r->registry);   /* NULL: an empty one in memory */
    if (rc < 0) {
        free(r);
        return rc;
    }
    r->driver = d;
    pthread_mutex_lock(&drivers_lock);
    r->next = drivers;
    drivers = r;
    pthread_mutex_unlock(&drivers_lock);
    return 0;
}

void port_driver_registry_close(struct ustor_driver *d)
{
    struct driver_registry *found = NULL;
    pthread_mutex_lock(&drivers_lock);
    for (struct driver_registry **p = &drivers; *p; p = &(*p)->next)
        if ((*p)->driver == d) {
            found = *p;
            *p = found->next;
            break;
        }
    pthread_mutex_unlock(&drivers_lock);
    if (found) {
        registry_close(found->registry);
        free(found);
    }
}

/* Under drivers_lock: the registry of the driver whose DriverObject this is. */
static struct registry *registry_of(const void *driver_object)
{
    for (struct driver_registry *r = drivers; r; r = r->next)
        if ((const void *)r->driver->driver_object == driver_object)
            return r->registry;
    return NULL;
}

/* Copies the value into DATA if it fits; *LEN gets its size either way. */
static BOOLEAN read_value(struct registry *reg, const char *name, PULONG len, PVOID data)
{
    uint32_t type;
    size_t size = 0;
    if (registry_get(reg, SERVICE_KEY, name, &type, NULL, 0, &size) < 0) {
        *len = 0;
        return FALSE;
    }
    ULONG cap = *len;
    *len = (ULONG)size;
    if (!data || cap < size)
        return FALSE;   /* *len says how much room it needs */
    return registry_get(reg, SERVICE_KEY, name, &type, data, cap, &size) == 0 && size <= cap;
}

STORPORT_API BOOLEAN StorPortReadDriverRegistry(PVOID DriverObject, PUCHAR ValueName,
                                                PULONG ValueDataLength, PVOID ValueData)
{
    const void *caller = EXEC_CALLER();
    char who[160];
    if (!port_at_passive("StorPortReadDriverRegistry", caller))
        return FALSE;
    const char *name = (const char *)ValueName;
    if (!DriverObject || !name || strnlen(name, NAME_MAX_BYTES) == NAME_MAX_BYTES ||
        !ValueDataLength) {
        ulog_guest(ULOG_WARN, "StorPortReadDriverRegistry: no driver object, value name or "
                   "length (from %s)", ulog_describe_code(caller, who, sizeof who));
        return FALSE;
    }
    pthread_mutex_lock(&drivers_lock);   /* the driver cannot unload meanwhile */
    struct registry *reg = registry_of(DriverObject);
    BOOLEAN ok = reg ? read_value(reg, name, ValueDataLength, ValueData) : FALSE;
    pthread_mutex_unlock(&drivers_lock);
    if (!reg)
        ulog_guest(ULOG_WARN, "StorPortReadDriverRegistry: %p is not the DriverObject of a "
                   "loaded miniport (from %s)", DriverObject,
                   ulog_describe_code(caller, who, sizeof who));
    return ok;
}
