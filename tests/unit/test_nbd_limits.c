/* What a hostile or broken client cannot do: make the server hold more than
 * max_requests requests or max_payload_bytes of buffers per connection, make it
 * allocate on the say-so of a length field, or crash it by vanishing mid-request. */
#include "test_nbd_util.h"

#include <endian.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

static struct tserver T;

#define MAX_REQUESTS 32
#define MAX_PAYLOAD (4u << 20)

struct flood {
    int fd;
    unsigned n;
    uint16_t type;
    uint32_t len;
    uint8_t *payload;
};

static void *flood_send(void *arg)
{
    struct flood *f = arg;

    for (unsigned i = 0; i < f->n; i++)
        req_send(f->fd, f->type, 0, i, (uint64_t)(i % 4) * f->len, f->len,
                 f->type == NBD_CMD_WRITE ? f->payload : NULL);
    return NULL;
}

/* Sends n requests from a thread while we read the replies only afterwards
 * (slowly): the server must stop reading instead of piling requests up. */
static void flood(const char *export, uint16_t type, uint32_t len, unsigned n)
{
    int fd = tserver_connect(&T);
    uint8_t *buf = malloc(len);
    struct flood f = { fd, n, type, len, calloc(1, len) };
    struct chunk c;
    pthread_t th;

    negotiate(fd, export, true, false);
    while (atomic_load(&T.mock.buffers_out))    /* the last connection's, released after its replies */
        usleep(1000);
    atomic_store(&T.mock.max_buffer_bytes_out, 0);
    T.mock.hold = true;
    CHECK(pthread_create(&th, NULL, flood_send, &f) == 0);
    usleep(200 * 1000);         /* let it pile up: not an assertion, only a chance */
    mock_release_all(&T.mock);
    for (unsigned i = 0; i < n; i++)
        CHECK_EQ(any_reply(fd, &c, type == NBD_CMD_READ ? buf : NULL, type == NBD_CMD_READ ? len : 0), 0);
    pthread_join(th, NULL);
    free(f.payload);
    free(buf);
    close(fd);
}

static void test_inflight_bound(void)
{
    T.mock.async = true;
    flood("mock", NBD_CMD_READ, 4096, 2000);
    CHECK(atomic_load(&T.mock.max_inflight) <= MAX_REQUESTS);
    CHECK(atomic_load(&T.mock.max_inflight) > 1);       /* and it did pipeline */
    T.mock.async = false;
}

static void test_payload_bound(void)
{
    T.mock.async = true;
    flood("mock", NBD_CMD_WRITE, 1u << 20, 64);
    flood("mock", NBD_CMD_READ, 1u << 20, 64);
    CHECK(atomic_load(&T.mock.max_buffer_bytes_out) <= (long)MAX_PAYLOAD);
    CHECK(atomic_load(&T.mock.max_buffer_bytes_out) >= 2 << 20);
    T.mock.async = false;
}

static void test_huge_lengths_allocate_nothing(void)
{
    int fd = tserver_connect(&T);
    long allocs = atomic_load(&T.mock.allocs);
    struct nbd_option big_opt = { htobe64(NBD_IHAVEOPT), htobe32(1234), htobe32(0xfffffff0u) };

    negotiate(fd, "mock", true, false);
    req_send(fd, NBD_CMD_WRITE, 0, 1, 0, 0xfffffff0u, NULL);   /* and then no payload */
    send_all(fd, "abcd", 4);
    close(fd);
    tserver_wait_idle(&T);
    CHECK_EQ(atomic_load(&T.mock.allocs), allocs);
    fd = tserver_connect(&T);
    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE);
    send_all(fd, &big_opt, sizeof(big_opt));    /* an option "that long", then gone */
    close(fd);
    tserver_wait_idle(&T);
}

static void test_vanish_mid_write(void)
{
    int fd = tserver_connect(&T);
    unsigned writes = atomic_load(&T.mock.ops[NBD_EXPORT_WRITE]);
    uint8_t part[1000] = { 0 };

    negotiate(fd, "mock", false, false);
    req_send(fd, NBD_CMD_WRITE, 0, 1, 0, 1u << 20, NULL);
    send_all(fd, part, sizeof(part));
    close(fd);
    tserver_wait_idle(&T);
    CHECK_EQ(atomic_load(&T.mock.ops[NBD_EXPORT_WRITE]), writes);   /* never submitted */
    CHECK_EQ(atomic_load(&T.mock.buffers_out), 0);                   /* buffer returned */
}

static void test_vanish_with_requests_in_flight(void)
{
    int fd = tserver_connect(&T);
    unsigned before = atomic_load(&T.mock.submitted);

    T.mock.async = T.mock.hold = true;
    negotiate(fd, "mock", true, false);
    for (unsigned i = 0; i < 20; i++)
        req_send(fd, NBD_CMD_READ, 0, i, 0, 65536, NULL);
    while (atomic_load(&T.mock.submitted) < before + 20)
        usleep(1000);           /* all handed to the export (hang guard: ctest timeout) */
    close(fd);
    mock_release_all(&T.mock);
    tserver_wait_idle(&T);
    CHECK_EQ(atomic_load(&T.mock.buffers_out), 0);
    T.mock.async = false;
}

static void test_overlong_export_name(void)
{
    int fd = tserver_connect(&T);
    struct nbd_option h = { htobe64(NBD_IHAVEOPT), htobe32(NBD_OPT_EXPORT_NAME), htobe32(5000) };
    char name[5000];

    memset(name, 'a', sizeof(name));
    hs_begin(fd, NBD_FLAG_C_FIXED_NEWSTYLE);
    send_all(fd, &h, sizeof(h));
    (void)!send(fd, name, sizeof(name), MSG_NOSIGNAL);     /* it may hang up before all arrives */
    CHECK(recv_eof(fd));
    close(fd);
}

static void *flood_until_error(void *arg)
{
    struct nbd_request r = { htobe32(NBD_REQUEST_MAGIC), 0, htobe16(NBD_CMD_READ), 0, 0, htobe32(65536) };
    int fd = *(int *)arg;

    for (unsigned i = 0; i < 100000; i++)
        if (send(fd, &r, sizeof(r), MSG_NOSIGNAL) != (ssize_t)sizeof(r))
            break;
    return NULL;
}

static void test_unread_replies(void)
{
    int fd = tserver_connect(&T);
    pthread_t th;

    negotiate(fd, "", true, false);
    CHECK(pthread_create(&th, NULL, flood_until_error, &fd) == 0);
    usleep(300 * 1000);         /* the client reads nothing; its sends block eventually */
    shutdown(fd, SHUT_RDWR);
    pthread_join(th, NULL);
    close(fd);
    tserver_wait_idle(&T);
}

int main(void)
{
    struct ustor_nbd_config cfg = {
        .workers = 2, .max_requests = MAX_REQUESTS, .max_payload_bytes = MAX_PAYLOAD,
    };

    T.mock.provide_buffers = true;
    tserver_start(&T, &cfg);
    RUN(test_inflight_bound);
    RUN(test_payload_bound);
    RUN(test_huge_lengths_allocate_nothing);
    RUN(test_vanish_mid_write);
    RUN(test_vanish_with_requests_in_flight);
    RUN(test_overlong_export_name);
    RUN(test_unread_replies);
    tserver_stop(&T);
    return 0;
}
