/* See test_nbd_util.h. */
#include "test_nbd_util.h"

#include <endian.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "nbd/nbd_backend_export.h"
#include "ustorport/ustor_log.h"

/* ---- mock export ---- */

#define MOCK_HELD_MAX 4096

static pthread_mutex_t mock_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mock_cond = PTHREAD_COND_INITIALIZER;
static struct nbd_export_io *mock_held[MOCK_HELD_MAX];
static unsigned mock_nheld;
static bool mock_quit;
static pthread_t mock_thread;

static int mock_run(struct mock_export *m, struct nbd_export_io *io)
{
    if (m->fail_with)
        return m->fail_with;
    switch (io->op) {
    case NBD_EXPORT_READ:
        memcpy(io->buf, m->data + io->offset, io->length);
        break;
    case NBD_EXPORT_WRITE:
        memcpy(m->data + io->offset, io->buf, io->length);
        break;
    case NBD_EXPORT_ZERO:
    case NBD_EXPORT_TRIM:
        memset(m->data + io->offset, 0, io->length);
        break;
    case NBD_EXPORT_BLOCK_STATUS:
        io->extents[0] = (struct nbd_export_extent){ io->length, 0 };
        io->n_extents = 1;
        break;
    default:
        break;
    }
    return 0;
}

static void mock_finish(struct mock_export *m, struct nbd_export_io *io)
{
    int r = mock_run(m, io);

    atomic_fetch_sub(&m->inflight, 1);
    ustor_nbd_io_done(io, r);
}

static void *mock_completer(void *arg)
{
    struct mock_export *m = arg;
    struct nbd_export_io *batch[MOCK_HELD_MAX];

    pthread_mutex_lock(&mock_lock);
    while (!mock_quit) {
        unsigned n = mock_nheld;

        if (n == 0 || m->hold) {
            pthread_cond_wait(&mock_cond, &mock_lock);
            continue;
        }
        memcpy(batch, mock_held, n * sizeof(batch[0]));
        mock_nheld = 0;
        pthread_mutex_unlock(&mock_lock);
        for (unsigned i = 0; i < n; i++)
            mock_finish(m, batch[m->reverse ? n - 1 - i : i]);
        pthread_mutex_lock(&mock_lock);
    }
    pthread_mutex_unlock(&mock_lock);
    return NULL;
}

void mock_release_all(struct mock_export *m)
{
    pthread_mutex_lock(&mock_lock);
    m->hold = false;
    pthread_cond_signal(&mock_cond);
    pthread_mutex_unlock(&mock_lock);
}

static void mock_submit(void *ctx, void *chan, struct nbd_export_io *io)
{
    struct mock_export *m = ctx;
    unsigned now = atomic_fetch_add(&m->inflight, 1) + 1, max = atomic_load(&m->max_inflight);

    (void)chan;
    while (now > max && !atomic_compare_exchange_weak(&m->max_inflight, &max, now))
        ;
    atomic_fetch_add(&m->submitted, 1);
    atomic_fetch_add(&m->ops[io->op], 1);
    CHECK(io->op == NBD_EXPORT_FLUSH || io->length > 0);
    CHECK(io->offset + io->length <= m->size);
    if (!m->async) {
        mock_finish(m, io);
        return;
    }
    pthread_mutex_lock(&mock_lock);
    CHECK(mock_nheld < MOCK_HELD_MAX);
    mock_held[mock_nheld++] = io;
    pthread_cond_signal(&mock_cond);
    pthread_mutex_unlock(&mock_lock);
}

static void *mock_buf_alloc(void *ctx, size_t length)
{
    struct mock_export *m = ctx;
    long now = atomic_fetch_add(&m->buffer_bytes_out, (long)length) + (long)length;
    long max = atomic_load(&m->max_buffer_bytes_out);

    while (now > max && !atomic_compare_exchange_weak(&m->max_buffer_bytes_out, &max, now))
        ;
    atomic_fetch_add(&m->buffers_out, 1);
    atomic_fetch_add(&m->allocs, 1);
    return malloc(length);
}

