/*
 * Port and register I/O: the 31 StorPortRead/Write{Port,Register}* routines (called
 * with a NULL extension, as VirtIO does), StorPortGetDeviceBase/GetDeviceBase2/
 * FreeDeviceBase and ValidateRange, against the test device's register file and ports:
 * values and side effects reach the device, memory windows hold the current register
 * values for direct reads, register buffers cover consecutive registers, port buffers
 * repeat one port, and misuse is reported without a crash.
 */
#include "hwtest.h"

#include <string.h>

#include "platform/mmio.h"

static struct hwmp_control *c;
static uintptr_t mem, io;

static int64_t rd(int op, uintptr_t addr, int size)
{
    return hwt_call(op, (int64_t)addr, size, 0, 0);
}

static void wr(int op, uintptr_t addr, int size, uint64_t v)
{
    hwt_call(op, (int64_t)addr, size, (int64_t)v, 0);
}

static void mapping_at_find_adapter(struct hwt *t)
{
    CHECK(c->bases[0] > 0xFFFF, "memory BAR mapped at 0x%llx", (unsigned long long)c->bases[0]);
    CHECK((uintptr_t)c->bases[0] == ustor_window_base(testdev_mem(t->dev)), "memory base");
    CHECK(c->bases[1] == 0xC000, "I/O BAR is its port number, got 0x%llx",
          (unsigned long long)c->bases[1]);
    CHECK(c->wrong_space_base == 0, "InIoSpace inverted must fail");
    CHECK(c->outside_base == 0, "an address outside the ranges must fail");
    CHECK(c->validate_range == 1, "ValidateRange is always TRUE");
    CHECK(c->id_read == TD_ID, "ID through ReadRegisterUlong: 0x%x", c->id_read);
    mem = (uintptr_t)c->bases[0];
    io = (uintptr_t)c->bases[1];
}

static void registers(struct hwt *t)
{
    struct ustor_window *w = testdev_mem(t->dev);
    CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_ID, 2) == 0x1234, "ReadRegisterUshort");
    CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_ID + 3, 1) == 0x55, "ReadRegisterUchar");
    wr(HWMP_OP_WRITE_REG, mem + TD_REG_SCRATCH, 4, 0xCAFEF00D);
    CHECK(ustor_window_get(w, TD_REG_SCRATCH, 4) == 0xCAFEF00D, "WriteRegisterUlong");
    CHECK(rd(HWMP_OP_DIRECT_READ, mem + TD_REG_SCRATCH, 4) == 0xCAFEF00D, "direct read");
    wr(HWMP_OP_WRITE_REG, mem + TD_REG_SCRATCH, 2, 0xBEEF);
    wr(HWMP_OP_WRITE_REG, mem + TD_REG_SCRATCH + 3, 1, 0x42);
    CHECK(ustor_window_get(w, TD_REG_SCRATCH, 4) == 0x42FEBEEF, "Ushort and Uchar writes: 0x%llx",
          (unsigned long long)ustor_window_get(w, TD_REG_SCRATCH, 4));
    wr(HWMP_OP_WRITE_REG, mem + TD_REG_WIDE, 8, 0x0123456789ABCDEFull);
    CHECK(ustor_window_get(w, TD_REG_WIDE, 8) == 0x0123456789ABCDEFull, "WriteRegisterUlong64");
    CHECK((uint64_t)rd(HWMP_OP_READ_REG, mem + TD_REG_WIDE, 8) == 0x0123456789ABCDEFull,
          "ReadRegisterUlong64");
    wr(HWMP_OP_WRITE_REG, mem + TD_REG_ID, 4, 0);
    CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_ID, 4) == TD_ID, "a read-only register kept");
    CHECK(rd(HWMP_OP_DIRECT_READ, mem + TD_REG_CAP, 4) == TD_CAP_BITS, "CAP read directly");
}

