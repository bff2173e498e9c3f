/*
 * hwmp_control.h - the control block of the hardware test miniport (hwmp.c), shared
 * by the miniport (WDK code) and the tests (host code): configuration written before
 * the miniport is loaded, observations read as it runs, and hwmp_call operations the
 * tests run inside the miniport's code (the register routines, PoFx, ACPI, ...).
 * Plain fixed-width fields only, so both sides lay it out alike.
 */
#ifndef HWMP_CONTROL_H
#define HWMP_CONTROL_H

#include <stdint.h>

#define HWMP_MAX_EVENTS 256
#define HWMP_BUF 512
#define HWMP_TARGETS 16
#define HWMP_RANGES 4

/* Request data a READ returns: what StartIo saw. */
struct hwmp_read_info {
    uint32_t magic;                 /* HWMP_MAGIC */
    uint32_t perf_status;           /* StorPortGetStartIoPerfParams */
    uint32_t message, channel;
    uint16_t group;
    uint8_t number;                 /* InitiatingProcessor */
    uint8_t pad;
};
#define HWMP_MAGIC 0x686D7770u

/* Adapter and unit control calls, in order: type and two details. */
struct hwmp_event {
    int32_t kind;                   /* HWMP_EV_* */
    int32_t type;                   /* the control type or SRB function */
    int64_t a, b;
};
enum { HWMP_EV_ADAPTER = 1, HWMP_EV_UNIT, HWMP_EV_SRB_POWER };

struct hwmp_control {
    /* ---- configuration ---- */
    int32_t perf_version;           /* 0: no StorPortInitializePerfOpts */
    int32_t perf_in_passive;        /* call it from HwPassiveInitialize, not HwInitialize */
    uint32_t perf_flags;            /* what to set (masked by what the query offered) */
#define HWMP_PERF_UNMASKED 0x80000000u    /* in perf_flags: set them as they are */
#define HWMP_PERF_NO_TARGETS 0x40000000u  /* in perf_flags: MessageTargets NULL */
    uint32_t perf_channels, perf_first, perf_last;
    int32_t complete_in_isr;        /* I/O completes from the interrupt a doorbell raises */
    int32_t rendezvous;             /* StartIo of LBA >= 1000 waits for a second one */
    int32_t claim_power;            /* claim the power and PoFx control types */
    int32_t pofx_adapter;           /* STOR_POFX_DEVICE version to register the adapter */
    uint32_t pofx_flags;
    int32_t pofx_fstates;           /* adapter F-states (0: 3) */
    uint64_t fstate_latency[4], fstate_residency[4];
    int32_t unit_attributes;        /* StorPortSetUnitAttributes bits at INQUIRY; -1 none */

    /* ---- observations ---- */
    void *ext;
    uint32_t findadapter_status;    /* 0 or a bit per failed check */
    uint32_t config_bytes, config_bytes0;     /* GetBusData with a buffer, with Length 0 */
    uint16_t vendor, device;
    uint8_t command_after;          /* command register read back after the set */
    uint32_t set_bytes;
    int64_t bases[HWMP_RANGES];     /* GetDeviceBase of each access range */
    int64_t wrong_space_base;       /* with InIoSpace inverted (must be NULL) */
    int64_t outside_base;           /* of an address in no range (must be NULL) */
    uint32_t validate_range;
    uint32_t id_read;               /* the ID register through StorPortReadRegisterUlong */
    uint32_t perf_query_status, perf_offered, perf_set_status;
    uint32_t guids_status;
    uint32_t pofx_status;
    uint8_t pofx_d3cold;
    uint32_t unit_attr_status;
    int32_t startio_inside, startio_max_inside;
    int32_t rendezvous_met;
    int32_t isr_calls;
    uint32_t op_status;             /* the last hwmp_call's STOR_STATUS */
    uint32_t op_returned;
    uint8_t op_flag;
    int32_t nevents;
    struct hwmp_event events[HWMP_MAX_EVENTS];
    uint8_t targets_mask_set;       /* MessageTargets were filled (checked by the test) */
    uint64_t targets[HWMP_TARGETS][2];   /* GROUP_AFFINITY: Mask, Group */
    uint8_t buf[HWMP_BUF];          /* operations' data */
};

enum hwmp_op {
    /* register and port routines: A = address, B = size (1,2,4,8), C = value or count */
    HWMP_OP_READ_PORT = 1, HWMP_OP_WRITE_PORT, HWMP_OP_READ_REG, HWMP_OP_WRITE_REG,
    HWMP_OP_READ_PORT_BUF, HWMP_OP_WRITE_PORT_BUF, HWMP_OP_READ_REG_BUF, HWMP_OP_WRITE_REG_BUF,
    HWMP_OP_DIRECT_READ,            /* a plain load from A of size B */
    /* mapping: A = bus address, B = bytes, C = InIoSpace */
    HWMP_OP_DEVICE_BASE, HWMP_OP_DEVICE_BASE2, HWMP_OP_FREE_DEVICE_BASE, HWMP_OP_VALIDATE,
    /* bus data: A = bus data type, B = offset, C = length (buf) */
    HWMP_OP_GET_BUS, HWMP_OP_SET_BUS,
    /* power: A = 1 for the unit (0,0,0), else the adapter */
    HWMP_OP_POFX_INIT,              /* B = version, C = F-states, D = flags */
    HWMP_OP_ACTIVATE, HWMP_OP_IDLE, HWMP_OP_LATENCY, HWMP_OP_RESIDENCY,   /* C = value */
    HWMP_OP_IDLE_TIMEOUT, HWMP_OP_POWER_CONTROL, HWMP_OP_D3COLD,
    HWMP_OP_ACPI,                   /* B = method, C = output length */
    HWMP_OP_GUIDS,                  /* B = how many GUIDs (from buf) */
    HWMP_OP_PERF,                   /* B = query, C = version, D = flags */
    HWMP_OP_UNIT_ATTR,              /* B = bits; A selects the address as for power */
    HWMP_OP_ACTIVATE_BAD,           /* activation with B: 1 bad component, 2 bad flags */
    HWMP_OP_UNDER_INTERRUPT_LOCK,   /* ACPI '_SDD' (returned) and activation (op_status) at DIRQL */
};
typedef int64_t hwmp_call_fn(int op, int64_t a, int64_t b, int64_t c, int64_t d);

extern struct hwmp_control hwmp;

#endif
