/* Listeners and the server's life: unix sockets (a stale one replaced, a live
 * one refused, a non-socket refused, removed at the end), TCP on loopback with
 * a picked port, inherited descriptors, the connection limit, and stopping
 * with clients negotiating or in the middle of requests. */
#include "test_nbd_util.h"

#include <arpa/inet.h>
#include <endian.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "nbd/nbd_backend_export.h"
#include "ustorport/ustor_log.h"

static char dir[] = "/tmp/ustor-listen-XXXXXX";

struct server {
    struct ustor_nbd_server *srv;
    struct ustor_backend *b;
};

static void server_new(struct server *s, const struct ustor_nbd_config *cfg)
{
    struct nbd_export e;

    CHECK(ustor_nbd_server_new(cfg, &s->srv) == 0);
    CHECK(ustor_backend_open("ram:4M", 0, &s->b) == 0);
    CHECK(ustor_nbd_backend_export(s->b, "", NULL, 0, &e) == 0);
    CHECK(ustor_nbd_server_add_export(s->srv, &e) == 0);
    CHECK(ustor_nbd_server_add_export(s->srv, &e) == -EEXIST);   /* names are unique */
}

static void server_free(struct server *s)
{
    ustor_nbd_server_free(s->srv);
    ustor_backend_close(s->b);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct timeval tv = { 20, 0 };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    strcpy(sa.sun_path, path);
    CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
}

static void roundtrip(int fd)
{
    uint8_t out[512], in[512];

    memset(out, 0x3c, sizeof(out));
    negotiate(fd, "", true, false);
    CHECK_EQ(request(fd, true, NBD_CMD_WRITE, 0, 0, sizeof(out), out), 0);
    CHECK_EQ(request(fd, true, NBD_CMD_READ, 0, 0, sizeof(in), in), 0);
    CHECK(!memcmp(in, out, sizeof(in)));
}

static void test_unix_socket(void)
{
    struct server a, b;
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    char path[256], file[256];
    int fd;

    snprintf(path, sizeof(path), "%s/nbd.sock", dir);
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);                 /* a stale socket from a dead server */
    CHECK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    close(fd);
    server_new(&a, NULL);
    CHECK(ustor_nbd_server_listen_unix(a.srv, path) == 0);
    CHECK(ustor_nbd_server_start(a.srv) == 0);
    server_new(&b, NULL);
    CHECK(ustor_nbd_server_listen_unix(b.srv, path) == -EADDRINUSE);   /* a live one */
    snprintf(file, sizeof(file), "%s/plain", dir);
    close(open(file, O_CREAT | O_WRONLY, 0644));
    CHECK(ustor_nbd_server_listen_unix(b.srv, file) == -EEXIST);
    CHECK(strstr(ustor_error_message(), "not a socket") != NULL);
    server_free(&b);
    fd = unix_connect(path);
    roundtrip(fd);
    close(fd);
    server_free(&a);
    CHECK(access(path, F_OK) != 0);                       /* removed at the end */
}

static void test_tcp_and_fd(void)
{
    struct server s;
    struct sockaddr_in sa = { .sin_family = AF_INET };
    struct sockaddr_un ua = { .sun_family = AF_UNIX };
    struct timeval tv = { 20, 0 };
    int port, fd, lfd, pair[2];

    server_new(&s, NULL);
    CHECK(ustor_nbd_server_listen_tcp(s.srv, "127.0.0.1", "0") == 0);
    port = ustor_nbd_server_tcp_port(s.srv);
    CHECK(port > 0);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    CHECK(ustor_nbd_server_listen_fd(s.srv, pair[0]) == -EINVAL);     /* not listening */
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(ustor_nbd_server_listen_fd(s.srv, lfd) == -EINVAL);
    snprintf(ua.sun_path, sizeof(ua.sun_path), "%s/inherited.sock", dir);
    CHECK(bind(lfd, (struct sockaddr *)&ua, sizeof(ua)) == 0 && listen(lfd, 4) == 0);
    CHECK(ustor_nbd_server_listen_fd(s.srv, lfd) == 0);  /* as a supervisor would pass it */
    CHECK(ustor_nbd_server_start(s.srv) == 0);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    roundtrip(fd);
    close(fd);
    fd = unix_connect(ua.sun_path);
    roundtrip(fd);
    close(fd);
    close(pair[0]);
    close(pair[1]);
    server_free(&s);
}

static void test_connection_limit(void)
{
    struct ustor_nbd_config cfg = { .max_connections = 2 };
    struct server s;
    int fds[3], sv[2];

    server_new(&s, &cfg);
    CHECK(ustor_nbd_server_start(s.srv) == 0);
    for (int i = 0; i < 3; i++) {
        CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
        fds[i] = sv[1];
        ustor_nbd_server_serve_fd(s.srv, sv[0]);
    }
    CHECK(recv_eof(fds[2]));                              /* the third is turned away */
    roundtrip(fds[0]);
    roundtrip(fds[1]);
    close(fds[0]);
    close(fds[1]);
    close(fds[2]);
    server_free(&s);
}

/* Counts what arrives until EOF; the server must end the session by itself. */
static size_t drain(int fd)
{
    uint8_t buf[65536];
    size_t total = 0;
    ssize_t n;

    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
        total += (size_t)n;
    CHECK(n == 0 || errno == ECONNRESET);
    return total;
}

static void test_stop_with_clients(void)
{
    struct server s;
    struct nbd_request reqs[8];
    int nego, busy, sv[2];

    server_new(&s, NULL);
    CHECK(ustor_nbd_server_start(s.srv) == 0);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(ustor_nbd_server_serve_fd(s.srv, sv[0]) == 0);
    nego = sv[1];
    hs_begin(nego, NBD_FLAG_C_FIXED_NEWSTYLE);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(ustor_nbd_server_serve_fd(s.srv, sv[0]) == 0);
    busy = sv[1];
    negotiate(busy, "", true, false);
    for (unsigned i = 0; i < 8; i++)            /* one send: the server reads them together */
        reqs[i] = (struct nbd_request){ htobe32(NBD_REQUEST_MAGIC), 0, htobe16(NBD_CMD_READ), i,
                                        htobe64(i * 4096u), htobe32(4096) };
    send_all(busy, reqs, sizeof(reqs));
    {
        struct chunk c;
        uint8_t data[4096];

        CHECK_EQ(any_reply(busy, &c, data, sizeof(data)), 0);  /* it is being served */
    }
    ustor_nbd_server_request_stop(s.srv);
    ustor_nbd_server_wait(s.srv);
    CHECK(recv_eof(nego));                                /* dropped while negotiating */
    CHECK_EQ(drain(busy), 7 * (20 + 8 + 4096));           /* the rest answered, then closed */
    CHECK_EQ(ustor_nbd_server_connections(s.srv), 0);
    CHECK(ustor_nbd_server_serve_fd(s.srv, dup(busy)) == -EINVAL);  /* stopped */
    close(nego);
    close(busy);
    server_free(&s);
}

int main(void)
{
    char cmd[300];

    ustor_log_set_levels(getenv("USTOR_LOG") ? getenv("USTOR_LOG") : "error");
    CHECK(mkdtemp(dir) != NULL);
    RUN(test_unix_socket);
    RUN(test_tcp_and_fd);
    RUN(test_connection_limit);
    RUN(test_stop_with_clients);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return 0;
}
