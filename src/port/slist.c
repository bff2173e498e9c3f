/*
 * The interlocked list routines: the SList (StorPortInitializeSListHead,
 * InterlockedPush/Pop/FlushSList, QueryDepthSList) and the doubly-linked lists
 * under a STOR_KSPIN_LOCK (InterlockedInsertHead/InsertTail/RemoveHeadList,
 * InitializeSpinlock).
 *
 * An SList header is two 64-bit words changed together by one 128-bit
 * compare-and-swap (cmpxchg16b): the first entry, and the depth (low 16 bits) with
 * a sequence number (high 48 bits) that changes at every operation, so a pop that
 * raced with pops and pushes of the same entry fails its swap instead of linking a
 * stale successor (the ABA case). Entry links are read and written atomically,
 * since a losing pop may read an entry another thread is relinking. Without
 * cmpxchg16b (not x86-64) a striped mutex stands in for the swap.
 * The depth counts modulo 65536, like the 16-bit field it is reported in.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "port/exec.h"
#include "port/port_internal.h"

typedef unsigned __int128 slist_word;

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() __asm__ __volatile__("" ::: "memory")
#endif

#define DEPTH_MASK 0xFFFFull
#define SEQ_ONE 0x10000ull

/* ---- the 128-bit swap ---- */

#if defined(__x86_64__)
/* noinline: the cx16 target must not be lost by inlining into a caller without it. */
__attribute__((target("cx16"), noinline)) static slist_word slist_load(slist_word *h)
{
    return __sync_val_compare_and_swap(h, (slist_word)0, (slist_word)0);
}

