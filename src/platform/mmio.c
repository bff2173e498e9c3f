/*
 * Register windows (mmio.h): the arena of memory windows, the port table, and the
 * accesses that reach a device model's hooks or its register file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/log.h"
#include "platform/mmio.h"

#define ARENA_BYTES (256u << 20)
#define SLOT_SHIFT 16u                          /* 64 KiB per memory slot */
#define MEM_SLOTS (ARENA_BYTES >> SLOT_SHIFT)
#define PORT_SHIFT 4u                           /* 16 ports per I/O slot */
#define IO_SLOTS ((MMIO_PORT_LIMIT + 1u) >> PORT_SHIFT)
#define FIRST_FREE_PORT 0x1000u                 /* allocated ports start here, never 0 */
#define PAGE_BYTES 4096u
#define MAX_WINDOWS 256u

struct ustor_window {
    uint64_t bus;
    uint32_t length;
    bool io;
    uintptr_t base;
    unsigned char *bytes;
    size_t mapped;                              /* memory: page-rounded bytes */
    uint32_t first_slot, nslots;
    const struct ustor_window_ops *ops;
    void *ctx;
    char name[32];
    _Atomic int maps;
};

static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    unsigned char *arena;
    int arena_err;
    _Atomic(struct ustor_window *) mem[MEM_SLOTS];
    _Atomic(struct ustor_window *) io[IO_SLOTS];
    struct ustor_window *all[MAX_WINDOWS];
    unsigned count;
} reg = {.once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- the arena ---- */

static void arena_reserve(void)
{
    void *p = mmap(NULL, ARENA_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        reg.arena_err = -errno;
        return;
    }
    if ((uintptr_t)p <= MMIO_PORT_LIMIT) {   /* must never look like a port number */
        munmap(p, ARENA_BYTES);
        reg.arena_err = -ENOMEM;
        return;
    }
    __atomic_store_n(&reg.arena, (unsigned char *)p, __ATOMIC_RELEASE);
}

static size_t round_up(size_t n, size_t a)
{
    return (n + a - 1) / a * a;
}

/* Consecutive free slots in TABLE, first fit from FROM; -1 if none. Under reg.lock. */
static long free_run(_Atomic(struct ustor_window *) *table, uint32_t nslots, uint32_t from,
                     uint32_t n, uint32_t align)
{
    for (uint32_t s = round_up(from, align); s + n <= nslots; s += align) {
        uint32_t k = 0;
        while (k < n && !atomic_load_explicit(&table[s + k], memory_order_relaxed))
            k++;
        if (k == n)
            return s;
    }
    return -1;
}

static void slots_set(_Atomic(struct ustor_window *) *table, struct ustor_window *w,
                      struct ustor_window *value)
{
    for (uint32_t k = 0; k < w->nslots; k++)
        atomic_store_explicit(&table[w->first_slot + k], value, memory_order_release);
}

/* ---- creating ---- */

struct ustor_desc_view {
    uint64_t bus;
    uint64_t length;
    bool io;
};

static int bus_overlaps(const struct ustor_desc_view *v)
{
    for (unsigned i = 0; i < reg.count; i++) {
        const struct ustor_window *w = reg.all[i];
        if (w->io == v->io && v->bus < w->bus + w->length && w->bus < v->bus + v->length)
            return 1;
    }
    return 0;
}

static int place_memory(struct ustor_window *w)
{
    if (!reg.arena)
        return reg.arena_err ? reg.arena_err : -ENOMEM;
    w->mapped = round_up(w->length, PAGE_BYTES);
    w->nslots = (uint32_t)(round_up(w->mapped, 1u << SLOT_SHIFT) >> SLOT_SHIFT);
    long s = free_run(reg.mem, MEM_SLOTS, 0, w->nslots, 1);
    if (s < 0)
        return -ENOMEM;
    w->first_slot = (uint32_t)s;
    w->bytes = reg.arena + ((size_t)s << SLOT_SHIFT);
    if (mprotect(w->bytes, w->mapped, PROT_READ | PROT_WRITE) != 0)
        return -errno;
    w->base = (uintptr_t)w->bytes;
    return 0;
}

static uint32_t pow2_at_least(uint32_t n)
{
    uint32_t p = 1u << PORT_SHIFT;
    while (p < n)
        p <<= 1;
    return p;
}

static int place_ports(struct ustor_window *w)
{
    uint32_t span = pow2_at_least(w->length), n = span >> PORT_SHIFT;
    if (w->bus) {
        if (w->bus & ((1u << PORT_SHIFT) - 1) || w->bus + w->length - 1 > MMIO_PORT_LIMIT)
            return -EINVAL;
        w->first_slot = (uint32_t)(w->bus >> PORT_SHIFT);
        w->nslots = (uint32_t)(round_up(w->length, 1u << PORT_SHIFT) >> PORT_SHIFT);
    } else {
        long s = free_run(reg.io, IO_SLOTS, FIRST_FREE_PORT >> PORT_SHIFT, n, n);
        if (s < 0)
            return -ENOMEM;
        w->first_slot = (uint32_t)s;
        w->nslots = n;
        w->bus = (uint64_t)s << PORT_SHIFT;
    }
    for (uint32_t k = 0; k < w->nslots; k++)
        if (atomic_load_explicit(&reg.io[w->first_slot + k], memory_order_relaxed))
            return -EEXIST;
    w->base = (uintptr_t)w->bus;
    w->bytes = calloc(1, w->length);
    return w->bytes ? 0 : -ENOMEM;
}

static int desc_check(const struct ustor_window_desc *d)
{
    if (!d || d->size < sizeof *d || !d->length)
        return -EINVAL;
    if (d->io && (d->length > MMIO_PORT_LIMIT || d->bus_address > MMIO_PORT_LIMIT))
        return -EINVAL;
    if (!d->io && (d->length > ARENA_BYTES / 4 || !d->bus_address))
        return -EINVAL;
    struct ustor_desc_view v = {d->bus_address, d->length, d->io};
    if (d->bus_address && bus_overlaps(&v))
        return -EEXIST;
    return reg.count < MAX_WINDOWS ? 0 : -ENOSPC;
}

static void window_release(struct ustor_window *w)
{
    if (w->io) {
        free(w->bytes);
    } else if (w->bytes) {
        /* back to an untouched, inaccessible reservation */
        mmap(w->bytes, w->mapped, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
             MAP_FIXED, -1, 0);
    }
    free(w);
}

static void window_fill(struct ustor_window *w, const struct ustor_window_desc *d)
{
    w->bus = d->bus_address;
    w->length = d->length;
    w->io = d->io;
    w->ops = d->ops;
    w->ctx = d->ctx;
    snprintf(w->name, sizeof w->name, "%s", d->name ? d->name : (d->io ? "ports" : "memory"));
}

USTOR_API int ustor_window_create(const struct ustor_window_desc *d, struct ustor_window **out)
{
    pthread_once(&reg.once, arena_reserve);
    if (!out)
        return -EINVAL;
    struct ustor_window *w = calloc(1, sizeof *w);
    if (!w)
        return -ENOMEM;
    pthread_mutex_lock(&reg.lock);
    int rc = desc_check(d);
    if (rc == 0) {
        window_fill(w, d);
        rc = w->io ? place_ports(w) : place_memory(w);
    }
    if (rc == 0) {
        reg.all[reg.count++] = w;
        slots_set(w->io ? reg.io : reg.mem, w, w);
    }
    pthread_mutex_unlock(&reg.lock);
    if (rc < 0) {
        window_release(w);
        return rc;
    }
    *out = w;
    return 0;
}

USTOR_API void ustor_window_destroy(struct ustor_window *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&reg.lock);
    for (unsigned i = 0; i < reg.count; i++)
        if (reg.all[i] == w) {
            reg.all[i] = reg.all[--reg.count];
            break;
        }
    slots_set(w->io ? reg.io : reg.mem, w, NULL);
    pthread_mutex_unlock(&reg.lock);
    if (atomic_load(&w->maps) > 0)
        ulog_host(ULOG_WARN, "register window %s destroyed while mapped %d time(s)", w->name,
                  atomic_load(&w->maps));
    window_release(w);
}

