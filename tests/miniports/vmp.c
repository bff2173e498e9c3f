/*
 * vmp - a virtual test miniport, written as WDK code, for the routines of virtual
 * miniports and the port's verifier log: it takes service requests
 * (HwProcessServiceRequest) and holds them until a test operation completes them
 * (StorPortCompleteServiceIrp from the test thread or a DPC, or at once when asked),
 * completes what it holds in HwCompleteServiceIrp (unless told to forget them), claims
 * ScsiUnitPoFxPowerInfo on request and registers the unit with PoFx there as StorAHCI
 * does, and breaks the verifier's rules on request (lock order, a lock leaked by
 * HwStartIo, a PASSIVE routine called from a DPC). Everything it sees goes to the
 * control block `vmp` (vmp_control.h).
 * It reads the IRP through its own copy of the documented x64 IRP layout, so a port
 * that lays the IRP out differently fails its checks.
 * Not a disk: units answer INQUIRY and succeed every other command without data.
 */
#include <ntddk.h>
#include <storport.h>
#include <ntddscsi.h>
#include <srbhelper.h>

#include "vmp_control.h"

__attribute__((visibility("default"))) struct vmp_control vmp;

/* ---- the documented IRP fields (x64 offsets), read as a miniport would ---- */

struct vmp_stack_location {
    UCHAR MajorFunction, MinorFunction, Flags, Control;
    ULONG Pad0;                         /* Parameters start pointer-aligned, at 0x08 */
    ULONG OutputBufferLength;           /* Parameters.DeviceIoControl */
    ULONG Pad1;
    ULONG InputBufferLength;
    ULONG Pad2;
    ULONG IoControlCode;
    ULONG Pad3;
    PVOID Type3InputBuffer;
};

#define IRP_SYSTEM_BUFFER(irp) (*(PVOID *)((PUCHAR)(irp) + 0x18))
#define IRP_STATUS(irp) (*(NTSTATUS *)((PUCHAR)(irp) + 0x30))
#define IRP_INFORMATION(irp) (*(ULONG_PTR *)((PUCHAR)(irp) + 0x38))
#define IRP_STACK_COUNT(irp) (*(CHAR *)((PUCHAR)(irp) + 0x42))
#define IRP_CURRENT_LOCATION(irp) (*(CHAR *)((PUCHAR)(irp) + 0x43))
#define IRP_STACK(irp) (*(struct vmp_stack_location **)((PUCHAR)(irp) + 0xB8))
#define IRP_MJ_DEVICE_CONTROL_CODE 0x0E
_Static_assert(FIELD_OFFSET(struct vmp_stack_location, IoControlCode) == 0x18, "stack location");

struct vmp_ext {
    STOR_DPC complete_dpc, irql_dpc;
    volatile LONG held_lock;
    PVOID held[VMP_MAX_HELD];           /* oldest first */
    LONG nheld;
    PVOID last_completed;
};

static void event(LONG ev)
{
    LONG i = InterlockedIncrement((LONG volatile *)&vmp.nevents) - 1;
    if (i < VMP_MAX_EVENTS)
        vmp.events[i] = ev;
}

static void count(int32_t *p)
{
    InterlockedIncrement((LONG volatile *)p);
}

static BOOLEAN at_passive(PVOID ext)
{
    KIRQL irql = 0xFF;
    return StorPortGetCurrentIrql(ext, &irql) == STOR_STATUS_SUCCESS && irql == PASSIVE_LEVEL;
}

/* ---- held service IRPs (a tiny spin flag: taken from PASSIVE and DPC alike) ---- */

static void held_lock(struct vmp_ext *e)
{
    while (InterlockedCompareExchange(&e->held_lock, 1, 0) != 0)
        __builtin_ia32_pause();
}

static void held_unlock(struct vmp_ext *e)
{
    InterlockedExchange(&e->held_lock, 0);
}

static BOOLEAN held_push(struct vmp_ext *e, PVOID irp)
{
    BOOLEAN ok = FALSE;
    held_lock(e);
    if (e->nheld < VMP_MAX_HELD) {
        e->held[e->nheld++] = irp;
        ok = TRUE;
    }
    held_unlock(e);
    if (ok)
        count(&vmp.held);
    return ok;
}

