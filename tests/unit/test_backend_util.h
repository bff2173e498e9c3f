/* Checks every backend kind must pass (test_backend_ram.c, test_backend_file.c):
 * data round trips through buffers and scatter lists, zero and trim, extents,
 * request validation, and many requests in flight on several queues. */
#ifndef TEST_BACKEND_UTIL_H
#define TEST_BACKEND_UTIL_H

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ustorport/ustor_backend.h"
#include "ustorport/ustor_log.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define CHECK_EQ(a, b)                                                                  \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ != b_) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, a_, b_);                                          \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

static inline void pattern(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed * 13 + i * 3 + (i >> 12));
}

static inline bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static inline void *aligned(size_t n)
{
    void *p = NULL;

    CHECK(posix_memalign(&p, 4096, n) == 0);
    return p;
}

struct waiter {
    int result;
    int done;
};

static inline void waiter_done(struct ustor_bio *bio, int result)
{
    struct waiter *w = bio->context;

    w->result = result;
    w->done++;
}

static inline int submit_wait(struct ustor_backend_queue *q, struct ustor_bio *bio)
{
    struct waiter w = { 0, 0 };

    bio->done = waiter_done;
    bio->context = &w;
    ustor_backend_submit(q, bio);
    ustor_backend_queue_kick(q);
    while (!w.done)
        ustor_backend_queue_wait(q);
    CHECK_EQ(w.done, 1);
    return w.result;
}

/* Data written through a buffer reads back through a buffer and a scatter list. */
static inline void check_roundtrip(struct ustor_backend_queue *q)
{
    enum { N = 256 * 1024 };
    uint8_t *out = aligned(N), *in = aligned(N);
    struct iovec iov[3] = { { in, 4096 }, { in + 4096, 65536 }, { in + 69632, N - 69632 } };
    struct ustor_bio bio = { .op = USTOR_BIO_READ, .offset = 1u << 20, .length = N, .iov = iov, .iovcnt = 3 };

    pattern(out, N, 7);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, 1u << 20, N, out), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, USTOR_BIO_FUA, 1u << 20, 4096, out), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_FLUSH, 0, 0, 0, NULL), 0);
    memset(in, 0xee, N);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 1u << 20, N, in), 0);
    CHECK(!memcmp(in, out, N));
    memset(in, 0xee, N);
    CHECK_EQ(submit_wait(q, &bio), 0);
    CHECK(!memcmp(in, out, N));
    free(out);
    free(in);
}

static inline void check_iov(struct ustor_backend_queue *q)
{
    enum { N = 3 * 4096 };
    uint8_t *out = aligned(N), *in = aligned(N);
    struct iovec wv[2] = { { out, 4096 }, { out + 4096, 8192 } };
    struct iovec rv[3] = { { in, 8192 }, { in + 8192, 2048 }, { in + 10240, 2048 } };
    struct ustor_bio w = { .op = USTOR_BIO_WRITE, .offset = 3u << 20, .length = N, .iov = wv, .iovcnt = 2 };
    struct ustor_bio r = { .op = USTOR_BIO_READ, .offset = 3u << 20, .length = N, .iov = rv, .iovcnt = 3 };

    pattern(out, N, 9);
    CHECK_EQ(submit_wait(q, &w), 0);
    CHECK_EQ(submit_wait(q, &r), 0);
    CHECK(!memcmp(in, out, N));
    free(out);
    free(in);
}

/* Zero (with and without NO_HOLE) reads back as zeroes; trim then zero too. */
static inline void check_zero_trim(struct ustor_backend_queue *q, uint32_t bs)
{
    enum { N = 1u << 20 };
    uint8_t *out = aligned(N), *in = aligned(N);
    uint64_t base = 4u << 20;

    pattern(out, N, 3);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, base, N, out), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_ZERO, 0, base + bs, 64 * 1024 - 2 * bs + 4096, NULL), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_ZERO, USTOR_BIO_NO_HOLE | USTOR_BIO_FUA, base + 131072, 8192, NULL), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, base, N, in), 0);
    CHECK(!memcmp(in, out, bs));
    CHECK(all_zero(in + bs, 64 * 1024 - 2 * bs + 4096));
    CHECK(!memcmp(in + 64 * 1024 - bs + 4096, out + 64 * 1024 - bs + 4096, 131072 - (64 * 1024 - bs + 4096)));
    CHECK(all_zero(in + 131072, 8192));
    CHECK(!memcmp(in + 139264, out + 139264, N - 139264));
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_TRIM, 0, base, N, NULL), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_ZERO, USTOR_BIO_FAST_ZERO, base, N, NULL), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, base, N, in), 0);
    CHECK(all_zero(in, N));
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_CACHE, 0, base, N, NULL), 0);
    free(out);
    free(in);
}

