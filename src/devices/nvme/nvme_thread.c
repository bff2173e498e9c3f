/*
 * The NVMe model's own threads: the poll thread, started when the first asynchronous
 * backend queue opens, which reaps completions of every such queue (epoll on their
 * descriptors); and, with the "threaded" knob, a worker that serves the SQs whose
 * doorbells were written, as a controller's own processor would. Both are device
 * threads: they post interrupts to the port's line thread instead of running ISRs,
 * and never wait on anything a miniport holds.
 *
 * Epoll events name a slot (SQ id x namespace), not a pointer: a queue closed while
 * its event was on its way is found empty under c->qlife and ignored.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/log.h"
#include "devices/nvme/nvme_internal.h"

#define STOP_SLOT UINT64_MAX

struct nvme_threads {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int epfd, evfd;
    pthread_t poller, worker;
    bool poller_started, worker_started, stop;
    unsigned kicks;
    struct nvme_bq **slots;             /* under c->qlife */
    uint32_t nslots;
};

static uint32_t slot_of(struct nvme_ctrl *c, struct nvme_bq *bq, bool *found)
{
    struct nvme_threads *t = c->threads;
    for (uint32_t i = 0; t->slots && i < t->nslots; i++)
        if (t->slots[i] == bq) {
            *found = true;
            return i;
        }
    *found = false;
    return 0;
}

/* ---- the poll thread ---- */

static void poll_events(struct nvme_ctrl *c, const struct epoll_event *ev, int n, bool *stop)
{
    struct nvme_threads *t = c->threads;
    pthread_rwlock_rdlock(&c->qlife);
    for (int i = 0; i < n; i++) {
        if (ev[i].data.u64 == STOP_SLOT) {
            uint64_t v;
            if (read(t->evfd, &v, sizeof v) < 0 && errno != EAGAIN)
                ulog_host(ULOG_WARN, "%s: poll thread eventfd: %d", c->name, -errno);
            pthread_mutex_lock(&t->lock);
            *stop = t->stop;
            pthread_mutex_unlock(&t->lock);
            continue;
        }
        struct nvme_bq *bq = ev[i].data.u64 < t->nslots ? t->slots[ev[i].data.u64] : NULL;
        if (!bq)
            continue;
        pthread_mutex_lock(&bq->lock);
        ustor_backend_queue_poll(bq->q);
        pthread_mutex_unlock(&bq->lock);
    }
    pthread_rwlock_unlock(&c->qlife);
}

static void *poller_main(void *arg)
{
    struct nvme_ctrl *c = arg;
    struct epoll_event ev[16];
    bool stop = false;
    nvme_set_device_thread();
    while (!stop) {
        int n = epoll_wait(c->threads->epfd, ev, 16, -1);
        if (n < 0 && errno != EINTR) {
            ulog_host(ULOG_ERROR, "%s: epoll_wait: %d", c->name, -errno);
            break;
        }
        if (n > 0)
            poll_events(c, ev, n, &stop);
        nvme_reap(c);
    }
    return NULL;
}

static int poller_start(struct nvme_ctrl *c)
{
    struct nvme_threads *t = c->threads;
    if (t->poller_started)
        return 0;
    t->nslots = c->nqueues * c->cfg.max_namespaces;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots)
        return -ENOMEM;
    int rc = pthread_create(&t->poller, NULL, poller_main, c);
    if (rc) {
        free(t->slots);
        t->slots = NULL;
        return -rc;
    }
    t->poller_started = true;
    return 0;
}

/* Called by the SQ's server (or under qlife for writing); the slot is its own. */
int nvme_threads_watch(struct nvme_ctrl *c, struct nvme_bq *bq)
{
    struct nvme_threads *t = c->threads;
    pthread_mutex_lock(&t->lock);
    int rc = poller_start(c);
    pthread_mutex_unlock(&t->lock);
    if (rc < 0)
        return rc;
    pthread_rwlock_wrlock(&c->qlife);
    uint32_t slot = 0;
    while (slot < t->nslots && t->slots[slot])
        slot++;
    if (slot == t->nslots) {
        rc = -ENOSPC;
    } else {
        t->slots[slot] = bq;
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = slot};
        rc = epoll_ctl(t->epfd, EPOLL_CTL_ADD, ustor_backend_queue_fd(bq->q), &ev) ? -errno : 0;
        if (rc < 0)
            t->slots[slot] = NULL;
    }
    pthread_rwlock_unlock(&c->qlife);
    return rc;
}

/* With c->qlife held for writing. */
void nvme_threads_unwatch(struct nvme_ctrl *c, struct nvme_bq *bq)
{
    bool found;
    if (!c->threads)
        return;                         /* stopped: the epoll set is gone */
    uint32_t slot = slot_of(c, bq, &found);
    if (!found)
        return;
    epoll_ctl(c->threads->epfd, EPOLL_CTL_DEL, ustor_backend_queue_fd(bq->q), NULL);
    c->threads->slots[slot] = NULL;
}

/* ---- the worker (threaded mode) ---- */

static void *worker_main(void *arg)
{
    struct nvme_ctrl *c = arg;
    struct nvme_threads *t = c->threads;
    nvme_set_device_thread();
    pthread_mutex_lock(&t->lock);
    for (;;) {
        while (!t->kicks && !t->stop)
            pthread_cond_wait(&t->cond, &t->lock);
        if (t->stop)
            break;
        t->kicks = 0;
        pthread_mutex_unlock(&t->lock);
        for (uint32_t i = 0; i < c->nqueues; i++)
            if (atomic_exchange(&c->sqs[i].worker_kick, false))
                nvme_sq_drain(c, &c->sqs[i]);
        pthread_mutex_lock(&t->lock);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

void nvme_threads_kick(struct nvme_ctrl *c, struct nvme_sq *sq)
{
    struct nvme_threads *t = c->threads;
    atomic_store(&sq->worker_kick, true);
    pthread_mutex_lock(&t->lock);
    t->kicks++;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

/* ---- life ---- */

int nvme_threads_start(struct nvme_ctrl *c)
{
    struct nvme_threads *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    t->epfd = epoll_create1(EPOLL_CLOEXEC);
    t->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = STOP_SLOT};
    int rc = t->epfd < 0 || t->evfd < 0 ||
             epoll_ctl(t->epfd, EPOLL_CTL_ADD, t->evfd, &ev) ? -errno : 0;
    c->threads = t;
    if (rc == 0 && c->cfg.threaded) {
        rc = -pthread_create(&t->worker, NULL, worker_main, c);
        t->worker_started = rc == 0;
    }
    if (rc < 0)
        nvme_threads_stop(c);
    return rc;
}

void nvme_threads_stop(struct nvme_ctrl *c)
{
    struct nvme_threads *t = c->threads;
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
    uint64_t one = 1;
    if (t->evfd >= 0 && write(t->evfd, &one, sizeof one) < 0)
        ulog_host(ULOG_WARN, "%s: waking the poll thread: %d", c->name, -errno);
    if (t->poller_started)
        pthread_join(t->poller, NULL);
    if (t->worker_started)
        pthread_join(t->worker, NULL);
    if (t->epfd >= 0)
        close(t->epfd);
    if (t->evfd >= 0)
        close(t->evfd);
    free(t->slots);
    pthread_cond_destroy(&t->cond);
    pthread_mutex_destroy(&t->lock);
    free(t);
    c->threads = NULL;
}
