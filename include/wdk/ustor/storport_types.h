/*
 * ustor/storport_types.h - the structures and callback types of storport.h that
 * srb.h does not share: scatter/gather lists, MSI and performance data, lock
 * handles and DPCs, PoFx registration and control blocks, request info, event
 * log details, unit attributes and capabilities, list/SList/event objects,
 * telemetry, dump pointers and live dumps, plus the HW_* callbacks of the
 * StorPort* routines. Layouts are the x64 ones of storport-facts.md 5 and are
 * asserted here. Types whose layout no public source gives are left incomplete
 * (usable only through pointers): crypto, RPMB, driver proxy, high-resolution
 * timer parameters, PoFx perf sets, rich description, FRU id, bus-type query.
 * Internal piece of storport.h.
 */
#ifndef USTOR_STORPORT_TYPES_H
#define USTOR_STORPORT_TYPES_H

#include "storport_defs.h"
#include "srb_defs.h"
#include "scsi_addr.h"
#include "../guiddef.h"

/*
 * StorPortGetLogicalProcessorRelationship's kernel types, which miniport.h
 * users otherwise lack. Values: the ne-winnt-logical_processor_relationship
 * page. Whoever else defines the enum must use the same guard macro.
 */
#ifndef USTOR_LOGICAL_PROCESSOR_RELATIONSHIP_DEFINED
#define USTOR_LOGICAL_PROCESSOR_RELATIONSHIP_DEFINED
typedef enum _LOGICAL_PROCESSOR_RELATIONSHIP {
    RelationProcessorCore = 0,
    RelationNumaNode = 1,
    RelationCache = 2,
    RelationProcessorPackage = 3,
    RelationGroup = 4,
    RelationProcessorDie = 5,
    RelationNumaNodeEx = 6,
    RelationProcessorModule = 7,
    RelationAll = 0xffff
} LOGICAL_PROCESSOR_RELATIONSHIP;
#endif
typedef struct _SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX;

/* ---- scatter/gather ---- */
typedef struct _STOR_SCATTER_GATHER_ELEMENT {
    STOR_PHYSICAL_ADDRESS PhysicalAddress;
    ULONG Length;
    ULONG_PTR Reserved;
} STOR_SCATTER_GATHER_ELEMENT, *PSTOR_SCATTER_GATHER_ELEMENT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_SCATTER_GATHER_ELEMENT) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_SCATTER_GATHER_ELEMENT, Length) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_SCATTER_GATHER_ELEMENT, Reserved) == 0x10);

typedef struct _STOR_SCATTER_GATHER_LIST {
    ULONG NumberOfElements;
    ULONG_PTR Reserved;
    STOR_SCATTER_GATHER_ELEMENT List[];
} STOR_SCATTER_GATHER_LIST, *PSTOR_SCATTER_GATHER_LIST;
USTOR_LAYOUT_ASSERT(sizeof(STOR_SCATTER_GATHER_LIST) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_SCATTER_GATHER_LIST, Reserved) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_SCATTER_GATHER_LIST, List) == 0x10);

/* StorPortBuildScatterGatherList's ExecutionRoutine; the first two are ignored. */
typedef VOID POST_SCATTER_GATHER_EXECUTE(PVOID *DeviceObject, PVOID *Irp,
                                         PSTOR_SCATTER_GATHER_LIST ScatterGather,
                                         PVOID Context);
typedef POST_SCATTER_GATHER_EXECUTE *PPOST_SCATTER_GATHER_EXECUTE;

/* ---- interrupts and performance options ---- */
typedef struct _MESSAGE_INTERRUPT_INFORMATION {
    ULONG MessageId;
    ULONG MessageData;
    STOR_PHYSICAL_ADDRESS MessageAddress;
    ULONG InterruptVector;
    ULONG InterruptLevel;
    KINTERRUPT_MODE InterruptMode;
} MESSAGE_INTERRUPT_INFORMATION, *PMESSAGE_INTERRUPT_INFORMATION;
USTOR_LAYOUT_ASSERT(sizeof(MESSAGE_INTERRUPT_INFORMATION) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(MESSAGE_INTERRUPT_INFORMATION, MessageAddress) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(MESSAGE_INTERRUPT_INFORMATION, InterruptMode) == 0x18);

