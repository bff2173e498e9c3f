/* One client connection: the input staging buffer (and reads straight into a
 * WRITE's data buffer), the output queue (handshake bytes, then reply pieces
 * sent with one sendmsg per batch), request slots, and closing. A connection
 * lives until its socket is done and every request it submitted has completed. */
#include "nbd/nbd_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"

#define CONN_HS_INITIAL 4096u
#define CONN_SEND_IOV 64
#define CONN_INPUT_READS 4      /* reads per service before letting others run */
/* Queued reply bytes that are sent at once instead of at the end of the batch: the
 * client starts on a large read while the next one is copied, and the kernel copies
 * the data from the cache the copy left it in. */
#define CONN_EARLY_SEND (512u << 10)

void nbd_conn_guest_error(struct nbd_conn *c, const char *fmt, ...)
{
    char text[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    ulog_guest(ULOG_WARN, "nbd: client %u: %s", c->id, text);
}

void nbd_conn_debug(struct nbd_conn *c, const char *fmt, ...)
{
    char text[512];
    va_list ap;

    if (!ulog_enabled(ULOG_HOST, ULOG_DEBUG))
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    ulog_host(ULOG_DEBUG, "nbd: client %u: %s", c->id, text);
}

struct nbd_conn *nbd_conn_new(struct ustor_nbd_server *srv, int fd)
{
    struct nbd_conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->in = malloc(NBD_INBUF_SIZE);
    c->hs = malloc(CONN_HS_INITIAL);
    if (!c->in || !c->hs) {
        free(c->in);
        free(c->hs);
        free(c);
        return NULL;
    }
    c->tag.kind = NBD_TAG_CONN;
    c->srv = srv;
    c->fd = fd;
    c->id = atomic_fetch_add(&srv->next_id, 1) + 1;
    c->hs_cap = CONN_HS_INITIAL;
    c->payload_max = srv->cfg.max_payload_bytes;
    return c;
}

void nbd_conn_free(struct nbd_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    for (unsigned i = 0; i < c->n_slots; i++)
        free(((struct nbd_req *)(c->slots + i * c->stride))->ext_buf);
    free(c->slots);
    free(c->out);
    free(c->in);
    free(c->hs);
    free(c);
}

/* ---- request slots ---- */

int nbd_conn_enter_transmission(struct nbd_conn *c, const struct nbd_srv_export *exp)
{
    size_t head = (sizeof(struct nbd_req) + 63) & ~(size_t)63;
    unsigned n = c->srv->cfg.max_requests;

    c->stride = head + ((exp->e.io_private_size + 63) & ~(size_t)63);
    c->slots = aligned_alloc(64, c->stride * n);
    c->out = calloc(2u * n + 4, sizeof(*c->out));
    c->chan = c->slots && c->out ? nbd_worker_attach(c->w, exp) : NULL;
    if (!c->chan) {             /* the client may try GO again */
        free(c->slots);
        free(c->out);
        c->slots = NULL;
        c->out = NULL;
        return nbd_export_removed(exp) ? -ENOENT : -ENOMEM;
    }
    memset(c->slots, 0, c->stride * n);
    for (unsigned i = n; i-- > 0;) {
        struct nbd_req *r = (struct nbd_req *)(c->slots + i * c->stride);

        r->conn = c;
        r->next = c->free_slots;
        c->free_slots = r;
    }
    c->n_slots = n;
    c->out_cap = 2u * n + 4;
    c->exp = exp;
    c->block_min = exp->e.block_min;
    c->block_max = exp->e.block_max;
    c->phase = NBD_PHASE_TRANSMIT;
    return 0;
}

struct nbd_req *nbd_req_get(struct nbd_conn *c)
{
    struct nbd_req *r = c->free_slots;

    if (!r)
        return NULL;
    c->free_slots = r->next;
    c->inflight++;
    return r;
}

void nbd_req_release(struct nbd_req *r)
{
    struct nbd_conn *c = r->conn;
    const struct nbd_export *e = &c->exp->e;

    if (r->io.buf && r->buf_from_export)
        e->ops->buf_free(e->ctx, r->io.buf, r->payload);
    else if (r->io.buf)
        nbd_pool_put(&c->w->pool, r->io.buf, r->payload);
    c->payload_bytes -= r->payload;
    r->io.buf = NULL;
    r->payload = 0;
    r->next = c->free_slots;
    c->free_slots = r;
    c->inflight--;
    if (c->stalled) {
        c->stalled = false;
        nbd_worker_mark_ready(c->w, c);
    }
}

/* ---- output ---- */

bool nbd_conn_hs_put(struct nbd_conn *c, const void *data, size_t len)
{
    size_t need = c->hs_len + len;

    if (c->dead)
        return false;
    if (need > c->hs_cap) {
        size_t cap = c->hs_cap;
        uint8_t *p;

        while (cap < need)
            cap *= 2;
        p = cap <= NBD_HS_OUT_MAX + NBD_OPTION_MAX ? realloc(c->hs, cap) : NULL;
        if (!p) {
            nbd_conn_close(c, "handshake replies pile up unread");
            return false;
        }
        c->hs = p;
        c->hs_cap = cap;
    }
    if (len)
        memcpy(c->hs + c->hs_len, data, len);
    c->hs_len += len;
    return true;
}

void nbd_conn_out_push(struct nbd_conn *c, const void *base, size_t len, struct nbd_req *release)
{
    struct nbd_out *o = &c->out[(c->out_head + c->out_count) % c->out_cap];

    o->base = base;
    o->len = len;
    o->release = release;
    c->out_count++;
    c->out_bytes += len;
}

static bool send_failed(struct nbd_conn *c, ssize_t n)
{
    if (n >= 0 || errno == EINTR)
        return false;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        c->writable = false;
        return true;
    }
    nbd_conn_close(c, errno == EPIPE || errno == ECONNRESET ? "client went away" : strerror(errno));
    return true;
}

