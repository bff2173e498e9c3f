/* PATH[,size=N][,ro][,direct][,aio=sync|uring] - a raw image file or block device.
 * Created (sparse) when missing and size= is given. Flush is fdatasync, FUA is
 * RWF_DSYNC, trim punches a hole, zero punches or zero-ranges (falling back to
 * writing zeroes unless the client asked for a fast zero), extents come from
 * SEEK_DATA/SEEK_HOLE. Requests run inline (aio=sync) or through io_uring.
 * Left out: image formats, resizing, locking against other users of the file. */
#include "backends/backend_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"

struct file_backend {
    struct ustor_backend base;
    int fd;
    bool block_device;
    _Atomic bool no_punch;      /* the filesystem refused PUNCH_HOLE once */
    _Atomic bool no_zero_range;
    char path[];
};

static struct file_backend *file_of(const struct ustor_backend *b)
{
    return (struct file_backend *)b;
}

int backend_file_fd(const struct ustor_backend *b)
{
    return file_of(b)->fd;
}

/* ---- data ---- */

/* The part of a request's data from byte skip on, as at most max iovecs. */
static int iov_rest(const struct ustor_bio *bio, uint64_t skip, struct iovec *rest, int max)
{
    struct iovec one = { bio->buf, bio->length };
    const struct iovec *iov = bio->iovcnt ? bio->iov : &one;
    int iovcnt = bio->iovcnt ? (int)bio->iovcnt : 1, n = 0;

    for (int i = 0; i < iovcnt && n < max; i++) {
        if (skip >= iov[i].iov_len) {
            skip -= iov[i].iov_len;
            continue;
        }
        rest[n++] = (struct iovec){ (uint8_t *)iov[i].iov_base + skip, iov[i].iov_len - skip };
        skip = 0;
    }
    return n;
}

/* Moves [done, length) of a request's data with preadv/pwritev2, retrying short
 * transfers; returns 0 or -errno (-EIO when the file ends early). */
static int file_rw_from(struct file_backend *f, struct ustor_bio *bio, uint64_t done)
{
    int rwf = (bio->flags & USTOR_BIO_FUA) ? RWF_DSYNC : 0;

    while (done < bio->length) {
        struct iovec rest[64];
        int n = iov_rest(bio, done, rest, 64);
        off_t at = (off_t)(bio->offset + done);
        ssize_t got = bio->op == USTOR_BIO_READ ? preadv(f->fd, rest, n, at)
                                                : pwritev2(f->fd, rest, n, at, rwf);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got < 0 ? -errno : -EIO;
        done += (uint64_t)got;
    }
    return 0;
}

int backend_file_rw(struct ustor_backend *b, struct ustor_bio *bio, uint64_t done)
{
    return file_rw_from(file_of(b), bio, done);
}

static int file_sync(struct file_backend *f)
{
    return fdatasync(f->fd) < 0 ? -errno : 0;
}

static bool unsupported(int err)
{
    return err == EOPNOTSUPP || err == ENOTSUP || err == ENOSYS || err == EINVAL;
}

/* fallocate(mode) if the filesystem has not refused it before. */
static int file_fallocate(struct file_backend *f, _Atomic bool *refused, int mode,
                          uint64_t offset, uint64_t length)
{
    if (*refused)
        return -EOPNOTSUPP;
    if (fallocate(f->fd, mode, (off_t)offset, (off_t)length) == 0)
        return 0;
    if (unsupported(errno)) {
        *refused = true;
        return -EOPNOTSUPP;
    }
    return -errno;
}

static int file_trim(struct file_backend *f, struct ustor_bio *bio)
{
    int r = file_fallocate(f, &f->no_punch, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                           bio->offset, bio->length);

    if (r == -EOPNOTSUPP)
        return 0;               /* trim is only a hint */
    return r;
}

