/* The leveled log: filtering, counting, text and JSON rendering, the two sinks. */
#include "common/log.h"
#include "common/linebuf.h"
#include "common/msfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TEXT_LINE_MAX 2048
#define JSON_LINE_MAX 8192
#define MESSAGE_MAX 2048

/* Thresholds are "number of levels shown": 0 = off, ULOG_LEVELS = everything. */
static _Atomic int text_threshold[ULOG_CHANNELS] = { ULOG_WARN + 1, ULOG_WARN + 1, ULOG_WARN + 1,
                                                     ULOG_WARN + 1 };
static _Atomic int trace_threshold[ULOG_CHANNELS] = { ULOG_LEVELS, ULOG_LEVELS, ULOG_LEVELS,
                                                      ULOG_LEVELS };
static _Atomic uint64_t counts[ULOG_CHANNELS][ULOG_LEVELS];

/* Sinks: writers of lines hold the lock shared, reconfiguration holds it exclusive. */
static pthread_rwlock_t sink_lock = PTHREAD_RWLOCK_INITIALIZER;
static int text_fd = STDERR_FILENO;
static _Atomic int trace_fd = -1;

static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static const char *const level_names[ULOG_LEVELS] = { "error", "warning", "info", "debug", "trace" };
static const char *const channel_names[ULOG_CHANNELS] = { "host", "guest", "miniport", "events" };

const char *ulog_level_name(enum ulog_level lv)
{
    return (unsigned)lv < ULOG_LEVELS ? level_names[lv] : "?";
}

const char *ulog_channel_name(enum ulog_channel ch)
{
    return (unsigned)ch < ULOG_CHANNELS ? channel_names[ch] : "?";
}

/* ---- configuration ---- */

static int parse_level(const char *s, size_t n)
{
    if (n == 3 && !strncmp(s, "off", n))
        return -1;
    if (n == 4 && !strncmp(s, "none", n))
        return -1;
    if (n == 4 && !strncmp(s, "warn", n))
        return ULOG_WARN;
    for (int i = 0; i < ULOG_LEVELS; i++)
        if (strlen(level_names[i]) == n && !strncmp(s, level_names[i], n))
            return i;
    return -2;
}

static int parse_channel(const char *s, size_t n)
{
    for (int i = 0; i < ULOG_CHANNELS; i++)
        if (strlen(channel_names[i]) == n && !strncmp(s, channel_names[i], n))
            return i;
    return -1;
}

/* One "LEVEL" or "CHANNEL=LEVEL" item into th[]. */
static int parse_item(const char *s, size_t n, int th[ULOG_CHANNELS])
{
    const char *eq = memchr(s, '=', n);
    int ch = -1, lv;

    if (eq) {
        ch = parse_channel(s, (size_t)(eq - s));
        if (ch < 0)
            return -EINVAL;
        n -= (size_t)(eq + 1 - s);
        s = eq + 1;
    }
    lv = parse_level(s, n);
    if (lv == -2)
        return -EINVAL;
    for (int i = 0; i < ULOG_CHANNELS; i++)
        if (ch < 0 || ch == i)
            th[i] = lv + 1;
    return 0;
}

static int apply_levels(const char *spec)
{
    int th[ULOG_CHANNELS];

    if (!spec)
        return -EINVAL;
    for (int i = 0; i < ULOG_CHANNELS; i++)
        th[i] = atomic_load(&text_threshold[i]);
    while (*spec) {
        size_t n = strcspn(spec, ",");
        if (n && parse_item(spec, n, th) < 0)
            return -EINVAL;
        spec += n + (spec[n] == ',');
    }
    for (int i = 0; i < ULOG_CHANNELS; i++)
        atomic_store(&text_threshold[i], th[i]);
    return 0;
}

static void emit_text(const struct ulog_event *ev);

/* Runs once, before any message is filtered; must not log through ulog(). */
static void read_environment(void)
{
    const char *spec = getenv("USTOR_LOG");
    struct ulog_event ev = { .channel = ULOG_HOST, .level = ULOG_WARN,
                             .text = "USTOR_LOG is not a log spec (e.g. \"info,miniport=trace\"); ignored" };

    if (spec && apply_levels(spec) < 0)
        emit_text(&ev);
}

