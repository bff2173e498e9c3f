/* exec.h — the port's execution-context engine (internal to src/port).
 *
 * Implements what Windows gives a Storport miniport in the way of threads and locks:
 * an emulated IRQL per thread, Storport spin locks (DPC, StartIo, interrupt, MSI,
 * plain) that raise the IRQL and check lock order, DPCs on one thread per processor,
 * one-shot timers, PASSIVE work items, interrupt lines whose ISRs are masked like real
 * ones, StallExecution, system time and the performance counter, and the machine's
 * processor/NUMA topology.  It knows nothing of WDK types: the StorPort* wrappers
 * translate handles, status codes and structures.  docs/architecture.md §5 explains
 * the model (which thread runs what, at which IRQL, under which lock, and why).
 *
 * Leaves out: threaded DPCs and DPC importance (run as ordinary DPCs), periodic and
 * high-resolution timers (one-shot only), TolerableDelay (timers fire as soon as they
 * can), APC delivery (APC_LEVEL exists only as a number), real preemption (a thread at
 * DISPATCH may still be descheduled by Linux; nothing else runs "on its processor").
 *
 * Threading contract for callers:
 *  - Every function may be called from any thread, at any emulated IRQL, unless its
 *    comment says otherwise.  Functions that wait say so; they must not be called at
 *    DISPATCH or above (they report it and refuse instead of deadlocking).
 *  - exec_intr_raise() may run the ISR on the calling thread: call it without holding
 *    device-model locks the ISR could need, or use exec_intr_post().
 *  - The hot path allocates nothing: exec_dpc_queue, exec_intr_raise, exec_intr_post,
 *    exec_spin_acquire/release, exec_timer_request and exec_worker_queue.
 */
#ifndef USTOR_PORT_EXEC_H
#define USTOR_PORT_EXEC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct exec_engine;
struct exec_thread;
struct exec_timer;
struct exec_worker;
struct exec_intr_line;

/* ------------------------------------------------------------------------------------
 * IRQL.  Each thread carries one; threads the engine did not create start at PASSIVE.
 * Values are the x64 Windows ones.
 */
typedef uint8_t exec_irql_t;

#define EXEC_PASSIVE_LEVEL  ((exec_irql_t)0)
#define EXEC_APC_LEVEL      ((exec_irql_t)1)
#define EXEC_DISPATCH_LEVEL ((exec_irql_t)2)
#define EXEC_DIRQL_MIN      ((exec_irql_t)3)   /* device IRQLs are 3..12 */
#define EXEC_DIRQL_DEFAULT  ((exec_irql_t)8)   /* what a line gets when it asks for 0 */
#define EXEC_DIRQL_MAX      ((exec_irql_t)12)
#define EXEC_HIGH_LEVEL     ((exec_irql_t)15)

exec_irql_t exec_irql_get(void);
/* KeRaiseIrql: returns the previous level.  Raising to a lower level is reported and
 * changes nothing. */
exec_irql_t exec_irql_raise(exec_irql_t level);
/* KeLowerIrql: lowering above the current level, or below the level of a spin lock
 * the thread holds, is reported (and clamped).  Interrupts that were masked on this
 * thread and are now unmasked are delivered before it returns. */
void exec_irql_lower(exec_irql_t level);

/* For StorPort* entry points: true if the calling thread's IRQL is within
 * [min, max]; otherwise reports ROUTINE called at the wrong IRQL from CALLER (pass
 * EXEC_CALLER() from the StorPort* function itself so it names the miniport's code)
 * and returns false.  The caller decides whether to fail the call. */
bool exec_irql_check(const char *routine, exec_irql_t min, exec_irql_t max,
                     const void *caller);
#define EXEC_CALLER() __builtin_return_address(0)

/* What kind of thread this is, for checks and tests. */
enum exec_thread_kind {
    EXEC_THREAD_OTHER = 0,   /* a host or device-model thread */
    EXEC_THREAD_DPC,         /* runs DPCs and timer callbacks at DISPATCH */
    EXEC_THREAD_WORKER,      /* runs work items at PASSIVE */
    EXEC_THREAD_TIMER,       /* keeps due times; runs nothing of the miniport */
    EXEC_THREAD_INTERRUPT,   /* delivers posted interrupts of one line */
};
enum exec_thread_kind exec_thread_kind(void);

