/*
 * nvme_queue.c - queue pairs (NVMe 1.4 §4.1, §4.6): their memory, command ids,
 * submission and doorbells, completion processing, the interrupt routines and DPCs.
 *
 * A queue's submission side belongs to one submitter at a time (the StartIo channel of
 * its processor, or whoever holds the admin queue's DPC lock); its completion side to
 * whoever holds its reaper flag (its DPC, HwStartIo reaping, a reset's sweep). Command
 * ids pass from one
 * side to the other through a ring: ids free = ring entries between take and give.
 * There are entries - 1 ids, so neither the SQ nor the CQ can ever overflow.
 * The interrupt routine only issues the queue's DPC; the DPC takes the completions
 * as reaper, moves the CQ head, and runs each command's done routine after letting go
 * (done routines may submit again).
 * Left out: interrupt coalescing, queue priorities, SQ head tracking (not needed).
 */
#include "nvme_mp.h"

#define NVME_DPC_BATCH 64u

/* ---- memory ----
 * Everything comes from the uncached extension (HwFindAdapter, once): the port owns
 * it and frees it with the adapter, so nothing has to be given back at DIRQL. */

struct carve {
    PUCHAR va;
    ULONGLONG pa;
    ULONG left;
};

/* BYTES of the extension, page aligned when PAGE_ALIGNED (DMA structures). */
static PVOID carve(struct carve *c, ULONG bytes, BOOLEAN page_aligned)
{
    ULONG skip = page_aligned ? (ULONG)(-(LONG_PTR)c->va & (NVME_PAGE - 1))
                              : (ULONG)(-(LONG_PTR)c->va & 7);
    if (skip + bytes > c->left)
        return NULL;
    PVOID p = c->va + skip;
    c->va += skip + bytes;
    c->pa += skip + bytes;
    c->left -= skip + bytes;
    return p;
}

static ULONG pages_of(ULONG bytes)
{
    return (bytes + NVME_PAGE - 1) & ~(NVME_PAGE - 1);
}

static ULONG queue_bytes(ULONG entries)
{
    return pages_of(entries * (ULONG)sizeof(NVME_SQE)) + pages_of(entries * (ULONG)sizeof(NVME_CQE)) +
           entries * (ULONG)(sizeof(struct nvme_cmd *) + sizeof(USHORT)) + 2 * NVME_PAGE;
}

static ULONGLONG pa_of(const struct carve *c, PVOID p)
{
    return c->pa - (ULONGLONG)(c->va - (PUCHAR)p);
}

static BOOLEAN queue_carve(struct nvme_adapter *ad, struct carve *c, struct nvme_queue *q,
                           USHORT qid, USHORT entries)
{
    q->qid = qid;
    q->entries = entries;
    q->sq = carve(c, pages_of(entries * (ULONG)sizeof(NVME_SQE)), TRUE);
    q->sq_pa = q->sq ? pa_of(c, q->sq) : 0;
    q->cq = carve(c, pages_of(entries * (ULONG)sizeof(NVME_CQE)), TRUE);
    q->cq_pa = q->cq ? pa_of(c, q->cq) : 0;
    q->slot = carve(c, entries * (ULONG)sizeof(q->slot[0]), FALSE);
    q->free_ids = carve(c, entries * (ULONG)sizeof(q->free_ids[0]), FALSE);
    if (!q->sq || !q->cq || !q->slot || !q->free_ids)
        return FALSE;
    nvme_doorbell_addresses(ad, q);
    nvme_queue_reset(ad, q);
    return TRUE;
}

VOID nvme_doorbell_addresses(struct nvme_adapter *ad, struct nvme_queue *q)
{
    q->sq_doorbell = (PULONG)(ad->regs + NVME_REG_DOORBELL + (2 * q->qid) * ad->stride);
    q->cq_doorbell = (PULONG)(ad->regs + NVME_REG_DOORBELL + (2 * q->qid + 1) * ad->stride);
}

