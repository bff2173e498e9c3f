/*
 * StorPortAllocatePool / StorPortFreePool: tagged blocks of the DMA address space
 * (their physical address is their address, small blocks never cross a page), freed
 * once; a double free, a free of memory the pool did not hand out, and a call above
 * DISPATCH_LEVEL are refused and reported with the routine and the miniport's
 * address; pool left allocated when the adapter is removed is reported with its tags
 * and whoever allocated it.
 */
#include "mem_harness.h"

#include <string.h>

#define TAG(s) ((uint32_t)(s)[0] | (uint32_t)(s)[1] << 8 | (uint32_t)(s)[2] << 16 | \
                (uint32_t)(s)[3] << 24)

static uint64_t alloc_pool(uint32_t bytes, uint32_t tag, uint32_t *status)
{
    struct memmp_args x = {.a = bytes, .b = tag};
    mh_call(MEMMP_ALLOC_POOL, &x);
    *status = x.status;
    return x.out0;
}

static uint32_t free_pool(uint64_t p)
{
    struct memmp_args x = {.a = p};
    return mh_call(MEMMP_FREE_POOL, &x)->status;
}

/* Blocks of several sizes: usable, translatable, apart, page-bounded when small. */
static void blocks(void)
{
    static const uint32_t sizes[] = {1, 100, 4000, 4096, 10000, 65536};
    uint64_t p[6];
    uint32_t st;
    for (int i = 0; i < 6; i++) {
        p[i] = alloc_pool(sizes[i], TAG("Test"), &st);
        CHECK(st == ST_SUCCESS && p[i], "AllocatePool(%u): 0x%x", sizes[i], st);
        memset((void *)(uintptr_t)p[i], 0x5A, sizes[i]);
        struct memmp_args x = {.a = p[i]};
        mh_call(MEMMP_PHYS, &x);
        CHECK(x.out0 == p[i] && x.out1 >= sizes[i], "pool block %d: pa 0x%llx, %llu contiguous",
              i, (unsigned long long)x.out0, (unsigned long long)x.out1);
        if (sizes[i] < PAGE)
            CHECK(p[i] / PAGE == (p[i] + sizes[i] - 1) / PAGE, "block of %u crosses a page",
                  sizes[i]);
        for (int j = 0; j < i; j++)
            CHECK(p[i] + sizes[i] <= p[j] || p[j] + sizes[j] <= p[i], "blocks %d and %d overlap",
                  i, j);
    }
    for (int i = 0; i < 6; i++)
        CHECK(free_pool(p[i]) == ST_SUCCESS, "FreePool %d", i);
    alloc_pool(0, TAG("Zero"), &st);
    CHECK(st == ST_INVALID_PARAMETER, "AllocatePool(0): 0x%x", st);
}

static void double_free(void)
{
    uint32_t st;
    uint64_t p = alloc_pool(200, TAG("Dbl!"), &st);
    CHECK(st == ST_SUCCESS, "AllocatePool");
    mh_trace_take();
    CHECK(free_pool(p) == ST_SUCCESS, "first free");
    CHECK(free_pool(p) == ST_INVALID_PARAMETER, "second free accepted");
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "double free of pool") && mh_has(t, "Dbl!"), "no double-free report: %s", t);
    CHECK(mh_has(t, "StorPortFreePool from memmp.so"), "routine and caller not named: %s", t);
    CHECK(mh_count(t, "memmp.so") >= 3, "caller, first free and allocation: %s", t);
}

static void foreign_free(struct memmp_control *c)
{
    uint64_t inside = c->ext + 16;
    mh_trace_take();
    CHECK(free_pool(inside) == ST_INVALID_PARAMETER, "free of the device extension accepted");
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "free of foreign pool") && mh_has(t, "device extension"), "report: %s", t);
    CHECK(mh_has(t, "StorPortFreePool from memmp.so"), "routine and caller: %s", t);
}

static void wrong_irql(void)
{
    struct memmp_args x = {.a = 64, .b = TAG("Irql"), .at_dirql = 1, .out0 = 77};
    mh_stderr_take();
    mh_call(MEMMP_ALLOC_POOL, &x);
    CHECK(x.status == ST_INVALID_IRQL && x.out0 == 0, "AllocatePool at DIRQL: 0x%x, %llx",
          x.status, (unsigned long long)x.out0);
    const char *e = mh_stderr_take();
    CHECK(mh_has(e, "wrong IRQL") && mh_has(e, "StorPortAllocatePool") &&
          mh_names_miniport_code(e), "no wrong-IRQL report naming routine and caller: %s", e);
    uint32_t st;
    uint64_t p = alloc_pool(64, TAG("Irql"), &st);
    struct memmp_args f = {.a = p, .at_dirql = 1};
    CHECK(mh_call(MEMMP_FREE_POOL, &f)->status == ST_INVALID_IRQL, "FreePool at DIRQL");
    CHECK(mh_has(mh_stderr_take(), "StorPortFreePool"), "FreePool at DIRQL not reported");
    CHECK(free_pool(p) == ST_SUCCESS, "the block survives the refused free");
}

int main(void)
{
    struct memmp_control *c = mh_control();
    c->leak_tag = TAG("Leak");
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    blocks();
    double_free();
    foreign_free(c);
    wrong_irql();
    uint32_t st;
    CHECK(alloc_pool(300, TAG("Here"), &st) && st == ST_SUCCESS, "last block");
    mh_trace_take();
    CHECK_OK(ustor_adapter_remove(a));
    const char *t = mh_trace_take();
    CHECK(mh_count(t, "leaked pool") == 2, "two leaks expected: %s", t);
    CHECK(mh_has(t, "\"Leak\"") && mh_has(t, "\"Here\""), "leak tags: %s", t);
    CHECK(mh_has(t, "StorPortAllocatePool") && mh_has(t, "memmp.so"), "who leaked: %s", t);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
