/* The bench's job threads (bench.h). A job submits iodepth requests, then
 * drains its completed list (filled by done() from whatever thread completed
 * them) and resubmits each request at once: the loop never allocates. It
 * spins briefly before sleeping on a futex, since most completions come back
 * within a microsecond. Phases: FILL writes the verify pattern over the job's
 * region once, WORK runs the workload, CHECK reads the region back once. */
#include <errno.h>
#include <stdio.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define SPINS 4000

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool tsc_ok;
static double tsc_ns;               /* ns per TSC tick */

static bool cpu_has(const char *flags, const char *flag)
{
    size_t n = strlen(flag);
    for (const char *p = strstr(flags, flag); p; p = strstr(p + 1, flag))
        if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
            return true;
    return false;
}

void bench_clock_init(void)
{
    char line[8192];
    bool constant = false, nonstop = false;
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "flags", 5)) {
            constant = cpu_has(line, "constant_tsc");
            nonstop = cpu_has(line, "nonstop_tsc");
            break;
        }
    if (f)
        fclose(f);
    if (!constant || !nonstop)
        return;
    uint64_t t0 = bench_now_ns(), c0 = __builtin_ia32_rdtsc();
    struct timespec ts = { 0, 20 * 1000000L };
    nanosleep(&ts, NULL);
    uint64_t t1 = bench_now_ns(), c1 = __builtin_ia32_rdtsc();
    if (c1 <= c0)
        return;
    tsc_ns = (double)(t1 - t0) / (double)(c1 - c0);
    tsc_ok = true;
}

