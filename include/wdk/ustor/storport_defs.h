/*
 * ustor/storport_defs.h - the numeric vocabulary of storport.h: extended-function
 * codes, STOR_STATUS_*, lock kinds, performance, feature, mapping, dump and PoFx
 * flags, and the enums of the power, ETW, telemetry, thread and crypto routines.
 * Internal piece of storport.h. Leaves out the SRB_* families, STOR_ADDRESS and
 * the power/PnP enums of SRBs (ustor/srb_defs.h), STORAGE_BUS_TYPE (ntddstor.h)
 * and everything storport.h shares with srb.h (ustor/storport_config.h).
 * Values: storport-facts.md sections 2 and 4.
 */
#ifndef USTOR_STORPORT_DEFS_H
#define USTOR_STORPORT_DEFS_H

#include "storport_config.h"

/* ---- StorPortExtendedFunction codes: consecutive from 0, no gaps ---- */
typedef enum _STORPORT_FUNCTION_CODE {
    ExtFunctionAllocatePool = 0,
    ExtFunctionFreePool = 1,
    ExtFunctionAllocateMdl = 2,
    ExtFunctionFreeMdl = 3,
    ExtFunctionBuildMdlForNonPagedPool = 4,
    ExtFunctionGetSystemAddress = 5,
    ExtFunctionGetOriginalMdl = 6,
    ExtFunctionCompleteServiceIrp = 7,
    ExtFunctionGetDeviceObjects = 8,
    ExtFunctionBuildScatterGatherList = 9,
    ExtFunctionPutScatterGatherList = 10,
    ExtFunctionAcquireMSISpinLock = 11,
    ExtFunctionReleaseMSISpinLock = 12,
    ExtFunctionGetMessageInterruptInformation = 13,
    ExtFunctionInitializePerformanceOptimizations = 14,
    ExtFunctionGetStartIoPerformanceParameters = 15,
    ExtFunctionLogSystemEvent = 16,
    ExtFunctionGetCurrentProcessorNumber = 17,
    ExtFunctionGetActiveGroupCount = 18,
    ExtFunctionGetGroupAffinity = 19,
    ExtFunctionGetActiveNodeCount = 20,
    ExtFunctionGetNodeAffinity = 21,
    ExtFunctionGetHighestNodeNumber = 22,
    ExtFunctionGetLogicalProcessorRelationship = 23,
    ExtFunctionAllocateContiguousMemorySpecifyCacheNode = 24,
    ExtFunctionFreeContiguousMemorySpecifyCache = 25,
    ExtFunctionSetPowerSettingNotificationGuids = 26,
    ExtFunctionInvokeAcpiMethod = 27,
    ExtFunctionGetRequestInfo = 28,
    ExtFunctionInitializeWorker = 29,
    ExtFunctionQueueWorkItem = 30,
    ExtFunctionFreeWorker = 31,
    ExtFunctionInitializeTimer = 32,
    ExtFunctionRequestTimer = 33,
    ExtFunctionFreeTimer = 34,
    ExtFunctionInitializeSListHead = 35,
    ExtFunctionInterlockedFlushSList = 36,
    ExtFunctionInterlockedPopEntrySList = 37,
    ExtFunctionInterlockedPushEntrySList = 38,
    ExtFunctionQueryDepthSList = 39,
    ExtFunctionGetActivityId = 40,
    ExtFunctionGetSystemPortNumber = 41,
    ExtFunctionGetDataInBufferMdl = 42,
    ExtFunctionGetDataInBufferSystemAddress = 43,
    ExtFunctionGetDataInBufferScatterGatherList = 44,
    ExtFunctionMarkDumpMemory = 45,
    ExtFunctionSetUnitAttributes = 46,
    ExtFunctionQueryPerformanceCounter = 47,
    ExtFunctionInitializePoFxPower = 48,
    ExtFunctionPoFxActivateComponent = 49,
    ExtFunctionPoFxIdleComponent = 50,
    ExtFunctionPoFxSetComponentLatency = 51,
    ExtFunctionPoFxSetComponentResidency = 52,
    ExtFunctionPoFxPowerControl = 53,
    ExtFunctionFlushDataBufferMdl = 54,
    ExtFunctionDeviceOperationAllowed = 55,
    ExtFunctionGetProcessorIndexFromNumber = 56,
    ExtFunctionPoFxSetIdleTimeout = 57,
    ExtFunctionMiniportEtwEvent2 = 58,
    ExtFunctionMiniportEtwEvent4 = 59,
    ExtFunctionMiniportEtwEvent8 = 60,
    ExtFunctionCurrentOsInstallationUpgrade = 61,
    ExtFunctionRegistryReadAdapterKey = 62,
    ExtFunctionRegistryWriteAdapterKey = 63,
    ExtFunctionSetAdapterBusType = 64,
    ExtFunctionPoFxRegisterPerfStates = 65,
    ExtFunctionPoFxSetPerfState = 66,
    ExtFunctionGetD3ColdSupport = 67,
    ExtFunctionInitializeRpmb = 68,
    ExtFunctionAllocateHmb = 69,
    ExtFunctionFreeHmb = 70,
    ExtFunctionPropagateIrpExtension = 71,
    ExtFunctionInterlockedInsertHeadList = 72,
    ExtFunctionInterlockedInsertTailList = 73,
    ExtFunctionInterlockedRemoveHeadList = 74,
    ExtFunctionInitializeSpinlock = 75,
    ExtFunctionGetPfns = 76,
    ExtFunctionInitializeCryptoEngine = 77,
    ExtFunctionGetRequestCryptoInfo = 78,
    ExtFunctionMiniportTelemetry = 79,
    ExtFunctionUpdateAdapterMaxIO = 80,
    ExtFunctionDelayExecution = 81,
    ExtFunctionAllocateDmaMemory = 82,
    ExtFunctionFreeDmaMemory = 83,
    ExtFunctionUpdateAdapterMaxIOInfo = 84,
    ExtFunctionMiniportChannelEtwEvent2 = 85,
    ExtFunctionMiniportChannelEtwEvent4 = 86,
    ExtFunctionMiniportChannelEtwEvent8 = 87,
    ExtFunctionInitializeHighResolutionTimer = 88,
    ExtFunctionRequestHighResolutionTimer = 89,
    ExtFunctionCancelHighResolutionTimer = 90,
    ExtFunctionFreeHighResolutionTimer = 91,
    ExtFunctionGetCurrentProcessorIndex = 92,
    ExtFunctionAcquireSpinLock = 93,
    ExtFunctionGetProcessorCount = 94,
    ExtFunctionCancelDpc = 95,
    ExtFunctionMiniportTelemetryEx = 96,
    ExtFunctionQueryConfiguration = 97,
    ExtFunctionLogHardwareError = 98,
    ExtFunctionInitializeEvent = 99,
    ExtFunctionWaitForEvent = 100,
    ExtFunctionSetEvent = 101,
    ExtFunctionDeviceReset = 102,
    ExtFunctionSetFeatureList = 103,
    ExtFunctionCaptureLiveDump = 104,
    ExtFunctionMiniportLogByteStream = 105,
    ExtFunctionQueryDpcWatchdogInformation = 106,
    ExtFunctionQueryTimerMinInterval = 107,
    ExtFunctionMaskPciMsixEntry = 108,
    ExtFunctionGetCurrentIrql = 109,
    ExtFunctionCreateSystemThread = 110,
    ExtFunctionSetPriorityThread = 111,
    ExtFunctionSetSystemGroupAffinityThread = 112,
    ExtFunctionRevertToUserGroupAffinityThread = 113,
    ExtFunctionDeviceResetEx = 114,
    ExtFunctionMiniportReportInternalData = 115,
    ExtFunctionGetMessageInterruptIDFromProcessorIndex = 116,
    ExtFunctionGetNodeAffinity2 = 117,
    ExtFunctionEnableRegistryKeyNotification = 118,
    ExtFunctionPoFxRegisterPerfStatesEx = 119,
    ExtFunctionReadRegistryKey = 120,
    ExtFunctionGetDeviceBase2 = 121,
    ExtFunctionIsDriverHotSwapEnabled = 122,
    ExtFunctionRegisterDriverProxy = 123,
    ExtFunctionRegisterDriverProxyEndpoints = 124,
    ExtFunctionGetDriverProxyEndpointWrapper = 125,
    ExtFunctionNvmeIceIoStart = 126,
    ExtFunctionNvmeIceIoComplete = 127,
    ExtFunctionNvmeMiniportEvent = 128,
    ExtFunctionNvmeMiniportTelemetry = 129,
    ExtFunctionGetDriverProxyEndpointWrapperFromEndpoint = 130,
    ExtFunctionSwapDriverProxyEndpoints = 131,
    ExtFunctionStorMQAddController = 132,
    ExtFunctionStorMQRemoveController = 133,
    ExtFunctionNvmeIceIoStartEx = 134,
    ExtFunctionQueryNvmeIceSupport = 135,
    ExtFunctionQueueWorkItemToNode = 136
} STORPORT_FUNCTION_CODE, *PSTORPORT_FUNCTION_CODE;
USTOR_LAYOUT_ASSERT(sizeof(STORPORT_FUNCTION_CODE) == 4);

