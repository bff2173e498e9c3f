/*
 * ustor_backend.h - where the blocks live: RAM and file images behind one
 * asynchronous block interface.
 *
 * A backend is opened from a spec string:
 *   ram:SIZE[,ro][,threads=N]       anonymous memory; trim and zero give pages back
 *   PATH[,size=N][,ro][,direct][,aio=sync|uring][,threads=N]
 *                                   a file or block device; created with size=N if
 *                                   missing; flush = fdatasync, trim = punch hole,
 *                                   zero = zero range, extents from SEEK_DATA/SEEK_HOLE
 * SIZE and N take an optional K, M, G or T suffix (powers of 1024). aio= picks the
 * file engine: io_uring is the default with direct (requests overlap on the
 * device), inline preadv/pwritev otherwise (page-cache hits are cheaper that way).
 * threads=N runs requests of 128 KiB or more on N helper threads of the backend,
 * so big copies overlap the submitting thread's other work; completions then come
 * back through the queue's fd like io_uring's.
 *
 * I/O goes through a queue; each thread that submits opens its own. A request
 * (struct ustor_bio) completes exactly once through its done() callback, either
 * before ustor_backend_submit() returns (RAM, aio=sync) or later from
 * ustor_backend_queue_poll() on the queue's thread (aio=uring). Submitting allocates
 * nothing. Functions return 0 or a negative errno; ustor_error_message()
 * (ustor_log.h) then says why.
 *
 * Left out: formats other than raw, resizing, copy-on-write, encryption.
 */
#ifndef USTORPORT_USTOR_BACKEND_H
#define USTORPORT_USTOR_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define USTOR_BACKEND_API __attribute__((visibility("default")))

struct ustor_backend;
struct ustor_backend_queue;

/* What a backend can do (ustor_backend_info.caps). */
#define USTOR_BACKEND_READ_ONLY     (1u << 0)  /* writes, trims and zeroes fail with -EROFS */
#define USTOR_BACKEND_CAN_FLUSH     (1u << 1)  /* FLUSH makes earlier writes durable */
#define USTOR_BACKEND_CAN_FUA       (1u << 2)  /* USTOR_BIO_FUA is honoured per write */
#define USTOR_BACKEND_CAN_TRIM      (1u << 3)  /* TRIM may free space */
#define USTOR_BACKEND_CAN_ZERO      (1u << 4)  /* ZERO is cheaper than writing zeroes */
#define USTOR_BACKEND_CAN_FAST_ZERO (1u << 5)  /* ZERO with USTOR_BIO_FAST_ZERO fails fast if slow */
#define USTOR_BACKEND_CAN_EXTENTS   (1u << 6)  /* ustor_backend_extents() knows holes */
#define USTOR_BACKEND_CAN_CACHE     (1u << 7)  /* CACHE prefetches */
#define USTOR_BACKEND_MULTI_QUEUE   (1u << 8)  /* a write is visible to every queue once done,
                                                  and FLUSH on one queue covers all queues */

struct ustor_backend_info {
    uint64_t size;          /* bytes */
    uint32_t block_size;    /* required alignment of offsets and lengths (1: none) */
    uint32_t caps;          /* USTOR_BACKEND_* */
    const char *kind;       /* "ram" or "file" */
    const char *engine;     /* "inline", "sync", "uring" or "threads" */
};

/* Options of ustor_backend_open(). */
#define USTOR_BACKEND_OPEN_READ_ONLY (1u << 0)   /* as if the spec said ro */

/* Opens the backend a spec names. -EINVAL for a bad spec, -ENOENT for a missing
 * image without size=, or the errno of the system call that failed. */
USTOR_BACKEND_API int ustor_backend_open(const char *spec, unsigned flags, struct ustor_backend **out);
/* Closes it; every queue must be closed first. */
USTOR_BACKEND_API void ustor_backend_close(struct ustor_backend *backend);
USTOR_BACKEND_API const struct ustor_backend_info *ustor_backend_get_info(const struct ustor_backend *backend);

/* Parses "512", "4k", "1M", "2G", "1T" (also "KiB"/"K" spellings) into bytes. */
USTOR_BACKEND_API int ustor_backend_parse_size(const char *text, uint64_t *bytes);

/* ---- requests ---- */

