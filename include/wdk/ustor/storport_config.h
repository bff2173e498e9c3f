/*
 * ustor/storport_config.h - the adapter-configuration part that storport.h and
 * srb.h share: HW_INITIALIZATION_DATA, VIRTUAL_HW_INITIALIZATION_DATA and
 * PORT_CONFIGURATION_INFORMATION in their Storport (Windows 8 and later) x64
 * layouts, ACCESS_RANGE, MEMORY_REGION, the Hw* callback types they hold,
 * the adapter and unit control types, SCSI_NOTIFICATION_TYPE, and the SP_* and
 * SCSI_DMA64_* values of those structures.
 * Internal piece: storport.h and srb.h both include it, so either order works.
 * Leaves out the SRBs (ustor/srb_defs.h) and every StorPort* routine.
 * Values and layouts: storport-facts.md sections 3, 4.5, 4.7, 4.8 and 5.
 */
#ifndef USTOR_STORPORT_CONFIG_H
#define USTOR_STORPORT_CONFIG_H

#include "nt_base.h"

/*
 * The NTDDI_VERSION the enum maxima follow; without one (library code) every
 * enumerator is present. Literal values so no sdkddkver.h name is needed.
 */
#ifdef NTDDI_VERSION
#define USTOR_STOR_NTDDI NTDDI_VERSION
#else
#define USTOR_STOR_NTDDI 0xFFFFFFFF
#endif
#define USTOR_STOR_NTDDI_19H1 0x0A000007 /* Windows 10 1903 */
#define USTOR_STOR_NTDDI_VB 0x0A000008   /* Windows 10 2004 */
#define USTOR_STOR_NTDDI_FE 0x0A00000A   /* Windows Server 2022 */
#define USTOR_STOR_NTDDI_CO 0x0A00000B   /* Windows 11 21H2 */
#define USTOR_STOR_NTDDI_NI 0x0A00000C   /* Windows 11 22H2 */
#define USTOR_STOR_NTDDI_GE 0x0A000010   /* Windows 11 24H2 */

struct _SCSI_REQUEST_BLOCK;
struct _PORT_CONFIGURATION_INFORMATION;

typedef PHYSICAL_ADDRESS STOR_PHYSICAL_ADDRESS, *PSTOR_PHYSICAL_ADDRESS;

/* ---- values kept in the configuration structures ---- */
#ifndef SP_UNINITIALIZED_VALUE
#define SP_UNINITIALIZED_VALUE ((ULONG)~0)
#endif
#ifndef SP_UNTAGGED
#define SP_UNTAGGED ((UCHAR)~0)
#endif

/* HwFindAdapter return values. */
#define SP_RETURN_NOT_FOUND 0
#define SP_RETURN_FOUND 1
#define SP_RETURN_ERROR 2
#define SP_RETURN_BAD_CONFIG 3

/* StorPortLogError / ScsiPortLogError ErrorCode values. */
#define SP_BUS_PARITY_ERROR 0x0001
#define SP_UNEXPECTED_DISCONNECT 0x0002
#define SP_INVALID_RESELECTION 0x0003
#define SP_BUS_TIME_OUT 0x0004
#define SP_PROTOCOL_ERROR 0x0005
#define SP_INTERNAL_ADAPTER_ERROR 0x0006
#define SP_REQUEST_TIMEOUT 0x0007
#define SP_IRQ_NOT_RESPONDING 0x0008
#define SP_BAD_FW_WARNING 0x0009
#define SP_BAD_FW_ERROR 0x000a
#define SP_LOST_WMI_MINIPORT_REQUEST 0x000b

/* HW_INITIALIZATION_DATA.PortVersionFlags */
#define SP_VER_TRACE_SUPPORT 0x0010

/* PORT_CONFIGURATION_INFORMATION.Dma64BitAddresses */
#define SCSI_DMA64_MINIPORT_SUPPORTED 0x01
#define SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED 0x02
#define SCSI_DMA64_MINIPORT_FULL64BIT_NO_BOUNDARY_REQ_SUPPORTED 0x03
#define SCSI_DMA64_SYSTEM_SUPPORTED 0x80

/* ---- enums the structures and callbacks use ---- */
typedef enum _STOR_SYNCHRONIZATION_MODEL {
    StorSynchronizeHalfDuplex = 0,
    StorSynchronizeFullDuplex = 1
} STOR_SYNCHRONIZATION_MODEL;

