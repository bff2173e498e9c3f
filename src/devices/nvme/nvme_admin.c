/*
 * Admin commands (NVMe 1.4 §5): dispatch, Create/Delete I/O Completion and Submission
 * Queue (§5.3-§5.6), Abort (§5.1), Namespace Attachment (§5.20) and Namespace
 * Management (§5.21 in 1.4 numbering of the NS management chapter). Identify, features,
 * log pages and asynchronous events have files of their own.
 *
 * Queue identifiers are bounded by what Number of Queues allocated (all io_queues until
 * the host sets it); sizes by CAP.MQES; queues must be physically contiguous (CAP.CQR)
 * and page aligned. Deleting an SQ that still has commands in flight parks the Delete
 * command until the last of them completes.
 */
#include <errno.h>
#include <string.h>

#include "devices/nvme/nvme_internal.h"

#define ST(sc) (NVME_STATUS(NVME_SCT_GENERIC, (sc)) | NVME_DNR)
#define CS(sc) (NVME_STATUS(NVME_SCT_COMMAND, (sc)) | NVME_DNR)

static bool cq_active(struct nvme_cq *cq)
{
    pthread_mutex_lock(&cq->lock);
    bool active = cq->active;
    pthread_mutex_unlock(&cq->lock);
    return active;
}

static bool sq_active(struct nvme_sq *sq)
{
    pthread_mutex_lock(&sq->lock);
    bool active = sq->active;
    pthread_mutex_unlock(&sq->lock);
    return active;
}

/* ---- Create / Delete I/O CQ ---- */

static uint16_t create_cq_check(struct nvme_ctrl *c, const struct nvme_sqe *e)
{
    uint32_t qid = e->cdw10 & 0xFFFF, qsize = e->cdw10 >> 16, iv = e->cdw11 >> 16;
    if (qid == 0 || qid >= c->nqueues || qid > c->feat.ncqa || cq_active(&c->cqs[qid]))
        return CS(NVME_SC_QID_INVALID);
    if (qsize == 0 || qsize >= c->cfg.queue_entries)
        return CS(NVME_SC_QUEUE_SIZE);
    if (!(e->cdw11 & 1))                /* PC: only contiguous queues (CAP.CQR) */
        return ST(NVME_SC_INVALID_FIELD);
    if (e->prp1 & (c->page_size - 1))
        return ST(NVME_SC_PRP_INVALID_OFFSET);
    if (NVME_CC_IOCQES(c->cc) != NVME_CQES)
        return ST(NVME_SC_INVALID_FIELD);
    if (!nvme_irq_vector_valid(c, iv))
        return CS(NVME_SC_INVALID_VECTOR);
    return 0;
}

static uint16_t create_cq(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    const struct nvme_sqe *e = &cmd->sqe;
    pthread_mutex_lock(&c->lock);
    uint16_t st = create_cq_check(c, e);
    if (!st)
        st = nvme_cq_setup(c, e->cdw10 & 0xFFFF, e->prp1, (e->cdw10 >> 16) + 1,
                           (uint16_t)(e->cdw11 >> 16), e->cdw11 & 2);
    if (!st)
        c->io_queue_created = true;
    pthread_mutex_unlock(&c->lock);
    return st;
}

static uint16_t delete_cq(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint32_t qid = cmd->sqe.cdw10 & 0xFFFF;
    uint16_t st = 0;
    pthread_mutex_lock(&c->lock);
    if (qid == 0 || qid >= c->nqueues) {
        st = CS(NVME_SC_QID_INVALID);
    } else {
        struct nvme_cq *cq = &c->cqs[qid];
        pthread_mutex_lock(&cq->lock);
        if (!cq->active)
            st = CS(NVME_SC_QID_INVALID);
        else if (cq->nsq)
            st = CS(NVME_SC_INVALID_QUEUE_DELETION);
        pthread_mutex_unlock(&cq->lock);
        if (!st)
            nvme_cq_teardown(c, cq);
    }
    pthread_mutex_unlock(&c->lock);
    if (!st && pci_function_irq_mode(c->pci) == PCI_IRQ_INTX)
        nvme_irq_intx_update(c);
    return st;
}

