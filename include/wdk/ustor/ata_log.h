/*
 * ustor/ata_log.h - ATA general-purpose log pages as ata.h lays them out: the
 * IDENTIFY DEVICE DATA log (30h) pages, device internal status (24h/25h),
 * device statistics (04h) pages, NCQ command error (10h), NCQ non-data and
 * send/receive support (12h/13h), hybrid information (14h), zone reports and
 * physical element status.  Every page is one 512-byte sector unless noted.
 * Internal piece of ata.h; the log address constants live in ata.h.
 */
#ifndef USTOR_ATA_LOG_H
#define USTOR_ATA_LOG_H

#include "nt_base.h"

#pragma pack(push, 1)

/* ---- IDENTIFY DEVICE DATA log (address 30h) ---- */

typedef struct USTOR_MS_STRUCT _IDENTIFY_DEVICE_DATA_LOG_PAGE_HEADER {
    ULONGLONG RevisionNumber : 16;
    ULONGLONG PageNumber : 8;
    ULONGLONG Reserved : 39;
    ULONGLONG Valid : 1;
} IDENTIFY_DEVICE_DATA_LOG_PAGE_HEADER, *PIDENTIFY_DEVICE_DATA_LOG_PAGE_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(IDENTIFY_DEVICE_DATA_LOG_PAGE_HEADER) == 8);

