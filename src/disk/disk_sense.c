/* Sense data and status to errno and retry decisions (disk_sense.h). The table
 * is searched in order, so the entry for a specific ASC/ASCQ comes before the
 * key's catch-all. Retries follow what SCSI says is transient: UNIT ATTENTION,
 * NOT READY while becoming ready, BUSY and TASK SET FULL, ABORTED COMMAND. */
#include "disk/disk_sense.h"

#include <errno.h>

#include "disk/disk_scsi.h"

#define ANY -1

struct sense_rule {
    uint8_t key;
    int16_t asc, ascq;          /* ANY matches every value */
    enum disk_action action;
    int err;
    const char *what;
};

static const struct sense_rule rules[] = {
    { SENSE_NO_SENSE, 0x00, 0x00, DISK_RETRY_NOW, -EIO, "check condition without sense" },
    { SENSE_NO_SENSE, ANY, ANY, DISK_OK, 0, "no sense (informational)" },
    { SENSE_RECOVERED_ERROR, ANY, ANY, DISK_OK, 0, "recovered error" },
    { SENSE_NOT_READY, 0x04, 0x01, DISK_RETRY_LATER, -EIO, "not ready, becoming ready" },
    { SENSE_NOT_READY, 0x04, 0x07, DISK_RETRY_LATER, -EIO, "not ready, operation in progress" },
    { SENSE_NOT_READY, 0x04, 0x0a, DISK_RETRY_LATER, -EIO, "not ready, access state transition" },
    { SENSE_NOT_READY, 0x04, 0x02, DISK_FAIL, -EIO, "not ready, initializing command required" },
    { SENSE_NOT_READY, 0x04, 0x03, DISK_FAIL, -EIO, "not ready, manual intervention required" },
    { SENSE_NOT_READY, 0x3a, ANY, DISK_FAIL, -ENOMEDIUM, "medium not present" },
    { SENSE_NOT_READY, ANY, ANY, DISK_FAIL, -EIO, "not ready" },
    { SENSE_MEDIUM_ERROR, 0x11, ANY, DISK_FAIL, -EIO, "unrecovered read error" },
    { SENSE_MEDIUM_ERROR, 0x0c, ANY, DISK_FAIL, -EIO, "write error" },
    { SENSE_MEDIUM_ERROR, ANY, ANY, DISK_FAIL, -EIO, "medium error" },
    { SENSE_HARDWARE_ERROR, ANY, ANY, DISK_FAIL, -EIO, "hardware error" },
    { SENSE_ILLEGAL_REQUEST, 0x20, 0x00, DISK_FAIL, -EOPNOTSUPP, "invalid command operation code" },
    { SENSE_ILLEGAL_REQUEST, 0x21, 0x00, DISK_FAIL, -EINVAL, "logical block address out of range" },
    { SENSE_ILLEGAL_REQUEST, 0x24, 0x00, DISK_FAIL, -EINVAL, "invalid field in CDB" },
    { SENSE_ILLEGAL_REQUEST, 0x25, 0x00, DISK_FAIL, -ENXIO, "logical unit not supported" },
    { SENSE_ILLEGAL_REQUEST, 0x26, ANY, DISK_FAIL, -EINVAL, "invalid field in parameter list" },
    { SENSE_ILLEGAL_REQUEST, 0x1a, 0x00, DISK_FAIL, -EINVAL, "parameter list length error" },
    { SENSE_ILLEGAL_REQUEST, ANY, ANY, DISK_FAIL, -EIO, "illegal request" },
    { SENSE_UNIT_ATTENTION, 0x28, 0x00, DISK_RETRY_NOW, -EIO, "not ready to ready change" },
    { SENSE_UNIT_ATTENTION, 0x29, ANY, DISK_RETRY_NOW, -EIO, "power on or reset occurred" },
    { SENSE_UNIT_ATTENTION, 0x2a, 0x09, DISK_RETRY_NOW, -EIO, "capacity data has changed" },
    { SENSE_UNIT_ATTENTION, 0x3f, 0x0e, DISK_RETRY_NOW, -EIO, "reported luns data has changed" },
    { SENSE_UNIT_ATTENTION, ANY, ANY, DISK_RETRY_NOW, -EIO, "unit attention" },
    { SENSE_DATA_PROTECT, 0x27, ANY, DISK_FAIL, -EROFS, "write protected" },
    { SENSE_DATA_PROTECT, ANY, ANY, DISK_FAIL, -EACCES, "data protect" },
    { SENSE_BLANK_CHECK, ANY, ANY, DISK_FAIL, -ENODATA, "blank check" },
    { SENSE_COPY_ABORTED, ANY, ANY, DISK_FAIL, -EIO, "copy aborted" },
    { SENSE_ABORTED_COMMAND, 0x10, ANY, DISK_FAIL, -EILSEQ, "protection information check failed" },
    { SENSE_ABORTED_COMMAND, ANY, ANY, DISK_RETRY_NOW, -EIO, "aborted command" },
    { SENSE_VOLUME_OVERFLOW, ANY, ANY, DISK_FAIL, -ENOSPC, "volume overflow" },
    { SENSE_MISCOMPARE, ANY, ANY, DISK_FAIL, -EILSEQ, "miscompare" },
};

