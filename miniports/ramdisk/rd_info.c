/*
 * rd_info.c - the commands that describe a ramdisk unit: INQUIRY with the VPD
 * pages 00h, 80h, 83h, B0h (block limits), B1h (characteristics) and B2h (logical
 * block provisioning); READ CAPACITY (10/16); GET LBA STATUS; MODE SENSE (6/10)
 * with the caching and control pages; REPORT LUNS; REQUEST SENSE.
 * Each builds its data in a small local buffer and returns as much as the
 * allocation length and the data buffer allow.
 */
#include "ramdisk.h"

#define STANDARD_INQUIRY_BYTES 36
#define VPD_BYTES 64
#define QUALIFIER_NO_UNIT 0x7F          /* peripheral qualifier 011b, type 1Fh */
#define GET_LBA_STATUS_MAX 16           /* descriptors returned at most */
#define SCSI_ADSENSE_SAVING_NOT_SUPPORTED 0x39

static void copy_padded(UCHAR *dst, const CHAR *src, ULONG width)
{
    ULONG i = 0;
    for (; i < width && src[i]; i++)
        dst[i] = (UCHAR)src[i];
    for (; i < width; i++)
        dst[i] = ' ';
}

/* ---- INQUIRY ---- */

static void standard_inquiry(struct rd_cmd *c, ULONG allocation)
{
    UCHAR b[STANDARD_INQUIRY_BYTES] = {0};
    b[0] = c->lun ? DIRECT_ACCESS_DEVICE : QUALIFIER_NO_UNIT;
    b[2] = 0x06;                        /* SPC-4 */
    b[3] = 0x10 | 0x02;                 /* HISUP, response data format 2 */
    b[4] = STANDARD_INQUIRY_BYTES - 5;
    b[7] = 0x02;                        /* CMDQUE */
    copy_padded(b + 8, "USTOR", 8);
    copy_padded(b + 16, c->lun && c->lun->file ? "IMAGE DISK" : "RAM DISK", 16);
    copy_padded(b + 32, "0001", 4);
    rd_complete_data(c, b, sizeof b, allocation);
}

static ULONG vpd_supported(const struct rd_lun *lun, UCHAR *b)
{
    static const UCHAR pages[] = {VPD_SUPPORTED_PAGES, VPD_SERIAL_NUMBER, VPD_DEVICE_IDENTIFIERS,
                                  VPD_BLOCK_LIMITS, VPD_BLOCK_DEVICE_CHARACTERISTICS,
                                  VPD_LOGICAL_BLOCK_PROVISIONING};
    (void)lun;
    RtlCopyMemory(b + 4, pages, sizeof pages);
    return sizeof pages;
}

static ULONG vpd_serial(const struct rd_lun *lun, UCHAR *b)
{
    ULONG n = (ULONG)strlen(lun->serial);
    RtlCopyMemory(b + 4, lun->serial, n);
    return n;
}

/* An NAA 3h (locally assigned) designator and a T10 vendor ID one, both of the unit. */
static ULONG vpd_identifiers(const struct rd_lun *lun, UCHAR *b)
{
    UCHAR *d = b + 4;
    ULONG serial = (ULONG)strlen(lun->serial);
    d[0] = VpdCodeSetBinary;
    d[1] = VpdIdentifierTypeFCPHName;   /* NAA, associated with the unit */
    d[3] = 8;
    RtlCopyMemory(d + 4, lun->naa, 8);
    d += 12;
    d[0] = VpdCodeSetAscii;
    d[1] = VpdIdentifierTypeVendorId;
    d[3] = (UCHAR)(8 + serial);
    copy_padded(d + 4, "USTOR", 8);
    RtlCopyMemory(d + 12, lun->serial, serial);
    return 12 + 4 + 8 + serial;
}

