/*
 * The registry file format (docs/registry.md): parsing into the line model of
 * registry_model.h and rendering it back. A parse error names the file and the line.
 * Lines the port never changed are written back exactly as they were read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "port/registry.h"
#include "port/registry_model.h"
#include "port/wide.h"

#define HEX_PER_LINE 16

/* ---- growable buffers ---- */

struct bytes {
    unsigned char *b;
    size_t n, cap;
    bool oom;
};

static void bytes_put(struct bytes *x, const void *p, size_t n)
{
    if (x->oom)
        return;
    if (x->n + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 64;
        while (cap < x->n + n + 1)
            cap *= 2;
        unsigned char *nb = realloc(x->b, cap);
        if (!nb) {
            x->oom = true;
            return;
        }
        x->b = nb;
        x->cap = cap;
    }
    memcpy(x->b + x->n, p, n);
    x->n += n;
    x->b[x->n] = 0;
}

static void bytes_unit(struct bytes *x, uint16_t u)
{
    unsigned char le[2] = {(unsigned char)u, (unsigned char)(u >> 8)};
    bytes_put(x, le, 2);
}

static void text_puts(struct bytes *x, const char *s)
{
    bytes_put(x, s, strlen(s));
}

static void text_printf(struct bytes *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(struct bytes *x, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_puts(x, buf);
}

/* ---- types ---- */

static const struct {
    const char *name;
    uint32_t type;
} type_names[] = {
    {"REG_NONE", REG_TYPE_NONE},
    {"REG_SZ", REG_TYPE_SZ},
    {"REG_EXPAND_SZ", REG_TYPE_EXPAND_SZ},
    {"REG_BINARY", REG_TYPE_BINARY},
    {"REG_DWORD", REG_TYPE_DWORD},
    {"REG_DWORD_BIG_ENDIAN", REG_TYPE_DWORD_BIG_ENDIAN},
    {"REG_LINK", REG_TYPE_LINK},
    {"REG_MULTI_SZ", REG_TYPE_MULTI_SZ},
    {"REG_RESOURCE_LIST", REG_TYPE_RESOURCE_LIST},
    {"REG_FULL_RESOURCE_DESCRIPTOR", REG_TYPE_FULL_RESOURCE_DESCRIPTOR},
    {"REG_RESOURCE_REQUIREMENTS_LIST", REG_TYPE_RESOURCE_REQUIREMENTS_LIST},
    {"REG_QWORD", REG_TYPE_QWORD},
    {"REG_DWORD_LITTLE_ENDIAN", REG_TYPE_DWORD},
    {"REG_QWORD_LITTLE_ENDIAN", REG_TYPE_QWORD},
};

static const char *type_name(uint32_t type)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (type_names[i].type == type)
            return type_names[i].name;
    return NULL;
}

/* ---- parsing ---- */

struct parser {
    const char *origin;
    unsigned line_no;
    struct reg_model *m;
    long key;               /* the current [key] line, -1 before the first */
};

