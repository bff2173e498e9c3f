/* CDB builders and byte helpers the miniport tests share (see scsi_cdb.h). */
#include "scsi_cdb.h"

#include <string.h>

/* ---- byte order and data ---- */

uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, (uint16_t)(v >> 16));
    put_be16(p + 2, (uint16_t)v);
}

void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

void fill_pattern(uint8_t *p, uint32_t len, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (uint32_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 16);
    }
}

bool all_zero(const uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (p[i])
            return false;
    return true;
}

/* ---- CDBs ---- */

static uint8_t lba_length(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks)
{
    switch (size) {
    case 6:
        cdb[1] = (uint8_t)((lba >> 16) & 0x1F);
        put_be16(cdb + 2, (uint16_t)lba);
        cdb[4] = (uint8_t)blocks;
        return 6;
    case 10:
        put_be32(cdb + 2, (uint32_t)lba);
        put_be16(cdb + 7, (uint16_t)blocks);
        return 10;
    case 12:
        put_be32(cdb + 2, (uint32_t)lba);
        put_be32(cdb + 6, blocks);
        return 12;
    default:
        put_be64(cdb + 2, lba);
        put_be32(cdb + 10, blocks);
        return 16;
    }
}

uint8_t cdb_rw(uint8_t *cdb, int size, bool write, uint64_t lba, uint32_t blocks, uint8_t flags)
{
    static const uint8_t rd[] = {0x08, 0x28, 0xA8, 0x88}, wr[] = {0x0A, 0x2A, 0xAA, 0x8A};
    int k = size == 6 ? 0 : size == 10 ? 1 : size == 12 ? 2 : 3;
    memset(cdb, 0, 16);
    cdb[0] = write ? wr[k] : rd[k];
    uint8_t n = lba_length(cdb, size, lba, blocks);
    if (size != 6)
        cdb[1] |= flags;
    return n;
}

uint8_t cdb_verify(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks, uint8_t bytchk)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 10 ? 0x2F : size == 12 ? 0xAF : 0x8F;
    uint8_t n = lba_length(cdb, size, lba, blocks);
    cdb[1] |= (uint8_t)(bytchk << 1);
    return n;
}

uint8_t cdb_write_same(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks, uint8_t flags)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 10 ? 0x41 : 0x93;
    uint8_t n = lba_length(cdb, size, lba, blocks);
    cdb[1] = flags;
    return n;
}

uint8_t cdb_sync(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 10 ? 0x35 : 0x91;
    return lba_length(cdb, size, lba, blocks);
}

uint8_t cdb_unmap(uint8_t *cdb, uint16_t param_length, uint8_t flags)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x42;
    cdb[1] = flags;
    put_be16(cdb + 7, param_length);
    return 10;
}

uint8_t cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x12;
    cdb[1] = evpd ? 1 : 0;
    cdb[2] = page;
    put_be16(cdb + 3, allocation);
    return 6;
}

uint8_t cdb_capacity16(uint8_t *cdb, uint32_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x9E;
    cdb[1] = 0x10;
    put_be32(cdb + 10, allocation);
    return 16;
}

uint8_t cdb_mode_sense(uint8_t *cdb, int size, uint8_t page_byte, uint8_t subpage,
                       uint8_t flags, uint16_t alloc)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 6 ? 0x1A : 0x5A;
    cdb[1] = flags;
    cdb[2] = page_byte;
    cdb[3] = subpage;
    if (size == 6) {
        cdb[4] = (uint8_t)alloc;
        return 6;
    }
    put_be16(cdb + 7, alloc);
    return 10;
}

uint8_t cdb_report_luns(uint8_t *cdb, uint8_t select, uint32_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0xA0;
    cdb[2] = select;
    put_be32(cdb + 6, allocation);
    return 12;
}

uint16_t unmap_list(uint8_t *buf, const uint64_t *lba, const uint32_t *blocks, unsigned n)
{
    uint16_t length = (uint16_t)(8 + 16 * n);
    memset(buf, 0, length);
    put_be16(buf, (uint16_t)(length - 2));
    put_be16(buf + 2, (uint16_t)(16 * n));
    for (unsigned i = 0; i < n; i++) {
        put_be64(buf + 8 + 16 * i, lba[i]);
        put_be32(buf + 8 + 16 * i + 8, blocks[i]);
    }
    return length;
}
