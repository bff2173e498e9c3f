/* NVMe model queues: creating I/O queues and every refusal (a queue beyond the limit,
 * queue 0, one that exists, bad sizes, non-contiguous, misaligned, unreachable memory,
 * a missing CQ, a vector beyond the table), deleting (a CQ still in use, twice), bad
 * doorbells (an SQ tail past the queue, a CQ head past the tail, a queue that does not
 * exist: nothing changes, the error event says so), a full CQ holding the fetch back
 * until the host consumes, and the phase tag across wraps. */
#include <string.h>

#include "common/log.h"
#include "nvme_harness.h"

#define GEN(sc) SC(NVME_SCT_GENERIC, sc)
#define CMD(sc) SC(NVME_SCT_COMMAND, sc)

static void setup(struct harness *h, const struct nvme_config *cfg)
{
    CHECK(h_init(h, cfg) == 0);
    CHECK(h_add_ns(h, 1, "ram:4M", 512) == 0);
    CHECK(h_enable(h, 32));
}

static uint16_t create_cq(struct harness *h, uint32_t qid, uint32_t entries, uint64_t base,
                          uint32_t flags, uint32_t iv)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_CREATE_CQ, .prp1 = base,
                         .cdw10 = qid | (entries - 1) << 16, .cdw11 = flags | iv << 16};
    return STATUS_CODE(h_admin(h, &e, NULL));
}

static uint16_t create_sq(struct harness *h, uint32_t qid, uint32_t entries, uint64_t base,
                          uint32_t flags, uint32_t cqid)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_CREATE_SQ, .prp1 = base,
                         .cdw10 = qid | (entries - 1) << 16, .cdw11 = flags | cqid << 16};
    return STATUS_CODE(h_admin(h, &e, NULL));
}

static uint16_t delete_queue(struct harness *h, uint8_t opcode, uint32_t qid)
{
    struct nvme_sqe e = {.opcode = opcode, .cdw10 = qid};
    return STATUS_CODE(h_admin(h, &e, NULL));
}

static void test_create_refusals(void)
{
    struct harness h;
    struct nvme_config cfg = {.io_queues = 4, .queue_entries = 64};
    setup(&h, &cfg);
    uint64_t mem = (uintptr_t)h_alloc(&h, 16 * H_PAGE);
    CHECK_EQ(create_cq(&h, 5, 8, mem, 3, 1), CMD(NVME_SC_QID_INVALID));     /* beyond the limit */
    CHECK_EQ(create_cq(&h, 0, 8, mem, 3, 1), CMD(NVME_SC_QID_INVALID));
    CHECK_EQ(create_cq(&h, 1, 1, mem, 3, 1), CMD(NVME_SC_QUEUE_SIZE));      /* one entry */
    CHECK_EQ(create_cq(&h, 1, 65, mem, 3, 1), CMD(NVME_SC_QUEUE_SIZE));     /* above MQES */
    CHECK_EQ(create_cq(&h, 1, 8, mem, 2, 1), GEN(NVME_SC_INVALID_FIELD));   /* PC = 0 */
    CHECK_EQ(create_cq(&h, 1, 8, mem + 64, 3, 1), GEN(NVME_SC_PRP_INVALID_OFFSET));
    CHECK_EQ(create_cq(&h, 1, 8, 0x7000000000ull, 3, 1), GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(create_cq(&h, 1, 8, mem, 3, 5), CMD(NVME_SC_INVALID_VECTOR));  /* table of 5 */
    CHECK_EQ(create_cq(&h, 1, 8, mem, 3, 4), 0);
    CHECK_EQ(create_cq(&h, 1, 8, mem, 3, 1), CMD(NVME_SC_QID_INVALID));     /* exists */
    uint64_t sqmem = mem + 4 * H_PAGE;
    CHECK_EQ(create_sq(&h, 1, 8, sqmem, 1, 2), CMD(NVME_SC_CQ_INVALID));    /* no CQ 2 */
    CHECK_EQ(create_sq(&h, 1, 8, sqmem, 1, 0), CMD(NVME_SC_CQ_INVALID));    /* the admin CQ */
    CHECK_EQ(create_sq(&h, 5, 8, sqmem, 1, 1), CMD(NVME_SC_QID_INVALID));
    CHECK_EQ(create_sq(&h, 1, 0, sqmem, 1, 1), CMD(NVME_SC_QUEUE_SIZE));    /* QSIZE 65535 */
    CHECK_EQ(create_sq(&h, 1, 8, sqmem, 0, 1), GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(create_sq(&h, 1, 8, sqmem + 8, 1, 1), GEN(NVME_SC_PRP_INVALID_OFFSET));
    CHECK_EQ(create_sq(&h, 1, 8, sqmem, 1, 1), 0);
    CHECK_EQ(create_sq(&h, 2, 8, sqmem + H_PAGE, 1, 1), 0);                 /* two SQs, one CQ */
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_CQ, 1), CMD(NVME_SC_INVALID_QUEUE_DELETION));
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_SQ, 1), 0);
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_SQ, 1), CMD(NVME_SC_QID_INVALID));
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_CQ, 1), CMD(NVME_SC_INVALID_QUEUE_DELETION));
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_SQ, 2), 0);
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_CQ, 1), 0);
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_CQ, 1), CMD(NVME_SC_QID_INVALID));
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_SQ, 0), CMD(NVME_SC_QID_INVALID));
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_CQ, 0), CMD(NVME_SC_QID_INVALID));
    /* IOSQES not set in CC: Create I/O SQ is refused */
    h_free(&h, (void *)(uintptr_t)mem);
    h_fini(&h);
}

