/*
 * port_internal.h - the port driver's own objects (host, driver, adapter, unit,
 * request slot) and the functions the files of src/port share.
 *
 * Locks, in the order a thread may take them:
 *   adapter->life (one lifecycle operation at a time; PASSIVE, never inside a
 *     port context) -> adapter->scan_lock (one enumeration at a time)
 *   miniport locks (StartIo, interrupt, DPC, MSI: the execution engine's)
 *     -> adapter->qlock (admission, counters, unit queues) and adapter->svc_lock:
 *        leaves, never held across a call into the miniport or a completion callback
 *   host->lock (the lists of drivers and adapters): a leaf.
 * Completion callbacks run with no lock held, when the completing thread leaves its
 * outermost port context or the engine's exit hook runs (complete.c).
 */
#ifndef USTOR_PORT_INTERNAL_H
#define USTOR_PORT_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <ntddk.h>
#include <storport.h>

#include "ustorport/ustorport.h"

struct dma_space;
struct exec_engine;
struct exec_intr_line;
struct exec_spinlock;
struct pool;
struct port_exec;
struct port_timer;
struct port_worker;
struct port_general;
struct port_memory;
struct port_hwstate;
struct port_service_irps;
struct port_regnotify;

/* ---- host ---- */

struct ustor_host {
    pthread_mutex_t lock;
    struct ustor_driver *drivers;
    struct ustor_adapter *adapters;
    uint32_t next_port_number;
    struct ustor_host_options opts;
    struct dma_space *dma;
    struct exec_engine *exec;
};

/* Zero-filled memory of the DMA address space; KIND is an enum dma_kind. */
void *port_dma_alloc(struct ustor_host *host, size_t bytes, int kind, void *owner, const char *label);
void port_dma_free(struct ustor_host *host, void *p);

/* ---- driver (a loaded miniport) ---- */

#define PORT_MAX_INIT_DATA 4

struct port_init_data {
    HW_INITIALIZATION_DATA hw;      /* a copy; the virtual layout's tail stays zero */
    bool virtual_layout;            /* registered as VIRTUAL_HW_INITIALIZATION_DATA */
};

struct ustor_driver {
    struct ustor_driver *next;
    struct ustor_host *host;
    char *name;
    void *dl;                       /* dlopen handle, NULL for a linked-in entry */
    ustor_driver_entry_fn entry;
    uint32_t entry_status;          /* what DriverEntry returned */
    unsigned n_init;
    struct port_init_data init[PORT_MAX_INIT_DATA];
    /* DriverEntry's arguments: a zeroed stand-in DRIVER_OBJECT and the registry path */
    _Alignas(16) unsigned char driver_object[0x150];
    UNICODE_STRING registry_path;
    WCHAR registry_path_buf[128];
};

int port_driver_unload(struct ustor_driver *driver);
/* The driver's registry for StorPortReadDriverRegistry (driver_registry.c): opened before
 * DriverEntry (PATH NULL: empty), closed when the driver is freed. 0 or -errno. */
int port_driver_registry_open(struct ustor_driver *d, const char *path);
void port_driver_registry_close(struct ustor_driver *d);

/* ---- request slots ---- */

enum slot_state {
    SLOT_FREE,        /* on the free list */
    SLOT_BUILDING,    /* owned by the dispatching thread, not yet with the miniport */
    SLOT_STARTED,     /* the miniport owns the SRB */
    SLOT_COMPLETING,  /* RequestComplete seen; on a thread's completion list */
    SLOT_RETRY,       /* SRB_STATUS_BUSY: waits for its re-send */
    SLOT_ABANDONED,   /* completed by the port (timeout, removal); the miniport still has it */
};

/* The largest STORAGE_REQUEST_BLOCK the port builds: header, data-block offsets,
 * the BTL8 address, a CDB32 block and an IoInfo block. */
#define PORT_SRBEX_BYTES 512
#define PORT_CDB_VAR_MAX 260
#define PORT_SENSE_BYTES 256
#define PORT_TAGS 255

