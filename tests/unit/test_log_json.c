/* The log: JSON trace lines carry the channel, level, event name, parameters and the
 * LUN address; lines stay valid JSON when cut or fed odd bytes; text lines obey the
 * level filter and USTOR_LOG-style specs; messages are counted even when filtered;
 * miniport output goes through the MSVC dialect with its Windows level mapped. */
#include "common/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

/* ---- a strict little JSON checker: one object per line ---- */

static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static const char *json_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
                return NULL;
            }
        }
        p++;
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *json_number(const char *p)
{
    const char *start = p;

    if (*p == '-')
        p++;
    while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+')
        p++;
    return p > start ? p : NULL;
}

static const char *json_container(const char *p, char close, bool object)
{
    p = json_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (object) {
            p = json_string(json_ws(p));
            if (!p || *(p = json_ws(p)) != ':')
                return NULL;
            p++;
        }
        p = json_value(json_ws(p));
        if (!p)
            return NULL;
        p = json_ws(p);
        if (*p == close)
            return p + 1;
        if (*p++ != ',')
            return NULL;
    }
}

static const char *json_value(const char *p)
{
    switch (*p) {
    case '{': return json_container(p, '}', true);
    case '[': return json_container(p, ']', false);
    case '"': return json_string(p);
    case 't': return strncmp(p, "true", 4) ? NULL : p + 4;
    case 'f': return strncmp(p, "false", 5) ? NULL : p + 5;
    case 'n': return strncmp(p, "null", 4) ? NULL : p + 4;
    default: return json_number(p);
    }
}

static bool json_line_valid(const char *line, size_t len)
{
    char buf[16384];

    if (len >= sizeof(buf) || line[0] != '{')
        return false;
    memcpy(buf, line, len);
    buf[len] = '\0';
    const char *end = json_value(buf);
    return end && *end == '\0';
}

/* ---- capture ---- */

static int trace_fd, text_fd;

static size_t take(int fd, char *out, size_t cap)
{
    ssize_t n = pread(fd, out, cap - 1, 0);

    out[n > 0 ? n : 0] = '\0';
    if (ftruncate(fd, 0) < 0)
        abort();
    lseek(fd, 0, SEEK_SET);
    return n > 0 ? (size_t)n : 0;
}

/* Every line valid JSON; returns the number of lines. */
static int check_lines(const char *text)
{
    int lines = 0;

    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        if (!nl) {
            CHECK(!"line without a newline");
            break;
        }
        CHECK(json_line_valid(p, (size_t)(nl - p)));
        lines++;
        p = nl + 1;
    }
    return lines;
}

static void test_event_line(void)
{
    char out[16384];
    static const unsigned char blob[] = { 0xDE, 0xAD, 0x01 };
    struct ulog_addr lun = { .port = 2, .path = 0, .target = 3, .lun = 7 };
    struct ulog_param params[] = {
        { .name = "Status", .type = ULOG_PARAM_U64, .u = 18446744073709551615ull },
        { .name = "Delta", .type = ULOG_PARAM_I64, .i = -5 },
        { .name = "Register", .type = ULOG_PARAM_HEX, .u = 0xC0FFEE },
        { .name = "Why", .type = ULOG_PARAM_STR, .s = "quote \" back\\slash\nnewline" },
        { .name = NULL, .type = ULOG_PARAM_BYTES, .bytes = { blob, sizeof(blob) } },
        { .name = "Nothing", .type = ULOG_PARAM_STR, .s = NULL },
    };
    struct ulog_event ev = { .channel = ULOG_EVENTS, .level = ULOG_INFO, .name = "EtwEvent8",
                             .source = "nvme0", .addr = &lun, .text = "link reset",
                             .params = params, .nparams = 6 };

    ulog_event(&ev);
    take(trace_fd, out, sizeof(out));
    CHECK(check_lines(out) == 1);
    CHECK(strstr(out, "\"channel\":\"events\",\"level\":\"info\"") != NULL);
    CHECK(strstr(out, "\"source\":\"nvme0\"") != NULL);
    CHECK(strstr(out, "\"event\":\"EtwEvent8\"") != NULL);
    CHECK(strstr(out, "\"addr\":{\"port\":2,\"path\":0,\"target\":3,\"lun\":7}") != NULL);
    CHECK(strstr(out, "\"text\":\"link reset\"") != NULL);
    CHECK(strstr(out, "\"Status\":18446744073709551615") != NULL);
    CHECK(strstr(out, "\"Delta\":-5") != NULL);
    CHECK(strstr(out, "\"Register\":\"0xc0ffee\"") != NULL);
    CHECK(strstr(out, "\"Why\":\"quote \\\" back\\\\slash\\nnewline\"") != NULL);
    CHECK(strstr(out, "\"param5\":\"dead01\"") != NULL);
    CHECK(strstr(out, "\"Nothing\":null") != NULL);

    take(text_fd, out, sizeof(out)); /* info is below the default text threshold */
    CHECK(out[0] == '\0');
}

