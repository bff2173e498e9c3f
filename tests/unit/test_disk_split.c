/* Cutting block requests into commands (src/disk/disk_split.c): the limits an
 * adapter and a unit give combine into the smallest, scatter/gather elements
 * bound a command by the pages its buffer spans, cuts fall on the optimal
 * granularity, and a walk over a whole request covers it exactly with commands
 * that each satisfy every limit. */
#include <errno.h>
#include <stdint.h>

#include "disk/disk_split.h"
#include "test_disk_util.h"

#define PAGE 4096u

static struct disk_limit_inputs base(uint32_t bs)
{
    return (struct disk_limit_inputs){ .block_size = bs, .adapter_max_transfer = 0xffffffffu,
                                       .adapter_breaks = 0xffffffffu };
}

static void test_limits_combine(void)
{
    struct disk_limits l;
    struct disk_limit_inputs in = base(512);
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(l.block_shift, 9);
    CHECK_EQ(l.max_rw_blocks, DISK_MAX_COMMAND_BYTES / 512);
    CHECK_EQ(l.max_sg, DISK_MAX_SG);
    CHECK_EQ(l.granularity, 1);
    CHECK_EQ(l.max_unmap_blocks, 0xffffffffu);
    CHECK_EQ(l.max_ws_blocks, DISK_DEFAULT_WS_BLOCKS);

    in.adapter_max_transfer = 128 * 1024;       /* the adapter's limit is smaller */
    in.vpd_max_transfer = 1024;
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(l.max_rw_blocks, 256);
    in.vpd_max_transfer = 64;                   /* now the unit's is */
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(l.max_rw_blocks, 64);

    in.adapter_breaks = 16;
    in.vpd_max_unmap = 2048;
    in.vpd_max_write_same = 0x100000000ull;     /* wider than a WRITE SAME(16) count */
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(l.max_sg, 17);
    CHECK_EQ(l.max_unmap_blocks, 2048);
    CHECK_EQ(l.max_ws_blocks, 0xffffffffu);
}

static void test_limits_refused(void)
{
    struct disk_limits l;
    struct disk_limit_inputs in = base(520);
    CHECK_EQ(disk_limits_compute(&in, &l), -EINVAL);
    in = base(256);
    CHECK_EQ(disk_limits_compute(&in, &l), -EINVAL);
    in = base(4096);
    in.adapter_max_transfer = 2048;             /* less than one block */
    CHECK_EQ(disk_limits_compute(&in, &l), -EINVAL);
}

static void test_sg_pages(void)
{
    struct disk_limits l;
    struct disk_limit_inputs in = base(512);
    in.adapter_breaks = 3;                      /* four elements: 16 KiB page-aligned */
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(disk_split_rw(&l, 0x100000, 1000), 32);
    /* 512 bytes into a page: the fourth page ends 512 bytes earlier */
    CHECK_EQ(disk_split_rw(&l, 0x100200, 1000), 31);
    /* a request that fits is never cut */
    CHECK_EQ(disk_split_rw(&l, 0x100200, 5), 5);
}

static void test_granularity_cut(void)
{
    struct disk_limits l;
    struct disk_limit_inputs in = base(512);
    in.vpd_max_transfer = 100;
    in.vpd_opt_granularity = 8;
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(disk_split_rw(&l, 0x200000, 1000), 96);    /* 100 rounded down to 8s */
    CHECK_EQ(disk_split_rw(&l, 0x200000, 100), 100);    /* no cut, no rounding */
    CHECK_EQ(disk_split_range(&l, 100, 1000), 96);
    CHECK_EQ(disk_split_range(&l, 100, 50), 50);
    in.vpd_opt_granularity = 128;                       /* larger than the maximum */
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(disk_split_rw(&l, 0x200000, 1000), 100);
}

static void test_alignment(void)
{
    struct disk_limits l;
    struct disk_limit_inputs in = base(512);
    in.adapter_alignment_mask = 0xfff;          /* buffers on 4 KiB boundaries */
    in.vpd_max_transfer = 13;
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(disk_split_rw(&l, 0x300000, 100), 8);      /* the next command stays aligned */
    CHECK_EQ(disk_split_rw(&l, 0x300200, 100), 0);      /* the buffer itself is misaligned */
}

/* Walks a request as the engine does and checks every command against the limits. */
static void walk(const struct disk_limits *l, uintptr_t addr, uint64_t blocks)
{
    uint64_t done = 0;
    unsigned commands = 0;
    while (done < blocks) {
        uintptr_t a = addr + done * l->block_size;
        uint32_t n = disk_split_rw(l, a, blocks - done);
        CHECK(n > 0);
        CHECK(n <= l->max_rw_blocks);
        uint64_t bytes = (uint64_t)n * l->block_size;
        uint64_t pages = (a + bytes - 1) / PAGE - a / PAGE + 1;
        CHECK(pages <= l->max_sg);
        CHECK((a & l->alignment_mask) == 0);
        done += n;
        commands++;
    }
    CHECK_EQ(done, blocks);
    CHECK(commands >= (blocks + l->max_rw_blocks - 1) / l->max_rw_blocks);
}

static void test_walks(void)
{
    struct disk_limits l;
    struct disk_limit_inputs in = base(512);
    in.adapter_max_transfer = 64 * 1024;
    in.adapter_breaks = 5;
    in.vpd_opt_granularity = 4;
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    walk(&l, 0x400000, 65536);
    walk(&l, 0x400600, 4097);
    in = base(4096);
    in.vpd_max_transfer = 3;
    CHECK_EQ(disk_limits_compute(&in, &l), 0);
    CHECK_EQ(l.block_shift, 12);
    walk(&l, 0x500000, 1000);
}

int main(void)
{
    RUN(test_limits_combine);
    RUN(test_limits_refused);
    RUN(test_sg_pages);
    RUN(test_granularity_cut);
    RUN(test_alignment);
    RUN(test_walks);
    return 0;
}
