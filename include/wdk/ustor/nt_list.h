/*
 * ustor/nt_list.h - the kernel's doubly linked (LIST_ENTRY) and singly linked
 * (SINGLE_LIST_ENTRY) list routines as inline functions.  As in the WDK, the
 * routines that unlink an entry first check that its neighbours point back at
 * it and stop the program (a trap, where Windows raises a fast-fail bug
 * check) when they do not; define NO_KERNEL_LIST_ENTRY_CHECKS to skip that.
 * Internal piece of wdm.h.
 */
#ifndef USTOR_NT_LIST_H
#define USTOR_NT_LIST_H

#include "nt_base.h"

#ifdef NO_KERNEL_LIST_ENTRY_CHECKS
#define USTOR_LIST_CHECK(ok) ((void)0)
#else
#define USTOR_LIST_CHECK(ok) ((ok) ? (void)0 : __builtin_trap())
#endif

USTOR_INLINE VOID InitializeListHead(PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead->Blink = ListHead;
}

USTOR_INLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
    return (BOOLEAN)(ListHead->Flink == ListHead);
}

/* Unlinks Entry; TRUE when the list is empty afterwards. */
USTOR_INLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = Entry->Flink;
    PLIST_ENTRY prev = Entry->Blink;

    USTOR_LIST_CHECK(next->Blink == Entry && prev->Flink == Entry);
    prev->Flink = next;
    next->Blink = prev;
    return (BOOLEAN)(prev == next);
}

/* Unlinks and returns the first entry; on an empty list returns ListHead. */
USTOR_INLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Flink;
    PLIST_ENTRY next = entry->Flink;

    USTOR_LIST_CHECK(entry->Blink == ListHead && next->Blink == entry);
    ListHead->Flink = next;
    next->Blink = ListHead;
    return entry;
}

/* Unlinks and returns the last entry; on an empty list returns ListHead. */
USTOR_INLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Blink;
    PLIST_ENTRY prev = entry->Blink;

    USTOR_LIST_CHECK(entry->Flink == ListHead && prev->Flink == entry);
    ListHead->Blink = prev;
    prev->Flink = ListHead;
    return entry;
}

USTOR_INLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY last = ListHead->Blink;

    USTOR_LIST_CHECK(last->Flink == ListHead);
    Entry->Flink = ListHead;
    Entry->Blink = last;
    last->Flink = Entry;
    ListHead->Blink = Entry;
}

USTOR_INLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY first = ListHead->Flink;

    USTOR_LIST_CHECK(first->Blink == ListHead);
    Entry->Flink = first;
    Entry->Blink = ListHead;
    first->Blink = Entry;
    ListHead->Flink = Entry;
}

/* Splices the ring that ListToAppend belongs to (it has no separate head) onto the tail. */
USTOR_INLINE VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend)
{
    PLIST_ENTRY last = ListHead->Blink;

    last->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = last;
}

USTOR_INLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead)
{
    PSINGLE_LIST_ENTRY first = ListHead->Next;

    if (first != NULL)
        ListHead->Next = first->Next;
    return first;
}

USTOR_INLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry)
{
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

#endif /* USTOR_NT_LIST_H */
