/*
 * The ETW event routines, logged as "EtwEvent" events (events.h):
 * StorPortEtwEvent2/4/8 (function codes 58-60, and 85-87 on the Diagnostic channel
 * for headers from Windows 10 1809 on), StorPortEtwChannelEvent2/4/8 (85-87),
 * StorPortEtwLogByteStream (105), StorPortEtwLogError (98) and
 * StorPortNvmeMiniportEvent (128). Descriptions and parameter names are checked
 * against the documented limits; a pair without a name is not logged (its value
 * is 0 by definition). Left out: ETW sessions and their filtering by keyword.
 */
#include <string.h>

#include "port/events.h"
#include "port/exec.h"
#include "port/wide.h"

#define ETW_MAX_PAIRS 8

struct etw_event {
    const char *name;       /* the log's event name */
    bool has_channel;
    ULONG channel;
    ULONG id;
    PWSTR description;
    ULONGLONG keywords;
    ULONG level, opcode;
    unsigned npairs;
    PWSTR pair_name[ETW_MAX_PAIRS];
    ULONGLONG pair_value[ETW_MAX_PAIRS];
};

static const char *channel_name(ULONG c)
{
    static const char *const names[] = {"Diagnostic", "Operational", "Health", "IoPerformance"};
    return c < 4 ? names[c] : "?";
}

static const char *level_name(ULONG l)
{
    static const char *const names[] = {"LogAlways", "Critical", "Error", "Warning",
                                        "Informational", "Verbose"};
    return l < 6 ? names[l] : "?";
}

static const char *opcode_name(ULONG o)
{
    static const char *const names[] = {"Info", "Start", "Stop", "DC_Start", "DC_Stop",
                                        "Extension", "Reply", "Resume", "Suspend", "Send"};
    return o < 10 ? names[o] : o == StorportEtwEventOpcodeReceive ? "Receive" : "?";
}

/* The common arguments, from the channel (if any) up to the opcode. */
static void etw_head(struct etw_event *e, va_list *ap, bool channel)
{
    e->has_channel = channel;
    e->channel = channel ? va_arg(*ap, ULONG) : StorportEtwEventDiagnostic;
    e->id = va_arg(*ap, ULONG);
    e->description = va_arg(*ap, PWSTR);
    e->keywords = va_arg(*ap, ULONGLONG);
    e->level = va_arg(*ap, ULONG);
    e->opcode = va_arg(*ap, ULONG);
}

static void etw_pairs(struct etw_event *e, va_list *ap, unsigned n)
{
    e->npairs = n;
    for (unsigned i = 0; i < n; i++) {
        e->pair_name[i] = va_arg(*ap, PWSTR);
        e->pair_value[i] = va_arg(*ap, ULONGLONG);
    }
}

static bool etw_valid(const struct etw_event *e)
{
    if (!e->description ||
        wide_len(e->description, STORPORT_ETW_MAX_DESCRIPTION_LENGTH + 1) >
            STORPORT_ETW_MAX_DESCRIPTION_LENGTH)
        return false;
    if (e->channel > StorportEtwEventIoPerformance)
        return false;
    for (unsigned i = 0; i < e->npairs; i++)
        if (e->pair_name[i] && wide_len(e->pair_name[i], STORPORT_ETW_MAX_PARAM_NAME_LENGTH + 1) >
                                   STORPORT_ETW_MAX_PARAM_NAME_LENGTH)
            return false;
    return true;
}

