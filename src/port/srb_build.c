/*
 * Building the SRB the miniport sees for a request, in the slot it was admitted to:
 * a SCSI_REQUEST_BLOCK, or a STORAGE_REQUEST_BLOCK (when the miniport set
 * SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK) with a BTL8 address and the SRBEX data block
 * of its CDB length or function (CDB16/32/var, PnP, power, WMI) plus IoInfo when the
 * miniport asked for STOR_FEATURE_EXTRA_IO_INFORMATION. Also the scatter/gather list
 * (one element per page, identity-mapped) and reading the result back.
 * Nothing here allocates or copies data: DataBuffer is the caller's buffer.
 * MapBuffers: every buffer is mapped (user space), so DataBuffer is always the
 * buffer's address whatever the miniport asked.
 */
#include <errno.h>
#include <string.h>

#include "platform/dma_space.h"
#include "port/port_internal.h"

#define PAGE_BYTES 4096u

static ULONG srb_flags_for(const struct ustor_scsi_request *req, bool tagged)
{
    ULONG f = SRB_FLAGS_NO_DATA_TRANSFER;
    if (req->direction == USTOR_DATA_IN)
        f = SRB_FLAGS_DATA_IN;
    else if (req->direction == USTOR_DATA_OUT)
        f = SRB_FLAGS_DATA_OUT;
    if (tagged)
        f |= SRB_FLAGS_QUEUE_ACTION_ENABLE;
    return f;
}

static UCHAR sense_length_for(const struct ustor_request *slot)
{
    uint32_t n = slot->req->sense_length ? slot->req->sense_length : 18;
    return (UCHAR)(n > 255 ? 255 : n);
}

static bool is_read_write(const UCHAR *cdb)
{
    switch (cdb[0]) {
    case 0x08: case 0x0A: case 0x28: case 0x2A: case 0xA8: case 0xAA: case 0x88: case 0x8A:
        return true;
    default:
        return false;
    }
}

/* ---- scatter/gather ---- */

/* Pages of [p, p+len): the elements the list needs. */
static uint32_t pages_spanned(const void *p, uint32_t len)
{
    if (!len)
        return 0;
    uintptr_t a = (uintptr_t)p;
    return (uint32_t)(((a + len - 1) / PAGE_BYTES) - (a / PAGE_BYTES) + 1);
}

static int sg_build(struct ustor_request *slot)
{
    const struct ustor_scsi_request *req = slot->req;
    STOR_SCATTER_GATHER_LIST *sg = slot->sg;
    sg->NumberOfElements = 0;
    if (!req->data || !req->data_length)
        return 0;
    if (pages_spanned(req->data, req->data_length) > slot->adapter->max_sg)
        return -E2BIG;
    uintptr_t a = (uintptr_t)req->data;
    uint32_t left = req->data_length, n = 0;
    while (left) {
        uint32_t chunk = PAGE_BYTES - (uint32_t)(a % PAGE_BYTES);
        if (chunk > left)
            chunk = left;
        sg->List[n].PhysicalAddress.QuadPart = (LONGLONG)a;   /* identity mapping */
        sg->List[n].Length = chunk;
        sg->List[n].Reserved = 0;
        n++;
        a += chunk;
        left -= chunk;
    }
    sg->NumberOfElements = n;
    return 0;
}

/* Device models may touch a request buffer only while it is in flight (verifier). */
static void sg_grant(struct ustor_request *slot)
{
    struct dma_space *s = slot->adapter->host->dma;
    const struct ustor_scsi_request *req = slot->req;
    if (!req->data || !req->data_length || !dma_grant_checking(s))
        return;
    enum dma_dir dir = req->direction == USTOR_DATA_OUT ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
    if (dma_grant(s, (uint64_t)(uintptr_t)req->data, req->data_length, dir, slot) < 0)
        port_log_debug(slot->adapter, "request buffer %p is not in the DMA space", req->data);
}

void port_srb_revoke(struct ustor_request *slot)
{
    struct dma_space *s = slot->adapter->host->dma;
    if (dma_grant_checking(s))
        dma_revoke(s, slot);
}

/* ---- SCSI_REQUEST_BLOCK ---- */

