/* NBD transmission over a socketpair: each command, simple and structured
 * replies, out-of-order completion, and every rejection path of request
 * validation (each with its NBD error, a message, and the server carrying on). */
#include "test_nbd_util.h"

#include <endian.h>
#include <pthread.h>
#include <unistd.h>

static struct tserver T;

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 9));
}

static void test_roundtrip_simple(void)
{
    int fd = tserver_connect(&T);
    uint8_t out[8192], in[8192];

    negotiate(fd, "", false, false);
    fill(out, sizeof(out), 1);
    CHECK_EQ(request(fd, false, NBD_CMD_WRITE, 0, 4096 + 100, sizeof(out), out), 0);
    CHECK_EQ(request(fd, false, NBD_CMD_READ, 0, 4096 + 100, sizeof(in), in), 0);
    CHECK(!memcmp(in, out, sizeof(in)));
    CHECK_EQ(request(fd, false, NBD_CMD_FLUSH, 0, 0, 0, NULL), 0);
    CHECK_EQ(request(fd, false, NBD_CMD_WRITE, NBD_CMD_FLAG_FUA, 0, 512, out), 0);
    close(fd);
}

static void test_roundtrip_structured(void)
{
    int fd = tserver_connect(&T);
    uint8_t out[65536], in[65536];
    struct chunk c;
    uint64_t off;

    negotiate(fd, "", true, false);
    fill(out, sizeof(out), 2);
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE, 0, 1u << 20, sizeof(out), out), 0);
    req_send(fd, NBD_CMD_READ, NBD_CMD_FLAG_DF, 77, 1u << 20, sizeof(in), NULL);
    CHECK_EQ(any_reply(fd, &c, in, sizeof(in)), 0);
    CHECK(c.cookie == 77 && c.type == NBD_REPLY_TYPE_OFFSET_DATA && c.length == 8 + sizeof(in));
    CHECK(!memcmp(in, out, sizeof(in)));
    (void)off;
    close(fd);
}

static void test_trim_zero_cache(void)
{
    int fd = tserver_connect(&T);
    uint8_t out[16384], in[16384], zero[16384] = { 0 };

    negotiate(fd, "", true, false);
    fill(out, sizeof(out), 3);
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE, 0, 0, sizeof(out), out), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE_ZEROES, 0, 1000, 5000, NULL), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_READ, 0, 0, sizeof(in), in), 0);
    CHECK(!memcmp(in + 1000, zero, 5000) && !memcmp(in, out, 1000) && !memcmp(in + 6000, out + 6000, 10384));
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_NO_HOLE | NBD_CMD_FLAG_FUA, 8192, 8192, NULL), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_FAST_ZERO, 0, 4096, NULL), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_READ, 0, 0, sizeof(in), in), 0);
    CHECK(!memcmp(in, zero, 4096) && !memcmp(in + 8192, zero, 8192));
    CHECK_EQ(request(fd, true, NBD_CMD_TRIM, 0, 0, 16384, NULL), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_CACHE, 0, 0, 1u << 20, NULL), 0);
    close(fd);
}

/* Reads the descriptors of a BLOCK_STATUS reply into len/flags arrays. */
static unsigned block_status(int fd, uint16_t flags, uint64_t off, uint32_t len, uint32_t *lens, uint32_t *st)
{
    struct chunk c;
    unsigned n;

    req_send(fd, NBD_CMD_BLOCK_STATUS, flags, 5, off, len, NULL);
    CHECK_EQ(any_reply(fd, &c, NULL, 0), 0);
    CHECK(c.type == NBD_REPLY_TYPE_BLOCK_STATUS && c.length >= 12 && (c.length - 4) % 8 == 0);
    n = (c.length - 4) / 8;
    for (unsigned i = 0; i < n; i++) {
        memcpy(&lens[i], c.payload + 4 + 8 * i, 4);
        memcpy(&st[i], c.payload + 8 + 8 * i, 4);
        lens[i] = be32toh(lens[i]);
        st[i] = be32toh(st[i]);
    }
    return n;
}

