/*
 * ustor/scsi_sense.h - SCSI status and sense data: SCSISTAT_* status bytes, fixed-format
 * SENSE_DATA, descriptor-format DESCRIPTOR_SENSE_DATA with its descriptors, sense keys
 * (SCSI_SENSE_*), additional sense codes (SCSI_ADSENSE_*) and qualifiers (SCSI_SENSEQ_*).
 * Code values are those of SPC-5 annex; names are the WDK's. Names nvme redefines
 * itself are spelled with the same tokens so both definitions agree silently.
 * Leaves out: the scsi.h sense-parsing inlines (ScsiGetSenseKeyAndCodes ...).
 * Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_SENSE_H
#define USTOR_SCSI_SENSE_H

#include "nt_base.h"

/* ---- SCSI status byte (SAM-5) ---- */
#define SCSISTAT_GOOD                   0x00
#define SCSISTAT_CHECK_CONDITION        0x02
#define SCSISTAT_CONDITION_MET          0x04
#define SCSISTAT_BUSY                   0x08
#define SCSISTAT_INTERMEDIATE           0x10
#define SCSISTAT_INTERMEDIATE_COND_MET  0x14
#define SCSISTAT_RESERVATION_CONFLICT   0x18
#define SCSISTAT_COMMAND_TERMINATED     0x22
#define SCSISTAT_QUEUE_FULL             0x28
#define SCSISTAT_TASK_ABORTED           0x40

/* Byte-packed like the WDK. */
#pragma pack(push, 1)

/* ---- fixed-format sense data (response codes 0x70/0x71) ---- */
typedef struct USTOR_MS_STRUCT _SENSE_DATA {
    UCHAR ErrorCode : 7;
    UCHAR Valid : 1;
    UCHAR SegmentNumber;
    UCHAR SenseKey : 4;
    UCHAR Reserved : 1;
    UCHAR IncorrectLength : 1;
    UCHAR EndOfMedia : 1;
    UCHAR FileMark : 1;
    UCHAR Information[4];
    UCHAR AdditionalSenseLength;
    UCHAR CommandSpecificInformation[4];
    UCHAR AdditionalSenseCode;
    UCHAR AdditionalSenseCodeQualifier;
    UCHAR FieldReplaceableUnitCode;
    UCHAR SenseKeySpecific[3];
} SENSE_DATA, *PSENSE_DATA;
USTOR_LAYOUT_ASSERT(sizeof(SENSE_DATA) == 18 && _Alignof(SENSE_DATA) == 1);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SENSE_DATA, AdditionalSenseLength) == 7);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SENSE_DATA, AdditionalSenseCode) == 12);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SENSE_DATA, SenseKeySpecific) == 15);

#define SENSE_BUFFER_SIZE           (sizeof(SENSE_DATA))
#define MAX_SENSE_BUFFER_SIZE       255
#define MAX_ADDITIONAL_SENSE_BYTES  (MAX_SENSE_BUFFER_SIZE - SENSE_BUFFER_SIZE)

/* Fixed-format sense with room for every additional byte a device may return. */
typedef struct USTOR_MS_STRUCT _SENSE_DATA_EX {
    UCHAR ErrorCode : 7;
    UCHAR Valid : 1;
    UCHAR SegmentNumber;
    UCHAR SenseKey : 4;
    UCHAR Reserved : 1;
    UCHAR IncorrectLength : 1;
    UCHAR EndOfMedia : 1;
    UCHAR FileMark : 1;
    UCHAR Information[4];
    UCHAR AdditionalSenseLength;
    UCHAR CommandSpecificInformation[4];
    UCHAR AdditionalSenseCode;
    UCHAR AdditionalSenseCodeQualifier;
    UCHAR FieldReplaceableUnitCode;
    UCHAR SenseKeySpecific[3];
    UCHAR AdditionalSenseBytes[MAX_ADDITIONAL_SENSE_BYTES];
} SENSE_DATA_EX, *PSENSE_DATA_EX;
USTOR_LAYOUT_ASSERT(sizeof(SENSE_DATA_EX) == MAX_SENSE_BUFFER_SIZE);

