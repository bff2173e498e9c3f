/* cli.h - what the ustorport commands share: usage errors (one line, exit 2),
 * number, size and time parsing, human-readable units, the device options every
 * command takes (--miniport, --disk, --registry, --trace, -v) and the session
 * they open: a host, the miniport, one adapter and a disk per logical unit. */
#ifndef USTORPORT_CLI_H
#define USTORPORT_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "disk/disk.h"
#include "ustorport/ustorport.h"

#define CLI_EXIT_USAGE 2
#define CLI_MAX_DISKS 32
#define CLI_MAX_LUNS 64
#define CLI_DEFAULT_MINIPORT "ramdisk"

const char *ustor_version(void);

/* ---- command-line errors and parsing (cli_util.c) ---- */

/* Prints "ustorport CMD: MESSAGE (see 'ustorport CMD --help')" and exits 2. */
_Noreturn void cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints "ustorport CMD: MESSAGE" (one line) to stderr; returns 1 for main. */
int cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, returning RC (a negative errno) for the caller to pass on. */
int cli_fail_rc(const char *cmd, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The message getopt would print, as a usage error: the bad option of argv. */
_Noreturn void cli_bad_option(const char *cmd, int opt, char **argv);

/* "123" within [min, max]; false if not a number or out of range. */
bool cli_parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out);
/* "4k", "1M", "2g", "512", "1GiB" (powers of 1024); false on junk or overflow. */
bool cli_parse_size(const char *text, uint64_t *out);
/* "10", "10s", "500ms", "2m", "1h" into milliseconds. */
bool cli_parse_time(const char *text, uint64_t *ms);

/* Formats bytes as fio does: "1024KiB", "3998MiB" (binary) into buf. */
const char *cli_fmt_iec(char *buf, size_t n, double bytes);
const char *cli_fmt_si(char *buf, size_t n, double bytes);
/* Bytes for people: "1 GiB", "1.50 MiB", "512 bytes". */
const char *cli_fmt_human(char *buf, size_t n, double bytes);
/* A count with k/M/G suffixes, as fio's IOPS=: "1023k". */
const char *cli_fmt_count(char *buf, size_t n, double v);

/* ---- device options and the session (cli_session.c) ---- */

struct cli_dev_opts {
    const char *miniport;               /* NULL: see cli_miniport_of() */
    const char *controller;             /* "nvme", "none"; NULL: see cli_controller_of() */
    const char *disks[CLI_MAX_DISKS];
    unsigned n_disks;                   /* 0: the miniport's registry or default */
    const char *registry;
    const char *trace;
    const char *log_spec;
    int verbose;
};

/* Long options every command takes; cli_dev_option() handles them. */
#define CLI_DEV_LONGOPTS                                                  \
    { "miniport", required_argument, NULL, 0x100 },                       \
    { "disk", required_argument, NULL, 0x101 },                           \
    { "registry", required_argument, NULL, 0x102 },                       \
    { "trace", required_argument, NULL, 0x103 },                          \
    { "log", required_argument, NULL, 0x104 },                            \
    { "controller", required_argument, NULL, 0x105 },                     \
    { "verbose", no_argument, NULL, 'v' }
#define CLI_DEV_HELP                                                                    \
    "device options:\n"                                                                 \
    "  --miniport NAME|PATH.so  the miniport to host (default: nvme, bundled, on the\n"  \
    "                           nvme controller; ramdisk is the bundled virtual one)\n"  \
    "  --controller nvme|none   the emulated controller the miniport drives (default:\n" \
    "                           nvme, or none when --miniport names another miniport)\n" \
    "  --disk PATH|ram:SIZE[,ro]\n"                                                     \
    "                           a disk, repeatable: with a controller, namespace 1, 2,\n" \
    "                           ... (default ram:1G; ',lba=4096' for 4 KiB blocks);\n"   \
    "                           without, the virtual miniport's (default: its registry\n" \
    "                           or its own, ram:1G for ramdisk); a missing PATH is\n"   \
    "                           created with PATH,size=SIZE\n"                         \
    "  --registry FILE          the adapter's registry file\n"                          \
    "  --trace FILE             write every log message to FILE as JSON lines\n"        \
    "  --log SPEC               log levels, e.g. 'info' or 'warning,miniport=trace'\n"  \
    "  -v, --verbose            more log output on stderr (repeat for more)\n"

/* Consumes one device option (from getopt_long); false if OPT is not one. */
bool cli_dev_option(const char *cmd, struct cli_dev_opts *o, int opt, const char *arg);
/* Applies -v, --log (a bad spec is a usage error) and --trace; prints the error and
 * returns 1 when the trace file cannot be opened. */
int cli_dev_logging(const char *cmd, const struct cli_dev_opts *o);

struct cli_lun {
    struct ustor_lun *lun;
    struct ustor_lun_info info;
    struct ustor_disk *disk;            /* NULL if it could not be opened */
    char name[24];                      /* "disk0" or "disk-P-T-L" */
    char error[160];                    /* why the disk could not be opened */
};

struct cli_machine;

struct cli_session {
    struct ustor_host *host;
    struct cli_machine *machine;        /* the controller of a physical adapter, or NULL */
    struct ustor_driver *driver;
    struct ustor_adapter *adapter;
    char miniport_path[512];
    char argument[2048];                /* HwFindAdapter's ArgumentString */
    struct cli_lun luns[CLI_MAX_LUNS];
    unsigned n_luns;                    /* units found */
    unsigned n_disks;                   /* of which opened as disks */
};

/* Hosts the miniport with the disks of O and opens a disk per unit; prints the
 * error (one line) and returns -errno on failure, leaving nothing behind. */
int cli_session_open(const char *cmd, const struct cli_dev_opts *o, struct cli_session *s);
void cli_session_close(struct cli_session *s);
/* The unit named NAME ("disk0", or its index), or NULL. */
struct cli_lun *cli_session_find(struct cli_session *s, const char *name);

/* ---- the emulated controller (cli_controller.c) ---- */

/* What --controller and --miniport (or their defaults) mean. */
const char *cli_controller_of(const struct cli_dev_opts *o);
const char *cli_miniport_of(const struct cli_dev_opts *o);
/* The platform, controller and namespaces O asks for (*OUT NULL for none); prints the
 * error (one line) and returns -errno on failure. */
int cli_machine_open(const char *cmd, const struct cli_dev_opts *o, struct ustor_host *host,
                     struct cli_machine **out);
const struct ustor_device_desc *cli_machine_device(const struct cli_machine *m);
void cli_machine_close(struct cli_machine *m);
struct cli_json;
void cli_machine_text(const struct cli_machine *m);
void cli_machine_json(struct cli_json *j, const struct cli_machine *m);

/* ---- JSON output (cli_json.c) ---- */

struct cli_json {
    FILE *out;
    int depth;
    bool first[32];
};

void json_begin(struct cli_json *j, FILE *out);
void json_end(struct cli_json *j);
void json_object(struct cli_json *j, const char *key);      /* key NULL inside arrays */
void json_array(struct cli_json *j, const char *key);
void json_close(struct cli_json *j, char bracket);          /* '}' or ']' */
void json_str(struct cli_json *j, const char *key, const char *v);
void json_u64(struct cli_json *j, const char *key, uint64_t v);
void json_i64(struct cli_json *j, const char *key, int64_t v);
void json_f64(struct cli_json *j, const char *key, double v);
void json_bool(struct cli_json *j, const char *key, bool v);

/* ---- commands ---- */

int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_bench(int argc, char **argv);

#endif
