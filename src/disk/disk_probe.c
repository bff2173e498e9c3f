/* Probing a unit when its disk opens (disk.h): each question is one synchronous
 * command, retried as the sense data allows, into a scratch DMA buffer. What a
 * unit cannot answer falls back to a safe assumption: no VPD page means no
 * limits and no unmap; an unreadable caching page means a write cache is
 * assumed, so flushes are sent. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "common/log.h"
#include "disk/disk_cdb.h"
#include "disk/disk_internal.h"
#include "disk/disk_parse.h"
#include "disk/disk_scsi.h"
#include "disk/disk_sense.h"

#define PROBE_RETRIES_NOW 5
#define PROBE_RETRIES_LATER 100     /* with PROBE_PAUSE_MS: ten seconds to become ready */
#define PROBE_PAUSE_MS 100

struct probe {
    struct ustor_disk *d;
    uint8_t *buf;
    uint32_t buf_bytes;
    uint32_t got;                   /* bytes the last command transferred */
    struct disk_verdict v;          /* of the last command */
};

static void pause_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int probe_once(struct probe *p, const uint8_t *cdb, int cdb_len, uint32_t in_bytes,
                      bool out)
{
    uint8_t sense[DISK_SENSE_BYTES];
    struct ustor_scsi_request r = {
        .cdb_length = (uint8_t)cdb_len,
        .direction = in_bytes ? (out ? USTOR_DATA_OUT : USTOR_DATA_IN) : USTOR_DATA_NONE,
        .data = in_bytes ? p->buf : NULL, .data_length = in_bytes,
        .sense = sense, .sense_length = sizeof sense,
    };
    memcpy(r.cdb, cdb, (size_t)cdb_len);
    int rc = ustor_lun_execute(p->d->lun, &r);
    if (rc < 0 && r.result == 0)
        r.result = rc;      /* refused before it started: no status to read */
    p->got = r.transferred < in_bytes ? r.transferred : in_bytes;
    p->v = disk_command_verdict(r.result, r.scsi_status, sense, r.sense_valid);
    return p->v.action == DISK_OK ? 0 : p->v.err;
}

/* Runs one command until it succeeds, fails for good, or retries run out. */
static int probe_cmd(struct probe *p, const uint8_t *cdb, int cdb_len, uint32_t in_bytes, bool out)
{
    unsigned now = 0, later = 0;
    for (;;) {
        if (in_bytes && !out)
            memset(p->buf, 0, in_bytes);
        int rc = probe_once(p, cdb, cdb_len, in_bytes, out);
        if (p->v.action == DISK_OK || p->v.action == DISK_FAIL)
            return rc;
        if (p->v.action == DISK_RETRY_NOW && ++now > PROBE_RETRIES_NOW)
            return rc;
        if (p->v.action == DISK_RETRY_LATER) {
            if (++later > PROBE_RETRIES_LATER)
                return rc;
            pause_ms(PROBE_PAUSE_MS);
        }
        ulog_host(ULOG_DEBUG, "%s: probe opcode 0x%02x retried: %s", p->d->name, cdb[0], p->v.what);
    }
}

static int probe_ready(struct probe *p)
{
    uint8_t cdb[DISK_CDB_BYTES];
    int rc = probe_cmd(p, cdb, disk_cdb_test_unit_ready(cdb), 0, false);
    if (rc < 0)
        return ustor_error_fail(rc, "%s: TEST UNIT READY: %s", p->d->name, p->v.what);
    return 0;
}

static int probe_capacity(struct probe *p, struct disk_capacity *cap)
{
    uint8_t cdb[DISK_CDB_BYTES];
    int rc = probe_cmd(p, cdb, disk_cdb_read_capacity16(cdb, 32), 32, false);
    if (rc == 0 && disk_parse_capacity16(p->buf, p->got, cap) == 0) {
        p->d->info.capacity16 = true;
        return 0;
    }
    ulog_host(ULOG_DEBUG, "%s: READ CAPACITY(16) unusable (%s), trying 10", p->d->name, p->v.what);
    rc = probe_cmd(p, cdb, disk_cdb_read_capacity10(cdb), 8, false);
    if (rc < 0)
        return ustor_error_fail(rc, "%s: READ CAPACITY: %s", p->d->name, p->v.what);
    rc = disk_parse_capacity10(p->buf, p->got, cap);
    if (rc < 0)
        return ustor_error_fail(rc, "%s: READ CAPACITY(10) answer unusable", p->d->name);
    return 0;
}

