/*
 * nvme_mp.h - the ustorport NVMe miniport: a physical Storport miniport for NVM Express
 * controllers (NVMe 1.4 base specification), written against the WDK headers only.
 * It touches the controller through StorPortGetDeviceBase and StorPortRead/Write-
 * Register*, gives it memory from StorPortAllocateContiguousMemorySpecifyCacheNode,
 * builds PRPs from StorPortGetScatterGatherList and completes requests from DPCs
 * issued by its MSI-X interrupt routine, as a Windows NVMe miniport does.
 *
 * Files: nvme_main.c (DriverEntry, HwFindAdapter, HwInitialize, passive init, adapter
 * and unit control, reset), nvme_ctrl.c (registers, the bring-up state machine,
 * recovery and shutdown), nvme_queue.c (queues, command ids, submission, interrupts,
 * DPCs), nvme_admin.c (admin commands: identify, features, queues, events), nvme_io.c
 * (HwBuildIo/HwStartIo and the NVM commands the SCSI commands become), nvme_scsi.c
 * (SCSI commands answered from Identify data: INQUIRY and VPD, READ CAPACITY, MODE
 * SENSE/SELECT, REPORT LUNS...), nvme_sense.c (completion, NVMe status to SCSI sense).
 *
 * One I/O queue pair per processor (at most NVME_MAX_IO_QUEUES), MSI-X message N for
 * I/O queue N and message 0 for the admin queue; with fewer messages (MSI, INTx) all
 * queues share message 0. One LUN per namespace: LUN = NSID - 1.
 * Left out: metadata and protection information, reservations, firmware, format,
 * sanitize, self-test, security protocols, SGLs for data (PRPs only; a Bit Bucket SGL
 * serves VERIFY), Abort, namespace management commands, runtime power management.
 */
#ifndef USTOR_MINIPORT_NVME_MP_H
#define USTOR_MINIPORT_NVME_MP_H

#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>
#include <ntddstor.h>

/* ---- limits of this miniport ---- */

#define NVME_MAX_IO_QUEUES 64u
#define NVME_MAX_CPUS 256u
#define NVME_ADMIN_ENTRIES 64u
#define NVME_IO_ENTRIES 1024u            /* per I/O queue, lowered to CAP.MQES + 1 */
#define NVME_MAX_LUNS 255u               /* namespaces 1..255 */
#define NVME_MAX_TRANSFER (1024u * 1024u)
#define NVME_PAGE 4096u
#define NVME_PRP_AREA 4096u              /* per request: a PRP list or 256 DSM ranges */
#define NVME_DSM_MAX_RANGES 256u
#define NVME_WZ_MAX_BLOCKS 65536u        /* NLB is 16 bits */
#define NVME_AER_COUNT 1u
#define NVME_SM_STEP_US 1000u            /* the state machine's polling period */

/* ---- NVMe registers (§3.1) ---- */

#define NVME_REG_CAP 0x00
#define NVME_REG_VS 0x08
#define NVME_REG_INTMS 0x0C
#define NVME_REG_INTMC 0x10
#define NVME_REG_CC 0x14
#define NVME_REG_CSTS 0x1C
#define NVME_REG_AQA 0x24
#define NVME_REG_ASQ 0x28
#define NVME_REG_ACQ 0x30
#define NVME_REG_DOORBELL 0x1000

#define NVME_CC_EN 0x1u
#define NVME_CC_SHN_NORMAL (1u << 14)
#define NVME_CC_IOSQES (6u << 16)
#define NVME_CC_IOCQES (4u << 20)
#define NVME_CSTS_RDY 0x1u
#define NVME_CSTS_CFS 0x2u
#define NVME_CSTS_SHST_MASK 0xCu
#define NVME_CSTS_SHST_DONE 0x8u

/* ---- queue entries (§4.2, §4.6) ---- */

/* Naturally aligned as laid out: no packing, so the status word is read atomically. */
typedef struct _NVME_SQE {
    UCHAR Opcode;
    UCHAR Flags;                         /* PSDT 7:6 */
    USHORT Cid;
    ULONG Nsid;
    ULONG Cdw2, Cdw3;
    ULONGLONG Mptr;
    ULONGLONG Prp1;
    ULONGLONG Prp2;
    ULONG Cdw10, Cdw11, Cdw12, Cdw13, Cdw14, Cdw15;
} NVME_SQE, *PNVME_SQE;

typedef struct _NVME_CQE {
    ULONG Dw0;
    ULONG Dw1;
    USHORT SqHead;
    USHORT SqId;
    USHORT Cid;
    USHORT Status;                       /* bit 0 phase, 15:1 status field */
} NVME_CQE, *PNVME_CQE;