USTOR_API uintptr_t ustor_window_base(const struct ustor_window *w)
{
    return w->base;
}

USTOR_API void *ustor_window_bytes(struct ustor_window *w)
{
    return w->bytes;
}

USTOR_API int ustor_window_mappings(const struct ustor_window *w)
{
    return atomic_load(&w->maps);
}

/* ---- the register file ---- */

static bool aligned(const void *p, unsigned size)
{
    return ((uintptr_t)p & (size - 1)) == 0;
}

USTOR_API uint64_t ustor_window_get(struct ustor_window *w, uint32_t offset, unsigned size)
{
    unsigned char *p = w->bytes + offset;
    if (!aligned(p, size)) {
        uint64_t v = 0;
        memcpy(&v, p, size);   /* little endian: the low bytes */
        return v;
    }
    switch (size) {
    case 1: return __atomic_load_n(p, __ATOMIC_ACQUIRE);
    case 2: return __atomic_load_n((uint16_t *)(void *)p, __ATOMIC_ACQUIRE);
    case 4: return __atomic_load_n((uint32_t *)(void *)p, __ATOMIC_ACQUIRE);
    default: return __atomic_load_n((uint64_t *)(void *)p, __ATOMIC_ACQUIRE);
    }
}

USTOR_API void ustor_window_set(struct ustor_window *w, uint32_t offset, uint64_t value,
                                unsigned size)
{
    unsigned char *p = w->bytes + offset;
    if (!aligned(p, size)) {
        memcpy(p, &value, size);
        return;
    }
    switch (size) {
    case 1: __atomic_store_n(p, (uint8_t)value, __ATOMIC_RELEASE); break;
    case 2: __atomic_store_n((uint16_t *)(void *)p, (uint16_t)value, __ATOMIC_RELEASE); break;
    case 4: __atomic_store_n((uint32_t *)(void *)p, (uint32_t)value, __ATOMIC_RELEASE); break;
    default: __atomic_store_n((uint64_t *)(void *)p, value, __ATOMIC_RELEASE); break;
    }
}

