/*
 * ustor/ioctl_scsi_requests.h - the payloads that follow SRB_IO_CONTROL in an
 * IOCTL_SCSI_MINIPORT request: NVCACHE_REQUEST_BLOCK (NRB_*), data set
 * management notifications, HYBRID_REQUEST_BLOCK and hybrid information,
 * FIRMWARE_REQUEST_BLOCK with the STORAGE_FIRMWARE_* V1/V2 structures, the
 * miniport diagnostic request and endurance information.
 * Internal piece of ntddscsi.h; the ControlCode values are in
 * ustor/ioctl_miniport_codes.h, the signatures in ntddscsi.h.
 */
#ifndef USTOR_IOCTL_SCSI_REQUESTS_H
#define USTOR_IOCTL_SCSI_REQUESTS_H

#include "nt_base.h"

/* ---- IOCTL_SCSI_MINIPORT_NVCACHE ---- */

typedef struct _NVCACHE_REQUEST_BLOCK {
    ULONG NRBSize;
    USHORT Function;
    ULONG NRBFlags;
    ULONG NRBStatus;
    ULONG Count;
    ULONGLONG LBA;
    ULONG DataBufSize;
    ULONG NVCacheStatus;
    ULONG NVCacheSubStatus;
} NVCACHE_REQUEST_BLOCK, *PNVCACHE_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(NVCACHE_REQUEST_BLOCK) == 48);
USTOR_LAYOUT_ASSERT(offsetof(NVCACHE_REQUEST_BLOCK, NRBFlags) == 8);
USTOR_LAYOUT_ASSERT(offsetof(NVCACHE_REQUEST_BLOCK, LBA) == 0x18);
USTOR_LAYOUT_ASSERT(offsetof(NVCACHE_REQUEST_BLOCK, NVCacheSubStatus) == 0x28);

/* NVCACHE_REQUEST_BLOCK.Function */
#define NRB_FUNCTION_NVCACHE_INFO              0xEC
#define NRB_FUNCTION_SPINDLE_STATUS            0xE5
#define NRB_FUNCTION_NVCACHE_POWER_MODE_SET    0x00
#define NRB_FUNCTION_NVCACHE_POWER_MODE_RETURN 0x01
#define NRB_FUNCTION_FLUSH_NVCACHE             0x14
#define NRB_FUNCTION_QUERY_PINNED_SET          0x12
#define NRB_FUNCTION_QUERY_CACHE_MISS          0x13
#define NRB_FUNCTION_ADD_LBAS_PINNED_SET       0x10
#define NRB_FUNCTION_REMOVE_LBAS_PINNED_SET    0x11
#define NRB_FUNCTION_QUERY_ASCENDER_STATUS     0xD0
#define NRB_FUNCTION_QUERY_HYBRID_DISK_STATUS  0xD1
#define NRB_FUNCTION_PASS_HINT_PAYLOAD         0xE0   /* deprecated */
#define NRB_FUNCTION_NVSEPARATED_INFO              0xc0
#define NRB_FUNCTION_NVSEPARATED_FLUSH             0xc1
#define NRB_FUNCTION_NVSEPARATED_WB_DISABLE        0xc2
#define NRB_FUNCTION_NVSEPARATED_WB_REVERT_DEFAULT 0xc3

/* NVCACHE_REQUEST_BLOCK.NRBStatus */
#define NRB_SUCCESS              0
#define NRB_ILLEGAL_REQUEST      1
#define NRB_INVALID_PARAMETER    2
#define NRB_INPUT_DATA_OVERRUN   3
#define NRB_INPUT_DATA_UNDERRUN  4
#define NRB_OUTPUT_DATA_OVERRUN  5
#define NRB_OUTPUT_DATA_UNDERRUN 6

typedef struct _NV_FEATURE_PARAMETER {
    USHORT NVPowerModeEnabled;
    USHORT NVParameterReserv1;
    USHORT NVCmdEnabled;
    USHORT NVParameterReserv2;
    USHORT NVPowerModeVer;
    USHORT NVCmdVer;
    ULONG NVSize;                   /* in LBAs */
    USHORT NVReadSpeed;             /* MB/s */
    USHORT NVWrtSpeed;
    ULONG DeviceSpinUpTime;         /* seconds */
} NV_FEATURE_PARAMETER, *PNV_FEATURE_PARAMETER;
USTOR_LAYOUT_ASSERT(sizeof(NV_FEATURE_PARAMETER) == 24);

