/*
 * The NVMe controller as an object (nvme.h): knobs and their defaults, creation on a
 * PCI function (BAR0 registers and doorbells, MSI-X table in BAR4), the namespace
 * table, and teardown. What the controller does is in the other nvme_*.c files.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "devices/nvme/nvme_internal.h"

#define NVME_CLASS_CODE 0x010802u       /* mass storage, NVM, NVM Express */
#define NVME_MSIX_BAR 4u

static _Atomic unsigned controllers_made;

void nvme_config_defaults(struct nvme_config *cfg)
{
    if (!cfg->io_queues) cfg->io_queues = 64;
    if (!cfg->queue_entries) cfg->queue_entries = 1024;
    if (!cfg->timeout) cfg->timeout = 20;
    if (!cfg->mpsmax) cfg->mpsmax = cfg->mpsmin > 4 ? cfg->mpsmin : 4;
    if (!cfg->mdts) cfg->mdts = 8;
    if (!cfg->cmds_per_sq) cfg->cmds_per_sq = 128;
    if (!cfg->aerl) cfg->aerl = 3;
    if (!cfg->error_log_entries) cfg->error_log_entries = 16;
    if (!cfg->max_namespaces) cfg->max_namespaces = 32;
    if (cfg->irq_mode == PCI_IRQ_NONE) cfg->irq_mode = PCI_IRQ_MSIX;
    if (!cfg->msi_vectors) cfg->msi_vectors = 32;
    if (!cfg->vendor_id) cfg->vendor_id = 0x7573;
    if (!cfg->device_id) cfg->device_id = 0x6E76;
    if (!cfg->model) cfg->model = "ustorport NVMe";
    if (!cfg->firmware) cfg->firmware = "1.0";
    if (!cfg->cntlid) cfg->cntlid = 1;
}

static int config_check(const struct nvme_config *cfg)
{
    bool msi_pow2 = !(cfg->msi_vectors & (cfg->msi_vectors - 1));
    if (cfg->io_queues > NVME_MAX_IO_QUEUES || cfg->queue_entries < 2 ||
        cfg->queue_entries > 65536 || cfg->dstrd > 4 || cfg->mpsmin > cfg->mpsmax ||
        cfg->mpsmax > 15 || cfg->mdts > NVME_MAX_MDTS || cfg->cmds_per_sq > 4096 ||
        cfg->error_log_entries > NVME_MAX_ERROR_LOG || cfg->max_namespaces > NVME_MAX_NAMESPACES ||
        cfg->msi_vectors > 32 || !msi_pow2 || cfg->cntlid >= 0xFFF0)
        return -EINVAL;
    return 0;
}

void nvme_guest(struct nvme_ctrl *c, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    atomic_fetch_add(&c->guest_errors, 1);
    ulog_guest(ULOG_WARN, "%s: %s", c->name, text);
}

/* ---- creation ---- */

static uint32_t bar0_size(const struct nvme_ctrl *c)
{
    uint32_t need = NVME_REG_DOORBELLS + 2 * c->nqueues * c->stride, size = 0x4000;
    while (size < need)
        size <<= 1;
    return size;
}

static int pci_make(struct nvme_ctrl *c, struct pci_bus *bus)
{
    struct pci_function_desc d = {
        .name = c->name,
        .vendor_id = c->cfg.vendor_id, .device_id = c->cfg.device_id,
        .subsystem_vendor_id = c->cfg.vendor_id, .subsystem_id = c->cfg.device_id,
        .revision = 1, .class_code = NVME_CLASS_CODE,
        .msix_vectors = (uint16_t)c->nqueues, .msix_bar = NVME_MSIX_BAR,
        .msi_vectors = c->cfg.msi_vectors, .irq_mode = c->cfg.irq_mode,
    };
    d.bar[0] = (struct pci_bar_desc){
        .size = bar0_size(c), .mem64 = true, .ops = &nvme_bar_ops, .ctx = c,
    };
    int rc = pci_function_create(bus, &d, &c->pci);
    if (rc == 0)
        c->bar = pci_function_bar(c->pci, 0);
    return rc;
}

static void pad_copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n + 1, "%-*.*s", (int)n, (int)n, src);
}

static void identity_fill(struct nvme_ctrl *c)
{
    char serial[32];
    const struct ustor_device_desc *dd = pci_function_device(c->pci);
    snprintf(serial, sizeof serial, "USTOR%02X%02X%04X", dd->bus_number & 0xFF,
             dd->slot_number & 0xFF, atomic_load(&controllers_made) & 0xFFFF);
    pad_copy(c->serial, 20, c->cfg.serial ? c->cfg.serial : serial);
    pad_copy(c->model, 40, c->cfg.model);
    pad_copy(c->firmware, 8, c->cfg.firmware);
}