typedef struct _PERF_CONFIGURATION_DATA {
    ULONG Version;
    ULONG Size;
    ULONG Flags;
    ULONG ConcurrentChannels;
    ULONG FirstRedirectionMessageNumber;
    ULONG LastRedirectionMessageNumber;
    ULONG DeviceNode;
    ULONG Reserved;
    PGROUP_AFFINITY MessageTargets;
} PERF_CONFIGURATION_DATA, *PPERF_CONFIGURATION_DATA;
USTOR_LAYOUT_ASSERT(sizeof(PERF_CONFIGURATION_DATA) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(PERF_CONFIGURATION_DATA, Flags) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(PERF_CONFIGURATION_DATA, DeviceNode) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(PERF_CONFIGURATION_DATA, MessageTargets) == 0x20);

typedef struct _STARTIO_PERFORMANCE_PARAMETERS {
    ULONG Version;
    ULONG Size;
    ULONG MessageNumber;
    ULONG ChannelNumber;
} STARTIO_PERFORMANCE_PARAMETERS, *PSTARTIO_PERFORMANCE_PARAMETERS;
USTOR_LAYOUT_ASSERT(sizeof(STARTIO_PERFORMANCE_PARAMETERS) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STARTIO_PERFORMANCE_PARAMETERS, ChannelNumber) == 0xC);

typedef struct _STARTIO_PERFORMANCE_PARAMETERS_V2 {
    ULONG Version;
    ULONG Size;
    ULONG MessageNumber;
    ULONG ChannelNumber;
    PROCESSOR_NUMBER InitiatingProcessor;
} STARTIO_PERFORMANCE_PARAMETERS_V2, *PSTARTIO_PERFORMANCE_PARAMETERS_V2;
USTOR_LAYOUT_ASSERT(sizeof(STARTIO_PERFORMANCE_PARAMETERS_V2) == 0x14);
USTOR_LAYOUT_ASSERT(offsetof(STARTIO_PERFORMANCE_PARAMETERS_V2, InitiatingProcessor) == 0x10);

/* ---- locks and DPCs ---- */
typedef struct _STOR_LOCK_HANDLE {
    STOR_SPINLOCK Lock;
    struct {
        struct {
            PVOID Next;
            PVOID Lock;
        } LockQueue;
        KIRQL OldIrql;
    } Context;
} STOR_LOCK_HANDLE, *PSTOR_LOCK_HANDLE;
USTOR_LAYOUT_ASSERT(sizeof(STOR_LOCK_HANDLE) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOCK_HANDLE, Context) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOCK_HANDLE, Context.LockQueue.Lock) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOCK_HANDLE, Context.OldIrql) == 0x18);

typedef ULONG_PTR STOR_KSPIN_LOCK, *PSTOR_KSPIN_LOCK;

/* Room for the kernel DPC object a STOR_DPC embeds. */
typedef struct _DPC_BUFFER {
    CSHORT Type;
    UCHAR Number;
    UCHAR Importance;
    struct {
        PVOID F;
        PVOID B;
    };
    PVOID DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    PVOID DpcData;
} DPC_BUFFER;
USTOR_LAYOUT_ASSERT(sizeof(DPC_BUFFER) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(DPC_BUFFER, F) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(DPC_BUFFER, DeferredRoutine) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(DPC_BUFFER, DpcData) == 0x38);

typedef struct _STOR_DPC {
    DPC_BUFFER Dpc;
    ULONG_PTR Lock;
} STOR_DPC, *PSTOR_DPC;
USTOR_LAYOUT_ASSERT(sizeof(STOR_DPC) == 0x48);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DPC, Lock) == 0x40);

/* ---- callbacks of the StorPort* routines ---- */
typedef BOOLEAN HW_PASSIVE_INITIALIZE_ROUTINE(PVOID DeviceExtension);
typedef HW_PASSIVE_INITIALIZE_ROUTINE *PHW_PASSIVE_INITIALIZE_ROUTINE;
typedef VOID HW_DPC_ROUTINE(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                            PVOID SystemArgument2);
typedef HW_DPC_ROUTINE *PHW_DPC_ROUTINE;
typedef VOID HW_TIMER_EX(PVOID DeviceExtension, PVOID Context);
typedef HW_TIMER_EX *PHW_TIMER_EX;
typedef VOID HW_WORKITEM(PVOID HwDeviceExtension, PVOID Context, PVOID Worker);
typedef HW_WORKITEM *PHW_WORKITEM;
typedef VOID HW_STATE_CHANGE(PVOID HwDeviceExtension, PVOID Context, SHORT AddressType,
                             PVOID Address, ULONG Status);
