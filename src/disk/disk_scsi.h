/* disk_scsi.h - the SCSI (SPC-5/SBC-4) values the disk layer speaks: operation
 * codes, CDB bits, status codes, sense keys and the VPD/mode page numbers it
 * reads, with big-endian field helpers. Values only; the CDB layouts are written
 * out in disk_cdb.c. Left out: everything a direct-access disk does not need
 * (streams, media changers, protection information). */
#ifndef USTOR_DISK_DISK_SCSI_H
#define USTOR_DISK_DISK_SCSI_H

#include <stdint.h>

/* operation codes */
#define SBC_TEST_UNIT_READY     0x00
#define SBC_REQUEST_SENSE       0x03
#define SBC_INQUIRY             0x12
#define SBC_MODE_SENSE6         0x1a
#define SBC_READ_CAPACITY10     0x25
#define SBC_READ10              0x28
#define SBC_WRITE10             0x2a
#define SBC_SYNCHRONIZE_CACHE10 0x35
#define SBC_UNMAP               0x42
#define SBC_MODE_SENSE10        0x5a
#define SBC_READ16              0x88
#define SBC_WRITE16             0x8a
#define SBC_SYNCHRONIZE_CACHE16 0x91
#define SBC_WRITE_SAME16        0x93
#define SBC_SERVICE_ACTION_IN16 0x9e
#define SBC_SA_READ_CAPACITY16  0x10

/* CDB byte 1 bits */
#define SBC_RW_FUA              0x08    /* READ/WRITE: force unit access */
#define SBC_WS_UNMAP            0x08    /* WRITE SAME: deallocate if possible */
#define SBC_INQUIRY_EVPD        0x01
#define SBC_MODE_DBD            0x08    /* no block descriptors */

/* VPD pages and mode pages */
#define VPD_SUPPORTED_PAGES     0x00
#define VPD_UNIT_SERIAL         0x80
#define VPD_BLOCK_LIMITS        0xb0
#define VPD_BLOCK_CHARACTERISTICS 0xb1
#define VPD_LOGICAL_BLOCK_PROVISIONING 0xb2
#define MODE_PAGE_CACHING       0x08
#define MODE_CACHING_WCE        0x04    /* caching page byte 2 */
#define MODE_DSP_WP             0x80    /* device-specific parameter: write protected */
#define MODE_DSP_DPOFUA         0x10    /* device-specific parameter: DPO and FUA supported */

/* VPD 0xB2 byte 5 */
#define LBP_LBPU                0x80    /* UNMAP supported */
#define LBP_LBPWS               0x40    /* WRITE SAME(16) with UNMAP supported */
#define LBP_LBPRZ_MASK          0x1c    /* unmapped blocks read as zeroes (non-zero field) */
/* READ CAPACITY(16) byte 14 */
#define RC16_LBPME              0x80
#define RC16_LBPRZ              0x40

/* status byte */
#define SCSI_STATUS_GOOD                 0x00
#define SCSI_STATUS_CHECK_CONDITION      0x02
#define SCSI_STATUS_CONDITION_MET        0x04
#define SCSI_STATUS_BUSY                 0x08
#define SCSI_STATUS_RESERVATION_CONFLICT 0x18
#define SCSI_STATUS_TASK_SET_FULL        0x28
#define SCSI_STATUS_ACA_ACTIVE           0x30
#define SCSI_STATUS_TASK_ABORTED         0x40

/* sense keys */
#define SENSE_NO_SENSE          0x0
#define SENSE_RECOVERED_ERROR   0x1
#define SENSE_NOT_READY         0x2
#define SENSE_MEDIUM_ERROR      0x3
#define SENSE_HARDWARE_ERROR    0x4
#define SENSE_ILLEGAL_REQUEST   0x5
#define SENSE_UNIT_ATTENTION    0x6
#define SENSE_DATA_PROTECT      0x7
#define SENSE_BLANK_CHECK       0x8
#define SENSE_VENDOR_SPECIFIC   0x9
#define SENSE_COPY_ABORTED      0xa
#define SENSE_ABORTED_COMMAND   0xb
#define SENSE_VOLUME_OVERFLOW   0xd
#define SENSE_MISCOMPARE        0xe

static inline void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, (uint16_t)(v >> 16));
    put_be16(p + 2, (uint16_t)v);
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static inline uint16_t get_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)get_be16(p) << 16) | get_be16(p + 2);
}

static inline uint64_t get_be64(const uint8_t *p)
{
    return ((uint64_t)get_be32(p) << 32) | get_be32(p + 4);
}

#endif
