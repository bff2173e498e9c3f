/* The server object: its export table, listeners (unix, TCP, inherited), the
 * acceptor thread that hands each new connection to the least-loaded worker,
 * and start/stop. See nbd_server.h. */
#include "nbd/nbd_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/error.h"
#include "common/log.h"

static void config_defaults(struct ustor_nbd_config *cfg)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

    if (cfg->workers == 0)
        cfg->workers = cpus > 0 ? (unsigned)cpus : 1;
    if (cfg->workers > NBD_WORKERS_MAX)
        cfg->workers = NBD_WORKERS_MAX;
    if (cfg->max_connections == 0)
        cfg->max_connections = 256;
    if (cfg->max_requests == 0)
        cfg->max_requests = 256;
    if (cfg->max_requests > NBD_REQUESTS_CEILING)
        cfg->max_requests = NBD_REQUESTS_CEILING;
    if (cfg->max_payload_bytes == 0)
        cfg->max_payload_bytes = 64u << 20;
    if (cfg->poll_us == 0)
        cfg->poll_us = NBD_POLL_US_DEFAULT;
    if (cfg->poll_us < 0)
        cfg->poll_us = 0;
}

NBD_EXPORT_API int ustor_nbd_server_new(const struct ustor_nbd_config *cfg, struct ustor_nbd_server **out)
{
    struct ustor_nbd_server *srv = calloc(1, sizeof(*srv));

    *out = NULL;
    if (!srv)
        return ustor_error_fail(-ENOMEM, "nbd server: out of memory");
    if (cfg)
        srv->cfg = *cfg;
    config_defaults(&srv->cfg);
    srv->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (srv->stop_fd < 0) {
        int e = errno;

        free(srv);
        return ustor_error_fail(-e, "nbd server: eventfd: %s", strerror(e));
    }
    pthread_mutex_init(&srv->exports_lock, NULL);
    srv->tcp_port = -1;
    *out = srv;
    return 0;
}

/* ---- exports ---- */

static const struct nbd_srv_export *find_locked(struct ustor_nbd_server *srv, const char *name,
                                                size_t len);

static bool power_of_2(uint32_t v)
{
    return v && !(v & (v - 1));
}

/* Fills in default block sizes and checks what the protocol can express. */
static int export_check(struct nbd_export *e)
{
    if (!e->name || strlen(e->name) > NBD_MAX_STRING ||
        (e->description && strlen(e->description) > NBD_MAX_STRING))
        return ustor_error_fail(-EINVAL, "nbd export: name or description missing or too long");
    if (!e->ops || !e->ops->submit || !e->ops->buf_alloc != !e->ops->buf_free)
        return ustor_error_fail(-EINVAL, "nbd export '%s': needs submit, and buf_alloc with buf_free",
                                e->name);
    e->block_min = e->block_min ? e->block_min : 1;
    e->block_pref = e->block_pref ? e->block_pref : (e->block_min > 4096 ? e->block_min : 4096);
    e->block_max = e->block_max ? e->block_max : NBD_PAYLOAD_CEILING;
    if (!power_of_2(e->block_min) || e->block_min > 65536 || !power_of_2(e->block_pref) ||
        e->block_pref < e->block_min || e->block_pref < 512 || e->block_max < e->block_pref ||
        e->block_max > NBD_PAYLOAD_CEILING || e->block_max % e->block_min)
        return ustor_error_fail(-EINVAL, "nbd export '%s': bad block sizes %u/%u/%u", e->name,
                                e->block_min, e->block_pref, e->block_max);
    if (e->size % e->block_min || e->size > INT64_MAX)
        return ustor_error_fail(-EINVAL, "nbd export '%s': size %llu is not a multiple of %u",
                                e->name, (unsigned long long)e->size, e->block_min);
    return 0;
}

static struct nbd_srv_export *export_copy(const struct nbd_export *e, unsigned index)
{
    size_t nl = strlen(e->name), dl = e->description ? strlen(e->description) : 0;
    struct nbd_srv_export *x = calloc(1, sizeof(*x) + nl + dl + 2);

    if (!x)
        return NULL;
    x->e = *e;
    x->index = index;
    x->name_len = nl;
    x->desc_len = dl;
    memcpy(x->strings, e->name, nl);
    if (dl)
        memcpy(x->strings + nl + 1, e->description, dl);
    x->e.name = x->strings;
    x->e.description = dl ? x->strings + nl + 1 : NULL;
    return x;
}

static int export_table_grow(struct ustor_nbd_server *srv)
{
    unsigned cap = srv->exports_cap ? srv->exports_cap * 2 : 8;
    struct nbd_srv_export **t;

    if (srv->n_exports < srv->exports_cap)
        return 0;
    t = realloc(srv->exports, cap * sizeof(*t));
    if (!t)
        return -ENOMEM;
    srv->exports = t;
    srv->exports_cap = cap;
    return 0;
}