struct ustor_request {
    /* the SRB first: a slot is found from an SRB pointer by its offset */
    union {
        SCSI_REQUEST_BLOCK srb;
        STORAGE_REQUEST_BLOCK srbex;
        unsigned char srb_bytes[PORT_SRBEX_BYTES];
    } u;
    _Atomic int state;              /* enum slot_state */
    uint32_t index;
    uint8_t tag;                    /* QueueTag / RequestTag the miniport sees */
    uint8_t unit_tag;               /* the per-unit tag taken at admission */
    uint8_t channel;                /* concurrent-channel token held for StartIo */
    uint16_t cpu;                   /* processor that dispatched it (DPC redirection) */
    bool internal;                  /* issued by the port itself */
    uint32_t busy_retries;
    _Atomic uint64_t deadline_ns;   /* timeout; 0: none; PORT_DEADLINE_UNSTAMPED | serial:
                                     * started, the next tick stamps it (timeout.c) */
    _Atomic uint32_t timeout_s;     /* TimeOutValue of the request started, for the stamp */
    _Atomic uint64_t starts;        /* dispatches of this slot (the adapter's n_started) */
    _Atomic uint64_t activity;      /* GetActivityIdSrb serial; 0 until asked (events.c) */
    uint64_t retry_at_ns;
    struct ustor_adapter *adapter;
    struct ustor_lun *unit;
    struct ustor_scsi_request *req;
    void *srb_extension;            /* DMA space */
    unsigned char *sense;           /* DMA space, PORT_SENSE_BYTES */
    STOR_SCATTER_GATHER_LIST *sg;   /* room for adapter->max_sg elements */
    struct ustor_request *next;     /* free list, a thread's completion list, orphans */
};

#define PORT_DEADLINE_UNSTAMPED (1ull << 63)

static inline PSCSI_REQUEST_BLOCK slot_srb(struct ustor_request *slot)
{
    return (PSCSI_REQUEST_BLOCK)(void *)&slot->u;
}

/* ---- logical units ---- */

enum unit_state { UNIT_PROBING, UNIT_PRESENT, UNIT_GONE };

struct ustor_lun {
    struct ustor_lun *hash_next;    /* never unlinked before the adapter goes */
    struct ustor_lun *all_next;
    struct ustor_adapter *adapter;
    uint8_t path, target, lun;
    _Atomic int state;              /* enum unit_state */
    void *lu_ext;                   /* SpecificLuExtensionSize bytes, DMA space */
    /* under adapter->qlock */
    uint32_t depth;
    uint32_t outstanding;
    uint32_t busy_remaining;        /* DeviceBusy: completions still awaited (0: until ready) */
    bool busy;
    bool paused;
    uint64_t pause_until_ns;
    struct ustor_scsi_request *wait_head, *wait_tail;
    uint32_t waiting;
    bool on_ready_ring;
    struct ustor_lun *ready_next;
    uint32_t tags[(PORT_TAGS + 31) / 32];
    /* enumeration (under adapter->scan_lock) */
    uint8_t inquiry[96];
    uint32_t inquiry_length;
    bool started;                   /* ScsiUnitStart accepted */
    bool scan_seen;
};

/* ---- adapters ---- */

enum adapter_state {
    ADAPTER_NEW,
    ADAPTER_STARTING,
    ADAPTER_STARTED,
    ADAPTER_STOPPING,
    ADAPTER_STOPPED,
    ADAPTER_SURPRISE_REMOVED,
    ADAPTER_REMOVING,
};

#define PORT_UNIT_HASH 64
#define PORT_MAX_CHANNELS 64

/* Placed just before the device extension, so the port finds its adapter from the
 * HwDeviceExtension argument of every routine. */
struct port_ext_header {
    uint64_t magic;
    struct ustor_adapter *adapter;
};
#define PORT_EXT_MAGIC 0x7573746f72657874ull /* "ustorext" */

