/*
 * nvme_admin.c - admin commands (NVMe 1.4 §5): how the miniport builds Identify, Get/
 * Set Features, Create I/O CQ/SQ, Get Log Page and Asynchronous Event Request, what
 * it keeps of Identify Controller and Identify Namespace, and what it does with an
 * asynchronous event: read its log page (which unmasks the event type), and for a
 * Namespace Attribute Changed notice identify each namespace of the Changed Namespace
 * List, update the LUN table and tell Storport (BusChangeDetected), which then sends
 * REPORT LUNS and INQUIRY. One event request is outstanding at a time; it is sent
 * again when the handling of the last event has finished, so events never overlap.
 */
#include "nvme_mp.h"

#define NVME_LOG_ERROR 0x01
#define NVME_LOG_SMART 0x02
#define NVME_LOG_CHANGED_NS 0x04
#define NVME_AER_NOTICE 2
#define NVME_AER_NS_ATTR 0

/* ---- builders ---- */

static VOID cmd_init(struct nvme_cmd *cmd, UCHAR opcode, ULONG nsid)
{
    RtlZeroMemory(&cmd->sqe, sizeof cmd->sqe);
    cmd->sqe.Opcode = opcode;
    cmd->sqe.Nsid = nsid;
    cmd->srb = NULL;
}

VOID nvme_cmd_identify(struct nvme_cmd *cmd, ULONG cns, ULONG nsid, ULONGLONG pa)
{
    cmd_init(cmd, NVME_ADM_IDENTIFY, nsid);
    cmd->sqe.Prp1 = pa;                  /* one page-aligned page */
    cmd->sqe.Cdw10 = cns;
}

VOID nvme_cmd_features(struct nvme_cmd *cmd, BOOLEAN set, ULONG fid, ULONG cdw11)
{
    cmd_init(cmd, set ? NVME_ADM_SET_FEATURES : NVME_ADM_GET_FEATURES, 0);
    cmd->sqe.Cdw10 = fid;
    cmd->sqe.Cdw11 = cdw11;
}

VOID nvme_cmd_create_cq(struct nvme_cmd *cmd, struct nvme_queue *q)
{
    cmd_init(cmd, NVME_ADM_CREATE_CQ, 0);
    cmd->sqe.Prp1 = q->cq_pa;
    cmd->sqe.Cdw10 = (ULONG)(q->entries - 1) << 16 | q->qid;
    cmd->sqe.Cdw11 = q->message << 16 | 0x2 | 0x1;     /* IV, IEN, PC */
}

VOID nvme_cmd_create_sq(struct nvme_cmd *cmd, struct nvme_queue *q)
{
    cmd_init(cmd, NVME_ADM_CREATE_SQ, 0);
    cmd->sqe.Prp1 = q->sq_pa;
    cmd->sqe.Cdw10 = (ULONG)(q->entries - 1) << 16 | q->qid;
    cmd->sqe.Cdw11 = (ULONG)q->qid << 16 | 0x1;        /* CQID, PC */
}

static VOID cmd_get_log(struct nvme_cmd *cmd, ULONG lid, ULONG bytes, ULONGLONG pa)
{
    ULONG numd = bytes / 4 - 1;
    cmd_init(cmd, NVME_ADM_GET_LOG_PAGE, NVME_NSID_ALL);
    cmd->sqe.Prp1 = pa;
    cmd->sqe.Cdw10 = lid | (numd & 0xFFFF) << 16;
    cmd->sqe.Cdw11 = numd >> 16;
}

/* ---- Identify data ---- */

static VOID copy_text(char *dst, const UCHAR *src, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7F ? (char)src[i] : ' ';
}

/* Identify Controller data in ad->scratch: kept from the first bring-up on. */
VOID nvme_id_ctrl_parse(struct nvme_adapter *ad)
{
    const UCHAR *id = ad->scratch;
    if (ad->identified)
        return;
    copy_text(ad->sn, id + NVME_IDC_SN, sizeof ad->sn);
    copy_text(ad->mn, id + NVME_IDC_MN, sizeof ad->mn);
    copy_text(ad->fr, id + NVME_IDC_FR, sizeof ad->fr);
    UCHAR mdts = id[NVME_IDC_MDTS];
    ad->max_transfer = NVME_MAX_TRANSFER;
    if (mdts && mdts < 20 && (NVME_PAGE << mdts) < NVME_MAX_TRANSFER)
        ad->max_transfer = NVME_PAGE << mdts;
    ad->oaes = nvme_le32(id + NVME_IDC_OAES);
    ad->nn = nvme_le32(id + NVME_IDC_NN);
    ad->oncs = (USHORT)(id[NVME_IDC_ONCS] | id[NVME_IDC_ONCS + 1] << 8);
    ad->vwc = id[NVME_IDC_VWC];
    ad->sgls = nvme_le32(id + NVME_IDC_SGLS);
    ad->identified = TRUE;
}

