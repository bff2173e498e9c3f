/*
 * Data pointers (NVMe 1.4 §4.3 PRP, §4.4 SGL): turning a command's DPTR into the
 * host memory it names, as a scatter list of mapped segments in cmd->iov.
 *
 * PRP: PRP1 may start anywhere dword-aligned in a page; PRP2 is the second page, or
 * a PRP list whose entries are page-aligned and whose last entry in each list page
 * chains to the next list page. SGL (PSDT 01b; MPTR is not used): SGL1 is a Data
 * Block, a Bit Bucket (reads only), or a Segment / Last Segment descriptor naming a
 * list of descriptors; a Segment's last descriptor may chain to the next segment.
 * Every address is checked by the DMA verifier before use; the number of segments and
 * of descriptors read is bounded, so no command makes the model loop or allocate.
 * Statuses: Invalid PRP Offset, Invalid SGL Segment Descriptor, Invalid Number of SGL
 * Descriptors, Data SGL Length Invalid, SGL Descriptor Type Invalid, SGL Offset Invalid,
 * Data Transfer Error (memory the device may not reach), Invalid Field (PSDT 11b, SGLs
 * when not supported or on an admin command).
 */
#include <string.h>

#include "devices/nvme/nvme_internal.h"

#define ST(sc) (NVME_STATUS(NVME_SCT_GENERIC, (sc)) | NVME_DNR)
#define NVME_PRP_ENTRIES_READ 64u

struct dptr_walk {
    struct nvme_ctrl *c;
    struct nvme_cmd *cmd;
    enum dma_dir dir;
    uint64_t need;                      /* bytes still to describe */
    uint32_t descriptors;               /* SGL descriptors seen */
};

bool nvme_dma_allowed(struct nvme_ctrl *c)
{
    if (pci_function_bus_master(c->pci))
        return true;
    nvme_guest(c, "DMA with Bus Master Enable clear in the PCI command register");
    return false;
}

/* Appends [pa, pa+len) to the command's scatter list. */
static uint16_t seg_add(struct dptr_walk *w, uint64_t pa, uint64_t len)
{
    struct nvme_cmd *cmd = w->cmd;
    void *p = dma_map(w->c->dma, pa, len, w->dir, "NVMe data");
    if (!p)
        return ST(NVME_SC_DATA_TRANSFER_ERROR);
    struct iovec *last = cmd->niov ? &cmd->iov[cmd->niov - 1] : NULL;
    if (last && (char *)last->iov_base + last->iov_len == p) {
        last->iov_len += len;
    } else {
        if (cmd->niov == w->c->max_iov)
            return ST(NVME_SC_SGL_INVALID_COUNT);
        cmd->iov[cmd->niov++] = (struct iovec){.iov_base = p, .iov_len = len};
    }
    w->need -= len;
    return 0;
}

/* ---- PRP ---- */

static uint16_t prp_list(struct dptr_walk *w, uint64_t list)
{
    uint32_t page = w->c->page_size;
    uint64_t entries[NVME_PRP_ENTRIES_READ];
    uint32_t reads = 0;
    if (list & 7)
        return ST(NVME_SC_PRP_INVALID_OFFSET);
    while (w->need) {
        if (++reads > 2 * w->c->max_iov)    /* a list chaining to itself */
            return ST(NVME_SC_PRP_INVALID_OFFSET);
        uint32_t in_page = (uint32_t)((page - (list & (page - 1))) / 8);
        uint64_t pages_left = (w->need + page - 1) / page;
        uint32_t n = in_page < pages_left ? in_page : (uint32_t)pages_left;
        if (n > NVME_PRP_ENTRIES_READ)
            n = NVME_PRP_ENTRIES_READ;
        if (dma_read(w->c->dma, list, entries, n * 8ull, "NVMe PRP list") < 0)
            return ST(NVME_SC_DATA_TRANSFER_ERROR);
        for (uint32_t i = 0; i < n && w->need; i++) {
            bool last_slot = i + 1 == in_page;
            if (last_slot && w->need > page) {      /* chains to the next list page */
                if (entries[i] & 7)
                    return ST(NVME_SC_PRP_INVALID_OFFSET);
                list = entries[i];
                goto next_page;
            }
            if (entries[i] & (page - 1))
                return ST(NVME_SC_PRP_INVALID_OFFSET);
            uint16_t st = seg_add(w, entries[i], w->need < page ? w->need : page);
            if (st)
                return st;
        }
        list += n * 8ull;
    next_page:;
    }
    return 0;
}

