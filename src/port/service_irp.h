/*
 * service_irp.h - service requests of virtual miniports (IOCTL_MINIPORT_PROCESS_SERVICE_IRP,
 * the "reverse callback"): the host sends one with ustor_adapter_service_request, the
 * port hands HwProcessServiceRequest an IRP of the documented shape (docs/routines-notes.md),
 * the miniport completes it later from any context with StorPortCompleteServiceIrp, and the
 * port calls the host back on the adapter's service thread. On removal HwCompleteServiceIrp
 * asks the miniport to complete what it holds; what it still holds after that is completed
 * by the port with STATUS_CANCELLED (a guest error). Each request completes exactly once.
 * Left out: cancellation by the sender, IRP_MJ_INTERNAL_DEVICE_CONTROL senders, more than
 * one stack location.
 *
 * Locks: svc->lock is a leaf except that StorPortCompleteServiceIrp kicks the service
 * thread (adapter->svc_lock) under it, so the kick cannot race the thread's end.
 */
#ifndef USTOR_PORT_SERVICE_IRP_H
#define USTOR_PORT_SERVICE_IRP_H

#include "port/port_internal.h"

struct port_service_irps;

/* State made before HwFindAdapter (0 or -ENOMEM) and freed with the adapter. */
int port_service_irps_init(struct ustor_adapter *a);
void port_service_irps_fini(struct ustor_adapter *a);
/* The service thread: calls the host back for the requests the miniport completed. */
void port_service_irps_run(struct ustor_adapter *a);
/* Removal, before the service thread stops: no new requests, HwCompleteServiceIrp. */
void port_service_irps_cancel(struct ustor_adapter *a);
/* Removal, after the engine is quiet: delivers what was completed meanwhile and completes
 * what the miniport still holds with STATUS_CANCELLED. */
void port_service_irps_finish(struct ustor_adapter *a);

#endif
