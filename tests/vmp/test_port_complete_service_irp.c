/*
 * StorPortCompleteServiceIrp and the service-request path of virtual miniports: a
 * request the host sends reaches HwProcessServiceRequest at PASSIVE in an IRP of the
 * documented shape (the miniport reads it through its own copy of the x64 layout); the
 * miniport completes it later, from the test thread, from a DPC or at once, and the host
 * is called back exactly once with the status and the bytes it left (none for an
 * error status); a second completion of the same IRP and a NULL IRP are refused with
 * STOR_STATUS_INVALID_PARAMETER and call nobody back. A callback may send the next
 * request. On removal HwCompleteServiceIrp completes what the miniport holds; what it
 * forgets is completed by the port with STATUS_CANCELLED, once.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "vmp_harness.h"

#define NT_SUCCESS_STATUS 0x00000000u
#define NT_BUFFER_OVERFLOW 0x80000005u       /* a warning: data still copied back */
#define NT_INVALID_PARAMETER 0xC000000Du     /* an error: nothing copied back */
#define NT_CANCELLED 0xC0000120u
#define STOR_SUCCESS 0x00000000
#define STOR_INVALID_PARAMETER 0xC1000006
#define IOCTL_PROCESS_SERVICE_IRP 0x0004D038u   /* CTL_CODE(4, 0x40E, 0, 3) */

struct svc {
    uint8_t buf[64];
    _Atomic int calls;
    uint32_t status;
    uint64_t info;
    struct ustor_adapter *resend_to;   /* send the next request from the callback */
    struct svc *next;
    int resend_rc;
};

static void svc_done(void *ctx, uint32_t status, uint64_t info)
{
    struct svc *s = ctx;
    s->status = status;
    s->info = info;
    if (s->resend_to)
        s->resend_rc = ustor_adapter_service_request(s->resend_to, s->next->buf,
                                                     sizeof s->next->buf, svc_done, s->next);
    atomic_fetch_add(&s->calls, 1);
}

