/* `ustorport bench`: fio's vocabulary for a workload run straight against one
 * disk of the hosted miniport. This file parses the options, opens the
 * session, runs the phases (pattern fill, workload, read-back check when
 * verifying), samples bandwidth and IOPS every half second while it measures,
 * draws the progress line and hands the figures to bench_report.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define CMD "bench"
#define SAMPLE_MS 500
#define TICK_MS 50
#define MAX_BS (32u << 20)

static void usage(void)
{
    fputs("usage: ustorport bench [OPTIONS]\n"
          "\n"
          "Drive one disk of the hosted miniport directly (no NBD) and report IOPS,\n"
          "bandwidth and completion-latency percentiles as fio does.\n"
          "\n"
          "workload (fio's names; '--bs=4k' and '--bs 4k' both work):\n"
          "      --rw=MODE            read, write, randread, randwrite, rw (readwrite)\n"
          "                           or randrw (default randread)\n"
          "      --rwmixread=PCT      reads in a mixed workload (default 50)\n"
          "      --bs=SIZE            bytes per request (default 4k)\n"
          "      --iodepth=N          requests in flight per job (default 1)\n"
          "      --numjobs=N          jobs, each a thread (default 1)\n"
          "      --size=SIZE          the part of the disk to use (default: all of it); without\n"
          "                           --runtime each job transfers this much, then stops\n"
          "      --runtime=TIME       run this long (10, 10s, 500ms, 2m), repeating as needed\n"
          "      --time_based         accepted for fio compatibility (--runtime implies it)\n"
          "      --ramp_time=TIME     run this long before measuring\n"
          "      --verify[=crc32c]    write a checked pattern first, check every read, and\n"
          "                           read everything back at the end; exit 1 on a mismatch\n"
          "      --prefill            write the whole region once before the workload, so\n"
          "                           reads return written data (not measured)\n"
          "      --filename=DISK      the disk to drive: disk0 (default), disk1, ...\n"
          "      --name=NAME          the job name in the report (default: the rw mode)\n"
          "output:\n"
          "      --output-format=FMT  normal (default) or json (fio's key names)\n"
          "      --progress           show the progress line even when stderr is no terminal\n"
          "  -h, --help               show this text\n"
          "\n" CLI_DEV_HELP, stdout);
}

enum {
    OPT_RW = 0x300, OPT_MIX, OPT_BS, OPT_DEPTH, OPT_JOBS, OPT_SIZE, OPT_RUNTIME, OPT_TIMEBASED,
    OPT_RAMP, OPT_VERIFY, OPT_PREFILL, OPT_FILENAME, OPT_NAME, OPT_FORMAT, OPT_PROGRESS,
};

static const struct option longopts[] = {
    { "rw", required_argument, NULL, OPT_RW },
    { "readwrite", required_argument, NULL, OPT_RW },
    { "rwmixread", required_argument, NULL, OPT_MIX },
    { "bs", required_argument, NULL, OPT_BS },
    { "blocksize", required_argument, NULL, OPT_BS },
    { "iodepth", required_argument, NULL, OPT_DEPTH },
    { "numjobs", required_argument, NULL, OPT_JOBS },
    { "size", required_argument, NULL, OPT_SIZE },
    { "runtime", required_argument, NULL, OPT_RUNTIME },
    { "time_based", no_argument, NULL, OPT_TIMEBASED },
    { "time-based", no_argument, NULL, OPT_TIMEBASED },
    { "ramp_time", required_argument, NULL, OPT_RAMP },
    { "ramp-time", required_argument, NULL, OPT_RAMP },
    { "verify", optional_argument, NULL, OPT_VERIFY },
    { "prefill", no_argument, NULL, OPT_PREFILL },
    { "filename", required_argument, NULL, OPT_FILENAME },
    { "name", required_argument, NULL, OPT_NAME },
    { "output-format", required_argument, NULL, OPT_FORMAT },
    { "progress", no_argument, NULL, OPT_PROGRESS },
    { "help", no_argument, NULL, 'h' },
    CLI_DEV_LONGOPTS,
    { NULL, 0, NULL, 0 },
};

static void parse_rw(struct bench_opts *o, const char *v)
{
    static const struct { const char *name; enum bench_mode mode; bool random; } modes[] = {
        { "read", BENCH_READ, false }, { "write", BENCH_WRITE, false },
        { "randread", BENCH_READ, true }, { "randwrite", BENCH_WRITE, true },
        { "rw", BENCH_MIXED, false }, { "readwrite", BENCH_MIXED, false },
        { "randrw", BENCH_MIXED, true },
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(v, modes[i].name)) {
            o->mode = modes[i].mode;
            o->random = modes[i].random;
            o->rw_name = modes[i].name;
            return;
        }
    cli_usage_error(CMD, "--rw '%s': expected read, write, randread, randwrite, rw or randrw", v);
}

static uint64_t number(const char *opt, const char *v, uint64_t min, uint64_t max)
{
    uint64_t n;
    if (!cli_parse_uint(v, min, max, &n))
        cli_usage_error(CMD, "--%s '%s': expected a number from %llu to %llu", opt, v,
                        (unsigned long long)min, (unsigned long long)max);
    return n;
}

static uint64_t size_arg(const char *opt, const char *v)
{
    uint64_t n;
    if (!cli_parse_size(v, &n) || !n)
        cli_usage_error(CMD, "--%s '%s': expected a size such as 4k, 1M or 2G", opt, v);
    return n;
}

static uint64_t time_arg(const char *opt, const char *v)
{
    uint64_t ms;
    if (!cli_parse_time(v, &ms))
        cli_usage_error(CMD, "--%s '%s': expected a time such as 10, 10s, 500ms or 2m", opt, v);
    return ms;
}

static void parse_option(struct bench_opts *o, int c, char **argv)
{
    switch (c) {
    case OPT_RW: parse_rw(o, optarg); break;
    case OPT_MIX: o->rwmixread = (unsigned)number("rwmixread", optarg, 0, 100); break;
    case OPT_BS:
        if ((o->bs = size_arg("bs", optarg)) > MAX_BS)
            cli_usage_error(CMD, "--bs '%s': at most 32M", optarg);
        break;
    case OPT_DEPTH: o->iodepth = (unsigned)number("iodepth", optarg, 1, 1024); break;
    case OPT_JOBS: o->numjobs = (unsigned)number("numjobs", optarg, 1, 64); break;
    case OPT_SIZE: o->size = size_arg("size", optarg); break;
    case OPT_RUNTIME:
        if (!(o->runtime_ms = time_arg("runtime", optarg)))
            cli_usage_error(CMD, "--runtime must be more than zero");
        o->time_based = true;
        break;
    case OPT_TIMEBASED: break;
    case OPT_RAMP: o->ramp_ms = time_arg("ramp_time", optarg); break;
    case OPT_VERIFY:
        if (optarg && strcmp(optarg, "crc32c") && strcmp(optarg, "1"))
            cli_usage_error(CMD, "--verify '%s': only crc32c is supported", optarg);
        o->verify = true;
        break;
    case OPT_PREFILL: o->prefill = true; break;
    case OPT_FILENAME: o->filename = optarg; break;
    case OPT_NAME: o->jobname = optarg; break;
    case OPT_FORMAT:
        if (strcmp(optarg, "normal") && strcmp(optarg, "json"))
            cli_usage_error(CMD, "--output-format '%s': expected normal or json", optarg);
        o->json = !strcmp(optarg, "json");
        break;
    case OPT_PROGRESS: o->progress = true; break;
    case 'h': usage(); exit(0);
    default:
        if (!cli_dev_option(CMD, &o->dev, c, optarg))
            cli_bad_option(CMD, c, argv);
    }
}

static void parse(struct bench_opts *o, int argc, char **argv)
{
    *o = (struct bench_opts){ .mode = BENCH_READ, .random = true, .rw_name = "randread",
                              .rwmixread = 50, .bs = 4096, .iodepth = 1, .numjobs = 1,
                              .filename = "disk0" };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1)
        parse_option(o, c, argv);
    if (optind < argc)
        cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (o->verify && o->bs < 512)
        cli_usage_error(CMD, "--verify needs --bs of at least 512");
    if (!o->jobname)
        o->jobname = o->rw_name;
}

/* Checks the workload against the disk; prints why and returns 1 if it cannot run. */
static int fit_to_disk(struct bench_opts *o, const struct ustor_disk_info *in, const char *name)
{
    if (o->bs % in->block_size)
        return cli_fail(CMD, "--bs %llu is not a multiple of %s's %u-byte blocks",
                        (unsigned long long)o->bs, name, in->block_size);
    if (!o->size)
        o->size = in->size;
    if (o->size > in->size)
        return cli_fail(CMD, "--size %llu exceeds %s's %llu bytes", (unsigned long long)o->size,
                        name, (unsigned long long)in->size);
    o->size -= o->size % o->bs;
    uint64_t need = o->verify ? (uint64_t)o->numjobs * (o->iodepth + 1) * o->bs : o->bs;
    if (o->size < need)
        return cli_fail(CMD, "--size %llu is too small: at least %llu bytes for this workload",
                        (unsigned long long)o->size, (unsigned long long)need);
    if (o->mode != BENCH_READ && in->read_only)
        return cli_fail(CMD, "%s is read-only: --rw %s writes", name, o->rw_name);
    if (o->verify && in->read_only)
        return cli_fail(CMD, "%s is read-only: --verify writes its pattern first", name);
    if (o->prefill && in->read_only)
        return cli_fail(CMD, "%s is read-only: --prefill writes it first", name);
    return 0;
}

