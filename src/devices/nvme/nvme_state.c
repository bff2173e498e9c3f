/*
 * Controller state (NVMe 1.4 §3.1.5 CC, §3.1.6 CSTS, §7.3 resets, §7.6.2 shutdown):
 * enabling (admin queues from AQA/ASQ/ACQ, CSTS.RDY), controller reset on CC.EN 1->0,
 * normal and abrupt shutdown through CC.SHN, and CSTS.CFS when the controller cannot
 * go on (an enable with an invalid configuration, queue memory it cannot reach).
 *
 * A reset or shutdown must not pull queues from under a thread that is serving them,
 * and that thread may be the one writing CC (an ISR run inline from a completion). So
 * these are "quiet-point" jobs: CC.EN = 0 marks the controller resetting, and whoever
 * makes c->busy reach zero (the writer itself if nothing is inside) finishes the job;
 * the host meanwhile polls CSTS.RDY, as the specification expects.
 */
#include "common/log.h"
#include "devices/nvme/nvme_internal.h"

#define NVME_CC_WRITABLE 0x00FFFFF1u

static void csts_set(struct nvme_ctrl *c, uint32_t csts)
{
    c->csts = csts;
    nvme_reg_publish(c, NVME_REG_CSTS, csts, 4);
}

/* ---- enable ---- */

static const char *enable_problem(struct nvme_ctrl *c)
{
    uint32_t mps = NVME_CC_MPS(c->cc);
    if (mps < c->cfg.mpsmin || mps > c->cfg.mpsmax)
        return "CC.MPS outside CAP.MPSMIN..MPSMAX";
    if (NVME_CC_CSS(c->cc) != 0)
        return "CC.CSS is not the NVM command set";
    if (NVME_CC_AMS(c->cc) != 0)
        return "CC.AMS asks for an arbitration other than round robin (CAP.AMS is 0)";
    if (NVME_AQA_ASQS(c->aqa) < 1 || NVME_AQA_ACQS(c->aqa) < 1)
        return "AQA gives an admin queue of fewer than 2 entries";
    uint64_t page = 4096ull << mps;
    if ((c->asq & (page - 1)) || (c->acq & (page - 1)))
        return "ASQ or ACQ is not aligned to the memory page size";
    return NULL;
}

/* Under c->lock, from DISABLED with CC.EN = 1. */
static void enable(struct nvme_ctrl *c)
{
    const char *why = enable_problem(c);
    if (!why) {
        c->page_size = 4096u << NVME_CC_MPS(c->cc);
        uint32_t cqsize = NVME_AQA_ACQS(c->aqa) + 1, sqsize = NVME_AQA_ASQS(c->aqa) + 1;
        if (nvme_cq_setup(c, 0, c->acq, cqsize, 0, true) != 0)
            why = "the admin completion queue is not in memory the device may reach";
        else if (nvme_sq_setup(c, 0, c->asq, sqsize, &c->cqs[0]) != 0)
            why = "the admin submission queue is not in memory the device may reach";
    }
    if (why) {
        nvme_cq_teardown(c, &c->cqs[0]);
        csts_set(c, c->csts | NVME_CSTS_CFS);
        nvme_guest(c, "enable refused (CSTS.CFS set): %s", why);
        return;
    }
    atomic_store(&c->state, NVME_READY);
    csts_set(c, NVME_CSTS_RDY);
    ulog_host(ULOG_DEBUG, "%s: ready (page %u, admin SQ %u, CQ %u entries)", c->name,
              c->page_size, NVME_AQA_ASQS(c->aqa) + 1, NVME_AQA_ACQS(c->aqa) + 1);
}

/* ---- reset ---- */

/* Under c->lock with nothing inside the queues. */
static void reset_finish(struct nvme_ctrl *c)
{
    nvme_events_reset(c);
    for (uint32_t i = 0; i < c->nqueues; i++)
        nvme_sq_teardown(c, &c->sqs[i]);
    for (uint32_t i = 0; i < c->nqueues; i++)
        nvme_cq_teardown(c, &c->cqs[i]);
    nvme_features_reset(c);
    c->io_queue_created = false;
    c->shutdown_pending = false;
    pthread_mutex_lock(&c->irq_lock);
    c->intms = 0;
    c->msi_pending = 0;
    pthread_mutex_unlock(&c->irq_lock);
    nvme_reg_publish(c, NVME_REG_INTMS, 0, 4);
    nvme_reg_publish(c, NVME_REG_INTMC, 0, 4);
    nvme_irq_intx_update(c);
    csts_set(c, 0);
    atomic_store(&c->state, NVME_DISABLED);
    atomic_fetch_add(&c->resets, 1);
    if (c->cc & NVME_CC_EN)             /* EN set again before RDY dropped */
        enable(c);
}

