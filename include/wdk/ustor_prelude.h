/*
 * ustor_prelude.h - force-included (-include) into miniport code only, never
 * into the library.  It makes a translation unit look like MSVC targeting
 * x64 kernel mode to sources written for the WDK: target macros, the default
 * NTDDI_VERSION, MSVC keyword spellings (__inline, __forceinline,
 * __declspec(...), __int64, calling conventions), a few intrinsics, 16-bit
 * wcslen, and try/finally SEH as goto-label shims.
 * Left out: __except (a compile error: no exception can be caught here),
 * _MSC_VER (WDK code would then expect the MSVC compiler itself).
 */
#ifndef USTOR_PRELUDE_H
#define USTOR_PRELUDE_H
#define USTOR_MINIPORT_PRELUDE 1

/* libc first: glibc spells its own inlines `extern __inline`, redefined below. */
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>
#include <wchar.h>

/* ---- target ---- */
#ifndef _WIN64
#define _WIN64 1
#endif
#ifndef _WIN32
#define _WIN32 1
#endif
#ifndef _AMD64_
#define _AMD64_ 1
#endif
#ifndef _M_AMD64
#define _M_AMD64 100
#endif
#ifndef _M_X64
#define _M_X64 100
#endif
#include "ustor/nt_version.h" /* NTDDI_VERSION default unless -D gave one */

/* ---- MSVC keywords ---- */
/* glibc's own inline helpers expand to a bare `__inline` where they are used, so a
 * libc header included after this point would see the MSVC meaning below; give
 * them glibc's meaning spelled with `__inline__` (at -O2 stdio.h uses them). */
#undef __always_inline
#define __always_inline __inline__ __attribute__((__always_inline__))
#undef __extern_inline
#define __extern_inline extern __inline__ __attribute__((__gnu_inline__))
#undef __extern_always_inline
#define __extern_always_inline extern __always_inline __attribute__((__gnu_inline__))
#define __inline static __inline__
/* No `static`: WDK code also writes `static __forceinline`. */
#define __forceinline __inline__ __attribute__((always_inline))
#define FORCEINLINE __forceinline
#define FORCENOINLINE __attribute__((noinline))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))

/* __declspec(kw) becomes __ustor_declspec_kw, one macro per keyword. */
#define __declspec(x) __ustor_declspec_##x
#define __ustor_declspec_align(n) __attribute__((aligned(n)))
#define __ustor_declspec_selectany __attribute__((weak))
#define __ustor_declspec_noinline __attribute__((noinline))
#define __ustor_declspec_noreturn __attribute__((noreturn))
#define __ustor_declspec_naked __attribute__((naked))
#define __ustor_declspec_nothrow __attribute__((nothrow))
#define __ustor_declspec_deprecated(...) __attribute__((deprecated))
#define __ustor_declspec_dllimport
#define __ustor_declspec_dllexport __attribute__((visibility("default")))
#define __ustor_declspec_thread __thread
#define __ustor_declspec_allocate(section) __attribute__((section(section)))
#define __ustor_declspec_code_seg(section)
#define __ustor_declspec_restrict
#define __ustor_declspec_noalias
#define __ustor_declspec_novtable
#define __ustor_declspec_safebuffers
#define __ustor_declspec_empty_bases
#define __ustor_declspec_uuid(id)

#define __int8 char
#define __int16 short
#define __int32 int
#define __int64 long long
#define __cdecl
#define _cdecl
#define __stdcall
#define _stdcall
#define __fastcall
#define _fastcall
#define __thiscall
#define __vectorcall
#define __clrcall
#define __ptr64
#define __ptr32
#define __unaligned
#define __w64

/* ---- intrinsics and CRT names ---- */
#define __pragma(x) _Pragma(#x)
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#define __noop(...) ((void)0)
#define __debugbreak() __asm__ __volatile__("int3")
#define __assume(e) ((e) ? (void)0 : __builtin_unreachable())
#define _ReturnAddress() __builtin_return_address(0)
#define _alloca(n) __builtin_alloca(n)
#define _byteswap_ushort(x) __builtin_bswap16(x)
#define _byteswap_ulong(x) __builtin_bswap32(x)
#define _byteswap_uint64(x) __builtin_bswap64(x)

#include "ustor/nt_crt.h"
/* glibc's wcslen counts 32-bit characters; miniports build with -fshort-wchar. */
extern size_t wcslen(const wchar_t *s) __asm__("ustor_wcslen16");

/* ---- structured exception handling: try/finally only ----
 * __leave jumps to the label that __finally places after the try block, so it
 * works from inside nested loops.  One __try per function; `return` inside a
 * __try skips the __finally block (Windows would run it). */
#define __try if (1)
#define __leave goto __ustor_seh_finally
#define __finally __ustor_seh_finally: __attribute__((unused));
#define __except(filter) \
    _Pragma("GCC error \"__except is not supported by ustorport: only __try/__finally\"")
#define try __try
#define leave __leave
#define finally __finally
#define except __except
#define AbnormalTermination() 0
#define _abnormal_termination() 0
#define GetExceptionCode() \
    _Pragma("GCC error \"GetExceptionCode needs __except, which ustorport lacks\"") 0

#endif /* USTOR_PRELUDE_H */
