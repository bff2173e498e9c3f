/*
 * ustor/storport_extfn.h - the StorPort* routines of the documented groups
 * (DMA, general, requests, initialization, interrupts, locking, memory, runtime
 * power, timers) that storport.h defines as inline wrappers over
 * StorPortExtendedFunction: each passes its documented function code, the
 * device extension and its own arguments in order, and returns the STOR_STATUS.
 * Internal piece of storport.h; the ETW wrappers are in ustor/storport_etw.h,
 * the routines beyond the documented groups in ustor/storport_extfn_more.h.
 * Codes and parameters: api/routines.tsv (storport-facts.md sections 1 and 2).
 */
#ifndef USTOR_STORPORT_EXTFN_H
#define USTOR_STORPORT_EXTFN_H

#include "storport_api.h"

/* ---- DMA ---- */
USTOR_INLINE ULONG StorPortBuildScatterGatherList(
    PVOID HwDeviceExtension, PVOID Mdl, PVOID CurrentVa, ULONG Length,
    PPOST_SCATTER_GATHER_EXECUTE ExecutionRoutine, PVOID Context, BOOLEAN WriteToDevice,
    PVOID ScatterGatherBuffer, ULONG ScatterGatherBufferLength)
{
    return StorPortExtendedFunction(ExtFunctionBuildScatterGatherList, HwDeviceExtension, Mdl,
                                    CurrentVa, Length, ExecutionRoutine, Context, WriteToDevice,
                                    ScatterGatherBuffer, ScatterGatherBufferLength);
}

USTOR_INLINE ULONG StorPortPutScatterGatherList(PVOID HwDeviceExtension,
                                                PSTOR_SCATTER_GATHER_LIST ScatterGatherList,
                                                BOOLEAN WriteToDevice)
{
    return StorPortExtendedFunction(ExtFunctionPutScatterGatherList, HwDeviceExtension,
                                    ScatterGatherList, WriteToDevice);
}


/* ---- General ---- */
USTOR_INLINE ULONG StorPortGetActivityIdSrb(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                            LPGUID ActivityId)
{
    return StorPortExtendedFunction(ExtFunctionGetActivityId, HwDeviceExtension, Srb,
                                    ActivityId);
}

USTOR_INLINE ULONG StorPortGetDeviceObjects(PVOID HwDeviceExtension, PVOID *AdapterDeviceObject,
                                            PVOID *PhysicalDeviceObject,
                                            PVOID *LowerDeviceObject)
{
    return StorPortExtendedFunction(ExtFunctionGetDeviceObjects, HwDeviceExtension,
                                    AdapterDeviceObject, PhysicalDeviceObject,
                                    LowerDeviceObject);
}

USTOR_INLINE ULONG StorPortGetSystemPortNumber(PVOID HwDeviceExtension, PSTOR_ADDRESS Address)
{
    return StorPortExtendedFunction(ExtFunctionGetSystemPortNumber, HwDeviceExtension, Address);
}

USTOR_INLINE ULONG StorPortInitializeSListHead(PVOID HwDeviceExtension,
                                               PSTOR_SLIST_HEADER SListHead)
{
    return StorPortExtendedFunction(ExtFunctionInitializeSListHead, HwDeviceExtension,
                                    SListHead);
}

USTOR_INLINE ULONG StorPortInterlockedFlushSList(PVOID HwDeviceExtension,
                                                 PSTOR_SLIST_HEADER SListHead,
                                                 PSTOR_SLIST_ENTRY *Result)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedFlushSList, HwDeviceExtension,
                                    SListHead, Result);
}

USTOR_INLINE ULONG StorPortInterlockedPopEntrySList(PVOID HwDeviceExtension,
                                                    PSTOR_SLIST_HEADER SListHead,
                                                    PSTOR_SLIST_ENTRY *Result)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedPopEntrySList, HwDeviceExtension,
                                    SListHead, Result);
}

