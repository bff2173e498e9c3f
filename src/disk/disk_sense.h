/* disk_sense.h - what a finished SCSI command means for the block request: done,
 * failed with an errno, or to be retried now or after a pause. Sense data in
 * fixed (70h/71h) and descriptor (72h/73h) format is decoded and looked up in a
 * table per sense key and additional sense code (SPC-5 4.4 and annex F). The
 * port's own result (timeouts, aborts, busy, a vanished device) and the status
 * byte are judged first. Left out: the INFORMATION field (which block failed),
 * vendor-specific codes, progress indication. */
#ifndef USTOR_DISK_DISK_SENSE_H
#define USTOR_DISK_DISK_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct disk_sense {
    uint8_t key, asc, ascq;
    bool deferred;              /* about an earlier command (71h/73h) */
};

enum disk_action {
    DISK_OK,                    /* the command did what was asked */
    DISK_FAIL,                  /* end the request with err */
    DISK_RETRY_NOW,             /* send it again at once (bounded) */
    DISK_RETRY_LATER,           /* send it again after a pause (bounded) */
};

struct disk_verdict {
    enum disk_action action;
    int err;                    /* -errno to report on failure or when retries run out */
    const char *what;           /* a short description for logs */
};

/* Decodes LEN bytes of sense data; false if they hold no sense key. */
bool disk_sense_parse(const uint8_t *buf, size_t len, struct disk_sense *out);

/* The verdict of a parsed sense. */
struct disk_verdict disk_sense_verdict(const struct disk_sense *s);

/* The verdict of a finished command: the port's result (0 or -errno), the SCSI
 * status byte and the sense bytes it copied (sense_len 0 if none). */
struct disk_verdict disk_command_verdict(int result, uint8_t scsi_status, const uint8_t *sense,
                                         size_t sense_len);

#endif
