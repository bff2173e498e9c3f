/*
 * rd_store.c - where a logical unit's blocks live: the host's block backend
 * service (ustorport/ustor_backend.h), which is how this virtual miniport reaches
 * its storage. This file is the only one that talks to the host beyond storport.h.
 *
 * A backend that completes inline (RAM, files with aio=sync) gets a small pool of
 * queues; HwStartIo, which runs unlocked and concurrently for a virtual miniport,
 * borrows one for the length of a submit. A backend that completes later (aio=uring)
 * gets one queue owned by a poller thread: HwStartIo hands it requests through a
 * lock-free list, and the poller submits them, reaps completions and completes the
 * SRBs from there (the port accepts completions from any thread).
 * Left out: several pollers per unit, CPU affinity.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <ustorport/ustor_log.h>

#include "ramdisk.h"

#define PHYSICAL_BLOCK 4096u
#define IDLE_POLL_MS 1000
#define BUSY_POLL_MS 10     /* a safety net while requests are in flight */

struct rd_async {
    struct ustor_backend_queue *queue;
    pthread_t thread;
    int wake_fd;
    struct rd_io *volatile incoming;    /* pushed by HwStartIo, newest first */
    volatile LONG sleeping;
    volatile LONG stop;
};

/* ---- the poller of an asynchronous backend ---- */

static struct rd_io *take_incoming(struct rd_async *a)
{
    struct rd_io *list = InterlockedExchangePointer((PVOID volatile *)&a->incoming, NULL);
    struct rd_io *fifo = NULL;
    while (list) {
        struct rd_io *next = list->next;
        list->next = fifo;
        fifo = list;
        list = next;
    }
    return fifo;
}

static BOOLEAN has_incoming(struct rd_async *a)
{
    return InterlockedCompareExchangePointer((PVOID volatile *)&a->incoming, NULL, NULL) != NULL;
}

static void wait_for_work(struct rd_async *a)
{
    struct pollfd fds[2] = {{a->wake_fd, POLLIN, 0},
                            {ustor_backend_queue_fd(a->queue), POLLIN, 0}};
    int timeout = ustor_backend_queue_inflight(a->queue) ? BUSY_POLL_MS : IDLE_POLL_MS;
    InterlockedExchange(&a->sleeping, 1);
    if (!has_incoming(a) && !InterlockedCompareExchange(&a->stop, 0, 0))
        poll(fds, 2, timeout);
    InterlockedExchange(&a->sleeping, 0);
    if (fds[0].revents & POLLIN) {
        uint64_t count;
        if (read(a->wake_fd, &count, sizeof count) < 0)
            count = 0;
    }
}

static BOOLEAN finished(struct rd_async *a)
{
    return InterlockedCompareExchange(&a->stop, 0, 0) && !has_incoming(a) &&
           ustor_backend_queue_inflight(a->queue) == 0;
}

static void *poller_main(void *arg)
{
    struct rd_async *a = arg;
    for (;;) {
        for (struct rd_io *io = take_incoming(a), *next; io; io = next) {
            next = io->next;
            rd_io_pump(io);
        }
        ustor_backend_queue_kick(a->queue);
        if (ustor_backend_queue_poll(a->queue))
            ustor_backend_queue_kick(a->queue);   /* steps the completions issued */
        if (has_incoming(a))
            continue;
        if (finished(a))
            return NULL;
        wait_for_work(a);
    }
}

static void wake(struct rd_async *a)
{
    uint64_t one = 1;
    if (write(a->wake_fd, &one, sizeof one) < 0)
        return;   /* the counter is full: the poller is awake anyway */
}

static int async_start(struct rd_lun *lun, struct ustor_backend_queue *queue)
{
    struct rd_async *a = calloc(1, sizeof *a);
    int rc;
    if (!a)
        return -ENOMEM;
    a->queue = queue;
    a->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (a->wake_fd < 0) {
        rc = -errno;
        goto no_fd;
    }
    rc = -pthread_create(&a->thread, NULL, poller_main, a);
    if (rc < 0)
        goto no_thread;
    lun->async = a;
    return 0;
no_thread:
    close(a->wake_fd);
no_fd:
    free(a);
    return rc;
}

static void async_stop(struct rd_async *a)
{
    InterlockedExchange(&a->stop, 1);
    wake(a);
    pthread_join(a->thread, NULL);
    ustor_backend_queue_close(a->queue);
    close(a->wake_fd);
    free(a);
}

/* ---- requests ---- */

void rd_store_start(struct rd_io *io)
{
    struct rd_async *a = io->lun->async;
    if (!a) {
        rd_io_pump(io);
        return;
    }
    struct rd_io *head;
    do {
        head = InterlockedCompareExchangePointer((PVOID volatile *)&a->incoming, NULL, NULL);
        io->next = head;
    } while (InterlockedCompareExchangePointer((PVOID volatile *)&a->incoming, io, head) != head);
    if (InterlockedCompareExchange(&a->sleeping, 0, 1) == 1)
        wake(a);
}

static struct rd_queue *queue_borrow(struct rd_lun *lun)
{
    for (;;) {
        for (ULONG i = 0; i < RD_QUEUES; i++)
            if (InterlockedCompareExchange(&lun->queues[i].busy, 1, 0) == 0)
                return &lun->queues[i];
        YieldProcessor();
    }
}

void rd_store_submit(struct rd_io *io)
{
    struct rd_lun *lun = io->lun;
    if (lun->async) {   /* on the poller thread, which owns the queue */
        ustor_backend_submit(lun->async->queue, &io->bio);
        return;
    }
    struct rd_queue *q = queue_borrow(lun);
    ustor_backend_submit(q->queue, &io->bio);
    __atomic_store_n(&q->busy, 0, __ATOMIC_RELEASE);   /* no full fence after the copy */
}

