/* Random conversations, mostly well-formed and mutated at random places: client
 * flags, options with lying lengths and garbled payloads, GO or not, requests
 * with any command, flags, offsets and lengths, truncated payloads, early
 * hang-ups. The server must answer or hang up, never crash, leak or stall, and
 * serve a well-behaved client afterwards. Deterministic (a fixed seed; USTOR_FUZZ_SEED
 * and USTOR_FUZZ_ROUNDS change it); meant to run under ASan/UBSan and TSan. */
#include "test_nbd_util.h"

#include <endian.h>
#include <sys/socket.h>
#include <unistd.h>

#define CONV_MAX (48u << 10)    /* well under the socket buffers: sends never block */

static struct tserver T;
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t bytes_back;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint32_t pick(uint32_t n)
{
    return (uint32_t)(rnd() % n);
}

static bool chance(unsigned percent)
{
    return pick(100) < percent;
}

struct conv {
    uint8_t buf[CONV_MAX];
    size_t len;
};

static bool room(const struct conv *c, size_t n)
{
    return c->len + n <= sizeof(c->buf);
}

static void put(struct conv *c, const void *p, size_t n)
{
    if (!room(c, n))
        return;
    memcpy(c->buf + c->len, p, n);
    c->len += n;
}

static void put32(struct conv *c, uint32_t v)
{
    v = htobe32(v);
    put(c, &v, 4);
}

static void put_junk(struct conv *c, size_t n)
{
    while (n-- && room(c, 1)) {
        uint8_t b = (uint8_t)rnd();

        put(c, &b, 1);
    }
}

static const char *const names[] = { "", "ro", "bs512", "mock", "nosuch", "base:allocation" };

static const char *any_name(void)
{
    return names[pick(sizeof(names) / sizeof(names[0]))];
}

/* Option data that is well-formed for INFO/GO/META most of the time. */
static void option_body(struct conv *body, uint32_t opt)
{
    const char *name = any_name();
    uint16_t n;

    if (chance(20)) {
        put_junk(body, pick(64));
        return;
    }
    put32(body, (uint32_t)strlen(name));
    put(body, name, strlen(name));
    if (opt == NBD_OPT_INFO || opt == NBD_OPT_GO) {
        n = htobe16((uint16_t)pick(4));
        put(body, &n, 2);
        for (unsigned i = 0; i < be16toh(n); i++) {
            uint16_t t = htobe16((uint16_t)pick(6));

            put(body, &t, 2);
        }
        return;
    }
    put32(body, pick(3));
    for (int i = 0; i < 2; i++) {
        const char *q = chance(50) ? NBD_CONTEXT_BASE_ALLOCATION : chance(50) ? "base:" : "x-y:z";

        put32(body, (uint32_t)strlen(q));
        put(body, q, strlen(q));
    }
}

static void add_option(struct conv *c, uint32_t opt)
{
    static struct conv body;
    uint32_t len;

    body.len = 0;
    if (opt != NBD_OPT_STRUCTURED_REPLY && opt != NBD_OPT_LIST && opt != NBD_OPT_ABORT)
        option_body(&body, opt);
    len = (uint32_t)body.len;
    if (chance(5))
        len = chance(50) ? (uint32_t)rnd() : len + pick(8) - 4;   /* a lie */
    put32(c, 0x49484156);       /* IHAVEOPT, in two halves */
    put32(c, chance(3) ? (uint32_t)rnd() : 0x454F5054);
    put32(c, opt);
    put32(c, len);
    put(c, body.buf, body.len);
}

static uint64_t any_offset(void)
{
    static const uint64_t edges[] = { 0, 512, 4096, (1u << 20) - 512, 1u << 20, (4u << 20) - 512,
                                      4u << 20, (64u << 20) - 4096, 64u << 20, UINT64_MAX - 511 };

    return chance(70) ? edges[pick(sizeof(edges) / sizeof(edges[0]))] : rnd() % (128u << 20);
}

static uint32_t any_length(void)
{
    static const uint32_t edges[] = { 0, 1, 511, 512, 4096, 65536, 1u << 20, (32u << 20) + 1, 0xffffffffu };

    return chance(80) ? edges[pick(sizeof(edges) / sizeof(edges[0]))] : (uint32_t)rnd();
}

