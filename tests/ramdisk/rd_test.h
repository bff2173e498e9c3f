/*
 * rd_test.h - what the ramdisk miniport's tests share: hosting the built miniport
 * (RAMDISK_MINIPORT, a path set by CMake) through the public host API with a
 * configuration string, CDB builders, running one CDB and checking its outcome:
 * GOOD, or CHECK CONDITION with given sense key, ASC, ASCQ and field pointer.
 */
#ifndef RD_TEST_H
#define RD_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ustorport/ustorport.h"

#include "scsi_cdb.h"

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

#define RDT_BUFFER_BYTES (2u << 20)

/* Status values as ustorport.h reports them (srb.h / scsi.h numbers). */
#define RDT_SRB_SUCCESS 0x01
#define RDT_SRB_ERROR 0x04
#define RDT_SRB_INVALID_REQUEST 0x06
#define RDT_SRB_DATA_OVERRUN 0x12
#define RDT_CHECK_CONDITION 0x02

/* Sense keys and additional sense codes the tests expect (SPC-4 numbers). */
#define KEY_NONE 0x0
#define KEY_MEDIUM 0x3
#define KEY_ILLEGAL 0x5
#define KEY_PROTECT 0x7
#define KEY_MISCOMPARE 0xE
#define ASC_PARAM_LENGTH 0x1A
#define ASC_MISCOMPARE 0x1D
#define ASC_OPCODE 0x20
#define ASC_LBA_RANGE 0x21
#define ASC_CDB_FIELD 0x24
#define ASC_NO_LUN 0x25
#define ASC_PARAM_FIELD 0x26
#define ASC_WRITE_PROTECT 0x27
#define ASC_SAVING 0x39

struct rdt {
    struct ustor_host *host;
    struct ustor_driver *driver;
    struct ustor_adapter *adapter;
    struct ustor_lun *lun;          /* the unit with the lowest LUN */
    uint8_t *buf, *buf2;            /* DMA-space buffers of RDT_BUFFER_BYTES */
};

/* Hosts the miniport with CONFIG as ArgumentString (NULL: none); checks it worked. */
void rdt_open(struct rdt *t, const char *config);
/* The same, returning ustor_adapter_add's result instead of checking it. */
int rdt_try_open(struct rdt *t, const char *config);
void rdt_close(struct rdt *t);
struct ustor_lun *rdt_lun(struct rdt *t, uint8_t lun);

struct rdt_result {
    int rc;
    uint8_t srb_status, scsi_status, sense_valid;
    uint8_t sense[64];
    uint32_t transferred;
};

/* Runs CDB (LENGTH bytes) with DATA of LEN bytes in direction DIR (0 none, 1 in, 2 out). */
struct rdt_result rdt_exec(struct ustor_lun *lun, const uint8_t *cdb, uint8_t length, int dir,
                           void *data, uint32_t len);
/* The same with a sense buffer of SENSE_LEN bytes (0: none). */
struct rdt_result rdt_exec_sense(struct ustor_lun *lun, const uint8_t *cdb, uint8_t length,
                                 int dir, void *data, uint32_t len, uint8_t sense_len);
/* Runs a non-SCSI SRB function. */
struct rdt_result rdt_function(struct ustor_lun *lun, uint8_t function, uint32_t arg);

/* ---- expectations ---- */

void rdt_good_at(const struct rdt_result *r, const char *what, int line);
/* CHECK CONDITION with 18 bytes of fixed-format sense data holding KEY/ASC/ASCQ. */
void rdt_sense_at(const struct rdt_result *r, uint8_t key, uint8_t asc, uint8_t ascq,
                  const char *what, int line);
/* ILLEGAL REQUEST, INVALID FIELD IN CDB (or IN PARAMETER LIST when !IN_CDB), with the
 * field pointer at BYTE and the bit pointer at BIT (-1: none). */
void rdt_field_at(const struct rdt_result *r, bool in_cdb, uint16_t byte, int bit,
                  const char *what, int line);
#define rdt_good(r, what) rdt_good_at((r), (what), __LINE__)
#define rdt_sense(r, k, a, q, what) rdt_sense_at((r), (k), (a), (q), (what), __LINE__)
#define rdt_field(r, c, b, bit, what) rdt_field_at((r), (c), (b), (bit), (what), __LINE__)

#endif
