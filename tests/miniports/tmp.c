/*
 * tmp - the test miniport of the port's integration tests, written as WDK code.
 * One source, registered for a virtual adapter (Internal; HW_INITIALIZATION_DATA, or
 * the VIRTUAL_ layout on request) and a physical one (PCIBus, whose "device" is the
 * test: a doorbell callback that raises the adapter's interrupt).
 * It serves REPORT LUNS, INQUIRY and READ CAPACITY itself, and completes I/O commands
 * (TEST UNIT READY, READ, WRITE, SYNCHRONIZE CACHE) from the context tmp.mode
 * selects: StartIo, a DPC, the legacy timer, a work item, the ISR, any of them at
 * random, or never (HwResetBus then completes them). Everything it sees is recorded
 * in the control block `tmp` (tmp_control.h) for the tests to check.
 * Not a disk: READ returns a pattern, WRITE is dropped.
 */
#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>

#include "tmp_internal.h"

__attribute__((visibility("default"))) struct tmp_control tmp;

#define BLOCKS 0x800
#define SPIN_LIMIT_US 5000000

static void event(LONG ev)
{
    LONG i = InterlockedIncrement((LONG volatile *)&tmp.nevents) - 1;
    if (i < TMP_MAX_EVENTS)
        tmp.events[i] = ev;
}

void count(int32_t *p)
{
    InterlockedIncrement((LONG volatile *)p);
}

/* ---- queues of held requests (under the interrupt lock) ---- */

static struct tmp_srbext *srbext(PVOID srb)
{
    return SrbGetMiniportContext(srb);
}

static void q_push(struct tmp_ext *e, LONG mode, PVOID srb, BOOLEAN locked)
{
    STOR_LOCK_HANDLE h;
    if (!locked)
        StorPortAcquireSpinLock(e, InterruptLock, NULL, &h);
    struct tmp_queue *q = &e->q[mode];
    srbext(srb)->next = NULL;
    srbext(srb)->mode = mode;
    if (q->tail)
        srbext(q->tail)->next = srb;
    else
        q->head = srb;
    q->tail = srb;
    count(&tmp.held);
    if (!locked)
        StorPortReleaseSpinLock(e, &h);
}

static PVOID q_take_all(struct tmp_ext *e, LONG mode, BOOLEAN locked)
{
    STOR_LOCK_HANDLE h;
    if (!locked)
        StorPortAcquireSpinLock(e, InterruptLock, NULL, &h);
    PVOID list = e->q[mode].head;
    e->q[mode].head = e->q[mode].tail = NULL;
    if (!locked)
        StorPortReleaseSpinLock(e, &h);
    return list;
}

/* ---- completion ---- */