__attribute__((target("cx16"), noinline)) static bool slist_cas(slist_word *h, slist_word *old,
                                                                slist_word new_value)
{
    slist_word seen = __sync_val_compare_and_swap(h, *old, new_value);
    bool ok = seen == *old;
    *old = seen;
    return ok;
}
#else
#define STRIPES 64
static pthread_mutex_t stripe[STRIPES] = {[0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};

static pthread_mutex_t *stripe_of(const void *h)
{
    return &stripe[((uintptr_t)h >> 4) % STRIPES];
}

static slist_word slist_load(slist_word *h)
{
    pthread_mutex_lock(stripe_of(h));
    slist_word v = *h;
    pthread_mutex_unlock(stripe_of(h));
    return v;
}

static bool slist_cas(slist_word *h, slist_word *old, slist_word new_value)
{
    pthread_mutex_lock(stripe_of(h));
    bool ok = *h == *old;
    if (ok)
        *h = new_value;
    else
        *old = *h;
    pthread_mutex_unlock(stripe_of(h));
    return ok;
}
#endif

static PSTOR_SLIST_ENTRY first_of(slist_word w)
{
    return (PSTOR_SLIST_ENTRY)(uintptr_t)(uint64_t)w;
}

static uint64_t count_of(slist_word w)
{
    return (uint64_t)(w >> 64);
}

static slist_word make(PSTOR_SLIST_ENTRY first, uint64_t depth, uint64_t seq_from)
{
    uint64_t count = ((seq_from & ~DEPTH_MASK) + SEQ_ONE) | (depth & DEPTH_MASK);
    return (slist_word)count << 64 | (uint64_t)(uintptr_t)first;
}

/* ---- checks ---- */

/* The header, if the call is acceptable; else the status to return in *ST. */
static slist_word *slist_header(PVOID ext, PSTOR_SLIST_HEADER head, const char *who, ULONG *st)
{
    struct ustor_adapter *a = port_adapter_from_ext(ext, who);
    *st = STOR_STATUS_INVALID_PARAMETER;
    if (!a)
        return NULL;
    if (!exec_irql_check(who, EXEC_PASSIVE_LEVEL, EXEC_DISPATCH_LEVEL, port_extfn_caller())) {
        *st = STOR_STATUS_INVALID_IRQL;
        return NULL;
    }
    if (!head || ((uintptr_t)head & 15)) {
        port_guest(a, "%s: SList header %p is not 16-byte aligned", who, (void *)head);
        return NULL;
    }
    *st = STOR_STATUS_SUCCESS;
    return (slist_word *)(void *)head;
}

/* ---- the SList routines ---- */

static ULONG ext_init_slist(PVOID ext, va_list *ap)
{
    PSTOR_SLIST_HEADER head = va_arg(*ap, PSTOR_SLIST_HEADER);
    ULONG st;
    slist_word *h = slist_header(ext, head, "StorPortInitializeSListHead", &st);
    if (h)
        memset(head, 0, sizeof *head); /* before anyone shares it, as documented */
    return st;
}
USTOR_EXTFN(ExtFunctionInitializeSListHead, ext_init_slist);

static ULONG ext_push_slist(PVOID ext, va_list *ap)
{
    PSTOR_SLIST_HEADER head = va_arg(*ap, PSTOR_SLIST_HEADER);
    PSTOR_SLIST_ENTRY entry = va_arg(*ap, PSTOR_SLIST_ENTRY);
    PSTOR_SLIST_ENTRY *result = va_arg(*ap, PSTOR_SLIST_ENTRY *);
    ULONG st;
    slist_word *h = slist_header(ext, head, "StorPortInterlockedPushEntrySList", &st);
    if (!h)
        return st;
    if (!entry || ((uintptr_t)entry & 15) || !result) {
        port_guest(port_adapter_from_ext(ext, "StorPortInterlockedPushEntrySList"),
                   "StorPortInterlockedPushEntrySList: entry %p (must be 16-byte aligned) or "
                   "result missing", (void *)entry);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    slist_word old = slist_load(h);
    do
        __atomic_store_n(&entry->Next, first_of(old), __ATOMIC_RELAXED);
    while (!slist_cas(h, &old, make(entry, count_of(old) + 1, count_of(old))));
    *result = first_of(old);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInterlockedPushEntrySList, ext_push_slist);

static ULONG ext_pop_slist(PVOID ext, va_list *ap)
{
    PSTOR_SLIST_HEADER head = va_arg(*ap, PSTOR_SLIST_HEADER);
    PSTOR_SLIST_ENTRY *result = va_arg(*ap, PSTOR_SLIST_ENTRY *);
    ULONG st;
    slist_word *h = slist_header(ext, head, "StorPortInterlockedPopEntrySList", &st);
    if (!h || !result)
        return h ? STOR_STATUS_INVALID_PARAMETER : st;
    slist_word old = slist_load(h);
    PSTOR_SLIST_ENTRY first;
    do {
        first = first_of(old);
        if (!first)
            break;
        PSTOR_SLIST_ENTRY next = __atomic_load_n(&first->Next, __ATOMIC_RELAXED);
        if (slist_cas(h, &old, make(next, count_of(old) - 1, count_of(old))))
            break;
    } while (1);
    *result = first;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInterlockedPopEntrySList, ext_pop_slist);

static ULONG ext_flush_slist(PVOID ext, va_list *ap)
{
    PSTOR_SLIST_HEADER head = va_arg(*ap, PSTOR_SLIST_HEADER);
    PSTOR_SLIST_ENTRY *result = va_arg(*ap, PSTOR_SLIST_ENTRY *);
    ULONG st;
    slist_word *h = slist_header(ext, head, "StorPortInterlockedFlushSList", &st);
    if (!h || !result)
        return h ? STOR_STATUS_INVALID_PARAMETER : st;
    slist_word old = slist_load(h);
    while (first_of(old) && !slist_cas(h, &old, make(NULL, 0, count_of(old))))
        ;
    *result = first_of(old);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInterlockedFlushSList, ext_flush_slist);

static ULONG ext_depth_slist(PVOID ext, va_list *ap)
{
    PSTOR_SLIST_HEADER head = va_arg(*ap, PSTOR_SLIST_HEADER);
    PSHORT result = va_arg(*ap, PSHORT);
    ULONG st;
    slist_word *h = slist_header(ext, head, "StorPortQueryDepthSList", &st);
    if (!h || !result)
        return h ? STOR_STATUS_INVALID_PARAMETER : st;
    *result = (SHORT)(USHORT)(count_of(slist_load(h)) & DEPTH_MASK);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionQueryDepthSList, ext_depth_slist);

/* ---- doubly-linked lists under a STOR_KSPIN_LOCK ---- */

/* Takes LOCK at DISPATCH_LEVEL; returns the IRQL to go back to. */
static exec_irql_t kspin_acquire(PSTOR_KSPIN_LOCK lock)
{
    exec_irql_t old = exec_irql_get();
    if (old < EXEC_DISPATCH_LEVEL)
        exec_irql_raise(EXEC_DISPATCH_LEVEL);
    while (__atomic_exchange_n(lock, (STOR_KSPIN_LOCK)1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(lock, __ATOMIC_RELAXED))
            cpu_relax();
    return old;
}

static void kspin_release(PSTOR_KSPIN_LOCK lock, exec_irql_t old)
{
    __atomic_store_n(lock, (STOR_KSPIN_LOCK)0, __ATOMIC_RELEASE);
    if (old < EXEC_DISPATCH_LEVEL)
        exec_irql_lower(old);
}

static ULONG list_call_ok(PVOID ext, const char *who, const void *head, const void *result,
                          const void *lock)
{
    if (!port_adapter_from_ext(ext, who) || !head || !result || !lock)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!exec_irql_check(who, EXEC_PASSIVE_LEVEL, EXEC_DISPATCH_LEVEL, port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_init_spinlock(PVOID ext, va_list *ap)
{
    PSTOR_KSPIN_LOCK lock = va_arg(*ap, PSTOR_KSPIN_LOCK);
    if (!port_adapter_from_ext(ext, "StorPortInitializeSpinlock") || !lock)
        return STOR_STATUS_INVALID_PARAMETER;
    __atomic_store_n(lock, (STOR_KSPIN_LOCK)0, __ATOMIC_RELEASE);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInitializeSpinlock, ext_init_spinlock);

static void link_between(PSTOR_LIST_ENTRY e, PSTOR_LIST_ENTRY prev, PSTOR_LIST_ENTRY next)
{
    e->Flink = next;
    e->Blink = prev;
    prev->Flink = e;
    next->Blink = e;
}

/* Inserts at the head (TAIL false) or tail; returns the entry that was there. */
static ULONG list_insert(PVOID ext, va_list *ap, bool tail, const char *who)
{
    PSTOR_LIST_ENTRY head = va_arg(*ap, PSTOR_LIST_ENTRY);
    PSTOR_LIST_ENTRY entry = va_arg(*ap, PSTOR_LIST_ENTRY);
    PSTOR_LIST_ENTRY *result = va_arg(*ap, PSTOR_LIST_ENTRY *);
    PSTOR_KSPIN_LOCK lock = va_arg(*ap, PSTOR_KSPIN_LOCK);
    ULONG st = list_call_ok(ext, who, head, result, lock);
    if (st != STOR_STATUS_SUCCESS || !entry)
        return entry ? st : STOR_STATUS_INVALID_PARAMETER;
    exec_irql_t old = kspin_acquire(lock);
    PSTOR_LIST_ENTRY was = tail ? head->Blink : head->Flink;
    if (tail)
        link_between(entry, head->Blink, head);
    else
        link_between(entry, head, head->Flink);
    kspin_release(lock, old);
    *result = was == head ? NULL : was;
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_insert_head(PVOID ext, va_list *ap)
{
    return list_insert(ext, ap, false, "StorPortInterlockedInsertHeadList");
}
USTOR_EXTFN(ExtFunctionInterlockedInsertHeadList, ext_insert_head);

static ULONG ext_insert_tail(PVOID ext, va_list *ap)
{
    return list_insert(ext, ap, true, "StorPortInterlockedInsertTailList");
}
USTOR_EXTFN(ExtFunctionInterlockedInsertTailList, ext_insert_tail);

static ULONG ext_remove_head(PVOID ext, va_list *ap)
{
    PSTOR_LIST_ENTRY head = va_arg(*ap, PSTOR_LIST_ENTRY);
    PSTOR_LIST_ENTRY *result = va_arg(*ap, PSTOR_LIST_ENTRY *);
    PSTOR_KSPIN_LOCK lock = va_arg(*ap, PSTOR_KSPIN_LOCK);
    ULONG st = list_call_ok(ext, "StorPortInterlockedRemoveHeadList", head, result, lock);
    if (st != STOR_STATUS_SUCCESS)
        return st;
    exec_irql_t old = kspin_acquire(lock);
    PSTOR_LIST_ENTRY first = head->Flink;
    if (first != head) {
        head->Flink = first->Flink;
        first->Flink->Blink = head;
    }
    kspin_release(lock, old);
    *result = first == head ? NULL : first;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionInterlockedRemoveHeadList, ext_remove_head);
