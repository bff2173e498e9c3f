/* The DMA space under concurrency: translators and checkers run while other threads
 * register, unregister, grant, revoke, allocate and free. A region that stays must
 * always translate; transient ones translate right or not at all. Run under TSan. */
#include "platform/dma_space.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 3000

static struct dma_space *space;
static char *stable;     /* registered for the whole test */
static char *transient;  /* registered and unregistered over and over */
static atomic_int errors;
static atomic_bool stop;

static void *translator(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop)) {
        uint64_t pa;
        size_t contig;
        if (dma_va_to_pa(space, stable + 777, &pa, &contig) != 0 || pa != (uintptr_t)stable + 777 ||
            contig != 8192 - 777)
            atomic_fetch_add(&errors, 1);
        if (dma_va_to_pa(space, transient + 5, &pa, &contig) == 0 &&
            (pa != (uintptr_t)transient + 5 || contig != 4096 - 5))
            atomic_fetch_add(&errors, 1);
        char tmp[16];
        if (dma_read(space, (uintptr_t)stable, tmp, sizeof(tmp), "reader") != 0)
            atomic_fetch_add(&errors, 1);
    }
    return NULL;
}

static void *registrar(void *arg)
{
    int cookie;

    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        if (dma_register(space, transient, 4096, NULL) != 0)
            atomic_fetch_add(&errors, 1);
        if (dma_grant(space, (uintptr_t)transient, 512, DMA_TO_DEVICE, &cookie) != 0)
            atomic_fetch_add(&errors, 1);
        if (dma_revoke(space, &cookie) != 1)
            atomic_fetch_add(&errors, 1);
        if (dma_unregister(space, transient) != 0)
            atomic_fetch_add(&errors, 1);
    }
    return NULL;
}

static void *allocator(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS / 10; i++) {
        struct dma_constraints low = { .highest = 0xFFFFFFFF };
        void *a, *b;
        if (dma_alloc(space, 4096 * (1 + i % 5), NULL, 0, NULL, &a) != 0 ||
            dma_alloc(space, 4096, &low, 0, NULL, &b) != 0) {
            atomic_fetch_add(&errors, 1);
            continue;
        }
        memset(a, i, 4096);
        if (dma_free(space, a) != 0 || dma_free(space, b) != 0)
            atomic_fetch_add(&errors, 1);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];

    stable = malloc(8192);
    transient = malloc(4096);
    if (dma_space_create(NULL, &space) < 0 || dma_register(space, stable, 8192, NULL) < 0)
        return 1;
    pthread_create(&t[0], NULL, translator, NULL);
    pthread_create(&t[1], NULL, translator, NULL);
    pthread_create(&t[2], NULL, registrar, NULL);
    pthread_create(&t[3], NULL, allocator, NULL);
    pthread_join(t[2], NULL);
    pthread_join(t[3], NULL);
    atomic_store(&stop, true);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    dma_unregister(space, stable);
    dma_space_destroy(space);
    free(stable);
    free(transient);
    if (atomic_load(&errors))
        fprintf(stderr, "%d inconsistencies\n", atomic_load(&errors));
    return atomic_load(&errors) ? 1 : 0;
}
