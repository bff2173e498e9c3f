/*
 * ntddscsi.h - the SCSI port device-control interface: IOCTL_SCSI_* and
 * IOCTL_ATA_* codes, the SCSI/ATA pass-through structures (plain, direct,
 * extended and their 32-bit thunk forms), ATA_FLAGS_*, inquiry/bus/address
 * and capability reports, crash-dump pointer structures, the miniport IOCTL
 * signatures and SRB_IO_CONTROL, plus the NVCACHE/HYBRID/FIRMWARE/diagnostic
 * payloads (ustor/ioctl_scsi_requests.h).
 * The 32-bit thunk structures hold their 4-byte user pointers as ULONG, as
 * gcc has no POINTER_32.  Nothing from ntdddisk.h (SMART structures) is here.
 */
#ifndef _NTDDSCSIH_
#define _NTDDSCSIH_

#include "ustor/nt_base.h"
#include "devioctl.h"
#include "ustor/srb_io_control.h"
#include "ustor/ioctl_miniport_codes.h"
#include "ustor/ioctl_scsi_requests.h"

#ifdef DEFINE_GUID
DEFINE_GUID(ScsiRawInterfaceGuid, 0x53f56309L, 0xb6bf, 0x11d0, 0x94, 0xf2, 0x00, 0xa0, 0xc9, 0x1e, 0xfb, 0x8b);
DEFINE_GUID(WmiScsiAddressGuid, 0x53f5630fL, 0xb6bf, 0x11d0, 0x94, 0xf2, 0x00, 0xa0, 0xc9, 0x1e, 0xfb, 0x8b);
#endif

#define IOCTL_SCSI_BASE FILE_DEVICE_CONTROLLER
#define DD_SCSI_DEVICE_NAME "\\Device\\ScsiPort"

/* ---- IoControlCode values of the SCSI port device ---- */
#define IOCTL_SCSI_PASS_THROUGH        CTL_CODE(IOCTL_SCSI_BASE, 0x0401, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_SCSI_MINIPORT            CTL_CODE(IOCTL_SCSI_BASE, 0x0402, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_SCSI_GET_INQUIRY_DATA    CTL_CODE(IOCTL_SCSI_BASE, 0x0403, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SCSI_GET_CAPABILITIES    CTL_CODE(IOCTL_SCSI_BASE, 0x0404, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SCSI_PASS_THROUGH_DIRECT CTL_CODE(IOCTL_SCSI_BASE, 0x0405, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_SCSI_GET_ADDRESS         CTL_CODE(IOCTL_SCSI_BASE, 0x0406, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SCSI_RESCAN_BUS          CTL_CODE(IOCTL_SCSI_BASE, 0x0407, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SCSI_GET_DUMP_POINTERS   CTL_CODE(IOCTL_SCSI_BASE, 0x0408, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SCSI_FREE_DUMP_POINTERS  CTL_CODE(IOCTL_SCSI_BASE, 0x0409, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_IDE_PASS_THROUGH         CTL_CODE(IOCTL_SCSI_BASE, 0x040a, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ATA_PASS_THROUGH         CTL_CODE(IOCTL_SCSI_BASE, 0x040b, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ATA_PASS_THROUGH_DIRECT  CTL_CODE(IOCTL_SCSI_BASE, 0x040c, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ATA_MINIPORT             CTL_CODE(IOCTL_SCSI_BASE, 0x040d, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_MINIPORT_PROCESS_SERVICE_IRP CTL_CODE(IOCTL_SCSI_BASE, 0x040e, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_MPIO_PASS_THROUGH_PATH   CTL_CODE(IOCTL_SCSI_BASE, 0x040f, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_MPIO_PASS_THROUGH_PATH_DIRECT CTL_CODE(IOCTL_SCSI_BASE, 0x0410, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_SCSI_PASS_THROUGH_EX     CTL_CODE(IOCTL_SCSI_BASE, 0x0411, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_SCSI_PASS_THROUGH_DIRECT_EX CTL_CODE(IOCTL_SCSI_BASE, 0x0412, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_MPIO_PASS_THROUGH_PATH_EX CTL_CODE(IOCTL_SCSI_BASE, 0x0413, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_MPIO_PASS_THROUGH_PATH_DIRECT_EX CTL_CODE(IOCTL_SCSI_BASE, 0x0414, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

/* ---- SCSI pass-through ---- */

