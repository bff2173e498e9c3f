/* The execution engine: DPC queues with one thread per processor (pinned to it when
 * Linux allows), a pool of worker threads, the timer thread, and the wait for quiet.
 * Engine threads block every signal: signals belong to the host's threads. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include "port/exec_priv.h"

#define MAX_DPC_THREADS    1024
#define MAX_WORKER_THREADS 64
#define MIN_WORKER_THREADS 4

int exec_thread_spawn(pthread_t *tid, void *(*fn)(void *), void *arg, const char *name)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(tid, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc)
        return -rc;
    pthread_setname_np(*tid, name);
    return 0;
}

static void pin(pthread_t tid, int linux_cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(linux_cpu, &set);
    pthread_setaffinity_np(tid, sizeof set, &set);   /* best effort (cgroups may say no) */
}

void exec_engine_run_exit_hook(struct exec_engine *e)
{
    void (*fn)(void *) = atomic_load_explicit(&e->exit_hook, memory_order_acquire);
    if (fn)
        fn(atomic_load_explicit(&e->exit_arg, memory_order_relaxed));
}

void exec_engine_set_exit_hook(struct exec_engine *e, void (*fn)(void *arg), void *arg)
{
    atomic_store_explicit(&e->exit_arg, arg, memory_order_relaxed);
    atomic_store_explicit(&e->exit_hook, fn, memory_order_release);
}

unsigned exec_engine_dpc_queues(const struct exec_engine *e)
{
    return e->ndpc;
}

struct exec_runq *exec_engine_dpc_queue_for(struct exec_engine *e, int target)
{
    if (target < 0)
        target = (int)exec_cpu_current(exec_topology(), NULL);
    return &e->dpcq[(unsigned)target % e->ndpc];
}

static int start_dpc_queues(struct exec_engine *e, const struct exec_topology *topo)
{
    unsigned i;
    int rc = 0;
    for (i = 0; i < e->ndpc; i++) {
        rc = exec_runq_init(e, &e->dpcq[i], EXEC_DISPATCH_LEVEL, EXEC_THREAD_DPC, (int)i);
        if (rc)
            break;
        rc = exec_runq_start(&e->dpcq[i], 1, "ustor-dpc");
        if (rc) {
            exec_runq_stop(&e->dpcq[i]);
            exec_runq_destroy(&e->dpcq[i]);
            break;
        }
        if (!e->no_pinning && i < topo->ncpu)
            pin(e->dpcq[i].threads[0], topo->cpu[i].linux_id);
    }
    if (!rc)
        return 0;
    for (unsigned j = 0; j < i; j++)
        exec_runq_stop(&e->dpcq[j]);
    for (unsigned j = 0; j < i; j++)
        exec_runq_destroy(&e->dpcq[j]);
    return rc;
}

static void stop_dpc_queues(struct exec_engine *e)
{
    for (unsigned i = 0; i < e->ndpc; i++)
        exec_runq_stop(&e->dpcq[i]);
    for (unsigned i = 0; i < e->ndpc; i++)
        exec_runq_destroy(&e->dpcq[i]);
}

static int start_workers(struct exec_engine *e, unsigned n)
{
    int rc = exec_runq_init(e, &e->workq, EXEC_PASSIVE_LEVEL, EXEC_THREAD_WORKER, -1);
    if (rc)
        return rc;
    rc = exec_runq_start(&e->workq, n, "ustor-work");
    if (rc) {
        exec_runq_stop(&e->workq);
        exec_runq_destroy(&e->workq);
    }
    return rc;
}

static void size_engine(struct exec_engine *e, const struct exec_config *cfg,
                        const struct exec_topology *topo, unsigned *workers)
{
    unsigned ndpc = cfg && cfg->dpc_threads ? cfg->dpc_threads : topo->ncpu;
    e->ndpc = ndpc > MAX_DPC_THREADS ? MAX_DPC_THREADS : ndpc;
    unsigned nw = cfg && cfg->worker_threads ? cfg->worker_threads : topo->ncpu;
    if (!(cfg && cfg->worker_threads) && nw < MIN_WORKER_THREADS)
        nw = MIN_WORKER_THREADS;
    *workers = nw > MAX_WORKER_THREADS ? MAX_WORKER_THREADS : nw;
    e->no_pinning = cfg && cfg->no_pinning;
}

int exec_engine_create(const struct exec_config *config, struct exec_engine **out)
{
    const struct exec_topology *topo = exec_topology();
    unsigned nworkers;
    int rc = -ENOMEM;
    struct exec_engine *e = calloc(1, sizeof *e);
    if (!e)
        return -ENOMEM;
    size_engine(e, config, topo, &nworkers);
    e->dpcq = calloc(e->ndpc, sizeof *e->dpcq);
    if (!e->dpcq)
        goto fail_free;
    if ((rc = -pthread_mutex_init(&e->mu, NULL)))
        goto fail_free;
    if ((rc = -pthread_cond_init(&e->quiet, NULL)))
        goto fail_mu;
    if ((rc = exec_timer_start(e)))
        goto fail_cond;
    if ((rc = start_dpc_queues(e, topo)))
        goto fail_timer;
    if ((rc = start_workers(e, nworkers)))
        goto fail_dpc;
    *out = e;
    return 0;
fail_dpc:
    stop_dpc_queues(e);
fail_timer:
    exec_timer_stop(e);
    pthread_cond_destroy(&e->timer_cv);
    pthread_mutex_destroy(&e->timer_mu);
fail_cond:
    pthread_cond_destroy(&e->quiet);
fail_mu:
    pthread_mutex_destroy(&e->mu);
fail_free:
    free(e->dpcq);
    free(e);
    return rc;
}

int exec_engine_quiesce(struct exec_engine *e)
{
    struct exec_thread *t = exec_self();
    if (t->irql >= EXEC_DISPATCH_LEVEL || t->engine == e) {
        exec_report(EXEC_REPORT_WAIT, "exec_engine_quiesce", __builtin_return_address(0),
                    NULL, NULL, EXEC_PASSIVE_LEVEL, EXEC_APC_LEVEL, "waiting for the "
                    "engine to go quiet from one of its threads or at IRQL %u", t->irql);
        return -EDEADLK;
    }
    pthread_mutex_lock(&e->mu);
    while (atomic_load(&e->busy) > 0)
        pthread_cond_wait(&e->quiet, &e->mu);
    pthread_mutex_unlock(&e->mu);
    return 0;
}

void exec_engine_destroy(struct exec_engine *e)
{
    if (!e)
        return;
    atomic_store(&e->refusing, true);
    exec_timer_stop(e);
    stop_dpc_queues(e);           /* each thread runs what is queued, then exits */
    exec_runq_stop(&e->workq);
    exec_runq_destroy(&e->workq);
    pthread_cond_destroy(&e->timer_cv);
    pthread_mutex_destroy(&e->timer_mu);
    pthread_cond_destroy(&e->quiet);
    pthread_mutex_destroy(&e->mu);
    free(e->dpcq);
    free(e);
}
