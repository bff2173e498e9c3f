/*
 * The ramdisk miniport's commands beyond plain reads and writes: UNMAP (several
 * descriptors, read back as zeroes, reported deallocated by GET LBA STATUS),
 * WRITE SAME (10/16) of a pattern, of zeroes with and without UNMAP, with NDOB,
 * VERIFY (BYTCHK 00b, 01b, 11b), SYNCHRONIZE CACHE (10/16), TEST UNIT READY,
 * START STOP UNIT, REQUEST SENSE, REPORT LUNS on a unit set with gaps, and the
 * SRB functions FLUSH, SHUTDOWN, RESET_*, PNP and POWER.
 */
#include <string.h>

#include "rd_test.h"

#define BS 512u

static struct rdt t;

static void write_blocks(uint64_t lba, uint32_t blocks, const uint8_t *data)
{
    uint8_t cdb[16];
    memcpy(t.buf2, data, blocks * BS);
    uint8_t n = cdb_rw(cdb, 16, true, lba, blocks, 0);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf2, blocks * BS);
    rdt_good(&r, "write");
}

static uint8_t *read_blocks(uint64_t lba, uint32_t blocks)
{
    uint8_t cdb[16];
    memset(t.buf2, 0xCC, blocks * BS);
    uint8_t n = cdb_rw(cdb, 16, false, lba, blocks, 0);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_IN, t.buf2, blocks * BS);
    rdt_good(&r, "read");
    return t.buf2;
}

/* GET LBA STATUS at LBA: the first descriptor's block count and status. */
static void lba_status(uint64_t lba, uint32_t *blocks, uint8_t *status)
{
    uint8_t cdb[16] = {0x9E, 0x12};
    put_be64(cdb + 2, lba);
    put_be32(cdb + 10, 256);
    struct rdt_result r = rdt_exec(t.lun, cdb, 16, USTOR_DATA_IN, t.buf, 256);
    rdt_good(&r, "GET LBA STATUS");
    CHECK(be32(t.buf) >= 20 && (be32(t.buf) - 4) % 16 == 0 && be64(t.buf + 8) == lba,
          "LBA status header %u, first LBA %llu", be32(t.buf),
          (unsigned long long)be64(t.buf + 8));
    *blocks = be32(t.buf + 16);
    *status = t.buf[20] & 0x0F;
}

static void unmap_reads_zero(void)
{
    static uint8_t data[64 * BS];
    uint8_t cdb[16];
    fill_pattern(data, sizeof data, 3);
    write_blocks(8192, 64, data);
    uint32_t blocks;
    uint8_t status;
    lba_status(8192, &blocks, &status);
    CHECK(status == 0 && blocks >= 64, "written blocks are mapped (%u, %u)", status, blocks);
    uint64_t lba[3] = {8192, 8200, 8240};
    uint32_t count[3] = {8, 0, 16};       /* a descriptor without blocks is no error */
    uint16_t len = unmap_list(t.buf, lba, count, 3);
    uint8_t n = cdb_unmap(cdb, len, 0);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, len);
    rdt_good(&r, "UNMAP");
    const uint8_t *b = read_blocks(8192, 64);
    CHECK(all_zero(b, 8 * BS), "unmapped blocks read as zeroes (LBPRZ)");
    CHECK(!memcmp(b + 8 * BS, data + 8 * BS, 40 * BS), "blocks between descriptors kept");
    CHECK(all_zero(b + 48 * BS, 16 * BS), "second descriptor's blocks read as zeroes");
    lba_status(8192, &blocks, &status);
    CHECK(status == 1 && blocks == 8, "the first unmapped page is deallocated (%u, %u)", status,
          blocks);
    n = cdb_unmap(cdb, 0, 0);
    r = rdt_exec(t.lun, cdb, n, USTOR_DATA_NONE, NULL, 0);
    rdt_good(&r, "UNMAP with no parameter list");
}

