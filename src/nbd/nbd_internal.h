/* The NBD server's private structures: the server, its workers, connections,
 * request slots, channels and the buffer pool; and the functions the files of
 * src/nbd share. One worker thread owns each connection: nothing here is locked
 * except the export table, the hand-over of new connections, and the stack of
 * completions arriving from other threads. */
#ifndef USTOR_NBD_NBD_INTERNAL_H
#define USTOR_NBD_NBD_INTERNAL_H

#include <endian.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "nbd/nbd_export.h"
#include "nbd/nbd_proto.h"
#include "nbd/nbd_server.h"

/* ---- bounds: what a client can make us hold ---- */
#define NBD_PAYLOAD_CEILING   (32u << 20)  /* largest READ/WRITE we ever accept */
#define NBD_OPTION_MAX        (64u << 10)  /* option data we read; longer: skipped, TOO_BIG */
#define NBD_OPTIONS_MAX       1024u        /* options per connection before we hang up */
#define NBD_INBUF_SIZE        (256u << 10) /* per-connection input staging */
#define NBD_HS_OUT_MAX        (1u << 20)   /* pending handshake replies before we stop reading */
#define NBD_EXTENTS_MAX       256u         /* descriptors per BLOCK_STATUS reply */
#define NBD_ERRMSG_MAX        120u         /* text in a structured error chunk */
#define NBD_REQUESTS_CEILING  1024u
#define NBD_WORKERS_MAX       8u
#define NBD_POLL_US_DEFAULT   30

struct nbd_worker;
struct nbd_conn;

/* What an epoll event points at. */
enum nbd_tag_kind { NBD_TAG_WAKE, NBD_TAG_CONN, NBD_TAG_CHAN };
struct nbd_tag {
    enum nbd_tag_kind kind;
};

/* An export as the server keeps it; never freed before the server. holders
 * counts the workers' open channels to it, with NBD_EXPORT_REMOVED or-ed in once
 * it is withdrawn; gone runs when both say nobody will touch e.ctx again. */
#define NBD_EXPORT_REMOVED (1u << 31)
struct nbd_srv_export {
    struct nbd_export e;        /* name and description point at the copies below */
    unsigned index;             /* slot in each worker's channel table */
    _Atomic unsigned holders;
    void (*gone)(void *opaque);
    void *gone_opaque;
    size_t name_len, desc_len;
    char strings[];             /* name NUL description NUL */
};

/* A worker's channel to one export. */
struct nbd_chan {
    struct nbd_tag tag;
    const struct nbd_srv_export *exp;
    void *chan;                 /* the export's */
    int fd;
    unsigned users;             /* this worker's connections on the export */
    bool used;                  /* submitted to since the last kick */
    struct nbd_chan *next_used;
};

/* One request in flight; slots are laid out with a stride that leaves the
 * export's private bytes after each. */
struct nbd_req {
    struct nbd_export_io io;    /* what the export sees */
    struct nbd_conn *conn;
    struct nbd_req *next;       /* free list or completion stack */
    uint64_t cookie;
    uint64_t offset;
    uint32_t length;
    uint16_t cmd, cmd_flags;
    int err;                    /* -errno: from the export or our own rejection */
    uint32_t payload;           /* bytes of buffer held */
    bool buf_from_export;
    char msg[NBD_ERRMSG_MAX];   /* why, for a structured error chunk */
    uint8_t *ext_buf;           /* BLOCK_STATUS reply: header, context id, descriptors */
    uint8_t reply[48];          /* reply header(s) */
};

/* The per-worker pool of page-aligned data buffers, by power-of-two class. */
#define NBD_POOL_CLASSES 14     /* 4 KiB .. 32 MiB */
struct nbd_pool {
    void *free[NBD_POOL_CLASSES];
    unsigned count[NBD_POOL_CLASSES];
};

/* One pending piece of output (transmission phase). */
struct nbd_out {
    const void *base;
    size_t len;
    struct nbd_req *release;    /* slot to free once this is sent */
};

