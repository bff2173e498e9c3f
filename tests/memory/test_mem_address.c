/*
 * Addresses: StorPortGetPhysicalAddress translates (PA == VA, page offset kept) the
 * SRB data buffer (length to its end), sense buffer and SRB extension with the SRB,
 * the LU and device extensions, pool, DMA memory and the uncached extension with a
 * NULL SRB or one of the miniport's own, and gives 0 (reported) for memory the port
 * did not hand out; StorPortGetVirtualAddress and MmGetPhysicalAddress go with it.
 * StorPortGetSystemAddress and GetDataInBufferSystemAddress give the data buffer (the
 * data-in one only for reads). StorPortMoveMemory copies overlapping ranges, the
 * conversions keep the value, SecureCopyMemory bounds its copy. Both SRB kinds.
 */
#include "mem_harness.h"

#include <string.h>

#define OFFSET 0x200u
#define LENGTH (5u * 512u)
#define PROBE 0x531u

static struct memmp_control *c;

static struct memmp_args call1(int op, uint64_t a, uint64_t b)
{
    struct memmp_args x = {.a = a, .b = b};
    mh_call(op, &x);
    return x;
}

static void check_pa(const struct memmp_pa *p, uint64_t va, uint32_t min_len, const char *what)
{
    CHECK(va && p->pa == va && p->len >= min_len, "%s %#llx: pa %#llx, %u bytes", what,
          (unsigned long long)va, (unsigned long long)p->pa, p->len);
}

static void srb_addresses(struct ustor_lun *lun, uint8_t *buf, bool write)
{
    uint64_t data = (uint64_t)(uintptr_t)(buf + OFFSET);
    CHECK(mh_rw(lun, write, buf + OFFSET, LENGTH) == 0, "I/O");
    const struct memmp_io *io = &c->io;
    CHECK(io->seen && io->data_buffer == data, "StartIo saw %#llx",
          (unsigned long long)io->data_buffer);
    CHECK(io->pa_data.pa == data + PROBE && io->pa_data.len == LENGTH - PROBE,
          "data buffer with the SRB: %#llx, %u bytes", (unsigned long long)io->pa_data.pa,
          io->pa_data.len);
    check_pa(&io->pa_data_nosrb, data + PROBE, LENGTH - PROBE, "data buffer, NULL SRB");
    check_pa(&io->pa_srbext, io->srbext, 512, "SRB extension");
    check_pa(&io->pa_sense, io->sense, 18, "sense buffer");
    check_pa(&io->pa_lu_ext, io->lu_ext, 128, "LU extension");
    check_pa(&io->pa_devext, io->devext_probe, 1, "device extension");
    check_pa(&io->pa_uncached_foreign, io->uncached_probe, PAGE - 100, "uncached, foreign SRB");
    CHECK(io->va_of_srbext_pa == io->srbext, "GetVirtualAddress of the SRB extension");
    CHECK(io->sysaddr_status == ST_SUCCESS && io->sysaddr == data, "GetSystemAddress: 0x%x",
          io->sysaddr_status);
    if (write)
        CHECK(io->datain_sysaddr_status == ST_INVALID_PARAMETER && !io->datain_sysaddr,
              "a write has no data-in buffer");
    else
        CHECK(io->datain_sysaddr_status == ST_SUCCESS && io->datain_sysaddr == data,
              "GetDataInBufferSystemAddress: 0x%x", io->datain_sysaddr_status);
    struct memmp_args s = {0};
    mh_call(MEMMP_SRB_STALE, &s);
    CHECK(s.status == ST_INVALID_PARAMETER, "GetSystemAddress of a completed SRB: 0x%x", s.status);
}

static void owned_memory(struct ustor_host *h)
{
    struct memmp_args p = {.a = 3000, .b = 0x20207041};
    mh_call(MEMMP_ALLOC_POOL, &p);
    struct memmp_args x = call1(MEMMP_PHYS, p.out0 + 17, 0);
    CHECK(x.out0 == p.out0 + 17 && x.out1 >= 3000 - 17, "pool: %#llx", (unsigned long long)x.out0);
    struct memmp_args dma = {.a = 2 * PAGE, .c = 0x7FFFFFFF, .e = MM_CACHED};
    mh_call(MEMMP_DMA, &dma);
    x = call1(MEMMP_PHYS, dma.out0 + PAGE + 5, 1);           /* a foreign SRB */
    CHECK(x.out0 == dma.out1 + PAGE + 5 && x.out1 >= PAGE - 5, "DMA memory: %#llx",
          (unsigned long long)x.out0);
    CHECK(call1(MEMMP_VIRT, dma.out1 + 9, 0).out0 == dma.out0 + 9, "GetVirtualAddress");
    CHECK(call1(MEMMP_MM_PHYS, p.out0 + 5, 0).out0 == p.out0 + 5, "MmGetPhysicalAddress");
    uint8_t *buf = ustor_buffer_alloc(h, PAGE);
    CHECK(call1(MEMMP_MM_PHYS, (uint64_t)(uintptr_t)buf, 0).out0 == (uint64_t)(uintptr_t)buf,
          "MmGetPhysicalAddress of a data buffer");
    ustor_buffer_free(h, buf);
    CHECK(call1(MEMMP_FREE_POOL, p.out0, 0).status == ST_SUCCESS, "free pool");
    struct memmp_args f = {.a = dma.out0, .b = 2 * PAGE, .c = MM_CACHED, .d = dma.out1};
    CHECK(mh_call(MEMMP_FREE_DMA, &f)->status == ST_SUCCESS, "free DMA memory");
}

