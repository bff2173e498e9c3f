/*
 * The interrupt routines a miniport calls beside its ISR: StorPortSynchronizeAccess
 * (a routine under the interrupt lock), StorPortAcquireMSISpinLock/ReleaseMSISpinLock
 * (one message's lock; meant for InterruptSynchronizePerMessage, the only mode where
 * it is allowed — elsewhere it is reported and takes the line's lock),
 * StorPortGetMSIInfo (what a message is), and StorPortCancelDpc.
 * MSI address and data are made up (the platform has no APIC): address 0xFEE00000,
 * data = the message number.
 */
#include "port/exec.h"
#include "port/port_internal.h"

#define MSI_ADDRESS 0xFEE00000ull

/* ---- StorPortSynchronizeAccess ---- */

struct sync_call {
    PSTOR_SYNCHRONIZED_ACCESS fn;
    PVOID ext, ctx;
};

static bool sync_trampoline(void *arg)
{
    struct sync_call *c = arg;
    return c->fn(c->ext, c->ctx) != FALSE;
}

STORPORT_API BOOLEAN StorPortSynchronizeAccess(PVOID HwDeviceExtension,
                                               PSTOR_SYNCHRONIZED_ACCESS SynchronizedAccessRoutine,
                                               PVOID Context)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortSynchronizeAccess");
    if (!a || !SynchronizedAccessRoutine)
        return FALSE;
    struct sync_call c = {SynchronizedAccessRoutine, HwDeviceExtension, Context};
    return port_synchronize(a, sync_trampoline, &c, __builtin_return_address(0));
}

/* ---- MSI ---- */

static struct exec_intr_line *msi_line(struct ustor_adapter *a, ULONG msg, const char *who)
{
    struct exec_intr_line *line = port_interrupt_line(a);
    if (!line || !a->device.interrupt_messages) {
        port_guest(a, "%s: the adapter has no message-signaled interrupts", who);
        return NULL;
    }
    if (msg >= exec_intr_messages(line)) {
        port_guest(a, "%s: message %u of %u", who, msg, exec_intr_messages(line));
        return NULL;
    }
    return line;
}

static void msi_mode_check(struct ustor_adapter *a, const char *who)
{
    if (a->config.InterruptSynchronizationMode != InterruptSynchronizePerMessage)
        port_guest(a, "%s without InterruptSynchronizePerMessage (StorPortMSILock rule)", who);
}

static ULONG ext_acquire_msi_lock(PVOID ext, va_list *ap)
{
    ULONG msg = va_arg(*ap, ULONG);
    PULONG old = va_arg(*ap, PULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortAcquireMSISpinLock");
    struct exec_intr_line *line = a ? msi_line(a, msg, "StorPortAcquireMSISpinLock") : NULL;
    if (!line || !old)
        return STOR_STATUS_INVALID_PARAMETER;
    msi_mode_check(a, "StorPortAcquireMSISpinLock");
    *old = exec_spin_acquire_raw(exec_intr_lock(line, msg), port_extfn_caller());
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionAcquireMSISpinLock, ext_acquire_msi_lock);

static ULONG ext_release_msi_lock(PVOID ext, va_list *ap)
{
    ULONG msg = va_arg(*ap, ULONG);
    ULONG old = va_arg(*ap, ULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortReleaseMSISpinLock");
    struct exec_intr_line *line = a ? msi_line(a, msg, "StorPortReleaseMSISpinLock") : NULL;
    if (!line)
        return STOR_STATUS_INVALID_PARAMETER;
    exec_spin_release_raw(exec_intr_lock(line, msg), old, port_extfn_caller());
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionReleaseMSISpinLock, ext_release_msi_lock);

static ULONG ext_get_msi_info(PVOID ext, va_list *ap)
{
    ULONG msg = va_arg(*ap, ULONG);
    PMESSAGE_INTERRUPT_INFORMATION info = va_arg(*ap, PMESSAGE_INTERRUPT_INFORMATION);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetMSIInfo");
    if (!a || !info)
        return STOR_STATUS_INVALID_PARAMETER;
    struct exec_intr_line *line = port_interrupt_line(a);
    if (!line || !a->device.interrupt_messages || msg >= exec_intr_messages(line))
        return STOR_STATUS_UNSUCCESSFUL;   /* no such message (nvmewin probes until this) */
    info->MessageId = msg;
    info->MessageData = msg;
    info->MessageAddress.QuadPart = (LONGLONG)MSI_ADDRESS;
    info->InterruptVector = a->device.interrupt_vector + msg;
    info->InterruptLevel = exec_intr_dirql(line);
    info->InterruptMode = Latched;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetMessageInterruptInformation, ext_get_msi_info);

/* ---- StorPortCancelDpc ---- */

static ULONG ext_cancel_dpc(PVOID ext, va_list *ap)
{
    PSTOR_DPC dpc = va_arg(*ap, PSTOR_DPC);
    BOOLEAN *removed = va_arg(*ap, BOOLEAN *);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortCancelDpc");
    if (!a || !dpc || !removed)
        return STOR_STATUS_INVALID_PARAMETER;
    *removed = port_dpc_cancel(a, dpc);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionCancelDpc, ext_cancel_dpc);
