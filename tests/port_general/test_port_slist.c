/*
 * The SList routines: InitializeSListHead empties a header, InterlockedPush returns
 * the previous first entry, Pop is LIFO and NULL when empty, Flush detaches the
 * whole chain, QueryDepthSList counts; unaligned headers and entries are refused.
 * Then four threads pop and push the same 64 entries 20000 times each: every pop
 * gets an entry no other thread holds, with the data its last pusher wrote (under
 * TSan this also proves the push/pop order is visible to the race detector), and
 * the list ends with all 64.
 * The doubly-linked list helpers: InitializeListHead, InitializeSpinlock, and
 * InterlockedInsertHead/InsertTail/RemoveHeadList returning the entries Windows
 * returns, then four threads inserting and removing under the one STOR_KSPIN_LOCK.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "gmp_harness.h"

struct item {
    _Alignas(16) void *next;    /* STOR_SLIST_ENTRY, 16-byte aligned */
    uint64_t pad;
    _Atomic int owner;
    int value;
};

struct header {
    _Alignas(16) uint64_t w[2];  /* STOR_SLIST_HEADER */
};

static int ad;

static uint32_t sl(int op, void *head, void *entry, void *result)
{
    return (uint32_t)gmp_do(ad, GMP_OP_SLIST, op, (intptr_t)head, (intptr_t)entry, (intptr_t)result);
}

static void *pop(struct header *h)
{
    void *r = (void *)1;
    CHECK(sl(GMP_SL_POP, h, NULL, &r) == ST_SUCCESS, "pop");
    return r;
}

static void *push(struct header *h, struct item *e)
{
    void *r = (void *)1;
    CHECK(sl(GMP_SL_PUSH, h, e, &r) == ST_SUCCESS, "push");
    return r;
}

static int depth(struct header *h)
{
    int16_t d = -1;
    CHECK(sl(GMP_SL_DEPTH, h, NULL, &d) == ST_SUCCESS, "depth");
    return d;
}

static void test_single_thread(void)
{
    struct header h;
    struct item e[3];
    memset(&h, 0xA5, sizeof h);
    CHECK(sl(GMP_SL_INIT, &h, NULL, NULL) == ST_SUCCESS && depth(&h) == 0, "initialized: empty");
    CHECK(pop(&h) == NULL, "pop of an empty list: NULL");
    CHECK(push(&h, &e[0]) == NULL, "first push: no previous entry");
    CHECK(push(&h, &e[1]) == &e[0], "push returns the previous first entry");
    CHECK(push(&h, &e[2]) == &e[1] && depth(&h) == 3, "depth 3");
    CHECK(pop(&h) == &e[2] && pop(&h) == &e[1] && depth(&h) == 1, "LIFO");
    CHECK(push(&h, &e[2]) == &e[0], "push again");
    void *chain = (void *)1;
    CHECK(sl(GMP_SL_FLUSH, &h, NULL, &chain) == ST_SUCCESS && chain == &e[2], "flush: the first");
    CHECK(e[2].next == &e[0] && e[0].next == NULL, "the flushed chain is linked");
    CHECK(depth(&h) == 0 && pop(&h) == NULL, "empty after the flush");
    CHECK(sl(GMP_SL_FLUSH, &h, NULL, &chain) == ST_SUCCESS && chain == NULL, "flush when empty");
    void *r;
    CHECK(sl(GMP_SL_PUSH, &h, (char *)&e[0] + 8, &r) == ST_INVALID_PARAMETER,
          "an entry not 16-byte aligned");
    CHECK(sl(GMP_SL_INIT, (char *)&h + 8, NULL, NULL) == ST_INVALID_PARAMETER,
          "a header not 16-byte aligned");
    CHECK(depth(&h) == 0, "the refused push changed nothing");
}

#define THREADS 4
#define ENTRIES 64
#define ROUNDS 20000

static struct header shared;
static struct item pool[ENTRIES];
static _Atomic int problems;

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int r = 0; r < ROUNDS; r++) {
        struct item *e = pop(&shared);
        int free_ = 0;
        if (!e || !atomic_compare_exchange_strong(&e->owner, &free_, 1)) {
            atomic_fetch_add(&problems, 1); /* empty, or an entry another thread holds */
            return NULL;
        }
        if (e->value < 0 || e->value >= THREADS * ROUNDS + ENTRIES)
            atomic_fetch_add(&problems, 1);
        e->value = id * ROUNDS + r;     /* plain: ordered by the pop and the push */
        atomic_store_explicit(&e->owner, 0, memory_order_relaxed);
        push(&shared, e);
    }
    return NULL;
}