typedef HW_STATE_CHANGE *PHW_STATE_CHANGE;
typedef BOOLEAN STOR_SYNCHRONIZED_ACCESS(PVOID HwDeviceExtension, PVOID Context);
typedef STOR_SYNCHRONIZED_ACCESS *PSTOR_SYNCHRONIZED_ACCESS;
typedef VOID HW_REGISTRY_NOTIFICATION_ROUTINE(PVOID HwDeviceExtension);
typedef HW_REGISTRY_NOTIFICATION_ROUTINE *PHW_REGISTRY_NOTIFICATION_ROUTINE;
typedef VOID STOR_THREAD_START_ROUTINE(PVOID StartContext);
typedef STOR_THREAD_START_ROUTINE *PSTOR_THREAD_START_ROUTINE;

/* ---- runtime power management (PoFx) ---- */
typedef struct _STOR_POFX_COMPONENT_IDLE_STATE {
    ULONG Version;
    ULONG Size;
    ULONGLONG TransitionLatency;
    ULONGLONG ResidencyRequirement;
    ULONG NominalPower;
} STOR_POFX_COMPONENT_IDLE_STATE, *PSTOR_POFX_COMPONENT_IDLE_STATE;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_COMPONENT_IDLE_STATE) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_COMPONENT_IDLE_STATE, TransitionLatency) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_COMPONENT_IDLE_STATE, NominalPower) == 0x18);
#define STOR_POFX_COMPONENT_IDLE_STATE_SIZE ((ULONG)sizeof(STOR_POFX_COMPONENT_IDLE_STATE))

typedef struct _STOR_POFX_COMPONENT {
    ULONG Version;
    ULONG Size;
    ULONG FStateCount;
    ULONG DeepestWakeableFState;
    GUID Id;
    STOR_POFX_COMPONENT_IDLE_STATE FStates[ANYSIZE_ARRAY];
} STOR_POFX_COMPONENT, *PSTOR_POFX_COMPONENT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_COMPONENT) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_COMPONENT, Id) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_COMPONENT, FStates) == 0x20);
#define STOR_POFX_COMPONENT_SIZE ((ULONG)FIELD_OFFSET(STOR_POFX_COMPONENT, FStates))

typedef struct _STOR_POFX_COMPONENT_V2 {
    ULONG Version;
    ULONG Size;
    ULONG FStateCount;
    ULONG DeepestWakeableFState;
    GUID Id;
    ULONG DeepestAdapterPowerRequiredFState;
    ULONG DeepestCrashDumpReadyFState;
    STOR_POFX_COMPONENT_IDLE_STATE FStates[ANYSIZE_ARRAY];
} STOR_POFX_COMPONENT_V2, *PSTOR_POFX_COMPONENT_V2;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_COMPONENT_V2) == 0x48);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_COMPONENT_V2, DeepestCrashDumpReadyFState) == 0x24);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_COMPONENT_V2, FStates) == 0x28);
#define STOR_POFX_COMPONENT_V2_SIZE ((ULONG)FIELD_OFFSET(STOR_POFX_COMPONENT_V2, FStates))

typedef struct _STOR_POFX_DEVICE {
    ULONG Version;
    ULONG Size;
    ULONG ComponentCount;
    ULONG Flags;
    STOR_POFX_COMPONENT Components[ANYSIZE_ARRAY];
} STOR_POFX_DEVICE, *PSTOR_POFX_DEVICE;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_DEVICE) == 0x50);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_DEVICE, Components) == 0x10);
#define STOR_POFX_DEVICE_SIZE ((ULONG)FIELD_OFFSET(STOR_POFX_DEVICE, Components))

typedef struct _STOR_POFX_DEVICE_V2 {
    ULONG Version;
    ULONG Size;
    ULONG ComponentCount;
    ULONG Flags;
    union {
        ULONG UnitMinIdleTimeoutInMS;
        ULONG AdapterIdleTimeoutInMS;
    };
    STOR_POFX_COMPONENT Components[ANYSIZE_ARRAY];
} STOR_POFX_DEVICE_V2, *PSTOR_POFX_DEVICE_V2;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_DEVICE_V2) == 0x58);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_DEVICE_V2, AdapterIdleTimeoutInMS) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_DEVICE_V2, Components) == 0x18);
#define STOR_POFX_DEVICE_V2_SIZE ((ULONG)FIELD_OFFSET(STOR_POFX_DEVICE_V2, Components))

