/*
 * ramdisk.h - private definitions of the ramdisk miniport: a virtual Storport
 * miniport (AdapterInterfaceType Internal, no hardware) whose logical units are
 * disks in RAM or in image files, reached through the host's block backend
 * service (ustorport/ustor_backend.h) the way a Windows virtual miniport reaches
 * its storage through the services of its host.
 *
 * Files: ramdisk.c (DriverEntry and the Hw* callbacks), rd_config.c (the
 * configuration string), rd_scsi.c (the SBC-4 command set), rd_info.c (INQUIRY,
 * VPD pages, capacity, mode pages, REPORT LUNS), rd_sense.c (completion and sense
 * data), rd_io.c (a request's backend steps), rd_store.c (backends, their queues
 * and the completion poller of asynchronous ones).
 * Left out: protection information, reservations, MODE SELECT, ATA pass-through,
 * copy offload, zoned devices and descriptor-format sense data.
 */
#ifndef RAMDISK_H
#define RAMDISK_H

#include <ntddk.h>
#include <storport.h>
#include <srbhelper.h>

#include <ustorport/ustor_backend.h>

#define RD_MAX_LUNS 32
#define RD_MAX_TRANSFER (1u << 20)          /* bytes per request (MaximumTransferLength) */
#define RD_PHYSICAL_BREAKS 255              /* 256 pages: a page-aligned 1 MiB buffer */
#define RD_MAX_IO 1024                      /* requests the adapter takes at once */
#define RD_MAX_UNMAP_DESCRIPTORS 256
#define RD_MAX_UNMAP_BYTES (4ull << 30)     /* per UNMAP or WRITE SAME command */
#define RD_SAME_IOV 32                      /* blocks one WRITE SAME step writes */
#define RD_QUEUES 8                         /* backend queues of an inline LUN */
#define RD_SCRATCH_BYTES (64u * 1024)       /* VERIFY with BYTCHK compares through this */
#define RD_SERIAL_CHARS 20
#define RD_SPEC_CHARS 512

/* ---- configuration (rd_config.c) ---- */

struct rd_disk_config {
    BOOLEAN present;
    ULONG block_size;                   /* logical block size; 0: 512 */
    CHAR serial[RD_SERIAL_CHARS + 1];   /* "" : derived from the spec */
    CHAR spec[RD_SPEC_CHARS];           /* the backend spec, miniport options removed */
};

struct rd_config {
    struct rd_disk_config disk[RD_MAX_LUNS];
    CHAR error[160];                    /* why parsing failed */
};

/* Parses "disk0=ram:1G;disk1=/img,ro,bs=4096;..." (bare specs take the next LUN).
 * TRUE on success, else CONFIG->error says why. */
BOOLEAN rd_config_parse(const CHAR *text, struct rd_config *config);
/* Reads Disk0..Disk31 (REG_SZ) from Parameters\DeviceN, else Parameters\Device;
 * TRUE if any (FALSE with CONFIG->error set when one is malformed). */
BOOLEAN rd_config_from_registry(PVOID ext, struct rd_config *config);

/* ---- logical units and the adapter ---- */

struct rd_queue {
    struct ustor_backend_queue *queue;
    volatile LONG busy;
};

struct rd_async;                        /* the completion poller (rd_store.c) */

struct rd_lun {
    BOOLEAN present;
    BOOLEAN read_only;
    BOOLEAN thin;                       /* LBPME: UNMAP deallocates, reads back zeroes */
    BOOLEAN write_cache;                /* WCE: writes are volatile until a flush */
    BOOLEAN file;                       /* an image file rather than RAM */
    UCHAR lun;
    UCHAR phys_exp;                     /* logical blocks per physical block, log2 */
    ULONG block_size;
    ULONG block_shift;
    ULONG io_align;                     /* buffer alignment the backend needs (1: none) */
    ULONGLONG blocks;
    ULONG max_transfer_blocks;
    ULONG max_unmap_blocks;             /* also the WRITE SAME limit */
    ULONG unmap_granularity;
    CHAR serial[RD_SERIAL_CHARS + 1];
    UCHAR naa[8];                       /* NAA 3h, locally assigned */
    struct ustor_backend *backend;
    struct rd_queue queues[RD_QUEUES];
    struct rd_async *async;             /* NULL: the backend completes inline */
};

/* The device extension. */
struct rd_adapter {
    BOOLEAN configured;
    UCHAR lun_limit;                    /* highest configured LUN + 1 */
    ULONG alignment_mask;
    volatile LONG scratch_busy;
    PUCHAR scratch;                     /* page-aligned inside scratch_space */
    struct rd_lun luns[RD_MAX_LUNS];
    struct rd_config config;            /* as HwFindAdapter read it */
    UCHAR scratch_space[RD_SCRATCH_BYTES + PAGE_SIZE];
};

/* ---- one request (rd_io.c); lives in the SRB extension ---- */

enum rd_op {
    RD_OP_READ,
    RD_OP_WRITE,
    RD_OP_FLUSH,
    RD_OP_UNMAP,        /* the descriptors of an UNMAP parameter list */
    RD_OP_SAME,         /* WRITE SAME */
    RD_OP_VERIFY,       /* VERIFY with BYTCHK: read and compare */
};

