/*
 * The allocating memory routines, all over the adapter's pool (port/pool.h):
 * StorPortAllocatePool/FreePool (tagged, non-paged), AllocateContiguousMemory-
 * SpecifyCacheNode/FreeContiguousMemorySpecifyCache and AllocateDmaMemory/
 * FreeDmaMemory (lowest and highest acceptable address and boundary honoured; the
 * device address is the physical one, PA == VA), the Host Memory Buffer, and
 * StorPortMarkDumpMemory, which only checks and counts: there is no crash dump.
 * All are legal up to DISPATCH_LEVEL; a call above is reported and refused with
 * STOR_STATUS_INVALID_IRQL. Leaks, double frees and foreign frees are reported by the
 * pool with the tag and the caller; the routine adds one line naming itself.
 * Left out: cache types (recorded and checked on free, memory is always cached),
 * NUMA nodes (PreferredNode is accepted and ignored).
 */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "platform/dma_space.h"
#include "port/memory.h"
#include "port/pool.h"

#define HMB_RANGE_MAX ((SIZE_T)256 << 20)   /* one Host Memory Buffer range at most */

ULONG mem_status(int rc)
{
    switch (rc) {
    case 0: return STOR_STATUS_SUCCESS;
    case -ENOMEM: return STOR_STATUS_INSUFFICIENT_RESOURCES;
    case -EINVAL: case -EFAULT: case -ENOENT: return STOR_STATUS_INVALID_PARAMETER;
    default: return STOR_STATUS_UNSUCCESSFUL;
    }
}

/* The adapter for an allocating routine called at or below DISPATCH; *st says why not. */
static struct ustor_adapter *alloc_entry(PVOID ext, const char *who, const void *caller,
                                         ULONG *st)
{
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    *st = STOR_STATUS_INVALID_PARAMETER;
    if (!a)
        return NULL;
    if (!mem_irql_ok(who, EXEC_DISPATCH_LEVEL, caller)) {
        *st = STOR_STATUS_INVALID_IRQL;
        return NULL;
    }
    *st = STOR_STATUS_SUCCESS;
    return a;
}

/* ---- pool ---- */

