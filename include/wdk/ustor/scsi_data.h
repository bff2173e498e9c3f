/*
 * ustor/scsi_data.h - parameter data of disk commands other than INQUIRY, sense and mode:
 * READ CAPACITY(10/16) data, REPORT LUNS list, UNMAP list, GET LBA STATUS data,
 * PERSISTENT RESERVE IN/OUT codes and lists, GET PHYSICAL ELEMENT STATUS data,
 * READ BUFFER error-history directory and current internal status data, and the byte
 * helpers (EIGHT_BYTE ... plus REVERSE_BYTES* from ustor/nt_bytes.h) that scsi.h gives.
 * Multi-byte fields are big-endian on the wire; layouts follow SBC-4/SPC-5 and are
 * byte-packed as in the WDK. Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_DATA_H
#define USTOR_SCSI_DATA_H

#include "nt_base.h"
#include "nt_bytes.h"

#pragma pack(push, 1)

/* ---- READ CAPACITY ---- */
typedef struct _READ_CAPACITY_DATA {
    ULONG LogicalBlockAddress;
    ULONG BytesPerBlock;
} READ_CAPACITY_DATA, *PREAD_CAPACITY_DATA;
USTOR_LAYOUT_ASSERT(sizeof(READ_CAPACITY_DATA) == 8);

/* The first 12 bytes of READ CAPACITY(16) data. */
typedef struct _READ_CAPACITY_DATA_EX {
    LARGE_INTEGER LogicalBlockAddress;
    ULONG BytesPerBlock;
} READ_CAPACITY_DATA_EX, *PREAD_CAPACITY_DATA_EX;
USTOR_LAYOUT_ASSERT(sizeof(READ_CAPACITY_DATA_EX) == 12);

typedef struct USTOR_MS_STRUCT _READ_CAPACITY16_DATA {
    LARGE_INTEGER LogicalBlockAddress;
    ULONG BytesPerBlock;
    UCHAR ProtectionEnable : 1;
    UCHAR ProtectionType : 3;
    UCHAR RcBasis : 2;
    UCHAR Reserved : 2;
    UCHAR LogicalPerPhysicalExponent : 4;
    UCHAR ProtectionInfoExponent : 4;
    UCHAR LowestAlignedBlock_MSB : 6;
    UCHAR LBPRZ : 1;
    UCHAR LBPME : 1;
    UCHAR LowestAlignedBlock_LSB;
    UCHAR Reserved3[16];
} READ_CAPACITY16_DATA, *PREAD_CAPACITY16_DATA;
USTOR_LAYOUT_ASSERT(sizeof(READ_CAPACITY16_DATA) == 32);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(READ_CAPACITY16_DATA, BytesPerBlock) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(READ_CAPACITY16_DATA, LowestAlignedBlock_LSB) == 15);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(READ_CAPACITY16_DATA, Reserved3) == 16);

/* ---- READ BLOCK LIMITS (sequential access) ---- */
typedef struct _READ_BLOCK_LIMITS {
    UCHAR Reserved;
    UCHAR BlockMaximumSize[3];
    UCHAR BlockMinimumSize[2];
} READ_BLOCK_LIMITS_DATA, *PREAD_BLOCK_LIMITS_DATA;
USTOR_LAYOUT_ASSERT(sizeof(READ_BLOCK_LIMITS_DATA) == 6);

/* ---- REPORT LUNS: an 8-byte header then one 8-byte LUN per entry ---- */
typedef struct _LUN_LIST {
    UCHAR LunListLength[4];
    UCHAR Reserved[4];
    UCHAR Lun[0][8];
} LUN_LIST, *PLUN_LIST;
USTOR_LAYOUT_ASSERT(sizeof(LUN_LIST) == 8 && __builtin_offsetof(LUN_LIST, Lun) == 8);

/* ---- UNMAP parameter list ---- */
typedef struct _UNMAP_BLOCK_DESCRIPTOR {
    UCHAR StartingLba[8];
    UCHAR LbaCount[4];
    UCHAR Reserved[4];
} UNMAP_BLOCK_DESCRIPTOR, *PUNMAP_BLOCK_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(UNMAP_BLOCK_DESCRIPTOR) == 16);