static int parse_error(const struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int parse_error(const struct parser *p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ustor_error_fail(-EINVAL, "registry file %s: line %u: %s", p->origin, p->line_no, msg);
}

struct cursor {
    const char *s;
    size_t n, i;
};

static bool at_end(const struct cursor *c)
{
    return c->i >= c->n;
}

static void skip_blanks(struct cursor *c, bool commas)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || (commas && c->s[c->i] == ',')))
        c->i++;
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* N hex digits at S as a number, or -1. */
static long hex_run(const char *s, size_t avail, size_t n)
{
    long v = 0;
    if (avail < n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int d = hex_digit(s[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static int string_escape(struct parser *p, struct cursor *c, struct bytes *out)
{
    char e = c->i < c->n ? c->s[c->i++] : '\0';
    long v;
    switch (e) {
    case '"': case '\\': bytes_unit(out, (uint16_t)e); return 0;
    case 'n': bytes_unit(out, '\n'); return 0;
    case 'r': bytes_unit(out, '\r'); return 0;
    case 't': bytes_unit(out, '\t'); return 0;
    case '0': bytes_unit(out, 0); return 0;
    case 'x':
    case 'u':
        v = hex_run(c->s + c->i, c->n - c->i, e == 'x' ? 2 : 4);
        if (v < 0)
            return parse_error(p, "\\%c needs %d hex digits", e, e == 'x' ? 2 : 4);
        c->i += e == 'x' ? 2 : 4;
        bytes_unit(out, (uint16_t)v);
        return 0;
    default:
        return parse_error(p, "unknown escape '\\%c' in a string", e ? e : ' ');
    }
}

/* A quoted string at the cursor, appended to OUT as UTF-16LE units (no NUL). */
static int read_string(struct parser *p, struct cursor *c, struct bytes *out)
{
    c->i++; /* the opening quote */
    while (c->i < c->n && c->s[c->i] != '"') {
        if (c->s[c->i] == '\\') {
            c->i++;
            int rc = string_escape(p, c, out);
            if (rc < 0)
                return rc;
            continue;
        }
        size_t start = c->i;
        while (c->i < c->n && c->s[c->i] != '"' && c->s[c->i] != '\\')
            c->i++;
        size_t units = utf8_to_wide(c->s + start, c->i - start, NULL, 0);
        uint16_t *w = malloc(units * sizeof *w + 1);
        if (!w)
            return -ENOMEM;
        utf8_to_wide(c->s + start, c->i - start, w, units);
        for (size_t k = 0; k < units; k++)
            bytes_unit(out, w[k]);
        free(w);
    }
    if (at_end(c))
        return parse_error(p, "unterminated string");
    c->i++;
    return 0;
}

/* A run of characters up to a blank, '=', a quote or (if COMMAS) a comma. */
static size_t read_word(struct cursor *c, bool commas)
{
    size_t start = c->i;
    while (c->i < c->n && !strchr(" \t=\"", c->s[c->i]) && !(commas && c->s[c->i] == ','))
        c->i++;
    return c->i - start;
}

static int read_number(struct parser *p, struct cursor *c, uint64_t max, uint64_t *out)
{
    skip_blanks(c, false);
    size_t start = c->i, n = read_word(c, false);
    const char *s = c->s + start;
    bool hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    uint64_t v = 0;
    if (!n || (n == 2 && hex))
        return parse_error(p, "a number is missing");
    for (size_t i = hex ? 2 : 0; i < n; i++) {
        int d = hex ? hex_digit(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
        if (d < 0 || v > (max - (uint64_t)d) / (hex ? 16 : 10))
            return parse_error(p, "'%.*s' is not a number up to 0x%llx", (int)n, s,
                               (unsigned long long)max);
        v = v * (hex ? 16 : 10) + (uint64_t)d;
    }
    *out = v;
    return 0;
}

static int read_hex_bytes(struct parser *p, struct cursor *c, struct bytes *out)
{
    for (;;) {
        skip_blanks(c, true);
        if (at_end(c))
            return 0;
        size_t start = c->i, n = read_word(c, true);
        if (!n || n % 2)
            return parse_error(p, "'%.*s' is not hex bytes", n ? (int)n : 1, c->s + start);
        for (size_t i = 0; i < n; i += 2) {
            long v = hex_run(c->s + start + i, 2, 2);
            if (v < 0)
                return parse_error(p, "'%.*s' is not hex bytes", (int)n, c->s + start);
            unsigned char b = (unsigned char)v;
            bytes_put(out, &b, 1);
        }
    }
}

static int read_strings(struct parser *p, struct cursor *c, struct bytes *out, bool multi)
{
    unsigned count = 0;
    for (;;) {
        skip_blanks(c, false);
        if (at_end(c) || c->s[c->i] != '"')
            break;
        size_t before = out->n;
        int rc = read_string(p, c, out);
        if (rc < 0)
            return rc;
        if (multi && out->n == before)
            return parse_error(p, "REG_MULTI_SZ cannot hold an empty string (write it with hex:)");
        bytes_unit(out, 0);
        count++;
        if (!multi)
            break;
    }
    if (!multi && count != 1)
        return parse_error(p, "a quoted string is missing");
    if (multi)
        bytes_unit(out, 0); /* the list's final NUL (the only one for an empty list) */
    return 0;
}

static void put_le(struct bytes *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        unsigned char b = (unsigned char)(v >> (8 * i));
        bytes_put(out, &b, 1);
    }
}

/* A DWORD (either byte order) or QWORD number as its bytes. */
static int read_integer(struct parser *p, uint32_t type, struct cursor *c, struct bytes *out)
{
    uint64_t v;
    bool qword = type == REG_TYPE_QWORD;
    int rc = read_number(p, c, qword ? UINT64_MAX : 0xFFFFFFFFu, &v);
    if (rc < 0)
        return rc;
    if (type == REG_TYPE_DWORD_BIG_ENDIAN)
        v = __builtin_bswap32((uint32_t)v);
    put_le(out, v, qword ? 8 : 4);
    return 0;
}

static int read_data(struct parser *p, uint32_t type, struct cursor *c, struct bytes *out)
{
    int rc;
    skip_blanks(c, false);
    if (c->n - c->i >= 4 && !strncasecmp(c->s + c->i, "hex:", 4)) {
        c->i += 4;
        return read_hex_bytes(p, c, out);
    }
    switch (type) {
    case REG_TYPE_DWORD:
    case REG_TYPE_DWORD_BIG_ENDIAN:
    case REG_TYPE_QWORD:
        if ((rc = read_integer(p, type, c, out)) < 0)
            return rc;
        break;
    case REG_TYPE_SZ:
    case REG_TYPE_EXPAND_SZ:
    case REG_TYPE_LINK:
    case REG_TYPE_MULTI_SZ:
        if ((rc = read_strings(p, c, out, type == REG_TYPE_MULTI_SZ)) < 0)
            return rc;
        break;
    default:
        return read_hex_bytes(p, c, out);
    }
    skip_blanks(c, false);
    if (!at_end(c))
        return parse_error(p, "unexpected '%.*s' after the data", (int)(c->n - c->i), c->s + c->i);
    return 0;
}

static int read_type(struct parser *p, struct cursor *c, uint32_t *type)
{
    skip_blanks(c, false);
    size_t start = c->i, n = read_word(c, false);
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (strlen(type_names[i].name) == n && !strncasecmp(type_names[i].name, c->s + start, n)) {
            *type = type_names[i].type;
            return 0;
        }
    c->i = start;
    uint64_t v;
    if (n && c->s[start] >= '0' && c->s[start] <= '9' && read_number(p, c, 0xFFFFFFFFu, &v) == 0) {
        *type = (uint32_t)v;
        return 0;
    }
    return parse_error(p, "'%.*s' is not a registry type (REG_DWORD, REG_SZ, ...)",
                       n ? (int)n : 7, n ? c->s + start : "nothing");
}

static int read_value_name(struct parser *p, struct cursor *c, char **name)
{
    if (c->s[c->i] == '"') {
        struct bytes w = {0};
        int rc = read_string(p, c, &w);
        if (rc == 0 && w.oom)
            rc = -ENOMEM;
        size_t need = rc == 0 ? wide_to_utf8((uint16_t *)(void *)w.b, w.n / 2, NULL, 0) : 0;
        if (rc == 0 && !(*name = malloc(need + 1)))
            rc = -ENOMEM;
        if (rc == 0)
            wide_to_utf8((uint16_t *)(void *)w.b, w.n / 2, *name, need + 1);
        free(w.b);
        return rc;
    }
    size_t start = c->i, n = read_word(c, false);
    if (!n)
        return parse_error(p, "a value name is missing");
    return (*name = strndup(c->s + start, n)) ? 0 : -ENOMEM;
}

static int parse_value(struct parser *p, struct cursor *c, struct reg_line *l)
{
    if (p->key < 0)
        return parse_error(p, "a value before the first [key] line");
    int rc = read_value_name(p, c, &l->name);
    if (rc < 0)
        return rc;
    long dup = reg_find_value(p->m, p->key, l->name);
    if (dup >= 0)
        return parse_error(p, "value '%s' is already set at line %u", l->name,
                           p->m->lines[dup].line_no);
    skip_blanks(c, false);
    if (at_end(c) || c->s[c->i] != '=')
        return parse_error(p, "'=' expected after the value name '%s'", l->name);
    c->i++;
    if ((rc = read_type(p, c, &l->type)) < 0)
        return rc;
    struct bytes data = {0};
    rc = read_data(p, l->type, c, &data);
    if (rc == 0 && data.oom)
        rc = -ENOMEM;
    if (rc == 0 && data.n > REG_VALUE_MAX)
        rc = parse_error(p, "value '%s' holds more than %u bytes", l->name, REG_VALUE_MAX);
    if (rc < 0) {
        free(data.b);
        return rc;
    }
    l->data = data.b ? data.b : calloc(1, 1);
    l->size = data.n;
    l->kind = REG_LINE_VALUE;
    return l->data ? 0 : -ENOMEM;
}

static int parse_key(struct parser *p, const char *code, size_t n, struct reg_line *l)
{
    const char *close = memchr(code, ']', n);
    if (!close || (size_t)(close - code) != n - 1)
        return parse_error(p, "a key line is '[name]' with nothing after the ']'");
    size_t a = 1, b = n - 1;
    while (a < b && (code[a] == ' ' || code[a] == '\t'))
        a++;
    while (b > a && (code[b - 1] == ' ' || code[b - 1] == '\t'))
        b--;
    if (memchr(code + 1, '[', n - 1))
        return parse_error(p, "a key name cannot hold '['");
    if (!(l->name = strndup(code + a, b - a)))
        return -ENOMEM;
    long dup = reg_find_key(p->m, l->name);
    if (dup >= 0)
        return parse_error(p, "key [%s] is already opened at line %u", l->name,
                           p->m->lines[dup].line_no);
    l->kind = REG_LINE_KEY;
    p->key = (long)(l - p->m->lines);
    return 0;
}

/* Where the code of a physical line ends (a comment may follow); *CONT: it ends in
 * a continuation backslash. */
static int scan_line(struct parser *p, const char *s, size_t n, size_t *code_end, bool *cont)
{
    bool in_str = false;
    size_t i = 0;
    for (; i < n; i++) {
        if (in_str && s[i] == '\\')
            i++;
        else if (s[i] == '"')
            in_str = !in_str;
        else if (!in_str && (s[i] == '#' || s[i] == ';'))
            break;
    }
    if (in_str)
        return parse_error(p, "unterminated string");
    *code_end = i;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
        i--;
    *cont = *code_end == n && i > 0 && s[i - 1] == '\\';
    if (*cont)
        *code_end = i - 1;
    return 0;
}

struct logical_line {
    struct bytes raw, code;
    const char *next;       /* text after it */
};

/* Joins a line with its continuations: RAW as written, CODE without comments. */
static int read_logical(struct parser *p, const char *pos, const char *end, unsigned *line_no,
                        struct logical_line *ll)
{
    bool cont;
    do {
        const char *eol = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = (size_t)((eol ? eol : end) - pos), code_end = 0;
        size_t keep = n && pos[n - 1] == '\r' ? n - 1 : n;
        p->line_no = ++*line_no;
        int rc = scan_line(p, pos, keep, &code_end, &cont);
        if (rc < 0)
            return rc;
        if (ll->raw.n)
            bytes_put(&ll->raw, "\n", 1);
        bytes_put(&ll->raw, pos, keep);
        bytes_put(&ll->code, pos, code_end);
        bytes_put(&ll->code, " ", 1);
        pos = eol ? eol + 1 : end;
        if (cont && pos >= end)
            return parse_error(p, "a continuation '\\' on the last line");
    } while (cont);
    ll->next = pos;
    return ll->raw.oom || ll->code.oom ? -ENOMEM : 0;
}

static int parse_line(struct parser *p, struct logical_line *ll, unsigned first)
{
    struct cursor c = {(const char *)ll->code.b, ll->code.n, 0};
    skip_blanks(&c, false);
    while (c.n > c.i && (c.s[c.n - 1] == ' ' || c.s[c.n - 1] == '\t'))
        c.n--;
    struct reg_line *l = reg_model_insert(p->m, p->m->n);
    if (!l)
        return -ENOMEM;
    l->line_no = first;
    l->raw = (char *)ll->raw.b;
    ll->raw.b = NULL;
    if (!l->raw && !(l->raw = strdup("")))
        return -ENOMEM;
    p->line_no = first;
    if (at_end(&c))
        return 0; /* blank or comment */
    if (c.s[c.i] == '[')
        return parse_key(p, c.s + c.i, c.n - c.i, l);
    return parse_value(p, &c, l);
}

int reg_parse(const char *text, size_t len, const char *origin, struct reg_model *m)
{
    struct parser p = {.origin = origin, .m = m, .key = -1};
    const char *pos = text, *end = text + len;
    unsigned line_no = 0;
    int rc = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        pos += 3; /* a UTF-8 byte-order mark */
    while (rc == 0 && pos < end) {
        struct logical_line ll = {0};
        unsigned first = line_no + 1;
        rc = read_logical(&p, pos, end, &line_no, &ll);
        if (rc == 0)
            rc = parse_line(&p, &ll, first);
        free(ll.raw.b);
        free(ll.code.b);
        pos = ll.next;
    }
    if (rc == -ENOMEM)
        ustor_error_set("registry file %s: out of memory", origin);
    if (rc < 0)
        reg_model_free(m);
    return rc;
}

/* ---- rendering ---- */

static void render_code_point(struct bytes *t, uint32_t cp, bool lone_surrogate)
{
    char esc[16]; /* a backslash, u and up to 8 hex digits: cp is 32 bits */
    if (lone_surrogate || cp < 0x20 || cp == 0x7F) {
        static const char named[] = {0, 'n', 'r', 't'};
        static const uint32_t codes[] = {0, '\n', '\r', '\t'};
        for (int i = 0; i < 4 && !lone_surrogate; i++)
            if (cp == codes[i]) {
                char e[3] = {'\\', i ? named[i] : '0', 0};
                text_puts(t, e);
                return;
            }
        snprintf(esc, sizeof esc, "\\u%04X", (unsigned)cp);
        text_puts(t, esc);
    } else if (cp == '"' || cp == '\\') {
        char e[3] = {'\\', (char)cp, 0};
        text_puts(t, e);
    } else {
        uint16_t w[2];
        size_t n = cp >= 0x10000 ? 2 : 1;
        w[0] = n == 2 ? (uint16_t)(0xD800 + ((cp - 0x10000) >> 10)) : (uint16_t)cp;
        w[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        char u8[8];
        wide_to_utf8(w, n, u8, sizeof u8);
        text_puts(t, u8);
    }
}

static uint16_t unit_at(const unsigned char *d, size_t i)
{
    return (uint16_t)(d[2 * i] | d[2 * i + 1] << 8);
}

/* UNITS UTF-16LE units at D as a quoted string. */
static void render_quoted(struct bytes *t, const unsigned char *d, size_t units)
{
    text_puts(t, "\"");
    for (size_t i = 0; i < units; i++) {
        uint32_t u = unit_at(d, i);
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units && unit_at(d, i + 1) >= 0xDC00 &&
            unit_at(d, i + 1) < 0xE000) {
            render_code_point(t, 0x10000 + ((u - 0xD800) << 10) + (unit_at(d, ++i) - 0xDC00u), false);
            continue;
        }
        render_code_point(t, u, u >= 0xD800 && u < 0xE000);
    }
    text_puts(t, "\"");
}

static void render_hex(struct bytes *t, const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i && i % HEX_PER_LINE == 0)
            text_puts(t, " \\\n   ");
        text_printf(t, " %02x", d[i]);
    }
}

/* One NUL-terminated string without other NULs. */
static bool string_well_formed(const unsigned char *d, size_t n)
{
    if (n < 2 || n % 2 || unit_at(d, n / 2 - 1))
        return false;
    for (size_t i = 0; i + 1 < n / 2; i++)
        if (!unit_at(d, i))
            return false;
    return true;
}

/* Non-empty NUL-terminated strings and a final NUL, or just one NUL. */
static bool multi_well_formed(const unsigned char *d, size_t n)
{
    size_t units = n / 2;
    if (n < 2 || n % 2 || unit_at(d, units - 1))
        return false;
    if (units == 1)
        return true;
    if (units < 3 || unit_at(d, units - 2) || !unit_at(d, 0))
        return false;
    for (size_t i = 1; i + 2 < units; i++)
        if (!unit_at(d, i) && !unit_at(d, i - 1))
            return false;
    return true;
}

static void render_strings(struct bytes *t, const unsigned char *d, size_t n)
{
    size_t units = n / 2, start = 0;
    for (size_t i = 0; i + 1 < units; i++)
        if (!unit_at(d, i)) {
            text_puts(t, " ");
            render_quoted(t, d + 2 * start, i - start);
            start = i + 1;
        }
}

static uint64_t get_le(const unsigned char *d, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)d[i] << (8 * i);
    return v;
}

static void render_data(struct bytes *t, uint32_t type, const unsigned char *d, size_t n)
{
    if ((type == REG_TYPE_DWORD || type == REG_TYPE_DWORD_BIG_ENDIAN) && n == 4) {
        uint32_t v = (uint32_t)get_le(d, 4);
        text_printf(t, " 0x%x", type == REG_TYPE_DWORD ? v : __builtin_bswap32(v));
    } else if (type == REG_TYPE_QWORD && n == 8) {
        text_printf(t, " 0x%llx", (unsigned long long)get_le(d, 8));
    } else if ((type == REG_TYPE_SZ || type == REG_TYPE_EXPAND_SZ || type == REG_TYPE_LINK) &&
               string_well_formed(d, n)) {
        text_puts(t, " ");
        render_quoted(t, d, n / 2 - 1);
    } else if (type == REG_TYPE_MULTI_SZ && multi_well_formed(d, n)) {
        render_strings(t, d, n);
    } else {
        bool plain = !(type == REG_TYPE_DWORD || type == REG_TYPE_DWORD_BIG_ENDIAN ||
                       type == REG_TYPE_QWORD || reg_type_is_string(type));
        if (!plain)
            text_puts(t, " hex:");
        render_hex(t, d, n);
    }
}

static bool bare_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("_.$@{}()+-", *s)))
            return false;
    return true;
}

