/* `ustorport info`: host the miniport as `run` would, then describe what it
 * configured (the ConfigInfo highlights, interrupts, bus type) and each unit it
 * reports: INQUIRY strings, capacity, limits, cache and provisioning, and the
 * NBD flags its export would carry. Text, or JSON with --json. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CMD "info"

static const char *const bus_types[] = {
    "Unknown", "Scsi", "Atapi", "Ata", "1394", "Ssa", "Fibre", "Usb", "RAID", "iScsi",
    "Sas", "Sata", "Sd", "Mmc", "Virtual", "FileBackedVirtual", "Spaces", "Nvme", "SCM", "Ufs",
};

static const struct { uint32_t cap; const char *name; } nbd_flags[] = {
    { NBD_EXPORT_READ_ONLY, "read-only" }, { NBD_EXPORT_CAN_FLUSH, "flush" },
    { NBD_EXPORT_CAN_FUA, "fua" }, { NBD_EXPORT_CAN_TRIM, "trim" },
    { NBD_EXPORT_CAN_ZERO, "zero" }, { NBD_EXPORT_CAN_FAST_ZERO, "fast-zero" },
    { NBD_EXPORT_CAN_MULTI_CONN, "multi-conn" }, { NBD_EXPORT_ROTATIONAL, "rotational" },
};

static void usage(void)
{
    fputs("usage: ustorport info [OPTIONS]\n"
          "\n"
          "Host a miniport and describe its adapter and logical units: the configuration\n"
          "it chose, INQUIRY strings, capacity, transfer and unmap limits, cache and the\n"
          "NBD flags each export would carry.\n"
          "\n"
          "options:\n"
          "      --json               print JSON instead of text\n"
          "  -h, --help               show this text\n"
          "\n" CLI_DEV_HELP, stdout);
}

static const char *bus_name(uint32_t t)
{
    return t < sizeof bus_types / sizeof bus_types[0] ? bus_types[t] : "reserved";
}

static const char *sync_name(uint32_t m)
{
    return m == 1 ? "full duplex" : m == 0 ? "half duplex" : "unknown";
}

static void flags_text(uint32_t caps, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof nbd_flags / sizeof nbd_flags[0]; i++)
        if ((caps & nbd_flags[i].cap) && used < n)
            used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? " " : "", nbd_flags[i].name);
}

static const char *yes(bool v)
{
    return v ? "yes" : "no";
}

/* ---- text ---- */

/* "none (virtual adapter)", "line (HwInterrupt)" or "4 MSI/MSI-X messages, per-message locks". */
static const char *interrupt_text(const struct ustor_adapter_info *ai, char *buf, size_t n)
{
    if (ai->interrupt_mode == USTOR_INTERRUPT_MESSAGE)
        snprintf(buf, n, "%u MSI/MSI-X message%s, %s", ai->interrupt_messages,
                 ai->interrupt_messages == 1 ? "" : "s",
                 ai->interrupt_per_message_lock ? "per-message locks" : "one interrupt lock");
    else
        snprintf(buf, n, "%s", ai->interrupt_mode == USTOR_INTERRUPT_LINE ? "line (HwInterrupt)"
                                                                         : "none (virtual adapter)");
    return buf;
}

static void adapter_text(struct cli_session *s, const struct ustor_adapter_info *ai, uint32_t bus)
{
    char b[32];
    printf("adapter: %s\n", s->miniport_path);
    printf("  argument string:  %s\n", s->argument[0] ? s->argument : "(none)");
    printf("  type:             %s\n", ai->virtual_adapter ? "virtual (no hardware)" : "physical");
    char irq[96];
    printf("  interrupts:       %s\n", interrupt_text(ai, irq, sizeof irq));
    printf("  bus type:         %s (%u)\n", bus_name(bus), bus);
    printf("  SRB:              %s\n", ai->extended_srb ? "STORAGE_REQUEST_BLOCK" : "SCSI_REQUEST_BLOCK");
    printf("  max transfer:     %s (%u bytes)\n", cli_fmt_human(b, sizeof b, ai->max_transfer_length),
           ai->max_transfer_length);
    printf("  physical breaks:  %u\n", ai->physical_breaks);
    printf("  alignment mask:   0x%x\n", ai->alignment_mask);
    printf("  buses/targets/luns: %u/%u/%u\n", ai->number_of_buses, ai->max_targets, ai->max_luns);
    printf("  max I/O:          %u (per unit %u)\n", ai->max_io, ai->max_ios_per_lun);
    printf("  synchronization:  %s\n", sync_name(ai->synchronization_model));
    printf("  SRB extension:    %u bytes\n", ai->srb_extension_size);
}

