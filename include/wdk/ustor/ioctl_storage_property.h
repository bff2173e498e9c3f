/*
 * ustor/ioctl_storage_property.h - IOCTL_STORAGE_QUERY_PROPERTY: STORAGE_BUS_TYPE,
 * the property ids and query types, and the descriptors the port (or the
 * miniport through the port) returns for them: device, adapter, device id,
 * alignment, seek penalty, trim, provisioning, power, copy offload,
 * resiliency, write cache, miniport, I/O capability, attributes, serial
 * number, NUMA, unsafe-shutdown count, endurance, RPMB and crypto.
 * Internal piece of ntddstor.h.  Protocol, temperature and topology
 * descriptors live in ustor/ioctl_storage_protocol.h and ustor/ioctl_storage_health.h.
 */
#ifndef USTOR_IOCTL_STORAGE_PROPERTY_H
#define USTOR_IOCTL_STORAGE_PROPERTY_H

#include "nt_base.h"

/* Values: storport-facts.md 4.13 (STORAGE_BUS_TYPE). */
typedef enum _STORAGE_BUS_TYPE {
    BusTypeUnknown = 0x00,
    BusTypeScsi,
    BusTypeAtapi,
    BusTypeAta,
    BusType1394,
    BusTypeSsa,
    BusTypeFibre,
    BusTypeUsb,
    BusTypeRAID,
    BusTypeiScsi,
    BusTypeSas,
    BusTypeSata,
    BusTypeSd,
    BusTypeMmc,
    BusTypeVirtual,
    BusTypeFileBackedVirtual,
    BusTypeSpaces,
    BusTypeNvme,
    BusTypeSCM,
    BusTypeUfs,
    BusTypeMax,
    BusTypeMaxReserved = 0x7F
} STORAGE_BUS_TYPE, *PSTORAGE_BUS_TYPE;
USTOR_LAYOUT_ASSERT(BusTypeNvme == 0x11 && BusTypeMax == 0x14);

/* Buses on which a disk may be shared between hosts. */
#define SupportsDeviceSharing(type) \
    ((type) == BusTypeScsi || (type) == BusTypeFibre || (type) == BusTypeiScsi || \
     (type) == BusTypeSas || (type) == BusTypeSpaces)

typedef enum _STORAGE_PROPERTY_ID {
    StorageDeviceProperty = 0,
    StorageAdapterProperty,
    StorageDeviceIdProperty,
    StorageDeviceUniqueIdProperty,
    StorageDeviceWriteCacheProperty,
    StorageMiniportProperty,
    StorageAccessAlignmentProperty,
    StorageDeviceSeekPenaltyProperty,
    StorageDeviceTrimProperty,
    StorageDeviceWriteAggregationProperty,
    StorageDeviceDeviceTelemetryProperty,
    StorageDeviceLBProvisioningProperty,
    StorageDevicePowerProperty,
    StorageDeviceCopyOffloadProperty,
    StorageDeviceResiliencyProperty,
    StorageDeviceMediumProductType,
    StorageAdapterRpmbProperty,
    StorageAdapterCryptoProperty,
    StorageDeviceTieringProperty,
    StorageDeviceFaultDomainProperty,
    StorageDeviceClusportProperty,
    StorageDeviceDependantDevicesProperty,
    StorageDeviceIoCapabilityProperty = 48,
    StorageAdapterProtocolSpecificProperty,
    StorageDeviceProtocolSpecificProperty,
    StorageAdapterTemperatureProperty,
    StorageDeviceTemperatureProperty,
    StorageAdapterPhysicalTopologyProperty,
    StorageDevicePhysicalTopologyProperty,
    StorageDeviceAttributesProperty,
    StorageDeviceManagementStatus,
    StorageAdapterSerialNumberProperty,
    StorageDeviceLocationProperty,
    StorageDeviceNumaProperty,
    StorageDeviceZonedDeviceProperty,
    StorageDeviceUnsafeShutdownCount,
    StorageDeviceEnduranceProperty
} STORAGE_PROPERTY_ID, *PSTORAGE_PROPERTY_ID;
USTOR_LAYOUT_ASSERT(StorageDeviceTemperatureProperty == 52 && StorageDeviceEnduranceProperty == 62);