/* ---- opening and closing ---- */

static ULONGLONG fnv1a(const CHAR *text, ULONGLONG hash)
{
    for (; *text && *text != ','; text++)
        hash = (hash ^ (UCHAR)*text) * 0x100000001B3ull;
    return hash;
}

/* A serial number and NAA identifier that stay the same for the same image. */
static void identity(struct rd_lun *lun, const struct rd_disk_config *config, ULONG instance)
{
    ULONGLONG h = 0xCBF29CE484222325ull;
    if (config->serial[0]) {
        h = fnv1a(config->serial, h);
        RtlCopyMemory(lun->serial, config->serial, sizeof lun->serial);
    } else {
        h = fnv1a(config->spec, h);
        if (!lun->file)
            h = (h ^ instance) * 0x100000001B3ull;
        h = (h ^ lun->lun) * 0x100000001B3ull;
        snprintf(lun->serial, sizeof lun->serial, "RD%016llX", (unsigned long long)h);
    }
    rd_put64(lun->naa, (h & 0x0FFFFFFFFFFFFFFFull) | 0x3000000000000000ull);
}

static ULONG log2_of(ULONG v)
{
    ULONG n = 0;
    while ((1u << n) < v)
        n++;
    return n;
}

static int geometry(struct rd_lun *lun, const struct ustor_backend_info *info,
                    const struct rd_disk_config *config, CHAR *why, ULONG why_size)
{
    ULONG bs = config->block_size ? config->block_size : 512;
    if (info->block_size > bs || bs % info->block_size) {
        snprintf(why, why_size, "the image needs %u-byte alignment, more than bs=%u",
                 info->block_size, bs);
        return -EINVAL;
    }
    lun->block_size = bs;
    lun->io_align = info->block_size > 1 && info->block_size <= PAGE_SIZE ? info->block_size : 1;
    lun->block_shift = log2_of(bs);
    lun->blocks = info->size >> lun->block_shift;
    if (!lun->blocks) {
        snprintf(why, why_size, "%llu bytes hold no %u-byte block",
                 (unsigned long long)info->size, bs);
        return -EINVAL;
    }
    lun->phys_exp = (UCHAR)(bs < PHYSICAL_BLOCK ? log2_of(PHYSICAL_BLOCK / bs) : 0);
    lun->max_transfer_blocks = RD_MAX_TRANSFER >> lun->block_shift;
    ULONGLONG unmap = RD_MAX_UNMAP_BYTES >> lun->block_shift;
    lun->max_unmap_blocks = unmap > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)unmap;
    lun->unmap_granularity = bs < PHYSICAL_BLOCK ? PHYSICAL_BLOCK / bs : 1;
    return 0;
}

static void capabilities(struct rd_lun *lun, const struct ustor_backend_info *info)
{
    lun->file = strcmp(info->kind, "ram") != 0;
    lun->read_only = (info->caps & USTOR_BACKEND_READ_ONLY) != 0;
    lun->thin = (info->caps & (USTOR_BACKEND_CAN_TRIM | USTOR_BACKEND_CAN_ZERO)) ==
                (USTOR_BACKEND_CAN_TRIM | USTOR_BACKEND_CAN_ZERO);
    lun->write_cache = lun->file && (info->caps & USTOR_BACKEND_CAN_FLUSH);
}

static int open_queues(struct rd_lun *lun, CHAR *why, ULONG why_size)
{
    struct ustor_backend_queue *q = NULL;
    int rc = ustor_backend_queue_open(lun->backend, RD_MAX_IO, &q);
    if (rc < 0)
        goto fail;
    if (ustor_backend_queue_fd(q) >= 0) {
        rc = async_start(lun, q);
        if (rc < 0)
            ustor_backend_queue_close(q);
        return rc;
    }
    lun->queues[0].queue = q;
    for (ULONG i = 1; i < RD_QUEUES; i++) {
        rc = ustor_backend_queue_open(lun->backend, RD_MAX_IO, &lun->queues[i].queue);
        if (rc < 0)
            goto fail;
    }
    return 0;
fail:
    snprintf(why, why_size, "cannot open a backend queue: %s", ustor_error_message());
    return rc;
}

int rd_store_open(struct rd_lun *lun, const struct rd_disk_config *config, ULONG instance,
                  CHAR *why, ULONG why_size)
{
    int rc = ustor_backend_open(config->spec, 0, &lun->backend);
    if (rc < 0) {
        snprintf(why, why_size, "%s", ustor_error_message());
        lun->backend = NULL;
        return rc;
    }
    const struct ustor_backend_info *info = ustor_backend_get_info(lun->backend);
    capabilities(lun, info);
    rc = geometry(lun, info, config, why, why_size);
    if (rc == 0)
        rc = open_queues(lun, why, why_size);
    if (rc < 0) {
        rd_store_close(lun);
        return rc;
    }
    identity(lun, config, instance);
    return 0;
}

void rd_store_close(struct rd_lun *lun)
{
    if (lun->async)
        async_stop(lun->async);
    lun->async = NULL;
    for (ULONG i = 0; i < RD_QUEUES; i++) {
        if (lun->queues[i].queue)
            ustor_backend_queue_close(lun->queues[i].queue);
        lun->queues[i].queue = NULL;
    }
    if (lun->backend)
        ustor_backend_close(lun->backend);
    lun->backend = NULL;
}
