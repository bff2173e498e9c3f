/*
 * hwtest.h - what the hardware-facing tests share: the hardware test miniport's
 * control block and operations (tests/miniports/hwmp_control.h), a host with the test
 * device (testdev.h) and one adapter of hwmp on it, its events, and synchronous READs
 * that bring back what StartIo saw. Checks come from the port tests' harness.h.
 */
#ifndef HWTEST_H
#define HWTEST_H

#include <errno.h>

#include "../integration/harness.h"
#include "ustorport/ustor_log.h"
#include "../miniports/hwmp_control.h"
#include "testdev.h"

struct hwt {
    struct ustor_host *host;
    struct ustor_driver *driver;
    struct testdev *dev;
    struct ustor_adapter *adapter;
    struct ustor_lun *lun;
};

/* Log text goes to /dev/null; guest problems are still counted. */
void hwt_quiet(void);

/* The control block, zeroed (configure it, then hwt_start). */
struct hwmp_control *hwt_control(void);
/* The control block as it is. */
struct hwmp_control *hwt_control_peek(void);
int64_t hwt_call(int op, int64_t a, int64_t b, int64_t c, int64_t d);

/* Host, device (CFG may be NULL), the miniport and its adapter, unit (0,0,0). */
void hwt_start(struct hwt *t, const struct testdev_config *cfg);
void hwt_stop(struct hwt *t);

/* Events the miniport recorded: how many of KIND/TYPE, the last one, and a wait for
 * at least N of them (polling, bounded). */
int hwt_event_count(int kind, int type);
const struct hwmp_event *hwt_event_last(int kind, int type);
bool hwt_event_wait(int kind, int type, int n, unsigned max_seconds);

/* A READ of one block at LBA (synchronous); what StartIo saw lands in *INFO. */
int hwt_read(struct hwt *t, uint32_t lba, struct hwmp_read_info *info);

/* The ACPI name of four characters, packed as Windows packs it. */
#define HWT_ACPI(a, b, c, d) \
    ((int64_t)((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24))

#endif
