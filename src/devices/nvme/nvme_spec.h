/*
 * nvme_spec.h - NVM Express Base Specification 1.4 structures and values the model
 * uses: controller registers (§3.1), submission and completion queue entries (§4.2,
 * §4.6), PRP and SGL descriptors (§4.3, §4.4), status codes (§4.6.1.2), admin and NVM
 * opcodes (§5, §6), Identify data (§5.15), log pages (§5.14.1) and feature identifiers
 * (§5.21.1). Written from the specification; sizes and key offsets are asserted.
 * Left out: fabrics, controller memory buffer, persistent memory region, zoned and
 * key-value command sets, end-to-end protection information.
 */
#ifndef USTOR_DEVICES_NVME_SPEC_H
#define USTOR_DEVICES_NVME_SPEC_H

#include <stddef.h>
#include <stdint.h>

/* ---- controller registers (§3.1) ---- */

#define NVME_REG_CAP 0x00
#define NVME_REG_VS 0x08
#define NVME_REG_INTMS 0x0C
#define NVME_REG_INTMC 0x10
#define NVME_REG_CC 0x14
#define NVME_REG_CSTS 0x1C
#define NVME_REG_NSSR 0x20
#define NVME_REG_AQA 0x24
#define NVME_REG_ASQ 0x28
#define NVME_REG_ACQ 0x30
#define NVME_REG_DOORBELLS 0x1000

#define NVME_CAP_MQES(v) ((uint64_t)(v) & 0xFFFF)
#define NVME_CAP_CQR (1ull << 16)
#define NVME_CAP_TO(v) (((uint64_t)(v) & 0xFF) << 24)
#define NVME_CAP_DSTRD(v) (((uint64_t)(v) & 0xF) << 32)
#define NVME_CAP_CSS_NVM (1ull << 37)
#define NVME_CAP_MPSMIN(v) (((uint64_t)(v) & 0xF) << 48)
#define NVME_CAP_MPSMAX(v) (((uint64_t)(v) & 0xF) << 52)

#define NVME_VS_1_4 0x00010400u

#define NVME_CC_EN 0x1u
#define NVME_CC_CSS(cc) (((cc) >> 4) & 0x7)
#define NVME_CC_MPS(cc) (((cc) >> 7) & 0xF)
#define NVME_CC_AMS(cc) (((cc) >> 11) & 0x7)
#define NVME_CC_SHN(cc) (((cc) >> 14) & 0x3)
#define NVME_CC_IOSQES(cc) (((cc) >> 16) & 0xF)
#define NVME_CC_IOCQES(cc) (((cc) >> 20) & 0xF)

#define NVME_CSTS_RDY 0x1u
#define NVME_CSTS_CFS 0x2u
#define NVME_CSTS_SHST_MASK 0xCu
#define NVME_CSTS_SHST_OCCURRING 0x4u
#define NVME_CSTS_SHST_COMPLETE 0x8u

#define NVME_AQA_ASQS(v) ((v) & 0xFFF)
#define NVME_AQA_ACQS(v) (((v) >> 16) & 0xFFF)

#define NVME_SQES 6                     /* 64-byte submission entries */
#define NVME_CQES 4                     /* 16-byte completion entries */

/* ---- queue entries (§4.2, §4.6) ---- */

struct nvme_sqe {
    uint8_t opcode;
    uint8_t flags;                      /* FUSE 1:0, PSDT 7:6 */
    uint16_t cid;
    uint32_t nsid;
    uint32_t cdw2, cdw3;
    uint64_t mptr;
    uint64_t prp1;                      /* or the first 8 bytes of SGL1 */
    uint64_t prp2;
    uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};
_Static_assert(sizeof(struct nvme_sqe) == 64, "SQE is 64 bytes");
_Static_assert(offsetof(struct nvme_sqe, prp1) == 24, "DPTR at byte 24");
_Static_assert(offsetof(struct nvme_sqe, cdw10) == 40, "CDW10 at byte 40");

