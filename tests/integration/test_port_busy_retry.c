/*
 * SRB_STATUS_BUSY: the port sends the same request again later through HwStartIo,
 * and the caller sees one completion with the final status; after the retry limit
 * the caller gets SRB_STATUS_BUSY (-EBUSY), still once.
 */
#include <errno.h>

#include "harness.h"

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_FROM_STARTIO;
    struct ustor_host_options o = {.size = sizeof o, .busy_pause_ms = 2, .busy_retry_limit = 5};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    struct ustor_lun *lun = ustor_adapter_lun(a, 0, 0, 0);

    struct tracker tr = {0};
    struct tracked r;
    t->busy_answers = 0;
    t->busy_first = 3;
    int32_t calls = t->startio_calls;
    tracked_tur(&r, &tr);
    CHECK_OK(ustor_lun_submit(lun, &r.req));
    CHECK(tracker_wait(&tr, 1, 30), "never completed");
    CHECK(r.req.result == 0 && atomic_load(&tr.twice) == 0, "result %d", r.req.result);
    CHECK(t->startio_calls - calls == 4, "HwStartIo calls: %d", t->startio_calls - calls);
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.busy_retries == 3, "retries %llu", (unsigned long long)st.busy_retries);

    t->busy_answers = 0;
    t->busy_first = 1000;
    calls = t->startio_calls;
    tracked_tur(&r, &tr);
    CHECK_OK(ustor_lun_submit(lun, &r.req));
    CHECK(tracker_wait(&tr, 2, 30), "never completed");
    CHECK(r.req.result == -EBUSY && r.req.srb_status == 0x05, "result %d", r.req.result);
    CHECK(t->startio_calls - calls == 6, "1 + 5 retries, got %d", t->startio_calls - calls);
    CHECK(atomic_load(&tr.twice) == 0, "twice");
    t->busy_first = 0;
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
