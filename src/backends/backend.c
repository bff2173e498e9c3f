/* The backend front: opening from a spec, validating requests, and queues that
 * either run requests inline or hand them to the kind's asynchronous engine. */
#include "backends/backend_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

USTOR_BACKEND_EXPORT int ustor_backend_open(const char *spec_text, unsigned flags,
                                            struct ustor_backend **out)
{
    struct backend_spec spec;
    int r;

    *out = NULL;
    r = backend_spec_parse(spec_text, &spec);
    if (r < 0)
        return r;
    if (flags & USTOR_BACKEND_OPEN_READ_ONLY)
        spec.read_only = true;
    return spec.ram ? backend_ram_open(&spec, out) : backend_file_open(&spec, out);
}

USTOR_BACKEND_EXPORT void ustor_backend_close(struct ustor_backend *b)
{
    if (b)
        b->ops->destroy(b);
}

USTOR_BACKEND_EXPORT const struct ustor_backend_info *ustor_backend_get_info(const struct ustor_backend *b)
{
    return &b->info;
}

static bool bio_writes(const struct ustor_bio *bio)
{
    return bio->op == USTOR_BIO_WRITE || bio->op == USTOR_BIO_TRIM || bio->op == USTOR_BIO_ZERO;
}

static bool bio_in_range(const struct ustor_backend *b, const struct ustor_bio *bio)
{
    return bio->offset <= b->info.size && bio->length <= b->info.size - bio->offset;
}

static bool bio_aligned(const struct ustor_backend *b, const struct ustor_bio *bio)
{
    uint32_t bs = b->info.block_size;

    return bs <= 1 || ((bio->offset | bio->length) & (bs - 1)) == 0;
}

/* 0 if the backend may run BIO, else the -errno it completes with. */
static int bio_check(const struct ustor_backend *b, const struct ustor_bio *bio)
{
    const uint32_t known = USTOR_BIO_FUA | USTOR_BIO_NO_HOLE | USTOR_BIO_FAST_ZERO;

    if (bio->op > USTOR_BIO_CACHE || (bio->flags & ~known))
        return -EINVAL;
    if (bio_writes(bio) && (b->info.caps & USTOR_BACKEND_READ_ONLY))
        return -EROFS;
    if (bio->op == USTOR_BIO_FLUSH)
        return 0;
    if (!bio_in_range(b, bio))
        return bio_writes(bio) ? -ENOSPC : -EINVAL;
    if (!bio_aligned(b, bio))
        return -EINVAL;
    return 0;
}

USTOR_BACKEND_EXPORT int ustor_backend_queue_open(struct ustor_backend *b, unsigned depth,
                                                  struct ustor_backend_queue **out)
{
    struct ustor_backend_queue *q = calloc(1, sizeof(*q));
    int r;

    *out = NULL;
    if (!q)
        return ustor_error_fail(-ENOMEM, "backend queue: out of memory");
    q->backend = b;
    q->fd = -1;
    if (b->engine) {
        r = b->engine->open(q, depth ? depth : 256);
        if (r < 0) {
            free(q);
            return r;
        }
    }
    *out = q;
    return 0;
}

USTOR_BACKEND_EXPORT void ustor_backend_queue_close(struct ustor_backend_queue *q)
{
    if (!q)
        return;
    while (q->inflight)
        ustor_backend_queue_wait(q);
    if (q->backend->engine)
        q->backend->engine->close(q);
    free(q);
}

USTOR_BACKEND_EXPORT void ustor_backend_submit(struct ustor_backend_queue *q, struct ustor_bio *bio)
{
    struct ustor_backend *b = q->backend;
    int r = bio_check(b, bio);

    if (r == 0 && (bio->length || bio->op == USTOR_BIO_FLUSH)) {
        if (b->engine) {
            q->inflight++;
            b->engine->submit(q, bio);
            return;
        }
        r = b->ops->execute(b, bio);
    }
    bio->done(bio, r);
}

USTOR_BACKEND_EXPORT void ustor_backend_queue_kick(struct ustor_backend_queue *q)
{
    if (q->backend->engine)
        q->backend->engine->kick(q);
}

USTOR_BACKEND_EXPORT int ustor_backend_queue_fd(const struct ustor_backend_queue *q)
{
    return q->fd;
}

USTOR_BACKEND_EXPORT unsigned ustor_backend_queue_poll(struct ustor_backend_queue *q)
{
    return q->backend->engine ? q->backend->engine->poll(q) : 0;
}

USTOR_BACKEND_EXPORT unsigned ustor_backend_queue_inflight(const struct ustor_backend_queue *q)
{
    return q->inflight;
}

USTOR_BACKEND_EXPORT void ustor_backend_queue_wait(struct ustor_backend_queue *q)
{
    if (q->backend->engine && q->inflight)
        q->backend->engine->wait(q);
}

struct sync_wait {
    int result;
    bool done;
};

static void sync_done(struct ustor_bio *bio, int result)
{
    struct sync_wait *w = bio->context;

    w->result = result;
    w->done = true;
}

USTOR_BACKEND_EXPORT int ustor_backend_io(struct ustor_backend_queue *q, enum ustor_bio_op op,
                                          uint32_t flags, uint64_t offset, uint64_t length, void *buf)
{
    struct sync_wait w = { 0, false };
    struct ustor_bio bio = {
        .op = (uint8_t)op, .flags = flags, .offset = offset, .length = length,
        .buf = buf, .done = sync_done, .context = &w,
    };

    ustor_backend_submit(q, &bio);
    ustor_backend_queue_kick(q);
    while (!w.done)
        ustor_backend_queue_wait(q);
    return w.result;
}

USTOR_BACKEND_EXPORT int ustor_backend_extents(struct ustor_backend *b, uint64_t offset,
                                               uint64_t length, struct ustor_extent *ext,
                                               unsigned max, unsigned *count)
{
    *count = 0;
    if (max == 0 || length == 0 || offset > b->info.size || length > b->info.size - offset)
        return ustor_error_fail(-EINVAL, "extents: range %llu+%llu outside the %llu-byte backend",
                                (unsigned long long)offset, (unsigned long long)length,
                                (unsigned long long)b->info.size);
    if (b->ops->extents)
        return b->ops->extents(b, offset, length, ext, max, count);
    ext[0].length = length;
    ext[0].flags = 0;
    *count = 1;
    return 0;
}
