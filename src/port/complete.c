/*
 * Completion. StorPortNotification(RequestComplete) may come from any miniport
 * context; it moves the slot from STARTED to COMPLETING in one atomic step (a second
 * completion finds it in another state and is a guest error that changes nothing) and
 * puts it on the current thread's completion list. The list is worked off when the
 * thread leaves its outermost port context (the end of a BuildIo/StartIo dispatch, a
 * DPC, ISR, timer or work item), with no miniport lock held, so a callback may submit
 * again. A completion from a thread outside any port context goes to the adapter's
 * service thread. Requests the port itself must finish (timeout, removal) are
 * abandoned: completed to their caller while the slot stays out of use until the
 * miniport gives it back or the adapter goes.
 */
#include <errno.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

struct port_tls {
    int depth;
    int callbacks;      /* engine callbacks of this port running (DPC, ISR, timer) */
    bool draining;
    struct ustor_request *head, *tail;
    struct ustor_adapter *kick[8];
    unsigned nkick;
};

static __thread struct port_tls tls;

/* ---- adapter references held by per-thread work ---- */

void port_adapter_ref(struct ustor_adapter *a)
{
    atomic_fetch_add_explicit(&a->refs, 1, memory_order_relaxed);
}

void port_adapter_unref(struct ustor_adapter *a)
{
    /* seq_cst, paired with port_drain: only a drain waits for the last reference */
    if (atomic_fetch_sub(&a->refs, 1) == 1 && atomic_load(&a->draining)) {
        pthread_mutex_lock(&a->qlock);
        pthread_cond_broadcast(&a->drained);
        pthread_mutex_unlock(&a->qlock);
    }
}

/* ---- results ---- */

static int result_from_status(UCHAR srb_status, UCHAR scsi_status)
{
    switch (srb_status) {
    case SRB_STATUS_SUCCESS:
    case SRB_STATUS_DATA_OVERRUN:   /* underrun: see transferred */
        return 0;
    case SRB_STATUS_TIMEOUT:
    case SRB_STATUS_COMMAND_TIMEOUT:
        return -ETIMEDOUT;
    case SRB_STATUS_NO_DEVICE:
    case SRB_STATUS_SELECTION_TIMEOUT:
    case SRB_STATUS_INVALID_LUN:
    case SRB_STATUS_INVALID_TARGET_ID:
    case SRB_STATUS_INVALID_PATH_ID:
    case SRB_STATUS_NO_HBA:
        return -ENODEV;
    case SRB_STATUS_BUSY:
        return -EBUSY;
    case SRB_STATUS_INVALID_REQUEST:
    case SRB_STATUS_BAD_FUNCTION:
        return -EINVAL;
    case SRB_STATUS_ABORTED:
    case SRB_STATUS_REQUEST_FLUSHED:
    case SRB_STATUS_BUS_RESET:
        return -ECANCELED;
    default:
        return scsi_status == SCSISTAT_GOOD && srb_status == SRB_STATUS_ERROR ? -EIO : -EIO;
    }
}

void port_complete_caller(struct ustor_scsi_request *req, UCHAR srb_status)
{
    req->srb_status = SRB_STATUS(srb_status);
    req->scsi_status = 0;
    req->sense_valid = 0;
    req->transferred = 0;
    req->result = result_from_status(req->srb_status, 0);
    req->done(req);
}

/* ---- finishing a completed slot (no lock held) ---- */

static bool wants_busy_retry(struct ustor_request *slot)
{
    struct ustor_adapter *a = slot->adapter;
    UCHAR st = SRB_STATUS(port_srb_status(slot));
    bool queue_full = st == SRB_STATUS_ERROR && slot->req->function == SRB_FUNCTION_EXECUTE_SCSI &&
                      !a->extended_srb && slot->u.srb.ScsiStatus == SCSISTAT_QUEUE_FULL;
    return (st == SRB_STATUS_BUSY || queue_full) &&
           slot->busy_retries < a->host->opts.busy_retry_limit &&
           atomic_load(&a->state) == ADAPTER_STARTED;
}

