/*
 * memmp - the test miniport of the memory and DMA tests, written as WDK code. A
 * virtual adapter with one disk (LUN 0) that calls the Storport memory routines the
 * way real miniports do: HwFindAdapter takes an uncached extension (and, on request,
 * leaks pool or marks dump memory), StartIo probes every READ(10)/WRITE(10) (its
 * scatter/gather list, MDL, PFNs, system address and the physical addresses of the
 * buffers it carries) before completing it, and memmp_call() runs single calls for
 * the test thread. Everything seen goes to the control block `memmp`
 * (memmp_control.h); the tests judge it. Not a disk: READ data is left as it was.
 */
#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>

#include "memmp_ext.h"

__attribute__((visibility("default"))) struct memmp_control memmp;

#define SRBEXT_BYTES 512
#define LUEXT_BYTES 128

static void put_be32(UCHAR *p, ULONG v)
{
    p[0] = (UCHAR)(v >> 24); p[1] = (UCHAR)(v >> 16); p[2] = (UCHAR)(v >> 8); p[3] = (UCHAR)v;
}

struct memmp_pa memmp_phys(PVOID e, PVOID srb, PVOID va)
{
    struct memmp_pa r = {0, 0, 0};
    ULONG len = 0;
    r.pa = (uint64_t)StorPortGetPhysicalAddress(e, srb, va, &len).QuadPart;
    r.len = len;
    return r;
}

/* ---- the I/O probe ---- */

static void probe_sg(struct memmp_ext *e, PVOID srb, struct memmp_io *io)
{
    PSTOR_SCATTER_GATHER_LIST sg = StorPortGetScatterGatherList(e, srb);
    PSTOR_SCATTER_GATHER_LIST in_sg = NULL;
    io->sg = (uint64_t)(ULONG_PTR)sg;
    io->sg_count = sg ? sg->NumberOfElements : 0;
    for (ULONG i = 0; sg && i < sg->NumberOfElements && i < MEMMP_MAX_SG; i++) {
        io->sg_elem[i].pa = (uint64_t)sg->List[i].PhysicalAddress.QuadPart;
        io->sg_elem[i].len = sg->List[i].Length;
    }
    io->datain_sg_status = StorPortGetDataInBufferScatterGatherList(e, srb, &in_sg);
    io->datain_sg = (uint64_t)(ULONG_PTR)in_sg;
}

static void probe_system_address(struct memmp_ext *e, PVOID srb, struct memmp_io *io)
{
    PVOID va = NULL, in_va = NULL;
    io->sysaddr_status = StorPortGetSystemAddress(e, srb, &va);
    io->sysaddr = (uint64_t)(ULONG_PTR)va;
    io->datain_sysaddr_status = StorPortGetDataInBufferSystemAddress(e, srb, &in_va);
    io->datain_sysaddr = (uint64_t)(ULONG_PTR)in_va;
}

static void probe_mdl(struct memmp_ext *e, PVOID srb, struct memmp_io *io)
{
    PVOID mdl = NULL, in_mdl = NULL, pfns = NULL, own = NULL;
    ULONG count = 0, offset = 0;
    io->mdl_status = StorPortGetOriginalMdl(e, srb, &mdl);
    io->mdl = (uint64_t)(ULONG_PTR)mdl;
    io->datain_mdl_status = StorPortGetDataInBufferMdl(e, srb, &in_mdl);
    io->datain_mdl = (uint64_t)(ULONG_PTR)in_mdl;
    if (mdl) {
        PMDL m = mdl;
        io->mdl_start_va = (uint64_t)(ULONG_PTR)m->StartVa;
        io->mdl_mapped_va = (uint64_t)(ULONG_PTR)m->MappedSystemVa;
        io->mdl_byte_count = MmGetMdlByteCount(m);
        io->mdl_byte_offset = MmGetMdlByteOffset(m);
        io->mdl_flags = m->MdlFlags;
        io->mdl_size = m->Size;
    }
    io->pfn_status = StorPortGetPfns(e, srb, mdl, &pfns, &count, &offset);
    io->pfn_count = count;
    io->pfn_offset = offset;
    io->pfn_array = (uint64_t)(ULONG_PTR)pfns;
    for (ULONG i = 0; pfns && i < count && i < MEMMP_MAX_PFNS; i++)
        io->pfn[i] = ((PULONG_PTR)pfns)[i];
    if (StorPortAllocateMdl(e, e->scratch, 16, &own) == STOR_STATUS_SUCCESS) {
        io->pfn_foreign_status = StorPortGetPfns(e, srb, own, &pfns, &count, &offset);
        StorPortFreeMdl(e, own);
    }
}

