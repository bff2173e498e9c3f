/* A backend as an NBD export (see nbd_backend_export.h): requests become
 * ustor_bio kept in the server's per-request private bytes, block status comes
 * from ustor_backend_extents(). */
#include "nbd/nbd_backend_export.h"

#include <errno.h>
#include <string.h>

#include "common/error.h"
#include "nbd/nbd_proto.h"

static void bexp_done(struct ustor_bio *bio, int result)
{
    ustor_nbd_io_done(bio->context, result);
}

static int bexp_extents(struct ustor_backend *b, struct nbd_export_io *io)
{
    struct ustor_extent ext[256];
    unsigned n = 0, max = io->max_extents < 256 ? io->max_extents : 256;
    int r = ustor_backend_extents(b, io->offset, io->length, ext, max, &n);

    for (unsigned i = 0; r == 0 && i < n; i++) {
        io->extents[i].length = (uint32_t)ext[i].length;
        io->extents[i].flags = ((ext[i].flags & USTOR_EXTENT_HOLE) ? NBD_STATE_HOLE : 0) |
                               ((ext[i].flags & USTOR_EXTENT_ZERO) ? NBD_STATE_ZERO : 0);
    }
    io->n_extents = n;
    return r;
}

static void bexp_submit(void *ctx, void *chan, struct nbd_export_io *io)
{
    static const uint8_t ops[] = {
        [NBD_EXPORT_READ] = USTOR_BIO_READ, [NBD_EXPORT_WRITE] = USTOR_BIO_WRITE,
        [NBD_EXPORT_FLUSH] = USTOR_BIO_FLUSH, [NBD_EXPORT_TRIM] = USTOR_BIO_TRIM,
        [NBD_EXPORT_ZERO] = USTOR_BIO_ZERO, [NBD_EXPORT_CACHE] = USTOR_BIO_CACHE,
    };
    struct ustor_bio *bio = ustor_nbd_io_private(io);

    if (io->op == NBD_EXPORT_BLOCK_STATUS) {
        ustor_nbd_io_done(io, bexp_extents(ctx, io));
        return;
    }
    *bio = (struct ustor_bio){
        .op = ops[io->op], .offset = io->offset, .length = io->length, .buf = io->buf,
        .flags = ((io->flags & NBD_EXPORT_IO_FUA) ? USTOR_BIO_FUA : 0) |
                 ((io->flags & NBD_EXPORT_IO_NO_HOLE) ? USTOR_BIO_NO_HOLE : 0) |
                 ((io->flags & NBD_EXPORT_IO_FAST_ZERO) ? USTOR_BIO_FAST_ZERO : 0),
        .done = bexp_done, .context = io,
    };
    ustor_backend_submit(chan, bio);
}

static int bexp_chan_open(void *ctx, void **chan)
{
    return ustor_backend_queue_open(ctx, 1024, (struct ustor_backend_queue **)chan);
}

static void bexp_chan_close(void *ctx, void *chan)
{
    (void)ctx;
    ustor_backend_queue_close(chan);
}

static int bexp_chan_fd(void *chan)
{
    return ustor_backend_queue_fd(chan);
}

static void bexp_chan_poll(void *chan)
{
    ustor_backend_queue_poll(chan);
}

static void bexp_chan_kick(void *chan)
{
    ustor_backend_queue_kick(chan);
}

static const struct nbd_export_ops bexp_ops = {
    .submit = bexp_submit,
    .chan_open = bexp_chan_open,
    .chan_close = bexp_chan_close,
    .chan_fd = bexp_chan_fd,
    .chan_poll = bexp_chan_poll,
    .chan_kick = bexp_chan_kick,
};

static uint32_t caps_of(uint32_t bc)
{
    static const struct { uint32_t backend, nbd; } map[] = {
        { USTOR_BACKEND_READ_ONLY, NBD_EXPORT_READ_ONLY },
        { USTOR_BACKEND_CAN_FLUSH, NBD_EXPORT_CAN_FLUSH },
        { USTOR_BACKEND_CAN_FUA, NBD_EXPORT_CAN_FUA },
        { USTOR_BACKEND_CAN_TRIM, NBD_EXPORT_CAN_TRIM },
        { USTOR_BACKEND_CAN_ZERO, NBD_EXPORT_CAN_ZERO },
        { USTOR_BACKEND_CAN_FAST_ZERO, NBD_EXPORT_CAN_FAST_ZERO },
        { USTOR_BACKEND_CAN_EXTENTS, NBD_EXPORT_CAN_EXTENTS },
        { USTOR_BACKEND_CAN_CACHE, NBD_EXPORT_CAN_CACHE },
        { USTOR_BACKEND_MULTI_QUEUE, NBD_EXPORT_CAN_MULTI_CONN },
    };
    uint32_t caps = 0;

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        caps |= (bc & map[i].backend) ? map[i].nbd : 0;
    return caps;
}

NBD_EXPORT_API int ustor_nbd_backend_export(struct ustor_backend *backend, const char *name,
                                            const char *description, uint32_t block_min,
                                            struct nbd_export *out)
{
    const struct ustor_backend_info *info = ustor_backend_get_info(backend);
    uint32_t min = block_min ? block_min : info->block_size;

    if (min < info->block_size || min % info->block_size)
        return ustor_error_fail(-EINVAL, "export '%s': block size %u does not suit the backend's %u",
                                name, min, info->block_size);
    *out = (struct nbd_export){
        .name = name, .description = description, .size = info->size,
        .block_min = min, .block_pref = min > 4096 ? min : 4096,
        .caps = caps_of(info->caps), .io_private_size = sizeof(struct ustor_bio),
        .ops = &bexp_ops, .ctx = backend,
    };
    return 0;
}