/* The admin queue, one I/O queue pair per processor (up to the limit), Identify buffers. */
BOOLEAN nvme_queues_allocate(struct nvme_adapter *ad, PPORT_CONFIGURATION_INFORMATION ci)
{
    ULONG want = ad->ncpu < NVME_MAX_IO_QUEUES ? ad->ncpu : NVME_MAX_IO_QUEUES;
    ULONG bytes = queue_bytes(NVME_ADMIN_ENTRIES) + want * queue_bytes(ad->io_entries) +
                  3 * NVME_PAGE;
    ULONG length = 0;
    struct carve c;
    c.va = StorPortGetUncachedExtension(ad, ci, bytes);
    if (!c.va)
        return FALSE;
    c.pa = (ULONGLONG)StorPortGetPhysicalAddress(ad, NULL, c.va, &length).QuadPart;
    c.left = bytes;
    ad->scratch = carve(&c, NVME_PAGE, TRUE);
    ad->scratch_pa = pa_of(&c, ad->scratch);
    ad->rescan_buf = carve(&c, NVME_PAGE, TRUE);
    ad->rescan_pa = pa_of(&c, ad->rescan_buf);
    if (!queue_carve(ad, &c, &ad->admin, 0, NVME_ADMIN_ENTRIES))
        return FALSE;
    for (ad->queues_allocated = 0; ad->queues_allocated < want; ad->queues_allocated++) {
        ULONG i = ad->queues_allocated;
        if (!queue_carve(ad, &c, &ad->io[i], (USHORT)(i + 1), (USHORT)ad->io_entries))
            break;
    }
    return ad->queues_allocated > 0;
}

/* Empty queue, every id free; only while the controller does not use it. */
VOID nvme_queue_reset(struct nvme_adapter *ad, struct nvme_queue *q)
{
    UNREFERENCED_PARAMETER(ad);
    RtlZeroMemory(q->sq, q->entries * sizeof(NVME_SQE));
    for (ULONG i = 0; i < q->entries; i++) {
        RtlZeroMemory(&q->cq[i], FIELD_OFFSET(NVME_CQE, Cid));
        NVME_STORE((volatile ULONG *)&q->cq[i].Cid, 0u);
    }
    q->sq_tail = 0;
    q->cq_head = 0;
    q->phase = 1;
    for (ULONG i = 0; i < q->entries; i++) {
        q->slot[i] = NULL;
        q->free_ids[i] = (USHORT)i;
    }
    NVME_STORE(&q->free_take, 0);
    NVME_STORE(&q->free_give, (LONG)(q->entries - 1));
}

/* ---- submission ---- */

BOOLEAN nvme_submit(struct nvme_adapter *ad, struct nvme_queue *q, struct nvme_cmd *cmd)
{
    LONG take = q->free_take;
    if (take == NVME_LOAD(&q->free_give))
        return FALSE;
    USHORT cid = q->free_ids[take];
    NVME_STORE(&q->free_take, (LONG)((ULONG)(take + 1) % q->entries));
    cmd->sqe.Cid = cid;
    cmd->queue = q;
    q->slot[cid] = cmd;
    RtlCopyMemory(&q->sq[q->sq_tail], &cmd->sqe, sizeof(NVME_SQE));
    if (++q->sq_tail == q->entries)
        q->sq_tail = 0;
    StorPortWriteRegisterUlong(ad, q->sq_doorbell, q->sq_tail);
    return TRUE;
}

BOOLEAN nvme_admin_submit(struct nvme_adapter *ad, struct nvme_cmd *cmd)
{
    STOR_LOCK_HANDLE h;
    BOOLEAN ok = FALSE;
    StorPortAcquireSpinLock(ad, DpcLock, &ad->admin.dpc, &h);
    if (NVME_LOAD(&ad->admin.live))
        ok = nvme_submit(ad, &ad->admin, cmd);
    StorPortReleaseSpinLock(ad, &h);
    return ok;
}

/* ---- completion ---- */

/* As reaper: the command of CID, its id given back. NULL for a stale id. */
static struct nvme_cmd *slot_take(struct nvme_queue *q, USHORT cid)
{
    if (cid >= q->entries || !q->slot[cid]) {
        DbgPrint("nvme: queue %u completed command id %u, which is not outstanding\n",
                 (unsigned)q->qid, (unsigned)cid);
        return NULL;
    }
    struct nvme_cmd *cmd = q->slot[cid];
    q->slot[cid] = NULL;
    LONG give = q->free_give;
    q->free_ids[give] = cid;
    NVME_STORE(&q->free_give, (LONG)((ULONG)(give + 1) % q->entries));
    return cmd;
}

struct done_batch {
    ULONG n;
    struct nvme_cmd *cmd[NVME_DPC_BATCH];
    USHORT status[NVME_DPC_BATCH];
    ULONG dw0[NVME_DPC_BATCH];
};

/* Command identifier and status: one dword, read with acquire order as the controller
 * writes it last, so the rest of the entry is seen too. */
static ULONG cqe_dw3(PNVME_CQE e)
{
    return NVME_LOAD((volatile ULONG *)&e->Cid);
}

