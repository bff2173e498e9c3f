/* Processor and NUMA topology: this machine's agrees with its affinity; a made-up
 * sysfs tree (two nodes, SMT cores, caches) is numbered as Windows would; nodes are
 * packed into 64-processor groups without being split; a tree without sysfs falls
 * back to one node; the SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records are laid out
 * and sized as documented. */
#include <sys/stat.h>
#include <unistd.h>
#include "test_exec_util.h"

static char root[64];

static void put_file(const char *rel, const char *text)
{
    char path[512], dir[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = strchr(path + strlen(root) + 1, '/'); p; p = strchr(p + 1, '/')) {
        snprintf(dir, sizeof dir, "%.*s", (int)(p - path), path);
        mkdir(dir, 0755);
    }
    FILE *f = fopen(path, "w");
    CHECK(f);
    fputs(text, f);
    fclose(f);
}

static void put_cpu(int cpu, const char *rel, const char *text)
{
    char name[128];
    snprintf(name, sizeof name, "devices/system/cpu/cpu%d/%s", cpu, rel);
    put_file(name, text);
}

static void make_root(void)
{
    snprintf(root, sizeof root, "/tmp/ustor-topo-XXXXXX");
    CHECK(mkdtemp(root));
}

static void remove_root(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void test_machine(void)
{
    const struct exec_topology *t = exec_topology();
    cpu_set_t set;
    CHECK(!sched_getaffinity(0, sizeof set, &set));
    CHECK_EQ(t->ncpu, CPU_COUNT(&set));
    unsigned total = 0, in_nodes = 0;
    for (uint16_t g = 0; g < t->ngroups; g++) {
        uint64_t mask;
        CHECK(!exec_cpu_group_affinity(t, g, &mask));
        total += (unsigned)__builtin_popcountll(mask);
    }
    CHECK_EQ(total, t->ncpu);
    CHECK_EQ(exec_cpu_group_affinity(t, t->ngroups, &(uint64_t){ 0 }), -EINVAL);
    for (uint32_t k = 0; k < t->nnodes; k++) {
        uint64_t mask;
        uint16_t group;
        CHECK(!exec_cpu_node_affinity(t, t->node_ids[k], &mask, &group));
        in_nodes += (unsigned)__builtin_popcountll(mask);
    }
    CHECK(in_nodes <= t->ncpu && in_nodes > 0);
    CHECK_EQ(exec_cpu_highest_node(t), t->node_ids[t->nnodes - 1]);
    struct exec_procnum pn;
    uint32_t cur = exec_cpu_current(t, &pn);
    CHECK(cur < t->ncpu);
    CHECK_EQ(exec_cpu_index(t, &pn), cur);
    CHECK(CPU_ISSET(t->cpu[cur].linux_id, &set));
    for (uint32_t i = 0; i < t->ncpu; i++) {
        struct exec_procnum n = { t->cpu[i].group, t->cpu[i].number };
        CHECK_EQ(exec_cpu_index(t, &n), i);
    }
}

/* Four CPUs, two nodes, two SMT cores, an L1 per core and an L2 per node. */
static void make_small_tree(void)
{
    put_file("devices/system/cpu/online", "0-3\n");
    put_file("devices/system/node/online", "0-1\n");
    put_file("devices/system/node/node0/cpulist", "0-1\n");
    put_file("devices/system/node/node1/cpulist", "2-3\n");
    for (int c = 0; c < 4; c++) {
        const char *core = c < 2 ? "0-1\n" : "2-3\n";
        put_cpu(c, "topology/thread_siblings_list", core);
        put_cpu(c, "topology/core_siblings_list", "0-3\n");
        put_cpu(c, "cache/index0/level", "1\n");
        put_cpu(c, "cache/index0/type", "Data\n");
        put_cpu(c, "cache/index0/size", "32K\n");
        put_cpu(c, "cache/index0/coherency_line_size", "64\n");
        put_cpu(c, "cache/index0/ways_of_associativity", "8\n");
        put_cpu(c, "cache/index0/shared_cpu_list", core);
        put_cpu(c, "cache/index1/level", "2\n");
        put_cpu(c, "cache/index1/type", "Unified\n");
        put_cpu(c, "cache/index1/size", "1024K\n");
        put_cpu(c, "cache/index1/shared_cpu_list", core);
    }
}

static void test_small_tree(void)
{
    make_root();
    make_small_tree();
    struct exec_topology *t;
    CHECK(!exec_topology_load(root, NULL, &t));
    CHECK_EQ(t->ncpu, 4);
    CHECK_EQ(t->ngroups, 1);
    CHECK_EQ(t->nnodes, 2);
    CHECK_EQ(t->ncores, 2);
    CHECK_EQ(t->npackages, 1);
    CHECK_EQ(t->ncaches, 4);                  /* L1 and L2 of each core */
    uint64_t mask;
    uint16_t group;
    CHECK(!exec_cpu_node_affinity(t, 1, &mask, &group));
    CHECK_EQ(mask, 0xC);
    CHECK_EQ(group, 0);
    CHECK_EQ(exec_cpu_node_affinity(t, 2, &mask, &group), -EINVAL);
    CHECK_EQ(exec_cpu_highest_node(t), 1);

    /* RelationProcessorCore for processor 2: one record, SMT, mask 0b1100. */
    struct exec_procnum p2 = { 0, 2 };
    uint8_t buf[1024];
    uint32_t len = 10;
    CHECK_EQ(exec_cpu_relationship(t, &p2, EXEC_REL_CORE, buf, &len), -ENOSPC);
    CHECK_EQ(len, 48);
    CHECK(!exec_cpu_relationship(t, &p2, EXEC_REL_CORE, buf, &len));
    CHECK_EQ(len, 48);
    CHECK_EQ(get32(buf + 0), 0);              /* RelationProcessorCore */
    CHECK_EQ(get32(buf + 4), 48);             /* Size */
    CHECK_EQ(buf[8], 1);                      /* Flags: LTP_PC_SMT */
    CHECK_EQ(buf[8 + 22], 1);                 /* GroupCount */
    CHECK_EQ(get64(buf + 32), 0xC);           /* GroupMask[0].Mask */
    CHECK_EQ(buf[40], 0);                     /* GroupMask[0].Group */

    /* RelationCache for processor 0: its L1 (32 KiB data, 8-way) and L2. */
    struct exec_procnum p0 = { 0, 0 };
    len = sizeof buf;
    CHECK(!exec_cpu_relationship(t, &p0, EXEC_REL_CACHE, buf, &len));
    CHECK_EQ(len, 2 * 56);
    CHECK_EQ(get32(buf + 0), 2);
    CHECK_EQ(buf[8], 1);                      /* Level */
    CHECK_EQ(buf[9], 8);                      /* Associativity */
    CHECK_EQ(buf[10] | buf[11] << 8, 64);     /* LineSize */
    CHECK_EQ(get32(buf + 12), 32768);         /* CacheSize */
    CHECK_EQ(get32(buf + 16), 2);             /* CacheData */
    CHECK_EQ(get64(buf + 40), 0x3);

    /* RelationAll for everything: records walk exactly to the end. */
    len = sizeof buf;
    CHECK(!exec_cpu_relationship(t, NULL, EXEC_REL_ALL, buf, &len));
    unsigned records = 0, groups_seen = 0;
    for (uint32_t off = 0; off < len; records++) {
        uint32_t size = get32(buf + off + 4);
        CHECK(size >= 32 && off + size <= len);
        if (get32(buf + off) == EXEC_REL_GROUP) {
            groups_seen++;
            CHECK_EQ(buf[off + 8] | buf[off + 9] << 8, 1);        /* MaximumGroupCount */
            CHECK_EQ(buf[off + 8 + 24 + 1], 4);                    /* ActiveProcessorCount */
            CHECK_EQ(get64(buf + off + 8 + 24 + 40), 0xF);         /* ActiveProcessorMask */
        }
        off += size;
    }
    CHECK_EQ(records, 2 + 2 + 4 + 1 + 1);     /* cores, nodes, caches, package, group */
    CHECK_EQ(groups_seen, 1);
    CHECK_EQ(exec_cpu_relationship(t, NULL, 5, buf, &len), -EINVAL);
    struct exec_procnum bad = { 0, 9 };
    CHECK_EQ(exec_cpu_relationship(t, &bad, EXEC_REL_CORE, buf, &len), -EINVAL);
    exec_topology_free(t);
    remove_root();
}

/* Two nodes of 40 processors: the second starts group 1 rather than being split. */
static void test_group_packing(void)
{
    make_root();
    put_file("devices/system/cpu/online", "0-79\n");
    put_file("devices/system/node/online", "0-1\n");
    put_file("devices/system/node/node0/cpulist", "0-39\n");
    put_file("devices/system/node/node1/cpulist", "40-79\n");
    struct exec_topology *t;
    CHECK(!exec_topology_load(root, NULL, &t));
    CHECK_EQ(t->ncpu, 80);
    CHECK_EQ(t->ngroups, 2);
    uint64_t mask;
    uint16_t group;
    CHECK(!exec_cpu_node_affinity(t, 1, &mask, &group));
    CHECK_EQ(group, 1);
    CHECK_EQ(mask, (1ull << 40) - 1);
    CHECK(!exec_cpu_group_affinity(t, 0, &mask));
    CHECK_EQ(mask, (1ull << 40) - 1);
    CHECK_EQ(t->cpu[45].group, 1);
    CHECK_EQ(t->cpu[45].number, 5);
    CHECK_EQ(t->cpu[45].linux_id, 45);
    CHECK_EQ(t->ncores, 80);                  /* no thread lists: a core each */
    exec_topology_free(t);
    remove_root();
}

static void test_no_sysfs(void)
{
    make_root();                              /* an empty tree */
    struct exec_topology *t;
    CHECK(!exec_topology_load(root, NULL, &t));
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    CHECK_EQ(t->ncpu, online > 0 ? online : 1);
    CHECK_EQ(t->nnodes, 1);
    CHECK_EQ(t->node_ids[0], 0);
    CHECK_EQ(t->ncores, t->ncpu);
    CHECK_EQ(t->npackages, 1);
    CHECK_EQ(t->ncaches, 0);
    uint64_t mask;
    uint16_t group;
    CHECK(!exec_cpu_node_affinity(t, 0, &mask, &group));
    CHECK_EQ(__builtin_popcountll(mask), t->ncpu < 64 ? t->ncpu : 64);
    exec_topology_free(t);
    remove_root();
}

/* Only the CPUs the process may use count, even with a full tree. */
static void test_affinity_restricts(void)
{
    make_root();
    make_small_tree();
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    CPU_SET(1, &allowed);
    CPU_SET(3, &allowed);
    struct exec_topology *t;
    CHECK(!exec_topology_load(root, &allowed, &t));
    CHECK_EQ(t->ncpu, 2);
    CHECK_EQ(t->cpu[0].linux_id, 1);
    CHECK_EQ(t->cpu[1].linux_id, 3);
    CHECK_EQ(t->cpu[1].node, 1);
    CHECK_EQ(t->ncores, 2);
    exec_topology_free(t);
    remove_root();
}

int main(void)
{
    test_machine();
    test_small_tree();
    test_group_packing();
    test_no_sysfs();
    test_affinity_restricts();
    printf("test_exec_cpu: ok\n");
    return 0;
}
