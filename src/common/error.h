/* Thread-local error text for library functions that return 0 or -errno.
 * A failing function sets a one-line message saying what went wrong; the caller
 * reads it with ustor_error_message() until the next failure on the same thread.
 * It does not keep a history and does not log by itself. */
#ifndef USTOR_COMMON_ERROR_H
#define USTOR_COMMON_ERROR_H

#include <stdarg.h>

#include "ustorport/ustor_log.h"

#define USTOR_ERROR_MAX 512

/* Replace this thread's message. */
void ustor_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ustor_error_setv(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Set the message and return neg_errno: `return ustor_error_fail(-EINVAL, "...");` */
int ustor_error_fail(int neg_errno, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* This thread's last message, "" if none, is ustor_error_message() (ustor_log.h). */

void ustor_error_clear(void);

#endif