USTOR_INLINE ULONG StorPortInterlockedPushEntrySList(PVOID HwDeviceExtension,
                                                     PSTOR_SLIST_HEADER SListHead,
                                                     PSTOR_SLIST_ENTRY SListEntry,
                                                     PSTOR_SLIST_ENTRY *Result)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedPushEntrySList, HwDeviceExtension,
                                    SListHead, SListEntry, Result);
}

USTOR_INLINE ULONG StorPortInvokeAcpiMethod(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            ULONG MethodName, PVOID InputBuffer,
                                            ULONG InputBufferLength, PVOID OutputBuffer,
                                            ULONG OutputBufferLength, PULONG BytesReturned)
{
    return StorPortExtendedFunction(ExtFunctionInvokeAcpiMethod, HwDeviceExtension, Address,
                                    MethodName, InputBuffer, InputBufferLength, OutputBuffer,
                                    OutputBufferLength, BytesReturned);
}

USTOR_INLINE ULONG StorPortIsCurrentOsInstallationUpgrade(PVOID HwDeviceExtension,
                                                          BOOLEAN *Upgraded)
{
    return StorPortExtendedFunction(ExtFunctionCurrentOsInstallationUpgrade, HwDeviceExtension,
                                    Upgraded);
}

USTOR_INLINE ULONG StorPortIsDeviceOperationAllowed(PVOID HwDeviceExtension,
                                                    PSTOR_ADDRESS Address,
                                                    LPCGUID DeviceOperation, ULONG *AllowedFlag)
{
    return StorPortExtendedFunction(ExtFunctionDeviceOperationAllowed, HwDeviceExtension,
                                    Address, DeviceOperation, AllowedFlag);
}

USTOR_INLINE ULONG StorPortLogSystemEvent(PVOID HwDeviceExtension,
                                          PSTOR_LOG_EVENT_DETAILS LogDetails,
                                          PULONG MaximumSize)
{
    return StorPortExtendedFunction(ExtFunctionLogSystemEvent, HwDeviceExtension, LogDetails,
                                    MaximumSize);
}

USTOR_INLINE ULONG StorPortQueryDepthSList(PVOID HwDeviceExtension,
                                           PSTOR_SLIST_HEADER SListHead, PSHORT Result)
{
    return StorPortExtendedFunction(ExtFunctionQueryDepthSList, HwDeviceExtension, SListHead,
                                    Result);
}

USTOR_INLINE ULONG StorPortQueryPerformanceCounter(PVOID HwDeviceExtension,
                                                   PLARGE_INTEGER PerformanceFrequency,
                                                   PLARGE_INTEGER PerformanceCounter)
{
    return StorPortExtendedFunction(ExtFunctionQueryPerformanceCounter, HwDeviceExtension,
                                    PerformanceFrequency, PerformanceCounter);
}

USTOR_INLINE ULONG StorPortRegistryReadAdapterKey(PVOID HwDeviceExtension, PUCHAR SubKeyName,
                                                  PUCHAR ValueName, ULONG ValueType,
                                                  PVOID *ValueData, PULONG ValueDataLength)
{
    return StorPortExtendedFunction(ExtFunctionRegistryReadAdapterKey, HwDeviceExtension,
                                    SubKeyName, ValueName, ValueType, ValueData,
                                    ValueDataLength);
}

USTOR_INLINE ULONG StorPortRegistryWriteAdapterKey(PVOID HwDeviceExtension, PUCHAR SubKeyName,
                                                   PUCHAR ValueName, ULONG ValueType,
                                                   PVOID ValueData, ULONG ValueDataLength)
{
    return StorPortExtendedFunction(ExtFunctionRegistryWriteAdapterKey, HwDeviceExtension,
                                    SubKeyName, ValueName, ValueType, ValueData,
                                    ValueDataLength);
}


/* ---- I/O request processing ---- */
USTOR_INLINE ULONG StorPortCompleteServiceIrp(PVOID HwDeviceExtension, PVOID Irp)
{
    return StorPortExtendedFunction(ExtFunctionCompleteServiceIrp, HwDeviceExtension, Irp);
}

