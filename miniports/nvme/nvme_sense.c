/*
 * nvme_sense.c - completing requests: SRB status, returned data, CHECK CONDITION with
 * fixed-format sense data (SPC-4 §4.5.3) copied to the request's sense buffer, and the
 * SCSI outcome of each NVMe status, as the NVM Express SCSI Translation Reference
 * (revision 1.5, §6) maps them:
 *   generic:  Invalid Opcode -> ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE;
 *             Invalid Field, Command ID Conflict -> ILLEGAL REQUEST / INVALID FIELD IN CDB;
 *             Data Transfer Error, Capacity Exceeded -> MEDIUM ERROR;
 *             Power Loss Abort -> ABORTED COMMAND / WARNING - POWER LOSS EXPECTED;
 *             Internal Error -> HARDWARE ERROR / INTERNAL TARGET FAILURE;
 *             Abort Requested, SQ Deletion, fused aborts -> TASK ABORTED;
 *             Invalid Namespace -> ILLEGAL REQUEST / ACCESS DENIED - INVALID LU IDENTIFIER;
 *             Command Sequence Error -> ILLEGAL REQUEST / COMMAND SEQUENCE ERROR;
 *             Namespace Write Protected -> DATA PROTECT / WRITE PROTECTED;
 *             LBA Out of Range -> ILLEGAL REQUEST / LBA OUT OF RANGE;
 *             Namespace Not Ready -> NOT READY / LOGICAL UNIT NOT READY;
 *             Reservation Conflict -> RESERVATION CONFLICT;
 *   command:  Conflicting Attributes, Invalid Protection Information -> INVALID FIELD IN
 *             CDB; Write to Read Only Range -> DATA PROTECT / WRITE PROTECTED;
 *   media:    Write Fault -> MEDIUM ERROR / PERIPHERAL DEVICE WRITE FAULT; Unrecovered
 *             Read -> MEDIUM ERROR / UNRECOVERED READ ERROR; guard, application and
 *             reference tag checks -> MEDIUM ERROR / 10h 01h-03h; Compare Failure ->
 *             MISCOMPARE / MISCOMPARE DURING VERIFY OPERATION; Access Denied -> DATA
 *             PROTECT / ACCESS DENIED - NO ACCESS RIGHTS.
 * PRP and SGL errors (the miniport's own doing) and anything else are HARDWARE ERROR /
 * INTERNAL TARGET FAILURE. A request a controller reset took completes with
 * SRB_STATUS_BUS_RESET. LBA errors carry the starting LBA in INFORMATION when it fits.
 */
#include "nvme_mp.h"

#define SENSE_BYTES 18
#define SKS_VALID 0x80
#define SKS_IN_CDB 0x40
#define SKS_BIT_VALID 0x08
#define SCSISTAT_TASK_ABORTED 0x40

VOID nvme_complete(struct nvme_adapter *ad, PVOID srb, UCHAR srb_status)
{
    SrbSetSrbStatus(srb, srb_status);
    StorPortNotification(RequestComplete, ad, srb);
}

VOID nvme_complete_data(struct nvme_adapter *ad, PVOID srb, const VOID *data, ULONG length,
                        ULONG allocation)
{
    PVOID buffer = SrbGetDataBuffer(srb);
    ULONG n = length < allocation ? length : allocation;
    ULONG room = buffer ? SrbGetDataTransferLength(srb) : 0;
    if (n > room)
        n = room;
    if (n)
        RtlCopyMemory(buffer, data, n);
    SrbSetDataTransferLength(srb, n);
    nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
}