static uint16_t prp_map(struct dptr_walk *w)
{
    uint32_t page = w->c->page_size;
    uint64_t prp1 = w->cmd->sqe.prp1, prp2 = w->cmd->sqe.prp2;
    if (prp1 & 3)
        return ST(NVME_SC_PRP_INVALID_OFFSET);
    uint64_t first = page - (prp1 & (page - 1));
    uint16_t st = seg_add(w, prp1, w->need < first ? w->need : first);
    if (st || !w->need)
        return st;
    if (w->need <= page) {
        if (prp2 & (page - 1))
            return ST(NVME_SC_PRP_INVALID_OFFSET);
        return seg_add(w, prp2, w->need);
    }
    return prp_list(w, prp2);
}

/* ---- SGL ---- */

static uint16_t sgl_data(struct dptr_walk *w, const struct nvme_sgl_desc *d)
{
    unsigned type = d->type >> 4, subtype = d->type & 0xF;
    if (subtype != NVME_SGL_SUBTYPE_ADDRESS)
        return ST(NVME_SC_SGL_INVALID_TYPE);
    uint64_t len = d->length < w->need ? d->length : w->need;
    if (!len)
        return 0;                       /* beyond the transfer, or empty: nothing */
    if (type == NVME_SGL_DATA_BLOCK)
        return seg_add(w, d->address, len);
    if (w->dir != DMA_FROM_DEVICE)      /* a bit bucket only discards read data */
        return ST(NVME_SC_SGL_INVALID_TYPE);
    while (len) {
        uint64_t n = len < NVME_BIT_BUCKET_BYTES ? len : NVME_BIT_BUCKET_BYTES;
        if (w->cmd->niov == w->c->max_iov)
            return ST(NVME_SC_SGL_INVALID_COUNT);
        w->cmd->iov[w->cmd->niov++] = (struct iovec){.iov_base = w->c->bit_bucket, .iov_len = n};
        w->need -= n;
        len -= n;
    }
    return 0;
}

static bool sgl_is_segment(unsigned type)
{
    return type == NVME_SGL_SEGMENT || type == NVME_SGL_LAST_SEGMENT;
}

/* One descriptor of segment KIND at position LAST-or-not: data, or the chain. */
static uint16_t sgl_entry(struct dptr_walk *w, unsigned kind, bool last,
                          const struct nvme_sgl_desc *e, struct nvme_sgl_desc *next, bool *chained)
{
    unsigned t = e->type >> 4;
    if (sgl_is_segment(t)) {
        if (!last || kind == NVME_SGL_LAST_SEGMENT)     /* only a Segment's last may chain */
            return ST(NVME_SC_SGL_INVALID_SEGMENT);
        *next = *e;
        *chained = true;
        return 0;
    }
    if (t != NVME_SGL_DATA_BLOCK && t != NVME_SGL_BIT_BUCKET)
        return ST(NVME_SC_SGL_INVALID_TYPE);
    return sgl_data(w, e);
}

/* The descriptors of the segment D names, read 16 at a time. */
static uint16_t sgl_segment(struct dptr_walk *w, const struct nvme_sgl_desc *d,
                            struct nvme_sgl_desc *next, bool *chained)
{
    struct nvme_sgl_desc list[16];
    unsigned kind = d->type >> 4;
    uint32_t count = d->length / sizeof *d;
    for (uint32_t i = 0; i < count; i += 16) {
        uint32_t n = count - i < 16 ? count - i : 16;
        w->descriptors += n;
        if (w->descriptors > NVME_SGL_MAX_DESCRIPTORS)
            return ST(NVME_SC_SGL_INVALID_COUNT);
        if (dma_read(w->c->dma, d->address + i * sizeof *d, list, n * sizeof *d, "NVMe SGL") < 0)
            return ST(NVME_SC_DATA_TRANSFER_ERROR);
        for (uint32_t k = 0; k < n; k++) {
            uint16_t st = sgl_entry(w, kind, i + k + 1 == count, &list[k], next, chained);
            if (st)
                return st;
        }
    }
    return 0;
}

