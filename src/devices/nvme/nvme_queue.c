/*
 * NVMe queues (NVMe 1.4 §4.1, §4.6, §7.2): creating and dropping SQs and CQs, the SQ
 * tail and CQ head doorbells, fetching commands and posting their completions.
 *
 * Serving an SQ: the thread that exposes new entries (the doorbell writer) fetches and
 * runs them, unless another thread is already serving that queue, which then sees the
 * new tail before it leaves. Before taking an entry the server reserves a slot in the
 * CQ, so a completion always has room and the model never holds more commands than
 * the CQ can report: a full CQ stops the fetch until the host moves the CQ head.
 * A command owns a preallocated context (cmds_per_sq per SQ); nothing here allocates
 * per command.
 * Doorbell values the specification calls invalid (an SQ tail beyond the queue, a CQ
 * head beyond what was posted, a doorbell of a queue that does not exist) change
 * nothing and raise the error asynchronous event it defines.
 */
#include <errno.h>
#include <stdlib.h>

#include "common/log.h"
#include "devices/nvme/nvme_internal.h"

static _Thread_local bool device_thread;

bool nvme_on_device_thread(void)
{
    return device_thread;
}

void nvme_set_device_thread(void)
{
    device_thread = true;
}

static bool queue_memory_ok(struct nvme_ctrl *c, uint64_t base, uint64_t bytes, const char *who)
{
    return dma_check(c->dma, base, bytes, DMA_BIDIRECTIONAL, who) == 0;
}

/* ---- completion queues ---- */

uint16_t nvme_cq_setup(struct nvme_ctrl *c, uint16_t qid, uint64_t base, uint32_t size,
                       uint16_t iv, bool ien)
{
    struct nvme_cq *cq = &c->cqs[qid];
    if (!queue_memory_ok(c, base, (uint64_t)size * sizeof(struct nvme_cqe), "NVMe CQ"))
        return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD) | NVME_DNR;
    pthread_mutex_lock(&cq->lock);
    cq->base = base;
    cq->size = size;
    cq->iv = iv;
    cq->ien = ien;
    atomic_store(&cq->head, 0);
    atomic_store(&cq->tail, 0);
    cq->phase = 1;
    cq->reserved = 0;
    cq->nsq = 0;
    cq->starved = false;
    cq->active = true;
    pthread_mutex_unlock(&cq->lock);
    return 0;
}

void nvme_cq_teardown(struct nvme_ctrl *c, struct nvme_cq *cq)
{
    (void)c;
    pthread_mutex_lock(&cq->lock);
    cq->active = false;
    cq->ien = false;
    atomic_store(&cq->head, 0);
    atomic_store(&cq->tail, 0);
    pthread_mutex_unlock(&cq->lock);
}

/* Under cq->lock: entries posted and not consumed, plus promised ones. */
static bool cq_room(const struct nvme_cq *cq)
{
    uint32_t used = (atomic_load(&cq->tail) + cq->size - atomic_load(&cq->head)) % cq->size;
    return used + cq->reserved + 1 < cq->size;
}

static void cq_unreserve(struct nvme_cq *cq)
{
    pthread_mutex_lock(&cq->lock);
    if (cq->reserved)
        cq->reserved--;
    pthread_mutex_unlock(&cq->lock);
}

/* The phase-carrying dword goes last, with release order, for hosts that poll it. */
static bool cqe_write(struct nvme_ctrl *c, uint64_t at, const struct nvme_cqe *e)
{
    if (!nvme_dma_allowed(c))
        return false;
    uint32_t *p = dma_map(c->dma, at, sizeof *e, DMA_FROM_DEVICE, "NVMe CQ entry");
    if (!p)
        return false;
    const uint32_t *w = (const uint32_t *)(const void *)e;
    p[0] = w[0];
    p[1] = w[1];
    p[2] = w[2];
    __atomic_store_n(&p[3], w[3], __ATOMIC_RELEASE);
    return true;
}