/* ------------------------------------------------------------------------------------
 * Reports: misuse the engine detects (wrong IRQL, lock order, recursion, leaks).  All
 * go through one hook the port sets (the verifier); the default prints each distinct
 * (kind, routine, caller) once to stderr with the caller symbolised.
 */
enum exec_report_kind {
    EXEC_REPORT_IRQL = 0,         /* a routine called at an IRQL where it is not allowed */
    EXEC_REPORT_LOCK_ORDER,       /* a lock taken after one that must come later */
    EXEC_REPORT_LOCK_RECURSION,   /* a lock taken again by the thread that holds it */
    EXEC_REPORT_LOCK_NOT_HELD,    /* a lock released by a thread that does not hold it */
    EXEC_REPORT_CALLBACK_LEAK,    /* a callback returned holding a lock or at another IRQL */
    EXEC_REPORT_WAIT,             /* a wait where waiting is not allowed or would deadlock */
    EXEC_REPORT_KINDS
};

struct exec_report {
    enum exec_report_kind kind;
    const char *routine;      /* the routine or callback concerned, never NULL */
    const void *caller;       /* return address into the caller, or NULL */
    exec_irql_t irql;         /* the thread's IRQL at the time */
    exec_irql_t min_irql, max_irql;   /* allowed range, for EXEC_REPORT_IRQL */
    const char *lock;         /* the lock concerned, or NULL */
    const char *held;         /* the conflicting lock already held, or NULL */
    const char *text;         /* one line, ready to print */
};

typedef void exec_report_fn(void *arg, const struct exec_report *report);
/* NULL restores the default (stderr). */
void exec_set_report_hook(exec_report_fn *fn, void *arg);
/* How many reports of KIND were made since start, whatever the hook did. */
unsigned long exec_report_count(enum exec_report_kind kind);

/* ------------------------------------------------------------------------------------
 * Spin locks.  A pthread mutex (so TSan and helgrind understand it) plus the level it
 * raises to and a class for the order check:
 *   rank 1 (DISPATCH): DPC locks, the StartIo lock, plain locks — in any order among
 *                      themselves, but a pair taken both ways round is reported;
 *   rank 2 (DIRQL):    the interrupt lock and MSI message locks.
 * Taking a rank-1 lock while holding a rank-2 lock is reported (Windows: DPC or StartIo
 * before Interrupt).  Taking a lock the thread already holds is reported and NOT
 * acquired (the matching release is then a no-op), so the miniport does not deadlock.
 */
enum exec_lock_class {
    EXEC_LOCK_PLAIN = 0,      /* STOR_KSPIN_LOCK, DpcLevelLock */
    EXEC_LOCK_DPC,            /* one per DPC */
    EXEC_LOCK_STARTIO,
    EXEC_LOCK_INTERRUPT,      /* the line's lock (InterruptSynchronizeAll) */
    EXEC_LOCK_MSI,            /* one message's lock (InterruptSynchronizePerMessage) */
};

#define EXEC_LOCKDEP_EDGES 8

struct exec_spinlock {
    pthread_mutex_t mu;
    _Atomic(struct exec_thread *) owner;
    const char *name;             /* "StartIo lock", "DPC lock", "MSI lock" ... */
    int32_t index;                /* message number or -1; printed after the name */
    uint32_t id;                  /* lockdep identity, never reused */
    uint8_t cls;                  /* enum exec_lock_class */
    exec_irql_t level;            /* IRQL while held */
    _Atomic uint32_t after[EXEC_LOCKDEP_EDGES];   /* ids of locks seen taken inside */
};

/* What the caller keeps between acquire and release (STOR_LOCK_HANDLE's role).  It
 * stays within 16 bytes so the port can keep it inside STOR_LOCK_HANDLE.Context. */