/* ---- the port's side ---- */

static struct ustor_window *slot_window(uintptr_t addr)
{
    if (addr <= MMIO_PORT_LIMIT)
        return atomic_load_explicit(&reg.io[addr >> PORT_SHIFT], memory_order_acquire);
    uintptr_t base = (uintptr_t)__atomic_load_n(&reg.arena, __ATOMIC_ACQUIRE);
    if (!base || addr < base || addr - base >= ARENA_BYTES)
        return NULL;
    return atomic_load_explicit(&reg.mem[(addr - base) >> SLOT_SHIFT], memory_order_acquire);
}

struct ustor_window *mmio_find(uintptr_t addr, unsigned size, uint32_t *offset)
{
    struct ustor_window *w = slot_window(addr);
    if (!w || addr < w->base || addr - w->base + size > w->length)
        return NULL;
    *offset = (uint32_t)(addr - w->base);
    return w;
}

uint64_t mmio_read(struct ustor_window *w, uint32_t offset, unsigned size)
{
    if (w->ops && w->ops->read)
        return w->ops->read(w->ctx, w, offset, size);
    return ustor_window_get(w, offset, size);
}

void mmio_write(struct ustor_window *w, uint32_t offset, uint64_t value, unsigned size)
{
    if (w->ops && w->ops->write)
        w->ops->write(w->ctx, w, offset, value, size);
    else
        ustor_window_set(w, offset, value, size);
}

struct ustor_window *mmio_find_bus(uint64_t bus, uint64_t length, bool io)
{
    struct ustor_window *found = NULL;
    pthread_mutex_lock(&reg.lock);
    for (unsigned i = 0; i < reg.count && !found; i++) {
        struct ustor_window *w = reg.all[i];
        if (w->io == io && bus >= w->bus && bus - w->bus + length <= w->length)
            found = w;
    }
    pthread_mutex_unlock(&reg.lock);
    return found;
}

uint64_t mmio_bus_address(const struct ustor_window *w)
{
    return w->bus;
}

bool mmio_is_io(const struct ustor_window *w)
{
    return w->io;
}

const char *mmio_name(const struct ustor_window *w)
{
    return w->name;
}

void mmio_map(struct ustor_window *w, int delta)
{
    atomic_fetch_add(&w->maps, delta);
}
