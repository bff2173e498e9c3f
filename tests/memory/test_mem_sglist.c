/*
 * Scatter/gather lists: StorPortGetScatterGatherList gives the list the port built
 * for an SRB's data buffer (one element per page piece, PA == VA, at most
 * NumberOfPhysicalBreaks + 1 elements; buffers beyond that or off the AlignmentMask
 * are refused before the miniport sees them), GetDataInBufferScatterGatherList the
 * same for reads; neither for an SRB no longer held. StorPortBuildScatterGatherList
 * splits an MDL-described buffer the same way into the caller's buffer and runs the
 * execution routine at DISPATCH_LEVEL with its context; PutScatterGatherList releases
 * it once. Refusals (small buffer, too many pages, outside the MDL, misaligned, an MDL
 * not built, DIRQL) and lists never put back are reported.
 */
#include "mem_harness.h"

#include <errno.h>
#include <string.h>

#define BREAKS 4u
#define SG_HEADER 16u
#define SG_ELEMENT 24u

struct sg_element {             /* STOR_SCATTER_GATHER_ELEMENT, x64 */
    uint64_t pa;
    uint32_t length;
    uint32_t pad;
    uint64_t reserved;
};
struct sg_list {                /* STOR_SCATTER_GATHER_LIST, x64 */
    uint32_t count;
    uint32_t pad;
    uint64_t reserved;
    struct sg_element e[];
};
_Static_assert(sizeof(struct sg_element) == SG_ELEMENT && sizeof(struct sg_list) == SG_HEADER,
               "x64 layout");

static struct memmp_control *c;

/* Elements cover [va, va+len) in order, split exactly at page boundaries. */
static void check_split(const struct memmp_pa *e, uint32_t n, uint64_t va, uint32_t len)
{
    uint32_t pages = (uint32_t)((va + len - 1) / PAGE - va / PAGE + 1);
    CHECK(n == pages && n <= BREAKS + 1, "%u elements for %u pages", n, pages);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t want = (uint32_t)(PAGE - va % PAGE);
        if (want > len)
            want = len;
        CHECK(e[i].pa == va && e[i].len == want, "element %u: %#llx+%u, want %#llx+%u", i,
              (unsigned long long)e[i].pa, e[i].len, (unsigned long long)va, want);
        va += want;
        len -= want;
    }
    CHECK(len == 0, "%u bytes not covered", len);
}

static void srb_list(struct ustor_lun *lun, uint8_t *buf, bool write)
{
    uint32_t len = 23 * 512;
    uint64_t va = (uint64_t)(uintptr_t)(buf + 0x204);
    CHECK(mh_rw(lun, write, buf + 0x204, len) == 0, "I/O");
    const struct memmp_io *io = &c->io;
    CHECK(io->sg && io->sg_count == 4, "GetScatterGatherList: %#llx, %u elements",
          (unsigned long long)io->sg, io->sg_count);
    check_split(io->sg_elem, io->sg_count, va, len);
    if (write)
        CHECK(io->datain_sg_status == ST_INVALID_PARAMETER && !io->datain_sg, "write data-in");
    else
        CHECK(io->datain_sg_status == ST_SUCCESS && io->datain_sg == io->sg, "read data-in: 0x%x",
              io->datain_sg_status);
    struct memmp_args s = {.out0 = 1};
    CHECK(mh_call(MEMMP_SRB_STALE, &s)->out0 == 0, "list of a completed SRB");
}

static void srb_limits(struct ustor_lun *lun, uint8_t *buf)
{
    c->io.seen = 0;
    CHECK(mh_rw(lun, false, buf + 0x200, 5 * PAGE) != 0, "6 pages through 5 elements");
    CHECK(mh_rw(lun, false, buf + 0x201, 512) != 0, "a buffer off the alignment mask");
    CHECK(!c->io.seen, "the miniport saw a refused request");
}

static uint64_t pool(uint32_t bytes)
{
    struct memmp_args x = {.a = bytes, .b = 0x20204753};   /* 'SG  ' */
    mh_call(MEMMP_ALLOC_POOL, &x);
    CHECK(x.status == ST_SUCCESS, "pool");
    return x.out0;
}

static uint64_t built_mdl(uint64_t va, uint32_t len)
{
    struct memmp_args x = {.a = va, .b = len};
    mh_call(MEMMP_MDL_ALLOC, &x);
    struct memmp_args b = {.a = x.out0};
    CHECK(x.status == ST_SUCCESS && mh_call(MEMMP_MDL_BUILD, &b)->status == ST_SUCCESS, "MDL");
    return x.out0;
}

