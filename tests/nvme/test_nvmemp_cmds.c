/* Every SCSI command the NVMe miniport translates, field by field, on three
 * namespaces: 64 MiB of 512-byte blocks, 32 MiB of 4 KiB blocks, 16 MiB read-only. */
#include "nvt.h"

#include <string.h>

static struct nvt t;
static struct ustor_lun *u0, *u1, *u2;

static struct nvt_result in(struct ustor_lun *lun, const uint8_t *cdb, uint8_t n, uint32_t len)
{
    memset(t.buf, 0xA5, len);
    return nvt_exec(lun, cdb, n, 1, t.buf, len);
}

/* ---- INQUIRY ---- */

static void standard_inquiry(void)
{
    uint8_t cdb[16];
    struct nvt_result r = in(u0, cdb, cdb_inquiry(cdb, false, 0, 96), 96);
    nvt_good(&r, "INQUIRY");
    const uint8_t *d = t.buf;
    CHECK(r.transferred == 36, "standard INQUIRY is 36 bytes, got %u", r.transferred);
    CHECK(d[0] == 0 && d[2] == 6 && d[3] == 2 && d[4] == 31 && (d[7] & 0x02), "header %02x %02x %02x %02x %02x",
          d[0], d[2], d[3], d[4], d[7]);
    CHECK(!memcmp(d + 8, "NVMe    ", 8), "vendor");
    CHECK(!memcmp(d + 16, "ustorport NVMe  ", 16), "product from MN");
    CHECK(!memcmp(d + 32, "1.0 ", 4), "revision from FR");
    r = in(u0, cdb, cdb_inquiry(cdb, false, 0, 5), 96);
    nvt_good(&r, "INQUIRY, 5 bytes");
    CHECK(r.transferred == 5, "allocation length honoured: %u", r.transferred);
}

static void vpd_pages(void)
{
    uint8_t cdb[16];
    static const uint8_t want[] = {0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2};
    struct nvt_result r = in(u0, cdb, cdb_inquiry(cdb, true, 0x00, 255), 255);
    nvt_good(&r, "VPD 00h");
    CHECK(t.buf[1] == 0 && be16(t.buf + 2) == sizeof want && !memcmp(t.buf + 4, want, sizeof want),
          "supported pages");
}

static void vpd_serial(char *serial, struct ustor_lun *lun)
{
    uint8_t cdb[16];
    struct nvt_result r = in(lun, cdb, cdb_inquiry(cdb, true, 0x80, 255), 255);
    nvt_good(&r, "VPD 80h");
    uint16_t n = be16(t.buf + 2);
    CHECK(t.buf[1] == 0x80 && n == 40, "serial page length %u", n);
    memcpy(serial, t.buf + 4, n);
    serial[n] = '\0';
    for (unsigned i = 0; i < 39; i++)
        CHECK(i % 5 == 4 ? serial[i] == '_' : (serial[i] >= '0' && serial[i] <= '9') ||
              (serial[i] >= 'A' && serial[i] <= 'F'), "serial '%s' at %u", serial, i);
    CHECK(serial[39] == '.', "serial ends with '.'");
}

static void vpd_identification(const char *serial)
{
    uint8_t cdb[16];
    char hex[40];
    struct nvt_result r = in(u0, cdb, cdb_inquiry(cdb, true, 0x83, 255), 255);
    nvt_good(&r, "VPD 83h");
    const uint8_t *d = t.buf + 4;
    CHECK(d[0] == 0x01 && d[1] == 0x02 && d[3] == 16, "first designator: binary EUI-64 of 16 bytes");
    for (unsigned i = 0, k = 0; i < 16; i++) {   /* the serial is the same NGUID in hex */
        snprintf(hex + k, 3, "%02X", d[4 + i]);
        k += 2;
    }
    for (unsigned i = 0, k = 0; i < 32; i++, k++) {
        if (serial[k] == '_')
            k++;
        CHECK(hex[i] == serial[k], "NGUID %s vs serial %s", hex, serial);
    }
    d += 4 + d[3];
    d += (d[1] & 0xF) == 2 ? 4 + d[3] : 0;        /* the EUI-64 designator, if any */
    CHECK(d[0] == 0x02 && (d[1] & 0xF) == 0x01 && d[3] == 76, "T10 vendor ID designator");
    CHECK(!memcmp(d + 4, "NVMe    ", 8) && !memcmp(d + 4 + 68, "00000001", 8), "T10 id and NSID");
}