typedef struct _UNMAP_LIST_HEADER {
    UCHAR DataLength[2];
    UCHAR BlockDescrDataLength[2];
    UCHAR Reserved[4];
    UNMAP_BLOCK_DESCRIPTOR Descriptors[0];
} UNMAP_LIST_HEADER, *PUNMAP_LIST_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(UNMAP_LIST_HEADER) == 8);

/* ---- GET LBA STATUS parameter data ---- */
#define LBA_STATUS_MAPPED       0x0
#define LBA_STATUS_DEALLOCATED  0x1
#define LBA_STATUS_ANCHORED     0x2

typedef struct USTOR_MS_STRUCT _LBA_STATUS_DESCRIPTOR {
    UCHAR StartingLBA[8];
    UCHAR LogicalBlockCount[4];
    UCHAR ProvisioningStatus : 4;
    UCHAR Reserved1 : 4;
    UCHAR Reserved2[3];
} LBA_STATUS_DESCRIPTOR, *PLBA_STATUS_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(LBA_STATUS_DESCRIPTOR) == 16);

typedef struct _LBA_STATUS_LIST_HEADER {
    UCHAR ParameterLength[4];
    UCHAR Reserved[4];
    LBA_STATUS_DESCRIPTOR Descriptors[0];
} LBA_STATUS_LIST_HEADER, *PLBA_STATUS_LIST_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(LBA_STATUS_LIST_HEADER) == 8);

/* ---- PERSISTENT RESERVE IN / OUT ---- */
#define RESERVATION_ACTION_READ_KEYS                    0x00
#define RESERVATION_ACTION_READ_RESERVATIONS            0x01
#define RESERVATION_ACTION_REGISTER                     0x00
#define RESERVATION_ACTION_RESERVE                      0x01
#define RESERVATION_ACTION_RELEASE                      0x02
#define RESERVATION_ACTION_CLEAR                        0x03
#define RESERVATION_ACTION_PREEMPT                      0x04
#define RESERVATION_ACTION_PREEMPT_ABORT                0x05
#define RESERVATION_ACTION_REGISTER_IGNORE_EXISTING     0x06

#define RESERVATION_SCOPE_LU                            0x00
#define RESERVATION_SCOPE_ELEMENT                       0x02

#define RESERVATION_TYPE_WRITE_EXCLUSIVE                0x01
#define RESERVATION_TYPE_EXCLUSIVE                      0x03
#define RESERVATION_TYPE_WRITE_EXCLUSIVE_REGISTRANTS    0x05
#define RESERVATION_TYPE_EXCLUSIVE_REGISTRANTS          0x06

typedef struct _PRI_REGISTRATION_LIST {
    UCHAR Generation[4];
    UCHAR AdditionalLength[4];
    UCHAR ReservationKeyList[0][8];
} PRI_REGISTRATION_LIST, *PPRI_REGISTRATION_LIST;
USTOR_LAYOUT_ASSERT(sizeof(PRI_REGISTRATION_LIST) == 8);

typedef struct USTOR_MS_STRUCT _PRI_RESERVATION_DESCRIPTOR {
    UCHAR ReservationKey[8];
    UCHAR ScopeSpecificAddress[4];
    UCHAR Reserved;
    UCHAR Type : 4;
    UCHAR Scope : 4;
    UCHAR Obsolete[2];
} PRI_RESERVATION_DESCRIPTOR, *PPRI_RESERVATION_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(PRI_RESERVATION_DESCRIPTOR) == 16);

typedef struct _PRI_RESERVATION_LIST {
    UCHAR Generation[4];
    UCHAR AdditionalLength[4];
    PRI_RESERVATION_DESCRIPTOR Reservations[0];
} PRI_RESERVATION_LIST, *PPRI_RESERVATION_LIST;
USTOR_LAYOUT_ASSERT(sizeof(PRI_RESERVATION_LIST) == 8);

typedef struct USTOR_MS_STRUCT _PRO_PARAMETER_LIST {
    UCHAR ReservationKey[8];
    UCHAR ServiceActionReservationKey[8];
    UCHAR ScopeSpecificAddress[4];
    UCHAR ActivatePersistThroughPowerLoss : 1;
    UCHAR Reserved1 : 7;
    UCHAR Reserved2;
    UCHAR Obsolete[2];
} PRO_PARAMETER_LIST, *PPRO_PARAMETER_LIST;
USTOR_LAYOUT_ASSERT(sizeof(PRO_PARAMETER_LIST) == 24);

