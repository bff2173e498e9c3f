/*
 * The ramdisk's configuration string (HwFindAdapter's ArgumentString): no string
 * gives one 1 GiB RAM disk; diskN= places units, bare entries take the next LUN,
 * bs= and serial= are the miniport's options; every malformed string makes
 * HwFindAdapter answer SP_RETURN_BAD_CONFIG, so adding the adapter fails.
 */
#include <errno.h>
#include <string.h>

#include "rd_test.h"

static void default_disk(void)
{
    struct rdt t;
    uint8_t cdb[16];
    rdt_open(&t, NULL);
    uint8_t n = cdb_capacity16(cdb, 32);
    struct rdt_result r = rdt_exec(t.lun, cdb, n, USTOR_DATA_IN, t.buf, 32);
    rdt_good(&r, "capacity of the default disk");
    CHECK(be64(t.buf) + 1 == (1u << 21) && be32(t.buf + 8) == 512, "a 1 GiB disk of 512-byte blocks");
    rdt_close(&t);
}

static void options(void)
{
    struct rdt t;
    uint8_t cdb[16];
    rdt_open(&t, " disk2=ram:4M,serial=LAB-0042 ;\n ram:1M,bs=2048\n");
    struct ustor_lun_info info[8];
    int n = ustor_adapter_luns(t.adapter, info, 8);
    CHECK(n == 2 && info[0].lun + info[1].lun == 5 && (info[0].lun == 2 || info[0].lun == 3),
          "units 2 and 3 (%d)", n);
    uint8_t len = cdb_inquiry(cdb, true, 0x80, 64);
    struct rdt_result r = rdt_exec(rdt_lun(&t, 2), cdb, len, USTOR_DATA_IN, t.buf, 64);
    rdt_good(&r, "serial number page");
    CHECK(be16(t.buf + 2) == 8 && !memcmp(t.buf + 4, "LAB-0042", 8), "the configured serial");
    len = cdb_capacity16(cdb, 32);
    r = rdt_exec(rdt_lun(&t, 3), cdb, len, USTOR_DATA_IN, t.buf, 32);
    rdt_good(&r, "capacity");
    CHECK(be64(t.buf) + 1 == 512 && be32(t.buf + 8) == 2048, "1 MiB in 2048-byte blocks");
    rdt_close(&t);
}

/* Two RAM disks of one configuration still get different identifiers. */
static void distinct_identifiers(void)
{
    struct rdt t;
    uint8_t cdb[16], naa[2][8];
    rdt_open(&t, "ram:1M;ram:1M");
    for (uint8_t lun = 0; lun < 2; lun++) {
        uint8_t len = cdb_inquiry(cdb, true, 0x83, 64);
        struct rdt_result r = rdt_exec(rdt_lun(&t, lun), cdb, len, USTOR_DATA_IN, t.buf, 64);
        rdt_good(&r, "device identification page");
        memcpy(naa[lun], t.buf + 8, 8);
    }
    CHECK(memcmp(naa[0], naa[1], 8) != 0, "two units share an NAA identifier");
    rdt_close(&t);
}

static void refused(void)
{
    static const char *bad[] = {
        "disk32=ram:1M", "disk0=ram:1M;disk0=ram:2M", "disk0=ram:1M,bs=1000",
        "disk0=ram:1M,bs=", "disk0=", "disk0=ram:1M,serial=", "disk0=ram:1M,serial=two words",
        "disk0=ram:1M,serial=ABCDEFGHIJKLMNOPQRSTU", "disk0=ram:banana", "disk0=ram:1M,bogus",
        "/nonexistent/dir/image.raw", ";;", "ram:1K,bs=4096",
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct rdt t;
        int rc = rdt_try_open(&t, bad[i]);
        CHECK(rc < 0, "\"%s\" was accepted", bad[i]);
        rdt_close(&t);
    }
}

int main(void)
{
    default_disk();
    options();
    distinct_identifiers();
    refused();
    printf("ok\n");
    return 0;
}