typedef enum _INTERRUPT_SYNCHRONIZATION_MODE {
    InterruptSupportNone = 0,
    InterruptSynchronizeAll = 1,
    InterruptSynchronizePerMessage = 2
} INTERRUPT_SYNCHRONIZATION_MODE;

/* StorPortNotification; 4 and 5 carry both their ScsiPort and Storport names. */
typedef enum _SCSI_NOTIFICATION_TYPE {
    RequestComplete = 0x0000,
    NextRequest = 0x0001,
    NextLuRequest = 0x0002,
    ResetDetected = 0x0003,
    CallDisableInterrupts = 0x0004,
    _obsolete1 = 0x0004,
    CallEnableInterrupts = 0x0005,
    _obsolete2 = 0x0005,
    RequestTimerCall = 0x0006,
    BusChangeDetected = 0x0007,
    WMIEvent = 0x0008,
    WMIReregister = 0x0009,
    LinkUp = 0x000A,
    LinkDown = 0x000B,
    QueryTickCount = 0x000C,
    BufferOverrunDetected = 0x000D,
    TraceNotification = 0x000E,
    GetExtendedFunctionTable = 0x000F,
    EnablePassiveInitialization = 0x1000,
    InitializeDpc = 0x1001,
    IssueDpc = 0x1002,
    AcquireSpinLock = 0x1003,
    ReleaseSpinLock = 0x1004,
    StateChangeDetectedCall = 0x1005,
    IoTargetRequestServiceTime = 0x1006,
    AsyncNotificationDetected = 0x1007,
    RequestDirectComplete = 0x1008,
    InitializeDpcWithContext = 0x1009,
    InitializeThreadedDpc = 0x100A,
    SetTargetProcessorDpc = 0x100B,
    MarkDeviceFailed = 0x100C,
    MarkDeviceFailedEx = 0x100D,
    TerminateSystemThread = 0x100E,
    NvmeofNotification = 0x100F,
    StorMQControllerStartInitialization = 0x1010
} SCSI_NOTIFICATION_TYPE, *PSCSI_NOTIFICATION_TYPE;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_NOTIFICATION_TYPE) == 4);

/*
 * HwAdapterControl ControlType; the maximum follows the target Windows version
 * (0x13 for Windows 10 1903-20H2 and 0x16 for Windows 11 21H2, as in their
 * storport.sys symbols; later tiers by the order of the current documentation).
 */
typedef enum _SCSI_ADAPTER_CONTROL_TYPE {
    ScsiQuerySupportedControlTypes = 0x00,
    ScsiStopAdapter = 0x01,
    ScsiRestartAdapter = 0x02,
    ScsiSetBootConfig = 0x03,
    ScsiSetRunningConfig = 0x04,
    ScsiPowerSettingNotification = 0x05,
    ScsiAdapterPower = 0x06,
    ScsiAdapterPoFxPowerRequired = 0x07,
    ScsiAdapterPoFxPowerActive = 0x08,
    ScsiAdapterPoFxPowerSetFState = 0x09,
    ScsiAdapterPoFxPowerControl = 0x0A,
    ScsiAdapterPrepareForBusReScan = 0x0B,
    ScsiAdapterSystemPowerHints = 0x0C,
    ScsiAdapterFilterResourceRequirements = 0x0D,
    ScsiAdapterPoFxMaxOperationalPower = 0x0E,
    ScsiAdapterPoFxSetPerfState = 0x0F,
    ScsiAdapterSurpriseRemoval = 0x10,
    ScsiAdapterSerialNumber = 0x11,
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_19H1
    ScsiAdapterCryptoOperation = 0x12,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_FE
    ScsiAdapterQueryFruId = 0x13,
    ScsiAdapterSetEventLogging = 0x14,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_CO
    ScsiAdapterReportInternalData = 0x15,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_NI
    ScsiAdapterResetBusSynchronous = 0x16,
    ScsiAdapterPostHwInitialize = 0x17,
    ScsiAdapterPrepareEarlyDumpData = 0x18,
    ScsiAdapterRestoreEarlyDumpData = 0x19,
    ScsiAdapterKsrPowerDown = 0x1A,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_GE
    ScsiAdapterPreparePLDR = 0x1B,
    ScsiAdapterReserved0 = 0x1C,
    ScsiNvmeofAdapterOperation = 0x1C,
    ScsiAdapterReserved1 = 0x1D,
#endif
    ScsiAdapterControlMax,
    MakeAdapterControlTypeSizeOfUlong = 0xffffffff
} SCSI_ADAPTER_CONTROL_TYPE, *PSCSI_ADAPTER_CONTROL_TYPE;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_ADAPTER_CONTROL_TYPE) == 4);

