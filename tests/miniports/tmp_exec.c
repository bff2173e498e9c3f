/*
 * The test miniport's probes of the execution-context routines, run on request of
 * the test thread (tmp_call): StorPort timers and work items (their callbacks record
 * how and where they ran), processor and NUMA queries, time, the current IRQL, and
 * the interrupt routines (GetMSIInfo, MSI locks, SynchronizeAccess, CancelDpc).
 */
#include <ntddk.h>
#include <storport.h>

#include "tmp_internal.h"

static VOID probe_timer_fired(PVOID Ext, PVOID Context)
{
    KIRQL irql = 0xFF;
    if (Context == (PVOID)0x7133)
        count(&tmp.timer_ex_ctx_ok);
    if (StorPortGetCurrentIrql(Ext, &irql) == STOR_STATUS_SUCCESS)
        __atomic_store_n(&tmp.timer_ex_irql, irql, __ATOMIC_RELAXED);
    count(&tmp.timer_ex_fired);
}

static VOID probe_work(PVOID Ext, PVOID Context, PVOID Worker)
{
    struct tmp_ext *e = Ext;
    KIRQL irql = 0xFF;
    if (InterlockedIncrement((LONG volatile *)&tmp.work_running) > 1)
        count(&tmp.work_overlap);
    if (Context == (PVOID)0xC0DE && Worker == e->probe_worker)
        count(&tmp.work_arg_ok);
    if (StorPortGetCurrentIrql(Ext, &irql) == STOR_STATUS_SUCCESS)
        __atomic_store_n(&tmp.work_irql, irql, __ATOMIC_RELAXED);
    count(&tmp.work_runs);
    while (tmp.work_spin && !__atomic_load_n(&tmp.work_release, __ATOMIC_ACQUIRE))
        StorPortStallExecution(100);
    InterlockedDecrement((LONG volatile *)&tmp.work_running);
}

static int64_t timers_workers(struct tmp_ext *e, int op, int64_t a)
{
    switch (op) {
    case TMP_OP_TIMER_INIT: return StorPortInitializeTimer(e, &e->probe_timer);
    case TMP_OP_TIMER_REQUEST:
        return StorPortRequestTimer(e, e->probe_timer, probe_timer_fired, (PVOID)0x7133,
                                    (ULONGLONG)a, 0);
    case TMP_OP_TIMER_FREE: return StorPortFreeTimer(e, e->probe_timer);
    case TMP_OP_WORKER_INIT: return StorPortInitializeWorker(e, &e->probe_worker);
    case TMP_OP_WORKER_QUEUE:
        return StorPortQueueWorkItem(e, probe_work, e->probe_worker, (PVOID)0xC0DE);
    case TMP_OP_WORKER_FREE: return StorPortFreeWorker(e, e->probe_worker);
    default: return -1000;
    }
}

/* Values are returned as they are; a failing status as its negation. */
#define VALUE_OR_STATUS(st, v) ((st) == STOR_STATUS_SUCCESS ? (int64_t)(v) : -(int64_t)(st))

static int64_t relationship(struct tmp_ext *e, int64_t rel)
{
    ULONG len = 0;
    ULONG st = StorPortGetLogicalProcessorRelationship(e, NULL, (LOGICAL_PROCESSOR_RELATIONSHIP)rel,
                                                       NULL, &len);
    if (st != STOR_STATUS_BUFFER_TOO_SMALL || len == 0 || len > 65536)
        return -1;
    UCHAR *buf = malloc(len);
    st = StorPortGetLogicalProcessorRelationship(e, NULL, (LOGICAL_PROCESSOR_RELATIONSHIP)rel,
                                                 (PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX)buf, &len);
    int64_t records = 0;
    for (ULONG off = 0; st == STOR_STATUS_SUCCESS && off + 8 <= len; records++) {
        ULONG size = *(ULONG *)(buf + off + 4);
        if (*(ULONG *)(buf + off) != (ULONG)rel || size < 8)
            break;
        off += size;
    }
    free(buf);
    return st == STOR_STATUS_SUCCESS ? records : -(int64_t)st;
}

