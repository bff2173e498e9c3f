/* The PCI layer alone, with a stand-in device model: the type-0 header and the
 * capability chain, BAR sizing, read-only and write-1-to-clear bits, the device
 * description's access ranges (memory above 0xFFFF, I/O ports below), register hooks,
 * MSI-X table masking with PBA pending bits delivered on unmask (vector and function
 * mask), MSI masking with its pending register, INTx edges and the disable bit, and
 * the message addresses the platform programmed. */
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "platform/dma_space.h"
#include "platform/pci.h"

#include <stdatomic.h>
#include <stdio.h>

static int failures;

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
            fprintf(stderr, "%s:%d: %s == %#llx, expected %#llx\n", __FILE__, __LINE__, #a, a_,  \
                    b_);                                                                         \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

static _Atomic unsigned delivered[16];
static _Atomic unsigned last_write;

static void sink(void *ctx, uint32_t message, enum pci_delivery how)
{
    (void)ctx;
    (void)how;
    atomic_fetch_add(&delivered[message % 16], 1);
}

static void reg_write(void *ctx, struct ustor_window *w, uint32_t off, uint64_t v, unsigned size)
{
    (void)ctx;
    (void)size;
    atomic_store(&last_write, (unsigned)v);
    ustor_window_set(w, off, v + 1, 4);      /* the model answers with value + 1 */
}

static const struct ustor_window_ops model_ops = {.write = reg_write};

static uint32_t cfg32(struct pci_function *fn, uint32_t off)
{
    uint32_t v = 0;
    CHECK_EQ(pci_config_read(fn, off, &v, 4), 4);
    return v;
}

static uint16_t cfg16(struct pci_function *fn, uint32_t off)
{
    uint16_t v = 0;
    CHECK_EQ(pci_config_read(fn, off, &v, 2), 2);
    return v;
}

static void wcfg(struct pci_function *fn, uint32_t off, uint32_t v, unsigned n)
{
    CHECK_EQ(pci_config_write(fn, off, &v, n), n);
}

static struct pci_function *make(struct pci_bus *bus, enum pci_irq_mode mode)
{
    struct pci_function_desc d = {
        .name = "fake", .vendor_id = 0x1234, .device_id = 0x5678, .revision = 3,
        .class_code = 0x010802, .msix_vectors = 8, .msix_bar = 4, .msi_vectors = 4,
        .irq_mode = mode,
    };
    d.bar[0] = (struct pci_bar_desc){.size = 16384, .mem64 = true, .ops = &model_ops};
    d.bar[2] = (struct pci_bar_desc){.size = 32, .io = true, .ops = &model_ops};
    struct pci_function *fn = NULL;
    CHECK(pci_function_create(bus, &d, &fn) == 0);
    pci_function_set_sink(fn, sink, NULL);
    return fn;
}

/* Offsets of the capabilities, in chain order. */
static unsigned caps(struct pci_function *fn, uint8_t *ids, uint8_t *at)
{
    unsigned n = 0;
    uint8_t p = (uint8_t)cfg32(fn, 0x34);
    while (p && n < 16) {
        uint16_t hdr = cfg16(fn, p);
        ids[n] = (uint8_t)hdr;
        at[n++] = p;
        p = (uint8_t)(hdr >> 8);
    }
    return n;
}

static void test_header_and_caps(struct pci_bus *bus)
{
    struct pci_function *fn = make(bus, PCI_IRQ_MSIX);
    CHECK_EQ(cfg32(fn, 0), 0x56781234);
    CHECK_EQ(cfg32(fn, 8), 0x01080203);                     /* class, revision */
    CHECK_EQ(cfg16(fn, 6) & 0x10, 0x10);                    /* capability list */
    CHECK_EQ(cfg16(fn, 4) & 0x7, 0x7);                      /* I/O, memory, bus master */
    uint8_t ids[16], at[16];
    CHECK_EQ(caps(fn, ids, at), 4);
    CHECK(ids[0] == 0x01 && ids[1] == 0x05 && ids[2] == 0x10 && ids[3] == 0x11);
    CHECK_EQ(cfg16(fn, at[2] + 2) & 0xF0, 0);               /* PCIe endpoint */
    CHECK_EQ(cfg16(fn, at[3] + 2) & 0x7FF, 7);              /* MSI-X table of 8 */
    CHECK_EQ(cfg32(fn, at[3] + 4) & 7, 4);                  /* in BAR4 */

    /* read-only and write-1-to-clear */
    wcfg(fn, 0, 0xFFFFFFFF, 4);
    CHECK_EQ(cfg32(fn, 0), 0x56781234);
    wcfg(fn, 6, 0xFFFF, 2);
    CHECK_EQ(cfg16(fn, 6), 0x10);
    uint8_t big[PCI_CONFIG_BYTES + 64];
    CHECK_EQ(pci_config_read(fn, 0, big, sizeof big), PCI_CONFIG_BYTES);
    CHECK_EQ(pci_config_read(fn, PCI_CONFIG_BYTES, big, 4), 0);
    CHECK_EQ(pci_config_write(fn, 0x100, big, 4), 4);       /* extended space: ignored */
    CHECK_EQ(cfg32(fn, 0x100), 0);
    pci_function_destroy(fn);
}

