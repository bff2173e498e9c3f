/*
 * Identify (NVMe 1.4 §5.15): the controller (CNS 01h), namespaces (00h, 11h for an
 * allocated one), namespace ID lists (02h active, 10h allocated), the namespace
 * identification descriptors (03h: EUI-64 and NGUID) and controller lists (12h, 13h).
 * CNS 10h-13h exist when namespace management is offered. A valid NSID that is not
 * active reads as zeroes, as the specification asks; 0 and the broadcast NSID where
 * they do not apply get Invalid Namespace or Format.
 * Two LBA formats are offered: 512 bytes (index 0) and 4096 bytes (index 1).
 */
#include <stdio.h>
#include <string.h>

#include "devices/nvme/nvme_internal.h"

#define ST(sc) (NVME_STATUS(NVME_SCT_GENERIC, (sc)) | NVME_DNR)
#define NVME_NSID_BROADCAST 0xFFFFFFFFu
#define NVME_ID_LIST_MAX 1024u

/* What Identify returns: 4 KiB in every shape. */
union id_data {
    uint8_t bytes[4096];
    struct nvme_id_ctrl ctrl;
    struct nvme_id_ns ns;
    uint32_t nsids[1024];
    uint16_t ctrls[2048];
};

static void put_u128(uint8_t field[16], uint64_t value)
{
    memset(field, 0, 16);
    memcpy(field, &value, 8);           /* little endian, the upper half zero */
}

/* ---- controller ---- */

static uint64_t allocated_bytes(struct nvme_ctrl *c)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < c->cfg.max_namespaces; i++)
        if (atomic_load(&c->ns[i].state) != NVME_NS_ABSENT)
            total += c->ns[i].nlba << c->ns[i].lba_shift;
    return total;
}

static void id_ctrl_commands(struct nvme_ctrl *c, struct nvme_id_ctrl *id)
{
    id->oacs = c->cfg.no_ns_mgmt ? 0 : NVME_OACS_NS_MGMT;
    id->acl = 3;
    id->aerl = c->cfg.aerl;
    id->frmw = 0x03;                    /* one slot, slot 1 read only */
    id->lpa = NVME_LPA_EXTENDED;
    id->elpe = (uint8_t)(c->cfg.error_log_entries - 1);
    id->npss = 0;
    id->wctemp = 343;                   /* kelvin */
    id->cctemp = 373;
    id->sqes = (NVME_SQES << 4) | NVME_SQES;
    id->cqes = (NVME_CQES << 4) | NVME_CQES;
    id->nn = c->cfg.max_namespaces;
    id->oncs = NVME_ONCS_COMPARE | NVME_ONCS_DSM | NVME_ONCS_WRITE_ZEROES;
    /* VWC present, broadcast flush supported (11b); without a cache: not supported (10b) */
    id->vwc = c->cfg.no_write_cache ? 0x4 : 0x7;
    id->sgls = c->cfg.no_sgl ? 0 : NVME_SGLS_SUPPORTED | NVME_SGLS_BIT_BUCKET | NVME_SGLS_LONGER_DATA;
    if (!c->cfg.no_ns_mgmt) {
        put_u128(id->tnvmcap, allocated_bytes(c));
        put_u128(id->unvmcap, 0);
    }
}

static void id_ctrl(struct nvme_ctrl *c, struct nvme_id_ctrl *id)
{
    id->vid = c->cfg.vendor_id;
    id->ssvid = c->cfg.vendor_id;
    memcpy(id->sn, c->serial, sizeof id->sn);
    memcpy(id->mn, c->model, sizeof id->mn);
    memcpy(id->fr, c->firmware, sizeof id->fr);
    id->rab = 6;
    id->mdts = c->cfg.mdts;
    id->cntlid = c->cfg.cntlid;
    id->ver = NVME_VS_1_4;
    id->oaes = NVME_OAES_NS_ATTR;
    id->cntrltype = 1;                  /* I/O controller */
    id_ctrl_commands(c, id);
    snprintf(id->subnqn, sizeof id->subnqn, "nqn.2019-06.io.ustorport:nvme:%.20s", c->serial);
    id->psd[0].max_power = 2500;        /* 25 W */
    id->psd[0].entry_latency = 0;
    id->psd[0].exit_latency = 0;
}

/* ---- namespaces ---- */

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3ull;
    return h;
}

/* Stable identifiers from the serial number and NSID. */
static void ns_ids(struct nvme_ctrl *c, uint32_t nsid, uint8_t nguid[16], uint8_t eui64[8])
{
    uint64_t h = fnv1a(c->serial, sizeof c->serial - 1, 0xCBF29CE484222325ull);
    uint64_t g = fnv1a(&nsid, sizeof nsid, h);
    memcpy(nguid, &h, 8);
    memcpy(nguid + 8, &g, 8);
    memcpy(eui64, &g, 8);
    eui64[0] = 0x02;                    /* locally administered */
}

static void id_ns_formats(struct nvme_id_ns *id)
{
    id->nlbaf = 1;                      /* zero-based: two formats */
    id->lbaf[0] = (struct nvme_lbaf){.ms = 0, .lbads = 9, .rp = 2};
    id->lbaf[1] = (struct nvme_lbaf){.ms = 0, .lbads = 12, .rp = 0};
}

