/*
 * pci_internal.h - the PCI function's state shared by pci_bus.c (placement, windows,
 * the device description), pci_config.c (configuration space) and pci_irq.c (MSI-X,
 * MSI, INTx delivery).
 *
 * Locking: fn->lock guards the configuration space bytes and masks, the MSI pending
 * register, the PBA updates and the INTx level. It is a leaf: nothing is called with it
 * held, in particular no interrupt is delivered under it. The hot delivery path reads
 * the atomic mirrors (irq_state, msi_mask, command) and takes the lock only when it
 * finds the message masked.
 */
#ifndef USTOR_PLATFORM_PCI_INTERNAL_H
#define USTOR_PLATFORM_PCI_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "platform/pci.h"

/* Configuration space layout of every function (offsets of the type-0 header are the
 * PCI Local Bus Specification's). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION 0x08
#define PCI_CLASS_PROG 0x09
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10
#define PCI_SUBSYSTEM_VENDOR 0x2C
#define PCI_SUBSYSTEM_ID 0x2E
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_INTERRUPT_PIN 0x3D

#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_COMMAND_PARITY 0x0040
#define PCI_COMMAND_SERR 0x0100
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_INTERRUPT 0x0008
#define PCI_STATUS_CAP_LIST 0x0010

#define PCI_CAP_ID_PM 0x01
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_EXP 0x10
#define PCI_CAP_ID_MSIX 0x11

/* Where our capabilities sit. */
#define PCI_CAP_PM_AT 0x40
#define PCI_CAP_MSI_AT 0x50
#define PCI_CAP_EXP_AT 0x70
#define PCI_CAP_MSIX_AT 0xB0
#define PCI_CAP_EXP_BYTES 0x3C

/* MSI capability (64-bit with per-vector masking): control, address, data, mask, pending. */
#define PCI_MSI_CONTROL 0x02
#define PCI_MSI_ADDRESS_LO 0x04
#define PCI_MSI_ADDRESS_HI 0x08
#define PCI_MSI_DATA 0x0C
#define PCI_MSI_MASK 0x10
#define PCI_MSI_PENDING 0x14
#define PCI_MSI_ENABLE 0x0001
#define PCI_MSI_64BIT 0x0080
#define PCI_MSI_PVM 0x0100

/* MSI-X capability: control, table offset/BIR, PBA offset/BIR; entries of 16 bytes. */
#define PCI_MSIX_CONTROL 0x02
#define PCI_MSIX_TABLE 0x04
#define PCI_MSIX_PBA 0x08
#define PCI_MSIX_ENABLE 0x8000
#define PCI_MSIX_FMASK 0x4000
#define PCI_MSIX_ENTRY_BYTES 16u
#define PCI_MSIX_ENTRY_CONTROL 12u
#define PCI_MSIX_ENTRY_MASKED 0x1u

/* The x86 interrupt message format the platform programs. */
#define PCI_MSI_ADDRESS_BASE 0xFEE00000u
#define PCI_MSI_DATA_BASE 0x40u

/* irq_state bits: the mode in the low bits, then the MSI-X function mask. */
#define PCI_IRQ_STATE_MODE 0x3u
#define PCI_IRQ_STATE_FMASK 0x4u

struct pci_bar {
    uint32_t size;
    bool io, mem64, present;
    uint64_t address;               /* bus address the platform assigned */
    struct ustor_window *window;
};

struct pci_function {
    struct pci_bus *bus;
    char name[32];
    uint8_t device;                 /* device number on the bus (function 0) */
    pthread_mutex_t lock;
    uint8_t cfg[PCI_CONFIG_BYTES];
    uint8_t wmask[PCI_CONFIG_BYTES];    /* bits software may write */
    uint8_t w1c[PCI_CONFIG_BYTES];      /* bits a 1 clears */
    struct pci_bar bar[PCI_BARS];
    struct ustor_device_desc desc;
    /* interrupts */
    uint16_t msix_vectors;
    uint8_t msix_bar;
    uint32_t msix_pba_offset;
    uint8_t msi_vectors;
    bool intx_pin;
    bool intx_level;                /* under lock */
    bool intx_enabled;              /* under lock: INTx was the mode at the last look */
    _Atomic uint32_t irq_state;     /* PCI_IRQ_STATE_* mirror of configuration space */
    _Atomic uint32_t msi_mask;      /* mirror of the MSI mask register */
    _Atomic uint32_t msi_count;     /* messages the MSI control enables */
    _Atomic uint16_t command;       /* mirror of the command register */
    _Atomic(struct ustor_adapter *) adapter;
    _Atomic int delivering;         /* deliveries using adapter right now */
    _Atomic(pci_irq_sink_fn *) sink;
    void *_Atomic sink_ctx;
    _Atomic uint64_t delivered, held, dropped;
};

/* Little-endian fields of the configuration space (caller holds fn->lock or owns fn). */
static inline uint32_t pci_cfg_get(const struct pci_function *fn, uint32_t off, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)fn->cfg[off + i] << (8 * i);
    return v;
}

static inline void pci_cfg_put(uint8_t *space, uint32_t off, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        space[off + i] = (uint8_t)(v >> (8 * i));
}

/* pci_config.c */
void pci_config_init(struct pci_function *fn, const struct pci_function_desc *desc);
/* Recomputes the atomic mirrors from the bytes (under fn->lock). */
void pci_config_mirror(struct pci_function *fn);

/* pci_irq.c */
extern const struct ustor_window_ops pci_msix_window_ops;
/* The OS side: program addresses and data and enable the mode DESC asks for. */
void pci_irq_program(struct pci_function *fn, enum pci_irq_mode mode);
/* After a configuration write changed masks or enables (called without fn->lock):
 * deliver what became unmasked. */
void pci_irq_release_pending(struct pci_function *fn);
/* The port's connect hook. */
void pci_irq_connect(struct pci_function *fn, struct ustor_adapter *adapter);

#endif
