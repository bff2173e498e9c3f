/*
 * nvt.h - what the NVMe miniport's tests share: a host with the simulated platform,
 * an NVMe controller model with RAM namespaces, and the built miniport (NVME_MINIPORT,
 * a path set by CMake) on it, all through the public API (ustorport.h,
 * ustor_platform.h); running one CDB and checking its outcome; CDB builders.
 */
#ifndef NVT_H
#define NVT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ustorport/ustor_backend.h"
#include "ustorport/ustor_platform.h"
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

#define NVT_MAX_NS 8
/* I/O queues of the controller unless a test asks otherwise: HwInitialize runs under
 * the interrupt lock, which takes every message's lock at once, and TSan follows at
 * most 64 held locks (the model's default of 64 queues has 65 messages). */
#define NVT_IO_QUEUES 4
#define NVT_BUFFER_BYTES (2u << 20)

/* SRB and SCSI status values as ustorport.h reports them. */
#define SRB_OK 0x01
#define SRB_ERR 0x04
#define SRB_BUSY 0x05
#define SRB_INVALID 0x06
#define SRB_BUS_RESET 0x0E
#define SRB_OVERRUN 0x12
#define STATUS_CHECK 0x02

#define KEY_NOT_READY 0x2
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

struct nvt_config {
    const char *ns_spec[NVT_MAX_NS];    /* backend specs, namespace i+1; NULL ends */
    uint32_t lba_size[NVT_MAX_NS];      /* 0: 512 */
    struct ustor_nvme_options nvme;     /* size 0: defaults; io_queues 0: NVT_IO_QUEUES */
    uint32_t busy_pause_ms;             /* 0: 2 */
    uint32_t host_flags;
    void (*lun_event)(void *ctx, struct ustor_lun *lun, enum ustor_lun_event ev);
    void *ctx;
};

struct nvt {
    struct ustor_host *host;
    struct ustor_platform *platform;
    struct ustor_nvme *nvme;
    struct ustor_backend *backend[NVT_MAX_NS + 4];
    struct ustor_driver *driver;
    struct ustor_adapter *adapter;
    struct ustor_lun *lun;              /* the unit with the lowest LUN */
    uint8_t *buf, *buf2;                /* DMA-space buffers of NVT_BUFFER_BYTES */
};

/* Hosts the miniport on a controller with the namespaces of CFG (NULL: one of 64 MiB). */
void nvt_open(struct nvt *t, const struct nvt_config *cfg);
int nvt_try_open(struct nvt *t, const struct nvt_config *cfg);
void nvt_close(struct nvt *t);
struct ustor_lun *nvt_lun(struct nvt *t, uint8_t lun);
/* Namespace NSID appears on a new RAM backend of SPEC (hot add). */
void nvt_attach(struct nvt *t, uint32_t nsid, const char *spec, uint32_t lba_size);

struct nvt_result {
    int rc;
    uint8_t srb_status, scsi_status, sense_valid;
    uint8_t sense[64];
    uint32_t transferred;
};

/* Runs CDB with DATA of LEN bytes in direction DIR (0 none, 1 in, 2 out). */
struct nvt_result nvt_exec(struct ustor_lun *lun, const uint8_t *cdb, uint8_t length, int dir,
                           void *data, uint32_t len);
struct nvt_result nvt_function(struct ustor_lun *lun, uint8_t function);

void nvt_good_at(const struct nvt_result *r, const char *what, int line);
void nvt_sense_at(const struct nvt_result *r, uint8_t key, uint8_t asc, uint8_t ascq,
                  const char *what, int line);
#define nvt_good(r, what) nvt_good_at((r), (what), __LINE__)
#define nvt_sense(r, k, a, q, what) nvt_sense_at((r), (k), (a), (q), (what), __LINE__)

/* ---- block I/O in one call ---- */
struct nvt_result nvt_write(struct ustor_lun *lun, uint64_t lba, uint32_t blocks, void *data,
                            uint32_t block_size);
struct nvt_result nvt_read(struct ustor_lun *lun, uint64_t lba, uint32_t blocks, void *data,
                           uint32_t block_size);

#endif