USTOR_INLINE ULONG StorPortFreeWorker(PVOID HwDeviceExtension, PVOID Worker)
{
    return StorPortExtendedFunction(ExtFunctionFreeWorker, HwDeviceExtension, Worker);
}

USTOR_INLINE ULONG StorPortGetRequestInfo(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                          PSTOR_REQUEST_INFO RequestInfo)
{
    return StorPortExtendedFunction(ExtFunctionGetRequestInfo, HwDeviceExtension, Srb,
                                    RequestInfo);
}

USTOR_INLINE ULONG StorPortInitializeWorker(PVOID HwDeviceExtension, PVOID *Worker)
{
    return StorPortExtendedFunction(ExtFunctionInitializeWorker, HwDeviceExtension, Worker);
}

USTOR_INLINE ULONG StorPortQueueWorkItem(PVOID HwDeviceExtension, PHW_WORKITEM WorkItemCallback,
                                         PVOID Worker, PVOID Context)
{
    return StorPortExtendedFunction(ExtFunctionQueueWorkItem, HwDeviceExtension,
                                    WorkItemCallback, Worker, Context);
}


/* ---- Initialization ---- */
USTOR_INLINE ULONG StorPortGetActiveGroupCount(PVOID HwDeviceExtension, PUSHORT NumberGroups)
{
    return StorPortExtendedFunction(ExtFunctionGetActiveGroupCount, HwDeviceExtension,
                                    NumberGroups);
}

USTOR_INLINE ULONG StorPortGetActiveNodeCount(PVOID HwDeviceExtension, PULONG NumberNodes)
{
    return StorPortExtendedFunction(ExtFunctionGetActiveNodeCount, HwDeviceExtension,
                                    NumberNodes);
}

USTOR_INLINE ULONG StorPortGetCurrentProcessorNumber(PVOID HwDeviceExtension,
                                                     PPROCESSOR_NUMBER ProcNumber)
{
    return StorPortExtendedFunction(ExtFunctionGetCurrentProcessorNumber, HwDeviceExtension,
                                    ProcNumber);
}

USTOR_INLINE ULONG StorPortGetGroupAffinity(PVOID HwDeviceExtension, USHORT GroupNumber,
                                            PKAFFINITY GroupAffinityMask)
{
    return StorPortExtendedFunction(ExtFunctionGetGroupAffinity, HwDeviceExtension, GroupNumber,
                                    GroupAffinityMask);
}

USTOR_INLINE ULONG StorPortGetHighestNodeNumber(PVOID HwDeviceExtension, PULONG HighestNode)
{
    return StorPortExtendedFunction(ExtFunctionGetHighestNodeNumber, HwDeviceExtension,
                                    HighestNode);
}

USTOR_INLINE ULONG StorPortGetLogicalProcessorRelationship(
    PVOID HwDeviceExtension, PPROCESSOR_NUMBER ProcessorNumber,
    LOGICAL_PROCESSOR_RELATIONSHIP RelationshipType,
    PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX Information, PULONG Length)
{
    return StorPortExtendedFunction(ExtFunctionGetLogicalProcessorRelationship,
                                    HwDeviceExtension, ProcessorNumber, RelationshipType,
                                    Information, Length);
}

USTOR_INLINE ULONG StorPortGetNodeAffinity(PVOID HwDeviceExtension, ULONG NodeNumber,
                                           PGROUP_AFFINITY NodeAffinityMask)
{
    return StorPortExtendedFunction(ExtFunctionGetNodeAffinity, HwDeviceExtension, NodeNumber,
                                    NodeAffinityMask);
}

USTOR_INLINE ULONG StorPortGetStartIoPerfParams(
    PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
    PSTARTIO_PERFORMANCE_PARAMETERS StartIoPerfParams)
{
    return StorPortExtendedFunction(ExtFunctionGetStartIoPerformanceParameters,
                                    HwDeviceExtension, Srb, StartIoPerfParams);
}

