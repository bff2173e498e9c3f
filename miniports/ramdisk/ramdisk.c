/*
 * ramdisk.c - a virtual Storport miniport serving disks from RAM or image files:
 * DriverEntry and the Hw* callbacks. It registers HW_INITIALIZATION_DATA for an
 * Internal (virtual) adapter with STORAGE_REQUEST_BLOCKs (classic SRBs when built
 * with RAMDISK_CLASSIC_SRB), opens its units' storage in HwFindAdapter from the
 * configuration (rd_config.c), and answers every request in HwStartIo, which runs
 * without a lock: RAM requests complete inline, asynchronous file requests from
 * the backend's completion poller (rd_store.c).
 * All units sit on bus 0, target 0; unit N is the configuration's diskN.
 * Left out: service IRPs (HwProcessServiceRequest), WMI, runtime power management.
 */
#include "ramdisk.h"

#include <ntddstor.h>

static volatile LONG adapters_found;

/* ---- configuration ---- */

static BOOLEAN read_configuration(PVOID ext, const CHAR *argument, struct rd_config *config)
{
    if (argument && *argument)
        return rd_config_parse(argument, config);
    if (rd_config_from_registry(ext, config))
        return TRUE;
    if (config->error[0])
        return FALSE;
    return rd_config_parse("disk0=ram:1G", config);   /* the default disk */
}

static void close_units(struct rd_adapter *ad)
{
    for (ULONG i = 0; i < RD_MAX_LUNS; i++) {
        if (ad->luns[i].present)
            rd_store_close(&ad->luns[i]);
        ad->luns[i].present = FALSE;
    }
}

static BOOLEAN open_unit(struct rd_adapter *ad, ULONG i, ULONG instance)
{
    struct rd_lun *lun = &ad->luns[i];
    CHAR why[160] = "";
    lun->lun = (UCHAR)i;
    if (rd_store_open(lun, &ad->config.disk[i], instance, why, sizeof why) < 0) {
        DbgPrint("ramdisk: disk%u (%s): %s\n", (unsigned)i, ad->config.disk[i].spec, why);
        return FALSE;
    }
    lun->present = TRUE;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "ramdisk: disk%u: %s, %llu blocks of %u bytes%s\n", (unsigned)i,
               ad->config.disk[i].spec, (unsigned long long)lun->blocks, lun->block_size,
               lun->read_only ? ", read-only" : "");
    return TRUE;
}

static BOOLEAN open_units(struct rd_adapter *ad, ULONG instance)
{
    for (ULONG i = 0; i < RD_MAX_LUNS; i++) {
        if (!ad->config.disk[i].present)
            continue;
        if (!open_unit(ad, i, instance)) {
            close_units(ad);
            return FALSE;
        }
        ad->lun_limit = (UCHAR)(i + 1);
        if (ad->luns[i].io_align - 1 > ad->alignment_mask)   /* O_DIRECT images */
            ad->alignment_mask = ad->luns[i].io_align - 1;
    }
    return TRUE;
}

static void describe_adapter(struct rd_adapter *ad, PPORT_CONFIGURATION_INFORMATION c)
{
    c->VirtualDevice = TRUE;
    c->MaximumTransferLength = RD_MAX_TRANSFER;
    c->NumberOfPhysicalBreaks = RD_PHYSICAL_BREAKS;
    c->AlignmentMask = ad->alignment_mask;
    c->NumberOfBuses = 1;
    c->MaximumNumberOfTargets = 1;
    c->MaximumNumberOfLogicalUnits = ad->lun_limit;
    c->CachesData = TRUE;
    c->SynchronizationModel = StorSynchronizeFullDuplex;
    c->MaxNumberOfIO = RD_MAX_IO;
    c->MaxIOsPerLun = 255;
}

