/*
 * ustor/srb_defs.h - the SCSI request block definitions that srb.h and storport.h share:
 * SCSI_REQUEST_BLOCK with its WMI, power and PnP views, the extended
 * STORAGE_REQUEST_BLOCK and every SRBEX_DATA_* block, the Storport power/PnP
 * enums that those blocks carry, SRB_IO_CONTROL, and the SRB_* constants.
 * Layouts are the x64 ones of storport-facts.md 5 and are asserted here.
 * Leaves out: ScsiPort/Storport configuration structures (ustor/storport_config.h),
 * STOR_ADDRESS (scsi.h, ustor/scsi_addr.h), the NVMe command block (needs nvme.h).
 */
#ifndef USTOR_SRB_DEFS_H
#define USTOR_SRB_DEFS_H

#include "nt_base.h"
#include "srb_consts.h"
#include "srb_io_control.h"

/*
 * 8-byte alignment of the extended-SRB structures on x64. Spelled __attribute(()) rather
 * than through DECLSPEC_ALIGN: the VirtIO library's linux/types.h defines __attribute__(x)
 * away, and these layouts must not change when a miniport includes it first.
 */
#ifndef SRB_ALIGN
#define SRB_ALIGN __attribute((aligned(8)))
#endif
#ifndef STOR_ADDRESS_ALIGN
#define STOR_ADDRESS_ALIGN __attribute((aligned(8)))
#endif
#ifndef POINTER_ALIGN
#define POINTER_ALIGN __attribute((aligned(8)))
#endif

/* ---- power and PnP vocabulary of SRB_FUNCTION_POWER / SRB_FUNCTION_PNP ---- */
typedef enum _STOR_DEVICE_POWER_STATE {
    StorPowerDeviceUnspecified = 0,
    StorPowerDeviceD0,
    StorPowerDeviceD1,
    StorPowerDeviceD2,
    StorPowerDeviceD3,
    StorPowerDeviceMaximum
} STOR_DEVICE_POWER_STATE, *PSTOR_DEVICE_POWER_STATE;
USTOR_LAYOUT_ASSERT(sizeof(STOR_DEVICE_POWER_STATE) == 4 && StorPowerDeviceMaximum == 5);

typedef enum {
    StorPowerActionNone = 0,
    StorPowerActionReserved,
    StorPowerActionSleep,
    StorPowerActionHibernate,
    StorPowerActionShutdown,
    StorPowerActionShutdownReset,
    StorPowerActionShutdownOff,
    StorPowerActionWarmEject
} STOR_POWER_ACTION, *PSTOR_POWER_ACTION;
USTOR_LAYOUT_ASSERT(sizeof(STOR_POWER_ACTION) == 4 && StorPowerActionWarmEject == 7);

/* Numbered as the IRP_MN_* minor codes they stand for. */
typedef enum _STOR_PNP_ACTION {
    StorStartDevice = 0x0,
    StorRemoveDevice = 0x2,
    StorStopDevice = 0x4,
    StorQueryCapabilities = 0x9,
    StorQueryResourceRequirements = 0xB,
    StorFilterResourceRequirements = 0xD,
    StorSurpriseRemoval = 0x17
} STOR_PNP_ACTION, *PSTOR_PNP_ACTION;
USTOR_LAYOUT_ASSERT(sizeof(STOR_PNP_ACTION) == 4);

/* ---- SCSI_REQUEST_BLOCK: the classic 0x58-byte request ---- */
typedef struct SRB_ALIGN _SCSI_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR ScsiStatus;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR QueueTag;
    UCHAR QueueAction;
    UCHAR CdbLength;
    UCHAR SenseInfoBufferLength;
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID SenseInfoBuffer;
    struct _SCSI_REQUEST_BLOCK *NextSrb;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    union {
        ULONG InternalStatus;
        ULONG QueueSortKey;
        ULONG LinkTimeoutValue;
    };
    ULONG Reserved;
    UCHAR Cdb[16];
} SCSI_REQUEST_BLOCK, *PSCSI_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_REQUEST_BLOCK) == 0x58 && _Alignof(SCSI_REQUEST_BLOCK) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, Function) == 0x2);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, SrbStatus) == 0x3);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, QueueTag) == 0x8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, SrbFlags) == 0xC);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, DataBuffer) == 0x18);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, NextSrb) == 0x28);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, SrbExtension) == 0x38);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, QueueSortKey) == 0x40);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_REQUEST_BLOCK, Cdb) == 0x48);