enum nbd_phase { NBD_PHASE_FLAGS, NBD_PHASE_OPTIONS, NBD_PHASE_TRANSMIT, NBD_PHASE_CLOSING };

struct nbd_conn {
    struct nbd_tag tag;
    struct nbd_worker *w;
    struct ustor_nbd_server *srv;
    int fd;
    unsigned id;
    enum nbd_phase phase;

    /* negotiation */
    bool no_zeroes, structured;
    const struct nbd_srv_export *meta_exp;  /* base:allocation selected for it */
    unsigned n_options;
    uint64_t skip_left;         /* over-long option data still to discard */
    uint32_t skip_option;

    /* transmission */
    const struct nbd_srv_export *exp;
    struct nbd_chan *chan;
    uint16_t eflags;
    uint32_t block_min, block_max;

    /* input */
    uint8_t *in;
    uint32_t in_start, in_end;
    struct nbd_req *rx;         /* WRITE whose payload is arriving */
    uint8_t *rx_ptr;
    uint32_t rx_left;
    uint64_t discard_left;      /* payload of a refused WRITE still to skip */
    struct nbd_req *discard_req;/* its reply, sent once the payload is skipped */

    /* requests */
    uint8_t *slots;
    size_t stride;
    unsigned n_slots, inflight;
    struct nbd_req *free_slots;
    size_t payload_bytes, payload_max;

    /* output: handshake bytes first, then reply pieces */
    uint8_t *hs;
    size_t hs_len, hs_sent, hs_cap;
    struct nbd_out *out;
    unsigned out_head, out_count, out_cap;
    size_t out_skip;            /* bytes of out[out_head] already sent */
    size_t out_bytes;           /* bytes queued and not yet sent */

    /* state */
    bool readable, writable, eof, dead, closing_after_flush, stalled, queued, drain;
    bool peer_closed;           /* EPOLLRDHUP seen: read on until EOF */
    struct nbd_conn *ready_next, *batch_next;
    struct nbd_conn *prev, *next;
};

struct nbd_worker {
    struct nbd_tag tag;
    struct ustor_nbd_server *srv;
    unsigned index;
    pthread_t thread;
    int epfd, wake_fd;
    pthread_mutex_t lock;       /* guards incoming */
    struct nbd_conn *incoming;
    _Atomic(struct nbd_req *) done_stack;   /* completions from other threads */
    _Atomic unsigned nconns;
    _Atomic bool stop;
    _Atomic bool exports_changed;   /* an export was withdrawn: hang up its clients */
    struct nbd_conn *conns;
    struct nbd_conn *ready;
    struct nbd_chan **chans;
    unsigned n_chans;
    struct nbd_chan *used_chans;
    struct nbd_pool pool;
};

#define NBD_LISTENERS_MAX 8

struct ustor_nbd_server {
    struct ustor_nbd_config cfg;
    pthread_mutex_t exports_lock;
    struct nbd_srv_export **exports;
    unsigned n_exports, exports_cap;
    int listen_fd[NBD_LISTENERS_MAX];
    char *unix_path[NBD_LISTENERS_MAX];
    int tcp_port;
    unsigned n_listeners;
    struct nbd_worker *workers;
    unsigned n_workers;
    pthread_t acceptor;
    int stop_fd;                /* eventfd: stop requested */
    bool started, stopped;
    _Atomic unsigned connections;
    _Atomic unsigned next_id;
};

/* ---- nbd_server.c ---- */
/* A visible export by name, or NULL. */
const struct nbd_srv_export *nbd_export_find(struct ustor_nbd_server *srv, const char *name, size_t len);
static inline bool nbd_export_removed(const struct nbd_srv_export *x)
{
    return atomic_load_explicit(&((struct nbd_srv_export *)x)->holders, memory_order_acquire) &
           NBD_EXPORT_REMOVED;
}
/* Counts a channel opened (false: the export is withdrawn) or closed. */
bool nbd_export_hold(const struct nbd_srv_export *x);
void nbd_export_unhold(const struct nbd_srv_export *x);
/* Calls fn for each export in order, under the table lock. */
void nbd_export_each(struct ustor_nbd_server *srv, void (*fn)(void *arg, const struct nbd_srv_export *),
                     void *arg);

