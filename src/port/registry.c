/*
 * The Storport registry routines over the adapter's registry (registry.h):
 * StorPortRegistryRead/Write (the miniport's Parameters\Device or
 * Parameters\Device<port> key), StorPortRegistryReadAdapterKey/WriteAdapterKey (the
 * adapter's "Device Parameters" key and its subkeys), StorPortReadRegistryKey (an
 * absolute path) and the registry buffer (StorPortAllocateRegistryBuffer/Free).
 *
 * These routines take PUCHAR names and ASCII string data: string values are stored
 * as UTF-16 and converted on the way in and out (wide.h). A read asks for a type; a
 * value of another type is not returned (REG_NONE asks for any type).
 * Left out: StorPortReadDriverRegistry (needs a registry before any adapter exists)
 * and StorPortEnableRegistryKeyNotification.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/general.h"
#include "port/registry.h"
#include "port/wide.h"

#define NAME_MAX_BYTES 512
#define SERVICES_PREFIX "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define DEVICE_PARAMETERS "Device Parameters"

bool port_at_passive(const char *routine, const void *caller)
{
    return exec_irql_check(routine, EXEC_PASSIVE_LEVEL, EXEC_PASSIVE_LEVEL, caller);
}

void port_registry_device_key(const struct ustor_adapter *a, bool global, char *buf, size_t n)
{
    if (global)
        snprintf(buf, n, "Parameters\\Device");
    else
        snprintf(buf, n, "Parameters\\Device%u", a->port_number);
}

int port_registry_value(struct ustor_adapter *a, const char *key, const char *name,
                        uint32_t *type, unsigned char **data, size_t *size)
{
    struct registry *r = a->general->registry;
    for (;;) {
        size_t want = 0;
        if (registry_get(r, key, name, type, NULL, 0, &want) < 0)
            return -ENOENT;
        unsigned char *buf = malloc(want ? want : 1);
        if (!buf)
            return -ENOMEM;
        if (registry_get(r, key, name, type, buf, want, size) == 0 && *size == want) {
            *data = buf;
            return 0;
        }
        free(buf); /* changed in between: again */
    }
}

/* A PUCHAR name as a C string (NULL if missing or unterminated within the limit). */
static const char *ascii_name(const UCHAR *name)
{
    return name && strnlen((const char *)name, NAME_MAX_BYTES) < NAME_MAX_BYTES ? (const char *)name
                                                                             : NULL;
}

/* ---- conversions ---- */

/* Stored data as the ASCII routines return it, malloc'ed in *OUT. */
static int to_ascii(uint32_t type, const unsigned char *d, size_t n, unsigned char **out,
                    size_t *out_n)
{
    if (!reg_type_is_string(type)) {
        *out = malloc(n ? n : 1);
        if (*out && n)
            memcpy(*out, d, n);
        *out_n = n;
        return *out ? 0 : -ENOMEM;
    }
    size_t units = n / 2;
    uint16_t *w = malloc(units * 2 + 2);
    if (!w)
        return -ENOMEM;
    for (size_t i = 0; i < units; i++)
        w[i] = (uint16_t)(d[2 * i] | d[2 * i + 1] << 8);
    *out_n = wide_to_ascii(w, units, NULL, 0);
    *out = malloc(*out_n ? *out_n : 1);
    if (*out)
        wide_to_ascii(w, units, *out, *out_n);
    free(w);
    return *out ? 0 : -ENOMEM;
}

/* ASCII string data as stored (UTF-16LE, terminated as the type wants), or other
 * data as given; malloc'ed in *OUT. */
static int from_ascii(uint32_t type, const unsigned char *d, size_t n, unsigned char **out,
                      size_t *out_n)
{
    if (!reg_type_is_string(type)) {
        *out = malloc(n ? n : 1);
        if (*out && n)
            memcpy(*out, d, n);
        *out_n = n;
        return *out ? 0 : -ENOMEM;
    }
    const unsigned char *nul = type == REG_TYPE_MULTI_SZ ? NULL : memchr(d, 0, n);
    size_t len = nul ? (size_t)(nul - d) : n;
    while (type == REG_TYPE_MULTI_SZ && len && !d[len - 1])
        len--;
    size_t terms = type == REG_TYPE_MULTI_SZ && len ? 2 : 1;
    *out_n = (len + terms) * 2;
    if (!(*out = calloc(1, *out_n)))
        return -ENOMEM;
    for (size_t i = 0; i < len; i++)
        (*out)[2 * i] = d[i]; /* Latin-1: the high byte stays 0 */
    return 0;
}

