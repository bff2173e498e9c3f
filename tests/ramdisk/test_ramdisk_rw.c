/*
 * Data round trips through the ramdisk miniport: every READ/WRITE size (6, 10, 12,
 * 16) written and read back with every other size, FUA writes and reads, READ(6)'s
 * 256-block zero length, a zero-length READ(10), the largest transfer, the last
 * block, never-written blocks reading as zeroes, the transferred byte counts, and a
 * unit with 4096-byte blocks.
 */
#include <string.h>

#include "rd_test.h"

#define BS 512u

static const int sizes[] = {6, 10, 12, 16};

static void write_blocks(struct ustor_lun *lun, int size, uint64_t lba, uint32_t blocks,
                         uint8_t flags, uint8_t *buf, uint32_t bs)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, size, true, lba, blocks, flags);
    struct rdt_result r = rdt_exec(lun, cdb, n, USTOR_DATA_OUT, buf, blocks * bs);
    rdt_good(&r, "write");
    CHECK(r.transferred == blocks * bs, "WRITE(%d) moved %u bytes", size, r.transferred);
}

static void read_blocks(struct ustor_lun *lun, int size, uint64_t lba, uint32_t blocks,
                        uint8_t flags, uint8_t *buf, uint32_t bs)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, size, false, lba, blocks, flags);
    memset(buf, 0xCC, blocks * bs);
    struct rdt_result r = rdt_exec(lun, cdb, n, USTOR_DATA_IN, buf, blocks * bs);
    rdt_good(&r, "read");
    CHECK(r.transferred == blocks * bs, "READ(%d) moved %u bytes", size, r.transferred);
}

/* Each write size, read back by each read size, at LBAs READ(6) reaches. */
static void every_size(struct rdt *t)
{
    for (int w = 0; w < 4; w++) {
        uint64_t lba = 100 + 37 * (uint64_t)w;
        fill_pattern(t->buf, 8 * BS, (uint32_t)(w + 1));
        write_blocks(t->lun, sizes[w], lba, 8, 0, t->buf, BS);
        for (int r = 0; r < 4; r++) {
            read_blocks(t->lun, sizes[r], lba, 8, 0, t->buf2, BS);
            CHECK(!memcmp(t->buf, t->buf2, 8 * BS), "WRITE(%d) then READ(%d) differ",
                  sizes[w], sizes[r]);
        }
    }
}

static void fua(struct rdt *t)
{
    for (int i = 1; i < 4; i++) {
        fill_pattern(t->buf, 4 * BS, 50u + (uint32_t)i);
        write_blocks(t->lun, sizes[i], 1000 + 4 * (uint64_t)i, 4, 0x08, t->buf, BS);
        read_blocks(t->lun, sizes[i], 1000 + 4 * (uint64_t)i, 4, 0x08 | 0x10, t->buf2, BS);
        CHECK(!memcmp(t->buf, t->buf2, 4 * BS), "FUA round trip of size %d", sizes[i]);
    }
}

/* READ(6)/WRITE(6) with TRANSFER LENGTH 0 move 256 blocks; READ(10) with 0 moves none. */
static void zero_lengths(struct rdt *t)
{
    uint8_t cdb[16];
    fill_pattern(t->buf, 256 * BS, 77);
    uint8_t n = cdb_rw(cdb, 6, true, 2000, 0, 0);
    struct rdt_result r = rdt_exec(t->lun, cdb, n, USTOR_DATA_OUT, t->buf, 256 * BS);
    rdt_good(&r, "WRITE(6) of 256 blocks");
    CHECK(r.transferred == 256 * BS, "WRITE(6) 0 moved %u", r.transferred);
    read_blocks(t->lun, 16, 2000, 256, 0, t->buf2, BS);
    CHECK(!memcmp(t->buf, t->buf2, 256 * BS), "WRITE(6) with length 0 wrote 256 blocks");
    n = cdb_rw(cdb, 10, false, 5, 0, 0);
    r = rdt_exec(t->lun, cdb, n, USTOR_DATA_IN, t->buf2, BS);
    rdt_good(&r, "READ(10) of 0 blocks");
    CHECK(r.transferred == 0, "READ(10) of no blocks moved %u bytes", r.transferred);
}

