/*
 * general.h - an adapter's state for the registry, event and general routines
 * (registry*.c, events.c, general.c): its registry, the one registry buffer the
 * miniport may hold, the bus type it reports, its stand-in device objects.
 * struct ustor_adapter points to it (adapter->general); adapter.c creates it before
 * HwFindAdapter and frees it with the adapter.
 */
#ifndef USTOR_PORT_GENERAL_H
#define USTOR_PORT_GENERAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "port/port_internal.h"

struct registry;

/* The size of a DEVICE_OBJECT on x64: the stand-ins GetDeviceObjects returns. */
#define PORT_DEVICE_OBJECT_BYTES 0x150

struct port_general {
    struct registry *registry;
    pthread_mutex_t lock;           /* the fields below */
    unsigned char *reg_buffer;      /* StorPortAllocateRegistryBuffer's, or NULL */
    uint32_t reg_buffer_len;
    const void *reg_buffer_caller;
    bool foreign_buffer_reported;
    uint32_t bus_type;              /* STORAGE_BUS_TYPE */
    _Alignas(16) unsigned char device_objects[3][PORT_DEVICE_OBJECT_BYTES];
};

/* Opens the registry the options name (or an empty one in memory), takes the
 * ArgumentString from DriverParameter if the options give none, and sets the
 * default bus type. 0 or -errno (ustor_last_error says why). */
int port_general_init(struct ustor_adapter *a, const struct ustor_adapter_options *o);
/* Reports a registry buffer the miniport still holds, frees everything. */
void port_general_fini(struct ustor_adapter *a);

/* The miniport's registry keys: Parameters\Device or Parameters\Device<port>. */
void port_registry_device_key(const struct ustor_adapter *a, bool global, char *buf, size_t n);

/* A value of the adapter's registry, malloc'ed in *DATA (free it). 0 or -ENOENT. */
int port_registry_value(struct ustor_adapter *a, const char *key, const char *name,
                        uint32_t *type, unsigned char **data, size_t *size);

/* The STORAGE_BUS_TYPE the adapter reports. */
uint32_t port_adapter_bus_type(struct ustor_adapter *a);

/* A GUID as text: "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}". */
void port_guid_text(const GUID *g, char buf[40]);

/* Whether the running thread's IRQL is PASSIVE_LEVEL (reported if not). */
bool port_at_passive(const char *routine, const void *caller);

#endif
