/* The request engine of disk.h. A block request is a small state machine run by
 * whichever thread holds its DISK_EV_PUMP bit: completions, resumes and the
 * start post event bits into io->events with one atomic OR, and the thread that
 * finds the pump free runs the machine until no events are left. So a command
 * that completes inside ustor_lun_submit() never recurses, several port threads
 * never run one request at once, and nothing is allocated or locked on the way.
 * Phases: DATA (the range, cut into commands, up to USTOR_DISK_IO_COMMANDS at a
 * time), then FLUSH when FUA was asked and the unit cannot honour it per command. */
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "disk/disk_cdb.h"
#include "disk/disk_internal.h"
#include "disk/disk_scsi.h"
#include "disk/disk_sense.h"

#define RETRIES_NOW 5           /* unit attention, aborted command, timeout */
#define RETRIES_LATER 40        /* busy, task set full, becoming ready: with the pause */
#define RETRY_PAUSE_MS 50
#define FLUSH_TIMEOUT_S 60


/* ---- UNMAP parameter lists ---- */

void *disk_param_get(struct ustor_disk *d, struct disk_command *cmd)
{
    void *p = NULL;
    pthread_mutex_lock(&d->param_lock);
    if (d->n_param_free) {
        p = d->param_free[--d->n_param_free];
    } else {
        cmd->wait_next = NULL;
        if (d->param_wait_tail)
            d->param_wait_tail->wait_next = cmd;
        else
            d->param_wait_head = cmd;
        d->param_wait_tail = cmd;
    }
    pthread_mutex_unlock(&d->param_lock);
    return p;
}

void disk_param_put(struct ustor_disk *d, void *param)
{
    pthread_mutex_lock(&d->param_lock);
    struct disk_command *w = d->param_wait_head;
    if (w) {
        d->param_wait_head = w->wait_next;
        if (!d->param_wait_head)
            d->param_wait_tail = NULL;
        w->param = param;
    } else {
        d->param_free[d->n_param_free++] = param;
    }
    pthread_mutex_unlock(&d->param_lock);
    if (w)
        disk_io_event(w->io, DISK_EV_RESUME(w->index));
}

/* ---- sending commands ---- */

static void cmd_scsi_done(struct ustor_scsi_request *r)
{
    struct disk_command *c = (struct disk_command *)(void *)r;
    disk_io_event(c->io, DISK_EV_DONE(c->index));
}

static void cmd_send(struct ustor_disk_io *io, struct disk_command *c)
{
    c->state = CMD_INFLIGHT;
    io->inflight++;
    c->scsi.result = 0;
    c->scsi.sense_valid = 0;
    int rc = ustor_lun_submit(io->disk->lun, &c->scsi);
    if (rc < 0) {
        /* the callback will not run: post the completion ourselves (we hold the pump) */
        c->scsi.result = rc;
        c->scsi.scsi_status = 0;
        atomic_fetch_or_explicit(&io->events, DISK_EV_DONE(c->index), memory_order_release);
    }
}

/* Sets every input field of the SCSI request the CDB builders do not (the caller's
 * memory may hold anything) and returns where the CDB goes. */
static uint8_t *cmd_cdb(struct disk_command *c)
{
    struct ustor_scsi_request *r = &c->scsi;
    r->function = 0;
    r->queue_action = 0;
    r->cdb_var = NULL;
    r->cdb_var_length = 0;
    r->pnp_action = r->power_state = r->power_action = r->function_flags = 0;
    r->context = NULL;
    return r->cdb;
}

/* Completes the request around the CDB built in place by cmd_cdb(). */
static void cmd_setup(struct disk_command *c, int cdb_len, uint8_t dir, void *data, uint32_t bytes)
{
    c->scsi.cdb_length = (uint8_t)cdb_len;
    c->scsi.direction = dir;
    c->scsi.data = bytes ? data : NULL;
    c->scsi.data_length = bytes;
    c->scsi.timeout = 0;
    c->scsi.sense = c->sense;
    c->scsi.sense_length = DISK_SENSE_BYTES;
    c->scsi.done = cmd_scsi_done;
    c->kind = CMD_KIND_DATA;
    c->retries = 0;
}

static void build_unmap(struct ustor_disk_io *io, struct disk_command *c)
{
    int len = disk_cdb_unmap(cmd_cdb(c), c->param, c->lba, c->blocks);
    cmd_setup(c, len, USTOR_DATA_OUT, c->param, DISK_UNMAP_PARAM_BYTES);
    cmd_send(io, c);
}

