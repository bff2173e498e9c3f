/*
 * scsiwmi.h - the SCSI/Storport WMI helper library: the per-request context
 * (SCSIWMI_REQUEST_CONTEXT), GUID registration entries (SCSIWMIGUIDREGINFO),
 * the callback table a miniport fills (SCSI_WMILIB_CONTEXT) and the helper
 * routines that dispatch an SRB_FUNCTION_WMI request to those callbacks,
 * complete it and fire events.  On Windows the helpers are a static library
 * linked into the miniport; here libustorport exports them.
 * Leaves out nothing of the documented interface.
 */
#ifndef _SCSIWMI_
#define _SCSIWMI_

#include "ustor/nt_base.h"
#include "guiddef.h"
#include "wmistr.h"

/* Per-request state; lives in the miniport's SRB extension for the WMI SRB. */
typedef struct {
    PVOID UserContext;              /* free for the miniport */
    ULONG BufferSize;
    PUCHAR Buffer;
    UCHAR MinorFunction;            /* WMI_* of the request */
    UCHAR ReturnStatus;             /* SRB status set by ScsiPortWmiPostProcess */
    ULONG ReturnSize;               /* bytes used, or bytes needed */
} SCSIWMI_REQUEST_CONTEXT, *PSCSIWMI_REQUEST_CONTEXT;
USTOR_LAYOUT_ASSERT(sizeof(SCSIWMI_REQUEST_CONTEXT) == 32);
USTOR_LAYOUT_ASSERT(offsetof(SCSIWMI_REQUEST_CONTEXT, MinorFunction) == 24);
USTOR_LAYOUT_ASSERT(offsetof(SCSIWMI_REQUEST_CONTEXT, ReturnSize) == 28);

#define ScsiPortWmiGetReturnStatus(RequestContext) ((RequestContext)->ReturnStatus)
#define ScsiPortWmiGetReturnSize(RequestContext) ((RequestContext)->ReturnSize)

/* One GUID the miniport provides; Flags are WMIREG_FLAG_*. */
typedef struct {
    LPCGUID Guid;
    ULONG InstanceCount;
    ULONG Flags;
} SCSIWMIGUIDREGINFO, *PSCSIWMIGUIDREGINFO;
USTOR_LAYOUT_ASSERT(sizeof(SCSIWMIGUIDREGINFO) == 16);

/* Callbacks; each returns TRUE when it completed the request (or will, later). */
typedef UCHAR (*PSCSIWMI_QUERY_REGINFO)(PVOID DeviceContext,
    PSCSIWMI_REQUEST_CONTEXT RequestContext, PWSTR *MofResourceName);

typedef BOOLEAN (*PSCSIWMI_QUERY_DATABLOCK)(PVOID Context,
    PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
    ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
    ULONG BufferAvail, PUCHAR Buffer);

typedef BOOLEAN (*PSCSIWMI_SET_DATABLOCK)(PVOID DeviceContext,
    PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
    ULONG InstanceIndex, ULONG BufferSize, PUCHAR Buffer);

typedef BOOLEAN (*PSCSIWMI_SET_DATAITEM)(PVOID DeviceContext,
    PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
    ULONG InstanceIndex, ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer);

typedef BOOLEAN (*PSCSIWMI_EXECUTE_METHOD)(PVOID DeviceContext,
    PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
    ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize,
    ULONG OutBufferSize, PUCHAR Buffer);

typedef enum {
    ScsiWmiEventControl,
    ScsiWmiDataBlockControl
} SCSIWMI_ENABLE_DISABLE_CONTROL;

typedef BOOLEAN (*PSCSIWMI_FUNCTION_CONTROL)(PVOID DeviceContext,
    PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
    SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable);

typedef struct _SCSIWMILIB_CONTEXT {
    ULONG GuidCount;
    PSCSIWMIGUIDREGINFO GuidList;
    PSCSIWMI_QUERY_REGINFO QueryWmiRegInfo;
    PSCSIWMI_QUERY_DATABLOCK QueryWmiDataBlock;
    PSCSIWMI_SET_DATABLOCK SetWmiDataBlock;
    PSCSIWMI_SET_DATAITEM SetWmiDataItem;
    PSCSIWMI_EXECUTE_METHOD ExecuteWmiMethod;
    PSCSIWMI_FUNCTION_CONTROL WmiFunctionControl;
} SCSI_WMILIB_CONTEXT, *PSCSI_WMILIB_CONTEXT;
USTOR_LAYOUT_ASSERT(sizeof(SCSI_WMILIB_CONTEXT) == 64);
USTOR_LAYOUT_ASSERT(offsetof(SCSI_WMILIB_CONTEXT, WmiFunctionControl) == 56);

/* Completes a request a callback handled: records SrbStatus and the size used. */
STORPORT_API VOID ScsiPortWmiPostProcess(PSCSIWMI_REQUEST_CONTEXT RequestContext,
    UCHAR SrbStatus, ULONG BufferUsed);

/* Routes one WMI SRB to the callbacks; FALSE means the miniport must complete it. */
STORPORT_API BOOLEAN ScsiPortWmiDispatchFunction(PSCSI_WMILIB_CONTEXT WmiLibInfo,
    UCHAR MinorFunction, PVOID DeviceContext,
    PSCSIWMI_REQUEST_CONTEXT RequestContext, PVOID DataPath,
    ULONG BufferSize, PVOID Buffer);

STORPORT_API VOID ScsiPortWmiFireLogicalUnitEvent(PVOID HwDeviceExtension,
    UCHAR PathId, UCHAR TargetId, UCHAR Lun, LPGUID Guid, ULONG InstanceIndex,
    ULONG EventDataSize, PVOID EventData);

/* An adapter event is a logical-unit event with PathId 0xff. */
#define ScsiPortWmiFireAdapterEvent(HwDeviceExtension, Guid, InstanceIndex, \
                                    EventDataSize, EventData)               \
    ScsiPortWmiFireLogicalUnitEvent(HwDeviceExtension, 0xff, 0, 0, Guid,   \
                                    InstanceIndex, EventDataSize, EventData)

#define ScsiPortWmiIsQueryAllData(RequestContext) \
    ((RequestContext)->MinorFunction == WMI_GET_ALL_DATA)

STORPORT_API PWCHAR ScsiPortWmiGetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext);

STORPORT_API BOOLEAN ScsiPortWmiSetInstanceCount(PSCSIWMI_REQUEST_CONTEXT RequestContext,
    ULONG InstanceCount, PULONG BufferAvail, PULONG SizeNeeded);

STORPORT_API PWCHAR ScsiPortWmiSetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext,
    ULONG InstanceIndex, ULONG InstanceNameLength, PULONG BufferAvail,
    PULONG SizeNeeded);

STORPORT_API PVOID ScsiPortWmiSetData(PSCSIWMI_REQUEST_CONTEXT RequestContext,
    ULONG InstanceIndex, ULONG DataLength, PULONG BufferAvail, PULONG SizeNeeded);

#endif /* _SCSIWMI_ */