/* As reaper: takes up to a batch of new completions; moves the CQ head. */
static VOID cq_harvest(struct nvme_adapter *ad, struct nvme_queue *q, struct done_batch *b)
{
    ULONG consumed = 0;
    b->n = 0;
    while (b->n < NVME_DPC_BATCH) {
        PNVME_CQE e = &q->cq[q->cq_head];
        ULONG dw3 = cqe_dw3(e);
        USHORT status = (USHORT)(dw3 >> 16), cid = (USHORT)dw3;
        if ((status & 1) != q->phase)
            break;
        ULONG dw0 = e->Dw0;
        if (++q->cq_head == q->entries) {
            q->cq_head = 0;
            q->phase ^= 1;
        }
        consumed++;
        struct nvme_cmd *cmd = slot_take(q, cid);
        if (!cmd)
            continue;
        b->cmd[b->n] = cmd;
        b->status[b->n] = status >> 1;
        b->dw0[b->n] = dw0;
        b->n++;
    }
    if (consumed)
        StorPortWriteRegisterUlong(ad, q->cq_doorbell, q->cq_head);
    q->completed += b->n;
}

static VOID batch_run(struct nvme_adapter *ad, struct done_batch *b)
{
    for (ULONG i = 0; i < b->n; i++) {
        struct nvme_cmd *cmd = b->cmd[i];
        cmd->status = b->status[i];
        cmd->dw0 = b->dw0[i];
        cmd->done(ad, cmd, b->status[i], b->dw0[i]);
    }
}

/* The completion side of a queue belongs to whoever holds q->reaper (an interlocked
 * flag: cheaper than a spin lock on this path, and never held while miniport code
 * that could wait on it runs). A caller that finds it taken leaves a note; the holder
 * looks again before it lets go, so no completion is left behind. */
static BOOLEAN reaper_try(struct nvme_queue *q)
{
    return InterlockedCompareExchange(&q->reaper, 1, 0) == 0;
}

/* Takes the completion side for a sweep or a reset, waiting for a harvest to end. */
VOID nvme_reaper_lock(struct nvme_queue *q)
{
    while (!reaper_try(q))
        YieldProcessor();
}

VOID nvme_reaper_unlock(struct nvme_queue *q)
{
    InterlockedExchange(&q->reaper, 0);
}

VOID nvme_queue_process(struct nvme_adapter *ad, struct nvme_queue *q)
{
    struct done_batch b;
    for (;;) {
        if (!reaper_try(q)) {
            InterlockedExchange(&q->reap_again, 1);
            if (!reaper_try(q))
                return;                  /* the holder sees the note */
        }
        InterlockedExchange(&q->reap_again, 0);
        b.n = 0;
        if (NVME_LOAD(&ad->queues_valid) && NVME_LOAD(&q->live))
            cq_harvest(ad, q, &b);
        nvme_reaper_unlock(q);
        batch_run(ad, &b);
        if (b.n < NVME_DPC_BATCH && !NVME_LOAD_SC(&q->reap_again))
            return;
    }
}

/* Every outstanding command of Q completes as aborted by a reset (the controller
 * is disabled: it posts nothing more). */
VOID nvme_queue_sweep(struct nvme_adapter *ad, struct nvme_queue *q)
{
    struct done_batch b;
    ULONG cid = 0;
    do {
        nvme_reaper_lock(q);
        b.n = 0;
        for (; cid < q->entries && b.n < NVME_DPC_BATCH; cid++) {
            if (!q->slot[cid])
                continue;
            b.cmd[b.n] = slot_take(q, (USHORT)cid);
            b.status[b.n] = NVME_STATUS_ABORTED_RESET;
            b.dw0[b.n] = 0;
            b.n++;
        }
        nvme_reaper_unlock(q);
        batch_run(ad, &b);
    } while (cid < q->entries);
}

/* ---- interrupts and DPCs ---- */

static VOID io_dpc(PSTOR_DPC Dpc, PVOID Ext, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    nvme_queue_process(Ext, CONTAINING_RECORD(Dpc, struct nvme_queue, dpc));
}

/* The admin DPC; with one shared message it serves every queue, then unmasks. */
static VOID admin_dpc(PSTOR_DPC Dpc, PVOID Ext, PVOID Arg1, PVOID Arg2)
{
    struct nvme_adapter *ad = Ext;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    nvme_queue_process(ad, &ad->admin);
    if (!ad->shared_message)
        return;
    for (ULONG i = 0; i < ad->queues_allocated; i++)   /* the live ones only */
        nvme_queue_process(ad, &ad->io[i]);
    if (ad->messages <= 1 && NVME_LOAD(&ad->queues_valid))
        nvme_reg_write(ad, NVME_REG_INTMC, 1);
}

