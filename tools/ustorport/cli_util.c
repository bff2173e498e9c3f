/* Usage errors, number/size/time parsing and unit formatting for the commands. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

_Noreturn void cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "ustorport %s: %s (see 'ustorport %s --help')\n", cmd, msg, cmd);
    else
        fprintf(stderr, "ustorport: %s (see 'ustorport --help')\n", msg);
    exit(CLI_EXIT_USAGE);
}

int cli_fail(const char *cmd, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "ustorport %s: %s\n", cmd, msg);
    return 1;
}

int cli_fail_rc(const char *cmd, int rc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "ustorport %s: %s\n", cmd, msg);
    return rc;
}

_Noreturn void cli_bad_option(const char *cmd, int opt, char **argv)
{
    const char *word = optind > 0 ? argv[optind - 1] : "?";
    if (opt == ':')
        cli_usage_error(cmd, "option '%s' needs a value", word);
    if (optopt && optopt < 0x100 && isprint(optopt) && (!word[0] || word[1] != '-'))
        cli_usage_error(cmd, "unknown option '-%c'", optopt);
    cli_usage_error(cmd, "unknown option '%s'", word);
}

bool cli_parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!text || !isdigit((unsigned char)text[0]))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static int suffix_shift(const char *s)
{
    static const char *const names[][3] = {
        { "", "b", "" }, { "k", "kib", "kb" }, { "m", "mib", "mb" },
        { "g", "gib", "gb" }, { "t", "tib", "tb" }, { "p", "pib", "pb" },
    };
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 3; k++)
            if ((k < 2 || names[i][k][0]) && !strcasecmp(s, names[i][k]))
                return 10 * i;
    return -1;
}

bool cli_parse_size(const char *text, uint64_t *out)
{
    if (!text || !isdigit((unsigned char)text[0]))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    int shift = suffix_shift(end);
    if (errno || shift < 0 || (shift && v > (UINT64_MAX >> shift)))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

bool cli_parse_time(const char *text, uint64_t *ms)
{
    static const struct { const char *unit; uint64_t ms; } units[] = {
        { "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "m", 60000 }, { "h", 3600000 },
    };
    if (!text || !isdigit((unsigned char)text[0]))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno)
        return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcasecmp(end, units[i].unit) && v <= UINT64_MAX / units[i].ms) {
            *ms = v * units[i].ms;
            return true;
        }
    return false;
}

/* fio's style: at most 4 significant digits before the unit, a decimal below 100. */
static const char *fmt_scaled(char *buf, size_t n, double v, double base, const char *const *units,
                              int nunits)
{
    int u = 0;
    while (v >= 10000 && u < nunits - 1) {
        v /= base;
        u++;
    }
    if (v < 100 && u > 0 && v != (double)(long long)v)
        snprintf(buf, n, "%.1f%s", v, units[u]);
    else
        snprintf(buf, n, "%.0f%s", v, units[u]);
    return buf;
}

const char *cli_fmt_iec(char *buf, size_t n, double bytes)
{
    static const char *const u[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    return fmt_scaled(buf, n, bytes, 1024, u, 6);
}

const char *cli_fmt_si(char *buf, size_t n, double bytes)
{
    static const char *const u[] = { "B", "kB", "MB", "GB", "TB", "PB" };
    return fmt_scaled(buf, n, bytes, 1000, u, 6);
}

const char *cli_fmt_count(char *buf, size_t n, double v)
{
    static const char *const u[] = { "", "k", "M", "G", "T" };
    return fmt_scaled(buf, n, v, 1000, u, 5);
}

const char *cli_fmt_human(char *buf, size_t n, double bytes)
{
    static const char *const u[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
    int i = 0;
    while (bytes >= 1024 && i < 5) {
        bytes /= 1024;
        i++;
    }
    if (bytes == (double)(long long)bytes)
        snprintf(buf, n, "%.0f %s", bytes, u[i]);
    else
        snprintf(buf, n, "%.2f %s", bytes, u[i]);
    return buf;
}
