/* Worker threads. Each owns a set of connections and runs an edge-triggered
 * epoll loop: read and submit a batch of requests from every ready connection,
 * kick the export channels once, then flush each connection's replies with one
 * sendmsg (large replies leave as soon as 512 KiB are queued). Completions that happen on the worker itself (inline, or from a
 * channel poll) queue their reply directly; completions from other threads go
 * through a lock-free stack and one eventfd wake-up per batch. */
#include "nbd/nbd_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "common/error.h"
#include "common/log.h"

#define WORKER_EVENTS 64
#define WORKER_ROUNDS 4             /* service rounds before looking at epoll again */
#define WORKER_STOP_GRACE_MS 5000   /* after a stop, how long replies may take to leave */

static _Thread_local struct nbd_worker *current_worker;

void nbd_worker_wake(struct nbd_worker *w)
{
    uint64_t one = 1;
    ssize_t n = write(w->wake_fd, &one, sizeof(one));

    (void)n;
}

void nbd_worker_mark_ready(struct nbd_worker *w, struct nbd_conn *c)
{
    if (c->queued)
        return;
    c->queued = true;
    c->ready_next = w->ready;
    w->ready = c;
}

/* ---- completions ---- */

NBD_EXPORT_API void ustor_nbd_io_done(struct nbd_export_io *io, int err)
{
    struct nbd_req *r = (struct nbd_req *)io;
    struct nbd_worker *w = r->conn->w;
    struct nbd_req *head;

    r->err = err;
    if (current_worker == w) {
        nbd_request_finish(r);
        return;
    }
    head = atomic_load_explicit(&w->done_stack, memory_order_relaxed);
    do {
        r->next = head;
    } while (!atomic_compare_exchange_weak_explicit(&w->done_stack, &head, r, memory_order_release,
                                                    memory_order_relaxed));
    if (!head)                  /* the first of a batch wakes the worker */
        nbd_worker_wake(w);
}

NBD_EXPORT_API void *ustor_nbd_io_private(struct nbd_export_io *io)
{
    struct nbd_req *r = (struct nbd_req *)io;

    return (uint8_t *)r + ((sizeof(struct nbd_req) + 63) & ~(size_t)63);
}

static void take_foreign_completions(struct nbd_worker *w)
{
    struct nbd_req *r = atomic_exchange_explicit(&w->done_stack, NULL, memory_order_acquire);
    struct nbd_req *fifo = NULL;

    while (r) {                 /* reverse into arrival order */
        struct nbd_req *next = r->next;

        r->next = fifo;
        fifo = r;
        r = next;
    }
    while (fifo) {
        struct nbd_req *next = fifo->next;

        nbd_request_finish(fifo);
        fifo = next;
    }
}

/* ---- channels ---- */

static int chans_grow(struct nbd_worker *w, unsigned index)
{
    unsigned n = w->n_chans ? w->n_chans : 4;
    struct nbd_chan **t;

    while (n <= index)
        n *= 2;
    t = realloc(w->chans, n * sizeof(*t));
    if (!t)
        return -ENOMEM;
    memset(t + w->n_chans, 0, (n - w->n_chans) * sizeof(*t));
    w->chans = t;
    w->n_chans = n;
    return 0;
}

static struct nbd_chan *chan_open(struct nbd_worker *w, const struct nbd_srv_export *exp)
{
    const struct nbd_export_ops *ops = exp->e.ops;
    struct nbd_chan *ch = calloc(1, sizeof(*ch));

    if (!ch || !nbd_export_hold(exp)) {
        free(ch);
        return NULL;
    }
    ch->tag.kind = NBD_TAG_CHAN;
    ch->exp = exp;
    ch->fd = -1;
    if (ops->chan_open && ops->chan_open(exp->e.ctx, &ch->chan) < 0) {
        ulog_host(ULOG_ERROR, "nbd: export '%s': cannot open a channel: %s", exp->e.name,
                  ustor_error_message());
        nbd_export_unhold(exp);
        free(ch);
        return NULL;
    }
    if (ops->chan_fd)
        ch->fd = ops->chan_fd(ch->chan);
    if (ch->fd >= 0) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &ch->tag };

        epoll_ctl(w->epfd, EPOLL_CTL_ADD, ch->fd, &ev);
    }
    return ch;
}