/* A raw SATA register FIS for NRB_FUNCTION_PASS_HINT_PAYLOAD (deprecated). */
#pragma pack(push, 1)
typedef struct _NVCACHE_HINT_PAYLOAD {
    UCHAR Command;
    UCHAR Feature7_0;
    UCHAR Feature15_8;
    UCHAR Count15_8;
    UCHAR LBA7_0;
    UCHAR LBA15_8;
    UCHAR LBA23_16;
    UCHAR LBA31_24;
    UCHAR LBA39_32;
    UCHAR LBA47_40;
    UCHAR Auxiliary7_0;
    UCHAR Auxiliary23_16;
    UCHAR Reserved[4];
} NVCACHE_HINT_PAYLOAD, *PNVCACHE_HINT_PAYLOAD;
#pragma pack(pop)
USTOR_LAYOUT_ASSERT(sizeof(NVCACHE_HINT_PAYLOAD) == 16);

/* Miniport-side ("separated") non-volatile cache description. */
typedef struct USTOR_MS_STRUCT _NV_SEP_CACHE_PARAMETER {
    ULONG Version;
    ULONG Size;
    union USTOR_MS_STRUCT {
        struct USTOR_MS_STRUCT {
            UCHAR WriteCacheEnabled : 1;
            UCHAR WriteCacheChangeable : 1;
            UCHAR WriteThroughIOSupported : 1;
            UCHAR FlushCacheSupported : 1;
            UCHAR ReservedBits : 4;
        } CacheFlags;
        UCHAR CacheFlagsSet;
    } Flags;
    UCHAR WriteCacheType;           /* NV_SEP_WRITE_CACHE_TYPE */
    UCHAR WriteCacheTypeEffective;
    UCHAR ParameterReserve1[3];
} NV_SEP_CACHE_PARAMETER, *PNV_SEP_CACHE_PARAMETER;
USTOR_LAYOUT_ASSERT(sizeof(NV_SEP_CACHE_PARAMETER) == 16);
USTOR_LAYOUT_ASSERT(offsetof(NV_SEP_CACHE_PARAMETER, WriteCacheType) == 9);

#define NV_SEP_CACHE_PARAMETER_VERSION_1 1
#define NV_SEP_CACHE_PARAMETER_VERSION   NV_SEP_CACHE_PARAMETER_VERSION_1

typedef enum _NV_SEP_WRITE_CACHE_TYPE {
    NVSEPWriteCacheTypeUnknown = 0,
    NVSEPWriteCacheTypeNone = 1,
    NVSEPWriteCacheTypeWriteBack = 2,
    NVSEPWriteCacheTypeWriteThrough = 3
} NV_SEP_WRITE_CACHE_TYPE, *PNV_SEP_WRITE_CACHE_TYPE;

/* ---- IOCTL_SCSI_MINIPORT_DIAGNOSTIC ---- */

#define STORAGE_DIAGNOSTIC_STATUS_SUCCESS             0
#define STORAGE_DIAGNOSTIC_STATUS_BUFFER_TOO_SMALL    0x1
#define STORAGE_DIAGNOSTIC_STATUS_UNSUPPORTED_VERSION 0x2
#define STORAGE_DIAGNOSTIC_STATUS_INVALID_PARAMETER   0x3
#define STORAGE_DIAGNOSTIC_STATUS_INVALID_SIGNATURE   0x4
#define STORAGE_DIAGNOSTIC_STATUS_INVALID_TARGET_TYPE 0x5
#define STORAGE_DIAGNOSTIC_STATUS_MORE_DATA           0x6

typedef enum _MP_STORAGE_DIAGNOSTIC_LEVEL {
    MpStorageDiagnosticLevelDefault = 0,
    MpStorageDiagnosticLevelMax
} MP_STORAGE_DIAGNOSTIC_LEVEL, *PMP_STORAGE_DIAGNOSTIC_LEVEL;

typedef enum _MP_STORAGE_DIAGNOSTIC_TARGET_TYPE {
    MpStorageDiagnosticTargetTypeUndefined = 0,
    MpStorageDiagnosticTargetTypeMiniport = 2,
    MpStorageDiagnosticTargetTypeHbaFirmware,
    MpStorageDiagnosticTargetTypeMax
} MP_STORAGE_DIAGNOSTIC_TARGET_TYPE, *PMP_STORAGE_DIAGNOSTIC_TARGET_TYPE;