struct port_state_change {
    PHW_STATE_CHANGE routine;
    PVOID context;
    ULONG entity;
    SHORT address_type;
    STOR_ADDR_BTL8 address;
    bool pending;
};

struct ustor_adapter {
    struct ustor_adapter *next;     /* host list */
    struct ustor_host *host;
    struct ustor_driver *driver;
    const struct port_init_data *init;
    const HW_INITIALIZATION_DATA *hw;
    bool is_virtual;
    bool has_device;
    struct ustor_device_desc device;
    char *argument_string;
    char name[40];
    void (*lun_event)(void *ctx, struct ustor_lun *lun, enum ustor_lun_event ev);
    void *lun_event_ctx;
    uint32_t port_number;

    pthread_mutex_t life;
    pthread_mutex_t scan_lock;
    _Atomic int state;              /* enum adapter_state */
    _Atomic int refs;               /* per-thread work that names this adapter */

    void *ext_block;                /* header + device extension */
    void *devext;
    PORT_CONFIGURATION_INFORMATION config;
    ACCESS_RANGE *ranges;
    uint32_t n_ranges_alloc;
    bool extended_srb;              /* STORAGE_REQUEST_BLOCK */
    uint32_t max_sg;                /* elements per SG list */
    uint32_t srbext_size;

    BOOLEAN adapter_controls[ScsiAdapterControlMax + 1];
    BOOLEAN unit_controls[ScsiUnitControlMax + 1];

    PHW_PASSIVE_INITIALIZE_ROUTINE passive_init;

    struct port_exec *exec;         /* locks, interrupt line, DPCs, legacy timer */
    struct port_timer *timers;      /* StorPortInitializeTimer handles (timer_worker.c) */
    struct port_worker *workers;    /* StorPortInitializeWorker handles */
    struct port_memory *mem;        /* the memory routines' state (memory.h) */
    struct port_general *general;   /* registry, events, general routines (general.h) */
    struct pool *pool;              /* the adapter's pool (made by port_memory_init) */
    struct port_hwstate *hwstate;   /* windows, bus data, power, redirection (hwstate.h) */
    struct port_service_irps *service_irps;   /* virtual service requests (service_irp.h) */
    struct port_regnotify *regnotify;   /* registry change notification (registry_notify.h) */

    /* performance options (StorPortInitializePerfOpts fills these) */
    uint32_t perf_flags;
    uint32_t channels;              /* concurrent channels; 0 or 1: none */
    uint32_t perf_first_msg, perf_last_msg;
    pthread_mutex_t channel_lock[PORT_MAX_CHANNELS];

    /* request slots */
    struct ustor_request *slots;
    uint32_t n_slots;
    void *slot_memory;              /* SRB extensions and sense buffers (DMA space) */
    void *sg_memory;

    /* under qlock */
    pthread_mutex_t qlock;
    pthread_cond_t drained;
    struct ustor_request *free_slots;
    uint32_t free_count;
    uint32_t outstanding;           /* slots given out and not yet finished */
    uint32_t max_outstanding;
    uint32_t waiting;
    uint32_t busy_remaining;
    bool busy;
    bool paused;
    bool link_down;
    _Atomic bool draining;          /* port_drain waits: releases and unrefs must wake it */
    int held;                       /* stop, reset or removal: admit nothing */
    bool resetting;                 /* HwResetBus and its hold under way */
    uint64_t pause_until_ns;
    uint64_t hold_until_ns;         /* post-reset hold */
    struct ustor_lun *ready_head, *ready_tail;
    uint32_t ready_count;
    struct ustor_lun *units;        /* every unit ever probed */

    _Atomic(struct ustor_lun *) unit_hash[PORT_UNIT_HASH];

    /* the service thread (under svc_lock) */
    pthread_t service, scanner;
    bool service_running;
    bool scan_running, scan_joinable, scan_abort;
    pthread_mutex_t svc_lock;
    pthread_cond_t svc_cond;
    bool svc_stop, svc_kick, svc_rescan;
    uint32_t svc_rescan_asked, svc_rescan_started, svc_rescan_done;
    struct port_state_change state_change;
    struct ustor_request *orphans;

