/*
 * testdev.h - a small PCI device for the port's hardware-facing tests, until the PCI
 * platform exists: a memory BAR and an I/O BAR with registers that have side effects,
 * 256 bytes of configuration space, interrupts raised by doorbells, and optional ACPI
 * methods. It is a device model: it registers its BARs as register windows
 * (platform/mmio.h) and describes itself with a struct ustor_device_desc.
 *
 * Memory BAR (TD_MEM_LEN bytes):
 *   ID       RO  0x55AA1234            SCRATCH   RW
 *   STATUS   read-to-clear (bit 0: a doorbell rang)
 *   DOORBELL WO  sets STATUS bit 0, keeps the value in LAST, raises message value % n
 *   COUNTER  RO  counts its own reads (the bytes show the last value read)
 *   WIDE     RW  64 bits               CAP RO fixed bits a miniport may read directly
 *   RAM      RW  0x100 bytes at TD_RAM for block transfers
 * I/O BAR (TD_IO_LEN ports): PID RO 0x5A5A, PSCRATCH RW, FIFO (writes push, reads
 *   pop, empty reads 0), ISR read-to-clear byte, NOTIFY (writes set ISR bit 0 and
 *   raise message 0).
 * Left out: capabilities in configuration space, MSI-X tables, DMA.
 */
#ifndef TESTDEV_H
#define TESTDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "ustorport/ustorport.h"

#define TD_VENDOR 0x5553u
#define TD_DEVICE 0x7464u
#define TD_ID 0x55AA1234u
#define TD_CAP_BITS 0x00C40000u
#define TD_PORT_ID 0x5A5Au

enum td_reg {
    TD_REG_ID = 0x00, TD_REG_SCRATCH = 0x04, TD_REG_STATUS = 0x08, TD_REG_DOORBELL = 0x0C,
    TD_REG_LAST = 0x10, TD_REG_COUNTER = 0x14, TD_REG_WIDE = 0x18, TD_REG_CAP = 0x20,
    TD_RAM = 0x100, TD_RAM_LEN = 0x100, TD_MEM_LEN = 0x1000,
};

enum td_port {
    TD_PORT_PID = 0x00, TD_PORT_SCRATCH = 0x04, TD_PORT_FIFO = 0x08, TD_PORT_ISR = 0x0C,
    TD_PORT_NOTIFY = 0x10, TD_IO_LEN = 0x20,
};

struct testdev_config {
    uint64_t mem_bus;           /* BAR0 bus address; 0: 0xFEB00000 */
    uint16_t io_port;           /* BAR1 port; 0: 0xC000 */
    uint32_t messages;          /* MSI messages; 0: a line interrupt */
    bool acpi;                  /* the firmware has methods: _PR3, _SDD (adapter), _GTF (units) */
    bool no_io;                 /* only the memory BAR */
};

struct testdev;
struct ustor_window;

int testdev_create(const struct testdev_config *cfg, struct testdev **out);
/* After every adapter using it is removed. */
void testdev_destroy(struct testdev *d);
const struct ustor_device_desc *testdev_desc(struct testdev *d);
struct ustor_window *testdev_mem(struct testdev *d);
struct ustor_window *testdev_io(struct testdev *d);
/* What it saw. */
uint32_t testdev_doorbells(struct testdev *d);
uint32_t testdev_acpi_calls(struct testdev *d);
const uint8_t *testdev_config_space(struct testdev *d);

#endif