typedef enum _SCSI_ADAPTER_CONTROL_STATUS {
    ScsiAdapterControlSuccess = 0,
    ScsiAdapterControlUnsuccessful = 1
} SCSI_ADAPTER_CONTROL_STATUS, *PSCSI_ADAPTER_CONTROL_STATUS;

/* HwUnitControl ControlType; the maximum follows the target Windows version. */
typedef enum _SCSI_UNIT_CONTROL_TYPE {
    ScsiQuerySupportedUnitControlTypes = 0x00,
    ScsiUnitUsage = 0x01,
    ScsiUnitStart = 0x02,
    ScsiUnitPower = 0x03,
    ScsiUnitPoFxPowerInfo = 0x04,
    ScsiUnitPoFxPowerRequired = 0x05,
    ScsiUnitPoFxPowerActive = 0x06,
    ScsiUnitPoFxPowerSetFState = 0x07,
    ScsiUnitPoFxPowerControl = 0x08,
    ScsiUnitRemove = 0x09,
    ScsiUnitSurpriseRemoval = 0x0A,
    ScsiUnitRichDescription = 0x0B,
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_VB
    ScsiUnitQueryBusType = 0x0C,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_FE
    ScsiUnitQueryFruId = 0x0D,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_CO
    ScsiUnitReportInternalData = 0x0E,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_NI
    ScsiUnitKsrPowerDown = 0x0F,
#endif
#if USTOR_STOR_NTDDI >= USTOR_STOR_NTDDI_GE
    ScsiUnitNvmeIceInformation = 0x10,
#endif
    ScsiUnitControlMax,
    MakeUnitControlTypeSizeOfUlong = 0xffffffff
} SCSI_UNIT_CONTROL_TYPE, *PSCSI_UNIT_CONTROL_TYPE;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_UNIT_CONTROL_TYPE) == 4);

typedef enum _SCSI_UNIT_CONTROL_STATUS {
    ScsiUnitControlSuccess = 0,
    ScsiUnitControlUnsuccessful = 1
} SCSI_UNIT_CONTROL_STATUS, *PSCSI_UNIT_CONTROL_STATUS;

/* Parameters of ScsiQuerySupportedControlTypes / ScsiQuerySupportedUnitControlTypes. */
typedef struct _SCSI_SUPPORTED_CONTROL_TYPE_LIST {
    ULONG MaxControlType;
    BOOLEAN SupportedTypeList[];
} SCSI_SUPPORTED_CONTROL_TYPE_LIST, *PSCSI_SUPPORTED_CONTROL_TYPE_LIST;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SUPPORTED_CONTROL_TYPE_LIST) == 4);
USTOR_LAYOUT_ASSERT(offsetof(SCSI_SUPPORTED_CONTROL_TYPE_LIST, SupportedTypeList) == 4);

/* ---- miniport callbacks (role types: "HW_STARTIO MyStartIo;") ---- */
typedef BOOLEAN HW_INITIALIZE(PVOID DeviceExtension);
typedef HW_INITIALIZE *PHW_INITIALIZE;
typedef BOOLEAN HW_BUILDIO(PVOID DeviceExtension, struct _SCSI_REQUEST_BLOCK *Srb);
typedef HW_BUILDIO *PHW_BUILDIO;
typedef BOOLEAN HW_STARTIO(PVOID DeviceExtension, struct _SCSI_REQUEST_BLOCK *Srb);
typedef HW_STARTIO *PHW_STARTIO;
typedef BOOLEAN HW_INTERRUPT(PVOID DeviceExtension);
typedef HW_INTERRUPT *PHW_INTERRUPT;
typedef BOOLEAN HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE(PVOID HwDeviceExtension,
                                                      ULONG MessageId);
typedef HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE *PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE;
typedef VOID HW_TIMER(PVOID DeviceExtension);
typedef HW_TIMER *PHW_TIMER;
typedef VOID HW_DMA_STARTED(PVOID DeviceExtension);
typedef HW_DMA_STARTED *PHW_DMA_STARTED;
typedef ULONG HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                              PCHAR ArgumentString,
                              struct _PORT_CONFIGURATION_INFORMATION *ConfigInfo,
                              PBOOLEAN Reserved3);
