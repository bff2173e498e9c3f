/*
 * The verifier's reports in the log: the execution engine's report hook (exec.h) set
 * by the host, so a wrong IRQL, a lock taken in the wrong order or twice, a release
 * of a lock not held, a callback that leaks a lock or an IRQL, and a forbidden wait
 * reach the guest channel and the JSON trace as the event "verifier", naming the
 * routine and the miniport's return address. The first report of a site (kind,
 * routine, caller) is a warning, later ones of the same site are debug messages, so
 * a loop in the miniport does not flood the text log yet every report is counted.
 * Left out: per-host hooks (the engine has one hook per process; all hosts share it).
 */
#include <pthread.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define SEEN_SITES 512

struct seen_site {
    enum exec_report_kind kind;
    const char *routine;
    const void *caller;
};

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct seen_site seen[SEEN_SITES];
static unsigned nseen;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static const char *const check_names[EXEC_REPORT_KINDS] = {
    "wrong IRQL", "lock order", "lock recursion", "lock not held", "callback leak",
    "bad wait",
};

/* True the first time a site reports (a full table counts every later site as new). */
static bool first_report(const struct exec_report *r)
{
    bool first = true;
    pthread_mutex_lock(&seen_lock);
    for (unsigned i = 0; i < nseen && first; i++)
        if (seen[i].kind == r->kind && seen[i].routine == r->routine &&
            seen[i].caller == r->caller)
            first = false;
    if (first && nseen < SEEN_SITES)
        seen[nseen++] = (struct seen_site){r->kind, r->routine, r->caller};
    pthread_mutex_unlock(&seen_lock);
    return first;
}

static void verifier_report(void *arg, const struct exec_report *r)
{
    (void)arg;
    char caller[256];
    ulog_describe_code(r->caller, caller, sizeof caller);
    struct ulog_param p[6] = {
        {.name = "check", .type = ULOG_PARAM_STR,
         .s = (unsigned)r->kind < EXEC_REPORT_KINDS ? check_names[r->kind] : "?"},
        {.name = "routine", .type = ULOG_PARAM_STR, .s = r->routine},
        {.name = "caller", .type = ULOG_PARAM_STR, .s = caller},
        {.name = "irql", .type = ULOG_PARAM_U64, .u = r->irql},
    };
    unsigned n = 4;
    if (r->lock)
        p[n++] = (struct ulog_param){.name = "lock", .type = ULOG_PARAM_STR, .s = r->lock};
    if (r->held)
        p[n++] = (struct ulog_param){.name = "held", .type = ULOG_PARAM_STR, .s = r->held};
    struct ulog_event ev = {
        .channel = ULOG_GUEST,
        .level = first_report(r) ? ULOG_WARN : ULOG_DEBUG,
        .name = "verifier",
        .text = r->text,
        .params = p,
        .nparams = n,
    };
    ulog_event(&ev);
}

static void install(void)
{
    exec_set_report_hook(verifier_report, NULL);
}

void port_verifier_log_install(void)
{
    pthread_once(&install_once, install);
}
