/* DPCs: an item on the DPC queue of a processor, run at DISPATCH by that processor's
 * DPC thread.  The DPC lock is a real lock of its own that the port does not hold
 * around the routine: Storport does not either, and miniports (nvmewin) take it inside
 * their own DPC routine. */
#include <stddef.h>
#include "port/exec_priv.h"

static struct exec_dpc *dpc_of(struct exec_item *it)
{
    return (struct exec_dpc *)((char *)it - offsetof(struct exec_dpc, item));
}

static void dpc_run(struct exec_item *it, void *arg1, void *arg2)
{
    struct exec_dpc *dpc = dpc_of(it);
    struct exec_callframe frame;
    exec_call_begin(&frame, "HwDpcRoutine", (const void *)dpc->fn);
    dpc->fn(dpc, dpc->ctx, arg1, arg2);
    exec_call_end(&frame);
}

int exec_dpc_init(struct exec_engine *engine, struct exec_dpc *dpc, exec_dpc_fn *fn,
                  void *ctx)
{
    dpc->fn = fn;
    dpc->ctx = ctx;
    dpc->target = -1;
    int rc = exec_item_init(engine, &dpc->item, dpc_run, NULL);
    if (rc)
        return rc;
    rc = exec_spin_init(&dpc->lock, EXEC_LOCK_DPC, 0, "DPC lock", -1);
    if (rc)
        exec_item_destroy(&dpc->item);
    return rc;
}

void exec_dpc_destroy(struct exec_dpc *dpc)
{
    bool may_wait = exec_irql_get() < EXEC_DISPATCH_LEVEL;
    if (!exec_item_retire(&dpc->item, may_wait)) {
        /* Caller storage cannot outlive its caller: refuse rather than corrupt. */
        exec_report(EXEC_REPORT_WAIT, "exec_dpc_destroy", __builtin_return_address(0),
                    NULL, NULL, EXEC_PASSIVE_LEVEL, EXEC_APC_LEVEL, "a running DPC "
                    "destroyed from itself or at IRQL >= DISPATCH; left intact");
        return;
    }
    exec_spin_destroy(&dpc->lock);
    exec_item_destroy(&dpc->item);
}

void exec_dpc_set_target(struct exec_dpc *dpc, int processor)
{
    dpc->target = processor;
}

bool exec_dpc_queue(struct exec_dpc *dpc, void *arg1, void *arg2)
{
    struct exec_runq *q = exec_engine_dpc_queue_for(dpc->item.engine, dpc->target);
    return exec_item_queue(&dpc->item, q, arg1, arg2);
}

bool exec_dpc_cancel(struct exec_dpc *dpc)
{
    return exec_item_cancel(&dpc->item);
}

int exec_dpc_flush(struct exec_dpc *dpc)
{
    return exec_item_flush(&dpc->item, "exec_dpc_flush");
}
