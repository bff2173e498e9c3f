/*
 * Every error the ramdisk miniport reports, one CDB each: CHECK CONDITION with
 * 18 bytes of fixed-format sense data in the SRB's sense buffer, the sense key,
 * ASC and ASCQ, and for INVALID FIELD errors the sense-key specific field pointer
 * (C/D, BPV, bit and byte). Also: a short sense buffer gets a truncated copy, a
 * short data buffer is a data overrun, and a rejected UNMAP list changes nothing.
 */
#include <string.h>

#include "rd_test.h"

#define BS 512u
#define BLOCKS (64u * 2048u)           /* ram:64M */
#define MAX_BLOCKS ((1u << 20) / BS)

static struct rdt t;

static struct rdt_result run(const uint8_t *cdb, uint8_t n, int dir, uint32_t len)
{
    return rdt_exec(t.lun, cdb, n, dir, len ? t.buf : NULL, len);
}

static void opcodes(void)
{
    uint8_t cdb[16] = {0x15};            /* MODE SELECT(6): not supported */
    struct rdt_result r = run(cdb, 6, 0, 0);
    rdt_sense(&r, KEY_ILLEGAL, ASC_OPCODE, 0, "MODE SELECT");
    CHECK(r.sense[15] == 0, "no field pointer for an unknown operation code");
    cdb[0] = 0xC0;                       /* vendor specific */
    r = run(cdb, 6, 0, 0);
    rdt_sense(&r, KEY_ILLEGAL, ASC_OPCODE, 0, "vendor opcode");
}

static void control_byte(void)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, 10, false, 0, 1, 0);
    cdb[9] = 0x04;                       /* NACA */
    struct rdt_result r = run(cdb, n, 1, BS);
    rdt_field(&r, true, 9, 2, "NACA");
    cdb[9] = 0x01;                       /* LINK */
    r = run(cdb, n, 1, BS);
    rdt_field(&r, true, 9, 0, "LINK");
    uint8_t tur[6] = {0, 0, 0, 0, 0, 0x04};
    r = run(tur, 6, 0, 0);
    rdt_field(&r, true, 5, 2, "NACA in TEST UNIT READY");
}

static void inquiry_fields(void)
{
    uint8_t cdb[16];
    uint8_t n = cdb_inquiry(cdb, false, 0, 96);
    cdb[1] = 0x02;                       /* CMDDT */
    struct rdt_result r = run(cdb, n, 1, 96);
    rdt_field(&r, true, 1, 1, "CMDDT");
    n = cdb_inquiry(cdb, false, 0x80, 96);
    r = run(cdb, n, 1, 96);
    rdt_field(&r, true, 2, -1, "page code without EVPD");
    n = cdb_inquiry(cdb, true, 0x85, 96);
    r = run(cdb, n, 1, 96);
    rdt_field(&r, true, 2, -1, "unsupported VPD page");
}

static void read_write_fields(void)
{
    uint8_t cdb[16];
    static const struct { int size; uint16_t byte; } length_field[] = {{10, 7}, {12, 6}, {16, 10}};
    for (int i = 0; i < 3; i++) {
        int size = length_field[i].size;
        uint8_t n = cdb_rw(cdb, size, false, 0, 1, 0x20);   /* RDPROTECT 001b */
        struct rdt_result r = run(cdb, n, 1, BS);
        rdt_field(&r, true, 1, 7, "RDPROTECT");
        n = cdb_rw(cdb, size, true, 0, 1, 0x40);            /* WRPROTECT 010b */
        r = run(cdb, n, 2, BS);
        rdt_field(&r, true, 1, 7, "WRPROTECT");
        n = cdb_rw(cdb, size, false, 0, MAX_BLOCKS + 1, 0);
        r = run(cdb, n, 1, BS);
        rdt_field(&r, true, length_field[i].byte, -1, "transfer length above the block limits");
    }
}