static void build_classic_function(struct ustor_request *slot)
{
    const struct ustor_scsi_request *req = slot->req;
    SCSI_REQUEST_BLOCK *srb = &slot->u.srb;
    if (req->function == SRB_FUNCTION_PNP) {
        SCSI_PNP_REQUEST_BLOCK *pnp = (SCSI_PNP_REQUEST_BLOCK *)srb;
        pnp->PnPAction = (STOR_PNP_ACTION)req->pnp_action;
        pnp->SrbPnPFlags = req->function_flags;
    } else if (req->function == SRB_FUNCTION_POWER) {
        SCSI_POWER_REQUEST_BLOCK *pw = (SCSI_POWER_REQUEST_BLOCK *)srb;
        pw->DevicePowerState = (STOR_DEVICE_POWER_STATE)req->power_state;
        pw->PowerAction = (STOR_POWER_ACTION)req->power_action;
        pw->SrbPowerFlags = (UCHAR)req->function_flags;
    } else if (req->function == SRB_FUNCTION_EXECUTE_SCSI) {
        srb->CdbLength = req->cdb_length;
        memcpy(srb->Cdb, req->cdb, req->cdb_length);
    }
}

static int build_classic(struct ustor_request *slot)
{
    const struct ustor_scsi_request *req = slot->req;
    if (req->function == SRB_FUNCTION_EXECUTE_SCSI && req->cdb_length > 16)
        return -EINVAL;
    SCSI_REQUEST_BLOCK *srb = &slot->u.srb;
    memset(srb, 0, sizeof *srb);
    srb->Length = sizeof *srb;
    srb->Function = req->function;
    srb->SrbStatus = SRB_STATUS_PENDING;
    srb->PathId = slot->unit->path;
    srb->TargetId = slot->unit->target;
    srb->Lun = slot->unit->lun;
    srb->QueueTag = slot->tag;
    srb->QueueAction = req->queue_action ? req->queue_action : SRB_SIMPLE_TAG_REQUEST;
    srb->SenseInfoBufferLength = sense_length_for(slot);
    srb->SrbFlags = srb_flags_for(req, slot->tag != SP_UNTAGGED);
    srb->DataTransferLength = req->data_length;
    srb->TimeOutValue = req->timeout;
    srb->DataBuffer = req->data;
    srb->SenseInfoBuffer = slot->sense;
    srb->OriginalRequest = slot;
    srb->SrbExtension = slot->srb_extension;
    build_classic_function(slot);
    return 0;
}

/* ---- STORAGE_REQUEST_BLOCK ---- */

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static bool has_var_cdb(const struct ustor_scsi_request *req)
{
    return req->cdb_length == 0 && req->cdb_var && req->cdb_var_length;
}

/* The size of the SRBEX block a function needs (0: none). */
static size_t ex_block_size(const struct ustor_scsi_request *req)
{
    switch (req->function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (has_var_cdb(req))
            return align8(offsetof(SRBEX_DATA_SCSI_CDB_VAR, Cdb) + req->cdb_var_length);
        if (req->cdb_length <= 16)
            return sizeof(SRBEX_DATA_SCSI_CDB16);
        return sizeof(SRBEX_DATA_SCSI_CDB32);
    case SRB_FUNCTION_PNP:
        return sizeof(SRBEX_DATA_PNP);
    case SRB_FUNCTION_POWER:
        return sizeof(SRBEX_DATA_POWER);
    case SRB_FUNCTION_WMI:
        return sizeof(SRBEX_DATA_WMI);
    default:
        return 0;
    }
}

static void ex_cdb_block(struct ustor_request *slot, void *blk)
{
    const struct ustor_scsi_request *req = slot->req;
    if (has_var_cdb(req)) {
        SRBEX_DATA_SCSI_CDB_VAR *b = blk;
        b->Type = SrbExDataTypeScsiCdbVar;
        b->Length = (ULONG)(SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN + req->cdb_var_length);
        b->CdbLength = req->cdb_var_length;
        b->SenseInfoBufferLength = sense_length_for(slot);
        b->SenseInfoBuffer = slot->sense;
        memcpy(b->Cdb, req->cdb_var, req->cdb_var_length);
    } else if (req->cdb_length <= 16) {
        SRBEX_DATA_SCSI_CDB16 *b = blk;
        b->Type = SrbExDataTypeScsiCdb16;
        b->Length = SRBEX_DATA_SCSI_CDB16_LENGTH;
        b->CdbLength = req->cdb_length;
        b->SenseInfoBufferLength = sense_length_for(slot);
        b->SenseInfoBuffer = slot->sense;
        memcpy(b->Cdb, req->cdb, req->cdb_length);
    } else if (req->cdb_length <= 32) {
        SRBEX_DATA_SCSI_CDB32 *b = blk;
        b->Type = SrbExDataTypeScsiCdb32;
        b->Length = SRBEX_DATA_SCSI_CDB32_LENGTH;
        b->CdbLength = req->cdb_length;
        b->SenseInfoBufferLength = sense_length_for(slot);
        b->SenseInfoBuffer = slot->sense;
        memcpy(b->Cdb, req->cdb, req->cdb_length);
    }
}

