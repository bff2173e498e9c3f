/*
 * srbhelper.h - accessors that read and write a request block whichever kind it is:
 * a classic SCSI_REQUEST_BLOCK or an extended STORAGE_REQUEST_BLOCK (recognised by
 * Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK). For extended SRBs the CDB, SCSI
 * status and sense buffer live in the first SRBEX_DATA_SCSI_CDB16/CDB32/CDB_VAR block
 * and the bus/target/LUN in the STOR_ADDR_BTL8 at AddressOffset; every data-block
 * offset is checked against SrbLength before it is followed.
 * Implements the documented srbhelper.h set (Windows 8 and later) from its described
 * behaviour. Leaves out InitializeStorageRequestBlock (class drivers only).
 */
#ifndef _SRBHELPER_H_
#define _SRBHELPER_H_

#if !defined(_NTSTORPORT_) && !defined(_NTSRB_)
#include "srb.h"
#endif
#include "ustor/srb_defs.h"
#include "scsi.h"

#ifndef SRBHELPER_ASSERT
#ifdef NT_ASSERT
#define SRBHELPER_ASSERT NT_ASSERT
#else
#define SRBHELPER_ASSERT(exp) ((void)0)
#endif
#endif

/* Compiler builtins, so the helpers need neither string.h nor StorPort* declarations. */
#define SrbMoveMemory(Destination, Source, Length) __builtin_memmove((Destination), (Source), (Length))
#define SrbCopyMemory(Destination, Source, Length) __builtin_memcpy((Destination), (Source), (Length))
#define SrbZeroMemory(Destination, Length) __builtin_memset((Destination), 0, (Length))
#define SrbEqualMemory(Source1, Source2, Length) (__builtin_memcmp((Source1), (Source2), (Length)) == 0)

/* ---- internal: kind test and bounds-checked data-block lookup ---- */