static PVOID held_pop(struct vmp_ext *e)
{
    PVOID irp = NULL;
    held_lock(e);
    if (e->nheld) {
        irp = e->held[0];
        for (LONG i = 1; i < e->nheld; i++)
            e->held[i - 1] = e->held[i];
        e->nheld--;
    }
    held_unlock(e);
    if (irp)
        InterlockedDecrement((LONG volatile *)&vmp.held);
    return irp;
}

/* Sets the result and completes: FILL over the first INFO bytes of the buffer. */
static ULONG complete_irp(struct vmp_ext *e, PVOID irp, NTSTATUS status, ULONG_PTR info, UCHAR fill)
{
    struct vmp_stack_location *sl = IRP_STACK(irp);
    PUCHAR buf = IRP_SYSTEM_BUFFER(irp);
    ULONG room = sl ? sl->OutputBufferLength : 0;
    if (buf)
        memset(buf, fill, info < room ? info : room);
    IRP_STATUS(irp) = status;
    IRP_INFORMATION(irp) = info;
    e->last_completed = irp;
    return StorPortCompleteServiceIrp(e, irp);
}

/* ---- service requests ---- */

static BOOLEAN irp_shape_ok(PVOID irp)
{
    struct vmp_stack_location *sl = IRP_STACK(irp);
    if (*(CSHORT *)irp != 6 /* IO_TYPE_IRP */ || IRP_STACK_COUNT(irp) < 1 ||
        IRP_CURRENT_LOCATION(irp) < 1 || !sl)
        return FALSE;
    vmp.last_ioctl = sl->IoControlCode;
    vmp.last_input_length = sl->InputBufferLength;
    vmp.last_output_length = sl->OutputBufferLength;
    if (sl->MajorFunction != IRP_MJ_DEVICE_CONTROL_CODE ||
        sl->IoControlCode != IOCTL_MINIPORT_PROCESS_SERVICE_IRP)
        return FALSE;
    if (sl->InputBufferLength && !IRP_SYSTEM_BUFFER(irp))
        return FALSE;
    vmp.last_first_byte = sl->InputBufferLength ? *(PUCHAR)IRP_SYSTEM_BUFFER(irp) : 0;
    return TRUE;
}

static VOID vmp_process_service(PVOID Ext, PVOID Irp)
{
    struct vmp_ext *e = Ext;
    event(VMP_EV_PROCESS_SERVICE);
    count(&vmp.service_calls);
    if (!at_passive(e))
        count(&vmp.service_not_passive);
    if (!irp_shape_ok(Irp))
        count(&vmp.service_bad_shape);
    if (vmp.complete_inline) {
        complete_irp(e, Irp, STATUS_SUCCESS, 1, 0x5A);
        return;
    }
    if (!held_push(e, Irp))
        complete_irp(e, Irp, STATUS_INSUFFICIENT_RESOURCES, 0, 0);
}

static VOID vmp_complete_service_irps(PVOID Ext)
{
    struct vmp_ext *e = Ext;
    event(VMP_EV_COMPLETE_SERVICE_IRPS);
    count(&vmp.complete_calls);
    if (!at_passive(e))
        count(&vmp.complete_not_passive);
    if (vmp.forget_on_remove)
        return;
    for (PVOID irp; (irp = held_pop(e));)
        complete_irp(e, irp, STATUS_CANCELLED, 0, 0);
}

/* ---- DPCs of the test operations ---- */

static VOID complete_dpc(PSTOR_DPC Dpc, PVOID Ext, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)A2;
    struct vmp_ext *e = Ext;
    const LONG_PTR *args = A1;   /* status, information, fill */
    PVOID irp = held_pop(e);
    vmp.dpc_status = irp ? complete_irp(e, irp, (NTSTATUS)args[0], (ULONG_PTR)args[1],
                                        (UCHAR)args[2])
                         : 0xFFFFFFFFu;
    InterlockedExchange((LONG volatile *)&vmp.dpc_done, 1);
}