/* Page 03h: one quadword per capability group, bit 63 says the quadword is valid. */
typedef struct USTOR_MS_STRUCT _IDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES {
    IDENTIFY_DEVICE_DATA_LOG_PAGE_HEADER Header;
    struct USTOR_MS_STRUCT {
        ULONGLONG WRV : 1;
        ULONGLONG WriteUncorrectable : 1;
        ULONGLONG GplDma : 1;
        ULONGLONG DmMode3 : 1;
        ULONGLONG FreeFall : 1;
        ULONGLONG SenseData : 1;
        ULONGLONG EPC : 1;
        ULONGLONG SmartErrorLogging : 1;
        ULONGLONG SmartSelfTest : 1;
        ULONGLONG Reserved9 : 1;
        ULONGLONG Streaming : 1;
        ULONGLONG GPL : 1;
        ULONGLONG WriteFuaExt : 1;
        ULONGLONG Unload : 1;
        ULONGLONG DownloadMicrocode : 1;
        ULONGLONG Reserved15ForCFA : 1;
        ULONGLONG APM : 1;
        ULONGLONG PUIS : 1;
        ULONGLONG SpinUp : 1;
        ULONGLONG Reserved19 : 1;
        ULONGLONG Cmd48Bit : 1;
        ULONGLONG Reserved21 : 1;
        ULONGLONG FlushCacheExt : 1;
        ULONGLONG Smart : 1;
        ULONGLONG VolatileWriteCache : 1;
        ULONGLONG ReadLookahead : 1;
        ULONGLONG Reserved26 : 1;
        ULONGLONG WriteBuffer : 1;
        ULONGLONG ReadBuffer : 1;
        ULONGLONG NOP : 1;
        ULONGLONG Reserved30 : 1;
        ULONGLONG RZAT : 1;
        ULONGLONG Cmd28bit : 1;
        ULONGLONG DownloadMicrocodeDma : 1;
        ULONGLONG Reserved34 : 1;
        ULONGLONG WriteBufferDma : 1;
        ULONGLONG ReadBufferDma : 1;
        ULONGLONG Reserved37 : 1;
        ULONGLONG LpsMisalignmentReporting : 1;
        ULONGLONG DRAT : 1;
        ULONGLONG Reserved40ForCFA : 1;
        ULONGLONG AmaxAddr : 1;
        ULONGLONG SetEpcPowerSource : 1;
        ULONGLONG LowPowerStandby : 1;
        ULONGLONG DSN : 1;
        ULONGLONG RequestSenseDeviceFault : 1;
        ULONGLONG Reserved : 17;
        ULONGLONG Valid : 1;
    } SupportedCapabilities;
    struct USTOR_MS_STRUCT {
        ULONGLONG DmMinTransferSize : 16;
        ULONGLONG DmMaxTransferSize : 16;
        ULONGLONG DmOffsetsImmediateSupported : 1;
        ULONGLONG DmImmediateSupported : 1;
        ULONGLONG DmOffsetsDeferredSupported : 1;
        ULONGLONG Reserved : 28;
        ULONGLONG Valid : 1;
    } DownloadMicrocodeCapabilities;
    struct USTOR_MS_STRUCT {
        ULONGLONG Rate : 16;
        ULONGLONG Reserved : 47;
        ULONGLONG Valid : 1;
    } NominalMediaRotationRate;
    struct USTOR_MS_STRUCT {
        ULONGLONG Factor : 4;
        ULONGLONG Reserved : 59;
        ULONGLONG Valid : 1;
    } NominalFormFactor;
    struct USTOR_MS_STRUCT {
        ULONGLONG Count : 32;
        ULONGLONG Reserved : 31;
        ULONGLONG Valid : 1;
    } WRVSectorCountMode3;
    struct USTOR_MS_STRUCT {
        ULONGLONG Count : 32;
        ULONGLONG Reserved : 31;
        ULONGLONG Valid : 1;
    } WRVSectorCountMode2;
    struct USTOR_MS_STRUCT {
        ULONGLONG Name;                       /* the WWN itself fills this quadword */
        ULONGLONG Reserved : 63;
        ULONGLONG Valid : 1;
    } WorldWideName;
    struct USTOR_MS_STRUCT {
        ULONGLONG TrimSupported : 1;
        ULONGLONG Reserved : 62;
        ULONGLONG Valid : 1;
    } DataSetManagement;
    struct USTOR_MS_STRUCT {
        ULONGLONG UtilizationA : 32;
        ULONGLONG UtilizationB : 32;
        ULONGLONG Reserved0 : 32;
        ULONGLONG UtilizationInterval : 8;
        ULONGLONG UtilizationUnit : 8;
        ULONGLONG UtilizationType : 8;
        ULONGLONG Reserved1 : 7;
        ULONGLONG Valid : 1;
    } UtilizationPerUnitTime;
    struct USTOR_MS_STRUCT {
        ULONGLONG DateTimeRateBasisSupported : 1;
        ULONGLONG Reserved0 : 3;
        ULONGLONG PowerOnHoursRateBasisSupported : 1;
        ULONGLONG Reserved1 : 3;
        ULONGLONG SincePowerOnRateBasisSupported : 1;
        ULONGLONG Reserved2 : 14;
        ULONGLONG SettingRateBasisSupported : 1;
        ULONGLONG Reserved3 : 39;
        ULONGLONG Valid : 1;
    } UtilizationUsageRateSupport;
    struct USTOR_MS_STRUCT {
        ULONGLONG Zoned : 2;
        ULONGLONG Reserved : 61;
        ULONGLONG Valid : 1;
    } ZonedCapabilities;
    struct USTOR_MS_STRUCT {
        ULONGLONG ReportZonesExtSupported : 1;
        ULONGLONG NonDataOpenZoneExtSupported : 1;
        ULONGLONG NonDataCloseZoneExtSupported : 1;
        ULONGLONG NonDataFinishZoneExtSupported : 1;
        ULONGLONG NonDataResetWritePointersExtSupported : 1;
        ULONGLONG Reserved : 58;
        ULONGLONG Valid : 1;
    } SupportedZacCapabilities;
    UCHAR Reserved[392];
} IDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES, *PIDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES;
USTOR_LAYOUT_ASSERT(sizeof(IDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES) == 512);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES, DataSetManagement) == 0x48);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES, UtilizationPerUnitTime) == 0x50);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA_LOG_PAGE_SUPPORTED_CAPABILITIES, Reserved) == 0x78);