typedef struct _STORAGE_DIAGNOSTIC_MP_REQUEST {
    ULONG Version;
    ULONG Size;                     /* header plus DataBuffer */
    MP_STORAGE_DIAGNOSTIC_TARGET_TYPE TargetType;
    MP_STORAGE_DIAGNOSTIC_LEVEL Level;
    GUID ProviderId;
    ULONG BufferSize;
    ULONG Reserved;
    UCHAR DataBuffer[ANYSIZE_ARRAY];
} STORAGE_DIAGNOSTIC_MP_REQUEST, *PSTORAGE_DIAGNOSTIC_MP_REQUEST;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_DIAGNOSTIC_MP_REQUEST, ProviderId) == 16);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_DIAGNOSTIC_MP_REQUEST, DataBuffer) == 40);

/* ---- data set management notifications (signature "MPDSM   ") ---- */

typedef struct _MP_DEVICE_DATA_SET_RANGE {
    LONGLONG StartingOffset;        /* bytes, sector aligned */
    ULONGLONG LengthInBytes;
} MP_DEVICE_DATA_SET_RANGE, *PMP_DEVICE_DATA_SET_RANGE;
USTOR_LAYOUT_ASSERT(sizeof(MP_DEVICE_DATA_SET_RANGE) == 16);

typedef struct _DSM_NOTIFICATION_REQUEST_BLOCK {
    ULONG Size;
    ULONG Version;
    ULONG NotifyFlags;
    ULONG DataSetProfile;
    ULONG Reserved[3];
    ULONG DataSetRangesCount;
    MP_DEVICE_DATA_SET_RANGE DataSetRanges[ANYSIZE_ARRAY];
} DSM_NOTIFICATION_REQUEST_BLOCK, *PDSM_NOTIFICATION_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(offsetof(DSM_NOTIFICATION_REQUEST_BLOCK, DataSetRanges) == 32);

#define MINIPORT_DSM_NOTIFICATION_VERSION_1 1
#define MINIPORT_DSM_NOTIFICATION_VERSION   MINIPORT_DSM_NOTIFICATION_VERSION_1

#define MINIPORT_DSM_PROFILE_UNKNOWN          0
#define MINIPORT_DSM_PROFILE_PAGE_FILE        1
#define MINIPORT_DSM_PROFILE_HIBERNATION_FILE 2
#define MINIPORT_DSM_PROFILE_CRASHDUMP_FILE   3

#define MINIPORT_DSM_NOTIFY_FLAG_BEGIN 0x00000001
#define MINIPORT_DSM_NOTIFY_FLAG_END   0x00000002

/* ---- IOCTL_SCSI_MINIPORT_HYBRID ---- */

#define HYBRID_FUNCTION_GET_INFO               0x01
#define HYBRID_FUNCTION_DISABLE_CACHING_MEDIUM 0x10
#define HYBRID_FUNCTION_ENABLE_CACHING_MEDIUM  0x11
#define HYBRID_FUNCTION_SET_DIRTY_THRESHOLD    0x12
#define HYBRID_FUNCTION_DEMOTE_BY_SIZE         0x13

#define HYBRID_STATUS_SUCCESS                 0x0
#define HYBRID_STATUS_ILLEGAL_REQUEST         0x1
#define HYBRID_STATUS_INVALID_PARAMETER       0x2
#define HYBRID_STATUS_OUTPUT_BUFFER_TOO_SMALL 0x3
/* DISABLE_CACHING_MEDIUM only dropped a reference: the medium stays enabled. */
#define HYBRID_STATUS_ENABLE_REFCOUNT_HOLD    0x10

#define HYBRID_REQUEST_BLOCK_STRUCTURE_VERSION 0x1

typedef struct _HYBRID_REQUEST_BLOCK {
    ULONG Version;
    ULONG Size;
    ULONG Function;
    ULONG Flags;
    ULONG DataBufferOffset;         /* from the start of SRB_IO_CONTROL; 0 = none */
    ULONG DataBufferLength;
} HYBRID_REQUEST_BLOCK, *PHYBRID_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(HYBRID_REQUEST_BLOCK) == 24);

typedef enum _NVCACHE_TYPE {
    NvCacheTypeUnknown = 0,
    NvCacheTypeNone = 1,
    NvCacheTypeWriteBack = 2,
    NvCacheTypeWriteThrough = 3
} NVCACHE_TYPE;

typedef enum _NVCACHE_STATUS {
    NvCacheStatusUnknown = 0,
    NvCacheStatusDisabling = 1,
    NvCacheStatusDisabled = 2,
    NvCacheStatusEnabled = 3
} NVCACHE_STATUS;