typedef enum _STORAGE_QUERY_TYPE {
    PropertyStandardQuery = 0,
    PropertyExistsQuery,
    PropertyMaskQuery,
    PropertyQueryMaxDefined
} STORAGE_QUERY_TYPE, *PSTORAGE_QUERY_TYPE;

typedef enum _STORAGE_SET_TYPE {
    PropertyStandardSet = 0,
    PropertyExistsSet,
    PropertySetMaxDefined
} STORAGE_SET_TYPE, *PSTORAGE_SET_TYPE;

typedef struct _STORAGE_PROPERTY_QUERY {
    STORAGE_PROPERTY_ID PropertyId;
    STORAGE_QUERY_TYPE QueryType;
    UCHAR AdditionalParameters[1];
} STORAGE_PROPERTY_QUERY, *PSTORAGE_PROPERTY_QUERY;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROPERTY_QUERY) == 12);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_PROPERTY_QUERY, AdditionalParameters) == 8);

typedef struct _STORAGE_PROPERTY_SET {
    STORAGE_PROPERTY_ID PropertyId;
    STORAGE_SET_TYPE SetType;
    UCHAR AdditionalParameters[1];
} STORAGE_PROPERTY_SET, *PSTORAGE_PROPERTY_SET;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROPERTY_SET) == 12);

/* Every descriptor starts with this: Version is sizeof the structure, Size the bytes available. */
typedef struct _STORAGE_DESCRIPTOR_HEADER {
    ULONG Version;
    ULONG Size;
} STORAGE_DESCRIPTOR_HEADER, *PSTORAGE_DESCRIPTOR_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_DESCRIPTOR_HEADER) == 8);

/* StorageDeviceProperty: offsets point at NUL-terminated ASCII strings after the header. */
typedef struct _STORAGE_DEVICE_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    UCHAR DeviceType;               /* SCSI peripheral device type */
    UCHAR DeviceTypeModifier;
    BOOLEAN RemovableMedia;
    BOOLEAN CommandQueueing;
    ULONG VendorIdOffset;
    ULONG ProductIdOffset;
    ULONG ProductRevisionOffset;
    ULONG SerialNumberOffset;
    STORAGE_BUS_TYPE BusType;
    ULONG RawPropertiesLength;
    UCHAR RawDeviceProperties[1];
} STORAGE_DEVICE_DESCRIPTOR, *PSTORAGE_DEVICE_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_DEVICE_DESCRIPTOR) == 40);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_DEVICE_DESCRIPTOR, BusType) == 28);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_DEVICE_DESCRIPTOR, RawDeviceProperties) == 36);

typedef struct _STORAGE_ADAPTER_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG MaximumTransferLength;
    ULONG MaximumPhysicalPages;
    ULONG AlignmentMask;
    BOOLEAN AdapterUsesPio;
    BOOLEAN AdapterScansDown;
    BOOLEAN CommandQueueing;
    BOOLEAN AcceleratedTransfer;
    UCHAR BusType;                  /* STORAGE_BUS_TYPE */
    USHORT BusMajorVersion;
    USHORT BusMinorVersion;
    UCHAR SrbType;                  /* SRB_TYPE_* */
    UCHAR AddressType;              /* STORAGE_ADDRESS_TYPE_* */
} STORAGE_ADAPTER_DESCRIPTOR, *PSTORAGE_ADAPTER_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ADAPTER_DESCRIPTOR) == 32);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_ADAPTER_DESCRIPTOR, BusType) == 24);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_ADAPTER_DESCRIPTOR, SrbType) == 30);

/* Size of the descriptor as pre-Win8 ports returned it. */
#define NO_SRBTYPE_ADAPTER_DESCRIPTOR_SIZE FIELD_OFFSET(STORAGE_ADAPTER_DESCRIPTOR, SrbType)

