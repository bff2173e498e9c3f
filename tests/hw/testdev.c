/* The port tests' device model (testdev.h). */
#include "testdev.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "platform/mmio.h"

#define CONFIG_BYTES 256u
#define FIFO_BYTES 256u
#define NAME(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

struct testdev {
    struct testdev_config cfg;
    struct ustor_device_desc desc;
    struct ustor_device_ops ops;
    struct ustor_window *mem, *io;
    _Atomic(struct ustor_adapter *) adapter;
    pthread_mutex_t lock;               /* the FIFO and configuration space */
    uint8_t fifo[FIFO_BYTES];
    uint32_t fifo_len;
    uint8_t config[CONFIG_BYTES];
    _Atomic uint32_t doorbells, acpi_calls;
};

static void raise_message(struct testdev *d, uint32_t value)
{
    struct ustor_adapter *a = atomic_load(&d->adapter);
    uint32_t n = d->cfg.messages ? d->cfg.messages : 1;
    atomic_fetch_add(&d->doorbells, 1);
    if (a)
        ustor_adapter_interrupt_post(a, value % n);
}

/* ---- memory BAR ---- */

static uint64_t mem_read(void *ctx, struct ustor_window *w, uint32_t off, unsigned size)
{
    (void)ctx;
    if (off == TD_REG_STATUS && size == 4) {
        uint32_t *p = (uint32_t *)((uint8_t *)ustor_window_bytes(w) + off);
        return __atomic_exchange_n(p, 0, __ATOMIC_ACQ_REL);
    }
    if (off == TD_REG_COUNTER && size == 4) {
        uint32_t *p = (uint32_t *)((uint8_t *)ustor_window_bytes(w) + off);
        return __atomic_add_fetch(p, 1, __ATOMIC_ACQ_REL);
    }
    return ustor_window_get(w, off, size);
}

static bool read_only(uint32_t off)
{
    return off == TD_REG_ID || off == TD_REG_LAST || off == TD_REG_COUNTER ||
           off == TD_REG_CAP || off == TD_REG_STATUS;
}

static void mem_write(void *ctx, struct ustor_window *w, uint32_t off, uint64_t v, unsigned size)
{
    struct testdev *d = ctx;
    if (off == TD_REG_DOORBELL && size == 4) {
        ustor_window_set(w, TD_REG_LAST, v, 4);
        uint32_t *st = (uint32_t *)((uint8_t *)ustor_window_bytes(w) + TD_REG_STATUS);
        __atomic_fetch_or(st, 1u, __ATOMIC_ACQ_REL);
        raise_message(d, (uint32_t)v);
        return;
    }
    if (off < TD_RAM && read_only(off & ~3u))
        return;
    ustor_window_set(w, off, v, size);
}

static const struct ustor_window_ops mem_ops = {.read = mem_read, .write = mem_write};

/* ---- I/O BAR ---- */

static uint64_t fifo_pop(struct testdev *d, unsigned size)
{
    uint64_t v = 0;
    pthread_mutex_lock(&d->lock);
    unsigned n = size < d->fifo_len ? size : d->fifo_len;
    memcpy(&v, d->fifo, n);
    memmove(d->fifo, d->fifo + n, d->fifo_len - n);
    d->fifo_len -= n;
    pthread_mutex_unlock(&d->lock);
    return v;
}

static void fifo_push(struct testdev *d, uint64_t v, unsigned size)
{
    pthread_mutex_lock(&d->lock);
    if (d->fifo_len + size <= FIFO_BYTES) {
        memcpy(d->fifo + d->fifo_len, &v, size);
        d->fifo_len += size;
    }
    pthread_mutex_unlock(&d->lock);
}

static uint64_t io_read(void *ctx, struct ustor_window *w, uint32_t off, unsigned size)
{
    struct testdev *d = ctx;
    if (off == TD_PORT_FIFO)
        return fifo_pop(d, size);
    if (off == TD_PORT_ISR && size == 1)
        return __atomic_exchange_n((uint8_t *)ustor_window_bytes(w) + off, 0, __ATOMIC_ACQ_REL);
    return ustor_window_get(w, off, size);
}

static void io_write(void *ctx, struct ustor_window *w, uint32_t off, uint64_t v, unsigned size)
{
    struct testdev *d = ctx;
    if (off == TD_PORT_FIFO) {
        fifo_push(d, v, size);
    } else if (off == TD_PORT_NOTIFY) {
        __atomic_fetch_or((uint8_t *)ustor_window_bytes(w) + TD_PORT_ISR, 1, __ATOMIC_ACQ_REL);
        raise_message(d, 0);
    } else if (off != TD_PORT_PID && off != TD_PORT_ISR) {
        ustor_window_set(w, off, v, size);
    }
}

static const struct ustor_window_ops io_ops = {.read = io_read, .write = io_write};

/* ---- configuration space ---- */

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static void config_init(struct testdev *d)
{
    uint8_t *c = d->config;
    put16(c + 0x00, TD_VENDOR);
    put16(c + 0x02, TD_DEVICE);
    put16(c + 0x06, 0x0010);                    /* status: capabilities list bit off */
    c[0x08] = 0x01;                             /* revision */
    c[0x0A] = 0x80;                             /* subclass: other mass storage */
    c[0x0B] = 0x01;                             /* class: mass storage */
    put32(c + 0x10, (uint32_t)d->cfg.mem_bus);  /* BAR0: 32-bit memory */
    if (!d->cfg.no_io)
        put32(c + 0x14, (uint32_t)d->cfg.io_port | 1u);   /* BAR1: I/O */
    put16(c + 0x2C, TD_VENDOR);
    put16(c + 0x2E, 0x0001);
    c[0x3C] = 11;                               /* interrupt line */
    c[0x3D] = 1;                                /* INTA# */
}