static void add_request(struct conv *c)
{
    struct nbd_request r = {
        .magic = htobe32(chance(98) ? NBD_REQUEST_MAGIC : (uint32_t)rnd()),
        .flags = htobe16(chance(60) ? 0 : (uint16_t)(rnd() & (chance(80) ? 0x1f : 0xffff))),
        .type = htobe16(chance(90) ? (uint16_t)pick(8) : (uint16_t)rnd()),
        .cookie = rnd(),
        .offset = htobe64(any_offset()),
        .length = htobe32(any_length()),
    };

    if (be16toh(r.type) == NBD_CMD_DISC && chance(70))
        r.type = htobe16(NBD_CMD_READ);
    put(c, &r, sizeof(r));
    if (be16toh(r.type) == NBD_CMD_WRITE) {
        uint32_t len = be32toh(r.length);

        put_junk(c, chance(90) ? (len < 8192 ? len : 8192) : pick(600));
    }
}

static void build(struct conv *c)
{
    uint32_t flags = chance(95) ? NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES : (uint32_t)rnd();
    static const uint32_t opts[] = { NBD_OPT_LIST, NBD_OPT_INFO, NBD_OPT_STRUCTURED_REPLY,
                                     NBD_OPT_LIST_META_CONTEXT, NBD_OPT_SET_META_CONTEXT, NBD_OPT_STARTTLS,
                                     NBD_OPT_EXTENDED_HEADERS, 42, NBD_OPT_GO, NBD_OPT_ABORT,
                                     NBD_OPT_EXPORT_NAME };
    unsigned n = pick(6);

    c->len = 0;
    put32(c, flags);
    for (unsigned i = 0; i < n; i++)
        add_option(c, chance(90) ? opts[pick(sizeof(opts) / sizeof(opts[0]))] : (uint32_t)rnd());
    if (chance(75)) {           /* into transmission, with or without the extras */
        if (chance(50))
            add_option(c, NBD_OPT_STRUCTURED_REPLY);
        if (chance(50))
            add_option(c, NBD_OPT_SET_META_CONTEXT);
        add_option(c, NBD_OPT_GO);
        n = pick(40);
        for (unsigned i = 0; i < n && room(c, 9000); i++)
            add_request(c);
    }
    if (chance(10))
        c->len = pick((uint32_t)c->len + 1);    /* cut anywhere */
}

/* Sends a conversation and reads whatever comes back until the server closes. */
static void converse(const struct conv *c)
{
    int fd = tserver_connect(&T);
    uint8_t sink[65536];
    ssize_t n;

    (void)!send(fd, c->buf, c->len, MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);
    do {
        n = recv(fd, sink, sizeof(sink), 0);
        bytes_back += n > 0 ? (uint64_t)n : 0;
    } while (n > 0 || (n < 0 && errno == EINTR));
    CHECK(n == 0 || errno == ECONNRESET);       /* not a timeout: the server ended it */
    close(fd);
}

static void check_still_serving(void)
{
    int fd = tserver_connect(&T);
    uint8_t out[4096], in[4096];

    negotiate(fd, "", true, false);
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = (uint8_t)(i * 5);
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE, 0, 8192, sizeof(out), out), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_READ, 0, 8192, sizeof(in), in), 0);
    CHECK(!memcmp(in, out, sizeof(in)));
    close(fd);
}

int main(void)
{
    static struct conv c;
    struct ustor_nbd_config cfg = { .workers = 2, .max_requests = 16, .max_payload_bytes = 8u << 20 };
    unsigned rounds = getenv("USTOR_FUZZ_ROUNDS") ? (unsigned)atoi(getenv("USTOR_FUZZ_ROUNDS")) : 400;
    unsigned submitted;

    if (getenv("USTOR_FUZZ_SEED"))
        rng = strtoull(getenv("USTOR_FUZZ_SEED"), NULL, 0) | 1;

    tserver_start(&T, &cfg);
    for (unsigned i = 0; i < rounds; i++) {
        build(&c);
        converse(&c);
        if (i % 100 == 99)
            fprintf(stderr, "-- %u conversations\n", i + 1);
    }
    tserver_wait_idle(&T);
    submitted = atomic_load(&T.mock.submitted);
    fprintf(stderr, "-- %llu bytes of replies; the mock export ran %u requests\n",
            (unsigned long long)bytes_back, submitted);
    CHECK(bytes_back > rounds * 100ull);        /* the conversations got somewhere */
    check_still_serving();
    tserver_stop(&T);
    return 0;
}
