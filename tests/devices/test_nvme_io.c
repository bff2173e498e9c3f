/* NVMe model I/O: write/read round trips through PRP1 alone, PRP1+PRP2, PRP lists
 * (first page at an offset, lists chaining to a next list page, scattered pages) and
 * SGLs (Data Block, segments chaining, Bit Bucket); Flush, Dataset Management
 * deallocate, Write Zeroes, Compare (equal and not), FUA; several namespaces with both
 * LBA sizes; a file backend synchronous and io_uring; and every refusal: LBA out of
 * range, beyond MDTS, bad namespace, read-only namespace, bad opcode, a PRP pointing
 * nowhere, bad PRP offsets, malformed SGLs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "ustorport/ustor_backend.h"
#include "nvme_harness.h"

#define GEN(sc) (SC(NVME_SCT_GENERIC, sc) | STATUS_DNR)  /* errors here do not retry */
#define NOWHERE 0x7000000000ull

static void setup(struct harness *h, const struct nvme_config *cfg)
{
    CHECK(h_init(h, cfg) == 0);
    CHECK(h_add_ns(h, 1, "ram:16M", 512) == 0);
    CHECK(h_add_ns(h, 2, "ram:8M", 4096) == 0);
    CHECK(h_add_ns(h, 3, "ram:1M,ro", 512) == 0);
    CHECK(h_enable(h, 16));
    CHECK_EQ(h_create_pair(h, 1, 64, 1), 0);
}

/* Reads LBAs back into a fresh buffer and checks the pattern. */
static bool read_back(struct harness *h, uint32_t nsid, uint64_t slba, uint32_t bytes,
                      uint32_t lba_size, uint32_t seed)
{
    uint8_t *buf = h_alloc(h, bytes + H_PAGE);
    uint64_t *prps = h_alloc(h, H_PAGE);
    uint32_t pages = (bytes + H_PAGE - 1) / H_PAGE;
    for (uint32_t i = 1; i < pages; i++)
        prps[i - 1] = (uintptr_t)buf + (uint64_t)i * H_PAGE;
    uint64_t prp2 = pages == 2 ? prps[0] : (uintptr_t)prps;
    uint16_t st = h_rw(h, 1, NVME_CMD_READ, nsid, slba, bytes / lba_size, (uintptr_t)buf,
                       pages > 1 ? prp2 : 0);
    bool ok = st == 0 && h_pattern_ok(buf, bytes, seed);
    h_free(h, buf);
    h_free(h, prps);
    return ok;
}

static void test_prp_simple(void)
{
    struct harness h;
    setup(&h, NULL);
    uint8_t *buf = h_alloc(&h, 4 * H_PAGE);
    h_pattern(buf, 512, 1);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, 10, 1, (uintptr_t)buf, 0), 0);
    CHECK(read_back(&h, 1, 10, 512, 512, 1));
    /* two pages: PRP2 names the second */
    h_pattern(buf, 2 * H_PAGE, 2);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, 100, 16, (uintptr_t)buf, (uintptr_t)buf + H_PAGE), 0);
    CHECK(read_back(&h, 1, 100, 2 * H_PAGE, 512, 2));
    /* PRP1 inside a page: 512 bytes there, the rest on the next page */
    h_pattern(buf + 3584, 1024, 3);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, 200, 2, (uintptr_t)buf + 3584, (uintptr_t)buf + H_PAGE), 0);
    CHECK(read_back(&h, 1, 200, 1024, 512, 3));
    /* 4 KiB LBAs on namespace 2, kept apart from namespace 1 */
    h_pattern(buf, H_PAGE, 4);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 2, 3, 1, (uintptr_t)buf, 0), 0);
    CHECK(read_back(&h, 2, 3, H_PAGE, H_PAGE, 4));
    CHECK(read_back(&h, 1, 10, 512, 512, 1));
    h_free(&h, buf);
    h_fini(&h);
}

