/*
 * Port and register I/O: the 31 StorPortRead/Write{Port,Register}* routines (the
 * 64-bit register forms are library functions here, not the WDK's plain memory
 * accesses), StorPortGetDeviceBase/GetDeviceBase2/FreeDeviceBase and ValidateRange.
 *
 * An access decodes its address alone (the extension may be NULL, as VirtIO passes
 * it): 0..0xFFFF is a port, anything else a memory address, and the register window
 * that holds it (platform/mmio.h) serves it. Register buffers cover consecutive
 * registers (a block transfer, as the x64 WDK does it); port buffers repeat one port.
 * Misuse is a guest error, reported once per caller: an address no window holds (a
 * read then returns all ones, as a bus does for a missing device), a port routine
 * on memory or a register routine on a port (served anyway), and an access to a
 * window no adapter has mapped.
 */
#include <stdatomic.h>
#include <string.h>

#include "common/log.h"
#include "platform/mmio.h"
#include "port/hwstate.h"
#include "port/port_internal.h"

enum bad_access { BAD_UNMAPPED = 1, BAD_SPACE, BAD_NOT_MAPPED, BAD_BUFFER };

#define SEEN_SLOTS 256u
#define SEEN_PROBES 16u

static _Atomic uintptr_t seen[SEEN_SLOTS];

/* Whether KEY is reported for the first time (a small lock-free set). */
static bool first_report(uintptr_t key)
{
    unsigned h = (unsigned)((key * 0x9E3779B97F4A7C15ull) >> 56);
    for (unsigned i = 0; i < SEEN_PROBES; i++) {
        _Atomic uintptr_t *s = &seen[(h + i) % SEEN_SLOTS];
        uintptr_t cur = atomic_load_explicit(s, memory_order_relaxed);
        if (cur == 0 && atomic_compare_exchange_strong(s, &cur, key))
            return true;
        if (cur == key)
            return false;
    }
    return true;   /* crowded: report again rather than lose it */
}

static void report(enum bad_access kind, const char *who, uintptr_t addr, bool port,
                   const void *caller)
{
    if (!first_report((uintptr_t)caller * 4 + kind))
        return;
    char where[128];
    ulog_describe_code(caller, where, sizeof where);
    if (kind == BAD_UNMAPPED)
        ulog_guest(ULOG_WARN, "%s(0x%lx) from %s: no register window holds this address "
                   "(reads return all ones)", who, (unsigned long)addr, where);
    else if (kind == BAD_SPACE)
        ulog_guest(ULOG_WARN, "%s(0x%lx) from %s: a %s routine on a %s address", who,
                   (unsigned long)addr, where, port ? "port" : "register",
                   addr <= MMIO_PORT_LIMIT ? "port" : "memory");
    else if (kind == BAD_NOT_MAPPED)
        ulog_guest(ULOG_WARN, "%s(0x%lx) from %s: the window was not mapped with "
                   "StorPortGetDeviceBase (or was freed)", who, (unsigned long)addr, where);
    else
        ulog_guest(ULOG_WARN, "%s(0x%lx) from %s: a NULL buffer with a count; nothing moved",
                   who, (unsigned long)addr, where);
}

static struct ustor_window *window_for(uintptr_t addr, unsigned bytes, bool port,
                                       const char *who, const void *caller, uint32_t *off)
{
    struct ustor_window *w = mmio_find(addr, bytes ? bytes : 1, off);
    if (!w) {
        report(BAD_UNMAPPED, who, addr, port, caller);
        return NULL;
    }
    if (mmio_is_io(w) != port)
        report(BAD_SPACE, who, addr, port, caller);
    if (ustor_window_mappings(w) <= 0)
        report(BAD_NOT_MAPPED, who, addr, port, caller);
    return w;
}