#define NVME_SQE_FUSE(f) ((f) & 0x3)
#define NVME_SQE_PSDT(f) (((f) >> 6) & 0x3)
#define NVME_PSDT_PRP 0
#define NVME_PSDT_SGL_MPTR_CONTIG 1
#define NVME_PSDT_SGL_MPTR_SGL 2

struct nvme_cqe {
    uint32_t dw0;
    uint32_t dw1;
    uint16_t sqhd;
    uint16_t sqid;
    uint16_t cid;
    uint16_t status;                    /* bit 0: phase tag; 15:1 status field */
};
_Static_assert(sizeof(struct nvme_cqe) == 16, "CQE is 16 bytes");
_Static_assert(offsetof(struct nvme_cqe, status) == 14, "status at byte 14");

/* ---- SGL (§4.4) ---- */

struct nvme_sgl_desc {
    uint64_t address;
    uint32_t length;
    uint8_t reserved[3];
    uint8_t type;                       /* descriptor type 7:4, subtype 3:0 */
};
_Static_assert(sizeof(struct nvme_sgl_desc) == 16, "SGL descriptor is 16 bytes");

#define NVME_SGL_DATA_BLOCK 0x0
#define NVME_SGL_BIT_BUCKET 0x1
#define NVME_SGL_SEGMENT 0x2
#define NVME_SGL_LAST_SEGMENT 0x3
#define NVME_SGL_SUBTYPE_ADDRESS 0x0

/* ---- status (§4.6.1.2): value = SCT << 8 | SC, DNR as bit 14, as in the CQE's 15:1 ---- */

#define NVME_SCT_GENERIC 0x0
#define NVME_SCT_COMMAND 0x1
#define NVME_SCT_MEDIA 0x2
#define NVME_STATUS(sct, sc) ((uint16_t)(((sct) << 8) | (sc)))
#define NVME_DNR 0x4000u

enum {
    NVME_SC_SUCCESS = 0x00,
    NVME_SC_INVALID_OPCODE = 0x01,
    NVME_SC_INVALID_FIELD = 0x02,
    NVME_SC_DATA_TRANSFER_ERROR = 0x04,
    NVME_SC_INTERNAL = 0x06,
    NVME_SC_ABORT_REQ = 0x07,
    NVME_SC_ABORT_SQ_DELETED = 0x08,
    NVME_SC_INVALID_NS = 0x0B,
    NVME_SC_CMD_SEQ_ERROR = 0x0C,
    NVME_SC_SGL_INVALID_SEGMENT = 0x0D,
    NVME_SC_SGL_INVALID_COUNT = 0x0E,
    NVME_SC_SGL_INVALID_DATA_LEN = 0x0F,
    NVME_SC_SGL_INVALID_TYPE = 0x11,
    NVME_SC_PRP_INVALID_OFFSET = 0x13,
    NVME_SC_SGL_INVALID_OFFSET = 0x16,
    NVME_SC_NS_WRITE_PROTECTED = 0x20,
    NVME_SC_LBA_RANGE = 0x80,
    NVME_SC_NS_NOT_READY = 0x82,
};

/* command specific (SCT 1) */
enum {
    NVME_SC_CQ_INVALID = 0x00,
    NVME_SC_QID_INVALID = 0x01,
    NVME_SC_QUEUE_SIZE = 0x02,
    NVME_SC_AER_LIMIT = 0x05,
    NVME_SC_INVALID_VECTOR = 0x08,
    NVME_SC_INVALID_LOG_PAGE = 0x09,
    NVME_SC_INVALID_QUEUE_DELETION = 0x0C,
    NVME_SC_FEATURE_NOT_SAVEABLE = 0x0D,
    NVME_SC_NS_INSUFFICIENT_CAPACITY = 0x15,
    NVME_SC_NS_ALREADY_ATTACHED = 0x18,
    NVME_SC_NS_NOT_ATTACHED = 0x1A,
    NVME_SC_CONTROLLER_LIST_INVALID = 0x1C,
};

