/*
 * The PCI bus (pci.h): device slots, BAR placement (the platform's firmware role),
 * register windows for the BARs, and the ustor_device_desc the port is given.
 *
 * Memory BARs get bus addresses from the bus's 32-bit and 64-bit apertures, naturally
 * aligned; an address another bus of the process already uses is skipped. I/O BARs get
 * free port numbers from the window registry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "platform/pci_internal.h"

#define MEM32_APERTURE 0xC0000000ull
#define MEM32_LIMIT 0xFEC00000ull
#define MEM64_APERTURE 0x8000000000ull
#define PLACE_ATTEMPTS 4096u
#define INTERFACE_PCI_BUS 5u        /* INTERFACE_TYPE PCIBus */
#define PCI_INTX_LINE 11u

struct pci_bus {
    pthread_mutex_t lock;
    uint32_t number;
    uint32_t used;                  /* device slots, one bit each */
    uint64_t next_mem32, next_mem64;
    struct dma_space *dma;
};

int pci_bus_create(struct dma_space *dma, uint32_t number, struct pci_bus **out)
{
    struct pci_bus *bus = calloc(1, sizeof *bus);
    if (!bus)
        return -ENOMEM;
    pthread_mutex_init(&bus->lock, NULL);
    bus->number = number;
    bus->dma = dma;
    bus->next_mem32 = MEM32_APERTURE;
    bus->next_mem64 = MEM64_APERTURE + ((uint64_t)(number & 0xFF) << 32);
    *out = bus;
    return 0;
}

void pci_bus_destroy(struct pci_bus *bus)
{
    if (!bus)
        return;
    if (bus->used)
        ulog_host(ULOG_WARN, "PCI bus %u destroyed with functions in slots %#x", bus->number,
                  bus->used);
    pthread_mutex_destroy(&bus->lock);
    free(bus);
}

struct dma_space *pci_bus_dma(const struct pci_bus *bus)
{
    return bus->dma;
}

/* ---- checking what a model asks for ---- */

static bool pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

static int bar_desc_check(const struct pci_function_desc *d, unsigned i)
{
    const struct pci_bar_desc *b = &d->bar[i];
    if (!b->size)
        return 0;
    if (!pow2(b->size) || (b->io && (b->size < 4 || b->size > 256 || b->mem64)) ||
        (!b->io && b->size < 16) || (b->mem64 && i == PCI_BARS - 1))
        return -EINVAL;
    if (b->mem64 && d->bar[i + 1].size)
        return -EINVAL;
    if (d->msix_vectors && (d->msix_bar == i || (b->mem64 && d->msix_bar == i + 1)))
        return -EINVAL;
    return 0;
}

static int desc_check(const struct pci_function_desc *d)
{
    if (!d || d->msix_vectors > PCI_MSIX_MAX || d->msi_vectors > PCI_MSI_MAX ||
        (d->msi_vectors && !pow2(d->msi_vectors)) || (d->msix_vectors && d->msix_bar >= PCI_BARS))
        return -EINVAL;
    for (unsigned i = 0; i < PCI_BARS; i++) {
        int rc = bar_desc_check(d, i);
        if (rc < 0)
            return rc;
        if (d->bar[i].mem64)
            i++;
    }
    return 0;
}

/* ---- placing BARs ---- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static int window_make(struct pci_function *fn, unsigned i, const struct ustor_window_ops *ops,
                       void *ctx, uint64_t address)
{
    char name[48];
    snprintf(name, sizeof name, "%s BAR%u", fn->name, i);
    struct ustor_window_desc wd = {
        .size = sizeof wd, .bus_address = address, .length = fn->bar[i].size,
        .io = fn->bar[i].io, .ops = ops, .ctx = ctx, .name = name,
    };
    return ustor_window_create(&wd, &fn->bar[i].window);
}

/* Memory BAR: the next aligned address of its aperture that no other window holds. */
static int place_memory(struct pci_function *fn, unsigned i, const struct ustor_window_ops *ops,
                        void *ctx)
{
    struct pci_bar *b = &fn->bar[i];
    uint64_t *next = b->mem64 ? &fn->bus->next_mem64 : &fn->bus->next_mem32;
    for (unsigned attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
        uint64_t at = align_up(*next, b->size);
        if (!b->mem64 && at + b->size > MEM32_LIMIT)
            return -ENOSPC;
        *next = at + b->size;
        int rc = window_make(fn, i, ops, ctx, at);
        if (rc != -EEXIST) {
            b->address = at;
            return rc;
        }
    }
    return -ENOSPC;
}

