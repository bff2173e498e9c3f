/*
 * ustor/ioctl_storage_health.h - temperature and physical-topology properties:
 * STORAGE_TEMPERATURE_INFO/_DATA_DESCRIPTOR/_THRESHOLD, form factor and health
 * enums, STORAGE_SPEC_VERSION, and the STORAGE_PHYSICAL_* node, adapter and
 * device records of Storage{Adapter,Device}PhysicalTopologyProperty.
 * Internal piece of ntddstor.h.
 */
#ifndef USTOR_IOCTL_STORAGE_HEALTH_H
#define USTOR_IOCTL_STORAGE_HEALTH_H

#include "nt_base.h"
#include "ioctl_storage_protocol.h"

/* A temperature or threshold field holding this (as SHORT) was not reported. */
#define STORAGE_TEMPERATURE_VALUE_NOT_REPORTED 0x8000

typedef struct _STORAGE_TEMPERATURE_INFO {
    USHORT Index;                   /* 0 may be a composite of the others */
    SHORT Temperature;              /* degrees Celsius */
    SHORT OverThreshold;
    SHORT UnderThreshold;
    BOOLEAN OverThresholdChangable;
    BOOLEAN UnderThresholdChangable;
    BOOLEAN EventGenerated;
    UCHAR Reserved0;
    ULONG Reserved1;
} STORAGE_TEMPERATURE_INFO, *PSTORAGE_TEMPERATURE_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_TEMPERATURE_INFO) == 16);

typedef struct _STORAGE_TEMPERATURE_DATA_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    SHORT CriticalTemperature;
    SHORT WarningTemperature;
    USHORT InfoCount;
    UCHAR Reserved0[2];
    ULONG Reserved1[2];
    STORAGE_TEMPERATURE_INFO TemperatureInfo[ANYSIZE_ARRAY];
} STORAGE_TEMPERATURE_DATA_DESCRIPTOR, *PSTORAGE_TEMPERATURE_DATA_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_TEMPERATURE_DATA_DESCRIPTOR, InfoCount) == 12);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_TEMPERATURE_DATA_DESCRIPTOR, TemperatureInfo) == 24);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_TEMPERATURE_DATA_DESCRIPTOR) == 40);

#define STORAGE_TEMPERATURE_THRESHOLD_FLAG_ADAPTER_REQUEST 0x0001

/* IOCTL_STORAGE_SET_TEMPERATURE_THRESHOLD input. */
typedef struct _STORAGE_TEMPERATURE_THRESHOLD {
    ULONG Version;
    ULONG Size;
    USHORT Flags;
    USHORT Index;
    SHORT Threshold;
    BOOLEAN OverThreshold;          /* TRUE: over-threshold; FALSE: under */
    UCHAR Reserved;
} STORAGE_TEMPERATURE_THRESHOLD, *PSTORAGE_TEMPERATURE_THRESHOLD;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_TEMPERATURE_THRESHOLD) == 16);

typedef enum _STORAGE_DEVICE_FORM_FACTOR {
    FormFactorUnknown = 0,
    FormFactor3_5,
    FormFactor2_5,
    FormFactor1_8,
    FormFactor1_8Less,
    FormFactorEmbedded,
    FormFactorMemoryCard,
    FormFactormSata,
    FormFactorM_2,
    FormFactorPCIeBoard,
    FormFactorDimm
} STORAGE_DEVICE_FORM_FACTOR, *PSTORAGE_DEVICE_FORM_FACTOR;

typedef enum _STORAGE_COMPONENT_HEALTH_STATUS {
    HealthStatusUnknown = 0,
    HealthStatusNormal,
    HealthStatusThrottled,
    HealthStatusWarning,
    HealthStatusDisabled,
    HealthStatusFailed
} STORAGE_COMPONENT_HEALTH_STATUS, *PSTORAGE_COMPONENT_HEALTH_STATUS;

