/* disk_internal.h - the disk layer's private state and the calls between its
 * files: probing (disk_probe.c), the request engine (disk_io.c), delayed
 * retries (disk_retry.c), buffer pools (disk_pool.c) and the NBD export
 * (disk_export.c). */
#ifndef USTOR_DISK_DISK_INTERNAL_H
#define USTOR_DISK_DISK_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "disk/disk.h"

#define DISK_POOL_CLASSES 14                /* 4 KiB .. 32 MiB */
#define DISK_POOL_MIN_SHIFT 12
#define DISK_POOL_BUDGET ((uint64_t)512 << 20)
#define DISK_UNMAP_PARAMS 256               /* UNMAP parameter lists in flight per disk */
#define DISK_UNMAP_PARAM_STRIDE 32
#define DISK_ZERO_BUFFER_MAX (1u << 20)     /* zeroes written when WRITE SAME is missing */

/* disk_command.state */
enum { CMD_FREE, CMD_INFLIGHT, CMD_WAIT_RETRY, CMD_WAIT_PARAM };
/* disk_command.kind */
enum { CMD_KIND_DATA, CMD_KIND_FLUSH };
/* ustor_disk_io.phase */
enum { IO_PHASE_DATA, IO_PHASE_FLUSH };

/* Recycled DMA buffers of one size class. */
struct disk_pool_class {
    pthread_mutex_t lock;
    void *free;                             /* a free buffer's first word links the next */
};

struct disk_pool {
    struct ustor_host *host;
    struct disk_pool_class cls[DISK_POOL_CLASSES];
    _Atomic uint64_t bytes;                 /* allocated from the host, in use or free */
};

/* The thread that re-sends commands after a pause. */
struct disk_retry {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct disk_command *head;              /* unordered; few and short-lived */
    bool stop, started;
};

struct ustor_disk {
    struct ustor_host *host;
    struct ustor_lun *lun;
    struct ustor_disk_info info;
    char name[32];                          /* for logs: "disk(p,t,l)" */
    void *zero_block;                       /* one block of zeroes for WRITE SAME */
    void *zero_buffer;                      /* zeroes written when WRITE SAME is missing */
    uint32_t zero_buffer_blocks;
    /* UNMAP parameter lists */
    pthread_mutex_t param_lock;
    uint8_t *params;
    void *param_free[DISK_UNMAP_PARAMS];
    unsigned n_param_free;
    struct disk_command *param_wait_head, *param_wait_tail;
    struct disk_retry retry;
    struct disk_pool pool;
    _Atomic uint64_t n_retries, n_failures, n_split;
};

/* disk_probe.c: fills disk->info from the unit. */
int disk_probe(struct ustor_disk *d, void *scratch, uint32_t scratch_bytes);

/* disk_io.c: runs a request's state machine after EVENTS (bits) happened. */
void disk_io_event(struct ustor_disk_io *io, uint32_t events);
#define DISK_EV_DONE(i)   (1u << (i))         /* command i completed */
#define DISK_EV_RESUME(i) (1u << (8 + (i)))   /* command i may be sent again */
#define DISK_EV_START     (1u << 16)
#define DISK_EV_PUMP      (1u << 31)          /* someone runs the state machine */

/* disk_retry.c */
int disk_retry_start(struct ustor_disk *d);
void disk_retry_stop(struct ustor_disk *d);
/* Sends cmd's DISK_EV_RESUME after DELAY_MS. */
void disk_retry_later(struct ustor_disk *d, struct disk_command *cmd, unsigned delay_ms);

/* disk_pool.c */
void disk_pool_init(struct disk_pool *p, struct ustor_host *host);
void disk_pool_destroy(struct disk_pool *p);
void *disk_pool_get(struct disk_pool *p, size_t bytes);
void disk_pool_put(struct disk_pool *p, void *buf, size_t bytes);

/* UNMAP parameter lists (disk_io.c): NULL when none is free (cmd then waits and
 * gets DISK_EV_RESUME with cmd->param set). */
void *disk_param_get(struct ustor_disk *d, struct disk_command *cmd);
void disk_param_put(struct ustor_disk *d, void *param);

uint64_t disk_now_ns(void);

#endif
