/* The leveled log: text lines on stderr (or any fd) and JSON lines in a trace file.
 *
 * Channels: host (our own errors), guest (misbehaviour of a miniport or an NBD
 * client: what was wrong, never a crash), miniport (DbgPrint/StorPortDebugPrint text)
 * and events (ETW, LogError, LogSystemEvent, telemetry). Each channel has a level
 * threshold for the text sink and one for the trace sink; USTOR_LOG sets the text
 * thresholds at first use ("debug", "warning,miniport=trace,guest=info", "off").
 * Every message, printed or not, is counted per channel and level.
 * A message is formatted on the stack (no allocation) and leaves in one write() per
 * sink, so lines from several threads stay whole on pipes, terminals and files (the
 * trace file is opened O_APPEND); what does not fit in a line is cut and marked
 * ("..." in text, "truncated":true in JSON, which stays valid). Thread-safe.
 * Left out: partial-line joining for DbgPrint text without a newline (each call is
 * one line), rate limiting, syslog. */
#ifndef USTOR_COMMON_LOG_H
#define USTOR_COMMON_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ustorport/ustor_log.h"

enum ulog_channel { ULOG_HOST, ULOG_GUEST, ULOG_MINIPORT, ULOG_EVENTS, ULOG_CHANNELS };
enum ulog_level { ULOG_ERROR, ULOG_WARN, ULOG_INFO, ULOG_DEBUG, ULOG_TRACE, ULOG_LEVELS };

/* A unit address as in STOR_ADDRESS (BTL8): port, path (bus), target, LUN. */
struct ulog_addr {
    uint16_t port;
    uint8_t path, target, lun;
};

enum ulog_param_type {
    ULOG_PARAM_U64,   /* JSON number */
    ULOG_PARAM_I64,   /* JSON number */
    ULOG_PARAM_HEX,   /* "0x..." string */
    ULOG_PARAM_STR,   /* UTF-8 string; NULL prints null */
    ULOG_PARAM_BYTES, /* hex string of n bytes */
};

struct ulog_param {
    const char *name; /* NULL: "paramN" */
    enum ulog_param_type type;
    union {
        uint64_t u;
        int64_t i;
        const char *s;
        struct {
            const void *p;
            size_t n;
        } bytes;
    };
};

struct ulog_event {
    enum ulog_channel channel;
    enum ulog_level level;
    const char *name;             /* event name, e.g. "EtwEvent2"; NULL for a plain message */
    const char *source;           /* who, e.g. the adapter "nvme0"; optional */
    const struct ulog_addr *addr; /* the LUN, when given */
    const char *text;             /* message or event description; optional */
    const struct ulog_param *params;
    unsigned nparams;
};

/* True if a message at this channel and level would reach any sink (cheap). */
bool ulog_enabled(enum ulog_channel ch, enum ulog_level lv);

void ulog(enum ulog_channel ch, enum ulog_level lv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ulog_v(enum ulog_channel ch, enum ulog_level lv, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void ulog_event(const struct ulog_event *ev);

#define ulog_host(lv, ...)  ulog(ULOG_HOST, (lv), __VA_ARGS__)
#define ulog_guest(lv, ...) ulog(ULOG_GUEST, (lv), __VA_ARGS__)

/* DbgPrint/StorPortDebugPrint: MSVC format (msfmt.h), Windows level mapped by
 * ulog_level_from_windows; one trailing newline is dropped. */
void ulog_miniport_v(const char *source, uint32_t windows_level, const char *fmt, va_list ap);
enum ulog_level ulog_level_from_windows(uint32_t windows_level);
/* STORPORT_ETW_LEVEL: LogAlways and Informational -> info, Critical and Error -> error,
 * Warning -> warning, Verbose and above -> debug. */
enum ulog_level ulog_level_from_etw(uint32_t etw_level);

/* Configuration (the public ustor_log_* functions in ustor_log.h do the same). */
int ulog_set_levels(const char *spec);              /* -EINVAL on a bad spec, nothing changed */
void ulog_set_level(enum ulog_channel ch, int lv);  /* lv -1: off */
void ulog_set_trace_level(enum ulog_channel ch, int lv);
int ulog_set_text_fd(int fd);                       /* returns the previous fd; -1: none */
int ulog_open_trace(const char *path);              /* 0 or -errno */
int ulog_set_trace_fd(int fd);                      /* takes ownership; returns the previous one */
void ulog_close_trace(void);

/* Messages seen so far on a channel at a level, printed or not. */
uint64_t ulog_count(enum ulog_channel ch, enum ulog_level lv);

const char *ulog_level_name(enum ulog_level lv);
const char *ulog_channel_name(enum ulog_channel ch);

/* "module!symbol+0x1c" (or "module+0x1234", or "0x...") for a code address,
 * for reports that name the caller. Returns buf. */
const char *ulog_describe_code(const void *addr, char *buf, size_t n);

#endif
