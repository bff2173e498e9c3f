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
