/* The machine's processors and NUMA nodes, numbered as Windows numbers them.
 *
 * Read from sysfs: the CPUs this process may run on (its affinity), the online nodes
 * and their CPU lists, each CPU's core and package siblings and its caches.  Each
 * missing piece has a fallback (the online list or sysconf; one node; a core per CPU;
 * one package; no caches).  Windows groups hold at most 64 processors and are filled
 * node by node, without splitting a node that fits a group; processor indexes follow
 * group order.  Node numbers are Linux's own. */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "port/exec_priv.h"

#define GROUP_MAX  64
#define TEXT_MAX   65536

struct idlist {                   /* a growable list of Linux CPU or node ids */
    unsigned *v;
    size_t n, cap;
};

static int idlist_add(struct idlist *l, unsigned id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        unsigned *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = id;
    return 0;
}

static bool idlist_has(const struct idlist *l, unsigned id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == id)
            return true;
    return false;
}

/* Reads ROOT/PATH into BUF (NUL-terminated); false if absent or empty. */
static bool read_text(char *buf, const char *root, const char *fmt, ...)
{
    char rel[256], path[PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rel, sizeof rel, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    size_t n = fread(buf, 1, TEXT_MAX - 1, f);
    fclose(f);
    buf[n] = 0;
    return n > 0;
}

/* Parses a Linux list ("0-3,8,10-11") into L. */
static int parse_list(const char *s, struct idlist *l)
{
    while (*s) {
        char *end;
        unsigned long a = strtoul(s, &end, 10), b = a;
        if (end == s)
            break;
        if (*end == '-')
            b = strtoul(end + 1, &end, 10);
        for (unsigned long i = a; i <= b && i < 1u << 20; i++)
            if (idlist_add(l, (unsigned)i))
                return -ENOMEM;
        s = *end == ',' ? end + 1 : end;
        if (*end != ',')
            break;
    }
    return 0;
}

static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* The Linux CPUs to use: ALLOWED if given, else the online list, else sysconf. */
static int active_linux_cpus(char *buf, const char *root, const void *allowed,
                             struct idlist *cpus)
{
    int rc = 0;
    if (allowed) {
        for (unsigned c = 0; c < CPU_SETSIZE && !rc; c++)
            if (CPU_ISSET(c, (const cpu_set_t *)allowed))
                rc = idlist_add(cpus, c);
    } else if (read_text(buf, root, "devices/system/cpu/online")) {
        rc = parse_list(buf, cpus);
    }
    if (!rc && !cpus->n) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        for (long c = 0; c < (n > 0 ? n : 1) && !rc; c++)
            rc = idlist_add(cpus, (unsigned)c);
    }
    if (!rc)
        qsort(cpus->v, cpus->n, sizeof *cpus->v, cmp_unsigned);
    return rc;
}

static struct exec_cpuset new_set(struct exec_topology *t)
{
    return (struct exec_cpuset){ calloc(t->words, sizeof(uint64_t)) };
}

static void set_add(struct exec_cpuset *s, uint32_t index)
{
    s->bits[index / 64] |= 1ull << (index % 64);
}

static bool set_has(const struct exec_cpuset *s, uint32_t index)
{
    return s->bits[index / 64] >> (index % 64) & 1;
}

static bool set_equal(const struct exec_topology *t, const struct exec_cpuset *a,
                      const struct exec_cpuset *b)
{
    return !memcmp(a->bits, b->bits, t->words * sizeof(uint64_t));
}

/* The CPUs of each online node (node_of[i] for cpus->v[i]); CPUs without a node go
 * to node 0. */
