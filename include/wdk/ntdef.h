/*
 * ntdef.h - the basic NT types and macros: LLP64 scalars, NTSTATUS and
 * NT_SUCCESS, LARGE_INTEGER, LIST_ENTRY, UNICODE_STRING, GUID, processor
 * groups, the bus/DMA/caching enums (all from ustor/nt_base.h), plus min/max
 * (unless NOMINMAX), the ALIGN_* macros and the pointer conversions of
 * basetsd.h.  Leaves routines (Interlocked*, lists, Rtl*, Ke*) to wdm.h and
 * miniport.h.
 */
#ifndef _NTDEF_
#define _NTDEF_

#include "ustor/nt_base.h"
#include "sdkddkver.h"
#include "specstrings.h"
#include "basetsd.h"
#include "guiddef.h"
#include "excpt.h"

#ifndef NOMINMAX
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

/* Alignment to a power of two: the _BY forms take a byte count, the others a type. */
#define ALIGN_DOWN_BY(length, alignment) \
    ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) \
    (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment))
#define ALIGN_DOWN_POINTER_BY(address, alignment) \
    ((PVOID)((ULONG_PTR)(address) & ~((ULONG_PTR)(alignment) - 1)))
#define ALIGN_UP_POINTER_BY(address, alignment) \
    (ALIGN_DOWN_POINTER_BY(((ULONG_PTR)(address) + (alignment) - 1), alignment))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY(address, sizeof(type))

#define DUMMYUNIONNAME
#define DUMMYUNIONNAME2
#define DUMMYUNIONNAME3
#define DUMMYUNIONNAME4
#define DUMMYUNIONNAME5
#define DUMMYSTRUCTNAME
#define DUMMYSTRUCTNAME2
#define DUMMYSTRUCTNAME3
#define DUMMYSTRUCTNAME4
#define DUMMYSTRUCTNAME5

typedef double DOUBLE;
typedef struct _QUAD {
    union {
        LONGLONG UseThisFieldToCopy;
        double DoNotUseThisField;
    };
} QUAD, *PQUAD, UQUAD, *PUQUAD;
typedef const UCHAR *PCUCHAR;
typedef const USHORT *PCUSHORT;
typedef const ULONG *PCULONG;
typedef const SCHAR *PCSCHAR;
typedef const WCHAR *LPCWCHAR, *PCWCHAR;

#define RTL_CONSTANT_STRING(s) { sizeof(s) - sizeof((s)[0]), sizeof(s), (void *)(s) }

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny, WaitNotification, WaitDequeue } WAIT_TYPE;

#endif /* _NTDEF_ */
