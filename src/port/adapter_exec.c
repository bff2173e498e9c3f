/*
 * An adapter's execution objects on the execution engine (exec.h), and the
 * notifications that use them: the StartIo lock, the interrupt line (or, without a
 * device, a lone interrupt lock), the DpcLevel lock, STOR_DPCs (InitializeDpc,
 * IssueDpc, the DPC lock), StorPortAcquireSpinLock/ReleaseSpinLock and the legacy
 * RequestTimerCall timer, whose callback runs under the StartIo lock (and the
 * interrupt lock in half duplex). Also the per-thread marks that tell completion
 * (complete.c) that an engine callback of this port is running.
 *
 * A STOR_DPC keeps, in its DPC_BUFFER, a mark and a pointer to the port's record;
 * the record (and its exec_dpc) is freed with the adapter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define DPC_MARK ((CSHORT)0x5544)   /* "UD" in the DPC_BUFFER Type field */

struct port_dpc {
    struct exec_dpc dpc;
    struct port_dpc *next;
    struct ustor_adapter *adapter;
    PSTOR_DPC stor;
    PHW_DPC_ROUTINE routine;
    PVOID context;                  /* the routine's second argument */
};

struct port_exec {
    struct exec_spinlock startio;
    struct exec_spinlock interrupt;     /* used when there is no interrupt line */
    struct exec_spinlock dpc_level;
    struct exec_intr_line *line;
    struct exec_timer *legacy_timer;
    _Atomic(PHW_TIMER) legacy_routine;
    pthread_mutex_t dpc_list_lock;
    struct port_dpc *dpcs;
};

_Static_assert(sizeof(struct exec_lock_handle) <= sizeof(((STOR_LOCK_HANDLE *)0)->Context.LockQueue),
               "an exec lock handle fits in STOR_LOCK_HANDLE.Context.LockQueue");

/* ---- IRQL ---- */

KIRQL port_raise_irql(KIRQL level)
{
    exec_irql_t cur = exec_irql_get();
    if (level <= cur)
        return cur;
    return exec_irql_raise(level);
}

void port_lower_irql(KIRQL old)
{
    if (exec_irql_get() > old)
        exec_irql_lower(old);
}

/* ---- lifecycle ---- */

int port_exec_adapter_init(struct ustor_adapter *a)
{
    struct port_exec *x = calloc(1, sizeof *x);
    if (!x)
        return -ENOMEM;
    exec_spin_init(&x->startio, EXEC_LOCK_STARTIO, 0, "StartIo lock", -1);
    exec_spin_init(&x->interrupt, EXEC_LOCK_INTERRUPT, 0, "interrupt lock", -1);
    exec_spin_init(&x->dpc_level, EXEC_LOCK_PLAIN, 0, "DpcLevel lock", -1);
    pthread_mutex_init(&x->dpc_list_lock, NULL);
    int rc = exec_timer_create(a->host->exec, EXEC_TIMER_REARM, &x->legacy_timer);
    if (rc < 0) {
        free(x);
        return rc;
    }
    a->exec = x;
    return 0;
}

/* Stops what runs on its own: the legacy timer and every DPC (waits for them). */
void port_exec_adapter_quiesce(struct ustor_adapter *a)
{
    struct port_exec *x = a->exec;
    if (!x)
        return;
    exec_timer_request(x->legacy_timer, NULL, NULL, 0);
    pthread_mutex_lock(&x->dpc_list_lock);
    for (struct port_dpc *d = x->dpcs; d; d = d->next)
        exec_dpc_cancel(&d->dpc);
    pthread_mutex_unlock(&x->dpc_list_lock);
    for (struct port_dpc *d = x->dpcs; d; d = d->next)
        exec_dpc_flush(&d->dpc);
}

