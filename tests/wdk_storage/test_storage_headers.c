/* The STORAGE headers' values and layouts as a miniport uses them: IOCTL codes
 * against their published numbers, IDENTIFY and GP-log bit-fields decoded from
 * raw device bytes (library build, no -mms-bitfields), ACPI argument walking,
 * SMART pass-through packing, WMI parameter-block sizes. */
#define MS_SM_HBA_API
#include "ntdddisk.h"
#include "ntddscsi.h"
#include "ntddstor.h"
#include "ata.h"
#include "acpiioct.h"
#include "hbaapi.h"
#include "hbapiwmi.h"
#include "scsiwmi.h"

#include <stdio.h>
#include <string.h>

static int failures;
static int checks;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

/* Values as Windows programs see them (published numeric IOCTL values). */
static void test_ioctl_codes(void)
{
    CHECK(IOCTL_SCSI_PASS_THROUGH == 0x4D004);
    CHECK(IOCTL_SCSI_MINIPORT == 0x4D008);
    CHECK(IOCTL_SCSI_GET_INQUIRY_DATA == 0x4100C);
    CHECK(IOCTL_SCSI_GET_CAPABILITIES == 0x41010);
    CHECK(IOCTL_SCSI_PASS_THROUGH_DIRECT == 0x4D014);
    CHECK(IOCTL_SCSI_GET_ADDRESS == 0x41018);
    CHECK(IOCTL_SCSI_GET_DUMP_POINTERS == 0x41020);
    CHECK(IOCTL_ATA_PASS_THROUGH == 0x4D02C);
    CHECK(IOCTL_SCSI_MINIPORT_NVCACHE == 1771008);
    CHECK(IOCTL_SCSI_MINIPORT_HYBRID == 1771040);
    CHECK(IOCTL_SCSI_MINIPORT_FIRMWARE == 1771392);
    CHECK(IOCTL_SCSI_MINIPORT_DIAGNOSTIC == 1771776);
    CHECK(IOCTL_SCSI_MINIPORT_SMART_VERSION == 0x1B0500);
    CHECK(IOCTL_STORAGE_QUERY_PROPERTY == 0x2D1400);
    CHECK(IOCTL_STORAGE_MANAGE_DATA_SET_ATTRIBUTES == 0x2D9404);
    CHECK(IOCTL_STORAGE_PROTOCOL_COMMAND == 0x2DD3C0);
    CHECK(IOCTL_DISK_GET_DRIVE_GEOMETRY == 0x70000);
    CHECK(IOCTL_DISK_GET_DRIVE_GEOMETRY_EX == 0x700A0);
    CHECK(SMART_RCV_DRIVE_DATA == 0x7C088);
    CHECK(IOCTL_ACPI_EVAL_METHOD == 0x32C004);
    CHECK(DeviceDsmAction_NvCache_Change_Priority == 0x8000000Eu);
    CHECK(IsDsmActionNonDestructive(DeviceDsmAction_ReportZones));
    CHECK(!IsDsmActionNonDestructive(DeviceDsmAction_Trim));
}

static void put_word(UCHAR *page, unsigned word, USHORT v)
{
    page[word * 2] = (UCHAR)(v & 0xff);
    page[word * 2 + 1] = (UCHAR)(v >> 8);
}

