/* Bring-up of the NVMe miniport on the model: the adapter starts, its one namespace is
 * unit 0 with the right capacity, and data written reads back. */
#include "nvt.h"

#include <string.h>

int main(void)
{
    struct nvt t;
    nvt_open(&t, NULL);
    uint8_t cdb[16];
    uint8_t n = cdb_capacity16(cdb, 32);
    struct nvt_result r = nvt_exec(t.lun, cdb, n, 1, t.buf, 32);
    nvt_good(&r, "READ CAPACITY(16)");
    CHECK(be64(t.buf) == (64u << 20) / 512 - 1, "last LBA %llu", (unsigned long long)be64(t.buf));
    fill_pattern(t.buf, 65536, 7);
    r = nvt_write(t.lun, 100, 128, t.buf, 512);
    nvt_good(&r, "WRITE");
    memset(t.buf2, 0, 65536);
    r = nvt_read(t.lun, 100, 128, t.buf2, 512);
    nvt_good(&r, "READ");
    CHECK(!memcmp(t.buf, t.buf2, 65536), "data differs");
    nvt_close(&t);
    printf("ok\n");
    return 0;
}
