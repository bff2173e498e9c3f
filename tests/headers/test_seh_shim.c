/* The try/finally shims of ustor_prelude.h, built as miniport code: __leave
 * skips the rest of the try block even from inside nested loops, the finally
 * block runs on both paths, the plain `finally`/`leave` spellings of excpt.h
 * work, and code after the construct runs. */
#include <ntddk.h>

#include "check.h"

struct outcome {
    int iterations, reached_end, finally_ran, after;
};

/* Leaves when the loop counter reaches stop_at (never when stop_at < 0). */
static struct outcome leave_from_nested_loops(int stop_at)
{
    struct outcome o = { 0, 0, 0, 0 };

    __try {
        for (int i = 0; i < 4; i++) {
            int j = 0;
            while (j < 4) {
                if (i * 4 + j == stop_at)
                    __leave;
                o.iterations++;
                j++;
            }
        }
        o.reached_end = 1;
    } __finally {
        o.finally_ran = 1 + AbnormalTermination();
    }
    o.after = 1;
    return o;
}

/* The spellings nvme uses: `} finally {` after a __try. */
static struct outcome plain_spellings(int leave_early)
{
    struct outcome o = { 0, 0, 0, 0 };

    __try {
        do {
            if (leave_early)
                leave;
            o.iterations++;
        } while (0);
        o.reached_end = 1;
    } finally {
        o.finally_ran++;
    }
    o.after = 1;
    return o;
}

/* __leave goes to the function's own label: two functions may each have one __try. */
static int second_function(volatile int *x)
{
    __try {
        (*x)++;
        __leave;
        (*x) += 100;
    } __finally {
        (*x) += 10;
    }
    return *x;
}

int main(void)
{
    struct outcome o = leave_from_nested_loops(6);
    volatile int x = 0;

    CHECK(o.iterations == 6 && o.reached_end == 0 && o.finally_ran == 1 && o.after == 1);
    o = leave_from_nested_loops(-1);
    CHECK(o.iterations == 16 && o.reached_end == 1 && o.finally_ran == 1 && o.after == 1);
    o = leave_from_nested_loops(0);
    CHECK(o.iterations == 0 && o.reached_end == 0 && o.finally_ran == 1);
    o = plain_spellings(1);
    CHECK(o.iterations == 0 && o.reached_end == 0 && o.finally_ran == 1 && o.after == 1);
    o = plain_spellings(0);
    CHECK(o.iterations == 1 && o.reached_end == 1 && o.finally_ran == 1 && o.after == 1);
    CHECK(second_function(&x) == 11);
    if (failures == 0)
        printf("seh shim: __leave and finally behave\n");
    return failures ? 1 : 0;
}
