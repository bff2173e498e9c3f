/*
 * PCI interrupts (pci.h): the MSI-X table and PBA window, MSI with per-vector masking,
 * INTx, and delivery of a message to the connected adapter or a test sink.
 *
 * A signal that finds its message masked (MSI-X function or vector mask, MSI mask bit)
 * sets the pending bit under fn->lock, after checking the mask again there; unmasking
 * takes the same lock, clears the pending bits it releases and delivers them after
 * dropping it, so no signal is lost between the two.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "common/log.h"
#include "platform/pci_internal.h"

static struct ustor_window *msix_window(const struct pci_function *fn)
{
    return fn->bar[fn->msix_bar].window;
}

static void deliver(struct pci_function *fn, uint32_t message, enum pci_delivery how)
{
    pci_irq_sink_fn *sink = atomic_load(&fn->sink);
    if (sink) {
        sink(atomic_load(&fn->sink_ctx), message, how);
        atomic_fetch_add_explicit(&fn->delivered, 1, memory_order_relaxed);
        return;
    }
    int rc = -ENODEV;
    atomic_fetch_add(&fn->delivering, 1);
    struct ustor_adapter *a = atomic_load(&fn->adapter);
    if (a)
        rc = how == PCI_DELIVER_POST ? ustor_adapter_interrupt_post(a, message)
                                     : ustor_adapter_interrupt(a, message);
    atomic_fetch_sub(&fn->delivering, 1);
    atomic_fetch_add_explicit(rc == 0 ? &fn->delivered : &fn->dropped, 1, memory_order_relaxed);
}

/* ---- MSI-X ---- */

static bool msix_entry_masked(struct pci_function *fn, uint32_t v)
{
    uint32_t ctl = (uint32_t)ustor_window_get(msix_window(fn),
                                              v * PCI_MSIX_ENTRY_BYTES + PCI_MSIX_ENTRY_CONTROL, 4);
    return ctl & PCI_MSIX_ENTRY_MASKED;
}

static uint64_t pba_word(struct pci_function *fn, uint32_t w)
{
    return ustor_window_get(msix_window(fn), fn->msix_pba_offset + 8 * w, 8);
}

static void pba_set_word(struct pci_function *fn, uint32_t w, uint64_t bits)
{
    ustor_window_set(msix_window(fn), fn->msix_pba_offset + 8 * w, bits, 8);
}

/* Under the lock: still masked? Then the vector becomes pending. */
static bool msix_hold(struct pci_function *fn, uint32_t v)
{
    pthread_mutex_lock(&fn->lock);
    bool fmask = atomic_load(&fn->irq_state) & PCI_IRQ_STATE_FMASK;
    bool held = fmask || msix_entry_masked(fn, v);
    if (held)
        pba_set_word(fn, v / 64, pba_word(fn, v / 64) | (1ull << (v % 64)));
    pthread_mutex_unlock(&fn->lock);
    return held;
}

static void msix_notify(struct pci_function *fn, uint32_t state, uint32_t v, enum pci_delivery how)
{
    if (v >= fn->msix_vectors) {
        ulog_guest(ULOG_WARN, "%s: MSI-X vector %u signalled, the table has %u", fn->name, v,
                   fn->msix_vectors);
        atomic_fetch_add(&fn->dropped, 1);
        return;
    }
    if (((state & PCI_IRQ_STATE_FMASK) || msix_entry_masked(fn, v)) && msix_hold(fn, v)) {
        atomic_fetch_add_explicit(&fn->held, 1, memory_order_relaxed);
        return;
    }
    deliver(fn, v, how);
}

/* Collects pending vectors no longer masked into OUT (a bitmap), clearing them. */
static void msix_release(struct pci_function *fn, uint64_t *out)
{
    if (atomic_load(&fn->irq_state) & PCI_IRQ_STATE_FMASK)
        return;
    for (uint32_t w = 0; w * 64 < fn->msix_vectors; w++) {
        uint64_t bits = pba_word(fn, w), keep = bits;
        for (uint64_t b = bits; b; b &= b - 1) {
            uint32_t v = w * 64 + (uint32_t)__builtin_ctzll(b);
            if (!msix_entry_masked(fn, v)) {
                keep &= ~(1ull << (v % 64));
                out[w] |= 1ull << (v % 64);
            }
        }
        if (keep != bits)
            pba_set_word(fn, w, keep);
    }
}

