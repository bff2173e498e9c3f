/*
 * probe_tables.h - what header_check compiles besides the headers alone.
 * Boundary probes declare, after the includes, names that real miniports
 * declare themselves (headers.md rule 6, miniport-requirements.md section 0
 * item 14): if a header already reaches the name, the probe fails to compile.
 * Reach probes use names that miniports need from a given include set.
 */
#ifndef HEADER_CHECK_PROBE_TABLES_H
#define HEADER_CHECK_PROBE_TABLES_H

#include <stddef.h>

/* Headers BASE provides; their absence fails the self test. */
static const char *const hc_base_headers[] = {
    "ntdef.h", "ntddk.h", "wdm.h", "miniport.h", "ntstatus.h", "sal.h", "specstrings.h",
    "guiddef.h", "initguid.h", "devioctl.h", "pshpack1.h", "pshpack2.h", "pshpack4.h",
    "pshpack8.h", "poppack.h", "ntstrsafe.h", "evntrace.h", "excpt.h", "sdkddkver.h",
    "basetsd.h", "stortrce.h", "wmistr.h", "ustor_prelude.h", NULL
};

/* nvme declares enum constants INFO, WARNING, ERROR, TRACE; viostor and vioscsi
 * declare DriverEntry(PVOID, PVOID), nvme DriverEntry(PDRIVER_OBJECT, ...). */
#define HC_PROBE_OWN_NAMES                                                          \
    "#if defined(INFO) || defined(WARNING) || defined(ERROR) || defined(TRACE)\n"  \
    "#error a macro named INFO, WARNING, ERROR or TRACE is reachable\n"             \
    "#endif\n"                                                                      \
    "enum header_check_levels { INFO, WARNING, ERROR, TRACE };\n"                   \
    "#ifdef DriverEntry\n"                                                          \
    "#error DriverEntry is a macro\n"                                               \
    "#endif\n"                                                                      \
    "typedef struct header_check_de *DriverEntry;\n"

/* viostor and vioscsi define both types themselves. */
#define HC_PROBE_NO_MSIX                                                            \
    "#if defined(PCI_MSIX_CAPABILITY) || defined(PCIX_TABLE_POINTER)\n"            \
    "#error PCI_MSIX_CAPABILITY or PCIX_TABLE_POINTER is a macro\n"                 \
    "#endif\n"                                                                      \
    "typedef struct _PCIX_TABLE_POINTER { unsigned int a; } PCIX_TABLE_POINTER;\n"  \
    "typedef struct _PCI_MSIX_CAPABILITY { unsigned int a; } PCI_MSIX_CAPABILITY,\n" \
    "    *PPCI_MSIX_CAPABILITY;\n"

/* ntdddisk.h content: StorAHCI defines it (generic.h, common.h); nvme gets it
 * from ntdddisk.h, so ntddk.h, storport.h and ntddscsi.h must not give it. */
#define HC_PROBE_NO_NTDDDISK                                                            \
    "#if defined(GETVERSIONINPARAMS) || defined(SENDCMDINPARAMS) || "                   \
    "defined(DRIVERSTATUS)\n"                                                           \
    "#error an ntdddisk.h type is a macro\n"                                            \
    "#endif\n"                                                                          \
    "#if defined(ID_CMD) || defined(SMART_CMD) || defined(ATAPI_ID_CMD) || "            \
    "defined(CAP_SMART_CMD) || defined(SMART_NO_ERROR)\n"                               \
    "#error an ntdddisk.h SMART constant is reachable\n"                                \
    "#endif\n"                                                                          \
    "typedef struct _GETVERSIONINPARAMS { unsigned char a; } GETVERSIONINPARAMS,\n"     \
    "    *PGETVERSIONINPARAMS, *LPGETVERSIONINPARAMS;\n"                                \
    "typedef struct _SENDCMDINPARAMS { unsigned char a; } SENDCMDINPARAMS,\n"           \
    "    *PSENDCMDINPARAMS, *LPSENDCMDINPARAMS;\n"                                      \
    "typedef struct _SENDCMDOUTPARAMS { unsigned char a; } SENDCMDOUTPARAMS,\n"         \
    "    *PSENDCMDOUTPARAMS, *LPSENDCMDOUTPARAMS;\n"                                    \
    "typedef struct _DRIVERSTATUS { unsigned char a; } DRIVERSTATUS, *PDRIVERSTATUS,\n" \
    "    *LPDRIVERSTATUS;\n"                                                            \
    "typedef struct _ATAREGISTERS { unsigned char a; } ATAREGISTERS, *PATAREGISTERS;\n"