static void mock_buf_free(void *ctx, void *buf, size_t length)
{
    struct mock_export *m = ctx;

    atomic_fetch_sub(&m->buffer_bytes_out, (long)length);
    atomic_fetch_sub(&m->buffers_out, 1);
    atomic_fetch_add(&m->frees, 1);
    free(buf);
}

static const struct nbd_export_ops mock_ops = { .submit = mock_submit };
static const struct nbd_export_ops mock_ops_bufs = {
    .submit = mock_submit, .buf_alloc = mock_buf_alloc, .buf_free = mock_buf_free,
};

/* ---- server ---- */

static void add_backend(struct tserver *t, struct ustor_backend **b, const char *spec, const char *name,
                        const char *desc, uint32_t bs)
{
    struct nbd_export e;

    CHECK(ustor_backend_open(spec, 0, b) == 0);
    CHECK(ustor_nbd_backend_export(*b, name, desc, bs, &e) == 0);
    CHECK(ustor_nbd_server_add_export(t->srv, &e) == 0);
}

void tserver_start(struct tserver *t, const struct ustor_nbd_config *cfg)
{
    struct mock_export *m = &t->mock;
    struct nbd_export e = { .name = "mock", .size = 4u << 20 };

    ustor_log_set_levels(getenv("USTOR_LOG") ? getenv("USTOR_LOG") : "error");
    CHECK(ustor_nbd_server_new(cfg, &t->srv) == 0);
    add_backend(t, &t->ram, "ram:64M", "", NULL, 0);
    add_backend(t, &t->ro, "ram:1M,ro", "ro", NULL, 0);
    add_backend(t, &t->bs512, "ram:1M", "bs512", "aligned", 512);
    if (!m->size)
        m->size = e.size;
    if (!m->caps)
        m->caps = NBD_EXPORT_CAN_FLUSH | NBD_EXPORT_CAN_ZERO | NBD_EXPORT_CAN_TRIM | NBD_EXPORT_CAN_EXTENTS;
    m->data = calloc(1, m->size);
    e.size = m->size;
    e.caps = m->caps;
    e.ops = m->provide_buffers ? &mock_ops_bufs : &mock_ops;
    e.ctx = m;
    CHECK(ustor_nbd_server_add_export(t->srv, &e) == 0);
    mock_quit = false;
    CHECK(pthread_create(&mock_thread, NULL, mock_completer, m) == 0);
    CHECK(ustor_nbd_server_start(t->srv) == 0);
}

void tserver_stop(struct tserver *t)
{
    ustor_nbd_server_free(t->srv);
    pthread_mutex_lock(&mock_lock);
    mock_quit = true;
    pthread_cond_signal(&mock_cond);
    pthread_mutex_unlock(&mock_lock);
    pthread_join(mock_thread, NULL);
    ustor_backend_close(t->ram);
    ustor_backend_close(t->ro);
    ustor_backend_close(t->bs512);
    free(t->mock.data);
    memset(t, 0, sizeof(*t));
}

int tserver_connect(struct tserver *t)
{
    struct timeval tv = { 20, 0 };
    int sv[2];

    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    CHECK(ustor_nbd_server_serve_fd(t->srv, sv[0]) == 0);
    return sv[1];
}

void tserver_wait_idle(struct tserver *t)
{
    struct timespec ts = { 0, 1000000 };

    for (int i = 0; i < 20000 && ustor_nbd_server_connections(t->srv); i++)
        nanosleep(&ts, NULL);
    CHECK_EQ(ustor_nbd_server_connections(t->srv), 0);
}

/* ---- raw I/O ---- */

void send_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fprintf(stderr, "send_all: %s\n", strerror(errno));
        CHECK(n > 0);
        p += n;
        len -= (size_t)n;
    }
}

void recv_all(int fd, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        ssize_t n = recv(fd, p, len, 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fprintf(stderr, "recv_all: %s\n", n == 0 ? "EOF" : strerror(errno));
        CHECK(n > 0);
        p += n;
        len -= (size_t)n;
    }
}