static int file_write_zeroes(struct file_backend *f, uint64_t offset, uint64_t length)
{
    static const uint8_t zeroes[64 * 1024] __attribute__((aligned(4096)));
    struct ustor_bio w = { .op = USTOR_BIO_WRITE, .buf = (void *)zeroes };
    int r = 0;

    while (length && r == 0) {
        w.offset = offset;
        w.length = length < sizeof(zeroes) ? length : sizeof(zeroes);
        r = file_rw_from(f, &w, 0);
        offset += w.length;
        length -= w.length;
    }
    return r;
}

/* Punch (may leave a hole) or zero-range; with NO_HOLE on a filesystem without
 * ZERO_RANGE (tmpfs), punch then allocate. -EOPNOTSUPP if none of it works. */
static int file_zero_fast(struct file_backend *f, struct ustor_bio *bio)
{
    const int keep = FALLOC_FL_KEEP_SIZE;
    int r;

    if (!(bio->flags & USTOR_BIO_NO_HOLE)) {
        r = file_fallocate(f, &f->no_punch, FALLOC_FL_PUNCH_HOLE | keep, bio->offset, bio->length);
        if (r != -EOPNOTSUPP)
            return r;
    }
    r = file_fallocate(f, &f->no_zero_range, FALLOC_FL_ZERO_RANGE | keep, bio->offset, bio->length);
    if (r != -EOPNOTSUPP || f->block_device)
        return r;
    r = file_fallocate(f, &f->no_punch, FALLOC_FL_PUNCH_HOLE | keep, bio->offset, bio->length);
    if (r == 0 && fallocate(f->fd, keep, (off_t)bio->offset, (off_t)bio->length) < 0)
        r = unsupported(errno) ? 0 : -errno;  /* zeroed already; allocation is best effort */
    return r;
}

static int file_zero(struct file_backend *f, struct ustor_bio *bio)
{
    int r = file_zero_fast(f, bio);

    if (r != -EOPNOTSUPP)
        return r;
    if (bio->flags & USTOR_BIO_FAST_ZERO)
        return -ENOTSUP;
    return file_write_zeroes(f, bio->offset, bio->length);
}

static int file_execute(struct ustor_backend *b, struct ustor_bio *bio)
{
    struct file_backend *f = file_of(b);
    int r;

    switch (bio->op) {
    case USTOR_BIO_READ:
    case USTOR_BIO_WRITE:
        return file_rw_from(f, bio, 0);
    case USTOR_BIO_FLUSH:
        return file_sync(f);
    case USTOR_BIO_CACHE:
        r = posix_fadvise(f->fd, (off_t)bio->offset, (off_t)bio->length, POSIX_FADV_WILLNEED);
        return -r;
    case USTOR_BIO_TRIM:
        r = file_trim(f, bio);
        break;
    default:
        r = file_zero(f, bio);
        break;
    }
    if (r == 0 && (bio->flags & USTOR_BIO_FUA))
        r = file_sync(f);
    return r;
}

/* ---- extents ---- */

/* Next offset >= from where whence (SEEK_DATA/SEEK_HOLE) holds, or end. */
static int file_seek(struct file_backend *f, uint64_t from, int whence, uint64_t end, uint64_t *at)
{
    off_t o = lseek(f->fd, (off_t)from, whence);

    if (o < 0 && errno == ENXIO) {
        *at = end;              /* no more data: a hole up to the end */
        return 0;
    }
    if (o < 0)
        return -errno;
    *at = (uint64_t)o < end ? (uint64_t)o : end;
    return 0;
}

/* One extent starting at offset: a hole up to the next data, or data up to
 * the next hole. */
