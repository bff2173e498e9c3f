/*
 * PCI configuration space (pci.h): the type-0 header and the capability list (PM, MSI,
 * PCI Express, MSI-X) a function starts with, and the write rules: only the bits of the
 * per-byte writable mask change, write-1-to-clear bits clear, everything else is read
 * only. Side effects (interrupt enables and masks) are read back from the bytes by
 * pci_config_mirror, so a write by any width lands the same way.
 */
#include <string.h>

#include "common/log.h"
#include "platform/pci_internal.h"

static void put_rw(struct pci_function *fn, uint32_t off, uint32_t value, uint32_t wmask,
                   unsigned n)
{
    pci_cfg_put(fn->cfg, off, value, n);
    pci_cfg_put(fn->wmask, off, wmask, n);
}

static void header_init(struct pci_function *fn, const struct pci_function_desc *d)
{
    pci_cfg_put(fn->cfg, PCI_VENDOR_ID, d->vendor_id, 2);
    pci_cfg_put(fn->cfg, PCI_DEVICE_ID, d->device_id, 2);
    put_rw(fn, PCI_COMMAND, 0,
           PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_PARITY |
           PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE, 2);
    pci_cfg_put(fn->cfg, PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
    pci_cfg_put(fn->w1c, PCI_STATUS, 0xF900, 2);       /* parity, aborts, SERR: RW1C */
    fn->cfg[PCI_REVISION] = d->revision;
    pci_cfg_put(fn->cfg, PCI_CLASS_PROG, d->class_code, 3);
    put_rw(fn, 0x0C, 0, 0xFF, 1);                       /* cache line size */
    put_rw(fn, 0x0D, 0, 0xFF, 1);                       /* latency timer */
    fn->cfg[PCI_HEADER_TYPE] = 0;
    pci_cfg_put(fn->cfg, PCI_SUBSYSTEM_VENDOR, d->subsystem_vendor_id, 2);
    pci_cfg_put(fn->cfg, PCI_SUBSYSTEM_ID, d->subsystem_id, 2);
    fn->cfg[PCI_CAP_PTR] = PCI_CAP_PM_AT;
    put_rw(fn, PCI_INTERRUPT_LINE, fn->intx_pin ? 11 : 0xFF, 0xFF, 1);
    fn->cfg[PCI_INTERRUPT_PIN] = fn->intx_pin ? 1 : 0;  /* INTA# */
}

/* A BAR's low bits say what it is; the address bits below its size read as zero. */
static void bar_init(struct pci_function *fn, unsigned i)
{
    const struct pci_bar *b = &fn->bar[i];
    uint32_t off = PCI_BAR0 + 4 * i;
    if (!b->present)
        return;
    if (b->io) {
        put_rw(fn, off, (uint32_t)b->address | 0x1, ~(b->size - 1) & ~0x3u, 4);
        return;
    }
    uint32_t type = b->mem64 ? 0x4 : 0x0;
    put_rw(fn, off, ((uint32_t)b->address & ~0xFu) | type, ~(b->size - 1) & ~0xFu, 4);
    if (b->mem64)
        put_rw(fn, off + 4, (uint32_t)(b->address >> 32), 0xFFFFFFFFu, 4);
}

static void cap_pm(struct pci_function *fn, uint8_t at, uint8_t next)
{
    fn->cfg[at] = PCI_CAP_ID_PM;
    fn->cfg[at + 1] = next;
    pci_cfg_put(fn->cfg, at + 2, 0x0003, 2);            /* version 3, no PME */
    put_rw(fn, at + 4, 0x0008, 0x0003, 2);              /* D-state RW, No_Soft_Reset */
}

static unsigned log2u(unsigned v)
{
    unsigned l = 0;
    while ((1u << l) < v)
        l++;
    return l;
}

static void cap_msi(struct pci_function *fn, uint8_t at, uint8_t next)
{
    fn->cfg[at] = PCI_CAP_ID_MSI;
    fn->cfg[at + 1] = next;
    uint32_t control = (log2u(fn->msi_vectors) << 1) | PCI_MSI_64BIT | PCI_MSI_PVM;
    put_rw(fn, at + PCI_MSI_CONTROL, control, 0x0071, 2);   /* enable, multiple message enable */
    put_rw(fn, at + PCI_MSI_ADDRESS_LO, 0, 0xFFFFFFFCu, 4);
    put_rw(fn, at + PCI_MSI_ADDRESS_HI, 0, 0xFFFFFFFFu, 4);
    put_rw(fn, at + PCI_MSI_DATA, 0, 0xFFFF, 2);
    uint32_t vec_mask = fn->msi_vectors >= 32 ? 0xFFFFFFFFu : (1u << fn->msi_vectors) - 1;
    put_rw(fn, at + PCI_MSI_MASK, 0, vec_mask, 4);
}

static void cap_exp(struct pci_function *fn, uint8_t at, uint8_t next)
{
    fn->cfg[at] = PCI_CAP_ID_EXP;
    fn->cfg[at + 1] = next;
    pci_cfg_put(fn->cfg, at + 0x02, 0x0002, 2);         /* version 2, endpoint */
    pci_cfg_put(fn->cfg, at + 0x04, 0x00008001, 4);     /* 256-byte payload, role-based errors */
    put_rw(fn, at + 0x08, 0x2810, 0x7FFF, 2);           /* device control (no FLR) */
    pci_cfg_put(fn->w1c, at + 0x0A, 0x000F, 2);         /* device status error bits */
    pci_cfg_put(fn->cfg, at + 0x0C, 0x00000043, 4);     /* link: 8 GT/s, x4 */
    put_rw(fn, at + 0x10, 0, 0x00C3, 2);                /* link control */
    pci_cfg_put(fn->cfg, at + 0x12, 0x0043, 2);         /* link status: 8 GT/s, x4 */
    pci_cfg_put(fn->cfg, at + 0x2C, 0x0000000E, 4);     /* link caps 2: 2.5, 5, 8 GT/s */
}

static void cap_msix(struct pci_function *fn, uint8_t at)
{
    fn->cfg[at] = PCI_CAP_ID_MSIX;
    fn->cfg[at + 1] = 0;
    put_rw(fn, at + PCI_MSIX_CONTROL, (uint32_t)(fn->msix_vectors - 1),
           PCI_MSIX_ENABLE | PCI_MSIX_FMASK, 2);
    pci_cfg_put(fn->cfg, at + PCI_MSIX_TABLE, fn->msix_bar, 4);
    pci_cfg_put(fn->cfg, at + PCI_MSIX_PBA, fn->msix_pba_offset | fn->msix_bar, 4);
}

void pci_config_init(struct pci_function *fn, const struct pci_function_desc *d)
{
    memset(fn->cfg, 0, sizeof fn->cfg);
    memset(fn->wmask, 0, sizeof fn->wmask);
    memset(fn->w1c, 0, sizeof fn->w1c);
    header_init(fn, d);
    for (unsigned i = 0; i < PCI_BARS; i++)
        bar_init(fn, i);
    /* PM -> [MSI] -> PCIe -> [MSI-X] */
    cap_pm(fn, PCI_CAP_PM_AT, fn->msi_vectors ? PCI_CAP_MSI_AT : PCI_CAP_EXP_AT);
    if (fn->msi_vectors)
        cap_msi(fn, PCI_CAP_MSI_AT, PCI_CAP_EXP_AT);
    cap_exp(fn, PCI_CAP_EXP_AT, fn->msix_vectors ? PCI_CAP_MSIX_AT : 0);
    if (fn->msix_vectors)
        cap_msix(fn, PCI_CAP_MSIX_AT);
}

void pci_config_mirror(struct pci_function *fn)
{
    uint16_t command = (uint16_t)pci_cfg_get(fn, PCI_COMMAND, 2);
    uint32_t state = PCI_IRQ_NONE, msi_count = 0, msi_mask = 0;
    if (fn->msix_vectors) {
        uint32_t ctl = pci_cfg_get(fn, PCI_CAP_MSIX_AT + PCI_MSIX_CONTROL, 2);
        if (ctl & PCI_MSIX_ENABLE)
            state = PCI_IRQ_MSIX;
        if (ctl & PCI_MSIX_FMASK)
            state |= PCI_IRQ_STATE_FMASK;
    }
    if (fn->msi_vectors) {
        uint32_t ctl = pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_CONTROL, 2);
        unsigned mme = (ctl >> 4) & 7, mmc = (ctl >> 1) & 7;
        msi_count = 1u << (mme < mmc ? mme : mmc);
        msi_mask = pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_MASK, 4);
        if ((ctl & PCI_MSI_ENABLE) && (state & PCI_IRQ_STATE_MODE) == PCI_IRQ_NONE)
            state |= PCI_IRQ_MSI;
    }
    if ((state & PCI_IRQ_STATE_MODE) == PCI_IRQ_NONE && fn->intx_pin &&
        !(command & PCI_COMMAND_INTX_DISABLE))
        state |= PCI_IRQ_INTX;
    atomic_store(&fn->command, command);
    atomic_store(&fn->msi_count, msi_count);
    atomic_store(&fn->msi_mask, msi_mask);
    atomic_store(&fn->irq_state, state);
}

