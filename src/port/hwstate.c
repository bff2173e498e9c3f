/* An adapter's hardware-facing state (hwstate.h): made and freed with the adapter. */
#include <errno.h>
#include <stdlib.h>

#include "port/hwstate.h"
#include "port/port_internal.h"

int port_hwstate_create(struct ustor_adapter *a)
{
    struct port_hwstate *h = calloc(1, sizeof *h);
    if (!h)
        return -ENOMEM;
    pthread_mutex_init(&h->lock, NULL);
    a->hwstate = h;
    int rc = port_power_create(a);
    if (rc < 0)
        port_hwstate_destroy(a);
    return rc;
}

/* After the miniport has stopped running: nothing calls into these any more. */
void port_hwstate_destroy(struct ustor_adapter *a)
{
    struct port_hwstate *h = a->hwstate;
    if (!h)
        return;
    port_perf_destroy(a);
    port_power_destroy(a);
    port_portio_release(a);
    free(h->bus_data);
    pthread_mutex_destroy(&h->lock);
    free(h);
    a->hwstate = NULL;
}