struct exec_lock_handle {
    struct exec_spinlock *lock;
    exec_irql_t old_irql;
    uint8_t state;                /* internal: acquired, skipped (recursion), released */
};
_Static_assert(sizeof(struct exec_lock_handle) <= 16, "fits STOR_LOCK_HANDLE.Context");

/* LEVEL 0 means the class default: DISPATCH for rank 1, EXEC_DIRQL_DEFAULT for rank 2. */
int exec_spin_init(struct exec_spinlock *lock, enum exec_lock_class cls,
                   exec_irql_t level, const char *name, int32_t index);
void exec_spin_destroy(struct exec_spinlock *lock);
/* Raises to the lock's level (never lowers), takes it, and records the previous IRQL
 * in HANDLE.  CALLER (EXEC_CALLER() or NULL) is named in reports. */
void exec_spin_acquire(struct exec_spinlock *lock, struct exec_lock_handle *handle,
                       const void *caller);
/* Releases and restores the IRQL saved in HANDLE; masked interrupts that this unmasks
 * are delivered before it returns. */
void exec_spin_release(struct exec_lock_handle *handle, const void *caller);
/* The StorPortAcquireMSISpinLock shape: returns the value to give back to
 * exec_spin_release_raw (the old IRQL, or EXEC_SPIN_NOT_TAKEN after a recursion). */
#define EXEC_SPIN_NOT_TAKEN 0x100u
uint32_t exec_spin_acquire_raw(struct exec_spinlock *lock, const void *caller);
void exec_spin_release_raw(struct exec_spinlock *lock, uint32_t old, const void *caller);
/* Whether the calling thread holds LOCK. */
bool exec_spin_held(const struct exec_spinlock *lock);

/* ------------------------------------------------------------------------------------
 * Callback frames: the port brackets each miniport callback so that returning with a
 * lock still held or at another IRQL is reported and repaired (the leaked locks are
 * released, the IRQL restored).  The engine does this itself around DPCs, timers, work
 * items and ISRs.
 */
struct exec_callframe {
    const char *name;            /* "HwStartIo" */
    const void *fn;              /* the miniport routine, for the report */
    exec_irql_t irql;
    uint8_t nheld;
};
void exec_call_begin(struct exec_callframe *frame, const char *name, const void *fn);
void exec_call_end(struct exec_callframe *frame);

/* ------------------------------------------------------------------------------------
 * The engine: DPC threads (one per active processor, pinned when Linux allows), worker
 * threads, one timer thread.  One per host.
 */
struct exec_config {
    unsigned dpc_threads;        /* 0: one per active processor */
    unsigned worker_threads;     /* 0: max(4, processors) */
    bool no_pinning;             /* do not pin DPC threads to their processors */
};

int exec_engine_create(const struct exec_config *config, struct exec_engine **out);
/* Waits (PASSIVE only) until no DPC, timer callback or work item is queued or running.
 * Armed timers stay armed. */
int exec_engine_quiesce(struct exec_engine *engine);
/* Cancels armed timers, lets queued DPCs and work items run, stops every thread and
 * frees the engine.  Queueing after this has begun fails.  PASSIVE, not from an engine
 * thread.  Free timers and destroy interrupt lines before; DPCs and work items may be
 * destroyed before or after. */
void exec_engine_destroy(struct exec_engine *engine);
/* FN(ARG) runs on a thread after each DPC, timer callback and work item, and after each
 * batch of ISRs delivered on a thread that then holds no spin lock: the place where the
 * port hands finished requests back (never under a miniport lock). */
void exec_engine_set_exit_hook(struct exec_engine *engine, void (*fn)(void *arg), void *arg);
/* Number of DPC queues (threads); DPC target processors map onto them modulo this. */
unsigned exec_engine_dpc_queues(const struct exec_engine *engine);

/* ------------------------------------------------------------------------------------
 * Deferred items: the queued/running state machine DPCs and work items share.
 * Internal fields; use the DPC and worker functions.
 */
