/* DMA space translation: VA->PA->VA round trips keep page offsets and report the
 * contiguous bytes left; registered ranges are found, unregistered ones are gone;
 * overlapping or mismatched registrations and frees are refused. */
#include "platform/dma_space.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define PAGE 4096u

static void round_trip(struct dma_space *s, char *base, size_t len, size_t off)
{
    uint64_t pa = 0;
    size_t contig = 0, back_contig = 0;

    CHECK(dma_va_to_pa(s, base + off, &pa, &contig) == 0);
    CHECK(pa % PAGE == (uintptr_t)(base + off) % PAGE); /* page offset kept */
    CHECK(contig == len - off);
    CHECK(dma_pa_to_va(s, pa, &back_contig) == base + off);
    CHECK(back_contig == contig);
}

static void test_allocation_round_trips(struct dma_space *s)
{
    static const size_t offsets[] = { 0, 1, 127, 128, 4095, 4096 + 17, 3 * 4096 - 1 };
    char *va;

    CHECK(dma_alloc(s, 3 * PAGE, NULL, 0, NULL, (void **)&va) == 0);
    for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
        round_trip(s, va, 3 * PAGE, offsets[i]);
    uint64_t pa;
    CHECK(dma_va_to_pa(s, va + 3 * PAGE, &pa, NULL) == -EFAULT); /* one past the end */
    CHECK(dma_free(s, va) == 0);
    CHECK(dma_va_to_pa(s, va, &pa, NULL) == -EFAULT); /* freed: unknown again */
}

static void test_registered_ranges(struct dma_space *s)
{
    char *buf = malloc(10000);
    char *odd = buf + 13; /* a caller's buffer at an arbitrary offset */
    int owner;
    struct dma_tag tag = { .kind = DMA_KIND_DATA_BUFFER, .owner = &owner, .label = "test buffer",
                           .user = buf };
    struct dma_region r;
    uint64_t pa;
    size_t contig;

    CHECK(dma_va_to_pa(s, odd, &pa, &contig) == -EFAULT);
    CHECK(dma_register(s, odd, 5000, &tag) == 0);
    round_trip(s, odd, 5000, 0);
    round_trip(s, odd, 5000, 4999);
    CHECK(dma_find(s, (uintptr_t)odd + 100, &r) == 0);
    CHECK(r.va == odd && r.len == 5000 && r.kind == DMA_KIND_DATA_BUFFER && r.owner == &owner && r.user == buf);
    CHECK(!(r.flags & DMA_REGION_ALLOCATED));
    CHECK(dma_va_to_pa(s, odd + 5000, &pa, NULL) == -EFAULT);
    CHECK(dma_va_to_pa(s, odd - 1, &pa, NULL) == -EFAULT);

    CHECK(dma_register(s, odd + 4000, 100, NULL) == -EEXIST); /* inside */
    CHECK(dma_register(s, odd - 10, 20, NULL) == -EEXIST);    /* straddles the start */
    CHECK(dma_register(s, odd + 5000, 100, NULL) == 0);       /* adjacent is fine */
    CHECK(dma_free(s, odd) == -EINVAL);                       /* not an allocation */
    CHECK(dma_unregister(s, odd + 1) == -ENOENT);             /* not a start */

    CHECK(dma_unregister(s, odd) == 0);
    CHECK(dma_va_to_pa(s, odd, &pa, NULL) == -EFAULT);
    CHECK(dma_pa_to_va(s, (uintptr_t)odd + 10, NULL) == NULL);
    CHECK(dma_find(s, (uintptr_t)odd + 5000, &r) == 0); /* the neighbour stays */
    CHECK(dma_unregister(s, odd + 5000) == 0);
    CHECK(dma_unregister(s, odd) == -ENOENT);
    free(buf);
}

static void test_allocation_is_not_unregistered(struct dma_space *s)
{
    void *va;

    CHECK(dma_alloc(s, PAGE, NULL, 0, NULL, &va) == 0);
    CHECK(dma_unregister(s, va) == -EINVAL);
    CHECK(dma_register(s, va, 16, NULL) == -EEXIST);
    CHECK(dma_free(s, va) == 0);
}

/* Many regions: every one is still found after neighbours come and go. */
static void test_many_regions(struct dma_space *s)
{
    enum { N = 600 };
    char *mem = malloc(N * 64);
    uint64_t pa;

    for (int i = 0; i < N; i++)
        CHECK(dma_register(s, mem + 64 * ((i * 7) % N), 48, NULL) == 0);
    for (int i = 0; i < N; i += 2)
        CHECK(dma_unregister(s, mem + 64 * i) == 0);
    for (int i = 0; i < N; i++) {
        int found = dma_va_to_pa(s, mem + 64 * i + 47, &pa, NULL) == 0;
        CHECK(found == (i % 2 == 1));
        CHECK(dma_va_to_pa(s, mem + 64 * i + 48, &pa, NULL) == -EFAULT); /* gaps stay gaps */
    }
    struct dma_stats st;
    dma_get_stats(s, &st);
    CHECK(st.regions == N / 2);
    for (int i = 1; i < N; i += 2)
        CHECK(dma_unregister(s, mem + 64 * i) == 0);
    free(mem);
}

int main(void)
{
    struct dma_space *s;

    if (dma_space_create(NULL, &s) < 0)
        return 1;
    test_allocation_round_trips(s);
    test_registered_ranges(s);
    test_allocation_is_not_unregistered(s);
    test_many_regions(s);
    dma_space_destroy(s);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