    /* n_submitted and n_completed change under qlock; n_started is the slots' starts */
    _Atomic uint64_t n_submitted, n_completed, n_timed_out, n_busy_retries,
        n_late, n_bad_completions;
};

/* The adapter of a device extension, or NULL (logged as a guest error naming WHO). */
struct ustor_adapter *port_adapter_from_ext(const void *ext, const char *who);
void port_adapter_ref(struct ustor_adapter *a);
void port_adapter_unref(struct ustor_adapter *a);

/* ---- lifecycle (adapter.c, initialize.c, config.c) ---- */

void port_config_defaults(struct ustor_adapter *a);
int port_config_ranges_alloc(struct ustor_adapter *a);
int port_config_accept(struct ustor_adapter *a);
void port_config_topology(const struct ustor_adapter *a, uint32_t *buses, uint32_t *targets,
                          uint32_t *luns);
int port_adapter_find_and_init(struct ustor_adapter *a, bool restart);
int port_adapter_initialize(struct ustor_adapter *a);
int port_passive_init_run(struct ustor_adapter *a);
bool port_enable_passive_init(struct ustor_adapter *a, PHW_PASSIVE_INITIALIZE_ROUTINE routine);
void port_query_control_types(struct ustor_adapter *a);
bool port_adapter_supports(const struct ustor_adapter *a, SCSI_ADAPTER_CONTROL_TYPE type);
int port_adapter_control(struct ustor_adapter *a, SCSI_ADAPTER_CONTROL_TYPE type, PVOID params);
int port_drain(struct ustor_adapter *a, uint64_t deadline_ns);

/* The memory routines' hooks (memory.c): state made before HwFindAdapter, the window
 * in which StorPortGetUncachedExtension is legal, and the teardown that reports leaks.
 * Weak, so the lifecycle links whether or not that area is built in. */
int port_memory_init(struct ustor_adapter *a) __attribute__((weak));
void port_memory_fini(struct ustor_adapter *a) __attribute__((weak));
void port_memory_find_begin(struct ustor_adapter *a) __attribute__((weak));
void port_memory_find_end(struct ustor_adapter *a) __attribute__((weak));

/* The hardware-facing areas' hooks (hwstate.h): state made before HwFindAdapter and
 * freed with the adapter; RequestComplete offers each completion to DPC redirection. */
int port_hwstate_create(struct ustor_adapter *a) __attribute__((weak));
void port_hwstate_destroy(struct ustor_adapter *a) __attribute__((weak));
bool port_perf_redirect(struct ustor_adapter *a, struct ustor_request *slot)
    __attribute__((weak));
/* The registry/event/general routines' hooks (general.c): state and registry made
 * before HwFindAdapter (DriverParameter may give the ArgumentString), HwFindAdapter's
 * bounds (StorPortSetAdapterBusType is legal only inside), the teardown. */
int port_general_init(struct ustor_adapter *a, const struct ustor_adapter_options *o)
    __attribute__((weak));
void port_general_fini(struct ustor_adapter *a) __attribute__((weak));
void port_general_find(struct ustor_adapter *a, bool inside) __attribute__((weak));

/* ---- units (unit.c) ---- */

struct ustor_lun *port_unit_find(struct ustor_adapter *a, uint8_t path, uint8_t target, uint8_t lun);
struct ustor_lun *port_unit_get(struct ustor_adapter *a, uint8_t path, uint8_t target, uint8_t lun);
struct ustor_lun *port_units_head(struct ustor_adapter *a);
void port_unit_reset(struct ustor_lun *u);
void port_units_free(struct ustor_adapter *a);
uint32_t port_unit_default_depth(const struct ustor_adapter *a);
int port_unit_control(struct ustor_adapter *a, struct ustor_lun *u, SCSI_UNIT_CONTROL_TYPE type);
void port_unit_arrived(struct ustor_adapter *a, struct ustor_lun *u);
/* HwUnitControl(ScsiUnitPoFxPowerInfo) for a unit that arrives (unit_power.c). */
void port_unit_pofx_info(struct ustor_adapter *a, struct ustor_lun *u);
void port_unit_remove(struct ustor_adapter *a, struct ustor_lun *u);