static void limits_fill(struct nvme_ctrl *c)
{
    c->nqueues = c->cfg.io_queues + 1;
    c->stride = 4u << c->cfg.dstrd;
    c->max_xfer = (1u << c->cfg.mdts) * (4096u << c->cfg.mpsmin);
    c->max_iov = (1u << c->cfg.mdts) + 2;
    if (c->max_iov < 64)
        c->max_iov = 64;                /* room for a few SGL pieces of small transfers */
    c->page_size = 4096u << c->cfg.mpsmin;
    c->cap = NVME_CAP_MQES(c->cfg.queue_entries - 1) | NVME_CAP_CQR | NVME_CAP_TO(c->cfg.timeout) |
             NVME_CAP_DSTRD(c->cfg.dstrd) | NVME_CAP_CSS_NVM | NVME_CAP_MPSMIN(c->cfg.mpsmin) |
             NVME_CAP_MPSMAX(c->cfg.mpsmax);
}

static int tables_alloc(struct nvme_ctrl *c)
{
    c->sqs = calloc(c->nqueues, sizeof *c->sqs);
    c->cqs = calloc(c->nqueues, sizeof *c->cqs);
    c->ns = calloc(c->cfg.max_namespaces, sizeof *c->ns);
    c->ev.errors = calloc(c->cfg.error_log_entries, sizeof *c->ev.errors);
    c->feat.irq_no_coalesce = calloc(c->nqueues, 1);
    c->bit_bucket = c->cfg.no_sgl ? NULL : malloc(NVME_BIT_BUCKET_BYTES);
    if (!c->sqs || !c->cqs || !c->ns || !c->ev.errors || !c->feat.irq_no_coalesce ||
        (!c->cfg.no_sgl && !c->bit_bucket))
        return -ENOMEM;
    for (uint32_t i = 0; i < c->nqueues; i++) {
        pthread_mutex_init(&c->sqs[i].lock, NULL);
        pthread_mutex_init(&c->cqs[i].lock, NULL);
        c->sqs[i].qid = c->cqs[i].qid = (uint16_t)i;
        c->sqs[i].ctrl = c;
    }
    for (uint32_t i = 0; i < c->cfg.max_namespaces; i++)
        c->ns[i].nsid = i + 1;
    return 0;
}

static void tables_free(struct nvme_ctrl *c)
{
    for (uint32_t i = 0; c->sqs && c->cqs && i < c->nqueues; i++) {
        pthread_mutex_destroy(&c->sqs[i].lock);
        pthread_mutex_destroy(&c->cqs[i].lock);
    }
    free(c->sqs);
    free(c->cqs);
    free(c->ns);
    free(c->ev.errors);
    free(c->feat.irq_no_coalesce);
    free(c->bit_bucket);
}

