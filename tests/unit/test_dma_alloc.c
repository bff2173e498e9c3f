/* DMA space allocation: contiguity and alignment, low-memory limits (below 4 GiB and
 * really below 2 GiB), windows with a lowest address, boundaries, the guard page, and
 * refusal of impossible or oversized requests. */
#include "platform/dma_space.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define PAGE 4096u

static struct dma_space *new_space(void)
{
    struct dma_space *s = NULL;
    int rc = dma_space_create(NULL, &s);

    if (rc < 0) {
        fprintf(stderr, "dma_space_create: %d\n", rc);
        exit(1);
    }
    return s;
}

static uint64_t addr(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/* Every byte usable, and the whole allocation is one translatable run. */
static void check_contiguous(struct dma_space *s, void *va, size_t size)
{
    uint64_t pa;
    size_t contig = 0;

    memset(va, 0xA5, size);
    CHECK(dma_va_to_pa(s, va, &pa, &contig) == 0);
    CHECK(pa == addr(va));
    CHECK(contig >= size);
}

static void test_alignment_and_contiguity(void)
{
    struct dma_space *s = new_space();
    static const size_t aligns[] = { 0, PAGE, 16 * PAGE, 1u << 20, 2u << 20 };
    void *va[5];

    for (int i = 0; i < 5; i++) {
        struct dma_constraints c = { .align = aligns[i] };
        size_t size = 3 * PAGE + 100 * (size_t)i;
        CHECK(dma_alloc(s, size, &c, 0, NULL, &va[i]) == 0);
        CHECK(addr(va[i]) % (aligns[i] > PAGE ? aligns[i] : PAGE) == 0);
        check_contiguous(s, va[i], size);
    }
    for (int i = 0; i < 5; i++)
        CHECK(dma_free(s, va[i]) == 0);
    CHECK(dma_free(s, va[0]) == -ENOENT); /* already freed */
    dma_space_destroy(s);
}

static void test_limit(uint64_t highest, size_t size)
{
    struct dma_space *s = new_space();
    struct dma_constraints c = { .highest = highest };
    void *va[4], *high;

    CHECK(dma_alloc(s, PAGE, NULL, 0, NULL, &high) == 0); /* an unconstrained arena exists first */
    for (int i = 0; i < 4; i++) {
        CHECK(dma_alloc(s, size, &c, 0, NULL, &va[i]) == 0);
        CHECK(va[i] != NULL);
        CHECK(addr(va[i]) + size - 1 <= highest);
        check_contiguous(s, va[i], size);
    }
    for (int i = 0; i < 4; i++)
        CHECK(dma_free(s, va[i]) == 0);
    CHECK(dma_free(s, high) == 0);
    dma_space_destroy(s);
}

static void test_low_limits(void)
{
    test_limit(0x7FFFFFFF, 64 * PAGE); /* StorAHCI's AllocateDmaMemory limit */
    test_limit(0xFFFFFFFF, 3 * PAGE);  /* AHCI without 64-bit addressing */
    test_limit(0x7FFFFFFF, 40u << 20); /* larger than half an arena: a dedicated one */
}

static void test_window(void)
{
    struct dma_space *s = new_space();
    struct dma_constraints c = { .lowest = 0x50000000, .highest = 0x5FFFFFFF, .align = 64 * 1024 };
    void *va;

    CHECK(dma_alloc(s, 5 * PAGE, &c, 0, NULL, &va) == 0);
    CHECK(addr(va) >= 0x50000000 && addr(va) + 5 * PAGE - 1 <= 0x5FFFFFFF);
    CHECK(addr(va) % (64 * 1024) == 0);
    CHECK(dma_free(s, va) == 0);
    dma_space_destroy(s);
}

/* First fit without the boundary rule would put each 2-page block right after its
 * 1-page filler, across the 8 KiB line. */
static void test_boundary(void)
{
    struct dma_space *s = new_space();
    struct dma_constraints low = { .highest = 0xFFFFFFFF };
    struct dma_constraints c = { .highest = 0xFFFFFFFF, .boundary = 2 * PAGE };
    void *filler[16], *block[16];

    for (int i = 0; i < 16; i++) {
        CHECK(dma_alloc(s, PAGE, &low, 0, NULL, &filler[i]) == 0);
        CHECK(dma_alloc(s, 2 * PAGE, &c, 0, NULL, &block[i]) == 0);
        CHECK(addr(block[i]) / (2 * PAGE) == (addr(block[i]) + 2 * PAGE - 1) / (2 * PAGE));
    }
    struct dma_constraints c64 = { .boundary = 0x10000 };
    for (int i = 0; i < 8; i++) {
        void *v;
        CHECK(dma_alloc(s, 5 * PAGE, &c64, 0, NULL, &v) == 0);
        CHECK(addr(v) / 0x10000 == (addr(v) + 5 * PAGE - 1) / 0x10000);
    }
    dma_space_destroy(s); /* frees what is left (and says so) */
}

static void test_refusals(void)
{
    struct dma_space *s;
    struct dma_space_config cfg = { .max_allocation = 1u << 20 };
    struct dma_constraints odd = { .align = 3 * PAGE };
    struct dma_constraints too_big_for_boundary = { .boundary = PAGE };
    struct dma_constraints inverted = { .lowest = 0x80000000, .highest = 0x7FFFFFFF };
    void *va = (void *)1;

    CHECK(dma_space_create(&cfg, &s) == 0);
    CHECK(dma_alloc(s, 0, NULL, 0, NULL, &va) == -EINVAL && va == NULL);
    CHECK(dma_alloc(s, 2u << 20, NULL, 0, NULL, &va) == -EINVAL); /* over max_allocation */
    CHECK(dma_alloc(s, PAGE, &odd, 0, NULL, &va) == -EINVAL);
    CHECK(dma_alloc(s, 2 * PAGE, &too_big_for_boundary, 0, NULL, &va) == -EINVAL);
    CHECK(dma_alloc(s, PAGE, &inverted, 0, NULL, &va) == -EINVAL);
    dma_space_destroy(s);
}

/* A write just past a guarded allocation faults: done in a child. */
static void test_guard_page(void)
{
    struct dma_space *s = new_space();
    char *va;
    int status = 0;

    CHECK(dma_alloc(s, PAGE, NULL, DMA_ALLOC_GUARD, NULL, (void **)&va) == 0);
    va[PAGE - 1] = 1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr); /* a sanitizer's SEGV report is expected here */
        ((volatile char *)va)[PAGE] = 1;
        _exit(0);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK(dma_free(s, va) == 0);
    /* the guard page is given back with the allocation and can be reused */
    void *again;
    CHECK(dma_alloc(s, 2 * PAGE, NULL, 0, NULL, &again) == 0);
    memset(again, 0, 2 * PAGE);
    CHECK(dma_free(s, again) == 0);
    dma_space_destroy(s);
}

static void test_freed_memory_returns_zeroed(void)
{
    struct dma_space *s = new_space();
    unsigned char *a, *b;

    CHECK(dma_alloc(s, PAGE, NULL, 0, NULL, (void **)&a) == 0);
    memset(a, 0x5A, PAGE);
    CHECK(dma_free(s, a) == 0);
    CHECK(dma_alloc(s, PAGE, NULL, 0, NULL, (void **)&b) == 0);
    CHECK(b[0] == 0 && b[PAGE - 1] == 0);
    struct dma_stats st;
    dma_get_stats(s, &st);
    CHECK(st.allocations == 1 && st.allocated_bytes == PAGE);
    dma_free(s, b);
    dma_space_destroy(s);
}

int main(void)
{
    test_alignment_and_contiguity();
    test_low_limits();
    test_window();
    test_boundary();
    test_refusals();
    test_guard_page();
    test_freed_memory_returns_zeroed();
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
