/*
 * nvme_main.c - DriverEntry and the adapter callbacks of the NVMe miniport:
 * HwFindAdapter (map BAR0, read CAP and VS, allocate queue memory once, describe the
 * adapter), HwInitialize (asks for passive initialization), HwPassiveInitialize
 * (interrupt messages, DPCs, the bring-up state machine, performance options),
 * HwResetBus (a controller reset), HwAdapterControl (ScsiStopAdapter shuts the
 * controller down; ScsiRestartAdapter starts the bring-up again with requests paused
 * until it is done, as a reset does) and HwUnitControl.
 * Registry parameters are not read: the limits are this file's and the controller's.
 */
#include "nvme_mp.h"

#define NVME_RESET_HOLD_US 1000000u
#define NVME_MAX_LUN_DEPTH 255u          /* Storport's tags per unit */

/* ---- HwFindAdapter ---- */

static ULONG count_processors(struct nvme_adapter *ad)
{
    USHORT groups = 0;
    ULONG n = 0;
    if (StorPortGetActiveGroupCount(ad, &groups) != STOR_STATUS_SUCCESS || !groups)
        return 1;
    for (USHORT g = 0; g < groups; g++) {
        KAFFINITY mask = 0;
        if (StorPortGetGroupAffinity(ad, g, &mask) == STOR_STATUS_SUCCESS)
            n += (ULONG)__builtin_popcountll((ULONGLONG)mask);
    }
    return n ? n : 1;
}

static BOOLEAN map_registers(struct nvme_adapter *ad, PPORT_CONFIGURATION_INFORMATION ci)
{
    if (ci->NumberOfAccessRanges < 1)
        return FALSE;
    ACCESS_RANGE *r = &(*ci->AccessRanges)[0];
    if (!r->RangeInMemory || r->RangeLength < NVME_REG_DOORBELL + 16)
        return FALSE;
    ad->regs = StorPortGetDeviceBase(ad, ci->AdapterInterfaceType, ci->SystemIoBusNumber,
                                     r->RangeStart, r->RangeLength, FALSE);
    ad->regs_length = r->RangeLength;
    return ad->regs != NULL;
}

/* CAP and VS: doorbell stride, timeout, queue sizes. FALSE for what we cannot drive. */
static BOOLEAN read_capabilities(struct nvme_adapter *ad)
{
    ULONG high = nvme_reg_read(ad, NVME_REG_CAP + 4), low = nvme_reg_read(ad, NVME_REG_CAP);
    ad->cap = (ULONGLONG)high << 32 | low;
    ad->version = nvme_reg_read(ad, NVME_REG_VS);
    if (low == 0xFFFFFFFFu && high == 0xFFFFFFFFu)
        return FALSE;
    if (((high >> 16) & 0xF) != 0 || !((high >> 5) & 1)) {
        DbgPrint("nvme: CAP 0x%llx: needs 4 KiB pages (MPSMIN 0) and the NVM command set\n",
                 ad->cap);
        return FALSE;
    }
    ULONG mqes = (low & 0xFFFF) + 1;
    ad->stride = 4u << (high & 0xF);
    ad->timeout_ms = ((low >> 24) & 0xFF) * 500u;
    if (ad->timeout_ms < 500)
        ad->timeout_ms = 500;
    ad->io_entries = mqes < NVME_IO_ENTRIES ? mqes : NVME_IO_ENTRIES;
    return ad->io_entries >= 2;
}

static VOID describe_adapter(struct nvme_adapter *ad, PPORT_CONFIGURATION_INFORMATION ci)
{
    ci->MaximumTransferLength = NVME_MAX_TRANSFER;
    ci->NumberOfPhysicalBreaks = NVME_MAX_TRANSFER / NVME_PAGE;
    ci->AlignmentMask = 0x3;             /* PRP entries are dword aligned */
    ci->NumberOfBuses = 1;
    ci->MaximumNumberOfTargets = 1;
    ci->MaximumNumberOfLogicalUnits = NVME_MAX_LUNS;
    ci->ScatterGather = TRUE;
    ci->Master = TRUE;
    ci->CachesData = TRUE;
    ci->MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    ci->Dma64BitAddresses = SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED;
    ci->SynchronizationModel = StorSynchronizeFullDuplex;
    ci->HwMSInterruptRoutine = nvme_msi_isr;
    ci->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    ULONG per_lun = ad->io_entries - 1 < NVME_MAX_LUN_DEPTH ? ad->io_entries - 1 : NVME_MAX_LUN_DEPTH;
    ci->MaxNumberOfIO = ad->io_entries - 1;     /* never more than one queue holds */
    ci->MaxIOsPerLun = per_lun;
    ci->InitialLunQueueDepth = per_lun;
    ci->BusResetHoldTime = NVME_RESET_HOLD_US;
}

