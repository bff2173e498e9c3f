/* Tagged pool and contiguous memory of one owner, with leak, double-free and
 * foreign-free reports (see pool.h). */
#include "port/pool.h"

#include "common/error.h"
#include "common/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096u
#define DEFAULT_MAX_BYTES ((size_t)1 << 30)
#define FREED_RING 64
#define LEAK_LINES_MAX 32
#define CALLER_TEXT 192

struct pool_block {
    struct pool_block *prev, *next;
    void *ptr;  /* what the caller got */
    void *base; /* the DMA allocation */
    size_t size;
    uint32_t tag;
    uint32_t cache_type;
    const void *caller;
    bool contiguous;
};

/* Recently freed blocks, to tell a double free from a foreign pointer. */
struct pool_freed {
    void *ptr;
    size_t size;
    uint32_t tag;
    bool contiguous;
    const void *alloc_caller, *free_caller;
};

struct pool {
    struct dma_space *dma;
    char name[64];
    void *owner;
    struct dma_constraints limits;
    bool guard;
    int fill;
    size_t max_bytes;

    pthread_mutex_t lock;
    struct pool_block *blocks; /* live blocks, newest first */
    struct pool_freed freed[FREED_RING];
    unsigned freed_next;
    size_t nblocks, bytes, ncontig, contig_bytes;
    uint64_t problems;
};

const char *pool_tag_text(uint32_t tag, char buf[5])
{
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)(tag >> (8 * i));
        buf[i] = c >= 0x20 && c < 0x7F ? (char)c : '.';
    }
    buf[4] = '\0';
    return buf;
}

int pool_create(struct dma_space *dma, const struct pool_config *cfg, struct pool **out)
{
    struct pool *p = calloc(1, sizeof(*p));

    if (!p)
        return ustor_error_fail(-ENOMEM, "pool: out of memory");
    p->dma = dma;
    snprintf(p->name, sizeof(p->name), "%s", cfg && cfg->owner_name ? cfg->owner_name : "pool");
    if (cfg) {
        p->owner = cfg->owner;
        p->limits = cfg->limits;
        p->guard = cfg->guard;
    }
    p->fill = cfg ? cfg->fill : -1;
    p->max_bytes = cfg && cfg->max_bytes ? cfg->max_bytes : DEFAULT_MAX_BYTES;
    pthread_mutex_init(&p->lock, NULL);
    *out = p;
    return 0;
}

/* ---- the block list (under p->lock) ---- */

static void link_block(struct pool *p, struct pool_block *b)
{
    b->prev = NULL;
    b->next = p->blocks;
    if (p->blocks)
        p->blocks->prev = b;
    p->blocks = b;
    if (b->contiguous) {
        p->ncontig++;
        p->contig_bytes += b->size;
    } else {
        p->nblocks++;
        p->bytes += b->size;
    }
}

static void unlink_block(struct pool *p, struct pool_block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        p->blocks = b->next;
    if (b->next)
        b->next->prev = b->prev;
    if (b->contiguous) {
        p->ncontig--;
        p->contig_bytes -= b->size;
    } else {
        p->nblocks--;
        p->bytes -= b->size;
    }
}

static void remember_freed(struct pool *p, const struct pool_block *b, const void *caller)
{
    p->freed[p->freed_next++ % FREED_RING] = (struct pool_freed){
        .ptr = b->ptr, .size = b->size, .tag = b->tag, .contiguous = b->contiguous,
        .alloc_caller = b->caller, .free_caller = caller,
    };
}

static const struct pool_freed *recently_freed(const struct pool *p, const void *ptr)
{
    for (unsigned i = 1; i <= FREED_RING; i++) {
        const struct pool_freed *f = &p->freed[(p->freed_next - i) % FREED_RING];
        if (f->ptr == ptr)
            return f;
    }
    return NULL;
}

/* ---- reports ---- */

static void report(struct pool *p, const char *what, const struct ulog_param *params, unsigned n)
{
    struct ulog_event ev = { .channel = ULOG_GUEST, .level = ULOG_ERROR, .name = what,
                             .source = p->name, .params = params, .nparams = n };

    p->problems++;
    ulog_event(&ev);
}

static struct ulog_param param_str(const char *name, const char *s)
{
    return (struct ulog_param){ .name = name, .type = ULOG_PARAM_STR, .s = s };
}

static struct ulog_param param_u64(const char *name, uint64_t v, enum ulog_param_type t)
{
    return (struct ulog_param){ .name = name, .type = t, .u = v };
}