static uint64_t capacity_blocks(struct ustor_lun *lun, uint8_t *buf, uint32_t *bs)
{
    uint8_t cdb[16];
    uint8_t n = cdb_capacity16(cdb, 32);
    struct rdt_result r = rdt_exec(lun, cdb, n, USTOR_DATA_IN, buf, 32);
    rdt_good(&r, "READ CAPACITY(16)");
    *bs = be32(buf + 8);
    return be64(buf) + 1;
}

static void largest_and_last(struct rdt *t)
{
    uint32_t bs;
    uint64_t blocks = capacity_blocks(t->lun, t->buf, &bs);
    uint32_t max = (1u << 20) / bs;
    fill_pattern(t->buf, max * bs, 91);
    write_blocks(t->lun, 16, blocks - max, max, 0, t->buf, bs);
    read_blocks(t->lun, 12, blocks - max, max, 0, t->buf2, bs);
    CHECK(!memcmp(t->buf, t->buf2, max * bs), "a 1 MiB transfer ending at the last block");
    fill_pattern(t->buf, bs, 92);
    write_blocks(t->lun, 10, blocks - 1, 1, 0, t->buf, bs);
    read_blocks(t->lun, 16, blocks - 1, 1, 0, t->buf2, bs);
    CHECK(!memcmp(t->buf, t->buf2, bs), "the last block");
}

static void unwritten_reads_zero(struct rdt *t)
{
    read_blocks(t->lun, 10, 30000, 64, 0, t->buf2, BS);
    CHECK(all_zero(t->buf2, 64 * BS), "never-written blocks read as zeroes");
}

/* A longer buffer than the CDB asks for: only the CDB's bytes move. */
static void longer_buffer(struct rdt *t)
{
    uint8_t cdb[16];
    fill_pattern(t->buf, 4 * BS, 93);
    write_blocks(t->lun, 10, 40000, 2, 0, t->buf, BS);
    memset(t->buf2, 0x5A, 4 * BS);
    uint8_t n = cdb_rw(cdb, 10, false, 40000, 1, 0);
    struct rdt_result r = rdt_exec(t->lun, cdb, n, USTOR_DATA_IN, t->buf2, 4 * BS);
    rdt_good(&r, "READ(10) into a longer buffer");
    CHECK(r.transferred == BS, "transferred %u, not one block", r.transferred);
    CHECK(!memcmp(t->buf, t->buf2, BS) && t->buf2[BS] == 0x5A, "only one block landed");
}

static void big_blocks(void)
{
    struct rdt t;
    rdt_open(&t, "disk0=ram:16M,bs=4096");
    uint32_t bs;
    uint64_t blocks = capacity_blocks(t.lun, t.buf, &bs);
    CHECK(bs == 4096 && blocks == 4096, "4096-byte blocks: %u x %llu", bs,
          (unsigned long long)blocks);
    for (int w = 0; w < 4; w++) {
        fill_pattern(t.buf, 3 * bs, 200u + (uint32_t)w);
        write_blocks(t.lun, sizes[w], 10 + 3 * (uint64_t)w, 3, 0, t.buf, bs);
        read_blocks(t.lun, sizes[3 - w], 10 + 3 * (uint64_t)w, 3, 0, t.buf2, bs);
        CHECK(!memcmp(t.buf, t.buf2, 3 * bs), "4K round trip %d", sizes[w]);
    }
    largest_and_last(&t);
    rdt_close(&t);
}

int main(void)
{
    struct rdt t;
    rdt_open(&t, "disk0=ram:64M");
    every_size(&t);
    fua(&t);
    zero_lengths(&t);
    largest_and_last(&t);
    unwritten_reads_zero(&t);
    longer_buffer(&t);
    rdt_close(&t);
    big_blocks();
    printf("ok\n");
    return 0;
}
