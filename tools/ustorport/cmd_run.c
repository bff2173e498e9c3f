/* `ustorport run`: host a miniport and serve each of its disks as a named NBD
 * export, the first also as the default export "". Conventions follow nbdkit
 * and qemu-nbd: loopback TCP port 10809 unless told otherwise, -U PATH or -U -
 * (a private socket), the pidfile written once the listeners are ready, the
 * URI printed, the unix socket removed at exit, a non-zero exit on any startup
 * failure, --run CMD for captive use. It never forks: it stays in the
 * foreground until SIGINT or SIGTERM (or until CMD exits), then stops accepting,
 * lets requests in flight finish and flushes every disk before it exits. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nbd/nbd_server.h"
#include "ustorport/ustor_log.h"

#define CMD "run"
#define DEFAULT_PORT "10809"

struct run_opts {
    struct cli_dev_opts dev;
    const char *unix_path;      /* -U; "-" for a private one */
    const char *port;
    const char *bind;
    const char *run_cmd;
    const char *pidfile;
    unsigned threads;
    bool read_only;
};

struct run_state {
    struct run_opts o;
    struct cli_session s;
    struct ustor_nbd_server *srv;
    char private_dir[256];      /* -U -: the directory holding the socket */
    char socket_path[300];
    int tcp_port;
    char uri[1024];
    pid_t child;
    int child_status;
    bool pidfile_written;
};

static void usage(void)
{
    fputs("usage: ustorport run [OPTIONS]\n"
          "\n"
          "Host a miniport and serve each of its disks over NBD, one export per logical\n"
          "unit (disk0, disk1, ...; the first is also the default export). Stays in the\n"
          "foreground until interrupted; prints the URI to connect to.\n"
          "\n"
          "options:\n"
          "  -U, --unix PATH          listen on a unix socket ('-': a private one)\n"
          "  -p, --port PORT          listen on this TCP port (default 10809; 0: any)\n"
          "  -i, --bind ADDR          the TCP address to listen on (default: loopback)\n"
          "  -r, --read-only          refuse writes on every export\n"
          "      --run CMD            run CMD with $uri set (and $unixsocket or $port),\n"
          "                           then stop; exit with its status\n"
          "  -f, --foreground         stay in the foreground (always the case)\n"
          "  -P, --pidfile FILE       write the process id to FILE once listening\n"
          "  -t, --threads N          NBD worker threads (default: one per CPU, at most 8)\n"
          "  -h, --help               show this text\n"
          "\n" CLI_DEV_HELP, stdout);
}

static const struct option longopts[] = {
    { "unix", required_argument, NULL, 'U' },
    { "port", required_argument, NULL, 'p' },
    { "bind", required_argument, NULL, 'i' },
    { "read-only", no_argument, NULL, 'r' },
    { "readonly", no_argument, NULL, 'r' },
    { "run", required_argument, NULL, 0x200 },
    { "foreground", no_argument, NULL, 'f' },
    { "pidfile", required_argument, NULL, 'P' },
    { "threads", required_argument, NULL, 't' },
    { "help", no_argument, NULL, 'h' },
    CLI_DEV_LONGOPTS,
    { NULL, 0, NULL, 0 },
};

static void parse_option(struct run_opts *o, int c, char **argv)
{
    uint64_t v;
    switch (c) {
    case 'U': o->unix_path = optarg; break;
    case 'p':
        if (!cli_parse_uint(optarg, 0, 65535, &v))
            cli_usage_error(CMD, "--port '%s': expected a number from 0 to 65535", optarg);
        o->port = optarg;
        break;
    case 'i': o->bind = optarg; break;
    case 'r': o->read_only = true; break;
    case 0x200: o->run_cmd = optarg; break;
    case 'f': break;
    case 'P': o->pidfile = optarg; break;
    case 't':
        if (!cli_parse_uint(optarg, 1, 64, &v))
            cli_usage_error(CMD, "--threads '%s': expected a number from 1 to 64", optarg);
        o->threads = (unsigned)v;
        break;
    case 'h': usage(); exit(0);
    default:
        if (!cli_dev_option(CMD, &o->dev, c, optarg))
            cli_bad_option(CMD, c, argv);
    }
}

static void parse(struct run_opts *o, int argc, char **argv)
{
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":U:p:i:rfP:t:vh", longopts, NULL)) != -1)
        parse_option(o, c, argv);
    if (optind < argc)
        cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (o->unix_path && (o->port || o->bind))
        cli_usage_error(CMD, "-U cannot be combined with -p or --bind");
    if (o->unix_path && !o->unix_path[0])
        cli_usage_error(CMD, "-U needs a path or '-'");
}

