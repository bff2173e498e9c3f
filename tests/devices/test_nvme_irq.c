/* NVMe model interrupts: with MSI-X each CQ signals its own vector (the admin CQ
 * vector 0), a CQ created without IEN signals nothing, a vector masked in the MSI-X
 * table is held in the PBA and delivered on unmask; with MSI, INTMS/INTMC mask and
 * release a vector; with INTx the line follows unconsumed entries and INTMS bit 0. */
#include <string.h>

#include "common/log.h"
#include "nvme_harness.h"

static void setup(struct harness *h, enum pci_irq_mode mode)
{
    struct nvme_config cfg = {.irq_mode = mode, .io_queues = 8};
    CHECK(h_init(h, &cfg) == 0);
    CHECK(h_add_ns(h, 1, "ram:1M", 512) == 0);
    CHECK(h_enable(h, 16));
}

static uint16_t read_one(struct harness *h, uint16_t qid, void *buf)
{
    return h_rw(h, qid, NVME_CMD_READ, 1, 0, 1, (uintptr_t)buf, 0);
}

static void test_msix_vectors(void)
{
    struct harness h;
    setup(&h, PCI_IRQ_MSIX);
    void *buf = h_alloc(&h, H_PAGE);
    uint64_t admin = h_irqs(&h, 0);
    CHECK_EQ(admin, 0);                                     /* no command yet */
    CHECK_EQ(h_create_pair(&h, 1, 8, 3), 0);
    CHECK_EQ(h_create_pair(&h, 2, 8, 5), 0);
    CHECK_EQ(h_irqs(&h, 0), admin + 4);
    CHECK_EQ(read_one(&h, 1, buf), 0);
    CHECK_EQ(read_one(&h, 1, buf), 0);
    CHECK_EQ(read_one(&h, 2, buf), 0);
    CHECK_EQ(h_irqs(&h, 3), 2);
    CHECK_EQ(h_irqs(&h, 5), 1);
    CHECK_EQ(h_irqs(&h, 1) + h_irqs(&h, 2), 0);

    /* a CQ without interrupts */
    h_create_pair(&h, 3, 8, 6);
    struct nvme_sqe dsq = {.opcode = NVME_ADM_DELETE_SQ, .cdw10 = 3};
    struct nvme_sqe dcq = {.opcode = NVME_ADM_DELETE_CQ, .cdw10 = 3};
    CHECK_EQ(h_admin(&h, &dsq, NULL), 0);
    CHECK_EQ(h_admin(&h, &dcq, NULL), 0);
    struct nvme_sqe cq = {.opcode = NVME_ADM_CREATE_CQ, .prp1 = (uintptr_t)h.cq[3].mem,
                          .cdw10 = 3 | 7u << 16, .cdw11 = 1u | 6u << 16};     /* IEN clear */
    struct nvme_sqe sq = {.opcode = NVME_ADM_CREATE_SQ, .prp1 = (uintptr_t)h.sq[3].mem,
                          .cdw10 = 3 | 7u << 16, .cdw11 = 1u | 3u << 16};
    CHECK_EQ(h_admin(&h, &cq, NULL), 0);
    CHECK_EQ(h_admin(&h, &sq, NULL), 0);
    h.sq[3].tail = 0;
    CHECK_EQ(read_one(&h, 3, buf), 0);
    CHECK_EQ(h_irqs(&h, 6), 0);

    /* vector 3 masked in the table: held in the PBA, delivered on unmask */
    struct ustor_window *table = pci_function_bar(h.fn, 4);
    mmio_write(table, 3 * 16 + 12, 1, 4);
    CHECK_EQ(read_one(&h, 1, buf), 0);
    CHECK_EQ(h_irqs(&h, 3), 2);
    CHECK_EQ(mmio_read(table, 4096, 8) & (1u << 3), 1u << 3);
    mmio_write(table, 3 * 16 + 12, 0, 4);
    CHECK_EQ(h_irqs(&h, 3), 3);
    h_free(&h, buf);
    h_fini(&h);
}

static void test_msi_intms(void)
{
    struct harness h;
    setup(&h, PCI_IRQ_MSI);
    CHECK_EQ(pci_function_irq_mode(h.fn), PCI_IRQ_MSI);
    void *buf = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_create_pair(&h, 1, 8, 2), 0);
    CHECK_EQ(read_one(&h, 1, buf), 0);
    CHECK_EQ(h_irqs(&h, 2), 1);
    h_wr32(&h, NVME_REG_INTMS, 1u << 2);
    CHECK_EQ(h_rd32(&h, NVME_REG_INTMS), 1u << 2);
    CHECK_EQ(h_rd32(&h, NVME_REG_INTMC), 1u << 2);
    CHECK_EQ(read_one(&h, 1, buf), 0);
    CHECK_EQ(read_one(&h, 1, buf), 0);
    CHECK_EQ(h_irqs(&h, 2), 1);                             /* masked */
    h_wr32(&h, NVME_REG_INTMC, 1u << 2);
    CHECK_EQ(h_irqs(&h, 2), 2);                             /* released once */
    CHECK_EQ(h_rd32(&h, NVME_REG_INTMS), 0);
    /* a vector the Create I/O CQ may not use with MSI */
    struct nvme_sqe cq = {.opcode = NVME_ADM_CREATE_CQ, .prp1 = (uintptr_t)buf,
                          .cdw10 = 2 | 7u << 16, .cdw11 = 3u | 40u << 16};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &cq, NULL)), SC(NVME_SCT_COMMAND, NVME_SC_INVALID_VECTOR));
    h_free(&h, buf);
    h_fini(&h);
}

static bool line_status(struct harness *h)
{
    uint16_t status = 0;
    pci_config_read(h->fn, 6, &status, 2);
    return status & 0x8;
}

static void test_intx_level(void)
{
    struct harness h;
    setup(&h, PCI_IRQ_INTX);
    CHECK_EQ(pci_function_irq_mode(h.fn), PCI_IRQ_INTX);
    void *buf = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    uint64_t before = h_irqs(&h, 0);
    CHECK(!line_status(&h));                                /* all consumed */
    struct nvme_sqe rd = {.opcode = NVME_CMD_READ, .nsid = 1, .prp1 = (uintptr_t)buf};
    h_submit(&h, 1, &rd);
    CHECK(line_status(&h));                                 /* an entry waits */
    CHECK_EQ(h_irqs(&h, 0), before + 1);
    h_wr32(&h, NVME_REG_INTMS, 1);                          /* masked: the line drops */
    CHECK(!line_status(&h));
    h_wr32(&h, NVME_REG_INTMC, 1);                          /* still unconsumed: it rises */
    CHECK(line_status(&h));
    CHECK_EQ(h_irqs(&h, 0), before + 2);
    struct nvme_cqe c;
    CHECK(h_wait(&h, 1, &c));                               /* consumed: it drops */
    CHECK(!line_status(&h));
    h_free(&h, buf);
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    test_msix_vectors();
    test_msi_intms();
    test_intx_level();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