/* A transfer over scattered pages through a PRP list whose first page sits at an offset
 * and (with CHAIN) whose list spans two list pages. */
static void prp_list_case(struct harness *h, uint32_t pages, bool chain, uint32_t seed)
{
    uint32_t bytes = pages * H_PAGE;
    uint8_t *area = h_alloc(h, 2 * bytes + H_PAGE);
    uint8_t *linear = malloc(bytes);
    uint64_t *lists = h_alloc(h, 2 * H_PAGE);
    h_pattern(linear, bytes, seed);
    /* page i of the data lives at area + (pages - 1 - i) * 2 pages: reversed, gapped */
    for (uint32_t i = 0; i < pages; i++)
        memcpy(area + (size_t)(pages - 1 - i) * 2 * H_PAGE, linear + (size_t)i * H_PAGE, H_PAGE);
    uint64_t *list = chain ? (uint64_t *)((uint8_t *)lists + H_PAGE - 16) : lists;
    uint64_t *next = (uint64_t *)((uint8_t *)lists + H_PAGE);
    for (uint32_t i = 1, k = 0; i < pages; i++, k++) {
        uint64_t pa = (uintptr_t)area + (uint64_t)(pages - 1 - i) * 2 * H_PAGE;
        if (chain && list != next && k == 1) {
            list[1] = (uintptr_t)next;          /* last slot of the list page: the chain */
            list = next;
            k = 0;
            list[k] = pa;
            continue;
        }
        list[k] = pa;
    }
    uint64_t prp2 = chain ? (uintptr_t)((uint8_t *)lists + H_PAGE - 16) : (uintptr_t)lists;
    CHECK_EQ(h_rw(h, 1, NVME_CMD_WRITE, 1, 1000, bytes / 512,
                  (uintptr_t)area + (uint64_t)(pages - 1) * 2 * H_PAGE, prp2), 0);
    CHECK(read_back(h, 1, 1000, bytes, 512, seed));
    memset(area, 0, 2 * bytes);
    CHECK_EQ(h_rw(h, 1, NVME_CMD_READ, 1, 1000, bytes / 512,
                  (uintptr_t)area + (uint64_t)(pages - 1) * 2 * H_PAGE, prp2), 0);
    for (uint32_t i = 0; i < pages; i++)
        CHECK(!memcmp(area + (size_t)(pages - 1 - i) * 2 * H_PAGE, linear + (size_t)i * H_PAGE, H_PAGE));
    free(linear);
    h_free(h, area);
    h_free(h, lists);
}

static void test_prp_lists(void)
{
    struct harness h;
    setup(&h, NULL);
    prp_list_case(&h, 3, false, 10);
    prp_list_case(&h, 5, true, 11);
    prp_list_case(&h, 256, false, 12);          /* 1 MiB: MDTS */
    h_fini(&h);
}

static void test_prp_refusals(void)
{
    struct harness h;
    setup(&h, NULL);
    uint8_t *buf = h_alloc(&h, 4 * H_PAGE);
    uint64_t *list = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, NOWHERE, 0), GEN(NVME_SC_DATA_TRANSFER_ERROR));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, 0, 1, NOWHERE, 0), GEN(NVME_SC_DATA_TRANSFER_ERROR));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 16, (uintptr_t)buf, NOWHERE),
             GEN(NVME_SC_DATA_TRANSFER_ERROR));                     /* PRP2 nowhere */
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 24, (uintptr_t)buf, NOWHERE),
             GEN(NVME_SC_DATA_TRANSFER_ERROR));                     /* the list nowhere */
    list[0] = (uintptr_t)buf + H_PAGE;
    list[1] = NOWHERE;
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 24, (uintptr_t)buf, (uintptr_t)list),
             GEN(NVME_SC_DATA_TRANSFER_ERROR));                     /* an entry nowhere */
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)buf + 2, 0),
             GEN(NVME_SC_PRP_INVALID_OFFSET));                      /* not dword aligned */
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 16, (uintptr_t)buf, (uintptr_t)buf + H_PAGE + 8),
             GEN(NVME_SC_PRP_INVALID_OFFSET));                      /* PRP2 with an offset */
    list[1] = (uintptr_t)buf + 2 * H_PAGE + 512;
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 24, (uintptr_t)buf, (uintptr_t)list),
             GEN(NVME_SC_PRP_INVALID_OFFSET));                      /* a list entry too */
    /* a list whose only slot chains to itself */
    uint64_t *self = (uint64_t *)((uint8_t *)list + H_PAGE - 8);
    *self = (uintptr_t)self;
    CHECK(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 24, (uintptr_t)buf, (uintptr_t)self) != 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 2049, (uintptr_t)buf, (uintptr_t)list),
             GEN(NVME_SC_INVALID_FIELD));                           /* beyond MDTS */
    h_free(&h, buf);
    h_free(&h, list);
    h_fini(&h);
}