/* ---- listening and URIs ---- */

static void uri_escape(char *out, size_t n, const char *s)
{
    static const char ok[] = "-._~/";
    size_t k = 0;
    for (; *s && k + 4 < n; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            strchr(ok, ch))
            out[k++] = (char)ch;
        else
            k += (size_t)snprintf(out + k, n - k, "%%%02X", ch);
    }
    out[k] = '\0';
}

static void uri_of(const struct run_state *st, const char *export, char *out, size_t n)
{
    char name[128], sock[600];
    uri_escape(name, sizeof name, export);
    if (st->socket_path[0]) {
        uri_escape(sock, sizeof sock, st->socket_path);
        snprintf(out, n, "nbd+unix:///%s?socket=%s", name, sock);
        return;
    }
    const char *host = st->o.bind ? st->o.bind : "localhost";
    if (!strcmp(host, "0.0.0.0") || !strcmp(host, "::"))
        host = "localhost";
    bool v6 = strchr(host, ':') != NULL;
    snprintf(out, n, "nbd://%s%s%s:%d%s%s", v6 ? "[" : "", host, v6 ? "]" : "", st->tcp_port,
             export[0] ? "/" : "", name);
}

static int private_socket(struct run_state *st)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(st->private_dir, sizeof st->private_dir, "%s/ustorport-XXXXXX",
             tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(st->private_dir)) {
        int e = errno;
        st->private_dir[0] = '\0';
        return cli_fail_rc(CMD, -e, "cannot create a private socket directory: %s", strerror(e));
    }
    snprintf(st->socket_path, sizeof st->socket_path, "%s/nbd.sock", st->private_dir);
    return 0;
}

static int listen_all(struct run_state *st)
{
    int rc;
    if (st->o.unix_path) {
        if (!strcmp(st->o.unix_path, "-")) {
            if ((rc = private_socket(st)) < 0)
                return rc;
        } else {
            snprintf(st->socket_path, sizeof st->socket_path, "%s", st->o.unix_path);
        }
        rc = ustor_nbd_server_listen_unix(st->srv, st->socket_path);
    } else {
        rc = ustor_nbd_server_listen_tcp(st->srv, st->o.bind, st->o.port ? st->o.port : DEFAULT_PORT);
        st->tcp_port = ustor_nbd_server_tcp_port(st->srv);
    }
    if (rc < 0) {
        st->socket_path[0] = '\0';  /* not ours: never remove someone else's socket */
        cli_fail(CMD, "%s", ustor_error_message());
    }
    return rc;
}

/* ---- exports ---- */

static int exports_add(struct run_state *st)
{
    bool first = true;
    for (unsigned i = 0; i < st->s.n_luns; i++) {
        struct cli_lun *l = &st->s.luns[i];
        if (!l->disk) {
            fprintf(stderr, "ustorport run: %s not served: %s\n", l->name, l->error);
            continue;
        }
        const struct ustor_disk_info *in = ustor_disk_get_info(l->disk);
        char desc[128];
        snprintf(desc, sizeof desc, "%s %s (unit %u:%u:%u)", in->vendor, in->product,
                 in->path_id, in->target_id, in->lun);
        struct nbd_export e;
        int rc = ustor_disk_nbd_export(l->disk, l->name, desc, &e);
        if (rc == 0)
            rc = ustor_nbd_server_add_export(st->srv, &e);
        if (rc == 0 && first) {
            e.name = "";
            rc = ustor_nbd_server_add_export(st->srv, &e);
            first = false;
        }
        if (rc < 0)
            return cli_fail_rc(CMD, rc, "%s: cannot export: %s", l->name, ustor_error_message());
    }
    return 0;
}

static int server_create(struct run_state *st)
{
    struct ustor_nbd_config cfg = { .workers = st->o.threads, .read_only = st->o.read_only };
    int rc = ustor_nbd_server_new(&cfg, &st->srv);
    if (rc < 0)
        return cli_fail_rc(CMD, rc, "cannot create the NBD server: %s", ustor_error_message());
    if ((rc = exports_add(st)) < 0 || (rc = listen_all(st)) < 0)
        return rc;
    rc = ustor_nbd_server_start(st->srv);
    if (rc < 0)
        return cli_fail_rc(CMD, rc, "cannot start the NBD server: %s", ustor_error_message());
    return 0;
}

/* ---- pidfile, --run, signals ---- */