/* ---- enumeration (enumerate.c) ---- */

int port_enumerate(struct ustor_adapter *a);

/* ---- requests (request.c, srb_build.c, admission.c) ---- */

int port_slots_create(struct ustor_adapter *a);
void port_slots_destroy(struct ustor_adapter *a);
struct ustor_request *port_slot_from_srb(struct ustor_adapter *a, const void *srb);

int port_srb_build(struct ustor_request *slot);
void port_srb_rebuild(struct ustor_request *slot);
void port_srb_revoke(struct ustor_request *slot);
void port_srb_read_result(struct ustor_request *slot);
UCHAR port_srb_status(struct ustor_request *slot);
void port_srb_set_status(struct ustor_request *slot, UCHAR status);

/* A slot for REQ, or NULL with *QUEUED set (it waits for a kick) or clear (the adapter
 * is being removed: the caller refuses it). */
struct ustor_request *port_admit(struct ustor_lun *u, struct ustor_scsi_request *req, bool *queued);
struct ustor_request *port_admit_direct(struct ustor_lun *u, struct ustor_scsi_request *req);
struct ustor_request *port_admit_next(struct ustor_adapter *a);
bool port_adapter_may_start(struct ustor_adapter *a, uint64_t now);
/* Gives back a slot's unit and adapter capacity (and the slot when FREE_SLOT),
 * counting a completion when COMPLETED; true when requests wait for a kick. */
bool port_release(struct ustor_request *slot, bool free_slot, bool completed);
void port_slot_free_locked(struct ustor_adapter *a, struct ustor_request *slot);
void port_fail_waiting(struct ustor_adapter *a, struct ustor_lun *only, UCHAR status);

int port_submit(struct ustor_lun *u, struct ustor_scsi_request *req, bool internal);
int port_submit_direct(struct ustor_lun *u, struct ustor_scsi_request *req);
#define PORT_DIRECT 2
int port_execute(struct ustor_lun *u, struct ustor_scsi_request *req, int internal);
int port_execute_direct(struct ustor_lun *u, struct ustor_scsi_request *req);
void port_dispatch(struct ustor_request *slot);
void port_kick(struct ustor_adapter *a);
void port_kick_later(struct ustor_adapter *a);

/* ---- completion (complete.c) ---- */

void port_context_enter(void);
void port_context_leave(void);
bool port_in_context(void);
void port_callback_mark(int delta);
void port_exec_exit_hook(void *arg);
void port_request_complete(struct ustor_adapter *a, void *srb);
/* Finishes SLOT (COMPLETING) on this thread, as if it had completed here. */
void port_complete_here(struct ustor_request *slot);
void port_complete_by_port(struct ustor_request *slot, UCHAR srb_status);
void port_complete_caller(struct ustor_scsi_request *req, UCHAR srb_status);
void port_complete_all(struct ustor_adapter *a, UCHAR path, UCHAR target, UCHAR lun, UCHAR status);
void port_orphans_run(struct ustor_adapter *a);

/* ---- the service thread (service.c, timeout.c) ---- */

int port_service_start(struct ustor_adapter *a);
void port_service_stop(struct ustor_adapter *a);
void port_service_wake(struct ustor_adapter *a);
void port_service_kick(struct ustor_adapter *a);
void port_orphan_push(struct ustor_adapter *a, struct ustor_request *slot);
struct ustor_request *port_orphan_take(struct ustor_adapter *a);
void port_request_rescan(struct ustor_adapter *a);
int port_rescan_wait(struct ustor_adapter *a);
ULONG port_state_change_request(struct ustor_adapter *a, ULONG entity, PSTOR_ADDRESS addr,
                                PHW_STATE_CHANGE routine, PVOID ctx);