static void report_double_free(struct pool *p, const struct pool_freed *f, const void *caller)
{
    char tag[5], by[CALLER_TEXT], first[CALLER_TEXT], alloc[CALLER_TEXT];
    struct ulog_param params[] = {
        param_str("tag", pool_tag_text(f->tag, tag)),
        param_u64("bytes", f->size, ULOG_PARAM_U64),
        param_u64("address", (uintptr_t)f->ptr, ULOG_PARAM_HEX),
        param_str("caller", ulog_describe_code(caller, by, sizeof(by))),
        param_str("freed_by", ulog_describe_code(f->free_caller, first, sizeof(first))),
        param_str("allocated_by", ulog_describe_code(f->alloc_caller, alloc, sizeof(alloc))),
    };

    report(p, f->contiguous ? "double free of contiguous memory" : "double free of pool", params, 6);
}

static void report_foreign(struct pool *p, const char *what, void *ptr, const char *detail,
                           const void *caller)
{
    char by[CALLER_TEXT];
    struct ulog_param params[] = {
        param_u64("address", (uintptr_t)ptr, ULOG_PARAM_HEX),
        param_str("problem", detail),
        param_str("caller", ulog_describe_code(caller, by, sizeof(by))),
    };

    report(p, what, params, 3);
}

static void report_leak(struct pool *p, const struct pool_block *b)
{
    char tag[5], by[CALLER_TEXT];
    struct ulog_param params[5];
    unsigned n = 0;

    if (!b->contiguous) {
        params[n++] = param_str("tag", pool_tag_text(b->tag, tag));
        params[n++] = param_u64("tag_value", b->tag, ULOG_PARAM_HEX);
    }
    params[n++] = param_u64("bytes", b->size, ULOG_PARAM_U64);
    params[n++] = param_u64("address", (uintptr_t)b->ptr, ULOG_PARAM_HEX);
    params[n++] = param_str("allocated_by", ulog_describe_code(b->caller, by, sizeof(by)));
    report(p, b->contiguous ? "leaked contiguous memory" : "leaked pool", params, n);
}

/* ---- allocation ---- */

/* Where in its pages a block starts: page-aligned, or at the page end with a guard. */
static void *place(const struct pool *p, void *base, size_t size)
{
    if (!p->guard || size >= PAGE)
        return base;
    return (char *)base + PAGE - ((size + 15) & ~(size_t)15);
}

static int new_block(struct pool *p, size_t size, const struct dma_constraints *c, bool contiguous,
                     unsigned flags, struct pool_block **out)
{
    struct pool_block *b = calloc(1, sizeof(*b));
    struct dma_tag tag = { .kind = contiguous ? DMA_KIND_CONTIGUOUS : DMA_KIND_POOL,
                           .owner = p->owner ? p->owner : p, .label = p->name, .user = b };
    int rc;

    if (!b)
        return -ENOMEM;
    rc = dma_alloc(p->dma, size, c, flags, &tag, &b->base);
    if (rc < 0) {
        free(b);
        return rc;
    }
    b->size = size;
    b->contiguous = contiguous;
    b->ptr = contiguous ? b->base : place(p, b->base, size);
    if (p->fill >= 0)
        memset(b->ptr, p->fill, size);
    *out = b;
    return 0;
}

