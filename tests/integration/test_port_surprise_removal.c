/*
 * Surprise removal: every request, whether the miniport holds it or it waits in the
 * port's queues, completes exactly once with SRB_STATUS_NO_DEVICE; the miniport hears
 * ScsiAdapterSurpriseRemoval and ScsiUnitSurpriseRemoval; new requests fail with
 * -ENODEV; the miniport's later completions of abandoned requests change nothing.
 */
#include <errno.h>

#include "harness.h"

#define N 20

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    t->luns = 2;
    t->lun_depth = 3;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    static struct tracked r[N];
    struct tracker tr = {0};
    for (int i = 0; i < N; i++) {
        tracked_tur(&r[i], &tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, (uint8_t)(i % 2)), &r[i].req));
    }
    CHECK(harness_wait_value(&t->held, 6, 10), "held %d", harness_read(&t->held));
    struct ustor_lun *lun0 = ustor_adapter_lun(a, 0, 0, 0);
    CHECK_OK(ustor_adapter_surprise_remove(a));
    CHECK(atomic_load(&tr.done) == N, "completed %llu of %d", (unsigned long long)atomic_load(&tr.done), N);
    CHECK(atomic_load(&tr.twice) == 0, "twice");
    for (int i = 0; i < N; i++)
        CHECK(r[i].req.srb_status == 0x08 && r[i].req.result == -ENODEV, "request %d: 0x%x", i,
              r[i].req.srb_status);
    CHECK(harness_event_count(t, TMP_EV_ADAPTER_CONTROL + 0x10) == 1, "ScsiAdapterSurpriseRemoval");
    CHECK(harness_event_count(t, TMP_EV_UNIT_CONTROL + 0x0A) == 2, "ScsiUnitSurpriseRemoval");
    struct tracked late;
    tracked_tur(&late, &tr);
    CHECK(ustor_lun_submit(lun0, &late.req) == -ENODEV, "a request after removal was taken");
    CHECK(harness_release_all() == 6, "the miniport held 6");
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.late_completions == 6 && atomic_load(&tr.done) == N, "late %llu",
          (unsigned long long)st.late_completions);
    CHECK_OK(ustor_adapter_remove(a));
    CHECK(atomic_load(&tr.twice) == 0, "twice after removal");
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