static ULONG rd_find_adapter(PVOID Ext, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                             PBOOLEAN Again)
{
    struct rd_adapter *ad = Ext;
    (void)HwContext; (void)BusInformation; (void)LowerDevice;
    if (Again)
        *Again = FALSE;
    if (!ad->configured) {
        if (!read_configuration(Ext, ArgumentString, &ad->config)) {
            DbgPrint("ramdisk: bad configuration: %s\n", ad->config.error);
            return SP_RETURN_BAD_CONFIG;
        }
        ad->scratch = (PUCHAR)(((ULONG_PTR)ad->scratch_space + PAGE_SIZE - 1) &
                               ~(ULONG_PTR)(PAGE_SIZE - 1));
        if (!open_units(ad, (ULONG)InterlockedIncrement(&adapters_found)))
            return SP_RETURN_BAD_CONFIG;
        ad->configured = TRUE;
    }
    describe_adapter(ad, ConfigInfo);
    StorPortSetAdapterBusType(Ext, BusTypeVirtual);   /* not the registry's default, Fibre */
    return SP_RETURN_FOUND;
}

static BOOLEAN rd_initialize(PVOID Ext)
{
    (void)Ext;
    return TRUE;
}

/* ---- requests ---- */

static struct rd_lun *unit_of(struct rd_adapter *ad, PVOID srb)
{
    UCHAR path = 0, target = 0, lun = 0;
    SrbGetPathTargetLun(srb, &path, &target, &lun);
    if (path || target || lun >= RD_MAX_LUNS || !ad->luns[lun].present)
        return NULL;
    return &ad->luns[lun];
}