/* ---- what the extended-function wrappers return (ULONG, as with MSVC's 32-bit long) ---- */
#define STOR_STATUS_SUCCESS ((ULONG)0x00000000L)
#define STOR_STATUS_UNSUCCESSFUL ((ULONG)0xC1000001L)
#define STOR_STATUS_NOT_IMPLEMENTED ((ULONG)0xC1000002L)
#define STOR_STATUS_INSUFFICIENT_RESOURCES ((ULONG)0xC1000003L)
#define STOR_STATUS_BUFFER_TOO_SMALL ((ULONG)0xC1000004L)
#define STOR_STATUS_ACCESS_DENIED ((ULONG)0xC1000005L)
#define STOR_STATUS_INVALID_PARAMETER ((ULONG)0xC1000006L)
#define STOR_STATUS_INVALID_DEVICE_REQUEST ((ULONG)0xC1000007L)
#define STOR_STATUS_INVALID_IRQL ((ULONG)0xC1000008L)
#define STOR_STATUS_INVALID_DEVICE_STATE ((ULONG)0xC1000009L)
#define STOR_STATUS_INVALID_BUFFER_SIZE ((ULONG)0xC100000AL)
#define STOR_STATUS_UNSUPPORTED_VERSION ((ULONG)0xC100000BL)
#define STOR_STATUS_BUSY ((ULONG)0xC100000CL)

