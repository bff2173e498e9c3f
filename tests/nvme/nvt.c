/* The NVMe miniport tests' shared helpers (see nvt.h). */
#include "nvt.h"

#include <string.h>

/* ---- hosting ---- */

static void open_namespaces(struct nvt *t, const struct nvt_config *cfg)
{
    static const char *const one[] = {"ram:64M", NULL};
    const char *const *specs = cfg ? cfg->ns_spec : one;
    for (unsigned i = 0; i < NVT_MAX_NS && specs[i]; i++) {
        CHECK_OK(ustor_backend_open(specs[i], 0, &t->backend[i]));
        CHECK_OK(ustor_nvme_attach(t->nvme, i + 1, t->backend[i], cfg ? cfg->lba_size[i] : 0));
    }
}

int nvt_try_open(struct nvt *t, const struct nvt_config *cfg)
{
    struct ustor_host_options ho = {.size = sizeof ho, .default_timeout = 30};
    memset(t, 0, sizeof *t);
    ho.busy_pause_ms = cfg && cfg->busy_pause_ms ? cfg->busy_pause_ms : 2;
    ho.flags = cfg ? cfg->host_flags : 0;
    CHECK_OK(ustor_host_create(&ho, &t->host));
    CHECK_OK(ustor_platform_create(t->host, &t->platform));
    struct ustor_nvme_options no = {.size = sizeof no};
    if (cfg && cfg->nvme.size)
        no = cfg->nvme;
    if (!no.io_queues)
        no.io_queues = NVT_IO_QUEUES;
    CHECK_OK(ustor_nvme_create(t->platform, &no, &t->nvme));
    open_namespaces(t, cfg);
    const char *path = getenv("NVT_MINIPORT");   /* another build, e.g. nvmewin */
    CHECK_OK(ustor_driver_load(t->host, path ? path : NVME_MINIPORT, &t->driver));
    struct ustor_adapter_options ao = {.size = sizeof ao, .device = ustor_nvme_device(t->nvme),
                                       .lun_event = cfg ? cfg->lun_event : NULL,
                                       .ctx = cfg ? cfg->ctx : NULL};
    int rc = ustor_adapter_add(t->driver, &ao, &t->adapter);
    if (rc < 0)
        return rc;
    t->buf = ustor_buffer_alloc(t->host, NVT_BUFFER_BYTES);
    t->buf2 = ustor_buffer_alloc(t->host, NVT_BUFFER_BYTES);
    CHECK(t->buf && t->buf2, "no DMA buffers");
    struct ustor_lun_info info[32];
    int n = ustor_adapter_luns(t->adapter, info, 32), first = 0;
    if (n < 1)
        return 0;
    for (int i = 1; i < n && i < 32; i++)
        if (info[i].lun < info[first].lun)
            first = i;
    t->lun = ustor_adapter_lun(t->adapter, info[first].path_id, info[first].target_id,
                               info[first].lun);
    return 0;
}

void nvt_open(struct nvt *t, const struct nvt_config *cfg)
{
    int rc = nvt_try_open(t, cfg);
    CHECK(rc == 0, "adapter: %d", rc);
    CHECK(t->lun != NULL, "no logical unit");
}

void nvt_close(struct nvt *t)
{
    if (t->buf)
        ustor_buffer_free(t->host, t->buf);
    if (t->buf2)
        ustor_buffer_free(t->host, t->buf2);
    if (t->adapter)
        CHECK_OK(ustor_adapter_remove(t->adapter));
    ustor_nvme_destroy(t->nvme);
    ustor_platform_destroy(t->platform);
    for (unsigned i = 0; i < sizeof t->backend / sizeof t->backend[0]; i++)
        if (t->backend[i])
            ustor_backend_close(t->backend[i]);
    ustor_host_destroy(t->host);
    memset(t, 0, sizeof *t);
}

struct ustor_lun *nvt_lun(struct nvt *t, uint8_t lun)
{
    struct ustor_lun *u = ustor_adapter_lun(t->adapter, 0, 0, lun);
    CHECK(u != NULL, "no unit %u", lun);
    return u;
}

void nvt_attach(struct nvt *t, uint32_t nsid, const char *spec, uint32_t lba_size)
{
    unsigned slot = NVT_MAX_NS;
    while (slot < sizeof t->backend / sizeof t->backend[0] && t->backend[slot])
        slot++;
    CHECK(slot < sizeof t->backend / sizeof t->backend[0], "no backend slot left");
    CHECK_OK(ustor_backend_open(spec, 0, &t->backend[slot]));
    CHECK_OK(ustor_nvme_attach(t->nvme, nsid, t->backend[slot], lba_size));
}

/* ---- requests ---- */

struct nvt_result nvt_exec(struct ustor_lun *lun, const uint8_t *cdb, uint8_t length, int dir,
                           void *data, uint32_t len)
{
    struct ustor_scsi_request r;
    struct nvt_result res;
    memset(&r, 0, sizeof r);
    memset(&res, 0, sizeof res);
    memset(res.sense, 0xEE, sizeof res.sense);
    memcpy(r.cdb, cdb, length);
    r.cdb_length = length;
    r.direction = (uint8_t)dir;
    r.data = data;
    r.data_length = len;
    r.sense = res.sense;
    r.sense_length = 32;
    res.rc = ustor_lun_execute(lun, &r);
    res.srb_status = r.srb_status;
    res.scsi_status = r.scsi_status;
    res.sense_valid = r.sense_valid;
    res.transferred = r.transferred;
    return res;
}

