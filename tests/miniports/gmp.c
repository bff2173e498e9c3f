/*
 * gmp - the miniport of the registry, event and general-routine tests
 * (tests/port_general), written as WDK code: a virtual adapter with one disk-like
 * unit (0:0:0) that answers INQUIRY and TEST UNIT READY from StartIo. HwFindAdapter
 * records its ArgumentString, the port number, a registry value and (on request)
 * sets the bus type; StartIo asks for each request's activity ID. The test thread
 * drives everything else through gmp_call, which calls the routines exactly as a
 * miniport would, through the storport.h wrappers.
 */
#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>

#include "gmp_control.h"

__attribute__((visibility("default"))) struct gmp_control gmp;

struct gmp_ext {
    int index;
    STOR_KSPIN_LOCK list_lock;
};

static struct gmp_ext *adapter_ext(int i)
{
    return i >= 0 && i < GMP_MAX_ADAPTERS ? gmp.ext[i] : NULL;
}

/* ---- requests ---- */

static UCHAR inquiry(PVOID srb)
{
    UCHAR *buf = SrbGetDataBuffer(srb);
    ULONG len = SrbGetDataTransferLength(srb);
    UCHAR data[36] = {0};
    if (SrbGetTargetId(srb) != 0)
        return SRB_STATUS_SELECTION_TIMEOUT;
    data[0] = SrbGetLun(srb) == 0 ? 0x00 : 0x7F;
    data[2] = 6;
    data[3] = 2;
    data[4] = 31;
    memcpy(data + 8, "USTOR   GENERAL MINIPORT0001", 28);
    memcpy(buf, data, len < sizeof data ? len : sizeof data);
    SrbSetDataTransferLength(srb, len < sizeof data ? len : sizeof data);
    return SRB_STATUS_SUCCESS;
}

static void note_activity(struct gmp_ext *e, PVOID srb)
{
    LONG i = InterlockedIncrement((LONG volatile *)&gmp.nactivity) - 1;
    if (i >= GMP_MAX_REQUESTS)
        return;
    for (int k = 0; k < 2; k++) {
        GUID id;
        memset(&id, 0, sizeof id);
        gmp.activity_status[i][k] = StorPortGetActivityIdSrb(e, srb, &id);
        memcpy(gmp.activity[i][k], &id, 16);
    }
    if (gmp.etw_in_startio)
        gmp.etw_status[i] = StorPortEtwEvent2(e, NULL, 200, L"StartIo", STORPORT_ETW_EVENT_KEYWORD_IO,
                                              StorportEtwLevelInformational,
                                              StorportEtwEventOpcodeInfo, srb, L"Index",
                                              (ULONGLONG)i, NULL, 0);
}