static void lba_ranges(void)
{
    uint8_t cdb[16];
    for (int size = 10; size <= 16; size += (size == 10 ? 2 : 4)) {
        uint8_t n = cdb_rw(cdb, size, false, BLOCKS - 1, 2, 0);
        struct rdt_result r = run(cdb, n, 1, 2 * BS);
        rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "read past the end");
        n = cdb_rw(cdb, size, true, BLOCKS, 1, 0);
        r = run(cdb, n, 2, BS);
        rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "write at the capacity");
    }
    uint8_t n = cdb_rw(cdb, 16, false, ~0ull, 2, 0);     /* LBA + length wraps */
    struct rdt_result r = run(cdb, n, 1, 2 * BS);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "wrapping LBA");
    n = cdb_rw(cdb, 10, false, BLOCKS + 1, 0, 0);        /* no blocks, but past the end */
    r = run(cdb, n, 0, 0);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "zero-length read past the end");
    n = cdb_verify(cdb, 16, BLOCKS - 4, 5, 0);
    r = run(cdb, n, 0, 0);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "VERIFY past the end");
    n = cdb_sync(cdb, 10, BLOCKS, 1);
    r = run(cdb, n, 0, 0);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "SYNCHRONIZE CACHE past the end");
    memset(cdb, 0, 16);
    cdb[0] = 0x9E;
    cdb[1] = 0x12;                        /* GET LBA STATUS */
    put_be64(cdb + 2, BLOCKS);
    put_be32(cdb + 10, 64);
    r = run(cdb, 16, 1, 64);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "GET LBA STATUS at the capacity");
}

static void capacity_fields(void)
{
    uint8_t cdb[16] = {0x25, 0, 0, 0, 0, 1};             /* an LBA without PMI */
    struct rdt_result r = run(cdb, 10, 1, 8);
    rdt_field(&r, true, 2, -1, "READ CAPACITY(10) LBA without PMI");
    uint8_t n = cdb_capacity16(cdb, 32);
    cdb[9] = 1;
    r = run(cdb, n, 1, 32);
    rdt_field(&r, true, 2, -1, "READ CAPACITY(16) LBA without PMI");
    n = cdb_capacity16(cdb, 32);
    cdb[1] = 0x11;                        /* a service action not supported */
    r = run(cdb, n, 1, 32);
    rdt_field(&r, true, 1, 4, "SERVICE ACTION IN(16) 11h");
}

static void mode_sense_fields(void)
{
    uint8_t cdb[16];
    for (int size = 6; size <= 10; size += 4) {
        uint8_t n = cdb_mode_sense(cdb, size, 0xC0 | 0x08, 0, 0, 255);   /* saved values */
        struct rdt_result r = run(cdb, n, 1, 255);
        rdt_sense(&r, KEY_ILLEGAL, ASC_SAVING, 0, "saved values");
        n = cdb_mode_sense(cdb, size, 0x1C, 0, 0, 255);
        r = run(cdb, n, 1, 255);
        rdt_field(&r, true, 2, 5, "unsupported mode page");
        n = cdb_mode_sense(cdb, size, 0x08, 0x01, 0, 255);
        r = run(cdb, n, 1, 255);
        rdt_field(&r, true, 3, -1, "subpage of the caching page");
        n = cdb_mode_sense(cdb, size, 0x08, 0xFF, 0, 255);
        r = run(cdb, n, 1, 255);
        rdt_field(&r, true, 3, -1, "all subpages of one page");
    }
}

static void misc_fields(void)
{
    uint8_t cdb[16];
    uint8_t n = cdb_report_luns(cdb, 0x03, 256);
    struct rdt_result r = run(cdb, n, 1, 256);
    rdt_field(&r, true, 2, -1, "REPORT LUNS select report 03h");
    uint8_t rs[6] = {0x03, 0x01, 0, 0, 18, 0};           /* descriptor format */
    r = run(rs, 6, 1, 18);
    rdt_field(&r, true, 1, 0, "REQUEST SENSE DESC");
    n = cdb_verify(cdb, 10, 0, 1, 2);                    /* BYTCHK 10b is reserved */
    r = run(cdb, n, 2, BS);
    rdt_field(&r, true, 1, 2, "BYTCHK 10b");
    n = cdb_verify(cdb, 16, 0, 1, 0);
    cdb[1] |= 0x60;
    r = run(cdb, n, 0, 0);
    rdt_field(&r, true, 1, 7, "VRPROTECT");
}