static ULONG ext_allocate_pool(PVOID ext, va_list *ap)
{
    ULONG bytes = va_arg(*ap, ULONG);
    ULONG tag = va_arg(*ap, ULONG);
    PVOID *out = va_arg(*ap, PVOID *);
    const void *caller = port_extfn_caller();
    ULONG st;
    if (out)
        *out = NULL;
    struct ustor_adapter *a = alloc_entry(ext, "StorPortAllocatePool", caller, &st);
    if (!a)
        return st;
    if (!out) {
        mem_guest(a, "StorPortAllocatePool", caller, "NULL BufferPointer");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return mem_status(pool_alloc(a->pool, bytes, tag, caller, out));
}
USTOR_EXTFN(ExtFunctionAllocatePool, ext_allocate_pool);

static ULONG ext_free_pool(PVOID ext, va_list *ap)
{
    PVOID p = va_arg(*ap, PVOID);
    const void *caller = port_extfn_caller();
    ULONG st;
    struct ustor_adapter *a = alloc_entry(ext, "StorPortFreePool", caller, &st);
    if (!a)
        return st;
    if (!p) {
        mem_guest(a, "StorPortFreePool", caller, "NULL BufferPointer");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (pool_free(a->pool, p, caller) < 0) {
        mem_guest(a, "StorPortFreePool", caller, "%p is not a live block of "
                  "StorPortAllocatePool (see the report above); nothing freed", p);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionFreePool, ext_free_pool);

/* ---- contiguous and DMA memory ---- */

struct contig_request {
    SIZE_T bytes;
    PHYSICAL_ADDRESS low, high, boundary;
    MEMORY_CACHING_TYPE cache;
    NODE_REQUIREMENT node;
    PVOID *out;
};

static void contig_args(va_list *ap, struct contig_request *r)
{
    r->bytes = va_arg(*ap, SIZE_T);
    r->low = va_arg(*ap, PHYSICAL_ADDRESS);
    r->high = va_arg(*ap, PHYSICAL_ADDRESS);
    r->boundary = va_arg(*ap, PHYSICAL_ADDRESS);
    r->cache = (MEMORY_CACHING_TYPE)va_arg(*ap, int);
    r->node = va_arg(*ap, NODE_REQUIREMENT);
    r->out = va_arg(*ap, PVOID *);
}

static bool cache_type_valid(MEMORY_CACHING_TYPE t)
{
    return t >= MmNonCached && t < MmMaximumCacheType;
}

/* Checks and constraints of a request; false (reported) for a bad one. */
static bool contig_check(struct ustor_adapter *a, const char *who, const void *caller,
                         const struct contig_request *r, struct dma_constraints *k)
{
    const char *bad = NULL;
    if (!r->out)
        bad = "NULL BufferPointer";
    else if (!r->bytes)
        bad = "NumberOfBytes is 0";
    else if (!cache_type_valid(r->cache))
        bad = "not a MEMORY_CACHING_TYPE";
    else if (r->low.QuadPart < 0 || r->boundary.QuadPart < 0)
        bad = "negative address limit";
    /* HighestAcceptableAddress is unsigned: -1 (all ones, as nvmewin passes) is no limit */
    else if (r->high.QuadPart && (uint64_t)r->low.QuadPart > (uint64_t)r->high.QuadPart)
        bad = "LowestAcceptableAddress above HighestAcceptableAddress";
    if (bad) {
        mem_guest(a, who, caller, "%s", bad);
        return false;
    }
    *k = (struct dma_constraints){.lowest = (uint64_t)r->low.QuadPart,
                                  .highest = (uint64_t)r->high.QuadPart,
                                  .boundary = (uint64_t)r->boundary.QuadPart};
    return true;
}

static ULONG contig_alloc(PVOID ext, const char *who, const void *caller,
                          const struct contig_request *r, uint64_t *pa)
{
    ULONG st;
    struct dma_constraints k;
    if (r->out)
        *r->out = NULL;
    struct ustor_adapter *a = alloc_entry(ext, who, caller, &st);
    if (!a)
        return st;
    if (!contig_check(a, who, caller, r, &k))
        return STOR_STATUS_INVALID_PARAMETER;
    int rc = pool_alloc_contiguous(a->pool, r->bytes, &k, (uint32_t)r->cache, caller, r->out, pa);
    if (rc == -EINVAL)
        mem_guest(a, who, caller, "%zu bytes cannot meet lowest 0x%llx, highest 0x%llx, "
                  "boundary 0x%llx", (size_t)r->bytes, (unsigned long long)k.lowest,
                  (unsigned long long)k.highest, (unsigned long long)k.boundary);
    else if (rc < 0)
        port_log_info(a, "%s: %zu bytes under highest 0x%llx: %s", who, (size_t)r->bytes,
                      (unsigned long long)k.highest, strerror(-rc));
    return mem_status(rc);
}

static ULONG contig_free(PVOID ext, const char *who, PVOID base, SIZE_T bytes,
                         MEMORY_CACHING_TYPE cache, const void *caller)
{
    ULONG st;
    struct ustor_adapter *a = alloc_entry(ext, who, caller, &st);
    if (!a)
        return st;
    if (!base) {
        mem_guest(a, who, caller, "NULL BaseAddress");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (pool_free_contiguous(a->pool, base, bytes, (uint32_t)cache, caller) < 0) {
        mem_guest(a, who, caller, "%p is not live contiguous memory of this adapter (see the "
                  "report above); nothing freed", base);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_allocate_contiguous(PVOID ext, va_list *ap)
{
    struct contig_request r;
    contig_args(ap, &r);
    return contig_alloc(ext, "StorPortAllocateContiguousMemorySpecifyCacheNode",
                        port_extfn_caller(), &r, NULL);
}
USTOR_EXTFN(ExtFunctionAllocateContiguousMemorySpecifyCacheNode, ext_allocate_contiguous);

static ULONG ext_free_contiguous(PVOID ext, va_list *ap)
{
    PVOID base = va_arg(*ap, PVOID);
    SIZE_T bytes = va_arg(*ap, SIZE_T);
    MEMORY_CACHING_TYPE cache = (MEMORY_CACHING_TYPE)va_arg(*ap, int);
    return contig_free(ext, "StorPortFreeContiguousMemorySpecifyCache", base, bytes, cache,
                       port_extfn_caller());
}
USTOR_EXTFN(ExtFunctionFreeContiguousMemorySpecifyCache, ext_free_contiguous);

static ULONG ext_allocate_dma_memory(PVOID ext, va_list *ap)
{
    struct contig_request r;
    contig_args(ap, &r);
    PPHYSICAL_ADDRESS pa = va_arg(*ap, PPHYSICAL_ADDRESS);
    const void *caller = port_extfn_caller();
    uint64_t addr = 0;
    if (!pa) {
        if (r.out)
            *r.out = NULL;
        mem_guest(NULL, "StorPortAllocateDmaMemory", caller, "NULL PhysicalAddress");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    ULONG st = contig_alloc(ext, "StorPortAllocateDmaMemory", caller, &r, &addr);
    pa->QuadPart = st == STOR_STATUS_SUCCESS ? (LONGLONG)addr : 0;
    return st;
}
USTOR_EXTFN(ExtFunctionAllocateDmaMemory, ext_allocate_dma_memory);

static ULONG ext_free_dma_memory(PVOID ext, va_list *ap)
{
    PVOID base = va_arg(*ap, PVOID);
    SIZE_T bytes = va_arg(*ap, SIZE_T);
    MEMORY_CACHING_TYPE cache = (MEMORY_CACHING_TYPE)va_arg(*ap, int);
    PHYSICAL_ADDRESS pa = va_arg(*ap, PHYSICAL_ADDRESS);
    const void *caller = port_extfn_caller();
    if (base && (uint64_t)pa.QuadPart != (uint64_t)(uintptr_t)base)
        mem_guest(NULL, "StorPortFreeDmaMemory", caller, "PhysicalAddress 0x%llx is not the "
                  "one AllocateDmaMemory returned for %p", (unsigned long long)pa.QuadPart, base);
    return contig_free(ext, "StorPortFreeDmaMemory", base, bytes, cache, caller);
}
USTOR_EXTFN(ExtFunctionFreeDmaMemory, ext_free_dma_memory);

/* ---- the Host Memory Buffer ---- */

struct hmb_request {
    SIZE_T min, preferred;
    ULONGLONG utilization;
    ULONG align;
    PHYSICAL_ADDRESS low, high, boundary;
    PACCESS_RANGE ranges;
    PULONG count;
};

static bool hmb_check(struct ustor_adapter *a, const void *caller, const struct hmb_request *r)
{
    const char *bad = NULL;
    if (!r->ranges || !r->count || !*r->count)
        bad = "no PhysicalAddressRanges array";
    else if (!r->preferred || r->preferred % MEM_PAGE)
        bad = "PreferredBytes is not a multiple of the page size";
    else if (r->min > r->preferred)
        bad = "MinimumBytes above PreferredBytes";
    else if (r->align & (r->align - 1))
        bad = "AlignmentBytes is not a power of two";
    else if (r->low.QuadPart < 0 || r->high.QuadPart < 0)
        bad = "negative address limit";
    if (bad)
        mem_guest(a, "StorPortAllocateHostMemoryBuffer", caller, "%s", bad);
    return !bad;
}

/* One range of at most WANT bytes (halving on failure down to a page); 0 if none. */
static SIZE_T hmb_range(struct ustor_adapter *a, const struct hmb_request *r, SIZE_T want,
                        const void *caller, PACCESS_RANGE out)
{
    struct dma_constraints k = {.lowest = (uint64_t)r->low.QuadPart,
                                .highest = (uint64_t)r->high.QuadPart,
                                .boundary = (uint64_t)r->boundary.QuadPart, .align = r->align};
    for (SIZE_T n = want; n >= MEM_PAGE; n = (n / 2) & ~(SIZE_T)(MEM_PAGE - 1)) {
        void *va = NULL;
        uint64_t pa = 0;
        if (pool_alloc_contiguous(a->pool, n, &k, MmCached, caller, &va, &pa) == 0) {
            out->RangeStart.QuadPart = (LONGLONG)pa;
            out->RangeLength = (ULONG)n;
            out->RangeInMemory = TRUE;
            return n;
        }
    }
    return 0;
}

static void hmb_release(struct ustor_adapter *a, PACCESS_RANGE ranges, ULONG n,
                        const void *caller)
{
    for (ULONG i = 0; i < n; i++)
        pool_free_contiguous(a->pool, (void *)(uintptr_t)ranges[i].RangeStart.QuadPart,
                             ranges[i].RangeLength, MmCached, caller);
}

static ULONG hmb_allocate(struct ustor_adapter *a, const struct hmb_request *r,
                          const void *caller)
{
    SIZE_T got = 0, least = r->min ? r->min : MEM_PAGE;
    ULONG n = 0;
    while (got < r->preferred && n < *r->count) {
        SIZE_T want = r->preferred - got < HMB_RANGE_MAX ? r->preferred - got : HMB_RANGE_MAX;
        SIZE_T one = hmb_range(a, r, want, caller, &r->ranges[n]);
        if (!one)
            break;
        got += one;
        n++;
    }
    if (got < least) {
        hmb_release(a, r->ranges, n, caller);
        *r->count = 0;
        port_log_info(a, "Host Memory Buffer: %zu of at least %zu bytes found", (size_t)got,
                      (size_t)least);
        return STOR_STATUS_INSUFFICIENT_RESOURCES;
    }
    *r->count = n;
    port_log_debug(a, "Host Memory Buffer: %zu bytes in %u range(s) (device uses %llu)",
                   (size_t)got, n, (unsigned long long)r->utilization);
    return STOR_STATUS_SUCCESS;
}

static void hmb_args(va_list *ap, struct hmb_request *r)
{
    r->min = va_arg(*ap, SIZE_T);
    r->preferred = va_arg(*ap, SIZE_T);
    r->utilization = va_arg(*ap, ULONGLONG);
    r->align = va_arg(*ap, ULONG);
    r->low = va_arg(*ap, PHYSICAL_ADDRESS);
    r->high = va_arg(*ap, PHYSICAL_ADDRESS);
    r->boundary = va_arg(*ap, PHYSICAL_ADDRESS);
    r->ranges = va_arg(*ap, PACCESS_RANGE);
    r->count = va_arg(*ap, PULONG);
}

static ULONG ext_allocate_hmb(PVOID ext, va_list *ap)
{
    struct hmb_request r;
    hmb_args(ap, &r);
    const void *caller = port_extfn_caller();
    ULONG st;
    struct ustor_adapter *a = alloc_entry(ext, "StorPortAllocateHostMemoryBuffer", caller, &st);
    if (!a)
        return st;
    if (!hmb_check(a, caller, &r))
        return STOR_STATUS_INVALID_PARAMETER;
    return hmb_allocate(a, &r, caller);
}
USTOR_EXTFN(ExtFunctionAllocateHmb, ext_allocate_hmb);

static ULONG ext_free_hmb(PVOID ext, va_list *ap)
{
    PACCESS_RANGE ranges = va_arg(*ap, PACCESS_RANGE);
    ULONG n = va_arg(*ap, ULONG);
    const void *caller = port_extfn_caller();
    ULONG st;
    struct ustor_adapter *a = alloc_entry(ext, "StorPortFreeHostMemoryBuffer", caller, &st);
    if (!a)
        return st;
    if (!ranges || !n) {
        mem_guest(a, "StorPortFreeHostMemoryBuffer", caller, "no ranges given");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    for (ULONG i = 0; i < n; i++) {
        void *va = (void *)(uintptr_t)ranges[i].RangeStart.QuadPart;
        if (pool_free_contiguous(a->pool, va, ranges[i].RangeLength, MmCached, caller) < 0)
            st = STOR_STATUS_INVALID_PARAMETER;
    }
    if (st != STOR_STATUS_SUCCESS)
        mem_guest(a, "StorPortFreeHostMemoryBuffer", caller, "a range was not a live Host "
                  "Memory Buffer range (see the report above)");
    return st;
}
USTOR_EXTFN(ExtFunctionFreeHmb, ext_free_hmb);

/* ---- StorPortMarkDumpMemory ---- */

/* Length 0 names the image section holding Address: it must be in a loaded module. */
static bool dump_range_known(const void *address, ULONG_PTR length)
{
    Dl_info info;
    return length || (dladdr(address, &info) && info.dli_fname);
}

static void dump_note(struct ustor_adapter *a, ULONG_PTR length, const void *caller)
{
    if (!atomic_load(&a->mem->in_find))
        mem_guest(a, "StorPortMarkDumpMemory", caller,
                  "called outside DriverEntry and HwFindAdapter");
    pthread_mutex_lock(&a->mem->lock);
    a->mem->dump_marks++;
    a->mem->dump_bytes += length;
    pthread_mutex_unlock(&a->mem->lock);
}

static ULONG ext_mark_dump_memory(PVOID ext, va_list *ap)
{
    PVOID address = va_arg(*ap, PVOID);
    ULONG_PTR length = va_arg(*ap, ULONG_PTR);
    ULONG flags = va_arg(*ap, ULONG);
    const void *caller = port_extfn_caller();
    static const char who[] = "StorPortMarkDumpMemory";
    struct ustor_adapter *a = ext ? mem_adapter(ext, who, caller) : NULL;
    if (ext && !a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!address || !dump_range_known(address, length)) {
        mem_guest(a, who, caller, "%p (length %lu) is not memory that could be dumped",
                  address, (unsigned long)length);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (a)
        dump_note(a, length, caller);
    ulog_host(ULOG_DEBUG, "%s: %p, %lu bytes, flags 0x%x: noted (no crash dump here)", who,
              address, (unsigned long)length, flags);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionMarkDumpMemory, ext_mark_dump_memory);