/* Reads Function through the 8-byte common header, which fits inside either kind. */
USTOR_INLINE BOOLEAN ustor_srb_is_ex(PVOID Srb)
{
    return ((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
}

#define USTOR_SRB_SCSI(Srb) ((PSCSI_REQUEST_BLOCK)(Srb))

/*
 * The extended view of an SRB already known to be extended. The empty asm hides where
 * the pointer came from, so that a compiler (or -fsanitize=object-size) does not judge
 * these accesses by the 0x58-byte size of a classic SRB passed to the same helper.
 */
USTOR_INLINE PSTORAGE_REQUEST_BLOCK ustor_srb_ex(PVOID Srb)
{
    __asm__("" : "+r"(Srb));
    return (PSTORAGE_REQUEST_BLOCK)Srb;
}

/* Block Index if its offset lies past the fixed header and Need bytes fit before SrbLength. */
USTOR_INLINE PSRBEX_DATA ustor_srb_block(PSTORAGE_REQUEST_BLOCK SrbEx, ULONG Index, ULONG Need)
{
    ULONG offset;

    if (!ustor_srb_is_ex(SrbEx))
        return NULL;
    SrbEx = ustor_srb_ex(SrbEx);
    if (Index >= SrbEx->NumSrbExData)
        return NULL;
    offset = SrbEx->SrbExDataOffset[Index];
    if (offset < sizeof(STORAGE_REQUEST_BLOCK) || offset >= SrbEx->SrbLength ||
        Need > SrbEx->SrbLength - offset)
        return NULL;
    return (PSRBEX_DATA)((PUCHAR)SrbEx + offset);
}

USTOR_INLINE ULONG ustor_srb_block_size(SRBEXDATATYPE Type)
{
    switch (Type) {
    case SrbExDataTypeScsiCdb16:
        return sizeof(SRBEX_DATA_SCSI_CDB16);
    case SrbExDataTypeScsiCdb32:
        return sizeof(SRBEX_DATA_SCSI_CDB32);
    case SrbExDataTypeScsiCdbVar:
        return sizeof(SRBEX_DATA_SCSI_CDB_VAR);
    default:
        return sizeof(ULONG) * 2;
    }
}

/* The CDB-carrying block of an extended EXECUTE_SCSI request, or NULL. */
USTOR_INLINE PSRBEX_DATA ustor_srb_scsi_block(PSTORAGE_REQUEST_BLOCK SrbEx)
{
    ULONG i;

    if (!ustor_srb_is_ex(SrbEx) || ustor_srb_ex(SrbEx)->SrbFunction != SRB_FUNCTION_EXECUTE_SCSI)
        return NULL;
    SrbEx = ustor_srb_ex(SrbEx);
    for (i = 0; i < SrbEx->NumSrbExData; i++) {
        PSRBEX_DATA block = ustor_srb_block(SrbEx, i, sizeof(ULONG) * 2);

        if (block == NULL)
            continue;
        if (block->Type != SrbExDataTypeScsiCdb16 && block->Type != SrbExDataTypeScsiCdb32 &&
            block->Type != SrbExDataTypeScsiCdbVar)
            continue;
        if (ustor_srb_block(SrbEx, i, ustor_srb_block_size(block->Type)) != NULL)
            return block;
    }
    return NULL;
}

/* ---- extended data blocks and address ---- */

USTOR_INLINE PSRBEX_DATA SrbGetSrbExDataByIndex(PSTORAGE_REQUEST_BLOCK Srb, ULONG SrbExDataIndex)
{
    return ustor_srb_block(Srb, SrbExDataIndex, 1);
}

USTOR_INLINE PSRBEX_DATA SrbGetSrbExDataByType(PSTORAGE_REQUEST_BLOCK Srb, SRBEXDATATYPE Type)
{
    ULONG i;

    if (!ustor_srb_is_ex(Srb))
        return NULL;
    Srb = ustor_srb_ex(Srb);
    for (i = 0; i < Srb->NumSrbExData; i++) {
        PSRBEX_DATA block = ustor_srb_block(Srb, i, 1);

        if (block != NULL && block->Type == Type)
            return block;
    }
    return NULL;
}

/* The data block that describes the request's function (power, PnP, WMI or the CDB). */
USTOR_INLINE PSRBEX_DATA SrbGetPrimarySrbExData(PSTORAGE_REQUEST_BLOCK Srb)
{
    if (!ustor_srb_is_ex(Srb))
        return NULL;
    switch (ustor_srb_ex(Srb)->SrbFunction) {
    case SRB_FUNCTION_POWER:
        return SrbGetSrbExDataByType(Srb, SrbExDataTypePower);
    case SRB_FUNCTION_PNP:
        return SrbGetSrbExDataByType(Srb, SrbExDataTypePnP);
    case SRB_FUNCTION_WMI:
        return SrbGetSrbExDataByType(Srb, SrbExDataTypeWmi);
    case SRB_FUNCTION_EXECUTE_SCSI:
        return ustor_srb_scsi_block(Srb);
    default:
        return NULL;
    }
}

USTOR_INLINE PSTOR_ADDRESS SrbGetAddress(PSTORAGE_REQUEST_BLOCK Srb)
{
    if (!ustor_srb_is_ex(Srb))
        return NULL;
    Srb = ustor_srb_ex(Srb);
    if (Srb->AddressOffset == 0)
        return NULL;
    SRBHELPER_ASSERT(Srb->AddressOffset >= sizeof(STORAGE_REQUEST_BLOCK));
    return (PSTOR_ADDRESS)((PUCHAR)Srb + Srb->AddressOffset);
}

/* BTL8 address of an extended SRB, or NULL when it has none (or another scheme). */
USTOR_INLINE PSTOR_ADDR_BTL8 ustor_srb_btl8(PVOID Srb)
{
    PSTOR_ADDRESS address = SrbGetAddress((PSTORAGE_REQUEST_BLOCK)Srb);

    if (address == NULL || address->Type != STOR_ADDRESS_TYPE_BTL8) {
        SRBHELPER_ASSERT(address == NULL);
        return NULL;
    }
    return (PSTOR_ADDR_BTL8)address;
}

/* ---- whole-SRB operations ---- */

USTOR_INLINE ULONG SrbGetSrbLength(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->SrbLength
                                : (ULONG)sizeof(SCSI_REQUEST_BLOCK);
}

USTOR_INLINE VOID SrbSetSrbLength(PVOID Srb, ULONG Length)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->SrbLength = Length;
}

USTOR_INLINE BOOLEAN SrbCopySrb(PVOID DestinationSrb, ULONG DestinationSrbLength, PVOID SourceSrb)
{
    ULONG length = SrbGetSrbLength(SourceSrb);

    if (DestinationSrbLength < length)
        return FALSE;
    SrbCopyMemory(DestinationSrb, SourceSrb, length);
    return TRUE;
}

/* Clears the SRB but keeps what identifies its kind and size. */
USTOR_INLINE VOID SrbZeroSrb(PVOID Srb)
{
    PSTORAGE_REQUEST_BLOCK_HEADER header = (PSTORAGE_REQUEST_BLOCK_HEADER)Srb;
    USHORT length = header->Length;
    UCHAR function = header->Function;
    ULONG srbLength = SrbGetSrbLength(Srb);

    SrbZeroMemory(Srb, srbLength);
    header->Length = length;
    header->Function = function;
    SrbSetSrbLength(Srb, srbLength);
}

/* Room a class driver would allocate for an extended SRB of this function with a BTL8 address. */
USTOR_INLINE ULONG SrbGetDefaultSrbLengthFromFunction(ULONG SrbFunction)
{
    ULONG base = (ULONG)(SRB_ALIGN_SIZEOF(STORAGE_REQUEST_BLOCK) + SRB_ALIGN_SIZEOF(STOR_ADDR_BTL8));

    switch (SrbFunction) {
    case SRB_FUNCTION_PNP:
        return base + (ULONG)SRB_ALIGN_SIZEOF(SRBEX_DATA_PNP);
    case SRB_FUNCTION_POWER:
        return base + (ULONG)SRB_ALIGN_SIZEOF(SRBEX_DATA_POWER);
    case SRB_FUNCTION_WMI:
        return base + (ULONG)SRB_ALIGN_SIZEOF(SRBEX_DATA_WMI);
    case SRB_FUNCTION_EXECUTE_SCSI:
        return base + (ULONG)SRB_ALIGN_SIZEOF(SRBEX_DATA_SCSI_CDB16);
    default:
        return base;
    }
}

/* ---- SCSI data of an extended SRB: CDB, lengths, status, sense buffer ---- */

/*
 * Reads the fields of the CDB-carrying block; each out pointer may be NULL. A classic
 * SRB or a non-SCSI function yields zeros, SCSISTAT_GOOD and no CDB.
 */
USTOR_INLINE PCDB SrbGetScsiData(PSTORAGE_REQUEST_BLOCK SrbEx, PUCHAR CdbLength8,
                                 PULONG CdbLength32, PUCHAR ScsiStatus,
                                 PVOID *SenseInfoBuffer, PUCHAR SenseInfoBufferLength)
{
    PSRBEX_DATA block = ustor_srb_scsi_block(SrbEx);
    ULONG cdbLength = 0;
    PUCHAR cdb = NULL;
    UCHAR status = SCSISTAT_GOOD, senseLength = 0;
    PVOID sense = NULL;

    if (block != NULL && block->Type == SrbExDataTypeScsiCdbVar) {
        PSRBEX_DATA_SCSI_CDB_VAR var = (PSRBEX_DATA_SCSI_CDB_VAR)block;

        cdbLength = var->CdbLength, cdb = var->Cdb, status = var->ScsiStatus;
        sense = var->SenseInfoBuffer, senseLength = var->SenseInfoBufferLength;
    } else if (block != NULL) {
        /* CDB16 and CDB32 share every field offset up to Cdb. */
        PSRBEX_DATA_SCSI_CDB16 fixed = (PSRBEX_DATA_SCSI_CDB16)block;

        cdbLength = fixed->CdbLength, cdb = fixed->Cdb, status = fixed->ScsiStatus;
        sense = fixed->SenseInfoBuffer, senseLength = fixed->SenseInfoBufferLength;
    }
    if (CdbLength8 != NULL && (block == NULL || block->Type != SrbExDataTypeScsiCdbVar))
        *CdbLength8 = (UCHAR)cdbLength;
    if (CdbLength32 != NULL && (block == NULL || block->Type == SrbExDataTypeScsiCdbVar))
        *CdbLength32 = cdbLength;
    if (ScsiStatus != NULL)
        *ScsiStatus = status;
    if (SenseInfoBuffer != NULL)
        *SenseInfoBuffer = sense;
    if (SenseInfoBufferLength != NULL)
        *SenseInfoBufferLength = senseLength;
    return cdbLength != 0 ? (PCDB)cdb : NULL;
}

/* Writes the given fields (NULL pointers are left alone); no effect on a classic SRB. */
USTOR_INLINE VOID SrbSetScsiData(PSTORAGE_REQUEST_BLOCK SrbEx, PUCHAR CdbLength8,
                                 PULONG CdbLength32, PUCHAR ScsiStatus,
                                 PVOID *SenseInfoBuffer, PUCHAR SenseInfoBufferLength)
{
    PSRBEX_DATA block = ustor_srb_scsi_block(SrbEx);

    if (block != NULL && block->Type == SrbExDataTypeScsiCdbVar) {
        PSRBEX_DATA_SCSI_CDB_VAR var = (PSRBEX_DATA_SCSI_CDB_VAR)block;

        if (CdbLength32 != NULL)
            var->CdbLength = *CdbLength32;
        if (ScsiStatus != NULL)
            var->ScsiStatus = *ScsiStatus;
        if (SenseInfoBuffer != NULL)
            var->SenseInfoBuffer = *SenseInfoBuffer;
        if (SenseInfoBufferLength != NULL)
            var->SenseInfoBufferLength = *SenseInfoBufferLength;
    } else if (block != NULL) {
        PSRBEX_DATA_SCSI_CDB16 fixed = (PSRBEX_DATA_SCSI_CDB16)block;

        if (CdbLength8 != NULL)
            fixed->CdbLength = *CdbLength8;
        if (ScsiStatus != NULL)
            fixed->ScsiStatus = *ScsiStatus;
        if (SenseInfoBuffer != NULL)
            fixed->SenseInfoBuffer = *SenseInfoBuffer;
        if (SenseInfoBufferLength != NULL)
            fixed->SenseInfoBufferLength = *SenseInfoBufferLength;
    }
}

USTOR_INLINE PCDB SrbGetCdb(PVOID Srb)
{
    if (ustor_srb_is_ex(Srb))
        return SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, NULL, NULL);
    return (PCDB)USTOR_SRB_SCSI(Srb)->Cdb;
}