/* ---- measuring ---- */

struct monitor {
    uint64_t t_start, t_last;
    uint64_t last_ios[DIRS], last_bytes[DIRS];
    double rate_bytes[DIRS], rate_ios[DIRS];
    bool show;
};

static void counters(const struct bench_ctx *c, uint64_t ios[DIRS], uint64_t bytes[DIRS])
{
    for (int d = 0; d < DIRS; d++) {
        ios[d] = bytes[d] = 0;
        for (unsigned i = 0; i < c->o->numjobs; i++) {
            ios[d] += atomic_load_explicit(&c->jobs[i].progress_ios[d], memory_order_relaxed);
            bytes[d] += atomic_load_explicit(&c->jobs[i].progress_bytes[d], memory_order_relaxed);
        }
    }
}

static void sample(struct bench_ctx *c, struct monitor *m, uint64_t now)
{
    uint64_t ios[DIRS], bytes[DIRS];
    double secs = (double)(now - m->t_last) / 1e9;
    counters(c, ios, bytes);
    for (int d = 0; d < DIRS; d++) {
        m->rate_ios[d] = (double)(ios[d] - m->last_ios[d]) / secs;
        m->rate_bytes[d] = (double)(bytes[d] - m->last_bytes[d]) / secs;
        m->last_ios[d] = ios[d];
        m->last_bytes[d] = bytes[d];
        bool active = c->o->mode == BENCH_MIXED || (d == DIR_READ) == (c->o->mode == BENCH_READ);
        if (atomic_load(&c->measuring) && active) {
            bench_samples_add(&c->bw[d], m->rate_bytes[d] / 1024);
            bench_samples_add(&c->iops[d], m->rate_ios[d]);
        }
    }
    m->t_last = now;
}

