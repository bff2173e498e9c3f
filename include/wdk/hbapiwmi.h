/*
 * hbapiwmi.h - the WMI classes through which Windows queries an HBA for the
 * SM-HBA API, as a miniport answers them: with MS_SM_HBA_API defined, the
 * MS_SM_AdapterInformationQuery data block, the MS_SM_PortInformationMethods
 * method ids with their _IN/_OUT parameter blocks and _SIZE values, and the
 * embedded MS_SMHBA_* port, phy and statistics classes, plus their GUIDs.
 * Leaves out the Fibre Channel HBA API classes (MSFC_*), the target-mapping,
 * binding, SCSI-command and event classes, and the per-field _ID macros.
 * Layouts follow the MOF compiler's C rules (natural alignment, x64).
 */
#ifndef _HBAPIWMI_H_
#define _HBAPIWMI_H_

#include "ustor/nt_base.h"
#include "guiddef.h"

#ifdef MS_SM_HBA_API

/* Bytes from the start of T through its member F (what the generated _SIZE values are). */
#define USTOR_WMI_SIZE_THROUGH(T, F) (FIELD_OFFSET(T, F) + sizeof(((T *)0)->F))

/* ---- MS_SM_AdapterInformationQuery (data block) ---- */

#define MS_SM_AdapterInformationQueryGuid \
    { 0xbdc67efa, 0xe5e7, 0x4777, { 0xb1, 0x3c, 0x62, 0x14, 0x59, 0x65, 0x70, 0x99 } }
DEFINE_GUID(MS_SM_AdapterInformationQuery_GUID,
    0xbdc67efa, 0xe5e7, 0x4777, 0xb1, 0x3c, 0x62, 0x14, 0x59, 0x65, 0x70, 0x99);

typedef struct _MS_SM_AdapterInformationQuery {
    ULONGLONG UniqueAdapterId;
    ULONG HBAStatus;                /* HBA_STATUS_* */
    ULONG NumberOfPorts;
    ULONG VendorSpecificID;
    WCHAR Manufacturer[64 + 1];
    WCHAR SerialNumber[64 + 1];
    WCHAR Model[256 + 1];
    WCHAR ModelDescription[256 + 1];
    WCHAR HardwareVersion[256 + 1];
    WCHAR DriverVersion[256 + 1];
    WCHAR OptionROMVersion[256 + 1];
    WCHAR FirmwareVersion[256 + 1];
    WCHAR DriverName[256 + 1];
    WCHAR HBASymbolicName[256 + 1];
    WCHAR RedundantOptionROMVersion[256 + 1];
    WCHAR RedundantFirmwareVersion[256 + 1];
    WCHAR MfgDomain[256 + 1];
} MS_SM_AdapterInformationQuery, *PMS_SM_AdapterInformationQuery;
USTOR_LAYOUT_ASSERT(offsetof(MS_SM_AdapterInformationQuery, Manufacturer) == 20);
USTOR_LAYOUT_ASSERT(offsetof(MS_SM_AdapterInformationQuery, Model) == 280);
USTOR_LAYOUT_ASSERT(sizeof(MS_SM_AdapterInformationQuery) == 5936);

#define MS_SM_AdapterInformationQuery_SIZE \
    USTOR_WMI_SIZE_THROUGH(MS_SM_AdapterInformationQuery, MfgDomain)

/* ---- embedded classes ---- */

#define MS_SMHBA_FC_PortGuid \
    { 0x96b827a7, 0x2b4a, 0x49c8, { 0x90, 0x97, 0x07, 0x82, 0x00, 0xc5, 0xa5, 0xcd } }
DEFINE_GUID(MS_SMHBA_FC_Port_GUID,
    0x96b827a7, 0x2b4a, 0x49c8, 0x90, 0x97, 0x07, 0x82, 0x00, 0xc5, 0xa5, 0xcd);

