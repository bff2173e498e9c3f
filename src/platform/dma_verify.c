/* Device access to the DMA address space and its verifier: every access must fall
 * inside one region the port knows; with grant checking on, an access to a
 * request-scoped region must also be covered by grants of in-flight requests in its
 * direction. A refused access is a guest error naming the address. */
#include "platform/dma_internal.h"

#include "common/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRANTS_INITIAL 64

/* ---- grants: sorted by start, each entry knowing the largest end up to it ---- */

static size_t grant_upper_bound(const struct dma_grants *g, uint64_t pa)
{
    size_t lo = 0, hi = g->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->v[mid].pa <= pa)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void grants_fix_max_end(struct dma_grants *g, size_t from)
{
    for (size_t i = from; i < g->n; i++) {
        uint64_t prev = i ? g->v[i - 1].max_end : 0;
        g->v[i].max_end = g->v[i].end > prev ? g->v[i].end : prev;
    }
}

static int grants_reserve(struct dma_grants *g)
{
    size_t cap = g->cap ? g->cap * 2 : GRANTS_INITIAL;
    struct dma_grant_entry *v;

    if (g->n < g->cap)
        return 0;
    v = realloc(g->v, cap * sizeof(*v));
    if (!v)
        return -ENOMEM;
    g->v = v;
    g->cap = cap;
    return 0;
}

/* The furthest end reachable from pos by one grant allowing dir (any dir if dir is 0);
 * pos itself if none covers it. */
static uint64_t grant_reach(const struct dma_grants *g, uint64_t pos, enum dma_dir dir)
{
    uint64_t best = pos;

    for (size_t j = grant_upper_bound(g, pos); j > 0 && g->v[j - 1].max_end > pos; j--) {
        const struct dma_grant_entry *e = &g->v[j - 1];
        if (e->end > best && (e->dir & dir) == dir)
            best = e->end;
    }
    return best;
}

/* First byte of [pa, end) not covered by grants allowing dir, or end. */
static uint64_t grant_first_gap(const struct dma_grants *g, uint64_t pa, uint64_t end, enum dma_dir dir)
{
    uint64_t pos = pa;

    while (pos < end) {
        uint64_t next = grant_reach(g, pos, dir);
        if (next == pos)
            return pos;
        pos = next;
    }
    return end;
}

void dma_set_grant_checking(struct dma_space *s, bool on)
{
    atomic_store(&s->grant_checking, on);
}

bool dma_grant_checking(const struct dma_space *s)
{
    return atomic_load(&s->grant_checking);
}

int dma_grant(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const void *cookie)
{
    struct dma_region r;
    int rc;

    if (len == 0 || dma_find(s, pa, &r) < 0 || pa - r.pa + len > r.len)
        return -EFAULT;
    pthread_rwlock_wrlock(&s->grant_lock);
    rc = grants_reserve(&s->grants);
    if (rc == 0) {
        struct dma_grants *g = &s->grants;
        size_t i = grant_upper_bound(g, pa);
        memmove(&g->v[i + 1], &g->v[i], (g->n - i) * sizeof(*g->v));
        g->v[i] = (struct dma_grant_entry){ .pa = pa, .end = pa + len, .dir = dir, .cookie = cookie };
        g->n++;
        grants_fix_max_end(g, i);
    }
    pthread_rwlock_unlock(&s->grant_lock);
    return rc;
}

int dma_revoke(struct dma_space *s, const void *cookie)
{
    struct dma_grants *g = &s->grants;
    size_t kept = 0, first_change = SIZE_MAX;

    pthread_rwlock_wrlock(&s->grant_lock);
    for (size_t i = 0; i < g->n; i++) {
        if (g->v[i].cookie == cookie) {
            if (first_change == SIZE_MAX)
                first_change = kept;
            continue;
        }
        g->v[kept++] = g->v[i];
    }
    int revoked = (int)(g->n - kept);
    g->n = kept;
    if (first_change != SIZE_MAX)
        grants_fix_max_end(g, first_change);
    pthread_rwlock_unlock(&s->grant_lock);
    return revoked;
}

void dma_grants_destroy(struct dma_space *s)
{
    free(s->grants.v);
    s->grants.v = NULL;
    s->grants.n = s->grants.cap = 0;
}

/* ---- checking ---- */

enum dma_fault { FAULT_NONE, FAULT_OUTSIDE, FAULT_OVERRUN, FAULT_NOT_GRANTED, FAULT_WRONG_DIR };

struct dma_verdict {
    enum dma_fault fault;
    struct dma_region region;
    uint64_t at; /* first offending address */
};

static void check_grants(struct dma_space *s, uint64_t pa, uint64_t end, enum dma_dir dir,
                         struct dma_verdict *v)
{
    pthread_rwlock_rdlock(&s->grant_lock);
    uint64_t gap = grant_first_gap(&s->grants, pa, end, dir);
    if (gap < end) {
        v->at = gap;
        v->fault = grant_reach(&s->grants, gap, 0) > gap ? FAULT_WRONG_DIR : FAULT_NOT_GRANTED;
    }
    pthread_rwlock_unlock(&s->grant_lock);
}