/* media and data integrity (SCT 2) */
enum {
    NVME_SC_WRITE_FAULT = 0x80,
    NVME_SC_UNRECOVERED_READ = 0x81,
    NVME_SC_COMPARE_FAILURE = 0x85,
};

/* ---- opcodes (§5, §6) ---- */

enum {
    NVME_ADM_DELETE_SQ = 0x00,
    NVME_ADM_CREATE_SQ = 0x01,
    NVME_ADM_GET_LOG_PAGE = 0x02,
    NVME_ADM_DELETE_CQ = 0x04,
    NVME_ADM_CREATE_CQ = 0x05,
    NVME_ADM_IDENTIFY = 0x06,
    NVME_ADM_ABORT = 0x08,
    NVME_ADM_SET_FEATURES = 0x09,
    NVME_ADM_GET_FEATURES = 0x0A,
    NVME_ADM_ASYNC_EVENT = 0x0C,
    NVME_ADM_NS_MANAGEMENT = 0x0D,
    NVME_ADM_NS_ATTACHMENT = 0x15,
    NVME_ADM_KEEP_ALIVE = 0x18,
};

enum {
    NVME_CMD_FLUSH = 0x00,
    NVME_CMD_WRITE = 0x01,
    NVME_CMD_READ = 0x02,
    NVME_CMD_COMPARE = 0x05,
    NVME_CMD_WRITE_ZEROES = 0x08,
    NVME_CMD_DSM = 0x09,
};

#define NVME_RW_FUA (1u << 30)          /* CDW12 */
#define NVME_WZ_DEAC (1u << 25)         /* CDW12 of Write Zeroes */
#define NVME_DSM_AD (1u << 2)           /* CDW11 of Dataset Management */

struct nvme_dsm_range {
    uint32_t attributes;
    uint32_t nlb;
    uint64_t slba;
};
_Static_assert(sizeof(struct nvme_dsm_range) == 16, "DSM range is 16 bytes");

/* ---- Identify (§5.15) ---- */

enum {
    NVME_CNS_NS = 0x00,
    NVME_CNS_CTRL = 0x01,
    NVME_CNS_ACTIVE_NS_LIST = 0x02,
    NVME_CNS_NS_DESC_LIST = 0x03,
    NVME_CNS_ALLOCATED_NS_LIST = 0x10,
    NVME_CNS_ALLOCATED_NS = 0x11,
    NVME_CNS_NS_CTRL_LIST = 0x12,
    NVME_CNS_CTRL_LIST = 0x13,
};

struct nvme_power_state {
    uint16_t max_power;                 /* centiwatts */
    uint8_t reserved1;
    uint8_t flags;
    uint32_t entry_latency, exit_latency;
    uint8_t rrt, rrl, rwt, rwl;
    uint16_t idle_power;
    uint8_t ips;
    uint8_t reserved2;
    uint16_t active_power;
    uint8_t apw_aps;
    uint8_t reserved3[9];
};
_Static_assert(sizeof(struct nvme_power_state) == 32, "power state descriptor is 32 bytes");

