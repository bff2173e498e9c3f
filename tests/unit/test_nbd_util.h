/* Helpers for the NBD server tests: a server with a few exports (RAM backends
 * and a scriptable mock export), client sockets over socketpair(), and raw
 * protocol I/O with checks that stop the test. Reads time out after 20 s so a
 * server that hangs fails the test instead of stalling it (no timing asserts). */
#ifndef TEST_NBD_UTIL_H
#define TEST_NBD_UTIL_H

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbd/nbd_proto.h"
#include "nbd/nbd_server.h"
#include "ustorport/ustor_backend.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define CHECK_EQ(a, b)                                                                  \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ != b_) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, a_, b_);                                          \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define RUN(test)                                                                       \
    do {                                                                                \
        fprintf(stderr, "-- %s\n", #test);                                              \
        test();                                                                         \
    } while (0)

/* ---- the mock export ("mock"): behaviour set by the test ---- */
struct mock_export {
    uint64_t size;
    uint32_t caps;
    int fail_with;              /* non-zero: every request completes with this -errno */
    bool async;                 /* complete from a helper thread */
    bool reverse;               /* async: complete batches in reverse order */
    bool hold;                  /* async: keep requests until mock_release_all() */
    bool provide_buffers;       /* buf_alloc/buf_free */
    _Atomic unsigned inflight, max_inflight, submitted;
    _Atomic long buffers_out, buffer_bytes_out, max_buffer_bytes_out, allocs, frees;
    _Atomic unsigned ops[8];
    uint8_t *data;              /* the disk */
};

struct tserver {
    struct ustor_nbd_server *srv;
    struct ustor_backend *ram, *ro, *bs512;
    struct mock_export mock;
};

/* Exports: "" (ram 64 MiB), "ro" (ram 1 MiB, read-only), "bs512" (ram 1 MiB, 512-byte
 * blocks, description "aligned"), "mock" (struct mock_export, 4 MiB). */
void tserver_start(struct tserver *t, const struct ustor_nbd_config *cfg);
void tserver_stop(struct tserver *t);
/* A connected client socket the server serves. */
int tserver_connect(struct tserver *t);
/* Waits (hang guard) until the server has no connection left. */
void tserver_wait_idle(struct tserver *t);
/* Clears hold: the helper thread completes what it holds (async mode). */
void mock_release_all(struct mock_export *m);

/* ---- raw I/O ---- */
void send_all(int fd, const void *buf, size_t len);
void recv_all(int fd, void *buf, size_t len);
/* True if the server closed the connection (EOF or reset) before sending anything. */
bool recv_eof(int fd);

/* ---- handshake ---- */
/* Reads the greeting and sends client flags. */
void hs_begin(int fd, uint32_t client_flags);
void opt_send(int fd, uint32_t opt, const void *data, uint32_t len);
/* Reads one option reply: returns its type, payload in buf (up to max, rest checked). */
uint32_t opt_recv(int fd, uint32_t opt, void *buf, uint32_t max, uint32_t *len);
/* Sends GO (or INFO) for name with info requests; collects size and flags until ACK
 * or an error; returns the final reply type. */
uint32_t opt_go(int fd, uint32_t opt, const char *name, uint64_t *size, uint16_t *eflags);
/* Full negotiation: structured replies and base:allocation if asked, then GO. */
uint16_t negotiate(int fd, const char *name, bool structured, bool meta);

/* ---- transmission ---- */
void req_send(int fd, uint16_t type, uint16_t flags, uint64_t cookie, uint64_t offset, uint32_t len,
              const void *payload);
/* A simple reply: returns its error; with data for a successful READ of len bytes. */
uint32_t simple_reply(int fd, uint64_t cookie, void *data, uint32_t len);

struct chunk {
    uint16_t flags, type;
    uint64_t cookie;
    uint32_t length;
    uint8_t payload[4096];      /* first bytes; a READ's data goes to the caller's buffer */
};
/* Any reply (simple or structured chunk): cookie and error; for OFFSET_DATA the data is
 * copied to data (up to len); for BLOCK_STATUS the descriptors land in c->payload. */
uint32_t any_reply(int fd, struct chunk *c, void *data, uint32_t len);
/* Sends one request and checks the error it gets (structured or simple). */
uint32_t request(int fd, bool structured, uint16_t type, uint16_t flags, uint64_t offset,
                 uint32_t len, void *data);

#endif
