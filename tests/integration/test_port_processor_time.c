/*
 * Processor, NUMA and time routines report this machine: StorPortGetProcessorCount
 * is the CPUs the process may run on; groups, group affinity, nodes, node affinity,
 * the highest node, the current processor (and its index round trip) agree with it;
 * GetLogicalProcessorRelationship answers BUFFER_TOO_SMALL with the size needed, then
 * well-formed records; QuerySystemTime is the wall clock in 100 ns since 1601;
 * QueryPerformanceCounter runs at 10 MHz and moves forward; GetCurrentIrql is PASSIVE
 * on a host thread and DISPATCH in HwStartIo; DelayExecution succeeds.
 */
#include <sched.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define ST_SUCCESS 0

static int online_nodes(void)
{
    FILE *f = fopen("/sys/devices/system/node/online", "r");
    if (!f)
        return 1;
    int n = 0, lo, hi;
    char sep;
    while (fscanf(f, "%d", &lo) == 1) {
        hi = lo;
        if (fscanf(f, "%c", &sep) == 1 && sep == '-' && fscanf(f, "%d", &hi) == 1)
            (void)fscanf(f, "%c", &sep);
        n += hi - lo + 1;
    }
    fclose(f);
    return n ? n : 1;
}

static void check_processors(void)
{
    cpu_set_t set;
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0, "affinity");
    int64_t cpus = CPU_COUNT(&set);
    CHECK(harness_call(TMP_OP_PROC_COUNT, 0, 0, 0, 0) == cpus, "processor count %lld, want %lld",
          (long long)harness_call(TMP_OP_PROC_COUNT, 0, 0, 0, 0), (long long)cpus);
    int64_t groups = harness_call(TMP_OP_GROUP_COUNT, 0, 0, 0, 0);
    CHECK(groups == (cpus + 63) / 64, "groups %lld", (long long)groups);
    int64_t mask = harness_call(TMP_OP_GROUP_AFFINITY, 0, 0, 0, 0);
    CHECK(__builtin_popcountll((uint64_t)mask) == (cpus > 64 ? 64 : cpus), "group 0 mask 0x%llx",
          (unsigned long long)mask);
    CHECK(harness_call(TMP_OP_GROUP_AFFINITY, groups, 0, 0, 0) < 0, "a group beyond the last");
    int64_t nodes = harness_call(TMP_OP_NODE_COUNT, 0, 0, 0, 0);
    CHECK(nodes == online_nodes(), "nodes %lld, want %d", (long long)nodes, online_nodes());
    int64_t highest = harness_call(TMP_OP_HIGHEST_NODE, 0, 0, 0, 0);
    CHECK(highest >= nodes - 1, "highest node %lld", (long long)highest);
    int64_t in_nodes = 0;
    for (int64_t n = 0; n <= highest; n++) {
        int64_t m = harness_call(TMP_OP_NODE_AFFINITY, n, 0, 0, 0);
        in_nodes += m > 0 ? __builtin_popcountll((uint64_t)m) : 0;
    }
    CHECK(in_nodes == cpus || groups > 1, "processors over all nodes %lld", (long long)in_nodes);
    int64_t cur = harness_call(TMP_OP_CURRENT_PROCESSOR, 0, 0, 0, 0);
    CHECK(cur >= 0 && cur < cpus, "current processor index %lld", (long long)cur);
    int64_t cores = harness_call(TMP_OP_RELATIONSHIP, 0 /* RelationProcessorCore */, 0, 0, 0);
    CHECK(cores >= 1 && cores <= cpus, "core records %lld", (long long)cores);
    CHECK(harness_call(TMP_OP_RELATIONSHIP, 4 /* RelationGroup */, 0, 0, 0) == 1, "group record");
}

static void check_time(void)
{
    int64_t t = harness_call(TMP_OP_SYSTEM_TIME, 0, 0, 0, 0);
    int64_t unix_s = t / 10000000 - 11644473600LL;
    int64_t now = (int64_t)time(NULL);
    CHECK(unix_s > now - 60 && unix_s < now + 60, "system time %lld vs %lld", (long long)unix_s,
          (long long)now);
    int64_t c1 = harness_call(TMP_OP_PERF_COUNTER, 0, 0, 0, 0);
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
    int64_t c2 = harness_call(TMP_OP_PERF_COUNTER, 0, 0, 0, 0);
    struct tmp_control *t_ = harness_tmp();
    CHECK(t_->perf_frequency == 10000000, "frequency %lld", (long long)t_->perf_frequency);
    CHECK(c1 > 0 && c2 > c1, "performance counter %lld then %lld", (long long)c1, (long long)c2);
    CHECK(harness_call(TMP_OP_DELAY, 100, 0, 0, 0) == ST_SUCCESS, "StorPortDelayExecution");
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    struct ustor_host *h = harness_host();
    struct ustor_adapter *a = harness_virtual_adapter(harness_load(h));
    check_processors();
    check_time();
    CHECK(harness_call(TMP_OP_IRQL, 0, 0, 0, 0) == 0, "IRQL of a host thread");
    struct ustor_scsi_request r;
    memset(&r, 0, sizeof r);
    harness_cdb_tur(&r);
    CHECK_OK(ustor_lun_execute(ustor_adapter_lun(a, 0, 0, 0), &r));
    CHECK(t->startio_irql == 2 && t->startio_irql_bad == 0, "HwStartIo at IRQL %d",
          t->startio_irql);
    CHECK(t->passive_irql == 0, "passive init at IRQL %d", t->passive_irql);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
