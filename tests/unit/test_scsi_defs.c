/* scsi.h/srb.h beyond what the headers' static asserts can see: bit-field positions of
 * the wire structures (built once with and once without -mms-bitfields), the opcode set
 * a driver switches over has no duplicate values, miniports' own redefinitions of WDK
 * macros are token-identical (a mismatch is a -Werror compile failure here), and the
 * SRB_STATUS / SCSI_COMBINE_BUS_TARGET macros. */
#include <srb.h>

#include <stdio.h>
#include <string.h>

/* Spelled exactly as nvme (nvmeSntiTypes.h) and StorAHCI (entrypts.h) redefine them. */
#define SCSIOP_COMPARE_AND_WRITE                   0x89
#define SCSIOP_SECURITY_PROTOCOL_IN                0xA2
#define SCSIOP_SECURITY_PROTOCOL_OUT               0xB5
#define SCSIOP_UNMAP                               0x42
#define SCSISTAT_TASK_ABORTED                      0x40
#define SCSI_ADSENSE_PERIPHERAL_DEV_WRITE_FAULT    0x03
#define SCSI_ADSENSE_LOG_BLOCK_GUARD_CHECK_FAILED  0x10
#define SCSI_ADSENSE_UNRECOVERED_READ_ERROR        0x11
#define SCSI_ADSENSE_MISCOMPARE_DURING_VERIFY      0x1D
#define SCSI_ADSENSE_ACCESS_DENIED_INVALID_LUN_ID  0x20
#define SCSI_ADSENSE_INTERNAL_TARGET_FAILURE       0x44
#define SCSI_ADSENSE_FORMAT_COMMAND_FAILED         0x31
#define SCSI_SENSEQ_INVALID_LUN_ID                 0x09
#define SCSI_SENSEQ_FORMAT_COMMAND_FAILED          0x01
#define SCSI_SENSEQ_LOG_BLOCK_REFTAG_CHECK_FAILED  0x03
#define MODE_PAGE_READ_WRITE_ERROR_RECOVERY        0x01
#define MODE_PAGE_DISCONNECT_RECONNECT             0x02
#define MODE_PAGE_PROTOCOL_SPECIFIC_PORT           0x19
#define MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL 0x1C
#define MODE_PAGE_RETURN_ALL                       0x3F
#define INQUIRYDATABUFFERSIZE       36

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