USTOR_INLINE UCHAR SrbGetCdbLength(PVOID Srb)
{
    UCHAR length = 0;

    if (!ustor_srb_is_ex(Srb))
        return USTOR_SRB_SCSI(Srb)->CdbLength;
    SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, &length, NULL, NULL, NULL, NULL);
    return length;
}

USTOR_INLINE VOID SrbSetCdbLength(PVOID Srb, UCHAR CdbLength)
{
    if (ustor_srb_is_ex(Srb))
        SrbSetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, &CdbLength, NULL, NULL, NULL, NULL);
    else
        USTOR_SRB_SCSI(Srb)->CdbLength = CdbLength;
}

USTOR_INLINE UCHAR SrbGetScsiStatus(PVOID Srb)
{
    UCHAR status = 0;

    if (!ustor_srb_is_ex(Srb))
        return USTOR_SRB_SCSI(Srb)->ScsiStatus;
    SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, &status, NULL, NULL);
    return status;
}

USTOR_INLINE VOID SrbSetScsiStatus(PVOID Srb, UCHAR ScsiStatus)
{
    if (ustor_srb_is_ex(Srb))
        SrbSetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, &ScsiStatus, NULL, NULL);
    else
        USTOR_SRB_SCSI(Srb)->ScsiStatus = ScsiStatus;
}