/* A PASSIVE-only routine at DISPATCH: the verifier reports it. */
static VOID irql_dpc(PSTOR_DPC Dpc, PVOID Ext, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)A1; (void)A2;
    UCHAR buf[8];
    ULONG len = sizeof buf;
    vmp.dpc_status = StorPortRegistryRead(Ext, (PUCHAR)"Anything", 1, MINIPORT_REG_DWORD, buf, &len);
    InterlockedExchange((LONG volatile *)&vmp.dpc_done, 1);
}

/* ---- units ---- */

static UCHAR do_inquiry(PVOID srb)
{
    UCHAR data[36] = {0};
    PUCHAR buf = SrbGetDataBuffer(srb);
    ULONG len = SrbGetDataTransferLength(srb);
    if (SrbGetTargetId(srb) != 0)
        return SRB_STATUS_SELECTION_TIMEOUT;
    data[0] = SrbGetLun(srb) < (ULONG)vmp.luns ? 0x00 : 0x7F;
    data[2] = 6;
    data[3] = 2;
    data[4] = 31;
    memcpy(data + 8, "USTOR   VIRTUAL TEST    0001", 28);
    memcpy(buf, data, len < sizeof data ? len : sizeof data);
    SrbSetDataTransferLength(srb, len < sizeof data ? len : sizeof data);
    return SRB_STATUS_SUCCESS;
}

static BOOLEAN vmp_startio(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR status = SRB_STATUS_SUCCESS;
    STOR_LOCK_HANDLE h;
    if (SrbGetSrbFunction(Srb) == SRB_FUNCTION_EXECUTE_SCSI) {
        PCDB cdb = SrbGetCdb(Srb);
        if (cdb->AsByte[0] == SCSIOP_INQUIRY)
            status = do_inquiry(Srb);
        else if (cdb->AsByte[0] == SCSIOP_REPORT_LUNS)
            status = SRB_STATUS_INVALID_REQUEST;
        else if (cdb->AsByte[0] == VMP_OPCODE_LEAK_LOCK) {
            StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &h);   /* never released */
            count(&vmp.leak_runs);
        }
    }
    SrbSetSrbStatus(Srb, status);
    StorPortNotification(RequestComplete, Ext, Srb);
    return TRUE;
}

/* StorAHCI's pattern: the unit registers with PoFx when told idle power is enabled. */
static SCSI_UNIT_CONTROL_STATUS pofx_info(PVOID Ext, PSTOR_POFX_UNIT_POWER_INFO info)
{
    struct {
        STOR_POFX_DEVICE dev;
        STOR_POFX_COMPONENT_IDLE_STATE more[1];
    } d;
    PSTOR_ADDR_BTL8 addr = info ? (PSTOR_ADDR_BTL8)info->Header.Address : NULL;
    count(&vmp.pofx_info_calls);
    if (!at_passive(Ext))
        count(&vmp.pofx_info_not_passive);
    if (!addr || info->Header.Version != 1 || info->Header.Size != sizeof *info ||
        addr->Type != STOR_ADDRESS_TYPE_BTL8 || addr->Target != 0 || addr->Lun >= (ULONG)vmp.luns) {
        count(&vmp.pofx_info_bad);
        return ScsiUnitControlUnsuccessful;
    }
    vmp.pofx_idle_enabled = info->IdlePowerEnabled;
    if (!info->IdlePowerEnabled || vmp.pofx_unit_fail)
        return vmp.pofx_unit_fail ? ScsiUnitControlUnsuccessful : ScsiUnitControlSuccess;
    memset(&d, 0, sizeof d);
    d.dev.Version = STOR_POFX_DEVICE_VERSION_V1;
    d.dev.Size = STOR_POFX_DEVICE_SIZE;
    d.dev.ComponentCount = 1;
    d.dev.Components[0].Version = STOR_POFX_COMPONENT_VERSION_V1;
    d.dev.Components[0].Size = STOR_POFX_COMPONENT_SIZE;
    d.dev.Components[0].FStateCount = 1;
    d.dev.Components[0].FStates[0].Version = STOR_POFX_COMPONENT_IDLE_STATE_VERSION_V1;
    d.dev.Components[0].FStates[0].Size = STOR_POFX_COMPONENT_IDLE_STATE_SIZE;
    d.dev.Components[0].FStates[0].NominalPower = STOR_POFX_UNKNOWN_POWER;
    vmp.pofx_register_status = StorPortInitializePoFxPower(Ext, (PSTOR_ADDRESS)addr,
                                                           (PSTOR_POFX_DEVICE)&d, NULL);
    return vmp.pofx_register_status == STOR_STATUS_SUCCESS ? ScsiUnitControlSuccess
                                                           : ScsiUnitControlUnsuccessful;
}