static ULONG nvme_find_adapter(PVOID Ext, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Reserved3)
{
    struct nvme_adapter *ad = Ext;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (Reserved3)
        *Reserved3 = FALSE;
    if (!map_registers(ad, ConfigInfo) || !read_capabilities(ad))
        return SP_RETURN_NOT_FOUND;
    describe_adapter(ad, ConfigInfo);   /* DMA abilities first: they place the extension */
    if (!ad->configured) {
        ad->ncpu = count_processors(ad);
        if (!nvme_queues_allocate(ad, ConfigInfo)) {
            DbgPrint("nvme: no memory for the queues\n");
            return SP_RETURN_ERROR;
        }
        ad->configured = TRUE;
    }
    for (ULONG i = 0; i < ad->queues_allocated; i++)
        nvme_doorbell_addresses(ad, &ad->io[i]);
    nvme_doorbell_addresses(ad, &ad->admin);
    if (NVME_REG_DOORBELL + 2 * (ad->queues_allocated + 1) * ad->stride > ad->regs_length)
        return SP_RETURN_BAD_CONFIG;
    StorPortSetAdapterBusType(ad, BusTypeNvme);
    return SP_RETURN_FOUND;
}

/* ---- initialization ---- */

static BOOLEAN nvme_passive_init(PVOID Ext);

static BOOLEAN nvme_initialize(PVOID Ext)
{
    return StorPortEnablePassiveInitialization(Ext, nvme_passive_init);
}

/* Messages 0..N-1 granted; with fewer than two every queue shares message 0. */
static VOID count_messages(struct nvme_adapter *ad)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG n = 0;
    while (n <= NVME_MAX_IO_QUEUES &&
           StorPortGetMSIInfo(ad, n, &info) == STOR_STATUS_SUCCESS && info.MessageId == n)
        n++;
    ad->messages = n;
    ad->shared_message = n < 2;
}

static ULONG processor_index(const GROUP_AFFINITY *g)
{
    ULONGLONG mask = (ULONGLONG)g->Mask;
    return mask ? (ULONG)g->Group * 64u + (ULONG)__builtin_ctzll(mask) : 0;
}

/* Concurrent channels (one per queue), DPC redirection, and messages 1..N targeted one
 * per processor: the processor of message N+1 uses I/O queue N. */
static VOID set_perf_options(struct nvme_adapter *ad)
{
    PERF_CONFIGURATION_DATA p;
    GROUP_AFFINITY targets[NVME_MAX_IO_QUEUES];
    RtlZeroMemory(&p, sizeof p);
    RtlZeroMemory(targets, sizeof targets);
    p.Version = STOR_PERF_VERSION;
    p.Size = sizeof p;
    for (ULONG i = 0; i < NVME_MAX_CPUS; i++)
        ad->cpu_queue[i] = (UCHAR)(i % ad->nqueues);
    if (StorPortInitializePerfOpts(ad, TRUE, &p) != STOR_STATUS_SUCCESS)
        return;
    ULONG offered = p.Flags;
    ULONG flags = offered & (STOR_PERF_DPC_REDIRECTION | STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO);
    if (ad->nqueues > 1)
        flags |= offered & STOR_PERF_CONCURRENT_CHANNELS;
    if (!ad->shared_message)
        flags |= offered & (STOR_PERF_INTERRUPT_MESSAGE_RANGES | STOR_PERF_ADV_CONFIG_LOCALITY);
    if (!(flags & STOR_PERF_INTERRUPT_MESSAGE_RANGES))
        flags &= ~STOR_PERF_ADV_CONFIG_LOCALITY;
    p.Flags = flags;
    p.ConcurrentChannels = ad->nqueues;
    p.FirstRedirectionMessageNumber = 1;
    p.LastRedirectionMessageNumber = ad->nqueues;
    p.MessageTargets = (flags & STOR_PERF_ADV_CONFIG_LOCALITY) ? targets : NULL;
    if (StorPortInitializePerfOpts(ad, FALSE, &p) != STOR_STATUS_SUCCESS) {
        DbgPrint("nvme: performance options 0x%x refused\n", flags);
        return;
    }
    ad->channels = (flags & STOR_PERF_CONCURRENT_CHANNELS) ? ad->nqueues : 0;
    ad->reap_in_startio = !ad->shared_message &&
                          (flags & STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO);
    for (ULONG q = 0; p.MessageTargets && q < ad->nqueues; q++)
        ad->cpu_queue[processor_index(&targets[q]) % NVME_MAX_CPUS] = (UCHAR)q;
    ad->perf_set = TRUE;
}

