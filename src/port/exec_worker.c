/* Work items: items on the engine's worker queue, run at PASSIVE by worker threads.
 * The engine allocates them so that a free from inside the item (StorAHCI frees its
 * worker at the end of the work routine) can be finished by the runner. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "port/exec_priv.h"

struct exec_worker {
    struct exec_item item;        /* first: the release hook gets the worker back */
};

static void worker_run(struct exec_item *it, void *fn_box, void *ctx)
{
    struct exec_worker *w = (struct exec_worker *)it;
    exec_work_fn *fn;
    memcpy(&fn, &fn_box, sizeof fn);
    struct exec_callframe frame;
    exec_call_begin(&frame, "HwWorkItem", (const void *)fn);
    fn(ctx, w);
    exec_call_end(&frame);
}

static void worker_release(struct exec_item *it)
{
    exec_item_destroy(it);
    free(it);
}

int exec_worker_create(struct exec_engine *engine, struct exec_worker **out)
{
    struct exec_worker *w = malloc(sizeof *w);
    if (!w)
        return -ENOMEM;
    int rc = exec_item_init(engine, &w->item, worker_run, worker_release);
    if (rc) {
        free(w);
        return rc;
    }
    *out = w;
    return 0;
}

int exec_worker_queue(struct exec_worker *worker, exec_work_fn *fn, void *ctx)
{
    struct exec_engine *e = worker->item.engine;
    if (atomic_load_explicit(&e->refusing, memory_order_relaxed))
        return -ESHUTDOWN;
    /* The routine travels in the item's first argument so that it is latched
     * together with the context by the one queueing that succeeds. */
    void *fn_box = NULL;
    _Static_assert(sizeof fn <= sizeof fn_box, "a routine fits a pointer");
    memcpy(&fn_box, &fn, sizeof fn);
    if (!exec_item_queue(&worker->item, &e->workq, fn_box, ctx))
        return atomic_load(&e->refusing) ? -ESHUTDOWN : -EBUSY;
    return 0;
}

void exec_worker_free(struct exec_worker *worker)
{
    bool may_wait = exec_irql_get() < EXEC_DISPATCH_LEVEL;
    if (exec_item_retire(&worker->item, may_wait))
        worker_release(&worker->item);
}