typedef struct _NVCACHE_PRIORITY_LEVEL_DESCRIPTOR {
    UCHAR PriorityLevel;
    UCHAR Reserved0[3];
    ULONG ConsumedNVMSizeFraction;
    ULONG ConsumedMappingResourcesFraction;
    ULONG ConsumedNVMSizeForDirtyDataFraction;
    ULONG ConsumedMappingResourcesForDirtyDataFraction;
    ULONG Reserved1;
} NVCACHE_PRIORITY_LEVEL_DESCRIPTOR, *PNVCACHE_PRIORITY_LEVEL_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(NVCACHE_PRIORITY_LEVEL_DESCRIPTOR) == 24);

#define HYBRID_REQUEST_INFO_STRUCTURE_VERSION 0x1

/* HYBRID_FUNCTION_GET_INFO output; fractions are relative to FractionBase. */
typedef struct USTOR_MS_STRUCT _HYBRID_INFORMATION {
    ULONG Version;
    ULONG Size;
    BOOLEAN HybridSupported;
    NVCACHE_STATUS Status;
    NVCACHE_TYPE CacheTypeEffective;
    NVCACHE_TYPE CacheTypeDefault;
    ULONG FractionBase;
    ULONGLONG CacheSize;            /* in LBAs */
    struct USTOR_MS_STRUCT {
        ULONG WriteCacheChangeable : 1;
        ULONG WriteThroughIoSupported : 1;
        ULONG FlushCacheSupported : 1;
        ULONG Removable : 1;
        ULONG ReservedBits : 28;
    } Attributes;
    struct USTOR_MS_STRUCT {
        UCHAR PriorityLevelCount;
        BOOLEAN MaxPriorityBehavior;
        UCHAR OptimalWriteGranularity;
        UCHAR Reserved;
        ULONG DirtyThresholdLow;
        ULONG DirtyThresholdHigh;
        struct USTOR_MS_STRUCT {
            ULONG CacheDisable : 1;
            ULONG SetDirtyThreshold : 1;
            ULONG PriorityDemoteBySize : 1;
            ULONG PriorityChangeByLbaRange : 1;
            ULONG Evict : 1;
            ULONG ReservedBits : 27;
            ULONG MaxEvictCommands;
            ULONG MaxLbaRangeCountForEvict;
            ULONG MaxLbaRangeCountForChangeLba;
        } SupportedCommands;
        NVCACHE_PRIORITY_LEVEL_DESCRIPTOR Priority[0];
    } Priorities;
} HYBRID_INFORMATION, *PHYBRID_INFORMATION;
USTOR_LAYOUT_ASSERT(offsetof(HYBRID_INFORMATION, CacheSize) == 0x20);
USTOR_LAYOUT_ASSERT(offsetof(HYBRID_INFORMATION, Attributes) == 0x28);
USTOR_LAYOUT_ASSERT(offsetof(HYBRID_INFORMATION, Priorities) == 0x2C);
USTOR_LAYOUT_ASSERT(sizeof(HYBRID_INFORMATION) == 0x48);

typedef struct _HYBRID_DIRTY_THRESHOLDS {
    ULONG Version;
    ULONG Size;
    ULONG DirtyLowThreshold;
    ULONG DirtyHighThreshold;
} HYBRID_DIRTY_THRESHOLDS, *PHYBRID_DIRTY_THRESHOLDS;
USTOR_LAYOUT_ASSERT(sizeof(HYBRID_DIRTY_THRESHOLDS) == 16);

typedef struct _HYBRID_DEMOTE_BY_SIZE {
    ULONG Version;
    ULONG Size;
    UCHAR SourcePriority;
    UCHAR TargetPriority;
    USHORT Reserved0;
    ULONG Reserved1;
    ULONGLONG LbaCount;
} HYBRID_DEMOTE_BY_SIZE, *PHYBRID_DEMOTE_BY_SIZE;
USTOR_LAYOUT_ASSERT(sizeof(HYBRID_DEMOTE_BY_SIZE) == 24);
USTOR_LAYOUT_ASSERT(offsetof(HYBRID_DEMOTE_BY_SIZE, LbaCount) == 16);

/* ---- IOCTL_SCSI_MINIPORT_FIRMWARE ---- */

#define FIRMWARE_FUNCTION_GET_INFO 0x01
#define FIRMWARE_FUNCTION_DOWNLOAD 0x02
#define FIRMWARE_FUNCTION_ACTIVATE 0x03