static UCHAR execute(struct gmp_ext *e, PVOID srb)
{
    PCDB cdb = SrbGetCdb(srb);
    switch (cdb->AsByte[0]) {
    case SCSIOP_INQUIRY:
        return inquiry(srb);
    case SCSIOP_REPORT_LUNS:
        return SRB_STATUS_INVALID_REQUEST;
    case SCSIOP_TEST_UNIT_READY:
        if (SrbGetTargetId(srb) || SrbGetLun(srb))
            return SRB_STATUS_NO_DEVICE;
        note_activity(e, srb);
        return SRB_STATUS_SUCCESS;
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

static BOOLEAN gmp_startio(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    struct gmp_ext *e = Ext;
    UCHAR status = SRB_STATUS_SUCCESS;
    InterlockedIncrement((LONG volatile *)&gmp.startio_calls);
    if (SrbGetSrbFunction(Srb) == SRB_FUNCTION_EXECUTE_SCSI)
        status = execute(e, Srb);
    SrbSetSrbStatus(Srb, status);
    StorPortNotification(RequestComplete, e, Srb);
    return TRUE;
}

static BOOLEAN gmp_initialize(PVOID Ext)
{
    (void)Ext;
    return TRUE;
}

static BOOLEAN gmp_resetbus(PVOID Ext, ULONG PathId)
{
    (void)Ext; (void)PathId;
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS gmp_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                       PVOID Parameters)
{
    (void)Ext;
    if (Type == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
    }
    return ScsiAdapterControlSuccess;
}

static VOID gmp_free_resources(PVOID Ext)
{
    (void)Ext;
}

/* ---- HwFindAdapter ---- */

static void find_observe(struct gmp_ext *e, int i, PCHAR ArgumentString)
{
    STOR_ADDR_BTL8 addr = {STOR_ADDRESS_TYPE_BTL8, 0xFFFF, STOR_ADDR_BTL8_ADDRESS_LENGTH, 0, 0, 0, 0};
    gmp.argument_null[i] = ArgumentString == NULL;
    if (ArgumentString)
        strncpy(gmp.argument[i], ArgumentString, sizeof gmp.argument[i] - 1);
    gmp.find_port_status[i] = StorPortGetSystemPortNumber(e, (PSTOR_ADDRESS)&addr);
    gmp.find_port[i] = addr.Port;
    if (gmp.find_sets_bus_type)
        gmp.find_bus_status[i] = StorPortSetAdapterBusType(e, gmp.find_bus_type);
    ULONG len = sizeof(ULONG);
    PUCHAR buf = StorPortAllocateRegistryBuffer(e, &len);
    if (buf) {
        gmp.find_reg_ok[i] = StorPortRegistryRead(e, (PUCHAR)"FindValue", 0, MINIPORT_REG_DWORD,
                                                  buf, &len);
        if (gmp.find_reg_ok[i])
            memcpy(&gmp.find_reg_value[i], buf, sizeof(ULONG));
        StorPortFreeRegistryBuffer(e, buf);
    }
}

static ULONG gmp_find(PVOID Ext, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                      PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                      PBOOLEAN Again)
{
    (void)HwContext; (void)BusInformation; (void)LowerDevice; (void)Again;
    struct gmp_ext *e = Ext;
    LONG i = InterlockedIncrement((LONG volatile *)&gmp.nadapters) - 1;
    if (i >= GMP_MAX_ADAPTERS)
        return SP_RETURN_ERROR;
    e->index = i;
    gmp.ext[i] = e;
    find_observe(e, i, ArgumentString);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    ConfigInfo->AlignmentMask = 3;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;
}

__attribute__((visibility("default"))) ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    memset(&hw, 0, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = Internal;
    hw.HwInitialize = gmp_initialize;
    hw.HwStartIo = gmp_startio;
    hw.HwFindAdapter = (PVOID)gmp_find;
    hw.HwResetBus = gmp_resetbus;
    hw.HwAdapterControl = gmp_adapter_control;
    hw.HwFreeAdapterResources = gmp_free_resources;
    hw.DeviceExtensionSize = sizeof(struct gmp_ext);
    hw.SrbExtensionSize = 16;
    hw.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hw.TaggedQueuing = hw.AutoRequestSense = hw.MultipleRequestPerLu = TRUE;
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}

/* ---- registry operations ---- */

static int64_t reg_read(struct gmp_ext *e, struct gmp_reg_io *io, BOOLEAN at_dispatch)
{
    ULONG len = io->len ? io->len : 1;
    PUCHAR buf = StorPortAllocateRegistryBuffer(e, &len);
    STOR_LOCK_HANDLE h;
    if (!buf)
        return -1;
    len = io->len;
    if (at_dispatch)
        StorPortAcquireSpinLock(e, StartIoLock, NULL, &h);
    io->status = StorPortRegistryRead(e, (PUCHAR)io->name, io->global, io->type, buf, &len);
    if (at_dispatch)
        StorPortReleaseSpinLock(e, &h);
    io->len = len;
    if (io->status)
        memcpy(io->data, buf, len);
    StorPortFreeRegistryBuffer(e, buf);
    return io->status;
}

static int64_t reg_write(struct gmp_ext *e, struct gmp_reg_io *io)
{
    ULONG len = io->len ? io->len : 1;
    PUCHAR buf = StorPortAllocateRegistryBuffer(e, &len);
    if (!buf)
        return -1;
    memcpy(buf, io->data, io->len);
    io->status = StorPortRegistryWrite(e, (PUCHAR)io->name, io->global, io->type, buf, io->len);
    StorPortFreeRegistryBuffer(e, buf);
    return io->status;
}

/* A narrow string as WCHARs (the test side has no 16-bit literals). */
static void widen(const char *s, WCHAR *out, size_t n)
{
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        out[i] = (UCHAR)s[i];
    out[i] = 0;
}

static int64_t reg_op(struct gmp_ext *e, int op, struct gmp_reg_io *io)
{
    WCHAR path[256], name[128];
    ULONG len = io->len;
    PVOID data = io->data;
    switch (op) {
    case GMP_OP_REG_READ: return reg_read(e, io, FALSE);
    case GMP_OP_REG_READ_DISPATCH: return reg_read(e, io, TRUE);
    case GMP_OP_REG_WRITE: return reg_write(e, io);
    case GMP_OP_AKEY_READ:
        io->status = StorPortRegistryReadAdapterKey(e, (PUCHAR)io->sub, (PUCHAR)io->name,
                                                    io->type, &data, &len);
        io->len = len;
        return io->status;
    case GMP_OP_AKEY_WRITE:
        io->status = StorPortRegistryWriteAdapterKey(e, (PUCHAR)io->sub, (PUCHAR)io->name,
                                                     io->type, io->data, io->len);
        return io->status;
    default:
        widen(io->path, path, 256);
        widen(io->name, name, 128);
        io->status = StorPortReadRegistryKey(e, path, name, io->type, &data, &len);
        io->len = len;
        return io->status;
    }
}

/* ---- event operations ---- */

static STOR_ADDR_BTL8 unit_address(UCHAR target, USHORT type)
{
    STOR_ADDR_BTL8 a = {type, 0, STOR_ADDR_BTL8_ADDRESS_LENGTH, 0, target, 0, 0};
    return a;
}

static ULONG etw_pairs_of_8(struct gmp_ext *e, int channel_form)
{
    if (!channel_form)
        return StorPortEtwEvent8(e, NULL, 102, L"Eight", 0x10, StorportEtwLevelVerbose,
                                 StorportEtwEventOpcodeInfo, NULL, L"P1", 1, L"P2", 2, L"P3", 3,
                                 L"P4", 4, L"P5", 5, L"P6", 6, L"P7", 7, L"P8", 8);
    return StorPortEtwChannelEvent8(e, NULL, StorportEtwEventIoPerformance, 105, L"Perf8", 0,
                                    StorportEtwLevelInformational, StorportEtwEventOpcodeInfo,
                                    NULL, L"R1", 100, L"R2", 200, L"R3", 300, L"R4", 400,
                                    L"R5", 500, L"R6", 600, L"R7", 700, L"R8", 800);
}

static ULONG etw_variant(struct gmp_ext *e, int v)
{
    STOR_ADDR_BTL8 unit = unit_address(0, STOR_ADDRESS_TYPE_BTL8), bad = unit_address(0, 7);
    UCHAR data[4] = {0xde, 0xad, 0xbe, 0xef}, bytes[3] = {1, 2, 3};
    switch (v) {
    case 0:
        return StorPortEtwEvent2(e, NULL, 100, L"Port reset", STORPORT_ETW_EVENT_KEYWORD_IO,
                                 StorportEtwLevelWarning, StorportEtwEventOpcodeStart, NULL,
                                 L"Port", 3, L"Status", 0xC0DE);
    case 1:
        return StorPortEtwEvent4(e, (PSTOR_ADDRESS)&unit, 101, L"Unit event", 0,
                                 StorportEtwLevelInformational, StorportEtwEventOpcodeInfo, NULL,
                                 L"A", 1, L"B", 2, NULL, 99, L"D", 4);
    case 2: return etw_pairs_of_8(e, 0);
    case 3:
        return StorPortEtwChannelEvent2(e, NULL, StorportEtwEventHealth, 103, L"Health", 0,
                                        StorportEtwLevelError, StorportEtwEventOpcodeStop, NULL,
                                        L"X", 5, NULL, 0);
    case 4:
        return StorPortEtwChannelEvent4(e, NULL, StorportEtwEventOperational, 104, L"Op4", 0,
                                        StorportEtwLevelInformational, StorportEtwEventOpcodeInfo,
                                        NULL, L"Q1", 10, L"Q2", 20, L"Q3", 30, L"Q4", 40);
    case 5: return etw_pairs_of_8(e, 1);
    case 6:
        return StorPortEtwEvent2(e, NULL, 106, L"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", 0,
                                 StorportEtwLevelWarning, StorportEtwEventOpcodeInfo, NULL, NULL, 0,
                                 NULL, 0);
    case 7:
        return StorPortEtwEvent2(e, NULL, 107, L"Long name", 0, StorportEtwLevelWarning,
                                 StorportEtwEventOpcodeInfo, NULL, L"ABCDEFGHIJKLMNOPQ", 1, NULL, 0);
    case 8:
        return StorPortEtwEvent2(e, (PSTOR_ADDRESS)&bad, 108, L"Bad address", 0,
                                 StorportEtwLevelWarning, StorportEtwEventOpcodeInfo, NULL, NULL, 0,
                                 NULL, 0);
    case 9: return StorPortEtwLogError(e, NULL, 7, L"Link CRC", sizeof data, data);
    case 10:
        return StorPortEtwLogByteStream(e, NULL, StorportEtwEventDiagnostic, 110, L"Bytes", 0,
                                        StorportEtwLevelInformational, StorportEtwEventOpcodeInfo,
                                        sizeof bytes, bytes);
    case 11:
        return StorPortNvmeMiniportEvent(e, (PVOID)0x1000, 5, StorportEtwEventOperational, 111,
                                         L"Nvme", 0, StorportEtwLevelWarning,
                                         StorportEtwEventOpcodeInfo, L"N1", 1, NULL, 0, NULL, 0,
                                         NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
    case 12: /* the pre-1809 wrapper's code, with no channel argument */
        return StorPortExtendedFunction(ExtFunctionMiniportEtwEvent2, e, NULL, (ULONG)112,
                                        L"Legacy", (ULONGLONG)0, StorportEtwLevelError,
                                        StorportEtwEventOpcodeInfo, NULL, L"Old", (ULONGLONG)9,
                                        NULL, (ULONGLONG)0);
    case 13:
        return StorPortEtwChannelEvent2(e, NULL, (STORPORT_ETW_EVENT_CHANNEL)7, 113, L"Channel",
                                        0, StorportEtwLevelWarning, StorportEtwEventOpcodeInfo,
                                        NULL, NULL, 0, NULL, 0);
    default:
        return StorPortEtwEvent2(e, NULL, 114, NULL, 0, StorportEtwLevelWarning,
                                 StorportEtwEventOpcodeInfo, NULL, NULL, 0, NULL, 0);
    }
}

static ULONG log_system_event(struct gmp_ext *e, int v, uint32_t *out)
{
    static UCHAR dump[300] = {0x11, 0x22, 0x33, 0x44};
    PWSTR strings[2] = {L"first", L"second"};
    STOR_LOG_EVENT_DETAILS d;
    ULONG max = 0;
    memset(&d, 0, sizeof d);
    d.InterfaceRevision = v == 2 ? 0x200 : v == 4 ? 0x101 : STOR_CURRENT_LOG_INTERFACE_REVISION;
    d.Size = sizeof d;
    d.EventAssociation = v == 3 ? StorEventTargetAssociation : StorEventLunAssociation;
    d.PathId = 0;
    d.TargetId = v == 3 ? 0x105 : 0; /* 8-bit on Storport: 0x105 logs as 5 */
    d.StorportSpecificErrorCode = v != 3;
    d.ErrorCode = v == 3 ? 0x40000005 : SP_BAD_FW_WARNING;
    d.UniqueId = 0x77;
    if (v == 0 || v == 1) {
        d.DumpData = dump;
        d.DumpDataSize = v == 1 ? sizeof dump : 4;
        d.StringCount = 2;
        d.StringList = strings;
    }
    ULONG st = StorPortLogSystemEvent(e, &d, &max);
    if (out)
        *out = v == 2 ? d.InterfaceRevision : max;
    return st;
}

static void name_copy(UCHAR *dst, const char *src, size_t n)
{
    memset(dst, 0, n);
    memcpy(dst, src, strlen(src) < n ? strlen(src) : n);
}

static ULONG telemetry(struct gmp_ext *e, int v)
{
    static UCHAR payload[5000] = {9, 8, 7};
    STORPORT_TELEMETRY_EVENT t;
    memset(&t, 0, sizeof t);
    t.DriverVersion = 0x10203;
    t.EventId = 42;
    t.EventVersion = 2;
    name_copy(t.EventName, v == 3 ? "Measure" : "TelemetryOne", sizeof t.EventName);
    name_copy(t.ParameterName0, "Temp", sizeof t.ParameterName0);
    t.ParameterValue0 = 55;
    t.ParameterValue1 = 1234; /* unnamed: not logged */
    name_copy(t.ParameterName2, "Errors", sizeof t.ParameterName2);
    t.ParameterValue2 = 3;
    t.EventBuffer = v == 2 ? NULL : payload;
    t.EventBufferLength = v == 1 ? sizeof payload : v == 2 ? 4 : 3;
    switch (v) {
    case 3: return StorPortLogTelemetryEx(e, NULL, &t, StorMeasuresCategory);
    case 4: return StorPortNvmeLogTelemetry(e, (PVOID)0x2000, 9, &t, StorTelemetryCategory);
    case 5: return StorPortLogTelemetry(e, NULL, NULL);
    default: return StorPortLogTelemetry(e, NULL, &t);
    }
}

/* ---- general operations ---- */

static const GUID custom_operation = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
static const GUID unknown_operation = {0xdeadbeef, 0xbeef, 0xf00d, {8, 7, 6, 5, 4, 3, 2, 1}};

static ULONG operation_allowed(struct gmp_ext *e, int which, int kind, ULONG *allowed)
{
    const GUID *ops[] = {&STORPORT_DEVICEOPERATION_SECURE_REPROVISION_GUID,
                         &STORPORT_DEVICEOPERATION_CACHED_SETTINGS_INIT_GUID,
                         &STORPORT_DEVICEOPERATION_USE_INLINE_CRYPTO_ENGINE_GUID,
                         &custom_operation, &unknown_operation};
    STOR_ADDR_BTL8 a = unit_address(kind == 2 ? 5 : 0,
                                    kind == 3 ? 5 : STOR_ADDRESS_TYPE_BTL8);
    return StorPortIsDeviceOperationAllowed(e, kind ? (PSTOR_ADDRESS)&a : NULL, ops[which],
                                            allowed);
}

static int64_t slist_op(struct gmp_ext *e, int op, PVOID head, PVOID entry, PVOID *result)
{
    switch (op) {
    case GMP_SL_INIT: return StorPortInitializeSListHead(e, head);
    case GMP_SL_PUSH: return StorPortInterlockedPushEntrySList(e, head, entry,
                                                               (PSTOR_SLIST_ENTRY *)result);
    case GMP_SL_POP: return StorPortInterlockedPopEntrySList(e, head, (PSTOR_SLIST_ENTRY *)result);
    case GMP_SL_FLUSH: return StorPortInterlockedFlushSList(e, head, (PSTOR_SLIST_ENTRY *)result);
    default: return StorPortQueryDepthSList(e, head, (PSHORT)result);
    }
}

static int64_t list_op(struct gmp_ext *e, int op, PVOID head, PVOID entry, PVOID *result)
{
    PSTOR_LIST_ENTRY *r = (PSTOR_LIST_ENTRY *)result;
    switch (op) {
    case GMP_LIST_INIT:
        e->list_lock = (STOR_KSPIN_LOCK)0x5A5A;
        StorPortInitializeListHead(e, head);
        return StorPortInitializeSpinlock(e, &e->list_lock);
    case GMP_LIST_INSERT_HEAD: return StorPortInterlockedInsertHeadList(e, head, entry, r, &e->list_lock);
    case GMP_LIST_INSERT_TAIL: return StorPortInterlockedInsertTailList(e, head, entry, r, &e->list_lock);
    case GMP_LIST_REMOVE_HEAD: return StorPortInterlockedRemoveHeadList(e, head, r, &e->list_lock);
    default: return (int64_t)e->list_lock;
    }
}

static int64_t general_op(struct gmp_ext *e, int op, int64_t a, int64_t b, int64_t c, int64_t d)
{
    STOR_ADDR_BTL8 addr = unit_address(0, (USHORT)a);
    PVOID *objects = (PVOID *)(intptr_t)a;
    switch (op) {
    case GMP_OP_DEVICE_OBJECTS:
        return StorPortGetDeviceObjects(e, &objects[0], &objects[1], &objects[2]);
    case GMP_OP_PORT_NUMBER: {
        ULONG st = StorPortGetSystemPortNumber(e, (PSTOR_ADDRESS)&addr);
        *(uint16_t *)(intptr_t)b = addr.Port;
        return st;
    }
    case GMP_OP_OS_UPGRADE: return StorPortIsCurrentOsInstallationUpgrade(e, (BOOLEAN *)(intptr_t)a);
    case GMP_OP_OPERATION_ALLOWED:
        return operation_allowed(e, (int)a, (int)b, (ULONG *)(intptr_t)c);
    case GMP_OP_SET_BUS_TYPE: return StorPortSetAdapterBusType(e, (ULONG)a);
    case GMP_OP_SLIST: return slist_op(e, (int)a, (PVOID)(intptr_t)b, (PVOID)(intptr_t)c, (PVOID *)(intptr_t)d);
    case GMP_OP_LIST: return list_op(e, (int)a, (PVOID)(intptr_t)b, (PVOID)(intptr_t)c, (PVOID *)(intptr_t)d);
    default: return -1000;
    }
}

__attribute__((visibility("default"))) int64_t gmp_call(int adapter, int op, int64_t a, int64_t b,
                                                        int64_t c, int64_t d)
{
    struct gmp_ext *e = adapter_ext(adapter);
    ULONG len;
    if (!e)
        return -2000;
    switch (op) {
    case GMP_OP_REG_READ: case GMP_OP_REG_READ_DISPATCH: case GMP_OP_REG_WRITE:
    case GMP_OP_AKEY_READ: case GMP_OP_AKEY_WRITE: case GMP_OP_READ_REGISTRY_KEY:
        return reg_op(e, op, (struct gmp_reg_io *)(intptr_t)a);
    case GMP_OP_REG_ALLOC: {
        len = *(uint32_t *)(intptr_t)a;
        PUCHAR buf = StorPortAllocateRegistryBuffer(e, &len);
        *(uint32_t *)(intptr_t)a = len;
        return (int64_t)(intptr_t)buf;
    }
    case GMP_OP_REG_FREE: StorPortFreeRegistryBuffer(e, (PUCHAR)(intptr_t)a); return 0;
    case GMP_OP_DEBUG_PRINT:
        StorPortDebugPrint((ULONG)a, "gmp says %I64x %ws %Id|\n", (ULONGLONG)0x123456789abcULL,
                           L"wide", (LONG_PTR)-5);
        return 0;
    case GMP_OP_LOG_ERROR: StorPortLogError(e, NULL, 0, 1, 2, SP_BAD_FW_ERROR, 0x1234); return 0;
    case GMP_OP_ETW: return etw_variant(e, (int)a);
    case GMP_OP_LOG_SYSTEM_EVENT: return log_system_event(e, (int)a, (uint32_t *)(intptr_t)b);
    case GMP_OP_TELEMETRY: return telemetry(e, (int)a);
    case GMP_OP_ACTIVITY_FOREIGN: {
        static SCSI_REQUEST_BLOCK fake;
        GUID id;
        return StorPortGetActivityIdSrb(e, &fake, &id);
    }
    default:
        return general_op(e, op, a, b, c, d);
    }
}
