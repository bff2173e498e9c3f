/*
 * Backend requests of the NVMe model: one backend queue per (SQ, namespace), opened
 * when the SQ first sends the namespace a request, and the glue between a command
 * and its ustor_bio.
 *
 * Only one thread serves an SQ at a time, so a synchronous queue (RAM, file with
 * aio=sync) needs no lock: its requests finish inside ustor_backend_submit. An
 * asynchronous queue (aio=uring) is also polled by the controller's poll thread, so
 * submit, poll and wait on it take bq->lock; its callbacks only push the command on
 * the controller's completed stack, and the command is completed (CQ entry,
 * interrupt) by whoever reaps that stack, with no lock held.
 */
#include <errno.h>
#include <stdlib.h>

#include "common/log.h"
#include "devices/nvme/nvme_internal.h"

struct nvme_bq *nvme_bq_get(struct nvme_ctrl *c, struct nvme_sq *sq, struct nvme_ns *ns)
{
    struct nvme_bq **slot = &sq->bq[ns->nsid - 1];
    if (*slot)
        return *slot;
    struct nvme_bq *bq = calloc(1, sizeof *bq);
    if (!bq)
        return NULL;
    int rc = ustor_backend_queue_open(ns->backend, c->cfg.cmds_per_sq + 1, &bq->q);
    if (rc < 0) {
        ulog_host(ULOG_ERROR, "%s: backend queue for namespace %u: %d", c->name, ns->nsid, rc);
        free(bq);
        return NULL;
    }
    pthread_mutex_init(&bq->lock, NULL);
    bq->ctrl = c;
    bq->async = ustor_backend_queue_fd(bq->q) >= 0;
    if (bq->async && nvme_threads_watch(c, bq) < 0) {
        ustor_backend_queue_close(bq->q);
        pthread_mutex_destroy(&bq->lock);
        free(bq);
        return NULL;
    }
    *slot = bq;
    return bq;
}

static void bq_close(struct nvme_ctrl *c, struct nvme_bq *bq)
{
    if (bq->async)
        nvme_threads_unwatch(c, bq);
    ustor_backend_queue_close(bq->q);
    pthread_mutex_destroy(&bq->lock);
    free(bq);
}

void nvme_bq_close_all(struct nvme_ctrl *c, struct nvme_sq *sq)
{
    for (uint32_t i = 0; i < c->cfg.max_namespaces; i++)
        if (sq->bq[i]) {
            bq_close(c, sq->bq[i]);
            sq->bq[i] = NULL;
        }
}

void nvme_bq_close_ns(struct nvme_ctrl *c, uint32_t nsid)
{
    pthread_rwlock_wrlock(&c->qlife);
    for (uint32_t q = 0; q < c->nqueues; q++) {
        struct nvme_sq *sq = &c->sqs[q];
        if (sq->bq && sq->bq[nsid - 1]) {
            bq_close(c, sq->bq[nsid - 1]);
            sq->bq[nsid - 1] = NULL;
        }
    }
    pthread_rwlock_unlock(&c->qlife);
}

/* ---- requests ---- */

uint16_t nvme_bio_status(int result, bool write)
{
    switch (result) {
    case 0:
        return 0;
    case -EROFS:
        return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_NS_WRITE_PROTECTED) | NVME_DNR;
    case -EIO:
    case -ENOSPC:
    case -EDQUOT:
        return NVME_STATUS(NVME_SCT_MEDIA, write ? NVME_SC_WRITE_FAULT : NVME_SC_UNRECOVERED_READ);
    default:
        return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    }
}

static void completed_push(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    struct nvme_cmd *head = atomic_load(&c->completed);
    do {
        cmd->next = head;
    } while (!atomic_compare_exchange_weak(&c->completed, &head, cmd));
}

static void bio_done(struct ustor_bio *bio, int result)
{
    struct nvme_cmd *cmd = bio->context;
    cmd->result = result;
    int expect = NVME_CMD_SUBMITTING;
    if (atomic_compare_exchange_strong(&cmd->phase, &expect, NVME_CMD_DONE_INLINE))
        return;                         /* the submitter completes it */
    if (result < 0)
        atomic_fetch_add(&cmd->sq->ctrl->media_errors, 1);
    cmd->status = nvme_bio_status(result, bio->op == USTOR_BIO_WRITE);
    completed_push(cmd->sq->ctrl, cmd);
}

enum nvme_run nvme_bio_start(struct nvme_ctrl *c, struct nvme_bq *bq, struct nvme_cmd *cmd)
{
    cmd->bio.done = bio_done;
    cmd->bio.context = cmd;
    atomic_store_explicit(&cmd->phase, NVME_CMD_SUBMITTING, memory_order_relaxed);
    if (bq->async) {
        atomic_fetch_add(&c->busy, 1);  /* until the request completes */
        pthread_mutex_lock(&bq->lock);
        ustor_backend_submit(bq->q, &cmd->bio);
        ustor_backend_queue_kick(bq->q);
        pthread_mutex_unlock(&bq->lock);
        int expect = NVME_CMD_SUBMITTING;
        if (atomic_compare_exchange_strong(&cmd->phase, &expect, NVME_CMD_ASYNC))
            return NVME_RUN_ASYNC;
        atomic_fetch_sub(&c->busy, 1);  /* the caller is inside: never the last */
    } else {
        ustor_backend_submit(bq->q, &cmd->bio);   /* no descriptor: done() ran in there */
    }
    if (cmd->result < 0)
        atomic_fetch_add(&c->media_errors, 1);
    cmd->status = nvme_bio_status(cmd->result, cmd->bio.op == USTOR_BIO_WRITE);
    return NVME_RUN_DONE;
}

struct sync_wait {
    _Atomic bool done;
    int result;
};

static void sync_done(struct ustor_bio *bio, int result)
{
    struct sync_wait *sw = bio->context;
    sw->result = result;
    atomic_store(&sw->done, true);
}

int nvme_bio_sync(struct nvme_ctrl *c, struct nvme_bq *bq, struct ustor_bio *bio)
{
    struct sync_wait sw = {.done = false};
    bio->done = sync_done;
    bio->context = &sw;
    if (bq->async)
        pthread_mutex_lock(&bq->lock);
    ustor_backend_submit(bq->q, bio);
    while (!atomic_load(&sw.done))
        ustor_backend_queue_wait(bq->q);    /* runs other callbacks too: they push */
    if (bq->async)
        pthread_mutex_unlock(&bq->lock);
    nvme_reap(c);
    return sw.result;
}