static int read_nodes(char *buf, const char *root, const struct idlist *cpus,
                      struct idlist *nodes, unsigned *node_of)
{
    int rc = 0;
    for (size_t i = 0; i < cpus->n; i++)
        node_of[i] = UINT_MAX;
    if (read_text(buf, root, "devices/system/node/online"))
        rc = parse_list(buf, nodes);
    for (size_t k = 0; !rc && k < nodes->n; k++) {
        struct idlist members = { 0 };
        if (read_text(buf, root, "devices/system/node/node%u/cpulist", nodes->v[k]))
            rc = parse_list(buf, &members);
        for (size_t i = 0; !rc && i < cpus->n; i++)
            if (node_of[i] == UINT_MAX && idlist_has(&members, cpus->v[i]))
                node_of[i] = nodes->v[k];
        free(members.v);
    }
    bool orphan = false;
    for (size_t i = 0; i < cpus->n; i++)
        if (node_of[i] == UINT_MAX) {
            node_of[i] = 0;
            orphan = true;
        }
    if (!rc && (orphan || !nodes->n) && !idlist_has(nodes, 0))
        rc = idlist_add(nodes, 0);
    if (!rc)
        qsort(nodes->v, nodes->n, sizeof *nodes->v, cmp_unsigned);
    return rc;
}

/* Assigns processor indexes, groups and numbers node by node. */
static void assign_groups(struct exec_topology *t, const struct idlist *cpus,
                          const unsigned *node_of, const struct idlist *nodes)
{
    uint32_t index = 0;
    int group = -1, used = GROUP_MAX;
    for (size_t k = 0; k < nodes->n; k++) {
        unsigned count = 0;
        for (size_t i = 0; i < cpus->n; i++)
            count += node_of[i] == nodes->v[k];
        if (count && count <= GROUP_MAX && used + count > GROUP_MAX)
            used = GROUP_MAX;     /* start the node in a fresh group */
        for (size_t i = 0; i < cpus->n; i++) {
            if (node_of[i] != nodes->v[k])
                continue;
            if (used == GROUP_MAX) {
                group++;
                used = 0;
            }
            t->cpu[index] = (struct exec_cpu){ .linux_id = (int)cpus->v[i],
                .group = (uint16_t)group, .number = (uint8_t)used, .node = nodes->v[k],
                .core = -1, .package = 0 };
            t->group_size[group] = (uint8_t)++used;
            index++;
        }
    }
    t->ngroups = (uint16_t)(group + 1);
}

static int map_linux_ids(struct exec_topology *t)
{
    t->max_linux = 0;
    for (uint32_t i = 0; i < t->ncpu; i++)
        if (t->cpu[i].linux_id > t->max_linux)
            t->max_linux = t->cpu[i].linux_id;
    t->linux_to_index = malloc((size_t)(t->max_linux + 1) * sizeof(int));
    if (!t->linux_to_index)
        return -ENOMEM;
    for (int c = 0; c <= t->max_linux; c++)
        t->linux_to_index[c] = -1;
    for (uint32_t i = 0; i < t->ncpu; i++)
        t->linux_to_index[t->cpu[i].linux_id] = (int)i;
    return 0;
}

/* Turns a Linux CPU list into a set of processor indexes (inactive CPUs dropped). */
static int list_to_set(struct exec_topology *t, const char *text, struct exec_cpuset *set)
{
    struct idlist l = { 0 };
    *set = new_set(t);
    int rc = set->bits ? parse_list(text, &l) : -ENOMEM;
    for (size_t i = 0; !rc && i < l.n; i++)
        if ((int)l.v[i] <= t->max_linux && t->linux_to_index[l.v[i]] >= 0)
            set_add(set, (uint32_t)t->linux_to_index[l.v[i]]);
    free(l.v);
    return rc;
}

/* Finds SET among SETS (adding it if new); frees SET when it was known. */
static int intern_set(struct exec_topology *t, struct exec_cpuset **sets, uint32_t *n,
                      struct exec_cpuset set)
{
    for (uint32_t k = 0; k < *n; k++)
        if (set_equal(t, &(*sets)[k], &set)) {
            free(set.bits);
            return (int)k;
        }
    struct exec_cpuset *grown = realloc(*sets, (*n + 1) * sizeof **sets);
    if (!grown) {
        free(set.bits);
        return -ENOMEM;
    }
    *sets = grown;
    grown[*n] = set;
    return (int)(*n)++;
}

