/*
 * power.h - the power state the port keeps per adapter: one record for the adapter and
 * one per unit that power touched (D-state, PoFx registration and component state,
 * latency and residency, unit attributes), the power-setting GUIDs, and the worker
 * that carries activation and idling to the miniport. Shared by power.c (PoFx
 * routines and the worker), power_host.c (the host's transitions) and power_device.c
 * (unit attributes, power settings, D3cold, ACPI).
 *
 * Locks: power->transition (a sleeping lock: one call into the miniport's power
 * controls at a time; the worker and the host hold it) -> power->lock (a leaf: the
 * records' fields; taken inside miniport contexts, never across a miniport call).
 */
#ifndef USTOR_PORT_POWER_H
#define USTOR_PORT_POWER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "port/port_internal.h"

#define POWER_MAX_FSTATES 8
#define POWER_MAX_GUIDS 32
#define POWER_UNKNOWN_TIME UINT64_MAX

struct power_obj {
    struct power_obj *next;         /* units; never unlinked before the adapter goes */
    bool unit;
    STOR_ADDR_BTL8 addr;            /* a unit's address, as its power controls get it */
    /* under power->lock */
    uint32_t d_state;               /* STOR_DEVICE_POWER_STATE */
    bool cascaded;                  /* put in low power by the adapter's transition */
    bool pending;                   /* the worker has to look at it */
    bool registered, active, d3cold;
    uint32_t version, flags, nfstates, fstate, refs, idle_timeout_ms;
    uint64_t fs_latency[POWER_MAX_FSTATES], fs_residency[POWER_MAX_FSTATES];
    uint64_t latency, residency, controls;
    uint32_t attributes;            /* STOR_UNIT_ATTRIBUTES bits */
};

struct exec_worker;

struct port_power {
    pthread_mutex_t lock;
    pthread_mutex_t transition;
    struct power_obj adapter;
    struct power_obj *units;
    GUID guids[POWER_MAX_GUIDS];
    uint32_t nguids;
    struct exec_worker *worker;
};

struct port_power *power_of(const struct ustor_adapter *a);
/* The record of the adapter (ADDR NULL) or of the unit ADDR names, which must exist;
 * NULL (a guest error naming WHO) otherwise. */
struct power_obj *power_obj_for(struct ustor_adapter *a, const STOR_ADDRESS *addr,
                                const char *who);
struct power_obj *power_unit_obj(struct ustor_adapter *a, uint8_t path, uint8_t target,
                                 uint8_t lun);
/* Existing records only (no creation): NULL if power never touched that unit. */
struct power_obj *power_unit_peek(struct ustor_adapter *a, uint8_t path, uint8_t target,
                                  uint8_t lun);

/* Miniport calls, each framed and at its IRQL; -EOPNOTSUPP when the miniport does not
 * claim the control type. */
int power_adapter_control(struct ustor_adapter *a, SCSI_ADAPTER_CONTROL_TYPE type, PVOID params);
int power_unit_control(struct ustor_adapter *a, SCSI_UNIT_CONTROL_TYPE type, PVOID params);
STOR_POWER_CONTROL_HEADER power_header(struct power_obj *o, ULONG size);
/* Tells the miniport component 0 of O is in F-state F (under power->transition). */
int power_set_fstate(struct ustor_adapter *a, struct power_obj *o, uint32_t f);
/* Asks the worker to bring O's component in line with its activation references. */
void power_kick(struct ustor_adapter *a, struct power_obj *o);

/* power_device.c: whether the platform gives the node D3cold (its ACPI has _PR3), and
 * whether the miniport registered a power-setting GUID. */
bool power_d3cold_supported(struct ustor_adapter *a, struct power_obj *o);
bool power_guid_registered(struct ustor_adapter *a, const GUID *g);

#endif
