/* Opening and closing a disk (disk.h): probe the unit, then prepare what the
 * request engine needs so that it never allocates: a block of zeroes for WRITE
 * SAME, a zero buffer when WRITE SAME is missing, the UNMAP parameter lists,
 * the retry thread and the buffer pool. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/log.h"
#include "disk/disk_internal.h"

#define PROBE_SCRATCH 4096

static void *zeroed_buffer(struct ustor_host *host, size_t bytes)
{
    void *p = ustor_buffer_alloc(host, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

static int params_create(struct ustor_disk *d)
{
    if (!d->info.unmap)
        return 0;
    d->params = ustor_buffer_alloc(d->host, DISK_UNMAP_PARAMS * DISK_UNMAP_PARAM_STRIDE);
    if (!d->params)
        return -ENOMEM;
    for (unsigned i = 0; i < DISK_UNMAP_PARAMS; i++)
        d->param_free[i] = d->params + i * DISK_UNMAP_PARAM_STRIDE;
    d->n_param_free = DISK_UNMAP_PARAMS;
    return 0;
}

static int buffers_create(struct ustor_disk *d)
{
    const struct ustor_disk_info *in = &d->info;
    d->zero_block = zeroed_buffer(d->host, in->block_size);
    if (!d->zero_block)
        return -ENOMEM;
    if (!in->write_same && !in->read_only) {
        uint64_t max = (uint64_t)in->limits.max_rw_blocks * in->block_size;
        size_t bytes = max < DISK_ZERO_BUFFER_MAX ? (size_t)max : DISK_ZERO_BUFFER_MAX;
        d->zero_buffer = zeroed_buffer(d->host, bytes);
        if (!d->zero_buffer)
            return -ENOMEM;
        d->zero_buffer_blocks = (uint32_t)(bytes / in->block_size);
    }
    return params_create(d);
}

static void buffers_destroy(struct ustor_disk *d)
{
    ustor_buffer_free(d->host, d->params);
    ustor_buffer_free(d->host, d->zero_buffer);
    ustor_buffer_free(d->host, d->zero_block);
    pthread_mutex_destroy(&d->param_lock);
}

static int disk_prepare(struct ustor_disk *d)
{
    void *scratch = ustor_buffer_alloc(d->host, PROBE_SCRATCH);
    if (!scratch)
        return ustor_error_fail(-ENOMEM, "disk: no DMA memory for probing");
    int rc = disk_probe(d, scratch, PROBE_SCRATCH);
    ustor_buffer_free(d->host, scratch);
    if (rc < 0)
        return rc;
    rc = buffers_create(d);
    if (rc < 0)
        return ustor_error_fail(rc, "%s: no DMA memory for the disk's buffers", d->name);
    return disk_retry_start(d);
}

DISK_API int ustor_disk_open(struct ustor_host *host, struct ustor_lun *lun, struct ustor_disk **out)
{
    if (!host || !lun || !out)
        return ustor_error_fail(-EINVAL, "ustor_disk_open: missing argument");
    struct ustor_disk *d = calloc(1, sizeof *d);
    if (!d)
        return ustor_error_fail(-ENOMEM, "ustor_disk_open: out of memory");
    d->host = host;
    d->lun = lun;
    snprintf(d->name, sizeof d->name, "disk");
    pthread_mutex_init(&d->param_lock, NULL);
    disk_pool_init(&d->pool, host);
    int rc = disk_prepare(d);
    if (rc < 0) {
        buffers_destroy(d);
        disk_pool_destroy(&d->pool);
        free(d);
        return rc;
    }
    ulog_host(ULOG_DEBUG, "%s: %llu blocks of %u bytes, max %u blocks per command", d->name,
              (unsigned long long)d->info.blocks, d->info.block_size, d->info.limits.max_rw_blocks);
    *out = d;
    return 0;
}

DISK_API void ustor_disk_close(struct ustor_disk *disk)
{
    if (!disk)
        return;
    disk_retry_stop(disk);
    buffers_destroy(disk);
    disk_pool_destroy(&disk->pool);
    free(disk);
}

DISK_API const struct ustor_disk_info *ustor_disk_get_info(const struct ustor_disk *disk)
{
    return &disk->info;
}

DISK_API void ustor_disk_get_stats(const struct ustor_disk *disk, struct ustor_disk_stats *st)
{
    st->retries = atomic_load(&disk->n_retries);
    st->failures = atomic_load(&disk->n_failures);
    st->split_requests = atomic_load(&disk->n_split);
}

DISK_API void *ustor_disk_buffer_alloc(struct ustor_disk *disk, size_t bytes)
{
    return disk_pool_get(&disk->pool, bytes);
}

DISK_API void ustor_disk_buffer_free(struct ustor_disk *disk, void *buf, size_t bytes)
{
    disk_pool_put(&disk->pool, buf, bytes);
}

/* ---- synchronous requests ---- */

struct sync_wait {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;
    int result;
};

static void sync_done(struct ustor_disk_io *io, int result)
{
    struct sync_wait *w = io->context;
    pthread_mutex_lock(&w->lock);
    w->result = result;
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

DISK_API int ustor_disk_io_sync(struct ustor_disk *disk, enum ustor_disk_op op, uint32_t flags,
                                uint64_t offset, uint64_t length, void *buf)
{
    struct sync_wait w = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0 };
    struct ustor_disk_io *io = calloc(1, sizeof *io);
    if (!io)
        return -ENOMEM;
    *io = (struct ustor_disk_io){ .op = (uint8_t)op, .flags = flags, .offset = offset,
                                  .length = length, .buf = buf, .done = sync_done, .context = &w };
    ustor_disk_submit(disk, io);
    pthread_mutex_lock(&w.lock);
    while (!w.done)
        pthread_cond_wait(&w.cond, &w.lock);
    pthread_mutex_unlock(&w.lock);
    free(io);
    return w.result;
}
