/*
 * rd_scsi.c - the SBC-4 command set of a ramdisk unit: decoding and checking each
 * CDB (operation code, CDB length, control byte, reserved protection fields,
 * transfer limits, LBA range, write protection, buffer size, UNMAP parameter
 * lists) before anything touches the medium, then handing the work to rd_io.c.
 * Data-returning commands without medium access live in rd_info.c.
 * A buffer shorter than the CDB asks for completes with SRB_STATUS_DATA_OVERRUN
 * and nothing transferred; a longer one moves what the CDB asks.
 */
#include "ramdisk.h"

#define NEED_LUN 1

struct rd_command {
    UCHAR length;                       /* CDB bytes; 0: not supported */
    UCHAR flags;
    void (*run)(struct rd_cmd *cmd);
};

/* ---- helpers ---- */

static struct rd_io *io_for(struct rd_cmd *c, UCHAR op)
{
    struct rd_io *io = SrbGetMiniportContext(c->srb);
    io->srb = c->srb;
    io->adapter = c->adapter;
    io->lun = c->lun;
    io->op = op;
    io->fua = io->zeroes = io->unmap = io->same_block = io->scratch = FALSE;
    io->data = c->data;
    io->bytes = 0;
    io->lba = io->left = 0;
    io->index = io->count = 0;
    return io;
}

static BOOLEAN out_of_range(const struct rd_lun *lun, ULONGLONG lba, ULONGLONG blocks)
{
    return lba > lun->blocks || blocks > lun->blocks - lba;
}

static void fail_range(struct rd_cmd *c)
{
    rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
}