/* Reads the first present sibling list FILES of processor I (a set of processor
 * indexes that includes I); 1 when none is present. */
static int siblings(struct exec_topology *t, char *buf, const char *root, uint32_t i,
                    const char *const *files, struct exec_cpuset *set)
{
    for (; *files; files++) {
        if (!read_text(buf, root, "devices/system/cpu/cpu%d/topology/%s",
                       t->cpu[i].linux_id, *files))
            continue;
        int rc = list_to_set(t, buf, set);
        if (!rc)
            set_add(set, i);
        return rc;
    }
    return 1;
}

static int single_set(struct exec_topology *t, uint32_t i, struct exec_cpuset *set)
{
    *set = new_set(t);
    if (!set->bits)
        return -ENOMEM;
    set_add(set, i);
    return 0;
}

static int read_core_sets(struct exec_topology *t, char *buf, const char *root)
{
    static const char *const files[] = { "core_cpus_list", "thread_siblings_list", NULL };
    for (uint32_t i = 0; i < t->ncpu; i++) {
        struct exec_cpuset core;
        int rc = siblings(t, buf, root, i, files, &core);
        if (rc > 0)
            rc = single_set(t, i, &core);     /* unknown: a core of its own */
        if (rc)
            return rc;
        int k = intern_set(t, &t->cores, &t->ncores, core);
        if (k < 0)
            return k;
        t->cpu[i].core = k;
    }
    return 0;
}

/* Packages from sysfs, or one package of every processor if any CPU lacks the file. */
static int read_package_sets(struct exec_topology *t, char *buf, const char *root)
{
    static const char *const files[] = { "package_cpus_list", "core_siblings_list", NULL };
    int rc = 0;
    for (uint32_t i = 0; i < t->ncpu && !rc; i++) {
        struct exec_cpuset pkg;
        rc = siblings(t, buf, root, i, files, &pkg);
        int k = rc ? -1 : intern_set(t, &t->packages, &t->npackages, pkg);
        if (!rc && k < 0)
            return k;
        t->cpu[i].package = k;
    }
    if (rc <= 0)
        return rc;
    for (uint32_t k = 0; k < t->npackages; k++)
        free(t->packages[k].bits);
    t->npackages = 0;
    struct exec_cpuset all = new_set(t);
    if (!all.bits)
        return -ENOMEM;
    for (uint32_t i = 0; i < t->ncpu; i++) {
        set_add(&all, i);
        t->cpu[i].package = 0;
    }
    return intern_set(t, &t->packages, &t->npackages, all) < 0 ? -ENOMEM : 0;
}

static uint32_t parse_size(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end == 'K')
        v *= 1024;
    else if (*end == 'M')
        v *= 1024 * 1024;
    return (uint32_t)v;
}

static uint8_t cache_type(const char *s)
{
    if (!strncmp(s, "Data", 4))
        return 2;
    if (!strncmp(s, "Instruction", 11))
        return 1;
    return 0;
}

/* Reads cache K of processor I; 1 when there is no such cache. */
static int read_cache(struct exec_topology *t, char *buf, const char *root, uint32_t i,
                      unsigned k, struct exec_cache *c)
{
    const char *dir = "devices/system/cpu/cpu%d/cache/index%u/%s";
    int id = t->cpu[i].linux_id;
    if (!read_text(buf, root, dir, id, k, "level"))
        return 1;
    c->level = (uint8_t)atoi(buf);
    c->type = read_text(buf, root, dir, id, k, "type") ? cache_type(buf) : 0;
    c->size = read_text(buf, root, dir, id, k, "size") ? parse_size(buf) : 0;
    c->line_size = read_text(buf, root, dir, id, k, "coherency_line_size") ?
                   (uint16_t)atoi(buf) : 64;
    int ways = read_text(buf, root, dir, id, k, "ways_of_associativity") ? atoi(buf) : 0;
    c->ways = ways <= 0 ? 0xFF : ways > 0xFE ? 0xFE : (uint8_t)ways;
    if (!read_text(buf, root, dir, id, k, "shared_cpu_list"))
        return single_set(t, i, &c->cpus);
    int rc = list_to_set(t, buf, &c->cpus);
    if (!rc)
        set_add(&c->cpus, i);
    return rc;
}