/* Walks the segment D names, and those it chains to. */
static uint16_t sgl_segments(struct dptr_walk *w, struct nvme_sgl_desc d)
{
    for (;;) {
        if ((d.type & 0xF) != NVME_SGL_SUBTYPE_ADDRESS)
            return ST(NVME_SC_SGL_INVALID_TYPE);
        if (!d.length || d.length % sizeof d || (d.address & 3))
            return ST(NVME_SC_SGL_INVALID_SEGMENT);
        struct nvme_sgl_desc next = {0};
        bool chained = false;
        uint16_t st = sgl_segment(w, &d, &next, &chained);
        if (st || !chained)
            return st;
        if (!w->need)
            return 0;                   /* described enough: the rest is not read */
        d = next;
    }
}

static uint16_t sgl_map(struct dptr_walk *w)
{
    struct nvme_sgl_desc d;
    memcpy(&d, &w->cmd->sqe.prp1, sizeof d);
    unsigned type = d.type >> 4;
    w->descriptors = 1;
    if (type == NVME_SGL_DATA_BLOCK || type == NVME_SGL_BIT_BUCKET)
        return sgl_data(w, &d);
    if (sgl_is_segment(type))
        return sgl_segments(w, d);
    return ST(NVME_SC_SGL_INVALID_TYPE);
}

/* ---- entry points ---- */

uint16_t nvme_dptr_map(struct nvme_ctrl *c, struct nvme_cmd *cmd, uint64_t len, enum dma_dir dir)
{
    struct dptr_walk w = {.c = c, .cmd = cmd, .dir = dir, .need = len};
    cmd->niov = 0;
    if (!len)
        return 0;
    if (!nvme_dma_allowed(c))
        return ST(NVME_SC_DATA_TRANSFER_ERROR);
    unsigned psdt = NVME_SQE_PSDT(cmd->sqe.flags);
    uint16_t st;
    if (psdt == NVME_PSDT_PRP)
        st = prp_map(&w);
    else if (psdt == NVME_PSDT_SGL_MPTR_CONTIG && !c->cfg.no_sgl && cmd->sq->qid)
        st = sgl_map(&w);
    else
        st = ST(NVME_SC_INVALID_FIELD);
    if (!st && w.need)
        st = ST(NVME_SC_SGL_INVALID_DATA_LEN);
    return st;
}

uint16_t nvme_dptr_to_host(struct nvme_ctrl *c, struct nvme_cmd *cmd, const void *buf,
                           uint32_t len, uint32_t xfer)
{
    uint16_t st = nvme_dptr_map(c, cmd, xfer, DMA_FROM_DEVICE);
    if (st)
        return st;
    const char *src = buf;
    uint32_t done = 0;
    for (uint32_t i = 0; i < cmd->niov; i++) {
        size_t n = cmd->iov[i].iov_len, have = done < len ? len - done : 0;
        size_t copy = n < have ? n : have;
        memcpy(cmd->iov[i].iov_base, src + done, copy);
        memset((char *)cmd->iov[i].iov_base + copy, 0, n - copy);
        done += (uint32_t)n;
    }
    return 0;
}

uint16_t nvme_dptr_from_host(struct nvme_ctrl *c, struct nvme_cmd *cmd, void *buf, uint32_t len)
{
    uint16_t st = nvme_dptr_map(c, cmd, len, DMA_TO_DEVICE);
    if (st)
        return st;
    char *dst = buf;
    for (uint32_t i = 0; i < cmd->niov; i++) {
        memcpy(dst, cmd->iov[i].iov_base, cmd->iov[i].iov_len);
        dst += cmd->iov[i].iov_len;
    }
    return 0;
}
