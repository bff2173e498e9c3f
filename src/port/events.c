/*
 * The logging routines and the event builder they share with the ETW routines
 * (events.h): StorPortDebugPrint (the MSVC printf dialect, msfmt.h),
 * StorPortLogError, StorPortLogSystemEvent, StorPortLogTelemetry(Ex) and
 * StorPortNvmeLogTelemetry, and StorPortGetActivityIdSrb.
 * Left out: the Windows event log itself (message tables, insertion strings);
 * entries are rendered with their codes and data instead.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "port/events.h"
#include "port/exec.h"
#include "port/general.h"
#include "port/wide.h"

/* Dump data and strings of one StorPortLogSystemEvent together. An event log entry
 * is a few hundred bytes on Windows; this port's limit is this many. */
#define LOG_EVENT_MAX_DATA 192u
#define LOG_EVENT_MAX_STRINGS 8

/* ---- the event builder ---- */

void event_begin(struct event_builder *b, struct ustor_adapter *a, const char *name,
                 enum ulog_level lv)
{
    memset(b, 0, offsetof(struct event_builder, names));
    b->a = a;
    b->ev.channel = ULOG_EVENTS;
    b->ev.level = lv;
    b->ev.name = name;
    b->ev.source = a ? a->name : NULL;
    b->ev.params = b->params;
}

static struct ulog_param *next_param(struct event_builder *b, const char *name)
{
    if (b->ev.nparams >= EVENT_MAX_PARAMS)
        return NULL;
    unsigned i = b->ev.nparams++;
    snprintf(b->names[i], EVENT_NAME_BYTES, "%s", name);
    b->params[i].name = b->names[i];
    return &b->params[i];
}

void event_u64(struct event_builder *b, const char *name, uint64_t v)
{
    struct ulog_param *p = next_param(b, name);
    if (p)
        *p = (struct ulog_param){.name = p->name, .type = ULOG_PARAM_U64, .u = v};
}

void event_hex(struct event_builder *b, const char *name, uint64_t v)
{
    struct ulog_param *p = next_param(b, name);
    if (p)
        *p = (struct ulog_param){.name = p->name, .type = ULOG_PARAM_HEX, .u = v};
}

void event_str(struct event_builder *b, const char *name, const char *s)
{
    struct ulog_param *p = next_param(b, name);
    if (p)
        *p = (struct ulog_param){.name = p->name, .type = ULOG_PARAM_STR, .s = s};
}

void event_bytes(struct event_builder *b, const char *name, const void *data, size_t n)
{
    struct ulog_param *p = next_param(b, name);
    if (p)
        *p = (struct ulog_param){.name = p->name, .type = ULOG_PARAM_BYTES, .bytes = {data, n}};
}

void event_wide_u64(struct event_builder *b, const WCHAR *name, uint64_t v)
{
    char utf8[EVENT_NAME_BYTES];
    if (name)
        event_u64(b, wide_cstr(name, utf8, sizeof utf8), v);
}

void event_text_wide(struct event_builder *b, const WCHAR *text)
{
    if (text)
        b->ev.text = wide_cstr(text, b->text, sizeof b->text);
}

void event_text(struct event_builder *b, const char *text, size_t max)
{
    snprintf(b->text, sizeof b->text, "%.*s", (int)strnlen(text, max), text);
    b->ev.text = b->text;
}

bool event_where(struct event_builder *b, const STOR_ADDRESS *addr, PVOID srb)
{
    GUID id;
    if (addr && addr->Type != STOR_ADDRESS_TYPE_BTL8)
        return false;
    if (addr) {
        const STOR_ADDR_BTL8 *a8 = (const STOR_ADDR_BTL8 *)addr;
        b->addr = (struct ulog_addr){(uint16_t)b->a->port_number, a8->Path, a8->Target, a8->Lun};
        b->ev.addr = &b->addr;
    }
    if (srb && port_activity_id(b->a, srb, &id)) {
        struct ustor_request *slot = port_slot_from_srb(b->a, srb);
        if (!addr) {
            b->addr = (struct ulog_addr){(uint16_t)b->a->port_number, slot->unit->path,
                                         slot->unit->target, slot->unit->lun};
            b->ev.addr = &b->addr;
        }
        port_guid_text(&id, b->activity);
        event_str(b, "ActivityId", b->activity);
    }
    return true;
}

void event_emit(struct event_builder *b)
{
    ulog_event(&b->ev);
}

/* ---- activity IDs ---- */

static _Atomic uint64_t activity_serial;