enum ustor_bio_op {
    USTOR_BIO_READ,
    USTOR_BIO_WRITE,
    USTOR_BIO_FLUSH,        /* offset and length ignored */
    USTOR_BIO_TRIM,         /* a hint: the range may read back as anything */
    USTOR_BIO_ZERO,         /* the range reads back as zeroes */
    USTOR_BIO_CACHE,        /* a hint: the range will be read soon */
};

/* ustor_bio.flags */
#define USTOR_BIO_FUA       (1u << 0)   /* WRITE/TRIM/ZERO: durable before done() */
#define USTOR_BIO_NO_HOLE   (1u << 1)   /* ZERO: keep the range allocated */
#define USTOR_BIO_FAST_ZERO (1u << 2)   /* ZERO: -ENOTSUP at once unless cheaper than a write */

struct ustor_bio {
    uint8_t op;                 /* enum ustor_bio_op */
    uint32_t flags;             /* USTOR_BIO_* */
    uint64_t offset;            /* bytes */
    uint64_t length;            /* bytes */
    void *buf;                  /* READ/WRITE data when iovcnt == 0 */
    const struct iovec *iov;    /* or a scatter list of iovcnt entries totalling length */
    uint32_t iovcnt;
    /* Runs exactly once with 0 or -errno, on the submitting or the polling thread. */
    void (*done)(struct ustor_bio *bio, int result);
    void *context;              /* the caller's */
    uint64_t backend_private[4];/* the backend's, do not touch */
};

/* A submission queue for one thread; DEPTH bounds the requests in flight on it
 * (0: a default of 256). Queues of one backend may be used from different threads. */
USTOR_BACKEND_API int ustor_backend_queue_open(struct ustor_backend *backend, unsigned depth,
                                               struct ustor_backend_queue **out);
/* Waits for what is in flight, then closes. */
USTOR_BACKEND_API void ustor_backend_queue_close(struct ustor_backend_queue *queue);

/* Starts BIO. done() may run before this returns. A request outside the backend,
 * misaligned, or beyond the queue depth completes with -EINVAL, -EROFS or -EAGAIN. */
USTOR_BACKEND_API void ustor_backend_submit(struct ustor_backend_queue *queue, struct ustor_bio *bio);
/* Hands requests submitted since the last call to the kernel (one system call for
 * a batch); a no-op for backends that complete inline. */
USTOR_BACKEND_API void ustor_backend_queue_kick(struct ustor_backend_queue *queue);
/* A file descriptor that becomes readable when completions wait to be polled, or
 * -1 when every request completes inside ustor_backend_submit(). */
USTOR_BACKEND_API int ustor_backend_queue_fd(const struct ustor_backend_queue *queue);
/* Runs the done() of finished requests without blocking; returns how many. */
USTOR_BACKEND_API unsigned ustor_backend_queue_poll(struct ustor_backend_queue *queue);
/* Requests submitted on this queue and not yet completed. */
USTOR_BACKEND_API unsigned ustor_backend_queue_inflight(const struct ustor_backend_queue *queue);
/* Kicks, then blocks until at least one completion ran or nothing is in flight. */
USTOR_BACKEND_API void ustor_backend_queue_wait(struct ustor_backend_queue *queue);

/* Submits one request and waits for it (setup code and tests, not the hot path). */
USTOR_BACKEND_API int ustor_backend_io(struct ustor_backend_queue *queue, enum ustor_bio_op op,
                                       uint32_t flags, uint64_t offset, uint64_t length, void *buf);

/* ---- allocation status ---- */

#define USTOR_EXTENT_HOLE (1u << 0)     /* not allocated */
#define USTOR_EXTENT_ZERO (1u << 1)     /* reads as zeroes */

struct ustor_extent {
    uint64_t length;
    uint32_t flags;                     /* USTOR_EXTENT_* ; 0: data */
};

/* Describes [offset, offset+length) from its start in at most MAX extents; sets
 * *count (>= 1 on success). The extents may cover less than LENGTH but never
 * more; a backend that cannot tell reports one data extent. Thread-safe. */
USTOR_BACKEND_API int ustor_backend_extents(struct ustor_backend *backend, uint64_t offset,
                                            uint64_t length, struct ustor_extent *ext,
                                            unsigned max, unsigned *count);

#ifdef __cplusplus
}
#endif

#endif
