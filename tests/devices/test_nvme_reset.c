/* NVMe model resets and fatal errors: CC.EN cleared mid-I/O from the ISR of the I/O
 * being served (the reset waits for that thread, stops the queue, drops the rest),
 * CC.EN cleared with io_uring requests in flight, asynchronous event requests dropped
 * by a reset, Delete I/O SQ issued while the SQ is being served (parked, then
 * completed), shutdown with requests in flight, hot removal of a namespace in use,
 * and CSTS.CFS when queue memory vanishes or bus mastering is turned off. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "nvme_harness.h"
#include "ustorport/ustor_backend.h"

/* N writes of BLOCKS each from BUF, which has a spare last page for a PRP list:
 * BUF holds at least blocks * 512 bytes plus one page. */
static void write_cmds(struct harness *h, uint16_t qid, void *buf, unsigned n, unsigned blocks)
{
    uint32_t pages = (blocks * 512 + H_PAGE - 1) / H_PAGE;
    uint64_t prp2 = 0;
    if (pages == 2) {
        prp2 = (uintptr_t)buf + H_PAGE;
    } else if (pages > 2) {
        uint64_t *list = (uint64_t *)((uint8_t *)buf + (size_t)pages * H_PAGE);
        for (uint32_t i = 1; i < pages; i++)
            list[i - 1] = (uintptr_t)buf + (uint64_t)i * H_PAGE;
        prp2 = (uintptr_t)list;
    }
    for (unsigned i = 0; i < n; i++) {
        struct nvme_sqe w = {.opcode = NVME_CMD_WRITE, .nsid = 1, .prp1 = (uintptr_t)buf,
                             .prp2 = prp2, .cdw10 = i * blocks, .cdw12 = blocks - 1};
        h_enqueue(h, qid, &w);
    }
}

static unsigned posted(struct harness *h, uint16_t cqid)
{
    const struct nvme_cqe *cq = h->cq[cqid].mem;
    unsigned n = 0;
    while (n < h->cq[cqid].size && (cq[n].status & 1))
        n++;
    return n;
}

/* ---- CC.EN = 0 from inside the ISR of an I/O completion ---- */

static void disable_hook(struct harness *h, uint32_t message)
{
    if (message == 1) {
        h->irq_hook = NULL;
        h_wr32(h, NVME_REG_CC, H_CC_ENABLE & ~NVME_CC_EN);
    }
}

static void test_reset_mid_io(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    CHECK(h_add_ns(&h, 1, "ram:1M", 512) == 0);
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    uint8_t *buf = h_alloc(&h, H_PAGE);
    memset(buf, 0x5A, H_PAGE);
    write_cmds(&h, 1, buf, 40, 1);
    h.irq_hook = disable_hook;
    h_ring_sq(&h, 1);
    /* the reset finished when the serving thread left: nothing is fetched after it */
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS), 0);
    unsigned done = posted(&h, 1);
    CHECK(done >= 1 && done < 40);
    struct nvme_stats st;
    nvme_get_stats(h.c, &st);
    CHECK_EQ(st.resets, 1);
    uint8_t block[512];
    struct ustor_backend_queue *q;
    CHECK(ustor_backend_queue_open(h.backends[1], 1, &q) == 0);
    for (unsigned i = 0; i < 40; i++) {
        CHECK(ustor_backend_io(q, USTOR_BIO_READ, 0, i * 512ull, 512, block) == 0);
        CHECK_EQ(block[0], i < done ? 0x5A : 0);            /* only what completed ran */
    }
    ustor_backend_queue_close(q);
    /* doorbells of the old queues are refused now; a new enable works */
    h_ring_sq(&h, 1);
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)buf, 0), 0);
    h_free(&h, buf);
    h_fini(&h);
}

/* ---- with io_uring requests in flight ---- */

