/*
 * StorPortInitialize: refuses what Windows refuses with the documented status
 * (NULL arguments and missing required callbacks: STATUS_INVALID_PARAMETER; an
 * HwInitializationDataSize that is neither 0xD0 nor 0xB0: STATUS_REVISION_MISMATCH),
 * accepts both layouts (HW_ and VIRTUAL_HW_INITIALIZATION_DATA), and a driver whose
 * DriverEntry fails or never registers is not loaded. An adapter whose HwFindAdapter
 * does not answer SP_RETURN_FOUND, or whose HwInitialize fails, is not added.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"

#define ST_INVALID_PARAMETER 0xC000000Du
#define ST_REVISION_MISMATCH 0xC0000059u

static uint32_t entry_fails(void *a, void *b)
{
    (void)a; (void)b;
    return 0xC0000001u;
}

static uint32_t entry_skips_initialize(void *a, void *b)
{
    (void)a; (void)b;
    return 0;
}

static void check_probes(struct tmp_control *t)
{
    CHECK(t->init_status[0] == ST_INVALID_PARAMETER, "NULL Argument1: 0x%x", t->init_status[0]);
    CHECK(t->init_status[1] == ST_REVISION_MISMATCH, "size 0x40: 0x%x", t->init_status[1]);
    CHECK(t->init_status[2] == ST_INVALID_PARAMETER, "no HwStartIo: 0x%x", t->init_status[2]);
    CHECK(t->init_status[3] == ST_INVALID_PARAMETER, "virtual without HwFreeAdapterResources: 0x%x",
          t->init_status[3]);
    CHECK(t->init_status[4] == ST_INVALID_PARAMETER, "NULL HwInitializationData: 0x%x",
          t->init_status[4]);
    CHECK(t->init_status_good == 0, "the valid registration: 0x%x", t->init_status_good);
}

static void check_layout(struct ustor_host *h, struct tmp_control *t, int virtual_layout)
{
    t->virtual_layout = virtual_layout;
    t->luns = 2;
    struct ustor_driver *d = harness_load(h);
    CHECK(ustor_driver_status(d) == 0, "DriverEntry status 0x%x", ustor_driver_status(d));
    int finds = harness_event_count(t, TMP_EV_FIND_ADAPTER);
    struct ustor_adapter *a = harness_virtual_adapter(d);
    CHECK(harness_event_count(t, TMP_EV_FIND_ADAPTER) == finds + 1, "HwFindAdapter not called");
    struct ustor_lun_info info[4];
    CHECK(ustor_adapter_luns(a, info, 4) == 2, "layout %d: LUNs not found", virtual_layout);
    struct ustor_adapter_info ai;
    CHECK_OK(ustor_adapter_get_info(a, &ai));
    CHECK(ai.virtual_adapter && ai.max_transfer_length == 256 * 1024,
          "ConfigInfo not honoured: max transfer %u", ai.max_transfer_length);
    CHECK_OK(ustor_adapter_remove(a));
}

int main(void)
{
    struct tmp_control *t = harness_tmp();
    t->init_probes = 1;
    struct ustor_host *h = harness_host();
    harness_load(h);
    check_probes(t);
    t->init_probes = 0;
    check_layout(h, t, 0);
    check_layout(h, t, 1);

    struct ustor_driver *d = harness_load(h);
    struct ustor_adapter *a = NULL;
    struct ustor_adapter_options o = {.size = sizeof o};
    static const struct { int find, init_fails, rc; } refusals[] = {
        {1 /* NOT_FOUND */, 0, -ENODEV}, {3 /* ERROR */, 0, -EIO}, {4 /* BAD_CONFIG */, 0, -EINVAL},
        {8 /* not an SP_RETURN_ value */, 0, -EIO}, {0, 1, -EIO}};
    for (unsigned i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        t->find_result = refusals[i].find;
        t->init_fails = refusals[i].init_fails;
        CHECK(ustor_adapter_add(d, &o, &a) == refusals[i].rc, "refusal %u was not refused", i);
    }
    t->find_result = t->init_fails = 0;
    CHECK(ustor_driver_load(h, "/nonexistent/miniport.so", &d) == -ENOENT, "missing file loaded");
    CHECK(ustor_driver_load_entry(h, "fails", entry_fails, &d) == -EINVAL,
          "a failing DriverEntry was accepted");
    CHECK(ustor_driver_load_entry(h, "skips", entry_skips_initialize, &d) == -EINVAL,
          "a DriverEntry without StorPortInitialize was accepted");
    CHECK(strstr(ustor_last_error(), "StorPortInitialize") != NULL, "error text: %s",
          ustor_last_error());
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
