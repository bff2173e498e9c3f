/*
 * nvme_scsi.c - SCSI commands answered from what Identify said, without an NVMe
 * command, as the NVM Express SCSI Translation Reference 1.5 describes them:
 *   INQUIRY: vendor "NVMe", product = the first 16 bytes of MN, revision = the first 4
 *     of FR; VPD 00h (pages), 80h (serial: NGUID or EUI-64 in groups of four hex digits
 *     ending with '.', else SN), 83h (EUI-64 designators of NGUID and EUI-64, and a T10
 *     vendor ID designator from MN, SN and the NSID), B0h (limits from MDTS, DSM and
 *     Write Zeroes), B1h (non-rotating), B2h (LBPU = DSM, LBPWS = Write Zeroes, LBPRZ
 *     from DLFEAT);
 *   READ CAPACITY 10/16 (LBPME = DSM, LBPRZ as above), REPORT LUNS (one per namespace,
 *     LUN = NSID - 1), TEST UNIT READY, REQUEST SENSE (no sense: autosense is used),
 *     START STOP UNIT (accepted), MODE SENSE 6/10 (caching page with WCE from the
 *     Volatile Write Cache feature, control page, block descriptors; saved values are
 *     not supported).
 * MODE SELECT of the caching page becomes Set Features (Volatile Write Cache).
 */
#include "nvme_mp.h"

#define NO_BIT 0xFF
#define VPD_BYTES 256
#define PAGE_CACHING 0x08
#define PAGE_CONTROL 0x0A
#define PAGE_ALL 0x3F
#define ASC_SAVING_NOT_SUPPORTED 0x39   /* SAVING PARAMETERS NOT SUPPORTED */

static const struct nvme_ns *present_ns(struct nvme_adapter *ad, ULONG lun)
{
    if (lun >= NVME_MAX_LUNS || !NVME_LOAD(&ad->ns[lun].present))
        return NULL;
    return &ad->ns[lun];
}

static BOOLEAN no_unit(struct nvme_adapter *ad, PVOID srb)
{
    nvme_fail(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_LUN, 0);
    return TRUE;
}

static BOOLEAN lbprz(const struct nvme_ns *ns)
{
    return (ns->dlfeat & 0x7) == 0x1;    /* deallocated blocks read as zeroes */
}

static BOOLEAN nonzero(const UCHAR *p, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        if (p[i])
            return TRUE;
    return FALSE;
}

/* ---- INQUIRY ---- */

static VOID standard_inquiry(struct nvme_adapter *ad, UCHAR *d, BOOLEAN present)
{
    d[0] = present ? 0x00 : 0x7F;        /* qualifier 011b: no unit here */
    d[2] = 0x06;                         /* SPC-4 */
    d[3] = 0x02;                         /* response data format 2 */
    d[4] = 36 - 5;
    d[7] = 0x02;                         /* CMDQUE */
    RtlCopyMemory(d + 8, "NVMe    ", 8);
    RtlCopyMemory(d + 16, ad->mn, 16);
    RtlCopyMemory(d + 32, ad->fr, 4);
}

static ULONG vpd_supported(UCHAR *d)
{
    static const UCHAR pages[] = {0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2};
    RtlCopyMemory(d + 4, pages, sizeof pages);
    return sizeof pages;
}

static ULONG hex_groups(char *out, const UCHAR *id, ULONG bytes)
{
    static const char hex[] = "0123456789ABCDEF";
    ULONG n = 0;
    for (ULONG i = 0; i < bytes; i++) {
        if (i && i % 2 == 0)
            out[n++] = '_';
        out[n++] = hex[id[i] >> 4];
        out[n++] = hex[id[i] & 0xF];
    }
    out[n++] = '.';
    return n;
}

static ULONG vpd_serial(struct nvme_adapter *ad, const struct nvme_ns *ns, UCHAR *d)
{
    if (nonzero(ns->nguid, 16))
        return hex_groups((char *)d + 4, ns->nguid, 16);
    if (nonzero(ns->eui64, 8))
        return hex_groups((char *)d + 4, ns->eui64, 8);
    RtlCopyMemory(d + 4, ad->sn, sizeof ad->sn);
    return sizeof ad->sn;
}

