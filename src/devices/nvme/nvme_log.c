/*
 * Log pages and asynchronous events (NVMe 1.4 §5.14, §5.2).
 *
 * Get Log Page: Error Information (01h, newest first, error_log_entries kept), SMART /
 * Health (02h, controller wide: NSID 0 or FFFFFFFFh), Firmware Slot Information
 * (03h) and Changed Namespace List (04h). Offsets must be dword aligned and inside the
 * page; a transfer longer than the page reads zeroes past its end. Reading a page
 * without Retain Asynchronous Event unmasks its event type.
 *
 * Asynchronous Event Request: up to AERL + 1 requests wait; an event completes one
 * (Dword 0: type, information, log page) and masks its type until the host reads the
 * page. Events with no request waiting stay pending (one bit per kind: bounded).
 * Sent: Error - Invalid Doorbell Register / Invalid Doorbell Write Value; Notice -
 * Namespace Attribute Changed (when enabled in Asynchronous Event Configuration).
 */
#include <string.h>
#include <time.h>

#include "devices/nvme/nvme_internal.h"

#define ST(sc) (NVME_STATUS(NVME_SCT_GENERIC, (sc)) | NVME_DNR)
#define CS(sc) (NVME_STATUS(NVME_SCT_COMMAND, (sc)) | NVME_DNR)
#define NVME_TEMPERATURE 313            /* kelvin: 40 C */

static const uint8_t event_log_page[3] = {NVME_LOG_ERROR, NVME_LOG_SMART, NVME_LOG_CHANGED_NS};

/* ---- asynchronous events ---- */

/* Under c->lock: a waiting request for a pending, unmasked event, with its Dword 0. */
static struct nvme_cmd *aer_match(struct nvme_ctrl *c)
{
    struct nvme_events *ev = &c->ev;
    for (unsigned type = 0; type < 3 && ev->naer; type++) {
        if (!ev->pending[type] || ev->masked[type])
            continue;
        unsigned info = (unsigned)__builtin_ctz(ev->pending[type]);
        ev->pending[type] &= ~(1u << info);
        ev->masked[type] = true;
        struct nvme_cmd *cmd = ev->aer[0];
        memmove(ev->aer, ev->aer + 1, --ev->naer * sizeof ev->aer[0]);
        cmd->dw0 = type | info << 8 | (uint32_t)event_log_page[type] << 16;
        cmd->status = 0;
        return cmd;
    }
    return NULL;
}

/* Inside the queues (c->busy): a reset cannot free the request while it completes. */
static void aer_deliver(struct nvme_ctrl *c)
{
    if (!nvme_enter(c))
        return;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        struct nvme_cmd *cmd = aer_match(c);
        pthread_mutex_unlock(&c->lock);
        if (!cmd)
            break;
        nvme_cmd_complete(c, cmd, NULL);
    }
    nvme_leave(c);
}

enum nvme_run nvme_aer_park(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    pthread_mutex_lock(&c->lock);
    bool full = c->ev.naer > c->cfg.aerl;
    if (!full)
        c->ev.aer[c->ev.naer++] = cmd;
    pthread_mutex_unlock(&c->lock);
    if (full) {
        cmd->status = CS(NVME_SC_AER_LIMIT);
        return NVME_RUN_DONE;
    }
    aer_deliver(c);                     /* an event may be waiting already */
    return NVME_RUN_PARKED;
}

void nvme_event(struct nvme_ctrl *c, unsigned type, unsigned info)
{
    pthread_mutex_lock(&c->lock);
    bool enabled = type != NVME_AER_TYPE_NOTICE ||
                   (c->feat.async_event_cfg & NVME_AEC_NS_ATTR);
    if (enabled && atomic_load(&c->state) == NVME_READY)
        c->ev.pending[type] |= 1u << info;
    pthread_mutex_unlock(&c->lock);
    if (enabled)
        aer_deliver(c);
}

void nvme_events_reset(struct nvme_ctrl *c)
{
    memset(c->ev.aer, 0, sizeof c->ev.aer);
    c->ev.naer = 0;
    memset(c->ev.pending, 0, sizeof c->ev.pending);
    memset(c->ev.masked, 0, sizeof c->ev.masked);
}

static void event_unmask(struct nvme_ctrl *c, unsigned lid)
{
    pthread_mutex_lock(&c->lock);
    for (unsigned type = 0; type < 3; type++)
        if (event_log_page[type] == lid)
            c->ev.masked[type] = false;
    pthread_mutex_unlock(&c->lock);
    aer_deliver(c);
}

/* ---- the error log ---- */

void nvme_error_record(struct nvme_ctrl *c, const struct nvme_cmd *cmd)
{
    pthread_mutex_lock(&c->lock);
    uint64_t n = ++c->ev.error_count;
    struct nvme_error_log *e = &c->ev.errors[(n - 1) % c->cfg.error_log_entries];
    *e = (struct nvme_error_log){
        .error_count = n,
        .sqid = cmd->sq->qid,
        .cid = cmd->sqe.cid,
        .status = (uint16_t)(cmd->status << 1),
        .param_error_location = 0xFFFF,
        .lba = cmd->lba,
        .nsid = cmd->sqe.nsid,
    };
    pthread_mutex_unlock(&c->lock);
}

