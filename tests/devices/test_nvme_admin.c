/* NVMe model admin commands: Identify contents (controller, namespaces, lists,
 * descriptors), Get/Set Features (Number of Queues and its sequence rule, write cache,
 * LBA Range Type refused, SV, SEL), log pages (error, SMART, firmware slot, changed
 * namespaces), Abort, asynchronous events (limit, error events and their masking,
 * namespace notices on hot add), namespace attachment and management, bad opcodes. */
#include <string.h>

#include "common/log.h"
#include "nvme_harness.h"

#define GEN(sc) SC(NVME_SCT_GENERIC, sc)
#define CMD(sc) SC(NVME_SCT_COMMAND, sc)

static void setup(struct harness *h)
{
    CHECK(h_init(h, NULL) == 0);
    CHECK(h_add_ns(h, 1, "ram:1M", 512) == 0);
    CHECK(h_add_ns(h, 3, "ram:2M", 4096) == 0);
    CHECK(h_enable(h, 32));
}

static void test_identify_controller(void)
{
    struct harness h;
    setup(&h);
    struct nvme_id_ctrl *id = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_identify(&h, NVME_CNS_CTRL, 0, id), 0);
    CHECK_EQ(id->vid, 0x7573);
    CHECK(!memcmp(id->mn, "ustorport NVMe", 14) && id->mn[39] == ' ');
    CHECK(!memcmp(id->sn, "USTOR", 5));
    CHECK(!memcmp(id->fr, "1.0     ", 8));
    CHECK_EQ(id->mdts, 8);
    CHECK_EQ(id->cntlid, 1);
    CHECK_EQ(id->ver, 0x00010400);
    CHECK(id->oacs & NVME_OACS_NS_MGMT);
    CHECK_EQ(id->aerl, 3);
    CHECK_EQ(id->elpe, 15);
    CHECK_EQ(id->sqes, 0x66);
    CHECK_EQ(id->cqes, 0x44);
    CHECK_EQ(id->nn, 32);
    CHECK_EQ(id->oncs, NVME_ONCS_COMPARE | NVME_ONCS_DSM | NVME_ONCS_WRITE_ZEROES);
    CHECK_EQ(id->vwc, 0x7);
    CHECK(id->sgls & NVME_SGLS_SUPPORTED);
    CHECK(id->oaes & NVME_OAES_NS_ATTR);
    CHECK(!strncmp(id->subnqn, "nqn.", 4));
    uint64_t tnvmcap;
    memcpy(&tnvmcap, id->tnvmcap, 8);
    CHECK_EQ(tnvmcap, 3u << 20);
    h_free(&h, id);
    h_fini(&h);
}

