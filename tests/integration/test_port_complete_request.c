/*
 * StorPortGetSrb finds an outstanding SRB by address and queue tag;
 * StorPortCompleteRequest completes every outstanding request of an address (with
 * SP_UNTAGGED wildcards) with the given status, each exactly once; a second
 * RequestComplete of the same SRB is refused without a second callback.
 */
#include "harness.h"

#define N 5

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    t->luns = 2;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    static struct tracked r[N + 1];
    struct tracker tr = {0};
    for (int i = 0; i < N; i++) {
        tracked_tur(&r[i], &tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, (uint8_t)(i % 2)), &r[i].req));
    }
    CHECK(harness_wait_value(&t->held, N, 10), "held %d", harness_read(&t->held));
    CHECK(harness_call(TMP_OP_GET_SRB_HELD, 0, 0, 0, 0) == 1, "StorPortGetSrb did not find it");
    harness_call(TMP_OP_COMPLETE_REQUEST, 0, 0, 0xFF, 0x02 /* SRB_STATUS_ABORTED */);
    CHECK(tracker_wait(&tr, N, 10), "completed %llu", (unsigned long long)atomic_load(&tr.done));
    for (int i = 0; i < N; i++)
        CHECK(r[i].req.srb_status == 0x02 && atomic_load(&r[i].completions) == 1, "request %d", i);

    tracked_tur(&r[N], &tr);
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 0), &r[N].req));
    CHECK(harness_wait_value(&t->held, 1, 10), "held");
    CHECK(harness_call(TMP_OP_DOUBLE_COMPLETE, 0, 0, 0, 0) == 1, "nothing held");
    CHECK(tracker_wait(&tr, N + 1, 10), "the doubly completed request never completed");
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.bad_completions == 1 && atomic_load(&tr.twice) == 0, "bad %llu twice %llu",
          (unsigned long long)st.bad_completions, (unsigned long long)atomic_load(&tr.twice));
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
