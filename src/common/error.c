/* Thread-local error text (see error.h). */
#include "common/error.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char error_text[USTOR_ERROR_MAX];

/* Through a copy, so the old message may be an argument ("...: %s", message). */
void ustor_error_setv(const char *fmt, va_list ap)
{
    char text[USTOR_ERROR_MAX];

    vsnprintf(text, sizeof(text), fmt, ap);
    memcpy(error_text, text, sizeof(text));
}

void ustor_error_set(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    ustor_error_setv(fmt, ap);
    va_end(ap);
}

int ustor_error_fail(int neg_errno, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    ustor_error_setv(fmt, ap);
    va_end(ap);
    return neg_errno;
}

const char *ustor_error_message(void)
{
    return error_text;
}

void ustor_error_clear(void)
{
    error_text[0] = '\0';
}