/* ---- Create / Delete I/O SQ ---- */

static uint16_t create_sq_check(struct nvme_ctrl *c, const struct nvme_sqe *e)
{
    uint32_t qid = e->cdw10 & 0xFFFF, qsize = e->cdw10 >> 16, cqid = e->cdw11 >> 16;
    if (qid == 0 || qid >= c->nqueues || qid > c->feat.nsqa || sq_active(&c->sqs[qid]))
        return CS(NVME_SC_QID_INVALID);
    if (qsize == 0 || qsize >= c->cfg.queue_entries)
        return CS(NVME_SC_QUEUE_SIZE);
    if (!(e->cdw11 & 1))
        return ST(NVME_SC_INVALID_FIELD);
    if (cqid == 0 || cqid >= c->nqueues || !cq_active(&c->cqs[cqid]))
        return CS(NVME_SC_CQ_INVALID);
    if (e->prp1 & (c->page_size - 1))
        return ST(NVME_SC_PRP_INVALID_OFFSET);
    if (NVME_CC_IOSQES(c->cc) != NVME_SQES)
        return ST(NVME_SC_INVALID_FIELD);
    return 0;
}

static uint16_t create_sq(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    const struct nvme_sqe *e = &cmd->sqe;
    pthread_mutex_lock(&c->lock);
    uint16_t st = create_sq_check(c, e);
    if (!st) {
        int rc = nvme_sq_setup(c, e->cdw10 & 0xFFFF, e->prp1, (e->cdw10 >> 16) + 1,
                               &c->cqs[e->cdw11 >> 16]);
        if (rc == -EFAULT)
            st = ST(NVME_SC_INVALID_FIELD);
        else if (rc < 0)
            st = NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_INTERNAL);
    }
    if (!st)
        c->io_queue_created = true;
    pthread_mutex_unlock(&c->lock);
    return st;
}

static enum nvme_run delete_sq(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint32_t qid = cmd->sqe.cdw10 & 0xFFFF;
    enum nvme_run r = NVME_RUN_DONE;
    pthread_mutex_lock(&c->lock);
    if (qid == 0 || qid >= c->nqueues) {
        cmd->status = CS(NVME_SC_QID_INVALID);
        goto out;
    }
    struct nvme_sq *sq = &c->sqs[qid];
    pthread_mutex_lock(&sq->lock);
    bool exists = sq->active && !sq->deleting;
    bool busy = sq->draining || sq->inflight;
    if (exists) {
        sq->deleting = true;            /* fetches stop here */
        if (busy)
            sq->delete_cmd = cmd;
    }
    pthread_mutex_unlock(&sq->lock);
    if (!exists)
        cmd->status = CS(NVME_SC_QID_INVALID);
    else if (busy)
        r = NVME_RUN_PARKED;
    else
        nvme_sq_teardown(c, sq);
out:
    pthread_mutex_unlock(&c->lock);
    return r;
}

/* ---- namespaces ---- */

/* The controller list of Namespace Attachment must name this controller, only. */
static uint16_t ctrl_list_check(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint16_t list[2048];
    uint16_t st = nvme_dptr_from_host(c, cmd, list, sizeof list);
    if (st)
        return st;
    if (list[0] == 0 || list[0] > 2047)
        return CS(NVME_SC_CONTROLLER_LIST_INVALID);
    for (uint32_t i = 1; i <= list[0]; i++)
        if (list[i] != c->cfg.cntlid)
            return CS(NVME_SC_CONTROLLER_LIST_INVALID);
    return 0;
}