static bool send_handshake(struct nbd_conn *c)
{
    while (c->hs_sent < c->hs_len) {
        ssize_t n = send(c->fd, c->hs + c->hs_sent, c->hs_len - c->hs_sent, MSG_NOSIGNAL);

        if (send_failed(c, n))
            return false;
        if (n > 0)
            c->hs_sent += (size_t)n;
    }
    c->hs_sent = c->hs_len = 0;
    return true;
}

/* Drops n sent bytes from the head of the queue, freeing finished requests. */
static void out_advance(struct nbd_conn *c, size_t n)
{
    c->out_bytes -= n;
    while (c->out_count) {
        struct nbd_out *o = &c->out[c->out_head];
        size_t left = o->len - c->out_skip;

        if (n < left) {
            c->out_skip += n;
            return;
        }
        n -= left;
        c->out_skip = 0;
        c->out_head = (c->out_head + 1) % c->out_cap;
        c->out_count--;
        if (o->release)
            nbd_req_release(o->release);
    }
}

static bool send_replies(struct nbd_conn *c)
{
    while (c->out_count) {
        struct iovec iov[CONN_SEND_IOV];
        struct msghdr msg = { .msg_iov = iov };
        unsigned n = c->out_count < CONN_SEND_IOV ? c->out_count : CONN_SEND_IOV;
        ssize_t sent;

        for (unsigned i = 0; i < n; i++) {
            const struct nbd_out *o = &c->out[(c->out_head + i) % c->out_cap];
            size_t skip = i ? 0 : c->out_skip;

            iov[i] = (struct iovec){ (uint8_t *)o->base + skip, o->len - skip };
        }
        msg.msg_iovlen = n;
        sent = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
        if (send_failed(c, sent))
            return false;
        if (sent > 0)
            out_advance(c, (size_t)sent);
    }
    return true;
}

/* Forgets queued replies of a dead connection (their requests are done). */
static void out_drop(struct nbd_conn *c)
{
    while (c->out_count) {
        struct nbd_out *o = &c->out[c->out_head];

        c->out_head = (c->out_head + 1) % c->out_cap;
        c->out_count--;
        if (o->release)
            nbd_req_release(o->release);
    }
    c->out_skip = 0;
    c->out_bytes = 0;
    c->hs_len = c->hs_sent = 0;
}

bool nbd_conn_finished(const struct nbd_conn *c)
{
    bool idle = c->inflight == 0 && c->out_count == 0 && c->hs_len == 0;

    return idle && (c->dead || c->closing_after_flush || c->drain || c->eof);
}

bool nbd_conn_flush(struct nbd_conn *c)
{
    size_t hs_before = c->hs_len;

    if (!c->dead && c->writable && send_handshake(c))
        send_replies(c);
    if (c->stalled && c->phase < NBD_PHASE_TRANSMIT && c->hs_len < hs_before) {
        c->stalled = false;
        nbd_worker_mark_ready(c->w, c);
    }
    if (!nbd_conn_finished(c))
        return true;
    if (!c->dead)
        nbd_conn_close(c, NULL);
    return false;
}