bool port_activity_id(struct ustor_adapter *a, PVOID srb, GUID *out)
{
    struct ustor_request *slot = srb ? port_slot_from_srb(a, srb) : NULL;
    int st = slot ? atomic_load(&slot->state) : SLOT_FREE;
    if (st != SLOT_STARTED && st != SLOT_BUILDING && st != SLOT_COMPLETING)
        return false;
    uint64_t serial = atomic_load(&slot->activity);
    if (!serial) {
        uint64_t mine = atomic_fetch_add(&activity_serial, 1) + 1;
        serial = atomic_compare_exchange_strong(&slot->activity, &serial, mine) ? mine : serial;
    }
    /* The serial and where the request ran; variant bits as an RFC 4122 GUID. */
    out->Data1 = (ULONG)serial;
    out->Data2 = (USHORT)(serial >> 32);
    out->Data3 = (USHORT)(0x4000 | ((serial >> 48) & 0x0FFF));
    out->Data4[0] = 0x80 | (UCHAR)((a->port_number >> 8) & 0x3F);
    out->Data4[1] = (UCHAR)a->port_number;
    out->Data4[2] = (UCHAR)(slot->index >> 8);
    out->Data4[3] = (UCHAR)slot->index;
    memcpy(&out->Data4[4], "usp0", 4);
    return true;
}

static ULONG ext_get_activity_id(PVOID ext, va_list *ap)
{
    PVOID srb = va_arg(*ap, PVOID);
    LPGUID id = va_arg(*ap, LPGUID);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortGetActivityIdSrb");
    if (!a || !id)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!port_activity_id(a, srb, id)) {
        port_guest(a, "StorPortGetActivityIdSrb: %p is not an SRB the miniport holds", srb);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetActivityId, ext_get_activity_id);

/* ---- StorPortDebugPrint ---- */

/* The miniport a code address belongs to, named as its driver is ("nvme"). */
static const char *module_of(const void *addr, char *buf, size_t n)
{
    Dl_info info;
    if (!addr || !dladdr(addr, &info) || !info.dli_fname)
        return "miniport";
    const char *base = strrchr(info.dli_fname, '/');
    base = base ? base + 1 : info.dli_fname;
    if (!strncmp(base, "lib", 3) && base[3])
        base += 3;
    snprintf(buf, n, "%.*s", (int)strcspn(base, "."), base);
    return buf;
}

STORPORT_API VOID StorPortDebugPrint(ULONG DebugPrintLevel, PSTR DebugMessage, ...)
{
    char source[64];
    va_list ap;
    if (!DebugMessage)
        return;
    /* Naming the module costs a dladdr(): only for a message that is printed. */
    bool shown = ulog_enabled(ULOG_MINIPORT, ulog_level_from_windows(DebugPrintLevel));
    va_start(ap, DebugMessage);
    ulog_miniport_v(shown ? module_of(EXEC_CALLER(), source, sizeof source) : "miniport",
                    DebugPrintLevel, DebugMessage, ap);
    va_end(ap);
}

/* ---- StorPortLogError ---- */

static const char *sp_error_name(ULONG code)
{
    static const char *const names[] = {
        NULL, "SP_BUS_PARITY_ERROR", "SP_UNEXPECTED_DISCONNECT", "SP_INVALID_RESELECTION",
        "SP_BUS_TIME_OUT", "SP_PROTOCOL_ERROR", "SP_INTERNAL_ADAPTER_ERROR",
        "SP_REQUEST_TIMEOUT", "SP_IRQ_NOT_RESPONDING", "SP_BAD_FW_WARNING", "SP_BAD_FW_ERROR",
        "SP_LOST_WMI_MINIPORT_REQUEST"};
    return code < sizeof names / sizeof names[0] ? names[code] : NULL;
}

STORPORT_API VOID StorPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId,
                                   UCHAR TargetId, UCHAR Lun, ULONG ErrorCode, ULONG UniqueId)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortLogError");
    if (!a)
        return;
    struct event_builder b;
    STOR_ADDR_BTL8 at = {STOR_ADDRESS_TYPE_BTL8, (USHORT)a->port_number,
                         STOR_ADDR_BTL8_ADDRESS_LENGTH, PathId, TargetId, Lun, 0};
    event_begin(&b, a, "LogError", ULOG_ERROR);
    event_where(&b, (const STOR_ADDRESS *)&at, Srb);
    const char *name = sp_error_name(ErrorCode);
    if (name)
        event_text(&b, name, 64);
    event_hex(&b, "ErrorCode", ErrorCode);
    event_hex(&b, "UniqueId", UniqueId);
    event_emit(&b);
}

/* ---- StorPortLogSystemEvent ---- */

