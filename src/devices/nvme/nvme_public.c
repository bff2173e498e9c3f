/*
 * The NVMe model through the public platform API (ustor_platform.h): options to
 * knobs, the controller's device description, namespace attach and detach.
 */
#include <errno.h>
#include <stdlib.h>

#include "common/error.h"
#include "devices/nvme/nvme_internal.h"
#include "platform/platform.h"

struct ustor_nvme {
    struct nvme_ctrl *ctrl;
};

static enum pci_irq_mode irq_mode(enum ustor_irq_mode m)
{
    switch (m) {
    case USTOR_IRQ_MSI: return PCI_IRQ_MSI;
    case USTOR_IRQ_INTX: return PCI_IRQ_INTX;
    default: return PCI_IRQ_MSIX;
    }
}

static void options_to_config(const struct ustor_nvme_options *o, struct nvme_config *cfg)
{
    *cfg = (struct nvme_config){
        .name = o->name, .io_queues = o->io_queues, .queue_entries = o->queue_entries,
        .cmds_per_sq = o->cmds_per_sq, .max_namespaces = o->max_namespaces, .mdts = o->mdts,
        .dstrd = o->dstrd, .timeout = o->timeout, .irq_mode = irq_mode(o->irq_mode),
        .threaded = o->threaded, .no_write_cache = o->no_write_cache, .no_sgl = o->no_sgl,
        .no_ns_mgmt = o->no_ns_mgmt, .serial = o->serial, .model = o->model,
        .firmware = o->firmware,
    };
}

USTOR_API int ustor_nvme_create(struct ustor_platform *platform,
                                const struct ustor_nvme_options *opts, struct ustor_nvme **out)
{
    struct ustor_nvme_options o = {.size = sizeof o};
    if (!platform || !out || (opts && opts->size < sizeof o))
        return ustor_error_fail(-EINVAL, "ustor_nvme_create: bad arguments");
    if (opts)
        o = *opts;
    struct nvme_config cfg;
    options_to_config(&o, &cfg);
    struct ustor_nvme *n = calloc(1, sizeof *n);
    if (!n)
        return ustor_error_fail(-ENOMEM, "ustor_nvme_create: out of memory");
    int rc = nvme_ctrl_create(platform_bus(platform), &cfg, &n->ctrl);
    if (rc < 0) {
        free(n);
        return ustor_error_fail(rc, "ustor_nvme_create: %s", rc == -EINVAL
                                ? "an option is out of range (see docs/nvme-model.md)"
                                : "the controller could not be made");
    }
    *out = n;
    return 0;
}

USTOR_API void ustor_nvme_destroy(struct ustor_nvme *nvme)
{
    if (!nvme)
        return;
    nvme_ctrl_destroy(nvme->ctrl);
    free(nvme);
}

USTOR_API const struct ustor_device_desc *ustor_nvme_device(const struct ustor_nvme *nvme)
{
    return pci_function_device(nvme_ctrl_pci(nvme->ctrl));
}

USTOR_API int ustor_nvme_attach(struct ustor_nvme *nvme, uint32_t nsid,
                                struct ustor_backend *backend, uint32_t lba_size)
{
    int rc = nvme_ns_attach(nvme->ctrl, nsid, backend, lba_size, true);
    if (rc == -EEXIST)
        return ustor_error_fail(rc, "namespace %u is already in use", nsid);
    if (rc < 0)
        return ustor_error_fail(rc, "namespace %u: bad NSID, LBA size (512 or 4096) or "
                                "backend size/alignment", nsid);
    return 0;
}

USTOR_API int ustor_nvme_detach(struct ustor_nvme *nvme, uint32_t nsid)
{
    int rc = nvme_ns_detach(nvme->ctrl, nsid, true);
    return rc < 0 ? ustor_error_fail(rc, "namespace %u is not attached", nsid) : 0;
}

USTOR_API int ustor_nvme_get_stats(struct ustor_nvme *nvme, struct ustor_nvme_stats *st)
{
    if (!nvme || !st)
        return -EINVAL;
    struct nvme_stats s;
    struct pci_irq_stats irq;
    nvme_get_stats(nvme->ctrl, &s);
    pci_function_irq_stats(nvme_ctrl_pci(nvme->ctrl), &irq);
    *st = (struct ustor_nvme_stats){
        .commands = s.commands, .errors = s.errors, .guest_errors = s.guest_errors,
        .resets = s.resets, .interrupts = irq.delivered,
    };
    return 0;
}
