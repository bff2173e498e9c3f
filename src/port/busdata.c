/*
 * Bus data: StorPortGetBusData and StorPortSetBusDataByOffset reach the configuration
 * space of the adapter's own device (ustor_device_ops.config_read/config_write), as
 * Storport's bus interface does whatever slot the miniport names. PCIConfiguration
 * only: other bus types read as a missing bus (0 bytes), as does an adapter without a
 * device or a device without configuration space. With Length 0 the port allocates
 * the buffer (valid until the next call and never after the adapter goes) and stores
 * its address where Buffer points.
 * Left out: PCI_WHICHSPACE_ROM, Cmos/EISA/Pos data, writes split to respect the
 * model's register widths (the model gets the bytes as asked).
 */
#include <stdlib.h>

#include "port/hwstate.h"
#include "port/port_internal.h"

#define BUS_DATA_MAX 4096u      /* PCI Express configuration space */
#define COMMON_CONFIG 256u      /* sizeof(PCI_COMMON_CONFIG) */

static const struct ustor_device_ops *config_ops(struct ustor_adapter *a, ULONG type,
                                                 ULONG bus, ULONG slot, const char *who)
{
    if (type != PCIConfiguration || !a->has_device || !a->device.ops)
        return NULL;
    if (bus != a->device.bus_number || slot != a->device.slot_number)
        port_log_debug(a, "%s: bus %u slot 0x%x named, the adapter's own device is bus %u "
                       "slot 0x%x; reading that", who, bus, slot, a->device.bus_number,
                       a->device.slot_number);
    return a->device.ops;
}

/* Length 0: a port buffer replaces the previous one; its address goes to *Buffer. */
static void *port_buffer(struct ustor_adapter *a, PVOID Buffer)
{
    void *buf = calloc(1, COMMON_CONFIG);
    if (!buf)
        return NULL;
    struct port_hwstate *h = a->hwstate;
    pthread_mutex_lock(&h->lock);
    free(h->bus_data);
    h->bus_data = buf;
    pthread_mutex_unlock(&h->lock);
    *(PVOID *)Buffer = buf;
    return buf;
}

STORPORT_API ULONG StorPortGetBusData(PVOID DeviceExtension, ULONG BusDataType,
                                      ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer,
                                      ULONG Length)
{
    struct ustor_adapter *a = port_adapter_from_ext(DeviceExtension, "StorPortGetBusData");
    if (!a)
        return 0;
    if (!Buffer) {
        port_guest(a, "StorPortGetBusData: NULL Buffer");
        return 0;
    }
    const struct ustor_device_ops *ops =
        config_ops(a, BusDataType, SystemIoBusNumber, SlotNumber, "StorPortGetBusData");
    if (!ops || !ops->config_read)
        return 0;
    void *dst = Buffer;
    if (Length == 0) {
        dst = port_buffer(a, Buffer);
        Length = COMMON_CONFIG;
        if (!dst)
            return 0;
    }
    if (Length > BUS_DATA_MAX)
        Length = BUS_DATA_MAX;
    return ops->config_read(a->device.ctx, 0, dst, Length);
}

STORPORT_API ULONG StorPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType,
                                              ULONG SystemIoBusNumber, ULONG SlotNumber,
                                              PVOID Buffer, ULONG Offset, ULONG Length)
{
    struct ustor_adapter *a = port_adapter_from_ext(DeviceExtension, "StorPortSetBusDataByOffset");
    if (!a)
        return 0;
    if (!Buffer && Length) {
        port_guest(a, "StorPortSetBusDataByOffset: NULL Buffer");
        return 0;
    }
    const struct ustor_device_ops *ops = config_ops(a, BusDataType, SystemIoBusNumber,
                                                    SlotNumber, "StorPortSetBusDataByOffset");
    if (!ops || !ops->config_write || Offset >= BUS_DATA_MAX)
        return 0;
    if (Length > BUS_DATA_MAX - Offset)
        Length = BUS_DATA_MAX - Offset;
    return ops->config_write(a->device.ctx, Offset, Buffer, Length);
}