/* Page 09h: zoned device information. */
typedef struct USTOR_MS_STRUCT _IDENTIFY_DEVICE_DATA_LOG_PAGE_ZONED_DEVICE_INFO {
    IDENTIFY_DEVICE_DATA_LOG_PAGE_HEADER Header;
    struct USTOR_MS_STRUCT {
        ULONGLONG URSWRZ : 1;
        ULONGLONG Reserved : 62;
        ULONGLONG Valid : 1;
    } ZonedDeviceCapabilities;
    struct USTOR_MS_STRUCT {
        ULONGLONG Reserved : 63;
        ULONGLONG Valid : 1;
    } ZonedDeviceSettings;
    struct USTOR_MS_STRUCT {
        ULONGLONG Number : 32;
        ULONGLONG Reserved : 31;
        ULONGLONG Valid : 1;
    } OptimalNumberOfOpenSequentialWritePreferredZones;
    struct USTOR_MS_STRUCT {
        ULONGLONG Number : 32;
        ULONGLONG Reserved : 31;
        ULONGLONG Valid : 1;
    } OptimalNumberOfNonSequentiallyWrittenSequentialWritePreferredZones;
    struct USTOR_MS_STRUCT {
        ULONGLONG Number : 32;
        ULONGLONG Reserved : 31;
        ULONGLONG Valid : 1;
    } MaxNumberOfOpenSequentialWriteRequiredZones;
    struct USTOR_MS_STRUCT {
        ULONGLONG ZacMinorVersion : 16;
        ULONGLONG Reserved0 : 47;
        ULONGLONG Valid : 1;
    } Version;
    UCHAR Reserved[456];
} IDENTIFY_DEVICE_DATA_LOG_PAGE_ZONED_DEVICE_INFO, *PIDENTIFY_DEVICE_DATA_LOG_PAGE_ZONED_DEVICE_INFO;
USTOR_LAYOUT_ASSERT(sizeof(IDENTIFY_DEVICE_DATA_LOG_PAGE_ZONED_DEVICE_INFO) == 512);

/* ---- device internal status logs (24h current, 25h saved) ---- */

typedef struct _CURRENT_DEVICE_INTERNAL_STATUS_LOG {
    UCHAR LogAddress;
    UCHAR Reserved0[3];
    ULONG OrganizationID;
    USHORT Area1LastLogPage;
    USHORT Area2LastLogPage;
    USHORT Area3LastLogPage;
    UCHAR Reserved2[368];
    UCHAR SavedDataAvailable;
    UCHAR SavedDataGenerationNumber;
    UCHAR ReasonIdentifier[128];
} CURRENT_DEVICE_INTERNAL_STATUS_LOG, *PCURRENT_DEVICE_INTERNAL_STATUS_LOG;
USTOR_LAYOUT_ASSERT(sizeof(CURRENT_DEVICE_INTERNAL_STATUS_LOG) == 512);
USTOR_LAYOUT_ASSERT(offsetof(CURRENT_DEVICE_INTERNAL_STATUS_LOG, SavedDataAvailable) == 382);

typedef struct _SAVED_DEVICE_INTERNAL_STATUS_LOG {
    UCHAR LogAddress;
    UCHAR Reserved0[3];
    ULONG OrganizationID;
    USHORT Area1LastLogPage;
    USHORT Area2LastLogPage;
    USHORT Area3LastLogPage;
    UCHAR Reserved2[368];
    UCHAR SavedDataAvailable;
    UCHAR GenerationNumber;
    UCHAR ReasonIdentifier[128];
} SAVED_DEVICE_INTERNAL_STATUS_LOG, *PSAVED_DEVICE_INTERNAL_STATUS_LOG;
USTOR_LAYOUT_ASSERT(sizeof(SAVED_DEVICE_INTERNAL_STATUS_LOG) == 512);

/* ---- device statistics log (04h) ---- */

typedef struct USTOR_MS_STRUCT _DEVICE_STATISTICS_LOG_PAGE_HEADER {
    ULONGLONG RevisionNumber : 16;
    ULONGLONG PageNumber : 8;
    ULONGLONG Reserved : 40;
} DEVICE_STATISTICS_LOG_PAGE_HEADER, *PDEVICE_STATISTICS_LOG_PAGE_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(DEVICE_STATISTICS_LOG_PAGE_HEADER) == 8);

/* The top byte of every statistic quadword: flags that qualify the value. */
#define GP_LOG_DEVICE_STATISTICS_FLAGS \
    ULONGLONG ReservedFlags : 3;       \
    ULONGLONG MonitoredConditionMet : 1; \
    ULONGLONG StatisticsSupportsDsn : 1; \
    ULONGLONG Normalized : 1;          \
    ULONGLONG ValidValue : 1;          \
    ULONGLONG Supported : 1

