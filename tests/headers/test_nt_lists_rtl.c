/* The list routines, Rtl memory helpers and the arithmetic macros of the base
 * headers (ALIGN_*, page macros, FIELD_OFFSET, CONTAINING_RECORD, pointer
 * conversions, CTL_CODE, NT_SUCCESS, REVERSE_BYTES*), and ASSERT dropping its
 * expression when DBG is 0. */
#include <ntddk.h>
#include "ustor/nt_bytes.h"

#include "check.h"

struct item {
    ULONG id;
    LIST_ENTRY link;
    SINGLE_LIST_ENTRY slink;
};

static ULONG id_at(PLIST_ENTRY e)
{
    return CONTAINING_RECORD(e, struct item, link)->id;
}

static void check_lists(void)
{
    struct item it[4] = { { .id = 0 }, { .id = 1 }, { .id = 2 }, { .id = 3 } };
    LIST_ENTRY head, other;
    SINGLE_LIST_ENTRY stack = { NULL };

    InitializeListHead(&head);
    CHECK(IsListEmpty(&head) && RemoveHeadList(&head) == &head);
    InsertTailList(&head, &it[1].link);
    InsertTailList(&head, &it[2].link);
    InsertHeadList(&head, &it[0].link);          /* 0 1 2 */
    CHECK(id_at(head.Flink) == 0 && id_at(head.Blink) == 2);
    CHECK(RemoveEntryList(&it[1].link) == FALSE); /* 0 2: not empty afterwards */
    CHECK(id_at(head.Flink->Flink) == 2);
    CHECK(id_at(RemoveTailList(&head)) == 2 && id_at(RemoveHeadList(&head)) == 0);
    CHECK(IsListEmpty(&head));
    InsertTailList(&head, &it[3].link);
    CHECK(RemoveEntryList(&it[3].link) == TRUE);  /* the last entry: list empty */

    /* AppendTailList splices a headless ring (1 2) after 0. */
    InitializeListHead(&head);
    InitializeListHead(&other);
    InsertTailList(&head, &it[0].link);
    InsertTailList(&other, &it[1].link);
    InsertTailList(&other, &it[2].link);
    RemoveEntryList(&other);
    AppendTailList(&head, &it[1].link);
    CHECK(id_at(head.Flink) == 0 && id_at(head.Flink->Flink) == 1);
    CHECK(id_at(head.Blink) == 2 && head.Blink->Flink == &head);

    PushEntryList(&stack, &it[0].slink);
    PushEntryList(&stack, &it[1].slink);
    CHECK(PopEntryList(&stack) == &it[1].slink && PopEntryList(&stack) == &it[0].slink);
    CHECK(PopEntryList(&stack) == NULL);
}

static void check_rtl(void)
{
    UCHAR a[16], b[16];

    RtlFillMemory(a, sizeof(a), 0xAB);
    RtlCopyMemory(b, a, sizeof(b));
    CHECK(RtlEqualMemory(a, b, sizeof(a)) && RtlCompareMemory(a, b, sizeof(a)) == 16);
    b[5] = 0;
    CHECK(!RtlEqualMemory(a, b, sizeof(a)) && RtlCompareMemory(a, b, sizeof(a)) == 5);
    for (int i = 0; i < 16; i++)
        a[i] = (UCHAR)i;
    RtlMoveMemory(a + 1, a, 8);                   /* overlapping */
    CHECK(a[1] == 0 && a[8] == 7 && a[9] == 9);
    RtlZeroMemory(a, 4);
    CHECK(a[0] == 0 && a[3] == 0 && a[4] == 3);
    RtlSecureZeroMemory(b, sizeof(b));
    CHECK(RtlCompareMemory(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 16);
    CHECK(RtlUlongByteSwap(0x11223344) == 0x44332211 && RtlUshortByteSwap(0x1122) == 0x2211);
}

static void check_macros(void)
{
    struct s { UCHAR a; ULONG b; UCHAR c[3]; } v;
    ULONG_PTR p = 0x12345;

    CHECK(ALIGN_UP_BY(13, 8) == 16 && ALIGN_DOWN_BY(13, 8) == 8 && ALIGN_UP_BY(16, 8) == 16);
    CHECK(ALIGN_UP(9, PVOID) == 16 && ALIGN_DOWN(9, ULONG) == 8);
    CHECK((ULONG_PTR)ALIGN_UP_POINTER_BY(p, 0x1000) == 0x13000);
    CHECK((ULONG_PTR)ALIGN_DOWN_POINTER_BY(p, 0x1000) == 0x12000);
    CHECK(ROUND_TO_PAGES(1) == PAGE_SIZE && ROUND_TO_PAGES(PAGE_SIZE) == PAGE_SIZE);
    CHECK(BYTES_TO_PAGES(4097u) == 2 && BYTES_TO_PAGES(4096u) == 1 && BYTES_TO_PAGES(0u) == 0);
    CHECK(ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0xFFF, 2) == 2);
    CHECK(BYTE_OFFSET((PVOID)p) == 0x345 && (ULONG_PTR)PAGE_ALIGN((PVOID)p) == 0x12000);
    CHECK(FIELD_OFFSET(struct s, b) == 4 && FIELD_OFFSET(struct s, c[2]) == 10);
    CHECK(RTL_SIZEOF_THROUGH_FIELD(struct s, b) == 8 && RTL_FIELD_SIZE(struct s, c) == 3);
    CHECK(ARRAYSIZE(v.c) == 3 && RTL_NUMBER_OF(v.c) == 3);
    CHECK(min(3, 5) == 3 && max(3, 5) == 5 && min(-1, 2) == -1);
}

