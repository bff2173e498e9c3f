/*
 * ata.h - ATA/SATA definitions for port and miniport drivers: IDENTIFY data,
 * the register FIS, general-purpose log pages, command opcodes, SET FEATURES
 * subcommands, status/error register bits, SMART subcommands, log addresses,
 * device signatures and ZAC zone constants, with the WDK's names and values
 * (ACS-3/ACS-4, SATA 3.x).
 * Leaves out nothing a miniport names from the WDK ata.h as far as we know;
 * the SMART IOCTL structures (SENDCMDINPARAMS...) are ntdddisk.h's, not ours.
 */
#ifndef _NTATA_
#define _NTATA_

#include "ustor/nt_base.h"
#include "ustor/ata_identify.h"
#include "ustor/ata_log.h"

#pragma pack(push, 1)

/* Host-to-device register FIS (type 27h), 20 bytes. */
typedef struct USTOR_MS_STRUCT _REGISTER_FIS {
    UCHAR FisType;
    UCHAR Reserved0 : 7;
    UCHAR CmdReg : 1;
    UCHAR Command;
    UCHAR Features;
    UCHAR SectorNumber;
    UCHAR CylinderLow;
    UCHAR CylinderHigh;
    UCHAR DeviceHead;
    UCHAR SectorNumberExp;
    UCHAR CylinderLowExp;
    UCHAR CylinderHighExp;
    UCHAR FeaturesExp;
    UCHAR SectorCount;
    UCHAR SectorCountExp;
    UCHAR Reserved2;
    UCHAR Control;
    ULONG Reserved3;
} REGISTER_FIS, *PREGISTER_FIS;
USTOR_LAYOUT_ASSERT(sizeof(REGISTER_FIS) == 20);
USTOR_LAYOUT_ASSERT(offsetof(REGISTER_FIS, SectorCount) == 12);

/* The hybrid-information byte carried in the auxiliary field of NCQ commands. */
typedef union USTOR_MS_STRUCT _ATA_HYBRID_INFO_FIELDS {
    struct USTOR_MS_STRUCT {
        UCHAR HybridPriority : 4;
        UCHAR Reserved0 : 1;
        UCHAR InfoValid : 1;
        UCHAR Reserved1 : 2;
    };
    UCHAR AsUchar;
} ATA_HYBRID_INFO_FIELDS, *PATA_HYBRID_INFO_FIELDS;
USTOR_LAYOUT_ASSERT(sizeof(ATA_HYBRID_INFO_FIELDS) == 1);

/* SECURITY SET PASSWORD data block, one sector. */
typedef struct USTOR_MS_STRUCT _DEVICE_SET_PASSWORD {
    struct USTOR_MS_STRUCT {
        USHORT PasswordIdentifier : 1;
        USHORT Reserved1 : 7;
        USHORT MasterPasswordCapability : 1;
        USHORT Reserved2 : 7;
    } ControlWord;
    USHORT Password[16];
    USHORT MasterPasswordIdentifier;
    USHORT Reserved[238];
} DEVICE_SET_PASSWORD, *PDEVICE_SET_PASSWORD;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_SET_PASSWORD) == 512);

#pragma pack(pop)

/* ATAPI opcodes the port translates. */
#define ATAPI_MODE_SENSE        0x5A
#define ATAPI_MODE_SELECT       0x55
#define ATAPI_LS120_FORMAT_UNIT 0x24

/* Device/head register: LBA addressing. */
#define IDE_LBA_MODE (1 << 6)

/* Device control register bits. */
#define IDE_DC_DISABLE_INTERRUPTS  0x02
#define IDE_DC_RESET_CONTROLLER    0x04
#define IDE_DC_REENABLE_CONTROLLER 0x00

/* Status register bits. */
#define IDE_STATUS_ERROR           0x01
#define IDE_STATUS_INDEX           0x02
#define IDE_STATUS_CORRECTED_ERROR 0x04
#define IDE_STATUS_DRQ             0x08
#define IDE_STATUS_DSC             0x10
#define IDE_STATUS_DEVICE_FAULT    0x20
#define IDE_STATUS_DRDY            0x40
#define IDE_STATUS_IDLE            0x50
#define IDE_STATUS_BUSY            0x80