static void test_plain_message_and_filter(void)
{
    char out[16384];

    ulog(ULOG_GUEST, ULOG_WARN, "miniport %s did %d bad things", "x", 3);
    ulog(ULOG_HOST, ULOG_DEBUG, "quiet detail");
    take(text_fd, out, sizeof(out));
    CHECK(strstr(out, "warning [guest] miniport x did 3 bad things\n") != NULL);
    CHECK(strstr(out, "quiet detail") == NULL);
    take(trace_fd, out, sizeof(out));
    CHECK(check_lines(out) == 2); /* the trace takes every level */
    CHECK(strstr(out, "\"text\":\"quiet detail\"") != NULL);

    CHECK(ulog_set_levels("debug,miniport=off") == 0);
    ulog(ULOG_HOST, ULOG_DEBUG, "now shown");
    CHECK(ulog_enabled(ULOG_HOST, ULOG_DEBUG));
    take(text_fd, out, sizeof(out));
    CHECK(strstr(out, "debug [host] now shown") != NULL);
    CHECK(ulog_set_levels("bogus") == -EINVAL);
    CHECK(ulog_set_levels("guest=loud") == -EINVAL);
    CHECK(ulog_set_levels("nochannel=info") == -EINVAL);
    ulog(ULOG_HOST, ULOG_DEBUG, "still shown"); /* a bad spec changed nothing */
    take(text_fd, out, sizeof(out));
    CHECK(strstr(out, "still shown") != NULL);
    CHECK(ulog_set_levels("warning") == 0);
}

/* StorPortDebugPrint's shape: the port forwards its va_list. */
static void print_like_miniport(const char *source, uint32_t level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    ulog_miniport_v(source, level, fmt, ap);
    va_end(ap);
}

static void test_miniport_print(void)
{
    char out[16384];
    static const uint16_t wide[] = { 'S', 'A', 'T', 'A', 0 };

    CHECK(ulog_level_from_windows(0) == ULOG_ERROR);
    CHECK(ulog_level_from_windows(1) == ULOG_WARN);
    CHECK(ulog_level_from_windows(2) == ULOG_INFO);
    CHECK(ulog_level_from_windows(3) == ULOG_DEBUG);
    CHECK(ulog_level_from_windows(4) == ULOG_TRACE);
    CHECK(ulog_level_from_windows(0x80000002) == ULOG_WARN); /* a mask: lowest bit 1 */
    CHECK(ulog_level_from_etw(0) == ULOG_INFO && ulog_level_from_etw(1) == ULOG_ERROR);
    CHECK(ulog_level_from_etw(2) == ULOG_ERROR && ulog_level_from_etw(3) == ULOG_WARN);
    CHECK(ulog_level_from_etw(4) == ULOG_INFO && ulog_level_from_etw(5) == ULOG_DEBUG);

    ulog_set_level(ULOG_MINIPORT, ULOG_DEBUG);
    take(trace_fd, out, sizeof(out));
    uint64_t before = ulog_count(ULOG_MINIPORT, ULOG_DEBUG);
    print_like_miniport("storahci", 3, "Port %02d: %ws CI %08lx len %I64x\n", 1, wide, 0xFFFFFFFF00000005ull,
                        0x100000000ull);
    CHECK(ulog_count(ULOG_MINIPORT, ULOG_DEBUG) == before + 1);
    take(text_fd, out, sizeof(out));
    CHECK(strstr(out, "debug [miniport] storahci: Port 01: SATA CI 00000005 len 100000000\n") != NULL);
    take(trace_fd, out, sizeof(out));
    CHECK(check_lines(out) == 1 && strstr(out, "\"source\":\"storahci\"") != NULL);

    ulog_set_level(ULOG_MINIPORT, ULOG_WARN);
    print_like_miniport("storahci", 3, "filtered %d\n", 1);
    CHECK(ulog_count(ULOG_MINIPORT, ULOG_DEBUG) == before + 2); /* counted anyway */
    take(text_fd, out, sizeof(out));
    CHECK(strstr(out, "filtered") == NULL);
    take(trace_fd, out, sizeof(out));
    CHECK(strstr(out, "filtered 1") != NULL);
}

