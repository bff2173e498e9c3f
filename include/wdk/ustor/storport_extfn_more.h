/*
 * ustor/storport_extfn_more.h - the inline StorPortExtendedFunction wrappers
 * beyond the documented groups: crypto and RPMB, interlocked lists, telemetry
 * and failure reporting, feature lists and limits, DPC and MSI-X extras, DMA
 * memory, NVMe/StorMQ/driver proxy, power and device management, processors,
 * registry, threads and events, high-resolution timers. Wrappers marked
 * "inferred" in storport-facts.md use the function code named like them.
 * Internal piece of storport.h.
 * Codes and parameters: api/routines.tsv (storport-facts.md sections 1 and 2).
 */
#ifndef USTOR_STORPORT_EXTFN_MORE_H
#define USTOR_STORPORT_EXTFN_MORE_H

#include "storport_api.h"

/* ---- Crypto / ICE / RPMB (extra) ---- */
USTOR_INLINE ULONG StorPortGetRequestCryptoInfo(PVOID HwDeviceExtension,
                                                PSCSI_REQUEST_BLOCK Srb,
                                                PSTOR_CRYPTO_KEY_INFO CryptoKeyInfo)
{
    return StorPortExtendedFunction(ExtFunctionGetRequestCryptoInfo, HwDeviceExtension, Srb,
                                    CryptoKeyInfo);
}

USTOR_INLINE ULONG StorPortInitializeCryptoEngine(
    PVOID HwDeviceExtension, PSTOR_CRYPTO_CAPABILITIES_DATA CryptoCapabilitiesData)
{
    return StorPortExtendedFunction(ExtFunctionInitializeCryptoEngine, HwDeviceExtension,
                                    CryptoCapabilitiesData);
}

USTOR_INLINE ULONG StorPortInitializeRpmb(PVOID HwDeviceExtension, PSTOR_ADDRESS StorAddress,
                                          PSTOR_RPMB_CAPABILITIES_DATA RpmbCapabilitiesData)
{
    return StorPortExtendedFunction(ExtFunctionInitializeRpmb, HwDeviceExtension, StorAddress,
                                    RpmbCapabilitiesData);
}

USTOR_INLINE ULONG StorPortNvmeIceIoComplete(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    return StorPortExtendedFunction(ExtFunctionNvmeIceIoComplete, HwDeviceExtension, Srb);
}

USTOR_INLINE ULONG StorPortNvmeIceIoStart(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                          ULONG LbaCount, ULONG PrpCount, PULONGLONG Prp1,
                                          PULONGLONG Prp2, PULONGLONG PrpList)
{
    return StorPortExtendedFunction(ExtFunctionNvmeIceIoStart, HwDeviceExtension, Srb, LbaCount,
                                    PrpCount, Prp1, Prp2, PrpList);
}


/* ---- Doubly-linked lists (extra) ---- */
USTOR_INLINE ULONG StorPortInterlockedInsertHeadList(PVOID HwDeviceExtension,
                                                     PSTOR_LIST_ENTRY ListHead,
                                                     PSTOR_LIST_ENTRY ListEntry,
                                                     PSTOR_LIST_ENTRY *Result,
                                                     PSTOR_KSPIN_LOCK Lock)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedInsertHeadList, HwDeviceExtension,
                                    ListHead, ListEntry, Result, Lock);
}

USTOR_INLINE ULONG StorPortInterlockedInsertTailList(PVOID HwDeviceExtension,
                                                     PSTOR_LIST_ENTRY ListHead,
                                                     PSTOR_LIST_ENTRY ListEntry,
                                                     PSTOR_LIST_ENTRY *Result,
                                                     PSTOR_KSPIN_LOCK Lock)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedInsertTailList, HwDeviceExtension,
                                    ListHead, ListEntry, Result, Lock);
}