USTOR_INLINE ULONG StorPortInitializePerfOpts(PVOID HwDeviceExtension, BOOLEAN Query,
                                              PPERF_CONFIGURATION_DATA PerfConfigData)
{
    return StorPortExtendedFunction(ExtFunctionInitializePerformanceOptimizations,
                                    HwDeviceExtension, Query, PerfConfigData);
}

USTOR_INLINE ULONG StorPortSetAdapterBusType(PVOID HwDeviceExtension, ULONG BusType)
{
    return StorPortExtendedFunction(ExtFunctionSetAdapterBusType, HwDeviceExtension, BusType);
}

USTOR_INLINE ULONG StorPortSetPowerSettingNotificationGuids(PVOID HwDeviceExtension,
                                                            ULONG GuidCount, LPGUID Guid)
{
    return StorPortExtendedFunction(ExtFunctionSetPowerSettingNotificationGuids,
                                    HwDeviceExtension, GuidCount, Guid);
}

USTOR_INLINE ULONG StorPortSetUnitAttributes(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                             STOR_UNIT_ATTRIBUTES Attributes)
{
    return StorPortExtendedFunction(ExtFunctionSetUnitAttributes, HwDeviceExtension, Address,
                                    Attributes);
}


/* ---- Interrupt ---- */
USTOR_INLINE ULONG StorPortGetMSIInfo(PVOID HwDeviceExtension, ULONG MessageId,
                                      PMESSAGE_INTERRUPT_INFORMATION InterruptInfo)
{
    return StorPortExtendedFunction(ExtFunctionGetMessageInterruptInformation,
                                    HwDeviceExtension, MessageId, InterruptInfo);
}


/* ---- Locking ---- */
USTOR_INLINE ULONG StorPortAcquireMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId,
                                              PULONG OldIrql)
{
    return StorPortExtendedFunction(ExtFunctionAcquireMSISpinLock, HwDeviceExtension, MessageId,
                                    OldIrql);
}

USTOR_INLINE ULONG StorPortReleaseMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId,
                                              ULONG OldIrql)
{
    return StorPortExtendedFunction(ExtFunctionReleaseMSISpinLock, HwDeviceExtension, MessageId,
                                    OldIrql);
}


/* ---- Memory management ---- */
USTOR_INLINE ULONG StorPortAllocateContiguousMemorySpecifyCacheNode(
    PVOID HwDeviceExtension, SIZE_T NumberOfBytes, PHYSICAL_ADDRESS LowestAcceptableAddress,
    PHYSICAL_ADDRESS HighestAcceptableAddress, PHYSICAL_ADDRESS BoundaryAddressMultiple,
    MEMORY_CACHING_TYPE CacheType, NODE_REQUIREMENT PreferredNode, PVOID *BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionAllocateContiguousMemorySpecifyCacheNode,
                                    HwDeviceExtension, NumberOfBytes, LowestAcceptableAddress,
                                    HighestAcceptableAddress, BoundaryAddressMultiple,
                                    CacheType, PreferredNode, BufferPointer);
}

USTOR_INLINE ULONG StorPortAllocateHostMemoryBuffer(PVOID HwDeviceExtension,
                                                    SIZE_T MinimumBytes, SIZE_T PreferredBytes,
                                                    ULONGLONG UtilizationBytes,
                                                    ULONG AlignmentBytes,
                                                    PHYSICAL_ADDRESS LowestAcceptableAddress,
                                                    PHYSICAL_ADDRESS HighestAcceptableAddress,
                                                    PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                                    PACCESS_RANGE PhysicalAddressRanges,
                                                    PULONG PhysicalAddressRangeCount)
{
    return StorPortExtendedFunction(ExtFunctionAllocateHmb, HwDeviceExtension, MinimumBytes,
                                    PreferredBytes, UtilizationBytes, AlignmentBytes,
                                    LowestAcceptableAddress, HighestAcceptableAddress,
                                    BoundaryAddressMultiple, PhysicalAddressRanges,
                                    PhysicalAddressRangeCount);
}

