/* The device options and the session every command opens: find the miniport
 * (a path, or a name looked up beside the installed tool, in the build tree, then in
 * the configured install tree),
 * turn --disk options into its ArgumentString ("disk0=SPEC;disk1=SPEC") or, with a
 * controller (cli_controller.c), into namespaces, add one adapter, and open a disk on
 * each unit it reports. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ustorport/ustor_log.h"

#ifndef USTOR_BUILD_MINIPORT_DIR
#define USTOR_BUILD_MINIPORT_DIR ""
#endif
#ifndef USTOR_MINIPORT_DIR
#define USTOR_MINIPORT_DIR "/usr/local/lib/ustorport/miniports"
#endif
#ifndef USTOR_MINIPORT_RELDIR
#define USTOR_MINIPORT_RELDIR "../lib/ustorport/miniports"
#endif

bool cli_dev_option(const char *cmd, struct cli_dev_opts *o, int opt, const char *arg)
{
    switch (opt) {
    case 0x100:
        o->miniport = arg;
        return true;
    case 0x101:
        if (o->n_disks == CLI_MAX_DISKS)
            cli_usage_error(cmd, "at most %d --disk options", CLI_MAX_DISKS);
        if (!arg[0] || strchr(arg, ';'))
            cli_usage_error(cmd, "--disk '%s': expected PATH or ram:SIZE (without ';')", arg);
        o->disks[o->n_disks++] = arg;
        return true;
    case 0x102:
        o->registry = arg;
        return true;
    case 0x103:
        o->trace = arg;
        return true;
    case 0x104:
        o->log_spec = arg;
        return true;
    case 0x105:
        if (strcmp(arg, "nvme") && strcmp(arg, "none"))
            cli_usage_error(cmd, "--controller '%s': expected nvme or none", arg);
        o->controller = arg;
        return true;
    case 'v':
        o->verbose++;
        return true;
    default:
        return false;
    }
}

int cli_dev_logging(const char *cmd, const struct cli_dev_opts *o)
{
    static const char *const levels[] = { NULL, "info", "debug", "trace" };
    const char *spec = o->log_spec ? o->log_spec : levels[o->verbose > 3 ? 3 : o->verbose];
    if (spec && ustor_log_set_levels(spec) < 0)
        cli_usage_error(cmd, "--log '%s': expected LEVEL or CHANNEL=LEVEL items "
                        "(error, warning, info, debug, trace, off)", spec);
    if (o->trace) {
        int rc = ustor_log_open_trace(o->trace);
        if (rc < 0)
            return cli_fail(cmd, "--trace %s: %s", o->trace, strerror(-rc));
    }
    return 0;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The bundled miniports of the tree this executable was installed into, wherever
 * the prefix went, as a canonical path in buf (PATH_MAX bytes); NULL when there is
 * no such directory (the tool runs from its build tree). */
static const char *miniport_dir_beside_tool(char *buf)
{
    char path[PATH_MAX + sizeof USTOR_MINIPORT_RELDIR + 1];
    ssize_t len = readlink("/proc/self/exe", path, PATH_MAX - 1);
    if (len <= 0)
        return NULL;
    path[len] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    strcpy(slash + 1, USTOR_MINIPORT_RELDIR);
    return realpath(path, buf);
}

/* PATH as given when it names a file; NAME looked up beside the installed tool, in
 * the build tree, then in the configured install tree. */
static int miniport_find(const char *cmd, const char *name, char *out, size_t n)
{
    if (strchr(name, '/') || strstr(name, ".so")) {
        if (!is_file(name)) {
            cli_fail(cmd, "--miniport %s: no such file", name);
            return -ENOENT;
        }
        snprintf(out, n, "%s", name);
        return 0;
    }
    char beside[PATH_MAX];
    const char *dirs[] = { getenv("USTOR_MINIPORT_PATH"),
                           miniport_dir_beside_tool(beside),
                           USTOR_BUILD_MINIPORT_DIR, USTOR_MINIPORT_DIR };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i] || !dirs[i][0])
            continue;
        snprintf(out, n, "%s/%s/%s.so", dirs[i], name, name);
        if (is_file(out))
            return 0;
        snprintf(out, n, "%s/%s.so", dirs[i], name);
        if (is_file(out))
            return 0;
    }
    cli_fail(cmd, "--miniport %s: not found in %s or %s", name, USTOR_BUILD_MINIPORT_DIR,
             USTOR_MINIPORT_DIR);
    return -ENOENT;
}

/* Without --disk the ArgumentString stays empty: the miniport then reads its
 * registry (--registry) or uses its own default (the ramdisk's is ram:1G). */
static int argument_build(const char *cmd, const struct cli_dev_opts *o, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < o->n_disks; i++) {
        const char *spec = o->disks[i];
        int w = snprintf(out + used, n - used, "%sdisk%u=%s", i ? ";" : "", i, spec);
        if (w < 0 || (size_t)w >= n - used) {
            cli_fail(cmd, "--disk options are too long together");
            return -E2BIG;
        }
        used += (size_t)w;
    }
    return 0;
}

