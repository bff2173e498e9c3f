/*
 * Performance options: StorPortInitializePerfOpts (query and set) and the DPC
 * redirection of completions. The request engine reads what is accepted:
 *  - CONCURRENT_CHANNELS: HwStartIo runs without the StartIo lock, one channel token
 *    per processor modulo ConcurrentChannels (request.c; HwResetBus takes them all);
 *  - DPC_REDIRECTION: StartIo's message (StorPortGetStartIoPerfParams) follows the
 *    dispatching processor, and every completion is finished (the caller's callback,
 *    the next dispatch) on the DPC thread of the processor that dispatched it, unless
 *    it is already there; with OPTIMIZE_FOR_COMPLETION_DURING_STARTIO a completion made
 *    inside the dispatch itself finishes in place; with DPC_REDIRECTION_CURRENT_CPU
 *    completions stay on the processor that made them;
 *  - INTERRUPT_MESSAGE_RANGES / ADV_CONFIG_LOCALITY: the redirection messages, and
 *    MessageTargets filled with one processor per message (element i is message
 *    First + i, processors in index order, wrapping).
 * STOR_PERF_NO_SGL is never offered: the port always builds scatter/gather lists.
 * Left out: steering an interrupt message's ISR to its target processor (ISRs run
 * where the line delivers them), DeviceNode.
 */
#include <stdlib.h>

#include "port/exec.h"
#include "port/hwstate.h"
#include "port/port_internal.h"

#define PERF_V2_BYTES 0x18u   /* through LastRedirectionMessageNumber */

struct redirect_queue {
    struct exec_dpc dpc;
    _Atomic(struct ustor_request *) head;
};

struct port_perf {
    uint32_t nqueues;
    struct redirect_queue q[];
};

static struct port_perf *perf_of(const struct ustor_adapter *a)
{
    return a->hwstate ? __atomic_load_n(&a->hwstate->perf, __ATOMIC_ACQUIRE) : NULL;
}

/* ---- redirection ---- */

static void redirect_dpc(struct exec_dpc *dpc, void *ctx, void *arg1, void *arg2)
{
    (void)dpc; (void)arg1; (void)arg2;
    struct redirect_queue *q = ctx;
    struct ustor_request *list = atomic_exchange_explicit(&q->head, NULL, memory_order_acquire);
    struct ustor_request *fifo = NULL;
    while (list) {                      /* pushed last-first: turn around */
        struct ustor_request *next = list->next;
        list->next = fifo;
        fifo = list;
        list = next;
    }
    port_context_enter();
    while (fifo) {
        struct ustor_request *next = fifo->next;
        port_complete_here(fifo);
        fifo = next;
    }
    port_context_leave();
}

static bool finish_in_place(const struct ustor_adapter *a, const struct ustor_request *slot)
{
    enum exec_thread_kind k = exec_thread_kind();
    if (k == EXEC_THREAD_DPC && exec_cpu_current(exec_topology(), NULL) == slot->cpu)
        return true;   /* already on its processor's DPC thread */
    return (a->perf_flags & STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO) &&
           k == EXEC_THREAD_OTHER && port_in_context();
}

bool port_perf_redirect(struct ustor_adapter *a, struct ustor_request *slot)
{
    uint32_t f = a->perf_flags;
    struct port_perf *p;
    if (!(f & STOR_PERF_DPC_REDIRECTION) || (f & STOR_PERF_DPC_REDIRECTION_CURRENT_CPU) ||
        !(p = perf_of(a)) || finish_in_place(a, slot))
        return false;
    struct redirect_queue *q = &p->q[slot->cpu % p->nqueues];
    struct ustor_request *head = atomic_load_explicit(&q->head, memory_order_relaxed);
    do
        slot->next = head;
    while (!atomic_compare_exchange_weak_explicit(&q->head, &head, slot, memory_order_release,
                                                  memory_order_relaxed));
    exec_dpc_queue(&q->dpc, NULL, NULL);   /* false: already queued, it takes this one too */
    return true;
}

