/* Namespace hot add and removal: attaching namespace 3 to the running controller
 * raises a Namespace Attribute Changed event; the miniport reads the Changed
 * Namespace List, identifies the namespace and reports BusChangeDetected, and the
 * port's rescan finds LUN 2 (the host is told LUN_ARRIVED). It then takes I/O. Taking
 * namespace 2 away the same way makes LUN 1 disappear; a command that reaches the
 * controller before the rescan gets ACCESS DENIED - INVALID LU IDENTIFIER. */
#include "nvt.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int arrived[8], removed[8];

static void on_lun(void *ctx, struct ustor_lun *lun, enum ustor_lun_event ev)
{
    struct ustor_lun_info info;
    (void)ctx;
    CHECK_OK(ustor_lun_get_info(lun, &info));
    pthread_mutex_lock(&lock);
    if (info.lun < 8)
        (ev == USTOR_LUN_ARRIVED ? arrived : removed)[info.lun]++;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

/* Waits up to 10 s for COUNTER[LUN] to reach N. */
static bool wait_for(int *counter, unsigned lun, int n)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&lock);
    while (counter[lun] < n && pthread_cond_timedwait(&changed, &lock, &until) == 0)
        ;
    bool ok = counter[lun] >= n;
    pthread_mutex_unlock(&lock);
    return ok;
}

static void hot_add(struct nvt *t)
{
    nvt_attach(t, 3, "ram:8M", 4096);
    CHECK(wait_for(arrived, 2, 1), "LUN 2 did not arrive after namespace 3 was attached");
    struct ustor_lun *u = nvt_lun(t, 2);
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(u, cdb, cdb_capacity16(cdb, 32), 1, t->buf, 32);
    nvt_good(&r, "READ CAPACITY(16) of the new LUN");
    CHECK(be64(t->buf) == 2047 && be32(t->buf + 8) == 4096, "8 MiB of 4 KiB blocks");
    fill_pattern(t->buf, 65536, 42);
    r = nvt_write(u, 100, 16, t->buf, 4096);
    nvt_good(&r, "WRITE to the new LUN");
    r = nvt_read(u, 100, 16, t->buf2, 4096);
    nvt_good(&r, "READ of the new LUN");
    CHECK(!memcmp(t->buf, t->buf2, 65536), "new LUN data");
}

static void hot_remove(struct nvt *t)
{
    struct ustor_lun *u = nvt_lun(t, 1);
    CHECK_OK(ustor_nvme_detach(t->nvme, 2));
    uint8_t cdb[16];
    struct nvt_result r = nvt_exec(u, cdb, cdb_rw(cdb, 10, false, 0, 1, 0), 1, t->buf, 512);
    if (r.rc == 0 && r.srb_status != SRB_OK)   /* it reached the miniport before the rescan */
        CHECK((r.srb_status == SRB_ERR && r.scsi_status == STATUS_CHECK &&
               (r.sense[2] & 0xF) == KEY_ILLEGAL && r.sense[12] == 0x20 && r.sense[13] == 0x09) ||
              ((r.sense[2] & 0xF) == KEY_ILLEGAL && r.sense[12] == ASC_NO_LUN),
              "READ of a detached namespace: SRB 0x%02x sense %x/%02x/%02x", r.srb_status,
              r.sense[2] & 0xF, r.sense[12], r.sense[13]);
    CHECK(wait_for(removed, 1, 1), "LUN 1 was not removed after namespace 2 was detached");
    CHECK(ustor_adapter_lun(t->adapter, 0, 0, 1) == NULL, "LUN 1 still listed");
    r = nvt_read(t->lun, 0, 1, t->buf, 512);
    nvt_good(&r, "READ of LUN 0 after the removal");
}

int main(void)
{
    static struct nvt t;
    struct nvt_config cfg = {.ns_spec = {"ram:4M", "ram:4M"}, .lun_event = on_lun};
    nvt_open(&t, &cfg);
    CHECK(arrived[0] == 1 && arrived[1] == 1 && !arrived[2], "LUNs 0 and 1 at start");
    hot_add(&t);
    hot_remove(&t);
    nvt_close(&t);
    printf("ok\n");
    return 0;
}
