/*
 * The register-window registry (platform/mmio.h): memory windows above 0xFFFF whose
 * bytes are the register file, I/O windows at their ports, lookup by address and by
 * bus address, hooks versus plain bytes, overlap refusals, reuse after destroy, and
 * lock-free lookups that stay right while other windows come and go.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/mmio.h"

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                             \
            fprintf(stderr, "\n");                                                    \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

static int reads, writes;

static uint64_t hook_read(void *ctx, struct ustor_window *w, uint32_t off, unsigned size)
{
    (void)ctx;
    reads++;
    return ustor_window_get(w, off, size) + 1;
}

static void hook_write(void *ctx, struct ustor_window *w, uint32_t off, uint64_t v, unsigned size)
{
    (void)ctx;
    writes++;
    ustor_window_set(w, off, v * 2, size);
}

static const struct ustor_window_ops hooks = {.read = hook_read, .write = hook_write};

static struct ustor_window *make(uint64_t bus, uint32_t len, bool io, const struct ustor_window_ops *ops)
{
    struct ustor_window_desc d = {.size = sizeof d, .bus_address = bus, .length = len, .io = io,
                                  .ops = ops};
    struct ustor_window *w = NULL;
    int rc = ustor_window_create(&d, &w);
    CHECK(rc == 0, "create bus 0x%llx: %d", (unsigned long long)bus, rc);
    return w;
}

static int make_rc(uint64_t bus, uint32_t len, bool io)
{
    struct ustor_window_desc d = {.size = sizeof d, .bus_address = bus, .length = len, .io = io};
    struct ustor_window *w = NULL;
    int rc = ustor_window_create(&d, &w);
    if (rc == 0)
        ustor_window_destroy(w);
    return rc;
}

static void memory(void)
{
    struct ustor_window *w = make(0xFE000000u, 0x3000, false, &hooks);
    uintptr_t base = ustor_window_base(w);
    uint32_t off = 0;
    CHECK(base > MMIO_PORT_LIMIT && base % 4096 == 0, "base 0x%lx", (unsigned long)base);
    CHECK(ustor_window_bytes(w) == (void *)base, "the bytes are at the address a miniport uses");
    CHECK(mmio_find(base + 0x2FFC, 4, &off) == w && off == 0x2FFC, "the last register");
    CHECK(mmio_find(base + 0x2FFE, 4, NULL) == NULL, "an access across the end");
    CHECK(mmio_find_bus(0xFE001000u, 0x10, false) == w, "by bus address");
    CHECK(mmio_find_bus(0xFE001000u, 0x10, true) == NULL, "not in I/O space");
    mmio_write(w, 8, 21, 4);
    CHECK(writes == 1 && *(uint32_t *)(base + 8) == 42, "the write hook decided the bytes");
    CHECK(mmio_read(w, 8, 4) == 43 && reads == 1, "the read hook decided the value");
    ustor_window_set(w, 0x101, 0x1122334455667788ull, 8);
    CHECK(ustor_window_get(w, 0x101, 8) == 0x1122334455667788ull, "unaligned 64-bit");
    CHECK(make_rc(0xFE002000u, 0x100, false) == -EEXIST, "an overlapping bus range");
    CHECK(make_rc(0, 0x100, false) == -EINVAL, "a memory window needs its bus address");
    struct ustor_window *plain = make(0xFE100000u, 0x20, false, NULL);
    uintptr_t pb = ustor_window_base(plain);
    CHECK(pb != base && mmio_find(pb, 4, &off) == plain, "a second window");
    mmio_write(plain, 4, 0xABCD, 2);
    CHECK(mmio_read(plain, 4, 2) == 0xABCD && *(uint16_t *)(pb + 4) == 0xABCD, "plain bytes");
    mmio_map(plain, +1);
    CHECK(ustor_window_mappings(plain) == 1, "mapping counted");
    mmio_map(plain, -1);
    ustor_window_destroy(plain);
    CHECK(mmio_find(pb, 4, &off) == NULL, "gone after destroy");
    ustor_window_destroy(w);
    CHECK(mmio_find(base, 4, &off) == NULL && mmio_find_bus(0xFE000000u, 4, false) == NULL, "gone");
    struct ustor_window *again = make(0xFE000000u, 0x10, false, NULL);
    CHECK(*(uint32_t *)ustor_window_base(again) == 0, "a reused slot starts zeroed");
    ustor_window_destroy(again);
}

static void ports(void)
{
    uint32_t off = 0;
    struct ustor_window *w = make(0x2000, 8, true, NULL);
    CHECK(ustor_window_base(w) == 0x2000, "an I/O window is its port");
    CHECK(mmio_find(0x2004, 4, &off) == w && off == 4, "port 0x2004");
    CHECK(mmio_find(0x2008, 1, &off) == NULL, "past its 8 ports");
    CHECK(make_rc(0x2000, 4, true) == -EEXIST, "the same ports twice");
    CHECK(make_rc(0x3003, 4, true) == -EINVAL, "ports start on 16-port slots");
    CHECK(make_rc(0xFFF0, 0x20, true) == -EINVAL, "past 0xFFFF");
    struct ustor_window *any = make(0, 0x40, true, NULL);
    uintptr_t p = ustor_window_base(any);
    CHECK(p >= 0x1000 && p + 0x40 - 1 <= MMIO_PORT_LIMIT && p % 0x40 == 0, "allocated 0x%lx",
          (unsigned long)p);
    CHECK(mmio_find_bus(p + 0x10, 4, true) == any, "by port as bus address");
    ustor_window_destroy(any);
    ustor_window_destroy(w);
    CHECK(mmio_find(0x2004, 4, &off) == NULL, "gone");
}

static struct ustor_window *stable;
static uintptr_t stable_base;
static atomic_int misses, stop;

static void *reader(void *arg)
{
    (void)arg;
    uint32_t off;
    while (!atomic_load(&stop))
        for (int i = 0; i < 1000; i++)
            if (mmio_find(stable_base + 0x10, 4, &off) != stable || mmio_read(stable, 0x10, 4) != 7)
                atomic_fetch_add(&misses, 1);
    return NULL;
}

static void concurrent(void)
{
    pthread_t th[3];
    stable = make(0xF0000000u, 0x1000, false, NULL);
    stable_base = ustor_window_base(stable);
    ustor_window_set(stable, 0x10, 7, 4);
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, reader, NULL);
    for (int i = 0; i < 300; i++) {
        struct ustor_window *m = make(0xE0000000u + (uint64_t)i * 0x10000, 0x2000, false, NULL);
        struct ustor_window *p = make(0, 0x10, true, NULL);
        ustor_window_destroy(p);
        ustor_window_destroy(m);
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    CHECK(atomic_load(&misses) == 0, "%d lookups went wrong", atomic_load(&misses));
    ustor_window_destroy(stable);
}

int main(void)
{
    memory();
    ports();
    concurrent();
    printf("test_platform_mmio: ok\n");
    return 0;
}