static ULONG designator(UCHAR *d, UCHAR code_set, UCHAR type, const VOID *id, ULONG length)
{
    d[0] = code_set;                     /* protocol identifier 0, PIV 0 */
    d[1] = type;                         /* association: the logical unit */
    d[3] = (UCHAR)length;
    RtlCopyMemory(d + 4, id, length);
    return 4 + length;
}

static ULONG vpd_identification(struct nvme_adapter *ad, const struct nvme_ns *ns, UCHAR *d)
{
    UCHAR t10[8 + 40 + 20 + 8];
    static const char hex[] = "0123456789ABCDEF";
    ULONG n = 4;
    if (nonzero(ns->nguid, 16))
        n += designator(d + n, 1, 2, ns->nguid, 16);    /* binary, EUI-64 based */
    if (nonzero(ns->eui64, 8))
        n += designator(d + n, 1, 2, ns->eui64, 8);
    RtlCopyMemory(t10, "NVMe    ", 8);
    RtlCopyMemory(t10 + 8, ad->mn, 40);
    RtlCopyMemory(t10 + 48, ad->sn, 20);
    for (ULONG i = 0; i < 8; i++)
        t10[68 + i] = (UCHAR)hex[(ns->nsid >> (28 - 4 * i)) & 0xF];
    n += designator(d + n, 2, 1, t10, sizeof t10);     /* ASCII, T10 vendor ID based */
    return n - 4;
}

static ULONG vpd_block_limits(struct nvme_adapter *ad, const struct nvme_ns *ns, UCHAR *d)
{
    d[4] = 0x01;                         /* WSNZ: WRITE SAME needs a length */
    nvme_put32(d + 8, ad->max_transfer >> ns->lba_shift);
    if (ad->oncs & NVME_ONCS_DSM) {
        nvme_put32(d + 20, 0xFFFFFFFFu);
        nvme_put32(d + 24, NVME_DSM_MAX_RANGES);
    }
    if (ad->oncs & NVME_ONCS_WRITE_ZEROES)
        nvme_put64(d + 36, NVME_WZ_MAX_BLOCKS);
    return 0x3C;
}

static ULONG vpd_characteristics(UCHAR *d)
{
    nvme_put16(d + 4, 0x0001);           /* non-rotating medium */
    return 0x3C;
}

static ULONG vpd_provisioning(struct nvme_adapter *ad, const struct nvme_ns *ns, UCHAR *d)
{
    BOOLEAN dsm = (ad->oncs & NVME_ONCS_DSM) != 0, wz = (ad->oncs & NVME_ONCS_WRITE_ZEROES) != 0;
    d[5] = (UCHAR)((dsm ? 0x80 : 0) | (wz ? 0x60 : 0) | (lbprz(ns) ? 0x04 : 0));
    d[6] = dsm ? 0x02 : 0x00;            /* thin provisioned when blocks can be deallocated */
    return 4;
}

static BOOLEAN inquiry(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb, ULONG lun)
{
    UCHAR d[VPD_BYTES];
    ULONG alloc = nvme_get16(cdb + 3), n;
    const struct nvme_ns *ns = present_ns(ad, lun);
    RtlZeroMemory(d, sizeof d);
    if (!(cdb[1] & 0x01)) {
        if (cdb[2]) {
            nvme_fail_field(ad, srb, TRUE, 2, NO_BIT);
            return TRUE;
        }
        standard_inquiry(ad, d, ns != NULL);
        nvme_complete_data(ad, srb, d, 36, alloc);
        return TRUE;
    }
    if (!ns)
        return no_unit(ad, srb);
    switch (cdb[2]) {
    case 0x00: n = vpd_supported(d); break;
    case 0x80: n = vpd_serial(ad, ns, d); break;
    case 0x83: n = vpd_identification(ad, ns, d); break;
    case 0xB0: n = vpd_block_limits(ad, ns, d); break;
    case 0xB1: n = vpd_characteristics(d); break;
    case 0xB2: n = vpd_provisioning(ad, ns, d); break;
    default:
        nvme_fail_field(ad, srb, TRUE, 2, NO_BIT);
        return TRUE;
    }
    d[1] = cdb[2];
    nvme_put16(d + 2, n);
    nvme_complete_data(ad, srb, d, 4 + n, alloc);
    return TRUE;
}

