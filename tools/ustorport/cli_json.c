/* A small streaming JSON writer, indented like fio's output, for `info --json`
 * and `bench --output-format=json`. Strings are escaped; non-finite numbers
 * become 0 (JSON has no NaN). */
#include <math.h>

#include "cli.h"

static void indent(struct cli_json *j)
{
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->out);
}

static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Starts a member: the comma, newline, indentation and "key" : */
static void member(struct cli_json *j, const char *key)
{
    if (!j->first[j->depth])
        fputc(',', j->out);
    j->first[j->depth] = false;
    fputc('\n', j->out);
    indent(j);
    if (key) {
        put_string(j->out, key);
        fputs(" : ", j->out);
    }
}

void json_begin(struct cli_json *j, FILE *out)
{
    j->out = out;
    j->depth = 0;
    fputc('{', out);
    j->first[0] = true;
}

void json_end(struct cli_json *j)
{
    fputs("\n}\n", j->out);
}

static void open_nested(struct cli_json *j, const char *key, char bracket)
{
    member(j, key);
    fputc(bracket, j->out);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = true;
}

void json_object(struct cli_json *j, const char *key)
{
    open_nested(j, key, '{');
}

void json_array(struct cli_json *j, const char *key)
{
    open_nested(j, key, '[');
}

void json_close(struct cli_json *j, char bracket)
{
    bool empty = j->first[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (!empty) {
        fputc('\n', j->out);
        indent(j);
    }
    fputc(bracket, j->out);
}

void json_str(struct cli_json *j, const char *key, const char *v)
{
    member(j, key);
    put_string(j->out, v ? v : "");
}

void json_u64(struct cli_json *j, const char *key, uint64_t v)
{
    member(j, key);
    fprintf(j->out, "%llu", (unsigned long long)v);
}

void json_i64(struct cli_json *j, const char *key, int64_t v)
{
    member(j, key);
    fprintf(j->out, "%lld", (long long)v);
}

void json_f64(struct cli_json *j, const char *key, double v)
{
    member(j, key);
    fprintf(j->out, "%.6f", isfinite(v) ? v : 0.0);
}

void json_bool(struct cli_json *j, const char *key, bool v)
{
    member(j, key);
    fputs(v ? "true" : "false", j->out);
}
