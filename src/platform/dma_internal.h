/* Private to the DMA address space: the region table, the arenas, the grants. */
#ifndef USTOR_PLATFORM_DMA_INTERNAL_H
#define USTOR_PLATFORM_DMA_INTERNAL_H

#include "platform/dma_space.h"

#include <pthread.h>
#include <stdatomic.h>

#define DMA_PAGE 4096u
#define DMA_MAX_ARENAS 64
#define DMA_NO_LIMIT UINT64_MAX

/* Address space reserved at one place; pages handed out first-fit from a bitmap. */
struct dma_arena {
    uintptr_t base;  /* 0: slot unused */
    size_t npages;
    uint64_t *used;  /* one bit per page, guards included */
    size_t used_pages;
    bool low;        /* reserved inside a limit: kept for constrained requests */
    bool dedicated;  /* one large allocation; unmapped when it is freed */
};

/* Sorted, non-overlapping. */
struct dma_table {
    struct dma_region *v;
    size_t n, cap;
};

struct dma_grant_entry {
    uint64_t pa, end;
    uint64_t max_end; /* the largest end among this entry and every one before it */
    enum dma_dir dir;
    const void *cookie;
};

struct dma_grants {
    struct dma_grant_entry *v;
    size_t n, cap;
};

struct dma_space {
    size_t arena_size;
    size_t max_allocation;

    pthread_mutex_t alloc_lock; /* the arenas */
    struct dma_arena arenas[DMA_MAX_ARENAS];

    pthread_rwlock_t table_lock; /* the regions */
    struct dma_table table;

    pthread_rwlock_t grant_lock; /* taken after table_lock when both are held */
    struct dma_grants grants;
    _Atomic bool grant_checking;

    _Atomic uint64_t violations;
};

/* Normalised constraints: highest inclusive and never 0, align >= a page. */
struct dma_limits {
    uint64_t lowest, highest, boundary;
    size_t align;
};

/* Arenas (dma_arena.c); the caller holds alloc_lock. */
int dma_arena_alloc(struct dma_space *s, size_t npages, size_t data_pages, const struct dma_limits *l,
                    uintptr_t *addr);
void dma_arena_release(struct dma_space *s, uintptr_t addr, size_t npages);
size_t dma_arena_count(struct dma_space *s);
void dma_arena_destroy_all(struct dma_space *s);

/* Regions (dma_space.c); the caller holds table_lock. */
const struct dma_region *dma_table_lookup(const struct dma_table *t, uint64_t addr);

/* Grants (dma_verify.c). */
void dma_grants_destroy(struct dma_space *s);

#endif
