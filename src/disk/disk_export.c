/* A disk as an NBD export (nbd_export.h). Each NBD request carries its block
 * request in the server's per-request private bytes, and its payload lives in
 * the disk's pool of DMA buffers, so a WRITE goes from the socket to the
 * miniport, and a READ back, without a copy or an allocation. The transmission
 * flags come from what probing found. Block status and CACHE are left to the
 * server (all data, no-op): SCSI GET LBA STATUS is not used. */
#include <errno.h>

#include "common/error.h"
#include "disk/disk_internal.h"

#define EXPORT_BLOCK_MAX (32u << 20)

static void export_done(struct ustor_disk_io *dio, int result)
{
    ustor_nbd_io_done(dio->context, result);
}

static const uint8_t op_map[] = {
    [NBD_EXPORT_READ] = USTOR_DISK_READ, [NBD_EXPORT_WRITE] = USTOR_DISK_WRITE,
    [NBD_EXPORT_FLUSH] = USTOR_DISK_FLUSH, [NBD_EXPORT_TRIM] = USTOR_DISK_TRIM,
    [NBD_EXPORT_ZERO] = USTOR_DISK_ZERO,
};

static void export_submit(void *ctx, void *chan, struct nbd_export_io *io)
{
    (void)chan;
    if (io->op > NBD_EXPORT_ZERO) {
        ustor_nbd_io_done(io, io->op == NBD_EXPORT_CACHE ? 0 : -EINVAL);
        return;
    }
    struct ustor_disk_io *dio = ustor_nbd_io_private(io);
    dio->op = op_map[io->op];
    dio->flags = ((io->flags & NBD_EXPORT_IO_FUA) ? USTOR_DISK_FUA : 0) |
                 ((io->flags & NBD_EXPORT_IO_NO_HOLE) ? USTOR_DISK_NO_UNMAP : 0) |
                 ((io->flags & NBD_EXPORT_IO_FAST_ZERO) ? USTOR_DISK_FAST_ZERO : 0);
    dio->offset = io->offset;
    dio->length = io->length;
    dio->buf = io->buf;
    dio->done = export_done;
    dio->context = io;
    ustor_disk_submit(ctx, dio);
}

static void *export_buf_alloc(void *ctx, size_t length)
{
    struct ustor_disk *d = ctx;
    return disk_pool_get(&d->pool, length);
}

static void export_buf_free(void *ctx, void *buf, size_t length)
{
    struct ustor_disk *d = ctx;
    disk_pool_put(&d->pool, buf, length);
}

static const struct nbd_export_ops export_ops = {
    .submit = export_submit,
    .buf_alloc = export_buf_alloc,
    .buf_free = export_buf_free,
};

DISK_API uint32_t ustor_disk_nbd_caps(const struct ustor_disk *disk)
{
    const struct ustor_disk_info *in = &disk->info;
    bool durable = in->write_cache && in->flush;
    uint32_t caps = 0;
    if (in->read_only)
        caps |= NBD_EXPORT_READ_ONLY;
    if (durable)
        caps |= NBD_EXPORT_CAN_FLUSH | NBD_EXPORT_CAN_FUA;
    if (!in->read_only) {
        caps |= NBD_EXPORT_CAN_ZERO;
        caps |= (in->unmap || in->ws_unmap) ? NBD_EXPORT_CAN_TRIM : 0;
        caps |= in->write_same ? NBD_EXPORT_CAN_FAST_ZERO : 0;
    }
    /* one unit behind every connection: a write is visible to all once done, and
     * SYNCHRONIZE CACHE of the whole medium covers every connection's writes */
    if (!in->write_cache || in->flush)
        caps |= NBD_EXPORT_CAN_MULTI_CONN;
    if (in->rotation_rate > 1)
        caps |= NBD_EXPORT_ROTATIONAL;
    return caps;
}

static uint32_t preferred_block(const struct ustor_disk_info *in)
{
    uint32_t pref = 4096;
    if (in->physical_block_size > pref)
        pref = in->physical_block_size;
    uint64_t gran = (uint64_t)in->limits.granularity * in->block_size;
    if (gran > pref && gran <= (2u << 20) && !(gran & (gran - 1)))
        pref = (uint32_t)gran;
    return pref < in->block_size ? in->block_size : pref;
}

DISK_API int ustor_disk_nbd_export(struct ustor_disk *disk, const char *name,
                                   const char *description, struct nbd_export *out)
{
    if (!disk || !name || !out)
        return ustor_error_fail(-EINVAL, "ustor_disk_nbd_export: missing argument");
    const struct ustor_disk_info *in = &disk->info;
    *out = (struct nbd_export){
        .name = name, .description = description, .size = in->size,
        .block_min = in->block_size, .block_pref = preferred_block(in),
        .block_max = EXPORT_BLOCK_MAX, .caps = ustor_disk_nbd_caps(disk),
        .io_private_size = sizeof(struct ustor_disk_io),
        .ops = &export_ops, .ctx = disk,
    };
    return 0;
}
