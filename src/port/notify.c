/*
 * StorPortNotification: one dispatcher for every SCSI_NOTIFICATION_TYPE of
 * storport-facts.md §3, so that the inline wrappers (InitializeDpc, AcquireSpinLock,
 * StateChangeDetected...) and binary miniports reach the same code. Arguments are
 * read in the documented order; UCHAR/BOOLEAN ones arrive promoted to int.
 * A type with nothing to do here (WMI, tracing, telemetry) is accepted and logged;
 * an unknown type is a guest error that changes nothing.
 */
#include <stdarg.h>
#include <string.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define UCHAR_ARG(ap) ((UCHAR)va_arg(ap, int))
#define LINK_DOWN_TIMEOUT_S 30ull   /* LinkDownTimeoutValue's default */

static void accepted(struct ustor_adapter *a, const char *what)
{
    port_log_debug(a, "StorPortNotification(%s): accepted, nothing to do here", what);
}

static void n_request_complete(struct ustor_adapter *a, va_list *ap)
{
    port_request_complete(a, va_arg(*ap, PVOID));
}

static void n_next_lu_request(struct ustor_adapter *a, va_list *ap)
{
    UCHAR p = UCHAR_ARG(*ap), t = UCHAR_ARG(*ap), l = UCHAR_ARG(*ap);
    port_log_debug(a, "NextLuRequest(%u,%u,%u): ignored, as Storport does", p, t, l);
}

static void n_timer_call(struct ustor_adapter *a, va_list *ap)
{
    PHW_TIMER routine = va_arg(*ap, PHW_TIMER);
    ULONG us = va_arg(*ap, ULONG);
    port_timer_call(a, routine, us);
}

static void n_bus_change(struct ustor_adapter *a, va_list *ap)
{
    (void)ap;   /* the optional PathId: every bus is rescanned */
    port_log_info(a, "BusChangeDetected: rescanning");
    port_request_rescan(a);
}

static void n_wmi_event(struct ustor_adapter *a, va_list *ap)
{
    PVOID ev = va_arg(*ap, PVOID);
    UCHAR p = UCHAR_ARG(*ap);
    port_log_debug(a, "WMIEvent %p for path %u: no WMI here, dropped", ev, p);
}

static void n_link(struct ustor_adapter *a, bool up)
{
    pthread_mutex_lock(&a->qlock);
    if (up) {
        if (!a->link_down)
            port_guest(a, "LinkUp without a LinkDown");
        a->link_down = a->paused = false;
        a->pause_until_ns = 0;
    } else {   /* held until LinkUp or LinkDownTimeoutValue */
        a->link_down = a->paused = true;
        a->pause_until_ns = port_now_ns() + LINK_DOWN_TIMEOUT_S * 1000000000ull;
    }
    pthread_mutex_unlock(&a->qlock);
    port_log_info(a, "Link%s", up ? "Up: I/O resumes" : "Down: I/O held");
    if (up)
        port_kick_later(a);
}

static void n_query_tick_count(va_list *ap)
{
    PLARGE_INTEGER tick = va_arg(*ap, PLARGE_INTEGER);
    if (tick)
        tick->QuadPart = (LONGLONG)exec_tick_count();
}

static void n_extended_function_table(struct ustor_adapter *a, va_list *ap)
{
    PVOID *table = va_arg(*ap, PVOID *);
    if (table)
        *table = NULL;   /* the obsolete path: miniports fall back to the routines */
    accepted(a, "GetExtendedFunctionTable");
}

static void n_enable_passive(struct ustor_adapter *a, va_list *ap)
{
    PHW_PASSIVE_INITIALIZE_ROUTINE routine = va_arg(*ap, PHW_PASSIVE_INITIALIZE_ROUTINE);
    PLONG ok = va_arg(*ap, PLONG);
    bool r = port_enable_passive_init(a, routine);
    if (ok)
        *ok = r;
}

static void n_initialize_dpc(struct ustor_adapter *a, va_list *ap, bool with_context)
{
    PSTOR_DPC dpc = va_arg(*ap, PSTOR_DPC);
    PHW_DPC_ROUTINE routine = va_arg(*ap, PHW_DPC_ROUTINE);
    PVOID ctx = with_context ? va_arg(*ap, PVOID) : a->devext;
    port_dpc_initialize(a, dpc, routine, ctx);
}

static void n_issue_dpc(struct ustor_adapter *a, va_list *ap)
{
    PSTOR_DPC dpc = va_arg(*ap, PSTOR_DPC);
    PVOID a1 = va_arg(*ap, PVOID), a2 = va_arg(*ap, PVOID);
    PLONG ok = va_arg(*ap, PLONG);
    BOOLEAN r = port_dpc_issue(a, dpc, a1, a2);
    if (ok)
        *ok = r;
}

static void n_acquire(struct ustor_adapter *a, va_list *ap, const void *caller)
{
    STOR_SPINLOCK kind = (STOR_SPINLOCK)va_arg(*ap, int);
    PVOID ctx = va_arg(*ap, PVOID);
    PSTOR_LOCK_HANDLE h = va_arg(*ap, PSTOR_LOCK_HANDLE);
    port_spinlock_acquire(a, kind, ctx, h, caller);
}