struct nvme_id_ctrl {
    uint16_t vid, ssvid;
    char sn[20], mn[40], fr[8];
    uint8_t rab, ieee[3], cmic, mdts;
    uint16_t cntlid;
    uint32_t ver, rtd3r, rtd3e, oaes, ctratt;
    uint16_t rrls;
    uint8_t reserved102[9];
    uint8_t cntrltype;
    uint8_t fguid[16];
    uint16_t crdt[3];
    uint8_t reserved134[122];
    uint16_t oacs;
    uint8_t acl, aerl, frmw, lpa, elpe, npss, avscc, apsta;
    uint16_t wctemp, cctemp, mtfa;
    uint32_t hmpre, hmmin;
    uint8_t tnvmcap[16], unvmcap[16];
    uint32_t rpmbs;
    uint16_t edstt;
    uint8_t dsto, fwug;
    uint16_t kas, hctma, mntmt, mxtmt;
    uint32_t sanicap, hmminds;
    uint16_t hmmaxd, nsetidmax, endgidmax;
    uint8_t anatt, anacap;
    uint32_t anagrpmax, nanagrpid, pels;
    uint8_t reserved356[156];
    uint8_t sqes, cqes;
    uint16_t maxcmd;
    uint32_t nn;
    uint16_t oncs, fuses;
    uint8_t fna, vwc;
    uint16_t awun, awupf;
    uint8_t nvscc, nwpc;
    uint16_t acwu;
    uint8_t reserved534[2];
    uint32_t sgls, mnan;
    uint8_t reserved544[224];
    char subnqn[256];
    uint8_t reserved1024[768];
    uint8_t fabrics[256];
    struct nvme_power_state psd[32];
    uint8_t vendor[1024];
};
_Static_assert(sizeof(struct nvme_id_ctrl) == 4096, "Identify Controller is 4 KiB");
_Static_assert(offsetof(struct nvme_id_ctrl, oacs) == 256, "OACS at 256");
_Static_assert(offsetof(struct nvme_id_ctrl, tnvmcap) == 280, "TNVMCAP at 280");
_Static_assert(offsetof(struct nvme_id_ctrl, sqes) == 512, "SQES at 512");
_Static_assert(offsetof(struct nvme_id_ctrl, sgls) == 536, "SGLS at 536");
_Static_assert(offsetof(struct nvme_id_ctrl, subnqn) == 768, "SUBNQN at 768");
_Static_assert(offsetof(struct nvme_id_ctrl, psd) == 2048, "PSD0 at 2048");

#define NVME_OACS_NS_MGMT (1u << 3)
#define NVME_ONCS_COMPARE (1u << 0)
#define NVME_ONCS_DSM (1u << 2)
#define NVME_ONCS_WRITE_ZEROES (1u << 3)
#define NVME_OAES_NS_ATTR (1u << 8)
#define NVME_SGLS_SUPPORTED 0x1u
#define NVME_SGLS_BIT_BUCKET (1u << 16)
#define NVME_SGLS_LONGER_DATA (1u << 18)
#define NVME_LPA_EXTENDED (1u << 2)

struct nvme_lbaf {
    uint16_t ms;
    uint8_t lbads;
    uint8_t rp;
};
_Static_assert(sizeof(struct nvme_lbaf) == 4, "LBA format is 4 bytes");

struct nvme_id_ns {
    uint64_t nsze, ncap, nuse;
    uint8_t nsfeat, nlbaf, flbas, mc, dpc, dps, nmic, rescap, fpi, dlfeat;
    uint16_t nawun, nawupf, nacwu, nabsn, nabo, nabspf, noiob;
    uint8_t nvmcap[16];
    uint16_t npwg, npwa, npdg, npda, nows;
    uint8_t reserved74[18];
    uint32_t anagrpid;
    uint8_t reserved96[3];
    uint8_t nsattr;
    uint16_t nvmsetid, endgid;
    uint8_t nguid[16];
    uint8_t eui64[8];
    struct nvme_lbaf lbaf[16];
    uint8_t reserved192[192];
    uint8_t vendor[3712];
};
_Static_assert(sizeof(struct nvme_id_ns) == 4096, "Identify Namespace is 4 KiB");
_Static_assert(offsetof(struct nvme_id_ns, nvmcap) == 48, "NVMCAP at 48");
_Static_assert(offsetof(struct nvme_id_ns, nsattr) == 99, "NSATTR at 99");
_Static_assert(offsetof(struct nvme_id_ns, nguid) == 104, "NGUID at 104");
_Static_assert(offsetof(struct nvme_id_ns, lbaf) == 128, "LBAF0 at 128");

