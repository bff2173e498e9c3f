/*
 * rd_config.c - the ramdisk's configuration, the Windows way: HwFindAdapter's
 * ArgumentString (the DriverParameter registry value) or, without one, the REG_SZ
 * values Disk0..Disk31 of the adapter's registry key Parameters\DeviceN or of the
 * shared Parameters\Device (StorPortRegistryRead).
 *
 *   ArgumentString = ENTRY[;ENTRY]...
 *   ENTRY          = diskN=DISK | DISK          (a bare DISK takes the next LUN)
 *   DISK           = BACKEND[,OPTION]...
 *   BACKEND        = ram:SIZE | PATH            (ustor_backend.h spec, with its own
 *                                                options: ro, size=N, direct, aio=...)
 *   OPTION         = bs=512|1024|2048|4096      (logical block size, default 512)
 *                  | serial=TEXT                (VPD 80h, up to 20 printable chars)
 *
 * e.g. "disk0=ram:1G;disk1=/srv/img.raw,ro,bs=4096". Entries may be separated by
 * ';' or new lines. Left out: quoting (paths cannot hold ';' or ',').
 */
#include "ramdisk.h"

#include <stdio.h>

static BOOLEAN fail(struct rd_config *config, const CHAR *what, const CHAR *detail)
{
    /* Bounded on purpose: a long disk spec is cut in the message, not an error. */
    snprintf(config->error, sizeof config->error, "%.60s: %.96s", what, detail);
    return FALSE;
}

static BOOLEAN separator(CHAR ch)
{
    return ch == ';' || ch == '\n' || ch == '\r';
}

static BOOLEAN blank(CHAR ch)
{
    return ch == ' ' || ch == '\t';
}

/* ---- one disk ---- */

static BOOLEAN take_block_size(struct rd_config *config, struct rd_disk_config *disk,
                               const CHAR *option)
{
    CHAR *end;
    unsigned long bs = strtoul(option + 3, &end, 10);
    if (*end || (bs != 512 && bs != 1024 && bs != 2048 && bs != 4096))
        return fail(config, option, "the block size must be 512, 1024, 2048 or 4096");
    disk->block_size = (ULONG)bs;
    return TRUE;
}

static BOOLEAN take_serial(struct rd_config *config, struct rd_disk_config *disk,
                           const CHAR *option)
{
    const CHAR *value = option + 7;
    ULONG n = (ULONG)strlen(value);
    if (!n || n > RD_SERIAL_CHARS)
        return fail(config, option, "a serial number has 1 to 20 characters");
    for (ULONG i = 0; i < n; i++)
        if (value[i] <= ' ' || value[i] > '~')
            return fail(config, option, "a serial number is printable ASCII without spaces");
    RtlCopyMemory(disk->serial, value, n + 1);
    return TRUE;
}

/* A miniport option is consumed (TRUE with *TAKEN); anything else stays in the spec. */
static BOOLEAN take_option(struct rd_config *config, struct rd_disk_config *disk,
                           const CHAR *option, BOOLEAN *taken)
{
    *taken = TRUE;
    if (!strncmp(option, "bs=", 3))
        return take_block_size(config, disk, option);
    if (!strncmp(option, "serial=", 7))
        return take_serial(config, disk, option);
    *taken = FALSE;
    return TRUE;
}

static BOOLEAN append(struct rd_config *config, struct rd_disk_config *disk, const CHAR *part)
{
    size_t used = strlen(disk->spec), n = strlen(part);
    if (used + n + 2 > sizeof disk->spec)
        return fail(config, part, "disk description too long");
    if (used)
        disk->spec[used++] = ',';
    RtlCopyMemory(disk->spec + used, part, n + 1);
    return TRUE;
}

