/*
 * StorPortAllocateContiguousMemorySpecifyCacheNode / FreeContiguousMemorySpecifyCache
 * and StorPortAllocateDmaMemory / FreeDmaMemory: physically contiguous, page-aligned
 * memory inside [lowest, highest] that does not cross a multiple of the boundary
 * (StorAHCI asks for highest 0x7FFFFFFF), with the device address returned by the DMA
 * form; impossible limits and bad cache types are refused; a free with another size
 * or cache type, a double free and a call above DISPATCH_LEVEL are reported; what is
 * left at removal is reported too.
 */
#include "mem_harness.h"

#include <string.h>

static struct memmp_args contig(int op, uint64_t bytes, uint64_t low, uint64_t high,
                                uint64_t boundary, uint64_t cache)
{
    struct memmp_args x = {.a = bytes, .b = low, .c = high, .d = boundary, .e = cache};
    mh_call(op, &x);
    return x;
}

static uint32_t free_contig(uint64_t p, uint64_t bytes, uint64_t cache)
{
    struct memmp_args x = {.a = p, .b = bytes, .c = cache};
    return mh_call(MEMMP_FREE_CONTIG, &x)->status;
}

static void check_block(uint64_t p, uint64_t bytes, uint64_t low, uint64_t high, uint64_t bnd)
{
    CHECK(p && p % PAGE == 0, "not page-aligned: %#llx", (unsigned long long)p);
    CHECK(p >= low && (!high || p + bytes - 1 <= high), "%#llx outside [%#llx, %#llx]",
          (unsigned long long)p, (unsigned long long)low, (unsigned long long)high);
    CHECK(!bnd || p / bnd == (p + bytes - 1) / bnd, "%#llx+%llu crosses a %#llx line",
          (unsigned long long)p, (unsigned long long)bytes, (unsigned long long)bnd);
    memset((void *)(uintptr_t)p, 0x3C, bytes);
    struct memmp_args x = {.a = p + bytes - 1};
    mh_call(MEMMP_PHYS, &x);
    CHECK(x.out0 == p + bytes - 1 && x.out1 >= 1, "last byte translates to %#llx",
          (unsigned long long)x.out0);
}

static void contiguous(void)
{
    static const struct { uint64_t bytes, low, high, bnd; } cases[] = {
        {PAGE, 0, 0x7FFFFFFF, 0},
        {5 * PAGE + 12, 0, 0xFFFFFFFF, 0x10000},
        {3 * PAGE, 0x40000000, 0x7FFFFFFF, 0},
        {64 * 1024, 0, 0, 64 * 1024},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct memmp_args x = contig(MEMMP_CONTIG, cases[i].bytes, cases[i].low, cases[i].high,
                                     cases[i].bnd, MM_NON_CACHED);
        CHECK(x.status == ST_SUCCESS, "case %u: 0x%x", i, x.status);
        check_block(x.out0, cases[i].bytes, cases[i].low, cases[i].high, cases[i].bnd);
        CHECK(free_contig(x.out0, cases[i].bytes, MM_NON_CACHED) == ST_SUCCESS, "free %u", i);
    }
}

