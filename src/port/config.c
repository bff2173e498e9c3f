/*
 * PORT_CONFIGURATION_INFORMATION: what the port fills in before HwFindAdapter (the
 * documented Storport defaults, the device's bus position, access ranges and
 * interrupt, Dma64BitAddresses = SCSI_DMA64_SYSTEM_SUPPORTED) and what it takes
 * from it afterwards: SRB extension size, physical breaks, maximum transfer,
 * alignment, queue limits, synchronization model and interrupt synchronization mode.
 * Values the miniport leaves out of range are corrected and the correction logged.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "port/port_internal.h"

#define DEFAULT_BREAKS 0x11
#define DEFAULT_MAX_IO 1000
#define DEFAULT_MAX_IOS_PER_LUN 255
#define DEPTH_PHYSICAL 20
#define DEPTH_VIRTUAL 250

static void config_ranges(struct ustor_adapter *a)
{
    PORT_CONFIGURATION_INFORMATION *c = &a->config;
    uint32_t n = a->hw->NumberOfAccessRanges;
    if (n > a->n_ranges_alloc)
        n = a->n_ranges_alloc;
    memset(a->ranges, 0, sizeof(ACCESS_RANGE) * a->n_ranges_alloc);
    for (uint32_t i = 0; a->has_device && i < a->device.n_ranges && i < n; i++) {
        a->ranges[i].RangeStart.QuadPart = (LONGLONG)a->device.ranges[i].start;
        a->ranges[i].RangeLength = a->device.ranges[i].length;
        a->ranges[i].RangeInMemory = a->device.ranges[i].in_memory;
    }
    c->NumberOfAccessRanges = n;
    c->AccessRanges = (ACCESS_RANGE(*)[])a->ranges;
}

static void config_device(struct ustor_adapter *a)
{
    PORT_CONFIGURATION_INFORMATION *c = &a->config;
    if (!a->has_device) {
        c->AdapterInterfaceType = a->hw->AdapterInterfaceType;
        return;
    }
    c->AdapterInterfaceType = (INTERFACE_TYPE)a->device.interface_type;
    c->SystemIoBusNumber = a->device.bus_number;
    c->SlotNumber = a->device.slot_number;
    c->BusInterruptLevel = a->device.interrupt_level;
    c->BusInterruptVector = a->device.interrupt_vector;
    c->InterruptMode = a->device.interrupt_messages ? Latched : LevelSensitive;
}

void port_config_defaults(struct ustor_adapter *a)
{
    PORT_CONFIGURATION_INFORMATION *c = &a->config;
    const HW_INITIALIZATION_DATA *hw = a->hw;
    memset(c, 0, sizeof *c);
    c->Length = sizeof *c;
    config_device(a);
    config_ranges(a);
    c->MaximumTransferLength = SP_UNINITIALIZED_VALUE;
    c->NumberOfPhysicalBreaks = DEFAULT_BREAKS;
    c->DmaChannel = c->DmaPort = SP_UNINITIALIZED_VALUE;
    c->DmaChannel2 = c->DmaPort2 = SP_UNINITIALIZED_VALUE;
    memset(c->InitiatorBusId, 0xFF, sizeof c->InitiatorBusId);
    c->ScatterGather = c->Master = c->Dma32BitAddresses = TRUE;
    c->NeedPhysicalAddresses = c->TaggedQueuing = c->AutoRequestSense = TRUE;
    c->MultipleRequestPerLu = c->WmiDataProvider = TRUE;
    c->MapBuffers = hw->MapBuffers;
    c->ReceiveEvent = hw->ReceiveEvent;
    c->MaximumNumberOfTargets = SCSI_MAXIMUM_TARGETS_PER_BUS;
    c->MaximumNumberOfLogicalUnits = SCSI_MAXIMUM_LOGICAL_UNITS;
    c->SrbType = (hw->SrbTypeFlags & SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK)
                     ? SRB_TYPE_STORAGE_REQUEST_BLOCK : SRB_TYPE_SCSI_REQUEST_BLOCK;
    c->AddressType = STORAGE_ADDRESS_TYPE_BTL8;
    c->DeviceExtensionSize = hw->DeviceExtensionSize;
    c->SpecificLuExtensionSize = hw->SpecificLuExtensionSize;
    c->SrbExtensionSize = hw->SrbExtensionSize;
    c->Dma64BitAddresses = SCSI_DMA64_SYSTEM_SUPPORTED;
    c->SynchronizationModel = StorSynchronizeHalfDuplex;
    c->InterruptSynchronizationMode = InterruptSynchronizeAll;
    c->MaxNumberOfIO = DEFAULT_MAX_IO;
    c->MaxIOsPerLun = DEFAULT_MAX_IOS_PER_LUN;
    c->InitialLunQueueDepth = a->is_virtual ? DEPTH_VIRTUAL : DEPTH_PHYSICAL;
}

int port_config_ranges_alloc(struct ustor_adapter *a)
{
    uint32_t n = a->hw->NumberOfAccessRanges;
    if (a->has_device && a->device.n_ranges > n)
        n = a->device.n_ranges;
    a->n_ranges_alloc = n ? n : 1;
    a->ranges = calloc(a->n_ranges_alloc, sizeof(ACCESS_RANGE));
    return a->ranges ? 0 : -ENOMEM;
}

/* ---- after HwFindAdapter ---- */

