/*
 * ustor/ata_identify.h - the 512-byte answers to IDENTIFY DEVICE (ECh) and
 * IDENTIFY PACKET DEVICE (A1h) as ata.h lays them out (ACS-3 word map,
 * little-endian words, MSVC bit-field packing).
 * Internal piece of ata.h; it leaves out the log pages (ustor/ata_log.h)
 * and the command/feature constants (ata.h itself).
 */
#ifndef USTOR_ATA_IDENTIFY_H
#define USTOR_ATA_IDENTIFY_H

#include "nt_base.h"

#pragma pack(push, 1)

typedef struct USTOR_MS_STRUCT _IDENTIFY_DEVICE_DATA {
    struct {                                  /* word 0 */
        USHORT Reserved1 : 1;
        USHORT Retired3 : 1;
        USHORT ResponseIncomplete : 1;
        USHORT Retired2 : 3;
        USHORT FixedDevice : 1;
        USHORT RemovableMedia : 1;
        USHORT Retired1 : 7;
        USHORT DeviceType : 1;
    } GeneralConfiguration;
    USHORT NumCylinders;                      /* word 1 */
    USHORT SpecificConfiguration;
    USHORT NumHeads;
    USHORT Retired1[2];
    USHORT NumSectorsPerTrack;                /* word 6 */
    USHORT VendorUnique1[3];
    UCHAR SerialNumber[20];                   /* words 10-19, byte-swapped ASCII */
    USHORT Retired2[2];
    USHORT Obsolete1;
    UCHAR FirmwareRevision[8];                /* words 23-26 */
    UCHAR ModelNumber[40];                    /* words 27-46 */
    UCHAR MaximumBlockTransfer;               /* word 47 */
    UCHAR VendorUnique2;
    struct {                                  /* word 48 */
        USHORT FeatureSupported : 1;
        USHORT Reserved : 15;
    } TrustedComputing;
    struct {                                  /* words 49-50 */
        UCHAR CurrentLongPhysicalSectorAlignment : 2;
        UCHAR ReservedByte49 : 6;
        UCHAR DmaSupported : 1;
        UCHAR LbaSupported : 1;
        UCHAR IordyDisable : 1;
        UCHAR IordySupported : 1;
        UCHAR Reserved1 : 1;
        UCHAR StandybyTimerSupport : 1;
        UCHAR Reserved2 : 2;
        USHORT ReservedWord50;
    } Capabilities;
    USHORT ObsoleteWords51[2];
    USHORT TranslationFieldsValid : 3;        /* word 53 */
    USHORT Reserved3 : 5;
    USHORT FreeFallControlSensitivity : 8;
    USHORT NumberOfCurrentCylinders;          /* word 54 */
    USHORT NumberOfCurrentHeads;
    USHORT CurrentSectorsPerTrack;
    ULONG CurrentSectorCapacity;              /* words 57-58, unaligned */
    UCHAR CurrentMultiSectorSetting;          /* word 59 */
    UCHAR MultiSectorSettingValid : 1;
    UCHAR ReservedByte59 : 3;
    UCHAR SanitizeFeatureSupported : 1;
    UCHAR CryptoScrambleExtCommandSupported : 1;
    UCHAR OverwriteExtCommandSupported : 1;
    UCHAR BlockEraseExtCommandSupported : 1;
    ULONG UserAddressableSectors;             /* words 60-61: 28-bit capacity */
    USHORT ObsoleteWord62;
    USHORT MultiWordDMASupport : 8;           /* word 63 */
    USHORT MultiWordDMAActive : 8;
    USHORT AdvancedPIOModes : 8;              /* word 64 */
    USHORT ReservedByte64 : 8;
    USHORT MinimumMWXferCycleTime;            /* word 65 */
    USHORT RecommendedMWXferCycleTime;
    USHORT MinimumPIOCycleTime;
    USHORT MinimumPIOCycleTimeIORDY;
    struct {                                  /* word 69 */
        USHORT ZonedCapabilities : 2;
        USHORT NonVolatileWriteCache : 1;
        USHORT ExtendedUserAddressableSectorsSupported : 1;
        USHORT DeviceEncryptsAllUserData : 1;
        USHORT ReadZeroAfterTrimSupported : 1;
        USHORT Optional28BitCommandsSupported : 1;
        USHORT IEEE1667 : 1;
        USHORT DownloadMicrocodeDmaSupported : 1;
        USHORT SetMaxSetPasswordUnlockDmaSupported : 1;
        USHORT WriteBufferDmaSupported : 1;
        USHORT ReadBufferDmaSupported : 1;
        USHORT DeviceConfigIdentifySetDmaSupported : 1;
        USHORT LPSAERCSupported : 1;
        USHORT DeterministicReadAfterTrimSupported : 1;
        USHORT CFastSpecSupported : 1;
    } AdditionalSupported;
    USHORT ReservedWords70[5];                /* words 70-74 */
    USHORT QueueDepth : 5;                    /* word 75: NCQ depth minus one */
    USHORT ReservedWord75 : 11;
    struct {                                  /* words 76-77 */
        USHORT Reserved0 : 1;
        USHORT SataGen1 : 1;
        USHORT SataGen2 : 1;
        USHORT SataGen3 : 1;
        USHORT Reserved1 : 4;
        USHORT NCQ : 1;
        USHORT HIPM : 1;
        USHORT PhyEvents : 1;
        USHORT NcqUnload : 1;
        USHORT NcqPriority : 1;
        USHORT HostAutoPS : 1;
        USHORT DeviceAutoPS : 1;
        USHORT ReadLogDMA : 1;
        USHORT Reserved2 : 1;
        USHORT CurrentSpeed : 3;
        USHORT NcqStreaming : 1;
        USHORT NcqQueueMgmt : 1;
        USHORT NcqReceiveSend : 1;
        USHORT DEVSLPtoReducedPwrState : 1;
        USHORT Reserved3 : 8;
    } SerialAtaCapabilities;
    struct {                                  /* word 78 */
        USHORT Reserved0 : 1;
        USHORT NonZeroOffsets : 1;
        USHORT DmaSetupAutoActivate : 1;
        USHORT DIPM : 1;
        USHORT InOrderData : 1;
        USHORT HardwareFeatureControl : 1;
        USHORT SoftwareSettingsPreservation : 1;
        USHORT NCQAutosense : 1;
        USHORT DEVSLP : 1;
        USHORT HybridInformation : 1;
        USHORT Reserved1 : 6;
    } SerialAtaFeaturesSupported;
    struct {                                  /* word 79 */
        USHORT Reserved0 : 1;
        USHORT NonZeroOffsets : 1;
        USHORT DmaSetupAutoActivate : 1;
        USHORT DIPM : 1;
        USHORT InOrderData : 1;
        USHORT HardwareFeatureControl : 1;
        USHORT SoftwareSettingsPreservation : 1;
        USHORT DeviceAutoPS : 1;
        USHORT DEVSLP : 1;
        USHORT HybridInformation : 1;
        USHORT Reserved1 : 6;
    } SerialAtaFeaturesEnabled;
    USHORT MajorRevision;                     /* word 80 */
    USHORT MinorRevision;
    struct {                                  /* words 82-84 */
        USHORT SmartCommands : 1;
        USHORT SecurityMode : 1;
        USHORT RemovableMediaFeature : 1;
        USHORT PowerManagement : 1;
        USHORT Reserved1 : 1;
        USHORT WriteCache : 1;
        USHORT LookAhead : 1;
        USHORT ReleaseInterrupt : 1;
        USHORT ServiceInterrupt : 1;
        USHORT DeviceReset : 1;
        USHORT HostProtectedArea : 1;
        USHORT Obsolete1 : 1;
        USHORT WriteBuffer : 1;
        USHORT ReadBuffer : 1;
        USHORT Nop : 1;
        USHORT Obsolete2 : 1;
        USHORT DownloadMicrocode : 1;
        USHORT DmaQueued : 1;
        USHORT Cfa : 1;
        USHORT AdvancedPm : 1;
        USHORT Msn : 1;
        USHORT PowerUpInStandby : 1;
        USHORT ManualPowerUp : 1;
        USHORT Reserved2 : 1;
        USHORT SetMax : 1;
        USHORT Acoustics : 1;
        USHORT BigLba : 1;
        USHORT DeviceConfigOverlay : 1;
        USHORT FlushCache : 1;
        USHORT FlushCacheExt : 1;
        USHORT WordValid83 : 2;
        USHORT SmartErrorLog : 1;
        USHORT SmartSelfTest : 1;
        USHORT MediaSerialNumber : 1;
        USHORT MediaCardPassThrough : 1;
        USHORT StreamingFeature : 1;
        USHORT GpLogging : 1;
        USHORT WriteFua : 1;
        USHORT WriteQueuedFua : 1;
        USHORT WWN64Bit : 1;
        USHORT URGReadStream : 1;
        USHORT URGWriteStream : 1;
        USHORT ReservedForTechReport : 2;
        USHORT IdleWithUnloadFeature : 1;
        USHORT WordValid : 2;
    } CommandSetSupport;
    struct {                                  /* words 85-87 */
        USHORT SmartCommands : 1;
        USHORT SecurityMode : 1;
        USHORT RemovableMediaFeature : 1;
        USHORT PowerManagement : 1;
        USHORT Reserved1 : 1;
        USHORT WriteCache : 1;
        USHORT LookAhead : 1;
        USHORT ReleaseInterrupt : 1;
        USHORT ServiceInterrupt : 1;
        USHORT DeviceReset : 1;
        USHORT HostProtectedArea : 1;
        USHORT Obsolete1 : 1;
        USHORT WriteBuffer : 1;
        USHORT ReadBuffer : 1;
        USHORT Nop : 1;
        USHORT Obsolete2 : 1;
        USHORT DownloadMicrocode : 1;
        USHORT DmaQueued : 1;
        USHORT Cfa : 1;
        USHORT AdvancedPm : 1;
        USHORT Msn : 1;
        USHORT PowerUpInStandby : 1;
        USHORT ManualPowerUp : 1;
        USHORT Reserved2 : 1;
        USHORT SetMax : 1;
        USHORT Acoustics : 1;
        USHORT BigLba : 1;
        USHORT DeviceConfigOverlay : 1;
        USHORT FlushCache : 1;
        USHORT FlushCacheExt : 1;
        USHORT Resrved3 : 1;
        USHORT Words119_120Valid : 1;
        USHORT SmartErrorLog : 1;
        USHORT SmartSelfTest : 1;
        USHORT MediaSerialNumber : 1;
        USHORT MediaCardPassThrough : 1;
        USHORT StreamingFeature : 1;
        USHORT GpLogging : 1;
        USHORT WriteFua : 1;
        USHORT WriteQueuedFua : 1;
        USHORT WWN64Bit : 1;
        USHORT URGReadStream : 1;
        USHORT URGWriteStream : 1;
        USHORT ReservedForTechReport : 2;
        USHORT IdleWithUnloadFeature : 1;
        USHORT Reserved4 : 2;
    } CommandSetActive;
    USHORT UltraDMASupport : 8;               /* word 88 */
    USHORT UltraDMAActive : 8;
    struct {                                  /* word 89 */
        USHORT TimeRequired : 15;
        USHORT ExtendedTimeReported : 1;
    } NormalSecurityEraseUnit;
    struct {                                  /* word 90 */
        USHORT TimeRequired : 15;
        USHORT ExtendedTimeReported : 1;
    } EnhancedSecurityEraseUnit;
    USHORT CurrentAPMLevel : 8;               /* word 91 */
    USHORT ReservedWord91 : 8;
    USHORT MasterPasswordID;                  /* word 92 */
    USHORT HardwareResetResult;
    USHORT CurrentAcousticValue : 8;          /* word 94 */
    USHORT RecommendedAcousticValue : 8;
    USHORT StreamMinRequestSize;              /* word 95 */
    USHORT StreamingTransferTimeDMA;
    USHORT StreamingAccessLatencyDMAPIO;
    ULONG StreamingPerfGranularity;           /* words 98-99 */
    ULONG Max48BitLBA[2];                     /* words 100-103: 48-bit capacity */
    USHORT StreamingTransferTime;             /* word 104 */
    USHORT DsmCap;                            /* word 105 */
    struct {                                  /* word 106 */
        USHORT LogicalSectorsPerPhysicalSector : 4;
        USHORT Reserved0 : 8;
        USHORT LogicalSectorLongerThan256Words : 1;
        USHORT MultipleLogicalSectorsPerPhysicalSector : 1;
        USHORT Reserved1 : 2;
    } PhysicalLogicalSectorSize;
    USHORT InterSeekDelay;                    /* word 107 */
    USHORT WorldWideName[4];                  /* words 108-111 */
    USHORT ReservedForWorldWideName128[4];
    USHORT ReservedForTlcTechnicalReport;     /* word 116 */
    USHORT WordsPerLogicalSector[2];          /* words 117-118 */
    struct {                                  /* word 119 */
        USHORT ReservedForDrqTechnicalReport : 1;
        USHORT WriteReadVerify : 1;
        USHORT WriteUncorrectableExt : 1;
        USHORT ReadWriteLogDmaExt : 1;
        USHORT DownloadMicrocodeMode3 : 1;
        USHORT FreefallControl : 1;
        USHORT SenseDataReporting : 1;
        USHORT ExtendedPowerConditions : 1;
        USHORT Reserved0 : 6;
        USHORT WordValid : 2;
    } CommandSetSupportExt;
    struct {                                  /* word 120 */
        USHORT ReservedForDrqTechnicalReport : 1;
        USHORT WriteReadVerify : 1;
        USHORT WriteUncorrectableExt : 1;
        USHORT ReadWriteLogDmaExt : 1;
        USHORT DownloadMicrocodeMode3 : 1;
        USHORT FreefallControl : 1;
        USHORT SenseDataReporting : 1;
        USHORT ExtendedPowerConditions : 1;
        USHORT Reserved0 : 6;
        USHORT Reserved1 : 2;
    } CommandSetActiveExt;
    USHORT ReservedForExpandedSupportandActive[6];
    USHORT MsnSupport : 2;                    /* word 127 */
    USHORT ReservedWord127 : 14;
    struct {                                  /* word 128 */
        USHORT SecuritySupported : 1;
        USHORT SecurityEnabled : 1;
        USHORT SecurityLocked : 1;
        USHORT SecurityFrozen : 1;
        USHORT SecurityCountExpired : 1;
        USHORT EnhancedSecurityEraseSupported : 1;
        USHORT Reserved0 : 2;
        USHORT SecurityLevel : 1;
        USHORT Reserved1 : 7;
    } SecurityStatus;
    USHORT ReservedWord129[31];               /* words 129-159, vendor specific */
    struct {                                  /* word 160 */
        USHORT MaximumCurrentInMA : 12;
        USHORT CfaPowerMode1Disabled : 1;
        USHORT CfaPowerMode1Required : 1;
        USHORT Reserved0 : 1;
        USHORT Word160Supported : 1;
    } CfaPowerMode1;
    USHORT ReservedForCfaWord161[7];
    USHORT NominalFormFactor : 4;             /* word 168 */
    USHORT ReservedWord168 : 12;
    struct {                                  /* word 169 */
        USHORT SupportsTrim : 1;
        USHORT Reserved0 : 15;
    } DataSetManagementFeature;
    USHORT AdditionalProductID[4];            /* words 170-173 */
    USHORT ReservedForCfaWord174[2];
    USHORT CurrentMediaSerialNumber[30];      /* words 176-205 */
    struct {                                  /* word 206 */
        USHORT Supported : 1;
        USHORT Reserved0 : 1;
        USHORT WriteSameSuported : 1;
        USHORT ErrorRecoveryControlSupported : 1;
        USHORT FeatureControlSuported : 1;
        USHORT DataTablesSuported : 1;
        USHORT Reserved1 : 6;
        USHORT VendorSpecific : 4;
    } SCTCommandTransport;
    USHORT ReservedWord207[2];
    struct {                                  /* word 209 */
        USHORT AlignmentOfLogicalWithinPhysical : 14;
        USHORT Word209Supported : 1;
        USHORT Reserved0 : 1;
    } BlockAlignment;
    USHORT WriteReadVerifySectorCountMode3Only[2];
    USHORT WriteReadVerifySectorCountMode2Only[2];
    struct {                                  /* word 214 */
        USHORT NVCachePowerModeEnabled : 1;
        USHORT Reserved0 : 3;
        USHORT NVCacheFeatureSetEnabled : 1;
        USHORT Reserved1 : 3;
        USHORT NVCachePowerModeVersion : 4;
        USHORT NVCacheFeatureSetVersion : 4;
    } NVCacheCapabilities;
    USHORT NVCacheSizeLSW;
    USHORT NVCacheSizeMSW;
    USHORT NominalMediaRotationRate;          /* word 217: 1 = solid state */
    USHORT ReservedWord218;
    struct {                                  /* word 219 */
        UCHAR NVCacheEstimatedTimeToSpinUpInSeconds;
        UCHAR Reserved;
    } NVCacheOptions;
    USHORT WriteReadVerifySectorCountMode : 8; /* word 220 */
    USHORT ReservedWord220 : 8;
    USHORT ReservedWord221;
    struct {                                  /* word 222 */
        USHORT MajorVersion : 12;
        USHORT TransportType : 4;
    } TransportMajorVersion;
    USHORT TransportMinorVersion;
    USHORT ReservedWord224[6];
    ULONG ExtendedNumberOfUserAddressableSectors[2]; /* words 230-233 */
    USHORT MinBlocksPerDownloadMicrocodeMode03;
    USHORT MaxBlocksPerDownloadMicrocodeMode03;
    USHORT ReservedWord236[19];
    USHORT Signature : 8;                     /* word 255 */
    USHORT CheckSum : 8;
} IDENTIFY_DEVICE_DATA, *PIDENTIFY_DEVICE_DATA;