typedef HW_FIND_ADAPTER *PHW_FIND_ADAPTER;
typedef ULONG VIRTUAL_HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext,
                                      PVOID BusInformation, PVOID LowerDevice,
                                      PCHAR ArgumentString,
                                      struct _PORT_CONFIGURATION_INFORMATION *ConfigInfo,
                                      PBOOLEAN Again);
typedef VIRTUAL_HW_FIND_ADAPTER *PVIRTUAL_HW_FIND_ADAPTER;
typedef BOOLEAN HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);
typedef HW_RESET_BUS *PHW_RESET_BUS;
typedef BOOLEAN HW_ADAPTER_STATE(PVOID DeviceExtension, PVOID Context, BOOLEAN SaveState);
typedef HW_ADAPTER_STATE *PHW_ADAPTER_STATE;
typedef SCSI_ADAPTER_CONTROL_STATUS HW_ADAPTER_CONTROL(PVOID DeviceExtension,
                                                       SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                       PVOID Parameters);
typedef HW_ADAPTER_CONTROL *PHW_ADAPTER_CONTROL;
typedef SCSI_UNIT_CONTROL_STATUS HW_UNIT_CONTROL(PVOID DeviceExtension,
                                                 SCSI_UNIT_CONTROL_TYPE ControlType,
                                                 PVOID Parameters);
typedef HW_UNIT_CONTROL *PHW_UNIT_CONTROL;
typedef VOID HW_FREE_ADAPTER_RESOURCES(PVOID DeviceExtension);
typedef HW_FREE_ADAPTER_RESOURCES *PHW_FREE_ADAPTER_RESOURCES;
typedef VOID HW_PROCESS_SERVICE_REQUEST(PVOID DeviceExtension, PVOID Irp);
typedef HW_PROCESS_SERVICE_REQUEST *PHW_PROCESS_SERVICE_REQUEST;
typedef VOID HW_COMPLETE_SERVICE_IRP(PVOID DeviceExtension);
typedef HW_COMPLETE_SERVICE_IRP *PHW_COMPLETE_SERVICE_IRP;
typedef VOID HW_INITIALIZE_TRACING(PVOID Argument1, PVOID Argument2);
typedef HW_INITIALIZE_TRACING *PHW_INITIALIZE_TRACING;
typedef VOID HW_CLEANUP_TRACING(PVOID Argument1);
typedef HW_CLEANUP_TRACING *PHW_CLEANUP_TRACING;
typedef VOID HW_TRACING_ENABLED(PVOID HwDeviceExtension, BOOLEAN Enabled);
typedef HW_TRACING_ENABLED *PHW_TRACING_ENABLED;

/*
 * DriverEntry's role type. Left unprototyped on purpose: miniports define
 * DriverEntry as (PVOID, PVOID) or as (PDRIVER_OBJECT, PUNICODE_STRING), and
 * MSVC accepts both against the WDK typedef; C accepts both only this way.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
typedef ULONG sp_DRIVER_INITIALIZE();
#pragma GCC diagnostic pop
typedef sp_DRIVER_INITIALIZE *Psp_DRIVER_INITIALIZE;

/* ---- address ranges and memory regions ---- */
typedef struct _ACCESS_RANGE {
    STOR_PHYSICAL_ADDRESS RangeStart;
    ULONG RangeLength;
    BOOLEAN RangeInMemory;
} ACCESS_RANGE, *PACCESS_RANGE;
USTOR_LAYOUT_ASSERT(sizeof(ACCESS_RANGE) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(ACCESS_RANGE, RangeLength) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(ACCESS_RANGE, RangeInMemory) == 0xC);

typedef struct _MEMORY_REGION {
    PUCHAR VirtualBase;
    PHYSICAL_ADDRESS PhysicalBase;
    ULONG Length;
} MEMORY_REGION, *PMEMORY_REGION;
USTOR_LAYOUT_ASSERT(sizeof(MEMORY_REGION) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(MEMORY_REGION, PhysicalBase) == 0x8);
USTOR_LAYOUT_ASSERT(offsetof(MEMORY_REGION, Length) == 0x10);

