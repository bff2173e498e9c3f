/*
 * ustor/ioctl_storage_dsm.h - IOCTL_STORAGE_MANAGE_DATA_SET_ATTRIBUTES: the
 * DeviceDsmAction_* codes, DEVICE_DSM_FLAG_*, DEVICE_DATA_SET_RANGE, the
 * DEVICE_MANAGE_DATA_SET_ATTRIBUTES input/output headers and the parameter
 * and output blocks of the individual actions (notification, allocation,
 * repair, scrub, NV cache priority, topology, physical addresses, zones,
 * range errors, lost query, free space, conversion).
 * Internal piece of ntddstor.h; leaves out the offload-token structures and
 * the FORCEINLINE DeviceDsm* buffer helpers.
 */
#ifndef USTOR_IOCTL_STORAGE_DSM_H
#define USTOR_IOCTL_STORAGE_DSM_H

#include "nt_base.h"

typedef ULONG DEVICE_DATA_MANAGEMENT_SET_ACTION, DEVICE_DSM_ACTION;

/* Actions with this bit set leave the data intact. */
#define DeviceDsmActionFlag_NonDestructive 0x80000000
#define IsDsmActionNonDestructive(_Action) \
    ((BOOLEAN)(((_Action) & DeviceDsmActionFlag_NonDestructive) != 0))

#define DeviceDsmAction_None                    0x0u
#define DeviceDsmAction_Trim                    0x1u
#define DeviceDsmAction_Notification            (0x00000002u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_OffloadRead             (0x00000003u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_OffloadWrite            (0x00000004u)
#define DeviceDsmAction_Allocation              (0x00000005u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_Repair                  (0x00000006u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_Scrub                   (0x00000007u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_DrtQuery                (0x00000008u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_DrtClear                (0x00000009u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_DrtDisable              (0x0000000Au | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_TieringQuery            (0x0000000Bu | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_Map                     (0x0000000Cu | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_RegenerateParity        (0x0000000Du | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_NvCache_Change_Priority (0x0000000Eu | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_NvCache_Evict           (0x0000000Fu | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_TopologyIdQuery         (0x00000010u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_GetPhysicalAddresses    (0x00000011u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_ScopeRegen              (0x00000012u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_ReportZones             (0x00000013u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_OpenZone                (0x00000014u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_FinishZone              (0x00000015u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_CloseZone               (0x00000016u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_ResetWritePointer       (0x00000017u)
#define DeviceDsmAction_GetRangeErrorInfo       (0x00000018u | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_WriteZeroes             (0x00000019u)
#define DeviceDsmAction_LostQuery               (0x0000001Au | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_GetFreeSpace            (0x0000001Bu | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_ConversionQuery         (0x0000001Cu | DeviceDsmActionFlag_NonDestructive)
#define DeviceDsmAction_VdtSet                  (0x0000001Du)

/* DEVICE_MANAGE_DATA_SET_ATTRIBUTES.Flags; the high bits mean different things per action. */
#define DEVICE_DSM_FLAG_ENTIRE_DATA_SET_RANGE              0x00000001
#define DEVICE_DSM_FLAG_TRIM_NOT_FS_ALLOCATED              0x80000000
#define DEVICE_DSM_FLAG_TRIM_BYPASS_RZAT                   0x40000000
#define DEVICE_DSM_FLAG_ALLOCATION_CONSOLIDATEABLE_ONLY    0x40000000
#define DEVICE_DSM_FLAG_REPAIR_INPUT_TOPOLOGY_ID_PRESENT   0x40000000
#define DEVICE_DSM_FLAG_REPAIR_OUTPUT_PARITY_EXTENT        0x20000000
#define DEVICE_DSM_FLAG_SCRUB_SKIP_IN_SYNC                 0x10000000
#define DEVICE_DSM_FLAG_SCRUB_OUTPUT_PARITY_EXTENT         0x20000000
#define DEVICE_DSM_FLAG_PHYSICAL_ADDRESSES_OMIT_TOTAL_RANGES 0x10000000