/* Decode an IDENTIFY DEVICE page built word by word as a drive sends it. */
static void test_identify_bits(void)
{
    UCHAR raw[512];
    IDENTIFY_DEVICE_DATA id;

    memset(raw, 0, sizeof(raw));
    put_word(raw, 49, 0x0300);          /* DMA and LBA supported */
    put_word(raw, 60, 0x5678);
    put_word(raw, 61, 0x1234);
    put_word(raw, 75, 31);              /* queue depth 32 */
    put_word(raw, 76, 1u << 8 | 1u << 3); /* NCQ, SATA Gen3 */
    put_word(raw, 83, 1u << 10 | 1u << 13 | 1u << 14); /* 48-bit LBA, FLUSH EXT, valid */
    put_word(raw, 100, 0x0000);
    put_word(raw, 101, 0x0010);         /* 0x100000 sectors */
    put_word(raw, 106, 0x4000 | 0x2000 | 3); /* 8 logical per physical */
    put_word(raw, 169, 1);              /* TRIM */
    put_word(raw, 217, 1);              /* solid state */
    put_word(raw, 255, 0xA5 | 0x5A << 8);
    memcpy(&id, raw, sizeof(id));

    CHECK(id.Capabilities.DmaSupported == 1 && id.Capabilities.LbaSupported == 1);
    CHECK(id.Capabilities.IordySupported == 0);
    CHECK(id.UserAddressableSectors == 0x12345678);
    CHECK(id.QueueDepth == 31);
    CHECK(id.SerialAtaCapabilities.NCQ == 1 && id.SerialAtaCapabilities.SataGen3 == 1);
    CHECK(id.SerialAtaCapabilities.SataGen2 == 0);
    CHECK(id.CommandSetSupport.BigLba == 1 && id.CommandSetSupport.FlushCacheExt == 1);
    CHECK(id.CommandSetSupport.WordValid83 == 1 && id.CommandSetSupport.SmartCommands == 0);
    CHECK(id.Max48BitLBA[0] == 0x100000 && id.Max48BitLBA[1] == 0);
    CHECK(id.PhysicalLogicalSectorSize.LogicalSectorsPerPhysicalSector == 3);
    CHECK(id.PhysicalLogicalSectorSize.MultipleLogicalSectorsPerPhysicalSector == 1);
    CHECK(id.DataSetManagementFeature.SupportsTrim == 1);
    CHECK(id.NominalMediaRotationRate == 1);
    CHECK(id.Signature == 0xA5 && id.CheckSum == 0x5A);
}

/* Device statistics: value in the low bytes, flags in the top byte. */
static void test_gp_log_bits(void)
{
    UCHAR raw[512];
    GP_LOG_TEMPERATURE_STATISTICS t;
    GP_LOG_NCQ_COMMAND_ERROR ncq;

    memset(raw, 0, sizeof(raw));
    raw[8] = 41;                        /* current temperature */
    raw[15] = 0x80 | 0x40;              /* supported, valid */
    raw[8 + 8 * 10] = 70;               /* specified maximum */
    raw[15 + 8 * 10] = 0x80;
    memcpy(&t, raw, sizeof(t));
    CHECK(t.CurrentTemperature.Value == 41);
    CHECK(t.CurrentTemperature.Supported == 1 && t.CurrentTemperature.ValidValue == 1);
    CHECK(t.CurrentTemperature.Normalized == 0);
    CHECK(t.SpecifiedMaximumOperatingTemperature.Value == 70);
    CHECK(t.SpecifiedMaximumOperatingTemperature.ValidValue == 0);

    memset(raw, 0, sizeof(raw));
    raw[0] = 0x80 | 7;                  /* non-queued bit, tag 7 */
    raw[2] = IDE_STATUS_ERROR;
    raw[14] = 0x03;                     /* sense key */
    memcpy(&ncq, raw, sizeof(ncq));
    CHECK(ncq.NonQueuedCmd == 1 && ncq.NcqTag == 7 && ncq.UNL == 0);
    CHECK(ncq.Status == IDE_STATUS_ERROR && ncq.SenseKey == 3);
}

/* Build a _DSM-style argument list and walk it with the ACPI macros. */
static void test_acpi_arguments(void)
{
    ULONG store[32];
    PACPI_EVAL_OUTPUT_BUFFER out = (PACPI_EVAL_OUTPUT_BUFFER)store;
    PACPI_METHOD_ARGUMENT arg;
    static const UCHAR blob[6] = { 1, 2, 3, 4, 5, 6 };
    int count = 0;

    memset(store, 0, sizeof(store));
    CHECK(ACPI_METHOD_ARGUMENT_LENGTH(2) == 8);
    CHECK(ACPI_METHOD_ARGUMENT_LENGTH(sizeof(GUID)) == 20);
    out->Signature = ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE;
    out->Count = 2;
    arg = out->Argument;
    ACPI_METHOD_SET_ARGUMENT_INTEGER(arg, 0x1234);
    arg = ACPI_METHOD_NEXT_ARGUMENT(arg);
    ACPI_METHOD_SET_ARGUMENT_BUFFER(arg, blob, sizeof(blob));
    arg = ACPI_METHOD_NEXT_ARGUMENT(arg);
    out->Length = (ULONG)((PUCHAR)arg - (PUCHAR)out);
    CHECK(out->Length == 12 + 8 + 10);

    ACPI_METHOD_ITERATE_ARGUMENTS(ACPI_EVAL_OUTPUT_BUFFER_ARGUMENTS_BEGIN(out),
                                  ACPI_EVAL_OUTPUT_BUFFER_ARGUMENTS_END(out)) {
        const UCHAR *data = (const UCHAR *)MethodArgument + FIELD_OFFSET(ACPI_METHOD_ARGUMENT, Data);

        if (count == 0)
            CHECK(MethodArgument->Type == ACPI_METHOD_ARGUMENT_INTEGER &&
                  MethodArgument->Argument == 0x1234);
        else
            CHECK(MethodArgument->Type == ACPI_METHOD_ARGUMENT_BUFFER &&
                  MethodArgument->DataLength == 6 && data[5] == 6);
        count++;
    }
    CHECK(count == 2);
}

