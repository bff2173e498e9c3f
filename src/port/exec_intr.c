/* Interrupt lines: messages with pending bits, ISRs run at DIRQL under the message's
 * lock, masked like real interrupts.
 *
 * Delivery.  exec_intr_raise runs the ISR on the raising thread when that thread may
 * take the interrupt (below DIRQL, not holding the lock): lowest latency, and what a
 * processor does with an interrupt targeted at itself.  Otherwise the message stays
 * pending and the thread remembers it; when its IRQL drops below DIRQL (releasing the
 * lock does that) it delivers it itself, before the release returns.  Masking is thus
 * per thread, as it is per processor on Windows; another thread that raises the same
 * message waits for the lock and then finds it pending.  exec_intr_post hands the
 * message to the line's own thread instead. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "port/exec_priv.h"

#define MAX_MESSAGES 2048

struct exec_intr_msg {
    struct exec_spinlock *lock;   /* &own, or the line's lock */
    struct exec_spinlock own;
    _Atomic uint8_t pending;
    _Atomic uint64_t delivered, unclaimed;
};

struct exec_intr_line {
    struct exec_engine *engine;
    char name[32];
    exec_isr_fn *isr;
    void *ctx;
    exec_irql_t dirql;
    uint32_t nmsg;
    bool per_message;
    _Atomic bool enabled;
    /* The interrupt lock: every message's lock when not per-message; otherwise what
     * exec_intr_lock_all records as held (its mutex serialises lock-all callers). */
    struct exec_spinlock line_lock;
    pthread_mutex_t mu;           /* the posting thread's wake-ups */
    pthread_cond_t cv;
    bool kick, stop, has_thread;
    pthread_t thread;
    struct exec_intr_msg msg[];
};

static void mark_pending(struct exec_intr_msg *msg)
{
    atomic_store(&msg->pending, 1);
}

static bool take_pending(struct exec_intr_msg *msg)
{
    return atomic_exchange(&msg->pending, 0) != 0;
}

/* Whether thread T may not take MESSAGE now. */
static bool masked(struct exec_thread *t, struct exec_intr_line *line, uint32_t message)
{
    return t->irql >= line->dirql ||
           atomic_load_explicit(&line->msg[message].lock->owner, memory_order_relaxed) == t;
}

/* Runs MESSAGE's ISR on thread T while it is pending; T may take the interrupt. */
static void deliver(struct exec_thread *t, struct exec_intr_line *line, uint32_t message)
{
    struct exec_intr_msg *msg = &line->msg[message];
    struct exec_lock_handle h;
    exec_spin_acquire(msg->lock, &h, NULL);
    while (atomic_load(&line->enabled) && take_pending(msg)) {
        struct exec_callframe frame;
        exec_call_begin(&frame, "HwInterrupt", (const void *)line->isr);
        bool claimed = line->isr(line->ctx, message);
        exec_call_end(&frame);
        atomic_fetch_add_explicit(&msg->delivered, 1, memory_order_relaxed);
        if (!claimed)
            atomic_fetch_add_explicit(&msg->unclaimed, 1, memory_order_relaxed);
    }
    exec_spin_release(&h, NULL);
    if (!t->nheld && t->irql == EXEC_PASSIVE_LEVEL && t->kind != EXEC_THREAD_WORKER)
        exec_engine_run_exit_hook(line->engine);
}

static void kick_thread(struct exec_intr_line *line)
{
    pthread_mutex_lock(&line->mu);
    line->kick = true;
    pthread_cond_signal(&line->cv);
    pthread_mutex_unlock(&line->mu);
}

/* Remembers that T must deliver MESSAGE once it may. */
static void defer(struct exec_thread *t, struct exec_intr_line *line, uint32_t message)
{
    for (unsigned i = 0; i < t->ndeferred; i++)
        if (t->deferred[i].line == line && t->deferred[i].message == message)
            return;
    if (t->ndeferred == EXEC_MAX_DEFERRED) {
        kick_thread(line);        /* no room: let the line's thread take it */
        return;
    }
    t->deferred[t->ndeferred++] = (struct exec_deferred){ line, message };
}

void exec_intr_drain(struct exec_thread *t)
{
    if (t->draining)
        return;                   /* the outer drain picks up what this one would */
    t->draining = true;
    unsigned i = 0;
    while (i < t->ndeferred) {
        struct exec_deferred d = t->deferred[i];
        if (masked(t, d.line, d.message)) {
            i++;
            continue;
        }
        t->deferred[i] = t->deferred[--t->ndeferred];
        if (atomic_load(&d.line->enabled) && atomic_load(&d.line->msg[d.message].pending))
            deliver(t, d.line, d.message);
        i = 0;                    /* delivery may have changed the list */
    }
    t->draining = false;
}

