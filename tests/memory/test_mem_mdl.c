/*
 * MDLs as the WDK lays them out (the MDL, then its PFN array): StorPortAllocateMdl
 * describes a buffer, StorPortBuildMdlForNonPagedPool fills the PFNs (physical page
 * numbers; memory the port did not hand out has none and is refused),
 * StorPortFreeMdl frees it once (a double free or a stranger is reported);
 * StorPortGetOriginalMdl and StorPortGetDataInBufferMdl give an SRB's data MDL and
 * StorPortGetPfns its PFNs and starting offset (only for that MDL); MDLs left at
 * removal are reported.
 */
#include "mem_harness.h"

#include <string.h>

#define MDL_HEADER 48
#define MDL_MAPPED_TO_SYSTEM_VA 0x1
#define MDL_PAGES_LOCKED 0x2
#define MDL_SOURCE_IS_NONPAGED_POOL 0x4
#define MDL_WRITE_OPERATION 0x80

static struct memmp_control *c;

static uint64_t pool(uint32_t bytes)
{
    struct memmp_args x = {.a = bytes, .b = 0x206c644d};   /* 'Mdl ' */
    mh_call(MEMMP_ALLOC_POOL, &x);
    CHECK(x.status == ST_SUCCESS && x.out0, "pool");
    return x.out0;
}

static struct memmp_args mdl_op(int op, uint64_t a, uint64_t b)
{
    struct memmp_args x = {.a = a, .b = b};
    mh_call(op, &x);
    return x;
}

static void own_mdl(void)
{
    uint64_t p = pool(10000), va = p + 100;
    struct memmp_args x = mdl_op(MEMMP_MDL_ALLOC, va, 9000);
    CHECK(x.status == ST_SUCCESS && x.out0, "AllocateMdl: 0x%x", x.status);
    uint64_t mdl = x.out0, pages = (va % PAGE + 9000 + PAGE - 1) / PAGE;
    x = mdl_op(MEMMP_MDL_READ, mdl, 0);
    CHECK(x.mdl.start_va == (va & ~(uint64_t)(PAGE - 1)) && x.mdl.byte_offset == va % PAGE &&
          x.mdl.byte_count == 9000, "MDL describes %#llx+%u, %u bytes",
          (unsigned long long)x.mdl.start_va, x.mdl.byte_offset, x.mdl.byte_count);
    CHECK(x.mdl.size == (int32_t)(MDL_HEADER + pages * 8) && x.mdl.next == 0 &&
          x.mdl.mapped_va == 0, "Size %d, Next %#llx", x.mdl.size, (unsigned long long)x.mdl.next);
    CHECK(mdl_op(MEMMP_MDL_BUILD, mdl, 0).status == ST_SUCCESS, "BuildMdlForNonPagedPool");
    x = mdl_op(MEMMP_MDL_READ, mdl, 0);
    CHECK(x.mdl.mapped_va == va && (x.mdl.flags & MDL_SOURCE_IS_NONPAGED_POOL),
          "built: mapped %#llx, flags 0x%x", (unsigned long long)x.mdl.mapped_va, x.mdl.flags);
    for (uint64_t i = 0; i < pages; i++)
        CHECK(x.pfn[i] == x.mdl.start_va / PAGE + i, "PFN %llu: %#llx", (unsigned long long)i,
              (unsigned long long)x.pfn[i]);
    CHECK(mdl_op(MEMMP_MDL_FREE, mdl, 0).status == ST_SUCCESS, "FreeMdl");
    mh_trace_take();
    CHECK(mdl_op(MEMMP_MDL_FREE, mdl, 0).status == ST_INVALID_PARAMETER, "second FreeMdl");
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "StorPortFreeMdl") && mh_has(t, "double free of MDL") &&
          mh_names_miniport_code(t), "double free report: %s", t);
    struct memmp_args f = {.a = p};
    CHECK(mh_call(MEMMP_FREE_POOL, &f)->status == ST_SUCCESS, "pool free");
}