typedef struct _NVME_DSM_RANGE {
    ULONG Attributes;
    ULONG Blocks;
    ULONGLONG Lba;
} NVME_DSM_RANGE;
C_ASSERT(sizeof(NVME_SQE) == 64);
C_ASSERT(sizeof(NVME_CQE) == 16);
C_ASSERT(sizeof(NVME_DSM_RANGE) == 16);
C_ASSERT(FIELD_OFFSET(NVME_SQE, Prp1) == 24 && FIELD_OFFSET(NVME_SQE, Cdw10) == 40);
C_ASSERT(FIELD_OFFSET(NVME_CQE, Status) == 14);

#define NVME_PSDT_SGL 0x40
#define NVME_SGL_BIT_BUCKET 0x10          /* descriptor type 1, subtype 0 */

/* Status field (CQE bits 15:1): SC 7:0, SCT 10:8, DNR 14. */
#define NVME_SC(st) ((st) & 0xFF)
#define NVME_SCT(st) (((st) >> 8) & 0x7)
#define NVME_STATUS_ABORTED_RESET 0xFFFFu /* made up: never sent by a controller */

/* opcodes (§5, §6) */
#define NVME_ADM_DELETE_SQ 0x00
#define NVME_ADM_CREATE_SQ 0x01
#define NVME_ADM_GET_LOG_PAGE 0x02
#define NVME_ADM_DELETE_CQ 0x04
#define NVME_ADM_CREATE_CQ 0x05
#define NVME_ADM_IDENTIFY 0x06
#define NVME_ADM_SET_FEATURES 0x09
#define NVME_ADM_GET_FEATURES 0x0A
#define NVME_ADM_ASYNC_EVENT 0x0C
#define NVME_CMD_FLUSH 0x00
#define NVME_CMD_WRITE 0x01
#define NVME_CMD_READ 0x02
#define NVME_CMD_COMPARE 0x05
#define NVME_CMD_WRITE_ZEROES 0x08
#define NVME_CMD_DSM 0x09

#define NVME_FEAT_VWC 0x06
#define NVME_FEAT_NUM_QUEUES 0x07
#define NVME_FEAT_ASYNC_EVENT 0x0B
#define NVME_RW_FUA (1u << 30)
#define NVME_WZ_DEAC (1u << 25)
#define NVME_DSM_AD (1u << 2)
#define NVME_NSID_ALL 0xFFFFFFFFu

/* Identify Controller fields (byte offsets, §5.15.2) */
#define NVME_IDC_SN 4
#define NVME_IDC_MN 24
#define NVME_IDC_FR 64
#define NVME_IDC_MDTS 77
#define NVME_IDC_VER 80
#define NVME_IDC_OAES 92
#define NVME_IDC_NN 516
#define NVME_IDC_ONCS 520
#define NVME_IDC_VWC 525
#define NVME_IDC_SGLS 536
#define NVME_ONCS_COMPARE 0x1
#define NVME_ONCS_DSM 0x4
#define NVME_ONCS_WRITE_ZEROES 0x8
#define NVME_OAES_NS_ATTR (1u << 8)

/* Identify Namespace fields (§5.15.2) */
#define NVME_IDN_NSZE 0
#define NVME_IDN_NSFEAT 24
#define NVME_IDN_FLBAS 26
#define NVME_IDN_DLFEAT 33
#define NVME_IDN_NSATTR 99
#define NVME_IDN_NGUID 104
#define NVME_IDN_EUI64 120
#define NVME_IDN_LBAF 128

/* Ordered accesses to memory another processor (or the controller) writes. */
#define NVME_LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define NVME_LOAD_SC(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define NVME_STORE_SC(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define NVME_STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* ---- the miniport's objects ---- */

struct nvme_adapter;
struct nvme_cmd;

typedef VOID NVME_DONE(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0);

/* A command in flight: in a request's SRB extension, or the adapter's own. */
struct nvme_cmd {
    NVME_SQE sqe;
    PVOID srb;                           /* the request it serves, or NULL */
    NVME_DONE *done;
    struct nvme_queue *queue;            /* where it was submitted */
    volatile LONG finished;              /* internal commands: set when done ran */
    USHORT status;
    ULONG dw0;
};

/* What HwBuildIo leaves in the SRB extension for HwStartIo. */
enum nvme_action {
    NVME_ACT_NONE,                       /* completed in HwBuildIo */
    NVME_ACT_IO,                         /* submit cmd on an I/O queue */
    NVME_ACT_ADMIN,                      /* submit cmd on the admin queue */
    NVME_ACT_SHUTDOWN,                   /* flush everything, then CC.SHN */
    NVME_ACT_RESET,                      /* reset the controller */
};

