/* The emulated IRQL of each thread, IRQL checks for StorPort* entry points, and the
 * frames that catch a callback returning at another IRQL or with a lock held. */
#include <stdio.h>
#include "port/exec_priv.h"

static __thread struct exec_thread exec_current;

struct exec_thread *exec_self(void)
{
    return &exec_current;
}

exec_irql_t exec_held_level(const struct exec_thread *t)
{
    exec_irql_t level = EXEC_PASSIVE_LEVEL;
    for (unsigned i = 0; i < t->nheld; i++)
        if (t->held[i].lock->level > level)
            level = t->held[i].lock->level;
    return level;
}

void exec_irql_set(struct exec_thread *t, exec_irql_t level)
{
    exec_irql_t old = t->irql;
    t->irql = level;
    if (level < EXEC_DISPATCH_LEVEL)
        t->sticky_cpu = 0;            /* may migrate again */
    if (level < old && t->ndeferred)
        exec_intr_drain(t);
}

exec_irql_t exec_irql_get(void)
{
    return exec_current.irql;
}

exec_irql_t exec_irql_raise(exec_irql_t level)
{
    struct exec_thread *t = &exec_current;
    exec_irql_t old = t->irql;
    if (level < old) {
        exec_report(EXEC_REPORT_IRQL, "KeRaiseIrql", __builtin_return_address(0), NULL,
                    NULL, old, EXEC_HIGH_LEVEL,
                    "raise to IRQL %u from the higher IRQL %u", level, old);
        return old;
    }
    exec_irql_set(t, level);
    return old;
}

void exec_irql_lower(exec_irql_t level)
{
    struct exec_thread *t = &exec_current;
    const void *caller = __builtin_return_address(0);
    if (level > t->irql) {
        exec_report(EXEC_REPORT_IRQL, "KeLowerIrql", caller, NULL, NULL,
                    EXEC_PASSIVE_LEVEL, t->irql,
                    "lower to IRQL %u from the lower IRQL %u", level, t->irql);
        return;
    }
    exec_irql_t floor = exec_held_level(t);
    if (level < floor) {
        exec_report(EXEC_REPORT_IRQL, "KeLowerIrql", caller, NULL, NULL, floor,
                    EXEC_HIGH_LEVEL, "lower to IRQL %u while holding a spin lock "
                    "of IRQL %u (kept at %u)", level, floor, floor);
        level = floor;
    }
    exec_irql_set(t, level);
}

bool exec_irql_check(const char *routine, exec_irql_t min, exec_irql_t max,
                     const void *caller)
{
    exec_irql_t irql = exec_current.irql;
    if (irql >= min && irql <= max)
        return true;
    exec_report(EXEC_REPORT_IRQL, routine, caller, NULL, NULL, min, max,
                "%s called at IRQL %u; allowed %u..%u", routine, irql, min, max);
    return false;
}

enum exec_thread_kind exec_thread_kind(void)
{
    return (enum exec_thread_kind)exec_current.kind;
}

void exec_call_begin(struct exec_callframe *frame, const char *name, const void *fn)
{
    frame->name = name;
    frame->fn = fn;
    frame->irql = exec_current.irql;
    frame->nheld = exec_current.nheld;
}

/* Releases the locks a callback left held, innermost first. */
static void release_leaked(struct exec_thread *t, struct exec_callframe *frame)
{
    char label[48];
    while (t->nheld > frame->nheld) {
        struct exec_held *h = &t->held[t->nheld - 1];
        exec_report(EXEC_REPORT_CALLBACK_LEAK, frame->name, frame->fn, h->lock, NULL,
                    frame->irql, frame->irql, "%s returned holding the %s (taken at %p);"
                    " released for it", frame->name,
                    exec_lock_label(h->lock, label, sizeof label), h->caller);
        struct exec_spinlock *lock = h->lock;
        t->nheld--;
        atomic_store_explicit(&lock->owner, NULL, memory_order_relaxed);
        pthread_mutex_unlock(&lock->mu);
    }
}

void exec_call_end(struct exec_callframe *frame)
{
    struct exec_thread *t = &exec_current;
    if (t->nheld > frame->nheld) {
        release_leaked(t, frame);
        exec_irql_set(t, frame->irql);    /* the leak report covers the IRQL too */
        return;
    }
    if (t->nheld < frame->nheld)
        exec_report(EXEC_REPORT_CALLBACK_LEAK, frame->name, frame->fn, NULL, NULL,
                    frame->irql, frame->irql, "%s released %u spin lock(s) it did not "
                    "take", frame->name, (unsigned)(frame->nheld - t->nheld));
    if (t->irql != frame->irql) {
        exec_report(EXEC_REPORT_CALLBACK_LEAK, frame->name, frame->fn, NULL, NULL,
                    frame->irql, frame->irql, "%s returned at IRQL %u, entered at %u; "
                    "restored", frame->name, t->irql, frame->irql);
        exec_irql_set(t, frame->irql);
    }
}
