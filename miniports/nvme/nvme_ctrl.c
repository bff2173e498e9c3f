/*
 * nvme_ctrl.c - the controller's registers (NVMe 1.4 §3.1) and the state machine that
 * brings it up (§7.6.1): disable, admin queue, enable, Identify controller and
 * namespaces, Number of Queues, event configuration, write cache, I/O queue pairs and
 * Asynchronous Event Requests. It runs on the legacy Storport timer (RequestTimerCall,
 * under the StartIo lock at DISPATCH): a step either polls a register (the timer
 * comes back in NVME_SM_STEP_US) or issues one admin command, whose completion re-arms
 * the timer at once. Only the timer callback changes the machine (the legacy timer never
 * runs concurrently with itself); others ask it for a run (bring-up, recovery, shutdown
 * wait) through sm_request. The first bring-up is started by HwPassiveInitialize, which
 * waits for it; a recovery (reset, restart, I/O after a shutdown) runs it with the port
 * paused, after completing everything the disabled controller still held.
 * Shutdown (§7.6.2): CC.SHN = 01b, then CSTS.SHST = 10b.
 */
#include "nvme_mp.h"

#define SM_STOP 0xFFFFFFFFu              /* nothing to do until an event re-arms the timer */
#define SM_NOW 0u
#define SM_ADMIN_WAIT_US 100000u          /* admin commands are checked every 100 ms */
#define SM_ADMIN_TIMEOUT_TICKS 100u       /* and given up after 10 s */

ULONG nvme_reg_read(struct nvme_adapter *ad, ULONG offset)
{
    return StorPortReadRegisterUlong(ad, (PULONG)(ad->regs + offset));
}

VOID nvme_reg_write(struct nvme_adapter *ad, ULONG offset, ULONG value)
{
    StorPortWriteRegisterUlong(ad, (PULONG)(ad->regs + offset), value);
}

static VOID reg_write64(struct nvme_adapter *ad, ULONG offset, ULONGLONG value)
{
    nvme_reg_write(ad, offset, (ULONG)value);
    nvme_reg_write(ad, offset + 4, (ULONG)(value >> 32));
}

/* ---- steps ---- */

static VOID sm_request(struct nvme_adapter *ad, LONG request)
{
    InterlockedExchange(&ad->sm_request, request);
    StorPortNotification(RequestTimerCall, ad, nvme_sm_timer, 1);
}

/* Requests flow again (a recovery paused them; a stop may have cut it short). */
static VOID resume(struct nvme_adapter *ad)
{
    if (InterlockedExchange(&ad->paused, 0))
        StorPortResume(ad);
}

static ULONG sm_fail(struct nvme_adapter *ad, const char *why)
{
    DbgPrint("nvme: bring-up failed: %s (CSTS 0x%x)\n", why, nvme_reg_read(ad, NVME_REG_CSTS));
    InterlockedExchange(&ad->step, SM_IDLE);
    InterlockedExchange(&ad->state, NVME_ST_FAILED);
    resume(ad);
    return SM_STOP;
}

static VOID sm_next(struct nvme_adapter *ad, LONG step)
{
    InterlockedExchange(&ad->step, step);
    ad->step_index = 0;
    ad->step_ticks = 0;
}

/* A register wait: FALSE and a poll period while the time lasts. */
static ULONG sm_poll(struct nvme_adapter *ad, const char *what)
{
    if (++ad->step_ticks * (NVME_SM_STEP_US / 1000u) > ad->timeout_ms)
        return sm_fail(ad, what);
    return NVME_SM_STEP_US;
}

/* Issues the machine's admin command (built by the step in ad->sm_cmd). */
static ULONG sm_issue(struct nvme_adapter *ad)
{
    ad->sm_cmd.srb = NULL;
    ad->sm_cmd.done = nvme_sm_done;
    InterlockedExchange(&ad->step_busy, 1);
    ad->step_ticks = 0;
    if (!nvme_admin_submit(ad, &ad->sm_cmd)) {
        InterlockedExchange(&ad->step_busy, 0);
        return sm_fail(ad, "the admin queue refused a command");
    }
    return SM_ADMIN_WAIT_US;
}

