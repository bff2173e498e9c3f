/* disk_cdb.h - building the CDBs the disk layer sends (SBC-4, SPC-5): READ/WRITE
 * 10 and 16, SYNCHRONIZE CACHE 10 and 16, UNMAP with its parameter list, WRITE
 * SAME(16), READ CAPACITY 10 and 16, INQUIRY (standard and VPD), MODE SENSE 6
 * and 10, TEST UNIT READY. Each builder clears the whole 16-byte CDB and returns
 * the CDB length, or -EINVAL when the fields cannot express the request.
 * Left out: DPO, group numbers, protection information, 12-byte and 32-byte
 * variants (a disk answers the 10- and 16-byte ones). */
#ifndef USTOR_DISK_DISK_CDB_H
#define USTOR_DISK_DISK_CDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISK_CDB_BYTES 16
#define DISK_UNMAP_PARAM_BYTES 24   /* header and one block descriptor */

/* READ or WRITE of blocks at lba: the 10-byte form when lba and count fit it
 * (and !force16), else the 16-byte form. */
int disk_cdb_rw(uint8_t *cdb, bool write, uint64_t lba, uint32_t blocks, bool fua, bool force16);
/* SYNCHRONIZE CACHE of the whole medium (10, or 16 when use16). */
int disk_cdb_sync_cache(uint8_t *cdb, bool use16);
/* UNMAP of one range: fills the CDB and the DISK_UNMAP_PARAM_BYTES parameter list. */
int disk_cdb_unmap(uint8_t *cdb, uint8_t *param, uint64_t lba, uint32_t blocks);
/* WRITE SAME(16) of one block of data (or with UNMAP set, deallocating). */
int disk_cdb_write_same16(uint8_t *cdb, uint64_t lba, uint32_t blocks, bool unmap);
int disk_cdb_read_capacity10(uint8_t *cdb);
int disk_cdb_read_capacity16(uint8_t *cdb, uint32_t alloc);
/* INQUIRY: the standard data (evpd false, page 0) or a VPD page. */
int disk_cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t alloc);
/* MODE SENSE (6 or 10) of the current values of a page, without block descriptors. */
int disk_cdb_mode_sense(uint8_t *cdb, bool ten, uint8_t page, uint16_t alloc);
int disk_cdb_test_unit_ready(uint8_t *cdb);
int disk_cdb_request_sense(uint8_t *cdb, uint8_t alloc);

#endif