static void test_identify_namespaces(void)
{
    struct harness h;
    setup(&h);
    struct nvme_id_ns *ns = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_identify(&h, NVME_CNS_NS, 1, ns), 0);
    CHECK_EQ(ns->nsze, 2048);
    CHECK_EQ(ns->ncap, 2048);
    CHECK_EQ(ns->nlbaf, 1);
    CHECK_EQ(ns->flbas, 0);
    CHECK_EQ(ns->lbaf[0].lbads, 9);
    CHECK_EQ(ns->lbaf[1].lbads, 12);
    CHECK_EQ(ns->nsattr, 0);
    CHECK_EQ(h_identify(&h, NVME_CNS_NS, 3, ns), 0);
    CHECK_EQ(ns->nsze, 512);
    CHECK_EQ(ns->flbas, 1);
    memset(ns, 0xAA, H_PAGE);
    CHECK_EQ(h_identify(&h, NVME_CNS_NS, 2, ns), 0);     /* valid, inactive: zeroes */
    CHECK_EQ(ns->nsze, 0);
    CHECK_EQ(ns->nlbaf, 0);
    CHECK_EQ(STATUS_CODE(h_identify(&h, NVME_CNS_NS, 0, ns)), GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(STATUS_CODE(h_identify(&h, NVME_CNS_NS, 33, ns)), GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(h_identify(&h, NVME_CNS_NS, 0xFFFFFFFF, ns), 0); /* common capabilities */
    CHECK_EQ(ns->nlbaf, 1);
    CHECK_EQ(ns->nsze, 0);
    h_free(&h, ns);
    h_fini(&h);
}

static void test_identify_lists(void)
{
    struct harness h;
    setup(&h);
    uint32_t *list = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_identify(&h, NVME_CNS_ACTIVE_NS_LIST, 0, list), 0);
    CHECK(list[0] == 1 && list[1] == 3 && list[2] == 0);
    CHECK_EQ(h_identify(&h, NVME_CNS_ACTIVE_NS_LIST, 1, list), 0);
    CHECK(list[0] == 3 && list[1] == 0);
    CHECK_EQ(STATUS_CODE(h_identify(&h, NVME_CNS_ACTIVE_NS_LIST, 0xFFFFFFFE, list)),
             GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(h_identify(&h, NVME_CNS_ALLOCATED_NS_LIST, 0, list), 0);
    CHECK(list[0] == 1 && list[1] == 3 && list[2] == 0);
    uint8_t *d = (uint8_t *)list;
    CHECK_EQ(h_identify(&h, NVME_CNS_NS_DESC_LIST, 3, d), 0);
    CHECK(d[0] == NVME_NIDT_EUI64 && d[1] == 8 && d[12] == NVME_NIDT_NGUID && d[13] == 16);
    uint8_t nguid3[16];
    memcpy(nguid3, d + 16, 16);
    CHECK_EQ(h_identify(&h, NVME_CNS_NS_DESC_LIST, 1, d), 0);
    CHECK(memcmp(nguid3, d + 16, 16) != 0);                 /* distinct per namespace */
    CHECK_EQ(STATUS_CODE(h_identify(&h, NVME_CNS_NS_DESC_LIST, 2, d)), GEN(NVME_SC_INVALID_NS));
    uint16_t *ctrls = (uint16_t *)list;
    CHECK_EQ(h_identify(&h, NVME_CNS_CTRL_LIST, 0, ctrls), 0);
    CHECK(ctrls[0] == 1 && ctrls[1] == 1);
    CHECK_EQ(h_identify(&h, NVME_CNS_NS_CTRL_LIST, 2, ctrls), 0);
    CHECK_EQ(ctrls[0], 0);
    CHECK_EQ(STATUS_CODE(h_identify(&h, 0x55, 0, ctrls)), GEN(NVME_SC_INVALID_FIELD));
    h_free(&h, list);
    h_fini(&h);
}

static uint16_t get_feature(struct harness *h, uint32_t fid, uint32_t sel, uint32_t cdw11,
                            uint32_t nsid, uint32_t *dw0)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_GET_FEATURES, .nsid = nsid,
                         .cdw10 = fid | sel << 8, .cdw11 = cdw11};
    struct nvme_cqe c;
    uint16_t st = h_admin(h, &e, &c);
    *dw0 = c.dw0;
    return st;
}

static uint16_t set_feature(struct harness *h, uint32_t cdw10, uint32_t cdw11, uint32_t *dw0)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_SET_FEATURES, .cdw10 = cdw10, .cdw11 = cdw11};
    struct nvme_cqe c;
    uint16_t st = h_admin(h, &e, &c);
    if (dw0)
        *dw0 = c.dw0;
    return st;
}

