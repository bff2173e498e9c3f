/* StallExecution, DelayExecution, system time, the performance counter and the tick
 * count.  A stall really waits: it spins (with the pause hint) for short waits and
 * gives the processor away for long ones, so the threads that must advance what the
 * miniport polls for (timers, ISRs, DPCs, device models) keep running even on a
 * machine with one core. */
#include <sched.h>
#include <time.h>
#include "port/exec_priv.h"

#define NS_PER_100NS     100
#define EPOCH_1601_TO_1970_S 11644473600LL     /* seconds from 1601-01-01 to 1970-01-01 */
#define SPIN_ONLY_NS     20000                 /* below this, spin without yielding */
#define SLEEP_SLACK_NS   60000                 /* nanosleep overshoot we allow for */
#define TIME_INCREMENT   156250                /* 15.625 ms in 100 ns units */

uint64_t exec_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#else
    __asm__ __volatile__("" ::: "memory");
#endif
}

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
    nanosleep(&ts, NULL);
}

void exec_stall_us(uint32_t us)
{
    uint64_t start = exec_now_ns();
    uint64_t end = start + (uint64_t)us * 1000u;
    for (uint64_t now = start; now < end; now = exec_now_ns()) {
        uint64_t left = end - now;
        if (left > SPIN_ONLY_NS + SLEEP_SLACK_NS)
            sleep_ns(left - SLEEP_SLACK_NS);
        else if (left > SPIN_ONLY_NS)
            sched_yield();
        else
            for (int i = 0; i < 32; i++)
                cpu_relax();
    }
}

void exec_delay_us(uint32_t us)
{
    if (exec_irql_get() >= EXEC_DISPATCH_LEVEL) {
        exec_stall_us(us);
        return;
    }
    uint64_t end = exec_now_ns() + (uint64_t)us * 1000u;
    for (uint64_t now = exec_now_ns(); now < end; now = exec_now_ns())
        sleep_ns(end - now);
}

int64_t exec_system_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec + EPOCH_1601_TO_1970_S) * 10000000LL +
           ts.tv_nsec / NS_PER_100NS;
}

int64_t exec_perf_counter(int64_t *frequency)
{
    if (frequency)
        *frequency = 10000000;
    return (int64_t)(exec_now_ns() / NS_PER_100NS);
}

uint64_t exec_tick_count(void)
{
    return exec_now_ns() / NS_PER_100NS / TIME_INCREMENT;
}

uint32_t exec_time_increment(void)
{
    return TIME_INCREMENT;
}