bool recv_eof(int fd)
{
    uint8_t b;
    ssize_t n;

    do
        n = recv(fd, &b, 1, 0);
    while (n < 0 && errno == EINTR);
    return n == 0 || (n < 0 && errno == ECONNRESET);
}

/* ---- handshake ---- */

void hs_begin(int fd, uint32_t client_flags)
{
    struct nbd_greeting g;
    uint32_t f = htobe32(client_flags);

    recv_all(fd, &g, sizeof(g));
    CHECK(be64toh(g.magic) == NBD_MAGIC);
    CHECK(be64toh(g.ihaveopt) == NBD_IHAVEOPT);
    CHECK_EQ(be16toh(g.flags), NBD_FLAG_FIXED_NEWSTYLE | NBD_FLAG_NO_ZEROES);
    send_all(fd, &f, 4);
}

void opt_send(int fd, uint32_t opt, const void *data, uint32_t len)
{
    struct nbd_option h = { htobe64(NBD_IHAVEOPT), htobe32(opt), htobe32(len) };

    send_all(fd, &h, sizeof(h));
    if (len)
        send_all(fd, data, len);
}

uint32_t opt_recv(int fd, uint32_t opt, void *buf, uint32_t max, uint32_t *len)
{
    struct nbd_option_reply h;
    uint32_t n;

    recv_all(fd, &h, sizeof(h));
    CHECK(be64toh(h.magic) == NBD_REP_MAGIC);
    CHECK_EQ(be32toh(h.option), opt);
    n = be32toh(h.length);
    CHECK(n <= max);
    if (n)
        recv_all(fd, buf, n);
    if (len)
        *len = n;
    return be32toh(h.reply);
}

uint32_t opt_go(int fd, uint32_t opt, const char *name, uint64_t *size, uint16_t *eflags)
{
    uint8_t d[4 + 256 + 2], rep[512];
    uint32_t nlen = (uint32_t)strlen(name), be = htobe32(nlen), len, type;

    memcpy(d, &be, 4);
    memcpy(d + 4, name, nlen);
    memset(d + 4 + nlen, 0, 2);
    opt_send(fd, opt, d, 6 + nlen);
    while ((type = opt_recv(fd, opt, rep, sizeof(rep), &len)) == NBD_REP_INFO) {
        uint16_t info;

        memcpy(&info, rep, 2);
        info = be16toh(info);

        if (info == NBD_INFO_EXPORT) {
            CHECK_EQ(len, 12);
            memcpy(size, rep + 2, 8);
            *size = be64toh(*size);
            memcpy(eflags, rep + 10, 2);
            *eflags = be16toh(*eflags);
        }
    }
    return type;
}

static void set_meta_base(int fd, const char *name)
{
    uint8_t d[512], rep[256];
    uint32_t nlen = (uint32_t)strlen(name), q = (uint32_t)strlen(NBD_CONTEXT_BASE_ALLOCATION), v, len;
    size_t p = 0;

    v = htobe32(nlen), memcpy(d + p, &v, 4), p += 4;
    memcpy(d + p, name, nlen), p += nlen;
    v = htobe32(1), memcpy(d + p, &v, 4), p += 4;
    v = htobe32(q), memcpy(d + p, &v, 4), p += 4;
    memcpy(d + p, NBD_CONTEXT_BASE_ALLOCATION, q), p += q;
    opt_send(fd, NBD_OPT_SET_META_CONTEXT, d, (uint32_t)p);
    CHECK_EQ(opt_recv(fd, NBD_OPT_SET_META_CONTEXT, rep, sizeof(rep), &len), NBD_REP_META_CONTEXT);
    CHECK_EQ(opt_recv(fd, NBD_OPT_SET_META_CONTEXT, rep, sizeof(rep), &len), NBD_REP_ACK);
}