static void execute_scsi(struct rd_adapter *ad, PVOID srb)
{
    struct rd_cmd c;
    UCHAR path = 0, target = 0;
    SrbGetPathTargetLun(srb, &path, &target, NULL);
    if (path || target) {
        rd_complete(ad, srb, SRB_STATUS_NO_DEVICE);
        return;
    }
    c.adapter = ad;
    c.lun = unit_of(ad, srb);
    c.srb = srb;
    c.cdb = (const UCHAR *)SrbGetCdb(srb);
    c.cdb_length = SrbGetCdbLength(srb);
    c.data = SrbGetDataBuffer(srb);
    c.data_length = c.data ? SrbGetDataTransferLength(srb) : 0;
    if (!c.cdb || !c.cdb_length) {
        rd_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    rd_scsi_execute(&c);
}

static void flush_unit(struct rd_adapter *ad, PVOID srb)
{
    struct rd_cmd c = {ad, unit_of(ad, srb), srb, NULL, 0, NULL, 0};
    rd_scsi_flush(&c);
}

static void fill_capabilities(PVOID srb)
{
    PSTOR_DEVICE_CAPABILITIES_EX caps = SrbGetDataBuffer(srb);
    if (!caps || SrbGetDataTransferLength(srb) < sizeof *caps)
        return;
    caps->Removable = 0;
    caps->SilentInstall = 1;
    caps->SurpriseRemovalOK = 1;
    caps->UniqueID = 1;                 /* VPD 83h holds a unique NAA identifier */
    caps->Address = SrbGetLun(srb);
    caps->UINumber = SrbGetLun(srb);
}

static void pnp(struct rd_adapter *ad, PVOID srb)
{
    PSRBEX_DATA_PNP ex = (PSRBEX_DATA_PNP)SrbGetSrbExDataByType(srb, SrbExDataTypePnP);
    STOR_PNP_ACTION action = ex ? ex->PnPAction : ((PSCSI_PNP_REQUEST_BLOCK)srb)->PnPAction;
    ULONG flags = ex ? ex->SrbPnPFlags : ((PSCSI_PNP_REQUEST_BLOCK)srb)->SrbPnPFlags;
    switch (action) {
    case StorQueryCapabilities:
        if (!(flags & SRB_PNP_FLAGS_ADAPTER_REQUEST))
            fill_capabilities(srb);
        break;
    case StorStartDevice: case StorRemoveDevice: case StorStopDevice:
    case StorQueryResourceRequirements: case StorFilterResourceRequirements:
    case StorSurpriseRemoval:
        break;
    default:
        rd_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    rd_complete(ad, srb, SRB_STATUS_SUCCESS);
}

/* A unit leaving D0 writes back what its backend holds first. */
static void power(struct rd_adapter *ad, PVOID srb)
{
    PSRBEX_DATA_POWER ex = (PSRBEX_DATA_POWER)SrbGetSrbExDataByType(srb, SrbExDataTypePower);
    STOR_DEVICE_POWER_STATE state =
        ex ? ex->DevicePowerState : ((PSCSI_POWER_REQUEST_BLOCK)srb)->DevicePowerState;
    UCHAR flags = ex ? ex->SrbPowerFlags : ((PSCSI_POWER_REQUEST_BLOCK)srb)->SrbPowerFlags;
    if (state != StorPowerDeviceD0 && !(flags & SRB_POWER_FLAGS_ADAPTER_REQUEST))
        flush_unit(ad, srb);
    else
        rd_complete(ad, srb, SRB_STATUS_SUCCESS);
}

static BOOLEAN rd_start_io(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    struct rd_adapter *ad = Ext;
    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        execute_scsi(ad, Srb);
        break;
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        flush_unit(ad, Srb);
        break;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
        rd_complete(ad, Srb, SRB_STATUS_SUCCESS);   /* nothing is held back here */
        break;
    case SRB_FUNCTION_PNP:
        pnp(ad, Srb);
        break;
    case SRB_FUNCTION_POWER:
        power(ad, Srb);
        break;
    default:
        rd_complete(ad, Srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

/* Requests are never held by the miniport: RAM ones are done before StartIo returns,
 * asynchronous ones are in the backend and complete on their own. */
static BOOLEAN rd_reset_bus(PVOID Ext, ULONG PathId)
{
    (void)Ext; (void)PathId;
    return TRUE;
}

/* ---- control ---- */

static void mark_supported(PSCSI_SUPPORTED_CONTROL_TYPE_LIST list, const int *types, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        if ((ULONG)types[i] < list->MaxControlType)
            list->SupportedTypeList[types[i]] = TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS rd_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                      PVOID Parameters)
{
    static const int types[] = {ScsiQuerySupportedControlTypes, ScsiStopAdapter,
                                ScsiRestartAdapter};
    (void)Ext;
    switch (Type) {
    case ScsiQuerySupportedControlTypes:
        mark_supported(Parameters, types, sizeof types / sizeof types[0]);
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:       /* the port flushed each unit before */
    case ScsiRestartAdapter:    /* the backends stayed open */
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

static SCSI_UNIT_CONTROL_STATUS rd_unit_control(PVOID Ext, SCSI_UNIT_CONTROL_TYPE Type,
                                                PVOID Parameters)
{
    static const int types[] = {ScsiQuerySupportedUnitControlTypes, ScsiUnitStart,
                                ScsiUnitRemove, ScsiUnitSurpriseRemoval};
    (void)Ext;
    switch (Type) {
    case ScsiQuerySupportedUnitControlTypes:
        mark_supported(Parameters, types, sizeof types / sizeof types[0]);
        return ScsiUnitControlSuccess;
    case ScsiUnitStart:
    case ScsiUnitRemove:
    case ScsiUnitSurpriseRemoval:
        return ScsiUnitControlSuccess;
    default:
        return ScsiUnitControlUnsuccessful;
    }
}

static VOID rd_free_adapter_resources(PVOID Ext)
{
    struct rd_adapter *ad = Ext;
    close_units(ad);
    ad->configured = FALSE;
}

/* ---- DriverEntry ---- */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    RtlZeroMemory(&hw, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = Internal;
    hw.HwInitialize = rd_initialize;
    hw.HwStartIo = rd_start_io;
    hw.HwFindAdapter = (PHW_FIND_ADAPTER)(PVOID)rd_find_adapter;   /* the virtual signature */
    hw.HwResetBus = rd_reset_bus;
    hw.HwAdapterControl = rd_adapter_control;
    hw.HwUnitControl = rd_unit_control;
    hw.HwFreeAdapterResources = rd_free_adapter_resources;
    hw.DeviceExtensionSize = sizeof(struct rd_adapter);
    hw.SrbExtensionSize = sizeof(struct rd_io);
    hw.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hw.TaggedQueuing = TRUE;
    hw.AutoRequestSense = TRUE;
    hw.MultipleRequestPerLu = TRUE;
    hw.FeatureSupport = STOR_FEATURE_VIRTUAL_MINIPORT | STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES;
#ifndef RAMDISK_CLASSIC_SRB
    hw.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}