typedef struct _MS_SMHBA_FC_Port {
    UCHAR NodeWWN[8];
    UCHAR PortWWN[8];
    ULONG FcId;
    ULONG PortSupportedClassofService;
    UCHAR PortSupportedFc4Types[32];
    UCHAR PortActiveFc4Types[32];
    UCHAR FabricName[8];
    ULONG NumberofDiscoveredPorts;
    UCHAR NumberofPhys;
    WCHAR PortSymbolicName[256 + 1];
} MS_SMHBA_FC_Port, *PMS_SMHBA_FC_Port;
USTOR_LAYOUT_ASSERT(offsetof(MS_SMHBA_FC_Port, NumberofPhys) == 100);
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_FC_Port) == 616);

#define MS_SMHBA_SAS_PortGuid \
    { 0xb914e34f, 0x7b80, 0x46b0, { 0x80, 0x34, 0x6d, 0x9b, 0x68, 0x9e, 0x1d, 0xdd } }
DEFINE_GUID(MS_SMHBA_SAS_Port_GUID,
    0xb914e34f, 0x7b80, 0x46b0, 0x80, 0x34, 0x6d, 0x9b, 0x68, 0x9e, 0x1d, 0xdd);

typedef struct _MS_SMHBA_SAS_Port {
    ULONG PortProtocol;             /* HBA_SASPORTPROTOCOL_* */
    UCHAR LocalSASAddress[8];
    UCHAR AttachedSASAddress[8];
    ULONG NumberofDiscoveredPorts;
    ULONG NumberofPhys;
} MS_SMHBA_SAS_Port, *PMS_SMHBA_SAS_Port;
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_SAS_Port) == 28);

#define MS_SMHBA_PORTATTRIBUTESGuid \
    { 0x50a97b2d, 0x99ad, 0x4cf9, { 0x84, 0x37, 0xb4, 0xea, 0x0c, 0x07, 0xbe, 0x4c } }
DEFINE_GUID(MS_SMHBA_PORTATTRIBUTES_GUID,
    0x50a97b2d, 0x99ad, 0x4cf9, 0x84, 0x37, 0xb4, 0xea, 0x0c, 0x07, 0xbe, 0x4c);

/* PortSpecificAttributes holds an MS_SMHBA_FC_Port or MS_SMHBA_SAS_Port. */
typedef struct _MS_SMHBA_PORTATTRIBUTES {
    ULONG PortType;                 /* HBA_PORTTYPE_* */
    ULONG PortState;                /* HBA_PORTSTATE_* */
    ULONG PortSpecificAttributesSize;
    WCHAR OSDeviceName[256 + 1];
    ULONGLONG Reserved;
    UCHAR PortSpecificAttributes[1];
} MS_SMHBA_PORTATTRIBUTES, *PMS_SMHBA_PORTATTRIBUTES;
USTOR_LAYOUT_ASSERT(offsetof(MS_SMHBA_PORTATTRIBUTES, Reserved) == 528);
USTOR_LAYOUT_ASSERT(offsetof(MS_SMHBA_PORTATTRIBUTES, PortSpecificAttributes) == 536);
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_PORTATTRIBUTES) == 544);

#define MS_SMHBA_PROTOCOLSTATISTICSGuid \
    { 0xb557bd86, 0x4128, 0x4d5c, { 0xb6, 0xe6, 0xb6, 0x5f, 0x9b, 0xd6, 0x87, 0x22 } }
DEFINE_GUID(MS_SMHBA_PROTOCOLSTATISTICS_GUID,
    0xb557bd86, 0x4128, 0x4d5c, 0xb6, 0xe6, 0xb6, 0x5f, 0x9b, 0xd6, 0x87, 0x22);