typedef struct _STOR_POFX_DEVICE_V3 {
    ULONG Version;
    ULONG Size;
    ULONG ComponentCount;
    ULONG Flags;
    union {
        ULONG UnitMinIdleTimeoutInMS;
        ULONG AdapterIdleTimeoutInMS;
    };
    ULONG MinimumPowerCyclePeriodInMS;
    STOR_POFX_COMPONENT Components[ANYSIZE_ARRAY];
} STOR_POFX_DEVICE_V3, *PSTOR_POFX_DEVICE_V3;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_DEVICE_V3) == 0x58);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_DEVICE_V3, MinimumPowerCyclePeriodInMS) == 0x14);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_DEVICE_V3, Components) == 0x18);
#define STOR_POFX_DEVICE_V3_SIZE ((ULONG)FIELD_OFFSET(STOR_POFX_DEVICE_V3, Components))

/* Common head of the Parameters blocks of the power adapter/unit controls. */
typedef struct _STOR_POWER_CONTROL_HEADER {
    ULONG Version;
    ULONG Size;
    PSTOR_ADDRESS Address;
} STOR_POWER_CONTROL_HEADER, *PSTOR_POWER_CONTROL_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POWER_CONTROL_HEADER) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POWER_CONTROL_HEADER, Address) == 0x8);

typedef struct _STOR_ADAPTER_CONTROL_POWER {
    STOR_POWER_CONTROL_HEADER Header;
    STOR_POWER_ACTION PowerAction;
    STOR_DEVICE_POWER_STATE PowerState;
} STOR_ADAPTER_CONTROL_POWER, *PSTOR_ADAPTER_CONTROL_POWER;
USTOR_LAYOUT_ASSERT(sizeof(STOR_ADAPTER_CONTROL_POWER) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_ADAPTER_CONTROL_POWER, PowerAction) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_ADAPTER_CONTROL_POWER, PowerState) == 0x14);

typedef struct _STOR_UNIT_CONTROL_POWER {
    PSTOR_ADDRESS Address;
    STOR_POWER_ACTION PowerAction;
    STOR_DEVICE_POWER_STATE PowerState;
} STOR_UNIT_CONTROL_POWER, *PSTOR_UNIT_CONTROL_POWER;
USTOR_LAYOUT_ASSERT(sizeof(STOR_UNIT_CONTROL_POWER) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_UNIT_CONTROL_POWER, PowerAction) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_UNIT_CONTROL_POWER, PowerState) == 0xC);

/* The PoFx control blocks below: layouts from the ns-storport-stor_pofx_* pages. */
typedef struct _STOR_POFX_UNIT_POWER_INFO {
    STOR_POWER_CONTROL_HEADER Header;
    BOOLEAN IdlePowerEnabled;
} STOR_POFX_UNIT_POWER_INFO, *PSTOR_POFX_UNIT_POWER_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_UNIT_POWER_INFO) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_UNIT_POWER_INFO, IdlePowerEnabled) == 0x10);

typedef struct _STOR_POFX_POWER_REQUIRED_CONTEXT {
    STOR_POWER_CONTROL_HEADER Header;
    BOOLEAN PowerRequired;
} STOR_POFX_POWER_REQUIRED_CONTEXT, *PSTOR_POFX_POWER_REQUIRED_CONTEXT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_POWER_REQUIRED_CONTEXT) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_POWER_REQUIRED_CONTEXT, PowerRequired) == 0x10);

typedef struct _STOR_POFX_ACTIVE_CONTEXT {
    STOR_POWER_CONTROL_HEADER Header;
    ULONG ComponentIndex;
    BOOLEAN Active;
} STOR_POFX_ACTIVE_CONTEXT, *PSTOR_POFX_ACTIVE_CONTEXT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_ACTIVE_CONTEXT) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_ACTIVE_CONTEXT, Active) == 0x14);

typedef struct _STOR_POFX_FSTATE_CONTEXT {
    STOR_POWER_CONTROL_HEADER Header;
    ULONG ComponentIndex;
    ULONG FState;
} STOR_POFX_FSTATE_CONTEXT, *PSTOR_POFX_FSTATE_CONTEXT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_FSTATE_CONTEXT) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_FSTATE_CONTEXT, FState) == 0x14);

typedef struct _STOR_POFX_PERF_STATE_CONTEXT {
    ULONG Version;
    ULONG Size;
    ULONG ComponentIndex;
    BOOLEAN Succeeded;
    PVOID Context;
} STOR_POFX_PERF_STATE_CONTEXT, *PSTOR_POFX_PERF_STATE_CONTEXT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_PERF_STATE_CONTEXT) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_PERF_STATE_CONTEXT, Succeeded) == 0xC);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_PERF_STATE_CONTEXT, Context) == 0x10);

