/* disk_parse.h - decoding what a unit answers while it is probed: READ CAPACITY
 * 10 and 16, the VPD pages 0x00, 0x80, 0xB0, 0xB1 and 0xB2, the MODE SENSE 6/10
 * header and caching page, and the INQUIRY strings. Each parser takes the bytes
 * actually transferred and refuses data too short to hold what it needs.
 * Left out: block descriptors, designators (VPD 0x83), protection fields. */
#ifndef USTOR_DISK_DISK_PARSE_H
#define USTOR_DISK_DISK_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct disk_capacity {
    uint64_t blocks;
    uint32_t block_size;
    uint32_t physical_exponent;     /* logical blocks per physical block, as 2^n */
    bool lbpme, lbprz;
};

struct disk_block_limits {
    uint32_t opt_granularity, max_transfer, opt_transfer;    /* blocks */
    uint32_t max_unmap, max_unmap_descriptors, unmap_granularity;
    uint64_t max_write_same;
};

struct disk_provisioning {
    bool lbpu, lbpws, lbprz;
};

struct disk_caching {
    bool write_protect, dpofua;     /* device-specific parameter */
    bool have_page, wce;            /* caching page found, its WCE bit */
};

/* 0, or -EINVAL (short data, zero block size) / -EOVERFLOW (RC10 cannot say). */
int disk_parse_capacity10(const uint8_t *b, size_t n, struct disk_capacity *out);
int disk_parse_capacity16(const uint8_t *b, size_t n, struct disk_capacity *out);
/* Whether the VPD 0x00 list names PAGE. */
bool disk_parse_vpd_has(const uint8_t *b, size_t n, uint8_t page);
int disk_parse_block_limits(const uint8_t *b, size_t n, struct disk_block_limits *out);
int disk_parse_rotation(const uint8_t *b, size_t n, uint16_t *rate);
int disk_parse_provisioning(const uint8_t *b, size_t n, struct disk_provisioning *out);
/* A MODE SENSE answer (ten: the 10-byte form) holding the caching page. */
int disk_parse_caching(const uint8_t *b, size_t n, bool ten, struct disk_caching *out);
/* Unit serial number (VPD 0x80) into out (size bytes), blanks trimmed. */
int disk_parse_serial(const uint8_t *b, size_t n, char *out, size_t size);
/* Copies LEN bytes of an INQUIRY ASCII field into out (LEN+1 bytes), trimmed. */
void disk_parse_ascii(const uint8_t *field, size_t len, char *out);

#endif
