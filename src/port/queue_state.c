/*
 * The routines a miniport uses to hold and release the port's queues:
 * StorPortBusy/Ready (adapter), StorPortDeviceBusy/DeviceReady (one unit),
 * StorPortPause/Resume and StorPortPauseDevice/ResumeDevice (with their timeouts in
 * seconds). They only change admission state under the queue lock; requests that can
 * start again are started when the calling thread leaves its port context, never
 * from inside the miniport's locks. Also StorPortCompleteRequest and StorPortGetSrb.
 */
#include "port/port_internal.h"

static struct ustor_lun *unit_of(struct ustor_adapter *a, UCHAR p, UCHAR t, UCHAR l, const char *who)
{
    struct ustor_lun *u = port_unit_find(a, p, t, l);
    if (!u || atomic_load(&u->state) == UNIT_GONE) {
        port_guest(a, "%s: no unit (%u,%u,%u)", who, p, t, l);
        return NULL;
    }
    return u;
}

static uint64_t deadline_after_s(ULONG seconds)
{
    return port_now_ns() + (uint64_t)seconds * 1000000000ull;
}

STORPORT_API BOOLEAN StorPortBusy(PVOID HwDeviceExtension, ULONG RequestsToComplete)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortBusy");
    if (!a)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    a->busy = true;
    a->busy_remaining = RequestsToComplete > a->outstanding ? a->outstanding : RequestsToComplete;
    pthread_mutex_unlock(&a->qlock);
    port_log_debug(a, "StorPortBusy(%u)", RequestsToComplete);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortReady(PVOID HwDeviceExtension)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortReady");
    if (!a)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    a->busy = false;
    a->busy_remaining = 0;
    pthread_mutex_unlock(&a->qlock);
    port_kick_later(a);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortDeviceBusy(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                        UCHAR Lun, ULONG RequestsToComplete)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortDeviceBusy");
    struct ustor_lun *u = a ? unit_of(a, PathId, TargetId, Lun, "StorPortDeviceBusy") : NULL;
    if (!u)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    u->busy = true;
    u->busy_remaining = RequestsToComplete > u->outstanding ? u->outstanding : RequestsToComplete;
    pthread_mutex_unlock(&a->qlock);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortDeviceReady(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                         UCHAR Lun)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortDeviceReady");
    struct ustor_lun *u = a ? unit_of(a, PathId, TargetId, Lun, "StorPortDeviceReady") : NULL;
    if (!u)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    u->busy = false;
    u->busy_remaining = 0;
    pthread_mutex_unlock(&a->qlock);
    port_kick_later(a);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortPause(PVOID HwDeviceExtension, ULONG Timeout)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortPause");
    if (!a)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    a->paused = true;
    a->pause_until_ns = deadline_after_s(Timeout);
    pthread_mutex_unlock(&a->qlock);
    port_log_debug(a, "StorPortPause(%u s)", Timeout);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortResume(PVOID HwDeviceExtension)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortResume");
    if (!a)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    a->paused = a->link_down = false;
    a->pause_until_ns = 0;
    pthread_mutex_unlock(&a->qlock);
    port_kick_later(a);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortPauseDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                         UCHAR Lun, ULONG Timeout)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortPauseDevice");
    struct ustor_lun *u = a ? unit_of(a, PathId, TargetId, Lun, "StorPortPauseDevice") : NULL;
    if (!u)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    u->paused = true;
    u->pause_until_ns = deadline_after_s(Timeout);
    pthread_mutex_unlock(&a->qlock);
    return TRUE;
}

STORPORT_API BOOLEAN StorPortResumeDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                          UCHAR Lun)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortResumeDevice");
    struct ustor_lun *u = a ? unit_of(a, PathId, TargetId, Lun, "StorPortResumeDevice") : NULL;
    if (!u)
        return FALSE;
    pthread_mutex_lock(&a->qlock);
    u->paused = false;
    u->pause_until_ns = 0;
    pthread_mutex_unlock(&a->qlock);
    port_kick_later(a);
    return TRUE;
}

STORPORT_API VOID StorPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                          UCHAR Lun, UCHAR SrbStatus)
{
    struct ustor_adapter *a = port_adapter_from_ext(HwDeviceExtension, "StorPortCompleteRequest");
    if (!a)
        return;
    if (SRB_STATUS(SrbStatus) == SRB_STATUS_PENDING) {
        port_guest(a, "StorPortCompleteRequest with SRB_STATUS_PENDING: using SRB_STATUS_ERROR");
        SrbStatus = SRB_STATUS_ERROR;
    }
    port_complete_all(a, PathId, TargetId, Lun, SrbStatus);
}

/* The outstanding SRB at an address with a queue tag (SP_UNTAGGED: the untagged one). */
STORPORT_API PSCSI_REQUEST_BLOCK StorPortGetSrb(PVOID DeviceExtension, UCHAR PathId,
                                                UCHAR TargetId, UCHAR Lun, LONG QueueTag)
{
    struct ustor_adapter *a = port_adapter_from_ext(DeviceExtension, "StorPortGetSrb");
    if (!a || !a->slots)
        return NULL;
    for (uint32_t i = 0; i < a->n_slots; i++) {
        struct ustor_request *slot = &a->slots[i];
        if (atomic_load(&slot->state) != SLOT_STARTED)
            continue;
        struct ustor_lun *u = slot->unit;
        if (u->path != PathId || u->target != TargetId || u->lun != Lun)
            continue;
        if ((UCHAR)QueueTag == slot->tag || (QueueTag == -1 && slot->tag == SP_UNTAGGED))
            return slot_srb(slot);
    }
    return NULL;
}