static void ex_function_block(struct ustor_request *slot, void *blk)
{
    const struct ustor_scsi_request *req = slot->req;
    if (req->function == SRB_FUNCTION_EXECUTE_SCSI) {
        ex_cdb_block(slot, blk);
    } else if (req->function == SRB_FUNCTION_PNP) {
        SRBEX_DATA_PNP *b = blk;
        b->Type = SrbExDataTypePnP;
        b->Length = SRBEX_DATA_PNP_LENGTH;
        b->PnPAction = (STOR_PNP_ACTION)req->pnp_action;
        b->SrbPnPFlags = req->function_flags;
    } else if (req->function == SRB_FUNCTION_POWER) {
        SRBEX_DATA_POWER *b = blk;
        b->Type = SrbExDataTypePower;
        b->Length = SRBEX_DATA_POWER_LENGTH;
        b->DevicePowerState = (STOR_DEVICE_POWER_STATE)req->power_state;
        b->PowerAction = (STOR_POWER_ACTION)req->power_action;
        b->SrbPowerFlags = (UCHAR)req->function_flags;
    } else if (req->function == SRB_FUNCTION_WMI) {
        SRBEX_DATA_WMI *b = blk;
        b->Type = SrbExDataTypeWmi;
        b->Length = SRBEX_DATA_WMI_LENGTH;
        b->WMIFlags = (UCHAR)req->function_flags;
    }
}

static void ex_io_info_block(struct ustor_request *slot, void *blk)
{
    SRBEX_DATA_IO_INFO *b = blk;
    b->Type = SrbExDataTypeIoInfo;
    b->Length = SRBEX_DATA_IO_INFO_LENGTH;
    b->RWLength = slot->req->data_length;
    b->IsWriteRequest = slot->req->direction == USTOR_DATA_OUT;
}

static bool wants_io_info(const struct ustor_request *slot)
{
    const struct ustor_scsi_request *req = slot->req;
    return (slot->adapter->hw->FeatureSupport & STOR_FEATURE_EXTRA_IO_INFORMATION) &&
           req->function == SRB_FUNCTION_EXECUTE_SCSI && is_read_write(req->cdb);
}

static void ex_header(struct ustor_request *slot, size_t total, ULONG nblocks, size_t addr_off)
{
    const struct ustor_scsi_request *req = slot->req;
    STORAGE_REQUEST_BLOCK *srb = &slot->u.srbex;
    srb->Length = sizeof(SCSI_REQUEST_BLOCK);
    srb->Function = SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
    srb->SrbStatus = SRB_STATUS_PENDING;
    srb->Signature = SRB_SIGNATURE;
    srb->Version = STORAGE_REQUEST_BLOCK_VERSION_1;
    srb->SrbLength = (ULONG)total;
    srb->SrbFunction = req->function;
    srb->SrbFlags = srb_flags_for(req, slot->tag != SP_UNTAGGED);
    srb->RequestTag = slot->tag;
    srb->TimeOutValue = req->timeout;
    srb->AddressOffset = (ULONG)addr_off;
    srb->NumSrbExData = nblocks;
    srb->DataTransferLength = req->data_length;
    srb->DataBuffer = req->data;
    srb->OriginalRequest = slot;
    srb->MiniportContext = slot->srb_extension;
}