static bool same_cache(const struct exec_topology *t, const struct exec_cache *a,
                       const struct exec_cache *b)
{
    return a->level == b->level && a->type == b->type && set_equal(t, &a->cpus, &b->cpus);
}

static int read_caches(struct exec_topology *t, char *buf, const char *root)
{
    for (uint32_t i = 0; i < t->ncpu; i++) {
        for (unsigned k = 0;; k++) {
            struct exec_cache c = { 0 };
            int rc = read_cache(t, buf, root, i, k, &c);
            if (rc) {
                free(c.cpus.bits);
                if (rc < 0)
                    return rc;
                break;            /* no more caches on this processor */
            }
            bool known = false;
            for (uint32_t j = 0; j < t->ncaches && !known; j++)
                known = same_cache(t, &t->caches[j], &c);
            if (known) {
                free(c.cpus.bits);
                continue;
            }
            struct exec_cache *grown = realloc(t->caches, (t->ncaches + 1) * sizeof *grown);
            if (!grown) {
                free(c.cpus.bits);
                return -ENOMEM;
            }
            t->caches = grown;
            t->caches[t->ncaches++] = c;
        }
    }
    return 0;
}

static int fill_node_sets(struct exec_topology *t)
{
    t->node_cpus = calloc(t->nnodes, sizeof *t->node_cpus);
    if (!t->node_cpus)
        return -ENOMEM;
    for (uint32_t k = 0; k < t->nnodes; k++) {
        t->node_cpus[k] = new_set(t);
        if (!t->node_cpus[k].bits)
            return -ENOMEM;
        for (uint32_t i = 0; i < t->ncpu; i++)
            if (t->cpu[i].node == t->node_ids[k])
                set_add(&t->node_cpus[k], i);
    }
    return 0;
}

static int build(struct exec_topology *t, char *buf, const char *root, const void *allowed)
{
    struct idlist cpus = { 0 }, nodes = { 0 };
    unsigned *node_of = NULL;
    int rc = active_linux_cpus(buf, root, allowed, &cpus);
    if (!rc && !(node_of = malloc(cpus.n * sizeof *node_of)))
        rc = -ENOMEM;
    if (!rc)
        rc = read_nodes(buf, root, &cpus, &nodes, node_of);
    t->ncpu = (uint32_t)cpus.n;
    t->words = (cpus.n + 63) / 64;
    t->cpu = calloc(cpus.n, sizeof *t->cpu);
    t->group_size = calloc(cpus.n, 1);
    if (!rc && (!t->cpu || !t->group_size))
        rc = -ENOMEM;
    if (!rc) {
        assign_groups(t, &cpus, node_of, &nodes);
        t->nnodes = (uint32_t)nodes.n;
        t->node_ids = nodes.v;
        nodes.v = NULL;
        rc = map_linux_ids(t);
    }
    if (!rc)
        rc = fill_node_sets(t);
    if (!rc)
        rc = read_core_sets(t, buf, root);
    if (!rc)
        rc = read_package_sets(t, buf, root);
    if (!rc)
        rc = read_caches(t, buf, root);
    free(node_of);
    free(cpus.v);
    free(nodes.v);
    return rc;
}

void exec_topology_free(struct exec_topology *t)
{
    if (!t)
        return;
    for (uint32_t k = 0; k < t->ncores; k++)
        free(t->cores[k].bits);
    for (uint32_t k = 0; k < t->npackages; k++)
        free(t->packages[k].bits);
    for (uint32_t k = 0; t->node_cpus && k < t->nnodes; k++)
        free(t->node_cpus[k].bits);
    for (uint32_t k = 0; k < t->ncaches; k++)
        free(t->caches[k].cpus.bits);
    free(t->cores);
    free(t->packages);
    free(t->node_cpus);
    free(t->caches);
    free(t->node_ids);
    free(t->linux_to_index);
    free(t->group_size);
    free(t->cpu);
    free(t);
}

