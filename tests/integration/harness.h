/*
 * harness.h - what the port's integration tests share: loading the test miniport
 * (tests/miniports/tmp.c) with a configuration, checks that end the test with a
 * message, and request helpers (CDBs, a tracker that proves every request completed
 * exactly once).
 */
#ifndef PORT_TEST_HARNESS_H
#define PORT_TEST_HARNESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ustorport/ustorport.h"
#include "../miniports/tmp_control.h"

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                             \
            fprintf(stderr, " (last error: %s)\n", ustor_last_error());               \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

#define CHECK_OK(expr) CHECK((expr) == 0, "%s", #expr)

/* The test miniport's control block, before it is loaded (configure it, then load). */
struct tmp_control *harness_tmp(void);

/* A host with short busy pauses, and the test miniport loaded into it. */
struct ustor_host *harness_host(void);
struct ustor_driver *harness_load(struct ustor_host *host);
/* A virtual adapter of it. */
struct ustor_adapter *harness_virtual_adapter(struct ustor_driver *d);

/* The miniport's test-thread entry points (tmp_control.h). */
int64_t harness_call(int op, int64_t a, int64_t b, int64_t c, int64_t d);
int harness_release_all(void);
/* Polls (1 ms steps, at most MAX_SECONDS) until *P == WANT; false if it never does. */
bool harness_wait_value(const int32_t *p, int32_t want, unsigned max_seconds);
/* A physical adapter whose device is the test: the miniport's doorbell posts its
 * interrupt. */
struct ustor_adapter *harness_physical_adapter(struct ustor_driver *d, struct tmp_control *t);
/* The same with MESSAGES message-signaled interrupts. */
struct ustor_adapter *harness_physical_adapter_msi(struct ustor_driver *d, struct tmp_control *t,
                                                   uint32_t messages);

/* The i-th recorded lifecycle event's position, or -1. */
int harness_event_index(const struct tmp_control *t, int ev, int nth);
int harness_event_count(const struct tmp_control *t, int ev);
int32_t harness_read(const int32_t *p);

/* ---- requests ---- */

void harness_cdb_tur(struct ustor_scsi_request *r);
void harness_cdb_read10(struct ustor_scsi_request *r, uint32_t lba, uint16_t blocks, void *buf);

/* Counts completions per request; a second completion of one request is recorded. */
struct tracker {
    _Atomic uint64_t done;
    _Atomic uint64_t twice;
    _Atomic uint64_t failed;
    _Atomic uint64_t ok;
};

struct tracked {
    struct ustor_scsi_request req;
    struct tracker *tr;
    _Atomic int completions;
};

void tracker_done(struct ustor_scsi_request *req);
/* Prepares a TEST UNIT READY tracked by TR. */
void tracked_tur(struct tracked *t, struct tracker *tr);
/* Waits (polling, no time assertion) until TR counts N completions; false if the
 * bound of polls passes first. */
bool tracker_wait(struct tracker *tr, uint64_t n, unsigned max_seconds);

#endif
