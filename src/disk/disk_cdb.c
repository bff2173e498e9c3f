/* The CDB builders of disk_cdb.h. Field positions follow SBC-4 (READ/WRITE,
 * SYNCHRONIZE CACHE, UNMAP, WRITE SAME, READ CAPACITY) and SPC-5 (INQUIRY,
 * MODE SENSE, TEST UNIT READY, REQUEST SENSE). */
#include "disk/disk_cdb.h"

#include <errno.h>
#include <string.h>

#include "disk/disk_scsi.h"

static int cdb_start(uint8_t *cdb, uint8_t opcode)
{
    memset(cdb, 0, DISK_CDB_BYTES);
    cdb[0] = opcode;
    return 0;
}

static bool fits_ten(uint64_t lba, uint32_t blocks)
{
    return blocks <= 0xffff && lba <= 0xffffffffull && lba + blocks <= 0x100000000ull;
}

int disk_cdb_rw(uint8_t *cdb, bool write, uint64_t lba, uint32_t blocks, bool fua, bool force16)
{
    if (!blocks)
        return -EINVAL;     /* a zero length means 256 or nothing, never what we want */
    if (!force16 && fits_ten(lba, blocks)) {
        cdb_start(cdb, write ? SBC_WRITE10 : SBC_READ10);
        cdb[1] = fua ? SBC_RW_FUA : 0;
        put_be32(cdb + 2, (uint32_t)lba);
        put_be16(cdb + 7, (uint16_t)blocks);
        return 10;
    }
    cdb_start(cdb, write ? SBC_WRITE16 : SBC_READ16);
    cdb[1] = fua ? SBC_RW_FUA : 0;
    put_be64(cdb + 2, lba);
    put_be32(cdb + 10, blocks);
    return 16;
}

int disk_cdb_sync_cache(uint8_t *cdb, bool use16)
{
    /* LBA 0 and NUMBER OF LOGICAL BLOCKS 0: every block of the medium, no IMMED */
    cdb_start(cdb, use16 ? SBC_SYNCHRONIZE_CACHE16 : SBC_SYNCHRONIZE_CACHE10);
    return use16 ? 16 : 10;
}

int disk_cdb_unmap(uint8_t *cdb, uint8_t *param, uint64_t lba, uint32_t blocks)
{
    if (!blocks)
        return -EINVAL;
    cdb_start(cdb, SBC_UNMAP);
    put_be16(cdb + 7, DISK_UNMAP_PARAM_BYTES);
    memset(param, 0, DISK_UNMAP_PARAM_BYTES);
    put_be16(param, DISK_UNMAP_PARAM_BYTES - 2);       /* UNMAP DATA LENGTH */
    put_be16(param + 2, DISK_UNMAP_PARAM_BYTES - 8);   /* BLOCK DESCRIPTOR DATA LENGTH */
    put_be64(param + 8, lba);
    put_be32(param + 16, blocks);
    return 10;
}

int disk_cdb_write_same16(uint8_t *cdb, uint64_t lba, uint32_t blocks, bool unmap)
{
    if (!blocks)
        return -EINVAL;     /* zero asks for "to the end of the medium" */
    cdb_start(cdb, SBC_WRITE_SAME16);
    cdb[1] = unmap ? SBC_WS_UNMAP : 0;
    put_be64(cdb + 2, lba);
    put_be32(cdb + 10, blocks);
    return 16;
}

int disk_cdb_read_capacity10(uint8_t *cdb)
{
    cdb_start(cdb, SBC_READ_CAPACITY10);
    return 10;
}

int disk_cdb_read_capacity16(uint8_t *cdb, uint32_t alloc)
{
    cdb_start(cdb, SBC_SERVICE_ACTION_IN16);
    cdb[1] = SBC_SA_READ_CAPACITY16;
    put_be32(cdb + 10, alloc);
    return 16;
}

int disk_cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t alloc)
{
    if (!evpd && page)
        return -EINVAL;     /* a page code without EVPD is an invalid field */
    cdb_start(cdb, SBC_INQUIRY);
    cdb[1] = evpd ? SBC_INQUIRY_EVPD : 0;
    cdb[2] = page;
    put_be16(cdb + 3, alloc);
    return 6;
}

int disk_cdb_mode_sense(uint8_t *cdb, bool ten, uint8_t page, uint16_t alloc)
{
    if (page > 0x3f || (!ten && alloc > 0xff))
        return -EINVAL;
    cdb_start(cdb, ten ? SBC_MODE_SENSE10 : SBC_MODE_SENSE6);
    cdb[1] = SBC_MODE_DBD;
    cdb[2] = page;          /* page control 00b: current values */
    if (ten) {
        put_be16(cdb + 7, alloc);
        return 10;
    }
    cdb[4] = (uint8_t)alloc;
    return 6;
}

int disk_cdb_test_unit_ready(uint8_t *cdb)
{
    cdb_start(cdb, SBC_TEST_UNIT_READY);
    return 6;
}

int disk_cdb_request_sense(uint8_t *cdb, uint8_t alloc)
{
    cdb_start(cdb, SBC_REQUEST_SENSE);
    cdb[4] = alloc;
    return 6;
}