/* Delivers or defers a message already marked pending. */
static void dispatch(struct exec_intr_line *line, uint32_t message)
{
    struct exec_thread *t = exec_self();
    if (!atomic_load(&line->enabled))
        return;
    if (masked(t, line, message))
        defer(t, line, message);
    else
        deliver(t, line, message);
}

int exec_intr_raise(struct exec_intr_line *line, uint32_t message)
{
    if (message >= line->nmsg)
        return -EINVAL;
    mark_pending(&line->msg[message]);
    dispatch(line, message);
    return 0;
}

int exec_intr_post(struct exec_intr_line *line, uint32_t message)
{
    if (message >= line->nmsg)
        return -EINVAL;
    mark_pending(&line->msg[message]);
    kick_thread(line);
    return 0;
}

void exec_intr_enable(struct exec_intr_line *line, bool enabled)
{
    atomic_store(&line->enabled, enabled);
    for (uint32_t m = 0; enabled && m < line->nmsg; m++)
        if (atomic_load(&line->msg[m].pending))
            dispatch(line, m);
}

static void *line_thread_main(void *arg)
{
    struct exec_intr_line *line = arg;
    struct exec_thread *t = exec_self();
    t->kind = EXEC_THREAD_INTERRUPT;
    t->engine = line->engine;
    pthread_mutex_lock(&line->mu);
    for (;;) {
        while (!line->kick && !line->stop)
            pthread_cond_wait(&line->cv, &line->mu);
        if (line->stop)
            break;
        line->kick = false;
        pthread_mutex_unlock(&line->mu);
        for (uint32_t m = 0; m < line->nmsg; m++)
            if (atomic_load(&line->enabled) && atomic_load(&line->msg[m].pending))
                deliver(t, line, m);
        pthread_mutex_lock(&line->mu);
    }
    pthread_mutex_unlock(&line->mu);
    return NULL;
}

struct exec_spinlock *exec_intr_lock(struct exec_intr_line *line, uint32_t message)
{
    return message < line->nmsg ? line->msg[message].lock : NULL;
}

exec_irql_t exec_intr_dirql(const struct exec_intr_line *line)
{
    return line->dirql;
}

uint32_t exec_intr_messages(const struct exec_intr_line *line)
{
    return line->nmsg;
}

void exec_intr_stats(struct exec_intr_line *line, uint32_t message, uint64_t *delivered,
                     uint64_t *unclaimed)
{
    struct exec_intr_msg *msg = &line->msg[message < line->nmsg ? message : 0];
    if (delivered)
        *delivered = atomic_load(&msg->delivered);
    if (unclaimed)
        *unclaimed = atomic_load(&msg->unclaimed);
}

/* Whether T holds any lock of a per-message LINE. */
static bool holds_any(struct exec_thread *t, struct exec_intr_line *line)
{
    if (atomic_load_explicit(&line->line_lock.owner, memory_order_relaxed) == t)
        return true;
    for (uint32_t m = 0; m < line->nmsg; m++)
        if (atomic_load_explicit(&line->msg[m].own.owner, memory_order_relaxed) == t)
            return true;
    return false;
}

void exec_intr_lock_all(struct exec_intr_line *line, struct exec_lock_handle *handle,
                        const void *caller)
{
    if (!line->per_message) {
        exec_spin_acquire(&line->line_lock, handle, caller);
        return;
    }
    struct exec_thread *t = exec_self();
    handle->lock = &line->line_lock;
    handle->old_irql = t->irql;
    if (holds_any(t, line)) {
        exec_report(EXEC_REPORT_LOCK_RECURSION, "StorPortSynchronizeAccess", caller,
                    &line->line_lock, NULL, 0, 0, "all message locks of %s acquired by a "
                    "thread that holds one of them; not taken", line->name);
        handle->state = EXEC_HANDLE_SKIPPED;
        return;
    }
    exec_lockdep_acquire(t, &line->line_lock, caller);
    if (line->dirql > t->irql)
        exec_irql_set(t, line->dirql);
    pthread_mutex_lock(&line->line_lock.mu);
    atomic_store_explicit(&line->line_lock.owner, t, memory_order_relaxed);
    for (uint32_t m = 0; m < line->nmsg; m++) {      /* always in message order */
        pthread_mutex_lock(&line->msg[m].own.mu);
        atomic_store_explicit(&line->msg[m].own.owner, t, memory_order_relaxed);
    }
    exec_spin_push(t, &line->line_lock, caller, handle->old_irql);
    handle->state = EXEC_HANDLE_ACQUIRED;
}

