/*
 * Get Features and Set Features (NVMe 1.4 §5.9, §5.21, §5.21.1): Arbitration, Power
 * Management, Temperature Threshold, Error Recovery (per namespace), Volatile Write
 * Cache, Number of Queues, Interrupt Coalescing, Interrupt Vector Configuration, Write
 * Atomicity Normal and Asynchronous Event Configuration. LBA Range Type is optional
 * and not supported: both commands answer Invalid Field in Command, as the
 * specification allows. No feature is saveable (SV gets Feature Identifier Not
 * Saveable; SEL "saved" returns the default). Interrupt Coalescing is kept and
 * reported but does not delay interrupts. Values reset with the controller.
 */
#include "devices/nvme/nvme_internal.h"

#define ST(sc) (NVME_STATUS(NVME_SCT_GENERIC, (sc)) | NVME_DNR)
#define CS(sc) (NVME_STATUS(NVME_SCT_COMMAND, (sc)) | NVME_DNR)
#define NVME_TEMP_SENSORS 9u            /* composite, then sensors 1..8 */
#define NVME_TEMP_DEFAULT_OVER 343u     /* kelvin, as WCTEMP */
#define NVME_AEC_SUPPORTED 0x1FFu       /* SMART warnings and namespace notices */

void nvme_features_reset(struct nvme_ctrl *c)
{
    struct nvme_features *f = &c->feat;
    f->arbitration = 0;
    f->power_mgmt = 0;
    for (unsigned i = 0; i < NVME_TEMP_SENSORS; i++) {
        f->temp_over[i] = i == 0 ? NVME_TEMP_DEFAULT_OVER : 0xFFFF;
        f->temp_under[i] = 0;
    }
    atomic_store(&f->write_cache, !c->cfg.no_write_cache);
    f->nsqa = f->ncqa = c->cfg.io_queues;
    f->queues_set = false;
    f->irq_coalesce = 0;
    for (uint32_t i = 0; i < c->nqueues; i++)
        f->irq_no_coalesce[i] = 0;
    f->write_atomic = 0;
    f->async_event_cfg = 0;
    for (uint32_t i = 0; i < c->cfg.max_namespaces; i++)
        c->ns[i].error_recovery = 0;
}

/* What SEL = 11b reports: changeable, and namespace specific where it is. */
static bool feature_caps(uint32_t fid, uint32_t *caps)
{
    switch (fid) {
    case NVME_FEAT_ERROR_RECOVERY:
        *caps = NVME_FEAT_CAP_CHANGEABLE | NVME_FEAT_CAP_NS_SPECIFIC;
        return true;
    case NVME_FEAT_ARBITRATION: case NVME_FEAT_POWER_MGMT: case NVME_FEAT_TEMP_THRESH:
    case NVME_FEAT_VOLATILE_WC: case NVME_FEAT_NUM_QUEUES: case NVME_FEAT_IRQ_COALESCE:
    case NVME_FEAT_IRQ_CONFIG: case NVME_FEAT_WRITE_ATOMIC: case NVME_FEAT_ASYNC_EVENT:
        *caps = NVME_FEAT_CAP_CHANGEABLE;
        return true;
    default:
        return false;
    }
}

/* ---- per feature ---- */

static uint16_t temp_select(uint32_t cdw11, uint32_t *sensor, uint32_t *under)
{
    *sensor = (cdw11 >> 16) & 0xF;
    *under = (cdw11 >> 20) & 0x3;
    return *sensor < NVME_TEMP_SENSORS && *under <= 1 ? 0 : ST(NVME_SC_INVALID_FIELD);
}

static uint16_t get_temp(struct nvme_ctrl *c, uint32_t cdw11, bool deflt, uint32_t *v)
{
    uint32_t s, u;
    uint16_t st = temp_select(cdw11, &s, &u);
    if (st)
        return st;
    uint32_t t = u ? c->feat.temp_under[s] : c->feat.temp_over[s];
    if (deflt)
        t = u ? 0 : (s == 0 ? NVME_TEMP_DEFAULT_OVER : 0xFFFF);
    *v = t | s << 16 | u << 20;
    return 0;
}