uint32_t pci_config_read(struct pci_function *fn, uint32_t offset, void *buf, uint32_t len)
{
    if (offset >= PCI_CONFIG_BYTES || !buf)
        return 0;
    if (len > PCI_CONFIG_BYTES - offset)
        len = PCI_CONFIG_BYTES - offset;
    pthread_mutex_lock(&fn->lock);
    memcpy(buf, fn->cfg + offset, len);
    pthread_mutex_unlock(&fn->lock);
    return len;
}

/* A BAR written with something other than its address or the sizing pattern. */
static void bar_check(struct pci_function *fn, unsigned i)
{
    const struct pci_bar *b = &fn->bar[i];
    if (!b->present)
        return;
    uint32_t off = PCI_BAR0 + 4 * i;
    uint64_t mask = ~(uint64_t)(b->size - 1) & (b->io ? ~0x3ull : ~0xFull);
    uint64_t v = pci_cfg_get(fn, off, 4);
    if (b->mem64)
        v |= (uint64_t)pci_cfg_get(fn, off + 4, 4) << 32;
    else
        mask &= 0xFFFFFFFFu;
    v &= mask;
    bool sizing_half = b->mem64 && ((uint32_t)v == (uint32_t)mask || (v >> 32) == 0xFFFFFFFFu);
    if (v == mask || v == (b->address & mask) || sizing_half)
        return;
    ulog_guest(ULOG_WARN, "%s: BAR%u written with %#llx: relocation is not emulated, the "
               "registers stay at bus address %#llx", fn->name, i, (unsigned long long)v,
               (unsigned long long)b->address);
}

uint32_t pci_config_write(struct pci_function *fn, uint32_t offset, const void *buf, uint32_t len)
{
    if (offset >= PCI_CONFIG_BYTES || !buf)
        return 0;
    if (len > PCI_CONFIG_BYTES - offset)
        len = PCI_CONFIG_BYTES - offset;
    const uint8_t *src = buf;
    pthread_mutex_lock(&fn->lock);
    for (uint32_t i = 0; i < len; i++) {
        uint32_t at = offset + i;
        uint8_t v = (uint8_t)((fn->cfg[at] & ~fn->wmask[at]) | (src[i] & fn->wmask[at]));
        fn->cfg[at] = (uint8_t)(v & ~(src[i] & fn->w1c[at]));
    }
    pci_config_mirror(fn);
    if (offset < PCI_BAR0 + 4 * PCI_BARS && offset + len > PCI_BAR0)
        for (unsigned b = 0; b < PCI_BARS; b++)
            bar_check(fn, b);
    pthread_mutex_unlock(&fn->lock);
    pci_irq_release_pending(fn);
    return len;
}