/* ---- descriptor-format sense data (response codes 0x72/0x73) ---- */
typedef struct USTOR_MS_STRUCT _DESCRIPTOR_SENSE_DATA {
    UCHAR ErrorCode : 7;
    UCHAR Reserved1 : 1;
    UCHAR SenseKey : 4;
    UCHAR Reserved2 : 4;
    UCHAR AdditionalSenseCode;
    UCHAR AdditionalSenseCodeQualifier;
    UCHAR Reserved3[3];
    UCHAR AdditionalSenseLength;
    UCHAR DescriptorBuffer[ANYSIZE_ARRAY];
} DESCRIPTOR_SENSE_DATA, *PDESCRIPTOR_SENSE_DATA;
USTOR_LAYOUT_ASSERT(__builtin_offsetof(DESCRIPTOR_SENSE_DATA, AdditionalSenseLength) == 7);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(DESCRIPTOR_SENSE_DATA, DescriptorBuffer) == 8);

/* Response codes (byte 0, low 7 bits). */
#define SCSI_SENSE_ERRORCODE_FIXED_CURRENT       0x70
#define SCSI_SENSE_ERRORCODE_FIXED_DEFERRED      0x71
#define SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT  0x72
#define SCSI_SENSE_ERRORCODE_DESCRIPTOR_DEFERRED 0x73

/* Sense data descriptor types (SPC-5 4.4.2). */
#define SCSI_SENSE_DESCRIPTOR_TYPE_INFORMATION                  0x00
#define SCSI_SENSE_DESCRIPTOR_TYPE_COMMAND_SPECIFIC             0x01
#define SCSI_SENSE_DESCRIPTOR_TYPE_SENSE_KEY_SPECIFIC           0x02
#define SCSI_SENSE_DESCRIPTOR_TYPE_FIELD_REPLACEABLE_UNIT       0x03
#define SCSI_SENSE_DESCRIPTOR_TYPE_STREAM_COMMAND               0x04
#define SCSI_SENSE_DESCRIPTOR_TYPE_BLOCK_COMMAND                0x05
#define SCSI_SENSE_DESCRIPTOR_TYPE_OSD_OBJECT_IDENTIFICATION    0x06
#define SCSI_SENSE_DESCRIPTOR_TYPE_OSD_RESPONSE_INTEGRITY_CHECK 0x07
#define SCSI_SENSE_DESCRIPTOR_TYPE_OSD_ATTRIBUTE_IDENTIFICATION 0x08
#define SCSI_SENSE_DESCRIPTOR_TYPE_ATA_STATUS_RETURN            0x09
#define SCSI_SENSE_DESCRIPTOR_TYPE_PROGRESS_INDICATION          0x0A
#define SCSI_SENSE_DESCRIPTOR_TYPE_USER_DATA_SEGMENT_REFERRAL   0x0B
#define SCSI_SENSE_DESCRIPTOR_TYPE_FORWARDED_SENSE_DATA         0x0C
#define SCSI_SENSE_DESCRIPTOR_TYPE_DIRECT_ACCESS_BLOCK_DEVICE   0x0D
#define SCSI_SENSE_DESCRIPTOR_TYPE_DEVICE_DESIGNATION           0x0E
#define SCSI_SENSE_DESCRIPTOR_TYPE_MICROCODE_ACTIVATION         0x0F
#define SCSI_SENSE_DESCRIPTOR_TYPE_VENDOR_SPECIFIC              0x80

typedef struct _SCSI_SENSE_DESCRIPTOR_HEADER {
    UCHAR DescriptorType;
    UCHAR AdditionalLength;
} SCSI_SENSE_DESCRIPTOR_HEADER, *PSCSI_SENSE_DESCRIPTOR_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_HEADER) == 2);

