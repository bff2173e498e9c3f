/*
 * nvme_io.c - HwBuildIo and HwStartIo. HwBuildIo (DISPATCH, no lock) decodes the
 * request and either answers it at once (nvme_scsi.c, or an error) or leaves an NVMe
 * command in the SRB extension, PRPs included; HwStartIo only picks the queue of its
 * channel and submits. Translations (NVM Express SCSI Translation Reference 1.5 §5):
 *   READ/WRITE 6, 10, 12, 16   -> Read / Write, FUA -> FUA, DPO ignored, length 0 is
 *                                 GOOD without a command, RD/WRPROTECT must be 0
 *   SYNCHRONIZE CACHE 10, 16   -> Flush (GOOD at once without a volatile write cache)
 *   UNMAP                      -> Dataset Management, Attribute Deallocate, <= 256 ranges
 *   WRITE SAME 10, 16          -> Write Zeroes (UNMAP -> DEAC); the data block must be
 *                                 zeroes (or NDOB); at most 65536 blocks
 *   VERIFY 10, 12, 16          -> BYTCHK 0: Read into a Bit Bucket SGL (or GOOD after the
 *                                 range check if the controller has no bit buckets);
 *                                 BYTCHK 1: Compare; BYTCHK 11b: not supported
 *   MODE SELECT caching page   -> Set Features (Volatile Write Cache)
 * SRB functions: FLUSH -> Flush; SHUTDOWN -> Flush of everything, then CC.SHN; RESET_*
 * -> controller reset; PNP (capabilities), POWER -> success.
 */
#include "nvme_mp.h"

#define NO_BIT 0xFF

struct xfer {
    ULONGLONG lba;
    ULONG blocks;
    UCHAR flags;                         /* CDB byte 1 */
    USHORT length_byte;                  /* where the length field starts */
};

/* ---- PRPs from the scatter/gather list (NVMe 1.4 §4.3) ---- */

static ULONGLONG *prp_list(struct nvme_req *req)
{
    return (ULONGLONG *)(((ULONG_PTR)req->area + 7) & ~(ULONG_PTR)7);
}

static ULONGLONG phys(struct nvme_adapter *ad, PVOID srb, PVOID va)
{
    ULONG length = 0;
    return (ULONGLONG)StorPortGetPhysicalAddress(ad, srb, va, &length).QuadPart;
}

struct prp_builder {
    ULONGLONG *list;
    ULONGLONG list_pa;
    ULONG used;                          /* list slots written, chain pointers included */
    ULONG total, written;                /* pages after PRP1: to describe, described */
    ULONGLONG second;                    /* the first of them (PRP2 when it is the only one) */
    ULONG left;                          /* bytes still to describe */
};

/* Appends a page; the last slot of a list page chains to the next one. */
static VOID prp_put(struct prp_builder *b, ULONGLONG page)
{
    if (b->written++ == 0)
        b->second = page;
    if (b->total < 2)
        return;                          /* no list: PRP2 is the page itself */
    ULONGLONG at = b->list_pa + 8ull * b->used;
    if ((at & (NVME_PAGE - 1)) == NVME_PAGE - 8 && b->written < b->total)
        b->list[b->used++] = at + 8;
    b->list[b->used++] = page;
}

/* The pages of one scatter/gather element from PA (its part after PRP1's, for the
 * first); FALSE if PRPs cannot describe it (a middle piece not page-aligned). */
static BOOLEAN prp_element(struct prp_builder *b, ULONGLONG pa, ULONG len, BOOLEAN first)
{
    if (!first && (pa & (NVME_PAGE - 1)))
        return FALSE;
    while (len) {
        ULONG take = len < NVME_PAGE ? len : NVME_PAGE;
        prp_put(b, pa);
        pa += take, len -= take, b->left -= take;
    }
    return !b->left || !(pa & (NVME_PAGE - 1));
}