/* Forgets a WRITE whose payload will never all come (to be read or skipped). */
static void conn_drop_partial(struct nbd_conn *c)
{
    if (c->rx) {
        nbd_req_release(c->rx);
        c->rx = NULL;
    }
    if (c->discard_req) {
        nbd_req_release(c->discard_req);
        c->discard_req = NULL;
    }
    c->discard_left = 0;
}

void nbd_conn_hangup(struct nbd_conn *c)
{
    c->closing_after_flush = true;
    conn_drop_partial(c);
}

void nbd_conn_close(struct nbd_conn *c, const char *why)
{
    if (c->dead)
        return;
    if (why)
        nbd_conn_debug(c, "closing: %s", why);
    c->dead = true;
    c->phase = NBD_PHASE_CLOSING;
    if (c->fd >= 0) {
        epoll_ctl(c->w->epfd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    }
    conn_drop_partial(c);
    out_drop(c);
}

/* ---- input ---- */

static void in_compact(struct nbd_conn *c)
{
    if (c->in_start == c->in_end) {
        c->in_start = c->in_end = 0;
    } else if (c->in_start > NBD_INBUF_SIZE / 2 || NBD_INBUF_SIZE - c->in_end < 4096) {
        memmove(c->in, c->in + c->in_start, c->in_end - c->in_start);
        c->in_end -= c->in_start;
        c->in_start = 0;
    }
}

static bool read_failed(struct nbd_conn *c, ssize_t n)
{
    if (n > 0)
        return false;
    if (n == 0) {
        if (c->rx || c->in_end > c->in_start || c->discard_left)
            nbd_conn_guest_error(c, "disconnected in the middle of a %s (%u bytes of it came)",
                                 c->phase == NBD_PHASE_TRANSMIT ? "request" : "handshake",
                                 c->rx ? c->rx->length - c->rx_left : c->in_end - c->in_start);
        c->eof = true;
        c->readable = false;
        if (c->phase < NBD_PHASE_TRANSMIT)
            nbd_conn_close(c, "client closed the connection");
        else
            conn_drop_partial(c);
        return true;
    }
    if (errno == EINTR)
        return false;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        c->readable = false;
    else
        nbd_conn_close(c, strerror(errno));
    return true;
}

/* One read: into a WRITE's buffer and the staging buffer behind it, or into the
 * staging buffer alone. False when nothing more can be read now. */
static bool read_more(struct nbd_conn *c)
{
    struct iovec iov[2];
    int n_iov = 0;
    size_t want = 0;
    ssize_t n;

    in_compact(c);
    if (c->rx && c->rx_left)
        iov[n_iov++] = (struct iovec){ c->rx_ptr, c->rx_left };
    iov[n_iov++] = (struct iovec){ c->in + c->in_end, NBD_INBUF_SIZE - c->in_end };
    for (int i = 0; i < n_iov; i++)
        want += iov[i].iov_len;
    if (want == 0)              /* nowhere to put it: a zero-byte read is no EOF */
        return false;
    n = readv(c->fd, iov, n_iov);
    if (read_failed(c, n))
        return false;
    if (n < 0)
        return true;
    if ((size_t)n < want && !c->peer_closed)    /* short: drained, says epoll(7) */
        c->readable = false;
    if (n_iov == 2) {
        size_t took = (size_t)n < c->rx_left ? (size_t)n : c->rx_left;

        c->rx_ptr += took;
        c->rx_left -= (uint32_t)took;
        n -= (ssize_t)took;
    }
    c->in_end += (uint32_t)n;
    return true;
}

static bool input_blocked(const struct nbd_conn *c)
{
    return c->dead || c->eof || c->drain || c->stalled || c->closing_after_flush;
}

void nbd_conn_service_input(struct nbd_conn *c)
{
    int reads = 0;

    while (!input_blocked(c)) {
        bool progress = c->phase < NBD_PHASE_TRANSMIT ? nbd_handshake_step(c) : nbd_request_step(c);

        if (progress) {
            if (c->out_bytes >= CONN_EARLY_SEND && c->writable && !c->hs_len)
                send_replies(c);
            continue;
        }
        if (input_blocked(c) || !c->readable)
            return;
        if (reads++ == CONN_INPUT_READS) {
            nbd_worker_mark_ready(c->w, c);    /* more may wait: come back after the others */
            return;
        }
        if (!read_more(c))
            return;
    }
}