typedef struct _MS_SMHBA_PROTOCOLSTATISTICS {
    LONGLONG SecondsSinceLastReset;
    LONGLONG InputRequests;
    LONGLONG OutputRequests;
    LONGLONG ControlRequests;
    LONGLONG InputMegabytes;
    LONGLONG OutputMegabytes;
} MS_SMHBA_PROTOCOLSTATISTICS, *PMS_SMHBA_PROTOCOLSTATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_PROTOCOLSTATISTICS) == 48);

#define MS_SMHBA_SASPHYSTATISTICSGuid \
    { 0xbd458e7d, 0xc40a, 0x4401, { 0xa1, 0x79, 0x11, 0x91, 0x9c, 0xbc, 0xc5, 0xc6 } }
DEFINE_GUID(MS_SMHBA_SASPHYSTATISTICS_GUID,
    0xbd458e7d, 0xc40a, 0x4401, 0xa1, 0x79, 0x11, 0x91, 0x9c, 0xbc, 0xc5, 0xc6);

typedef struct _MS_SMHBA_SASPHYSTATISTICS {
    LONGLONG SecondsSinceLastReset;
    LONGLONG TxFrames;
    LONGLONG TxWords;
    LONGLONG RxFrames;
    LONGLONG RxWords;
    LONGLONG InvalidDwordCount;
    LONGLONG RunningDisparityErrorCount;
    LONGLONG LossofDwordSyncCount;
    LONGLONG PhyResetProblemCount;
} MS_SMHBA_SASPHYSTATISTICS, *PMS_SMHBA_SASPHYSTATISTICS;
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_SASPHYSTATISTICS) == 72);

#define MS_SMHBA_FC_PHYGuid \
    { 0xfb66c8fe, 0x1da0, 0x48a2, { 0x92, 0xdb, 0x02, 0xc3, 0x41, 0x14, 0x3c, 0x46 } }
DEFINE_GUID(MS_SMHBA_FC_PHY_GUID,
    0xfb66c8fe, 0x1da0, 0x48a2, 0x92, 0xdb, 0x02, 0xc3, 0x41, 0x14, 0x3c, 0x46);

typedef struct _MS_SMHBA_FC_PHY {
    ULONG PhySupportSpeed;
    ULONG PhySpeed;
    UCHAR PhyType;
    ULONG MaxFrameSize;
} MS_SMHBA_FC_PHY, *PMS_SMHBA_FC_PHY;
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_FC_PHY) == 16);

#define MS_SMHBA_SAS_PHYGuid \
    { 0xdde0a090, 0x96bc, 0x452b, { 0x9a, 0x64, 0x6f, 0xbb, 0x6a, 0x19, 0xc4, 0x7d } }
DEFINE_GUID(MS_SMHBA_SAS_PHY_GUID,
    0xdde0a090, 0x96bc, 0x452b, 0x9a, 0x64, 0x6f, 0xbb, 0x6a, 0x19, 0xc4, 0x7d);

typedef struct _MS_SMHBA_SAS_PHY {
    UCHAR PhyIdentifier;
    ULONG NegotiatedLinkRate;
    ULONG ProgrammedMinLinkRate;
    ULONG HardwareMinLinkRate;
    ULONG ProgrammedMaxLinkRate;
    ULONG HardwareMaxLinkRate;
    UCHAR domainPortWWN[8];
} MS_SMHBA_SAS_PHY, *PMS_SMHBA_SAS_PHY;
USTOR_LAYOUT_ASSERT(sizeof(MS_SMHBA_SAS_PHY) == 32);

/* Largest port-specific attribute block a caller may have to make room for. */
#define SM_PORT_SPECIFIC_ATTRIBUTES_MAXSIZE \
    ((sizeof(MS_SMHBA_FC_Port) > sizeof(MS_SMHBA_SAS_Port)) ? sizeof(MS_SMHBA_FC_Port) \
                                                            : sizeof(MS_SMHBA_SAS_Port))

/* ---- MS_SM_PortInformationMethods (methods) ---- */