#define SCSI_REQUEST_BLOCK_SIZE sizeof(SCSI_REQUEST_BLOCK)

typedef struct SRB_ALIGN _SCSI_WMI_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR WMISubFunction;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR Reserved1;
    UCHAR WMIFlags;
    UCHAR Reserved2[2];
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID DataPath;
    PVOID Reserved3;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    ULONG Reserved4;
    ULONG Reserved6;
    UCHAR Reserved5[16];
} SCSI_WMI_REQUEST_BLOCK, *PSCSI_WMI_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_WMI_REQUEST_BLOCK) == 0x58);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_WMI_REQUEST_BLOCK, WMIFlags) == 0x9);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_WMI_REQUEST_BLOCK, DataPath) == 0x20);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_WMI_REQUEST_BLOCK, SrbExtension) == 0x38);

typedef struct SRB_ALIGN _SCSI_POWER_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR SrbPowerFlags;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    STOR_DEVICE_POWER_STATE DevicePowerState;
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID SenseInfoBuffer;
    struct _SCSI_REQUEST_BLOCK *NextSrb;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    STOR_POWER_ACTION PowerAction;
    ULONG Reserved;
    UCHAR Reserved5[16];
} SCSI_POWER_REQUEST_BLOCK, *PSCSI_POWER_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_POWER_REQUEST_BLOCK) == 0x58);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_POWER_REQUEST_BLOCK, DevicePowerState) == 0x8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_POWER_REQUEST_BLOCK, SrbFlags) == 0xC);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_POWER_REQUEST_BLOCK, PowerAction) == 0x40);

typedef struct SRB_ALIGN _SCSI_PNP_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR PnPSubFunction;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    STOR_PNP_ACTION PnPAction;
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID SenseInfoBuffer;
    struct _SCSI_REQUEST_BLOCK *NextSrb;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    ULONG SrbPnPFlags;
    ULONG Reserved;
    UCHAR Reserved4[16];
} SCSI_PNP_REQUEST_BLOCK, *PSCSI_PNP_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_PNP_REQUEST_BLOCK) == 0x58);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_PNP_REQUEST_BLOCK, PnPAction) == 0x8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_PNP_REQUEST_BLOCK, SrbPnPFlags) == 0x40);

/* ---- extended SRB data blocks: Length counts the bytes after Type/Length ---- */
typedef enum _SRBEXDATATYPE {
    SrbExDataTypeUnknown = 0,
    SrbExDataTypeBidirectional,
    SrbExDataTypeScsiCdb16 = 0x40,
    SrbExDataTypeScsiCdb32,
    SrbExDataTypeScsiCdbVar,
    SrbExDataTypeNvmeCommand,
    SrbExDataTypeNvmeofOperation,
    SrbExDataTypeMiniportPassthrough,
    SrbExDataTypeWmi = 0x60,
    SrbExDataTypePower,
    SrbExDataTypePnP,
    SrbExDataTypeIoInfo = 0x80,
    SrbExDataTypePassthroughDirect = 0xA0,
    SrbExDataTypeMSReservedStart = 0xF0000000,
    SrbExDataTypeReserved = 0xFFFFFFFF
} SRBEXDATATYPE, *PSRBEXDATATYPE;
USTOR_LAYOUT_ASSERT(sizeof(SRBEXDATATYPE) == 4 && SrbExDataTypeMiniportPassthrough == 0x45);

typedef struct SRB_ALIGN _SRBEX_DATA {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR Data[ANYSIZE_ARRAY];
} SRBEX_DATA, *PSRBEX_DATA;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA) == 0x10 && __builtin_offsetof(SRBEX_DATA, Data) == 8);

#define SRBEX_DATA_BIDIRECTIONAL_LENGTH ((2 * sizeof(ULONG)) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_BIDIRECTIONAL {
    SRBEXDATATYPE Type;
    ULONG Length;
    ULONG DataInTransferLength;
    ULONG Reserved1;
    PVOID POINTER_ALIGN DataInBuffer;
} SRBEX_DATA_BIDIRECTIONAL, *PSRBEX_DATA_BIDIRECTIONAL;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_BIDIRECTIONAL) == 0x18);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_BIDIRECTIONAL, DataInBuffer) == 0x10);

