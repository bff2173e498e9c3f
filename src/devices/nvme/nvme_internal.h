/*
 * nvme_internal.h - the NVMe model's objects and the functions its files share.
 *
 * Files: nvme_ctrl.c (creation, knobs, namespaces), nvme_regs.c (BAR0 registers and
 * doorbells), nvme_state.c (enable, reset, shutdown, fatal status), nvme_queue.c (queue
 * state, fetch, completion posting), nvme_irq.c (interrupts per CQ), nvme_dptr.c (PRP
 * and SGL), nvme_admin.c, nvme_identify.c, nvme_features.c, nvme_log.c (log pages and
 * asynchronous events), nvme_io.c (NVM commands), nvme_backend.c (backend queues and
 * requests), nvme_thread.c (poll and worker threads).
 *
 * Locks, in the order a thread may take them:
 *   c->lock (registers, state changes, queue creation/deletion, features, logs,
 *     events, namespace table)
 *     -> c->qlife (write: freeing per-SQ backend queues; read: the poll thread
 *        while it polls them)
 *       -> bq->lock (an asynchronous backend queue: submit, poll, wait)
 *         -> sq->lock -> cq->lock
 *   c->irq_lock (MSI pending bits, INTMS, the INTx level) -> cq->lock -> the PCI
 *     function's lock; never taken with an sq->lock or cq->lock held
 * A queue's fetch runs with sq->lock held only while it takes entries; commands run,
 * complete and raise interrupts with no lock held. Work that must wait until no thread
 * is inside the queues (reset, shutdown, deferred SQ deletion) is done at "quiet
 * points" by the last thread to leave (c->busy).
 */
#ifndef USTOR_DEVICES_NVME_INTERNAL_H
#define USTOR_DEVICES_NVME_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/uio.h>

#include "devices/nvme/nvme.h"
#include "devices/nvme/nvme_spec.h"
#include "platform/dma_space.h"

#define NVME_BATCH 16u                  /* entries fetched per pass */
#define NVME_BIT_BUCKET_BYTES 65536u
#define NVME_SGL_MAX_DESCRIPTORS 1024u  /* per command, segments included */
#define NVME_ADMIN_CMDS 64u             /* fetched admin commands in flight at most */

/* ---- namespaces ---- */

enum nvme_ns_state { NVME_NS_ABSENT, NVME_NS_ALLOCATED, NVME_NS_ATTACHED };

struct nvme_ns {
    uint32_t nsid;
    _Atomic int state;                  /* enum nvme_ns_state */
    _Atomic int users;                  /* commands using backend right now */
    struct ustor_backend *backend;
    uint32_t lba_shift;
    uint64_t nlba;
    uint32_t caps;                      /* USTOR_BACKEND_* */
    uint32_t error_recovery;            /* feature 05h */
};

/* ---- backend queues ---- */

struct nvme_bq {
    struct ustor_backend_queue *q;
    pthread_mutex_t lock;               /* only for asynchronous queues */
    bool async;
    struct nvme_ctrl *ctrl;
};

/* ---- commands ---- */

enum nvme_run { NVME_RUN_DONE, NVME_RUN_ASYNC, NVME_RUN_PARKED };
enum nvme_cmd_phase { NVME_CMD_SUBMITTING, NVME_CMD_DONE_INLINE, NVME_CMD_ASYNC };

struct nvme_sq;

struct nvme_cmd {
    struct nvme_sqe sqe;
    struct nvme_sq *sq;
    struct nvme_ns *ns;                 /* held (users) while set */
    uint16_t status;                    /* NVME_STATUS() | NVME_DNR */
    uint32_t dw0;
    uint64_t lba;                       /* for the error log */
    _Atomic int phase;                  /* enum nvme_cmd_phase */
    int result;                         /* of the backend request */
    struct ustor_bio bio;
    struct iovec *iov;                  /* room for c->max_iov */
    uint32_t niov;
    struct nvme_cmd *next;              /* free list, completed stack, parked lists */
};

/* ---- queues ---- */