static void registers_publish(struct nvme_ctrl *c)
{
    nvme_reg_publish(c, NVME_REG_CAP, c->cap, 8);
    nvme_reg_publish(c, NVME_REG_VS, NVME_VS_1_4, 4);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void ctrl_init(struct nvme_ctrl *c, const struct nvme_config *cfg)
{
    c->cfg = *cfg;
    nvme_config_defaults(&c->cfg);
    unsigned n = atomic_fetch_add(&controllers_made, 1);
    if (c->cfg.name)
        snprintf(c->name, sizeof c->name, "%s", c->cfg.name);
    else
        snprintf(c->name, sizeof c->name, "nvme%u", n);
    c->cfg.name = c->name;
    pthread_mutex_init(&c->lock, NULL);
    pthread_mutex_init(&c->irq_lock, NULL);
    pthread_rwlock_init(&c->qlife, NULL);
    c->created_ns = now_ns();
    limits_fill(c);
}

int nvme_ctrl_create(struct pci_bus *bus, const struct nvme_config *cfg, struct nvme_ctrl **out)
{
    struct nvme_config probe = cfg ? *cfg : (struct nvme_config){0};
    nvme_config_defaults(&probe);
    if (!bus || !out || config_check(&probe) < 0)
        return -EINVAL;
    struct nvme_ctrl *c = calloc(1, sizeof *c);
    if (!c)
        return -ENOMEM;
    ctrl_init(c, &probe);
    c->dma = pci_bus_dma(bus);
    int rc = tables_alloc(c);
    if (rc < 0)
        goto err;
    nvme_features_reset(c);
    rc = pci_make(c, bus);
    if (rc < 0)
        goto err;
    identity_fill(c);
    registers_publish(c);
    rc = nvme_threads_start(c);
    if (rc < 0)
        goto err_pci;
    *out = c;
    return 0;

err_pci:
    pci_function_destroy(c->pci);
err:
    tables_free(c);
    pthread_rwlock_destroy(&c->qlife);
    pthread_mutex_destroy(&c->irq_lock);
    pthread_mutex_destroy(&c->lock);
    free(c);
    return rc;
}

static void queues_drop_all(struct nvme_ctrl *c)
{
    pthread_mutex_lock(&c->lock);
    nvme_events_reset(c);
    for (uint32_t i = 0; i < c->nqueues; i++)
        nvme_sq_teardown(c, &c->sqs[i]);
    for (uint32_t i = 0; i < c->nqueues; i++)
        nvme_cq_teardown(c, &c->cqs[i]);
    pthread_mutex_unlock(&c->lock);
}

void nvme_ctrl_destroy(struct nvme_ctrl *c)
{
    if (!c)
        return;
    while (atomic_load(&c->busy) > 0)   /* backend requests still on their way */
        sched_yield();
    nvme_threads_stop(c);
    nvme_reap(c);
    queues_drop_all(c);
    pci_function_destroy(c->pci);
    tables_free(c);
    pthread_rwlock_destroy(&c->qlife);
    pthread_mutex_destroy(&c->irq_lock);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

struct pci_function *nvme_ctrl_pci(const struct nvme_ctrl *c)
{
    return c->pci;
}

const char *nvme_ctrl_name(const struct nvme_ctrl *c)
{
    return c->name;
}

void nvme_get_stats(struct nvme_ctrl *c, struct nvme_stats *st)
{
    st->commands = atomic_load(&c->commands);
    for (uint32_t i = 0; i < c->nqueues; i++)
        st->commands += atomic_load(&c->sqs[i].completions);
    st->errors = atomic_load(&c->errors);
    st->guest_errors = atomic_load(&c->guest_errors);
    st->resets = atomic_load(&c->resets);
}

/* ---- namespaces ---- */

bool nvme_nsid_valid(const struct nvme_ctrl *c, uint32_t nsid)
{
    return nsid >= 1 && nsid <= c->cfg.max_namespaces;
}

struct nvme_ns *nvme_ns_get(struct nvme_ctrl *c, uint32_t nsid)
{
    if (!nvme_nsid_valid(c, nsid))
        return NULL;
    struct nvme_ns *ns = &c->ns[nsid - 1];
    atomic_fetch_add(&ns->users, 1);
    if (atomic_load(&ns->state) == NVME_NS_ATTACHED)
        return ns;
    atomic_fetch_sub(&ns->users, 1);
    return NULL;
}

void nvme_ns_put(struct nvme_ns *ns)
{
    if (ns)
        atomic_fetch_sub(&ns->users, 1);
}

static void ns_wait_idle(struct nvme_ns *ns)
{
    while (atomic_load(&ns->users) > 0)
        sched_yield();
}

static int ns_check(const struct nvme_ctrl *c, uint32_t nsid, const struct ustor_backend *b,
                    uint32_t lba_size)
{
    if (!nvme_nsid_valid(c, nsid) || !b || (lba_size != 512 && lba_size != 4096))
        return -EINVAL;
    const struct ustor_backend_info *info = ustor_backend_get_info(b);
    if (info->size < lba_size || info->block_size > lba_size || lba_size % info->block_size)
        return -EINVAL;
    return 0;
}

int nvme_ns_attach(struct nvme_ctrl *c, uint32_t nsid, struct ustor_backend *backend,
                   uint32_t lba_size, bool notify)
{
    if (!lba_size)
        lba_size = 512;
    int rc = ns_check(c, nsid, backend, lba_size);
    if (rc < 0)
        return rc;
    struct nvme_ns *ns = &c->ns[nsid - 1];
    if (atomic_load(&ns->state) != NVME_NS_ABSENT)
        return -EEXIST;
    ns_wait_idle(ns);                   /* commands of a namespace the guest deleted */
    pthread_mutex_lock(&c->lock);
    if (atomic_load(&ns->state) != NVME_NS_ABSENT) {
        pthread_mutex_unlock(&c->lock);
        return -EEXIST;
    }
    nvme_bq_close_ns(c, nsid);          /* queues of a previous backend */
    const struct ustor_backend_info *info = ustor_backend_get_info(backend);
    ns->backend = backend;
    ns->lba_shift = lba_size == 4096 ? 12 : 9;
    ns->nlba = info->size >> ns->lba_shift;
    ns->caps = info->caps;
    ns->error_recovery = 0;
    atomic_store(&ns->state, NVME_NS_ATTACHED);
    if (notify)
        nvme_ns_changed(c, nsid);
    pthread_mutex_unlock(&c->lock);
    if (notify)
        nvme_event(c, NVME_AER_TYPE_NOTICE, NVME_AER_NOTICE_NS_ATTR);
    return 0;
}

int nvme_ns_detach(struct nvme_ctrl *c, uint32_t nsid, bool notify)
{
    if (!nvme_nsid_valid(c, nsid))
        return -EINVAL;
    struct nvme_ns *ns = &c->ns[nsid - 1];
    pthread_mutex_lock(&c->lock);
    int was = atomic_exchange(&ns->state, NVME_NS_ABSENT);
    if (was != NVME_NS_ABSENT && notify)
        nvme_ns_changed(c, nsid);
    pthread_mutex_unlock(&c->lock);
    ns_wait_idle(ns);
    pthread_mutex_lock(&c->lock);
    nvme_bq_close_ns(c, nsid);
    if (atomic_load(&ns->state) == NVME_NS_ABSENT)
        ns->backend = NULL;
    pthread_mutex_unlock(&c->lock);
    if (was == NVME_NS_ABSENT)
        return -ENOENT;
    if (notify)
        nvme_event(c, NVME_AER_TYPE_NOTICE, NVME_AER_NOTICE_NS_ATTR);
    return 0;
}