static VOID check_condition(struct nvme_adapter *ad, PVOID srb, const UCHAR *sense)
{
    PVOID buffer = SrbGetSenseInfoBuffer(srb);
    UCHAR room = SrbGetSenseInfoBufferLength(srb);
    UCHAR status = SRB_STATUS_ERROR;
    SrbSetScsiStatus(srb, SCSISTAT_CHECK_CONDITION);
    SrbSetDataTransferLength(srb, 0);
    if (buffer && room && !(SrbGetSrbFlags(srb) & SRB_FLAGS_DISABLE_AUTOSENSE)) {
        UCHAR n = room < SENSE_BYTES ? room : SENSE_BYTES;
        RtlCopyMemory(buffer, sense, n);
        SrbSetSenseInfoBufferLength(srb, n);
        status |= SRB_STATUS_AUTOSENSE_VALID;
    }
    nvme_complete(ad, srb, status);
}

static VOID sense_init(UCHAR *sense, UCHAR key, UCHAR asc, UCHAR ascq)
{
    RtlZeroMemory(sense, SENSE_BYTES);
    sense[0] = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    sense[2] = key & 0x0F;
    sense[7] = SENSE_BYTES - 8;
    sense[12] = asc;
    sense[13] = ascq;
}

VOID nvme_fail(struct nvme_adapter *ad, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq)
{
    UCHAR sense[SENSE_BYTES];
    sense_init(sense, key, asc, ascq);
    check_condition(ad, srb, sense);
}

VOID nvme_fail_lba(struct nvme_adapter *ad, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq,
                   ULONGLONG lba)
{
    UCHAR sense[SENSE_BYTES];
    sense_init(sense, key, asc, ascq);
    if (lba <= 0xFFFFFFFFull) {
        sense[0] |= 0x80;               /* VALID: INFORMATION holds the LBA */
        nvme_put32(sense + 3, (ULONG)lba);
    }
    check_condition(ad, srb, sense);
}

VOID nvme_fail_field(struct nvme_adapter *ad, PVOID srb, BOOLEAN in_cdb, USHORT byte, UCHAR bit)
{
    UCHAR sense[SENSE_BYTES];
    sense_init(sense, SCSI_SENSE_ILLEGAL_REQUEST,
               in_cdb ? SCSI_ADSENSE_INVALID_CDB : SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST, 0);
    sense[15] = SKS_VALID | (in_cdb ? SKS_IN_CDB : 0);
    if (bit != 0xFF)
        sense[15] |= SKS_BIT_VALID | (bit & 7);
    nvme_put16(sense + 16, byte);
    check_condition(ad, srb, sense);
}

/* ---- NVMe status ---- */

struct status_map {
    UCHAR sct, sc;
    UCHAR key, asc, ascq;
    BOOLEAN lba;                         /* INFORMATION = the command's LBA */
};