/* Error register bits (two bits carry two names each). */
#define IDE_ERROR_BAD_BLOCK         0x80
#define IDE_ERROR_CRC_ERROR         IDE_ERROR_BAD_BLOCK
#define IDE_ERROR_DATA_ERROR        0x40
#define IDE_ERROR_MEDIA_CHANGE      0x20
#define IDE_ERROR_ID_NOT_FOUND      0x10
#define IDE_ERROR_MEDIA_CHANGE_REQ  0x08
#define IDE_ERROR_COMMAND_ABORTED   0x04
#define IDE_ERROR_END_OF_MEDIA      0x02
#define IDE_ERROR_ILLEGAL_LENGTH    0x01
#define IDE_ERROR_ADDRESS_NOT_FOUND IDE_ERROR_ILLEGAL_LENGTH

/* Command opcodes. */
#define IDE_COMMAND_NOP                         0x00
#define IDE_COMMAND_DATA_SET_MANAGEMENT         0x06
#define IDE_COMMAND_ATAPI_RESET                 0x08
#define IDE_COMMAND_GET_PHYSICAL_ELEMENT_STATUS 0x12
#define IDE_COMMAND_READ                        0x20
#define IDE_COMMAND_READ_EXT                    0x24
#define IDE_COMMAND_READ_DMA_EXT                0x25
#define IDE_COMMAND_READ_DMA_QUEUED_EXT         0x26
#define IDE_COMMAND_READ_MULTIPLE_EXT           0x29
#define IDE_COMMAND_READ_LOG_EXT                0x2f
#define IDE_COMMAND_WRITE                       0x30
#define IDE_COMMAND_WRITE_EXT                   0x34
#define IDE_COMMAND_WRITE_DMA_EXT               0x35
#define IDE_COMMAND_WRITE_DMA_QUEUED_EXT        0x36
#define IDE_COMMAND_WRITE_MULTIPLE_EXT          0x39
#define IDE_COMMAND_WRITE_DMA_FUA_EXT           0x3D
#define IDE_COMMAND_WRITE_DMA_QUEUED_FUA_EXT    0x3E
#define IDE_COMMAND_WRITE_LOG_EXT               0x3F
#define IDE_COMMAND_VERIFY                      0x40
#define IDE_COMMAND_VERIFY_EXT                  0x42
#define IDE_COMMAND_ZAC_MANAGEMENT_IN           0x4A
#define IDE_COMMAND_WRITE_LOG_DMA_EXT           0x57
#define IDE_COMMAND_TRUSTED_NON_DATA            0x5B
#define IDE_COMMAND_TRUSTED_RECEIVE             0x5C
#define IDE_COMMAND_TRUSTED_RECEIVE_DMA         0x5D
#define IDE_COMMAND_TRUSTED_SEND                0x5E
#define IDE_COMMAND_TRUSTED_SEND_DMA            0x5F
#define IDE_COMMAND_READ_FPDMA_QUEUED           0x60
#define IDE_COMMAND_WRITE_FPDMA_QUEUED          0x61
#define IDE_COMMAND_NCQ_NON_DATA                0x63
#define IDE_COMMAND_SEND_FPDMA_QUEUED           0x64
#define IDE_COMMAND_RECEIVE_FPDMA_QUEUED        0x65
#define IDE_COMMAND_SET_DATE_AND_TIME           0x77
#define IDE_COMMAND_REMOVE_ELEMENT_AND_TRUNCATE 0x7C
#define IDE_COMMAND_EXECUTE_DEVICE_DIAGNOSTIC   0x90
#define IDE_COMMAND_SET_DRIVE_PARAMETERS        0x91
#define IDE_COMMAND_DOWNLOAD_MICROCODE          0x92
#define IDE_COMMAND_DOWNLOAD_MICROCODE_DMA      0x93
#define IDE_COMMAND_ZAC_MANAGEMENT_OUT          0x9F
#define IDE_COMMAND_ATAPI_PACKET                0xA0
#define IDE_COMMAND_ATAPI_IDENTIFY              0xA1
#define IDE_COMMAND_SMART                       0xB0
#define IDE_COMMAND_READ_LOG_DMA_EXT            0xB1
#define IDE_COMMAND_SANITIZE_DEVICE             0xB4
#define IDE_COMMAND_READ_MULTIPLE               0xC4
#define IDE_COMMAND_WRITE_MULTIPLE              0xC5
#define IDE_COMMAND_SET_MULTIPLE                0xC6
#define IDE_COMMAND_READ_DMA                    0xC8
#define IDE_COMMAND_WRITE_DMA                   0xCA
#define IDE_COMMAND_WRITE_DMA_QUEUED            0xCC
#define IDE_COMMAND_WRITE_MULTIPLE_FUA_EXT      0xCE
#define IDE_COMMAND_GET_MEDIA_STATUS            0xDA
#define IDE_COMMAND_DOOR_LOCK                   0xDE
#define IDE_COMMAND_DOOR_UNLOCK                 0xDF
#define IDE_COMMAND_STANDBY_IMMEDIATE           0xE0
#define IDE_COMMAND_IDLE_IMMEDIATE              0xE1
#define IDE_COMMAND_CHECK_POWER                 0xE5
#define IDE_COMMAND_SLEEP                       0xE6
#define IDE_COMMAND_FLUSH_CACHE                 0xE7
#define IDE_COMMAND_FLUSH_CACHE_EXT             0xEA
#define IDE_COMMAND_IDENTIFY                    0xEC
#define IDE_COMMAND_MEDIA_EJECT                 0xED
#define IDE_COMMAND_SET_FEATURE                 0xEF
#define IDE_COMMAND_SECURITY_SET_PASSWORD       0xF1
#define IDE_COMMAND_SECURITY_UNLOCK             0xF2
#define IDE_COMMAND_SECURITY_ERASE_PREPARE      0xF3
#define IDE_COMMAND_SECURITY_ERASE_UNIT         0xF4
#define IDE_COMMAND_SECURITY_FREEZE_LOCK        0xF5
#define IDE_COMMAND_SECURITY_DISABLE_PASSWORD   0xF6
#define IDE_COMMAND_NOT_VALID                   0xFF

