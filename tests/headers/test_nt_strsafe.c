/* ntstrsafe.h copy, concatenation and length routines, ANSI and 16-bit wide:
 * results that fit, truncation (STATUS_BUFFER_OVERFLOW, still terminated),
 * and the sizes that are STATUS_INVALID_PARAMETER. */
#include <string.h>

#include <ntstrsafe.h>

#include "check.h"

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

static void check_copy(void)
{
    char b[6];

    CHECK(RtlStringCchCopyA(b, sizeof(b), "abc") == STATUS_SUCCESS && strcmp(b, "abc") == 0);
    CHECK(RtlStringCchCopyA(b, sizeof(b), "abcde") == STATUS_SUCCESS);
    CHECK(RtlStringCchCopyA(b, sizeof(b), "abcdef") == STATUS_BUFFER_OVERFLOW);
    CHECK(strcmp(b, "abcde") == 0);
    b[0] = 'x';
    CHECK(RtlStringCchCopyA(b, 0, "a") == STATUS_INVALID_PARAMETER && b[0] == 'x');
    CHECK(RtlStringCbCopyNA(b, sizeof(b), "abcdef", 2) == STATUS_SUCCESS && strcmp(b, "ab") == 0);
    CHECK(RtlStringCchCopyNA(b, 3, "abcdef", 4) == STATUS_BUFFER_OVERFLOW && strcmp(b, "ab") == 0);
    CHECK(RtlStringCchCopyA(b, (size_t)NTSTRSAFE_MAX_CCH + 1, "a") == STATUS_INVALID_PARAMETER);
}

static void check_cat(void)
{
    char b[8] = "ab";
    char unterminated[3] = { 'x', 'y', 'z' };

    CHECK(RtlStringCbCatA(b, sizeof(b), "cd") == STATUS_SUCCESS && strcmp(b, "abcd") == 0);
    CHECK(RtlStringCchCatNA(b, sizeof(b), "efgh", 2) == STATUS_SUCCESS);
    CHECK(strcmp(b, "abcdef") == 0);
    CHECK(RtlStringCchCatA(b, sizeof(b), "gh") == STATUS_BUFFER_OVERFLOW);
    CHECK(strcmp(b, "abcdefg") == 0);
    CHECK(RtlStringCchCatA(unterminated, sizeof(unterminated), "a") == STATUS_INVALID_PARAMETER);
}

static void check_length(void)
{
    size_t n = 99;
    char full[4] = { 'a', 'b', 'c', 'd' };

    CHECK(RtlStringCchLengthA("abc", 10, &n) == STATUS_SUCCESS && n == 3);
    CHECK(RtlStringCbLengthA("abc", 10, &n) == STATUS_SUCCESS && n == 3);
    CHECK(RtlStringCchLengthA(full, sizeof(full), &n) == STATUS_INVALID_PARAMETER && n == 0);
    CHECK(RtlStringCchLengthA(NULL, 10, &n) == STATUS_INVALID_PARAMETER);
    CHECK(RtlStringCchLengthA("abc", 4, NULL) == STATUS_SUCCESS);
}

static void check_wide(void)
{
    WCHAR w[4];
    size_t n;

    CHECK(RtlStringCbCopyW(w, sizeof(w), u"xyz") == STATUS_SUCCESS && wlen(w) == 3);
    CHECK(RtlStringCbCopyW(w, sizeof(w), u"wxyz") == STATUS_BUFFER_OVERFLOW);
    CHECK(wlen(w) == 3 && w[0] == u'w' && w[2] == u'y');
    CHECK(RtlStringCbLengthW(w, sizeof(w), &n) == STATUS_SUCCESS && n == 3 * sizeof(WCHAR));
    CHECK(RtlStringCchCopyW(w, 4, u"a") == STATUS_SUCCESS);
    CHECK(RtlStringCchCatW(w, 4, u"bc") == STATUS_SUCCESS && wlen(w) == 3 && w[2] == u'c');
    CHECK(RtlStringCchCatW(w, 4, u"d") == STATUS_BUFFER_OVERFLOW && wlen(w) == 3);
}

int main(void)
{
    check_copy();
    check_cat();
    check_length();
    check_wide();
    if (failures == 0)
        printf("ntstrsafe: all checks passed\n");
    return failures ? 1 : 0;
}