#define MS_SM_PortInformationMethodsGuid \
    { 0x5b6a8b86, 0x708d, 0x4ec6, { 0x82, 0xa6, 0x39, 0xad, 0xcf, 0x6f, 0x64, 0x33 } }
DEFINE_GUID(MS_SM_PortInformationMethods_GUID,
    0x5b6a8b86, 0x708d, 0x4ec6, 0x82, 0xa6, 0x39, 0xad, 0xcf, 0x6f, 0x64, 0x33);

#define SM_GetPortType                 1
#define SM_GetAdapterPortAttributes    2
#define SM_GetDiscoveredPortAttributes 3
#define SM_GetPortAttributesByWWN      4
#define SM_GetProtocolStatistics       5
#define SM_GetPhyStatistics            6
#define SM_GetFCPhyAttributes          7
#define SM_GetSASPhyAttributes         8
#define SM_RefreshInformation          10

typedef struct _SM_GetPortType_IN {
    ULONG PortIndex;
} SM_GetPortType_IN, *PSM_GetPortType_IN;
typedef struct _SM_GetPortType_OUT {
    ULONG HBAStatus;
    ULONG PortType;
} SM_GetPortType_OUT, *PSM_GetPortType_OUT;
#define SM_GetPortType_IN_SIZE  USTOR_WMI_SIZE_THROUGH(SM_GetPortType_IN, PortIndex)
#define SM_GetPortType_OUT_SIZE USTOR_WMI_SIZE_THROUGH(SM_GetPortType_OUT, PortType)

typedef struct _SM_GetAdapterPortAttributes_IN {
    ULONG PortIndex;
    ULONG PortSpecificAttributesMaxSize;
} SM_GetAdapterPortAttributes_IN, *PSM_GetAdapterPortAttributes_IN;
typedef struct _SM_GetAdapterPortAttributes_OUT {
    ULONG HBAStatus;
    MS_SMHBA_PORTATTRIBUTES PortAttributes;
} SM_GetAdapterPortAttributes_OUT, *PSM_GetAdapterPortAttributes_OUT;
USTOR_LAYOUT_ASSERT(offsetof(SM_GetAdapterPortAttributes_OUT, PortAttributes) == 8);
#define SM_GetAdapterPortAttributes_IN_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetAdapterPortAttributes_IN, PortSpecificAttributesMaxSize)
#define SM_GetAdapterPortAttributes_OUT_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetAdapterPortAttributes_OUT, PortAttributes)

typedef struct _SM_GetDiscoveredPortAttributes_IN {
    ULONG PortIndex;
    ULONG DiscoveredPortIndex;
    ULONG PortSpecificAttributesMaxSize;
} SM_GetDiscoveredPortAttributes_IN, *PSM_GetDiscoveredPortAttributes_IN;
typedef struct _SM_GetDiscoveredPortAttributes_OUT {
    ULONG HBAStatus;
    MS_SMHBA_PORTATTRIBUTES PortAttributes;
} SM_GetDiscoveredPortAttributes_OUT, *PSM_GetDiscoveredPortAttributes_OUT;
#define SM_GetDiscoveredPortAttributes_IN_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetDiscoveredPortAttributes_IN, PortSpecificAttributesMaxSize)
#define SM_GetDiscoveredPortAttributes_OUT_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetDiscoveredPortAttributes_OUT, PortAttributes)

typedef struct _SM_GetPortAttributesByWWN_IN {
    UCHAR PortWWN[8];
    UCHAR DomainPortWWN[8];
    ULONG PortSpecificAttributesMaxSize;
} SM_GetPortAttributesByWWN_IN, *PSM_GetPortAttributesByWWN_IN;
typedef struct _SM_GetPortAttributesByWWN_OUT {
    ULONG HBAStatus;
    MS_SMHBA_PORTATTRIBUTES PortAttributes;
} SM_GetPortAttributesByWWN_OUT, *PSM_GetPortAttributesByWWN_OUT;
#define SM_GetPortAttributesByWWN_IN_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetPortAttributesByWWN_IN, PortSpecificAttributesMaxSize)
#define SM_GetPortAttributesByWWN_OUT_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetPortAttributesByWWN_OUT, PortAttributes)

