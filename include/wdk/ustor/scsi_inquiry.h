/*
 * ustor/scsi_inquiry.h - INQUIRY data: the standard INQUIRYDATA, peripheral device types
 * and qualifiers, and the vital product data pages a disk miniport serves (supported
 * pages 0x00, unit serial number 0x80, device identification 0x83 with its descriptors,
 * extended INQUIRY 0x86, ATA information 0x89, block limits 0xB0, block device
 * characteristics 0xB1, logical block provisioning 0xB2). Layouts follow SPC-5/SBC-4
 * and SAT; field names are the WDK's. Variable tails are zero-length arrays, as in the WDK.
 * Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_INQUIRY_H
#define USTOR_SCSI_INQUIRY_H

#include "nt_base.h"

/* ---- peripheral device types (INQUIRYDATA.DeviceType) ---- */
#define DIRECT_ACCESS_DEVICE                0x00
#define SEQUENTIAL_ACCESS_DEVICE            0x01
#define PRINTER_DEVICE                      0x02
#define PROCESSOR_DEVICE                    0x03
#define WRITE_ONCE_READ_MULTIPLE_DEVICE     0x04
#define READ_ONLY_DIRECT_ACCESS_DEVICE      0x05
#define SCANNER_DEVICE                      0x06
#define OPTICAL_DEVICE                      0x07
#define MEDIUM_CHANGER                      0x08
#define COMMUNICATION_DEVICE                0x09
#define ARRAY_CONTROLLER_DEVICE             0x0C
#define SCSI_ENCLOSURE_DEVICE               0x0D
#define REDUCED_BLOCK_DEVICE                0x0E
#define OPTICAL_CARD_READER_WRITER_DEVICE   0x0F
#define BRIDGE_CONTROLLER_DEVICE            0x10
#define OBJECT_BASED_STORAGE_DEVICE         0x11
#define HOST_MANAGED_ZONED_BLOCK_DEVICE     0x14
#define UNKNOWN_OR_NO_DEVICE                0x1F
#define LOGICAL_UNIT_NOT_PRESENT_DEVICE     0x7F

/* ---- peripheral qualifier (INQUIRYDATA.DeviceTypeQualifier) ---- */
#define DEVICE_QUALIFIER_ACTIVE             0x00
#define DEVICE_QUALIFIER_NOT_ACTIVE         0x01
#define DEVICE_QUALIFIER_NOT_SUPPORTED      0x03
#define DEVICE_CONNECTED                    0x00

/* The standard INQUIRY response up to and including ProductRevisionLevel. */
#define INQUIRYDATABUFFERSIZE 36

/* The INQUIRY data structures are byte-packed, as in the WDK. */
#pragma pack(push, 1)

/* A version descriptor (standard number and revision), big-endian. */
typedef USHORT VERSION_DESCRIPTOR, *PVERSION_DESCRIPTOR;

#define VER_DESCRIPTOR_1667_NOVERSION   0xFFC0
#define VER_DESCRIPTOR_1667_2006        0xFFC1
#define VER_DESCRIPTOR_1667_2009        0xFFC2