static void probe_addresses(struct memmp_ext *e, PVOID srb, struct memmp_io *io)
{
    UCHAR *data = SrbGetDataBuffer(srb);
    PVOID srbext = SrbGetMiniportContext(srb), sense = SrbGetSenseInfoBuffer(srb);
    PVOID lu = StorPortGetLogicalUnit(e, SrbGetPathId(srb), SrbGetTargetId(srb), SrbGetLun(srb));
    io->pa_data = memmp_phys(e, srb, data + memmp.probe_offset);
    io->pa_data_nosrb = memmp_phys(e, NULL, data + memmp.probe_offset);
    io->srbext = (uint64_t)(ULONG_PTR)srbext;
    io->pa_srbext = memmp_phys(e, srb, srbext);
    io->sense = (uint64_t)(ULONG_PTR)sense;
    io->pa_sense = memmp_phys(e, srb, sense);
    io->lu_ext = (uint64_t)(ULONG_PTR)lu;
    io->pa_lu_ext = memmp_phys(e, NULL, lu);
    io->devext_probe = (uint64_t)(ULONG_PTR)&e->scratch[7];
    io->pa_devext = memmp_phys(e, NULL, &e->scratch[7]);
    io->uncached_probe = (uint64_t)(ULONG_PTR)((UCHAR *)e->uncached + 100);
    io->pa_uncached_foreign = e->uncached ? memmp_phys(e, &e->own_srb, (UCHAR *)e->uncached + 100)
                                          : (struct memmp_pa){0, 0, 0};
    io->va_of_srbext_pa = (uint64_t)(ULONG_PTR)StorPortGetVirtualAddress(
        e, StorPortConvertUlongToPhysicalAddress((ULONG_PTR)io->pa_srbext.pa));
}

static void probe_io(struct memmp_ext *e, PVOID srb)
{
    struct memmp_io *io = &memmp.io;
    memset(io, 0, sizeof *io);
    io->srb = (uint64_t)(ULONG_PTR)srb;
    e->last_srb = srb;
    io->data_buffer = (uint64_t)(ULONG_PTR)SrbGetDataBuffer(srb);
    io->data_length = SrbGetDataTransferLength(srb);
    probe_sg(e, srb, io);
    probe_system_address(e, srb, io);
    probe_mdl(e, srb, io);
    probe_addresses(e, srb, io);
    __atomic_store_n(&io->seen, 1, __ATOMIC_RELEASE);
}

/* ---- commands ---- */

static UCHAR do_inquiry(PVOID srb, UCHAR *buf, ULONG len)
{
    UCHAR data[36] = {0};
    BOOLEAN here = SrbGetTargetId(srb) == 0 && SrbGetLun(srb) == 0;
    if (SrbGetTargetId(srb) != 0)
        return SRB_STATUS_SELECTION_TIMEOUT;
    data[0] = here ? 0x00 : 0x7F;
    data[2] = 6;
    data[3] = 2;
    data[4] = 31;
    memcpy(data + 8, "USTOR   MEMORY TEST     0001", 28);
    memcpy(buf, data, len < sizeof data ? len : sizeof data);
    SrbSetDataTransferLength(srb, len < sizeof data ? len : sizeof data);
    return SRB_STATUS_SUCCESS;
}

static UCHAR do_report_luns(PVOID srb, UCHAR *buf, ULONG len)
{
    if (SrbGetTargetId(srb) != 0)
        return SRB_STATUS_SELECTION_TIMEOUT;
    if (len < 16)
        return SRB_STATUS_DATA_OVERRUN;
    memset(buf, 0, 16);
    put_be32(buf, 8);
    SrbSetDataTransferLength(srb, 16);
    return SRB_STATUS_SUCCESS;
}

