/* Sense data and status to errno and retries (src/disk/disk_sense.c): both sense
 * formats decode, short sense is refused or read as far as it goes, each sense
 * key and the specific codes in the table map as SPC says, the port's results
 * and status bytes are judged before sense. */
#include <errno.h>
#include <stdint.h>

#include "disk/disk_scsi.h"
#include "disk/disk_sense.h"
#include "test_disk_util.h"

/* Fixed-format sense (70h) with a key, ASC and ASCQ. */
static void fixed(uint8_t *s, uint8_t key, uint8_t asc, uint8_t ascq)
{
    memset(s, 0, 18);
    s[0] = 0x70;
    s[2] = key;
    s[7] = 10;
    s[12] = asc;
    s[13] = ascq;
}

static struct disk_verdict of_sense(uint8_t key, uint8_t asc, uint8_t ascq)
{
    uint8_t s[18];
    fixed(s, key, asc, ascq);
    return disk_command_verdict(-EIO, SCSI_STATUS_CHECK_CONDITION, s, sizeof s);
}

static void test_parse_formats(void)
{
    uint8_t s[18];
    struct disk_sense d;
    fixed(s, SENSE_MEDIUM_ERROR, 0x11, 0x04);
    s[0] |= 0x80;                                   /* VALID bit does not change the format */
    CHECK(disk_sense_parse(s, sizeof s, &d));
    CHECK_EQ(d.key, SENSE_MEDIUM_ERROR);
    CHECK_EQ(d.asc, 0x11);
    CHECK_EQ(d.ascq, 0x04);
    CHECK(!d.deferred);

    const uint8_t desc[8] = { 0x73, 0x06, 0x29, 0x02, 0, 0, 0, 0 };
    CHECK(disk_sense_parse(desc, sizeof desc, &d));
    CHECK_EQ(d.key, SENSE_UNIT_ATTENTION);
    CHECK_EQ(d.asc, 0x29);
    CHECK_EQ(d.ascq, 0x02);
    CHECK(d.deferred);
}

static void test_parse_short(void)
{
    uint8_t s[18];
    struct disk_sense d;
    fixed(s, SENSE_NOT_READY, 0x04, 0x01);
    CHECK(!disk_sense_parse(s, 1, &d));
    CHECK(disk_sense_parse(s, 8, &d));              /* key present, ASC not */
    CHECK_EQ(d.key, SENSE_NOT_READY);
    CHECK_EQ(d.asc, 0);
    s[7] = 4;                                       /* additional length stops before ASC */
    CHECK(disk_sense_parse(s, 18, &d));
    CHECK_EQ(d.asc, 0);
    const uint8_t bogus[18] = { 0x12, 0x05 };
    CHECK(!disk_sense_parse(bogus, sizeof bogus, &d));
    CHECK(!disk_sense_parse(NULL, 18, &d));
}

