/*
 * The memory routines from several threads at once (as DPCs and StartIo on several
 * processors call them): pool blocks and MDLs allocated, built, checked and freed
 * concurrently stay distinct and correct, and nothing is left over at removal. Run
 * under TSan in CI for the locking.
 */
#include "mem_harness.h"

#include <pthread.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 300

static void one_round(unsigned seed)
{
    uint32_t bytes = 1 + (seed * 2654435761u) % (3 * PAGE);
    struct memmp_args p = {.a = bytes, .b = 0x64726854};   /* 'Thrd' */
    mh_call(MEMMP_ALLOC_POOL, &p);
    CHECK(p.status == ST_SUCCESS && p.out0, "pool");
    memset((void *)(uintptr_t)p.out0, (int)seed, bytes);
    struct memmp_args m = {.a = p.out0, .b = bytes};
    mh_call(MEMMP_MDL_ALLOC, &m);
    struct memmp_args b = {.a = m.out0};
    CHECK(m.status == ST_SUCCESS && mh_call(MEMMP_MDL_BUILD, &b)->status == ST_SUCCESS, "MDL");
    struct memmp_args r = {.a = m.out0};
    mh_call(MEMMP_MDL_READ, &r);
    CHECK(r.mdl.mapped_va == p.out0 && r.pfn[0] == p.out0 / PAGE, "MDL of another block");
    const uint8_t *q = (const uint8_t *)(uintptr_t)p.out0;
    CHECK(q[0] == (uint8_t)seed && q[bytes - 1] == (uint8_t)seed, "block shared");
    struct memmp_args f = {.a = m.out0};
    CHECK(mh_call(MEMMP_MDL_FREE, &f)->status == ST_SUCCESS, "FreeMdl");
    f = (struct memmp_args){.a = p.out0};
    CHECK(mh_call(MEMMP_FREE_POOL, &f)->status == ST_SUCCESS, "FreePool");
}

static void *worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    for (unsigned i = 0; i < ROUNDS; i++)
        one_round(id * ROUNDS + i + 1);
    return NULL;
}

int main(void)
{
    mh_control();
    mh_capture_start();
    struct ustor_host *h = mh_host();
    struct ustor_driver *d = mh_load(h);
    struct ustor_adapter *a = mh_adapter(d);
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0, "thread");
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    mh_trace_take();
    CHECK_OK(ustor_adapter_remove(a));
    const char *tr = mh_trace_take();
    CHECK(!mh_has(tr, "leaked") && !mh_has(tr, "never given"), "left over: %s", tr);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