static int pidfile_write(struct run_state *st)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp%d", st->o.pidfile, (int)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0 || rename(tmp, st->o.pidfile)) {
        int e = errno;
        unlink(tmp);
        return cli_fail_rc(CMD, -e, "--pidfile %s: %s", st->o.pidfile, strerror(e));
    }
    st->pidfile_written = true;
    return 0;
}

static int run_child(struct run_state *st, const sigset_t *old_mask)
{
    char port[16];
    pid_t pid = fork();
    if (pid < 0)
        return cli_fail_rc(CMD, -errno, "--run: fork: %s", strerror(errno));
    if (pid > 0) {
        st->child = pid;
        return 0;
    }
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    setenv("uri", st->uri, 1);
    setenv("exportname", "", 1);
    if (st->socket_path[0]) {
        setenv("unixsocket", st->socket_path, 1);
    } else {
        snprintf(port, sizeof port, "%d", st->tcp_port);
        setenv("port", port, 1);
    }
    execl("/bin/sh", "sh", "-c", st->o.run_cmd, (char *)NULL);
    fprintf(stderr, "ustorport run: --run: /bin/sh: %s\n", strerror(errno));
    _exit(127);
}

/* Waits for SIGINT/SIGTERM/SIGHUP, or for the --run command to exit. */
static void wait_for_stop(struct run_state *st, const sigset_t *set)
{
    for (;;) {
        int sig = sigwaitinfo(set, NULL);
        if (sig < 0)
            continue;
        if (sig != SIGCHLD) {
            fprintf(stderr, "ustorport run: %s: shutting down\n", strsignal(sig));
            return;
        }
        int status;
        if (st->child > 0 && waitpid(st->child, &status, WNOHANG) == st->child) {
            st->child = 0;
            st->child_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return;
        }
    }
}

static void flush_disks(struct run_state *st)
{
    for (unsigned i = 0; i < st->s.n_luns; i++) {
        struct cli_lun *l = &st->s.luns[i];
        if (!l->disk || ustor_disk_get_info(l->disk)->read_only)
            continue;
        int rc = ustor_disk_io_sync(l->disk, USTOR_DISK_FLUSH, 0, 0, 0, NULL);
        if (rc < 0 && rc != -ENOTSUP)
            fprintf(stderr, "ustorport run: %s: flush at exit failed: %s\n", l->name, strerror(-rc));
    }
}

static void teardown(struct run_state *st)
{
    if (st->srv)
        ustor_nbd_server_free(st->srv);     /* removes its unix socket */
    st->srv = NULL;
    if (st->private_dir[0])
        rmdir(st->private_dir);
    if (st->pidfile_written)
        unlink(st->o.pidfile);
    cli_session_close(&st->s);
}

static int serve(struct run_state *st, const sigset_t *set, const sigset_t *old)
{
    int rc = server_create(st);
    if (rc == 0 && st->o.pidfile)
        rc = pidfile_write(st);
    if (rc < 0)
        return rc;
    uri_of(st, "", st->uri, sizeof st->uri);
    if (st->o.run_cmd) {
        if ((rc = run_child(st, old)) < 0)
            return rc;
    } else {
        printf("%s\n", st->uri);
        for (unsigned i = 0; i < st->s.n_luns; i++) {
            char uri[1024];
            if (!st->s.luns[i].disk || st->s.n_disks < 2)
                continue;
            uri_of(st, st->s.luns[i].name, uri, sizeof uri);
            printf("%s\n", uri);
        }
        fflush(stdout);
    }
    wait_for_stop(st, set);
    ustor_nbd_server_request_stop(st->srv);
    ustor_nbd_server_wait(st->srv);
    flush_disks(st);
    return 0;
}

int cmd_run(int argc, char **argv)
{
    static struct run_state st;
    parse(&st.o, argc, argv);
    if (cli_dev_logging(CMD, &st.o.dev))
        return 1;
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGCHLD);
    signal(SIGPIPE, SIG_IGN);
    /* before any thread starts, so only sigwaitinfo() here ever takes them */
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (cli_session_open(CMD, &st.o.dev, &st.s) < 0)
        return 1;
    if (st.s.n_disks == 0) {
        cli_fail(CMD, "no logical unit can be served%s%s", st.s.n_luns ? ": " : " (none found)",
                 st.s.n_luns ? st.s.luns[0].error : "");
        teardown(&st);
        return 1;
    }
    int rc = serve(&st, &set, &old);
    teardown(&st);
    if (rc < 0)
        return 1;
    return st.o.run_cmd ? st.child_status : 0;
}