static BOOLEAN build_prps(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb, ULONG bytes)
{
    PSTOR_SCATTER_GATHER_LIST sg = StorPortGetScatterGatherList(ad, srb);
    if (!sg || !sg->NumberOfElements)
        return FALSE;
    ULONGLONG first = (ULONGLONG)sg->List[0].PhysicalAddress.QuadPart;
    ULONG head = NVME_PAGE - (ULONG)(first & (NVME_PAGE - 1));
    ULONG rest = bytes > head ? bytes - head : 0;
    struct prp_builder b = {.list = prp_list(req), .total = (rest + NVME_PAGE - 1) / NVME_PAGE,
                            .left = bytes};
    if (b.total > 1)
        b.list_pa = phys(ad, srb, b.list);
    req->cmd.sqe.Prp1 = first;
    for (ULONG i = 0; i < sg->NumberOfElements && b.left; i++) {
        ULONGLONG pa = (ULONGLONG)sg->List[i].PhysicalAddress.QuadPart;
        ULONG len = sg->List[i].Length < b.left ? sg->List[i].Length : b.left;
        ULONG skip = i == 0 ? (len < head ? len : head) : 0;   /* PRP1's part */
        b.left -= skip;
        if (!prp_element(&b, pa + skip, len - skip, i == 0))
            return FALSE;
    }
    if (b.left || b.written != b.total)
        return FALSE;
    req->cmd.sqe.Prp2 = b.total == 0 ? 0 : b.total == 1 ? b.second : b.list_pa;
    return TRUE;
}

/* A buffer of up to a page in the request's own area: PRP1 and, across a page, PRP2. */
static VOID area_prps(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb, ULONG bytes)
{
    ULONGLONG pa = phys(ad, srb, prp_list(req));
    ULONGLONG next = (pa & ~(ULONGLONG)(NVME_PAGE - 1)) + NVME_PAGE;
    req->cmd.sqe.Prp1 = pa;
    req->cmd.sqe.Prp2 = pa + bytes > next ? next : 0;
}

/* ---- common checks ---- */

static VOID cmd_io(struct nvme_req *req, UCHAR opcode, const struct nvme_ns *ns, ULONGLONG lba,
                   ULONG blocks)
{
    RtlZeroMemory(&req->cmd.sqe, sizeof req->cmd.sqe);
    req->cmd.sqe.Opcode = opcode;
    req->cmd.sqe.Nsid = ns->nsid;
    req->cmd.sqe.Cdw10 = (ULONG)lba;
    req->cmd.sqe.Cdw11 = (ULONG)(lba >> 32);
    req->cmd.sqe.Cdw12 = blocks ? blocks - 1 : 0;
    req->cmd.done = nvme_srb_done;
    req->lba = lba;
    req->action = NVME_ACT_IO;
}

static BOOLEAN range_ok(struct nvme_adapter *ad, PVOID srb, const struct nvme_ns *ns,
                        ULONGLONG lba, ULONGLONG blocks)
{
    if (lba <= ns->blocks && blocks <= ns->blocks - lba)
        return TRUE;
    nvme_fail_lba(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0, lba);
    return FALSE;
}