static bool type_matches(uint32_t asked, uint32_t stored)
{
    return asked == REG_TYPE_NONE || asked == stored;
}

/* ---- the registry buffer ---- */

/* How many bytes the routine may use at BUF: a buffer the miniport says is LEN
 * bytes, checked against the registry buffer when it is one. */
static ULONG buffer_room(struct ustor_adapter *a, const void *buf, ULONG len, const char *who,
                         const void *caller)
{
    struct port_general *g = a->general;
    char where[128];
    pthread_mutex_lock(&g->lock);
    const unsigned char *rb = g->reg_buffer, *p = buf;
    if (rb && p >= rb && p < rb + g->reg_buffer_len) {
        ULONG room = (ULONG)(rb + g->reg_buffer_len - p);
        if (len > room) {
            port_guest(a, "%s from %s: length %u runs past the registry buffer (%u bytes left); "
                       "using %u", who, ulog_describe_code(caller, where, sizeof where), len,
                       room, room);
            len = room;
        }
    } else if (!g->foreign_buffer_reported) {
        g->foreign_buffer_reported = true;
        port_log_info(a, "%s from %s: the buffer is not from StorPortAllocateRegistryBuffer",
                      who, ulog_describe_code(caller, where, sizeof where));
    }
    pthread_mutex_unlock(&g->lock);
    return len;
}

STORPORT_API PUCHAR StorPortAllocateRegistryBuffer(PVOID HwDeviceExtension, PULONG Length)
{
    const void *caller = EXEC_CALLER();
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension,
                                                    "StorPortAllocateRegistryBuffer");
    if (!a || !Length || !port_at_passive("StorPortAllocateRegistryBuffer", caller))
        return NULL;
    if (*Length == 0 || *Length > REG_VALUE_MAX) {
        port_guest(a, "StorPortAllocateRegistryBuffer: length %u (1..%u)", *Length, REG_VALUE_MAX);
        return NULL;
    }
    struct port_general *g = a->general;
    unsigned char *buf = NULL;
    pthread_mutex_lock(&g->lock);
    if (!g->reg_buffer && (buf = calloc(1, *Length))) {
        g->reg_buffer = buf;
        g->reg_buffer_len = *Length;
        g->reg_buffer_caller = caller;
    }
    pthread_mutex_unlock(&g->lock);
    if (!buf)
        port_log_info(a, "StorPortAllocateRegistryBuffer: %s", g->reg_buffer ?
                      "a registry buffer is already allocated" : "out of memory");
    return buf;
}

STORPORT_API VOID StorPortFreeRegistryBuffer(PVOID HwDeviceExtension, PUCHAR Buffer)
{
    const void *caller = EXEC_CALLER();
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortFreeRegistryBuffer");
    if (!a || !port_at_passive("StorPortFreeRegistryBuffer", caller))
        return;
    struct port_general *g = a->general;
    pthread_mutex_lock(&g->lock);
    bool ours = Buffer && Buffer == g->reg_buffer;
    if (ours) {
        free(g->reg_buffer);
        g->reg_buffer = NULL;
        g->reg_buffer_len = 0;
    }
    pthread_mutex_unlock(&g->lock);
    if (!ours) {
        char where[128];
        port_guest(a, "StorPortFreeRegistryBuffer(%p) from %s: not the registry buffer "
                   "(double free or foreign pointer)", (void *)Buffer,
                   ulog_describe_code(caller, where, sizeof where));
    }
}

/* ---- Parameters\Device[N] ---- */

/* Reads KEY\NAME of type TYPE as ASCII into BUF (CAP bytes); *LEN gets the size
 * (also when it does not fit). STOR_STATUS_* result. */