USTOR_INLINE PVOID SrbGetSenseInfoBuffer(PVOID Srb)
{
    PVOID sense = NULL;

    if (!ustor_srb_is_ex(Srb))
        return USTOR_SRB_SCSI(Srb)->SenseInfoBuffer;
    SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, &sense, NULL);
    return sense;
}

USTOR_INLINE VOID SrbSetSenseInfoBuffer(PVOID Srb, PVOID SenseInfoBuffer)
{
    if (ustor_srb_is_ex(Srb))
        SrbSetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, &SenseInfoBuffer, NULL);
    else
        USTOR_SRB_SCSI(Srb)->SenseInfoBuffer = SenseInfoBuffer;
}

USTOR_INLINE UCHAR SrbGetSenseInfoBufferLength(PVOID Srb)
{
    UCHAR length = 0;

    if (!ustor_srb_is_ex(Srb))
        return USTOR_SRB_SCSI(Srb)->SenseInfoBufferLength;
    SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, NULL, &length);
    return length;
}

USTOR_INLINE VOID SrbSetSenseInfoBufferLength(PVOID Srb, UCHAR SenseInfoBufferLength)
{
    if (ustor_srb_is_ex(Srb))
        SrbSetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, NULL, &SenseInfoBufferLength);
    else
        USTOR_SRB_SCSI(Srb)->SenseInfoBufferLength = SenseInfoBufferLength;
}

/* ---- fields present in both kinds ---- */

