/* The ramdisk tests' shared helpers (see rd_test.h). */
#include "rd_test.h"

#include <string.h>

/* ---- hosting ---- */

int rdt_try_open(struct rdt *t, const char *config)
{
    struct ustor_host_options ho = {.size = sizeof ho, .busy_pause_ms = 5, .default_timeout = 30};
    memset(t, 0, sizeof *t);
    CHECK_OK(ustor_host_create(&ho, &t->host));
    const char *path = getenv("RDT_MINIPORT");   /* another build, e.g. for bench_ramdisk */
    CHECK_OK(ustor_driver_load(t->host, path ? path : RAMDISK_MINIPORT, &t->driver));
    struct ustor_adapter_options ao = {.size = sizeof ao, .argument_string = config};
    int rc = ustor_adapter_add(t->driver, &ao, &t->adapter);
    if (rc < 0)
        return rc;
    struct ustor_lun_info info[32];
    int n = ustor_adapter_luns(t->adapter, info, 32), first = 0;
    CHECK(n >= 1, "no logical unit found (%d)", n);
    for (int i = 1; i < n && i < 32; i++)   /* the list is in no particular order */
        if (info[i].lun < info[first].lun)
            first = i;
    t->lun = ustor_adapter_lun(t->adapter, info[first].path_id, info[first].target_id,
                               info[first].lun);
    CHECK(t->lun != NULL, "no handle for the first unit");
    t->buf = ustor_buffer_alloc(t->host, RDT_BUFFER_BYTES);
    t->buf2 = ustor_buffer_alloc(t->host, RDT_BUFFER_BYTES);
    CHECK(t->buf && t->buf2, "no DMA buffers");
    return 0;
}

void rdt_open(struct rdt *t, const char *config)
{
    int rc = rdt_try_open(t, config);
    CHECK(rc == 0, "adapter with \"%s\": %d", config ? config : "(none)", rc);
}

void rdt_close(struct rdt *t)
{
    if (t->buf)
        ustor_buffer_free(t->host, t->buf);
    if (t->buf2)
        ustor_buffer_free(t->host, t->buf2);
    ustor_host_destroy(t->host);
    memset(t, 0, sizeof *t);
}

struct ustor_lun *rdt_lun(struct rdt *t, uint8_t lun)
{
    struct ustor_lun *u = ustor_adapter_lun(t->adapter, 0, 0, lun);
    CHECK(u != NULL, "no unit %u", lun);
    return u;
}

/* ---- requests ---- */

struct rdt_result rdt_exec_sense(struct ustor_lun *lun, const uint8_t *cdb, uint8_t length,
                                 int dir, void *data, uint32_t len, uint8_t sense_len)
{
    struct ustor_scsi_request r;
    struct rdt_result res;
    memset(&r, 0, sizeof r);
    memset(&res, 0, sizeof res);
    memset(res.sense, 0xEE, sizeof res.sense);
    memcpy(r.cdb, cdb, length);
    r.cdb_length = length;
    r.direction = (uint8_t)dir;
    r.data = data;
    r.data_length = len;
    r.sense = sense_len ? res.sense : NULL;
    r.sense_length = sense_len;
    res.rc = ustor_lun_execute(lun, &r);
    res.srb_status = r.srb_status;
    res.scsi_status = r.scsi_status;
    res.sense_valid = r.sense_valid;
    res.transferred = r.transferred;
    return res;
}

struct rdt_result rdt_exec(struct ustor_lun *lun, const uint8_t *cdb, uint8_t length, int dir,
                           void *data, uint32_t len)
{
    return rdt_exec_sense(lun, cdb, length, dir, data, len, 32);
}

struct rdt_result rdt_function(struct ustor_lun *lun, uint8_t function, uint32_t arg)
{
    struct ustor_scsi_request r;
    struct rdt_result res;
    memset(&r, 0, sizeof r);
    memset(&res, 0, sizeof res);
    r.function = function;
    r.pnp_action = arg;
    r.power_state = arg;
    res.rc = ustor_lun_execute(lun, &r);
    res.srb_status = r.srb_status;
    return res;
}

/* ---- byte order and data ---- */

uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

void fill_pattern(uint8_t *p, uint32_t len, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (uint32_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 16);
    }
}

bool all_zero(const uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (p[i])
            return false;
    return true;
}

/* ---- CDBs ---- */

static uint8_t rw_opcode(int size, bool write)
{
    switch (size) {
    case 6: return write ? 0x0A : 0x08;
    case 10: return write ? 0x2A : 0x28;
    case 12: return write ? 0xAA : 0xA8;
    default: return write ? 0x8A : 0x88;
    }
}

/* LBA and a length field laid out as READ/WRITE/VERIFY(SIZE) place them. */
static uint8_t lba_length(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks)
{
    switch (size) {
    case 6:
        cdb[1] = (uint8_t)((lba >> 16) & 0x1F);
        cdb[2] = (uint8_t)(lba >> 8);
        cdb[3] = (uint8_t)lba;
        cdb[4] = (uint8_t)blocks;
        return 6;
    case 10:
        put_be32(cdb + 2, (uint32_t)lba);
        cdb[7] = (uint8_t)(blocks >> 8);
        cdb[8] = (uint8_t)blocks;
        return 10;
    case 12:
        put_be32(cdb + 2, (uint32_t)lba);
        put_be32(cdb + 6, blocks);
        return 12;
    default:
        put_be64(cdb + 2, lba);
        put_be32(cdb + 10, blocks);
        return 16;
    }
}

