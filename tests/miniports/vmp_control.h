/*
 * vmp_control.h - the control block of the virtual test miniport vmp.c, shared by the
 * miniport (WDK code) and its tests (host code): configuration the test writes before
 * adding an adapter, what the miniport observed, and the operations a test thread runs
 * through vmp_call. Plain fixed-width fields only, so both sides lay it out alike.
 */
#ifndef VMP_CONTROL_H
#define VMP_CONTROL_H

#include <stdint.h>

#define VMP_MAX_HELD 32
#define VMP_MAX_EVENTS 256

/* What the miniport saw, in order (events[]). */
enum vmp_event {
    VMP_EV_PROCESS_SERVICE = 1,
    VMP_EV_COMPLETE_SERVICE_IRPS,       /* HwCompleteServiceIrp */
    VMP_EV_FREE_RESOURCES,
    VMP_EV_UNIT_CONTROL = 100,          /* + SCSI_UNIT_CONTROL_TYPE */
};

struct vmp_control {
    /* ---- configuration ---- */
    int32_t luns;                       /* units on target 0 (default 1) */
    int32_t complete_inline;            /* HwProcessServiceRequest completes at once */
    int32_t forget_on_remove;           /* HwCompleteServiceIrp completes nothing */
    int32_t pofx_unit;                  /* claim ScsiUnitPoFxPowerInfo, register the unit */
    int32_t pofx_unit_fail;             /* ... and answer it ScsiUnitControlUnsuccessful */

    /* ---- observations ---- */
    int32_t nevents;
    int32_t events[VMP_MAX_EVENTS];
    int32_t service_calls;              /* HwProcessServiceRequest */
    int32_t service_not_passive;        /* ... called above PASSIVE_LEVEL */
    int32_t service_bad_shape;          /* ... with an IRP not as documented */
    uint32_t last_ioctl, last_input_length, last_output_length;
    uint8_t last_first_byte;            /* SystemBuffer[0] as received */
    int32_t held;                       /* service IRPs the miniport holds now */
    int32_t complete_calls;             /* HwCompleteServiceIrp */
    int32_t complete_not_passive;
    int32_t dpc_done;                   /* the completing DPC ran */
    uint32_t dpc_status;                /* what StorPortCompleteServiceIrp returned there */
    int32_t pofx_info_calls;            /* HwUnitControl(ScsiUnitPoFxPowerInfo) */
    int32_t pofx_info_bad;              /* ... whose parameters were not as documented */
    int32_t pofx_info_not_passive;
    int32_t pofx_idle_enabled;          /* IdlePowerEnabled of the last one */
    uint32_t pofx_register_status;      /* StorPortInitializePoFxPower's answer */
    int32_t leak_runs;                  /* HwStartIo returned holding a lock this often */
    /* StorPortReadDriverRegistry of "EntryKnob" in DriverEntry: answer, length, value */
    int32_t entry_read_ok;
    uint32_t entry_read_length, entry_read_value;
    void *driver_object;                /* DriverEntry's */
    uint32_t read_length;               /* VMP_OP_READ_DRIVER_REGISTRY's length out */
    uint8_t read_data[64];
    int32_t regnotify_calls;            /* the HW_REGISTRY_NOTIFICATION_ROUTINE ran */
    int32_t regnotify_not_passive;
    uint32_t regnotify_knob;            /* Parameters\Device Knob as it read it there */
    void *ext;                          /* the last adapter's device extension */
};

/* vmp_call operations; each runs on the test thread against the last adapter. */
enum vmp_op {
    /* a: NTSTATUS, b: Information, c: byte written over the first b bytes of the buffer;
     * completes the oldest held IRP; returns StorPortCompleteServiceIrp's answer, or -1 */
    VMP_OP_COMPLETE = 1,
    VMP_OP_COMPLETE_AGAIN,              /* the IRP VMP_OP_COMPLETE last completed, again */
    VMP_OP_COMPLETE_NULL,
    VMP_OP_COMPLETE_FROM_DPC,           /* as VMP_OP_COMPLETE, from a DPC (dpc_done) */
    VMP_OP_LOCK_ORDER,                  /* InterruptLock, then StartIoLock inside it */
    VMP_OP_IRQL_FROM_DPC,               /* StorPortRegistryRead from a DPC (dpc_done) */
    /* a: the value name (a pointer), b: buffer bytes (at most 64), c: 1 for a wrong
     * DriverObject; returns StorPortReadDriverRegistry's answer (read_length, read_data) */
    VMP_OP_READ_DRIVER_REGISTRY,
    /* a: 1 for a NULL routine; returns StorPortEnableRegistryKeyNotification's answer */
    VMP_OP_ENABLE_REGNOTIFY,
};

typedef int64_t vmp_call_fn(int op, int64_t a, int64_t b, int64_t c);

/* The CDB opcode whose HwStartIo returns holding the StartIo lock (a leak). */
#define VMP_OPCODE_LEAK_LOCK 0xC1

extern struct vmp_control vmp;

#endif