USTOR_INLINE ULONG StorPortInterlockedRemoveHeadList(PVOID HwDeviceExtension,
                                                     PSTOR_LIST_ENTRY ListHead,
                                                     PSTOR_LIST_ENTRY *Result,
                                                     PSTOR_KSPIN_LOCK Lock)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedRemoveHeadList, HwDeviceExtension,
                                    ListHead, Result, Lock);
}


/* ---- ETW, telemetry & failure reporting (extra) ---- */
USTOR_INLINE ULONG StorPortCaptureLiveDump(PVOID HwDeviceExtension, PSTOR_ADDRESS StorAddress,
                                           PSTORPORT_CAPTURE_LIVEDUMP CaptureLivedump)
{
    return StorPortExtendedFunction(ExtFunctionCaptureLiveDump, HwDeviceExtension, StorAddress,
                                    CaptureLivedump);
}

USTOR_INLINE ULONG StorPortEtwLogByteStream(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            STORPORT_ETW_EVENT_CHANNEL EventChannel,
                                            ULONG EventId, PWSTR EventDescription,
                                            ULONGLONG EventKeywords,
                                            STORPORT_ETW_LEVEL EventLevel,
                                            STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                            USHORT DataLength, PUCHAR Data)
{
    return StorPortExtendedFunction(ExtFunctionMiniportLogByteStream, HwDeviceExtension,
                                    Address, EventChannel, EventId, EventDescription,
                                    EventKeywords, EventLevel, EventOpcode, DataLength, Data);
}

USTOR_INLINE ULONG StorPortEtwLogError(PVOID HwDeviceExtension, PSTOR_ADDRESS Address, ULONG Id,
                                       PWSTR Description, ULONG DataBufferLength,
                                       PVOID DataBuffer)
{
    return StorPortExtendedFunction(ExtFunctionLogHardwareError, HwDeviceExtension, Address, Id,
                                    Description, DataBufferLength, DataBuffer);
}

USTOR_INLINE ULONG StorPortLogTelemetry(PVOID HwDeviceExtension, PSTOR_ADDRESS StorAddress,
                                        PSTORPORT_TELEMETRY_EVENT Event)
{
    return StorPortExtendedFunction(ExtFunctionMiniportTelemetry, HwDeviceExtension,
                                    StorAddress, Event);
}

USTOR_INLINE ULONG StorPortLogTelemetryEx(PVOID HwDeviceExtension, PSTOR_ADDRESS StorAddress,
                                          PSTORPORT_TELEMETRY_EVENT Event,
                                          STOR_TELEMETRY_CATEGORY Category)
{
    return StorPortExtendedFunction(ExtFunctionMiniportTelemetryEx, HwDeviceExtension,
                                    StorAddress, Event, Category);
}


/* ---- Initialization & adapter configuration (extra) ---- */
USTOR_INLINE ULONG StorPortQueryConfiguration(PVOID HwDeviceExtension,
                                              STORPORT_QUERY_CONFIGURATION_TYPE Type,
                                              PBOOLEAN Enabled)
{
    return StorPortExtendedFunction(ExtFunctionQueryConfiguration, HwDeviceExtension, Type,
                                    Enabled);
}

USTOR_INLINE ULONG StorPortSetFeatureList(PVOID HwDeviceExtension, ULONG FeatureCount,
                                          PBOOLEAN FeatureList)
{
    return StorPortExtendedFunction(ExtFunctionSetFeatureList, HwDeviceExtension, FeatureCount,
                                    FeatureList);
}

USTOR_INLINE ULONG StorPortUpdateAdapterMaxIO(PVOID HwDeviceExtension, ULONG MaxIoCount)
{
    return StorPortExtendedFunction(ExtFunctionUpdateAdapterMaxIO, HwDeviceExtension,
                                    MaxIoCount);
}

USTOR_INLINE ULONG StorPortUpdatePortConfigMaxIOInfo(PVOID HwDeviceExtension, ULONG MaxIoCount,
                                                     ULONG MaxIosPerLun)
{
    return StorPortExtendedFunction(ExtFunctionUpdateAdapterMaxIOInfo, HwDeviceExtension,
                                    MaxIoCount, MaxIosPerLun);
}