/* Returns true when requests wait for the capacity it gave back. */
static bool slot_finish(struct ustor_request *slot)
{
    struct ustor_adapter *a = slot->adapter;
    struct ustor_scsi_request *req = slot->req;
    if (wants_busy_retry(slot)) {
        slot->busy_retries++;
        slot->retry_at_ns = port_now_ns() + a->host->opts.busy_pause_ms * 1000000ull;
        atomic_store_explicit(&slot->state, SLOT_RETRY, memory_order_release);
        atomic_fetch_add_explicit(&a->n_busy_retries, 1, memory_order_relaxed);
        port_service_wake(a);
        return false;
    }
    port_srb_read_result(slot);
    port_srb_revoke(slot);
    req->result = result_from_status(req->srb_status, req->scsi_status);
    bool kick = port_release(slot, true, true);
    req->done(req);
    return kick;
}

static void kick_run(struct ustor_adapter *a, bool kick)
{
    if (kick)
        port_kick(a);
    port_adapter_unref(a);
}

/* Works off this thread's completions and kicks; nested leaves only add to them. */
static void drain_thread(void)
{
    tls.draining = true;
    for (;;) {
        struct ustor_request *slot = tls.head;
        if (slot) {
            tls.head = slot->next;
            if (!tls.head)
                tls.tail = NULL;
            slot->next = NULL;
            struct ustor_adapter *a = slot->adapter;
            kick_run(a, slot_finish(slot));
        } else if (tls.nkick) {
            kick_run(tls.kick[--tls.nkick], true);
        } else {
            break;
        }
    }
    tls.draining = false;
}

void port_context_enter(void)
{
    tls.depth++;
}

void port_context_leave(void)
{
    if (--tls.depth > 0 || tls.draining)
        return;
    drain_thread();
}

bool port_in_context(void)
{
    return tls.depth > 0 || tls.draining;
}

void port_callback_mark(int delta)
{
    tls.callbacks += delta;
}

/* Run by the execution engine after each DPC, timer callback, work item and batch of
 * ISRs, with no spin lock held: completions gathered there are finished now. */
void port_exec_exit_hook(void *arg)
{
    (void)arg;
    if (tls.depth == 0 && !tls.draining && tls.callbacks == 0 && (tls.head || tls.nkick))
        drain_thread();
}

/* Whether a completion on this thread will be finished by a leave or the exit hook. */
static bool thread_collects(void)
{
    if (tls.depth > 0 || tls.draining || tls.callbacks > 0)
        return true;
    enum exec_thread_kind k = exec_thread_kind();
    return k == EXEC_THREAD_DPC || k == EXEC_THREAD_WORKER || k == EXEC_THREAD_INTERRUPT;
}

void port_kick_later(struct ustor_adapter *a)
{
    if (!thread_collects()) {
        port_service_kick(a);
        return;
    }
    for (unsigned i = 0; i < tls.nkick; i++)
        if (tls.kick[i] == a)
            return;
    if (tls.nkick == sizeof tls.kick / sizeof tls.kick[0]) {
        port_service_kick(a);
        return;
    }
    port_adapter_ref(a);
    tls.kick[tls.nkick++] = a;
}

/* ---- RequestComplete ---- */

static void queue_on_thread(struct ustor_request *slot)
{
    struct ustor_adapter *a = slot->adapter;
    port_adapter_ref(a);
    if (!thread_collects()) {
        port_orphan_push(a, slot);
        return;
    }
    slot->next = NULL;
    if (tls.tail)
        tls.tail->next = slot;
    else
        tls.head = slot;
    tls.tail = slot;
}

void port_orphans_run(struct ustor_adapter *a)
{
    struct ustor_request *list = port_orphan_take(a);
    if (!list)
        return;
    port_context_enter();
    while (list) {
        struct ustor_request *slot = list;
        list = slot->next;
        slot->next = NULL;
        if (tls.tail)
            tls.tail->next = slot;
        else
            tls.head = slot;
        tls.tail = slot;
    }
    port_context_leave();
}

