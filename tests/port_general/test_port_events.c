/*
 * The event routines, as the log shows them: StorPortDebugPrint in the MSVC printf
 * dialect at its level, StorPortLogError with its unit, LogSystemEvent (and its
 * size and version answers), the ETW events of every width and channel (and the
 * pre-1809 function code), EtwLogError, EtwLogByteStream, NvmeMiniportEvent,
 * LogTelemetry(Ex) and NvmeLogTelemetry; parameters named by the miniport's wide
 * strings, invalid calls refused and not logged; GetActivityIdSrb stable within a
 * request, different across requests, and carried by ETW events naming the SRB.
 */
#include <string.h>
#include <unistd.h>

#include "gmp_harness.h"

static const char *trace;       /* the trace file's text, once read */
static char addr0[96];          /* "addr" of unit 0:0:0 of the adapter */

#define FIND(...) gmp_trace_find(trace, NULL, __VA_ARGS__, (const char *)NULL)

static void run_events(int ad)
{
    gmp_do(ad, GMP_OP_DEBUG_PRINT, 0, 0, 0, 0);
    gmp_do(ad, GMP_OP_DEBUG_PRINT, 3, 0, 0, 0);
    gmp_do(ad, GMP_OP_LOG_ERROR, 0, 0, 0, 0);
    static const uint32_t etw_want[15] = {
        ST_SUCCESS, ST_SUCCESS, ST_SUCCESS, ST_SUCCESS, ST_SUCCESS, ST_SUCCESS,
        ST_INVALID_PARAMETER, ST_INVALID_PARAMETER, ST_INVALID_PARAMETER, ST_SUCCESS, ST_SUCCESS,
        ST_SUCCESS, ST_SUCCESS, ST_INVALID_PARAMETER, ST_INVALID_PARAMETER};
    for (int v = 0; v < 15; v++) {
        uint32_t st = (uint32_t)gmp_do(ad, GMP_OP_ETW, v, 0, 0, 0);
        CHECK(st == etw_want[v], "ETW variant %d returned 0x%x, want 0x%x", v, st, etw_want[v]);
    }
    uint32_t out = 0;
    CHECK(gmp_do(ad, GMP_OP_LOG_SYSTEM_EVENT, 0, (intptr_t)&out, 0, 0) == ST_SUCCESS, "system event");
    CHECK(gmp_do(ad, GMP_OP_LOG_SYSTEM_EVENT, 1, (intptr_t)&out, 0, 0) == ST_INVALID_BUFFER_SIZE &&
          out == 192, "too much data: INVALID_BUFFER_SIZE and MaximumSize %u", out);
    CHECK(gmp_do(ad, GMP_OP_LOG_SYSTEM_EVENT, 2, (intptr_t)&out, 0, 0) == ST_UNSUPPORTED_VERSION &&
          out == 0x100, "revision 0x200: UNSUPPORTED_VERSION, revision set to 0x%x", out);
    CHECK(gmp_do(ad, GMP_OP_LOG_SYSTEM_EVENT, 3, (intptr_t)&out, 0, 0) == ST_SUCCESS, "target event");
    CHECK(gmp_do(ad, GMP_OP_LOG_SYSTEM_EVENT, 4, (intptr_t)&out, 0, 0) == ST_SUCCESS,
          "revision 0x101 is compatible");
    static const uint32_t tel_want[6] = {ST_SUCCESS, ST_INVALID_BUFFER_SIZE, ST_INVALID_PARAMETER,
                                         ST_SUCCESS, ST_SUCCESS, ST_INVALID_PARAMETER};
    for (int v = 0; v < 6; v++)
        CHECK((uint32_t)gmp_do(ad, GMP_OP_TELEMETRY, v, 0, 0, 0) == tel_want[v], "telemetry %d", v);
    CHECK((uint32_t)gmp_do(ad, GMP_OP_ACTIVITY_FOREIGN, 0, 0, 0, 0) == ST_INVALID_PARAMETER,
          "GetActivityIdSrb of an SRB the port never gave");
}

static void check_debug_print(void)
{
    const char *l = FIND("\"channel\":\"miniport\"", "\"level\":\"error\"", "\"source\":\"gmp\"",
                         "\"text\":\"gmp says 123456789abc wide -5|\"");
    CHECK(l, "DebugPrint level 0 (error) in the MSVC dialect, named after the miniport");
    CHECK(FIND("\"channel\":\"miniport\"", "\"level\":\"debug\"", "gmp says"),
          "DebugPrint level 3 (info) logs at debug");
}