struct rd_io {
    struct ustor_bio bio;
    PVOID srb;
    struct rd_adapter *adapter;
    struct rd_lun *lun;
    struct rd_io *next;                 /* on an async poller's list */
    UCHAR op;
    UCHAR fua;
    UCHAR zeroes;                       /* WRITE SAME of a zero block */
    UCHAR unmap;                        /* WRITE SAME may deallocate */
    UCHAR same_block;                   /* VERIFY BYTCHK 11b: one block against each */
    UCHAR started;                      /* a step has been issued */
    UCHAR scratch;                      /* holds the adapter's scratch buffer */
    volatile LONG phase;                /* RD_PHASE_* */
    LONG result;                        /* 0 or the -errno of the failed step */
    ULONG miscompare;                   /* VERIFY: data-out offset of the first difference */
    BOOLEAN mismatch;
    PUCHAR data;                        /* the SRB's buffer */
    ULONG bytes;                        /* bytes the command moves */
    ULONGLONG lba, left;                /* next block and blocks left (SAME, VERIFY) */
    ULONG done_bytes;                   /* VERIFY: bytes compared so far */
    ULONG index, count;                 /* UNMAP descriptors */
    struct iovec iov[RD_SAME_IOV];
};

enum { RD_PHASE_IDLE, RD_PHASE_SUBMITTING, RD_PHASE_DONE_INLINE, RD_PHASE_ASYNC };

/* Starts IO (set up by rd_scsi.c) on its LUN's backend; completes the SRB when done. */
void rd_io_start(struct rd_io *io);
/* Issues IO's next backend step, repeatedly while steps complete inline. */
void rd_io_pump(struct rd_io *io);

/* ---- storage (rd_store.c) ---- */

/* Opens the backend CONFIG names for LUN and fills in its geometry. 0 or -errno,
 * with a reason in WHY. */
int rd_store_open(struct rd_lun *lun, const struct rd_disk_config *config, ULONG instance,
                  CHAR *why, ULONG why_size);
void rd_store_close(struct rd_lun *lun);
/* Hands IO to the LUN's poller (asynchronous backends) or pumps it here. */
void rd_store_start(struct rd_io *io);
/* Submits IO's prepared bio on a queue the calling context may use. */
void rd_store_submit(struct rd_io *io);

/* ---- commands (rd_scsi.c, rd_info.c) ---- */

/* One EXECUTE_SCSI request as the command handlers see it. */
struct rd_cmd {
    struct rd_adapter *adapter;
    struct rd_lun *lun;                 /* NULL: no unit at this address */
    PVOID srb;
    const UCHAR *cdb;
    UCHAR cdb_length;
    PUCHAR data;
    ULONG data_length;
};

void rd_scsi_execute(struct rd_cmd *cmd);
/* Writes back what the unit's backend holds (SRB_FUNCTION_FLUSH, SHUTDOWN, POWER). */
void rd_scsi_flush(struct rd_cmd *cmd);
void rd_info_inquiry(struct rd_cmd *cmd);
void rd_info_read_capacity10(struct rd_cmd *cmd);
void rd_info_read_capacity16(struct rd_cmd *cmd);
void rd_info_get_lba_status(struct rd_cmd *cmd);
void rd_info_mode_sense(struct rd_cmd *cmd);
void rd_info_report_luns(struct rd_cmd *cmd);
void rd_info_request_sense(struct rd_cmd *cmd);

/* ---- completion and sense data (rd_sense.c) ---- */

#define RD_NO_BIT 0xFF  /* a field pointer without a bit pointer */

void rd_complete(struct rd_adapter *adapter, PVOID srb, UCHAR srb_status);
/* Returns LENGTH bytes of BUF (at most ALLOCATION and the buffer) and completes. */
void rd_complete_data(struct rd_cmd *cmd, const VOID *buf, ULONG length, ULONG allocation);
/* CHECK CONDITION with fixed-format sense data. */
void rd_fail(struct rd_adapter *adapter, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq);
void rd_fail_info(struct rd_adapter *adapter, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq,
                  ULONG information);
/* ILLEGAL REQUEST, INVALID FIELD IN CDB / IN PARAMETER LIST, pointing at byte and bit. */
void rd_fail_cdb_field(struct rd_cmd *cmd, ULONG byte, UCHAR bit);
void rd_fail_param_field(struct rd_cmd *cmd, ULONG byte, UCHAR bit);
/* Shorthands for a command's CHECK CONDITION. */
void rd_cmd_fail(struct rd_cmd *cmd, UCHAR key, UCHAR asc, UCHAR ascq);
void rd_cmd_complete(struct rd_cmd *cmd, UCHAR srb_status);
/* Completes IO's SRB from its result (the -errno of a failed step, or 0). */
void rd_complete_io(struct rd_io *io);

/* ---- byte order ---- */

static FORCEINLINE ULONG rd_be16(const UCHAR *p)
{
    return (ULONG)p[0] << 8 | p[1];
}

static FORCEINLINE ULONG rd_be32(const UCHAR *p)
{
    return (ULONG)p[0] << 24 | (ULONG)p[1] << 16 | (ULONG)p[2] << 8 | p[3];
}

static FORCEINLINE ULONGLONG rd_be64(const UCHAR *p)
{
    return (ULONGLONG)rd_be32(p) << 32 | rd_be32(p + 4);
}

static FORCEINLINE VOID rd_put16(UCHAR *p, ULONG v)
{
    p[0] = (UCHAR)(v >> 8);
    p[1] = (UCHAR)v;
}

static FORCEINLINE VOID rd_put32(UCHAR *p, ULONG v)
{
    p[0] = (UCHAR)(v >> 24);
    p[1] = (UCHAR)(v >> 16);
    p[2] = (UCHAR)(v >> 8);
    p[3] = (UCHAR)v;
}

static FORCEINLINE VOID rd_put64(UCHAR *p, ULONGLONG v)
{
    rd_put32(p, (ULONG)(v >> 32));
    rd_put32(p + 4, (ULONG)v);
}

#endif
