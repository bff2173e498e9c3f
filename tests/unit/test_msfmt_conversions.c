/* msfmt: each conversion of the MSVC / kernel printf dialect, as DbgPrint gets it. */
#include "common/msfmt.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT_FMT(expect, ...)                                                                  \
    do {                                                                                         \
        char out_[256];                                                                          \
        size_t n_ = msfmt_format(out_, sizeof(out_), __VA_ARGS__);                               \
        if (strcmp(out_, (expect)) != 0 || n_ != strlen(expect)) {                               \
            fprintf(stderr, "%s:%d: %s -> \"%s\" (%zu), want \"%s\"\n", __FILE__, __LINE__,      \
                    #__VA_ARGS__, out_, n_, (expect));                                           \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

/* 16-bit text as a miniport built with -fshort-wchar has it. */
static const uint16_t wide_hello[] = { 'H', 'e', 'l', 'l', 'o', 0 };
static const uint16_t wide_accent[] = { 'c', 0xE9, 0x20AC, 0xD83D, 0xDE00, 0 }; /* c é € 😀 */
static const uint16_t wide_lone_surrogate[] = { 'a', 0xD800, 'b', 0 };

static void test_integers(void)
{
    EXPECT_FMT("42 -7 +5  3", "%d %i %+d % d", 42, -7, 5, 3);
    EXPECT_FMT("4294967295", "%u", 0xFFFFFFFFu);
    EXPECT_FMT("ff FF 0xff 0XFF 17 017", "%x %X %#x %#X %o %#o", 255, 255, 255, 255, 15, 15);
    EXPECT_FMT("[   42] [42   ] [00042] [-0042] [  042]", "[%5d] [%-5d] [%05d] [%05d] [%5.3d]", 42, 42, 42,
               -42, 42);
    EXPECT_FMT("[] [0]", "[%.0d] [%d]", 0, 0);
    EXPECT_FMT("-128 255 -1 65535", "%hhd %hhu %hd %hu", 0x180, 0x1FF, 0xFFFF, 0x1FFFF);
    EXPECT_FMT("[    7] [7    ]", "[%*d] [%*d]", 5, 7, -5, 7);
    EXPECT_FMT("[  007]", "[%*.*d]", 5, 3, 7);
}

/* `l` is 32 bits: a 64-bit register whose upper half holds junk must print only
 * the low half. Passing a 64-bit value where %lx expects a ULONG is exactly that
 * register picture; enough arguments are given that some travel on the stack. */
static void test_long_is_32_bits(void)
{
    unsigned long long junk = 0xDEADBEEF12345678ull;

    EXPECT_FMT("12345678", "%lx", junk);
    EXPECT_FMT("305419896", "%lu", junk);
    EXPECT_FMT("-1", "%ld", 0x12345678FFFFFFFFull);
    EXPECT_FMT("1 2 3 4 5 6 7 8", "%lx %lx %lx %lx %lx %lx %lx %lx", 0xAAAAAAAA00000001ull, 0xBBBBBBBB00000002ull,
               0xCCCCCCCC00000003ull, 0xDDDDDDDD00000004ull, 0xEEEEEEEE00000005ull, 0xFFFFFFFF00000006ull,
               0x1111111100000007ull, 0x2222222200000008ull);
    EXPECT_FMT("12345678 9abcdef0", "%I32x %x", 0x5555555512345678ull, 0x666666669abcdef0ull);
}

static void test_64_bit_and_pointer_size(void)
{
    EXPECT_FMT("deadbeef12345678", "%I64x", 0xDEADBEEF12345678ull);
    EXPECT_FMT("DEADBEEF12345678", "%I64X", 0xDEADBEEF12345678ull);
    EXPECT_FMT("-1311768467463790320", "%I64d", (long long)-0x123456789ABCDEF0ll);
    EXPECT_FMT("18446744073709551615", "%I64u", ~0ull);
    EXPECT_FMT("0x00000001000000ff", "%#018I64x", 0x1000000FFull);
    EXPECT_FMT("100000000 4294967296 -4294967296", "%Ix %Iu %Id", (size_t)1 << 32, (size_t)1 << 32,
               -((long long)1 << 32));
    EXPECT_FMT("ffffffffffffffff", "%llx", ~0ull);
    EXPECT_FMT("10000000000 10000000000", "%zx %jx", (size_t)1 << 40, (size_t)1 << 40);
}

static void test_pointer(void)
{
    EXPECT_FMT("00000000DEADBEEF", "%p", (void *)(uintptr_t)0xDEADBEEF);
    EXPECT_FMT("FFFF800012345678", "%p", (void *)(uintptr_t)0xFFFF800012345678ull);
    EXPECT_FMT("0000000000000000", "%p", (void *)0);
}

static void test_chars(void)
{
    EXPECT_FMT("a|b|  c", "%c|%hc|%3c", 'a', 'b', 'c');
    EXPECT_FMT("c|  c", "%c|%3c", 'c', 'c');
    EXPECT_FMT("\xc3\xa9|\xe2\x82\xac|x", "%C|%wc|%lc", 0xE9, 0x20AC, 'x');
    EXPECT_FMT("%", "%%");
    EXPECT_FMT("100%", "%d%%", 100);
}

static void test_strings(void)
{
    EXPECT_FMT("hi|  hi|hi  |h", "%s|%4s|%-4s|%.1s", "hi", "hi", "hi", "hi");
    EXPECT_FMT("narrow", "%hs", "narrow");
    EXPECT_FMT("Hello|Hello|Hello|Hel", "%ws|%S|%ls|%.3ws", wide_hello, wide_hello, wide_hello, wide_hello);
    EXPECT_FMT("[  Hello]", "[%7ws]", wide_hello);
    EXPECT_FMT("c\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "%ws", wide_accent);
    EXPECT_FMT("a\xef\xbf\xbd" "b", "%ws", wide_lone_surrogate);
}

static void test_null_strings(void)
{
    EXPECT_FMT("(null)|(null)|(null)|(null)", "%s|%ws|%S|%Z", (char *)NULL, (uint16_t *)NULL, (uint16_t *)NULL,
               (void *)NULL);
    EXPECT_FMT("(null)", "%wZ", (void *)NULL);
    struct ms_counted_string empty = { 0, 0, NULL };
    EXPECT_FMT("(null)", "%wZ", &empty);
    EXPECT_FMT("(nu", "%.3s", (char *)NULL);
}

static void test_counted_strings(void)
{
    /* Length counts bytes and excludes any terminator; the buffer need not end in 0. */
    static const uint16_t device[] = { 'D', 'i', 's', 'k', '0', 'X', 'X' };
    struct ms_counted_string us = { .length = 5 * 2, .maximum_length = sizeof(device), .buffer = device };
    static const char ansi_text[] = { 'a', 'b', 'c', 'Z', 'Z' };
    struct ms_counted_string as = { .length = 3, .maximum_length = 5, .buffer = ansi_text };

    EXPECT_FMT("Disk0", "%wZ", &us);
    EXPECT_FMT("[Disk0   ]", "[%-8wZ]", &us);
    EXPECT_FMT("abc", "%Z", &as);
    us.length = 9; /* odd byte count: the half character is dropped */
    EXPECT_FMT("Disk", "%wZ", &us);
}

static void test_floats_and_odd_directives(void)
{
    EXPECT_FMT("3.50 1.000000e+00 0.25", "%.2f %e %g", 3.5, 1.0, 0.25);
    EXPECT_FMT("[  1.5]", "[%5.1f]", 1.5);
    EXPECT_FMT("%y 5", "%y %d", 5);      /* unknown: literal, consumes nothing */
    EXPECT_FMT("end %", "end %");       /* dangling percent */
    int n = 123;
    EXPECT_FMT("x 7", "x%n %d", &n, 7); /* %n writes nothing */
    CHECK(n == 123);
}

static void test_bounded_output(void)
{
    char small[8];
    size_t n = msfmt_format(small, sizeof(small), "%s-%I64x", "abcdef", 0x1234ull);

    CHECK(n == strlen("abcdef-1234"));
    CHECK(strcmp(small, "abcdef-") == 0);
    memset(small, 'Q', sizeof(small));
    n = msfmt_format(small, 1, "%d", 12345);
    CHECK(n == 5 && small[0] == '\0' && small[1] == 'Q');
    n = msfmt_format(small, sizeof(small), "%100000d", 1); /* huge width, bounded output */
    CHECK(n == 100000 && strlen(small) == sizeof(small) - 1);
    n = msfmt_format(NULL, 0, "%d", 42);
    CHECK(n == 2);
}

int main(void)
{
    test_integers();
    test_long_is_32_bits();
    test_64_bit_and_pointer_size();
    test_pointer();
    test_chars();
    test_strings();
    test_null_strings();
    test_counted_strings();
    test_floats_and_odd_directives();
    test_bounded_output();
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