static void test_key_table(void)
{
    static const struct { uint8_t key, asc, ascq; enum disk_action action; int err; } t[] = {
        { SENSE_RECOVERED_ERROR, 0x17, 0x01, DISK_OK, 0 },
        { SENSE_NOT_READY, 0x04, 0x01, DISK_RETRY_LATER, -EIO },
        { SENSE_NOT_READY, 0x04, 0x02, DISK_FAIL, -EIO },
        { SENSE_NOT_READY, 0x3a, 0x00, DISK_FAIL, -ENOMEDIUM },
        { SENSE_MEDIUM_ERROR, 0x11, 0x00, DISK_FAIL, -EIO },
        { SENSE_HARDWARE_ERROR, 0x44, 0x00, DISK_FAIL, -EIO },
        { SENSE_ILLEGAL_REQUEST, 0x20, 0x00, DISK_FAIL, -EOPNOTSUPP },
        { SENSE_ILLEGAL_REQUEST, 0x21, 0x00, DISK_FAIL, -EINVAL },
        { SENSE_ILLEGAL_REQUEST, 0x24, 0x00, DISK_FAIL, -EINVAL },
        { SENSE_ILLEGAL_REQUEST, 0x25, 0x00, DISK_FAIL, -ENXIO },
        { SENSE_ILLEGAL_REQUEST, 0x26, 0x02, DISK_FAIL, -EINVAL },
        { SENSE_ILLEGAL_REQUEST, 0x55, 0x00, DISK_FAIL, -EIO },
        { SENSE_UNIT_ATTENTION, 0x29, 0x00, DISK_RETRY_NOW, -EIO },
        { SENSE_UNIT_ATTENTION, 0x2a, 0x09, DISK_RETRY_NOW, -EIO },
        { SENSE_UNIT_ATTENTION, 0x3f, 0x0e, DISK_RETRY_NOW, -EIO },
        { SENSE_DATA_PROTECT, 0x27, 0x00, DISK_FAIL, -EROFS },
        { SENSE_DATA_PROTECT, 0x74, 0x71, DISK_FAIL, -EACCES },
        { SENSE_BLANK_CHECK, 0x00, 0x00, DISK_FAIL, -ENODATA },
        { SENSE_ABORTED_COMMAND, 0x47, 0x00, DISK_RETRY_NOW, -EIO },
        { SENSE_ABORTED_COMMAND, 0x10, 0x01, DISK_FAIL, -EILSEQ },
        { SENSE_VOLUME_OVERFLOW, 0x00, 0x00, DISK_FAIL, -ENOSPC },
        { SENSE_MISCOMPARE, 0x1d, 0x00, DISK_FAIL, -EILSEQ },
        { 0x0f, 0x00, 0x00, DISK_FAIL, -EIO },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct disk_verdict v = of_sense(t[i].key, t[i].asc, t[i].ascq);
        if (v.action != t[i].action || v.err != t[i].err)
            fprintf(stderr, "entry %zu: key %x asc %02x/%02x gave %d %d (%s)\n", i, t[i].key,
                    t[i].asc, t[i].ascq, v.action, v.err, v.what);
        CHECK_EQ(v.action, t[i].action);
        CHECK_EQ(v.err, t[i].err);
        CHECK(v.what && *v.what);
    }
}

static void test_status(void)
{
    struct disk_verdict v = disk_command_verdict(0, SCSI_STATUS_GOOD, NULL, 0);
    CHECK_EQ(v.action, DISK_OK);
    v = disk_command_verdict(-EIO, SCSI_STATUS_BUSY, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_LATER);
    v = disk_command_verdict(-EIO, SCSI_STATUS_TASK_SET_FULL, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_LATER);
    v = disk_command_verdict(-EIO, SCSI_STATUS_RESERVATION_CONFLICT, NULL, 0);
    CHECK_EQ(v.action, DISK_FAIL);
    CHECK_EQ(v.err, -EBADE);
    v = disk_command_verdict(-EIO, SCSI_STATUS_CHECK_CONDITION, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_NOW);             /* no sense: try again, bounded */
    v = disk_command_verdict(-EIO, SCSI_STATUS_TASK_ABORTED, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_NOW);
    v = disk_command_verdict(-EIO, SCSI_STATUS_CONDITION_MET, NULL, 0);
    CHECK_EQ(v.action, DISK_OK);
}

static void test_port_results(void)
{
    uint8_t s[18];
    fixed(s, SENSE_UNIT_ATTENTION, 0x29, 0);
    /* the port's verdict wins over stale sense bytes */
    struct disk_verdict v = disk_command_verdict(-ENODEV, SCSI_STATUS_CHECK_CONDITION, s, sizeof s);
    CHECK_EQ(v.action, DISK_FAIL);
    CHECK_EQ(v.err, -ENODEV);
    v = disk_command_verdict(-ETIMEDOUT, 0, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_NOW);
    CHECK_EQ(v.err, -ETIMEDOUT);
    v = disk_command_verdict(-ECANCELED, 0, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_NOW);
    v = disk_command_verdict(-EBUSY, 0, NULL, 0);
    CHECK_EQ(v.action, DISK_RETRY_LATER);
    v = disk_command_verdict(-EINVAL, 0, NULL, 0);
    CHECK_EQ(v.action, DISK_FAIL);
    CHECK_EQ(v.err, -EINVAL);
    v = disk_command_verdict(-E2BIG, 0, NULL, 0);
    CHECK_EQ(v.action, DISK_FAIL);
    CHECK_EQ(v.err, -E2BIG);
}

int main(void)
{
    RUN(test_parse_formats);
    RUN(test_parse_short);
    RUN(test_key_table);
    RUN(test_status);
    RUN(test_port_results);
    return 0;
}
