/* NVMe model against a driver that writes garbage: from a fixed seed, tens of
 * thousands of random actions - commands with random opcodes and fields (data pointers
 * into the driver's buffers, just off them, or nowhere), doorbells of any queue with
 * any value, writes anywhere in BAR0 and the MSI-X table, configuration space writes,
 * CC.EN toggles - with completions consumed now and then. The model must neither crash
 * (this runs under ASan and UBSan) nor wedge: afterwards a reset and a fresh start must
 * give a working controller whose data round-trips. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "nvme_harness.h"

#define ACTIONS 30000
#define POOL_PAGES 64

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t some_address(uint8_t *pool)
{
    switch (rnd() % 6) {
    case 0: return 0x7000000000ull;                              /* nowhere */
    case 1: return (uintptr_t)pool + POOL_PAGES * H_PAGE - 8;     /* just at the end */
    case 2: return (uintptr_t)pool + rnd() % (POOL_PAGES * H_PAGE); /* anywhere inside */
    case 3: return rnd();
    default: return (uintptr_t)pool + (rnd() % POOL_PAGES) * H_PAGE;
    }
}

static void random_sqe(struct nvme_sqe *e, uint8_t *pool, bool admin)
{
    static const uint8_t admin_ops[] = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A,
                                        0x0C, 0x0D, 0x15, 0x7F};
    static const uint8_t io_ops[] = {0x00, 0x01, 0x02, 0x05, 0x08, 0x09, 0x04, 0x7E};
    uint32_t *w = (uint32_t *)e;
    for (unsigned i = 0; i < 16; i++)
        w[i] = (uint32_t)rnd();
    e->opcode = admin ? admin_ops[rnd() % sizeof admin_ops] : io_ops[rnd() % sizeof io_ops];
    e->flags = rnd() % 4 ? 0 : (uint8_t)rnd();
    e->nsid = rnd() % 4 ? (uint32_t)(rnd() % 4) : (uint32_t)rnd();
    e->prp1 = some_address(pool);
    e->prp2 = some_address(pool);
    if (rnd() % 2)
        e->cdw12 &= 0xFF;                                        /* mostly small transfers */
    if (rnd() % 2)
        e->cdw11 = 0;
    if (!admin && rnd() % 2) {
        e->cdw10 %= 4096;                                        /* mostly in range */
        e->cdw11 = 0;
    }
    if (admin && e->opcode == NVME_ADM_DELETE_SQ && rnd() % 4)
        e->cdw10 = 3;                                            /* spare pairs 1 and 2 mostly */
}

static void random_doorbell(struct harness *h)
{
    uint32_t off = NVME_REG_DOORBELLS + (uint32_t)(rnd() % (2 * 10)) * h->stride;
    if (rnd() % 8 == 0)
        off = NVME_REG_DOORBELLS + (uint32_t)(rnd() % 0x3000);
    mmio_write(h->bar, off, rnd() % 8 ? rnd() % 70 : rnd(), rnd() % 8 ? 4 : 1u << (rnd() % 4));
}

static void random_register(struct harness *h)
{
    static const uint32_t regs[] = {NVME_REG_CAP, NVME_REG_VS, NVME_REG_INTMS, NVME_REG_INTMC,
                                    NVME_REG_CSTS, NVME_REG_NSSR, 0x38, 0x3C, 0x44, 0xE00};
    uint32_t off = rnd() % 2 ? regs[rnd() % (sizeof regs / sizeof regs[0])] : (uint32_t)(rnd() % 0x1000) & ~3u;
    if (off == NVME_REG_CC || off == NVME_REG_AQA || (off >= NVME_REG_ASQ && off < NVME_REG_ACQ + 8))
        return;                                                  /* those have their own action */
    mmio_write(h->bar, off, (uint32_t)rnd(), 4);
}

static void random_config(struct harness *h)
{
    uint32_t off = (uint32_t)(rnd() % 0x100), v = (uint32_t)rnd();
    if (off >= 0x04 && off < 0x06)
        v |= 0x6;                                                /* keep memory and bus master on mostly */
    pci_config_write(h->fn, off, &v, 1 + (uint32_t)(rnd() % 4));
    mmio_write(pci_function_bar(h->fn, 4), (uint32_t)(rnd() % 8192) & ~3u, (uint32_t)rnd(), 4);
}

static void consume(struct harness *h)
{
    struct nvme_cqe c;
    for (unsigned q = 0; q < 3; q++)
        for (unsigned i = 0; i < 8 && h->cq[q].mem && h_poll(h, (uint16_t)q, &c); i++)
            ;
}

