/*
 * Synchronization models: a physical adapter's HwBuildIo runs for every request and
 * its HwStartIo calls never overlap — under the StartIo lock in full duplex, under
 * the interrupt lock in half duplex, where the ISR also never runs during HwStartIo
 * (an interrupt raised from inside HwStartIo on the same thread is held until the lock
 * is released, or waits on the line's thread). A virtual adapter gets no HwBuildIo.
 */
#include <string.h>

#include "harness.h"

#define N 64

static void run(struct ustor_adapter *a)
{
    static struct tracked r[N];
    struct tracker tr = {0};
    for (int i = 0; i < N; i++) {
        tracked_tur(&r[i], &tr);
        CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, (uint8_t)(i % 2)), &r[i].req));
    }
    CHECK(tracker_wait(&tr, N, 30), "completed %llu of %d", (unsigned long long)atomic_load(&tr.done), N);
    CHECK(atomic_load(&tr.ok) == N && atomic_load(&tr.twice) == 0, "ok %llu",
          (unsigned long long)atomic_load(&tr.ok));
}

static void reset_counts(struct tmp_control *t)
{
    t->startio_overlap = t->isr_during_startio = t->buildio_calls = 0;
    memset(t->completed, 0, sizeof t->completed);
}

static void check_half_duplex(struct tmp_control *t, struct ustor_driver *d, int inline_irq)
{
    reset_counts(t);
    t->full_duplex = 0;
    t->mode = TMP_FROM_ISR;
    t->doorbell_inline = inline_irq;
    struct ustor_adapter *a = harness_physical_adapter(d, t);
    struct ustor_adapter_info info;
    CHECK_OK(ustor_adapter_get_info(a, &info));
    CHECK(info.synchronization_model == 0, "not half duplex");
    run(a);
    CHECK(t->completed[TMP_FROM_ISR] == N, "ISR completions %d", t->completed[TMP_FROM_ISR]);
    CHECK(t->isr_during_startio == 0, "half duplex: the ISR ran during HwStartIo %d times",
          t->isr_during_startio);
    CHECK(t->startio_overlap == 0 && t->buildio_calls >= N, "overlap %d buildio %d",
          t->startio_overlap, t->buildio_calls);
    CHECK_OK(ustor_adapter_remove(a));
}

static void check_full_duplex(struct tmp_control *t, struct ustor_driver *d)
{
    reset_counts(t);
    t->full_duplex = 1;
    t->mode = TMP_RANDOM;
    struct ustor_adapter *a = harness_physical_adapter(d, t);
    run(a);
    CHECK(t->startio_overlap == 0, "full duplex: HwStartIo calls overlapped");
    CHECK(t->buildio_calls >= N, "HwBuildIo calls %d", t->buildio_calls);
    CHECK_OK(ustor_adapter_remove(a));
}

static void check_virtual(struct tmp_control *t, struct ustor_driver *d)
{
    reset_counts(t);
    t->mode = TMP_FROM_DPC;
    struct ustor_adapter *a = harness_virtual_adapter(d);
    run(a);
    CHECK(t->buildio_calls == 0, "HwBuildIo called for a virtual adapter");
    CHECK_OK(ustor_adapter_remove(a));
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->luns = 2;
    struct ustor_host *h = harness_host();
    struct ustor_driver *d = harness_load(h);
    check_half_duplex(t, d, 1);
    check_half_duplex(t, d, 0);
    check_full_duplex(t, d);
    check_virtual(t, d);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