static uint16_t sgl_cmd(struct harness *h, uint8_t opcode, uint64_t slba, uint32_t nlb,
                        const struct nvme_sgl_desc *sgl1)
{
    struct nvme_sqe e = {.opcode = opcode, .nsid = 1, .flags = 1u << 6,
                         .cdw10 = (uint32_t)slba, .cdw12 = nlb - 1};
    memcpy(&e.prp1, sgl1, 16);
    return h_cmd(h, 1, &e, NULL);
}

static struct nvme_sgl_desc sgl(uint64_t addr, uint32_t len, unsigned type)
{
    return (struct nvme_sgl_desc){.address = addr, .length = len, .type = (uint8_t)(type << 4)};
}

static void test_sgl(void)
{
    struct harness h;
    setup(&h, NULL);
    uint8_t *buf = h_alloc(&h, 8 * H_PAGE);
    struct nvme_sgl_desc *seg = h_alloc(&h, 2 * H_PAGE);
    h_pattern(buf, 2048, 20);
    struct nvme_sgl_desc one = sgl((uintptr_t)buf, 2048, NVME_SGL_DATA_BLOCK);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_WRITE, 50, 4, &one), 0);
    CHECK(read_back(&h, 1, 50, 2048, 512, 20));

    /* Segment (2 blocks + chain) -> Last Segment (1 block): 3 odd pieces */
    uint8_t *lin = malloc(3000);
    h_pattern(lin, 3000, 21);
    memcpy(buf + 100, lin, 1000);
    memcpy(buf + 3 * H_PAGE + 7, lin + 1000, 1500);
    memcpy(buf + 6 * H_PAGE + 40, lin + 2500, 500);
    struct nvme_sgl_desc *last = seg + 32;
    seg[0] = sgl((uintptr_t)buf + 100, 1000, NVME_SGL_DATA_BLOCK);
    seg[1] = sgl((uintptr_t)buf + 3 * H_PAGE + 7, 1500, NVME_SGL_DATA_BLOCK);
    seg[2] = sgl((uintptr_t)last, 16, NVME_SGL_LAST_SEGMENT);
    last[0] = sgl((uintptr_t)buf + 6 * H_PAGE + 40, 572, NVME_SGL_DATA_BLOCK); /* longer: ok */
    struct nvme_sgl_desc first = sgl((uintptr_t)seg, 48, NVME_SGL_SEGMENT);
    uint8_t *expect = malloc(3072);
    memcpy(expect, lin, 3000);
    memcpy(expect + 3000, buf + 6 * H_PAGE + 540, 72);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_WRITE, 60, 6, &first), 0);
    uint8_t *back = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 60, 6, (uintptr_t)back, 0), 0);
    CHECK(!memcmp(back, expect, 3072));

    /* a read with a Bit Bucket in the middle skips those bytes */
    memset(buf, 0, 8 * H_PAGE);
    seg[0] = sgl((uintptr_t)buf, 1000, NVME_SGL_DATA_BLOCK);
    seg[1] = sgl(0, 1500, NVME_SGL_BIT_BUCKET);
    seg[2] = sgl((uintptr_t)buf + 1000, 572, NVME_SGL_DATA_BLOCK);
    struct nvme_sgl_desc lastseg = sgl((uintptr_t)seg, 48, NVME_SGL_LAST_SEGMENT);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 60, 6, &lastseg), 0);
    CHECK(!memcmp(buf, expect, 1000));
    CHECK(!memcmp(buf + 1000, expect + 2500, 572));

    /* refusals */
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_WRITE, 60, 6, &lastseg), GEN(NVME_SC_SGL_INVALID_TYPE));
    struct nvme_sgl_desc shorty = sgl((uintptr_t)buf, 1000, NVME_SGL_DATA_BLOCK);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 0, 4, &shorty), GEN(NVME_SC_SGL_INVALID_DATA_LEN));
    struct nvme_sgl_desc bad_type = sgl((uintptr_t)buf, 2048, 0xE);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 0, 4, &bad_type), GEN(NVME_SC_SGL_INVALID_TYPE));
    seg[0] = sgl((uintptr_t)last, 16, NVME_SGL_SEGMENT);     /* a segment not last */
    seg[1] = sgl((uintptr_t)buf, 2048, NVME_SGL_DATA_BLOCK);
    struct nvme_sgl_desc mid = sgl((uintptr_t)seg, 32, NVME_SGL_LAST_SEGMENT);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 0, 4, &mid), GEN(NVME_SC_SGL_INVALID_SEGMENT));
    struct nvme_sgl_desc odd = sgl((uintptr_t)seg, 20, NVME_SGL_LAST_SEGMENT);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 0, 4, &odd), GEN(NVME_SC_SGL_INVALID_SEGMENT));
    seg[0] = sgl((uintptr_t)seg, 16, NVME_SGL_SEGMENT);      /* a segment chaining to itself */
    struct nvme_sgl_desc loop = sgl((uintptr_t)seg, 16, NVME_SGL_SEGMENT);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 0, 4, &loop), GEN(NVME_SC_SGL_INVALID_COUNT));
    struct nvme_sgl_desc gone = sgl(NOWHERE, 2048, NVME_SGL_DATA_BLOCK);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_READ, 0, 4, &gone), GEN(NVME_SC_DATA_TRANSFER_ERROR));
    free(lin);
    free(expect);
    h_free(&h, back);
    h_free(&h, buf);
    h_free(&h, seg);
    h_fini(&h);

    struct nvme_config cfg = {.no_sgl = true};              /* without SGL support */
    setup(&h, &cfg);
    buf = h_alloc(&h, H_PAGE);
    one = sgl((uintptr_t)buf, 512, NVME_SGL_DATA_BLOCK);
    CHECK_EQ(sgl_cmd(&h, NVME_CMD_WRITE, 0, 1, &one), GEN(NVME_SC_INVALID_FIELD));
    h_free(&h, buf);
    h_fini(&h);
}