/* The data address of the block at lba of a READ/WRITE request. */
static uint8_t *io_addr(const struct ustor_disk_io *io, uint64_t lba)
{
    uint32_t shift = io->disk->info.limits.block_shift;
    return (uint8_t *)io->buf + ((lba - (io->offset >> shift)) << shift);
}

static uint32_t issue_rw(struct ustor_disk_io *io, struct disk_command *c, uint64_t left)
{
    const struct ustor_disk_info *in = &io->disk->info;
    bool write = io->op == USTOR_DISK_WRITE;
    uint8_t *addr = io_addr(io, io->next_lba);
    uint32_t n = disk_split_rw(&in->limits, (uintptr_t)addr, left);
    if (!n)
        return 0;
    bool fua = write && (io->flags & USTOR_DISK_FUA) && in->fua;
    int len = disk_cdb_rw(cmd_cdb(c), write, io->next_lba, n, fua, false);
    cmd_setup(c, len, write ? USTOR_DATA_OUT : USTOR_DATA_IN, addr, n * in->block_size);
    return n;
}

static uint32_t issue_zero(struct ustor_disk_io *io, struct disk_command *c, uint64_t left)
{
    struct ustor_disk *d = io->disk;
    const struct ustor_disk_info *in = &d->info;
    if (in->write_same) {
        uint32_t n = disk_split_range(&in->limits, in->limits.max_ws_blocks, left);
        bool unmap = !(io->flags & USTOR_DISK_NO_UNMAP) && in->ws_unmap && in->lbprz;
        int len = disk_cdb_write_same16(cmd_cdb(c), io->next_lba, n, unmap);
        cmd_setup(c, len, USTOR_DATA_OUT, d->zero_block, in->block_size);
        return n;
    }
    uint64_t max = left < d->zero_buffer_blocks ? left : d->zero_buffer_blocks;
    uint32_t n = disk_split_rw(&in->limits, (uintptr_t)d->zero_buffer, max);
    if (!n)
        return 0;
    bool fua = (io->flags & USTOR_DISK_FUA) && in->fua;
    int len = disk_cdb_rw(cmd_cdb(c), true, io->next_lba, n, fua, false);
    cmd_setup(c, len, USTOR_DATA_OUT, d->zero_buffer, n * in->block_size);
    return n;
}

/* TRIM: UNMAP (waiting for a parameter list if none is free), else WRITE SAME
 * with UNMAP. Returns the blocks covered; c is sent or waiting. */
static uint32_t issue_trim(struct ustor_disk_io *io, struct disk_command *c, uint64_t left)
{
    struct ustor_disk *d = io->disk;
    const struct ustor_disk_info *in = &d->info;
    if (!in->unmap) {
        uint32_t n = disk_split_range(&in->limits, in->limits.max_ws_blocks, left);
        int len = disk_cdb_write_same16(cmd_cdb(c), io->next_lba, n, true);
        cmd_setup(c, len, USTOR_DATA_OUT, d->zero_block, in->block_size);
        return n;
    }
    c->lba = io->next_lba;
    c->blocks = disk_split_range(&in->limits, in->limits.max_unmap_blocks, left);
    c->param = disk_param_get(d, c);
    if (!c->param) {
        c->state = CMD_WAIT_PARAM;
        io->waiting++;
    }
    return c->blocks;
}

/* Starts the next command of the DATA phase in free command c. */
static void issue_data(struct ustor_disk_io *io, struct disk_command *c)
{
    uint64_t left = io->end_lba - io->next_lba;
    uint32_t n;
    c->param = NULL;
    switch (io->op) {
    case USTOR_DISK_READ:
    case USTOR_DISK_WRITE:
        n = issue_rw(io, c, left);
        break;
    case USTOR_DISK_ZERO:
        n = issue_zero(io, c, left);
        break;
    default:
        n = issue_trim(io, c, left);
        break;
    }
    if (!n) {
        io->err = -EINVAL;      /* the buffer breaks the adapter's alignment */
        return;
    }
    if (n < left || io->next_lba != io->offset >> io->disk->info.limits.block_shift)
        io->split = true;
    c->lba = io->next_lba;
    c->blocks = n;
    io->next_lba += n;
    if (c->state == CMD_WAIT_PARAM)
        return;
    if (io->op == USTOR_DISK_TRIM && io->disk->info.unmap)
        build_unmap(io, c);
    else
        cmd_send(io, c);
}

static void issue_flush(struct ustor_disk_io *io, struct disk_command *c)
{
    cmd_setup(c, disk_cdb_sync_cache(cmd_cdb(c), false), USTOR_DATA_NONE, NULL, 0);
    c->scsi.timeout = FLUSH_TIMEOUT_S;
    c->kind = CMD_KIND_FLUSH;
    c->param = NULL;
    io->flush_sent = true;
    cmd_send(io, c);
}

