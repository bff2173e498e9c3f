/* srbhelper.h on both SRB kinds: every accessor reads and writes the right field of a
 * SCSI_REQUEST_BLOCK and of a STORAGE_REQUEST_BLOCK built as Storport builds one (offset
 * table, BTL8 address block, SRBEX data blocks laid out in a different order than their
 * indexes), and malformed extended SRBs yield nothing instead of wild pointers. */
#include <srbhelper.h>

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define ROUND8(x) (((x) + 7u) & ~7u)

/* An 8-aligned arena big enough for any extended SRB built here. */
typedef union {
    STORAGE_REQUEST_BLOCK srb;
    UCHAR bytes[0x200];
} srb_arena;

static ULONG block_size(SRBEXDATATYPE type, ULONG *length)
{
    switch (type) {
    case SrbExDataTypeScsiCdb16:
        *length = SRBEX_DATA_SCSI_CDB16_LENGTH;
        return sizeof(SRBEX_DATA_SCSI_CDB16);
    case SrbExDataTypeScsiCdb32:
        *length = SRBEX_DATA_SCSI_CDB32_LENGTH;
        return sizeof(SRBEX_DATA_SCSI_CDB32);
    case SrbExDataTypeScsiCdbVar: /* room for a 40-byte CDB */
        *length = SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN + 40;
        return ROUND8(sizeof(SRBEX_DATA_SCSI_CDB_VAR) + 40);
    case SrbExDataTypeIoInfo:
        *length = SRBEX_DATA_IO_INFO_LENGTH;
        return sizeof(SRBEX_DATA_IO_INFO);
    default:
        *length = SRBEX_DATA_PNP_LENGTH;
        return sizeof(SRBEX_DATA_PNP);
    }
}

/* SrbExDataOffset is a trailing ANYSIZE_ARRAY: index it through a variable. */
static ULONG ex_offset(const STORAGE_REQUEST_BLOCK *srb, ULONG index)
{
    return srb->SrbExDataOffset[index];
}

/* Header and offset table, then the BTL8 address, then the blocks placed last index first. */
static PSTORAGE_REQUEST_BLOCK build_ex(srb_arena *a, ULONG function, const SRBEXDATATYPE *types,
                                       ULONG n)
{
    PSTORAGE_REQUEST_BLOCK srb = &a->srb;
    ULONG at = ROUND8(__builtin_offsetof(STORAGE_REQUEST_BLOCK, SrbExDataOffset) + 4 * n);
    PSTOR_ADDR_BTL8 btl;

    memset(a, 0, sizeof(*a));
    srb->Function = SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
    srb->Signature = SRB_SIGNATURE;
    srb->Version = STORAGE_REQUEST_BLOCK_VERSION_1;
    srb->SrbFunction = function;
    srb->NumSrbExData = n;
    srb->AddressOffset = at < sizeof(*srb) ? sizeof(*srb) : at;
    btl = (PSTOR_ADDR_BTL8)(a->bytes + srb->AddressOffset);
    btl->Type = STOR_ADDRESS_TYPE_BTL8;
    btl->AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH;
    btl->Path = 1, btl->Target = 7, btl->Lun = 3;
    at = srb->AddressOffset + sizeof(*btl);
    for (ULONG i = n; i-- > 0;) {
        ULONG length, size = block_size(types[i], &length);
        PSRBEX_DATA block = (PSRBEX_DATA)(a->bytes + at);

        block->Type = types[i];
        block->Length = length;
        srb->SrbExDataOffset[i] = at;
        at += size;
    }
    srb->SrbLength = at;
    return srb;
}

