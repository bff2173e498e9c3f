/*
 * ustor/scsi_cdb.h - CDB, the 16-byte command descriptor block union of scsi.h: one
 * member per command layout (6-, 10-, 12- and 16-byte CDBs of SPC/SBC/SSC/SMC/MMC)
 * plus AsByte/AsUlong. Multi-byte fields are big-endian byte arrays, as on the wire.
 * Bit-fields are declared LSB first (MSVC order) and every member is size-asserted.
 * Leaves out: 32-byte variable-length CDB layouts (only SCSIOP_OPERATION32 is named).
 * Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_CDB_H
#define USTOR_SCSI_CDB_H

#include "nt_base.h"
#include "scsi_cdb_media.h"

#define USTOR_CDB_STRUCT struct USTOR_MS_STRUCT

/* Byte-packed like the WDK: a CDB member inside another structure sits unaligned. */
#pragma pack(push, 1)
typedef union USTOR_MS_STRUCT _CDB {

    /* ---- generic and 6-byte layouts ---- */
    USTOR_CDB_STRUCT _CDB6GENERIC {
        UCHAR OperationCode;
        UCHAR Immediate : 1;
        UCHAR CommandUniqueBits : 4;
        UCHAR LogicalUnitNumber : 3;
        UCHAR CommandUniqueBytes[3];
        UCHAR Link : 1;
        UCHAR Flag : 1;
        UCHAR Reserved : 4;
        UCHAR VendorUnique : 2;
    } CDB6GENERIC;

    USTOR_CDB_STRUCT _CDB6READWRITE {
        UCHAR OperationCode;
        UCHAR LogicalBlockMsb1 : 5;
        UCHAR LogicalUnitNumber : 3;
        UCHAR LogicalBlockMsb0;
        UCHAR LogicalBlockLsb;
        UCHAR TransferBlocks;
        UCHAR Control;
    } CDB6READWRITE;

    USTOR_CDB_STRUCT _CDB6INQUIRY {
        UCHAR OperationCode;
        UCHAR Reserved1 : 5;
        UCHAR LogicalUnitNumber : 3;
        UCHAR PageCode;
        UCHAR IReserved;
        UCHAR AllocationLength;
        UCHAR Control;
    } CDB6INQUIRY;

    USTOR_CDB_STRUCT _CDB6INQUIRY3 {
        UCHAR OperationCode;
        UCHAR EnableVitalProductData : 1;
        UCHAR CommandSupportData : 1;
        UCHAR Reserved1 : 6;
        UCHAR PageCode;
        UCHAR Reserved2;
        UCHAR AllocationLength;
        UCHAR Control;
    } CDB6INQUIRY3;

    USTOR_CDB_STRUCT _CDB6VERIFY {
        UCHAR OperationCode;
        UCHAR Fixed : 1;
        UCHAR ByteCompare : 1;
        UCHAR Immediate : 1;
        UCHAR Reserved : 2;
        UCHAR LogicalUnitNumber : 3;
        UCHAR VerificationLength[3];
        UCHAR Control;
    } CDB6VERIFY;

    USTOR_CDB_STRUCT _RECEIVE_DIAGNOSTIC {
        UCHAR OperationCode;
        UCHAR PageCodeValid : 1;
        UCHAR Reserved : 7;
        UCHAR PageCode;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } RECEIVE_DIAGNOSTIC;

    USTOR_CDB_STRUCT _SEND_DIAGNOSTIC {
        UCHAR OperationCode;
        UCHAR UnitOffline : 1;
        UCHAR DeviceOffline : 1;
        UCHAR SelfTest : 1;
        UCHAR Reserved1 : 1;
        UCHAR PageFormat : 1;
        UCHAR SelfTestCode : 3;
        UCHAR Reserved2;
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } SEND_DIAGNOSTIC;

    USTOR_CDB_STRUCT _CDB6FORMAT {
        UCHAR OperationCode;
        UCHAR FormatControl : 5;
        UCHAR LogicalUnitNumber : 3;
        UCHAR FReserved1;
        UCHAR InterleaveMsb;
        UCHAR InterleaveLsb;
        UCHAR FReserved2;
    } CDB6FORMAT;

    struct _CDB6READWRITETAPE CDB6READWRITETAPE;

    USTOR_CDB_STRUCT _MODE_SENSE {
        UCHAR OperationCode;
        UCHAR Reserved1 : 3;
        UCHAR Dbd : 1;
        UCHAR Reserved2 : 4;
        UCHAR PageCode : 6;
        UCHAR Pc : 2;
        UCHAR SubPageCode;
        UCHAR AllocationLength;
        UCHAR Control;
    } MODE_SENSE;

    USTOR_CDB_STRUCT _MODE_SELECT {
        UCHAR OperationCode;
        UCHAR SPBit : 1;
        UCHAR Reserved1 : 3;
        UCHAR PFBit : 1;
        UCHAR LogicalUnitNumber : 3;
        UCHAR Reserved2[2];
        UCHAR ParameterListLength;
        UCHAR Control;
    } MODE_SELECT;

    struct _PRINT PRINT;
    struct _ERASE ERASE;

    USTOR_CDB_STRUCT _START_STOP {
        UCHAR OperationCode;
        UCHAR Immediate : 1;
        UCHAR Reserved1 : 4;
        UCHAR LogicalUnitNumber : 3;
        UCHAR Reserved2[2];
        UCHAR Start : 1;
        UCHAR LoadEject : 1;
        UCHAR Reserved3 : 6;
        UCHAR Control;
    } START_STOP;

    USTOR_CDB_STRUCT _MEDIA_REMOVAL {
        UCHAR OperationCode;
        UCHAR Reserved1 : 5;
        UCHAR LogicalUnitNumber : 3;
        UCHAR Reserved2[2];
        UCHAR Prevent : 1;
        UCHAR Persistant : 1;
        UCHAR Reserved3 : 6;
        UCHAR Control;
    } MEDIA_REMOVAL;

    struct _SEEK_BLOCK SEEK_BLOCK;
    struct _REQUEST_BLOCK_ADDRESS REQUEST_BLOCK_ADDRESS;
    struct _PARTITION PARTITION;
    struct _WRITE_TAPE_MARKS WRITE_TAPE_MARKS;
    struct _SPACE_TAPE_MARKS SPACE_TAPE_MARKS;
    struct _INIT_ELEMENT_STATUS INIT_ELEMENT_STATUS;

    /* ---- 10-byte layouts ---- */
    USTOR_CDB_STRUCT _CDB10 {
        UCHAR OperationCode;
        UCHAR RelativeAddress : 1;
        UCHAR Reserved1 : 2;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR LogicalUnitNumber : 3;
        UCHAR LogicalBlockByte0;
        UCHAR LogicalBlockByte1;
        UCHAR LogicalBlockByte2;
        UCHAR LogicalBlockByte3;
        UCHAR Reserved2;
        UCHAR TransferBlocksMsb;
        UCHAR TransferBlocksLsb;
        UCHAR Control;
    } CDB10;

    USTOR_CDB_STRUCT _MODE_SENSE10 {
        UCHAR OperationCode;
        UCHAR Reserved1 : 3;
        UCHAR Dbd : 1;
        UCHAR LongLBAAccepted : 1;
        UCHAR Reserved2 : 3;
        UCHAR PageCode : 6;
        UCHAR Pc : 2;
        UCHAR SubPageCode;
        UCHAR Reserved3[3];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } MODE_SENSE10;

    USTOR_CDB_STRUCT _MODE_SELECT10 {
        UCHAR OperationCode;
        UCHAR SPBit : 1;
        UCHAR Reserved1 : 3;
        UCHAR PFBit : 1;
        UCHAR LogicalUnitNumber : 3;
        UCHAR Reserved2[5];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } MODE_SELECT10;

    USTOR_CDB_STRUCT _SYNCHRONIZE_CACHE10 {
        UCHAR OperationCode;
        UCHAR RelAddr : 1;
        UCHAR Immediate : 1;
        UCHAR Reserved : 3;
        UCHAR Lun : 3;
        UCHAR LogicalBlockAddress[4];
        UCHAR Reserved2;
        UCHAR BlockCount[2];
        UCHAR Control;
    } SYNCHRONIZE_CACHE10;

    USTOR_CDB_STRUCT _UNMAP {
        UCHAR OperationCode;
        UCHAR Anchor : 1;
        UCHAR Reserved1 : 7;
        UCHAR Reserved2[4];
        UCHAR GroupNumber : 5;
        UCHAR Reserved3 : 3;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } UNMAP;

    USTOR_CDB_STRUCT _SANITIZE {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR AUSE : 1;
        UCHAR Reserved1 : 1;
        UCHAR Immediate : 1;
        UCHAR Reserved2[5];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } SANITIZE;

    USTOR_CDB_STRUCT _LOGSENSE {
        UCHAR OperationCode;
        UCHAR SPBit : 1;
        UCHAR PPCBit : 1;
        UCHAR Reserved1 : 3;
        UCHAR LogicalUnitNumber : 3;
        UCHAR PageCode : 6;
        UCHAR PCBit : 2;
        union {
            UCHAR SubPageCode;
            UCHAR Reserved2;
        };
        UCHAR Reserved3;
        UCHAR ParameterPointer[2];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } LOGSENSE;

    USTOR_CDB_STRUCT _LOGSELECT {
        UCHAR OperationCode;
        UCHAR SPBit : 1;
        UCHAR PCRBit : 1;
        UCHAR Reserved1 : 3;
        UCHAR LogicalUnitNumber : 3;
        UCHAR Reserved : 6;
        UCHAR PCBit : 2;
        UCHAR Reserved2[4];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } LOGSELECT;

    USTOR_CDB_STRUCT _SEEK {
        UCHAR OperationCode;
        UCHAR Reserved1 : 5;
        UCHAR LogicalUnitNumber : 3;
        UCHAR LogicalBlockAddress[4];
        UCHAR Reserved2[3];
        UCHAR Control;
    } SEEK;

    struct _LOCATE LOCATE;
    struct _READ_POSITION READ_POSITION;

    USTOR_CDB_STRUCT _PERSISTENT_RESERVE_IN {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Reserved2[5];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } PERSISTENT_RESERVE_IN;

    USTOR_CDB_STRUCT _PERSISTENT_RESERVE_OUT {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Type : 4;
        UCHAR Scope : 4;
        UCHAR Reserved2[4];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } PERSISTENT_RESERVE_OUT;

    USTOR_CDB_STRUCT _WRITE_BUFFER {
        UCHAR OperationCode;
        UCHAR Mode : 5;
        UCHAR ModeSpecific : 3;
        UCHAR BufferID;
        UCHAR BufferOffset[3];
        UCHAR ParameterListLength[3];
        UCHAR Control;
    } WRITE_BUFFER;

    USTOR_CDB_STRUCT _READ_BUFFER_10 {
        UCHAR OperationCode;
        UCHAR Mode : 5;
        UCHAR ModeSpecific : 3;
        UCHAR BufferId;
        UCHAR BufferOffset[3];
        UCHAR AllocationLength[3];
        UCHAR Control;
    } READ_BUFFER_10;

    struct _GET_EVENT_STATUS_NOTIFICATION GET_EVENT_STATUS_NOTIFICATION;
    struct _GET_CONFIGURATION GET_CONFIGURATION;
    struct _READ_FORMATTED_CAPACITIES READ_FORMATTED_CAPACITIES;
    struct _PAUSE_RESUME PAUSE_RESUME;
    struct _READ_TOC READ_TOC;
    struct _READ_DISK_INFORMATION READ_DISK_INFORMATION, READ_DISC_INFORMATION;
    struct _READ_TRACK_INFORMATION READ_TRACK_INFORMATION;
    struct _RESERVE_TRACK_RZONE RESERVE_TRACK_RZONE;
    struct _SEND_OPC_INFORMATION SEND_OPC_INFORMATION;
    struct _REPAIR_TRACK REPAIR_TRACK;
    struct _CLOSE_TRACK CLOSE_TRACK;
    struct _READ_BUFFER_CAPACITY READ_BUFFER_CAPACITY;
    struct _SEND_CUE_SHEET SEND_CUE_SHEET;
    struct _READ_HEADER READ_HEADER;
    struct _PLAY_AUDIO PLAY_AUDIO;
    struct _PLAY_AUDIO_MSF PLAY_AUDIO_MSF;
    struct _STOP_PLAY_SCAN STOP_PLAY_SCAN;
    struct _SUBCHANNEL SUBCHANNEL;
    struct _PLXTR_READ_CDDA PLXTR_READ_CDDA;
    struct _NEC_READ_CDDA NEC_READ_CDDA;
    struct _MECH_STATUS MECH_STATUS;

    /* ---- 12-byte layouts ---- */
    USTOR_CDB_STRUCT _CDB12 {
        UCHAR OperationCode;
        UCHAR RelativeAddress : 1;
        UCHAR Reserved1 : 2;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR LogicalUnitNumber : 3;
        UCHAR LogicalBlock[4];
        UCHAR TransferLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } CDB12;

    USTOR_CDB_STRUCT _READ12 {
        UCHAR OperationCode;
        UCHAR RelativeAddress : 1;
        UCHAR Reserved1 : 2;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR LogicalUnitNumber : 3;
        UCHAR LogicalBlock[4];
        UCHAR TransferLength[4];
        UCHAR Reserved2 : 7;
        UCHAR Streaming : 1;
        UCHAR Control;
    } READ12;

    USTOR_CDB_STRUCT _WRITE12 {
        UCHAR OperationCode;
        UCHAR RelativeAddress : 1;
        UCHAR Reserved1 : 1;
        UCHAR EBP : 1;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR LogicalUnitNumber : 3;
        UCHAR LogicalBlock[4];
        UCHAR TransferLength[4];
        UCHAR Reserved2 : 7;
        UCHAR Streaming : 1;
        UCHAR Control;
    } WRITE12;

    USTOR_CDB_STRUCT _REPORT_LUNS {
        UCHAR OperationCode;
        UCHAR Reserved1[5];
        UCHAR AllocationLength[4];
        UCHAR Reserved2[1];
        UCHAR Control;
    } REPORT_LUNS;

    USTOR_CDB_STRUCT _SECURITY_PROTOCOL_IN {
        UCHAR OperationCode;
        UCHAR SecurityProtocol;
        UCHAR SecurityProtocolSpecific[2];
        UCHAR Reserved1 : 7;
        UCHAR INC_512 : 1;
        UCHAR Reserved2;
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SECURITY_PROTOCOL_IN;

    USTOR_CDB_STRUCT _SECURITY_PROTOCOL_OUT {
        UCHAR OperationCode;
        UCHAR SecurityProtocol;
        UCHAR SecurityProtocolSpecific[2];
        UCHAR Reserved1 : 7;
        UCHAR INC_512 : 1;
        UCHAR Reserved2;
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SECURITY_PROTOCOL_OUT;

    USTOR_CDB_STRUCT _REPORT_TIMESTAMP {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Reserved2[4];
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } REPORT_TIMESTAMP;

    USTOR_CDB_STRUCT _SET_TIMESTAMP {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Reserved2[4];
        UCHAR ParameterListLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SET_TIMESTAMP;

    USTOR_CDB_STRUCT _REPORT_SUPPORTED_OPERATION_CODES {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved0 : 3;
        UCHAR ReportOptions : 3;
        UCHAR Reserved1 : 4;
        UCHAR ReturnCommandTimeoutsDescriptor : 1;
        UCHAR RequestedOperationCode;
        UCHAR RequestedServiceAction[2];
        UCHAR AllocationLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } REPORT_SUPPORTED_OPERATION_CODES;

    USTOR_CDB_STRUCT _ATA_PASSTHROUGH12 {
        UCHAR OperationCode;
        UCHAR Reserved1 : 1;
        UCHAR Protocol : 4;
        UCHAR MultipleCount : 3;
        UCHAR TLength : 2;
        UCHAR ByteBlock : 1;
        UCHAR TDir : 1;
        UCHAR Reserved2 : 1;
        UCHAR CkCond : 1;
        UCHAR Offline : 2;
        UCHAR Features;
        UCHAR SectorCount;
        UCHAR LbaLow;
        UCHAR LbaMid;
        UCHAR LbaHigh;
        UCHAR Device;
        UCHAR Command;
        UCHAR Reserved3;
        UCHAR Control;
    } ATA_PASSTHROUGH12;

    struct _BLANK_MEDIA BLANK_MEDIA;
    struct _PLAY_CD PLAY_CD;
    struct _SCAN_CD SCAN_CD;
    struct _READ_CD READ_CD;
    struct _READ_CD_MSF READ_CD_MSF;
    struct _SET_CD_SPEED SET_CD_SPEED;
    struct _GET_PERFORMANCE GET_PERFORMANCE;
    struct _READ_DVD_STRUCTURE READ_DVD_STRUCTURE;
    struct _SET_STREAMING SET_STREAMING;
    struct _SEND_DVD_STRUCTURE SEND_DVD_STRUCTURE;
    struct _SEND_KEY SEND_KEY;
    struct _REPORT_KEY REPORT_KEY;
    struct _SET_READ_AHEAD SET_READ_AHEAD;
    struct _LOAD_UNLOAD LOAD_UNLOAD;
    struct _INITIALIZE_ELEMENT_RANGE INITIALIZE_ELEMENT_RANGE;
    struct _POSITION_TO_ELEMENT POSITION_TO_ELEMENT;
    struct _MOVE_MEDIUM MOVE_MEDIUM;
    struct _EXCHANGE_MEDIUM EXCHANGE_MEDIUM;
    struct _READ_ELEMENT_STATUS READ_ELEMENT_STATUS;
    struct _SEND_VOLUME_TAG SEND_VOLUME_TAG;
    struct _REQUEST_VOLUME_ELEMENT_ADDRESS REQUEST_VOLUME_ELEMENT_ADDRESS;

    /* ---- 16-byte layouts ---- */
    USTOR_CDB_STRUCT _CDB16 {
        UCHAR OperationCode;
        UCHAR Reserved1 : 3;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR Protection : 3;
        UCHAR LogicalBlock[8];
        UCHAR TransferLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } CDB16;

    USTOR_CDB_STRUCT _READ16 {
        UCHAR OperationCode;
        UCHAR DurationLimitDescriptor2 : 1;
        UCHAR Reserved1 : 1;
        UCHAR RebuildAssistRecoveryControl : 1;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR ReadProtect : 3;
        UCHAR LogicalBlock[8];
        UCHAR TransferLength[4];
        UCHAR Group : 6;
        UCHAR DurationLimitDescriptor0 : 1;
        UCHAR DurationLimitDescriptor1 : 1;
        UCHAR Control;
    } READ16;

    USTOR_CDB_STRUCT _WRITE16 {
        UCHAR OperationCode;
        UCHAR DurationLimitDescriptor2 : 1;
        UCHAR Reserved1 : 2;
        UCHAR ForceUnitAccess : 1;
        UCHAR DisablePageOut : 1;
        UCHAR WriteProtect : 3;
        UCHAR LogicalBlock[8];
        UCHAR TransferLength[4];
        UCHAR Group : 6;
        UCHAR DurationLimitDescriptor0 : 1;
        UCHAR DurationLimitDescriptor1 : 1;
        UCHAR Control;
    } WRITE16;

    USTOR_CDB_STRUCT _VERIFY16 {
        UCHAR OperationCode;
        UCHAR Reserved1 : 1;
        UCHAR ByteCheck : 1;
        UCHAR BlockVerify : 1;
        UCHAR Reserved2 : 1;
        UCHAR DisablePageOut : 1;
        UCHAR VerifyProtect : 3;
        UCHAR LogicalBlock[8];
        UCHAR VerificationLength[4];
        UCHAR Reserved3 : 7;
        UCHAR Streaming : 1;
        UCHAR Control;
    } VERIFY16;

    USTOR_CDB_STRUCT _SYNCHRONIZE_CACHE16 {
        UCHAR OperationCode;
        UCHAR Reserved1 : 1;
        UCHAR Immediate : 1;
        UCHAR Reserved2 : 6;
        UCHAR LogicalBlock[8];
        UCHAR BlockCount[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SYNCHRONIZE_CACHE16;

    USTOR_CDB_STRUCT _READ_CAPACITY16 {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR LogicalBlock[8];
        UCHAR AllocationLength[4];
        UCHAR PMI : 1;
        UCHAR Reserved2 : 7;
        UCHAR Control;
    } READ_CAPACITY16;

    USTOR_CDB_STRUCT _GET_LBA_STATUS {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR StartingLBA[8];
        UCHAR AllocationLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } GET_LBA_STATUS;

    USTOR_CDB_STRUCT _GET_PHYSICAL_ELEMENT_STATUS {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Reserved2[4];
        UCHAR StartingElement[4];
        UCHAR AllocationLength[4];
        UCHAR ReportType : 4;
        UCHAR Reserved3 : 2;
        UCHAR Filter : 2;
        UCHAR Control;
    } GET_PHYSICAL_ELEMENT_STATUS;

    USTOR_CDB_STRUCT _REMOVE_ELEMENT_AND_TRUNCATE {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR RequestedCapacity[8];
        UCHAR ElementIdentifier[4];
        UCHAR Reserved2;
        UCHAR Control;
    } REMOVE_ELEMENT_AND_TRUNCATE;

    USTOR_CDB_STRUCT _RESTORE_ELEMENTS_AND_REBUILD {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Reserved2[13];
        UCHAR Control;
    } RESTORE_ELEMENTS_AND_REBUILD;

    USTOR_CDB_STRUCT _READ_BUFFER_16 {
        UCHAR OperationCode;
        UCHAR Mode : 5;
        UCHAR ModeSpecific : 3;
        UCHAR BufferOffset[8];
        UCHAR AllocationLength[4];
        UCHAR BufferId;
        UCHAR Control;
    } READ_BUFFER_16;

    USTOR_CDB_STRUCT _TOKEN_OPERATION {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR Reserved2[4];
        UCHAR ListIdentifier[4];
        UCHAR ParameterListLength[4];
        UCHAR GroupNumber : 5;
        UCHAR Reserved3 : 3;
        UCHAR Control;
    } TOKEN_OPERATION;

    USTOR_CDB_STRUCT _RECEIVE_TOKEN_INFORMATION {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR ListIdentifier[4];
        UCHAR Reserved2[4];
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } RECEIVE_TOKEN_INFORMATION;

    USTOR_CDB_STRUCT _ATA_PASSTHROUGH16 {
        UCHAR OperationCode;
        UCHAR Extend : 1;
        UCHAR Protocol : 4;
        UCHAR MultipleCount : 3;
        UCHAR TLength : 2;
        UCHAR ByteBlock : 1;
        UCHAR TDir : 1;
        UCHAR Reserved1 : 1;
        UCHAR CkCond : 1;
        UCHAR Offline : 2;
        UCHAR Features15_8;
        UCHAR Features7_0;
        UCHAR SectorCount15_8;
        UCHAR SectorCount7_0;
        UCHAR LbaLow15_8;
        UCHAR LbaLow7_0;
        UCHAR LbaMid15_8;
        UCHAR LbaMid7_0;
        UCHAR LbaHigh15_8;
        UCHAR LbaHigh7_0;
        UCHAR Device;
        UCHAR Command;
        UCHAR Control;
    } ATA_PASSTHROUGH16;

    /* ZBC OUT (CLOSE/FINISH/OPEN ZONE, RESET WRITE POINTER) and ZBC IN (REPORT ZONES) */
    USTOR_CDB_STRUCT _ZONE_ACTION {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR ZoneId[8];
        UCHAR Reserved2[4];
        UCHAR All : 1;
        UCHAR Reserved3 : 7;
        UCHAR Control;
    } CLOSE_ZONE, FINISH_ZONE, OPEN_ZONE, RESET_WRITE_POINTER;

    USTOR_CDB_STRUCT _REPORT_ZONES {
        UCHAR OperationCode;
        UCHAR ServiceAction : 5;
        UCHAR Reserved1 : 3;
        UCHAR ZoneStartLBA[8];
        UCHAR AllocationLength[4];
        UCHAR ReportingOptions : 6;
        UCHAR Reserved3 : 1;
        UCHAR Partial : 1;
        UCHAR Control;
    } REPORT_ZONES;

    ULONG AsUlong[4];
    UCHAR AsByte[16];
} CDB, *PCDB;
#pragma pack(pop)

#undef USTOR_CDB_STRUCT

/* Every layout is a whole CDB of its command's length, never more than 16 bytes. */
USTOR_LAYOUT_ASSERT(sizeof(CDB) == 16 && _Alignof(CDB) == 1);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->RECEIVE_DIAGNOSTIC) == 6 && sizeof(((CDB *)0)->SEND_DIAGNOSTIC) == 6);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->PLXTR_READ_CDDA) == 12 && sizeof(((CDB *)0)->NEC_READ_CDDA) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->REPORT_SUPPORTED_OPERATION_CODES) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->CDB6GENERIC) == 6 && sizeof(((CDB *)0)->CDB6READWRITE) == 6);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->CDB6INQUIRY3) == 6 && sizeof(((CDB *)0)->MODE_SENSE) == 6);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->MODE_SELECT) == 6 && sizeof(((CDB *)0)->START_STOP) == 6);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->MEDIA_REMOVAL) == 6 && sizeof(((CDB *)0)->SPACE_TAPE_MARKS) == 6);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->CDB10) == 10 && sizeof(((CDB *)0)->MODE_SENSE10) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->MODE_SELECT10) == 10 && sizeof(((CDB *)0)->UNMAP) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->SYNCHRONIZE_CACHE10) == 10 && sizeof(((CDB *)0)->WRITE_BUFFER) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->READ_BUFFER_10) == 10 && sizeof(((CDB *)0)->LOGSENSE) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->PERSISTENT_RESERVE_IN) == 10 && sizeof(((CDB *)0)->SANITIZE) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->PERSISTENT_RESERVE_OUT) == 10 && sizeof(((CDB *)0)->READ_TOC) == 10);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->CDB12) == 12 && sizeof(((CDB *)0)->REPORT_LUNS) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->SECURITY_PROTOCOL_IN) == 12 && sizeof(((CDB *)0)->READ12) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->SECURITY_PROTOCOL_OUT) == 12 && sizeof(((CDB *)0)->WRITE12) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->ATA_PASSTHROUGH12) == 12 && sizeof(((CDB *)0)->READ_CD) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->PLAY_CD) == 12 && sizeof(((CDB *)0)->SET_CD_SPEED) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->LOAD_UNLOAD) == 12 && sizeof(((CDB *)0)->READ_ELEMENT_STATUS) == 12);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->CDB16) == 16 && sizeof(((CDB *)0)->READ_CAPACITY16) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->READ16) == 16 && sizeof(((CDB *)0)->WRITE16) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->VERIFY16) == 16 && sizeof(((CDB *)0)->SYNCHRONIZE_CACHE16) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->GET_LBA_STATUS) == 16 && sizeof(((CDB *)0)->READ_BUFFER_16) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->GET_PHYSICAL_ELEMENT_STATUS) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->REMOVE_ELEMENT_AND_TRUNCATE) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->RESTORE_ELEMENTS_AND_REBUILD) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->TOKEN_OPERATION) == 16 && sizeof(((CDB *)0)->REPORT_ZONES) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->RECEIVE_TOKEN_INFORMATION) == 16);
USTOR_LAYOUT_ASSERT(sizeof(((CDB *)0)->ATA_PASSTHROUGH16) == 16 && sizeof(((CDB *)0)->CLOSE_ZONE) == 16);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(CDB, READ_CAPACITY16.AllocationLength) == 10);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(CDB, SECURITY_PROTOCOL_IN.AllocationLength) == 6);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(CDB, READ_BUFFER_16.BufferId) == 14);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(CDB, GET_PHYSICAL_ELEMENT_STATUS.AllocationLength) == 10);

#endif /* USTOR_SCSI_CDB_H */