typedef struct USTOR_MS_STRUCT _INQUIRYDATA {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    union {
        struct USTOR_MS_STRUCT {
            UCHAR DeviceTypeModifier : 7;
            UCHAR ReservedField1 : 1;
        };
        struct USTOR_MS_STRUCT {
            UCHAR ReservedField2 : 4;
            UCHAR HotPluggable : 2;
            UCHAR LU_CONG : 1;
            UCHAR RemovableMedia : 1;
        };
    };
    union {
        UCHAR Versions;
        struct USTOR_MS_STRUCT {
            UCHAR ANSIVersion : 3;
            UCHAR ECMAVersion : 3;
            UCHAR ISOVersion : 2;
        };
    };
    UCHAR ResponseDataFormat : 4;
    UCHAR HiSupport : 1;
    UCHAR NormACA : 1;
    UCHAR TerminateTask : 1;
    UCHAR AERC : 1;
    UCHAR AdditionalLength;
    union {
        UCHAR Reserved;
        struct USTOR_MS_STRUCT {
            UCHAR PROTECT : 1;
            UCHAR Reserved_1 : 2;
            UCHAR ThirdPartyCoppy : 1;
            UCHAR TPGS : 2;
            UCHAR ACC : 1;
            UCHAR SCCS : 1;
        };
    };
    UCHAR Addr16 : 1;
    UCHAR Addr32 : 1;
    UCHAR AckReqQ : 1;
    UCHAR MediumChanger : 1;
    UCHAR MultiPort : 1;
    UCHAR ReservedBit2 : 1;
    UCHAR EnclosureServices : 1;
    UCHAR ReservedBit3 : 1;
    UCHAR SoftReset : 1;
    UCHAR CommandQueue : 1;
    UCHAR TransferDisable : 1;
    UCHAR LinkedCommands : 1;
    UCHAR Synchronous : 1;
    UCHAR Wide16Bit : 1;
    UCHAR Wide32Bit : 1;
    UCHAR RelativeAddressing : 1;
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    UCHAR ProductRevisionLevel[4];
    UCHAR VendorSpecific[20];
    UCHAR Reserved3[2];
    VERSION_DESCRIPTOR VersionDescriptors[8];
    UCHAR Reserved4[30];
} INQUIRYDATA, *PINQUIRYDATA;
USTOR_LAYOUT_ASSERT(sizeof(INQUIRYDATA) == 104 && _Alignof(INQUIRYDATA) == 1);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, Versions) == 2);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, AdditionalLength) == 4);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, Reserved) == 5);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, VendorId) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, ProductRevisionLevel) == 32);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, VendorSpecific) == INQUIRYDATABUFFERSIZE);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(INQUIRYDATA, VersionDescriptors) == 58);

/* ---- VPD page codes ---- */
#define VPD_MAX_BUFFER_SIZE                     0xFF
#define VPD_SUPPORTED_PAGES                     0x00
#define VPD_SERIAL_NUMBER                       0x80
#define VPD_DEVICE_IDENTIFIERS                  0x83
#define VPD_MEDIA_SERIAL_NUMBER                 0x84
#define VPD_SOFTWARE_INTERFACE_IDENTIFIERS      0x84
#define VPD_NETWORK_MANAGEMENT_ADDRESSES        0x85
#define VPD_EXTENDED_INQUIRY_DATA               0x86
#define VPD_MODE_PAGE_POLICY                    0x87
#define VPD_SCSI_PORTS                          0x88
#define VPD_ATA_INFORMATION                     0x89
#define VPD_THIRD_PARTY_COPY                    0x8F
#define VPD_BLOCK_LIMITS                        0xB0
#define VPD_BLOCK_DEVICE_CHARACTERISTICS        0xB1
#define VPD_LOGICAL_BLOCK_PROVISIONING          0xB2
#define VPD_ZONED_BLOCK_DEVICE_CHARACTERISTICS  0xB6

/* ---- pages with a one-byte length (header: type, code, reserved, length) ---- */
typedef struct USTOR_MS_STRUCT _VPD_SUPPORTED_PAGES_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR SupportedPageList[0];
} VPD_SUPPORTED_PAGES_PAGE, *PVPD_SUPPORTED_PAGES_PAGE;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_SUPPORTED_PAGES_PAGE, SupportedPageList) == 4);

typedef struct USTOR_MS_STRUCT _VPD_SERIAL_NUMBER_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR SerialNumber[0];
} VPD_SERIAL_NUMBER_PAGE, *PVPD_SERIAL_NUMBER_PAGE;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_SERIAL_NUMBER_PAGE, SerialNumber) == 4);

typedef struct USTOR_MS_STRUCT _VPD_MEDIA_SERIAL_NUMBER_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR SerialNumber[0];
} VPD_MEDIA_SERIAL_NUMBER_PAGE, *PVPD_MEDIA_SERIAL_NUMBER_PAGE;

/* ---- device identification page (0x83) ---- */
typedef enum _VPD_CODE_SET {
    VpdCodeSetReserved = 0,
    VpdCodeSetBinary = 1,
    VpdCodeSetAscii = 2,
    VpdCodeSetUTF8 = 3
} VPD_CODE_SET, *PVPD_CODE_SET;

typedef enum _VPD_ASSOCIATION {
    VpdAssocDevice = 0,
    VpdAssocPort = 1,
    VpdAssocTarget = 2,
    VpdAssocReserved1 = 3,
    VpdAssocReserved2 = 4
} VPD_ASSOCIATION, *PVPD_ASSOCIATION;