static bool svc_wait(struct svc *s, int calls)
{
    for (int i = 0; i < 10000 && atomic_load(&s->calls) < calls; i++) {
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    return atomic_load(&s->calls) == calls;
}

static void svc_send(struct ustor_adapter *a, struct svc *s, uint8_t fill)
{
    memset(s, 0, sizeof *s);
    memset(s->buf, fill, sizeof s->buf);
    CHECK_OK(ustor_adapter_service_request(a, s->buf, sizeof s->buf, svc_done, s));
}

static bool bytes_are(const uint8_t *p, size_t n, uint8_t v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return false;
    return true;
}

/* Sent, seen as documented, held; completed from the test thread; refused twice. */
static void check_round_trip(struct vmp_control *c, struct ustor_adapter *a)
{
    struct svc s;
    unsigned long long problems = ustor_log_guest_problems();
    svc_send(a, &s, 0x11);
    CHECK(vmp_read(&c->held) == 1 && vmp_read(&c->service_calls) == 1, "held %d calls %d",
          vmp_read(&c->held), vmp_read(&c->service_calls));
    CHECK(c->service_bad_shape == 0 && c->service_not_passive == 0, "IRP shape or IRQL wrong");
    CHECK(c->last_ioctl == IOCTL_PROCESS_SERVICE_IRP && c->last_input_length == 64 &&
          c->last_output_length == 64 && c->last_first_byte == 0x11,
          "ioctl 0x%x in %u out %u first 0x%x", c->last_ioctl, c->last_input_length,
          c->last_output_length, c->last_first_byte);
    CHECK(atomic_load(&s.calls) == 0, "completed before the miniport said so");
    CHECK(vmp_do(VMP_OP_COMPLETE, NT_SUCCESS_STATUS, 16, 0xAB) == STOR_SUCCESS, "completion refused");
    CHECK(svc_wait(&s, 1), "the host was not called back (%d)", atomic_load(&s.calls));
    CHECK(s.status == NT_SUCCESS_STATUS && s.info == 16, "status 0x%x info %llu", s.status,
          (unsigned long long)s.info);
    CHECK(bytes_are(s.buf, 16, 0xAB) && bytes_are(s.buf + 16, 48, 0x11),
          "the buffer is not what the miniport left in its first 16 bytes");
    CHECK(vmp_do(VMP_OP_COMPLETE_AGAIN, 0, 0, 0) == STOR_INVALID_PARAMETER, "completed twice");
    CHECK(vmp_do(VMP_OP_COMPLETE_NULL, 0, 0, 0) == STOR_INVALID_PARAMETER, "NULL IRP accepted");
    CHECK(svc_wait(&s, 1), "a second callback");
    CHECK(ustor_log_guest_problems() == problems + 2, "the two bad completions are not reported");
}

/* Completions from a DPC (a warning status keeps the data) and with an error status
 * (no data); a completion inside HwProcessServiceRequest; a callback that sends again. */
static void check_contexts(struct vmp_control *c, struct ustor_adapter *a)
{
    struct svc s, err, inl, next;
    svc_send(a, &s, 0x22);
    CHECK(vmp_do(VMP_OP_COMPLETE_FROM_DPC, (int64_t)NT_BUFFER_OVERFLOW, 64, 0xCD) == 1, "DPC");
    CHECK(vmp_wait_value(&c->dpc_done, 1, 10) && c->dpc_status == STOR_SUCCESS, "DPC status 0x%x",
          c->dpc_status);
    CHECK(svc_wait(&s, 1) && s.status == NT_BUFFER_OVERFLOW && s.info == 64 &&
          bytes_are(s.buf, 64, 0xCD), "from a DPC: status 0x%x info %llu", s.status,
          (unsigned long long)s.info);

    svc_send(a, &err, 0x33);
    CHECK(vmp_do(VMP_OP_COMPLETE, NT_INVALID_PARAMETER, 8, 0xEE) == STOR_SUCCESS, "error completion");
    CHECK(svc_wait(&err, 1) && err.status == NT_INVALID_PARAMETER && err.info == 0 &&
          bytes_are(err.buf, 64, 0x33), "an error status copied data back");

    c->complete_inline = 1;
    svc_send(a, &inl, 0x44);
    c->complete_inline = 0;
    CHECK(svc_wait(&inl, 1) && inl.status == NT_SUCCESS_STATUS && inl.info == 1 &&
          inl.buf[0] == 0x5A && inl.buf[1] == 0x44, "inline completion");

    svc_send(a, &s, 0x55);
    s.resend_to = a;
    s.next = &next;
    memset(&next, 0, sizeof next);
    memset(next.buf, 0x66, sizeof next.buf);
    CHECK(vmp_do(VMP_OP_COMPLETE, NT_SUCCESS_STATUS, 0, 0) == STOR_SUCCESS, "completion");
    CHECK(svc_wait(&s, 1) && s.resend_rc == 0, "resend from the callback: %d", s.resend_rc);
    CHECK(vmp_wait_value(&c->held, 1, 10) && c->last_first_byte == 0x66, "the resent request");
    CHECK(vmp_do(VMP_OP_COMPLETE, NT_SUCCESS_STATUS, 2, 0x77) == STOR_SUCCESS, "completion");
    CHECK(svc_wait(&next, 1) && next.info == 2, "the resent request completed");
}

/* Arguments the host API refuses, without a callback. */
static void check_refusals(struct ustor_adapter *a)
{
    struct svc s;
    memset(&s, 0, sizeof s);
    CHECK(ustor_adapter_service_request(NULL, s.buf, 4, svc_done, &s) == -EINVAL, "no adapter");
    CHECK(ustor_adapter_service_request(a, s.buf, 4, NULL, &s) == -EINVAL, "no callback");
    CHECK(ustor_adapter_service_request(a, NULL, 4, svc_done, &s) == -EINVAL, "no buffer");
    CHECK(atomic_load(&s.calls) == 0, "a refused request called back");
}

/* Removal: what the miniport holds completes through HwCompleteServiceIrp, once each. */
static void check_removal(struct vmp_control *c, struct ustor_driver *d)
{
    struct ustor_adapter *a = vmp_adapter(d);
    struct svc s1, s2;
    svc_send(a, &s1, 1);
    svc_send(a, &s2, 2);
    int before = vmp_read(&c->complete_calls);
    CHECK_OK(ustor_adapter_remove(a));
    CHECK(vmp_read(&c->complete_calls) == before + 1 && c->complete_not_passive == 0,
          "HwCompleteServiceIrp calls %d", vmp_read(&c->complete_calls) - before);
    CHECK(atomic_load(&s1.calls) == 1 && atomic_load(&s2.calls) == 1, "calls %d %d",
          atomic_load(&s1.calls), atomic_load(&s2.calls));
    CHECK(s1.status == NT_CANCELLED && s2.status == NT_CANCELLED, "status 0x%x 0x%x", s1.status,
          s2.status);
    CHECK(vmp_event_index(VMP_EV_COMPLETE_SERVICE_IRPS, 0) < vmp_event_index(VMP_EV_FREE_RESOURCES, 0),
          "HwCompleteServiceIrp after HwFreeAdapterResources");
}

/* A miniport that forgets its IRPs: the port completes them, once, and says so. */
static void check_forgotten(struct vmp_control *c, struct ustor_driver *d)
{
    struct ustor_adapter *a = vmp_adapter(d);
    struct svc s;
    svc_send(a, &s, 3);
    unsigned long long problems = ustor_log_guest_problems();
    c->forget_on_remove = 1;
    CHECK_OK(ustor_adapter_remove(a));
    c->forget_on_remove = 0;
    CHECK(atomic_load(&s.calls) == 1 && s.status == NT_CANCELLED && s.info == 0,
          "calls %d status 0x%x", atomic_load(&s.calls), s.status);
    CHECK(ustor_log_guest_problems() > problems, "the forgotten request is not reported");
    c->held = 0;
}

int main(void)
{
    struct vmp_control *c = vmp_ctl();
    struct ustor_host *h = vmp_host();
    struct ustor_driver *d = vmp_load(h);
    struct ustor_adapter *a = vmp_adapter(d);
    check_round_trip(c, a);
    check_contexts(c, a);
    check_refusals(a);
    CHECK_OK(ustor_adapter_remove(a));
    check_removal(c, d);
    check_forgotten(c, d);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