BOOLEAN nvme_ns_update(struct nvme_adapter *ad, ULONG nsid, BOOLEAN exists, const UCHAR *data)
{
    if (nsid == 0 || nsid > NVME_MAX_LUNS)
        return FALSE;
    struct nvme_ns *ns = &ad->ns[nsid - 1];
    ULONGLONG blocks = 0;
    ULONG shift = 0;
    if (exists) {
        const UCHAR *lbaf = data + NVME_IDN_LBAF + 4 * (data[NVME_IDN_FLBAS] & 0xF);
        blocks = nvme_le64(data + NVME_IDN_NSZE);
        shift = lbaf[2];
        exists = blocks && !lbaf[0] && !lbaf[1] && shift >= 9 && shift <= 16;  /* no metadata */
    }
    BOOLEAN present = NVME_LOAD(&ns->present) != 0;
    if (!exists) {
        if (present)
            NVME_STORE(&ns->present, 0);
        return present;
    }
    BOOLEAN wp = data[NVME_IDN_NSATTR] & 1;
    if (present && ns->blocks == blocks && ns->lba_shift == shift && ns->write_protected == wp)
        return FALSE;
    if (present)
        NVME_STORE(&ns->present, 0);
    ns->nsid = nsid;
    ns->blocks = blocks;
    ns->lba_shift = shift;
    ns->write_protected = wp;
    ns->dlfeat = data[NVME_IDN_DLFEAT];
    RtlCopyMemory(ns->nguid, data + NVME_IDN_NGUID, sizeof ns->nguid);
    RtlCopyMemory(ns->eui64, data + NVME_IDN_EUI64, sizeof ns->eui64);
    NVME_STORE(&ns->present, 1);
    return TRUE;
}

/* ---- asynchronous events ---- */

static NVME_DONE aer_done;
static NVME_DONE log_done;
static NVME_DONE ns_done;

static VOID aer_submit(struct nvme_adapter *ad, struct nvme_cmd *cmd)
{
    cmd_init(cmd, NVME_ADM_ASYNC_EVENT, 0);
    cmd->done = aer_done;
    if (!nvme_admin_submit(ad, cmd))
        DbgPrint("nvme: the asynchronous event request could not be sent\n");
}

VOID nvme_aer_submit_all(struct nvme_adapter *ad)
{
    for (ULONG i = 0; i < NVME_AER_COUNT; i++)
        aer_submit(ad, &ad->aer_cmd[i]);
}

/* The event chain ends: the request goes out again, unless a reset took the queues. */
static VOID chain_end(struct nvme_adapter *ad, USHORT status, BOOLEAN changed)
{
    struct nvme_cmd *aer = ad->rescan_aer;
    InterlockedExchange(&ad->rescan_busy, 0);
    if (changed)
        StorPortNotification(BusChangeDetected, ad, 0);
    if (status != NVME_STATUS_ABORTED_RESET)
        aer_submit(ad, aer);
}

static VOID chain_identify_next(struct nvme_adapter *ad, BOOLEAN changed)
{
    if (ad->rescan_index >= ad->rescan_count) {
        chain_end(ad, 0, changed);
        return;
    }
    ad->log_changed = changed;
    nvme_cmd_identify(&ad->log_cmd, 0, ad->rescan_ids[ad->rescan_index], ad->rescan_pa);
    ad->log_cmd.done = ns_done;
    if (!nvme_admin_submit(ad, &ad->log_cmd))
        chain_end(ad, NVME_STATUS_ABORTED_RESET, changed);
}

static VOID ns_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0)
{
    UNREFERENCED_PARAMETER(cmd);
    UNREFERENCED_PARAMETER(dw0);
    if (status == NVME_STATUS_ABORTED_RESET) {
        chain_end(ad, status, ad->log_changed);
        return;
    }
    ULONG nsid = ad->rescan_ids[ad->rescan_index++];
    BOOLEAN changed = nvme_ns_update(ad, nsid, status == 0, ad->rescan_buf);
    chain_identify_next(ad, ad->log_changed || changed);
}

/* The Changed Namespace List: NSIDs to identify again (all of them on overflow). */
static VOID changed_list_parse(struct nvme_adapter *ad)
{
    ULONG first = nvme_le32(ad->rescan_buf);
    ad->rescan_count = 0;
    if (first == 0xFFFFFFFFu) {
        ULONG n = ad->nn < NVME_MAX_LUNS ? ad->nn : NVME_MAX_LUNS;
        for (ULONG id = 1; id <= n; id++)
            ad->rescan_ids[ad->rescan_count++] = id;
        return;
    }
    for (ULONG i = 0; i < NVME_PAGE / 4 && ad->rescan_count < NVME_MAX_LUNS; i++) {
        ULONG nsid = nvme_le32(ad->rescan_buf + 4 * i);
        if (!nsid)
            break;
        if (nsid <= NVME_MAX_LUNS)
            ad->rescan_ids[ad->rescan_count++] = nsid;
    }
}

static VOID log_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0)
{
    UNREFERENCED_PARAMETER(dw0);
    if (status || cmd->sqe.Cdw10 % 256 != NVME_LOG_CHANGED_NS) {
        chain_end(ad, status, FALSE);
        return;
    }
    changed_list_parse(ad);
    ad->rescan_index = 0;
    chain_identify_next(ad, FALSE);
}

static ULONG log_bytes(ULONG lid)
{
    return lid == NVME_LOG_SMART ? 512u : lid == NVME_LOG_ERROR ? 64u : NVME_PAGE;
}

static VOID aer_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0)
{
    if (status == NVME_STATUS_ABORTED_RESET)
        return;                          /* the bring-up sends a new one */
    if (status) {
        DbgPrint("nvme: asynchronous event request failed (status 0x%x)\n", status);
        return;
    }
    ULONG type = dw0 & 7, info = (dw0 >> 8) & 0xFF, lid = (dw0 >> 16) & 0xFF;
    InterlockedIncrement(&ad->aer_events);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "nvme: asynchronous event type %u info %u log 0x%x\n", type, info, lid);
    ad->rescan_aer = cmd;
    InterlockedExchange(&ad->rescan_busy, 1);
    if (type == NVME_AER_NOTICE && info == NVME_AER_NS_ATTR)
        lid = NVME_LOG_CHANGED_NS;
    cmd_get_log(&ad->log_cmd, lid, log_bytes(lid), ad->rescan_pa);
    ad->log_cmd.done = log_done;
    if (!nvme_admin_submit(ad, &ad->log_cmd))
        chain_end(ad, NVME_STATUS_ABORTED_RESET, FALSE);
}