static int place_bar(struct pci_function *fn, unsigned i, const struct ustor_window_ops *ops,
                     void *ctx)
{
    struct pci_bar *b = &fn->bar[i];
    if (!b->io)
        return place_memory(fn, i, ops, ctx);
    int rc = window_make(fn, i, ops, ctx, 0);
    if (rc == 0)
        b->address = mmio_bus_address(b->window);
    return rc;
}

static void bars_fill(struct pci_function *fn, const struct pci_function_desc *d)
{
    for (unsigned i = 0; i < PCI_BARS; i++) {
        const struct pci_bar_desc *bd = &d->bar[i];
        fn->bar[i] = (struct pci_bar){
            .size = bd->size, .io = bd->io, .mem64 = bd->mem64, .present = bd->size != 0,
        };
    }
    if (fn->msix_vectors) {
        uint32_t table = fn->msix_vectors * PCI_MSIX_ENTRY_BYTES;
        uint32_t pba = (fn->msix_vectors + 63) / 64 * 8;
        fn->msix_pba_offset = (uint32_t)align_up(table, 4096);
        uint32_t size = 4096;
        while (size < fn->msix_pba_offset + pba)
            size <<= 1;
        fn->bar[fn->msix_bar] = (struct pci_bar){.size = size, .present = true};
    }
}

static int bars_place(struct pci_function *fn, const struct pci_function_desc *d)
{
    int rc = 0;
    pthread_mutex_lock(&fn->bus->lock);
    for (unsigned i = 0; i < PCI_BARS && rc == 0; i++) {
        if (!fn->bar[i].present)
            continue;
        bool msix = fn->msix_vectors && i == fn->msix_bar;
        rc = place_bar(fn, i, msix ? &pci_msix_window_ops : d->bar[i].ops,
                       msix ? (void *)fn : d->bar[i].ctx);
    }
    pthread_mutex_unlock(&fn->bus->lock);
    return rc;
}

static void bars_release(struct pci_function *fn)
{
    for (unsigned i = 0; i < PCI_BARS; i++)
        if (fn->bar[i].window) {
            ustor_window_destroy(fn->bar[i].window);
            fn->bar[i].window = NULL;
        }
}

/* ---- the port's view ---- */

static uint32_t ops_config_read(void *ctx, uint32_t offset, void *buf, uint32_t len)
{
    return pci_config_read(ctx, offset, buf, len);
}

static uint32_t ops_config_write(void *ctx, uint32_t offset, const void *buf, uint32_t len)
{
    return pci_config_write(ctx, offset, buf, len);
}

static void ops_connect(void *ctx, struct ustor_adapter *adapter)
{
    pci_irq_connect(ctx, adapter);
}

static const struct ustor_device_ops pci_device_ops = {
    .config_read = ops_config_read,
    .config_write = ops_config_write,
    .connect = ops_connect,
};

static void device_fill(struct pci_function *fn)
{
    struct ustor_device_desc *dd = &fn->desc;
    dd->interface_type = INTERFACE_PCI_BUS;
    dd->bus_number = fn->bus->number;
    dd->slot_number = fn->device;               /* PCI_SLOT_NUMBER: device, function 0 */
    for (unsigned i = 0; i < PCI_BARS && dd->n_ranges < USTOR_MAX_ACCESS_RANGES; i++) {
        if (!fn->bar[i].present)
            continue;
        dd->ranges[dd->n_ranges++] = (struct ustor_access_range){
            .start = fn->bar[i].address, .length = fn->bar[i].size, .in_memory = !fn->bar[i].io,
        };
    }
    enum pci_irq_mode mode = pci_function_irq_mode(fn);
    dd->interrupt_messages = mode == PCI_IRQ_MSIX || mode == PCI_IRQ_MSI
                             ? pci_function_irq_vectors(fn) : 0;
    dd->interrupt_vector = PCI_INTX_LINE;
    dd->interrupt_level = PCI_INTX_LINE;
    dd->ops = &pci_device_ops;
    dd->ctx = fn;
}