/* A statistic quadword: a COUNT_BITS-wide value, padding, then the flag byte. */
#define USTOR_GP_LOG_STAT(value_name, value_bits)            \
    struct USTOR_MS_STRUCT {                                 \
        ULONGLONG value_name : value_bits;                   \
        ULONGLONG Reserved : (56 - value_bits);              \
        GP_LOG_DEVICE_STATISTICS_FLAGS;                      \
    }

typedef struct _GP_LOG_SUPPORTED_DEVICE_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    UCHAR NumberOfEntries;
    UCHAR LogPageNumbers[503];
} GP_LOG_SUPPORTED_DEVICE_STATISTICS, *PGP_LOG_SUPPORTED_DEVICE_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_SUPPORTED_DEVICE_STATISTICS) == 512);

typedef struct USTOR_MS_STRUCT _GP_LOG_GENERAL_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Count, 32) LifeTimePoweronResets;
    USTOR_GP_LOG_STAT(Count, 32) PoweronHours;
    USTOR_GP_LOG_STAT(Count, 48) LogicalSectorsWritten;
    USTOR_GP_LOG_STAT(Count, 48) WriteCommandCount;
    USTOR_GP_LOG_STAT(Count, 48) LogicalSectorsRead;
    USTOR_GP_LOG_STAT(Count, 48) ReadCommandCount;
    USTOR_GP_LOG_STAT(TimeStamp, 48) DateAndTime;
    USTOR_GP_LOG_STAT(Count, 32) PendingErrorCount;
    USTOR_GP_LOG_STAT(Value, 16) WorkloadUtilizaton;
    struct USTOR_MS_STRUCT {
        ULONGLONG Value : 8;
        ULONGLONG Reserved0 : 28;
        ULONGLONG RateBasis : 4;
        ULONGLONG RateValidity : 8;
        ULONGLONG Reserved1 : 8;
        GP_LOG_DEVICE_STATISTICS_FLAGS;
    } UtilizationUsageRate;
    UCHAR Reserved[424];
} GP_LOG_GENERAL_STATISTICS, *PGP_LOG_GENERAL_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_GENERAL_STATISTICS) == 512);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_GENERAL_STATISTICS, PoweronHours) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_GENERAL_STATISTICS, LogicalSectorsWritten) == 0x18);

typedef struct USTOR_MS_STRUCT _GP_LOG_FREE_FALL_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Count, 32) NumberofFreeFallEventsDetected;
    USTOR_GP_LOG_STAT(Count, 32) OverlimitShockEvents;
    UCHAR Reserved[488];
} GP_LOG_FREE_FALL_STATISTICS, *PGP_LOG_FREE_FALL_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_FREE_FALL_STATISTICS) == 512);

typedef struct USTOR_MS_STRUCT _GP_LOG_ROTATING_MEDIA_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Count, 32) SpindleMotorPoweronHours;
    USTOR_GP_LOG_STAT(Count, 32) HeadFlyingHours;
    USTOR_GP_LOG_STAT(Count, 32) HeadLoadEvents;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfReallocatedLogicalSectors;
    USTOR_GP_LOG_STAT(Count, 32) ReadRecoveryAttempts;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfMechanicalStartFailures;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfReallocationCandidateLogicalSectors;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfHighPriorityUnloadEvents;
    UCHAR Reserved[440];
} GP_LOG_ROTATING_MEDIA_STATISTICS, *PGP_LOG_ROTATING_MEDIA_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_ROTATING_MEDIA_STATISTICS) == 512);

typedef struct USTOR_MS_STRUCT _GP_LOG_GENERAL_ERROR_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfReportedUncorrectableErrors;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfResetsBetweenCommandAcceptanceAndCommandCompletion;
    UCHAR Reserved[488];
} GP_LOG_GENERAL_ERROR_STATISTICS, *PGP_LOG_GENERAL_ERROR_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_GENERAL_ERROR_STATISTICS) == 512);