static bool more_to_issue(const struct ustor_disk_io *io)
{
    if (io->err)
        return false;
    return io->phase == IO_PHASE_DATA ? io->next_lba < io->end_lba : !io->flush_sent;
}

static void io_fill(struct ustor_disk_io *io)
{
    for (int i = 0; i < USTOR_DISK_IO_COMMANDS && more_to_issue(io); i++) {
        struct disk_command *c = &io->cmd[i];
        if (c->state != CMD_FREE)
            continue;
        if (io->phase == IO_PHASE_DATA)
            issue_data(io, c);
        else
            issue_flush(io, c);
    }
}

/* ---- completions ---- */

static void cmd_release(struct ustor_disk_io *io, struct disk_command *c)
{
    if (c->param) {
        void *p = c->param;
        c->param = NULL;
        disk_param_put(io->disk, p);
    }
    c->state = CMD_FREE;
}

static void cmd_fail(struct ustor_disk_io *io, struct disk_command *c, const struct disk_verdict *v)
{
    struct ustor_disk *d = io->disk;
    atomic_fetch_add_explicit(&d->n_failures, 1, memory_order_relaxed);
    ulog_host(ULOG_INFO, "%s: opcode 0x%02x at block %llu (+%u) failed: %s (%s)", d->name,
              c->scsi.cdb[0], (unsigned long long)c->lba, c->blocks, v->what, strerror(-v->err));
    if (!io->err)
        io->err = v->err;
    cmd_release(io, c);
}

static struct disk_verdict cmd_verdict(const struct disk_command *c)
{
    const struct ustor_scsi_request *r = &c->scsi;
    if (r->result == 0 && r->transferred >= r->data_length)
        return (struct disk_verdict){ DISK_OK, 0, "good" };
    struct disk_verdict v = disk_command_verdict(r->result, r->scsi_status, c->sense, r->sense_valid);
    if (v.action == DISK_OK && r->transferred < r->data_length)
        v = (struct disk_verdict){ DISK_FAIL, -EIO, "short transfer" };
    return v;
}

static void cmd_complete(struct ustor_disk_io *io, struct disk_command *c)
{
    struct ustor_disk *d = io->disk;
    io->inflight--;
    struct disk_verdict v = cmd_verdict(c);
    if (v.action == DISK_OK) {
        cmd_release(io, c);
        return;
    }
    bool later = v.action == DISK_RETRY_LATER;
    if (v.action == DISK_FAIL || io->err || c->retries >= (later ? RETRIES_LATER : RETRIES_NOW)) {
        cmd_fail(io, c, &v);
        return;
    }
    c->retries++;
    atomic_fetch_add_explicit(&d->n_retries, 1, memory_order_relaxed);
    ulog_host(ULOG_DEBUG, "%s: opcode 0x%02x at block %llu retried (%u): %s", d->name,
              c->scsi.cdb[0], (unsigned long long)c->lba, c->retries, v.what);
    if (!later) {
        cmd_send(io, c);
        return;
    }
    c->state = CMD_WAIT_RETRY;
    io->waiting++;
    disk_retry_later(d, c, RETRY_PAUSE_MS);
}

static void cmd_resume(struct ustor_disk_io *io, struct disk_command *c)
{
    io->waiting--;
    if (io->err) {
        cmd_release(io, c);     /* the request failed meanwhile: drop this part */
        return;
    }
    if (c->state == CMD_WAIT_PARAM)
        build_unmap(io, c);
    else
        cmd_send(io, c);
}

static void io_handle(struct ustor_disk_io *io, uint32_t ev)
{
    for (uint32_t done = ev & 0xffu; done; done &= done - 1)
        cmd_complete(io, &io->cmd[__builtin_ctz(done)]);
    for (uint32_t resume = (ev >> 8) & 0xffu; resume; resume &= resume - 1)
        cmd_resume(io, &io->cmd[__builtin_ctz(resume)]);
    io_fill(io);
}

static bool wants_flush_after(const struct ustor_disk_io *io)
{
    const struct ustor_disk_info *in = &io->disk->info;
    if (!(io->flags & USTOR_DISK_FUA) || !in->write_cache || !in->flush)
        return false;
    /* WRITE carries FUA itself when the unit honours it; UNMAP and WRITE SAME never do */
    return io->op != USTOR_DISK_WRITE || !in->fua;
}

