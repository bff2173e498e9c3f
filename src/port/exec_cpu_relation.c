/* KeQueryLogicalProcessorRelationship's output: SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX
 * records in the x64 layout, built from the topology.
 *
 * Record: Relationship (ULONG) at 0, Size (ULONG) at 4, body at 8.  Bodies (offsets
 * within the body; GROUP_AFFINITY is 16 bytes: Mask at 0, Group at 8):
 *   core/package: Flags 0 (LTP_PC_SMT = 1), EfficiencyClass 1, GroupCount 22,
 *                 GroupMask[] 24;
 *   NUMA node:    NodeNumber 0, GroupCount 22, GroupMask 24 (one: the primary group);
 *   cache:        Level 0, Associativity 1, LineSize 2, CacheSize 4, Type 8,
 *                 GroupCount 30, GroupMask[] 32;
 *   group:        MaximumGroupCount 0, ActiveGroupCount 2, GroupInfo[] 24, each 48
 *                 bytes: MaximumProcessorCount 0, ActiveProcessorCount 1,
 *                 ActiveProcessorMask 40.
 * Leaves out: die, module and NumaNodeEx relations (-EINVAL). */
#include <errno.h>
#include <string.h>
#include "port/exec_priv.h"

#define HEADER        8
#define BODY_FIXED    24          /* core, package, node and group bodies */
#define CACHE_FIXED   32
#define AFFINITY_SIZE 16
#define GROUP_INFO    48

struct out {
    uint8_t *buf;                 /* NULL while measuring */
    uint32_t used;
};

static void put(struct out *o, uint32_t at, uint64_t v, unsigned bytes)
{
    if (!o->buf)
        return;
    for (unsigned i = 0; i < bytes; i++)
        o->buf[o->used + at + i] = (uint8_t)(v >> (8 * i));
}

/* Mask of SET's processors in GROUP. */
static uint64_t group_mask(const struct exec_topology *t, const struct exec_cpuset *set,
                           uint16_t group)
{
    uint64_t mask = 0;
    for (uint32_t i = 0; i < t->ncpu; i++)
        if (t->cpu[i].group == group && (set->bits[i / 64] >> (i % 64) & 1))
            mask |= 1ull << t->cpu[i].number;
    return mask;
}

/* Writes SET's GROUP_AFFINITY array at body offset AT; returns how many (MAX caps). */
static uint16_t put_affinities(struct out *o, const struct exec_topology *t,
                               const struct exec_cpuset *set, uint32_t at, uint16_t max)
{
    uint16_t n = 0;
    for (uint16_t g = 0; g < t->ngroups && n < max; g++) {
        uint64_t mask = group_mask(t, set, g);
        if (!mask)
            continue;
        put(o, HEADER + at + n * AFFINITY_SIZE, mask, 8);
        put(o, HEADER + at + n * AFFINITY_SIZE + 8, g, 2);
        n++;
    }
    return n;
}

static void begin(struct out *o, uint32_t relation, uint32_t size)
{
    if (o->buf)
        memset(o->buf + o->used, 0, size);
    put(o, 0, relation, 4);
    put(o, 4, size, 4);
}

/* A record whose body is FIXED bytes (the GroupCount in its last two) and then SET's
 * affinities. */
static void put_set_record(struct out *o, const struct exec_topology *t, uint32_t relation,
                           uint32_t fixed, const struct exec_cpuset *set, uint16_t max_groups,
                           void (*fill)(struct out *, const void *), const void *arg)
{
    struct out measure = { NULL, 0 };
    uint16_t n = put_affinities(&measure, t, set, fixed, max_groups);
    if (!n)
        n = 1;                    /* an empty set still gets one (zero) affinity */
    uint32_t size = HEADER + fixed + n * AFFINITY_SIZE;
    begin(o, relation, size);
    put_affinities(o, t, set, fixed, max_groups);
    put(o, HEADER + fixed - 2, n, 2);
    if (fill)
        fill(o, arg);
    o->used += size;
}

static void fill_core(struct out *o, const void *arg)
{
    put(o, HEADER + 0, *(const bool *)arg ? 1 : 0, 1);       /* LTP_PC_SMT */
}