/* Temperatures are signed degrees Celsius in the low byte of each quadword. */
typedef struct USTOR_MS_STRUCT _GP_LOG_TEMPERATURE_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Value, 8) CurrentTemperature;
    USTOR_GP_LOG_STAT(Value, 8) AverageShortTermTemperature;
    USTOR_GP_LOG_STAT(Value, 8) AverageLongTermTemperature;
    USTOR_GP_LOG_STAT(Value, 8) HighestTemperature;
    USTOR_GP_LOG_STAT(Value, 8) LowestTemperature;
    USTOR_GP_LOG_STAT(Value, 8) HighestAverageShortTermTemperature;
    USTOR_GP_LOG_STAT(Value, 8) LowestAverageShortTermTemperature;
    USTOR_GP_LOG_STAT(Value, 8) HighstAverageLongTermTemperature;
    USTOR_GP_LOG_STAT(Value, 8) LowestAverageLongTermTemperature;
    USTOR_GP_LOG_STAT(Value, 8) TimeInOverTemperature;
    USTOR_GP_LOG_STAT(Value, 8) SpecifiedMaximumOperatingTemperature;
    USTOR_GP_LOG_STAT(Value, 8) TimeInUnderTemperature;
    USTOR_GP_LOG_STAT(Value, 8) SpecifiedMinimumOperatingTemperature;
    UCHAR Reserved[400];
} GP_LOG_TEMPERATURE_STATISTICS, *PGP_LOG_TEMPERATURE_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_TEMPERATURE_STATISTICS) == 512);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_TEMPERATURE_STATISTICS, CurrentTemperature) == 8);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_TEMPERATURE_STATISTICS, SpecifiedMaximumOperatingTemperature) == 0x58);

typedef struct USTOR_MS_STRUCT _GP_LOG_TRANSPORT_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Count, 8) NumberOfHardwareResets;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfAsrEvents;
    USTOR_GP_LOG_STAT(Count, 32) NumberOfInterfaceCrcErrors;
    UCHAR Reserved[480];
} GP_LOG_TRANSPORT_STATISTICS, *PGP_LOG_TRANSPORT_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_TRANSPORT_STATISTICS) == 512);

typedef struct USTOR_MS_STRUCT _GP_LOG_SOLID_STATE_DEVICE_STATISTICS {
    DEVICE_STATISTICS_LOG_PAGE_HEADER Header;
    USTOR_GP_LOG_STAT(Value, 8) PercentageUsedEnduranceIndicator;
    UCHAR Reserved[496];
} GP_LOG_SOLID_STATE_DEVICE_STATISTICS, *PGP_LOG_SOLID_STATE_DEVICE_STATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_SOLID_STATE_DEVICE_STATISTICS) == 512);

/* ---- NCQ logs ---- */

/* Log 10h: which queued command failed and why. */
typedef struct USTOR_MS_STRUCT _GP_LOG_NCQ_COMMAND_ERROR {
    UCHAR NcqTag : 5;
    UCHAR Reserved0 : 1;
    UCHAR UNL : 1;
    UCHAR NonQueuedCmd : 1;
    UCHAR Reserved1;
    UCHAR Status;
    UCHAR Error;
    UCHAR LBA7_0;
    UCHAR LBA15_8;
    UCHAR LBA23_16;
    UCHAR Device;
    UCHAR LBA31_24;
    UCHAR LBA39_32;
    UCHAR LBA47_40;
    UCHAR Reserved2;
    UCHAR Count7_0;
    UCHAR Count15_8;
    UCHAR SenseKey;
    UCHAR ASC;
    UCHAR ASCQ;
    UCHAR Reserved3[239];
    UCHAR Vendor[255];
    UCHAR Checksum;
} GP_LOG_NCQ_COMMAND_ERROR, *PGP_LOG_NCQ_COMMAND_ERROR;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_NCQ_COMMAND_ERROR) == 512);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_NCQ_COMMAND_ERROR, Status) == 2);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_NCQ_COMMAND_ERROR, SenseKey) == 14);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_NCQ_COMMAND_ERROR, Checksum) == 511);

/* One ULONG of "unused subcommand" bits. */
#define USTOR_NCQ_SUBCMD_RESERVED struct USTOR_MS_STRUCT { ULONG Reserved : 32; }

