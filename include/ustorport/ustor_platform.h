/*
 * ustor_platform.h - the simulated machine behind physical miniports: a PCI bus
 * whose functions are device models, and the NVMe controller model on it.
 *
 * A platform belongs to a host (its DMA address space is the host's). Each controller
 * is a PCI function; ustor_nvme_device() gives the struct ustor_device_desc to pass in
 * ustor_adapter_options.device, so a miniport's HwFindAdapter sees its BARs as access
 * ranges, reads its configuration space through StorPortGetBusData, maps its
 * registers with StorPortGetDeviceBase and gets its MSI-X messages. Namespaces are
 * backends (ustor_backend.h) the caller opens and keeps open while attached.
 *
 * Order: create the platform, the controller, attach namespaces, add the adapter;
 * remove the adapter before destroying the controller, the controllers before the
 * platform. Functions return 0 or a negative errno.
 *
 * Left out: other device models (AHCI, virtio), hot-plug of whole functions, power
 * states of the PCI function.
 */
#ifndef USTORPORT_USTOR_PLATFORM_H
#define USTORPORT_USTOR_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ustorport/ustor_backend.h"
#include "ustorport/ustorport.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ustor_platform;
struct ustor_nvme;

USTOR_API int ustor_platform_create(struct ustor_host *host, struct ustor_platform **out);
USTOR_API void ustor_platform_destroy(struct ustor_platform *platform);

/* What the platform's "operating system" enables for a function's interrupts. */
enum ustor_irq_mode {
    USTOR_IRQ_DEFAULT = 0,          /* MSI-X */
    USTOR_IRQ_MSIX,
    USTOR_IRQ_MSI,                  /* multiple-message MSI */
    USTOR_IRQ_INTX,                 /* a line interrupt */
};

/* Knobs of the NVMe model; 0 / false / NULL take the defaults docs/nvme-model.md lists. */
struct ustor_nvme_options {
    size_t size;                    /* sizeof(struct ustor_nvme_options) */
    const char *name;               /* "nvme<n>" */
    uint32_t io_queues;             /* I/O queue pairs (64) */
    uint32_t queue_entries;         /* entries per queue allowed, CAP.MQES + 1 (1024) */
    uint32_t cmds_per_sq;           /* commands in flight per SQ (128) */
    uint32_t max_namespaces;        /* NN (32) */
    uint8_t mdts;                   /* largest transfer, 2^mdts 4 KiB pages (8: 1 MiB) */
    uint8_t dstrd;                  /* doorbell stride 4 << dstrd (0) */
    uint8_t timeout;                /* CAP.TO in 500 ms units (20) */
    enum ustor_irq_mode irq_mode;
    bool threaded;                  /* a device thread serves the queues */
    bool no_write_cache;            /* no volatile write cache */
    bool no_sgl;                    /* PRPs only */
    bool no_ns_mgmt;                /* no namespace management / attachment */
    const char *serial, *model, *firmware;
};

/* A controller with no namespace yet. OPTS may be NULL. */
USTOR_API int ustor_nvme_create(struct ustor_platform *platform,
                                const struct ustor_nvme_options *opts, struct ustor_nvme **out);
/* No adapter may still use it. */
USTOR_API void ustor_nvme_destroy(struct ustor_nvme *nvme);
/* The PCI function as the port sees it (valid until destroyed). */
USTOR_API const struct ustor_device_desc *ustor_nvme_device(const struct ustor_nvme *nvme);

/* Namespace NSID (1..NN) on BACKEND with LBA_SIZE 512 or 4096 (0: 512). Once the
 * controller is running, the host is told (Changed Namespace List and, if it enabled
 * them, a Namespace Attribute Changed event). -EEXIST if the NSID is in use. */
USTOR_API int ustor_nvme_attach(struct ustor_nvme *nvme, uint32_t nsid,
                                struct ustor_backend *backend, uint32_t lba_size);
/* Removes namespace NSID; when it returns no command uses its backend any more. It
 * waits for the commands in flight: call it from a host thread, not from a request's
 * completion callback or another port thread. */
USTOR_API int ustor_nvme_detach(struct ustor_nvme *nvme, uint32_t nsid);

struct ustor_nvme_stats {
    uint64_t commands;              /* completions posted */
    uint64_t errors;                /* completions with a non-zero status */
    uint64_t guest_errors;          /* misuse of registers, doorbells, fatal errors */
    uint64_t resets;                /* controller resets */
    uint64_t interrupts;            /* messages delivered */
};
USTOR_API int ustor_nvme_get_stats(struct ustor_nvme *nvme, struct ustor_nvme_stats *st);

#ifdef __cplusplus
}
#endif
#endif