/* The SMART IOCTL buffers are byte-packed; the buffer tail starts where tools expect. */
static void test_smart_packing(void)
{
    UCHAR raw[sizeof(SENDCMDOUTPARAMS) - 1 + IDENTIFY_BUFFER_SIZE];
    PSENDCMDOUTPARAMS out = (PSENDCMDOUTPARAMS)raw;

    memset(raw, 0, sizeof(raw));
    out->cBufferSize = IDENTIFY_BUFFER_SIZE;
    out->DriverStatus.bDriverError = SMART_IDE_ERROR;
    out->bBuffer[IDENTIFY_BUFFER_SIZE - 1] = 0x77;
    CHECK(raw[4] == SMART_IDE_ERROR);
    CHECK(raw[16 + IDENTIFY_BUFFER_SIZE - 1] == 0x77);
    CHECK(FIELD_OFFSET(SENDCMDINPARAMS, irDriveRegs) == 4);
    CHECK(FIELD_OFFSET(SENDCMDINPARAMS, bDriveNumber) == 12);
    CHECK(sizeof(SRB_IO_CONTROL) + sizeof(SENDCMDOUTPARAMS) - 1 + IDENTIFY_BUFFER_SIZE == 556);
}

/* What vioscsi and nvme compute from these headers. */
static void test_wmi_sizes(void)
{
    SCSIWMI_REQUEST_CONTEXT ctx;

    CHECK(SM_GetPortType_IN_SIZE == 4 && SM_GetPortType_OUT_SIZE == 8);
    CHECK(SM_GetAdapterPortAttributes_OUT_SIZE == 8 + sizeof(MS_SMHBA_PORTATTRIBUTES));
    CHECK(SM_GetPortAttributesByWWN_IN_SIZE == 20);
    CHECK(SM_GetPhyStatistics_IN_SIZE == 12);
    CHECK(FIELD_OFFSET(SM_GetPhyStatistics_OUT, PhyCounter) + sizeof(LONGLONG) == 24);
    CHECK(SM_PORT_SPECIFIC_ATTRIBUTES_MAXSIZE == sizeof(MS_SMHBA_FC_Port));
    memset(&ctx, 0, sizeof(ctx));
    ctx.ReturnStatus = 0x01;
    ctx.ReturnSize = 40;
    CHECK(ScsiPortWmiGetReturnStatus(&ctx) == 0x01 && ScsiPortWmiGetReturnSize(&ctx) == 40);
    ctx.MinorFunction = WMI_GET_ALL_DATA;
    CHECK(ScsiPortWmiIsQueryAllData(&ctx));
}

/* Hybrid information bit-fields, read back from a raw ULONG. */
static void test_hybrid_bits(void)
{
    HYBRID_INFORMATION hi;
    ULONG attrs = 0x5;                  /* WriteCacheChangeable | FlushCacheSupported */
    ULONG cmds = 1u << 4 | 1u << 1;     /* Evict | SetDirtyThreshold */

    memset(&hi, 0, sizeof(hi));
    memcpy(&hi.Attributes, &attrs, sizeof(attrs));
    memcpy(&hi.Priorities.SupportedCommands, &cmds, sizeof(cmds));
    CHECK(hi.Attributes.WriteCacheChangeable == 1 && hi.Attributes.FlushCacheSupported == 1);
    CHECK(hi.Attributes.WriteThroughIoSupported == 0);
    CHECK(hi.Priorities.SupportedCommands.Evict == 1);
    CHECK(hi.Priorities.SupportedCommands.SetDirtyThreshold == 1);
    CHECK(hi.Priorities.SupportedCommands.CacheDisable == 0);
}

int main(void)
{
    test_ioctl_codes();
    test_identify_bits();
    test_gp_log_bits();
    test_acpi_arguments();
    test_smart_packing();
    test_wmi_sizes();
    test_hybrid_bits();
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