/* Logs E for the adapter behind EXT; ADDR and SRB as the routine got them. */
static ULONG etw_log(PVOID ext, const char *who, const struct etw_event *e, PSTOR_ADDRESS addr,
                     PVOID srb, void (*extra)(struct event_builder *, const void *), const void *ctx)
{
    struct ustor_adapter *a = port_adapter_from_ext(ext, who);
    if (!a || !etw_valid(e))
        return STOR_STATUS_INVALID_PARAMETER;
    if (!exec_irql_check(who, EXEC_PASSIVE_LEVEL, EXEC_DISPATCH_LEVEL, port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    struct event_builder b;
    event_begin(&b, a, e->name, ulog_level_from_etw(e->level));
    if (!event_where(&b, addr, srb))
        return STOR_STATUS_INVALID_PARAMETER;
    event_text_wide(&b, e->description);
    if (extra)
        extra(&b, ctx);
    event_u64(&b, "EventId", e->id);
    event_str(&b, "Channel", channel_name(e->channel));
    event_str(&b, "Level", level_name(e->level));
    event_str(&b, "Opcode", opcode_name(e->opcode));
    event_hex(&b, "Keywords", e->keywords);
    for (unsigned i = 0; i < e->npairs; i++)
        event_wide_u64(&b, e->pair_name[i], e->pair_value[i]);
    event_emit(&b);
    return STOR_STATUS_SUCCESS;
}

/* StorPortEtwEventN of headers before Windows 10 1809 (no channel argument). */
static ULONG etw_plain(PVOID ext, va_list *ap, unsigned pairs, const char *who)
{
    struct etw_event e = {.name = "EtwEvent"};
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    etw_head(&e, ap, false);
    PVOID srb = va_arg(*ap, PVOID);
    etw_pairs(&e, ap, pairs);
    return etw_log(ext, who, &e, addr, srb, NULL, NULL);
}

static ULONG etw_channel(PVOID ext, va_list *ap, unsigned pairs, const char *who)
{
    struct etw_event e = {.name = "EtwEvent"};
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    etw_head(&e, ap, true);
    PVOID srb = va_arg(*ap, PVOID);
    etw_pairs(&e, ap, pairs);
    return etw_log(ext, who, &e, addr, srb, NULL, NULL);
}

static ULONG ext_etw2(PVOID ext, va_list *ap)
{
    return etw_plain(ext, ap, 2, "StorPortEtwEvent2");
}
USTOR_EXTFN(ExtFunctionMiniportEtwEvent2, ext_etw2);

static ULONG ext_etw4(PVOID ext, va_list *ap)
{
    return etw_plain(ext, ap, 4, "StorPortEtwEvent4");
}
USTOR_EXTFN(ExtFunctionMiniportEtwEvent4, ext_etw4);

static ULONG ext_etw8(PVOID ext, va_list *ap)
{
    return etw_plain(ext, ap, 8, "StorPortEtwEvent8");
}
USTOR_EXTFN(ExtFunctionMiniportEtwEvent8, ext_etw8);

static ULONG ext_etw_channel2(PVOID ext, va_list *ap)
{
    return etw_channel(ext, ap, 2, "StorPortEtwChannelEvent2");
}
USTOR_EXTFN(ExtFunctionMiniportChannelEtwEvent2, ext_etw_channel2);

static ULONG ext_etw_channel4(PVOID ext, va_list *ap)
{
    return etw_channel(ext, ap, 4, "StorPortEtwChannelEvent4");
}
USTOR_EXTFN(ExtFunctionMiniportChannelEtwEvent4, ext_etw_channel4);

static ULONG ext_etw_channel8(PVOID ext, va_list *ap)
{
    return etw_channel(ext, ap, 8, "StorPortEtwChannelEvent8");
}
USTOR_EXTFN(ExtFunctionMiniportChannelEtwEvent8, ext_etw_channel8);

/* ---- byte streams, hardware errors, NVMe namespaces ---- */

struct blob {
    const void *data;
    size_t n;
};

static void blob_param(struct event_builder *b, const void *ctx)
{
    const struct blob *x = ctx;
    if (x->n)
        event_bytes(b, "Data", x->data, x->n);
}

static ULONG ext_etw_byte_stream(PVOID ext, va_list *ap)
{
    struct etw_event e = {.name = "EtwByteStream"};
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    etw_head(&e, ap, true);
    struct blob x;
    x.n = (USHORT)va_arg(*ap, int);
    x.data = va_arg(*ap, PUCHAR);
    if (x.n && !x.data)
        return STOR_STATUS_INVALID_PARAMETER;
    return etw_log(ext, "StorPortEtwLogByteStream", &e, addr, NULL, blob_param, &x);
}
USTOR_EXTFN(ExtFunctionMiniportLogByteStream, ext_etw_byte_stream);

static ULONG ext_etw_hardware_error(PVOID ext, va_list *ap)
{
    struct etw_event e = {.name = "EtwLogError", .has_channel = true,
                          .channel = StorportEtwEventOperational, .level = StorportEtwLevelError};
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    e.id = va_arg(*ap, ULONG);
    e.description = va_arg(*ap, PWSTR);
    struct blob x;
    x.n = va_arg(*ap, ULONG);
    x.data = va_arg(*ap, PVOID);
    if (x.n && !x.data)
        return STOR_STATUS_INVALID_PARAMETER;
    return etw_log(ext, "StorPortEtwLogError", &e, addr, NULL, blob_param, &x);
}
USTOR_EXTFN(ExtFunctionLogHardwareError, ext_etw_hardware_error);

struct nvme_target {
    PVOID controller;
    ULONG nsid;
};

static void nvme_params(struct event_builder *b, const void *ctx)
{
    const struct nvme_target *n = ctx;
    event_hex(b, "ControllerHandle", (uint64_t)(uintptr_t)n->controller);
    event_u64(b, "NamespaceId", n->nsid);
}

static ULONG ext_nvme_event(PVOID ext, va_list *ap)
{
    struct etw_event e = {.name = "NvmeEtwEvent"};
    struct nvme_target n;
    n.controller = va_arg(*ap, PVOID);
    n.nsid = va_arg(*ap, ULONG);
    etw_head(&e, ap, true);
    etw_pairs(&e, ap, 8);
    return etw_log(ext, "StorPortNvmeMiniportEvent", &e, NULL, NULL, nvme_params, &n);
}
USTOR_EXTFN(ExtFunctionNvmeMiniportEvent, ext_nvme_event);
