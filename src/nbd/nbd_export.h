/* nbd_export.h - the contract between the NBD server and what it serves.
 *
 * An export is one disk (one LUN, or a backend served directly): a size, block
 * size constraints, capability flags and a table of operations. The server
 * derives every transmission flag from the capability flags, validates each
 * request against size, alignment and capabilities before the export sees it,
 * and hands the export only requests it has promised to handle.
 *
 * Requests are asynchronous: submit() starts one, and the export reports its end
 * with ustor_nbd_io_done(), exactly once, from any thread, possibly before
 * submit() returns. The server never allocates per request; an export keeps its
 * per-request state in io_private_size bytes the server reserves beside each
 * request (ustor_nbd_io_private()), and may provide the data buffers itself
 * (buf_alloc) so that payloads go from the socket straight into memory a
 * miniport can DMA from, and back.
 *
 * Threads: the server runs several workers. submit() of one export may run on
 * several workers at once; each worker may open its own channel (chan_open) so
 * the export can keep per-thread queues (an io_uring ring) that the worker polls
 * (chan_fd, chan_poll) and flushes once per batch (chan_kick).
 *
 * A LUN (src/disk) would fill it like this: size and block_min from READ
 * CAPACITY, block_max from the transfer limits, caps from the write cache (FLUSH,
 * FUA), UNMAP/WRITE SAME support (TRIM, ZERO) and GET LBA STATUS (EXTENTS);
 * buf_alloc/buf_free from a pool of ustor_buffer_alloc() memory; io_private_size
 * for its struct ustor_scsi_request; submit() builds the CDB and calls
 * ustor_lun_submit(); the request's done() maps sense data to -errno and calls
 * ustor_nbd_io_done() from whatever port thread it runs on. When the LUN goes,
 * ustor_nbd_server_remove_export() (nbd_server.h) says when ctx may be freed.
 *
 * Left out: exports that change size, TLS-only exports, per-export metadata
 * contexts other than base:allocation.
 */
#ifndef USTOR_NBD_NBD_EXPORT_H
#define USTOR_NBD_NBD_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#define NBD_EXPORT_API __attribute__((visibility("default")))

/* What a request asks (nbd_export_io.op). */
enum nbd_export_op {
    NBD_EXPORT_READ,          /* fill buf with length bytes from offset */
    NBD_EXPORT_WRITE,         /* store length bytes of buf at offset */
    NBD_EXPORT_FLUSH,         /* make every write completed so far durable */
    NBD_EXPORT_TRIM,          /* the range may be discarded (a hint) */
    NBD_EXPORT_ZERO,          /* the range must read back as zeroes */
    NBD_EXPORT_CACHE,         /* the range will be read soon (a hint) */
    NBD_EXPORT_BLOCK_STATUS,  /* describe allocation from offset on in extents[] */
};

/* nbd_export_io.flags */
#define NBD_EXPORT_IO_FUA       (1u << 0)  /* WRITE/TRIM/ZERO: durable before done */
#define NBD_EXPORT_IO_NO_HOLE   (1u << 1)  /* ZERO: keep the range allocated */
#define NBD_EXPORT_IO_FAST_ZERO (1u << 2)  /* ZERO: fail with -ENOTSUP unless cheaper than a write */
#define NBD_EXPORT_IO_REQ_ONE   (1u << 3)  /* BLOCK_STATUS: one extent is enough */

/* One extent of a BLOCK_STATUS answer, in base:allocation terms. */
struct nbd_export_extent {
    uint32_t length;            /* bytes, > 0 */
    uint32_t flags;             /* NBD_STATE_HOLE | NBD_STATE_ZERO, 0 for data */
};

/* One request as the export sees it; lives in the server until done. */
struct nbd_export_io {
    uint8_t op;                 /* enum nbd_export_op */
    uint32_t flags;             /* NBD_EXPORT_IO_*, only those the export's caps allow */
    uint64_t offset;            /* bytes; offset + length <= export size, aligned to block_min */
    uint32_t length;            /* bytes; > 0 except FLUSH; READ/WRITE <= block_max */
    void *buf;                  /* READ/WRITE data, from buf_alloc when the export has one */
    struct nbd_export_extent *extents; /* BLOCK_STATUS: room for max_extents entries */
    uint32_t max_extents;       /* BLOCK_STATUS: 1 with REQ_ONE */
    uint32_t n_extents;         /* BLOCK_STATUS: set by the export, >= 1, covering <= length */
    const char *error_message;  /* optional: a static text the client sees with the error */
};