static void vpd_limits(void)
{
    uint8_t cdb[16];
    struct nvt_result r = in(u0, cdb, cdb_inquiry(cdb, true, 0xB0, 255), 255);
    nvt_good(&r, "VPD B0h");
    const uint8_t *d = t.buf;
    CHECK(be16(d + 2) == 0x3C && (d[4] & 1), "length and WSNZ");
    CHECK(be32(d + 8) == 2048, "max transfer %u blocks (1 MiB of 512)", be32(d + 8));
    CHECK(be32(d + 20) == 0xFFFFFFFFu && be32(d + 24) == 256, "unmap limits");
    CHECK(be64(d + 36) == 65536, "max WRITE SAME length");
    r = in(u1, cdb, cdb_inquiry(cdb, true, 0xB0, 255), 255);
    nvt_good(&r, "VPD B0h, 4 KiB blocks");
    CHECK(be32(t.buf + 8) == 256, "max transfer in 4 KiB blocks %u", be32(t.buf + 8));
    r = in(u0, cdb, cdb_inquiry(cdb, true, 0xB1, 255), 255);
    nvt_good(&r, "VPD B1h");
    CHECK(be16(t.buf + 2) == 0x3C && be16(t.buf + 4) == 1, "non-rotating");
    r = in(u0, cdb, cdb_inquiry(cdb, true, 0xB2, 255), 255);
    nvt_good(&r, "VPD B2h");
    CHECK(be16(t.buf + 2) == 4 && (t.buf[5] & 0xE0) == 0xE0 && (t.buf[6] & 7) == 2,
          "LBPU, LBPWS, LBPWS10, thin: %02x %02x", t.buf[5], t.buf[6]);
}

/* ---- capacity, LUNs, mode pages ---- */

static void capacity(void)
{
    uint8_t cdb[16] = {0x25};
    struct nvt_result r = in(u0, cdb, 10, 8);
    nvt_good(&r, "READ CAPACITY(10)");
    CHECK(be32(t.buf) == 131071 && be32(t.buf + 4) == 512, "64 MiB of 512");
    r = in(u1, cdb, cdb_capacity16(cdb, 32), 32);
    nvt_good(&r, "READ CAPACITY(16)");
    CHECK(be64(t.buf) == 8191 && be32(t.buf + 8) == 4096, "32 MiB of 4096");
    CHECK((t.buf[14] & 0x80) && t.buf[13] == 0 && t.buf[12] == 0, "LBPME, no protection");
}

static void report_luns(void)
{
    uint8_t cdb[16];
    struct nvt_result r = in(u0, cdb, cdb_report_luns(cdb, 0, 256), 256);
    nvt_good(&r, "REPORT LUNS");
    CHECK(be32(t.buf) == 24 && r.transferred == 32, "three LUNs: %u", be32(t.buf));
    for (unsigned i = 0; i < 3; i++)
        CHECK(t.buf[8 + 8 * i] == 0 && t.buf[9 + 8 * i] == i, "LUN %u", i);
    r = in(u0, cdb, cdb_report_luns(cdb, 1, 256), 256);
    nvt_good(&r, "REPORT LUNS, well known");
    CHECK(be32(t.buf) == 0, "no well-known LUN");
}