/* Every outstanding request (StorPortBusy/DeviceBusy); nvme spells it the same way. */
#define STOR_ALL_REQUESTS (0xFFFFFFFF)

/* ---- locks, DMA and scatter/gather ---- */
typedef enum _STOR_SPINLOCK {
    InvalidLock = 0,
    DpcLock = 1,
    StartIoLock = 2,
    InterruptLock = 3,
    ThreadedDpcLock = 4,
    DpcLevelLock = 5
} STOR_SPINLOCK;
USTOR_LAYOUT_ASSERT(sizeof(STOR_SPINLOCK) == 4);

typedef enum _GETSGSTATUS {
    SG_ALLOCATED = 0,
    SG_BUFFER_TOO_SMALL = 1
} GETSGSTATUS, *PGETSGSTATUS;

typedef enum _STOR_DMA_WIDTH {
    DmaUnknown = 0,
    Dma32Bit = 1,
    Dma64BitScatterGather = 2,
    Dma64Bit = 3
} STOR_DMA_WIDTH;

/* ---- PERF_CONFIGURATION_DATA.Flags and .Version ---- */
#define STOR_PERF_DPC_REDIRECTION 0x00000001
#define STOR_PERF_CONCURRENT_CHANNELS 0x00000002
#define STOR_PERF_INTERRUPT_MESSAGE_RANGES 0x00000004
#define STOR_PERF_ADV_CONFIG_LOCALITY 0x00000008
#define STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO 0x00000010
#define STOR_PERF_DPC_REDIRECTION_CURRENT_CPU 0x00000020
/* Inferred value (storport-facts.md 4.10); the port never offers it. */
#define STOR_PERF_NO_SGL 0x00000040