uint16_t negotiate(int fd, const char *name, bool structured, bool meta)
{
    uint64_t size = 0;
    uint16_t eflags = 0;

    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES);
    if (structured) {
        opt_send(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0);
        CHECK_EQ(opt_recv(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0, NULL), NBD_REP_ACK);
    }
    if (meta)
        set_meta_base(fd, name);
    CHECK_EQ(opt_go(fd, NBD_OPT_GO, name, &size, &eflags), NBD_REP_ACK);
    CHECK(eflags & NBD_FLAG_HAS_FLAGS);
    return eflags;
}

/* ---- transmission ---- */

void req_send(int fd, uint16_t type, uint16_t flags, uint64_t cookie, uint64_t offset, uint32_t len,
              const void *payload)
{
    struct nbd_request r = {
        htobe32(NBD_REQUEST_MAGIC), htobe16(flags), htobe16(type), cookie, htobe64(offset), htobe32(len),
    };

    send_all(fd, &r, sizeof(r));
    if (payload)
        send_all(fd, payload, len);
}

uint32_t simple_reply(int fd, uint64_t cookie, void *data, uint32_t len)
{
    struct nbd_simple_reply s;

    recv_all(fd, &s, sizeof(s));
    CHECK(be32toh(s.magic) == NBD_SIMPLE_REPLY_MAGIC);
    CHECK(s.cookie == cookie);
    if (!s.error && data)
        recv_all(fd, data, len);
    return be32toh(s.error);
}

static uint32_t chunk_body(int fd, struct chunk *c, void *data, uint32_t len)
{
    uint32_t error = 0;

    if (c->type == NBD_REPLY_TYPE_OFFSET_DATA) {
        uint64_t off;

        CHECK(c->length >= 8 && c->length - 8 <= len);
        recv_all(fd, &off, 8);
        recv_all(fd, data, c->length - 8);
    } else {
        CHECK(c->length <= sizeof(c->payload));
        recv_all(fd, c->payload, c->length);
        if (c->type == NBD_REPLY_TYPE_ERROR) {
            memcpy(&error, c->payload, 4);
            error = be32toh(error);
            CHECK(error != 0);
        }
    }
    return error;
}

uint32_t any_reply(int fd, struct chunk *c, void *data, uint32_t len)
{
    uint32_t magic;
    uint8_t rest[16];

    recv_all(fd, &magic, 4);
    memset(c, 0, sizeof(*c));
    if (be32toh(magic) == NBD_SIMPLE_REPLY_MAGIC) {
        uint32_t err;

        recv_all(fd, rest, 12);
        memcpy(&err, rest, 4);
        memcpy(&c->cookie, rest + 4, 8);
        c->flags = NBD_REPLY_FLAG_DONE;
        err = be32toh(err);
        if (!err && data && len)
            recv_all(fd, data, len);
        return err;
    }
    CHECK(be32toh(magic) == NBD_STRUCTURED_REPLY_MAGIC);
    recv_all(fd, rest, 16);
    memcpy(&c->flags, rest, 2), c->flags = be16toh(c->flags);
    memcpy(&c->type, rest + 2, 2), c->type = be16toh(c->type);
    memcpy(&c->cookie, rest + 4, 8);
    memcpy(&c->length, rest + 12, 4), c->length = be32toh(c->length);
    CHECK(c->flags & NBD_REPLY_FLAG_DONE);  /* this server sends one chunk per reply */
    return chunk_body(fd, c, data, len);
}

uint32_t request(int fd, bool structured, uint16_t type, uint16_t flags, uint64_t offset, uint32_t len,
                 void *data)
{
    static uint64_t cookie = 1000;
    struct chunk c;
    uint32_t err;

    req_send(fd, type, flags, ++cookie, offset, len, type == NBD_CMD_WRITE ? data : NULL);
    err = any_reply(fd, &c, type == NBD_CMD_READ ? data : NULL, type == NBD_CMD_READ ? len : 0);
    CHECK(c.cookie == cookie);
    if (structured && err)
        CHECK(c.type == NBD_REPLY_TYPE_ERROR && c.length > 6);   /* with a message */
    return err;
}
