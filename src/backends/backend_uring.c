/* The io_uring engine for file backends: one ring per queue. Reads, writes and
 * flushes go through the ring and are handed to the kernel in batches by kick();
 * trim, zero and cache are metadata calls and run inline. The ring's own fd is
 * what callers poll. A short transfer is finished synchronously. */
#include "backends/backend_internal.h"

#include <errno.h>
#include <liburing.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

#define URING_MAX_ENTRIES 4096u

struct uring_state {
    struct io_uring ring;
    unsigned unsubmitted;
};

static struct uring_state *state_of(struct ustor_backend_queue *q)
{
    return q->engine_state;
}

bool backend_uring_available(void)
{
    static _Atomic int known;   /* 0 unknown, 1 yes, -1 no */
    struct io_uring ring;

    if (known == 0) {
        int ok = io_uring_queue_init(2, &ring, 0) == 0;

        if (ok)
            io_uring_queue_exit(&ring);
        known = ok ? 1 : -1;
    }
    return known > 0;
}

static unsigned ring_entries(unsigned depth)
{
    unsigned n = 8;

    while (n < depth && n < URING_MAX_ENTRIES)
        n <<= 1;
    return n;
}

static int uring_open(struct ustor_backend_queue *q, unsigned depth)
{
    struct uring_state *st = calloc(1, sizeof(*st));
    struct io_uring_params p;
    int r;

    if (!st)
        return ustor_error_fail(-ENOMEM, "io_uring queue: out of memory");
    memset(&p, 0, sizeof(p));
    p.flags = IORING_SETUP_COOP_TASKRUN;
    r = io_uring_queue_init_params(ring_entries(depth), &st->ring, &p);
    if (r == -EINVAL) {         /* kernels before 5.19 */
        memset(&p, 0, sizeof(p));
        r = io_uring_queue_init_params(ring_entries(depth), &st->ring, &p);
    }
    if (r < 0) {
        free(st);
        return ustor_error_fail(r, "io_uring setup failed: %s", strerror(-r));
    }
    q->engine_state = st;
    q->fd = st->ring.ring_fd;
    return 0;
}

static void uring_close(struct ustor_backend_queue *q)
{
    struct uring_state *st = state_of(q);

    io_uring_queue_exit(&st->ring);
    free(st);
}

static struct io_uring_sqe *uring_sqe(struct uring_state *st)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&st->ring);

    if (!sqe) {                 /* ring full: hand the batch over to make room */
        io_uring_submit(&st->ring);
        st->unsubmitted = 0;
        sqe = io_uring_get_sqe(&st->ring);
    }
    return sqe;
}

static void uring_prep(struct io_uring_sqe *sqe, int fd, struct ustor_bio *bio)
{
    bool rd = bio->op == USTOR_BIO_READ;

    if (bio->op == USTOR_BIO_FLUSH)
        io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
    else if (bio->iovcnt && rd)
        io_uring_prep_readv(sqe, fd, bio->iov, bio->iovcnt, bio->offset);
    else if (bio->iovcnt)
        io_uring_prep_writev(sqe, fd, bio->iov, bio->iovcnt, bio->offset);
    else if (rd)
        io_uring_prep_read(sqe, fd, bio->buf, (unsigned)bio->length, bio->offset);
    else
        io_uring_prep_write(sqe, fd, bio->buf, (unsigned)bio->length, bio->offset);
    if (bio->op == USTOR_BIO_WRITE && (bio->flags & USTOR_BIO_FUA))
        sqe->rw_flags = RWF_DSYNC;
    io_uring_sqe_set_data(sqe, bio);
}

static bool uring_takes(const struct ustor_bio *bio)
{
    return (bio->op == USTOR_BIO_READ || bio->op == USTOR_BIO_WRITE || bio->op == USTOR_BIO_FLUSH) &&
           bio->length <= UINT32_MAX && bio->iovcnt <= 1024;
}

static void uring_submit(struct ustor_backend_queue *q, struct ustor_bio *bio)
{
    struct uring_state *st = state_of(q);
    struct io_uring_sqe *sqe = uring_takes(bio) ? uring_sqe(st) : NULL;

    if (!sqe) {
        backend_complete(q, bio, q->backend->ops->execute(q->backend, bio));
        return;
    }
    uring_prep(sqe, backend_file_fd(q->backend), bio);
    st->unsubmitted++;
}

static void uring_kick(struct ustor_backend_queue *q)
{
    struct uring_state *st = state_of(q);

    if (st->unsubmitted) {
        io_uring_submit(&st->ring);
        st->unsubmitted = 0;
    }
}

static void uring_finish(struct ustor_backend_queue *q, struct ustor_bio *bio, int res)
{
    if (res < 0 || bio->op == USTOR_BIO_FLUSH || (uint64_t)res == bio->length) {
        backend_complete(q, bio, res < 0 ? res : 0);
        return;
    }
    backend_complete(q, bio, res == 0 ? -EIO : backend_file_rw(q->backend, bio, (uint64_t)res));
}

static unsigned uring_poll(struct ustor_backend_queue *q)
{
    struct uring_state *st = state_of(q);
    struct io_uring_cqe *cqe;
    unsigned n = 0;

    while (io_uring_peek_cqe(&st->ring, &cqe) == 0) {
        struct ustor_bio *bio = io_uring_cqe_get_data(cqe);
        int res = cqe->res;

        io_uring_cqe_seen(&st->ring, cqe);
        uring_finish(q, bio, res);
        n++;
    }
    return n;
}

static void uring_wait(struct ustor_backend_queue *q)
{
    struct uring_state *st = state_of(q);
    struct io_uring_cqe *cqe;

    uring_kick(q);
    if (uring_poll(q) == 0 && q->inflight)
        io_uring_wait_cqe(&st->ring, &cqe);
    uring_poll(q);
}

const struct backend_engine backend_uring_engine = {
    .open = uring_open,
    .close = uring_close,
    .submit = uring_submit,
    .kick = uring_kick,
    .poll = uring_poll,
    .wait = uring_wait,
};
