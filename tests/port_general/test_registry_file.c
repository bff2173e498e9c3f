/*
 * The registry file format and store (src/port/registry_*.c): every value form
 * parses to the bytes Windows stores, rendering and parsing again gives the same
 * values, a malformed file is refused naming the line, a write rewrites the file in
 * place keeping comments and leaving no temporary, two writers sharing a file keep
 * both their values, and an external edit is seen by the next read.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/error.h"
#include "port/registry.h"

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                             \
            fprintf(stderr, " (error: %s)\n", ustor_error_message());                 \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

static const char sample[] =
    "\xEF\xBB\xBF# every form\n"
    "[Parameters\\Device]\n"
    "Dword = REG_DWORD 0x12345678   # trailing comment\n"
    "Decimal = reg_dword 42\n"
    "Big = REG_DWORD_BIG_ENDIAN 0x01020304\n"
    "Qword = REG_QWORD 18446744073709551615\n"
    "Text = REG_SZ \"a \\\"quoted\\\" \\\\ tab\\t\\u00e9\"\n"
    "Empty = REG_SZ \"\"\n"
    "Path = REG_EXPAND_SZ \"%SystemRoot%\\\\x\"\n"
    "Multi = REG_MULTI_SZ \"x\" \"yz\"\n"
    "NoStrings = REG_MULTI_SZ\n"
    "Bin = REG_BINARY 00,ff 10 \\\n"
    "    2030\n"
    "Nothing = REG_NONE\n"
    "Raw = REG_SZ hex: 41 00\n"
    "\"Name with spaces = and ; \" = REG_DWORD 1\n"
    "Odd = 0x20 01 02\n"
    "\n"
    "[Device Parameters\\Sub Key]\n"
    "X = REG_DWORD 1\n";

static void expect(struct registry *r, const char *key, const char *name, uint32_t type,
                   const void *bytes, size_t n)
{
    unsigned char buf[256];
    uint32_t t = 0;
    size_t size = 0;
    CHECK(registry_get(r, key, name, &t, buf, sizeof buf, &size) == 0, "%s\\%s missing", key, name);
    CHECK(t == type && size == n && !memcmp(buf, bytes, n), "%s\\%s: type %u size %zu", key, name,
          t, size);
}

static void check_sample(struct registry *r)
{
    const char *k = "parameters\\DEVICE"; /* keys match in any case */
    expect(r, k, "Dword", 4, "\x78\x56\x34\x12", 4);
    expect(r, k, "decimal", 4, "\x2a\0\0\0", 4);
    expect(r, k, "Big", 5, "\x01\x02\x03\x04", 4);
    expect(r, k, "Qword", 11, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    expect(r, k, "Text", 1, "a\0 \0\"\0q\0u\0o\0t\0e\0d\0\"\0 \0\\\0 \0t\0a\0b\0\t\0\xe9\0\0", 38);
    expect(r, k, "Empty", 1, "\0", 2);
    expect(r, k, "Path", 2, "%\0S\0y\0s\0t\0e\0m\0R\0o\0o\0t\0%\0\\\0x\0\0", 30);
    expect(r, k, "Multi", 7, "x\0\0\0y\0z\0\0\0\0", 12);
    expect(r, k, "NoStrings", 7, "\0", 2);
    expect(r, k, "Bin", 3, "\x00\xff\x10\x20\x30", 5);
    expect(r, k, "Nothing", 0, "", 0);
    expect(r, k, "Raw", 1, "A\0", 2);
    expect(r, k, "Name with spaces = and ; ", 4, "\1\0\0\0", 4);
    expect(r, k, "Odd", 0x20, "\1\2", 2);
    expect(r, "Device Parameters\\Sub Key", "X", 4, "\1\0\0\0", 4);
}

