/* The printf dialect of MSVC and the Windows kernel, for DbgPrint and
 * StorPortDebugPrint output of miniports compiled as Linux code (SysV varargs).
 *
 * Implemented: flags - + space # 0, width and precision (also *), and the length
 * prefixes hh h l ll I I32 I64 w z j t L, where `l` on an integer means 32 bits and
 * `I` means pointer size (64). Conversions d i u o x X c C s S Z p n % and the
 * floating ones (e E f F g G a A). %s with l or w and %S print a 16-bit wide string,
 * %c with l or w and %C a 16-bit wide character, %Z an ANSI_STRING and %wZ a
 * UNICODE_STRING (x64 layout); wide text is converted to UTF-8. %p prints 16
 * uppercase hex digits as MSVC does. NULL string pointers print "(null)".
 * Left out: %n writes nothing (its pointer is consumed); an unknown conversion is
 * copied to the output literally and consumes no argument. */
#ifndef USTOR_COMMON_MSFMT_H
#define USTOR_COMMON_MSFMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* The x64 layout of UNICODE_STRING and ANSI_STRING (Length in bytes). */
struct ms_counted_string {
    uint16_t length;
    uint16_t maximum_length;
    const void *buffer;
};
_Static_assert(sizeof(struct ms_counted_string) == 16, "UNICODE_STRING is 16 bytes on x64");
_Static_assert(offsetof(struct ms_counted_string, buffer) == 8, "UNICODE_STRING.Buffer at 8");

/* Format into buf (always NUL-terminated when size > 0). Returns the length the
 * whole output would have, like vsnprintf; output beyond size-1 is dropped. */
size_t msfmt_vformat(char *buf, size_t size, const char *fmt, va_list ap);
size_t msfmt_format(char *buf, size_t size, const char *fmt, ...);

#endif
