/*
 * ustor/storport_api.h - the StorPort* routines that are real exports of the
 * port library (declared STORPORT_API with their WDK parameter types), among
 * them the 64-bit register accessors (memory-touching macros in the WDK), plus
 * StorPortCopyMemory, DebugPrint and the other header-only helpers.
 * Internal piece of storport.h.
 * Signatures: api/routines.tsv (storport-facts.md section 1).
 */
#ifndef USTOR_STORPORT_API_H
#define USTOR_STORPORT_API_H

#include "storport_types.h"

/* The 64-bit value of a STOR_PHYSICAL_ADDRESS (a macro in the WDK too). */
#define StorPortConvertPhysicalAddressToULong64(Address) ((ULONG64)(Address).QuadPart)

/* DebugPrint((Level, Format, ...)) traces only in checked (DBG) builds. */
#ifndef DebugPrint
#if defined(DBG) && DBG
#define DebugPrint(x) StorPortDebugPrint x
#else
#define DebugPrint(x)
#endif
#endif

/* As in the WDK a plain memcpy; StorPortMoveMemory is the overlap-safe export. */
#define StorPortCopyMemory(Destination, Source, Length) \
    __builtin_memcpy((Destination), (Source), (Length))

/* ---- DMA ---- */
STORPORT_API PSTOR_SCATTER_GATHER_LIST StorPortGetScatterGatherList(PVOID HwDeviceExtension,
                                                                    PSCSI_REQUEST_BLOCK Srb);

/* ---- General ---- */
STORPORT_API VOID StorPortDebugPrint(ULONG DebugPrintLevel, PSTR DebugMessage, ...);
STORPORT_API VOID StorPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                   UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG ErrorCode,
                                   ULONG UniqueId);
STORPORT_API VOID StorPortQuerySystemTime(PLARGE_INTEGER CurrentTime);
STORPORT_API BOOLEAN StorPortRegistryRead(PVOID HwDeviceExtension, PUCHAR ValueName,
                                          ULONG Global, ULONG Type, PUCHAR Buffer,
                                          PULONG BufferLength);
STORPORT_API BOOLEAN StorPortRegistryWrite(PVOID HwDeviceExtension, PUCHAR ValueName,
                                           ULONG Global, ULONG Type, PUCHAR Buffer,
                                           ULONG BufferLength);

/* ---- I/O request processing ---- */
STORPORT_API BOOLEAN StorPortBusy(PVOID HwDeviceExtension, ULONG RequestsToComplete);
STORPORT_API VOID StorPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                          UCHAR Lun, UCHAR SrbStatus);
STORPORT_API BOOLEAN StorPortDeviceBusy(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                        UCHAR Lun, ULONG RequestsToComplete);
STORPORT_API BOOLEAN StorPortDeviceReady(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                         UCHAR Lun);
STORPORT_API BOOLEAN StorPortPause(PVOID HwDeviceExtension, ULONG Timeout);
STORPORT_API BOOLEAN StorPortPauseDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                         UCHAR Lun, ULONG Timeout);
STORPORT_API BOOLEAN StorPortReady(PVOID HwDeviceExtension);
STORPORT_API BOOLEAN StorPortResume(PVOID HwDeviceExtension);
STORPORT_API BOOLEAN StorPortResumeDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                          UCHAR Lun);

/* ---- Initialization ---- */
STORPORT_API ULONG StorPortGetBusData(PVOID DeviceExtension, ULONG BusDataType,
                                      ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer,
                                      ULONG Length);
STORPORT_API PVOID StorPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                          UCHAR Lun);
STORPORT_API ULONG StorPortInitialize(PVOID Argument1, PVOID Argument2,
                                      struct _HW_INITIALIZATION_DATA *HwInitializationData,
                                      PVOID HwContext);
STORPORT_API ULONG StorPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType,
                                              ULONG SystemIoBusNumber, ULONG SlotNumber,
                                              PVOID Buffer, ULONG Offset, ULONG Length);
STORPORT_API BOOLEAN StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension, UCHAR PathId,
                                                 UCHAR TargetId, UCHAR Lun, ULONG Depth);

/* ---- Interrupt ---- */
STORPORT_API VOID StorPortStallExecution(ULONG Delay);
STORPORT_API BOOLEAN StorPortSynchronizeAccess(PVOID HwDeviceExtension,
                                               PSTOR_SYNCHRONIZED_ACCESS SynchronizedAccessRoutine,
                                               PVOID Context);

/* ---- Memory management ---- */
STORPORT_API PUCHAR StorPortAllocateRegistryBuffer(PVOID HwDeviceExtension, PULONG Length);
STORPORT_API STOR_PHYSICAL_ADDRESS StorPortConvertUlongToPhysicalAddress(
                                                                         ULONG_PTR UlongAddress);
STORPORT_API VOID StorPortFreeRegistryBuffer(PVOID HwDeviceExtension, PUCHAR Buffer);
STORPORT_API STOR_PHYSICAL_ADDRESS StorPortGetPhysicalAddress(PVOID HwDeviceExtension,
                                                              PSCSI_REQUEST_BLOCK Srb,
                                                              PVOID VirtualAddress,
                                                              ULONG *Length);
