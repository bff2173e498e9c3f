/*
 * ustor/nt_crt.h - the Microsoft C runtime routines Windows drivers call that
 * glibc lacks or implements differently: memcpy_s/memmove_s, a 16-bit wide
 * string length, and the MSVC-dialect formatters _vsnprintf/_vsnwprintf (in
 * which %ld is 32 bits and %I64x, %Ix are understood) behind ntstrsafe.h's
 * printf routines.  libustorport defines them; this header only declares.
 */
#ifndef USTOR_NT_CRT_H
#define USTOR_NT_CRT_H

#include <stddef.h>
#include <stdarg.h>

#ifndef USTOR_ERRNO_T_DEFINED
#define USTOR_ERRNO_T_DEFINED
typedef int errno_t;
typedef size_t rsize_t;
#endif

/* Copies count bytes if they fit in destsz; otherwise clears dest and fails. */
__attribute__((visibility("default")))
errno_t memcpy_s(void *dest, rsize_t destsz, const void *src, rsize_t count);
__attribute__((visibility("default")))
errno_t memmove_s(void *dest, rsize_t destsz, const void *src, rsize_t count);

/* Length of a NUL-terminated string of 16-bit (Windows) wide characters. */
__attribute__((visibility("default")))
size_t ustor_wcslen16(const unsigned short *s);

/* MSVC semantics: returns -1 when the output does not fit (no NUL then). */
__attribute__((visibility("default")))
int _vsnprintf(char *buffer, size_t count, const char *format, va_list args);
__attribute__((visibility("default")))
int _vsnwprintf(unsigned short *buffer, size_t count, const unsigned short *format,
                va_list args);

#endif /* USTOR_NT_CRT_H */