void port_exec_adapter_fini(struct ustor_adapter *a)
{
    struct port_exec *x = a->exec;
    if (!x)
        return;
    port_exec_disconnect_interrupts(a);
    exec_timer_free(x->legacy_timer);
    while (x->dpcs) {
        struct port_dpc *d = x->dpcs;
        x->dpcs = d->next;
        exec_dpc_destroy(&d->dpc);
        if (d->stor && d->stor->Dpc.DeferredRoutine == d)
            d->stor->Dpc.Type = 0;
        free(d);
    }
    exec_spin_destroy(&x->startio);
    exec_spin_destroy(&x->interrupt);
    exec_spin_destroy(&x->dpc_level);
    pthread_mutex_destroy(&x->dpc_list_lock);
    free(x);
    a->exec = NULL;
}

/* ---- interrupts ---- */

static bool adapter_isr(void *ctx, uint32_t message)
{
    struct ustor_adapter *a = ctx;
    port_callback_mark(+1);
    BOOLEAN claimed = FALSE;
    if (a->has_device && a->device.interrupt_messages && a->config.HwMSInterruptRoutine)
        claimed = a->config.HwMSInterruptRoutine(a->devext, message);
    else if (a->hw->HwInterrupt)
        claimed = a->hw->HwInterrupt(a->devext);
    port_callback_mark(-1);
    return claimed;
}

int port_exec_connect_interrupts(struct ustor_adapter *a)
{
    struct port_exec *x = a->exec;
    if (!a->has_device || x->line)
        return 0;
    struct exec_intr_config cfg = {
        .name = a->name,
        .messages = a->device.interrupt_messages ? a->device.interrupt_messages : 1,
        .per_message_locks = a->device.interrupt_messages &&
                             a->config.InterruptSynchronizationMode == InterruptSynchronizePerMessage,
        .dirql = (exec_irql_t)(a->device.interrupt_level >= EXEC_DIRQL_MIN &&
                               a->device.interrupt_level <= EXEC_DIRQL_MAX
                               ? a->device.interrupt_level : 0),
        .isr = adapter_isr,
        .ctx = a,
    };
    int rc = exec_intr_create(a->host->exec, &cfg, &x->line);
    if (rc < 0)
        return rc;
    if (a->device.ops && a->device.ops->connect)
        a->device.ops->connect(a->device.ctx, a);
    return 0;
}

void port_exec_disconnect_interrupts(struct ustor_adapter *a)
{
    struct port_exec *x = a->exec;
    if (!x || !x->line)
        return;
    if (a->device.ops && a->device.ops->connect)
        a->device.ops->connect(a->device.ctx, NULL);
    exec_intr_destroy(x->line);
    x->line = NULL;
}

USTOR_API int ustor_adapter_interrupt(struct ustor_adapter *adapter, uint32_t message_id)
{
    if (!adapter || !adapter->exec || !adapter->exec->line)
        return -ENODEV;
    return exec_intr_raise(adapter->exec->line, message_id);
}

USTOR_API int ustor_adapter_interrupt_post(struct ustor_adapter *adapter, uint32_t message_id)
{
    if (!adapter || !adapter->exec || !adapter->exec->line)
        return -ENODEV;
    return exec_intr_post(adapter->exec->line, message_id);
}

/* ---- the port's own lock taking ---- */

static void handle_pack(STOR_LOCK_HANDLE *h, STOR_SPINLOCK kind, const struct exec_lock_handle *eh)
{
    h->Lock = kind;
    memcpy(&h->Context.LockQueue, eh, sizeof *eh);
    h->Context.OldIrql = eh->old_irql;
}

static void handle_unpack(const STOR_LOCK_HANDLE *h, struct exec_lock_handle *eh)
{
    memcpy(eh, &h->Context.LockQueue, sizeof *eh);
}

static void interrupt_acquire(struct ustor_adapter *a, STOR_LOCK_HANDLE *h, const void *caller)
{
    struct exec_lock_handle eh;
    if (a->exec->line)
        exec_intr_lock_all(a->exec->line, &eh, caller);
    else
        exec_spin_acquire(&a->exec->interrupt, &eh, caller);
    handle_pack(h, InterruptLock, &eh);
}

