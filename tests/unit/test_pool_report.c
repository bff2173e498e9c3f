/* Pool reports: a leak at teardown lists the tag, size and caller of each block; a
 * double free names the caller and who freed it first; a foreign pointer or another
 * pool's block is refused and reported without freeing anything; contiguous memory
 * freed with other arguments than allocated is reported. */
#include "common/log.h"
#include "port/pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Pool tags written the way miniports write them. */
#pragma GCC diagnostic ignored "-Wmultichar"

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

static int trace_fd;
static struct dma_space *space;

static const char *take_trace(void)
{
    static char text[65536];
    ssize_t n = pread(trace_fd, text, sizeof(text) - 1, 0);

    text[n > 0 ? n : 0] = '\0';
    if (ftruncate(trace_fd, 0) < 0)
        abort();
    lseek(trace_fd, 0, SEEK_SET);
    return text;
}

static bool has_address(const char *text, const void *addr)
{
    char hex[32];

    snprintf(hex, sizeof(hex), "%#lx", (unsigned long)(uintptr_t)addr);
    return strstr(text, hex) != NULL;
}

static int count_of(const char *text, const char *what)
{
    int n = 0;

    for (const char *p = text; (p = strstr(p, what)) != NULL; p++)
        n++;
    return n;
}

/* The exported routines' shape: they pass their own return address down, which is
 * an address inside the miniport function that called them. */
static const void *last_caller;

__attribute__((noinline)) static void *export_allocate_pool(struct pool *p, size_t n, uint32_t tag)
{
    void *ptr = NULL;

    last_caller = __builtin_return_address(0);
    pool_alloc(p, n, tag, last_caller, &ptr);
    return ptr;
}

__attribute__((noinline)) static int export_free_pool(struct pool *p, void *ptr)
{
    last_caller = __builtin_return_address(0);
    return pool_free(p, ptr, last_caller);
}

static struct pool *new_pool(const char *name)
{
    struct pool_config cfg = { .owner_name = name, .fill = -1 };
    struct pool *p;

    if (pool_create(space, &cfg, &p) < 0)
        abort();
    return p;
}

static void test_leak_report(void)
{
    struct pool *p = new_pool("nvme0");
    void *a = export_allocate_pool(p, 512, 'eMVN'); /* poolmon shows "NVMe" */
    const void *a_caller = last_caller;
    void *b = export_allocate_pool(p, 9000, 'QrtS');
    const void *b_caller = last_caller;
    void *c = export_allocate_pool(p, 64, 'eMVN');
    void *va = NULL;
    int marker;

    CHECK(a && b && c);
    CHECK(export_free_pool(p, c) == 0);
    CHECK(pool_alloc_contiguous(p, 3 * 4096, NULL, 1, &marker, &va, NULL) == 0);
    take_trace();
    uint64_t before = ulog_count(ULOG_GUEST, ULOG_ERROR);
    CHECK(pool_destroy(p) == 3);
    const char *t = take_trace();
    CHECK(ulog_count(ULOG_GUEST, ULOG_ERROR) - before == 4); /* summary + 3 blocks */
    CHECK(strstr(t, "\"source\":\"nvme0\"") != NULL);
    CHECK(strstr(t, "\"event\":\"memory still allocated at removal\"") != NULL);
    CHECK(strstr(t, "\"pool_blocks\":2,\"pool_bytes\":9512,\"contiguous_blocks\":1") != NULL);
    CHECK(strstr(t, "\"tag\":\"NVMe\",\"tag_value\":\"0x654d564e\",\"bytes\":512") != NULL);
    CHECK(strstr(t, "\"tag\":\"StrQ\"") != NULL && strstr(t, "\"bytes\":9000") != NULL);
    CHECK(has_address(t, a) && has_address(t, b) && has_address(t, va));
    CHECK(has_address(t, a_caller) && has_address(t, b_caller) && has_address(t, &marker));
    CHECK(strstr(t, "\"event\":\"leaked contiguous memory\"") != NULL);
    CHECK(count_of(t, "\"event\":\"leaked pool\"") == 2); /* the freed block is not a leak */
}