static uint32_t config_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
    struct testdev *d = ctx;
    if (off >= CONFIG_BYTES)
        return 0;
    uint32_t n = len < CONFIG_BYTES - off ? len : CONFIG_BYTES - off;
    pthread_mutex_lock(&d->lock);
    memcpy(buf, d->config + off, n);
    pthread_mutex_unlock(&d->lock);
    return n;
}

/* Writable: the command register's I/O, memory and bus-master bits, the interrupt line. */
static uint32_t config_write(void *ctx, uint32_t off, const void *buf, uint32_t len)
{
    struct testdev *d = ctx;
    const uint8_t *src = buf;
    uint32_t n = 0;
    pthread_mutex_lock(&d->lock);
    for (; n < len && off + n < CONFIG_BYTES; n++) {
        uint32_t at = off + n;
        if (at == 0x04)
            d->config[at] = (uint8_t)((d->config[at] & ~0x07u) | (src[n] & 0x07u));
        else if (at == 0x3C)
            d->config[at] = src[n];
    }
    pthread_mutex_unlock(&d->lock);
    return n;
}

static void connect(void *ctx, struct ustor_adapter *a)
{
    struct testdev *d = ctx;
    atomic_store(&d->adapter, a);
}

/* ---- ACPI ---- */

static int acpi_method(void *ctx, const uint8_t *unit, uint32_t method, const void *in,
                       uint32_t in_len, void *out, uint32_t out_len, uint32_t *returned)
{
    struct testdev *d = ctx;
    static const uint8_t gtf[7] = {0x03, 0x46, 0, 0, 0, 0xA0, 0xEF};   /* SET FEATURES */
    atomic_fetch_add(&d->acpi_calls, 1);
    (void)in;
    if (method == NAME('_', 'P', 'R', '3') && !unit) {
        *returned = 0;
        return 0;
    }
    if (method == NAME('_', 'S', 'D', 'D') && !unit) {   /* echoes its input's length */
        if (out_len < 4)
            return -ENOSPC;
        memcpy(out, &in_len, 4);
        *returned = 4;
        return 0;
    }
    if (method == NAME('_', 'G', 'T', 'F') && unit) {
        if (out_len < sizeof gtf)
            return -ENOSPC;
        memcpy(out, gtf, sizeof gtf);
        *returned = sizeof gtf;
        return 0;
    }
    return -ENOENT;
}

/* ---- lifetime ---- */

static int windows_create(struct testdev *d)
{
    struct ustor_window_desc m = {.size = sizeof m, .bus_address = d->cfg.mem_bus,
                                  .length = TD_MEM_LEN, .ops = &mem_ops, .ctx = d,
                                  .name = "testdev BAR0"};
    int rc = ustor_window_create(&m, &d->mem);
    if (rc < 0 || d->cfg.no_io)
        return rc;
    struct ustor_window_desc io = {.size = sizeof io, .bus_address = d->cfg.io_port,
                                   .length = TD_IO_LEN, .io = true, .ops = &io_ops, .ctx = d,
                                   .name = "testdev BAR1"};
    return ustor_window_create(&io, &d->io);
}

static void desc_fill(struct testdev *d)
{
    d->ops = (struct ustor_device_ops){.config_read = config_read, .config_write = config_write,
                                       .connect = connect,
                                       .acpi_method = d->cfg.acpi ? acpi_method : NULL};
    d->desc = (struct ustor_device_desc){.interface_type = 5, .bus_number = 0,
                                         .slot_number = 3, .interrupt_messages = d->cfg.messages,
                                         .ops = &d->ops, .ctx = d};
    d->desc.ranges[0] = (struct ustor_access_range){d->cfg.mem_bus, TD_MEM_LEN, true};
    d->desc.ranges[1] = (struct ustor_access_range){d->cfg.io_port, TD_IO_LEN, false};
    d->desc.n_ranges = d->cfg.no_io ? 1 : 2;
}

int testdev_create(const struct testdev_config *cfg, struct testdev **out)
{
    struct testdev *d = calloc(1, sizeof *d);
    if (!d)
        return -ENOMEM;
    d->cfg = *cfg;
    if (!d->cfg.mem_bus)
        d->cfg.mem_bus = 0xFEB00000u;
    if (!d->cfg.io_port)
        d->cfg.io_port = 0xC000u;
    pthread_mutex_init(&d->lock, NULL);
    config_init(d);
    desc_fill(d);
    int rc = windows_create(d);
    if (rc < 0) {
        testdev_destroy(d);
        return rc;
    }
    ustor_window_set(d->mem, TD_REG_ID, TD_ID, 4);
    ustor_window_set(d->mem, TD_REG_CAP, TD_CAP_BITS, 4);
    if (d->io)
        ustor_window_set(d->io, TD_PORT_PID, TD_PORT_ID, 2);
    *out = d;
    return 0;
}

void testdev_destroy(struct testdev *d)
{
    if (!d)
        return;
    ustor_window_destroy(d->mem);
    ustor_window_destroy(d->io);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

const struct ustor_device_desc *testdev_desc(struct testdev *d) { return &d->desc; }
struct ustor_window *testdev_mem(struct testdev *d) { return d->mem; }
struct ustor_window *testdev_io(struct testdev *d) { return d->io; }
uint32_t testdev_doorbells(struct testdev *d) { return atomic_load(&d->doorbells); }
uint32_t testdev_acpi_calls(struct testdev *d) { return atomic_load(&d->acpi_calls); }
const uint8_t *testdev_config_space(struct testdev *d) { return d->config; }