#define NVME_NIDT_EUI64 1
#define NVME_NIDT_NGUID 2

/* ---- log pages (§5.14.1) ---- */

enum {
    NVME_LOG_ERROR = 0x01,
    NVME_LOG_SMART = 0x02,
    NVME_LOG_FW_SLOT = 0x03,
    NVME_LOG_CHANGED_NS = 0x04,
};

struct nvme_error_log {
    uint64_t error_count;
    uint16_t sqid, cid, status, param_error_location;
    uint64_t lba;
    uint32_t nsid;
    uint8_t vendor_info, trtype;
    uint8_t reserved30[2];
    uint64_t command_info;
    uint16_t trtype_info;
    uint8_t reserved42[22];
};
_Static_assert(sizeof(struct nvme_error_log) == 64, "error information entry is 64 bytes");

struct nvme_smart_log {
    uint8_t critical_warning;
    uint8_t temperature[2];
    uint8_t avail_spare, spare_thresh, percent_used, endurance_warning;
    uint8_t reserved7[25];
    uint8_t data_units_read[16], data_units_written[16];
    uint8_t host_reads[16], host_writes[16];
    uint8_t ctrl_busy_time[16], power_cycles[16], power_on_hours[16];
    uint8_t unsafe_shutdowns[16], media_errors[16], num_err_log_entries[16];
    uint32_t warning_temp_time, critical_comp_time;
    uint16_t temp_sensor[8];
    uint32_t thm_temp_trans[2], thm_temp_time[2];
    uint8_t reserved232[280];
};
_Static_assert(sizeof(struct nvme_smart_log) == 512, "SMART / Health log is 512 bytes");
_Static_assert(offsetof(struct nvme_smart_log, data_units_read) == 32, "DUR at 32");
_Static_assert(offsetof(struct nvme_smart_log, warning_temp_time) == 192, "WCTT at 192");

struct nvme_fw_slot_log {
    uint8_t afi;
    uint8_t reserved1[7];
    char frs[7][8];
    uint8_t reserved64[448];
};
_Static_assert(sizeof(struct nvme_fw_slot_log) == 512, "firmware slot log is 512 bytes");

#define NVME_CHANGED_NS_MAX 1024

/* ---- features (§5.21.1) ---- */

enum {
    NVME_FEAT_ARBITRATION = 0x01,
    NVME_FEAT_POWER_MGMT = 0x02,
    NVME_FEAT_LBA_RANGE = 0x03,
    NVME_FEAT_TEMP_THRESH = 0x04,
    NVME_FEAT_ERROR_RECOVERY = 0x05,
    NVME_FEAT_VOLATILE_WC = 0x06,
    NVME_FEAT_NUM_QUEUES = 0x07,
    NVME_FEAT_IRQ_COALESCE = 0x08,
    NVME_FEAT_IRQ_CONFIG = 0x09,
    NVME_FEAT_WRITE_ATOMIC = 0x0A,
    NVME_FEAT_ASYNC_EVENT = 0x0B,
};

#define NVME_FEAT_SEL_CURRENT 0
#define NVME_FEAT_SEL_DEFAULT 1
#define NVME_FEAT_SEL_SAVED 2
#define NVME_FEAT_SEL_SUPPORTED 3
#define NVME_FEAT_CAP_NS_SPECIFIC (1u << 1)
#define NVME_FEAT_CAP_CHANGEABLE (1u << 2)

/* ---- asynchronous events (§5.2) ---- */

enum {
    NVME_AER_TYPE_ERROR = 0,
    NVME_AER_TYPE_SMART = 1,
    NVME_AER_TYPE_NOTICE = 2,
};
#define NVME_AER_ERROR_INVALID_DB 0x00
#define NVME_AER_ERROR_INVALID_DB_VALUE 0x01
#define NVME_AER_NOTICE_NS_ATTR 0x00
#define NVME_AEC_NS_ATTR (1u << 8)       /* Asynchronous Event Configuration bit */

#endif
