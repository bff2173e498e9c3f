/*
 * header_check: compiles probes of the WDK-compatible headers (include/wdk)
 * with gcc and clang, each in library mode and in miniport mode.
 *   header_check self      every include/wdk header alone (and twice, for its guard),
 *                          then the names no header may reach (probe_tables.h)
 *   header_check boundary  names that must NOT be reachable from given include sets
 *   header_check reach     names that must be reachable from miniport include sets
 *                          (also in miniport mode with DBG=1)
 *   header_check reject    miniport code the prelude must refuse (SEH __except...)
 * Headers are found when the test runs, so new ones are covered without
 * reconfiguring; a header that does not exist yet is skipped.  Each probe is
 * its own translation unit; one compiler run per compiler and mode compiles
 * them all, and any diagnostic fails the test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "header_check_config.h"
#include "probe_tables.h"

#define MAX_HEADERS 256
#define MAX_PROBES 512
#define NAME_LEN 128

struct probes {
    char path[MAX_PROBES][512];
    int count;
};

static char tmpdir[] = "/tmp/ustor-header-check-XXXXXX";
static char headers[MAX_HEADERS][NAME_LEN];
static int header_count;

static int cmp_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int list_headers(void)
{
    DIR *d = opendir(HC_WDK_DIR);
    struct dirent *e;

    if (d == NULL) {
        fprintf(stderr, "header_check: cannot open %s: %s\n", HC_WDK_DIR, strerror(errno));
        return -errno;
    }
    while ((e = readdir(d)) != NULL && header_count < MAX_HEADERS) {
        size_t len = strlen(e->d_name);
        if (ends_with(e->d_name, ".h") && len < NAME_LEN)
            memcpy(headers[header_count++], e->d_name, len + 1);
    }
    closedir(d);
    qsort(headers, (size_t)header_count, NAME_LEN, cmp_names);
    return 0;
}

static int header_exists(const char *name)
{
    for (int i = 0; i < header_count; i++)
        if (strcmp(headers[i], name) == 0)
            return 1;
    return 0;
}

static int add_probe(struct probes *p, const char *tag, const char *text)
{
    FILE *f;

    if (p->count == MAX_PROBES)
        return -ENOSPC;
    snprintf(p->path[p->count], sizeof(p->path[0]), "%s/%s.c", tmpdir, tag);
    f = fopen(p->path[p->count], "w");
    if (f == NULL)
        return -errno;
    fputs(text, f);
    fclose(f);
    p->count++;
    return 0;
}

/* Runs one compiler over all probes, its objects and log in their own
 * directory; prints its diagnostics, returns 1 on any. */
static int compile(const char *name, const char *cc, const char *mode, const char *flags,
                   const struct probes *p)
{
    static char cmd[512 * MAX_PROBES + 4096];
    char dir[600], log[700];
    struct stat st;
    int len, rc;

    snprintf(dir, sizeof(dir), "%s/%s-%s", tmpdir, name, mode);
    snprintf(log, sizeof(log), "%s/compile.log", dir);
    if (mkdir(dir, 0700) < 0)
        return 1;
    /* -c, not -fsyntax-only: gcc reports unused statics only when it compiles. */
    len = snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s -I'%s' -c", dir, cc, flags, HC_WDK_DIR);
    for (int i = 0; i < p->count; i++)
        len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, " '%s'", p->path[i]);
    snprintf(cmd + len, sizeof(cmd) - (size_t)len, " >'%s' 2>&1", log);
    rc = system(cmd);
    if (rc == 0 && stat(log, &st) == 0 && st.st_size == 0) {
        printf("ok   %-6s %-8s %d probes\n", name, mode, p->count);
        return 0;
    }
    printf("FAIL %-6s %-8s (exit %d)\n", name, mode, rc);
    fflush(stdout);
    snprintf(cmd, sizeof(cmd), "cat '%s'", log);
    if (system(cmd) != 0)
        fprintf(stderr, "header_check: cannot show %s\n", log);
    return 1;
}

struct mode {
    const char *name, *flags;
};