USTOR_INLINE ULONG SrbGetSrbFunction(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->SrbFunction
                                : (ULONG)USTOR_SRB_SCSI(Srb)->Function;
}

USTOR_INLINE UCHAR SrbGetSrbStatus(PVOID Srb)
{
    /* SrbStatus sits at the same offset in both kinds. */
    return ((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->SrbStatus;
}

/* Sets the completion code; an AUTOSENSE_VALID flag already present is kept. */
USTOR_INLINE VOID SrbSetSrbStatus(PVOID Srb, UCHAR status)
{
    PSTORAGE_REQUEST_BLOCK_HEADER srb = (PSTORAGE_REQUEST_BLOCK_HEADER)Srb;

    srb->SrbStatus = (UCHAR)(status | (srb->SrbStatus & SRB_STATUS_AUTOSENSE_VALID));
}

USTOR_INLINE ULONG SrbGetSrbFlags(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->SrbFlags
                                : USTOR_SRB_SCSI(Srb)->SrbFlags;
}

USTOR_INLINE PULONG ustor_srb_flags(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? &ustor_srb_ex(Srb)->SrbFlags
                                : &USTOR_SRB_SCSI(Srb)->SrbFlags;
}

USTOR_INLINE VOID SrbAssignSrbFlags(PVOID Srb, ULONG Flags)
{
    *ustor_srb_flags(Srb) = Flags;
}

/* Adds Flags to the SRB's flags (the others are kept). */
USTOR_INLINE VOID SrbSetSrbFlags(PVOID Srb, ULONG Flags)
{
    *ustor_srb_flags(Srb) |= Flags;
}

USTOR_INLINE VOID SrbClearSrbFlags(PVOID Srb, ULONG Flags)
{
    *ustor_srb_flags(Srb) &= ~Flags;
}

USTOR_INLINE PVOID SrbGetDataBuffer(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->DataBuffer
                                : USTOR_SRB_SCSI(Srb)->DataBuffer;
}

USTOR_INLINE VOID SrbSetDataBuffer(PVOID Srb, PVOID DataBuffer)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->DataBuffer = DataBuffer;
    else
        USTOR_SRB_SCSI(Srb)->DataBuffer = DataBuffer;
}

USTOR_INLINE ULONG SrbGetDataTransferLength(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->DataTransferLength
                                : USTOR_SRB_SCSI(Srb)->DataTransferLength;
}

USTOR_INLINE VOID SrbSetDataTransferLength(PVOID Srb, ULONG DataTransferLength)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->DataTransferLength = DataTransferLength;
    else
        USTOR_SRB_SCSI(Srb)->DataTransferLength = DataTransferLength;
}

USTOR_INLINE ULONG SrbGetTimeOutValue(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->TimeOutValue
                                : USTOR_SRB_SCSI(Srb)->TimeOutValue;
}

USTOR_INLINE VOID SrbSetTimeOutValue(PVOID Srb, ULONG TimeOutValue)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->TimeOutValue = TimeOutValue;
    else
        USTOR_SRB_SCSI(Srb)->TimeOutValue = TimeOutValue;
}

USTOR_INLINE PVOID SrbGetOriginalRequest(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->OriginalRequest
                                : USTOR_SRB_SCSI(Srb)->OriginalRequest;
}

USTOR_INLINE VOID SrbSetOriginalRequest(PVOID Srb, PVOID OriginalRequest)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->OriginalRequest = OriginalRequest;
    else
        USTOR_SRB_SCSI(Srb)->OriginalRequest = OriginalRequest;
}

USTOR_INLINE PVOID SrbGetNextSrb(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? (PVOID)ustor_srb_ex(Srb)->NextSrb
                                : (PVOID)USTOR_SRB_SCSI(Srb)->NextSrb;
}

USTOR_INLINE VOID SrbSetNextSrb(PVOID Srb, PVOID NextSrb)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->NextSrb = (PSTORAGE_REQUEST_BLOCK)NextSrb;
    else
        USTOR_SRB_SCSI(Srb)->NextSrb = (PSCSI_REQUEST_BLOCK)NextSrb;
}

/* The per-request miniport scratch area: SrbExtension of a classic SRB. */
USTOR_INLINE PVOID SrbGetMiniportContext(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->MiniportContext
                                : USTOR_SRB_SCSI(Srb)->SrbExtension;
}

/* SystemStatus of an extended SRB, InternalStatus of a classic one. */
USTOR_INLINE ULONG SrbGetSystemStatus(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->SystemStatus
                                : USTOR_SRB_SCSI(Srb)->InternalStatus;
}