typedef struct _STOR_POFX_POWER_CONTROL {
    STOR_POWER_CONTROL_HEADER Header;
    LPCGUID PowerControlCode;
    SIZE_T InBufferSize;
    SIZE_T OutBufferSize;
    PVOID InBuffer;
    PVOID OutBuffer;
    PSIZE_T BytesReturned;
} STOR_POFX_POWER_CONTROL, *PSTOR_POFX_POWER_CONTROL;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POFX_POWER_CONTROL) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_POWER_CONTROL, PowerControlCode) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POFX_POWER_CONTROL, BytesReturned) == 0x38);

typedef struct _STOR_POWER_SETTING_INFO {
    GUID PowerSettingGuid;
    PVOID Value;
    ULONG ValueLength;
} STOR_POWER_SETTING_INFO, *PSTOR_POWER_SETTING_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POWER_SETTING_INFO) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POWER_SETTING_INFO, Value) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_POWER_SETTING_INFO, ValueLength) == 0x18);

typedef struct _STOR_SYSTEM_POWER_HINTS {
    ULONG Version;
    ULONG Size;
    RAID_SYSTEM_POWER SystemPower;
    ULONG ResumeLatencyMSec;
} STOR_SYSTEM_POWER_HINTS, *PSTOR_SYSTEM_POWER_HINTS;
USTOR_LAYOUT_ASSERT(sizeof(STOR_SYSTEM_POWER_HINTS) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_SYSTEM_POWER_HINTS, SystemPower) == 0x8);

typedef struct _STOR_UC_DEVICE_USAGE {
    PSTOR_ADDRESS Address;
    SCSI_UC_DEVICE_USAGE_TYPE UsageType;
    BOOLEAN InUse;
} STOR_UC_DEVICE_USAGE, *PSTOR_UC_DEVICE_USAGE;
USTOR_LAYOUT_ASSERT(sizeof(STOR_UC_DEVICE_USAGE) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_UC_DEVICE_USAGE, UsageType) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_UC_DEVICE_USAGE, InUse) == 0xC);

/* ---- per-request information ---- */
typedef struct _STOR_UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} STOR_UNICODE_STRING, *PSTOR_UNICODE_STRING;
USTOR_LAYOUT_ASSERT(sizeof(STOR_UNICODE_STRING) == 0x10);

typedef struct _STOR_REQUEST_INFO_V1 {
    USHORT Version;
    USHORT Size;
    STOR_IO_PRIORITY_HINT PriorityHint;
    ULONG Flags;
    ULONG Key;
    ULONG Length;
    BOOLEAN IsWriteRequest;
    UCHAR Reserved[3];
} STOR_REQUEST_INFO_V1, *PSTOR_REQUEST_INFO_V1;
USTOR_LAYOUT_ASSERT(sizeof(STOR_REQUEST_INFO_V1) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_REQUEST_INFO_V1, PriorityHint) == 0x4);
USTOR_LAYOUT_ASSERT(offsetof(STOR_REQUEST_INFO_V1, IsWriteRequest) == 0x14);

typedef struct _STOR_REQUEST_INFO_V2 {
    USHORT Version;
    USHORT Size;
    STOR_IO_PRIORITY_HINT PriorityHint;
    ULONG Flags;
    ULONG Key;
    ULONG Length;
    BOOLEAN IsWriteRequest;
    UCHAR Reserved[3];
    PSTOR_UNICODE_STRING FileName;
    ULONG ProcessId;
} STOR_REQUEST_INFO_V2, *PSTOR_REQUEST_INFO_V2;
USTOR_LAYOUT_ASSERT(sizeof(STOR_REQUEST_INFO_V2) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(STOR_REQUEST_INFO_V2, FileName) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_REQUEST_INFO_V2, ProcessId) == 0x20);

typedef STOR_REQUEST_INFO_V2 STOR_REQUEST_INFO, *PSTOR_REQUEST_INFO;