/* ---- Interrupt & DPC (extra) ---- */
USTOR_INLINE ULONG StorPortCancelDpc(PVOID HwDeviceExtension, PSTOR_DPC Dpc,
                                     BOOLEAN *ReturnValue)
{
    return StorPortExtendedFunction(ExtFunctionCancelDpc, HwDeviceExtension, Dpc, ReturnValue);
}

USTOR_INLINE ULONG StorPortGetMessageInterruptIDFromProcessorIndex(PVOID HwDeviceExtension,
                                                                   ULONG ProcessorIndex,
                                                                   PULONG MessageInterruptID)
{
    return StorPortExtendedFunction(ExtFunctionGetMessageInterruptIDFromProcessorIndex,
                                    HwDeviceExtension, ProcessorIndex, MessageInterruptID);
}

USTOR_INLINE ULONG StorPortMaskMsixInterrupt(PVOID HwDeviceExtension, ULONG MessageId,
                                             BOOLEAN Mask)
{
    return StorPortExtendedFunction(ExtFunctionMaskPciMsixEntry, HwDeviceExtension, MessageId,
                                    Mask);
}

USTOR_INLINE ULONG StorPortQueryDpcWatchdogInformation(
    PVOID HwDeviceExtension, PSTOR_DPC_WATCHDOG_INFORMATION DpcWatchdogInformation)
{
    return StorPortExtendedFunction(ExtFunctionQueryDpcWatchdogInformation, HwDeviceExtension,
                                    DpcWatchdogInformation);
}


/* ---- Locking (extra) ---- */
USTOR_INLINE ULONG StorPortAcquireSpinLockEx(PVOID HwDeviceExtension, STOR_SPINLOCK SpinLock,
                                             PVOID LockContext, PSTOR_LOCK_HANDLE LockHandle)
{
    return StorPortExtendedFunction(ExtFunctionAcquireSpinLock, HwDeviceExtension, SpinLock,
                                    LockContext, LockHandle);
}

USTOR_INLINE ULONG StorPortInitializeSpinlock(PVOID HwDeviceExtension, PSTOR_KSPIN_LOCK Lock)
{
    return StorPortExtendedFunction(ExtFunctionInitializeSpinlock, HwDeviceExtension, Lock);
}


/* ---- Memory management (extra) ---- */
USTOR_INLINE ULONG StorPortAllocateDmaMemory(PVOID HwDeviceExtension, SIZE_T NumberOfBytes,
                                             PHYSICAL_ADDRESS LowestAcceptableAddress,
                                             PHYSICAL_ADDRESS HighestAcceptableAddress,
                                             PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                             MEMORY_CACHING_TYPE CacheType,
                                             NODE_REQUIREMENT PreferredNode,
                                             PVOID *BufferPointer,
                                             PPHYSICAL_ADDRESS PhysicalAddress)
{
    return StorPortExtendedFunction(ExtFunctionAllocateDmaMemory, HwDeviceExtension,
                                    NumberOfBytes, LowestAcceptableAddress,
                                    HighestAcceptableAddress, BoundaryAddressMultiple,
                                    CacheType, PreferredNode, BufferPointer, PhysicalAddress);
}

USTOR_INLINE ULONG StorPortFreeDmaMemory(PVOID HwDeviceExtension, PVOID BaseAddress,
                                         SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType,
                                         PHYSICAL_ADDRESS PhysicalAddress)
{
    return StorPortExtendedFunction(ExtFunctionFreeDmaMemory, HwDeviceExtension, BaseAddress,
                                    NumberOfBytes, CacheType, PhysicalAddress);
}