USTOR_INLINE VOID SrbSetSystemStatus(PVOID Srb, ULONG Status)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->SystemStatus = Status;
    else
        USTOR_SRB_SCSI(Srb)->InternalStatus = Status;
}

/* Classic SRBs only: extended SRBs have no sort key. */
USTOR_INLINE VOID SrbSetQueueSortKey(PVOID Srb, ULONG QueueSortKey)
{
    if (!ustor_srb_is_ex(Srb))
        USTOR_SRB_SCSI(Srb)->QueueSortKey = QueueSortKey;
}

/* RequestTag of an extended SRB, the 8-bit QueueTag of a classic one. */
USTOR_INLINE ULONG SrbGetQueueTag(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? ustor_srb_ex(Srb)->RequestTag
                                : (ULONG)USTOR_SRB_SCSI(Srb)->QueueTag;
}

USTOR_INLINE VOID SrbSetQueueTag(PVOID Srb, ULONG QueueTag)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->RequestTag = QueueTag;
    else
        USTOR_SRB_SCSI(Srb)->QueueTag = (UCHAR)QueueTag;
}

#define SrbGetRequestTag SrbGetQueueTag
#define SrbSetRequestTag SrbSetQueueTag

/* RequestAttribute of an extended SRB, QueueAction of a classic one. */
USTOR_INLINE ULONG SrbGetRequestAttribute(PVOID Srb)
{
    return ustor_srb_is_ex(Srb) ? (ULONG)ustor_srb_ex(Srb)->RequestAttribute
                                : (ULONG)USTOR_SRB_SCSI(Srb)->QueueAction;
}

USTOR_INLINE VOID SrbSetRequestAttribute(PVOID Srb, UCHAR RequestAttribute)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->RequestAttribute = RequestAttribute;
    else
        USTOR_SRB_SCSI(Srb)->QueueAction = RequestAttribute;
}

#define SrbGetQueueAction SrbGetRequestAttribute
#define SrbSetQueueAction SrbSetRequestAttribute

/* Port context exists only in extended SRBs. */
USTOR_INLINE PVOID SrbGetPortContext(PVOID Srb)
{
    if (ustor_srb_is_ex(Srb))
        return ustor_srb_ex(Srb)->PortContext;
    SRBHELPER_ASSERT(FALSE);
    return NULL;
}

USTOR_INLINE VOID SrbSetPortContext(PVOID Srb, PVOID PortContext)
{
    if (ustor_srb_is_ex(Srb))
        ustor_srb_ex(Srb)->PortContext = PortContext;
    else
        SRBHELPER_ASSERT(FALSE);
}

/* ---- unit address ---- */

/* Each out pointer may be NULL; an extended SRB without a BTL8 address leaves them alone. */
USTOR_INLINE VOID SrbGetPathTargetLun(PVOID Srb, PUCHAR PathId, PUCHAR TargetId, PUCHAR Lun)
{
    UCHAR path, target, lun;

    if (ustor_srb_is_ex(Srb)) {
        PSTOR_ADDR_BTL8 btl = ustor_srb_btl8(Srb);

        if (btl == NULL)
            return;
        path = btl->Path, target = btl->Target, lun = btl->Lun;
    } else {
        path = USTOR_SRB_SCSI(Srb)->PathId;
        target = USTOR_SRB_SCSI(Srb)->TargetId;
        lun = USTOR_SRB_SCSI(Srb)->Lun;
    }
    if (PathId != NULL)
        *PathId = path;
    if (TargetId != NULL)
        *TargetId = target;
    if (Lun != NULL)
        *Lun = lun;
}

USTOR_INLINE UCHAR SrbGetPathId(PVOID Srb)
{
    UCHAR path = 0;

    SrbGetPathTargetLun(Srb, &path, NULL, NULL);
    return path;
}

USTOR_INLINE UCHAR SrbGetTargetId(PVOID Srb)
{
    UCHAR target = 0;

    SrbGetPathTargetLun(Srb, NULL, &target, NULL);
    return target;
}

USTOR_INLINE UCHAR SrbGetLun(PVOID Srb)
{
    UCHAR lun = 0;

    SrbGetPathTargetLun(Srb, NULL, NULL, &lun);
    return lun;
}

#undef USTOR_SRB_SCSI

#endif /* _SRBHELPER_H_ */