static bool cq_post(struct nvme_ctrl *c, struct nvme_cq *cq, const struct nvme_cmd *cmd)
{
    struct nvme_cqe e = {
        .dw0 = cmd->dw0,
        .sqhd = (uint16_t)atomic_load(&cmd->sq->head),
        .sqid = cmd->sq->qid,
        .cid = cmd->sqe.cid,
    };
    pthread_mutex_lock(&cq->lock);
    uint32_t tail = atomic_load(&cq->tail);
    e.status = (uint16_t)((cmd->status << 1) | cq->phase);
    bool ok = cq->active && cqe_write(c, cq->base + (uint64_t)tail * sizeof e, &e);
    if (ok) {
        tail = (tail + 1) % cq->size;
        if (tail == 0)
            cq->phase ^= 1;
        atomic_store(&cq->tail, tail);
    }
    if (cq->reserved)
        cq->reserved--;
    pthread_mutex_unlock(&cq->lock);
    return ok;
}

/* ---- submission queues ---- */

static int sq_alloc(struct nvme_ctrl *c, struct nvme_sq *sq, uint32_t ncmds)
{
    sq->cmds = calloc(ncmds, sizeof *sq->cmds);
    sq->iovs = calloc((size_t)ncmds * c->max_iov, sizeof *sq->iovs);
    sq->bq = calloc(c->cfg.max_namespaces, sizeof *sq->bq);
    if (!sq->cmds || !sq->iovs || !sq->bq) {
        free(sq->cmds);
        free(sq->iovs);
        free(sq->bq);
        sq->cmds = NULL;
        sq->iovs = NULL;
        sq->bq = NULL;
        return -ENOMEM;
    }
    sq->ncmds = ncmds;
    sq->free_cmds = NULL;
    for (uint32_t i = ncmds; i-- > 0;) {
        struct nvme_cmd *cmd = &sq->cmds[i];
        cmd->sq = sq;
        cmd->iov = sq->iovs + (size_t)i * c->max_iov;
        cmd->next = sq->free_cmds;
        sq->free_cmds = cmd;
    }
    return 0;
}

int nvme_sq_setup(struct nvme_ctrl *c, uint16_t qid, uint64_t base, uint32_t size,
                  struct nvme_cq *cq)
{
    struct nvme_sq *sq = &c->sqs[qid];
    if (!queue_memory_ok(c, base, (uint64_t)size * sizeof(struct nvme_sqe), "NVMe SQ"))
        return -EFAULT;
    uint32_t limit = qid ? c->cfg.cmds_per_sq : NVME_ADMIN_CMDS;
    pthread_mutex_lock(&sq->lock);
    int rc = sq_alloc(c, sq, size < limit ? size : limit);
    if (rc == 0) {
        sq->base = base;
        sq->size = size;
        sq->cq = cq;
        atomic_store(&sq->head, 0);
        sq->tail = 0;
        sq->draining = sq->deleting = sq->cmd_starved = false;
        sq->inflight = 0;
        sq->delete_cmd = NULL;
        atomic_store(&sq->reads, 0);
        atomic_store(&sq->writes, 0);
        atomic_store(&sq->read_units, 0);
        atomic_store(&sq->write_units, 0);
        sq->active = true;
    }
    pthread_mutex_unlock(&sq->lock);
    if (rc == 0) {
        pthread_mutex_lock(&cq->lock);
        cq->nsq++;
        pthread_mutex_unlock(&cq->lock);
    }
    return rc;
}