USTOR_INLINE ULONG StorPortAllocateMdl(PVOID HwDeviceExtension, PVOID BufferPointer,
                                       ULONG NumberOfBytes, PVOID *Mdl)
{
    return StorPortExtendedFunction(ExtFunctionAllocateMdl, HwDeviceExtension, BufferPointer,
                                    NumberOfBytes, Mdl);
}

USTOR_INLINE ULONG StorPortAllocatePool(PVOID HwDeviceExtension, ULONG NumberOfBytes, ULONG Tag,
                                        PVOID *BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionAllocatePool, HwDeviceExtension, NumberOfBytes,
                                    Tag, BufferPointer);
}

USTOR_INLINE ULONG StorPortBuildMdlForNonPagedPool(PVOID HwDeviceExtension, PVOID Mdl)
{
    return StorPortExtendedFunction(ExtFunctionBuildMdlForNonPagedPool, HwDeviceExtension, Mdl);
}

USTOR_INLINE ULONG StorPortFreeContiguousMemorySpecifyCache(PVOID HwDeviceExtension,
                                                            PVOID BaseAddress,
                                                            SIZE_T NumberOfBytes,
                                                            MEMORY_CACHING_TYPE CacheType)
{
    return StorPortExtendedFunction(ExtFunctionFreeContiguousMemorySpecifyCache,
                                    HwDeviceExtension, BaseAddress, NumberOfBytes, CacheType);
}

USTOR_INLINE ULONG StorPortFreeHostMemoryBuffer(PVOID HwDeviceExtension,
                                                PACCESS_RANGE PhysicalAddressRanges,
                                                ULONG PhysicalAddressRangeCount)
{
    return StorPortExtendedFunction(ExtFunctionFreeHmb, HwDeviceExtension,
                                    PhysicalAddressRanges, PhysicalAddressRangeCount);
}

USTOR_INLINE ULONG StorPortFreeMdl(PVOID HwDeviceExtension, PVOID Mdl)
{
    return StorPortExtendedFunction(ExtFunctionFreeMdl, HwDeviceExtension, Mdl);
}

USTOR_INLINE ULONG StorPortFreePool(PVOID HwDeviceExtension, PVOID BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionFreePool, HwDeviceExtension, BufferPointer);
}

USTOR_INLINE ULONG StorPortGetDataInBufferMdl(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                              PVOID *Mdl)
{
    return StorPortExtendedFunction(ExtFunctionGetDataInBufferMdl, HwDeviceExtension, Srb, Mdl);
}

USTOR_INLINE ULONG StorPortGetDataInBufferScatterGatherList(PVOID HwDeviceExtension,
                                                            PSCSI_REQUEST_BLOCK Srb,
                                                            PSTOR_SCATTER_GATHER_LIST *SgList)
{
    return StorPortExtendedFunction(ExtFunctionGetDataInBufferScatterGatherList,
                                    HwDeviceExtension, Srb, SgList);
}

USTOR_INLINE ULONG StorPortGetDataInBufferSystemAddress(PVOID HwDeviceExtension,
                                                        PSCSI_REQUEST_BLOCK Srb,
                                                        PVOID *SystemAddress)
{
    return StorPortExtendedFunction(ExtFunctionGetDataInBufferSystemAddress, HwDeviceExtension,
                                    Srb, SystemAddress);
}

USTOR_INLINE ULONG StorPortGetOriginalMdl(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                          PVOID *Mdl)
{
    return StorPortExtendedFunction(ExtFunctionGetOriginalMdl, HwDeviceExtension, Srb, Mdl);
}

USTOR_INLINE ULONG StorPortGetPfns(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID Mdl,
                                   PVOID *Pfns, ULONG *PfnCount, ULONG *StartingOffset)
{
    return StorPortExtendedFunction(ExtFunctionGetPfns, HwDeviceExtension, Srb, Mdl, Pfns,
                                    PfnCount, StartingOffset);
}

