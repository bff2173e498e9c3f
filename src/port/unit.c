/*
 * Logical units: made when enumeration first probes an address (with a zeroed LU
 * extension, so the miniport sees it during REPORT LUNS and INQUIRY), present once
 * INQUIRY finds a device, gone when a rescan no longer does. A unit is never freed
 * before its adapter, so a stale handle fails cleanly instead of dangling; lookups by
 * address (StorPortGetLogicalUnit, every RequestComplete path) take no lock.
 * Also: StorPortGetLogicalUnit, StorPortSetDeviceQueueDepth, HwUnitControl calls and
 * the host's unit queries.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "platform/dma_space.h"
#include "port/exec.h"
#include "port/port_internal.h"

static unsigned unit_hash(uint8_t path, uint8_t target, uint8_t lun)
{
    return ((unsigned)path * 131u + (unsigned)target * 31u + lun) % PORT_UNIT_HASH;
}

struct ustor_lun *port_unit_find(struct ustor_adapter *a, uint8_t path, uint8_t target, uint8_t lun)
{
    struct ustor_lun *u = atomic_load_explicit(&a->unit_hash[unit_hash(path, target, lun)],
                                               memory_order_acquire);
    for (; u; u = u->hash_next)
        if (u->path == path && u->target == target && u->lun == lun)
            return u;
    return NULL;
}

/* The newest unit; the list only grows at its head, so a walk from here is safe while
 * enumeration adds units. */
struct ustor_lun *port_units_head(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->qlock);
    struct ustor_lun *u = a->units;
    pthread_mutex_unlock(&a->qlock);
    return u;
}

uint32_t port_unit_default_depth(const struct ustor_adapter *a)
{
    return a->config.InitialLunQueueDepth;
}

/* Finds or makes the unit at an address (enumeration only: one thread at a time). */
struct ustor_lun *port_unit_get(struct ustor_adapter *a, uint8_t path, uint8_t target, uint8_t lun)
{
    struct ustor_lun *u = port_unit_find(a, path, target, lun);
    if (u)
        return u;
    u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    size_t ext = a->hw->SpecificLuExtensionSize;
    if (ext) {
        u->lu_ext = port_dma_alloc(a->host, ext, DMA_KIND_LU_EXTENSION, a, "LU extension");
        if (!u->lu_ext) {
            free(u);
            return NULL;
        }
    }
    u->adapter = a;
    u->path = path;
    u->target = target;
    u->lun = lun;
    u->depth = port_unit_default_depth(a);
    atomic_init(&u->state, UNIT_PROBING);
    unsigned h = unit_hash(path, target, lun);
    pthread_mutex_lock(&a->qlock);
    u->all_next = a->units;
    a->units = u;
    u->hash_next = atomic_load_explicit(&a->unit_hash[h], memory_order_relaxed);
    atomic_store_explicit(&a->unit_hash[h], u, memory_order_release);
    pthread_mutex_unlock(&a->qlock);
    return u;
}

/* A unit that comes back after it was gone starts over with a zeroed extension. */
void port_unit_reset(struct ustor_lun *u)
{
    if (u->lu_ext)
        memset(u->lu_ext, 0, u->adapter->hw->SpecificLuExtensionSize);
    pthread_mutex_lock(&u->adapter->qlock);
    u->depth = port_unit_default_depth(u->adapter);
    u->busy = u->paused = false;
    pthread_mutex_unlock(&u->adapter->qlock);
    u->started = false;
}

void port_units_free(struct ustor_adapter *a)
{
    while (a->units) {
        struct ustor_lun *u = a->units;
        a->units = u->all_next;
        if (u->lu_ext)
            port_dma_free(a->host, u->lu_ext);
        free(u);
    }
    for (unsigned i = 0; i < PORT_UNIT_HASH; i++)
        atomic_store(&a->unit_hash[i], NULL);
}

/* ---- HwUnitControl ---- */

int port_unit_control(struct ustor_adapter *a, struct ustor_lun *u, SCSI_UNIT_CONTROL_TYPE type)
{
    if ((unsigned)type >= ScsiUnitControlMax || !a->unit_controls[type] || !a->hw->HwUnitControl)
        return -EOPNOTSUPP;
    STOR_ADDR_BTL8 addr = {
        .Type = STOR_ADDRESS_TYPE_BTL8,
        .Port = (USHORT)a->port_number,
        .AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH,
        .Path = u->path,
        .Target = u->target,
        .Lun = u->lun,
    };
    struct exec_callframe f;
    port_context_enter();
    exec_call_begin(&f, "HwUnitControl", (const void *)a->hw->HwUnitControl);
    SCSI_UNIT_CONTROL_STATUS st = a->hw->HwUnitControl(a->devext, type, &addr);
    exec_call_end(&f);
    port_context_leave();
    return st == ScsiUnitControlSuccess ? 0 : -EIO;
}

