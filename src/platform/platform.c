/*
 * The platform (ustor_platform.h): a host's PCI bus. Bus numbers are handed out per
 * process so two platforms never show the same bus and slot.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "common/error.h"
#include "platform/platform.h"
#include "port/host.h"

struct ustor_platform {
    struct ustor_host *host;
    struct pci_bus *bus;
};

static _Atomic uint32_t next_bus;

USTOR_API int ustor_platform_create(struct ustor_host *host, struct ustor_platform **out)
{
    if (!host || !out)
        return ustor_error_fail(-EINVAL, "ustor_platform_create: no host");
    struct ustor_platform *p = calloc(1, sizeof *p);
    if (!p)
        return ustor_error_fail(-ENOMEM, "ustor_platform_create: out of memory");
    p->host = host;
    int rc = pci_bus_create(port_host_dma(host), atomic_fetch_add(&next_bus, 1) & 0xFF, &p->bus);
    if (rc < 0) {
        free(p);
        return ustor_error_fail(rc, "ustor_platform_create: PCI bus: %d", rc);
    }
    *out = p;
    return 0;
}

USTOR_API void ustor_platform_destroy(struct ustor_platform *platform)
{
    if (!platform)
        return;
    pci_bus_destroy(platform->bus);
    free(platform);
}

struct pci_bus *platform_bus(struct ustor_platform *platform)
{
    return platform->bus;
}