static void test_cut_and_odd_bytes(void)
{
    char out[16384];
    char *huge = malloc(20000);
    struct ulog_param params[40];

    memset(huge, '"', 19999); /* escapes to twice its size */
    huge[19999] = '\0';
    for (int i = 0; i < 40; i++)
        params[i] = (struct ulog_param){ .name = "p", .type = ULOG_PARAM_STR, .s = huge + 19800 };
    struct ulog_event ev = { .channel = ULOG_EVENTS, .level = ULOG_ERROR, .name = "big", .text = huge,
                             .params = params, .nparams = 40 };
    ulog_event(&ev);
    take(trace_fd, out, sizeof(out));
    CHECK(check_lines(out) == 1);
    CHECK(strstr(out, "\"truncated\":true}") != NULL);
    take(text_fd, out, sizeof(out));
    CHECK(strlen(out) <= 2048 && strstr(out, "...\n") != NULL);

    ulog(ULOG_GUEST, ULOG_ERROR, "bad utf8 \xff\xc3 end, ctl \x01, ok \xc3\xa9");
    take(trace_fd, out, sizeof(out));
    CHECK(check_lines(out) == 1);
    CHECK(strstr(out, "bad utf8 \\ufffd\\ufffd end, ctl \\u0001, ok \xc3\xa9") != NULL);
    take(text_fd, out, sizeof(out));
    free(huge);
}

static void test_trace_file(void)
{
    char path[] = "/tmp/ustor-trace-XXXXXX";
    int fd = mkstemp(path);
    char out[4096];

    CHECK(fd >= 0);
    close(fd);
    int saved = ulog_set_trace_fd(-1);
    CHECK(ustor_log_open_trace(path) == 0);
    ulog(ULOG_HOST, ULOG_INFO, "to the file");
    ustor_log_close_trace();
    ulog(ULOG_HOST, ULOG_INFO, "after close");
    fd = open(path, O_RDONLY);
    ssize_t n = read(fd, out, sizeof(out) - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    CHECK(check_lines(out) == 1 && strstr(out, "to the file") != NULL);
    CHECK(ustor_log_open_trace("/nonexistent-dir/x") == -ENOENT);
    ulog_set_trace_fd(saved);
    take(text_fd, out, sizeof(out));
}

int main(void)
{
    uint64_t guest_warn = ulog_count(ULOG_GUEST, ULOG_WARN);

    trace_fd = memfd_create("trace", 0);
    text_fd = memfd_create("text", 0);
    if (trace_fd < 0 || text_fd < 0)
        return 1;
    ulog_set_text_fd(text_fd);
    ulog_set_trace_fd(trace_fd);
    test_event_line();
    test_plain_message_and_filter();
    test_miniport_print();
    test_cut_and_odd_bytes();
    test_trace_file();
    CHECK(ulog_count(ULOG_GUEST, ULOG_WARN) == guest_warn + 1);
    CHECK(ustor_log_guest_problems() >= 2);
    ulog_set_text_fd(2);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
