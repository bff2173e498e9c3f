/*
 * Checks every inline StorPort* wrapper of storport.h: it must reach
 * StorPortExtendedFunction or StorPortNotification exactly once, with the
 * function code or notification type of api/routines.tsv, the device
 * extension, and its arguments in order (ETW wrappers: unnamed pairs carry 0,
 * StorPortEtwEventN adds the Diagnostic channel), and return what the port
 * reported. This program stands in for the library's two dispatchers.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "wrapper_codes.h"

static struct {
    const char *name;
    int notify;
    unsigned code;
    PVOID extension;
    const struct ustor_arg *want;
    unsigned count;
    enum ustor_result_kind result;
    int calls;
    int bad;
} expected;

static int failures;

void ustor_expect(const char *name, int notify, unsigned code, PVOID extension,
                  const struct ustor_arg *want, unsigned count, enum ustor_result_kind result)
{
    expected.name = name;
    expected.notify = notify;
    expected.code = code;
    expected.extension = extension;
    expected.want = want;
    expected.count = count;
    expected.result = result;
    expected.calls = 0;
    expected.bad = 0;
}

static void fail(const char *what, unsigned long long got, unsigned long long want)
{
    fprintf(stderr, "%s: %s: got 0x%llx, want 0x%llx\n", expected.name, what, got, want);
    expected.bad = 1;
}

static unsigned long long read_arg(enum ustor_arg_kind kind, va_list *ap)
{
    switch (kind) {
    case ARG_I32:
        return va_arg(*ap, unsigned int);
    case ARG_U64:
        return va_arg(*ap, unsigned long long);
    case ARG_PTR:
        return (uintptr_t)va_arg(*ap, void *);
    case ARG_PHYS:
        return (unsigned long long)va_arg(*ap, PHYSICAL_ADDRESS).QuadPart;
    case ARG_ATTR: {
        STOR_UNIT_ATTRIBUTES a = va_arg(*ap, STOR_UNIT_ATTRIBUTES);
        return a.DeviceAttentionSupported | a.AsyncNotificationSupported << 1 |
               a.D3ColdNotSupported << 2;
    }
    }
    return ~0ULL;
}

static void record(int notify, unsigned code, PVOID extension, va_list *ap)
{
    if (expected.calls++ != 0)
        fail("dispatcher calls", (unsigned long long)expected.calls, 1);
    if (notify != expected.notify)
        fail("dispatcher (1 = StorPortNotification)", (unsigned)notify,
             (unsigned)expected.notify);
    if (code != expected.code)
        fail("code", code, expected.code);
    if (extension != expected.extension)
        fail("device extension", (uintptr_t)extension, (uintptr_t)expected.extension);
    for (unsigned i = 0; i < expected.count; i++) {
        unsigned long long got = read_arg(expected.want[i].kind, ap);
        if (expected.want[i].kind == ARG_I32)
            got &= 0xffffffffu;
        if (got != expected.want[i].value) {
            char what[32];
            snprintf(what, sizeof what, "argument %u", i + 2);
            fail(what, got, expected.want[i].value);
        }
    }
}

ULONG StorPortExtendedFunction(STORPORT_FUNCTION_CODE FunctionCode, PVOID HwDeviceExtension, ...)
{
    va_list ap;

    va_start(ap, HwDeviceExtension);
    record(0, (unsigned)FunctionCode, HwDeviceExtension, &ap);
    va_end(ap);
    return USTOR_TEST_EXT_RETURN;
}

VOID StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...)
{
    va_list ap;

    va_start(ap, HwDeviceExtension);
    record(1, (unsigned)NotificationType, HwDeviceExtension, &ap);
    if (expected.result == RESULT_LONG)
        *va_arg(ap, PLONG) = TRUE;
    else if (expected.result == RESULT_ULONG)
        *va_arg(ap, PULONG) = USTOR_TEST_STATUS;
    va_end(ap);
}

void ustor_done(int returned_ok)
{
    if (expected.calls != 1)
        fail("dispatcher calls", (unsigned long long)expected.calls, 1);
    if (!returned_ok)
        fail("return value passed through", 0, 1);
    failures += expected.bad;
}

PHYSICAL_ADDRESS ustor_test_phys(unsigned long long value)
{
    PHYSICAL_ADDRESS a;

    a.QuadPart = (LONGLONG)value;
    return a;
}

STOR_UNIT_ATTRIBUTES ustor_test_attributes(void)
{
    STOR_UNIT_ATTRIBUTES a = {0};

    a.DeviceAttentionSupported = 1;
    a.D3ColdNotSupported = 1;
    return a;
}

int main(void)
{
    for (unsigned i = 0; i < ustor_wrapper_call_count; i++)
        ustor_wrapper_calls[i]();
    printf("storport wrappers: %u calls checked, %d wrong\n", ustor_wrapper_call_count, failures);
    return failures == 0 && ustor_wrapper_call_count > 0 ? 0 : 1;
}