static void write_same(void)
{
    uint8_t cdb[16];
    static uint8_t block[BS];
    fill_pattern(block, BS, 9);
    memcpy(t.buf, block, BS);
    uint8_t n = cdb_write_same(cdb, 16, 300, 100, 0);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, BS);
    rdt_good(&r, "WRITE SAME(16) of a pattern");
    const uint8_t *b = read_blocks(299, 102);
    CHECK(all_zero(b, BS) && all_zero(b + 101 * BS, BS), "WRITE SAME stayed in its range");
    for (uint32_t i = 1; i <= 100; i++)
        CHECK(!memcmp(b + i * BS, block, BS), "block %u of WRITE SAME", i);
    memset(t.buf, 0, BS);
    n = cdb_write_same(cdb, 10, 310, 20, 0x08);           /* zeroes, may deallocate */
    r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, BS);
    rdt_good(&r, "WRITE SAME(10) UNMAP");
    n = cdb_write_same(cdb, 16, 340, 10, 0);              /* zeroes, stay mapped */
    r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, BS);
    rdt_good(&r, "WRITE SAME(16) of zeroes");
    n = cdb_write_same(cdb, 16, 360, 5, 0x08 | 0x01);     /* NDOB */
    r = rdt_exec(t.lun, cdb, n, USTOR_DATA_NONE, NULL, 0);
    rdt_good(&r, "WRITE SAME(16) NDOB");
    b = read_blocks(300, 100);
    for (uint32_t i = 0; i < 100; i++) {
        bool zero = (i >= 10 && i < 30) || (i >= 40 && i < 50) || (i >= 60 && i < 65);
        CHECK(zero ? all_zero(b + i * BS, BS) : !memcmp(b + i * BS, block, BS),
              "block %u after the zeroing WRITE SAMEs", 300 + i);
    }
}

static void verify(void)
{
    uint8_t cdb[16];
    static uint8_t data[300 * BS];
    fill_pattern(data, sizeof data, 21);
    write_blocks(1000, 300, data);
    for (int size = 10; size <= 16; size += (size == 10 ? 2 : 4)) {
        uint8_t n = cdb_verify(cdb, size, 1000, 300, 0);
        struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_NONE, NULL, 0);
        rdt_good(&r, "VERIFY BYTCHK 0");
        memcpy(t.buf, data, sizeof data);
        n = cdb_verify(cdb, size, 1000, 300, 1);           /* more than one scratch chunk */
        r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, sizeof data);
        rdt_good(&r, "VERIFY BYTCHK 01b of equal data");
    }
    memset(t.buf, 0x6B, BS);
    uint8_t n = cdb_write_same(cdb, 16, 2000, 40, 0);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, BS);
    rdt_good(&r, "WRITE SAME before VERIFY 11b");
    n = cdb_verify(cdb, 16, 2000, 40, 3);
    r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, BS);
    rdt_good(&r, "VERIFY BYTCHK 11b of the same block");
    n = cdb_verify(cdb, 16, 2000, 41, 3);
    r = rdt_exec(t.lun, cdb, n, USTOR_DATA_OUT, t.buf, BS);
    rdt_sense(&r, KEY_MISCOMPARE, ASC_MISCOMPARE, 0, "VERIFY 11b over a different block");
}

static void no_data_commands(void)
{
    uint8_t cdb[16];
    for (int size = 10; size <= 16; size += 6) {
        uint8_t n = cdb_sync(cdb, size, 0, 0);
        struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_NONE, NULL, 0);
        rdt_good(&r, "SYNCHRONIZE CACHE of everything");
        n = cdb_sync(cdb, size, 100, 10);
        cdb[1] = 0x02;                                    /* IMMED */
        r = rdt_exec(t.lun, cdb, n, USTOR_DATA_NONE, NULL, 0);
        rdt_good(&r, "SYNCHRONIZE CACHE of a range");
    }
    uint8_t tur[6] = {0};
    struct rdt_result r = rdt_exec(t.lun, tur, 6, USTOR_DATA_NONE, NULL, 0);
    rdt_good(&r, "TEST UNIT READY");
    uint8_t ssu[6] = {0x1B, 0, 0, 0, 0x01, 0};
    r = rdt_exec(t.lun, ssu, 6, USTOR_DATA_NONE, NULL, 0);
    rdt_good(&r, "START STOP UNIT");
    uint8_t rs[6] = {0x03, 0, 0, 0, 252, 0};
    r = rdt_exec(t.lun, rs, 6, USTOR_DATA_IN, t.buf, 252);
    rdt_good(&r, "REQUEST SENSE");
    CHECK(r.transferred == 18 && t.buf[0] == 0x70 && (t.buf[2] & 0xF) == 0 && t.buf[12] == 0,
          "REQUEST SENSE: no sense pending");
}

