/*
 * The ramdisk adapter through its life: data survives ScsiStopAdapter and
 * ScsiRestartAdapter (the backends stay open), a rescan finds the same units, a
 * request submitted while stopped waits and then runs, two adapters of one miniport
 * keep separate disks, and removing an adapter with an io_uring image closes it
 * cleanly.
 */
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "rd_test.h"

#define BS 512u

static void write_read(struct rdt *t, uint64_t lba, uint32_t seed, bool check_only)
{
    uint8_t cdb[16];
    struct rdt_result r;
    fill_pattern(t->buf, 4 * BS, seed);
    if (!check_only) {
        r = rdt_exec(t->lun, cdb, cdb_rw(cdb, 10, true, lba, 4, 0), USTOR_DATA_OUT, t->buf, 4 * BS);
        rdt_good(&r, "write");
    }
    memset(t->buf2, 0, 4 * BS);
    r = rdt_exec(t->lun, cdb, cdb_rw(cdb, 10, false, lba, 4, 0), USTOR_DATA_IN, t->buf2, 4 * BS);
    rdt_good(&r, "read");
    CHECK(!memcmp(t->buf, t->buf2, 4 * BS), "data at %llu (seed %u)", (unsigned long long)lba, seed);
}

static atomic_int waited_done;

static void waited(struct ustor_scsi_request *req)
{
    CHECK(req->result == 0, "the waiting request failed: %d", req->result);
    atomic_store(&waited_done, 1);
}

static void stop_restart(void)
{
    struct rdt t;
    rdt_open(&t, "disk0=ram:4M;disk1=ram:4M");
    write_read(&t, 10, 1, false);
    CHECK_OK(ustor_adapter_stop(t.adapter));
    struct ustor_scsi_request req;
    memset(&req, 0, sizeof req);
    req.cdb_length = cdb_rw(req.cdb, 10, false, 10, 4, 0);
    req.direction = USTOR_DATA_IN;
    req.data = t.buf2;
    req.data_length = 4 * BS;
    req.done = waited;
    CHECK_OK(ustor_lun_submit(t.lun, &req));
    CHECK_OK(ustor_adapter_restart(t.adapter));
    for (int i = 0; i < 10000 && !atomic_load(&waited_done); i++)
        usleep(1000);
    CHECK(atomic_load(&waited_done), "the request sent while stopped never ran");
    write_read(&t, 10, 1, true);
    CHECK_OK(ustor_adapter_rescan(t.adapter));
    struct ustor_lun_info info[4];
    CHECK(ustor_adapter_luns(t.adapter, info, 4) == 2, "the rescan found both units again");
    t.lun = rdt_lun(&t, 0);
    write_read(&t, 10, 1, true);
    rdt_close(&t);
}

static void two_adapters(void)
{
    struct rdt t;
    rdt_open(&t, "disk0=ram:4M");
    struct ustor_adapter_options ao = {.size = sizeof ao, .argument_string = "disk0=ram:4M"};
    struct ustor_adapter *second;
    CHECK_OK(ustor_adapter_add(t.driver, &ao, &second));
    struct ustor_lun *first_lun = t.lun;
    write_read(&t, 20, 2, false);
    t.lun = ustor_adapter_lun(second, 0, 0, 0);
    CHECK(t.lun != NULL, "the second adapter's unit");
    write_read(&t, 20, 3, false);
    t.lun = first_lun;
    write_read(&t, 20, 2, true);
    CHECK_OK(ustor_adapter_remove(second));
    write_read(&t, 20, 2, true);
    rdt_close(&t);
}

static void remove_async(void)
{
    char dir[] = "/tmp/ramdisk-life-XXXXXX", config[256], image[128];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(image, sizeof image, "%s/disk.img", dir);
    snprintf(config, sizeof config, "disk0=%s,size=1M,aio=uring", image);
    struct rdt t;
    rdt_open(&t, config);
    write_read(&t, 30, 4, false);
    CHECK_OK(ustor_adapter_remove(t.adapter));
    t.adapter = NULL;
    rdt_close(&t);
    rdt_open(&t, config);                 /* the image kept what was written */
    write_read(&t, 30, 4, true);
    rdt_close(&t);
    unlink(image);
    rmdir(dir);
}

int main(void)
{
    stop_restart();
    two_adapters();
    remove_async();
    printf("ok\n");
    return 0;
}