static void test_bad_doorbells(void)
{
    struct harness h;
    setup(&h, NULL);
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    void *data = h_alloc(&h, H_PAGE);
    struct nvme_sqe aer = {.opcode = NVME_ADM_ASYNC_EVENT};
    uint16_t aer_cid = h_submit(&h, 0, &aer);
    struct nvme_cqe c;

    /* SQ tail beyond the queue: the command placed there is not run */
    struct nvme_sqe rd = {.opcode = NVME_CMD_READ, .nsid = 1, .prp1 = (uintptr_t)data};
    h_enqueue(&h, 1, &rd);
    h_wr32(&h, NVME_REG_DOORBELLS + 2 * 1 * h.stride, 8);
    CHECK(h_wait(&h, 0, &c));
    CHECK_EQ(c.cid, aer_cid);
    CHECK_EQ(c.dw0, NVME_AER_TYPE_ERROR | NVME_AER_ERROR_INVALID_DB_VALUE << 8 | 1u << 16);
    CHECK(!h_poll(&h, 1, &c));
    h_ring_sq(&h, 1);                                       /* the right tail runs it */
    CHECK(h_wait(&h, 1, &c));
    CHECK_EQ(c.status >> 1, 0);
    CHECK_EQ(c.sqhd, 1);

    /* CQ head past the tail: ignored, the error is logged */
    struct nvme_stats before, after;
    nvme_get_stats(h.c, &before);
    h_wr32(&h, NVME_REG_DOORBELLS + 3 * h.stride, 5);      /* CQ 1: tail is 1 */
    h_wr32(&h, NVME_REG_DOORBELLS + 3 * h.stride, 9);      /* beyond its 8 entries */
    h_wr32(&h, NVME_REG_DOORBELLS + 2 * 9 * h.stride, 1);  /* SQ 9 does not exist */
    h_wr32(&h, NVME_REG_DOORBELLS + (2 * 9 + 1) * h.stride, 1);
    h_wr32(&h, NVME_REG_DOORBELLS + 2 * 100 * h.stride, 1);/* beyond every queue */
    nvme_get_stats(h.c, &after);
    CHECK_EQ(after.guest_errors - before.guest_errors, 5);
    CHECK(!h_poll(&h, 0, &c));                              /* error events masked: no AER left */
    /* the queue still works and the CQ head the model keeps was not moved */
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)data, 0), 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)data, 0), 0);
    h_free(&h, data);
    h_fini(&h);
}

/* A CQ of 4 entries holds 3 completions: the rest wait in the SQ until the host
 * consumes, and none is ever written over an unconsumed one. */
