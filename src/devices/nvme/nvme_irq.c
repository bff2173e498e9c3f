/*
 * NVMe interrupts (NVMe 1.4 §7.5): a completion queue with interrupts enabled signals
 * its vector. With MSI-X the PCI layer applies the table's masks; with MSI the
 * controller's INTMS/INTMC mask each vector and hold it pending until unmasked; with
 * INTx the line is asserted while some enabled CQ holds entries the host has not
 * consumed and vector 0 is unmasked. Writing INTMS/INTMC with MSI-X enabled is
 * undefined by the specification: ignored and reported.
 */
#include "devices/nvme/nvme_internal.h"

static enum pci_delivery delivery(void)
{
    return nvme_on_device_thread() ? PCI_DELIVER_POST : PCI_DELIVER_INLINE;
}

void nvme_irq_batch_add(struct nvme_ctrl *c, struct nvme_irq_batch *b, struct nvme_cq *cq)
{
    for (uint32_t i = 0; i < b->n; i++)
        if (b->cq[i] == cq)
            return;
    if (b->n == sizeof b->cq / sizeof b->cq[0])
        nvme_irq_batch_flush(c, b);
    b->cq[b->n++] = cq;
}

void nvme_irq_batch_flush(struct nvme_ctrl *c, struct nvme_irq_batch *b)
{
    uint32_t n = b->n;
    b->n = 0;
    for (uint32_t i = 0; i < n; i++)
        nvme_irq_cq(c, b->cq[i]);
}

static void msi_signal(struct nvme_ctrl *c, uint32_t iv)
{
    uint32_t bit = 1u << (iv % 32);
    pthread_mutex_lock(&c->irq_lock);
    bool masked = c->intms & bit;
    if (masked)
        c->msi_pending |= bit;
    pthread_mutex_unlock(&c->irq_lock);
    if (!masked)
        pci_function_notify(c->pci, iv, delivery());
}

void nvme_irq_cq(struct nvme_ctrl *c, struct nvme_cq *cq)
{
    pthread_mutex_lock(&cq->lock);
    bool ien = cq->active && cq->ien;
    uint16_t iv = cq->iv;
    pthread_mutex_unlock(&cq->lock);
    if (!ien)
        return;
    switch (pci_function_irq_mode(c->pci)) {
    case PCI_IRQ_MSIX:
        pci_function_notify(c->pci, iv, delivery());
        break;
    case PCI_IRQ_MSI:
        msi_signal(c, iv);
        break;
    case PCI_IRQ_INTX:
        nvme_irq_intx_update(c);
        break;
    default:
        break;
    }
}

/* Under irq_lock: some enabled CQ has entries the host has not consumed. */
static bool intx_level(struct nvme_ctrl *c)
{
    if (c->intms & 1u)
        return false;
    for (uint32_t i = 0; i < c->nqueues; i++) {
        struct nvme_cq *cq = &c->cqs[i];
        pthread_mutex_lock(&cq->lock);
        bool pending = cq->active && cq->ien && atomic_load(&cq->head) != atomic_load(&cq->tail);
        pthread_mutex_unlock(&cq->lock);
        if (pending)
            return true;
    }
    return false;
}

void nvme_irq_intx_update(struct nvme_ctrl *c)
{
    /* computed and applied under one lock, so the line never keeps a stale level */
    pthread_mutex_lock(&c->irq_lock);
    pci_function_intx(c->pci, intx_level(c));
    pthread_mutex_unlock(&c->irq_lock);
}

void nvme_irq_mask_write(struct nvme_ctrl *c, uint32_t bits, bool set)
{
    enum pci_irq_mode mode = pci_function_irq_mode(c->pci);
    if (mode == PCI_IRQ_MSIX) {
        nvme_guest(c, "%s written with %#x while MSI-X is enabled: ignored",
                   set ? "INTMS" : "INTMC", bits);
        return;
    }
    pthread_mutex_lock(&c->irq_lock);
    uint32_t fire = 0;
    if (set) {
        c->intms |= bits;
    } else {
        c->intms &= ~bits;
        fire = c->msi_pending & bits;
        c->msi_pending &= ~fire;
    }
    nvme_reg_publish(c, NVME_REG_INTMS, c->intms, 4);
    nvme_reg_publish(c, NVME_REG_INTMC, c->intms, 4);
    pthread_mutex_unlock(&c->irq_lock);
    if (mode == PCI_IRQ_MSI)
        for (uint32_t b = fire; b; b &= b - 1)
            pci_function_notify(c->pci, (uint32_t)__builtin_ctz(b), delivery());
    if (mode == PCI_IRQ_INTX)
        nvme_irq_intx_update(c);
}

bool nvme_irq_vector_valid(struct nvme_ctrl *c, uint32_t iv)
{
    switch (pci_function_irq_mode(c->pci)) {
    case PCI_IRQ_MSIX: return iv < c->nqueues;
    case PCI_IRQ_MSI: return iv < 32;
    default: return iv < c->nqueues;   /* INTx: one line whatever the vector */
    }
}