struct nvme_req {
    struct nvme_cmd cmd;
    ULONG action;                        /* enum nvme_action */
    ULONG lun;
    ULONGLONG lba;                       /* for the sense INFORMATION field */
    UCHAR area[NVME_PRP_AREA + 8];       /* PRP list or DSM ranges, 8-byte aligned inside */
};

struct nvme_queue {
    USHORT qid;
    USHORT entries;
    ULONG message;                       /* MSI-X message of the CQ */
    PNVME_SQE sq;
    PNVME_CQE cq;
    ULONGLONG sq_pa, cq_pa;
    PULONG sq_doorbell, cq_doorbell;
    ULONG sq_tail;                       /* submitter's */
    ULONG cq_head;                       /* completer's */
    UCHAR phase;
    volatile LONG live;                  /* created on the controller */
    struct nvme_cmd **slot;              /* by command id */
    USHORT *free_ids;                    /* ring of free ids: submitter takes, completer gives */
    volatile LONG free_take, free_give;
    volatile LONG in_startio;            /* StartIo submits (resets wait) and reaps */
    volatile LONG interrupts;            /* messages seen, for StartIo's reaping */
    volatile LONG reaper;                /* the completion side is taken */
    volatile LONG reap_again;            /* someone found it taken: look again */
    STOR_DPC dpc;
    ULONGLONG completed;
};

struct nvme_ns {
    volatile LONG present;
    ULONG nsid;
    ULONGLONG blocks;
    ULONG lba_shift;
    BOOLEAN write_protected;
    UCHAR dlfeat;
    UCHAR nguid[16];
    UCHAR eui64[8];
};

/* Adapter states. */
enum nvme_state {
    NVME_ST_OFF,                         /* not brought up yet */
    NVME_ST_STARTING,                    /* the state machine runs */
    NVME_ST_READY,
    NVME_ST_SHUTTING,                    /* CC.SHN written, waiting for SHST */
    NVME_ST_SHUTDOWN,                    /* I/O needs a reset first */
    NVME_ST_FAILED,
};

/* What the state machine is asked to run next (nvme_ctrl.c). */
enum nvme_sm_request { SM_REQ_NONE, SM_REQ_BRINGUP, SM_REQ_RECOVER, SM_REQ_SHUTDOWN };

/* Steps of the bring-up state machine (nvme_ctrl.c). */
enum nvme_step {
    SM_IDLE, SM_DISABLE, SM_WAIT_DISABLED, SM_ENABLE, SM_WAIT_READY, SM_ID_CTRL,
    SM_ID_NS_LIST, SM_ID_NS, SM_QUEUES, SM_AEC, SM_VWC, SM_CREATE_CQ, SM_CREATE_SQ,
    SM_AER, SM_DONE, SM_SHUTDOWN_WAIT,
};