static void in_flight(PVOID srb, LONG delta)
{
    UCHAR t = SrbGetTargetId(srb), l = SrbGetLun(srb);
    if (t >= TMP_MAX_TARGETS || l >= TMP_MAX_LUNS)
        return;
    int32_t now = __atomic_add_fetch(&tmp.in_flight[t][l], delta, __ATOMIC_ACQ_REL);
    int32_t max = __atomic_load_n(&tmp.max_in_flight[t][l], __ATOMIC_RELAXED);
    while (delta > 0 && now > max &&
           !__atomic_compare_exchange_n(&tmp.max_in_flight[t][l], &max, now, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        ;
}

static void complete(struct tmp_ext *e, PVOID srb, LONG ctx, UCHAR status)
{
    in_flight(srb, -1);
    count(&tmp.completed[ctx]);
    SrbSetSrbStatus(srb, status);
    StorPortNotification(RequestComplete, e, srb);
}

static void complete_list(struct tmp_ext *e, PVOID list, LONG ctx, UCHAR status)
{
    while (list) {
        PVOID next = srbext(list)->next;
        InterlockedDecrement((LONG volatile *)&tmp.held);
        complete(e, list, ctx, status);
        list = next;
    }
}

/* ---- completion contexts ---- */

static VOID tmp_dpc(PSTOR_DPC Dpc, PVOID Ext, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)A1; (void)A2;
    struct tmp_ext *e = Ext;
    complete_list(e, q_take_all(e, TMP_FROM_DPC, FALSE), TMP_FROM_DPC, SRB_STATUS_SUCCESS);
}

static VOID tmp_timer(PVOID Ext)
{
    struct tmp_ext *e = Ext;
    InterlockedExchange(&e->spin_flag, 1);
    InterlockedExchange(&e->timer_armed, 0);
    complete_list(e, q_take_all(e, TMP_FROM_TIMER, FALSE), TMP_FROM_TIMER, SRB_STATUS_SUCCESS);
}

static VOID tmp_work(PVOID Ext, PVOID Context, PVOID Worker)
{
    (void)Context; (void)Worker;
    struct tmp_ext *e = Ext;
    complete_list(e, q_take_all(e, TMP_FROM_WORKER, FALSE), TMP_FROM_WORKER, SRB_STATUS_SUCCESS);
}

static BOOLEAN tmp_interrupt(PVOID Ext)
{
    struct tmp_ext *e = Ext;
    if (__atomic_load_n(&tmp.startio_active, __ATOMIC_ACQUIRE))
        count(&tmp.isr_during_startio);
    PVOID list = q_take_all(e, TMP_FROM_ISR, TRUE);   /* the ISR holds the interrupt lock */
    complete_list(e, list, TMP_FROM_ISR, SRB_STATUS_SUCCESS);
    return TRUE;
}

static BOOLEAN tmp_msi(PVOID Ext, ULONG MessageId)
{
    (void)MessageId;
    return tmp_interrupt(Ext);
}

/* ---- commands ---- */

static void put_be32(UCHAR *p, ULONG v)
{
    p[0] = (UCHAR)(v >> 24); p[1] = (UCHAR)(v >> 16); p[2] = (UCHAR)(v >> 8); p[3] = (UCHAR)v;
}

static BOOLEAN unit_exists(UCHAR target, UCHAR lun)
{
    return target < tmp.targets && lun < tmp.luns;
}

/* The LU extension of a unit must be the same every time the miniport asks. */
static void check_lu_ext(struct tmp_ext *e, PVOID srb)
{
    UCHAR t = SrbGetTargetId(srb), l = SrbGetLun(srb);
    if (t >= TMP_MAX_TARGETS || l >= TMP_MAX_LUNS)
        return;
    int64_t lu = (int64_t)(intptr_t)StorPortGetLogicalUnit(e, SrbGetPathId(srb), t, l);
    int64_t old = __atomic_load_n(&tmp.lu_ext[t][l], __ATOMIC_RELAXED);
    if (!lu || (old && old != lu))
        count(&tmp.lu_ext_mismatch);
    __atomic_store_n(&tmp.lu_ext[t][l], lu, __ATOMIC_RELAXED);
}

static UCHAR do_inquiry(struct tmp_ext *e, PVOID srb, UCHAR *buf, ULONG len)
{
    UCHAR t = SrbGetTargetId(srb), l = SrbGetLun(srb);
    event(TMP_EV_INQUIRY);
    if (t >= tmp.targets)
        return SRB_STATUS_SELECTION_TIMEOUT;
    if (t < TMP_MAX_TARGETS && l < TMP_MAX_LUNS)
        count(&tmp.inquiries[t][l]);
    UCHAR data[36] = {0};
    data[0] = unit_exists(t, l) ? 0x00 : 0x7F;
    data[2] = 6;
    data[3] = 2;
    data[4] = 31;
    memcpy(data + 8, "USTOR   TEST MINIPORT   0001", 28);
    memcpy(buf, data, len < sizeof data ? len : sizeof data);
    SrbSetDataTransferLength(srb, len < sizeof data ? len : sizeof data);
    if (unit_exists(t, l))
        check_lu_ext(e, srb);
    if (unit_exists(t, l) && tmp.lun_depth &&
        StorPortSetDeviceQueueDepth(e, SrbGetPathId(srb), t, l, (ULONG)tmp.lun_depth))
        count(&tmp.depth_set_ok);
    return SRB_STATUS_SUCCESS;
}

static UCHAR do_report_luns(PVOID srb, UCHAR *buf, ULONG len)
{
    UCHAR t = SrbGetTargetId(srb);
    event(TMP_EV_REPORT_LUNS);
    if (t >= tmp.targets)
        return SRB_STATUS_SELECTION_TIMEOUT;
    if (tmp.no_report_luns)
        return SRB_STATUS_INVALID_REQUEST;
    ULONG need = 8 + 8 * (ULONG)tmp.luns;
    if (len < need)
        return SRB_STATUS_DATA_OVERRUN;
    memset(buf, 0, need);
    put_be32(buf, 8 * (ULONG)tmp.luns);
    for (LONG i = 0; i < tmp.luns; i++)
        buf[8 + 8 * i + 1] = (UCHAR)i;
    SrbSetDataTransferLength(srb, need);
    return SRB_STATUS_SUCCESS;
}

static UCHAR do_read_capacity(PVOID srb, UCHAR *buf, ULONG len)
{
    if (len < 8)
        return SRB_STATUS_DATA_OVERRUN;
    put_be32(buf, BLOCKS - 1);
    put_be32(buf + 4, 512);
    SrbSetDataTransferLength(srb, 8);
    return SRB_STATUS_SUCCESS;
}

/* Commands answered at once; returns FALSE for the I/O commands the mode decides. */
static BOOLEAN answer_now(struct tmp_ext *e, PVOID srb, UCHAR *status)
{
    PCDB cdb = SrbGetCdb(srb);
    UCHAR *buf = SrbGetDataBuffer(srb);
    ULONG len = SrbGetDataTransferLength(srb);
    switch (cdb->AsByte[0]) {
    case SCSIOP_INQUIRY: *status = do_inquiry(e, srb, buf, len); return TRUE;
    case SCSIOP_REPORT_LUNS: *status = do_report_luns(srb, buf, len); return TRUE;
    case SCSIOP_READ_CAPACITY: *status = do_read_capacity(srb, buf, len); return TRUE;
    case SCSIOP_TEST_UNIT_READY: case SCSIOP_READ: case SCSIOP_WRITE:
    case SCSIOP_SYNCHRONIZE_CACHE:
        if (!unit_exists(SrbGetTargetId(srb), SrbGetLun(srb))) {
            *status = SRB_STATUS_NO_DEVICE;
            return TRUE;
        }
        if (cdb->AsByte[0] == SCSIOP_READ && buf && len)
            memset(buf, 0xA5, len);
        return FALSE;
    default: *status = SRB_STATUS_INVALID_REQUEST; return TRUE;
    }
}

/* ---- dispatching an I/O command to its completion context ---- */

static LONG pick_mode(struct tmp_ext *e)
{
    LONG modes[5], n = 0;
    modes[n++] = TMP_FROM_STARTIO;
    modes[n++] = TMP_FROM_DPC;
    modes[n++] = TMP_FROM_TIMER;
    if (e->worker_ok)
        modes[n++] = TMP_FROM_WORKER;
    if (e->physical && tmp.doorbell)
        modes[n++] = TMP_FROM_ISR;
    ULONG r = (ULONG)InterlockedIncrement(&e->rand_state) * 1103515245u + 12345u;
    return modes[(r >> 16) % (ULONG)n];
}

static void start_in_mode(struct tmp_ext *e, PVOID srb, LONG mode, BOOLEAN locked)
{
    switch (mode) {
    case TMP_FROM_DPC:
        q_push(e, mode, srb, locked);
        StorPortIssueDpc(e, &e->dpc, NULL, NULL);
        return;
    case TMP_FROM_TIMER:
        q_push(e, mode, srb, locked);
        if (InterlockedCompareExchange(&e->timer_armed, 1, 0) == 0)
            StorPortNotification(RequestTimerCall, e, tmp_timer, (ULONG)500);
        return;
    case TMP_FROM_WORKER:
        q_push(e, mode, srb, locked);
        StorPortQueueWorkItem(e, tmp_work, e->worker, NULL);
        return;
    case TMP_FROM_ISR:
        q_push(e, mode, srb, locked);
        tmp.doorbell(tmp.doorbell_ctx);
        return;
    case TMP_NEVER:
        q_push(e, mode, srb, locked);
        return;
    default:
        complete(e, srb, TMP_FROM_STARTIO, SRB_STATUS_SUCCESS);
    }
}

static LONG effective_mode(struct tmp_ext *e)
{
    LONG mode = tmp.mode;
    if (mode == TMP_RANDOM)
        return pick_mode(e);
    if (mode == TMP_FROM_WORKER && !e->worker_ok)
        return TMP_FROM_DPC;
    if (mode == TMP_FROM_ISR && !(e->physical && tmp.doorbell))
        return TMP_FROM_STARTIO;
    return mode;
}

static void start_io_command(struct tmp_ext *e, PVOID srb)
{
    if (InterlockedIncrement((LONG volatile *)&tmp.busy_answers) <= tmp.busy_first) {
        SrbSetSrbStatus(srb, SRB_STATUS_BUSY);
        StorPortNotification(RequestComplete, e, srb);
        return;
    }
    InterlockedDecrement((LONG volatile *)&tmp.busy_answers);
    check_lu_ext(e, srb);
    in_flight(srb, +1);
    start_in_mode(e, srb, effective_mode(e), e->physical && e->half_duplex);
}

/* ---- Hw* callbacks ---- */

static BOOLEAN tmp_buildio(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    (void)Ext;
    count(&tmp.buildio_calls);
    if (SrbGetSrbStatus(Srb) != SRB_STATUS_PENDING)
        count(&tmp.bad_srb);
    return TRUE;
}

/* HwStartIo runs at DISPATCH, except half duplex (DIRQL, under the interrupt lock). */
static void check_irql_at_most_dispatch(struct tmp_ext *e)
{
    KIRQL irql = 0;
    if (StorPortGetCurrentIrql(e, &irql) != STOR_STATUS_SUCCESS) {
        __atomic_store_n(&tmp.startio_irql, -1, __ATOMIC_RELAXED);
        return;
    }
    __atomic_store_n(&tmp.startio_irql, irql, __ATOMIC_RELAXED);
    if (e->physical && e->half_duplex ? irql <= DISPATCH_LEVEL : irql != DISPATCH_LEVEL)
        count(&tmp.startio_irql_bad);
}

/* What an extended SRB must carry: a BTL8 address matching the SRB's target, IoInfo
 * on reads and writes when asked for. */
static void check_srb_shape(PVOID srb)
{
    ULONG len32 = 0;
    UCHAR len8 = 0;
    if (SrbGetSrbFunction(srb) == SRB_FUNCTION_EXECUTE_SCSI && tmp.extended_srb)
        SrbGetScsiData(srb, &len8, &len32, NULL, NULL, NULL);   /* var blocks: len32 */
    else if (SrbGetSrbFunction(srb) == SRB_FUNCTION_EXECUTE_SCSI)
        len8 = SrbGetCdbLength(srb);
    if (!len32)
        len32 = len8;
    __atomic_store_n(&tmp.last_cdb_length, (int32_t)len32, __ATOMIC_RELAXED);
    if (!tmp.extended_srb)
        return;
    PSTOR_ADDR_BTL8 addr = (PSTOR_ADDR_BTL8)SrbGetAddress(srb);
    if (addr && addr->Type == STOR_ADDRESS_TYPE_BTL8 && addr->Target == SrbGetTargetId(srb) &&
        addr->Lun == SrbGetLun(srb) && addr->AddressLength == STOR_ADDR_BTL8_ADDRESS_LENGTH)
        count(&tmp.addr_ok);
    else
        count(&tmp.addr_bad);
    PCDB cdb = SrbGetSrbFunction(srb) == SRB_FUNCTION_EXECUTE_SCSI ? SrbGetCdb(srb) : NULL;
    if (!tmp.extra_io_info || !cdb || (cdb->AsByte[0] != SCSIOP_READ && cdb->AsByte[0] != SCSIOP_WRITE))
        return;
    PSRBEX_DATA_IO_INFO io = (PSRBEX_DATA_IO_INFO)SrbGetSrbExDataByType(srb, SrbExDataTypeIoInfo);
    if (io && io->RWLength == SrbGetDataTransferLength(srb) &&
        io->IsWriteRequest == (cdb->AsByte[0] == SCSIOP_WRITE))
        count(&tmp.io_info_ok);
    else
        count(&tmp.io_info_missing);
}

/* PnP and power SRBs: what action and state they carry, in either SRB layout. */
static void note_pnp_power(PVOID srb, ULONG function)
{
    if (function == SRB_FUNCTION_PNP) {
        PSRBEX_DATA_PNP pnp = tmp.extended_srb
            ? (PSRBEX_DATA_PNP)SrbGetSrbExDataByType(srb, SrbExDataTypePnP) : NULL;
        tmp.pnp_action = pnp ? (int32_t)pnp->PnPAction
            : tmp.extended_srb ? -1 : (int32_t)((PSCSI_PNP_REQUEST_BLOCK)srb)->PnPAction;
        ULONG flags = pnp ? pnp->SrbPnPFlags
            : tmp.extended_srb ? 0 : ((PSCSI_PNP_REQUEST_BLOCK)srb)->SrbPnPFlags;
        if (flags & SRB_PNP_FLAGS_ADAPTER_REQUEST)
            event(TMP_EV_ADAPTER_PNP + tmp.pnp_action);
        count(&tmp.pnp_seen);
    } else {
        PSRBEX_DATA_POWER pw = tmp.extended_srb
            ? (PSRBEX_DATA_POWER)SrbGetSrbExDataByType(srb, SrbExDataTypePower) : NULL;
        tmp.power_state = pw ? (uint32_t)pw->DevicePowerState
            : tmp.extended_srb ? 0xFFFFFFFFu : (uint32_t)((PSCSI_POWER_REQUEST_BLOCK)srb)->DevicePowerState;
        count(&tmp.power_seen);
    }
}

static BOOLEAN startio_body(struct tmp_ext *e, PSCSI_REQUEST_BLOCK Srb);

/* Takes the held requests of TARGET (and LUN, unless -1) off the TMP_NEVER queue. */
static PVOID take_held_of(struct tmp_ext *e, UCHAR target, LONG lun, BOOLEAN locked)
{
    PVOID all = q_take_all(e, TMP_NEVER, locked), mine = NULL, *tail = &mine;
    for (PVOID s = all, next; s; s = next) {
        next = srbext(s)->next;
        if (SrbGetTargetId(s) == target && (lun < 0 || SrbGetLun(s) == (UCHAR)lun)) {
            srbext(s)->next = NULL;
            *tail = s;
            tail = &srbext(s)->next;
            count(&tmp.reset_completed);
        } else {
            InterlockedDecrement((LONG volatile *)&tmp.held);   /* q_push counts it again */
            q_push(e, TMP_NEVER, s, locked);
        }
    }
    return mine;
}

/* LUN and target reset SRBs, recorded; tmp.reset_tier says which one really resets (the
 * held requests it covers complete with SRB_STATUS_BUS_RESET) or that both are held and
 * never answered. FALSE: the SRB is held. */
static BOOLEAN reset_request(struct tmp_ext *e, PVOID srb)
{
    BOOLEAN lun = SrbGetSrbFunction(srb) == SRB_FUNCTION_RESET_LOGICAL_UNIT;
    BOOLEAN locked = e->physical && e->half_duplex;
    event(lun ? TMP_EV_RESET_LUN : TMP_EV_RESET_DEVICE);
    if (tmp.reset_tier == TMP_RESET_HANG) {
        in_flight(srb, +1);
        q_push(e, TMP_NEVER, srb, locked);
        return FALSE;
    }
    if (tmp.reset_tier == (lun ? TMP_RESET_BY_LUN : TMP_RESET_BY_TARGET))
        complete_list(e, take_held_of(e, SrbGetTargetId(srb), lun ? (LONG)SrbGetLun(srb) : -1,
                                      locked), TMP_NEVER, SRB_STATUS_BUS_RESET);
    return TRUE;
}

static BOOLEAN tmp_startio(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    struct tmp_ext *e = Ext;
    if (InterlockedIncrement((LONG volatile *)&tmp.startio_active) > 1)
        count(&tmp.startio_overlap);
    BOOLEAN r = startio_body(e, Srb);
    InterlockedDecrement((LONG volatile *)&tmp.startio_active);
    return r;
}

static BOOLEAN startio_body(struct tmp_ext *e, PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR status = SRB_STATUS_SUCCESS;
    count(&tmp.startio_calls);
    check_irql_at_most_dispatch(e);
    check_srb_shape(Srb);
    if (SrbGetSrbStatus(Srb) != SRB_STATUS_PENDING || !SrbGetMiniportContext(Srb))
        count(&tmp.bad_srb);
    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (!answer_now(e, Srb, &status)) {
            start_io_command(e, Srb);
            return TRUE;
        }
        break;
    case SRB_FUNCTION_FLUSH:
        event(TMP_EV_FLUSH);
        break;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
        if (!reset_request(e, Srb))
            return TRUE;
        break;
    case SRB_FUNCTION_PNP:
    case SRB_FUNCTION_POWER:
        note_pnp_power(Srb, SrbGetSrbFunction(Srb));
        break;
    default:
        break;
    }
    SrbSetSrbStatus(Srb, status);
    StorPortNotification(RequestComplete, e, Srb);
    return TRUE;
}