static void lun_name(struct cli_session *s, struct cli_lun *l)
{
    bool flat = true;
    for (unsigned i = 0; i < s->n_luns; i++)
        flat = flat && s->luns[i].info.path_id == 0 && s->luns[i].info.target_id == 0;
    if (flat)
        snprintf(l->name, sizeof l->name, "disk%u", l->info.lun);
    else
        snprintf(l->name, sizeof l->name, "disk-%u-%u-%u", l->info.path_id, l->info.target_id,
                 l->info.lun);
}

static void luns_open(struct cli_session *s)
{
    for (unsigned i = 0; i < s->n_luns; i++) {
        struct cli_lun *l = &s->luns[i];
        lun_name(s, l);
        l->lun = ustor_adapter_lun(s->adapter, l->info.path_id, l->info.target_id, l->info.lun);
        int rc = l->lun ? ustor_disk_open(s->host, l->lun, &l->disk) : -ENODEV;
        if (rc < 0) {
            snprintf(l->error, sizeof l->error, "%s", ustor_error_message());
            l->disk = NULL;
            continue;
        }
        s->n_disks++;
    }
}

static int lun_order(const void *a, const void *b)
{
    const struct ustor_lun_info *x = a, *y = b;
    uint32_t kx = (uint32_t)x->path_id << 16 | (uint32_t)x->target_id << 8 | x->lun;
    uint32_t ky = (uint32_t)y->path_id << 16 | (uint32_t)y->target_id << 8 | y->lun;
    return kx < ky ? -1 : kx > ky;
}

static int adapter_start(const char *cmd, const struct cli_dev_opts *o, struct cli_session *s)
{
    struct ustor_adapter_options ao = { .size = sizeof ao,
                                        .argument_string = s->argument[0] ? s->argument : NULL,
                                        .registry_path = o->registry };
    if (s->machine)                     /* a physical adapter: the disks are namespaces */
        ao.device = cli_machine_device(s->machine);
    int rc = ustor_adapter_add(s->driver, &ao, &s->adapter);
    if (rc < 0) {
        cli_fail(cmd, "%s: the adapter did not start: %s", s->miniport_path, ustor_error_message());
        return rc;
    }
    struct ustor_lun_info infos[CLI_MAX_LUNS];
    rc = ustor_adapter_luns(s->adapter, infos, CLI_MAX_LUNS);
    if (rc < 0) {
        cli_fail(cmd, "listing units: %s", ustor_error_message());
        return rc;
    }
    s->n_luns = rc < CLI_MAX_LUNS ? (unsigned)rc : CLI_MAX_LUNS;
    qsort(infos, s->n_luns, sizeof infos[0], lun_order);   /* the port lists them in any order */
    for (unsigned i = 0; i < s->n_luns; i++)
        s->luns[i].info = infos[i];
    luns_open(s);
    return 0;
}

int cli_session_open(const char *cmd, const struct cli_dev_opts *o, struct cli_session *s)
{
    memset(s, 0, sizeof *s);
    int rc = miniport_find(cmd, cli_miniport_of(o), s->miniport_path, sizeof s->miniport_path);
    if (rc == 0)
        rc = argument_build(cmd, o, s->argument, sizeof s->argument);
    if (rc < 0)
        return rc;
    rc = ustor_host_create(NULL, &s->host);
    if (rc < 0) {
        cli_fail(cmd, "cannot create the host: %s", ustor_error_message());
        return rc;
    }
    rc = cli_machine_open(cmd, o, s->host, &s->machine);
    if (rc < 0)
        goto fail;
    if (s->machine)
        s->argument[0] = '\0';
    rc = ustor_driver_load(s->host, s->miniport_path, &s->driver);
    if (rc < 0) {
        cli_fail(cmd, "%s", ustor_error_message());
        goto fail;
    }
    rc = adapter_start(cmd, o, s);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    cli_session_close(s);
    return rc;
}

void cli_session_close(struct cli_session *s)
{
    for (unsigned i = 0; i < s->n_luns; i++) {
        ustor_disk_close(s->luns[i].disk);
        s->luns[i].disk = NULL;
    }
    if (s->adapter)
        ustor_adapter_remove(s->adapter);
    s->adapter = NULL;
    cli_machine_close(s->machine);
    s->machine = NULL;
    ustor_host_destroy(s->host);
    s->host = NULL;
}

struct cli_lun *cli_session_find(struct cli_session *s, const char *name)
{
    uint64_t index;
    for (unsigned i = 0; i < s->n_luns; i++)
        if (!strcmp(s->luns[i].name, name))
            return &s->luns[i];
    if (cli_parse_uint(name, 0, CLI_MAX_LUNS - 1, &index) && index < s->n_luns)
        return &s->luns[index];
    return NULL;
}
