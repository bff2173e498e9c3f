/*
 * hwstate.h - an adapter's hardware-facing state: the register windows the miniport
 * mapped (portio.c), the bus-data buffer the port allocated for it (busdata.c), runtime
 * power (power.c) and the completion redirection of the performance options
 * (perfopts.c). struct ustor_adapter holds one pointer to it (adapter->hwstate),
 * created before HwFindAdapter and destroyed with the adapter.
 */
#ifndef USTOR_PORT_HWSTATE_H
#define USTOR_PORT_HWSTATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct ustor_adapter;
struct ustor_request;
struct ustor_window;
struct port_power;
struct port_perf;

#define PORT_MAX_MAPPINGS 32

struct port_mapping {
    struct ustor_window *window;
    uintptr_t address;              /* what GetDeviceBase returned */
};

struct port_hwstate {
    pthread_mutex_t lock;           /* mappings and the bus-data buffer; a leaf */
    struct port_mapping maps[PORT_MAX_MAPPINGS];
    unsigned nmaps;
    void *bus_data;                 /* GetBusData with Length 0 */
    struct port_power *power;
    struct port_perf *perf;
};

/* port_hwstate_create/destroy and port_perf_redirect are the adapter's and
 * completion's hooks: declared (weak) in port_internal.h. */

/* portio.c: drops what the miniport left mapped. */
void port_portio_release(struct ustor_adapter *a);

/* power.c */
int port_power_create(struct ustor_adapter *a);
void port_power_destroy(struct ustor_adapter *a);

/* perfopts.c */
void port_perf_destroy(struct ustor_adapter *a);

#endif
