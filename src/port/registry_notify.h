/*
 * registry_notify.h - StorPortEnableRegistryKeyNotification: an adapter's watch on its
 * registry file, which the service thread checks on each tick and answers with the
 * miniport's HW_REGISTRY_NOTIFICATION_ROUTINE (registry_notify.c).
 */
#ifndef USTOR_PORT_REGISTRY_NOTIFY_H
#define USTOR_PORT_REGISTRY_NOTIFY_H

#include "port/port_internal.h"

struct port_regnotify;

/* State made when the adapter is added (it keeps the registry file's path), freed with it.
 * 0 or -ENOMEM. */
int port_regnotify_init(struct ustor_adapter *a, const struct ustor_adapter_options *o);
void port_regnotify_fini(struct ustor_adapter *a);
/* The service thread: calls the routine once if the file changed since it last looked. */
void port_regnotify_run(struct ustor_adapter *a);

#endif
