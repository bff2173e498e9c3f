/* Declared-but-unimplemented routines say so once each, with the caller. */
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include "port/unimplemented.h"

#define MAX_REPORTED 256

static pthread_mutex_t reported_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *reported[MAX_REPORTED];
static unsigned reported_count;

static int already_reported(const char *name)
{
    for (unsigned i = 0; i < reported_count; i++)
        if (reported[i] == name || !strcmp(reported[i], name))
            return 1;
    if (reported_count < MAX_REPORTED)
        reported[reported_count++] = name;
    return 0;
}

void ustor_unimplemented(const char *name, void *caller)
{
    pthread_mutex_lock(&reported_lock);
    int quiet = already_reported(name);
    pthread_mutex_unlock(&reported_lock);
    if (!quiet)
        fprintf(stderr, "ustorport: warning: %s is not implemented yet (called from %p); "
                "returning its documented failure\n", name, caller);
}
