/*
 * ustor/nt_rtl.h - the Rtl memory helpers (RtlZeroMemory, RtlCopyMemory, ...)
 * over the C library's memset/memcpy/memmove/memcmp, Rtl byte swaps, and the
 * page arithmetic macros (ROUND_TO_PAGES, BYTES_TO_PAGES, PAGE_ALIGN, ...).
 * Internal piece of wdm.h.
 */
#ifndef USTOR_NT_RTL_H
#define USTOR_NT_RTL_H

#include <string.h>
#include "nt_base.h"

#define RtlEqualMemory(Destination, Source, Length) \
    (!memcmp((Destination), (Source), (Length)))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlCopyBytes RtlCopyMemory
#define RtlZeroBytes RtlZeroMemory
#define RtlFillBytes RtlFillMemory
#define RtlCopyMemoryNonTemporal RtlCopyMemory

/* Number of leading bytes that are equal (Length when all are). */
USTOR_INLINE SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
    const UCHAR *a = (const UCHAR *)Source1;
    const UCHAR *b = (const UCHAR *)Source2;
    SIZE_T i = 0;

    while (i < Length && a[i] == b[i])
        i++;
    return i;
}

/* Zeroing the compiler may not drop even when the buffer is dead afterwards. */
USTOR_INLINE PVOID RtlSecureZeroMemory(PVOID ptr, SIZE_T cnt)
{
    volatile UCHAR *p = (volatile UCHAR *)ptr;

    while (cnt--)
        *p++ = 0;
    return ptr;
}

#define RtlUshortByteSwap(Source) __builtin_bswap16((USHORT)(Source))
#define RtlUlongByteSwap(Source) __builtin_bswap32((ULONG)(Source))
#define RtlUlonglongByteSwap(Source) __builtin_bswap64((ULONGLONG)(Source))

/* ---- pages (4 KiB on x64) ---- */
#define BYTE_OFFSET(Va) ((ULONG)((LONG_PTR)(Va) & (PAGE_SIZE - 1)))
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~((ULONG_PTR)PAGE_SIZE - 1)))
#define ROUND_TO_PAGES(Size) \
    (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~((ULONG_PTR)PAGE_SIZE - 1))
#define BYTES_TO_PAGES(Size) \
    (((Size) >> PAGE_SHIFT) + (((Size) & (PAGE_SIZE - 1)) != 0))
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size) \
    ((BYTE_OFFSET(Va) + ((SIZE_T)(Size)) + (PAGE_SIZE - 1)) >> PAGE_SHIFT)
#define COMPUTE_PAGES_SPANNED(Va, Size) ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)

#endif /* USTOR_NT_RTL_H */