static BOOLEAN tmp_resetbus(PVOID Ext, ULONG PathId)
{
    (void)PathId;
    struct tmp_ext *e = Ext;
    event(TMP_EV_RESET_BUS);
    if (tmp.deaf_reset)
        return TRUE;
    for (LONG m = 0; m < TMP_MODES; m++) {
        PVOID list = q_take_all(e, m, e->physical && e->half_duplex);
        for (PVOID s = list; s; s = srbext(s)->next)
            count(&tmp.reset_completed);
        complete_list(e, list, m, SRB_STATUS_BUS_RESET);
    }
    return TRUE;
}

static BOOLEAN tmp_passive_init(PVOID Ext)
{
    struct tmp_ext *e = Ext;
    KIRQL irql = 0xFF;
    event(TMP_EV_PASSIVE_INIT);
    tmp.passive_irql = StorPortGetCurrentIrql(e, &irql) == STOR_STATUS_SUCCESS ? irql : -1;
    StorPortInitializeDpc(e, &e->dpc, tmp_dpc);
    if (tmp.passive_spin) {
        StorPortNotification(RequestTimerCall, e, tmp_timer, (ULONG)20000);
        for (ULONG waited = 0; !__atomic_load_n(&e->spin_flag, __ATOMIC_ACQUIRE) &&
                               waited < SPIN_LIMIT_US; waited += 1000)
            StorPortStallExecution(1000);
        tmp.passive_timer_fired = __atomic_load_n(&e->spin_flag, __ATOMIC_ACQUIRE);
    }
    event(TMP_EV_PASSIVE_INIT_DONE);
    return TRUE;
}

