/* UTF-16, UTF-8 and Storport "ASCII" conversions (wide.h). */
#include "port/wide.h"

#include <string.h>

#define REPLACEMENT 0xFFFDu
#define WIDE_CSTR_MAX 4096

size_t wide_len(const uint16_t *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* The code point at S[*i] (advancing *i past it). */
static uint32_t next_code_point(const uint16_t *s, size_t n, size_t *i)
{
    uint32_t c = s[(*i)++];
    if (c >= 0xD800 && c < 0xDC00 && *i < n && s[*i] >= 0xDC00 && s[*i] < 0xE000)
        return 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00u);
    if (c >= 0xD800 && c < 0xE000)
        return REPLACEMENT;
    return c;
}

static size_t utf8_encode(uint32_t c, unsigned char b[4])
{
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | c >> 6);
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | c >> 12);
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | c >> 18);
    b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t wide_to_utf8(const uint16_t *s, size_t n, char *out, size_t cap)
{
    size_t need = 0, i = 0;
    while (i < n) {
        unsigned char b[4];
        size_t k = utf8_encode(next_code_point(s, n, &i), b);
        if (out && need + k < cap)
            memcpy(out + need, b, k);
        else if (out && need < cap)
            cap = need + 1; /* never emit half a character */
        need += k;
    }
    if (out && cap)
        out[need < cap ? need : cap - 1] = '\0';
    return need;
}

/* The code point at S[*i] of UTF-8 text, advancing *i; REPLACEMENT if malformed. */
static uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *i)
{
    unsigned char c = s[(*i)++];
    int more = c < 0x80 ? 0 : c >= 0xF0 && c < 0xF5 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
    if (more < 0)
        return REPLACEMENT;
    uint32_t cp = more == 0 ? c : more == 1 ? c & 0x1Fu : more == 2 ? c & 0x0Fu : c & 0x07u;
    for (int k = 0; k < more; k++) {
        if (*i >= n || (s[*i] & 0xC0) != 0x80)
            return REPLACEMENT;
        cp = cp << 6 | (s[(*i)++] & 0x3Fu);
    }
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
        return REPLACEMENT;
    return cp;
}

size_t utf8_to_wide(const char *s, size_t n, uint16_t *out, size_t cap)
{
    size_t need = 0, i = 0;
    while (i < n) {
        uint32_t c = utf8_decode((const unsigned char *)s, n, &i);
        if (c >= 0x10000) {
            if (out && need + 1 < cap) {
                out[need] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
                out[need + 1] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
            }
            need += 2;
        } else {
            if (out && need < cap)
                out[need] = (uint16_t)c;
            need++;
        }
    }
    return need;
}

size_t wide_to_ascii(const uint16_t *s, size_t n, unsigned char *out, size_t cap)
{
    size_t need = 0, i = 0;
    while (i < n) {
        uint32_t c = next_code_point(s, n, &i);
        if (out && need < cap)
            out[need] = c < 0x80 ? (unsigned char)c : '?';
        need++;
    }
    return need;
}

void ascii_to_wide(const unsigned char *s, size_t n, uint16_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = s[i];
}

const char *wide_cstr(const uint16_t *s, char *buf, size_t cap)
{
    if (!s)
        return NULL;
    wide_to_utf8(s, wide_len(s, WIDE_CSTR_MAX), buf, cap);
    return buf;
}
