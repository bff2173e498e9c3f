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
