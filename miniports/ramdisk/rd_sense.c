/*
 * rd_sense.c - completing requests: SRB status, returned data, and CHECK CONDITION
 * with fixed-format sense data (SPC-4 4.5.3) copied into the SRB's sense buffer
 * (autosense), including the sense-key specific field pointer of INVALID FIELD
 * errors. Descriptor-format sense data is not produced (D_SENSE is 0).
 */
#include "ramdisk.h"

#define SENSE_FIXED_BYTES 18
#define SENSE_CURRENT 0x70
#define SENSE_VALID 0x80
#define SKS_VALID 0x80
#define SKS_IN_CDB 0x40
#define SKS_BIT_VALID 0x08

void rd_complete(struct rd_adapter *adapter, PVOID srb, UCHAR srb_status)
{
    SrbSetSrbStatus(srb, srb_status);
    StorPortNotification(RequestComplete, adapter, srb);
}

void rd_cmd_complete(struct rd_cmd *cmd, UCHAR srb_status)
{
    rd_complete(cmd->adapter, cmd->srb, srb_status);
}

void rd_complete_data(struct rd_cmd *cmd, const VOID *buf, ULONG length, ULONG allocation)
{
    ULONG n = length;
    if (n > allocation)
        n = allocation;
    if (n > cmd->data_length)
        n = cmd->data_length;
    if (n)
        RtlCopyMemory(cmd->data, buf, n);
    SrbSetDataTransferLength(cmd->srb, n);
    rd_cmd_complete(cmd, SRB_STATUS_SUCCESS);
}

/* Copies SENSE to the SRB's sense buffer (unless autosense is off) and completes. */
static void check_condition(struct rd_adapter *adapter, PVOID srb, const UCHAR *sense)
{
    PVOID buffer = SrbGetSenseInfoBuffer(srb);
    UCHAR room = SrbGetSenseInfoBufferLength(srb);
    UCHAR status = SRB_STATUS_ERROR;

    SrbSetScsiStatus(srb, SCSISTAT_CHECK_CONDITION);
    SrbSetDataTransferLength(srb, 0);
    if (buffer && room && !(SrbGetSrbFlags(srb) & SRB_FLAGS_DISABLE_AUTOSENSE)) {
        UCHAR n = room < SENSE_FIXED_BYTES ? room : SENSE_FIXED_BYTES;
        RtlCopyMemory(buffer, sense, n);
        SrbSetSenseInfoBufferLength(srb, n);
        status |= SRB_STATUS_AUTOSENSE_VALID;
    }
    rd_complete(adapter, srb, status);
}

static void sense_init(UCHAR *sense, UCHAR key, UCHAR asc, UCHAR ascq)
{
    RtlZeroMemory(sense, SENSE_FIXED_BYTES);
    sense[0] = SENSE_CURRENT;
    sense[2] = key & 0x0F;
    sense[7] = SENSE_FIXED_BYTES - 8;
    sense[12] = asc;
    sense[13] = ascq;
}

void rd_fail(struct rd_adapter *adapter, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq)
{
    UCHAR sense[SENSE_FIXED_BYTES];
    sense_init(sense, key, asc, ascq);
    check_condition(adapter, srb, sense);
}

void rd_cmd_fail(struct rd_cmd *cmd, UCHAR key, UCHAR asc, UCHAR ascq)
{
    rd_fail(cmd->adapter, cmd->srb, key, asc, ascq);
}

void rd_fail_info(struct rd_adapter *adapter, PVOID srb, UCHAR key, UCHAR asc, UCHAR ascq,
                  ULONG information)
{
    UCHAR sense[SENSE_FIXED_BYTES];
    sense_init(sense, key, asc, ascq);
    sense[0] |= SENSE_VALID;
    rd_put32(sense + 3, information);
    check_condition(adapter, srb, sense);
}

/* INVALID FIELD IN CDB or IN PARAMETER LIST, with the field pointer of SPC-4 4.5.2.4.2. */
static void field_error(struct rd_cmd *cmd, BOOLEAN in_cdb, ULONG byte, UCHAR bit)
{
    UCHAR sense[SENSE_FIXED_BYTES];
    sense_init(sense, SCSI_SENSE_ILLEGAL_REQUEST,
               in_cdb ? SCSI_ADSENSE_INVALID_CDB : SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST, 0);
    sense[15] = SKS_VALID | (in_cdb ? SKS_IN_CDB : 0);
    if (bit != RD_NO_BIT)
        sense[15] |= SKS_BIT_VALID | (bit & 7);
    rd_put16(sense + 16, byte > 0xFFFF ? 0xFFFF : byte);
    check_condition(cmd->adapter, cmd->srb, sense);
}

void rd_fail_cdb_field(struct rd_cmd *cmd, ULONG byte, UCHAR bit)
{
    field_error(cmd, TRUE, byte, bit);
}

void rd_fail_param_field(struct rd_cmd *cmd, ULONG byte, UCHAR bit)
{
    field_error(cmd, FALSE, byte, bit);
}