static void id_ns(struct nvme_ctrl *c, const struct nvme_ns *ns, struct nvme_id_ns *id)
{
    id->nsze = id->ncap = id->nuse = ns->nlba;
    id_ns_formats(id);
    id->flbas = ns->lba_shift == 12 ? 1 : 0;
    id->nsattr = (ns->caps & USTOR_BACKEND_READ_ONLY) ? 1 : 0;
    put_u128(id->nvmcap, ns->nlba << ns->lba_shift);
    ns_ids(c, ns->nsid, id->nguid, id->eui64);
}

static uint16_t identify_ns(struct nvme_ctrl *c, uint32_t nsid, bool allocated,
                            struct nvme_id_ns *buf)
{
    if (nsid == NVME_NSID_BROADCAST && !c->cfg.no_ns_mgmt && !allocated) {
        id_ns_formats(buf);             /* capabilities common to all namespaces */
        return 0;
    }
    if (!nvme_nsid_valid(c, nsid))
        return ST(NVME_SC_INVALID_NS);
    const struct nvme_ns *ns = &c->ns[nsid - 1];
    int state = atomic_load(&ns->state);
    if (state == NVME_NS_ATTACHED || (allocated && state == NVME_NS_ALLOCATED))
        id_ns(c, ns, buf);
    return 0;                           /* inactive: all zero */
}

static uint16_t id_list(struct nvme_ctrl *c, uint32_t after, bool allocated, uint32_t *list)
{
    if (after >= 0xFFFFFFFEu)
        return ST(NVME_SC_INVALID_NS);
    uint32_t n = 0;
    for (uint32_t id = after + 1; id <= c->cfg.max_namespaces && n < NVME_ID_LIST_MAX; id++) {
        int state = atomic_load(&c->ns[id - 1].state);
        if (state == NVME_NS_ATTACHED || (allocated && state == NVME_NS_ALLOCATED))
            list[n++] = id;
    }
    return 0;
}

static uint16_t id_descriptors(struct nvme_ctrl *c, uint32_t nsid, uint8_t *buf)
{
    if (!nvme_nsid_valid(c, nsid) || atomic_load(&c->ns[nsid - 1].state) != NVME_NS_ATTACHED)
        return ST(NVME_SC_INVALID_NS);
    uint8_t nguid[16], eui64[8];
    ns_ids(c, nsid, nguid, eui64);
    buf[0] = NVME_NIDT_EUI64;
    buf[1] = 8;
    memcpy(buf + 4, eui64, 8);
    buf[12] = NVME_NIDT_NGUID;
    buf[13] = 16;
    memcpy(buf + 16, nguid, 16);
    return 0;
}

/* Controller lists: this controller, if it qualifies and its ID is at least FROM. */
static void ctrl_list(struct nvme_ctrl *c, bool qualifies, uint16_t from, uint16_t *list)
{
    if (qualifies && c->cfg.cntlid >= from) {
        list[0] = 1;
        list[1] = c->cfg.cntlid;
    }
}

static uint16_t identify_mgmt(struct nvme_ctrl *c, uint32_t cns, const struct nvme_sqe *e,
                              union id_data *buf)
{
    uint16_t from = (uint16_t)(e->cdw10 >> 16);
    switch (cns) {
    case NVME_CNS_ALLOCATED_NS_LIST:
        return id_list(c, e->nsid, true, buf->nsids);
    case NVME_CNS_ALLOCATED_NS:
        return identify_ns(c, e->nsid, true, &buf->ns);
    case NVME_CNS_NS_CTRL_LIST:
        if (!nvme_nsid_valid(c, e->nsid))
            return ST(NVME_SC_INVALID_NS);
        ctrl_list(c, atomic_load(&c->ns[e->nsid - 1].state) == NVME_NS_ATTACHED, from,
                  buf->ctrls);
        return 0;
    default:                            /* NVME_CNS_CTRL_LIST */
        ctrl_list(c, true, from, buf->ctrls);
        return 0;
    }
}

uint16_t nvme_identify(struct nvme_ctrl *c, struct nvme_cmd *cmd)
{
    union id_data buf;
    memset(&buf, 0, sizeof buf);
    const struct nvme_sqe *e = &cmd->sqe;
    uint32_t cns = e->cdw10 & 0xFF;
    uint16_t st;
    pthread_mutex_lock(&c->lock);
    switch (cns) {
    case NVME_CNS_NS: st = identify_ns(c, e->nsid, false, &buf.ns); break;
    case NVME_CNS_CTRL: id_ctrl(c, &buf.ctrl); st = 0; break;
    case NVME_CNS_ACTIVE_NS_LIST: st = id_list(c, e->nsid, false, buf.nsids); break;
    case NVME_CNS_NS_DESC_LIST: st = id_descriptors(c, e->nsid, buf.bytes); break;
    case NVME_CNS_ALLOCATED_NS_LIST:
    case NVME_CNS_ALLOCATED_NS:
    case NVME_CNS_NS_CTRL_LIST:
    case NVME_CNS_CTRL_LIST:
        st = c->cfg.no_ns_mgmt ? ST(NVME_SC_INVALID_FIELD) : identify_mgmt(c, cns, e, &buf);
        break;
    default:
        st = ST(NVME_SC_INVALID_FIELD);
    }
    pthread_mutex_unlock(&c->lock);
    return st ? st : nvme_dptr_to_host(c, cmd, &buf, sizeof buf, sizeof buf);
}
