/*
 * Stress: 8 threads submit for 10 seconds (USTOR_STRESS_SECONDS overrides) to a
 * physical and a virtual adapter of the test miniport, which completes each request
 * from a context picked at random: HwStartIo, a DPC, the legacy timer, a work item
 * (when available) or the ISR (physical adapter). Half the requests are submitted
 * again from their completion callback, half by their thread. At the end every
 * request submitted has completed exactly once and successfully, the adapters have
 * nothing outstanding and every slot is free; sanitizer builds check races and leaks.
 * The DMA verifier is on, so each request's buffer is granted and revoked as well.
 * Nothing here depends on timing.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define THREADS 8
#define JOBS 16

struct job {
    struct ustor_scsi_request req;
    struct worker *w;
    void *buf;
    int index;
    _Atomic int pending;
};

struct worker {
    struct ustor_lun *lun;
    struct job jobs[JOBS];
    _Atomic uint64_t submitted, completed, twice, failed, refused;
};

static _Atomic bool stop;

static void job_prepare(struct job *j)
{
    memset(&j->req, 0, sizeof j->req);
    if (j->index % 3)
        harness_cdb_read10(&j->req, (uint32_t)j->index, 8, j->buf);
    else
        harness_cdb_tur(&j->req);
    j->req.timeout = 60;
    j->req.done = NULL;
}

static void job_done(struct ustor_scsi_request *req);

static void job_submit(struct job *j)
{
    job_prepare(j);
    j->req.done = job_done;
    atomic_store(&j->pending, 1);
    atomic_fetch_add(&j->w->submitted, 1);
    if (ustor_lun_submit(j->w->lun, &j->req) != 0) {
        atomic_store(&j->pending, 0);
        atomic_fetch_sub(&j->w->submitted, 1);
        atomic_fetch_add(&j->w->refused, 1);
    }
}

static void job_done(struct ustor_scsi_request *req)
{
    struct job *j = (struct job *)req;
    struct worker *w = j->w;
    if (req->result != 0)
        atomic_fetch_add(&w->failed, 1);
    bool again = j->index % 2 == 0 && !atomic_load(&stop);
    if (atomic_exchange(&j->pending, 0) != 1)
        atomic_fetch_add(&w->twice, 1);
    atomic_fetch_add(&w->completed, 1);
    if (again)
        job_submit(j);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct timespec ts = {0, 200000};
    for (int i = 0; i < JOBS; i++)
        job_submit(&w->jobs[i]);
    while (!atomic_load(&stop)) {
        for (int i = 1; i < JOBS; i += 2)
            if (!atomic_load(&w->jobs[i].pending) && !atomic_load(&stop))
                job_submit(&w->jobs[i]);
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static void workers_init(struct worker *w, struct ustor_host *h, struct ustor_adapter *phys,
                         struct ustor_adapter *virt)
{
    for (int t = 0; t < THREADS; t++) {
        struct ustor_adapter *a = t < THREADS / 2 ? phys : virt;
        w[t].lun = ustor_adapter_lun(a, 0, 0, (uint8_t)(t % 2));
        CHECK(w[t].lun != NULL, "unit for thread %d", t);
        for (int i = 0; i < JOBS; i++) {
            w[t].jobs[i].w = &w[t];
            w[t].jobs[i].index = i;
            w[t].jobs[i].buf = ustor_buffer_alloc(h, 4096);
            CHECK(w[t].jobs[i].buf != NULL, "buffer");
        }
    }
}

static void check_adapter(struct ustor_adapter *a)
{
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.outstanding == 0 && st.waiting == 0 && st.slots_free == st.slots_total,
          "leftovers: %u outstanding, %u waiting, %u/%u slots free", st.outstanding, st.waiting,
          st.slots_free, st.slots_total);
    CHECK(st.bad_completions == 0 && st.timed_out == 0 && st.submitted == st.completed,
          "bad %llu timed out %llu submitted %llu completed %llu",
          (unsigned long long)st.bad_completions, (unsigned long long)st.timed_out,
          (unsigned long long)st.submitted, (unsigned long long)st.completed);
}

static unsigned seconds(void)
{
    const char *s = getenv("USTOR_STRESS_SECONDS");
    return s && atoi(s) > 0 ? (unsigned)atoi(s) : 10;
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_RANDOM;
    t->luns = 2;
    t->full_duplex = 1;
    struct ustor_host_options o = {.size = sizeof o, .busy_pause_ms = 5,
                                   .flags = USTOR_HOST_VERIFY_DMA};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *phys = harness_physical_adapter(d, t);
    struct ustor_adapter *virt = harness_virtual_adapter(d);
    static struct worker w[THREADS];
    workers_init(w, h, phys, virt);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&th[i], NULL, worker_main, &w[i]) == 0, "thread");
    struct timespec run = {(time_t)seconds(), 0};
    nanosleep(&run, NULL);
    atomic_store(&stop, true);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    uint64_t total = 0;
    for (int i = 0; i < THREADS; i++) {
        struct tracker tr = {0};
        for (int polls = 0; polls < 60000 && atomic_load(&w[i].completed) < atomic_load(&w[i].submitted); polls++)
            tracker_wait(&tr, 1, 0), nanosleep(&(struct timespec){0, 1000000}, NULL);
        CHECK(atomic_load(&w[i].completed) == atomic_load(&w[i].submitted),
              "thread %d: %llu submitted, %llu completed", i,
              (unsigned long long)atomic_load(&w[i].submitted),
              (unsigned long long)atomic_load(&w[i].completed));
        CHECK(atomic_load(&w[i].twice) == 0 && atomic_load(&w[i].failed) == 0 &&
              atomic_load(&w[i].refused) == 0, "thread %d: twice %llu failed %llu refused %llu", i,
              (unsigned long long)atomic_load(&w[i].twice),
              (unsigned long long)atomic_load(&w[i].failed),
              (unsigned long long)atomic_load(&w[i].refused));
        total += atomic_load(&w[i].completed);
    }
    check_adapter(phys);
    check_adapter(virt);
    printf("%llu requests; completions: startio %d, dpc %d, timer %d, worker %d, isr %d\n",
           (unsigned long long)total, t->completed[TMP_FROM_STARTIO], t->completed[TMP_FROM_DPC],
           t->completed[TMP_FROM_TIMER], t->completed[TMP_FROM_WORKER], t->completed[TMP_FROM_ISR]);
    CHECK(t->completed[TMP_FROM_STARTIO] && t->completed[TMP_FROM_DPC] &&
          t->completed[TMP_FROM_TIMER] && t->completed[TMP_FROM_ISR], "a context never completed");
    CHECK(t->worker_unavailable || t->completed[TMP_FROM_WORKER], "work items never completed");
    CHECK_OK(ustor_adapter_remove(phys));
    CHECK_OK(ustor_adapter_remove(virt));
    for (int i = 0; i < THREADS; i++)
        for (int j = 0; j < JOBS; j++)
            ustor_buffer_free(h, w[i].jobs[j].buf);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