/* A command swept by a reset (of this machine, or of one a stop abandoned) is gone. */
VOID nvme_sm_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0)
{
    UNREFERENCED_PARAMETER(cmd);
    if (status == NVME_STATUS_ABORTED_RESET) {
        InterlockedExchange(&ad->step_busy, 0);
        return;
    }
    ad->step_status = status;
    ad->step_dw0 = dw0;
    InterlockedExchange(&ad->step_busy, 2);
    StorPortNotification(RequestTimerCall, ad, nvme_sm_timer, 1);
}

/* Every queue is given up: what was outstanding completes, memory starts empty. */
static VOID queues_drop(struct nvme_adapter *ad)
{
    nvme_queue_sweep(ad, &ad->admin);
    for (ULONG i = 0; i < ad->queues_allocated; i++)
        nvme_queue_sweep(ad, &ad->io[i]);
    NVME_STORE(&ad->admin.live, 0);
    nvme_queue_reset(ad, &ad->admin);
    for (ULONG i = 0; i < ad->queues_allocated; i++) {
        NVME_STORE(&ad->io[i].live, 0);
        nvme_queue_reset(ad, &ad->io[i]);
    }
}

/* No reaper looks at the queues after this returns. */
static VOID dpcs_quiesce(struct nvme_adapter *ad)
{
    InterlockedExchange(&ad->queues_valid, 0);
    nvme_reaper_lock(&ad->admin);
    nvme_reaper_unlock(&ad->admin);
    for (ULONG i = 0; i < ad->queues_allocated; i++) {
        nvme_reaper_lock(&ad->io[i]);
        nvme_reaper_unlock(&ad->io[i]);
    }
}

static ULONG step_disable(struct nvme_adapter *ad)
{
    dpcs_quiesce(ad);
    ULONG cc = nvme_reg_read(ad, NVME_REG_CC);
    if (cc & NVME_CC_EN)
        nvme_reg_write(ad, NVME_REG_CC, cc & ~(NVME_CC_EN | (3u << 14)));
    sm_next(ad, SM_WAIT_DISABLED);
    return SM_NOW;
}

static ULONG step_wait_disabled(struct nvme_adapter *ad)
{
    ULONG csts = nvme_reg_read(ad, NVME_REG_CSTS);
    if (csts == 0xFFFFFFFFu)
        return sm_fail(ad, "the controller is gone");
    if (csts & NVME_CSTS_RDY)
        return sm_poll(ad, "CSTS.RDY stays 1 after CC.EN = 0");
    queues_drop(ad);
    sm_next(ad, SM_ENABLE);
    return SM_NOW;
}

static ULONG step_enable(struct nvme_adapter *ad)
{
    ULONG last = NVME_ADMIN_ENTRIES - 1;
    nvme_reg_write(ad, NVME_REG_AQA, last << 16 | last);
    reg_write64(ad, NVME_REG_ASQ, ad->admin.sq_pa);
    reg_write64(ad, NVME_REG_ACQ, ad->admin.cq_pa);
    NVME_STORE(&ad->admin.live, 1);
    InterlockedExchange(&ad->queues_valid, 1);
    nvme_reg_write(ad, NVME_REG_CC, NVME_CC_EN | NVME_CC_IOSQES | NVME_CC_IOCQES);
    sm_next(ad, SM_WAIT_READY);
    return SM_NOW;
}

static ULONG step_wait_ready(struct nvme_adapter *ad)
{
    ULONG csts = nvme_reg_read(ad, NVME_REG_CSTS);
    if (csts == 0xFFFFFFFFu || (csts & NVME_CSTS_CFS))
        return sm_fail(ad, "fatal status after enabling");
    if (!(csts & NVME_CSTS_RDY))
        return sm_poll(ad, "CSTS.RDY stays 0 after CC.EN = 1");
    sm_next(ad, SM_ID_CTRL);
    return SM_NOW;
}

/* ---- admin steps: issue, then consume ---- */

static ULONG step_id_ctrl(struct nvme_adapter *ad)
{
    if (!ad->step_busy) {
        nvme_cmd_identify(&ad->sm_cmd, 1, 0, ad->scratch_pa);
        return sm_issue(ad);
    }
    if (ad->step_status)
        return sm_fail(ad, "Identify Controller failed");
    nvme_id_ctrl_parse(ad);
    sm_next(ad, ad->version >= 0x00010100 ? SM_ID_NS_LIST : SM_ID_NS);
    ad->ns_count = 0;
    return SM_NOW;
}

