/* The helper-threads engine (threads=N): requests of BACKEND_THREADS_MIN bytes
 * or more run on one of the backend's N threads, so the copy of a big request
 * overlaps its submitter's other work (the next socket read or reply); smaller
 * ones run inline as before. A finished request goes back to the queue that
 * submitted it, on a lock-free stack with an eventfd to poll, so done() still
 * runs on that queue's thread. Jobs wait in one FIFO under a mutex: the cost is
 * small next to the 128 KiB copies that take this path. */
#include "backends/backend_internal.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/error.h"

/* backend_private words of a bio on this engine */
#define BP_NEXT  0      /* FIFO or completion stack link */
#define BP_QUEUE 1      /* the queue to complete on */
#define BP_RESULT 2

struct backend_helpers {
    struct ustor_backend *b;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct ustor_bio *head, *tail;
    bool quit;
    unsigned n;
    pthread_t thread[BACKEND_THREADS_MAX];
};

struct threads_queue {
    _Atomic(struct ustor_bio *) done;
    int efd;
};

static struct ustor_bio *bio_link(struct ustor_bio *bio)
{
    return (struct ustor_bio *)(uintptr_t)bio->backend_private[BP_NEXT];
}

static void bio_set_link(struct ustor_bio *bio, struct ustor_bio *next)
{
    bio->backend_private[BP_NEXT] = (uintptr_t)next;
}

/* Hands a finished request back to its queue; the first of a batch wakes it. */
static void complete_to_queue(struct ustor_bio *bio, int result)
{
    struct ustor_backend_queue *q = (struct ustor_backend_queue *)(uintptr_t)bio->backend_private[BP_QUEUE];
    struct threads_queue *tq = q->engine_state;
    struct ustor_bio *head = atomic_load_explicit(&tq->done, memory_order_relaxed);
    uint64_t one = 1;

    bio->backend_private[BP_RESULT] = (uint64_t)(int64_t)result;
    do {
        bio_set_link(bio, head);
    } while (!atomic_compare_exchange_weak_explicit(&tq->done, &head, bio, memory_order_release,
                                                    memory_order_relaxed));
    if (!head && write(tq->efd, &one, sizeof(one)) < 0)
        abort();                /* an eventfd write cannot fail short of a bug */
}

static struct ustor_bio *job_take(struct backend_helpers *h)
{
    struct ustor_bio *bio;

    pthread_mutex_lock(&h->lock);
    while (!h->quit && !h->head)
        pthread_cond_wait(&h->cond, &h->lock);
    bio = h->head;
    if (bio) {
        h->head = bio_link(bio);
        if (!h->head)
            h->tail = NULL;
    }
    pthread_mutex_unlock(&h->lock);
    return bio;
}

static void *helper_main(void *arg)
{
    struct backend_helpers *h = arg;
    struct ustor_bio *bio;

    while ((bio = job_take(h)) != NULL)
        complete_to_queue(bio, h->b->ops->execute(h->b, bio));
    return NULL;
}

int backend_helpers_start(struct ustor_backend *b, unsigned n)
{
    struct backend_helpers *h = calloc(1, sizeof(*h));

    if (!h)
        return ustor_error_fail(-ENOMEM, "helper threads: out of memory");
    h->b = b;
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    b->helpers = h;
    for (; h->n < n && h->n < BACKEND_THREADS_MAX; h->n++) {
        if (pthread_create(&h->thread[h->n], NULL, helper_main, h) != 0) {
            backend_helpers_stop(b);
            return ustor_error_fail(-EAGAIN, "cannot start helper thread %u", h->n);
        }
    }
    b->engine = &backend_threads_engine;
    return 0;
}

/* Every queue is closed by now, so no job is left. */
void backend_helpers_stop(struct ustor_backend *b)
{
    struct backend_helpers *h = b->helpers;

    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->quit = true;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    for (unsigned i = 0; i < h->n; i++)
        pthread_join(h->thread[i], NULL);
    pthread_cond_destroy(&h->cond);
    pthread_mutex_destroy(&h->lock);
    free(h);
    b->helpers = NULL;
}

/* ---- the engine ---- */

static int threads_open(struct ustor_backend_queue *q, unsigned depth)
{
    struct threads_queue *tq = calloc(1, sizeof(*tq));

    (void)depth;
    if (!tq)
        return ustor_error_fail(-ENOMEM, "backend queue: out of memory");
    tq->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (tq->efd < 0) {
        int e = errno;

        free(tq);
        return ustor_error_fail(-e, "backend queue: eventfd: %s", strerror(e));
    }
    q->engine_state = tq;
    q->fd = tq->efd;
    return 0;
}

static void threads_close(struct ustor_backend_queue *q)
{
    struct threads_queue *tq = q->engine_state;

    close(tq->efd);
    free(tq);
}

static void threads_submit(struct ustor_backend_queue *q, struct ustor_bio *bio)
{
    struct backend_helpers *h = q->backend->helpers;

    if (bio->length < BACKEND_THREADS_MIN || bio->op == USTOR_BIO_FLUSH) {
        backend_complete(q, bio, q->backend->ops->execute(q->backend, bio));
        return;
    }
    bio->backend_private[BP_QUEUE] = (uintptr_t)q;
    bio_set_link(bio, NULL);
    pthread_mutex_lock(&h->lock);
    if (h->tail)
        bio_set_link(h->tail, bio);
    else
        h->head = bio;
    h->tail = bio;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

static void threads_kick(struct ustor_backend_queue *q)
{
    (void)q;                    /* jobs start as they are queued */
}

static unsigned threads_poll(struct ustor_backend_queue *q)
{
    struct threads_queue *tq = q->engine_state;
    struct ustor_bio *bio, *fifo = NULL;
    uint64_t count;
    unsigned n = 0;

    if (read(tq->efd, &count, sizeof(count)) < 0 && errno != EAGAIN)
        return 0;
    bio = atomic_exchange_explicit(&tq->done, NULL, memory_order_acquire);
    while (bio) {               /* reverse into completion order */
        struct ustor_bio *next = bio_link(bio);

        bio_set_link(bio, fifo);
        fifo = bio;
        bio = next;
    }
    for (; fifo; n++) {
        struct ustor_bio *next = bio_link(fifo);

        backend_complete(q, fifo, (int)(int64_t)fifo->backend_private[BP_RESULT]);
        fifo = next;
    }
    return n;
}

static void threads_wait(struct ustor_backend_queue *q)
{
    struct threads_queue *tq = q->engine_state;
    struct pollfd pfd = { .fd = tq->efd, .events = POLLIN };

    if (threads_poll(q) == 0 && q->inflight)
        poll(&pfd, 1, -1);
    threads_poll(q);
}

const struct backend_engine backend_threads_engine = {
    .open = threads_open,
    .close = threads_close,
    .submit = threads_submit,
    .kick = threads_kick,
    .poll = threads_poll,
    .wait = threads_wait,
};