static void show_progress(const struct bench_ctx *c, const struct monitor *m, uint64_t now)
{
    const struct bench_opts *o = c->o;
    double share;
    uint64_t eta_ms = 0, total_ms = o->ramp_ms + o->runtime_ms;
    uint64_t elapsed_ms = (now - m->t_start) / 1000000;
    if (o->time_based) {
        share = (double)elapsed_ms / (double)total_ms;
        eta_ms = total_ms > elapsed_ms ? total_ms - elapsed_ms : 0;
    } else {
        uint64_t ios[DIRS], bytes[DIRS];
        counters(c, ios, bytes);
        double want = (double)(o->verify ? o->size : o->size * o->numjobs);
        share = (double)(bytes[0] + bytes[1]) / want;
        double rate = m->rate_bytes[0] + m->rate_bytes[1];
        eta_ms = rate > 0 && share < 1 ? (uint64_t)((want - (double)(bytes[0] + bytes[1])) / rate * 1e3) : 0;
    }
    bench_progress(c, share > 1 ? 1 : share, eta_ms, m->rate_bytes, m->rate_ios);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Runs the WORK phase: samples, the ramp, the deadline and the progress line. */
static void monitor_work(struct bench_ctx *c, struct monitor *m)
{
    const struct bench_opts *o = c->o;
    uint64_t t_measure = m->t_start + o->ramp_ms * 1000000ull;
    uint64_t deadline = t_measure + o->runtime_ms * 1000000ull;
    while (atomic_load(&c->jobs_running)) {
        sleep_ms(TICK_MS);
        uint64_t now = bench_now_ns();
        if (!atomic_load(&c->measuring) && now >= t_measure) {
            c->t_measure_ns = now;
            atomic_store(&c->measuring, true);
        }
        if (o->time_based && now >= deadline)
            atomic_store(&c->stop, true);
        if (now - m->t_last >= SAMPLE_MS * 1000000ull) {
            sample(c, m, now);
            if (m->show)
                show_progress(c, m, now);
        }
    }
    c->t_end_ns = bench_now_ns();
    if (m->show)
        bench_progress_clear();
}

static double cpu_seconds(const struct timeval *tv)
{
    return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static int run_phase(struct bench_ctx *c, enum bench_phase phase)
{
    int rc = bench_jobs_start(c, phase);
    if (rc < 0)
        return cli_fail(CMD, "cannot start the jobs: %s", strerror(-rc));
    while (atomic_load(&c->jobs_running))
        sleep_ms(TICK_MS);
    bench_jobs_join(c);
    return 0;
}

static int run_work(struct bench_ctx *c)
{
    struct monitor m = { .show = c->o->progress || isatty(STDERR_FILENO) };
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    m.t_start = m.t_last = bench_now_ns();
    counters(c, m.last_ios, m.last_bytes);
    c->t_measure_ns = m.t_start;
    atomic_store(&c->measuring, c->o->ramp_ms == 0);
    int rc = bench_jobs_start(c, PHASE_WORK);
    if (rc < 0)
        return cli_fail(CMD, "cannot start the jobs: %s", strerror(-rc));
    monitor_work(c, &m);
    bench_jobs_join(c);
    getrusage(RUSAGE_SELF, &r1);
    double wall = (double)(c->t_end_ns - m.t_start) / 1e9;
    c->usr_cpu = 100.0 * (cpu_seconds(&r1.ru_utime) - cpu_seconds(&r0.ru_utime)) / wall;
    c->sys_cpu = 100.0 * (cpu_seconds(&r1.ru_stime) - cpu_seconds(&r0.ru_stime)) / wall;
    c->ctx_switches = (uint64_t)(r1.ru_nvcsw + r1.ru_nivcsw - r0.ru_nvcsw - r0.ru_nivcsw);
    c->minflt = (uint64_t)(r1.ru_minflt - r0.ru_minflt);
    c->majflt = (uint64_t)(r1.ru_majflt - r0.ru_majflt);
    return 0;
}

/* 0 when every request succeeded and every check passed, else 1 (with a message). */
static int outcome(const struct bench_ctx *c)
{
    int rc = 0;
    for (unsigned i = 0; i < c->o->numjobs; i++) {
        const struct bench_job *j = &c->jobs[i];
        if (j->io_errors)
            rc = cli_fail(CMD, "job %u: %llu requests failed, the first with %s", i,
                          (unsigned long long)j->io_errors, strerror(-j->first_error));
        if (j->verify_errors)
            rc = cli_fail(CMD, "job %u: verify failed on %llu blocks; first: %s", i,
                          (unsigned long long)j->verify_errors, j->first_verify_error);
    }
    return rc;
}

static int bench_run(struct bench_ctx *c)
{
    bench_clock_init();
    int rc = bench_jobs_create(c);
    if (rc < 0)
        return cli_fail(CMD, "cannot set up %u jobs of depth %u: %s", c->o->numjobs, c->o->iodepth,
                        strerror(-rc));
    if ((c->o->verify || c->o->prefill) && (rc = run_phase(c, PHASE_FILL)) != 0)
        return rc;
    if (!atomic_load(&c->failed) && (rc = run_work(c)) != 0)
        return rc;
    if (c->o->verify && !atomic_load(&c->failed)) {
        atomic_store(&c->measuring, false);
        if ((rc = run_phase(c, PHASE_CHECK)) != 0)
            return rc;
    }
    if (c->o->json)
        bench_report_json(c);
    else
        bench_report_text(c);
    fflush(stdout);
    return outcome(c);
}

int cmd_bench(int argc, char **argv)
{
    static struct bench_opts o;
    static struct cli_session s;
    static struct bench_ctx c;
    parse(&o, argc, argv);
    if (cli_dev_logging(CMD, &o.dev) || cli_session_open(CMD, &o.dev, &s) < 0)
        return 1;
    int rc = 1;
    struct cli_lun *l = cli_session_find(&s, o.filename);
    if (!l) {
        char names[256] = "";
        for (unsigned i = 0, n = 0; i < s.n_luns && n < sizeof names; i++)
            n += (unsigned)snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "", s.luns[i].name);
        cli_fail(CMD, "--filename %s: no such disk (there is: %s)", o.filename,
                 s.n_luns ? names : "none");
    }
    else if (!l->disk)
        cli_fail(CMD, "%s is not a disk: %s", l->name, l->error);
    else if (fit_to_disk(&o, ustor_disk_get_info(l->disk), l->name) == 0) {
        c = (struct bench_ctx){ .o = &o, .session = &s, .lun = l, .disk = l->disk,
                                .block_size = ustor_disk_get_info(l->disk)->block_size };
        rc = bench_run(&c);
        bench_jobs_destroy(&c);
    }
    cli_session_close(&s);
    return rc;
}