static void side_effects(struct hwt *t)
{
    struct ustor_window *w = testdev_mem(t->dev);
    ustor_window_set(w, TD_REG_STATUS, 5, 4);
    CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_STATUS, 4) == 5, "STATUS read");
    CHECK(rd(HWMP_OP_DIRECT_READ, mem + TD_REG_STATUS, 4) == 0, "read-to-clear shows in memory");
    for (int i = 1; i <= 3; i++)
        CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_COUNTER, 4) == i, "COUNTER read %d", i);
    CHECK(rd(HWMP_OP_DIRECT_READ, mem + TD_REG_COUNTER, 4) == 3, "direct read sees the last value");
    CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_COUNTER, 4) == 4, "a direct read has no side effect");
    uint32_t rings = testdev_doorbells(t->dev);
    wr(HWMP_OP_WRITE_REG, mem + TD_REG_DOORBELL, 4, 7);
    CHECK(testdev_doorbells(t->dev) == rings + 1, "doorbell reached the device");
    CHECK(rd(HWMP_OP_READ_REG, mem + TD_REG_LAST, 4) == 7, "LAST");
    CHECK(harness_wait_value(&c->isr_calls, 1, 10), "the doorbell's interrupt ran the ISR");
}

static void register_buffers(struct hwt *t)
{
    struct ustor_window *w = testdev_mem(t->dev);
    static const int sizes[] = {1, 2, 4, 8};
    for (unsigned k = 0; k < 4; k++) {
        int size = sizes[k];
        uint32_t count = TD_RAM_LEN / size;
        for (unsigned i = 0; i < TD_RAM_LEN; i++)
            c->buf[i] = (uint8_t)(i * 7 + k);
        hwt_call(HWMP_OP_WRITE_REG_BUF, (int64_t)(mem + TD_RAM), size, count, 0);
        CHECK(!memcmp((uint8_t *)ustor_window_bytes(w) + TD_RAM, c->buf, TD_RAM_LEN),
              "WriteRegisterBuffer size %d covers consecutive registers", size);
        memset(c->buf, 0, TD_RAM_LEN);
        hwt_call(HWMP_OP_READ_REG_BUF, (int64_t)(mem + TD_RAM), size, count, 0);
        for (unsigned i = 0; i < TD_RAM_LEN; i++)
            CHECK(c->buf[i] == (uint8_t)(i * 7 + k), "ReadRegisterBuffer size %d byte %u", size, i);
    }
}

static void ports(struct hwt *t)
{
    struct ustor_window *w = testdev_io(t->dev);
    CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_PID, 2) == TD_PORT_ID, "ReadPortUshort");
    wr(HWMP_OP_WRITE_PORT, io + TD_PORT_SCRATCH, 4, 0x11223344);
    CHECK(ustor_window_get(w, TD_PORT_SCRATCH, 4) == 0x11223344, "WritePortUlong");
    CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_SCRATCH, 4) == 0x11223344, "ReadPortUlong");
    wr(HWMP_OP_WRITE_PORT, io + TD_PORT_SCRATCH, 2, 0xAABB);
    wr(HWMP_OP_WRITE_PORT, io + TD_PORT_SCRATCH + 2, 1, 0xCC);
    CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_SCRATCH, 4) == 0x11CCAABB, "WritePortUshort/Uchar");
    CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_SCRATCH + 2, 1) == 0xCC, "ReadPortUchar");
    ustor_window_set(w, TD_PORT_ISR, 3, 1);
    CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_ISR, 1) == 3, "ISR byte");
    CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_ISR, 1) == 0, "ISR byte clears on read");
}

static void port_buffers(void)
{
    static const int sizes[] = {1, 2, 4};
    for (unsigned k = 0; k < 3; k++) {
        int size = sizes[k];
        for (unsigned i = 0; i < 24; i++)
            c->buf[i] = (uint8_t)(0x30 + i + k);
        hwt_call(HWMP_OP_WRITE_PORT_BUF, (int64_t)(io + TD_PORT_FIFO), size, 24 / size, 0);
        memset(c->buf, 0, 24);
        hwt_call(HWMP_OP_READ_PORT_BUF, (int64_t)(io + TD_PORT_FIFO), size, 24 / size, 0);
        for (unsigned i = 0; i < 24; i++)
            CHECK(c->buf[i] == (uint8_t)(0x30 + i + k), "port buffer size %d: byte %u went "
                  "through the one FIFO port", size, i);
        CHECK(rd(HWMP_OP_READ_PORT, io + TD_PORT_FIFO, 1) == 0, "FIFO drained");
    }
}