static VOID probe_dpc(PSTOR_DPC Dpc, PVOID Ext, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)Ext; (void)A1; (void)A2;
    if (InterlockedIncrement((LONG volatile *)&tmp.probe_dpc_running) > 1)
        count(&tmp.probe_dpc_overlap);
    count(&tmp.probe_dpc_runs);
    while (tmp.dpc_spin && !__atomic_load_n(&tmp.dpc_release, __ATOMIC_ACQUIRE))
        __builtin_ia32_pause();
    InterlockedDecrement((LONG volatile *)&tmp.probe_dpc_running);
}

static BOOLEAN tmp_initialize(PVOID Ext)
{
    struct tmp_ext *e = Ext;
    event(TMP_EV_INITIALIZE);
    StorPortInitializeDpc(e, &e->probe_dpc, probe_dpc);
    e->worker_ok = StorPortInitializeWorker(e, &e->worker) == STOR_STATUS_SUCCESS;
    if (!e->worker_ok)
        tmp.worker_unavailable = 1;
    if (tmp.init_fails)
        return FALSE;
    return StorPortEnablePassiveInitialization(e, tmp_passive_init);
}

static void control_list(PSCSI_SUPPORTED_CONTROL_TYPE_LIST list, const int *types, int n)
{
    for (int i = 0; i < n; i++)
        if ((ULONG)types[i] < list->MaxControlType)
            list->SupportedTypeList[types[i]] = TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS tmp_adapter_control(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
                                                       PVOID Parameters)
{
    (void)Ext;
    static const int types[] = {ScsiQuerySupportedControlTypes, ScsiStopAdapter,
                                ScsiRestartAdapter, ScsiAdapterPower,
                                ScsiAdapterPrepareForBusReScan, ScsiAdapterSurpriseRemoval};
    event(TMP_EV_ADAPTER_CONTROL + Type);
    if (Type == ScsiQuerySupportedControlTypes) {
        control_list(Parameters, types, sizeof types / sizeof types[0]);
        if (tmp.no_restart_control)
            ((PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters)->SupportedTypeList[ScsiRestartAdapter] = FALSE;
    }
    return ScsiAdapterControlSuccess;
}

static SCSI_UNIT_CONTROL_STATUS tmp_unit_control(PVOID Ext, SCSI_UNIT_CONTROL_TYPE Type,
                                                 PVOID Parameters)
{
    (void)Ext;
    static const int types[] = {ScsiQuerySupportedUnitControlTypes, ScsiUnitStart, ScsiUnitRemove,
                                ScsiUnitSurpriseRemoval};
    event(TMP_EV_UNIT_CONTROL + Type);
    if (Type == ScsiQuerySupportedUnitControlTypes)
        control_list(Parameters, types, sizeof types / sizeof types[0]);
    return ScsiUnitControlSuccess;
}

static VOID tmp_free_resources(PVOID Ext)
{
    (void)Ext;
    event(TMP_EV_FREE_RESOURCES);
}

/* ---- finding the adapter ---- */

static void configure(struct tmp_ext *e, PPORT_CONFIGURATION_INFORMATION c, BOOLEAN physical)
{
    e->physical = physical;
    e->half_duplex = physical && !tmp.full_duplex;
    c->VirtualDevice = !physical;
    c->MaximumTransferLength = 256 * 1024;
    c->NumberOfPhysicalBreaks = 65;
    c->AlignmentMask = 3;
    c->NumberOfBuses = 1;
    c->MaximumNumberOfTargets = (UCHAR)(tmp.max_targets > tmp.targets ? tmp.max_targets : tmp.targets);
    c->MaximumNumberOfLogicalUnits = (UCHAR)(tmp.max_luns > tmp.luns ? tmp.max_luns : tmp.luns);
    tmp.ext = e;
    c->SynchronizationModel = e->half_duplex ? StorSynchronizeHalfDuplex : StorSynchronizeFullDuplex;
    c->InterruptSynchronizationMode = tmp.per_message ? InterruptSynchronizePerMessage
                                                      : InterruptSynchronizeAll;
    c->HwMSInterruptRoutine = tmp_msi;
    c->BusResetHoldTime = tmp.reset_hold_us ? (ULONG)tmp.reset_hold_us : 100000;
    if (tmp.max_io)
        c->MaxNumberOfIO = (ULONG)tmp.max_io;
}

static ULONG tmp_find_virtual(PVOID Ext, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                              PBOOLEAN Again)
{
    (void)HwContext; (void)BusInformation; (void)LowerDevice; (void)ArgumentString; (void)Again;
    event(TMP_EV_FIND_ADAPTER);
    configure(Ext, ConfigInfo, FALSE);
    return tmp.find_result ? (ULONG)(tmp.find_result - 1) : SP_RETURN_FOUND;
}

static ULONG tmp_find_physical(PVOID Ext, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Reserved3)
{
    (void)HwContext; (void)BusInformation; (void)ArgumentString; (void)Reserved3;
    event(TMP_EV_FIND_ADAPTER);
    if (ConfigInfo->Dma64BitAddresses != SCSI_DMA64_SYSTEM_SUPPORTED)
        count(&tmp.bad_srb);
    configure(Ext, ConfigInfo, TRUE);
    return SP_RETURN_FOUND;
}

/* ---- DriverEntry ---- */

static void fill(HW_INITIALIZATION_DATA *hw, BOOLEAN physical)
{
    memset(hw, 0, sizeof *hw);
    hw->HwInitializationDataSize = sizeof *hw;
    hw->AdapterInterfaceType = physical ? PCIBus : Internal;
    hw->HwInitialize = tmp_initialize;
    hw->HwStartIo = tmp_startio;
    hw->HwInterrupt = tmp_interrupt;
    hw->HwFindAdapter = physical ? (PVOID)tmp_find_physical : (PVOID)tmp_find_virtual;
    hw->HwResetBus = tmp_resetbus;
    hw->HwAdapterControl = tmp_adapter_control;
    hw->HwBuildIo = physical ? tmp_buildio : NULL;
    hw->HwFreeAdapterResources = tmp_free_resources;
    hw->HwUnitControl = tmp_unit_control;
    hw->DeviceExtensionSize = sizeof(struct tmp_ext);
    hw->SpecificLuExtensionSize = 64;
    hw->SrbExtensionSize = sizeof(struct tmp_srbext);
    hw->MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hw->TaggedQueuing = hw->AutoRequestSense = hw->MultipleRequestPerLu = TRUE;
    hw->NumberOfAccessRanges = 1;
    if (tmp.extended_srb)
        hw->SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    if (tmp.extra_io_info)
        hw->FeatureSupport |= STOR_FEATURE_EXTRA_IO_INFORMATION;
}

/* The calls StorPortInitialize must refuse, with what it answered. */
static void init_probes(PVOID a1, PVOID a2)
{
    HW_INITIALIZATION_DATA hw;
    fill(&hw, FALSE);
    tmp.init_status[0] = StorPortInitialize(NULL, a2, &hw, NULL);
    hw.HwInitializationDataSize = 0x40;
    tmp.init_status[1] = StorPortInitialize(a1, a2, &hw, NULL);
    fill(&hw, FALSE);
    hw.HwStartIo = NULL;
    tmp.init_status[2] = StorPortInitialize(a1, a2, &hw, NULL);
    fill(&hw, FALSE);
    hw.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hw.HwFreeAdapterResources = NULL;
    tmp.init_status[3] = StorPortInitialize(a1, a2, &hw, NULL);
    tmp.init_status[4] = StorPortInitialize(a1, a2, NULL, NULL);
}

__attribute__((visibility("default"))) ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hw;
    event(TMP_EV_DRIVER_ENTRY);
    if (!tmp.targets)
        tmp.targets = 1;
    if (!tmp.luns)
        tmp.luns = 1;
    if (tmp.init_probes)
        init_probes(DriverObject, RegistryPath);
    fill(&hw, TRUE);
    ULONG st = StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
    fill(&hw, FALSE);
    if (tmp.virtual_layout)
        hw.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    if (st == STATUS_SUCCESS)
        st = StorPortInitialize(DriverObject, RegistryPath, &hw, NULL);
    tmp.init_status_good = st;
    return st;
}

/* ---- entry points for the test thread ---- */

static PVOID first_held(struct tmp_ext *e)
{
    return e->q[TMP_NEVER].head;
}

__attribute__((visibility("default"))) int tmp_release_all(void)
{
    struct tmp_ext *e = tmp.ext;
    int n = 0;
    PVOID list = q_take_all(e, TMP_NEVER, FALSE);
    for (PVOID s = list; s; s = srbext(s)->next)
        n++;
    complete_list(e, list, TMP_NEVER, SRB_STATUS_SUCCESS);
    return n;
}

static int64_t release_one(struct tmp_ext *e, BOOLEAN twice)
{
    STOR_LOCK_HANDLE h;
    StorPortAcquireSpinLock(e, InterruptLock, NULL, &h);
    PVOID srb = e->q[TMP_NEVER].head;
    if (srb) {
        e->q[TMP_NEVER].head = srbext(srb)->next;
        if (!e->q[TMP_NEVER].head)
            e->q[TMP_NEVER].tail = NULL;
    }
    StorPortReleaseSpinLock(e, &h);
    if (!srb)
        return 0;
    InterlockedDecrement((LONG volatile *)&tmp.held);
    complete(e, srb, TMP_NEVER, SRB_STATUS_SUCCESS);
    if (twice)
        StorPortNotification(RequestComplete, e, srb);
    return 1;
}

static VOID state_changed(PVOID Ext, PVOID Context, SHORT AddressType, PVOID Address, ULONG Status)
{
    (void)Ext; (void)Context; (void)AddressType; (void)Address;
    tmp.state_change_status = Status;
    count(&tmp.state_change_calls);
}

static int64_t lock_probe(struct tmp_ext *e, STOR_SPINLOCK kind)
{
    STOR_LOCK_HANDLE h;
    StorPortAcquireSpinLock(e, kind, kind == DpcLock ? (PVOID)&e->probe_dpc : NULL, &h);
    if (InterlockedIncrement((LONG volatile *)&tmp.lock_inside) > 1)
        count(&tmp.lock_overlap);
    for (volatile int i = 0; i < 200; i++)
        ;
    InterlockedDecrement((LONG volatile *)&tmp.lock_inside);
    StorPortReleaseSpinLock(e, &h);
    return 1;
}

static int64_t request_info(struct tmp_ext *e)
{
    PVOID srb = first_held(e);
    STOR_REQUEST_INFO info;
    if (!srb)
        return -1;
    memset(&info, 0xCC, sizeof info);
    info.Version = STOR_REQUEST_INFO_VER_2;
    ULONG st = StorPortGetRequestInfo(e, srb, &info);
    if (st != STOR_STATUS_SUCCESS)
        return -(int64_t)st;
    return info.Size == sizeof info && info.Length == SrbGetDataTransferLength(srb) &&
           !info.IsWriteRequest && info.FileName == NULL;
}

static int64_t perf_params(struct tmp_ext *e)
{
    PVOID srb = first_held(e);
    STARTIO_PERFORMANCE_PARAMETERS_V2 p;
    if (!srb)
        return -1;
    memset(&p, 0xCC, sizeof p);
    p.Version = 1;
    p.Size = sizeof p;
    ULONG st = StorPortGetStartIoPerfParams(e, srb, (PSTARTIO_PERFORMANCE_PARAMETERS)&p);
    if (st != STOR_STATUS_SUCCESS)
        return -(int64_t)st;
    return p.ChannelNumber == 0 && p.MessageNumber == 0 && p.InitiatingProcessor.Reserved == 0;
}

static int64_t notify(struct tmp_ext *e, int64_t type)
{
    LARGE_INTEGER tick;
    PVOID table = (PVOID)1;
    ULONG st = 0xFFFFFFFF;
    STOR_ADDR_BTL8 addr = {STOR_ADDRESS_TYPE_BTL8, 0, STOR_ADDR_BTL8_ADDRESS_LENGTH, 0, 0, 0, 0};
    switch (type) {
    case QueryTickCount:
        tick.QuadPart = -1;
        StorPortNotification(QueryTickCount, e, &tick);
        return tick.QuadPart;
    case GetExtendedFunctionTable:
        StorPortNotification(GetExtendedFunctionTable, e, &table);
        return table == NULL;
    case NextLuRequest:
        StorPortNotification(NextLuRequest, e, 0, 0, 0);
        return 1;
    case WMIEvent:
        StorPortNotification(WMIEvent, e, NULL, 0xFF, 0, 0);
        return 1;
    case WMIReregister:
        StorPortNotification(WMIReregister, e, 0xFF, 0, 0);
        return 1;
    case AsyncNotificationDetected:
        return StorPortAsyncNotificationDetected(e, (PSTOR_ADDRESS)&addr, 1);
    case MarkDeviceFailed:
        StorPortMarkDeviceFailed(e, (PSTOR_ADDRESS)&addr, 0, NULL);
        return 1;
    case MarkDeviceFailedEx:
        return StorPortMarkDeviceFailedEx(e, (PSTOR_ADDRESS)&addr, 0, 0, NULL, 0, NULL, 0, NULL);
    case IoTargetRequestServiceTime:
        StorPortNotification(IoTargetRequestServiceTime, e, (ULONGLONG)100, NULL);
        return 1;
    default:
        StorPortNotification((SCSI_NOTIFICATION_TYPE)type, e);
        return st != 0;
    }
}

static VOID context_dpc_routine(PSTOR_DPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)A2;
    if (Context == (PVOID)0x5EED && A1 == (PVOID)0xA1)
        count(&tmp.context_dpc_ok);
}