static void control_list(PSCSI_SUPPORTED_CONTROL_TYPE_LIST list, const int *types, int n)
{
    for (int i = 0; i < n; i++)
        if ((ULONG)types[i] < list->MaxControlType)
            list->SupportedTypeList[types[i]] = TRUE;
}

static SCSI_UNIT_CONTROL_STATUS vmp_unit_control(PVOID Ext, SCSI_UNIT_CONTROL_TYPE Type,
                                                 PVOID Parameters)
{
    static const int types[] = {ScsiQuerySupportedUnitControlTypes, ScsiUnitStart,
                                ScsiUnitRemove, ScsiUnitPoFxPowerSetFState,
                                ScsiUnitPoFxPowerActive};
    event(VMP_EV_UNIT_CONTROL + Type);
    if (Type == ScsiQuerySupportedUnitControlTypes) {
        control_list(Parameters, types, sizeof types / sizeof types[0]);
        if (vmp.pofx_unit && ScsiUnitPoFxPowerInfo < ((PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters)->MaxControlType)
            ((PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters)->SupportedTypeList[ScsiUnitPoFxPowerInfo] = TRUE;
    }
    if (Type == ScsiUnitPoFxPowerInfo)
        return pofx_info(Ext, Parameters);
    return ScsiUnitControlSuccess;
}

/* ---- the adapter ---- */

static SCSI_ADAPTER_CONTROL_STATUS vmp_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                       PVOID Parameters)
{
    static const int types[] = {ScsiQuerySupportedControlTypes, ScsiStopAdapter,
                                ScsiRestartAdapter};
    (void)Ext;
    if (Type == ScsiQuerySupportedControlTypes)
        control_list(Parameters, types, sizeof types / sizeof types[0]);
    return ScsiAdapterControlSuccess;
}

static BOOLEAN vmp_initialize(PVOID Ext)
{
    struct vmp_ext *e = Ext;
    StorPortInitializeDpc(e, &e->complete_dpc, complete_dpc);
    StorPortInitializeDpc(e, &e->irql_dpc, irql_dpc);
    return TRUE;
}

static BOOLEAN vmp_resetbus(PVOID Ext, ULONG PathId)
{
    (void)Ext; (void)PathId;
    return TRUE;
}

static VOID vmp_free_resources(PVOID Ext)
{
    (void)Ext;
    event(VMP_EV_FREE_RESOURCES);
}

static ULONG vmp_find_adapter(PVOID Ext, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                              PBOOLEAN Again)
{
    (void)HwContext; (void)BusInformation; (void)LowerDevice; (void)ArgumentString; (void)Again;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 8;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    vmp.ext = Ext;
    return SP_RETURN_FOUND;
}

/* The driver's registry is there before any adapter. */
static void read_entry_knob(PVOID DriverObject)
{
    ULONG value = 0, len = sizeof value;
    vmp.driver_object = DriverObject;
    vmp.entry_read_ok = StorPortReadDriverRegistry(DriverObject, (PUCHAR)"EntryKnob", &len, &value);
    vmp.entry_read_length = len;
    vmp.entry_read_value = value;
}

__attribute__((visibility("default"))) ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    if (!vmp.luns)
        vmp.luns = 1;
    read_entry_knob(DriverObject);
    memset(&hw, 0, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = Internal;
    hw.HwInitialize = vmp_initialize;
    hw.HwStartIo = vmp_startio;
    hw.HwFindAdapter = (PVOID)vmp_find_adapter;
    hw.HwResetBus = vmp_resetbus;
    hw.HwAdapterControl = vmp_adapter_control;
    hw.HwUnitControl = vmp_unit_control;
    hw.HwFreeAdapterResources = vmp_free_resources;
    hw.HwProcessServiceRequest = vmp_process_service;
    hw.HwCompleteServiceIrp = vmp_complete_service_irps;
    hw.DeviceExtensionSize = sizeof(struct vmp_ext);
    hw.SpecificLuExtensionSize = 16;
    hw.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hw.TaggedQueuing = hw.AutoRequestSense = hw.MultipleRequestPerLu = TRUE;
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}

/* ---- test-thread operations ---- */

/* Re-reads the shared Parameters\Device value, as the documentation asks. */
static VOID registry_changed(PVOID Ext)
{
    ULONG knob = 0, len = sizeof knob;
    if (!at_passive(Ext))
        count(&vmp.regnotify_not_passive);
    if (StorPortRegistryRead(Ext, (PUCHAR)"Knob", 1, MINIPORT_REG_DWORD, (PUCHAR)&knob, &len))
        InterlockedExchange((LONG volatile *)&vmp.regnotify_knob, (LONG)knob);
    count(&vmp.regnotify_calls);
}

static int64_t read_driver_registry(int64_t name, int64_t room, int64_t wrong_object)
{
    ULONG len = (ULONG)room;
    PVOID object = wrong_object ? (PVOID)&vmp : vmp.driver_object;
    memset(vmp.read_data, 0, sizeof vmp.read_data);
    BOOLEAN ok = StorPortReadDriverRegistry(object, (PUCHAR)(intptr_t)name, &len,
                                            room ? vmp.read_data : NULL);
    vmp.read_length = len;
    return ok;
}

static int64_t lock_order(struct vmp_ext *e)
{
    STOR_LOCK_HANDLE outer, inner;
    StorPortAcquireSpinLock(e, InterruptLock, NULL, &outer);
    StorPortAcquireSpinLock(e, StartIoLock, NULL, &inner);   /* rank 1 inside rank 2 */
    StorPortReleaseSpinLock(e, &inner);
    StorPortReleaseSpinLock(e, &outer);
    return 1;
}

__attribute__((visibility("default"))) int64_t vmp_call(int op, int64_t a, int64_t b, int64_t c)
{
    static LONG_PTR dpc_args[3];
    struct vmp_ext *e = vmp.ext;
    PVOID irp;
    switch (op) {
    case VMP_OP_COMPLETE:
        irp = held_pop(e);
        return irp ? complete_irp(e, irp, (NTSTATUS)a, (ULONG_PTR)b, (UCHAR)c) : -1;
    case VMP_OP_COMPLETE_AGAIN:
        return e->last_completed ? StorPortCompleteServiceIrp(e, e->last_completed) : -1;
    case VMP_OP_COMPLETE_NULL:
        return StorPortCompleteServiceIrp(e, NULL);
    case VMP_OP_COMPLETE_FROM_DPC:
        dpc_args[0] = (LONG_PTR)a;
        dpc_args[1] = (LONG_PTR)b;
        dpc_args[2] = (LONG_PTR)c;
        InterlockedExchange((LONG volatile *)&vmp.dpc_done, 0);
        return StorPortIssueDpc(e, &e->complete_dpc, dpc_args, NULL);
    case VMP_OP_LOCK_ORDER:
        return lock_order(e);
    case VMP_OP_IRQL_FROM_DPC:
        InterlockedExchange((LONG volatile *)&vmp.dpc_done, 0);
        return StorPortIssueDpc(e, &e->irql_dpc, NULL, NULL);
    case VMP_OP_READ_DRIVER_REGISTRY:
        return read_driver_registry(a, b > 64 ? 64 : b, c);
    case VMP_OP_ENABLE_REGNOTIFY:
        return StorPortEnableRegistryKeyNotification(e, a ? NULL : registry_changed);
    default:
        return -1000;
    }
}