static uint64_t msix_write_value(uint32_t field, uint32_t cur, uint32_t value)
{
    if (field == 0)
        return value & ~0x3u;                           /* message address is dword aligned */
    if (field == PCI_MSIX_ENTRY_CONTROL)
        return (cur & ~PCI_MSIX_ENTRY_MASKED) | (value & PCI_MSIX_ENTRY_MASKED);
    return value;
}

static void msix_window_write(void *ctx, struct ustor_window *w, uint32_t off, uint64_t value,
                              unsigned size)
{
    struct pci_function *fn = ctx;
    if (size == 8) {
        msix_window_write(ctx, w, off, value & 0xFFFFFFFFu, 4);
        msix_window_write(ctx, w, off + 4, value >> 32, 4);
        return;
    }
    if (off >= fn->msix_vectors * PCI_MSIX_ENTRY_BYTES) {
        ulog_guest(ULOG_DEBUG, "%s: write to the MSI-X PBA or beyond the table at %#x ignored",
                   fn->name, off);
        return;
    }
    uint32_t dw = off & ~3u, shift = (off & 3) * 8, field = dw % PCI_MSIX_ENTRY_BYTES;
    uint32_t lanes = size >= 4 ? 0xFFFFFFFFu : ((1u << (size * 8)) - 1) << shift;
    pthread_mutex_lock(&fn->lock);
    uint32_t cur = (uint32_t)ustor_window_get(w, dw, 4);
    uint32_t merged = (cur & ~lanes) | (((uint32_t)value << shift) & lanes);
    uint32_t now = (uint32_t)msix_write_value(field, cur, merged);
    ustor_window_set(w, dw, now, 4);
    pthread_mutex_unlock(&fn->lock);
    bool unmasked = field == PCI_MSIX_ENTRY_CONTROL && (cur & PCI_MSIX_ENTRY_MASKED) &&
                    !(now & PCI_MSIX_ENTRY_MASKED);
    if (unmasked)
        pci_irq_release_pending(fn);
}

const struct ustor_window_ops pci_msix_window_ops = {
    .read = NULL,               /* the bytes are the table and the PBA */
    .write = msix_window_write,
};

/* ---- MSI ---- */

static bool msi_hold(struct pci_function *fn, uint32_t m)
{
    pthread_mutex_lock(&fn->lock);
    uint32_t at = PCI_CAP_MSI_AT + PCI_MSI_PENDING;
    bool held = pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_MASK, 4) & (1u << m);
    if (held)
        pci_cfg_put(fn->cfg, at, pci_cfg_get(fn, at, 4) | (1u << m), 4);
    pthread_mutex_unlock(&fn->lock);
    return held;
}

static void msi_notify(struct pci_function *fn, uint32_t v, enum pci_delivery how)
{
    uint32_t count = atomic_load(&fn->msi_count);
    uint32_t m = count ? v % count : 0;
    if ((atomic_load(&fn->msi_mask) & (1u << m)) && msi_hold(fn, m)) {
        atomic_fetch_add_explicit(&fn->held, 1, memory_order_relaxed);
        return;
    }
    deliver(fn, m, how);
}

static uint32_t msi_release(struct pci_function *fn)
{
    uint32_t at = PCI_CAP_MSI_AT + PCI_MSI_PENDING;
    uint32_t pending = pci_cfg_get(fn, at, 4);
    uint32_t freed = pending & ~pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_MASK, 4);
    if (freed)
        pci_cfg_put(fn->cfg, at, pending & ~freed, 4);
    return freed;
}

/* ---- the model's side ---- */

void pci_function_notify(struct pci_function *fn, uint32_t vector, enum pci_delivery how)
{
    uint32_t state = atomic_load(&fn->irq_state);
    switch (state & PCI_IRQ_STATE_MODE) {
    case PCI_IRQ_MSIX:
        msix_notify(fn, state, vector, how);
        return;
    case PCI_IRQ_MSI:
        msi_notify(fn, vector, how);
        return;
    default:
        atomic_fetch_add(&fn->dropped, 1);
        ulog_host(ULOG_DEBUG, "%s: message %u signalled with MSI and MSI-X disabled", fn->name,
                  vector);
    }
}