typedef struct USTOR_MS_STRUCT _SCSI_SENSE_DESCRIPTOR_INFORMATION {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Reserved1 : 7;
    UCHAR Valid : 1;
    UCHAR Reserved2;
    UCHAR Information[8];
} SCSI_SENSE_DESCRIPTOR_INFORMATION, *PSCSI_SENSE_DESCRIPTOR_INFORMATION;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_INFORMATION) == 12);

typedef struct _SCSI_SENSE_DESCRIPTOR_COMMAND_SPECIFIC {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Reserved1[2];
    UCHAR CommandSpecificInformation[8];
} SCSI_SENSE_DESCRIPTOR_COMMAND_SPECIFIC, *PSCSI_SENSE_DESCRIPTOR_COMMAND_SPECIFIC;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_COMMAND_SPECIFIC) == 12);

typedef struct USTOR_MS_STRUCT _SCSI_SENSE_DESCRIPTOR_SENSE_KEY_SPECIFIC {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Reserved1[2];
    UCHAR SenseKeySpecific1 : 7;
    UCHAR SKSV : 1;
    UCHAR SenseKeySpecific2[2];
    UCHAR Reserved2;
} SCSI_SENSE_DESCRIPTOR_SENSE_KEY_SPECIFIC, *PSCSI_SENSE_DESCRIPTOR_SENSE_KEY_SPECIFIC;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_SENSE_KEY_SPECIFIC) == 8);

typedef struct USTOR_MS_STRUCT _SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Reserved1;
    UCHAR Reserved2 : 5;
    UCHAR IncorrectLength : 1;
    UCHAR Reserved3 : 2;
} SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND, *PSCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND) == 4);

/* SAT: the ATA registers at completion, returned with ATA PASS-THROUGH CK_COND. */
typedef struct USTOR_MS_STRUCT _SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Extend : 1;
    UCHAR Reserved0 : 7;
    UCHAR Error;
    UCHAR SectorCount15_8;
    UCHAR SectorCount7_0;
    UCHAR LbaLow15_8;
    UCHAR LbaLow7_0;
    UCHAR LbaMid15_8;
    UCHAR LbaMid7_0;
    UCHAR LbaHigh15_8;
    UCHAR LbaHigh7_0;
    UCHAR Device;
    UCHAR Status;
} SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN, *PSCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN) == 14);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN, Error) == 3);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN, Status) == 13);

typedef struct _SCSI_SENSE_DESCRIPTOR_PROGRESS_INDICATION {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR SenseKey;
    UCHAR AdditionalSenseCode;
    UCHAR AdditionalSenseCodeQualifier;
    UCHAR Reserved;
    UCHAR ProgressIndication[2];
} SCSI_SENSE_DESCRIPTOR_PROGRESS_INDICATION, *PSCSI_SENSE_DESCRIPTOR_PROGRESS_INDICATION;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_SENSE_DESCRIPTOR_PROGRESS_INDICATION) == 8);

#pragma pack(pop)

/* ---- sense keys ---- */
#define SCSI_SENSE_NO_SENSE         0x00
#define SCSI_SENSE_RECOVERED_ERROR  0x01
#define SCSI_SENSE_NOT_READY        0x02
#define SCSI_SENSE_MEDIUM_ERROR     0x03
#define SCSI_SENSE_HARDWARE_ERROR   0x04
#define SCSI_SENSE_ILLEGAL_REQUEST  0x05
#define SCSI_SENSE_UNIT_ATTENTION   0x06
#define SCSI_SENSE_DATA_PROTECT     0x07
#define SCSI_SENSE_BLANK_CHECK      0x08
#define SCSI_SENSE_UNIQUE           0x09
#define SCSI_SENSE_COPY_ABORTED     0x0A
#define SCSI_SENSE_ABORTED_COMMAND  0x0B
#define SCSI_SENSE_EQUAL            0x0C
#define SCSI_SENSE_VOL_OVERFLOW     0x0D
#define SCSI_SENSE_MISCOMPARE       0x0E
#define SCSI_SENSE_RESERVED         0x0F

