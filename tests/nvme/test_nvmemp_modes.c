/* The NVMe miniport on controllers configured differently: interrupts by MSI-X (one
 * message per queue), multiple-message MSI, and an INTx line (every queue shares
 * message 0, masked through INTMS/INTMC while the DPC runs); one I/O queue only; a
 * small CAP.MQES; commands run on the controller's own thread; no volatile write
 * cache; a doorbell stride of 16 bytes. In each, two threads write and read back
 * while a third sends flushes, and the controller must have delivered interrupts. */
#include "nvt.h"

#include <pthread.h>
#include <string.h>

struct job {
    struct nvt *t;
    unsigned id;
};

static void *io_main(void *arg)
{
    struct job *j = arg;
    uint8_t *src = ustor_buffer_alloc(j->t->host, 65536), *dst = ustor_buffer_alloc(j->t->host, 65536);
    CHECK(src && dst, "buffers");
    for (unsigned i = 0; i < 200; i++) {
        uint64_t lba = j->id * 8192 + (i * 131) % 8000;
        uint32_t blocks = 1 + i % 128;
        fill_pattern(src, blocks * 512, i + j->id * 1000);
        struct nvt_result r = nvt_write(j->t->lun, lba, blocks, src, 512);
        nvt_good(&r, "WRITE");
        r = nvt_read(j->t->lun, lba, blocks, dst, 512);
        nvt_good(&r, "READ");
        CHECK(!memcmp(src, dst, blocks * 512), "job %u round %u differs", j->id, i);
    }
    ustor_buffer_free(j->t->host, src);
    ustor_buffer_free(j->t->host, dst);
    return NULL;
}

static void *flush_main(void *arg)
{
    struct job *j = arg;
    uint8_t cdb[16];
    for (unsigned i = 0; i < 50; i++) {
        struct nvt_result r = nvt_exec(j->t->lun, cdb, cdb_sync(cdb, 10, 0, 0), 0, NULL, 0);
        nvt_good(&r, "SYNCHRONIZE CACHE");
    }
    return NULL;
}

static void run(const char *name, struct ustor_nvme_options o)
{
    static struct nvt t;
    struct nvt_config cfg = {.ns_spec = {"ram:16M"}};
    o.size = sizeof o;
    cfg.nvme = o;
    nvt_open(&t, &cfg);
    pthread_t th[3];
    struct job jobs[3] = {{&t, 0}, {&t, 1}, {&t, 2}};
    for (unsigned i = 0; i < 3; i++)
        CHECK_OK(pthread_create(&th[i], NULL, i < 2 ? io_main : flush_main, &jobs[i]));
    for (unsigned i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    struct ustor_nvme_stats st;
    struct ustor_adapter_stats as;
    CHECK_OK(ustor_nvme_get_stats(t.nvme, &st));
    CHECK_OK(ustor_adapter_get_stats(t.adapter, &as));
    CHECK(st.interrupts > 0 && st.guest_errors == 0, "%s: %llu interrupts, %llu guest errors", name,
          (unsigned long long)st.interrupts, (unsigned long long)st.guest_errors);
    CHECK(as.bad_completions == 0 && as.outstanding == 0 && as.timed_out == 0, "%s: counters", name);
    nvt_close(&t);
    printf("ok: %s (%llu commands, %llu interrupts)\n", name, (unsigned long long)st.commands,
           (unsigned long long)st.interrupts);
}

int main(void)
{
    run("MSI-X", (struct ustor_nvme_options){.irq_mode = USTOR_IRQ_MSIX});
    run("MSI", (struct ustor_nvme_options){.irq_mode = USTOR_IRQ_MSI});
    run("INTx", (struct ustor_nvme_options){.irq_mode = USTOR_IRQ_INTX});
    run("INTx, device thread", (struct ustor_nvme_options){.irq_mode = USTOR_IRQ_INTX, .threaded = true});
    run("one I/O queue", (struct ustor_nvme_options){.io_queues = 1});
    run("16-entry queues", (struct ustor_nvme_options){.queue_entries = 16});
    run("device thread", (struct ustor_nvme_options){.threaded = true});
    run("no write cache, stride 16", (struct ustor_nvme_options){.no_write_cache = true, .dstrd = 2});
    return 0;
}
