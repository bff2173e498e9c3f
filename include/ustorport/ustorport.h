/*
 * ustorport.h - the host API of ustorport: the Windows Storport port driver as a
 * Linux user-space library.
 *
 * A host owns loaded miniports (shared objects with a DriverEntry) and the adapters
 * they drive. An adapter is added for a device (a PCI function of the simulated
 * platform, described by struct ustor_device) or for none (a virtual miniport); adding
 * it runs HwFindAdapter, HwInitialize, the passive initialization and bus enumeration.
 * Each logical unit found is a struct ustor_lun that takes SCSI requests; a request
 * completes exactly once through its callback, from whatever thread finished it.
 *
 * Every function returns 0 or a negative errno; ustor_last_error() then holds a
 * one-line explanation for the calling thread. Callbacks must not block for long:
 * they run on port threads (the submitting thread, DPC, timer or interrupt threads).
 *
 * Left out here: the NBD export, the disk layer and device models have their own
 * headers; WMI requests are not part of this API.
 */
#ifndef USTORPORT_USTORPORT_H
#define USTORPORT_USTORPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define USTOR_API __attribute__((visibility("default")))

struct ustor_host;
struct ustor_driver;
struct ustor_adapter;
struct ustor_lun;

/* ---- host ---- */

struct ustor_host_options {
    size_t size;                /* sizeof(struct ustor_host_options) */
    uint64_t dma_space_bytes;   /* 0: default */
    uint32_t default_timeout;   /* seconds for requests that give none; 0: 10 */
    uint32_t busy_retry_limit;  /* re-sends of an SRB_STATUS_BUSY request; 0: 20 */
    uint32_t busy_pause_ms;     /* pause before such a re-send; 0: 250 */
    uint32_t flags;             /* USTOR_HOST_* */
    uint32_t reset_timeout;     /* seconds for each LUN or target reset SRB; 0: 5 */
};

/* Device models may touch a request's data buffer only while the request is in flight,
 * in its direction (the DMA verifier); a violation is a logged guest error. */
#define USTOR_HOST_VERIFY_DMA 0x1u

/* Creates a host; OPTS may be NULL for defaults. */
/* The library's version, e.g. "0.1.0". */
USTOR_API const char *ustor_version(void);

USTOR_API int ustor_host_create(const struct ustor_host_options *opts, struct ustor_host **out);
/* Removes every adapter (completing what is outstanding), unloads the miniports. */
USTOR_API void ustor_host_destroy(struct ustor_host *host);

/* This thread's explanation of the last failure, "" if none. */
USTOR_API const char *ustor_last_error(void);

/* Memory of the host's DMA address space: request data buffers must come from here
 * (the port hands them to the miniport as they are, without copying). */
USTOR_API void *ustor_buffer_alloc(struct ustor_host *host, size_t bytes);
USTOR_API void ustor_buffer_free(struct ustor_host *host, void *buffer);

/* ---- miniports ---- */

/* The miniport's entry point, NTSTATUS DriverEntry(PDRIVER_OBJECT, PUNICODE_STRING). */
typedef uint32_t (*ustor_driver_entry_fn)(void *driver_object, void *registry_path);

/* Loads the shared object at PATH and runs its DriverEntry. */
USTOR_API int ustor_driver_load(struct ustor_host *host, const char *path, struct ustor_driver **out);
/* Loading options (all optional). */
struct ustor_driver_options {
    size_t size;                /* sizeof(struct ustor_driver_options) */
    /* The miniport's registry file (docs/registry.md; [] is its service key), opened
     * before DriverEntry, read by StorPortReadDriverRegistry. NULL: an empty registry. */
    const char *registry_path;
};
/* As ustor_driver_load, with OPTS (NULL: none). -EINVAL for a registry file that does
 * not parse. */
USTOR_API int ustor_driver_load_opts(struct ustor_host *host, const char *path,
                                     const struct ustor_driver_options *opts,
                                     struct ustor_driver **out);
/* Runs ENTRY as the DriverEntry of a miniport linked into the caller (NAME names it). */
USTOR_API int ustor_driver_load_entry(struct ustor_host *host, const char *name,
                                      ustor_driver_entry_fn entry, struct ustor_driver **out);
/* The NTSTATUS its DriverEntry returned. */
USTOR_API uint32_t ustor_driver_status(const struct ustor_driver *driver);

/* ---- devices (physical adapters) ---- */

struct ustor_device;