/* Bytes of dump data and strings; -1 if a pointer the counts need is missing. */
static long log_event_bytes(const STOR_LOG_EVENT_DETAILS *d)
{
    if ((d->DumpDataSize && !d->DumpData) || (d->StringCount && !d->StringList))
        return -1;
    unsigned long total = d->DumpDataSize;
    for (ULONG i = 0; i < d->StringCount && total <= LOG_EVENT_MAX_DATA; i++) {
        if (!d->StringList[i])
            return -1;
        total += (wide_len(d->StringList[i], LOG_EVENT_MAX_DATA) + 1) * sizeof(WCHAR);
    }
    return (long)total;
}

static enum ulog_level log_event_level(const STOR_LOG_EVENT_DETAILS *d)
{
    if (d->StorportSpecificErrorCode)
        return ULOG_ERROR; /* the SP_* codes are all errors */
    switch (d->ErrorCode >> 30) { /* NTSTATUS severity */
    case 3: return ULOG_ERROR;
    case 2: return ULOG_WARN;
    default: return ULOG_INFO;
    }
}

static ULONG log_event_check(STOR_LOG_EVENT_DETAILS *d, PULONG max_size)
{
    if ((d->InterfaceRevision >> 8) != (STOR_CURRENT_LOG_INTERFACE_REVISION >> 8)) {
        d->InterfaceRevision = STOR_CURRENT_LOG_INTERFACE_REVISION;
        return STOR_STATUS_UNSUPPORTED_VERSION;
    }
    if (d->Size < sizeof *d || (ULONG)d->EventAssociation > StorEventTargetAssociation)
        return STOR_STATUS_INVALID_PARAMETER;
    long bytes = log_event_bytes(d);
    if (bytes < 0)
        return STOR_STATUS_INVALID_PARAMETER;
    if ((unsigned long)bytes > LOG_EVENT_MAX_DATA) {
        if (max_size)
            *max_size = LOG_EVENT_MAX_DATA;
        return STOR_STATUS_INVALID_BUFFER_SIZE;
    }
    return STOR_STATUS_SUCCESS;
}

static void log_event_where(struct event_builder *b, const STOR_LOG_EVENT_DETAILS *d)
{
    /* Storport keeps 8-bit addresses: the ULONG fields are truncated, as documented. */
    if (d->EventAssociation == StorEventLunAssociation) {
        STOR_ADDR_BTL8 at = {STOR_ADDRESS_TYPE_BTL8, (USHORT)b->a->port_number,
                             STOR_ADDR_BTL8_ADDRESS_LENGTH, (UCHAR)d->PathId, (UCHAR)d->TargetId,
                             (UCHAR)d->LunId, 0};
        event_where(b, (const STOR_ADDRESS *)&at, NULL);
    } else if (d->EventAssociation == StorEventTargetAssociation) {
        event_u64(b, "PathId", (UCHAR)d->PathId);
        event_u64(b, "TargetId", (UCHAR)d->TargetId);
    }
}

/* STRINGS holds the UTF-8 of the insertion strings for as long as B is used. */
static void log_event_fields(struct event_builder *b, const STOR_LOG_EVENT_DETAILS *d,
                             char strings[LOG_EVENT_MAX_STRINGS][LOG_EVENT_MAX_DATA])
{
    const char *name = d->StorportSpecificErrorCode ? sp_error_name(d->ErrorCode) : NULL;
    if (name)
        event_text(b, name, 64);
    event_hex(b, "ErrorCode", d->ErrorCode);
    event_u64(b, "StorportSpecificErrorCode", d->StorportSpecificErrorCode != 0);
    event_hex(b, "UniqueId", d->UniqueId);
    if (d->DumpDataSize)
        event_bytes(b, "DumpData", d->DumpData, d->DumpDataSize);
    for (ULONG i = 0; i < d->StringCount && i < LOG_EVENT_MAX_STRINGS; i++) {
        char key[16];
        snprintf(key, sizeof key, "String%u", i + 1);
        event_str(b, key, wide_cstr(d->StringList[i], strings[i], LOG_EVENT_MAX_DATA));
    }
}

