/*
 * StorPortExtendedFunction dispatches by function code: StorPortGetRequestInfo fills
 * STOR_REQUEST_INFO (V2) for a request in flight, StorPortGetStartIoPerfParams
 * answers channel and message (0 without concurrent channels or redirection), and a
 * code nobody implements returns STOR_STATUS_NOT_IMPLEMENTED.
 */
#include "harness.h"

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    struct tracker tr = {0};
    struct tracked r;
    tracked_tur(&r, &tr);
    void *buf = ustor_buffer_alloc(h, 4096);
    CHECK(buf != NULL, "buffer");
    harness_cdb_read10(&r.req, 0, 8, buf);
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &r.req));
    CHECK(harness_wait_value(&t->held, 1, 10), "not held");
    CHECK(harness_call(TMP_OP_REQUEST_INFO, 0, 0, 0, 0) == 1, "StorPortGetRequestInfo: %lld",
          (long long)harness_call(TMP_OP_REQUEST_INFO, 0, 0, 0, 0));
    CHECK(harness_call(TMP_OP_PERF_PARAMS, 0, 0, 0, 0) == 1, "StorPortGetStartIoPerfParams: %lld",
          (long long)harness_call(TMP_OP_PERF_PARAMS, 0, 0, 0, 0));
    CHECK(harness_call(TMP_OP_EXTFN, 200, 0, 0, 0) == 0xC1000002, "an unknown code");
    CHECK(harness_call(TMP_OP_EXTFN, 136, 0, 0, 0) == 0xC1000002 ||
          harness_call(TMP_OP_EXTFN, 136, 0, 0, 0) != 0, "code 136");
    CHECK(harness_release_all() == 1 && tracker_wait(&tr, 1, 10), "completion");
    CHECK(r.req.result == 0 && r.req.transferred == 4096, "read %d, %u bytes", r.req.result,
          r.req.transferred);
    CHECK(((unsigned char *)buf)[4095] == 0xA5, "the data did not land in the caller's buffer");
    CHECK_OK(ustor_adapter_remove(a));
    ustor_buffer_free(h, buf);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