/* Under c->lock, with nothing in flight on the queue. */
void nvme_sq_teardown(struct nvme_ctrl *c, struct nvme_sq *sq)
{
    pthread_mutex_lock(&sq->lock);
    bool was = sq->active;
    struct nvme_cq *cq = sq->cq;
    sq->active = sq->deleting = false;
    sq->delete_cmd = NULL;
    sq->cq = NULL;
    c->reads += atomic_exchange(&sq->reads, 0);
    c->writes += atomic_exchange(&sq->writes, 0);
    c->read_units += atomic_exchange(&sq->read_units, 0);
    c->write_units += atomic_exchange(&sq->write_units, 0);
    atomic_fetch_add(&c->commands, atomic_exchange(&sq->completions, 0));
    pthread_mutex_unlock(&sq->lock);
    if (was && cq) {
        pthread_mutex_lock(&cq->lock);
        cq->nsq--;
        pthread_mutex_unlock(&cq->lock);
    }
    if (sq->bq) {
        pthread_rwlock_wrlock(&c->qlife);
        nvme_bq_close_all(c, sq);
        pthread_rwlock_unlock(&c->qlife);
    }
    free(sq->cmds);
    free(sq->iovs);
    free(sq->bq);
    sq->cmds = sq->free_cmds = NULL;
    sq->iovs = NULL;
    sq->bq = NULL;
}

/* A parked Delete I/O SQ finishes once the queue is idle. Called with no lock held. */
static void sq_delete_finish(struct nvme_ctrl *c, struct nvme_sq *sq)
{
    pthread_mutex_lock(&c->lock);
    pthread_mutex_lock(&sq->lock);
    bool idle = sq->active && sq->deleting && !sq->draining && sq->inflight == 0;
    struct nvme_cmd *admin = idle ? sq->delete_cmd : NULL;
    pthread_mutex_unlock(&sq->lock);
    if (idle)
        nvme_sq_teardown(c, sq);
    pthread_mutex_unlock(&c->lock);
    if (admin)
        nvme_cmd_complete(c, admin, NULL);
}

/* ---- doorbells ---- */

void nvme_sq_doorbell(struct nvme_ctrl *c, uint32_t qid, uint32_t tail)
{
    struct nvme_sq *sq = &c->sqs[qid];
    pthread_mutex_lock(&sq->lock);
    bool exists = sq->active && !sq->deleting;
    uint32_t size = sq->size;
    bool valid = exists && tail < size;
    if (valid)
        sq->tail = tail;
    pthread_mutex_unlock(&sq->lock);
    if (!exists) {
        nvme_guest(c, "SQ %u tail doorbell written (%u) but the queue does not exist", qid, tail);
        nvme_event(c, NVME_AER_TYPE_ERROR, NVME_AER_ERROR_INVALID_DB);
    } else if (!valid) {
        nvme_guest(c, "SQ %u tail doorbell %u is beyond the queue's %u entries", qid, tail, size);
        nvme_event(c, NVME_AER_TYPE_ERROR, NVME_AER_ERROR_INVALID_DB_VALUE);
    } else {
        nvme_sq_kick(c, sq);
    }
}

static void cq_kick_sqs(struct nvme_ctrl *c, struct nvme_cq *cq)
{
    for (uint32_t i = 0; i < c->nqueues; i++) {
        struct nvme_sq *sq = &c->sqs[i];
        pthread_mutex_lock(&sq->lock);
        bool bound = sq->active && sq->cq == cq && !sq->draining;
        pthread_mutex_unlock(&sq->lock);
        if (bound)
            nvme_sq_kick(c, sq);
    }
}