struct nvme_cq {
    pthread_mutex_t lock;
    uint16_t qid;
    bool active;
    uint32_t size;
    uint64_t base;
    uint16_t iv;
    bool ien;
    _Atomic uint32_t head, tail;        /* written under lock, read anywhere */
    uint8_t phase;
    uint32_t reserved;                  /* slots promised to fetched commands */
    uint32_t nsq;                       /* SQs that complete here */
    bool starved;                       /* an SQ stopped fetching for want of room */
};

struct nvme_sq {
    pthread_mutex_t lock;
    struct nvme_ctrl *ctrl;
    uint16_t qid;
    bool active;
    bool deleting;                      /* Delete I/O SQ waits for commands in flight */
    uint32_t size;
    uint64_t base;
    struct nvme_cq *cq;
    _Atomic uint32_t head;              /* written under lock */
    uint32_t tail;
    bool draining;                      /* a thread serves the queue */
    bool cmd_starved;                   /* stopped for want of a free command */
    _Atomic bool worker_kick;           /* threaded mode: the device thread should serve it */
    uint32_t inflight;
    struct nvme_cmd *cmds, *free_cmds;
    uint32_t ncmds;
    struct iovec *iovs;
    struct nvme_bq **bq;                /* per namespace, opened on first use */
    struct nvme_cmd *delete_cmd;        /* parked Delete I/O SQ */
    _Atomic uint64_t reads, writes, read_units, write_units;   /* SMART, since creation */
    _Atomic uint64_t completions;       /* posted or dropped; folded into c->commands */
};

/* ---- features, logs, events ---- */

struct nvme_features {
    uint32_t arbitration;
    uint32_t power_mgmt;
    uint16_t temp_over[9], temp_under[9];
    _Atomic bool write_cache;           /* WCE, read by the I/O path */
    uint32_t nsqa, ncqa;                /* allocated I/O queues (zero-based counts + 1) */
    bool queues_set;                    /* Number of Queues accepted since reset */
    uint32_t irq_coalesce;
    uint8_t *irq_no_coalesce;           /* per vector (CD) */
    uint32_t write_atomic;
    uint32_t async_event_cfg;
};

struct nvme_events {
    struct nvme_cmd *aer[256];          /* outstanding AERs (aerl + 1 at most) */
    uint32_t naer;
    uint32_t pending[3];                /* per event type: info values waiting (bitmask) */
    bool masked[3];                     /* per type: sent, log page not read yet */
    struct nvme_error_log *errors;      /* ring of error_log_entries */
    uint64_t error_count;
    uint32_t changed[NVME_CHANGED_NS_MAX];
    uint32_t nchanged;                  /* > NVME_CHANGED_NS_MAX: overflow */
};

/* ---- the controller ---- */

enum nvme_state {
    NVME_DISABLED,                      /* CC.EN = 0, CSTS.RDY = 0 */
    NVME_READY,                         /* queues served */
    NVME_RESETTING,                     /* CC.EN 1 -> 0 seen, waiting to be quiet */
    NVME_FAILED,                        /* CSTS.CFS: nothing served until reset */
};

struct nvme_irq_batch {
    uint32_t n;
    struct nvme_cq *cq[8];
};

