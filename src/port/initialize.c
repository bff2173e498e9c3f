/*
 * Bringing an adapter's miniport up: HwFindAdapter at PASSIVE with the pre-filled
 * ConfigInfo (at DISPATCH when an adapter without ScsiRestartAdapter is restarted by
 * finding it again, as Storport does), HwInitialize (under the interrupt lock at DIRQL
 * for physical adapters, unlocked for virtual ones), then HwPassiveInitializeRoutine
 * if HwInitialize enabled it (on its own thread at PASSIVE, so a routine that
 * busy-waits still sees timers, DPCs and interrupts), then the control-type queries.
 * Also HwAdapterControl calls, each at the IRQL and under the lock its type demands.
 */
#include <errno.h>
#include <string.h>

#include "common/error.h"
#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

/* The adapter whose HwInitialize runs on this thread (EnablePassiveInitialization). */
static __thread struct ustor_adapter *tls_initializing;

static ULONG call_find_adapter(struct ustor_adapter *a, BOOLEAN *again)
{
    struct exec_callframe f;
    ULONG rc;
    char *arg = a->argument_string;
    if (a->init->virtual_layout || a->is_virtual) {
        PVIRTUAL_HW_FIND_ADAPTER fn = (PVIRTUAL_HW_FIND_ADAPTER)a->hw->HwFindAdapter;
        exec_call_begin(&f, "HwFindAdapter", (const void *)fn);
        rc = fn(a->devext, NULL, NULL, NULL, arg, &a->config, again);
    } else {
        PHW_FIND_ADAPTER fn = (PHW_FIND_ADAPTER)a->hw->HwFindAdapter;
        exec_call_begin(&f, "HwFindAdapter", (const void *)fn);
        rc = fn(a->devext, NULL, NULL, arg, &a->config, again);
    }
    exec_call_end(&f);
    return rc;
}

static int find_adapter(struct ustor_adapter *a, bool restart)
{
    BOOLEAN again = FALSE;
    KIRQL old = restart ? port_raise_irql(DISPATCH_LEVEL) : exec_irql_get();
    if (port_memory_find_begin)
        port_memory_find_begin(a);
    if (port_general_find)
        port_general_find(a, true);
    ULONG rc = call_find_adapter(a, &again);
    if (port_general_find)
        port_general_find(a, false);
    if (port_memory_find_end)
        port_memory_find_end(a);
    port_lower_irql(old);
    switch (rc) {
    case SP_RETURN_FOUND:
        return 0;
    case SP_RETURN_NOT_FOUND:
        return ustor_error_fail(-ENODEV, "%s: HwFindAdapter: adapter not found", a->name);
    case SP_RETURN_BAD_CONFIG:
        return ustor_error_fail(-EINVAL, "%s: HwFindAdapter: bad configuration", a->name);
    case SP_RETURN_ERROR:
        return ustor_error_fail(-EIO, "%s: HwFindAdapter failed", a->name);
    default:
        port_guest(a, "HwFindAdapter returned %u, not an SP_RETURN_* value", rc);
        return ustor_error_fail(-EIO, "%s: HwFindAdapter returned %u", a->name, rc);
    }
}

static bool call_initialize(struct ustor_adapter *a)
{
    struct exec_callframe f;
    STOR_LOCK_HANDLE h;
    bool locked = !a->is_virtual;
    tls_initializing = a;
    if (locked)
        port_lock_interrupt(a, &h);
    exec_call_begin(&f, "HwInitialize", (const void *)a->hw->HwInitialize);
    BOOLEAN ok = a->hw->HwInitialize(a->devext);
    exec_call_end(&f);
    if (locked)
        port_unlock_interrupt(a, &h);
    tls_initializing = NULL;
    return ok;
}

bool port_enable_passive_init(struct ustor_adapter *a, PHW_PASSIVE_INITIALIZE_ROUTINE routine)
{
    if (tls_initializing != a) {
        port_guest(a, "EnablePassiveInitialization outside HwInitialize: refused");
        return false;
    }
    if (!routine) {
        port_guest(a, "EnablePassiveInitialization with a NULL routine");
        return false;
    }
    a->passive_init = routine;
    return true;
}

/* ---- passive initialization on its own thread ---- */

struct passive_run {
    struct ustor_adapter *a;
    BOOLEAN ok;
};

static void *passive_main(void *arg)
{
    struct passive_run *r = arg;
    struct exec_callframe f;
    exec_call_begin(&f, "HwPassiveInitializeRoutine", (const void *)r->a->passive_init);
    r->ok = r->a->passive_init(r->a->devext);
    exec_call_end(&f);
    return NULL;
}

