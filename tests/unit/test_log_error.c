/* Thread-local error text: set, read, replaced, kept per thread, may quote itself,
 * and ustor_error_fail returns the errno it was given. */
#include "common/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

static void *other_thread(void *arg)
{
    (void)arg;
    CHECK(strcmp(ustor_error_message(), "") == 0); /* nothing leaks in from main */
    ustor_error_set("thread-only %d", 2);
    CHECK(strcmp(ustor_error_message(), "thread-only 2") == 0);
    return NULL;
}

static int open_something(const char *path)
{
    return ustor_error_fail(-ENOENT, "%s: no such image", path);
}

int main(void)
{
    pthread_t t;
    char big[1000];

    CHECK(strcmp(ustor_error_message(), "") == 0);
    CHECK(open_something("disk.img") == -ENOENT);
    CHECK(strcmp(ustor_error_message(), "disk.img: no such image") == 0);

    ustor_error_set("run: %s", ustor_error_message()); /* adding context to itself */
    CHECK(strcmp(ustor_error_message(), "run: disk.img: no such image") == 0);

    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, NULL);
    CHECK(strcmp(ustor_error_message(), "run: disk.img: no such image") == 0);

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ustor_error_set("%s", big);
    CHECK(strlen(ustor_error_message()) == USTOR_ERROR_MAX - 1);
    ustor_error_clear();
    CHECK(strcmp(ustor_error_message(), "") == 0);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