typedef enum _VPD_IDENTIFIER_TYPE {
    VpdIdentifierTypeVendorSpecific = 0,
    VpdIdentifierTypeVendorId = 1,
    VpdIdentifierTypeEUI64 = 2,
    VpdIdentifierTypeFCPHName = 3,
    VpdIdentifierTypePortRelative = 4,
    VpdIdentifierTypeTargetPortGroup = 5,
    VpdIdentifierTypeLogicalUnitGroup = 6,
    VpdIdentifierTypeMD5LogicalUnitId = 7,
    VpdIdentifierTypeSCSINameString = 8
} VPD_IDENTIFIER_TYPE, *PVPD_IDENTIFIER_TYPE;

typedef struct USTOR_MS_STRUCT _VPD_IDENTIFICATION_DESCRIPTOR {
    UCHAR CodeSet : 4;
    UCHAR Reserved : 4;
    UCHAR IdentifierType : 4;
    UCHAR Association : 2;
    UCHAR Reserved2 : 2;
    UCHAR Reserved3;
    UCHAR IdentifierLength;
    UCHAR Identifier[0];
} VPD_IDENTIFICATION_DESCRIPTOR, *PVPD_IDENTIFICATION_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(VPD_IDENTIFICATION_DESCRIPTOR) == 4);

typedef struct USTOR_MS_STRUCT _VPD_IDENTIFICATION_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR Descriptors[0];
} VPD_IDENTIFICATION_PAGE, *PVPD_IDENTIFICATION_PAGE;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_IDENTIFICATION_PAGE, Descriptors) == 4);

/* ---- extended INQUIRY data page (0x86) ---- */
typedef struct USTOR_MS_STRUCT _VPD_EXTENDED_INQUIRY_DATA_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    UCHAR RefChk : 1;
    UCHAR AppChk : 1;
    UCHAR GrdChk : 1;
    UCHAR Spt : 3;
    UCHAR ActivateMicrocode : 2;
    UCHAR SimpSup : 1;
    UCHAR OrdSup : 1;
    UCHAR HeadSup : 1;
    UCHAR PriorSup : 1;
    UCHAR GroupSup : 1;
    UCHAR UaskSup : 1;
    UCHAR Reserved0 : 2;
    UCHAR VSup : 1;
    UCHAR NvSup : 1;
    UCHAR Obsolete0 : 1;
    UCHAR WuSup : 1;
    UCHAR Reserved1 : 4;
    UCHAR LuiClr : 1;
    UCHAR Reserved2 : 3;
    UCHAR PiiSup : 1;
    UCHAR NoPiChk : 1;
    UCHAR Reserved3 : 2;
    UCHAR Obsolete1 : 1;
    UCHAR HssRelef : 1;
    UCHAR Reserved4 : 1;
    UCHAR RtdSup : 1;
    UCHAR RSup : 1;
    UCHAR LuCollectionType : 3;
    UCHAR Multi_i_t_Nexus_Microcode_Download : 4;
    UCHAR Reserved5 : 4;
    UCHAR ExtendedSelfTestCompletionMinutes[2];
    UCHAR Reserved6 : 5;
    UCHAR VsaSup : 1;
    UCHAR HraSup : 1;
    UCHAR PoaSup : 1;
    UCHAR MaxSupportedSenseDataLength;
    UCHAR Nrd0 : 1;
    UCHAR Nrd1 : 1;
    UCHAR Sac : 1;
    UCHAR Reserved7 : 3;
    UCHAR Ias : 1;
    UCHAR Ibs : 1;
    UCHAR MaxInquiryChangeLogs[2];
    UCHAR MaxModePageChangeLogs[2];
    UCHAR Reserved8[45];
} VPD_EXTENDED_INQUIRY_DATA_PAGE, *PVPD_EXTENDED_INQUIRY_DATA_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(VPD_EXTENDED_INQUIRY_DATA_PAGE) == 64);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_EXTENDED_INQUIRY_DATA_PAGE, ExtendedSelfTestCompletionMinutes) == 10);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_EXTENDED_INQUIRY_DATA_PAGE, MaxSupportedSenseDataLength) == 13);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_EXTENDED_INQUIRY_DATA_PAGE, MaxInquiryChangeLogs) == 15);