/* ---- nbd_worker.c ---- */
int nbd_worker_start(struct nbd_worker *w);
void nbd_worker_join(struct nbd_worker *w);
void nbd_worker_adopt(struct nbd_worker *w, struct nbd_conn *c);
void nbd_worker_wake(struct nbd_worker *w);
/* Attaches a connection to exp through the worker's channel (opened on first
 * use); NULL if it cannot be opened or exp was withdrawn. */
struct nbd_chan *nbd_worker_attach(struct nbd_worker *w, const struct nbd_srv_export *exp);
void nbd_worker_detach(struct nbd_worker *w, struct nbd_chan *ch);
void nbd_worker_mark_ready(struct nbd_worker *w, struct nbd_conn *c);

/* ---- nbd_conn.c ---- */
struct nbd_conn *nbd_conn_new(struct ustor_nbd_server *srv, int fd);
void nbd_conn_free(struct nbd_conn *c);
/* Reads and handles what the socket has, as far as resources allow. */
void nbd_conn_service_input(struct nbd_conn *c);
/* Sends what is pending; false when the connection is finished and may be freed. */
bool nbd_conn_flush(struct nbd_conn *c);
/* Appends handshake bytes; false (and dead) if over the bound. */
bool nbd_conn_hs_put(struct nbd_conn *c, const void *data, size_t len);
void nbd_conn_out_push(struct nbd_conn *c, const void *base, size_t len, struct nbd_req *release);
/* Allocates the request slots once the export is known. */
int nbd_conn_enter_transmission(struct nbd_conn *c, const struct nbd_srv_export *exp);
void nbd_conn_close(struct nbd_conn *c, const char *why);
/* Stops reading; closes once what is queued is sent and nothing is in flight. */
void nbd_conn_hangup(struct nbd_conn *c);
bool nbd_conn_finished(const struct nbd_conn *c);
struct nbd_req *nbd_req_get(struct nbd_conn *c);
void nbd_req_release(struct nbd_req *r);
/* Log line for a client mistake, prefixed with the connection. */
void nbd_conn_guest_error(struct nbd_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nbd_conn_debug(struct nbd_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- nbd_handshake.c ---- */
void nbd_handshake_begin(struct nbd_conn *c);
/* Consumes what it can of c->in; false when it needs more input. */
bool nbd_handshake_step(struct nbd_conn *c);

/* ---- nbd_request.c ---- */
/* Consumes what it can of c->in; false when it needs more input or resources. */
bool nbd_request_step(struct nbd_conn *c);
/* Queues the reply of a finished request (on its worker). */
void nbd_request_finish(struct nbd_req *r);

/* ---- nbd_pool.c ---- */
void *nbd_pool_get(struct nbd_pool *p, size_t len);
void nbd_pool_put(struct nbd_pool *p, void *buf, size_t len);
void nbd_pool_drain(struct nbd_pool *p);

/* ---- byte order: the same swap serves both directions ---- */
static inline uint16_t nbd_be16(uint16_t v) { return htobe16(v); }
static inline uint32_t nbd_be32(uint32_t v) { return htobe32(v); }
static inline uint64_t nbd_be64(uint64_t v) { return htobe64(v); }

/* Big-endian fields at any alignment (option data sits anywhere in the buffer). */
static inline uint16_t nbd_get16(const uint8_t *p) { uint16_t v; __builtin_memcpy(&v, p, 2); return be16toh(v); }
static inline uint32_t nbd_get32(const uint8_t *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return be32toh(v); }

#endif
