/*
 * The ramdisk's configuration from the registry (docs/registry.md): without an
 * ArgumentString it reads Disk0..Disk31 (REG_SZ) of Parameters\Device through
 * StorPortRegistryRead; DriverParameter in the registry arrives as ArgumentString
 * and wins over those values; a bad registry value refuses the adapter.
 */
#include <string.h>
#include <unistd.h>

#include "rd_test.h"

static char dir[64], path[128];

static void write_registry(const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "create %s", path);
    fputs(text, f);
    fclose(f);
}

static int open_with_registry(struct rdt *t)
{
    struct ustor_host_options ho = {.size = sizeof ho, .busy_pause_ms = 5, .default_timeout = 30};
    memset(t, 0, sizeof *t);
    CHECK_OK(ustor_host_create(&ho, &t->host));
    CHECK_OK(ustor_driver_load(t->host, RAMDISK_MINIPORT, &t->driver));
    struct ustor_adapter_options ao = {.size = sizeof ao, .registry_path = path};
    int rc = ustor_adapter_add(t->driver, &ao, &t->adapter);
    if (rc == 0) {
        t->buf = ustor_buffer_alloc(t->host, RDT_BUFFER_BYTES);
        CHECK(t->buf != NULL, "buffer");
    }
    return rc;
}

static uint64_t capacity(struct rdt *t, uint8_t lun, uint32_t *bs)
{
    uint8_t cdb[16];
    uint8_t n = cdb_capacity16(cdb, 32);
    struct rdt_result r = rdt_exec(rdt_lun(t, lun), cdb, n, USTOR_DATA_IN, t->buf, 32);
    rdt_good(&r, "capacity");
    *bs = be32(t->buf + 8);
    return be64(t->buf) + 1;
}

static void disk_values(void)
{
    struct rdt t;
    uint32_t bs;
    write_registry("[Parameters\\Device]\n"
                   "Disk0 = REG_SZ \"ram:2M\"\n"
                   "disk3 = REG_SZ \"ram:1M,bs=4096,serial=FROM-REG\"\n");
    CHECK_OK(open_with_registry(&t));
    struct ustor_lun_info info[8];
    CHECK(ustor_adapter_luns(t.adapter, info, 8) == 2, "two units from the registry");
    CHECK(capacity(&t, 0, &bs) == 4096 && bs == 512, "Disk0: ram:2M");
    CHECK(capacity(&t, 3, &bs) == 256 && bs == 4096, "Disk3: ram:1M in 4 KiB blocks");
    rdt_close(&t);
}

static void driver_parameter_wins(void)
{
    struct rdt t;
    uint32_t bs;
    write_registry("[Parameters\\Device]\n"
                   "DriverParameter = REG_SZ \"disk1=ram:3M\"\n"
                   "Disk0 = REG_SZ \"ram:2M\"\n");
    CHECK_OK(open_with_registry(&t));
    struct ustor_lun_info info[8];
    CHECK(ustor_adapter_luns(t.adapter, info, 8) == 1 && info[0].lun == 1,
          "DriverParameter, not Disk0, configures the adapter");
    CHECK(capacity(&t, 1, &bs) == 6144 && bs == 512, "disk1: ram:3M");
    rdt_close(&t);
}

static void bad_value(void)
{
    struct rdt t;
    write_registry("[Parameters\\Device]\nDisk0 = REG_SZ \"ram:1M,bs=3\"\n");
    CHECK(open_with_registry(&t) < 0, "a bad Disk0 value was accepted");
    rdt_close(&t);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/ramdisk-registry-XXXXXX");
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/ramdisk.reg", dir);
    disk_values();
    driver_parameter_wins();
    bad_value();
    unlink(path);
    rmdir(dir);
    printf("ok\n");
    return 0;
}
