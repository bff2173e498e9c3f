/*
 * Performance options: StorPortInitializePerfOpts offers per version what the adapter
 * can use (never STOR_PERF_NO_SGL), refuses inconsistent sets and calls outside
 * initialization, fills MessageTargets with one processor per message; and what it
 * accepts changes the request engine: concurrent channels let two HwStartIo calls run
 * at once (they cannot without), StorPortGetStartIoPerfParams reports the channel, the
 * message and the initiating processor, and DPC redirection finishes completions on
 * the DPC thread of the processor that dispatched them (the completing thread without
 * it, the dispatching thread with OPTIMIZE_FOR_COMPLETION_DURING_STARTIO).
 */
#include "hwtest.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#define DPC 0x1u
#define CHANNELS 0x2u
#define RANGES 0x4u
#define LOCALITY 0x8u
#define OPTIMIZE 0x10u
#define CURRENT_CPU 0x20u
#define NO_SGL 0x40u
#define STATUS_INVALID_PARAMETER 0xC1000006u
#define STATUS_INVALID_DEVICE_STATE 0xC1000009u

static cpu_set_t all_cpus;
static int cpu_a = -1, cpu_b = -1;   /* two allowed CPUs of different parity */

static void cpus_init(void)
{
    CHECK(sched_getaffinity(0, sizeof all_cpus, &all_cpus) == 0, "sched_getaffinity");
    for (int i = 0; i < CPU_SETSIZE; i++) {
        if (!CPU_ISSET(i, &all_cpus))
            continue;
        if (cpu_a < 0)
            cpu_a = i;
        else if (cpu_b < 0 && (i & 1) != (cpu_a & 1))
            cpu_b = i;
    }
}

/* The port's processor index of a Linux CPU: its rank among the allowed ones. */
static int index_of(int cpu)
{
    int k = 0;
    for (int i = 0; i < cpu; i++)
        k += CPU_ISSET(i, &all_cpus) != 0;
    return k;
}

static bool pin(int cpu)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    return sched_setaffinity(0, sizeof s, &s) == 0 && sched_getcpu() == cpu;
}

static void unpin(void)
{
    sched_setaffinity(0, sizeof all_cpus, &all_cpus);
}

static struct hwmp_control *start(struct hwt *t, int version, uint32_t flags, uint32_t messages)
{
    struct hwmp_control *c = hwt_control();
    struct testdev_config cfg = {.messages = messages};
    c->perf_version = version;
    c->perf_flags = flags;
    c->perf_channels = 2;
    c->perf_first = 0;
    c->perf_last = messages ? messages - 1 : 0;
    hwt_start(t, &cfg);
    return c;
}

/* ---- query and set ---- */

static void offered(void)
{
    static const uint32_t want[] = {0, 0, DPC | CHANNELS | RANGES, 0x1F, 0x3F, 0x3F};
    for (int v = 2; v <= 5; v++) {
        struct hwt t;
        struct hwmp_control *c = start(&t, v, 0, 4);
        CHECK(c->perf_query_status == 0, "query v%d: 0x%x", v, c->perf_query_status);
        CHECK(c->perf_offered == want[v], "v%d offers 0x%x, want 0x%x", v, c->perf_offered, want[v]);
        CHECK(!(c->perf_offered & NO_SGL), "never NO_SGL");
        CHECK(hwt_call(HWMP_OP_PERF, 0, 1, v, 0) == STATUS_INVALID_DEVICE_STATE,
              "outside HwInitialize/HwPassiveInitialize the call is refused");
        hwt_stop(&t);
    }
    struct hwt t;
    struct hwmp_control *c = start(&t, 5, 0, 0);
    CHECK(c->perf_offered == (DPC | CHANNELS | OPTIMIZE | CURRENT_CPU),
          "without MSI no message ranges or locality: 0x%x", c->perf_offered);
    hwt_stop(&t);
}

static void refused(uint32_t flags, uint32_t first, uint32_t last, const char *what)
{
    struct hwt t;
    struct hwmp_control *c = hwt_control();
    struct testdev_config cfg = {.messages = 4};
    c->perf_version = 5;
    c->perf_flags = flags | HWMP_PERF_UNMASKED;
    c->perf_channels = 2;
    c->perf_first = first;
    c->perf_last = last;
    hwt_start(&t, &cfg);
    CHECK(c->perf_set_status == STATUS_INVALID_PARAMETER, "%s: set returned 0x%x", what,
          c->perf_set_status);
    struct hwmp_read_info ri;
    CHECK_OK(hwt_read(&t, 0, &ri));
    CHECK(ri.message == 0, "%s: nothing applied (message %u)", what, ri.message);
    hwt_stop(&t);
}

static void locality(void)
{
    struct hwt t;
    const int n = 4;
    struct hwmp_control *c = start(&t, 5, DPC | RANGES | LOCALITY, n);
    CHECK(c->perf_set_status == 0, "set: 0x%x", c->perf_set_status);
    int ncpu = CPU_COUNT(&all_cpus);
    for (int i = 0; i < n; i++) {
        uint64_t mask = c->targets[i][0];
        CHECK(mask && !(mask & (mask - 1)), "message %d: one processor (mask 0x%llx)", i,
              (unsigned long long)mask);
        CHECK(mask == 1ull << (i % ncpu) && c->targets[i][1] == 0, "message %d targets "
              "processor %d", i, i % ncpu);
    }
    CHECK(c->targets[n][0] == 0, "nothing past the last message");
    CHECK(pin(cpu_a), "pin to CPU %d", cpu_a);
    struct hwmp_read_info ri;
    CHECK_OK(hwt_read(&t, 0, &ri));
    int k = index_of(cpu_a);
    CHECK(ri.magic == HWMP_MAGIC && ri.perf_status == 0, "GetStartIoPerfParams: 0x%x", ri.perf_status);
    CHECK(ri.message == (uint32_t)(k % n), "message %u follows processor %d", ri.message, k);
    CHECK(ri.group == 0 && ri.number == k, "initiating processor %u:%u", ri.group, ri.number);
    unpin();
    hwt_stop(&t);
}