static void interrupt_release(struct ustor_adapter *a, STOR_LOCK_HANDLE *h, const void *caller)
{
    struct exec_lock_handle eh;
    handle_unpack(h, &eh);
    if (a->exec->line)
        exec_intr_unlock_all(a->exec->line, &eh, caller);
    else
        exec_spin_release(&eh, caller);
}

void port_lock_interrupt(struct ustor_adapter *a, STOR_LOCK_HANDLE *h)
{
    interrupt_acquire(a, h, NULL);
}

void port_unlock_interrupt(struct ustor_adapter *a, STOR_LOCK_HANDLE *h)
{
    interrupt_release(a, h, NULL);
}

static bool half_duplex(const struct ustor_adapter *a)
{
    return !a->is_virtual && a->config.SynchronizationModel == StorSynchronizeHalfDuplex;
}

void port_lock_startio(struct ustor_adapter *a, STOR_LOCK_HANDLE *h)
{
    if (half_duplex(a)) {
        interrupt_acquire(a, h, NULL);
        return;
    }
    struct exec_lock_handle eh;
    exec_spin_acquire(&a->exec->startio, &eh, NULL);
    handle_pack(h, StartIoLock, &eh);
}

void port_unlock_startio(struct ustor_adapter *a, STOR_LOCK_HANDLE *h)
{
    if (h->Lock == InterruptLock) {
        interrupt_release(a, h, NULL);
        return;
    }
    struct exec_lock_handle eh;
    handle_unpack(h, &eh);
    exec_spin_release(&eh, NULL);
}

/* ---- DPCs ---- */

static void dpc_trampoline(struct exec_dpc *dpc, void *ctx, void *arg1, void *arg2)
{
    (void)dpc;
    struct port_dpc *d = ctx;
    port_callback_mark(+1);
    d->routine(d->stor, d->context, arg1, arg2);
    port_callback_mark(-1);
}

static struct port_dpc *dpc_lookup(struct ustor_adapter *a, PSTOR_DPC stor, const char *who)
{
    if (!stor) {
        port_guest(a, "%s: NULL STOR_DPC", who);
        return NULL;
    }
    struct port_dpc *d = stor->Dpc.Type == DPC_MARK ? stor->Dpc.DeferredRoutine : NULL;
    if (!d || d->stor != stor || d->adapter != a) {
        port_guest(a, "%s: STOR_DPC %p was not initialized with StorPortInitializeDpc", who,
                   (void *)stor);
        return NULL;
    }
    return d;
}

void port_dpc_initialize(struct ustor_adapter *a, PSTOR_DPC stor, PHW_DPC_ROUTINE routine,
                         PVOID context)
{
    if (!stor || !routine) {
        port_guest(a, "InitializeDpc: NULL %s", stor ? "routine" : "STOR_DPC");
        return;
    }
    struct port_dpc *d = stor->Dpc.Type == DPC_MARK ? stor->Dpc.DeferredRoutine : NULL;
    if (d && d->stor == stor && d->adapter == a) {   /* initialized again */
        d->routine = routine;
        d->context = context;
        return;
    }
    d = calloc(1, sizeof *d);
    if (!d || exec_dpc_init(a->host->exec, &d->dpc, dpc_trampoline, d) < 0) {
        free(d);
        ulog_host(ULOG_ERROR, "%s: InitializeDpc: out of memory", a->name);
        return;
    }
    d->adapter = a;
    d->stor = stor;
    d->routine = routine;
    d->context = context;
    memset(stor, 0, sizeof *stor);
    stor->Dpc.Type = DPC_MARK;
    stor->Dpc.DeferredRoutine = d;
    stor->Dpc.DeferredContext = context;
    pthread_mutex_lock(&a->exec->dpc_list_lock);
    d->next = a->exec->dpcs;
    a->exec->dpcs = d;
    pthread_mutex_unlock(&a->exec->dpc_list_lock);
}