static void test_block_status(void)
{
    int fd = tserver_connect(&T);
    uint8_t out[65536];
    uint32_t lens[300], st[300];
    unsigned n;

    negotiate(fd, "", true, true);
    fill(out, sizeof(out), 4);
    CHECK_EQ(request(fd, true, NBD_CMD_TRIM, 0, 0, 64u << 20, NULL), 0);   /* all holes again */
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE, 0, 0, sizeof(out), out), 0);
    n = block_status(fd, 0, 0, 1u << 20, lens, st);
    CHECK_EQ(n, 2);
    CHECK(lens[0] == 65536 && st[0] == 0);
    CHECK(lens[1] == (1u << 20) - 65536 && st[1] == (NBD_STATE_HOLE | NBD_STATE_ZERO));
    n = block_status(fd, NBD_CMD_FLAG_REQ_ONE, 4096, 1u << 20, lens, st);
    CHECK(n == 1 && lens[0] == 65536 - 4096 && st[0] == 0);
    n = block_status(fd, 0, 100000, 1000, lens, st);           /* never longer than asked */
    CHECK(n == 1 && lens[0] == 1000);
    close(fd);
    fd = tserver_connect(&T);
    negotiate(fd, "", true, false);                            /* no base:allocation */
    CHECK_EQ(request(fd, true, NBD_CMD_BLOCK_STATUS, 0, 0, 4096, NULL), NBD_EINVAL);
    close(fd);
}

struct rejection {
    const char *export;
    uint16_t type, flags;
    uint64_t offset;
    uint32_t length;
    uint32_t error;
};

static const struct rejection rejections[] = {
    { "", NBD_CMD_READ, 0, (64u << 20) - 100, 4096, NBD_EINVAL },           /* past the end */
    { "", NBD_CMD_WRITE, 0, 64u << 20, 512, NBD_ENOSPC },
    { "", NBD_CMD_WRITE_ZEROES, 0, (64u << 20) - 512, 1024, NBD_ENOSPC },
    { "", NBD_CMD_TRIM, 0, UINT64_MAX - 10, 4096, NBD_EINVAL },             /* offset + length wraps */
    { "", NBD_CMD_READ, 0, 0, 0, NBD_EINVAL },                              /* zero length */
    { "", NBD_CMD_READ, 0, 0, (32u << 20) + 512, NBD_EINVAL },              /* over the payload max */
    { "", NBD_CMD_WRITE, 0, 0, (32u << 20) + 512, NBD_EINVAL },
    { "", 99, 0, 0, 512, NBD_EINVAL },                                     /* unknown command */
    { "", NBD_CMD_READ, 0x80, 0, 512, NBD_EINVAL },                         /* unknown flag */
    { "", NBD_CMD_WRITE, NBD_CMD_FLAG_NO_HOLE, 0, 512, NBD_EINVAL },
    { "", NBD_CMD_TRIM, NBD_CMD_FLAG_FAST_ZERO, 0, 512, NBD_EINVAL },
    { "", NBD_CMD_READ, NBD_CMD_FLAG_REQ_ONE, 0, 512, NBD_EINVAL },
    { "", NBD_CMD_WRITE, NBD_CMD_FLAG_DF, 0, 512, NBD_EINVAL },
    { "", NBD_CMD_FLUSH, 0, 4096, 0, NBD_EINVAL },                          /* flush with offset */
    { "ro", NBD_CMD_WRITE, 0, 0, 512, NBD_EPERM },
    { "ro", NBD_CMD_TRIM, 0, 0, 512, NBD_EPERM },
    { "ro", NBD_CMD_WRITE_ZEROES, 0, 0, 512, NBD_EPERM },
    { "ro", NBD_CMD_READ, NBD_CMD_FLAG_FUA, 0, 512, NBD_EINVAL },           /* FUA not offered */
    { "bs512", NBD_CMD_READ, 0, 100, 512, NBD_EINVAL },                      /* unaligned */
    { "bs512", NBD_CMD_WRITE, 0, 512, 100, NBD_EINVAL },
    { "bs512", NBD_CMD_TRIM, 0, 1, 511, NBD_EINVAL },
    { "mock", NBD_CMD_CACHE, 0, 0, 512, NBD_EINVAL },                       /* not offered */
    { "mock", NBD_CMD_WRITE, NBD_CMD_FLAG_FUA, 0, 512, NBD_EINVAL },
};