static void check_conversions(void)
{
    void *big = (void *)0x123456789ULL;

    CHECK(PtrToUlong(big) == 0x23456789u && PtrToUlong((void *)~0ULL) == 0xFFFFFFFFu);
    CHECK(ULongToPtr(0xFFFFFFFFu) == (void *)0xFFFFFFFFULL);  /* zero-extends */
    CHECK(LongToPtr(-1) == (void *)~0ULL);                      /* sign-extends */
    CHECK(UlongToPtr(7) == (void *)7 && PtrToLong((void *)~0ULL) == -1);
}

static void check_codes(void)
{
    ULONG ioctl = CTL_CODE(FILE_DEVICE_CONTROLLER, 0x0402, METHOD_BUFFERED,
                           FILE_READ_ACCESS | FILE_WRITE_ACCESS);

    CHECK(ioctl == 0x0004D008);  /* IOCTL_SCSI_MINIPORT */
    CHECK(DEVICE_TYPE_FROM_CTL_CODE(ioctl) == FILE_DEVICE_CONTROLLER);
    CHECK(METHOD_FROM_CTL_CODE(CTL_CODE(0x2d, 0x500, METHOD_NEITHER, 0)) == METHOD_NEITHER);
    CHECK(CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x0500, METHOD_BUFFERED, FILE_ANY_ACCESS)
          == 0x002D1400); /* IOCTL_STORAGE_QUERY_PROPERTY */
    CHECK(NT_SUCCESS(STATUS_SUCCESS) && NT_SUCCESS(STATUS_PENDING) && NT_SUCCESS(STATUS_TIMEOUT));
    CHECK(!NT_SUCCESS(STATUS_INVALID_PARAMETER) && NT_ERROR(STATUS_INSUFFICIENT_RESOURCES));
    CHECK(!NT_SUCCESS(STATUS_BUFFER_OVERFLOW) && NT_WARNING(STATUS_BUFFER_OVERFLOW));
    CHECK(STATUS_DEVICE_BUSY == (NTSTATUS)0x80000011u && STATUS_NOT_FOUND == (NTSTATUS)0xC0000225u);
}

static void check_bytes(void)
{
    UCHAR src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, dst[9] = { 0 };
    ULONG be = 0x11223344;

    REVERSE_BYTES_QUAD(dst + 1, src);             /* unaligned destination */
    CHECK(dst[1] == 8 && dst[8] == 1);
    REVERSE_BYTES(dst, src);
    CHECK(dst[0] == 4 && dst[3] == 1 && dst[4] == 5);
    REVERSE_BYTES_SHORT(dst, src + 6);
    CHECK(dst[0] == 8 && dst[1] == 7);
    REVERSE_LONG(&be);
    CHECK(be == 0x44332211);
    REVERSE_SHORT(src);
    CHECK(src[0] == 2 && src[1] == 1 && src[2] == 3);
}

static int side_effects;

static int touch(void)
{
    return ++side_effects;
}

static void check_asserts(void)
{
#if DBG
#error this test expects a free build (DBG undefined or 0)
#endif
    ASSERT(touch() == 100);
    NT_ASSERT(touch() == 100);
    NT_ASSERTMSG("never evaluated", touch() == 100);
    CHECK(side_effects == 0);
    CHECK(NT_VERIFY(touch() == 1) && side_effects == 1);  /* NT_VERIFY still evaluates */
}

int main(void)
{
    check_lists();
    check_rtl();
    check_macros();
    check_conversions();
    check_codes();
    check_bytes();
    check_asserts();
    if (failures == 0)
        printf("lists, Rtl and macros: all checks passed\n");
    return failures ? 1 : 0;
}