static void refused(void)
{
    struct memmp_args x = contig(MEMMP_CONTIG, 3 * PAGE, 0, 0xFFFFFFFF, 2 * PAGE, MM_CACHED);
    CHECK(x.status == ST_INVALID_PARAMETER && !x.out0, "bigger than its boundary: 0x%x",
          x.status);
    x = contig(MEMMP_CONTIG, PAGE, 0x80000000, 0x7FFFFFFF, 0, MM_CACHED);
    CHECK(x.status == ST_INVALID_PARAMETER, "lowest above highest: 0x%x", x.status);
    x = contig(MEMMP_CONTIG, PAGE, 0, 0, 0, 7);
    CHECK(x.status == ST_INVALID_PARAMETER, "cache type 7: 0x%x", x.status);
    x = contig(MEMMP_CONTIG, 0, 0, 0, 0, MM_CACHED);
    CHECK(x.status == ST_INVALID_PARAMETER, "0 bytes: 0x%x", x.status);
    struct memmp_args y = {.a = PAGE, .c = 0xFFFFFFFF, .e = MM_CACHED, .at_dirql = 1};
    mh_stderr_take();
    mh_call(MEMMP_CONTIG, &y);
    CHECK(y.status == ST_INVALID_IRQL && !y.out0, "at DIRQL: 0x%x", y.status);
    const char *e = mh_stderr_take();
    CHECK(mh_has(e, "StorPortAllocateContiguousMemorySpecifyCacheNode") &&
          mh_names_miniport_code(e), "wrong IRQL not reported: %s", e);
}

static void bad_frees(void)
{
    struct memmp_args x = contig(MEMMP_CONTIG, 2 * PAGE, 0, 0xFFFFFFFF, 0, MM_CACHED);
    CHECK(x.status == ST_SUCCESS, "alloc");
    mh_trace_take();
    CHECK(free_contig(x.out0, PAGE, MM_NON_CACHED) == ST_SUCCESS, "mismatched free");
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "freed with other arguments") && mh_names_miniport_code(t), "report: %s", t);
    CHECK(free_contig(x.out0, 2 * PAGE, MM_CACHED) == ST_INVALID_PARAMETER, "double free");
    t = mh_trace_take();
    CHECK(mh_has(t, "double free of contiguous memory") &&
          mh_has(t, "StorPortFreeContiguousMemorySpecifyCache"), "report: %s", t);
}

static void dma_memory(void)
{
    /* StorAHCI's request: below 2 GiB */
    struct memmp_args x = contig(MEMMP_DMA, 0x1100, 0, 0x7FFFFFFF, 0, MM_CACHED);
    CHECK(x.status == ST_SUCCESS, "AllocateDmaMemory: 0x%x", x.status);
    check_block(x.out0, 0x1100, 0, 0x7FFFFFFF, 0);
    CHECK(x.out1 == x.out0, "device address %#llx for %#llx", (unsigned long long)x.out1,
          (unsigned long long)x.out0);
    struct memmp_args f = {.a = x.out0, .b = 0x1100, .c = MM_CACHED, .d = x.out1};
    CHECK(mh_call(MEMMP_FREE_DMA, &f)->status == ST_SUCCESS, "FreeDmaMemory");
    f.status = 0;
    CHECK(mh_call(MEMMP_FREE_DMA, &f)->status == ST_INVALID_PARAMETER, "double FreeDmaMemory");
    x = contig(MEMMP_DMA, PAGE, 0x10000000, 0x1FFFFFFF, 0, MM_CACHED);
    CHECK(x.status == ST_SUCCESS && x.out0 >= 0x10000000 && x.out0 <= 0x1FFFF000,
          "lowest 256 MiB: %#llx", (unsigned long long)x.out0);
    mh_trace_take();
    struct memmp_args g = {.a = x.out0, .b = PAGE, .c = MM_CACHED, .d = x.out1 + PAGE};
    CHECK(mh_call(MEMMP_FREE_DMA, &g)->status == ST_SUCCESS, "free, wrong address");
    CHECK(mh_has(mh_trace_take(), "is not the one AllocateDmaMemory returned"), "report");
}

int main(void)
{
    mh_control();
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    contiguous();
    refused();
    bad_frees();
    dma_memory();
    struct memmp_args x = contig(MEMMP_DMA, 3 * PAGE, 0, 0x7FFFFFFF, 0, MM_CACHED);
    CHECK(x.status == ST_SUCCESS, "left for removal");
    mh_trace_take();
    CHECK_OK(ustor_adapter_remove(a));
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "leaked contiguous memory") && mh_has(t, "12288") &&
          mh_names_miniport_code(t), "leak at removal: %s", t);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