/* ---- additional sense codes ---- */
#define SCSI_ADSENSE_NO_SENSE                               0x00
#define SCSI_ADSENSE_NO_SEEK_COMPLETE                       0x02
#define SCSI_ADSENSE_PERIPHERAL_DEV_WRITE_FAULT             0x03
#define SCSI_ADSENSE_LUN_NOT_READY                          0x04
#define SCSI_ADSENSE_LUN_COMMUNICATION                      0x08
#define SCSI_ADSENSE_SERVO_ERROR                            0x09
#define SCSI_ADSENSE_WARNING                                0x0B
#define SCSI_ADSENSE_WRITE_ERROR                            0x0C
#define SCSI_ADSENSE_COPY_TARGET_DEVICE_ERROR               0x0D
#define SCSI_ADSENSE_LOG_BLOCK_GUARD_CHECK_FAILED           0x10
#define SCSI_ADSENSE_LOG_BLOCK_APPTAG_CHECK_FAILED          0x10
#define SCSI_ADSENSE_LOG_BLOCK_REFTAG_CHECK_FAILED          0x10
#define SCSI_ADSENSE_UNRECOVERED_ERROR                      0x11
#define SCSI_ADSENSE_UNRECOVERED_READ_ERROR                 0x11
#define SCSI_ADSENSE_TRACK_ERROR                            0x14
#define SCSI_ADSENSE_SEEK_ERROR                             0x15
#define SCSI_ADSENSE_REC_DATA_NOECC                         0x17
#define SCSI_ADSENSE_REC_DATA_ECC                           0x18
#define SCSI_ADSENSE_DEFECT_LIST_ERROR                      0x19
#define SCSI_ADSENSE_PARAMETER_LIST_LENGTH                  0x1A
#define SCSI_ADSENSE_MISCOMPARE_DURING_VERIFY_OPERATION     0x1D
#define SCSI_ADSENSE_MISCOMPARE_DURING_VERIFY               0x1D
#define SCSI_ADSENSE_ILLEGAL_COMMAND                        0x20
#define SCSI_ADSENSE_ACCESS_DENIED                          0x20
#define SCSI_ADSENSE_ACCESS_DENIED_INVALID_LUN_ID           0x20
#define SCSI_ADSENSE_ILLEGAL_BLOCK                          0x21
#define SCSI_ADSENSE_INVALID_TOKEN                          0x23
#define SCSI_ADSENSE_INVALID_CDB                            0x24
#define SCSI_ADSENSE_INVALID_LUN                            0x25
#define SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST           0x26
#define SCSI_ADSENSE_WRITE_PROTECT                          0x27
#define SCSI_ADSENSE_MEDIUM_CHANGED                         0x28
#define SCSI_ADSENSE_BUS_RESET                              0x29
#define SCSI_ADSENSE_PARAMETERS_CHANGED                     0x2A
#define SCSI_ADSENSE_COMMAND_SEQUENCE_ERROR                 0x2C
#define SCSI_ADSENSE_INSUFFICIENT_TIME_FOR_OPERATION        0x2E
#define SCSI_ADSENSE_INVALID_MEDIA                          0x30
#define SCSI_ADSENSE_MEDIUM_FORMAT_CORRUPTED                0x31
#define SCSI_ADSENSE_FORMAT_COMMAND_FAILED                  0x31
#define SCSI_ADSENSE_DEFECT_LIST                            0x32
#define SCSI_ADSENSE_LB_PROVISIONING                        0x38
#define SCSI_ADSENSE_NO_MEDIA_IN_DEVICE                     0x3A
#define SCSI_ADSENSE_POSITION_ERROR                         0x3B
#define SCSI_ADSENSE_LOGICAL_UNIT_ERROR                     0x3E
#define SCSI_ADSENSE_OPERATING_CONDITIONS_CHANGED           0x3F
#define SCSI_ADSENSE_DATA_PATH_FAILURE                      0x41
#define SCSI_ADSENSE_POWER_ON_SELF_TEST_FAILURE             0x42
#define SCSI_ADSENSE_INTERNAL_TARGET_FAILURE                0x44
#define SCSI_ADSENSE_DATA_TRANSFER_ERROR                    0x4B
#define SCSI_ADSENSE_LUN_FAILED_SELF_CONFIGURATION          0x4C
#define SCSI_ADSENSE_MEDIUM_REMOVAL_PREVENTED               0x53
#define SCSI_ADSENSE_RESOURCE_FAILURE                       0x55
#define SCSI_ADSENSE_OPERATOR_REQUEST                       0x5A
#define SCSI_ADSENSE_FAILURE_PREDICTION_THRESHOLD_EXCEEDED  0x5D
#define SCSI_ADSENSE_ILLEGAL_MODE_FOR_THIS_TRACK            0x64
#define SCSI_ADSENSE_COPY_PROTECTION_FAILURE                0x6F
#define SCSI_ADSENSE_POWER_CALIBRATION_ERROR                0x73
#define SCSI_ADSENSE_VENDOR_UNIQUE                          0x80
#define SCSI_ADSENSE_MUSIC_AREA                             0xA0
#define SCSI_ADSENSE_DATA_AREA                              0xA1
#define SCSI_ADSENSE_VOLUME_OVERFLOW                        0xA7