int pool_alloc(struct pool *p, size_t size, uint32_t tag, const void *caller, void **out)
{
    struct pool_block *b;
    int rc = 0;

    *out = NULL;
    if (size == 0)
        return ustor_error_fail(-EINVAL, "pool: %s: allocation of 0 bytes", p->name);
    pthread_mutex_lock(&p->lock);
    if (size > p->max_bytes - (p->bytes + p->contig_bytes) || p->bytes + p->contig_bytes > p->max_bytes)
        rc = ustor_error_fail(-ENOMEM, "pool: %s: %zu more bytes exceed the budget of %zu", p->name, size,
                              p->max_bytes);
    else
        rc = new_block(p, size, &p->limits, false, p->guard ? DMA_ALLOC_GUARD : 0, &b);
    if (rc == 0) {
        b->tag = tag;
        b->caller = caller;
        link_block(p, b);
        *out = b->ptr;
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

int pool_alloc_contiguous(struct pool *p, size_t size, const struct dma_constraints *c,
                          uint32_t cache_type, const void *caller, void **va, uint64_t *pa)
{
    struct pool_block *b;
    int rc;

    *va = NULL;
    if (size == 0)
        return ustor_error_fail(-EINVAL, "pool: %s: contiguous allocation of 0 bytes", p->name);
    pthread_mutex_lock(&p->lock);
    if (size > p->max_bytes - (p->bytes + p->contig_bytes) || p->bytes + p->contig_bytes > p->max_bytes)
        rc = ustor_error_fail(-ENOMEM, "pool: %s: %zu more bytes exceed the budget of %zu", p->name, size,
                              p->max_bytes);
    else
        rc = new_block(p, size, c, true, 0, &b);
    if (rc == 0) {
        b->cache_type = cache_type;
        b->caller = caller;
        link_block(p, b);
        *va = b->ptr;
        if (pa)
            *pa = (uint64_t)(uintptr_t)b->ptr; /* identity mapping (dma_space.h) */
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

/* ---- freeing ---- */

/* The live block of this pool starting at ptr, or NULL with the problem reported. */
static struct pool_block *find_for_free(struct pool *p, void *ptr, bool contiguous, const void *caller)
{
    const char *what = contiguous ? "free of foreign contiguous memory" : "free of foreign pool";
    struct dma_region r;
    char detail[160];

    /* this pool's regions carry its name buffer as label: no foreign block is touched */
    if (dma_find(p->dma, (uintptr_t)ptr, &r) == 0 && r.label == p->name && r.user) {
        struct pool_block *b = r.user;
        if (b->ptr == ptr && b->contiguous == contiguous)
            return b;
        snprintf(detail, sizeof(detail), "%s of this pool at %p (%zu bytes)",
                 b->ptr != ptr ? "inside a block" : contiguous ? "a pool block, not contiguous memory" :
                 "contiguous memory, not a pool block", b->ptr, b->size);
        report_foreign(p, what, ptr, detail, caller);
        return NULL;
    }
    const struct pool_freed *f = recently_freed(p, ptr);
    if (f) {
        report_double_free(p, f, caller);
        return NULL;
    }
    if (dma_find(p->dma, (uintptr_t)ptr, &r) == 0)
        snprintf(detail, sizeof(detail), "%s of %s", dma_kind_name(r.kind), r.label ? r.label : "another owner");
    else
        snprintf(detail, sizeof(detail), "not allocated by the port");
    report_foreign(p, what, ptr, detail, caller);
    return NULL;
}

static void release_block(struct pool *p, struct pool_block *b)
{
    dma_free(p->dma, b->base);
    free(b);
}

int pool_free(struct pool *p, void *ptr, const void *caller)
{
    struct pool_block *b;

    pthread_mutex_lock(&p->lock);
    b = find_for_free(p, ptr, false, caller);
    if (b) {
        unlink_block(p, b);
        remember_freed(p, b, caller);
        release_block(p, b);
    }
    pthread_mutex_unlock(&p->lock);
    return b ? 0 : -EFAULT;
}

static void check_free_args(struct pool *p, const struct pool_block *b, size_t size, uint32_t cache_type,
                            const void *caller)
{
    char by[CALLER_TEXT];
    struct ulog_param params[] = {
        param_u64("address", (uintptr_t)b->ptr, ULOG_PARAM_HEX),
        param_u64("allocated_bytes", b->size, ULOG_PARAM_U64),
        param_u64("freed_bytes", size, ULOG_PARAM_U64),
        param_u64("allocated_cache_type", b->cache_type, ULOG_PARAM_U64),
        param_u64("freed_cache_type", cache_type, ULOG_PARAM_U64),
        param_str("caller", ulog_describe_code(caller, by, sizeof(by))),
    };

    if (size != b->size || cache_type != b->cache_type)
        report(p, "contiguous memory freed with other arguments than allocated", params, 6);
}

int pool_free_contiguous(struct pool *p, void *va, size_t size, uint32_t cache_type, const void *caller)
{
    struct pool_block *b;

    pthread_mutex_lock(&p->lock);
    b = find_for_free(p, va, true, caller);
    if (b) {
        check_free_args(p, b, size, cache_type, caller);
        unlink_block(p, b);
        remember_freed(p, b, caller);
        release_block(p, b);
    }
    pthread_mutex_unlock(&p->lock);
    return b ? 0 : -EFAULT;
}

/* ---- teardown ---- */

static void report_leak_summary(struct pool *p, size_t n)
{
    struct ulog_param params[] = {
        param_u64("pool_blocks", p->nblocks, ULOG_PARAM_U64),
        param_u64("pool_bytes", p->bytes, ULOG_PARAM_U64),
        param_u64("contiguous_blocks", p->ncontig, ULOG_PARAM_U64),
        param_u64("contiguous_bytes", p->contig_bytes, ULOG_PARAM_U64),
        param_u64("not_listed", n > LEAK_LINES_MAX ? n - LEAK_LINES_MAX : 0, ULOG_PARAM_U64),
    };

    report(p, "memory still allocated at removal", params, 5);
}

size_t pool_destroy(struct pool *p)
{
    size_t n = 0, listed = 0;

    if (!p)
        return 0;
    pthread_mutex_lock(&p->lock);
    n = p->nblocks + p->ncontig;
    if (n)
        report_leak_summary(p, n);
    while (p->blocks) {
        struct pool_block *b = p->blocks;
        if (listed++ < LEAK_LINES_MAX)
            report_leak(p, b);
        unlink_block(p, b);
        release_block(p, b);
    }
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_destroy(&p->lock);
    free(p);
    return n;
}

void pool_get_stats(struct pool *p, struct pool_stats *st)
{
    pthread_mutex_lock(&p->lock);
    *st = (struct pool_stats){ .blocks = p->nblocks, .bytes = p->bytes, .contiguous_blocks = p->ncontig,
                               .contiguous_bytes = p->contig_bytes, .problems = p->problems };
    pthread_mutex_unlock(&p->lock);
}
