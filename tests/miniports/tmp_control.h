/*
 * tmp_control.h - the control block of the test miniport (tmp.c), shared by the
 * miniport (built as WDK code) and the integration tests (host code). A test opens
 * the miniport's shared object itself, writes the configuration fields, then loads it
 * through ustorport (the same handle), and reads the observations as the miniport
 * runs. Plain fixed-width fields only: both sides must lay it out alike.
 */
#ifndef TMP_CONTROL_H
#define TMP_CONTROL_H

#include <stdint.h>

/* How the miniport completes EXECUTE_SCSI requests. */
enum tmp_mode {
    TMP_FROM_STARTIO = 0,
    TMP_FROM_DPC,
    TMP_FROM_TIMER,     /* the legacy RequestTimerCall timer */
    TMP_FROM_WORKER,    /* a work item (StorPortQueueWorkItem) */
    TMP_FROM_ISR,       /* physical adapters: the test's device raises an interrupt */
    TMP_RANDOM,         /* one of the above per request, at random */
    TMP_NEVER,          /* hold requests; HwResetBus completes them (unless deaf_reset) */
    TMP_MODES
};

/* Lifecycle events, in the order the miniport saw them. */
enum tmp_event {
    TMP_EV_DRIVER_ENTRY = 1,
    TMP_EV_FIND_ADAPTER,
    TMP_EV_INITIALIZE,
    TMP_EV_PASSIVE_INIT,
    TMP_EV_PASSIVE_INIT_DONE,
    TMP_EV_FREE_RESOURCES,
    TMP_EV_RESET_BUS,
    TMP_EV_REPORT_LUNS,
    TMP_EV_INQUIRY,
    TMP_EV_FLUSH,
    TMP_EV_RESET_LUN,               /* SRB_FUNCTION_RESET_LOGICAL_UNIT */
    TMP_EV_RESET_DEVICE,            /* SRB_FUNCTION_RESET_DEVICE (the target) */
    TMP_EV_ADAPTER_CONTROL = 100,   /* + SCSI_ADAPTER_CONTROL_TYPE */
    TMP_EV_UNIT_CONTROL = 200,      /* + SCSI_UNIT_CONTROL_TYPE */
    TMP_EV_ADAPTER_PNP = 300,       /* + STOR_PNP_ACTION of an SRB_PNP_FLAGS_ADAPTER_REQUEST */
};

/* What the LUN and target reset SRBs do (tmp.reset_tier). */
enum tmp_reset_tier {
    TMP_RESET_NONE = 0,     /* both succeed and leave held requests alone */
    TMP_RESET_BY_LUN,       /* the LUN reset completes the unit's held requests (BUS_RESET) */
    TMP_RESET_BY_TARGET,    /* the target reset completes the target's held requests */
    TMP_RESET_HANG,         /* both are held like I/O and never answered */
};

#define TMP_MAX_EVENTS 512
#define TMP_MAX_LUNS 8
#define TMP_MAX_TARGETS 8
#define TMP_INIT_PROBES 8

struct tmp_control {
    /* ---- configuration: written by the test before the miniport is loaded ---- */
    int32_t mode;               /* enum tmp_mode */
    int32_t targets;            /* MaximumNumberOfTargets (default 1) */
    int32_t luns;               /* units per target (default 1) */
    int32_t lun_depth;          /* StorPortSetDeviceQueueDepth from INQUIRY; 0: no call */
    int32_t extended_srb;       /* ask for STORAGE_REQUEST_BLOCKs */
    int32_t virtual_layout;     /* register VIRTUAL_HW_INITIALIZATION_DATA (0xB0) */
    int32_t passive_spin;       /* passive init busy-waits until a timer has fired */
    int32_t busy_first;         /* answer SRB_STATUS_BUSY to this many first attempts */
    int32_t deaf_reset;         /* HwResetBus leaves held requests alone */
    int32_t no_report_luns;     /* REPORT LUNS fails with SRB_STATUS_INVALID_REQUEST */
    int32_t init_probes;        /* DriverEntry first tries bad StorPortInitialize calls */
    int32_t max_io;             /* MaxNumberOfIO; 0: the default */
    int32_t full_duplex;        /* physical adapters: SynchronizationModel */
    int32_t per_message;        /* InterruptSynchronizePerMessage */
    int32_t reset_hold_us;      /* BusResetHoldTime; 0: 100000 */
    int32_t max_targets;        /* MaximumNumberOfTargets if above targets */
    int32_t max_luns;           /* MaximumNumberOfLogicalUnits if above luns */
    int32_t extra_io_info;      /* FeatureSupport STOR_FEATURE_EXTRA_IO_INFORMATION */
    int32_t find_result;        /* HwFindAdapter's answer + 1 (0: SP_RETURN_FOUND) */
    int32_t init_fails;         /* HwInitialize returns FALSE */
    int32_t no_restart_control; /* do not claim ScsiRestartAdapter */
    int32_t dpc_spin;           /* the probe DPC waits until dpc_release is set */
    int32_t dpc_release;
    void (*doorbell)(void *ctx);/* physical adapters: the test's device */
    int32_t doorbell_inline;    /* the test raises the interrupt on the calling thread */
    void *doorbell_ctx;
    int32_t reset_tier;         /* enum tmp_reset_tier */

