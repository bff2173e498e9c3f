/* A minimal NVMe host for the model's register-level tests (nvme_harness.h). */
#include "nvme_harness.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ustorport/ustor_backend.h"

_Atomic int failures;

#define WAIT_LIMIT_NS (20ull * 1000000000ull)   /* a hang, not a timing assertion */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sink(void *ctx, uint32_t message, enum pci_delivery how)
{
    struct harness *h = ctx;
    (void)how;
    atomic_fetch_add(&h->irqs[message % 64], 1);
    if (h->irq_hook)
        h->irq_hook(h, message);
}

int h_init(struct harness *h, const struct nvme_config *cfg)
{
    memset(h, 0, sizeof *h);
    struct nvme_config def = {0};
    int rc = dma_space_create(NULL, &h->dma);
    if (rc == 0)
        rc = pci_bus_create(h->dma, 0, &h->bus);
    if (rc == 0)
        rc = nvme_ctrl_create(h->bus, cfg ? cfg : &def, &h->c);
    if (rc < 0)
        return rc;
    h->fn = nvme_ctrl_pci(h->c);
    h->bar = pci_function_bar(h->fn, 0);
    pci_function_set_sink(h->fn, sink, h);
    h->stride = 4u << ((h_rd64(h, NVME_REG_CAP) >> 32) & 0xF);
    return 0;
}

static void queues_free(struct harness *h)
{
    for (unsigned i = 0; i < H_MAX_QUEUES; i++) {
        h_free(h, h->sq[i].mem);
        h_free(h, h->cq[i].mem);
        memset(&h->sq[i], 0, sizeof h->sq[i]);
        memset(&h->cq[i], 0, sizeof h->cq[i]);
    }
}

void h_fini(struct harness *h)
{
    nvme_ctrl_destroy(h->c);
    queues_free(h);
    for (unsigned i = 0; i < 8; i++)
        if (h->backends[i])
            ustor_backend_close(h->backends[i]);
    pci_bus_destroy(h->bus);
    dma_space_destroy(h->dma);
}

int h_add_ns(struct harness *h, uint32_t nsid, const char *spec, uint32_t lba_size)
{
    int rc = ustor_backend_open(spec, 0, &h->backends[nsid % 8]);
    if (rc == 0)
        rc = nvme_ns_attach(h->c, nsid, h->backends[nsid % 8], lba_size, false);
    return rc;
}

/* ---- registers ---- */

uint32_t h_rd32(struct harness *h, uint32_t off)
{
    return (uint32_t)mmio_read(h->bar, off, 4);
}

uint64_t h_rd64(struct harness *h, uint32_t off)
{
    return mmio_read(h->bar, off, 8);
}

void h_wr32(struct harness *h, uint32_t off, uint32_t v)
{
    mmio_write(h->bar, off, v, 4);
}

void h_wr64(struct harness *h, uint32_t off, uint64_t v)
{
    mmio_write(h->bar, off, v, 8);
}

uint32_t h_direct32(struct harness *h, uint32_t off)
{
    const volatile uint32_t *p = (const volatile uint32_t *)(ustor_window_base(h->bar) + off);
    return *p;
}

void *h_alloc(struct harness *h, size_t bytes)
{
    void *p = NULL;
    if (dma_alloc(h->dma, bytes, NULL, 0, NULL, &p) < 0)
        return NULL;
    memset(p, 0, bytes);
    return p;
}

void h_free(struct harness *h, void *p)
{
    if (p)
        dma_free(h->dma, p);
}

/* ---- enable / disable ---- */

bool h_wait_csts(struct harness *h, uint32_t mask, uint32_t value)
{
    uint64_t until = now_ns() + WAIT_LIMIT_NS;
    while ((h_rd32(h, NVME_REG_CSTS) & mask) != value) {
        if (now_ns() > until)
            return false;
        usleep(100);
    }
    return true;
}

static void queue_make(struct harness *h, struct h_queue *q, uint16_t qid, uint32_t entries,
                       size_t entry_bytes)
{
    h_free(h, q->mem);
    *q = (struct h_queue){.mem = h_alloc(h, entries * entry_bytes), .size = entries,
                          .phase = 1, .qid = qid, .live = true};
}

bool h_enable(struct harness *h, uint32_t entries)
{
    queue_make(h, &h->sq[0], 0, entries, 64);
    queue_make(h, &h->cq[0], 0, entries, 16);
    h_wr32(h, NVME_REG_AQA, (entries - 1) | (entries - 1) << 16);
    h_wr64(h, NVME_REG_ASQ, (uintptr_t)h->sq[0].mem);
    h_wr64(h, NVME_REG_ACQ, (uintptr_t)h->cq[0].mem);
    h_wr32(h, NVME_REG_CC, H_CC_ENABLE);
    return h_wait_csts(h, NVME_CSTS_RDY, NVME_CSTS_RDY);
}

bool h_disable(struct harness *h)
{
    h_wr32(h, NVME_REG_CC, H_CC_ENABLE & ~NVME_CC_EN);
    bool ok = h_wait_csts(h, NVME_CSTS_RDY, 0);
    queues_free(h);
    return ok;
}

/* ---- commands ---- */