struct hc_boundary {
    const char *probe;
    int every_header;              /* checked after every include/wdk header (self) */
    const char *const *sets[16];   /* else one probe per include set, NULL-ended */
};

#define HC_SET(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct hc_boundary hc_boundaries[] = {
    { HC_PROBE_OWN_NAMES, 1, { NULL } },
    { HC_PROBE_NO_MSIX, 1, { NULL } },
    { HC_PROBE_NO_NTDDDISK, 0, {
        HC_SET("ntddk.h"), HC_SET("wdm.h"), HC_SET("storport.h"), HC_SET("ntddscsi.h"),
        HC_SET("miniport.h"), HC_SET("ata.h"), HC_SET("ntddstor.h"), HC_SET("srbhelper.h"),
        HC_SET("acpiioct.h"), HC_SET("scsi.h"), HC_SET("srb.h"), HC_SET("scsiwmi.h"),
        /* StorAHCI's and nvme's include sets (nvme's without ntdddisk.h) */
        HC_SET("miniport.h", "storport.h", "ata.h", "devioctl.h", "ntddscsi.h", "ntddstor.h",
               "srbhelper.h", "acpiioct.h"),
        HC_SET("ntddk.h", "ntddscsi.h", "guiddef.h", "storport.h", "srbhelper.h", "scsiwmi.h",
               "initguid.h", "ata.h", "evntrace.h", "stortrce.h"),
        NULL } },
};

struct hc_reach {
    const char *what;
    const char *const *set;   /* skipped until every header of the set exists */
    const char *probe;
};

/* StorAHCI: no ntddk.h, yet Interlocked*, GUID, PCI config, min, ALIGN_*... */
#define HC_REACH_MINIPORT                                                             \
    "long hc_storahci(LONG volatile *v, PCI_COMMON_CONFIG *cfg, GUID *g);\n"          \
    "long hc_storahci(LONG volatile *v, PCI_COMMON_CONFIG *cfg, GUID *g)\n"           \
    "{\n"                                                                             \
    "    GROUP_AFFINITY ga = { 0 };\n"                                                \
    "    PCI_CAPABILITIES_HEADER *cap = (PCI_CAPABILITIES_HEADER *)cfg->DeviceSpecific;\n" \
    "    InterlockedIncrement(v);\n"                                                  \
    "    InterlockedDecrement(v);\n"                                                  \
    "    InterlockedBitTestAndSet(v, 3);\n"                                           \
    "    InterlockedBitTestAndReset(v, 3);\n"                                         \
    "    NT_ASSERT(*v == 0);\n"                                                       \
    "    NT_ASSERTMSG(\"zero\", *v == 0);\n"                                          \
    "    UNREFERENCED_PARAMETER(g);\n"                                                \
    "    return (long)min(*v, 1) + (long)ALIGN_UP(3, PVOID) + (long)ALIGN_DOWN_BY(9, 8)\n" \
    "        + (long)RTL_SIZEOF_THROUGH_FIELD(PCI_COMMON_CONFIG, u.type0.CapabilitiesPtr)\n" \
    "        + FIELD_OFFSET(PCI_COMMON_CONFIG, DeviceID) + (long)MM_ANY_NODE_OK + MmCached\n" \
    "        + (long)ga.Mask + cap->CapabilityID + cfg->u.type0.SubVendorID;\n"       \
    "}\n"