void pci_function_intx(struct pci_function *fn, bool asserted)
{
    pthread_mutex_lock(&fn->lock);
    bool rising = asserted && !fn->intx_level;
    fn->intx_level = asserted;
    uint32_t status = pci_cfg_get(fn, PCI_STATUS, 2);
    status = asserted ? status | PCI_STATUS_INTERRUPT : status & ~PCI_STATUS_INTERRUPT;
    pci_cfg_put(fn->cfg, PCI_STATUS, status, 2);
    bool enabled = (atomic_load(&fn->irq_state) & PCI_IRQ_STATE_MODE) == PCI_IRQ_INTX;
    pthread_mutex_unlock(&fn->lock);
    if (rising && enabled)
        deliver(fn, 0, PCI_DELIVER_POST);
}

void pci_irq_release_pending(struct pci_function *fn)
{
    uint64_t msix[PCI_MSIX_MAX / 64] = {0};
    uint32_t msi = 0;
    pthread_mutex_lock(&fn->lock);
    uint32_t mode = atomic_load(&fn->irq_state) & PCI_IRQ_STATE_MODE;
    if (mode == PCI_IRQ_MSIX)
        msix_release(fn, msix);
    else if (mode == PCI_IRQ_MSI)
        msi = msi_release(fn);
    /* INTx enabled again while asserted: the line fires */
    bool intx = mode == PCI_IRQ_INTX && !fn->intx_enabled && fn->intx_level;
    fn->intx_enabled = mode == PCI_IRQ_INTX;
    pthread_mutex_unlock(&fn->lock);
    for (uint32_t w = 0; w < PCI_MSIX_MAX / 64; w++)
        for (uint64_t b = msix[w]; b; b &= b - 1)
            deliver(fn, w * 64 + (uint32_t)__builtin_ctzll(b), PCI_DELIVER_INLINE);
    for (uint32_t b = msi; b; b &= b - 1)
        deliver(fn, (uint32_t)__builtin_ctz(b), PCI_DELIVER_INLINE);
    if (intx)
        deliver(fn, 0, PCI_DELIVER_POST);
}

uint32_t pci_function_irq_vectors(const struct pci_function *fn)
{
    switch (atomic_load(&((struct pci_function *)fn)->irq_state) & PCI_IRQ_STATE_MODE) {
    case PCI_IRQ_MSIX: return fn->msix_vectors;
    case PCI_IRQ_MSI: return atomic_load(&((struct pci_function *)fn)->msi_count);
    case PCI_IRQ_INTX: return 1;
    default: return 0;
    }
}

enum pci_irq_mode pci_function_irq_mode(const struct pci_function *fn)
{
    return atomic_load(&((struct pci_function *)fn)->irq_state) & PCI_IRQ_STATE_MODE;
}

/* ---- the operating system's side ---- */

static void program_msix(struct pci_function *fn)
{
    struct ustor_window *w = msix_window(fn);
    for (uint32_t i = 0; i < fn->msix_vectors; i++) {
        uint32_t at = i * PCI_MSIX_ENTRY_BYTES;
        /* a destination per message: distinct addresses tell MSI-X from MSI */
        ustor_window_set(w, at, PCI_MSI_ADDRESS_BASE | ((i & 0xFFu) << 12), 4);
        ustor_window_set(w, at + 4, 0, 4);
        ustor_window_set(w, at + 8, PCI_MSI_DATA_BASE + (i & 0x7Fu), 4);
        ustor_window_set(w, at + PCI_MSIX_ENTRY_CONTROL, 0, 4);
    }
    uint32_t ctl = pci_cfg_get(fn, PCI_CAP_MSIX_AT + PCI_MSIX_CONTROL, 2);
    pci_cfg_put(fn->cfg, PCI_CAP_MSIX_AT + PCI_MSIX_CONTROL,
                (ctl | PCI_MSIX_ENABLE) & ~(uint32_t)PCI_MSIX_FMASK, 2);
}

