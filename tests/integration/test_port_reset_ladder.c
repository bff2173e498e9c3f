/*
 * Storport's multi-tier reset after a timeout, in the order the miniport sees it:
 * SRB_FUNCTION_RESET_LOGICAL_UNIT to the unit, then SRB_FUNCTION_RESET_DEVICE to its
 * target, then HwResetBus, each tier only when the one before left the timed-out
 * request outstanding. A LUN reset that completes the request ends the ladder there (no
 * target or bus reset), and leaves a request of another unit alone; so does a target
 * reset. Reset SRBs the miniport never answers are abandoned after the host's reset
 * timeout, the ladder goes on to the bus, and their late completions are absorbed. Every
 * request completes exactly once.
 */
#include <errno.h>

#include "harness.h"

#define SRB_BUS_RESET 0x0E

static struct ustor_host *host_with_short_resets(void)
{
    struct ustor_host_options o = {.size = sizeof o, .busy_pause_ms = 5, .default_timeout = 5,
                                   .reset_timeout = 1};
    struct ustor_host *h = NULL;
    CHECK_OK(ustor_host_create(&o, &h));
    return h;
}

struct counts {
    int lun, target, bus;
};

static struct counts counts_now(const struct tmp_control *t)
{
    return (struct counts){harness_event_count(t, TMP_EV_RESET_LUN),
                           harness_event_count(t, TMP_EV_RESET_DEVICE),
                           harness_event_count(t, TMP_EV_RESET_BUS)};
}

/* Submits a request with a 1 s timeout to LUN and waits until it completed. */
static void time_out_one(struct ustor_adapter *a, uint8_t lun, struct tracked *r, struct tracker *tr)
{
    tracked_tur(r, tr);
    r->req.timeout = 1;
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, lun), &r->req));
    CHECK(tracker_wait(tr, 1, 60), "the timed-out request never completed");
}

/* Nothing below the bus resets: LUN, then target, then bus, in that order. */
static void check_full_ladder(struct tmp_control *t, struct ustor_adapter *a)
{
    struct tracker tr = {0};
    struct tracked r;
    t->reset_tier = TMP_RESET_NONE;
    int lun0 = harness_event_count(t, TMP_EV_RESET_LUN);
    time_out_one(a, 0, &r, &tr);
    int lun = harness_event_index(t, TMP_EV_RESET_LUN, lun0);
    int dev = harness_event_index(t, TMP_EV_RESET_DEVICE, harness_event_count(t, TMP_EV_RESET_DEVICE) - 1);
    int bus = harness_event_index(t, TMP_EV_RESET_BUS, harness_event_count(t, TMP_EV_RESET_BUS) - 1);
    CHECK(lun >= 0 && dev > lun && bus > dev, "order: LUN reset %d, target reset %d, bus reset %d",
          lun, dev, bus);
    struct counts c = counts_now(t);
    CHECK(c.lun == 1 && c.target == 1 && c.bus == 1, "resets %d/%d/%d", c.lun, c.target, c.bus);
    CHECK(r.req.srb_status == SRB_BUS_RESET && atomic_load(&tr.twice) == 0,
          "status 0x%x, completed by HwResetBus once", r.req.srb_status);
}

/* A tier that completes the request ends the ladder; another unit's request stays. */
static void check_tier_stops(struct tmp_control *t, struct ustor_adapter *a, int tier)
{
    struct tracker tr = {0}, other_tr = {0};
    struct tracked r, other;
    tracked_tur(&other, &other_tr);
    other.req.timeout = 600;
    t->reset_tier = tier;
    CHECK_OK(ustor_lun_submit(ustor_adapter_lun(a, 0, 0, 1), &other.req));
    struct counts before = counts_now(t);
    time_out_one(a, 0, &r, &tr);
    struct counts c = counts_now(t);
    CHECK(c.lun == before.lun + 1, "LUN resets %d", c.lun - before.lun);
    CHECK(c.target == before.target + (tier == TMP_RESET_BY_TARGET) && c.bus == before.bus,
          "tier %d: target resets %d, bus resets %d", tier, c.target - before.target,
          c.bus - before.bus);
    CHECK(r.req.srb_status == SRB_BUS_RESET && atomic_load(&tr.twice) == 0, "status 0x%x",
          r.req.srb_status);
    if (tier == TMP_RESET_BY_LUN)
        CHECK(atomic_load(&other.completions) == 0, "the LUN reset touched another unit");
    /* a target reset covers LUN 1 too: it completed with the same status */
    if (tier == TMP_RESET_BY_TARGET)
        CHECK(tracker_wait(&other_tr, 1, 10) && other.req.srb_status == SRB_BUS_RESET,
              "the target reset left the other unit's request");
    else
        CHECK(harness_release_all() == 1 && tracker_wait(&other_tr, 1, 10), "the other request");
    CHECK(atomic_load(&other_tr.twice) == 0, "a second callback");
}

/* Reset SRBs never answered: abandoned after their timeout, then the bus reset; the
 * miniport's late completions of them are absorbed. */
static void check_hung_resets(struct tmp_control *t, struct ustor_adapter *a)
{
    struct tracker tr = {0};
    struct tracked r;
    struct ustor_adapter_stats st0, st;
    CHECK_OK(ustor_adapter_get_stats(a, &st0));
    t->reset_tier = TMP_RESET_HANG;
    struct counts before = counts_now(t);
    time_out_one(a, 0, &r, &tr);
    struct counts c = counts_now(t);
    CHECK(c.lun == before.lun + 1 && c.target == before.target + 1 && c.bus == before.bus + 1,
          "resets %d/%d/%d", c.lun - before.lun, c.target - before.target, c.bus - before.bus);
    CHECK(r.req.srb_status == SRB_BUS_RESET && atomic_load(&tr.twice) == 0, "status 0x%x",
          r.req.srb_status);
    CHECK_OK(ustor_adapter_get_stats(a, &st));
    CHECK(st.timed_out == st0.timed_out + 2, "abandoned reset SRBs: %llu",
          (unsigned long long)(st.timed_out - st0.timed_out));
    CHECK(st.late_completions == st0.late_completions + 2 && st.bad_completions == st0.bad_completions,
          "late %llu bad %llu", (unsigned long long)(st.late_completions - st0.late_completions),
          (unsigned long long)(st.bad_completions - st0.bad_completions));
    CHECK(st.outstanding == 0 && st.slots_free == st.slots_total, "slots not all back: %u/%u",
          st.slots_free, st.slots_total);
    t->reset_tier = TMP_RESET_NONE;
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->mode = TMP_NEVER;
    t->luns = 2;
    struct ustor_host *h = host_with_short_resets();
    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    check_full_ladder(t, a);
    check_tier_stops(t, a, TMP_RESET_BY_LUN);
    check_tier_stops(t, a, TMP_RESET_BY_TARGET);
    check_hung_resets(t, a);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
