/*
 * ustor/srb_consts.h - the numeric vocabulary of SCSI request blocks: SRB_FUNCTION_*,
 * SRB_STATUS_* (and SRB_STATUS()), SRB_FLAGS_*, queue actions, the per-request
 * adapter flags, SRB/address type codes, REQUEST_INFO_* and the ScsiPort limits.
 * Values follow storport-facts.md 4.2-4.6 (newest WDK where sources differ).
 * Internal piece of srb.h / storport.h; structures live in ustor/srb_defs.h.
 */
#ifndef USTOR_SRB_CONSTS_H
#define USTOR_SRB_CONSTS_H

/* ---- SRB_FUNCTION_* (SCSI_REQUEST_BLOCK.Function, STORAGE_REQUEST_BLOCK.SrbFunction) ---- */
#define SRB_FUNCTION_EXECUTE_SCSI                   0x00
#define SRB_FUNCTION_CLAIM_DEVICE                   0x01
#define SRB_FUNCTION_IO_CONTROL                     0x02
#define SRB_FUNCTION_RECEIVE_EVENT                  0x03
#define SRB_FUNCTION_RELEASE_QUEUE                  0x04
#define SRB_FUNCTION_ATTACH_DEVICE                  0x05
#define SRB_FUNCTION_RELEASE_DEVICE                 0x06
#define SRB_FUNCTION_SHUTDOWN                       0x07
#define SRB_FUNCTION_FLUSH                          0x08
#define SRB_FUNCTION_PROTOCOL_COMMAND               0x09
#define SRB_FUNCTION_EXECUTE_NVME                   0x0A
#define SRB_FUNCTION_ABORT_COMMAND                  0x10
#define SRB_FUNCTION_RELEASE_RECOVERY               0x11
#define SRB_FUNCTION_RESET_BUS                      0x12
#define SRB_FUNCTION_RESET_DEVICE                   0x13
#define SRB_FUNCTION_TERMINATE_IO                   0x14
#define SRB_FUNCTION_FLUSH_QUEUE                    0x15
#define SRB_FUNCTION_REMOVE_DEVICE                  0x16
#define SRB_FUNCTION_WMI                            0x17
#define SRB_FUNCTION_LOCK_QUEUE                     0x18
#define SRB_FUNCTION_UNLOCK_QUEUE                   0x19
#define SRB_FUNCTION_QUIESCE_DEVICE                 0x1A
#define SRB_FUNCTION_RESET_LOGICAL_UNIT             0x20
#define SRB_FUNCTION_SET_LINK_TIMEOUT               0x21
#define SRB_FUNCTION_LINK_TIMEOUT_OCCURRED          0x22
#define SRB_FUNCTION_LINK_TIMEOUT_COMPLETE          0x23
#define SRB_FUNCTION_POWER                          0x24
#define SRB_FUNCTION_PNP                            0x25
#define SRB_FUNCTION_DUMP_POINTERS                  0x26
#define SRB_FUNCTION_FREE_DUMP_POINTERS             0x27
#define SRB_FUNCTION_STORAGE_REQUEST_BLOCK          0x28
#define SRB_FUNCTION_CRYPTO_OPERATION               0x29
#define SRB_FUNCTION_GET_DUMP_INFO                  0x2A
#define SRB_FUNCTION_FREE_DUMP_INFO                 0x2B
#define SRB_FUNCTION_NVMEOF_OPERATION               0x2C
#define SRB_FUNCTION_MINIPORT_PASSTHROUGH_REQUEST   0x2D