static void program_msi(struct pci_function *fn)
{
    uint32_t at = PCI_CAP_MSI_AT;
    uint32_t ctl = pci_cfg_get(fn, at + PCI_MSI_CONTROL, 2);
    uint32_t mmc = (ctl >> 1) & 7;
    pci_cfg_put(fn->cfg, at + PCI_MSI_ADDRESS_LO, PCI_MSI_ADDRESS_BASE, 4);
    pci_cfg_put(fn->cfg, at + PCI_MSI_ADDRESS_HI, 0, 4);
    pci_cfg_put(fn->cfg, at + PCI_MSI_DATA, PCI_MSI_DATA_BASE, 2);
    pci_cfg_put(fn->cfg, at + PCI_MSI_CONTROL, (ctl & ~0x70u) | (mmc << 4) | PCI_MSI_ENABLE, 2);
}

void pci_irq_program(struct pci_function *fn, enum pci_irq_mode mode)
{
    if (mode == PCI_IRQ_MSIX && !fn->msix_vectors)
        mode = PCI_IRQ_MSI;
    if (mode == PCI_IRQ_MSI && !fn->msi_vectors)
        mode = PCI_IRQ_INTX;
    if (mode == PCI_IRQ_INTX && !fn->intx_pin)
        mode = PCI_IRQ_NONE;
    pthread_mutex_lock(&fn->lock);
    uint32_t command = pci_cfg_get(fn, PCI_COMMAND, 2);
    if (mode == PCI_IRQ_MSIX)
        program_msix(fn);
    else if (mode == PCI_IRQ_MSI)
        program_msi(fn);
    if (mode == PCI_IRQ_INTX)
        command &= ~(uint32_t)PCI_COMMAND_INTX_DISABLE;
    else
        command |= PCI_COMMAND_INTX_DISABLE;
    pci_cfg_put(fn->cfg, PCI_COMMAND, command, 2);
    pci_config_mirror(fn);
    fn->intx_enabled = mode == PCI_IRQ_INTX;
    pthread_mutex_unlock(&fn->lock);
}

int pci_function_message(struct pci_function *fn, uint32_t id, uint64_t *address,
                         uint32_t *data, bool *masked)
{
    uint32_t mode = pci_function_irq_mode(fn);
    int rc = 0;
    pthread_mutex_lock(&fn->lock);
    if (mode == PCI_IRQ_MSIX && id < fn->msix_vectors) {
        uint32_t at = id * PCI_MSIX_ENTRY_BYTES;
        *address = ustor_window_get(msix_window(fn), at, 8);
        *data = (uint32_t)ustor_window_get(msix_window(fn), at + 8, 4);
        *masked = msix_entry_masked(fn, id);
    } else if (mode == PCI_IRQ_MSI && id < atomic_load(&fn->msi_count)) {
        *address = pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_ADDRESS_LO, 4) |
                   (uint64_t)pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_ADDRESS_HI, 4) << 32;
        *data = pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_DATA, 2) | id;
        *masked = pci_cfg_get(fn, PCI_CAP_MSI_AT + PCI_MSI_MASK, 4) & (1u << id);
    } else {
        rc = -ENOENT;
    }
    pthread_mutex_unlock(&fn->lock);
    return rc;
}

void pci_irq_connect(struct pci_function *fn, struct ustor_adapter *adapter)
{
    atomic_store(&fn->adapter, adapter);
    if (adapter)
        return;
    /* a delivery that read the old adapter finishes before the port frees its line */
    while (atomic_load(&fn->delivering) > 0)
        sched_yield();
}

void pci_function_set_sink(struct pci_function *fn, pci_irq_sink_fn *sink, void *ctx)
{
    atomic_store(&fn->sink_ctx, ctx);
    atomic_store(&fn->sink, sink);
}

void pci_function_irq_stats(const struct pci_function *fn, struct pci_irq_stats *st)
{
    struct pci_function *f = (struct pci_function *)fn;
    st->delivered = atomic_load(&f->delivered);
    st->held = atomic_load(&f->held);
    st->dropped = atomic_load(&f->dropped);
}