struct pci_function *pci_function_from_device(const struct ustor_device_desc *desc)
{
    return desc && desc->ops == &pci_device_ops ? desc->ctx : NULL;
}

/* ---- functions ---- */

static int slot_take(struct pci_bus *bus)
{
    int slot = -ENOSPC;
    pthread_mutex_lock(&bus->lock);
    for (unsigned s = 0; s < PCI_DEVICES && slot < 0; s++)
        if (!(bus->used & (1u << s))) {
            bus->used |= 1u << s;
            slot = (int)s;
        }
    pthread_mutex_unlock(&bus->lock);
    return slot;
}

static void slot_give(struct pci_bus *bus, unsigned slot)
{
    pthread_mutex_lock(&bus->lock);
    bus->used &= ~(1u << slot);
    pthread_mutex_unlock(&bus->lock);
}

static void command_enable(struct pci_function *fn)
{
    uint32_t command = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
    for (unsigned i = 0; i < PCI_BARS; i++)
        if (fn->bar[i].present && fn->bar[i].io)
            command |= PCI_COMMAND_IO;
    pci_cfg_put(fn->cfg, PCI_COMMAND, command, 2);
    pci_config_mirror(fn);
}

static void function_init(struct pci_function *fn, struct pci_bus *bus,
                          const struct pci_function_desc *d)
{
    fn->bus = bus;
    snprintf(fn->name, sizeof fn->name, "%s", d->name ? d->name : "pci");
    pthread_mutex_init(&fn->lock, NULL);
    fn->msix_vectors = d->msix_vectors;
    fn->msix_bar = d->msix_bar;
    fn->msi_vectors = d->msi_vectors;
    fn->intx_pin = !d->no_intx;
    bars_fill(fn, d);
}

int pci_function_create(struct pci_bus *bus, const struct pci_function_desc *d,
                        struct pci_function **out)
{
    int rc = desc_check(d);
    if (rc < 0 || !bus || !out)
        return rc < 0 ? rc : -EINVAL;
    struct pci_function *fn = calloc(1, sizeof *fn);
    if (!fn)
        return -ENOMEM;
    function_init(fn, bus, d);
    rc = slot_take(bus);
    if (rc < 0)
        goto err_free;
    fn->device = (uint8_t)rc;
    rc = bars_place(fn, d);
    if (rc < 0)
        goto err_bars;
    pci_config_init(fn, d);
    command_enable(fn);
    pci_irq_program(fn, d->irq_mode);
    device_fill(fn);
    *out = fn;
    return 0;

err_bars:
    bars_release(fn);
    slot_give(bus, fn->device);
err_free:
    pthread_mutex_destroy(&fn->lock);
    free(fn);
    return rc;
}

void pci_function_destroy(struct pci_function *fn)
{
    if (!fn)
        return;
    if (atomic_load(&fn->adapter))
        ulog_host(ULOG_WARN, "%s destroyed while an adapter is connected", fn->name);
    bars_release(fn);
    slot_give(fn->bus, fn->device);
    pthread_mutex_destroy(&fn->lock);
    free(fn);
}

const struct ustor_device_desc *pci_function_device(const struct pci_function *fn)
{
    return &fn->desc;
}

struct ustor_window *pci_function_bar(const struct pci_function *fn, unsigned bar)
{
    return bar < PCI_BARS ? fn->bar[bar].window : NULL;
}

const char *pci_function_name(const struct pci_function *fn)
{
    return fn->name;
}

struct dma_space *pci_function_dma(const struct pci_function *fn)
{
    return fn->bus->dma;
}

bool pci_function_bus_master(const struct pci_function *fn)
{
    return atomic_load(&((struct pci_function *)fn)->command) & PCI_COMMAND_MASTER;
}
