/* NVMe model registers: CAP and VS contents, enable / disable / reset through CC with
 * CSTS.RDY following, enables the controller must refuse (CSTS.CFS), normal shutdown
 * (CSTS.SHST), access widths and read-only registers, and the register file a
 * miniport reads directly matching what the register routines return. */
#include <string.h>

#include "common/log.h"
#include "nvme_harness.h"

static void test_cap_vs(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    uint64_t cap = h_rd64(&h, NVME_REG_CAP);
    CHECK_EQ(cap & 0xFFFF, 1023);                   /* MQES: 1024 entries */
    CHECK(cap & NVME_CAP_CQR);
    CHECK_EQ((cap >> 24) & 0xFF, 20);               /* TO */
    CHECK_EQ((cap >> 32) & 0xF, 0);                 /* DSTRD */
    CHECK(cap & NVME_CAP_CSS_NVM);
    CHECK_EQ((cap >> 48) & 0xF, 0);                 /* MPSMIN */
    CHECK_EQ((cap >> 52) & 0xF, 4);                 /* MPSMAX */
    CHECK_EQ(h_rd32(&h, NVME_REG_VS), 0x00010400);
    CHECK_EQ(h_direct32(&h, NVME_REG_VS), 0x00010400);
    CHECK_EQ(h_direct32(&h, NVME_REG_CAP), (uint32_t)cap);
    CHECK_EQ(h_direct32(&h, NVME_REG_CAP + 4), (uint32_t)(cap >> 32));
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS), 0);
    h_fini(&h);

    struct nvme_config cfg = {.queue_entries = 64, .dstrd = 2, .timeout = 40, .mpsmin = 1, .mpsmax = 2};
    CHECK(h_init(&h, &cfg) == 0);
    cap = h_rd64(&h, NVME_REG_CAP);
    CHECK_EQ(cap & 0xFFFF, 63);
    CHECK_EQ((cap >> 24) & 0xFF, 40);
    CHECK_EQ((cap >> 32) & 0xF, 2);
    CHECK_EQ((cap >> 48) & 0xF, 1);
    CHECK_EQ((cap >> 52) & 0xF, 2);
    CHECK_EQ(h.stride, 16);
    h_fini(&h);
}

static void test_enable_disable_reset(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    CHECK(h_enable(&h, 32));
    CHECK_EQ(h_rd32(&h, NVME_REG_AQA), 31u | 31u << 16);
    CHECK_EQ(h_rd64(&h, NVME_REG_ASQ), (uintptr_t)h.sq[0].mem);
    CHECK_EQ(h_rd64(&h, NVME_REG_ACQ), (uintptr_t)h.cq[0].mem);
    CHECK_EQ(h_rd32(&h, NVME_REG_CC), H_CC_ENABLE);
    CHECK_EQ(h_direct32(&h, NVME_REG_CSTS), NVME_CSTS_RDY);
    void *id = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_identify(&h, NVME_CNS_CTRL, 0, id), 0);

    /* reset: RDY drops, queues are gone, a second enable works from scratch */
    CHECK(h_disable(&h));
    struct nvme_stats st;
    nvme_get_stats(h.c, &st);
    CHECK_EQ(st.resets, 1);
    CHECK_EQ(h_rd32(&h, NVME_REG_AQA), 31u | 31u << 16);   /* admin registers survive */
    CHECK(h_enable(&h, 8));
    memset(id, 0, H_PAGE);
    CHECK_EQ(h_identify(&h, NVME_CNS_CTRL, 0, id), 0);
    CHECK_EQ(((struct nvme_id_ctrl *)id)->ver, 0x00010400);
    /* the queue created before the reset does not exist any more */
    struct nvme_sqe del = {.opcode = NVME_ADM_DELETE_SQ, .cdw10 = 1};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &del, NULL)), SC(NVME_SCT_COMMAND, NVME_SC_QID_INVALID));
    h_free(&h, id);
    h_fini(&h);
}