/* STORAGE_ADAPTER_DESCRIPTOR.SrbType/AddressType; srb.h spells the same values. */
#ifndef SRB_TYPE_SCSI_REQUEST_BLOCK
#define SRB_TYPE_SCSI_REQUEST_BLOCK    0
#endif
#ifndef SRB_TYPE_STORAGE_REQUEST_BLOCK
#define SRB_TYPE_STORAGE_REQUEST_BLOCK 1
#endif
#ifndef STORAGE_ADDRESS_TYPE_BTL8
#define STORAGE_ADDRESS_TYPE_BTL8      0
#endif

typedef struct _STORAGE_ACCESS_ALIGNMENT_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG BytesPerCacheLine;
    ULONG BytesOffsetForCacheAlignment;
    ULONG BytesPerLogicalSector;
    ULONG BytesPerPhysicalSector;
    ULONG BytesOffsetForSectorAlignment;
} STORAGE_ACCESS_ALIGNMENT_DESCRIPTOR, *PSTORAGE_ACCESS_ALIGNMENT_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ACCESS_ALIGNMENT_DESCRIPTOR) == 28);

typedef struct _STORAGE_MEDIUM_PRODUCT_TYPE_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG MediumProductType;        /* VPD B1h MEDIUM PRODUCT TYPE */
} STORAGE_MEDIUM_PRODUCT_TYPE_DESCRIPTOR, *PSTORAGE_MEDIUM_PRODUCT_TYPE_DESCRIPTOR;

/* ---- StorageDeviceIdProperty: a chain of VPD 83h designators ---- */

typedef enum _STORAGE_IDENTIFIER_CODE_SET {
    StorageIdCodeSetReserved = 0,
    StorageIdCodeSetBinary = 1,
    StorageIdCodeSetAscii = 2,
    StorageIdCodeSetUtf8 = 3
} STORAGE_IDENTIFIER_CODE_SET, *PSTORAGE_IDENTIFIER_CODE_SET;

typedef enum _STORAGE_IDENTIFIER_TYPE {
    StorageIdTypeVendorSpecific = 0,
    StorageIdTypeVendorId = 1,
    StorageIdTypeEUI64 = 2,
    StorageIdTypeFCPHName = 3,
    StorageIdTypePortRelative = 4,
    StorageIdTypeTargetPortGroup = 5,
    StorageIdTypeLogicalUnitGroup = 6,
    StorageIdTypeMD5LogicalUnitIdentifier = 7,
    StorageIdTypeScsiNameString = 8
} STORAGE_IDENTIFIER_TYPE, *PSTORAGE_IDENTIFIER_TYPE;

#define StorageIdTypeNAA StorageIdTypeFCPHName

typedef enum _STORAGE_ID_NAA_FORMAT {
    StorageIdNAAFormatIEEEExtended = 2,
    StorageIdNAAFormatIEEERegistered = 3,
    StorageIdNAAFormatIEEEERegisteredExtended = 5
} STORAGE_ID_NAA_FORMAT, *PSTORAGE_ID_NAA_FORMAT;

typedef enum _STORAGE_ASSOCIATION_TYPE {
    StorageIdAssocDevice = 0,
    StorageIdAssocPort = 1,
    StorageIdAssocTarget = 2
} STORAGE_ASSOCIATION_TYPE, *PSTORAGE_ASSOCIATION_TYPE;

typedef struct _STORAGE_IDENTIFIER {
    STORAGE_IDENTIFIER_CODE_SET CodeSet;
    STORAGE_IDENTIFIER_TYPE Type;
    USHORT IdentifierSize;
    USHORT NextOffset;              /* from this identifier to the next */
    STORAGE_ASSOCIATION_TYPE Association;
    UCHAR Identifier[1];
} STORAGE_IDENTIFIER, *PSTORAGE_IDENTIFIER;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_IDENTIFIER) == 20);
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_IDENTIFIER, Identifier) == 16);

typedef struct _STORAGE_DEVICE_ID_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG NumberOfIdentifiers;
    UCHAR Identifiers[1];           /* STORAGE_IDENTIFIER chain */
} STORAGE_DEVICE_ID_DESCRIPTOR, *PSTORAGE_DEVICE_ID_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_DEVICE_ID_DESCRIPTOR, Identifiers) == 12);