struct nvme_ctrl {
    struct nvme_config cfg;
    char name[32];
    char serial[21], model[41], firmware[9];
    struct pci_function *pci;
    struct ustor_window *bar;
    struct dma_space *dma;
    pthread_mutex_t lock;
    /* registers (shadows of what the window shows) */
    uint64_t cap;
    uint32_t cc, aqa, csts;
    uint64_t asq, acq;
    uint32_t intms;                     /* under irq_lock */
    uint32_t stride;                    /* doorbell stride in bytes */
    uint32_t page_size;                 /* from CC.MPS at enable */
    uint32_t max_xfer;                  /* bytes */
    uint32_t max_iov;
    _Atomic int state;                  /* enum nvme_state */
    _Atomic int busy;                   /* threads in the queues + backend requests */
    _Atomic bool service;               /* a quiet-point job waits */
    bool shutdown_pending;              /* under lock */
    /* queues: index = queue id, 0 = admin */
    uint32_t nqueues;                   /* io_queues + 1 */
    struct nvme_sq *sqs;
    struct nvme_cq *cqs;
    pthread_rwlock_t qlife;
    bool io_queue_created;              /* since the last reset, for Number of Queues */
    /* interrupts */
    pthread_mutex_t irq_lock;
    uint32_t msi_pending;
    /* namespaces: index = nsid - 1 */
    struct nvme_ns *ns;
    struct nvme_features feat;
    struct nvme_events ev;
    void *bit_bucket;
    /* completed asynchronous requests, pushed by backend callbacks */
    _Atomic(struct nvme_cmd *) completed;
    /* device threads (nvme_thread.c) */
    struct nvme_threads *threads;
    /* statistics */
    _Atomic uint64_t commands;          /* of deleted SQs; live ones count their own */
    _Atomic uint64_t errors, guest_errors, resets;
    _Atomic uint64_t media_errors;
    uint64_t reads, writes, read_units, write_units;   /* of deleted SQs, under lock */
    int64_t created_ns;                 /* CLOCK_MONOTONIC, for power-on hours */
};