/* Log 12h: the NCQ NON-DATA subcommands the device supports. */
typedef struct USTOR_MS_STRUCT _GP_LOG_NCQ_NON_DATA {
    struct USTOR_MS_STRUCT {
        ULONG AbortNcq : 1;
        ULONG AbortAll : 1;
        ULONG AbortStreaming : 1;
        ULONG AbortNonStreaming : 1;
        ULONG AbortSelectedTTag : 1;
        ULONG Reserved : 27;
    } SubCmd0;
    struct USTOR_MS_STRUCT {
        ULONG DeadlineHandling : 1;
        ULONG WriteDataNotContinue : 1;
        ULONG ReadDataNotContinue : 1;
        ULONG Reserved : 29;
    } SubCmd1;
    struct USTOR_MS_STRUCT {
        ULONG HybridDemoteBySize : 1;
        ULONG Reserved : 31;
    } SubCmd2;
    struct USTOR_MS_STRUCT {
        ULONG HybridChangeByLbaRange : 1;
        ULONG Reserved : 31;
    } SubCmd3;
    struct USTOR_MS_STRUCT {
        ULONG HybridControl : 1;
        ULONG Reserved : 31;
    } SubCmd4;
    USTOR_NCQ_SUBCMD_RESERVED SubCmd5;
    USTOR_NCQ_SUBCMD_RESERVED SubCmd6;
    USTOR_NCQ_SUBCMD_RESERVED SubCmd7;
    USTOR_NCQ_SUBCMD_RESERVED SubCmd8;
    USTOR_NCQ_SUBCMD_RESERVED SubCmd9;
    USTOR_NCQ_SUBCMD_RESERVED SubCmdA;
    USTOR_NCQ_SUBCMD_RESERVED SubCmdB;
    USTOR_NCQ_SUBCMD_RESERVED SubCmdC;
    USTOR_NCQ_SUBCMD_RESERVED SubCmdD;
    USTOR_NCQ_SUBCMD_RESERVED SubCmdE;
    USTOR_NCQ_SUBCMD_RESERVED SubCmdF;
    ULONG Reserved[112];
} GP_LOG_NCQ_NON_DATA, *PGP_LOG_NCQ_NON_DATA;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_NCQ_NON_DATA) == 512);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_NCQ_NON_DATA, SubCmd4) == 16);

/* Log 13h: the SEND/RECEIVE FPDMA QUEUED subcommands the device supports. */
typedef struct USTOR_MS_STRUCT _GP_LOG_NCQ_SEND_RECEIVE {
    struct USTOR_MS_STRUCT {
        ULONG DataSetManagement : 1;
        ULONG HybridEvict : 1;
        ULONG Reserved : 30;
    } SubCmd;
    struct USTOR_MS_STRUCT {
        ULONG Trim : 1;
        ULONG Reserved : 31;
    } DataSetManagement;
    ULONG Reserved[126];
} GP_LOG_NCQ_SEND_RECEIVE, *PGP_LOG_NCQ_SEND_RECEIVE;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_NCQ_SEND_RECEIVE) == 512);

/* ---- hybrid information log (14h): a 64-byte header then 16-byte descriptors ---- */

typedef struct USTOR_MS_STRUCT _GP_LOG_HYBRID_INFORMATION_HEADER {
    USHORT HybridInfoDescrCount : 4;
    USHORT Reserved0 : 12;
    UCHAR Enabled;
    UCHAR HybridHealth;
    UCHAR DirtyLowThreshold;
    UCHAR DirtyHighThreshold;
    UCHAR OptimalWriteGranularity;
    UCHAR MaximumHybridPriorityLevel : 4;
    UCHAR Reserved1 : 4;
    UCHAR PowerCondidtion;
    UCHAR CachingMediumEnabled;
    struct USTOR_MS_STRUCT {
        UCHAR MaximumPriorityBehavior : 1;
        UCHAR SupportCacheBehavior : 1;
        UCHAR Reserved : 6;
    } SupportedOptions;
    UCHAR Reserved2;
    ULONG TimeSinceEnabled;
    ULONGLONG NVMSize;
    ULONGLONG EnableCount;
    USHORT MaximumEvictionCommands : 5;
    USHORT Reserved3 : 11;
    USHORT MaximumEvictionDataBlocks;
    UCHAR Reserved[28];
} GP_LOG_HYBRID_INFORMATION_HEADER, *PGP_LOG_HYBRID_INFORMATION_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_HYBRID_INFORMATION_HEADER) == 64);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_HYBRID_INFORMATION_HEADER, TimeSinceEnabled) == 12);
USTOR_LAYOUT_ASSERT(offsetof(GP_LOG_HYBRID_INFORMATION_HEADER, NVMSize) == 16);

