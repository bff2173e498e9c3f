/*
 * The registry routines against a registry file (docs/registry.md): RegistryRead and
 * RegistryWrite on Parameters\Device and Parameters\Device<port> with their ASCII
 * conversions and the buffer-too-small answer, the registry buffer (one at a time,
 * frees checked, a leak reported), the adapter key routines, ReadRegistryKey on an
 * absolute path, DriverParameter as the ArgumentString, two adapters sharing one
 * file, a file rewritten atomically with its comments kept, an in-memory registry,
 * and a broken file refused naming its line.
 */
#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include "gmp_harness.h"

static const char registry_text[] =
    "# registry of the test adapters\n"
    "[Parameters\\Device]\n"
    "Namespaces = REG_DWORD 0x10\n"
    "Greeting = REG_SZ \"Hello, registry\"   ; a comment\n"
    "Unicode = REG_SZ \"caf\\u00e9 \\u6f22!\"\n"
    "List = REG_MULTI_SZ \"one\" \"two\"\n"
    "Blob = REG_BINARY 01 02 03 04 \\\n"
    "       05\n"
    "Big = REG_QWORD 0x1122334455667788\n"
    "DriverParameter = REG_SZ \"from-device\"\n"
    "\n"
    "[Parameters\\Device0]\n"
    "FindValue = REG_DWORD 111\n"
    "DriverParameter = REG_SZ \"adapter0-args\"\n"
    "[Parameters\\Device1]\n"
    "FindValue = REG_DWORD 222\n"
    "\n"
    "[Device Parameters]\n"
    "Top = REG_DWORD 7\n"
    "[Device Parameters\\StorAHCI]\n"
    "Cache = REG_BINARY aa bb cc\n"
    "[\\Registry\\Machine\\Software\\Vendor]\n"
    "Knob = REG_DWORD 5\n";

static struct gmp_reg_io io_read(const char *name, uint32_t global, uint32_t type, void *buf,
                                 uint32_t cap)
{
    struct gmp_reg_io io = {.name = name, .global = global, .type = type, .data = buf, .len = cap};
    return io;
}

static uint32_t read_value(int ad, struct gmp_reg_io *io)
{
    CHECK(gmp_do(ad, GMP_OP_REG_READ, (intptr_t)io, 0, 0, 0) >= 0, "registry buffer refused");
    return io->status;
}

static void test_reads(int ad)
{
    unsigned char buf[64];
    struct gmp_reg_io io = io_read("Namespaces", 1, REG_DWORD_, buf, sizeof buf);
    CHECK(read_value(ad, &io) && io.len == 4 && *(uint32_t *)buf == 0x10, "DWORD len %u", io.len);
    io = io_read("greeting", 1, REG_SZ_, buf, sizeof buf); /* names match in any case */
    CHECK(read_value(ad, &io) && io.len == 16 && !memcmp(buf, "Hello, registry", 16),
          "REG_SZ as ASCII with its NUL: len %u '%.*s'", io.len, (int)io.len, buf);
    io = io_read("Unicode", 1, REG_SZ_, buf, sizeof buf);
    CHECK(read_value(ad, &io) && io.len == 8 && !memcmp(buf, "caf? ?!", 8),
          "non-ASCII characters as '?': len %u '%.*s'", io.len, (int)io.len, buf);
    io = io_read("List", 1, REG_MULTI_SZ_, buf, sizeof buf);
    CHECK(read_value(ad, &io) && io.len == 9 && !memcmp(buf, "one\0two\0", 9), "MULTI_SZ len %u",
          io.len);
    io = io_read("Blob", 1, REG_BINARY_, buf, sizeof buf);
    CHECK(read_value(ad, &io) && io.len == 5 && !memcmp(buf, "\1\2\3\4\5", 5), "BINARY len %u",
          io.len);
    io = io_read("Big", 1, REG_QWORD_, buf, sizeof buf);
    CHECK(read_value(ad, &io) && io.len == 8 && *(uint64_t *)buf == 0x1122334455667788ull, "QWORD");
    io = io_read("Namespaces", 1, 0 /* REG_NONE: any type */, buf, sizeof buf);
    CHECK(read_value(ad, &io) && io.len == 4, "REG_NONE reads any type");
}