/* nvme, viostor, vioscsi: ntddk.h. */
#define HC_REACH_NTDDK                                                                \
    "typedef struct { LIST_ENTRY link; int v; } hc_item;\n"                          \
    "ULONG hc_nvme(hc_item *a, PUNICODE_STRING path, PDRIVER_OBJECT drv);\n"           \
    "ULONG hc_nvme(hc_item *a, PUNICODE_STRING path, PDRIVER_OBJECT drv)\n"            \
    "{\n"                                                                             \
    "    LIST_ENTRY head;\n"                                                          \
    "    KAFFINITY aff = 1;\n"                                                        \
    "    PROCESSOR_NUMBER pn = { 0 };\n"                                              \
    "    PHYSICAL_ADDRESS pa = MmGetPhysicalAddress(a);\n"                             \
    "    PCI_COMMON_HEADER hdr;\n"                                                    \
    "    NTSTATUS st = STATUS_INSUFFICIENT_RESOURCES;\n"                              \
    "    RtlZeroMemory(&hdr, sizeof(hdr));\n"                                         \
    "    InitializeListHead(&head);\n"                                                \
    "    InsertTailList(&head, &a->link);\n"                                          \
    "    if (!IsListEmpty(&head))\n"                                                  \
    "        a = CONTAINING_RECORD(RemoveHeadList(&head), hc_item, link);\n"          \
    "    KeMemoryBarrier();\n"                                                        \
    "    KeStallExecutionProcessor(10);\n"                                            \
    "    DbgPrint(\"%p %p\\n\", path, drv);\n"                                        \
    "    DbgPrintEx(DPFLTR_STORMINIPORT_ID, DPFLTR_ERROR_LEVEL, \"x\\n\");\n"        \
    "    ASSERT(a != NULL);\n"                                                        \
    "    if (KeGetCurrentIrql() > DISPATCH_LEVEL || !NT_SUCCESS(st))\n"               \
    "        KeBugCheckEx(0xDEAD, 0, 0, 0, 0);\n"                                    \
    "    return CTL_CODE(FILE_DEVICE_CONTROLLER, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)\n" \
    "        + TRACE_LEVEL_ERROR + PtrToUlong(a) + (ULONG)ROUND_TO_PAGES(PAGE_SIZE + 1)\n" \
    "        + KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS) + pn.Number\n"    \
    "        + (ULONG)aff + pa.LowPart + ARRAYSIZE(hdr.u.type0.BaseAddresses)\n"     \
    "        + PCI_TYPE0_ADDRESSES + PCI_STATUS_CAPABILITIES_LIST + PCI_MULTIFUNCTION\n" \
    "        + PCI_CAPABILITY_ID_MSIX + PCI_CAPABILITY_ID_VENDOR_SPECIFIC + PCI_TYPE_64BIT\n" \
    "        + (ULONG)PCI_ADDRESS_MEMORY_ADDRESS_MASK + PCI_ADDRESS_IO_SPACE\n"      \
    "        + (NTDDI_VERSION >= NTDDI_WIN7);\n"                                      \
    "}\n"                                                                             \
    "#ifdef USTOR_MINIPORT_PRELUDE\n"                                                 \
    "size_t hc_crt(void *d, const void *s, const wchar_t *w);\n"                     \
    "size_t hc_crt(void *d, const void *s, const wchar_t *w)\n"                      \
    "{\n"                                                                             \
    "    return (size_t)memcpy_s(d, 8, s, 4) + wcslen(w) + wcslen(L\"x\");\n"        \
    "}\n"                                                                             \
    "#endif\n"

#define HC_REACH_SCSI_BYTES                                                           \
    "void hc_bytes(ULONG *d, const ULONG *s, ULONGLONG *q, USHORT *w);\n"             \
    "void hc_bytes(ULONG *d, const ULONG *s, ULONGLONG *q, USHORT *w)\n"              \
    "{\n"                                                                             \
    "    REVERSE_BYTES(d, s);\n"                                                      \
    "    REVERSE_BYTES_QUAD(q, q + 1);\n"                                             \
    "    REVERSE_BYTES_SHORT(w, w + 1);\n"                                            \
    "    REVERSE_SHORT(w);\n"                                                         \
    "    REVERSE_LONG(d);\n"                                                          \
    "}\n"

#define HC_REACH_TRACE                                                                \
    "int hc_levels[] = { TRACE_LEVEL_NONE, TRACE_LEVEL_CRITICAL, TRACE_LEVEL_FATAL,\n" \
    "    TRACE_LEVEL_ERROR, TRACE_LEVEL_WARNING, TRACE_LEVEL_INFORMATION,\n"          \
    "    TRACE_LEVEL_VERBOSE };\n"

#define HC_REACH_STORTRCE                                                             \
    HC_REACH_TRACE                                                                    \
    "STORAGE_TRACE_INIT_INFO hc_trace_info = { .Size = sizeof(STORAGE_TRACE_INIT_INFO) };\n"

