/*
 * Service requests of virtual miniports (service_irp.h): ustor_adapter_service_request,
 * HwProcessServiceRequest, StorPortCompleteServiceIrp and the removal-time flush through
 * HwCompleteServiceIrp.
 *
 * The IRP: a block in the DMA space holding an x64 IRP with one I/O stack location after
 * it, then the system buffer. Only the fields a miniport may touch for this IOCTL are
 * filled (docs/routines-notes.md): Type, Size, AssociatedIrp.SystemBuffer, IoStatus,
 * RequestorMode, StackCount, CurrentLocation, Tail.Overlay.CurrentStackLocation, and in
 * the stack location MajorFunction (IRP_MJ_DEVICE_CONTROL) and the DeviceIoControl
 * parameters. METHOD_BUFFERED as the I/O manager does it: the caller's bytes are copied
 * into the system buffer, and on completion IoStatus.Information bytes are copied back
 * unless the status is an error.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <ntddscsi.h>

#include "common/error.h"
#include "common/log.h"
#include "platform/dma_space.h"
#include "port/exec.h"
#include "port/service_irp.h"

#define IO_TYPE_IRP 6
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_USER_MODE 1
#define SERVICE_BUFFER_MAX (16u << 20)

/* IO_STACK_LOCATION (x64, 0x48 bytes) with the DeviceIoControl parameters. */
struct port_io_stack_location {
    uint8_t major_function, minor_function, flags, control;
    uint32_t pad0;
    uint32_t output_buffer_length, pad1;
    uint32_t input_buffer_length, pad2;
    uint32_t io_control_code, pad3;
    void *type3_input_buffer;
    void *device_object, *file_object, *completion_routine, *context;
};
_Static_assert(sizeof(struct port_io_stack_location) == 0x48, "IO_STACK_LOCATION size");
_Static_assert(offsetof(struct port_io_stack_location, output_buffer_length) == 0x08, "");
_Static_assert(offsetof(struct port_io_stack_location, input_buffer_length) == 0x10, "");
_Static_assert(offsetof(struct port_io_stack_location, io_control_code) == 0x18, "");
_Static_assert(offsetof(struct port_io_stack_location, device_object) == 0x28, "");

/* IRP (x64, 0xD0 bytes): the fields the port fills, the rest kept zero. */
struct port_irp {
    int16_t type;
    uint16_t size;
    uint32_t pad0;
    void *mdl_address;
    uint32_t flags, pad1;
    void *system_buffer;                /* AssociatedIrp */
    void *thread_list_entry[2];
    int32_t status;                     /* IoStatus: Status (a union with a pointer) */
    uint32_t pad2;
    uint64_t information;               /* IoStatus.Information */
    uint8_t requestor_mode, pending_returned;
    int8_t stack_count, current_location;
    uint8_t cancel, cancel_irql, apc_environment, allocation_flags;
    void *user_iosb, *user_event;
    uint64_t overlay[2];
    void *cancel_routine, *user_buffer;
    void *driver_context[4];            /* Tail.Overlay */
    void *thread, *auxiliary_buffer;
    void *list_entry[2];
    struct port_io_stack_location *current_stack_location;
    void *original_file_object;
    void *tail_rest;
};
_Static_assert(sizeof(struct port_irp) == 0xD0, "IRP size");
_Static_assert(offsetof(struct port_irp, system_buffer) == 0x18, "AssociatedIrp");
_Static_assert(offsetof(struct port_irp, status) == 0x30, "IoStatus.Status");
_Static_assert(offsetof(struct port_irp, information) == 0x38, "IoStatus.Information");
_Static_assert(offsetof(struct port_irp, stack_count) == 0x42, "StackCount");
_Static_assert(offsetof(struct port_irp, user_buffer) == 0x70, "UserBuffer");
_Static_assert(offsetof(struct port_irp, current_stack_location) == 0xB8, "CurrentStackLocation");

#define IRP_BLOCK_HEAD (sizeof(struct port_irp) + sizeof(struct port_io_stack_location))

struct svc_request {
    struct svc_request *next;
    ustor_service_done_fn *done;
    void *ctx;
    void *user_buffer;
    uint32_t length;
    struct port_irp *irp;               /* DMA space, with its stack location and buffer */
};

struct port_service_irps {
    pthread_mutex_t lock;
    bool closing;                       /* removal: no new requests, no more kicks */
    struct svc_request *pending;        /* with the miniport */
    struct svc_request *done_head, *done_tail;
};

/* ---- state ---- */