/* Initializes the context DPC the way KIND says (0: WithContext, 1: Threaded) and
 * issues it. */
static int64_t context_dpc(struct tmp_ext *e, int64_t kind)
{
    if (kind == 0)
        StorPortInitializeDpcWithContext(e, &e->context_dpc, context_dpc_routine, (PVOID)0x5EED, 1);
    else
        StorPortInitializeThreadedDpc(e, &e->context_dpc, context_dpc_routine, (PVOID)0x5EED, TRUE);
    return StorPortIssueDpc(e, &e->context_dpc, (PVOID)0xA1, NULL);
}

/* ---- guest errors ---- */

static int64_t complete_foreign(struct tmp_ext *e)
{
    SCSI_REQUEST_BLOCK srb;
    memset(&srb, 0, sizeof srb);
    srb.Length = sizeof srb;
    srb.SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, e, &srb);
    return 1;
}

/* Completes the first held request with SRB_STATUS_PENDING (a verifier violation). */
static int64_t complete_pending(struct tmp_ext *e)
{
    PVOID srb = q_take_all(e, TMP_NEVER, FALSE);
    if (!srb)
        return 0;
    int64_t n = 0;
    while (srb) {
        PVOID next = srbext(srb)->next;
        InterlockedDecrement((LONG volatile *)&tmp.held);
        in_flight(srb, -1);
        SrbSetSrbStatus(srb, SRB_STATUS_PENDING);
        StorPortNotification(RequestComplete, e, srb);
        srb = next;
        n++;
    }
    return n;
}

