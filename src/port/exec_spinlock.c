/* Storport spin locks: a pthread mutex taken after raising the thread's IRQL to the
 * lock's level, with the previous IRQL kept for the release, the owner recorded for
 * recursion and masking checks, and each thread's held locks kept on a small stack. */
#include <errno.h>
#include <string.h>
#include "port/exec_priv.h"

int exec_spin_init(struct exec_spinlock *lock, enum exec_lock_class cls,
                   exec_irql_t level, const char *name, int32_t index)
{
    memset(lock, 0, sizeof *lock);
    bool dirql = cls == EXEC_LOCK_INTERRUPT || cls == EXEC_LOCK_MSI;
    if (!level)
        level = dirql ? EXEC_DIRQL_DEFAULT : EXEC_DISPATCH_LEVEL;
    lock->cls = (uint8_t)cls;
    lock->level = level;
    lock->name = name ? name : "spin lock";
    lock->index = index;
    lock->id = exec_lockdep_new_id();
    atomic_init(&lock->owner, NULL);
    for (unsigned i = 0; i < EXEC_LOCKDEP_EDGES; i++)
        atomic_init(&lock->after[i], 0);
    return -pthread_mutex_init(&lock->mu, NULL);
}

void exec_spin_destroy(struct exec_spinlock *lock)
{
    pthread_mutex_destroy(&lock->mu);
}

bool exec_spin_held(const struct exec_spinlock *lock)
{
    return atomic_load_explicit(&lock->owner, memory_order_relaxed) == exec_self();
}

void exec_spin_push(struct exec_thread *t, struct exec_spinlock *lock, const void *caller,
                    exec_irql_t old_irql)
{
    char a[48];
    if (t->nheld == EXEC_MAX_HELD) {
        exec_report(EXEC_REPORT_LOCK_ORDER, "StorPortAcquireSpinLock", caller, lock, NULL,
                    0, 0, "more than %d spin locks held at once; %s not tracked",
                    EXEC_MAX_HELD, exec_lock_label(lock, a, sizeof a));
        return;
    }
    t->held[t->nheld++] = (struct exec_held){ lock, caller, old_irql };
}

bool exec_spin_pop(struct exec_thread *t, struct exec_spinlock *lock, const void *caller,
                   exec_irql_t *restore)
{
    int i = t->nheld - 1;
    while (i >= 0 && t->held[i].lock != lock)
        i--;
    if (i < 0)
        return false;
    exec_irql_t old = t->held[i].old_irql;
    if (i == t->nheld - 1) {
        *restore = old;
    } else {
        /* Released out of order: the IRQL stays until the innermost lock goes, which
         * then restores what this one saved. */
        struct exec_spinlock *inner = t->held[i + 1].lock;
        char a[48], b[48];
        if (old < inner->level)
            exec_report(EXEC_REPORT_IRQL, "StorPortReleaseSpinLock", caller, lock, inner,
                        inner->level, EXEC_HIGH_LEVEL, "%s released before the %s taken "
                        "inside it: Windows would drop to IRQL %u while holding a lock of "
                        "IRQL %u", exec_lock_label(lock, a, sizeof a),
                        exec_lock_label(inner, b, sizeof b), old, inner->level);
        t->held[i + 1].old_irql = old;
        *restore = t->irql;
    }
    memmove(&t->held[i], &t->held[i + 1], (size_t)(t->nheld - 1 - i) * sizeof t->held[0]);
    t->nheld--;
    return true;
}

/* Reports and refuses a lock the thread already holds. */
static bool recursive(struct exec_thread *t, struct exec_spinlock *lock, const void *caller)
{
    if (atomic_load_explicit(&lock->owner, memory_order_relaxed) != t)
        return false;
    char a[48];
    exec_report(EXEC_REPORT_LOCK_RECURSION, "StorPortAcquireSpinLock", caller, lock, lock,
                0, 0, "%s acquired by the thread that already holds it (it would deadlock "
                "on Windows); not taken again", exec_lock_label(lock, a, sizeof a));
    return true;
}

static exec_irql_t take(struct exec_thread *t, struct exec_spinlock *lock,
                        const void *caller)
{
    exec_lockdep_acquire(t, lock, caller);
    exec_irql_t old = t->irql;
    if (lock->level > old)
        exec_irql_set(t, lock->level);
    pthread_mutex_lock(&lock->mu);
    atomic_store_explicit(&lock->owner, t, memory_order_relaxed);
    exec_spin_push(t, lock, caller, old);
    return old;
}

static void give(struct exec_thread *t, struct exec_spinlock *lock, const void *caller)
{
    exec_irql_t restore = t->irql;
    bool owner = atomic_load_explicit(&lock->owner, memory_order_relaxed) == t;
    if (!exec_spin_pop(t, lock, caller, &restore) && !owner) {
        char a[48];
        exec_report(EXEC_REPORT_LOCK_NOT_HELD, "StorPortReleaseSpinLock", caller, lock,
                    NULL, 0, 0, "%s released by a thread that does not hold it; ignored",
                    exec_lock_label(lock, a, sizeof a));
        return;
    }
    atomic_store_explicit(&lock->owner, NULL, memory_order_relaxed);
    pthread_mutex_unlock(&lock->mu);
    if (restore < t->irql)
        exec_irql_set(t, restore);
}

void exec_spin_acquire(struct exec_spinlock *lock, struct exec_lock_handle *handle,
                       const void *caller)
{
    struct exec_thread *t = exec_self();
    handle->lock = lock;
    if (recursive(t, lock, caller)) {
        handle->old_irql = t->irql;
        handle->state = EXEC_HANDLE_SKIPPED;
        return;
    }
    handle->old_irql = take(t, lock, caller);
    handle->state = EXEC_HANDLE_ACQUIRED;
}

void exec_spin_release(struct exec_lock_handle *handle, const void *caller)
{
    uint8_t state = handle->state;
    handle->state = EXEC_HANDLE_FREE;
    if (state == EXEC_HANDLE_SKIPPED)
        return;
    if (state == EXEC_HANDLE_ACQUIRED && handle->lock) {
        give(exec_self(), handle->lock, caller);
        return;
    }
    char a[48];
    exec_report(EXEC_REPORT_LOCK_NOT_HELD, "StorPortReleaseSpinLock", caller, handle->lock,
                NULL, 0, 0, "release of a lock handle that holds nothing (%s released "
                "twice, or never acquired)", exec_lock_label(handle->lock, a, sizeof a));
}

uint32_t exec_spin_acquire_raw(struct exec_spinlock *lock, const void *caller)
{
    struct exec_thread *t = exec_self();
    if (recursive(t, lock, caller))
        return EXEC_SPIN_NOT_TAKEN;
    return take(t, lock, caller);
}

void exec_spin_release_raw(struct exec_spinlock *lock, uint32_t old, const void *caller)
{
    (void)old;                    /* the thread's own record is authoritative */
    if (old == EXEC_SPIN_NOT_TAKEN)
        return;
    give(exec_self(), lock, caller);
}