/* SET FEATURES "set transfer mode" count values. */
#define IDE_SET_DEFAULT_PIO_MODE(mode) ((UCHAR)1)
#define IDE_SET_ADVANCE_PIO_MODE(mode) ((UCHAR)((1 << 3) | (mode)))
#define IDE_SET_SWDMA_MODE(mode)       ((UCHAR)((1 << 4) | (mode)))
#define IDE_SET_MWDMA_MODE(mode)       ((UCHAR)((1 << 5) | (mode)))
#define IDE_SET_UDMA_MODE(mode)        ((UCHAR)((1 << 6) | (mode)))

/* SET FEATURES subcommands (features register). */
#define IDE_FEATURE_ENABLE_WRITE_CACHE         0x2
#define IDE_FEATURE_SET_TRANSFER_MODE          0x3
#define IDE_FEATURE_ENABLE_PUIS                0x6
#define IDE_FEATURE_PUIS_SPIN_UP               0x7
#define IDE_FEATURE_ENABLE_SATA_FEATURE        0x10
#define IDE_FEATURE_DISABLE_MSN                0x31
#define IDE_FEATURE_DISABLE_REVERT_TO_POWER_ON 0x66
#define IDE_FEATURE_DISABLE_WRITE_CACHE        0x82
#define IDE_FEATURE_DISABLE_PUIS               0x86
#define IDE_FEATURE_DISABLE_SATA_FEATURE       0x90
#define IDE_FEATURE_ENABLE_MSN                 0x95

