/* NVMe model under concurrency: several host threads, each with its own I/O queue
 * pair, write and read back their own LBA ranges with eight commands per doorbell
 * while another thread keeps the admin queue busy; commands run on the doorbell
 * writers (inline), on the device thread (threaded), and with io_uring completions
 * reaped by the poll thread. Checks the data and that every command completed once;
 * meant to run under ThreadSanitizer too. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "nvme_harness.h"

#define WORKERS 3
#define DEPTH 8
#define ROUNDS 100
#define BLOCKS 16                        /* 8 KiB: PRP1 + PRP2 */
#define REGION_BLOCKS (DEPTH * BLOCKS)

struct worker {
    struct harness *h;
    uint16_t qid;
    uint8_t *buf;                        /* DEPTH * 2 pages */
    unsigned completed;
};

static _Atomic bool stop_admin;

static void batch(struct worker *w, uint8_t opcode, unsigned round)
{
    struct harness *h = w->h;
    for (unsigned i = 0; i < DEPTH; i++) {
        uint8_t *b = w->buf + (size_t)i * 2 * H_PAGE;
        if (opcode == NVME_CMD_WRITE)
            h_pattern(b, 2 * H_PAGE, w->qid * 100000 + round * DEPTH + i);
        else
            memset(b, 0, 2 * H_PAGE);
        uint64_t slba = (uint64_t)(w->qid - 1) * REGION_BLOCKS + i * BLOCKS;
        struct nvme_sqe e = {.opcode = opcode, .nsid = 1, .prp1 = (uintptr_t)b,
                             .prp2 = (uintptr_t)b + H_PAGE, .cdw10 = (uint32_t)slba,
                             .cdw12 = BLOCKS - 1};
        h_enqueue(h, w->qid, &e);
    }
    h_ring_sq(h, w->qid);
    for (unsigned i = 0; i < DEPTH; i++) {
        struct nvme_cqe c;
        CHECK(h_wait(h, w->qid, &c));
        CHECK_EQ(c.status >> 1, 0);
        w->completed++;
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    for (unsigned r = 0; r < ROUNDS; r++) {
        batch(w, NVME_CMD_WRITE, r);
        batch(w, NVME_CMD_READ, r);
        for (unsigned i = 0; i < DEPTH; i++)
            CHECK(h_pattern_ok(w->buf + (size_t)i * 2 * H_PAGE, 2 * H_PAGE,
                               w->qid * 100000 + r * DEPTH + i));
    }
    return NULL;
}

static void *admin_main(void *arg)
{
    struct harness *h = arg;
    void *buf = h_alloc(h, H_PAGE);
    while (!atomic_load(&stop_admin)) {
        CHECK_EQ(h_identify(h, NVME_CNS_NS, 1, buf), 0);
        struct nvme_sqe smart = {.opcode = NVME_ADM_GET_LOG_PAGE, .nsid = 0xFFFFFFFF,
                                 .prp1 = (uintptr_t)buf, .cdw10 = NVME_LOG_SMART | 127u << 16};
        CHECK_EQ(h_admin(h, &smart, NULL), 0);
        usleep(200);
    }
    h_free(h, buf);
    return NULL;
}

static void run(const char *spec, bool threaded)
{
    struct harness h;
    struct nvme_config cfg = {.io_queues = WORKERS, .threaded = threaded};
    CHECK(h_init(&h, &cfg) == 0);
    if (h_add_ns(&h, 1, spec, 512) != 0) {
        printf("skipping %s: the backend did not open\n", spec);
        h_fini(&h);
        return;
    }
    CHECK(h_enable(&h, 32));
    struct worker w[WORKERS];
    pthread_t t[WORKERS], admin;
    for (unsigned i = 0; i < WORKERS; i++) {
        w[i] = (struct worker){.h = &h, .qid = (uint16_t)(i + 1),
                               .buf = h_alloc(&h, DEPTH * 2 * H_PAGE)};
        CHECK_EQ(h_create_pair(&h, w[i].qid, 2 * DEPTH, w[i].qid), 0);
    }
    atomic_store(&stop_admin, false);
    pthread_create(&admin, NULL, admin_main, &h);
    for (unsigned i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker_main, &w[i]);
    for (unsigned i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    atomic_store(&stop_admin, true);
    pthread_join(admin, NULL);
    for (unsigned i = 0; i < WORKERS; i++) {
        CHECK_EQ(w[i].completed, 2 * ROUNDS * DEPTH);
        CHECK(h_irqs(&h, w[i].qid) >= 1);
        h_free(&h, w[i].buf);
    }
    struct nvme_stats st;
    nvme_get_stats(h.c, &st);
    CHECK_EQ(st.errors, 0);
    CHECK(h_disable(&h));
    h_fini(&h);
}

int main(void)
{
    ulog_set_level(ULOG_GUEST, -1);
    run("ram:8M", false);
    run("ram:8M", true);
    char path[] = "/tmp/ustor-nvme-conc-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    char spec[96];
    snprintf(spec, sizeof spec, "%s,size=8M,aio=uring", path);
    run(spec, false);
    unlink(path);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