    /* ---- observations ---- */
    int32_t nevents;
    int32_t events[TMP_MAX_EVENTS];
    uint32_t init_status[TMP_INIT_PROBES];   /* what the bad StorPortInitialize calls returned */
    uint32_t init_status_good;
    int32_t startio_calls, buildio_calls, busy_answers;
    int32_t completed[TMP_MODES];            /* completions by the context that made them */
    int32_t reset_completed;
    int32_t held;                            /* requests the miniport holds now */
    int32_t in_flight[TMP_MAX_TARGETS][TMP_MAX_LUNS];
    int32_t max_in_flight[TMP_MAX_TARGETS][TMP_MAX_LUNS];
    int32_t passive_irql;                    /* IRQL seen in passive init (-1: not run) */
    int32_t passive_timer_fired;
    int32_t worker_unavailable;              /* work items were not available: fell back */
    int32_t startio_irql_bad;                /* StartIo ran above DISPATCH */
    int32_t depth_set_ok;                    /* StorPortSetDeviceQueueDepth returned TRUE */
    int32_t inquiries[TMP_MAX_TARGETS][TMP_MAX_LUNS];
    int32_t bad_srb;                         /* SRBs whose fields were not as built */
    int32_t enable_passive_outside;          /* EnablePassiveInitialization outside HwInitialize */
    int32_t lu_ext_mismatch;                 /* StorPortGetLogicalUnit changed for a unit */
    int64_t lu_ext[TMP_MAX_TARGETS][TMP_MAX_LUNS];
    int32_t probe_dpc_runs, probe_dpc_running, probe_dpc_overlap;
    int32_t state_change_calls;
    uint32_t state_change_status;
    int32_t lock_inside, lock_overlap;
    int32_t startio_active, startio_overlap;  /* HwStartIo bodies running at once */
    int32_t isr_during_startio;               /* an ISR ran while a HwStartIo did */
    int32_t context_dpc_ok;                  /* DPCs with a context got it as 2nd argument */
    int32_t last_cdb_length;
    int32_t addr_ok, addr_bad;               /* STOR_ADDR_BTL8 of extended SRBs */
    int32_t pnp_action, pnp_seen, power_seen;
    uint32_t power_state;
    int32_t io_info_ok, io_info_missing;
    int32_t timer_ex_fired, timer_ex_ctx_ok, timer_ex_irql;
    int32_t work_runs, work_running, work_overlap, work_irql, work_arg_ok;
    int32_t work_spin, work_release;
    int64_t perf_frequency;
    int32_t sync_inside;
    int32_t startio_irql;                    /* last IRQL HwStartIo saw (-1 unknown) */
    void *ext;                               /* the last adapter's device extension */
};

/* Test-thread entry points of the miniport (found with dlsym). */
enum tmp_op {
    TMP_OP_BUSY = 1, TMP_OP_READY, TMP_OP_DEVICE_BUSY, TMP_OP_DEVICE_READY, TMP_OP_PAUSE,
    TMP_OP_RESUME, TMP_OP_PAUSE_DEVICE, TMP_OP_RESUME_DEVICE, TMP_OP_BUS_CHANGE,
    TMP_OP_STATE_CHANGE, TMP_OP_COMPLETE_REQUEST, TMP_OP_GET_SRB_HELD, TMP_OP_ISSUE_PROBE_DPC,
    TMP_OP_LOCK, TMP_OP_NOTIFY, TMP_OP_REQUEST_INFO, TMP_OP_PERF_PARAMS, TMP_OP_EXTFN,
    TMP_OP_GET_LOGICAL_UNIT, TMP_OP_ENABLE_PASSIVE, TMP_OP_RELEASE_ONE, TMP_OP_DOUBLE_COMPLETE,
    TMP_OP_CONTEXT_DPC,
    /* execution-context probes (tmp_exec.c) */
    TMP_OP_EXEC_FIRST = 100,
    TMP_OP_TIMER_INIT = TMP_OP_EXEC_FIRST, TMP_OP_TIMER_REQUEST, TMP_OP_TIMER_FREE,
    TMP_OP_WORKER_INIT, TMP_OP_WORKER_QUEUE, TMP_OP_WORKER_FREE,
    TMP_OP_PROC_COUNT, TMP_OP_GROUP_COUNT, TMP_OP_GROUP_AFFINITY, TMP_OP_NODE_COUNT,
    TMP_OP_NODE_AFFINITY, TMP_OP_HIGHEST_NODE, TMP_OP_CURRENT_PROCESSOR,
    TMP_OP_RELATIONSHIP, TMP_OP_SYSTEM_TIME, TMP_OP_PERF_COUNTER, TMP_OP_IRQL, TMP_OP_DELAY,
    TMP_OP_MSI_INFO, TMP_OP_MSI_LOCK, TMP_OP_SYNC_ACCESS, TMP_OP_CANCEL_DPC,
    /* guest errors the port must survive */
    TMP_OP_COMPLETE_FOREIGN, TMP_OP_COMPLETE_PENDING, TMP_OP_ISSUE_UNINIT_DPC,
    TMP_OP_RELEASE_UNACQUIRED,
};
/* Runs one operation on the last adapter; the result depends on the operation. */
typedef int64_t tmp_call_fn(int op, int64_t a, int64_t b, int64_t c, int64_t d);
/* Completes every request held in TMP_NEVER mode with SRB_STATUS_SUCCESS; returns how many. */
typedef int tmp_release_fn(void);

extern struct tmp_control tmp;

#endif