USTOR_LAYOUT_ASSERT(sizeof(IDENTIFY_DEVICE_DATA) == 512);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, SerialNumber) == 10 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, FirmwareRevision) == 23 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, ModelNumber) == 27 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, Capabilities) == 49 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, CurrentSectorCapacity) == 57 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, UserAddressableSectors) == 60 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, AdditionalSupported) == 69 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, SerialAtaCapabilities) == 76 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, SerialAtaFeaturesSupported) == 78 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, MajorRevision) == 80 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, CommandSetSupport) == 82 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, CommandSetActive) == 85 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, NormalSecurityEraseUnit) == 89 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, Max48BitLBA) == 100 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, PhysicalLogicalSectorSize) == 106 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, WordsPerLogicalSector) == 117 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, CommandSetSupportExt) == 119 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, SecurityStatus) == 128 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, DataSetManagementFeature) == 169 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, BlockAlignment) == 209 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, NominalMediaRotationRate) == 217 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, TransportMajorVersion) == 222 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, ExtendedNumberOfUserAddressableSectors) == 230 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_DEVICE_DATA, ReservedWord236) == 236 * 2);

typedef struct USTOR_MS_STRUCT _IDENTIFY_PACKET_DATA {
    struct {                                  /* word 0 */
        USHORT PacketType : 2;
        USHORT IncompleteResponse : 1;
        USHORT Reserved1 : 2;
        USHORT DrqDelay : 2;
        USHORT RemovableMedia : 1;
        USHORT CommandPacketType : 5;
        USHORT Reserved2 : 1;
        USHORT DeviceType : 2;
    } GeneralConfiguration;
    USHORT ResevedWord1;
    USHORT UniqueConfiguration;
    USHORT ReservedWords3[7];
    UCHAR SerialNumber[20];                   /* words 10-19 */
    USHORT ReservedWords20[3];
    UCHAR FirmwareRevision[8];                /* words 23-26 */
    UCHAR ModelNumber[40];                    /* words 27-46 */
    USHORT ReservedWords47[2];
    struct {                                  /* words 49-50 */
        USHORT VendorSpecific : 8;
        USHORT DmaSupported : 1;
        USHORT LbaSupported : 1;
        USHORT IordyDisabled : 1;
        USHORT IordySupported : 1;
        USHORT Obsolete : 1;
        USHORT OverlapSupported : 1;
        USHORT QueuedCommandsSupported : 1;
        USHORT InterleavedDmaSupported : 1;
        USHORT DeviceSpecificStandbyTimerValueMin : 1;
        USHORT Obsolete1 : 1;
        USHORT ReservedWord50 : 12;
        USHORT WordValid : 2;
    } Capabilities;
    USHORT ObsoleteWords51[2];
    USHORT TranslationFieldsValid : 3;        /* word 53 */
    USHORT Reserved3 : 13;
    USHORT ReservedWords54[8];
    struct {                                  /* word 62 */
        USHORT UDMA0Supported : 1;
        USHORT UDMA1Supported : 1;
        USHORT UDMA2Supported : 1;
        USHORT UDMA3Supported : 1;
        USHORT UDMA4Supported : 1;
        USHORT UDMA5Supported : 1;
        USHORT UDMA6Supported : 1;
        USHORT MDMA0Supported : 1;
        USHORT MDMA1Supported : 1;
        USHORT MDMA2Supported : 1;
        USHORT DMASupported : 1;
        USHORT ReservedWord62 : 4;
        USHORT DMADIRBitRequired : 1;
    } DMADIR;
    USHORT MultiWordDMASupport : 8;           /* word 63 */
    USHORT MultiWordDMAActive : 8;
    USHORT AdvancedPIOModes : 8;              /* word 64 */
    USHORT ReservedByte64 : 8;
    USHORT MinimumMWXferCycleTime;
    USHORT RecommendedMWXferCycleTime;
    USHORT MinimumPIOCycleTime;
    USHORT MinimumPIOCycleTimeIORDY;
    USHORT ReservedWords69[2];
    USHORT BusReleaseDelay;                   /* word 71 */
    USHORT ServiceCommandDelay;
    USHORT ReservedWords73[2];
    USHORT QueueDepth : 5;                    /* word 75 */
    USHORT ReservedWord75 : 11;
    struct {                                  /* words 76-77 */
        USHORT Reserved0 : 1;
        USHORT SataGen1 : 1;
        USHORT SataGen2 : 1;
        USHORT SataGen3 : 1;
        USHORT Reserved1 : 5;
        USHORT HIPM : 1;
        USHORT PhyEvents : 1;
        USHORT Reserved3 : 2;
        USHORT HostAutoPS : 1;
        USHORT DeviceAutoPS : 1;
        USHORT Reserved4 : 1;
        USHORT Reserved5 : 1;
        USHORT CurrentSpeed : 3;
        USHORT SlimlineDeviceAttention : 1;
        USHORT HostEnvironmentDetect : 1;
        USHORT Reserved : 10;
    } SerialAtaCapabilities;
    struct {                                  /* word 78 */
        USHORT Reserved0 : 1;
        USHORT Reserved1 : 2;
        USHORT DIPM : 1;
        USHORT Reserved2 : 1;
        USHORT AsynchronousNotification : 1;
        USHORT SoftwareSettingsPreservation : 1;
        USHORT Reserved3 : 9;
    } SerialAtaFeaturesSupported;
    struct {                                  /* word 79 */
        USHORT Reserved0 : 1;
        USHORT Reserved1 : 2;
        USHORT DIPM : 1;
        USHORT Reserved2 : 1;
        USHORT AsynchronousNotification : 1;
        USHORT SoftwareSettingsPreservation : 1;
        USHORT DeviceAutoPS : 1;
        USHORT Reserved3 : 8;
    } SerialAtaFeaturesEnabled;
    USHORT MajorRevision;                     /* word 80 */
    USHORT MinorRevision;
    struct {                                  /* word 82 */
        USHORT SmartCommands : 1;
        USHORT SecurityMode : 1;
        USHORT RemovableMedia : 1;
        USHORT PowerManagement : 1;
        USHORT PacketCommands : 1;
        USHORT WriteCache : 1;
        USHORT LookAhead : 1;
        USHORT ReleaseInterrupt : 1;
        USHORT ServiceInterrupt : 1;
        USHORT DeviceReset : 1;
        USHORT HostProtectedArea : 1;
        USHORT Obsolete1 : 1;
        USHORT WriteBuffer : 1;
        USHORT ReadBuffer : 1;
        USHORT Nop : 1;
        USHORT Obsolete2 : 1;
        USHORT DownloadMicrocode : 1;         /* word 83 */
        USHORT Reserved1 : 2;
        USHORT AdvancedPm : 1;
        USHORT Msn : 1;
        USHORT PowerUpInStandby : 1;
        USHORT ManualPowerUp : 1;
        USHORT Reserved2 : 1;
        USHORT SetMax : 1;
        USHORT Reserved3 : 3;
        USHORT FlushCache : 1;
        USHORT Reserved4 : 1;
        USHORT WordValid : 2;
    } CommandSetSupport;
    struct {                                  /* word 84 */
        USHORT Reserved0 : 5;
        USHORT GpLogging : 1;
        USHORT Reserved1 : 2;
        USHORT WWN64Bit : 1;
        USHORT Reserved2 : 5;
        USHORT WordValid : 2;
    } CommandSetSupportExt;
    struct {                                  /* words 85-86 */
        USHORT SmartCommands : 1;
        USHORT SecurityMode : 1;
        USHORT RemovableMedia : 1;
        USHORT PowerManagement : 1;
        USHORT PacketCommands : 1;
        USHORT WriteCache : 1;
        USHORT LookAhead : 1;
        USHORT ReleaseInterrupt : 1;
        USHORT ServiceInterrupt : 1;
        USHORT DeviceReset : 1;
        USHORT HostProtectedArea : 1;
        USHORT Obsolete1 : 1;
        USHORT WriteBuffer : 1;
        USHORT ReadBuffer : 1;
        USHORT Nop : 1;
        USHORT Obsolete2 : 1;
        USHORT DownloadMicrocode : 1;
        USHORT Reserved1 : 2;
        USHORT AdvancedPm : 1;
        USHORT Msn : 1;
        USHORT PowerUpInStandby : 1;
        USHORT ManualPowerUp : 1;
        USHORT Reserved2 : 1;
        USHORT SetMax : 1;
        USHORT Reserved3 : 3;
        USHORT FlushCache : 1;
        USHORT Reserved : 3;
    } CommandSetActive;
    struct {                                  /* word 87 */
        USHORT Reserved0 : 5;
        USHORT GpLogging : 1;
        USHORT Reserved1 : 2;
        USHORT WWN64Bit : 1;
        USHORT Reserved2 : 5;
        USHORT WordValid : 2;
    } CommandSetActiveExt;
    USHORT UltraDMASupport : 8;               /* word 88 */
    USHORT UltraDMAActive : 8;
    USHORT TimeRequiredForNormalEraseModeSecurityEraseUnit;   /* word 89 */
    USHORT TimeRequiredForEnhancedEraseModeSecurityEraseUnit;
    USHORT CurrentAPMLevel;
    USHORT MasterPasswordID;
    USHORT HardwareResetResult;               /* word 93 */
    USHORT ReservedWords94[14];
    USHORT WorldWideName[4];                  /* words 108-111 */
    USHORT ReservedWords112[13];
    USHORT AtapiZeroByteCount;                /* word 125 */
    USHORT ReservedWord126;
    USHORT MsnSupport : 2;                    /* word 127 */
    USHORT ReservedWord127 : 14;
    USHORT SecurityStatus;                    /* word 128 */
    USHORT VendorSpecific[31];
    USHORT ReservedWord160[16];
    USHORT ReservedWord176[46];
    struct {                                  /* word 222 */
        USHORT MajorVersion : 12;
        USHORT TransportType : 4;
    } TransportMajorVersion;
    USHORT TransportMinorVersion;
    USHORT ReservedWord224[31];
    USHORT Signature : 8;                     /* word 255 */
    USHORT CheckSum : 8;
} IDENTIFY_PACKET_DATA, *PIDENTIFY_PACKET_DATA;

USTOR_LAYOUT_ASSERT(sizeof(IDENTIFY_PACKET_DATA) == 512);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, SerialNumber) == 10 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, ModelNumber) == 27 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, DMADIR) == 62 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, SerialAtaCapabilities) == 76 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, CommandSetSupport) == 82 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, WorldWideName) == 108 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, AtapiZeroByteCount) == 125 * 2);
USTOR_LAYOUT_ASSERT(offsetof(IDENTIFY_PACKET_DATA, TransportMajorVersion) == 222 * 2);

#pragma pack(pop)

#endif /* USTOR_ATA_IDENTIFY_H */