static const uint8_t *find_page(const uint8_t *p, const uint8_t *end, uint8_t code)
{
    while (p + 2 <= end && (p[0] & 0x3F) != code)
        p += 2 + p[1];
    return p + 2 <= end ? p : NULL;
}

static bool caching_wce(struct ustor_lun *lun, uint8_t pc)
{
    uint8_t cdb[16];
    uint8_t n = cdb_mode_sense(cdb, 6, (uint8_t)(pc << 6 | 0x08), 0, 0x08, 255);
    struct nvt_result r = in(lun, cdb, n, 255);
    nvt_good(&r, "MODE SENSE(6) caching");
    CHECK(t.buf[0] + 1u == r.transferred && t.buf[3] == 0, "length and DBD");
    const uint8_t *p = find_page(t.buf + 4, t.buf + r.transferred, 0x08);
    CHECK(p && p[1] == 0x12, "caching page");
    return p[2] & 0x04;
}

static void mode_sense(void)
{
    uint8_t cdb[16];
    struct nvt_result r = in(u0, cdb, cdb_mode_sense(cdb, 6, 0x3F, 0, 0, 255), 255);
    nvt_good(&r, "MODE SENSE(6) all");
    CHECK(t.buf[3] == 8 && be32(t.buf + 4) == 131072 && be32(t.buf + 8) == 512, "block descriptor");
    CHECK((t.buf[2] & 0x10) && !(t.buf[2] & 0x80), "DPOFUA, not write protected");
    CHECK(find_page(t.buf + 12, t.buf + r.transferred, 0x08) &&
          find_page(t.buf + 12, t.buf + r.transferred, 0x0A), "caching and control pages");
    CHECK(t.buf[0] + 1u == 4 + 8 + 20 + 12, "mode data length %u", t.buf[0]);
    r = in(u1, cdb, cdb_mode_sense(cdb, 10, 0x08, 0, 0x10, 255), 255);
    nvt_good(&r, "MODE SENSE(10) LLBAA");
    CHECK((t.buf[4] & 1) && be16(t.buf + 6) == 16 && be64(t.buf + 8) == 8192 &&
          be32(t.buf + 20) == 4096, "long block descriptor");
    r = in(u2, cdb, cdb_mode_sense(cdb, 10, 0x0A, 0, 0x08, 255), 255);
    nvt_good(&r, "MODE SENSE(10) control");
    CHECK((t.buf[3] & 0x80) && be16(t.buf + 6) == 0 && t.buf[8] == 0x0A, "WP, no descriptor, control");
    CHECK(caching_wce(u0, 0) && caching_wce(u0, 1) && caching_wce(u0, 2), "WCE current/changeable/default");
}

static void mode_select(void)
{
    uint8_t cdb[16] = {0x55, 0x10}, *p = t.buf2;
    memset(p, 0, 28);
    p[8] = 0x08;
    p[9] = 0x12;                         /* caching page, WCE 0 */
    put_be16(cdb + 7, 28);
    struct nvt_result r = nvt_exec(u0, cdb, 10, 2, p, 28);
    nvt_good(&r, "MODE SELECT(10) WCE=0");
    CHECK(!caching_wce(u0, 0), "WCE off after MODE SELECT");
    p[10] = 0x04;
    r = nvt_exec(u0, cdb, 10, 2, p, 28);
    nvt_good(&r, "MODE SELECT(10) WCE=1");
    CHECK(caching_wce(u0, 0), "WCE on again");
}

/* ---- medium access ---- */