/* The miniport gave back a slot the port had already completed. */
static void late_completion(struct ustor_request *slot)
{
    struct ustor_adapter *a = slot->adapter;
    int expected = SLOT_ABANDONED;
    if (!atomic_compare_exchange_strong(&slot->state, &expected, SLOT_COMPLETING))
        return;
    atomic_fetch_add_explicit(&a->n_late, 1, memory_order_relaxed);
    port_log_info(a, "request tag %u completed by the miniport after the port had finished it "
                  "(status 0x%02x); slot released", slot->tag, port_srb_status(slot));
    pthread_mutex_lock(&a->qlock);
    port_slot_free_locked(a, slot);
    pthread_mutex_unlock(&a->qlock);
}

void port_request_complete(struct ustor_adapter *a, void *srb)
{
    struct ustor_request *slot = port_slot_from_srb(a, srb);
    if (!slot) {
        atomic_fetch_add_explicit(&a->n_bad_completions, 1, memory_order_relaxed);
        port_guest(a, "RequestComplete: %p is not an SRB the port gave this adapter", srb);
        return;
    }
    if (SRB_STATUS(port_srb_status(slot)) == SRB_STATUS_PENDING) {
        port_guest(a, "RequestComplete with SRB_STATUS_PENDING (tag %u); completing it as "
                   "SRB_STATUS_ERROR", slot->tag);
        port_srb_set_status(slot, SRB_STATUS_ERROR);
    }
    int expected = SLOT_STARTED;
    if (!atomic_compare_exchange_strong(&slot->state, &expected, SLOT_COMPLETING)) {
        if (expected == SLOT_ABANDONED) {
            late_completion(slot);
            return;
        }
        atomic_fetch_add_explicit(&a->n_bad_completions, 1, memory_order_relaxed);
        port_guest(a, "RequestComplete: request tag %u is not outstanding (state %d): "
                   "completed twice? ignored", slot->tag, expected);
        return;
    }
    atomic_store_explicit(&slot->deadline_ns, 0, memory_order_relaxed);
    if (port_perf_redirect && port_perf_redirect(a, slot))
        return;   /* finished on its initiating processor's DPC thread */
    queue_on_thread(slot);
}

void port_complete_here(struct ustor_request *slot)
{
    port_context_enter();
    queue_on_thread(slot);
    port_context_leave();
}

/* ---- completions decided by the port ---- */

void port_complete_by_port(struct ustor_request *slot, UCHAR srb_status)
{
    struct ustor_adapter *a = slot->adapter;
    int expected = SLOT_STARTED;
    bool abandoned = atomic_compare_exchange_strong(&slot->state, &expected, SLOT_ABANDONED);
    if (!abandoned) {
        expected = SLOT_RETRY;   /* a busy re-send not yet under way: the port owns it */
        if (!atomic_compare_exchange_strong(&slot->state, &expected, SLOT_COMPLETING))
            return;
    }
    struct ustor_scsi_request *req = slot->req;
    port_srb_revoke(slot);
    port_release(slot, !abandoned, true);
    if (srb_status == SRB_STATUS_TIMEOUT)
        atomic_fetch_add_explicit(&a->n_timed_out, 1, memory_order_relaxed);
    port_complete_caller(req, srb_status);
}

static bool btl_match(UCHAR want, UCHAR have)
{
    return want == SP_UNTAGGED || want == have;
}

void port_complete_all(struct ustor_adapter *a, UCHAR path, UCHAR target, UCHAR lun, UCHAR status)
{
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (atomic_load(&slot->state) != SLOT_STARTED)
            continue;
        struct ustor_lun *u = slot->unit;
        if (!btl_match(path, u->path) || !btl_match(target, u->target) || !btl_match(lun, u->lun))
            continue;
        port_srb_set_status(slot, status);
        port_request_complete(a, slot_srb(slot));
    }
}
