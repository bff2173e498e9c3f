/* Pool: the tagged non-paged allocations of one owner (an adapter), and its
 * contiguous / DMA memory, all inside the DMA address space so that
 * StorPortGetPhysicalAddress translates them.
 *
 * Every block is its own page-granular DMA allocation (blocks of a page or more are
 * page-aligned; smaller ones never cross a page, as on Windows). With `guard`, a small
 * block ends at the end of its page and a no-access page follows, so a CPU overrun
 * faults at once (Windows' special pool). Double frees, frees of pointers this pool
 * did not hand out, size or cache-type mismatches on FreeContiguousMemory and blocks
 * still allocated at pool_destroy are guest errors naming the tag(s), the sizes and
 * the caller's address (the exported routine passes __builtin_return_address(0)).
 * Left out: paged pool, lookaside lists, quota. */
#ifndef USTOR_PORT_POOL_H
#define USTOR_PORT_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dma_space.h"

struct pool;

struct pool_config {
    const char *owner_name;       /* for reports, e.g. "nvme0"; copied */
    void *owner;                  /* recorded as the DMA regions' owner */
    struct dma_constraints limits; /* where pool blocks must lie (all zero: anywhere) */
    bool guard;                   /* special-pool layout with a guard page */
    int fill;                     /* byte written over new blocks; -1: leave them zeroed */
    size_t max_bytes;             /* all blocks together; 0: 1 GiB */
};

int pool_create(struct dma_space *dma, const struct pool_config *cfg, struct pool **out);
/* Report what is still allocated (pool blocks and contiguous memory), free it and
 * the pool. Returns the number of blocks that were leaked. */
size_t pool_destroy(struct pool *p);

/* StorPortAllocatePool: -EINVAL for 0 bytes, -ENOMEM past the budget or the space. */
int pool_alloc(struct pool *p, size_t size, uint32_t tag, const void *caller, void **out);
/* StorPortFreePool: -EFAULT (reported) for a double free or a foreign pointer. */
int pool_free(struct pool *p, void *ptr, const void *caller);

/* AllocateContiguousMemorySpecifyCacheNode / AllocateDmaMemory: c as in dma_alloc;
 * pa (may be NULL) receives the device address. */
int pool_alloc_contiguous(struct pool *p, size_t size, const struct dma_constraints *c,
                          uint32_t cache_type, const void *caller, void **va, uint64_t *pa);
/* FreeContiguousMemorySpecifyCache / FreeDmaMemory: the size and cache type given
 * are checked against the allocation (a mismatch is reported, the memory is freed). */
int pool_free_contiguous(struct pool *p, void *va, size_t size, uint32_t cache_type, const void *caller);

struct pool_stats {
    size_t blocks, bytes;                       /* pool */
    size_t contiguous_blocks, contiguous_bytes; /* contiguous / DMA memory */
    uint64_t problems;                          /* guest errors reported by this pool */
};
void pool_get_stats(struct pool *p, struct pool_stats *st);

/* A pool tag as poolmon shows it: its four bytes in memory order ('eMVN' -> "NVMe"),
 * unprintable ones as '.'. Returns buf. */
const char *pool_tag_text(uint32_t tag, char buf[5]);

#endif
