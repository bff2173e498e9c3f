/* ustorport logging and error text, for programs that host the library.
 *
 * Levels: error, warning, info, debug, trace. Channels: host (the library's own
 * errors), guest (misbehaviour of a miniport or an NBD client), miniport (its
 * DbgPrint/StorPortDebugPrint text) and events (ETW, LogError, telemetry).
 * Text goes to stderr, filtered by the USTOR_LOG environment variable or
 * ustor_log_set_levels(); a trace file receives every message as a JSON line. */
#ifndef USTORPORT_USTOR_LOG_H
#define USTORPORT_USTOR_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

#define USTOR_LOG_API __attribute__((visibility("default")))

/* Spec: "LEVEL" for every channel, or "CHANNEL=LEVEL" items, comma separated,
 * e.g. "info,miniport=trace"; LEVEL may be "off". 0, or -EINVAL (nothing changed). */
USTOR_LOG_API int ustor_log_set_levels(const char *spec);

/* Write every message as a JSON line to path (created or truncated). 0 or -errno. */
USTOR_LOG_API int ustor_log_open_trace(const char *path);
USTOR_LOG_API void ustor_log_close_trace(void);

/* Send text lines to fd instead of stderr (-1: nowhere). Returns the previous fd. */
USTOR_LOG_API int ustor_log_set_text_fd(int fd);

/* Guest errors and warnings seen so far (misbehaviour of a miniport or a client). */
USTOR_LOG_API unsigned long long ustor_log_guest_problems(void);

/* The calling thread's message about the last failure of a ustor_* function. */
USTOR_LOG_API const char *ustor_error_message(void);

#ifdef __cplusplus
}
#endif

#endif
