/*
 * Guest errors the port survives without a crash or a lost request: completing an
 * SRB the port never gave (ignored, counted), completing with SRB_STATUS_PENDING
 * (completed as SRB_STATUS_ERROR), issuing a STOR_DPC never initialized (FALSE),
 * releasing a lock handle nothing acquired (ignored). And the requests the host API
 * refuses before they reach the miniport: no callback, a length without a buffer, a
 * bad direction, a CDB too short, more than the maximum transfer, a buffer off the
 * alignment mask; none of them calls back.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"

static void check_miniport_errors(struct tmp_control *t, struct ustor_adapter *a)
{
    struct ustor_adapter_stats st;
    CHECK(harness_call(TMP_OP_COMPLETE_FOREIGN, 0, 0, 0, 0) == 1, "foreign completion");
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.bad_completions == 1, "bad completions %llu", (unsigned long long)st.bad_completions);
    CHECK(harness_call(TMP_OP_ISSUE_UNINIT_DPC, 0, 0, 0, 0) == 0, "an uninitialized DPC queued");
    CHECK(harness_call(TMP_OP_RELEASE_UNACQUIRED, 0, 0, 0, 0) == 1, "release");

    struct tracker tr = {0};
    struct tracked r;
    tracked_tur(&r, &tr);
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &r.req));
    CHECK(harness_wait_value(&t->held, 1, 10), "not held");
    CHECK(harness_call(TMP_OP_COMPLETE_PENDING, 0, 0, 0, 0) == 1, "nothing to complete");
    CHECK(tracker_wait(&tr, 1, 10), "the request completed with PENDING was lost");
    CHECK(r.req.srb_status == 0x04 /* SRB_STATUS_ERROR */ && r.req.result == -EIO,
          "status 0x%x", r.req.srb_status);
}

static int submit_refused(struct ustor_lun *lun, struct ustor_scsi_request *r)
{
    struct tracker tr = {0};
    struct tracked *t = (struct tracked *)r;
    t->tr = &tr;
    int rc = ustor_lun_submit(lun, r);
    CHECK(atomic_load(&tr.done) == 0, "a refused request called back");
    return rc;
}

static void check_refusals(struct ustor_host *h, struct ustor_lun *lun)
{
    uint8_t *buf = ustor_buffer_alloc(h, 512 * 1024);
    struct tracked t;
    tracked_tur(&t, NULL);
    t.req.done = NULL;
    CHECK(submit_refused(lun, &t.req) == -EINVAL, "no callback");
    tracked_tur(&t, NULL);
    t.req.data_length = 512;
    CHECK(submit_refused(lun, &t.req) == -EINVAL, "length without buffer");
    tracked_tur(&t, NULL);
    t.req.direction = 7;
    CHECK(submit_refused(lun, &t.req) == -EINVAL, "bad direction");
    tracked_tur(&t, NULL);
    t.req.cdb_length = 3;
    CHECK(submit_refused(lun, &t.req) == -EINVAL, "short CDB");
    tracked_tur(&t, NULL);
    harness_cdb_read10(&t.req, 0, 1024, buf);   /* 512 KiB > 256 KiB */
    CHECK(submit_refused(lun, &t.req) == -E2BIG, "beyond the maximum transfer");
    tracked_tur(&t, NULL);
    harness_cdb_read10(&t.req, 0, 1, buf + 1);   /* AlignmentMask 3 */
    CHECK(submit_refused(lun, &t.req) == -EINVAL, "misaligned buffer");
    ustor_buffer_free(h, buf);
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    struct ustor_host *h = harness_host();
    struct ustor_adapter *a = harness_virtual_adapter(harness_load(h));
    check_miniport_errors(t, a);
    check_refusals(h, ustor_adapter_lun(a, 0, 0, 0));
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