struct nvme_adapter {
    PUCHAR regs;
    ULONG regs_length;
    ULONGLONG cap;
    ULONG version;
    ULONG stride;                        /* doorbell stride, bytes */
    ULONG timeout_ms;                    /* CAP.TO */
    ULONG io_entries;
    BOOLEAN configured;                  /* memory allocated (kept across restarts) */
    BOOLEAN dpcs_ready;
    BOOLEAN perf_set;
    BOOLEAN reap_in_startio;             /* completions found in HwStartIo finish there */
    /* interrupts */
    ULONG messages;                      /* MSI/MSI-X messages granted (0: INTx) */
    BOOLEAN shared_message;              /* all CQs on message 0, masked by INTMS */
    /* queues */
    ULONG ncpu;
    ULONG nqueues;                       /* I/O queue pairs in use */
    ULONG queues_allocated;              /* with memory */
    ULONG channels;                      /* concurrent channels granted */
    struct nvme_queue admin;
    struct nvme_queue io[NVME_MAX_IO_QUEUES];
    UCHAR cpu_queue[NVME_MAX_CPUS];      /* processor index -> I/O queue index */
    volatile LONG queues_valid;          /* DPCs may look at the CQs */
    /* identify data */
    PUCHAR scratch;                      /* 4 KiB DMA for the state machine's identify */
    PUCHAR rescan_buf;                   /* 4 KiB DMA for logs and identify after events */
    ULONGLONG scratch_pa, rescan_pa;
    BOOLEAN identified;                  /* what follows is from the first Identify */
    char sn[20], mn[40], fr[8];
    ULONG max_transfer;                  /* bytes, from MDTS */
    USHORT oncs;
    UCHAR vwc;
    ULONG sgls, oaes, nn;
    volatile LONG write_cache;           /* WCE as the controller has it */
    struct nvme_ns ns[NVME_MAX_LUNS];    /* by NSID - 1 */
    ULONG ns_ids[NVME_MAX_LUNS];         /* the active namespace list (CNS 02h) */
    ULONG ns_count;
    BOOLEAN ns_seen[NVME_MAX_LUNS];      /* during a bring-up */
    /* state */
    volatile LONG state;                 /* enum nvme_state */
    volatile LONG step;                  /* enum nvme_step: the timer's own */
    volatile LONG sm_request;            /* enum nvme_sm_request, for the timer */
    volatile LONG sm_halt;               /* a stop: the machine does nothing more */
    ULONG step_index;                    /* queue or namespace within a step */
    ULONG step_ticks;                    /* polls spent waiting */
    volatile LONG step_busy;             /* an admin command of the machine in flight */
    USHORT step_status;
    ULONG step_dw0;
    BOOLEAN recovering;                  /* a reset, not the first bring-up */
    volatile LONG paused;                /* StorPortPause in force for a recovery */
    BOOLEAN ns_changed;
    PVOID shutdown_srb;                  /* completes when SHST says done */
    struct nvme_cmd sm_cmd;              /* the state machine's admin command */
    struct nvme_cmd aer_cmd[NVME_AER_COUNT];
    struct nvme_cmd log_cmd;             /* changed-namespace log after an event */
    volatile LONG rescan_busy;           /* the event chain (nvme_admin.c) runs */
    ULONG rescan_ids[NVME_MAX_LUNS];
    ULONG rescan_count, rescan_index;
    struct nvme_cmd *rescan_aer;         /* to send again when the chain ends */
    BOOLEAN log_changed;                 /* the chain changed a namespace */
    /* statistics */
    volatile LONG resets;
    volatile LONG aer_events;
};

/* ---- nvme_ctrl.c ---- */
ULONG nvme_reg_read(struct nvme_adapter *ad, ULONG offset);
VOID nvme_reg_write(struct nvme_adapter *ad, ULONG offset, ULONG value);
/* Starts the state machine (first bring-up or recovery); returns at once. */
VOID nvme_sm_start(struct nvme_adapter *ad, BOOLEAN recovery);
HW_TIMER nvme_sm_timer;
/* The admin command of the state machine completed. */
NVME_DONE nvme_sm_done;
/* Resets the controller: every outstanding request completes with a bus reset, the
 * state machine brings the queues back. From HwResetBus or a reset SRB. */
VOID nvme_reset_controller(struct nvme_adapter *ad);
/* CC.SHN and a wait for SHST (ScsiStopAdapter: DIRQL, the queues drained). */
BOOLEAN nvme_shutdown_now(struct nvme_adapter *ad);
/* Surprise removal: the controller is not touched any more. */
VOID nvme_device_gone(struct nvme_adapter *ad);
/* After the shutdown flush: CC.SHN, SRB completes when SHST says done. */
VOID nvme_shutdown_start(struct nvme_adapter *ad, PVOID srb);

/* ---- nvme_queue.c ---- */
BOOLEAN nvme_queues_allocate(struct nvme_adapter *ad, PPORT_CONFIGURATION_INFORMATION ci);
VOID nvme_queue_reset(struct nvme_adapter *ad, struct nvme_queue *q);
/* Submits CMD on Q (the caller owns Q's submission side). FALSE: no free id. */
BOOLEAN nvme_submit(struct nvme_adapter *ad, struct nvme_queue *q, struct nvme_cmd *cmd);
/* Admin submission from any context (takes the admin queue's DPC lock). */
BOOLEAN nvme_admin_submit(struct nvme_adapter *ad, struct nvme_cmd *cmd);
/* Completes every command outstanding on Q with NVME_STATUS_ABORTED_RESET. */
VOID nvme_queue_sweep(struct nvme_adapter *ad, struct nvme_queue *q);
VOID nvme_queue_process(struct nvme_adapter *ad, struct nvme_queue *q);
VOID nvme_reaper_lock(struct nvme_queue *q);
VOID nvme_reaper_unlock(struct nvme_queue *q);
HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE nvme_msi_isr;
HW_INTERRUPT nvme_intx_isr;
VOID nvme_dpcs_init(struct nvme_adapter *ad);
struct nvme_queue *nvme_io_queue_here(struct nvme_adapter *ad, PVOID srb);
/* HwStartIo's submission on an I/O queue while the adapter is in STATE, reaping what
 * completes meanwhile; FALSE if the state differs or no command id is free. */