int exec_topology_load(const char *sysfs_root, const void *allowed,
                       struct exec_topology **out)
{
    struct exec_topology *t = calloc(1, sizeof *t);
    char *buf = malloc(TEXT_MAX);
    int rc = t && buf ? build(t, buf, sysfs_root, allowed) : -ENOMEM;
    free(buf);
    if (rc) {
        exec_topology_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

static struct exec_topology *machine;
static pthread_once_t machine_once = PTHREAD_ONCE_INIT;

/* One processor, one node: what we say when even that cannot be read. */
static struct exec_cpu lone_cpu = { .linux_id = 0, .core = -1 };
static uint8_t lone_group = 1;
static uint32_t lone_node;
static uint64_t lone_bits = 1;
static int lone_map;
static struct exec_cpuset lone_set = { &lone_bits };
static struct exec_topology lone = {
    .ncpu = 1, .cpu = &lone_cpu, .ngroups = 1, .group_size = &lone_group, .nnodes = 1,
    .node_ids = &lone_node, .node_cpus = &lone_set, .linux_to_index = &lone_map,
    .words = 1,
};

static void load_machine(void)
{
    cpu_set_t set;
    bool have = sched_getaffinity(0, sizeof set, &set) == 0;
    if (exec_topology_load("/sys", have ? &set : NULL, &machine))
        machine = &lone;
}

const struct exec_topology *exec_topology(void)
{
    pthread_once(&machine_once, load_machine);
    return machine;
}

static uint32_t index_of_linux(const struct exec_topology *t, int c)
{
    if (c >= 0 && c <= t->max_linux && t->linux_to_index[c] >= 0)
        return (uint32_t)t->linux_to_index[c];
    return (uint32_t)(c < 0 ? 0 : c) % t->ncpu;
}

uint32_t exec_cpu_current(const struct exec_topology *t, struct exec_procnum *number)
{
    struct exec_thread *self = exec_self();
    uint32_t index;
    if (self->cpu && t == machine)
        index = (uint32_t)(self->cpu - 1) % t->ncpu;
    else if (self->sticky_cpu && self->irql >= EXEC_DISPATCH_LEVEL)
        index = (uint32_t)(self->sticky_cpu - 1) % t->ncpu;
    else
        index = index_of_linux(t, sched_getcpu());
    if (self->irql >= EXEC_DISPATCH_LEVEL && !self->cpu)
        self->sticky_cpu = (int32_t)index + 1;
    if (number) {
        number->group = t->cpu[index].group;
        number->number = t->cpu[index].number;
    }
    return index;
}

int exec_cpu_index(const struct exec_topology *t, const struct exec_procnum *number)
{
    for (uint32_t i = 0; i < t->ncpu; i++)
        if (t->cpu[i].group == number->group && t->cpu[i].number == number->number)
            return (int)i;
    return -EINVAL;
}

int exec_cpu_group_affinity(const struct exec_topology *t, uint16_t group, uint64_t *mask)
{
    if (group >= t->ngroups)
        return -EINVAL;
    unsigned n = t->group_size[group];
    *mask = n >= 64 ? ~0ull : (1ull << n) - 1;
    return 0;
}

int exec_cpu_node_affinity(const struct exec_topology *t, uint32_t node, uint64_t *mask,
                           uint16_t *group)
{
    for (uint32_t k = 0; k < t->nnodes; k++) {
        if (t->node_ids[k] != node)
            continue;
        *mask = 0;
        *group = 0;
        bool found = false;
        for (uint32_t i = 0; i < t->ncpu; i++) {
            if (!set_has(&t->node_cpus[k], i) || (found && t->cpu[i].group != *group))
                continue;
            *group = t->cpu[i].group;
            found = true;
            *mask |= 1ull << t->cpu[i].number;
        }
        return 0;
    }
    return -EINVAL;
}

uint32_t exec_cpu_highest_node(const struct exec_topology *t)
{
    return t->nnodes ? t->node_ids[t->nnodes - 1] : 0;
}