/* ---- event log ---- */
typedef struct _STOR_LOG_EVENT_DETAILS {
    ULONG InterfaceRevision;
    ULONG Size;
    ULONG Flags;
    STOR_EVENT_ASSOCIATION_ENUM EventAssociation;
    ULONG PathId;
    ULONG TargetId;
    ULONG LunId;
    BOOLEAN StorportSpecificErrorCode;
    ULONG ErrorCode;
    ULONG UniqueId;
    ULONG DumpDataSize;
    PVOID DumpData;
    ULONG StringCount;
    PWSTR *StringList;
} STOR_LOG_EVENT_DETAILS, *PSTOR_LOG_EVENT_DETAILS;
USTOR_LAYOUT_ASSERT(sizeof(STOR_LOG_EVENT_DETAILS) == 0x48);
/* InterfaceRevision of this layout (the first revision, 0x100, per the docs). */
#define STOR_CURRENT_LOG_INTERFACE_REVISION 0x00000100
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOG_EVENT_DETAILS, StorportSpecificErrorCode) == 0x1C);
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOG_EVENT_DETAILS, ErrorCode) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOG_EVENT_DETAILS, DumpData) == 0x30);
USTOR_LAYOUT_ASSERT(offsetof(STOR_LOG_EVENT_DETAILS, StringList) == 0x40);

/* ---- unit attributes and PnP capabilities (MSVC bit-field layout) ---- */
typedef struct USTOR_MS_STRUCT _STOR_UNIT_ATTRIBUTES {
    ULONG DeviceAttentionSupported : 1;
    ULONG AsyncNotificationSupported : 1;
    ULONG D3ColdNotSupported : 1;
    ULONG Reserved : 29;
} STOR_UNIT_ATTRIBUTES, *PSTOR_UNIT_ATTRIBUTES;
USTOR_LAYOUT_ASSERT(sizeof(STOR_UNIT_ATTRIBUTES) == 0x4);

typedef struct USTOR_MS_STRUCT _STOR_DEVICE_CAPABILITIES {
    USHORT Version;
    ULONG DeviceD1 : 1;
    ULONG DeviceD2 : 1;
    ULONG LockSupported : 1;
    ULONG EjectSupported : 1;
    ULONG Removable : 1;
    ULONG DockDevice : 1;
    ULONG UniqueID : 1;
    ULONG SilentInstall : 1;
    ULONG SurpriseRemovalOK : 1;
    ULONG NoDisplayInUI : 1;
} STOR_DEVICE_CAPABILITIES, *PSTOR_DEVICE_CAPABILITIES;
USTOR_LAYOUT_ASSERT(sizeof(STOR_DEVICE_CAPABILITIES) == 0x8);

typedef struct USTOR_MS_STRUCT _STOR_DEVICE_CAPABILITIES_EX {
    USHORT Version;
    USHORT Size;
    ULONG DeviceD1 : 1;
    ULONG DeviceD2 : 1;
    ULONG LockSupported : 1;
    ULONG EjectSupported : 1;
    ULONG Removable : 1;
    ULONG DockDevice : 1;
    ULONG UniqueID : 1;
    ULONG SilentInstall : 1;
    ULONG RawDeviceOK : 1;
    ULONG SurpriseRemovalOK : 1;
    ULONG NoDisplayInUI : 1;
    ULONG DefaultWriteCacheEnabled : 1;
    ULONG Reserved0 : 20;
    ULONG Address;
    ULONG UINumber;
    ULONG Reserved1[2];
} STOR_DEVICE_CAPABILITIES_EX, *PSTOR_DEVICE_CAPABILITIES_EX;
USTOR_LAYOUT_ASSERT(sizeof(STOR_DEVICE_CAPABILITIES_EX) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DEVICE_CAPABILITIES_EX, Address) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DEVICE_CAPABILITIES_EX, Reserved1) == 0x10);

/* ---- lists, SLists, events, affinity ---- */
typedef struct _STOR_LIST_ENTRY {
    struct _STOR_LIST_ENTRY *Flink;
    struct _STOR_LIST_ENTRY *Blink;
} STOR_LIST_ENTRY, *PSTOR_LIST_ENTRY;
USTOR_LAYOUT_ASSERT(sizeof(STOR_LIST_ENTRY) == 0x10);

typedef struct DECLSPEC_ALIGN(16) _STOR_SLIST_ENTRY {
    struct _STOR_SLIST_ENTRY *Next;
} STOR_SLIST_ENTRY, *PSTOR_SLIST_ENTRY;
USTOR_LAYOUT_ASSERT(sizeof(STOR_SLIST_ENTRY) == 0x10 && _Alignof(STOR_SLIST_ENTRY) == 16);

