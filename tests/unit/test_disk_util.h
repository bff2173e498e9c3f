/* Checks shared by the disk layer's unit tests: each stops the test with the
 * file, line and the values compared. */
#ifndef TEST_DISK_UTIL_H
#define TEST_DISK_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define CHECK_EQ(a, b)                                                                  \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ != b_) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, a_, b_);                                          \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

/* Compares N bytes and prints both in hex on a mismatch. */
#define CHECK_BYTES(got, want, n)                                                       \
    do {                                                                                \
        const unsigned char *g_ = (const unsigned char *)(got);                         \
        const unsigned char *w_ = (const unsigned char *)(want);                        \
        if (memcmp(g_, w_, (n))) {                                                      \
            fprintf(stderr, "%s:%d: bytes differ\n  got: ", __FILE__, __LINE__);        \
            for (size_t i_ = 0; i_ < (size_t)(n); i_++)                                 \
                fprintf(stderr, "%02x ", g_[i_]);                                       \
            fprintf(stderr, "\n want: ");                                               \
            for (size_t i_ = 0; i_ < (size_t)(n); i_++)                                 \
                fprintf(stderr, "%02x ", w_[i_]);                                       \
            fprintf(stderr, "\n");                                                      \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define RUN(test)                                                                       \
    do {                                                                                \
        fprintf(stderr, "-- %s\n", #test);                                              \
        test();                                                                         \
    } while (0)

#endif