static void check_log_error(void)
{
    char *l = gmp_line(FIND("\"event\":\"LogError\""));
    CHECK(strstr(l, "\"level\":\"error\"") && strstr(l, "\"text\":\"SP_BAD_FW_ERROR\"") &&
          strstr(l, "\"ErrorCode\":\"0xa\"") && strstr(l, "\"UniqueId\":\"0x1234\"") &&
          strstr(l, "\"path\":0,\"target\":1,\"lun\":2}"), "LogError: %s", l);
    free(l);
}

static void check_etw(void)
{
    char *l = gmp_line(FIND("\"event\":\"EtwEvent\"", "\"EventId\":100"));
    CHECK(strstr(l, "\"text\":\"Port reset\"") && strstr(l, "\"level\":\"warning\"") &&
          strstr(l, "\"Channel\":\"Diagnostic\"") && strstr(l, "\"Opcode\":\"Start\"") &&
          strstr(l, "\"Keywords\":\"0x1\"") && strstr(l, "\"Port\":3") &&
          strstr(l, "\"Status\":49374") && !strstr(l, "\"addr\""), "EtwEvent2: %s", l);
    free(l);
    l = gmp_line(FIND("\"EventId\":101"));
    CHECK(strstr(l, addr0) && strstr(l, "\"A\":1") && strstr(l, "\"B\":2") && strstr(l, "\"D\":4") &&
          !strstr(l, "\":99"), "EtwEvent4 with a unit and an unnamed pair: %s", l);
    free(l);
    CHECK(FIND("\"EventId\":102", "\"level\":\"debug\"", "\"Level\":\"Verbose\"", "\"P1\":1",
               "\"P4\":4", "\"P8\":8"), "EtwEvent8");
    CHECK(FIND("\"EventId\":103", "\"Channel\":\"Health\"", "\"level\":\"error\"", "\"X\":5",
               "\"Opcode\":\"Stop\""), "EtwChannelEvent2");
    CHECK(FIND("\"EventId\":104", "\"Channel\":\"Operational\"", "\"Q1\":10", "\"Q4\":40"),
          "EtwChannelEvent4");
    CHECK(FIND("\"EventId\":105", "\"Channel\":\"IoPerformance\"", "\"R1\":100", "\"R8\":800"),
          "EtwChannelEvent8");
    CHECK(FIND("\"EventId\":112", "\"text\":\"Legacy\"", "\"Channel\":\"Diagnostic\"", "\"Old\":9"),
          "the pre-1809 EtwEvent2 code");
    CHECK(FIND("\"event\":\"EtwLogError\"", "\"text\":\"Link CRC\"", "\"EventId\":7",
               "\"Channel\":\"Operational\"", "\"Data\":\"deadbeef\""), "EtwLogError");
    CHECK(FIND("\"event\":\"EtwByteStream\"", "\"EventId\":110", "\"Data\":\"010203\""),
          "EtwLogByteStream");
    CHECK(FIND("\"event\":\"NvmeEtwEvent\"", "\"ControllerHandle\":\"0x1000\"", "\"NamespaceId\":5",
               "\"N1\":1"), "NvmeMiniportEvent");
    static const char *refused[] = {"\"EventId\":106", "\"EventId\":107", "\"EventId\":108",
                                    "\"EventId\":113", "\"EventId\":114"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        CHECK(!FIND(refused[i]), "a refused event is not logged: %s", refused[i]);
}

static void check_system_events_and_telemetry(void)
{
    char *l = gmp_line(FIND("\"event\":\"LogSystemEvent\"", "\"DumpData\""));
    CHECK(strstr(l, "\"text\":\"SP_BAD_FW_WARNING\"") && strstr(l, addr0) &&
          strstr(l, "\"ErrorCode\":\"0x9\"") && strstr(l, "\"UniqueId\":\"0x77\"") &&
          strstr(l, "\"DumpData\":\"11223344\"") && strstr(l, "\"String1\":\"first\"") &&
          strstr(l, "\"String2\":\"second\"") && strstr(l, "\"level\":\"error\""),
          "LogSystemEvent: %s", l);
    free(l);
    CHECK(FIND("\"event\":\"LogSystemEvent\"", "\"level\":\"info\"", "\"PathId\":0",
               "\"TargetId\":5", "\"ErrorCode\":\"0x40000005\""), "target event, address truncated");
    l = gmp_line(FIND("\"event\":\"Telemetry\"", "\"text\":\"TelemetryOne\""));
    CHECK(strstr(l, "\"EventId\":42") && strstr(l, "\"DriverVersion\":\"0x10203\"") &&
          strstr(l, "\"EventVersion\":2") && strstr(l, "\"Temp\":55") && strstr(l, "\"Errors\":3") &&
          strstr(l, "\"EventBuffer\":\"090807\"") && !strstr(l, "\":1234"), "LogTelemetry: %s", l);
    free(l);
    CHECK(FIND("\"event\":\"Telemetry\"", "\"text\":\"Measure\"", "\"Category\":\"Measures\""),
          "LogTelemetryEx");
    CHECK(FIND("\"event\":\"NvmeTelemetry\"", "\"NamespaceId\":9", "\"ControllerHandle\":\"0x2000\"",
               "\"Category\":\"Telemetry\""), "NvmeLogTelemetry");
}

/* ---- activity IDs ---- */

#define REQUESTS 8

static void guid_text(const uint8_t *g, char *buf)
{
    uint32_t d1;
    uint16_t d2, d3;
    memcpy(&d1, g, 4);
    memcpy(&d2, g + 4, 2);
    memcpy(&d3, g + 6, 2);
    sprintf(buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", d1, d2, d3, g[8], g[9],
            g[10], g[11], g[12], g[13], g[14], g[15]);
}

static int run_requests(struct ustor_adapter *a, struct gmp_control *g)
{
    struct ustor_lun *lun = ustor_adapter_lun(a, 0, 0, 0);
    CHECK(lun != NULL, "unit 0:0:0 was enumerated");
    g->etw_in_startio = 1;
    int base = __atomic_load_n(&g->nactivity, __ATOMIC_ACQUIRE);
    for (int i = 0; i < REQUESTS; i++) {
        struct ustor_scsi_request r = {.cdb_length = 6, .direction = USTOR_DATA_NONE};
        CHECK(ustor_lun_execute(lun, &r) == 0 && r.srb_status == 1, "TEST UNIT READY %d", i);
    }
    g->etw_in_startio = 0;
    CHECK(__atomic_load_n(&g->nactivity, __ATOMIC_ACQUIRE) == base + REQUESTS, "StartIo saw them all");
    return base;
}

static void check_activity(const struct gmp_control *g, int base)
{
    for (int i = base; i < base + REQUESTS; i++) {
        CHECK(g->activity_status[i][0] == ST_SUCCESS && g->activity_status[i][1] == ST_SUCCESS,
              "GetActivityIdSrb in StartIo");
        CHECK(!memcmp(g->activity[i][0], g->activity[i][1], 16), "stable within a request");
        static const uint8_t zero[16];
        CHECK(memcmp(g->activity[i][0], zero, 16), "not all zero");
        for (int j = base; j < i; j++)
            CHECK(memcmp(g->activity[i][0], g->activity[j][0], 16), "requests %d and %d differ", i, j);
        char id[64], frag[96], index[32];
        guid_text(g->activity[i][0], id);
        snprintf(frag, sizeof frag, "\"ActivityId\":\"%s\"", id);
        snprintf(index, sizeof index, "\"Index\":%d", i);
        CHECK(g->etw_status[i] == ST_SUCCESS && FIND("\"EventId\":200", frag, index, addr0),
              "the ETW event with the SRB carries its activity ID %s and unit", id);
    }
}

int main(void)
{
    const char *dir = gmp_scratch_dir("events");
    char trace_path[600], text_path[600];
    snprintf(trace_path, sizeof trace_path, "%s/trace.json", dir);
    snprintf(text_path, sizeof text_path, "%s/log.txt", dir);
    struct gmp_control *g = gmp_ctl();
    struct ustor_host *host = gmp_host();
    struct ustor_driver *d = gmp_load(host);
    int ad;
    struct ustor_adapter *a = gmp_adapter(d, NULL, NULL, &ad);
    snprintf(addr0, sizeof addr0, "\"addr\":{\"port\":%u,\"path\":0,\"target\":0,\"lun\":0}",
             g->find_port[ad]);
    gmp_trace_start(trace_path);
    FILE *text = fopen(text_path, "w+");
    CHECK(text != NULL, "text log");
    ustor_log_set_text_fd(fileno(text));
    CHECK_OK(ustor_log_set_levels("off,events=debug"));
    run_events(ad);
    int base = run_requests(a, g);
    ustor_log_close_trace();
    ustor_log_set_text_fd(-1);
    trace = gmp_read_file(trace_path);
    CHECK(trace != NULL, "trace file");
    check_debug_print();
    check_log_error();
    check_etw();
    check_system_events_and_telemetry();
    check_activity(g, base);
    char *lines = gmp_read_file(text_path);
    CHECK(lines && strstr(lines, "[events] gmp") && strstr(lines, "EtwEvent: Port reset") &&
          strstr(lines, " Port=3") && !strstr(lines, "gmp says"),
          "events as text lines (miniport text filtered out):\n%s", lines ? lines : "");
    free(lines);
    fclose(text);
    CHECK_OK(ustor_adapter_remove(a));
    ustor_host_destroy(host);
    gmp_scratch_remove(dir);
    printf("test_port_events: ok\n");
    return 0;
}