static void functions(void)
{
    static const struct { uint8_t function; uint32_t arg; const char *name; } ok[] = {
        {0x08, 0, "FLUSH"}, {0x07, 0, "SHUTDOWN"}, {0x20, 0, "RESET_LOGICAL_UNIT"},
        {0x13, 0, "RESET_DEVICE"}, {0x12, 0, "RESET_BUS"}, {0x25, 0x9, "PNP capabilities"},
        {0x25, 0x17, "PNP surprise removal"}, {0x24, 4, "POWER D3"}, {0x24, 1, "POWER D0"},
    };
    for (unsigned i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct rdt_result r = rdt_function(t.lun, ok[i].function, ok[i].arg);
        CHECK(r.rc == 0 && r.srb_status == RDT_SRB_SUCCESS, "%s: rc %d status 0x%02x",
              ok[i].name, r.rc, r.srb_status);
    }
    struct rdt_result r = rdt_function(t.lun, 0x25, 0x3);   /* a PnP action not known */
    CHECK(r.srb_status == RDT_SRB_INVALID_REQUEST, "unknown PnP action: 0x%02x", r.srb_status);
    r = rdt_function(t.lun, 0x10, 0);                        /* ABORT_COMMAND */
    CHECK(r.srb_status == RDT_SRB_INVALID_REQUEST, "ABORT_COMMAND: 0x%02x", r.srb_status);
}

/* Units 1, 4 and 7 (no unit 0): REPORT LUNS lists them, each has its own data. */
static void sparse_units(void)
{
    struct rdt m;
    uint8_t cdb[16];
    rdt_open(&m, "disk1=ram:1M;disk4=ram:2M;ram:3M,bs=4096");
    struct ustor_lun_info info[8];
    CHECK(ustor_adapter_luns(m.adapter, info, 8) == 3, "three units");
    uint8_t n = cdb_report_luns(cdb, 0, 256);
    struct rdt_result r = rdt_exec(rdt_lun(&m, 4), cdb, n, USTOR_DATA_IN, m.buf, 256);
    rdt_good(&r, "REPORT LUNS");
    CHECK(be32(m.buf) == 24 && m.buf[9] == 1 && m.buf[17] == 4 && m.buf[25] == 5,
          "LUN list: %u bytes, %u %u %u", be32(m.buf), m.buf[9], m.buf[17], m.buf[25]);
    n = cdb_report_luns(cdb, 1, 256);                        /* well-known only: none */
    r = rdt_exec(rdt_lun(&m, 1), cdb, n, USTOR_DATA_IN, m.buf, 256);
    CHECK(r.rc == 0 && be32(m.buf) == 0 && r.transferred == 8, "no well-known LUNs");
    static const struct { uint8_t lun; uint64_t blocks; uint32_t bs; } want[] = {
        {1, 2048, 512}, {4, 4096, 512}, {5, 768, 4096}};
    for (int i = 0; i < 3; i++) {
        n = cdb_capacity16(cdb, 32);
        r = rdt_exec(rdt_lun(&m, want[i].lun), cdb, n, USTOR_DATA_IN, m.buf, 32);
        rdt_good(&r, "capacity of a unit");
        CHECK(be64(m.buf) + 1 == want[i].blocks && be32(m.buf + 8) == want[i].bs,
              "unit %u: %llu blocks of %u", want[i].lun, (unsigned long long)be64(m.buf) + 1,
              be32(m.buf + 8));
    }
    rdt_close(&m);
}

int main(void)
{
    rdt_open(&t, "disk0=ram:16M");
    unmap_reads_zero();
    write_same();
    verify();
    no_data_commands();
    functions();
    rdt_close(&t);
    sparse_units();
    printf("ok\n");
    return 0;
}
