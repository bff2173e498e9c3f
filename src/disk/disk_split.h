/* disk_split.h - how large each SCSI command of a block request may be. The
 * limits combine the adapter's (MaximumTransferLength, NumberOfPhysicalBreaks,
 * AlignmentMask, as the port enforces them) with the unit's Block Limits VPD page
 * (maximum and optimal transfer lengths, maximum unmap and write-same counts).
 * A request is cut into commands no larger than that, each ending on a multiple
 * of the optimal granularity when a cut is needed, and each command's buffer
 * spanning no more pages than the adapter has scatter/gather elements.
 * Left out: UNMAP with several descriptors per command (one range each). */
#ifndef USTOR_DISK_DISK_SPLIT_H
#define USTOR_DISK_DISK_SPLIT_H

#include <stdint.h>

#define DISK_PAGE_BYTES 4096u
#define DISK_MAX_SG 1025u               /* the port's ceiling on scatter/gather elements */
#define DISK_MAX_COMMAND_BYTES (1u << 30)
#define DISK_DEFAULT_WS_BLOCKS 0x7fffffu  /* when the unit gives no write-same limit */

/* What the adapter and the unit report, raw. */
struct disk_limit_inputs {
    uint32_t block_size;            /* bytes per logical block */
    uint32_t adapter_max_transfer;  /* bytes; 0 or 0xffffffff: not set */
    uint32_t adapter_breaks;        /* NumberOfPhysicalBreaks; 0xffffffff: not set */
    uint32_t adapter_alignment_mask;
    uint32_t vpd_max_transfer;      /* blocks; 0: no limit reported */
    uint32_t vpd_opt_granularity;   /* blocks; 0: none */
    uint32_t vpd_opt_transfer;      /* blocks; 0: none */
    uint32_t vpd_max_unmap;         /* blocks per UNMAP; 0: none reported, 0xffffffff: no limit */
    uint64_t vpd_max_write_same;    /* blocks; 0: none reported */
};

struct disk_limits {
    uint32_t block_size;
    uint32_t block_shift;           /* log2(block_size): the hot path shifts, never divides */
    uint32_t max_rw_blocks;         /* per READ/WRITE command */
    uint32_t granularity;           /* blocks; cuts fall on multiples of it (1: anywhere) */
    uint32_t opt_transfer_blocks;   /* blocks; 0: none */
    uint32_t max_sg;                /* pages one command's buffer may span */
    uint32_t alignment_mask;        /* a command's buffer address must clear these bits */
    uint32_t max_unmap_blocks;      /* per UNMAP command */
    uint32_t max_ws_blocks;         /* per WRITE SAME command */
};

/* Combines the inputs; -EINVAL if the block size is not a power of 2 >= 512 or no
 * command could carry one block. */
int disk_limits_compute(const struct disk_limit_inputs *in, struct disk_limits *out);

/* Blocks the next READ/WRITE may carry out of LEFT, with its data at ADDR;
 * 0 if not even one block fits (the buffer is misaligned). */
uint32_t disk_split_rw(const struct disk_limits *l, uintptr_t addr, uint64_t left);

/* Blocks the next UNMAP or WRITE SAME may cover out of LEFT, given its maximum. */
uint32_t disk_split_range(const struct disk_limits *l, uint32_t max, uint64_t left);

#endif