static uint64_t all_ones(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static uint64_t read_one(uintptr_t addr, unsigned size, bool port, const char *who,
                         const void *caller)
{
    uint32_t off;
    struct ustor_window *w = window_for(addr, size, port, who, caller, &off);
    return w ? mmio_read(w, off, size) : all_ones(size);
}

static void write_one(uintptr_t addr, uint64_t value, unsigned size, bool port,
                      const char *who, const void *caller)
{
    uint32_t off;
    struct ustor_window *w = window_for(addr, size, port, who, caller, &off);
    if (w)
        mmio_write(w, off, value, size);
}

static void get_value(void *buf, uint32_t i, unsigned size, uint64_t *v)
{
    *v = 0;
    memcpy(v, (unsigned char *)buf + (size_t)i * size, size);
}

static void put_value(void *buf, uint32_t i, unsigned size, uint64_t v)
{
    memcpy((unsigned char *)buf + (size_t)i * size, &v, size);
}

/* COUNT values of SIZE: ports repeat one address, registers advance through them. */
static void read_buffer(uintptr_t addr, void *buf, uint32_t count, unsigned size, bool port,
                        const char *who, const void *caller)
{
    uint32_t off;
    if (count && !buf)
        report(BAD_BUFFER, who, addr, port, caller);
    if (!count || !buf)
        return;
    struct ustor_window *w = window_for(addr, port ? size : size * count, port, who, caller,
                                        &off);
    for (uint32_t i = 0; i < count; i++)
        put_value(buf, i, size, w ? mmio_read(w, port ? off : off + i * size, size)
                                  : all_ones(size));
}

static void write_buffer(uintptr_t addr, void *buf, uint32_t count, unsigned size, bool port,
                         const char *who, const void *caller)
{
    uint32_t off;
    uint64_t v;
    if (count && !buf)
        report(BAD_BUFFER, who, addr, port, caller);
    if (!count || !buf)
        return;
    struct ustor_window *w = window_for(addr, port ? size : size * count, port, who, caller,
                                        &off);
    for (uint32_t i = 0; w && i < count; i++) {
        get_value(buf, i, size, &v);
        mmio_write(w, port ? off : off + i * size, v, size);
    }
}

/* ---- the routines ---- */

#define IO_READ(name, T, port)                                                           \
    STORPORT_API T name(PVOID HwDeviceExtension, T *Address)                            \
    {                                                                                    \
        (void)HwDeviceExtension;                                                         \
        return (T)read_one((uintptr_t)Address, sizeof(T), port, #name,                   \
                           __builtin_return_address(0));                                 \
    }

#define IO_WRITE(name, T, port)                                                          \
    STORPORT_API VOID name(PVOID HwDeviceExtension, T *Address, T Value)                \
    {                                                                                    \
        (void)HwDeviceExtension;                                                         \
        write_one((uintptr_t)Address, Value, sizeof(T), port, #name,                     \
                  __builtin_return_address(0));                                          \
    }

#define IO_READ_BUFFER(name, T, port)                                                    \
    STORPORT_API VOID name(PVOID HwDeviceExtension, T *Address, T *Buffer, ULONG Count) \
    {                                                                                    \
        (void)HwDeviceExtension;                                                         \
        read_buffer((uintptr_t)Address, Buffer, Count, sizeof(T), port,    \
                    #name, __builtin_return_address(0));                                 \
    }

#define IO_WRITE_BUFFER(name, T, port)                                                   \
    STORPORT_API VOID name(PVOID HwDeviceExtension, T *Address, T *Buffer, ULONG Count) \
    {                                                                                    \
        (void)HwDeviceExtension;                                                         \
        write_buffer((uintptr_t)Address, Buffer, Count, sizeof(T), port,   \
                     #name, __builtin_return_address(0));                                \
    }

IO_READ(StorPortReadPortUchar, UCHAR, true)
IO_READ(StorPortReadPortUshort, USHORT, true)
IO_READ(StorPortReadPortUlong, ULONG, true)
IO_READ(StorPortReadRegisterUchar, UCHAR, false)
IO_READ(StorPortReadRegisterUshort, USHORT, false)
IO_READ(StorPortReadRegisterUlong, ULONG, false)
IO_READ(StorPortReadRegisterUlong64, ULONG64, false)

IO_WRITE(StorPortWritePortUchar, UCHAR, true)
IO_WRITE(StorPortWritePortUshort, USHORT, true)
IO_WRITE(StorPortWritePortUlong, ULONG, true)
IO_WRITE(StorPortWriteRegisterUchar, UCHAR, false)
IO_WRITE(StorPortWriteRegisterUshort, USHORT, false)
IO_WRITE(StorPortWriteRegisterUlong, ULONG, false)
IO_WRITE(StorPortWriteRegisterUlong64, ULONG64, false)

IO_READ_BUFFER(StorPortReadPortBufferUchar, UCHAR, true)
IO_READ_BUFFER(StorPortReadPortBufferUshort, USHORT, true)
IO_READ_BUFFER(StorPortReadPortBufferUlong, ULONG, true)
IO_READ_BUFFER(StorPortReadRegisterBufferUchar, UCHAR, false)
IO_READ_BUFFER(StorPortReadRegisterBufferUshort, USHORT, false)
IO_READ_BUFFER(StorPortReadRegisterBufferUlong, ULONG, false)
IO_READ_BUFFER(StorPortReadRegisterBufferUlong64, ULONG64, false)

IO_WRITE_BUFFER(StorPortWritePortBufferUchar, UCHAR, true)
IO_WRITE_BUFFER(StorPortWritePortBufferUshort, USHORT, true)
IO_WRITE_BUFFER(StorPortWritePortBufferUlong, ULONG, true)
IO_WRITE_BUFFER(StorPortWriteRegisterBufferUchar, UCHAR, false)
IO_WRITE_BUFFER(StorPortWriteRegisterBufferUshort, USHORT, false)
IO_WRITE_BUFFER(StorPortWriteRegisterBufferUlong, ULONG, false)
IO_WRITE_BUFFER(StorPortWriteRegisterBufferUlong64, ULONG64, false)

/* ---- mapping ---- */

/* The device's access range that holds [bus, bus+len), or NULL. */
static const struct ustor_access_range *range_of(const struct ustor_adapter *a, uint64_t bus,
                                                 uint64_t len)
{
    for (uint32_t i = 0; a->has_device && i < a->device.n_ranges; i++) {
        const struct ustor_access_range *r = &a->device.ranges[i];
        if (bus >= r->start && bus - r->start + len <= r->length)
            return r;
    }
    return NULL;
}

static void mapping_add(struct ustor_adapter *a, struct ustor_window *w, uintptr_t addr)
{
    struct port_hwstate *h = a->hwstate;
    pthread_mutex_lock(&h->lock);
    if (h->nmaps < PORT_MAX_MAPPINGS) {
        h->maps[h->nmaps++] = (struct port_mapping){w, addr};
        mmio_map(w, +1);
    } else {
        port_guest(a, "StorPortGetDeviceBase: more than %u mappings; this one is not "
                   "tracked", PORT_MAX_MAPPINGS);
    }
    pthread_mutex_unlock(&h->lock);
}

static ULONG device_base(struct ustor_adapter *a, uint64_t bus, ULONG bytes, bool io,
                         PVOID *out, const char *who)
{
    uint64_t len = bytes ? bytes : 1;
    const struct ustor_access_range *r = range_of(a, bus, len);
    *out = NULL;
    if (!r) {
        port_guest(a, "%s(0x%llx, %u bytes): not within one of the adapter's access ranges",
                   who, (unsigned long long)bus, bytes);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (io == r->in_memory) {
        port_guest(a, "%s(0x%llx): InIoSpace=%d but the range is in %s space", who,
                   (unsigned long long)bus, io, r->in_memory ? "memory" : "I/O");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct ustor_window *w = mmio_find_bus(bus, len, io);
    if (!w) {
        ulog_host(ULOG_WARN, "%s: %s(0x%llx): no device model decodes this %s range",
                  a->name, who, (unsigned long long)bus, io ? "I/O" : "memory");
        return STOR_STATUS_UNSUCCESSFUL;
    }
    uintptr_t addr = ustor_window_base(w) + (uintptr_t)(bus - mmio_bus_address(w));
    mapping_add(a, w, addr);
    *out = (PVOID)addr;
    return STOR_STATUS_SUCCESS;
}

STORPORT_API PVOID StorPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
                                         ULONG SystemIoBusNumber,
                                         STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes,
                                         BOOLEAN InIoSpace)
{
    (void)BusType;
    (void)SystemIoBusNumber;
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortGetDeviceBase");
    PVOID base = NULL;
    if (a)
        device_base(a, (uint64_t)IoAddress.QuadPart, NumberOfBytes, InIoSpace != FALSE, &base,
                    "StorPortGetDeviceBase");
    return base;
}

static ULONG ext_get_device_base2(PVOID ext, va_list *ap)
{
    (void)va_arg(*ap, int);                 /* BusType */
    (void)va_arg(*ap, ULONG);               /* SystemIoBusNumber */
    STOR_PHYSICAL_ADDRESS addr = va_arg(*ap, STOR_PHYSICAL_ADDRESS);
    ULONG bytes = va_arg(*ap, ULONG);
    bool io = va_arg(*ap, int) != FALSE;
    (void)va_arg(*ap, ULONG);               /* Flags: none defined that change mapping here */
    PVOID *out = va_arg(*ap, PVOID *);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetDeviceBase2");
    if (!a || !out)
        return STOR_STATUS_INVALID_PARAMETER;
    return device_base(a, (uint64_t)addr.QuadPart, bytes, io, out, "StorPortGetDeviceBase2");
}
USTOR_EXTFN(ExtFunctionGetDeviceBase2, ext_get_device_base2);

STORPORT_API VOID StorPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortFreeDeviceBase");
    if (!a)
        return;
    struct port_hwstate *h = a->hwstate;
    struct ustor_window *w = NULL;
    pthread_mutex_lock(&h->lock);
    for (unsigned i = 0; i < h->nmaps && !w; i++)
        if (h->maps[i].address == (uintptr_t)MappedAddress) {
            w = h->maps[i].window;
            h->maps[i] = h->maps[--h->nmaps];
        }
    pthread_mutex_unlock(&h->lock);
    if (w)
        mmio_map(w, -1);
    else
        port_guest(a, "StorPortFreeDeviceBase(%p): not an address StorPortGetDeviceBase "
                   "returned (or freed twice)", MappedAddress);
}

/* Obsolete in Storport: every range is valid. */
STORPORT_API BOOLEAN StorPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
                                           ULONG SystemIoBusNumber,
                                           STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes,
                                           BOOLEAN InIoSpace)
{
    (void)HwDeviceExtension; (void)BusType; (void)SystemIoBusNumber;
    (void)IoAddress; (void)NumberOfBytes; (void)InIoSpace;
    return TRUE;
}

void port_portio_release(struct ustor_adapter *a)
{
    struct port_hwstate *h = a->hwstate;
    pthread_mutex_lock(&h->lock);
    for (unsigned i = 0; i < h->nmaps; i++)
        mmio_map(h->maps[i].window, -1);
    h->nmaps = 0;
    pthread_mutex_unlock(&h->lock);
}
