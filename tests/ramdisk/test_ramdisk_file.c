/*
 * File-backed ramdisk units, on temporary images: an image created with size=
 * (inline I/O) and the same through io_uring (aio=uring: requests complete from
 * the miniport's completion poller), data landing in the file at the LBA's offset,
 * data already in the file read back, FUA and SYNCHRONIZE CACHE, UNMAP reading
 * back zeroes, the caching page's WCE bit, a read-only image refusing writes, many
 * requests in flight at once on the io_uring unit, and a missing image refused.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rd_test.h"

#define BS 512u
#define IMAGE_BYTES (8u << 20)

static char dir[64];
static char image[3][128];

static void make_images(void)
{
    snprintf(dir, sizeof dir, "/tmp/ramdisk-test-XXXXXX");
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    for (int i = 0; i < 3; i++)
        snprintf(image[i], sizeof image[i], "%s/disk%d.img", dir, i);
    int fd = open(image[2], O_CREAT | O_WRONLY, 0600);    /* a prepared image */
    CHECK(fd >= 0, "create %s", image[2]);
    static uint8_t data[64 * 1024];
    fill_pattern(data, sizeof data, 1234);
    CHECK(pwrite(fd, data, sizeof data, 4096) == (ssize_t)sizeof data, "fill the image");
    CHECK(ftruncate(fd, IMAGE_BYTES) == 0, "size the image");
    close(fd);
}

static void remove_images(void)
{
    for (int i = 0; i < 3; i++)
        unlink(image[i]);
    rmdir(dir);
}

static struct rdt_result rw(struct ustor_lun *lun, bool write, uint64_t lba, uint32_t blocks,
                            uint8_t flags, uint8_t *buf)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, 16, write, lba, blocks, flags);
    return rdt_exec(lun, cdb, n, write ? USTOR_DATA_OUT : USTOR_DATA_IN, buf, blocks * BS);
}

static void file_content(const char *path, uint64_t offset, uint32_t len, uint8_t *out)
{
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0, "open %s", path);
    CHECK(pread(fd, out, len, (off_t)offset) == (ssize_t)len, "read back %s", path);
    close(fd);
}

static void round_trip(struct rdt *t, uint8_t unit, const char *path)
{
    static uint8_t in_file[32 * BS];
    struct ustor_lun *lun = rdt_lun(t, unit);
    fill_pattern(t->buf, 32 * BS, 40u + unit);
    struct rdt_result r = rw(lun, true, 1000, 32, 0x08, t->buf);
    rdt_good(&r, "FUA write to an image");
    uint8_t cdb[16];
    uint8_t n = cdb_sync(cdb, 10, 0, 0);
    r = rdt_exec(lun, cdb, n, USTOR_DATA_NONE, NULL, 0);
    rdt_good(&r, "SYNCHRONIZE CACHE of an image");
    file_content(path, 1000 * BS, 32 * BS, in_file);
    CHECK(!memcmp(in_file, t->buf, 32 * BS), "unit %u: the data is in the file at its LBA", unit);
    r = rw(lun, false, 1000, 32, 0, t->buf2);
    rdt_good(&r, "read of an image");
    CHECK(!memcmp(t->buf, t->buf2, 32 * BS), "unit %u: read back what was written", unit);
}

static void unmap_zeroes(struct ustor_lun *lun, uint8_t *buf)
{
    uint8_t cdb[16];
    uint64_t lba = 1000;
    uint32_t blocks = 16;
    uint16_t len = unmap_list(buf, &lba, &blocks, 1);
    uint8_t n = cdb_unmap(cdb, len, 0);
    struct rdt_result r = rdt_exec(lun, cdb, n, USTOR_DATA_OUT, buf, len);
    rdt_good(&r, "UNMAP of an image");
    r = rw(lun, false, 1000, 32, 0, buf);
    rdt_good(&r, "read after UNMAP");
    CHECK(all_zero(buf, 16 * BS) && !all_zero(buf + 16 * BS, 16 * BS),
          "unmapped blocks of an image read as zeroes, the rest kept");
}

