/*
 * rd_io.c - carrying out a command that touches the medium, as a sequence of
 * backend steps held in the SRB extension (no allocation per request): one step
 * for READ, WRITE and SYNCHRONIZE CACHE; one per descriptor for UNMAP; runs of the
 * same block for WRITE SAME; read-and-compare chunks through the adapter's scratch
 * buffer for VERIFY with BYTCHK. Steps that complete inline are looped over here
 * (no recursion); asynchronous ones continue from the backend's completion.
 * Backend errors become sense data (rd_complete_io).
 */
#include <errno.h>

#include "ramdisk.h"

/* ---- preparing the next step ---- */

static void bio_set(struct rd_io *io, UCHAR op, ULONGLONG lba, ULONGLONG blocks)
{
    struct ustor_bio *bio = &io->bio;
    bio->op = op;
    bio->flags = 0;
    bio->offset = lba << io->lun->block_shift;
    bio->length = blocks << io->lun->block_shift;
    bio->buf = NULL;
    bio->iov = NULL;
    bio->iovcnt = 0;
}

static BOOLEAN next_single(struct rd_io *io)
{
    if (io->started)
        return FALSE;
    if (io->op == RD_OP_FLUSH) {
        bio_set(io, USTOR_BIO_FLUSH, 0, 0);
        return TRUE;
    }
    bio_set(io, io->op == RD_OP_READ ? USTOR_BIO_READ : USTOR_BIO_WRITE, io->lba,
            io->bytes >> io->lun->block_shift);
    io->bio.buf = io->data;
    if (io->fua && io->op == RD_OP_WRITE)
        io->bio.flags = USTOR_BIO_FUA;
    return TRUE;
}

/* UNMAP: the next descriptor with blocks in it (the list was validated whole). */
static BOOLEAN next_unmap(struct rd_io *io)
{
    while (io->index < io->count) {
        const UCHAR *d = io->data + 8 + 16 * io->index++;
        ULONG blocks = rd_be32(d + 8);
        if (!blocks)
            continue;
        bio_set(io, USTOR_BIO_ZERO, rd_be64(d), blocks);   /* LBPRZ: reads back zeroes */
        return TRUE;
    }
    return FALSE;
}

static BOOLEAN next_same(struct rd_io *io)
{
    if (!io->left)
        return FALSE;
    if (io->zeroes) {
        bio_set(io, USTOR_BIO_ZERO, io->lba, io->left);
        io->bio.flags = io->unmap ? 0 : USTOR_BIO_NO_HOLE;
        io->left = 0;
        return TRUE;
    }
    ULONG n = io->left < RD_SAME_IOV ? (ULONG)io->left : RD_SAME_IOV;
    for (ULONG i = 0; i < n; i++) {
        io->iov[i].iov_base = io->data;
        io->iov[i].iov_len = io->lun->block_size;
    }
    bio_set(io, USTOR_BIO_WRITE, io->lba, n);
    io->bio.iov = io->iov;
    io->bio.iovcnt = n;
    io->bio.flags = io->fua ? USTOR_BIO_FUA : 0;
    io->lba += n;
    io->left -= n;
    return TRUE;
}

static BOOLEAN next_verify(struct rd_io *io)
{
    if (!io->left)
        return FALSE;
    ULONG chunk = RD_SCRATCH_BYTES >> io->lun->block_shift;
    ULONG n = io->left < chunk ? (ULONG)io->left : chunk;
    bio_set(io, USTOR_BIO_READ, io->lba, n);
    io->bio.buf = io->adapter->scratch;
    return TRUE;
}

static BOOLEAN next_step(struct rd_io *io)
{
    switch (io->op) {
    case RD_OP_UNMAP: return next_unmap(io);
    case RD_OP_SAME: return next_same(io);
    case RD_OP_VERIFY: return next_verify(io);
    default: return next_single(io);
    }
}

/* ---- after a step ---- */

/* VERIFY: compares the chunk just read with the data-out buffer. */
static void compare_chunk(struct rd_io *io)
{
    const UCHAR *medium = io->adapter->scratch;
    ULONG bytes = (ULONG)io->bio.length, bs = io->lun->block_size;
    for (ULONG i = 0; i < bytes; i++) {
        ULONG at = io->same_block ? i % bs : io->done_bytes + i;
        if (medium[i] != io->data[at]) {
            io->mismatch = TRUE;
            io->miscompare = at;
            return;
        }
    }
    io->done_bytes += bytes;
    io->lba += bytes >> io->lun->block_shift;
    io->left -= bytes >> io->lun->block_shift;
}

static void bio_done(struct ustor_bio *bio, int result)
{
    struct rd_io *io = CONTAINING_RECORD(bio, struct rd_io, bio);
    io->result = result;
    if (result == 0 && io->op == RD_OP_VERIFY)
        compare_chunk(io);
    if (io->phase == RD_PHASE_SUBMITTING) {
        io->phase = RD_PHASE_DONE_INLINE;
        return;
    }
    rd_io_pump(io);
}

/* ---- running ---- */

void rd_io_pump(struct rd_io *io)
{
    for (;;) {
        if (io->result < 0 || io->mismatch || !next_step(io)) {
            rd_complete_io(io);
            return;
        }
        io->started = TRUE;
        io->phase = RD_PHASE_SUBMITTING;
        rd_store_submit(io);
        if (io->phase == RD_PHASE_SUBMITTING) {
            io->phase = RD_PHASE_ASYNC;   /* bio_done continues from the completion */
            return;
        }
    }
}

void rd_io_start(struct rd_io *io)
{
    io->phase = RD_PHASE_IDLE;
    io->result = 0;
    io->started = FALSE;
    io->mismatch = FALSE;
    io->done_bytes = 0;
    io->bio.done = bio_done;
    io->bio.context = io;
    rd_store_start(io);
}

/* ---- completion ---- */

static void fail_errno(struct rd_io *io)
{
    struct rd_adapter *ad = io->adapter;
    switch (io->result) {
    case -EAGAIN:   /* the backend queue is full: Storport sends it again later */
        rd_complete(ad, io->srb, SRB_STATUS_BUSY);
        return;
    case -EROFS:
        rd_fail(ad, io->srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
        return;
    case -ENOSPC:
        rd_fail(ad, io->srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT,
                SCSI_SENSEQ_SPACE_ALLOC_FAILED_WRITE_PROTECT);
        return;
    case -EIO:
        rd_fail(ad, io->srb, SCSI_SENSE_MEDIUM_ERROR,
                io->bio.op == USTOR_BIO_READ ? SCSI_ADSENSE_UNRECOVERED_READ_ERROR
                                             : SCSI_ADSENSE_WRITE_ERROR, 0);
        return;
    default:
        rd_fail(ad, io->srb, SCSI_SENSE_HARDWARE_ERROR, SCSI_ADSENSE_INTERNAL_TARGET_FAILURE, 0);
        return;
    }
}

void rd_complete_io(struct rd_io *io)
{
    if (io->scratch) {
        io->scratch = FALSE;
        InterlockedExchange(&io->adapter->scratch_busy, 0);
    }
    if (io->result < 0) {
        fail_errno(io);
    } else if (io->mismatch) {
        rd_fail_info(io->adapter, io->srb, SCSI_SENSE_MISCOMPARE,
                     SCSI_ADSENSE_MISCOMPARE_DURING_VERIFY_OPERATION, 0, io->miscompare);
    } else {
        rd_complete(io->adapter, io->srb, SRB_STATUS_SUCCESS);
    }
}
