/*
 * disk_fault_control.h - the control block of the disk_fault test miniport
 * (disk_fault.c): what kind of disk it pretends to be (limits, cache, provisioning,
 * missing commands), which commands it fails and how (a SCSI status and sense
 * key/ASC/ASCQ for the next N matching commands), and the log of every command it
 * received, for the disk layer's tests (tests/disk) to check.
 * Plain C types only: the miniport includes it under the WDK headers, the test
 * under Linux ones.
 */
#ifndef DISK_FAULT_CONTROL_H
#define DISK_FAULT_CONTROL_H

#include <stdint.h>

#define DF_LOG_MAX 4096
#define DF_BLOCKS_MAX 8192          /* 4 MiB of 512-byte blocks */
#define DF_ANY_OPCODE 0xff

struct df_cmd {
    uint8_t opcode;
    uint8_t byte1;                  /* FUA, UNMAP bits */
    uint8_t cdb_length;
    uint8_t failed;                 /* 1: answered with the injected fault */
    uint32_t blocks;                /* for UNMAP: of its first descriptor */
    uint64_t lba;
    uint32_t data_length;
    uint32_t pages;                 /* pages its buffer spans */
};

struct df_control {
    /* the disk, read by HwFindAdapter and the probe commands */
    uint32_t block_size;            /* 512 or 4096 */
    uint32_t blocks;
    uint32_t max_transfer;          /* MaximumTransferLength, bytes */
    uint32_t breaks;                /* NumberOfPhysicalBreaks */
    uint32_t vpd_max_transfer;      /* VPD 0xB0, blocks (0: none) */
    uint32_t vpd_granularity;
    uint32_t vpd_max_unmap;
    uint32_t vpd_max_ws;
    uint8_t lbpme, lbpu, lbpws, lbprz;
    uint8_t wce, dpofua, write_protect;
    uint8_t no_rc16;                /* READ CAPACITY(16) is an invalid operation code */
    uint8_t no_vpd;                 /* INQUIRY with EVPD is an invalid field */
    uint8_t rotation;               /* VPD 0xB1 medium rotation rate: 1 = non-rotating */
    /* faults: the next fault_count commands with fault_opcode (or any) fail so */
    int32_t fault_count;
    uint8_t fault_opcode;
    uint8_t fault_status;           /* SCSI status: 0x02 CHECK CONDITION, 0x08 BUSY ... */
    uint8_t fault_key, fault_asc, fault_ascq;
    /* what it saw */
    int32_t n_log;
    struct df_cmd log[DF_LOG_MAX];
    uint8_t data[DF_BLOCKS_MAX * 512];
};

#endif
