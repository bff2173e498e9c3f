/* Resets and shutdowns during I/O lose nothing. Three writer threads with four
 * requests in flight each keep writing numbered patterns to chunks of their own part
 * of the disk while the main thread sends RESET_LOGICAL_UNIT, RESET_DEVICE and
 * RESET_BUS requests (a controller reset each), SRB_FUNCTION_SHUTDOWN (flush and
 * CC.SHN; the next I/O brings the controller back), and stops and restarts the
 * adapter (ScsiStopAdapter shuts the controller down; the restart brings it up).
 * A write the reset took completes with SRB_STATUS_BUS_RESET and is sent again, as a
 * class driver would; so is one that found the controller still coming back while the
 * adapter was stopping (SRB_STATUS_BUSY: the port does not re-send then). Every other
 * outcome must be success. Each request must call
 * back exactly once, and at the end every chunk must hold its last written pattern.
 * The controller's reset counter proves the resets happened. */
#include "nvt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define WRITERS 3
#define DEPTH 4
#define CHUNK 8u                        /* blocks */
#define CHUNKS 512u                     /* per writer: 2 MiB */
#define EVENTS 40

struct wio {
    struct ustor_scsi_request req;
    uint8_t *buf;
    uint32_t chunk, seed;
    _Atomic int calls;
};

struct writer {
    struct ustor_lun *lun;
    unsigned id;
    uint8_t *mem;
    uint32_t seeds[CHUNKS];             /* last pattern written successfully, 0: none */
    struct wio io[DEPTH];
    _Atomic unsigned in_flight;
    unsigned resent, written;
    uint32_t rng;
};

static _Atomic bool stop_writing;

static void wio_done(struct ustor_scsi_request *req)
{
    struct wio *io = req->context;
    CHECK(atomic_fetch_add(&io->calls, 1) == 0, "a write called back twice");
}

static void wio_send(struct writer *w, struct wio *io)
{
    uint8_t cdb[16];
    uint64_t lba = ((uint64_t)w->id * CHUNKS + io->chunk) * CHUNK;
    memset(&io->req, 0, sizeof io->req);
    io->req.cdb_length = cdb_rw(cdb, 16, true, lba, CHUNK, 0);
    memcpy(io->req.cdb, cdb, sizeof cdb);
    io->req.direction = USTOR_DATA_OUT;
    io->req.data = io->buf;
    io->req.data_length = CHUNK * 512;
    io->req.done = wio_done;
    io->req.context = io;
    atomic_store(&io->calls, 0);
    CHECK_OK(ustor_lun_submit(w->lun, &io->req));
}

/* A finished write: resent if the reset took it, recorded if done. */
static bool wio_finish(struct writer *w, struct wio *io)
{
    if (io->req.srb_status == SRB_BUS_RESET || io->req.srb_status == SRB_BUSY) {
        w->resent++;
        wio_send(w, io);
        return false;
    }
    CHECK(io->req.result == 0 && io->req.srb_status == SRB_OK, "write failed: %d, SRB 0x%02x",
          io->req.result, io->req.srb_status);
    w->seeds[io->chunk] = io->seed;
    w->written++;
    return true;
}

/* Chunks in flight are distinct: a new one is picked among those not in use. */
static void wio_new(struct writer *w, struct wio *io, unsigned n)
{
    for (;;) {
        w->rng = w->rng * 1664525u + 1013904223u;
        io->chunk = (w->rng >> 8) % CHUNKS;
        bool used = false;
        for (unsigned i = 0; i < DEPTH; i++)
            used = used || (&w->io[i] != io && w->io[i].chunk == io->chunk);
        if (!used)
            break;
    }
    io->seed = (w->id + 1) << 24 | n;
    fill_pattern(io->buf, CHUNK * 512, io->seed);
    wio_send(w, io);
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    unsigned n = 1;
    for (unsigned i = 0; i < DEPTH; i++) {
        w->io[i].buf = w->mem + i * CHUNK * 512;
        w->io[i].chunk = CHUNKS;
        wio_new(w, &w->io[i], n++);
    }
    unsigned pending = DEPTH;
    while (pending) {
        for (unsigned i = 0; i < DEPTH; i++) {
            struct wio *io = &w->io[i];
            if (!io->buf || !atomic_load(&io->calls) || !wio_finish(w, io))
                continue;
            if (atomic_load(&stop_writing)) {
                io->buf = NULL;          /* this slot is done */
                pending--;
            } else {
                wio_new(w, io, n++);
            }
        }
    }
    return NULL;
}