static void bad_mdls(void)
{
    uint64_t outside = (uint64_t)(uintptr_t)c;          /* the miniport's own data */
    struct memmp_args x = mdl_op(MEMMP_MDL_ALLOC, outside, 64);
    CHECK(x.status == ST_SUCCESS, "AllocateMdl over miniport data");
    mh_trace_take();
    CHECK(mdl_op(MEMMP_MDL_BUILD, x.out0, 0).status == ST_INVALID_PARAMETER,
          "built an MDL over memory without a physical address");
    CHECK(mh_has(mh_trace_take(), "no physical address"), "not reported");
    CHECK(mdl_op(MEMMP_MDL_FREE, x.out0, 0).status == ST_SUCCESS, "free");
    CHECK(mdl_op(MEMMP_MDL_FREE, c->ext, 0).status == ST_INVALID_PARAMETER, "stranger freed");
    CHECK(mh_has(mh_trace_take(), "is not an MDL from StorPortAllocateMdl"), "stranger report");
    CHECK(mdl_op(MEMMP_MDL_ALLOC, 0, 64).status == ST_INVALID_PARAMETER, "NULL buffer");
    CHECK(mdl_op(MEMMP_MDL_ALLOC, outside, 0).status == ST_INVALID_PARAMETER, "0 bytes");
    struct memmp_args y = {.a = outside, .b = 64, .at_dirql = 1};
    CHECK(mh_call(MEMMP_MDL_ALLOC, &y)->status == ST_INVALID_IRQL && !y.out0, "at DIRQL");
}

static void srb_mdl(struct ustor_lun *lun, uint8_t *data, bool write)
{
    uint32_t len = 9216;
    uint64_t va = (uint64_t)(uintptr_t)data;
    CHECK(mh_rw(lun, write, data, len) == 0, "I/O");
    const struct memmp_io *io = &c->io;
    CHECK(io->seen && io->mdl_status == ST_SUCCESS && io->mdl, "GetOriginalMdl: 0x%x",
          io->mdl_status);
    CHECK(io->mdl_start_va == (va & ~(uint64_t)(PAGE - 1)) && io->mdl_byte_offset == va % PAGE &&
          io->mdl_byte_count == len && io->mdl_mapped_va == va, "SRB MDL fields");
    int32_t want = MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA | (write ? 0 : MDL_WRITE_OPERATION);
    CHECK(io->mdl_flags == want, "flags 0x%x, want 0x%x", io->mdl_flags, want);
    CHECK(io->pfn_status == ST_SUCCESS && io->pfn_count == 3 && io->pfn_offset == va % PAGE &&
          io->pfn_array == io->mdl + MDL_HEADER, "GetPfns: 0x%x, %u pfns, offset %u",
          io->pfn_status, io->pfn_count, io->pfn_offset);
    CHECK(io->mdl_size == MDL_HEADER + 3 * 8, "Size %d", io->mdl_size);
    for (uint32_t i = 0; i < 3; i++)
        CHECK(io->pfn[i] == va / PAGE + i, "PFN %u", i);
    CHECK(io->pfn_foreign_status == ST_INVALID_PARAMETER, "GetPfns took another MDL");
    if (write)
        CHECK(io->datain_mdl_status == ST_INVALID_PARAMETER && !io->datain_mdl,
              "a write has no data-in MDL");
    else
        CHECK(io->datain_mdl_status == ST_SUCCESS && io->datain_mdl == io->mdl,
              "GetDataInBufferMdl of a read: 0x%x", io->datain_mdl_status);
    struct memmp_args s = {0};
    CHECK(mh_call(MEMMP_SRB_STALE, &s)->out1 == ST_INVALID_PARAMETER, "MDL of a completed SRB");
}

int main(void)
{
    c = mh_control();
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    own_mdl();
    bad_mdls();
    uint8_t *buf = ustor_buffer_alloc(h, 4 * PAGE);
    CHECK(buf != NULL, "buffer");
    srb_mdl(mh_lun(a), buf + 0x200, false);
    srb_mdl(mh_lun(a), buf + 0x200, true);
    struct memmp_args x = mdl_op(MEMMP_MDL_ALLOC, (uint64_t)(uintptr_t)buf, 100);
    CHECK(x.status == ST_SUCCESS, "MDL left for removal");
    mh_trace_take();
    CHECK_OK(ustor_adapter_remove(a));
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "never given to StorPortFreeMdl") && mh_names_miniport_code(t), "leak: %s", t);
    ustor_buffer_free(h, buf);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