/* One name per opcode, as a driver's trace switch lists them (vioscsi's set). */
#define OPCODES(X) \
    X(SCSIOP_TEST_UNIT_READY) X(SCSIOP_REWIND) X(SCSIOP_REQUEST_BLOCK_ADDR) \
    X(SCSIOP_REQUEST_SENSE) X(SCSIOP_FORMAT_UNIT) X(SCSIOP_READ_BLOCK_LIMITS) \
    X(SCSIOP_INIT_ELEMENT_STATUS) X(SCSIOP_READ6) X(SCSIOP_WRITE6) X(SCSIOP_SEEK6) \
    X(SCSIOP_SEEK_BLOCK) X(SCSIOP_PARTITION) X(SCSIOP_READ_REVERSE) X(SCSIOP_FLUSH_BUFFER) \
    X(SCSIOP_SPACE) X(SCSIOP_INQUIRY) X(SCSIOP_VERIFY6) X(SCSIOP_RECOVER_BUF_DATA) \
    X(SCSIOP_MODE_SELECT) X(SCSIOP_RESERVE_UNIT) X(SCSIOP_RELEASE_UNIT) X(SCSIOP_COPY) \
    X(SCSIOP_ERASE) X(SCSIOP_MODE_SENSE) X(SCSIOP_START_STOP_UNIT) X(SCSIOP_RECEIVE_DIAGNOSTIC) \
    X(SCSIOP_SEND_DIAGNOSTIC) X(SCSIOP_MEDIUM_REMOVAL) X(SCSIOP_READ_FORMATTED_CAPACITY) \
    X(SCSIOP_READ_CAPACITY) X(SCSIOP_READ) X(SCSIOP_WRITE) X(SCSIOP_SEEK) X(SCSIOP_WRITE_VERIFY) \
    X(SCSIOP_VERIFY) X(SCSIOP_SEARCH_DATA_HIGH) X(SCSIOP_SEARCH_DATA_EQUAL) \
    X(SCSIOP_SEARCH_DATA_LOW) X(SCSIOP_SET_LIMITS) X(SCSIOP_READ_POSITION) \
    X(SCSIOP_SYNCHRONIZE_CACHE) X(SCSIOP_COMPARE) X(SCSIOP_COPY_COMPARE) \
    X(SCSIOP_WRITE_DATA_BUFF) X(SCSIOP_READ_DATA_BUFF) X(SCSIOP_WRITE_LONG) \
    X(SCSIOP_CHANGE_DEFINITION) X(SCSIOP_WRITE_SAME) X(SCSIOP_UNMAP) X(SCSIOP_READ_TOC) \
    X(SCSIOP_READ_HEADER) X(SCSIOP_PLAY_AUDIO) X(SCSIOP_GET_CONFIGURATION) \
    X(SCSIOP_PLAY_AUDIO_MSF) X(SCSIOP_SANITIZE) X(SCSIOP_PLAY_TRACK_RELATIVE) \
    X(SCSIOP_GET_EVENT_STATUS) X(SCSIOP_PAUSE_RESUME) X(SCSIOP_LOG_SELECT) X(SCSIOP_LOG_SENSE) \
    X(SCSIOP_STOP_PLAY_SCAN) X(SCSIOP_XDWRITE) X(SCSIOP_READ_DISC_INFORMATION) \
    X(SCSIOP_READ_TRACK_INFORMATION) X(SCSIOP_XDWRITE_READ) X(SCSIOP_SEND_OPC_INFORMATION) \
    X(SCSIOP_MODE_SELECT10) X(SCSIOP_RESERVE_ELEMENT) X(SCSIOP_RELEASE_ELEMENT) \
    X(SCSIOP_REPAIR_TRACK) X(SCSIOP_MODE_SENSE10) X(SCSIOP_CLOSE_TRACK_SESSION) \
    X(SCSIOP_READ_BUFFER_CAPACITY) X(SCSIOP_SEND_CUE_SHEET) X(SCSIOP_PERSISTENT_RESERVE_IN) \
    X(SCSIOP_PERSISTENT_RESERVE_OUT) X(SCSIOP_OPERATION32) X(SCSIOP_XDWRITE_EXTENDED16) \
    X(SCSIOP_REBUILD16) X(SCSIOP_REGENERATE16) X(SCSIOP_WRITE_USING_TOKEN) \
    X(SCSIOP_RECEIVE_ROD_TOKEN_INFORMATION) X(SCSIOP_ATA_PASSTHROUGH16) \
    X(SCSIOP_ACCESS_CONTROL_IN) X(SCSIOP_ACCESS_CONTROL_OUT) X(SCSIOP_READ16) \
    X(SCSIOP_COMPARE_AND_WRITE) X(SCSIOP_WRITE16) X(SCSIOP_READ_ATTRIBUTES) \
    X(SCSIOP_WRITE_ATTRIBUTES) X(SCSIOP_WRITE_VERIFY16) X(SCSIOP_VERIFY16) X(SCSIOP_PREFETCH16) \
    X(SCSIOP_SYNCHRONIZE_CACHE16) X(SCSIOP_LOCK_UNLOCK_CACHE16) X(SCSIOP_WRITE_SAME16) \
    X(SCSIOP_ZBC_OUT) X(SCSIOP_ZBC_IN) X(SCSIOP_READ_DATA_BUFF16) X(SCSIOP_GET_LBA_STATUS) \
    X(SCSIOP_SERVICE_ACTION_OUT16) X(SCSIOP_REPORT_LUNS) X(SCSIOP_BLANK) X(SCSIOP_SEND_EVENT) \
    X(SCSIOP_MAINTENANCE_IN) X(SCSIOP_MAINTENANCE_OUT) X(SCSIOP_MOVE_MEDIUM) \
    X(SCSIOP_LOAD_UNLOAD_SLOT) X(SCSIOP_SET_READ_AHEAD) X(SCSIOP_READ12) \
    X(SCSIOP_SERVICE_ACTION_OUT12) X(SCSIOP_WRITE12) X(SCSIOP_SEND_MESSAGE) \
    X(SCSIOP_GET_PERFORMANCE) X(SCSIOP_READ_DVD_STRUCTURE) X(SCSIOP_WRITE_VERIFY12) \
    X(SCSIOP_VERIFY12) X(SCSIOP_SEARCH_DATA_HIGH12) X(SCSIOP_SEARCH_DATA_EQUAL12) \
    X(SCSIOP_SEARCH_DATA_LOW12) X(SCSIOP_SET_LIMITS12) X(SCSIOP_READ_ELEMENT_STATUS_ATTACHED) \
    X(SCSIOP_REQUEST_VOL_ELEMENT) X(SCSIOP_SEND_VOLUME_TAG) X(SCSIOP_READ_DEFECT_DATA) \
    X(SCSIOP_READ_ELEMENT_STATUS) X(SCSIOP_READ_CD_MSF) X(SCSIOP_REDUNDANCY_GROUP_IN) \
    X(SCSIOP_REDUNDANCY_GROUP_OUT) X(SCSIOP_SPARE_IN) X(SCSIOP_SPARE_OUT) \
    X(SCSIOP_VOLUME_SET_IN) X(SCSIOP_VOLUME_SET_OUT) X(SCSIOP_INIT_ELEMENT_RANGE)

