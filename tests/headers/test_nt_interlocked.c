/* Interlocked*, bit tests and bit scans of wdm.h/miniport.h: return values
 * (new value for Increment/Decrement/Add, old value for the rest), bit
 * offsets beyond one LONG, and atomicity under two threads. */
#include <pthread.h>

#include <miniport.h>

#include "check.h"

enum { ROUNDS = 200000 };

static LONG volatile counter32;
static LONG64 volatile counter64;
static LONG volatile bits[2];

static void *hammer(void *arg)
{
    LONG bit = (LONG)(LONG_PTR)arg;

    for (int i = 0; i < ROUNDS; i++) {
        InterlockedIncrement(&counter32);
        InterlockedExchangeAdd64(&counter64, 2);
        InterlockedBitTestAndSet(bits, bit);   /* the two threads own different bits */
        InterlockedBitTestAndReset(bits, bit);
    }
    InterlockedBitTestAndSet(bits, bit);
    return NULL;
}

static void check_32bit(void)
{
    LONG v = 5;

    CHECK(InterlockedIncrement(&v) == 6 && v == 6);
    CHECK(InterlockedDecrement(&v) == 5 && v == 5);
    CHECK(InterlockedAdd(&v, 10) == 15);
    CHECK(InterlockedExchangeAdd(&v, 5) == 15 && v == 20);
    CHECK(InterlockedExchange(&v, 7) == 20 && v == 7);
    CHECK(InterlockedCompareExchange(&v, 9, 8) == 7 && v == 7); /* no match: unchanged */
    CHECK(InterlockedCompareExchange(&v, 9, 7) == 7 && v == 9);
    CHECK(InterlockedOr(&v, 0x10) == 9 && v == 0x19);
    CHECK(InterlockedAnd(&v, 0x11) == 0x19 && v == 0x11);
    CHECK(InterlockedXor(&v, 0x1) == 0x11 && v == 0x10);
    v = 0x7fffffff;
    CHECK(InterlockedIncrement(&v) == (LONG)0x80000000); /* wraps as on Windows */
}

static void check_other_widths(void)
{
    LONG64 q = 1;
    SHORT s = 3;
    CHAR c = 1;
    int a, b;
    PVOID p = &a;

    CHECK(InterlockedIncrement64(&q) == 2 && InterlockedAdd64(&q, 1LL << 40) == (1LL << 40) + 2);
    CHECK(InterlockedCompareExchange64(&q, 0, (1LL << 40) + 2) == (1LL << 40) + 2 && q == 0);
    CHECK(InterlockedExchange64(&q, -1) == 0 && InterlockedDecrement64(&q) == -2);
    CHECK(InterlockedIncrement16(&s) == 4 && InterlockedCompareExchange16(&s, 1, 4) == 4 && s == 1);
    CHECK(InterlockedExchange8(&c, 5) == 1 && InterlockedOr8(&c, 2) == 5 && c == 7);
    CHECK(InterlockedExchangePointer(&p, &b) == &a && p == &b);
    CHECK(InterlockedCompareExchangePointer(&p, &a, &a) == &b && p == &b);
    CHECK(InterlockedCompareExchangePointer(&p, &a, &b) == &b && p == &a);
}

static void check_bits(void)
{
    LONG field[2] = { 0, 0 };
    LONG64 wide[2] = { 0, 0 };
    ULONG index = 99;

    CHECK(InterlockedBitTestAndSet(field, 3) == FALSE && field[0] == 8);
    CHECK(InterlockedBitTestAndSet(field, 3) == TRUE);
    CHECK(InterlockedBitTestAndSet(field, 35) == FALSE && field[1] == 8); /* next LONG */
    CHECK(InterlockedBitTestAndReset(field, 3) == TRUE && field[0] == 0);
    CHECK(InterlockedBitTestAndReset(field, 3) == FALSE);
    CHECK(InterlockedBitTestAndComplement(field, 31) == FALSE && field[0] == (LONG)0x80000000);
    CHECK(BitTest(field, 35) == TRUE && BitTest(field, 34) == FALSE);
    CHECK(InterlockedBitTestAndSet64(wide, 70) == FALSE && wide[1] == 64);
    CHECK(InterlockedBitTestAndReset64(wide, 70) == TRUE && wide[1] == 0);
    CHECK(BitScanForward(&index, 0) == FALSE && index == 99);
    CHECK(BitScanForward(&index, 0x50) == TRUE && index == 4);
    CHECK(BitScanReverse(&index, 0x50) == TRUE && index == 6);
    CHECK(BitScanReverse64(&index, 1ULL << 63) == TRUE && index == 63);
    CHECK(BitScanForward64(&index, 1ULL << 40) == TRUE && index == 40);
}

static void check_threads(void)
{
    pthread_t t[2];

    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, hammer, (void *)(LONG_PTR)(i * 33)) == 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    KeMemoryBarrier();
    CHECK(counter32 == 2 * ROUNDS);
    CHECK(counter64 == 4LL * ROUNDS);
    CHECK(bits[0] == 1 && bits[1] == 2); /* bit 0 and bit 33 stayed set, nothing else */
}

int main(void)
{
    check_32bit();
    check_other_widths();
    check_bits();
    check_threads();
    if (failures == 0)
        printf("interlocked: all checks passed\n");
    return failures ? 1 : 0;
}