int port_service_irps_init(struct ustor_adapter *a)
{
    struct port_service_irps *s = calloc(1, sizeof *s);
    if (!s)
        return -ENOMEM;
    pthread_mutex_init(&s->lock, NULL);
    a->service_irps = s;
    return 0;
}

static void request_free(struct ustor_adapter *a, struct svc_request *r)
{
    port_dma_free(a->host, r->irp);
    free(r);
}

void port_service_irps_fini(struct ustor_adapter *a)
{
    struct port_service_irps *s = a->service_irps;
    if (!s)
        return;
    for (struct svc_request *r = s->pending, *n; r; r = n) {   /* only after a failed add */
        n = r->next;
        request_free(a, r);
    }
    pthread_mutex_destroy(&s->lock);
    free(s);
    a->service_irps = NULL;
}

/* ---- the request ---- */

static struct svc_request *request_new(struct ustor_adapter *a, void *buffer, uint32_t length,
                                       ustor_service_done_fn *done, void *ctx)
{
    struct svc_request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->irp = port_dma_alloc(a->host, IRP_BLOCK_HEAD + length, DMA_KIND_PORT, a, "service IRP");
    if (!r->irp) {
        free(r);
        return NULL;
    }
    r->done = done;
    r->ctx = ctx;
    r->user_buffer = buffer;
    r->length = length;
    struct port_irp *irp = r->irp;
    struct port_io_stack_location *sl = (void *)(irp + 1);
    irp->type = IO_TYPE_IRP;
    irp->size = (uint16_t)IRP_BLOCK_HEAD;
    irp->system_buffer = length ? (unsigned char *)irp + IRP_BLOCK_HEAD : NULL;
    irp->requestor_mode = IRP_USER_MODE;
    irp->stack_count = irp->current_location = 1;
    irp->current_stack_location = sl;
    sl->major_function = IRP_MJ_DEVICE_CONTROL;
    sl->output_buffer_length = sl->input_buffer_length = length;
    sl->io_control_code = IOCTL_MINIPORT_PROCESS_SERVICE_IRP;
    if (length)
        memcpy(irp->system_buffer, buffer, length);
    return r;
}

static int request_check(struct ustor_adapter *a, const void *buffer, uint32_t length,
                         ustor_service_done_fn *done)
{
    if (!a || !done || (length && !buffer))
        return ustor_error_fail(-EINVAL, "ustor_adapter_service_request: missing argument");
    if (length > SERVICE_BUFFER_MAX)
        return ustor_error_fail(-E2BIG, "%s: a service buffer of %u bytes", a->name, length);
    if (!a->is_virtual || !a->hw->HwProcessServiceRequest)
        return ustor_error_fail(-EOPNOTSUPP, "%s: the miniport takes no service requests "
                                "(no virtual HwProcessServiceRequest)", a->name);
    if (exec_irql_get() != EXEC_PASSIVE_LEVEL)
        return ustor_error_fail(-EDEADLK, "%s: service request above PASSIVE_LEVEL "
                                "(from a completion callback on a DPC thread?)", a->name);
    int st = atomic_load(&a->state);
    if (st == ADAPTER_SURPRISE_REMOVED || st == ADAPTER_REMOVING)
        return ustor_error_fail(-ENODEV, "%s: adapter removed", a->name);
    if (st != ADAPTER_STARTED)
        return ustor_error_fail(-EAGAIN, "%s: adapter not started", a->name);
    return 0;
}

/* Joins the pending list unless removal has begun. */
static bool pending_add(struct port_service_irps *s, struct svc_request *r)
{
    pthread_mutex_lock(&s->lock);
    bool ok = !s->closing;
    if (ok) {
        r->next = s->pending;
        s->pending = r;
    }
    pthread_mutex_unlock(&s->lock);
    return ok;
}

/* HwProcessServiceRequest at PASSIVE with no lock, on the sending thread. */
static void process_call(struct ustor_adapter *a, struct port_irp *irp)
{
    struct exec_callframe f;
    port_context_enter();
    exec_call_begin(&f, "HwProcessServiceRequest", (const void *)a->hw->HwProcessServiceRequest);
    a->hw->HwProcessServiceRequest(a->devext, irp);
    exec_call_end(&f);
    port_context_leave();
}