/* Brings the controller up with the state machine and waits for it (it polls on the
 * Storport timer; admin completions arrive through the interrupt and the DPC). */
static BOOLEAN nvme_passive_init(PVOID Ext)
{
    struct nvme_adapter *ad = Ext;
    ULONG limit_ms = ad->timeout_ms * 2 + 10000, waited_us = 0;
    if (!ad->dpcs_ready)
        count_messages(ad);
    nvme_dpcs_init(ad);
    nvme_sm_start(ad, FALSE);
    while (NVME_LOAD(&ad->state) == NVME_ST_STARTING) {
        if (waited_us / 1000 > limit_ms) {
            DbgPrint("nvme: the controller did not come up in %u ms\n", limit_ms);
            StorPortNotification(RequestTimerCall, ad, nvme_sm_timer, 0);
            InterlockedExchange(&ad->state, NVME_ST_FAILED);
            return FALSE;
        }
        StorPortStallExecution(200);
        waited_us += 200;
    }
    if (NVME_LOAD(&ad->state) != NVME_ST_READY)
        return FALSE;
    set_perf_options(ad);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "nvme: ready: %u I/O queue pairs of %u entries, %u messages, %u channels\n",
               ad->nqueues, ad->io_entries, ad->messages, ad->channels);
    return TRUE;
}

/* ---- reset and control ---- */

static BOOLEAN nvme_reset_bus(PVOID Ext, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);
    nvme_reset_controller(Ext);
    return TRUE;
}

static VOID mark_supported(PSCSI_SUPPORTED_CONTROL_TYPE_LIST list, const int *types, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        if ((ULONG)types[i] < list->MaxControlType)
            list->SupportedTypeList[types[i]] = TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS nvme_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                        PVOID Parameters)
{
    static const int types[] = {ScsiQuerySupportedControlTypes, ScsiStopAdapter,
                                ScsiRestartAdapter, ScsiAdapterSurpriseRemoval};
    switch (Type) {
    case ScsiQuerySupportedControlTypes:
        mark_supported(Parameters, types, sizeof types / sizeof types[0]);
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:                /* the port drained and flushed every unit */
        nvme_shutdown_now(Ext);
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:             /* DIRQL: the bring-up runs on, requests paused */
        nvme_reset_controller(Ext);
        return ScsiAdapterControlSuccess;
    case ScsiAdapterSurpriseRemoval:     /* the device is gone: touch it no more */
        nvme_device_gone(Ext);
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

static SCSI_UNIT_CONTROL_STATUS nvme_unit_control(PVOID Ext, SCSI_UNIT_CONTROL_TYPE Type,
                                                  PVOID Parameters)
{
    static const int types[] = {ScsiQuerySupportedUnitControlTypes, ScsiUnitStart,
                                ScsiUnitRemove, ScsiUnitSurpriseRemoval};
    UNREFERENCED_PARAMETER(Ext);
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

/* ---- DriverEntry ---- */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    RtlZeroMemory(&hw, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = PCIBus;
    hw.HwInitialize = nvme_initialize;
    hw.HwStartIo = nvme_start_io;
    hw.HwBuildIo = nvme_build_io;
    hw.HwInterrupt = nvme_intx_isr;
    hw.HwFindAdapter = nvme_find_adapter;
    hw.HwResetBus = nvme_reset_bus;
    hw.HwAdapterControl = nvme_adapter_control;
    hw.HwUnitControl = nvme_unit_control;
    hw.DeviceExtensionSize = sizeof(struct nvme_adapter);
    hw.SrbExtensionSize = sizeof(struct nvme_req);
    hw.NumberOfAccessRanges = 2;
    hw.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hw.NeedPhysicalAddresses = TRUE;
    hw.TaggedQueuing = TRUE;
    hw.AutoRequestSense = TRUE;
    hw.MultipleRequestPerLu = TRUE;
    hw.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}
