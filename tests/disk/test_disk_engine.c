/* The disk layer against a miniport that misbehaves on request (tests/miniports/
 * disk_fault.c): probing (READ CAPACITY 16 and its fallback to 10, VPD limits, the
 * caching page, write protection), requests cut by the adapter's maximum transfer,
 * its scatter/gather elements and the unit's VPD limits, FUA emulated with a flush,
 * trim and zero mapped to UNMAP / WRITE SAME / written zeroes, the retries SCSI
 * allows (unit attention, busy, becoming ready) and the errors it does not, each
 * checked in the log of commands the miniport received. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk/disk.h"
#include "miniports/disk_fault_control.h"
#include "ustorport/ustorport.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__,     \
                    __LINE__, #cond, ustor_last_error());                               \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)
#define CHECK_EQ(a, b)                                                                  \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ != b_) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, a_, b_);                                          \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)
#define RUN(test)                                                                       \
    do {                                                                                \
        fprintf(stderr, "-- %s\n", #test);                                              \
        test();                                                                         \
    } while (0)

static struct df_control *df;
static struct ustor_host *host;
static struct ustor_driver *driver;
static struct ustor_adapter *adapter;
static struct ustor_disk *disk;

static void df_defaults(void)
{
    memset(df, 0, offsetof(struct df_control, data));
    df->block_size = 512;
    df->blocks = DF_BLOCKS_MAX;
    df->max_transfer = 64 * 1024;
    df->breaks = 255;
    df->vpd_max_unmap = 2048;
    df->vpd_max_ws = 4096;
    df->lbpme = df->lbpu = df->lbpws = df->lbprz = 1;
    df->wce = 1;
    df->rotation = 1;
    df->fault_opcode = DF_ANY_OPCODE;
}

static void up(void)
{
    struct ustor_adapter_options o = { .size = sizeof o };
    CHECK(ustor_adapter_add(driver, &o, &adapter) == 0);
    struct ustor_lun *lun = ustor_adapter_lun(adapter, 0, 0, 0);
    CHECK(lun != NULL);
    CHECK(ustor_disk_open(host, lun, &disk) == 0);
    df->n_log = 0;
}

static void down(void)
{
    ustor_disk_close(disk);
    CHECK(ustor_adapter_remove(adapter) == 0);
    disk = NULL;
    adapter = NULL;
}

static int count_op(uint8_t op)
{
    int n = 0;
    for (int i = 0; i < df->n_log && i < DF_LOG_MAX; i++)
        n += df->log[i].opcode == op;
    return n;
}

static const struct df_cmd *nth_op(uint8_t op, int nth)
{
    for (int i = 0; i < df->n_log && i < DF_LOG_MAX; i++)
        if (df->log[i].opcode == op && nth-- == 0)
            return &df->log[i];
    return NULL;
}

static int io(enum ustor_disk_op op, uint32_t flags, uint64_t offset, uint64_t length, void *buf)
{
    return ustor_disk_io_sync(disk, op, flags, offset, length, buf);
}

static void fault(uint8_t opcode, int count, uint8_t status, uint8_t key, uint8_t asc, uint8_t ascq)
{
    df->fault_opcode = opcode;
    df->fault_status = status;
    df->fault_key = key;
    df->fault_asc = asc;
    df->fault_ascq = ascq;
    __atomic_store_n(&df->fault_count, count, __ATOMIC_RELEASE);
}

/* ---- probing ---- */

static void test_probe(void)
{
    df_defaults();
    df->vpd_max_transfer = 64;
    df->vpd_granularity = 8;
    df->dpofua = 1;
    up();
    const struct ustor_disk_info *in = ustor_disk_get_info(disk);
    CHECK(in->capacity16);
    CHECK_EQ(in->blocks, DF_BLOCKS_MAX);
    CHECK_EQ(in->block_size, 512);
    CHECK_EQ(in->limits.max_rw_blocks, 64);         /* VPD 64 blocks < adapter's 128 */
    CHECK_EQ(in->limits.granularity, 8);
    CHECK_EQ(in->limits.max_unmap_blocks, 2048);
    CHECK_EQ(in->limits.max_ws_blocks, 4096);
    CHECK(in->write_cache && in->flush && in->fua);
    CHECK(in->unmap && in->ws_unmap && in->lbprz && in->write_same && !in->read_only);
    CHECK(!strcmp(in->vendor, "USTOR") && !strcmp(in->product, "FAULTY DISK"));
    uint32_t caps = ustor_disk_nbd_caps(disk);
    uint32_t want = NBD_EXPORT_CAN_FLUSH | NBD_EXPORT_CAN_FUA | NBD_EXPORT_CAN_TRIM |
                    NBD_EXPORT_CAN_ZERO | NBD_EXPORT_CAN_FAST_ZERO | NBD_EXPORT_CAN_MULTI_CONN;
    CHECK_EQ(caps, want);
    struct nbd_export e;
    CHECK(ustor_disk_nbd_export(disk, "d", NULL, &e) == 0);
    CHECK_EQ(e.size, (uint64_t)DF_BLOCKS_MAX * 512);
    CHECK_EQ(e.block_min, 512);
    CHECK_EQ(e.block_pref, 4096);
    CHECK_EQ(e.io_private_size, sizeof(struct ustor_disk_io));
    down();
}

