/*
 * Loading a miniport: dlopen, DriverEntry at PASSIVE, and StorPortInitialize, which
 * keeps a copy of each HW_INITIALIZATION_DATA (one per interface type) for the
 * adapters added later. HW_INITIALIZATION_DATA (0xD0) and the virtual layout (0xB0)
 * are told apart by HwInitializationDataSize, as Storport does.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/log.h"
#include "port/port_internal.h"

#ifndef STATUS_REVISION_MISMATCH
#define STATUS_REVISION_MISMATCH ((NTSTATUS)0xC0000059L)
#endif

#define HW_INIT_SIZE_PHYSICAL 0xD0
#define HW_INIT_SIZE_VIRTUAL 0xB0

/* The driver whose DriverEntry runs on this thread. */
static __thread struct ustor_driver *tls_loading;

static void registry_path_init(struct ustor_driver *d)
{
    static const char prefix[] = "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
    size_t n = 0, max = sizeof d->registry_path_buf / sizeof d->registry_path_buf[0] - 1;
    for (const char *s = prefix; *s && n < max; s++)
        d->registry_path_buf[n++] = (WCHAR)*s;
    for (const char *s = d->name; *s && n < max; s++)
        d->registry_path_buf[n++] = (WCHAR)*s;
    d->registry_path_buf[n] = 0;
    d->registry_path.Buffer = d->registry_path_buf;
    d->registry_path.Length = (USHORT)(n * sizeof(WCHAR));
    d->registry_path.MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

/* A short name: the file name without directory, "lib" prefix or extension. */
static char *driver_name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *name = strdup(base);
    if (!name)
        return NULL;
    char *dot = strchr(name, '.');
    if (dot && dot != name)
        *dot = 0;
    return name;
}

static struct ustor_driver *driver_new(struct ustor_host *host, const char *name)
{
    struct ustor_driver *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->host = host;
    d->name = strdup(name);
    if (!d->name) {
        free(d);
        return NULL;
    }
    registry_path_init(d);
    return d;
}

static void driver_free(struct ustor_driver *d)
{
    port_driver_registry_close(d);
    if (d->dl)
        dlclose(d->dl);
    free(d->name);
    free(d);
}

/* The driver's registry (REGISTRY_PATH, or an empty one), then DriverEntry. */
static int driver_run_entry(struct ustor_host *host, struct ustor_driver *d,
                            const char *registry_path)
{
    int rc = port_driver_registry_open(d, registry_path);
    if (rc < 0)
        return rc;
    tls_loading = d;
    d->entry_status = d->entry(d->driver_object, &d->registry_path);
    tls_loading = NULL;
    if (d->entry_status != STATUS_SUCCESS)
        return ustor_error_fail(-EINVAL, "%s: DriverEntry returned 0x%08x", d->name,
                                d->entry_status);
    if (d->n_init == 0)
        return ustor_error_fail(-EINVAL, "%s: DriverEntry succeeded without calling "
                                "StorPortInitialize", d->name);
    pthread_mutex_lock(&host->lock);
    d->next = host->drivers;
    host->drivers = d;
    pthread_mutex_unlock(&host->lock);
    return 0;
}