uint16_t h_enqueue(struct harness *h, uint16_t qid, struct nvme_sqe *sqe)
{
    struct h_queue *q = &h->sq[qid];
    sqe->cid = (uint16_t)(atomic_fetch_add(&h->cid, 1) + 1);
    memcpy((char *)q->mem + (size_t)q->tail * 64, sqe, 64);
    q->tail = (q->tail + 1) % q->size;
    return sqe->cid;
}

void h_ring_sq(struct harness *h, uint16_t qid)
{
    h_wr32(h, NVME_REG_DOORBELLS + 2u * qid * h->stride, h->sq[qid].tail);
}

uint16_t h_submit(struct harness *h, uint16_t qid, struct nvme_sqe *sqe)
{
    uint16_t cid = h_enqueue(h, qid, sqe);
    h_ring_sq(h, qid);
    return cid;
}

bool h_poll(struct harness *h, uint16_t cqid, struct nvme_cqe *out)
{
    struct h_queue *q = &h->cq[cqid];
    uint32_t *e = (uint32_t *)((struct nvme_cqe *)q->mem + q->head);
    /* dword 3 (CID, status, phase) with acquire: the model stores it last, with release */
    uint32_t dw3 = __atomic_load_n(&e[3], __ATOMIC_ACQUIRE);
    if (((dw3 >> 16) & 1) != q->phase)
        return false;
    memcpy(out, e, sizeof *out);
    q->head = (q->head + 1) % q->size;
    if (q->head == 0)
        q->phase ^= 1;
    h_wr32(h, NVME_REG_DOORBELLS + (2u * cqid + 1) * h->stride, q->head);
    return true;
}

bool h_wait(struct harness *h, uint16_t cqid, struct nvme_cqe *out)
{
    uint64_t until = now_ns() + WAIT_LIMIT_NS;
    while (!h_poll(h, cqid, out)) {
        if (now_ns() > until)
            return false;
        sched_yield();
    }
    return true;
}

uint16_t h_cmd(struct harness *h, uint16_t qid, struct nvme_sqe *sqe, struct nvme_cqe *out)
{
    struct nvme_cqe local;
    struct nvme_cqe *e = out ? out : &local;
    uint16_t cid = h_submit(h, qid, sqe);
    if (!h_wait(h, qid, e))
        return 0xFFFF;
    CHECK_EQ(e->cid, cid);
    CHECK_EQ(e->sqid, qid);
    return e->status >> 1;
}

uint16_t h_admin(struct harness *h, struct nvme_sqe *sqe, struct nvme_cqe *out)
{
    return h_cmd(h, 0, sqe, out);
}

uint16_t h_create_pair(struct harness *h, uint16_t qid, uint32_t entries, uint16_t iv)
{
    queue_make(h, &h->cq[qid], qid, entries, 16);
    queue_make(h, &h->sq[qid], qid, entries, 64);
    struct nvme_sqe cq = {.opcode = NVME_ADM_CREATE_CQ, .prp1 = (uintptr_t)h->cq[qid].mem,
                          .cdw10 = qid | (entries - 1) << 16, .cdw11 = 0x3u | (uint32_t)iv << 16};
    uint16_t st = h_admin(h, &cq, NULL);
    if (st)
        return st;
    struct nvme_sqe sq = {.opcode = NVME_ADM_CREATE_SQ, .prp1 = (uintptr_t)h->sq[qid].mem,
                          .cdw10 = qid | (entries - 1) << 16, .cdw11 = 0x1u | (uint32_t)qid << 16};
    return h_admin(h, &sq, NULL);
}

uint16_t h_identify(struct harness *h, uint32_t cns, uint32_t nsid, void *buf)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_IDENTIFY, .nsid = nsid, .prp1 = (uintptr_t)buf,
                         .cdw10 = cns};
    return h_admin(h, &e, NULL);
}

uint16_t h_rw(struct harness *h, uint16_t qid, uint8_t opcode, uint32_t nsid, uint64_t slba,
              uint32_t nlb, uint64_t prp1, uint64_t prp2)
{
    struct nvme_sqe e = {.opcode = opcode, .nsid = nsid, .prp1 = prp1, .prp2 = prp2,
                         .cdw10 = (uint32_t)slba, .cdw11 = (uint32_t)(slba >> 32),
                         .cdw12 = nlb - 1};
    return h_cmd(h, qid, &e, NULL);
}

/* ---- data ---- */

static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    x ^= x >> 15;
    x *= 0x846CA68Bu;
    return x ^ (x >> 16);
}

void h_pattern(void *buf, size_t n, uint32_t seed)
{
    uint8_t *b = buf;
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(mix(seed * 2654435761u + (uint32_t)(i / 4)) >> (8 * (i % 4)));
}

bool h_pattern_ok(const void *buf, size_t n, uint32_t seed)
{
    const uint8_t *b = buf;
    for (size_t i = 0; i < n; i++)
        if (b[i] != (uint8_t)(mix(seed * 2654435761u + (uint32_t)(i / 4)) >> (8 * (i % 4))))
            return false;
    return true;
}

uint64_t h_irqs(struct harness *h, uint32_t vector)
{
    return atomic_load(&h->irqs[vector % 64]);
}
