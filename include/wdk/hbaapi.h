/*
 * hbaapi.h - the SNIA HBA API / SM-HBA vocabulary that Windows storage WMI
 * reports use: fixed-width HBA_* types, HBA_STATUS codes, port types, port
 * states, port and phy speeds, SAS protocol bits, binding capability bits,
 * and the plain data structures (WWN, FC-4 type map, adapter and port
 * attributes, port and protocol statistics).
 * Leaves out the user-mode library routines (HBA_GetAdapterName...) and
 * their callback types; a miniport only needs the values and layouts.
 */
#ifndef HBA_API_H
#define HBA_API_H

#include "ustor/nt_base.h"

#define HBA_VERSION   2
#define SMHBA_VERSION 1

typedef unsigned char HBA_UINT8;
typedef signed char HBA_INT8;
typedef unsigned short HBA_UINT16;
typedef short HBA_INT16;
typedef ULONG HBA_UINT32;          /* 32-bit on Windows (unsigned long) */
typedef LONG HBA_INT32;
typedef void *HBA_PVOID;
typedef ULONGLONG HBA_UINT64;
typedef LONGLONG HBA_INT64;

typedef HBA_UINT32 HBA_HANDLE;
typedef HBA_UINT32 HBA_STATUS;
typedef HBA_UINT8 HBA_BOOLEAN;

#define HBA_STATUS_OK                          0
#define HBA_STATUS_ERROR                       1
#define HBA_STATUS_ERROR_NOT_SUPPORTED         2
#define HBA_STATUS_ERROR_INVALID_HANDLE        3
#define HBA_STATUS_ERROR_ARG                   4
#define HBA_STATUS_ERROR_ILLEGAL_WWN           5
#define HBA_STATUS_ERROR_ILLEGAL_INDEX         6
#define HBA_STATUS_ERROR_MORE_DATA             7
#define HBA_STATUS_ERROR_STALE_DATA            8
#define HBA_STATUS_SCSI_CHECK_CONDITION        9
#define HBA_STATUS_ERROR_BUSY                  10
#define HBA_STATUS_ERROR_TRY_AGAIN             11
#define HBA_STATUS_ERROR_UNAVAILABLE           12
#define HBA_STATUS_ERROR_ELS_REJECT            13
#define HBA_STATUS_ERROR_INVALID_LUN           14
#define HBA_STATUS_ERROR_INCOMPATIBLE          15
#define HBA_STATUS_ERROR_AMBIGUOUS_WWN         16
#define HBA_STATUS_ERROR_LOCAL_BUS             17
#define HBA_STATUS_ERROR_LOCAL_TARGET          18
#define HBA_STATUS_ERROR_LOCAL_LUN             19
#define HBA_STATUS_ERROR_LOCAL_SCSIID_BOUND    20
#define HBA_STATUS_ERROR_TARGET_FCID           21
#define HBA_STATUS_ERROR_TARGET_NODE_WWN       22
#define HBA_STATUS_ERROR_TARGET_PORT_WWN       23
#define HBA_STATUS_ERROR_TARGET_LUN            24
#define HBA_STATUS_ERROR_TARGET_LUID           25
#define HBA_STATUS_ERROR_NO_SUCH_BINDING       26
#define HBA_STATUS_ERROR_NOT_A_TARGET          27
#define HBA_STATUS_ERROR_UNSUPPORTED_FC4       28
#define HBA_STATUS_ERROR_INCAPABLE             29
#define HBA_STATUS_ERROR_TARGET_BUSY           30
#define HBA_STATUS_ERROR_NOT_LOADED            31
#define HBA_STATUS_ERROR_ALREADY_LOADED        32
#define HBA_STATUS_ERROR_ILLEGAL_FCID          33
#define HBA_STATUS_ERROR_NOT_ASCSIDEVICE       34
#define HBA_STATUS_ERROR_INVALID_PROTOCOL_TYPE 35
#define HBA_STATUS_ERROR_BAD_EVENT_TYPE        36

typedef HBA_UINT32 HBA_PORTTYPE;
#define HBA_PORTTYPE_UNKNOWN     1
#define HBA_PORTTYPE_OTHER       2
#define HBA_PORTTYPE_NOTPRESENT  3
#define HBA_PORTTYPE_NPORT       5    /* fabric */
#define HBA_PORTTYPE_NLPORT      6    /* public loop */
#define HBA_PORTTYPE_FLPORT      7
#define HBA_PORTTYPE_FPORT       8
#define HBA_PORTTYPE_EPORT       9
#define HBA_PORTTYPE_GPORT       10
#define HBA_PORTTYPE_LPORT       20   /* private loop */
#define HBA_PORTTYPE_PTP         21   /* point to point */
#define HBA_PORTTYPE_SASDEVICE   30   /* SSP or STP */
#define HBA_PORTTYPE_SATADEVICE  31   /* direct-attached SATA */
#define HBA_PORTTYPE_SASEXPANDER 32