/* What the port needs of a device: its bus position, access ranges and interrupts.
 * The platform provides it for a PCI function; tests may build their own. */
struct ustor_device_ops {
    /* Bus data (PCI configuration space): bytes read or written, 0 if none. */
    uint32_t (*config_read)(void *ctx, uint32_t offset, void *buf, uint32_t len);
    uint32_t (*config_write)(void *ctx, uint32_t offset, const void *buf, uint32_t len);
    /* The adapter connects (adapter != NULL) or disconnects its interrupts. */
    void (*connect)(void *ctx, struct ustor_adapter *adapter);
    /* The device's ACPI method METHOD (four characters packed as Windows packs them,
     * '_SDD' etc.) for the adapter (UNIT NULL) or a unit (path, target, LUN): 0 with
     * *RETURNED bytes in OUT, -ENOENT if there is no such method, -ENOSPC if OUT is too
     * small. NULL: a machine whose firmware has no methods for this device. */
    int (*acpi_method)(void *ctx, const uint8_t *unit, uint32_t method, const void *in,
                       uint32_t in_length, void *out, uint32_t out_length, uint32_t *returned);
};

#define USTOR_MAX_ACCESS_RANGES 8

struct ustor_access_range {
    uint64_t start;             /* physical address or I/O port */
    uint32_t length;
    bool in_memory;             /* false: I/O space */
};

struct ustor_device_desc {
    uint32_t interface_type;    /* INTERFACE_TYPE, e.g. 5 = PCIBus */
    uint32_t bus_number;
    uint32_t slot_number;       /* PCI_SLOT_NUMBER.u.AsULONG */
    uint32_t n_ranges;
    struct ustor_access_range ranges[USTOR_MAX_ACCESS_RANGES];
    uint32_t interrupt_messages;/* MSI/MSI-X messages; 0: a line interrupt */
    uint32_t interrupt_vector, interrupt_level;
    const struct ustor_device_ops *ops;
    void *ctx;
};

/* Raises an interrupt of an adapter's device (a line interrupt: message 0). The ISR
 * may run on the calling thread (waiting while another thread holds its lock), so a
 * device model calls this without holding locks its ISR path needs; the _post form
 * delivers it on the interrupt line's own thread instead. 0 or -errno. */
USTOR_API int ustor_adapter_interrupt(struct ustor_adapter *adapter, uint32_t message_id);
USTOR_API int ustor_adapter_interrupt_post(struct ustor_adapter *adapter, uint32_t message_id);

/* ---- adapters ---- */

enum ustor_lun_event { USTOR_LUN_ARRIVED, USTOR_LUN_REMOVED };

struct ustor_adapter_options {
    size_t size;                        /* sizeof(struct ustor_adapter_options) */
    const struct ustor_device_desc *device;   /* NULL: a virtual adapter */
    const char *argument_string;        /* HwFindAdapter's ArgumentString (DriverParameter) */
    /* Told when enumeration adds or removes a unit; runs on a port thread. */
    void (*lun_event)(void *ctx, struct ustor_lun *lun, enum ustor_lun_event ev);
    void *ctx;
    /* The adapter's registry file (docs/registry.md), created by the first write if
     * missing; NULL: an empty registry kept in memory. */
    const char *registry_path;
};

/* Adds and starts an adapter: HwFindAdapter, HwInitialize, passive initialization,
 * control-type query and bus enumeration, all done when it returns. */
USTOR_API int ustor_adapter_add(struct ustor_driver *driver, const struct ustor_adapter_options *opts,
                                struct ustor_adapter **out);
/* Stops it (drains I/O, ScsiStopAdapter); requests submitted meanwhile wait. */
USTOR_API int ustor_adapter_stop(struct ustor_adapter *adapter);
/* Restarts a stopped adapter (ScsiRestartAdapter, or HwFindAdapter+HwInitialize again)
 * and starts the requests that waited. */
USTOR_API int ustor_adapter_restart(struct ustor_adapter *adapter);
/* The device vanished: outstanding and waiting requests complete with
 * SRB_STATUS_NO_DEVICE, new ones fail with -ENODEV. */
USTOR_API int ustor_adapter_surprise_remove(struct ustor_adapter *adapter);
/* Removes and frees it; every request completes first. */
USTOR_API int ustor_adapter_remove(struct ustor_adapter *adapter);
/* Enumerates the buses again (as BusChangeDetected does) and waits for it. */
USTOR_API int ustor_adapter_rescan(struct ustor_adapter *adapter);

