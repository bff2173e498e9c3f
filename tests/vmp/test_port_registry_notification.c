/*
 * StorPortEnableRegistryKeyNotification: once a miniport enables it, a change of its
 * registry file (here rewritten as an editor would: a new file renamed into place) makes
 * the port call its HW_REGISTRY_NOTIFICATION_ROUTINE once, at PASSIVE, where it reads
 * the new Parameters\Device value with StorPortRegistryRead; each further change calls
 * it again. A NULL routine is STOR_STATUS_INVALID_PARAMETER.
 */
#include <string.h>
#include <unistd.h>

#include "vmp_harness.h"

#define STOR_SUCCESS 0x00000000
#define STOR_INVALID_PARAMETER 0xC1000006

static void write_knob(const char *path, unsigned knob)
{
    char text[128];
    snprintf(text, sizeof text, "[Parameters\\Device]\nKnob = REG_DWORD %u\n", knob);
    vmp_write_file(path, text);
}

int main(void)
{
    char path[512];
    struct vmp_control *c = vmp_ctl();
    write_knob(vmp_scratch_file("registry-notification", path, sizeof path), 1);
    struct ustor_host *h = vmp_host();
    struct ustor_driver *d = vmp_load(h);
    struct ustor_adapter *a = vmp_adapter_registry(d, path);
    CHECK(vmp_do(VMP_OP_ENABLE_REGNOTIFY, 1, 0, 0) == STOR_INVALID_PARAMETER, "NULL routine");
    CHECK(vmp_do(VMP_OP_ENABLE_REGNOTIFY, 0, 0, 0) == STOR_SUCCESS, "enable");
    CHECK(vmp_read(&c->regnotify_calls) == 0, "called before any change");
    write_knob(path, 2);
    CHECK(vmp_wait_value(&c->regnotify_calls, 1, 20), "no call after a change (%d)",
          vmp_read(&c->regnotify_calls));
    /* read atomically: the next change reaches the miniport through the file system, which
     * orders nothing for the sanitizer */
    uint32_t knob = (uint32_t)vmp_read((const int32_t *)&c->regnotify_knob);
    CHECK(knob == 2 && vmp_read(&c->regnotify_not_passive) == 0, "knob %u, not passive %d", knob,
          vmp_read(&c->regnotify_not_passive));
    write_knob(path, 3);
    CHECK(vmp_wait_value(&c->regnotify_calls, 2, 20), "no call after a second change (%d)",
          vmp_read(&c->regnotify_calls));
    knob = (uint32_t)vmp_read((const int32_t *)&c->regnotify_knob);
    CHECK(knob == 3, "knob %u", knob);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    unlink(path);
    printf("ok\n");
    return 0;
}