static void write_cache_bit(struct ustor_lun *lun, uint8_t *buf)
{
    uint8_t cdb[16];
    uint8_t n = cdb_mode_sense(cdb, 10, 0x08, 0, 0x08, 255);
    struct rdt_result r = rdt_exec(lun, cdb, n, USTOR_DATA_IN, buf, 255);
    rdt_good(&r, "MODE SENSE caching page of an image");
    CHECK(buf[8] == 0x08 && (buf[10] & 0x04), "an image has a volatile write cache (WCE)");
}

static void prepared_image(struct rdt *t)
{
    static uint8_t want[64 * 1024];
    fill_pattern(want, sizeof want, 1234);
    struct ustor_lun *lun = rdt_lun(t, 2);
    struct rdt_result r = rw(lun, false, 8, 128, 0, t->buf);
    rdt_good(&r, "read of a prepared image");
    CHECK(!memcmp(t->buf, want, sizeof want), "the image's existing data");
    r = rw(lun, true, 8, 1, 0, t->buf);
    rdt_sense(&r, KEY_PROTECT, ASC_WRITE_PROTECT, 0, "write to a read-only image");
}

/* ---- many requests in flight ---- */

struct inflight {
    struct ustor_scsi_request req;
    _Atomic int *done;
};

static void inflight_done(struct ustor_scsi_request *req)
{
    struct inflight *f = req->context;
    CHECK(req->result == 0 && req->srb_status == RDT_SRB_SUCCESS, "request %p failed: %d",
          (void *)req, req->result);
    atomic_fetch_add(f->done, 1);
}

static void submit_many(struct ustor_lun *lun, uint8_t *buf, bool write, struct inflight *f,
                        int n, _Atomic int *done)
{
    atomic_store(done, 0);
    for (int i = 0; i < n; i++) {
        memset(&f[i], 0, sizeof f[i]);
        f[i].done = done;
        f[i].req.cdb_length = cdb_rw(f[i].req.cdb, 10, write, 4096 + 8 * (uint64_t)i, 8, 0);
        f[i].req.direction = write ? USTOR_DATA_OUT : USTOR_DATA_IN;
        f[i].req.data = buf + i * 8 * BS;
        f[i].req.data_length = 8 * BS;
        f[i].req.done = inflight_done;
        f[i].req.context = &f[i];
        CHECK_OK(ustor_lun_submit(lun, &f[i].req));
    }
    for (int spins = 0; atomic_load(done) < n && spins < 60000; spins++)
        usleep(1000);
    CHECK(atomic_load(done) == n, "%d of %d requests completed", atomic_load(done), n);
}

static void deep_queue(struct rdt *t)
{
    static struct inflight f[128];
    static _Atomic int done;
    struct ustor_lun *lun = rdt_lun(t, 1);
    fill_pattern(t->buf, 128 * 8 * BS, 77);
    submit_many(lun, t->buf, true, f, 128, &done);
    memset(t->buf2, 0, 128 * 8 * BS);
    submit_many(lun, t->buf2, false, f, 128, &done);
    CHECK(!memcmp(t->buf, t->buf2, 128 * 8 * BS), "128 concurrent writes then reads");
}

int main(void)
{
    char config[512];
    struct rdt t;
    make_images();
    snprintf(config, sizeof config, "disk0=%s,size=8M;disk1=%s,size=8M,aio=uring;disk2=%s,ro",
             image[0], image[1], image[2]);
    rdt_open(&t, config);
    for (uint8_t unit = 0; unit < 2; unit++) {
        round_trip(&t, unit, image[unit]);
        unmap_zeroes(rdt_lun(&t, unit), t.buf);
        write_cache_bit(rdt_lun(&t, unit), t.buf);
    }
    prepared_image(&t);
    deep_queue(&t);
    rdt_close(&t);
    struct stat st;
    CHECK(stat(image[0], &st) == 0 && st.st_size == IMAGE_BYTES, "created with size=8M");
    snprintf(config, sizeof config, "disk0=%s/missing.img", dir);
    CHECK(rdt_try_open(&t, config) < 0, "a missing image without size= was accepted");
    rdt_close(&t);
    remove_images();
    printf("ok\n");
    return 0;
}