struct exec_runq;
struct exec_item {
    pthread_mutex_t mu;
    pthread_cond_t idle;
    void (*run)(struct exec_item *item, void *arg1, void *arg2);
    void (*release)(struct exec_item *item);   /* frees the owner, for deferred frees */
    struct exec_engine *engine;
    struct exec_runq *q;          /* queue of the last push */
    struct exec_item *prev, *next;
    bool linked, queued, running, dying, release_by_runner;
    struct exec_thread *runner;
    void *arg1, *arg2;
};

/* ------------------------------------------------------------------------------------
 * DPCs.  The object lives in caller storage.  A DPC is queued at most once (queueing it
 * again before it starts returns false and keeps the first arguments), runs at
 * DISPATCH on a DPC thread, and never runs concurrently with itself: queued again while
 * it runs, it runs again afterwards on the same thread.  Its DPC lock is a real lock
 * that the port does NOT hold around the routine (Storport does not: miniports take it
 * inside their own DPC routine).
 */
struct exec_dpc;
typedef void exec_dpc_fn(struct exec_dpc *dpc, void *ctx, void *arg1, void *arg2);

struct exec_dpc {
    struct exec_item item;
    exec_dpc_fn *fn;
    void *ctx;
    int target;                   /* processor index, or -1: the queuing thread's */
    struct exec_spinlock lock;    /* StorPortAcquireSpinLock(DpcLock, this DPC) */
};

int exec_dpc_init(struct exec_engine *engine, struct exec_dpc *dpc, exec_dpc_fn *fn,
                  void *ctx);
/* Waits for the DPC (PASSIVE, not from the DPC itself), then frees its resources. */
void exec_dpc_destroy(struct exec_dpc *dpc);
void exec_dpc_set_target(struct exec_dpc *dpc, int processor);
/* KeInsertQueueDpc: false if already queued (or the engine is shutting down). */
bool exec_dpc_queue(struct exec_dpc *dpc, void *arg1, void *arg2);
/* KeRemoveQueueDpc: true if it was queued and now will not run for that queueing. */
bool exec_dpc_cancel(struct exec_dpc *dpc);
/* Waits until the DPC is neither queued nor running.  -EDEADLK from the DPC itself or
 * at DISPATCH and above (reported). */
int exec_dpc_flush(struct exec_dpc *dpc);

/* ------------------------------------------------------------------------------------
 * Timers (StorPortInitializeTimer/RequestTimer/FreeTimer and the legacy
 * RequestTimerCall timer).  One-shot, microsecond due time, callback at DISPATCH on a
 * DPC thread, never concurrently with itself.  A timer is pending from the request
 * until its callback starts; a request while pending returns -EBUSY, unless the timer
 * was created with EXEC_TIMER_REARM (the legacy timer: a new request replaces the
 * pending one).  The port wraps the legacy callback in the StartIo lock itself.
 */
typedef void exec_timer_fn(void *ctx);
#define EXEC_TIMER_REARM 0x1u

int exec_timer_create(struct exec_engine *engine, unsigned flags, struct exec_timer **out);
/* DUE_US 0 cancels (returns 0 whether or not it was pending). */
int exec_timer_request(struct exec_timer *timer, exec_timer_fn *fn, void *ctx,
                       uint64_t due_us);
bool exec_timer_pending(struct exec_timer *timer);
/* Cancels; if the callback is running, waits for it at PASSIVE, or (from the callback
 * itself, or at DISPATCH and above, where Windows cannot wait) frees the timer when
 * the callback returns. */
void exec_timer_free(struct exec_timer *timer);

/* ------------------------------------------------------------------------------------
 * Work items (StorPortInitializeWorker/QueueWorkItem/FreeWorker): run at PASSIVE on a
 * worker thread, never concurrently with themselves.
 */
typedef void exec_work_fn(void *ctx, struct exec_worker *worker);

int exec_worker_create(struct exec_engine *engine, struct exec_worker **out);
/* 0, -EBUSY if already queued, -ESHUTDOWN once the engine is being destroyed. */
int exec_worker_queue(struct exec_worker *worker, exec_work_fn *fn, void *ctx);
/* Like exec_timer_free: waits for a running item, except from the item itself or at
 * DISPATCH and above, where the free happens when the item returns. */
