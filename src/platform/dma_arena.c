/* Arenas of the DMA address space: reserving address space inside a physical-address
 * window (PA == VA) and handing out pages first-fit under alignment, limit and
 * boundary constraints. The caller holds alloc_lock. */
#include "platform/dma_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define USER_TOP (UINT64_C(1) << 47)   /* where an unhinted mmap can land, at most */
#define SCAN_HIGH_START (UINT64_C(1) << 30)
#define SCAN_LOW_START (UINT64_C(64) << 20)
#define SCAN_STEP_MIN (UINT64_C(2) << 20)
#define SCAN_MAX_TRIES 8192

static uint64_t align_up(uint64_t v, uint64_t a)
{
    if (v > UINT64_MAX - (a - 1))
        return UINT64_MAX;
    return (v + a - 1) & ~(a - 1);
}

static bool unconstrained(const struct dma_limits *l)
{
    return l->lowest == 0 && l->highest >= USER_TOP - 1;
}

/* ---- page bitmap ---- */

static bool page_used(const struct dma_arena *a, size_t i)
{
    return (a->used[i / 64] >> (i % 64)) & 1;
}

static void mark_pages(struct dma_arena *a, size_t first, size_t n, bool used)
{
    for (size_t i = first; i < first + n; i++) {
        if (used)
            a->used[i / 64] |= UINT64_C(1) << (i % 64);
        else
            a->used[i / 64] &= ~(UINT64_C(1) << (i % 64));
    }
}

/* Index of the last used page in [first, first+n), or SIZE_MAX if all are free. */
static size_t last_used(const struct dma_arena *a, size_t first, size_t n)
{
    for (size_t i = first + n; i > first; i--)
        if (page_used(a, i - 1))
            return i - 1;
    return SIZE_MAX;
}

/* First address in the arena where npages fit and the data pages meet the limits. */
static bool arena_fit(const struct dma_arena *a, size_t npages, size_t data_pages,
                      const struct dma_limits *l, uintptr_t *out)
{
    uint64_t end = a->base + (uint64_t)a->npages * DMA_PAGE;
    uint64_t span = (uint64_t)data_pages * DMA_PAGE;
    uint64_t addr = align_up(a->base > l->lowest ? a->base : l->lowest, l->align);

    while (addr < end && end - addr >= (uint64_t)npages * DMA_PAGE) {
        if (addr + span - 1 > l->highest)
            return false;
        if (l->boundary && addr / l->boundary != (addr + span - 1) / l->boundary) {
            addr = align_up((addr / l->boundary + 1) * l->boundary, l->align);
            continue;
        }
        size_t q = last_used(a, (addr - a->base) / DMA_PAGE, npages);
        if (q == SIZE_MAX) {
            *out = (uintptr_t)addr;
            return true;
        }
        addr = align_up(a->base + (uint64_t)(q + 1) * DMA_PAGE, l->align);
    }
    return false;
}

/* ---- reserving address space ---- */