/* A byte range of the device. */
typedef struct _DEVICE_DATA_SET_RANGE {
    LONGLONG StartingOffset;        /* bytes, sector aligned */
    ULONGLONG LengthInBytes;        /* a multiple of the sector size */
} DEVICE_DATA_SET_RANGE, *PDEVICE_DATA_SET_RANGE, DEVICE_DSM_RANGE, *PDEVICE_DSM_RANGE;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DATA_SET_RANGE) == 16);

/* Input header; offsets are from its start. */
typedef struct _DEVICE_MANAGE_DATA_SET_ATTRIBUTES {
    ULONG Size;                     /* sizeof this header */
    DEVICE_DSM_ACTION Action;
    ULONG Flags;
    ULONG ParameterBlockOffset;
    ULONG ParameterBlockLength;
    ULONG DataSetRangesOffset;
    ULONG DataSetRangesLength;
} DEVICE_MANAGE_DATA_SET_ATTRIBUTES, *PDEVICE_MANAGE_DATA_SET_ATTRIBUTES,
  DEVICE_DSM_INPUT, *PDEVICE_DSM_INPUT;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_MANAGE_DATA_SET_ATTRIBUTES) == 28);
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_MANAGE_DATA_SET_ATTRIBUTES, DataSetRangesOffset) == 20);

typedef struct _DEVICE_MANAGE_DATA_SET_ATTRIBUTES_OUTPUT {
    ULONG Size;
    DEVICE_DSM_ACTION Action;
    ULONG Flags;
    ULONG OperationStatus;
    ULONG ExtendedError;
    ULONG TargetDetailedError;
    ULONG ReservedStatus;
    ULONG OutputBlockOffset;
    ULONG OutputBlockLength;
} DEVICE_MANAGE_DATA_SET_ATTRIBUTES_OUTPUT, *PDEVICE_MANAGE_DATA_SET_ATTRIBUTES_OUTPUT,
  DEVICE_DSM_OUTPUT, *PDEVICE_DSM_OUTPUT;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_MANAGE_DATA_SET_ATTRIBUTES_OUTPUT) == 36);

/* How an action's buffers look; the class driver validates requests with these. */
typedef struct _DEVICE_DSM_DEFINITION {
    DEVICE_DSM_ACTION Action;
    BOOLEAN SingleRange;
    ULONG ParameterBlockAlignment;
    ULONG ParameterBlockLength;
    BOOLEAN HasOutput;
    ULONG OutputBlockAlignment;
    ULONG OutputBlockLength;
} DEVICE_DSM_DEFINITION, *PDEVICE_DSM_DEFINITION;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DSM_DEFINITION) == 28);

/* ---- DeviceDsmAction_Notification ---- */

#define DEVICE_DSM_NOTIFY_FLAG_BEGIN 0x00000001
#define DEVICE_DSM_NOTIFY_FLAG_END   0x00000002

typedef struct _DEVICE_DSM_NOTIFICATION_PARAMETERS {
    ULONG Size;
    ULONG Flags;
    ULONG NumFileTypeIDs;
    GUID FileTypeID[ANYSIZE_ARRAY];
} DEVICE_DSM_NOTIFICATION_PARAMETERS, *PDEVICE_DSM_NOTIFICATION_PARAMETERS;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DSM_NOTIFICATION_PARAMETERS, FileTypeID) == 12);

/* ---- DeviceDsmAction_Allocation ---- */

typedef struct _DEVICE_DATA_SET_LBP_STATE_PARAMETERS {
    ULONG Version;
    ULONG Size;
    ULONG Flags;
    ULONG OutputVersion;
} DEVICE_DATA_SET_LBP_STATE_PARAMETERS, *PDEVICE_DATA_SET_LBP_STATE_PARAMETERS,
  DEVICE_DSM_ALLOCATION_PARAMETERS, *PDEVICE_DSM_ALLOCATION_PARAMETERS;

#define DEVICE_DATA_SET_LBP_STATE_PARAMETERS_VERSION_V1 1

typedef struct _DEVICE_DATA_SET_LB_PROVISIONING_STATE {
    ULONG Size;
    ULONG Version;
    ULONGLONG SlabSizeInBytes;
    ULONG SlabOffsetDeltaInBytes;
    ULONG SlabAllocationBitMapBitCount;
    ULONG SlabAllocationBitMapLength;
    ULONG SlabAllocationBitMap[ANYSIZE_ARRAY];
} DEVICE_DATA_SET_LB_PROVISIONING_STATE, *PDEVICE_DATA_SET_LB_PROVISIONING_STATE,
  DEVICE_DSM_ALLOCATION_OUTPUT, *PDEVICE_DSM_ALLOCATION_OUTPUT;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DATA_SET_LB_PROVISIONING_STATE, SlabAllocationBitMap) == 28);