BOOLEAN nvme_submit_io(struct nvme_adapter *ad, struct nvme_queue *q, struct nvme_cmd *cmd,
                       LONG state);
VOID nvme_doorbell_addresses(struct nvme_adapter *ad, struct nvme_queue *q);

/* ---- nvme_admin.c ---- */
VOID nvme_cmd_identify(struct nvme_cmd *cmd, ULONG cns, ULONG nsid, ULONGLONG pa);
VOID nvme_cmd_features(struct nvme_cmd *cmd, BOOLEAN set, ULONG fid, ULONG cdw11);
VOID nvme_cmd_create_cq(struct nvme_cmd *cmd, struct nvme_queue *q);
VOID nvme_cmd_create_sq(struct nvme_cmd *cmd, struct nvme_queue *q);
VOID nvme_id_ctrl_parse(struct nvme_adapter *ad);
/* Namespace NSID exists (with Identify Namespace DATA) or not; TRUE if that changed
 * what the host sees (presence, size, block size, write protection). */
BOOLEAN nvme_ns_update(struct nvme_adapter *ad, ULONG nsid, BOOLEAN exists, const UCHAR *data);
VOID nvme_aer_submit_all(struct nvme_adapter *ad);

/* ---- nvme_io.c ---- */
HW_BUILDIO nvme_build_io;
HW_STARTIO nvme_start_io;
/* A translated command: STATUS/DW0 of the NVMe completion for the request. */
NVME_DONE nvme_srb_done;

/* ---- nvme_scsi.c ---- */
/* Answers a SCSI command that needs no NVMe command; FALSE if it is an I/O one. */
BOOLEAN nvme_scsi_local(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb, ULONG lun);
/* MODE SELECT: TRUE with an admin command (Set Features) in REQ, FALSE if completed. */
BOOLEAN nvme_scsi_mode_select(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                              const UCHAR *cdb);

/* ---- nvme_sense.c ---- */
VOID nvme_complete(struct nvme_adapter *ad, PVOID srb, UCHAR srb_status);
VOID nvme_fail(struct nvme_adapter *ad, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq);
VOID nvme_fail_lba(struct nvme_adapter *ad, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq,
                   ULONGLONG lba);
/* ILLEGAL REQUEST, INVALID FIELD IN CDB (or PARAMETER LIST) at BYTE, BIT (0xFF: none). */
VOID nvme_fail_field(struct nvme_adapter *ad, PVOID srb, BOOLEAN in_cdb, USHORT byte, UCHAR bit);
/* Data of LENGTH bytes into the request's buffer, cut to ALLOCATION; then SUCCESS. */
VOID nvme_complete_data(struct nvme_adapter *ad, PVOID srb, const VOID *data, ULONG length,
                        ULONG allocation);
/* The SCSI outcome of an NVMe completion status (NVMe-SCSI translation §6). */
VOID nvme_complete_status(struct nvme_adapter *ad, PVOID srb, USHORT status, ULONGLONG lba);

/* ---- byte order helpers ---- */
static inline VOID nvme_put16(PUCHAR p, ULONG v) { p[0] = (UCHAR)(v >> 8); p[1] = (UCHAR)v; }
static inline VOID nvme_put32(PUCHAR p, ULONG v)
{
    p[0] = (UCHAR)(v >> 24); p[1] = (UCHAR)(v >> 16); p[2] = (UCHAR)(v >> 8); p[3] = (UCHAR)v;
}
static inline VOID nvme_put64(PUCHAR p, ULONGLONG v)
{
    nvme_put32(p, (ULONG)(v >> 32));
    nvme_put32(p + 4, (ULONG)v);
}
static inline ULONG nvme_get16(const UCHAR *p) { return (ULONG)p[0] << 8 | p[1]; }
static inline ULONG nvme_get32(const UCHAR *p)
{
    return (ULONG)p[0] << 24 | (ULONG)p[1] << 16 | (ULONG)p[2] << 8 | p[3];
}
static inline ULONGLONG nvme_get64(const UCHAR *p)
{
    return (ULONGLONG)nvme_get32(p) << 32 | nvme_get32(p + 4);
}
static inline ULONG nvme_le32(const UCHAR *p)
{
    return (ULONG)p[0] | (ULONG)p[1] << 8 | (ULONG)p[2] << 16 | (ULONG)p[3] << 24;
}
static inline ULONGLONG nvme_le64(const UCHAR *p)
{
    return (ULONGLONG)nvme_le32(p) | (ULONGLONG)nvme_le32(p + 4) << 32;
}

#endif