static void round_trip(struct ustor_lun *lun, int size, uint64_t lba, uint32_t blocks,
                       uint32_t block, uint32_t offset, uint8_t flags)
{
    uint8_t cdb[16];
    uint32_t bytes = (size == 6 && !blocks ? 256 : blocks) * block;
    uint8_t *src = t.buf + offset, *dst = t.buf2 + offset;
    fill_pattern(src, bytes, (uint32_t)(lba * 31 + blocks + (uint32_t)size));
    struct nvt_result r = nvt_exec(lun, cdb, cdb_rw(cdb, size, true, lba, blocks, flags), 2, src, bytes);
    nvt_good(&r, "WRITE");
    CHECK(r.transferred == bytes, "written %u of %u", r.transferred, bytes);
    memset(dst, 0, bytes);
    r = nvt_exec(lun, cdb, cdb_rw(cdb, size, false, lba, blocks, flags), 1, dst, bytes);
    nvt_good(&r, "READ");
    CHECK(r.transferred == bytes && !memcmp(src, dst, bytes), "READ(%d) of %u blocks at %llu back",
          size, blocks, (unsigned long long)lba);
}

static void reads_and_writes(void)
{
    round_trip(u0, 6, 1000, 8, 512, 0, 0);
    round_trip(u0, 6, 2000, 0, 512, 0, 0);        /* 0 means 256 blocks in READ(6) */
    round_trip(u0, 10, 3000, 1, 512, 512, 0x08);  /* FUA */
    round_trip(u0, 12, 4000, 17, 512, 3584, 0);   /* a PRP list from an unaligned start */
    round_trip(u0, 16, 131072 - 2048, 2048, 512, 0, 0x08);   /* 1 MiB at the end */
    round_trip(u0, 16, 9000, 2047, 512, 512, 0);  /* 257 pages */
    round_trip(u1, 16, 100, 200, 4096, 0, 0);
    round_trip(u1, 10, 8191, 1, 4096, 1024, 0x08);
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(u0, cdb, cdb_rw(cdb, 10, false, 5, 0, 0), 0, NULL, 0);
    nvt_good(&r, "READ(10) of nothing");
    r = nvt_exec(u2, cdb, cdb_rw(cdb, 16, false, 5, 8, 0), 1, t.buf, 4096);
    nvt_good(&r, "READ of the read-only namespace");
}

static void sync_and_flush(void)
{
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(u0, cdb, cdb_sync(cdb, 10, 0, 0), 0, NULL, 0);
    nvt_good(&r, "SYNCHRONIZE CACHE(10)");
    r = nvt_exec(u1, cdb, cdb_sync(cdb, 16, 10, 100), 0, NULL, 0);
    nvt_good(&r, "SYNCHRONIZE CACHE(16)");
    r = nvt_function(u0, 0x08);
    nvt_good(&r, "SRB_FUNCTION_FLUSH");
}

static void written(struct ustor_lun *lun, uint64_t lba, uint32_t blocks, uint32_t seed)
{
    fill_pattern(t.buf, blocks * 512, seed);
    struct nvt_result r = nvt_write(lun, lba, blocks, t.buf, 512);
    nvt_good(&r, "WRITE");
}

static bool zeroes_at(struct ustor_lun *lun, uint64_t lba, uint32_t blocks)
{
    struct nvt_result r = nvt_read(lun, lba, blocks, t.buf2, 512);
    nvt_good(&r, "READ");
    return all_zero(t.buf2, blocks * 512);
}

static void unmap(void)
{
    uint8_t cdb[16];
    uint64_t lba[3] = {8192, 16384, 100};
    uint32_t n[3] = {64, 8, 0};
    written(u0, 8192, 64, 1);
    written(u0, 16384, 8, 2);
    uint16_t len = unmap_list(t.buf, lba, n, 3);
    struct nvt_result r = nvt_exec(u0, cdb, cdb_unmap(cdb, len, 0), 2, t.buf, len);
    nvt_good(&r, "UNMAP");
    CHECK(zeroes_at(u0, 8192, 64) && zeroes_at(u0, 16384, 8), "unmapped pages read as zeroes");
    r = nvt_exec(u0, cdb, cdb_unmap(cdb, 0, 0), 0, NULL, 0);
    nvt_good(&r, "UNMAP of no list");
}

