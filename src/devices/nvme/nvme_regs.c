/*
 * NVMe controller registers (NVMe 1.4 §3.1) as BAR0 of the PCI function.
 *
 * The window's bytes are what a read returns: the model publishes every register
 * value there (CAP, VS, INTMS/INTMC, CC, CSTS, AQA, ASQ, ACQ) so a miniport that
 * dereferences a mapped register sees the same as StorPortReadRegister*. Writes come
 * through the hook: read-only registers and reserved bits are ignored, doorbells go
 * to the queues. Registers take 32-bit accesses, ASQ/ACQ also 64-bit ones; other
 * widths are guest errors and change nothing. Doorbells read as zero.
 */
#include "common/log.h"
#include "devices/nvme/nvme_internal.h"

#define NVME_ASQ_MASK 0xFFFFFFFFFFFFF000ull
#define NVME_AQA_MASK 0x0FFF0FFFu

void nvme_reg_publish(struct nvme_ctrl *c, uint32_t off, uint64_t value, unsigned size)
{
    ustor_window_set(c->bar, off, value, size);
}

/* A half or all of ASQ or ACQ. */
static void admin_base_write(struct nvme_ctrl *c, uint32_t off, uint64_t value, unsigned size)
{
    uint32_t reg = off & ~7u;
    pthread_mutex_lock(&c->lock);
    uint64_t *base = reg == NVME_REG_ASQ ? &c->asq : &c->acq;
    if (size == 8)
        *base = value;
    else if (off & 4)
        *base = (*base & 0xFFFFFFFFull) | (value << 32);
    else
        *base = (*base & ~0xFFFFFFFFull) | (value & 0xFFFFFFFFull);
    *base &= NVME_ASQ_MASK;
    nvme_reg_publish(c, reg, *base, 8);
    pthread_mutex_unlock(&c->lock);
}

static void aqa_write(struct nvme_ctrl *c, uint32_t value)
{
    pthread_mutex_lock(&c->lock);
    c->aqa = value & NVME_AQA_MASK;
    nvme_reg_publish(c, NVME_REG_AQA, c->aqa, 4);
    pthread_mutex_unlock(&c->lock);
}

static void register_write(struct nvme_ctrl *c, uint32_t off, uint32_t value)
{
    switch (off) {
    case NVME_REG_INTMS:
    case NVME_REG_INTMC:
        nvme_irq_mask_write(c, value, off == NVME_REG_INTMS);
        return;
    case NVME_REG_CC:
        nvme_cc_write(c, value);
        return;
    case NVME_REG_AQA:
        aqa_write(c, value);
        return;
    case NVME_REG_ASQ:
    case NVME_REG_ASQ + 4:
    case NVME_REG_ACQ:
    case NVME_REG_ACQ + 4:
        admin_base_write(c, off, value, 4);
        return;
    case NVME_REG_CSTS:                 /* NSSRO: no subsystem reset, nothing to clear */
        return;
    default:
        ulog_guest(ULOG_DEBUG, "%s: write of %#x to read-only or reserved register %#x ignored",
                   c->name, value, off);
    }
}

static void doorbell_write(struct nvme_ctrl *c, uint32_t off, uint64_t value, unsigned size)
{
    uint32_t rel = off - NVME_REG_DOORBELLS;
    if (size != 4 || rel % c->stride) {
        nvme_guest(c, "doorbell area written at %#x with %u bytes (stride %u): ignored", off,
                   size, c->stride);
        return;
    }
    uint32_t index = rel / c->stride, qid = index / 2;
    if (qid >= c->nqueues) {
        nvme_guest(c, "doorbell of queue %u written: the controller has %u queues", qid,
                   c->nqueues);
        nvme_event(c, NVME_AER_TYPE_ERROR, NVME_AER_ERROR_INVALID_DB);
        return;
    }
    if (index & 1)
        nvme_cq_doorbell(c, qid, (uint32_t)value);
    else
        nvme_sq_doorbell(c, qid, (uint32_t)value);
}

static void bar_write(void *ctx, struct ustor_window *w, uint32_t off, uint64_t value, unsigned size)
{
    struct nvme_ctrl *c = ctx;
    (void)w;
    if (off >= NVME_REG_DOORBELLS) {
        doorbell_write(c, off, value, size);
        return;
    }
    if (size == 8 && (off == NVME_REG_ASQ || off == NVME_REG_ACQ)) {
        admin_base_write(c, off, value, 8);
        return;
    }
    if (size == 8 && !(off & 7)) {
        register_write(c, off, (uint32_t)value);
        register_write(c, off + 4, (uint32_t)(value >> 32));
        return;
    }
    if (size != 4 || (off & 3)) {
        nvme_guest(c, "register %#x written with %u bytes: registers take aligned 32-bit "
                   "writes; ignored", off, size);
        return;
    }
    register_write(c, off, (uint32_t)value);
}

const struct ustor_window_ops nvme_bar_ops = {
    .read = NULL,                       /* the bytes hold the current values */
    .write = bar_write,
};
