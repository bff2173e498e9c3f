/*
 * tmp_internal.h - what the test miniport's files share: its device extension and
 * SRB extension, and the entry to the execution-context probes (tmp_exec.c).
 */
#ifndef TMP_INTERNAL_H
#define TMP_INTERNAL_H

#include "tmp_control.h"

struct tmp_srbext {
    PVOID next;
    LONG mode;
};

struct tmp_queue {
    PVOID head, tail;
};

struct tmp_ext {
    STOR_DPC probe_dpc;
    STOR_DPC context_dpc;
    BOOLEAN physical;
    BOOLEAN half_duplex;
    STOR_DPC dpc;
    PVOID worker;
    BOOLEAN worker_ok;
    LONG timer_armed;
    LONG rand_state;
    volatile LONG spin_flag;
    struct tmp_queue q[TMP_MODES];
    PVOID probe_timer, probe_worker;    /* tmp_exec.c */
};

void count(int32_t *p);
int64_t tmp_call_exec(struct tmp_ext *e, int op, int64_t a, int64_t b);

#endif
