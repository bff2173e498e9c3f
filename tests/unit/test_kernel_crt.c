/* Kernel and C-runtime routines miniports call beyond Storport (src/port/kernel_crt.c),
 * through the library's exported symbols as a miniport would reach them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <ntddk.h>
#include "ustor/nt_crt.h"
#include "ustorport/ustor_log.h"

static int failures;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", \
    __FILE__, __LINE__, #cond); failures++; } } while (0)

static int msvc_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = _vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static void test_vsnprintf(void)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    CHECK(msvc_snprintf(buf, sizeof buf, "%lx", 0xabcU) == 3 && !strcmp(buf, "abc"));
    memset(buf, 'x', sizeof buf);
    CHECK(msvc_snprintf(buf, 4, "%s", "abcd") == 4 && !memcmp(buf, "abcd", 4) && buf[4] == 'x');
    memset(buf, 'x', sizeof buf);
    CHECK(msvc_snprintf(buf, 4, "%I64u", 123456ULL) == -1 && !memcmp(buf, "1234", 4));
}

static void test_memcpy_s(void)
{
    char dst[4] = "abc";
    CHECK(memcpy_s(dst, sizeof dst, "xy", 2) == 0 && !memcmp(dst, "xyc", 3));
    CHECK(memcpy_s(dst, 2, "12345", 5) != 0 && dst[0] == 0 && dst[1] == 0);
    CHECK(memcpy_s(NULL, 4, "1", 1) != 0);
    CHECK(memmove_s(dst, sizeof dst, dst + 1, 2) == 0);
}

static void test_wcslen16(void)
{
    static const unsigned short text[] = { 'd', 'i', 's', 'k', 0 };
    CHECK(ustor_wcslen16(text) == 4);
    CHECK(ustor_wcslen16(text + 4) == 0);
}

static void test_processor_counts(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    CHECK(KeQueryActiveProcessorCountEx(0xffff) >= 1);
    CHECK((long)KeQueryActiveProcessorCountEx(0xffff) <= online);
    CHECK(KeQueryMaximumProcessorCountEx(0xffff) >= KeQueryActiveProcessorCountEx(0xffff));
    CHECK(KeQueryActiveProcessorCountEx(0x7ff0) == 0); /* no such group */
    CHECK(KeGetCurrentIrql() == PASSIVE_LEVEL);
}

/* DbgPrint goes to the log in the MSVC dialect: %lx is 32 bits, %I64x 64. */
static void test_dbgprint(void)
{
    char path[] = "/tmp/ustor-kcrt-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    unlink(path);
    CHECK(ustor_log_set_levels("miniport=debug") == 0);
    int old = ustor_log_set_text_fd(fd);
    DbgPrint("disk %lx size %I64x\n", 0xdeadbeefU, 0x123456789aULL);
    DbgPrintEx(77, 3, "level three %d\n", 42);
    ustor_log_set_text_fd(old);
    char text[512] = { 0 };
    CHECK(pread(fd, text, sizeof text - 1, 0) > 0);
    close(fd);
    CHECK(strstr(text, "disk deadbeef size 123456789a") != NULL);
    CHECK(strstr(text, "level three 42") != NULL);
}

/* A bug check stops the process, after a log line naming the code. */
static void test_bugcheck(void)
{
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        ustor_log_set_text_fd(pipefd[1]);
        KeBugCheckEx(0xF1, 0x2004, 2, 3, 4);
        _exit(0); /* not reached unless KeBugCheckEx returns */
    }
    close(pipefd[1]);
    char text[1024] = { 0 };
    size_t got = 0;
    ssize_t n;
    while (got < sizeof text - 1 && (n = read(pipefd[0], text + got, sizeof text - 1 - got)) > 0)
        got += (size_t)n;
    close(pipefd[0]);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    CHECK(strstr(text, "KeBugCheckEx(0x000000F1, 0x2004") != NULL);
}

int main(void)
{
    test_bugcheck();
    test_vsnprintf();
    test_memcpy_s();
    test_wcslen16();
    test_processor_counts();
    test_dbgprint();
    if (failures)
        fprintf(stderr, "test_kernel_crt: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