static void fail_write_protected(struct rd_cmd *c)
{
    rd_cmd_fail(c, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
}

static void fail_short_buffer(struct rd_cmd *c)
{
    SrbSetDataTransferLength(c->srb, 0);
    rd_cmd_complete(c, SRB_STATUS_DATA_OVERRUN);
}

/* Protection fields (RDPROTECT/WRPROTECT/VRPROTECT) must be zero: no PI here. */
static BOOLEAN protection_asked(struct rd_cmd *c)
{
    if (c->cdb_length == 6 || !(c->cdb[1] & 0xE0))
        return FALSE;
    rd_fail_cdb_field(c, 1, 7);
    return TRUE;
}

static void good(struct rd_cmd *c)
{
    SrbSetDataTransferLength(c->srb, 0);
    rd_cmd_complete(c, SRB_STATUS_SUCCESS);
}

/* Where a medium command's LBA and block count are. */
struct rw_fields {
    ULONGLONG lba;
    ULONG blocks;
    UCHAR length_byte;                  /* where the count field starts */
};

/* The checks of a medium command, in order: protection fields, the count against
 * LIMIT, the LBA range, write protection, the buffer; FALSE once C has failed. */
static BOOLEAN medium_checks(struct rd_cmd *c, const struct rw_fields *f, ULONG limit,
                             BOOLEAN writes, ULONG buffer)
{
    if (protection_asked(c))
        return FALSE;
    if (f->blocks > limit)
        rd_fail_cdb_field(c, f->length_byte, RD_NO_BIT);
    else if (out_of_range(c->lun, f->lba, f->blocks))
        fail_range(c);
    else if (writes && c->lun->read_only)
        fail_write_protected(c);
    else if (c->data_length < buffer)
        fail_short_buffer(c);
    else
        return TRUE;
    return FALSE;
}

/* ---- READ and WRITE (6/10/12/16) ---- */

static void rw_decode(const UCHAR *cdb, struct rw_fields *f)
{
    switch (cdb[0]) {
    case SCSIOP_READ6: case SCSIOP_WRITE6:
        f->lba = (ULONG)(cdb[1] & 0x1F) << 16 | rd_be16(cdb + 2);
        f->blocks = cdb[4] ? cdb[4] : 256;
        f->length_byte = 4;
        break;
    case SCSIOP_READ: case SCSIOP_WRITE: case SCSIOP_VERIFY:
        f->lba = rd_be32(cdb + 2);
        f->blocks = rd_be16(cdb + 7);
        f->length_byte = 7;
        break;
    case SCSIOP_READ12: case SCSIOP_WRITE12: case SCSIOP_VERIFY12:
        f->lba = rd_be32(cdb + 2);
        f->blocks = rd_be32(cdb + 6);
        f->length_byte = 6;
        break;
    default:
        f->lba = rd_be64(cdb + 2);
        f->blocks = rd_be32(cdb + 10);
        f->length_byte = 10;
        break;
    }
}

static BOOLEAN is_write(UCHAR op)
{
    return op == SCSIOP_WRITE6 || op == SCSIOP_WRITE || op == SCSIOP_WRITE12 ||
           op == SCSIOP_WRITE16;
}

static void read_write(struct rd_cmd *c)
{
    struct rw_fields f;
    BOOLEAN write = is_write(c->cdb[0]);
    rw_decode(c->cdb, &f);
    ULONG bytes = f.blocks << c->lun->block_shift;   /* at most 1 MiB once checked */
    if (!medium_checks(c, &f, c->lun->max_transfer_blocks, write, bytes))
        return;
    if (!bytes) {
        good(c);
        return;
    }
    struct rd_io *io = io_for(c, write ? RD_OP_WRITE : RD_OP_READ);
    io->lba = f.lba;
    io->bytes = bytes;
    io->fua = c->cdb_length > 6 && (c->cdb[1] & 0x08);
    SrbSetDataTransferLength(c->srb, bytes);
    rd_io_start(io);
}

/* ---- VERIFY (10/12/16) ---- */

static void verify_start(struct rd_cmd *c, const struct rw_fields *f, UCHAR bytchk)
{
    struct rd_lun *lun = c->lun;
    ULONG out = bytchk == 3 ? lun->block_size : f->blocks << lun->block_shift;
    if (c->data_length < out) {
        fail_short_buffer(c);
        return;
    }
    if (InterlockedCompareExchange(&c->adapter->scratch_busy, 1, 0) != 0) {   /* in use */
        rd_cmd_complete(c, SRB_STATUS_BUSY);
        return;
    }
    struct rd_io *io = io_for(c, RD_OP_VERIFY);
    io->scratch = TRUE;
    io->same_block = bytchk == 3;
    io->lba = f->lba;
    io->left = f->blocks;
    SrbSetDataTransferLength(c->srb, out);
    rd_io_start(io);
}

static void verify(struct rd_cmd *c)
{
    struct rw_fields f;
    UCHAR bytchk = (c->cdb[1] >> 1) & 3;
    rw_decode(c->cdb, &f);   /* VERIFY's LBA and length sit where READ's do */
    if (bytchk == 2) {
        rd_fail_cdb_field(c, 1, 2);
        return;
    }
    if (!medium_checks(c, &f, bytchk ? c->lun->max_transfer_blocks : MAXULONG, FALSE, 0))
        return;
    if (!bytchk || !f.blocks)   /* the medium is always readable */
        good(c);
    else
        verify_start(c, &f, bytchk);
}

/* ---- SYNCHRONIZE CACHE (10/16) ---- */

static void synchronize_cache(struct rd_cmd *c)
{
    BOOLEAN is16 = c->cdb[0] == SCSIOP_SYNCHRONIZE_CACHE16;
    ULONGLONG lba = is16 ? rd_be64(c->cdb + 2) : rd_be32(c->cdb + 2);
    ULONG blocks = is16 ? rd_be32(c->cdb + 10) : rd_be16(c->cdb + 7);
    SrbSetDataTransferLength(c->srb, 0);
    if (out_of_range(c->lun, lba, blocks)) {   /* 0 blocks: to the end */
        fail_range(c);
        return;
    }
    rd_io_start(io_for(c, RD_OP_FLUSH));
}

void rd_scsi_flush(struct rd_cmd *c)
{
    SrbSetDataTransferLength(c->srb, 0);
    if (!c->lun) {
        rd_cmd_complete(c, SRB_STATUS_SUCCESS);
        return;
    }
    rd_io_start(io_for(c, RD_OP_FLUSH));
}

/* ---- WRITE SAME (10/16) ---- */

static BOOLEAN all_zero(const UCHAR *p, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        if (p[i])
            return FALSE;
    return TRUE;
}

static void write_same(struct rd_cmd *c)
{
    struct rd_lun *lun = c->lun;
    BOOLEAN is16 = c->cdb[0] == SCSIOP_WRITE_SAME16;
    BOOLEAN ndob = is16 && (c->cdb[1] & 0x01);
    struct rw_fields f = {is16 ? rd_be64(c->cdb + 2) : rd_be32(c->cdb + 2),
                          is16 ? rd_be32(c->cdb + 10) : rd_be16(c->cdb + 7), is16 ? 10 : 7};
    if (c->cdb[1] & 0x10) {   /* ANCHOR: anchored blocks are not supported */
        rd_fail_cdb_field(c, 1, 4);
        return;
    }
    if (!f.blocks) {          /* WSNZ = 1 */
        rd_fail_cdb_field(c, f.length_byte, RD_NO_BIT);
        return;
    }
    if (!medium_checks(c, &f, lun->max_unmap_blocks, TRUE, ndob ? 0 : lun->block_size))
        return;
    struct rd_io *io = io_for(c, RD_OP_SAME);
    io->unmap = (c->cdb[1] & 0x08) != 0;
    io->zeroes = ndob || all_zero(c->data, lun->block_size);
    io->lba = f.lba;
    io->left = f.blocks;
    SrbSetDataTransferLength(c->srb, ndob ? 0 : lun->block_size);
    rd_io_start(io);
}

/* ---- UNMAP ---- */

/* Checks every descriptor before any is carried out; FALSE once it has failed C. */
static BOOLEAN unmap_descriptors_valid(struct rd_cmd *c, ULONG count)
{
    ULONGLONG total = 0;
    for (ULONG i = 0; i < count; i++) {
        const UCHAR *d = c->data + 8 + 16 * i;
        ULONGLONG lba = rd_be64(d);
        ULONG blocks = rd_be32(d + 8);
        if (out_of_range(c->lun, lba, blocks)) {
            fail_range(c);
            return FALSE;
        }
        total += blocks;
        if (total > c->lun->max_unmap_blocks) {
            rd_fail_param_field(c, 8 + 16 * i + 8, RD_NO_BIT);
            return FALSE;
        }
    }
    return TRUE;
}

/* The descriptor count of a parameter list of LENGTH bytes, or -1 once it has failed C. */
static LONG unmap_list_count(struct rd_cmd *c, ULONG length)
{
    if (length < 8 || c->data_length < length) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_PARAMETER_LIST_LENGTH, 0);
        return -1;
    }
    ULONG data_length = rd_be16(c->data), descriptor_length = rd_be16(c->data + 2);
    if (data_length + 2 > length || data_length < 6) {
        rd_fail_param_field(c, 0, RD_NO_BIT);
        return -1;
    }
    if (descriptor_length + 8 > data_length + 2) {
        rd_fail_param_field(c, 2, RD_NO_BIT);
        return -1;
    }
    ULONG count = descriptor_length / 16;   /* an incomplete last one is ignored */
    if (count > RD_MAX_UNMAP_DESCRIPTORS) {
        rd_fail_param_field(c, 2, RD_NO_BIT);
        return -1;
    }
    return (LONG)count;
}