/* Closes a channel nobody uses; the last holder of a withdrawn export runs gone. */
static void chan_close(struct nbd_worker *w, struct nbd_chan *ch)
{
    const struct nbd_srv_export *exp = ch->exp;

    if (ch->fd >= 0)
        epoll_ctl(w->epfd, EPOLL_CTL_DEL, ch->fd, NULL);
    if (exp->e.ops->chan_close)
        exp->e.ops->chan_close(exp->e.ctx, ch->chan);
    w->chans[exp->index] = NULL;
    free(ch);
    nbd_export_unhold(exp);
}

struct nbd_chan *nbd_worker_attach(struct nbd_worker *w, const struct nbd_srv_export *exp)
{
    struct nbd_chan *ch;

    if (nbd_export_removed(exp) || (exp->index >= w->n_chans && chans_grow(w, exp->index) < 0))
        return NULL;
    ch = w->chans[exp->index];
    if (!ch)
        ch = w->chans[exp->index] = chan_open(w, exp);
    if (ch)
        ch->users++;
    return ch;
}

void nbd_worker_detach(struct nbd_worker *w, struct nbd_chan *ch)
{
    if (--ch->users == 0 && nbd_export_removed(ch->exp))
        chan_close(w, ch);
}

static void chan_poll(struct nbd_chan *ch)
{
    if (ch->exp->e.ops->chan_poll)
        ch->exp->e.ops->chan_poll(ch->chan);
}

/* Starts what a batch queued on each channel, and reaps what finished at once. */
static void chans_kick(struct nbd_worker *w)
{
    while (w->used_chans) {
        struct nbd_chan *ch = w->used_chans;

        w->used_chans = ch->next_used;
        ch->used = false;
        if (ch->exp->e.ops->chan_kick)
            ch->exp->e.ops->chan_kick(ch->chan);
        chan_poll(ch);
    }
}

static void chans_close(struct nbd_worker *w)
{
    for (unsigned i = 0; i < w->n_chans; i++)
        if (w->chans[i])
            chan_close(w, w->chans[i]);
    free(w->chans);
    w->chans = NULL;
    w->n_chans = 0;
}

/* An export was withdrawn: hang up its clients (after their requests in flight),
 * close channels nobody uses any more. */
static void exports_changed(struct nbd_worker *w)
{
    if (!atomic_exchange(&w->exports_changed, false))
        return;
    for (struct nbd_conn *c = w->conns; c; c = c->next) {
        if (c->exp && nbd_export_removed(c->exp) && !c->dead) {
            nbd_conn_debug(c, "export '%s' withdrawn: hanging up", c->exp->e.name);
            nbd_conn_hangup(c);
            nbd_worker_mark_ready(w, c);
        }
    }
    for (unsigned i = 0; i < w->n_chans; i++)
        if (w->chans[i] && !w->chans[i]->users && nbd_export_removed(w->chans[i]->exp))
            chan_close(w, w->chans[i]);
}

/* ---- connections ---- */

void nbd_worker_adopt(struct nbd_worker *w, struct nbd_conn *c)
{
    c->w = w;
    atomic_fetch_add(&w->nconns, 1);
    pthread_mutex_lock(&w->lock);
    c->next = w->incoming;
    w->incoming = c;
    pthread_mutex_unlock(&w->lock);
    nbd_worker_wake(w);
}

static void conn_link(struct nbd_worker *w, struct nbd_conn *c)
{
    struct epoll_event ev = {
        .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = &c->tag,
    };

    c->prev = NULL;
    c->next = w->conns;
    if (w->conns)
        w->conns->prev = c;
    w->conns = c;
    if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        nbd_conn_close(c, "cannot watch the socket");
        return;
    }
    if (atomic_load(&w->stop)) {
        nbd_conn_close(c, "server stopping");
        return;
    }
    c->readable = c->writable = true;
    nbd_handshake_begin(c);
    nbd_worker_mark_ready(w, c);
}