#define STOR_PERF_VERSION_2 0x00000002
#define STOR_PERF_VERSION_3 0x00000003
#define STOR_PERF_VERSION_4 0x00000004
#define STOR_PERF_VERSION_5 0x00000005
#define STOR_PERF_VERSION STOR_PERF_VERSION_5

/* ---- HW_INITIALIZATION_DATA.FeatureSupport ---- */
#define STOR_FEATURE_VIRTUAL_MINIPORT 0x00000001
#define STOR_FEATURE_ATA_PASS_THROUGH 0x00000002
#define STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES 0x00000004
#define STOR_FEATURE_DUMP_POINTERS 0x00000008
#define STOR_FEATURE_DEVICE_NAME_NO_SUFFIX 0x00000010
#define STOR_FEATURE_DUMP_RESUME_CAPABLE 0x00000020
#define STOR_FEATURE_DEVICE_DESCRIPTOR_FROM_ATA_INFO_VPD 0x00000040
#define STOR_FEATURE_EXTRA_IO_INFORMATION 0x00000080
#define STOR_FEATURE_ADAPTER_CONTROL_PRE_FINDADAPTER 0x00000100
#define STOR_FEATURE_ADAPTER_NOT_REQUIRE_IO_PORT 0x00000200
#define STOR_FEATURE_DUMP_16_BYTE_ALIGNMENT 0x00000400
#define STOR_FEATURE_SET_ADAPTER_INTERFACE_TYPE 0x00000800
#define STOR_FEATURE_DUMP_INFO 0x00001000
#define STOR_FEATURE_DMA_ALLOCATION_NO_BOUNDARY 0x00002000
#define STOR_FEATURE_SUPPORTS_NVME_ADAPTER 0x00004000
#define STOR_FEATURE_REPORT_INTERNAL_DATA 0x00008000
#define STOR_FEATURE_EARLY_DUMP 0x00010000
#define STOR_FEATURE_NVME_ICE 0x00020000

/* ---- PORT_CONFIGURATION_INFORMATION.FeatureSupport ---- */
#define STOR_ADAPTER_FEATURE_DEVICE_TELEMETRY 0x00000001
#define STOR_ADAPTER_FEATURE_STOP_UNIT_DURING_POWER_DOWN 0x00000002
#define STOR_ADAPTER_UNCACHED_EXTENSION_NUMA_NODE_PREFERRED 0x00000004
#define STOR_ADAPTER_DMA_V3_PREFERRED 0x00000008
#define STOR_ADAPTER_FEATURE_ABORT_COMMAND 0x00000010
#define STOR_ADAPTER_FEATURE_RICH_TEMPERATURE_THRESHOLD 0x00000020
#define STOR_ADAPTER_DMA_ADDRESS_WIDTH_SPECIFIED 0x00000040
#define STOR_ADAPTER_FEATURE_UNIQUE_QUEUEING_TAG 0x00000080

/* ---- MapBuffers ---- */
#define STOR_MAP_NO_BUFFERS (0)
#define STOR_MAP_ALL_BUFFERS (1)
#define STOR_MAP_NON_READ_WRITE_BUFFERS (2)
#define STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE (3)

/* ---- crash dump and hibernation ---- */
#define DUMP_MODE_CRASH 0x01
#define DUMP_MODE_HIBER 0x02
#define DUMP_MODE_MARK_MEMORY 0x03
#define DUMP_MODE_RESUME 0x04
#define DUMP_MINIPORT_VERSION_1 0x0100
#define DUMP_MINIPORT_VERSION 0x0200
#define DUMP_MINIPORT_NAME_LENGTH 15

