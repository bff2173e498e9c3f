/* Decoders of probe answers (disk_parse.h). Byte positions follow SBC-4
 * (READ CAPACITY, VPD 0xB0/0xB1/0xB2, the caching mode page) and SPC-5 (VPD
 * page header, MODE SENSE headers, INQUIRY). */
#include "disk/disk_parse.h"

#include <errno.h>
#include <string.h>

#include "disk/disk_scsi.h"

static bool power_of_2(uint32_t v)
{
    return v && !(v & (v - 1));
}

int disk_parse_capacity10(const uint8_t *b, size_t n, struct disk_capacity *out)
{
    if (n < 8)
        return -EINVAL;
    uint32_t last = get_be32(b);
    memset(out, 0, sizeof *out);
    out->block_size = get_be32(b + 4);
    if (!power_of_2(out->block_size))
        return -EINVAL;
    if (last == 0xffffffffu)
        return -EOVERFLOW;  /* the capacity needs READ CAPACITY(16) */
    out->blocks = (uint64_t)last + 1;
    return 0;
}

int disk_parse_capacity16(const uint8_t *b, size_t n, struct disk_capacity *out)
{
    if (n < 12)
        return -EINVAL;
    uint64_t last = get_be64(b);
    memset(out, 0, sizeof *out);
    out->block_size = get_be32(b + 8);
    if (!power_of_2(out->block_size) || last == UINT64_MAX)
        return -EINVAL;
    out->blocks = last + 1;
    if (n >= 15) {
        out->physical_exponent = b[13] & 0x0f;
        out->lbpme = b[14] & RC16_LBPME;
        out->lbprz = b[14] & RC16_LBPRZ;
    }
    return 0;
}

/* The page's length as the header says, limited to what arrived. */
static size_t vpd_length(const uint8_t *b, size_t n, uint8_t page)
{
    if (n < 4 || b[1] != page)
        return 0;
    size_t len = 4 + (size_t)get_be16(b + 2);
    return len < n ? len : n;
}

bool disk_parse_vpd_has(const uint8_t *b, size_t n, uint8_t page)
{
    size_t len = vpd_length(b, n, VPD_SUPPORTED_PAGES);
    for (size_t i = 4; i < len; i++)
        if (b[i] == page)
            return true;
    return false;
}

int disk_parse_block_limits(const uint8_t *b, size_t n, struct disk_block_limits *out)
{
    size_t len = vpd_length(b, n, VPD_BLOCK_LIMITS);
    memset(out, 0, sizeof *out);
    if (len < 16)
        return -EINVAL;
    out->opt_granularity = get_be16(b + 6);
    out->max_transfer = get_be32(b + 8);
    out->opt_transfer = get_be32(b + 12);
    if (len >= 32) {
        out->max_unmap = get_be32(b + 20);
        out->max_unmap_descriptors = get_be32(b + 24);
        out->unmap_granularity = get_be32(b + 28);
    }
    if (len >= 44)
        out->max_write_same = get_be64(b + 36);
    return 0;
}

int disk_parse_rotation(const uint8_t *b, size_t n, uint16_t *rate)
{
    if (vpd_length(b, n, VPD_BLOCK_CHARACTERISTICS) < 6)
        return -EINVAL;
    *rate = get_be16(b + 4);
    return 0;
}

int disk_parse_provisioning(const uint8_t *b, size_t n, struct disk_provisioning *out)
{
    memset(out, 0, sizeof *out);
    if (vpd_length(b, n, VPD_LOGICAL_BLOCK_PROVISIONING) < 6)
        return -EINVAL;
    out->lbpu = b[5] & LBP_LBPU;
    out->lbpws = b[5] & LBP_LBPWS;
    out->lbprz = b[5] & LBP_LBPRZ_MASK;
    return 0;
}

int disk_parse_caching(const uint8_t *b, size_t n, bool ten, struct disk_caching *out)
{
    size_t hdr = ten ? 8 : 4;
    memset(out, 0, sizeof *out);
    if (n < hdr)
        return -EINVAL;
    uint8_t dsp = ten ? b[3] : b[2];
    size_t bdlen = ten ? get_be16(b + 6) : b[3];
    size_t total = ten ? (size_t)get_be16(b) + 2 : (size_t)b[0] + 1;
    out->write_protect = dsp & MODE_DSP_WP;
    out->dpofua = dsp & MODE_DSP_DPOFUA;
    if (total < n)
        n = total;
    const uint8_t *p = b + hdr + bdlen;
    if (hdr + bdlen + 3 <= n && (p[0] & 0x3f) == MODE_PAGE_CACHING && p[1] >= 1) {
        out->have_page = true;
        out->wce = p[2] & MODE_CACHING_WCE;
    }
    return 0;
}

void disk_parse_ascii(const uint8_t *field, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        out[n++] = field[i] >= 0x20 && field[i] < 0x7f ? (char)field[i] : ' ';
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\0'))
        n--;
    out[n] = '\0';
}

int disk_parse_serial(const uint8_t *b, size_t n, char *out, size_t size)
{
    size_t len = vpd_length(b, n, VPD_UNIT_SERIAL);
    if (len < 4 || size == 0)
        return -EINVAL;
    size_t start = 4;
    while (start < len && b[start] == ' ')
        start++;
    size_t count = len - start < size - 1 ? len - start : size - 1;
    disk_parse_ascii(b + start, count, out);
    return 0;
}