static void test_classic_reads(void)
{
    SCSI_REQUEST_BLOCK srb;
    UCHAR sense[18], ext[32], data[512], path = 0, target = 0, lun = 0;

    memset(&srb, 0, sizeof(srb));
    srb.Length = sizeof(srb), srb.Function = SRB_FUNCTION_EXECUTE_SCSI;
    srb.PathId = 2, srb.TargetId = 5, srb.Lun = 9, srb.QueueTag = 0x44, srb.QueueAction = 0x21;
    srb.CdbLength = 10, srb.Cdb[0] = SCSIOP_READ, srb.ScsiStatus = SCSISTAT_BUSY;
    srb.SenseInfoBuffer = sense, srb.SenseInfoBufferLength = sizeof(sense);
    srb.DataBuffer = data, srb.DataTransferLength = sizeof(data), srb.TimeOutValue = 30;
    srb.SrbExtension = ext, srb.SrbFlags = SRB_FLAGS_DATA_IN, srb.InternalStatus = 0xC0000001;

    CHECK(SrbGetSrbFunction(&srb) == SRB_FUNCTION_EXECUTE_SCSI);
    CHECK(SrbGetCdb(&srb) == (PCDB)srb.Cdb && SrbGetCdb(&srb)->CDB10.OperationCode == SCSIOP_READ);
    CHECK(SrbGetCdbLength(&srb) == 10 && SrbGetScsiStatus(&srb) == SCSISTAT_BUSY);
    CHECK(SrbGetSenseInfoBuffer(&srb) == sense && SrbGetSenseInfoBufferLength(&srb) == 18);
    CHECK(SrbGetDataBuffer(&srb) == data && SrbGetDataTransferLength(&srb) == 512);
    CHECK(SrbGetMiniportContext(&srb) == ext && SrbGetTimeOutValue(&srb) == 30);
    CHECK(SrbGetSrbFlags(&srb) == SRB_FLAGS_DATA_IN && SrbGetSystemStatus(&srb) == 0xC0000001);
    CHECK(SrbGetQueueTag(&srb) == 0x44 && SrbGetRequestAttribute(&srb) == 0x21);
    CHECK(SrbGetSrbLength(&srb) == 0x58 && SrbGetAddress((PSTORAGE_REQUEST_BLOCK)&srb) == NULL);
    SrbGetPathTargetLun(&srb, &path, &target, &lun);
    CHECK(path == 2 && target == 5 && lun == 9);
    CHECK(SrbGetPathId(&srb) == 2 && SrbGetTargetId(&srb) == 5 && SrbGetLun(&srb) == 9);
    /* SrbGetScsiData describes extended SRBs only. */
    CHECK(SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)&srb, NULL, NULL, NULL, NULL, NULL) == NULL);
}

static void test_classic_writes(void)
{
    SCSI_REQUEST_BLOCK srb, next;

    memset(&srb, 0, sizeof(srb));
    srb.Function = SRB_FUNCTION_EXECUTE_SCSI, srb.SrbFlags = SRB_FLAGS_DATA_OUT;
    SrbSetDataTransferLength(&srb, 4096);
    SrbSetScsiStatus(&srb, SCSISTAT_CHECK_CONDITION);
    SrbSetSrbFlags(&srb, SRB_FLAGS_NO_QUEUE_FREEZE);
    CHECK(srb.DataTransferLength == 4096 && srb.ScsiStatus == SCSISTAT_CHECK_CONDITION);
    CHECK(srb.SrbFlags == (SRB_FLAGS_DATA_OUT | SRB_FLAGS_NO_QUEUE_FREEZE));
    SrbClearSrbFlags(&srb, SRB_FLAGS_DATA_OUT);
    CHECK(srb.SrbFlags == SRB_FLAGS_NO_QUEUE_FREEZE);
    SrbAssignSrbFlags(&srb, SRB_FLAGS_DATA_IN);
    CHECK(srb.SrbFlags == SRB_FLAGS_DATA_IN);
    SrbSetQueueTag(&srb, 0x1234); /* a classic tag is one byte */
    CHECK(srb.QueueTag == 0x34);
    SrbSetNextSrb(&srb, &next);
    CHECK(srb.NextSrb == &next && SrbGetNextSrb(&srb) == &next);
    SrbSetQueueSortKey(&srb, 77);
    CHECK(srb.QueueSortKey == 77);
    srb.SrbStatus = SRB_STATUS_AUTOSENSE_VALID;
    SrbSetSrbStatus(&srb, SRB_STATUS_ERROR); /* keeps the autosense flag */
    CHECK(srb.SrbStatus == (SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID));
    CHECK(SRB_STATUS(srb.SrbStatus) == SRB_STATUS_ERROR && SrbGetSrbStatus(&srb) == srb.SrbStatus);
}