/* The x64 SLIST_HEADER shape: two 64-bit words, 16-byte aligned. */
typedef union DECLSPEC_ALIGN(16) _STOR_SLIST_HEADER {
    struct {
        ULONGLONG Alignment;
        ULONGLONG Region;
    };
} STOR_SLIST_HEADER, *PSTOR_SLIST_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(STOR_SLIST_HEADER) == 0x10 && _Alignof(STOR_SLIST_HEADER) == 16);

typedef struct _STOR_DISPATCHER_HEADER {
    union {
        struct {
            UCHAR Type;
            UCHAR Flags;
            UCHAR Size;
            union {
                UCHAR Inserted;
                BOOLEAN DebugActive;
            };
        } Data;
        LONG Lock;
    };
    LONG SignalState;
    STOR_LIST_ENTRY WaitListHead;
} STOR_DISPATCHER_HEADER, *PSTOR_DISPATCHER_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(STOR_DISPATCHER_HEADER) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DISPATCHER_HEADER, Data.Inserted) == 0x3);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DISPATCHER_HEADER, SignalState) == 0x4);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DISPATCHER_HEADER, WaitListHead) == 0x8);

typedef struct _STOR_EVENT {
    STOR_DISPATCHER_HEADER Header;
} STOR_EVENT, *PSTOR_EVENT;
USTOR_LAYOUT_ASSERT(sizeof(STOR_EVENT) == 0x18);

typedef ULONG_PTR STOR_AFFINITY, *PSTOR_AFFINITY;

typedef struct _STOR_GROUP_AFFINITY {
    STOR_AFFINITY Mask;
    USHORT Group;
    USHORT Reserved[3];
} STOR_GROUP_AFFINITY, *PSTOR_GROUP_AFFINITY;
USTOR_LAYOUT_ASSERT(sizeof(STOR_GROUP_AFFINITY) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STOR_GROUP_AFFINITY, Group) == 0x8);

typedef struct _STOR_DPC_WATCHDOG_INFORMATION {
    ULONG DpcTimeLimit;
    ULONG DpcTimeCount;
    ULONG DpcWatchdogLimit;
    ULONG DpcWatchdogCount;
    ULONG Reserved;
} STOR_DPC_WATCHDOG_INFORMATION, *PSTOR_DPC_WATCHDOG_INFORMATION;
USTOR_LAYOUT_ASSERT(sizeof(STOR_DPC_WATCHDOG_INFORMATION) == 0x14);
USTOR_LAYOUT_ASSERT(offsetof(STOR_DPC_WATCHDOG_INFORMATION, DpcWatchdogCount) == 0xC);

/* ---- telemetry, dumps ---- */
typedef struct _STORPORT_TELEMETRY_EVENT {
    ULONG DriverVersion;
    ULONG EventId;
    UCHAR EventName[EVENT_NAME_MAX_LENGTH];
    ULONG EventVersion;
    ULONG Flags;
    ULONG EventBufferLength;
    PUCHAR EventBuffer;
    UCHAR ParameterName0[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue0;
    UCHAR ParameterName1[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue1;
    UCHAR ParameterName2[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue2;
    UCHAR ParameterName3[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue3;
    UCHAR ParameterName4[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue4;
    UCHAR ParameterName5[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue5;
    UCHAR ParameterName6[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue6;
    UCHAR ParameterName7[EVENT_MAX_PARAM_NAME_LEN];
    ULONGLONG ParameterValue7;
} STORPORT_TELEMETRY_EVENT, *PSTORPORT_TELEMETRY_EVENT;
USTOR_LAYOUT_ASSERT(sizeof(STORPORT_TELEMETRY_EVENT) == 0x180);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_TELEMETRY_EVENT, EventVersion) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_TELEMETRY_EVENT, EventBuffer) == 0x38);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_TELEMETRY_EVENT, ParameterValue0) == 0x60);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_TELEMETRY_EVENT, ParameterValue7) == 0x178);