/* ---- NVMe, StorMQ & driver proxy (extra) ---- */
USTOR_INLINE ULONG StorPortGetDriverProxyEndpointWrapper(
    PVOID HwDeviceExtension, PSTOR_DRIVER_PROXY_EXTENSION ProxyExtension,
    STOR_DRIVER_PROXY_ENDPOINT_FUNCTION_ID Id, PVOID *Wrapper)
{
    return StorPortExtendedFunction(ExtFunctionGetDriverProxyEndpointWrapper, HwDeviceExtension,
                                    ProxyExtension, Id, Wrapper);
}

USTOR_INLINE ULONG StorPortIsDriverHotSwapEnabled(PVOID HwDeviceExtension, PVOID DriverObject)
{
    return StorPortExtendedFunction(ExtFunctionIsDriverHotSwapEnabled, HwDeviceExtension,
                                    DriverObject);
}

USTOR_INLINE ULONG StorPortNvmeLogTelemetry(PVOID HwDeviceExtension, PVOID ControllerHandle,
                                            ULONG NamespaceId, PSTORPORT_TELEMETRY_EVENT Event,
                                            STOR_TELEMETRY_CATEGORY Category)
{
    return StorPortExtendedFunction(ExtFunctionNvmeMiniportTelemetry, HwDeviceExtension,
                                    ControllerHandle, NamespaceId, Event, Category);
}

USTOR_INLINE ULONG StorPortNvmeMiniportEvent(PVOID HwDeviceExtension, PVOID ControllerHandle,
                                             ULONG NamespaceId,
                                             STORPORT_ETW_EVENT_CHANNEL EventChannel,
                                             ULONG EventId, PWSTR EventDescription,
                                             ULONGLONG EventKeywords,
                                             STORPORT_ETW_LEVEL EventLevel,
                                             STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                             PWSTR Parameter1Name, ULONGLONG Parameter1Value,
                                             PWSTR Parameter2Name, ULONGLONG Parameter2Value,
                                             PWSTR Parameter3Name, ULONGLONG Parameter3Value,
                                             PWSTR Parameter4Name, ULONGLONG Parameter4Value,
                                             PWSTR Parameter5Name, ULONGLONG Parameter5Value,
                                             PWSTR Parameter6Name, ULONGLONG Parameter6Value,
                                             PWSTR Parameter7Name, ULONGLONG Parameter7Value,
                                             PWSTR Parameter8Name, ULONGLONG Parameter8Value)
{
    return StorPortExtendedFunction(ExtFunctionNvmeMiniportEvent, HwDeviceExtension,
                                    ControllerHandle, NamespaceId, EventChannel, EventId,
                                    EventDescription, EventKeywords, EventLevel, EventOpcode,
                                    Parameter1Name, Parameter1Value, Parameter2Name,
                                    Parameter2Value, Parameter3Name, Parameter3Value,
                                    Parameter4Name, Parameter4Value, Parameter5Name,
                                    Parameter5Value, Parameter6Name, Parameter6Value,
                                    Parameter7Name, Parameter7Value, Parameter8Name,
                                    Parameter8Value);
}

USTOR_INLINE ULONG StorPortRegisterDriverProxy(PVOID HwDeviceExtension, PVOID DriverObject,
                                               PSTOR_DRIVER_PROXY_EXTENSION *ProxyExtension)
{
    return StorPortExtendedFunction(ExtFunctionRegisterDriverProxy, HwDeviceExtension,
                                    DriverObject, ProxyExtension);
}

USTOR_INLINE ULONG StorPortRegisterDriverProxyEndpoints(
    PVOID HwDeviceExtension, PSTOR_DRIVER_PROXY_EXTENSION ProxyExtension,
    PSTOR_DRIVER_PROXY_ENDPOINT_INFORMATION EndpointInfo, ULONG Count)
{
    return StorPortExtendedFunction(ExtFunctionRegisterDriverProxyEndpoints, HwDeviceExtension,
                                    ProxyExtension, EndpointInfo, Count);
}

