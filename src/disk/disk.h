/* disk.h - the class-driver role: a logical unit as a block device.
 *
 * Opening a disk probes its unit once: TEST UNIT READY until it is ready, READ
 * CAPACITY(16) (falling back to 10) for size and block sizes, the VPD pages
 * 0xB0 (transfer and unmap limits), 0xB1 (rotation) and 0xB2 (provisioning), and
 * MODE SENSE for the caching page (write cache) and the write-protect and
 * DPO/FUA bits. Block requests (read, write, flush, trim, zero, with FUA) then
 * become READ/WRITE(10/16), SYNCHRONIZE CACHE, UNMAP and WRITE SAME(16) commands,
 * cut to the adapter's and the unit's limits (disk_split.h), sent to the port
 * several at a time, retried as SCSI allows (disk_sense.h) and folded back into
 * one result. Data buffers must come from ustor_buffer_alloc() of the same host
 * (or ustor_disk_buffer_alloc()); they reach the miniport without a copy.
 *
 * A request lives in the caller's memory (struct ustor_disk_io) and carries all
 * the state its commands need, so submitting allocates nothing. It completes
 * exactly once through done(), on the submitting thread or a port thread.
 *
 * Left out: units whose capacity changes while open (the change is logged, the
 * old size kept), protection information, zoned devices, multiple descriptors
 * per UNMAP, READ-after-WRITE verification.
 */
#ifndef USTOR_DISK_DISK_H
#define USTOR_DISK_DISK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "disk/disk_split.h"
#include "nbd/nbd_export.h"
#include "ustorport/ustorport.h"

#define DISK_API __attribute__((visibility("default")))

struct ustor_disk;

/* What probing found. */
struct ustor_disk_info {
    uint8_t path_id, target_id, lun;
    uint8_t peripheral_type;
    char vendor[9], product[17], revision[5];   /* INQUIRY strings, trailing blanks cut */
    char serial[65];                            /* VPD 0x80, "" if none */
    uint64_t blocks;                            /* logical blocks */
    uint32_t block_size;                        /* bytes per logical block */
    uint32_t physical_block_size;
    uint64_t size;                              /* bytes */
    uint32_t queue_depth;
    uint16_t rotation_rate;                     /* VPD 0xB1: 1 non-rotating, 0 unknown, else rpm */
    bool capacity16;                            /* READ CAPACITY(16) answered */
    bool read_only;                             /* MODE SENSE: write protected */
    bool write_cache;                           /* caching page WCE (assumed on if unreadable) */
    bool flush;                                 /* SYNCHRONIZE CACHE works */
    bool fua;                                   /* DPOFUA: FUA honoured on READ/WRITE */
    bool lbpme;                                 /* logical block provisioning */
    bool unmap;                                 /* UNMAP (VPD 0xB2 LBPU) */
    bool ws_unmap;                              /* WRITE SAME(16) with UNMAP (LBPWS) */
    bool lbprz;                                 /* unmapped blocks read as zeroes */
    bool write_same;                            /* WRITE SAME(16) usable for zeroing */
    struct disk_limits limits;
};

/* Opens the disk of a unit of HOST (probing it; blocking). -ENOTSUP for a unit
 * that is not a direct-access block device. */
DISK_API int ustor_disk_open(struct ustor_host *host, struct ustor_lun *lun, struct ustor_disk **out);
/* Closes it: nothing may be in flight. */
DISK_API void ustor_disk_close(struct ustor_disk *disk);
DISK_API const struct ustor_disk_info *ustor_disk_get_info(const struct ustor_disk *disk);

/* ---- requests ---- */

enum ustor_disk_op {
    USTOR_DISK_READ,
    USTOR_DISK_WRITE,
    USTOR_DISK_FLUSH,   /* offset and length ignored */
    USTOR_DISK_TRIM,    /* a hint: a unit without unmap does nothing */
    USTOR_DISK_ZERO,    /* WRITE SAME, or zeroes written when the unit lacks it */
};

#define USTOR_DISK_FUA       (1u << 0)  /* WRITE/TRIM/ZERO durable before done() */
#define USTOR_DISK_NO_UNMAP  (1u << 1)  /* ZERO: keep the blocks allocated */
#define USTOR_DISK_FAST_ZERO (1u << 2)  /* ZERO: -ENOTSUP at once unless WRITE SAME does it */

#define USTOR_DISK_IO_COMMANDS 4        /* commands of one request in flight at once */
#define DISK_SENSE_BYTES 32

/* One SCSI command of a request: the disk's, do not touch. */
struct disk_command {
    struct ustor_scsi_request scsi;
    struct ustor_disk_io *io;
    struct disk_command *wait_next;     /* on the retry or UNMAP-buffer wait list */
    uint64_t lba;
    uint64_t retry_at_ns;
    uint32_t blocks;
    uint8_t index, state, kind, retries;
    void *param;                        /* UNMAP parameter list, from the disk's pool */
    uint8_t sense[DISK_SENSE_BYTES];
};

struct ustor_disk_io {
    /* in */
    uint8_t op;                         /* enum ustor_disk_op */
    uint32_t flags;                     /* USTOR_DISK_* */
    uint64_t offset, length;            /* bytes, multiples of the block size */
    void *buf;                          /* READ/WRITE data (DMA memory) */
    void (*done)(struct ustor_disk_io *io, int result);
    void *context;                      /* the caller's */
    /* the disk's, do not touch */
    struct ustor_disk *disk;
    _Atomic uint32_t events;
    uint64_t next_lba, end_lba;
    int err;
    uint8_t phase, inflight, waiting;
    bool flush_sent, split;
    struct disk_command cmd[USTOR_DISK_IO_COMMANDS];
};

/* Starts IO; done() runs exactly once, possibly before this returns. Requests
 * outside the disk or misaligned complete with -EINVAL, writes to a read-only
 * disk with -EROFS. */
DISK_API void ustor_disk_submit(struct ustor_disk *disk, struct ustor_disk_io *io);

/* Submits and waits (setup code and tests). */
DISK_API int ustor_disk_io_sync(struct ustor_disk *disk, enum ustor_disk_op op, uint32_t flags,
                                uint64_t offset, uint64_t length, void *buf);

/* Data buffers from the disk's recycled pool of DMA memory (NULL when the pool
 * is at its limit); bytes up to 32 MiB. */
DISK_API void *ustor_disk_buffer_alloc(struct ustor_disk *disk, size_t bytes);
DISK_API void ustor_disk_buffer_free(struct ustor_disk *disk, void *buf, size_t bytes);

/* Counters. */
struct ustor_disk_stats {
    uint64_t retries, failures, split_requests;
};
DISK_API void ustor_disk_get_stats(const struct ustor_disk *disk, struct ustor_disk_stats *st);

/* ---- NBD ---- */

/* Fills *out to serve the disk as an NBD export named NAME (copied by the
 * server); flags come from what probing found. */
DISK_API int ustor_disk_nbd_export(struct ustor_disk *disk, const char *name,
                                   const char *description, struct nbd_export *out);
/* The NBD capabilities (NBD_EXPORT_*) the disk supports. */
DISK_API uint32_t ustor_disk_nbd_caps(const struct ustor_disk *disk);

#endif
