/* The bench's output, in fio's shapes: the text report of a job group (IOPS,
 * bandwidth in IEC units with SI in parentheses, clat min/max/avg/stdev and
 * percentiles, bandwidth and IOPS samples, the latency distribution, CPU, IO
 * depths, the run status line), the JSON report with fio's key names, and the
 * progress line. All jobs are reported together, as with group_reporting. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static const double percentiles[] = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95,
                                      99, 99.5, 99.9, 99.95, 99.99 };
#define N_PCT (sizeof percentiles / sizeof percentiles[0])
static const char *const dir_names[DIRS] = { "read", "write" };
static const char *const dir_upper[DIRS] = { "READ", "WRITE" };

/* What all jobs did in one direction. */
struct dir_total {
    uint64_t ios, bytes;
    struct bench_lat clat;
    double job_bw_min, job_bw_max;      /* bytes/s of the slowest and fastest job */
};

static double runtime_s(const struct bench_ctx *c)
{
    double s = (double)(c->t_end_ns - c->t_measure_ns) / 1e9;
    return s > 0 ? s : 1e-9;
}

static uint64_t runtime_ms(const struct bench_ctx *c)
{
    return (c->t_end_ns - c->t_measure_ns + 500000) / 1000000;
}

static void totals(const struct bench_ctx *c, int d, struct dir_total *t)
{
    memset(t, 0, sizeof *t);
    bench_lat_init(&t->clat);
    t->job_bw_min = INFINITY;
    for (unsigned i = 0; i < c->o->numjobs; i++) {
        const struct bench_dir_stats *st = &c->jobs[i].st[d];
        t->ios += st->ios;
        t->bytes += st->bytes;
        bench_lat_merge(&t->clat, &st->clat);
        double bw = (double)st->bytes / runtime_s(c);
        t->job_bw_min = bw < t->job_bw_min ? bw : t->job_bw_min;
        t->job_bw_max = bw > t->job_bw_max ? bw : t->job_bw_max;
    }
}

/* The unit of a set of values, as fio picks it: the largest one all of them exceed
 * a thousand times over (nsec, usec or msec). */
static void lat_unit(const double *v, size_t n, const char **name, double *div)
{
    static const char *const names[] = { "nsec", "usec", "msec" };
    int u = 0;
    for (double scale = 1e3; u < 2; u++, scale *= 1e3) {
        bool all = true;
        for (size_t i = 0; i < n; i++)
            all = all && v[i] > scale;
        if (!all)
            break;
    }
    *name = names[u];
    *div = u == 0 ? 1 : u == 1 ? 1e3 : 1e6;
}

/* ---- text ---- */

static void text_percentiles(const struct bench_lat *l)
{
    const char *unit;
    double div, p50 = (double)bench_lat_percentile(l, 50);
    lat_unit(&p50, 1, &unit, &div);
    printf("    clat percentiles (%s):\n", unit);
    for (size_t i = 0; i < N_PCT; i++) {
        double v = (double)bench_lat_percentile(l, percentiles[i]) / div;
        printf("%s%5.2fth=[%5.0f]%s", i % 4 ? " " : "     | ", percentiles[i], v,
               i + 1 == N_PCT ? "\n" : i % 4 == 3 ? ",\n" : ",");
    }
}

static void text_samples(const struct bench_ctx *c, int d, const struct dir_total *t)
{
    const struct bench_samples *bw = &c->bw[d], *io = &c->iops[d];
    bool mib = bench_samples_mean(bw) >= 100 * 1024;
    double div = mib ? 1024 : 1;
    (void)t;    /* one group: its share of the group's bandwidth is all of it */
    printf("   bw (  %s/s): min=%5.0f, max=%5.0f, per=%3.2f%%, avg=%5.2f, stdev=%5.2f, samples=%llu\n",
           mib ? "MiB" : "KiB", bw->min / div, bw->max / div, 100.0, bench_samples_mean(bw) / div,
           bench_samples_stddev(bw) / div, (unsigned long long)bw->n);
    printf("   iops        : min=%5.0f, max=%5.0f, avg=%5.2f, stdev=%5.2f, samples=%llu\n", io->min,
           io->max, bench_samples_mean(io), bench_samples_stddev(io), (unsigned long long)io->n);
}