bool disk_sense_parse(const uint8_t *buf, size_t len, struct disk_sense *out)
{
    if (!buf || len < 2)
        return false;
    uint8_t code = buf[0] & 0x7f;
    *out = (struct disk_sense){ .deferred = code == 0x71 || code == 0x73 };
    if (code == 0x70 || code == 0x71) {
        if (len < 3)
            return false;
        out->key = buf[2] & 0x0f;
        /* ASC and ASCQ exist only when the additional length reaches them */
        if (len >= 14 && buf[7] >= 6) {
            out->asc = buf[12];
            out->ascq = buf[13];
        }
        return true;
    }
    if (code == 0x72 || code == 0x73) {
        out->key = buf[1] & 0x0f;
        out->asc = len > 2 ? buf[2] : 0;
        out->ascq = len > 3 ? buf[3] : 0;
        return true;
    }
    return false;
}

static bool rule_matches(const struct sense_rule *r, const struct disk_sense *s)
{
    return r->key == s->key && (r->asc == ANY || r->asc == s->asc) &&
           (r->ascq == ANY || r->ascq == s->ascq);
}

struct disk_verdict disk_sense_verdict(const struct disk_sense *s)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rule_matches(&rules[i], s))
            return (struct disk_verdict){ rules[i].action, rules[i].err, rules[i].what };
    return (struct disk_verdict){ DISK_FAIL, -EIO, "unknown sense key" };
}

static struct disk_verdict verdict(enum disk_action a, int err, const char *what)
{
    return (struct disk_verdict){ a, err, what };
}

static struct disk_verdict status_verdict(uint8_t status, const uint8_t *sense, size_t len)
{
    struct disk_sense s;
    switch (status) {
    case SCSI_STATUS_GOOD:
        return verdict(DISK_RETRY_NOW, -EIO, "transport error");
    case SCSI_STATUS_CONDITION_MET:
        return verdict(DISK_OK, 0, "condition met");
    case SCSI_STATUS_CHECK_CONDITION:
        if (disk_sense_parse(sense, len, &s))
            return disk_sense_verdict(&s);
        return verdict(DISK_RETRY_NOW, -EIO, "check condition without sense data");
    case SCSI_STATUS_BUSY:
        return verdict(DISK_RETRY_LATER, -EBUSY, "busy");
    case SCSI_STATUS_TASK_SET_FULL:
        return verdict(DISK_RETRY_LATER, -EBUSY, "task set full");
    case SCSI_STATUS_ACA_ACTIVE:
        return verdict(DISK_RETRY_LATER, -EBUSY, "ACA active");
    case SCSI_STATUS_RESERVATION_CONFLICT:
        return verdict(DISK_FAIL, -EBADE, "reservation conflict");
    case SCSI_STATUS_TASK_ABORTED:
        return verdict(DISK_RETRY_NOW, -EIO, "task aborted");
    default:
        return verdict(DISK_FAIL, -EIO, "unknown SCSI status");
    }
}

struct disk_verdict disk_command_verdict(int result, uint8_t scsi_status, const uint8_t *sense,
                                         size_t sense_len)
{
    switch (result) {
    case 0:
        return verdict(DISK_OK, 0, "good");
    case -ETIMEDOUT:
        return verdict(DISK_RETRY_NOW, -ETIMEDOUT, "command timed out");
    case -ECANCELED:
        return verdict(DISK_RETRY_NOW, -EIO, "command aborted by the port (reset or flush)");
    case -EBUSY:
        return verdict(DISK_RETRY_LATER, -EBUSY, "adapter busy");
    case -ENODEV:
        return verdict(DISK_FAIL, -ENODEV, "device gone");
    case -EINVAL:
        return verdict(DISK_FAIL, -EINVAL, "request refused by the port");
    case -EIO:
        return status_verdict(scsi_status, sense, sense_len);
    default:
        return verdict(DISK_FAIL, result < 0 ? result : -EIO, "port error");
    }
}
