/*
 * hwmp - the hardware test miniport, written as WDK code: a PCI miniport for the test
 * device (tests/hw/testdev.h) that reads and writes its configuration space, maps its
 * BARs, touches its registers and ports, uses the performance options, registers with
 * PoFx and answers the power controls. One unit (0,0,0). What it sees goes to the
 * control block `hwmp` (hwmp_control.h); hwmp_call runs single routines for the tests.
 * I/O completes in StartIo, or from the interrupt a doorbell write raises.
 * Not a disk: READ returns what StartIo saw (struct hwmp_read_info), WRITE is dropped.
 */
#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>

#include "hwmp_control.h"

__attribute__((visibility("default"))) struct hwmp_control hwmp;

#define RENDEZVOUS_LBA 1000
#define RENDEZVOUS_SPINS 10000000L    /* pauses: about a second at most, never a hang */

static const GUID setting_guid = {0x12345678, 0x9abc, 0xdef0,
                                  {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};

struct hw_srbext {
    PVOID next;
};

struct hw_ext {
    PUCHAR bar[HWMP_RANGES];
    PVOID queue;                        /* SRBs waiting for the interrupt (interrupt lock) */
    GROUP_AFFINITY targets[HWMP_TARGETS];
    LONG startio_inside;
};

static void event(int32_t kind, int32_t type, int64_t a, int64_t b)
{
    LONG i = InterlockedIncrement((LONG volatile *)&hwmp.nevents) - 1;
    if (i >= HWMP_MAX_EVENTS)
        return;
    hwmp.events[i].type = type;
    hwmp.events[i].a = a;
    hwmp.events[i].b = b;
    __atomic_store_n(&hwmp.events[i].kind, kind, __ATOMIC_RELEASE);   /* published last */
}

/* ---- register and port routines, by size ---- */

static int64_t read_io(BOOLEAN port, ULONG_PTR a, int size)
{
    switch (size) {
    case 1: return port ? StorPortReadPortUchar(NULL, (PUCHAR)a) : StorPortReadRegisterUchar(NULL, (PUCHAR)a);
    case 2: return port ? StorPortReadPortUshort(NULL, (PUSHORT)a) : StorPortReadRegisterUshort(NULL, (PUSHORT)a);
    case 4: return port ? StorPortReadPortUlong(NULL, (PULONG)a) : StorPortReadRegisterUlong(NULL, (PULONG)a);
    default: return (int64_t)StorPortReadRegisterUlong64(NULL, (PULONG64)a);
    }
}

static void write_io(BOOLEAN port, ULONG_PTR a, int size, ULONG64 v)
{
    switch (size) {
    case 1: port ? StorPortWritePortUchar(NULL, (PUCHAR)a, (UCHAR)v) : StorPortWriteRegisterUchar(NULL, (PUCHAR)a, (UCHAR)v); break;
    case 2: port ? StorPortWritePortUshort(NULL, (PUSHORT)a, (USHORT)v) : StorPortWriteRegisterUshort(NULL, (PUSHORT)a, (USHORT)v); break;
    case 4: port ? StorPortWritePortUlong(NULL, (PULONG)a, (ULONG)v) : StorPortWriteRegisterUlong(NULL, (PULONG)a, (ULONG)v); break;
    default: StorPortWriteRegisterUlong64(NULL, (PULONG64)a, v); break;
    }
}

static void read_buf(BOOLEAN port, ULONG_PTR a, int size, ULONG n)
{
    PVOID b = hwmp.buf;
    switch (size) {
    case 1: port ? StorPortReadPortBufferUchar(NULL, (PUCHAR)a, b, n) : StorPortReadRegisterBufferUchar(NULL, (PUCHAR)a, b, n); break;
    case 2: port ? StorPortReadPortBufferUshort(NULL, (PUSHORT)a, b, n) : StorPortReadRegisterBufferUshort(NULL, (PUSHORT)a, b, n); break;
    case 4: port ? StorPortReadPortBufferUlong(NULL, (PULONG)a, b, n) : StorPortReadRegisterBufferUlong(NULL, (PULONG)a, b, n); break;
    default: StorPortReadRegisterBufferUlong64(NULL, (PULONG64)a, b, n); break;
    }
}

static void write_buf(BOOLEAN port, ULONG_PTR a, int size, ULONG n)
{
    PVOID b = hwmp.buf;
    switch (size) {
    case 1: port ? StorPortWritePortBufferUchar(NULL, (PUCHAR)a, b, n) : StorPortWriteRegisterBufferUchar(NULL, (PUCHAR)a, b, n); break;
    case 2: port ? StorPortWritePortBufferUshort(NULL, (PUSHORT)a, b, n) : StorPortWriteRegisterBufferUshort(NULL, (PUSHORT)a, b, n); break;
    case 4: port ? StorPortWritePortBufferUlong(NULL, (PULONG)a, b, n) : StorPortWriteRegisterBufferUlong(NULL, (PULONG)a, b, n); break;
    default: StorPortWriteRegisterBufferUlong64(NULL, (PULONG64)a, b, n); break;
    }
}

static int64_t direct_read(ULONG_PTR a, int size)
{
    switch (size) {
    case 1: return *(volatile UCHAR *)a;
    case 2: return *(volatile USHORT *)a;
    case 4: return *(volatile ULONG *)a;
    default: return (int64_t)*(volatile ULONG64 *)a;
    }
}

/* ---- PoFx ---- */

static STOR_ADDR_BTL8 unit_address(void)
{
    STOR_ADDR_BTL8 a = {0};
    a.Type = STOR_ADDRESS_TYPE_BTL8;
    a.AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH;
    return a;
}

static ULONG pofx_register(struct hw_ext *e, PSTOR_ADDRESS addr, ULONG version, ULONG nfs,
                           ULONG flags, BOOLEAN *d3cold)
{
    ULONG64 mem[64] = {0};
    PSTOR_POFX_DEVICE dev = (PSTOR_POFX_DEVICE)mem;
    ULONG head = version == STOR_POFX_DEVICE_VERSION_V1 ? STOR_POFX_DEVICE_SIZE : STOR_POFX_DEVICE_V2_SIZE;
    dev->Version = version;
    dev->Size = head;
    dev->ComponentCount = 1;
    dev->Flags = flags;
    if (version >= STOR_POFX_DEVICE_VERSION_V2 && (flags & STOR_POFX_DEVICE_FLAG_IDLE_TIMEOUT))
        ((PSTOR_POFX_DEVICE_V2)dev)->AdapterIdleTimeoutInMS = 1500;
    PSTOR_POFX_COMPONENT c = (PSTOR_POFX_COMPONENT)((PUCHAR)mem + head);
    c->Version = STOR_POFX_COMPONENT_VERSION_V1;
    c->Size = STOR_POFX_COMPONENT_SIZE;
    c->FStateCount = nfs;
    for (ULONG i = 0; i < nfs && i < 4; i++) {
        c->FStates[i].Version = STOR_POFX_COMPONENT_IDLE_STATE_VERSION_V1;
        c->FStates[i].Size = STOR_POFX_COMPONENT_IDLE_STATE_SIZE;
        c->FStates[i].TransitionLatency = hwmp.fstate_latency[i];
        c->FStates[i].ResidencyRequirement = hwmp.fstate_residency[i];
        c->FStates[i].NominalPower = STOR_POFX_UNKNOWN_POWER;
    }
    return StorPortInitializePoFxPower(e, addr, dev, d3cold);
}

/* ---- performance options ---- */

static void do_perf(struct hw_ext *e)
{
    PERF_CONFIGURATION_DATA d = {0};
    d.Version = (ULONG)hwmp.perf_version;
    d.Size = sizeof d;
    hwmp.perf_query_status = StorPortInitializePerfOpts(e, TRUE, &d);
    hwmp.perf_offered = d.Flags;
    ULONG want = hwmp.perf_flags & ~(HWMP_PERF_UNMASKED | HWMP_PERF_NO_TARGETS);
    d.Flags = hwmp.perf_flags & HWMP_PERF_UNMASKED ? want : want & hwmp.perf_offered;
    d.ConcurrentChannels = hwmp.perf_channels;
    d.FirstRedirectionMessageNumber = hwmp.perf_first;
    d.LastRedirectionMessageNumber = hwmp.perf_last;
    d.MessageTargets = hwmp.perf_flags & HWMP_PERF_NO_TARGETS ? NULL : e->targets;
    hwmp.perf_set_status = StorPortInitializePerfOpts(e, FALSE, &d);
    for (int i = 0; i < HWMP_TARGETS; i++) {
        hwmp.targets[i][0] = e->targets[i].Mask;
        hwmp.targets[i][1] = e->targets[i].Group;
    }
}

/* ---- I/O ---- */

static void complete(struct hw_ext *e, PVOID srb, UCHAR status)
{
    SrbSetSrbStatus(srb, status);
    StorPortNotification(RequestComplete, e, srb);
}

static BOOLEAN hw_msi(PVOID Ext, ULONG MessageId)
{
    struct hw_ext *e = Ext;
    (void)MessageId;
    InterlockedIncrement((LONG volatile *)&hwmp.isr_calls);
    StorPortReadRegisterUlong(e, (PULONG)(e->bar[0] + 0x08));   /* STATUS, read to clear */
    PVOID list = e->queue;                                       /* under the interrupt lock */
    e->queue = NULL;
    while (list) {
        PVOID next = ((struct hw_srbext *)SrbGetMiniportContext(list))->next;
        complete(e, list, SRB_STATUS_SUCCESS);
        list = next;
    }
    return TRUE;
}

static BOOLEAN hw_interrupt(PVOID Ext)
{
    return hw_msi(Ext, 0);
}

static void via_interrupt(struct hw_ext *e, PVOID srb, ULONG message)
{
    STOR_LOCK_HANDLE h;
    StorPortAcquireSpinLock(e, InterruptLock, NULL, &h);
    ((struct hw_srbext *)SrbGetMiniportContext(srb))->next = e->queue;
    e->queue = srb;
    StorPortReleaseSpinLock(e, &h);
    StorPortWriteRegisterUlong(NULL, (PULONG)(e->bar[0] + 0x0C), message);   /* DOORBELL */
}

static void rendezvous(struct hw_ext *e)
{
    LONG inside = InterlockedIncrement(&e->startio_inside);
    for (long i = 0; i < RENDEZVOUS_SPINS && __atomic_load_n(&e->startio_inside, __ATOMIC_ACQUIRE) < 2; i++)
        __builtin_ia32_pause();
    if (inside >= 2 || __atomic_load_n(&e->startio_inside, __ATOMIC_ACQUIRE) >= 2)
        __atomic_store_n(&hwmp.rendezvous_met, 1, __ATOMIC_RELEASE);
    InterlockedDecrement(&e->startio_inside);
}

static ULONG read_lba(PCDB cdb)
{
    return (ULONG)cdb->AsByte[2] << 24 | (ULONG)cdb->AsByte[3] << 16 |
           (ULONG)cdb->AsByte[4] << 8 | cdb->AsByte[5];
}

static void fill_read_info(struct hw_ext *e, PVOID srb)
{
    struct hwmp_read_info *ri = SrbGetDataBuffer(srb);
    if (!ri || SrbGetDataTransferLength(srb) < sizeof *ri)
        return;
    STARTIO_PERFORMANCE_PARAMETERS_V2 p = {0};
    p.Version = 2;
    p.Size = sizeof p;
    ri->magic = HWMP_MAGIC;
    ri->perf_status = StorPortGetStartIoPerfParams(e, srb, (PSTARTIO_PERFORMANCE_PARAMETERS)&p);
    ri->message = p.MessageNumber;
    ri->channel = p.ChannelNumber;
    ri->group = p.InitiatingProcessor.Group;
    ri->number = p.InitiatingProcessor.Number;
}

static void io_command(struct hw_ext *e, PVOID srb, PCDB cdb)
{
    LONG inside = InterlockedIncrement((LONG volatile *)&hwmp.startio_inside);
    int32_t max = __atomic_load_n(&hwmp.startio_max_inside, __ATOMIC_RELAXED);
    while (inside > max && !__atomic_compare_exchange_n(&hwmp.startio_max_inside, &max, inside,
                                                        0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        ;
    if (cdb->AsByte[0] == SCSIOP_READ && hwmp.rendezvous && read_lba(cdb) >= RENDEZVOUS_LBA)
        rendezvous(e);
    if (cdb->AsByte[0] == SCSIOP_READ)
        fill_read_info(e, srb);
    InterlockedDecrement((LONG volatile *)&hwmp.startio_inside);
    if (hwmp.complete_in_isr) {
        struct hwmp_read_info *ri = SrbGetDataBuffer(srb);
        via_interrupt(e, srb, cdb->AsByte[0] == SCSIOP_READ && ri ? ri->message : 0);
    } else {
        complete(e, srb, SRB_STATUS_SUCCESS);
    }
}

static UCHAR inquiry(struct hw_ext *e, PVOID srb, PUCHAR buf, ULONG len)
{
    UCHAR data[36] = {0};
    BOOLEAN present = SrbGetTargetId(srb) == 0 && SrbGetLun(srb) == 0;
    data[0] = present ? 0x00 : 0x7F;
    data[2] = 6;
    data[3] = 2;
    data[4] = 31;
    memcpy(data + 8, "USTOR   HW TEST MINIPORT0001", 28);
    memcpy(buf, data, len < sizeof data ? len : sizeof data);
    SrbSetDataTransferLength(srb, len < sizeof data ? len : sizeof data);
    if (present && hwmp.unit_attributes >= 0) {
        STOR_ADDR_BTL8 a = unit_address();
        STOR_UNIT_ATTRIBUTES attrs;
        ULONG bits = (ULONG)hwmp.unit_attributes;
        memcpy(&attrs, &bits, sizeof attrs);
        hwmp.unit_attr_status = StorPortSetUnitAttributes(e, (PSTOR_ADDRESS)&a, attrs);
    }
    return SRB_STATUS_SUCCESS;
}

static UCHAR report_luns(PVOID srb, PUCHAR buf, ULONG len)
{
    if (SrbGetTargetId(srb) != 0)
        return SRB_STATUS_SELECTION_TIMEOUT;
    if (len < 16)
        return SRB_STATUS_DATA_OVERRUN;
    memset(buf, 0, 16);
    buf[3] = 8;
    SrbSetDataTransferLength(srb, 16);
    return SRB_STATUS_SUCCESS;
}

static BOOLEAN execute_scsi(struct hw_ext *e, PVOID srb, UCHAR *status)
{
    PCDB cdb = SrbGetCdb(srb);
    PUCHAR buf = SrbGetDataBuffer(srb);
    ULONG len = SrbGetDataTransferLength(srb);
    switch (cdb->AsByte[0]) {
    case SCSIOP_INQUIRY: *status = inquiry(e, srb, buf, len); return TRUE;
    case SCSIOP_REPORT_LUNS: *status = report_luns(srb, buf, len); return TRUE;
    case SCSIOP_TEST_UNIT_READY: case SCSIOP_READ: case SCSIOP_WRITE:
        if (SrbGetTargetId(srb) || SrbGetLun(srb)) {
            *status = SRB_STATUS_NO_DEVICE;
            return TRUE;
        }
        io_command(e, srb, cdb);
        return FALSE;
    default: *status = SRB_STATUS_INVALID_REQUEST; return TRUE;
    }
}

static BOOLEAN hw_startio(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    struct hw_ext *e = Ext;
    UCHAR status = SRB_STATUS_SUCCESS;
    ULONG fn = SrbGetSrbFunction(Srb);
    if (fn == SRB_FUNCTION_EXECUTE_SCSI && !execute_scsi(e, Srb, &status))
        return TRUE;
    if (fn == SRB_FUNCTION_POWER) {
        PSCSI_POWER_REQUEST_BLOCK p = (PSCSI_POWER_REQUEST_BLOCK)Srb;
        event(HWMP_EV_SRB_POWER, (int32_t)fn, p->DevicePowerState, p->PowerAction);
    }
    complete(e, Srb, status);
    return TRUE;
}

static BOOLEAN hw_resetbus(PVOID Ext, ULONG PathId)
{
    (void)PathId;
    StorPortCompleteRequest(Ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

/* ---- control types ---- */

static void claim(PSCSI_SUPPORTED_CONTROL_TYPE_LIST list, const int *types, int n)
{
    for (int i = 0; i < n; i++)
        if ((ULONG)types[i] < list->MaxControlType)
            list->SupportedTypeList[types[i]] = TRUE;
}

static void adapter_power_event(SCSI_ADAPTER_CONTROL_TYPE t, PVOID p)
{
    int64_t a = 0, b = 0;
    if (t == ScsiAdapterPower) {
        a = ((PSTOR_ADAPTER_CONTROL_POWER)p)->PowerState;
        b = ((PSTOR_ADAPTER_CONTROL_POWER)p)->PowerAction;
    } else if (t == ScsiAdapterPoFxPowerActive) {
        a = ((PSTOR_POFX_ACTIVE_CONTEXT)p)->ComponentIndex;
        b = ((PSTOR_POFX_ACTIVE_CONTEXT)p)->Active;
    } else if (t == ScsiAdapterPoFxPowerSetFState) {
        a = ((PSTOR_POFX_FSTATE_CONTEXT)p)->ComponentIndex;
        b = ((PSTOR_POFX_FSTATE_CONTEXT)p)->FState;
    } else if (t == ScsiPowerSettingNotification) {
        PSTOR_POWER_SETTING_INFO s = p;
        a = !memcmp(&s->PowerSettingGuid, &setting_guid, sizeof(GUID));
        b = s->ValueLength >= 4 ? *(PULONG)s->Value : -1;
    }
    event(HWMP_EV_ADAPTER, t, a, b);
}

static SCSI_ADAPTER_CONTROL_STATUS hw_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                      PVOID Parameters)
{
    (void)Ext;
    static const int base[] = {ScsiQuerySupportedControlTypes, ScsiStopAdapter,
                               ScsiRestartAdapter};
    static const int power[] = {ScsiPowerSettingNotification, ScsiAdapterPower,
                                ScsiAdapterPoFxPowerActive, ScsiAdapterPoFxPowerSetFState};
    if (Type == ScsiQuerySupportedControlTypes) {
        claim(Parameters, base, 3);
        if (hwmp.claim_power)
            claim(Parameters, power, 4);
        return ScsiAdapterControlSuccess;
    }
    adapter_power_event(Type, Parameters);
    return ScsiAdapterControlSuccess;
}

static SCSI_UNIT_CONTROL_STATUS hw_unit_control(PVOID Ext, SCSI_UNIT_CONTROL_TYPE Type,
                                                PVOID Parameters)
{
    (void)Ext;
    static const int base[] = {ScsiQuerySupportedUnitControlTypes, ScsiUnitStart};
    static const int power[] = {ScsiUnitPower, ScsiUnitPoFxPowerActive, ScsiUnitPoFxPowerSetFState};
    int64_t a = 0, b = 0;
    if (Type == ScsiQuerySupportedUnitControlTypes) {
        claim(Parameters, base, 2);
        if (hwmp.claim_power)
            claim(Parameters, power, 3);
        return ScsiUnitControlSuccess;
    }
    if (Type == ScsiUnitPower) {
        a = ((PSTOR_UNIT_CONTROL_POWER)Parameters)->PowerState;
        b = ((PSTOR_UNIT_CONTROL_POWER)Parameters)->PowerAction;
    } else if (Type == ScsiUnitPoFxPowerActive) {
        a = ((PSTOR_POFX_ACTIVE_CONTEXT)Parameters)->Header.Address != NULL;
        b = ((PSTOR_POFX_ACTIVE_CONTEXT)Parameters)->Active;
    } else if (Type == ScsiUnitPoFxPowerSetFState) {
        a = ((PSTOR_POFX_FSTATE_CONTEXT)Parameters)->Header.Address != NULL;
        b = ((PSTOR_POFX_FSTATE_CONTEXT)Parameters)->FState;
    }
    event(HWMP_EV_UNIT, Type, a, b);
    return ScsiUnitControlSuccess;
}

/* ---- initialization ---- */

static BOOLEAN hw_passive(PVOID Ext)
{
    struct hw_ext *e = Ext;
    if (hwmp.perf_version && hwmp.perf_in_passive)
        do_perf(e);
    if (hwmp.pofx_adapter)
        hwmp.pofx_status = pofx_register(e, NULL, (ULONG)hwmp.pofx_adapter,
                                         hwmp.pofx_fstates ? (ULONG)hwmp.pofx_fstates : 3,
                                         hwmp.pofx_flags, &hwmp.pofx_d3cold);
    return TRUE;
}

static BOOLEAN hw_initialize(PVOID Ext)
{
    struct hw_ext *e = Ext;
    if (hwmp.perf_version && !hwmp.perf_in_passive)
        do_perf(e);
    return StorPortEnablePassiveInitialization(e, hw_passive);
}

static void read_config(struct hw_ext *e, PPORT_CONFIGURATION_INFORMATION c)
{
    UCHAR cfg[256];
    PVOID mine = NULL;
    hwmp.config_bytes = StorPortGetBusData(e, PCIConfiguration, c->SystemIoBusNumber,
                                           c->SlotNumber, cfg, sizeof cfg);
    hwmp.vendor = (USHORT)(cfg[0] | cfg[1] << 8);
    hwmp.device = (USHORT)(cfg[2] | cfg[3] << 8);
    UCHAR cmd = (UCHAR)(cfg[4] | 0x06);          /* memory space and bus master */
    hwmp.set_bytes = StorPortSetBusDataByOffset(e, PCIConfiguration, c->SystemIoBusNumber,
                                                c->SlotNumber, &cmd, 4, 1);
    hwmp.config_bytes0 = StorPortGetBusData(e, PCIConfiguration, c->SystemIoBusNumber,
                                            c->SlotNumber, &mine, 0);
    hwmp.command_after = mine ? ((PUCHAR)mine)[4] : 0;
}

static void map_ranges(struct hw_ext *e, PPORT_CONFIGURATION_INFORMATION c)
{
    for (ULONG i = 0; i < c->NumberOfAccessRanges && i < HWMP_RANGES; i++) {
        PACCESS_RANGE r = &(*c->AccessRanges)[i];
        e->bar[i] = StorPortGetDeviceBase(e, c->AdapterInterfaceType, c->SystemIoBusNumber,
                                          r->RangeStart, r->RangeLength, !r->RangeInMemory);
        hwmp.bases[i] = (int64_t)(ULONG_PTR)e->bar[i];
    }
    PACCESS_RANGE r0 = &(*c->AccessRanges)[0];
    STOR_PHYSICAL_ADDRESS far = r0->RangeStart;
    far.QuadPart += 0x100000;
    hwmp.wrong_space_base = (int64_t)(ULONG_PTR)StorPortGetDeviceBase(
        e, c->AdapterInterfaceType, c->SystemIoBusNumber, r0->RangeStart, 4, r0->RangeInMemory);
    hwmp.outside_base = (int64_t)(ULONG_PTR)StorPortGetDeviceBase(
        e, c->AdapterInterfaceType, c->SystemIoBusNumber, far, 4, !r0->RangeInMemory);
    hwmp.validate_range = StorPortValidateRange(e, c->AdapterInterfaceType, c->SystemIoBusNumber,
                                                far, 4, FALSE);
}

static ULONG hw_find(PVOID Ext, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                     PPORT_CONFIGURATION_INFORMATION c, PBOOLEAN Reserved3)
{
    (void)HwContext; (void)BusInformation; (void)ArgumentString; (void)Reserved3;
    struct hw_ext *e = Ext;
    hwmp.ext = e;
    read_config(e, c);
    map_ranges(e, c);
    if (e->bar[0])
        hwmp.id_read = StorPortReadRegisterUlong(NULL, (PULONG)e->bar[0]);
    GUID g = setting_guid;
    hwmp.guids_status = StorPortSetPowerSettingNotificationGuids(e, 1, &g);
    c->MaximumTransferLength = 64 * 1024;
    c->NumberOfPhysicalBreaks = 17;
    c->NumberOfBuses = 1;
    c->MaximumNumberOfTargets = 1;
    c->MaximumNumberOfLogicalUnits = 1;
    c->SynchronizationModel = StorSynchronizeFullDuplex;
    c->HwMSInterruptRoutine = hw_msi;
    c->InterruptSynchronizationMode = InterruptSynchronizeAll;
    return SP_RETURN_FOUND;
}

/* ---- operations the tests run ---- */

static ULONG power_op(struct hw_ext *e, int op, int64_t unit, int64_t b, int64_t c, int64_t d)
{
    STOR_ADDR_BTL8 ua = unit_address();
    PSTOR_ADDRESS addr = unit ? (PSTOR_ADDRESS)&ua : NULL;
    GUID code = setting_guid;
    SIZE_T ret = 7;
    BOOLEAN flag = 0xEE;
    ULONG st;
    switch (op) {
    case HWMP_OP_POFX_INIT: st = pofx_register(e, addr, (ULONG)b, (ULONG)c, (ULONG)d, &flag); break;
    case HWMP_OP_ACTIVATE: st = StorPortPoFxActivateComponent(e, addr, NULL, 0, 0); break;
    case HWMP_OP_IDLE: st = StorPortPoFxIdleComponent(e, addr, NULL, 0, 0); break;
    case HWMP_OP_LATENCY: st = StorPortPoFxSetComponentLatency(e, addr, 0, (ULONGLONG)c); break;
    case HWMP_OP_RESIDENCY: st = StorPortPoFxSetComponentResidency(e, addr, 0, (ULONGLONG)c); break;
    case HWMP_OP_IDLE_TIMEOUT: st = StorPortPoFxSetIdleTimeout(e, addr, (ULONG)c); break;
    case HWMP_OP_POWER_CONTROL:
        st = StorPortPoFxPowerControl(e, addr, &code, NULL, 0, hwmp.buf, 16, &ret);
        hwmp.op_returned = (ULONG)ret;
        break;
    case HWMP_OP_D3COLD: st = StorPortGetD3ColdSupport(e, addr, &flag); break;
    case HWMP_OP_UNIT_ATTR: {
        STOR_UNIT_ATTRIBUTES attrs;
        ULONG bits = (ULONG)b;
        memcpy(&attrs, &bits, sizeof attrs);
        st = StorPortSetUnitAttributes(e, addr, attrs);
        break;
    }
    case HWMP_OP_ACTIVATE_BAD:
        st = StorPortPoFxActivateComponent(e, addr, NULL, b == 1 ? 1 : 0, b == 2 ? 1 : 0);
        break;
    case HWMP_OP_UNDER_INTERRUPT_LOCK: {
        STOR_LOCK_HANDLE h;
        ULONG got = 0;
        StorPortAcquireSpinLock(e, InterruptLock, NULL, &h);
        st = StorPortInvokeAcpiMethod(e, NULL, 0x4444535F, hwmp.buf, 4, hwmp.buf, 16, &got);
        hwmp.op_status = StorPortPoFxActivateComponent(e, NULL, NULL, 0, 0);
        StorPortReleaseSpinLock(e, &h);
        break;
    }
    default: {
        ULONG got = 0xEEEE;
        UCHAR in[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        st = StorPortInvokeAcpiMethod(e, addr, (ULONG)b, in, sizeof in, hwmp.buf, (ULONG)c, &got);
        hwmp.op_returned = got;
    }
    }
    hwmp.op_flag = flag;
    return st;
}

__attribute__((visibility("default"))) int64_t hwmp_call(int op, int64_t a, int64_t b,
                                                         int64_t c, int64_t d)
{
    struct hw_ext *e = hwmp.ext;
    BOOLEAN port = op == HWMP_OP_READ_PORT || op == HWMP_OP_WRITE_PORT ||
                   op == HWMP_OP_READ_PORT_BUF || op == HWMP_OP_WRITE_PORT_BUF;
    STOR_PHYSICAL_ADDRESS pa;
    PVOID base = NULL;
    pa.QuadPart = a;
    switch (op) {
    case HWMP_OP_READ_PORT: case HWMP_OP_READ_REG: return read_io(port, (ULONG_PTR)a, (int)b);
    case HWMP_OP_WRITE_PORT: case HWMP_OP_WRITE_REG: write_io(port, (ULONG_PTR)a, (int)b, (ULONG64)c); return 0;
    case HWMP_OP_READ_PORT_BUF: case HWMP_OP_READ_REG_BUF: read_buf(port, (ULONG_PTR)a, (int)b, (ULONG)c); return 0;
    case HWMP_OP_WRITE_PORT_BUF: case HWMP_OP_WRITE_REG_BUF: write_buf(port, (ULONG_PTR)a, (int)b, (ULONG)c); return 0;
    case HWMP_OP_DIRECT_READ: return direct_read((ULONG_PTR)a, (int)b);
    case HWMP_OP_DEVICE_BASE: return (int64_t)(ULONG_PTR)StorPortGetDeviceBase(e, PCIBus, 0, pa, (ULONG)b, (BOOLEAN)c);
    case HWMP_OP_DEVICE_BASE2:
        hwmp.op_status = StorPortGetDeviceBase2(e, PCIBus, 0, pa, (ULONG)b, (BOOLEAN)c, 0, &base);
        return (int64_t)(ULONG_PTR)base;
    case HWMP_OP_FREE_DEVICE_BASE: StorPortFreeDeviceBase(e, (PVOID)(ULONG_PTR)a); return 0;
    case HWMP_OP_VALIDATE: return StorPortValidateRange(e, PCIBus, 0, pa, (ULONG)b, (BOOLEAN)c);
    case HWMP_OP_GET_BUS: return StorPortGetBusData(e, (ULONG)a, 0, 3, hwmp.buf, (ULONG)c);
    case HWMP_OP_SET_BUS: return StorPortSetBusDataByOffset(e, (ULONG)a, 0, 3, hwmp.buf, (ULONG)b, (ULONG)c);
    case HWMP_OP_GUIDS: return StorPortSetPowerSettingNotificationGuids(e, (ULONG)b, (LPGUID)hwmp.buf);
    case HWMP_OP_PERF: {
        PERF_CONFIGURATION_DATA pd = {0};
        pd.Version = (ULONG)c;
        pd.Size = sizeof pd;
        pd.Flags = (ULONG)d;
        ULONG st = StorPortInitializePerfOpts(e, (BOOLEAN)b, &pd);
        hwmp.op_returned = pd.Flags;
        return st;
    }
    default: return power_op(e, op, a, b, c, d);
    }
}

/* ---- DriverEntry ---- */

__attribute__((visibility("default"))) ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    memset(&hw, 0, sizeof hw);
    hw.HwInitializationDataSize = sizeof hw;
    hw.AdapterInterfaceType = PCIBus;
    hw.HwInitialize = hw_initialize;
    hw.HwStartIo = hw_startio;
    hw.HwInterrupt = hw_interrupt;
    hw.HwFindAdapter = hw_find;
    hw.HwResetBus = hw_resetbus;
    hw.HwAdapterControl = hw_adapter_control;
    hw.HwUnitControl = hw_unit_control;
    hw.DeviceExtensionSize = sizeof(struct hw_ext);
    hw.SrbExtensionSize = sizeof(struct hw_srbext);
    hw.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hw.TaggedQueuing = hw.AutoRequestSense = hw.MultipleRequestPerLu = TRUE;
    hw.NumberOfAccessRanges = 2;
    return StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
}
