/* Recycled data buffers from the host's DMA memory, in power-of-2 classes from
 * 4 KiB to 32 MiB. ustor_buffer_alloc() is a first-fit search under a lock, too
 * slow per request, so each class keeps what was freed and the host is asked
 * only when a class is empty, up to DISK_POOL_BUDGET bytes in all. */
#include <errno.h>

#include "disk/disk_internal.h"

static int class_of(size_t bytes)
{
    int c = 0;
    while (((size_t)1 << (DISK_POOL_MIN_SHIFT + c)) < bytes)
        c++;
    return c;
}

void disk_pool_init(struct disk_pool *p, struct ustor_host *host)
{
    p->host = host;
    atomic_init(&p->bytes, 0);
    for (int i = 0; i < DISK_POOL_CLASSES; i++) {
        pthread_mutex_init(&p->cls[i].lock, NULL);
        p->cls[i].free = NULL;
    }
}

void disk_pool_destroy(struct disk_pool *p)
{
    for (int i = 0; i < DISK_POOL_CLASSES; i++) {
        void *b = p->cls[i].free;
        while (b) {
            void *next = *(void **)b;
            ustor_buffer_free(p->host, b);
            b = next;
        }
        p->cls[i].free = NULL;
        pthread_mutex_destroy(&p->cls[i].lock);
    }
}

void *disk_pool_get(struct disk_pool *p, size_t bytes)
{
    if (!bytes || bytes > ((size_t)1 << (DISK_POOL_MIN_SHIFT + DISK_POOL_CLASSES - 1)))
        return NULL;
    int c = class_of(bytes);
    struct disk_pool_class *k = &p->cls[c];
    pthread_mutex_lock(&k->lock);
    void *b = k->free;
    if (b)
        k->free = *(void **)b;
    pthread_mutex_unlock(&k->lock);
    if (b)
        return b;
    size_t size = (size_t)1 << (DISK_POOL_MIN_SHIFT + c);
    if (atomic_fetch_add(&p->bytes, size) + size > DISK_POOL_BUDGET) {
        atomic_fetch_sub(&p->bytes, size);
        return NULL;
    }
    b = ustor_buffer_alloc(p->host, size);
    if (!b)
        atomic_fetch_sub(&p->bytes, size);
    return b;
}

void disk_pool_put(struct disk_pool *p, void *buf, size_t bytes)
{
    if (!buf)
        return;
    struct disk_pool_class *k = &p->cls[class_of(bytes)];
    pthread_mutex_lock(&k->lock);
    *(void **)buf = k->free;
    k->free = buf;
    pthread_mutex_unlock(&k->lock);
}
