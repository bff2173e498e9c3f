/* The DMA verifier: device accesses outside port memory or past a region are refused
 * and reported as guest errors naming the address; with grant checking, request
 * buffers are reachable only inside grants, in their direction; dma_read/dma_write
 * copy only what passes. */
#include "common/log.h"
#include "platform/dma_space.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

static int log_fd;

/* What the log printed since the last call. */
static const char *take_log(void)
{
    static char text[8192];
    ssize_t n = pread(log_fd, text, sizeof(text) - 1, 0);

    text[n > 0 ? n : 0] = '\0';
    if (ftruncate(log_fd, 0) < 0)
        abort();
    lseek(log_fd, 0, SEEK_SET);
    return text;
}

static bool log_names(const char *log, uint64_t addr)
{
    char hex[32];

    snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)addr);
    return strstr(log, hex) != NULL && strstr(log, "[guest]") != NULL;
}

static void test_outside_and_overrun(struct dma_space *s)
{
    char *va;
    char local[64];
    uint64_t before = dma_violations(s);

    CHECK(dma_alloc(s, 2 * PAGE, NULL, 0, NULL, (void **)&va) == 0);
    uint64_t pa = (uintptr_t)va;
    CHECK(dma_check(s, pa, 2 * PAGE, DMA_TO_DEVICE, "dev") == 0);
    CHECK(dma_check(s, pa + 100, 512, DMA_FROM_DEVICE, "dev") == 0);
    CHECK(dma_violations(s) == before);
    CHECK(take_log()[0] == '\0');

    uint64_t stray = (uintptr_t)local;
    CHECK(dma_check(s, stray, 8, DMA_TO_DEVICE, "nvme") == -EFAULT);
    const char *log = take_log();
    CHECK(log_names(log, stray));
    CHECK(strstr(log, "nvme") != NULL && strstr(log, "not memory the port owns") != NULL);

    CHECK(dma_check(s, pa + 2 * PAGE - 16, 32, DMA_FROM_DEVICE, "ahci") == -EFAULT);
    log = take_log();
    CHECK(log_names(log, pa + 2 * PAGE - 16));
    CHECK(strstr(log, "past the end") != NULL);
    CHECK(dma_check(s, UINT64_MAX - 3, 16, DMA_TO_DEVICE, "dev") == -EFAULT); /* wraps around */
    take_log();
    CHECK(dma_violations(s) == before + 3);
    CHECK(dma_map(s, pa + PAGE, 16, DMA_FROM_DEVICE, "dev") == va + PAGE);
    CHECK(dma_map(s, stray, 16, DMA_FROM_DEVICE, "dev") == NULL);
    take_log();
    CHECK(dma_free(s, va) == 0);
    CHECK(dma_check(s, pa, 8, DMA_TO_DEVICE, "dev") == -EFAULT); /* freed memory is not port memory */
    CHECK(log_names(take_log(), pa));
}

static void test_copy_in_and_out(struct dma_space *s)
{
    unsigned char *va, tmp[64];

    CHECK(dma_alloc(s, PAGE, NULL, 0, NULL, (void **)&va) == 0);
    memset(va, 0x11, PAGE);
    memset(tmp, 0x22, sizeof(tmp));
    CHECK(dma_write(s, (uintptr_t)va + 8, tmp, sizeof(tmp), "dev") == 0);
    CHECK(va[7] == 0x11 && va[8] == 0x22 && va[8 + 63] == 0x22 && va[8 + 64] == 0x11);
    memset(tmp, 0, sizeof(tmp));
    CHECK(dma_read(s, (uintptr_t)va + 4, tmp, 8, "dev") == 0);
    CHECK(tmp[3] == 0x11 && tmp[4] == 0x22);
    memset(tmp, 0x33, sizeof(tmp));
    CHECK(dma_write(s, (uintptr_t)va + PAGE - 8, tmp, 16, "dev") == -EFAULT); /* nothing copied */
    CHECK(va[PAGE - 8] == 0x11);
    take_log();
    CHECK(dma_free(s, va) == 0);
}