static void limits_text(const struct ustor_disk_info *in)
{
    const struct disk_limits *l = &in->limits;
    char b[32];
    uint64_t max = (uint64_t)l->max_rw_blocks * in->block_size;
    printf("    limits:       %s per command, %u pages of scatter/gather, granularity %u blocks",
           cli_fmt_human(b, sizeof b, (double)max), l->max_sg, l->granularity);
    if (l->opt_transfer_blocks)
        printf(", optimal %u blocks", l->opt_transfer_blocks);
    printf("\n    unmap:        %s", in->unmap ? "UNMAP" : in->ws_unmap ? "WRITE SAME(16) with UNMAP" : "none");
    if (in->unmap)
        printf(", at most %u blocks per command", l->max_unmap_blocks);
    printf("; zeroes after unmap: %s\n", yes(in->lbprz));
    printf("    write same:   %s", in->write_same ? "WRITE SAME(16)" : "none (zeroes are written)");
    if (in->write_same)
        printf(", at most %u blocks per command", l->max_ws_blocks);
    printf("\n");
}

static void lun_text(const struct cli_lun *l)
{
    const struct ustor_lun_info *li = &l->info;
    printf("unit %u:%u:%u  %s  type 0x%02x", li->path_id, li->target_id, li->lun, l->name,
           li->peripheral_type);
    if (!l->disk) {
        printf("  (not a disk: %s)\n", l->error);
        return;
    }
    const struct ustor_disk_info *in = ustor_disk_get_info(l->disk);
    char b[32], flags[160];
    printf("\n    inquiry:      vendor \"%s\" product \"%s\" revision \"%s\"\n", in->vendor,
           in->product, in->revision);
    if (in->serial[0])
        printf("    serial:       %s\n", in->serial);
    printf("    capacity:     %s (%llu bytes), %llu blocks of %u bytes (physical %u)%s\n",
           cli_fmt_human(b, sizeof b, (double)in->size), (unsigned long long)in->size,
           (unsigned long long)in->blocks, in->block_size, in->physical_block_size,
           in->capacity16 ? "" : ", from READ CAPACITY(10)");
    printf("    queue depth:  %u\n", in->queue_depth);
    limits_text(in);
    printf("    write cache:  %s, flush %s, FUA %s\n", in->write_cache ? "on" : "off",
           in->flush ? "SYNCHRONIZE CACHE" : "none", in->fua ? "per command" : "by flush");
    printf("    read-only:    %s, rotational: %s\n", yes(in->read_only),
           in->rotation_rate == 1 ? "no" : in->rotation_rate ? "yes" : "unknown");
    flags_text(ustor_disk_nbd_caps(l->disk), flags, sizeof flags);
    printf("    nbd flags:    %s\n", flags);
}

/* ---- JSON ---- */

static void adapter_json(struct cli_json *j, struct cli_session *s,
                         const struct ustor_adapter_info *ai, uint32_t bus)
{
    json_object(j, "adapter");
    json_str(j, "miniport", s->miniport_path);
    json_str(j, "argument_string", s->argument);
    json_bool(j, "virtual", ai->virtual_adapter);
    json_str(j, "interrupts", ai->interrupt_mode == USTOR_INTERRUPT_MESSAGE ? "message"
                              : ai->interrupt_mode == USTOR_INTERRUPT_LINE ? "line" : "none");
    json_u64(j, "interrupt_messages", ai->interrupt_messages);
    json_bool(j, "interrupt_per_message_lock", ai->interrupt_per_message_lock);
    json_str(j, "bus_type", bus_name(bus));
    json_bool(j, "extended_srb", ai->extended_srb);
    json_u64(j, "max_transfer_length", ai->max_transfer_length);
    json_u64(j, "physical_breaks", ai->physical_breaks);
    json_u64(j, "alignment_mask", ai->alignment_mask);
    json_u64(j, "number_of_buses", ai->number_of_buses);
    json_u64(j, "max_targets", ai->max_targets);
    json_u64(j, "max_luns", ai->max_luns);
    json_u64(j, "max_io", ai->max_io);
    json_u64(j, "max_ios_per_lun", ai->max_ios_per_lun);
    json_str(j, "synchronization", sync_name(ai->synchronization_model));
    json_u64(j, "srb_extension_size", ai->srb_extension_size);
    json_close(j, '}');
}