static void test_ex_cdb16(void)
{
    static const SRBEXDATATYPE types[] = { SrbExDataTypeIoInfo, SrbExDataTypeScsiCdb16 };
    srb_arena a;
    UCHAR sense[18], path = 0, target = 0, lun = 0;
    PSTORAGE_REQUEST_BLOCK srb = build_ex(&a, SRB_FUNCTION_EXECUTE_SCSI, types, 2);
    PSRBEX_DATA_IO_INFO io = (PSRBEX_DATA_IO_INFO)(a.bytes + ex_offset(srb, 0));
    PSRBEX_DATA_SCSI_CDB16 c16 = (PSRBEX_DATA_SCSI_CDB16)(a.bytes + ex_offset(srb, 1));

    c16->CdbLength = 10, c16->Cdb[0] = SCSIOP_WRITE, c16->ScsiStatus = SCSISTAT_BUSY;
    c16->SenseInfoBuffer = sense, c16->SenseInfoBufferLength = sizeof(sense);
    CHECK(ex_offset(srb, 1) < ex_offset(srb, 0)); /* index order != memory order */
    CHECK(SrbGetSrbExDataByType(srb, SrbExDataTypeIoInfo) == (PSRBEX_DATA)io);
    CHECK(SrbGetSrbExDataByType(srb, SrbExDataTypeScsiCdb16) == (PSRBEX_DATA)c16);
    CHECK(SrbGetSrbExDataByType(srb, SrbExDataTypePnP) == NULL);
    CHECK(SrbGetSrbExDataByIndex(srb, 0) == (PSRBEX_DATA)io && SrbGetSrbExDataByIndex(srb, 2) == NULL);
    CHECK(SrbGetPrimarySrbExData(srb) == (PSRBEX_DATA)c16);
    CHECK(SrbGetCdb(srb) == (PCDB)c16->Cdb && SrbGetCdb(srb)->CDB10.OperationCode == SCSIOP_WRITE);
    CHECK(SrbGetCdbLength(srb) == 10 && SrbGetScsiStatus(srb) == SCSISTAT_BUSY);
    CHECK(SrbGetSenseInfoBuffer(srb) == sense && SrbGetSenseInfoBufferLength(srb) == 18);
    CHECK((PUCHAR)SrbGetAddress(srb) == a.bytes + srb->AddressOffset);
    SrbGetPathTargetLun(srb, &path, &target, &lun);
    CHECK(path == 1 && target == 7 && lun == 3 && SrbGetLun(srb) == 3 && SrbGetTargetId(srb) == 7);
    /* Function and SrbStatus read alike through a classic SRB pointer. */
    srb->SrbStatus = SRB_STATUS_PENDING;
    SrbSetSrbStatus(srb, SRB_STATUS_SUCCESS);
    CHECK(((PSCSI_REQUEST_BLOCK)srb)->Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK);
    CHECK(((PSCSI_REQUEST_BLOCK)srb)->SrbStatus == SRB_STATUS_SUCCESS);
    CHECK(SrbGetSrbFunction(srb) == SRB_FUNCTION_EXECUTE_SCSI);
}