/* ---- runtime power management (PoFx) ---- */
#define STOR_POFX_DEVICE_VERSION_V1 1
#define STOR_POFX_DEVICE_VERSION_V2 2
#define STOR_POFX_DEVICE_VERSION_V3 3
#define STOR_POFX_COMPONENT_VERSION_V1 1
#define STOR_POFX_COMPONENT_VERSION_V2 2
#define STOR_POFX_COMPONENT_IDLE_STATE_VERSION_V1 1
#define STOR_POFX_PERF_STATE_VERSION_V1 1
#define STOR_POFX_COMPONENT_PERF_SET_VERSION_V1 1
#define STOR_POFX_UNKNOWN_POWER 0xFFFFFFFF
#define STOR_POFX_UNKNOWN_TIME 0xFFFFFFFFFFFFFFFF
#define STOR_POFX_COMPONENT_MIN_PERF_SETS 0
#define STOR_POFX_COMPONENT_MAX_PERF_SETS 3
#define STOR_POFX_MIN_DISCRETE_PERF_STATES 1
#define STOR_POFX_MAX_DISCRETE_PERF_STATES 8
#define STOR_POFX_UNIT_MIN_IDLE_STATES 1
#define STOR_POFX_UNIT_MAX_IDLE_STATES 2
#define STOR_POFX_ADAPTER_MIN_IDLE_STATES 1
#define STOR_POFX_ADAPTER_MAX_IDLE_STATES 8
#define STOR_POFX_UNIT_MIN_COMPONENTS 1
#define STOR_POFX_UNIT_MAX_COMPONENTS 1
#define STOR_POFX_ADAPTER_MIN_COMPONENTS 1
#define STOR_POFX_ADAPTER_MAX_COMPONENTS 1

#define STOR_POFX_DEVICE_FLAG_NO_D0 0x01
#define STOR_POFX_DEVICE_FLAG_NO_D3 0x02
#define STOR_POFX_DEVICE_FLAG_ENABLE_D3_COLD 0x04
#define STOR_POFX_DEVICE_FLAG_NO_DUMP_ACTIVE 0x08
#define STOR_POFX_DEVICE_FLAG_IDLE_TIMEOUT 0x10
#define STOR_POFX_DEVICE_FLAG_ADAPTIVE_D3_IDLE_TIMEOUT 0x20
#define STOR_POFX_DEVICE_FLAG_NO_UNIT_REGISTRATION 0x40
#define STOR_POFX_DEVICE_FLAG_PERF_STATE_PEP_OPTIONAL 0x80
#define STOR_POFX_DEVICE_FLAG_NO_IDLE_DEBOUNCE 0x100
#define STOR_POFX_DEVICE_FLAG_DUMP_ALWAYS_POWER_ON 0x200
#define STOR_POFX_DEVICE_FLAG_DISABLE_INTERRUPTS_ON_D3 0x400
#define STOR_POFX_DEVICE_FLAG_ADAPTER_D3_WAKE 0x800
#define STOR_POFX_DEVICE_FLAG_GET_PERF_STATE_FROM_PEP 0x1000

#define STOR_SYSTEM_POWER_HINTS_V1 0x1

typedef enum _RAID_SYSTEM_POWER {
    RaidSystemPowerUnknown = 0,
    RaidSystemPowerLowest = 1,
    RaidSystemPowerLow = 2,
    RaidSystemPowerMedium = 3,
    RaidSystemPowerHigh = 4
} RAID_SYSTEM_POWER, *PRAID_SYSTEM_POWER;

typedef enum _STOR_POFX_PERF_STATE_UNIT {
    StorPoFxPerfStateUnitOther = 0,
    StorPoFxPerfStateUnitFrequency = 1,
    StorPoFxPerfStateUnitBandwidth = 2,
    StorPoFxPerfStateUnitMilliwatts = 3,
    StorPoFxPerfStateUnitMaximum = 4
} STOR_POFX_PERF_STATE_UNIT, *PSTOR_POFX_PERF_STATE_UNIT;

