/*
 * ustor/storport_notify.h - the StorPort* routines that storport.h defines as
 * inline wrappers over StorPortNotification: each passes its notification type,
 * the device extension and the documented arguments in order. Wrappers that
 * return a result hand the port a pointer to it as the last argument: a LONG
 * preset to FALSE for the BOOLEAN ones, a ULONG preset to
 * STOR_STATUS_NOT_IMPLEMENTED for the STOR_STATUS ones.
 * Internal piece of storport.h. Types and arguments: storport-facts.md 1, 3.
 */
#ifndef USTOR_STORPORT_NOTIFY_H
#define USTOR_STORPORT_NOTIFY_H

#include "storport_api.h"

/* ---- initialization ---- */
USTOR_INLINE BOOLEAN StorPortEnablePassiveInitialization(
    PVOID DeviceExtension, PHW_PASSIVE_INITIALIZE_ROUTINE HwPassiveInitializeRoutine)
{
    LONG Succeeded = FALSE;

    StorPortNotification(EnablePassiveInitialization, DeviceExtension,
                         HwPassiveInitializeRoutine, &Succeeded);
    return (BOOLEAN)Succeeded;
}

/* ---- DPCs ---- */
USTOR_INLINE VOID StorPortInitializeDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                        PHW_DPC_ROUTINE HwDpcRoutine)
{
    StorPortNotification(InitializeDpc, DeviceExtension, Dpc, HwDpcRoutine);
}

USTOR_INLINE VOID StorPortInitializeDpcWithContext(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                                   PHW_DPC_ROUTINE HwDpcRoutine,
                                                   PVOID Context, ULONG Importance)
{
    StorPortNotification(InitializeDpcWithContext, DeviceExtension, Dpc, HwDpcRoutine,
                         Context, Importance);
}

USTOR_INLINE VOID StorPortInitializeThreadedDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                                PHW_DPC_ROUTINE HwDpcRoutine, PVOID Context,
                                                BOOLEAN Importance)
{
    StorPortNotification(InitializeThreadedDpc, DeviceExtension, Dpc, HwDpcRoutine, Context,
                         Importance);
}

USTOR_INLINE BOOLEAN StorPortIssueDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                      PVOID SystemArgument1, PVOID SystemArgument2)
{
    LONG Succeeded = FALSE;

    StorPortNotification(IssueDpc, DeviceExtension, Dpc, SystemArgument1, SystemArgument2,
                         &Succeeded);
    return (BOOLEAN)Succeeded;
}

/* ---- locks ---- */
USTOR_INLINE VOID StorPortAcquireSpinLock(PVOID DeviceExtension, STOR_SPINLOCK SpinLock,
                                          PVOID LockContext, PSTOR_LOCK_HANDLE LockHandle)
{
    StorPortNotification(AcquireSpinLock, DeviceExtension, SpinLock, LockContext, LockHandle);
}

USTOR_INLINE VOID StorPortReleaseSpinLock(PVOID DeviceExtension, PSTOR_LOCK_HANDLE LockHandle)
{
    StorPortNotification(ReleaseSpinLock, DeviceExtension, LockHandle);
}

/* ---- device state changes ---- */
USTOR_INLINE ULONG StorPortStateChangeDetected(PVOID HwDeviceExtension, ULONG ChangedEntity,
                                               PSTOR_ADDRESS Address, ULONG Attributes,
                                               PHW_STATE_CHANGE HwStateChange,
                                               PVOID HwStateChangeContext)
{
    ULONG Status = STOR_STATUS_NOT_IMPLEMENTED;

    StorPortNotification(StateChangeDetectedCall, HwDeviceExtension, ChangedEntity, Address,
                         Attributes, HwStateChange, HwStateChangeContext, &Status);
    return Status;
}

USTOR_INLINE ULONG StorPortAsyncNotificationDetected(PVOID HwDeviceExtension,
                                                     PSTOR_ADDRESS Address, ULONGLONG Flags)
{
    ULONG Status = STOR_STATUS_NOT_IMPLEMENTED;

    StorPortNotification(AsyncNotificationDetected, HwDeviceExtension, Address, Flags,
                         &Status);
    return Status;
}

USTOR_INLINE VOID StorPortMarkDeviceFailed(PVOID HwDeviceExtension, PSTOR_ADDRESS StorAddress,
                                           ULONG Flags, PWSTR FailReason)
{
    StorPortNotification(MarkDeviceFailed, HwDeviceExtension, StorAddress, Flags, FailReason);
}

/*
 * Arguments inferred from the documented wrapper (no public header shows it);
 * the status pointer follows the pattern of the other STOR_STATUS wrappers.
 */
USTOR_INLINE ULONG StorPortMarkDeviceFailedEx(PVOID HwDeviceExtension, PSTOR_ADDRESS StorAddress,
                                              ULONG Flags, USHORT FaultCode,
                                              PWSTR FaultDescription, USHORT AdditionalDataSize,
                                              PUCHAR AdditionalData, USHORT CriticalDataSize,
                                              PUCHAR CriticalData)
{
    ULONG Status = STOR_STATUS_NOT_IMPLEMENTED;

    StorPortNotification(MarkDeviceFailedEx, HwDeviceExtension, StorAddress, Flags, FaultCode,
                         FaultDescription, AdditionalDataSize, AdditionalData,
                         CriticalDataSize, CriticalData, &Status);
    return Status;
}

/* ---- threads ---- */
USTOR_INLINE VOID StorPortTerminateSystemThread(PVOID HwDeviceExtension, PVOID ThreadContext)
{
    StorPortNotification(TerminateSystemThread, HwDeviceExtension, ThreadContext);
}

#endif /* USTOR_STORPORT_NOTIFY_H */
