/* ram:SIZE: the common backend checks, plus what is particular to memory:
 * a fresh disk reads as zeroes and reports one hole, writes at odd offsets mark
 * the pages they touch, read-only refuses writes, large writes (stored with streaming
 * stores) land exactly, whatever their alignment, and leave their neighbours alone. */
#include "test_backend_util.h"

static void test_fresh_and_odd_offsets(void)
{
    struct ustor_backend *b;
    struct ustor_backend_queue *q;
    struct ustor_extent ext[8];
    uint8_t buf[10000], in[10000];
    unsigned n;

    CHECK_EQ(ustor_backend_open("ram:64M", 0, &b), 0);
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    CHECK_EQ(ustor_backend_queue_fd(q), -1);                 /* everything completes inline */
    CHECK_EQ(ustor_backend_extents(b, 0, 64u << 20, ext, 8, &n), 0);
    CHECK(n == 1 && ext[0].length == 64u << 20 && ext[0].flags == (USTOR_EXTENT_HOLE | USTOR_EXTENT_ZERO));
    memset(in, 0xee, sizeof(in));
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 12345, sizeof(in), in), 0);
    CHECK(all_zero(in, sizeof(in)));
    pattern(buf, sizeof(buf), 5);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, 4096 * 3 - 1, sizeof(buf), buf), 0);
    CHECK_EQ(ustor_backend_extents(b, 0, 8u << 20, ext, 8, &n), 0);   /* pages 2..5 hold data */
    CHECK(n == 3 && ext[0].length == 8192 && ext[1].length == 16384 && ext[1].flags == 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 4096 * 3 - 1, sizeof(in), in), 0);
    CHECK(!memcmp(in, buf, sizeof(in)));
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 8000, 2000, in), 0);  /* half hole, half data */
    CHECK(all_zero(in, 2000));
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
}

static void test_read_only(void)
{
    struct ustor_backend *b;
    struct ustor_backend_queue *q;
    uint8_t buf[512] = { 1 };

    CHECK_EQ(ustor_backend_open("ram:1M,ro", 0, &b), 0);
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, 0, 512, buf), -EROFS);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_TRIM, 0, 0, 512, NULL), -EROFS);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_ZERO, 0, 0, 512, NULL), -EROFS);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 0, 512, buf), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_FLUSH, 0, 0, 0, NULL), 0);
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
}

/* Writes of 64 KiB and more take the streaming path: odd source and destination
 * alignments and lengths, in one buffer and in a scatter list mixing large and small
 * pieces, read back exactly, and the bytes around them stay as they were. */
static void test_large_writes(void)
{
    enum { N = (1u << 20) + 77, OFF = 4096 * 5 + 3 };
    struct ustor_backend *b;
    struct ustor_backend_queue *q;
    uint8_t *src = aligned(N + 16), *in = aligned(N + 64);

    CHECK_EQ(ustor_backend_open("ram:8M", 0, &b), 0);
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    pattern(src, N + 16, 11);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, OFF, N, src + 5), 0);
    memset(in, 0xee, N + 64);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, OFF - 3, N + 6, in), 0);
    CHECK(all_zero(in, 3) && all_zero(in + 3 + N, 3));
    CHECK(!memcmp(in + 3, src + 5, N));

    struct iovec wv[3] = { { src + 1, 70001 }, { src + 70002, 100 }, { src + 70102, 300007 } };
    uint64_t len = 70001 + 100 + 300007;
    struct ustor_bio w = { .op = USTOR_BIO_WRITE, .offset = (4u << 20) + 9, .length = len,
                           .iov = wv, .iovcnt = 3 };
    CHECK_EQ(submit_wait(q, &w), 0);
    memset(in, 0xee, N + 64);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, (4u << 20) + 9, len, in), 0);
    CHECK(!memcmp(in, src + 1, len));
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
    free(src);
    free(in);
}

int main(void)
{
    ustor_log_set_levels("error");
    backend_conformance("ram:32M");
    backend_conformance("ram:32M,threads=2");
    test_fresh_and_odd_offsets();
    test_read_only();
    test_large_writes();
    return 0;
}