uint64_t bench_stamp_ns(void)
{
    if (tsc_ok)
        return (uint64_t)((double)__builtin_ia32_rdtsc() * tsc_ns);
    return bench_now_ns();
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* ---- completion ---- */

static __thread struct bench_job *this_job;

static void io_done(struct ustor_disk_io *dio, int result)
{
    struct bench_io *io = (struct bench_io *)(void *)dio;
    struct bench_job *j = io->job;
    io->t_done = bench_stamp_ns();
    io->result = result;
    if (this_job == j) {
        /* completed inside submit on the job's own thread: no atomics, no wake-up */
        io->next = j->completed_here;
        j->completed_here = io;
        return;
    }
    struct bench_io *head = atomic_load_explicit(&j->completed, memory_order_relaxed);
    do {
        io->next = head;
    } while (!atomic_compare_exchange_weak(&j->completed, &head, io));
    if (atomic_load(&j->sleeping))
        syscall(SYS_futex, &j->sleeping, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void wait_completions(struct bench_job *j)
{
    for (int i = 0; i < SPINS; i++) {
        if (atomic_load_explicit(&j->completed, memory_order_relaxed))
            return;
        __builtin_ia32_pause();
    }
    struct timespec ts = { 0, 100 * 1000000L };
    atomic_store(&j->sleeping, 1);
    if (!atomic_load(&j->completed))
        syscall(SYS_futex, &j->sleeping, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0);
    atomic_store(&j->sleeping, 0);
}

/* ---- choosing the next request ---- */

static bool block_busy(const struct bench_job *j, const struct bench_io *self, uint64_t block)
{
    unsigned depth = j->ctx->o->iodepth;
    for (unsigned i = 0; i < depth; i++) {
        const struct bench_io *o = &j->ios[i];
        if (o != self && o->busy && o->block == block)
            return true;
    }
    return false;
}

static uint64_t next_block(struct bench_job *j)
{
    /* the high half of a 64x64 product maps the random word onto the region, no division */
    if (j->ctx->o->random)
        return (uint64_t)(((unsigned __int128)rng_next(&j->rng) * j->region_blocks) >> 64);
    return j->seq_next++ % j->region_blocks;
}

/* Picks direction and block of a WORK request; false when the job is done. */
static bool pick_work(struct bench_job *j, struct bench_io *io)
{
    const struct bench_opts *o = j->ctx->o;
    if (atomic_load_explicit(&j->ctx->stop, memory_order_relaxed))
        return false;
    if (!o->time_based && j->issued_bytes >= j->phase_left)
        return false;
    if (o->mode == BENCH_MIXED)
        io->dir = rng_next(&j->rng) % 100 < o->rwmixread ? DIR_READ : DIR_WRITE;
    else
        io->dir = o->mode == BENCH_READ ? DIR_READ : DIR_WRITE;
    io->block = next_block(j);
    /* a job never has two requests on one block: the region has more blocks than iodepth */
    while (o->verify && block_busy(j, io, io->block))
        io->block = next_block(j);
    j->issued_bytes += o->bs;
    return true;
}

static bool pick(struct bench_job *j, struct bench_io *io)
{
    if (j->phase == PHASE_WORK) {
        if (!pick_work(j, io))
            return false;
    } else {
        if (!j->phase_left || atomic_load_explicit(&j->ctx->stop, memory_order_relaxed))
            return false;
        j->phase_left--;
        io->block = j->seq_next++;
        io->dir = j->phase == PHASE_FILL ? DIR_WRITE : DIR_READ;
    }
    return true;
}

static void io_prepare(struct bench_job *j, struct bench_io *io)
{
    const struct bench_opts *o = j->ctx->o;
    uint64_t offset = (j->region_first + io->block) * o->bs;
    /* field by field: a compound literal would clear the disk's kilobyte of state */
    io->dio.op = io->dir == DIR_READ ? USTOR_DISK_READ : USTOR_DISK_WRITE;
    io->dio.flags = 0;
    io->dio.offset = offset;
    io->dio.length = o->bs;
    io->dio.buf = io->buf;
    io->dio.done = io_done;
    if (!o->verify)
        return;
    if (io->dir == DIR_WRITE)
        bench_pattern_fill(io->buf, (uint32_t)o->bs, offset, ++j->gen[io->block]);
    else
        io->expect_gen = j->gen[io->block];
}

static void submit(struct bench_job *j, struct bench_io *io)
{
    io_prepare(j, io);
    j->inflight++;
    io->busy = true;
    io->t_start = bench_stamp_ns();
    ustor_disk_submit(j->ctx->disk, &io->dio);
}

/* ---- accounting ---- */

static void bump(_Atomic uint64_t *v, uint64_t by)
{
    atomic_store_explicit(v, atomic_load_explicit(v, memory_order_relaxed) + by,
                          memory_order_relaxed);
}

static void check_read(struct bench_job *j, struct bench_io *io)
{
    const struct bench_opts *o = j->ctx->o;
    char why[160];
    uint64_t offset = (j->region_first + io->block) * o->bs;
    if (bench_pattern_check(io->buf, (uint32_t)o->bs, offset, io->expect_gen, why, sizeof why) == 0) {
        j->verified++;
        return;
    }
    if (!j->verify_errors++)
        snprintf(j->first_verify_error, sizeof j->first_verify_error, "%s", why);
    atomic_store(&j->ctx->failed, true);
    atomic_store(&j->ctx->stop, true);
}

static void account(struct bench_job *j, struct bench_io *io)
{
    const struct bench_opts *o = j->ctx->o;
    j->inflight--;
    io->busy = false;
    if (io->result < 0) {
        if (!j->io_errors++)
            j->first_error = io->result;
        atomic_store(&j->ctx->failed, true);
        atomic_store(&j->ctx->stop, true);
        return;
    }
    if (o->verify && io->dir == DIR_READ)
        check_read(j, io);
    bump(&j->progress_ios[io->dir], 1);
    bump(&j->progress_bytes[io->dir], o->bs);
    if (j->phase != PHASE_WORK || !atomic_load_explicit(&j->ctx->measuring, memory_order_relaxed))
        return;
    struct bench_dir_stats *st = &j->st[io->dir];
    st->ios++;
    st->bytes += o->bs;
    bench_lat_add(&st->clat, io->t_done - io->t_start);
}

static void *job_main(void *arg)
{
    struct bench_job *j = arg;
    unsigned depth = j->ctx->o->iodepth;
    this_job = j;
    j->completed_here = NULL;
    for (unsigned i = 0; i < depth; i++) {
        if (pick(j, &j->ios[i]))
            submit(j, &j->ios[i]);
    }
    while (j->inflight) {
        struct bench_io *list = j->completed_here;
        j->completed_here = NULL;
        if (!list && atomic_load_explicit(&j->completed, memory_order_relaxed))
            list = atomic_exchange(&j->completed, NULL);
        if (!list) {
            wait_completions(j);
            continue;
        }
        while (list) {
            struct bench_io *io = list;
            list = io->next;
            account(j, io);
            if (pick(j, io))
                submit(j, io);
        }
    }
    atomic_fetch_sub(&j->ctx->jobs_running, 1);
    return NULL;
}

/* ---- setup ---- */

/* Without --verify every job's region is the whole disk: a prefill gives each job
 * one slice of it (the last one the rest), so the disk is written once. */
static void fill_slice(struct bench_job *j, unsigned index, unsigned njobs)
{
    uint64_t slice = j->region_blocks / njobs;
    j->seq_next = slice * index;
    j->phase_left = index + 1 == njobs ? j->region_blocks - j->seq_next : slice;
}

static int job_create(struct bench_ctx *c, struct bench_job *j, unsigned index, uint64_t blocks)
{
    const struct bench_opts *o = c->o;
    j->ctx = c;
    j->index = index;
    j->rng = 0x9e3779b97f4a7c15ull * (index + 1) ^ 0x5851f42d4c957f2dull;
    j->region_blocks = o->verify ? blocks / o->numjobs : blocks;
    j->region_first = o->verify ? j->region_blocks * index : 0;
    j->ios = calloc(o->iodepth, sizeof *j->ios);
    j->buffers = ustor_buffer_alloc(c->session->host, o->iodepth * o->bs);
    if (o->verify)
        j->gen = calloc(j->region_blocks, sizeof *j->gen);
    if (!j->ios || !j->buffers || (o->verify && !j->gen))
        return -ENOMEM;
    for (unsigned i = 0; i < o->iodepth; i++) {
        j->ios[i].job = j;
        j->ios[i].buf = j->buffers + (size_t)i * o->bs;
    }
    if (o->prefill && !o->verify)       /* data, not zeroes, for the disk to keep */
        for (size_t k = 0; k < (size_t)o->iodepth * o->bs; k++)
            j->buffers[k] = (uint8_t)(k * 131 + index * 7 + 1);
    for (int d = 0; d < DIRS; d++)
        bench_lat_init(&j->st[d].clat);
    return 0;
}

int bench_jobs_create(struct bench_ctx *c)
{
    uint64_t size = c->o->size;
    c->jobs = calloc(c->o->numjobs, sizeof *c->jobs);
    if (!c->jobs)
        return -ENOMEM;
    for (unsigned i = 0; i < c->o->numjobs; i++) {
        int rc = job_create(c, &c->jobs[i], i, size / c->o->bs);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void bench_jobs_destroy(struct bench_ctx *c)
{
    if (!c->jobs)
        return;
    for (unsigned i = 0; i < c->o->numjobs; i++) {
        struct bench_job *j = &c->jobs[i];
        free(j->ios);
        free(j->gen);
        ustor_buffer_free(c->session->host, j->buffers);
    }
    free(c->jobs);
    c->jobs = NULL;
}

int bench_jobs_start(struct bench_ctx *c, enum bench_phase phase)
{
    const struct bench_opts *o = c->o;
    atomic_store(&c->stop, atomic_load(&c->failed));
    atomic_store(&c->jobs_running, o->numjobs);
    for (unsigned i = 0; i < o->numjobs; i++) {
        struct bench_job *j = &c->jobs[i];
        j->phase = phase;
        j->seq_next = 0;
        j->issued_bytes = 0;
        /* WORK: bytes to transfer (size-based runs); FILL/CHECK: blocks to cover */
        j->phase_left = phase == PHASE_WORK ? (o->verify ? j->region_blocks * o->bs : o->size)
                                            : j->region_blocks;
        if (phase == PHASE_FILL && !o->verify)
            fill_slice(j, i, o->numjobs);
        int rc = pthread_create(&j->thread, NULL, job_main, j);
        if (rc) {
            atomic_store(&c->stop, true);
            atomic_fetch_sub(&c->jobs_running, o->numjobs - i);
            while (i--)
                pthread_join(c->jobs[i].thread, NULL);
            return -rc;
        }
        pthread_setname_np(j->thread, "ustor-bench");
    }
    return 0;
}

void bench_jobs_join(struct bench_ctx *c)
{
    for (unsigned i = 0; i < c->o->numjobs; i++)
        pthread_join(c->jobs[i].thread, NULL);
}