/* SRB_FUNCTION_DUMP_POINTERS data (layout from the ns-storport-_miniport_dump_pointers page). */
typedef struct _MINIPORT_DUMP_POINTERS {
    USHORT Version;
    USHORT Size;
    WCHAR DriverName[DUMP_MINIPORT_NAME_LENGTH];
    struct _ADAPTER_OBJECT *AdapterObject;
    PVOID MappedRegisterBase;
    ULONG CommonBufferSize;
    PVOID MiniportPrivateDumpData;
    ULONG SystemIoBusNumber;
    INTERFACE_TYPE AdapterInterfaceType;
    ULONG MaximumTransferLength;
    ULONG NumberOfPhysicalBreaks;
    ULONG AlignmentMask;
    ULONG NumberOfAccessRanges;
    ACCESS_RANGE (*AccessRanges)[];
    UCHAR NumberOfBuses;
    BOOLEAN Master;
    BOOLEAN MapBuffers;
    UCHAR MaximumNumberOfTargets;
} MINIPORT_DUMP_POINTERS, *PMINIPORT_DUMP_POINTERS;
USTOR_LAYOUT_ASSERT(sizeof(MINIPORT_DUMP_POINTERS) == 0x70);
USTOR_LAYOUT_ASSERT(offsetof(MINIPORT_DUMP_POINTERS, AdapterObject) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(MINIPORT_DUMP_POINTERS, MiniportPrivateDumpData) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(MINIPORT_DUMP_POINTERS, AccessRanges) == 0x60);
USTOR_LAYOUT_ASSERT(offsetof(MINIPORT_DUMP_POINTERS, MaximumNumberOfTargets) == 0x6B);

/* StorPortCaptureLiveDump (layout from the ns-storport-storport_capture_livedump page). */
typedef struct _STORPORT_CAPTURE_LIVEDUMP {
    ULONG Version;
    ULONG Size;
    STORPORT_CAPTURE_LIVEDUMP_TYPE LiveDumpType;
    STORPORT_LIVEDUMP_ISSUE_TYPE IssueType;
    PWSTR ComponentName;
    STORPORT_LIVEDUMP_DATA_TYPE DataType;
    PVOID Data;
} STORPORT_CAPTURE_LIVEDUMP, *PSTORPORT_CAPTURE_LIVEDUMP;
USTOR_LAYOUT_ASSERT(sizeof(STORPORT_CAPTURE_LIVEDUMP) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_CAPTURE_LIVEDUMP, ComponentName) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(STORPORT_CAPTURE_LIVEDUMP, Data) == 0x20);

/* ---- types without an established layout: pointers only ---- */
typedef struct _STOR_CRYPTO_KEY_INFO STOR_CRYPTO_KEY_INFO, *PSTOR_CRYPTO_KEY_INFO;
typedef struct _STOR_CRYPTO_CAPABILITIES_DATA STOR_CRYPTO_CAPABILITIES_DATA,
    *PSTOR_CRYPTO_CAPABILITIES_DATA;
typedef struct _STOR_CRYPTO_OPERATION STOR_CRYPTO_OPERATION, *PSTOR_CRYPTO_OPERATION;
typedef struct _STOR_RPMB_CAPABILITIES_DATA STOR_RPMB_CAPABILITIES_DATA,
    *PSTOR_RPMB_CAPABILITIES_DATA;
typedef struct _STOR_POFX_COMPONENT_PERF_SET STOR_POFX_COMPONENT_PERF_SET,
    *PSTOR_POFX_COMPONENT_PERF_SET;
typedef struct _STOR_EXT_SET_PARAMETERS STOR_EXT_SET_PARAMETERS, *PSTOR_EXT_SET_PARAMETERS;
typedef struct _STOR_EXT_DELETE_PARAMETERS STOR_EXT_DELETE_PARAMETERS,
    *PSTOR_EXT_DELETE_PARAMETERS;
typedef struct _STOR_DRIVER_PROXY_EXTENSION STOR_DRIVER_PROXY_EXTENSION,
    *PSTOR_DRIVER_PROXY_EXTENSION;
typedef struct _STOR_DRIVER_PROXY_ENDPOINT_INFORMATION STOR_DRIVER_PROXY_ENDPOINT_INFORMATION,
    *PSTOR_DRIVER_PROXY_ENDPOINT_INFORMATION;
/* An enum in the WDK; a ULONG has the same size and passing. */
typedef ULONG STOR_DRIVER_PROXY_ENDPOINT_FUNCTION_ID;
typedef struct _STOR_RICH_DEVICE_DESCRIPTION STOR_RICH_DEVICE_DESCRIPTION,
    *PSTOR_RICH_DEVICE_DESCRIPTION;
typedef struct _STOR_FRU_ID_DESCRIPTION STOR_FRU_ID_DESCRIPTION, *PSTOR_FRU_ID_DESCRIPTION;
typedef struct _STOR_UNIT_CONTROL_QUERY_BUS_TYPE STOR_UNIT_CONTROL_QUERY_BUS_TYPE,
    *PSTOR_UNIT_CONTROL_QUERY_BUS_TYPE;

#endif /* USTOR_STORPORT_TYPES_H */