/* SRB_IO_CONTROL.ReturnCode of a firmware request. */
#define FIRMWARE_STATUS_SUCCESS                  0x0
#define FIRMWARE_STATUS_ERROR                    0x1
#define FIRMWARE_STATUS_ILLEGAL_REQUEST          0x2
#define FIRMWARE_STATUS_INVALID_PARAMETER        0x3
#define FIRMWARE_STATUS_INPUT_BUFFER_TOO_BIG     0x4
#define FIRMWARE_STATUS_OUTPUT_BUFFER_TOO_SMALL  0x5
#define FIRMWARE_STATUS_INVALID_SLOT             0x6
#define FIRMWARE_STATUS_INVALID_IMAGE            0x7
#define FIRMWARE_STATUS_CONTROLLER_ERROR         0x10
#define FIRMWARE_STATUS_POWER_CYCLE_REQUIRED     0x20
#define FIRMWARE_STATUS_DEVICE_ERROR             0x40
#define FIRMWARE_STATUS_INTERFACE_CRC_ERROR      0x80
#define FIRMWARE_STATUS_UNCORRECTABLE_DATA_ERROR 0x81
#define FIRMWARE_STATUS_MEDIA_CHANGE             0x82
#define FIRMWARE_STATUS_ID_NOT_FOUND             0x83
#define FIRMWARE_STATUS_MEDIA_CHANGE_REQUEST     0x84
#define FIRMWARE_STATUS_COMMAND_ABORT            0x85
#define FIRMWARE_STATUS_END_OF_MEDIA             0x86
#define FIRMWARE_STATUS_ILLEGAL_LENGTH           0x87

#define FIRMWARE_REQUEST_BLOCK_STRUCTURE_VERSION 0x1

/* Follows SRB_IO_CONTROL; the function's data sits at a pointer-aligned offset. */
typedef struct _FIRMWARE_REQUEST_BLOCK {
    ULONG Version;
    ULONG Size;
    ULONG Function;
    ULONG Flags;
    ULONG DataBufferOffset;         /* from the start of SRB_IO_CONTROL */
    ULONG DataBufferLength;
} FIRMWARE_REQUEST_BLOCK, *PFIRMWARE_REQUEST_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(FIRMWARE_REQUEST_BLOCK) == 24);
USTOR_LAYOUT_ASSERT(offsetof(FIRMWARE_REQUEST_BLOCK, DataBufferOffset) == 16);

#define FIRMWARE_REQUEST_FLAG_CONTROLLER                       0x00000001
#define FIRMWARE_REQUEST_FLAG_LAST_SEGMENT                     0x00000002
#define FIRMWARE_REQUEST_FLAG_FIRST_SEGMENT                    0x00000004
#define FIRMWARE_REQUEST_FLAG_SWITCH_TO_FIRMWARE_WITHOUT_RESET 0x10000000
#define FIRMWARE_REQUEST_FLAG_REPLACE_AND_SWITCH_UPON_RESET    0x20000000
#define FIRMWARE_REQUEST_FLAG_REPLACE_EXISTING_IMAGE           0x40000000
#define FIRMWARE_REQUEST_FLAG_SWITCH_TO_EXISTING_FIRMWARE      0x80000000

#define STORAGE_FIRMWARE_INFO_STRUCTURE_VERSION    0x1
#define STORAGE_FIRMWARE_INFO_STRUCTURE_VERSION_V2 0x2
#define STORAGE_FIRMWARE_INFO_INVALID_SLOT         0xFF

typedef struct _STORAGE_FIRMWARE_SLOT_INFO {
    UCHAR SlotNumber;
    BOOLEAN ReadOnly;
    UCHAR Reserved[6];
    union {
        UCHAR Info[8];
        ULONGLONG AsUlonglong;
    } Revision;
} STORAGE_FIRMWARE_SLOT_INFO, *PSTORAGE_FIRMWARE_SLOT_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_SLOT_INFO) == 16);

#define STORAGE_FIRMWARE_SLOT_INFO_V2_REVISION_LENGTH 16

typedef struct _STORAGE_FIRMWARE_SLOT_INFO_V2 {
    UCHAR SlotNumber;
    BOOLEAN ReadOnly;
    UCHAR Reserved[6];
    UCHAR Revision[STORAGE_FIRMWARE_SLOT_INFO_V2_REVISION_LENGTH];
} STORAGE_FIRMWARE_SLOT_INFO_V2, *PSTORAGE_FIRMWARE_SLOT_INFO_V2;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_SLOT_INFO_V2) == 24);