/* SATA features for ENABLE/DISABLE_SATA_FEATURE (count register). */
#define IDE_SATA_FEATURE_NON_ZERO_DMA_BUFFER_OFFSET        0x1
#define IDE_SATA_FEATURE_DMA_SETUP_FIS_AUTO_ACTIVATE       0x2
#define IDE_SATA_FEATURE_DEVICE_INITIATED_POWER_MANAGEMENT 0x3
#define IDE_SATA_FEATURE_GUARANTEED_IN_ORDER_DELIVERY      0x4
#define IDE_SATA_FEATURE_ASYNCHRONOUS_NOTIFICATION         0x5
#define IDE_SATA_FEATURE_SOFTWARE_SETTINGS_PRESERVATION    0x6
#define IDE_SATA_FEATURE_DEVICE_AUTO_PARTIAL_TO_SLUMBER    0x7
#define IDE_SATA_FEATURE_ENABLE_HARDWARE_FEATURE_CONTROL   0x8
#define IDE_SATA_FEATURE_DEVSLP                            0x9
#define IDE_SATA_FEATURE_HYBRID_INFORMATION                0xA

/* SMART subcommands (features register of IDE_COMMAND_SMART). */
#define IDE_SMART_READ_ATTRIBUTES              0xD0
#define IDE_SMART_READ_THRESHOLDS              0xD1
#define IDE_SMART_ENABLE_DISABLE_AUTOSAVE      0xD2
#define IDE_SMART_SAVE_ATTRIBUTE_VALUES        0xD3
#define IDE_SMART_EXECUTE_OFFLINE_DIAGS        0xD4
#define IDE_SMART_READ_LOG                     0xD5
#define IDE_SMART_WRITE_LOG                    0xD6
#define IDE_SMART_ENABLE                       0xD8
#define IDE_SMART_DISABLE                      0xD9
#define IDE_SMART_RETURN_STATUS                0xDA
#define IDE_SMART_ENABLE_DISABLE_AUTO_OFFLINE  0xDB

/* DATA SET MANAGEMENT features. */
#define IDE_DSM_FEATURE_TRIM 0x0001

/* NCQ NON-DATA (63h) and SEND FPDMA QUEUED (64h) subcommands. */
#define IDE_NCQ_NON_DATA_ABORT_NCQ_QUEUE            0x00
#define IDE_NCQ_NON_DATA_DEADLINE_HANDLING          0x01
#define IDE_NCQ_NON_DATA_HYBRID_CHANGE_BY_SIZE      0x02
#define IDE_NCQ_NON_DATA_HYBRID_DEMOTE_BY_SIZE      0x02
#define IDE_NCQ_NON_DATA_HYBRID_CHANGE_BY_LBA_RANGE 0x03
#define IDE_NCQ_NON_DATA_HYBRID_CONTROL             0x04
#define IDE_NCQ_SEND_DATA_SET_MANAGEMENT            0x00
#define IDE_NCQ_SEND_HYBRID_EVICT                   0x01

/* SECURITY SET PASSWORD identifier. */
#define ATA_DEVICE_SET_PASSWORD_MASTER 0x01
#define ATA_DEVICE_SET_PASSWORD_USER   0x00

