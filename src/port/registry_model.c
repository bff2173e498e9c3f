/*
 * The line model of registry_model.h: finding keys and values, and changing one
 * value so that every other line stays as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "port/registry_model.h"

int reg_name_equal(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

void reg_model_free(struct reg_model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->lines[i].raw);
        free(m->lines[i].name);
        free(m->lines[i].data);
    }
    free(m->lines);
    memset(m, 0, sizeof *m);
}

struct reg_line *reg_model_insert(struct reg_model *m, size_t at)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        struct reg_line *nl = realloc(m->lines, cap * sizeof *nl);
        if (!nl)
            return NULL;
        m->lines = nl;
        m->cap = cap;
    }
    memmove(&m->lines[at + 1], &m->lines[at], (m->n - at) * sizeof *m->lines);
    m->n++;
    memset(&m->lines[at], 0, sizeof *m->lines);
    return &m->lines[at];
}

long reg_find_key(const struct reg_model *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->lines[i].kind == REG_LINE_KEY && reg_name_equal(m->lines[i].name, key))
            return (long)i;
    return -1;
}

long reg_find_value(const struct reg_model *m, long k, const char *name)
{
    for (size_t i = (size_t)k + 1; i < m->n && m->lines[i].kind != REG_LINE_KEY; i++)
        if (m->lines[i].kind == REG_LINE_VALUE && reg_name_equal(m->lines[i].name, name))
            return (long)i;
    return -1;
}

int reg_key_name_ok(const char *name)
{
    return !strpbrk(name, "[]\"#;\r\n");
}

static int value_fill(struct reg_line *l, const char *name, uint32_t type, const void *data,
                      size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    char *nm = l->name ? NULL : strdup(name);
    if (!copy || (!l->name && !nm)) {
        free(copy);
        free(nm);
        return -ENOMEM;
    }
    if (size)
        memcpy(copy, data, size);
    if (nm)
        l->name = nm;
    free(l->data);
    free(l->raw);
    l->raw = NULL;
    l->data = copy;
    l->size = size;
    l->type = type;
    l->kind = REG_LINE_VALUE;
    return 0;
}

/* The [KEY] line, appended (after a blank line) if the model has none yet. */
static long key_line(struct reg_model *m, const char *key)
{
    long k = reg_find_key(m, key);
    if (k >= 0)
        return k;
    if (m->n && !(m->lines[m->n - 1].kind == REG_LINE_TEXT && !m->lines[m->n - 1].raw[0])) {
        struct reg_line *blank = reg_model_insert(m, m->n);
        if (!blank || !(blank->raw = strdup(""))) {
            if (blank)
                m->n--;
            return -ENOMEM;
        }
    }
    struct reg_line *l = reg_model_insert(m, m->n);
    if (!l || !(l->name = strdup(key))) {
        if (l)
            m->n--;
        return -ENOMEM;
    }
    l->kind = REG_LINE_KEY;
    return (long)m->n - 1;
}

int reg_model_set(struct reg_model *m, const char *key, const char *name, uint32_t type,
                  const void *data, size_t size)
{
    if (!reg_key_name_ok(key) || strpbrk(name, "\r\n"))
        return -EINVAL;
    long k = key_line(m, key);
    if (k < 0)
        return (int)k;
    long v = reg_find_value(m, k, name);
    if (v >= 0)
        return value_fill(&m->lines[v], name, type, data, size);
    size_t at = (size_t)k + 1;
    for (size_t i = at; i < m->n && m->lines[i].kind != REG_LINE_KEY; i++)
        if (m->lines[i].kind == REG_LINE_VALUE)
            at = i + 1;
    struct reg_line *l = reg_model_insert(m, at);
    if (!l)
        return -ENOMEM;
    int rc = value_fill(l, name, type, data, size);
    if (rc < 0)
        memmove(&m->lines[at], &m->lines[at + 1], (--m->n - at) * sizeof *m->lines);
    return rc;
}