static void write_same(void)
{
    uint8_t cdb[16];
    written(u0, 20000, 100, 3);
    memset(t.buf, 0, 512);
    struct nvt_result r = nvt_exec(u0, cdb, cdb_write_same(cdb, 16, 20000, 50, 0), 2, t.buf, 512);
    nvt_good(&r, "WRITE SAME(16)");
    CHECK(zeroes_at(u0, 20000, 50), "zeroes written");
    r = nvt_read(u0, 20050, 50, t.buf2, 512);
    fill_pattern(t.buf, 100 * 512, 3);
    CHECK(!memcmp(t.buf + 50 * 512, t.buf2, 50 * 512), "the rest untouched");
    r = nvt_exec(u0, cdb, cdb_write_same(cdb, 16, 20050, 50, 0x09), 0, NULL, 0);   /* UNMAP, NDOB */
    nvt_good(&r, "WRITE SAME(16) NDOB UNMAP");
    CHECK(zeroes_at(u0, 20050, 50), "deallocated to zeroes");
    written(u0, 21000, 8, 4);
    memset(t.buf, 0, 512);
    r = nvt_exec(u0, cdb, cdb_write_same(cdb, 10, 21000, 8, 0), 2, t.buf, 512);
    nvt_good(&r, "WRITE SAME(10)");
    CHECK(zeroes_at(u0, 21000, 8), "WRITE SAME(10) zeroes");
}

static void verify(void)
{
    uint8_t cdb[16];
    written(u0, 30000, 16, 5);
    struct nvt_result r = nvt_exec(u0, cdb, cdb_verify(cdb, 10, 30000, 16, 0), 0, NULL, 0);
    nvt_good(&r, "VERIFY(10) BYTCHK 0");
    r = nvt_exec(u0, cdb, cdb_verify(cdb, 16, 30000, 16, 1), 2, t.buf, 16 * 512);
    nvt_good(&r, "VERIFY(16) BYTCHK 1, same data");
    t.buf[5 * 512 + 7] ^= 1;
    r = nvt_exec(u0, cdb, cdb_verify(cdb, 12, 30000, 16, 1), 2, t.buf, 16 * 512);
    nvt_sense(&r, KEY_MISCOMPARE, ASC_MISCOMPARE, 0, "VERIFY(12) with a changed byte");
}

static void housekeeping(void)
{
    uint8_t cdb[16] = {0};
    struct nvt_result r = nvt_exec(u0, cdb, 6, 0, NULL, 0);
    nvt_good(&r, "TEST UNIT READY");
    cdb[0] = 0x03;
    cdb[4] = 18;
    r = in(u0, cdb, 6, 18);
    nvt_good(&r, "REQUEST SENSE");
    CHECK(r.transferred == 18 && t.buf[0] == 0x70 && (t.buf[2] & 0xF) == 0, "no sense");
    memset(cdb, 0, sizeof cdb);
    cdb[0] = 0x1B;
    cdb[4] = 0x01;
    r = nvt_exec(u0, cdb, 6, 0, NULL, 0);
    nvt_good(&r, "START STOP UNIT");
}

int main(void)
{
    struct nvt_config cfg = {.ns_spec = {"ram:64M", "ram:32M", "ram:16M,ro"}, .lba_size = {512, 4096, 512}};
    char serial0[64], serial1[64];
    nvt_open(&t, &cfg);
    u0 = nvt_lun(&t, 0);
    u1 = nvt_lun(&t, 1);
    u2 = nvt_lun(&t, 2);
    standard_inquiry();
    vpd_pages();
    vpd_serial(serial1, u1);
    vpd_serial(serial0, u0);
    CHECK(strcmp(serial0, serial1), "namespaces have distinct serials");
    vpd_identification(serial0);
    vpd_limits();
    capacity();
    report_luns();
    mode_sense();
    mode_select();
    reads_and_writes();
    sync_and_flush();
    unmap();
    write_same();
    verify();
    housekeeping();
    nvt_close(&t);
    printf("ok\n");
    return 0;
}