void nvme_cq_doorbell(struct nvme_ctrl *c, uint32_t qid, uint32_t head)
{
    struct nvme_cq *cq = &c->cqs[qid];
    pthread_mutex_lock(&cq->lock);
    bool exists = cq->active, valid = false, starved = false;
    uint32_t size = cq->size, old = atomic_load(&cq->head), tail = atomic_load(&cq->tail);
    if (exists && head < size) {
        uint32_t posted = (tail + size - old) % size, step = (head + size - old) % size;
        valid = step <= posted;
    }
    if (valid) {
        atomic_store(&cq->head, head);
        starved = cq->starved;
        cq->starved = false;
    }
    pthread_mutex_unlock(&cq->lock);
    if (!exists) {
        nvme_guest(c, "CQ %u head doorbell written (%u) but the queue does not exist", qid, head);
        nvme_event(c, NVME_AER_TYPE_ERROR, NVME_AER_ERROR_INVALID_DB);
        return;
    }
    if (!valid) {
        nvme_guest(c, "CQ %u head doorbell %u is past the tail %u (head %u, %u entries)", qid,
                   head, tail, old, size);
        nvme_event(c, NVME_AER_TYPE_ERROR, NVME_AER_ERROR_INVALID_DB_VALUE);
        return;
    }
    if (pci_function_irq_mode(c->pci) == PCI_IRQ_INTX)
        nvme_irq_intx_update(c);
    if (starved)
        cq_kick_sqs(c, cq);
}

/* ---- serving an SQ ---- */

void nvme_sq_kick(struct nvme_ctrl *c, struct nvme_sq *sq)
{
    if (c->cfg.threaded && !device_thread)
        nvme_threads_kick(c, sq);
    else
        nvme_sq_drain(c, sq);
}

/* Reserves up to WANT CQ slots at once; how many it got. */
static uint32_t cq_reserve_many(struct nvme_cq *cq, uint32_t want)
{
    pthread_mutex_lock(&cq->lock);
    uint32_t got = 0;
    while (got < want && cq->active && cq_room(cq)) {
        cq->reserved++;
        got++;
    }
    if (got < want)
        cq->starved = true;
    pthread_mutex_unlock(&cq->lock);
    return got;
}

static void cq_unreserve_many(struct nvme_cq *cq, uint32_t n)
{
    pthread_mutex_lock(&cq->lock);
    cq->reserved = cq->reserved > n ? cq->reserved - n : 0;
    pthread_mutex_unlock(&cq->lock);
}

/* Under sq->lock: up to NVME_BATCH entries, contiguous in the queue, each with a
 * context and a CQ slot; one read of host memory for all. *FAULT is set when the
 * entries' memory cannot be read. */
static uint32_t sq_fetch(struct nvme_ctrl *c, struct nvme_sq *sq, struct nvme_cmd **batch,
                         bool *fault)
{
    uint32_t head = atomic_load(&sq->head);
    if (head == sq->tail || sq->deleting)
        return 0;
    uint32_t avail = sq->tail > head ? sq->tail - head : sq->size - head;   /* to the wrap */
    uint32_t want = avail < NVME_BATCH ? avail : NVME_BATCH, n = 0;
    for (struct nvme_cmd *cmd = sq->free_cmds; cmd && n < want; cmd = cmd->next)
        n++;
    if (!n) {
        sq->cmd_starved = true;
        return 0;
    }
    n = cq_reserve_many(sq->cq, n);
    if (!n)
        return 0;
    struct nvme_sqe sqes[NVME_BATCH];
    uint64_t at = sq->base + (uint64_t)head * sizeof sqes[0];
    if (!nvme_dma_allowed(c) || dma_read(c->dma, at, sqes, n * sizeof sqes[0], "NVMe SQ entry") < 0) {
        cq_unreserve_many(sq->cq, n);
        *fault = true;
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        batch[i] = sq->free_cmds;
        sq->free_cmds = batch[i]->next;
        batch[i]->sqe = sqes[i];
    }
    sq->inflight += n;
    atomic_store(&sq->head, (head + n) % sq->size);
    return n;
}

static void cmd_run(struct nvme_ctrl *c, struct nvme_cmd *cmd, struct nvme_irq_batch *irq)
{
    cmd->status = 0;
    cmd->dw0 = 0;
    cmd->ns = NULL;
    cmd->lba = 0;
    cmd->niov = 0;
    enum nvme_run r;
    if (NVME_SQE_FUSE(cmd->sqe.flags)) {
        cmd->status = NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD) | NVME_DNR;
        r = NVME_RUN_DONE;
    } else {
        r = cmd->sq->qid ? nvme_io_run(c, cmd) : nvme_admin_run(c, cmd);
    }
    if (r == NVME_RUN_DONE)
        nvme_cmd_complete(c, cmd, irq);
}