static void test_probe_fallbacks(void)
{
    df_defaults();
    df->no_rc16 = 1;
    df->no_vpd = 1;
    df->wce = 0;
    df->write_protect = 1;
    up();
    const struct ustor_disk_info *in = ustor_disk_get_info(disk);
    CHECK(!in->capacity16);
    CHECK_EQ(in->blocks, DF_BLOCKS_MAX);
    CHECK_EQ(in->limits.max_rw_blocks, 128);        /* the adapter's 64 KiB alone */
    CHECK(!in->unmap && !in->write_same && !in->write_cache && in->read_only);
    CHECK_EQ(ustor_disk_nbd_caps(disk), NBD_EXPORT_READ_ONLY | NBD_EXPORT_CAN_MULTI_CONN);
    void *buf = ustor_buffer_alloc(host, 4096);
    CHECK(buf);
    CHECK_EQ(io(USTOR_DISK_WRITE, 0, 0, 4096, buf), -EROFS);
    CHECK_EQ(io(USTOR_DISK_FLUSH, 0, 0, 0, NULL), 0);    /* no cache: nothing to send */
    CHECK_EQ(df->n_log, 0);
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 4096, buf), 0);
    CHECK_EQ(count_op(0x28), 1);
    ustor_buffer_free(host, buf);
    down();
}

static void test_probe_retries_unit_attention(void)
{
    df_defaults();
    fault(0x00, 2, 0x02, 0x6, 0x29, 0x00);          /* power on: TEST UNIT READY twice */
    up();
    CHECK_EQ(df->fault_count, 0);
    down();
}

/* ---- cutting requests ---- */

static void test_split_by_max_transfer(void)
{
    df_defaults();
    up();
    enum { BLOCKS = 300 };
    uint8_t *buf = ustor_buffer_alloc(host, BLOCKS * 512);
    CHECK(buf);
    for (int i = 0; i < BLOCKS * 512; i++)
        buf[i] = (uint8_t)(i * 7 + 3);
    CHECK_EQ(io(USTOR_DISK_WRITE, 0, 512 * 10, BLOCKS * 512, buf), 0);
    CHECK_EQ(count_op(0x2a), 3);                    /* 128 + 128 + 44 blocks */
    uint64_t covered = 0;
    for (int i = 0; i < 3; i++) {
        const struct df_cmd *c = nth_op(0x2a, i);
        CHECK(c->blocks <= 128);
        CHECK(c->lba >= 10 && c->lba + c->blocks <= 10 + BLOCKS);
        covered += c->blocks;
    }
    CHECK_EQ(covered, BLOCKS);
    CHECK(!memcmp(df->data + 10 * 512, buf, BLOCKS * 512));
    memset(buf, 0, BLOCKS * 512);
    CHECK_EQ(io(USTOR_DISK_READ, 0, 512 * 10, BLOCKS * 512, buf), 0);
    CHECK(!memcmp(df->data + 10 * 512, buf, BLOCKS * 512));
    struct ustor_disk_stats st;
    ustor_disk_get_stats(disk, &st);
    CHECK_EQ(st.split_requests, 2);
    ustor_buffer_free(host, buf);
    down();
}

static void test_split_by_physical_breaks(void)
{
    df_defaults();
    df->breaks = 3;                                 /* four pages per command */
    df->max_transfer = 1 << 20;
    up();
    CHECK_EQ(ustor_disk_get_info(disk)->limits.max_sg, 4);
    uint8_t *mem = ustor_buffer_alloc(host, 64 * 1024);
    CHECK(mem);
    uint8_t *buf = mem + 512;                       /* not page aligned: 31 blocks fit */
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 100 * 512, buf), 0);
    CHECK(count_op(0x28) >= 4);
    uint64_t covered = 0;
    for (int i = 0; i < count_op(0x28); i++) {
        const struct df_cmd *c = nth_op(0x28, i);
        CHECK(c->pages <= 4);
        CHECK(c->blocks <= (c->lba == 0 ? 31 : 32));    /* 31 before the first page ends */
        covered += c->blocks;
    }
    CHECK_EQ(covered, 100);
    ustor_buffer_free(host, mem);
    down();
}