static int build_extended(struct ustor_request *slot)
{
    const struct ustor_scsi_request *req = slot->req;
    size_t fblk = ex_block_size(req);
    bool io_info = wants_io_info(slot);
    ULONG nblocks = (fblk ? 1 : 0) + (io_info ? 1 : 0);
    size_t addr_off = align8(offsetof(STORAGE_REQUEST_BLOCK, SrbExDataOffset) +
                             (nblocks ? nblocks : 1) * sizeof(ULONG));
    size_t off = addr_off + sizeof(STOR_ADDR_BTL8);
    size_t total = off + fblk + (io_info ? sizeof(SRBEX_DATA_IO_INFO) : 0);
    if (total > PORT_SRBEX_BYTES)
        return -EINVAL;
    memset(slot->u.srb_bytes, 0, total);
    STORAGE_REQUEST_BLOCK *srb = &slot->u.srbex;
    ex_header(slot, total, nblocks, addr_off);
    STOR_ADDR_BTL8 *addr = (STOR_ADDR_BTL8 *)(slot->u.srb_bytes + addr_off);
    addr->Type = STOR_ADDRESS_TYPE_BTL8;
    addr->Port = (USHORT)slot->adapter->port_number;
    addr->AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH;
    addr->Path = slot->unit->path;
    addr->Target = slot->unit->target;
    addr->Lun = slot->unit->lun;
    ULONG i = 0;
    if (fblk) {
        srb->SrbExDataOffset[i++] = (ULONG)off;
        ex_function_block(slot, slot->u.srb_bytes + off);
        off += fblk;
    }
    if (io_info) {
        srb->SrbExDataOffset[i++] = (ULONG)off;
        ex_io_info_block(slot, slot->u.srb_bytes + off);
    }
    return 0;
}

/* The SRBEX block carrying the SCSI status and sense buffer, or NULL. */
static UCHAR *ex_scsi_block(struct ustor_request *slot)
{
    STORAGE_REQUEST_BLOCK *srb = &slot->u.srbex;
    if (srb->SrbFunction != SRB_FUNCTION_EXECUTE_SCSI || srb->NumSrbExData == 0)
        return NULL;
    ULONG off = srb->SrbExDataOffset[0];
    if (off + sizeof(SRBEX_DATA) > PORT_SRBEX_BYTES)
        return NULL;
    return slot->u.srb_bytes + off;
}

/* ---- the entry points ---- */

int port_srb_build(struct ustor_request *slot)
{
    int rc = slot->adapter->extended_srb ? build_extended(slot) : build_classic(slot);
    if (rc < 0)
        return rc;
    atomic_store_explicit(&slot->activity, 0, memory_order_relaxed); /* a new request */
    rc = sg_build(slot);
    if (rc < 0)
        return rc;
    sg_grant(slot);
    return 0;
}

void port_srb_rebuild(struct ustor_request *slot)
{
    /* The same SRB again, as freshly built: status pending, extension given anew. */
    if (slot->adapter->extended_srb)
        build_extended(slot);
    else
        build_classic(slot);
}

UCHAR port_srb_status(struct ustor_request *slot)
{
    return slot->u.srb.SrbStatus; /* same offset in both layouts */
}

void port_srb_set_status(struct ustor_request *slot, UCHAR status)
{
    slot->u.srb.SrbStatus = status;
}

static void result_sense(struct ustor_request *slot, UCHAR sense_len)
{
    struct ustor_scsi_request *req = slot->req;
    req->sense_valid = 0;
    if (!(port_srb_status(slot) & SRB_STATUS_AUTOSENSE_VALID) || !req->sense)
        return;
    UCHAR n = sense_len < req->sense_length ? sense_len : req->sense_length;
    memcpy(req->sense, slot->sense, n);   /* error path only */
    req->sense_valid = n;
}

void port_srb_read_result(struct ustor_request *slot)
{
    struct ustor_scsi_request *req = slot->req;
    UCHAR sense_len;
    req->srb_status = SRB_STATUS(port_srb_status(slot));
    if (slot->adapter->extended_srb) {
        req->transferred = slot->u.srbex.DataTransferLength;
        UCHAR *blk = ex_scsi_block(slot);
        req->scsi_status = blk ? blk[8] : 0;       /* ScsiStatus: same offset in all CDB blocks */
        sense_len = blk ? blk[9] : 0;              /* SenseInfoBufferLength, likewise */
    } else {
        req->transferred = slot->u.srb.DataTransferLength;
        req->scsi_status = slot->u.srb.ScsiStatus;
        sense_len = slot->u.srb.SenseInfoBufferLength;
    }
    if (req->transferred > req->data_length)
        req->transferred = req->data_length;
    result_sense(slot, sense_len);
}