static void accept_rules(struct ustor_adapter *a)
{
    PORT_CONFIGURATION_INFORMATION *c = &a->config;
    if (a->is_virtual && !c->VirtualDevice)
        port_guest(a, "HwFindAdapter of a virtual adapter left VirtualDevice FALSE");
    if (!a->is_virtual && c->VirtualDevice)
        port_guest(a, "HwFindAdapter of a physical adapter set VirtualDevice");
    if (c->MaximumTransferLength == SP_UNINITIALIZED_VALUE)
        port_guest(a, "HwFindAdapter did not set MaximumTransferLength");
    if (c->SynchronizationModel != StorSynchronizeFullDuplex && !a->is_virtual)
        port_log_info(a, "half-duplex synchronization: HwStartIo runs under the interrupt lock");
}

static void accept_limits(struct ustor_adapter *a)
{
    PORT_CONFIGURATION_INFORMATION *c = &a->config;
    if (!c->NumberOfPhysicalBreaks || c->NumberOfPhysicalBreaks == SP_UNINITIALIZED_VALUE) {
        port_guest(a, "HwFindAdapter left NumberOfPhysicalBreaks unset; using 0x%x",
                   DEFAULT_BREAKS);
        c->NumberOfPhysicalBreaks = DEFAULT_BREAKS;
    }
    if (!c->MaxNumberOfIO || c->MaxNumberOfIO == SP_UNINITIALIZED_VALUE)
        c->MaxNumberOfIO = DEFAULT_MAX_IO;
    if (!c->MaxIOsPerLun || c->MaxIOsPerLun > c->MaxNumberOfIO)
        c->MaxIOsPerLun = c->MaxNumberOfIO < DEFAULT_MAX_IOS_PER_LUN ? c->MaxNumberOfIO
                                                                     : DEFAULT_MAX_IOS_PER_LUN;
    if (c->MaxIOsPerLun > PORT_TAGS) {
        port_log_info(a, "MaxIOsPerLun %u above the port's %u tags per unit", c->MaxIOsPerLun,
                      PORT_TAGS);
        c->MaxIOsPerLun = PORT_TAGS;
    }
    if (!c->InitialLunQueueDepth || c->InitialLunQueueDepth > c->MaxIOsPerLun)
        c->InitialLunQueueDepth = c->MaxIOsPerLun;
    if (c->AlignmentMask & (c->AlignmentMask + 1)) {
        port_guest(a, "AlignmentMask 0x%x is not 2^n-1; using 0", c->AlignmentMask);
        c->AlignmentMask = 0;
    }
}

int port_config_accept(struct ustor_adapter *a)
{
    PORT_CONFIGURATION_INFORMATION *c = &a->config;
    accept_rules(a);
    accept_limits(a);
    a->srbext_size = c->SrbExtensionSize;
    a->extended_srb = (a->hw->SrbTypeFlags & SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK) != 0;
    a->max_outstanding = c->MaxNumberOfIO;
    if (c->SrbExtensionSize > (64u << 20))
        return ustor_error_fail(-EINVAL, "%s: SrbExtensionSize %u is unreasonable", a->name,
                                c->SrbExtensionSize);
    return 0;
}

/* Buses, targets and units to enumerate (0 in ConfigInfo means one). */
void port_config_topology(const struct ustor_adapter *a, uint32_t *buses, uint32_t *targets,
                          uint32_t *luns)
{
    const PORT_CONFIGURATION_INFORMATION *c = &a->config;
    *buses = c->NumberOfBuses ? c->NumberOfBuses : 1;
    *targets = c->MaximumNumberOfTargets ? c->MaximumNumberOfTargets : 1;
    *luns = c->MaximumNumberOfLogicalUnits ? c->MaximumNumberOfLogicalUnits : 1;
}

USTOR_API int ustor_adapter_get_info(struct ustor_adapter *a, struct ustor_adapter_info *info)
{
    if (!a || !info)
        return ustor_error_fail(-EINVAL, "ustor_adapter_get_info: missing argument");
    const PORT_CONFIGURATION_INFORMATION *c = &a->config;
    memset(info, 0, sizeof *info);
    info->virtual_adapter = a->is_virtual;
    info->extended_srb = a->extended_srb;
    info->max_transfer_length = c->MaximumTransferLength;
    info->physical_breaks = c->NumberOfPhysicalBreaks;
    info->alignment_mask = c->AlignmentMask;
    port_config_topology(a, &info->number_of_buses, &info->max_targets, &info->max_luns);
    info->max_io = c->MaxNumberOfIO;
    info->max_ios_per_lun = c->MaxIOsPerLun;
    info->synchronization_model = c->SynchronizationModel;
    info->srb_extension_size = c->SrbExtensionSize;
    if (a->has_device && a->device.interrupt_messages && c->HwMSInterruptRoutine) {
        info->interrupt_mode = USTOR_INTERRUPT_MESSAGE;
        info->interrupt_messages = a->device.interrupt_messages;
        info->interrupt_per_message_lock =
            c->InterruptSynchronizationMode == InterruptSynchronizePerMessage;
    } else if (a->has_device) {
        info->interrupt_mode = USTOR_INTERRUPT_LINE;
    }
    return 0;
}