/* ---- GET PHYSICAL ELEMENT STATUS parameter data (SBC-4) ---- */
typedef struct _PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR {
    UCHAR Reserved1[4];
    UCHAR ElementIdentifier[4];
    UCHAR Reserved2[6];
    UCHAR PhysicalElementType;
    UCHAR PhysicalElementHealth;
    UCHAR AssociatedCapacity[8];
    UCHAR Reserved3[8];
} PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR, *PPHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR) == 32);

typedef struct _PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA {
    UCHAR DescriptorCount[4];
    UCHAR ReturnedDescriptorCount[4];
    UCHAR ElementIdentifierBeingDepoped[4];
    UCHAR Reserved[20];
    PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA, *PPHYSICAL_ELEMENT_STATUS_PARAMETER_DATA;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA, Descriptors) == 32);

/* ---- READ BUFFER, error history mode (SPC-5 6.20.10) ---- */
#define READ_BUFFER_MODE_ERROR_HISTORY                      0x1C
#define BUFFER_ID_RETURN_ERROR_HISTORY_DIRECTORY            0x0
#define BUFFER_ID_RETURN_ERROR_HISTORY_MINIMUM_THRESHOLD    0x10
#define BUFFER_ID_RETURN_ERROR_HISTORY_MAXIMUM_THRESHOLD    0xEF
#define BUFFER_FORMAT_CURRENT_INTERNAL_STATUS_DATA          0x1
#define BUFFER_SOURCE_CREATED_DUE_TO_CURRENT_COMMAND        0x3

typedef struct USTOR_MS_STRUCT _ERROR_HISTORY_DIRECTORY_ENTRY {
    UCHAR SupportedBufferId;
    UCHAR BufferFormat;
    UCHAR BufferSource : 4;
    UCHAR Reserved0 : 4;
    UCHAR Reserved1;
    UCHAR MaxAvailableLength[4];
} ERROR_HISTORY_DIRECTORY_ENTRY, *PERROR_HISTORY_DIRECTORY_ENTRY;
USTOR_LAYOUT_ASSERT(sizeof(ERROR_HISTORY_DIRECTORY_ENTRY) == 8);

typedef struct USTOR_MS_STRUCT _ERROR_HISTORY_DIRECTORY {
    UCHAR T10VendorId[8];
    UCHAR ErrorHistoryVersion;
    UCHAR ClearSupport : 1;
    UCHAR ErrorHistorySource : 2;
    UCHAR ErrorHistoryRetrieved : 2;
    UCHAR Reserved0 : 3;
    UCHAR Reserved1[20];
    UCHAR DirectoryLength[2];
    ERROR_HISTORY_DIRECTORY_ENTRY ErrorHistoryDirectoryList[ANYSIZE_ARRAY];
} ERROR_HISTORY_DIRECTORY, *PERROR_HISTORY_DIRECTORY;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(ERROR_HISTORY_DIRECTORY, ErrorHistoryDirectoryList) == 32);

typedef struct _CURRENT_INTERNAL_STATUS_PARAMETER_DATA {
    UCHAR Reserved0[4];
    UCHAR IEEECompanyId[4];
    UCHAR CurrentInternalStatusDataSetOneLength[2];
    UCHAR CurrentInternalStatusDataSetTwoLength[2];
    UCHAR CurrentInternalStatusDataSetThreeLength[2];
    UCHAR CurrentInternalStatusDataSetFourLength[4];
    UCHAR Reserved1[364];
    UCHAR NewSavedDataAvailable;
    UCHAR SavedDataGenerationNumber;
    UCHAR CurrentReasonIdentifier[128];
    UCHAR CurrentInternalStatusData[ANYSIZE_ARRAY];
} CURRENT_INTERNAL_STATUS_PARAMETER_DATA, *PCURRENT_INTERNAL_STATUS_PARAMETER_DATA;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(CURRENT_INTERNAL_STATUS_PARAMETER_DATA, NewSavedDataAvailable) == 382);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(CURRENT_INTERNAL_STATUS_PARAMETER_DATA, CurrentInternalStatusData) == 512);