/* ---- ATA information page (0x89, SAT) ---- */
typedef struct USTOR_MS_STRUCT _VPD_ATA_INFORMATION_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    UCHAR Reserved0[4];
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    UCHAR ProductRevisionLevel[4];
    UCHAR DeviceSignature[20];
    UCHAR CommandCode;
    UCHAR Reserved1[3];
    UCHAR IdentifyDeviceData[512];
} VPD_ATA_INFORMATION_PAGE, *PVPD_ATA_INFORMATION_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(VPD_ATA_INFORMATION_PAGE) == 572);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_ATA_INFORMATION_PAGE, DeviceSignature) == 36);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_ATA_INFORMATION_PAGE, IdentifyDeviceData) == 60);

/* ---- block limits page (0xB0, SBC-4) ---- */
typedef struct USTOR_MS_STRUCT _VPD_BLOCK_LIMITS_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    union {
        struct USTOR_MS_STRUCT {
            UCHAR Reserved0;
            UCHAR MaximumCompareAndWriteLength;
            UCHAR OptimalTransferLengthGranularity[2];
            UCHAR MaximumTransferLength[4];
            UCHAR OptimalTransferLength[4];
            UCHAR MaxPrefetchXDReadXDWriteTransferLength[4];
            UCHAR MaximumUnmapLBACount[4];
            UCHAR MaximumUnmapBlockDescriptorCount[4];
            UCHAR OptimalUnmapGranularity[4];
            union {
                struct USTOR_MS_STRUCT {
                    UCHAR UnmapGranularityAlignmentByte3 : 7;
                    UCHAR UGAValid : 1;
                    UCHAR UnmapGranularityAlignmentByte2;
                    UCHAR UnmapGranularityAlignmentByte1;
                    UCHAR UnmapGranularityAlignmentByte0;
                };
                UCHAR UnmapGranularityAlignment[4];
            };
            UCHAR Reserved1[28];
        };
        UCHAR Descriptors[0];
    };
} VPD_BLOCK_LIMITS_PAGE, *PVPD_BLOCK_LIMITS_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(VPD_BLOCK_LIMITS_PAGE) == 64);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_BLOCK_LIMITS_PAGE, MaximumTransferLength) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_BLOCK_LIMITS_PAGE, MaximumUnmapLBACount) == 20);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_BLOCK_LIMITS_PAGE, UnmapGranularityAlignment) == 32);

/* ---- block device characteristics page (0xB1, SBC-4) ---- */
typedef struct USTOR_MS_STRUCT _VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR Reserved0;
    UCHAR PageLength;
    UCHAR MediumRotationRateMsb;
    UCHAR MediumRotationRateLsb;
    UCHAR MediumProductType;
    UCHAR NominalFormFactor : 4;
    UCHAR WACEREQ : 2;
    UCHAR WABEREQ : 2;
    UCHAR VBULS : 1;
    UCHAR FUAB : 1;
    UCHAR BOCS : 1;
    UCHAR Reserved1 : 1;
    UCHAR ZONED : 2;
    UCHAR Reserved2 : 2;
    UCHAR Reserved3[3];
    UCHAR DepopulationTime[4];
    UCHAR Reserved4[48];
} VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE, *PVPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE) == 64);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE, MediumRotationRateMsb) == 4);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE, DepopulationTime) == 12);

/* Medium rotation rates (B1 bytes 4-5). */
#define NOMINAL_MEDIUM_ROTATION_RATE_NOT_REPORTED   0x0000
#define NOMINAL_MEDIUM_ROTATION_RATE_NON_ROTATING   0x0001

/* ---- logical block provisioning page (0xB2, SBC-4) ---- */
#define PROVISIONING_TYPE_UNKNOWN   0x0
#define PROVISIONING_TYPE_RESOURCE  0x1
#define PROVISIONING_TYPE_THIN      0x2

typedef struct USTOR_MS_STRUCT _VPD_LOGICAL_BLOCK_PROVISIONING_PAGE {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    UCHAR ThresholdExponent;
    UCHAR DP : 1;
    UCHAR ANC_SUP : 1;
    UCHAR LBPRZ : 1;
    UCHAR Reserved0 : 2;
    UCHAR LBPWS10 : 1;
    UCHAR LBPWS : 1;
    UCHAR LBPU : 1;
    UCHAR ProvisioningType : 3;
    UCHAR Reserved1 : 5;
    UCHAR Reserved2;
    UCHAR ProvisioningGroupDescr[0];
} VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, *PVPD_LOGICAL_BLOCK_PROVISIONING_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(VPD_LOGICAL_BLOCK_PROVISIONING_PAGE) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, ThresholdExponent) == 4);

#pragma pack(pop)

#endif /* USTOR_SCSI_INQUIRY_H */
