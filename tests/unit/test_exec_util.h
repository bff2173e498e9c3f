/* Helpers for the execution-engine tests: checks that stop the test with a message,
 * a report recorder, gates, and waiting for a condition (with a hang guard that fails
 * the test rather than asserting on time). */
#ifndef TEST_EXEC_UTIL_H
#define TEST_EXEC_UTIL_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "port/exec.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define CHECK_EQ(a, b)                                                                  \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ != b_) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, a_, b_);                                          \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

static inline void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Waits until COND holds; a test that would hang fails after 30 s instead. */
#define WAIT_FOR(cond)                                                                  \
    do {                                                                                \
        for (unsigned waited_ = 0; !(cond); waited_++) {                                \
            if (waited_ > 30000) {                                                      \
                fprintf(stderr, "%s:%d: never happened: %s\n", __FILE__, __LINE__,      \
                        #cond);                                                         \
                exit(1);                                                                \
            }                                                                           \
            sleep_ms(1);                                                                \
        }                                                                               \
    } while (0)

/* A gate threads wait at until it opens. */
struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool open;
    atomic_int waiting;
};

static inline void gate_init(struct gate *g)
{
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->open = false;
    atomic_init(&g->waiting, 0);
}

static inline void gate_wait(struct gate *g)
{
    pthread_mutex_lock(&g->mu);
    atomic_fetch_add(&g->waiting, 1);
    while (!g->open)
        pthread_cond_wait(&g->cv, &g->mu);
    atomic_fetch_sub(&g->waiting, 1);
    pthread_mutex_unlock(&g->mu);
}

static inline void gate_open(struct gate *g)
{
    pthread_mutex_lock(&g->mu);
    g->open = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

static inline void gate_destroy(struct gate *g)
{
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

/* Records reports instead of printing them. */
#define MAX_RECORDED 64
struct recorded {
    enum exec_report_kind kind;
    const char *routine;
    const void *caller;
    char lock[48], held[48], text[400];
};

static pthread_mutex_t recorded_mu = PTHREAD_MUTEX_INITIALIZER;
static struct recorded recorded[MAX_RECORDED];
static int nrecorded;

static void record_report(void *arg, const struct exec_report *r)
{
    (void)arg;
    pthread_mutex_lock(&recorded_mu);
    if (nrecorded < MAX_RECORDED) {
        struct recorded *x = &recorded[nrecorded++];
        x->kind = r->kind;
        x->routine = r->routine;
        x->caller = r->caller;
        snprintf(x->lock, sizeof x->lock, "%s", r->lock ? r->lock : "");
        snprintf(x->held, sizeof x->held, "%s", r->held ? r->held : "");
        snprintf(x->text, sizeof x->text, "%s", r->text);
    }
    pthread_mutex_unlock(&recorded_mu);
}

static inline void record_reports(void)
{
    pthread_mutex_lock(&recorded_mu);
    nrecorded = 0;
    pthread_mutex_unlock(&recorded_mu);
    exec_set_report_hook(record_report, NULL);
}

static inline int recorded_count(void)
{
    pthread_mutex_lock(&recorded_mu);
    int n = nrecorded;
    pthread_mutex_unlock(&recorded_mu);
    return n;
}

/* The last recorded report (call only when recorded_count() > 0). */
static inline struct recorded last_report(void)
{
    pthread_mutex_lock(&recorded_mu);
    struct recorded r = recorded[nrecorded - 1];
    pthread_mutex_unlock(&recorded_mu);
    return r;
}

static inline struct exec_engine *engine_with(unsigned dpc_threads, unsigned workers)
{
    struct exec_config cfg = { .dpc_threads = dpc_threads, .worker_threads = workers };
    struct exec_engine *e = NULL;
    CHECK(exec_engine_create(&cfg, &e) == 0);
    return e;
}

#endif