static BOOLEAN writable(struct nvme_adapter *ad, PVOID srb, const struct nvme_ns *ns)
{
    if (!ns->write_protected)
        return TRUE;
    nvme_fail(ad, srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
    return FALSE;
}

static ULONG data_length(PVOID srb)
{
    return SrbGetDataBuffer(srb) ? SrbGetDataTransferLength(srb) : 0;
}

/* A buffer shorter than the CDB asks for: nothing moves. */
static BOOLEAN buffer_ok(struct nvme_adapter *ad, PVOID srb, ULONGLONG bytes)
{
    if (data_length(srb) >= bytes)
        return TRUE;
    SrbSetDataTransferLength(srb, 0);
    nvme_complete(ad, srb, SRB_STATUS_DATA_OVERRUN);
    return FALSE;
}

static BOOLEAN opcode_bad(struct nvme_adapter *ad, PVOID srb)
{
    nvme_fail(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
    return FALSE;
}

/* ---- READ / WRITE ---- */

static VOID decode_xfer(const UCHAR *cdb, struct xfer *x)
{
    switch (cdb[0]) {
    case SCSIOP_READ6: case SCSIOP_WRITE6:
        x->lba = (ULONG)(cdb[1] & 0x1F) << 16 | nvme_get16(cdb + 2);
        x->blocks = cdb[4] ? cdb[4] : 256;
        x->flags = 0;
        x->length_byte = 4;
        break;
    case SCSIOP_READ: case SCSIOP_WRITE: case SCSIOP_VERIFY: case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_WRITE_SAME:
        x->lba = nvme_get32(cdb + 2);
        x->blocks = nvme_get16(cdb + 7);
        x->flags = cdb[1];
        x->length_byte = 7;
        break;
    case SCSIOP_READ12: case SCSIOP_WRITE12: case SCSIOP_VERIFY12:
        x->lba = nvme_get32(cdb + 2);
        x->blocks = nvme_get32(cdb + 6);
        x->flags = cdb[1];
        x->length_byte = 6;
        break;
    default:                             /* the 16-byte forms */
        x->lba = nvme_get64(cdb + 2);
        x->blocks = nvme_get32(cdb + 10);
        x->flags = cdb[1];
        x->length_byte = 10;
        break;
    }
}

static BOOLEAN is_write(UCHAR op)
{
    return op == SCSIOP_WRITE6 || op == SCSIOP_WRITE || op == SCSIOP_WRITE12 ||
           op == SCSIOP_WRITE16;
}

static BOOLEAN build_rw(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                        const struct nvme_ns *ns, const UCHAR *cdb)
{
    struct xfer x;
    BOOLEAN write = is_write(cdb[0]);
    decode_xfer(cdb, &x);
    if (x.flags & 0xE0) {
        nvme_fail_field(ad, srb, TRUE, 1, 7);
        return FALSE;
    }
    if (!range_ok(ad, srb, ns, x.lba, x.blocks))
        return FALSE;
    if (!x.blocks) {
        SrbSetDataTransferLength(srb, 0);
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    ULONGLONG bytes = (ULONGLONG)x.blocks << ns->lba_shift;
    if (bytes > ad->max_transfer) {
        nvme_fail_field(ad, srb, TRUE, x.length_byte, NO_BIT);
        return FALSE;
    }
    if (!buffer_ok(ad, srb, bytes) || (write && !writable(ad, srb, ns)))
        return FALSE;
    cmd_io(req, write ? NVME_CMD_WRITE : NVME_CMD_READ, ns, x.lba, x.blocks);
    if (x.flags & 0x08)
        req->cmd.sqe.Cdw12 |= NVME_RW_FUA;
    if (!build_prps(ad, req, srb, (ULONG)bytes)) {
        nvme_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }
    SrbSetDataTransferLength(srb, (ULONG)bytes);
    return TRUE;
}

/* ---- SYNCHRONIZE CACHE, FLUSH ---- */

static BOOLEAN build_flush(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                           const struct nvme_ns *ns)
{
    if (!(ad->vwc & 1)) {
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    cmd_io(req, NVME_CMD_FLUSH, ns, 0, 0);
    return TRUE;
}

static BOOLEAN build_sync(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                          const struct nvme_ns *ns, const UCHAR *cdb)
{
    struct xfer x;
    decode_xfer(cdb, &x);
    if (!range_ok(ad, srb, ns, x.lba, x.blocks))
        return FALSE;
    SrbSetDataTransferLength(srb, 0);
    return build_flush(ad, req, srb, ns);
}

/* ---- UNMAP ---- */

/* The parameter list's descriptors into DSM ranges; -1 once SRB has failed. */
static LONG unmap_ranges(struct nvme_adapter *ad, PVOID srb, const struct nvme_ns *ns,
                         const UCHAR *list, ULONG length, NVME_DSM_RANGE *ranges)
{
    ULONG block_bytes = nvme_get16(list + 2), count = 0;
    if (nvme_get16(list) + 2 > length || block_bytes % 16) {
        nvme_fail_field(ad, srb, FALSE, block_bytes % 16 ? 2 : 0, NO_BIT);
        return -1;
    }
    if (block_bytes > length - 8)
        block_bytes = (length - 8) & ~15u;
    if (block_bytes / 16 > NVME_DSM_MAX_RANGES) {
        nvme_fail_field(ad, srb, FALSE, 2, NO_BIT);
        return -1;
    }
    for (ULONG off = 8; off < 8 + block_bytes; off += 16) {
        ULONGLONG lba = nvme_get64(list + off);
        ULONG n = nvme_get32(list + off + 8);
        if (!range_ok(ad, srb, ns, lba, n))
            return -1;
        if (!n)
            continue;
        ranges[count].Attributes = 0;
        ranges[count].Blocks = n;
        ranges[count].Lba = lba;
        count++;
    }
    return (LONG)count;
}

static BOOLEAN build_unmap(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                           const struct nvme_ns *ns, const UCHAR *cdb)
{
    ULONG length = nvme_get16(cdb + 7);
    if (!(ad->oncs & NVME_ONCS_DSM))
        return opcode_bad(ad, srb);
    if (cdb[1] & 0x01) {                 /* ANCHOR: ANC_SUP is 0 */
        nvme_fail_field(ad, srb, TRUE, 1, 0);
        return FALSE;
    }
    if (!length) {
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    if (length < 8 || data_length(srb) < length) {
        nvme_fail(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_PARAMETER_LIST_LENGTH, 0);
        return FALSE;
    }
    NVME_DSM_RANGE *ranges = (NVME_DSM_RANGE *)prp_list(req);
    LONG n = unmap_ranges(ad, srb, ns, SrbGetDataBuffer(srb), length, ranges);
    if (n <= 0) {
        if (n == 0)
            nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    if (!writable(ad, srb, ns))
        return FALSE;
    cmd_io(req, NVME_CMD_DSM, ns, ranges[0].Lba, 0);
    req->cmd.sqe.Cdw10 = (ULONG)n - 1;
    req->cmd.sqe.Cdw11 = NVME_DSM_AD;
    req->cmd.sqe.Cdw12 = 0;
    area_prps(ad, req, srb, (ULONG)n * (ULONG)sizeof(NVME_DSM_RANGE));
    return TRUE;
}

/* ---- WRITE SAME ---- */

static BOOLEAN zeroes(const UCHAR *p, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        if (p[i])
            return FALSE;
    return TRUE;
}

static BOOLEAN same_data_ok(struct nvme_adapter *ad, PVOID srb, const struct nvme_ns *ns,
                            BOOLEAN ndob)
{
    ULONG block = 1u << ns->lba_shift;
    if (ndob)
        return TRUE;
    if (!buffer_ok(ad, srb, block))
        return FALSE;
    if (zeroes(SrbGetDataBuffer(srb), block))
        return TRUE;
    nvme_fail_field(ad, srb, FALSE, 0, NO_BIT);   /* only zeroes can be written */
    return FALSE;
}

static BOOLEAN build_write_same(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                                const struct nvme_ns *ns, const UCHAR *cdb)
{
    struct xfer x;
    decode_xfer(cdb, &x);
    BOOLEAN sixteen = cdb[0] == SCSIOP_WRITE_SAME16;
    if (!(ad->oncs & NVME_ONCS_WRITE_ZEROES))
        return opcode_bad(ad, srb);
    if (x.flags & 0xE0 || x.flags & 0x10) {
        nvme_fail_field(ad, srb, TRUE, 1, x.flags & 0xE0 ? 7 : 4);
        return FALSE;
    }
    if (!x.blocks || x.blocks > NVME_WZ_MAX_BLOCKS) {
        nvme_fail_field(ad, srb, TRUE, x.length_byte, NO_BIT);
        return FALSE;
    }
    if (!range_ok(ad, srb, ns, x.lba, x.blocks) ||
        !same_data_ok(ad, srb, ns, sixteen && (x.flags & 0x01)) || !writable(ad, srb, ns))
        return FALSE;
    cmd_io(req, NVME_CMD_WRITE_ZEROES, ns, x.lba, x.blocks);
    if (x.flags & 0x08)
        req->cmd.sqe.Cdw12 |= NVME_WZ_DEAC;
    SrbSetDataTransferLength(srb, 0);
    return TRUE;
}

/* ---- VERIFY ---- */

static BOOLEAN build_verify(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                            const struct nvme_ns *ns, const UCHAR *cdb)
{
    struct xfer x;
    decode_xfer(cdb, &x);
    ULONG bytchk = (x.flags >> 1) & 3;
    if (x.flags & 0xE0 || bytchk >= 2 || (bytchk && !(ad->oncs & NVME_ONCS_COMPARE))) {
        nvme_fail_field(ad, srb, TRUE, 1, x.flags & 0xE0 ? 7 : 2);
        return FALSE;
    }
    if (!range_ok(ad, srb, ns, x.lba, x.blocks))
        return FALSE;
    ULONGLONG bytes = (ULONGLONG)x.blocks << ns->lba_shift;
    if (bytes > ad->max_transfer) {
        nvme_fail_field(ad, srb, TRUE, x.length_byte, NO_BIT);
        return FALSE;
    }
    BOOLEAN bit_bucket = (ad->sgls & 0x3) && (ad->sgls & (1u << 16));
    if (!x.blocks || (!bytchk && !bit_bucket)) {
        SrbSetDataTransferLength(srb, 0);
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    if (bytchk && !buffer_ok(ad, srb, bytes))
        return FALSE;
    cmd_io(req, bytchk ? NVME_CMD_COMPARE : NVME_CMD_READ, ns, x.lba, x.blocks);
    if (!bytchk) {
        req->cmd.sqe.Flags = NVME_PSDT_SGL;   /* SGL1: one Bit Bucket of the whole length */
        req->cmd.sqe.Prp1 = 0;
        req->cmd.sqe.Prp2 = bytes | (ULONGLONG)NVME_SGL_BIT_BUCKET << 56;
        SrbSetDataTransferLength(srb, 0);
        return TRUE;
    }
    if (!build_prps(ad, req, srb, (ULONG)bytes)) {
        nvme_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }
    SrbSetDataTransferLength(srb, (ULONG)bytes);
    return TRUE;
}

/* ---- dispatch ---- */

static const struct nvme_ns *unit_ns(struct nvme_adapter *ad, ULONG lun)
{
    if (lun >= NVME_MAX_LUNS || !NVME_LOAD(&ad->ns[lun].present))
        return NULL;
    return &ad->ns[lun];
}

static BOOLEAN build_scsi(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb, ULONG lun)
{
    const UCHAR *cdb = (const UCHAR *)SrbGetCdb(srb);
    if (!cdb || !SrbGetCdbLength(srb)) {
        nvme_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }
    if (nvme_scsi_local(ad, srb, cdb, lun))
        return FALSE;
    const struct nvme_ns *ns = unit_ns(ad, lun);
    if (!ns) {
        nvme_fail(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_LUN, 0);
        return FALSE;
    }
    switch (cdb[0]) {
    case SCSIOP_READ6: case SCSIOP_READ: case SCSIOP_READ12: case SCSIOP_READ16:
    case SCSIOP_WRITE6: case SCSIOP_WRITE: case SCSIOP_WRITE12: case SCSIOP_WRITE16:
        return build_rw(ad, req, srb, ns, cdb);
    case SCSIOP_SYNCHRONIZE_CACHE: case SCSIOP_SYNCHRONIZE_CACHE16:
        return build_sync(ad, req, srb, ns, cdb);
    case SCSIOP_UNMAP:
        return build_unmap(ad, req, srb, ns, cdb);
    case SCSIOP_WRITE_SAME: case SCSIOP_WRITE_SAME16:
        return build_write_same(ad, req, srb, ns, cdb);
    case SCSIOP_VERIFY: case SCSIOP_VERIFY12: case SCSIOP_VERIFY16:
        return build_verify(ad, req, srb, ns, cdb);
    case SCSIOP_MODE_SELECT: case SCSIOP_MODE_SELECT10:
        return nvme_scsi_mode_select(ad, req, srb, cdb);
    default:
        return opcode_bad(ad, srb);
    }
}

static VOID fill_capabilities(PVOID srb)
{
    PSTOR_DEVICE_CAPABILITIES_EX caps = SrbGetDataBuffer(srb);
    if (!caps || SrbGetDataTransferLength(srb) < sizeof *caps)
        return;
    caps->Removable = 0;
    caps->SilentInstall = 1;
    caps->SurpriseRemovalOK = 0;
    caps->UniqueID = 1;                  /* VPD 83h holds the namespace's EUI-64 or NGUID */
    caps->Address = SrbGetLun(srb);
    caps->UINumber = SrbGetLun(srb);
}

static BOOLEAN build_pnp(struct nvme_adapter *ad, PVOID srb)
{
    PSRBEX_DATA_PNP ex = (PSRBEX_DATA_PNP)SrbGetSrbExDataByType(srb, SrbExDataTypePnP);
    if (ex && ex->PnPAction == StorQueryCapabilities &&
        !(ex->SrbPnPFlags & SRB_PNP_FLAGS_ADAPTER_REQUEST))
        fill_capabilities(srb);
    nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
    return FALSE;
}

BOOLEAN nvme_build_io(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    struct nvme_adapter *ad = Ext;
    PVOID srb = Srb;
    struct nvme_req *req = SrbGetMiniportContext(srb);
    UCHAR path = 0, target = 0, lun = 0;
    SrbGetPathTargetLun(srb, &path, &target, &lun);
    req->action = NVME_ACT_NONE;
    req->cmd.srb = srb;
    req->lun = lun;
    if (path || target) {
        nvme_complete(ad, srb, SRB_STATUS_NO_DEVICE);
        return FALSE;
    }
    switch (SrbGetSrbFunction(srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        return build_scsi(ad, req, srb, lun);
    case SRB_FUNCTION_FLUSH: {
        const struct nvme_ns *ns = unit_ns(ad, lun);
        if (ns)
            return build_flush(ad, req, srb, ns);
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    case SRB_FUNCTION_SHUTDOWN:
        req->action = NVME_ACT_SHUTDOWN;
        return TRUE;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT: case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
        req->action = NVME_ACT_RESET;
        return TRUE;
    case SRB_FUNCTION_PNP:
        return build_pnp(ad, srb);
    case SRB_FUNCTION_POWER:
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    default:
        nvme_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }
}

/* ---- HwStartIo ---- */

/* The controller cannot take it now: retry later, or fail if it is gone for good. */
static VOID not_ready(struct nvme_adapter *ad, PVOID srb)
{
    LONG state = NVME_LOAD(&ad->state);
    if (state == NVME_ST_FAILED) {
        nvme_complete(ad, srb, SRB_STATUS_NO_DEVICE);
        return;
    }
    if (state == NVME_ST_SHUTDOWN)
        nvme_reset_controller(ad);       /* I/O after a shutdown: bring it back */
    nvme_complete(ad, srb, SRB_STATUS_BUSY);
}

/* Submits on this channel's queue; FALSE if the controller is not ready. */
static BOOLEAN submit_here(struct nvme_adapter *ad, PVOID srb, struct nvme_cmd *cmd, LONG state)
{
    return nvme_submit_io(ad, nvme_io_queue_here(ad, srb), cmd, state);
}

static VOID shutdown_flush_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status,
                                ULONG dw0)
{
    UNREFERENCED_PARAMETER(dw0);
    if (status == NVME_STATUS_ABORTED_RESET) {
        nvme_complete_status(ad, cmd->srb, status, 0);
        return;
    }
    nvme_shutdown_start(ad, cmd->srb);
}

/* SRB_FUNCTION_SHUTDOWN: new I/O waits, everything is flushed, then CC.SHN. */
static VOID start_shutdown(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb)
{
    LONG state = NVME_LOAD(&ad->state);
    if (state == NVME_ST_SHUTDOWN) {
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return;
    }
    if (state != NVME_ST_READY ||
        InterlockedCompareExchange(&ad->state, NVME_ST_SHUTTING, state) != state) {
        nvme_complete(ad, srb, state == NVME_ST_FAILED ? SRB_STATUS_NO_DEVICE : SRB_STATUS_BUSY);
        return;
    }
    if (!(ad->vwc & 1)) {
        nvme_shutdown_start(ad, srb);
        return;
    }
    RtlZeroMemory(&req->cmd.sqe, sizeof req->cmd.sqe);
    req->cmd.sqe.Opcode = NVME_CMD_FLUSH;
    req->cmd.sqe.Nsid = ((ad->vwc >> 1) & 3) == 3 ? NVME_NSID_ALL : req->lun + 1;
    req->cmd.done = shutdown_flush_done;
    if (!submit_here(ad, srb, &req->cmd, NVME_ST_SHUTTING))
        nvme_shutdown_start(ad, srb);
}

BOOLEAN nvme_start_io(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    struct nvme_adapter *ad = Ext;
    PVOID srb = Srb;
    struct nvme_req *req = SrbGetMiniportContext(srb);
    switch (req->action) {
    case NVME_ACT_IO:
        if (!submit_here(ad, srb, &req->cmd, NVME_ST_READY))
            not_ready(ad, srb);
        break;
    case NVME_ACT_ADMIN:
        if (NVME_LOAD(&ad->state) != NVME_ST_READY || !nvme_admin_submit(ad, &req->cmd))
            not_ready(ad, srb);
        break;
    case NVME_ACT_SHUTDOWN:
        start_shutdown(ad, req, srb);
        break;
    case NVME_ACT_RESET:
        nvme_reset_controller(ad);
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        break;
    default:
        nvme_complete(ad, srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

VOID nvme_srb_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0)
{
    UNREFERENCED_PARAMETER(dw0);
    if (!status) {
        nvme_complete(ad, cmd->srb, SRB_STATUS_SUCCESS);
        return;
    }
    struct nvme_req *req = CONTAINING_RECORD(cmd, struct nvme_req, cmd);
    nvme_complete_status(ad, cmd->srb, status, req->lba);
}