/* General-purpose log addresses. */
#define IDE_GP_LOG_DIRECTORY_ADDRESS              0x00
#define IDE_GP_SUMMARY_SMART_ERROR                0x01
#define IDE_GP_COMPREHENSIVE_SMART_ERROR          0x02
#define IDE_GP_EXTENDED_COMPREHENSIVE_SMART_ERROR 0x03
#define IDE_GP_LOG_DEVICE_STATISTICS_ADDRESS      0x04
#define IDE_GP_SMART_SELF_TEST                    0x06
#define IDE_GP_EXTENDED_SMART_SELF_TEST           0x07
#define IDE_GP_LOG_POWER_CONDITIONS               0x08
#define IDE_GP_SELECTIVE_SELF_TEST                0x09
#define IDE_GP_DEVICE_STATISTICS_NOTIFICATION     0x0A
#define IDE_GP_PENDING_DEFECTS                    0x0C
#define IDE_GP_LPS_MISALIGNMENT                   0x0D
#define IDE_GP_LOG_NCQ_COMMAND_ERROR_ADDRESS      0x10
#define IDE_GP_LOG_PHY_EVENT_COUNTER_ADDRESS      0x11
#define IDE_GP_LOG_NCQ_NON_DATA_ADDRESS           0x12
#define IDE_GP_LOG_NCQ_SEND_RECEIVE_ADDRESS       0x13
#define IDE_GP_LOG_HYBRID_INFO_ADDRESS            0x14
#define IDE_GP_LOG_REBUILD_ASSIST                 0x15
#define IDE_GP_LOG_LBA_STATUS                     0x19
#define IDE_GP_LOG_WRITE_STREAM_ERROR             0x21
#define IDE_GP_LOG_READ_STREAM_ERROR              0x22
#define IDE_GP_LOG_CURRENT_DEVICE_INTERNAL_STATUS 0x24
#define IDE_GP_LOG_SAVED_DEVICE_INTERNAL_STATUS   0x25
#define IDE_GP_LOG_IDENTIFY_DEVICE_DATA_ADDRESS   0x30
#define IDE_GP_LOG_SCT_COMMAND_STATUS             0xE0
#define IDE_GP_LOG_SCT_DATA_TRANSFER              0xE1

/* Every GP log page is one 512-byte sector; the directory reports version 1. */
#define IDE_GP_LOG_SECTOR_SIZE 0x200
#define IDE_GP_LOG_VERSION     0x0001

/* Pages within the IDENTIFY DEVICE DATA log (30h); page 0 lists the others. */
#define IDE_GP_LOG_SUPPORTED_PAGES                                    0x00
#define IDE_GP_LOG_IDENTIFY_DEVICE_DATA_SUPPORTED_CAPABILITIES_PAGE   0x03
#define IDE_GP_LOG_IDENTIFY_DEVICE_DATA_SATA_PAGE                     0x08
#define IDE_GP_LOG_IDENTIFY_DEVICE_DATA_ZONED_DEVICE_INFORMATION_PAGE 0x09

/* IDENTIFY DEVICE DATA log page 03h "ZonedCapabilities" values. */
#define ATA_ZONED_CAPABILITIES_NOT_REPORTED    0x0
#define ATA_ZONED_CAPABILITIES_HOST_AWARE      0x1
#define ATA_ZONED_CAPABILITIES_DEVICE_MANAGED  0x2

/* ZAC minor version numbers reported in the zoned device information page. */
#define ZAC_REVISION_NOT_REPORTED_1 0x0000
#define ZAC_REVISION_NOT_REPORTED_2 0xFFFF
#define ZAC_REVISION_01             0xB6E8
#define ZAC_REVISION_04             0xA36C

#define CURRENT_DEVICE_INTERNAL_STATUS_DATA_LOG_ADDRESS 0x24
#define SAVED_DEVICE_INTERNAL_STATUS_DATA_LOG_ADDRESS   0x25

/* Pages within the device statistics log (04h). */
#define IDE_GP_LOG_DEVICE_STATISTICS_GENERAL_PAGE        0x01
#define IDE_GP_LOG_DEVICE_STATISTICS_FREE_FALL_PAGE      0x02
#define IDE_GP_LOG_DEVICE_STATISTICS_ROTATING_MEDIA_PAGE 0x03
#define IDE_GP_LOG_DEVICE_STATISTICS_GENERAL_ERROR_PAGE  0x04
#define IDE_GP_LOG_DEVICE_STATISTICS_TEMPERATURE_PAGE    0x05
#define IDE_GP_LOG_DEVICE_STATISTICS_TRANSPORT_PAGE      0x06
#define IDE_GP_LOG_DEVICE_STATISTICS_SSD_PAGE            0x07

/* GP_LOG_HYBRID_INFORMATION_HEADER.Enabled and .HybridHealth. */
#define HYBRID_INFORMATION_DISABLED           0x00
#define HYBRID_INFORMATION_DISABLE_IN_PROCESS 0x80
#define HYBRID_INFORMATION_ENABLED            0xFF

