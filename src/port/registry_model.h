/*
 * registry_model.h - the registry file as the port holds it: its lines in order,
 * each a comment or blank line, a [key] line or a value line, so that a rewrite
 * keeps everything it did not change exactly as it was written.
 * Kept by registry_model.c; parsed and rendered by registry_text.c; held for a file
 * by registry_store.c.
 */
#ifndef USTOR_PORT_REGISTRY_MODEL_H
#define USTOR_PORT_REGISTRY_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum reg_line_kind { REG_LINE_TEXT, REG_LINE_KEY, REG_LINE_VALUE };

struct reg_line {
    enum reg_line_kind kind;
    unsigned line_no;       /* first line in the file; 0 for a line added since */
    char *raw;              /* the text as read (continuations joined by '\n'); NULL: render */
    char *name;             /* key or value name, UTF-8 */
    uint32_t type;          /* values: enum reg_type or any other number */
    unsigned char *data;    /* values: the data as Windows stores it */
    size_t size;
};

struct reg_model {
    struct reg_line *lines;
    size_t n, cap;
};

/* Parses TEXT; on error sets ustor_last_error to "registry file ORIGIN: line N: ..."
 * and returns -EINVAL (-ENOMEM if out of memory). M must be zeroed. */
int reg_parse(const char *text, size_t len, const char *origin, struct reg_model *m);
/* The file text; malloc'ed, NULL if out of memory. */
char *reg_render(const struct reg_model *m);
void reg_model_free(struct reg_model *m);
/* A zeroed line inserted at index AT (the lines from AT on move down), or NULL. */
struct reg_line *reg_model_insert(struct reg_model *m, size_t at);

/* Index of the [KEY] line, or -1. */
long reg_find_key(const struct reg_model *m, const char *key);
/* Index of NAME in the key whose line is at K, or -1. */
long reg_find_value(const struct reg_model *m, long k, const char *name);
/* Creates or replaces a value (and its key); 0, -EINVAL (bad name) or -ENOMEM. */
int reg_model_set(struct reg_model *m, const char *key, const char *name, uint32_t type,
                  const void *data, size_t size);
/* Whether NAME can be written as a key (no ']', no line breaks). */
int reg_key_name_ok(const char *name);

int reg_name_equal(const char *a, const char *b);

#endif