static void test_features(void)
{
    struct harness h;
    setup(&h);
    uint32_t v = 0;
    CHECK_EQ(get_feature(&h, NVME_FEAT_NUM_QUEUES, 0, 0, 0, &v), 0);
    CHECK_EQ(v, 63u << 16 | 63u);
    CHECK_EQ(set_feature(&h, NVME_FEAT_NUM_QUEUES, 3u << 16 | 0u, &v), 0);
    CHECK_EQ(v, 3u << 16 | 0u);                             /* 1 SQ, 4 CQs */
    CHECK_EQ(STATUS_CODE(set_feature(&h, NVME_FEAT_NUM_QUEUES, 0xFFFF, NULL)),
             GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    CHECK_EQ(STATUS_CODE(h_create_pair(&h, 2, 8, 2)), CMD(NVME_SC_QID_INVALID)); /* SQ 2 */
    CHECK_EQ(STATUS_CODE(set_feature(&h, NVME_FEAT_NUM_QUEUES, 0, NULL)),
             GEN(NVME_SC_CMD_SEQ_ERROR));                   /* after queues exist */
    CHECK_EQ(get_feature(&h, NVME_FEAT_VOLATILE_WC, 0, 0, 0, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(set_feature(&h, NVME_FEAT_VOLATILE_WC, 0, NULL), 0);
    CHECK_EQ(get_feature(&h, NVME_FEAT_VOLATILE_WC, 0, 0, 0, &v), 0);
    CHECK_EQ(v, 0);
    CHECK_EQ(get_feature(&h, NVME_FEAT_VOLATILE_WC, NVME_FEAT_SEL_DEFAULT, 0, 0, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(STATUS_CODE(get_feature(&h, NVME_FEAT_LBA_RANGE, 0, 0, 1, &v)),
             GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(STATUS_CODE(set_feature(&h, NVME_FEAT_ARBITRATION | 1u << 31, 0, NULL)),
             CMD(NVME_SC_FEATURE_NOT_SAVEABLE));
    CHECK_EQ(get_feature(&h, NVME_FEAT_ERROR_RECOVERY, NVME_FEAT_SEL_SUPPORTED, 0, 0, &v), 0);
    CHECK_EQ(v, NVME_FEAT_CAP_NS_SPECIFIC | NVME_FEAT_CAP_CHANGEABLE);
    CHECK_EQ(STATUS_CODE(get_feature(&h, NVME_FEAT_ERROR_RECOVERY, 0, 0, 2, &v)),
             GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(STATUS_CODE(get_feature(&h, NVME_FEAT_IRQ_CONFIG, 0, 65, 0, &v)),
             GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(set_feature(&h, NVME_FEAT_IRQ_CONFIG, 1u | 1u << 16, NULL), 0);
    CHECK_EQ(get_feature(&h, NVME_FEAT_IRQ_CONFIG, 0, 1, 0, &v), 0);
    CHECK_EQ(v, 1u | 1u << 16);
    CHECK_EQ(set_feature(&h, NVME_FEAT_TEMP_THRESH, 350u | 2u << 16, NULL), 0);
    CHECK_EQ(get_feature(&h, NVME_FEAT_TEMP_THRESH, 0, 2u << 16, 0, &v), 0);
    CHECK_EQ(v, 350u | 2u << 16);
    CHECK_EQ(STATUS_CODE(set_feature(&h, NVME_FEAT_POWER_MGMT, 1, NULL)),
             GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(STATUS_CODE(set_feature(&h, 0x7F, 0, NULL)), GEN(NVME_SC_INVALID_FIELD));
    h_fini(&h);
}

static uint16_t get_log(struct harness *h, uint32_t lid, uint32_t nsid, void *buf, uint32_t bytes,
                        uint64_t offset, bool rae)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_GET_LOG_PAGE, .nsid = nsid, .prp1 = (uintptr_t)buf,
                         .cdw10 = lid | (rae ? 1u << 15 : 0) | (bytes / 4 - 1) << 16,
                         .cdw12 = (uint32_t)offset, .cdw13 = (uint32_t)(offset >> 32)};
    return h_admin(h, &e, NULL);
}

static void test_log_pages(void)
{
    struct harness h;
    setup(&h);
    void *buf = h_alloc(&h, H_PAGE);
    struct nvme_sqe bad = {.opcode = 0x7E};
    struct nvme_cqe c;
    CHECK_EQ(STATUS_CODE(h_admin(&h, &bad, &c)), GEN(NVME_SC_INVALID_OPCODE));
    CHECK_EQ(get_log(&h, NVME_LOG_ERROR, 0, buf, 128, 0, false), 0);
    struct nvme_error_log *err = buf;
    CHECK_EQ(err[0].error_count, 1);
    CHECK_EQ(err[0].sqid, 0);
    CHECK_EQ(err[0].cid, c.cid);
    CHECK_EQ((err[0].status >> 1) & 0x7FF, GEN(NVME_SC_INVALID_OPCODE));
    CHECK_EQ(err[1].error_count, 0);

    /* SMART counts host commands and 512-byte units in thousands, rounded up */
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    void *data = h_alloc(&h, H_PAGE);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(h_rw(&h, 1, NVME_CMD_WRITE, 1, (uint64_t)i * 8, 8, (uintptr_t)data, 0), 0);
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 8, (uintptr_t)data, 0), 0);
    CHECK_EQ(get_log(&h, NVME_LOG_SMART, 0xFFFFFFFF, buf, 512, 0, false), 0);
    struct nvme_smart_log *s = buf;
    uint64_t v;
    memcpy(&v, s->host_writes, 8);
    CHECK_EQ(v, 3);
    memcpy(&v, s->host_reads, 8);
    CHECK_EQ(v, 1);
    memcpy(&v, s->data_units_written, 8);
    CHECK_EQ(v, 1);
    CHECK_EQ(s->avail_spare, 100);
    CHECK(s->temperature[0] | s->temperature[1]);
    CHECK_EQ(STATUS_CODE(get_log(&h, NVME_LOG_SMART, 1, buf, 512, 0, false)),
             GEN(NVME_SC_INVALID_FIELD));

    CHECK_EQ(get_log(&h, NVME_LOG_FW_SLOT, 0, buf, 512, 0, false), 0);
    struct nvme_fw_slot_log *fw = buf;
    CHECK_EQ(fw->afi, 1);
    CHECK(!memcmp(fw->frs[0], "1.0     ", 8));
    /* an offset into the page; a transfer longer than the page reads zeroes */
    memset(buf, 0xAA, H_PAGE);
    CHECK_EQ(get_log(&h, NVME_LOG_FW_SLOT, 0, buf, 1024, 8, false), 0);
    CHECK(!memcmp(buf, "1.0     ", 8));
    CHECK_EQ(((uint8_t *)buf)[600], 0);
    CHECK_EQ(STATUS_CODE(get_log(&h, NVME_LOG_FW_SLOT, 0, buf, 512, 2, false)),
             GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(STATUS_CODE(get_log(&h, NVME_LOG_FW_SLOT, 0, buf, 512, 512, false)),
             GEN(NVME_SC_INVALID_FIELD));
    CHECK_EQ(STATUS_CODE(get_log(&h, 0x70, 0, buf, 512, 0, false)),
             CMD(NVME_SC_INVALID_LOG_PAGE));
    h_free(&h, data);
    h_free(&h, buf);
    h_fini(&h);
}

static uint16_t submit_aer(struct harness *h)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_ASYNC_EVENT};
    return h_submit(h, 0, &e);
}

static void test_async_events(void)
{
    struct harness h;
    setup(&h);
    struct nvme_cqe c;
    uint16_t aer[4];
    for (int i = 0; i < 4; i++)
        aer[i] = submit_aer(&h);
    CHECK(!h_poll(&h, 0, &c));                              /* all four wait */
    uint16_t fifth = submit_aer(&h);
    CHECK(h_wait(&h, 0, &c));
    CHECK_EQ(c.cid, fifth);
    CHECK_EQ(STATUS_CODE(c.status >> 1), CMD(NVME_SC_AER_LIMIT));

    /* a doorbell of a queue that does not exist: Error, Invalid Doorbell Register */
    h_wr32(&h, NVME_REG_DOORBELLS + 2 * 5 * h.stride, 1);
    CHECK(h_wait(&h, 0, &c));
    CHECK_EQ(c.cid, aer[0]);
    CHECK_EQ(c.status >> 1, 0);
    CHECK_EQ(c.dw0, NVME_AER_TYPE_ERROR | NVME_AER_ERROR_INVALID_DB << 8 | NVME_LOG_ERROR << 16);
    /* the type is masked until the error log is read without RAE */
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    h_wr32(&h, NVME_REG_DOORBELLS + 2 * 1 * h.stride, 8);  /* tail == size: invalid value */
    CHECK(!h_poll(&h, 0, &c));
    void *buf = h_alloc(&h, H_PAGE);
    CHECK_EQ(get_log(&h, NVME_LOG_ERROR, 0, buf, 64, 0, true), 0);    /* RAE: still masked */
    CHECK(!h_poll(&h, 0, &c));
    /* reading it unmasks the type: the pending event completes aer[1] (in any order
     * with the Get Log Page itself) */
    struct nvme_sqe rd = {.opcode = NVME_ADM_GET_LOG_PAGE, .prp1 = (uintptr_t)buf,
                          .cdw10 = NVME_LOG_ERROR | 15u << 16};
    uint16_t rd_cid = h_submit(&h, 0, &rd);
    struct nvme_cqe two[2];
    CHECK(h_wait(&h, 0, &two[0]) && h_wait(&h, 0, &two[1]));
    struct nvme_cqe *ev = two[0].cid == aer[1] ? &two[0] : &two[1];
    struct nvme_cqe *log = ev == &two[0] ? &two[1] : &two[0];
    CHECK_EQ(log->cid, rd_cid);
    CHECK_EQ(log->status >> 1, 0);
    CHECK_EQ(ev->cid, aer[1]);
    CHECK_EQ(ev->dw0, NVME_AER_TYPE_ERROR | NVME_AER_ERROR_INVALID_DB_VALUE << 8 |
                      NVME_LOG_ERROR << 16);

    /* namespace notices, once enabled: hot add of namespace 2 */
    CHECK_EQ(set_feature(&h, NVME_FEAT_ASYNC_EVENT, NVME_AEC_NS_ATTR, NULL), 0);
    struct ustor_backend *b;
    CHECK(ustor_backend_open("ram:64K", 0, &b) == 0);
    CHECK(nvme_ns_attach(h.c, 2, b, 512, true) == 0);
    CHECK(h_wait(&h, 0, &c));
    CHECK_EQ(c.cid, aer[2]);
    CHECK_EQ(c.dw0, NVME_AER_TYPE_NOTICE | NVME_LOG_CHANGED_NS << 16);
    uint32_t *changed = buf;
    CHECK_EQ(get_log(&h, NVME_LOG_CHANGED_NS, 0, buf, H_PAGE, 0, true), 0);
    CHECK(changed[0] == 2 && changed[1] == 0);
    CHECK_EQ(get_log(&h, NVME_LOG_CHANGED_NS, 0, buf, H_PAGE, 0, false), 0);
    CHECK_EQ(changed[0], 2);                                /* RAE kept it; this read clears */
    CHECK_EQ(get_log(&h, NVME_LOG_CHANGED_NS, 0, buf, H_PAGE, 0, true), 0);
    CHECK_EQ(changed[0], 0);
    CHECK(nvme_ns_detach(h.c, 2, true) == 0);               /* hot remove: the last AER */
    CHECK(h_wait(&h, 0, &c));
    CHECK_EQ(c.cid, aer[3]);
    CHECK_EQ(STATUS_CODE(h_identify(&h, NVME_CNS_NS_DESC_LIST, 2, buf)), GEN(NVME_SC_INVALID_NS));
    ustor_backend_close(b);
    h_free(&h, buf);
    h_fini(&h);
}

static uint16_t attach(struct harness *h, uint32_t nsid, uint32_t sel, void *list)
{
    struct nvme_sqe e = {.opcode = NVME_ADM_NS_ATTACHMENT, .nsid = nsid,
                         .prp1 = (uintptr_t)list, .cdw10 = sel};
    return h_admin(h, &e, NULL);
}

static void test_namespace_attachment(void)
{
    struct harness h;
    setup(&h);
    uint16_t *list = h_alloc(&h, H_PAGE);
    uint32_t *ids = h_alloc(&h, H_PAGE);
    void *data = h_alloc(&h, H_PAGE);
    CHECK_EQ(h_create_pair(&h, 1, 8, 1), 0);
    list[0] = 1;
    list[1] = 1;
    CHECK_EQ(attach(&h, 1, 1, list), 0);                    /* detach */
    CHECK_EQ(h_identify(&h, NVME_CNS_ACTIVE_NS_LIST, 0, ids), 0);
    CHECK(ids[0] == 3 && ids[1] == 0);
    CHECK_EQ(h_identify(&h, NVME_CNS_ALLOCATED_NS_LIST, 0, ids), 0);
    CHECK(ids[0] == 1 && ids[1] == 3);
    CHECK_EQ(STATUS_CODE(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)data, 0)),
             GEN(NVME_SC_INVALID_NS));
    CHECK_EQ(STATUS_CODE(attach(&h, 1, 1, list)), CMD(NVME_SC_NS_NOT_ATTACHED));
    CHECK_EQ(attach(&h, 1, 0, list), 0);
    CHECK_EQ(STATUS_CODE(attach(&h, 1, 0, list)), CMD(NVME_SC_NS_ALREADY_ATTACHED));
    CHECK_EQ(h_rw(&h, 1, NVME_CMD_READ, 1, 0, 1, (uintptr_t)data, 0), 0);
    list[1] = 7;
    CHECK_EQ(STATUS_CODE(attach(&h, 1, 1, list)), CMD(NVME_SC_CONTROLLER_LIST_INVALID));
    list[1] = 1;
    CHECK_EQ(STATUS_CODE(attach(&h, 2, 0, list)), GEN(NVME_SC_INVALID_NS));

    struct nvme_sqe create = {.opcode = NVME_ADM_NS_MANAGEMENT, .cdw10 = 0};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &create, NULL)), CMD(NVME_SC_NS_INSUFFICIENT_CAPACITY));
    struct nvme_sqe del = {.opcode = NVME_ADM_NS_MANAGEMENT, .nsid = 3, .cdw10 = 1};
    CHECK_EQ(h_admin(&h, &del, NULL), 0);
    CHECK_EQ(h_identify(&h, NVME_CNS_ALLOCATED_NS_LIST, 0, ids), 0);
    CHECK(ids[0] == 1 && ids[1] == 0);
    CHECK_EQ(STATUS_CODE(h_admin(&h, &del, NULL)), GEN(NVME_SC_INVALID_NS));
    h_free(&h, list);
    h_free(&h, ids);
    h_free(&h, data);
    h_fini(&h);
}