static void test_bars_and_ranges(struct pci_bus *bus)
{
    struct pci_function *fn = make(bus, PCI_IRQ_MSIX);
    const struct ustor_device_desc *d = pci_function_device(fn);
    CHECK_EQ(d->interface_type, 5);
    CHECK_EQ(d->n_ranges, 3);
    CHECK(d->ranges[0].in_memory && d->ranges[0].length == 16384 && d->ranges[0].start > 0xFFFF);
    CHECK(!d->ranges[1].in_memory && d->ranges[1].length == 32 && d->ranges[1].start <= 0xFFFF);
    CHECK(d->ranges[2].in_memory && d->ranges[2].length == 8192);   /* table, then PBA page */
    CHECK_EQ(d->interrupt_messages, 8);
    CHECK(pci_function_from_device(d) == fn);
    uint32_t bar0 = cfg32(fn, 0x10), bar1 = cfg32(fn, 0x14), bar2 = cfg32(fn, 0x18);
    CHECK_EQ(((uint64_t)bar1 << 32 | (bar0 & ~0xFu)), d->ranges[0].start);
    CHECK_EQ(bar0 & 0xF, 0x4);                              /* 64-bit memory */
    CHECK_EQ(bar2 & ~0x3u, d->ranges[1].start);
    CHECK_EQ(bar2 & 0x3, 0x1);                              /* I/O */
    /* sizing, then restoring */
    wcfg(fn, 0x10, 0xFFFFFFFF, 4);
    CHECK_EQ(cfg32(fn, 0x10), 0xFFFFC004);
    wcfg(fn, 0x10, bar0, 4);
    wcfg(fn, 0x18, 0xFFFFFFFF, 4);
    CHECK_EQ(cfg32(fn, 0x18), 0xFFFFFFE1);
    wcfg(fn, 0x18, bar2, 4);
    CHECK_EQ(cfg32(fn, 0x10), bar0);
    CHECK_EQ(cfg32(fn, 0x20), cfg32(fn, 0x20) & ~0xFFFu);   /* BAR4 is 4 KiB aligned */
    /* the register hook sees writes; the bytes show what the model put there */
    struct ustor_window *w = pci_function_bar(fn, 0);
    mmio_write(w, 0x40, 41, 4);
    CHECK_EQ(atomic_load(&last_write), 41);
    CHECK_EQ(mmio_read(w, 0x40, 4), 42);
    CHECK_EQ(*(volatile uint32_t *)(ustor_window_base(w) + 0x40), 42);
    uint32_t off;
    CHECK(mmio_find(d->ranges[1].start, 4, &off) == pci_function_bar(fn, 2));
    pci_function_destroy(fn);
}

static void test_msix(struct pci_bus *bus)
{
    struct pci_function *fn = make(bus, PCI_IRQ_MSIX);
    struct ustor_window *t = pci_function_bar(fn, 4);
    uint64_t a0, a1;
    uint32_t d0, d1;
    bool masked;
    CHECK(pci_function_message(fn, 0, &a0, &d0, &masked) == 0 && !masked);
    CHECK(pci_function_message(fn, 1, &a1, &d1, &masked) == 0);
    CHECK(a0 != a1);                                        /* how miniports tell MSI-X */
    CHECK_EQ(a0 & 0xFFF00000, 0xFEE00000);
    CHECK(pci_function_message(fn, 8, &a0, &d0, &masked) == -ENOENT);
    memset(delivered, 0, sizeof delivered);
    pci_function_notify(fn, 3, PCI_DELIVER_INLINE);
    CHECK_EQ(atomic_load(&delivered[3]), 1);
    /* vector 3 masked: held in the PBA, delivered on unmask */
    mmio_write(t, 3 * 16 + 12, 1, 4);
    pci_function_notify(fn, 3, PCI_DELIVER_INLINE);
    pci_function_notify(fn, 3, PCI_DELIVER_INLINE);
    CHECK_EQ(atomic_load(&delivered[3]), 1);
    CHECK_EQ(mmio_read(t, 4096, 8), 1u << 3);
    mmio_write(t, 3 * 16 + 12, 0, 4);
    CHECK_EQ(atomic_load(&delivered[3]), 2);                /* pending bits coalesce */
    CHECK_EQ(mmio_read(t, 4096, 8), 0);
    /* the function mask holds every vector */
    uint8_t ids[16], at[16];
    caps(fn, ids, at);
    uint16_t ctl = cfg16(fn, at[3] + 2);
    wcfg(fn, at[3] + 2, ctl | 0x4000, 2);
    pci_function_notify(fn, 5, PCI_DELIVER_INLINE);
    CHECK_EQ(atomic_load(&delivered[5]), 0);
    wcfg(fn, at[3] + 2, ctl, 2);
    CHECK_EQ(atomic_load(&delivered[5]), 1);
    pci_function_notify(fn, 9, PCI_DELIVER_INLINE);         /* no such vector */
    struct pci_irq_stats st;
    pci_function_irq_stats(fn, &st);
    CHECK_EQ(st.dropped, 1);
    CHECK(st.held >= 3);
    /* message address writes keep dword alignment; the PBA is read only */
    mmio_write(t, 2 * 16, 0xFEE01003, 4);
    CHECK_EQ(mmio_read(t, 2 * 16, 4), 0xFEE01000);
    mmio_write(t, 4096, ~0ull, 8);
    CHECK_EQ(mmio_read(t, 4096, 8), 0);
    pci_function_destroy(fn);
}