static void lun_event(struct ustor_adapter *a, struct ustor_lun *u, enum ustor_lun_event ev)
{
    if (a->lun_event)
        a->lun_event(a->lun_event_ctx, u, ev);
}

/* ScsiUnitStart first (StorAHCI initializes the device there), then ScsiUnitPoFxPowerInfo
 * (StorAHCI registers the unit with PoFx there), then the host sees it. */
void port_unit_arrived(struct ustor_adapter *a, struct ustor_lun *u)
{
    if (port_unit_control(a, u, ScsiUnitStart) == 0)
        u->started = true;
    port_unit_pofx_info(a, u);
    atomic_store(&u->state, UNIT_PRESENT);
    lun_event(a, u, USTOR_LUN_ARRIVED);
}

void port_unit_remove(struct ustor_adapter *a, struct ustor_lun *u)
{
    if (atomic_exchange(&u->state, UNIT_GONE) != UNIT_PRESENT)
        return;
    port_fail_waiting(a, u, SRB_STATUS_NO_DEVICE);
    port_unit_control(a, u, ScsiUnitRemove);
    lun_event(a, u, USTOR_LUN_REMOVED);
}

/* ---- StorPort routines ---- */

STORPORT_API PVOID StorPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                          UCHAR Lun)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortGetLogicalUnit");
    if (!a)
        return NULL;
    struct ustor_lun *u = port_unit_find(a, PathId, TargetId, Lun);
    if (!u || atomic_load_explicit(&u->state, memory_order_relaxed) == UNIT_GONE)
        return NULL;
    return u->lu_ext;
}

STORPORT_API BOOLEAN StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension, UCHAR PathId,
                                                 UCHAR TargetId, UCHAR Lun, ULONG Depth)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortSetDeviceQueueDepth");
    if (!a)
        return FALSE;
    struct ustor_lun *u = port_unit_find(a, PathId, TargetId, Lun);
    if (!u || atomic_load(&u->state) == UNIT_GONE) {
        port_guest(a, "StorPortSetDeviceQueueDepth: no unit (%u,%u,%u)", PathId, TargetId, Lun);
        return FALSE;
    }
    if (Depth == 0 || Depth > a->config.MaxIOsPerLun) {
        port_guest(a, "StorPortSetDeviceQueueDepth(%u,%u,%u): depth %u outside 1..%u", PathId,
                   TargetId, Lun, Depth, a->config.MaxIOsPerLun);
        return FALSE;
    }
    pthread_mutex_lock(&a->qlock);
    bool grew = Depth > u->depth;
    u->depth = Depth;
    pthread_mutex_unlock(&a->qlock);
    if (grew)
        port_kick_later(a);
    return TRUE;
}

/* ---- the host's view ---- */

static void lun_info_fill(const struct ustor_lun *u, struct ustor_lun_info *info)
{
    memset(info, 0, sizeof *info);
    info->path_id = u->path;
    info->target_id = u->target;
    info->lun = u->lun;
    info->peripheral_type = u->inquiry[0] & 0x1F;
    memcpy(info->inquiry, u->inquiry, sizeof info->inquiry);
    info->inquiry_length = u->inquiry_length;
    info->queue_depth = u->depth;
}

USTOR_API int ustor_adapter_luns(struct ustor_adapter *a, struct ustor_lun_info *luns, size_t max)
{
    if (!a)
        return ustor_error_fail(-EINVAL, "ustor_adapter_luns: no adapter");
    size_t n = 0;
    pthread_mutex_lock(&a->qlock);
    for (struct ustor_lun *u = a->units; u; u = u->all_next) {
        if (atomic_load(&u->state) != UNIT_PRESENT)
            continue;
        if (n < max && luns)
            lun_info_fill(u, &luns[n]);
        n++;
    }
    pthread_mutex_unlock(&a->qlock);
    return (int)n;
}

USTOR_API struct ustor_lun *ustor_adapter_lun(struct ustor_adapter *a, uint8_t path_id,
                                              uint8_t target_id, uint8_t lun)
{
    if (!a) {
        ustor_error_set("ustor_adapter_lun: no adapter");
        return NULL;
    }
    struct ustor_lun *u = port_unit_find(a, path_id, target_id, lun);
    if (!u || atomic_load(&u->state) != UNIT_PRESENT) {
        ustor_error_set("%s: no unit at (%u,%u,%u)", a->name, path_id, target_id, lun);
        return NULL;
    }
    return u;
}

USTOR_API int ustor_lun_get_info(struct ustor_lun *lun, struct ustor_lun_info *info)
{
    if (!lun || !info)
        return ustor_error_fail(-EINVAL, "ustor_lun_get_info: missing argument");
    pthread_mutex_lock(&lun->adapter->qlock);
    lun_info_fill(lun, info);
    pthread_mutex_unlock(&lun->adapter->qlock);
    return 0;
}

USTOR_API struct ustor_adapter *ustor_lun_adapter(struct ustor_lun *lun)
{
    return lun ? lun->adapter : NULL;
}