void nvme_ns_changed(struct nvme_ctrl *c, uint32_t nsid)
{
    struct nvme_events *ev = &c->ev;
    for (uint32_t i = 0; i < ev->nchanged && i < NVME_CHANGED_NS_MAX; i++)
        if (ev->changed[i] == nsid)
            return;
    if (ev->nchanged < NVME_CHANGED_NS_MAX)
        ev->changed[ev->nchanged] = nsid;
    if (ev->nchanged <= NVME_CHANGED_NS_MAX)
        ev->nchanged++;                 /* one past the list: overflowed */
}

/* ---- pages ---- */

union log_page {
    uint8_t bytes[4096];
    struct nvme_error_log errors[NVME_MAX_ERROR_LOG];
    struct nvme_smart_log smart;
    struct nvme_fw_slot_log fw;
    uint32_t nsids[NVME_CHANGED_NS_MAX];
};

static uint32_t page_errors(struct nvme_ctrl *c, union log_page *p)
{
    uint32_t n = c->cfg.error_log_entries;
    uint64_t count = c->ev.error_count;
    for (uint32_t i = 0; i < n && i < count; i++)
        p->errors[i] = c->ev.errors[(count - 1 - i) % n];
    return n * sizeof p->errors[0];
}

static void put_u128(uint8_t field[16], uint64_t value)
{
    memcpy(field, &value, 8);
}

static uint32_t page_smart(struct nvme_ctrl *c, union log_page *p)
{
    uint64_t reads = c->reads, writes = c->writes, ru = c->read_units, wu = c->write_units;
    for (uint32_t i = 1; i < c->nqueues; i++) {
        reads += atomic_load(&c->sqs[i].reads);
        writes += atomic_load(&c->sqs[i].writes);
        ru += atomic_load(&c->sqs[i].read_units);
        wu += atomic_load(&c->sqs[i].write_units);
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t up_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - c->created_ns;
    struct nvme_smart_log *s = &p->smart;
    s->temperature[0] = NVME_TEMPERATURE & 0xFF;
    s->temperature[1] = NVME_TEMPERATURE >> 8;
    s->avail_spare = 100;
    s->spare_thresh = 10;
    put_u128(s->data_units_read, (ru + 999) / 1000);   /* thousands of 512-byte units */
    put_u128(s->data_units_written, (wu + 999) / 1000);
    put_u128(s->host_reads, reads);
    put_u128(s->host_writes, writes);
    put_u128(s->power_cycles, 1);
    put_u128(s->power_on_hours, (uint64_t)(up_ns / 3600000000000ll));
    put_u128(s->media_errors, atomic_load(&c->media_errors));
    put_u128(s->num_err_log_entries, c->ev.error_count);
    s->temp_sensor[0] = NVME_TEMPERATURE;
    return sizeof *s;
}

static uint32_t page_changed(struct nvme_ctrl *c, union log_page *p, bool retain)
{
    struct nvme_events *ev = &c->ev;
    if (ev->nchanged > NVME_CHANGED_NS_MAX)
        p->nsids[0] = 0xFFFFFFFFu;
    else
        memcpy(p->nsids, ev->changed, ev->nchanged * sizeof ev->changed[0]);
    if (!retain)
        ev->nchanged = 0;
    return sizeof p->nsids;
}

/* Under c->lock: the page's size, 0 for an unknown page. */
static uint32_t page_build(struct nvme_ctrl *c, unsigned lid, bool retain, union log_page *p)
{
    switch (lid) {
    case NVME_LOG_ERROR: return page_errors(c, p);
    case NVME_LOG_SMART: return page_smart(c, p);
    case NVME_LOG_FW_SLOT:
        p->fw.afi = 1;                  /* slot 1 active */
        memcpy(p->fw.frs[0], c->firmware, 8);
        return sizeof p->fw;
    case NVME_LOG_CHANGED_NS: return page_changed(c, p, retain);
    default: return 0;
    }
}

uint16_t nvme_get_log_page(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    const struct nvme_sqe *e = &cmd->sqe;
    unsigned lid = e->cdw10 & 0xFF;
    bool retain = e->cdw10 & (1u << 15);
    uint64_t dwords = ((uint64_t)(e->cdw11 & 0xFFFF) << 16 | e->cdw10 >> 16) + 1;
    uint64_t offset = (uint64_t)e->cdw13 << 32 | e->cdw12;
    if ((offset & 3) || dwords * 4 > c->max_xfer)
        return ST(NVME_SC_INVALID_FIELD);
    if (lid == NVME_LOG_SMART && e->nsid != 0 && e->nsid != 0xFFFFFFFFu)
        return ST(NVME_SC_INVALID_FIELD);   /* no per-namespace SMART (LPA bit 0) */
    union log_page page;
    memset(&page, 0, sizeof page);
    pthread_mutex_lock(&c->lock);
    uint32_t size = page_build(c, lid, retain, &page);
    pthread_mutex_unlock(&c->lock);
    if (!size)
        return CS(NVME_SC_INVALID_LOG_PAGE);
    if (offset >= size)
        return ST(NVME_SC_INVALID_FIELD);
    uint16_t st = nvme_dptr_to_host(c, cmd, page.bytes + offset, size - (uint32_t)offset,
                                    (uint32_t)(dwords * 4));
    if (!st && !retain)
        event_unmask(c, lid);
    return st;
}