/* ---- what DriverEntry hands to StorPortInitialize ---- */
typedef struct _HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    INTERFACE_TYPE AdapterInterfaceType;
    PHW_INITIALIZE HwInitialize;
    PHW_STARTIO HwStartIo;
    PHW_INTERRUPT HwInterrupt;
    PVOID HwFindAdapter; /* PHW_FIND_ADAPTER or PVIRTUAL_HW_FIND_ADAPTER */
    PHW_RESET_BUS HwResetBus;
    PHW_DMA_STARTED HwDmaStarted;
    PHW_ADAPTER_STATE HwAdapterState;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    ULONG NumberOfAccessRanges;
    PVOID Reserved;
    UCHAR MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    USHORT VendorIdLength;
    PVOID VendorId;
    union {
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;
    PVOID DeviceId;
    PHW_ADAPTER_CONTROL HwAdapterControl;
    PHW_BUILDIO HwBuildIo;
    PHW_FREE_ADAPTER_RESOURCES HwFreeAdapterResources;
    PHW_PROCESS_SERVICE_REQUEST HwProcessServiceRequest;
    PHW_COMPLETE_SERVICE_IRP HwCompleteServiceIrp;
    PHW_INITIALIZE_TRACING HwInitializeTracing;
    PHW_CLEANUP_TRACING HwCleanupTracing;
    PHW_TRACING_ENABLED HwTracingEnabled;
    ULONG FeatureSupport;
    ULONG SrbTypeFlags;
    ULONG AddressTypeFlags;
    ULONG Reserved1;
    PHW_UNIT_CONTROL HwUnitControl;
} HW_INITIALIZATION_DATA, *PHW_INITIALIZATION_DATA;
USTOR_LAYOUT_ASSERT(sizeof(HW_INITIALIZATION_DATA) == 0xD0);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, HwFindAdapter) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, DeviceExtensionSize) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, MapBuffers) == 0x58);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, VendorIdLength) == 0x5E);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, PortVersionFlags) == 0x68);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, DeviceId) == 0x70);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, HwAdapterControl) == 0x78);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, HwTracingEnabled) == 0xB0);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, FeatureSupport) == 0xB8);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, Reserved1) == 0xC4);
USTOR_LAYOUT_ASSERT(offsetof(HW_INITIALIZATION_DATA, HwUnitControl) == 0xC8);

/* The older shape virtual miniports may pass (told apart by its size, 0xB0). */
typedef struct _VIRTUAL_HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    INTERFACE_TYPE AdapterInterfaceType;
    PHW_INITIALIZE HwInitialize;
    PHW_STARTIO HwStartIo;
    PHW_INTERRUPT HwInterrupt;
    PVIRTUAL_HW_FIND_ADAPTER HwFindAdapter;
    PHW_RESET_BUS HwResetBus;
    PHW_DMA_STARTED HwDmaStarted;
    PHW_ADAPTER_STATE HwAdapterState;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    ULONG NumberOfAccessRanges;
    PVOID Reserved;
    UCHAR MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    USHORT VendorIdLength;
    PVOID VendorId;
    union {
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;
    PVOID DeviceId;
    PHW_ADAPTER_CONTROL HwAdapterControl;
    PHW_BUILDIO HwBuildIo;
    PHW_FREE_ADAPTER_RESOURCES HwFreeAdapterResources;
    PHW_PROCESS_SERVICE_REQUEST HwProcessServiceRequest;
    PHW_COMPLETE_SERVICE_IRP HwCompleteServiceIrp;
    PHW_INITIALIZE_TRACING HwInitializeTracing;
    PHW_CLEANUP_TRACING HwCleanupTracing;
} VIRTUAL_HW_INITIALIZATION_DATA, *PVIRTUAL_HW_INITIALIZATION_DATA;
USTOR_LAYOUT_ASSERT(sizeof(VIRTUAL_HW_INITIALIZATION_DATA) == 0xB0);
USTOR_LAYOUT_ASSERT(offsetof(VIRTUAL_HW_INITIALIZATION_DATA, HwFindAdapter) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(VIRTUAL_HW_INITIALIZATION_DATA, HwAdapterControl) == 0x78);
USTOR_LAYOUT_ASSERT(offsetof(VIRTUAL_HW_INITIALIZATION_DATA, HwCleanupTracing) == 0xA8);

