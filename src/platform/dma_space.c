/* The DMA address space: lifecycle, the region table, allocation, registration and
 * translation (see dma_space.h). */
#include "platform/dma_internal.h"

#include "common/error.h"
#include "common/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define DEFAULT_ARENA_SIZE ((size_t)64 << 20)
#define DEFAULT_MAX_ALLOCATION ((size_t)4 << 30)
#define TABLE_INITIAL 256

static const char *const kind_names[DMA_KIND_COUNT] = {
    "memory", "pool", "contiguous memory", "uncached extension", "device extension",
    "SRB extension", "LU extension", "data buffer", "sense buffer", "port memory",
};

const char *dma_kind_name(enum dma_kind kind)
{
    return (unsigned)kind < DMA_KIND_COUNT ? kind_names[kind] : "memory";
}

const char *dma_dir_name(enum dma_dir dir)
{
    return dir == DMA_TO_DEVICE ? "read" : dir == DMA_FROM_DEVICE ? "write" : "read/write";
}

static size_t pages_of(size_t bytes)
{
    return bytes / DMA_PAGE + (bytes % DMA_PAGE != 0);
}

/* ---- lifecycle ---- */

static void init_locks(struct dma_space *s)
{
    pthread_rwlockattr_t attr;

    /* writers (register/unregister on the I/O path) must not starve behind readers */
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_mutex_init(&s->alloc_lock, NULL);
    pthread_rwlock_init(&s->table_lock, &attr);
    pthread_rwlock_init(&s->grant_lock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

int dma_space_create(const struct dma_space_config *cfg, struct dma_space **out)
{
    struct dma_space *s = calloc(1, sizeof(*s));

    if (!s)
        return ustor_error_fail(-ENOMEM, "dma: out of memory for the address space");
    s->arena_size = cfg && cfg->arena_size ? pages_of(cfg->arena_size) * DMA_PAGE : DEFAULT_ARENA_SIZE;
    s->max_allocation = cfg && cfg->max_allocation ? cfg->max_allocation : DEFAULT_MAX_ALLOCATION;
    s->table.v = calloc(TABLE_INITIAL, sizeof(*s->table.v));
    if (!s->table.v) {
        free(s);
        return ustor_error_fail(-ENOMEM, "dma: out of memory for the region table");
    }
    s->table.cap = TABLE_INITIAL;
    init_locks(s);
    *out = s;
    return 0;
}

void dma_space_destroy(struct dma_space *s)
{
    size_t allocated = 0, registered = 0;

    if (!s)
        return;
    for (size_t i = 0; i < s->table.n; i++) {
        if (s->table.v[i].flags & DMA_REGION_ALLOCATED)
            allocated++;
        else
            registered++;
    }
    if (allocated || registered)
        ulog_host(ULOG_WARN, "dma: address space destroyed with %zu allocations and %zu registered ranges left",
                  allocated, registered);
    dma_arena_destroy_all(s);
    dma_grants_destroy(s);
    free(s->table.v);
    pthread_rwlock_destroy(&s->grant_lock);
    pthread_rwlock_destroy(&s->table_lock);
    pthread_mutex_destroy(&s->alloc_lock);
    free(s);
}

/* ---- the region table (sorted by address, no overlap) ---- */

/* Index of the first region whose start is above addr. */
static size_t upper_bound(const struct dma_table *t, uint64_t addr)
{
    size_t lo = 0, hi = t->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].pa <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct dma_region *dma_table_lookup(const struct dma_table *t, uint64_t addr)
{
    size_t i = upper_bound(t, addr);

    if (i == 0)
        return NULL;
    const struct dma_region *r = &t->v[i - 1];
    return addr - r->pa < r->len ? r : NULL;
}

static int table_grow(struct dma_table *t)
{
    size_t cap = t->cap * 2;
    struct dma_region *v = realloc(t->v, cap * sizeof(*v));

    if (!v)
        return -ENOMEM;
    t->v = v;
    t->cap = cap;
    return 0;
}

static int table_insert(struct dma_table *t, const struct dma_region *r)
{
    size_t i = upper_bound(t, r->pa);

    if (i > 0 && t->v[i - 1].pa + t->v[i - 1].len > r->pa)
        return -EEXIST;
    if (i < t->n && t->v[i].pa < r->pa + r->len)
        return -EEXIST;
    if (t->n == t->cap && table_grow(t) < 0)
        return -ENOMEM;
    memmove(&t->v[i + 1], &t->v[i], (t->n - i) * sizeof(*t->v));
    t->v[i] = *r;
    t->n++;
    return 0;
}

/* Remove the region starting exactly at addr whose ALLOCATED flag equals want. */
static int table_remove(struct dma_table *t, uint64_t addr, unsigned want, struct dma_region *out)
{
    size_t i = upper_bound(t, addr);

    if (i == 0 || t->v[i - 1].pa != addr)
        return -ENOENT;
    if ((t->v[i - 1].flags & DMA_REGION_ALLOCATED) != want)
        return -EINVAL;
    *out = t->v[i - 1];
    memmove(&t->v[i - 1], &t->v[i], (t->n - i) * sizeof(*t->v));
    t->n--;
    return 0;
}

static int insert_region(struct dma_space *s, const struct dma_region *r)
{
    int rc;

    pthread_rwlock_wrlock(&s->table_lock);
    rc = table_insert(&s->table, r);
    pthread_rwlock_unlock(&s->table_lock);
    return rc;
}

static struct dma_region region_of(void *va, size_t len, const struct dma_tag *tag, unsigned flags)
{
    struct dma_region r = { .pa = (uint64_t)(uintptr_t)va, .va = va, .len = len, .flags = flags };

    if (tag) {
        r.kind = tag->kind;
        r.flags |= tag->flags & DMA_REGION_REQUEST_SCOPED;
        if (tag->kind == DMA_KIND_DATA_BUFFER) /* data buffers belong to requests by nature */
            r.flags |= DMA_REGION_REQUEST_SCOPED;
        r.owner = tag->owner;
        r.label = tag->label;
        r.user = tag->user;
    }
    return r;
}

/* ---- allocation ---- */

static int normalise(const struct dma_constraints *c, size_t size, struct dma_limits *l)
{
    *l = (struct dma_limits){ .highest = DMA_NO_LIMIT, .align = DMA_PAGE };
    if (!c)
        return 0;
    if (c->align & (c->align - 1))
        return ustor_error_fail(-EINVAL, "dma: alignment %#zx is not a power of two", c->align);
    l->lowest = c->lowest;
    l->highest = c->highest ? c->highest : DMA_NO_LIMIT;
    l->boundary = c->boundary;
    l->align = c->align > DMA_PAGE ? c->align : DMA_PAGE;
    if (l->boundary && pages_of(size) * DMA_PAGE > l->boundary)
        return ustor_error_fail(-EINVAL, "dma: %zu bytes cannot avoid crossing a %#llx boundary", size,
                                (unsigned long long)l->boundary);
    if (l->highest < l->lowest || l->highest - l->lowest < size - 1)
        return ustor_error_fail(-EINVAL, "dma: %zu bytes do not fit between %#llx and %#llx", size,
                                (unsigned long long)l->lowest, (unsigned long long)l->highest);
    return 0;
}

static int protect_guard(uintptr_t addr, size_t data_pages, bool guard)
{
    if (!guard)
        return 0;
    return mprotect((void *)(addr + data_pages * DMA_PAGE), DMA_PAGE, PROT_NONE) < 0 ? -errno : 0;
}

static void release_pages(struct dma_space *s, uintptr_t addr, size_t data_pages, bool guard)
{
    if (guard)
        mprotect((void *)(addr + data_pages * DMA_PAGE), DMA_PAGE, PROT_READ | PROT_WRITE);
    pthread_mutex_lock(&s->alloc_lock);
    dma_arena_release(s, addr, data_pages + guard);
    pthread_mutex_unlock(&s->alloc_lock);
}

int dma_alloc(struct dma_space *s, size_t size, const struct dma_constraints *c, unsigned alloc_flags,
              const struct dma_tag *tag, void **va)
{
    bool guard = alloc_flags & DMA_ALLOC_GUARD;
    struct dma_limits l;
    uintptr_t addr;
    int rc;

    *va = NULL;
    if (size == 0 || size > s->max_allocation)
        return ustor_error_fail(-EINVAL, "dma: cannot allocate %zu bytes (limit %zu)", size, s->max_allocation);
    rc = normalise(c, size, &l);
    if (rc < 0)
        return rc;
    size_t data_pages = pages_of(size);
    pthread_mutex_lock(&s->alloc_lock);
    rc = dma_arena_alloc(s, data_pages + guard, data_pages, &l, &addr);
    pthread_mutex_unlock(&s->alloc_lock);
    if (rc < 0)
        return ustor_error_fail(rc, "dma: no room for %zu bytes between %#llx and %#llx", size,
                                (unsigned long long)l.lowest, (unsigned long long)l.highest);
    rc = protect_guard(addr, data_pages, guard);
    if (rc == 0) {
        unsigned flags = DMA_REGION_ALLOCATED | (guard ? DMA_REGION_GUARDED : 0);
        struct dma_region r = region_of((void *)addr, data_pages * DMA_PAGE, tag, flags);
        rc = insert_region(s, &r);
    }
    if (rc < 0) {
        release_pages(s, addr, data_pages, guard);
        return ustor_error_fail(rc, "dma: cannot record an allocation of %zu bytes", size);
    }
    *va = (void *)addr;
    return 0;
}

int dma_free(struct dma_space *s, void *va)
{
    struct dma_region r;
    int rc;

    pthread_rwlock_wrlock(&s->table_lock);
    rc = table_remove(&s->table, (uint64_t)(uintptr_t)va, DMA_REGION_ALLOCATED, &r);
    pthread_rwlock_unlock(&s->table_lock);
    if (rc == -ENOENT)
        return ustor_error_fail(rc, "dma: %p is not the start of an allocation", va);
    if (rc < 0)
        return ustor_error_fail(rc, "dma: %p is a registered range, not an allocation", va);
    release_pages(s, (uintptr_t)va, r.len / DMA_PAGE, r.flags & DMA_REGION_GUARDED);
    return 0;
}

/* ---- registration ---- */

int dma_register(struct dma_space *s, void *va, size_t len, const struct dma_tag *tag)
{
    struct dma_region r = region_of(va, len, tag, 0);
    int rc;

    if (!va || len == 0 || (uintptr_t)va > UINTPTR_MAX - len)
        return ustor_error_fail(-EINVAL, "dma: cannot register %zu bytes at %p", len, va);
    rc = insert_region(s, &r);
    if (rc == -EEXIST)
        return ustor_error_fail(rc, "dma: %zu bytes at %p overlap a known region", len, va);
    if (rc < 0)
        return ustor_error_fail(rc, "dma: out of memory registering %p", va);
    return 0;
}

int dma_unregister(struct dma_space *s, const void *va)
{
    struct dma_region r;
    int rc;

    pthread_rwlock_wrlock(&s->table_lock);
    rc = table_remove(&s->table, (uint64_t)(uintptr_t)va, 0, &r);
    pthread_rwlock_unlock(&s->table_lock);
    if (rc == -ENOENT)
        return ustor_error_fail(rc, "dma: %p is not the start of a registered range", va);
    if (rc < 0)
        return ustor_error_fail(rc, "dma: %p is an allocation: free it instead", va);
    return 0;
}

/* ---- translation ---- */

int dma_find(struct dma_space *s, uint64_t addr, struct dma_region *out)
{
    const struct dma_region *r;
    int rc = -ENOENT;

    pthread_rwlock_rdlock(&s->table_lock);
    r = dma_table_lookup(&s->table, addr);
    if (r) {
        *out = *r;
        rc = 0;
    }
    pthread_rwlock_unlock(&s->table_lock);
    return rc;
}

int dma_va_to_pa(struct dma_space *s, const void *va, uint64_t *pa, size_t *contig)
{
    struct dma_region r;
    uint64_t addr = (uint64_t)(uintptr_t)va;

    if (dma_find(s, addr, &r) < 0)
        return -EFAULT;
    *pa = r.pa + (addr - (uint64_t)(uintptr_t)r.va);
    if (contig)
        *contig = r.len - (size_t)(addr - (uint64_t)(uintptr_t)r.va);
    return 0;
}

void *dma_pa_to_va(struct dma_space *s, uint64_t pa, size_t *contig)
{
    struct dma_region r;

    if (dma_find(s, pa, &r) < 0)
        return NULL;
    if (contig)
        *contig = r.len - (size_t)(pa - r.pa);
    return (char *)r.va + (pa - r.pa);
}

void dma_get_stats(struct dma_space *s, struct dma_stats *st)
{
    memset(st, 0, sizeof(*st));
    pthread_rwlock_rdlock(&s->table_lock);
    st->regions = s->table.n;
    for (size_t i = 0; i < s->table.n; i++) {
        if (s->table.v[i].flags & DMA_REGION_ALLOCATED) {
            st->allocations++;
            st->allocated_bytes += s->table.v[i].len;
        }
    }
    pthread_rwlock_unlock(&s->table_lock);
    pthread_rwlock_rdlock(&s->grant_lock);
    st->grants = s->grants.n;
    pthread_rwlock_unlock(&s->grant_lock);
    pthread_mutex_lock(&s->alloc_lock);
    st->arenas = dma_arena_count(s);
    pthread_mutex_unlock(&s->alloc_lock);
}
