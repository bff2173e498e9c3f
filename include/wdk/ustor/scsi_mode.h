/*
 * ustor/scsi_mode.h - MODE SENSE / MODE SELECT data: the 6- and 10-byte mode parameter
 * headers, block descriptors, the mode pages disk miniports build (read-write error
 * recovery, disconnect, format, rigid geometry, caching, control, power condition,
 * informational exceptions), and the MODE_PAGE_* / MODE_SENSE_* / MODE_DSP_* codes.
 * Page layouts follow SPC-5/SBC-4 (the caching page in its 12-byte WDK form); names
 * are the WDK's, including its historical misspellings. Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_MODE_H
#define USTOR_SCSI_MODE_H

#include "nt_base.h"

/* ---- page codes ---- */
#define MODE_PAGE_VENDOR_SPECIFIC               0x00
#define MODE_PAGE_ERROR_RECOVERY                0x01
#define MODE_PAGE_READ_WRITE_ERROR_RECOVERY     0x01
#define MODE_PAGE_DISCONNECT                    0x02
#define MODE_PAGE_DISCONNECT_RECONNECT          0x02
#define MODE_PAGE_FORMAT_DEVICE                 0x03
#define MODE_PAGE_MRW                           0x03
#define MODE_PAGE_RIGID_GEOMETRY                0x04
#define MODE_PAGE_FLEXIBILE                     0x05
#define MODE_PAGE_WRITE_PARAMETERS              0x05
#define MODE_PAGE_VERIFY_ERROR                  0x07
#define MODE_PAGE_CACHING                       0x08
#define MODE_PAGE_PERIPHERAL                    0x09
#define MODE_PAGE_CONTROL                       0x0A
#define MODE_PAGE_MEDIUM_TYPES                  0x0B
#define MODE_PAGE_NOTCH_PARTITION               0x0C
#define MODE_PAGE_CD_AUDIO_CONTROL              0x0E
#define MODE_PAGE_DATA_COMPRESS                 0x0F
#define MODE_PAGE_DEVICE_CONFIG                 0x10
#define MODE_PAGE_XOR_CONTROL                   0x10
#define MODE_PAGE_MEDIUM_PARTITION              0x11
#define MODE_PAGE_ENCLOSURE_SERVICES_MANAGEMENT 0x14
#define MODE_PAGE_EXTENDED                      0x15
#define MODE_PAGE_EXTENDED_DEVICE_SPECIFIC      0x16
#define MODE_PAGE_CDVD_FEATURE_SET              0x18
#define MODE_PAGE_PROTOCOL_SPECIFIC_LUN         0x18
#define MODE_PAGE_PROTOCOL_SPECIFIC_PORT        0x19
#define MODE_PAGE_POWER_CONDITION               0x1A
#define MODE_PAGE_LUN_MAPPING                   0x1B
#define MODE_PAGE_FAULT_REPORTING               0x1C
#define MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL 0x1C
#define MODE_PAGE_CDVD_INACTIVITY               0x1D
#define MODE_PAGE_ELEMENT_ADDRESS               0x1D
#define MODE_PAGE_TRANSPORT_GEOMETRY            0x1E
#define MODE_PAGE_DEVICE_CAPABILITIES           0x1F
#define MODE_PAGE_CAPABILITIES                  0x2A
#define MODE_SENSE_RETURN_ALL                   0x3F
#define MODE_PAGE_RETURN_ALL                    0x3F

/* ---- page control field of MODE SENSE (already shifted to bits 7:6) ---- */
#define MODE_SENSE_CURRENT_VALUES       0x00
#define MODE_SENSE_CHANGEABLE_VALUES    0x40
#define MODE_SENSE_DEFAULT_VAULES       0x80
#define MODE_SENSE_SAVED_VALUES         0xC0

/* ---- MODE SELECT flags (CDB byte 1) ---- */
#define SETBITON    1
#define SETBITOFF   0

/* Byte-packed like the WDK. */
#pragma pack(push, 1)

/* ---- mode parameter headers ---- */
typedef struct _MODE_PARAMETER_HEADER {
    UCHAR ModeDataLength;
    UCHAR MediumType;
    UCHAR DeviceSpecificParameter;
    UCHAR BlockDescriptorLength;
} MODE_PARAMETER_HEADER, *PMODE_PARAMETER_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(MODE_PARAMETER_HEADER) == 4);

typedef struct _MODE_PARAMETER_HEADER10 {
    UCHAR ModeDataLength[2];
    UCHAR MediumType;
    UCHAR DeviceSpecificParameter;
    UCHAR Reserved[2];
    UCHAR BlockDescriptorLength[2];
} MODE_PARAMETER_HEADER10, *PMODE_PARAMETER_HEADER10;
USTOR_LAYOUT_ASSERT(sizeof(MODE_PARAMETER_HEADER10) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(MODE_PARAMETER_HEADER10, BlockDescriptorLength) == 6);

