/*
 * mem_harness.h - what the memory and DMA tests share: the memory test miniport
 * (tests/miniports/memmp.c) loaded into a host, one call of it at a time, READ/WRITE
 * requests that StartIo probes, and capture of the reports the port writes (the JSON
 * trace for guest errors, stderr for the execution engine's wrong-IRQL reports).
 */
#ifndef MEM_HARNESS_H
#define MEM_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ustorport/ustor_log.h"
#include "ustorport/ustorport.h"
#include "../miniports/memmp_control.h"

/* Where failures go: the test's real stderr, also once reports are captured. */
FILE *mh_err(void);

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(mh_err(), "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(mh_err(), __VA_ARGS__);                                           \
            fprintf(mh_err(), " (last error: %s)\n", ustor_last_error());             \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)
#define CHECK_OK(expr) CHECK((expr) == 0, "%s", #expr)

/* STOR_STATUS_* and other Windows values the tests compare with (storport-facts §4). */
#define ST_SUCCESS 0x00000000u
#define ST_INSUFFICIENT_RESOURCES 0xC1000003u
#define ST_BUFFER_TOO_SMALL 0xC1000004u
#define ST_INVALID_PARAMETER 0xC1000006u
#define ST_INVALID_IRQL 0xC1000008u
#define MM_NON_CACHED 0
#define MM_CACHED 1
#define DISPATCH_IRQL 2
#define PAGE 4096u

/* The miniport's control block (configure it before adding an adapter). */
struct memmp_control *mh_control(void);
struct ustor_host *mh_host(void);
struct ustor_driver *mh_load(struct ustor_host *host);
struct ustor_adapter *mh_adapter(struct ustor_driver *driver);
struct ustor_lun *mh_lun(struct ustor_adapter *adapter);

/* One memmp_call; returns ARGS for chaining. */
struct memmp_args *mh_call(int op, struct memmp_args *args);

/* READ(10) or WRITE(10) of LEN bytes at DATA (inside a ustor_buffer_alloc buffer). */
int mh_rw(struct ustor_lun *lun, bool write, void *data, uint32_t len);

/* Reports: start capturing once, then take what arrived since the last take. */
void mh_capture_start(void);
const char *mh_trace_take(void);
const char *mh_stderr_take(void);
int mh_count(const char *text, const char *needle);
bool mh_has(const char *text, const char *needle);
/* Does TEXT give an address ("0x...") inside the memory test miniport's code? */
bool mh_names_miniport_code(const char *text);

#endif