struct nvt_result nvt_function(struct ustor_lun *lun, uint8_t function)
{
    struct ustor_scsi_request r;
    struct nvt_result res;
    memset(&r, 0, sizeof r);
    memset(&res, 0, sizeof res);
    r.function = function;
    res.rc = ustor_lun_execute(lun, &r);
    res.srb_status = r.srb_status;
    return res;
}

void nvt_good_at(const struct nvt_result *r, const char *what, int line)
{
    if (r->rc == 0 && r->srb_status == SRB_OK)
        return;
    fprintf(stderr, "line %d: %s: rc %d, SRB status 0x%02x, SCSI status 0x%02x, sense %02x/%02x/%02x\n",
            line, what, r->rc, r->srb_status, r->scsi_status, r->sense[2] & 0xF, r->sense[12],
            r->sense[13]);
    exit(1);
}

void nvt_sense_at(const struct nvt_result *r, uint8_t key, uint8_t asc, uint8_t ascq,
                  const char *what, int line)
{
    bool ok = r->srb_status == SRB_ERR && r->scsi_status == STATUS_CHECK && r->sense_valid >= 14 &&
              (r->sense[0] & 0x7F) == 0x70 && (r->sense[2] & 0xF) == key && r->sense[12] == asc &&
              r->sense[13] == ascq;
    if (ok)
        return;
    fprintf(stderr, "line %d: %s: expected sense %x/%02x/%02x, got SRB 0x%02x SCSI 0x%02x "
            "sense (%u bytes) %02x %x/%02x/%02x\n", line, what, key, asc, ascq, r->srb_status,
            r->scsi_status, r->sense_valid, r->sense[0], r->sense[2] & 0xF, r->sense[12],
            r->sense[13]);
    exit(1);
}

struct nvt_result nvt_write(struct ustor_lun *lun, uint64_t lba, uint32_t blocks, void *data,
                            uint32_t block_size)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, 16, true, lba, blocks, 0);
    return nvt_exec(lun, cdb, n, 2, data, blocks * block_size);
}

struct nvt_result nvt_read(struct ustor_lun *lun, uint64_t lba, uint32_t blocks, void *data,
                           uint32_t block_size)
{
    uint8_t cdb[16];
    uint8_t n = cdb_rw(cdb, 16, false, lba, blocks, 0);
    return nvt_exec(lun, cdb, n, 1, data, blocks * block_size);
}

/* ---- byte order and data ---- */

uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, (uint16_t)(v >> 16));
    put_be16(p + 2, (uint16_t)v);
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

static uint8_t lba_length(uint8_t *cdb, int size, uint64_t lba, uint32_t blocks)
{
    switch (size) {
    case 6:
        cdb[1] = (uint8_t)((lba >> 16) & 0x1F);
        put_be16(cdb + 2, (uint16_t)lba);
        cdb[4] = (uint8_t)blocks;
        return 6;
    case 10:
        put_be32(cdb + 2, (uint32_t)lba);
        put_be16(cdb + 7, (uint16_t)blocks);
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
    static const uint8_t rd[] = {0x08, 0x28, 0xA8, 0x88}, wr[] = {0x0A, 0x2A, 0xAA, 0x8A};
    int k = size == 6 ? 0 : size == 10 ? 1 : size == 12 ? 2 : 3;
    memset(cdb, 0, 16);
    cdb[0] = write ? wr[k] : rd[k];
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
    cdb[1] |= (uint8_t)(bytchk << 1);
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

uint8_t cdb_unmap(uint8_t *cdb, uint16_t param_length)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x42;
    put_be16(cdb + 7, param_length);
    return 10;
}

uint8_t cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t allocation)
{
    memset(cdb, 0, 16);
    cdb[0] = 0x12;
    cdb[1] = evpd ? 1 : 0;
    cdb[2] = page;
    put_be16(cdb + 3, allocation);
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

uint8_t cdb_mode_sense(uint8_t *cdb, int size, uint8_t page_byte, uint8_t flags, uint16_t alloc)
{
    memset(cdb, 0, 16);
    cdb[0] = size == 6 ? 0x1A : 0x5A;
    cdb[1] = flags;
    cdb[2] = page_byte;
    if (size == 6) {
        cdb[4] = (uint8_t)alloc;
        return 6;
    }
    put_be16(cdb + 7, alloc);
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
    uint16_t length = (uint16_t)(8 + 16 * n);
    memset(buf, 0, length);
    put_be16(buf, (uint16_t)(length - 2));
    put_be16(buf + 2, (uint16_t)(16 * n));
    for (unsigned i = 0; i < n; i++) {
        put_be64(buf + 8 + 16 * i, lba[i]);
        put_be32(buf + 8 + 16 * i + 8, blocks[i]);
    }
    return length;
}