static void n_state_change(struct ustor_adapter *a, va_list *ap)
{
    ULONG entity = va_arg(*ap, ULONG);
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    ULONG attributes = va_arg(*ap, ULONG);
    PHW_STATE_CHANGE routine = va_arg(*ap, PHW_STATE_CHANGE);
    PVOID ctx = va_arg(*ap, PVOID);
    PULONG status = va_arg(*ap, PULONG);
    (void)attributes;
    ULONG st = port_state_change_request(a, entity, addr, routine, ctx);
    if (status)
        *status = st;
}

static void n_async(struct ustor_adapter *a, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    ULONGLONG flags = va_arg(*ap, ULONGLONG);
    PULONG status = va_arg(*ap, PULONG);
    port_log_info(a, "AsyncNotificationDetected (flags 0x%llx) for %p: no class driver to tell",
                  (unsigned long long)flags, (void *)addr);
    if (status)
        *status = STOR_STATUS_SUCCESS;
}

static void n_mark_failed(struct ustor_adapter *a, va_list *ap, bool extended)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    ULONG flags = va_arg(*ap, ULONG);
    ulog_guest(ULOG_ERROR, "%s: the miniport marked %s failed (flags 0x%x)", a->name,
               addr ? "a unit" : "the adapter", flags);
    if (!extended)
        return;
    for (int i = 0; i < 6; i++)
        (void)va_arg(*ap, PVOID);
    PULONG status = va_arg(*ap, PULONG);
    if (status)
        *status = STOR_STATUS_SUCCESS;
}

/* Types whose arguments need nothing more than a log line. */
static const char *simple_name(SCSI_NOTIFICATION_TYPE type)
{
    switch (type) {
    case WMIReregister: return "WMIReregister";
    case BufferOverrunDetected: return "BufferOverrunDetected";
    case TraceNotification: return "TraceNotification";
    case IoTargetRequestServiceTime: return "IoTargetRequestServiceTime";
    case RequestDirectComplete: return "RequestDirectComplete";
    case SetTargetProcessorDpc: return "SetTargetProcessorDpc";
    case NvmeofNotification: return "NvmeofNotification";
    case StorMQControllerStartInitialization: return "StorMQControllerStartInitialization";
    case TerminateSystemThread: return "TerminateSystemThread";
    default: return NULL;
    }
}

static bool dispatch_common(struct ustor_adapter *a, SCSI_NOTIFICATION_TYPE type, va_list *ap,
                            const void *caller)
{
    switch (type) {
    case RequestComplete: n_request_complete(a, ap); return true;
    case NextRequest: return true;   /* ScsiPort flow control: Storport ignores it */
    case NextLuRequest: n_next_lu_request(a, ap); return true;
    case ResetDetected: port_reset_hold(a); port_log_info(a, "ResetDetected: holding I/O"); return true;
    case RequestTimerCall: n_timer_call(a, ap); return true;
    case BusChangeDetected: n_bus_change(a, ap); return true;
    case WMIEvent: n_wmi_event(a, ap); return true;
    case LinkUp: n_link(a, true); return true;
    case LinkDown: n_link(a, false); return true;
    case QueryTickCount: n_query_tick_count(ap); return true;
    case GetExtendedFunctionTable: n_extended_function_table(a, ap); return true;
    case EnablePassiveInitialization: n_enable_passive(a, ap); return true;
    case InitializeDpc: n_initialize_dpc(a, ap, false); return true;
    case InitializeDpcWithContext:
    case InitializeThreadedDpc: n_initialize_dpc(a, ap, true); return true;
    case IssueDpc: n_issue_dpc(a, ap); return true;
    case AcquireSpinLock: n_acquire(a, ap, caller); return true;
    case ReleaseSpinLock: port_spinlock_release(a, va_arg(*ap, PSTOR_LOCK_HANDLE), caller); return true;
    case StateChangeDetectedCall: n_state_change(a, ap); return true;
    case AsyncNotificationDetected: n_async(a, ap); return true;
    case MarkDeviceFailed: n_mark_failed(a, ap, false); return true;
    case MarkDeviceFailedEx: n_mark_failed(a, ap, true); return true;
    default: return false;
    }
}

static void dispatch(SCSI_NOTIFICATION_TYPE type, PVOID ext, va_list *ap, const void *caller)
{
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortNotification");
    if (!a)
        return;
    if (dispatch_common(a, type, ap, caller))
        return;
    if (type == BufferOverrunDetected) {
        ulog_guest(ULOG_ERROR, "%s: the miniport reports memory corruption "
                   "(BufferOverrunDetected); Windows would stop here", a->name);
        return;
    }
    if ((int)type == 4 || (int)type == 5) {
        port_guest(a, "StorPortNotification(%d): the ScsiPort interrupt calls are not "
                   "supported by Storport", (int)type);
        return;
    }
    const char *name = simple_name(type);
    if (name)
        accepted(a, name);
    else
        port_guest(a, "StorPortNotification: unknown notification type 0x%x", (unsigned)type);
}

STORPORT_API VOID StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
                                       PVOID HwDeviceExtension, ...)
{
    va_list ap;
    va_start(ap, HwDeviceExtension);
    dispatch(NotificationType, HwDeviceExtension, &ap, __builtin_return_address(0));
    va_end(ap);
}
