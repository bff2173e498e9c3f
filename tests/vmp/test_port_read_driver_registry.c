/*
 * StorPortReadDriverRegistry: the registry file the host names when it loads the
 * miniport is there in DriverEntry; a value of the service key ([] in the file) of any
 * type comes back as stored (a REG_SZ as UTF-16LE with its NUL); a buffer too small, or
 * none, is FALSE with the size needed; a missing value, a value of a subkey and a
 * DriverObject that is no loaded miniport's are FALSE (the last reported). A miniport
 * loaded without a file reads nothing; a file that does not parse refuses the load.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vmp_harness.h"

static const char registry_text[] =
    "[]\n"
    "EntryKnob = REG_DWORD 0x1234\n"
    "Name = REG_SZ \"ab\"\n"
    "Blob = REG_BINARY 01 02 03\n"
    "[Parameters]\n"
    "Deeper = REG_DWORD 9\n";

static int64_t read_value(const char *name, int room, int wrong_object)
{
    return vmp_do(VMP_OP_READ_DRIVER_REGISTRY, (int64_t)(intptr_t)name, room, wrong_object);
}

static void check_reads(struct vmp_control *c)
{
    static const uint8_t name_utf16[] = {'a', 0, 'b', 0, 0, 0};
    CHECK(c->entry_read_ok == 1 && c->entry_read_length == 4 && c->entry_read_value == 0x1234,
          "in DriverEntry: ok %d length %u value 0x%x", c->entry_read_ok, c->entry_read_length,
          c->entry_read_value);
    CHECK(read_value("Name", 64, 0) == 1 && c->read_length == 6 &&
          memcmp(c->read_data, name_utf16, 6) == 0, "REG_SZ: length %u", c->read_length);
    CHECK(read_value("blob", 64, 0) == 1 && c->read_length == 3 && c->read_data[2] == 3,
          "REG_BINARY, name in another case: length %u", c->read_length);
    CHECK(read_value("Blob", 2, 0) == 0 && c->read_length == 3 && c->read_data[0] == 0,
          "a short buffer: length %u", c->read_length);
    CHECK(read_value("Blob", 0, 0) == 0 && c->read_length == 3, "no buffer: length %u",
          c->read_length);
    CHECK(read_value("Missing", 64, 0) == 0 && c->read_length == 0, "a missing value");
    CHECK(read_value("Deeper", 64, 0) == 0, "a value of a subkey is not the service key's");
    unsigned long long problems = ustor_log_guest_problems();
    CHECK(read_value("EntryKnob", 64, 1) == 0, "read through a foreign DriverObject");
    CHECK(ustor_log_guest_problems() == problems + 1, "the foreign DriverObject is not reported");
}

int main(void)
{
    char path[512], bad[512];
    struct vmp_control *c = vmp_ctl();
    vmp_write_file(vmp_scratch_file("driver-registry", path, sizeof path), registry_text);
    struct ustor_host *h = vmp_host();
    vmp_load_registry(h, path);
    check_reads(c);

    struct ustor_host *h2 = vmp_host();
    vmp_load(h2);
    CHECK(c->entry_read_ok == 0 && c->entry_read_length == 0, "read without a registry file");
    vmp_write_file(vmp_scratch_file("driver-registry-bad", bad, sizeof bad), "[]\nX = REG_DWORD\n");
    struct ustor_driver_options o = {.size = sizeof o, .registry_path = bad};
    struct ustor_driver *d = NULL;
    CHECK(ustor_driver_load_opts(h2, VMP_MINIPORT, &o, &d) == -EINVAL && d == NULL,
          "a registry file that does not parse");
    ustor_host_destroy(h2);
    ustor_host_destroy(h);
    unlink(path);
    unlink(bad);
    printf("ok\n");
    return 0;
}