static uint16_t set_temp(struct nvme_ctrl *c, uint32_t cdw11)
{
    uint32_t s, u;
    uint16_t st = temp_select(cdw11, &s, &u);
    if (st)
        return st;
    (u ? c->feat.temp_under : c->feat.temp_over)[s] = (uint16_t)cdw11;
    return 0;
}

static uint16_t get_error_recovery(struct nvme_ctrl *c, uint32_t nsid, bool deflt, uint32_t *v)
{
    struct nvme_ns *ns = nvme_ns_get(c, nsid);
    if (!ns)
        return ST(NVME_SC_INVALID_NS);
    *v = deflt ? 0 : ns->error_recovery;
    nvme_ns_put(ns);
    return 0;
}

static uint16_t set_error_recovery(struct nvme_ctrl *c, uint32_t nsid, uint32_t cdw11)
{
    if (cdw11 & (1u << 16))             /* DULBE needs deallocated-block errors (NSFEAT.DAE) */
        return ST(NVME_SC_INVALID_FIELD);
    bool all = nsid == 0xFFFFFFFFu, any = false;
    for (uint32_t id = 1; id <= c->cfg.max_namespaces; id++) {
        if (!all && id != nsid)
            continue;
        struct nvme_ns *ns = nvme_ns_get(c, id);
        if (ns) {
            ns->error_recovery = cdw11 & 0xFFFF;
            any = true;
            nvme_ns_put(ns);
        }
    }
    return any || all ? 0 : ST(NVME_SC_INVALID_NS);
}

static uint16_t irq_config_vector(struct nvme_ctrl *c, uint32_t cdw11, uint32_t *iv)
{
    *iv = cdw11 & 0xFFFF;
    return *iv < c->nqueues ? 0 : ST(NVME_SC_INVALID_FIELD);
}

static uint16_t set_num_queues(struct nvme_ctrl *c, uint32_t cdw11, uint32_t *dw0)
{
    uint32_t nsqr = cdw11 & 0xFFFF, ncqr = cdw11 >> 16;
    if (c->io_queue_created)
        return ST(NVME_SC_CMD_SEQ_ERROR);
    if (nsqr == 0xFFFF || ncqr == 0xFFFF)
        return ST(NVME_SC_INVALID_FIELD);
    uint32_t max = c->cfg.io_queues;
    c->feat.nsqa = nsqr + 1 < max ? nsqr + 1 : max;
    c->feat.ncqa = ncqr + 1 < max ? ncqr + 1 : max;
    c->feat.queues_set = true;
    *dw0 = (c->feat.ncqa - 1) << 16 | (c->feat.nsqa - 1);
    return 0;
}

/* ---- Get Features ---- */

static uint16_t get_value(struct nvme_ctrl *c, const struct nvme_sqe *e, bool deflt, uint32_t *v)
{
    struct nvme_features *f = &c->feat;
    uint32_t fid = e->cdw10 & 0xFF, iv, max = c->cfg.io_queues - 1;
    uint16_t st = 0;
    switch (fid) {
    case NVME_FEAT_ARBITRATION: *v = deflt ? 0 : f->arbitration; break;
    case NVME_FEAT_POWER_MGMT: *v = deflt ? 0 : f->power_mgmt; break;
    case NVME_FEAT_TEMP_THRESH: st = get_temp(c, e->cdw11, deflt, v); break;
    case NVME_FEAT_ERROR_RECOVERY: st = get_error_recovery(c, e->nsid, deflt, v); break;
    case NVME_FEAT_VOLATILE_WC:
        if (c->cfg.no_write_cache)
            return ST(NVME_SC_INVALID_FIELD);
        *v = deflt ? 1 : atomic_load(&f->write_cache);
        break;
    case NVME_FEAT_NUM_QUEUES:
        *v = deflt ? (max << 16 | max) : ((f->ncqa - 1) << 16 | (f->nsqa - 1));
        break;
    case NVME_FEAT_IRQ_COALESCE: *v = deflt ? 0 : f->irq_coalesce; break;
    case NVME_FEAT_IRQ_CONFIG:
        st = irq_config_vector(c, e->cdw11, &iv);
        *v = iv | (deflt ? 0 : (uint32_t)f->irq_no_coalesce[st ? 0 : iv] << 16);
        break;
    case NVME_FEAT_WRITE_ATOMIC: *v = deflt ? 0 : f->write_atomic; break;
    case NVME_FEAT_ASYNC_EVENT: *v = deflt ? 0 : f->async_event_cfg; break;
    default: return ST(NVME_SC_INVALID_FIELD);     /* LBA Range Type included */
    }
    return st;
}