static void test_grants(struct dma_space *s)
{
    char *buf = malloc(4 * PAGE);
    struct dma_tag tag = { .kind = DMA_KIND_DATA_BUFFER, .flags = DMA_REGION_REQUEST_SCOPED, .label = "req" };
    uint64_t pa = (uintptr_t)buf;
    int req1, req2;

    CHECK(dma_register(s, buf, 4 * PAGE, &tag) == 0);
    CHECK(dma_check(s, pa, 512, DMA_FROM_DEVICE, "dev") == 0); /* checking off: ownership only */
    dma_set_grant_checking(s, true);
    CHECK(dma_grant_checking(s));

    CHECK(dma_check(s, pa, 512, DMA_FROM_DEVICE, "dev") == -EFAULT);
    const char *log = take_log();
    CHECK(log_names(log, pa) && strstr(log, "not granted") != NULL);

    CHECK(dma_grant(s, pa, 2 * PAGE, DMA_FROM_DEVICE, &req1) == 0);
    CHECK(dma_check(s, pa, 2 * PAGE, DMA_FROM_DEVICE, "dev") == 0);
    CHECK(dma_check(s, pa + 100, 2 * PAGE, DMA_FROM_DEVICE, "dev") == -EFAULT); /* runs past the grant */
    CHECK(log_names(take_log(), pa + 2 * PAGE));
    CHECK(dma_check(s, pa, 64, DMA_TO_DEVICE, "dev") == -EFAULT); /* wrong direction */
    log = take_log();
    CHECK(strstr(log, "other direction") != NULL);

    /* a second request's grant adjoining the first: an access across both passes */
    CHECK(dma_grant(s, pa + 2 * PAGE, PAGE, DMA_BIDIRECTIONAL, &req2) == 0);
    CHECK(dma_check(s, pa + PAGE, 2 * PAGE, DMA_FROM_DEVICE, "dev") == 0);
    CHECK(dma_check(s, pa + 2 * PAGE, PAGE, DMA_TO_DEVICE, "dev") == 0);
    /* a long grant hidden behind a short later one is still seen */
    CHECK(dma_grant(s, pa + 10, 10, DMA_TO_DEVICE, &req2) == 0);
    CHECK(dma_check(s, pa + 100, 64, DMA_FROM_DEVICE, "dev") == 0);

    CHECK(dma_revoke(s, &req1) == 1);
    CHECK(dma_check(s, pa + 100, 64, DMA_FROM_DEVICE, "dev") == -EFAULT);
    CHECK(dma_check(s, pa + 2 * PAGE, 64, DMA_FROM_DEVICE, "dev") == 0);
    CHECK(dma_revoke(s, &req2) == 2);
    CHECK(dma_revoke(s, &req2) == 0);
    CHECK(dma_check(s, pa + 2 * PAGE, 64, DMA_FROM_DEVICE, "dev") == -EFAULT);
    take_log();

    CHECK(dma_grant(s, pa + 3 * PAGE, 2 * PAGE, DMA_TO_DEVICE, &req1) == -EFAULT); /* past the region */
    CHECK(dma_unregister(s, buf) == 0);
    CHECK(dma_grant(s, pa, 16, DMA_TO_DEVICE, &req1) == -EFAULT); /* unknown memory */
    dma_set_grant_checking(s, false);
    free(buf);
}

/* A data buffer is request-scoped by its kind alone. */
static void test_data_buffers_are_scoped(struct dma_space *s)
{
    void *va;
    struct dma_tag tag = { .kind = DMA_KIND_DATA_BUFFER, .label = "nbd buffer" };
    struct dma_region r;
    int req;

    dma_set_grant_checking(s, true);
    CHECK(dma_alloc(s, PAGE, NULL, 0, &tag, &va) == 0);
    CHECK(dma_find(s, (uintptr_t)va, &r) == 0 && (r.flags & DMA_REGION_REQUEST_SCOPED));
    CHECK(dma_check(s, (uintptr_t)va, 64, DMA_FROM_DEVICE, "dev") == -EFAULT);
    CHECK(strstr(take_log(), "data buffer nbd buffer") != NULL);
    CHECK(dma_grant(s, (uintptr_t)va, PAGE, DMA_FROM_DEVICE, &req) == 0);
    CHECK(dma_check(s, (uintptr_t)va, 64, DMA_FROM_DEVICE, "dev") == 0);
    CHECK(dma_revoke(s, &req) == 1);
    CHECK(dma_free(s, va) == 0);
    dma_set_grant_checking(s, false);
}

/* Regions not scoped to requests (queues in an uncached extension) need no grant. */
static void test_unscoped_memory_needs_no_grant(struct dma_space *s)
{
    void *va;

    dma_set_grant_checking(s, true);
    CHECK(dma_alloc(s, PAGE, NULL, 0, NULL, &va) == 0);
    CHECK(dma_check(s, (uintptr_t)va, 64, DMA_BIDIRECTIONAL, "dev") == 0);
    CHECK(dma_free(s, va) == 0);
    dma_set_grant_checking(s, false);
}

int main(void)
{
    struct dma_space *s;
    uint64_t guest_errors = ulog_count(ULOG_GUEST, ULOG_ERROR);

    log_fd = memfd_create("log", 0);
    if (log_fd < 0 || dma_space_create(NULL, &s) < 0)
        return 1;
    ulog_set_text_fd(log_fd);
    ulog_set_level(ULOG_GUEST, ULOG_WARN);
    test_outside_and_overrun(s);
    test_copy_in_and_out(s);
    test_grants(s);
    test_data_buffers_are_scoped(s);
    test_unscoped_memory_needs_no_grant(s);
    CHECK(ulog_count(ULOG_GUEST, ULOG_ERROR) - guest_errors == dma_violations(s));
    dma_space_destroy(s);
    ulog_set_text_fd(2);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
