/*
 * ustor/nt_interlocked.h - the Interlocked* family, bit scans and memory
 * barriers as inline functions over the GCC __atomic builtins.  Every
 * Interlocked* operation is a full barrier (sequentially consistent), as on
 * Windows x64; the Acquire/Release/NoFence spellings map to the same full
 * barrier operations.  Internal piece shared by wdm.h and miniport.h.
 */
#ifndef USTOR_NT_INTERLOCKED_H
#define USTOR_NT_INTERLOCKED_H

#include "nt_base.h"

#define USTOR_SEQ __ATOMIC_SEQ_CST

/* ---- 32-bit: return the new value (Increment/Decrement/Add) or the old one ---- */
USTOR_INLINE LONG InterlockedIncrement(LONG volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedDecrement(LONG volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_add_fetch(Addend, Value, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_fetch_add(Addend, Value, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedExchange(LONG volatile *Target, LONG Value)
{
    return __atomic_exchange_n(Target, Value, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedCompareExchange(LONG volatile *Destination, LONG ExChange,
                                             LONG Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, ExChange, 0, USTOR_SEQ, USTOR_SEQ);
    return Comperand; /* on failure the builtin stored the current value here */
}
USTOR_INLINE LONG InterlockedOr(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_or(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedAnd(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_and(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE LONG InterlockedXor(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_xor(Destination, Value, USTOR_SEQ);
}

/* ---- 8- and 16-bit ---- */
USTOR_INLINE CHAR InterlockedExchange8(CHAR volatile *Target, CHAR Value)
{
    return __atomic_exchange_n(Target, Value, USTOR_SEQ);
}
USTOR_INLINE CHAR InterlockedOr8(CHAR volatile *Destination, CHAR Value)
{
    return __atomic_fetch_or(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE CHAR InterlockedAnd8(CHAR volatile *Destination, CHAR Value)
{
    return __atomic_fetch_and(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE CHAR InterlockedXor8(CHAR volatile *Destination, CHAR Value)
{
    return __atomic_fetch_xor(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE SHORT InterlockedIncrement16(SHORT volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, USTOR_SEQ);
}
USTOR_INLINE SHORT InterlockedDecrement16(SHORT volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, USTOR_SEQ);
}
USTOR_INLINE SHORT InterlockedExchange16(SHORT volatile *Target, SHORT Value)
{
    return __atomic_exchange_n(Target, Value, USTOR_SEQ);
}
USTOR_INLINE SHORT InterlockedCompareExchange16(SHORT volatile *Destination, SHORT ExChange,
                                                SHORT Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, ExChange, 0, USTOR_SEQ, USTOR_SEQ);
    return Comperand;
}
USTOR_INLINE SHORT InterlockedOr16(SHORT volatile *Destination, SHORT Value)
{
    return __atomic_fetch_or(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE SHORT InterlockedAnd16(SHORT volatile *Destination, SHORT Value)
{
    return __atomic_fetch_and(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE SHORT InterlockedXor16(SHORT volatile *Destination, SHORT Value)
{
    return __atomic_fetch_xor(Destination, Value, USTOR_SEQ);
}

/* ---- 64-bit ---- */
USTOR_INLINE LONG64 InterlockedIncrement64(LONG64 volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedDecrement64(LONG64 volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    return __atomic_add_fetch(Addend, Value, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    return __atomic_fetch_add(Addend, Value, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value)
{
    return __atomic_exchange_n(Target, Value, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination,
                                                 LONG64 ExChange, LONG64 Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, ExChange, 0, USTOR_SEQ, USTOR_SEQ);
    return Comperand;
}
USTOR_INLINE LONG64 InterlockedOr64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_or(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedAnd64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_and(Destination, Value, USTOR_SEQ);
}
USTOR_INLINE LONG64 InterlockedXor64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_xor(Destination, Value, USTOR_SEQ);
}

/* ---- pointers ---- */
USTOR_INLINE PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    return __atomic_exchange_n(Target, Value, USTOR_SEQ);
}
USTOR_INLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination,
                                                     PVOID ExChange, PVOID Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, ExChange, 0, USTOR_SEQ, USTOR_SEQ);
    return Comperand;
}

/* ---- bit test: Offset addresses a bit string starting at Base, like `lock bts` ---- */
USTOR_INLINE BOOLEAN InterlockedBitTestAndSet(LONG volatile *Base, LONG Offset)
{
    LONG mask = (LONG)(1U << (Offset & 31));
    return (__atomic_fetch_or(Base + (Offset >> 5), mask, USTOR_SEQ) & mask) != 0;
}
USTOR_INLINE BOOLEAN InterlockedBitTestAndReset(LONG volatile *Base, LONG Offset)
{
    LONG mask = (LONG)(1U << (Offset & 31));
    return (__atomic_fetch_and(Base + (Offset >> 5), ~mask, USTOR_SEQ) & mask) != 0;
}
USTOR_INLINE BOOLEAN InterlockedBitTestAndComplement(LONG volatile *Base, LONG Offset)
{
    LONG mask = (LONG)(1U << (Offset & 31));
    return (__atomic_fetch_xor(Base + (Offset >> 5), mask, USTOR_SEQ) & mask) != 0;
}
USTOR_INLINE BOOLEAN InterlockedBitTestAndSet64(LONG64 volatile *Base, LONG64 Offset)
{
    LONG64 mask = (LONG64)(1ULL << (Offset & 63));
    return (__atomic_fetch_or(Base + (Offset >> 6), mask, USTOR_SEQ) & mask) != 0;
}
USTOR_INLINE BOOLEAN InterlockedBitTestAndReset64(LONG64 volatile *Base, LONG64 Offset)
{
    LONG64 mask = (LONG64)(1ULL << (Offset & 63));
    return (__atomic_fetch_and(Base + (Offset >> 6), ~mask, USTOR_SEQ) & mask) != 0;
}

/* Plain (non-atomic) bit tests of the same family. */
USTOR_INLINE BOOLEAN BitTest(LONG const *Base, LONG Offset)
{
    return (Base[Offset >> 5] >> (Offset & 31)) & 1;
}
USTOR_INLINE BOOLEAN BitTest64(LONG64 const *Base, LONG64 Offset)
{
    return (Base[Offset >> 6] >> (Offset & 63)) & 1;
}

/* ---- spellings that differ only in ordering strength ---- */
#define InterlockedIncrementAcquire InterlockedIncrement
#define InterlockedIncrementRelease InterlockedIncrement
#define InterlockedIncrementNoFence InterlockedIncrement
#define InterlockedDecrementAcquire InterlockedDecrement
#define InterlockedDecrementRelease InterlockedDecrement
#define InterlockedDecrementNoFence InterlockedDecrement
#define InterlockedExchangeAcquire InterlockedExchange
#define InterlockedExchangeNoFence InterlockedExchange
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedCompareExchangeNoFence InterlockedCompareExchange
#define InterlockedCompareExchangeAcquire64 InterlockedCompareExchange64
#define InterlockedCompareExchangeRelease64 InterlockedCompareExchange64
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerNoFence InterlockedCompareExchangePointer
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedExchangePointerNoFence InterlockedExchangePointer
#define InterlockedOrAcquire InterlockedOr
#define InterlockedOrRelease InterlockedOr
#define InterlockedOrNoFence InterlockedOr
#define InterlockedAndAcquire InterlockedAnd
#define InterlockedAndRelease InterlockedAnd
#define InterlockedAndNoFence InterlockedAnd
#define InterlockedBitTestAndSetAcquire InterlockedBitTestAndSet
#define InterlockedBitTestAndSetRelease InterlockedBitTestAndSet
#define InterlockedBitTestAndResetAcquire InterlockedBitTestAndReset
#define InterlockedBitTestAndResetRelease InterlockedBitTestAndReset
#define InterlockedExchangeAddSizeT(a, b) \
    ((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(b)))
#define InterlockedIncrementSizeT(a) ((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a) ((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))

/* ---- bit scans: FALSE (Index untouched) when Mask is zero ---- */
USTOR_INLINE BOOLEAN BitScanForward(ULONG *Index, ULONG Mask)
{
    if (Mask == 0)
        return FALSE;
    *Index = (ULONG)__builtin_ctz(Mask);
    return TRUE;
}
USTOR_INLINE BOOLEAN BitScanReverse(ULONG *Index, ULONG Mask)
{
    if (Mask == 0)
        return FALSE;
    *Index = 31U - (ULONG)__builtin_clz(Mask);
    return TRUE;
}
USTOR_INLINE BOOLEAN BitScanForward64(ULONG *Index, ULONG64 Mask)
{
    if (Mask == 0)
        return FALSE;
    *Index = (ULONG)__builtin_ctzll(Mask);
    return TRUE;
}
USTOR_INLINE BOOLEAN BitScanReverse64(ULONG *Index, ULONG64 Mask)
{
    if (Mask == 0)
        return FALSE;
    *Index = 63U - (ULONG)__builtin_clzll(Mask);
    return TRUE;
}
#define _BitScanForward BitScanForward
#define _BitScanReverse BitScanReverse
#define _BitScanForward64 BitScanForward64
#define _BitScanReverse64 BitScanReverse64

/* ---- barriers ---- */
/* Compiler-only barriers: no instruction, but no memory access moves across. */
#define _ReadWriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _WriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define KeMemoryBarrierWithoutFence() _ReadWriteBarrier()
/* Compiler and CPU fence (mfence on x86-64). gcc refuses __atomic_thread_fence
 * under ThreadSanitizer (-Wtsan), so those builds spell the same mfence directly. */
#if defined(__SANITIZE_THREAD__)
#define MemoryBarrier() __asm__ __volatile__("mfence" ::: "memory")
#else
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#define KeMemoryBarrier() MemoryBarrier()
#define YieldProcessor() __builtin_ia32_pause()
#define KeYieldProcessor() YieldProcessor()

#endif /* USTOR_NT_INTERLOCKED_H */