static int file_ns(struct harness *h, char *path)
{
    strcpy(path, "/tmp/ustor-nvme-reset-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(path);
    char spec[128];
    snprintf(spec, sizeof spec, "%s,size=16M,aio=uring", path);
    return h_add_ns(h, 1, spec, 512);
}

static void test_reset_async_inflight(void)
{
    struct harness h;
    char path[64];
    CHECK(h_init(&h, NULL) == 0);
    if (file_ns(&h, path) != 0) {
        printf("skipping the io_uring reset case: the file backend did not open\n");
        h_fini(&h);
        return;
    }
    for (int round = 0; round < 3; round++) {
        CHECK(h_enable(&h, 16));
        CHECK_EQ(h_create_pair(&h, 1, 128, 1), 0);
        uint8_t *buf = h_alloc(&h, 17 * H_PAGE);
        write_cmds(&h, 1, buf, 100, 128);                   /* 64 KiB each */
        h_ring_sq(&h, 1);
        h_wr32(&h, NVME_REG_CC, H_CC_ENABLE & ~NVME_CC_EN);
        CHECK(h_wait_csts(&h, NVME_CSTS_RDY, 0));
        CHECK_EQ(h_rd32(&h, NVME_REG_CSTS) & NVME_CSTS_CFS, 0);
        CHECK(posted(&h, 1) <= 100);
        h_free(&h, buf);
    }
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 16, 1), 0);
    void *one = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 8, (uintptr_t)one, 0), 0);
    h_free(&h, one);
    h_fini(&h);
    unlink(path);
}

/* ---- outstanding AERs do not survive a reset ---- */

static void test_reset_drops_aers(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    for (int round = 0; round < 2; round++) {
        CHECK(h_enable(&h, 16));
        struct nvme_sqe aer = {.opcode = NVME_ADM_ASYNC_EVENT};
        for (int i = 0; i < 4; i++)
            h_submit(&h, 0, &aer);
        struct nvme_cqe c;
        CHECK(!h_poll(&h, 0, &c));
        uint16_t fifth = h_submit(&h, 0, &aer);
        CHECK(h_wait(&h, 0, &c));
        CHECK_EQ(c.cid, fifth);
        CHECK(h_disable(&h));
    }
    h_fini(&h);
}

/* ---- Delete I/O SQ while that SQ is being served ---- */

static void delete_hook(struct harness *h, uint32_t message)
{
    if (message != 1)
        return;
    h->irq_hook = NULL;
    struct nvme_sqe del = {.opcode = NVME_ADM_DELETE_SQ, .cdw10 = 1};
    h_submit(h, 0, &del);
}

static void test_delete_sq_while_served(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    CHECK(h_add_ns(&h, 1, "ram:1M", 512) == 0);
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    uint8_t *buf = h_alloc(&h, H_PAGE);
    write_cmds(&h, 1, buf, 40, 1);
    h.irq_hook = delete_hook;
    h_ring_sq(&h, 1);
    struct nvme_cqe c;
    CHECK(h_wait(&h, 0, &c));                               /* the Delete completed */
    CHECK_EQ(c.status >> 1, 0);
    unsigned done = posted(&h, 1);
    CHECK(done >= 1 && done < 40);
    struct nvme_sqe dcq = {.opcode = NVME_ADM_DELETE_CQ, .cdw10 = 1};
    CHECK_EQ(h_admin(&h, &dcq, NULL), 0);
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)buf, 0), 0);
    h_free(&h, buf);
    h_fini(&h);
}

/* ---- shutdown with requests in flight ---- */

static void test_shutdown_inflight(void)
{
    struct harness h;
    char path[64];
    CHECK(h_init(&h, NULL) == 0);
    if (file_ns(&h, path) != 0) {
        printf("skipping the shutdown case: the file backend did not open\n");
        h_fini(&h);
        return;
    }
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    uint8_t *buf = h_alloc(&h, 3 * H_PAGE);
    h_pattern(buf, 2 * H_PAGE, 9);
    write_cmds(&h, 1, buf, 32, 16);
    h_ring_sq(&h, 1);
    h_wr32(&h, NVME_REG_CC, H_CC_ENABLE | 1u << 14);
    CHECK(h_wait_csts(&h, NVME_CSTS_SHST_MASK, NVME_CSTS_SHST_COMPLETE));
    for (int i = 0; i < 32; i++) {                          /* all had completed first */
        struct nvme_cqe c;
        CHECK(h_poll(&h, 1, &c));
        CHECK_EQ(c.status >> 1, 0);
    }
    CHECK(h_disable(&h));
    h_free(&h, buf);
    h_fini(&h);
    unlink(path);
}