/* Writes get their payload sent (and skipped by the server) from a thread, since
 * the over-long one does not fit in the socket buffer. */
struct sender {
    int fd;
    const struct rejection *r;
    uint8_t *payload;
};

static void *send_request(void *arg)
{
    struct sender *s = arg;

    req_send(s->fd, s->r->type, s->r->flags, 0xabcdef, s->r->offset, s->r->length,
             s->r->type == NBD_CMD_WRITE ? s->payload : NULL);
    return NULL;
}

static void check_rejection(const struct rejection *r, bool structured, uint8_t *payload)
{
    int fd = tserver_connect(&T);
    struct sender s = { fd, r, payload };
    unsigned submitted = atomic_load(&T.mock.submitted);
    uint8_t buf[512];
    struct chunk c;
    pthread_t th;

    negotiate(fd, r->export, structured, false);
    CHECK(pthread_create(&th, NULL, send_request, &s) == 0);
    CHECK_EQ(any_reply(fd, &c, NULL, 0), r->error);
    CHECK(c.cookie == 0xabcdef);
    if (structured)
        CHECK(c.type == NBD_REPLY_TYPE_ERROR && c.length > 6);
    pthread_join(th, NULL);
    CHECK_EQ(atomic_load(&T.mock.submitted), submitted);          /* the export never saw it */
    CHECK_EQ(request(fd, structured, NBD_CMD_READ, 0, 0, 512, buf), 0);   /* still in step */
    close(fd);
}

static void test_rejections(void)
{
    uint8_t *payload = calloc(1, (32u << 20) + 512);

    for (size_t i = 0; i < sizeof(rejections) / sizeof(rejections[0]); i++) {
        fprintf(stderr, "   rejection %zu\n", i);
        check_rejection(&rejections[i], false, payload);
        check_rejection(&rejections[i], true, payload);
    }
    free(payload);
}

static void test_bad_magic_hangs_up(void)
{
    int fd = tserver_connect(&T);
    uint8_t junk[28] = { 1, 2, 3 };

    negotiate(fd, "", true, false);
    send_all(fd, junk, sizeof(junk));
    CHECK(recv_eof(fd));
    close(fd);
}

static void test_disc_finishes_inflight(void)
{
    int fd = tserver_connect(&T);
    uint8_t out[4096], in[4096];
    struct nbd_request tail[2] = {
        { htobe32(NBD_REQUEST_MAGIC), 0, htobe16(NBD_CMD_DISC), 3, 0, 0 },
        { htobe32(NBD_REQUEST_MAGIC), 0, htobe16(NBD_CMD_READ), 4, 0, htobe32(512) },
    };
    struct chunk c;

    negotiate(fd, "", true, false);
    fill(out, sizeof(out), 5);
    req_send(fd, NBD_CMD_WRITE, 0, 1, 8192, sizeof(out), out);
    req_send(fd, NBD_CMD_READ, 0, 2, 8192, sizeof(in), NULL);
    send_all(fd, tail, sizeof(tail));                   /* DISC, then a READ never answered */
    CHECK_EQ(any_reply(fd, &c, NULL, 0), 0);
    CHECK(c.cookie == 1);
    CHECK_EQ(any_reply(fd, &c, in, sizeof(in)), 0);
    CHECK(c.cookie == 2 && !memcmp(in, out, sizeof(in)));
    CHECK(recv_eof(fd));
    close(fd);
}

