/*
 * vmp_harness.h - what the tests of the virtual test miniport (tests/miniports/vmp.c)
 * share: checks that end the test with a message, loading the miniport and adding its
 * adapters, its test-thread operations, bounded polling.
 */
#ifndef VMP_HARNESS_H
#define VMP_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ustorport/ustorport.h"
#include "ustorport/ustor_log.h"
#include "../miniports/vmp_control.h"

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                             \
            fprintf(stderr, " (last error: %s)\n", ustor_last_error());               \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

#define CHECK_OK(expr) CHECK((expr) == 0, "%s", #expr)

/* The miniport's control block (configure it before adding an adapter). */
struct vmp_control *vmp_ctl(void);
struct ustor_host *vmp_host(void);
struct ustor_driver *vmp_load(struct ustor_host *host);
/* Loads it with the driver registry file REGISTRY (ustor_driver_load_opts). */
struct ustor_driver *vmp_load_registry(struct ustor_host *host, const char *registry);
struct ustor_adapter *vmp_adapter(struct ustor_driver *d);
/* An adapter whose registry is the file REGISTRY. */
struct ustor_adapter *vmp_adapter_registry(struct ustor_driver *d, const char *registry);
/* Writes TEXT to PATH as a registry editor would: a temporary file renamed into place. */
void vmp_write_file(const char *path, const char *text);
/* A fresh file name in the build tree for test NAME (PID-unique). */
const char *vmp_scratch_file(const char *name, char *buf, size_t n);
/* A test-thread operation of the miniport (enum vmp_op) on the last adapter. */
int64_t vmp_do(int op, int64_t a, int64_t b, int64_t c);
/* Polls (1 ms steps, at most MAX_SECONDS) until *P == WANT. */
bool vmp_wait_value(const int32_t *p, int32_t want, unsigned max_seconds);
int32_t vmp_read(const int32_t *p);
/* How many times the miniport recorded EV; the position of its Nth record or -1. */
int vmp_event_count(int ev);
int vmp_event_index(int ev, int nth);
/* The file name of the miniport's shared object ("libvmp.so"). */
const char *vmp_module_name(void);

#endif
