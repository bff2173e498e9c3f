/*
 * ustor/ioctl_storage_protocol.h - protocol-specific storage requests:
 * STORAGE_PROTOCOL_TYPE and its per-protocol data types, the
 * STORAGE_PROTOCOL_SPECIFIC_DATA(_EXT) query block and descriptor returned for
 * Storage{Adapter,Device}ProtocolSpecificProperty, and STORAGE_PROTOCOL_COMMAND
 * (IOCTL_STORAGE_PROTOCOL_COMMAND) with its flag and status values.
 * Internal piece of ntddstor.h, guarded so storport.h may share it.
 */
#ifndef USTOR_IOCTL_STORAGE_PROTOCOL_H
#define USTOR_IOCTL_STORAGE_PROTOCOL_H

#include "nt_base.h"

typedef enum _STORAGE_PROTOCOL_TYPE {
    ProtocolTypeUnknown = 0x00,
    ProtocolTypeScsi,
    ProtocolTypeAta,
    ProtocolTypeNvme,
    ProtocolTypeSd,
    ProtocolTypeUfs,
    ProtocolTypeProprietary = 0x7E,
    ProtocolTypeMaxReserved = 0x7F
} STORAGE_PROTOCOL_TYPE, *PSTORAGE_PROTOCOL_TYPE;

typedef enum _STORAGE_PROTOCOL_NVME_DATA_TYPE {
    NVMeDataTypeUnknown = 0,
    NVMeDataTypeIdentify,           /* ProtocolDataRequestValue = CNS */
    NVMeDataTypeLogPage,            /* ProtocolDataRequestValue = log page id */
    NVMeDataTypeFeature             /* ProtocolDataRequestValue = feature id */
} STORAGE_PROTOCOL_NVME_DATA_TYPE, *PSTORAGE_PROTOCOL_NVME_DATA_TYPE;

typedef enum _STORAGE_PROTOCOL_ATA_DATA_TYPE {
    AtaDataTypeUnknown = 0,
    AtaDataTypeIdentify,            /* IDENTIFY DEVICE data */
    AtaDataTypeLogPage              /* GP log: value = address, sub-value = page */
} STORAGE_PROTOCOL_ATA_DATA_TYPE, *PSTORAGE_PROTOCOL_ATA_DATA_TYPE;

typedef enum _STORAGE_PROTOCOL_UFS_DATA_TYPE {
    UfsDataTypeUnknown = 0,
    UfsDataTypeQueryDescriptor,
    UfsDataTypeMax
} STORAGE_PROTOCOL_UFS_DATA_TYPE, *PSTORAGE_PROTOCOL_UFS_DATA_TYPE;

/* Input (after STORAGE_PROPERTY_QUERY's header) and output of a protocol query. */
typedef struct _STORAGE_PROTOCOL_SPECIFIC_DATA {
    STORAGE_PROTOCOL_TYPE ProtocolType;
    ULONG DataType;                 /* STORAGE_PROTOCOL_*_DATA_TYPE */
    ULONG ProtocolDataRequestValue;
    ULONG ProtocolDataRequestSubValue;
    ULONG ProtocolDataOffset;       /* from the start of this structure */
    ULONG ProtocolDataLength;
    ULONG FixedProtocolReturnData;
    ULONG ProtocolDataRequestSubValue2;
    ULONG ProtocolDataRequestSubValue3;
    ULONG Reserved;
} STORAGE_PROTOCOL_SPECIFIC_DATA, *PSTORAGE_PROTOCOL_SPECIFIC_DATA;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROTOCOL_SPECIFIC_DATA) == 40);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PROTOCOL_SPECIFIC_DATA, ProtocolDataOffset) == 16);

typedef struct _STORAGE_PROTOCOL_SPECIFIC_DATA_EXT {
    STORAGE_PROTOCOL_TYPE ProtocolType;
    ULONG DataType;
    ULONG ProtocolDataValue;
    ULONG ProtocolDataSubValue;
    ULONG ProtocolDataOffset;
    ULONG ProtocolDataLength;
    ULONG FixedProtocolReturnData;
    ULONG ProtocolDataSubValue2;
    ULONG ProtocolDataSubValue3;
    ULONG ProtocolDataSubValue4;
    ULONG ProtocolDataSubValue5;
    ULONG Reserved[5];
} STORAGE_PROTOCOL_SPECIFIC_DATA_EXT, *PSTORAGE_PROTOCOL_SPECIFIC_DATA_EXT;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROTOCOL_SPECIFIC_DATA_EXT) == 64);

