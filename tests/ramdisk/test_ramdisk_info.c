/*
 * What the ramdisk miniport says about its units: standard INQUIRY data, every VPD
 * page's fields (00h, 80h, 83h, B0h, B1h, B2h), READ CAPACITY (10/16), the mode
 * parameter headers, block descriptors and pages of MODE SENSE (6/10) including
 * page 3Fh, changeable values, DBD and LLBAA, the write-protect bit of a read-only
 * unit, and allocation lengths that cut the data short.
 */
#include <string.h>

#include "rd_test.h"

#define BS 512u
#define BLOCKS (32u * 2048u)           /* ram:32M */

static struct rdt t;

static struct rdt_result data_in(const uint8_t *cdb, uint8_t n, uint32_t len)
{
    memset(t.buf, 0xEE, 512);
    return rdt_exec(t.lun, cdb, n, USTOR_DATA_IN, t.buf, len);
}

static void standard_inquiry(void)
{
    uint8_t cdb[16];
    uint8_t n = cdb_inquiry(cdb, false, 0, 96);
    struct rdt_result r = data_in(cdb, n, 96);
    rdt_good(&r, "INQUIRY");
    const uint8_t *b = t.buf;
    CHECK(r.transferred == 36 && b[4] == 31, "standard data: %u bytes, additional %u",
          r.transferred, b[4]);
    CHECK(b[0] == 0x00 && b[1] == 0x00, "a direct-access, fixed-medium unit: %02x %02x", b[0], b[1]);
    CHECK(b[2] == 0x06 && (b[3] & 0x0F) == 2 && (b[3] & 0x10), "SPC-4, format 2, HISUP: %02x %02x",
          b[2], b[3]);
    CHECK(b[7] & 0x02, "CMDQUE");
    CHECK(!memcmp(b + 8, "USTOR   ", 8) && !memcmp(b + 16, "RAM DISK        ", 16) &&
          !memcmp(b + 32, "0001", 4), "identification strings");
    n = cdb_inquiry(cdb, false, 0, 5);
    r = data_in(cdb, n, 96);
    rdt_good(&r, "short INQUIRY");
    CHECK(r.transferred == 5 && t.buf[5] == 0xEE, "allocation length 5 returned %u", r.transferred);
}

static const uint8_t *vpd(uint8_t page, uint32_t *len)
{
    uint8_t cdb[16];
    uint8_t n = cdb_inquiry(cdb, true, page, 255);
    struct rdt_result r = data_in(cdb, n, 255);
    rdt_good(&r, "INQUIRY VPD");
    CHECK(t.buf[0] == 0 && t.buf[1] == page, "VPD %02x header %02x %02x", page, t.buf[0], t.buf[1]);
    *len = be16(t.buf + 2);
    CHECK(r.transferred == 4 + *len, "VPD %02x: %u bytes for page length %u", page, r.transferred,
          *len);
    return t.buf;
}

static void vpd_basic(void)
{
    uint32_t len;
    const uint8_t *b = vpd(0x00, &len);
    static const uint8_t pages[] = {0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2};
    CHECK(len == sizeof pages && !memcmp(b + 4, pages, sizeof pages), "supported pages");
    b = vpd(0x80, &len);
    CHECK(len == 18 && !memcmp(b + 4, "RD", 2), "serial number: %u bytes", len);
    char serial[32] = {0};
    memcpy(serial, b + 4, len);
    b = vpd(0x83, &len);
    CHECK(b[4] == 0x01 && b[5] == 0x03 && b[7] == 8 && (b[8] >> 4) == 3,
          "first designator: NAA 3h of the unit (%02x %02x %02x %02x)", b[4], b[5], b[7], b[8]);
    const uint8_t *d = b + 16;
    CHECK(d[0] == 0x02 && d[1] == 0x01 && d[3] == 8 + strlen(serial) &&
          !memcmp(d + 4, "USTOR   ", 8) && !memcmp(d + 12, serial, strlen(serial)),
          "second designator: T10 vendor ID with the serial");
    CHECK(len == 12u + 4u + d[3], "designator list length %u", len);
}

static void vpd_limits(void)
{
    uint32_t len;
    const uint8_t *b = vpd(0xB0, &len);
    CHECK(len == 0x3C, "block limits page length %u", len);
    CHECK(b[4] & 0x01, "WSNZ");
    CHECK(be16(b + 6) == 8, "optimal transfer granularity %u", be16(b + 6));
    CHECK(be32(b + 8) == 2048 && be32(b + 12) == 2048, "maximum/optimal transfer %u/%u",
          be32(b + 8), be32(b + 12));
    CHECK(be32(b + 20) == 0x800000, "maximum unmap LBA count %u", be32(b + 20));
    CHECK(be32(b + 24) == 256, "maximum unmap descriptors %u", be32(b + 24));
    CHECK(be32(b + 28) == 8 && b[32] == 0x80, "unmap granularity %u, UGAVALID %02x",
          be32(b + 28), b[32]);
    CHECK(be64(b + 36) == 0x800000, "maximum WRITE SAME length %llu",
          (unsigned long long)be64(b + 36));
    b = vpd(0xB1, &len);
    CHECK(len == 0x3C && be16(b + 4) == 1, "non-rotating medium: %u", be16(b + 4));
    b = vpd(0xB2, &len);
    CHECK(len == 4, "provisioning page length %u", len);
    CHECK(b[5] == (0x80 | 0x40 | 0x20 | 0x04), "LBPU LBPWS LBPWS10 LBPRZ: %02x", b[5]);
    CHECK((b[6] & 7) == 2, "thin provisioned: %02x", b[6]);
}