/* ---- SRB_STATUS_* (UCHAR SrbStatus; bits 0x40/0x80 are flags) ---- */
#define SRB_STATUS_PENDING                  0x00
#define SRB_STATUS_SUCCESS                  0x01
#define SRB_STATUS_ABORTED                  0x02
#define SRB_STATUS_ABORT_FAILED             0x03
#define SRB_STATUS_ERROR                    0x04
#define SRB_STATUS_BUSY                     0x05
#define SRB_STATUS_INVALID_REQUEST          0x06
#define SRB_STATUS_INVALID_PATH_ID          0x07
#define SRB_STATUS_NO_DEVICE                0x08
#define SRB_STATUS_TIMEOUT                  0x09
#define SRB_STATUS_SELECTION_TIMEOUT        0x0A
#define SRB_STATUS_COMMAND_TIMEOUT          0x0B
#define SRB_STATUS_MESSAGE_REJECTED         0x0D
#define SRB_STATUS_BUS_RESET                0x0E
#define SRB_STATUS_PARITY_ERROR             0x0F
#define SRB_STATUS_REQUEST_SENSE_FAILED     0x10
#define SRB_STATUS_NO_HBA                   0x11
#define SRB_STATUS_DATA_OVERRUN             0x12
#define SRB_STATUS_UNEXPECTED_BUS_FREE      0x13
#define SRB_STATUS_PHASE_SEQUENCE_FAILURE   0x14
#define SRB_STATUS_BAD_SRB_BLOCK_LENGTH     0x15
#define SRB_STATUS_REQUEST_FLUSHED          0x16
#define SRB_STATUS_ACCESS_DENIED            0x17
#define SRB_STATUS_OPERATION_IN_PROGRESS    0x18
#define SRB_STATUS_INVALID_LUN              0x20
#define SRB_STATUS_INVALID_TARGET_ID        0x21
#define SRB_STATUS_BAD_FUNCTION             0x22
#define SRB_STATUS_ERROR_RECOVERY           0x23
#define SRB_STATUS_NOT_POWERED              0x24
#define SRB_STATUS_LINK_DOWN                0x25
#define SRB_STATUS_INSUFFICIENT_RESOURCES   0x26
#define SRB_STATUS_THROTTLED_REQUEST        0x27
#define SRB_STATUS_INVALID_PARAMETER        0x28
/* Port-driver only: a miniport never completes with it (SystemStatus holds the NTSTATUS). */
#define SRB_STATUS_INTERNAL_ERROR           0x30
#define SRB_STATUS_QUEUE_FROZEN             0x40
#define SRB_STATUS_AUTOSENSE_VALID          0x80

/* The completion code without the QUEUE_FROZEN / AUTOSENSE_VALID flag bits. */
#define SRB_STATUS(Status) ((Status) & ~(SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_QUEUE_FROZEN))

/* ---- SRB_FLAGS_* (ULONG SrbFlags) ---- */
#define SRB_FLAGS_NO_DATA_TRANSFER          0x00000000
#define SRB_FLAGS_QUEUE_ACTION_ENABLE       0x00000002
#define SRB_FLAGS_DISABLE_DISCONNECT        0x00000004
#define SRB_FLAGS_DISABLE_SYNCH_TRANSFER    0x00000008
#define SRB_FLAGS_BYPASS_FROZEN_QUEUE       0x00000010
#define SRB_FLAGS_DISABLE_AUTOSENSE         0x00000020
#define SRB_FLAGS_DATA_IN                   0x00000040
#define SRB_FLAGS_DATA_OUT                  0x00000080
#define SRB_FLAGS_UNSPECIFIED_DIRECTION     (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)
#define SRB_FLAGS_NO_QUEUE_FREEZE           0x00000100
#define SRB_FLAGS_ADAPTER_CACHE_ENABLE      0x00000200
#define SRB_FLAGS_FREE_SENSE_BUFFER         0x00000400
#define SRB_FLAGS_D3_PROCESSING             0x00000800
#define SRB_FLAGS_SEQUENTIAL_REQUIRED       0x00001000
#define SRB_FLAGS_IS_ACTIVE                 0x00010000
#define SRB_FLAGS_ALLOCATED_FROM_ZONE       0x00020000
#define SRB_FLAGS_SGLIST_FROM_POOL          0x00040000
#define SRB_FLAGS_BYPASS_LOCKED_QUEUE       0x00080000
#define SRB_FLAGS_NO_KEEP_AWAKE             0x00100000
#define SRB_FLAGS_PORT_DRIVER_ALLOCSENSE    0x00200000
#define SRB_FLAGS_PORT_DRIVER_SENSEHASPORT  0x00400000
#define SRB_FLAGS_DONT_START_NEXT_PACKET    0x00800000
#define SRB_FLAGS_PORT_DRIVER_RESERVED      0x0F000000
#define SRB_FLAGS_CLASS_DRIVER_RESERVED     0xF0000000

/* ---- queue actions, per-function adapter flags, async events ---- */
#define SRB_SIMPLE_TAG_REQUEST              0x20
#define SRB_HEAD_OF_QUEUE_TAG_REQUEST       0x21
#define SRB_ORDERED_QUEUE_TAG_REQUEST       0x22