static const struct mode modes_all[] = {
    { "library", HC_LIBRARY_FLAGS },
    { "miniport", HC_MINIPORT_FLAGS },
    { "dbg", HC_MINIPORT_FLAGS " -DDBG=1" }, /* checked builds: ASSERT expands */
};

/* Every compiler/mode run at once, each in a child process. */
static int compile_all(const char *const compilers[2][2], int nmodes, const struct probes *p)
{
    int failed = 0, status;

    fflush(stdout);
    for (int job = 0; job < 2 * nmodes; job++) {
        const char *name = compilers[job / nmodes][0], *cc = compilers[job / nmodes][1];
        const struct mode *m = &modes_all[job % nmodes];
        if (cc[0] == 0) {
            if (job % nmodes == 0)
                printf("FAIL %s not found: run scripts/install-deps.sh test\n", name);
            failed++;
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) {
            int rc = compile(name, cc, m->name, m->flags, p);
            fflush(stdout);
            _exit(rc);
        }
        failed += pid < 0;
    }
    while (wait(&status) > 0)
        failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    return failed;
}

/* Includes h; pshpackN.h and poppack.h only make sense as a pair, and clang
 * warns (-Wpragma-pack) at every include that changes the packing state. */
static void append_header(char *text, size_t size, const char *h)
{
    size_t used = strlen(text);

    if (strncmp(h, "pshpack", 7) == 0 || strcmp(h, "poppack.h") == 0) {
        snprintf(text + used, size - used,
                 "#ifdef __clang__\n#pragma clang diagnostic ignored \"-Wpragma-pack\"\n#endif\n");
        used = strlen(text);
    }
    if (strncmp(h, "pshpack", 7) == 0)
        snprintf(text + used, size - used, "#include \"%s\"\n#include \"poppack.h\"\n", h);
    else if (strcmp(h, "poppack.h") == 0)
        snprintf(text + used, size - used, "#include \"pshpack1.h\"\n#include \"%s\"\n", h);
    else
        snprintf(text + used, size - used, "#include \"%s\"\n", h);
}

/* Every header alone, included twice to prove its include guard, followed by
 * the declarations of names that no header may reach. */
static int make_self_probes(struct probes *p)
{
    static char text[16384];
    char tag[NAME_LEN + 8];

    for (int i = 0; i < header_count; i++) {
        text[0] = 0;
        append_header(text, sizeof(text), headers[i]);
        append_header(text, sizeof(text), headers[i]);
        for (int b = 0; b < (int)(sizeof(hc_boundaries) / sizeof(hc_boundaries[0])); b++)
            if (hc_boundaries[b].every_header)
                strcat(text, hc_boundaries[b].probe);
        snprintf(tag, sizeof(tag), "self_%.*s", (int)strlen(headers[i]) - 2, headers[i]);
        if (add_probe(p, tag, text) < 0)
            return -1;
    }
    return 0;
}

/* Appends #include lines for the set's headers that exist; returns how many. */
static int include_set(char *text, size_t size, const char *const *set)
{
    int n = 0;

    for (; *set != NULL; set++) {
        if (!header_exists(*set))
            continue;
        append_header(text, size, *set);
        n++;
    }
    return n;
}

/* The names that must not be reachable from particular include sets. */
static int make_boundary_probes(struct probes *p)
{
    static char text[16384];
    char tag[64];

    for (int i = 0; i < (int)(sizeof(hc_boundaries) / sizeof(hc_boundaries[0])); i++) {
        const struct hc_boundary *b = &hc_boundaries[i];
        for (int s = 0; b->sets[s] != NULL; s++) {
            text[0] = 0;
            if (include_set(text, sizeof(text), b->sets[s]) == 0)
                continue;
            strcat(text, b->probe);
            snprintf(tag, sizeof(tag), "boundary_%d_set%d", i, s);
            if (add_probe(p, tag, text) < 0)
                return -1;
        }
    }
    return 0;
}