/* ---- READ CAPACITY ---- */

static BOOLEAN read_capacity(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb,
                             const struct nvme_ns *ns)
{
    UCHAR d[32];
    ULONGLONG last = ns->blocks - 1;
    RtlZeroMemory(d, sizeof d);
    if (cdb[0] == SCSIOP_READ_CAPACITY) {
        nvme_put32(d, last > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)last);
        nvme_put32(d + 4, 1u << ns->lba_shift);
        nvme_complete_data(ad, srb, d, 8, 8);
        return TRUE;
    }
    if ((cdb[1] & 0x1F) != 0x10) {       /* only READ CAPACITY(16) of SERVICE ACTION IN */
        nvme_fail_field(ad, srb, TRUE, 1, 4);
        return TRUE;
    }
    nvme_put64(d, last);
    nvme_put32(d + 8, 1u << ns->lba_shift);
    if (ad->oncs & NVME_ONCS_DSM)
        d[14] = (UCHAR)(0x80 | (lbprz(ns) ? 0x40 : 0));   /* LBPME, LBPRZ */
    nvme_complete_data(ad, srb, d, 32, nvme_get32(cdb + 10));
    return TRUE;
}

/* ---- REPORT LUNS ---- */

static BOOLEAN report_luns(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb)
{
    UCHAR d[8 + 8 * NVME_MAX_LUNS];
    ULONG alloc = nvme_get32(cdb + 6), n = 0;
    if (cdb[2] != 0x00 && cdb[2] != 0x01 && cdb[2] != 0x02) {
        nvme_fail_field(ad, srb, TRUE, 2, NO_BIT);
        return TRUE;
    }
    if (alloc < 16) {
        nvme_fail_field(ad, srb, TRUE, 6, NO_BIT);
        return TRUE;
    }
    RtlZeroMemory(d, sizeof d);
    for (ULONG lun = 0; cdb[2] != 0x01 && lun < NVME_MAX_LUNS; lun++) {
        if (!present_ns(ad, lun))
            continue;
        d[8 + 8 * n + 1] = (UCHAR)lun;   /* peripheral device addressing, bus 0 */
        n++;
    }
    nvme_put32(d, 8 * n);
    nvme_complete_data(ad, srb, d, 8 + 8 * n, alloc);
    return TRUE;
}

/* ---- MODE SENSE ---- */

static ULONG caching_page(struct nvme_adapter *ad, UCHAR *p, ULONG pc)
{
    BOOLEAN wce = pc == 1 ? (ad->vwc & 1) != 0 : pc == 2 ? (ad->vwc & 1) != 0
                                                           : NVME_LOAD(&ad->write_cache) != 0;
    p[0] = PAGE_CACHING;
    p[1] = 0x12;
    p[2] = wce ? 0x04 : 0x00;            /* WCE; RCD 0 */
    return 20;
}

static ULONG control_page(UCHAR *p, ULONG pc)
{
    p[0] = PAGE_CONTROL;
    p[1] = 0x0A;
    if (pc != 1)
        p[3] = 0x10;                     /* queue algorithm modifier: unrestricted */
    return 12;
}

static ULONG block_descriptor(const struct nvme_ns *ns, UCHAR *p, BOOLEAN longlba)
{
    ULONG block = 1u << ns->lba_shift;
    if (longlba) {
        nvme_put64(p, ns->blocks);
        nvme_put32(p + 12, block);
        return 16;
    }
    nvme_put32(p, ns->blocks > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)ns->blocks);
    nvme_put32(p + 4, block & 0xFFFFFF);
    return 8;
}

