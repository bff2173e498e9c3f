/*
 * StorPortGetUncachedExtension: one page-aligned, zeroed common buffer per adapter,
 * allocated in HwFindAdapter only (a second call there returns the same buffer, a
 * call elsewhere gets NULL and a report), only for a bus master, placed below 4 GiB
 * unless ConfigInfo->Dma64BitAddresses declares full 64-bit support, below 16 MiB
 * for an adapter without 32-bit addresses (none fits here: NULL), translated by
 * StorPortGetPhysicalAddress with its full length; SrbExtensionSize changed after the
 * call is reported.
 */
#include "mem_harness.h"

#include <string.h>

#define UNCACHED_BYTES (3 * PAGE + 100)
#define LIMIT_4G 0xFFFFFFFFull

static struct memmp_control *c;

static void reset(void)
{
    memset(c, 0, sizeof *c);
    c->uncached_bytes = UNCACHED_BYTES;
}

/* Adds an adapter as configured, checks what HwFindAdapter got, removes it. */
static uint64_t find_with(struct ustor_driver *d, bool expect_buffer)
{
    struct ustor_adapter *a = mh_adapter(d);
    uint64_t p = c->uncached;
    CHECK(c->find_calls == 1, "HwFindAdapter ran %d times", c->find_calls);
    CHECK((p != 0) == expect_buffer, "uncached extension %#llx", (unsigned long long)p);
    CHECK_OK(ustor_adapter_remove(a));
    return p;
}

static void basic(struct ustor_driver *d)
{
    reset();
    c->uncached_twice = 1;
    struct ustor_adapter *a = mh_adapter(d);
    uint64_t p = c->uncached;
    CHECK(p && p % PAGE == 0, "not page-aligned: %#llx", (unsigned long long)p);
    CHECK(c->uncached_again == p, "the second call gave %#llx, the first %#llx",
          (unsigned long long)c->uncached_again, (unsigned long long)p);
    CHECK(p + UNCACHED_BYTES - 1 <= LIMIT_4G, "a 32-bit adapter's buffer above 4 GiB");
    CHECK(c->uncached_pa.pa == p && c->uncached_pa.len >= UNCACHED_BYTES,
          "GetPhysicalAddress: %#llx, %u bytes", (unsigned long long)c->uncached_pa.pa,
          c->uncached_pa.len);
    const unsigned char *b = (const unsigned char *)(uintptr_t)p;
    for (uint32_t i = 0; i < UNCACHED_BYTES; i++)
        CHECK(b[i] == 0, "byte %u not zero", i);
    memset((void *)(uintptr_t)p, 0xEE, UNCACHED_BYTES);
    /* outside HwFindAdapter: refused and reported */
    struct memmp_args x = {.a = 64, .b = 0};
    mh_trace_take();
    mh_call(MEMMP_UNCACHED, &x);
    CHECK(x.out0 == 0 && x.out1 == 0, "outside HwFindAdapter: %#llx", (unsigned long long)x.out1);
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "StorPortGetUncachedExtension") && mh_has(t, "only HwFindAdapter") &&
          mh_names_miniport_code(t), "report: %s", t);
    /* a restart by HwFindAdapter finds the same buffer, contents kept */
    CHECK_OK(ustor_adapter_stop(a));
    CHECK_OK(ustor_adapter_restart(a));
    CHECK(c->find_calls == 2 && c->uncached == p, "after restart: %#llx (calls %d)",
          (unsigned long long)c->uncached, c->find_calls);
    CHECK(b[UNCACHED_BYTES - 1] == 0xEE, "contents lost across the restart");
    CHECK_OK(ustor_adapter_remove(a));
}

static void placement(struct ustor_driver *d)
{
    reset();
    c->dma64_set = 1;
    c->dma64 = 0x80 | 0x01;     /* SYSTEM_SUPPORTED | MINIPORT_SUPPORTED: still < 4 GiB */
    uint64_t p = find_with(d, true);
    CHECK(p + UNCACHED_BYTES - 1 <= LIMIT_4G, "SCSI_DMA64_MINIPORT_SUPPORTED: %#llx",
          (unsigned long long)p);
    reset();
    c->dma64_set = 1;
    c->dma64 = 0x80 | 0x02;     /* FULL64BIT: anywhere, no 4 GiB line crossed */
    p = find_with(d, true);
    CHECK(p >> 32 == (p + UNCACHED_BYTES - 1) >> 32, "FULL64BIT crosses 4 GiB: %#llx",
          (unsigned long long)p);
    reset();
    c->dma32_off = 1;           /* a 24-bit adapter: below 16 MiB, which user space lacks */
    mh_trace_take();
    find_with(d, false);
    CHECK(mh_has(mh_trace_take(), "0xffffff"), "the 16 MiB limit is not reported");
}

static void refusals(struct ustor_driver *d)
{
    reset();
    c->master_off = 1;
    mh_trace_take();
    find_with(d, false);
    CHECK(mh_has(mh_trace_take(), "not a bus master"), "Master FALSE not reported");
    reset();
    c->srbext_after = 1;
    find_with(d, true);
    CHECK(mh_has(mh_trace_take(), "changed SrbExtensionSize"), "late SrbExtensionSize change");
}

int main(void)
{
    c = mh_control();
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    basic(d);
    placement(d);
    refusals(d);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