/* A service request (IOCTL_MINIPORT_PROCESS_SERVICE_IRP, a "reverse callback") to a
 * virtual miniport with HwProcessServiceRequest: LENGTH bytes of BUFFER go to the
 * miniport in the IRP's system buffer, and when it completes the IRP (at any later
 * time) the first INFORMATION bytes it left there are copied back to BUFFER (none for
 * an error STATUS) and DONE runs once, on the adapter's service thread (or in
 * ustor_adapter_remove, which makes the miniport complete what it holds). BUFFER must
 * stay valid until then. Call at PASSIVE (not from a request callback on a DPC thread);
 * DONE may send the next request. -EOPNOTSUPP if the miniport takes none; on any
 * negative return DONE never runs. STATUS is the NTSTATUS the miniport set. */
typedef void ustor_service_done_fn(void *ctx, uint32_t status, uint64_t information);
USTOR_API int ustor_adapter_service_request(struct ustor_adapter *adapter, void *buffer,
                                            uint32_t length, ustor_service_done_fn *done,
                                            void *ctx);

/* What the miniport configured (after HwFindAdapter). */
struct ustor_adapter_info {
    bool virtual_adapter;
    bool extended_srb;              /* STORAGE_REQUEST_BLOCK in use */
    uint32_t max_transfer_length;   /* bytes */
    uint32_t physical_breaks;       /* NumberOfPhysicalBreaks */
    uint32_t alignment_mask;
    uint32_t number_of_buses, max_targets, max_luns;
    uint32_t max_io, max_ios_per_lun;
    uint32_t synchronization_model; /* StorSynchronizeHalfDuplex/FullDuplex */
    uint32_t srb_extension_size;
    /* How its interrupts reach the miniport. */
    uint32_t interrupt_mode;        /* enum ustor_interrupt_mode */
    uint32_t interrupt_messages;    /* MSI/MSI-X messages granted; 0 for a line or none */
    bool interrupt_per_message_lock;/* InterruptSynchronizePerMessage */
};
enum ustor_interrupt_mode {
    USTOR_INTERRUPT_NONE = 0,       /* a virtual adapter */
    USTOR_INTERRUPT_LINE = 1,       /* HwInterrupt on a line (INTx) */
    USTOR_INTERRUPT_MESSAGE = 2,    /* HwMessageSignaledInterruptRoutine per message */
};
USTOR_API int ustor_adapter_get_info(struct ustor_adapter *adapter, struct ustor_adapter_info *info);
/* The STORAGE_BUS_TYPE it reports (the registry's BusType, or StorPortSetAdapterBusType's). */
USTOR_API int ustor_adapter_bus_type(struct ustor_adapter *adapter, uint32_t *bus_type);

/* ---- logical units ---- */

struct ustor_lun_info {
    uint8_t path_id, target_id, lun;
    uint8_t peripheral_type;        /* INQUIRY byte 0, bits 0-4 */
    uint8_t inquiry[96];            /* standard INQUIRY data as the unit returned it */
    uint32_t inquiry_length;
    uint32_t queue_depth;           /* current per-LU depth */
};

/* Units of an adapter: fills up to MAX entries of LUNS, returns how many exist (>= 0). */
USTOR_API int ustor_adapter_luns(struct ustor_adapter *adapter, struct ustor_lun_info *luns, size_t max);
/* The handle of one unit, or NULL (ustor_last_error says why). */
USTOR_API struct ustor_lun *ustor_adapter_lun(struct ustor_adapter *adapter, uint8_t path_id,
                                              uint8_t target_id, uint8_t lun);
USTOR_API int ustor_lun_get_info(struct ustor_lun *lun, struct ustor_lun_info *info);
USTOR_API struct ustor_adapter *ustor_lun_adapter(struct ustor_lun *lun);

/* ---- requests ---- */

enum ustor_data_direction { USTOR_DATA_NONE = 0, USTOR_DATA_IN = 1, USTOR_DATA_OUT = 2 };

#define USTOR_CDB_MAX 32
#define USTOR_REQUEST_PRIVATE_WORDS 8