static uint16_t simple(struct harness *h, uint8_t opcode, uint32_t nsid, uint32_t cdw10,
                       uint32_t cdw11, uint32_t cdw12, uint64_t prp1)
{
    struct nvme_sqe e = {.opcode = opcode, .nsid = nsid, .prp1 = prp1, .cdw10 = cdw10,
                         .cdw11 = cdw11, .cdw12 = cdw12};
    return h_cmd(h, 1, &e, NULL);
}

static void test_other_commands(void)
{
    struct harness h;
    setup(&h, NULL);
    uint8_t *buf = h_alloc(&h, 2 * H_PAGE);
    h_pattern(buf, H_PAGE, 30);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, 300, 8, (uintptr_t)buf, 0), 0);
    CHECK_EQ(simple(&h, NVME_CMD_FLUSH, 1, 0, 0, 0, 0), 0);
    CHECK_EQ(simple(&h, NVME_CMD_FLUSH, 0xFFFFFFFF, 0, 0, 0, 0), 0);
    /* Compare: equal, then one byte off */
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_COMPARE, 1, 300, 8, (uintptr_t)buf, 0), 0);
    buf[777] ^= 1;
    CHECK_EQ(STATUS_CODE(h_rw(&h, 1, NVME_CMD_COMPARE, 1, 300, 8, (uintptr_t)buf, 0)),
             SC(NVME_SCT_MEDIA, NVME_SC_COMPARE_FAILURE));
    /* Write Zeroes over 2 of the 8 blocks, with and without DEAC */
    CHECK_EQ(simple(&h, NVME_CMD_WRITE_ZEROES, 1, 302, 0, 1, 0), 0);
    CHECK_EQ(simple(&h, NVME_CMD_WRITE_ZEROES, 1, 306, 0, NVME_WZ_DEAC | NVME_RW_FUA, 0), 0);
    memset(buf + H_PAGE, 0xEE, H_PAGE);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 300, 8, (uintptr_t)buf + H_PAGE, 0), 0);
    uint8_t *r = buf + H_PAGE;
    buf[777] ^= 1;
    CHECK(!memcmp(r, buf, 1024));
    for (int i = 1024; i < 2048; i++)
        CHECK_EQ(r[i], 0);
    CHECK(!memcmp(r + 2048, buf + 2048, 1024));
    /* Dataset Management: two ranges deallocated; hints alone do nothing */
    struct nvme_dsm_range *ranges = (struct nvme_dsm_range *)buf;
    ranges[0] = (struct nvme_dsm_range){.nlb = 8, .slba = 300};
    ranges[1] = (struct nvme_dsm_range){.nlb = 16, .slba = 4000};
    CHECK_EQ(simple(&h, NVME_CMD_DSM, 1, 1, NVME_DSM_AD, 0, (uintptr_t)buf), 0);
    CHECK_EQ(simple(&h, NVME_CMD_DSM, 1, 1, 0x3, 0, (uintptr_t)buf), 0);
    ranges[1].slba = 32767;
    CHECK_EQ(simple(&h, NVME_CMD_DSM, 1, 1, NVME_DSM_AD, 0, (uintptr_t)buf),
             GEN(NVME_SC_LBA_RANGE));
    CHECK_EQ(simple(&h, NVME_CMD_DSM, 1, 0, NVME_DSM_AD, 0, NOWHERE),
             GEN(NVME_SC_DATA_TRANSFER_ERROR));
    /* FUA write, and writes with the write cache disabled */
    h_pattern(buf, 512, 31);
    CHECK_EQ(simple(&h, NVME_CMD_WRITE, 1, 400, 0, NVME_RW_FUA, (uintptr_t)buf), 0);
    struct nvme_sqe wc = {.opcode = NVME_ADM_SET_FEATURES, .cdw10 = NVME_FEAT_VOLATILE_WC};
    CHECK_EQ(h_admin(&h, &wc, NULL), 0);
    CHECK_EQ(simple(&h, NVME_CMD_WRITE, 1, 401, 0, 0, (uintptr_t)buf), 0);
    CHECK(read_back(&h, 1, 400, 512, 512, 31));
    CHECK(read_back(&h, 1, 401, 512, 512, 31));
    h_free(&h, buf);
    h_fini(&h);
}