/* Older WDK spellings of two codes above. */
#define SCSI_ADWRITE_PROTECT                                SCSI_ADSENSE_WRITE_PROTECT
#define SCSI_FAILURE_PREDICTION_THRESHOLD_EXCEEDED          SCSI_ADSENSE_FAILURE_PREDICTION_THRESHOLD_EXCEEDED

/* ---- additional sense code qualifiers, grouped by the code they qualify ---- */
/* 0x04 LUN NOT READY */
#define SCSI_SENSEQ_CAUSE_NOT_REPORTABLE                0x00
#define SCSI_SENSEQ_BECOMING_READY                      0x01
#define SCSI_SENSEQ_INIT_COMMAND_REQUIRED               0x02
#define SCSI_SENSEQ_MANUAL_INTERVENTION_REQUIRED        0x03
#define SCSI_SENSEQ_FORMAT_IN_PROGRESS                  0x04
#define SCSI_SENSEQ_REBUILD_IN_PROGRESS                 0x05
#define SCSI_SENSEQ_RECALCULATION_IN_PROGRESS           0x06
#define SCSI_SENSEQ_OPERATION_IN_PROGRESS               0x07
#define SCSI_SENSEQ_LONG_WRITE_IN_PROGRESS              0x08
#define SCSI_SENSEQ_SELF_TEST_IN_PROGRESS               0x09
#define SCSI_SENSEQ_ASYMMETRIC_ACCESS_STATE_TRANSITION  0x0A
#define SCSI_SENSEQ_TARGET_PORT_IN_STANDBY_STATE        0x0B
#define SCSI_SENSEQ_TARGET_PORT_IN_UNAVAILABLE_STATE    0x0C
#define SCSI_SENSEQ_NOTIFY_REQUIRED                     0x11
#define SCSI_SENSEQ_SANITIZE_IN_PROGRESS                0x1B
#define SCSI_SENSEQ_ACCESS_DENIED_BY_POWER_POLICY       0x22
/* 0x08 LUN COMMUNICATION */
#define SCSI_SENSEQ_COMM_FAILURE                        0x00
#define SCSI_SENSEQ_COMM_TIMEOUT                        0x01
#define SCSI_SENSEQ_COMM_PARITY_ERROR                   0x02
#define SCSI_SESNEQ_COMM_CRC_ERROR                      0x03
#define SCSI_SENSEQ_UNREACHABLE_TARGET                  0x04
/* 0x0B WARNING */
#define SCSI_SENSEQ_POWER_LOSS_EXPECTED                 0x08
/* 0x0C WRITE ERROR */
#define SCSI_SENSEQ_AUTO_REALLOCATION_FAILED            0x03
/* 0x10 protection information */
#define SCSI_SENSEQ_LOG_BLOCK_GUARD_CHECK_FAILED        0x01
#define SCSI_SENSEQ_LOG_BLOCK_APPTAG_CHECK_FAILED       0x02
#define SCSI_SENSEQ_LOG_BLOCK_REFTAG_CHECK_FAILED       0x03
/* 0x0D COPY TARGET DEVICE */
#define SCSI_SENSEQ_DATA_UNDERRUN                       0x04
/* 0x20 ACCESS DENIED / ILLEGAL COMMAND */
#define SCSI_SENSEQ_NO_ACCESS_RIGHTS                    0x02
#define SCSI_SENSEQ_INVALID_LU_IDENTIFIER               0x09
#define SCSI_SENSEQ_INVALID_LUN_ID                      0x09
#define SCSI_SENSEQ_ACCESS_DENIED_INVALID_LUN_ID        0x09
/* 0x21 ILLEGAL BLOCK */
#define SCSI_SENSEQ_ILLEGAL_ELEMENT_ADDR                0x01
/* 0x24 INVALID CDB */
#define SCSI_SENSEQ_INVALID_CDB_OPERATION_CODE          0x00
/* 0x26 INVALID FIELD IN PARAMETER LIST */
#define SCSI_SENSEQ_PARAMETER_VALUE_INVALID             0x02
#define SCSI_SENSEQ_INVALID_RELEASE_OF_PERSISTENT_RESERVATION 0x04
#define SCSI_SENSEQ_TOO_MANY_SEGMENT_DESCRIPTORS        0x08
/* 0x23 INVALID TOKEN */
#define SCSI_SENSEQ_INVALID_TOKEN_TYPE                  0x00
#define SCSI_SENSEQ_TOKEN_UNKNOWN                       0x04
#define SCSI_SENSEQ_TOKEN_EXPIRED                       0x05
#define SCSI_SENSEQ_TOKEN_CANCELLED                     0x07
#define SCSI_SENSEQ_TOKEN_DELETED                       0x08
#define SCSI_SENSEQ_INVALID_TOKEN_LENGTH                0x0A
/* 0x27 WRITE PROTECT */
#define SCSI_SENSEQ_SPACE_ALLOC_FAILED_WRITE_PROTECT    0x07
/* 0x28 MEDIUM CHANGED */
#define SCSI_SENSEQ_IMPORT_OR_EXPORT_ELEMENT_ACCESSED   0x01
/* 0x29 BUS RESET */
#define SCSI_SENSEQ_POWER_ON_RESET_OCCURRED             0x01
#define SCSI_SENSEQ_SCSI_BUS_RESET_OCCURRED             0x02
#define SCSI_SENSEQ_BUS_DEVICE_RESET_OCCURRED           0x03
#define SCSI_SENSEQ_INTERNAL_RESET_OCCURRED             0x04
/* 0x2A PARAMETERS CHANGED */
#define SCSI_SENSEQ_MODE_PARAMETERS_CHANGED             0x01
#define SCSI_SENSEQ_LOG_PARAMETERS_CHANGED              0x02
#define SCSI_SENSEQ_RESERVATIONS_PREEMPTED              0x03
#define SCSI_SENSEQ_RESERVATIONS_RELEASED               0x04
#define SCSI_SENSEQ_REGISTRATIONS_PREEMPTED             0x05
#define SCSI_SENSEQ_ASYMMETRIC_ACCESS_STATE_CHANGED     0x06
#define SCSI_SENSEQ_CAPACITY_DATA_CHANGED               0x09
/* 0x2C COMMAND SEQUENCE ERROR */
#define SCSI_SENSEQ_OPERATION_NOT_ALLOWED_WHILE_INITIALIZING 0x0E
/* 0x2E INSUFFICIENT TIME */
#define SCSI_SENSEQ_INSUFFICIENT_TIME_FOR_OPERATION     0x00
/* 0x30 INCOMPATIBLE MEDIUM */
#define SCSI_SENSEQ_UNKNOWN_FORMAT                      0x01
#define SCSI_SENSEQ_INCOMPATIBLE_FORMAT                 0x02
#define SCSI_SENSEQ_CLEANING_CARTRIDGE_INSTALLED        0x03
/* 0x31 MEDIUM FORMAT CORRUPTED */
#define SCSI_SENSEQ_FORMAT_COMMAND_FAILED               0x01
/* 0x38 thin provisioning */
#define SCSI_SENSEQ_SOFT_THRESHOLD_REACHED              0x07
/* 0x3A MEDIUM NOT PRESENT */
#define SCSI_SENSEQ_TRAY_CLOSED                         0x01
#define SCSI_SENSEQ_TRAY_OPEN                           0x02
/* 0x3B POSITION ERROR */
#define SCSI_SENSEQ_DESTINATION_FULL                    0x0D
#define SCSI_SENSEQ_SOURCE_EMPTY                        0x0E
/* 0x3F OPERATING CONDITIONS CHANGED */
#define SCSI_SENSEQ_TARGET_OPERATING_CONDITIONS_CHANGED 0x00
#define SCSI_SENSEQ_MICROCODE_CHANGED                   0x01
#define SCSI_SENSEQ_OPERATING_DEFINITION_CHANGED        0x02
#define SCSI_SENSEQ_INQUIRY_DATA_CHANGED                0x03
#define SCSI_SENSEQ_COMPONENT_DEVICE_ATTACHED           0x04
#define SCSI_SENSEQ_DEVICE_IDENTIFIER_CHANGED           0x05
#define SCSI_SENSEQ_REPORTED_LUNS_DATA_CHANGED          0x0E
#define SCSI_SENSEQ_MICROCODE_CHANGED_WITHOUT_RESET     0x16
/* 0x53 MEDIA LOAD OR EJECT / REMOVAL PREVENTED */
#define SCSI_SENSEQ_MEDIUM_REMOVAL                      0x02
/* 0x55 RESOURCE FAILURE */
#define SCSI_SENSEQ_INSUFFICIENT_RESOURCES              0x03
/* 0x5A OPERATOR REQUEST */
#define SCSI_SENSEQ_STATE_CHANGE_INPUT                  0x00
#define SCSI_SENSEQ_MEDIUM_REMOVAL_REQUEST              0x01
#define SCSI_SENSEQ_WRITE_PROTECT_ENABLE                0x02
#define SCSI_SENSEQ_WRITE_PROTECT_DISABLE               0x03
/* 0x64 ILLEGAL MODE FOR THIS TRACK */
#define SCSI_SENSEQ_INVALID_PACKET_SIZE                 0x01
/* 0x6F COPY PROTECTION */
#define SCSI_SENSEQ_AUTHENTICATION_FAILURE                          0x00
#define SCSI_SENSEQ_KEY_NOT_PRESENT                                 0x01
#define SCSI_SENSEQ_KEY_NOT_ESTABLISHED                             0x02
#define SCSI_SENSEQ_READ_OF_SCRAMBLED_SECTOR_WITHOUT_AUTHENTICATION 0x03
#define SCSI_SENSEQ_MEDIA_CODE_MISMATCHED_TO_LOGICAL_UNIT           0x04
#define SCSI_SENSEQ_LOGICAL_UNIT_RESET_COUNT_ERROR                  0x05
/* 0x73 POWER CALIBRATION */
#define SCSI_SENSEQ_POWER_CALIBRATION_AREA_ALMOST_FULL  0x01
#define SCSI_SENSEQ_POWER_CALIBRATION_AREA_FULL         0x02
#define SCSI_SENSEQ_POWER_CALIBRATION_AREA_ERROR        0x03
#define SCSI_SENSEQ_PMA_RMA_UPDATE_FAILURE              0x04
#define SCSI_SENSEQ_PMA_RMA_IS_FULL                     0x05
#define SCSI_SENSEQ_PMA_RMA_ALMOST_FULL                 0x06

#endif /* USTOR_SCSI_SENSE_H */
