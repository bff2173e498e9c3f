/*
 * Admission: whether a request may go to the miniport now. Under the adapter's queue
 * lock it weighs the adapter's and the unit's queue depths, free slots and queue
 * tags, Busy/Ready, DeviceBusy/DeviceReady, Pause/Resume, PauseDevice/ResumeDevice
 * (with their deadlines), LinkDown, and the holds of stop, reset and removal.
 * A request that may not start waits on its unit's list (linked through its
 * port_private words, so nothing is allocated); units with waiting requests sit on a
 * round-robin ring that completions and resumes drain.
 */
#include <string.h>

#include "port/port_internal.h"

#define REQ_NEXT(r) ((r)->port_private[0])

/* A statistics counter written only under qlock: no locked instruction needed. */
static void counter_bump(_Atomic uint64_t *c)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

/* ---- deadlines ---- */

static bool adapter_pause_over(struct ustor_adapter *a, uint64_t *now)
{
    if (!*now)
        *now = port_now_ns();
    if (a->paused && a->pause_until_ns && *now >= a->pause_until_ns) {
        a->paused = false;
        a->link_down = false;
        port_log_info(a, "pause ended by its timeout");
    }
    if (a->hold_until_ns && *now >= a->hold_until_ns)
        a->hold_until_ns = 0;
    return !a->paused && !a->hold_until_ns;
}

static bool unit_pause_over(struct ustor_lun *u, uint64_t *now)
{
    if (!u->paused)
        return true;
    if (!*now)
        *now = port_now_ns();
    if (u->pause_until_ns && *now >= u->pause_until_ns) {
        u->paused = false;
        port_log_info(u->adapter, "(%u,%u,%u) device pause ended by its timeout", u->path,
                      u->target, u->lun);
    }
    return !u->paused;
}

/* ---- may start ---- */

bool port_adapter_may_start(struct ustor_adapter *a, uint64_t now)
{
    if (a->held || a->busy)
        return false;
    if ((a->paused || a->hold_until_ns) && !adapter_pause_over(a, &now))
        return false;
    if (atomic_load_explicit(&a->state, memory_order_relaxed) != ADAPTER_STARTED)
        return false;
    return a->outstanding < a->max_outstanding && a->free_slots != NULL;
}

static int tag_take(struct ustor_lun *u)
{
    for (unsigned w = 0; w < sizeof u->tags / sizeof u->tags[0]; w++) {
        uint32_t free_bits = ~u->tags[w];
        if (w == PORT_TAGS / 32)
            free_bits &= (1u << (PORT_TAGS % 32)) - 1;
        if (free_bits) {
            unsigned b = (unsigned)__builtin_ctz(free_bits);
            u->tags[w] |= 1u << b;
            return (int)(w * 32 + b);
        }
    }
    return -1;
}

static void tag_put(struct ustor_lun *u, uint8_t tag)
{
    if (tag < PORT_TAGS)
        u->tags[tag / 32] &= ~(1u << (tag % 32));
}

static bool unit_may_start(struct ustor_lun *u, uint64_t *now)
{
    if (u->busy || u->outstanding >= u->depth)
        return false;
    return unit_pause_over(u, now);
}

/* Takes a slot for REQ on unit U; the caller checked the adapter and the unit. */
static struct ustor_request *slot_take(struct ustor_lun *u, struct ustor_scsi_request *req)
{
    struct ustor_adapter *a = u->adapter;
    int tag = tag_take(u);
    if (tag < 0)
        return NULL;
    struct ustor_request *slot = a->free_slots;
    a->free_slots = slot->next;
    a->free_count--;
    slot->next = NULL;
    slot->tag = a->hw->TaggedQueuing || a->extended_srb ? (uint8_t)tag : SP_UNTAGGED;
    slot->unit_tag = (uint8_t)tag;
    slot->unit = u;
    slot->req = req;
    slot->busy_retries = 0;
    atomic_store_explicit(&slot->state, SLOT_BUILDING, memory_order_relaxed);
    u->outstanding++;
    a->outstanding++;
    return slot;
}

/* ---- waiting lists ---- */

static void ready_ring_add(struct ustor_adapter *a, struct ustor_lun *u)
{
    if (u->on_ready_ring)
        return;
    u->on_ready_ring = true;
    u->ready_next = NULL;
    a->ready_count++;
    if (a->ready_tail)
        a->ready_tail->ready_next = u;
    else
        a->ready_head = u;
    a->ready_tail = u;
}

static struct ustor_lun *ready_ring_pop(struct ustor_adapter *a)
{
    struct ustor_lun *u = a->ready_head;
    if (!u)
        return NULL;
    a->ready_head = u->ready_next;
    if (!a->ready_head)
        a->ready_tail = NULL;
    u->on_ready_ring = false;
    u->ready_next = NULL;
    a->ready_count--;
    return u;
}

static void wait_push(struct ustor_lun *u, struct ustor_scsi_request *req)
{
    REQ_NEXT(req) = NULL;
    if (u->wait_tail)
        REQ_NEXT(u->wait_tail) = req;
    else
        u->wait_head = req;
    u->wait_tail = req;
    u->waiting++;
    u->adapter->waiting++;
    ready_ring_add(u->adapter, u);
}

