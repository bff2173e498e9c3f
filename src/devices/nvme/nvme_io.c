/*
 * NVM command set I/O commands (NVMe 1.4 §6): Read, Write (FUA), Flush (one namespace
 * or all with the broadcast NSID), Compare, Write Zeroes (DEAC, FUA) and Dataset
 * Management (deallocate; the other attributes are hints and succeed).
 *
 * Read and Write go to the backend without a copy: the data pointer's segments are
 * the request's scatter list, and the request may finish later (aio=uring). The other
 * commands run to their end on the serving thread. A Write with FUA, or any write
 * while the volatile write cache is disabled, is a FUA request; a backend that cannot
 * honour FUA gets a flush after it. Out-of-range LBAs get LBA Out of Range, writes to
 * a read-only backend Namespace Is Write Protected, transfers beyond MDTS Invalid
 * Field, a namespace that is not attached Invalid Namespace or Format.
 */
#include <stdlib.h>
#include <string.h>

#include "devices/nvme/nvme_internal.h"

#define ST(sc) (NVME_STATUS(NVME_SCT_GENERIC, (sc)) | NVME_DNR)
#define NVME_NSID_BROADCAST 0xFFFFFFFFu
#define ZERO_CHUNK 65536u

static const uint8_t zero_chunk[ZERO_CHUNK];

struct lba_range {
    uint64_t slba;
    uint64_t nlb;
};

static uint16_t range_check(const struct nvme_ns *ns, uint64_t slba, uint64_t nlb)
{
    if (slba > ns->nlba || nlb > ns->nlba - slba)
        return ST(NVME_SC_LBA_RANGE);
    return 0;
}

static struct lba_range cmd_range(struct nvme_cmd *cmd)
{
    struct lba_range r = {
        .slba = (uint64_t)cmd->sqe.cdw11 << 32 | cmd->sqe.cdw10,
        .nlb = (cmd->sqe.cdw12 & 0xFFFF) + 1ull,
    };
    cmd->lba = r.slba;
    return r;
}

static bool writable(const struct nvme_ns *ns)
{
    return !(ns->caps & USTOR_BACKEND_READ_ONLY);
}

static struct nvme_bq *cmd_bq(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    return nvme_bq_get(c, cmd->sq, cmd->ns);
}

static uint16_t sync_op(struct nvme_ctrl *c, struct nvme_cmd *cmd, uint8_t op, uint32_t flags,
                        uint64_t offset, uint64_t length)
{
    struct nvme_bq *bq = cmd_bq(c, cmd);
    if (!bq)
        return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    cmd->bio = (struct ustor_bio){.op = op, .flags = flags, .offset = offset, .length = length};
    return nvme_bio_status(nvme_bio_sync(c, bq, &cmd->bio), op != USTOR_BIO_READ);
}

static uint16_t flush_ns(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    if (!(cmd->ns->caps & USTOR_BACKEND_CAN_FLUSH))
        return 0;                       /* nothing volatile to make durable */
    return sync_op(c, cmd, USTOR_BIO_FLUSH, 0, 0, 0);
}

/* ---- Read, Write ---- */