typedef enum _STOR_POFX_PERF_STATE_TYPE {
    StorPoFxPerfStateTypeDiscrete = 0,
    StorPoFxPerfStateTypeRange = 1,
    StorPoFxPerfStateTypeMaximum = 2
} STOR_POFX_PERF_STATE_TYPE, *PSTOR_POFX_PERF_STATE_TYPE;

typedef enum _STOR_DEVICE_RESET_TYPE {
    StorFunctionLevelReset = 0,
    StorPlatformLevelReset = 1,
    StorBusSpecificReset = 2
} STOR_DEVICE_RESET_TYPE, *PSTOR_DEVICE_RESET_TYPE;

/* ---- unit control and optional features ---- */
typedef enum _SCSI_UC_DEVICE_USAGE_TYPE {
    ScsiDeviceUsageTypeUndefined = 0,
    ScsiDeviceUsageTypePaging = 1,
    ScsiDeviceUsageTypeHibernation = 2,
    ScsiDeviceUsageTypeDumpFile = 3,
    ScsiDeviceUsageTypeBoot = 4
} SCSI_UC_DEVICE_USAGE_TYPE, *PSCSI_UC_DEVICE_USAGE_TYPE;

/* StorPortSetFeatureList indexes; the maximum follows the target Windows version. */
typedef enum _STORPORT_FEATURE_TYPE {
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_VB
    StorportFeatureBusTypeUnitControl = 0,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_FE
    StorportFeatureFruIdUnitControl = 1,
    StorportFeatureFruIdAdapterControl = 2,
    StorportFeatureSetEventLoggingAdapterControl = 3,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_CO
    StorportFeatureReportInternalDataUnitControl = 4,
    StorportFeatureReportInternalDataAdapterControl = 5,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_NI
    StorportFeatureResetBusSynchronous = 6,
    StorportFeaturePostHwInitialize = 7,
    StorportFeaturePrepareEarlyDumpData = 8,
    StorportFeatureRestoreEarlyDumpData = 9,
    StorportFeatureKsrAdapterPowerDownOptimization = 10,
    StorportFeatureKsrUnitPowerDownOptimization = 11,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_GE
    StorportFeaturePreparePLDR = 12,
    StorportFeatureNvmeofAdapterOperation = 13,
    StorportFeatureReserved1 = 14,
    StorportFeatureQueryStorMQInterface = 15,
#endif
    StorportFeatureMax
} STORPORT_FEATURE_TYPE, *PSTORPORT_FEATURE_TYPE;

/* ---- DPCs, I/O priority, threads, events ---- */
typedef enum _STOR_IMPORTANCE {
    StorLowImportance = 0,
    StorMediumImportance = 1,
    StorHighImportance = 2,
    StorMediumHighImportance = 3
} STOR_IMPORTANCE, *PSTOR_IMPORTANCE;

typedef enum _STOR_IO_PRIORITY_HINT {
    StorIoPriorityVeryLow = 0,
    StorIoPriorityLow = 1,
    StorIoPriorityNormal = 2,
    StorIoPriorityHigh = 3,
    StorIoPriorityCritical = 4,
    StorIoMaxPriorityTypes = 5,
    StorIoMaxPriorityValue = 0xFFFF
} STOR_IO_PRIORITY_HINT, *PSTOR_IO_PRIORITY_HINT;

/* Kernel thread priorities ([PDB] values; the docs list names only). */
typedef enum _STOR_THREAD_PRIORITY {
    StorThreadPriorityBackground = 7,
    StorThreadPriorityNormal = 8,
    StorThreadPriorityDelayed = 12,
    StorThreadPriorityCritical = 13,
    StorThreadPrioritySuperCritical = 14,
    StorThreadPriorityHyperCritical = 15,
    StorThreadPriorityRealTime = 18
} STOR_THREAD_PRIORITY, *PSTOR_THREAD_PRIORITY;