static void test_ex_cdb32_writes(void)
{
    static const SRBEXDATATYPE types[] = { SrbExDataTypeScsiCdb32, SrbExDataTypePnP };
    srb_arena a;
    UCHAR sense[32], len8 = 0;
    ULONG len32 = 0xAAAA;
    PSTORAGE_REQUEST_BLOCK srb = build_ex(&a, SRB_FUNCTION_EXECUTE_SCSI, types, 2);
    PSRBEX_DATA_SCSI_CDB32 c32 = (PSRBEX_DATA_SCSI_CDB32)(a.bytes + ex_offset(srb, 0));
    PVOID got_sense = NULL;

    c32->CdbLength = 32, c32->Cdb[0] = SCSIOP_OPERATION32, c32->Cdb[31] = 0x5A;
    CHECK(SrbGetCdb(srb) == (PCDB)c32->Cdb && ((PUCHAR)SrbGetCdb(srb))[31] == 0x5A);
    CHECK(SrbGetScsiData(srb, &len8, &len32, NULL, NULL, NULL) == (PCDB)c32->Cdb);
    CHECK(len8 == 32 && len32 == 0xAAAA); /* the 32-bit length belongs to CDB_VAR only */
    SrbSetScsiStatus(srb, SCSISTAT_CHECK_CONDITION);
    SrbSetSenseInfoBuffer(srb, sense);
    SrbSetSenseInfoBufferLength(srb, sizeof(sense));
    SrbSetCdbLength(srb, 16);
    CHECK(c32->ScsiStatus == SCSISTAT_CHECK_CONDITION && c32->SenseInfoBuffer == sense);
    CHECK(c32->SenseInfoBufferLength == 32 && c32->CdbLength == 16);
    SrbGetScsiData(srb, NULL, NULL, NULL, &got_sense, &len8);
    CHECK(got_sense == sense && len8 == 32);
    CHECK(SrbGetSrbExDataByType(srb, SrbExDataTypePnP) ==
          (PSRBEX_DATA)(a.bytes + ex_offset(srb, 1)));
}

static void test_ex_cdb_var(void)
{
    static const SRBEXDATATYPE types[] = { SrbExDataTypeScsiCdbVar };
    srb_arena a;
    UCHAR len8 = 0x77;
    ULONG len32 = 0;
    PSTORAGE_REQUEST_BLOCK srb = build_ex(&a, SRB_FUNCTION_EXECUTE_SCSI, types, 1);
    PSRBEX_DATA_SCSI_CDB_VAR var = (PSRBEX_DATA_SCSI_CDB_VAR)(a.bytes + ex_offset(srb, 0));

    var->CdbLength = 40, var->Cdb[0] = SCSIOP_OPERATION32, var->ScsiStatus = SCSISTAT_QUEUE_FULL;
    CHECK(SrbGetScsiData(srb, &len8, &len32, NULL, NULL, NULL) == (PCDB)var->Cdb);
    CHECK(len32 == 40 && len8 == 0x77 && SrbGetScsiStatus(srb) == SCSISTAT_QUEUE_FULL);
    len32 = 12;
    SrbSetScsiData(srb, NULL, &len32, NULL, NULL, NULL);
    CHECK(var->CdbLength == 12);
}

/* Offsets that point outside the SRB, short SRBs and non-SCSI functions give no data. */
static void test_ex_malformed(void)
{
    static const SRBEXDATATYPE types[] = { SrbExDataTypeScsiCdb16 };
    srb_arena a;
    UCHAR status = 0xFF;
    PSTORAGE_REQUEST_BLOCK srb = build_ex(&a, SRB_FUNCTION_EXECUTE_SCSI, types, 1);
    PSRBEX_DATA_SCSI_CDB16 c16 = (PSRBEX_DATA_SCSI_CDB16)(a.bytes + ex_offset(srb, 0));
    ULONG good_length = srb->SrbLength, good_offset = ex_offset(srb, 0);

    c16->CdbLength = 6;
    CHECK(SrbGetCdb(srb) != NULL);
    srb->SrbLength = good_offset + sizeof(*c16) - 1; /* block does not fit */
    CHECK(SrbGetCdb(srb) == NULL && SrbGetCdbLength(srb) == 0);
    srb->SrbLength = good_length, srb->SrbExDataOffset[0] = 0x40; /* inside the header */
    CHECK(SrbGetSrbExDataByIndex(srb, 0) == NULL && SrbGetCdb(srb) == NULL);
    srb->SrbExDataOffset[0] = good_offset, srb->NumSrbExData = 0;
    CHECK(SrbGetSrbExDataByType(srb, SrbExDataTypeScsiCdb16) == NULL);
    srb->NumSrbExData = 1, srb->SrbFunction = SRB_FUNCTION_IO_CONTROL;
    SrbGetScsiData(srb, NULL, NULL, &status, NULL, NULL);
    CHECK(SrbGetCdb(srb) == NULL && status == SCSISTAT_GOOD);
    srb->SrbFunction = SRB_FUNCTION_EXECUTE_SCSI, c16->CdbLength = 0;
    CHECK(SrbGetCdb(srb) == NULL);
    srb->AddressOffset = 0;
    CHECK(SrbGetAddress(srb) == NULL && SrbGetPathId(srb) == 0);
}

