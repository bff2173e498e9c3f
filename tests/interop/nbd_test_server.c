/* nbd_test_server: serves backends (ram:SIZE, image files) directly as NBD
 * exports, for the interop tests and benchmarks until `ustorport run` serves a
 * miniport's LUNs the same way. Runs in the foreground; the pidfile is written
 * once the listeners are ready; SIGINT/SIGTERM stop it cleanly. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nbd/nbd_backend_export.h"
#include "nbd/nbd_server.h"
#include "ustorport/ustor_backend.h"
#include "ustorport/ustor_log.h"

#define MAX_EXPORTS 16

struct export_arg {
    char *name;
    const char *spec;
    const char *description;
    uint32_t block_min;
};

struct options {
    const char *unix_path, *port, *bind, *pidfile;
    int serve_fd;
    bool read_only, print_uri;
    unsigned workers, max_requests;
    int poll_us;
    struct export_arg exports[MAX_EXPORTS];
    unsigned n_exports;
};

static struct ustor_nbd_server *the_server;

static void usage(FILE *out)
{
    fputs("usage: nbd_test_server [-U SOCKET | -p PORT [--bind ADDR] | --fd N] [-P PIDFILE]\n"
          "                       [-r] [-w WORKERS] [--max-requests N] [--poll-us N] [--print-uri]\n"
          "                       [--block-size N] [--description TEXT] --export NAME=SPEC ...\n"
          "       SPEC is a backend spec: ram:SIZE[,ro] or PATH[,size=N][,ro][,direct][,aio=...]\n"
          "       a bare SPEC argument is exported under the name \"\"\n", out);
}

static void on_signal(int sig)
{
    (void)sig;
    if (the_server)
        ustor_nbd_server_request_stop(the_server);
}

static int add_export_arg(struct options *o, const char *name, const char *spec, uint32_t bs,
                          const char *desc)
{
    if (o->n_exports == MAX_EXPORTS) {
        fprintf(stderr, "nbd_test_server: at most %d exports\n", MAX_EXPORTS);
        return -1;
    }
    o->exports[o->n_exports++] = (struct export_arg){ strdup(name), spec, desc, bs };
    return 0;
}

static int parse_export(struct options *o, char *arg, uint32_t bs, const char *desc)
{
    char *eq = strchr(arg, '=');

    if (!eq) {
        fprintf(stderr, "nbd_test_server: --export wants NAME=SPEC, got '%s'\n", arg);
        return -1;
    }
    *eq = '\0';
    return add_export_arg(o, arg, eq + 1, bs, desc);
}

static int parse_args(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "export", required_argument, 0, 'e' }, { "bind", required_argument, 0, 'b' },
        { "fd", required_argument, 0, 'F' }, { "block-size", required_argument, 0, 'B' },
        { "description", required_argument, 0, 'D' }, { "max-requests", required_argument, 0, 'M' },
        { "print-uri", no_argument, 0, 'u' }, { "poll-us", required_argument, 0, 'S' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
    };
    uint32_t bs = 0;
    const char *desc = NULL;
    int c;

    o->serve_fd = -1;
    while ((c = getopt_long(argc, argv, "U:p:P:rw:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'U': o->unix_path = optarg; break;
        case 'p': o->port = optarg; break;
        case 'b': o->bind = optarg; break;
        case 'P': o->pidfile = optarg; break;
        case 'F': o->serve_fd = atoi(optarg); break;
        case 'r': o->read_only = true; break;
        case 'w': o->workers = (unsigned)atoi(optarg); break;
        case 'M': o->max_requests = (unsigned)atoi(optarg); break;
        case 'B': bs = (uint32_t)strtoul(optarg, NULL, 0); break;
        case 'D': desc = optarg; break;
        case 'u': o->print_uri = true; break;
        case 'S': o->poll_us = atoi(optarg); break;
        case 'e':
            if (parse_export(o, optarg, bs, desc) < 0)
                return -1;
            break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    for (; optind < argc; optind++)
        if (add_export_arg(o, "", argv[optind], bs, desc) < 0)
            return -1;
    if (o->n_exports == 0 || (!o->unix_path && !o->port && o->serve_fd < 0)) {
        usage(stderr);
        return -1;
    }
    return 0;
}

static int open_exports(struct options *o, struct ustor_backend **backends)
{
    for (unsigned i = 0; i < o->n_exports; i++) {
        struct export_arg *a = &o->exports[i];
        struct nbd_export e;

        if (ustor_backend_open(a->spec, o->read_only ? USTOR_BACKEND_OPEN_READ_ONLY : 0, &backends[i]) < 0 ||
            ustor_nbd_backend_export(backends[i], a->name, a->description, a->block_min, &e) < 0 ||
            ustor_nbd_server_add_export(the_server, &e) < 0) {
            fprintf(stderr, "nbd_test_server: %s\n", ustor_error_message());
            return -1;
        }
    }
    return 0;
}

static int listen_all(const struct options *o)
{
    int r = 0;

    if (o->unix_path)
        r = ustor_nbd_server_listen_unix(the_server, o->unix_path);
    if (r == 0 && o->port)
        r = ustor_nbd_server_listen_tcp(the_server, o->bind, o->port);
    if (r == 0)
        r = ustor_nbd_server_start(the_server);
    if (r == 0 && o->serve_fd >= 0)
        r = ustor_nbd_server_serve_fd(the_server, o->serve_fd);
    if (r < 0)
        fprintf(stderr, "nbd_test_server: %s\n", ustor_error_message());
    return r;
}

static int write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0) {
        fprintf(stderr, "nbd_test_server: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static void print_uri(const struct options *o)
{
    const char *name = o->exports[0].name;

    if (o->unix_path)
        printf("nbd+unix:///%s?socket=%s\n", name, o->unix_path);
    else if (o->port)
        printf("nbd://%s:%d/%s\n", o->bind ? o->bind : "localhost",
               ustor_nbd_server_tcp_port(the_server), name);
    fflush(stdout);
}

/* With --fd alone the server lives as long as that one client. */
static void on_disconnect(void *opaque, unsigned remaining)
{
    const struct options *o = opaque;

    if (remaining == 0 && !o->unix_path && !o->port)
        ustor_nbd_server_request_stop(the_server);
}

int main(int argc, char **argv)
{
    static struct options o;
    struct ustor_backend *backends[MAX_EXPORTS] = { 0 };
    struct sigaction sa = { .sa_handler = on_signal };
    struct ustor_nbd_config cfg = { 0 };
    int status = 1;

    if (parse_args(argc, argv, &o) < 0)
        return 2;
    cfg.workers = o.workers;
    cfg.max_requests = o.max_requests;
    cfg.poll_us = o.poll_us;
    cfg.on_disconnect = on_disconnect;
    cfg.opaque = &o;
    if (ustor_nbd_server_new(&cfg, &the_server) < 0 || open_exports(&o, backends) < 0 ||
        listen_all(&o) < 0)
        goto out;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (o.pidfile && write_pidfile(o.pidfile) < 0)
        goto out;
    if (o.print_uri)
        print_uri(&o);
    ustor_nbd_server_wait(the_server);
    status = 0;
out:
    ustor_nbd_server_free(the_server);
    for (unsigned i = 0; i < o.n_exports; i++) {
        ustor_backend_close(backends[i]);
        free(o.exports[i].name);
    }
    return status;
}
