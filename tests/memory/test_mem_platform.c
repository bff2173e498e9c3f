/*
 * Routines whose Windows purpose needs hardware or a crash dump this machine lacks
 * (docs/routines-notes.md): StorPortMarkDumpMemory accepts ranges from DriverEntry
 * (NULL extension) and HwFindAdapter, reports other callers and refuses a range that
 * names no memory; StorPortAllocateHostMemoryBuffer gives real physically contiguous
 * ranges (preferred size, alignment, address limits) that nothing but the miniport
 * uses, and StorPortFreeHostMemoryBuffer takes them back once.
 */
#include "mem_harness.h"

#include <string.h>

static struct memmp_control *c;

static uint32_t mark(uint64_t va, uint64_t len, bool null_ext)
{
    struct memmp_args x = {.a = va, .b = len, .d = null_ext};
    return mh_call(MEMMP_MARK_DUMP, &x)->status;
}

static void dump_marks(void)
{
    CHECK(c->driver_entry_dump_status == ST_SUCCESS, "in DriverEntry: 0x%x",
          c->driver_entry_dump_status);
    CHECK(c->mark_dump_status == ST_SUCCESS, "in HwFindAdapter: 0x%x", c->mark_dump_status);
    uint64_t image = (uint64_t)(uintptr_t)&c->io;      /* memmp.so's data section */
    mh_trace_take();
    CHECK(mark(image, 0, false) == ST_SUCCESS, "Length 0 inside the image");
    CHECK(mh_has(mh_trace_take(), "outside DriverEntry and HwFindAdapter"), "late mark");
    CHECK(mark(0, 64, true) == ST_INVALID_PARAMETER, "NULL address");
    CHECK(mark(c->uncached + 0x10, 0, true) == ST_INVALID_PARAMETER,
          "Length 0 outside any image");
    CHECK(mh_has(mh_trace_take(), "StorPortMarkDumpMemory"), "refusal not reported");
}

static struct memmp_args hmb(uint64_t min, uint64_t preferred, uint64_t align, uint64_t high,
                             uint64_t offered)
{
    struct memmp_args x = {.a = min, .b = preferred, .c = align, .e = high, .f = offered};
    mh_call(MEMMP_HMB, &x);
    return x;
}

static void host_memory_buffer(void)
{
    struct memmp_args x = hmb(4 * PAGE, 16 * PAGE, 0x10000, 0xFFFFFFFF, MEMMP_MAX_RANGES);
    CHECK(x.status == ST_SUCCESS && x.out0 >= 1 && x.out0 <= MEMMP_MAX_RANGES,
          "AllocateHostMemoryBuffer: 0x%x, %llu ranges", x.status, (unsigned long long)x.out0);
    uint64_t total = 0;
    for (uint64_t i = 0; i < x.out0; i++) {
        const struct memmp_range *r = &x.ranges[i];
        CHECK(r->start % 0x10000 == 0 && r->start + r->length - 1 <= 0xFFFFFFFF && r->in_memory,
              "range %llu: %#llx+%u", (unsigned long long)i, (unsigned long long)r->start,
              r->length);
        memset((void *)(uintptr_t)r->start, 0x77, r->length);
        struct memmp_args p = {.a = r->start + r->length - 1};
        CHECK(mh_call(MEMMP_PHYS, &p)->out0 == r->start + r->length - 1, "range translates");
        total += r->length;
    }
    CHECK(total == 16 * PAGE, "%llu bytes, preferred %u", (unsigned long long)total, 16 * PAGE);
    struct memmp_args f = x;
    f.a = x.out0;
    CHECK(mh_call(MEMMP_FREE_HMB, &f)->status == ST_SUCCESS, "FreeHostMemoryBuffer");
    f.status = 0;
    mh_trace_take();
    CHECK(mh_call(MEMMP_FREE_HMB, &f)->status == ST_INVALID_PARAMETER, "freed twice");
    CHECK(mh_has(mh_trace_take(), "StorPortFreeHostMemoryBuffer"), "double free not reported");
    CHECK(hmb(0, PAGE + 1, 0, 0, 1).status == ST_INVALID_PARAMETER, "not whole pages");
    CHECK(hmb(8 * PAGE, 4 * PAGE, 0, 0, 1).status == ST_INVALID_PARAMETER, "minimum > preferred");
    CHECK(hmb(0, 4 * PAGE, 0, 0, 0).status == ST_INVALID_PARAMETER, "no ranges offered");
    CHECK(hmb(0, 4 * PAGE, 3, 0, 1).status == ST_INVALID_PARAMETER, "alignment 3");
}

int main(void)
{
    c = mh_control();
    c->uncached_bytes = PAGE;
    c->mark_dump_in_find = 1;
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    dump_marks();
    host_memory_buffer();
    struct memmp_args x = hmb(0, 8 * PAGE, 0, 0, 1);
    CHECK(x.status == ST_SUCCESS && x.out0 == 1, "kept for removal");
    mh_trace_take();
    CHECK_OK(ustor_adapter_remove(a));
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "Host Memory Buffer never freed") && mh_has(t, "leaked contiguous memory"),
          "leak at removal: %s", t);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
