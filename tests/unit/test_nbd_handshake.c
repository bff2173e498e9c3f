/* The NBD handshake, byte by byte over a socketpair: greeting, client flags,
 * every option we implement, and every way an option is refused. */
#include "test_nbd_util.h"

#include <endian.h>
#include <sys/socket.h>
#include <unistd.h>

static struct tserver T;

static uint32_t be32(uint32_t v) { return htobe32(v); }

/* Builds "len name nreq reqs..." for INFO/GO. */
static uint32_t info_data(uint8_t *d, const char *name, const uint16_t *reqs, uint16_t nreq)
{
    uint32_t nlen = (uint32_t)strlen(name), v = be32(nlen);
    uint16_t n = htobe16(nreq);

    memcpy(d, &v, 4);
    memcpy(d + 4, name, nlen);
    memcpy(d + 4 + nlen, &n, 2);
    for (uint16_t i = 0; i < nreq; i++) {
        uint16_t r = htobe16(reqs[i]);

        memcpy(d + 6 + nlen + 2 * i, &r, 2);
    }
    return 6 + nlen + 2u * nreq;
}

/* Builds "len name nq (len query)..." for LIST/SET_META_CONTEXT. */
static uint32_t meta_data(uint8_t *d, const char *name, const char *const *q, uint32_t nq)
{
    uint32_t p = 0, v;

    v = be32((uint32_t)strlen(name)), memcpy(d, &v, 4), p = 4;
    memcpy(d + p, name, strlen(name)), p += (uint32_t)strlen(name);
    v = be32(nq), memcpy(d + p, &v, 4), p += 4;
    for (uint32_t i = 0; i < nq; i++) {
        v = be32((uint32_t)strlen(q[i])), memcpy(d + p, &v, 4), p += 4;
        memcpy(d + p, q[i], strlen(q[i])), p += (uint32_t)strlen(q[i]);
    }
    return p;
}

static int fresh(void)
{
    int fd = tserver_connect(&T);

    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES);
    return fd;
}

static void test_unknown_client_flags(void)
{
    int fd = tserver_connect(&T);

    hs_begin(fd, 0x80);
    CHECK(recv_eof(fd));
    close(fd);
}

static void test_bad_option_magic(void)
{
    int fd = fresh();
    uint8_t junk[16] = "NOTANOPTIONHDR!";

    send_all(fd, junk, sizeof(junk));
    CHECK(recv_eof(fd));
    close(fd);
}