static ULONG step_id_ns_list(struct nvme_adapter *ad)
{
    if (!ad->step_busy) {
        nvme_cmd_identify(&ad->sm_cmd, 2, 0, ad->scratch_pa);
        return sm_issue(ad);
    }
    ad->ns_count = 0;
    for (ULONG i = 0; !ad->step_status && i < NVME_PAGE / 4; i++) {
        ULONG nsid = nvme_le32(ad->scratch + 4 * i);
        if (!nsid || nsid > NVME_MAX_LUNS)
            break;
        ad->ns_ids[ad->ns_count++] = nsid;
    }
    sm_next(ad, SM_ID_NS);
    return SM_NOW;
}

/* Every NSID the list named (or 1..NN without a list) identified in turn. */
static ULONG step_id_ns(struct nvme_adapter *ad)
{
    BOOLEAN listed = ad->version >= 0x00010100 && ad->ns_count;
    ULONG count = listed ? ad->ns_count : (ad->nn < NVME_MAX_LUNS ? ad->nn : NVME_MAX_LUNS);
    if (ad->step_busy) {
        ULONG nsid = listed ? ad->ns_ids[ad->step_index] : ad->step_index + 1;
        if (nvme_ns_update(ad, nsid, ad->step_status == 0, ad->scratch))
            ad->ns_changed = TRUE;
        ad->ns_seen[nsid - 1] = TRUE;
        ad->step_index++;
    }
    if (ad->step_index < count) {
        ULONG nsid = listed ? ad->ns_ids[ad->step_index] : ad->step_index + 1;
        nvme_cmd_identify(&ad->sm_cmd, 0, nsid, ad->scratch_pa);
        return sm_issue(ad);
    }
    for (ULONG i = 0; i < NVME_MAX_LUNS; i++) {
        if (!ad->ns_seen[i] && nvme_ns_update(ad, i + 1, FALSE, NULL))
            ad->ns_changed = TRUE;
        ad->ns_seen[i] = FALSE;
    }
    sm_next(ad, SM_QUEUES);
    return SM_NOW;
}

static ULONG queues_wanted(struct nvme_adapter *ad)
{
    ULONG n = ad->ncpu < ad->queues_allocated ? ad->ncpu : ad->queues_allocated;
    if (!ad->shared_message && ad->messages - 1 < n)
        n = ad->messages - 1;
    if (ad->recovering || ad->perf_set)
        n = ad->nqueues;                 /* the channels are set: keep their queues */
    return n ? n : 1;
}

static ULONG step_queues(struct nvme_adapter *ad)
{
    ULONG want = queues_wanted(ad);
    if (!ad->step_busy) {
        nvme_cmd_features(&ad->sm_cmd, TRUE, NVME_FEAT_NUM_QUEUES, (want - 1) << 16 | (want - 1));
        return sm_issue(ad);
    }
    if (ad->step_status)
        return sm_fail(ad, "Set Features (Number of Queues) failed");
    ULONG nsq = (ad->step_dw0 & 0xFFFF) + 1, ncq = (ad->step_dw0 >> 16) + 1;
    ULONG n = want < nsq ? want : nsq;
    n = n < ncq ? n : ncq;
    if ((ad->recovering || ad->perf_set) && n < ad->nqueues)
        return sm_fail(ad, "the controller now grants fewer I/O queues");
    if (ad->nqueues != n)                /* HwStartIo reads it: written at the first bring-up */
        ad->nqueues = n;
    sm_next(ad, SM_AEC);
    return SM_NOW;
}

static ULONG step_aec(struct nvme_adapter *ad)
{
    if (!(ad->oaes & NVME_OAES_NS_ATTR)) {
        sm_next(ad, SM_VWC);
        return SM_NOW;
    }
    if (!ad->step_busy) {
        nvme_cmd_features(&ad->sm_cmd, TRUE, NVME_FEAT_ASYNC_EVENT, NVME_OAES_NS_ATTR);
        return sm_issue(ad);
    }
    if (ad->step_status)
        DbgPrint("nvme: namespace notices could not be enabled (status 0x%x)\n", ad->step_status);
    sm_next(ad, SM_VWC);
    return SM_NOW;
}

