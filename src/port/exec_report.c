/* Reports of misuse found by the execution engine: one hook the port sets (the
 * verifier), a default that prints each distinct site once, and counters. */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "port/exec_priv.h"

#define SEEN_SLOTS 512

static pthread_mutex_t hook_mu = PTHREAD_MUTEX_INITIALIZER;
static exec_report_fn *hook_fn;
static void *hook_arg;
static _Atomic unsigned long counts[EXEC_REPORT_KINDS];

struct seen_site {
    enum exec_report_kind kind;
    const char *routine;
    const void *caller;
};
static struct seen_site seen[SEEN_SLOTS];
static unsigned nseen;

static const char *const kind_names[EXEC_REPORT_KINDS] = {
    "wrong IRQL", "lock order", "lock recursion", "lock not held", "callback leak",
    "bad wait",
};

const char *exec_lock_label(const struct exec_spinlock *lock, char *buf, size_t size)
{
    if (!lock)
        snprintf(buf, size, "(no lock)");
    else if (lock->index >= 0)
        snprintf(buf, size, "%s %d", lock->name, lock->index);
    else
        snprintf(buf, size, "%s", lock->name);
    return buf;
}

/* True the first time a (kind, routine, caller) site is seen. */
static bool first_time(const struct exec_report *r)
{
    bool first = true;
    pthread_mutex_lock(&hook_mu);
    for (unsigned i = 0; i < nseen && first; i++)
        if (seen[i].kind == r->kind && seen[i].caller == r->caller &&
            seen[i].routine == r->routine)
            first = false;
    if (first && nseen < SEEN_SLOTS)
        seen[nseen++] = (struct seen_site){ r->kind, r->routine, r->caller };
    pthread_mutex_unlock(&hook_mu);
    return first;
}

static void default_report(void *arg, const struct exec_report *r)
{
    (void)arg;
    if (!first_time(r))
        return;
    Dl_info info;
    char where[256] = "";
    if (r->caller && dladdr(r->caller, &info) && info.dli_sname)
        snprintf(where, sizeof where, " (from %s+%#lx in %s)", info.dli_sname,
                 (unsigned long)((const char *)r->caller - (const char *)info.dli_saddr),
                 info.dli_fname ? info.dli_fname : "?");
    else if (r->caller)
        snprintf(where, sizeof where, " (from %p)", r->caller);
    fprintf(stderr, "ustorport: verifier: %s: %s%s\n", kind_names[r->kind], r->text, where);
}

void exec_set_report_hook(exec_report_fn *fn, void *arg)
{
    pthread_mutex_lock(&hook_mu);
    hook_fn = fn;
    hook_arg = arg;
    pthread_mutex_unlock(&hook_mu);
}

unsigned long exec_report_count(enum exec_report_kind kind)
{
    if ((unsigned)kind >= EXEC_REPORT_KINDS)
        return 0;
    return atomic_load(&counts[kind]);
}

static const char *thread_label(const struct exec_thread *t, char *buf, size_t size)
{
    static const char *const names[] = { "thread", "DPC thread", "worker thread",
                                         "timer thread", "interrupt thread" };
    if (t->cpu)
        snprintf(buf, size, "%s of processor %d", names[t->kind], t->cpu - 1);
    else
        snprintf(buf, size, "%s", names[t->kind < 5 ? t->kind : 0]);
    return buf;
}

void exec_report(enum exec_report_kind kind, const char *routine, const void *caller,
                 const struct exec_spinlock *lock, const struct exec_spinlock *held,
                 exec_irql_t min_irql, exec_irql_t max_irql, const char *fmt, ...)
{
    struct exec_thread *t = exec_self();
    char msg[320], text[400], who[48], lname[48], hname[48];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(text, sizeof text, "%s [%s, IRQL %u]", msg,
             thread_label(t, who, sizeof who), t->irql);
    struct exec_report r = {
        .kind = kind, .routine = routine ? routine : "?", .caller = caller,
        .irql = t->irql, .min_irql = min_irql, .max_irql = max_irql,
        .lock = lock ? exec_lock_label(lock, lname, sizeof lname) : NULL,
        .held = held ? exec_lock_label(held, hname, sizeof hname) : NULL,
        .text = text,
    };
    atomic_fetch_add(&counts[kind], 1);
    pthread_mutex_lock(&hook_mu);
    exec_report_fn *fn = hook_fn ? hook_fn : default_report;
    void *arg = hook_arg;
    pthread_mutex_unlock(&hook_mu);
    fn(arg, &r);
}
