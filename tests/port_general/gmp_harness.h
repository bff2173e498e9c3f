/*
 * gmp_harness.h - what the registry, event and general-routine tests share: the
 * gmp miniport (tests/miniports/gmp.c) loaded into a host, adapters with a registry
 * file, calls into the miniport, scratch files, and the JSON trace the events go to.
 */
#ifndef GMP_HARNESS_H
#define GMP_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ustorport/ustor_log.h"
#include "ustorport/ustorport.h"
#include "../miniports/gmp_control.h"

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

/* STOR_STATUS values the tests compare with (storport.h is miniport-side). */
#define ST_SUCCESS 0x00000000u
#define ST_UNSUCCESSFUL 0xC1000001u
#define ST_NOT_IMPLEMENTED 0xC1000002u
#define ST_BUFFER_TOO_SMALL 0xC1000004u
#define ST_INVALID_PARAMETER 0xC1000006u
#define ST_INVALID_IRQL 0xC1000008u
#define ST_INVALID_DEVICE_STATE 0xC1000009u
#define ST_INVALID_BUFFER_SIZE 0xC100000Au
#define ST_UNSUPPORTED_VERSION 0xC100000Bu

#define REG_SZ_ 1
#define REG_BINARY_ 3
#define REG_DWORD_ 4
#define REG_MULTI_SZ_ 7
#define REG_QWORD_ 11

/* The miniport's control block (before or after loading). */
struct gmp_control *gmp_ctl(void);
struct ustor_host *gmp_host(void);
struct ustor_driver *gmp_load(struct ustor_host *host);
/* A virtual adapter of the miniport with REGISTRY (may be NULL) and ARGUMENT (may be
 * NULL); *INDEX gets its index in the control block. */
struct ustor_adapter *gmp_adapter(struct ustor_driver *d, const char *registry, const char *argument,
                                  int *index);
int64_t gmp_do(int adapter, int op, int64_t a, int64_t b, int64_t c, int64_t d);

/* A fresh scratch directory under the build tree; gmp_scratch_remove deletes it and
 * what it holds (a test calls it when it passed, so a failure leaves the evidence). */
const char *gmp_scratch_dir(const char *test);
void gmp_scratch_remove(const char *dir);
void gmp_write_file(const char *path, const char *text);
/* The file's text (malloc'ed, NUL-terminated), or NULL if it does not exist. */
char *gmp_read_file(const char *path);

/* Sends every log message to a fresh trace file at PATH (text lines are muted). */
void gmp_trace_start(const char *path);
/* The next line of the trace after *POS (which it advances) that contains every one
 * of the NULL-terminated fragments; NULL if none. TEXT is the trace's contents. */
const char *gmp_trace_find(const char *text, const char **pos, ...);
/* A copy of the line at P (malloc'ed), for messages. */
char *gmp_line(const char *p);

#endif