static ULONG vpd_block_limits(const struct rd_lun *lun, UCHAR *b)
{
    b[4] = 0x01;                                    /* WSNZ */
    rd_put16(b + 6, lun->unmap_granularity);        /* optimal transfer granularity */
    rd_put32(b + 8, lun->max_transfer_blocks);
    rd_put32(b + 12, lun->max_transfer_blocks);     /* optimal transfer length */
    if (lun->thin) {
        rd_put32(b + 20, lun->max_unmap_blocks);
        rd_put32(b + 24, RD_MAX_UNMAP_DESCRIPTORS);
        rd_put32(b + 28, lun->unmap_granularity);
        b[32] = 0x80;                               /* UGAVALID, alignment 0 */
    }
    rd_put64(b + 36, lun->max_unmap_blocks);        /* maximum WRITE SAME length */
    return 0x3C;
}

static ULONG vpd_characteristics(const struct rd_lun *lun, UCHAR *b)
{
    (void)lun;
    rd_put16(b + 4, 0x0001);                        /* non-rotating medium */
    return 0x3C;
}

static ULONG vpd_provisioning(const struct rd_lun *lun, UCHAR *b)
{
    if (lun->thin) {
        b[5] = 0x80 | 0x40 | 0x20 | 0x04;   /* LBPU, LBPWS, LBPWS10, LBPRZ 001b */
        b[6] = 0x02;                        /* thin provisioned */
    }
    return 4;
}

static ULONG (*const vpd_builders[])(const struct rd_lun *, UCHAR *) = {
    vpd_supported, vpd_serial, vpd_identifiers, vpd_block_limits, vpd_characteristics,
    vpd_provisioning,
};
static const UCHAR vpd_codes[] = {VPD_SUPPORTED_PAGES, VPD_SERIAL_NUMBER, VPD_DEVICE_IDENTIFIERS,
                                  VPD_BLOCK_LIMITS, VPD_BLOCK_DEVICE_CHARACTERISTICS,
                                  VPD_LOGICAL_BLOCK_PROVISIONING};

static void vpd_page(struct rd_cmd *c, UCHAR page, ULONG allocation)
{
    UCHAR b[VPD_BYTES] = {0};
    for (ULONG i = 0; i < sizeof vpd_codes; i++) {
        if (vpd_codes[i] != page)
            continue;
        ULONG n = vpd_builders[i](c->lun, b);
        b[1] = page;
        rd_put16(b + 2, n);
        rd_complete_data(c, b, 4 + n, allocation);
        return;
    }
    rd_fail_cdb_field(c, 2, RD_NO_BIT);
}

void rd_info_inquiry(struct rd_cmd *c)
{
    BOOLEAN evpd = c->cdb[1] & 0x01;
    ULONG allocation = rd_be16(c->cdb + 3);
    if (c->cdb[1] & 0x02) {                 /* CMDDT */
        rd_fail_cdb_field(c, 1, 1);
    } else if (!evpd && c->cdb[2]) {
        rd_fail_cdb_field(c, 2, RD_NO_BIT);
    } else if (!evpd) {
        standard_inquiry(c, allocation);
    } else if (!c->lun) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_LUN, 0);
    } else {
        vpd_page(c, c->cdb[2], allocation);
    }
}

/* ---- capacity and provisioning status ---- */

void rd_info_read_capacity10(struct rd_cmd *c)
{
    const struct rd_lun *lun = c->lun;
    UCHAR b[8];
    if (!(c->cdb[8] & 0x01) && rd_be32(c->cdb + 2)) {   /* an LBA without PMI */
        rd_fail_cdb_field(c, 2, RD_NO_BIT);
        return;
    }
    ULONGLONG last = lun->blocks - 1;
    rd_put32(b, last > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)last);
    rd_put32(b + 4, lun->block_size);
    rd_complete_data(c, b, sizeof b, sizeof b);
}

void rd_info_read_capacity16(struct rd_cmd *c)
{
    const struct rd_lun *lun = c->lun;
    UCHAR b[32] = {0};
    if (!(c->cdb[14] & 0x01) && rd_be64(c->cdb + 2)) {
        rd_fail_cdb_field(c, 2, RD_NO_BIT);
        return;
    }
    rd_put64(b, lun->blocks - 1);
    rd_put32(b + 8, lun->block_size);
    b[13] = lun->phys_exp;
    if (lun->thin)
        b[14] = 0x80 | 0x40;                /* LBPME, LBPRZ */
    rd_complete_data(c, b, sizeof b, rd_be32(c->cdb + 10));
}

