/*
 * ntstrsafe.h - bounded string routines for kernel code, ANSI (A) and
 * 16-bit wide (W): RtlStringCch/Cb Copy, CopyN, Cat, CatN, Length, Printf
 * and VPrintf.  Cch counts characters, Cb bytes.  Every routine leaves the
 * destination NUL-terminated when it has room for one character; a result
 * that did not fit is truncated and reported as STATUS_BUFFER_OVERFLOW, bad
 * sizes as STATUS_INVALID_PARAMETER.  Printf uses the MSVC dialect through
 * libustorport's _vsnprintf/_vsnwprintf.  The Ex and UNICODE_STRING forms
 * are left out.
 */
#ifndef _NTSTRSAFE_H_INCLUDED_
#define _NTSTRSAFE_H_INCLUDED_

#include <stdarg.h>
#include "ustor/nt_base.h"
#include "ustor/nt_crt.h"

#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH (0xffff / sizeof(WCHAR))

typedef CHAR *NTSTRSAFE_PSTR;
typedef const CHAR *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;

/* ---- shared cores: cch is the destination capacity in characters ---- */

USTOR_INLINE BOOLEAN ustor_strsafe_bad_cch(size_t cch)
{
    return cch == 0 || cch > NTSTRSAFE_MAX_CCH;
}

/* Copies up to max characters of src after dst[0..], within cch; NUL-terminates. */
USTOR_INLINE NTSTATUS ustor_strsafe_copy_a(CHAR *dst, size_t cch, const CHAR *src, size_t max)
{
    size_t i = 0;

    while (i < max && src[i] != 0) {
        if (i == cch - 1) {
            dst[i] = 0;
            return STATUS_BUFFER_OVERFLOW;
        }
        dst[i] = src[i];
        i++;
    }
    dst[i] = 0;
    return STATUS_SUCCESS;
}

USTOR_INLINE NTSTATUS ustor_strsafe_copy_w(WCHAR *dst, size_t cch, const WCHAR *src, size_t max)
{
    size_t i = 0;

    while (i < max && src[i] != 0) {
        if (i == cch - 1) {
            dst[i] = 0;
            return STATUS_BUFFER_OVERFLOW;
        }
        dst[i] = src[i];
        i++;
    }
    dst[i] = 0;
    return STATUS_SUCCESS;
}

USTOR_INLINE NTSTATUS ustor_strsafe_len_a(const CHAR *s, size_t cchMax, size_t *len)
{
    size_t i = 0;

    if (s == NULL || ustor_strsafe_bad_cch(cchMax)) {
        if (len != NULL)
            *len = 0;
        return STATUS_INVALID_PARAMETER;
    }
    while (i < cchMax && s[i] != 0)
        i++;
    if (len != NULL)
        *len = i < cchMax ? i : 0;
    return i < cchMax ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

USTOR_INLINE NTSTATUS ustor_strsafe_len_w(const WCHAR *s, size_t cchMax, size_t *len)
{
    size_t i = 0;

    if (s == NULL || ustor_strsafe_bad_cch(cchMax)) {
        if (len != NULL)
            *len = 0;
        return STATUS_INVALID_PARAMETER;
    }
    while (i < cchMax && s[i] != 0)
        i++;
    if (len != NULL)
        *len = i < cchMax ? i : 0;
    return i < cchMax ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/* ---- copy ---- */

USTOR_INLINE NTSTATUS RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                         NTSTRSAFE_PCSTR pszSrc, size_t cchToCopy)
{
    if (ustor_strsafe_bad_cch(cchDest) || cchToCopy > NTSTRSAFE_MAX_CCH) {
        if (cchDest != 0)
            *pszDest = 0;
        return STATUS_INVALID_PARAMETER;
    }
    return ustor_strsafe_copy_a(pszDest, cchDest, pszSrc, cchToCopy);
}

USTOR_INLINE NTSTATUS RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                         NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy)
{
    if (ustor_strsafe_bad_cch(cchDest) || cchToCopy > NTSTRSAFE_MAX_CCH) {
        if (cchDest != 0)
            *pszDest = 0;
        return STATUS_INVALID_PARAMETER;
    }
    return ustor_strsafe_copy_w(pszDest, cchDest, pszSrc, cchToCopy);
}

USTOR_INLINE NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                        NTSTRSAFE_PCSTR pszSrc)
{
    return RtlStringCchCopyNA(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH);
}

USTOR_INLINE NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                        NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlStringCchCopyNW(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH);
}

USTOR_INLINE NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                       NTSTRSAFE_PCSTR pszSrc)
{
    return RtlStringCchCopyA(pszDest, cbDest / sizeof(CHAR), pszSrc);
}

USTOR_INLINE NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                       NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlStringCchCopyW(pszDest, cbDest / sizeof(WCHAR), pszSrc);
}

USTOR_INLINE NTSTATUS RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                        NTSTRSAFE_PCSTR pszSrc, size_t cbToCopy)
{
    return RtlStringCchCopyNA(pszDest, cbDest / sizeof(CHAR), pszSrc, cbToCopy / sizeof(CHAR));
}

USTOR_INLINE NTSTATUS RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                        NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy)
{
    return RtlStringCchCopyNW(pszDest, cbDest / sizeof(WCHAR), pszSrc, cbToCopy / sizeof(WCHAR));
}

/* ---- concatenate: the destination must already hold a terminated string ---- */

