/* Concurrent I/O through the NVMe miniport: four threads, each with 16 requests in
 * flight on its own part of the disk, write and read back transfers of 512 bytes to
 * 1 MiB at buffer offsets that are only dword aligned, so PRP lists of every length
 * land in every request slot (and cross pages of the SRB extension). Every read must
 * return what was written, every request must call back exactly once, and the
 * adapter's counters must show nothing completed twice, late or not at all. */
#include "nvt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define THREADS 4
#define DEPTH 16
#define ROUNDS 12
#define REGION_BLOCKS 16384u           /* 8 MiB per thread */
#define SLOT_BYTES ((1u << 20) + 4096)

struct io {
    struct ustor_scsi_request req;
    uint8_t *buf;
    uint64_t lba;
    uint32_t blocks;
    uint32_t seed;
    _Atomic int done;
};

struct worker {
    struct ustor_lun *lun;
    unsigned id;
    struct io io[DEPTH];
    uint8_t *mem;
    uint32_t rng;
};

static _Atomic unsigned callbacks;

static void on_done(struct ustor_scsi_request *req)
{
    struct io *io = req->context;
    atomic_fetch_add(&callbacks, 1);
    CHECK(atomic_fetch_add(&io->done, 1) == 0, "a request completed twice");
}

static uint32_t next(struct worker *w)
{
    w->rng = w->rng * 1664525u + 1013904223u;
    return w->rng >> 8;
}

static void start(struct worker *w, struct io *io, bool write)
{
    uint8_t cdb[16];
    memset(&io->req, 0, sizeof io->req);
    io->req.cdb_length = cdb_rw(cdb, 16, write, io->lba, io->blocks, 0);
    memcpy(io->req.cdb, cdb, sizeof cdb);
    io->req.direction = write ? USTOR_DATA_OUT : USTOR_DATA_IN;
    io->req.data = io->buf;
    io->req.data_length = io->blocks * 512;
    io->req.done = on_done;
    io->req.context = io;
    atomic_store(&io->done, 0);
    CHECK_OK(ustor_lun_submit(w->lun, &io->req));
}

static void wait_all(struct worker *w)
{
    for (unsigned i = 0; i < DEPTH; i++) {
        while (!atomic_load(&w->io[i].done))
            ;
        CHECK(w->io[i].req.result == 0 && w->io[i].req.srb_status == SRB_OK,
              "request failed: %d, SRB 0x%02x", w->io[i].req.result, w->io[i].req.srb_status);
    }
}

/* DEPTH disjoint transfers of random size and buffer offset. */
static void plan(struct worker *w, unsigned round)
{
    uint64_t base = (uint64_t)w->id * REGION_BLOCKS;
    uint32_t part = REGION_BLOCKS / DEPTH;
    for (unsigned i = 0; i < DEPTH; i++) {
        struct io *io = &w->io[i];
        io->blocks = 1 + next(w) % (i % 4 == 0 ? 2048 : 64);
        if (io->blocks > part)
            io->blocks = part;
        io->lba = base + i * part + next(w) % (part - io->blocks + 1);
        io->buf = w->mem + (size_t)i * SLOT_BYTES + 4 * (next(w) % 1024);
        io->seed = round * 1000 + w->id * 100 + i + 1;
        fill_pattern(io->buf, io->blocks * 512, io->seed);
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    for (unsigned round = 0; round < ROUNDS; round++) {
        plan(w, round);
        for (unsigned i = 0; i < DEPTH; i++)
            start(w, &w->io[i], true);
        wait_all(w);
        for (unsigned i = 0; i < DEPTH; i++) {
            memset(w->io[i].buf, 0, w->io[i].blocks * 512);
            start(w, &w->io[i], false);
        }
        wait_all(w);
        for (unsigned i = 0; i < DEPTH; i++) {
            struct io *io = &w->io[i];
            uint8_t *want = malloc(io->blocks * 512);
            fill_pattern(want, io->blocks * 512, io->seed);
            CHECK(!memcmp(want, io->buf, io->blocks * 512), "thread %u round %u request %u: "
                  "%u blocks at %llu read back differently", w->id, round, i, io->blocks,
                  (unsigned long long)io->lba);
            free(want);
        }
    }
    return NULL;
}

int main(void)
{
    static struct nvt t;
    static struct worker w[THREADS];
    pthread_t th[THREADS];
    struct nvt_config cfg = {.ns_spec = {"ram:64M"}};
    nvt_open(&t, &cfg);
    for (unsigned i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.lun = t.lun, .id = i, .rng = 77 + i};
        w[i].mem = ustor_buffer_alloc(t.host, DEPTH * SLOT_BYTES);
        CHECK(w[i].mem != NULL, "buffer");
        CHECK_OK(pthread_create(&th[i], NULL, worker_main, &w[i]));
    }
    for (unsigned i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_adapter_get_stats(t.adapter, &st));
    unsigned want = THREADS * ROUNDS * DEPTH * 2;
    CHECK(atomic_load(&callbacks) == want, "%u callbacks for %u requests", atomic_load(&callbacks), want);
    CHECK(st.bad_completions == 0 && st.late_completions == 0 && st.timed_out == 0 &&
          st.outstanding == 0, "adapter counters: bad %llu late %llu timed out %llu outstanding %u",
          (unsigned long long)st.bad_completions, (unsigned long long)st.late_completions,
          (unsigned long long)st.timed_out, st.outstanding);
    for (unsigned i = 0; i < THREADS; i++)
        ustor_buffer_free(t.host, w[i].mem);
    nvt_close(&t);
    printf("ok: %u requests\n", want);
    return 0;
}