/* A specification version, e.g. SATA 3.2 or NVMe 1.3 (major in the high word). */
typedef union _STORAGE_SPEC_VERSION {
    struct {
        union {
            struct {
                UCHAR SubMinor;
                UCHAR Minor;
            };
            USHORT AsUshort;
        } MinorVersion;
        USHORT MajorVersion;
    };
    ULONG AsUlong;
} STORAGE_SPEC_VERSION, *PSTORAGE_SPEC_VERSION;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_SPEC_VERSION) == 4);

/* STORAGE_PHYSICAL_DEVICE_DATA.Role bits. */
#define STORAGE_COMPONENT_ROLE_CACHE   0x00000001
#define STORAGE_COMPONENT_ROLE_TIERING 0x00000002
#define STORAGE_COMPONENT_ROLE_DATA    0x00000004

typedef struct _STORAGE_PHYSICAL_DEVICE_DATA {
    ULONG DeviceId;
    ULONG Role;                     /* STORAGE_COMPONENT_ROLE_* */
    STORAGE_COMPONENT_HEALTH_STATUS HealthStatus;
    STORAGE_PROTOCOL_TYPE CommandProtocol;
    STORAGE_SPEC_VERSION SpecVersion;
    STORAGE_DEVICE_FORM_FACTOR FormFactor;
    UCHAR Vendor[8];
    UCHAR Model[40];
    UCHAR FirmwareRevision[16];
    ULONGLONG Capacity;             /* kilobytes */
    UCHAR PhysicalLocation[32];
    ULONG Reserved[2];
} STORAGE_PHYSICAL_DEVICE_DATA, *PSTORAGE_PHYSICAL_DEVICE_DATA;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PHYSICAL_DEVICE_DATA, Vendor) == 24);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PHYSICAL_DEVICE_DATA, Capacity) == 88);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PHYSICAL_DEVICE_DATA) == 136);

typedef struct _STORAGE_PHYSICAL_ADAPTER_DATA {
    ULONG AdapterId;
    STORAGE_COMPONENT_HEALTH_STATUS HealthStatus;
    STORAGE_PROTOCOL_TYPE CommandProtocol;
    STORAGE_SPEC_VERSION SpecVersion;
    UCHAR Vendor[8];
    UCHAR Model[40];
    UCHAR FirmwareRevision[16];
    UCHAR PhysicalLocation[32];
    BOOLEAN ExpanderConnected;
    UCHAR Reserved0[3];
    ULONG Reserved1[3];
} STORAGE_PHYSICAL_ADAPTER_DATA, *PSTORAGE_PHYSICAL_ADAPTER_DATA;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PHYSICAL_ADAPTER_DATA, ExpanderConnected) == 112);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PHYSICAL_ADAPTER_DATA) == 128);

/* One node of the topology; offsets are from the start of the topology descriptor. */
typedef struct _STORAGE_PHYSICAL_NODE_DATA {
    ULONG NodeId;
    ULONG AdapterCount;
    ULONG AdapterDataLength;
    ULONG AdapterDataOffset;
    ULONG DeviceCount;
    ULONG DeviceDataLength;
    ULONG DeviceDataOffset;
    ULONG Reserved[3];
} STORAGE_PHYSICAL_NODE_DATA, *PSTORAGE_PHYSICAL_NODE_DATA;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PHYSICAL_NODE_DATA) == 40);

typedef struct _STORAGE_PHYSICAL_TOPOLOGY_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG NodeCount;
    ULONG Reserved;
    STORAGE_PHYSICAL_NODE_DATA Node[ANYSIZE_ARRAY];
} STORAGE_PHYSICAL_TOPOLOGY_DESCRIPTOR, *PSTORAGE_PHYSICAL_TOPOLOGY_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PHYSICAL_TOPOLOGY_DESCRIPTOR, Node) == 16);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PHYSICAL_TOPOLOGY_DESCRIPTOR) == 56);

#endif /* USTOR_IOCTL_STORAGE_HEALTH_H */