static int redirect_create(struct ustor_adapter *a)
{
    if (perf_of(a))
        return 0;
    uint32_t n = exec_topology()->ncpu;
    struct port_perf *p = calloc(1, sizeof *p + n * sizeof p->q[0]);
    if (!p)
        return -1;
    for (p->nqueues = 0; p->nqueues < n; p->nqueues++) {
        struct redirect_queue *q = &p->q[p->nqueues];
        if (exec_dpc_init(a->host->exec, &q->dpc, redirect_dpc, q) < 0)
            break;
        exec_dpc_set_target(&q->dpc, (int)p->nqueues);
    }
    if (!p->nqueues) {
        free(p);
        return -1;
    }
    __atomic_store_n(&a->hwstate->perf, p, __ATOMIC_RELEASE);
    return 0;
}

void port_perf_destroy(struct ustor_adapter *a)
{
    struct port_perf *p = perf_of(a);
    if (!p)
        return;
    for (uint32_t i = 0; i < p->nqueues; i++)
        exec_dpc_destroy(&p->q[i].dpc);
    free(p);
    a->hwstate->perf = NULL;
}

/* ---- StorPortInitializePerfOpts ---- */

static uint32_t messages(const struct ustor_adapter *a)
{
    return a->has_device ? a->device.interrupt_messages : 0;
}

static ULONG supported_flags(const struct ustor_adapter *a, ULONG version)
{
    ULONG f = STOR_PERF_DPC_REDIRECTION;
    if (!a->is_virtual && a->config.SynchronizationModel == StorSynchronizeFullDuplex)
        f |= STOR_PERF_CONCURRENT_CHANNELS;
    if (messages(a))
        f |= STOR_PERF_INTERRUPT_MESSAGE_RANGES;
    if (version >= STOR_PERF_VERSION_3)
        f |= STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO |
             (messages(a) ? STOR_PERF_ADV_CONFIG_LOCALITY : 0);
    if (version >= STOR_PERF_VERSION_4)
        f |= STOR_PERF_DPC_REDIRECTION_CURRENT_CPU;
    return f;   /* never STOR_PERF_NO_SGL */
}

static bool flags_consistent(struct ustor_adapter *a, ULONG f)
{
    const ULONG needs_dpc = STOR_PERF_INTERRUPT_MESSAGE_RANGES | STOR_PERF_ADV_CONFIG_LOCALITY |
                            STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO |
                            STOR_PERF_DPC_REDIRECTION_CURRENT_CPU;
    if ((f & needs_dpc) && !(f & STOR_PERF_DPC_REDIRECTION)) {
        port_guest(a, "StorPortInitializePerfOpts: flags 0x%x need STOR_PERF_DPC_REDIRECTION", f);
        return false;
    }
    if ((f & STOR_PERF_ADV_CONFIG_LOCALITY) && !(f & STOR_PERF_INTERRUPT_MESSAGE_RANGES)) {
        port_guest(a, "StorPortInitializePerfOpts: ADV_CONFIG_LOCALITY needs "
                   "INTERRUPT_MESSAGE_RANGES");
        return false;
    }
    return true;
}

static bool range_valid(struct ustor_adapter *a, const PERF_CONFIGURATION_DATA *d)
{
    if (d->FirstRedirectionMessageNumber <= d->LastRedirectionMessageNumber &&
        d->LastRedirectionMessageNumber < messages(a))
        return true;
    port_guest(a, "StorPortInitializePerfOpts: redirection messages %u..%u outside the "
               "device's 0..%u", d->FirstRedirectionMessageNumber,
               d->LastRedirectionMessageNumber, messages(a) - 1);
    return false;
}

/* One bit per message: message First + i targets processor i (wrapping). */
static void fill_targets(const PERF_CONFIGURATION_DATA *d)
{
    const struct exec_topology *t = exec_topology();
    uint32_t span = d->LastRedirectionMessageNumber - d->FirstRedirectionMessageNumber + 1;
    for (uint32_t i = 0; i < span; i++) {
        const struct exec_cpu *c = &t->cpu[i % t->ncpu];
        GROUP_AFFINITY *g = &d->MessageTargets[i];
        g->Mask = (KAFFINITY)1 << c->number;
        g->Group = c->group;
        g->Reserved[0] = g->Reserved[1] = g->Reserved[2] = 0;
    }
}

