/* A bounded line under construction on the caller's stack: appends stop at a limit
 * below the capacity, and the space between is kept for what closes the line (a
 * quote, braces, "...\n"), so a cut line is still well formed. */
#ifndef USTOR_COMMON_LINEBUF_H
#define USTOR_COMMON_LINEBUF_H

#include <stdbool.h>
#include <stddef.h>

struct linebuf {
    char *buf;
    size_t cap;   /* bytes in buf */
    size_t limit; /* ordinary appends stop here */
    size_t len;
    bool cut;     /* something did not fit */
};

void linebuf_init(struct linebuf *b, char *buf, size_t cap, size_t reserve);
void linebuf_write(struct linebuf *b, const char *s, size_t n);
void linebuf_putc(struct linebuf *b, char c);
void linebuf_puts(struct linebuf *b, const char *s);
void linebuf_printf(struct linebuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void linebuf_hex(struct linebuf *b, const void *p, size_t n);
/* A JSON string literal of s: escaped, invalid UTF-8 replaced by U+FFFD. Once the
 * opening quote is in, the literal is closed (cut short if need be): true. False if
 * not even the quote fitted. */
bool linebuf_json_string(struct linebuf *b, const char *s);
/* Append s from the reserve (past the limit, up to the capacity). */
void linebuf_close(struct linebuf *b, const char *s);
/* "..." if the line was cut, then "\n". */
void linebuf_end_line(struct linebuf *b);

#endif