static int64_t issue_uninitialized_dpc(struct tmp_ext *e)
{
    STOR_DPC dpc;
    memset(&dpc, 0, sizeof dpc);
    return StorPortIssueDpc(e, &dpc, NULL, NULL);
}

static int64_t release_unacquired(struct tmp_ext *e)
{
    STOR_LOCK_HANDLE h;
    memset(&h, 0, sizeof h);
    StorPortReleaseSpinLock(e, &h);
    return 1;
}

static int64_t get_srb_held(struct tmp_ext *e)
{
    PVOID srb = first_held(e);
    if (!srb)
        return -1;
    PSCSI_REQUEST_BLOCK found = StorPortGetSrb(e, SrbGetPathId(srb), SrbGetTargetId(srb),
                                               SrbGetLun(srb), (LONG)SrbGetQueueTag(srb));
    return (PVOID)found == srb;
}

static int64_t call_queue_ops(struct tmp_ext *e, int op, int64_t a, int64_t b, int64_t c)
{
    switch (op) {
    case TMP_OP_BUSY: return StorPortBusy(e, (ULONG)a);
    case TMP_OP_READY: return StorPortReady(e);
    case TMP_OP_DEVICE_BUSY: return StorPortDeviceBusy(e, 0, (UCHAR)a, (UCHAR)b, (ULONG)c);
    case TMP_OP_DEVICE_READY: return StorPortDeviceReady(e, 0, (UCHAR)a, (UCHAR)b);
    case TMP_OP_PAUSE: return StorPortPause(e, (ULONG)a);
    case TMP_OP_RESUME: return StorPortResume(e);
    case TMP_OP_PAUSE_DEVICE: return StorPortPauseDevice(e, 0, (UCHAR)a, (UCHAR)b, (ULONG)c);
    case TMP_OP_RESUME_DEVICE: return StorPortResumeDevice(e, 0, (UCHAR)a, (UCHAR)b);
    default: return -1000;
    }
}