USTOR_INLINE ULONG StorPortStorMQAddController(PVOID HwAdapterExtension, ULONG NumberOfBytes,
                                               PVOID *ControllerExtension)
{
    return StorPortExtendedFunction(ExtFunctionStorMQAddController, HwAdapterExtension,
                                    NumberOfBytes, ControllerExtension);
}

USTOR_INLINE ULONG StorPortStorMQRemoveController(PVOID HwAdapterExtension,
                                                  PVOID ControllerExtension)
{
    return StorPortExtendedFunction(ExtFunctionStorMQRemoveController, HwAdapterExtension,
                                    ControllerExtension);
}


/* ---- Port and register I/O (extra) ---- */
USTOR_INLINE ULONG StorPortGetDeviceBase2(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
                                          ULONG SystemIoBusNumber,
                                          STOR_PHYSICAL_ADDRESS Address, ULONG NumberOfBytes,
                                          BOOLEAN InIoSpace, ULONG Flags, PVOID *BaseAddress)
{
    return StorPortExtendedFunction(ExtFunctionGetDeviceBase2, HwDeviceExtension, BusType,
                                    SystemIoBusNumber, Address, NumberOfBytes, InIoSpace, Flags,
                                    BaseAddress);
}


/* ---- Power & device management (extra) ---- */
USTOR_INLINE ULONG StorPortGetD3ColdSupport(PVOID HwDeviceExtension, PVOID Address,
                                            PBOOLEAN Supported)
{
    return StorPortExtendedFunction(ExtFunctionGetD3ColdSupport, HwDeviceExtension, Address,
                                    Supported);
}

USTOR_INLINE ULONG StorPortHardwareReset(PVOID HwDeviceExtension, STOR_DEVICE_RESET_TYPE Type)
{
    return StorPortExtendedFunction(ExtFunctionDeviceReset, HwDeviceExtension, Type);
}

USTOR_INLINE ULONG StorPortPoFxRegisterPerfStates(PVOID HwDeviceExtension,
                                                  PSTOR_ADDRESS Address, ULONG Component,
                                                  ULONGLONG Flags, ULONG PerfSetCount,
                                                  PSTOR_POFX_COMPONENT_PERF_SET PerfSets)
{
    return StorPortExtendedFunction(ExtFunctionPoFxRegisterPerfStates, HwDeviceExtension,
                                    Address, Component, Flags, PerfSetCount, PerfSets);
}

USTOR_INLINE ULONG StorPortPoFxSetIdleTimeout(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                              ULONG IdleTimeoutInMS)
{
    return StorPortExtendedFunction(ExtFunctionPoFxSetIdleTimeout, HwDeviceExtension, Address,
                                    IdleTimeoutInMS);
}

USTOR_INLINE ULONG StorPortPoFxSetPerfState(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            ULONG Component, ULONG Flags, ULONG SetIndex,
                                            ULONG State, PVOID Context)
{
    return StorPortExtendedFunction(ExtFunctionPoFxSetPerfState, HwDeviceExtension, Address,
                                    Component, Flags, SetIndex, State, Context);
}

USTOR_INLINE ULONG StorPortPropagateIrpExtension(PVOID HwDeviceExtension,
                                                 PSCSI_REQUEST_BLOCK Srb, PVOID TargetIrp,
                                                 ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionPropagateIrpExtension, HwDeviceExtension, Srb,
                                    TargetIrp, Flags);
}


/* ---- Processor / NUMA (extra) ---- */
USTOR_INLINE ULONG StorPortGetCurrentProcessorIndex(PVOID HwDeviceExtension,
                                                    PULONG ProcessorIndex)
{
    return StorPortExtendedFunction(ExtFunctionGetCurrentProcessorIndex, HwDeviceExtension,
                                    ProcessorIndex);
}