static int make_reach_probes(struct probes *p)
{
    static char text[16384];
    char tag[64];

    for (int i = 0; i < (int)(sizeof(hc_reaches) / sizeof(hc_reaches[0])); i++) {
        const struct hc_reach *r = &hc_reaches[i];
        int want = 0;
        for (const char *const *h = r->set; *h != NULL; h++)
            want++;
        text[0] = 0;
        if (include_set(text, sizeof(text), r->set) != want) {
            printf("skip reach probe '%s': not all of its headers exist yet\n", r->what);
            continue;
        }
        strcat(text, r->probe);
        snprintf(tag, sizeof(tag), "reach_%d", i);
        if (add_probe(p, tag, text) < 0)
            return -1;
    }
    return 0;
}

/* Each probe must fail to compile in miniport mode, saying what is wrong. */
static int check_rejects(const char *name, const char *cc, struct probes *p)
{
    static char cmd[4096];
    char tag[32], log[600];
    int failed = 0;

    snprintf(log, sizeof(log), "%s/compile.log", tmpdir);
    for (int i = 0; i < (int)(sizeof(hc_rejects) / sizeof(hc_rejects[0])); i++) {
        snprintf(tag, sizeof(tag), "reject_%s_%d", name, i);
        if (add_probe(p, tag, hc_rejects[i].probe) < 0)
            return 1;
        snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s -I'%s' -c '%s' >'%s' 2>&1", tmpdir, cc,
                 HC_MINIPORT_FLAGS, HC_WDK_DIR, p->path[p->count - 1], log);
        int rc = system(cmd);
        snprintf(cmd, sizeof(cmd), "grep -qF -- '%s' '%s'", hc_rejects[i].expect, log);
        if (rc != 0 && system(cmd) == 0) {
            printf("ok   %-6s rejects %s\n", name, hc_rejects[i].what);
            continue;
        }
        printf("FAIL %-6s accepted %s, or without \"%s\" (exit %d)\n", name, hc_rejects[i].what,
               hc_rejects[i].expect, rc);
        failed++;
    }
    return failed;
}

static int required_headers_present(void)
{
    int missing = 0;

    for (const char *const *h = hc_base_headers; *h != NULL; h++) {
        if (!header_exists(*h)) {
            printf("FAIL base header %s is missing\n", *h);
            missing++;
        }
    }
    return missing;
}

static void remove_tmpdir(const struct probes *p)
{
    char cmd[600];

    (void)p;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "header_check: could not remove %s\n", tmpdir);
}

static int make_probes(const char *what, struct probes *p, int *failed)
{
    if (strcmp(what, "self") == 0) {
        *failed += required_headers_present();
        return make_self_probes(p);
    }
    if (strcmp(what, "boundary") == 0)
        return make_boundary_probes(p);
    if (strcmp(what, "reach") == 0)
        return make_reach_probes(p);
    fprintf(stderr, "usage: header_check self|boundary|reach|reject\n");
    return -1;
}

int main(int argc, char **argv)
{
    static struct probes probes;
    const char *what = argc > 1 ? argv[1] : "self";
    const char *const compilers[2][2] = { { "gcc", HC_GCC }, { "clang", HC_CLANG } };
    int reject = strcmp(what, "reject") == 0;
    int failed = 0;

    if (list_headers() < 0 || mkdtemp(tmpdir) == NULL)
        return 1;
    if (!reject && (make_probes(what, &probes, &failed) < 0 || probes.count == 0)) {
        fprintf(stderr, "header_check: no probes for '%s'\n", what);
        failed++;
    }
    for (int c = 0; c < 2 && reject; c++) {
        const char *name = compilers[c][0], *cc = compilers[c][1];
        if (cc[0] == 0) {
            printf("FAIL %s not found: run scripts/install-deps.sh test\n", name);
            failed++;
        } else {
            failed += check_rejects(name, cc, &probes);
        }
    }
    if (!reject && probes.count > 0)
        failed += compile_all(compilers, strcmp(what, "reach") == 0 ? 3 : 2, &probes);
    remove_tmpdir(&probes);
    printf("%s: %d header(s), %d probe(s), %s\n", what, header_count, probes.count,
           failed ? "FAILED" : "passed");
    return failed ? 1 : 0;
}
