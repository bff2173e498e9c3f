/* The NVMe model alone, 4 KiB random reads on a RAM namespace at queue depth 32 per
 * host thread, each thread with its own queue pair, polling its CQ: commands run on
 * the thread that writes the doorbell (inline) or on the controller's device thread
 * (threaded). Prints fio-style figures; asserts only that every read completed well.
 * Usage: bench_nvme_model [seconds per case (1)] [case 0..3: inline x1, x2, threaded x1, x2]. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "nvme_harness.h"

#define QD 32
#define NS_BLOCKS (256u * 1024 * 1024 / 512)

struct job {
    struct harness *h;
    uint16_t qid;
    uint8_t *buf;
    double seconds;
    uint64_t done;
    uint32_t rng;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void submit(struct job *j, unsigned slot)
{
    j->rng = j->rng * 1103515245u + 12345u;
    uint64_t slba = (uint64_t)(j->rng % (NS_BLOCKS / 8)) * 8;
    struct nvme_sqe e = {.opcode = NVME_CMD_READ, .nsid = 1,
                         .prp1 = (uintptr_t)j->buf + (size_t)slot * H_PAGE,
                         .cdw10 = (uint32_t)slba, .cdw11 = (uint32_t)(slba >> 32),
                         .cdw12 = 7, .cdw2 = slot};
    h_enqueue(j->h, j->qid, &e);
}

static void *job_main(void *arg)
{
    struct job *j = arg;
    for (unsigned s = 0; s < QD; s++)
        submit(j, s);
    h_ring_sq(j->h, j->qid);
    double end = now() + j->seconds;
    unsigned polls = 0;
    while ((++polls & 255) || now() < end) {
        struct nvme_cqe c;
        unsigned got = 0;
        while (h_poll(j->h, j->qid, &c)) {
            CHECK_EQ(c.status >> 1, 0);
            j->done++;
            submit(j, (unsigned)(j->done % QD));
            got++;
        }
        if (got)
            h_ring_sq(j->h, j->qid);
    }
    /* the QD reads still in flight */
    double until = now() + 20;
    for (unsigned left = QD; left && now() < until;) {
        struct nvme_cqe c;
        if (h_poll(j->h, j->qid, &c))
            left--;
    }
    return NULL;
}

/* Writes the whole namespace once, so reads do not fault in fresh pages. */
static void prefill(struct harness *h)
{
    CHECK_EQ(h_create_pair(h, 4, 16, 4), 0);
    uint8_t *buf = h_alloc(h, 257 * H_PAGE);
    uint64_t *list = (uint64_t *)(buf + 256 * H_PAGE);
    for (unsigned i = 1; i < 256; i++)
        list[i - 1] = (uintptr_t)buf + (uint64_t)i * H_PAGE;
    memset(buf, 0x11, 256 * H_PAGE);
    for (uint64_t lba = 0; lba < NS_BLOCKS; lba += 2048)
        CHECK_EQ(h_rw(h, 4, NVME_CMD_WRITE, 1, lba, 2048, (uintptr_t)buf, (uintptr_t)list), 0);
    h_free(h, buf);
}

static void run(bool threaded, unsigned threads, double seconds)
{
    struct harness h;
    struct nvme_config cfg = {.io_queues = 4, .threaded = threaded};
    CHECK(h_init(&h, &cfg) == 0);
    CHECK(h_add_ns(&h, 1, "ram:256M", 512) == 0);
    CHECK(h_enable(&h, 16));
    prefill(&h);
    struct job jobs[4];
    pthread_t t[4];
    for (unsigned i = 0; i < threads; i++) {
        jobs[i] = (struct job){.h = &h, .qid = (uint16_t)(i + 1), .seconds = seconds,
                               .buf = h_alloc(&h, QD * H_PAGE), .rng = 7 + i};
        CHECK_EQ(h_create_pair(&h, jobs[i].qid, 1024, jobs[i].qid), 0);
    }
    double t0 = now();
    for (unsigned i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, job_main, &jobs[i]);
    uint64_t total = 0;
    for (unsigned i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += jobs[i].done;
        h_free(&h, jobs[i].buf);
    }
    double dt = now() - t0;
    printf("nvme-model: (%s, numjobs=%u): rw=randread, bs=4096B, iodepth=%u\n",
           threaded ? "device thread" : "inline", threads, QD);
    printf("  read: IOPS=%.0f, BW=%.1fMiB/s (%llu ios in %.2fs)\n", (double)total / dt,
           (double)total * 4096 / dt / 1048576, (unsigned long long)total, dt);
    CHECK(total > 0);
    h_fini(&h);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int only = argc > 2 ? atoi(argv[2]) : -1;      /* one case: 0..3 */
    ulog_set_level(ULOG_GUEST, -1);
    for (int i = 0; i < 4; i++)
        if (only < 0 || only == i)
            run(i >= 2, 1 + (unsigned)(i % 2), seconds);
    return failures ? 1 : 0;
}