static void strangers(void)
{
    int local = 0;
    uint64_t va = (uint64_t)(uintptr_t)&local;
    mh_trace_take();
    struct memmp_args x = call1(MEMMP_PHYS, va, 0);
    CHECK(x.out0 == 0 && x.out1 == 0, "stack memory translated to %#llx", (unsigned long long)x.out0);
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "StorPortGetPhysicalAddress") && mh_has(t, "verifier 0x1006") &&
          mh_names_miniport_code(t), "report: %s", t);
    CHECK(call1(MEMMP_MM_PHYS, va, 0).out0 == 0, "MmGetPhysicalAddress of the stack");
    CHECK(mh_has(mh_trace_take(), "MmGetPhysicalAddress"), "MmGetPhysicalAddress report");
    CHECK(call1(MEMMP_VIRT, 0x1000, 0).out0 == 0, "GetVirtualAddress of page 1");
    CHECK(mh_has(mh_trace_take(), "StorPortGetVirtualAddress"), "GetVirtualAddress report");
}

static void copies(void)
{
    char s[64];
    memcpy(s, "0123456789abcdefghij", 21);
    call1(MEMMP_MOVE, 0, 0);
    struct memmp_args m = {.a = (uint64_t)(uintptr_t)(s + 2), .b = (uint64_t)(uintptr_t)s,
                           .c = 10};
    mh_call(MEMMP_MOVE, &m);
    CHECK(!memcmp(s, "010123456789cdefghij", 20), "MoveMemory forward overlap: %s", s);
    m = (struct memmp_args){.a = (uint64_t)(uintptr_t)s, .b = (uint64_t)(uintptr_t)(s + 4),
                            .c = 6};
    mh_call(MEMMP_MOVE, &m);
    CHECK(!memcmp(s, "23456745", 8), "MoveMemory backward overlap: %s", s);
    struct memmp_args v = call1(MEMMP_CONVERT, 0x123456789AULL, 0);
    CHECK(v.out0 == 0x123456789AULL && v.out1 == 0x3456789A && v.out2 == 0x123456789AULL,
          "conversions: %#llx %#llx %#llx", (unsigned long long)v.out0,
          (unsigned long long)v.out1, (unsigned long long)v.out2);
    char d[8] = {0};
    struct memmp_args sc = {.a = (uint64_t)(uintptr_t)d, .b = sizeof d,
                            .c = (uint64_t)(uintptr_t)"abcdefghijk", .d = 9};
    CHECK(mh_call(MEMMP_SECURE_COPY, &sc)->status == ST_BUFFER_TOO_SMALL && d[0] == 0,
          "SecureCopyMemory past the end");
    sc.d = 8;
    CHECK(mh_call(MEMMP_SECURE_COPY, &sc)->status == ST_SUCCESS && !memcmp(d, "abcdefgh", 8),
          "SecureCopyMemory");
    CHECK(call1(MEMMP_FLUSH_MDL, 0, 0).status == ST_SUCCESS, "FlushDataBufferMdl");
}

static void one_host(bool extended)
{
    memset(c, 0, sizeof *c);
    c->uncached_bytes = 2 * PAGE;
    c->extended_srb = extended;
    c->probe_offset = PROBE;
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    struct ustor_adapter_info info;
    CHECK_OK(ustor_adapter_get_info(a, &info));
    CHECK(info.extended_srb == extended, "SRB kind");
    uint8_t *buf = ustor_buffer_alloc(h, 2 * PAGE);
    CHECK(buf != NULL, "buffer");
    srb_addresses(mh_lun(a), buf, false);
    srb_addresses(mh_lun(a), buf, true);
    owned_memory(h);
    strangers();
    copies();
    CHECK_OK(ustor_adapter_remove(a));
    ustor_buffer_free(h, buf);
    ustor_host_destroy(h);
}

int main(void)
{
    c = mh_control();
    mh_capture_start();
    one_host(false);
    one_host(true);
    printf("ok\n");
    return 0;
}