static uint16_t ns_attachment(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint32_t sel = cmd->sqe.cdw10 & 0xF, nsid = cmd->sqe.nsid;
    if (sel > 1 || nsid == 0xFFFFFFFFu)
        return ST(NVME_SC_INVALID_FIELD);
    if (!nvme_nsid_valid(c, nsid))
        return ST(NVME_SC_INVALID_NS);
    uint16_t st = ctrl_list_check(c, cmd);
    if (st)
        return st;
    struct nvme_ns *ns = &c->ns[nsid - 1];
    pthread_mutex_lock(&c->lock);
    int state = atomic_load(&ns->state);
    if (state == NVME_NS_ABSENT)
        st = ST(NVME_SC_INVALID_NS);
    else if (sel == 0 && state == NVME_NS_ATTACHED)
        st = CS(NVME_SC_NS_ALREADY_ATTACHED);
    else if (sel == 1 && state == NVME_NS_ALLOCATED)
        st = CS(NVME_SC_NS_NOT_ATTACHED);
    else
        atomic_store(&ns->state, sel == 0 ? NVME_NS_ATTACHED : NVME_NS_ALLOCATED);
    pthread_mutex_unlock(&c->lock);
    return st;
}

static uint16_t ns_delete(struct nvme_ctrl *c, uint32_t nsid)
{
    bool all = nsid == 0xFFFFFFFFu;
    if (!all && !nvme_nsid_valid(c, nsid))
        return ST(NVME_SC_INVALID_NS);
    uint16_t st = all ? 0 : ST(NVME_SC_INVALID_NS);
    pthread_mutex_lock(&c->lock);
    for (uint32_t id = 1; id <= c->cfg.max_namespaces; id++) {
        if (!all && id != nsid)
            continue;
        if (atomic_exchange(&c->ns[id - 1].state, NVME_NS_ABSENT) != NVME_NS_ABSENT)
            st = 0;
    }
    pthread_mutex_unlock(&c->lock);
    return st;
}

static uint16_t ns_management(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    switch (cmd->sqe.cdw10 & 0xF) {
    case 0:                             /* create: all capacity is allocated already */
        return CS(NVME_SC_NS_INSUFFICIENT_CAPACITY);
    case 1:
        return ns_delete(c, cmd->sqe.nsid);
    default:
        return ST(NVME_SC_INVALID_FIELD);
    }
}

/* ---- dispatch ---- */

enum nvme_run nvme_admin_run(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint16_t st;
    bool ns_mgmt = !c->cfg.no_ns_mgmt;
    switch (cmd->sqe.opcode) {
    case NVME_ADM_DELETE_SQ: return delete_sq(c, cmd);
    case NVME_ADM_CREATE_SQ: st = create_sq(c, cmd); break;
    case NVME_ADM_GET_LOG_PAGE: st = nvme_get_log_page(c, cmd); break;
    case NVME_ADM_DELETE_CQ: st = delete_cq(c, cmd); break;
    case NVME_ADM_CREATE_CQ: st = create_cq(c, cmd); break;
    case NVME_ADM_IDENTIFY: st = nvme_identify(c, cmd); break;
    case NVME_ADM_ABORT:
        cmd->dw0 = 1;                   /* not aborted: fetched commands run to completion */
        st = 0;
        break;
    case NVME_ADM_SET_FEATURES: st = nvme_set_features(c, cmd); break;
    case NVME_ADM_GET_FEATURES: st = nvme_get_features(c, cmd); break;
    case NVME_ADM_ASYNC_EVENT: return nvme_aer_park(c, cmd);
    case NVME_ADM_NS_MANAGEMENT:
        st = ns_mgmt ? ns_management(c, cmd) : ST(NVME_SC_INVALID_OPCODE);
        break;
    case NVME_ADM_NS_ATTACHMENT:
        st = ns_mgmt ? ns_attachment(c, cmd) : ST(NVME_SC_INVALID_OPCODE);
        break;
    default:
        st = ST(NVME_SC_INVALID_OPCODE);
    }
    cmd->status = st;
    return NVME_RUN_DONE;
}