void exec_worker_free(struct exec_worker *worker);

/* ------------------------------------------------------------------------------------
 * Interrupt lines.  A line has N messages (1 for a line-based interrupt), each with a
 * pending bit and either its own lock (per-message) or the line's one interrupt lock.
 * An ISR runs at the line's DIRQL holding its message's lock, never concurrently with
 * itself, never on a thread that holds that lock or is at or above that DIRQL: there
 * the interrupt stays pending and is delivered by that thread when it releases the
 * lock or its IRQL drops below DIRQL.  Raising a pending message again coalesces
 * (like an MSI pending bit).
 */
typedef bool exec_isr_fn(void *ctx, uint32_t message);   /* true: claimed */

struct exec_intr_config {
    const char *name;             /* for thread names and reports */
    uint32_t messages;            /* 1..2048 */
    bool per_message_locks;       /* InterruptSynchronizePerMessage */
    exec_irql_t dirql;            /* 0: EXEC_DIRQL_DEFAULT */
    exec_isr_fn *isr;
    void *ctx;
};

#define EXEC_INTR_ALL UINT32_MAX

int exec_intr_create(struct exec_engine *engine, const struct exec_intr_config *config,
                     struct exec_intr_line **out);
/* Disables the line, waits for running ISRs and the posting thread, frees it.  No
 * thread may still be inside a callback of this line. */
void exec_intr_destroy(struct exec_intr_line *line);
/* Marks MESSAGE pending and, unless masked on this thread, runs the ISR right here
 * (waiting for the lock if another thread holds it).  -EINVAL for a bad message. */
int exec_intr_raise(struct exec_intr_line *line, uint32_t message);
/* Marks MESSAGE pending and lets the line's own thread deliver it: for callers that
 * hold locks of their own, or want the ISR off their thread. */
int exec_intr_post(struct exec_intr_line *line, uint32_t message);
/* A disabled line keeps raised messages pending; enabling delivers them. */
void exec_intr_enable(struct exec_intr_line *line, bool enabled);
/* The lock MESSAGE's ISR runs under (the line's lock when not per-message); NULL for
 * a message out of range. */
struct exec_spinlock *exec_intr_lock(struct exec_intr_line *line, uint32_t message);
/* Takes every distinct lock of the line in message order (the interrupt lock of a
 * per-message line), as one held lock; release with exec_intr_unlock_all. */
void exec_intr_lock_all(struct exec_intr_line *line, struct exec_lock_handle *handle,
                        const void *caller);
void exec_intr_unlock_all(struct exec_intr_line *line, struct exec_lock_handle *handle,
                          const void *caller);
/* StorPortSynchronizeAccess: FN(CTX) under MESSAGE's lock (EXEC_INTR_ALL: every lock). */
bool exec_intr_synchronize(struct exec_intr_line *line, uint32_t message,
                           bool (*fn)(void *ctx), void *ctx, const void *caller);
exec_irql_t exec_intr_dirql(const struct exec_intr_line *line);
uint32_t exec_intr_messages(const struct exec_intr_line *line);
/* ISR calls made for MESSAGE, and how many of them returned false. */
void exec_intr_stats(struct exec_intr_line *line, uint32_t message, uint64_t *delivered,
                     uint64_t *unclaimed);

/* ------------------------------------------------------------------------------------
 * Stall and time.
 */
/* StorPortStallExecution: really waits at least US microseconds at any IRQL (spinning
 * with pause, yielding the processor on long waits); other threads keep running.  A
 * real call, so it is a compiler barrier for the miniport's polling loops. */
void exec_stall_us(uint32_t us);
/* StorPortDelayExecution: sleeps below DISPATCH, stalls at DISPATCH and above. */
void exec_delay_us(uint32_t us);
/* StorPortQuerySystemTime: 100 ns units since 1601-01-01 UTC. */
int64_t exec_system_time(void);
/* StorPortQueryPerformanceCounter: a monotonic count; *FREQUENCY (may be NULL) gets
 * its rate in Hz (10 MHz, as on current Windows). */