/* ---- small boolean/size descriptors ---- */

typedef struct _DEVICE_SEEK_PENALTY_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    BOOLEAN IncursSeekPenalty;
} DEVICE_SEEK_PENALTY_DESCRIPTOR, *PDEVICE_SEEK_PENALTY_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_SEEK_PENALTY_DESCRIPTOR) == 12);

typedef struct _DEVICE_WRITE_AGGREGATION_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    BOOLEAN BenefitsFromWriteAggregation;
} DEVICE_WRITE_AGGREGATION_DESCRIPTOR, *PDEVICE_WRITE_AGGREGATION_DESCRIPTOR;

typedef struct _DEVICE_TRIM_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    BOOLEAN TrimEnabled;
} DEVICE_TRIM_DESCRIPTOR, *PDEVICE_TRIM_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_TRIM_DESCRIPTOR) == 12);

typedef struct USTOR_MS_STRUCT _DEVICE_LB_PROVISIONING_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    UCHAR ThinProvisioningEnabled : 1;
    UCHAR ThinProvisioningReadZeros : 1;
    UCHAR AnchorSupported : 3;
    UCHAR UnmapGranularityAlignmentValid : 1;
    UCHAR Reserved0 : 2;
    UCHAR Reserved1[7];
    ULONGLONG OptimalUnmapGranularity;    /* bytes */
    ULONGLONG UnmapGranularityAlignment;  /* bytes */
    ULONG MaxUnmapLbaCount;
    ULONG MaxUnmapBlockDescriptorCount;
} DEVICE_LB_PROVISIONING_DESCRIPTOR, *PDEVICE_LB_PROVISIONING_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_LB_PROVISIONING_DESCRIPTOR) == 40);
USTOR_LAYOUT_ASSERT(offsetof(DEVICE_LB_PROVISIONING_DESCRIPTOR, OptimalUnmapGranularity) == 16);

#define DEVICE_LB_PROVISIONING_DESCRIPTOR_V1_SIZE \
    RTL_SIZEOF_THROUGH_FIELD(DEVICE_LB_PROVISIONING_DESCRIPTOR, UnmapGranularityAlignment)

typedef struct USTOR_MS_STRUCT _STORAGE_LB_PROVISIONING_MAP_RESOURCES {
    ULONG Size;
    ULONG Version;
    UCHAR AvailableMappingResourcesValid : 1;
    UCHAR UsedMappingResourcesValid : 1;
    UCHAR Reserved0 : 6;
    UCHAR Reserved1[3];
    UCHAR AvailableMappingResourcesScope : 2;
    UCHAR UsedMappingResourcesScope : 2;
    UCHAR Reserved2 : 4;
    UCHAR Reserved3[3];
    ULONGLONG AvailableMappingResources;
    ULONGLONG UsedMappingResources;
} STORAGE_LB_PROVISIONING_MAP_RESOURCES, *PSTORAGE_LB_PROVISIONING_MAP_RESOURCES;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_LB_PROVISIONING_MAP_RESOURCES) == 32);

typedef struct _DEVICE_POWER_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    BOOLEAN DeviceAttentionSupported;
    BOOLEAN AsynchronousNotificationSupported;
    BOOLEAN IdlePowerManagementEnabled;
    BOOLEAN D3ColdEnabled;
    BOOLEAN D3ColdSupported;
    BOOLEAN NoVerifyDuringIdlePower;
    UCHAR Reserved[2];
    ULONG IdleTimeoutInMS;
} DEVICE_POWER_DESCRIPTOR, *PDEVICE_POWER_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_POWER_DESCRIPTOR) == 20);

typedef struct _DEVICE_COPY_OFFLOAD_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG MaximumTokenLifetime;
    ULONG DefaultTokenLifetime;
    ULONGLONG MaximumTransferSize;
    ULONGLONG OptimalTransferCount;
    ULONG MaximumDataDescriptors;
    ULONG MaximumTransferLengthPerDescriptor;
    ULONG OptimalTransferLengthPerDescriptor;
    USHORT OptimalTransferLengthGranularity;
    UCHAR Reserved[2];
} DEVICE_COPY_OFFLOAD_DESCRIPTOR, *PDEVICE_COPY_OFFLOAD_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_COPY_OFFLOAD_DESCRIPTOR) == 48);