static void test_threads(void)
{
    CHECK(sl(GMP_SL_INIT, &shared, NULL, NULL) == ST_SUCCESS, "init");
    for (int i = 0; i < ENTRIES; i++) {
        pool[i].value = THREADS * ROUNDS + i;
        push(&shared, &pool[i]);
    }
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i) == 0, "thread");
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    CHECK(atomic_load(&problems) == 0, "%d pops found nothing or an entry already held",
          atomic_load(&problems));
    CHECK(depth(&shared) == ENTRIES, "depth %d after as many pushes as pops", depth(&shared));
    struct item *chain = NULL;
    CHECK(sl(GMP_SL_FLUSH, &shared, NULL, &chain) == ST_SUCCESS, "flush");
    int seen[ENTRIES] = {0}, n = 0;
    for (struct item *e = chain; e && n <= ENTRIES; e = e->next, n++) {
        CHECK(e >= pool && e < pool + ENTRIES, "an entry of the pool");
        seen[e - pool]++;
    }
    CHECK(n == ENTRIES, "the chain holds %d entries", n);
    for (int i = 0; i < ENTRIES; i++)
        CHECK(seen[i] == 1, "entry %d once", i);
}

/* ---- doubly-linked lists under a STOR_KSPIN_LOCK ---- */

struct litem {
    void *flink, *blink;        /* STOR_LIST_ENTRY */
    _Atomic int owner;
    int value;
};

static void *list_do(int op, void *head, void *entry)
{
    void *result = (void *)0x1;
    uint32_t st = (uint32_t)gmp_do(ad, GMP_OP_LIST, op, (intptr_t)head, (intptr_t)entry,
                                   (intptr_t)&result);
    CHECK(st == ST_SUCCESS, "list op %d: 0x%x", op, st);
    return result;
}

static void test_list_order(void)
{
    void *head[2] = {(void *)1, (void *)2};
    struct litem e[3];
    list_do(GMP_LIST_INIT, head, NULL);
    CHECK(gmp_do(ad, GMP_OP_LIST, GMP_LIST_LOCK_VALUE, 0, 0, 0) == 0, "InitializeSpinlock: free");
    CHECK(head[0] == head && head[1] == head, "InitializeListHead: empty");
    CHECK(list_do(GMP_LIST_INSERT_TAIL, head, &e[1]) == NULL, "tail into empty: NULL");
    CHECK(list_do(GMP_LIST_INSERT_TAIL, head, &e[2]) == &e[1], "tail: the previous last");
    CHECK(list_do(GMP_LIST_INSERT_HEAD, head, &e[0]) == &e[1], "head: the previous first");
    CHECK(head[0] == &e[0] && e[0].flink == &e[1] && e[1].flink == &e[2] && e[2].flink == head,
          "forward links");
    CHECK(head[1] == &e[2] && e[2].blink == &e[1] && e[1].blink == &e[0] && e[0].blink == head,
          "backward links");
    for (int i = 0; i < 3; i++)
        CHECK(list_do(GMP_LIST_REMOVE_HEAD, head, NULL) == &e[i], "remove %d in order", i);
    CHECK(list_do(GMP_LIST_REMOVE_HEAD, head, NULL) == NULL, "remove from empty: NULL");
    CHECK(head[0] == head && head[1] == head, "empty again");
}

#define LIST_THREADS 4
#define LIST_ROUNDS 2000

struct lworker {
    void **head;
    struct litem *mine;
    _Atomic int *bad;
};

static void *list_worker(void *arg)
{
    struct lworker *w = arg;
    struct litem *held = w->mine;
    for (int r = 0; r < LIST_ROUNDS; r++) {
        held->value = r;
        atomic_store_explicit(&held->owner, 0, memory_order_release);
        list_do(GMP_LIST_INSERT_TAIL, w->head, held);
        held = list_do(GMP_LIST_REMOVE_HEAD, w->head, NULL);
        int free_ = 0;
        if (!held || !atomic_compare_exchange_strong(&held->owner, &free_, 1)) {
            atomic_fetch_add(w->bad, 1);
            return NULL;
        }
        (void)held->value; /* written by whoever inserted it: ordered by the lock */
    }
    return NULL;
}

static void test_list_threads(void)
{
    void *head[2];
    struct litem items[LIST_THREADS];
    _Atomic int bad = 0;
    pthread_t t[LIST_THREADS];
    struct lworker w[LIST_THREADS];
    list_do(GMP_LIST_INIT, head, NULL);
    for (int i = 0; i < LIST_THREADS; i++) {
        atomic_init(&items[i].owner, 1);
        w[i] = (struct lworker){head, &items[i], &bad};
        CHECK(pthread_create(&t[i], NULL, list_worker, &w[i]) == 0, "thread");
    }
    for (int i = 0; i < LIST_THREADS; i++)
        pthread_join(t[i], NULL);
    CHECK(atomic_load(&bad) == 0, "every removal found an entry nobody else held");
    CHECK(head[0] == head && head[1] == head, "as many removals as insertions: empty");
}

int main(void)
{
    ustor_log_set_levels("off");
    struct ustor_host *host = gmp_host();
    struct ustor_driver *d = gmp_load(host);
    struct ustor_adapter *a = gmp_adapter(d, NULL, NULL, &ad);
    test_single_thread();
    test_threads();
    test_list_order();
    test_list_threads();
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(host);
    printf("test_port_slist: ok\n");
    return 0;
}