NBD_EXPORT_API int ustor_nbd_server_add_export(struct ustor_nbd_server *srv, const struct nbd_export *exp)
{
    struct nbd_export e = *exp;
    struct nbd_srv_export *x;
    int r = export_check(&e);

    if (r < 0)
        return r;
    if (srv->cfg.read_only)
        e.caps |= NBD_EXPORT_READ_ONLY;
    pthread_mutex_lock(&srv->exports_lock);
    if (find_locked(srv, e.name, strlen(e.name)))
        r = ustor_error_fail(-EEXIST, "nbd export '%s' exists already", e.name);
    else if (export_table_grow(srv) < 0 || !(x = export_copy(&e, srv->n_exports)))
        r = ustor_error_fail(-ENOMEM, "nbd export '%s': out of memory", e.name);
    else
        srv->exports[srv->n_exports++] = x;
    pthread_mutex_unlock(&srv->exports_lock);
    return r;
}

static const struct nbd_srv_export *find_locked(struct ustor_nbd_server *srv, const char *name, size_t len)
{
    for (unsigned i = 0; i < srv->n_exports; i++) {
        const struct nbd_srv_export *x = srv->exports[i];

        if (x->name_len == len && !memcmp(x->e.name, name, len) && !nbd_export_removed(x))
            return x;
    }
    return NULL;
}

/* Entries never move or go away before the server, so the result stays valid. */
const struct nbd_srv_export *nbd_export_find(struct ustor_nbd_server *srv, const char *name, size_t len)
{
    const struct nbd_srv_export *x;

    pthread_mutex_lock(&srv->exports_lock);
    x = find_locked(srv, name, len);
    pthread_mutex_unlock(&srv->exports_lock);
    return x;
}

void nbd_export_each(struct ustor_nbd_server *srv, void (*fn)(void *arg, const struct nbd_srv_export *),
                     void *arg)
{
    pthread_mutex_lock(&srv->exports_lock);
    for (unsigned i = 0; i < srv->n_exports; i++)
        if (!nbd_export_removed(srv->exports[i]))
            fn(arg, srv->exports[i]);
    pthread_mutex_unlock(&srv->exports_lock);
}

bool nbd_export_hold(const struct nbd_srv_export *cx)
{
    struct nbd_srv_export *x = (struct nbd_srv_export *)cx;
    unsigned h = atomic_load(&x->holders);

    do {
        if (h & NBD_EXPORT_REMOVED)
            return false;
    } while (!atomic_compare_exchange_weak(&x->holders, &h, h + 1));
    return true;
}

void nbd_export_unhold(const struct nbd_srv_export *cx)
{
    struct nbd_srv_export *x = (struct nbd_srv_export *)cx;

    if (atomic_fetch_sub(&x->holders, 1) - 1 == NBD_EXPORT_REMOVED && x->gone)
        x->gone(x->gone_opaque);
}

NBD_EXPORT_API int ustor_nbd_server_remove_export(struct ustor_nbd_server *srv, const char *name,
                                                  void (*gone)(void *opaque), void *opaque)
{
    struct nbd_srv_export *x;

    pthread_mutex_lock(&srv->exports_lock);
    x = (struct nbd_srv_export *)find_locked(srv, name, strlen(name));
    if (x) {
        x->gone = gone;
        x->gone_opaque = opaque;
    }
    pthread_mutex_unlock(&srv->exports_lock);
    if (!x)
        return ustor_error_fail(-ENOENT, "nbd: no export named '%s'", name);
    if (atomic_fetch_or(&x->holders, NBD_EXPORT_REMOVED) == 0 && gone)
        gone(opaque);           /* no channel is open to it: nobody can reach ctx */
    for (unsigned i = 0; i < srv->n_workers; i++) {
        atomic_store(&srv->workers[i].exports_changed, true);
        nbd_worker_wake(&srv->workers[i]);
    }
    return 0;
}

/* ---- listeners ---- */

static int listener_add(struct ustor_nbd_server *srv, int fd, const char *unix_path)
{
    if (srv->n_listeners == NBD_LISTENERS_MAX) {
        close(fd);
        return ustor_error_fail(-ENOSPC, "nbd server: too many listeners");
    }
    srv->listen_fd[srv->n_listeners] = fd;
    srv->unix_path[srv->n_listeners] = unix_path ? strdup(unix_path) : NULL;
    srv->n_listeners++;
    return 0;
}