static int file_extent_at(struct file_backend *f, uint64_t offset, uint64_t end, struct ustor_extent *e)
{
    uint64_t data = end, hole = end;
    int r = file_seek(f, offset, SEEK_DATA, end, &data);

    if (r == 0 && data > offset) {
        *e = (struct ustor_extent){ data - offset, USTOR_EXTENT_HOLE | USTOR_EXTENT_ZERO };
        return 0;
    }
    if (r == 0)
        r = file_seek(f, offset, SEEK_HOLE, end, &hole);
    if (r == 0 && hole <= offset)
        r = -EIO;               /* the file changed under us; stop here */
    *e = (struct ustor_extent){ hole - offset, 0 };
    return r;
}

static int file_extents(struct ustor_backend *b, uint64_t offset, uint64_t length,
                        struct ustor_extent *ext, unsigned max, unsigned *count)
{
    struct file_backend *f = file_of(b);
    uint64_t end = offset + length;
    unsigned n = 0;

    while (offset < end && n < max && file_extent_at(f, offset, end, &ext[n]) == 0)
        offset += ext[n++].length;
    if (n == 0)                 /* cannot tell: call it data */
        ext[n++] = (struct ustor_extent){ length, 0 };
    *count = n;
    return 0;
}

/* ---- opening ---- */

static void file_destroy(struct ustor_backend *b)
{
    struct file_backend *f = file_of(b);

    backend_helpers_stop(b);
    if (!(b->info.caps & USTOR_BACKEND_READ_ONLY))
        fdatasync(f->fd);       /* what clients wrote survives us */
    close(f->fd);
    free(f);
}

static const struct backend_ops file_ops = {
    .destroy = file_destroy,
    .execute = file_execute,
    .extents = file_extents,
};

static const struct backend_ops file_dev_ops = {  /* block devices: no SEEK_DATA */
    .destroy = file_destroy,
    .execute = file_execute,
};

/* Creates a missing image of spec->size bytes; the fd is returned in *fd. */
static int file_create(const struct backend_spec *spec, int flags, int *fd)
{
    if (spec->size == 0)
        return ustor_error_fail(-ENOENT, "%s: no such image (add ,size=N to create it)", spec->path);
    if (spec->read_only)
        return ustor_error_fail(-ENOENT, "%s: no such image (a read-only image cannot be created)",
                                spec->path);
    *fd = open(spec->path, flags | O_CREAT | O_EXCL, 0644);
    if (*fd < 0)
        return ustor_error_fail(-errno, "%s: cannot create: %s", spec->path, strerror(errno));
    if (ftruncate(*fd, (off_t)spec->size) < 0) {
        int e = errno;

        close(*fd);
        unlink(spec->path);
        return ustor_error_fail(-e, "%s: cannot size to %llu bytes: %s", spec->path,
                                (unsigned long long)spec->size, strerror(e));
    }
    return 0;
}