typedef struct _DEVICE_DATA_SET_LB_PROVISIONING_STATE_V2 {
    ULONG Size;
    ULONG Version;
    ULONGLONG SlabSizeInBytes;
    ULONGLONG SlabOffsetDeltaInBytes;
    ULONG SlabAllocationBitMapBitCount;
    ULONG SlabAllocationBitMapLength;
    ULONG SlabAllocationBitMap[ANYSIZE_ARRAY];
} DEVICE_DATA_SET_LB_PROVISIONING_STATE_V2, *PDEVICE_DATA_SET_LB_PROVISIONING_STATE_V2,
  DEVICE_DSM_ALLOCATION_OUTPUT2, *PDEVICE_DSM_ALLOCATION_OUTPUT2;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DATA_SET_LB_PROVISIONING_STATE_V2, SlabAllocationBitMap) == 32);

#define DEVICE_DSM_ALLOCATION_OUTPUT_V1 (sizeof(DEVICE_DSM_ALLOCATION_OUTPUT))
#define DEVICE_DSM_ALLOCATION_OUTPUT_V2 (sizeof(DEVICE_DSM_ALLOCATION_OUTPUT2))

/* ---- repair, scrub, topology ---- */

typedef struct _DEVICE_DATA_SET_REPAIR_PARAMETERS {
    ULONG NumberOfRepairCopies;
    ULONG SourceCopy;
    ULONG RepairCopies[ANYSIZE_ARRAY];
} DEVICE_DATA_SET_REPAIR_PARAMETERS, *PDEVICE_DATA_SET_REPAIR_PARAMETERS,
  DEVICE_DSM_REPAIR_PARAMETERS, *PDEVICE_DSM_REPAIR_PARAMETERS;

typedef struct _DEVICE_DATA_SET_REPAIR_OUTPUT {
    DEVICE_DSM_RANGE ParityExtent;
} DEVICE_DATA_SET_REPAIR_OUTPUT, *PDEVICE_DATA_SET_REPAIR_OUTPUT,
  DEVICE_DSM_REPAIR_OUTPUT, *PDEVICE_DSM_REPAIR_OUTPUT;

typedef struct _DEVICE_DATA_SET_SCRUB_OUTPUT {
    ULONGLONG BytesProcessed;
    ULONGLONG BytesRepaired;
    ULONGLONG BytesFailed;
} DEVICE_DATA_SET_SCRUB_OUTPUT, *PDEVICE_DATA_SET_SCRUB_OUTPUT,
  DEVICE_DSM_SCRUB_OUTPUT, *PDEVICE_DSM_SCRUB_OUTPUT;

typedef struct _DEVICE_DATA_SET_SCRUB_EX_OUTPUT {
    ULONGLONG BytesProcessed;
    ULONGLONG BytesRepaired;
    ULONGLONG BytesFailed;
    DEVICE_DSM_RANGE ParityExtent;
} DEVICE_DATA_SET_SCRUB_EX_OUTPUT, *PDEVICE_DATA_SET_SCRUB_EX_OUTPUT,
  DEVICE_DSM_SCRUB_OUTPUT2, *PDEVICE_DSM_SCRUB_OUTPUT2;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DATA_SET_SCRUB_EX_OUTPUT) == 40);

typedef struct _DEVICE_DATA_SET_TOPOLOGY_ID_QUERY_OUTPUT {
    ULONGLONG TopologyRangeBytes;
    UCHAR TopologyId[16];
} DEVICE_DATA_SET_TOPOLOGY_ID_QUERY_OUTPUT, *PDEVICE_DATA_SET_TOPOLOGY_ID_QUERY_OUTPUT,
  DEVICE_DSM_TOPOLOGY_ID_QUERY_OUTPUT, *PDEVICE_DSM_TOPOLOGY_ID_QUERY_OUTPUT;

