/*
 * nvme_harness.h - a minimal NVMe host for register-level tests of the model: it owns
 * a DMA space, a PCI bus and one controller, reaches the registers through the BAR
 * window as the port's register routines do, builds queues in DMA memory, submits
 * commands and waits for their completions. Interrupts go to a sink that counts them
 * per message (and may run a test hook on the raising thread). No port, no miniport.
 */
#ifndef USTOR_TESTS_NVME_HARNESS_H
#define USTOR_TESTS_NVME_HARNESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "devices/nvme/nvme.h"
#include "devices/nvme/nvme_spec.h"
#include "platform/dma_space.h"
#include "platform/pci.h"

extern _Atomic int failures;   /* CHECK may run on several threads */

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define CHECK_EQ(a, b)                                                                           \
    do {                                                                                         \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);           \
        if (a_ != b_) {                                                                          \
            fprintf(stderr, "%s:%d: %s == %#llx, expected %s == %#llx\n", __FILE__, __LINE__,    \
                    #a, a_, #b, b_);                                                             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define H_PAGE 4096u
#define H_MAX_QUEUES 16u

/* A status as the CQE carries it (without the phase bit). */
#define SC(sct, sc) ((uint16_t)(((sct) << 8) | (sc)))
#define STATUS_DNR 0x4000u
#define STATUS_CODE(st) ((st) & 0x7FF)   /* SCT and SC, without DNR and More */

struct h_queue {
    void *mem;
    uint32_t size;
    uint32_t tail, head;                /* SQ: our tail; CQ: our head */
    uint8_t phase;
    uint16_t qid;
    bool live;
};

struct harness {
    struct dma_space *dma;
    struct pci_bus *bus;
    struct nvme_ctrl *c;
    struct pci_function *fn;
    struct ustor_window *bar;
    uint32_t stride;
    struct h_queue sq[H_MAX_QUEUES], cq[H_MAX_QUEUES];
    _Atomic uint16_t cid;                /* command ids, unique across queues */
    _Atomic uint64_t irqs[64];          /* messages delivered per vector */
    void (*irq_hook)(struct harness *h, uint32_t message);
    struct ustor_backend *backends[8];
};

/* Controller with CFG (may be NULL) and no namespace; interrupts counted. */
int h_init(struct harness *h, const struct nvme_config *cfg);
void h_fini(struct harness *h);
/* Opens SPEC ("ram:16M") as namespace NSID with LBA_SIZE. */
int h_add_ns(struct harness *h, uint32_t nsid, const char *spec, uint32_t lba_size);

uint32_t h_rd32(struct harness *h, uint32_t off);
uint64_t h_rd64(struct harness *h, uint32_t off);
void h_wr32(struct harness *h, uint32_t off, uint32_t v);
void h_wr64(struct harness *h, uint32_t off, uint64_t v);
/* The register file as a miniport reading it directly sees it. */
uint32_t h_direct32(struct harness *h, uint32_t off);

void *h_alloc(struct harness *h, size_t bytes);   /* zeroed DMA memory */
void h_free(struct harness *h, void *p);

/* CC value the tests use to enable: NVM, 4 KiB pages, RR, 64/16-byte entries. */
#define H_CC_ENABLE (NVME_CC_EN | (6u << 16) | (4u << 20))
/* AQA/ASQ/ACQ for an admin queue of ENTRIES, then CC.EN; true when RDY rises. */
bool h_enable(struct harness *h, uint32_t entries);
/* CC.EN = 0 and wait for RDY = 0; drops the harness's queues. */
bool h_disable(struct harness *h);
/* Waits until (CSTS & mask) == value, up to a generous bound; false if it never is. */
bool h_wait_csts(struct harness *h, uint32_t mask, uint32_t value);

/* Puts SQE on SQ qid (CID filled in, returned) and rings the doorbell. */
uint16_t h_submit(struct harness *h, uint16_t qid, struct nvme_sqe *sqe);
/* Puts SQE on the queue without ringing. */
uint16_t h_enqueue(struct harness *h, uint16_t qid, struct nvme_sqe *sqe);
void h_ring_sq(struct harness *h, uint16_t qid);
/* Takes the next completion of CQ qid if one is posted (true), and rings its head. */
bool h_poll(struct harness *h, uint16_t cqid, struct nvme_cqe *out);
/* Waits for the next completion on CQ cqid; false after a long time without one. */
bool h_wait(struct harness *h, uint16_t cqid, struct nvme_cqe *out);
/* Submit, wait, and return the status field (CQE status >> 1); 0xFFFF on no completion. */
uint16_t h_cmd(struct harness *h, uint16_t qid, struct nvme_sqe *sqe, struct nvme_cqe *out);
uint16_t h_admin(struct harness *h, struct nvme_sqe *sqe, struct nvme_cqe *out);

/* Create I/O CQ and SQ qid (same id) with ENTRIES and vector IV: the admin status. */
uint16_t h_create_pair(struct harness *h, uint16_t qid, uint32_t entries, uint16_t iv);
/* Identify CNS into a 4 KiB buffer BUF (DMA memory). */
uint16_t h_identify(struct harness *h, uint32_t cns, uint32_t nsid, void *buf);

/* I/O helpers on pair qid with a PRP1/PRP2 the caller gives. */
uint16_t h_rw(struct harness *h, uint16_t qid, uint8_t opcode, uint32_t nsid, uint64_t slba,
              uint32_t nlb, uint64_t prp1, uint64_t prp2);

/* Fill / check a buffer with a pattern derived from SEED. */
void h_pattern(void *buf, size_t n, uint32_t seed);
bool h_pattern_ok(const void *buf, size_t n, uint32_t seed);

uint64_t h_irqs(struct harness *h, uint32_t vector);

#endif
