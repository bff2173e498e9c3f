/* Commands that must wait before they are sent again (busy, task set full, a
 * unit becoming ready) wait here: one thread per disk sleeps until the earliest
 * is due, then posts its DISK_EV_RESUME, so no port thread ever sleeps. The list
 * is short (only commands in trouble), so it is scanned, not sorted. */
#include <errno.h>
#include <time.h>

#include "common/error.h"
#include "disk/disk_internal.h"

uint64_t disk_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Unlinks and returns a command that is due, or NULL with *next the earliest time. */
static struct disk_command *take_due(struct disk_retry *r, uint64_t now, uint64_t *next)
{
    *next = UINT64_MAX;
    for (struct disk_command **pp = &r->head; *pp; pp = &(*pp)->wait_next) {
        struct disk_command *c = *pp;
        if (c->retry_at_ns <= now) {
            *pp = c->wait_next;
            return c;
        }
        if (c->retry_at_ns < *next)
            *next = c->retry_at_ns;
    }
    return NULL;
}

static void wait_until(struct disk_retry *r, uint64_t when)
{
    if (when == UINT64_MAX) {
        pthread_cond_wait(&r->cond, &r->lock);
        return;
    }
    struct timespec ts = { (time_t)(when / 1000000000ull), (long)(when % 1000000000ull) };
    pthread_cond_timedwait(&r->cond, &r->lock, &ts);
}

static void *retry_main(void *arg)
{
    struct disk_retry *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        uint64_t next;
        struct disk_command *c = take_due(r, disk_now_ns(), &next);
        if (!c) {
            wait_until(r, next);
            continue;
        }
        pthread_mutex_unlock(&r->lock);
        disk_io_event(c->io, DISK_EV_RESUME(c->index));
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

int disk_retry_start(struct ustor_disk *d)
{
    struct disk_retry *r = &d->retry;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cond, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&r->lock, NULL);
    int rc = pthread_create(&r->thread, NULL, retry_main, r);
    if (rc) {
        pthread_cond_destroy(&r->cond);
        pthread_mutex_destroy(&r->lock);
        return ustor_error_fail(-rc, "%s: cannot start the retry thread", d->name);
    }
    pthread_setname_np(r->thread, "ustor-retry");
    r->started = true;
    return 0;
}

void disk_retry_stop(struct ustor_disk *d)
{
    struct disk_retry *r = &d->retry;
    if (!r->started)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    r->started = false;
}

void disk_retry_later(struct ustor_disk *d, struct disk_command *cmd, unsigned delay_ms)
{
    struct disk_retry *r = &d->retry;
    cmd->retry_at_ns = disk_now_ns() + (uint64_t)delay_ms * 1000000ull;
    pthread_mutex_lock(&r->lock);
    cmd->wait_next = r->head;
    r->head = cmd;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
}