/* ---- concurrent channels ---- */

struct reader {
    struct hwt *t;
    int cpu;
    uint32_t lba;
    struct hwmp_read_info info;
    int rc;
};

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    r->rc = pin(r->cpu) ? hwt_read(r->t, r->lba, &r->info) : -1;
    return NULL;
}

static int two_at_once(struct hwt *t, struct reader *r)
{
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        r[i] = (struct reader){.t = t, .cpu = i ? cpu_b : cpu_a, .lba = 1000 + i};
        pthread_create(&th[i], NULL, reader_main, &r[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    return r[0].rc ? r[0].rc : r[1].rc;
}

static void channels(void)
{
    struct hwt t;
    struct reader r[2];
    struct hwmp_control *c = start(&t, 5, CHANNELS, 2);
    c->rendezvous = 1;
    CHECK(c->perf_set_status == 0, "set: 0x%x", c->perf_set_status);
    CHECK_OK(two_at_once(&t, r));
    CHECK(c->rendezvous_met == 1 && c->startio_max_inside == 2,
          "with two channels two HwStartIo calls ran at once");
    CHECK(r[0].info.channel != r[1].info.channel && r[0].info.channel < 2 && r[1].info.channel < 2,
          "each on its own channel (%u, %u)", r[0].info.channel, r[1].info.channel);
    hwt_stop(&t);
    c = start(&t, 0, 0, 2);
    c->rendezvous = 1;
    CHECK_OK(two_at_once(&t, r));
    CHECK(c->rendezvous_met == 0 && c->startio_max_inside == 1,
          "without them the StartIo lock keeps HwStartIo one at a time");
    CHECK(r[0].info.channel == 0 && r[1].info.channel == 0, "channel 0");
    hwt_stop(&t);
}

/* ---- DPC redirection ---- */

struct probe {
    struct ustor_scsi_request req;
    char thread[16];
    pthread_t self;
    _Atomic int done;
};

static void probe_done(struct ustor_scsi_request *r)
{
    struct probe *p = (struct probe *)r;
    pthread_getname_np(pthread_self(), p->thread, sizeof p->thread);
    p->self = pthread_self();
    atomic_store(&p->done, 1);
}

/* Where a READ submitted from CPU_A completed: the completing thread's name. */
static void completed_on(struct hwt *t, struct probe *p)
{
    void *buf = ustor_buffer_alloc(t->host, 512);
    memset(p, 0, sizeof *p);
    harness_cdb_read10(&p->req, 7, 1, buf);
    p->req.done = probe_done;
    CHECK(pin(cpu_a), "pin");
    CHECK_OK(ustor_lun_submit(t->lun, &p->req));
    struct timespec ts = {0, 1000000};
    for (int i = 0; i < 10000 && !atomic_load(&p->done); i++)
        nanosleep(&ts, NULL);
    unpin();
    CHECK(atomic_load(&p->done) && p->req.result == 0, "the READ completed");
    ustor_buffer_free(t->host, buf);
}

static void redirection_case(int version, uint32_t flags, int isr, const char *want)
{
    struct hwt t;
    struct probe p;
    struct hwmp_control *c = start(&t, version, flags, 2);
    c->complete_in_isr = isr;
    CHECK(c->perf_set_status == 0 || !version, "set 0x%x: 0x%x", flags, c->perf_set_status);
    completed_on(&t, &p);
    char dpc[16];
    snprintf(dpc, sizeof dpc, "ustor-dpc/%d", index_of(cpu_a));
    if (!strcmp(want, "dpc"))
        CHECK(!strcmp(p.thread, dpc), "flags 0x%x: finished on %s, want %s", flags, p.thread, dpc);
    else if (!strcmp(want, "irq"))
        CHECK(!strncmp(p.thread, "ustor-irq", 9), "flags 0x%x: finished on %s, want the "
              "interrupt thread", flags, p.thread);
    else
        CHECK(pthread_equal(p.self, pthread_self()), "flags 0x%x: finished on %s, want the "
              "dispatching thread", flags, p.thread);
    hwt_stop(&t);
}

static void redirection(void)
{
    redirection_case(0, 0, 1, "irq");
    redirection_case(5, DPC, 1, "dpc");
    redirection_case(5, DPC | CURRENT_CPU, 1, "irq");
    redirection_case(0, 0, 0, "self");
    redirection_case(5, DPC, 0, "dpc");
    redirection_case(5, DPC | OPTIMIZE, 0, "self");
}

int main(void)
{
    hwt_quiet();
    cpus_init();
    offered();
    refused(NO_SGL, 0, 0, "NO_SGL");
    refused(RANGES, 0, 1, "message ranges without DPC redirection");
    refused(DPC | RANGES, 0, 4, "a range past the device's messages");
    refused(DPC | RANGES | LOCALITY | HWMP_PERF_NO_TARGETS, 0, 3, "locality without MessageTargets");
    locality();
    redirection();
    if (cpu_b < 0)
        printf("test_port_perf_opts: one usable CPU parity; concurrent channels not tried\n");
    else
        channels();
    printf("test_port_perf_opts: ok\n");
    return 0;
}
