/*
 * disk_fault - a test miniport for the disk layer (src/disk), written as WDK code:
 * a virtual adapter with one disk in memory (LUN 0) whose limits, cache and
 * provisioning come from the control block `dfault` (disk_fault_control.h), and
 * which fails the commands the test asks it to, with a SCSI status and
 * fixed-format sense data. Every command is logged. It answers TEST UNIT READY,
 * INQUIRY (VPD 0x00, 0xB0, 0xB1, 0xB2), READ CAPACITY 10/16, MODE SENSE 6/10
 * (caching page), READ/WRITE 10/16, SYNCHRONIZE CACHE 10/16, UNMAP, WRITE SAME(16)
 * and REPORT LUNS, all completed in HwStartIo.
 * Not a complete SBC device: no field checking beyond what the tests need.
 */
#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>

#include "disk_fault_control.h"

__attribute__((visibility("default"))) struct df_control dfault;

#define OP_TUR 0x00
#define OP_INQUIRY 0x12
#define OP_MODE_SENSE6 0x1a
#define OP_READ_CAPACITY10 0x25
#define OP_READ10 0x28
#define OP_WRITE10 0x2a
#define OP_SYNC_CACHE10 0x35
#define OP_UNMAP 0x42
#define OP_MODE_SENSE10 0x5a
#define OP_READ16 0x88
#define OP_WRITE16 0x8a
#define OP_SYNC_CACHE16 0x91
#define OP_WRITE_SAME16 0x93
#define OP_SAI16 0x9e
#define OP_REPORT_LUNS 0xa0

struct df_ext {
    ULONG unused;
};

static ULONG be32(const UCHAR *p)
{
    return (ULONG)p[0] << 24 | (ULONG)p[1] << 16 | (ULONG)p[2] << 8 | p[3];
}

static ULONG64 be64(const UCHAR *p)
{
    return (ULONG64)be32(p) << 32 | be32(p + 4);
}

static void put16(UCHAR *p, ULONG v)
{
    p[0] = (UCHAR)(v >> 8);
    p[1] = (UCHAR)v;
}