typedef struct _STORAGE_DEVICE_RESILIENCY_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG NameOffset;
    ULONG NumberOfLogicalCopies;
    ULONG NumberOfPhysicalCopies;
    ULONG PhysicalDiskRedundancy;
    ULONG NumberOfColumns;
    ULONG Interleave;
} STORAGE_DEVICE_RESILIENCY_DESCRIPTOR, *PSTORAGE_DEVICE_RESILIENCY_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_DEVICE_RESILIENCY_DESCRIPTOR) == 32);

/* ---- StorageMiniportProperty ---- */

typedef enum _STORAGE_PORT_CODE_SET {
    StoragePortCodeSetReserved = 0,
    StoragePortCodeSetStorport = 1,
    StoragePortCodeSetSCSIport = 2,
    StoragePortCodeSetSpaceport = 3,
    StoragePortCodeSetATAport = 4,
    StoragePortCodeSetUSBport = 5,
    StoragePortCodeSetSBP2port = 6,
    StoragePortCodeSetSDport = 7
} STORAGE_PORT_CODE_SET, *PSTORAGE_PORT_CODE_SET;

typedef struct _STORAGE_MINIPORT_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    STORAGE_PORT_CODE_SET Portdriver;
    BOOLEAN LUNResetSupported;
    BOOLEAN TargetResetSupported;
    USHORT IoTimeoutValue;
    BOOLEAN ExtraIoInfoSupported;
    UCHAR Reserved0[3];
    ULONG Reserved1;
} STORAGE_MINIPORT_DESCRIPTOR, *PSTORAGE_MINIPORT_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_MINIPORT_DESCRIPTOR) == 24);

/* ---- StorageDeviceWriteCacheProperty ---- */

typedef enum _WRITE_CACHE_TYPE {
    WriteCacheTypeUnknown,
    WriteCacheTypeNone,
    WriteCacheTypeWriteBack,
    WriteCacheTypeWriteThrough
} WRITE_CACHE_TYPE;

typedef enum _WRITE_CACHE_ENABLE {
    WriteCacheEnableUnknown,
    WriteCacheDisabled,
    WriteCacheEnabled
} WRITE_CACHE_ENABLE;

typedef enum _WRITE_CACHE_CHANGE {
    WriteCacheChangeUnknown,
    WriteCacheNotChangeable,
    WriteCacheChangeable
} WRITE_CACHE_CHANGE;

typedef enum _WRITE_THROUGH {
    WriteThroughUnknown,
    WriteThroughNotSupported,
    WriteThroughSupported
} WRITE_THROUGH;

typedef struct _STORAGE_WRITE_CACHE_PROPERTY {
    ULONG Version;
    ULONG Size;
    WRITE_CACHE_TYPE WriteCacheType;
    WRITE_CACHE_ENABLE WriteCacheEnabled;
    WRITE_CACHE_CHANGE WriteCacheChangeable;
    WRITE_THROUGH WriteThroughSupported;
    BOOLEAN FlushCacheSupported;
    BOOLEAN UserDefinedPowerProtection;
    BOOLEAN NVCacheEnabled;
} STORAGE_WRITE_CACHE_PROPERTY, *PSTORAGE_WRITE_CACHE_PROPERTY;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_WRITE_CACHE_PROPERTY) == 28);

/* ---- newer small descriptors ---- */

typedef struct _STORAGE_DEVICE_IO_CAPABILITY_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG LunMaxIoCount;
    ULONG AdapterMaxIoCount;
} STORAGE_DEVICE_IO_CAPABILITY_DESCRIPTOR, *PSTORAGE_DEVICE_IO_CAPABILITY_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_DEVICE_IO_CAPABILITY_DESCRIPTOR) == 16);

typedef struct _STORAGE_DEVICE_ATTRIBUTES_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG64 Attributes;             /* STORAGE_ATTRIBUTE_* */
} STORAGE_DEVICE_ATTRIBUTES_DESCRIPTOR, *PSTORAGE_DEVICE_ATTRIBUTES_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_DEVICE_ATTRIBUTES_DESCRIPTOR) == 16);

