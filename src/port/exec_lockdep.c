/* Lock-order checking for the port's spin locks.
 *
 * Two rules.  By rank: DISPATCH-level locks (DPC, StartIo, plain) come before
 * DIRQL-level ones (interrupt, MSI); the reverse is what Windows forbids ("DPC or
 * StartIo before Interrupt").  By history: every lock remembers up to
 * EXEC_LOCKDEP_EDGES locks that were taken while it was held; taking A inside B when A
 * was once held around B is an inversion (two threads doing that deadlock).  Only
 * direct inversions are found, not longer cycles; both rules use fixed storage, so
 * the check allocates nothing. */
#include "port/exec_priv.h"

static _Atomic uint32_t next_id = 1;

uint32_t exec_lockdep_new_id(void)
{
    return atomic_fetch_add(&next_id, 1);
}

static int rank(const struct exec_spinlock *lock)
{
    return lock->cls == EXEC_LOCK_INTERRUPT || lock->cls == EXEC_LOCK_MSI ? 2 : 1;
}

static bool has_edge(struct exec_spinlock *from, uint32_t to)
{
    for (unsigned i = 0; i < EXEC_LOCKDEP_EDGES; i++) {
        uint32_t id = atomic_load_explicit(&from->after[i], memory_order_relaxed);
        if (id == to)
            return true;
        if (!id)
            return false;
    }
    return false;
}

/* Remembers that TO was taken while FROM was held (if there is room). */
static void add_edge(struct exec_spinlock *from, uint32_t to)
{
    for (unsigned i = 0; i < EXEC_LOCKDEP_EDGES; i++) {
        uint32_t id = atomic_load_explicit(&from->after[i], memory_order_relaxed);
        if (id == to)
            return;
        if (!id) {
            uint32_t expected = 0;
            if (atomic_compare_exchange_strong(&from->after[i], &expected, to) ||
                expected == to)
                return;
        }
    }
}

static void check_pair(struct exec_spinlock *held, struct exec_spinlock *lock,
                       const void *caller)
{
    char a[48], b[48];
    if (rank(held) > rank(lock)) {
        exec_report(EXEC_REPORT_LOCK_ORDER, "StorPortAcquireSpinLock", caller, lock, held,
                    0, 0, "%s acquired while holding the %s: DPC and StartIo locks must "
                    "come before interrupt locks", exec_lock_label(lock, a, sizeof a),
                    exec_lock_label(held, b, sizeof b));
        return;
    }
    if (has_edge(lock, held->id)) {
        exec_report(EXEC_REPORT_LOCK_ORDER, "StorPortAcquireSpinLock", caller, lock, held,
                    0, 0, "%s acquired while holding the %s, but elsewhere the %s was "
                    "acquired while holding the %s: the two orders can deadlock",
                    exec_lock_label(lock, a, sizeof a), exec_lock_label(held, b, sizeof b),
                    b, a);
        return;
    }
    add_edge(held, lock->id);
}

void exec_lockdep_acquire(struct exec_thread *t, struct exec_spinlock *lock,
                          const void *caller)
{
    char a[48];
    bool ranked = false;          /* a rank report already explains a high IRQL */
    for (unsigned i = 0; i < t->nheld; i++) {
        ranked |= rank(t->held[i].lock) > rank(lock);
        check_pair(t->held[i].lock, lock, caller);
    }
    if (t->irql > lock->level && !ranked)
        exec_report(EXEC_REPORT_IRQL, "StorPortAcquireSpinLock", caller, lock, NULL,
                    EXEC_PASSIVE_LEVEL, lock->level, "%s acquired at IRQL %u, above its "
                    "level %u", exec_lock_label(lock, a, sizeof a), t->irql, lock->level);
}