static void text_direction(const struct bench_ctx *c, int d, const struct dir_total *t)
{
    char iops[32], bw[32], bw_si[32], io[32];
    double s = runtime_s(c);
    printf("  %s: IOPS=%s, BW=%s/s (%s/s)(%s/%llumsec)\n", dir_names[d],
           cli_fmt_count(iops, sizeof iops, (double)t->ios / s),
           cli_fmt_iec(bw, sizeof bw, (double)t->bytes / s),
           cli_fmt_si(bw_si, sizeof bw_si, (double)t->bytes / s),
           cli_fmt_iec(io, sizeof io, (double)t->bytes), (unsigned long long)runtime_ms(c));
    const char *unit;
    double div, v[4] = { (double)(t->clat.n ? t->clat.min : 0), (double)t->clat.max,
                         bench_lat_mean(&t->clat), bench_lat_stddev(&t->clat) };
    lat_unit(v, 4, &unit, &div);
    for (int k = 0; k < 2; k++)     /* lat = clat: nothing waits before submission here */
        printf("    %s (%s): min=%.0f, max=%.0f, avg=%.2f, stdev=%.2f\n", k ? " lat" : "clat", unit,
               (double)(t->clat.n ? t->clat.min : 0) / div, (double)t->clat.max / div,
               bench_lat_mean(&t->clat) / div, bench_lat_stddev(&t->clat) / div);
    text_percentiles(&t->clat);
    text_samples(c, d, t);
}

/* fio's latency distribution: share of requests in each (previous, this] range. */
static const uint64_t dist_steps[] = { 2, 4, 10, 20, 50, 100, 250, 500, 750, 1000 };
#define N_STEPS (sizeof dist_steps / sizeof dist_steps[0])

static void text_distribution(const struct bench_lat *l)
{
    static const char *const units[] = { "nsec", "usec", "msec" };
    double prev = 0;
    uint64_t scale = 1;
    for (int u = 0; u < 3; u++, scale *= 1000) {
        int shown = 0;
        size_t steps = N_STEPS + (u == 2 ? 2 : 0);     /* msec adds 2000 and >=2000 */
        for (size_t i = 0; i < steps; i++) {
            uint64_t step = i < N_STEPS ? dist_steps[i] : 2000;
            bool top = i == N_STEPS + 1;
            double share = top ? 100.0 - prev : bench_lat_share_below(l, step * scale) - prev;
            prev += share;
            if (share < 0.01)
                continue;
            if (!shown++)
                printf("  lat (%s)   : ", units[u]);
            else
                printf(", ");
            printf("%s%llu=%.2f%%", top ? ">=" : "", (unsigned long long)step, share);
        }
        if (shown)
            printf("\n");
    }
}

static unsigned depth_bucket(unsigned depth)
{
    unsigned b = 1;
    while (b * 2 <= depth && b < 64)
        b *= 2;
    return b;
}

static void text_tail(const struct bench_ctx *c, const struct dir_total t[DIRS])
{
    unsigned b = depth_bucket(c->o->iodepth);
    printf("  cpu          : usr=%.2f%%, sys=%.2f%%, ctx=%llu, majf=%llu, minf=%llu\n", c->usr_cpu,
           c->sys_cpu, (unsigned long long)c->ctx_switches, (unsigned long long)c->majflt,
           (unsigned long long)c->minflt);
    printf("  IO depths    : ");
    for (unsigned k = 1; k <= 64; k *= 2)
        printf("%s%s%u=%.1f%%", k > 1 ? ", " : "", k == 64 ? ">=" : "", k, k == b ? 100.0 : 0.0);
    printf("\n     issued rwts: total=%llu,%llu,0,0 short=0,0,0,0 dropped=0,0,0,0\n",
           (unsigned long long)t[DIR_READ].ios, (unsigned long long)t[DIR_WRITE].ios);
    printf("     latency   : target=0, window=0, percentile=100.00%%, depth=%u\n", c->o->iodepth);
}

static void text_status(const struct bench_ctx *c, const struct dir_total t[DIRS])
{
    printf("\nRun status group 0 (all jobs):\n");
    for (int d = 0; d < DIRS; d++) {
        if (!t[d].ios)
            continue;
        char a[32], b[32], lo[32], hi[32], lo_si[32], hi_si[32], io[32], io_si[32];
        double bw = (double)t[d].bytes / runtime_s(c);
        printf("  %5s: bw=%s/s (%s/s), %s/s-%s/s (%s/s-%s/s), io=%s (%s), run=%llu-%llumsec\n",
               dir_upper[d], cli_fmt_iec(a, sizeof a, bw), cli_fmt_si(b, sizeof b, bw),
               cli_fmt_iec(lo, sizeof lo, t[d].job_bw_min), cli_fmt_iec(hi, sizeof hi, t[d].job_bw_max),
               cli_fmt_si(lo_si, sizeof lo_si, t[d].job_bw_min),
               cli_fmt_si(hi_si, sizeof hi_si, t[d].job_bw_max),
               cli_fmt_iec(io, sizeof io, (double)t[d].bytes), cli_fmt_si(io_si, sizeof io_si, (double)t[d].bytes),
               (unsigned long long)runtime_ms(c), (unsigned long long)runtime_ms(c));
    }
}