static void unmap(struct rd_cmd *c)
{
    ULONG length = rd_be16(c->cdb + 7);
    if (!c->lun->thin) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
        return;
    }
    if (c->cdb[1] & 0x01) {   /* ANCHOR */
        rd_fail_cdb_field(c, 1, 0);
        return;
    }
    if (c->lun->read_only) {
        fail_write_protected(c);
        return;
    }
    SrbSetDataTransferLength(c->srb, length < c->data_length ? length : c->data_length);
    if (!length) {
        rd_cmd_complete(c, SRB_STATUS_SUCCESS);
        return;
    }
    LONG count = unmap_list_count(c, length);
    if (count < 0 || !unmap_descriptors_valid(c, (ULONG)count))
        return;
    struct rd_io *io = io_for(c, RD_OP_UNMAP);
    io->count = (ULONG)count;
    rd_io_start(io);
}

/* ---- commands without data ---- */

static void service_action_in16(struct rd_cmd *c)
{
    switch (c->cdb[1] & 0x1F) {
    case SERVICE_ACTION_READ_CAPACITY16: rd_info_read_capacity16(c); return;
    case SERVICE_ACTION_GET_LBA_STATUS: rd_info_get_lba_status(c); return;
    default: rd_fail_cdb_field(c, 1, 4); return;
    }
}