USTOR_INLINE ULONG StorPortGetNodeAffinity2(PVOID HwDeviceExtension, ULONG NodeNumber,
                                            PGROUP_AFFINITY GroupAffinities,
                                            USHORT GroupAffinitiesCount,
                                            PUSHORT GroupAffinitiesCountRequired)
{
    return StorPortExtendedFunction(ExtFunctionGetNodeAffinity2, HwDeviceExtension, NodeNumber,
                                    GroupAffinities, GroupAffinitiesCount,
                                    GroupAffinitiesCountRequired);
}

USTOR_INLINE ULONG StorPortGetProcessorCount(PVOID HwDeviceExtension, PULONG ProcessorCount)
{
    return StorPortExtendedFunction(ExtFunctionGetProcessorCount, HwDeviceExtension,
                                    ProcessorCount);
}

USTOR_INLINE ULONG StorPortGetProcessorIndexFromNumber(PVOID HwDeviceExtension,
                                                       PPROCESSOR_NUMBER ProcessorNumber,
                                                       PULONG ProcessorIndex)
{
    return StorPortExtendedFunction(ExtFunctionGetProcessorIndexFromNumber, HwDeviceExtension,
                                    ProcessorNumber, ProcessorIndex);
}


/* ---- Registry (extra) ---- */
USTOR_INLINE ULONG StorPortEnableRegistryKeyNotification(
    PVOID HwDeviceExtension, PHW_REGISTRY_NOTIFICATION_ROUTINE NotificationCallback)
{
    return StorPortExtendedFunction(ExtFunctionEnableRegistryKeyNotification, HwDeviceExtension,
                                    NotificationCallback);
}

USTOR_INLINE ULONG StorPortReadRegistryKey(PVOID HwDeviceExtension, PWSTR AbsolutePath,
                                           PWSTR KeyName, ULONG ValueType, PVOID *ValueData,
                                           PULONG ValueDataLength)
{
    return StorPortExtendedFunction(ExtFunctionReadRegistryKey, HwDeviceExtension, AbsolutePath,
                                    KeyName, ValueType, ValueData, ValueDataLength);
}


/* ---- Threads, events & work items (extra) ---- */
USTOR_INLINE ULONG StorPortCreateSystemThread(PVOID HwDeviceExtension,
                                              PSTOR_THREAD_START_ROUTINE StartRoutine,
                                              PVOID StartContext,
                                              PSTOR_THREAD_PRIORITY Priority,
                                              PVOID *ThreadContext)
{
    return StorPortExtendedFunction(ExtFunctionCreateSystemThread, HwDeviceExtension,
                                    StartRoutine, StartContext, Priority, ThreadContext);
}

USTOR_INLINE ULONG StorPortGetCurrentIrql(PVOID HwDeviceExtension, PKIRQL Irql)
{
    return StorPortExtendedFunction(ExtFunctionGetCurrentIrql, HwDeviceExtension, Irql);
}

USTOR_INLINE ULONG StorPortInitializeEvent(PVOID HwDeviceExtension, PSTOR_EVENT Event,
                                           STOR_EVENT_TYPE Type, BOOLEAN State)
{
    return StorPortExtendedFunction(ExtFunctionInitializeEvent, HwDeviceExtension, Event, Type,
                                    State);
}

USTOR_INLINE ULONG StorPortQueueWorkItemToNode(PVOID HwDeviceExtension,
                                               PHW_WORKITEM WorkItemCallback, PVOID Worker,
                                               PVOID Context, ULONG Node)
{
    return StorPortExtendedFunction(ExtFunctionQueueWorkItemToNode, HwDeviceExtension,
                                    WorkItemCallback, Worker, Context, Node);
}

USTOR_INLINE ULONG StorPortRevertToUserGroupAffinityThread(
    PVOID HwDeviceExtension, PVOID ThreadContext, PSTOR_GROUP_AFFINITY PreviousAffinity)
{
    return StorPortExtendedFunction(ExtFunctionRevertToUserGroupAffinityThread,
                                    HwDeviceExtension, ThreadContext, PreviousAffinity);
}