/* ---- hot removal of a namespace with I/O going to it ---- */

static void test_detach_in_use(void)
{
    struct harness h;
    char path[64];
    CHECK(h_init(&h, NULL) == 0);
    if (file_ns(&h, path) != 0) {
        printf("skipping the detach case: the file backend did not open\n");
        h_fini(&h);
        return;
    }
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    uint8_t *buf = h_alloc(&h, 3 * H_PAGE);
    write_cmds(&h, 1, buf, 32, 16);
    h_ring_sq(&h, 1);
    CHECK(nvme_ns_detach(h.c, 1, true) == 0);               /* waits for those in flight */
    ustor_backend_close(h.backends[1]);
    h.backends[1] = NULL;
    for (int i = 0; i < 32; i++) {
        struct nvme_cqe c;
        CHECK(h_wait(&h, 1, &c));
    }
    CHECK_EQ(STATUS_CODE(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)buf, 0)),
             SC(NVME_SCT_GENERIC, NVME_SC_INVALID_NS));
    CHECK(nvme_ns_detach(h.c, 1, true) == -ENOENT);
    h_free(&h, buf);
    h_fini(&h);
    unlink(path);
}

/* ---- fatal errors ---- */

static void fatal_case(int which)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    CHECK(h_add_ns(&h, 1, "ram:1M", 512) == 0);
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    void *buf = h_alloc(&h, H_PAGE);
    struct nvme_sqe rd = {.opcode = NVME_CMD_READ, .nsid = 1, .prp1 = (uintptr_t)buf};
    if (which == 0) {                                       /* the CQ's memory is gone */
        h_free(&h, h.cq[1].mem);
        h.cq[1].mem = NULL;
        h_submit(&h, 1, &rd);
    } else if (which == 1) {                                /* the SQ's memory is gone */
        h_enqueue(&h, 1, &rd);
        h_free(&h, h.sq[1].mem);
        h.sq[1].mem = NULL;
        h_ring_sq(&h, 1);
    } else {                                                /* bus mastering turned off */
        uint16_t cmd = 0;
        pci_config_read(h.fn, 4, &cmd, 2);
        cmd &= ~0x4;
        pci_config_write(h.fn, 4, &cmd, 2);
        h_submit(&h, 1, &rd);
    }
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS), NVME_CSTS_RDY | NVME_CSTS_CFS);
    /* nothing is served any more, the admin queue included */
    struct nvme_sqe id = {.opcode = NVME_ADM_IDENTIFY, .cdw10 = 1, .prp1 = (uintptr_t)buf};
    h_submit(&h, 0, &id);
    struct nvme_cqe c;
    CHECK(!h_poll(&h, 0, &c));
    /* a reset clears it */
    h_wr32(&h, NVME_REG_CC, H_CC_ENABLE & ~NVME_CC_EN);
    CHECK(h_wait_csts(&h, NVME_CSTS_RDY, 0));
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS), 0);
    if (which == 2) {
        uint16_t cmd = 0x7;
        pci_config_write(h.fn, 4, &cmd, 2);
    }
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_identify(&h, NVME_CNS_CTRL, 0, buf), 0);
    h_free(&h, buf);
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    test_reset_mid_io();
    test_reset_async_inflight();
    test_reset_drops_aers();
    test_delete_sq_while_served();
    test_shutdown_inflight();
    test_detach_in_use();
    fatal_case(0);
    fatal_case(1);
    fatal_case(2);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