int port_passive_init_run(struct ustor_adapter *a)
{
    if (!a->passive_init)
        return 0;
    struct passive_run r = {.a = a, .ok = FALSE};
    pthread_t t;
    if (pthread_create(&t, NULL, passive_main, &r) != 0)
        return ustor_error_fail(-EAGAIN, "%s: cannot start the passive-initialization thread",
                                a->name);
    pthread_join(t, NULL);
    if (!r.ok)
        return ustor_error_fail(-EIO, "%s: HwPassiveInitializeRoutine returned FALSE", a->name);
    return 0;
}

/* ---- control types ---- */

static void query_adapter_controls(struct ustor_adapter *a)
{
    struct {
        SCSI_SUPPORTED_CONTROL_TYPE_LIST list;
        BOOLEAN types[ScsiAdapterControlMax + 1];
    } q;
    memset(&q, 0, sizeof q);
    q.list.MaxControlType = ScsiAdapterControlMax;
    memset(a->adapter_controls, 0, sizeof a->adapter_controls);
    struct exec_callframe f;
    exec_call_begin(&f, "HwAdapterControl", (const void *)a->hw->HwAdapterControl);
    a->hw->HwAdapterControl(a->devext, ScsiQuerySupportedControlTypes, &q.list);
    exec_call_end(&f);
    for (unsigned i = 0; i < ScsiAdapterControlMax; i++)
        a->adapter_controls[i] = q.list.SupportedTypeList[i] != FALSE;
    a->adapter_controls[ScsiQuerySupportedControlTypes] = TRUE;
    if (!a->adapter_controls[ScsiStopAdapter] || !a->adapter_controls[ScsiRestartAdapter])
        port_log_info(a, "miniport does not claim ScsiStopAdapter and ScsiRestartAdapter");
}

static void query_unit_controls(struct ustor_adapter *a)
{
    struct {
        SCSI_SUPPORTED_CONTROL_TYPE_LIST list;
        BOOLEAN types[ScsiUnitControlMax + 1];
    } q;
    memset(a->unit_controls, 0, sizeof a->unit_controls);
    if (a->init->virtual_layout || !a->hw->HwUnitControl)
        return;
    memset(&q, 0, sizeof q);
    q.list.MaxControlType = ScsiUnitControlMax;
    struct exec_callframe f;
    exec_call_begin(&f, "HwUnitControl", (const void *)a->hw->HwUnitControl);
    a->hw->HwUnitControl(a->devext, ScsiQuerySupportedUnitControlTypes, &q.list);
    exec_call_end(&f);
    for (unsigned i = 0; i < ScsiUnitControlMax; i++)
        a->unit_controls[i] = q.list.SupportedTypeList[i] != FALSE;
}

void port_query_control_types(struct ustor_adapter *a)
{
    query_adapter_controls(a);
    query_unit_controls(a);
}

bool port_adapter_supports(const struct ustor_adapter *a, SCSI_ADAPTER_CONTROL_TYPE type)
{
    return (unsigned)type < ScsiAdapterControlMax && a->adapter_controls[type];
}

/* Stop and Restart run at DIRQL under the interrupt lock; the others at PASSIVE. */
int port_adapter_control(struct ustor_adapter *a, SCSI_ADAPTER_CONTROL_TYPE type, PVOID params)
{
    if (!port_adapter_supports(a, type))
        return -EOPNOTSUPP;
    bool dirql = type == ScsiStopAdapter || type == ScsiRestartAdapter;
    STOR_LOCK_HANDLE h;
    struct exec_callframe f;
    port_context_enter();
    if (dirql)
        port_lock_interrupt(a, &h);
    exec_call_begin(&f, "HwAdapterControl", (const void *)a->hw->HwAdapterControl);
    SCSI_ADAPTER_CONTROL_STATUS st = a->hw->HwAdapterControl(a->devext, type, params);
    exec_call_end(&f);
    if (dirql)
        port_unlock_interrupt(a, &h);
    port_context_leave();
    return st == ScsiAdapterControlSuccess ? 0 : -EIO;
}

/* ---- the sequence ---- */

int port_adapter_find_and_init(struct ustor_adapter *a, bool restart)
{
    port_config_defaults(a);
    int rc = find_adapter(a, restart);
    if (rc == 0)
        rc = port_config_accept(a);
    return rc;
}

int port_adapter_initialize(struct ustor_adapter *a)
{
    a->passive_init = NULL;
    port_context_enter();
    bool ok = call_initialize(a);
    port_context_leave();
    if (!ok)
        return ustor_error_fail(-EIO, "%s: HwInitialize returned FALSE", a->name);
    return port_passive_init_run(a);
}