typedef enum _STOR_EVENT_TYPE {
    StorNotificationEvent = 0,
    StorSynchronizationEvent = 1
} STOR_EVENT_TYPE, *PSTOR_EVENT_TYPE;

/* ---- events, ETW and telemetry ---- */
typedef enum _STOR_EVENT_ASSOCIATION_ENUM {
    StorEventAdapterAssociation = 0,
    StorEventLunAssociation = 1,
    StorEventTargetAssociation = 2,
    StorEventInvalidAssociation = 3
} STOR_EVENT_ASSOCIATION_ENUM;

typedef enum _STOR_TELEMETRY_CATEGORY {
    StorTelemetryCategory = 0,
    StorMeasuresCategory = 1
} STOR_TELEMETRY_CATEGORY, *PSTOR_TELEMETRY_CATEGORY;

typedef enum _STORPORT_ETW_LEVEL {
    StorportEtwLevelLogAlways = 0,
    StorportEtwLevelCritical = 1,
    StorportEtwLevelError = 2,
    StorportEtwLevelWarning = 3,
    StorportEtwLevelInformational = 4,
    StorportEtwLevelVerbose = 5,
    StorportEtwLevelMax = StorportEtwLevelVerbose
} STORPORT_ETW_LEVEL, *PSTORPORT_ETW_LEVEL;

typedef enum _STORPORT_ETW_EVENT_OPCODE {
    StorportEtwEventOpcodeInfo = 0,
    StorportEtwEventOpcodeStart = 1,
    StorportEtwEventOpcodeStop = 2,
    StorportEtwEventOpcodeDC_Start = 3,
    StorportEtwEventOpcodeDC_Stop = 4,
    StorportEtwEventOpcodeExtension = 5,
    StorportEtwEventOpcodeReply = 6,
    StorportEtwEventOpcodeResume = 7,
    StorportEtwEventOpcodeSuspend = 8,
    StorportEtwEventOpcodeSend = 9,
    StorportEtwEventOpcodeReceive = 240
} STORPORT_ETW_EVENT_OPCODE, *PSTORPORT_ETW_EVENT_OPCODE;

typedef enum _STORPORT_ETW_EVENT_CHANNEL {
    StorportEtwEventDiagnostic = 0,
    StorportEtwEventOperational = 1,
    StorportEtwEventHealth = 2,
    StorportEtwEventIoPerformance = 3
} STORPORT_ETW_EVENT_CHANNEL, *PSTORPORT_ETW_EVENT_CHANNEL;

#define STORPORT_ETW_EVENT_KEYWORD_IO 0x01
#define STORPORT_ETW_EVENT_KEYWORD_PERFORMANCE 0x02
#define STORPORT_ETW_EVENT_KEYWORD_POWER 0x04
#define STORPORT_ETW_EVENT_KEYWORD_ENUMERATION 0x08
#define STORPORT_ETW_EVENT_KEYWORD_COMMAND_TRACE 0x10
#define STORPORT_ETW_MAX_DESCRIPTION_LENGTH 32
#define STORPORT_ETW_MAX_PARAM_NAME_LENGTH 16

/* STORPORT_TELEMETRY_EVENT limits */
#define EVENT_BUFFER_MAX_LENGTH 4096
#define EVENT_NAME_MAX_LENGTH 32
#define EVENT_MAX_PARAM_NAME_LEN 32

typedef enum _STORPORT_QUERY_CONFIGURATION_TYPE {
    StorportQueryConfigurationD3 = 0,
    StorportQueryConfigurationMax = 1
} STORPORT_QUERY_CONFIGURATION_TYPE, *PSTORPORT_QUERY_CONFIGURATION_TYPE;

