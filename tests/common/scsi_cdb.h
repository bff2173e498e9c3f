/*
 * scsi_cdb.h - what the tests of SCSI miniports (tests/ramdisk, tests/nvme) share:
 * CDB builders for the commands a disk layer sends, an UNMAP parameter list,
 * big-endian byte helpers and a data pattern.
 */
#ifndef USTOR_TESTS_SCSI_CDB_H
#define USTOR_TESTS_SCSI_CDB_H

#include <stdbool.h>
#include <stdint.h>

/* READ/WRITE(SIZE) with LBA, BLOCKS and byte 1 FLAGS (e.g. 0x08 FUA); returns its length. */
uint8_t cdb_rw(uint8_t *cdb, int size, bool write, uint64_t lba, uint32_t blocks, uint8_t flags);
uint8_t cdb_verify(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks, uint8_t bytchk);
uint8_t cdb_write_same(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks, uint8_t flags);
uint8_t cdb_sync(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks);
uint8_t cdb_unmap(uint8_t *cdb, uint16_t param_length, uint8_t flags);
uint8_t cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t allocation);
uint8_t cdb_capacity16(uint8_t *cdb, uint32_t allocation);
uint8_t cdb_mode_sense(uint8_t *cdb, int size, uint8_t page_byte, uint8_t subpage,
                       uint8_t flags, uint16_t alloc);
uint8_t cdb_report_luns(uint8_t *cdb, uint8_t select, uint32_t allocation);
/* An UNMAP parameter list of N descriptors (LBA, blocks pairs) into BUF; its length. */
uint16_t unmap_list(uint8_t *buf, const uint64_t *lba, const uint32_t *blocks, unsigned n);

uint16_t be16(const uint8_t *p);
uint32_t be32(const uint8_t *p);
uint64_t be64(const uint8_t *p);
void put_be16(uint8_t *p, uint16_t v);
void put_be32(uint8_t *p, uint32_t v);
void put_be64(uint8_t *p, uint64_t v);
/* Fills LEN bytes with a pattern derived from SEED. */
void fill_pattern(uint8_t *p, uint32_t len, uint32_t seed);
bool all_zero(const uint8_t *p, uint32_t len);

#endif