static void device_base(struct hwt *t)
{
    struct ustor_window *w = testdev_mem(t->dev);
    int maps = ustor_window_mappings(w);
    int64_t b = hwt_call(HWMP_OP_DEVICE_BASE, 0xFEB00100, 0x10, 0, 0);
    CHECK((uintptr_t)b == mem + 0x100, "GetDeviceBase inside a range");
    CHECK(ustor_window_mappings(w) == maps + 1, "the mapping is counted");
    CHECK(hwt_call(HWMP_OP_DEVICE_BASE, 0xC004, 4, 1, 0) == 0xC004, "an I/O port inside BAR1");
    hwt_call(HWMP_OP_FREE_DEVICE_BASE, 0xC004, 0, 0, 0);
    CHECK(hwt_call(HWMP_OP_DEVICE_BASE, 0xFEB00000, 4, 1, 0) == 0, "InIoSpace wrong");
    CHECK(hwt_call(HWMP_OP_DEVICE_BASE, 0xFEB00F00, 0x200, 0, 0) == 0, "past the range's end");
    int64_t b2 = hwt_call(HWMP_OP_DEVICE_BASE2, 0xFEB00020, 4, 0, 0);
    CHECK(c->op_status == 0 && (uintptr_t)b2 == mem + 0x20, "GetDeviceBase2");
    CHECK(hwt_call(HWMP_OP_VALIDATE, 0x1234, 4, 1, 0) == 1, "ValidateRange");
    hwt_call(HWMP_OP_FREE_DEVICE_BASE, b, 0, 0, 0);
    hwt_call(HWMP_OP_FREE_DEVICE_BASE, b2, 0, 0, 0);
    CHECK(ustor_window_mappings(w) == maps, "FreeDeviceBase");
    unsigned long long before = ustor_log_guest_problems();
    hwt_call(HWMP_OP_FREE_DEVICE_BASE, b, 0, 0, 0);
    CHECK(ustor_log_guest_problems() > before, "a second FreeDeviceBase is reported");
}

static void misuse(struct hwt *t)
{
    int local = 0;
    unsigned long long before = ustor_log_guest_problems();
    CHECK(rd(HWMP_OP_READ_REG, (uintptr_t)&local, 4) == 0xFFFFFFFFll, "unmapped memory reads ones");
    CHECK(ustor_log_guest_problems() > before, "an unmapped register is reported");
    CHECK(rd(HWMP_OP_READ_PORT, 0x9000, 1) == 0xFF, "an unmapped port reads 0xFF");
    before = ustor_log_guest_problems();
    CHECK(rd(HWMP_OP_READ_PORT, mem + TD_REG_ID, 4) == TD_ID, "a port routine on memory still "
          "reaches the window");
    CHECK(ustor_log_guest_problems() > before, "and is reported");
    hwt_call(HWMP_OP_FREE_DEVICE_BASE, (int64_t)io, 0, 0, 0);
    CHECK(ustor_window_mappings(testdev_io(t->dev)) == 0, "BAR1 unmapped");
    before = ustor_log_guest_problems();
    wr(HWMP_OP_WRITE_PORT, io + TD_PORT_SCRATCH, 1, 0x5E);
    CHECK(ustor_log_guest_problems() > before, "access to an unmapped window is reported");
    CHECK(ustor_window_get(testdev_io(t->dev), TD_PORT_SCRATCH, 1) == 0x5E, "but served");
}

int main(void)
{
    struct hwt t;
    hwt_quiet();
    c = hwt_control();
    hwt_start(&t, NULL);
    mapping_at_find_adapter(&t);
    registers(&t);
    side_effects(&t);
    register_buffers(&t);
    ports(&t);
    port_buffers();
    device_base(&t);
    misuse(&t);
    struct ustor_window *w = testdev_mem(t.dev);
    CHECK_OK(ustor_adapter_remove(t.adapter));
    t.adapter = NULL;
    CHECK(ustor_window_mappings(w) == 0, "removal drops what the miniport left mapped");
    hwt_stop(&t);
    printf("test_port_register_io: ok\n");
    return 0;
}