uint8_t cdb_rw(uint8_t *cdb, int size, bool write, uint64_t lba, uint32_t blocks, uint8_t flags)
{
    memset(cdb, 0, 16);
    cdb[0] = rw_opcode(size, write);
    uint8_t n = lba_length(cdb, size, lba, blocks);
    if (size != 6)
        cdb[1] |= flags;
    return n;
}

uint8_t cdb_verify(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks, uint8_t bytchk)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 10 ? 0x2F : size == 12 ? 0xAF : 0x8F;
    uint8_t n = lba_length(cdb, size, lba, blocks);
    cdb[1] = (uint8_t)(bytchk << 1);
    return n;
}

uint8_t cdb_write_same(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks, uint8_t flags)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 10 ? 0x41 : 0x93;
    uint8_t n = lba_length(cdb, size, lba, blocks);
    cdb[1] = flags;
    return n;
}

uint8_t cdb_sync(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 10 ? 0x35 : 0x91;
    return lba_length(cdb, size, lba, blocks);
}

uint8_t cdb_unmap(uint8_t *cdb, uint16_t param_length, uint8_t flags)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x42;
    cdb[1] = flags;
    cdb[7] = (uint8_t)(param_length >> 8);
    cdb[8] = (uint8_t)param_length;
    return 10;
}

uint8_t cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x12;
    cdb[1] = evpd ? 1 : 0;
    cdb[2] = page;
    cdb[3] = (uint8_t)(allocation >> 8);
    cdb[4] = (uint8_t)allocation;
    return 6;
}

uint8_t cdb_capacity16(uint8_t *cdb, uint32_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x9E;
    cdb[1] = 0x10;
    put_be32(cdb + 10, allocation);
    return 16;
}

uint8_t cdb_mode_sense(uint8_t *cdb, int size, uint8_t page_byte, uint8_t subpage,
                       uint8_t flags, uint16_t allocation)
{
    memset(cdb, 0, 16);
    cdb[1] = flags;
    cdb[2] = page_byte;
    cdb[3] = subpage;
    if (size == 6) {
        cdb[0] = 0x1A;
        cdb[4] = (uint8_t)allocation;
        return 6;
    }
    cdb[0] = 0x5A;
    cdb[7] = (uint8_t)(allocation >> 8);
    cdb[8] = (uint8_t)allocation;
    return 10;
}

uint8_t cdb_report_luns(uint8_t *cdb, uint8_t select, uint32_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0xA0;
    cdb[2] = select;
    put_be32(cdb + 6, allocation);
    return 12;
}

uint16_t unmap_list(uint8_t *buf, const uint64_t *lba, const uint32_t *blocks, unsigned n)
{
    uint16_t len = (uint16_t)(8 + 16 * n);
    memset(buf, 0, len);
    buf[0] = (uint8_t)((len - 2) >> 8);
    buf[1] = (uint8_t)(len - 2);
    buf[2] = (uint8_t)((16 * n) >> 8);
    buf[3] = (uint8_t)(16 * n);
    for (unsigned i = 0; i < n; i++) {
        put_be64(buf + 8 + 16 * i, lba[i]);
        put_be32(buf + 16 + 16 * i, blocks[i]);
    }
    return len;
}

/* ---- expectations ---- */

void rdt_good_at(const struct rdt_result *r, const char *what, int line)
{
    if (r->rc == 0 && r->srb_status == RDT_SRB_SUCCESS && r->scsi_status == 0)
        return;
    fprintf(stderr, "line %d: %s: rc %d, SRB status 0x%02x, SCSI status 0x%02x, sense %u bytes:"
            " key 0x%x ASC 0x%02x ASCQ 0x%02x\n", line, what, r->rc, r->srb_status,
            r->scsi_status, r->sense_valid, r->sense[2] & 0xF, r->sense[12], r->sense[13]);
    exit(1);
}

static void check_condition_at(const struct rdt_result *r, const char *what, int line)
{
    if (r->rc == 0 || r->srb_status != RDT_SRB_ERROR || r->scsi_status != RDT_CHECK_CONDITION ||
        r->sense_valid != 18 || (r->sense[0] & 0x7F) != 0x70 || r->sense[7] != 10) {
        fprintf(stderr, "line %d: %s: expected CHECK CONDITION with 18 bytes of fixed sense, got "
                "rc %d, SRB status 0x%02x, SCSI status 0x%02x, %u sense bytes (0x%02x)\n", line,
                what, r->rc, r->srb_status, r->scsi_status, r->sense_valid, r->sense[0]);
        exit(1);
    }
}

void rdt_sense_at(const struct rdt_result *r, uint8_t key, uint8_t asc, uint8_t ascq,
                  const char *what, int line)
{
    check_condition_at(r, what, line);
    if ((r->sense[2] & 0xF) != key || r->sense[12] != asc || r->sense[13] != ascq) {
        fprintf(stderr, "line %d: %s: expected sense %x/%02x/%02x, got %x/%02x/%02x\n", line,
                what, key, asc, ascq, r->sense[2] & 0xF, r->sense[12], r->sense[13]);
        exit(1);
    }
}

void rdt_field_at(const struct rdt_result *r, bool in_cdb, uint16_t byte, int bit,
                  const char *what, int line)
{
    rdt_sense_at(r, KEY_ILLEGAL, in_cdb ? ASC_CDB_FIELD : ASC_PARAM_FIELD, 0, what, line);
    uint8_t want = (uint8_t)(0x80 | (in_cdb ? 0x40 : 0) | (bit >= 0 ? 0x08 | bit : 0));
    if (r->sense[15] != want || be16(r->sense + 16) != byte) {
        fprintf(stderr, "line %d: %s: expected field pointer 0x%02x byte %u, got 0x%02x byte %u\n",
                line, what, want, byte, r->sense[15], be16(r->sense + 16));
        exit(1);
    }
}