void port_state_change_deliver(struct ustor_adapter *a);
void port_retries_run(struct ustor_adapter *a);
void port_timeouts_run(struct ustor_adapter *a);
void port_reset_bus(struct ustor_adapter *a, ULONG path);
void port_reset_hold(struct ustor_adapter *a);

/* ---- extended functions (extfn.c) ---- */

/* A StorPortExtendedFunction handler; ARGS are the arguments after HwDeviceExtension.
 * Handlers live with their area and register with USTOR_EXTFN. */
typedef ULONG port_extfn_handler(PVOID HwDeviceExtension, va_list *args);
/* Inside a handler: the address StorPortExtendedFunction returns to in the miniport
 * (the caller to name in reports). */
const void *port_extfn_caller(void);
struct port_extfn_entry {
    ULONG code;
    const char *name;
    port_extfn_handler *handler;
};
#define USTOR_EXTFN(code_, handler_)                                              \
    static const struct port_extfn_entry port_extfn_##handler_                    \
        __attribute__((used, section("ustor_extfn"), aligned(8))) = {             \
            (code_), #code_, (handler_)}

/* ---- execution objects (adapter_exec.c) ---- */

KIRQL port_raise_irql(KIRQL level);
void port_lower_irql(KIRQL old);
int port_exec_adapter_init(struct ustor_adapter *a);
void port_exec_adapter_quiesce(struct ustor_adapter *a);
void port_exec_adapter_fini(struct ustor_adapter *a);
int port_exec_connect_interrupts(struct ustor_adapter *a);
void port_exec_disconnect_interrupts(struct ustor_adapter *a);
/* The lock HwStartIo, HwResetBus, HwTimer and HwStateChange run under: the StartIo
 * lock, or the interrupt lock for a physical half-duplex adapter. */
void port_lock_startio(struct ustor_adapter *a, STOR_LOCK_HANDLE *h);
void port_unlock_startio(struct ustor_adapter *a, STOR_LOCK_HANDLE *h);
void port_lock_interrupt(struct ustor_adapter *a, STOR_LOCK_HANDLE *h);
void port_unlock_interrupt(struct ustor_adapter *a, STOR_LOCK_HANDLE *h);
void port_dpc_initialize(struct ustor_adapter *a, PSTOR_DPC dpc, PHW_DPC_ROUTINE routine, PVOID context);
BOOLEAN port_dpc_issue(struct ustor_adapter *a, PSTOR_DPC dpc, PVOID arg1, PVOID arg2);
void port_spinlock_acquire(struct ustor_adapter *a, STOR_SPINLOCK kind, PVOID ctx,
                           PSTOR_LOCK_HANDLE h, const void *caller);
void port_spinlock_release(struct ustor_adapter *a, PSTOR_LOCK_HANDLE h, const void *caller);
void port_timer_call(struct ustor_adapter *a, PHW_TIMER routine, ULONG microseconds);
/* For the routines of other areas (MSI locks, GetMSIInfo, SynchronizeAccess): the
 * adapter's interrupt line (NULL without a device) and StartIo lock. */
struct exec_intr_line *port_interrupt_line(struct ustor_adapter *a);
struct exec_spinlock *port_startio_spinlock(struct ustor_adapter *a);
bool port_synchronize(struct ustor_adapter *a, bool (*fn)(void *), void *ctx, const void *caller);
bool port_dpc_cancel(struct ustor_adapter *a, PSTOR_DPC dpc);
/* Frees the timers and workers the miniport left (timer_worker.c). */
void port_timers_workers_free(struct ustor_adapter *a);

/* ---- time and logs ---- */

uint64_t port_now_ns(void);
void port_log_guest(const struct ustor_adapter *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void port_log_info(const struct ustor_adapter *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void port_log_debug(const struct ustor_adapter *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define port_guest port_log_guest
/* Routes the execution engine's verifier reports to the guest log (verifier_log.c). */
void port_verifier_log_install(void);

#endif
