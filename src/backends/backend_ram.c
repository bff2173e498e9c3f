/* ram:SIZE - a disk in anonymous memory, reserved lazily (MAP_NORESERVE).
 * Trim and zero give whole pages back with MADV_DONTNEED; a bitmap of written
 * pages answers extents (mincore would call swapped-out data a hole).
 * Requests complete inline, or with threads=N large ones on helper threads
 * (backend_threads.c). Left out: persistence, huge pages (tried: no gain for 1M
 * copies, and 2 MiB zeroed at the first touch of each). */
#include "backends/backend_internal.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/error.h"

/* Streaming stores bypass the sanitizers' instrumentation: their builds copy plainly,
 * so ASan and TSan still see every store into the disk. */
#if defined(__SSE2__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define RAM_STREAM 1
#include <emmintrin.h>
#else
#define RAM_STREAM 0
#endif

#define RAM_PAGE 4096u
#define RAM_CHUNK (32u << 10)   /* fresh memory is populated this much at a time */

struct ram_backend {
    struct ustor_backend base;
    uint8_t *mem;
    size_t map_len;
    _Atomic uint64_t *written;  /* one bit per page that may hold data */
    size_t words;
    _Atomic uint64_t *populated;/* one bit per RAM_CHUNK known to be backed */
};

static struct ram_backend *ram_of(struct ustor_backend *b)
{
    return (struct ram_backend *)b;
}

/* ---- the written-page bitmap ---- */

static uint64_t word_mask(uint64_t first, uint64_t last, uint64_t w)
{
    uint64_t lo = (first > w * 64) ? first - w * 64 : 0;
    uint64_t hi = (last < w * 64 + 63) ? last - w * 64 : 63;

    return (hi == 63 ? ~0ull : ((1ull << (hi + 1)) - 1)) & ~((1ull << lo) - 1);
}

/* Marks pages [first, last] as written; set after the data is copied, so a racing
 * trim can only leave a bit set over zeroes (reported as data: safe). */
static void pages_mark(struct ram_backend *r, uint64_t first, uint64_t last)
{
    for (uint64_t w = first / 64; w <= last / 64; w++) {
        uint64_t m = word_mask(first, last, w);

        if ((atomic_load_explicit(&r->written[w], memory_order_relaxed) & m) != m)
            atomic_fetch_or_explicit(&r->written[w], m, memory_order_release);
    }
}

static void pages_clear(struct ram_backend *r, uint64_t first, uint64_t last)
{
    for (uint64_t w = first / 64; w <= last / 64; w++)
        atomic_fetch_and_explicit(&r->written[w], ~word_mask(first, last, w), memory_order_acq_rel);
}

static bool page_written(struct ram_backend *r, uint64_t page)
{
    return (atomic_load_explicit(&r->written[page / 64], memory_order_acquire) >> (page % 64)) & 1;
}

/* ---- data ---- */

/* End of the run of pages sharing page's state, scanning whole words at a time. */
static uint64_t run_end(struct ram_backend *r, uint64_t page, uint64_t last, bool state)
{
    uint64_t full = state ? ~0ull : 0;

    while (page <= last) {
        if (page % 64 == 0 && page + 63 <= last &&
            atomic_load_explicit(&r->written[page / 64], memory_order_acquire) == full) {
            page += 64;
            continue;
        }
        if (page_written(r, page) != state)
            break;
        page++;
    }
    return page;
}


/* Large spans are stored with non-temporal stores: a big write is not read back
 * soon, and streaming it skips reading each destination line into the cache first
 * (1 MiB copies into cold memory: 9.9 GB/s with memcpy, 15.1 GB/s streamed, on the
 * 2-core CI machine). Small writes stay cached, as the next access is likely near. */
#define RAM_STREAM_MIN (64u << 10)

#if RAM_STREAM
static void ram_store(uint8_t *dst, const uint8_t *src, size_t n)
{
    if (n < RAM_STREAM_MIN) {
        memcpy(dst, src, n);
        return;
    }
    size_t head = (16 - ((uintptr_t)dst & 15)) & 15;
    memcpy(dst, src, head);
    dst += head, src += head, n -= head;
    for (; n >= 64; dst += 64, src += 64, n -= 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)src);
        __m128i b = _mm_loadu_si128((const __m128i *)(src + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(src + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(src + 48));
        _mm_stream_si128((__m128i *)dst, a);
        _mm_stream_si128((__m128i *)(dst + 16), b);
        _mm_stream_si128((__m128i *)(dst + 32), c);
        _mm_stream_si128((__m128i *)(dst + 48), d);
    }
    memcpy(dst, src, n);
    _mm_sfence();   /* streamed data is visible before the request completes */
}
#else
static void ram_store(uint8_t *dst, const uint8_t *src, size_t n)
{
    memcpy(dst, src, n);
}
#endif