static void pause_ms(unsigned ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* One disturbance: a reset SRB, a shutdown SRB, or a stop and restart. */
static void disturb(struct nvt *t, unsigned k)
{
    static const uint8_t resets[] = {0x20, 0x13, 0x12};    /* LUN, device, bus */
    struct nvt_result r;
    switch (k % 5) {
    case 0: case 1: case 2:
        r = nvt_function(t->lun, resets[k % 3]);
        nvt_good(&r, "reset request");
        break;
    case 3:
        r = nvt_function(t->lun, 0x07);
        nvt_good(&r, "SRB_FUNCTION_SHUTDOWN");
        break;
    default:
        CHECK_OK(ustor_adapter_stop(t->adapter));
        pause_ms(2);
        CHECK_OK(ustor_adapter_restart(t->adapter));
        break;
    }
}

static void verify_all(struct nvt *t, struct writer *w)
{
    uint8_t *want = malloc(CHUNK * 512);
    for (unsigned i = 0; i < WRITERS; i++)
        for (unsigned c = 0; c < CHUNKS; c++) {
            if (!w[i].seeds[c])
                continue;
            struct nvt_result r = nvt_read(t->lun, ((uint64_t)i * CHUNKS + c) * CHUNK, CHUNK, t->buf, 512);
            nvt_good(&r, "read back");
            fill_pattern(want, CHUNK * 512, w[i].seeds[c]);
            CHECK(!memcmp(want, t->buf, CHUNK * 512), "writer %u chunk %u lost its last write", i, c);
        }
    free(want);
}

/* With "threaded" the controller runs commands on its own thread, so more of them
 * are in flight when a reset comes. */
int main(int argc, char **argv)
{
    static struct nvt t;
    static struct writer w[WRITERS];
    pthread_t th[WRITERS];
    struct nvt_config cfg = {.ns_spec = {"ram:16M"}};
    if (argc > 1 && !strcmp(argv[1], "threaded"))
        cfg.nvme = (struct ustor_nvme_options){.size = sizeof cfg.nvme, .threaded = true};
    nvt_open(&t, &cfg);
    for (unsigned i = 0; i < WRITERS; i++) {
        w[i].lun = t.lun;
        w[i].id = i;
        w[i].rng = 1234 + i;
        w[i].mem = ustor_buffer_alloc(t.host, DEPTH * CHUNK * 512);
        CHECK_OK(pthread_create(&th[i], NULL, writer_main, &w[i]));
    }
    for (unsigned k = 0; k < EVENTS; k++) {
        pause_ms(3);
        disturb(&t, k);
    }
    atomic_store(&stop_writing, true);
    unsigned resent = 0, written = 0;
    for (unsigned i = 0; i < WRITERS; i++) {
        pthread_join(th[i], NULL);
        resent += w[i].resent;
        written += w[i].written;
    }
    verify_all(&t, w);
    struct ustor_nvme_stats ns;
    struct ustor_adapter_stats st;
    CHECK_OK(ustor_nvme_get_stats(t.nvme, &ns));
    CHECK_OK(ustor_adapter_get_stats(t.adapter, &st));
    CHECK(ns.resets >= EVENTS * 4 / 5, "controller resets: %llu", (unsigned long long)ns.resets);
    CHECK(st.bad_completions == 0 && st.late_completions == 0 && st.timed_out == 0 &&
          st.outstanding == 0, "adapter counters: bad %llu late %llu timed out %llu outstanding %u",
          (unsigned long long)st.bad_completions, (unsigned long long)st.late_completions,
          (unsigned long long)st.timed_out, st.outstanding);
    for (unsigned i = 0; i < WRITERS; i++)
        ustor_buffer_free(t.host, w[i].mem);
    nvt_close(&t);
    printf("ok: %u writes, %u sent again after a reset, %llu controller resets\n", written, resent,
           (unsigned long long)ns.resets);
    return 0;
}
