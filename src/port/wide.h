/*
 * wide.h - the string conversions the registry and event routines need: Windows
 * UTF-16 (WCHAR, 16-bit whatever the host's wchar_t) to and from UTF-8 and the
 * "ASCII" of the Storport routines that take PUCHAR strings.
 *
 * ASCII here is what Storport's ANSI conversion gives on an English system: code
 * units below 0x80 as they are, anything else as '?'; ASCII input bytes of 0x80 and
 * above are read as Latin-1. Left out: code pages, normalisation.
 */
#ifndef USTOR_PORT_WIDE_H
#define USTOR_PORT_WIDE_H

#include <stddef.h>
#include <stdint.h>

/* Code units before the first NUL, looking at no more than MAX of them. */
size_t wide_len(const uint16_t *s, size_t max);

/* UTF-16 (N units, NULs kept as NULs) to UTF-8 in OUT (CAP bytes, always
 * terminated when CAP > 0). Unpaired surrogates become U+FFFD. Returns the bytes the
 * whole conversion needs, without the terminator. */
size_t wide_to_utf8(const uint16_t *s, size_t n, char *out, size_t cap);

/* UTF-8 (N bytes) to UTF-16 in OUT (CAP units, not terminated). Malformed bytes
 * become U+FFFD. Returns the units the whole conversion needs. */
size_t utf8_to_wide(const char *s, size_t n, uint16_t *out, size_t cap);

/* UTF-16 to ASCII, one byte per character (a surrogate pair is one '?'). Returns
 * the bytes the whole conversion needs; writes at most CAP. */
size_t wide_to_ascii(const uint16_t *s, size_t n, unsigned char *out, size_t cap);

/* ASCII (Latin-1) to UTF-16, one unit per byte; writes at most CAP units. */
void ascii_to_wide(const unsigned char *s, size_t n, uint16_t *out);

/* A NUL-terminated WCHAR string as UTF-8 in BUF (cut short to fit). Returns BUF,
 * or NULL if S is NULL. */
const char *wide_cstr(const uint16_t *s, char *buf, size_t cap);

#endif