static void ensure_environment(void)
{
    pthread_once(&env_once, read_environment);
}

int ulog_set_levels(const char *spec)
{
    ensure_environment();
    return apply_levels(spec);
}

void ulog_set_level(enum ulog_channel ch, int lv)
{
    ensure_environment();
    if ((unsigned)ch < ULOG_CHANNELS)
        atomic_store(&text_threshold[ch], lv < 0 ? 0 : lv >= ULOG_LEVELS ? ULOG_LEVELS : lv + 1);
}

void ulog_set_trace_level(enum ulog_channel ch, int lv)
{
    if ((unsigned)ch < ULOG_CHANNELS)
        atomic_store(&trace_threshold[ch], lv < 0 ? 0 : lv >= ULOG_LEVELS ? ULOG_LEVELS : lv + 1);
}

int ulog_set_text_fd(int fd)
{
    int old;

    pthread_rwlock_wrlock(&sink_lock);
    old = text_fd;
    text_fd = fd;
    pthread_rwlock_unlock(&sink_lock);
    return old;
}

int ulog_set_trace_fd(int fd)
{
    int old;

    pthread_rwlock_wrlock(&sink_lock);
    old = atomic_exchange(&trace_fd, fd);
    pthread_rwlock_unlock(&sink_lock);
    return old;
}

int ulog_open_trace(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);

    if (fd < 0)
        return -errno;
    int old = ulog_set_trace_fd(fd);
    if (old >= 0)
        close(old);
    return 0;
}

void ulog_close_trace(void)
{
    int old = ulog_set_trace_fd(-1);

    if (old >= 0)
        close(old);
}

uint64_t ulog_count(enum ulog_channel ch, enum ulog_level lv)
{
    if ((unsigned)ch >= ULOG_CHANNELS || (unsigned)lv >= ULOG_LEVELS)
        return 0;
    return atomic_load_explicit(&counts[ch][lv], memory_order_relaxed);
}

/* ---- filtering ---- */

static bool text_wanted(enum ulog_channel ch, enum ulog_level lv)
{
    return (int)lv < atomic_load_explicit(&text_threshold[ch], memory_order_relaxed);
}

static bool trace_wanted(enum ulog_channel ch, enum ulog_level lv)
{
    return atomic_load_explicit(&trace_fd, memory_order_relaxed) >= 0 &&
           (int)lv < atomic_load_explicit(&trace_threshold[ch], memory_order_relaxed);
}

bool ulog_enabled(enum ulog_channel ch, enum ulog_level lv)
{
    if ((unsigned)ch >= ULOG_CHANNELS || (unsigned)lv >= ULOG_LEVELS)
        return false;
    ensure_environment();
    return text_wanted(ch, lv) || trace_wanted(ch, lv);
}

/* ---- rendering ---- */

static void render_addr_text(struct linebuf *b, const struct ulog_addr *a)
{
    linebuf_printf(b, " (lun %u:%u:%u:%u)", a->port, a->path, a->target, a->lun);
}

static void render_param_text(struct linebuf *b, const struct ulog_param *p, unsigned i)
{
    if (p->name)
        linebuf_printf(b, " %s=", p->name);
    else
        linebuf_printf(b, " param%u=", i + 1);
    switch (p->type) {
    case ULOG_PARAM_U64: linebuf_printf(b, "%llu", (unsigned long long)p->u); break;
    case ULOG_PARAM_I64: linebuf_printf(b, "%lld", (long long)p->i); break;
    case ULOG_PARAM_HEX: linebuf_printf(b, "0x%llx", (unsigned long long)p->u); break;
    case ULOG_PARAM_STR: linebuf_puts(b, p->s ? p->s : "(null)"); break;
    case ULOG_PARAM_BYTES: linebuf_hex(b, p->bytes.p, p->bytes.n); break;
    }
}

static void render_text(struct linebuf *b, const struct ulog_event *ev)
{
    linebuf_printf(b, "ustorport: %s [%s] ", level_names[ev->level], channel_names[ev->channel]);
    if (ev->source)
        linebuf_printf(b, "%s: ", ev->source);
    if (ev->name)
        linebuf_printf(b, "%s%s", ev->name, ev->text ? ": " : "");
    if (ev->text)
        linebuf_puts(b, ev->text);
    if (ev->addr)
        render_addr_text(b, ev->addr);
    for (unsigned i = 0; i < ev->nparams; i++)
        render_param_text(b, &ev->params[i], i);
    linebuf_end_line(b);
}

