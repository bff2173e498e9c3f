/*
 * stortrce.h - the storage tracing interface WPP-enabled Storport miniports
 * include: STORAGE_TRACE_INIT_INFO, which a miniport's WPP initialisation
 * fills in, and its cleanup callback type (fields per the stortrce DDI
 * reference).  The StorInitTracing family of routines is left out; ustorport
 * builds miniports with WPP off or stubbed.
 */
#ifndef USTOR_STORTRCE_H
#define USTOR_STORTRCE_H

#include "ustor/nt_base.h"
#include "evntrace.h"

typedef VOID STOR_CLEANUP_TRACING(PVOID Arg1);
typedef STOR_CLEANUP_TRACING *PSTOR_CLEANUP_TRACING;

typedef struct _STORAGE_TRACE_INIT_INFO {
    ULONG Size;
    ULONG NumDiagEventRecords;
    ULONG DiagEventRecordUserDataSize;
    ULONG NumErrorLogRecords;
    GUID TraceGuid;
    PSTOR_CLEANUP_TRACING TraceCleanupRoutine;
    PVOID DriverObject;
    PVOID TraceContext;
} STORAGE_TRACE_INIT_INFO, *PSTORAGE_TRACE_INIT_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_TRACE_INIT_INFO) == 56);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_TRACE_INIT_INFO, TraceGuid) == 16);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_TRACE_INIT_INFO, TraceCleanupRoutine) == 32);

#endif /* USTOR_STORTRCE_H */
