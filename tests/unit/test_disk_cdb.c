/* The disk layer's CDB builders (src/disk/disk_cdb.c): every byte of each CDB
 * against the SBC-4/SPC-5 layout, the choice between the 10- and 16-byte forms at
 * their boundaries, and the requests no CDB can express. */
#include <errno.h>
#include <stdint.h>

#include "disk/disk_cdb.h"
#include "test_disk_util.h"

static void test_read10(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    const uint8_t want[16] = { 0x28, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x08, 0x00 };
    CHECK_EQ(disk_cdb_rw(cdb, false, 0x12345678, 8, false, false), 10);
    CHECK_BYTES(cdb, want, 16);
}

static void test_write10_fua(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    const uint8_t want[16] = { 0x2a, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00, 0xff, 0xff, 0x00 };
    CHECK_EQ(disk_cdb_rw(cdb, true, 16, 0xffff, true, false), 10);
    CHECK_BYTES(cdb, want, 16);
}

static void test_rw16_when_needed(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    /* 65536 blocks do not fit READ(10)'s 16-bit length */
    const uint8_t want_len[16] = { 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00, 0, 0 };
    CHECK_EQ(disk_cdb_rw(cdb, false, 0, 0x10000, false, false), 16);
    CHECK_BYTES(cdb, want_len, 16);
    /* an LBA past 2^32 - 1 */
    const uint8_t want_lba[16] = { 0x8a, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
                                   0x00, 0x00, 0x00, 0x01, 0, 0 };
    CHECK_EQ(disk_cdb_rw(cdb, true, 0x100000002ull, 1, true, false), 16);
    CHECK_BYTES(cdb, want_lba, 16);
    /* a range that starts below 2^32 but ends above it */
    CHECK_EQ(disk_cdb_rw(cdb, false, 0xffffffffull, 2, false, false), 16);
    /* the last block below 2^32 still fits the 10-byte form */
    CHECK_EQ(disk_cdb_rw(cdb, false, 0xffffffffull, 1, false, false), 10);
    CHECK_EQ(disk_cdb_rw(cdb, false, 0, 1, false, true), 16);
}

static void test_rw_zero_blocks(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    CHECK_EQ(disk_cdb_rw(cdb, false, 0, 0, false, false), -EINVAL);
    CHECK_EQ(disk_cdb_write_same16(cdb, 0, 0, false), -EINVAL);
    uint8_t param[DISK_UNMAP_PARAM_BYTES];
    CHECK_EQ(disk_cdb_unmap(cdb, param, 0, 0), -EINVAL);
}

static void test_sync_cache(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    memset(cdb, 0xee, sizeof cdb);
    const uint8_t want10[16] = { 0x35 };
    CHECK_EQ(disk_cdb_sync_cache(cdb, false), 10);
    CHECK_BYTES(cdb, want10, 16);
    const uint8_t want16[16] = { 0x91 };
    CHECK_EQ(disk_cdb_sync_cache(cdb, true), 16);
    CHECK_BYTES(cdb, want16, 16);
}

static void test_unmap(void)
{
    uint8_t cdb[DISK_CDB_BYTES], param[DISK_UNMAP_PARAM_BYTES];
    const uint8_t want_cdb[16] = { 0x42, 0, 0, 0, 0, 0, 0, 0x00, 24, 0 };
    const uint8_t want_param[24] = {
        0x00, 22, 0x00, 16, 0, 0, 0, 0,                     /* header */
        0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89,     /* LBA */
        0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0,                 /* blocks, reserved */
    };
    memset(param, 0xee, sizeof param);
    CHECK_EQ(disk_cdb_unmap(cdb, param, 0x123456789ull, 0x100000), 10);
    CHECK_BYTES(cdb, want_cdb, 16);
    CHECK_BYTES(param, want_param, 24);
}

static void test_write_same(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    const uint8_t want_unmap[16] = { 0x93, 0x08, 0, 0, 0, 0, 0, 0, 0x10, 0x00,
                                     0x00, 0x00, 0x80, 0x00, 0, 0 };
    CHECK_EQ(disk_cdb_write_same16(cdb, 0x1000, 0x8000, true), 16);
    CHECK_BYTES(cdb, want_unmap, 16);
    CHECK_EQ(disk_cdb_write_same16(cdb, 0x1000, 0x8000, false), 16);
    CHECK_EQ(cdb[1], 0x00);
}

static void test_read_capacity(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    const uint8_t want10[16] = { 0x25 };
    CHECK_EQ(disk_cdb_read_capacity10(cdb), 10);
    CHECK_BYTES(cdb, want10, 16);
    const uint8_t want16[16] = { 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x20, 0, 0 };
    CHECK_EQ(disk_cdb_read_capacity16(cdb, 32), 16);
    CHECK_BYTES(cdb, want16, 16);
}

static void test_inquiry(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    const uint8_t want_vpd[16] = { 0x12, 0x01, 0xb0, 0x01, 0x00, 0x00 };
    CHECK_EQ(disk_cdb_inquiry(cdb, true, 0xb0, 256), 6);
    CHECK_BYTES(cdb, want_vpd, 16);
    const uint8_t want_std[16] = { 0x12, 0x00, 0x00, 0x00, 0x60, 0x00 };
    CHECK_EQ(disk_cdb_inquiry(cdb, false, 0, 96), 6);
    CHECK_BYTES(cdb, want_std, 16);
    CHECK_EQ(disk_cdb_inquiry(cdb, false, 0x80, 96), -EINVAL);
}

static void test_mode_sense(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    const uint8_t want10[16] = { 0x5a, 0x08, 0x08, 0x00, 0, 0, 0, 0x01, 0x00, 0x00 };
    CHECK_EQ(disk_cdb_mode_sense(cdb, true, 0x08, 256), 10);
    CHECK_BYTES(cdb, want10, 16);
    const uint8_t want6[16] = { 0x1a, 0x08, 0x08, 0x00, 0xff, 0x00 };
    CHECK_EQ(disk_cdb_mode_sense(cdb, false, 0x08, 255), 6);
    CHECK_BYTES(cdb, want6, 16);
    CHECK_EQ(disk_cdb_mode_sense(cdb, false, 0x08, 256), -EINVAL);
    CHECK_EQ(disk_cdb_mode_sense(cdb, true, 0x40, 16), -EINVAL);
}

static void test_tur_and_request_sense(void)
{
    uint8_t cdb[DISK_CDB_BYTES];
    memset(cdb, 0xee, sizeof cdb);
    const uint8_t want_tur[16] = { 0 };
    CHECK_EQ(disk_cdb_test_unit_ready(cdb), 6);
    CHECK_BYTES(cdb, want_tur, 16);
    const uint8_t want_rs[16] = { 0x03, 0, 0, 0, 18, 0 };
    CHECK_EQ(disk_cdb_request_sense(cdb, 18), 6);
    CHECK_BYTES(cdb, want_rs, 16);
}

int main(void)
{
    RUN(test_read10);
    RUN(test_write10_fua);
    RUN(test_rw16_when_needed);
    RUN(test_rw_zero_blocks);
    RUN(test_sync_cache);
    RUN(test_unmap);
    RUN(test_write_same);
    RUN(test_read_capacity);
    RUN(test_inquiry);
    RUN(test_mode_sense);
    RUN(test_tur_and_request_sense);
    return 0;
}