USTOR_API int ustor_adapter_service_request(struct ustor_adapter *a, void *buffer, uint32_t length,
                                            ustor_service_done_fn *done, void *ctx)
{
    int rc = request_check(a, buffer, length, done);
    if (rc < 0)
        return rc;
    struct svc_request *r = request_new(a, buffer, length, done, ctx);
    if (!r)
        return ustor_error_fail(-ENOMEM, "%s: service request: out of memory", a->name);
    if (!pending_add(a->service_irps, r)) {
        request_free(a, r);
        return ustor_error_fail(-ENODEV, "%s: adapter being removed", a->name);
    }
    process_call(a, r->irp);   /* R may be completed and gone when this returns */
    return 0;
}

/* ---- completion ---- */

static struct svc_request *pending_take(struct port_service_irps *s, const void *irp)
{
    for (struct svc_request **p = &s->pending; *p; p = &(*p)->next) {
        struct svc_request *r = *p;
        if (r->irp == irp) {
            *p = r->next;
            r->next = NULL;
            return r;
        }
    }
    return NULL;
}

static void done_push(struct port_service_irps *s, struct svc_request *r)
{
    r->next = NULL;
    if (s->done_tail)
        s->done_tail->next = r;
    else
        s->done_head = r;
    s->done_tail = r;
}

static ULONG ext_complete_service_irp(PVOID ext, va_list *ap)
{
    PVOID irp = va_arg(*ap, PVOID);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortCompleteServiceIrp");
    if (!a || !a->service_irps)
        return STOR_STATUS_INVALID_PARAMETER;
    char who[160];
    struct port_service_irps *s = a->service_irps;
    struct svc_request *r = NULL;
    if (irp) {
        pthread_mutex_lock(&s->lock);
        r = pending_take(s, irp);
        if (r)
            done_push(s, r);
        if (r && !s->closing)
            port_service_kick(a);
        pthread_mutex_unlock(&s->lock);
    }
    if (!r) {
        port_guest(a, "StorPortCompleteServiceIrp: %s%p is not a service IRP the miniport holds "
                   "(completed twice?); ignored (from %s)", irp ? "" : "NULL IRP ", irp,
                   ulog_describe_code(port_extfn_caller(), who, sizeof who));
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionCompleteServiceIrp, ext_complete_service_irp);

/* Copies the result back as METHOD_BUFFERED does and calls the host. */
static void deliver(struct ustor_adapter *a, struct svc_request *r)
{
    uint32_t status = (uint32_t)r->irp->status;
    uint64_t info = r->irp->information;
    if (info > r->length) {
        port_guest(a, "service IRP completed with Information %llu over its %u-byte buffer; "
                   "cut to the buffer", (unsigned long long)info, r->length);
        info = r->length;
    }
    bool error = (status >> 30) == 3;   /* NT_ERROR: nothing is copied back */
    if (!error && info)
        memcpy(r->user_buffer, r->irp->system_buffer, (size_t)info);
    ustor_service_done_fn *done = r->done;
    void *ctx = r->ctx;
    request_free(a, r);
    done(ctx, status, error ? 0 : info);
}

void port_service_irps_run(struct ustor_adapter *a)
{
    struct port_service_irps *s = a->service_irps;
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    struct svc_request *list = s->done_head;
    s->done_head = s->done_tail = NULL;
    pthread_mutex_unlock(&s->lock);
    while (list) {
        struct svc_request *r = list;
        list = r->next;
        deliver(a, r);
    }
}

/* ---- removal ---- */

void port_service_irps_cancel(struct ustor_adapter *a)
{
    struct port_service_irps *s = a->service_irps;
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->closing = true;
    pthread_mutex_unlock(&s->lock);
    if (!a->hw->HwCompleteServiceIrp)
        return;
    struct exec_callframe f;
    port_context_enter();
    exec_call_begin(&f, "HwCompleteServiceIrp", (const void *)a->hw->HwCompleteServiceIrp);
    a->hw->HwCompleteServiceIrp(a->devext);
    exec_call_end(&f);
    port_context_leave();
}

void port_service_irps_finish(struct ustor_adapter *a)
{
    struct port_service_irps *s = a->service_irps;
    if (!s)
        return;
    unsigned left = 0;
    pthread_mutex_lock(&s->lock);
    s->closing = true;
    while (s->pending) {
        struct svc_request *r = s->pending;
        s->pending = r->next;
        r->irp->status = (int32_t)STATUS_CANCELLED;
        r->irp->information = 0;
        done_push(s, r);
        left++;
    }
    pthread_mutex_unlock(&s->lock);
    if (left)
        port_guest(a, "%u service request(s) still pending after HwCompleteServiceIrp; "
                   "completed them with STATUS_CANCELLED", left);
    port_service_irps_run(a);
}
