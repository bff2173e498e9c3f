/* Latency histograms and sample statistics for the bench (bench.h). Buckets:
 * values below 64 ns exactly; above, 32 buckets per power of two, so a bucket
 * is at most 1/32 (3 %) wide; the top bucket takes anything longer. */
#include <math.h>
#include <string.h>

#include "bench.h"

static unsigned bucket_of(uint64_t v)
{
    if (v < 64)
        return (unsigned)v;
    unsigned msb = 63u - (unsigned)__builtin_clzll(v);
    unsigned e = msb - 5;                   /* v >> e is in [32, 64) */
    unsigned idx = e * 32 + (unsigned)(v >> e);
    return idx < LAT_BUCKETS ? idx : LAT_BUCKETS - 1;
}

/* The middle of a bucket's range. */
static uint64_t bucket_value(unsigned idx)
{
    if (idx < 64)
        return idx;
    unsigned e = idx / 32 - 1;
    uint64_t low = (uint64_t)(idx - e * 32) << e;
    return low + ((1ull << e) >> 1);
}

void bench_lat_init(struct bench_lat *l)
{
    memset(l, 0, sizeof *l);
    l->min = UINT64_MAX;
}

void bench_lat_add(struct bench_lat *l, uint64_t ns)
{
    l->n++;
    l->sum += (double)ns;
    l->sumsq += (double)ns * (double)ns;
    if (ns < l->min)
        l->min = ns;
    if (ns > l->max)
        l->max = ns;
    l->hist[bucket_of(ns)]++;
}

void bench_lat_merge(struct bench_lat *into, const struct bench_lat *from)
{
    into->n += from->n;
    into->sum += from->sum;
    into->sumsq += from->sumsq;
    if (from->min < into->min)
        into->min = from->min;
    if (from->max > into->max)
        into->max = from->max;
    for (unsigned i = 0; i < LAT_BUCKETS; i++)
        into->hist[i] += from->hist[i];
}

double bench_lat_mean(const struct bench_lat *l)
{
    return l->n ? l->sum / (double)l->n : 0.0;
}

double bench_lat_stddev(const struct bench_lat *l)
{
    if (l->n < 2)
        return 0.0;
    double mean = bench_lat_mean(l);
    double var = (l->sumsq - (double)l->n * mean * mean) / (double)(l->n - 1);
    return var > 0 ? sqrt(var) : 0.0;
}

uint64_t bench_lat_percentile(const struct bench_lat *l, double pct)
{
    if (!l->n)
        return 0;
    uint64_t rank = (uint64_t)ceil(pct / 100.0 * (double)l->n);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (unsigned i = 0; i < LAT_BUCKETS; i++) {
        seen += l->hist[i];
        if (seen >= rank) {
            if (i == LAT_BUCKETS - 1)
                return l->max;      /* the overflow bucket has no width to take a middle of */
            uint64_t v = bucket_value(i);
            return v < l->min ? l->min : v > l->max ? l->max : v;
        }
    }
    return l->max;
}

double bench_lat_share_below(const struct bench_lat *l, uint64_t ns)
{
    if (!l->n)
        return 0.0;
    uint64_t below = 0;
    unsigned last = bucket_of(ns);
    for (unsigned i = 0; i <= last && i < LAT_BUCKETS; i++)
        below += l->hist[i];
    return 100.0 * (double)below / (double)l->n;
}

void bench_samples_add(struct bench_samples *s, double v)
{
    if (!s->n || v < s->min)
        s->min = v;
    if (!s->n || v > s->max)
        s->max = v;
    s->n++;
    s->sum += v;
    s->sumsq += v * v;
}

double bench_samples_mean(const struct bench_samples *s)
{
    return s->n ? s->sum / (double)s->n : 0.0;
}

double bench_samples_stddev(const struct bench_samples *s)
{
    if (s->n < 2)
        return 0.0;
    double mean = bench_samples_mean(s);
    double var = (s->sumsq - (double)s->n * mean * mean) / (double)(s->n - 1);
    return var > 0 ? sqrt(var) : 0.0;
}