int64_t exec_perf_counter(int64_t *frequency);
/* KeQueryTickCount / KeQueryTimeIncrement: ticks since start, 100 ns units per tick. */
uint64_t exec_tick_count(void);
uint32_t exec_time_increment(void);

/* ------------------------------------------------------------------------------------
 * Processors and NUMA nodes, as Windows numbers them.  Active processors are the CPUs
 * this process may run on; processor index k is in group k's group at number n.
 * Groups hold at most 64 processors and are filled node by node (a node is not split
 * unless it has more than 64 processors).  Node numbers are Linux's.
 */
struct exec_procnum {
    uint16_t group;
    uint8_t number;
};

struct exec_cpu {
    int linux_id;
    uint16_t group;
    uint8_t number;
    uint32_t node;
    int core;                     /* index into cores, -1 unknown */
    int package;                  /* index into packages */
};

struct exec_cpuset {              /* processor indexes, as a bitmap */
    uint64_t *bits;
};

struct exec_cache {
    uint8_t level;                /* 1..3 */
    uint8_t type;                 /* 0 unified, 1 instruction, 2 data (Windows values) */
    uint8_t ways;                 /* 0xFF: fully associative */
    uint16_t line_size;
    uint32_t size;
    struct exec_cpuset cpus;
};

struct exec_topology {
    uint32_t ncpu;
    struct exec_cpu *cpu;         /* by processor index */
    uint16_t ngroups;
    uint8_t *group_size;          /* processors per group */
    uint32_t nnodes;              /* online nodes */
    uint32_t *node_ids;           /* sorted */
    uint32_t ncores, npackages, ncaches;
    struct exec_cpuset *cores, *packages, *node_cpus;   /* node_cpus by node_ids order */
    struct exec_cache *caches;
    int *linux_to_index;          /* -1 for CPUs not active */
    int max_linux;
    size_t words;                 /* uint64_t words in each cpuset */
};

/* The machine's topology, read once (sysfs with fallbacks).  Never NULL. */
const struct exec_topology *exec_topology(void);
/* Reads a topology below SYSFS_ROOT ("/sys"); ALLOWED (a Linux cpu_set_t *, may be
 * NULL) restricts it to those CPUs, else the root's online list is used.  Missing files
 * fall back to: every CPU its own core, one package, one node. */
int exec_topology_load(const char *sysfs_root, const void *allowed,
                       struct exec_topology **out);
void exec_topology_free(struct exec_topology *topology);

/* Processor index of the calling thread: an engine thread's own processor; another
 * thread's current CPU, kept fixed while it is at DISPATCH or above. */
uint32_t exec_cpu_current(const struct exec_topology *topology, struct exec_procnum *number);
int exec_cpu_index(const struct exec_topology *topology, const struct exec_procnum *number);
int exec_cpu_group_affinity(const struct exec_topology *topology, uint16_t group,
                            uint64_t *mask);
/* The node's processors in its first group (mask 0, group 0 for a node without any). */
int exec_cpu_node_affinity(const struct exec_topology *topology, uint32_t node,
                           uint64_t *mask, uint16_t *group);
uint32_t exec_cpu_highest_node(const struct exec_topology *topology);

/* KeQueryLogicalProcessorRelationship: writes SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX
 * records (x64 layout) for RELATION (0 core, 1 node, 2 cache, 3 package, 4 group,
 * 0xFFFF all) concerning processor NUMBER (NULL: every processor).  *LENGTH is the
 * buffer size in, the size used (or needed, with -ENOSPC) out.  -EINVAL for an unknown
 * relation or processor. */
#define EXEC_REL_CORE    0u
#define EXEC_REL_NODE    1u
#define EXEC_REL_CACHE   2u
#define EXEC_REL_PACKAGE 3u
#define EXEC_REL_GROUP   4u
#define EXEC_REL_ALL     0xFFFFu
int exec_cpu_relationship(const struct exec_topology *topology,
                          const struct exec_procnum *number, uint32_t relation,
                          void *buffer, uint32_t *length);

#endif