/* ---- DeviceDsmAction_NvCache_Change_Priority (hybrid disks) ---- */

typedef struct _DEVICE_DSM_NVCACHE_CHANGE_PRIORITY_PARAMETERS {
    ULONG Size;
    UCHAR TargetPriority;
    UCHAR Reserved[3];
} DEVICE_DSM_NVCACHE_CHANGE_PRIORITY_PARAMETERS, *PDEVICE_DSM_NVCACHE_CHANGE_PRIORITY_PARAMETERS;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DSM_NVCACHE_CHANGE_PRIORITY_PARAMETERS) == 8);

/* ---- DeviceDsmAction_GetPhysicalAddresses ---- */

typedef struct _DEVICE_STORAGE_ADDRESS_RANGE {
    LONGLONG StartAddress;
    ULONGLONG LengthInBytes;
} DEVICE_STORAGE_ADDRESS_RANGE, *PDEVICE_STORAGE_ADDRESS_RANGE;

#define DEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT_V1 1
#define DEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT_VERSION_V1 DEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT_V1

typedef struct _DEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT {
    ULONG Version;
    ULONG Flags;
    ULONG TotalNumberOfRanges;
    ULONG NumberOfRangesReturned;
    DEVICE_STORAGE_ADDRESS_RANGE Ranges[ANYSIZE_ARRAY];
} DEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT, *PDEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DSM_PHYSICAL_ADDRESSES_OUTPUT, Ranges) == 16);

/* ---- zones ---- */

typedef struct _DEVICE_DSM_REPORT_ZONES_PARAMETERS {
    ULONG Size;
    UCHAR ReportOption;
    UCHAR Partial;
    UCHAR Reserved[2];
} DEVICE_DSM_REPORT_ZONES_PARAMETERS, *PDEVICE_DSM_REPORT_ZONES_PARAMETERS;

typedef enum _STORAGE_ZONES_ATTRIBUTES {
    ZonesAttributeTypeAndLengthMayDifferent = 0,
    ZonesAttributeTypeSameLengthSame = 1,
    ZonesAttributeTypeSameLastZoneLengthDifferent = 2,
    ZonesAttributeTypeMayDifferentLengthSame = 3
} STORAGE_ZONES_ATTRIBUTES, *PSTORAGE_ZONES_ATTRIBUTES;

typedef enum _STORAGE_ZONE_TYPES {
    ZoneTypeUnknown = 0,
    ZoneTypeConventional = 1,
    ZoneTypeSequentialWriteRequired = 2,
    ZoneTypeSequentialWritePreferred = 3,
    ZoneTypeMax
} STORAGE_ZONE_TYPES, *PSTORAGE_ZONE_TYPES;

typedef enum _STORAGE_ZONE_CONDITION {
    ZoneConditionConventional = 0x00,
    ZoneConditionEmpty = 0x01,
    ZoneConditionImplicitlyOpened = 0x02,
    ZoneConditionExplicitlyOpened = 0x03,
    ZoneConditionClosed = 0x04,
    ZoneConditionReadOnly = 0x0D,
    ZoneConditionFull = 0x0E,
    ZoneConditionOffline = 0x0F
} STORAGE_ZONE_CONDITION, *PSTORAGE_ZONE_CONDITION;

typedef struct _STORAGE_ZONE_DESCRIPTOR {
    ULONG Size;
    STORAGE_ZONE_TYPES ZoneType;
    STORAGE_ZONE_CONDITION ZoneCondition;
    BOOLEAN ResetWritePointerRecommend;
    UCHAR Reserved0[3];
    ULONGLONG ZoneSize;
    ULONGLONG WritePointerOffset;
} STORAGE_ZONE_DESCRIPTOR, *PSTORAGE_ZONE_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ZONE_DESCRIPTOR) == 32);

typedef struct _DEVICE_DSM_REPORT_ZONES_DATA {
    ULONG Size;
    ULONG ZoneCount;
    STORAGE_ZONES_ATTRIBUTES Attributes;
    ULONG Reserved0;
    STORAGE_ZONE_DESCRIPTOR ZoneDescriptors[ANYSIZE_ARRAY];
} DEVICE_DSM_REPORT_ZONES_DATA, *PDEVICE_DSM_REPORT_ZONES_DATA,
  DEVICE_DSM_REPORT_ZONES_OUTPUT, *PDEVICE_DSM_REPORT_ZONES_OUTPUT;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DSM_REPORT_ZONES_DATA, ZoneDescriptors) == 16);