static int file_open_fd(const struct backend_spec *spec, int *fd)
{
    int flags = (spec->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC | (spec->direct ? O_DIRECT : 0);

    *fd = open(spec->path, flags);
    if (*fd >= 0)
        return 0;
    if (errno == ENOENT)
        return file_create(spec, flags, fd);
    if (errno == EISDIR)
        return ustor_error_fail(-EISDIR, "%s: is a directory, not an image", spec->path);
    if ((errno == EACCES || errno == EROFS || errno == EPERM) && !spec->read_only)
        return ustor_error_fail(-errno, "%s: cannot open for writing: %s (add ,ro to serve it "
                                "read-only)", spec->path, strerror(errno));
    return ustor_error_fail(-errno, "%s: cannot open: %s", spec->path, strerror(errno));
}

/* Size of the open image, checked against size= when both exist. */
static int file_size(const struct backend_spec *spec, int fd, bool *blockdev, uint64_t *size)
{
    struct stat st;

    if (fstat(fd, &st) < 0)
        return ustor_error_fail(-errno, "%s: cannot stat: %s", spec->path, strerror(errno));
    *blockdev = S_ISBLK(st.st_mode);
    if (*blockdev && ioctl(fd, BLKGETSIZE64, size) < 0)
        return ustor_error_fail(-errno, "%s: cannot read the device size: %s", spec->path,
                                strerror(errno));
    if (!*blockdev && !S_ISREG(st.st_mode))
        return ustor_error_fail(-EINVAL, "%s: not a regular file or block device", spec->path);
    if (!*blockdev)
        *size = (uint64_t)st.st_size;
    if (*size == 0)
        return ustor_error_fail(-EINVAL, "%s: the image is empty (0 bytes)", spec->path);
    if (spec->size && spec->size != *size)
        return ustor_error_fail(-EINVAL, "%s: exists with %llu bytes, not the %llu of size= "
                                "(drop size= to use it as it is)", spec->path,
                                (unsigned long long)*size, (unsigned long long)spec->size);
    return 0;
}

/* Alignment O_DIRECT needs: the logical block size of a device, else 4096. */
static uint32_t file_direct_align(int fd, bool blockdev)
{
    int lbs = 0;

    if (blockdev && ioctl(fd, BLKSSZGET, &lbs) == 0 && lbs > 0)
        return (uint32_t)lbs;
    return 4096;
}

/* io_uring by default only with O_DIRECT: through the NBD server it gave 2.7x the
 * 1M reads and half the CPU per 4k read there, but cost 70% more CPU per 4k read
 * on tmpfs and page-cache hits, where preadv completes at once anyway. */
static int file_pick_engine(struct file_backend *f, const struct backend_spec *spec)
{
    bool uring = spec->aio == BACKEND_AIO_URING || (spec->aio == BACKEND_AIO_DEFAULT && spec->direct);

    f->base.ops = f->block_device ? &file_dev_ops : &file_ops;
    if (spec->threads && spec->aio == BACKEND_AIO_URING)
        return ustor_error_fail(-EINVAL, "%s: threads= and aio=uring exclude each other", spec->path);
    if (spec->threads)
        return backend_helpers_start(&f->base, spec->threads);
    if (uring && backend_uring_available())
        f->base.engine = &backend_uring_engine;
    return 0;
}

static void file_fill_info(struct file_backend *f, const struct backend_spec *spec, uint64_t size)
{
    uint32_t caps = USTOR_BACKEND_CAN_FLUSH | USTOR_BACKEND_CAN_FUA | USTOR_BACKEND_CAN_TRIM |
                    USTOR_BACKEND_CAN_ZERO | USTOR_BACKEND_CAN_FAST_ZERO |
                    USTOR_BACKEND_CAN_CACHE | USTOR_BACKEND_MULTI_QUEUE;

    if (f->base.ops->extents)
        caps |= USTOR_BACKEND_CAN_EXTENTS;
    if (spec->read_only)
        caps |= USTOR_BACKEND_READ_ONLY;
    f->base.info = (struct ustor_backend_info){
        .size = size, .caps = caps, .kind = "file",
        .block_size = spec->direct ? file_direct_align(f->fd, f->block_device) : 1,
        .engine = f->base.engine == &backend_uring_engine ? "uring" : f->base.engine ? "threads" : "sync",
    };
}

int backend_file_open(const struct backend_spec *spec, struct ustor_backend **out)
{
    struct file_backend *f;
    uint64_t size = 0;
    bool blockdev = false;
    int fd, r;

    r = file_open_fd(spec, &fd);
    if (r < 0)
        return r;
    r = file_size(spec, fd, &blockdev, &size);
    if (r < 0)
        goto fail;
    f = calloc(1, sizeof(*f) + strlen(spec->path) + 1);
    if (!f) {
        r = ustor_error_fail(-ENOMEM, "%s: out of memory", spec->path);
        goto fail;
    }
    f->fd = fd;
    f->block_device = blockdev;
    strcpy(f->path, spec->path);
    r = file_pick_engine(f, spec);
    if (r < 0) {
        free(f);
        goto fail;
    }
    file_fill_info(f, spec, size);
    *out = &f->base;
    return 0;
fail:
    close(fd);
    return r;
}