/* A socket file at path: -EADDRINUSE if a server answers, else removed. */
static int unix_clear_stale(const struct sockaddr_un *sa)
{
    struct stat st;
    int fd, live;

    if (lstat(sa->sun_path, &st) < 0)
        return 0;
    if (!S_ISSOCK(st.st_mode))
        return ustor_error_fail(-EEXIST, "%s: exists and is not a socket", sa->sun_path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
    close(fd);
    if (live)
        return ustor_error_fail(-EADDRINUSE, "%s: another server is listening there", sa->sun_path);
    ulog_host(ULOG_INFO, "nbd: removing stale socket %s", sa->sun_path);
    unlink(sa->sun_path);
    return 0;
}

NBD_EXPORT_API int ustor_nbd_server_listen_unix(struct ustor_nbd_server *srv, const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd, r;

    if (strlen(path) >= sizeof(sa.sun_path))
        return ustor_error_fail(-ENAMETOOLONG, "%s: socket path too long (max %zu bytes)", path,
                                sizeof(sa.sun_path) - 1);
    strcpy(sa.sun_path, path);
    r = unix_clear_stale(&sa);
    if (r < 0)
        return r;
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return ustor_error_fail(-errno, "socket: %s", strerror(errno));
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, SOMAXCONN) < 0) {
        r = -errno;
        close(fd);
        return ustor_error_fail(r, "%s: cannot listen: %s", path, strerror(-r));
    }
    return listener_add(srv, fd, path);
}

static int tcp_bind_one(const struct addrinfo *ai, int port)
{
    int one = 1, fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_storage sa;

    if (fd < 0)
        return -errno;
    memcpy(&sa, ai->ai_addr, ai->ai_addrlen);
    if (port > 0 && sa.ss_family == AF_INET)
        ((struct sockaddr_in *)&sa)->sin_port = htons((uint16_t)port);
    if (port > 0 && sa.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&sa)->sin6_port = htons((uint16_t)port);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (ai->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&sa, ai->ai_addrlen) < 0 || listen(fd, SOMAXCONN) < 0) {
        int e = -errno;

        close(fd);
        return e;
    }
    return fd;
}

static int local_port(int fd)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);

    if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        return -1;
    if (sa.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&sa)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
}

NBD_EXPORT_API int ustor_nbd_server_listen_tcp(struct ustor_nbd_server *srv, const char *host, const char *port)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG };
    struct addrinfo *res, *ai;
    int r, bound = 0, fd, first_err = -EADDRNOTAVAIL, chosen = 0;

    r = getaddrinfo(host, port ? port : "10809", &hints, &res);
    if (r != 0)
        return ustor_error_fail(-EINVAL, "%s:%s: %s", host ? host : "localhost", port, gai_strerror(r));
    for (ai = res; ai; ai = ai->ai_next) {
        fd = tcp_bind_one(ai, chosen);
        if (fd < 0) {
            first_err = bound ? first_err : fd;
            continue;
        }
        chosen = chosen ? chosen : local_port(fd);
        if (srv->tcp_port < 0)
            srv->tcp_port = chosen;
        if (listener_add(srv, fd, NULL) == 0)
            bound++;
    }
    freeaddrinfo(res);
    if (!bound)
        return ustor_error_fail(first_err, "%s:%s: cannot listen: %s", host ? host : "localhost",
                                port, strerror(-first_err));
    return 0;
}

NBD_EXPORT_API int ustor_nbd_server_listen_fd(struct ustor_nbd_server *srv, int fd)
{
    int on = 0;
    socklen_t len = sizeof(on);

    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) < 0 || !on)
        return ustor_error_fail(-EINVAL, "fd %d is not a listening socket", fd);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (srv->tcp_port < 0 && local_port(fd) > 0)
        srv->tcp_port = local_port(fd);
    return listener_add(srv, fd, NULL);
}

NBD_EXPORT_API int ustor_nbd_server_tcp_port(const struct ustor_nbd_server *srv)
{
    return srv->tcp_port;
}

/* ---- connections ---- */

static struct nbd_worker *least_loaded(struct ustor_nbd_server *srv)
{
    struct nbd_worker *best = &srv->workers[0];

    for (unsigned i = 1; i < srv->n_workers; i++)
        if (atomic_load(&srv->workers[i].nconns) < atomic_load(&best->nconns))
            best = &srv->workers[i];
    return best;
}

#define NBD_SNDBUF (4 << 20)

static int server_take(struct ustor_nbd_server *srv, int fd)
{
    struct nbd_conn *c;
    int one = 1;

    if (atomic_load(&srv->connections) >= srv->cfg.max_connections) {
        ulog_guest(ULOG_WARN, "nbd: refusing a client: %u connections open (the maximum)",
                   srv->cfg.max_connections);
        close(fd);
        return -EMFILE;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));  /* fails harmlessly on unix */
    /* room for several 1 MiB replies, so a batch of reads leaves in one sendmsg
     * without waiting for the client (the kernel caps it at net.core.wmem_max) */
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &(int){NBD_SNDBUF}, sizeof(int));
    c = nbd_conn_new(srv, fd);
    if (!c) {
        close(fd);
        return ustor_error_fail(-ENOMEM, "nbd: out of memory for a connection");
    }
    atomic_fetch_add(&srv->connections, 1);
    nbd_worker_adopt(least_loaded(srv), c);
    return 0;
}