static ULONG ext_log_system_event(PVOID ext, va_list *ap)
{
    PSTOR_LOG_EVENT_DETAILS d = va_arg(*ap, PSTOR_LOG_EVENT_DETAILS);
    PULONG max_size = va_arg(*ap, PULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortLogSystemEvent");
    if (!a || !d)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!exec_irql_check("StorPortLogSystemEvent", EXEC_PASSIVE_LEVEL, EXEC_DISPATCH_LEVEL,
                         port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    ULONG st = log_event_check(d, max_size);
    if (st != STOR_STATUS_SUCCESS)
        return st;
    struct event_builder b;
    char strings[LOG_EVENT_MAX_STRINGS][LOG_EVENT_MAX_DATA];
    event_begin(&b, a, "LogSystemEvent", log_event_level(d));
    log_event_where(&b, d);
    log_event_fields(&b, d, strings);
    event_emit(&b);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionLogSystemEvent, ext_log_system_event);

/* ---- telemetry ---- */

static void telemetry_parameters(struct event_builder *b, const STORPORT_TELEMETRY_EVENT *t)
{
    const UCHAR(*names[8])[EVENT_MAX_PARAM_NAME_LEN] = {
        &t->ParameterName0, &t->ParameterName1, &t->ParameterName2, &t->ParameterName3,
        &t->ParameterName4, &t->ParameterName5, &t->ParameterName6, &t->ParameterName7};
    const ULONGLONG values[8] = {t->ParameterValue0, t->ParameterValue1, t->ParameterValue2,
                                 t->ParameterValue3, t->ParameterValue4, t->ParameterValue5,
                                 t->ParameterValue6, t->ParameterValue7};
    for (int i = 0; i < 8; i++) {
        char key[EVENT_MAX_PARAM_NAME_LEN + 1];
        snprintf(key, sizeof key, "%.*s", EVENT_MAX_PARAM_NAME_LEN, (const char *)*names[i]);
        if (key[0]) /* an unnamed parameter carries nothing */
            event_u64(b, key, values[i]);
    }
    if (t->EventBufferLength)
        event_bytes(b, "EventBuffer", t->EventBuffer, t->EventBufferLength);
}

/* Logs event T (CATEGORY -1: none); EXTRA adds parameters of the routine's own. */
static ULONG telemetry(struct ustor_adapter *a, const char *name, PSTOR_ADDRESS addr,
                       const STORPORT_TELEMETRY_EVENT *t, int category,
                       void (*extra)(struct event_builder *, const void *), const void *ctx)
{
    if (!t)
        return STOR_STATUS_INVALID_PARAMETER;
    if (t->EventBufferLength > EVENT_BUFFER_MAX_LENGTH)
        return STOR_STATUS_INVALID_BUFFER_SIZE;
    if (!t->EventBufferLength != !t->EventBuffer)
        return STOR_STATUS_INVALID_PARAMETER;
    struct event_builder b;
    event_begin(&b, a, name, ULOG_INFO);
    if (!event_where(&b, addr, NULL))
        return STOR_STATUS_INVALID_PARAMETER;
    event_text(&b, (const char *)t->EventName, EVENT_NAME_MAX_LENGTH);
    if (extra)
        extra(&b, ctx);
    event_u64(&b, "EventId", t->EventId);
    event_hex(&b, "DriverVersion", t->DriverVersion);
    event_u64(&b, "EventVersion", t->EventVersion);
    if (category >= 0)
        event_str(&b, "Category", category == StorMeasuresCategory ? "Measures" : "Telemetry");
    telemetry_parameters(&b, t);
    event_emit(&b);
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_log_telemetry(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    PSTORPORT_TELEMETRY_EVENT t = va_arg(*ap, PSTORPORT_TELEMETRY_EVENT);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortLogTelemetry");
    return a ? telemetry(a, "Telemetry", addr, t, -1, NULL, NULL) : STOR_STATUS_INVALID_PARAMETER;
}
USTOR_EXTFN(ExtFunctionMiniportTelemetry, ext_log_telemetry);

static ULONG ext_log_telemetry_ex(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    PSTORPORT_TELEMETRY_EVENT t = va_arg(*ap, PSTORPORT_TELEMETRY_EVENT);
    int category = va_arg(*ap, int);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortLogTelemetryEx");
    if (!a || (category != StorTelemetryCategory && category != StorMeasuresCategory))
        return STOR_STATUS_INVALID_PARAMETER;
    return telemetry(a, "Telemetry", addr, t, category, NULL, NULL);
}
USTOR_EXTFN(ExtFunctionMiniportTelemetryEx, ext_log_telemetry_ex);

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

static ULONG ext_nvme_telemetry(PVOID ext, va_list *ap)
{
    struct nvme_target n;
    n.controller = va_arg(*ap, PVOID);
    n.nsid = va_arg(*ap, ULONG);
    PSTORPORT_TELEMETRY_EVENT t = va_arg(*ap, PSTORPORT_TELEMETRY_EVENT);
    int category = va_arg(*ap, int);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortNvmeLogTelemetry");
    if (!a || (category != StorTelemetryCategory && category != StorMeasuresCategory))
        return STOR_STATUS_INVALID_PARAMETER;
    return telemetry(a, "NvmeTelemetry", NULL, t, category, nvme_params, &n);
}
USTOR_EXTFN(ExtFunctionNvmeMiniportTelemetry, ext_nvme_telemetry);