/* ---- what the port fills in and HwFindAdapter completes ---- */
typedef struct _PORT_CONFIGURATION_INFORMATION {
    ULONG Length;
    ULONG SystemIoBusNumber;
    INTERFACE_TYPE AdapterInterfaceType;
    ULONG BusInterruptLevel;
    ULONG BusInterruptVector;
    KINTERRUPT_MODE InterruptMode;
    ULONG MaximumTransferLength;
    ULONG NumberOfPhysicalBreaks;
    ULONG DmaChannel;
    ULONG DmaPort;
    DMA_WIDTH DmaWidth;
    DMA_SPEED DmaSpeed;
    ULONG AlignmentMask;
    ULONG NumberOfAccessRanges;
    ACCESS_RANGE (*AccessRanges)[];
    union {
        PVOID MiniportDumpData;
        PVOID Reserved; /* the name before Windows 8 */
    };
    UCHAR NumberOfBuses;
    CCHAR InitiatorBusId[8];
    BOOLEAN ScatterGather;
    BOOLEAN Master;
    BOOLEAN CachesData;
    BOOLEAN AdapterScansDown;
    BOOLEAN AtdiskPrimaryClaimed;
    BOOLEAN AtdiskSecondaryClaimed;
    BOOLEAN Dma32BitAddresses;
    BOOLEAN DemandMode;
    UCHAR MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    BOOLEAN RealModeInitialized;
    BOOLEAN BufferAccessScsiPortControlled;
    UCHAR MaximumNumberOfTargets;
    union {
        struct {
            UCHAR SrbType;     /* SRB_TYPE_* */
            UCHAR AddressType; /* STORAGE_ADDRESS_TYPE_* */
        };
        UCHAR ReservedUchars[2]; /* the name before Windows 8 */
    };
    ULONG SlotNumber;
    ULONG BusInterruptLevel2;
    ULONG BusInterruptVector2;
    KINTERRUPT_MODE InterruptMode2;
    ULONG DmaChannel2;
    ULONG DmaPort2;
    DMA_WIDTH DmaWidth2;
    DMA_SPEED DmaSpeed2;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    UCHAR Dma64BitAddresses;
    BOOLEAN ResetTargetSupported;
    UCHAR MaximumNumberOfLogicalUnits;
    BOOLEAN WmiDataProvider;
    STOR_SYNCHRONIZATION_MODEL SynchronizationModel;
    PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE HwMSInterruptRoutine;
    INTERRUPT_SYNCHRONIZATION_MODE InterruptSynchronizationMode;
    MEMORY_REGION DumpRegion;
    ULONG RequestedDumpBufferSize;
    BOOLEAN VirtualDevice;
    UCHAR DumpMode;
    UCHAR DmaAddressWidth; /* Windows 10 2004; padding before */
    ULONG ExtendedFlags1;
    ULONG MaxNumberOfIO;
    ULONG MaxIOsPerLun;
    ULONG InitialLunQueueDepth;
    ULONG BusResetHoldTime;
    ULONG FeatureSupport;
} PORT_CONFIGURATION_INFORMATION, *PPORT_CONFIGURATION_INFORMATION;
USTOR_LAYOUT_ASSERT(sizeof(PORT_CONFIGURATION_INFORMATION) == 0xE0);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, InterruptMode) == 0x14);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, AccessRanges) == 0x38);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, MiniportDumpData) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, NumberOfBuses) == 0x48);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, ScatterGather) == 0x51);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, MapBuffers) == 0x59);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, MaximumNumberOfTargets) == 0x61);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, SrbType) == 0x62);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, AddressType) == 0x63);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, SlotNumber) == 0x64);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, DeviceExtensionSize) == 0x84);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, Dma64BitAddresses) == 0x90);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, SynchronizationModel) == 0x94);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, HwMSInterruptRoutine) == 0x98);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION,
                             InterruptSynchronizationMode) == 0xA0);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, DumpRegion) == 0xA8);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, RequestedDumpBufferSize) == 0xC0);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, DumpMode) == 0xC5);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, DmaAddressWidth) == 0xC6);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, ExtendedFlags1) == 0xC8);
USTOR_LAYOUT_ASSERT(offsetof(PORT_CONFIGURATION_INFORMATION, FeatureSupport) == 0xDC);

#define CONFIG_INFO_VERSION_2 sizeof(PORT_CONFIGURATION_INFORMATION)

#endif /* USTOR_STORPORT_CONFIG_H */