/* Reads a VPD page into p->buf; false if the unit does not give it. */
static bool probe_vpd(struct probe *p, uint8_t page)
{
    uint8_t cdb[DISK_CDB_BYTES];
    uint16_t alloc = p->buf_bytes < 0xff00 ? (uint16_t)p->buf_bytes : 0xff00;
    return probe_cmd(p, cdb, disk_cdb_inquiry(cdb, true, page, alloc), alloc, false) == 0;
}

static void probe_vpd_pages(struct probe *p, struct disk_block_limits *bl,
                            struct disk_provisioning *lbp)
{
    struct ustor_disk_info *in = &p->d->info;
    bool has[4] = { false };
    static const uint8_t pages[4] = { VPD_UNIT_SERIAL, VPD_BLOCK_LIMITS,
                                      VPD_BLOCK_CHARACTERISTICS, VPD_LOGICAL_BLOCK_PROVISIONING };
    memset(bl, 0, sizeof *bl);
    memset(lbp, 0, sizeof *lbp);
    if (!probe_vpd(p, VPD_SUPPORTED_PAGES))
        return;
    for (int i = 0; i < 4; i++)
        has[i] = disk_parse_vpd_has(p->buf, p->got, pages[i]);
    if (has[0] && probe_vpd(p, VPD_UNIT_SERIAL))
        disk_parse_serial(p->buf, p->got, in->serial, sizeof in->serial);
    if (has[1] && probe_vpd(p, VPD_BLOCK_LIMITS))
        disk_parse_block_limits(p->buf, p->got, bl);
    if (has[2] && probe_vpd(p, VPD_BLOCK_CHARACTERISTICS))
        disk_parse_rotation(p->buf, p->got, &in->rotation_rate);
    if (has[3] && probe_vpd(p, VPD_LOGICAL_BLOCK_PROVISIONING))
        disk_parse_provisioning(p->buf, p->got, lbp);
}

/* MODE SENSE(10) of the caching page, then (6) for units that lack the 10. */
static void probe_caching(struct probe *p)
{
    struct ustor_disk_info *in = &p->d->info;
    struct disk_caching c;
    uint8_t cdb[DISK_CDB_BYTES];
    int rc = probe_cmd(p, cdb, disk_cdb_mode_sense(cdb, true, MODE_PAGE_CACHING, 255), 255, false);
    if (rc == 0)
        rc = disk_parse_caching(p->buf, p->got, true, &c);
    if (rc < 0) {
        rc = probe_cmd(p, cdb, disk_cdb_mode_sense(cdb, false, MODE_PAGE_CACHING, 255), 255, false);
        if (rc == 0)
            rc = disk_parse_caching(p->buf, p->got, false, &c);
    }
    if (rc < 0) {
        ulog_host(ULOG_INFO, "%s: no MODE SENSE caching page (%s); assuming a write cache",
                  p->d->name, p->v.what);
        in->write_cache = true;
        return;
    }
    in->read_only = c.write_protect;
    in->fua = c.dpofua;
    in->write_cache = c.have_page ? c.wce : true;
}

/* A unit with a write cache must take SYNCHRONIZE CACHE, or flushes cannot work. */
static void probe_flush(struct probe *p)
{
    struct ustor_disk_info *in = &p->d->info;
    uint8_t cdb[DISK_CDB_BYTES];
    in->flush = false;
    if (!in->write_cache)
        return;
    if (probe_cmd(p, cdb, disk_cdb_sync_cache(cdb, false), 0, false) == 0)
        in->flush = true;
    else
        ulog_host(ULOG_WARN, "%s: write cache on but SYNCHRONIZE CACHE fails (%s): "
                  "flushes cannot be honoured", p->d->name, p->v.what);
}

