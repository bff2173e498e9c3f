/* The bench's building blocks (tools/ustorport/bench_stats.c, bench_verify.c):
 * crc32c against its published check value, the verify pattern catching a
 * flipped bit, a stale generation and a misplaced block, and the latency
 * histogram's percentiles and shares staying within a bucket of the truth. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

/* The bench links no library symbol: its uses of the host and disk are not built here. */
const char *ustor_version(void)
{
    return "test";
}

static void test_crc32c(void)
{
    /* the CRC-32C check value of "123456789" (RFC 3720 appendix B.4 lists its tables) */
    CHECK(bench_crc32c(0, "123456789", 9) == 0xe3069283u);
    uint8_t zeros[32] = { 0 };
    CHECK(bench_crc32c(0, zeros, sizeof zeros) == 0x8a9136aau);
    /* chained calls equal one call */
    CHECK(bench_crc32c(bench_crc32c(0, "1234", 4), "56789", 5) == 0xe3069283u);
}

static void test_pattern(void)
{
    enum { BS = 4096 };
    uint8_t *b = malloc(BS);
    char why[160];
    CHECK(b);
    bench_pattern_fill(b, BS, 8192, 7);
    CHECK(bench_pattern_check(b, BS, 8192, 7, why, sizeof why) == 0);
    CHECK(bench_pattern_check(b, BS, 8192, 6, why, sizeof why) < 0);      /* stale */
    CHECK(strstr(why, "generation"));
    CHECK(bench_pattern_check(b, BS, 4096, 7, why, sizeof why) < 0);      /* misplaced */
    b[1000] ^= 0x10;                                                      /* corrupted */
    CHECK(bench_pattern_check(b, BS, 8192, 7, why, sizeof why) < 0);
    CHECK(strstr(why, "crc32c"));
    memset(b, 0, BS);                                                     /* never written */
    CHECK(bench_pattern_check(b, BS, 8192, 7, why, sizeof why) < 0);
    CHECK(strstr(why, "no verify header"));
    /* two generations of one block differ in their data, not only the header */
    uint8_t *c = malloc(BS);
    CHECK(c);
    bench_pattern_fill(b, BS, 8192, 1);
    bench_pattern_fill(c, BS, 8192, 2);
    CHECK(memcmp(b + VERIFY_HEADER_BYTES, c + VERIFY_HEADER_BYTES, BS - VERIFY_HEADER_BYTES));
    free(c);
    free(b);
}

static void test_percentiles(void)
{
    static struct bench_lat l;
    bench_lat_init(&l);
    for (uint64_t v = 1; v <= 100000; v++)
        bench_lat_add(&l, v * 10);          /* 10 ns .. 1 ms, uniform */
    CHECK(l.n == 100000 && l.min == 10 && l.max == 1000000);
    CHECK(fabs(bench_lat_mean(&l) - 500005.0) < 1e-6);
    double pcts[] = { 1, 50, 99, 99.9, 99.99 };
    for (size_t i = 0; i < sizeof pcts / sizeof pcts[0]; i++) {
        double want = pcts[i] / 100.0 * 1e6;
        double got = (double)bench_lat_percentile(&l, pcts[i]);
        CHECK(fabs(got - want) <= want / 32 + 10);      /* within one bucket */
    }
    CHECK(bench_lat_percentile(&l, 100) == 1000000);
    double share = bench_lat_share_below(&l, 250000);
    CHECK(fabs(share - 25.0) < 1.0);
    CHECK(bench_lat_share_below(&l, 5) == 0.0);
}

static void test_small_values_exact(void)
{
    static struct bench_lat l;
    bench_lat_init(&l);
    for (int i = 0; i < 10; i++)
        bench_lat_add(&l, 40);
    bench_lat_add(&l, 50);
    CHECK(bench_lat_percentile(&l, 50) == 40);
    CHECK(bench_lat_percentile(&l, 99) == 50);
    CHECK(bench_lat_stddev(&l) > 2.9 && bench_lat_stddev(&l) < 3.1);
    static struct bench_lat m;
    bench_lat_init(&m);
    bench_lat_add(&m, 1ull << 50);          /* beyond the top bucket: clamped, not lost */
    bench_lat_merge(&l, &m);
    CHECK(l.n == 12 && l.max == 1ull << 50);
    CHECK(bench_lat_percentile(&l, 100) == 1ull << 50);
}

static void test_samples(void)
{
    struct bench_samples s = { 0 };
    double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
    for (size_t i = 0; i < 8; i++)
        bench_samples_add(&s, v[i]);
    CHECK(s.n == 8 && s.min == 2 && s.max == 9);
    CHECK(fabs(bench_samples_mean(&s) - 5.0) < 1e-9);
    CHECK(fabs(bench_samples_stddev(&s) - sqrt(32.0 / 7.0)) < 1e-9);
}

int main(void)
{
    test_crc32c();
    test_pattern();
    test_percentiles();
    test_small_values_exact();
    test_samples();
    return 0;
}