static void verify_totals(const struct bench_ctx *c, uint64_t *checked, uint64_t *errors,
                          uint64_t *io_errors)
{
    *checked = *errors = *io_errors = 0;
    for (unsigned i = 0; i < c->o->numjobs; i++) {
        *checked += c->jobs[i].verified;
        *errors += c->jobs[i].verify_errors;
        *io_errors += c->jobs[i].io_errors;
    }
}

static void text_ustorport(const struct bench_ctx *c)
{
    struct ustor_disk_stats ds;
    const struct ustor_disk_info *in = ustor_disk_get_info(c->disk);
    ustor_disk_get_stats(c->disk, &ds);
    printf("\nustorport: %s (%s %s, %u-byte blocks) via %s: retries=%llu, failures=%llu, split=%llu\n",
           c->lun->name, in->vendor, in->product, in->block_size, c->session->miniport_path,
           (unsigned long long)ds.retries, (unsigned long long)ds.failures,
           (unsigned long long)ds.split_requests);
    if (c->o->verify) {
        uint64_t checked, errors, io_errors;
        verify_totals(c, &checked, &errors, &io_errors);
        printf("verify: %llu blocks checked, %llu errors\n", (unsigned long long)checked,
               (unsigned long long)errors);
    }
}

void bench_report_text(const struct bench_ctx *c)
{
    struct dir_total t[DIRS];
    time_t now = time(NULL);
    char date[64];
    int err = 0;
    for (unsigned i = 0; i < c->o->numjobs; i++)
        err = err ? err : -c->jobs[i].first_error;
    strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", localtime(&now));
    printf("%s: (groupid=0, jobs=%u): err=%2d: pid=%d: %s\n", c->o->jobname, c->o->numjobs, err,
           (int)getpid(), date);
    struct bench_lat all;
    bench_lat_init(&all);
    for (int d = 0; d < DIRS; d++) {
        totals(c, d, &t[d]);
        if (t[d].ios)
            text_direction(c, d, &t[d]);
        bench_lat_merge(&all, &t[d].clat);
    }
    text_distribution(&all);
    text_tail(c, t);
    text_status(c, t);
    text_ustorport(c);
}

/* ---- JSON ---- */

static void json_lat(struct cli_json *j, const char *key, const struct bench_lat *l, bool pcts)
{
    char name[32];
    json_object(j, key);
    json_u64(j, "min", l->n ? l->min : 0);
    json_u64(j, "max", l->max);
    json_f64(j, "mean", bench_lat_mean(l));
    json_f64(j, "stddev", bench_lat_stddev(l));
    json_u64(j, "N", l->n);
    if (pcts && l->n) {
        json_object(j, "percentile");
        for (size_t i = 0; i < N_PCT; i++) {
            snprintf(name, sizeof name, "%f", percentiles[i]);
            json_u64(j, name, bench_lat_percentile(l, percentiles[i]));
        }
        json_close(j, '}');
    }
    json_close(j, '}');
}

static void json_direction(struct cli_json *j, const struct bench_ctx *c, int d,
                           const struct dir_total *t)
{
    struct bench_lat none;
    bench_lat_init(&none);
    double s = runtime_s(c);
    const struct bench_samples *bw = &c->bw[d], *io = &c->iops[d];
    json_object(j, dir_names[d]);
    json_u64(j, "io_bytes", t->bytes);
    json_u64(j, "io_kbytes", t->bytes / 1024);
    json_u64(j, "bw_bytes", (uint64_t)((double)t->bytes / s));
    json_u64(j, "bw", (uint64_t)((double)t->bytes / s / 1024));
    json_f64(j, "iops", (double)t->ios / s);
    json_u64(j, "runtime", t->ios ? runtime_ms(c) : 0);
    json_u64(j, "total_ios", t->ios);
    json_u64(j, "short_ios", 0);
    json_u64(j, "drop_ios", 0);
    json_lat(j, "slat_ns", &none, false);
    json_lat(j, "clat_ns", &t->clat, true);
    json_lat(j, "lat_ns", &t->clat, false);
    json_u64(j, "bw_min", (uint64_t)bw->min);
    json_u64(j, "bw_max", (uint64_t)bw->max);
    json_f64(j, "bw_agg", bw->n ? 100.0 : 0.0);
    json_f64(j, "bw_mean", bench_samples_mean(bw));
    json_f64(j, "bw_dev", bench_samples_stddev(bw));
    json_u64(j, "bw_samples", bw->n);
    json_u64(j, "iops_min", (uint64_t)io->min);
    json_u64(j, "iops_max", (uint64_t)io->max);
    json_f64(j, "iops_mean", bench_samples_mean(io));
    json_f64(j, "iops_stddev", bench_samples_stddev(io));
    json_u64(j, "iops_samples", io->n);
    json_close(j, '}');
}

