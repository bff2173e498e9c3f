/*
 * StorPortExtendedFunction: one dispatcher for every STORPORT_FUNCTION_CODE. Each
 * area registers its handlers where it is implemented (USTOR_EXTFN in
 * port_internal.h puts them in the "ustor_extfn" section); the table is built on
 * first use. A code nobody handles returns STOR_STATUS_NOT_IMPLEMENTED, logged once
 * per code with the caller.
 * The request-processing handlers live here: GetRequestInfo and
 * GetStartIoPerformanceParameters.
 */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/port_internal.h"

#define EXTFN_CODES 256

extern const struct port_extfn_entry __start_ustor_extfn[] __attribute__((weak, visibility("hidden")));
extern const struct port_extfn_entry __stop_ustor_extfn[] __attribute__((weak, visibility("hidden")));

static port_extfn_handler *extfn_table[EXTFN_CODES];
static pthread_once_t extfn_once = PTHREAD_ONCE_INIT;
static _Atomic uint32_t extfn_reported[EXTFN_CODES / 32];
static __thread const void *extfn_caller;

const void *port_extfn_caller(void)
{
    return extfn_caller;
}

static void extfn_table_build(void)
{
    for (const struct port_extfn_entry *e = __start_ustor_extfn; e && e < __stop_ustor_extfn; e++) {
        if (e->code >= EXTFN_CODES) {
            ulog_host(ULOG_ERROR, "port: extended function %s has code %u beyond the table",
                      e->name, e->code);
            continue;
        }
        if (extfn_table[e->code])
            ulog_host(ULOG_ERROR, "port: extended function %s (%u) registered twice", e->name,
                      e->code);
        extfn_table[e->code] = e->handler;
    }
}

static void unimplemented_once(ULONG code, const void *caller)
{
    uint32_t bit = 1u << (code % 32), *unused = NULL;
    (void)unused;
    if (code < EXTFN_CODES &&
        (atomic_fetch_or(&extfn_reported[code / 32], bit) & bit))
        return;
    char where[128];
    ulog_guest(ULOG_WARN, "StorPortExtendedFunction(%u) from %s: not implemented here; "
               "returning STOR_STATUS_NOT_IMPLEMENTED", code,
               ulog_describe_code(caller, where, sizeof where));
}

STORPORT_API ULONG StorPortExtendedFunction(STORPORT_FUNCTION_CODE FunctionCode,
                                            PVOID HwDeviceExtension, ...)
{
    pthread_once(&extfn_once, extfn_table_build);
    ULONG code = (ULONG)FunctionCode;
    port_extfn_handler *h = code < EXTFN_CODES ? extfn_table[code] : NULL;
    if (!h) {
        unimplemented_once(code, __builtin_return_address(0));
        return STOR_STATUS_NOT_IMPLEMENTED;
    }
    const void *outer = extfn_caller;   /* a handler may call back into the miniport */
    extfn_caller = __builtin_return_address(0);
    va_list ap;
    va_start(ap, HwDeviceExtension);
    ULONG st = h(HwDeviceExtension, &ap);
    va_end(ap);
    extfn_caller = outer;
    return st;
}

/* ---- the SRB behind a request ---- */

static struct ustor_request *srb_in_flight(struct ustor_adapter *a, PVOID srb, const char *who)
{
    struct ustor_request *slot = port_slot_from_srb(a, srb);
    int st = slot ? atomic_load(&slot->state) : SLOT_FREE;
    if (st != SLOT_STARTED && st != SLOT_BUILDING && st != SLOT_COMPLETING) {
        port_guest(a, "%s: %p is not an SRB the miniport holds", who, srb);
        return NULL;
    }
    return slot;
}

/* ---- StorPortGetRequestInfo ---- */

static ULONG ext_get_request_info(PVOID ext, va_list *ap)
{
    PVOID srb = va_arg(*ap, PVOID);
    PSTOR_REQUEST_INFO info = va_arg(*ap, PSTOR_REQUEST_INFO);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetRequestInfo");
    if (!a || !info)
        return STOR_STATUS_INVALID_PARAMETER;
    struct ustor_request *slot = srb_in_flight(a, srb, "StorPortGetRequestInfo");
    if (!slot)
        return STOR_STATUS_INVALID_PARAMETER;
    USHORT ver = info->Version;
    if (ver != STOR_REQUEST_INFO_VER_1 && ver != STOR_REQUEST_INFO_VER_2)
        return STOR_STATUS_UNSUPPORTED_VERSION;
    size_t size = ver == STOR_REQUEST_INFO_VER_1 ? sizeof(STOR_REQUEST_INFO_V1)
                                                 : sizeof(STOR_REQUEST_INFO_V2);
    memset((char *)info + 4, 0, size - 4);
    info->Size = (USHORT)size;
    info->PriorityHint = StorIoPriorityNormal;
    info->Length = slot->req->data_length;
    info->IsWriteRequest = slot->req->direction == USTOR_DATA_OUT;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetRequestInfo, ext_get_request_info);

/* ---- StorPortGetStartIoPerfParams ---- */

static ULONG redirection_message(const struct ustor_adapter *a)
{
    if (!(a->perf_flags & STOR_PERF_DPC_REDIRECTION) || a->perf_last_msg < a->perf_first_msg)
        return 0;
    uint32_t span = a->perf_last_msg - a->perf_first_msg + 1;
    return a->perf_first_msg + exec_cpu_current(exec_topology(), NULL) % span;
}

static ULONG ext_get_startio_perf_params(PVOID ext, va_list *ap)
{
    PVOID srb = va_arg(*ap, PVOID);
    PSTARTIO_PERFORMANCE_PARAMETERS p = va_arg(*ap, PSTARTIO_PERFORMANCE_PARAMETERS);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetStartIoPerfParams");
    if (!a || !p)
        return STOR_STATUS_INVALID_PARAMETER;
    if (p->Size < sizeof(STARTIO_PERFORMANCE_PARAMETERS)) {
        port_guest(a, "StorPortGetStartIoPerfParams: Size %u too small", p->Size);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct ustor_request *slot = srb_in_flight(a, srb, "StorPortGetStartIoPerfParams");
    if (!slot)
        return STOR_STATUS_INVALID_PARAMETER;
    p->ChannelNumber = a->channels > 1 ? slot->channel : 0;
    p->MessageNumber = redirection_message(a);
    if (p->Size >= sizeof(STARTIO_PERFORMANCE_PARAMETERS_V2)) {
        PSTARTIO_PERFORMANCE_PARAMETERS_V2 p2 = (PSTARTIO_PERFORMANCE_PARAMETERS_V2)p;
        struct exec_procnum n;
        exec_cpu_current(exec_topology(), &n);
        p2->InitiatingProcessor.Group = n.group;
        p2->InitiatingProcessor.Number = n.number;
        p2->InitiatingProcessor.Reserved = 0;
    }
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetStartIoPerformanceParameters, ext_get_startio_perf_params);