/* WRITE BUFFER mode 0Dh mode-specific bits: activate on hard reset / power on. */
#define SCSI_WRITE_BUFFER_MODE_0D_MODE_SPECIFIC_HR_ACT  0x02
#define SCSI_WRITE_BUFFER_MODE_0D_MODE_SPECIFIC_PO_ACT  0x04

/* ---- byte views used with REVERSE_BYTES* ---- */
typedef union _EIGHT_BYTE {
    struct {
        UCHAR Byte0;
        UCHAR Byte1;
        UCHAR Byte2;
        UCHAR Byte3;
        UCHAR Byte4;
        UCHAR Byte5;
        UCHAR Byte6;
        UCHAR Byte7;
    };
    ULONGLONG AsULongLong;
} EIGHT_BYTE, *PEIGHT_BYTE;
USTOR_LAYOUT_ASSERT(sizeof(EIGHT_BYTE) == 8);

typedef union _FOUR_BYTE {
    struct {
        UCHAR Byte0;
        UCHAR Byte1;
        UCHAR Byte2;
        UCHAR Byte3;
    };
    ULONG AsULong;
} FOUR_BYTE, *PFOUR_BYTE;
USTOR_LAYOUT_ASSERT(sizeof(FOUR_BYTE) == 4);

typedef union _TWO_BYTE {
    struct {
        UCHAR Byte0;
        UCHAR Byte1;
    };
    USHORT AsUShort;
} TWO_BYTE, *PTWO_BYTE;
USTOR_LAYOUT_ASSERT(sizeof(TWO_BYTE) == 2);

#pragma pack(pop)

/* Width-named spellings of the byte-reversing copies. */
#ifndef REVERSE_BYTES_8
#define REVERSE_BYTES_8 REVERSE_BYTES_QUAD
#endif
#ifndef REVERSE_BYTES_4
#define REVERSE_BYTES_4 REVERSE_BYTES
#endif
#ifndef REVERSE_BYTES_2
#define REVERSE_BYTES_2 REVERSE_BYTES_SHORT
#endif

/* ---- SCSI-2 message codes (parallel SCSI) ---- */
#define SCSIMESS_ABORT                  0x06
#define SCSIMESS_ABORT_WITH_TAG         0x0D
#define SCSIMESS_BUS_DEVICE_RESET       0x0C
#define SCSIMESS_CLEAR_QUEUE            0x0E
#define SCSIMESS_COMMAND_COMPLETE       0x00
#define SCSIMESS_DISCONNECT             0x04
#define SCSIMESS_EXTENDED_MESSAGE       0x01
#define SCSIMESS_IDENTIFY               0x80
#define SCSIMESS_IDENTIFY_WITH_DISCON   0xC0
#define SCSIMESS_IGNORE_WIDE_RESIDUE    0x23
#define SCSIMESS_INITIATE_RECOVERY      0x0F
#define SCSIMESS_INIT_DETECTED_ERROR    0x05
#define SCSIMESS_LINK_CMD_COMP          0x0A
#define SCSIMESS_LINK_CMD_COMP_W_FLAG   0x0B
#define SCSIMESS_MESS_PARITY_ERROR      0x09
#define SCSIMESS_MESSAGE_REJECT         0x07
#define SCSIMESS_NO_OPERATION           0x08
#define SCSIMESS_HEAD_OF_QUEUE_TAG      0x21
#define SCSIMESS_ORDERED_QUEUE_TAG      0x22
#define SCSIMESS_SIMPLE_QUEUE_TAG       0x20
#define SCSIMESS_RELEASE_RECOVERY       0x10
#define SCSIMESS_RESTORE_POINTERS       0x03
#define SCSIMESS_SAVE_DATA_POINTER      0x02
#define SCSIMESS_TERMINATE_IO_PROCESS   0x11
/* Extended message codes. */
#define SCSIMESS_MODIFY_DATA_POINTER    0x00
#define SCSIMESS_SYNCHRONOUS_DATA_REQ   0x01
#define SCSIMESS_WIDE_DATA_REQUEST      0x03
#define SCSIMESS_MODIFY_DATA_LENGTH     5
#define SCSIMESS_SYNCH_DATA_LENGTH      3
#define SCSIMESS_WIDE_DATA_LENGTH       2

#endif /* USTOR_SCSI_DATA_H */