USTOR_INLINE ULONG StorPortGetSystemAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                            PVOID *SystemAddress)
{
    return StorPortExtendedFunction(ExtFunctionGetSystemAddress, HwDeviceExtension, Srb,
                                    SystemAddress);
}

USTOR_INLINE ULONG StorPortMarkDumpMemory(PVOID HwDeviceExtension, PVOID Address,
                                          ULONG_PTR Length, ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionMarkDumpMemory, HwDeviceExtension, Address,
                                    Length, Flags);
}


/* ---- Runtime power management ---- */
USTOR_INLINE ULONG StorPortInitializePoFxPower(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                               PSTOR_POFX_DEVICE Device, PBOOLEAN D3ColdEnabled)
{
    return StorPortExtendedFunction(ExtFunctionInitializePoFxPower, HwDeviceExtension, Address,
                                    Device, D3ColdEnabled);
}

USTOR_INLINE ULONG StorPortPoFxActivateComponent(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                                 PSCSI_REQUEST_BLOCK Srb, ULONG Component,
                                                 ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionPoFxActivateComponent, HwDeviceExtension,
                                    Address, Srb, Component, Flags);
}

USTOR_INLINE ULONG StorPortPoFxIdleComponent(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                             PSCSI_REQUEST_BLOCK Srb, ULONG Component,
                                             ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionPoFxIdleComponent, HwDeviceExtension, Address,
                                    Srb, Component, Flags);
}

USTOR_INLINE ULONG StorPortPoFxPowerControl(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            LPCGUID PowerControlCode, PVOID InBuffer,
                                            SIZE_T InBufferSize, PVOID OutBuffer,
                                            SIZE_T OutBufferSize, PSIZE_T BytesReturned)
{
    return StorPortExtendedFunction(ExtFunctionPoFxPowerControl, HwDeviceExtension, Address,
                                    PowerControlCode, InBuffer, InBufferSize, OutBuffer,
                                    OutBufferSize, BytesReturned);
}

USTOR_INLINE ULONG StorPortPoFxSetComponentLatency(PVOID HwDeviceExtension,
                                                   PSTOR_ADDRESS Address, ULONG Component,
                                                   ULONGLONG Latency)
{
    return StorPortExtendedFunction(ExtFunctionPoFxSetComponentLatency, HwDeviceExtension,
                                    Address, Component, Latency);
}

USTOR_INLINE ULONG StorPortPoFxSetComponentResidency(PVOID HwDeviceExtension,
                                                     PSTOR_ADDRESS Address, ULONG Component,
                                                     ULONGLONG Residency)
{
    return StorPortExtendedFunction(ExtFunctionPoFxSetComponentResidency, HwDeviceExtension,
                                    Address, Component, Residency);
}


/* ---- Timer ---- */
USTOR_INLINE ULONG StorPortFreeTimer(PVOID HwDeviceExtension, PVOID TimerHandle)
{
    return StorPortExtendedFunction(ExtFunctionFreeTimer, HwDeviceExtension, TimerHandle);
}

USTOR_INLINE ULONG StorPortInitializeTimer(PVOID HwDeviceExtension, PVOID *TimerHandle)
{
    return StorPortExtendedFunction(ExtFunctionInitializeTimer, HwDeviceExtension, TimerHandle);
}

USTOR_INLINE ULONG StorPortRequestTimer(PVOID HwDeviceExtension, PVOID TimerHandle,
                                        PHW_TIMER_EX TimerCallback, PVOID CallbackContext,
                                        ULONGLONG TimerValue, ULONGLONG TolerableDelay)
{
    return StorPortExtendedFunction(ExtFunctionRequestTimer, HwDeviceExtension, TimerHandle,
                                    TimerCallback, CallbackContext, TimerValue, TolerableDelay);
}

#endif /* USTOR_STORPORT_EXTFN_H */
