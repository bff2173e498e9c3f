/*
 * ustor/scsi_cdb_media.h - the CDB layouts of the removable-media command sets (MMC
 * optical, SSC tape, SMC medium changer) that the CDB union of ustor/scsi_cdb.h embeds.
 * They are file-scope struct tags here (C gives the WDK's nested tags file scope as well),
 * byte-packed and declared LSB first like the rest of the union. Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_CDB_MEDIA_H
#define USTOR_SCSI_CDB_MEDIA_H

#include "nt_base.h"

#define USTOR_CDB_STRUCT struct USTOR_MS_STRUCT

#pragma pack(push, 1)

struct USTOR_MS_STRUCT _CDB6READWRITETAPE {
    UCHAR OperationCode;
    UCHAR VendorSpecific : 5;
    UCHAR Reserved : 3;
    UCHAR TransferLenMSB;
    UCHAR TransferLen;
    UCHAR TransferLenLSB;
    UCHAR Link : 1;
    UCHAR Flag : 1;
    UCHAR Reserved1 : 4;
    UCHAR VendorUnique : 2;
};

struct USTOR_MS_STRUCT _PRINT {
    UCHAR OperationCode;
    UCHAR Reserved : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR TransferLength[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _ERASE {
    UCHAR OperationCode;
    UCHAR Long : 1;
    UCHAR Immediate : 1;
    UCHAR Reserved1 : 3;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Reserved2[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SEEK_BLOCK {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Reserved1 : 7;
    UCHAR BlockAddress[3];
    UCHAR Link : 1;
    UCHAR Flag : 1;
    UCHAR Reserved2 : 4;
    UCHAR VendorUnique : 2;
};

struct USTOR_MS_STRUCT _REQUEST_BLOCK_ADDRESS {
    UCHAR OperationCode;
    UCHAR Reserved1[3];
    UCHAR AllocationLength;
    UCHAR Link : 1;
    UCHAR Flag : 1;
    UCHAR Reserved2 : 4;
    UCHAR VendorUnique : 2;
};

struct USTOR_MS_STRUCT _PARTITION {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Sel : 1;
    UCHAR PartitionSelect : 6;
    UCHAR Reserved1[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _WRITE_TAPE_MARKS {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR WriteSetMarks : 1;
    UCHAR Reserved : 3;
    UCHAR LogicalUnitNumber : 3;
    UCHAR TransferLength[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SPACE_TAPE_MARKS {
    UCHAR OperationCode;
    UCHAR Code : 3;
    UCHAR Reserved : 2;
    UCHAR LogicalUnitNumber : 3;
    UCHAR NumMarksMSB;
    UCHAR NumMarks;
    UCHAR NumMarksLSB;
    union {
        UCHAR value;
        USTOR_CDB_STRUCT {
            UCHAR Link : 1;
            UCHAR Flag : 1;
            UCHAR Reserved : 4;
            UCHAR VendorUnique : 2;
        } Fields;
    } Byte6;
};

struct USTOR_MS_STRUCT _INIT_ELEMENT_STATUS {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNubmer : 3;
    UCHAR Reserved2[3];
    UCHAR Reserved3 : 7;
    UCHAR NoBarCode : 1;
};

struct USTOR_MS_STRUCT _LOCATE {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR CPBit : 1;
    UCHAR BTBit : 1;
    UCHAR Reserved1 : 2;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Reserved3;
    UCHAR LogicalBlockAddress[4];
    UCHAR Reserved4;
    UCHAR Partition;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_POSITION {
    UCHAR Operation;
    UCHAR BlockType : 1;
    UCHAR Reserved1 : 4;
    UCHAR Lun : 3;
    UCHAR Reserved2[7];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _GET_EVENT_STATUS_NOTIFICATION {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Reserved : 4;
    UCHAR Lun : 3;
    UCHAR Reserved2[2];
    UCHAR NotificationClassRequest;
    UCHAR Reserved3[2];
    UCHAR EventListLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _GET_CONFIGURATION {
    UCHAR OperationCode;
    UCHAR RequestType : 2;
    UCHAR Reserved1 : 6;
    UCHAR StartingFeature[2];
    UCHAR Reserved2[3];
    UCHAR AllocationLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_FORMATTED_CAPACITIES {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR Reserved2[5];
    UCHAR AllocationLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _PAUSE_RESUME {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Reserved2[6];
    UCHAR Action;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_TOC {
    UCHAR OperationCode;
    UCHAR Reserved0 : 1;
    UCHAR Msf : 1;
    UCHAR Reserved1 : 3;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Format2 : 4;
    UCHAR Reserved2 : 4;
    UCHAR Reserved3[3];
    UCHAR StartingTrack;
    UCHAR AllocationLength[2];
    UCHAR Control : 6;
    UCHAR Format : 2;
};

struct USTOR_MS_STRUCT _READ_DISK_INFORMATION {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR Reserved2[5];
    UCHAR AllocationLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_TRACK_INFORMATION {
    UCHAR OperationCode;
    UCHAR Track : 2;
    UCHAR Reserved4 : 3;
    UCHAR Lun : 3;
    UCHAR BlockAddress[4];
    UCHAR Reserved3;
    UCHAR AllocationLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _RESERVE_TRACK_RZONE {
    UCHAR OperationCode;
    UCHAR Reserved1[4];
    UCHAR ReservationSize[4];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SEND_OPC_INFORMATION {
    UCHAR OperationCode;
    UCHAR DoOpc : 1;
    UCHAR Reserved1 : 7;
    UCHAR Exclude0 : 1;
    UCHAR Exclude1 : 1;
    UCHAR Reserved2 : 6;
    UCHAR Reserved3[4];
    UCHAR ParameterListLength[2];
    UCHAR Reserved4;
};

struct USTOR_MS_STRUCT _REPAIR_TRACK {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Reserved1 : 7;
    UCHAR Reserved2[2];
    UCHAR TrackNumber[2];
    UCHAR Reserved3[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _CLOSE_TRACK {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Reserved1 : 7;
    UCHAR Track : 1;
    UCHAR Session : 1;
    UCHAR Reserved2 : 6;
    UCHAR Reserved3;
    UCHAR TrackNumber[2];
    UCHAR Reserved4[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_BUFFER_CAPACITY {
    UCHAR OperationCode;
    UCHAR BlockInfo : 1;
    UCHAR Reserved1 : 7;
    UCHAR Reserved2[5];
    UCHAR AllocationLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SEND_CUE_SHEET {
    UCHAR OperationCode;
    UCHAR Reserved[5];
    UCHAR CueSheetSize[3];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_HEADER {
    UCHAR OperationCode;
    UCHAR Reserved1 : 1;
    UCHAR Msf : 1;
    UCHAR Reserved2 : 3;
    UCHAR Lun : 3;
    UCHAR LogicalBlockAddress[4];
    UCHAR Reserved3;
    UCHAR AllocationLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _PLAY_AUDIO {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR StartingBlockAddress[4];
    UCHAR Reserved2;
    UCHAR PlayLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _PLAY_AUDIO_MSF {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Reserved2;
    UCHAR StartingM;
    UCHAR StartingS;
    UCHAR StartingF;
    UCHAR EndingM;
    UCHAR EndingS;
    UCHAR EndingF;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _STOP_PLAY_SCAN {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR Reserved2[7];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SUBCHANNEL {
    UCHAR OperationCode;
    UCHAR Reserved0 : 1;
    UCHAR Msf : 1;
    UCHAR Reserved1 : 3;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Reserved2 : 6;
    UCHAR SubQ : 1;
    UCHAR Reserved3 : 1;
    UCHAR Format;
    UCHAR Reserved4[2];
    UCHAR TrackNumber;
    UCHAR AllocationLength[2];
    UCHAR Control;
};

/* vendor CD-DA reads (Plextor, NEC) */
struct USTOR_MS_STRUCT _PLXTR_READ_CDDA {
    UCHAR OperationCode;
    UCHAR Reserved0 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR LogicalBlockByte0;
    UCHAR LogicalBlockByte1;
    UCHAR LogicalBlockByte2;
    UCHAR LogicalBlockByte3;
    UCHAR TransferBlockByte0;
    UCHAR TransferBlockByte1;
    UCHAR TransferBlockByte2;
    UCHAR TransferBlockByte3;
    UCHAR SubCode;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _NEC_READ_CDDA {
    UCHAR OperationCode;
    UCHAR Reserved0;
    UCHAR LogicalBlockByte0;
    UCHAR LogicalBlockByte1;
    UCHAR LogicalBlockByte2;
    UCHAR LogicalBlockByte3;
    UCHAR Reserved1;
    UCHAR TransferBlockByte0;
    UCHAR TransferBlockByte1;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _MECH_STATUS {
    UCHAR OperationCode;
    UCHAR Reserved : 5;
    UCHAR Lun : 3;
    UCHAR Reserved1[6];
    UCHAR AllocationLength[2];
    UCHAR Reserved2[1];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _BLANK_MEDIA {
    UCHAR OperationCode;
    UCHAR BlankType : 3;
    UCHAR Reserved1 : 1;
    UCHAR Immediate : 1;
    UCHAR Reserved2 : 3;
    UCHAR AddressOrTrack[4];
    UCHAR Reserved3[5];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _PLAY_CD {
    UCHAR OperationCode;
    UCHAR Reserved1 : 1;
    UCHAR CMSF : 1;
    UCHAR ExpectedSectorType : 3;
    UCHAR Lun : 3;
    union {
        USTOR_CDB_STRUCT _LBA {
            UCHAR StartingBlockAddress[4];
            UCHAR PlayLength[4];
        } LBA;
        USTOR_CDB_STRUCT _MSF {
            UCHAR Reserved1;
            UCHAR StartingM;
            UCHAR StartingS;
            UCHAR StartingF;
            UCHAR EndingM;
            UCHAR EndingS;
            UCHAR EndingF;
            UCHAR Reserved2;
        } MSF;
    };
    UCHAR Audio : 1;
    UCHAR Composite : 1;
    UCHAR Port1 : 1;
    UCHAR Port2 : 1;
    UCHAR Reserved2 : 3;
    UCHAR Speed : 1;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SCAN_CD {
    UCHAR OperationCode;
    UCHAR RelativeAddress : 1;
    UCHAR Reserved1 : 3;
    UCHAR Direct : 1;
    UCHAR Lun : 3;
    UCHAR StartingAddress[4];
    UCHAR Reserved2[3];
    UCHAR Reserved3 : 6;
    UCHAR Type : 2;
    UCHAR Reserved4;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_CD {
    UCHAR OperationCode;
    UCHAR RelativeAddress : 1;
    UCHAR Reserved0 : 1;
    UCHAR ExpectedSectorType : 3;
    UCHAR Lun : 3;
    UCHAR StartingLBA[4];
    UCHAR TransferBlocks[3];
    UCHAR Reserved2 : 1;
    UCHAR ErrorFlags : 2;
    UCHAR IncludeEDC : 1;
    UCHAR IncludeUserData : 1;
    UCHAR HeaderCode : 2;
    UCHAR IncludeSyncData : 1;
    UCHAR SubChannelSelection : 3;
    UCHAR Reserved3 : 5;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_CD_MSF {
    UCHAR OperationCode;
    UCHAR RelativeAddress : 1;
    UCHAR Reserved1 : 1;
    UCHAR ExpectedSectorType : 3;
    UCHAR Lun : 3;
    UCHAR Reserved2;
    UCHAR StartingM;
    UCHAR StartingS;
    UCHAR StartingF;
    UCHAR EndingM;
    UCHAR EndingS;
    UCHAR EndingF;
    UCHAR Reserved3;
    UCHAR Reserved4 : 1;
    UCHAR ErrorFlags : 2;
    UCHAR IncludeEDC : 1;
    UCHAR IncludeUserData : 1;
    UCHAR HeaderCode : 2;
    UCHAR IncludeSyncData : 1;
    UCHAR SubChannelSelection : 3;
    UCHAR Reserved5 : 5;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SET_CD_SPEED {
    UCHAR OperationCode;
    union {
        UCHAR Reserved1;
        USTOR_CDB_STRUCT {
            UCHAR RotationControl : 2;
            UCHAR Reserved3 : 6;
        };
    };
    UCHAR ReadSpeed[2];
    UCHAR WriteSpeed[2];
    UCHAR Reserved2[5];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _GET_PERFORMANCE {
    UCHAR OperationCode;
    UCHAR Except : 2;
    UCHAR Write : 1;
    UCHAR Tolerance : 2;
    UCHAR Reserved0 : 3;
    UCHAR StartingLBA[4];
    UCHAR Reserved1[2];
    UCHAR MaximumNumberOfDescriptors[2];
    UCHAR Type;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_DVD_STRUCTURE {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR RMDBlockNumber[4];
    UCHAR LayerNumber;
    UCHAR Format;
    UCHAR AllocationLength[2];
    UCHAR Reserved3 : 6;
    UCHAR AGID : 2;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SET_STREAMING {
    UCHAR OperationCode;
    UCHAR Reserved[8];
    UCHAR ParameterListLength[2];
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SEND_DVD_STRUCTURE {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR Reserved2[5];
    UCHAR Format;
    UCHAR ParameterListLength[2];
    UCHAR Reserved3;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SEND_KEY {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR Reserved2[6];
    UCHAR ParameterListLength[2];
    UCHAR KeyFormat : 6;
    UCHAR AGID : 2;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _REPORT_KEY {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR LogicalBlockAddress[4];
    UCHAR Reserved2[2];
    UCHAR AllocationLength[2];
    UCHAR KeyFormat : 6;
    UCHAR AGID : 2;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SET_READ_AHEAD {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR Lun : 3;
    UCHAR TriggerLBA[4];
    UCHAR ReadAheadLBA[4];
    UCHAR Reserved2;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _LOAD_UNLOAD {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Reserved1 : 4;
    UCHAR Lun : 3;
    UCHAR Reserved2[2];
    UCHAR Start : 1;
    UCHAR LoadEject : 1;
    UCHAR Reserved3 : 6;
    UCHAR Reserved4[3];
    UCHAR Slot;
    UCHAR Reserved5[3];
};

struct USTOR_MS_STRUCT _INITIALIZE_ELEMENT_RANGE {
    UCHAR OperationCode;
    UCHAR Range : 1;
    UCHAR Reserved1 : 4;
    UCHAR LogicalUnitNubmer : 3;
    UCHAR FirstElementAddress[2];
    UCHAR Reserved2[2];
    UCHAR NumberOfElements[2];
    UCHAR Reserved3;
    UCHAR Reserved4 : 7;
    UCHAR NoBarCode : 1;
};

struct USTOR_MS_STRUCT _POSITION_TO_ELEMENT {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR TransportElementAddress[2];
    UCHAR DestinationElementAddress[2];
    UCHAR Reserved2[2];
    UCHAR Flip : 1;
    UCHAR Reserved3 : 7;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _MOVE_MEDIUM {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR TransportElementAddress[2];
    UCHAR SourceElementAddress[2];
    UCHAR DestinationElementAddress[2];
    UCHAR Reserved2[2];
    UCHAR Flip : 1;
    UCHAR Reserved3 : 7;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _EXCHANGE_MEDIUM {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR TransportElementAddress[2];
    UCHAR SourceElementAddress[2];
    UCHAR Destination1ElementAddress[2];
    UCHAR Destination2ElementAddress[2];
    UCHAR Flip1 : 1;
    UCHAR Flip2 : 1;
    UCHAR Reserved3 : 6;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _READ_ELEMENT_STATUS {
    UCHAR OperationCode;
    UCHAR ElementType : 4;
    UCHAR VolTag : 1;
    UCHAR LogicalUnitNumber : 3;
    UCHAR StartingElementAddress[2];
    UCHAR NumberOfElements[2];
    UCHAR Reserved1;
    UCHAR AllocationLength[3];
    UCHAR Reserved2;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _SEND_VOLUME_TAG {
    UCHAR OperationCode;
    UCHAR ElementType : 4;
    UCHAR Reserved1 : 1;
    UCHAR LogicalUnitNumber : 3;
    UCHAR StartingElementAddress[2];
    UCHAR Reserved2;
    UCHAR ActionCode : 5;
    UCHAR Reserved3 : 3;
    UCHAR Reserved4[2];
    UCHAR ParameterListLength[2];
    UCHAR Reserved5;
    UCHAR Control;
};

struct USTOR_MS_STRUCT _REQUEST_VOLUME_ELEMENT_ADDRESS {
    UCHAR OperationCode;
    UCHAR ElementType : 4;
    UCHAR VolTag : 1;
    UCHAR LogicalUnitNumber : 3;
    UCHAR StartingElementAddress[2];
    UCHAR NumberElements[2];
    UCHAR Reserved1;
    UCHAR AllocationLength[3];
    UCHAR Reserved2;
    UCHAR Control;
};

#pragma pack(pop)

#undef USTOR_CDB_STRUCT

#endif /* USTOR_SCSI_CDB_MEDIA_H */
