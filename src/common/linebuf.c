/* Bounded line building for the log (see linebuf.h). */
#include "common/linebuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void linebuf_init(struct linebuf *b, char *buf, size_t cap, size_t reserve)
{
    b->buf = buf;
    b->cap = cap;
    b->limit = cap > reserve ? cap - reserve : 0;
    b->len = 0;
    b->cut = false;
}

/* All or nothing: a unit that does not fit cuts the line. */
static bool fits(struct linebuf *b, size_t n)
{
    if (b->cut || b->len + n > b->limit) {
        b->cut = true;
        return false;
    }
    return true;
}

void linebuf_write(struct linebuf *b, const char *s, size_t n)
{
    if (b->cut)
        return;
    size_t room = b->limit > b->len ? b->limit - b->len : 0;
    size_t take = n < room ? n : room;
    memcpy(b->buf + b->len, s, take);
    b->len += take;
    if (take < n)
        b->cut = true;
}

void linebuf_putc(struct linebuf *b, char c)
{
    if (fits(b, 1))
        b->buf[b->len++] = c;
}

void linebuf_puts(struct linebuf *b, const char *s)
{
    linebuf_write(b, s, strlen(s));
}

void linebuf_printf(struct linebuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    linebuf_write(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
    if ((size_t)n >= sizeof(tmp))
        b->cut = true;
}

void linebuf_hex(struct linebuf *b, const void *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *u = p;

    for (size_t i = 0; i < n && fits(b, 2); i++) {
        b->buf[b->len++] = digits[u[i] >> 4];
        b->buf[b->len++] = digits[u[i] & 15];
    }
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_sequence(const unsigned char *s)
{
    size_t n;
    uint32_t cp;

    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4, cp = s[0] & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp < 0xE000))
        return 0;
    return n;
}

static void json_escape_byte(struct linebuf *b, unsigned char c)
{
    char esc[8];
    const char *e = NULL;

    switch (c) {
    case '"': e = "\\\""; break;
    case '\\': e = "\\\\"; break;
    case '\n': e = "\\n"; break;
    case '\r': e = "\\r"; break;
    case '\t': e = "\\t"; break;
    default:
        snprintf(esc, sizeof(esc), "\\u%04x", c);
        e = esc;
    }
    if (fits(b, strlen(e)))
        linebuf_write(b, e, strlen(e));
}

bool linebuf_json_string(struct linebuf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;

    if (!fits(b, 1))
        return false;
    b->buf[b->len++] = '"';
    while (*u && !b->cut) {
        size_t n;
        if (*u == '"' || *u == '\\' || *u < 0x20) {
            json_escape_byte(b, *u++);
        } else if (*u < 0x80) {
            linebuf_putc(b, (char)*u++);
        } else if ((n = utf8_sequence(u)) != 0) {
            if (fits(b, n))
                linebuf_write(b, (const char *)u, n);
            u += n;
        } else {
            if (fits(b, 6))
                linebuf_write(b, "\\ufffd", 6);
            u++;
        }
    }
    if (fits(b, 1))
        b->buf[b->len++] = '"';
    else
        linebuf_close(b, "\"");
    return true;
}

void linebuf_close(struct linebuf *b, const char *s)
{
    size_t n = strlen(s);

    if (b->len + n > b->cap)
        n = b->cap - b->len;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

void linebuf_end_line(struct linebuf *b)
{
    linebuf_close(b, b->cut ? "...\n" : "\n");
}
