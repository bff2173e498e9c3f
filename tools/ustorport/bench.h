/* bench.h - `ustorport bench`: an in-process workload generator that submits
 * block requests straight to a disk (src/disk), with no NBD in between, and
 * reports in fio's terms. Each job is a thread keeping iodepth requests in
 * flight; completions come back on a lock-free list the job drains, so a
 * request that completes inside submit costs no wake-up. Latencies go into a
 * log-linear histogram (1/32 resolution per power of two) for percentiles.
 * With --verify every block written carries a header (offset, generation,
 * crc32c of the rest) and every block read is checked against the generation
 * the job last wrote there; a job never has two requests on one block at once.
 * Left out: slat (submission is the whole cost here), per-job reports (jobs are
 * always reported as one group), rate limits, think time, zoned modes. */
#ifndef USTORPORT_BENCH_H
#define USTORPORT_BENCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

enum bench_mode { BENCH_READ, BENCH_WRITE, BENCH_MIXED };
enum bench_dir { DIR_READ, DIR_WRITE, DIRS };
enum bench_phase { PHASE_FILL, PHASE_WORK, PHASE_CHECK };

struct bench_opts {
    struct cli_dev_opts dev;
    const char *jobname;
    const char *filename;       /* which disk: "disk0" (default) or an index */
    const char *rw_name;
    enum bench_mode mode;
    bool random;
    unsigned rwmixread;         /* percent of reads in a mixed workload */
    uint64_t bs, size;          /* bytes; size 0: the whole disk */
    unsigned iodepth, numjobs;
    uint64_t runtime_ms, ramp_ms;
    bool time_based;
    bool verify;
    bool prefill;               /* --prefill: write the region before the workload */
    bool progress;              /* --progress: even when stderr is not a terminal */
    bool json;
};

/* ---- latency histogram and sample statistics (bench_stats.c) ---- */

#define LAT_BUCKETS 1216

struct bench_lat {
    uint64_t n, min, max;
    double sum, sumsq;
    uint64_t hist[LAT_BUCKETS];
};

struct bench_samples {
    uint64_t n;
    double min, max, sum, sumsq;
};

void bench_lat_init(struct bench_lat *l);
void bench_lat_add(struct bench_lat *l, uint64_t ns);
void bench_lat_merge(struct bench_lat *into, const struct bench_lat *from);
double bench_lat_mean(const struct bench_lat *l);
double bench_lat_stddev(const struct bench_lat *l);
/* The latency below which PCT percent of samples fall (0 if none). */
uint64_t bench_lat_percentile(const struct bench_lat *l, double pct);
/* Share (0..100) of samples at or below NS. */
double bench_lat_share_below(const struct bench_lat *l, uint64_t ns);
void bench_samples_add(struct bench_samples *s, double v);
double bench_samples_mean(const struct bench_samples *s);
double bench_samples_stddev(const struct bench_samples *s);

/* ---- verification (bench_verify.c) ---- */

#define VERIFY_HEADER_BYTES 32
uint32_t bench_crc32c(uint32_t crc, const void *buf, size_t n);
void bench_pattern_fill(uint8_t *buf, uint32_t bs, uint64_t offset, uint32_t gen);
/* 0 if BUF holds what bench_pattern_fill wrote for (offset, gen), else -1 with why. */
int bench_pattern_check(const uint8_t *buf, uint32_t bs, uint64_t offset, uint32_t gen,
                        char *why, size_t n);

/* ---- jobs (bench_job.c) ---- */

struct bench_job;

struct bench_io {
    struct ustor_disk_io dio;
    struct bench_job *job;
    struct bench_io *next;      /* on the job's completed list */
    uint64_t t_start, t_done;
    uint64_t block;             /* index in the job's region, in bs units */
    uint32_t expect_gen;
    int result;
    uint8_t dir;
    bool busy;                  /* submitted and not yet accounted (job thread only) */
    uint8_t *buf;
};

struct bench_dir_stats {
    uint64_t ios, bytes;
    struct bench_lat clat;
};

struct bench_ctx;

struct bench_job {
    struct bench_ctx *ctx;
    unsigned index;
    pthread_t thread;
    enum bench_phase phase;
    struct bench_io *ios;
    uint8_t *buffers;
    uint64_t region_first, region_blocks;   /* in bs units */
    uint64_t seq_next, phase_left;          /* sequential position; blocks left (fill/check) */
    uint64_t rng;
    uint64_t issued_bytes;
    unsigned inflight;
    _Atomic(struct bench_io *) completed;   /* completed on other threads */
    struct bench_io *completed_here;        /* completed inside our own submit calls */
    _Atomic uint32_t sleeping;
    _Atomic uint64_t progress_ios[DIRS], progress_bytes[DIRS];
    struct bench_dir_stats st[DIRS];
    uint32_t *gen;                          /* verify: generation last written per block */
    uint64_t verified, verify_errors, io_errors;
    int first_error;
    char first_verify_error[160];
};

struct bench_ctx {
    const struct bench_opts *o;
    struct cli_session *session;
    struct cli_lun *lun;
    struct ustor_disk *disk;
    uint32_t block_size;
    struct bench_job *jobs;
    _Atomic bool stop, measuring;
    _Atomic bool failed;                        /* a request or a check failed: no more phases */
    _Atomic unsigned jobs_running;
    uint64_t t_measure_ns, t_end_ns;
    struct bench_samples bw[DIRS], iops[DIRS];  /* per-interval, while measuring */
    double usr_cpu, sys_cpu;
    uint64_t ctx_switches, minflt, majflt;
};

uint64_t bench_now_ns(void);
/* Per-request timestamps: the TSC scaled to ns when it is constant and nonstop (as
 * fio's clocksource=cpu), else bench_now_ns(). bench_clock_init() calibrates it. */
void bench_clock_init(void);
uint64_t bench_stamp_ns(void);
int bench_jobs_create(struct bench_ctx *c);
void bench_jobs_destroy(struct bench_ctx *c);
/* Starts every job on PHASE, in its own thread. */
int bench_jobs_start(struct bench_ctx *c, enum bench_phase phase);
void bench_jobs_join(struct bench_ctx *c);

/* ---- output (bench_report.c) ---- */

void bench_report_text(const struct bench_ctx *c);
void bench_report_json(const struct bench_ctx *c);
/* The progress line, rewritten in place on stderr. */
void bench_progress(const struct bench_ctx *c, double done_share, uint64_t eta_ms,
                    const double rate_bytes[DIRS], const double rate_ios[DIRS]);
void bench_progress_clear(void);

#endif