static void test_abort_and_misc(void)
{
    struct harness h;
    setup(&h);
    struct nvme_sqe ab = {.opcode = NVME_ADM_ABORT, .cdw10 = 1u | 5u << 16};
    struct nvme_cqe c;
    CHECK_EQ(h_admin(&h, &ab, &c), 0);
    CHECK_EQ(c.dw0 & 1, 1);                                 /* not aborted */
    struct nvme_sqe fused = {.opcode = NVME_ADM_IDENTIFY, .flags = 1, .cdw10 = 1};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &fused, NULL)), GEN(NVME_SC_INVALID_FIELD));
    void *buf = h_alloc(&h, H_PAGE);
    struct nvme_sqe sgl = {.opcode = NVME_ADM_IDENTIFY, .flags = 1u << 6, .cdw10 = 1,
                           .prp1 = (uintptr_t)buf};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &sgl, NULL)), GEN(NVME_SC_INVALID_FIELD));
    struct nvme_sqe nowhere = {.opcode = NVME_ADM_IDENTIFY, .cdw10 = 1, .prp1 = 0x7000000000ull};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &nowhere, NULL)), GEN(NVME_SC_DATA_TRANSFER_ERROR));
    struct nvme_sqe keep = {.opcode = NVME_ADM_KEEP_ALIVE};
    CHECK_EQ(STATUS_CODE(h_admin(&h, &keep, NULL)), GEN(NVME_SC_INVALID_OPCODE));
    h_free(&h, buf);
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    test_identify_controller();
    test_identify_namespaces();
    test_identify_lists();
    test_features();
    test_log_pages();
    test_async_events();
    test_namespace_attachment();
    test_abort_and_misc();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