/* The pages asked for after OFF; 0 when the page is unknown. */
static ULONG mode_pages(struct nvme_adapter *ad, UCHAR *d, ULONG off, ULONG page, ULONG pc)
{
    ULONG start = off;
    if (page == PAGE_CACHING || page == PAGE_ALL)
        off += caching_page(ad, d + off, pc);
    if (page == PAGE_CONTROL || page == PAGE_ALL)
        off += control_page(d + off, pc);
    return off - start;
}

static BOOLEAN mode_sense(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb,
                          const struct nvme_ns *ns)
{
    UCHAR d[128];
    BOOLEAN ten = cdb[0] == SCSIOP_MODE_SENSE10;
    BOOLEAN dbd = (cdb[1] & 0x08) != 0, longlba = ten && (cdb[1] & 0x10);
    ULONG pc = cdb[2] >> 6, page = cdb[2] & 0x3F, subpage = cdb[3];
    ULONG alloc = ten ? nvme_get16(cdb + 7) : cdb[4], header = ten ? 8 : 4;
    if (pc == 3) {
        nvme_fail(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED, 0);
        return TRUE;
    }
    if (subpage && !(page == PAGE_ALL && subpage == 0xFF)) {
        nvme_fail_field(ad, srb, TRUE, 3, NO_BIT);
        return TRUE;
    }
    RtlZeroMemory(d, sizeof d);
    ULONG bd = dbd ? 0 : block_descriptor(ns, d + header, longlba);
    ULONG pages = mode_pages(ad, d, header + bd, page, pc);
    if (!pages) {
        nvme_fail_field(ad, srb, TRUE, 2, 5);
        return TRUE;
    }
    ULONG total = header + bd + pages;
    UCHAR specific = (UCHAR)((ns->write_protected ? 0x80 : 0) | 0x10);   /* WP, DPOFUA */
    if (ten) {
        nvme_put16(d, total - 2);
        d[3] = specific;
        d[4] = longlba && bd ? 0x01 : 0x00;
        nvme_put16(d + 6, bd);
    } else {
        d[0] = (UCHAR)(total - 1);
        d[2] = specific;
        d[3] = (UCHAR)bd;
    }
    nvme_complete_data(ad, srb, d, total, alloc);
    return TRUE;
}

/* ---- MODE SELECT ---- */

static VOID vwc_done(struct nvme_adapter *ad, struct nvme_cmd *cmd, USHORT status, ULONG dw0)
{
    if (!status)
        InterlockedExchange(&ad->write_cache, (LONG)(cmd->sqe.Cdw11 & 1));
    nvme_srb_done(ad, cmd, status, dw0);
}

/* The caching page (and an unchanged control page) of a MODE SELECT parameter list. */
static LONG select_pages(struct nvme_adapter *ad, PVOID srb, const UCHAR *p, ULONG off, ULONG end)
{
    LONG wce = -1;
    while (off + 2 <= end) {
        ULONG code = p[off] & 0x3F, length = p[off + 1];
        if (off + 2 + length > end || (p[off] & 0x40) ||
            (code != PAGE_CACHING && code != PAGE_CONTROL) ||
            (code == PAGE_CACHING && length != 0x12)) {
            nvme_fail_field(ad, srb, FALSE, (USHORT)off, NO_BIT);
            return -2;
        }
        if (code == PAGE_CACHING) {
            if ((p[off + 2] & 0x04) && !(ad->vwc & 1)) {
                nvme_fail_field(ad, srb, FALSE, (USHORT)(off + 2), 2);
                return -2;
            }
            wce = (p[off + 2] & 0x04) ? 1 : 0;
        }
        off += 2 + length;
    }
    return wce;
}

