/*
 * basetsd.h - the sized and pointer-sized integer types (INT32, ULONG_PTR,
 * SIZE_T...) and the conversions between pointers, handles and 32-bit
 * integers (PtrToUlong, UlongToPtr, HandleToUlong...), which on x64 truncate
 * or extend as Windows does.
 */
#ifndef USTOR_BASETSD_H
#define USTOR_BASETSD_H

#include "ustor/nt_base.h"

#define POINTER_64
#define POINTER_32
#define POINTER_SIGNED
#define POINTER_UNSIGNED
#define SPOINTER_32
#define UPOINTER_32
#define ADDRESS_TAG_BIT 0x40000000000ULL

USTOR_INLINE ULONG PtrToUlong(const void *p) { return (ULONG)(ULONG_PTR)p; }
USTOR_INLINE LONG PtrToLong(const void *p) { return (LONG)(LONG_PTR)p; }
USTOR_INLINE UINT PtrToUint(const void *p) { return (UINT)(UINT_PTR)p; }
USTOR_INLINE INT PtrToInt(const void *p) { return (INT)(INT_PTR)p; }
USTOR_INLINE USHORT PtrToUshort(const void *p) { return (USHORT)(ULONG_PTR)p; }
USTOR_INLINE SHORT PtrToShort(const void *p) { return (SHORT)(LONG_PTR)p; }
USTOR_INLINE ULONG HandleToUlong(const void *h) { return (ULONG)(ULONG_PTR)h; }
USTOR_INLINE LONG HandleToLong(const void *h) { return (LONG)(LONG_PTR)h; }
USTOR_INLINE void *IntToPtr(const int i) { return (void *)(INT_PTR)i; }
USTOR_INLINE void *UIntToPtr(const unsigned int ui) { return (void *)(UINT_PTR)ui; }
USTOR_INLINE void *LongToPtr(const LONG l) { return (void *)(LONG_PTR)l; }
USTOR_INLINE void *ULongToPtr(const ULONG ul) { return (void *)(ULONG_PTR)ul; }
USTOR_INLINE void *Ptr32ToPtr(const void *p) { return (void *)(ULONG_PTR)(ULONG)(ULONG_PTR)p; }
USTOR_INLINE void *Handle32ToHandle(const void *h) { return (void *)(LONG_PTR)(LONG)(LONG_PTR)h; }
USTOR_INLINE void *PtrToPtr32(const void *p) { return (void *)(ULONG_PTR)(ULONG)(ULONG_PTR)p; }
#define UintToPtr(ui) UIntToPtr(ui)
#define UlongToPtr(ul) ULongToPtr(ul)
#define UlongToHandle(ul) ULongToPtr(ul)
#define LongToHandle(h) LongToPtr(h)
#define IntToHandle(i) IntToPtr(i)
#define HandleToHandle32(h) PtrToPtr32(h)
#define PtrToPtr64(p) ((void *)(p))
#define Ptr64ToPtr(p) ((void *)(p))
#define HandleToHandle64(h) PtrToPtr64(h)
#define Handle64ToHandle(h) Ptr64ToPtr(h)
#define PtrToUlong64(p) ((ULONG64)(ULONG_PTR)(p))

#endif /* USTOR_BASETSD_H */
