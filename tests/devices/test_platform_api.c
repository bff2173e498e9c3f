/* The public platform API (ustor_platform.h) through the library's exports only: a
 * platform on a host, NVMe controllers with their options, the device description an
 * adapter would get (PCI bus and slot, BAR0 and the MSI-X BAR as access ranges, the
 * message count), configuration space through the description's ops, namespaces
 * attached and detached, options refused, and teardown. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ustorport/ustor_backend.h"
#include "ustorport/ustor_platform.h"
#include "ustorport/ustorport.h"

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

static void check_device(const struct ustor_device_desc *d, uint32_t messages)
{
    CHECK(d->interface_type == 5);
    CHECK(d->n_ranges == 2);
    CHECK(d->ranges[0].in_memory && d->ranges[0].start > 0xFFFF && d->ranges[0].length >= 0x4000);
    CHECK(d->ranges[1].in_memory && d->ranges[1].length >= 4096);
    CHECK(d->interrupt_messages == messages);
    uint8_t cfg[256];
    CHECK(d->ops && d->ops->config_read(d->ctx, 0, cfg, sizeof cfg) == sizeof cfg);
    CHECK(cfg[0x0B] == 0x01 && cfg[0x0A] == 0x08 && cfg[0x09] == 0x02);   /* NVMe class */
    uint32_t bar0;
    memcpy(&bar0, cfg + 0x10, 4);
    CHECK((bar0 & ~0xFu) == (uint32_t)d->ranges[0].start);
}

int main(void)
{
    struct ustor_host *host;
    struct ustor_platform *plat;
    CHECK(ustor_host_create(NULL, &host) == 0);
    CHECK(ustor_platform_create(host, &plat) == 0);
    CHECK(ustor_platform_create(NULL, &plat) == -EINVAL);

    struct ustor_nvme *a, *b;
    CHECK(ustor_nvme_create(plat, NULL, &a) == 0);
    check_device(ustor_nvme_device(a), 65);
    struct ustor_nvme_options o = {.size = sizeof o, .io_queues = 4, .irq_mode = USTOR_IRQ_MSI,
                                   .serial = "SER-1"};
    CHECK(ustor_nvme_create(plat, &o, &b) == 0);
    check_device(ustor_nvme_device(b), 32);
    CHECK(ustor_nvme_device(a)->slot_number != ustor_nvme_device(b)->slot_number);
    CHECK(ustor_nvme_device(a)->bus_number == ustor_nvme_device(b)->bus_number);

    struct ustor_nvme_options bad = {.size = sizeof bad, .mdts = 11};
    struct ustor_nvme *c = NULL;
    CHECK(ustor_nvme_create(plat, &bad, &c) == -EINVAL && !c);
    CHECK(strstr(ustor_last_error(), "out of range") != NULL);
    bad = (struct ustor_nvme_options){.size = 4};
    CHECK(ustor_nvme_create(plat, &bad, &c) == -EINVAL);

    struct ustor_backend *ram, *odd;
    CHECK(ustor_backend_open("ram:1M", 0, &ram) == 0);
    CHECK(ustor_backend_open("ram:2K", 0, &odd) == 0);
    CHECK(ustor_nvme_attach(a, 1, ram, 0) == 0);
    CHECK(ustor_nvme_attach(a, 1, ram, 512) == -EEXIST);
    CHECK(ustor_nvme_attach(a, 0, ram, 512) == -EINVAL);
    CHECK(ustor_nvme_attach(a, 2, ram, 1024) == -EINVAL);   /* LBA size */
    CHECK(ustor_nvme_attach(a, 2, odd, 4096) == -EINVAL);   /* smaller than a block */
    CHECK(ustor_nvme_detach(a, 1) == 0);
    CHECK(ustor_nvme_detach(a, 1) == -ENOENT);

    struct ustor_nvme_stats st;
    CHECK(ustor_nvme_get_stats(a, &st) == 0 && st.commands == 0 && st.resets == 0);

    ustor_nvme_destroy(b);
    ustor_nvme_destroy(a);
    ustor_backend_close(odd);
    ustor_backend_close(ram);
    ustor_platform_destroy(plat);
    ustor_host_destroy(host);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