static void test_msi(struct pci_bus *bus)
{
    struct pci_function *fn = make(bus, PCI_IRQ_MSI);
    const struct ustor_device_desc *d = pci_function_device(fn);
    CHECK_EQ(pci_function_irq_mode(fn), PCI_IRQ_MSI);
    CHECK_EQ(d->interrupt_messages, 4);
    uint64_t a0, a1;
    uint32_t d0, d1;
    bool masked;
    CHECK(pci_function_message(fn, 0, &a0, &d0, &masked) == 0);
    CHECK(pci_function_message(fn, 1, &a1, &d1, &masked) == 0);
    CHECK(a0 == a1 && d1 == d0 + 1);
    memset(delivered, 0, sizeof delivered);
    pci_function_notify(fn, 6, PCI_DELIVER_INLINE);         /* 6 mod 4 */
    CHECK_EQ(atomic_load(&delivered[2]), 1);
    wcfg(fn, 0x50 + 0x10, 1u << 2, 4);                      /* mask message 2 */
    pci_function_notify(fn, 2, PCI_DELIVER_INLINE);
    CHECK_EQ(atomic_load(&delivered[2]), 1);
    CHECK_EQ(cfg32(fn, 0x50 + 0x14), 1u << 2);              /* pending */
    wcfg(fn, 0x50 + 0x10, 0, 4);
    CHECK_EQ(atomic_load(&delivered[2]), 2);
    CHECK_EQ(cfg32(fn, 0x50 + 0x14), 0);
    pci_function_destroy(fn);
}

static void test_intx(struct pci_bus *bus)
{
    struct pci_function *fn = make(bus, PCI_IRQ_INTX);
    CHECK_EQ(pci_function_device(fn)->interrupt_messages, 0);
    CHECK_EQ(cfg32(fn, 0x3C) >> 8 & 0xFF, 1);               /* INTA# */
    memset(delivered, 0, sizeof delivered);
    pci_function_intx(fn, true);
    pci_function_intx(fn, true);                            /* a level: one edge */
    CHECK_EQ(atomic_load(&delivered[0]), 1);
    CHECK(cfg16(fn, 6) & 0x8);                              /* interrupt status */
    pci_function_intx(fn, false);
    CHECK(!(cfg16(fn, 6) & 0x8));
    uint16_t cmd = cfg16(fn, 4);
    wcfg(fn, 4, cmd | 0x400, 2);                            /* INTx disabled */
    pci_function_intx(fn, true);
    CHECK_EQ(atomic_load(&delivered[0]), 1);
    wcfg(fn, 4, cmd, 2);                                    /* enabled while asserted: fires */
    CHECK_EQ(atomic_load(&delivered[0]), 2);
    pci_function_notify(fn, 0, PCI_DELIVER_INLINE);         /* no message interrupts */
    CHECK_EQ(atomic_load(&delivered[0]), 2);
    /* bus master off: models see it */
    CHECK(pci_function_bus_master(fn));
    wcfg(fn, 4, cmd & ~0x4u, 2);
    CHECK(!pci_function_bus_master(fn));
    pci_function_destroy(fn);
}

static void test_bad_descs(struct pci_bus *bus)
{
    struct pci_function_desc d = {.name = "bad", .msix_vectors = 4, .msix_bar = 0};
    struct pci_function *fn;
    d.bar[0] = (struct pci_bar_desc){.size = 4096};
    CHECK(pci_function_create(bus, &d, &fn) == -EINVAL);   /* MSI-X BAR taken */
    d.msix_bar = 2;
    d.bar[0].size = 3000;
    CHECK(pci_function_create(bus, &d, &fn) == -EINVAL);   /* not a power of two */
    d.bar[0] = (struct pci_bar_desc){.size = 4096, .mem64 = true};
    d.bar[1].size = 4096;
    CHECK(pci_function_create(bus, &d, &fn) == -EINVAL);   /* upper half in use */
    d.bar[1].size = 0;
    d.msi_vectors = 3;
    CHECK(pci_function_create(bus, &d, &fn) == -EINVAL);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    struct dma_space *dma;
    struct pci_bus *bus;
    CHECK(dma_space_create(NULL, &dma) == 0);
    CHECK(pci_bus_create(dma, 7, &bus) == 0);
    test_header_and_caps(bus);
    test_bars_and_ranges(bus);
    test_msix(bus);
    test_msi(bus);
    test_intx(bus);
    test_bad_descs(bus);
    pci_bus_destroy(bus);
    dma_space_destroy(dma);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