static ULONG step_vwc(struct nvme_adapter *ad)
{
    if (!(ad->vwc & 1)) {
        InterlockedExchange(&ad->write_cache, 0);
        sm_next(ad, SM_CREATE_CQ);
        return SM_NOW;
    }
    if (!ad->step_busy) {
        nvme_cmd_features(&ad->sm_cmd, FALSE, NVME_FEAT_VWC, 0);
        return sm_issue(ad);
    }
    InterlockedExchange(&ad->write_cache, ad->step_status ? 1 : (LONG)(ad->step_dw0 & 1));
    sm_next(ad, SM_CREATE_CQ);
    return SM_NOW;
}

static ULONG step_create(struct nvme_adapter *ad, BOOLEAN cq)
{
    if (ad->step_busy) {
        if (ad->step_status)
            return sm_fail(ad, cq ? "Create I/O Completion Queue failed"
                                  : "Create I/O Submission Queue failed");
        if (!cq)
            NVME_STORE(&ad->io[ad->step_index].live, 1);
        ad->step_index++;
    }
    if (ad->step_index < ad->nqueues) {
        struct nvme_queue *q = &ad->io[ad->step_index];
        q->message = ad->shared_message ? 0 : ad->step_index + 1;
        if (cq)
            nvme_cmd_create_cq(&ad->sm_cmd, q);
        else
            nvme_cmd_create_sq(&ad->sm_cmd, q);
        return sm_issue(ad);
    }
    sm_next(ad, cq ? SM_CREATE_SQ : SM_AER);
    return SM_NOW;
}

static ULONG step_done(struct nvme_adapter *ad)
{
    BOOLEAN recovered = ad->recovering, changed = ad->ns_changed;
    nvme_aer_submit_all(ad);
    sm_next(ad, SM_IDLE);
    ad->ns_changed = FALSE;
    InterlockedExchange(&ad->state, NVME_ST_READY);
    resume(ad);
    if (recovered && changed)
        StorPortNotification(BusChangeDetected, ad, 0);
    return SM_STOP;
}

/* ---- shutdown ---- */

static BOOLEAN shutdown_done(struct nvme_adapter *ad)
{
    ULONG csts = nvme_reg_read(ad, NVME_REG_CSTS);
    return csts == 0xFFFFFFFFu || (csts & NVME_CSTS_SHST_MASK) == NVME_CSTS_SHST_DONE;
}

static VOID shutdown_finish(struct nvme_adapter *ad, BOOLEAN ok)
{
    PVOID srb = ad->shutdown_srb;
    ad->shutdown_srb = NULL;
    sm_next(ad, SM_IDLE);
    InterlockedExchange(&ad->state, NVME_ST_SHUTDOWN);
    if (srb)
        nvme_complete(ad, srb, ok ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR);
}

static ULONG step_shutdown_wait(struct nvme_adapter *ad)
{
    if (shutdown_done(ad)) {
        shutdown_finish(ad, TRUE);
        return SM_STOP;
    }
    if (++ad->step_ticks * (NVME_SM_STEP_US / 1000u) > ad->timeout_ms) {
        DbgPrint("nvme: shutdown did not complete in %u ms\n", ad->timeout_ms);
        shutdown_finish(ad, FALSE);
        return SM_STOP;
    }
    return NVME_SM_STEP_US;
}

VOID nvme_shutdown_start(struct nvme_adapter *ad, PVOID srb)
{
    ad->shutdown_srb = srb;
    nvme_reg_write(ad, NVME_REG_CC, (nvme_reg_read(ad, NVME_REG_CC) & ~(3u << 14)) |
                                        NVME_CC_SHN_NORMAL);
    sm_request(ad, SM_REQ_SHUTDOWN);
}

/* The machine is halted first: a step running right now on the timer may still
 * finish, but nothing after it (a completion re-arming the timer included) goes on. */
BOOLEAN nvme_shutdown_now(struct nvme_adapter *ad)
{
    InterlockedExchange(&ad->sm_halt, 1);
    StorPortNotification(RequestTimerCall, ad, nvme_sm_timer, 0);
    InterlockedExchange(&ad->queues_valid, 0);
    nvme_reg_write(ad, NVME_REG_CC, (nvme_reg_read(ad, NVME_REG_CC) & ~(3u << 14)) |
                                        NVME_CC_SHN_NORMAL);
    for (ULONG waited = 0; !shutdown_done(ad); waited += 100) {
        if (waited / 1000 > ad->timeout_ms) {
            DbgPrint("nvme: shutdown did not complete in %u ms\n", ad->timeout_ms);
            break;
        }
        StorPortStallExecution(100);
    }
    InterlockedExchange(&ad->state, NVME_ST_SHUTDOWN);
    return TRUE;
}