#define OP_CASE(name) case name: return #name;
#define OP_VALUE(name) name,
#define OP_NAME(name) #name,

static const UCHAR listed_opcodes[] = { OPCODES(OP_VALUE) };
static const char *const listed_names[] = { OPCODES(OP_NAME) };

/* A duplicate value among the listed names does not compile. */
static const char *opcode_name(UCHAR op)
{
    switch (op) {
    OPCODES(OP_CASE)
    default:
        return NULL;
    }
}

static void test_opcodes(void)
{
    unsigned named = 0;

    for (unsigned op = 0; op < 256; op++)
        named += opcode_name((UCHAR)op) != NULL;
    CHECK(named == sizeof(listed_opcodes) && named > 130);
    for (unsigned i = 0; i < sizeof(listed_opcodes); i++)
        CHECK(strcmp(opcode_name(listed_opcodes[i]), listed_names[i]) == 0);
    CHECK(strcmp(opcode_name(0x28), "SCSIOP_READ") == 0);
    CHECK(strcmp(opcode_name(0x9E), "SCSIOP_GET_LBA_STATUS") == 0);
    CHECK(SCSIOP_READ_CAPACITY16 == 0x9E && SCSIOP_SERVICE_ACTION_IN16 == 0x9E);
    CHECK(SCSIOP_SECURITY_PROTOCOL_IN == SCSIOP_SEND_EVENT && SCSIOP_UNMAP == 0x42);
    CHECK(opcode_name(0x06) == NULL && opcode_name(0xFF) == NULL);
}

/* Sets one bit-field in a zeroed structure and returns the byte it landed in. */
#define BYTE_AFTER(type, field, value, index)                                                    \
    __extension__({                                                                              \
        type t_;                                                                                 \
        memset(&t_, 0, sizeof(t_));                                                              \
        t_.field = (value);                                                                      \
        ((const UCHAR *)&t_)[index];                                                             \
    })

static void test_cdb_bits(void)
{
    CHECK(BYTE_AFTER(CDB, CDB10.ForceUnitAccess, 1, 1) == 0x08);
    CHECK(BYTE_AFTER(CDB, CDB10.LogicalUnitNumber, 7, 1) == 0xE0);
    CHECK(BYTE_AFTER(CDB, CDB6READWRITE.LogicalBlockMsb1, 0x1F, 1) == 0x1F);
    CHECK(BYTE_AFTER(CDB, CDB6INQUIRY3.EnableVitalProductData, 1, 1) == 0x01);
    CHECK(BYTE_AFTER(CDB, MODE_SENSE.Pc, 3, 2) == 0xC0);
    CHECK(BYTE_AFTER(CDB, MODE_SENSE.PageCode, 0x3F, 2) == 0x3F);
    CHECK(BYTE_AFTER(CDB, MODE_SENSE10.Dbd, 1, 1) == 0x08);
    CHECK(BYTE_AFTER(CDB, MODE_SELECT.PFBit, 1, 1) == 0x10);
    CHECK(BYTE_AFTER(CDB, START_STOP.LoadEject, 1, 4) == 0x02);
    CHECK(BYTE_AFTER(CDB, SECURITY_PROTOCOL_IN.INC_512, 1, 4) == 0x80);
    CHECK(BYTE_AFTER(CDB, READ_CAPACITY16.ServiceAction, 0x10, 1) == 0x10);
    CHECK(BYTE_AFTER(CDB, READ_CAPACITY16.PMI, 1, 14) == 0x01);
    CHECK(BYTE_AFTER(CDB, ATA_PASSTHROUGH16.Protocol, 4, 1) == 0x08);
    CHECK(BYTE_AFTER(CDB, ATA_PASSTHROUGH16.MultipleCount, 7, 1) == 0xE0);
    CHECK(BYTE_AFTER(CDB, ATA_PASSTHROUGH16.CkCond, 1, 2) == 0x20);
    CHECK(BYTE_AFTER(CDB, ATA_PASSTHROUGH16.TDir, 1, 2) == 0x08);
    CHECK(BYTE_AFTER(CDB, GET_PHYSICAL_ELEMENT_STATUS.Filter, 3, 14) == 0xC0);
    CHECK(BYTE_AFTER(CDB, WRITE_BUFFER.ModeSpecific, 7, 1) == 0xE0);
    CHECK(BYTE_AFTER(CDB, UNMAP.Anchor, 1, 1) == 0x01);
    CHECK(BYTE_AFTER(CDB, SYNCHRONIZE_CACHE16.Immediate, 1, 1) == 0x02);
}

