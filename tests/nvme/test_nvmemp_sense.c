/* The NVMe miniport's errors: each bad request gets CHECK CONDITION with the sense
 * key, ASC/ASCQ (and field pointer or INFORMATION) the SCSI translation calls for, or
 * the SRB status a short buffer gets. Namespaces: 1 MiB of 512-byte blocks, 1 MiB
 * read-only. */
#include "nvt.h"

#include <string.h>

static struct nvt t;
static struct ustor_lun *rw, *ro;

static void field(const struct nvt_result *r, bool in_cdb, uint16_t byte, int bit, const char *what)
{
    nvt_sense(r, KEY_ILLEGAL, in_cdb ? ASC_CDB_FIELD : ASC_PARAM_FIELD, 0, what);
    uint8_t sks = (uint8_t)(0x80 | (in_cdb ? 0x40 : 0) | (bit >= 0 ? 0x08 | bit : 0));
    CHECK(r->sense[15] == sks && be16(r->sense + 16) == byte, "%s: field pointer %02x %u, "
          "expected %02x %u", what, r->sense[15], be16(r->sense + 16), sks, byte);
}

static void range_errors(void)
{
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(rw, cdb, cdb_rw(cdb, 10, false, 2048, 1, 0), 1, t.buf, 512);
    nvt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "READ(10) past the end");
    CHECK((r.sense[0] & 0x80) && be32(r.sense + 3) == 2048, "INFORMATION holds the LBA");
    r = nvt_exec(rw, cdb, cdb_rw(cdb, 16, true, 2040, 16, 0), 2, t.buf, 8192);
    nvt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "WRITE(16) across the end");
    r = nvt_exec(rw, cdb, cdb_sync(cdb, 16, 4096, 1), 0, NULL, 0);
    nvt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "SYNCHRONIZE CACHE(16) past the end");
    r = nvt_exec(rw, cdb, cdb_verify(cdb, 16, (uint64_t)1 << 40, 1, 0), 0, NULL, 0);
    nvt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "VERIFY(16) far away");
    CHECK(!(r.sense[0] & 0x80), "an LBA beyond 32 bits is not in INFORMATION");
}

static void cdb_fields(void)
{
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(rw, cdb, cdb_rw(cdb, 10, false, 0, 1, 0x20), 1, t.buf, 512);
    field(&r, true, 1, 7, "RDPROTECT");
    r = nvt_exec(rw, cdb, cdb_verify(cdb, 10, 0, 1, 3), 0, NULL, 0);
    field(&r, true, 1, 2, "VERIFY BYTCHK 11b");
    r = nvt_exec(rw, cdb, cdb_inquiry(cdb, false, 0x80, 255), 1, t.buf, 255);
    field(&r, true, 2, -1, "INQUIRY page without EVPD");
    r = nvt_exec(rw, cdb, cdb_inquiry(cdb, true, 0x99, 255), 1, t.buf, 255);
    field(&r, true, 2, -1, "INQUIRY of an unknown VPD page");
    r = nvt_exec(rw, cdb, cdb_report_luns(cdb, 0, 8), 1, t.buf, 8);
    field(&r, true, 6, -1, "REPORT LUNS with 8 bytes");
    r = nvt_exec(rw, cdb, cdb_report_luns(cdb, 0x10, 255), 1, t.buf, 255);
    field(&r, true, 2, -1, "REPORT LUNS select 10h");
    r = nvt_exec(rw, cdb, cdb_mode_sense(cdb, 10, 0x1C, 0, 0, 255), 1, t.buf, 255);
    field(&r, true, 2, 5, "MODE SENSE of an unknown page");
    r = nvt_exec(rw, cdb, cdb_mode_sense(cdb, 6, 0xC8, 0, 0, 255), 1, t.buf, 255);
    nvt_sense(&r, KEY_ILLEGAL, ASC_SAVING, 0, "MODE SENSE of saved values");
}

static void opcodes(void)
{
    uint8_t cdb[16] = {0xC0};
    struct nvt_result r = nvt_exec(rw, cdb, 10, 0, NULL, 0);
    nvt_sense(&r, KEY_ILLEGAL, ASC_OPCODE, 0, "vendor opcode");
    memset(cdb, 0, sizeof cdb);
    cdb[0] = 0x9E;
    cdb[1] = 0x12;                       /* GET LBA STATUS */
    r = nvt_exec(rw, cdb, 16, 1, t.buf, 32);
    field(&r, true, 1, 4, "SERVICE ACTION IN other than READ CAPACITY(16)");
}

static void write_protect(void)
{
    uint8_t cdb[16];
    uint64_t lba = 0;
    uint32_t n = 8;
    struct nvt_result r = nvt_exec(ro, cdb, cdb_rw(cdb, 10, true, 0, 1, 0), 2, t.buf, 512);
    nvt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "WRITE to a read-only namespace");
    uint16_t len = unmap_list(t.buf, &lba, &n, 1);
    r = nvt_exec(ro, cdb, cdb_unmap(cdb, len, 0), 2, t.buf, len);
    nvt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "UNMAP of a read-only namespace");
    r = nvt_exec(ro, cdb, cdb_write_same(cdb, 16, 0, 8, 0x01), 0, NULL, 0);
    nvt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "WRITE SAME on a read-only namespace");
}