static int probe_identity(struct ustor_disk *d)
{
    struct ustor_lun_info li;
    int rc = ustor_lun_get_info(d->lun, &li);
    if (rc < 0)
        return rc;
    struct ustor_disk_info *in = &d->info;
    in->path_id = li.path_id;
    in->target_id = li.target_id;
    in->lun = li.lun;
    in->peripheral_type = li.peripheral_type;
    in->queue_depth = li.queue_depth;
    snprintf(d->name, sizeof d->name, "disk(%u,%u,%u)", li.path_id, li.target_id, li.lun);
    if (li.inquiry_length >= 36) {
        disk_parse_ascii(li.inquiry + 8, 8, in->vendor);
        disk_parse_ascii(li.inquiry + 16, 16, in->product);
        disk_parse_ascii(li.inquiry + 32, 4, in->revision);
    }
    if (li.peripheral_type != 0x00)
        return ustor_error_fail(-ENOTSUP, "%s: peripheral type 0x%02x is not a direct-access "
                                "block device", d->name, li.peripheral_type);
    return 0;
}

static void info_from(struct ustor_disk_info *in, const struct disk_capacity *cap,
                      const struct disk_block_limits *bl, const struct disk_provisioning *lbp)
{
    in->blocks = cap->blocks;
    in->block_size = cap->block_size;
    in->physical_block_size = cap->block_size << (cap->physical_exponent < 8 ? cap->physical_exponent : 0);
    in->size = cap->blocks * cap->block_size;
    in->lbpme = cap->lbpme;
    in->lbprz = cap->lbprz || lbp->lbprz;
    in->unmap = cap->lbpme && lbp->lbpu;
    in->ws_unmap = cap->lbpme && lbp->lbpws;
    in->write_same = lbp->lbpws || bl->max_write_same > 0;
}

static int probe_limits(struct probe *p, const struct disk_block_limits *bl)
{
    struct ustor_adapter_info ai;
    int rc = ustor_adapter_get_info(ustor_lun_adapter(p->d->lun), &ai);
    if (rc < 0)
        return rc;
    struct disk_limit_inputs li = {
        .block_size = p->d->info.block_size,
        .adapter_max_transfer = ai.max_transfer_length,
        .adapter_breaks = ai.physical_breaks,
        .adapter_alignment_mask = ai.alignment_mask,
        .vpd_max_transfer = bl->max_transfer,
        .vpd_opt_granularity = bl->opt_granularity,
        .vpd_opt_transfer = bl->opt_transfer,
        .vpd_max_unmap = bl->max_unmap,
        .vpd_max_write_same = bl->max_write_same,
    };
    rc = disk_limits_compute(&li, &p->d->info.limits);
    if (rc < 0)
        return ustor_error_fail(rc, "%s: block size %u or transfer limit %u unusable", p->d->name,
                                li.block_size, li.adapter_max_transfer);
    return 0;
}

int disk_probe(struct ustor_disk *d, void *scratch, uint32_t scratch_bytes)
{
    struct probe p = { .d = d, .buf = scratch, .buf_bytes = scratch_bytes };
    struct disk_capacity cap;
    struct disk_block_limits bl;
    struct disk_provisioning lbp;
    int rc = probe_identity(d);
    if (rc == 0)
        rc = probe_ready(&p);
    if (rc == 0)
        rc = probe_capacity(&p, &cap);
    if (rc < 0)
        return rc;
    if (cap.block_size < 512 || cap.block_size > 65536 || cap.blocks == 0)
        return ustor_error_fail(-ENOTSUP, "%s: %llu blocks of %u bytes cannot be served", d->name,
                                (unsigned long long)cap.blocks, cap.block_size);
    probe_vpd_pages(&p, &bl, &lbp);
    info_from(&d->info, &cap, &bl, &lbp);
    probe_caching(&p);
    probe_flush(&p);
    return probe_limits(&p, &bl);
}