/* True when the request has ended (done() was called: io is no longer ours). */
static bool io_try_finish(struct ustor_disk_io *io)
{
    if (io->inflight || io->waiting || more_to_issue(io))
        return false;
    if (!io->err && io->phase == IO_PHASE_DATA && wants_flush_after(io)) {
        io->phase = IO_PHASE_FLUSH;
        io_fill(io);
        return false;
    }
    struct ustor_disk *d = io->disk;
    if (io->split)
        atomic_fetch_add_explicit(&d->n_split, 1, memory_order_relaxed);
    /* nothing is in flight or waiting, so no other thread can post an event now */
    atomic_store_explicit(&io->events, 0, memory_order_relaxed);
    io->done(io, io->err);
    return true;
}

/* Runs the machine while this thread holds the pump: handle EV, then give the pump
 * back unless events arrived meanwhile (then take them and go round again). */
static void io_run(struct ustor_disk_io *io, uint32_t ev)
{
    for (;;) {
        io_handle(io, ev);
        if (io_try_finish(io))
            return;
        uint32_t expect = DISK_EV_PUMP;
        if (atomic_compare_exchange_strong_explicit(&io->events, &expect, 0, memory_order_acq_rel,
                                                    memory_order_acquire))
            return;
        ev = atomic_exchange_explicit(&io->events, DISK_EV_PUMP, memory_order_acq_rel);
    }
}

void disk_io_event(struct ustor_disk_io *io, uint32_t events)
{
    uint32_t old = atomic_fetch_or_explicit(&io->events, events | DISK_EV_PUMP, memory_order_acq_rel);
    if (!(old & DISK_EV_PUMP))
        io_run(io, atomic_exchange_explicit(&io->events, DISK_EV_PUMP, memory_order_acq_rel));
}

/* ---- submission ---- */

static int io_check(const struct ustor_disk *d, const struct ustor_disk_io *io)
{
    const struct ustor_disk_info *in = &d->info;
    if (io->op > USTOR_DISK_ZERO || !io->done)
        return -EINVAL;
    if (io->op == USTOR_DISK_FLUSH)
        return in->write_cache && !in->flush ? -ENOTSUP : 0;
    if (io->op != USTOR_DISK_READ && in->read_only)
        return -EROFS;
    if (((io->offset | io->length) & (in->block_size - 1)) || io->offset > in->size ||
        io->length > in->size - io->offset)
        return -EINVAL;
    if ((io->op == USTOR_DISK_READ || io->op == USTOR_DISK_WRITE) && io->length && !io->buf)
        return -EINVAL;
    if (io->op == USTOR_DISK_ZERO && (io->flags & USTOR_DISK_FAST_ZERO) && !in->write_same)
        return -ENOTSUP;
    return 0;
}

/* Requests with nothing for the unit to do: 1 if io is complete already. */
static bool io_trivial(const struct ustor_disk *d, const struct ustor_disk_io *io)
{
    const struct ustor_disk_info *in = &d->info;
    if (io->op == USTOR_DISK_FLUSH)
        return !in->write_cache;
    if (io->op == USTOR_DISK_TRIM && !in->unmap && !in->ws_unmap)   /* a hint it cannot take */
        return !((io->flags & USTOR_DISK_FUA) && in->write_cache && in->flush);
    return io->length == 0;
}

static void io_init(struct ustor_disk *d, struct ustor_disk_io *io)
{
    uint32_t shift = d->info.limits.block_shift;
    io->disk = d;
    io->next_lba = io->offset >> shift;
    io->end_lba = io->next_lba + (io->length >> shift);
    io->err = 0;
    io->phase = IO_PHASE_DATA;
    io->inflight = io->waiting = 0;
    io->flush_sent = io->split = false;
    if (io->op == USTOR_DISK_FLUSH ||
        (io->op == USTOR_DISK_TRIM && !d->info.unmap && !d->info.ws_unmap)) {
        io->phase = IO_PHASE_FLUSH;
        io->next_lba = io->end_lba;
    }
    for (int i = 0; i < USTOR_DISK_IO_COMMANDS; i++) {
        io->cmd[i].io = io;
        io->cmd[i].index = (uint8_t)i;
        io->cmd[i].state = CMD_FREE;
    }
}

DISK_API void ustor_disk_submit(struct ustor_disk *disk, struct ustor_disk_io *io)
{
    int rc = io_check(disk, io);
    if (rc < 0 || io_trivial(disk, io)) {
        io->disk = disk;
        io->done(io, rc);
        return;
    }
    io_init(disk, io);
    /* nothing of io is in flight, so nobody else can post: take the pump with a store */
    atomic_store_explicit(&io->events, DISK_EV_PUMP, memory_order_relaxed);
    io_run(io, DISK_EV_START);
}