STORPORT_API PVOID StorPortGetUncachedExtension(PVOID HwDeviceExtension,
                                                PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                                ULONG NumberOfBytes);
STORPORT_API PVOID StorPortGetVirtualAddress(PVOID HwDeviceExtension,
                                             STOR_PHYSICAL_ADDRESS PhysicalAddress);
STORPORT_API VOID StorPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);

/* ---- Notification ---- */
STORPORT_API VOID StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
                                       PVOID HwDeviceExtension, ...);

/* ---- Port and register I/O ---- */
STORPORT_API VOID StorPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress);
STORPORT_API PVOID StorPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
                                         ULONG SystemIoBusNumber,
                                         STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes,
                                         BOOLEAN InIoSpace);
STORPORT_API VOID StorPortReadPortBufferUchar(PVOID HwDeviceExtension, PUCHAR Port,
                                              PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortReadPortBufferUlong(PVOID HwDeviceExtension, PULONG Port,
                                              PULONG Buffer, ULONG Count);
STORPORT_API VOID StorPortReadPortBufferUshort(PVOID HwDeviceExtension, PUSHORT Port,
                                               PUSHORT Buffer, ULONG Count);
STORPORT_API UCHAR StorPortReadPortUchar(PVOID HwDeviceExtension, PUCHAR Port);
STORPORT_API ULONG StorPortReadPortUlong(PVOID HwDeviceExtension, PULONG Port);
STORPORT_API USHORT StorPortReadPortUshort(PVOID HwDeviceExtension, PUSHORT Port);
STORPORT_API VOID StorPortReadRegisterBufferUchar(PVOID HwDeviceExtension, PUCHAR Register,
                                                  PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUlong(PVOID HwDeviceExtension, PULONG Register,
                                                  PULONG Buffer, ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUshort(PVOID HwDeviceExtension, PUSHORT Register,
                                                   PUSHORT Buffer, ULONG Count);
STORPORT_API UCHAR StorPortReadRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register);
STORPORT_API ULONG StorPortReadRegisterUlong(PVOID HwDeviceExtension, PULONG Register);
STORPORT_API USHORT StorPortReadRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register);
STORPORT_API BOOLEAN StorPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
                                           ULONG SystemIoBusNumber,
                                           STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes,
                                           BOOLEAN InIoSpace);