typedef struct _GP_LOG_HYBRID_INFORMATION_DESCRIPTOR {
    UCHAR HybridPriority;
    UCHAR ConsumedNVMSizeFraction;
    UCHAR ConsumedMappingResourcesFraction;
    UCHAR ConsumedNVMSizeForDirtyDataFraction;
    UCHAR ConsumedMappingResourcesForDirtyDataFraction;
    UCHAR Reserved[11];
} GP_LOG_HYBRID_INFORMATION_DESCRIPTOR, *PGP_LOG_HYBRID_INFORMATION_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_HYBRID_INFORMATION_DESCRIPTOR) == 16);

typedef struct _GP_LOG_HYBRID_INFORMATION {
    GP_LOG_HYBRID_INFORMATION_HEADER Header;
    GP_LOG_HYBRID_INFORMATION_DESCRIPTOR Descriptor[0];
} GP_LOG_HYBRID_INFORMATION, *PGP_LOG_HYBRID_INFORMATION;
USTOR_LAYOUT_ASSERT(sizeof(GP_LOG_HYBRID_INFORMATION) == 64);

/* ---- zoned (ZAC) reports ---- */

typedef struct USTOR_MS_STRUCT _REPORT_ZONES_EXT_DATA {
    ULONG ZoneListLength;
    UCHAR SAME : 4;
    UCHAR Reserved0 : 4;
    UCHAR Reserved1[3];
    ULONGLONG MaxLBA : 48;
    ULONGLONG Reserved2 : 16;
    UCHAR Reserved3[48];
} REPORT_ZONES_EXT_DATA, *PREPORT_ZONES_EXT_DATA;
USTOR_LAYOUT_ASSERT(sizeof(REPORT_ZONES_EXT_DATA) == 64);

typedef struct USTOR_MS_STRUCT _ATA_ZONE_DESCRIPTOR {
    UCHAR ZoneType : 4;
    UCHAR Reserved0 : 4;
    UCHAR Reset : 1;
    UCHAR NonSeq : 1;
    UCHAR Reserved1 : 2;
    UCHAR ZoneCondition : 4;
    UCHAR Reserved2[6];
    ULONGLONG ZoneLength : 48;
    ULONGLONG Reserved3 : 16;
    ULONGLONG ZoneStartLBA : 48;
    ULONGLONG Reserved4 : 16;
    ULONGLONG WritePointerLBA : 48;
    ULONGLONG Reserved5 : 16;
    UCHAR Reserved6[32];
} ATA_ZONE_DESCRIPTOR, *PATA_ZONE_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(ATA_ZONE_DESCRIPTOR) == 64);
USTOR_LAYOUT_ASSERT(offsetof(ATA_ZONE_DESCRIPTOR, Reserved6) == 32);

/* ---- GET PHYSICAL ELEMENT STATUS (12h) parameter data ---- */

typedef struct _ATA_PHYSICAL_ELEMENT_STATUS_DESCRIPTOR {
    UCHAR Reserved1[4];
    ULONG ElementIdentifier;
    UCHAR Reserved2[6];
    UCHAR PhysicalElementType;
    UCHAR PhysicalElementHealth;
    ULONGLONG AssociatedCapacity;
    UCHAR Reserved3[8];
} ATA_PHYSICAL_ELEMENT_STATUS_DESCRIPTOR, *PATA_PHYSICAL_ELEMENT_STATUS_DESCRIPTOR;
USTOR_LAYOUT_ASSERT(sizeof(ATA_PHYSICAL_ELEMENT_STATUS_DESCRIPTOR) == 32);
USTOR_LAYOUT_ASSERT(offsetof(ATA_PHYSICAL_ELEMENT_STATUS_DESCRIPTOR, AssociatedCapacity) == 16);

typedef struct _ATA_GET_PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA {
    ULONG NumberOfDescriptors;
    ULONG NumberOfDescriptorsReturned;
    ULONG ElementIdentifierBeingDepoped;
    UCHAR Reserved[20];
    ATA_PHYSICAL_ELEMENT_STATUS_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} ATA_GET_PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA, *PATA_GET_PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA;
USTOR_LAYOUT_ASSERT(offsetof(ATA_GET_PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA, Descriptors) == 32);

#pragma pack(pop)

#endif /* USTOR_ATA_LOG_H */