static void test_data_bits(void)
{
    CHECK(BYTE_AFTER(INQUIRYDATA, DeviceTypeQualifier, 3, 0) == 0x60);
    CHECK(BYTE_AFTER(INQUIRYDATA, RemovableMedia, 1, 1) == 0x80);
    CHECK(BYTE_AFTER(INQUIRYDATA, HiSupport, 1, 3) == 0x10);
    CHECK(BYTE_AFTER(INQUIRYDATA, PROTECT, 1, 5) == 0x01);
    CHECK(BYTE_AFTER(INQUIRYDATA, EnclosureServices, 1, 6) == 0x40);
    CHECK(BYTE_AFTER(INQUIRYDATA, CommandQueue, 1, 7) == 0x02);
    CHECK(BYTE_AFTER(SENSE_DATA, Valid, 1, 0) == 0x80);
    CHECK(BYTE_AFTER(SENSE_DATA, FileMark, 1, 2) == 0x80);
    CHECK(BYTE_AFTER(SENSE_DATA, SenseKey, SCSI_SENSE_ILLEGAL_REQUEST, 2) == 0x05);
    CHECK(BYTE_AFTER(DESCRIPTOR_SENSE_DATA, SenseKey, 0xB, 1) == 0x0B);
    CHECK(BYTE_AFTER(READ_CAPACITY16_DATA, ProtectionType, 2, 12) == 0x04);
    CHECK(BYTE_AFTER(READ_CAPACITY16_DATA, LogicalPerPhysicalExponent, 3, 13) == 0x03);
    CHECK(BYTE_AFTER(READ_CAPACITY16_DATA, LBPME, 1, 14) == 0x80);
    CHECK(BYTE_AFTER(READ_CAPACITY16_DATA, LBPRZ, 1, 14) == 0x40);
    CHECK(BYTE_AFTER(VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, LBPU, 1, 5) == 0x80);
    CHECK(BYTE_AFTER(VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, LBPWS10, 1, 5) == 0x20);
    CHECK(BYTE_AFTER(VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, LBPRZ, 1, 5) == 0x04);
    CHECK(BYTE_AFTER(VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, ProvisioningType, 2, 6) == 0x02);
    CHECK(BYTE_AFTER(VPD_IDENTIFICATION_DESCRIPTOR, Association, 1, 1) == 0x10);
    CHECK(BYTE_AFTER(VPD_BLOCK_LIMITS_PAGE, UGAValid, 1, 32) == 0x80);
    CHECK(BYTE_AFTER(VPD_EXTENDED_INQUIRY_DATA_PAGE, HeadSup, 1, 5) == 0x04);
    CHECK(BYTE_AFTER(MODE_CACHING_PAGE, WriteCacheEnable, 1, 2) == 0x04);
    CHECK(BYTE_AFTER(MODE_CACHING_PAGE, PageSavable, 1, 0) == 0x80);
    CHECK(BYTE_AFTER(MODE_INFO_EXCEPTIONS, Dexcpt, 1, 2) == 0x08);
}

static void test_srb_macros(void)
{
    UCHAR bus = 0, target = 0;
    ULONG packed = SCSI_COMBINE_BUS_TARGET(3, 0x45);

    CHECK(SRB_STATUS(SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_QUEUE_FROZEN) ==
          SRB_STATUS_ERROR);
    CHECK(SRB_STATUS(SRB_STATUS_SUCCESS) == SRB_STATUS_SUCCESS);
    SCSI_DECODE_BUS_TARGET(packed, bus, target);
    CHECK(bus == 3 && target == 0x45);
    CHECK(SRB_FLAGS_UNSPECIFIED_DIRECTION == (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT));
    CHECK(SRB_SIGNATURE == ('S' << 24 | 'R' << 16 | 'B' << 8 | 'X'));
}

int main(void)
{
    test_opcodes();
    test_cdb_bits();
    test_data_bits();
    test_srb_macros();
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