/* Export capabilities (nbd_export.caps); each one turns on a transmission flag. */
#define NBD_EXPORT_READ_ONLY      (1u << 0)  /* writes, trims and zeroes are refused (EPERM) */
#define NBD_EXPORT_CAN_FLUSH      (1u << 1)  /* FLUSH does something (SEND_FLUSH) */
#define NBD_EXPORT_CAN_FUA        (1u << 2)  /* FUA honoured per request (SEND_FUA) */
#define NBD_EXPORT_CAN_TRIM       (1u << 3)  /* TRIM accepted (SEND_TRIM) */
#define NBD_EXPORT_CAN_ZERO       (1u << 4)  /* ZERO accepted (SEND_WRITE_ZEROES) */
#define NBD_EXPORT_CAN_FAST_ZERO  (1u << 5)  /* ZERO with FAST_ZERO passed on; else the server
                                                answers ENOTSUP itself (SEND_FAST_ZERO either way) */
#define NBD_EXPORT_CAN_CACHE      (1u << 6)  /* CACHE accepted (SEND_CACHE) */
#define NBD_EXPORT_CAN_EXTENTS    (1u << 7)  /* BLOCK_STATUS passed on; else the server reports data */
#define NBD_EXPORT_CAN_MULTI_CONN (1u << 8)  /* writes are visible to every connection when done,
                                                and a flush on one covers all (CAN_MULTI_CONN) */
#define NBD_EXPORT_ROTATIONAL     (1u << 9)  /* behaves like a spinning disk (ROTATIONAL) */

struct nbd_export_ops {
    /* Starts io (required). chan is this worker's channel, NULL without chan_open.
     * Must not block for long: it runs on a worker that serves other clients. */
    void (*submit)(void *ctx, void *chan, struct nbd_export_io *io);

    /* Optional data buffers: length bytes for a READ or WRITE, or NULL when none
     * can be had now (the server waits for a completion and asks again). Called on
     * workers; must be cheap and thread-safe. Without them the server uses its own
     * page-aligned pool. */
    void *(*buf_alloc)(void *ctx, size_t length);
    void (*buf_free)(void *ctx, void *buf, size_t length);

    /* Optional per-worker channel: opened on a worker the first time one of its
     * connections uses the export, closed when the worker stops (nothing in flight). */
    int (*chan_open)(void *ctx, void **chan);
    void (*chan_close)(void *ctx, void *chan);
    /* A descriptor the worker polls for readability, or -1 (then chan_poll is
     * called after every batch). */
    int (*chan_fd)(void *chan);
    /* Runs pending completions on the worker's thread. */
    void (*chan_poll)(void *chan);
    /* Called after a batch of submits: start what was queued. */
    void (*chan_kick)(void *chan);
};

/* One export. The server copies this struct (and the name and description) when
 * it is added; ctx must stay valid until the server is freed. */
struct nbd_export {
    const char *name;           /* what NBD_OPT_GO asks for; "" is the default export */
    const char *description;    /* shown by NBD_OPT_LIST and NBD_INFO_DESCRIPTION, or NULL */
    uint64_t size;              /* bytes; a multiple of block_min */
    uint32_t block_min;         /* power of 2 <= 64 KiB; 0: 1 (any byte alignment) */
    uint32_t block_pref;        /* power of 2 >= max(block_min, 512); 0: 4096 */
    uint32_t block_max;         /* largest READ/WRITE payload; 0: 32 MiB (also the ceiling) */
    uint32_t caps;              /* NBD_EXPORT_* */
    uint32_t io_private_size;   /* bytes the server keeps beside each io for the export */
    const struct nbd_export_ops *ops;
    void *ctx;                  /* passed to every op */
};

/* Ends io with 0 or -errno (mapped to the NBD error: EROFS/EPERM -> EPERM,
 * ENOSPC/EDQUOT/EFBIG -> ENOSPC, ENOTSUP -> ENOTSUP for fast zeroes, EINVAL,
 * ENOMEM, ESHUTDOWN, EOVERFLOW; anything else -> EIO). Any thread. */
NBD_EXPORT_API void ustor_nbd_io_done(struct nbd_export_io *io, int err);

/* The io_private_size bytes the export owns for io (64-byte aligned). */
NBD_EXPORT_API void *ustor_nbd_io_private(struct nbd_export_io *io);

#endif