static UCHAR do_command(struct memmp_ext *e, PVOID srb)
{
    UCHAR *buf = SrbGetDataBuffer(srb);
    ULONG len = SrbGetDataTransferLength(srb);
    switch (SrbGetCdb(srb)->AsByte[0]) {
    case SCSIOP_INQUIRY: return do_inquiry(srb, buf, len);
    case SCSIOP_REPORT_LUNS: return do_report_luns(srb, buf, len);
    case SCSIOP_READ_CAPACITY:
        if (len < 8)
            return SRB_STATUS_DATA_OVERRUN;
        put_be32(buf, 0x7FF);
        put_be32(buf + 4, 512);
        return SRB_STATUS_SUCCESS;
    case SCSIOP_READ: case SCSIOP_WRITE:
        probe_io(e, srb);
        return SRB_STATUS_SUCCESS;
    case SCSIOP_TEST_UNIT_READY: case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

/* ---- Hw* callbacks ---- */

static BOOLEAN memmp_startio(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR status = SRB_STATUS_SUCCESS;
    if (SrbGetSrbFunction(Srb) == SRB_FUNCTION_EXECUTE_SCSI)
        status = do_command(Ext, Srb);
    SrbSetSrbStatus(Srb, status);
    StorPortNotification(RequestComplete, Ext, Srb);
    return TRUE;
}

static BOOLEAN memmp_initialize(PVOID Ext)
{
    (void)Ext;
    return TRUE;
}

static BOOLEAN memmp_resetbus(PVOID Ext, ULONG PathId)
{
    (void)Ext; (void)PathId;
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS memmp_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                         PVOID Parameters)
{
    (void)Ext;
    if (Type == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;
        if (ScsiStopAdapter < list->MaxControlType)
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
    }
    return ScsiAdapterControlSuccess;
}

static VOID memmp_free_resources(PVOID Ext)
{
    (void)Ext;
}

static void find_uncached(struct memmp_ext *e, PPORT_CONFIGURATION_INFORMATION c)
{
    if (memmp.master_off)
        c->Master = FALSE;
    if (memmp.dma32_off)
        c->Dma32BitAddresses = FALSE;
    if (memmp.dma64_set)
        c->Dma64BitAddresses = (UCHAR)memmp.dma64;
    e->uncached = StorPortGetUncachedExtension(e, c, memmp.uncached_bytes);
    memmp.uncached = (uint64_t)(ULONG_PTR)e->uncached;
    if (memmp.uncached_twice)
        memmp.uncached_again = (uint64_t)(ULONG_PTR)StorPortGetUncachedExtension(
            e, c, memmp.uncached_bytes);
    if (e->uncached)
        memmp.uncached_pa = memmp_phys(e, NULL, e->uncached);
    if (memmp.srbext_after)
        c->SrbExtensionSize += 64;
    if (memmp.mark_dump_in_find && e->uncached)
        memmp.mark_dump_status = StorPortMarkDumpMemory(e, e->uncached, memmp.uncached_bytes, 0);
}

static ULONG memmp_find(PVOID Ext, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                        PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                        PBOOLEAN Again)
{
    (void)HwContext; (void)BusInformation; (void)LowerDevice; (void)ArgumentString; (void)Again;
    struct memmp_ext *e = Ext;
    memmp.ext = (uint64_t)(ULONG_PTR)e;
    memmp.find_calls++;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 1024 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = memmp.breaks ? memmp.breaks : 16;
    ConfigInfo->AlignmentMask = memmp.alignment_mask;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    if (memmp.uncached_bytes)
        find_uncached(e, ConfigInfo);
    if (memmp.leak_tag) {
        PVOID leak = NULL;
        StorPortAllocatePool(e, 100, memmp.leak_tag, &leak);
    }
    return SP_RETURN_FOUND;
}

__attribute__((visibility("default"))) ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    memset(&hw, 0, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = Internal;
    hw.HwInitialize = memmp_initialize;
    hw.HwStartIo = memmp_startio;
    hw.HwFindAdapter = (PVOID)memmp_find;
    hw.HwResetBus = memmp_resetbus;
    hw.HwAdapterControl = memmp_adapter_control;
    hw.HwFreeAdapterResources = memmp_free_resources;
    hw.DeviceExtensionSize = sizeof(struct memmp_ext);
    hw.SpecificLuExtensionSize = LUEXT_BYTES;
    hw.SrbExtensionSize = SRBEXT_BYTES;
    hw.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hw.TaggedQueuing = hw.AutoRequestSense = hw.MultipleRequestPerLu = TRUE;
    if (memmp.extended_srb)
        hw.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    memmp.driver_entry_dump_status = StorPortMarkDumpMemory(NULL, &memmp, sizeof memmp, 0);
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}