typedef struct _STORAGE_FIRMWARE_INFO {
    ULONG Version;
    ULONG Size;
    BOOLEAN UpgradeSupport;
    UCHAR SlotCount;
    UCHAR ActiveSlot;
    UCHAR PendingActivateSlot;
    ULONG Reserved;
    STORAGE_FIRMWARE_SLOT_INFO Slot[0];
} STORAGE_FIRMWARE_INFO, *PSTORAGE_FIRMWARE_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_INFO) == 16);

typedef struct _STORAGE_FIRMWARE_INFO_V2 {
    ULONG Version;
    ULONG Size;
    BOOLEAN UpgradeSupport;
    UCHAR SlotCount;
    UCHAR ActiveSlot;
    UCHAR PendingActivateSlot;
    BOOLEAN FirmwareShared;         /* one image serves device and adapter */
    UCHAR Reserved[3];
    ULONG ImagePayloadAlignment;
    ULONG ImagePayloadMaxSize;
    STORAGE_FIRMWARE_SLOT_INFO_V2 Slot[0];
} STORAGE_FIRMWARE_INFO_V2, *PSTORAGE_FIRMWARE_INFO_V2;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_INFO_V2) == 24);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_FIRMWARE_INFO_V2, ImagePayloadAlignment) == 16);

#define STORAGE_FIRMWARE_DOWNLOAD_STRUCTURE_VERSION    0x1
#define STORAGE_FIRMWARE_DOWNLOAD_STRUCTURE_VERSION_V2 0x2

typedef struct _STORAGE_FIRMWARE_DOWNLOAD {
    ULONG Version;
    ULONG Size;
    ULONGLONG Offset;
    ULONGLONG BufferSize;
    UCHAR ImageBuffer[0];
} STORAGE_FIRMWARE_DOWNLOAD, *PSTORAGE_FIRMWARE_DOWNLOAD;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_DOWNLOAD) == 24);

typedef struct _STORAGE_FIRMWARE_DOWNLOAD_V2 {
    ULONG Version;
    ULONG Size;
    ULONGLONG Offset;
    ULONGLONG BufferSize;
    UCHAR Slot;
    UCHAR Reserved[3];
    ULONG ImageSize;
    UCHAR ImageBuffer[0];
} STORAGE_FIRMWARE_DOWNLOAD_V2, *PSTORAGE_FIRMWARE_DOWNLOAD_V2;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_DOWNLOAD_V2) == 32);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_FIRMWARE_DOWNLOAD_V2, ImageBuffer) == 32);

#define STORAGE_FIRMWARE_ACTIVATE_STRUCTURE_VERSION 0x1

typedef struct _STORAGE_FIRMWARE_ACTIVATE {
    ULONG Version;
    ULONG Size;
    UCHAR SlotToActivate;
    UCHAR Reserved0[3];
} STORAGE_FIRMWARE_ACTIVATE, *PSTORAGE_FIRMWARE_ACTIVATE;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_FIRMWARE_ACTIVATE) == 12);

/* ---- endurance information (signature "ENDURINF") ---- */

typedef struct USTOR_MS_STRUCT _STORAGE_ENDURANCE_INFO {
    ULONG ValidFields;
    ULONG GroupId;
    struct USTOR_MS_STRUCT {
        ULONG Shared : 1;
        ULONG Reserved : 31;
    } Flags;
    ULONG LifePercentage;
    UCHAR BytesReadCount[16];
    UCHAR ByteWriteCount[16];
} STORAGE_ENDURANCE_INFO, *PSTORAGE_ENDURANCE_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ENDURANCE_INFO) == 48);

typedef struct _STORAGE_ENDURANCE_DATA_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    STORAGE_ENDURANCE_INFO EnduranceInfo;
} STORAGE_ENDURANCE_DATA_DESCRIPTOR, *PSTORAGE_ENDURANCE_DATA_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ENDURANCE_DATA_DESCRIPTOR) == 56);

USTOR_LAYOUT_ASSERT(sizeof(NVCACHE_TYPE) == 4 && sizeof(NVCACHE_STATUS) == 4);
USTOR_LAYOUT_ASSERT(sizeof(MP_STORAGE_DIAGNOSTIC_TARGET_TYPE) == 4);

#endif /* USTOR_IOCTL_SCSI_REQUESTS_H */