/* Medium types of flexible disks and the device-specific parameter bits of disks. */
#define MODE_FD_SINGLE_SIDE     0x01
#define MODE_FD_DOUBLE_SIDE     0x02
#define MODE_FD_MAXIMUM_TYPE    0x1E
#define MODE_DSP_FUA_SUPPORTED  0x10
#define MODE_DSP_WRITE_PROTECT  0x80

/* Short LBA block descriptor. */
typedef struct _MODE_PARAMETER_BLOCK {
    UCHAR DensityCode;
    UCHAR NumberOfBlocks[3];
    UCHAR Reserved;
    UCHAR BlockLength[3];
} MODE_PARAMETER_BLOCK, *PMODE_PARAMETER_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(MODE_PARAMETER_BLOCK) == 8);

/* Long LBA block descriptor (MODE SENSE(10) with LLBAA). */
typedef struct _LONG_MODE_PARAMETER_BLOCK {
    UCHAR NumberOfBlocks[8];
    UCHAR DensityCode;
    UCHAR Reserved[3];
    UCHAR BlockLength[4];
} LONG_MODE_PARAMETER_BLOCK, *PLONG_MODE_PARAMETER_BLOCK;
USTOR_LAYOUT_ASSERT(sizeof(LONG_MODE_PARAMETER_BLOCK) == 16);

typedef struct _MODE_PARM_READ_WRITE {
    MODE_PARAMETER_HEADER ParameterListHeader;
    MODE_PARAMETER_BLOCK ParameterListBlock;
} MODE_PARM_READ_WRITE_DATA, *PMODE_PARM_READ_WRITE_DATA;
USTOR_LAYOUT_ASSERT(sizeof(MODE_PARM_READ_WRITE_DATA) == 12);

/* ---- pages (byte 0: page code, SPF/reserved bit, PS bit) ---- */
typedef struct USTOR_MS_STRUCT _MODE_READ_WRITE_RECOVERY_PAGE {
    UCHAR PageCode : 6;
    UCHAR Reserved1 : 1;
    UCHAR PSBit : 1;
    UCHAR PageLength;
    UCHAR DCRBit : 1;
    UCHAR DTEBit : 1;
    UCHAR PERBit : 1;
    UCHAR EERBit : 1;
    UCHAR RCBit : 1;
    UCHAR TBBit : 1;
    UCHAR ARRE : 1;
    UCHAR AWRE : 1;
    UCHAR ReadRetryCount;
    UCHAR Reserved4[4];
    UCHAR WriteRetryCount;
    UCHAR Reserved5[3];
} MODE_READ_WRITE_RECOVERY_PAGE, *PMODE_READ_WRITE_RECOVERY_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(MODE_READ_WRITE_RECOVERY_PAGE) == 12);

typedef struct USTOR_MS_STRUCT _MODE_DISCONNECT_PAGE {
    UCHAR PageCode : 6;
    UCHAR Reserved : 1;
    UCHAR PageSavable : 1;
    UCHAR PageLength;
    UCHAR BufferFullRatio;
    UCHAR BufferEmptyRatio;
    UCHAR BusInactivityLimit[2];
    UCHAR BusDisconnectTime[2];
    UCHAR BusConnectTime[2];
    UCHAR MaximumBurstSize[2];
    UCHAR DataTransferDisconnect : 2;
    UCHAR Reserved2 : 6;
    UCHAR Reserved3[3];
} MODE_DISCONNECT_PAGE, *PMODE_DISCONNECT_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(MODE_DISCONNECT_PAGE) == 16);

typedef struct USTOR_MS_STRUCT _MODE_FORMAT_PAGE {
    UCHAR PageCode : 6;
    UCHAR Reserved : 1;
    UCHAR PageSavable : 1;
    UCHAR PageLength;
    UCHAR TracksPerZone[2];
    UCHAR AlternateSectorsPerZone[2];
    UCHAR AlternateTracksPerZone[2];
    UCHAR AlternateTracksPerLogicalUnit[2];
    UCHAR SectorsPerTrack[2];
    UCHAR BytesPerPhysicalSector[2];
    UCHAR Interleave[2];
    UCHAR TrackSkewFactor[2];
    UCHAR CylinderSkewFactor[2];
    UCHAR Reserved2 : 4;
    UCHAR SurfaceFirst : 1;
    UCHAR RemovableMedia : 1;
    UCHAR HardSectorFormating : 1;
    UCHAR SoftSectorFormating : 1;
    UCHAR Reserved3[3];
} MODE_FORMAT_PAGE, *PMODE_FORMAT_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(MODE_FORMAT_PAGE) == 24);

typedef struct USTOR_MS_STRUCT _MODE_RIGID_GEOMETRY_PAGE {
    UCHAR PageCode : 6;
    UCHAR Reserved : 1;
    UCHAR PageSavable : 1;
    UCHAR PageLength;
    UCHAR NumberOfCylinders[3];
    UCHAR NumberOfHeads;
    UCHAR StartWritePrecom[3];
    UCHAR StartReducedCurrent[3];
    UCHAR DriveStepRate[2];
    UCHAR LandZoneCyclinder[3];
    UCHAR RotationalPositionLock : 2;
    UCHAR Reserved2 : 6;
    UCHAR RotationOffset;
    UCHAR Reserved3;
    UCHAR RoataionRate[2];
    UCHAR Reserved4[2];
} MODE_RIGID_GEOMETRY_PAGE, *PMODE_RIGID_GEOMETRY_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(MODE_RIGID_GEOMETRY_PAGE) == 24);