static int64_t processors(struct tmp_ext *e, int op, int64_t a)
{
    ULONG u = 0;
    USHORT us = 0;
    KAFFINITY mask = 0;
    GROUP_AFFINITY ga;
    PROCESSOR_NUMBER pn;
    ULONG st;
    switch (op) {
    case TMP_OP_PROC_COUNT: st = StorPortGetProcessorCount(e, &u); return VALUE_OR_STATUS(st, u);
    case TMP_OP_GROUP_COUNT: st = StorPortGetActiveGroupCount(e, &us); return VALUE_OR_STATUS(st, us);
    case TMP_OP_GROUP_AFFINITY:
        st = StorPortGetGroupAffinity(e, (USHORT)a, &mask);
        return VALUE_OR_STATUS(st, mask);
    case TMP_OP_NODE_COUNT: st = StorPortGetActiveNodeCount(e, &u); return VALUE_OR_STATUS(st, u);
    case TMP_OP_NODE_AFFINITY:
        st = StorPortGetNodeAffinity(e, (ULONG)a, &ga);
        return VALUE_OR_STATUS(st, ga.Mask);
    case TMP_OP_HIGHEST_NODE: st = StorPortGetHighestNodeNumber(e, &u); return VALUE_OR_STATUS(st, u);
    case TMP_OP_CURRENT_PROCESSOR:
        st = StorPortGetCurrentProcessorNumber(e, &pn);
        if (st == STOR_STATUS_SUCCESS && StorPortGetProcessorIndexFromNumber(e, &pn, &u) != STOR_STATUS_SUCCESS)
            return -2;
        return VALUE_OR_STATUS(st, u);
    case TMP_OP_RELATIONSHIP: return relationship(e, a);
    default: return -1000;
    }
}

static int64_t time_and_irql(struct tmp_ext *e, int op, int64_t a)
{
    LARGE_INTEGER t, f;
    KIRQL irql = 0xFF;
    ULONG st;
    switch (op) {
    case TMP_OP_SYSTEM_TIME: StorPortQuerySystemTime(&t); return t.QuadPart;
    case TMP_OP_PERF_COUNTER:
        st = StorPortQueryPerformanceCounter(e, &f, &t);
        tmp.perf_frequency = f.QuadPart;
        return VALUE_OR_STATUS(st, t.QuadPart);
    case TMP_OP_IRQL: st = StorPortGetCurrentIrql(e, &irql); return VALUE_OR_STATUS(st, irql);
    case TMP_OP_DELAY: return StorPortDelayExecution(e, (ULONG)a);
    default: return -1000;
    }
}

/* ---- interrupt routines ---- */

static BOOLEAN sync_routine(PVOID Ext, PVOID Context)
{
    (void)Ext;
    if (InterlockedIncrement((LONG volatile *)&tmp.lock_inside) > 1)
        count(&tmp.lock_overlap);
    for (volatile int i = 0; i < 200; i++)
        ;
    InterlockedDecrement((LONG volatile *)&tmp.lock_inside);
    return Context == (PVOID)0x5C;
}

static int64_t msi_lock(struct tmp_ext *e, ULONG msg)
{
    ULONG old = 0;
    ULONG st = StorPortAcquireMSISpinLock(e, msg, &old);
    if (st != STOR_STATUS_SUCCESS)
        return -(int64_t)st;
    if (InterlockedIncrement((LONG volatile *)&tmp.lock_inside) > 1)
        count(&tmp.lock_overlap);
    for (volatile int i = 0; i < 200; i++)
        ;
    InterlockedDecrement((LONG volatile *)&tmp.lock_inside);
    return StorPortReleaseMSISpinLock(e, msg, old) == STOR_STATUS_SUCCESS;
}

static int64_t interrupts(struct tmp_ext *e, int op, int64_t a)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    BOOLEAN removed = TRUE;
    ULONG st;
    switch (op) {
    case TMP_OP_MSI_INFO:
        memset(&info, 0xCC, sizeof info);
        st = StorPortGetMSIInfo(e, (ULONG)a, &info);
        return st == STOR_STATUS_SUCCESS ? info.MessageId == (ULONG)a && info.InterruptMode == Latched
                                         : -(int64_t)st;
    case TMP_OP_MSI_LOCK: return msi_lock(e, (ULONG)a);
    case TMP_OP_SYNC_ACCESS: return StorPortSynchronizeAccess(e, sync_routine, (PVOID)0x5C);
    case TMP_OP_CANCEL_DPC:
        st = StorPortCancelDpc(e, &e->probe_dpc, &removed);
        return VALUE_OR_STATUS(st, removed);
    default: return -1000;
    }
}

int64_t tmp_call_exec(struct tmp_ext *e, int op, int64_t a, int64_t b)
{
    (void)b;
    if (op <= TMP_OP_WORKER_FREE)
        return timers_workers(e, op, a);
    if (op <= TMP_OP_RELATIONSHIP)
        return processors(e, op, a);
    if (op <= TMP_OP_DELAY)
        return time_and_irql(e, op, a);
    return interrupts(e, op, a);
}