NBD_EXPORT_API int ustor_nbd_server_serve_fd(struct ustor_nbd_server *srv, int fd)
{
    if (!srv->started || srv->stopped) {
        close(fd);
        return ustor_error_fail(-EINVAL, "nbd server: not running");
    }
    return server_take(srv, fd);
}

static void accept_all(struct ustor_nbd_server *srv, int lfd)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

        if (fd >= 0) {
            server_take(srv, fd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            ulog_host(ULOG_ERROR, "nbd: accept: %s; pausing", strerror(errno));
            poll(NULL, 0, 100);
        }
        return;
    }
}

static void *acceptor_main(void *arg)
{
    struct ustor_nbd_server *srv = arg;
    struct pollfd pfd[NBD_LISTENERS_MAX + 1];
    unsigned n = srv->n_listeners;

    for (unsigned i = 0; i < n; i++)
        pfd[i] = (struct pollfd){ .fd = srv->listen_fd[i], .events = POLLIN };
    pfd[n] = (struct pollfd){ .fd = srv->stop_fd, .events = POLLIN };
    for (;;) {
        if (poll(pfd, n + 1, -1) < 0 && errno != EINTR)
            break;
        if (pfd[n].revents)
            break;
        for (unsigned i = 0; i < n; i++)
            if (pfd[i].revents)
                accept_all(srv, pfd[i].fd);
    }
    return NULL;
}

/* ---- start and stop ---- */

static int workers_start(struct ustor_nbd_server *srv)
{
    srv->workers = calloc(srv->cfg.workers, sizeof(*srv->workers));
    if (!srv->workers)
        return ustor_error_fail(-ENOMEM, "nbd server: out of memory");
    for (unsigned i = 0; i < srv->cfg.workers; i++) {
        struct nbd_worker *w = &srv->workers[i];
        int r;

        w->srv = srv;
        w->index = i;
        r = nbd_worker_start(w);
        if (r < 0)
            return r;
        srv->n_workers++;
    }
    return 0;
}

static void workers_stop(struct ustor_nbd_server *srv)
{
    for (unsigned i = 0; i < srv->n_workers; i++) {
        atomic_store(&srv->workers[i].stop, true);
        nbd_worker_wake(&srv->workers[i]);
    }
    for (unsigned i = 0; i < srv->n_workers; i++)
        nbd_worker_join(&srv->workers[i]);
    srv->n_workers = 0;
}

NBD_EXPORT_API int ustor_nbd_server_start(struct ustor_nbd_server *srv)
{
    int r;

    if (srv->started)
        return ustor_error_fail(-EALREADY, "nbd server: already started");
    r = workers_start(srv);
    if (r == 0 && pthread_create(&srv->acceptor, NULL, acceptor_main, srv) != 0)
        r = ustor_error_fail(-EAGAIN, "nbd server: cannot start the acceptor thread");
    if (r < 0) {
        workers_stop(srv);
        return r;
    }
    srv->started = true;
    return 0;
}

NBD_EXPORT_API void ustor_nbd_server_request_stop(struct ustor_nbd_server *srv)
{
    uint64_t one = 1;
    ssize_t n = write(srv->stop_fd, &one, sizeof(one));

    (void)n;
}

NBD_EXPORT_API void ustor_nbd_server_wait(struct ustor_nbd_server *srv)
{
    struct pollfd pfd = { .fd = srv->stop_fd, .events = POLLIN };

    if (!srv->started || srv->stopped)
        return;
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
        ;
    pthread_join(srv->acceptor, NULL);
    workers_stop(srv);
    srv->stopped = true;
}

NBD_EXPORT_API unsigned ustor_nbd_server_connections(const struct ustor_nbd_server *srv)
{
    return atomic_load(&srv->connections);
}

NBD_EXPORT_API void ustor_nbd_server_free(struct ustor_nbd_server *srv)
{
    if (!srv)
        return;
    if (srv->started && !srv->stopped) {
        ustor_nbd_server_request_stop(srv);
        ustor_nbd_server_wait(srv);
    }
    for (unsigned i = 0; i < srv->n_listeners; i++) {
        close(srv->listen_fd[i]);
        if (srv->unix_path[i])
            unlink(srv->unix_path[i]);
        free(srv->unix_path[i]);
    }
    for (unsigned i = 0; i < srv->n_exports; i++)
        free(srv->exports[i]);
    free(srv->exports);
    free(srv->workers);
    close(srv->stop_fd);
    pthread_mutex_destroy(&srv->exports_lock);
    free(srv);
}