static void fill_node(struct out *o, const void *arg)
{
    put(o, HEADER + 0, *(const uint32_t *)arg, 4);
}

static void fill_cache(struct out *o, const void *arg)
{
    const struct exec_cache *c = arg;
    put(o, HEADER + 0, c->level, 1);
    put(o, HEADER + 1, c->ways, 1);
    put(o, HEADER + 2, c->line_size, 2);
    put(o, HEADER + 4, c->size, 4);
    put(o, HEADER + 8, c->type, 4);
}

static void put_groups(struct out *o, const struct exec_topology *t)
{
    uint32_t size = HEADER + BODY_FIXED + t->ngroups * GROUP_INFO;
    begin(o, EXEC_REL_GROUP, size);
    put(o, HEADER + 0, t->ngroups, 2);
    put(o, HEADER + 2, t->ngroups, 2);
    for (uint16_t g = 0; g < t->ngroups; g++) {
        uint32_t at = HEADER + BODY_FIXED + g * GROUP_INFO;
        uint64_t mask;
        exec_cpu_group_affinity(t, g, &mask);
        put(o, at + 0, 64, 1);
        put(o, at + 1, t->group_size[g], 1);
        put(o, at + 40, mask, 8);
    }
    o->used += size;
}

static bool wanted(const struct exec_cpuset *set, int index)
{
    return index < 0 || (set->bits[index / 64] >> (index % 64) & 1);
}

static void put_all(struct out *o, const struct exec_topology *t, uint32_t rel, int index)
{
    for (uint32_t k = 0; k < t->ncores && (rel == EXEC_REL_CORE || rel == EXEC_REL_ALL); k++)
        if (wanted(&t->cores[k], index)) {
            unsigned threads = 0;
            for (size_t w = 0; w < t->words; w++)
                threads += (unsigned)__builtin_popcountll(t->cores[k].bits[w]);
            bool smt = threads > 1;
            put_set_record(o, t, EXEC_REL_CORE, BODY_FIXED, &t->cores[k], UINT16_MAX,
                           fill_core, &smt);
        }
    for (uint32_t k = 0; k < t->nnodes && (rel == EXEC_REL_NODE || rel == EXEC_REL_ALL); k++)
        if (wanted(&t->node_cpus[k], index))
            put_set_record(o, t, EXEC_REL_NODE, BODY_FIXED, &t->node_cpus[k], 1, fill_node,
                           &t->node_ids[k]);
    for (uint32_t k = 0; k < t->ncaches && (rel == EXEC_REL_CACHE || rel == EXEC_REL_ALL); k++)
        if (wanted(&t->caches[k].cpus, index))
            put_set_record(o, t, EXEC_REL_CACHE, CACHE_FIXED, &t->caches[k].cpus, UINT16_MAX,
                           fill_cache, &t->caches[k]);
    for (uint32_t k = 0; k < t->npackages && (rel == EXEC_REL_PACKAGE || rel == EXEC_REL_ALL);
         k++)
        if (wanted(&t->packages[k], index))
            put_set_record(o, t, EXEC_REL_PACKAGE, BODY_FIXED, &t->packages[k], UINT16_MAX,
                           NULL, NULL);
    if (rel == EXEC_REL_GROUP || rel == EXEC_REL_ALL)
        put_groups(o, t);
}

int exec_cpu_relationship(const struct exec_topology *t, const struct exec_procnum *number,
                          uint32_t relation, void *buffer, uint32_t *length)
{
    if (relation > EXEC_REL_GROUP && relation != EXEC_REL_ALL)
        return -EINVAL;
    int index = number ? exec_cpu_index(t, number) : -1;
    if (number && index < 0)
        return -EINVAL;
    struct out measure = { NULL, 0 };
    put_all(&measure, t, relation, index);
    if (!buffer || *length < measure.used) {
        *length = measure.used;
        return -ENOSPC;
    }
    struct out o = { buffer, 0 };
    put_all(&o, t, relation, index);
    *length = o.used;
    return 0;
}