static void render_param_value_json(struct linebuf *b, const struct ulog_param *p)
{
    switch (p->type) {
    case ULOG_PARAM_U64: linebuf_printf(b, "%llu", (unsigned long long)p->u); break;
    case ULOG_PARAM_I64: linebuf_printf(b, "%lld", (long long)p->i); break;
    case ULOG_PARAM_HEX: linebuf_printf(b, "\"0x%llx\"", (unsigned long long)p->u); break;
    case ULOG_PARAM_STR:
        if (!p->s)
            linebuf_puts(b, "null");
        else if (!linebuf_json_string(b, p->s))
            b->cut = true;
        break;
    case ULOG_PARAM_BYTES:
        linebuf_putc(b, '"');
        linebuf_hex(b, p->bytes.p, p->bytes.n);
        linebuf_putc(b, '"');
        break;
    }
}

/* One "name":value member, or nothing at all if it does not fit whole. */
static void render_param_json(struct linebuf *b, const struct ulog_param *p, unsigned i)
{
    size_t mark = b->len;
    char name[16];

    if (!p->name)
        snprintf(name, sizeof(name), "param%u", i + 1);
    if (i)
        linebuf_putc(b, ',');
    linebuf_json_string(b, p->name ? p->name : name);
    linebuf_putc(b, ':');
    render_param_value_json(b, p);
    if (b->cut)
        b->len = mark;
}

/* ,"key":"value" with the value cut short if need be, or nothing. */
static void render_string_member(struct linebuf *b, const char *key, const char *value)
{
    size_t mark = b->len;

    linebuf_printf(b, ",\"%s\":", key);
    if (b->cut || !linebuf_json_string(b, value))
        b->len = mark;
}

static void render_json_head(struct linebuf *b, const struct ulog_event *ev)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    linebuf_printf(b, "{\"ts\":%lld.%06ld,\"tid\":%d,\"channel\":\"%s\",\"level\":\"%s\"",
                   (long long)ts.tv_sec, ts.tv_nsec / 1000, (int)gettid(), channel_names[ev->channel],
                   level_names[ev->level]);
    if (ev->source)
        render_string_member(b, "source", ev->source);
    if (ev->name)
        render_string_member(b, "event", ev->name);
    if (ev->addr)
        linebuf_printf(b, ",\"addr\":{\"port\":%u,\"path\":%u,\"target\":%u,\"lun\":%u}", ev->addr->port,
                       ev->addr->path, ev->addr->target, ev->addr->lun);
}

static void render_json(struct linebuf *b, const struct ulog_event *ev)
{
    render_json_head(b, ev);
    if (ev->text)
        render_string_member(b, "text", ev->text);
    if (ev->nparams && !b->cut) {
        size_t mark = b->len;
        linebuf_puts(b, ",\"params\":{");
        if (b->cut) {
            b->len = mark;
        } else {
            for (unsigned i = 0; i < ev->nparams && !b->cut; i++)
                render_param_json(b, &ev->params[i], i);
            linebuf_close(b, "}");
        }
    }
    linebuf_close(b, b->cut ? ",\"truncated\":true}\n" : "}\n");
}

/* ---- output ---- */