/* ---- dispatch ---- */

static const struct rd_command commands[256] = {
    [SCSIOP_TEST_UNIT_READY] = {6, NEED_LUN, good},
    [SCSIOP_REQUEST_SENSE] = {6, 0, rd_info_request_sense},
    [SCSIOP_READ6] = {6, NEED_LUN, read_write},
    [SCSIOP_WRITE6] = {6, NEED_LUN, read_write},
    [SCSIOP_INQUIRY] = {6, 0, rd_info_inquiry},
    [SCSIOP_MODE_SENSE] = {6, NEED_LUN, rd_info_mode_sense},
    [SCSIOP_START_STOP_UNIT] = {6, NEED_LUN, good},
    [SCSIOP_READ_CAPACITY] = {10, NEED_LUN, rd_info_read_capacity10},
    [SCSIOP_READ] = {10, NEED_LUN, read_write},
    [SCSIOP_WRITE] = {10, NEED_LUN, read_write},
    [SCSIOP_VERIFY] = {10, NEED_LUN, verify},
    [SCSIOP_SYNCHRONIZE_CACHE] = {10, NEED_LUN, synchronize_cache},
    [SCSIOP_WRITE_SAME] = {10, NEED_LUN, write_same},
    [SCSIOP_UNMAP] = {10, NEED_LUN, unmap},
    [SCSIOP_MODE_SENSE10] = {10, NEED_LUN, rd_info_mode_sense},
    [SCSIOP_READ16] = {16, NEED_LUN, read_write},
    [SCSIOP_WRITE16] = {16, NEED_LUN, read_write},
    [SCSIOP_VERIFY16] = {16, NEED_LUN, verify},
    [SCSIOP_SYNCHRONIZE_CACHE16] = {16, NEED_LUN, synchronize_cache},
    [SCSIOP_WRITE_SAME16] = {16, NEED_LUN, write_same},
    [SCSIOP_SERVICE_ACTION_IN16] = {16, NEED_LUN, service_action_in16},
    [SCSIOP_REPORT_LUNS] = {12, 0, rd_info_report_luns},
    [SCSIOP_READ12] = {12, NEED_LUN, read_write},
    [SCSIOP_WRITE12] = {12, NEED_LUN, read_write},
    [SCSIOP_VERIFY12] = {12, NEED_LUN, verify},
};

void rd_scsi_execute(struct rd_cmd *c)
{
    const struct rd_command *command = &commands[c->cdb[0]];
    if (!command->length) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
        return;
    }
    if (c->cdb_length < command->length) {
        rd_cmd_complete(c, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    UCHAR control = c->cdb[command->length - 1];
    if (control & 0x05) {   /* NACA and LINK are not supported */
        rd_fail_cdb_field(c, command->length - 1u, (control & 0x04) ? 2 : 0);
        return;
    }
    if (!c->lun && (command->flags & NEED_LUN)) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_LUN, 0);
        return;
    }
    command->run(c);
}