/* Copies a request's buffer or scatter list into memory. */
static void ram_copy_in(struct ram_backend *r, struct ustor_bio *bio)
{
    uint8_t *mem = r->mem + bio->offset;

    if (bio->iovcnt == 0) {
        ram_store(mem, bio->buf, bio->length);
        return;
    }
    for (uint32_t i = 0; i < bio->iovcnt; i++) {
        ram_store(mem, bio->iov[i].iov_base, bio->iov[i].iov_len);
        mem += bio->iov[i].iov_len;
    }
}

/* Reads pages never written as zeroes without touching them, so reading a
 * fresh disk neither faults pages in nor grows the process. */
static void ram_read_span(struct ram_backend *r, uint64_t off, uint8_t *dst, uint64_t length)
{
    uint64_t end = off + length;

    while (off < end) {
        bool data = page_written(r, off / RAM_PAGE);
        uint64_t stop = run_end(r, off / RAM_PAGE, (end - 1) / RAM_PAGE, data) * RAM_PAGE;
        size_t n = (stop < end ? stop : end) - off;

        if (data)
            memcpy(dst, r->mem + off, n);
        else
            memset(dst, 0, n);
        dst += n;
        off += n;
    }
}

/* A scatter list is read piece by piece, with the same care for fresh pages. */
static void ram_read(struct ram_backend *r, struct ustor_bio *bio)
{
    uint64_t off = bio->offset;

    if (!bio->iovcnt) {
        ram_read_span(r, off, bio->buf, bio->length);
        return;
    }
    for (uint32_t i = 0; i < bio->iovcnt; i++) {
        ram_read_span(r, off, bio->iov[i].iov_base, bio->iov[i].iov_len);
        off += bio->iov[i].iov_len;
    }
}

/* Before a write of several pages lands in chunks not yet backed, populates
 * them with one call instead of a page fault per 4 KiB page: 1M writes to fresh
 * memory took 301 instead of 506 us each. Single-page writes just fault: for
 * scattered 4k writes, zeroing a whole 32 KiB chunk per first touch cost more
 * than it saved. Chunks bound the waste to 8x, as nbdkit's 32 KiB sparse pages
 * do; where MADV_POPULATE_WRITE is missing, pages fault in as before. */
static void ram_populate(struct ram_backend *r, uint64_t offset, uint64_t length)
{
    uint64_t first = offset / RAM_CHUNK, last = (offset + length - 1) / RAM_CHUNK;
    uint64_t end = (last + 1) * RAM_CHUNK;
    bool all = true;

    if (offset / RAM_PAGE == (offset + length - 1) / RAM_PAGE)
        return;
    for (uint64_t c = first; c <= last && all; c++)
        all = (atomic_load_explicit(&r->populated[c / 64], memory_order_relaxed) >> (c % 64)) & 1;
    if (all)
        return;
    madvise(r->mem + first * RAM_CHUNK, (end < r->map_len ? end : r->map_len) - first * RAM_CHUNK,
            MADV_POPULATE_WRITE);
    for (uint64_t c = first; c <= last; c++)
        atomic_fetch_or_explicit(&r->populated[c / 64], 1ull << (c % 64), memory_order_relaxed);
}

/* Pages given back: their chunks must be populated again before use. */
static void ram_unpopulate(struct ram_backend *r, uint64_t lo, uint64_t hi)
{
    for (uint64_t c = lo / RAM_CHUNK; c <= (hi - 1) / RAM_CHUNK; c++)
        atomic_fetch_and_explicit(&r->populated[c / 64], ~(1ull << (c % 64)), memory_order_relaxed);
}

static void ram_write(struct ram_backend *r, struct ustor_bio *bio)
{
    ram_populate(r, bio->offset, bio->length);
    ram_copy_in(r, bio);
    pages_mark(r, bio->offset / RAM_PAGE, (bio->offset + bio->length - 1) / RAM_PAGE);
}

/* Gives back the whole pages inside [offset, offset+length); returns the first
 * and end of the dropped span in lo and hi (equal: none). */
static void ram_drop_pages(struct ram_backend *r, uint64_t offset, uint64_t length,
                           uint64_t *lo, uint64_t *hi)
{
    *lo = (offset + RAM_PAGE - 1) / RAM_PAGE * RAM_PAGE;
    *hi = (offset + length) / RAM_PAGE * RAM_PAGE;
    if (*hi <= *lo) {
        *hi = *lo;
        return;
    }
    pages_clear(r, *lo / RAM_PAGE, *hi / RAM_PAGE - 1);
    ram_unpopulate(r, *lo, *hi);
    madvise(r->mem + *lo, *hi - *lo, MADV_DONTNEED);
}

