/* Verification patterns for `bench --verify`. A block starts with a 32-byte
 * header: magic, crc32c of everything after the first 8 bytes, the block's byte
 * offset, the generation that wrote it and the block length; a pseudo-random
 * stream seeded by (offset, generation) fills the rest. crc32c (Castagnoli)
 * uses the SSE4.2 instruction when the CPU has it, a table otherwise. */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define VERIFY_MAGIC 0x42565355u    /* "USVB" */
#define CRC32C_POLY 0x82f63b78u     /* reflected Castagnoli polynomial */

struct verify_header {
    uint32_t magic;
    uint32_t crc;
    uint64_t offset;
    uint32_t gen;
    uint32_t length;
    uint64_t seed;
};
_Static_assert(sizeof(struct verify_header) == VERIFY_HEADER_BYTES, "verify header size");

static uint32_t crc_table[256];
static bool crc_hw_ok;
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    crc_hw_ok = __builtin_cpu_supports("sse4.2");
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ ((c & 1) ? CRC32C_POLY : 0);
        crc_table[i] = c;
    }
}

static uint32_t crc_soft(uint32_t crc, const uint8_t *p, size_t n)
{
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

__attribute__((target("sse4.2"))) static uint32_t crc_hw(uint32_t crc, const uint8_t *p, size_t n)
{
    uint64_t c = crc;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = __builtin_ia32_crc32di(c, v);
    }
    uint32_t c32 = (uint32_t)c;
    while (n--)
        c32 = __builtin_ia32_crc32qi(c32, *p++);
    return c32;
}

uint32_t bench_crc32c(uint32_t crc, const void *buf, size_t n)
{
    pthread_once(&crc_once, crc_init);
    crc = ~crc;
    crc = crc_hw_ok ? crc_hw(crc, buf, n) : crc_soft(crc, buf, n);
    return ~crc;
}

static uint64_t seed_of(uint64_t offset, uint32_t gen)
{
    uint64_t s = offset * 0x9e3779b97f4a7c15ull ^ ((uint64_t)gen << 32 | gen);
    return s ? s : 1;
}

static void stream_fill(uint8_t *p, size_t n, uint64_t s)
{
    for (; n >= 8; n -= 8, p += 8) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        memcpy(p, &s, 8);
    }
    memset(p, 0, n);
}

void bench_pattern_fill(uint8_t *buf, uint32_t bs, uint64_t offset, uint32_t gen)
{
    struct verify_header h = { .magic = VERIFY_MAGIC, .offset = offset, .gen = gen, .length = bs,
                               .seed = seed_of(offset, gen) };
    stream_fill(buf + sizeof h, bs - sizeof h, h.seed);
    memcpy(buf, &h, sizeof h);
    h.crc = bench_crc32c(0, buf + 8, bs - 8);
    memcpy(buf, &h, sizeof h);
}

int bench_pattern_check(const uint8_t *buf, uint32_t bs, uint64_t offset, uint32_t gen,
                        char *why, size_t n)
{
    struct verify_header h;
    memcpy(&h, buf, sizeof h);
    if (h.magic != VERIFY_MAGIC || h.length != bs) {
        snprintf(why, n, "offset %llu: no verify header (magic 0x%08x)", (unsigned long long)offset,
                 h.magic);
        return -1;
    }
    if (h.offset != offset || h.gen != gen) {
        snprintf(why, n, "offset %llu: holds the block written for offset %llu generation %u, "
                 "expected generation %u", (unsigned long long)offset, (unsigned long long)h.offset,
                 h.gen, gen);
        return -1;
    }
    uint32_t crc = bench_crc32c(0, buf + 8, bs - 8);
    if (crc != h.crc) {
        snprintf(why, n, "offset %llu: crc32c 0x%08x, header says 0x%08x", (unsigned long long)offset,
                 crc, h.crc);
        return -1;
    }
    return 0;
}