#define STORAGE_ATTRIBUTE_BYTE_ADDRESSABLE_IO     0x01
#define STORAGE_ATTRIBUTE_BLOCK_IO                0x02
#define STORAGE_ATTRIBUTE_DYNAMIC_PERSISTENCE     0x04
#define STORAGE_ATTRIBUTE_VOLATILE                0x08
#define STORAGE_ATTRIBUTE_ASYNC_EVENT_NOTIFICATION 0x10
#define STORAGE_ATTRIBUTE_PERF_SIZE_INDEPENDENT   0x20

#define STORAGE_ADAPTER_SERIAL_NUMBER_V1_MAX_LENGTH 128

typedef struct _STORAGE_ADAPTER_SERIAL_NUMBER {
    ULONG Version;
    ULONG Size;
    WCHAR SerialNumber[STORAGE_ADAPTER_SERIAL_NUMBER_V1_MAX_LENGTH];
} STORAGE_ADAPTER_SERIAL_NUMBER, *PSTORAGE_ADAPTER_SERIAL_NUMBER;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_ADAPTER_SERIAL_NUMBER) == 264);

typedef struct _STORAGE_DEVICE_NUMA_PROPERTY {
    ULONG Version;
    ULONG Size;
    ULONG NumaNode;
} STORAGE_DEVICE_NUMA_PROPERTY, *PSTORAGE_DEVICE_NUMA_PROPERTY;

#define STORAGE_DEVICE_NUMA_NODE_UNKNOWN MAXULONG

typedef struct _STORAGE_DEVICE_UNSAFE_SHUTDOWN_COUNT {
    ULONG Version;
    ULONG Size;
    ULONG UnsafeShutdownCount;
} STORAGE_DEVICE_UNSAFE_SHUTDOWN_COUNT, *PSTORAGE_DEVICE_UNSAFE_SHUTDOWN_COUNT;

typedef struct USTOR_MS_STRUCT _STORAGE_HW_ENDURANCE_INFO {
    ULONG ValidFields;
    ULONG GroupId;
    struct USTOR_MS_STRUCT {
        ULONG Shared : 1;
        ULONG Reserved : 31;
    } Flags;
    ULONG LifePercentage;
    UCHAR BytesReadCount[16];
    UCHAR ByteWriteCount[16];
} STORAGE_HW_ENDURANCE_INFO, *PSTORAGE_HW_ENDURANCE_INFO;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_HW_ENDURANCE_INFO) == 48);

typedef struct _STORAGE_HW_ENDURANCE_DATA_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    STORAGE_HW_ENDURANCE_INFO EnduranceInfo;
} STORAGE_HW_ENDURANCE_DATA_DESCRIPTOR, *PSTORAGE_HW_ENDURANCE_DATA_DESCRIPTOR;

/* ---- StorageAdapterRpmbProperty ---- */

typedef enum _STORAGE_RPMB_FRAME_TYPE {
    StorageRpmbFrameTypeUnknown = 0,
    StorageRpmbFrameTypeStandard,
    StorageRpmbFrameTypeMax
} STORAGE_RPMB_FRAME_TYPE, *PSTORAGE_RPMB_FRAME_TYPE;

#define STORAGE_RPMB_DESCRIPTOR_VERSION_1 1
#define STORAGE_RPMB_MINIMUM_RELIABLE_WRITE_SIZE 512

typedef struct _STORAGE_RPMB_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG SizeInBytes;
    ULONG MaxReliableWriteSizeInBytes;
    STORAGE_RPMB_FRAME_TYPE FrameFormat;
} STORAGE_RPMB_DESCRIPTOR, *PSTORAGE_RPMB_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_RPMB_DESCRIPTOR) == 20);