static void test_read_failures(int ad)
{
    unsigned char buf[64];
    struct gmp_reg_io io = io_read("Greeting", 1, REG_SZ_, buf, 4);
    CHECK(!read_value(ad, &io) && io.len == 16, "too small: FALSE with the size needed (%u)", io.len);
    io = io_read("Namespaces", 1, REG_SZ_, buf, sizeof buf);
    CHECK(!read_value(ad, &io) && io.len == 0, "another type: FALSE with length 0 (%u)", io.len);
    io = io_read("Missing", 1, REG_DWORD_, buf, sizeof buf);
    CHECK(!read_value(ad, &io) && io.len == 0, "missing: FALSE with length 0");
    io = io_read("Namespaces", 0, REG_DWORD_, buf, sizeof buf);
    CHECK(!read_value(ad, &io), "Global=0 reads Device<port>, which has no Namespaces");
    io = io_read("Namespaces", 1, REG_DWORD_, buf, sizeof buf);
    CHECK(gmp_do(ad, GMP_OP_REG_READ_DISPATCH, (intptr_t)&io, 0, 0, 0) == 0 && io.len == 0,
          "RegistryRead at DISPATCH_LEVEL fails: %u len %u", io.status, io.len);
}

static uint16_t port_of(int ad)
{
    uint16_t port = 0xFFFF;
    CHECK(gmp_do(ad, GMP_OP_PORT_NUMBER, 1, (intptr_t)&port, 0, 0) == ST_SUCCESS, "port number");
    return port;
}

/* What HwFindAdapter saw: its Device<port> value and its DriverParameter. */
static void test_find_adapter(const struct gmp_control *g, int ad)
{
    uint16_t port = port_of(ad);
    CHECK(port == g->find_port[ad] && g->find_port_status[ad] == ST_SUCCESS,
          "the port number in HwFindAdapter (%u) is the adapter's (%u)", g->find_port[ad], port);
    CHECK(port <= 1, "two adapters of a fresh host: ports 0 and 1, got %u", port);
    CHECK(g->find_reg_ok[ad] && g->find_reg_value[ad] == (port ? 222u : 111u),
          "RegistryRead(Global=0) in HwFindAdapter of port %u read %u", port, g->find_reg_value[ad]);
    const char *want = port == 0 ? "adapter0-args" : "from-device";
    CHECK(!g->argument_null[ad] && !strcmp(g->argument[ad], want),
          "ArgumentString of port %u is DriverParameter '%s', got '%s'", port, want, g->argument[ad]);
}

static void write_value(int ad, const char *name, uint32_t global, uint32_t type, const void *d,
                        uint32_t n)
{
    struct gmp_reg_io io = {.name = name, .global = global, .type = type, .data = (void *)d, .len = n};
    CHECK(gmp_do(ad, GMP_OP_REG_WRITE, (intptr_t)&io, 0, 0, 0) == 1, "RegistryWrite %s", name);
}

static void test_writes(int a0, int a1, const char *path)
{
    unsigned char buf[64];
    write_value(a0, "Written", 0, REG_SZ_, "written\0", 8);
    write_value(a0, "Shared", 1, REG_DWORD_, "\x2a\0\0\0", 4);
    write_value(a1, "Pair", 1, REG_MULTI_SZ_, "ab\0cd\0\0", 7);
    write_value(a1, "Raw", 0, REG_BINARY_, "\0\1\2", 3);
    struct gmp_reg_io io = io_read("Written", 0, REG_SZ_, buf, sizeof buf);
    CHECK(read_value(a0, &io) && io.len == 8 && !memcmp(buf, "written", 8), "REG_SZ written back");
    io = io_read("Written", 0, REG_SZ_, buf, sizeof buf);
    CHECK(!read_value(a1, &io), "Device<port> is per adapter");
    io = io_read("Pair", 1, REG_MULTI_SZ_, buf, sizeof buf);
    CHECK(read_value(a0, &io) && io.len == 7 && !memcmp(buf, "ab\0cd\0", 7),
          "the other adapter's Global write, through the shared file (len %u)", io.len);
    io = io_read("Shared", 1, REG_DWORD_, buf, sizeof buf);
    CHECK(read_value(a1, &io) && *(uint32_t *)buf == 42, "DWORD shared");
    char *text = gmp_read_file(path);
    CHECK(text && !strncmp(text, "# registry of the test adapters\n", 32), "comment kept first");
    CHECK(strstr(text, "Greeting = REG_SZ \"Hello, registry\"   ; a comment\n"),
          "an untouched line stays as written");
    CHECK(strstr(text, "Written = REG_SZ \"written\"") && strstr(text, "Pair = REG_MULTI_SZ \"ab\" \"cd\""),
          "written values in the file:\n%s", text);
    free(text);
}