typedef struct _SCSI_PASS_THROUGH {
    USHORT Length;
    UCHAR ScsiStatus;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR CdbLength;
    UCHAR SenseInfoLength;
    UCHAR DataIn;                   /* SCSI_IOCTL_DATA_* */
    ULONG DataTransferLength;
    ULONG TimeOutValue;             /* seconds */
    ULONG_PTR DataBufferOffset;     /* from the start of this structure */
    ULONG SenseInfoOffset;
    UCHAR Cdb[16];
} SCSI_PASS_THROUGH, *PSCSI_PASS_THROUGH;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_PASS_THROUGH) == 0x38);
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH, DataBufferOffset) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH, Cdb) == 0x24);

typedef struct _SCSI_PASS_THROUGH_DIRECT {
    USHORT Length;
    UCHAR ScsiStatus;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR CdbLength;
    UCHAR SenseInfoLength;
    UCHAR DataIn;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    ULONG SenseInfoOffset;
    UCHAR Cdb[16];
} SCSI_PASS_THROUGH_DIRECT, *PSCSI_PASS_THROUGH_DIRECT;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_PASS_THROUGH_DIRECT) == 0x38);

/* WOW64 forms: what a 32-bit caller lays out. */
typedef struct _SCSI_PASS_THROUGH32 {
    USHORT Length;
    UCHAR ScsiStatus;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR CdbLength;
    UCHAR SenseInfoLength;
    UCHAR DataIn;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    ULONG32 DataBufferOffset;
    ULONG SenseInfoOffset;
    UCHAR Cdb[16];
} SCSI_PASS_THROUGH32, *PSCSI_PASS_THROUGH32;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_PASS_THROUGH32) == 0x2C);

typedef struct _SCSI_PASS_THROUGH_DIRECT32 {
    USHORT Length;
    UCHAR ScsiStatus;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR CdbLength;
    UCHAR SenseInfoLength;
    UCHAR DataIn;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    ULONG DataBuffer;               /* 32-bit user pointer */
    ULONG SenseInfoOffset;
    UCHAR Cdb[16];
} SCSI_PASS_THROUGH_DIRECT32, *PSCSI_PASS_THROUGH_DIRECT32;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_PASS_THROUGH_DIRECT32) == 0x2C);

typedef struct _SCSI_PASS_THROUGH_EX {
    ULONG Version;
    ULONG Length;
    ULONG CdbLength;
    ULONG StorAddressLength;
    UCHAR ScsiStatus;
    UCHAR SenseInfoLength;
    UCHAR DataDirection;            /* SCSI_IOCTL_DATA_*, BIDIRECTIONAL allowed */
    UCHAR Reserved;
    ULONG TimeOutValue;
    ULONG StorAddressOffset;
    ULONG SenseInfoOffset;
    ULONG DataOutTransferLength;
    ULONG DataInTransferLength;
    ULONG_PTR DataOutBufferOffset;
    ULONG_PTR DataInBufferOffset;
    UCHAR Cdb[ANYSIZE_ARRAY];
} SCSI_PASS_THROUGH_EX, *PSCSI_PASS_THROUGH_EX;
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH_EX, DataOutBufferOffset) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH_EX, Cdb) == 0x38);

typedef struct _SCSI_PASS_THROUGH_DIRECT_EX {
    ULONG Version;
    ULONG Length;
    ULONG CdbLength;
    ULONG StorAddressLength;
    UCHAR ScsiStatus;
    UCHAR SenseInfoLength;
    UCHAR DataDirection;
    UCHAR Reserved;
    ULONG TimeOutValue;
    ULONG StorAddressOffset;
    ULONG SenseInfoOffset;
    ULONG DataOutTransferLength;
    ULONG DataInTransferLength;
    VOID *DataOutBuffer;
    VOID *DataInBuffer;
    UCHAR Cdb[ANYSIZE_ARRAY];
} SCSI_PASS_THROUGH_DIRECT_EX, *PSCSI_PASS_THROUGH_DIRECT_EX;
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH_DIRECT_EX, Cdb) == 0x38);

