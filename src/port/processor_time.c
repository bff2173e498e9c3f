/*
 * The StorPort routines about time and processors, over the execution engine:
 * StorPortStallExecution (really waits; other threads keep running),
 * StorPortDelayExecution, StorPortQuerySystemTime, StorPortQueryPerformanceCounter,
 * StorPortGetCurrentIrql, and the processor and NUMA queries, which report the CPUs
 * this process may run on, numbered as Windows numbers them (exec.h).
 */
#include <errno.h>
#include <string.h>

#include "port/exec.h"
#include "port/port_internal.h"

#define STALL_VERIFIER_US 100000u   /* verifier 0x2001: a stall longer than 0.1 s */

STORPORT_API VOID StorPortStallExecution(ULONG Delay)
{
    if (Delay > STALL_VERIFIER_US)
        port_guest(NULL, "StorPortStallExecution(%u us) stalls longer than 0.1 s", Delay);
    exec_stall_us(Delay);
}

STORPORT_API VOID StorPortQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    if (CurrentTime)
        CurrentTime->QuadPart = exec_system_time();
}

static ULONG ext_delay(PVOID ext, va_list *ap)
{
    (void)ext;
    exec_delay_us(va_arg(*ap, ULONG));
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionDelayExecution, ext_delay);

static ULONG ext_perf_counter(PVOID ext, va_list *ap)
{
    (void)ext;
    PLARGE_INTEGER freq = va_arg(*ap, PLARGE_INTEGER);
    PLARGE_INTEGER counter = va_arg(*ap, PLARGE_INTEGER);
    int64_t f = 0, c = exec_perf_counter(&f);
    if (!counter)
        return STOR_STATUS_INVALID_PARAMETER;
    counter->QuadPart = c;
    if (freq)
        freq->QuadPart = f;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionQueryPerformanceCounter, ext_perf_counter);

static ULONG ext_current_irql(PVOID ext, va_list *ap)
{
    (void)ext;
    PKIRQL irql = va_arg(*ap, PKIRQL);
    if (!irql)
        return STOR_STATUS_INVALID_PARAMETER;
    *irql = exec_irql_get();
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetCurrentIrql, ext_current_irql);

/* ---- processors ---- */

static void procnum_out(PPROCESSOR_NUMBER out, const struct exec_procnum *n)
{
    out->Group = n->group;
    out->Number = n->number;
    out->Reserved = 0;
}

static ULONG ext_current_processor(PVOID ext, va_list *ap)
{
    (void)ext;
    PPROCESSOR_NUMBER out = va_arg(*ap, PPROCESSOR_NUMBER);
    struct exec_procnum n;
    if (!out)
        return STOR_STATUS_INVALID_PARAMETER;
    exec_cpu_current(exec_topology(), &n);
    procnum_out(out, &n);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetCurrentProcessorNumber, ext_current_processor);

static ULONG ext_current_processor_index(PVOID ext, va_list *ap)
{
    (void)ext;
    PULONG out = va_arg(*ap, PULONG);
    if (!out)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = exec_cpu_current(exec_topology(), NULL);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetCurrentProcessorIndex, ext_current_processor_index);

static ULONG ext_processor_count(PVOID ext, va_list *ap)
{
    (void)ext;
    PULONG out = va_arg(*ap, PULONG);
    if (!out)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = exec_topology()->ncpu;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetProcessorCount, ext_processor_count);

static ULONG ext_index_from_number(PVOID ext, va_list *ap)
{
    (void)ext;
    PPROCESSOR_NUMBER num = va_arg(*ap, PPROCESSOR_NUMBER);
    PULONG out = va_arg(*ap, PULONG);
    if (!num || !out)
        return STOR_STATUS_INVALID_PARAMETER;
    struct exec_procnum n = {.group = num->Group, .number = num->Number};
    int idx = exec_cpu_index(exec_topology(), &n);
    if (idx < 0)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = (ULONG)idx;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetProcessorIndexFromNumber, ext_index_from_number);

static ULONG ext_group_count(PVOID ext, va_list *ap)
{
    (void)ext;
    PUSHORT out = va_arg(*ap, PUSHORT);
    if (!out)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = exec_topology()->ngroups;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetActiveGroupCount, ext_group_count);

static ULONG ext_group_affinity(PVOID ext, va_list *ap)
{
    (void)ext;
    USHORT group = (USHORT)va_arg(*ap, int);
    PKAFFINITY out = va_arg(*ap, PKAFFINITY);
    uint64_t mask = 0;
    if (!out || exec_cpu_group_affinity(exec_topology(), group, &mask) < 0)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = (KAFFINITY)mask;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetGroupAffinity, ext_group_affinity);

static ULONG ext_node_count(PVOID ext, va_list *ap)
{
    (void)ext;
    PULONG out = va_arg(*ap, PULONG);
    if (!out)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = exec_topology()->nnodes;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetActiveNodeCount, ext_node_count);

static ULONG ext_node_affinity(PVOID ext, va_list *ap)
{
    (void)ext;
    ULONG node = va_arg(*ap, ULONG);
    PGROUP_AFFINITY out = va_arg(*ap, PGROUP_AFFINITY);
    uint64_t mask = 0;
    uint16_t group = 0;
    if (!out || exec_cpu_node_affinity(exec_topology(), node, &mask, &group) < 0)
        return STOR_STATUS_INVALID_PARAMETER;
    memset(out, 0, sizeof *out);
    out->Mask = (KAFFINITY)mask;
    out->Group = group;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetNodeAffinity, ext_node_affinity);

static ULONG ext_highest_node(PVOID ext, va_list *ap)
{
    (void)ext;
    PULONG out = va_arg(*ap, PULONG);
    if (!out)
        return STOR_STATUS_INVALID_PARAMETER;
    *out = exec_cpu_highest_node(exec_topology());
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetHighestNodeNumber, ext_highest_node);

static ULONG ext_processor_relationship(PVOID ext, va_list *ap)
{
    (void)ext;
    PPROCESSOR_NUMBER num = va_arg(*ap, PPROCESSOR_NUMBER);
    LOGICAL_PROCESSOR_RELATIONSHIP rel = (LOGICAL_PROCESSOR_RELATIONSHIP)va_arg(*ap, int);
    PVOID buf = va_arg(*ap, PVOID);
    PULONG length = va_arg(*ap, PULONG);
    if (!length)
        return STOR_STATUS_INVALID_PARAMETER;
    struct exec_procnum n = {.group = num ? num->Group : 0, .number = num ? num->Number : 0};
    uint32_t len = *length;
    int rc = exec_cpu_relationship(exec_topology(), num ? &n : NULL, (uint32_t)rel & 0xFFFFu,
                                   buf, &len);
    *length = len;
    if (rc == -ENOSPC)
        return STOR_STATUS_BUFFER_TOO_SMALL;
    return rc < 0 ? STOR_STATUS_INVALID_PARAMETER : STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetLogicalProcessorRelationship, ext_processor_relationship);
