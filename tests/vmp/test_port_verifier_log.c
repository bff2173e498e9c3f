/*
 * The port's reports in the log. With text logging off and no trace file, a guest error
 * of the port and a verifier report still count in ustor_log_guest_problems(). With a
 * trace file, the verifier's reports (a lock taken in the wrong order, a PASSIVE routine
 * called from a DPC, HwStartIo returning with a lock held) are JSON lines on the guest
 * channel, event "verifier", naming the check, the routine and the miniport's return
 * address; a site's first report is a warning, its repeats debug messages.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vmp_harness.h"

/* Counted though no sink shows them: a port guest error, a verifier report. */
static void check_counted_unseen(struct vmp_control *c)
{
    (void)c;
    CHECK_OK(ustor_log_set_levels("off"));
    unsigned long long before = ustor_log_guest_problems();
    CHECK(vmp_do(VMP_OP_COMPLETE_NULL, 0, 0, 0) != 0, "a NULL service IRP accepted");
    CHECK(ustor_log_guest_problems() == before + 1, "port guest error: %llu -> %llu", before,
          ustor_log_guest_problems());
    CHECK(vmp_do(VMP_OP_LOCK_ORDER, 0, 0, 0) == 1, "lock order op");
    CHECK(ustor_log_guest_problems() == before + 2, "verifier report: %llu -> %llu", before,
          ustor_log_guest_problems());
}

static void leak_a_lock(struct ustor_lun *lun)
{
    struct ustor_scsi_request r;
    memset(&r, 0, sizeof r);
    r.cdb_length = 6;
    r.cdb[0] = VMP_OPCODE_LEAK_LOCK;
    r.direction = USTOR_DATA_NONE;
    CHECK_OK(ustor_lun_execute(lun, &r));
    CHECK(r.srb_status == 0x01, "status 0x%x", r.srb_status);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL, "open %s", path);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* The Nth trace line (0-based) of a verifier event holding every NEEDLE, or NULL. */
static const char *verifier_line(char *text, const char *const *needles, int nth, char *out,
                                 size_t n)
{
    for (char *line = text, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        if (!end)
            break;
        size_t len = (size_t)(end - line);
        snprintf(out, n, "%.*s", (int)len, line);
        bool all = strstr(out, "\"event\":\"verifier\"") && strstr(out, "\"channel\":\"guest\"");
        for (int i = 0; needles[i] && all; i++)
            all = strstr(out, needles[i]) != NULL;
        if (all && nth-- == 0)
            return out;
    }
    return NULL;
}

static void expect(char *text, const char *check, const char *routine, const char *level, int nth)
{
    char c[96], r[96], l[64], caller[96], line[8192];
    snprintf(c, sizeof c, "\"check\":\"%s\"", check);
    snprintf(r, sizeof r, "\"routine\":\"%s\"", routine);
    snprintf(l, sizeof l, "\"level\":\"%s\"", level);
    snprintf(caller, sizeof caller, "\"caller\":\"%s", vmp_module_name());
    const char *needles[] = {c, r, l, caller, NULL};
    CHECK(verifier_line(text, needles, nth, line, sizeof line), "no %s trace line %d for %s in %s "
          "with a caller in %s", level, nth, check, routine, vmp_module_name());
}

static void check_trace(struct vmp_control *c, struct ustor_adapter *a)
{
    char path[512];
    snprintf(path, sizeof path, "%s/verifier-log-%d.jsonl", USTOR_TEST_BINARY_DIR, (int)getpid());
    CHECK_OK(ustor_log_open_trace(path));
    CHECK(vmp_do(VMP_OP_LOCK_ORDER, 0, 0, 0) == 1, "lock order op");
    CHECK(vmp_do(VMP_OP_IRQL_FROM_DPC, 0, 0, 0) == 1, "DPC not issued");
    CHECK(vmp_wait_value(&c->dpc_done, 1, 10), "the DPC did not run");
    CHECK(c->dpc_status == 0, "StorPortRegistryRead succeeded at DISPATCH");
    leak_a_lock(ustor_adapter_lun(a, 0, 0, 0));
    CHECK(c->leak_runs == 1, "HwStartIo did not take the lock");
    leak_a_lock(ustor_adapter_lun(a, 0, 0, 0));   /* the StartIo lock was given back */
    ustor_log_close_trace();
    char *text = read_file(path);
    unlink(path);
    expect(text, "lock order", "StorPortAcquireSpinLock", "debug", 0);   /* seen in part one */
    expect(text, "wrong IRQL", "StorPortRegistryRead", "warning", 0);
    expect(text, "callback leak", "HwStartIo", "warning", 0);
    expect(text, "callback leak", "HwStartIo", "debug", 0);
    CHECK(strstr(text, "\"irql\":2"), "no IRQL in the reports");
}

int main(void)
{
    struct vmp_control *c = vmp_ctl();
    struct ustor_host *h = vmp_host();
    struct ustor_driver *d = vmp_load(h);
    struct ustor_adapter *a = vmp_adapter(d);
    check_counted_unseen(c);
    check_trace(c, a);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(h);
    printf("ok\n");
    return 0;
}