static ULONG lba_status_descriptors(const struct rd_lun *lun, ULONGLONG lba, UCHAR *out)
{
    struct ustor_extent ext[GET_LBA_STATUS_MAX];
    unsigned count = 0;
    ULONGLONG offset = lba << lun->block_shift;
    ULONGLONG length = (lun->blocks - lba) << lun->block_shift;
    if (ustor_backend_extents(lun->backend, offset, length, ext, GET_LBA_STATUS_MAX, &count) < 0)
        count = 0;
    ULONG n = 0;
    for (unsigned i = 0; i < count; i++) {
        ULONGLONG blocks = ext[i].length >> lun->block_shift;
        if (!blocks)
            break;
        if (blocks > 0xFFFFFFFFull)
            blocks = 0xFFFFFFFFull;
        UCHAR *d = out + 16 * n++;
        RtlZeroMemory(d, 16);
        rd_put64(d, lba);
        rd_put32(d + 8, (ULONG)blocks);
        d[12] = (ext[i].flags & USTOR_EXTENT_HOLE) ? LBA_STATUS_DEALLOCATED : LBA_STATUS_MAPPED;
        lba += blocks;
    }
    if (!n) {   /* nothing known: one mapped run */
        RtlZeroMemory(out, 16);
        rd_put64(out, lba);
        rd_put32(out + 8, lun->blocks - lba > 0xFFFFFFFFull ? 0xFFFFFFFFu
                                                           : (ULONG)(lun->blocks - lba));
        n = 1;
    }
    return n;
}

void rd_info_get_lba_status(struct rd_cmd *c)
{
    const struct rd_lun *lun = c->lun;
    UCHAR b[8 + 16 * GET_LBA_STATUS_MAX] = {0};
    ULONGLONG lba = rd_be64(c->cdb + 2);
    if (!lun->thin) {
        rd_fail_cdb_field(c, 1, 4);
        return;
    }
    if (lba >= lun->blocks) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
        return;
    }
    ULONG n = lba_status_descriptors(lun, lba, b + 8);
    rd_put32(b, 4 + 16 * n);
    rd_complete_data(c, b, 8 + 16 * n, rd_be32(c->cdb + 10));
}

/* ---- MODE SENSE ---- */

struct mode_request {
    BOOLEAN is10, dbd, llbaa, changeable;
    UCHAR page;
};

static ULONG block_descriptor(const struct rd_lun *lun, const struct mode_request *m, UCHAR *b)
{
    if (m->dbd)
        return 0;
    if (m->llbaa) {
        RtlZeroMemory(b, 16);
        rd_put64(b, lun->blocks);
        rd_put32(b + 12, lun->block_size);
        return 16;
    }
    RtlZeroMemory(b, 8);
    rd_put32(b, lun->blocks > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)lun->blocks);
    b[5] = (UCHAR)(lun->block_size >> 16);
    b[6] = (UCHAR)(lun->block_size >> 8);
    b[7] = (UCHAR)lun->block_size;
    return 8;
}

static ULONG caching_page(const struct rd_lun *lun, const struct mode_request *m, UCHAR *b)
{
    RtlZeroMemory(b, 20);
    b[0] = MODE_PAGE_CACHING;
    b[1] = 0x12;
    if (!m->changeable && lun->write_cache)
        b[2] = 0x04;                        /* WCE; RCD 0: reads are cached */
    return 20;
}

static ULONG control_page(const struct rd_lun *lun, const struct mode_request *m, UCHAR *b)
{
    (void)lun;
    RtlZeroMemory(b, 12);
    b[0] = MODE_PAGE_CONTROL;
    b[1] = 0x0A;
    if (!m->changeable)
        b[3] = 0x10;                        /* unrestricted reordering; D_SENSE 0 */
    return 12;
}