/* The mock completes from its own thread, in reverse order of submission. */
static void test_out_of_order(void)
{
    int fd = tserver_connect(&T);
    enum { N = 64 };
    uint8_t out[N][512], in[512];
    bool seen[2 * N] = { false };
    struct chunk c;

    T.mock.async = T.mock.reverse = true;
    negotiate(fd, "mock", true, false);
    for (unsigned i = 0; i < N; i++) {
        fill(out[i], 512, 100 + i);
        req_send(fd, NBD_CMD_WRITE, 0, i, i * 512u, 512, out[i]);
    }
    for (unsigned i = 0; i < N; i++) {
        CHECK_EQ(any_reply(fd, &c, NULL, 0), 0);
        CHECK(c.cookie < N && !seen[c.cookie]);
        seen[c.cookie] = true;
    }
    for (unsigned i = 0; i < N; i++) {
        req_send(fd, NBD_CMD_READ, 0, N + i, i * 512u, 512, NULL);
        CHECK_EQ(any_reply(fd, &c, in, sizeof(in)), 0);
        CHECK(c.cookie == N + i && !memcmp(in, out[i], 512));
    }
    T.mock.async = T.mock.reverse = false;
    close(fd);
}

static void test_export_errors(void)
{
    static const struct { int err; uint16_t type, flags; uint32_t wire; } cases[] = {
        { -EIO, NBD_CMD_READ, 0, NBD_EIO },
        { -ENXIO, NBD_CMD_WRITE, 0, NBD_EIO },          /* anything unknown is EIO */
        { -EDQUOT, NBD_CMD_WRITE, 0, NBD_ENOSPC },
        { -EROFS, NBD_CMD_TRIM, 0, NBD_EPERM },
        { -ENOMEM, NBD_CMD_FLUSH, 0, NBD_ENOMEM },
        { -ENOTSUP, NBD_CMD_WRITE_ZEROES, 0, NBD_EINVAL },
        { -ESHUTDOWN, NBD_CMD_READ, 0, NBD_ESHUTDOWN },
    };
    uint8_t buf[4096] = { 0 };

    for (int structured = 0; structured < 2; structured++) {
        int fd = tserver_connect(&T);

        negotiate(fd, "mock", structured, false);
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            uint32_t len = cases[i].type == NBD_CMD_FLUSH ? 0 : 4096;

            T.mock.fail_with = cases[i].err;
            CHECK_EQ(request(fd, structured, cases[i].type, cases[i].flags, 0, len, buf), cases[i].wire);
        }
        T.mock.fail_with = 0;
        /* the mock has no fast zero: the server says so itself, without asking it */
        CHECK_EQ(request(fd, structured, NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_FAST_ZERO, 0, 4096, NULL),
                 NBD_ENOTSUP);
        close(fd);
    }
}

static void test_many_clients(void)
{
    enum { N = 16 };
    int fds[N];
    uint8_t out[4096], in[4096];

    for (int i = 0; i < N; i++) {
        fds[i] = tserver_connect(&T);
        negotiate(fds[i], "", i & 1, false);
    }
    for (int i = 0; i < N; i++) {
        fill(out, sizeof(out), (unsigned)i);
        CHECK_EQ(request(fds[i], i & 1, NBD_CMD_WRITE, 0, (uint64_t)i << 16, sizeof(out), out), 0);
    }
    for (int i = 0; i < N; i++) {
        fill(out, sizeof(out), (unsigned)i);
        CHECK_EQ(request(fds[i], i & 1, NBD_CMD_READ, 0, (uint64_t)i << 16, sizeof(in), in), 0);
        CHECK(!memcmp(in, out, sizeof(in)));
        close(fds[i]);
    }
    tserver_wait_idle(&T);
}

int main(void)
{
    struct ustor_nbd_config cfg = { .workers = 2 };

    tserver_start(&T, &cfg);
    RUN(test_roundtrip_simple);
    RUN(test_roundtrip_structured);
    RUN(test_trim_zero_cache);
    RUN(test_block_status);
    RUN(test_rejections);
    RUN(test_bad_magic_hangs_up);
    RUN(test_disc_finishes_inflight);
    RUN(test_out_of_order);
    RUN(test_export_errors);
    RUN(test_many_clients);
    tserver_stop(&T);
    return 0;
}