/* Live dumps (names from the ne-storport-storport_*livedump* pages). */
typedef enum _STORPORT_CAPTURE_LIVEDUMP_TYPE {
    StorportCaptureLiveDumpTypeUndefined = 0,
    StorportCaptureLiveDumpTypeMini = 1,
    StorportCaptureLiveDumpTypeFull = 2
} STORPORT_CAPTURE_LIVEDUMP_TYPE, *PSTORPORT_CAPTURE_LIVEDUMP_TYPE;

typedef enum _STORPORT_LIVEDUMP_ISSUE_TYPE {
    StorportLivedumpIssueTypeUndefined = 0,
    StorportLivedumpIssueTypeDevicePanic = 1
} STORPORT_LIVEDUMP_ISSUE_TYPE, *PSTORPORT_LIVEDUMP_ISSUE_TYPE;

typedef enum _STORPORT_LIVEDUMP_DATA_TYPE {
    StorportLivedumpDataTypeUndefined = 0,
    StorportLivedumpDataTypeDeviceTelemetryLog = 1
} STORPORT_LIVEDUMP_DATA_TYPE, *PSTORPORT_LIVEDUMP_DATA_TYPE;

/* ---- inline crypto and RPMB ---- */
typedef enum _STOR_CRYPTO_OPERATION_TYPE {
    StorCryptoOperationInsertKey = 1,
    StorCryptoOperationMax = 2
} STOR_CRYPTO_OPERATION_TYPE, *PSTOR_CRYPTO_OPERATION_TYPE;

typedef enum _STOR_CRYPTO_ALGORITHM_ID {
    StorCryptoAlgorithmUnknown = 0,
    StorCryptoAlgorithmXTSAES = 1,
    StorCryptoAlgorithmBitlockerAESCBC = 2,
    StorCryptoAlgorithmAESECB = 3,
    StorCryptoAlgorithmESSIVAESCBC = 4,
    StorCryptoAlgorithmMax = 5
} STOR_CRYPTO_ALGORITHM_ID, *PSTOR_CRYPTO_ALGORITHM_ID;

typedef enum _STOR_CRYPTO_KEY_SIZE {
    StorCryptoKeySizeUnknown = 0,
    StorCryptoKeySize128Bits = 1,
    StorCryptoKeySize192Bits = 2,
    StorCryptoKeySize256Bits = 3,
    StorCryptoKeySize512Bits = 4,
    StorCryptoKeySizeMax = 5
} STOR_CRYPTO_KEY_SIZE, *PSTOR_CRYPTO_KEY_SIZE;

typedef enum _STOR_RPMB_FRAME_TYPE {
    StorRpmbFrameTypeUnknown = 0,
    StorRpmbFrameTypeStandard = 1,
    StorRpmbFrameTypeMax = 2
} STOR_RPMB_FRAME_TYPE, *PSTOR_RPMB_FRAME_TYPE;

/* ---- arguments of single routines ---- */
/* StorPortStateChangeDetected ChangedEntity */
#define STATE_CHANGE_LUN 0x1
#define STATE_CHANGE_TARGET 0x2
#define STATE_CHANGE_BUS 0x4

/* StorPortAsyncNotificationDetected Flags */
#define RAID_ASYNC_NOTIFY_FLAG_MEDIA_STATUS 0x1
#define RAID_ASYNC_NOTIFY_FLAG_DEVICE_STATUS 0x2
#define RAID_ASYNC_NOTIFY_FLAG_DEVICE_OPERATION 0x4

/* StorPortRegistryRead/Write Type (the REG_* values) */
#define MINIPORT_REG_SZ 1
#define MINIPORT_REG_BINARY 3
#define MINIPORT_REG_DWORD 4
#define MINIPORT_REG_MULTI_SZ 7

/* STOR_REQUEST_INFO.Version */
#define STOR_REQUEST_INFO_VER_1 1
#define STOR_REQUEST_INFO_VER_2 2
#define STOR_REQUEST_INFO_VER STOR_REQUEST_INFO_VER_2

#define STOR_DEVICE_CAPABILITIES_EX_VERSION_1 0x1

#endif /* USTOR_STORPORT_DEFS_H */
