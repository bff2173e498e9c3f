/* Withdrawing an export (its LUN went away): new clients no longer see it,
 * connected clients are hung up after their requests in flight complete, and
 * gone() runs exactly once, only when the export's ctx is no longer reachable;
 * the name can be added again. */
#include "test_nbd_util.h"

#include <endian.h>
#include <unistd.h>

#include "nbd/nbd_backend_export.h"

static struct tserver T;
static _Atomic int gone_calls;

static void on_gone(void *opaque)
{
    CHECK(opaque == &gone_calls);
    atomic_fetch_add(&gone_calls, 1);
}

static void wait_gone(int n)
{
    for (int i = 0; i < 20000 && atomic_load(&gone_calls) < n; i++)
        usleep(1000);
    CHECK_EQ(atomic_load(&gone_calls), n);
}

static unsigned list_count(void)
{
    int fd = tserver_connect(&T);
    uint8_t buf[512];
    unsigned n = 0;
    uint32_t len;

    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE);
    opt_send(fd, NBD_OPT_LIST, NULL, 0);
    while (opt_recv(fd, NBD_OPT_LIST, buf, sizeof(buf), &len) == NBD_REP_SERVER)
        n++;
    close(fd);
    return n;
}

static void test_unused_export(void)
{
    struct ustor_backend *b;
    struct nbd_export e;
    uint64_t size;
    uint16_t flags;
    int fd;

    CHECK_EQ(list_count(), 4);
    CHECK_EQ(ustor_nbd_server_remove_export(T.srv, "bs512", on_gone, &gone_calls), 0);
    CHECK_EQ(atomic_load(&gone_calls), 1);              /* never opened: gone at once */
    CHECK_EQ(ustor_nbd_server_remove_export(T.srv, "bs512", on_gone, &gone_calls), -ENOENT);
    CHECK_EQ(list_count(), 3);
    fd = tserver_connect(&T);
    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE);
    CHECK_EQ(opt_go(fd, NBD_OPT_GO, "bs512", &size, &flags), NBD_REP_ERR_UNKNOWN);
    close(fd);
    CHECK(ustor_backend_open("ram:2M", 0, &b) == 0);    /* the name comes back */
    CHECK(ustor_nbd_backend_export(b, "bs512", NULL, 0, &e) == 0);
    CHECK_EQ(ustor_nbd_server_add_export(T.srv, &e), 0);
    fd = tserver_connect(&T);
    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE);
    CHECK_EQ(opt_go(fd, NBD_OPT_GO, "bs512", &size, &flags), NBD_REP_ACK);
    CHECK_EQ(size, 2u << 20);
    close(fd);
    tserver_wait_idle(&T);
    CHECK_EQ(ustor_nbd_server_remove_export(T.srv, "bs512", on_gone, &gone_calls), 0);
    wait_gone(2);                                       /* its worker closes the channel */
    ustor_backend_close(b);
}

static void test_busy_export(void)
{
    int fd = tserver_connect(&T), other = tserver_connect(&T);
    struct chunk c;
    uint8_t data[4096];

    T.mock.async = T.mock.hold = true;
    negotiate(fd, "mock", true, false);
    negotiate(other, "", true, false);
    for (unsigned i = 0; i < 4; i++)
        req_send(fd, NBD_CMD_READ, 0, i, i * 4096u, 4096, NULL);
    while (atomic_load(&T.mock.inflight) < 4)
        usleep(1000);
    CHECK_EQ(ustor_nbd_server_remove_export(T.srv, "mock", on_gone, &gone_calls), 0);
    usleep(50 * 1000);          /* a chance to misbehave; the check below is not on time */
    CHECK_EQ(atomic_load(&gone_calls), 2);              /* requests still in flight */
    mock_release_all(&T.mock);
    for (unsigned i = 0; i < 4; i++)
        CHECK_EQ(any_reply(fd, &c, data, sizeof(data)), 0);   /* answered, */
    CHECK(recv_eof(fd));                                /* then hung up */
    wait_gone(3);
    CHECK_EQ(request(other, true, NBD_CMD_READ, 0, 0, 4096, data), 0);   /* others unharmed */
    close(fd);
    close(other);
    T.mock.async = false;
}

static void test_idle_client(void)
{
    int fd = tserver_connect(&T);

    negotiate(fd, "ro", false, false);
    CHECK_EQ(ustor_nbd_server_remove_export(T.srv, "ro", on_gone, &gone_calls), 0);
    CHECK(recv_eof(fd));
    wait_gone(4);
    close(fd);
}

int main(void)
{
    struct ustor_nbd_config cfg = { .workers = 2 };

    tserver_start(&T, &cfg);
    RUN(test_unused_export);
    RUN(test_busy_export);
    RUN(test_idle_client);
    tserver_wait_idle(&T);
    tserver_stop(&T);
    CHECK_EQ(atomic_load(&gone_calls), 4);              /* exactly once each */
    return 0;
}