typedef HBA_UINT32 HBA_PORTSTATE;
#define HBA_PORTSTATE_UNKNOWN     1
#define HBA_PORTSTATE_ONLINE      2
#define HBA_PORTSTATE_OFFLINE     3
#define HBA_PORTSTATE_BYPASSED    4
#define HBA_PORTSTATE_DIAGNOSTICS 5
#define HBA_PORTSTATE_LINKDOWN    6
#define HBA_PORTSTATE_ERROR       7
#define HBA_PORTSTATE_LOOPBACK    8
#define HBA_PORTSTATE_DEGRADED    9

typedef HBA_UINT32 HBA_PORTSPEED;
typedef HBA_UINT32 HBA_FCPHYSPEED, HBA_SASPHYSPEED, HBA_PHYSPEED;
#define HBA_PORTSPEED_UNKNOWN        0
#define HBA_PORTSPEED_1GBIT          1
#define HBA_PORTSPEED_2GBIT          2
#define HBA_PORTSPEED_10GBIT         4
#define HBA_PORTSPEED_4GBIT          8
#define HBA_FCSPEED_UNKNOWN          0
#define HBA_FCPHYSPEED_8GBIT         16
#define HBA_FCPHYSPEED_16GBIT        32
#define HBA_PORTSPEED_NOT_NEGOTIATED (1 << 15)

typedef HBA_UINT8 HBA_FCPHYTYPE;
#define HBA_FCPHYTYPE_UNKNOWN 1
#define HBA_FCPHYTYPE_OPTICAL 2
#define HBA_FCPHYTYPE_COPPER  4

#define HBA_SASSTATE_UNKNOWN     0x00
#define HBA_SASSTATE_DISABLED    0x01
#define HBA_SASSTATE_FAILED      0x02
#define HBA_SASSTATE_SATASPINUP  0x03
#define HBA_SASSTATE_SATAPORTSEL 0x04
#define HBA_SASSPEED_1_5GBIT     0x08
#define HBA_SASSPEED_3GBIT       0x09

typedef HBA_UINT32 HBA_SASPORTPROTOCOL;
#define HBA_SASPORTPROTOCOL_SSP  1
#define HBA_SASPORTPROTOCOL_STP  2
#define HBA_SASPORTPROTOCOL_SMP  4
#define HBA_SASPORTPROTOCOL_SATA 8

typedef HBA_UINT32 HBA_COS;
typedef HBA_UINT32 HBA_BIND_CAPABILITY;
typedef HBA_UINT32 HBA_BIND_TYPE;

#define HBA_CAN_BIND_TO_D_ID    0x0001
#define HBA_CAN_BIND_TO_WWPN    0x0002
#define HBA_CAN_BIND_TO_WWNN    0x0004
#define HBA_CAN_BIND_TO_LUID    0x0008
#define HBA_CAN_BIND_ANY_LUNS   0x0400
#define HBA_CAN_BIND_TARGETS    0x0800
#define HBA_CAN_BIND_AUTOMAP    0x1000
#define HBA_CAN_BIND_CONFIGURED 0x2000

#define HBA_BIND_TO_D_ID 0x0001
#define HBA_BIND_TO_WWPN 0x0002
#define HBA_BIND_TO_WWNN 0x0004
#define HBA_BIND_TO_LUID 0x0008
#define HBA_BIND_TARGETS 0x0800

typedef struct HBA_wwn {
    HBA_UINT8 wwn[8];
} HBA_WWN, *PHBA_WWN;
USTOR_LAYOUT_ASSERT(sizeof(HBA_WWN) == 8);

typedef struct HBA_fc4types {
    HBA_UINT8 bits[32];             /* FC-GS-4 FC-4 TYPEs bitmap */
} HBA_FC4TYPES, *PHBA_FC4TYPES;

typedef struct HBA_AdapterAttributes {
    char Manufacturer[64];
    char SerialNumber[64];
    char Model[256];
    char ModelDescription[256];
    HBA_WWN NodeWWN;
    char NodeSymbolicName[256];
    char HardwareVersion[256];
    char DriverVersion[256];
    char OptionROMVersion[256];
    char FirmwareVersion[256];
    HBA_UINT32 VendorSpecificID;
    HBA_UINT32 NumberOfPorts;
    char DriverName[256];
} HBA_ADAPTERATTRIBUTES, *PHBA_ADAPTERATTRIBUTES;
USTOR_LAYOUT_ASSERT(offsetof(HBA_ADAPTERATTRIBUTES, VendorSpecificID) == 1928);