static struct memmp_args build(uint64_t mdl, uint64_t va, uint32_t len, bool write,
                               uint64_t list, uint32_t list_bytes)
{
    struct memmp_args x = {.a = mdl, .b = va, .c = len, .d = write, .e = list, .f = list_bytes};
    mh_call(MEMMP_BUILD_SG, &x);
    return x;
}

static uint32_t put(uint64_t list, bool write)
{
    struct memmp_args x = {.a = list, .b = write};
    return mh_call(MEMMP_PUT_SG, &x)->status;
}

static void built_list(void)
{
    uint64_t data = pool(3 * PAGE + 100), list = pool(SG_HEADER + 8 * SG_ELEMENT);
    uint64_t mdl = built_mdl(data + 8, 2 * PAGE + 52), va = data + 8;
    memset((void *)(uintptr_t)list, 0xFF, SG_HEADER + 8 * SG_ELEMENT);
    struct memmp_args x = build(mdl, va + 4, 2 * PAGE, true, list, SG_HEADER + 8 * SG_ELEMENT);
    CHECK(x.status == ST_SUCCESS, "BuildScatterGatherList: 0x%x", x.status);
    CHECK(x.out0 == 1 && x.out1 == list && x.out2 == DISPATCH_IRQL && x.out3 == 1,
          "execution routine: %llu calls, list %#llx, IRQL %llu, context %llu",
          (unsigned long long)x.out0, (unsigned long long)x.out1, (unsigned long long)x.out2,
          (unsigned long long)x.out3);
    const struct sg_list *sg = (const struct sg_list *)(uintptr_t)list;
    struct memmp_pa e[8];
    for (uint32_t i = 0; i < sg->count && i < 8; i++)
        e[i] = (struct memmp_pa){.pa = sg->e[i].pa, .len = sg->e[i].length};
    check_split(e, sg->count, va + 4, 2 * PAGE);
    CHECK(put(list, true) == ST_SUCCESS, "PutScatterGatherList");
    mh_trace_take();
    CHECK(put(list, true) == ST_INVALID_PARAMETER, "second put");
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "StorPortPutScatterGatherList") && mh_names_miniport_code(t), "%s", t);
    CHECK(build(mdl, va, 100, false, list, 1000).status == ST_SUCCESS, "read build");
    CHECK(put(list, true) == ST_SUCCESS && mh_has(mh_trace_take(), "differs"), "direction");
}

static void refusals(void)
{
    uint64_t data = pool(8 * PAGE), list = pool(1024);
    uint64_t mdl = built_mdl(data, 7 * PAGE);
    CHECK(build(mdl, data, 2 * PAGE, true, list, SG_HEADER + SG_ELEMENT).status ==
          ST_BUFFER_TOO_SMALL, "buffer too small");
    CHECK(build(mdl, data, 6 * PAGE, true, list, 1024).status == ST_INSUFFICIENT_RESOURCES,
          "more pages than breaks + 1");
    CHECK(build(mdl, data + 6 * PAGE, 2 * PAGE, true, list, 1024).status ==
          ST_INVALID_PARAMETER, "beyond the MDL");
    CHECK(build(mdl, data + 1, 64, true, list, 1024).status == ST_INVALID_PARAMETER,
          "off the alignment mask");
    struct memmp_args raw = {.a = data, .b = 64};
    mh_call(MEMMP_MDL_ALLOC, &raw);
    CHECK(build(raw.out0, data, 64, true, list, 1024).status == ST_INVALID_PARAMETER,
          "an MDL not built");
    struct memmp_args x = {.a = mdl, .b = data, .c = 64, .d = 1, .e = list, .f = 1024,
                           .at_dirql = 1};
    CHECK(mh_call(MEMMP_BUILD_SG, &x)->status == ST_INVALID_IRQL && x.out0 == 0, "DIRQL");
    CHECK(mh_has(mh_stderr_take(), "StorPortBuildScatterGatherList"), "DIRQL not reported");
    CHECK(build(mdl, data, PAGE, true, list, 1024).status == ST_SUCCESS, "kept for removal");
}

int main(void)
{
    c = mh_control();
    c->breaks = BREAKS;
    c->alignment_mask = 3;
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    uint8_t *buf = ustor_buffer_alloc(h, 8 * PAGE);
    CHECK(buf != NULL, "buffer");
    srb_list(mh_lun(a), buf, false);
    srb_list(mh_lun(a), buf, true);
    srb_limits(mh_lun(a), buf);
    built_list();
    refusals();
    mh_trace_take();
    CHECK_OK(ustor_adapter_remove(a));
    const char *t = mh_trace_take();
    CHECK(mh_has(t, "never put back") && mh_names_miniport_code(t), "leak: %s", t);
    ustor_buffer_free(h, buf);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