typedef struct _SCSI_PASS_THROUGH32_EX {
    ULONG Version;
    ULONG Length;
    ULONG CdbLength;
    ULONG StorAddressLength;
    UCHAR ScsiStatus;
    UCHAR SenseInfoLength;
    UCHAR DataDirection;
    UCHAR Reserved;
    ULONG TimeOutValue;
    ULONG StorAddressOffset;
    ULONG SenseInfoOffset;
    ULONG DataOutTransferLength;
    ULONG DataInTransferLength;
    ULONG32 DataOutBufferOffset;
    ULONG32 DataInBufferOffset;
    UCHAR Cdb[ANYSIZE_ARRAY];
} SCSI_PASS_THROUGH32_EX, *PSCSI_PASS_THROUGH32_EX;
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH32_EX, Cdb) == 0x30);

typedef struct _SCSI_PASS_THROUGH_DIRECT32_EX {
    ULONG Version;
    ULONG Length;
    ULONG CdbLength;
    ULONG StorAddressLength;
    UCHAR ScsiStatus;
    UCHAR SenseInfoLength;
    UCHAR DataDirection;
    UCHAR Reserved;
    ULONG TimeOutValue;
    ULONG StorAddressOffset;
    ULONG SenseInfoOffset;
    ULONG DataOutTransferLength;
    ULONG DataInTransferLength;
    ULONG DataOutBuffer;            /* 32-bit user pointers */
    ULONG DataInBuffer;
    UCHAR Cdb[ANYSIZE_ARRAY];
} SCSI_PASS_THROUGH_DIRECT32_EX, *PSCSI_PASS_THROUGH_DIRECT32_EX;
USTOR_LAYOUT_ASSERT(offsetof(SCSI_PASS_THROUGH_DIRECT32_EX, Cdb) == 0x30);

/* SCSI_PASS_THROUGH.DataIn / _EX.DataDirection */
#define SCSI_IOCTL_DATA_OUT           0
#define SCSI_IOCTL_DATA_IN            1
#define SCSI_IOCTL_DATA_UNSPECIFIED   2
#define SCSI_IOCTL_DATA_BIDIRECTIONAL 3

/* ---- ATA pass-through ---- */

typedef struct _ATA_PASS_THROUGH_EX {
    USHORT Length;
    USHORT AtaFlags;                /* ATA_FLAGS_* */
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR ReservedAsUchar;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    ULONG ReservedAsUlong;
    ULONG_PTR DataBufferOffset;
    UCHAR PreviousTaskFile[8];      /* 48-bit commands: the high-order bytes */
    UCHAR CurrentTaskFile[8];
} ATA_PASS_THROUGH_EX, *PATA_PASS_THROUGH_EX;
USTOR_LAYOUT_ASSERT(sizeof(ATA_PASS_THROUGH_EX) == 0x30);
USTOR_LAYOUT_ASSERT(offsetof(ATA_PASS_THROUGH_EX, DataBufferOffset) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(ATA_PASS_THROUGH_EX, CurrentTaskFile) == 0x28);

typedef struct _ATA_PASS_THROUGH_DIRECT {
    USHORT Length;
    USHORT AtaFlags;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR ReservedAsUchar;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    ULONG ReservedAsUlong;
    PVOID DataBuffer;
    UCHAR PreviousTaskFile[8];
    UCHAR CurrentTaskFile[8];
} ATA_PASS_THROUGH_DIRECT, *PATA_PASS_THROUGH_DIRECT;
USTOR_LAYOUT_ASSERT(sizeof(ATA_PASS_THROUGH_DIRECT) == 0x30);

typedef struct _ATA_PASS_THROUGH_EX32 {
    USHORT Length;
    USHORT AtaFlags;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR ReservedAsUchar;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    ULONG ReservedAsUlong;
    ULONG32 DataBufferOffset;
    UCHAR PreviousTaskFile[8];
    UCHAR CurrentTaskFile[8];
} ATA_PASS_THROUGH_EX32, *PATA_PASS_THROUGH_EX32;
USTOR_LAYOUT_ASSERT(sizeof(ATA_PASS_THROUGH_EX32) == 0x28);

typedef struct _ATA_PASS_THROUGH_DIRECT32 {
    USHORT Length;
    USHORT AtaFlags;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR ReservedAsUchar;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    ULONG ReservedAsUlong;
    ULONG DataBuffer;               /* 32-bit user pointer */
    UCHAR PreviousTaskFile[8];
    UCHAR CurrentTaskFile[8];
} ATA_PASS_THROUGH_DIRECT32, *PATA_PASS_THROUGH_DIRECT32;
USTOR_LAYOUT_ASSERT(sizeof(ATA_PASS_THROUGH_DIRECT32) == 0x28);

