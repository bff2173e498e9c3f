/*
 * The routines storport.h implements itself, without the port:
 * StorPortSecureCopyMemory (bounded copy and its three results),
 * StorPortInitializeListHead, StorPortFlushDataBufferMdl,
 * StorPortConvertPhysicalAddressToULong64 and StorPortCopyMemory.
 */
#include <stdio.h>
#include <string.h>

#include <storport.h>

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "header_helpers: %s\n", what);
        failures++;
    }
}

static void secure_copy(void)
{
    char src[8] = "abcdefg", dst[8];

    memset(dst, 'x', sizeof dst);
    expect(StorPortSecureCopyMemory(dst, 4, src, 5) == STOR_STATUS_BUFFER_TOO_SMALL,
           "copy larger than the destination is refused");
    expect(dst[0] == 'x', "a refused copy writes nothing");
    expect(StorPortSecureCopyMemory(NULL, 8, src, 1) == STOR_STATUS_INVALID_PARAMETER,
           "NULL destination is refused");
    expect(StorPortSecureCopyMemory(dst, 8, NULL, 1) == STOR_STATUS_INVALID_PARAMETER,
           "NULL source is refused");
    expect(StorPortSecureCopyMemory(dst, 8, src, 8) == STOR_STATUS_SUCCESS, "fitting copy");
    expect(memcmp(dst, src, 8) == 0, "fitting copy copies every byte");
    expect(StorPortSecureCopyMemory(dst + 1, 7, dst, 6) == STOR_STATUS_SUCCESS, "overlap");
    expect(memcmp(dst, "aabcdef", 7) == 0, "overlapping copy moves like memmove");
}

static void helpers(void)
{
    STOR_LIST_ENTRY head = {NULL, NULL};
    STOR_PHYSICAL_ADDRESS pa;
    unsigned char a[4] = {1, 2, 3, 4}, b[4] = {0};

    StorPortInitializeListHead(NULL, &head);
    expect(head.Flink == &head && head.Blink == &head, "an initialized list head is empty");
    expect(StorPortFlushDataBufferMdl(NULL, NULL) == STOR_STATUS_SUCCESS, "flush succeeds");
    pa.QuadPart = 0x123456789abcLL;
    expect(StorPortConvertPhysicalAddressToULong64(pa) == 0x123456789abcULL, "PA to ULONG64");
    StorPortCopyMemory(b, a, sizeof b);
    expect(memcmp(a, b, sizeof a) == 0, "StorPortCopyMemory copies");
}

int main(void)
{
    secure_copy();
    helpers();
    printf("header_helpers: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
