/* The DMA address space: every byte the port hands a miniport and every byte a device
 * model may reach.
 *
 * Mapping: identity. A physical address is the virtual address (PA == VA), so page
 * offsets are kept and every allocation is physically contiguous. Allocations come from
 * arenas of address space reserved with mmap(MAP_NORESERVE); an allocation whose highest
 * acceptable address is below the usual mmap area (below 4 GiB, 2 GiB, ...) is served
 * from arenas reserved at fixed hints inside the range (MAP_FIXED_NOREPLACE, tried from
 * 1 GiB upward, then downward from 1 GiB to 64 MiB). MAP_32BIT is not used: it is
 * x86-only, offers one 1 GiB window, and the hint scan covers both limits.
 * Memory the port did not allocate (a caller's data buffer) is registered as a range.
 *
 * Lookups (translation, access checks) are a binary search in a sorted table under a
 * reader lock, with no allocation; registering inserts in O(n).
 * The verifier: device models reach memory only through dma_check/dma_map/dma_read/
 * dma_write; an access outside the port's memory, or past the end of one region, is a
 * guest error. With grants enabled, a region marked DMA_REGION_REQUEST_SCOPED (request
 * data buffers) may only be touched inside ranges granted to an in-flight request,
 * in the granted direction.
 * Left out: an IOMMU (PA != VA), cache types (all memory is cached), NUMA nodes. */
#ifndef USTOR_PLATFORM_DMA_SPACE_H
#define USTOR_PLATFORM_DMA_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dma_space;

/* Direction of a device access, seen from the device. */
enum dma_dir {
    DMA_TO_DEVICE = 1,   /* the device reads memory (a write request) */
    DMA_FROM_DEVICE = 2, /* the device writes memory (a read request) */
    DMA_BIDIRECTIONAL = 3,
};

/* What a region holds, for reports. */
enum dma_kind {
    DMA_KIND_OTHER,
    DMA_KIND_POOL,
    DMA_KIND_CONTIGUOUS,
    DMA_KIND_UNCACHED_EXTENSION,
    DMA_KIND_DEVICE_EXTENSION,
    DMA_KIND_SRB_EXTENSION,
    DMA_KIND_LU_EXTENSION,
    DMA_KIND_DATA_BUFFER,
    DMA_KIND_SENSE_BUFFER,
    DMA_KIND_PORT, /* the port's own structures (SRBs, SG lists) */
    DMA_KIND_COUNT,
};

/* Devices touch it only inside grants (verifier); implied by DMA_KIND_DATA_BUFFER. */
#define DMA_REGION_REQUEST_SCOPED 0x1u
#define DMA_REGION_ALLOCATED 0x100u     /* set by dma_alloc; registered ranges lack it */
#define DMA_REGION_GUARDED 0x200u       /* set by dma_alloc with DMA_ALLOC_GUARD */

/* Who a region belongs to; copied into the region. label must outlive the region. */
struct dma_tag {
    enum dma_kind kind;
    unsigned flags; /* DMA_REGION_REQUEST_SCOPED */
    void *owner;    /* e.g. the adapter */
    const char *label;
    void *user;     /* the owner's record, returned by dma_find */
};

struct dma_region {
    uint64_t pa;
    void *va;
    size_t len;
    enum dma_kind kind;
    unsigned flags;
    void *owner;
    const char *label;
    void *user;
};

/* Windows' LowestAcceptableAddress, HighestAcceptableAddress (of the last byte,
 * inclusive; 0 = no limit), BoundaryAddressMultiple (0 = none; the allocation does
 * not cross a multiple of it) and an alignment (a power of two; 0 or less than a page
 * means a page: allocations are always page-aligned). */
struct dma_constraints {
    uint64_t lowest;
    uint64_t highest;
    uint64_t boundary;
    size_t align;
};

#define DMA_ALLOC_GUARD 0x1u /* a no-access page right after the allocation */

struct dma_space_config {
    size_t arena_size;     /* address space reserved per arena; 0: 64 MiB */
    size_t max_allocation; /* largest single allocation; 0: 4 GiB */
};

const char *dma_kind_name(enum dma_kind kind);
const char *dma_dir_name(enum dma_dir dir);

/* cfg may be NULL for the defaults. */
int dma_space_create(const struct dma_space_config *cfg, struct dma_space **out);
/* Frees every allocation and arena; regions left behind are logged as host warnings. */
void dma_space_destroy(struct dma_space *s);

/* Allocate size bytes (rounded up to pages) under the constraints (NULL: none).
 * -EINVAL for impossible constraints, -ENOMEM when nothing fits. */
int dma_alloc(struct dma_space *s, size_t size, const struct dma_constraints *c, unsigned alloc_flags,
              const struct dma_tag *tag, void **va);
/* va must be the start of an allocation: -ENOENT if no region starts there,
 * -EINVAL if that region is a registered range. */
int dma_free(struct dma_space *s, void *va);

/* Make memory the port did not allocate translatable. -EEXIST if it overlaps a region
 * (a buffer inside an allocation is already translatable: check with dma_find). */
int dma_register(struct dma_space *s, void *va, size_t len, const struct dma_tag *tag);
/* va must be the start of a registered range: -ENOENT, or -EINVAL for an allocation. */
int dma_unregister(struct dma_space *s, const void *va);

/* The region containing addr (a PA, equal to the VA): 0 or -ENOENT. */
int dma_find(struct dma_space *s, uint64_t addr, struct dma_region *out);
/* Translation; *contig (may be NULL) gets the bytes left in that region from there.
 * -EFAULT / NULL for memory the port does not know. */
int dma_va_to_pa(struct dma_space *s, const void *va, uint64_t *pa, size_t *contig);
void *dma_pa_to_va(struct dma_space *s, uint64_t pa, size_t *contig);

/* ---- verifier and device access ---- */

/* Enable or disable the grant check for request-scoped regions. */
void dma_set_grant_checking(struct dma_space *s, bool on);
bool dma_grant_checking(const struct dma_space *s);
/* Grant [pa, pa+len) to an in-flight request (cookie) for dir. The range must lie in
 * one region: -EFAULT otherwise. Grants may overlap. */
int dma_grant(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const void *cookie);
/* Drop every grant of cookie; returns how many there were. */
int dma_revoke(struct dma_space *s, const void *cookie);

/* Is a device access by `who` allowed? 0, or -EFAULT with a guest error logged. */
int dma_check(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const char *who);
/* dma_check, then a pointer to the bytes; NULL on a violation. The pointer stays valid
 * until the region is freed or unregistered: prefer dma_read/dma_write, which copy
 * while the region cannot go away. */
void *dma_map(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const char *who);
/* The device reads memory into dst / writes src into memory. 0 or -EFAULT. */
int dma_read(struct dma_space *s, uint64_t pa, void *dst, size_t len, const char *who);
int dma_write(struct dma_space *s, uint64_t pa, const void *src, size_t len, const char *who);

/* Accesses refused so far. */
uint64_t dma_violations(const struct dma_space *s);

struct dma_stats {
    size_t regions;
    size_t allocations;
    size_t allocated_bytes; /* page-rounded, guards excluded */
    size_t arenas;
    size_t grants;
};
void dma_get_stats(struct dma_space *s, struct dma_stats *st);

#endif