static void *map_exactly(uint64_t hint, size_t bytes)
{
    void *p = mmap((void *)(uintptr_t)hint, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

    if (p == MAP_FAILED)
        return NULL;
    if ((uintptr_t)p != hint) { /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
        munmap(p, bytes);
        return NULL;
    }
    return p;
}

/* Try hints from `from` upward while the whole reservation stays at or below last. */
static uintptr_t scan_window(uint64_t from, uint64_t last, size_t bytes, size_t align)
{
    uint64_t step = align_up(bytes, align > SCAN_STEP_MIN ? align : SCAN_STEP_MIN);
    uint64_t a = align_up(from, align);

    for (int tries = 0; tries < SCAN_MAX_TRIES && a <= last && last - a >= bytes - 1; tries++, a += step) {
        if (map_exactly(a, bytes))
            return (uintptr_t)a;
        if (a > UINT64_MAX - step)
            break;
    }
    return 0;
}

static uintptr_t reserve_scan(size_t bytes, size_t align, const struct dma_limits *l)
{
    uint64_t last = l->highest < USER_TOP - 1 ? l->highest : USER_TOP - 1;
    uint64_t from = l->lowest > SCAN_HIGH_START ? l->lowest : SCAN_HIGH_START;
    uintptr_t a = scan_window(from, last, bytes, align);

    if (a || l->lowest >= SCAN_HIGH_START)
        return a;
    from = l->lowest > SCAN_LOW_START ? l->lowest : SCAN_LOW_START;
    last = last < SCAN_HIGH_START + bytes - 1 ? last : SCAN_HIGH_START + bytes - 1;
    return scan_window(from, last, bytes, align);
}

/* Anywhere the kernel likes, aligned; 0 if that is not inside the limits. */
static uintptr_t reserve_anywhere(size_t bytes, size_t align, const struct dma_limits *l)
{
    size_t extra = align > DMA_PAGE ? align : 0;
    char *p = mmap(NULL, bytes + extra, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    if (p == MAP_FAILED)
        return 0;
    uintptr_t a = (uintptr_t)align_up((uintptr_t)p, align);
    if ((uintptr_t)p < a)
        munmap(p, a - (uintptr_t)p);
    if (extra && a + bytes < (uintptr_t)p + bytes + extra)
        munmap((void *)(a + bytes), (uintptr_t)p + bytes + extra - (a + bytes));
    if (a >= l->lowest && a + bytes - 1 <= l->highest)
        return a;
    munmap((void *)a, bytes);
    return 0;
}

static struct dma_arena *free_slot(struct dma_space *s)
{
    for (int i = 0; i < DMA_MAX_ARENAS; i++)
        if (!s->arenas[i].base)
            return &s->arenas[i];
    return NULL;
}

static int arena_create(struct dma_space *s, size_t bytes, size_t align, bool dedicated,
                        const struct dma_limits *l, struct dma_arena **out)
{
    struct dma_arena *a = free_slot(s);
    uintptr_t base = 0;
    bool low = false;

    if (!a)
        return -ENOMEM;
    if (l->highest >= USER_TOP - 1)
        base = reserve_anywhere(bytes, align, l);
    if (!base) {
        base = reserve_scan(bytes, align, l);
        low = true;
    }
    if (!base)
        return -ENOMEM;
    a->used = calloc((bytes / DMA_PAGE + 63) / 64, sizeof(uint64_t));
    if (!a->used) {
        munmap((void *)base, bytes);
        return -ENOMEM;
    }
    a->base = base;
    a->npages = bytes / DMA_PAGE;
    a->used_pages = 0;
    a->low = low;
    a->dedicated = dedicated;
    *out = a;
    return 0;
}

static void arena_unmap(struct dma_arena *a)
{
    munmap((void *)a->base, a->npages * DMA_PAGE);
    free(a->used);
    memset(a, 0, sizeof(*a));
}

static void take(struct dma_arena *a, uintptr_t addr, size_t npages)
{
    mark_pages(a, (addr - a->base) / DMA_PAGE, npages, true);
    a->used_pages += npages;
}

static bool try_existing(struct dma_space *s, size_t npages, size_t data_pages,
                         const struct dma_limits *l, uintptr_t *addr)
{
    for (int i = 0; i < DMA_MAX_ARENAS; i++) {
        struct dma_arena *a = &s->arenas[i];
        if (!a->base || a->dedicated || (a->low && unconstrained(l)))
            continue;
        if (arena_fit(a, npages, data_pages, l, addr)) {
            take(a, *addr, npages);
            return true;
        }
    }
    return false;
}

/* One allocation alone, with slack so that alignment and boundary can be met. */
static int alloc_dedicated(struct dma_space *s, size_t npages, size_t data_pages,
                           const struct dma_limits *l, uintptr_t *addr)
{
    size_t span = data_pages * DMA_PAGE;
    size_t slack = l->boundary ? span : 0;
    struct dma_arena *a;
    int rc = arena_create(s, npages * DMA_PAGE + slack, l->align, true, l, &a);

    if (rc < 0)
        return rc;
    if (!arena_fit(a, npages, data_pages, l, addr)) {
        arena_unmap(a);
        return -ENOMEM;
    }
    take(a, *addr, npages);
    return 0;
}

int dma_arena_alloc(struct dma_space *s, size_t npages, size_t data_pages, const struct dma_limits *l,
                    uintptr_t *addr)
{
    struct dma_arena *a;

    if (try_existing(s, npages, data_pages, l, addr))
        return 0;
    if (npages * DMA_PAGE <= s->arena_size / 2 &&
        arena_create(s, s->arena_size, DMA_PAGE, false, l, &a) == 0 &&
        arena_fit(a, npages, data_pages, l, addr)) {
        take(a, *addr, npages);
        return 0;
    }
    return alloc_dedicated(s, npages, data_pages, l, addr);
}

void dma_arena_release(struct dma_space *s, uintptr_t addr, size_t npages)
{
    for (int i = 0; i < DMA_MAX_ARENAS; i++) {
        struct dma_arena *a = &s->arenas[i];
        if (!a->base || addr < a->base || addr >= a->base + a->npages * DMA_PAGE)
            continue;
        mark_pages(a, (addr - a->base) / DMA_PAGE, npages, false);
        a->used_pages -= npages;
        if (a->dedicated && a->used_pages == 0)
            arena_unmap(a);
        else
            madvise((void *)addr, npages * DMA_PAGE, MADV_DONTNEED); /* give the memory back */
        return;
    }
}

size_t dma_arena_count(struct dma_space *s)
{
    size_t n = 0;

    for (int i = 0; i < DMA_MAX_ARENAS; i++)
        n += s->arenas[i].base != 0;
    return n;
}

void dma_arena_destroy_all(struct dma_space *s)
{
    for (int i = 0; i < DMA_MAX_ARENAS; i++)
        if (s->arenas[i].base)
            arena_unmap(&s->arenas[i]);
}