/* ATA_PASS_THROUGH_EX.AtaFlags; spelled as StorAHCI spells its own copies. */
#define ATA_FLAGS_DRDY_REQUIRED         (1 << 0)
#define ATA_FLAGS_DATA_IN               (1 << 1)
#define ATA_FLAGS_DATA_OUT              (1 << 2)
#define ATA_FLAGS_48BIT_COMMAND         (1 << 3)
#define ATA_FLAGS_USE_DMA               (1 << 4)
#define ATA_FLAGS_NO_MULTIPLE           (1 << 5)

/* Header of an IOCTL_ATA_MINIPORT buffer. */
typedef struct _IDE_IO_CONTROL {
    ULONG HeaderLength;
    UCHAR Signature[8];
    ULONG Timeout;
    ULONG ControlCode;
    ULONG ReturnStatus;
    ULONG DataLength;
} IDE_IO_CONTROL, *PIDE_IO_CONTROL;
USTOR_LAYOUT_ASSERT(sizeof(IDE_IO_CONTROL) == 28);

/* ---- MPIO path-directed pass-through ---- */

typedef struct _MPIO_PASS_THROUGH_PATH {
    SCSI_PASS_THROUGH PassThrough;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;                    /* MPIO_IOCTL_FLAG_* */
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH, *PMPIO_PASS_THROUGH_PATH;
USTOR_LAYOUT_ASSERT(sizeof(MPIO_PASS_THROUGH_PATH) == 0x48);

typedef struct _MPIO_PASS_THROUGH_PATH_DIRECT {
    SCSI_PASS_THROUGH_DIRECT PassThrough;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH_DIRECT, *PMPIO_PASS_THROUGH_PATH_DIRECT;
USTOR_LAYOUT_ASSERT(sizeof(MPIO_PASS_THROUGH_PATH_DIRECT) == 0x48);

typedef struct _MPIO_PASS_THROUGH_PATH_EX {
    ULONG PassThroughOffset;        /* to a SCSI_PASS_THROUGH_EX */
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH_EX, *PMPIO_PASS_THROUGH_PATH_EX;
USTOR_LAYOUT_ASSERT(sizeof(MPIO_PASS_THROUGH_PATH_EX) == 24);

typedef struct _MPIO_PASS_THROUGH_PATH_DIRECT_EX {
    ULONG PassThroughOffset;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH_DIRECT_EX, *PMPIO_PASS_THROUGH_PATH_DIRECT_EX;

typedef struct _MPIO_PASS_THROUGH_PATH32 {
    SCSI_PASS_THROUGH32 PassThrough;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH32, *PMPIO_PASS_THROUGH_PATH32;

typedef struct _MPIO_PASS_THROUGH_PATH_DIRECT32 {
    SCSI_PASS_THROUGH_DIRECT32 PassThrough;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH_DIRECT32, *PMPIO_PASS_THROUGH_PATH_DIRECT32;

typedef struct _MPIO_PASS_THROUGH_PATH32_EX {
    ULONG PassThroughOffset;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH32_EX, *PMPIO_PASS_THROUGH_PATH32_EX;

typedef struct _MPIO_PASS_THROUGH_PATH_DIRECT32_EX {
    ULONG PassThroughOffset;
    ULONG Version;
    USHORT Length;
    UCHAR Flags;
    UCHAR PortNumber;
    ULONGLONG MpioPathId;
} MPIO_PASS_THROUGH_PATH_DIRECT32_EX, *PMPIO_PASS_THROUGH_PATH_DIRECT32_EX;

#define MPIO_IOCTL_FLAG_USE_PATHID      1
#define MPIO_IOCTL_FLAG_USE_SCSIADDRESS 2
#define MPIO_IOCTL_FLAG_INVOLVE_DSM     4

/* ---- IOCTL_SCSI_GET_INQUIRY_DATA output ---- */

typedef struct _SCSI_BUS_DATA {
    UCHAR NumberOfLogicalUnits;
    UCHAR InitiatorBusId;
    ULONG InquiryDataOffset;        /* to the first SCSI_INQUIRY_DATA of the bus */
} SCSI_BUS_DATA, *PSCSI_BUS_DATA;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_BUS_DATA) == 8);

typedef struct _SCSI_ADAPTER_BUS_INFO {
    UCHAR NumberOfBuses;
    SCSI_BUS_DATA BusData[1];
} SCSI_ADAPTER_BUS_INFO, *PSCSI_ADAPTER_BUS_INFO;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_ADAPTER_BUS_INFO) == 12);

typedef struct _SCSI_INQUIRY_DATA {
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    BOOLEAN DeviceClaimed;
    ULONG InquiryDataLength;
    ULONG NextInquiryDataOffset;    /* 0 ends the bus's chain */
    UCHAR InquiryData[1];
} SCSI_INQUIRY_DATA, *PSCSI_INQUIRY_DATA;
USTOR_LAYOUT_ASSERT(offsetof(SCSI_INQUIRY_DATA, InquiryData) == 12);

/* ---- SRB_IO_CONTROL.Signature values (8 bytes, no terminator) ---- */
#define IOCTL_MINIPORT_SIGNATURE_SCSIDISK                  "SCSIDISK"
#define IOCTL_MINIPORT_SIGNATURE_HYBRDISK                  "HYBRDISK"
#define IOCTL_MINIPORT_SIGNATURE_DSM_NOTIFICATION          "MPDSM   "
#define IOCTL_MINIPORT_SIGNATURE_DSM_GENERAL               "MPDSMGEN"
#define IOCTL_MINIPORT_SIGNATURE_FIRMWARE                  "FIRMWARE"
#define IOCTL_MINIPORT_SIGNATURE_QUERY_PROTOCOL            "PROTOCOL"
#define IOCTL_MINIPORT_SIGNATURE_SET_PROTOCOL              "SETPROTO"
#define IOCTL_MINIPORT_SIGNATURE_QUERY_TEMPERATURE         "TEMPERAT"
#define IOCTL_MINIPORT_SIGNATURE_SET_TEMPERATURE_THRESHOLD "SETTEMPT"
#define IOCTL_MINIPORT_SIGNATURE_QUERY_PHYSICAL_TOPOLOGY   "TOPOLOGY"
#define IOCTL_MINIPORT_SIGNATURE_ENDURANCE_INFO            "ENDURINF"

/* ---- capabilities and address of a port/unit ---- */

typedef struct _IO_SCSI_CAPABILITIES {
    ULONG Length;
    ULONG MaximumTransferLength;
    ULONG MaximumPhysicalPages;
    ULONG SupportedAsynchronousEvents;
    ULONG AlignmentMask;
    BOOLEAN TaggedQueuing;
    BOOLEAN AdapterScansDown;
    BOOLEAN AdapterUsesPio;
} IO_SCSI_CAPABILITIES, *PIO_SCSI_CAPABILITIES;
USTOR_LAYOUT_ASSERT(sizeof(IO_SCSI_CAPABILITIES) == 24);
USTOR_LAYOUT_ASSERT(offsetof(IO_SCSI_CAPABILITIES, TaggedQueuing) == 20);

typedef struct _SCSI_ADDRESS {
    ULONG Length;
    UCHAR PortNumber;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
} SCSI_ADDRESS, *PSCSI_ADDRESS;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_ADDRESS) == 8);

/* ---- crash-dump pointers (IOCTL_SCSI_GET_DUMP_POINTERS) ---- */

struct _ADAPTER_OBJECT;

#define DUMP_POINTERS_VERSION_1 1
#define DUMP_POINTERS_VERSION_2 2
#define DUMP_POINTERS_VERSION_3 3
#define DUMP_POINTERS_VERSION_4 4
#define DUMP_DRIVER_NAME_LENGTH 15

typedef LONG DUMP_DEVICE_POWERON_ROUTINE(PVOID Context);
typedef DUMP_DEVICE_POWERON_ROUTINE *PDUMP_DEVICE_POWERON_ROUTINE;

typedef struct _DUMP_POINTERS_VERSION {
    ULONG Version;
    ULONG Size;
} DUMP_POINTERS_VERSION, *PDUMP_POINTERS_VERSION;

typedef struct _DUMP_POINTERS {
    struct _ADAPTER_OBJECT *AdapterObject;
    PVOID MappedRegisterBase;
    PVOID DumpData;
    PVOID CommonBufferVa;
    LARGE_INTEGER CommonBufferPa;
    ULONG CommonBufferSize;
    BOOLEAN AllocateCommonBuffers;
    BOOLEAN UseDiskDump;
    UCHAR Spare1[2];
    PVOID DeviceObject;
} DUMP_POINTERS, *PDUMP_POINTERS;
USTOR_LAYOUT_ASSERT(sizeof(DUMP_POINTERS) == 0x38);
USTOR_LAYOUT_ASSERT(offsetof(DUMP_POINTERS, DeviceObject) == 0x30);

typedef struct _DUMP_POINTERS_EX {
    DUMP_POINTERS_VERSION Header;
    PVOID DumpData;
    PVOID CommonBufferVa;
    ULONG CommonBufferSize;
    BOOLEAN AllocateCommonBuffers;
    PVOID DeviceObject;
    PVOID DriverList;
    ULONG dwPortFlags;              /* DUMP_EX_FLAG_* (V3 and later) */
    ULONG MaxDeviceDumpSectionSize;
    ULONG MaxDeviceDumpLevel;
    ULONG MaxTransferSize;
    PVOID AdapterObject;
    PVOID MappedRegisterBase;
    PBOOLEAN DeviceReady;
    PDUMP_DEVICE_POWERON_ROUTINE DumpDevicePowerOn;   /* V4 and later */
    PVOID DumpDevicePowerOnContext;
} DUMP_POINTERS_EX, *PDUMP_POINTERS_EX;
USTOR_LAYOUT_ASSERT(offsetof(DUMP_POINTERS_EX, dwPortFlags) == 0x30);
USTOR_LAYOUT_ASSERT(offsetof(DUMP_POINTERS_EX, DumpDevicePowerOn) == 0x58);
USTOR_LAYOUT_ASSERT(sizeof(DUMP_POINTERS_EX) == 0x68);

#define DUMP_POINTERS_EX_V2_SIZE ((ULONG)FIELD_OFFSET(DUMP_POINTERS_EX, dwPortFlags))
#define DUMP_POINTERS_EX_V3_SIZE ((ULONG)FIELD_OFFSET(DUMP_POINTERS_EX, DumpDevicePowerOn))
#define DUMP_POINTERS_EX_V4_SIZE sizeof(DUMP_POINTERS_EX)

#define DUMP_EX_FLAG_SUPPORT_64BITMEMORY      0x00000001
#define DUMP_EX_FLAG_SUPPORT_DD_TELEMETRY     0x00000002
#define DUMP_EX_FLAG_RESUME_SUPPORT           0x00000004
#define DUMP_EX_FLAG_DRIVER_FULL_PATH_SUPPORT 0x00000008

typedef struct _DUMP_DRIVER {
    PVOID DumpDriverList;
    WCHAR DriverName[DUMP_DRIVER_NAME_LENGTH];
    WCHAR BaseName[DUMP_DRIVER_NAME_LENGTH];
} DUMP_DRIVER, *PDUMP_DRIVER;
USTOR_LAYOUT_ASSERT(sizeof(DUMP_DRIVER) == 0x48);

/* A private copy of UNICODE_STRING, so this header needs no other. */
typedef struct _NTSCSI_UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWCH Buffer;
} NTSCSI_UNICODE_STRING;
typedef NTSCSI_UNICODE_STRING *PNTSCSI_UNICODE_STRING;
USTOR_LAYOUT_ASSERT(sizeof(NTSCSI_UNICODE_STRING) == 16);

