/* A worker's pool of page-aligned READ/WRITE buffers in power-of-two classes
 * from 4 KiB to 32 MiB. Freed buffers are kept for reuse (linked through their
 * first bytes) up to 16 MiB per class, at least two, so the steady state
 * allocates nothing. Only its worker touches a pool. */
#include "nbd/nbd_internal.h"

#include <stdlib.h>

#define POOL_MIN_SHIFT 12u
#define POOL_KEEP_BYTES (16u << 20)

static unsigned pool_class(size_t len)
{
    unsigned c = 0;

    while (((size_t)1 << (POOL_MIN_SHIFT + c)) < len)
        c++;
    return c;
}

static unsigned pool_keep(unsigned c)
{
    size_t size = (size_t)1 << (POOL_MIN_SHIFT + c);
    size_t n = POOL_KEEP_BYTES / size;

    return n < 2 ? 2 : (unsigned)n;
}

void *nbd_pool_get(struct nbd_pool *p, size_t len)
{
    unsigned c = pool_class(len ? len : 1);
    void *buf;

    if (c >= NBD_POOL_CLASSES)
        return NULL;
    buf = p->free[c];
    if (buf) {
        p->free[c] = *(void **)buf;
        p->count[c]--;
        return buf;
    }
    if (posix_memalign(&buf, 4096, (size_t)1 << (POOL_MIN_SHIFT + c)) != 0)
        return NULL;
    return buf;
}

void nbd_pool_put(struct nbd_pool *p, void *buf, size_t len)
{
    unsigned c = pool_class(len ? len : 1);

    if (p->count[c] >= pool_keep(c)) {
        free(buf);
        return;
    }
    *(void **)buf = p->free[c];
    p->free[c] = buf;
    p->count[c]++;
}

void nbd_pool_drain(struct nbd_pool *p)
{
    for (unsigned c = 0; c < NBD_POOL_CLASSES; c++) {
        while (p->free[c]) {
            void *buf = p->free[c];

            p->free[c] = *(void **)buf;
            free(buf);
        }
        p->count[c] = 0;
    }
}