static ULONG read_ascii(struct ustor_adapter *a, const char *key, const char *name, ULONG type,
                        void *buf, ULONG cap, ULONG *len)
{
    uint32_t stored;
    unsigned char *data = NULL, *conv = NULL;
    size_t n, cn;
    *len = 0;
    if (port_registry_value(a, key, name, &stored, &data, &n) < 0)
        return STOR_STATUS_UNSUCCESSFUL;
    ULONG st = STOR_STATUS_INVALID_PARAMETER;
    if (type_matches(type, stored))
        st = to_ascii(stored, data, n, &conv, &cn) < 0 ? STOR_STATUS_INSUFFICIENT_RESOURCES
                                                        : STOR_STATUS_SUCCESS;
    if (st == STOR_STATUS_SUCCESS) {
        *len = (ULONG)cn;
        if (cn > cap)
            st = STOR_STATUS_BUFFER_TOO_SMALL;
        else
            memcpy(buf, conv, cn);
    }
    free(conv);
    free(data);
    return st;
}

static ULONG write_ascii(struct ustor_adapter *a, const char *key, const char *name, ULONG type,
                         const void *buf, ULONG len)
{
    unsigned char *conv;
    size_t cn;
    if (len > REG_VALUE_MAX || (len && !buf))
        return STOR_STATUS_INVALID_PARAMETER;
    if (from_ascii(type, buf, len, &conv, &cn) < 0)
        return STOR_STATUS_INSUFFICIENT_RESOURCES;
    int rc = registry_set(a->general->registry, key, name, type, conv, cn);
    free(conv);
    if (rc < 0)
        ulog_host(ULOG_ERROR, "%s: %s", a->name, ustor_error_message());
    return rc < 0 ? STOR_STATUS_UNSUCCESSFUL : STOR_STATUS_SUCCESS;
}

STORPORT_API BOOLEAN StorPortRegistryRead(PVOID HwDeviceExtension, PUCHAR ValueName, ULONG Global,
                                          ULONG Type, PUCHAR Buffer, PULONG BufferLength)
{
    const void *caller = EXEC_CALLER();
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortRegistryRead");
    if (!BufferLength)
        return FALSE;
    ULONG cap = *BufferLength, len = 0;
    *BufferLength = 0; /* FALSE with a zero length: an error other than a short buffer */
    if (!a || !port_at_passive("StorPortRegistryRead", caller))
        return FALSE;
    const char *name = ascii_name(ValueName);
    if (!name || !Buffer) {
        port_guest(a, "StorPortRegistryRead: no value name or no buffer");
        return FALSE;
    }
    cap = buffer_room(a, Buffer, cap, "StorPortRegistryRead", caller);
    char key[48];
    port_registry_device_key(a, Global != 0, key, sizeof key);
    ULONG st = read_ascii(a, key, name, Type, Buffer, cap, &len);
    if (st == STOR_STATUS_SUCCESS || st == STOR_STATUS_BUFFER_TOO_SMALL)
        *BufferLength = len; /* FALSE with a length: the buffer was too small */
    return st == STOR_STATUS_SUCCESS;
}

STORPORT_API BOOLEAN StorPortRegistryWrite(PVOID HwDeviceExtension, PUCHAR ValueName, ULONG Global,
                                           ULONG Type, PUCHAR Buffer, ULONG BufferLength)
{
    const void *caller = EXEC_CALLER();
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortRegistryWrite");
    if (!a || !port_at_passive("StorPortRegistryWrite", caller))
        return FALSE;
    const char *name = ascii_name(ValueName);
    if (!name) {
        port_guest(a, "StorPortRegistryWrite: no value name");
        return FALSE;
    }
    if (Buffer)
        BufferLength = buffer_room(a, Buffer, BufferLength, "StorPortRegistryWrite", caller);
    char key[48];
    port_registry_device_key(a, Global != 0, key, sizeof key);
    return write_ascii(a, key, name, Type, Buffer, BufferLength) == STOR_STATUS_SUCCESS;
}

/* ---- the adapter's device key ---- */