/* The caller holds table_lock shared; on success the bytes can be used until it drops it. */
static void *check_locked(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir,
                          struct dma_verdict *v)
{
    const struct dma_region *r = dma_table_lookup(&s->table, pa);

    *v = (struct dma_verdict){ .at = pa };
    if (!r) {
        v->fault = FAULT_OUTSIDE;
        return NULL;
    }
    v->region = *r;
    if (len > r->len - (pa - r->pa)) {
        v->fault = FAULT_OVERRUN;
        v->at = r->pa + r->len;
        return NULL;
    }
    if ((r->flags & DMA_REGION_REQUEST_SCOPED) && atomic_load(&s->grant_checking) && len)
        check_grants(s, pa, pa + len, dir, v);
    return v->fault == FAULT_NONE ? (char *)r->va + (pa - r->pa) : NULL;
}

static void describe_region(const struct dma_region *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s [%#llx, +%#zx)", dma_kind_name(r->kind), r->label ? " " : "",
             r->label ? r->label : "", (unsigned long long)r->pa, r->len);
}

static void report(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const char *who,
                   const struct dma_verdict *v)
{
    char where[160];

    atomic_fetch_add(&s->violations, 1);
    if (v->fault != FAULT_OUTSIDE)
        describe_region(&v->region, where, sizeof(where));
    const char *verb = dma_dir_name(dir);
    const char *src = who ? who : "device";
    switch (v->fault) {
    case FAULT_OUTSIDE:
        ulog_guest(ULOG_ERROR, "dma: %s: %s of %zu bytes at %#llx: not memory the port owns", src, verb,
                   len, (unsigned long long)pa);
        break;
    case FAULT_OVERRUN:
        ulog_guest(ULOG_ERROR, "dma: %s: %s of %zu bytes at %#llx runs past the end of %s at %#llx", src,
                   verb, len, (unsigned long long)pa, where, (unsigned long long)v->at);
        break;
    case FAULT_NOT_GRANTED:
        ulog_guest(ULOG_ERROR, "dma: %s: %s of %zu bytes at %#llx: %#llx in %s is not granted to a request in flight",
                   src, verb, len, (unsigned long long)pa, (unsigned long long)v->at, where);
        break;
    case FAULT_WRONG_DIR:
        ulog_guest(ULOG_ERROR, "dma: %s: %s of %zu bytes at %#llx: %#llx in %s is granted for the other direction only",
                   src, verb, len, (unsigned long long)pa, (unsigned long long)v->at, where);
        break;
    case FAULT_NONE:
        break;
    }
}

static bool overflows(uint64_t pa, size_t len)
{
    return len && pa > UINT64_MAX - (len - 1);
}

int dma_check(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const char *who)
{
    struct dma_verdict v = { .fault = FAULT_OUTSIDE, .at = pa };

    if (!overflows(pa, len)) {
        pthread_rwlock_rdlock(&s->table_lock);
        check_locked(s, pa, len, dir, &v);
        pthread_rwlock_unlock(&s->table_lock);
    }
    if (v.fault == FAULT_NONE)
        return 0;
    report(s, pa, len, dir, who, &v);
    return -EFAULT;
}

void *dma_map(struct dma_space *s, uint64_t pa, size_t len, enum dma_dir dir, const char *who)
{
    struct dma_verdict v = { .fault = FAULT_OUTSIDE, .at = pa };
    void *p = NULL;

    if (!overflows(pa, len)) {
        pthread_rwlock_rdlock(&s->table_lock);
        p = check_locked(s, pa, len, dir, &v);
        pthread_rwlock_unlock(&s->table_lock);
    }
    if (!p)
        report(s, pa, len, dir, who, &v);
    return p;
}

/* Check and copy under the table lock, so the region cannot be freed meanwhile. */
static int transfer(struct dma_space *s, uint64_t pa, void *host, size_t len, enum dma_dir dir,
                    const char *who)
{
    struct dma_verdict v = { .fault = FAULT_OUTSIDE, .at = pa };
    void *p = NULL;

    if (!overflows(pa, len)) {
        pthread_rwlock_rdlock(&s->table_lock);
        p = check_locked(s, pa, len, dir, &v);
        if (p && dir == DMA_TO_DEVICE)
            memcpy(host, p, len);
        else if (p)
            memcpy(p, host, len);
        pthread_rwlock_unlock(&s->table_lock);
    }
    if (p)
        return 0;
    report(s, pa, len, dir, who, &v);
    return -EFAULT;
}

int dma_read(struct dma_space *s, uint64_t pa, void *dst, size_t len, const char *who)
{
    return transfer(s, pa, dst, len, DMA_TO_DEVICE, who);
}

int dma_write(struct dma_space *s, uint64_t pa, const void *src, size_t len, const char *who)
{
    return transfer(s, pa, (void *)src, len, DMA_FROM_DEVICE, who);
}

uint64_t dma_violations(const struct dma_space *s)
{
    return atomic_load(&((struct dma_space *)s)->violations);
}