/* After trimming everything, a written run shows as data between holes. */
static inline void check_extents(struct ustor_backend *b, struct ustor_backend_queue *q)
{
    const struct ustor_backend_info *info = ustor_backend_get_info(b);
    uint8_t *out = aligned(65536);
    struct ustor_extent ext[16];
    unsigned n = 0;
    uint64_t total = 0;

    if (!(info->caps & USTOR_BACKEND_CAN_EXTENTS))
        return;
    pattern(out, 65536, 1);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_TRIM, 0, 0, info->size, NULL), 0);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, 1u << 20, 65536, out), 0);
    CHECK_EQ(ustor_backend_extents(b, 0, 2u << 20, ext, 16, &n), 0);
    CHECK_EQ(n, 3);
    CHECK(ext[0].length == 1u << 20 && ext[0].flags == (USTOR_EXTENT_HOLE | USTOR_EXTENT_ZERO));
    CHECK(ext[1].length == 65536 && ext[1].flags == 0);
    CHECK(ext[2].length == (1u << 20) - 65536 && (ext[2].flags & USTOR_EXTENT_HOLE));
    CHECK_EQ(ustor_backend_extents(b, (1u << 20) + 4096, 1u << 20, ext, 1, &n), 0);
    CHECK(n == 1 && ext[0].length == 65536 - 4096 && ext[0].flags == 0);
    CHECK_EQ(ustor_backend_extents(b, 0, info->size, ext, 16, &n), 0);
    for (unsigned i = 0; i < n; i++)
        total += ext[i].length;
    CHECK_EQ(total, info->size);
    CHECK(ustor_backend_extents(b, info->size - 512, 1024, ext, 16, &n) == -EINVAL);
    free(out);
}

/* Requests the backend must refuse, each with its errno. */
static inline void check_refusals(struct ustor_backend *b, struct ustor_backend_queue *q)
{
    const struct ustor_backend_info *info = ustor_backend_get_info(b);
    uint8_t *buf = aligned(8192);
    struct ustor_bio bio = { .op = 42, .length = 512, .buf = buf };

    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, info->size - 512, 1024, buf), -EINVAL);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_WRITE, 0, info->size, 512, buf), -ENOSPC);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, UINT64_MAX - 100, 512, buf), -EINVAL);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0x80, 0, 512, buf), -EINVAL);
    CHECK_EQ(submit_wait(q, &bio), -EINVAL);
    if (info->block_size > 1)
        CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 1, info->block_size, buf), -EINVAL);
    CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, 0, 0, buf), 0);     /* empty: nothing to do */
    free(buf);
}

struct hammer {
    struct ustor_backend *b;
    unsigned id;
};

/* Many requests in flight on this thread's own queue, each to its own blocks. */
static inline void *hammer_thread(void *arg)
{
    struct hammer *h = arg;
    enum { DEPTH = 32, ROUNDS = 8 };
    struct ustor_backend_queue *q;
    struct ustor_bio bios[DEPTH];
    struct waiter w[DEPTH];
    uint8_t *bufs = aligned(DEPTH * 4096), *check = aligned(4096);

    CHECK_EQ(ustor_backend_queue_open(h->b, DEPTH, &q), 0);
    for (unsigned round = 0; round < ROUNDS; round++) {
        for (unsigned i = 0; i < DEPTH; i++) {
            uint64_t off = (8u << 20) + ((uint64_t)h->id * DEPTH + i) * 4096;

            pattern(bufs + i * 4096, 4096, h->id * 1000 + round * 100 + i);
            w[i] = (struct waiter){ 0, 0 };
            bios[i] = (struct ustor_bio){ .op = USTOR_BIO_WRITE, .offset = off, .length = 4096,
                                          .buf = bufs + i * 4096, .done = waiter_done, .context = &w[i] };
            ustor_backend_submit(q, &bios[i]);
        }
        ustor_backend_queue_kick(q);
        while (ustor_backend_queue_inflight(q))
            ustor_backend_queue_wait(q);
        for (unsigned i = 0; i < DEPTH; i++)
            CHECK(w[i].done == 1 && w[i].result == 0);
    }
    for (unsigned i = 0; i < DEPTH; i++) {
        CHECK_EQ(ustor_backend_io(q, USTOR_BIO_READ, 0, (8u << 20) + ((uint64_t)h->id * DEPTH + i) * 4096,
                                  4096, check), 0);
        CHECK(!memcmp(check, bufs + i * 4096, 4096));
    }
    ustor_backend_queue_close(q);
    free(bufs);
    free(check);
    return NULL;
}

static inline void check_threads(struct ustor_backend *b)
{
    enum { THREADS = 4 };
    pthread_t th[THREADS];
    struct hammer h[THREADS];

    for (unsigned i = 0; i < THREADS; i++) {
        h[i] = (struct hammer){ b, i };
        CHECK(pthread_create(&th[i], NULL, hammer_thread, &h[i]) == 0);
    }
    for (unsigned i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
}

/* Everything above against one spec (at least 16 MiB). */
static inline void backend_conformance(const char *spec)
{
    struct ustor_backend *b;
    struct ustor_backend_queue *q;

    fprintf(stderr, "-- %s\n", spec);
    CHECK_EQ(ustor_backend_open(spec, 0, &b), 0);
    CHECK(ustor_backend_get_info(b)->size >= 16u << 20);
    CHECK_EQ(ustor_backend_queue_open(b, 0, &q), 0);
    check_roundtrip(q);
    check_iov(q);
    check_zero_trim(q, ustor_backend_get_info(b)->block_size > 512 ? ustor_backend_get_info(b)->block_size : 512);
    check_extents(b, q);
    check_refusals(b, q);
    check_threads(b);
    ustor_backend_queue_close(q);
    ustor_backend_close(b);
}

#endif