/* One SCSI request, owned by the caller until its callback runs. */
struct ustor_scsi_request {
    /* in */
    uint8_t function;               /* SRB_FUNCTION_*; 0 = EXECUTE_SCSI */
    uint8_t cdb_length;             /* 6..32 (EXECUTE_SCSI), or 0 with cdb_var */
    uint8_t cdb[USTOR_CDB_MAX];
    /* A CDB longer than 32 bytes (up to 260), for adapters using STORAGE_REQUEST_BLOCKs
     * (it travels in an SRBEX_DATA_SCSI_CDB_VAR block); read while the request is built. */
    const uint8_t *cdb_var;
    uint16_t cdb_var_length;
    uint8_t direction;              /* enum ustor_data_direction */
    uint8_t queue_action;           /* 0: simple tag */
    uint32_t timeout;               /* seconds; 0: the host default */
    void *data;                     /* from ustor_buffer_alloc(), or NULL */
    uint32_t data_length;
    void *sense;                    /* where sense data is copied on error, or NULL */
    uint8_t sense_length;
    /* SRB_FUNCTION_PNP / SRB_FUNCTION_POWER (sent to the unit, or the adapter with
     * function_flags = 1, the *_FLAGS_ADAPTER_REQUEST bit) */
    uint32_t pnp_action;            /* STOR_PNP_ACTION */
    uint32_t power_state;           /* STOR_DEVICE_POWER_STATE */
    uint32_t power_action;          /* STOR_POWER_ACTION */
    uint32_t function_flags;        /* SrbPnPFlags / SrbPowerFlags */
    void (*done)(struct ustor_scsi_request *req);
    void *context;                  /* for the caller */
    /* out, valid in done() */
    int result;                     /* 0 or -errno summarising srb_status */
    uint8_t srb_status;             /* SRB_STATUS_* without the flag bits */
    uint8_t scsi_status;
    uint8_t sense_valid;            /* bytes of sense copied */
    uint32_t transferred;           /* DataTransferLength the miniport left */
    /* port's own, do not touch */
    void *port_private[USTOR_REQUEST_PRIVATE_WORDS];
};

/* Queues a request to the unit; its callback runs exactly once (possibly before
 * this returns). A negative return means the callback will not run. */
USTOR_API int ustor_lun_submit(struct ustor_lun *lun, struct ustor_scsi_request *req);

/* Submits and waits (a convenience for setup code; not for the hot path). */
USTOR_API int ustor_lun_execute(struct ustor_lun *lun, struct ustor_scsi_request *req);

/* Counters of an adapter, for tests and tools. */
struct ustor_adapter_stats {
    uint64_t submitted, completed, started, timed_out, busy_retries, late_completions,
             bad_completions;
    uint32_t outstanding, waiting, slots_free, slots_total;
};
USTOR_API int ustor_adapter_get_stats(struct ustor_adapter *adapter, struct ustor_adapter_stats *st);

/* ---- power: host-driven transitions and what the miniport registered ---- */

enum ustor_power_kind {
    USTOR_POWER_DEVICE = 1,     /* D-state: state 1..4 = D0..D3, action STOR_POWER_ACTION */
    USTOR_POWER_FUNCTIONAL,     /* F-state of the PoFx component the miniport registered */
    USTOR_POWER_SETTING,        /* a power setting (a GUID the miniport registered) changed */
};

struct ustor_power_request {
    size_t size;                /* sizeof(struct ustor_power_request) */
    int kind;                   /* enum ustor_power_kind */
    struct ustor_lun *lun;      /* NULL: the adapter */
    uint32_t state, action, component;
    uint8_t setting_guid[16];   /* USTOR_POWER_SETTING: the GUID and its new value */
    const void *value;
    uint32_t value_length;
};
/* Runs the transition through HwAdapterControl/HwUnitControl (or the SRB or stop and
 * restart a miniport without them gets) and returns when the miniport has seen it. */
USTOR_API int ustor_adapter_power(struct ustor_adapter *adapter, const struct ustor_power_request *req);

struct ustor_power_info {
    uint32_t d_state;           /* STOR_DEVICE_POWER_STATE: 1 = D0 ... 4 = D3 */
    bool pofx_registered, active, d3cold_enabled;
    uint32_t pofx_version, pofx_flags, f_states, f_state, active_refs, idle_timeout_ms;
    uint64_t latency, residency;/* 100 ns units; UINT64_MAX: never set */
    uint64_t power_controls;    /* StorPortPoFxPowerControl requests seen */
    uint32_t unit_attributes;   /* STOR_UNIT_ATTRIBUTES bits (units) */
    uint32_t setting_guids;     /* power-setting GUIDs registered (adapter) */
};
USTOR_API int ustor_adapter_power_info(struct ustor_adapter *adapter, struct ustor_lun *lun,
                                       struct ustor_power_info *info);

#ifdef __cplusplus
}
#endif
#endif
