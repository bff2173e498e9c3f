/* Command size limits and the cutting of block requests (disk_split.h). */
#include "disk/disk_split.h"

#include <errno.h>
#include <stdbool.h>

#define NOT_SET 0xffffffffu

static uint64_t min64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

static bool power_of_2(uint32_t v)
{
    return v && !(v & (v - 1));
}

/* Mirrors the port: NumberOfPhysicalBreaks + 1 elements, at most DISK_MAX_SG. */
static uint32_t sg_elements(uint32_t breaks)
{
    return breaks == NOT_SET || breaks >= DISK_MAX_SG ? DISK_MAX_SG : breaks + 1;
}

static uint32_t rw_blocks(const struct disk_limit_inputs *in)
{
    uint64_t bytes = DISK_MAX_COMMAND_BYTES;
    if (in->adapter_max_transfer && in->adapter_max_transfer != NOT_SET)
        bytes = min64(bytes, in->adapter_max_transfer);
    uint64_t blocks = bytes / in->block_size;
    if (in->vpd_max_transfer)
        blocks = min64(blocks, in->vpd_max_transfer);
    return (uint32_t)blocks;
}

int disk_limits_compute(const struct disk_limit_inputs *in, struct disk_limits *out)
{
    if (!power_of_2(in->block_size) || in->block_size < 512)
        return -EINVAL;
    uint32_t gran = in->vpd_opt_granularity ? in->vpd_opt_granularity : 1;
    *out = (struct disk_limits){
        .block_size = in->block_size,
        .block_shift = (uint32_t)__builtin_ctz(in->block_size),
        .max_rw_blocks = rw_blocks(in),
        .granularity = gran,
        .opt_transfer_blocks = in->vpd_opt_transfer,
        .max_sg = sg_elements(in->adapter_breaks),
        .alignment_mask = in->adapter_alignment_mask,
        .max_unmap_blocks = in->vpd_max_unmap ? in->vpd_max_unmap : NOT_SET,
        .max_ws_blocks = (uint32_t)min64(in->vpd_max_write_same ? in->vpd_max_write_same
                                                                : DISK_DEFAULT_WS_BLOCKS, NOT_SET),
    };
    if (!out->max_rw_blocks)
        return -EINVAL;
    return 0;
}

/* Rounds a cut down so the next command starts on a granularity multiple and on
 * an address the adapter accepts; keeps n if rounding would leave nothing. */
static uint64_t round_cut(const struct disk_limits *l, uint64_t n)
{
    if (l->granularity > 1 && n >= l->granularity)
        n -= n % l->granularity;
    uint64_t align = (uint64_t)l->alignment_mask + 1;
    if (align > l->block_size && align % l->block_size == 0) {
        uint64_t step = align / l->block_size;
        if (n >= step)
            n -= n % step;
    }
    return n;
}

uint32_t disk_split_rw(const struct disk_limits *l, uintptr_t addr, uint64_t left)
{
    if (addr & l->alignment_mask)
        return 0;
    uint64_t span = (uint64_t)l->max_sg * DISK_PAGE_BYTES - (addr % DISK_PAGE_BYTES);
    uint64_t n = min64(left, min64(l->max_rw_blocks, span >> l->block_shift));
    if (n < left)
        n = round_cut(l, n);
    return (uint32_t)n;
}

uint32_t disk_split_range(const struct disk_limits *l, uint32_t max, uint64_t left)
{
    uint64_t n = min64(left, max);
    if (n < left && l->granularity > 1 && n >= l->granularity)
        n -= n % l->granularity;
    return (uint32_t)n;
}