#define IR SCSI_SENSE_ILLEGAL_REQUEST
#define ME SCSI_SENSE_MEDIUM_ERROR
#define DP SCSI_SENSE_DATA_PROTECT
static const struct status_map status_table[] = {
    {0, 0x01, IR, SCSI_ADSENSE_ILLEGAL_COMMAND, 0, FALSE},
    {0, 0x02, IR, SCSI_ADSENSE_INVALID_CDB, 0, FALSE},
    {0, 0x03, IR, SCSI_ADSENSE_INVALID_CDB, 0, FALSE},
    {0, 0x04, ME, SCSI_ADSENSE_NO_SENSE, 0, FALSE},
    {0, 0x05, SCSI_SENSE_ABORTED_COMMAND, SCSI_ADSENSE_WARNING, SCSI_SENSEQ_POWER_LOSS_EXPECTED,
     FALSE},
    {0, 0x06, SCSI_SENSE_HARDWARE_ERROR, SCSI_ADSENSE_INTERNAL_TARGET_FAILURE, 0, FALSE},
    {0, 0x0B, IR, SCSI_ADSENSE_ACCESS_DENIED, SCSI_SENSEQ_INVALID_LU_IDENTIFIER, FALSE},
    {0, 0x0C, IR, SCSI_ADSENSE_COMMAND_SEQUENCE_ERROR, 0, FALSE},
    {0, 0x20, DP, SCSI_ADSENSE_WRITE_PROTECT, 0, FALSE},
    {0, 0x80, IR, SCSI_ADSENSE_ILLEGAL_BLOCK, 0, TRUE},
    {0, 0x81, ME, SCSI_ADSENSE_NO_SENSE, 0, TRUE},
    {0, 0x82, SCSI_SENSE_NOT_READY, SCSI_ADSENSE_LUN_NOT_READY, SCSI_SENSEQ_CAUSE_NOT_REPORTABLE,
     FALSE},
    {1, 0x80, IR, SCSI_ADSENSE_INVALID_CDB, 0, FALSE},
    {1, 0x81, IR, SCSI_ADSENSE_INVALID_CDB, 0, FALSE},
    {1, 0x82, DP, SCSI_ADSENSE_WRITE_PROTECT, 0, TRUE},
    {2, 0x80, ME, SCSI_ADSENSE_PERIPHERAL_DEV_WRITE_FAULT, 0, TRUE},
    {2, 0x81, ME, SCSI_ADSENSE_UNRECOVERED_ERROR, 0, TRUE},
    {2, 0x82, ME, SCSI_ADSENSE_LOG_BLOCK_GUARD_CHECK_FAILED, SCSI_SENSEQ_LOG_BLOCK_GUARD_CHECK_FAILED,
     TRUE},
    {2, 0x83, ME, SCSI_ADSENSE_LOG_BLOCK_APPTAG_CHECK_FAILED,
     SCSI_SENSEQ_LOG_BLOCK_APPTAG_CHECK_FAILED, TRUE},
    {2, 0x84, ME, SCSI_ADSENSE_LOG_BLOCK_REFTAG_CHECK_FAILED,
     SCSI_SENSEQ_LOG_BLOCK_REFTAG_CHECK_FAILED, TRUE},
    {2, 0x85, SCSI_SENSE_MISCOMPARE, SCSI_ADSENSE_MISCOMPARE_DURING_VERIFY_OPERATION, 0, TRUE},
    {2, 0x86, DP, SCSI_ADSENSE_ACCESS_DENIED, SCSI_SENSEQ_NO_ACCESS_RIGHTS, FALSE},
};
#undef IR
#undef ME
#undef DP

static BOOLEAN task_aborted(ULONG sct, ULONG sc)
{
    return sct == 0 && (sc == 0x07 || sc == 0x08 || sc == 0x09 || sc == 0x0A);
}

VOID nvme_complete_status(struct nvme_adapter *ad, PVOID srb, USHORT status, ULONGLONG lba)
{
    ULONG sct = NVME_SCT(status), sc = NVME_SC(status);
    if (status == NVME_STATUS_ABORTED_RESET) {
        SrbSetDataTransferLength(srb, 0);
        nvme_complete(ad, srb, SRB_STATUS_BUS_RESET);
        return;
    }
    if (task_aborted(sct, sc)) {
        SrbSetScsiStatus(srb, SCSISTAT_TASK_ABORTED);
        SrbSetDataTransferLength(srb, 0);
        nvme_complete(ad, srb, SRB_STATUS_ABORTED);
        return;
    }
    if (sct == 0 && sc == 0x83) {
        SrbSetScsiStatus(srb, SCSISTAT_RESERVATION_CONFLICT);
        SrbSetDataTransferLength(srb, 0);
        nvme_complete(ad, srb, SRB_STATUS_ERROR);
        return;
    }
    for (ULONG i = 0; i < sizeof status_table / sizeof status_table[0]; i++) {
        const struct status_map *m = &status_table[i];
        if (m->sct != sct || m->sc != sc)
            continue;
        if (m->lba)
            nvme_fail_lba(ad, srb, m->key, m->asc, m->ascq, lba);
        else
            nvme_fail(ad, srb, m->key, m->asc, m->ascq);
        return;
    }
    nvme_fail(ad, srb, SCSI_SENSE_HARDWARE_ERROR, SCSI_ADSENSE_INTERNAL_TARGET_FAILURE, 0);
}