/* ---- range errors, lost query, free space, conversion ---- */

typedef struct USTOR_MS_STRUCT _DEVICE_STORAGE_RANGE_ATTRIBUTES {
    ULONGLONG LengthInBytes;
    union USTOR_MS_STRUCT {
        ULONG AllFlags;
        struct USTOR_MS_STRUCT {
            ULONG IsRangeBad : 1;
        };
    };
    ULONG Reserved;
} DEVICE_STORAGE_RANGE_ATTRIBUTES, *PDEVICE_STORAGE_RANGE_ATTRIBUTES;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_STORAGE_RANGE_ATTRIBUTES) == 16);

#define DEVICE_STORAGE_NO_ERRORS 0x1
#define DEVICE_DSM_RANGE_ERROR_OUTPUT_V1 1
#define DEVICE_DSM_RANGE_ERROR_INFO_VERSION_V1 DEVICE_DSM_RANGE_ERROR_OUTPUT_V1

typedef struct _DEVICE_DSM_RANGE_ERROR_INFO {
    ULONG Version;
    ULONG Flags;                    /* DEVICE_STORAGE_NO_ERRORS */
    ULONG TotalNumberOfRanges;
    ULONG NumberOfRangesReturned;
    DEVICE_STORAGE_RANGE_ATTRIBUTES Ranges[ANYSIZE_ARRAY];
} DEVICE_DSM_RANGE_ERROR_INFO, *PDEVICE_DSM_RANGE_ERROR_INFO,
  DEVICE_DSM_RANGE_ERROR_OUTPUT, *PDEVICE_DSM_RANGE_ERROR_OUTPUT;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DSM_RANGE_ERROR_INFO, Ranges) == 16);

typedef struct _DEVICE_DSM_LOST_QUERY_PARAMETERS {
    ULONG Version;
    ULONGLONG Granularity;
} DEVICE_DSM_LOST_QUERY_PARAMETERS, *PDEVICE_DSM_LOST_QUERY_PARAMETERS;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DSM_LOST_QUERY_PARAMETERS) == 16);

typedef struct _DEVICE_DSM_LOST_QUERY_OUTPUT {
    ULONG Version;
    ULONG Size;
    ULONGLONG Alignment;
    ULONG NumberOfBits;
    ULONG BitMap[ANYSIZE_ARRAY];
} DEVICE_DSM_LOST_QUERY_OUTPUT, *PDEVICE_DSM_LOST_QUERY_OUTPUT;
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_DSM_LOST_QUERY_OUTPUT, BitMap) == 20);

typedef struct _DEVICE_DSM_FREE_SPACE_OUTPUT {
    ULONG Version;
    ULONGLONG FreeSpace;
} DEVICE_DSM_FREE_SPACE_OUTPUT, *PDEVICE_DSM_FREE_SPACE_OUTPUT;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DSM_FREE_SPACE_OUTPUT) == 16);

typedef struct _DEVICE_DSM_CONVERSION_OUTPUT {
    ULONG Version;
    GUID Source;
} DEVICE_DSM_CONVERSION_OUTPUT, *PDEVICE_DSM_CONVERSION_OUTPUT;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DSM_CONVERSION_OUTPUT) == 20);

/* Sizes of the remaining fixed blocks and enums (x64). */
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DATA_SET_LBP_STATE_PARAMETERS) == 16);
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DATA_SET_REPAIR_PARAMETERS) == 12 && sizeof(DEVICE_DATA_SET_REPAIR_OUTPUT) == 16);
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DATA_SET_SCRUB_OUTPUT) == 24);
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_DATA_SET_TOPOLOGY_ID_QUERY_OUTPUT) == 24);
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_STORAGE_ADDRESS_RANGE) == 16 && sizeof(DEVICE_DSM_REPORT_ZONES_PARAMETERS) == 8);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ZONE_TYPES) == 4 && sizeof(STORAGE_ZONE_CONDITION) == 4);

#endif /* USTOR_IOCTL_STORAGE_DSM_H */