USTOR_API int ustor_driver_load_entry(struct ustor_host *host, const char *name,
                                      ustor_driver_entry_fn entry, struct ustor_driver **out)
{
    if (!host || !name || !entry || !out)
        return ustor_error_fail(-EINVAL, "ustor_driver_load_entry: missing argument");
    struct ustor_driver *d = driver_new(host, name);
    if (!d)
        return ustor_error_fail(-ENOMEM, "%s: out of memory", name);
    d->entry = entry;
    int rc = driver_run_entry(host, d, NULL);
    if (rc < 0) {
        driver_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

USTOR_API int ustor_driver_load_opts(struct ustor_host *host, const char *path,
                                     const struct ustor_driver_options *opts,
                                     struct ustor_driver **out)
{
    if (!host || !path || !out || (opts && opts->size < sizeof(size_t)))
        return ustor_error_fail(-EINVAL, "ustor_driver_load: missing argument");
    struct ustor_driver_options o = {0};
    if (opts)
        memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
    char *name = driver_name_from_path(path);
    if (!name)
        return ustor_error_fail(-ENOMEM, "%s: out of memory", path);
    struct ustor_driver *d = driver_new(host, name);
    free(name);
    if (!d)
        return ustor_error_fail(-ENOMEM, "%s: out of memory", path);
    d->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!d->dl) {
        int rc = ustor_error_fail(-ENOENT, "%s: %s", path, dlerror());
        driver_free(d);
        return rc;
    }
    d->entry = (ustor_driver_entry_fn)dlsym(d->dl, "DriverEntry");
    if (!d->entry) {
        driver_free(d);
        return ustor_error_fail(-ENOEXEC, "%s: no DriverEntry symbol", path);
    }
    int rc = driver_run_entry(host, d, o.registry_path);
    if (rc < 0) {
        driver_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

USTOR_API int ustor_driver_load(struct ustor_host *host, const char *path, struct ustor_driver **out)
{
    return ustor_driver_load_opts(host, path, NULL, out);
}

USTOR_API uint32_t ustor_driver_status(const struct ustor_driver *driver)
{
    return driver ? driver->entry_status : (uint32_t)STATUS_INVALID_PARAMETER;
}

int port_driver_unload(struct ustor_driver *d)
{
    for (unsigned i = 0; i < d->n_init; i++) {
        const HW_INITIALIZATION_DATA *hw = &d->init[i].hw;
        if (hw->HwCleanupTracing)
            hw->HwCleanupTracing(d->driver_object);
    }
    driver_free(d);
    return 0;
}

/* ---- StorPortInitialize ---- */

static const char *missing_callback(const HW_INITIALIZATION_DATA *hw, bool virtual_layout)
{
    if (!hw->HwFindAdapter)
        return "HwFindAdapter";
    if (!hw->HwInitialize)
        return "HwInitialize";
    if (!hw->HwStartIo)
        return "HwStartIo";
    if (!hw->HwResetBus)
        return "HwResetBus";
    if (!hw->HwAdapterControl)
        return "HwAdapterControl";
    if (virtual_layout && !hw->HwFreeAdapterResources)
        return "HwFreeAdapterResources";
    if (hw->HwInitializeTracing && !hw->HwCleanupTracing)
        return "HwCleanupTracing (HwInitializeTracing is set)";
    if (hw->HwProcessServiceRequest && !hw->HwCompleteServiceIrp)
        return "HwCompleteServiceIrp (HwProcessServiceRequest is set)";
    return NULL;
}

/* Keeps the copy: one per interface type, a later call replacing an earlier one. */
static ULONG driver_register(struct ustor_driver *d, const HW_INITIALIZATION_DATA *hw,
                             bool virtual_layout)
{
    unsigned i = 0;
    while (i < d->n_init && d->init[i].hw.AdapterInterfaceType != hw->AdapterInterfaceType)
        i++;
    if (i == PORT_MAX_INIT_DATA) {
        ulog_guest(ULOG_WARN, "%s: StorPortInitialize: more than %d interface types",
                   d->name, PORT_MAX_INIT_DATA);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    memset(&d->init[i], 0, sizeof d->init[i]);
    memcpy(&d->init[i].hw, hw, virtual_layout ? HW_INIT_SIZE_VIRTUAL : HW_INIT_SIZE_PHYSICAL);
    d->init[i].virtual_layout = virtual_layout;
    if (i == d->n_init)
        d->n_init++;
    return STATUS_SUCCESS;
}

STORPORT_API ULONG StorPortInitialize(PVOID Argument1, PVOID Argument2,
                                      struct _HW_INITIALIZATION_DATA *HwInitializationData,
                                      PVOID HwContext)
{
    (void)HwContext; /* ignored for PnP miniports */
    struct ustor_driver *d = tls_loading;
    if (!Argument1 || !Argument2 || !HwInitializationData) {
        ulog_guest(ULOG_ERROR, "StorPortInitialize: NULL argument");
        return STATUS_INVALID_PARAMETER;
    }
    if (!d || Argument1 != (PVOID)d->driver_object) {
        ulog_guest(ULOG_ERROR, "StorPortInitialize: not called from DriverEntry with its "
                   "DriverObject");
        return STATUS_INVALID_PARAMETER;
    }
    ULONG size = HwInitializationData->HwInitializationDataSize;
    if (size != HW_INIT_SIZE_PHYSICAL && size != HW_INIT_SIZE_VIRTUAL) {
        ulog_guest(ULOG_ERROR, "%s: StorPortInitialize: HwInitializationDataSize 0x%x is "
                   "neither 0x%x nor 0x%x", d->name, size, HW_INIT_SIZE_PHYSICAL,
                   HW_INIT_SIZE_VIRTUAL);
        return STATUS_REVISION_MISMATCH;
    }
    bool virtual_layout = size == HW_INIT_SIZE_VIRTUAL;
    const char *missing = missing_callback(HwInitializationData, virtual_layout);
    if (missing) {
        ulog_guest(ULOG_ERROR, "%s: StorPortInitialize: %s is NULL", d->name, missing);
        return STATUS_INVALID_PARAMETER;
    }
    ULONG st = driver_register(d, HwInitializationData, virtual_layout);
    if (st == STATUS_SUCCESS && HwInitializationData->HwInitializeTracing)
        HwInitializationData->HwInitializeTracing(Argument1, Argument2);
    return st;
}