static void test_io_refusals(void)
{
    struct harness h;
    setup(&h, NULL);
    uint8_t *buf = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 32768, 1, (uintptr_t)buf, 0), GEN(NVME_SC_LBA_RANGE));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 32767, 2, (uintptr_t)buf, 0), GEN(NVME_SC_LBA_RANGE));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, ~0ull, 2, (uintptr_t)buf, 0), GEN(NVME_SC_LBA_RANGE));
    CHECK_EQ(simple(&h, NVME_CMD_WRITE_ZEROES, 1, 32767, 0, 1, 0), GEN(NVME_SC_LBA_RANGE));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 32767, 1, (uintptr_t)buf, 0), 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 0, 0, 1, (uintptr_t)buf, 0), GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 4, 0, 1, (uintptr_t)buf, 0), GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 99, 0, 1, (uintptr_t)buf, 0), GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 3, 0, 1, (uintptr_t)buf, 0), 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 3, 0, 1, (uintptr_t)buf, 0),
             GEN(NVME_SC_NS_WRITE_PROTECTED));
    CHECK_EQ(simple(&h, NVME_CMD_WRITE_ZEROES, 3, 0, 0, 0, 0), GEN(NVME_SC_NS_WRITE_PROTECTED));
    CHECK_EQ(simple(&h, 0x7F, 1, 0, 0, 0, 0), GEN(NVME_SC_INVALID_OPCODE));
    CHECK_EQ(simple(&h, 0x04, 1, 0, 0, 0, 0), GEN(NVME_SC_INVALID_OPCODE));  /* uncorrectable */
    struct nvme_stats st;
    nvme_get_stats(h.c, &st);
    CHECK_EQ(st.errors, 11);
    h_free(&h, buf);
    h_fini(&h);
}