STORPORT_API VOID StorPortWritePortBufferUchar(PVOID HwDeviceExtension, PUCHAR Port,
                                               PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortWritePortBufferUlong(PVOID HwDeviceExtension, PULONG Port,
                                               PULONG Buffer, ULONG Count);
STORPORT_API VOID StorPortWritePortBufferUshort(PVOID HwDeviceExtension, PUSHORT Port,
                                                PUSHORT Buffer, ULONG Count);
STORPORT_API VOID StorPortWritePortUchar(PVOID HwDeviceExtension, PUCHAR Port, UCHAR Value);
STORPORT_API VOID StorPortWritePortUlong(PVOID HwDeviceExtension, PULONG Port, ULONG Value);
STORPORT_API VOID StorPortWritePortUshort(PVOID HwDeviceExtension, PUSHORT Port, USHORT Value);
STORPORT_API VOID StorPortWriteRegisterBufferUchar(PVOID HwDeviceExtension, PUCHAR Register,
                                                   PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUlong(PVOID HwDeviceExtension, PULONG Register,
                                                   PULONG Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUshort(PVOID HwDeviceExtension, PUSHORT Register,
                                                    PUSHORT Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register,
                                             UCHAR Value);
STORPORT_API VOID StorPortWriteRegisterUlong(PVOID HwDeviceExtension, PULONG Register,
                                             ULONG Value);
STORPORT_API VOID StorPortWriteRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register,
                                              USHORT Value);

/*
 * 64-bit register access. The WDK makes these macros that touch memory
 * directly; here they are exports, so the port decodes the address and sees
 * every access, as with the 32-bit routines.
 */
STORPORT_API ULONG64 StorPortReadRegisterUlong64(PVOID HwDeviceExtension, PULONG64 Register);
STORPORT_API VOID StorPortWriteRegisterUlong64(PVOID HwDeviceExtension, PULONG64 Register,
                                               ULONG64 Value);
STORPORT_API VOID StorPortReadRegisterBufferUlong64(PVOID HwDeviceExtension, PULONG64 Register,
                                                    PULONG64 Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUlong64(PVOID HwDeviceExtension,
                                                     PULONG64 Register, PULONG64 Buffer,
                                                     ULONG Count);

/* ---- Dispatcher & legacy (extra) ---- */
STORPORT_API ULONG StorPortConvertPhysicalAddressToUlong(STOR_PHYSICAL_ADDRESS Address);
STORPORT_API ULONG StorPortExtendedFunction(STORPORT_FUNCTION_CODE FunctionCode,
                                            PVOID HwDeviceExtension, ...);
/* Undocumented; present in storport.sys (storport-facts.md 1.13). */
STORPORT_API PSCSI_REQUEST_BLOCK StorPortGetSrb(PVOID DeviceExtension, UCHAR PathId,
                                                UCHAR TargetId, UCHAR Lun, LONG QueueTag);

/* ---- Registry (extra) ---- */
STORPORT_API BOOLEAN StorPortReadDriverRegistry(PVOID DriverObject, PUCHAR ValueName,
                                                PULONG ValueDataLength, PVOID ValueData);

/* A prototype only (no export): it gives the extended-function table its slot type. */
BOOLEAN StorPortGetMessageInterruptInformation(PVOID HwDeviceExtension, ULONG MessageId,
                                               PMESSAGE_INTERRUPT_INFORMATION InterruptInfo);

/*
 * The obsolete table GetExtendedFunctionTable returns (the port returns none).
 * Only its size matters; slot types follow the routines of the same names.
 */
typedef BOOLEAN (*PStorPortGetMessageInterruptInformation)(
    PVOID HwDeviceExtension, ULONG MessageId, PMESSAGE_INTERRUPT_INFORMATION InterruptInfo);
typedef ULONG (*PStorPortPutScatterGatherList)(PVOID HwDeviceExtension,
                                               PSTOR_SCATTER_GATHER_LIST ScatterGatherList,
                                               BOOLEAN WriteToDevice);
typedef ULONG (*PStorPortBuildScatterGatherList)(
    PVOID HwDeviceExtension, PVOID Mdl, PVOID CurrentVa, ULONG Length,
    PPOST_SCATTER_GATHER_EXECUTE ExecutionRoutine, PVOID Context, BOOLEAN WriteToDevice,
    PVOID ScatterGatherBuffer, ULONG ScatterGatherBufferLength);
typedef ULONG (*PStorPortFreePool)(PVOID HwDeviceExtension, PVOID BufferPointer);
typedef ULONG (*PStorPortAllocatePool)(PVOID HwDeviceExtension, ULONG NumberOfBytes, ULONG Tag,
                                       PVOID *BufferPointer);
typedef ULONG (*PStorPortGetSystemAddress)(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                           PVOID *SystemAddress);
typedef ULONG (*PStorPortAcquireMSISpinLock)(PVOID HwDeviceExtension, ULONG MessageId,
                                             PULONG OldIrql);
typedef ULONG (*PStorPortReleaseMSISpinLock)(PVOID HwDeviceExtension, ULONG MessageId,
                                             ULONG OldIrql);
typedef ULONG (*PStorPortCompleteServiceIrp)(PVOID HwDeviceExtension, PVOID Irp);
typedef ULONG (*PStorPortGetOriginalMdl)(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                         PVOID *Mdl);

typedef struct _STORPORT_EXTENDED_FUNCTIONS {
    ULONG Version;
    PStorPortGetMessageInterruptInformation GetMessageInterruptInformation;
    PStorPortPutScatterGatherList PutScatterGatherList;
    PStorPortBuildScatterGatherList BuildScatterGatherList;
    PStorPortFreePool FreePool;
    PStorPortAllocatePool AllocatePool;
    PStorPortGetSystemAddress GetSystemAddress;
    PStorPortAcquireMSISpinLock AcquireMSISpinLock;
    PStorPortReleaseMSISpinLock ReleaseMSISpinLock;
    PStorPortCompleteServiceIrp CompleteServiceIrp;
    PStorPortGetOriginalMdl GetOriginalMdl;
} STORPORT_EXTENDED_FUNCTIONS, *PSTORPORT_EXTENDED_FUNCTIONS;
USTOR_LAYOUT_ASSERT(sizeof(STORPORT_EXTENDED_FUNCTIONS) == 0x58);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_EXTENDED_FUNCTIONS, GetMessageInterruptInformation) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_EXTENDED_FUNCTIONS, GetOriginalMdl) == 0x50);

/* ---- header-only helpers ---- */
USTOR_INLINE VOID StorPortInitializeListHead(PVOID HwDeviceExtension, PSTOR_LIST_ENTRY ListHead)
{
    (void)HwDeviceExtension;
    ListHead->Flink = ListHead;
    ListHead->Blink = ListHead;
}

/* A no-op in the WDK as well; function code 54 exists but is not called. */
USTOR_INLINE ULONG StorPortFlushDataBufferMdl(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    (void)HwDeviceExtension;
    (void)Srb;
    return STOR_STATUS_SUCCESS;
}

/* Bounded copy: fails rather than write past DestSizeInBytes. */
USTOR_INLINE ULONG StorPortSecureCopyMemory(PVOID Dest, SIZE_T DestSizeInBytes, const PVOID Src,
                                            SIZE_T Count)
{
    if (Dest == NULL || Src == NULL)
        return STOR_STATUS_INVALID_PARAMETER;
    if (DestSizeInBytes < Count)
        return STOR_STATUS_BUFFER_TOO_SMALL;
    __builtin_memmove(Dest, Src, Count);
    return STOR_STATUS_SUCCESS;
}

#endif /* USTOR_STORPORT_API_H */
