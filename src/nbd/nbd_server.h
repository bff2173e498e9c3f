/* nbd_server.h - the NBD server: fixed newstyle handshake, structured replies,
 * base:allocation, many connections with many requests in flight each.
 *
 * A server holds named exports (nbd_export.h), listens on unix sockets, TCP
 * (loopback unless told otherwise) or inherited listening descriptors, and can
 * also serve an already-connected descriptor (a socketpair, stdin). Connections
 * are spread over worker threads; each worker owns its connections outright and
 * runs an epoll loop: read a batch of requests, submit them, flush the replies
 * with one sendmsg. Memory per connection is bounded whatever the client sends:
 * 256 KiB of input staging, option data up to 64 KiB, unsent handshake replies up
 * to 1 MiB, max_requests slots and max_payload_bytes of READ/WRITE buffers (the
 * server stops reading rather than exceeding them), so a server holds at most
 * about max_connections x (max_payload_bytes + 1.5 MiB); the defaults allow 256
 * connections and 64 MiB each.
 *
 * Left out: TLS (STARTTLS is refused with NBD_REP_ERR_POLICY), extended headers,
 * socket activation (pass the fd with ustor_nbd_server_listen_fd instead).
 */
#ifndef USTOR_NBD_NBD_SERVER_H
#define USTOR_NBD_NBD_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nbd/nbd_export.h"

struct ustor_nbd_server;

struct ustor_nbd_config {
    unsigned workers;           /* threads; 0: one per online CPU, at most 8 */
    unsigned max_connections;   /* further clients are refused; 0: 256 */
    unsigned max_requests;      /* in flight per connection; 0: 256 (max 1024) */
    size_t max_payload_bytes;   /* READ/WRITE buffers in flight per connection; 0: 64 MiB */
    bool read_only;             /* serve every export read-only */
    int poll_us;                /* after work, poll this long before sleeping (a busy
                                   client's next request comes sooner than a wake-up);
                                   0: 30 us; negative: never */
    /* Called after each connection closes, with how many remain (any thread). */
    void (*on_disconnect)(void *opaque, unsigned remaining);
    void *opaque;
};

/* A server with no exports and no listeners; cfg may be NULL for defaults. */
NBD_EXPORT_API int ustor_nbd_server_new(const struct ustor_nbd_config *cfg, struct ustor_nbd_server **out);

/* Adds an export (the struct is copied). -EEXIST for a name in use, -EINVAL for
 * sizes or block constraints the protocol cannot express. Any time; clients see
 * it from their next option. */
NBD_EXPORT_API int ustor_nbd_server_add_export(struct ustor_nbd_server *srv, const struct nbd_export *exp);

/* Withdraws an export (its LUN went away): new clients no longer see it, and
 * its connections are hung up once their requests in flight complete. gone(opaque)
 * runs exactly once, on this or a worker thread, possibly before this returns,
 * when the server will never touch the export's ctx again. -ENOENT if unknown.
 * The name may then be added again. */
NBD_EXPORT_API int ustor_nbd_server_remove_export(struct ustor_nbd_server *srv, const char *name,
                                                  void (*gone)(void *opaque), void *opaque);

/* Listens on a unix socket at path: a live socket there is an error (-EADDRINUSE),
 * a stale one is replaced. The socket is removed when the server is freed. */
NBD_EXPORT_API int ustor_nbd_server_listen_unix(struct ustor_nbd_server *srv, const char *path);
/* Listens on TCP; host NULL means loopback, port "0" picks a free one. */
NBD_EXPORT_API int ustor_nbd_server_listen_tcp(struct ustor_nbd_server *srv, const char *host,
                                               const char *port);
/* Listens on an already-listening socket (the server takes it). */
NBD_EXPORT_API int ustor_nbd_server_listen_fd(struct ustor_nbd_server *srv, int fd);
/* The TCP port of the first TCP listener, or -1. */
NBD_EXPORT_API int ustor_nbd_server_tcp_port(const struct ustor_nbd_server *srv);

/* Starts the workers and begins accepting. Listeners are ready before this
 * returns, so a pidfile may be written right after. */
NBD_EXPORT_API int ustor_nbd_server_start(struct ustor_nbd_server *srv);

/* Serves an already-connected stream socket (the server takes it); after start. */
NBD_EXPORT_API int ustor_nbd_server_serve_fd(struct ustor_nbd_server *srv, int fd);

/* Asks the server to stop. Async-signal-safe; returns at once. */
NBD_EXPORT_API void ustor_nbd_server_request_stop(struct ustor_nbd_server *srv);

/* Blocks until a stop is requested, then stops: no new clients, clients in the
 * handshake are dropped, requests in flight finish and their replies are sent. */
NBD_EXPORT_API void ustor_nbd_server_wait(struct ustor_nbd_server *srv);

/* Connections open now. */
NBD_EXPORT_API unsigned ustor_nbd_server_connections(const struct ustor_nbd_server *srv);

/* Stops it if running, closes listeners, removes its unix sockets, frees it. */
NBD_EXPORT_API void ustor_nbd_server_free(struct ustor_nbd_server *srv);

#endif