/* ---- shutdown ---- */

static void flush_namespaces(struct nvme_ctrl *c)
{
    for (uint32_t i = 0; i < c->cfg.max_namespaces; i++) {
        struct nvme_ns *ns = nvme_ns_get(c, i + 1);
        if (!ns)
            continue;
        struct ustor_backend_queue *q;
        if ((ns->caps & USTOR_BACKEND_CAN_FLUSH) && ustor_backend_queue_open(ns->backend, 1, &q) == 0) {
            if (ustor_backend_io(q, USTOR_BIO_FLUSH, 0, 0, 0, NULL) < 0)
                ulog_host(ULOG_WARN, "%s: flush of namespace %u at shutdown failed", c->name,
                          i + 1);
            ustor_backend_queue_close(q);
        }
        nvme_ns_put(ns);
    }
}

static void shutdown_finish(struct nvme_ctrl *c)
{
    flush_namespaces(c);
    c->shutdown_pending = false;
    csts_set(c, (c->csts & ~NVME_CSTS_SHST_MASK) | NVME_CSTS_SHST_COMPLETE);
}

/* ---- quiet points ---- */

bool nvme_enter(struct nvme_ctrl *c)
{
    atomic_fetch_add(&c->busy, 1);
    if (atomic_load(&c->state) == NVME_READY)
        return true;
    nvme_leave(c);
    return false;
}

void nvme_leave(struct nvme_ctrl *c)
{
    if (atomic_fetch_sub(&c->busy, 1) == 1 && atomic_load(&c->service))
        nvme_service(c);
}

void nvme_service(struct nvme_ctrl *c)
{
    pthread_mutex_lock(&c->lock);
    if (atomic_load(&c->busy) == 0) {
        if (atomic_load(&c->state) == NVME_RESETTING)
            reset_finish(c);
        if (c->shutdown_pending)
            shutdown_finish(c);
        atomic_store(&c->service, false);
    }
    pthread_mutex_unlock(&c->lock);
}

void nvme_fatal(struct nvme_ctrl *c, const char *why)
{
    pthread_mutex_lock(&c->lock);
    int expect = NVME_READY;
    atomic_compare_exchange_strong(&c->state, &expect, NVME_FAILED);
    csts_set(c, c->csts | NVME_CSTS_CFS);
    pthread_mutex_unlock(&c->lock);
    nvme_guest(c, "controller fatal status (CSTS.CFS): %s", why);
}

/* ---- CC ---- */

static void shutdown_request(struct nvme_ctrl *c)
{
    int st = atomic_load(&c->state);
    if (st != NVME_READY) {
        csts_set(c, (c->csts & ~NVME_CSTS_SHST_MASK) | NVME_CSTS_SHST_COMPLETE);
        return;
    }
    csts_set(c, (c->csts & ~NVME_CSTS_SHST_MASK) | NVME_CSTS_SHST_OCCURRING);
    c->shutdown_pending = true;
    atomic_store(&c->service, true);
}

void nvme_cc_write(struct nvme_ctrl *c, uint32_t cc)
{
    pthread_mutex_lock(&c->lock);
    uint32_t old = c->cc;
    c->cc = cc & NVME_CC_WRITABLE;
    nvme_reg_publish(c, NVME_REG_CC, c->cc, 4);
    int st = atomic_load(&c->state);
    bool off = (old & NVME_CC_EN) && !(cc & NVME_CC_EN);
    bool on = !(old & NVME_CC_EN) && (cc & NVME_CC_EN);
    if (off && (st == NVME_READY || st == NVME_FAILED)) {
        atomic_store(&c->state, NVME_RESETTING);
        atomic_store(&c->service, true);
    } else if (off) {
        csts_set(c, c->csts & ~NVME_CSTS_CFS);  /* a failed enable is forgotten */
    }
    if (on && st == NVME_DISABLED)
        enable(c);
    if (NVME_CC_SHN(cc) && !NVME_CC_SHN(old))
        shutdown_request(c);
    pthread_mutex_unlock(&c->lock);
    if (atomic_load(&c->service))
        nvme_service(c);
}
