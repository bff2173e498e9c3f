/*
 * Bus enumeration, as Storport does it: for each bus below NumberOfBuses and target
 * below MaximumNumberOfTargets, REPORT LUNS to LUN 0; if that fails for another
 * reason than an absent target, INQUIRY to LUNs 0-7 instead. Every reported LUN gets
 * an INQUIRY; peripheral qualifier 000b makes it present (011b, or a failed INQUIRY,
 * means no unit). A new unit gets HwUnitControl(ScsiUnitStart) when the miniport
 * supports it; a unit a rescan no longer finds is removed (ScsiUnitRemove).
 * Requests are the port's own (internal), so they reach units still being probed.
 */
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "platform/dma_space.h"
#include "port/port_internal.h"

#define INQUIRY_BYTES 96
#define REPORT_LUNS_MAX 256
#define REPORT_LUNS_BYTES (8 + 8 * REPORT_LUNS_MAX)
#define PROBE_LUNS 8

struct scan {
    struct ustor_adapter *a;
    unsigned char *buf;        /* DMA space, REPORT_LUNS_BYTES */
    uint32_t luns;             /* MaximumNumberOfLogicalUnits */
};

static void cdb_inquiry(struct ustor_scsi_request *r)
{
    r->cdb_length = 6;
    r->cdb[0] = 0x12;          /* INQUIRY */
    r->cdb[4] = INQUIRY_BYTES;
}

static void cdb_report_luns(struct ustor_scsi_request *r)
{
    r->cdb_length = 12;
    r->cdb[0] = 0xA0;          /* REPORT LUNS */
    r->cdb[6] = (uint8_t)(REPORT_LUNS_BYTES >> 24);
    r->cdb[7] = (uint8_t)(REPORT_LUNS_BYTES >> 16);
    r->cdb[8] = (uint8_t)(REPORT_LUNS_BYTES >> 8);
    r->cdb[9] = (uint8_t)REPORT_LUNS_BYTES;
}

static int scan_request(struct scan *s, struct ustor_lun *u, void (*cdb)(struct ustor_scsi_request *),
                        uint32_t bytes, struct ustor_scsi_request *r)
{
    memset(r, 0, sizeof *r);
    cdb(r);
    r->direction = USTOR_DATA_IN;
    r->data = s->buf;
    r->data_length = bytes;
    memset(s->buf, 0, bytes);
    return port_execute(u, r, true);
}

static bool target_absent(const struct ustor_scsi_request *r)
{
    return r->srb_status == SRB_STATUS_SELECTION_TIMEOUT || r->srb_status == SRB_STATUS_NO_DEVICE ||
           r->srb_status == SRB_STATUS_INVALID_TARGET_ID || r->srb_status == SRB_STATUS_INVALID_PATH_ID;
}

/* ---- one unit ---- */

static void unit_found(struct scan *s, struct ustor_lun *u, uint32_t len)
{
    u->scan_seen = true;
    pthread_mutex_lock(&s->a->qlock);   /* ustor_lun_get_info reads it under the lock */
    memcpy(u->inquiry, s->buf, INQUIRY_BYTES);
    u->inquiry_length = len > INQUIRY_BYTES ? INQUIRY_BYTES : len;
    pthread_mutex_unlock(&s->a->qlock);
    if (atomic_load(&u->state) != UNIT_PRESENT) {
        port_log_info(s->a, "unit (%u,%u,%u) found: type 0x%02x", u->path, u->target, u->lun,
                      u->inquiry[0] & 0x1F);
        port_unit_arrived(s->a, u);
    }
}

static void probe_unit(struct scan *s, uint8_t path, uint8_t target, uint8_t lun)
{
    struct ustor_lun *u = port_unit_get(s->a, path, target, lun);
    if (!u)
        return;
    if (atomic_load(&u->state) == UNIT_GONE) {
        port_unit_reset(u);
        atomic_store(&u->state, UNIT_PROBING);
    }
    struct ustor_scsi_request r;
    int rc = scan_request(s, u, cdb_inquiry, INQUIRY_BYTES, &r);
    if (rc == 0 && r.transferred >= 1 && (s->buf[0] >> 5) == 0)
        unit_found(s, u, r.transferred);
}