static void write_line(int fd, const struct linebuf *b)
{
    size_t off = 0;

    while (off < b->len) {
        ssize_t n = write(fd, b->buf + off, b->len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* a log sink that fails is dropped silently: nowhere to report it */
        off += (size_t)n;
    }
}

static void emit_text(const struct ulog_event *ev)
{
    char buf[TEXT_LINE_MAX];
    struct linebuf b;

    linebuf_init(&b, buf, sizeof(buf), 8);
    render_text(&b, ev);
    pthread_rwlock_rdlock(&sink_lock);
    if (text_fd >= 0)
        write_line(text_fd, &b);
    pthread_rwlock_unlock(&sink_lock);
}

static void emit_json(const struct ulog_event *ev)
{
    char buf[JSON_LINE_MAX];
    struct linebuf b;

    linebuf_init(&b, buf, sizeof(buf), 32);
    render_json(&b, ev);
    pthread_rwlock_rdlock(&sink_lock);
    int fd = atomic_load(&trace_fd);
    if (fd >= 0)
        write_line(fd, &b);
    pthread_rwlock_unlock(&sink_lock);
}

void ulog_event(const struct ulog_event *ev)
{
    enum ulog_channel ch = ev->channel;
    enum ulog_level lv = ev->level;

    if ((unsigned)ch >= ULOG_CHANNELS || (unsigned)lv >= ULOG_LEVELS)
        return;
    ensure_environment();
    atomic_fetch_add_explicit(&counts[ch][lv], 1, memory_order_relaxed);
    if (text_wanted(ch, lv))
        emit_text(ev);
    if (trace_wanted(ch, lv))
        emit_json(ev);
}

static void count_only(enum ulog_channel ch, enum ulog_level lv)
{
    if ((unsigned)ch < ULOG_CHANNELS && (unsigned)lv < ULOG_LEVELS)
        atomic_fetch_add_explicit(&counts[ch][lv], 1, memory_order_relaxed);
}

void ulog_v(enum ulog_channel ch, enum ulog_level lv, const char *fmt, va_list ap)
{
    char text[MESSAGE_MAX];
    struct ulog_event ev = { .channel = ch, .level = lv, .text = text };

    if (!ulog_enabled(ch, lv)) {
        count_only(ch, lv);
        return;
    }
    vsnprintf(text, sizeof(text), fmt, ap);
    ulog_event(&ev);
}

void ulog(enum ulog_channel ch, enum ulog_level lv, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    ulog_v(ch, lv, fmt, ap);
    va_end(ap);
}

/* ---- miniport debug output ---- */

/* DPFLTR levels 0..3 are ERROR, WARNING, TRACE, INFO, in rising verbosity; a
 * level above 31 is a mask (its lowest set bit counts). */
enum ulog_level ulog_level_from_windows(uint32_t windows_level)
{
    uint32_t lv = windows_level;

    if (lv > 31) {
        uint32_t mask = lv & 0x7FFFFFFFu;
        lv = mask ? (uint32_t)__builtin_ctz(mask) : 31;
    }
    switch (lv) {
    case 0: return ULOG_ERROR;
    case 1: return ULOG_WARN;
    case 2: return ULOG_INFO;
    case 3: return ULOG_DEBUG;
    default: return ULOG_TRACE;
    }
}

enum ulog_level ulog_level_from_etw(uint32_t etw_level)
{
    switch (etw_level) {
    case 0: return ULOG_INFO; /* LogAlways: not a severity */
    case 1:
    case 2: return ULOG_ERROR;
    case 3: return ULOG_WARN;
    case 4: return ULOG_INFO;
    default: return ULOG_DEBUG;
    }
}

void ulog_miniport_v(const char *source, uint32_t windows_level, const char *fmt, va_list ap)
{
    enum ulog_level lv = ulog_level_from_windows(windows_level);
    char text[MESSAGE_MAX];
    struct ulog_event ev = { .channel = ULOG_MINIPORT, .level = lv, .source = source, .text = text };
    size_t n;

    if (!ulog_enabled(ULOG_MINIPORT, lv)) {
        count_only(ULOG_MINIPORT, lv);
        return;
    }
    n = msfmt_vformat(text, sizeof(text), fmt, ap);
    n = n < sizeof(text) ? n : sizeof(text) - 1;
    if (n && text[n - 1] == '\n')
        text[--n] = '\0';
    if (n && text[n - 1] == '\r')
        text[--n] = '\0';
    ulog_event(&ev);
}

/* ---- the public face (ustor_log.h) ---- */

USTOR_LOG_API int ustor_log_set_levels(const char *spec)
{
    return ulog_set_levels(spec);
}

USTOR_LOG_API int ustor_log_open_trace(const char *path)
{
    return ulog_open_trace(path);
}

USTOR_LOG_API void ustor_log_close_trace(void)
{
    ulog_close_trace();
}

USTOR_LOG_API int ustor_log_set_text_fd(int fd)
{
    return ulog_set_text_fd(fd);
}

USTOR_LOG_API unsigned long long ustor_log_guest_problems(void)
{
    return ulog_count(ULOG_GUEST, ULOG_ERROR) + ulog_count(ULOG_GUEST, ULOG_WARN);
}