typedef struct _SM_GetProtocolStatistics_IN {
    ULONG PortIndex;
    ULONG ProtocolType;
} SM_GetProtocolStatistics_IN, *PSM_GetProtocolStatistics_IN;
typedef struct _SM_GetProtocolStatistics_OUT {
    ULONG HBAStatus;
    MS_SMHBA_PROTOCOLSTATISTICS ProtocolStatistics;
} SM_GetProtocolStatistics_OUT, *PSM_GetProtocolStatistics_OUT;
USTOR_LAYOUT_ASSERT(offsetof(SM_GetProtocolStatistics_OUT, ProtocolStatistics) == 8);
#define SM_GetProtocolStatistics_IN_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetProtocolStatistics_IN, ProtocolType)
#define SM_GetProtocolStatistics_OUT_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetProtocolStatistics_OUT, ProtocolStatistics)

typedef struct _SM_GetPhyStatistics_IN {
    ULONG PortIndex;
    ULONG PhyIndex;
    ULONG InNumOfPhyCounters;
} SM_GetPhyStatistics_IN, *PSM_GetPhyStatistics_IN;
typedef struct _SM_GetPhyStatistics_OUT {
    ULONG HBAStatus;
    ULONG TotalNumOfPhyCounters;
    ULONG OutNumOfPhyCounters;
    LONGLONG PhyCounter[1];         /* OutNumOfPhyCounters entries */
} SM_GetPhyStatistics_OUT, *PSM_GetPhyStatistics_OUT;
USTOR_LAYOUT_ASSERT(offsetof(SM_GetPhyStatistics_OUT, PhyCounter) == 16);
#define SM_GetPhyStatistics_IN_SIZE \
    USTOR_WMI_SIZE_THROUGH(SM_GetPhyStatistics_IN, InNumOfPhyCounters)

typedef struct _SM_GetFCPhyAttributes_IN {
    ULONG PortIndex;
    ULONG PhyIndex;
} SM_GetFCPhyAttributes_IN, *PSM_GetFCPhyAttributes_IN;
typedef struct _SM_GetFCPhyAttributes_OUT {
    ULONG HBAStatus;
    MS_SMHBA_FC_PHY PhyType;
} SM_GetFCPhyAttributes_OUT, *PSM_GetFCPhyAttributes_OUT;
#define SM_GetFCPhyAttributes_IN_SIZE  USTOR_WMI_SIZE_THROUGH(SM_GetFCPhyAttributes_IN, PhyIndex)
#define SM_GetFCPhyAttributes_OUT_SIZE USTOR_WMI_SIZE_THROUGH(SM_GetFCPhyAttributes_OUT, PhyType)

typedef struct _SM_GetSASPhyAttributes_IN {
    ULONG PortIndex;
    ULONG PhyIndex;
} SM_GetSASPhyAttributes_IN, *PSM_GetSASPhyAttributes_IN;
typedef struct _SM_GetSASPhyAttributes_OUT {
    ULONG HBAStatus;
    MS_SMHBA_SAS_PHY PhyType;
} SM_GetSASPhyAttributes_OUT, *PSM_GetSASPhyAttributes_OUT;
#define SM_GetSASPhyAttributes_IN_SIZE  USTOR_WMI_SIZE_THROUGH(SM_GetSASPhyAttributes_IN, PhyIndex)
#define SM_GetSASPhyAttributes_OUT_SIZE USTOR_WMI_SIZE_THROUGH(SM_GetSASPhyAttributes_OUT, PhyType)

#endif /* MS_SM_HBA_API */

#endif /* _HBAPIWMI_H_ */
