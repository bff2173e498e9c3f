/*
 * StorPortGetBusData and StorPortSetBusDataByOffset reach the adapter's device
 * configuration space: whole and partial reads, a port-allocated buffer (Length 0),
 * writes the device takes or refuses bit by bit, other bus types and a device without
 * configuration space reading as a missing bus.
 */
#include "hwtest.h"

#include <string.h>

#define PCI_CONFIGURATION 4
#define CMOS 0

static void at_find_adapter(struct hwt *t, struct hwmp_control *c)
{
    const uint8_t *cfg = testdev_config_space(t->dev);
    CHECK(c->config_bytes == 256, "GetBusData returned %u bytes", c->config_bytes);
    CHECK(c->vendor == TD_VENDOR && c->device == TD_DEVICE, "IDs 0x%x:0x%x", c->vendor, c->device);
    CHECK(c->set_bytes == 1, "SetBusDataByOffset wrote %u bytes", c->set_bytes);
    CHECK((cfg[4] & 0x06) == 0x06, "the command register took memory and bus master");
    CHECK(c->config_bytes0 == 256, "Length 0: the port's buffer got %u bytes", c->config_bytes0);
    CHECK((c->command_after & 0x06) == 0x06, "the port's buffer shows the new command");
}

static void reads(struct hwt *t, struct hwmp_control *c)
{
    const uint8_t *cfg = testdev_config_space(t->dev);
    memset(c->buf, 0xEE, 64);
    CHECK(hwt_call(HWMP_OP_GET_BUS, PCI_CONFIGURATION, 0, 16, 0) == 16, "a partial read");
    CHECK(!memcmp(c->buf, cfg, 16) && c->buf[16] == 0xEE, "exactly 16 bytes copied");
    CHECK(hwt_call(HWMP_OP_GET_BUS, PCI_CONFIGURATION, 0, HWMP_BUF, 0) == 256,
          "a long read stops at the end of the space");
    uint32_t bar0;
    memcpy(&bar0, c->buf + 0x10, 4);
    CHECK(bar0 == 0xFEB00000u, "BAR0 equals the access range (0x%x)", bar0);
    CHECK(hwt_call(HWMP_OP_GET_BUS, CMOS, 0, 16, 0) == 0, "CMOS data: no such bus here");
}

static void writes(struct hwt *t, struct hwmp_control *c)
{
    const uint8_t *cfg = testdev_config_space(t->dev);
    c->buf[0] = 0x0A;
    CHECK(hwt_call(HWMP_OP_SET_BUS, PCI_CONFIGURATION, 0x3C, 1, 0) == 1, "interrupt line written");
    CHECK(cfg[0x3C] == 0x0A, "the device took it");
    c->buf[0] = 0xFF;
    c->buf[1] = 0xFF;
    hwt_call(HWMP_OP_SET_BUS, PCI_CONFIGURATION, 0, 2, 0);
    CHECK(cfg[0] == (TD_VENDOR & 0xFF) && cfg[1] == TD_VENDOR >> 8, "the vendor ID is read-only");
    CHECK(hwt_call(HWMP_OP_SET_BUS, PCI_CONFIGURATION, 5000, 1, 0) == 0, "past the space");
    CHECK(hwt_call(HWMP_OP_SET_BUS, CMOS, 0x3C, 1, 0) == 0, "CMOS: nothing written");
    CHECK(hwt_call(HWMP_OP_GET_BUS, PCI_CONFIGURATION, 0, 64, 0) == 64 && c->buf[0x3C] == 0x0A,
          "read back");
}

/* A device that has no configuration space reads as a missing bus. */
static void no_config_space(void)
{
    struct hwt t;
    struct testdev_config cfg = {.mem_bus = 0xFEA00000u, .io_port = 0xD000};
    struct hwmp_control *c = hwt_control();
    CHECK_OK(testdev_create(&cfg, &t.dev));
    struct ustor_device_desc desc = *testdev_desc(t.dev);
    struct ustor_device_ops ops = *desc.ops;
    ops.config_read = NULL;
    ops.config_write = NULL;
    desc.ops = &ops;
    t.host = harness_host();
    CHECK_OK(ustor_driver_load(t.host, HWMP_MINIPORT, &t.driver));
    struct ustor_adapter_options o = {.size = sizeof o, .device = &desc};
    CHECK_OK(ustor_adapter_add(t.driver, &o, &t.adapter));
    CHECK(c->config_bytes == 0 && c->set_bytes == 0, "no configuration space: 0 bytes");
    CHECK(c->bases[0] != 0, "the BARs still map");
    CHECK_OK(ustor_adapter_remove(t.adapter));
    ustor_host_destroy(t.host);
    testdev_destroy(t.dev);
}

int main(void)
{
    struct hwt t;
    hwt_quiet();
    struct hwmp_control *c = hwt_control();
    hwt_start(&t, NULL);
    at_find_adapter(&t, c);
    reads(&t, c);
    writes(&t, c);
    hwt_stop(&t);
    no_config_space();
    printf("test_port_bus_data: ok\n");
    return 0;
}