/* Guest errors: logged on the guest channel and counted. */
void nvme_guest(struct nvme_ctrl *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- nvme_regs.c ---- */
extern const struct ustor_window_ops nvme_bar_ops;
void nvme_reg_publish(struct nvme_ctrl *c, uint32_t off, uint64_t value, unsigned size);

/* ---- nvme_state.c ---- */
void nvme_cc_write(struct nvme_ctrl *c, uint32_t cc);
/* Inside the queues: false when the controller is not ready (nothing to do then). */
bool nvme_enter(struct nvme_ctrl *c);
void nvme_leave(struct nvme_ctrl *c);
/* Quiet-point jobs: finish a reset or a shutdown when no thread is inside. */
void nvme_service(struct nvme_ctrl *c);
/* A fatal error: CSTS.CFS, nothing more is served until a reset. */
void nvme_fatal(struct nvme_ctrl *c, const char *why);

/* ---- nvme_queue.c ---- */
uint16_t nvme_cq_setup(struct nvme_ctrl *c, uint16_t qid, uint64_t base, uint32_t size,
                       uint16_t iv, bool ien);
void nvme_cq_teardown(struct nvme_ctrl *c, struct nvme_cq *cq);
int nvme_sq_setup(struct nvme_ctrl *c, uint16_t qid, uint64_t base, uint32_t size,
                  struct nvme_cq *cq);
void nvme_sq_teardown(struct nvme_ctrl *c, struct nvme_sq *sq);
void nvme_sq_doorbell(struct nvme_ctrl *c, uint32_t qid, uint32_t tail);
void nvme_cq_doorbell(struct nvme_ctrl *c, uint32_t qid, uint32_t head);
/* Serves SQ now (or leaves it to the thread serving it, or the device thread). */
void nvme_sq_kick(struct nvme_ctrl *c, struct nvme_sq *sq);
void nvme_sq_drain(struct nvme_ctrl *c, struct nvme_sq *sq);
/* Posts CMD's completion (unless the controller is resetting) and frees CMD. */
void nvme_cmd_complete(struct nvme_ctrl *c, struct nvme_cmd *cmd, struct nvme_irq_batch *batch);
/* Completions pushed by backend callbacks. */
void nvme_reap(struct nvme_ctrl *c);
/* True on the poll and worker threads (interrupts are posted from there). */
bool nvme_on_device_thread(void);
void nvme_set_device_thread(void);

/* ---- nvme_irq.c ---- */
void nvme_irq_batch_add(struct nvme_ctrl *c, struct nvme_irq_batch *b, struct nvme_cq *cq);
void nvme_irq_batch_flush(struct nvme_ctrl *c, struct nvme_irq_batch *b);
void nvme_irq_cq(struct nvme_ctrl *c, struct nvme_cq *cq);
void nvme_irq_intx_update(struct nvme_ctrl *c);
void nvme_irq_mask_write(struct nvme_ctrl *c, uint32_t bits, bool set);
bool nvme_irq_vector_valid(struct nvme_ctrl *c, uint32_t iv);

/* ---- nvme_dptr.c ---- */
/* Maps LEN bytes of CMD's data pointer into cmd->iov: a status. */
uint16_t nvme_dptr_map(struct nvme_ctrl *c, struct nvme_cmd *cmd, uint64_t len, enum dma_dir dir);
/* Admin data: copies BUF (LEN bytes, the rest of XFER zero) to / from the host. */
uint16_t nvme_dptr_to_host(struct nvme_ctrl *c, struct nvme_cmd *cmd, const void *buf,
                           uint32_t len, uint32_t xfer);
uint16_t nvme_dptr_from_host(struct nvme_ctrl *c, struct nvme_cmd *cmd, void *buf, uint32_t len);
bool nvme_dma_allowed(struct nvme_ctrl *c);

/* ---- commands ---- */
enum nvme_run nvme_admin_run(struct nvme_ctrl *c, struct nvme_cmd *cmd);
enum nvme_run nvme_io_run(struct nvme_ctrl *c, struct nvme_cmd *cmd);
uint16_t nvme_identify(struct nvme_ctrl *c, struct nvme_cmd *cmd);
uint16_t nvme_get_features(struct nvme_ctrl *c, struct nvme_cmd *cmd);
uint16_t nvme_set_features(struct nvme_ctrl *c, struct nvme_cmd *cmd);
void nvme_features_reset(struct nvme_ctrl *c);
uint16_t nvme_get_log_page(struct nvme_ctrl *c, struct nvme_cmd *cmd);

/* ---- nvme_log.c: events and the error log ---- */
enum nvme_run nvme_aer_park(struct nvme_ctrl *c, struct nvme_cmd *cmd);
void nvme_event(struct nvme_ctrl *c, unsigned type, unsigned info);
void nvme_events_reset(struct nvme_ctrl *c);    /* under c->lock: drops parked AERs */
void nvme_error_record(struct nvme_ctrl *c, const struct nvme_cmd *cmd);
void nvme_ns_changed(struct nvme_ctrl *c, uint32_t nsid);   /* under c->lock */

/* ---- namespaces (nvme_ctrl.c) ---- */
/* The attached namespace NSID with a use taken, or NULL. */
struct nvme_ns *nvme_ns_get(struct nvme_ctrl *c, uint32_t nsid);
void nvme_ns_put(struct nvme_ns *ns);
bool nvme_nsid_valid(const struct nvme_ctrl *c, uint32_t nsid);

/* ---- nvme_backend.c ---- */
/* The SQ's queue for NS, opened on first use; NULL on failure. */
struct nvme_bq *nvme_bq_get(struct nvme_ctrl *c, struct nvme_sq *sq, struct nvme_ns *ns);
void nvme_bq_close_all(struct nvme_ctrl *c, struct nvme_sq *sq);   /* qlife held for write */
void nvme_bq_close_ns(struct nvme_ctrl *c, uint32_t nsid);         /* takes qlife */
/* Starts cmd->bio on BQ: NVME_RUN_ASYNC, or NVME_RUN_DONE with cmd->result set. */
enum nvme_run nvme_bio_start(struct nvme_ctrl *c, struct nvme_bq *bq, struct nvme_cmd *cmd);
/* Runs one request to its end (flush, zero, trim, compare reads): 0 or -errno. */
int nvme_bio_sync(struct nvme_ctrl *c, struct nvme_bq *bq, struct ustor_bio *bio);
/* NVMe status for a backend result. */
uint16_t nvme_bio_status(int result, bool write);

/* ---- nvme_thread.c ---- */
int nvme_threads_start(struct nvme_ctrl *c);
void nvme_threads_stop(struct nvme_ctrl *c);
/* Watch an asynchronous queue's completions. */
int nvme_threads_watch(struct nvme_ctrl *c, struct nvme_bq *bq);
void nvme_threads_unwatch(struct nvme_ctrl *c, struct nvme_bq *bq);
/* Threaded mode: the worker serves SQ. */
void nvme_threads_kick(struct nvme_ctrl *c, struct nvme_sq *sq);

#endif