void exec_intr_unlock_all(struct exec_intr_line *line, struct exec_lock_handle *handle,
                          const void *caller)
{
    if (line->per_message && handle->state == EXEC_HANDLE_ACQUIRED &&
        exec_spin_held(&line->line_lock)) {
        for (uint32_t m = line->nmsg; m-- > 0;) {
            atomic_store_explicit(&line->msg[m].own.owner, NULL, memory_order_relaxed);
            pthread_mutex_unlock(&line->msg[m].own.mu);
        }
    }
    exec_spin_release(handle, caller);    /* the line lock, and the IRQL */
}

bool exec_intr_synchronize(struct exec_intr_line *line, uint32_t message,
                           bool (*fn)(void *ctx), void *ctx, const void *caller)
{
    struct exec_lock_handle h;
    if (message == EXEC_INTR_ALL)
        exec_intr_lock_all(line, &h, caller);
    else if (message < line->nmsg)
        exec_spin_acquire(line->msg[message].lock, &h, caller);
    else
        return false;
    bool result = fn(ctx);
    if (message == EXEC_INTR_ALL)
        exec_intr_unlock_all(line, &h, caller);
    else
        exec_spin_release(&h, caller);
    return result;
}

static int init_locks(struct exec_intr_line *line)
{
    int rc = exec_spin_init(&line->line_lock, EXEC_LOCK_INTERRUPT, line->dirql,
                            "interrupt lock", -1);
    for (uint32_t m = 0; !rc && m < line->nmsg; m++) {
        struct exec_intr_msg *msg = &line->msg[m];
        msg->lock = &line->line_lock;
        if (line->per_message) {
            rc = exec_spin_init(&msg->own, EXEC_LOCK_MSI, line->dirql, "MSI lock",
                                (int32_t)m);
            if (rc)
                while (m-- > 0)
                    exec_spin_destroy(&line->msg[m].own);
            msg->lock = &msg->own;
        }
    }
    if (rc)
        exec_spin_destroy(&line->line_lock);
    return rc;
}

static void destroy_locks(struct exec_intr_line *line)
{
    for (uint32_t m = 0; line->per_message && m < line->nmsg; m++)
        exec_spin_destroy(&line->msg[m].own);
    exec_spin_destroy(&line->line_lock);
}

int exec_intr_create(struct exec_engine *engine, const struct exec_intr_config *config,
                     struct exec_intr_line **out)
{
    if (!config->isr || !config->messages || config->messages > MAX_MESSAGES ||
        (config->dirql && (config->dirql < EXEC_DIRQL_MIN || config->dirql > EXEC_HIGH_LEVEL)))
        return -EINVAL;
    struct exec_intr_line *line =
        calloc(1, sizeof *line + config->messages * sizeof line->msg[0]);
    if (!line)
        return -ENOMEM;
    line->engine = engine;
    snprintf(line->name, sizeof line->name, "%s", config->name ? config->name : "intr");
    line->isr = config->isr;
    line->ctx = config->ctx;
    line->dirql = config->dirql ? config->dirql : EXEC_DIRQL_DEFAULT;
    line->nmsg = config->messages;
    line->per_message = config->per_message_locks;
    atomic_init(&line->enabled, true);
    int rc = init_locks(line);
    if (rc)
        goto fail_free;
    rc = -pthread_mutex_init(&line->mu, NULL);
    if (rc)
        goto fail_locks;
    rc = -pthread_cond_init(&line->cv, NULL);
    if (rc)
        goto fail_mu;
    char tname[24];             /* thread names are cut to 15 characters */
    snprintf(tname, sizeof tname, "ustor-irq/%.5s", line->name);
    tname[15] = 0;
    rc = exec_thread_spawn(&line->thread, line_thread_main, line, tname);
    if (rc)
        goto fail_cv;
    line->has_thread = true;
    *out = line;
    return 0;
fail_cv:
    pthread_cond_destroy(&line->cv);
fail_mu:
    pthread_mutex_destroy(&line->mu);
fail_locks:
    destroy_locks(line);
fail_free:
    free(line);
    return rc;
}

void exec_intr_destroy(struct exec_intr_line *line)
{
    if (!line)
        return;
    atomic_store(&line->enabled, false);
    pthread_mutex_lock(&line->mu);
    line->stop = true;
    pthread_cond_signal(&line->cv);
    pthread_mutex_unlock(&line->mu);
    if (line->has_thread)
        pthread_join(line->thread, NULL);
    /* Wait for ISRs still running on other threads: they hold these mutexes. */
    for (uint32_t m = 0; m < line->nmsg; m++) {
        pthread_mutex_lock(&line->msg[m].lock->mu);
        pthread_mutex_unlock(&line->msg[m].lock->mu);
    }
    pthread_cond_destroy(&line->cv);
    pthread_mutex_destroy(&line->mu);
    destroy_locks(line);
    free(line);
}