static void test_double_free(void)
{
    struct pool *p = new_pool("ahci0");
    void *a = export_allocate_pool(p, 100, 'icHA');
    const void *alloc_caller = last_caller;

    CHECK(export_free_pool(p, a) == 0);
    const void *first_free = last_caller;
    take_trace();
    CHECK(export_free_pool(p, a) == -EFAULT);
    const void *second_free = last_caller;
    const char *t = take_trace();
    CHECK(strstr(t, "\"event\":\"double free of pool\"") != NULL);
    CHECK(strstr(t, "\"tag\":\"AHci\"") != NULL && strstr(t, "\"bytes\":100") != NULL);
    CHECK(has_address(t, a));
    CHECK(strstr(t, "\"caller\":") != NULL && has_address(t, second_free));
    CHECK(has_address(t, first_free) && has_address(t, alloc_caller));
    struct pool_stats st;
    pool_get_stats(p, &st);
    CHECK(st.problems == 1 && st.blocks == 0);
    CHECK(pool_destroy(p) == 0);
}

static void test_foreign_pointers(void)
{
    struct pool *mine = new_pool("mine");
    struct pool *theirs = new_pool("theirs");
    char *heap = malloc(64);
    char *own = export_allocate_pool(mine, 256, 'enim');
    void *other = export_allocate_pool(theirs, 256, 'riht');

    take_trace();
    CHECK(export_free_pool(mine, heap) == -EFAULT);
    const char *t = take_trace();
    CHECK(strstr(t, "\"event\":\"free of foreign pool\"") != NULL && has_address(t, heap));
    CHECK(strstr(t, "not allocated by the port") != NULL && has_address(t, last_caller));

    CHECK(export_free_pool(mine, other) == -EFAULT); /* another adapter's block */
    t = take_trace();
    CHECK(strstr(t, "pool of theirs") != NULL);
    CHECK(export_free_pool(mine, own + 8) == -EFAULT); /* inside a block */
    t = take_trace();
    CHECK(strstr(t, "inside a block") != NULL);

    struct pool_stats st;
    pool_get_stats(theirs, &st);
    CHECK(st.blocks == 1); /* nothing was freed on their side */
    pool_get_stats(mine, &st);
    CHECK(st.blocks == 1 && st.problems == 3);
    CHECK(export_free_pool(mine, own) == 0);
    CHECK(export_free_pool(theirs, other) == 0);
    CHECK(pool_destroy(mine) == 0 && pool_destroy(theirs) == 0);
    free(heap);
}

static void test_contiguous_free_arguments(void)
{
    struct pool *p = new_pool("vio0");
    void *va, *pool_block;
    int caller;

    CHECK(pool_alloc_contiguous(p, 8192, NULL, 1 /* MmCached */, &caller, &va, NULL) == 0);
    take_trace();
    CHECK(pool_free_contiguous(p, va, 4096, 0, &caller) == 0); /* freed anyway */
    const char *t = take_trace();
    CHECK(strstr(t, "freed with other arguments") != NULL);
    CHECK(strstr(t, "\"allocated_bytes\":8192,\"freed_bytes\":4096") != NULL);
    CHECK(strstr(t, "\"allocated_cache_type\":1,\"freed_cache_type\":0") != NULL);
    CHECK(pool_free_contiguous(p, va, 8192, 1, &caller) == -EFAULT);
    t = take_trace();
    CHECK(strstr(t, "double free of contiguous memory") != NULL);

    pool_block = export_allocate_pool(p, 32, 'loop');
    CHECK(pool_free_contiguous(p, pool_block, 32, 1, &caller) == -EFAULT); /* wrong routine */
    t = take_trace();
    CHECK(strstr(t, "a pool block, not contiguous memory") != NULL);
    CHECK(export_free_pool(p, pool_block) == 0);
    CHECK(pool_destroy(p) == 0);
}

int main(void)
{
    trace_fd = memfd_create("trace", 0);
    if (trace_fd < 0 || dma_space_create(NULL, &space) < 0)
        return 1;
    ulog_set_trace_fd(trace_fd);
    ulog_set_level(ULOG_GUEST, -1); /* keep the expected reports off stderr */
    test_leak_report();
    test_double_free();
    test_foreign_pointers();
    test_contiguous_free_arguments();
    dma_space_destroy(space);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
