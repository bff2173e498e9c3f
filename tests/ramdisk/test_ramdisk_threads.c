/*
 * The ramdisk's HwStartIo runs without a lock, concurrently on every submitting
 * thread: four threads each keep eight requests in flight on one RAM unit (and on
 * an io_uring image unit), writing and reading back their own region, while the
 * adapter counts every request completed exactly once. Meant for TSan and ASan.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "rd_test.h"

#define BS 512u
#define THREADS 4
#define DEPTH 8
#define ROUNDS 300
#define BLOCKS_PER_IO 8u

struct worker {
    struct rdt *t;
    struct ustor_lun *lun;
    int index;
    uint8_t *data;                      /* DEPTH slots of BLOCKS_PER_IO blocks */
    uint8_t *check;
    struct ustor_scsi_request req[DEPTH];
    _Atomic int done;
};

static void request_done(struct ustor_scsi_request *req)
{
    struct worker *w = req->context;
    CHECK(req->result == 0, "thread %d: request failed: %d", w->index, req->result);
    atomic_fetch_add(&w->done, 1);
}

static void run_batch(struct worker *w, bool write, uint8_t *buf, uint64_t base)
{
    atomic_store(&w->done, 0);
    for (int i = 0; i < DEPTH; i++) {
        struct ustor_scsi_request *r = &w->req[i];
        memset(r, 0, sizeof *r);
        r->cdb_length = cdb_rw(r->cdb, 10, write, base + (uint64_t)i * BLOCKS_PER_IO,
                               BLOCKS_PER_IO, 0);
        r->direction = write ? USTOR_DATA_OUT : USTOR_DATA_IN;
        r->data = buf + (size_t)i * BLOCKS_PER_IO * BS;
        r->data_length = BLOCKS_PER_IO * BS;
        r->done = request_done;
        r->context = w;
        CHECK_OK(ustor_lun_submit(w->lun, r));
    }
    for (int spins = 0; atomic_load(&w->done) < DEPTH && spins < 2000000; spins++)
        sched_yield();
    CHECK(atomic_load(&w->done) == DEPTH, "thread %d: a batch did not complete", w->index);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    uint32_t bytes = DEPTH * BLOCKS_PER_IO * BS;
    uint64_t base = (uint64_t)w->index * DEPTH * BLOCKS_PER_IO;
    for (int round = 0; round < ROUNDS; round++) {
        fill_pattern(w->data, bytes, (uint32_t)(w->index * 100000 + round));
        run_batch(w, true, w->data, base);
        run_batch(w, false, w->check, base);
        CHECK(!memcmp(w->data, w->check, bytes), "thread %d round %d read back other data",
                  w->index, round);
    }
    return NULL;
}

static void hammer(struct rdt *t, struct ustor_lun *lun)
{
    static struct worker w[THREADS];
    pthread_t th[THREADS];
    uint32_t bytes = DEPTH * BLOCKS_PER_IO * BS;
    struct ustor_adapter_stats before, after;
    CHECK_OK(ustor_adapter_get_stats(t->adapter, &before));
    for (int i = 0; i < THREADS; i++) {
        w[i].t = t;
        w[i].lun = lun;
        w[i].index = i;
        w[i].data = t->buf + (size_t)i * 2 * bytes;
        w[i].check = w[i].data + bytes;
        CHECK_OK(pthread_create(&th[i], NULL, worker_main, &w[i]));
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    CHECK_OK(ustor_adapter_get_stats(t->adapter, &after));
    uint64_t n = (uint64_t)THREADS * ROUNDS * 2 * DEPTH;
    CHECK(after.completed - before.completed == n && after.bad_completions == 0,
          "completed %llu of %llu, %llu bad", (unsigned long long)(after.completed - before.completed),
          (unsigned long long)n, (unsigned long long)after.bad_completions);
}

int main(void)
{
    char dir[] = "/tmp/ramdisk-threads-XXXXXX", config[256], image[128];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(image, sizeof image, "%s/disk.img", dir);
    snprintf(config, sizeof config, "disk0=ram:8M;disk1=%s,size=4M,aio=uring", image);
    struct rdt t;
    rdt_open(&t, config);
    hammer(&t, rdt_lun(&t, 0));
    hammer(&t, rdt_lun(&t, 1));
    rdt_close(&t);
    unlink(image);
    rmdir(dir);
    printf("ok\n");
    return 0;
}
