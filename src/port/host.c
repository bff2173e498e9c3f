/*
 * The host: one per process use of the library. It owns the DMA address space, the
 * loaded miniports and their adapters, and the options every adapter inherits.
 * Also here: the helpers every port file uses (time, logs naming the adapter, memory
 * of the DMA space).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "common/log.h"
#include "platform/dma_space.h"
#include "port/exec.h"
#include "port/host.h"
#include "port/port_internal.h"

#define DEFAULT_TIMEOUT_S 10
#define DEFAULT_BUSY_RETRIES 20
#define DEFAULT_BUSY_PAUSE_MS 250
#define DEFAULT_RESET_TIMEOUT_S 5

static void host_options_fill(struct ustor_host_options *o, const struct ustor_host_options *in)
{
    memset(o, 0, sizeof *o);
    if (in) {
        size_t n = in->size && in->size < sizeof *o ? in->size : sizeof *o;
        memcpy(o, in, n);
    }
    o->size = sizeof *o;
    if (!o->default_timeout)
        o->default_timeout = DEFAULT_TIMEOUT_S;
    if (!o->busy_retry_limit)
        o->busy_retry_limit = DEFAULT_BUSY_RETRIES;
    if (!o->busy_pause_ms)
        o->busy_pause_ms = DEFAULT_BUSY_PAUSE_MS;
    if (!o->reset_timeout)
        o->reset_timeout = DEFAULT_RESET_TIMEOUT_S;
}

USTOR_API int ustor_host_create(const struct ustor_host_options *opts, struct ustor_host **out)
{
    if (!out)
        return ustor_error_fail(-EINVAL, "ustor_host_create: out is NULL");
    struct ustor_host *h = calloc(1, sizeof *h);
    if (!h)
        return ustor_error_fail(-ENOMEM, "ustor_host_create: out of memory");
    host_options_fill(&h->opts, opts);
    pthread_mutex_init(&h->lock, NULL);
    struct dma_space_config cfg = {0};
    int rc = dma_space_create(&cfg, &h->dma);
    if (rc < 0) {
        rc = ustor_error_fail(rc, "ustor_host_create: DMA space: %s", strerror(-rc));
        goto fail_dma;
    }
    struct exec_config ecfg = {0};
    rc = exec_engine_create(&ecfg, &h->exec);
    if (rc < 0) {
        rc = ustor_error_fail(rc, "ustor_host_create: execution engine: %s", strerror(-rc));
        goto fail_exec;
    }
    exec_engine_set_exit_hook(h->exec, port_exec_exit_hook, h);
    port_verifier_log_install();
    dma_set_grant_checking(h->dma, (h->opts.flags & USTOR_HOST_VERIFY_DMA) != 0);
    *out = h;
    return 0;
fail_exec:
    dma_space_destroy(h->dma);
fail_dma:
    pthread_mutex_destroy(&h->lock);
    free(h);
    return rc;
}

USTOR_API void ustor_host_destroy(struct ustor_host *host)
{
    if (!host)
        return;
    for (;;) {
        pthread_mutex_lock(&host->lock);
        struct ustor_adapter *a = host->adapters;
        pthread_mutex_unlock(&host->lock);
        if (!a)
            break;
        ustor_adapter_remove(a);
    }
    exec_engine_destroy(host->exec);
    while (host->drivers) {
        struct ustor_driver *d = host->drivers;
        host->drivers = d->next;
        port_driver_unload(d);
    }
    dma_space_destroy(host->dma);
    pthread_mutex_destroy(&host->lock);
    free(host);
}

USTOR_API const char *ustor_last_error(void)
{
    return ustor_error_message();
}

/* ---- memory of the DMA space ---- */

void *port_dma_alloc(struct ustor_host *host, size_t bytes, int kind, void *owner,
                     const char *label)
{
    struct dma_tag tag = {.kind = (enum dma_kind)kind, .owner = owner, .label = label};
    if (kind == DMA_KIND_DATA_BUFFER)
        tag.flags = DMA_REGION_REQUEST_SCOPED;
    void *va = NULL;
    if (dma_alloc(host->dma, bytes ? bytes : 1, NULL, 0, &tag, &va) < 0)
        return NULL;
    memset(va, 0, bytes);
    return va;
}

void port_dma_free(struct ustor_host *host, void *p)
{
    if (p && dma_free(host->dma, p) < 0)
        ulog_host(ULOG_WARN, "port: freeing %p: not an allocation of the DMA space", p);
}

USTOR_API void *ustor_buffer_alloc(struct ustor_host *host, size_t bytes)
{
    if (!host || !bytes) {
        ustor_error_set("ustor_buffer_alloc: no host or zero bytes");
        return NULL;
    }
    void *p = port_dma_alloc(host, bytes, DMA_KIND_DATA_BUFFER, host, "data buffer");
    if (!p)
        ustor_error_set("ustor_buffer_alloc: %zu bytes: out of DMA space", bytes);
    return p;
}

USTOR_API void ustor_buffer_free(struct ustor_host *host, void *buffer)
{
    if (host)
        port_dma_free(host, buffer);
}

/* ---- time ---- */

uint64_t port_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- logs naming the adapter ---- */

static void port_logv(enum ulog_channel ch, enum ulog_level lv, const struct ustor_adapter *a,
                      const char *fmt, va_list ap)
{
    if (!ulog_enabled(ch, lv)) {
        /* no sink shows it, yet it counts (ustor_log_guest_problems): count, skip formatting */
        struct ulog_event ev = {.channel = ch, .level = lv, .source = a ? a->name : "port",
                                .text = fmt};
        ulog_event(&ev);
        return;
    }
    char text[768];
    vsnprintf(text, sizeof text, fmt, ap);
    ulog(ch, lv, "%s: %s", a ? a->name : "port", text);
}

void port_log_guest(const struct ustor_adapter *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    port_logv(ULOG_GUEST, ULOG_WARN, a, fmt, ap);
    va_end(ap);
}

void port_log_info(const struct ustor_adapter *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    port_logv(ULOG_HOST, ULOG_INFO, a, fmt, ap);
    va_end(ap);
}

void port_log_debug(const struct ustor_adapter *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    port_logv(ULOG_HOST, ULOG_DEBUG, a, fmt, ap);
    va_end(ap);
}

struct dma_space *port_host_dma(struct ustor_host *host)
{
    return host->dma;
}