uint16_t nvme_get_features(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    uint32_t sel = (cmd->sqe.cdw10 >> 8) & 0x7, v = 0;
    if (sel > NVME_FEAT_SEL_SUPPORTED)
        return ST(NVME_SC_INVALID_FIELD);
    if (sel == NVME_FEAT_SEL_SUPPORTED) {
        if (!feature_caps(cmd->sqe.cdw10 & 0xFF, &v))
            return ST(NVME_SC_INVALID_FIELD);
        cmd->dw0 = v;
        return 0;
    }
    pthread_mutex_lock(&c->lock);
    uint16_t st = get_value(c, &cmd->sqe, sel != NVME_FEAT_SEL_CURRENT, &v);
    pthread_mutex_unlock(&c->lock);
    if (!st)
        cmd->dw0 = v;
    return st;
}

/* ---- Set Features ---- */

static uint16_t set_value(struct nvme_ctrl *c, const struct nvme_sqe *e, uint32_t *dw0)
{
    struct nvme_features *f = &c->feat;
    uint32_t fid = e->cdw10 & 0xFF, cdw11 = e->cdw11, iv;
    uint16_t st = 0;
    switch (fid) {
    case NVME_FEAT_ARBITRATION: f->arbitration = cdw11; break;
    case NVME_FEAT_POWER_MGMT:
        if ((cdw11 & 0x1F) != 0)        /* one power state (NPSS 0) */
            return ST(NVME_SC_INVALID_FIELD);
        f->power_mgmt = cdw11 & 0xFF;
        break;
    case NVME_FEAT_TEMP_THRESH: st = set_temp(c, cdw11); break;
    case NVME_FEAT_ERROR_RECOVERY: st = set_error_recovery(c, e->nsid, cdw11); break;
    case NVME_FEAT_VOLATILE_WC:
        if (c->cfg.no_write_cache)
            return ST(NVME_SC_INVALID_FIELD);
        atomic_store(&f->write_cache, cdw11 & 1);
        break;
    case NVME_FEAT_NUM_QUEUES: st = set_num_queues(c, cdw11, dw0); break;
    case NVME_FEAT_IRQ_COALESCE: f->irq_coalesce = cdw11 & 0xFFFF; break;
    case NVME_FEAT_IRQ_CONFIG:
        st = irq_config_vector(c, cdw11, &iv);
        if (!st)
            f->irq_no_coalesce[iv] = (cdw11 >> 16) & 1;
        break;
    case NVME_FEAT_WRITE_ATOMIC: f->write_atomic = cdw11 & 1; break;
    case NVME_FEAT_ASYNC_EVENT: f->async_event_cfg = cdw11 & NVME_AEC_SUPPORTED; break;
    default: return ST(NVME_SC_INVALID_FIELD);
    }
    return st;
}

uint16_t nvme_set_features(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    if (cmd->sqe.cdw10 & (1u << 31))
        return CS(NVME_SC_FEATURE_NOT_SAVEABLE);
    uint32_t dw0 = 0;
    pthread_mutex_lock(&c->lock);
    uint16_t st = set_value(c, &cmd->sqe, &dw0);
    pthread_mutex_unlock(&c->lock);
    cmd->dw0 = dw0;
    return st;
}
