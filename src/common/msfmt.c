/* The MSVC / Windows-kernel printf dialect (see msfmt.h). */
#include "common/msfmt.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum msfmt_len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_I32, LEN_I64, LEN_PTR, LEN_W, LEN_LD };

struct msfmt_spec {
    bool minus, plus, space, hash, zero;
    int width;
    int prec; /* -1: none */
    enum msfmt_len len;
    char conv;
};

struct msfmt_out {
    char *buf;
    size_t size;
    size_t len; /* would-be length */
};

/* va_list wrapped so helpers can take it by pointer portably. */
struct msfmt_args {
    va_list ap;
};

static const char null_text[] = "(null)";

static void out_bytes(struct msfmt_out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void out_fill(struct msfmt_out *o, char c, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - o->len;
        memset(o->buf + o->len, c, n < room ? n : room);
    }
    o->len += n;
}

static size_t pad_for(const struct msfmt_spec *s, size_t n)
{
    return s->width > 0 && (size_t)s->width > n ? (size_t)s->width - n : 0;
}

/* ---- parsing ---- */

static int parse_number(const char **p)
{
    long v = 0;

    while (**p >= '0' && **p <= '9') {
        if (v < INT_MAX)
            v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v > INT_MAX ? INT_MAX : (int)v;
}

static void parse_flags(const char **p, struct msfmt_spec *s)
{
    for (;; (*p)++) {
        switch (**p) {
        case '-': s->minus = true; break;
        case '+': s->plus = true; break;
        case ' ': s->space = true; break;
        case '#': s->hash = true; break;
        case '0': s->zero = true; break;
        default: return;
        }
    }
}

static void parse_width_prec(const char **p, struct msfmt_spec *s, struct msfmt_args *a)
{
    if (**p == '*') {
        int w = va_arg(a->ap, int);
        (*p)++;
        if (w < 0) {
            s->minus = true;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        s->width = w;
    } else {
        s->width = parse_number(p);
    }
    if (**p != '.')
        return;
    (*p)++;
    if (**p == '*') {
        int pr = va_arg(a->ap, int);
        (*p)++;
        s->prec = pr < 0 ? -1 : pr;
    } else {
        s->prec = parse_number(p);
    }
}

static void parse_length(const char **p, struct msfmt_spec *s)
{
    const char *c = *p;

    if (c[0] == 'I' && c[1] == '6' && c[2] == '4') {
        s->len = LEN_I64, *p += 3;
    } else if (c[0] == 'I' && c[1] == '3' && c[2] == '2') {
        s->len = LEN_I32, *p += 3;
    } else if (c[0] == 'I') {
        s->len = LEN_PTR, *p += 1;
    } else if (c[0] == 'h' && c[1] == 'h') {
        s->len = LEN_HH, *p += 2;
    } else if (c[0] == 'l' && c[1] == 'l') {
        s->len = LEN_LL, *p += 2;
    } else if (c[0] == 'h' || c[0] == 'l' || c[0] == 'w' || c[0] == 'L') {
        s->len = c[0] == 'h' ? LEN_H : c[0] == 'l' ? LEN_L : c[0] == 'w' ? LEN_W : LEN_LD;
        *p += 1;
    } else if (c[0] == 'z' || c[0] == 'j' || c[0] == 't') {
        s->len = LEN_PTR, *p += 1;
    }
}

/* ---- integers ---- */

static bool len_is_64(enum msfmt_len len)
{
    return len == LEN_LL || len == LEN_I64 || len == LEN_PTR;
}

static int64_t fetch_signed(const struct msfmt_spec *s, struct msfmt_args *a)
{
    if (len_is_64(s->len))
        return va_arg(a->ap, long long);
    int v = va_arg(a->ap, int); /* `l` and I32 are 32 bits: the upper register half is junk */
    if (s->len == LEN_HH)
        return (signed char)v;
    if (s->len == LEN_H)
        return (short)v;
    return v;
}

static uint64_t fetch_unsigned(const struct msfmt_spec *s, struct msfmt_args *a)
{
    if (len_is_64(s->len))
        return va_arg(a->ap, unsigned long long);
    unsigned v = va_arg(a->ap, unsigned);
    if (s->len == LEN_HH)
        return (unsigned char)v;
    if (s->len == LEN_H)
        return (unsigned short)v;
    return v;
}

static size_t digits_of(uint64_t v, unsigned base, bool upper, char *tmp /* >= 24 */)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t n = 0;
    char rev[24];

    do {
        rev[n++] = set[v % base];
        v /= base;
    } while (v);
    for (size_t i = 0; i < n; i++)
        tmp[i] = rev[n - 1 - i];
    return n;
}

/* Lay out [sign/prefix][zeros][digits] within the width. */
static void emit_integer(struct msfmt_out *o, const struct msfmt_spec *s, const char *prefix,
                         const char *digits, size_t ndigits)
{
    size_t nprefix = strlen(prefix);
    size_t zeros = s->prec >= 0 && (size_t)s->prec > ndigits ? (size_t)s->prec - ndigits : 0;
    size_t body = nprefix + zeros + ndigits;
    size_t pad = pad_for(s, body);

    if (s->zero && !s->minus && s->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!s->minus)
        out_fill(o, ' ', pad);
    out_bytes(o, prefix, nprefix);
    out_fill(o, '0', zeros);
    out_bytes(o, digits, ndigits);
    if (s->minus)
        out_fill(o, ' ', pad);
}

static void format_signed(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    int64_t v = fetch_signed(s, a);
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    const char *prefix = v < 0 ? "-" : s->plus ? "+" : s->space ? " " : "";
    char digits[24];
    size_t n = s->prec == 0 && v == 0 ? 0 : digits_of(mag, 10, false, digits);

    emit_integer(o, s, prefix, digits, n);
}

static void format_unsigned(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    uint64_t v = fetch_unsigned(s, a);
    unsigned base = s->conv == 'o' ? 8 : s->conv == 'u' ? 10 : 16;
    const char *prefix = "";
    char digits[24];
    size_t n = s->prec == 0 && v == 0 ? 0 : digits_of(v, base, s->conv == 'X', digits);

    if (s->hash && v != 0 && base == 16)
        prefix = s->conv == 'X' ? "0X" : "0x";
    if (s->hash && base == 8 && (n == 0 || digits[0] != '0'))
        prefix = "0";
    emit_integer(o, s, prefix, digits, n);
}

static void format_pointer(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    uint64_t v = (uintptr_t)va_arg(a->ap, void *);
    struct msfmt_spec ps = *s;
    char digits[24];
    size_t n = digits_of(v, 16, true, digits);

    ps.prec = 16; /* MSVC prints every digit of a 64-bit pointer */
    emit_integer(o, &ps, "", digits, n);
}

/* ---- characters and strings ---- */

static size_t utf8_encode(uint32_t cp, char *out /* >= 4 */)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static uint16_t wide_at(const void *w, size_t i)
{
    uint16_t u;

    memcpy(&u, (const char *)w + 2 * i, sizeof(u)); /* buffers need not be aligned */
    return u;
}

/* Emit n UTF-16 units as UTF-8; unpaired surrogates become U+FFFD. */
static void emit_utf16(struct msfmt_out *o, const void *w, size_t n)
{
    char enc[4];

    for (size_t i = 0; i < n; i++) {
        uint32_t cp = wide_at(w, i);
        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n) {
            uint16_t lo = wide_at(w, i + 1);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (cp >= 0xD800 && cp < 0xE000)
            cp = 0xFFFD;
        out_bytes(o, enc, utf8_encode(cp, enc));
    }
}

static void emit_padded_narrow(struct msfmt_out *o, const struct msfmt_spec *s, const char *t, size_t n)
{
    size_t pad = pad_for(s, n);

    if (!s->minus)
        out_fill(o, ' ', pad);
    out_bytes(o, t, n);
    if (s->minus)
        out_fill(o, ' ', pad);
}

static void emit_padded_wide(struct msfmt_out *o, const struct msfmt_spec *s, const void *w, size_t n)
{
    size_t pad = pad_for(s, n);

    if (!s->minus)
        out_fill(o, ' ', pad);
    emit_utf16(o, w, n);
    if (s->minus)
        out_fill(o, ' ', pad);
}

static size_t bounded_len(size_t n, int prec)
{
    return prec >= 0 && (size_t)prec < n ? (size_t)prec : n;
}

static size_t wide_strnlen(const void *w, int prec)
{
    size_t n = 0;

    while ((prec < 0 || n < (size_t)prec) && wide_at(w, n) != 0)
        n++;
    return n;
}

/* Wide unless the h prefix says narrow: %S, %C, %ls, %ws, %lc, %wc. */
static bool spec_is_wide(const struct msfmt_spec *s)
{
    bool upper = s->conv == 'S' || s->conv == 'C';

    if (s->len == LEN_H)
        return false;
    return upper || s->len == LEN_L || s->len == LEN_W;
}

static void format_char(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    int v = va_arg(a->ap, int);

    if (spec_is_wide(s)) {
        uint16_t w = (uint16_t)v;
        emit_padded_wide(o, s, &w, 1);
    } else {
        char c = (char)v;
        emit_padded_narrow(o, s, &c, 1);
    }
}

static void format_string(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    const void *p = va_arg(a->ap, const void *);

    if (!p)
        emit_padded_narrow(o, s, null_text, bounded_len(strlen(null_text), s->prec));
    else if (spec_is_wide(s))
        emit_padded_wide(o, s, p, wide_strnlen(p, s->prec));
    else
        emit_padded_narrow(o, s, p, s->prec >= 0 ? strnlen(p, (size_t)s->prec) : strlen(p));
}

/* %Z: ANSI_STRING, %wZ (or %lZ): UNICODE_STRING; Length is in bytes. */
static void format_counted(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    const struct ms_counted_string *cs = va_arg(a->ap, const struct ms_counted_string *);
    bool wide = s->len == LEN_W || s->len == LEN_L;
    struct ms_counted_string v;

    if (!cs) {
        emit_padded_narrow(o, s, null_text, bounded_len(strlen(null_text), s->prec));
        return;
    }
    memcpy(&v, cs, sizeof(v));
    if (!v.buffer)
        emit_padded_narrow(o, s, null_text, bounded_len(strlen(null_text), s->prec));
    else if (wide)
        emit_padded_wide(o, s, v.buffer, bounded_len(v.length / 2u, s->prec));
    else
        emit_padded_narrow(o, s, v.buffer, bounded_len(v.length, s->prec));
}

/* ---- floating point: delegated to the C library with capped sizes ---- */

static void format_float(struct msfmt_out *o, const struct msfmt_spec *s, struct msfmt_args *a)
{
    char spec[32], text[1024];
    int width = s->width > 512 ? 512 : s->width;
    int prec = s->prec > 400 ? 400 : s->prec;
    int n;

    snprintf(spec, sizeof(spec), "%%%s%s%s%s%s*.*%s%c", s->minus ? "-" : "", s->plus ? "+" : "",
             s->space ? " " : "", s->hash ? "#" : "", s->zero ? "0" : "",
             s->len == LEN_LD ? "L" : "", s->conv);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (s->len == LEN_LD)
        n = snprintf(text, sizeof(text), spec, width, prec, va_arg(a->ap, long double));
    else
        n = snprintf(text, sizeof(text), spec, width, prec, va_arg(a->ap, double));
#pragma GCC diagnostic pop
    if (n < 0)
        return;
    out_bytes(o, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
}

/* ---- driver ---- */

static void format_one(struct msfmt_out *o, struct msfmt_spec *s, struct msfmt_args *a)
{
    switch (s->conv) {
    case 'd': case 'i': format_signed(o, s, a); break;
    case 'u': case 'o': case 'x': case 'X': format_unsigned(o, s, a); break;
    case 'p': format_pointer(o, s, a); break;
    case 'c': case 'C': format_char(o, s, a); break;
    case 's': case 'S': format_string(o, s, a); break;
    case 'Z': format_counted(o, s, a); break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        format_float(o, s, a);
        break;
    case 'n': (void)va_arg(a->ap, void *); break; /* disabled as in MSVC: never written */
    default: break;
    }
}

static bool conv_known(char c)
{
    return c && strchr("diuoxXpcCsSZeEfFgGaAn", c) != NULL;
}

/* Handle one directive starting after '%'; returns the position after it. */
static const char *directive(struct msfmt_out *o, const char *p, struct msfmt_args *a)
{
    const char *start = p - 1;
    struct msfmt_spec s = { .prec = -1 };

    if (*p == '%') {
        out_bytes(o, "%", 1);
        return p + 1;
    }
    parse_flags(&p, &s);
    parse_width_prec(&p, &s, a);
    parse_length(&p, &s);
    s.conv = *p;
    if (!conv_known(s.conv)) {
        size_t n = (size_t)(p - start) + (*p ? 1 : 0);
        out_bytes(o, start, n); /* copied literally, no argument consumed */
        return start + n;
    }
    format_one(o, &s, a);
    return p + 1;
}

size_t msfmt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct msfmt_out o = { .buf = buf, .size = size ? size - 1 : 0 };
    struct msfmt_args a;

    if (!fmt)
        fmt = null_text;
    va_copy(a.ap, ap);
    while (*fmt) {
        const char *pct = strchr(fmt, '%');
        size_t n = pct ? (size_t)(pct - fmt) : strlen(fmt);
        out_bytes(&o, fmt, n);
        fmt += n;
        if (pct)
            fmt = directive(&o, pct + 1, &a);
    }
    va_end(a.ap);
    if (size)
        buf[o.len < o.size ? o.len : o.size] = '\0';
    return o.len;
}

size_t msfmt_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    n = msfmt_vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