/* ---- FUA, flush, trim, zero ---- */

static void test_fua_emulated_with_flush(void)
{
    df_defaults();                                  /* write cache, no DPOFUA */
    up();
    void *buf = ustor_buffer_alloc(host, 4096);
    CHECK(buf);
    CHECK_EQ(io(USTOR_DISK_WRITE, USTOR_DISK_FUA, 0, 4096, buf), 0);
    CHECK_EQ(df->n_log, 2);
    CHECK_EQ(df->log[0].opcode, 0x2a);
    CHECK_EQ(df->log[0].byte1 & 0x08, 0);           /* no FUA bit the unit would ignore */
    CHECK_EQ(df->log[1].opcode, 0x35);              /* then SYNCHRONIZE CACHE */
    df->n_log = 0;
    CHECK_EQ(io(USTOR_DISK_FLUSH, 0, 0, 0, NULL), 0);
    CHECK_EQ(df->n_log, 1);
    CHECK_EQ(df->log[0].opcode, 0x35);
    down();
    df->dpofua = 1;
    up();
    CHECK_EQ(io(USTOR_DISK_WRITE, USTOR_DISK_FUA, 0, 4096, buf), 0);
    CHECK_EQ(df->n_log, 1);
    CHECK_EQ(df->log[0].byte1 & 0x08, 0x08);        /* FUA carried by the WRITE itself */
    ustor_buffer_free(host, buf);
    down();
}

static void test_trim_and_zero(void)
{
    df_defaults();
    up();
    memset(df->data, 0xab, 64 * 512);
    CHECK_EQ(io(USTOR_DISK_TRIM, 0, 512 * 8, 512 * 5000, NULL), 0);
    CHECK_EQ(count_op(0x42), 3);                    /* 2048 + 2048 + 904 blocks */
    CHECK_EQ(nth_op(0x42, 0)->lba, 8);
    CHECK_EQ(nth_op(0x42, 0)->blocks, 2048);
    CHECK_EQ(nth_op(0x42, 2)->blocks, 904);
    df->n_log = 0;
    CHECK_EQ(io(USTOR_DISK_ZERO, 0, 0, 512 * 4, NULL), 0);
    CHECK_EQ(count_op(0x93), 1);
    CHECK_EQ(nth_op(0x93, 0)->byte1 & 0x08, 0x08);  /* deallocate: unmapped blocks read zero */
    df->n_log = 0;
    CHECK_EQ(io(USTOR_DISK_ZERO, USTOR_DISK_NO_UNMAP, 0, 512 * 4, NULL), 0);
    CHECK_EQ(nth_op(0x93, 0)->byte1 & 0x08, 0);
    for (int i = 0; i < 4 * 512; i++)
        CHECK_EQ(df->data[i], 0);
    down();
}

static void test_zero_without_write_same(void)
{
    df_defaults();
    df->lbpws = 0;
    df->vpd_max_ws = 0;
    df->lbpu = 0;
    up();
    CHECK(!ustor_disk_get_info(disk)->write_same);
    CHECK(!(ustor_disk_nbd_caps(disk) & (NBD_EXPORT_CAN_FAST_ZERO | NBD_EXPORT_CAN_TRIM)));
    memset(df->data, 0xcd, 300 * 512);
    CHECK_EQ(io(USTOR_DISK_ZERO, USTOR_DISK_FAST_ZERO, 0, 300 * 512, NULL), -ENOTSUP);
    CHECK_EQ(df->n_log, 0);
    CHECK_EQ(io(USTOR_DISK_ZERO, 0, 0, 300 * 512, NULL), 0);
    CHECK_EQ(count_op(0x93), 0);
    CHECK(count_op(0x2a) >= 3);                     /* zeroes written, 64 KiB at a time */
    for (int i = 0; i < 300 * 512; i++)
        CHECK_EQ(df->data[i], 0);
    CHECK_EQ(io(USTOR_DISK_TRIM, 0, 0, 512, NULL), 0);  /* a hint nothing can take */
    CHECK_EQ(count_op(0x42), 0);
    down();
}

/* ---- retries and errors ---- */