#define SRB_WMI_FLAGS_ADAPTER_REQUEST       0x01
#define SRB_POWER_FLAGS_ADAPTER_REQUEST     0x01
#define SRB_PNP_FLAGS_ADAPTER_REQUEST       0x01
#define SRB_IOCTL_FLAGS_ADAPTER_REQUEST     0x01
#define SRB_PROTOCOL_FLAGS_ADAPTER_REQUEST  0x01

#define SRBEV_BUS_RESET                     0x0001
#define SRBEV_SCSI_ASYNC_NOTIFICATION       0x0002

/* ---- markers and limits shared with storport.h ---- */
#ifndef SP_UNINITIALIZED_VALUE
#define SP_UNINITIALIZED_VALUE ((ULONG)~0)
#endif
#ifndef SP_UNTAGGED
#define SP_UNTAGGED ((UCHAR)~0)
#endif

#define MAXIMUM_CDB_SIZE                    12
#define SCSI_MAXIMUM_BUSES_PER_ADAPTER      255
#define SCSI_MAXIMUM_TARGETS_PER_BUS        128
#define SCSI_MAXIMUM_LUNS_PER_TARGET        255
#define SCSI_MINIMUM_PHYSICAL_BREAKS        16
#define SCSI_MAXIMUM_PHYSICAL_BREAKS        255
#define SCSI_MAXIMUM_BUSES                  8
#define SCSI_MAXIMUM_TARGETS                8
#define SCSI_MAXIMUM_LOGICAL_UNITS          8
#define SCSI_PORT_SIGNATURE                 0x54524F50

/* Pack a bus number and a target id above 31 into one value, and back. */
#define SCSI_COMBINE_BUS_TARGET(Bus, Target) \
    ((((UCHAR)(Target) & ~(0x20 - 1)) << 8) | (((UCHAR)(Bus)) << 5) | ((UCHAR)(Target) & (0x20 - 1)))
#define SCSI_DECODE_BUS_TARGET(Value, Bus, Target) \
    do {                                                                   \
        (Bus) = (UCHAR)((Value) >> 5);                                     \
        (Target) = (UCHAR)((((Value) >> 8) & ~(0x20 - 1)) | ((Value) & (0x20 - 1))); \
    } while (0)

/* ---- SRB kinds and addressing schemes (also in ntddstor.h, same tokens) ---- */
#ifndef SRB_TYPE_SCSI_REQUEST_BLOCK
#define SRB_TYPE_SCSI_REQUEST_BLOCK         0
#endif
#ifndef SRB_TYPE_STORAGE_REQUEST_BLOCK
#define SRB_TYPE_STORAGE_REQUEST_BLOCK      1
#endif
#ifndef SRB_TYPE_NVME_REQUEST_BLOCK
#define SRB_TYPE_NVME_REQUEST_BLOCK         2
#endif
#ifndef STORAGE_ADDRESS_TYPE_BTL8
#define STORAGE_ADDRESS_TYPE_BTL8           0
#endif
#ifndef STORAGE_ADDRESS_TYPE_NVME
#define STORAGE_ADDRESS_TYPE_NVME           1
#endif

#define SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK    0x1
#define SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK 0x2
#define ADDRESS_TYPE_FLAG_BTL8              0x1

/* 'SRBX' read as a little-endian ULONG. */
#define SRB_SIGNATURE                       0x53524258
#define STORAGE_REQUEST_BLOCK_VERSION_1     0x1

#define STOR_NVMEOF_OPERATION_V1            0x0001

/* ---- REQUEST_INFO_* (SRBEX_DATA_IO_INFO.Flags, STOR_REQUEST_INFO.Flags) ---- */
#define REQUEST_INFO_NO_CACHE_FLAG              0x00000001
#define REQUEST_INFO_PAGING_IO_FLAG             0x00000002
#define REQUEST_INFO_SEQUENTIAL_IO_FLAG         0x00000004
#define REQUEST_INFO_TEMPORARY_FLAG             0x00000008
#define REQUEST_INFO_WRITE_THROUGH_FLAG         0x00000010
#define REQUEST_INFO_HYBRID_WRITE_THROUGH_FLAG  0x00000020
#define REQUEST_INFO_NO_FILE_OBJECT_FLAG        0x00000040
#define REQUEST_INFO_VOLSNAP_IO_FLAG            0x00000080
#define REQUEST_INFO_STREAM_FLAG                0x00000100
#define REQUEST_INFO_CRYPTO_FLAG                0x00000200
#define REQUEST_INFO_VALID_CACHEPRIORITY_FLAG   0x80000000

#endif /* USTOR_SRB_CONSTS_H */
