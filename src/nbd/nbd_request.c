/* The transmission phase: parse each request header, validate it the way the
 * NBD protocol asks (every rejection gets a precise error, a message for
 * structured replies, and one log line), bring in WRITE payloads, submit to
 * the export, and build the simple or structured reply when it completes. */
#include "nbd/nbd_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXT_HEAD (sizeof(struct nbd_structured_reply) + 4)  /* chunk header + context id */

static const char *cmd_name(uint16_t cmd)
{
    static const char *const names[NBD_CMD_COUNT] = {
        "READ", "WRITE", "DISC", "FLUSH", "TRIM", "CACHE", "WRITE_ZEROES", "BLOCK_STATUS",
    };

    return cmd < NBD_CMD_COUNT ? names[cmd] : "unknown command";
}

static uint32_t in_avail(const struct nbd_conn *c)
{
    return c->in_end - c->in_start;
}

/* ---- validation ---- */

static int reject(struct nbd_req *r, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int reject(struct nbd_req *r, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
    va_end(ap);
    nbd_conn_guest_error(r->conn, "invalid request: %s: %s", cmd_name(r->cmd), r->msg);
    return err;
}

static int check_flags(const struct nbd_conn *c, struct nbd_req *r)
{
    uint16_t f = r->cmd_flags, cmd = r->cmd;
    const uint16_t known = NBD_CMD_FLAG_FUA | NBD_CMD_FLAG_NO_HOLE | NBD_CMD_FLAG_DF |
                           NBD_CMD_FLAG_REQ_ONE | NBD_CMD_FLAG_FAST_ZERO;

    if (f & ~known)
        return reject(r, -EINVAL, "unknown command flags 0x%x", f & ~known);
    if ((f & NBD_CMD_FLAG_FUA) && !(c->eflags & NBD_FLAG_SEND_FUA))
        return reject(r, -EINVAL, "FUA flag but the export does not offer FUA");
    if ((f & NBD_CMD_FLAG_NO_HOLE) && cmd != NBD_CMD_WRITE_ZEROES)
        return reject(r, -EINVAL, "NO_HOLE flag belongs to WRITE_ZEROES only");
    if ((f & NBD_CMD_FLAG_FAST_ZERO) && (cmd != NBD_CMD_WRITE_ZEROES || !(c->eflags & NBD_FLAG_SEND_FAST_ZERO)))
        return reject(r, -EINVAL, "FAST_ZERO flag belongs to an offered WRITE_ZEROES only");
    if ((f & NBD_CMD_FLAG_DF) && (cmd != NBD_CMD_READ || !c->structured))
        return reject(r, -EINVAL, "DF flag belongs to READ with structured replies only");
    if ((f & NBD_CMD_FLAG_REQ_ONE) && cmd != NBD_CMD_BLOCK_STATUS)
        return reject(r, -EINVAL, "REQ_ONE flag belongs to BLOCK_STATUS only");
    return 0;
}

static bool is_write(uint16_t cmd)
{
    return cmd == NBD_CMD_WRITE || cmd == NBD_CMD_TRIM || cmd == NBD_CMD_WRITE_ZEROES;
}

/* Whether the export offers the command (READ and WRITE always are). */
static int check_offered(const struct nbd_conn *c, struct nbd_req *r)
{
    static const uint16_t needs[NBD_CMD_COUNT] = {
        [NBD_CMD_FLUSH] = NBD_FLAG_SEND_FLUSH, [NBD_CMD_TRIM] = NBD_FLAG_SEND_TRIM,
        [NBD_CMD_WRITE_ZEROES] = NBD_FLAG_SEND_WRITE_ZEROES, [NBD_CMD_CACHE] = NBD_FLAG_SEND_CACHE,
    };

    if (is_write(r->cmd) && (c->eflags & NBD_FLAG_READ_ONLY))
        return reject(r, -EPERM, "the export is read-only");
    if (needs[r->cmd] && !(c->eflags & needs[r->cmd]))
        return reject(r, -EINVAL, "the export does not offer %s", cmd_name(r->cmd));
    if (r->cmd == NBD_CMD_BLOCK_STATUS && (!c->structured || c->meta_exp != c->exp))
        return reject(r, -EINVAL, "base:allocation was not negotiated for this export");
    return 0;
}

static int check_range(const struct nbd_conn *c, struct nbd_req *r)
{
    uint64_t size = c->exp->e.size;

    if (r->length == 0)
        return reject(r, -EINVAL, "zero length at offset %llu", (unsigned long long)r->offset);
    if (r->offset > size || r->length > size - r->offset)
        return reject(r, r->cmd == NBD_CMD_WRITE || r->cmd == NBD_CMD_WRITE_ZEROES ? -ENOSPC : -EINVAL,
                      "beyond the end of the export: offset=%llu length=%u size=%llu",
                      (unsigned long long)r->offset, r->length, (unsigned long long)size);
    if ((r->offset | r->length) & (c->block_min - 1))
        return reject(r, -EINVAL, "not aligned to the %u-byte minimum block: offset=%llu length=%u",
                      c->block_min, (unsigned long long)r->offset, r->length);
    if ((r->cmd == NBD_CMD_READ || r->cmd == NBD_CMD_WRITE) && r->length > c->block_max)
        return reject(r, -EINVAL, "length %u is over the %u-byte maximum payload", r->length, c->block_max);
    return 0;
}

static int validate(const struct nbd_conn *c, struct nbd_req *r)
{
    int err;

    if (r->cmd >= NBD_CMD_COUNT)
        return reject(r, -EINVAL, "command type %u is not known", r->cmd);
    err = check_flags(c, r);
    if (err == 0)
        err = check_offered(c, r);
    if (err || r->cmd != NBD_CMD_FLUSH)
        return err ? err : check_range(c, r);
    if (r->offset || r->length)
        return reject(r, -EINVAL, "offset and length must be zero: offset=%llu length=%u",
                      (unsigned long long)r->offset, r->length);
    return 0;
}

/* ---- replies ---- */

static uint32_t wire_error(int err, uint16_t cmd_flags)
{
    switch (-err) {
    case 0:
        return 0;
    case EPERM:
    case EROFS:
        return NBD_EPERM;
    case ENOMEM:
        return NBD_ENOMEM;
    case EINVAL:
        return NBD_EINVAL;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return NBD_ENOSPC;
    case EOVERFLOW:
        return (cmd_flags & NBD_CMD_FLAG_DF) ? NBD_EOVERFLOW : NBD_EINVAL;
    case ENOTSUP:
        return (cmd_flags & NBD_CMD_FLAG_FAST_ZERO) ? NBD_ENOTSUP : NBD_EINVAL;
    case ESHUTDOWN:
        return NBD_ESHUTDOWN;
    default:
        return NBD_EIO;
    }
}

static void reply_simple(struct nbd_conn *c, struct nbd_req *r, uint32_t error)
{
    struct nbd_simple_reply s = { nbd_be32(NBD_SIMPLE_REPLY_MAGIC), nbd_be32(error), r->cookie };
    bool data = r->cmd == NBD_CMD_READ && !error;

    memcpy(r->reply, &s, sizeof(s));
    nbd_conn_out_push(c, r->reply, sizeof(s), data ? NULL : r);
    if (data)
        nbd_conn_out_push(c, r->io.buf, r->length, r);
}

static void chunk_header(struct nbd_req *r, uint8_t *at, uint16_t type, uint32_t length)
{
    struct nbd_structured_reply h = {
        nbd_be32(NBD_STRUCTURED_REPLY_MAGIC), nbd_be16(NBD_REPLY_FLAG_DONE), nbd_be16(type),
        r->cookie, nbd_be32(length),
    };

    memcpy(at, &h, sizeof(h));
}

static void reply_error_chunk(struct nbd_conn *c, struct nbd_req *r, uint32_t error)
{
    struct nbd_reply_error e;
    size_t mlen;

    if (!r->msg[0])
        snprintf(r->msg, sizeof(r->msg), "%s failed: %s", cmd_name(r->cmd),
                 r->io.error_message ? r->io.error_message : strerrordesc_np(-r->err));
    mlen = strlen(r->msg);
    e = (struct nbd_reply_error){ nbd_be32(error), nbd_be16((uint16_t)mlen) };
    chunk_header(r, r->reply, NBD_REPLY_TYPE_ERROR, (uint32_t)(sizeof(e) + mlen));
    memcpy(r->reply + sizeof(struct nbd_structured_reply), &e, sizeof(e));
    nbd_conn_out_push(c, r->reply, sizeof(struct nbd_structured_reply) + sizeof(e), NULL);
    nbd_conn_out_push(c, r->msg, mlen, r);
}

static void reply_data_chunk(struct nbd_conn *c, struct nbd_req *r)
{
    uint64_t off = nbd_be64(r->offset);

    chunk_header(r, r->reply, NBD_REPLY_TYPE_OFFSET_DATA, 8 + r->length);
    memcpy(r->reply + sizeof(struct nbd_structured_reply), &off, 8);
    nbd_conn_out_push(c, r->reply, sizeof(struct nbd_structured_reply) + 8, NULL);
    nbd_conn_out_push(c, r->io.buf, r->length, r);
}

/* Checks the export's extents, clips them to the request, converts in place. */
static int extents_finish(struct nbd_req *r, uint32_t *count)
{
    struct nbd_export_extent *x = r->io.extents;
    uint32_t n = r->io.n_extents, left = r->length, i;

    if (n == 0 || n > r->io.max_extents || x[0].length == 0) {
        nbd_conn_guest_error(r->conn, "export '%s' answered BLOCK_STATUS with %u extents",
                             r->conn->exp->e.name, n);
        return -EIO;
    }
    for (i = 0; i < n && left && x[i].length; i++) {
        uint32_t len = x[i].length < left ? x[i].length : left;

        left -= len;
        x[i].length = nbd_be32(len);
        x[i].flags = nbd_be32(x[i].flags & (NBD_STATE_HOLE | NBD_STATE_ZERO));
    }
    *count = i;
    return 0;
}

static void reply_status_chunk(struct nbd_conn *c, struct nbd_req *r, uint32_t count)
{
    uint32_t id = nbd_be32(1);

    chunk_header(r, r->ext_buf, NBD_REPLY_TYPE_BLOCK_STATUS, 4 + 8 * count);
    memcpy(r->ext_buf + sizeof(struct nbd_structured_reply), &id, 4);
    nbd_conn_out_push(c, r->ext_buf, EXT_HEAD + 8 * count, r);
}

void nbd_request_finish(struct nbd_req *r)
{
    struct nbd_conn *c = r->conn;
    uint32_t count = 0, error;

    if (c->dead) {              /* nobody to answer; the last one lets the worker free c */
        nbd_req_release(r);
        if (c->inflight == 0)
            nbd_worker_mark_ready(c->w, c);
        return;
    }
    if (!r->err && r->cmd == NBD_CMD_BLOCK_STATUS)
        r->err = extents_finish(r, &count);
    error = wire_error(r->err, r->cmd_flags);
    if (r->err && !r->msg[0])
        nbd_conn_debug(c, "%s offset=%llu length=%u failed: %s", cmd_name(r->cmd),
                       (unsigned long long)r->offset, r->length, strerrordesc_np(-r->err));
    if (!c->structured)
        reply_simple(c, r, error);
    else if (error)
        reply_error_chunk(c, r, error);
    else if (r->cmd == NBD_CMD_READ)
        reply_data_chunk(c, r);
    else if (r->cmd == NBD_CMD_BLOCK_STATUS)
        reply_status_chunk(c, r, count);
    else
        reply_simple(c, r, 0);
    nbd_worker_mark_ready(c->w, c);
}

/* ---- submission ---- */

static void io_prepare(const struct nbd_conn *c, struct nbd_req *r)
{
    static const uint8_t ops[NBD_CMD_COUNT] = {
        [NBD_CMD_READ] = NBD_EXPORT_READ, [NBD_CMD_WRITE] = NBD_EXPORT_WRITE,
        [NBD_CMD_FLUSH] = NBD_EXPORT_FLUSH, [NBD_CMD_TRIM] = NBD_EXPORT_TRIM,
        [NBD_CMD_CACHE] = NBD_EXPORT_CACHE, [NBD_CMD_WRITE_ZEROES] = NBD_EXPORT_ZERO,
        [NBD_CMD_BLOCK_STATUS] = NBD_EXPORT_BLOCK_STATUS,
    };
    struct nbd_export_io *io = &r->io;
    uint16_t f = r->cmd_flags;

    io->op = ops[r->cmd];
    io->flags = ((f & NBD_CMD_FLAG_FUA) && is_write(r->cmd) ? NBD_EXPORT_IO_FUA : 0) |
                (f & NBD_CMD_FLAG_NO_HOLE ? NBD_EXPORT_IO_NO_HOLE : 0) |
                (f & NBD_CMD_FLAG_FAST_ZERO ? NBD_EXPORT_IO_FAST_ZERO : 0) |
                (f & NBD_CMD_FLAG_REQ_ONE ? NBD_EXPORT_IO_REQ_ONE : 0);
    io->offset = r->offset;
    io->length = r->length;
    io->extents = NULL;
    io->max_extents = io->n_extents = 0;
    io->error_message = NULL;
    if (r->cmd == NBD_CMD_BLOCK_STATUS) {
        io->extents = (struct nbd_export_extent *)(r->ext_buf + EXT_HEAD);
        io->max_extents = (f & NBD_CMD_FLAG_REQ_ONE) ? 1 : NBD_EXTENTS_MAX;
    }
    (void)c;
}

static void submit(struct nbd_conn *c, struct nbd_req *r)
{
    const struct nbd_export *e = &c->exp->e;
    struct nbd_chan *ch = c->chan;

    io_prepare(c, r);
    if (r->cmd == NBD_CMD_BLOCK_STATUS && !(e->caps & NBD_EXPORT_CAN_EXTENTS)) {
        r->io.extents[0] = (struct nbd_export_extent){ r->length, 0 };  /* unknown: data */
        r->io.n_extents = 1;
        ustor_nbd_io_done(&r->io, 0);
        return;
    }
    if ((r->io.flags & NBD_EXPORT_IO_FAST_ZERO) && !(e->caps & NBD_EXPORT_CAN_FAST_ZERO)) {
        ustor_nbd_io_done(&r->io, -ENOTSUP);
        return;
    }
    if (!ch->used) {
        ch->used = true;
        ch->next_used = c->w->used_chans;
        c->w->used_chans = ch;
    }
    e->ops->submit(e->ctx, ch->chan, &r->io);
}

/* ---- resources ---- */

static void slot_unget(struct nbd_conn *c, struct nbd_req *r)
{
    r->next = c->free_slots;
    c->free_slots = r;
    c->inflight--;
}

/* A data buffer for READ/WRITE, or the reply buffer for BLOCK_STATUS. False:
 * none now; r->err says whether to fail (nothing in flight to wait for). */
static bool attach_buffer(struct nbd_conn *c, struct nbd_req *r)
{
    const struct nbd_export *e = &c->exp->e;
    void *buf;

    if (r->cmd == NBD_CMD_BLOCK_STATUS) {
        if (!r->ext_buf)
            r->ext_buf = malloc(EXT_HEAD + 8 * NBD_EXTENTS_MAX);
        r->err = r->ext_buf ? 0 : -ENOMEM;
        return r->ext_buf != NULL;
    }
    if (r->cmd != NBD_CMD_READ && r->cmd != NBD_CMD_WRITE)
        return true;
    if (c->payload_bytes && c->payload_bytes + r->length > c->payload_max)
        return false;           /* wait for buffers in flight to come back */
    buf = e->ops->buf_alloc ? e->ops->buf_alloc(e->ctx, r->length) : nbd_pool_get(&c->w->pool, r->length);
    if (!buf) {
        r->err = c->inflight > 1 ? 0 : -ENOMEM;
        return false;
    }
    r->io.buf = buf;
    r->buf_from_export = e->ops->buf_alloc != NULL;
    r->payload = r->length;
    c->payload_bytes += r->length;
    return true;
}

/* ---- the state machine ---- */

static bool payload_step(struct nbd_conn *c)
{
    struct nbd_req *r = c->rx;

    if (c->rx_left)
        return false;           /* read_more fills it straight from the socket */
    c->rx = NULL;
    submit(c, r);
    return true;
}

/* Skips a refused WRITE's payload; its reply goes out after the last byte, as
 * clients (libnbd) match replies only to requests they have finished sending. */
static bool discard_step(struct nbd_conn *c)
{
    uint32_t n = in_avail(c) < c->discard_left ? in_avail(c) : (uint32_t)c->discard_left;

    c->in_start += n;
    c->discard_left -= n;
    if (c->discard_left == 0 && c->discard_req) {
        nbd_request_finish(c->discard_req);
        c->discard_req = NULL;
    }
    return n > 0;
}

static void write_begin(struct nbd_conn *c, struct nbd_req *r)
{
    uint32_t have = in_avail(c) < r->length ? in_avail(c) : r->length;

    memcpy(r->io.buf, c->in + c->in_start, have);
    c->in_start += have;
    c->rx = r;
    c->rx_ptr = (uint8_t *)r->io.buf + have;
    c->rx_left = r->length - have;
}

/* Takes a slot and decodes the header; false if none is free (stalled). */
static struct nbd_req *header_take(struct nbd_conn *c, const struct nbd_request *h)
{
    struct nbd_req *r = nbd_req_get(c);

    if (!r) {
        c->stalled = true;
        return NULL;
    }
    r->cookie = h->cookie;      /* echoed as it came, no byte swap */
    r->cmd = nbd_be16(h->type);
    r->cmd_flags = nbd_be16(h->flags);
    r->offset = nbd_be64(h->offset);
    r->length = nbd_be32(h->length);
    r->err = 0;
    r->msg[0] = '\0';
    return r;
}

/* Handles a request we will not run: its payload is skipped, the error sent. */
static bool refuse(struct nbd_conn *c, struct nbd_req *r, int err)
{
    r->err = err;
    if (r->cmd == NBD_CMD_WRITE && r->length) {
        c->discard_left = r->length;
        c->discard_req = r;
        return true;
    }
    nbd_request_finish(r);
    return true;
}

/* The next request header; false when it is incomplete, broken (hang up) or
 * NBD_CMD_DISC (finish what is in flight, then close). */
static bool header_peek(struct nbd_conn *c, struct nbd_request *h)
{
    if (in_avail(c) < sizeof(*h))
        return false;
    memcpy(h, c->in + c->in_start, sizeof(*h));
    if (nbd_be32(h->magic) != NBD_REQUEST_MAGIC) {
        nbd_conn_guest_error(c, "bad request magic 0x%08x; hanging up", nbd_be32(h->magic));
        nbd_conn_hangup(c);
        return false;
    }
    if (nbd_be16(h->type) != NBD_CMD_DISC)
        return true;
    c->in_start += sizeof(*h);
    nbd_conn_debug(c, "NBD_CMD_DISC: finishing %u requests, then closing", c->inflight);
    c->drain = true;
    return false;
}

/* 0 to run r, -errno to refuse it, 1 to wait until a completion frees resources. */
static int admit(struct nbd_conn *c, struct nbd_req *r)
{
    int err = validate(c, r);

    if (err || attach_buffer(c, r))
        return err;
    if (!r->err)
        return 1;
    snprintf(r->msg, sizeof(r->msg), "no buffer for %u bytes", r->length);
    nbd_conn_guest_error(c, "%s: %s", cmd_name(r->cmd), r->msg);
    return r->err;
}

bool nbd_request_step(struct nbd_conn *c)
{
    struct nbd_request h;
    struct nbd_req *r;
    int err;

    if (c->rx)
        return payload_step(c);
    if (c->discard_req)
        return discard_step(c);
    if (!header_peek(c, &h) || !(r = header_take(c, &h)))
        return false;
    err = admit(c, r);
    if (err == 1) {
        slot_unget(c, r);
        c->stalled = true;
        return false;
    }
    c->in_start += sizeof(h);
    if (err)
        return refuse(c, r, err);
    if (r->cmd == NBD_CMD_WRITE)
        write_begin(c, r);
    else
        submit(c, r);
    return true;
}