static void take_incoming(struct nbd_worker *w)
{
    struct nbd_conn *c;

    pthread_mutex_lock(&w->lock);
    c = w->incoming;
    w->incoming = NULL;
    pthread_mutex_unlock(&w->lock);
    while (c) {
        struct nbd_conn *next = c->next;

        conn_link(w, c);
        c = next;
    }
}

static bool has_incoming(struct nbd_worker *w)
{
    bool any;

    pthread_mutex_lock(&w->lock);
    any = w->incoming != NULL;
    pthread_mutex_unlock(&w->lock);
    return any;
}

static void unqueue(struct nbd_worker *w, struct nbd_conn *c)
{
    struct nbd_conn **p = &w->ready;

    while (*p && *p != c)
        p = &(*p)->ready_next;
    if (*p)
        *p = c->ready_next;
    c->queued = false;
}

static void conn_unlink_free(struct nbd_worker *w, struct nbd_conn *c)
{
    struct ustor_nbd_server *srv = w->srv;
    unsigned left;

    if (c->prev)
        c->prev->next = c->next;
    else
        w->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->chan)
        nbd_worker_detach(w, c->chan);
    nbd_conn_free(c);
    atomic_fetch_sub(&w->nconns, 1);
    left = atomic_fetch_sub(&srv->connections, 1) - 1;
    if (srv->cfg.on_disconnect)
        srv->cfg.on_disconnect(srv->cfg.opaque, left);
}

/* Takes the ready list as a batch (linked through batch_next, so connections
 * may be marked ready again while the batch is processed). */
static struct nbd_conn *take_batch(struct nbd_worker *w)
{
    struct nbd_conn *batch = NULL;

    while (w->ready) {
        struct nbd_conn *c = w->ready;

        w->ready = c->ready_next;
        c->queued = false;
        c->batch_next = batch;
        batch = c;
    }
    return batch;
}

/* Passes over the ready connections: input, channel kicks, output. */
static void service_ready(struct nbd_worker *w)
{
    for (int round = 0; round < WORKER_ROUNDS && w->ready; round++) {
        struct nbd_conn *batch = take_batch(w), *c, *next;

        for (c = batch; c; c = c->batch_next)
            nbd_conn_service_input(c);
        chans_kick(w);
        for (c = batch; c; c = next) {
            next = c->batch_next;
            if (!nbd_conn_flush(c)) {
                if (c->queued)
                    unqueue(w, c);
                conn_unlink_free(w, c);
            }
        }
    }
}

/* ---- the loop ---- */

