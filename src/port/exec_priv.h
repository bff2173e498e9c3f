/* exec_priv.h — what the execution engine's own files share: the per-thread context,
 * run queues, the engine object and the report helper.  Not for the rest of the port. */
#ifndef USTOR_PORT_EXEC_PRIV_H
#define USTOR_PORT_EXEC_PRIV_H

#include "port/exec.h"

#define EXEC_MAX_HELD      24    /* spin locks one thread may hold at once */
#define EXEC_MAX_DEFERRED  16    /* masked interrupts one thread remembers */

struct exec_held {
    struct exec_spinlock *lock;
    const void *caller;
    exec_irql_t old_irql;
};

struct exec_deferred {
    struct exec_intr_line *line;
    uint32_t message;
};

/* Everything the engine knows about the calling thread (thread-local, zero = a
 * PASSIVE thread the engine did not create). */
struct exec_thread {
    exec_irql_t irql;
    uint8_t kind;                 /* enum exec_thread_kind */
    uint8_t nheld;
    uint8_t ndeferred;
    bool draining;                /* delivering deferred interrupts now */
    int32_t cpu;                  /* engine thread: its processor index + 1; 0 none */
    int32_t sticky_cpu;           /* processor index + 1 fixed at DISPATCH; 0 unknown */
    struct exec_engine *engine;   /* engine threads only */
    struct exec_held held[EXEC_MAX_HELD];
    struct exec_deferred deferred[EXEC_MAX_DEFERRED];
};

/* exec_lock_handle.state */
enum { EXEC_HANDLE_FREE = 0, EXEC_HANDLE_ACQUIRED = 0xA5, EXEC_HANDLE_SKIPPED = 0x5A };

struct exec_thread *exec_self(void);
/* Sets the IRQL, lowering or raising, and delivers what lowering unmasks. */
void exec_irql_set(struct exec_thread *t, exec_irql_t level);
/* Highest level of the spin locks T holds (PASSIVE if none). */
exec_irql_t exec_held_level(const struct exec_thread *t);

/* Reports (exec_report.c). */
void exec_report(enum exec_report_kind kind, const char *routine, const void *caller,
                 const struct exec_spinlock *lock, const struct exec_spinlock *held,
                 exec_irql_t min_irql, exec_irql_t max_irql, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* "MSI lock 3" into BUF. */
const char *exec_lock_label(const struct exec_spinlock *lock, char *buf, size_t size);

/* Lock-order checks (exec_lockdep.c): called before T takes LOCK. */
void exec_lockdep_acquire(struct exec_thread *t, struct exec_spinlock *lock,
                          const void *caller);
uint32_t exec_lockdep_new_id(void);

/* Spin lock internals shared with exec_intr.c. */
void exec_spin_push(struct exec_thread *t, struct exec_spinlock *lock, const void *caller,
                    exec_irql_t old_irql);
/* Drops T's record of LOCK and returns the IRQL to go back to (or current IRQL when
 * LOCK was not the innermost); false if T does not hold LOCK. */
bool exec_spin_pop(struct exec_thread *t, struct exec_spinlock *lock, const void *caller,
                   exec_irql_t *restore);

/* Interrupt delivery of what T deferred while masked (exec_intr.c). */
void exec_intr_drain(struct exec_thread *t);

/* A run queue: a list of items and the threads that run them at one IRQL. */
struct exec_runq {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct exec_item *head, *tail;
    bool stopping;
    exec_irql_t irql;
    uint8_t kind;                 /* enum exec_thread_kind of its threads */
    int cpu;                      /* processor index of a DPC queue, -1 */
    unsigned nthreads;
    pthread_t *threads;
    struct exec_engine *engine;
};

struct exec_engine {
    unsigned ndpc;
    struct exec_runq *dpcq;       /* ndpc queues, one thread each */
    struct exec_runq workq;
    bool no_pinning;
    _Atomic bool refusing;        /* being destroyed: queueing fails */
    _Atomic long busy;            /* items queued or running */
    pthread_mutex_t mu;           /* quiesce waits */
    pthread_cond_t quiet;
    _Atomic(void (*)(void *)) exit_hook;
    _Atomic(void *) exit_arg;
    /* timers (exec_timer.c) */
    pthread_mutex_t timer_mu;
    pthread_cond_t timer_cv;
    struct exec_timer *timers;    /* armed, sorted by due time */
    bool timer_stop;
    pthread_t timer_thread;
};

/* Items (exec_item.c). */
int exec_item_init(struct exec_engine *e, struct exec_item *it,
                   void (*run)(struct exec_item *, void *, void *),
                   void (*release)(struct exec_item *));
void exec_item_destroy(struct exec_item *it);
bool exec_item_queue(struct exec_item *it, struct exec_runq *q, void *arg1, void *arg2);
bool exec_item_cancel(struct exec_item *it);
int exec_item_flush(struct exec_item *it, const char *what);
/* Marks IT dying and cancels it.  Returns true if the caller must release it now,
 * false if its runner will (it is running and the caller may not wait for it). */
bool exec_item_retire(struct exec_item *it, bool may_wait);

int exec_runq_init(struct exec_engine *e, struct exec_runq *q, exec_irql_t irql,
                   uint8_t kind, int cpu);
int exec_runq_start(struct exec_runq *q, unsigned nthreads, const char *name);
void exec_runq_stop(struct exec_runq *q);
void exec_runq_destroy(struct exec_runq *q);

/* Engine helpers. */
void exec_engine_run_exit_hook(struct exec_engine *e);
int exec_thread_spawn(pthread_t *tid, void *(*fn)(void *), void *arg, const char *name);
struct exec_runq *exec_engine_dpc_queue_for(struct exec_engine *e, int target);
int exec_timer_start(struct exec_engine *e);
void exec_timer_stop(struct exec_engine *e);

/* Monotonic nanoseconds. */
uint64_t exec_now_ns(void);

#endif
