/*
 * events.h - what the event routines share (events.c: DebugPrint, LogError,
 * LogSystemEvent, telemetry, activity IDs; events_etw.c: the ETW events). Every
 * event goes to the log's events channel (common/log.h): a text line on stderr
 * and, with a trace file, a JSON line with the event name, the adapter, the unit
 * address when there is one, the description and the name/value parameters.
 */
#ifndef USTOR_PORT_EVENTS_H
#define USTOR_PORT_EVENTS_H

#include <stdbool.h>

#include "common/log.h"
#include "port/port_internal.h"

#define EVENT_MAX_PARAMS 24
#define EVENT_NAME_BYTES 72

/* An event under construction: its parameters and their name/text storage. */
struct event_builder {
    struct ustor_adapter *a;
    struct ulog_event ev;
    struct ulog_addr addr;
    struct ulog_param params[EVENT_MAX_PARAMS];
    char names[EVENT_MAX_PARAMS][EVENT_NAME_BYTES];
    char activity[40];
    char text[256];
};

/* Starts an event NAME of adapter A at level LV. */
void event_begin(struct event_builder *b, struct ustor_adapter *a, const char *name,
                 enum ulog_level lv);
/* The unit of a BTL8 ADDR, else of an SRB the miniport holds (whose activity ID is
 * added); false if ADDR is given but is not a BTL8 address. */
bool event_where(struct event_builder *b, const STOR_ADDRESS *addr, PVOID srb);
void event_text_wide(struct event_builder *b, const WCHAR *text);
void event_text(struct event_builder *b, const char *text, size_t max);
/* Parameters; the name is copied (NULL for the wide form: skipped). */
void event_u64(struct event_builder *b, const char *name, uint64_t v);
void event_hex(struct event_builder *b, const char *name, uint64_t v);
void event_str(struct event_builder *b, const char *name, const char *s);
void event_bytes(struct event_builder *b, const char *name, const void *p, size_t n);
void event_wide_u64(struct event_builder *b, const WCHAR *name, uint64_t v);
void event_emit(struct event_builder *b);

/* The request's activity ID (a GUID fixed for the life of the request); false if
 * SRB is not one the miniport holds. */
bool port_activity_id(struct ustor_adapter *a, PVOID srb, GUID *out);

#endif