static void test_parse_and_render(void)
{
    struct registry *r, *again;
    CHECK(registry_open_text(sample, "sample", &r) == 0, "sample parses");
    check_sample(r);
    CHECK(registry_set(r, "Parameters\\Device", "Text", 1, "b\0\x01\0\0\0", 6) == 0, "set");
    CHECK(registry_set(r, "New\\Key", "Fresh", 3, "\xde\xad", 2) == 0, "set in a new key");
    char *text = registry_render(r);
    CHECK(text && strstr(text, "Dword = REG_DWORD 0x12345678   # trailing comment\n"),
          "untouched lines kept:\n%s", text);
    CHECK(strstr(text, "Text = REG_SZ \"b\\u0001\"\n") && strstr(text, "\n[New\\Key]\nFresh = REG_BINARY de ad\n"),
          "changed lines rendered:\n%s", text);
    CHECK(registry_open_text(text, "rendered", &again) == 0, "the rendering parses");
    expect(again, "New\\Key", "Fresh", 3, "\xde\xad", 2);
    expect(again, "Parameters\\Device", "Text", 1, "b\0\x01\0\0\0", 6);
    free(text);
    registry_close(again);
    registry_close(r);
}

/* Values whose bytes a quoted string cannot carry render in the hex: form. */
static void test_round_trip_odd_data(void)
{
    struct registry *r, *again;
    CHECK(registry_open_text(NULL, "odd", &r) == 0, "empty registry");
    static const struct { const char *name; uint32_t type; const char *data; size_t n; } v[] = {
        {"SzNoNul", 1, "A\0B\0", 4},       {"SzInnerNul", 1, "A\0\0\0B\0\0\0", 8},
        {"ShortDword", 4, "\1\2", 2},      {"MultiEmptyInside", 7, "a\0\0\0\0\0b\0\0\0\0\0", 12},
        {"Lone", 1, "\x00\xd8\0\0", 4},    {"Long", 3, "0123456789abcdefghij0123456789abcdef", 36},
        {"Pair", 1, "\x3d\xd8\x00\xde\0\0", 6},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        CHECK(registry_set(r, "K", v[i].name, v[i].type, v[i].data, v[i].n) == 0, "set %s", v[i].name);
    char *text = registry_render(r);
    CHECK(text && registry_open_text(text, "odd rendered", &again) == 0, "parses:\n%s", text);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        expect(again, "K", v[i].name, v[i].type, v[i].data, v[i].n);
    CHECK(strstr(text, "Pair = REG_SZ \"\xf0\x9f\x98\x80\""), "a surrogate pair as UTF-8:\n%s", text);
    free(text);
    registry_close(again);
    registry_close(r);
}

static void expect_error(const char *text, unsigned line, const char *what)
{
    struct registry *r = NULL;
    char want[32];
    snprintf(want, sizeof want, "line %u:", line);
    CHECK(registry_open_text(text, "bad.reg", &r) == -EINVAL, "refused: %s", what);
    CHECK(strstr(ustor_error_message(), "bad.reg") && strstr(ustor_error_message(), want),
          "%s: the message names line %u", what, line);
}

static void test_errors(void)
{
    expect_error("X = REG_DWORD 1\n", 1, "value before a key");
    expect_error("[K]\nX = REG_DWORD 0x100000000\n", 2, "DWORD overflow");
    expect_error("[K]\nX = REG_DWORD 12x\n", 2, "not a number");
    expect_error("[K]\n\nX = REG_SZ \"open\n", 3, "unterminated string");
    expect_error("[K]\nX = REG_WORD 1\n", 2, "unknown type");
    expect_error("[K]\nX REG_DWORD 1\n", 2, "no '='");
    expect_error("[K]\nX = REG_DWORD 1\nx = REG_DWORD 2\n", 3, "duplicate value");
    expect_error("[K]\n[k]\n", 2, "duplicate key");
    expect_error("[K\n", 1, "unclosed key");
    expect_error("[K]\nX = REG_BINARY 0g\n", 2, "bad hex");
    expect_error("[K]\nX = REG_BINARY 01 \\\n", 2, "continuation at the end");
    expect_error("[K]\nX = REG_SZ \"a\" \"b\"\n", 2, "two strings for REG_SZ");
    expect_error("[K]\nX = REG_MULTI_SZ \"a\" \"\"\n", 2, "empty string in REG_MULTI_SZ");
    expect_error("[K]\nX = REG_SZ \"\\q\"\n", 2, "unknown escape");
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *text = calloc(1, 1 << 16);
    CHECK(text && fread(text, 1, (1 << 16) - 1, f) < (1 << 16) - 1, "read %s", path);
    fclose(f);
    return text;
}

static void spill(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "write %s", path);
}