VOID nvme_dpcs_init(struct nvme_adapter *ad)
{
    if (ad->dpcs_ready)
        return;
    StorPortInitializeDpc(ad, &ad->admin.dpc, admin_dpc);
    for (ULONG i = 0; i < ad->queues_allocated; i++)
        StorPortInitializeDpc(ad, &ad->io[i].dpc, io_dpc);
    ad->dpcs_ready = TRUE;
}

static BOOLEAN cq_pending(struct nvme_queue *q)
{
    return NVME_LOAD(&q->live) && ((cqe_dw3(&q->cq[q->cq_head]) >> 16) & 1) == q->phase;
}

/* One shared message or a line: masked until the DPC has served every queue. */
static BOOLEAN shared_isr(struct nvme_adapter *ad)
{
    BOOLEAN ours = cq_pending(&ad->admin);
    for (ULONG i = 0; i < ad->queues_allocated && !ours; i++)
        ours = cq_pending(&ad->io[i]);
    if (!ours)
        return FALSE;
    if (ad->messages <= 1)
        nvme_reg_write(ad, NVME_REG_INTMS, 1);
    StorPortIssueDpc(ad, &ad->admin.dpc, NULL, NULL);
    return TRUE;
}

BOOLEAN nvme_msi_isr(PVOID Ext, ULONG MessageId)
{
    struct nvme_adapter *ad = Ext;
    if (ad->shared_message)
        return shared_isr(ad);
    if (MessageId == 0) {
        StorPortIssueDpc(ad, &ad->admin.dpc, NULL, NULL);
        return TRUE;
    }
    if (MessageId > ad->queues_allocated)   /* fixed since HwFindAdapter */
        return FALSE;
    struct nvme_queue *q = &ad->io[MessageId - 1];
    InterlockedIncrement(&q->interrupts);
    if (!ad->reap_in_startio || !NVME_LOAD_SC(&q->in_startio))   /* else StartIo sees to it */
        StorPortIssueDpc(ad, &q->dpc, NULL, NULL);
    return TRUE;
}

/* The queue's StartIo side submits while the adapter is in STATE. in_startio tells a
 * reset to wait (it is set before the state is checked), and the ISR that HwStartIo
 * reaps: whatever completes before it leaves (the controller may run the command at
 * once) finishes in place (perf option OPTIMIZE_FOR_COMPLETION_DURING_STARTIO). An
 * interrupt that came after the reap started, and so may have found nothing to reap,
 * gets its DPC. */
BOOLEAN nvme_submit_io(struct nvme_adapter *ad, struct nvme_queue *q, struct nvme_cmd *cmd,
                       LONG state)
{
    BOOLEAN ok = FALSE;
    NVME_STORE_SC(&q->in_startio, 1);
    if (NVME_LOAD_SC(&ad->state) == state)
        ok = nvme_submit(ad, q, cmd);
    if (!ad->reap_in_startio || !ok) {
        NVME_STORE_SC(&q->in_startio, 0);
        return ok;
    }
    LONG seen = NVME_LOAD_SC(&q->interrupts);
    nvme_queue_process(ad, q);
    NVME_STORE_SC(&q->in_startio, 0);
    if (NVME_LOAD_SC(&q->interrupts) != seen)
        StorPortIssueDpc(ad, &q->dpc, NULL, NULL);
    return ok;
}

BOOLEAN nvme_intx_isr(PVOID Ext)
{
    return shared_isr(Ext);
}

/* The I/O queue for a request now in HwStartIo: its channel's, or its processor's. */
struct nvme_queue *nvme_io_queue_here(struct nvme_adapter *ad, PVOID srb)
{
    ULONG index = 0;
    if (ad->channels) {
        STARTIO_PERFORMANCE_PARAMETERS p;
        RtlZeroMemory(&p, sizeof p);
        p.Version = STOR_PERF_VERSION;
        p.Size = sizeof p;
        if (StorPortGetStartIoPerfParams(ad, srb, &p) == STOR_STATUS_SUCCESS)
            index = p.ChannelNumber;
    } else {
        ULONG cpu = 0;
        if (StorPortGetCurrentProcessorIndex(ad, &cpu) == STOR_STATUS_SUCCESS)
            index = ad->cpu_queue[cpu % NVME_MAX_CPUS];
    }
    return &ad->io[index % ad->nqueues];
}