static void render_value(struct bytes *t, const struct reg_line *l)
{
    if (bare_name(l->name)) {
        text_puts(t, l->name);
    } else {
        size_t units = utf8_to_wide(l->name, strlen(l->name), NULL, 0);
        struct bytes w = {0};
        for (size_t i = 0; i < units; i++)
            bytes_unit(&w, 0);
        if (!w.oom)
            utf8_to_wide(l->name, strlen(l->name), (uint16_t *)(void *)w.b, units);
        render_quoted(t, w.oom ? (const unsigned char *)"" : w.b, w.oom ? 0 : units);
        free(w.b);
    }
    const char *tn = type_name(l->type);
    if (tn)
        text_printf(t, " = %s", tn);
    else
        text_printf(t, " = 0x%x", l->type);
    render_data(t, l->type, l->data, l->size);
}

char *reg_render(const struct reg_model *m)
{
    struct bytes t = {0};
    for (size_t i = 0; i < m->n; i++) {
        const struct reg_line *l = &m->lines[i];
        if (l->raw)
            text_puts(&t, l->raw);
        else if (l->kind == REG_LINE_KEY) {
            text_puts(&t, "[");
            text_puts(&t, l->name);
            text_puts(&t, "]");
        } else
            render_value(&t, l);
        text_puts(&t, "\n");
    }
    if (!t.oom && !t.b)
        bytes_put(&t, "", 0);
    if (t.oom) {
        free(t.b);
        return NULL;
    }
    return (char *)t.b;
}