bool port_dpc_cancel(struct ustor_adapter *a, PSTOR_DPC stor)
{
    struct port_dpc *d = dpc_lookup(a, stor, "StorPortCancelDpc");
    return d && exec_dpc_cancel(&d->dpc);
}

BOOLEAN port_dpc_issue(struct ustor_adapter *a, PSTOR_DPC stor, PVOID arg1, PVOID arg2)
{
    struct port_dpc *d = dpc_lookup(a, stor, "IssueDpc");
    return d && exec_dpc_queue(&d->dpc, arg1, arg2);
}

/* ---- StorPortAcquireSpinLock / StorPortReleaseSpinLock ---- */

void port_spinlock_acquire(struct ustor_adapter *a, STOR_SPINLOCK kind, PVOID ctx,
                           PSTOR_LOCK_HANDLE h, const void *caller)
{
    struct exec_lock_handle eh;
    struct exec_spinlock *lock = NULL;
    if (!h) {
        port_guest(a, "AcquireSpinLock: NULL lock handle");
        return;
    }
    if (kind == InterruptLock) {
        interrupt_acquire(a, h, caller);
        return;
    }
    if (kind == DpcLock || kind == ThreadedDpcLock) {
        struct port_dpc *d = dpc_lookup(a, ctx, "AcquireSpinLock(DpcLock)");
        lock = d ? &d->dpc.lock : NULL;
    } else if (kind == StartIoLock) {
        lock = &a->exec->startio;
    } else if (kind == DpcLevelLock) {
        lock = &a->exec->dpc_level;
    } else {
        port_guest(a, "AcquireSpinLock: unknown lock type %d", (int)kind);
    }
    h->Lock = InvalidLock;
    if (!lock)
        return;
    exec_spin_acquire(lock, &eh, caller);
    handle_pack(h, kind, &eh);
}

void port_spinlock_release(struct ustor_adapter *a, PSTOR_LOCK_HANDLE h, const void *caller)
{
    if (!h || h->Lock == InvalidLock) {
        port_guest(a, "ReleaseSpinLock: a handle no acquire filled");
        return;
    }
    if (h->Lock == InterruptLock) {
        interrupt_release(a, h, caller);
        return;
    }
    struct exec_lock_handle eh;
    handle_unpack(h, &eh);
    exec_spin_release(&eh, caller);
}

/* ---- the legacy timer (RequestTimerCall) ---- */

static void legacy_timer_fire(void *ctx)
{
    struct ustor_adapter *a = ctx;
    PHW_TIMER routine = atomic_load(&a->exec->legacy_routine);
    if (!routine)
        return;
    port_callback_mark(+1);
    STOR_LOCK_HANDLE h;
    port_lock_startio(a, &h);
    routine(a->devext);
    port_unlock_startio(a, &h);
    port_callback_mark(-1);
}

void port_timer_call(struct ustor_adapter *a, PHW_TIMER routine, ULONG microseconds)
{
    if (!routine) {
        port_guest(a, "RequestTimerCall with a NULL HwTimer routine");
        return;
    }
    atomic_store(&a->exec->legacy_routine, routine);
    exec_timer_request(a->exec->legacy_timer, legacy_timer_fire, a, microseconds);
}

/* StorPortSynchronizeAccess's lock: the interrupt lock. */
bool port_synchronize(struct ustor_adapter *a, bool (*fn)(void *), void *ctx, const void *caller)
{
    if (a->exec->line)
        return exec_intr_synchronize(a->exec->line, EXEC_INTR_ALL, fn, ctx, caller);
    struct exec_lock_handle eh;
    exec_spin_acquire(&a->exec->interrupt, &eh, caller);
    bool r = fn(ctx);
    exec_spin_release(&eh, caller);
    return r;
}

struct exec_intr_line *port_interrupt_line(struct ustor_adapter *a)
{
    return a->exec ? a->exec->line : NULL;
}

struct exec_spinlock *port_startio_spinlock(struct ustor_adapter *a)
{
    return a->exec ? &a->exec->startio : NULL;
}