static void ram_zero(struct ram_backend *r, struct ustor_bio *bio)
{
    uint64_t lo, hi, end = bio->offset + bio->length;

    if (bio->flags & USTOR_BIO_NO_HOLE) {
        ram_populate(r, bio->offset, bio->length);
        memset(r->mem + bio->offset, 0, bio->length);
        pages_mark(r, bio->offset / RAM_PAGE, (end - 1) / RAM_PAGE);
        return;
    }
    ram_drop_pages(r, bio->offset, bio->length, &lo, &hi);
    if (lo == hi) {
        memset(r->mem + bio->offset, 0, bio->length);
        return;
    }
    memset(r->mem + bio->offset, 0, lo - bio->offset);
    memset(r->mem + hi, 0, end - hi);
}

static int ram_execute(struct ustor_backend *b, struct ustor_bio *bio)
{
    struct ram_backend *r = ram_of(b);
    uint64_t lo, hi;

    switch (bio->op) {
    case USTOR_BIO_READ:
        ram_read(r, bio);
        return 0;
    case USTOR_BIO_WRITE:
        ram_write(r, bio);
        return 0;
    case USTOR_BIO_TRIM:
        ram_drop_pages(r, bio->offset, bio->length, &lo, &hi);
        return 0;
    case USTOR_BIO_ZERO:
        ram_zero(r, bio);
        return 0;
    default:                    /* FLUSH, CACHE: memory is as durable as it gets */
        return 0;
    }
}

/* ---- extents ---- */

static int ram_extents(struct ustor_backend *b, uint64_t offset, uint64_t length,
                       struct ustor_extent *ext, unsigned max, unsigned *count)
{
    struct ram_backend *r = ram_of(b);
    uint64_t end = offset + length, last = (end - 1) / RAM_PAGE;
    unsigned n = 0;

    while (offset < end && n < max) {
        bool data = page_written(r, offset / RAM_PAGE);
        uint64_t stop = run_end(r, offset / RAM_PAGE, last, data) * RAM_PAGE;

        ext[n].length = (stop < end ? stop : end) - offset;
        ext[n].flags = data ? 0 : (USTOR_EXTENT_HOLE | USTOR_EXTENT_ZERO);
        offset += ext[n].length;
        n++;
    }
    *count = n;
    return 0;
}

/* ---- life ---- */

static void ram_destroy(struct ustor_backend *b)
{
    struct ram_backend *r = ram_of(b);

    backend_helpers_stop(b);
    munmap(r->mem, r->map_len);
    free((void *)r->written);
    free((void *)r->populated);
    free(r);
}

static const struct backend_ops ram_ops = {
    .destroy = ram_destroy,
    .execute = ram_execute,
    .extents = ram_extents,
};

int backend_ram_open(const struct backend_spec *spec, struct ustor_backend **out)
{
    struct ram_backend *r = calloc(1, sizeof(*r));
    uint64_t pages = (spec->size + RAM_PAGE - 1) / RAM_PAGE;

    if (!r)
        goto nomem;
    r->map_len = pages * RAM_PAGE;
    r->mem = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r->mem == MAP_FAILED)
        goto unmapped;
    r->words = (pages + 63) / 64;
    r->written = calloc(r->words, sizeof(*r->written));
    r->populated = calloc((r->map_len / RAM_CHUNK + 64) / 64, sizeof(*r->populated));
    if (!r->written || !r->populated)
        goto mapped;
    r->base.ops = &ram_ops;
    r->base.info = (struct ustor_backend_info){
        .size = spec->size, .block_size = 1, .kind = "ram", .engine = "inline",
        .caps = USTOR_BACKEND_CAN_FLUSH | USTOR_BACKEND_CAN_FUA | USTOR_BACKEND_CAN_TRIM |
                USTOR_BACKEND_CAN_ZERO | USTOR_BACKEND_CAN_FAST_ZERO | USTOR_BACKEND_CAN_EXTENTS |
                USTOR_BACKEND_CAN_CACHE | USTOR_BACKEND_MULTI_QUEUE |
                (spec->read_only ? USTOR_BACKEND_READ_ONLY : 0),
    };
    if (spec->threads && backend_helpers_start(&r->base, spec->threads) < 0) {
        ram_destroy(&r->base);
        return -EAGAIN;
    }
    r->base.info.engine = r->base.engine ? "threads" : "inline";
    *out = &r->base;
    return 0;
mapped:
    free((void *)r->written);
    free((void *)r->populated);
    munmap(r->mem, r->map_len);
unmapped:
    free(r);
nomem:
    return ustor_error_fail(-ENOMEM, "ram:%llu: cannot reserve the memory",
                            (unsigned long long)spec->size);
}