__attribute__((visibility("default"))) int64_t tmp_call(int op, int64_t a, int64_t b, int64_t c,
                                                        int64_t d)
{
    struct tmp_ext *e = tmp.ext;
    switch (op) {
    case TMP_OP_BUS_CHANGE: StorPortNotification(BusChangeDetected, e, 0); return 1;
    case TMP_OP_STATE_CHANGE:
        return StorPortStateChangeDetected(e, STATE_CHANGE_LUN, NULL, 0, state_changed, NULL);
    case TMP_OP_COMPLETE_REQUEST:
        q_take_all(e, TMP_NEVER, FALSE);   /* the port completes them; forget them */
        __atomic_store_n(&tmp.held, 0, __ATOMIC_RELAXED);
        StorPortCompleteRequest(e, (UCHAR)a, (UCHAR)b, (UCHAR)c, (UCHAR)d);
        return 1;
    case TMP_OP_GET_SRB_HELD: return get_srb_held(e);
    case TMP_OP_ISSUE_PROBE_DPC: return StorPortIssueDpc(e, &e->probe_dpc, NULL, NULL);
    case TMP_OP_LOCK: return lock_probe(e, (STOR_SPINLOCK)a);
    case TMP_OP_NOTIFY: return notify(e, a);
    case TMP_OP_REQUEST_INFO: return request_info(e);
    case TMP_OP_PERF_PARAMS: return perf_params(e);
    case TMP_OP_EXTFN: return StorPortExtendedFunction((STORPORT_FUNCTION_CODE)a, e);
    case TMP_OP_GET_LOGICAL_UNIT: return StorPortGetLogicalUnit(e, 0, (UCHAR)a, (UCHAR)b) != NULL;
    case TMP_OP_ENABLE_PASSIVE: return StorPortEnablePassiveInitialization(e, tmp_passive_init);
    case TMP_OP_RELEASE_ONE: return release_one(e, FALSE);
    case TMP_OP_DOUBLE_COMPLETE: return release_one(e, TRUE);
    case TMP_OP_CONTEXT_DPC: return context_dpc(e, a);
    case TMP_OP_COMPLETE_FOREIGN: return complete_foreign(e);
    case TMP_OP_COMPLETE_PENDING: return complete_pending(e);
    case TMP_OP_ISSUE_UNINIT_DPC: return issue_uninitialized_dpc(e);
    case TMP_OP_RELEASE_UNACQUIRED: return release_unacquired(e);
    default:
        if (op >= TMP_OP_EXEC_FIRST)
            return tmp_call_exec(e, op, a, b);
        return call_queue_ops(e, op, a, b, c);
    }
}
