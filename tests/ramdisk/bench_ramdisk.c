/*
 * bench_ramdisk: how fast the ramdisk miniport serves 4 KiB random reads (or
 * writes) through the host API, pinned to one CPU, with a fixed number of requests
 * in flight (a slot is sent again as soon as it completed; RAM requests complete
 * before ustor_lun_submit returns, so the queue rarely fills). Not a test: it prints
 * IOPS and asserts nothing about time.
 * Usage: bench_ramdisk [seconds] [iodepth] [read|write] [config] [MiB of the disk to use]
 * (`ustorport bench` is the tool for users; this one isolates the miniport.)
 */
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rd_test.h"

#define BS 4096u
#define MAX_DEPTH 256

struct slot {
    struct ustor_scsi_request req;
    struct ustor_lun *lun;
    uint64_t blocks;                    /* of 4 KiB */
    uint32_t rng;
    bool write;
    atomic_bool idle;
};

static atomic_uint_fast64_t completed;

static void prepare(struct slot *s)
{
    s->rng = s->rng * 1664525u + 1013904223u;
    uint64_t lba = (((uint64_t)s->rng << 13) ^ (s->rng >> 7)) % s->blocks * 8;
    s->req.cdb_length = cdb_rw(s->req.cdb, 10, s->write, lba, 8, 0);
}

static void done(struct ustor_scsi_request *req)
{
    struct slot *s = req->context;
    CHECK(req->result == 0, "request failed: %d", req->result);
    atomic_fetch_add_explicit(&completed, 1, memory_order_relaxed);
    atomic_store_explicit(&s->idle, true, memory_order_release);
}

static void send(struct slot *s)
{
    while (!atomic_load_explicit(&s->idle, memory_order_acquire))
        sched_yield();
    atomic_store_explicit(&s->idle, false, memory_order_relaxed);
    prepare(s);
    CHECK_OK(ustor_lun_submit(s->lun, &s->req));
}

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

static void pin_to_one_cpu(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0)
        perror("sched_setaffinity");
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 5;
    int depth = argc > 2 ? atoi(argv[2]) : 32;
    bool write = argc > 3 && !strcmp(argv[3], "write");
    const char *config = argc > 4 ? argv[4] : "disk0=ram:1G";
    uint64_t span = argc > 5 ? strtoull(argv[5], NULL, 10) : 256;   /* MiB */
    static struct slot slots[MAX_DEPTH];
    struct rdt t;
    CHECK(depth > 0 && depth <= MAX_DEPTH, "iodepth 1..%d", MAX_DEPTH);
    pin_to_one_cpu();
    rdt_open(&t, config);
    uint8_t cdb[16];
    struct rdt_result r = rdt_exec(t.lun, cdb, cdb_capacity16(cdb, 32), USTOR_DATA_IN, t.buf, 32);
    rdt_good(&r, "capacity");
    uint64_t blocks = (be64(t.buf) + 1) * be32(t.buf + 8) / BS;
    for (uint32_t off = 0; off < RDT_BUFFER_BYTES; off += BS)   /* fault the pages in */
        t.buf[off] = 1;
    if (!write) {   /* reads of written pages copy data rather than zero-fill */
        for (uint64_t lba = 0; lba < blocks * 8 && lba < (span << 11); lba += 2048) {
            r = rdt_exec(t.lun, cdb, cdb_rw(cdb, 16, true, lba, 2048, 0), USTOR_DATA_OUT,
                         t.buf, 2048 * 512);
            rdt_good(&r, "prefill");
        }
    }
    blocks = blocks < (span << 8) ? blocks : (span << 8);   /* the first SPAN MiB */
    for (int i = 0; i < depth; i++) {
        struct slot *s = &slots[i];
        s->lun = t.lun;
        s->blocks = blocks;
        s->rng = (uint32_t)i * 7919u + 1;
        s->write = write;
        s->req.direction = write ? USTOR_DATA_OUT : USTOR_DATA_IN;
        s->req.data = t.buf + (size_t)(i % (RDT_BUFFER_BYTES / BS)) * BS;
        s->req.data_length = BS;
        s->req.done = done;
        s->req.context = s;
        atomic_store(&s->idle, true);
    }
    double start = now(), cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; now() - start < seconds; )
        for (int k = 0; k < 8192; k++, i = (i + 1) % depth)
            send(&slots[i]);
    for (int i = 0; i < depth; i++)
        while (!atomic_load(&slots[i].idle))
            sched_yield();
    double elapsed = now() - start, cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    uint64_t n = atomic_load(&completed);
    /* Per CPU second too: on a shared machine the wall clock includes others' work. */
    printf("4k rand%s iodepth %d: %.0f IOPS, %.0f IOPS per CPU second (%llu in %.2f s, "
           "%.2f s of CPU)\n", write ? "write" : "read", depth, n / elapsed, n / cpu,
           (unsigned long long)n, elapsed, cpu);
    rdt_close(&t);
    return 0;
}