static void test_registry_buffer(int ad)
{
    uint32_t len = 32;
    int64_t b1 = gmp_do(ad, GMP_OP_REG_ALLOC, (intptr_t)&len, 0, 0, 0);
    CHECK(b1 && len == 32, "first registry buffer");
    uint32_t len2 = 16;
    CHECK(gmp_do(ad, GMP_OP_REG_ALLOC, (intptr_t)&len2, 0, 0, 0) == 0, "a second one is refused");
    unsigned long long before = ustor_log_guest_problems();
    gmp_do(ad, GMP_OP_REG_FREE, b1 + 1, 0, 0, 0);
    CHECK(ustor_log_guest_problems() == before + 1, "freeing a foreign pointer is reported");
    gmp_do(ad, GMP_OP_REG_FREE, b1, 0, 0, 0);
    gmp_do(ad, GMP_OP_REG_FREE, b1, 0, 0, 0);
    CHECK(ustor_log_guest_problems() == before + 2, "a double free is reported");
    CHECK(gmp_do(ad, GMP_OP_REG_ALLOC, (intptr_t)&len2, 0, 0, 0) != 0, "again after the free");
    /* left allocated on purpose: the removal reports it (main) */
}

static void test_adapter_key(int ad, const char *path)
{
    unsigned char buf[16];
    struct gmp_reg_io io = {.name = "Top", .type = REG_DWORD_, .data = buf, .len = sizeof buf};
    CHECK(gmp_do(ad, GMP_OP_AKEY_READ, (intptr_t)&io, 0, 0, 0) == ST_SUCCESS && io.len == 4 &&
          *(uint32_t *)buf == 7, "Device Parameters\\Top");
    io = (struct gmp_reg_io){.sub = "StorAHCI", .name = "Cache", .type = REG_BINARY_, .data = buf,
                             .len = 2};
    CHECK(gmp_do(ad, GMP_OP_AKEY_READ, (intptr_t)&io, 0, 0, 0) == ST_BUFFER_TOO_SMALL && io.len == 3,
          "too small: BUFFER_TOO_SMALL and the size");
    io.len = sizeof buf;
    CHECK(gmp_do(ad, GMP_OP_AKEY_READ, (intptr_t)&io, 0, 0, 0) == ST_SUCCESS &&
          !memcmp(buf, "\xaa\xbb\xcc", 3), "subkey read");
    io.name = "Nothing";
    CHECK(gmp_do(ad, GMP_OP_AKEY_READ, (intptr_t)&io, 0, 0, 0) == ST_UNSUCCESSFUL, "missing value");
    io = (struct gmp_reg_io){.sub = "StorAHCI", .name = "Label", .type = REG_SZ_,
                             .data = "cached", .len = 7};
    CHECK(gmp_do(ad, GMP_OP_AKEY_WRITE, (intptr_t)&io, 0, 0, 0) == ST_SUCCESS, "adapter key write");
    io = (struct gmp_reg_io){.sub = "StorAHCI", .name = "label", .type = REG_SZ_, .data = buf,
                             .len = sizeof buf};
    CHECK(gmp_do(ad, GMP_OP_AKEY_READ, (intptr_t)&io, 0, 0, 0) == ST_SUCCESS && io.len == 7 &&
          !strcmp((char *)buf, "cached"), "written string read back as ASCII");
    char *text = gmp_read_file(path);
    char *key = strstr(text, "[Device Parameters\\StorAHCI]");
    CHECK(key && strstr(key, "Label = REG_SZ \"cached\""), "stored under its key:\n%s", text);
    free(text);
}

