/* Private contract between the backend front (backend.c: specs, validation,
 * queues) and each kind of backend (ram, file) and I/O engine (inline, uring).
 * A kind executes one request synchronously; an engine may run it asynchronously. */
#ifndef USTOR_BACKENDS_BACKEND_INTERNAL_H
#define USTOR_BACKENDS_BACKEND_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ustorport/ustor_backend.h"

#define USTOR_BACKEND_EXPORT __attribute__((visibility("default")))

/* A parsed spec (backend_spec.c). */
enum backend_aio { BACKEND_AIO_DEFAULT, BACKEND_AIO_SYNC, BACKEND_AIO_URING };

/* Requests at least this long go to helper threads when a backend has them. */
#define BACKEND_THREADS_MIN (128u << 10)
#define BACKEND_THREADS_MAX 16u

struct backend_spec {
    bool ram;
    char path[4096];
    uint64_t size;          /* 0: not given */
    bool read_only;
    bool direct;            /* O_DIRECT */
    enum backend_aio aio;
    unsigned threads;       /* helper threads for large requests; 0: none */
};

int backend_spec_parse(const char *text, struct backend_spec *spec);

struct backend_ops {
    void (*destroy)(struct ustor_backend *b);
    /* Runs one validated request to its end; 0 or -errno. Thread-safe. */
    int (*execute)(struct ustor_backend *b, struct ustor_bio *bio);
    /* As ustor_backend_extents, for a validated, non-empty range. */
    int (*extents)(struct ustor_backend *b, uint64_t offset, uint64_t length,
                   struct ustor_extent *ext, unsigned max, unsigned *count);
};

/* An asynchronous engine: one instance per queue. */
struct backend_engine {
    int (*open)(struct ustor_backend_queue *q, unsigned depth);
    void (*close)(struct ustor_backend_queue *q);
    void (*submit)(struct ustor_backend_queue *q, struct ustor_bio *bio);
    void (*kick)(struct ustor_backend_queue *q);
    unsigned (*poll)(struct ustor_backend_queue *q);
    void (*wait)(struct ustor_backend_queue *q);
};

struct backend_helpers;

struct ustor_backend {
    const struct backend_ops *ops;
    /* Asynchronous engine, or NULL: requests then run inline in submit. */
    const struct backend_engine *engine;
    struct backend_helpers *helpers;    /* the threads engine's, or NULL */
    struct ustor_backend_info info;
};

struct ustor_backend_queue {
    struct ustor_backend *backend;
    unsigned inflight;      /* submitted, done() not yet run (engine queues only) */
    int fd;                 /* pollable, or -1 */
    void *engine_state;
};

/* Each kind opens itself from a parsed spec. */
int backend_ram_open(const struct backend_spec *spec, struct ustor_backend **out);
int backend_file_open(const struct backend_spec *spec, struct ustor_backend **out);

/* The io_uring engine for file backends (backend_uring.c); file descriptor in
 * the backend is found through backend_file_fd(). */
extern const struct backend_engine backend_uring_engine;

/* Helper threads (backend_threads.c): large requests run on one of n threads,
 * completions come back through the queue's eventfd. */
extern const struct backend_engine backend_threads_engine;
int backend_helpers_start(struct ustor_backend *b, unsigned n);
void backend_helpers_stop(struct ustor_backend *b);
int backend_file_fd(const struct ustor_backend *b);
/* Finishes a READ/WRITE synchronously from byte DONE on (after a short transfer). */
int backend_file_rw(struct ustor_backend *b, struct ustor_bio *bio, uint64_t done);
bool backend_uring_available(void);

/* Finishes a request an engine took (drops inflight, runs done). */
static inline void backend_complete(struct ustor_backend_queue *q, struct ustor_bio *bio, int result)
{
    q->inflight--;
    bio->done(bio, result);
}

#endif