typedef struct _STORAGE_PROTOCOL_DATA_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    STORAGE_PROTOCOL_SPECIFIC_DATA ProtocolSpecificData;
} STORAGE_PROTOCOL_DATA_DESCRIPTOR, *PSTORAGE_PROTOCOL_DATA_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROTOCOL_DATA_DESCRIPTOR) == 48);

typedef struct _STORAGE_PROTOCOL_DATA_DESCRIPTOR_EXT {
    ULONG Version;
    ULONG Size;
    STORAGE_PROTOCOL_SPECIFIC_DATA_EXT ProtocolSpecificData;
} STORAGE_PROTOCOL_DATA_DESCRIPTOR_EXT, *PSTORAGE_PROTOCOL_DATA_DESCRIPTOR_EXT;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROTOCOL_DATA_DESCRIPTOR_EXT) == 72);

#define STORAGE_PROTOCOL_DATA_DESCRIPTOR_EXT_VERSION 1

/* ---- IOCTL_STORAGE_PROTOCOL_COMMAND ---- */

#define STORAGE_PROTOCOL_STRUCTURE_VERSION 0x1

typedef struct _STORAGE_PROTOCOL_COMMAND {
    ULONG Version;                  /* STORAGE_PROTOCOL_STRUCTURE_VERSION */
    ULONG Length;                   /* sizeof(STORAGE_PROTOCOL_COMMAND) */
    STORAGE_PROTOCOL_TYPE ProtocolType;
    ULONG Flags;                    /* STORAGE_PROTOCOL_COMMAND_FLAG_* */
    ULONG ReturnStatus;             /* STORAGE_PROTOCOL_STATUS_* */
    ULONG ErrorCode;
    ULONG CommandLength;
    ULONG ErrorInfoLength;
    ULONG DataToDeviceTransferLength;
    ULONG DataFromDeviceTransferLength;
    ULONG TimeOutValue;             /* seconds */
    ULONG ErrorInfoOffset;          /* offsets are from the start of this structure */
    ULONG DataToDeviceBufferOffset;
    ULONG DataFromDeviceBufferOffset;
    ULONG CommandSpecific;          /* STORAGE_PROTOCOL_SPECIFIC_* */
    ULONG Reserved0;
    ULONG FixedProtocolReturnData;  /* e.g. NVMe completion DW0 */
    ULONG Reserved1[3];
    UCHAR Command[ANYSIZE_ARRAY];
} STORAGE_PROTOCOL_COMMAND, *PSTORAGE_PROTOCOL_COMMAND;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PROTOCOL_COMMAND, CommandSpecific) == 0x38);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PROTOCOL_COMMAND, Command) == 0x50);

#define STORAGE_PROTOCOL_COMMAND_FLAG_ADAPTER_REQUEST 0x80000000

#define STORAGE_PROTOCOL_STATUS_PENDING                0x0
#define STORAGE_PROTOCOL_STATUS_SUCCESS                0x1
#define STORAGE_PROTOCOL_STATUS_ERROR                  0x2
#define STORAGE_PROTOCOL_STATUS_INVALID_REQUEST        0x3
#define STORAGE_PROTOCOL_STATUS_NO_DEVICE              0x4
#define STORAGE_PROTOCOL_STATUS_BUSY                   0x5
#define STORAGE_PROTOCOL_STATUS_DATA_OVERRUN           0x6
#define STORAGE_PROTOCOL_STATUS_INSUFFICIENT_RESOURCES 0x7
#define STORAGE_PROTOCOL_STATUS_THROTTLED_REQUEST      0x8
#define STORAGE_PROTOCOL_STATUS_NOT_SUPPORTED          0xFF

#define STORAGE_PROTOCOL_COMMAND_LENGTH_NVME 0x40

#define STORAGE_PROTOCOL_SPECIFIC_NVME_ADMIN_COMMAND 0x01
#define STORAGE_PROTOCOL_SPECIFIC_NVME_NVM_COMMAND   0x02

USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROTOCOL_TYPE) == 4 && sizeof(STORAGE_PROTOCOL_ATA_DATA_TYPE) == 4);

#endif /* USTOR_IOCTL_STORAGE_PROTOCOL_H */
