/*
 * pci.h - the simulated machine's PCI bus: functions that device models plug into.
 *
 * A function has a type-0 configuration space (4 KiB, PCI Express) whose capability
 * list holds PCI Power Management, MSI (64-bit, per-vector masking), PCI Express
 * (endpoint, version 2) and MSI-X. The port reads and writes it through
 * ustor_device_ops.config_read/config_write (StorPortGetBusData and
 * StorPortSetBusDataByOffset); writes obey per-byte writable and write-1-to-clear
 * masks, so BAR sizing works as on hardware. Each BAR is a register window (mmio.h)
 * placed by the bus; the windows become the access ranges of the function's
 * ustor_device_desc. The MSI-X table and PBA live in a BAR of their own that this
 * layer serves.
 *
 * Interrupts: a model signals a message (MSI-X vector or MSI message) or sets its INTx
 * level; this layer applies what the "operating system" enabled in configuration
 * space (the platform programs it when the function is created, as firmware and the
 * PnP manager would), the function mask and per-vector masks (pending bits in the PBA
 * or the MSI pending register, delivered on unmask), then hands the message to the
 * connected adapter (ustor_adapter_interrupt, or the _post form) or to a test sink.
 *
 * Left out: relocating a BAR by writing a new address (the value is kept and reported,
 * the window stays where the platform put it), expansion ROM, extended capabilities,
 * bridges and other buses, memory/I/O space enable gating register access, level
 * re-delivery of an INTx that stays asserted after its ISR (assertion is an edge).
 */
#ifndef USTOR_PLATFORM_PCI_H
#define USTOR_PLATFORM_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/mmio.h"
#include "ustorport/ustorport.h"

struct dma_space;
struct pci_bus;
struct pci_function;

#define PCI_CONFIG_BYTES 4096u
#define PCI_BARS 6u
#define PCI_MSIX_MAX 2048u
#define PCI_MSI_MAX 32u
#define PCI_DEVICES 32u

/* What the operating system enabled for the function's interrupts. */
enum pci_irq_mode { PCI_IRQ_NONE, PCI_IRQ_INTX, PCI_IRQ_MSI, PCI_IRQ_MSIX };

struct pci_bar_desc {
    uint32_t size;                  /* bytes, a power of two (memory >= 16, I/O >= 4); 0: none */
    bool io;                        /* I/O space */
    bool mem64;                     /* a 64-bit memory BAR: takes this slot and the next */
    const struct ustor_window_ops *ops;   /* the model's register hooks */
    void *ctx;
};

struct pci_function_desc {
    const char *name;               /* for windows and reports, e.g. "nvme0" */
    uint16_t vendor_id, device_id;
    uint16_t subsystem_vendor_id, subsystem_id;
    uint8_t revision;
    uint32_t class_code;            /* base class << 16 | subclass << 8 | programming interface */
    struct pci_bar_desc bar[PCI_BARS];
    uint16_t msix_vectors;          /* 0: no MSI-X capability; at most PCI_MSIX_MAX */
    uint8_t msix_bar;               /* a BAR left free in bar[] for the table and PBA */
    uint8_t msi_vectors;            /* 0: no MSI capability; 1, 2, 4, 8, 16 or 32 */
    bool no_intx;                   /* no interrupt pin */
    enum pci_irq_mode irq_mode;     /* what the OS enables (falls back to what exists) */
};

/* ---- the bus ---- */

/* A bus numbered NUMBER whose functions' models reach memory through DMA. */
int pci_bus_create(struct dma_space *dma, uint32_t number, struct pci_bus **out);
/* Every function must be destroyed first. */
void pci_bus_destroy(struct pci_bus *bus);
struct dma_space *pci_bus_dma(const struct pci_bus *bus);

/* ---- functions ---- */

/* Places the function in a free device slot, creates its BAR windows and configuration
 * space and programs its interrupts as DESC->irq_mode asks. 0, -EINVAL, -ENOSPC, -ENOMEM. */
int pci_function_create(struct pci_bus *bus, const struct pci_function_desc *desc,
                        struct pci_function **out);
/* No adapter may still use the function. */
void pci_function_destroy(struct pci_function *fn);

/* What the port needs to add an adapter for the function (valid until destroyed). */
const struct ustor_device_desc *pci_function_device(const struct pci_function *fn);
struct ustor_window *pci_function_bar(const struct pci_function *fn, unsigned bar);
const char *pci_function_name(const struct pci_function *fn);
struct dma_space *pci_function_dma(const struct pci_function *fn);

/* Configuration space, as the port sees it (bytes done; 0 out of range). */
uint32_t pci_config_read(struct pci_function *fn, uint32_t offset, void *buf, uint32_t len);
uint32_t pci_config_write(struct pci_function *fn, uint32_t offset, const void *buf, uint32_t len);

/* Command register state, for models (atomic, no lock). */
bool pci_function_bus_master(const struct pci_function *fn);
enum pci_irq_mode pci_function_irq_mode(const struct pci_function *fn);
/* Messages usable in the current mode: MSI-X table size, enabled MSI messages, 1 for INTx. */
uint32_t pci_function_irq_vectors(const struct pci_function *fn);

/* ---- interrupts, from the model ---- */

/* How the message reaches the adapter: raised on the calling thread (the ISR may run
 * right here) or posted to the interrupt line's own thread. Device threads post. */
enum pci_delivery { PCI_DELIVER_INLINE, PCI_DELIVER_POST };

/* Signals MSI-X vector or MSI message VECTOR (in MSI mode, modulo the enabled count).
 * Ignored, with a debug line, when neither MSI-X nor MSI is enabled. */
void pci_function_notify(struct pci_function *fn, uint32_t vector, enum pci_delivery how);
/* Sets the INTx level; an assertion while INTx is enabled delivers message 0 (posted). */
void pci_function_intx(struct pci_function *fn, bool asserted);

/* Where messages go instead of an adapter (tests). SINK NULL restores the adapter. */
typedef void pci_irq_sink_fn(void *ctx, uint32_t message, enum pci_delivery how);
void pci_function_set_sink(struct pci_function *fn, pci_irq_sink_fn *sink, void *ctx);

/* The address and data the OS programmed for message ID (StorPortGetMSIInfo's
 * MessageAddress/MessageData): 0, or -ENOENT if the message does not exist in the
 * current mode. */
int pci_function_message(struct pci_function *fn, uint32_t id, uint64_t *address,
                         uint32_t *data, bool *masked);

struct pci_irq_stats {
    uint64_t delivered;             /* messages handed to the adapter or sink */
    uint64_t held;                  /* signals that found their message masked */
    uint64_t dropped;               /* signals with no adapter, no mode or a bad vector */
};
void pci_function_irq_stats(const struct pci_function *fn, struct pci_irq_stats *st);

/* The function behind a device description the platform made, or NULL. */
struct pci_function *pci_function_from_device(const struct ustor_device_desc *desc);

#endif
