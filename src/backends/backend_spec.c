/* Backend specs: "ram:SIZE[,ro][,threads=N]" and
 * "PATH[,size=N][,ro][,direct][,aio=sync|uring][,threads=N]".
 * Every mistake gets one line naming the bad part and what was expected. */
#include "backends/backend_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

/* Sizes must be whole 512-byte sectors: every disk above us counts in them. */
#define SPEC_SIZE_ALIGN 512u

static int suffix_shift(const char *s, unsigned *shift)
{
    static const char units[] = "KMGTP";
    const char *u;

    *shift = 0;
    if (*s == '\0')
        return 0;
    u = strchr(units, toupper((unsigned char)*s));
    if (!u)
        return -EINVAL;
    *shift = 10u * (unsigned)(u - units + 1);
    s++;
    return (!strcmp(s, "") || !strcmp(s, "B") || !strcmp(s, "iB")) ? 0 : -EINVAL;
}

USTOR_BACKEND_EXPORT int ustor_backend_parse_size(const char *text, uint64_t *bytes)
{
    unsigned long long n;
    unsigned shift;
    char *end;

    if (!text || !isdigit((unsigned char)text[0]))
        return ustor_error_fail(-EINVAL, "invalid size '%s': expected a number with an optional "
                                "K, M, G or T suffix", text ? text : "");
    errno = 0;
    n = strtoull(text, &end, 10);
    if (errno == ERANGE || suffix_shift(end, &shift) < 0)
        return ustor_error_fail(errno == ERANGE ? -ERANGE : -EINVAL,
                                "invalid size '%s': expected a number with an optional "
                                "K, M, G or T suffix", text);
    if (shift && n > (UINT64_MAX >> shift))
        return ustor_error_fail(-ERANGE, "invalid size '%s': too large", text);
    *bytes = (uint64_t)n << shift;
    return 0;
}

static int parse_checked_size(const char *text, const char *whole, uint64_t *size)
{
    int r = ustor_backend_parse_size(text, size);

    if (r < 0)
        return ustor_error_fail(r, "%s: %s", whole, ustor_error_message());
    if (*size == 0)
        return ustor_error_fail(-EINVAL, "%s: the size must be greater than zero", whole);
    if (*size % SPEC_SIZE_ALIGN)
        return ustor_error_fail(-EINVAL, "%s: size %llu is not a multiple of %u bytes", whole,
                                (unsigned long long)*size, SPEC_SIZE_ALIGN);
    return 0;
}

static int parse_threads(const char *text, const char *whole, struct backend_spec *spec)
{
    char *end;
    unsigned long n = strtoul(text, &end, 10);

    if (!*text || *end || n > BACKEND_THREADS_MAX)
        return ustor_error_fail(-EINVAL, "%s: threads= takes 0 to %u", whole, BACKEND_THREADS_MAX);
    spec->threads = (unsigned)n;
    return 0;
}

static int parse_option(char *opt, const char *whole, struct backend_spec *spec)
{
    if (!strcmp(opt, "ro") || !strcmp(opt, "readonly"))
        spec->read_only = true;
    else if (!strncmp(opt, "threads=", 8))
        return parse_threads(opt + 8, whole, spec);
    else if (!spec->ram && !strncmp(opt, "size=", 5))
        return parse_checked_size(opt + 5, whole, &spec->size);
    else if (!spec->ram && !strcmp(opt, "direct"))
        spec->direct = true;
    else if (!spec->ram && !strcmp(opt, "aio=sync"))
        spec->aio = BACKEND_AIO_SYNC;
    else if (!spec->ram && !strcmp(opt, "aio=uring"))
        spec->aio = BACKEND_AIO_URING;
    else
        return ustor_error_fail(-EINVAL, "%s: unknown option '%s' (expected %s)", whole, opt,
                                spec->ram ? "ro or threads=N" : "size=N, ro, direct, aio=sync|uring or threads=N");
    return 0;
}

static int parse_options(char *rest, const char *whole, struct backend_spec *spec)
{
    char *save = NULL;
    int r;

    for (char *opt = strtok_r(rest, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
        r = parse_option(opt, whole, spec);
        if (r < 0)
            return r;
    }
    return 0;
}

static int parse_ram(char *body, const char *whole, struct backend_spec *spec)
{
    char *comma = strchr(body, ',');
    int r;

    spec->ram = true;
    if (comma)
        *comma = '\0';
    if (*body == '\0')
        return ustor_error_fail(-EINVAL, "%s: missing size (ram:SIZE[,ro], e.g. ram:1G)", whole);
    r = parse_checked_size(body, whole, &spec->size);
    if (r == 0 && comma)
        r = parse_options(comma + 1, whole, spec);
    return r;
}

static int parse_file(char *body, const char *whole, struct backend_spec *spec)
{
    char *comma = strchr(body, ',');

    if (comma)
        *comma = '\0';
    if (*body == '\0')
        return ustor_error_fail(-EINVAL, "'%s': missing image path", whole);
    if (strlen(body) >= sizeof(spec->path))
        return ustor_error_fail(-ENAMETOOLONG, "'%.64s...': image path too long", whole);
    strcpy(spec->path, body);
    return comma ? parse_options(comma + 1, whole, spec) : 0;
}

int backend_spec_parse(const char *text, struct backend_spec *spec)
{
    char copy[4096 + 256];
    char *body = copy;

    memset(spec, 0, sizeof(*spec));
    if (!text || !*text)
        return ustor_error_fail(-EINVAL, "empty backend spec (expected ram:SIZE or PATH)");
    if (strlen(text) >= sizeof(copy))
        return ustor_error_fail(-ENAMETOOLONG, "backend spec too long");
    strcpy(copy, text);
    if (!strncmp(copy, "ram:", 4))
        return parse_ram(copy + 4, text, spec);
    if (!strncmp(copy, "file:", 5))
        body += 5;
    return parse_file(body, text, spec);
}