/* The same round trips on a file, read and written synchronously, then with io_uring
 * (completions reaped by the controller's poll thread). */
static void file_case(const char *options)
{
    char path[] = "/tmp/ustor-nvme-io-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);                                           /* created by the backend */
    char spec[256];
    snprintf(spec, sizeof spec, "%s,size=4M%s", path, options);
    struct harness h;
    CHECK(h_init(&h, NULL) == 0);
    if (h_add_ns(&h, 1, spec, 512) != 0) {
        printf("skipping file case %s: the backend did not open\n", options);
        h_fini(&h);
        unlink(path);
        return;
    }
    const char *engine = ustor_backend_get_info(h.backends[1])->engine;
    CHECK(!strcmp(engine, strstr(options, "uring") ? "uring" : "sync"));
    CHECK(h_enable(&h, 16));
    CHECK_EQ(h_create_pair(&h, 1, 64, 1), 0);
    uint8_t *buf = h_alloc(&h, 64 * H_PAGE);
    for (uint32_t i = 0; i < 32; i++) {                     /* 32 writes in flight at once */
        h_pattern(buf + i * 2 * H_PAGE, H_PAGE, 40 + i);
        struct nvme_sqe w = {.opcode = NVME_CMD_WRITE, .nsid = 1,
                             .prp1 = (uintptr_t)buf + i * 2 * H_PAGE,
                             .prp2 = (uintptr_t)buf + i * 2 * H_PAGE + H_PAGE,
                             .cdw10 = i * 16, .cdw12 = 7};
        h_enqueue(&h, 1, &w);
    }
    h_ring_sq(&h, 1);
    for (int i = 0; i < 32; i++) {
        struct nvme_cqe c;
        CHECK(h_wait(&h, 1, &c));
        CHECK_EQ(c.status >> 1, 0);
    }
    for (uint32_t i = 0; i < 32; i++)
        CHECK(read_back(&h, 1, i * 16, H_PAGE, 512, 40 + i));
    CHECK_EQ(simple(&h, NVME_CMD_FLUSH, 1, 0, 0, 0, 0), 0);
    CHECK_EQ(simple(&h, NVME_CMD_WRITE_ZEROES, 1, 0, 0, 7, 0), 0);
    uint8_t *zeroes = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_COMPARE, 1, 0, 1, (uintptr_t)zeroes, 0), 0);
    h_free(&h, zeroes);
    h_free(&h, buf);
    h_fini(&h);
    unlink(path);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    test_prp_simple();
    test_prp_lists();
    test_prp_refusals();
    test_sgl();
    test_other_commands();
    test_io_refusals();
    file_case(",aio=sync");
    file_case(",aio=uring");
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
