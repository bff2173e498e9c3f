/* Kernel and C-runtime routines that Windows miniports call beyond Storport:
 * debug output in the MSVC printf dialect, bug checks, bounded copies, 16-bit
 * wide strings, stalls, the IRQL and processor counts. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include "ustor/nt_crt.h"
#include "common/log.h"
#include "common/msfmt.h"
#include "port/exec.h"

#define ALL_PROCESSOR_GROUPS_VALUE 0xffff

ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format,
                            va_list arglist)
{
    (void)ComponentId;
    ulog_miniport_v(Prefix && *Prefix ? Prefix : "miniport", Level, Format, arglist);
    return 0; /* STATUS_SUCCESS */
}

ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
    return vDbgPrintExWithPrefix(NULL, ComponentId, Level, Format, arglist);
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    va_list ap;
    va_start(ap, Format);
    ULONG status = vDbgPrintExWithPrefix(NULL, ComponentId, Level, Format, ap);
    va_end(ap);
    return status;
}

/* DbgPrint has no level: Windows shows it as an error-level message. */
ULONG DbgPrint(PCSTR Format, ...)
{
    va_list ap;
    va_start(ap, Format);
    ULONG status = vDbgPrintExWithPrefix(NULL, 0, 0, Format, ap);
    va_end(ap);
    return status;
}

/* A miniport that bug-checks has declared the machine unusable; stop the host
 * with the code and parameters, as the real system would. */
static _Noreturn void bug_check(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3,
                                ULONG_PTR p4, void *caller)
{
    char where[128];
    ulog_guest(ULOG_ERROR, "KeBugCheckEx(0x%08X, 0x%lX, 0x%lX, 0x%lX, 0x%lX) from %s: stopping",
               code, p1, p2, p3, p4, ulog_describe_code(caller, where, sizeof where));
    fflush(NULL);
    abort();
}

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                        ULONG_PTR P4)
{
    bug_check(BugCheckCode, P1, P2, P3, P4, __builtin_return_address(0));
}

VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
    bug_check(BugCheckCode, 0, 0, 0, 0, __builtin_return_address(0));
}

VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds)
{
    exec_stall_us(MicroSeconds);
}

KIRQL NTAPI KeGetCurrentIrql(VOID)
{
    return (KIRQL)exec_irql_get();
}

static ULONG processors_in_group(USHORT group)
{
    const struct exec_topology *t = exec_topology();
    if (group == ALL_PROCESSOR_GROUPS_VALUE)
        return t->ncpu;
    return group < t->ngroups ? t->group_size[group] : 0;
}

ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
    return processors_in_group(GroupNumber);
}

/* Processors do not come and go here: the maximum is the active count. */
ULONG KeQueryMaximumProcessorCountEx(USHORT GroupNumber)
{
    return processors_in_group(GroupNumber);
}

errno_t memcpy_s(void *dest, rsize_t destsz, const void *src, rsize_t count)
{
    if (count == 0)
        return 0;
    if (!dest)
        return EINVAL;
    if (!src || count > destsz) {
        memset(dest, 0, destsz);
        return src ? ERANGE : EINVAL;
    }
    memcpy(dest, src, count);
    return 0;
}

errno_t memmove_s(void *dest, rsize_t destsz, const void *src, rsize_t count)
{
    if (count == 0)
        return 0;
    if (!dest || !src)
        return EINVAL;
    if (count > destsz)
        return ERANGE;
    memmove(dest, src, count);
    return 0;
}

size_t ustor_wcslen16(const unsigned short *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* MSVC semantics: the text and a NUL when it fits; COUNT characters and no NUL
 * when it fills the buffer exactly (returns COUNT) or is longer (returns -1). */
int _vsnprintf(char *buffer, size_t count, const char *format, va_list args)
{
    va_list measure;
    va_copy(measure, args);
    char probe;
    size_t need = msfmt_vformat(&probe, 1, format, measure);
    va_end(measure);
    if (need < count) {
        msfmt_vformat(buffer, count, format, args);
        return (int)need;
    }
    char *full = malloc(need + 1); /* truncation only: not the common path */
    if (!full)
        return -1;
    msfmt_vformat(full, need + 1, format, args);
    memcpy(buffer, full, count);
    free(full);
    return need == count ? (int)need : -1;
}