static void write_same_fields(void)
{
    uint8_t cdb[16];
    memset(t.buf, 0, BS);
    uint8_t n = cdb_write_same(cdb, 16, 0, 0, 0);
    struct rdt_result r = run(cdb, n, 2, BS);
    rdt_field(&r, true, 10, -1, "WRITE SAME(16) of no blocks (WSNZ)");
    n = cdb_write_same(cdb, 10, 0, 0, 0);
    r = run(cdb, n, 2, BS);
    rdt_field(&r, true, 7, -1, "WRITE SAME(10) of no blocks");
    n = cdb_write_same(cdb, 16, 0, 8, 0x10);             /* ANCHOR */
    r = run(cdb, n, 2, BS);
    rdt_field(&r, true, 1, 4, "WRITE SAME ANCHOR");
    n = cdb_write_same(cdb, 16, 0, 0x800001, 0x08);      /* above the maximum length */
    r = run(cdb, n, 2, BS);
    rdt_field(&r, true, 10, -1, "WRITE SAME longer than the maximum");
    n = cdb_write_same(cdb, 16, BLOCKS - 2, 4, 0);
    r = run(cdb, n, 2, BS);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "WRITE SAME past the end");
    n = cdb_write_same(cdb, 10, 0, 4, 0x20);
    r = run(cdb, n, 2, BS);
    rdt_field(&r, true, 1, 7, "WRITE SAME WRPROTECT");
}

static void unmap_fields(void)
{
    uint8_t cdb[16];
    uint64_t lba[2] = {0, BLOCKS - 1};
    uint32_t blocks[2] = {8, 2};
    uint16_t len = unmap_list(t.buf, lba, blocks, 1);
    uint8_t n = cdb_unmap(cdb, len, 0x01);               /* ANCHOR */
    struct rdt_result r = run(cdb, n, 2, len);
    rdt_field(&r, true, 1, 0, "UNMAP ANCHOR");
    n = cdb_unmap(cdb, 4, 0);
    r = run(cdb, n, 2, 4);
    rdt_sense(&r, KEY_ILLEGAL, ASC_PARAM_LENGTH, 0, "UNMAP list of 4 bytes");
    n = cdb_unmap(cdb, len, 0);
    r = run(cdb, n, 2, len - 1);
    rdt_sense(&r, KEY_ILLEGAL, ASC_PARAM_LENGTH, 0, "UNMAP list longer than the data");
    t.buf[1] = (uint8_t)(len + 10);                      /* UNMAP DATA LENGTH too long */
    r = run(cdb, n, 2, len);
    rdt_field(&r, false, 0, -1, "UNMAP DATA LENGTH beyond the list");
    len = unmap_list(t.buf, lba, blocks, 1);
    t.buf[3] = 32;                                       /* two descriptors claimed */
    r = run(cdb, n, 2, len);
    rdt_field(&r, false, 2, -1, "descriptor length beyond the list");
}

static void unmap_limits(void)
{
    uint8_t cdb[16];
    static uint64_t lba[257];
    static uint32_t blocks[257];
    for (int i = 0; i < 257; i++) {
        lba[i] = (uint64_t)i * 8;
        blocks[i] = 8;
    }
    uint16_t len = unmap_list(t.buf, lba, blocks, 257);
    uint8_t n = cdb_unmap(cdb, len, 0);
    struct rdt_result r = run(cdb, n, 2, len);
    rdt_field(&r, false, 2, -1, "257 UNMAP descriptors");
    struct rdt big;                                       /* room for 8 Mi blocks */
    rdt_open(&big, "disk0=ram:8G");
    lba[0] = 0; blocks[0] = 0x400000;
    lba[1] = 0x400000; blocks[1] = 0x400001;             /* 8 Mi + 1 blocks in all */
    len = unmap_list(big.buf, lba, blocks, 2);
    n = cdb_unmap(cdb, len, 0);
    r = rdt_exec(big.lun, cdb, n, 2, big.buf, len);
    rdt_field(&r, false, 8 + 16 + 8, -1, "UNMAP of more than the maximum LBA count");
    n = cdb_write_same(cdb, 16, 0, 0x800001, 0x08);
    r = rdt_exec(big.lun, cdb, n, 2, big.buf, BS);
    rdt_field(&r, true, 10, -1, "WRITE SAME longer than the maximum");
    rdt_close(&big);
}

/* The list is checked whole: a bad last descriptor leaves the first one undone. */
static void unmap_atomic(void)
{
    uint8_t cdb[16];
    fill_pattern(t.buf2, 8 * BS, 5);
    uint8_t n = cdb_rw(cdb, 10, true, 64, 8, 0);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, 2, t.buf2, 8 * BS);
    rdt_good(&r, "write before UNMAP");
    uint64_t lba[2] = {64, BLOCKS - 1};
    uint32_t blocks[2] = {8, 2};
    uint16_t len = unmap_list(t.buf, lba, blocks, 2);
    n = cdb_unmap(cdb, len, 0);
    r = run(cdb, n, 2, len);
    rdt_sense(&r, KEY_ILLEGAL, ASC_LBA_RANGE, 0, "UNMAP descriptor past the end");
    n = cdb_rw(cdb, 10, false, 64, 8, 0);
    r = rdt_exec(t.lun, cdb, n, 1, t.buf, 8 * BS);
    rdt_good(&r, "read after a refused UNMAP");
    CHECK(!memcmp(t.buf, t.buf2, 8 * BS), "a refused UNMAP deallocated blocks");
}