static void json_empty_direction(struct cli_json *j, const char *name)
{
    struct bench_lat none;
    bench_lat_init(&none);
    json_object(j, name);
    json_u64(j, "io_bytes", 0);
    json_u64(j, "io_kbytes", 0);
    json_u64(j, "bw_bytes", 0);
    json_u64(j, "bw", 0);
    json_f64(j, "iops", 0);
    json_u64(j, "runtime", 0);
    json_u64(j, "total_ios", 0);
    json_u64(j, "short_ios", 0);
    json_u64(j, "drop_ios", 0);
    json_lat(j, "slat_ns", &none, false);
    json_lat(j, "clat_ns", &none, false);
    json_lat(j, "lat_ns", &none, false);
    json_close(j, '}');
}

static void json_distribution(struct cli_json *j, const struct bench_lat *l)
{
    static const char *const keys[] = { "latency_ns", "latency_us", "latency_ms" };
    char name[16];
    double prev = 0;
    uint64_t scale = 1;
    for (int u = 0; u < 3; u++, scale *= 1000) {
        json_object(j, keys[u]);
        for (size_t i = 0; i < N_STEPS; i++) {
            double share = bench_lat_share_below(l, dist_steps[i] * scale) - prev;
            prev += share;
            snprintf(name, sizeof name, "%llu", (unsigned long long)dist_steps[i]);
            json_f64(j, name, share);
        }
        if (u == 2) {
            json_f64(j, "2000", 0.0);
            json_f64(j, ">=2000", 100.0 - prev);
        }
        json_close(j, '}');
    }
}

static void json_job_options(struct cli_json *j, const struct bench_opts *o)
{
    char v[32];
    json_object(j, "job options");
    json_str(j, "rw", o->rw_name);
    snprintf(v, sizeof v, "%llu", (unsigned long long)o->bs);
    json_str(j, "bs", v);
    snprintf(v, sizeof v, "%u", o->iodepth);
    json_str(j, "iodepth", v);
    snprintf(v, sizeof v, "%u", o->numjobs);
    json_str(j, "numjobs", v);
    snprintf(v, sizeof v, "%llu", (unsigned long long)o->size);
    json_str(j, "size", v);
    if (o->runtime_ms) {
        snprintf(v, sizeof v, "%llums", (unsigned long long)o->runtime_ms);
        json_str(j, "runtime", v);
    }
    if (o->mode == BENCH_MIXED) {
        snprintf(v, sizeof v, "%u", o->rwmixread);
        json_str(j, "rwmixread", v);
    }
    if (o->verify)
        json_str(j, "verify", "crc32c");
    json_close(j, '}');
}

static void json_depths(struct cli_json *j, const struct bench_opts *o)
{
    static const char *const keys[] = { "1", "2", "4", "8", "16", "32", ">=64" };
    unsigned b = depth_bucket(o->iodepth);
    json_object(j, "iodepth_level");
    for (unsigned i = 0, k = 1; i < 7; i++, k *= 2)
        json_f64(j, keys[i], k == b ? 100.0 : 0.0);
    json_close(j, '}');
}

static void json_ustorport(struct cli_json *j, const struct bench_ctx *c)
{
    const struct ustor_disk_info *in = ustor_disk_get_info(c->disk);
    struct ustor_disk_stats ds;
    ustor_disk_get_stats(c->disk, &ds);
    json_object(j, "ustorport");
    json_str(j, "miniport", c->session->miniport_path);
    json_str(j, "argument_string", c->session->argument);
    json_str(j, "disk", c->lun->name);
    json_str(j, "vendor", in->vendor);
    json_str(j, "product", in->product);
    json_u64(j, "size", in->size);
    json_u64(j, "block_size", in->block_size);
    json_u64(j, "retries", ds.retries);
    json_u64(j, "failures", ds.failures);
    json_u64(j, "split_requests", ds.split_requests);
    if (c->o->verify) {
        uint64_t checked, errors, io_errors;
        verify_totals(c, &checked, &errors, &io_errors);
        json_object(j, "verify");
        json_u64(j, "blocks_checked", checked);
        json_u64(j, "errors", errors);
        json_close(j, '}');
    }
    json_close(j, '}');
}

