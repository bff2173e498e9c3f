/*
 * The SRB the miniport receives, in both layouts. SCSI_REQUEST_BLOCK: CDBs up to 16
 * bytes (longer ones are refused at submission), PnP and power requests in their
 * SCSI_PNP/POWER_REQUEST_BLOCK views. STORAGE_REQUEST_BLOCK (SrbTypeFlags): a BTL8
 * address matching the unit, CDB16 and CDB32 data blocks, SRBEX PnP and power
 * blocks, and the IoInfo block on reads when STOR_FEATURE_EXTRA_IO_INFORMATION is
 * set. Every SRB reaches HwStartIo pending, with its SRB extension.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"

static struct ustor_scsi_request req(uint8_t function)
{
    struct ustor_scsi_request r;
    memset(&r, 0, sizeof r);
    r.function = function;
    return r;
}

static void check_pnp_power(struct tmp_control *t, struct ustor_lun *lun)
{
    struct ustor_scsi_request r = req(0x25 /* SRB_FUNCTION_PNP */);
    r.pnp_action = 0x9;   /* StorQueryCapabilities */
    CHECK_OK(ustor_lun_execute(lun, &r));
    CHECK(t->pnp_seen == 1 && t->pnp_action == 0x9, "PnP action %d", t->pnp_action);
    r = req(0x24 /* SRB_FUNCTION_POWER */);
    r.power_state = 4;    /* StorPowerDeviceD3 */
    r.power_action = 4;
    CHECK_OK(ustor_lun_execute(lun, &r));
    CHECK(t->power_seen == 1 && t->power_state == 4, "power state %u", t->power_state);
}

static void check_long_cdb(struct tmp_control *t, struct ustor_lun *lun, int len, int want_rc)
{
    struct ustor_scsi_request r = req(0);
    r.cdb_length = (uint8_t)len;
    r.cdb[0] = len == 16 ? 0x88 : 0x7F;
    int rc = ustor_lun_execute(lun, &r);
    CHECK(rc == want_rc, "CDB of %d bytes: %d", len, rc);
    if (want_rc != -EINVAL || r.srb_status)
        CHECK(t->last_cdb_length == len, "the miniport saw a %d-byte CDB", t->last_cdb_length);
}

/* A 40-byte CDB: an SRBEX_DATA_SCSI_CDB_VAR block, or refused at submission. */
static void check_var_cdb(struct tmp_control *t, struct ustor_lun *lun, int refused)
{
    static uint8_t cdb[40] = {0x7F};
    struct ustor_scsi_request r = req(0);
    r.cdb_var = cdb;
    r.cdb_var_length = sizeof cdb;
    if (refused) {
        CHECK(ustor_lun_submit(lun, &r) == refused, "a variable CDB was taken");
        return;
    }
    CHECK(ustor_lun_execute(lun, &r) == -EINVAL, "the miniport should refuse opcode 0x7F");
    CHECK(t->last_cdb_length == 40, "the miniport saw a %d-byte CDB", t->last_cdb_length);
}

static void reset_observations(struct tmp_control *t)
{
    t->pnp_seen = t->power_seen = t->addr_ok = t->addr_bad = t->io_info_ok = 0;
    t->io_info_missing = t->bad_srb = 0;
}

static void run_classic(struct tmp_control *t, struct ustor_host *h)
{
    reset_observations(t);
    struct ustor_adapter *a = harness_virtual_adapter(harness_load(h));
    struct ustor_lun *lun = ustor_adapter_lun(a, 0, 0, 0);
    CHECK(lun != NULL, "no unit");
    check_pnp_power(t, lun);
    check_long_cdb(t, lun, 16, -EINVAL);   /* the miniport refuses READ(16): invalid request */
    struct ustor_scsi_request r = req(0);
    r.cdb_length = 32;
    CHECK(ustor_lun_submit(lun, &r) == -EINVAL, "a 32-byte CDB in a SCSI_REQUEST_BLOCK");
    check_var_cdb(t, lun, -EINVAL);
    CHECK(t->bad_srb == 0, "malformed SRBs: %d", t->bad_srb);
    CHECK_OK(ustor_adapter_remove(a));
}

static void run_extended(struct tmp_control *t, struct ustor_host *h)
{
    reset_observations(t);
    t->extended_srb = 1;
    t->extra_io_info = 1;
    struct ustor_adapter *a = harness_virtual_adapter(harness_load(h));
    struct ustor_adapter_info info;
    CHECK_OK(ustor_adapter_get_info(a, &info));
    CHECK(info.extended_srb, "the adapter does not use STORAGE_REQUEST_BLOCKs");
    struct ustor_lun *lun = ustor_adapter_lun(a, 0, 0, 0);
    CHECK(lun != NULL, "enumeration through extended SRBs found nothing");
    check_pnp_power(t, lun);
    check_long_cdb(t, lun, 16, -EINVAL);
    check_long_cdb(t, lun, 32, -EINVAL);
    check_var_cdb(t, lun, 0);
    void *buf = ustor_buffer_alloc(h, 4096);
    struct ustor_scsi_request r = req(0);
    harness_cdb_read10(&r, 0, 8, buf);
    CHECK_OK(ustor_lun_execute(lun, &r));
    CHECK(t->io_info_ok == 1 && t->io_info_missing == 0, "IoInfo ok %d missing %d",
          t->io_info_ok, t->io_info_missing);
    CHECK(t->addr_ok > 0 && t->addr_bad == 0, "BTL8 addresses: %d good, %d bad", t->addr_ok,
          t->addr_bad);
    CHECK(t->bad_srb == 0, "malformed SRBs: %d", t->bad_srb);
    ustor_buffer_free(h, buf);
    CHECK_OK(ustor_adapter_remove(a));
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    struct ustor_host *h = harness_host();
    run_classic(t, h);
    run_extended(t, h);
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