/* ---- the machine ---- */

static ULONG sm_step(struct nvme_adapter *ad)
{
    LONG step = NVME_LOAD(&ad->step);
    if (ad->step_busy == 1)              /* waiting: only a timeout brings us here */
        return ++ad->step_ticks > SM_ADMIN_TIMEOUT_TICKS ? sm_fail(ad, "an admin command timed out")
                                                          : SM_ADMIN_WAIT_US;
    switch (step) {
    case SM_DISABLE: return step_disable(ad);
    case SM_WAIT_DISABLED: return step_wait_disabled(ad);
    case SM_ENABLE: return step_enable(ad);
    case SM_WAIT_READY: return step_wait_ready(ad);
    case SM_ID_CTRL: return step_id_ctrl(ad);
    case SM_ID_NS_LIST: return step_id_ns_list(ad);
    case SM_ID_NS: return step_id_ns(ad);
    case SM_QUEUES: return step_queues(ad);
    case SM_AEC: return step_aec(ad);
    case SM_VWC: return step_vwc(ad);
    case SM_CREATE_CQ: return step_create(ad, TRUE);
    case SM_CREATE_SQ: return step_create(ad, FALSE);
    case SM_AER: return step_done(ad);
    case SM_SHUTDOWN_WAIT: return step_shutdown_wait(ad);
    default: return SM_STOP;
    }
}

/* A new run, asked for from outside the timer: only the timer changes the machine. */
static VOID sm_begin(struct nvme_adapter *ad, LONG request)
{
    InterlockedExchange(&ad->sm_halt, 0);
    InterlockedExchange(&ad->step_busy, 0);
    if (request == SM_REQ_SHUTDOWN) {
        sm_next(ad, SM_SHUTDOWN_WAIT);
        return;
    }
    ad->recovering = request == SM_REQ_RECOVER;
    sm_next(ad, SM_DISABLE);
}

VOID nvme_sm_timer(PVOID Ext)
{
    struct nvme_adapter *ad = Ext;
    LONG request = InterlockedExchange(&ad->sm_request, SM_REQ_NONE);
    if (request != SM_REQ_NONE)
        sm_begin(ad, request);
    else if (NVME_LOAD(&ad->sm_halt))
        return;
    for (;;) {
        LONG before = NVME_LOAD(&ad->step_busy);
        ULONG next = sm_step(ad);
        if (before == 2 && NVME_LOAD(&ad->step_busy) == 2)
            InterlockedExchange(&ad->step_busy, 0);      /* the result was consumed */
        if (next == SM_STOP)
            return;
        if (next != SM_NOW) {
            StorPortNotification(RequestTimerCall, ad, nvme_sm_timer, next);
            return;
        }
    }
}

VOID nvme_sm_start(struct nvme_adapter *ad, BOOLEAN recovery)
{
    InterlockedExchange(&ad->state, NVME_ST_STARTING);
    sm_request(ad, recovery ? SM_REQ_RECOVER : SM_REQ_BRINGUP);
}

/* ---- reset ---- */

VOID nvme_reset_controller(struct nvme_adapter *ad)
{
    LONG state = NVME_LOAD(&ad->state);
    if (state == NVME_ST_STARTING || state == NVME_ST_SHUTTING || state == NVME_ST_OFF)
        return;
    if (InterlockedCompareExchange(&ad->state, NVME_ST_STARTING, state) != state)
        return;
    InterlockedIncrement(&ad->resets);
    if (!InterlockedExchange(&ad->paused, 1))
        StorPortPause(ad, 60);
    for (ULONG i = 0; i < ad->nqueues; i++)   /* StartIo on other channels leaves */
        while (NVME_LOAD_SC(&ad->io[i].in_startio))
            YieldProcessor();
    nvme_sm_start(ad, TRUE);
}

/* Surprise removal: the machine stops, new requests fail; the port completes what the
 * miniport still holds. */
VOID nvme_device_gone(struct nvme_adapter *ad)
{
    InterlockedExchange(&ad->sm_halt, 1);
    InterlockedExchange(&ad->queues_valid, 0);
    InterlockedExchange(&ad->state, NVME_ST_FAILED);
    StorPortNotification(RequestTimerCall, ad, nvme_sm_timer, 0);
}