static void put32(UCHAR *p, ULONG v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static void put64(UCHAR *p, ULONG64 v)
{
    put32(p, (ULONG)(v >> 32));
    put32(p + 4, (ULONG)v);
}

/* ---- completion ---- */

static void complete(PVOID ext, PVOID srb, UCHAR status)
{
    SrbSetSrbStatus(srb, status);
    StorPortNotification(RequestComplete, ext, srb);
}

static void complete_data(PVOID ext, PVOID srb, const UCHAR *data, ULONG n)
{
    ULONG room = SrbGetDataTransferLength(srb);
    if (n > room)
        n = room;
    RtlCopyMemory(SrbGetDataBuffer(srb), data, n);
    SrbSetDataTransferLength(srb, n);
    complete(ext, srb, SRB_STATUS_SUCCESS);
}

static void check_condition(PVOID ext, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq)
{
    UCHAR *sense = SrbGetSenseInfoBuffer(srb);
    UCHAR room = SrbGetSenseInfoBufferLength(srb);
    UCHAR status = SRB_STATUS_ERROR;
    SrbSetScsiStatus(srb, SCSISTAT_CHECK_CONDITION);
    SrbSetDataTransferLength(srb, 0);
    if (sense && room >= 18) {
        RtlZeroMemory(sense, 18);
        sense[0] = 0x70;
        sense[2] = key;
        sense[7] = 10;
        sense[12] = asc;
        sense[13] = ascq;
        SrbSetSenseInfoBufferLength(srb, 18);
        status |= SRB_STATUS_AUTOSENSE_VALID;
    }
    complete(ext, srb, status);
}

static void fail_status(PVOID ext, PVOID srb, UCHAR scsi_status)
{
    SrbSetScsiStatus(srb, scsi_status);
    SrbSetDataTransferLength(srb, 0);
    complete(ext, srb, SRB_STATUS_ERROR);
}

/* ---- logging and faults ---- */

static ULONG pages_of(PVOID buf, ULONG len)
{
    ULONG_PTR a = (ULONG_PTR)buf;
    return len ? (ULONG)((a + len - 1) / 4096 - a / 4096 + 1) : 0;
}

static struct df_cmd *log_command(PVOID srb, const UCHAR *cdb)
{
    LONG i = InterlockedIncrement((LONG volatile *)&dfault.n_log) - 1;
    if (i >= DF_LOG_MAX)
        return NULL;
    struct df_cmd *c = &dfault.log[i];
    c->opcode = cdb[0];
    c->byte1 = cdb[1];
    c->cdb_length = SrbGetCdbLength(srb);
    c->data_length = SrbGetDataTransferLength(srb);
    c->pages = pages_of(SrbGetDataBuffer(srb), c->data_length);
    return c;
}

/* True when this command takes the injected fault (which is then answered). */
static BOOLEAN inject(PVOID ext, PVOID srb, const UCHAR *cdb, struct df_cmd *c)
{
    if (dfault.fault_opcode != DF_ANY_OPCODE && dfault.fault_opcode != cdb[0])
        return FALSE;
    if (InterlockedDecrement((LONG volatile *)&dfault.fault_count) < 0) {
        InterlockedIncrement((LONG volatile *)&dfault.fault_count);
        return FALSE;
    }
    if (c)
        c->failed = 1;
    if (dfault.fault_status == SCSISTAT_CHECK_CONDITION)
        check_condition(ext, srb, dfault.fault_key, dfault.fault_asc, dfault.fault_ascq);
    else
        fail_status(ext, srb, dfault.fault_status);
    return TRUE;
}

/* ---- identity and configuration answers ---- */

static void inquiry_vpd(PVOID ext, PVOID srb, UCHAR page)
{
    UCHAR d[64] = { 0 };
    d[1] = page;
    switch (page) {
    case 0x00:
        d[3] = 4;
        d[4] = 0x00, d[5] = 0xb0, d[6] = 0xb1, d[7] = 0xb2;
        break;
    case 0xb0:
        d[3] = 0x3c;
        put16(d + 6, dfault.vpd_granularity);
        put32(d + 8, dfault.vpd_max_transfer);
        put32(d + 20, dfault.vpd_max_unmap);
        put32(d + 24, dfault.vpd_max_unmap ? 1 : 0);
        put64(d + 36, dfault.vpd_max_ws);
        break;
    case 0xb1:
        d[3] = 0x3c;
        put16(d + 4, dfault.rotation);
        break;
    case 0xb2:
        d[3] = 4;
        d[5] = (dfault.lbpu ? 0x80 : 0) | (dfault.lbpws ? 0x40 : 0) | (dfault.lbprz ? 0x04 : 0);
        d[6] = 0x02;
        break;
    default:
        check_condition(ext, srb, 0x5, 0x24, 0);
        return;
    }
    complete_data(ext, srb, d, 4 + d[3]);
}

static void inquiry(PVOID ext, PVOID srb, const UCHAR *cdb)
{
    if (cdb[1] & 1) {
        if (dfault.no_vpd)
            check_condition(ext, srb, 0x5, 0x24, 0);
        else
            inquiry_vpd(ext, srb, cdb[2]);
        return;
    }
    UCHAR d[36] = { 0 };
    d[0] = SrbGetLun(srb) == 0 && SrbGetTargetId(srb) == 0 ? 0x00 : 0x7f;
    d[2] = 6;
    d[3] = 2;
    d[4] = 31;
    memcpy(d + 8, "USTOR   FAULTY DISK     0042", 28);
    complete_data(ext, srb, d, sizeof d);
}

static void read_capacity(PVOID ext, PVOID srb, BOOLEAN sixteen)
{
    UCHAR d[32] = { 0 };
    if (sixteen) {
        put64(d, (ULONG64)dfault.blocks - 1);
        put32(d + 8, dfault.block_size);
        d[13] = 0;
        d[14] = (dfault.lbpme ? 0x80 : 0) | (dfault.lbprz ? 0x40 : 0);
        complete_data(ext, srb, d, 32);
        return;
    }
    put32(d, dfault.blocks - 1);
    put32(d + 4, dfault.block_size);
    complete_data(ext, srb, d, 8);
}

static void mode_sense(PVOID ext, PVOID srb, BOOLEAN ten)
{
    UCHAR d[40] = { 0 };
    ULONG hdr = ten ? 8 : 4;
    UCHAR dsp = (dfault.write_protect ? 0x80 : 0) | (dfault.dpofua ? 0x10 : 0);
    UCHAR *page = d + hdr;
    page[0] = 0x08;
    page[1] = 0x12;
    page[2] = dfault.wce ? 0x04 : 0;
    if (ten) {
        put16(d, hdr + 20 - 2);
        d[3] = dsp;
    } else {
        d[0] = (UCHAR)(hdr + 20 - 1);
        d[2] = dsp;
    }
    complete_data(ext, srb, d, hdr + 20);
}

static void report_luns(PVOID ext, PVOID srb)
{
    UCHAR d[16] = { 0 };
    put32(d, 8);
    complete_data(ext, srb, d, 16);
}

/* ---- the medium ---- */

static BOOLEAN in_range(ULONG64 lba, ULONG blocks)
{
    return lba <= dfault.blocks && blocks <= dfault.blocks - lba;
}

static void read_write(PVOID ext, PVOID srb, const UCHAR *cdb, struct df_cmd *c, BOOLEAN write)
{
    BOOLEAN ten = SrbGetCdbLength(srb) == 10;
    ULONG64 lba = ten ? be32(cdb + 2) : be64(cdb + 2);
    ULONG blocks = ten ? (ULONG)cdb[7] << 8 | cdb[8] : be32(cdb + 10);
    ULONG bytes = blocks * dfault.block_size;
    if (c)
        c->lba = lba, c->blocks = blocks;
    if (!in_range(lba, blocks)) {
        check_condition(ext, srb, 0x5, 0x21, 0);
        return;
    }
    if (write && dfault.write_protect) {
        check_condition(ext, srb, 0x7, 0x27, 0);
        return;
    }
    if (SrbGetDataTransferLength(srb) < bytes) {
        check_condition(ext, srb, 0x5, 0x24, 0);
        return;
    }
    UCHAR *disk = dfault.data + lba * dfault.block_size;
    if (write)
        RtlCopyMemory(disk, SrbGetDataBuffer(srb), bytes);
    else
        RtlCopyMemory(SrbGetDataBuffer(srb), disk, bytes);
    SrbSetDataTransferLength(srb, bytes);
    complete(ext, srb, SRB_STATUS_SUCCESS);
}

static void unmap(PVOID ext, PVOID srb, struct df_cmd *c)
{
    const UCHAR *p = SrbGetDataBuffer(srb);
    if (SrbGetDataTransferLength(srb) < 24) {
        check_condition(ext, srb, 0x5, 0x1a, 0);
        return;
    }
    ULONG64 lba = be64(p + 8);
    ULONG blocks = be32(p + 16);
    if (c)
        c->lba = lba, c->blocks = blocks;
    if (!in_range(lba, blocks)) {
        check_condition(ext, srb, 0x5, 0x21, 0);
        return;
    }
    RtlZeroMemory(dfault.data + lba * dfault.block_size, (SIZE_T)blocks * dfault.block_size);
    complete(ext, srb, SRB_STATUS_SUCCESS);
}

static void write_same(PVOID ext, PVOID srb, const UCHAR *cdb, struct df_cmd *c)
{
    ULONG64 lba = be64(cdb + 2);
    ULONG blocks = be32(cdb + 10);
    const UCHAR *block = SrbGetDataBuffer(srb);
    if (c)
        c->lba = lba, c->blocks = blocks;
    if (!in_range(lba, blocks) || !blocks) {
        check_condition(ext, srb, 0x5, 0x21, 0);
        return;
    }
    for (ULONG i = 0; i < blocks; i++)
        RtlCopyMemory(dfault.data + (lba + i) * dfault.block_size, block, dfault.block_size);
    complete(ext, srb, SRB_STATUS_SUCCESS);
}

static void execute(PVOID ext, PVOID srb)
{
    const UCHAR *cdb = (const UCHAR *)SrbGetCdb(srb);
    struct df_cmd *c = log_command(srb, cdb);
    if (SrbGetLun(srb) != 0 || SrbGetTargetId(srb) != 0) {
        if (cdb[0] == OP_INQUIRY)
            inquiry(ext, srb, cdb);
        else
            complete(ext, srb, SRB_STATUS_SELECTION_TIMEOUT);
        return;
    }
    if (inject(ext, srb, cdb, c))
        return;
    switch (cdb[0]) {
    case OP_TUR: complete(ext, srb, SRB_STATUS_SUCCESS); break;
    case OP_INQUIRY: inquiry(ext, srb, cdb); break;
    case OP_REPORT_LUNS: report_luns(ext, srb); break;
    case OP_READ_CAPACITY10: read_capacity(ext, srb, FALSE); break;
    case OP_SAI16:
        if (dfault.no_rc16 || (cdb[1] & 0x1f) != 0x10)
            check_condition(ext, srb, 0x5, 0x20, 0);
        else
            read_capacity(ext, srb, TRUE);
        break;
    case OP_MODE_SENSE6: mode_sense(ext, srb, FALSE); break;
    case OP_MODE_SENSE10: mode_sense(ext, srb, TRUE); break;
    case OP_READ10: case OP_READ16: read_write(ext, srb, cdb, c, FALSE); break;
    case OP_WRITE10: case OP_WRITE16: read_write(ext, srb, cdb, c, TRUE); break;
    case OP_SYNC_CACHE10: case OP_SYNC_CACHE16: complete(ext, srb, SRB_STATUS_SUCCESS); break;
    case OP_UNMAP: unmap(ext, srb, c); break;
    case OP_WRITE_SAME16: write_same(ext, srb, cdb, c); break;
    default: check_condition(ext, srb, 0x5, 0x20, 0); break;
    }
}

/* ---- Hw* callbacks ---- */

static BOOLEAN df_startio(PVOID ext, PSCSI_REQUEST_BLOCK srb)
{
    if (SrbGetSrbFunction(srb) == SRB_FUNCTION_EXECUTE_SCSI)
        execute(ext, srb);
    else
        complete(ext, srb, SRB_STATUS_SUCCESS);
    return TRUE;
}

static BOOLEAN df_initialize(PVOID ext)
{
    (void)ext;
    return TRUE;
}

static BOOLEAN df_resetbus(PVOID ext, ULONG path)
{
    (void)ext;
    (void)path;
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS df_adapter_control(PVOID ext, SCSI_ADAPTER_CONTROL_TYPE type,
                                                      PVOID parameters)
{
    (void)ext;
    if (type == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = parameters;
        for (ULONG i = 0; i < list->MaxControlType; i++)
            list->SupportedTypeList[i] = i == ScsiQuerySupportedControlTypes || i == ScsiStopAdapter;
    }
    return ScsiAdapterControlSuccess;
}

static ULONG df_find_adapter(PVOID ext, PVOID context, PVOID bus, PVOID lower, PCHAR argument,
                             PPORT_CONFIGURATION_INFORMATION config, PBOOLEAN again)
{
    (void)ext; (void)context; (void)bus; (void)lower; (void)argument; (void)again;
    config->VirtualDevice = TRUE;
    config->MaximumTransferLength = dfault.max_transfer;
    config->NumberOfPhysicalBreaks = dfault.breaks;
    config->AlignmentMask = 0;
    config->NumberOfBuses = 1;
    config->MaximumNumberOfTargets = 1;
    config->MaximumNumberOfLogicalUnits = 1;
    config->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;
}

__attribute__((visibility("default"))) ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    memset(&hw, 0, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = Internal;     /* virtual: HwFindAdapter takes the 7-argument form */
    hw.HwInitialize = df_initialize;
    hw.HwStartIo = df_startio;
    hw.HwFindAdapter = (PVOID)df_find_adapter;
    hw.HwResetBus = df_resetbus;
    hw.HwAdapterControl = df_adapter_control;
    hw.DeviceExtensionSize = sizeof(struct df_ext);
    hw.TaggedQueuing = hw.AutoRequestSense = hw.MultipleRequestPerLu = TRUE;
    hw.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}
