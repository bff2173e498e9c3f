/* The log from many threads at once: every line arrives whole (one write() each),
 * none is lost, the counters add up, and reconfiguring the sinks meanwhile is safe.
 * Run under TSan. */
#include "common/log.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define THREADS 4
#define LINES 500

static int text_fd, trace_fd;

static void *writer(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct ulog_param p = { .name = "n", .type = ULOG_PARAM_U64 };
    struct ulog_event ev = { .channel = ULOG_EVENTS, .level = ULOG_WARN, .name = "tick", .params = &p,
                             .nparams = 1 };

    for (int i = 0; i < LINES; i++) {
        ulog(ULOG_GUEST, ULOG_WARN, "thread %d line %d %s", id, i, "padding-padding-padding-padding");
        p.u = (uint64_t)i;
        ulog_event(&ev);
    }
    return NULL;
}

static void *reconfigurer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        ulog_set_levels(i % 2 ? "warning" : "warning,miniport=trace");
        ulog_set_trace_level(ULOG_HOST, i % 3 ? ULOG_TRACE : ULOG_ERROR);
    }
    return NULL;
}

/* Count lines and check each one's shape. */
static int count_whole_lines(int fd, const char *must_start)
{
    off_t size = lseek(fd, 0, SEEK_END);
    char *buf = malloc((size_t)size + 1);
    ssize_t n = pread(fd, buf, (size_t)size, 0);
    int lines = 0, bad = 0;

    buf[n > 0 ? n : 0] = '\0';
    for (char *p = buf; *p;) {
        char *nl = strchr(p, '\n');
        if (!nl || strncmp(p, must_start, strlen(must_start)) != 0)
            bad++;
        if (!nl)
            break;
        lines++;
        p = nl + 1;
    }
    free(buf);
    return bad ? -1 : lines;
}

int main(void)
{
    pthread_t t[THREADS + 1];
    uint64_t before = ulog_count(ULOG_GUEST, ULOG_WARN);

    /* appending like stderr redirected with >> or the trace file (O_APPEND) */
    text_fd = memfd_create("text", 0);
    trace_fd = memfd_create("trace", 0);
    fcntl(text_fd, F_SETFL, O_APPEND);
    fcntl(trace_fd, F_SETFL, O_APPEND);
    ulog_set_text_fd(text_fd);
    ulog_set_trace_fd(trace_fd);
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, writer, (void *)(intptr_t)i);
    pthread_create(&t[THREADS], NULL, reconfigurer, NULL);
    for (int i = 0; i <= THREADS; i++)
        pthread_join(t[i], NULL);
    ulog_set_text_fd(2);

    int text_lines = count_whole_lines(text_fd, "ustorport: warning [");
    int json_lines = count_whole_lines(trace_fd, "{\"ts\":");
    int failed = 0;
    if (text_lines != 2 * THREADS * LINES || json_lines != 2 * THREADS * LINES) {
        fprintf(stderr, "text lines %d, json lines %d, want %d each\n", text_lines, json_lines,
                2 * THREADS * LINES);
        failed = 1;
    }
    if (ulog_count(ULOG_GUEST, ULOG_WARN) - before != THREADS * LINES) {
        fprintf(stderr, "guest warnings counted: %llu\n",
                (unsigned long long)(ulog_count(ULOG_GUEST, ULOG_WARN) - before));
        failed = 1;
    }
    return failed;
}
