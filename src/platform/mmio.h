/*
 * mmio.h - register windows: the CPU's view of a device's BARs.
 *
 * A device model creates one window per BAR. A memory window gets a readable and
 * writable address above 0xFFFF whose bytes are the device's register file: the model
 * keeps them current (ustor_window_set), so a miniport that dereferences a mapped
 * register directly reads what StorPortReadRegister* would. An I/O window is a range of
 * port numbers in 0..0xFFFF (its bus address, as on x86). Register and port accesses
 * go to the model's read/write hooks, or to the bytes when it has none.
 *
 * Lookup from an address to its window is lock-free and allocates nothing: memory
 * windows live in one reserved arena indexed by 64 KiB slots, ports in a table of
 * 16-port slots. Creating and destroying windows takes a mutex.
 *
 * Contract: a window is destroyed only when no access to it can be in flight (after
 * the adapters that mapped it are removed). Left out: prefetchable/write-combining
 * semantics, access-width enforcement (the model sees the size and decides), 64-bit
 * port I/O, a direct write to the bytes reaching the model (miniports write through
 * StorPortWriteRegister*; a direct store only changes the bytes).
 */
#ifndef USTOR_PLATFORM_MMIO_H
#define USTOR_PLATFORM_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ustorport/ustorport.h"

struct ustor_window;

/* The model's side. Hooks run on the accessing thread (any port context, any IRQL),
 * with no port lock held; SIZE is 1, 2, 4 or 8 and OFFSET + SIZE <= length. */
struct ustor_window_ops {
    /* NULL: the access reads the bytes. */
    uint64_t (*read)(void *ctx, struct ustor_window *w, uint32_t offset, unsigned size);
    /* NULL: the access stores into the bytes. */
    void (*write)(void *ctx, struct ustor_window *w, uint32_t offset, uint64_t value,
                  unsigned size);
};

struct ustor_window_desc {
    size_t size;                    /* sizeof(struct ustor_window_desc) */
    uint64_t bus_address;           /* the BAR as the device decodes it (ACCESS_RANGE
                                       RangeStart); for I/O the first port, 0: any free */
    uint32_t length;                /* bytes (ports for I/O) */
    bool io;                        /* I/O space rather than memory */
    const struct ustor_window_ops *ops;   /* may be NULL: plain memory */
    void *ctx;
    const char *name;               /* for reports */
};

/* 0, -EINVAL (bad length or port range), -EEXIST (bus range taken), -ENOMEM. */
USTOR_API int ustor_window_create(const struct ustor_window_desc *desc, struct ustor_window **out);
USTOR_API void ustor_window_destroy(struct ustor_window *w);
/* The address a miniport uses: a pointer value above 0xFFFF, or the first port. */
USTOR_API uintptr_t ustor_window_base(const struct ustor_window *w);
/* The register file (length bytes, zero at creation). */
USTOR_API void *ustor_window_bytes(struct ustor_window *w);
/* Atomic access to the register file for the model (OFFSET naturally aligned or not). */
USTOR_API uint64_t ustor_window_get(struct ustor_window *w, uint32_t offset, unsigned size);
USTOR_API void ustor_window_set(struct ustor_window *w, uint32_t offset, uint64_t value,
                                unsigned size);
/* How many GetDeviceBase mappings of it are outstanding. */
USTOR_API int ustor_window_mappings(const struct ustor_window *w);

/* ---- for the port (library-internal) ---- */

#define MMIO_PORT_LIMIT 0xFFFFu

/* The window that holds [addr, addr+size) and the offset there; NULL if none. */
struct ustor_window *mmio_find(uintptr_t addr, unsigned size, uint32_t *offset);
/* A register access through the hooks (or the bytes). */
uint64_t mmio_read(struct ustor_window *w, uint32_t offset, unsigned size);
void mmio_write(struct ustor_window *w, uint32_t offset, uint64_t value, unsigned size);
/* The window whose bus range holds [bus, bus+length) in that space; NULL if none. */
struct ustor_window *mmio_find_bus(uint64_t bus, uint64_t length, bool io);
uint64_t mmio_bus_address(const struct ustor_window *w);
bool mmio_is_io(const struct ustor_window *w);
const char *mmio_name(const struct ustor_window *w);
/* GetDeviceBase/FreeDeviceBase bookkeeping. */
void mmio_map(struct ustor_window *w, int delta);

#endif