typedef struct HBA_PortAttributes {
    HBA_WWN NodeWWN;
    HBA_WWN PortWWN;
    HBA_UINT32 PortFcId;
    HBA_PORTTYPE PortType;
    HBA_PORTSTATE PortState;
    HBA_COS PortSupportedClassofService;
    HBA_FC4TYPES PortSupportedFc4Types;
    HBA_FC4TYPES PortActiveFc4Types;
    char PortSymbolicName[256];
    char OSDeviceName[256];
    HBA_PORTSPEED PortSupportedSpeed;
    HBA_PORTSPEED PortSpeed;
    HBA_UINT32 PortMaxFrameSize;
    HBA_WWN FabricName;
    HBA_UINT32 NumberofDiscoveredPorts;
} HBA_PORTATTRIBUTES, *PHBA_PORTATTRIBUTES;
USTOR_LAYOUT_ASSERT(offsetof(HBA_PORTATTRIBUTES, PortSupportedSpeed) == 608);

typedef struct HBA_PortStatistics {
    HBA_INT64 SecondsSinceLastReset;
    HBA_INT64 TxFrames;
    HBA_INT64 TxWords;
    HBA_INT64 RxFrames;
    HBA_INT64 RxWords;
    HBA_INT64 LIPCount;
    HBA_INT64 NOSCount;
    HBA_INT64 ErrorFrames;
    HBA_INT64 DumpedFrames;
    HBA_INT64 LinkFailureCount;
    HBA_INT64 LossOfSyncCount;
    HBA_INT64 LossOfSignalCount;
    HBA_INT64 PrimitiveSeqProtocolErrCount;
    HBA_INT64 InvalidTxWordCount;
    HBA_INT64 InvalidCRCCount;
} HBA_PORTSTATISTICS, *PHBA_PORTSTATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(HBA_PORTSTATISTICS) == 120);

typedef struct HBA_FC4Statistics {
    HBA_INT64 InputRequests;
    HBA_INT64 OutputRequests;
    HBA_INT64 ControlRequests;
    HBA_INT64 InputMegabytes;
    HBA_INT64 OutputMegabytes;
} HBA_FC4STATISTICS, *PHBA_FC4STATISTICS;

typedef struct SMHBA_FC_Phy {
    HBA_FCPHYSPEED PhySupportSpeed;
    HBA_FCPHYSPEED PhySpeed;
    HBA_FCPHYTYPE PhyType;
    HBA_UINT32 MaxFrameSize;
} SMHBA_FC_PHY, *PSMHBA_FC_PHY;
USTOR_LAYOUT_ASSERT(sizeof(SMHBA_FC_PHY) == 16);

typedef struct SMHBA_SAS_Phy {
    HBA_UINT8 PhyIdentifier;
    HBA_SASPHYSPEED NegotiatedLinkRate;
    HBA_SASPHYSPEED ProgrammedMinLinkRate;
    HBA_SASPHYSPEED HardwareMinLinkRate;
    HBA_SASPHYSPEED ProgrammedMaxLinkRate;
    HBA_SASPHYSPEED HardwareMaxLinkRate;
    HBA_WWN domainPortWWN;
} SMHBA_SAS_PHY, *PSMHBA_SAS_PHY;
USTOR_LAYOUT_ASSERT(sizeof(SMHBA_SAS_PHY) == 32);

typedef struct SMHBA_ProtocolStatistics {
    HBA_INT64 SecondsSinceLastReset;
    HBA_INT64 InputRequests;
    HBA_INT64 OutputRequests;
    HBA_INT64 ControlRequests;
    HBA_INT64 InputMegabytes;
    HBA_INT64 OutputMegabytes;
} SMHBA_PROTOCOLSTATISTICS, *PSMHBA_PROTOCOLSTATISTICS;

typedef struct SMHBA_SASPhyStatistics {
    HBA_INT64 SecondsSinceLastReset;
    HBA_INT64 TxFrames;
    HBA_INT64 TxWords;
    HBA_INT64 RxFrames;
    HBA_INT64 RxWords;
    HBA_INT64 InvalidDwordCount;
    HBA_INT64 RunningDisparityErrorCount;
    HBA_INT64 LossofDwordSyncCount;
    HBA_INT64 PhyResetProblemCount;
} SMHBA_SASPHYSTATISTICS, *PSMHBA_SASPHYSTATISTICS;

USTOR_LAYOUT_ASSERT(sizeof(HBA_FC4TYPES) == 32 && sizeof(HBA_FC4STATISTICS) == 40);
USTOR_LAYOUT_ASSERT(sizeof(SMHBA_PROTOCOLSTATISTICS) == 48 && sizeof(SMHBA_SASPHYSTATISTICS) == 72);

#endif /* HBA_API_H */