static void test_retries(void)
{
    df_defaults();
    up();
    void *buf = ustor_buffer_alloc(host, 4096);
    CHECK(buf);
    struct ustor_disk_stats st0, st1;
    ustor_disk_get_stats(disk, &st0);
    fault(0x28, 2, 0x02, 0x6, 0x29, 0x00);          /* unit attention: again at once */
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 4096, buf), 0);
    CHECK_EQ(count_op(0x28), 3);
    df->n_log = 0;
    fault(0x2a, 3, 0x08, 0, 0, 0);                  /* BUSY status: again after a pause */
    CHECK_EQ(io(USTOR_DISK_WRITE, 0, 0, 4096, buf), 0);
    CHECK_EQ(count_op(0x2a), 4);
    df->n_log = 0;
    fault(0x28, 2, 0x02, 0x2, 0x04, 0x01);          /* becoming ready */
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 4096, buf), 0);
    CHECK_EQ(count_op(0x28), 3);
    df->n_log = 0;
    fault(0x28, 2, 0x02, 0xb, 0x47, 0x00);          /* aborted command */
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 4096, buf), 0);
    CHECK_EQ(count_op(0x28), 3);
    ustor_disk_get_stats(disk, &st1);
    CHECK_EQ(st1.retries - st0.retries, 2 + 3 + 2 + 2);
    CHECK_EQ(st1.failures, st0.failures);
    ustor_buffer_free(host, buf);
    down();
}

static void test_errors(void)
{
    df_defaults();
    up();
    void *buf = ustor_buffer_alloc(host, 4096);
    CHECK(buf);
    fault(0x28, 100, 0x02, 0x6, 0x29, 0x00);        /* a unit attention that never ends */
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 4096, buf), -EIO);
    CHECK_EQ(count_op(0x28), 6);                    /* the first try and five retries */
    df->n_log = 0;
    fault(0x28, 1, 0x02, 0x3, 0x11, 0x00);          /* unrecovered read error: no retry */
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 4096, buf), -EIO);
    CHECK_EQ(count_op(0x28), 1);
    fault(0x2a, 1, 0x02, 0x7, 0x27, 0x00);          /* write protected */
    CHECK_EQ(io(USTOR_DISK_WRITE, 0, 0, 4096, buf), -EROFS);
    fault(0x2a, 1, 0x02, 0x5, 0x21, 0x00);          /* LBA out of range */
    CHECK_EQ(io(USTOR_DISK_WRITE, 0, 0, 4096, buf), -EINVAL);
    fault(0x2a, 1, 0x18, 0, 0, 0);                  /* reservation conflict */
    CHECK_EQ(io(USTOR_DISK_WRITE, 0, 0, 4096, buf), -EBADE);
    fault(DF_ANY_OPCODE, 0, 0, 0, 0, 0);
    df->n_log = 0;
    /* refused before any command: outside the disk, misaligned */
    CHECK_EQ(io(USTOR_DISK_READ, 0, (uint64_t)DF_BLOCKS_MAX * 512, 512, buf), -EINVAL);
    CHECK_EQ(io(USTOR_DISK_READ, 0, 100, 512, buf), -EINVAL);
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 100, buf), -EINVAL);
    CHECK_EQ(df->n_log, 0);
    /* a failure in one command of a split request fails the request */
    uint8_t *big = ustor_buffer_alloc(host, 400 * 512);
    CHECK(big);
    fault(0x28, 1, 0x02, 0x3, 0x11, 0x00);
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 400 * 512, big), -EIO);
    fault(DF_ANY_OPCODE, 0, 0, 0, 0, 0);
    CHECK_EQ(io(USTOR_DISK_READ, 0, 0, 400 * 512, big), 0);
    ustor_buffer_free(host, big);
    ustor_buffer_free(host, buf);
    down();
}

int main(void)
{
    void *h = dlopen(DISK_FAULT_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL);
    df = dlsym(h, "dfault");
    CHECK(df != NULL);
    struct ustor_host_options o = { .size = sizeof o, .busy_pause_ms = 1, .default_timeout = 10 };
    CHECK(ustor_host_create(&o, &host) == 0);
    CHECK(ustor_driver_load(host, DISK_FAULT_MINIPORT, &driver) == 0);
    RUN(test_probe);
    RUN(test_probe_fallbacks);
    RUN(test_probe_retries_unit_attention);
    RUN(test_split_by_max_transfer);
    RUN(test_split_by_physical_breaks);
    RUN(test_fua_emulated_with_flush);
    RUN(test_trim_and_zero);
    RUN(test_zero_without_write_same);
    RUN(test_retries);
    RUN(test_errors);
    ustor_host_destroy(host);
    return 0;
}
