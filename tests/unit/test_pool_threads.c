/* One pool used from several threads at once (DPCs, timers and work items of one
 * adapter do this): no block is lost or handed out twice, the totals add up, and a
 * concurrent double free is reported exactly once. Run under TSan. */
#include "common/log.h"
#include "port/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 3
#define ROUNDS 300

static struct dma_space *space;
static struct pool *pool;
static atomic_int errors;
static void *shared_block;
static atomic_int double_free_ok;
static pthread_barrier_t done_allocating;

static void *worker(void *arg)
{
    unsigned char id = (unsigned char)(intptr_t)arg;
    void *mine[8];

    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < 8; i++) {
            if (pool_alloc(pool, 16 + (size_t)(r % 100), 0x6C6F6F50u, NULL, &mine[i]) != 0)
                atomic_fetch_add(&errors, 1);
            else
                memset(mine[i], id, 16);
        }
        for (int i = 0; i < 8; i++) {
            if (((unsigned char *)mine[i])[15] != id) /* nobody else got this block */
                atomic_fetch_add(&errors, 1);
            if (pool_free(pool, mine[i], NULL) != 0)
                atomic_fetch_add(&errors, 1);
        }
    }
    pthread_barrier_wait(&done_allocating); /* so the freed address cannot be reused meanwhile */
    if (pool_free(pool, shared_block, NULL) == 0) /* all threads try; one may succeed */
        atomic_fetch_add(&double_free_ok, 1);
    return NULL;
}

int main(void)
{
    struct pool_config cfg = { .owner_name = "mt", .fill = -1 };
    pthread_t t[THREADS];

    ulog_set_level(ULOG_GUEST, -1);
    if (dma_space_create(NULL, &space) < 0 || pool_create(space, &cfg, &pool) < 0)
        return 1;
    if (pool_alloc(pool, 64, 0x6C6F6F50u, NULL, &shared_block) < 0)
        return 1;
    pthread_barrier_init(&done_allocating, NULL, THREADS);
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    struct pool_stats st;
    pool_get_stats(pool, &st);
    int failed = atomic_load(&errors) != 0 || st.blocks != 0 || st.bytes != 0 ||
                 atomic_load(&double_free_ok) != 1 || st.problems != THREADS - 1;
    if (failed)
        fprintf(stderr, "errors %d, blocks %zu, frees that worked %d, problems %llu\n", atomic_load(&errors),
                st.blocks, atomic_load(&double_free_ok), (unsigned long long)st.problems);
    pool_destroy(pool);
    dma_space_destroy(space);
    return failed;
}