BOOLEAN nvme_scsi_mode_select(struct nvme_adapter *ad, struct nvme_req *req, PVOID srb,
                              const UCHAR *cdb)
{
    BOOLEAN ten = cdb[0] == SCSIOP_MODE_SELECT10;
    ULONG length = ten ? nvme_get16(cdb + 7) : cdb[4], header = ten ? 8 : 4;
    const UCHAR *p = SrbGetDataBuffer(srb);
    if (cdb[1] & 0x01) {                 /* SP: nothing can be saved */
        nvme_fail_field(ad, srb, TRUE, 1, 0);
        return FALSE;
    }
    if (!length) {
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    if (length < header || !p || SrbGetDataTransferLength(srb) < length) {
        nvme_fail(ad, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_PARAMETER_LIST_LENGTH, 0);
        return FALSE;
    }
    ULONG bd = ten ? nvme_get16(p + 6) : p[3];
    LONG wce = select_pages(ad, srb, p, header + bd, length);
    if (wce == -2)
        return FALSE;
    if (wce < 0 || wce == NVME_LOAD(&ad->write_cache)) {
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return FALSE;
    }
    RtlZeroMemory(&req->cmd.sqe, sizeof req->cmd.sqe);
    req->cmd.sqe.Opcode = NVME_ADM_SET_FEATURES;
    req->cmd.sqe.Cdw10 = NVME_FEAT_VWC;
    req->cmd.sqe.Cdw11 = (ULONG)wce;
    req->cmd.done = vwc_done;
    req->action = NVME_ACT_ADMIN;
    SrbSetDataTransferLength(srb, 0);
    return TRUE;
}

/* ---- the rest ---- */

static BOOLEAN request_sense(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb)
{
    UCHAR d[18];
    RtlZeroMemory(d, sizeof d);
    if (cdb[1] & 0x01) {                 /* descriptor format */
        d[0] = SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT;
        nvme_complete_data(ad, srb, d, 8, cdb[4]);
        return TRUE;
    }
    d[0] = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    d[7] = 10;
    nvme_complete_data(ad, srb, d, 18, cdb[4]);
    return TRUE;
}

static BOOLEAN test_unit_ready(struct nvme_adapter *ad, PVOID srb)
{
    LONG state = NVME_LOAD(&ad->state);
    if (state == NVME_ST_READY)
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
    else if (state == NVME_ST_FAILED)
        nvme_fail(ad, srb, SCSI_SENSE_NOT_READY, SCSI_ADSENSE_LUN_NOT_READY,
                  SCSI_SENSEQ_CAUSE_NOT_REPORTABLE);
    else
        nvme_fail(ad, srb, SCSI_SENSE_NOT_READY, SCSI_ADSENSE_LUN_NOT_READY,
                  SCSI_SENSEQ_BECOMING_READY);
    return TRUE;
}

BOOLEAN nvme_scsi_local(struct nvme_adapter *ad, PVOID srb, const UCHAR *cdb, ULONG lun)
{
    const struct nvme_ns *ns;
    switch (cdb[0]) {
    case SCSIOP_INQUIRY: return inquiry(ad, srb, cdb, lun);
    case SCSIOP_REPORT_LUNS: return report_luns(ad, srb, cdb);
    case SCSIOP_REQUEST_SENSE: return request_sense(ad, srb, cdb);
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_READ_CAPACITY:
    case SCSIOP_READ_CAPACITY16:
    case SCSIOP_MODE_SENSE:
    case SCSIOP_MODE_SENSE10:
        break;
    default:
        return FALSE;
    }
    ns = present_ns(ad, lun);
    if (!ns)
        return no_unit(ad, srb);
    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY: return test_unit_ready(ad, srb);
    case SCSIOP_START_STOP_UNIT:
        nvme_complete(ad, srb, SRB_STATUS_SUCCESS);
        return TRUE;
    case SCSIOP_READ_CAPACITY:
    case SCSIOP_READ_CAPACITY16: return read_capacity(ad, srb, cdb, ns);
    default: return mode_sense(ad, srb, cdb, ns);
    }
}