USTOR_INLINE ULONG StorPortSetEvent(PVOID HwDeviceExtension, PSTOR_EVENT Event)
{
    return StorPortExtendedFunction(ExtFunctionSetEvent, HwDeviceExtension, Event);
}

USTOR_INLINE ULONG StorPortSetPriorityThread(PVOID HwDeviceExtension, PVOID ThreadContext,
                                             STOR_THREAD_PRIORITY Priority)
{
    return StorPortExtendedFunction(ExtFunctionSetPriorityThread, HwDeviceExtension,
                                    ThreadContext, Priority);
}

USTOR_INLINE ULONG StorPortSetSystemGroupAffinityThread(PVOID HwDeviceExtension,
                                                        PVOID ThreadContext,
                                                        PSTOR_GROUP_AFFINITY Affinity,
                                                        PSTOR_GROUP_AFFINITY PreviousAffinity)
{
    return StorPortExtendedFunction(ExtFunctionSetSystemGroupAffinityThread, HwDeviceExtension,
                                    ThreadContext, Affinity, PreviousAffinity);
}

USTOR_INLINE ULONG StorPortWaitForSingleObject(PVOID HwDeviceExtension, PVOID Object,
                                               BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    return StorPortExtendedFunction(ExtFunctionWaitForEvent, HwDeviceExtension, Object,
                                    Alertable, Timeout);
}


/* ---- Timer & delay (extra) ---- */
USTOR_INLINE ULONG StorPortCancelHighResolutionTimer(PVOID HwDeviceExtension, PVOID TimerHandle,
                                                     PVOID Parameters, BOOLEAN *ReturnValue)
{
    return StorPortExtendedFunction(ExtFunctionCancelHighResolutionTimer, HwDeviceExtension,
                                    TimerHandle, Parameters, ReturnValue);
}

USTOR_INLINE ULONG StorPortDelayExecution(PVOID HwDeviceExtension, ULONG DelayInMicroseconds)
{
    return StorPortExtendedFunction(ExtFunctionDelayExecution, HwDeviceExtension,
                                    DelayInMicroseconds);
}

USTOR_INLINE ULONG StorPortFreeHighResolutionTimer(PVOID HwDeviceExtension, PVOID TimerHandle,
                                                   BOOLEAN Cancel, BOOLEAN Wait,
                                                   PSTOR_EXT_DELETE_PARAMETERS Parameters,
                                                   BOOLEAN *ReturnValue)
{
    return StorPortExtendedFunction(ExtFunctionFreeHighResolutionTimer, HwDeviceExtension,
                                    TimerHandle, Cancel, Wait, Parameters, ReturnValue);
}

USTOR_INLINE ULONG StorPortInitializeHighResolutionTimer(PVOID HwDeviceExtension,
                                                         PHW_TIMER_EX Callback, PVOID Context,
                                                         PVOID *TimerHandle)
{
    return StorPortExtendedFunction(ExtFunctionInitializeHighResolutionTimer, HwDeviceExtension,
                                    Callback, Context, TimerHandle);
}

USTOR_INLINE ULONG StorPortQueryTimerMinInterval(PVOID HwDeviceExtension,
                                                 PULONG TimerMinInterval)
{
    return StorPortExtendedFunction(ExtFunctionQueryTimerMinInterval, HwDeviceExtension,
                                    TimerMinInterval);
}

USTOR_INLINE ULONG StorPortRequestHighResolutionTimer(PVOID HwDeviceExtension,
                                                      PVOID TimerHandle, LONGLONG DueTime,
                                                      LONGLONG Period,
                                                      PSTOR_EXT_SET_PARAMETERS Parameters,
                                                      BOOLEAN *ReturnValue)
{
    return StorPortExtendedFunction(ExtFunctionRequestHighResolutionTimer, HwDeviceExtension,
                                    TimerHandle, DueTime, Period, Parameters, ReturnValue);
}

#endif /* USTOR_STORPORT_EXTFN_MORE_H */