/* The pages the request names, into B; 0 bytes if the page is not supported. */
static ULONG mode_pages(const struct rd_lun *lun, const struct mode_request *m, UCHAR *b)
{
    ULONG n = 0;
    if (m->page == MODE_PAGE_CACHING || m->page == MODE_SENSE_RETURN_ALL)
        n += caching_page(lun, m, b + n);
    if (m->page == MODE_PAGE_CONTROL || m->page == MODE_SENSE_RETURN_ALL)
        n += control_page(lun, m, b + n);
    return n;
}

static void mode_header(const struct rd_lun *lun, const struct mode_request *m, UCHAR *b,
                        ULONG total, ULONG descriptor)
{
    UCHAR dsp = MODE_DSP_FUA_SUPPORTED | (lun->read_only ? MODE_DSP_WRITE_PROTECT : 0);
    if (m->is10) {
        rd_put16(b, total - 2);
        b[2] = 0;
        b[3] = dsp;
        b[4] = m->llbaa && descriptor ? 0x01 : 0;   /* LONGLBA */
        b[5] = 0;
        rd_put16(b + 6, descriptor);
    } else {
        b[0] = (UCHAR)(total - 1);
        b[1] = 0;
        b[2] = dsp;
        b[3] = (UCHAR)descriptor;
    }
}

void rd_info_mode_sense(struct rd_cmd *c)
{
    struct mode_request m;
    UCHAR b[8 + 16 + 20 + 12];
    UCHAR pc = c->cdb[2] >> 6, subpage = c->cdb[3];
    m.is10 = c->cdb[0] == SCSIOP_MODE_SENSE10;
    m.dbd = (c->cdb[1] & 0x08) != 0;
    m.llbaa = m.is10 && (c->cdb[1] & 0x10);
    m.changeable = pc == 1;
    m.page = c->cdb[2] & 0x3F;
    if (pc == 3) {
        rd_cmd_fail(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_SAVING_NOT_SUPPORTED, 0);
        return;
    }
    if (subpage && !(m.page == MODE_SENSE_RETURN_ALL && subpage == 0xFF)) {
        rd_fail_cdb_field(c, 3, RD_NO_BIT);
        return;
    }
    ULONG header = m.is10 ? 8 : 4;
    ULONG descriptor = block_descriptor(c->lun, &m, b + header);
    ULONG pages = mode_pages(c->lun, &m, b + header + descriptor);
    if (!pages) {
        rd_fail_cdb_field(c, 2, 5);
        return;
    }
    ULONG total = header + descriptor + pages;
    mode_header(c->lun, &m, b, total, descriptor);
    rd_complete_data(c, b, total, m.is10 ? rd_be16(c->cdb + 7) : c->cdb[4]);
}

/* ---- REPORT LUNS and REQUEST SENSE ---- */

void rd_info_report_luns(struct rd_cmd *c)
{
    UCHAR b[8 + 8 * RD_MAX_LUNS] = {0};
    UCHAR select = c->cdb[2];
    ULONG n = 0;
    if (select != 0x00 && select != 0x01 && select != 0x02) {
        rd_fail_cdb_field(c, 2, RD_NO_BIT);
        return;
    }
    for (ULONG i = 0; select != 0x01 && i < RD_MAX_LUNS; i++)
        if (c->adapter->luns[i].present)
            b[8 + 8 * n++ + 1] = (UCHAR)i;  /* peripheral device addressing */
    rd_put32(b, 8 * n);
    rd_complete_data(c, b, 8 + 8 * n, rd_be32(c->cdb + 6));
}

/* Sense data is returned with each failure (autosense), so none is pending here. */
void rd_info_request_sense(struct rd_cmd *c)
{
    UCHAR b[18] = {0};
    if (c->cdb[1] & 0x01) {                 /* DESC: descriptor format is not supported */
        rd_fail_cdb_field(c, 1, 0);
        return;
    }
    b[0] = 0x70;
    b[7] = sizeof b - 8;
    if (!c->lun) {
        b[2] = SCSI_SENSE_ILLEGAL_REQUEST;
        b[12] = SCSI_ADSENSE_INVALID_LUN;
    }
    rd_complete_data(c, b, sizeof b, c->cdb[4]);
}