static void handle_event(struct nbd_worker *w, const struct epoll_event *ev)
{
    struct nbd_tag *tag = ev->data.ptr;
    uint64_t n;

    if (tag->kind == NBD_TAG_WAKE) {
        if (read(w->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
            ulog_host(ULOG_ERROR, "nbd: worker %u: wake read: %s", w->index, strerror(errno));
        take_incoming(w);
        take_foreign_completions(w);
        exports_changed(w);
    } else if (tag->kind == NBD_TAG_CHAN) {
        chan_poll((struct nbd_chan *)tag);
    } else {
        struct nbd_conn *c = (struct nbd_conn *)tag;

        if (ev->events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            c->readable = true;
        if (ev->events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            c->peer_closed = true;
        if (ev->events & (EPOLLOUT | EPOLLHUP | EPOLLERR))
            c->writable = true;
        nbd_worker_mark_ready(w, c);
    }
}

/* After a stop: drop clients still negotiating, let the others finish. */
static void begin_stop(struct nbd_worker *w)
{
    for (struct nbd_conn *c = w->conns; c; c = c->next) {
        if (c->phase < NBD_PHASE_TRANSMIT)
            nbd_conn_close(c, "server stopping");
        c->drain = true;
        nbd_worker_mark_ready(w, c);
    }
}

static void force_close_all(struct nbd_worker *w)
{
    for (struct nbd_conn *c = w->conns; c; c = c->next) {
        nbd_conn_close(c, "server stopped before the client took its replies");
        nbd_worker_mark_ready(w, c);
    }
}

/* Polling (epoll_wait without a timeout) after work: a busy client's next request
 * usually comes within microseconds, sooner than a sleep and wake-up take. But
 * when the CPU is contended, a spinning worker only burns its share and is run
 * later: an idle poll round that took far longer than a syscall means we were
 * preempted, and the worker sleeps normally for a while. */
#define SPIN_PREEMPTED_NS 200000u       /* one idle round this long: preempted */
#define SPIN_BACKOFF_NS 50000000u       /* then no polling for 50 ms */

struct spin {
    uint64_t last_busy, last_round, no_spin_until;
    bool spun;                  /* the last epoll_wait was a poll */
};

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* How long epoll_wait may block, in ms. */
static int wait_timeout(struct nbd_worker *w, bool stopping, struct spin *sp)
{
    uint64_t now;

    sp->spun = false;
    if (w->ready)
        return 0;
    if (stopping)
        return 100;
    if (w->srv->cfg.poll_us <= 0)
        return -1;
    now = now_ns();
    if (now < sp->no_spin_until || now - sp->last_busy >= (uint64_t)w->srv->cfg.poll_us * 1000u)
        return -1;
    sp->spun = true;
    sp->last_round = now;
    return 0;
}

/* After epoll_wait: note activity, or an idle poll round that came back late. */
static void spin_account(struct nbd_worker *w, struct spin *sp, int n)
{
    uint64_t now;

    if (w->srv->cfg.poll_us <= 0 || (n == 0 && !sp->spun))
        return;
    now = now_ns();
    if (n > 0)
        sp->last_busy = now;
    else if (now - sp->last_round > SPIN_PREEMPTED_NS)
        sp->no_spin_until = now + SPIN_BACKOFF_NS;
}

static void *worker_main(void *arg)
{
    struct nbd_worker *w = arg;
    struct epoll_event ev[WORKER_EVENTS];
    struct spin sp = { 0 };
    bool stopping = false;
    int waited_ms = 0;

    current_worker = w;
    for (;;) {
        int n = epoll_wait(w->epfd, ev, WORKER_EVENTS, wait_timeout(w, stopping, &sp));

        spin_account(w, &sp, n);
        for (int i = 0; i < n; i++)
            handle_event(w, &ev[i]);
        if (!stopping && atomic_load(&w->stop)) {
            stopping = true;
            begin_stop(w);
        }
        service_ready(w);
        if (stopping && !w->conns && !has_incoming(w))
            break;
        if (stopping && n == 0 && (waited_ms += 100) == WORKER_STOP_GRACE_MS)
            force_close_all(w);
    }
    chans_close(w);
    nbd_pool_drain(&w->pool);
    current_worker = NULL;
    return NULL;
}

int nbd_worker_start(struct nbd_worker *w)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &w->tag };

    w->tag.kind = NBD_TAG_WAKE;
    pthread_mutex_init(&w->lock, NULL);
    w->epfd = epoll_create1(EPOLL_CLOEXEC);
    w->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (w->epfd < 0 || w->wake_fd < 0 || epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->wake_fd, &ev) < 0)
        goto fail;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
        goto fail;
    return 0;
fail:
    if (w->epfd >= 0)
        close(w->epfd);
    if (w->wake_fd >= 0)
        close(w->wake_fd);
    pthread_mutex_destroy(&w->lock);
    return ustor_error_fail(-EAGAIN, "nbd server: cannot start worker %u", w->index);
}

void nbd_worker_join(struct nbd_worker *w)
{
    pthread_join(w->thread, NULL);
    close(w->epfd);
    close(w->wake_fd);
    pthread_mutex_destroy(&w->lock);
}