static void count(struct nvme_sq *sq, bool write, uint64_t bytes)
{
    atomic_fetch_add_explicit(write ? &sq->writes : &sq->reads, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(write ? &sq->write_units : &sq->read_units, bytes >> 9,
                              memory_order_relaxed);
}

/* A FUA write on a backend without FUA: the write, then a flush. */
static uint16_t write_through(struct nvme_ctrl *c, struct nvme_cmd *cmd, struct nvme_bq *bq)
{
    uint16_t st = nvme_bio_status(nvme_bio_sync(c, bq, &cmd->bio), true);
    return st ? st : flush_ns(c, cmd);
}

static enum nvme_run read_write(struct nvme_ctrl *c, struct nvme_cmd *cmd, bool write)
{
    struct nvme_ns *ns = cmd->ns;
    struct lba_range r = cmd_range(cmd);
    uint64_t bytes = r.nlb << ns->lba_shift;
    uint16_t st = range_check(ns, r.slba, r.nlb);
    if (!st && bytes > c->max_xfer)
        st = ST(NVME_SC_INVALID_FIELD);
    if (!st && write && !writable(ns))
        st = ST(NVME_SC_NS_WRITE_PROTECTED);
    if (!st)
        st = nvme_dptr_map(c, cmd, bytes, write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
    struct nvme_bq *bq = st ? NULL : cmd_bq(c, cmd);
    if (!st && !bq)
        st = NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    if (st) {
        cmd->status = st;
        return NVME_RUN_DONE;
    }
    bool fua = write && ((cmd->sqe.cdw12 & NVME_RW_FUA) || !atomic_load(&c->feat.write_cache));
    cmd->bio = (struct ustor_bio){
        .op = write ? USTOR_BIO_WRITE : USTOR_BIO_READ,
        .flags = fua && (ns->caps & USTOR_BACKEND_CAN_FUA) ? USTOR_BIO_FUA : 0,
        .offset = r.slba << ns->lba_shift, .length = bytes,
        .iov = cmd->iov, .iovcnt = cmd->niov,
    };
    count(cmd->sq, write, bytes);
    if (fua && !(ns->caps & USTOR_BACKEND_CAN_FUA)) {
        cmd->status = write_through(c, cmd, bq);
        return NVME_RUN_DONE;
    }
    return nvme_bio_start(c, bq, cmd);
}

/* ---- Flush ---- */

static uint16_t flush_all(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint16_t st = 0;
    for (uint32_t id = 1; id <= c->cfg.max_namespaces && !st; id++) {
        cmd->ns = nvme_ns_get(c, id);
        if (cmd->ns)
            st = flush_ns(c, cmd);
        nvme_ns_put(cmd->ns);
        cmd->ns = NULL;
    }
    return st;
}

/* ---- Write Zeroes ---- */

static uint16_t zero_by_writing(struct nvme_ctrl *c, struct nvme_cmd *cmd, uint64_t off,
                                uint64_t len, uint32_t flags)
{
    struct nvme_bq *bq = cmd_bq(c, cmd);
    if (!bq)
        return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    while (len) {
        uint64_t n = len < ZERO_CHUNK ? len : ZERO_CHUNK;
        cmd->bio = (struct ustor_bio){.op = USTOR_BIO_WRITE, .flags = flags, .offset = off,
                                      .length = n, .buf = (void *)zero_chunk};
        uint16_t st = nvme_bio_status(nvme_bio_sync(c, bq, &cmd->bio), true);
        if (st)
            return st;
        off += n;
        len -= n;
    }
    return 0;
}

static uint16_t write_zeroes(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    struct nvme_ns *ns = cmd->ns;
    struct lba_range r = cmd_range(cmd);
    uint16_t st = range_check(ns, r.slba, r.nlb);
    if (st)
        return st;
    if (!writable(ns))
        return ST(NVME_SC_NS_WRITE_PROTECTED);
    bool fua = (cmd->sqe.cdw12 & NVME_RW_FUA) && (ns->caps & USTOR_BACKEND_CAN_FUA);
    uint32_t flags = (fua ? USTOR_BIO_FUA : 0) |
                     ((cmd->sqe.cdw12 & NVME_WZ_DEAC) ? 0 : USTOR_BIO_NO_HOLE);
    uint64_t off = r.slba << ns->lba_shift, len = r.nlb << ns->lba_shift;
    count(cmd->sq, true, 0);
    if (!(ns->caps & USTOR_BACKEND_CAN_ZERO))
        return zero_by_writing(c, cmd, off, len, flags & USTOR_BIO_FUA);
    return sync_op(c, cmd, USTOR_BIO_ZERO, flags, off, len);
}

/* ---- Dataset Management ---- */

static uint16_t dataset_management(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    struct nvme_ns *ns = cmd->ns;
    uint32_t nr = (cmd->sqe.cdw10 & 0xFF) + 1;
    struct nvme_dsm_range ranges[256];
    uint16_t st = nvme_dptr_from_host(c, cmd, ranges, nr * sizeof ranges[0]);
    if (st || !(cmd->sqe.cdw11 & NVME_DSM_AD))
        return st;                      /* without deallocate: hints only */
    for (uint32_t i = 0; i < nr && !st; i++) {
        cmd->lba = ranges[i].slba;
        st = range_check(ns, ranges[i].slba, ranges[i].nlb);
    }
    if (!st && !writable(ns))
        st = ST(NVME_SC_NS_WRITE_PROTECTED);
    for (uint32_t i = 0; i < nr && !st; i++) {
        if (!ranges[i].nlb || !(ns->caps & USTOR_BACKEND_CAN_TRIM))
            continue;
        st = sync_op(c, cmd, USTOR_BIO_TRIM, 0, ranges[i].slba << ns->lba_shift,
                     (uint64_t)ranges[i].nlb << ns->lba_shift);
    }
    return st;
}

/* ---- Compare ---- */

static bool iov_equal(const struct nvme_cmd *cmd, const uint8_t *data)
{
    for (uint32_t i = 0; i < cmd->niov; i++) {
        if (memcmp(cmd->iov[i].iov_base, data, cmd->iov[i].iov_len))
            return false;
        data += cmd->iov[i].iov_len;
    }
    return true;
}

static uint16_t compare(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    struct nvme_ns *ns = cmd->ns;
    struct lba_range r = cmd_range(cmd);
    uint64_t bytes = r.nlb << ns->lba_shift;
    uint16_t st = range_check(ns, r.slba, r.nlb);
    if (!st && bytes > c->max_xfer)
        st = ST(NVME_SC_INVALID_FIELD);
    if (!st)
        st = nvme_dptr_map(c, cmd, bytes, DMA_TO_DEVICE);
    if (st)
        return st;
    uint8_t *media = malloc(bytes);     /* at most MDTS */
    if (!media)
        return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    struct nvme_bq *bq = cmd_bq(c, cmd);
    st = bq ? 0 : NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    if (!st) {
        cmd->bio = (struct ustor_bio){.op = USTOR_BIO_READ, .offset = r.slba << ns->lba_shift,
                                      .length = bytes, .buf = media};
        st = nvme_bio_status(nvme_bio_sync(c, bq, &cmd->bio), false);
    }
    if (!st && !iov_equal(cmd, media))
        st = NVME_STATUS(NVME_SCT_MEDIA, NVME_SC_COMPARE_FAILURE) | NVME_DNR;
    free(media);
    return st;
}

/* ---- dispatch ---- */

enum nvme_run nvme_io_run(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint8_t op = cmd->sqe.opcode;
    if (op == NVME_CMD_FLUSH && cmd->sqe.nsid == NVME_NSID_BROADCAST) {
        cmd->status = flush_all(c, cmd);
        return NVME_RUN_DONE;
    }
    cmd->ns = nvme_ns_get(c, cmd->sqe.nsid);
    if (!cmd->ns) {
        cmd->status = ST(NVME_SC_INVALID_NS);
        return NVME_RUN_DONE;
    }
    switch (op) {
    case NVME_CMD_READ: return read_write(c, cmd, false);
    case NVME_CMD_WRITE: return read_write(c, cmd, true);
    case NVME_CMD_FLUSH: cmd->status = flush_ns(c, cmd); break;
    case NVME_CMD_COMPARE: cmd->status = compare(c, cmd); break;
    case NVME_CMD_WRITE_ZEROES: cmd->status = write_zeroes(c, cmd); break;
    case NVME_CMD_DSM: cmd->status = dataset_management(c, cmd); break;
    default: cmd->status = ST(NVME_SC_INVALID_OPCODE); break;
    }
    return NVME_RUN_DONE;
}