static bool adapter_key(const UCHAR *sub, char *buf, size_t n)
{
    if (!sub || !*sub) {
        snprintf(buf, n, DEVICE_PARAMETERS);
        return true;
    }
    const char *s = ascii_name(sub);
    return s && (size_t)snprintf(buf, n, DEVICE_PARAMETERS "\\%s", s) < n;
}

static ULONG ext_read_adapter_key(PVOID ext, va_list *ap)
{
    PUCHAR sub = va_arg(*ap, PUCHAR), value = va_arg(*ap, PUCHAR);
    ULONG type = va_arg(*ap, ULONG);
    PVOID *data = va_arg(*ap, PVOID *);
    PULONG len = va_arg(*ap, PULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortRegistryReadAdapterKey");
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!port_at_passive("StorPortRegistryReadAdapterKey", port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    char key[NAME_MAX_BYTES + 32];
    const char *name = ascii_name(value);
    if (!name || !data || !*data || !len || !adapter_key(sub, key, sizeof key))
        return STOR_STATUS_INVALID_PARAMETER;
    ULONG got = 0, st = read_ascii(a, key, name, type, *data, *len, &got);
    if (st == STOR_STATUS_SUCCESS || st == STOR_STATUS_BUFFER_TOO_SMALL)
        *len = got;
    return st;
}
USTOR_EXTFN(ExtFunctionRegistryReadAdapterKey, ext_read_adapter_key);

static ULONG ext_write_adapter_key(PVOID ext, va_list *ap)
{
    PUCHAR sub = va_arg(*ap, PUCHAR), value = va_arg(*ap, PUCHAR);
    ULONG type = va_arg(*ap, ULONG);
    PVOID data = va_arg(*ap, PVOID);
    ULONG len = va_arg(*ap, ULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortRegistryWriteAdapterKey");
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!port_at_passive("StorPortRegistryWriteAdapterKey", port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    char key[NAME_MAX_BYTES + 32];
    const char *name = ascii_name(value);
    if (!name || !adapter_key(sub, key, sizeof key))
        return STOR_STATUS_INVALID_PARAMETER;
    return write_ascii(a, key, name, type, data, len);
}
USTOR_EXTFN(ExtFunctionRegistryWriteAdapterKey, ext_write_adapter_key);

/* ---- absolute paths ---- */

/* The key of an absolute path: relative to the miniport's service key when it lies
 * under it ("" for the service key itself), else the path as written. */
static void absolute_key(const struct ustor_adapter *a, char *path)
{
    size_t len = strlen(path);
    while (len && path[len - 1] == '\\')
        path[--len] = '\0';
    char prefix[256];
    int pl = snprintf(prefix, sizeof prefix, SERVICES_PREFIX "%s", a->driver->name);
    if (pl > 0 && (size_t)pl <= len && !strncasecmp(path, prefix, (size_t)pl) &&
        (path[pl] == '\0' || path[pl] == '\\')) {
        size_t skip = (size_t)pl + (path[pl] == '\\');
        memmove(path, path + skip, len - skip + 1);
    }
}

static ULONG ext_read_registry_key(PVOID ext, va_list *ap)
{
    PWSTR path = va_arg(*ap, PWSTR), value = va_arg(*ap, PWSTR);
    ULONG type = va_arg(*ap, ULONG);
    PVOID *data = va_arg(*ap, PVOID *);
    PULONG len = va_arg(*ap, PULONG);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortReadRegistryKey");
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!port_at_passive("StorPortReadRegistryKey", port_extfn_caller()))
        return STOR_STATUS_INVALID_IRQL;
    if (!path || !value || !data || !*data || !len || type != REG_TYPE_DWORD)
        return STOR_STATUS_INVALID_PARAMETER; /* only REG_DWORD, as documented */
    char key[NAME_MAX_BYTES], name[NAME_MAX_BYTES];
    wide_cstr(path, key, sizeof key);
    wide_cstr(value, name, sizeof name);
    absolute_key(a, key);
    ULONG got = 0, st = read_ascii(a, key, name, type, *data, *len, &got);
    if (st == STOR_STATUS_SUCCESS || st == STOR_STATUS_BUFFER_TOO_SMALL)
        *len = got;
    return st;
}
USTOR_EXTFN(ExtFunctionReadRegistryKey, ext_read_registry_key);