static void test_read_registry_key(int ad)
{
    uint32_t v = 0;
    struct gmp_reg_io io = {
        .path = "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\gmp\\Parameters\\Device",
        .name = "Namespaces", .type = REG_DWORD_, .data = &v, .len = sizeof v};
    CHECK(gmp_do(ad, GMP_OP_READ_REGISTRY_KEY, (intptr_t)&io, 0, 0, 0) == ST_SUCCESS && v == 0x10,
          "the miniport's own service key by its absolute path (%u)", v);
    io.path = "\\Registry\\Machine\\Software\\Vendor";
    io.name = "Knob";
    CHECK(gmp_do(ad, GMP_OP_READ_REGISTRY_KEY, (intptr_t)&io, 0, 0, 0) == ST_SUCCESS && v == 5,
          "another absolute key");
    io.type = REG_SZ_;
    CHECK(gmp_do(ad, GMP_OP_READ_REGISTRY_KEY, (intptr_t)&io, 0, 0, 0) == ST_INVALID_PARAMETER,
          "only REG_DWORD is supported");
}

/* A registry of its own in memory, and an explicit ArgumentString winning. */
static void test_memory_registry(struct ustor_driver *d, const struct gmp_control *g)
{
    int ad;
    struct ustor_adapter *a = gmp_adapter(d, NULL, "explicit", &ad);
    CHECK(!strcmp(g->argument[ad], "explicit"), "the host's ArgumentString wins");
    write_value(ad, "Mem", 1, REG_DWORD_, "\7\0\0\0", 4);
    unsigned char buf[8];
    struct gmp_reg_io io = io_read("Mem", 1, REG_DWORD_, buf, sizeof buf);
    CHECK(read_value(ad, &io) && *(uint32_t *)buf == 7, "in-memory registry");
    CHECK_OK(ustor_adapter_remove(a));
}

static void test_bad_file(struct ustor_driver *d, const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/bad.reg", dir);
    gmp_write_file(path, "[Parameters\\Device]\nGood = REG_DWORD 1\nBad = REG_DWORD nope\n");
    struct ustor_adapter_options o = {.size = sizeof o, .registry_path = path};
    struct ustor_adapter *a = NULL;
    CHECK(ustor_adapter_add(d, &o, &a) == -22, "a registry file that does not parse is refused");
    CHECK(strstr(ustor_last_error(), "bad.reg") && strstr(ustor_last_error(), "line 3"),
          "the error names the file and line: %s", ustor_last_error());
}

int main(void)
{
    const char *dir = gmp_scratch_dir("registry");
    char path[600];
    snprintf(path, sizeof path, "%s/adapters.reg", dir);
    gmp_write_file(path, registry_text);
    char log_path[600];
    snprintf(log_path, sizeof log_path, "%s/log.txt", dir);
    FILE *log = fopen(log_path, "w");
    CHECK(log != NULL, "log file");
    ustor_log_set_text_fd(fileno(log)); /* guest reports are expected here: keep them aside */
    struct gmp_control *g = gmp_ctl();
    struct ustor_host *host = gmp_host();
    struct ustor_driver *d = gmp_load(host);
    int a0, a1;
    struct ustor_adapter *ad0 = gmp_adapter(d, path, NULL, &a0);
    struct ustor_adapter *ad1 = gmp_adapter(d, path, NULL, &a1);
    test_find_adapter(g, a0);
    test_find_adapter(g, a1);
    CHECK(port_of(a0) != port_of(a1), "two adapters, two port numbers");
    int first = port_of(a0) == 0 ? a0 : a1, second = first == a0 ? a1 : a0;
    test_reads(first);
    test_read_failures(first);
    test_writes(first, second, path);
    test_registry_buffer(first);
    test_adapter_key(second, path);
    test_read_registry_key(first);
    test_memory_registry(d, g);
    test_bad_file(d, dir);
    unsigned long long before = ustor_log_guest_problems();
    CHECK_OK(ustor_adapter_remove(first == a0 ? ad0 : ad1));
    CHECK(ustor_log_guest_problems() == before + 1, "a registry buffer never freed is reported");
    CHECK_OK(ustor_adapter_remove(first == a0 ? ad1 : ad0));
    ustor_host_destroy(host);
    DIR *dd = opendir(dir);
    CHECK(dd != NULL, "scratch directory");
    for (struct dirent *e; (e = readdir(dd));)
        CHECK(!strstr(e->d_name, "tmp"), "a temporary left beside the registry file: %s", e->d_name);
    closedir(dd);
    fclose(log);
    gmp_scratch_remove(dir);
    printf("test_port_registry: ok\n");
    return 0;
}