#define HC_REACH_STRSAFE                                                              \
    "NTSTATUS hc_strsafe(char *b, size_t n, WCHAR *w, va_list ap);\n"                 \
    "NTSTATUS hc_strsafe(char *b, size_t n, WCHAR *w, va_list ap)\n"                  \
    "{\n"                                                                             \
    "    size_t len;\n"                                                               \
    "    NTSTATUS st = RtlStringCbCopyA(b, n, \"a\");\n"                              \
    "    st |= RtlStringCbCatA(b, n, \"b\");\n"                                       \
    "    st |= RtlStringCchLengthA(b, n, &len);\n"                                    \
    "    st |= RtlStringCbCopyW(w, n, w + 1);\n"                                      \
    "    st |= RtlStringCbVPrintfA(b, n, \"%s\", ap);\n"                              \
    "    return st | RtlStringCbPrintfA(b, n, \"%d\", 1);\n"                          \
    "}\n"

#define HC_REACH_GUID                                                                 \
    "DEFINE_GUID(HC_GUID_A, 0x1, 0x2, 0x3, 4, 5, 6, 7, 8, 9, 10, 11);\n"             \
    "int hc_guid(void);\n"                                                            \
    "int hc_guid(void) { return IsEqualGUID(&HC_GUID_A, &HC_GUID_A); }\n"

static const struct hc_reach hc_reaches[] = {
    { "miniport.h alone (StorAHCI base)", HC_SET("miniport.h"), HC_REACH_MINIPORT },
    { "miniport.h + storport.h (StorAHCI)", HC_SET("miniport.h", "storport.h"),
      HC_REACH_MINIPORT HC_REACH_SCSI_BYTES },
    { "ntddk.h alone", HC_SET("ntddk.h"), HC_REACH_NTDDK HC_REACH_TRACE },
    { "ntddk.h + storport.h (nvme, viostor)", HC_SET("ntddk.h", "storport.h"),
      HC_REACH_NTDDK HC_REACH_SCSI_BYTES },
    { "evntrace.h (nvme TRACE_LEVEL_*)", HC_SET("evntrace.h"), HC_REACH_TRACE },
    { "stortrce.h (vioscsi WPP stubs)", HC_SET("stortrce.h"), HC_REACH_STORTRCE },
    { "ntstrsafe.h", HC_SET("ntstrsafe.h"), HC_REACH_STRSAFE },
    { "guiddef.h + initguid.h (nvme)", HC_SET("guiddef.h", "initguid.h"), HC_REACH_GUID },
    /* shared pieces: both orders of the overlapping headers, nothing redefined */
    { "miniport.h, ntddk.h, storport.h, srb.h", HC_SET("miniport.h", "ntddk.h", "storport.h",
      "srb.h"), HC_REACH_MINIPORT HC_REACH_NTDDK },
    { "srb.h, storport.h, ntddk.h, miniport.h", HC_SET("srb.h", "storport.h", "ntddk.h",
      "miniport.h"), HC_REACH_MINIPORT HC_REACH_NTDDK },
};

#endif /* HEADER_CHECK_PROBE_TABLES_H */

#ifndef HEADER_CHECK_REJECTS
#define HEADER_CHECK_REJECTS
/* Miniport code the prelude must refuse, with a message that says why. */
struct hc_reject {
    const char *what;
    const char *probe;
    const char *expect;  /* in the compiler's output */
};

static const struct hc_reject hc_rejects[] = {
    { "__except", "int f(int x);\nint f(int x)\n{\n    __try { x++; } __except (1) { x--; }\n"
      "    return x;\n}\n", "__except is not supported" },
    { "except", "int f(int x);\nint f(int x)\n{\n    try { x++; } except (1) { x--; }\n"
      "    return x;\n}\n", "__except is not supported" },
    { "GetExceptionCode", "int g(void);\nint g(void)\n{\n    return GetExceptionCode();\n}\n",
      "GetExceptionCode" },
    { "two __try in one function", "int h(int x);\nint h(int x)\n{\n"
      "    __try { x++; } __finally { x++; }\n    __try { __leave; } __finally { x++; }\n"
      "    return x;\n}\n", "__ustor_seh_finally" },
};
#endif