static void json_job(struct cli_json *j, const struct bench_ctx *c)
{
    struct dir_total t[DIRS];
    struct bench_lat all;
    int err = 0;
    for (unsigned i = 0; i < c->o->numjobs; i++)
        err = err ? err : -c->jobs[i].first_error;
    bench_lat_init(&all);
    json_object(j, NULL);
    json_str(j, "jobname", c->o->jobname);
    json_u64(j, "groupid", 0);
    json_i64(j, "error", err);
    json_u64(j, "eta", 0);
    json_u64(j, "elapsed", (runtime_ms(c) + 999) / 1000);
    json_job_options(j, c->o);
    for (int d = 0; d < DIRS; d++) {
        totals(c, d, &t[d]);
        json_direction(j, c, d, &t[d]);
        bench_lat_merge(&all, &t[d].clat);
    }
    json_empty_direction(j, "trim");
    json_u64(j, "job_runtime", runtime_ms(c));
    json_f64(j, "usr_cpu", c->usr_cpu);
    json_f64(j, "sys_cpu", c->sys_cpu);
    json_u64(j, "ctx", c->ctx_switches);
    json_u64(j, "majf", c->majflt);
    json_u64(j, "minf", c->minflt);
    json_depths(j, c->o);
    json_distribution(j, &all);
    json_close(j, '}');
}

void bench_report_json(const struct bench_ctx *c)
{
    struct cli_json j;
    char version[64];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    time_t secs = now.tv_sec;
    char date[64];
    strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", localtime(&secs));
    snprintf(version, sizeof version, "ustorport-%s", ustor_version());
    json_begin(&j, stdout);
    json_str(&j, "fio version", version);
    json_u64(&j, "timestamp", (uint64_t)now.tv_sec);
    json_u64(&j, "timestamp_ms", (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000);
    json_str(&j, "time", date);
    json_str(&j, "tool", "ustorport bench");
    json_array(&j, "jobs");
    json_job(&j, c);
    json_close(&j, ']');
    json_ustorport(&j, c);
    json_end(&j);
}

/* ---- progress ---- */

static char mode_letter(const struct bench_opts *o)
{
    if (o->mode == BENCH_MIXED)
        return o->random ? 'm' : 'M';
    if (o->mode == BENCH_READ)
        return o->random ? 'r' : 'R';
    return o->random ? 'w' : 'W';
}

void bench_progress(const struct bench_ctx *c, double done_share, uint64_t eta_ms,
                    const double rate_bytes[DIRS], const double rate_ios[DIRS])
{
    char bw[2][32], io[2][32], bws[80] = "", ios[80] = "";
    unsigned running = atomic_load(&c->jobs_running);
    for (int d = 0; d < DIRS; d++) {
        bool active = c->o->mode == BENCH_MIXED || (d == DIR_READ) == (c->o->mode == BENCH_READ);
        if (!active)
            continue;
        cli_fmt_iec(bw[d], sizeof bw[d], rate_bytes[d]);
        cli_fmt_count(io[d], sizeof io[d], rate_ios[d]);
        size_t nb = strlen(bws), ni = strlen(ios);
        snprintf(bws + nb, sizeof bws - nb, "%s%c=%s/s", nb ? "," : "", "rw"[d], bw[d]);
        snprintf(ios + ni, sizeof ios - ni, "%s%c=%s", ni ? "," : "", "rw"[d], io[d]);
    }
    /* fio's shape: Jobs: 1 (f=1): [r(1)][24.8%][r=20.5MiB/s][r=82 IOPS][eta 01m:31s] */
    fprintf(stderr, "\rJobs: %u (f=%u): [%c(%u)][%.1f%%][%s][%s IOPS][eta %02llum:%02llus]\033[K",
            running, running, mode_letter(c->o), running, done_share * 100.0, bws, ios,
            (unsigned long long)(eta_ms / 60000), (unsigned long long)(eta_ms / 1000 % 60));
    fflush(stderr);
}

void bench_progress_clear(void)
{
    fputs("\r\033[K", stderr);
    fflush(stderr);
}