#define HYBRID_HEALTH_UNUSEABLE        0x01
#define HYBRID_HEALTH_NVM_SIZE_CHANGED 0x02
#define HYBRID_HEALTH_READ_ONLY        0x04
#define HYBRID_HEALTH_DATA_LOSS        0x08

/* Signatures (sector count, LBA low/mid/high) a device reports after reset. */
#define ATA_DEVICE_SIGNATURE_ATA             0x00000101
#define ATA_DEVICE_SIGNATURE_ATAPI           0xEB140101
#define ATA_DEVICE_SIGNATURE_HOST_ZONED      0xABCD0101
#define ATA_DEVICE_SIGNATURE_ENCLOSURE       0xC33C0101
#define ATA_DEVICE_SIGNATURE_PORT_MULTIPLIER 0x96690101

/* ZAC MANAGEMENT IN/OUT actions. */
#define ZM_ACTION_REPORT_ZONES         0x00
#define ZM_ACTION_CLOSE_ZONE           0x01
#define ZM_ACTION_FINISH_ZONE          0x02
#define ZM_ACTION_OPEN_ZONE            0x03
#define ZM_ACTION_RESET_WRITE_POINTER  0x04
#define ZM_ALL_ZONES_BIT               (1 << 8)

/* REPORT ZONES EXT reporting options. */
#define ATA_REPORT_ZONES_OPTION_LIST_ALL_ZONES                0x00
#define ATA_REPORT_ZONES_OPTION_LIST_EMPTY_ZONES              0x01
#define ATA_REPORT_ZONES_OPTION_LIST_IMPLICITLY_OPENED_ZONES  0x02
#define ATA_REPORT_ZONES_OPTION_LIST_EXPLICITLY_OPENED_ZONES  0x03
#define ATA_REPORT_ZONES_OPTION_LIST_CLOSED_ZONES             0x04
#define ATA_REPORT_ZONES_OPTION_LIST_FULL_ZONES               0x05
#define ATA_REPORT_ZONES_OPTION_LIST_READ_ONLY_ZONES          0x06
#define ATA_REPORT_ZONES_OPTION_LIST_OFFLINE_ZONES            0x07
#define ATA_REPORT_ZONES_OPTION_LIST_RWP_ZONES                0x10
#define ATA_REPORT_ZONES_OPTION_LIST_NON_SEQUENTIAL_WRITE_RESOURCES_ACTIVE_ZONES 0x11
#define ATA_REPORT_ZONES_OPTION_LIST_NOT_WRITE_POINTER_ZONES  0x3F

/* REPORT_ZONES_EXT_DATA.SAME values. */
#define ATA_ZONES_TYPE_AND_LENGTH_MAY_DIFFERENT        0x0
#define ATA_ZONES_TYPE_SAME_LENGTH_SAME                0x1
#define ATA_ZONES_TYPE_SAME_LAST_ZONE_LENGTH_DIFFERENT 0x2
#define ATA_ZONES_TYPE_MAY_DIFFERENT_LENGTH_SAME       0x3

/* ATA_ZONE_DESCRIPTOR.ZoneType and .ZoneCondition. */
#define ATA_ZONE_TYPE_CONVENTIONAL               0x1
#define ATA_ZONE_TYPE_SEQUENTIAL_WRITE_REQUIRED  0x2
#define ATA_ZONE_TYPE_SEQUENTIAL_WRITE_PREFERRED 0x3

#define ATA_ZONE_CONDITION_NOT_WRITE_POINTER    0x0
#define ATA_ZONE_CONDITION_EMPTY                0x1
#define ATA_ZONE_CONDITION_IMPLICITLY_OPENED    0x2
#define ATA_ZONE_CONDITION_EXPLICITLY_OPENED    0x3
#define ATA_ZONE_CONDITION_CLOSED               0x4
#define ATA_ZONE_CONDITION_READ_ONLY            0xD
#define ATA_ZONE_CONDITION_FULL                 0xE
#define ATA_ZONE_CONDITION_OFFLINE              0xF

#endif /* _NTATA_ */
