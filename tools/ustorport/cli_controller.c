/* The simulated machine behind a physical miniport (--controller): a PCI bus on the
 * host's platform with one NVMe controller whose namespaces are the --disk options in
 * order (NSID 1, 2, ...; one ram:1G namespace without --disk). A disk spec may end in
 * ",lba=4096" for 4 KiB logical blocks (512 otherwise). Which controller and miniport
 * a command line means: no --miniport and no --controller is the nvme controller with
 * the bundled nvme miniport; --miniport without --controller is a virtual adapter
 * (ramdisk or a user's virtual miniport), unless the miniport is "nvme". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ustorport/ustor_log.h"
#include "ustorport/ustor_platform.h"

#define CLI_NVME_DEFAULT_DISK "ram:1G"

struct cli_machine {
    struct ustor_platform *platform;
    struct ustor_nvme *nvme;
    unsigned n_ns;
    struct ustor_backend *backend[CLI_MAX_DISKS];
    uint32_t lba_size[CLI_MAX_DISKS];
    char spec[CLI_MAX_DISKS][256];
};

const char *cli_controller_of(const struct cli_dev_opts *o)
{
    if (o->controller)
        return o->controller;
    return !o->miniport || !strcmp(o->miniport, "nvme") ? "nvme" : "none";
}

const char *cli_miniport_of(const struct cli_dev_opts *o)
{
    if (o->miniport)
        return o->miniport;
    return strcmp(cli_controller_of(o), "nvme") ? CLI_DEFAULT_MINIPORT : "nvme";
}

/* SPEC without a trailing ",lba=N" (into OUT), and N (512 when absent). */
static int spec_split(const char *cmd, const char *spec, char *out, size_t n, uint32_t *lba)
{
    const char *opt = strstr(spec, ",lba=");
    size_t len = opt ? (size_t)(opt - spec) : strlen(spec);
    *lba = 512;
    if (len >= n) {
        cli_fail(cmd, "--disk %s: too long", spec);
        return -E2BIG;
    }
    memcpy(out, spec, len);
    out[len] = '\0';
    if (!opt)
        return 0;
    uint64_t v;
    if (strchr(opt + 5, ',') || !cli_parse_uint(opt + 5, 512, 4096, &v) || (v != 512 && v != 4096)) {
        cli_fail(cmd, "--disk %s: lba= takes 512 or 4096, last in the spec", spec);
        return -EINVAL;
    }
    *lba = (uint32_t)v;
    return 0;
}

static int namespace_add(const char *cmd, struct cli_machine *m, const char *disk)
{
    unsigned i = m->n_ns;
    int rc = spec_split(cmd, disk, m->spec[i], sizeof m->spec[i], &m->lba_size[i]);
    if (rc < 0)
        return rc;
    rc = ustor_backend_open(m->spec[i], 0, &m->backend[i]);
    if (rc < 0)
        return cli_fail_rc(cmd, rc, "--disk %s: the namespace did not start: %s", disk,
                           ustor_error_message());
    m->n_ns++;
    rc = ustor_nvme_attach(m->nvme, i + 1, m->backend[i], m->lba_size[i]);
    if (rc < 0)
        return cli_fail_rc(cmd, rc, "--disk %s: the namespace did not start: %s", disk,
                           ustor_last_error());
    return 0;
}

int cli_machine_open(const char *cmd, const struct cli_dev_opts *o, struct ustor_host *host,
                     struct cli_machine **out)
{
    *out = NULL;
    if (strcmp(cli_controller_of(o), "nvme"))
        return 0;
    struct cli_machine *m = calloc(1, sizeof *m);
    if (!m)
        return cli_fail_rc(cmd, -ENOMEM, "out of memory");
    int rc = ustor_platform_create(host, &m->platform);
    if (rc == 0)
        rc = ustor_nvme_create(m->platform, NULL, &m->nvme);
    if (rc < 0) {
        cli_fail(cmd, "the nvme controller did not start: %s", ustor_last_error());
        cli_machine_close(m);
        return rc;
    }
    unsigned count = o->n_disks ? o->n_disks : 1;
    for (unsigned i = 0; i < count && rc == 0; i++)
        rc = namespace_add(cmd, m, o->n_disks ? o->disks[i] : CLI_NVME_DEFAULT_DISK);
    if (rc < 0) {
        cli_machine_close(m);
        return rc;
    }
    *out = m;
    return 0;
}

const struct ustor_device_desc *cli_machine_device(const struct cli_machine *m)
{
    return ustor_nvme_device(m->nvme);
}

/* After the adapter is gone. */
void cli_machine_close(struct cli_machine *m)
{
    if (!m)
        return;
    ustor_nvme_destroy(m->nvme);
    ustor_platform_destroy(m->platform);
    for (unsigned i = 0; i < m->n_ns; i++)
        ustor_backend_close(m->backend[i]);
    free(m);
}

/* ---- info ---- */

static void pci_text(const struct ustor_device_desc *d, char *buf, size_t n)
{
    snprintf(buf, n, "PCI %02x:%02x.%x", d->bus_number & 0xFF, d->slot_number & 0x1F,
             (d->slot_number >> 5) & 0x7);
}

void cli_machine_text(const struct cli_machine *m)
{
    char pci[32], size[32];
    if (!m)
        return;
    const struct ustor_device_desc *d = cli_machine_device(m);
    pci_text(d, pci, sizeof pci);
    printf("controller: nvme (NVMe 1.4 model) at %s, %u interrupt messages\n", pci,
           d->interrupt_messages);
    for (unsigned i = 0; i < m->n_ns; i++) {
        const struct ustor_backend_info *bi = ustor_backend_get_info(m->backend[i]);
        printf("  namespace %u: %s, %s, %u-byte blocks%s\n", i + 1, m->spec[i],
               cli_fmt_human(size, sizeof size, (double)bi->size), m->lba_size[i],
               (bi->caps & USTOR_BACKEND_READ_ONLY) ? ", write protected" : "");
    }
}

void cli_machine_json(struct cli_json *j, const struct cli_machine *m)
{
    char pci[32];
    if (!m)
        return;
    const struct ustor_device_desc *d = cli_machine_device(m);
    pci_text(d, pci, sizeof pci);
    json_object(j, "controller");
    json_str(j, "kind", "nvme");
    json_str(j, "pci", pci);
    json_u64(j, "interrupt_messages", d->interrupt_messages);
    json_array(j, "namespaces");
    for (unsigned i = 0; i < m->n_ns; i++) {
        const struct ustor_backend_info *bi = ustor_backend_get_info(m->backend[i]);
        json_object(j, NULL);
        json_u64(j, "nsid", i + 1);
        json_str(j, "disk", m->spec[i]);
        json_u64(j, "size", bi->size);
        json_u64(j, "lba_size", m->lba_size[i]);
        json_bool(j, "write_protected", (bi->caps & USTOR_BACKEND_READ_ONLY) != 0);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
}
