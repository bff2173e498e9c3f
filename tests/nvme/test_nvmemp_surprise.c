/* Surprise removal during I/O: two threads keep eight reads and writes each in flight
 * on the NVMe miniport (the controller runs commands on its own thread, so some are
 * always outstanding) when the device vanishes. Every request must call back exactly
 * once, with success or SRB_STATUS_NO_DEVICE; later submissions are refused; the
 * adapter then goes away cleanly. */
#include "nvt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define DEPTH 8
#define SRB_NO_DEVICE 0x08

struct sio {
    struct ustor_scsi_request req;
    _Atomic int calls;
};

struct job {
    struct nvt *t;
    unsigned id;
    struct sio io[DEPTH];
    uint8_t *mem;
    unsigned ok, gone, refused;
};

static _Atomic bool removed;

static void sio_done(struct ustor_scsi_request *req)
{
    struct sio *io = req->context;
    CHECK(atomic_fetch_add(&io->calls, 1) == 0, "a request called back twice");
}

static bool sio_send(struct job *j, unsigned i, unsigned n)
{
    struct sio *io = &j->io[i];
    uint8_t cdb[16];
    bool write = n % 2;
    memset(&io->req, 0, sizeof io->req);
    io->req.cdb_length = cdb_rw(cdb, 10, write, (j->id * DEPTH + i) * 64, 64, 0);
    memcpy(io->req.cdb, cdb, sizeof cdb);
    io->req.direction = write ? USTOR_DATA_OUT : USTOR_DATA_IN;
    io->req.data = j->mem + i * 32768;
    io->req.data_length = 32768;
    io->req.done = sio_done;
    io->req.context = io;
    atomic_store(&io->calls, 0);
    return ustor_lun_submit(j->t->lun, &io->req) == 0;
}

static void *job_main(void *arg)
{
    struct job *j = arg;
    bool live[DEPTH];
    unsigned n = 0, busy = DEPTH;
    for (unsigned i = 0; i < DEPTH; i++)
        live[i] = sio_send(j, i, n++);
    for (unsigned i = 0; i < DEPTH; i++)
        busy -= !live[i];
    while (busy) {
        for (unsigned i = 0; i < DEPTH; i++) {
            if (!live[i] || !atomic_load(&j->io[i].calls))
                continue;
            uint8_t st = j->io[i].req.srb_status;
            CHECK(st == SRB_OK || st == SRB_NO_DEVICE, "request ended with SRB 0x%02x", st);
            st == SRB_OK ? j->ok++ : j->gone++;
            live[i] = !atomic_load(&removed) && sio_send(j, i, n++);
            if (!live[i]) {
                busy--;
                j->refused += atomic_load(&removed);
            }
        }
    }
    return NULL;
}

int main(void)
{
    static struct nvt t;
    static struct job jobs[2];
    pthread_t th[2];
    struct nvt_config cfg = {.ns_spec = {"ram:8M"}};
    cfg.nvme = (struct ustor_nvme_options){.size = sizeof cfg.nvme, .threaded = true};
    nvt_open(&t, &cfg);
    for (unsigned i = 0; i < 2; i++) {
        jobs[i] = (struct job){.t = &t, .id = i, .mem = ustor_buffer_alloc(t.host, DEPTH * 32768)};
        CHECK_OK(pthread_create(&th[i], NULL, job_main, &jobs[i]));
    }
    struct timespec ts = {0, 30 * 1000000L};
    nanosleep(&ts, NULL);
    CHECK_OK(ustor_adapter_surprise_remove(t.adapter));
    atomic_store(&removed, true);
    for (unsigned i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(t.lun, cdb, cdb_rw(cdb, 10, false, 0, 1, 0), 1, t.buf, 512);
    CHECK(r.rc < 0 || r.srb_status == SRB_NO_DEVICE, "a request after the removal: rc %d SRB 0x%02x",
          r.rc, r.srb_status);
    unsigned ok = jobs[0].ok + jobs[1].ok, gone = jobs[0].gone + jobs[1].gone;
    CHECK(ok > 0, "no request succeeded before the removal");
    for (unsigned i = 0; i < 2; i++)
        ustor_buffer_free(t.host, jobs[i].mem);
    nvt_close(&t);
    printf("ok: %u done, %u ended by the removal\n", ok, gone);
    return 0;
}