static void restart(struct harness *h)
{
    h_wr32(h, NVME_REG_CC, H_CC_ENABLE & ~NVME_CC_EN);
    CHECK(h_wait_csts(h, NVME_CSTS_RDY, 0));
    uint16_t cmd = 0x0006;
    pci_config_write(h->fn, 4, &cmd, 2);
    uint16_t msix = 0x8000;                                      /* MSI-X on, unmasked */
    pci_config_write(h->fn, 0xB2, &msix, 2);
    CHECK(h_enable(h, 16));
    CHECK_EQ(h_create_pair(h, 1, 32, 1), 0);
    CHECK_EQ(h_create_pair(h, 2, 32, 2), 0);
}

static void chaos(struct harness *h, uint8_t *pool, unsigned actions)
{
    for (unsigned i = 0; i < actions; i++) {
        unsigned pick = (unsigned)(rnd() % 100);
        struct nvme_sqe e;
        if (pick < 45) {
            uint16_t q = (uint16_t)(rnd() % 3);
            random_sqe(&e, pool, q == 0);
            if (h->sq[q].mem)
                h_submit(h, q, &e);
        } else if (pick < 60) {
            random_doorbell(h);
        } else if (pick < 70) {
            random_register(h);
        } else if (pick < 75) {
            random_config(h);
        } else if (pick < 77) {
            h_wr32(h, NVME_REG_CC, (uint32_t)rnd());              /* any CC at all */
        } else if (pick < 80) {
            restart(h);
        } else {
            consume(h);
        }
    }
}

static void run(bool threaded, const char *spec, unsigned actions)
{
    struct harness h;
    struct nvme_config cfg = {.threaded = threaded};
    CHECK(h_init(&h, &cfg) == 0);
    if (h_add_ns(&h, 1, spec, 512) != 0) {
        printf("skipping %s: the backend did not open\n", spec);
        h_fini(&h);
        return;
    }
    CHECK(h_add_ns(&h, 2, "ram:1M,ro", 4096) == 0);
    uint8_t *pool = h_alloc(&h, POOL_PAGES * H_PAGE);
    restart(&h);
    chaos(&h, pool, actions);
    /* afterwards: a clean start works and data round-trips */
    restart(&h);
    struct nvme_sqe ns = {.opcode = NVME_ADM_NS_ATTACHMENT, .nsid = 1, .prp1 = (uintptr_t)pool};
    uint16_t *list = (uint16_t *)pool;
    list[0] = 1;
    list[1] = 1;
    h_admin(&h, &ns, NULL);                                      /* in case it was detached */
    nvme_ns_attach(h.c, 1, h.backends[1], 512, false);           /* or deleted */
    h_pattern(pool + H_PAGE, H_PAGE, 77);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, 64, 8, (uintptr_t)pool + H_PAGE, 0), 0);
    memset(pool + 2 * H_PAGE, 0, H_PAGE);
    CHECK_EQ(h_rw(&h, 2, NVME_CMD_READ, 1, 64, 8, (uintptr_t)pool + 2 * H_PAGE, 0), 0);
    CHECK(h_pattern_ok(pool + 2 * H_PAGE, H_PAGE, 77));
    struct nvme_stats st;
    nvme_get_stats(h.c, &st);
    printf("garbage (%s, %s): %llu commands, %llu refused, %llu guest errors, %llu resets\n",
           threaded ? "device thread" : "inline", spec, (unsigned long long)st.commands,
           (unsigned long long)st.errors, (unsigned long long)st.guest_errors,
           (unsigned long long)st.resets);
    CHECK(st.errors > actions / 20 && st.guest_errors > actions / 20);
    h_free(&h, pool);
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    ulog_set_level(ULOG_HOST, -1);
    run(false, "ram:2M", ACTIONS);
#ifdef __SANITIZE_THREAD__
    /* random SQ tails make the device thread fetch slots this driver writes meanwhile:
     * the driver's own race on its queue memory, which TSan rightly reports */
    printf("skipping the device-thread case under ThreadSanitizer: the garbage driver "
           "races the device on its own SQ memory\n");
#else
    run(true, "ram:2M", ACTIONS / 3);
#endif
    char path[] = "/tmp/ustor-nvme-garbage-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    char spec[96];
    snprintf(spec, sizeof spec, "%s,size=2M,aio=uring", path);
    run(false, spec, ACTIONS / 3);
    unlink(path);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