static void test_cq_full(void)
{
    struct harness h;
    setup(&h, NULL);
    CHECK_EQ(h_create_pair(&h, 1, 16, 1), 0);
    /* replace CQ 1 by a 4-entry one */
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_SQ, 1), 0);
    CHECK_EQ(delete_queue(&h, NVME_ADM_DELETE_CQ, 1), 0);
    h.cq[1].size = 4;
    h.sq[1].tail = h.sq[1].head = 0;
    memset(h.cq[1].mem, 0, 16 * 16);
    CHECK_EQ(create_cq(&h, 1, 4, (uintptr_t)h.cq[1].mem, 3, 1), 0);
    CHECK_EQ(create_sq(&h, 1, 16, (uintptr_t)h.sq[1].mem, 1, 1), 0);
    void *data = h_alloc(&h, H_PAGE);
    uint16_t cids[10];
    for (int i = 0; i < 10; i++) {
        struct nvme_sqe w = {.opcode = NVME_CMD_WRITE, .nsid = 1, .prp1 = (uintptr_t)data,
                             .cdw10 = (uint32_t)i};
        cids[i] = h_enqueue(&h, 1, &w);
    }
    h_ring_sq(&h, 1);
    struct nvme_cqe *cq = h.cq[1].mem;
    CHECK_EQ(cq[0].status & 1, 1);
    CHECK_EQ(cq[2].status & 1, 1);
    CHECK_EQ(cq[3].status & 1, 0);                          /* the fourth slot stays free */
    CHECK_EQ(cq[2].sqhd, 3);                                /* and only 3 were fetched */
    for (int i = 0; i < 10; i++) {                          /* consuming lets the rest in */
        struct nvme_cqe c;
        CHECK(h_wait(&h, 1, &c));
        CHECK_EQ(c.cid, cids[i]);
        CHECK_EQ(c.status >> 1, 0);
    }
    struct nvme_cqe extra;
    CHECK(!h_poll(&h, 1, &extra));
    h_free(&h, data);
    h_fini(&h);
}

static void test_phase_wrap(void)
{
    struct harness h;
    setup(&h, NULL);
    CHECK_EQ(h_create_pair(&h, 1, 4, 1), 0);
    void *data = h_alloc(&h, H_PAGE);
    for (int i = 0; i < 13; i++) {
        struct nvme_cqe c;
        struct nvme_sqe rd = {.opcode = NVME_CMD_READ, .nsid = 1, .prp1 = (uintptr_t)data,
                              .cdw10 = (uint32_t)i};
        CHECK_EQ(h_cmd(&h, 1, &rd, &c), 0);
        CHECK_EQ(c.sqhd, (uint32_t)(i + 1) % 4);
        CHECK_EQ(c.status & 1, (i / 4) % 2 ? 0 : 1);        /* phase flips each pass */
    }
    h_free(&h, data);
    h_fini(&h);
}

static void test_iosqes_required(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    void *sq = h_alloc(&h, H_PAGE), *cq = h_alloc(&h, H_PAGE), *q = h_alloc(&h, 2 * H_PAGE);
    h.sq[0] = (struct h_queue){.mem = sq, .size = 8, .phase = 1, .live = true};
    h.cq[0] = (struct h_queue){.mem = cq, .size = 8, .phase = 1, .live = true};
    h_wr32(&h, NVME_REG_AQA, 7 | 7 << 16);
    h_wr64(&h, NVME_REG_ASQ, (uintptr_t)sq);
    h_wr64(&h, NVME_REG_ACQ, (uintptr_t)cq);
    h_wr32(&h, NVME_REG_CC, NVME_CC_EN);                    /* IOSQES/IOCQES left 0 */
    CHECK(h_wait_csts(&h, NVME_CSTS_RDY, NVME_CSTS_RDY));
    CHECK_EQ(create_cq(&h, 1, 8, (uintptr_t)q, 3, 1), GEN(NVME_SC_INVALID_FIELD));
    h.sq[0].mem = h.cq[0].mem = NULL;
    h_free(&h, sq);
    h_free(&h, cq);
    h_free(&h, q);
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    test_create_refusals();
    test_bad_doorbells();
    test_cq_full();
    test_phase_wrap();
    test_iosqes_required();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