static unsigned count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    unsigned n = 0;
    CHECK(d != NULL, "opendir %s", dir);
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_file_rewrite(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/rewrite.reg", dir);
    spill(path, "# keep me\n[Parameters\\Device]\nA = REG_DWORD 1 ; and me\n");
    struct registry *r;
    CHECK(registry_open(path, &r) == 0, "open");
    CHECK(registry_set(r, "Parameters\\Device", "B", 4, "\2\0\0\0", 4) == 0, "write");
    char *text = slurp(path);
    CHECK(text && !strcmp(text, "# keep me\n[Parameters\\Device]\nA = REG_DWORD 1 ; and me\n"
                                "B = REG_DWORD 0x2\n"), "rewritten file:\n%s", text);
    free(text);
    CHECK(count_entries(dir) == 1, "no temporary left beside the file");
    spill(path, "[Parameters\\Device]\nA = REG_DWORD 9\n"); /* an editor changes it */
    expect(r, "Parameters\\Device", "A", 4, "\x09\0\0\0", 4);
    spill(path, "[Parameters\\Device]\nA = REG_DWORD broken\n");
    expect(r, "Parameters\\Device", "A", 4, "\x09\0\0\0", 4); /* the last good contents */
    CHECK(registry_set(r, "Parameters\\Device", "C", 4, "\3\0\0\0", 4) == -EINVAL &&
          strstr(ustor_error_message(), "line 2"), "a write refuses to clobber a broken file");
    registry_close(r);
    unlink(path);
    CHECK(registry_open(path, &r) == 0, "a missing file is an empty registry");
    CHECK(registry_set(r, "K", "V", 1, "v\0\0\0", 4) == 0, "the first write creates it");
    text = slurp(path);
    CHECK(text && !strcmp(text, "[K]\nV = REG_SZ \"v\"\n"), "created:\n%s", text);
    free(text);
    registry_close(r);
}

struct writer {
    const char *path;
    int id;
};

#define WRITES 40

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    struct registry *r;
    CHECK(registry_open(w->path, &r) == 0, "open");
    for (int i = 0; i < WRITES; i++) {
        char name[32];
        uint32_t v = (uint32_t)(w->id * 1000 + i);
        snprintf(name, sizeof name, "W%d_%d", w->id, i);
        CHECK(registry_set(r, "Shared", name, 4, &v, 4) == 0, "write %s", name);
    }
    registry_close(r);
    return NULL;
}

/* Two handles on one file (two adapters, or two processes): no write is lost. */
static void test_shared_writers(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/shared.reg", dir);
    pthread_t t[2];
    struct writer w[2] = {{path, 1}, {path, 2}};
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, writer_main, &w[i]) == 0, "thread");
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    struct registry *r;
    CHECK(registry_open(path, &r) == 0, "open");
    for (int id = 1; id <= 2; id++)
        for (int i = 0; i < WRITES; i++) {
            char name[32];
            uint32_t v = (uint32_t)(id * 1000 + i);
            snprintf(name, sizeof name, "W%d_%d", id, i);
            expect(r, "Shared", name, 4, &v, 4);
        }
    registry_close(r);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

int main(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/scratch-registry-file-XXXXXX", USTOR_TEST_BINARY_DIR);
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    test_parse_and_render();
    test_round_trip_odd_data();
    test_errors();
    test_file_rewrite(dir);
    test_shared_writers(dir);
    CHECK(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS) == 0, "remove %s", dir);
    printf("test_registry_file: ok\n");
    return 0;
}