static void test_list(void)
{
    int fd = fresh();
    uint8_t buf[512];
    uint32_t len, n = 0;
    bool saw_default = false, saw_desc = false;

    opt_send(fd, NBD_OPT_LIST, NULL, 0);
    while (opt_recv(fd, NBD_OPT_LIST, buf, sizeof(buf), &len) == NBD_REP_SERVER) {
        uint32_t nlen;

        memcpy(&nlen, buf, 4);
        nlen = be32toh(nlen);
        CHECK(nlen + 4 <= len);
        saw_default |= nlen == 0;
        saw_desc |= nlen == 5 && !memcmp(buf + 4, "bs512", 5) && len - 9 == 7 && !memcmp(buf + 9, "aligned", 7);
        n++;
    }
    CHECK_EQ(n, 4);
    CHECK(saw_default && saw_desc);
    opt_send(fd, NBD_OPT_LIST, "x", 1);     /* LIST takes no data */
    CHECK_EQ(opt_recv(fd, NBD_OPT_LIST, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    CHECK(len > 0);                          /* with a message */
    close(fd);
}

static void test_starttls_refused(void)
{
    int fd = fresh();
    char buf[256] = { 0 };
    uint32_t len;

    opt_send(fd, NBD_OPT_STARTTLS, NULL, 0);
    CHECK_EQ(opt_recv(fd, NBD_OPT_STARTTLS, buf, sizeof(buf) - 1, &len), NBD_REP_ERR_POLICY);
    CHECK(strstr(buf, "TLS") != NULL);
    opt_send(fd, NBD_OPT_STARTTLS, "zz", 2);
    CHECK_EQ(opt_recv(fd, NBD_OPT_STARTTLS, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    close(fd);
}

static void test_unknown_option(void)
{
    int fd = fresh();
    uint8_t buf[512];
    uint32_t len;

    opt_send(fd, 42, "abc", 3);
    CHECK_EQ(opt_recv(fd, 42, buf, sizeof(buf), &len), NBD_REP_ERR_UNSUP);
    opt_send(fd, NBD_OPT_EXTENDED_HEADERS, NULL, 0);
    CHECK_EQ(opt_recv(fd, NBD_OPT_EXTENDED_HEADERS, buf, sizeof(buf), &len), NBD_REP_ERR_UNSUP);
    opt_send(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0);     /* still negotiating */
    CHECK_EQ(opt_recv(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0, NULL), NBD_REP_ACK);
    close(fd);
}

static void test_info(void)
{
    static const uint16_t want[] = { NBD_INFO_NAME, NBD_INFO_DESCRIPTION, NBD_INFO_BLOCK_SIZE, 999 };
    int fd = fresh();
    uint8_t d[512], buf[512];
    uint32_t len, type, seen = 0;

    opt_send(fd, NBD_OPT_INFO, d, info_data(d, "bs512", want, 4));
    while ((type = opt_recv(fd, NBD_OPT_INFO, buf, sizeof(buf), &len)) == NBD_REP_INFO) {
        uint16_t info = (uint16_t)(buf[0] << 8 | buf[1]);
        uint32_t v[3];

        seen |= 1u << info;
        if (info == NBD_INFO_EXPORT) {
            CHECK_EQ(len, 12);
            CHECK_EQ(buf[2 + 5], 0x10);      /* 1 MiB, big-endian */
        } else if (info == NBD_INFO_BLOCK_SIZE) {
            CHECK_EQ(len, 14);
            memcpy(v, buf + 2, 12);
            CHECK_EQ(be32toh(v[0]), 512);
            CHECK_EQ(be32toh(v[1]), 4096);
            CHECK_EQ(be32toh(v[2]), 32u << 20);
        } else if (info == NBD_INFO_NAME) {
            CHECK(len == 7 && !memcmp(buf + 2, "bs512", 5));
        } else if (info == NBD_INFO_DESCRIPTION) {
            CHECK(len == 9 && !memcmp(buf + 2, "aligned", 7));
        }
    }
    CHECK_EQ(type, NBD_REP_ACK);
    CHECK_EQ(seen, 0xf);
    /* still negotiating: INFO did not enter transmission */
    opt_send(fd, NBD_OPT_LIST, NULL, 0);
    while (opt_recv(fd, NBD_OPT_LIST, buf, sizeof(buf), &len) == NBD_REP_SERVER)
        ;
    close(fd);
}

static void test_info_refusals(void)
{
    int fd = fresh();
    uint8_t d[64], buf[512];
    uint32_t len, n;
    uint64_t size;
    uint16_t flags;

    CHECK_EQ(opt_go(fd, NBD_OPT_INFO, "nosuch", &size, &flags), NBD_REP_ERR_UNKNOWN);
    CHECK_EQ(opt_go(fd, NBD_OPT_GO, "nosuch", &size, &flags), NBD_REP_ERR_UNKNOWN);
    opt_send(fd, NBD_OPT_GO, "abc", 3);                       /* too short */
    CHECK_EQ(opt_recv(fd, NBD_OPT_GO, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    n = info_data(d, "ro", NULL, 0);
    d[3] = 40;                                                /* name longer than the data */
    opt_send(fd, NBD_OPT_GO, d, n);
    CHECK_EQ(opt_recv(fd, NBD_OPT_GO, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    n = info_data(d, "ro", NULL, 0);
    d[4 + 2 + 1] = 3;                                         /* 3 requests, none sent */
    opt_send(fd, NBD_OPT_GO, d, n);
    CHECK_EQ(opt_recv(fd, NBD_OPT_GO, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    CHECK_EQ(opt_go(fd, NBD_OPT_GO, "ro", &size, &flags), NBD_REP_ACK);  /* and then it works */
    CHECK_EQ(size, 1u << 20);
    close(fd);
}

static void test_flags_follow_caps(void)
{
    int fd = tserver_connect(&T);
    uint16_t f = negotiate(fd, "", true, false);
    const uint16_t rw = NBD_FLAG_SEND_FLUSH | NBD_FLAG_SEND_FUA | NBD_FLAG_SEND_TRIM |
                        NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_SEND_FAST_ZERO | NBD_FLAG_CAN_MULTI_CONN |
                        NBD_FLAG_SEND_CACHE | NBD_FLAG_SEND_DF;

    CHECK_EQ(f & rw, rw);
    CHECK(!(f & (NBD_FLAG_READ_ONLY | NBD_FLAG_ROTATIONAL)));
    close(fd);
    fd = tserver_connect(&T);
    f = negotiate(fd, "ro", false, false);
    CHECK(f & NBD_FLAG_READ_ONLY);
    CHECK(!(f & (NBD_FLAG_SEND_TRIM | NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_SEND_FUA | NBD_FLAG_SEND_DF)));
    close(fd);
    fd = tserver_connect(&T);
    f = negotiate(fd, "mock", false, false);                  /* no FUA, cache or multi-conn */
    CHECK(f & NBD_FLAG_SEND_FLUSH);
    CHECK(!(f & (NBD_FLAG_SEND_FUA | NBD_FLAG_SEND_CACHE | NBD_FLAG_CAN_MULTI_CONN)));
    close(fd);
}

static void test_structured_reply_option(void)
{
    int fd = fresh();
    uint8_t buf[256];
    uint32_t len;

    opt_send(fd, NBD_OPT_STRUCTURED_REPLY, "x", 1);
    CHECK_EQ(opt_recv(fd, NBD_OPT_STRUCTURED_REPLY, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    opt_send(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0);
    CHECK_EQ(opt_recv(fd, NBD_OPT_STRUCTURED_REPLY, buf, sizeof(buf), &len), NBD_REP_ACK);
    close(fd);
}

static uint32_t meta_count(int fd, uint32_t opt, const char *name, const char *const *q, uint32_t nq,
                           uint32_t *final)
{
    uint8_t d[1024], buf[512];
    uint32_t len, n = 0, type;

    opt_send(fd, opt, d, meta_data(d, name, q, nq));
    while ((type = opt_recv(fd, opt, buf, sizeof(buf), &len)) == NBD_REP_META_CONTEXT) {
        CHECK(len == 4 + strlen(NBD_CONTEXT_BASE_ALLOCATION));
        CHECK(!memcmp(buf + 4, NBD_CONTEXT_BASE_ALLOCATION, len - 4));
        if (opt == NBD_OPT_SET_META_CONTEXT)
            CHECK(buf[0] | buf[1] | buf[2] | buf[3]);         /* a real id */
        n++;
    }
    *final = type;
    return n;
}

static void test_meta_contexts(void)
{
    static const char *const base[] = { "base:" }, *const alloc[] = { "base:allocation" },
                             *const other[] = { "x-foo:bar", "qemu:dirty-bitmap:x" };
    int fd = fresh();
    uint8_t d[64], buf[256];
    uint32_t final, len;

    CHECK_EQ(meta_count(fd, NBD_OPT_LIST_META_CONTEXT, "", NULL, 0, &final), 0);
    CHECK_EQ(final, NBD_REP_ERR_INVALID);                     /* structured replies first */
    opt_send(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0);
    CHECK_EQ(opt_recv(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0, NULL), NBD_REP_ACK);
    CHECK_EQ(meta_count(fd, NBD_OPT_LIST_META_CONTEXT, "", NULL, 0, &final), 1);
    CHECK_EQ(final, NBD_REP_ACK);
    CHECK_EQ(meta_count(fd, NBD_OPT_LIST_META_CONTEXT, "", base, 1, &final), 1);
    CHECK_EQ(meta_count(fd, NBD_OPT_LIST_META_CONTEXT, "", other, 2, &final), 0);
    CHECK_EQ(final, NBD_REP_ACK);
    CHECK_EQ(meta_count(fd, NBD_OPT_SET_META_CONTEXT, "", base, 1, &final), 0);   /* not a selection */
    CHECK_EQ(meta_count(fd, NBD_OPT_SET_META_CONTEXT, "", alloc, 1, &final), 1);
    CHECK_EQ(final, NBD_REP_ACK);
    CHECK_EQ(meta_count(fd, NBD_OPT_SET_META_CONTEXT, "nosuch", alloc, 1, &final), 0);
    CHECK_EQ(final, NBD_REP_ERR_UNKNOWN);
    memset(d, 0xff, 12);                                      /* lengths past the end */
    opt_send(fd, NBD_OPT_SET_META_CONTEXT, d, 12);
    CHECK_EQ(opt_recv(fd, NBD_OPT_SET_META_CONTEXT, buf, sizeof(buf), &len), NBD_REP_ERR_INVALID);
    close(fd);
}

static void test_export_name(void)
{
    uint8_t reply[10 + 124], sector[512];
    int fd;

    fd = fresh();
    opt_send(fd, NBD_OPT_EXPORT_NAME, "nosuch", 6);           /* cannot fail politely */
    CHECK(recv_eof(fd));
    close(fd);
    fd = tserver_connect(&T);
    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE);                  /* without NO_ZEROES */
    opt_send(fd, NBD_OPT_EXPORT_NAME, "ro", 2);
    recv_all(fd, reply, sizeof(reply));
    CHECK_EQ(reply[5], 0x10);                                 /* 1 MiB */
    for (unsigned i = 10; i < sizeof(reply); i++)
        CHECK_EQ(reply[i], 0);
    req_send(fd, NBD_CMD_READ, 0, 7, 0, 512, NULL);           /* simple replies: no structured */
    CHECK_EQ(simple_reply(fd, 7, sector, sizeof(sector)), 0);
    close(fd);
}

static void test_abort(void)
{
    int fd = fresh();

    opt_send(fd, NBD_OPT_ABORT, NULL, 0);
    CHECK_EQ(opt_recv(fd, NBD_OPT_ABORT, NULL, 0, NULL), NBD_REP_ACK);
    CHECK(recv_eof(fd));
    close(fd);
}

static void test_overlong_option(void)
{
    int fd = fresh();
    uint32_t big = (64u << 10) + 1, len;
    uint8_t *junk = calloc(1, big), buf[256];

    opt_send(fd, 77, junk, big);
    CHECK_EQ(opt_recv(fd, 77, buf, sizeof(buf), &len), NBD_REP_ERR_TOO_BIG);
    opt_send(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0);          /* back in step */
    CHECK_EQ(opt_recv(fd, NBD_OPT_STRUCTURED_REPLY, NULL, 0, NULL), NBD_REP_ACK);
    free(junk);
    close(fd);
}

static void test_too_many_options(void)
{
    int fd = fresh();
    uint8_t buf[256];
    unsigned answered = 0;

    struct nbd_option opts[1100];

    for (unsigned i = 0; i < 1100; i++)
        opts[i] = (struct nbd_option){ htobe64(NBD_IHAVEOPT), htobe32(99), 0 };
    (void)!send(fd, opts, sizeof(opts), MSG_NOSIGNAL);     /* it hangs up before the end */
    for (;;) {
        struct nbd_option_reply h;
        ssize_t n = recv(fd, &h, sizeof(h), MSG_WAITALL);

        if (n != (ssize_t)sizeof(h))
            break;
        CHECK(be32toh(h.length) < sizeof(buf));
        recv_all(fd, buf, be32toh(h.length));
        answered++;
    }
    CHECK_EQ(answered, 1024);                                 /* then it hung up */
    close(fd);
}

static void test_client_vanishes(void)
{
    int fd = fresh();

    opt_send(fd, NBD_OPT_GO, NULL, 0);
    send_all(fd, "\0\0\0\2x", 5);                             /* half an option */
    close(fd);
    fd = tserver_connect(&T);                                 /* mid-greeting */
    close(fd);
    tserver_wait_idle(&T);
}

int main(void)
{
    tserver_start(&T, NULL);
    RUN(test_unknown_client_flags);
    RUN(test_bad_option_magic);
    RUN(test_list);
    RUN(test_starttls_refused);
    RUN(test_unknown_option);
    RUN(test_info);
    RUN(test_info_refusals);
    RUN(test_flags_follow_caps);
    RUN(test_structured_reply_option);
    RUN(test_meta_contexts);
    RUN(test_export_name);
    RUN(test_abort);
    RUN(test_overlong_option);
    RUN(test_too_many_options);
    RUN(test_client_vanishes);
    tserver_stop(&T);
    return 0;
}