/* Each of these configurations must leave RDY clear and set CFS; EN = 0 clears it. */
static void refused_enable(uint32_t cc, uint32_t aqa, bool asq_outside, const char *what)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    void *sq = h_alloc(&h, H_PAGE), *cq = h_alloc(&h, H_PAGE);
    h_wr32(&h, NVME_REG_AQA, aqa);
    h_wr64(&h, NVME_REG_ASQ, asq_outside ? 0x7000000000ull : (uintptr_t)sq);
    h_wr64(&h, NVME_REG_ACQ, (uintptr_t)cq);
    h_wr32(&h, NVME_REG_CC, cc);
    uint32_t csts = h_rd32(&h, NVME_REG_CSTS);
    if (!(csts & NVME_CSTS_CFS) || (csts & NVME_CSTS_RDY))
        fprintf(stderr, "refused_enable(%s): CSTS %#x\n", what, csts);
    CHECK(csts & NVME_CSTS_CFS);
    CHECK(!(csts & NVME_CSTS_RDY));
    struct nvme_stats st;
    nvme_get_stats(h.c, &st);
    CHECK(st.guest_errors >= 1);
    h_wr32(&h, NVME_REG_CC, cc & ~NVME_CC_EN);
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS), 0);
    h_free(&h, sq);
    h_free(&h, cq);
    h_fini(&h);
}

static void test_refused_enables(void)
{
    uint32_t aqa = 7 | 7 << 16;
    refused_enable(H_CC_ENABLE | 5u << 7, aqa, false, "MPS above MPSMAX");
    refused_enable(H_CC_ENABLE | 1u << 4, aqa, false, "CSS not NVM");
    refused_enable(H_CC_ENABLE | 1u << 11, aqa, false, "weighted round robin");
    refused_enable(H_CC_ENABLE, 0, false, "one-entry admin queues");
    refused_enable(H_CC_ENABLE, aqa, true, "ASQ outside memory");
    refused_enable(H_CC_ENABLE | 1u << 7, aqa, false, "8 KiB page, ASQ 4 KiB aligned");
}

static void test_shutdown(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    CHECK(h_add_ns(&h, 1, "ram:1M", 512) == 0);
    CHECK(h_enable(&h, 8));
    h_wr32(&h, NVME_REG_CC, H_CC_ENABLE | 1u << 14);        /* normal shutdown */
    CHECK(h_wait_csts(&h, NVME_CSTS_SHST_MASK, NVME_CSTS_SHST_COMPLETE));
    CHECK(h_rd32(&h, NVME_REG_CSTS) & NVME_CSTS_RDY);
    CHECK(h_disable(&h));
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS) & NVME_CSTS_SHST_MASK, 0);
    /* a shutdown while disabled completes at once */
    h_wr32(&h, NVME_REG_CC, 2u << 14);
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS) & NVME_CSTS_SHST_MASK, NVME_CSTS_SHST_COMPLETE);
    h_fini(&h);
}

static void test_widths_and_read_only(void)
{
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    uint64_t cap = h_rd64(&h, NVME_REG_CAP);
    h_wr32(&h, NVME_REG_CAP, 0);
    h_wr32(&h, NVME_REG_VS, 0);
    CHECK_EQ(h_rd64(&h, NVME_REG_CAP), cap);
    CHECK_EQ(h_rd32(&h, NVME_REG_VS), 0x00010400);
    mmio_write(h.bar, NVME_REG_CC, 1, 1);                   /* byte write: refused */
    CHECK_EQ(h_rd32(&h, NVME_REG_CC), 0);
    CHECK_EQ(h_rd32(&h, NVME_REG_CSTS) & NVME_CSTS_RDY, 0);
    h_wr32(&h, NVME_REG_AQA, 0xFFFFFFFF);                   /* reserved bits stay zero */
    CHECK_EQ(h_rd32(&h, NVME_REG_AQA), 0x0FFF0FFF);
    h_wr32(&h, NVME_REG_ASQ, 0x12345FFF);                   /* halves, low 12 bits reserved */
    h_wr32(&h, NVME_REG_ASQ + 4, 0x1);
    CHECK_EQ(h_rd64(&h, NVME_REG_ASQ), 0x112345000ull);
    /* doorbells of a disabled controller change nothing and read as zero */
    h_wr32(&h, NVME_REG_DOORBELLS, 5);
    h_wr32(&h, NVME_REG_DOORBELLS + 4, 5);
    CHECK_EQ(h_rd32(&h, NVME_REG_DOORBELLS), 0);
    mmio_write(h.bar, NVME_REG_DOORBELLS + 2, 1, 2);        /* inside a doorbell: refused */
    /* INTMS with MSI-X enabled is undefined: ignored and reported */
    struct nvme_stats before, after;
    nvme_get_stats(h.c, &before);
    h_wr32(&h, NVME_REG_INTMS, 1);
    CHECK_EQ(h_rd32(&h, NVME_REG_INTMS), 0);
    nvme_get_stats(h.c, &after);
    CHECK(after.guest_errors > before.guest_errors);
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    test_cap_vs();
    test_enable_disable_reset();
    test_refused_enables();
    test_shutdown();
    test_widths_and_read_only();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