static void buffers(void)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, 10, false, 0, 4, 0);
    struct rdt_result r = run(cdb, n, 1, 3 * BS);
    CHECK(r.srb_status == RDT_SRB_DATA_OVERRUN && r.transferred == 0,
          "short buffer: SRB status 0x%02x, %u bytes", r.srb_status, r.transferred);
    n = cdb_inquiry(cdb, true, 0x99, 64);
    r = rdt_exec_sense(t.lun, cdb, n, 1, t.buf, 64, 8);
    CHECK(r.srb_status == RDT_SRB_ERROR && r.scsi_status == RDT_CHECK_CONDITION &&
          r.sense_valid == 8 && r.sense[0] == 0x70 && (r.sense[2] & 0xF) == KEY_ILLEGAL &&
          r.sense[8] == 0xEE, "an 8-byte sense buffer: %u bytes", r.sense_valid);
    r = rdt_exec_sense(t.lun, cdb, n, 1, t.buf, 64, 0);
    CHECK(r.srb_status == RDT_SRB_ERROR && r.scsi_status == RDT_CHECK_CONDITION &&
          r.sense_valid == 0, "no sense buffer: %u bytes", r.sense_valid);
    n = cdb_rw(cdb, 16, false, 0, 1, 0);
    r = rdt_exec(t.lun, cdb, 10, 1, t.buf, BS);          /* READ(16) in 10 bytes */
    CHECK(r.srb_status == RDT_SRB_INVALID_REQUEST, "truncated CDB: 0x%02x", r.srb_status);
}

static void read_only(void)
{
    struct rdt ro;
    uint8_t cdb[16];
    rdt_open(&ro, "disk0=ram:1M,ro");
    memset(ro.buf, 0, 4096);
    uint8_t n = cdb_rw(cdb, 10, true, 0, 1, 0);
    struct rdt_result r = rdt_exec(ro.lun, cdb, n, 2, ro.buf, BS);
    rdt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "write to a read-only unit");
    n = cdb_write_same(cdb, 16, 0, 1, 0x08);
    r = rdt_exec(ro.lun, cdb, n, 2, ro.buf, BS);
    rdt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "WRITE SAME to a read-only unit");
    uint64_t lba = 0;
    uint32_t blocks = 1;
    uint16_t len = unmap_list(ro.buf, &lba, &blocks, 1);
    n = cdb_unmap(cdb, len, 0);
    r = rdt_exec(ro.lun, cdb, n, 2, ro.buf, len);
    rdt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "UNMAP of a read-only unit");
    n = cdb_rw(cdb, 10, false, 0, 1, 0);
    r = rdt_exec(ro.lun, cdb, n, 1, ro.buf, BS);
    rdt_good(&r, "read of a read-only unit");
    rdt_close(&ro);
}

static void miscompare(void)
{
    uint8_t cdb[16];
    fill_pattern(t.buf, 4 * BS, 11);
    uint8_t n = cdb_rw(cdb, 10, true, 500, 4, 0);
    struct rdt_result r = run(cdb, n, 2, 4 * BS);
    rdt_good(&r, "write before VERIFY");
    t.buf[3 * BS + 17] ^= 0x40;
    n = cdb_verify(cdb, 10, 500, 4, 1);
    r = run(cdb, n, 2, 4 * BS);
    rdt_sense(&r, KEY_MISCOMPARE, ASC_MISCOMPARE, 0, "VERIFY of different data");
    CHECK((r.sense[0] & 0x80) && be32(r.sense + 3) == 3 * BS + 17,
          "miscompare offset %u (valid %d)", be32(r.sense + 3), r.sense[0] >> 7);
}

int main(void)
{
    rdt_open(&t, "disk0=ram:64M");
    opcodes();
    control_byte();
    inquiry_fields();
    read_write_fields();
    lba_ranges();
    capacity_fields();
    mode_sense_fields();
    misc_fields();
    write_same_fields();
    unmap_fields();
    unmap_limits();
    unmap_atomic();
    buffers();
    miscompare();
    rdt_close(&t);
    read_only();
    printf("ok\n");
    return 0;
}