typedef enum _STORAGE_RPMB_COMMAND_TYPE {
    StorRpmbProgramAuthKey = 0x00000001,
    StorRpmbQueryWriteCounter = 0x00000002,
    StorRpmbAuthenticatedWrite = 0x00000003,
    StorRpmbAuthenticatedRead = 0x00000004,
    StorRpmbReadResultRequest = 0x00000005,
    StorRpmbAuthenticatedDeviceConfigWrite = 0x00000006,
    StorRpmbAuthenticatedDeviceConfigRead = 0x00000007
} STORAGE_RPMB_COMMAND_TYPE, *PSTORAGE_RPMB_COMMAND_TYPE;

/* One 512-byte RPMB frame as JEDEC lays it out (big-endian fields). */
typedef struct _STORAGE_RPMB_DATA_FRAME {
    UCHAR Stuff[196];
    UCHAR KeyOrMAC[32];
    UCHAR Data[256];
    UCHAR Nonce[16];
    UCHAR WriteCounter[4];
    UCHAR Address[2];
    UCHAR BlockCount[2];
    UCHAR OperationResult[2];
    UCHAR RequestOrResponseType[2];
} STORAGE_RPMB_DATA_FRAME, *PSTORAGE_RPMB_DATA_FRAME;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_RPMB_DATA_FRAME) == 512);

/* ---- StorageAdapterCryptoProperty ---- */

typedef enum _STORAGE_CRYPTO_ALGORITHM_ID {
    StorageCryptoAlgorithmUnknown = 0,
    StorageCryptoAlgorithmXTSAES = 1,
    StorageCryptoAlgorithmBitlockerAESCBC,
    StorageCryptoAlgorithmAESECB,
    StorageCryptoAlgorithmESSIVAESCBC,
    StorageCryptoAlgorithmMax
} STORAGE_CRYPTO_ALGORITHM_ID, *PSTORAGE_CRYPTO_ALGORITHM_ID;

typedef enum _STORAGE_CRYPTO_KEY_SIZE {
    StorageCryptoKeySizeUnknown = 0,
    StorageCryptoKeySize128Bits = 1,
    StorageCryptoKeySize192Bits,
    StorageCryptoKeySize256Bits,
    StorageCryptoKeySize512Bits
} STORAGE_CRYPTO_KEY_SIZE, *PSTORAGE_CRYPTO_KEY_SIZE;

#define STORAGE_CRYPTO_CAPABILITY_VERSION_1 1
#define STORAGE_CRYPTO_DESCRIPTOR_VERSION_1 1

typedef struct _STORAGE_CRYPTO_CAPABILITY {
    ULONG Version;
    ULONG Size;
    ULONG CryptoCapabilityIndex;
    STORAGE_CRYPTO_ALGORITHM_ID AlgorithmId;
    STORAGE_CRYPTO_KEY_SIZE KeySize;
    ULONG DataUnitSizeBitmask;
} STORAGE_CRYPTO_CAPABILITY, *PSTORAGE_CRYPTO_CAPABILITY;
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_CRYPTO_CAPABILITY) == 24);

typedef struct _STORAGE_CRYPTO_DESCRIPTOR {
    ULONG Version;
    ULONG Size;
    ULONG NumKeysSupported;
    ULONG NumCryptoCapabilities;
    STORAGE_CRYPTO_CAPABILITY CryptoCapabilities[ANYSIZE_ARRAY];
} STORAGE_CRYPTO_DESCRIPTOR, *PSTORAGE_CRYPTO_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(offsetof(STORAGE_CRYPTO_DESCRIPTOR, CryptoCapabilities) == 16);

/* Sizes of the remaining fixed descriptors and enums (x64). */
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_PROPERTY_ID) == 4 && sizeof(STORAGE_QUERY_TYPE) == 4);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_MEDIUM_PRODUCT_TYPE_DESCRIPTOR) == 12);
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_WRITE_AGGREGATION_DESCRIPTOR) == 12);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_DEVICE_NUMA_PROPERTY) == 12 && sizeof(STORAGE_DEVICE_UNSAFE_SHUTDOWN_COUNT) == 12);
USTOR_LAYOUT_ASSERT(sizeof(STORAGE_HW_ENDURANCE_DATA_DESCRIPTOR) == 56);

#endif /* USTOR_IOCTL_STORAGE_PROPERTY_H */