static void test_ex_common_fields(void)
{
    static const SRBEXDATATYPE types[] = { SrbExDataTypeScsiCdb16 };
    srb_arena a, b;
    UCHAR ctx[16], data[64];
    PSTORAGE_REQUEST_BLOCK srb = build_ex(&a, SRB_FUNCTION_EXECUTE_SCSI, types, 1);

    srb->MiniportContext = ctx, srb->RequestTag = 0x12345678, srb->RequestAttribute = 0x22;
    srb->SystemStatus = 0xC0000185;
    CHECK(SrbGetMiniportContext(srb) == ctx && SrbGetQueueTag(srb) == 0x12345678);
    CHECK(SrbGetRequestAttribute(srb) == 0x22 && SrbGetSystemStatus(srb) == 0xC0000185);
    SrbSetDataBuffer(srb, data);
    SrbSetDataTransferLength(srb, sizeof(data));
    SrbSetTimeOutValue(srb, 60);
    SrbSetSrbFlags(srb, SRB_FLAGS_DATA_IN | SRB_FLAGS_D3_PROCESSING);
    SrbSetNextSrb(srb, &b.srb);
    SrbSetOriginalRequest(srb, ctx);
    SrbSetPortContext(srb, data);
    CHECK(srb->DataBuffer == data && srb->DataTransferLength == 64 && srb->TimeOutValue == 60);
    CHECK(srb->SrbFlags == (SRB_FLAGS_DATA_IN | SRB_FLAGS_D3_PROCESSING));
    CHECK(srb->NextSrb == &b.srb && SrbGetOriginalRequest(srb) == ctx);
    CHECK(SrbGetPortContext(srb) == data && SrbGetSrbLength(srb) == srb->SrbLength);
    SrbSetQueueSortKey(srb, 5); /* no such field in an extended SRB: nothing changes */
    CHECK(srb->RequestTag == 0x12345678);
}

static void test_copy_zero_and_sizes(void)
{
    static const SRBEXDATATYPE types[] = { SrbExDataTypeScsiCdb16 };
    srb_arena a, b;
    PSTORAGE_REQUEST_BLOCK srb = build_ex(&a, SRB_FUNCTION_EXECUTE_SCSI, types, 1);
    ULONG length = srb->SrbLength;

    srb->DataTransferLength = 512;
    memset(&b, 0, sizeof(b));
    CHECK(!SrbCopySrb(&b, length - 1, srb));
    CHECK(SrbCopySrb(&b, sizeof(b), srb) && memcmp(&b, &a, length) == 0);
    SrbZeroSrb(srb);
    CHECK(srb->Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK && srb->SrbLength == length);
    CHECK(srb->DataTransferLength == 0 && srb->NumSrbExData == 0 && srb->Signature == 0);
    /* header 0x80 + BTL8 address 0x10 + function block (storport-facts.md 5) */
    CHECK(SrbGetDefaultSrbLengthFromFunction(SRB_FUNCTION_EXECUTE_SCSI) == 0x80 + 0x10 + 0x28);
    CHECK(SrbGetDefaultSrbLengthFromFunction(SRB_FUNCTION_POWER) == 0x80 + 0x10 + 0x18);
    CHECK(SrbGetDefaultSrbLengthFromFunction(SRB_FUNCTION_IO_CONTROL) == 0x80 + 0x10);
}

int main(void)
{
    test_classic_reads();
    test_classic_writes();
    test_ex_cdb16();
    test_ex_cdb32_writes();
    test_ex_cdb_var();
    test_ex_malformed();
    test_ex_common_fields();
    test_copy_zero_and_sizes();
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