typedef struct _DUMP_DRIVER_EX {
    PVOID DumpDriverList;
    WCHAR DriverName[DUMP_DRIVER_NAME_LENGTH];
    WCHAR BaseName[DUMP_DRIVER_NAME_LENGTH];
    NTSCSI_UNICODE_STRING DriverFullPath;
} DUMP_DRIVER_EX, *PDUMP_DRIVER_EX;
USTOR_LAYOUT_ASSERT(offsetof(DUMP_DRIVER_EX, DriverFullPath) == 0x48);

/* Sizes of the remaining fixed structures (x64). */
USTOR_LAYOUT_ASSERT(sizeof(MPIO_PASS_THROUGH_PATH_DIRECT_EX) == 24);
USTOR_LAYOUT_ASSERT(sizeof(MPIO_PASS_THROUGH_PATH32) == 64 && sizeof(MPIO_PASS_THROUGH_PATH_DIRECT32) == 64);
USTOR_LAYOUT_ASSERT(sizeof(MPIO_PASS_THROUGH_PATH32_EX) == 24 && sizeof(MPIO_PASS_THROUGH_PATH_DIRECT32_EX) == 24);
USTOR_LAYOUT_ASSERT(sizeof(DUMP_POINTERS_VERSION) == 8);

#endif /* _NTDDSCSIH_ */
