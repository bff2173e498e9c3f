/* The disk layer's hot path allocates nothing: once a disk is open and its
 * request structures exist, thousands of reads, writes (split into several
 * commands), flushes, trims and zeroes through ustor_disk_submit() call malloc,
 * calloc and realloc zero times in the whole process (port and miniport
 * included). Counted by replacing malloc; plain builds only (sanitizer runtimes
 * own malloc). */
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk/disk.h"
#include "miniports/disk_fault_control.h"
#include "ustorport/ustorport.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__,     \
                    __LINE__, #cond, ustor_last_error());                               \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);

static _Atomic int counting;
static _Atomic long allocations;

void *malloc(size_t n)
{
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add(&allocations, 1);
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add(&allocations, 1);
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add(&allocations, 1);
    return __libc_realloc(p, n);
}

static _Atomic int completed, failed;

static void done(struct ustor_disk_io *io, int result)
{
    (void)io;
    if (result)
        atomic_fetch_add(&failed, 1);
    atomic_fetch_add(&completed, 1);
}

/* Submits one request and waits for it by polling (a condition variable would be fine
 * too, but this keeps the waiting side obviously free of allocation). */
static void run(struct ustor_disk *d, struct ustor_disk_io *io, uint8_t op, uint32_t flags,
                uint64_t off, uint64_t len, void *buf)
{
    int before = atomic_load(&completed);
    io->op = op;
    io->flags = flags;
    io->offset = off;
    io->length = len;
    io->buf = buf;
    io->done = done;
    ustor_disk_submit(d, io);
    while (atomic_load(&completed) == before)
        __builtin_ia32_pause();
}

static void workload(struct ustor_disk *d, struct ustor_disk_io *io, uint8_t *buf, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        uint64_t off = (uint64_t)(i % 32) * 65536;
        run(d, io, USTOR_DISK_WRITE, i % 3 == 0 ? USTOR_DISK_FUA : 0, off, 4096, buf);
        run(d, io, USTOR_DISK_READ, 0, off, 4096, buf);
        run(d, io, USTOR_DISK_READ, 0, 0, 300 * 512, buf);     /* three commands */
        if (i % 16 == 0) {
            run(d, io, USTOR_DISK_FLUSH, 0, 0, 0, NULL);
            run(d, io, USTOR_DISK_TRIM, 0, off, 8192, NULL);
            run(d, io, USTOR_DISK_ZERO, 0, off, 8192, NULL);
        }
    }
}

int main(void)
{
    void *h = dlopen(DISK_FAULT_MINIPORT, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL);
    struct df_control *df = dlsym(h, "dfault");
    CHECK(df != NULL);
    memset(df, 0, offsetof(struct df_control, data));
    df->block_size = 512;
    df->blocks = DF_BLOCKS_MAX;
    df->max_transfer = 64 * 1024;
    df->breaks = 255;
    df->vpd_max_unmap = 2048;
    df->vpd_max_ws = 4096;
    df->lbpme = df->lbpu = df->lbpws = df->lbprz = df->wce = 1;
    df->fault_opcode = DF_ANY_OPCODE;

    struct ustor_host *host;
    struct ustor_driver *driver;
    struct ustor_adapter *adapter;
    struct ustor_disk *disk;
    struct ustor_adapter_options o = { .size = sizeof o };
    CHECK(ustor_host_create(NULL, &host) == 0);
    CHECK(ustor_driver_load(host, DISK_FAULT_MINIPORT, &driver) == 0);
    CHECK(ustor_adapter_add(driver, &o, &adapter) == 0);
    CHECK(ustor_disk_open(host, ustor_adapter_lun(adapter, 0, 0, 0), &disk) == 0);
    struct ustor_disk_io *io = calloc(1, sizeof *io);
    uint8_t *buf = ustor_buffer_alloc(host, 300 * 512);
    CHECK(io && buf);

    atomic_store(&counting, 1);             /* the counter itself works */
    void *volatile probe = malloc(16);  /* volatile: the pair must not be optimized away */
    free(probe);
    atomic_store(&counting, 0);
    CHECK(atomic_exchange(&allocations, 0) == 1);

    workload(disk, io, buf, 64);            /* warm up: threads, lazily made state */
    atomic_store(&counting, 1);
    workload(disk, io, buf, 2000);
    atomic_store(&counting, 0);
    long n = atomic_load(&allocations);
    fprintf(stderr, "%d requests, %ld allocations, %d failed\n", atomic_load(&completed), n,
            atomic_load(&failed));
    CHECK(atomic_load(&failed) == 0);
    CHECK(n == 0);

    ustor_buffer_free(host, buf);
    free(io);
    ustor_disk_close(disk);
    ustor_host_destroy(host);
    return 0;
}