static struct ustor_scsi_request *wait_pop(struct ustor_lun *u)
{
    struct ustor_scsi_request *req = u->wait_head;
    if (!req)
        return NULL;
    u->wait_head = REQ_NEXT(req);
    if (!u->wait_head)
        u->wait_tail = NULL;
    REQ_NEXT(req) = NULL;
    u->waiting--;
    u->adapter->waiting--;
    return req;
}

/* ---- the entry points ---- */

struct ustor_request *port_admit(struct ustor_lun *u, struct ustor_scsi_request *req, bool *queued)
{
    struct ustor_adapter *a = u->adapter;
    struct ustor_request *slot = NULL;
    uint64_t now = 0;
    pthread_mutex_lock(&a->qlock);
    *queued = false;
    /* Checked again under the lock: a removal sets the state before it fails the
     * waiting requests under this lock, so a request queued after that would wait forever. */
    int st = atomic_load_explicit(&a->state, memory_order_relaxed);
    if (st == ADAPTER_SURPRISE_REMOVED || st == ADAPTER_REMOVING) {
        pthread_mutex_unlock(&a->qlock);
        return NULL;
    }
    counter_bump(&a->n_submitted);
    /* Straight in only when nobody waits: otherwise the round robin decides (fairness). */
    if (!a->waiting && port_adapter_may_start(a, 0) && unit_may_start(u, &now))
        slot = slot_take(u, req);
    if (!slot) {
        wait_push(u, req);
        *queued = true;
    }
    pthread_mutex_unlock(&a->qlock);
    return slot;
}

struct ustor_request *port_admit_direct(struct ustor_lun *u, struct ustor_scsi_request *req)
{
    struct ustor_adapter *a = u->adapter;
    pthread_mutex_lock(&a->qlock);
    struct ustor_request *slot = a->free_slots ? slot_take(u, req) : NULL;
    pthread_mutex_unlock(&a->qlock);
    return slot;
}

struct ustor_request *port_admit_next(struct ustor_adapter *a)
{
    struct ustor_request *slot = NULL;
    uint64_t now = 0;
    pthread_mutex_lock(&a->qlock);
    /* Each unit on the ring gets one look, so a blocked unit does not block others. */
    for (uint32_t n = a->ready_count; n && !slot && port_adapter_may_start(a, 0); n--) {
        struct ustor_lun *u = ready_ring_pop(a);
        if (u->wait_head && unit_may_start(u, &now) && (slot = slot_take(u, u->wait_head)))
            wait_pop(u);
        if (u->wait_head)
            ready_ring_add(a, u);
    }
    pthread_mutex_unlock(&a->qlock);
    return slot;
}

/* Busy accounting: a finished request counts toward Busy/DeviceBusy. */
static void busy_count_down(struct ustor_adapter *a, struct ustor_lun *u)
{
    if (a->busy && a->busy_remaining && --a->busy_remaining == 0)
        a->busy = false;
    if (a->busy && a->outstanding == 0) {
        a->busy = false; /* nothing left to wait for: never stall forever */
        port_guest(a, "StorPortBusy: no request outstanding is left to complete; ready again");
    }
    if (u->busy && u->busy_remaining && --u->busy_remaining == 0)
        u->busy = false;
    if (u->busy && u->outstanding == 0)
        u->busy = false;
}

void port_slot_free_locked(struct ustor_adapter *a, struct ustor_request *slot)
{
    atomic_store_explicit(&slot->state, SLOT_FREE, memory_order_release);
    slot->req = NULL;
    slot->next = a->free_slots;
    a->free_slots = slot;
    a->free_count++;
}

bool port_release(struct ustor_request *slot, bool free_slot, bool completed)
{
    struct ustor_adapter *a = slot->adapter;
    struct ustor_lun *u = slot->unit;
    pthread_mutex_lock(&a->qlock);
    u->outstanding--;
    a->outstanding--;
    tag_put(u, slot->unit_tag);
    busy_count_down(a, u);
    if (free_slot)
        port_slot_free_locked(a, slot);
    if (completed)
        counter_bump(&a->n_completed);
    if (atomic_load_explicit(&a->draining, memory_order_relaxed))   /* port_drain's only */
        pthread_cond_broadcast(&a->drained);
    /* read here, under the lock: a request queued after it kicks for itself */
    bool kick = a->waiting != 0;
    pthread_mutex_unlock(&a->qlock);
    return kick;
}

void port_fail_waiting(struct ustor_adapter *a, struct ustor_lun *only, UCHAR status)
{
    struct ustor_scsi_request *head = NULL, *tail = NULL;
    pthread_mutex_lock(&a->qlock);
    for (struct ustor_lun *u = a->units; u; u = u->all_next) {
        if (only && u != only)
            continue;
        for (struct ustor_scsi_request *r; (r = wait_pop(u));) {
            if (tail)
                REQ_NEXT(tail) = r;
            else
                head = r;
            tail = r;
        }
    }
    pthread_mutex_unlock(&a->qlock);
    while (head) {
        struct ustor_scsi_request *r = head;
        head = REQ_NEXT(r);
        REQ_NEXT(r) = NULL;
        port_complete_caller(r, status);
    }
}
