/*
 * registry.h - one adapter's registry: named keys holding typed values, kept in a
 * text file (format: docs/registry.md) or, without a file, in memory only.
 *
 * Values keep their Windows types and the bytes Windows would store: REG_SZ and the
 * other string types as NUL-terminated UTF-16LE, REG_DWORD as 4 little-endian
 * bytes, and so on; conversions for the ASCII-named routines happen in registry.c.
 * Key and value names match case-insensitively (ASCII case), as in Windows.
 * A write re-reads the file under a lock on its directory, changes the one value,
 * writes the whole file to a temporary beside it and renames it into place, so
 * comments and other writers' changes survive; a read notices a file changed since
 * it was loaded and reloads it. Left out: subkey enumeration, security, volatile keys.
 */
#ifndef USTOR_PORT_REGISTRY_H
#define USTOR_PORT_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

/* Windows registry value types (winnt.h values). */
enum reg_type {
    REG_TYPE_NONE = 0,
    REG_TYPE_SZ = 1,
    REG_TYPE_EXPAND_SZ = 2,
    REG_TYPE_BINARY = 3,
    REG_TYPE_DWORD = 4,
    REG_TYPE_DWORD_BIG_ENDIAN = 5,
    REG_TYPE_LINK = 6,
    REG_TYPE_MULTI_SZ = 7,
    REG_TYPE_RESOURCE_LIST = 8,
    REG_TYPE_FULL_RESOURCE_DESCRIPTOR = 9,
    REG_TYPE_RESOURCE_REQUIREMENTS_LIST = 10,
    REG_TYPE_QWORD = 11,
};

/* Types whose data is UTF-16 text (converted to ASCII for the PUCHAR routines). */
static inline int reg_type_is_string(uint32_t type)
{
    return type == REG_TYPE_SZ || type == REG_TYPE_EXPAND_SZ || type == REG_TYPE_LINK ||
           type == REG_TYPE_MULTI_SZ;
}

#define REG_VALUE_MAX (1u << 20)   /* bytes of one value's data */

struct registry;

/* Opens PATH (created by the first write if it does not exist yet), or an empty
 * in-memory registry when PATH is NULL. -EINVAL for a file that does not parse
 * (ustor_last_error names the file and line), other -errno if it cannot be read. */
int registry_open(const char *path, struct registry **out);
/* Parses TEXT (the file format) into an in-memory registry; errors as registry_open,
 * naming ORIGIN. */
int registry_open_text(const char *text, const char *origin, struct registry **out);
void registry_close(struct registry *r);

/* Reads KEY\NAME: *TYPE and *SIZE receive the type and the data size; up to CAP bytes
 * of data go to BUF (may be NULL). 0, or -ENOENT if there is no such value. */
int registry_get(struct registry *r, const char *key, const char *name, uint32_t *type,
                 void *buf, size_t cap, size_t *size);
/* Creates or replaces KEY\NAME (and KEY). 0, -EINVAL for a name the file cannot hold
 * or data over REG_VALUE_MAX, or the -errno of rewriting the file (ustor_last_error
 * says why; the registry is then unchanged). */
int registry_set(struct registry *r, const char *key, const char *name, uint32_t type,
                 const void *data, size_t size);

/* The file as text (what a write would store); malloc'ed, NULL if out of memory. */
char *registry_render(struct registry *r);

#endif
