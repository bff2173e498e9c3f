/* Pool allocation: blocks of a page or more are page-aligned, smaller ones never cross
 * a page; every block translates through the DMA space; a pool limited below 4 GiB
 * stays there; fill and guard (special pool) layouts; the budget; contiguous memory
 * honours its constraints and returns its device address. */
#include "common/log.h"
#include "port/pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#pragma GCC diagnostic ignored "-Wmultichar"

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define PAGE 4096u

static struct dma_space *space;

static struct pool *new_pool(const struct pool_config *cfg)
{
    struct pool *p;

    if (pool_create(space, cfg, &p) < 0)
        abort();
    return p;
}

static void check_translates(const void *ptr, size_t size)
{
    uint64_t pa;
    size_t contig;

    CHECK(dma_va_to_pa(space, ptr, &pa, &contig) == 0);
    CHECK(pa == (uintptr_t)ptr && contig >= size);
}

static void test_placement(void)
{
    struct pool_config cfg = { .owner_name = "p", .fill = -1 };
    struct pool *p = new_pool(&cfg);
    static const size_t sizes[] = { 1, 24, 100, 4095, 4096, 4097, 3 * 4096 + 5 };
    void *ptr[7];

    for (int i = 0; i < 7; i++) {
        CHECK(pool_alloc(p, sizes[i], 'tseT', NULL, &ptr[i]) == 0);
        uintptr_t a = (uintptr_t)ptr[i];
        if (sizes[i] >= PAGE)
            CHECK(a % PAGE == 0);
        else
            CHECK(a / PAGE == (a + sizes[i] - 1) / PAGE);
        check_translates(ptr[i], sizes[i]);
        memset(ptr[i], 0x7E, sizes[i]);
    }
    struct pool_stats st;
    pool_get_stats(p, &st);
    CHECK(st.blocks == 7 && st.bytes == 1 + 24 + 100 + 4095 + 4096 + 4097 + 3 * 4096 + 5);
    for (int i = 0; i < 7; i++)
        CHECK(pool_free(p, ptr[i], NULL) == 0);
    pool_get_stats(p, &st);
    CHECK(st.blocks == 0 && st.bytes == 0 && st.problems == 0);
    CHECK(pool_alloc(p, 0, 'tseT', NULL, &ptr[0]) == -EINVAL);
    CHECK(pool_destroy(p) == 0);
}

static void test_low_pool(void)
{
    struct pool_config cfg = { .owner_name = "ahci32", .fill = -1, .limits = { .highest = 0xFFFFFFFF } };
    struct pool *p = new_pool(&cfg);
    void *high, *ptr[8];

    CHECK(dma_alloc(space, PAGE, NULL, 0, NULL, &high) == 0); /* a high arena exists */
    for (int i = 0; i < 8; i++) {
        CHECK(pool_alloc(p, 200 + 1000 * (size_t)i, 'icha', NULL, &ptr[i]) == 0);
        CHECK((uintptr_t)ptr[i] + 200 + 1000 * (size_t)i - 1 <= 0xFFFFFFFF);
    }
    for (int i = 0; i < 8; i++)
        CHECK(pool_free(p, ptr[i], NULL) == 0);
    CHECK(dma_free(space, high) == 0);
    CHECK(pool_destroy(p) == 0);
}

static void test_fill_and_guard(void)
{
    struct pool_config cfg = { .owner_name = "special", .fill = 0xCD, .guard = true };
    struct pool *p = new_pool(&cfg);
    unsigned char *small, *big;
    int status = 0;

    CHECK(pool_alloc(p, 40, 'pSpS', NULL, (void **)&small) == 0);
    CHECK(small[0] == 0xCD && small[39] == 0xCD);
    CHECK(((uintptr_t)small + 48) % PAGE == 0); /* ends at its page end (16-byte rounded) */
    CHECK((uintptr_t)small % 16 == 0);
    CHECK(pool_alloc(p, 2 * PAGE, 'pSpS', NULL, (void **)&big) == 0);
    CHECK((uintptr_t)big % PAGE == 0 && big[2 * PAGE - 1] == 0xCD);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr); /* a sanitizer's SEGV report is expected */
        ((volatile unsigned char *)small)[48] = 1;
        _exit(0);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK(pool_free(p, small, NULL) == 0 && pool_free(p, big, NULL) == 0);
    CHECK(pool_destroy(p) == 0);
}

static void test_budget(void)
{
    struct pool_config cfg = { .owner_name = "tight", .fill = -1, .max_bytes = 3 * PAGE };
    struct pool *p = new_pool(&cfg);
    void *a, *b, *c = NULL;

    CHECK(pool_alloc(p, 2 * PAGE, 'tgdB', NULL, &a) == 0);
    CHECK(pool_alloc(p, 2 * PAGE, 'tgdB', NULL, &b) == -ENOMEM && b == NULL);
    CHECK(pool_alloc_contiguous(p, 2 * PAGE, NULL, 1, NULL, &c, NULL) == -ENOMEM);
    CHECK(pool_alloc(p, PAGE, 'tgdB', NULL, &b) == 0);
    CHECK(pool_free(p, a, NULL) == 0 && pool_free(p, b, NULL) == 0);
    CHECK(pool_alloc(p, 3 * PAGE, 'tgdB', NULL, &a) == 0); /* freed bytes count again */
    CHECK(pool_free(p, a, NULL) == 0);
    CHECK(pool_destroy(p) == 0);
}

static void test_contiguous(void)
{
    struct pool_config cfg = { .owner_name = "dma", .fill = -1 };
    struct pool *p = new_pool(&cfg);
    struct dma_constraints c = { .highest = 0x7FFFFFFF, .boundary = 0x10000, .align = 0x2000 };
    void *va[6];
    uint64_t pa;

    for (int i = 0; i < 6; i++) {
        CHECK(pool_alloc_contiguous(p, 0x3000 + 0x800 * (size_t)i, &c, 1, NULL, &va[i], &pa) == 0);
        uintptr_t a = (uintptr_t)va[i];
        size_t n = 0x3000 + 0x800 * (size_t)i;
        CHECK(pa == a && a + n - 1 <= 0x7FFFFFFF && a % 0x2000 == 0);
        CHECK(a / 0x10000 == (a + n - 1) / 0x10000);
        check_translates(va[i], n);
    }
    struct pool_stats st;
    pool_get_stats(p, &st);
    CHECK(st.contiguous_blocks == 6 && st.blocks == 0);
    for (int i = 0; i < 6; i++)
        CHECK(pool_free_contiguous(p, va[i], 0x3000 + 0x800 * (size_t)i, 1, NULL) == 0);
    CHECK(pool_destroy(p) == 0);
}

static void test_tag_text(void)
{
    char buf[5];

    CHECK(strcmp(pool_tag_text('eMVN', buf), "NVMe") == 0);
    CHECK(strcmp(pool_tag_text(0x00410142, buf), "B.A.") == 0);
}

int main(void)
{
    if (dma_space_create(NULL, &space) < 0)
        return 1;
    test_placement();
    test_low_pool();
    test_fill_and_guard();
    test_budget();
    test_contiguous();
    test_tag_text();
    dma_space_destroy(space);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