static void capacity(void)
{
    uint8_t cdb[16] = {0x25};
    struct rdt_result r = data_in(cdb, 10, 8);
    rdt_good(&r, "READ CAPACITY(10)");
    CHECK(r.transferred == 8 && be32(t.buf) == BLOCKS - 1 && be32(t.buf + 4) == BS,
          "capacity(10): %u, %u", be32(t.buf), be32(t.buf + 4));
    uint8_t n = cdb_capacity16(cdb, 32);
    r = data_in(cdb, n, 32);
    rdt_good(&r, "READ CAPACITY(16)");
    CHECK(r.transferred == 32 && be64(t.buf) == BLOCKS - 1 && be32(t.buf + 8) == BS,
          "capacity(16)");
    CHECK(t.buf[12] == 0 && (t.buf[13] & 0x0F) == 3, "no protection, 8 blocks per physical: %02x",
          t.buf[13]);
    CHECK((t.buf[14] & 0xC0) == 0xC0 && (be16(t.buf + 14) & 0x3FFF) == 0, "LBPME LBPRZ: %02x",
          t.buf[14]);
    n = cdb_capacity16(cdb, 12);
    r = data_in(cdb, n, 32);
    CHECK(r.rc == 0 && r.transferred == 12, "allocation length 12 returned %u", r.transferred);
}

/* Offsets of MODE SENSE data: header length and where the pages start. */
static const uint8_t *mode(int size, uint8_t page_byte, uint8_t flags, uint32_t *total,
                           uint32_t *descriptor)
{
    uint8_t cdb[16];
    uint8_t n = cdb_mode_sense(cdb, size, page_byte, 0, flags, 255);
    struct rdt_result r = data_in(cdb, n, 255);
    rdt_good(&r, "MODE SENSE");
    uint32_t header = size == 6 ? 4 : 8;
    *total = size == 6 ? t.buf[0] + 1u : be16(t.buf) + 2u;
    *descriptor = size == 6 ? t.buf[3] : be16(t.buf + 6);
    CHECK(r.transferred == *total, "MODE SENSE(%d) returned %u of %u", size, r.transferred, *total);
    return t.buf + header + *descriptor;
}

static void mode_pages(void)
{
    uint32_t total, descriptor;
    for (int size = 6; size <= 10; size += 4) {
        const uint8_t *p = mode(size, 0x3F, 0, &total, &descriptor);
        uint8_t dsp = t.buf[size == 6 ? 2 : 3];
        CHECK(dsp == 0x10, "DPOFUA without WP: %02x", dsp);
        CHECK(descriptor == 8 && be32(t.buf + (size == 6 ? 4 : 8)) == BLOCKS &&
              be32(t.buf + (size == 6 ? 8 : 12)) == BS, "short block descriptor");
        CHECK(p[0] == 0x08 && p[1] == 0x12 && !(p[2] & 0x04) && !(p[2] & 0x01),
              "caching page: RAM has no volatile cache (%02x)", p[2]);
        CHECK(p[20] == 0x0A && p[21] == 0x0A && !(p[22] & 0x04), "control page, D_SENSE 0");
        CHECK(total == (size == 6 ? 4u : 8u) + 8 + 20 + 12, "all pages: %u bytes", total);
        p = mode(size, 0x0A, 0x08, &total, &descriptor);   /* DBD */
        CHECK(descriptor == 0 && p[0] == 0x0A && total == (size == 6 ? 4u : 8u) + 12,
              "control page alone without descriptors");
        p = mode(size, 0x40 | 0x08, 0, &total, &descriptor);   /* changeable */
        CHECK(p[0] == 0x08 && all_zero(p + 2, 18), "nothing in the caching page is changeable");
    }
    const uint8_t *p = mode(10, 0x08, 0x10, &total, &descriptor);   /* LLBAA */
    CHECK(descriptor == 16 && (t.buf[4] & 1) && be64(t.buf + 8) == BLOCKS &&
          be32(t.buf + 20) == BS && p[0] == 0x08, "long LBA block descriptor");
}

static void write_protect_bit(void)
{
    struct rdt ro;
    uint8_t cdb[16];
    rdt_open(&ro, "disk0=ram:1M,ro");
    uint8_t n = cdb_mode_sense(cdb, 6, 0x08, 0, 0, 255);
    struct rdt_result r = rdt_exec(ro.lun, cdb, n, USTOR_DATA_IN, ro.buf, 255);
    rdt_good(&r, "MODE SENSE of a read-only unit");
    CHECK(ro.buf[2] == (0x80 | 0x10), "WP and DPOFUA: %02x", ro.buf[2]);
    rdt_close(&ro);
}

int main(void)
{
    rdt_open(&t, "disk0=ram:32M");
    standard_inquiry();
    vpd_basic();
    vpd_limits();
    capacity();
    mode_pages();
    rdt_close(&t);
    write_protect_bit();
    printf("ok\n");
    return 0;
}