/* Parses DISK (TEXT, LENGTH bytes) into the configuration of LUN. */
static BOOLEAN parse_disk(struct rd_config *config, ULONG lun, const CHAR *text, ULONG length)
{
    struct rd_disk_config *disk = &config->disk[lun];
    CHAR copy[RD_SPEC_CHARS];
    CHAR name[16];
    snprintf(name, sizeof name, "disk%u", (unsigned)lun);
    if (length == 0)
        return fail(config, name, "no backend given");
    if (length >= sizeof copy)
        return fail(config, name, "description too long");
    if (disk->present)
        return fail(config, name, "configured twice");
    RtlCopyMemory(copy, text, length);
    copy[length] = '\0';
    disk->spec[0] = '\0';
    for (CHAR *part = copy, *next; part; part = next) {
        next = strchr(part, ',');
        if (next)
            *next++ = '\0';
        BOOLEAN taken;
        if (!take_option(config, disk, part, &taken))
            return FALSE;
        if (!taken && !append(config, disk, part))
            return FALSE;
    }
    disk->present = TRUE;
    return TRUE;
}

/* ---- entries ---- */

/* "diskN=" at TEXT: its length and LUN, or 0 when the entry is a bare disk. */
static ULONG lun_prefix(const CHAR *text, ULONG length, ULONG *lun)
{
    ULONG i = 4, n = 0;
    if (length < 6 || strncmp(text, "disk", 4) || text[4] < '0' || text[4] > '9')
        return 0;
    for (; i < length && text[i] >= '0' && text[i] <= '9' && n < 1000; i++)
        n = n * 10 + (ULONG)(text[i] - '0');
    if (i >= length || text[i] != '=')
        return 0;
    *lun = n;
    return i + 1;
}

static BOOLEAN parse_entry(struct rd_config *config, const CHAR *text, ULONG length,
                           ULONG *next_lun)
{
    ULONG lun = *next_lun;
    ULONG skip = lun_prefix(text, length, &lun);
    if (lun >= RD_MAX_LUNS)
        return fail(config, "disk", "units are disk0 to disk31");
    if (!parse_disk(config, lun, text + skip, length - skip))
        return FALSE;
    *next_lun = lun + 1;
    return TRUE;
}

BOOLEAN rd_config_parse(const CHAR *text, struct rd_config *config)
{
    ULONG next_lun = 0, disks = 0;
    RtlZeroMemory(config, sizeof *config);
    while (text && *text) {
        while (*text && (separator(*text) || blank(*text)))
            text++;
        ULONG length = 0;
        while (text[length] && !separator(text[length]))
            length++;
        ULONG trimmed = length;
        while (trimmed && blank(text[trimmed - 1]))
            trimmed--;
        if (trimmed) {
            if (!parse_entry(config, text, trimmed, &next_lun))
                return FALSE;
            disks++;
        }
        text += length;
    }
    if (!disks)
        return fail(config, "configuration", "no disk given");
    return TRUE;
}

/* Value NAME of the adapter's own key (Parameters\DeviceN), else of the shared one. */
static BOOLEAN read_value(PVOID ext, const CHAR *name, PUCHAR buffer, ULONG size)
{
    for (ULONG global = 0; global < 2; global++) {
        ULONG length = size;
        RtlZeroMemory(buffer, size);
        if (StorPortRegistryRead(ext, (PUCHAR)name, global, MINIPORT_REG_SZ, buffer, &length)) {
            buffer[size - 1] = 0;
            return TRUE;
        }
    }
    return FALSE;
}

BOOLEAN rd_config_from_registry(PVOID ext, struct rd_config *config)
{
    ULONG size = RD_SPEC_CHARS, disks = 0;
    PUCHAR buffer = StorPortAllocateRegistryBuffer(ext, &size);
    RtlZeroMemory(config, sizeof *config);
    if (!buffer)
        return FALSE;
    for (ULONG lun = 0; lun < RD_MAX_LUNS; lun++) {
        CHAR name[8];
        snprintf(name, sizeof name, "Disk%u", (unsigned)lun);
        if (!read_value(ext, name, buffer, size))
            continue;
        if (!parse_disk(config, lun, (const CHAR *)buffer, (ULONG)strlen((const CHAR *)buffer)))
            break;
        disks++;
    }
    StorPortFreeRegistryBuffer(ext, buffer);
    return disks > 0 && !config->error[0];
}