/* Caching page in the WDK's 12-byte form (page length 10). */
typedef struct USTOR_MS_STRUCT _MODE_CACHING_PAGE {
    UCHAR PageCode : 6;
    UCHAR Reserved : 1;
    UCHAR PageSavable : 1;
    UCHAR PageLength;
    UCHAR ReadDisableCache : 1;
    UCHAR MultiplicationFactor : 1;
    UCHAR WriteCacheEnable : 1;
    UCHAR Reserved2 : 5;
    UCHAR WriteRetensionPriority : 4;
    UCHAR ReadRetensionPriority : 4;
    UCHAR DisablePrefetchTransfer[2];
    UCHAR MinimumPrefetch[2];
    UCHAR MaximumPrefetch[2];
    UCHAR MaximumPrefetchCeiling[2];
} MODE_CACHING_PAGE, *PMODE_CACHING_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(MODE_CACHING_PAGE) == 12);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(MODE_CACHING_PAGE, DisablePrefetchTransfer) == 4);

/* Control mode page (SPC-5 7.5.10). */
typedef struct USTOR_MS_STRUCT _MODE_CONTROL_PAGE {
    UCHAR PageCode : 6;
    UCHAR SubPageFormat : 1;
    UCHAR PageSavable : 1;
    UCHAR PageLength;
    UCHAR RLEC : 1;
    UCHAR GLTSD : 1;
    UCHAR D_SENSE : 1;
    UCHAR DPICZ : 1;
    UCHAR TMF_ONLY : 1;
    UCHAR TST : 3;
    UCHAR Obsolete1 : 1;
    UCHAR QERR : 2;
    UCHAR NUAR : 1;
    UCHAR QueueAlgorithmModifier : 4;
    UCHAR Obsolete2 : 3;
    UCHAR SWP : 1;
    UCHAR UA_INTLCK_CTRL : 2;
    UCHAR RAC : 1;
    UCHAR VS : 1;
    UCHAR AutoloadMode : 3;
    UCHAR Reserved1 : 1;
    UCHAR RWWP : 1;
    UCHAR ATMPE : 1;
    UCHAR TAS : 1;
    UCHAR ATO : 1;
    UCHAR Obsolete3[2];
    UCHAR BusyTimeoutPeriod[2];
    UCHAR ExtendedSelfTestCompletionTime[2];
} MODE_CONTROL_PAGE, *PMODE_CONTROL_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(MODE_CONTROL_PAGE) == 12);

typedef struct USTOR_MS_STRUCT _POWER_CONDITION_PAGE {
    UCHAR PageCode : 6;
    UCHAR Reserved : 1;
    UCHAR PSBit : 1;
    UCHAR PageLength;
    UCHAR Reserved2;
    UCHAR Standby : 1;
    UCHAR Idle : 1;
    UCHAR Reserved3 : 6;
    UCHAR IdleTimer[4];
    UCHAR StandbyTimer[4];
} POWER_CONDITION_PAGE, *PPOWER_CONDITION_PAGE;
USTOR_LAYOUT_ASSERT(sizeof(POWER_CONDITION_PAGE) == 12);

/* Informational exceptions control page (0x1C). */
typedef struct USTOR_MS_STRUCT _MODE_INFO_EXCEPTIONS {
    UCHAR PageCode : 6;
    UCHAR Reserved1 : 1;
    UCHAR PSBit : 1;
    UCHAR PageLength;
    union {
        UCHAR Flags;
        struct USTOR_MS_STRUCT {
            UCHAR LogErr : 1;
            UCHAR Reserved2 : 1;
            UCHAR Test : 1;
            UCHAR Dexcpt : 1;
            UCHAR Reserved3 : 3;
            UCHAR Perf : 1;
        };
    };
    UCHAR ReportMethod : 4;
    UCHAR Reserved4 : 4;
    UCHAR IntervalTimer[4];
    UCHAR ReportCount[4];
} MODE_INFO_EXCEPTIONS, *PMODE_INFO_EXCEPTIONS;
USTOR_LAYOUT_ASSERT(sizeof(MODE_INFO_EXCEPTIONS) == 12);

#pragma pack(pop)

/* MRIE values (MODE_INFO_EXCEPTIONS.ReportMethod). */
#define IE_REPORT_NO_REPORT                 0x0
#define IE_REPORT_ASYNCH_EVENT              0x1
#define IE_REPORT_UNIT_ATTN                 0x2
#define IE_REPORT_COND_RECOVERED_ERR        0x3
#define IE_REPORT_UNCOND_RECOVERED_ERR      0x4
#define IE_REPORT_NO_SENSE                  0x5
#define IE_REPORT_ON_REQUEST                0x6

#endif /* USTOR_SCSI_MODE_H */
