/* Decoding probe answers (src/disk/disk_parse.c): READ CAPACITY 10/16, VPD pages
 * 0x00, 0x80, 0xB0, 0xB1, 0xB2, MODE SENSE 6/10 with the caching page, and the
 * refusal of answers too short for what is read from them. */
#include <errno.h>
#include <stdint.h>

#include "disk/disk_parse.h"
#include "test_disk_util.h"

static void test_capacity(void)
{
    struct disk_capacity c;
    const uint8_t rc10[8] = { 0x00, 0x1f, 0xff, 0xff, 0x00, 0x00, 0x02, 0x00 };
    CHECK_EQ(disk_parse_capacity10(rc10, 8, &c), 0);
    CHECK_EQ(c.blocks, 0x200000);
    CHECK_EQ(c.block_size, 512);
    CHECK_EQ(disk_parse_capacity10(rc10, 7, &c), -EINVAL);
    const uint8_t big[8] = { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x10, 0x00 };
    CHECK_EQ(disk_parse_capacity10(big, 8, &c), -EOVERFLOW);
    const uint8_t odd[8] = { 0, 0, 0, 1, 0x00, 0x00, 0x02, 0x08 };
    CHECK_EQ(disk_parse_capacity10(odd, 8, &c), -EINVAL);

    uint8_t rc16[32] = { 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,    /* last LBA 2^32 */
                         0x00, 0x00, 0x02, 0x00, 0x00, 0x03, 0xc0, 0x00 };
    CHECK_EQ(disk_parse_capacity16(rc16, 32, &c), 0);
    CHECK_EQ(c.blocks, 0x100000001ull);
    CHECK_EQ(c.physical_exponent, 3);
    CHECK(c.lbpme);
    CHECK(c.lbprz);
    CHECK_EQ(disk_parse_capacity16(rc16, 12, &c), 0);   /* flags need byte 14 */
    CHECK(!c.lbpme);
    CHECK_EQ(disk_parse_capacity16(rc16, 11, &c), -EINVAL);
}

static void test_vpd_list_and_serial(void)
{
    const uint8_t list[9] = { 0x00, 0x00, 0x00, 0x05, 0x00, 0x80, 0x83, 0xb0, 0xb2 };
    CHECK(disk_parse_vpd_has(list, sizeof list, 0xb0));
    CHECK(disk_parse_vpd_has(list, sizeof list, 0xb2));
    CHECK(!disk_parse_vpd_has(list, sizeof list, 0xb1));
    CHECK(!disk_parse_vpd_has(list, 8, 0xb2));          /* cut off before the entry */
    const uint8_t wrong[9] = { 0x00, 0x80, 0x00, 0x05, 0x00, 0x80, 0x83, 0xb0, 0xb2 };
    CHECK(!disk_parse_vpd_has(wrong, sizeof wrong, 0xb0));

    const uint8_t sn[12] = { 0x00, 0x80, 0x00, 0x08, ' ', ' ', 'S', 'N', '1', '2', ' ', ' ' };
    char out[16];
    CHECK_EQ(disk_parse_serial(sn, sizeof sn, out, sizeof out), 0);
    CHECK(!strcmp(out, "SN12"));
}

static void test_block_limits(void)
{
    uint8_t b[64] = { 0x00, 0xb0, 0x00, 0x3c };
    b[7] = 8;                                           /* optimal granularity */
    b[10] = 0x08;                                       /* max transfer 0x800 */
    b[14] = 0x01;                                       /* optimal transfer 0x100 */
    b[21] = 0x01;                                       /* max unmap 0x10000 */
    b[27] = 1;                                          /* one descriptor */
    b[31] = 8;                                          /* unmap granularity */
    b[41] = 0x40;                                       /* max write same 0x400000 */
    struct disk_block_limits bl;
    CHECK_EQ(disk_parse_block_limits(b, sizeof b, &bl), 0);
    CHECK_EQ(bl.opt_granularity, 8);
    CHECK_EQ(bl.max_transfer, 0x800);
    CHECK_EQ(bl.opt_transfer, 0x100);
    CHECK_EQ(bl.max_unmap, 0x10000);
    CHECK_EQ(bl.max_unmap_descriptors, 1);
    CHECK_EQ(bl.unmap_granularity, 8);
    CHECK_EQ(bl.max_write_same, 0x400000);
    /* an old, short page: transfer limits only */
    b[3] = 0x0c;
    CHECK_EQ(disk_parse_block_limits(b, sizeof b, &bl), 0);
    CHECK_EQ(bl.max_transfer, 0x800);
    CHECK_EQ(bl.max_unmap, 0);
    CHECK_EQ(bl.max_write_same, 0);
    CHECK_EQ(disk_parse_block_limits(b, 15, &bl), -EINVAL);
}

static void test_rotation_and_provisioning(void)
{
    const uint8_t b1[8] = { 0x00, 0xb1, 0x00, 0x3c, 0x00, 0x01 };
    uint16_t rate = 0;
    CHECK_EQ(disk_parse_rotation(b1, sizeof b1, &rate), 0);
    CHECK_EQ(rate, 1);
    CHECK_EQ(disk_parse_rotation(b1, 5, &rate), -EINVAL);
    const uint8_t b2[8] = { 0x00, 0xb2, 0x00, 0x04, 0x00, 0xc4, 0x02, 0x00 };
    struct disk_provisioning p;
    CHECK_EQ(disk_parse_provisioning(b2, sizeof b2, &p), 0);
    CHECK(p.lbpu);
    CHECK(p.lbpws);
    CHECK(p.lbprz);
    const uint8_t b2none[8] = { 0x00, 0xb2, 0x00, 0x04, 0x00, 0x00 };
    CHECK_EQ(disk_parse_provisioning(b2none, sizeof b2none, &p), 0);
    CHECK(!p.lbpu && !p.lbpws && !p.lbprz);
}

static void test_caching(void)
{
    /* MODE SENSE(10): header, no block descriptor, caching page with WCE */
    uint8_t m10[28] = { 0x00, 0x1a, 0x00, 0x90, 0, 0, 0x00, 0x00,
                        0x08, 0x12, 0x04 };
    struct disk_caching c;
    CHECK_EQ(disk_parse_caching(m10, sizeof m10, true, &c), 0);
    CHECK(c.write_protect);
    CHECK(c.dpofua);
    CHECK(c.have_page);
    CHECK(c.wce);
    /* MODE SENSE(6) with an 8-byte block descriptor the unit sent anyway */
    uint8_t m6[32] = { 0x1f, 0x00, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 2, 0,
                       0x08, 0x12, 0x00 };
    CHECK_EQ(disk_parse_caching(m6, sizeof m6, false, &c), 0);
    CHECK(!c.write_protect);
    CHECK(c.have_page);
    CHECK(!c.wce);
    /* another page where the caching page should be */
    m6[12] = 0x0a;
    CHECK_EQ(disk_parse_caching(m6, sizeof m6, false, &c), 0);
    CHECK(!c.have_page);
    CHECK_EQ(disk_parse_caching(m10, 7, true, &c), -EINVAL);
}

static void test_ascii(void)
{
    const uint8_t f[8] = { 'A', 'B', 0x01, 'C', ' ', ' ', 0, ' ' };
    char out[9];
    disk_parse_ascii(f, 8, out);
    CHECK(!strcmp(out, "AB C"));
}

int main(void)
{
    RUN(test_capacity);
    RUN(test_vpd_list_and_serial);
    RUN(test_block_limits);
    RUN(test_rotation_and_provisioning);
    RUN(test_caching);
    RUN(test_ascii);
    return 0;
}