void nvme_sq_drain(struct nvme_ctrl *c, struct nvme_sq *sq)
{
    if (!nvme_enter(c))
        return;
    struct nvme_cmd *batch[NVME_BATCH];
    bool fault = false;
    pthread_mutex_lock(&sq->lock);
    bool serve = sq->active && !sq->draining;
    sq->draining = sq->draining || serve;
    while (serve && atomic_load(&c->state) == NVME_READY) {
        uint32_t n = sq_fetch(c, sq, batch, &fault);
        if (!n)
            break;
        pthread_mutex_unlock(&sq->lock);
        struct nvme_irq_batch irq = {0};
        for (uint32_t i = 0; i < n; i++)
            cmd_run(c, batch[i], &irq);
        nvme_irq_batch_flush(c, &irq);
        pthread_mutex_lock(&sq->lock);
    }
    if (serve)
        sq->draining = false;
    bool finish = serve && sq->deleting && sq->inflight == 0;
    pthread_mutex_unlock(&sq->lock);
    if (fault)
        nvme_fatal(c, "a submission queue entry could not be read from host memory");
    if (finish)
        sq_delete_finish(c, sq);
    nvme_leave(c);
}

/* ---- completing ---- */

static void cmd_release(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    struct nvme_sq *sq = cmd->sq;
    pthread_mutex_lock(&sq->lock);
    cmd->next = sq->free_cmds;
    sq->free_cmds = cmd;
    sq->inflight--;
    bool kick = sq->cmd_starved && !sq->draining;
    sq->cmd_starved = false;
    bool finish = sq->deleting && !sq->draining && sq->inflight == 0;
    pthread_mutex_unlock(&sq->lock);
    if (finish)
        sq_delete_finish(c, sq);
    else if (kick)
        nvme_sq_kick(c, sq);
}

void nvme_cmd_complete(struct nvme_ctrl *c, struct nvme_cmd *cmd, struct nvme_irq_batch *batch)
{
    struct nvme_sq *sq = cmd->sq;
    struct nvme_cq *cq = sq->cq;
    nvme_ns_put(cmd->ns);
    cmd->ns = NULL;
    if (cmd->status) {
        atomic_fetch_add(&c->errors, 1);
        nvme_error_record(c, cmd);
        if (ulog_enabled(ULOG_GUEST, ULOG_DEBUG))
            ulog_guest(ULOG_DEBUG, "%s: SQ %u command %#x (opcode %#x, NSID %u) completed with "
                       "status %#x", c->name, sq->qid, cmd->sqe.cid, cmd->sqe.opcode,
                       cmd->sqe.nsid, cmd->status);
    }
    bool posted = false;
    if (cq && atomic_load(&c->state) == NVME_READY) {
        posted = cq_post(c, cq, cmd);
        if (!posted)
            nvme_fatal(c, "a completion queue entry could not be written to host memory");
    } else if (cq) {
        cq_unreserve(cq);
    }
    atomic_fetch_add_explicit(&sq->completions, 1, memory_order_relaxed);
    cmd_release(c, cmd);
    if (posted && batch)
        nvme_irq_batch_add(c, batch, cq);
    else if (posted)
        nvme_irq_cq(c, cq);
}

void nvme_reap(struct nvme_ctrl *c)
{
    struct nvme_cmd *list = atomic_exchange(&c->completed, NULL);
    struct nvme_irq_batch irq = {0};
    unsigned n = 0;
    while (list) {
        struct nvme_cmd *cmd = list;
        list = cmd->next;
        nvme_cmd_complete(c, cmd, &irq);
        n++;
    }
    nvme_irq_batch_flush(c, &irq);
    while (n--)
        nvme_leave(c);                  /* each request counted in c->busy */
}