static void unmap_lists(void)
{
    uint8_t cdb[16];
    uint64_t lba[2] = {0, 2040};
    uint32_t n[2] = {8, 16};
    uint16_t len = unmap_list(t.buf, lba, n, 2);
    struct nvt_result r = nvt_exec(rw, cdb, cdb_unmap(cdb, 4, 0), 2, t.buf, 4);
    nvt_sense(&r, KEY_ILLEGAL, ASC_PARAM_LENGTH, 0, "UNMAP list of 4 bytes");
    r = nvt_exec(rw, cdb, cdb_unmap(cdb, len, 0), 2, t.buf, len);
    nvt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "UNMAP past the end");
    cdb_unmap(cdb, len, 0);
    cdb[1] = 0x01;
    r = nvt_exec(rw, cdb, 10, 2, t.buf, len);
    field(&r, true, 1, 0, "UNMAP ANCHOR");
    len = unmap_list(t.buf, lba, n, 1);
    put_be16(t.buf + 2, 12);
    r = nvt_exec(rw, cdb, cdb_unmap(cdb, len, 0), 2, t.buf, len);
    field(&r, false, 2, -1, "UNMAP block descriptor length not a multiple of 16");
    static uint64_t many_lba[257];
    static uint32_t many_n[257];
    for (unsigned i = 0; i < 257; i++)
        many_lba[i] = i, many_n[i] = 1;
    len = unmap_list(t.buf, many_lba, many_n, 257);
    r = nvt_exec(rw, cdb, cdb_unmap(cdb, len, 0), 2, t.buf, len);
    field(&r, false, 2, -1, "UNMAP with 257 descriptors");
}

static void write_same(void)
{
    uint8_t cdb[16];
    fill_pattern(t.buf, 512, 9);
    struct nvt_result r = nvt_exec(rw, cdb, cdb_write_same(cdb, 16, 0, 8, 0), 2, t.buf, 512);
    field(&r, false, 0, -1, "WRITE SAME of non-zero data");
    memset(t.buf, 0, 512);
    r = nvt_exec(rw, cdb, cdb_write_same(cdb, 16, 0, 0, 0), 2, t.buf, 512);
    field(&r, true, 10, -1, "WRITE SAME of 0 blocks (WSNZ)");
    r = nvt_exec(rw, cdb, cdb_write_same(cdb, 16, 0, 65537, 0), 2, t.buf, 512);
    field(&r, true, 10, -1, "WRITE SAME beyond its maximum");
    r = nvt_exec(rw, cdb, cdb_write_same(cdb, 10, 0, 8, 0x10), 2, t.buf, 512);
    field(&r, true, 1, 4, "WRITE SAME(10) ANCHOR");
}

static void short_buffers(void)
{
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(rw, cdb, cdb_rw(cdb, 10, false, 0, 8, 0), 1, t.buf, 4095);
    CHECK(r.srb_status == SRB_OVERRUN && r.transferred == 0, "short READ buffer: SRB 0x%02x, %u",
          r.srb_status, r.transferred);
    r = nvt_exec(rw, cdb, cdb_verify(cdb, 10, 0, 8, 1), 2, t.buf, 512);
    CHECK(r.srb_status == SRB_OVERRUN, "short VERIFY buffer: SRB 0x%02x", r.srb_status);
}

static void mode_select_errors(void)
{
    uint8_t cdb[16] = {0x15, 0x11, 0, 0, 24};
    memset(t.buf, 0, 24);
    t.buf[4] = 0x08;
    t.buf[5] = 0x12;
    struct nvt_result r = nvt_exec(rw, cdb, 6, 2, t.buf, 24);
    field(&r, true, 1, 0, "MODE SELECT with SP");
    cdb[1] = 0x10;
    t.buf[5] = 0x0A;
    r = nvt_exec(rw, cdb, 6, 2, t.buf, 24);
    field(&r, false, 4, -1, "MODE SELECT of a caching page of the wrong length");
    t.buf[4] = 0x1C;
    r = nvt_exec(rw, cdb, 6, 2, t.buf, 24);
    field(&r, false, 4, -1, "MODE SELECT of a page that cannot be changed");
}

int main(void)
{
    struct nvt_config cfg = {.ns_spec = {"ram:1M", "ram:1M,ro"}};
    nvt_open(&t, &cfg);
    rw = nvt_lun(&t, 0);
    ro = nvt_lun(&t, 1);
    range_errors();
    cdb_fields();
    opcodes();
    write_protect();
    unmap_lists();
    write_same();
    short_buffers();
    mode_select_errors();
    nvt_close(&t);
    printf("ok\n");
    return 0;
}