#define SRBEX_DATA_SCSI_CDB16_LENGTH ((20 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_SCSI_CDB16 {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR ScsiStatus;
    UCHAR SenseInfoBufferLength;
    UCHAR CdbLength;
    UCHAR Reserved;
    ULONG Reserved1;
    PVOID POINTER_ALIGN SenseInfoBuffer;
    UCHAR POINTER_ALIGN Cdb[16];
} SRBEX_DATA_SCSI_CDB16, *PSRBEX_DATA_SCSI_CDB16;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_SCSI_CDB16) == 0x28);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB16, CdbLength) == 0xA);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB16, SenseInfoBuffer) == 0x10);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB16, Cdb) == 0x18);

#define SRBEX_DATA_SCSI_CDB32_LENGTH ((36 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_SCSI_CDB32 {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR ScsiStatus;
    UCHAR SenseInfoBufferLength;
    UCHAR CdbLength;
    UCHAR Reserved;
    ULONG Reserved1;
    PVOID POINTER_ALIGN SenseInfoBuffer;
    UCHAR POINTER_ALIGN Cdb[32];
} SRBEX_DATA_SCSI_CDB32, *PSRBEX_DATA_SCSI_CDB32;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_SCSI_CDB32) == 0x38);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB32, Cdb) == 0x18);

#define SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN ((4 * sizeof(UCHAR)) + (3 * sizeof(ULONG)) + sizeof(PVOID))
#define SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MAX 0xFFFFFFFF
typedef struct SRB_ALIGN _SRBEX_DATA_SCSI_CDB_VAR {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR ScsiStatus;
    UCHAR SenseInfoBufferLength;
    UCHAR Reserved[2];
    ULONG CdbLength;
    ULONG Reserved1[2];
    PVOID POINTER_ALIGN SenseInfoBuffer;
    UCHAR POINTER_ALIGN Cdb[ANYSIZE_ARRAY];
} SRBEX_DATA_SCSI_CDB_VAR, *PSRBEX_DATA_SCSI_CDB_VAR;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_SCSI_CDB_VAR) == 0x28);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB_VAR, CdbLength) == 0xC);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB_VAR, SenseInfoBuffer) == 0x18);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_SCSI_CDB_VAR, Cdb) == 0x20);

#define SRBEX_DATA_WMI_LENGTH ((4 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_WMI {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR WMISubFunction;
    UCHAR WMIFlags;
    UCHAR Reserved[2];
    ULONG Reserved1;
    PVOID POINTER_ALIGN DataPath;
} SRBEX_DATA_WMI, *PSRBEX_DATA_WMI;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_WMI) == 0x18);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_WMI, DataPath) == 0x10);

/* 12 bytes: the WDK formula (NeptuneOS's 16 is a known deviation). */
#define SRBEX_DATA_POWER_LENGTH \
    ((4 * sizeof(UCHAR)) + sizeof(STOR_DEVICE_POWER_STATE) + sizeof(STOR_POWER_ACTION))
typedef struct SRB_ALIGN _SRBEX_DATA_POWER {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR SrbPowerFlags;
    UCHAR Reserved[3];
    STOR_DEVICE_POWER_STATE DevicePowerState;
    STOR_POWER_ACTION PowerAction;
} SRBEX_DATA_POWER, *PSRBEX_DATA_POWER;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_POWER) == 0x18 && SRBEX_DATA_POWER_LENGTH == 12);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_POWER, DevicePowerState) == 0xC);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_POWER, PowerAction) == 0x10);

#define SRBEX_DATA_PNP_LENGTH ((4 * sizeof(UCHAR)) + sizeof(STOR_PNP_ACTION) + (2 * sizeof(ULONG)))
typedef struct SRB_ALIGN _SRBEX_DATA_PNP {
    SRBEXDATATYPE Type;
    ULONG Length;
    UCHAR PnPSubFunction;
    UCHAR Reserved[3];
    STOR_PNP_ACTION PnPAction;
    ULONG SrbPnPFlags;
    ULONG Reserved1;
} SRBEX_DATA_PNP, *PSRBEX_DATA_PNP;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_PNP) == 0x18 && SRBEX_DATA_PNP_LENGTH == 16);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_PNP, PnPAction) == 0xC);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_PNP, SrbPnPFlags) == 0x10);