static ULONG check_set(struct ustor_adapter *a, const PERF_CONFIGURATION_DATA *d, ULONG offered)
{
    ULONG f = d->Flags;
    if (f & ~offered) {
        port_guest(a, "StorPortInitializePerfOpts: flags 0x%x were not offered (0x%x)",
                   f & ~offered, offered);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (!flags_consistent(a, f))
        return STOR_STATUS_INVALID_PARAMETER;
    if ((f & STOR_PERF_CONCURRENT_CHANNELS) && !d->ConcurrentChannels) {
        port_guest(a, "StorPortInitializePerfOpts: CONCURRENT_CHANNELS with 0 channels");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if ((f & STOR_PERF_INTERRUPT_MESSAGE_RANGES) && !range_valid(a, d))
        return STOR_STATUS_INVALID_PARAMETER;
    if ((f & STOR_PERF_ADV_CONFIG_LOCALITY) && (d->Size < sizeof *d || !d->MessageTargets)) {
        port_guest(a, "StorPortInitializePerfOpts: ADV_CONFIG_LOCALITY without MessageTargets");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return STOR_STATUS_SUCCESS;
}

static void apply(struct ustor_adapter *a, const PERF_CONFIGURATION_DATA *d)
{
    ULONG f = d->Flags;
    uint32_t channels = f & STOR_PERF_CONCURRENT_CHANNELS ? d->ConcurrentChannels : 0;
    if (channels > PORT_MAX_CHANNELS) {
        port_log_info(a, "%u concurrent channels requested; the port keeps %u", channels,
                      PORT_MAX_CHANNELS);
        channels = PORT_MAX_CHANNELS;
    }
    bool ranges = f & STOR_PERF_INTERRUPT_MESSAGE_RANGES;
    a->perf_first_msg = ranges ? d->FirstRedirectionMessageNumber : 0;
    a->perf_last_msg = ranges ? d->LastRedirectionMessageNumber
                              : (messages(a) ? messages(a) - 1 : 0);
    if (f & STOR_PERF_ADV_CONFIG_LOCALITY)
        fill_targets(d);
    a->channels = channels;
    a->perf_flags = f;
    port_log_debug(a, "performance options 0x%x, %u channels, messages %u..%u", f, channels,
                   a->perf_first_msg, a->perf_last_msg);
}

/* Windows allows the call from HwInitialize and HwPassiveInitializeRoutine only. */
static bool initializing(const struct ustor_adapter *a)
{
    return atomic_load(&a->state) == ADAPTER_STARTING && a->slots;
}

static ULONG header_check(struct ustor_adapter *a, const PERF_CONFIGURATION_DATA *d)
{
    if (d->Version < STOR_PERF_VERSION_2 || d->Version > STOR_PERF_VERSION_5) {
        port_guest(a, "StorPortInitializePerfOpts: Version %u not supported", d->Version);
        return STOR_STATUS_UNSUPPORTED_VERSION;
    }
    if (d->Size < (d->Version == STOR_PERF_VERSION_2 ? PERF_V2_BYTES : sizeof *d)) {
        port_guest(a, "StorPortInitializePerfOpts: Size %u too small for version %u", d->Size,
                   d->Version);
        return STOR_STATUS_INVALID_BUFFER_SIZE;
    }
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_initialize_perf_opts(PVOID ext, va_list *ap)
{
    BOOLEAN query = (BOOLEAN)va_arg(*ap, int);
    PPERF_CONFIGURATION_DATA d = va_arg(*ap, PPERF_CONFIGURATION_DATA);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortInitializePerfOpts");
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!d) {
        port_guest(a, "StorPortInitializePerfOpts: NULL PerfConfigData");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (!initializing(a)) {
        port_guest(a, "StorPortInitializePerfOpts outside HwInitialize/HwPassiveInitialize");
        return STOR_STATUS_INVALID_DEVICE_STATE;
    }
    ULONG st = header_check(a, d);
    ULONG offered = supported_flags(a, d->Version);
    if (st == STOR_STATUS_SUCCESS && query)
        d->Flags = offered;
    if (st != STOR_STATUS_SUCCESS || query)
        return st;
    st = check_set(a, d, offered);
    if (st == STOR_STATUS_SUCCESS && (d->Flags & STOR_PERF_DPC_REDIRECTION) && redirect_create(a))
        st = STOR_STATUS_INSUFFICIENT_RESOURCES;
    if (st == STOR_STATUS_SUCCESS)
        apply(a, d);
    return st;
}
USTOR_EXTFN(ExtFunctionInitializePerformanceOptimizations, ext_initialize_perf_opts);