static void disk_json(struct cli_json *j, const struct ustor_disk *d)
{
    const struct ustor_disk_info *in = ustor_disk_get_info(d);
    const struct disk_limits *l = &in->limits;
    json_str(j, "vendor", in->vendor);
    json_str(j, "product", in->product);
    json_str(j, "revision", in->revision);
    json_str(j, "serial", in->serial);
    json_u64(j, "size", in->size);
    json_u64(j, "blocks", in->blocks);
    json_u64(j, "block_size", in->block_size);
    json_u64(j, "physical_block_size", in->physical_block_size);
    json_u64(j, "queue_depth", in->queue_depth);
    json_u64(j, "max_transfer_bytes", (uint64_t)l->max_rw_blocks * in->block_size);
    json_u64(j, "max_sg_pages", l->max_sg);
    json_u64(j, "granularity_blocks", l->granularity);
    json_u64(j, "optimal_transfer_blocks", l->opt_transfer_blocks);
    json_u64(j, "max_unmap_blocks", in->unmap ? l->max_unmap_blocks : 0);
    json_u64(j, "max_write_same_blocks", in->write_same ? l->max_ws_blocks : 0);
    json_bool(j, "write_cache", in->write_cache);
    json_bool(j, "flush", in->flush);
    json_bool(j, "fua", in->fua);
    json_bool(j, "unmap", in->unmap);
    json_bool(j, "write_same_unmap", in->ws_unmap);
    json_bool(j, "write_same", in->write_same);
    json_bool(j, "lbprz", in->lbprz);
    json_bool(j, "read_only", in->read_only);
    json_u64(j, "rotation_rate", in->rotation_rate);
    json_array(j, "nbd_flags");
    uint32_t caps = ustor_disk_nbd_caps(d);
    for (size_t i = 0; i < sizeof nbd_flags / sizeof nbd_flags[0]; i++)
        if (caps & nbd_flags[i].cap)
            json_str(j, NULL, nbd_flags[i].name);
    json_close(j, ']');
}

static void lun_json(struct cli_json *j, const struct cli_lun *l)
{
    json_object(j, NULL);
    json_str(j, "name", l->name);
    json_u64(j, "path_id", l->info.path_id);
    json_u64(j, "target_id", l->info.target_id);
    json_u64(j, "lun", l->info.lun);
    json_u64(j, "peripheral_type", l->info.peripheral_type);
    if (l->disk)
        disk_json(j, l->disk);
    else
        json_str(j, "error", l->error);
    json_close(j, '}');
}

static void parse(int argc, char **argv, struct cli_dev_opts *o, bool *json)
{
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        CLI_DEV_LONGOPTS,
        { NULL, 0, NULL, 0 },
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1) {
        if (c == 'h') {
            usage();
            exit(0);
        }
        if (c == 'j')
            *json = true;
        else if (!cli_dev_option(CMD, o, c, optarg))
            cli_bad_option(CMD, c, argv);
    }
    if (optind < argc)
        cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
}

int cmd_info(int argc, char **argv)
{
    static struct cli_session s;
    struct cli_dev_opts o = { 0 };
    bool json = false;
    parse(argc, argv, &o, &json);
    if (cli_dev_logging(CMD, &o) || cli_session_open(CMD, &o, &s) < 0)
        return 1;
    struct ustor_adapter_info ai;
    uint32_t bus = 0;
    ustor_adapter_get_info(s.adapter, &ai);
    ustor_adapter_bus_type(s.adapter, &bus);
    if (json) {
        struct cli_json j;
        json_begin(&j, stdout);
        json_str(&j, "version", ustor_version());
        adapter_json(&j, &s, &ai, bus);
        cli_machine_json(&j, s.machine);
        json_array(&j, "units");
        for (unsigned i = 0; i < s.n_luns; i++)
            lun_json(&j, &s.luns[i]);
        json_close(&j, ']');
        json_end(&j);
    } else {
        adapter_text(&s, &ai, bus);
        cli_machine_text(s.machine);
        printf("units: %u\n", s.n_luns);
        for (unsigned i = 0; i < s.n_luns; i++)
            lun_text(&s.luns[i]);
    }
    cli_session_close(&s);
    return 0;
}