#define SRBEX_DATA_IO_INFO_LENGTH ((5 * sizeof(ULONG)) + (4 * sizeof(UCHAR)))
#define SRBEX_DATA_IO_INFO_VERSION_1 0x1
typedef struct SRB_ALIGN _SRBEX_DATA_IO_INFO {
    SRBEXDATATYPE Type;
    ULONG Length;
    ULONG Flags;
    ULONG Key;
    ULONG RWLength;
    BOOLEAN IsWriteRequest;
    UCHAR CachePriority;
    UCHAR Reserved[2];
    ULONG Reserved1[2];
} SRBEX_DATA_IO_INFO, *PSRBEX_DATA_IO_INFO;
USTOR_LAYOUT_ASSERT(sizeof(SRBEX_DATA_IO_INFO) == 0x20 && SRBEX_DATA_IO_INFO_LENGTH == 24);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_IO_INFO, IsWriteRequest) == 0x14);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRBEX_DATA_IO_INFO, CachePriority) == 0x15);

/* Newer blocks whose bodies this header set does not model (NVMe command needs nvme.h). */
#define SRBEX_DATA_MINIPORT_PASSTHROUGH_LENGTH (4 * sizeof(ULONG))
#define SRBEX_DATA_NVMEOF_OPERATION_LENGTH ((2 * sizeof(USHORT)) + (2 * sizeof(ULONG)))
#define SRBEX_DATA_NVME_COMMAND_LENGTH \
    ((4 * sizeof(ULONGLONG)) + (14 * sizeof(ULONG)) + (5 * sizeof(USHORT)) + (2 * sizeof(UCHAR)))

/* ---- STORAGE_REQUEST_BLOCK: the extended SRB (Function = SRB_FUNCTION_STORAGE_REQUEST_BLOCK) ---- */
typedef struct SRB_ALIGN _STORAGE_REQUEST_BLOCK_HEADER {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
} STORAGE_REQUEST_BLOCK_HEADER, *PSTORAGE_REQUEST_BLOCK_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_REQUEST_BLOCK_HEADER) == 8);

typedef struct SRB_ALIGN _STORAGE_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    ULONG ReservedUlong1;
    ULONG Signature;
    ULONG Version;
    ULONG SrbLength;
    ULONG SrbFunction;
    ULONG SrbFlags;
    ULONG ReservedUlong2;
    ULONG RequestTag;
    USHORT RequestPriority;
    USHORT RequestAttribute;
    ULONG TimeOutValue;
    union {
        ULONG SystemStatus;
        ULONG RequestTagHigh4Bytes;
    };
    ULONG ZeroGuard1;
    ULONG AddressOffset;
    ULONG NumSrbExData;
    ULONG DataTransferLength;
    PVOID POINTER_ALIGN DataBuffer;
    PVOID POINTER_ALIGN ZeroGuard2;
    PVOID POINTER_ALIGN OriginalRequest;
    PVOID POINTER_ALIGN ClassContext;
    PVOID POINTER_ALIGN PortContext;
    PVOID POINTER_ALIGN MiniportContext;
    struct _STORAGE_REQUEST_BLOCK *NextSrb;
    ULONG SrbExDataOffset[ANYSIZE_ARRAY];
} STORAGE_REQUEST_BLOCK, *PSTORAGE_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_REQUEST_BLOCK) == 0x80 && _Alignof(STORAGE_REQUEST_BLOCK) == 8);
/* Miniports cast between the two SRB kinds and read Function/SrbStatus through either. */
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, Function) ==
                    __builtin_offsetof(SCSI_REQUEST_BLOCK, Function));
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, SrbStatus) ==
                    __builtin_offsetof(SCSI_REQUEST_BLOCK, SrbStatus));
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, Signature) == 0x8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, SrbFunction) == 0x14);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, RequestTag) == 0x20);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, RequestAttribute) == 0x26);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, SystemStatus) == 0x2C);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, AddressOffset) == 0x34);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, DataTransferLength) == 0x3C);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, DataBuffer) == 0x40);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, MiniportContext) == 0x68);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, NextSrb) == 0x70);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STORAGE_REQUEST_BLOCK, SrbExDataOffset) == 0x78);

#define SRB_ALIGN_SIZEOF(x) (((ULONG_PTR)(sizeof(x) + sizeof(PVOID) - 1)) & ~(sizeof(PVOID) - 1))

#endif /* USTOR_SRB_DEFS_H */