USTOR_INLINE NTSTATUS RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                        NTSTRSAFE_PCSTR pszSrc, size_t cchToAppend)
{
    size_t used;

    if (cchToAppend > NTSTRSAFE_MAX_CCH ||
        !NT_SUCCESS(ustor_strsafe_len_a(pszDest, cchDest, &used)))
        return STATUS_INVALID_PARAMETER;
    return ustor_strsafe_copy_a(pszDest + used, cchDest - used, pszSrc, cchToAppend);
}

USTOR_INLINE NTSTATUS RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                        NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend)
{
    size_t used;

    if (cchToAppend > NTSTRSAFE_MAX_CCH ||
        !NT_SUCCESS(ustor_strsafe_len_w(pszDest, cchDest, &used)))
        return STATUS_INVALID_PARAMETER;
    return ustor_strsafe_copy_w(pszDest + used, cchDest - used, pszSrc, cchToAppend);
}

USTOR_INLINE NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                       NTSTRSAFE_PCSTR pszSrc)
{
    return RtlStringCchCatNA(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH);
}

USTOR_INLINE NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                       NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlStringCchCatNW(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH);
}

USTOR_INLINE NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                      NTSTRSAFE_PCSTR pszSrc)
{
    return RtlStringCchCatA(pszDest, cbDest / sizeof(CHAR), pszSrc);
}

USTOR_INLINE NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                      NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlStringCchCatW(pszDest, cbDest / sizeof(WCHAR), pszSrc);
}

USTOR_INLINE NTSTATUS RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                       NTSTRSAFE_PCSTR pszSrc, size_t cbToAppend)
{
    return RtlStringCchCatNA(pszDest, cbDest / sizeof(CHAR), pszSrc, cbToAppend / sizeof(CHAR));
}

USTOR_INLINE NTSTATUS RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                       NTSTRSAFE_PCWSTR pszSrc, size_t cbToAppend)
{
    return RtlStringCchCatNW(pszDest, cbDest / sizeof(WCHAR), pszSrc,
                             cbToAppend / sizeof(WCHAR));
}

/* ---- length (excluding the NUL); fails when no NUL lies within the maximum ---- */

USTOR_INLINE NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t *pcchLength)
{
    return ustor_strsafe_len_a(psz, cchMax, pcchLength);
}

USTOR_INLINE NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength)
{
    return ustor_strsafe_len_w(psz, cchMax, pcchLength);
}

USTOR_INLINE NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t *pcbLength)
{
    NTSTATUS status = ustor_strsafe_len_a(psz, cbMax / sizeof(CHAR), pcbLength);

    if (pcbLength != NULL)
        *pcbLength *= sizeof(CHAR);
    return status;
}

USTOR_INLINE NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    NTSTATUS status = ustor_strsafe_len_w(psz, cbMax / sizeof(WCHAR), pcbLength);

    if (pcbLength != NULL)
        *pcbLength *= sizeof(WCHAR);
    return status;
}

/* ---- formatted output (MSVC printf dialect) ---- */

USTOR_INLINE NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                           NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
    int n;

    if (ustor_strsafe_bad_cch(cchDest)) {
        if (cchDest != 0)
            *pszDest = 0;
        return STATUS_INVALID_PARAMETER;
    }
    n = _vsnprintf(pszDest, cchDest - 1, pszFormat, argList);
    pszDest[cchDest - 1] = 0; /* _vsnprintf leaves no NUL when the text fills the buffer */
    return (n < 0 || (size_t)n > cchDest - 1) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

USTOR_INLINE NTSTATUS RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                           NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
    int n;

    if (ustor_strsafe_bad_cch(cchDest)) {
        if (cchDest != 0)
            *pszDest = 0;
        return STATUS_INVALID_PARAMETER;
    }
    n = _vsnwprintf(pszDest, cchDest - 1, pszFormat, argList);
    pszDest[cchDest - 1] = 0;
    return (n < 0 || (size_t)n > cchDest - 1) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

USTOR_INLINE NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                          NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
    return RtlStringCchVPrintfA(pszDest, cbDest / sizeof(CHAR), pszFormat, argList);
}

USTOR_INLINE NTSTATUS RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                          NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
    return RtlStringCchVPrintfW(pszDest, cbDest / sizeof(WCHAR), pszFormat, argList);
}

USTOR_INLINE_VARIADIC NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                          NTSTRSAFE_PCSTR pszFormat, ...)
{
    NTSTATUS status;
    va_list args;

    va_start(args, pszFormat);
    status = RtlStringCchVPrintfA(pszDest, cchDest, pszFormat, args);
    va_end(args);
    return status;
}

USTOR_INLINE_VARIADIC NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                          NTSTRSAFE_PCWSTR pszFormat, ...)
{
    NTSTATUS status;
    va_list args;

    va_start(args, pszFormat);
    status = RtlStringCchVPrintfW(pszDest, cchDest, pszFormat, args);
    va_end(args);
    return status;
}

USTOR_INLINE_VARIADIC NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                         NTSTRSAFE_PCSTR pszFormat, ...)
{
    NTSTATUS status;
    va_list args;

    va_start(args, pszFormat);
    status = RtlStringCchVPrintfA(pszDest, cbDest / sizeof(CHAR), pszFormat, args);
    va_end(args);
    return status;
}

USTOR_INLINE_VARIADIC NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                         NTSTRSAFE_PCWSTR pszFormat, ...)
{
    NTSTATUS status;
    va_list args;

    va_start(args, pszFormat);
    status = RtlStringCchVPrintfW(pszDest, cbDest / sizeof(WCHAR), pszFormat, args);
    va_end(args);
    return status;
}

#endif /* _NTSTRSAFE_H_INCLUDED_ */