/* ---- one target ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The LUN of one REPORT LUNS entry, or -1 for an addressing method not handled. */
static int decode_lun(const unsigned char *e)
{
    switch (e[0] >> 6) {
    case 0:   /* peripheral device addressing */
        return e[1];
    case 1:   /* flat space addressing */
        return ((e[0] & 0x3F) << 8) | e[1];
    default:
        return -1;
    }
}

static void probe_reported(struct scan *s, uint8_t path, uint8_t target, uint32_t got)
{
    uint32_t n = be32(s->buf) / 8, room = got > 8 ? (got - 8) / 8 : 0;
    unsigned char list[REPORT_LUNS_MAX];
    uint32_t count = 0;
    if (n > room)
        n = room;
    for (uint32_t i = 0; i < n && count < REPORT_LUNS_MAX; i++) {
        int lun = decode_lun(s->buf + 8 + 8 * i);
        if (lun >= 0 && (uint32_t)lun < s->luns && lun < 255)
            list[count++] = (unsigned char)lun;
    }
    for (uint32_t i = 0; i < count; i++)   /* the buffer is reused by each INQUIRY */
        probe_unit(s, path, target, list[i]);
}

static void scan_target(struct scan *s, uint8_t path, uint8_t target)
{
    struct ustor_lun *u0 = port_unit_get(s->a, path, target, 0);
    if (!u0)
        return;
    if (atomic_load(&u0->state) == UNIT_GONE) {
        port_unit_reset(u0);
        atomic_store(&u0->state, UNIT_PROBING);
    }
    struct ustor_scsi_request r;
    int rc = scan_request(s, u0, cdb_report_luns, REPORT_LUNS_BYTES, &r);
    if (rc == 0 && r.transferred >= 8) {
        probe_reported(s, path, target, r.transferred);
        return;
    }
    if (target_absent(&r))
        return;
    uint32_t luns = s->luns < PROBE_LUNS ? s->luns : PROBE_LUNS;
    for (uint32_t lun = 0; lun < luns; lun++)
        probe_unit(s, path, target, (uint8_t)lun);
}

/* ---- the whole adapter ---- */

static void scan_finish(struct ustor_adapter *a)
{
    for (struct ustor_lun *u = port_units_head(a); u; u = u->all_next) {
        if (u->scan_seen)
            continue;
        int st = atomic_load(&u->state);
        if (st == UNIT_PRESENT) {
            port_log_info(a, "unit (%u,%u,%u) is gone", u->path, u->target, u->lun);
            port_unit_remove(a, u);
        } else if (st == UNIT_PROBING) {
            atomic_store(&u->state, UNIT_GONE);
        }
    }
}

static bool scan_aborted(struct ustor_adapter *a)
{
    pthread_mutex_lock(&a->svc_lock);
    bool abort = a->scan_abort;
    pthread_mutex_unlock(&a->svc_lock);
    return abort || atomic_load(&a->state) != ADAPTER_STARTED;
}

int port_enumerate(struct ustor_adapter *a)
{
    uint32_t buses, targets;
    struct scan s = {.a = a};
    port_config_topology(a, &buses, &targets, &s.luns);
    s.buf = port_dma_alloc(a->host, REPORT_LUNS_BYTES, DMA_KIND_DATA_BUFFER, a, "enumeration");
    if (!s.buf)
        return -ENOMEM;
    pthread_mutex_lock(&a->scan_lock);
    if (port_adapter_supports(a, ScsiAdapterPrepareForBusReScan))
        port_adapter_control(a, ScsiAdapterPrepareForBusReScan, NULL);
    for (struct ustor_lun *u = port_units_head(a); u; u = u->all_next)
        u->scan_seen = false;
    bool aborted = false;
    for (uint32_t p = 0; p < buses && p < 255 && !aborted; p++)
        for (uint32_t t = 0; t < targets && t < 255 && !(aborted = scan_aborted(a)); t++)
            scan_target(&s, (uint8_t)p, (uint8_t)t);
    if (!aborted)
        scan_finish(a);
    pthread_mutex_unlock(&a->scan_lock);
    port_dma_free(a->host, s.buf);
    return aborted ? -ECANCELED : 0;
}
