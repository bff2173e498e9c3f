/*
 * ustor/nt_pci.h - PCI configuration space as the WDK describes it: the
 * 64-byte common header (types 0, 1 and 2), the 256-byte PCI_COMMON_CONFIG,
 * capability headers, slot numbers and the PCI_* register, class and
 * capability constants.  Internal piece shared by wdm.h and miniport.h.
 * Left out on purpose: PCI_MSIX_CAPABILITY and PCIX_TABLE_POINTER (miniports
 * define their own, so the WDK does not reach them from these headers).
 */
#ifndef USTOR_NT_PCI_H
#define USTOR_NT_PCI_H

#include "nt_base.h"

#define PCI_TYPE0_ADDRESSES 6
#define PCI_TYPE1_ADDRESSES 2
#define PCI_TYPE2_ADDRESSES 5

struct _PCI_HEADER_TYPE_0 {
    ULONG BaseAddresses[PCI_TYPE0_ADDRESSES];
    ULONG CIS;
    USHORT SubVendorID;
    USHORT SubSystemID;
    ULONG ROMBaseAddress;
    UCHAR CapabilitiesPtr;
    UCHAR Reserved1[3];
    ULONG Reserved2;
    UCHAR InterruptLine;
    UCHAR InterruptPin;
    UCHAR MinimumGrant;
    UCHAR MaximumLatency;
};
USTOR_LAYOUT_ASSERT(sizeof(struct _PCI_HEADER_TYPE_0) == 48);

struct _PCI_HEADER_TYPE_1 {
    ULONG BaseAddresses[PCI_TYPE1_ADDRESSES];
    UCHAR PrimaryBus;
    UCHAR SecondaryBus;
    UCHAR SubordinateBus;
    UCHAR SecondaryLatency;
    UCHAR IOBase;
    UCHAR IOLimit;
    USHORT SecondaryStatus;
    USHORT MemoryBase;
    USHORT MemoryLimit;
    USHORT PrefetchBase;
    USHORT PrefetchLimit;
    ULONG PrefetchBaseUpper32;
    ULONG PrefetchLimitUpper32;
    USHORT IOBaseUpper16;
    USHORT IOLimitUpper16;
    UCHAR CapabilitiesPtr;
    UCHAR Reserved1[3];
    ULONG ROMBaseAddress;
    UCHAR InterruptLine;
    UCHAR InterruptPin;
    USHORT BridgeControl;
};
USTOR_LAYOUT_ASSERT(sizeof(struct _PCI_HEADER_TYPE_1) == 48);

struct _PCI_HEADER_TYPE_2 {
    ULONG SocketRegistersBaseAddress;
    UCHAR CapabilitiesPtr;
    UCHAR Reserved;
    USHORT SecondaryStatus;
    UCHAR PrimaryBus;
    UCHAR SecondaryBus;
    UCHAR SubordinateBus;
    UCHAR SecondaryLatency;
    struct {
        ULONG Base;
        ULONG Limit;
    } Range[PCI_TYPE2_ADDRESSES - 1];
    UCHAR InterruptLine;
    UCHAR InterruptPin;
    USHORT BridgeControl;
};
USTOR_LAYOUT_ASSERT(sizeof(struct _PCI_HEADER_TYPE_2) == 48);

/* The header fields, spelled once: PCI_COMMON_CONFIG embeds them unnamed
 * (the WDK embeds PCI_COMMON_HEADER through an MSVC extension C lacks). */
#define USTOR_PCI_COMMON_HEADER_FIELDS \
    USHORT VendorID;                   \
    USHORT DeviceID;                   \
    USHORT Command;                    \
    USHORT Status;                     \
    UCHAR RevisionID;                  \
    UCHAR ProgIf;                      \
    UCHAR SubClass;                    \
    UCHAR BaseClass;                   \
    UCHAR CacheLineSize;               \
    UCHAR LatencyTimer;                \
    UCHAR HeaderType;                  \
    UCHAR BIST;                        \
    union {                            \
        struct _PCI_HEADER_TYPE_0 type0; \
        struct _PCI_HEADER_TYPE_1 type1; \
        struct _PCI_HEADER_TYPE_2 type2; \
    } u;

typedef struct _PCI_COMMON_HEADER {
    USTOR_PCI_COMMON_HEADER_FIELDS
} PCI_COMMON_HEADER, *PPCI_COMMON_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(PCI_COMMON_HEADER) == 0x40);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, HeaderType) == 0x0E);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.BaseAddresses) == 0x10);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.SubVendorID) == 0x2C);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.CapabilitiesPtr) == 0x34);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.InterruptLine) == 0x3C);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, u.type1.CapabilitiesPtr) == 0x34);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_HEADER, u.type2.CapabilitiesPtr) == 0x14);

typedef struct _PCI_COMMON_CONFIG {
    struct {
        USTOR_PCI_COMMON_HEADER_FIELDS
    };
    UCHAR DeviceSpecific[192];
} PCI_COMMON_CONFIG, *PPCI_COMMON_CONFIG;
USTOR_LAYOUT_ASSERT(sizeof(PCI_COMMON_CONFIG) == 256);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.CapabilitiesPtr) == 0x34);
USTOR_LAYOUT_ASSERT(offsetof(PCI_COMMON_CONFIG, DeviceSpecific) == 0x40);

#define PCI_COMMON_HDR_LENGTH (FIELD_OFFSET(PCI_COMMON_CONFIG, DeviceSpecific))
#define PCI_EXTENDED_CONFIG_LENGTH 0x1000
#define PCI_MAX_DEVICES 32
#define PCI_MAX_FUNCTION 8
#define PCI_MAX_BRIDGE_NUMBER 0xFF
#define PCI_INVALID_VENDORID 0xFFFF

typedef struct _PCI_CAPABILITIES_HEADER {
    UCHAR CapabilityID;
    UCHAR Next;
} PCI_CAPABILITIES_HEADER, *PPCI_CAPABILITIES_HEADER;
USTOR_LAYOUT_ASSERT(sizeof(PCI_CAPABILITIES_HEADER) == 2);

typedef struct _PCI_SLOT_NUMBER {
    union {
        struct USTOR_MS_STRUCT {
            ULONG DeviceNumber : 5;
            ULONG FunctionNumber : 3;
            ULONG Reserved : 24;
        } bits;
        ULONG AsULONG;
    } u;
} PCI_SLOT_NUMBER, *PPCI_SLOT_NUMBER;
USTOR_LAYOUT_ASSERT(sizeof(PCI_SLOT_NUMBER) == 4);

/* HeaderType */
#define PCI_MULTIFUNCTION 0x80
#define PCI_DEVICE_TYPE 0x00
#define PCI_BRIDGE_TYPE 0x01
#define PCI_CARDBUS_BRIDGE_TYPE 0x02
#define PCI_CONFIGURATION_TYPE(PciData) \
    (((PPCI_COMMON_CONFIG)(PciData))->HeaderType & ~PCI_MULTIFUNCTION)
#define PCI_MULTIFUNCTION_DEVICE(PciData) \
    ((((PPCI_COMMON_CONFIG)(PciData))->HeaderType & PCI_MULTIFUNCTION) != 0)

/* Command */
#define PCI_ENABLE_IO_SPACE 0x0001
#define PCI_ENABLE_MEMORY_SPACE 0x0002
#define PCI_ENABLE_BUS_MASTER 0x0004
#define PCI_ENABLE_SPECIAL_CYCLES 0x0008
#define PCI_ENABLE_WRITE_AND_INVALIDATE 0x0010
#define PCI_ENABLE_VGA_COMPATIBLE_PALETTE 0x0020
#define PCI_ENABLE_PARITY 0x0040
#define PCI_ENABLE_WAIT_CYCLE 0x0080
#define PCI_ENABLE_SERR 0x0100
#define PCI_ENABLE_FAST_BACK_TO_BACK 0x0200
#define PCI_DISABLE_LEVEL_INTERRUPT 0x0400

/* Status */
#define PCI_STATUS_INTERRUPT_PENDING 0x0008
#define PCI_STATUS_CAPABILITIES_LIST 0x0010
#define PCI_STATUS_66MHZ_CAPABLE 0x0020
#define PCI_STATUS_UDF_SUPPORTED 0x0040
#define PCI_STATUS_FAST_BACK_TO_BACK 0x0080
#define PCI_STATUS_DATA_PARITY_DETECTED 0x0100
#define PCI_STATUS_DEVSEL 0x0600
#define PCI_STATUS_SIGNALED_TARGET_ABORT 0x0800
#define PCI_STATUS_RECEIVED_TARGET_ABORT 0x1000
#define PCI_STATUS_RECEIVED_MASTER_ABORT 0x2000
#define PCI_STATUS_SIGNALED_SYSTEM_ERROR 0x4000
#define PCI_STATUS_DETECTED_PARITY_ERROR 0x8000

/* Base address registers */
#define PCI_ADDRESS_IO_SPACE 0x00000001
#define PCI_ADDRESS_MEMORY_TYPE_MASK 0x00000006
#define PCI_ADDRESS_MEMORY_PREFETCHABLE 0x00000008
#define PCI_ADDRESS_IO_ADDRESS_MASK 0xfffffffc
#define PCI_ADDRESS_MEMORY_ADDRESS_MASK 0xfffffff0
#define PCI_ADDRESS_ROM_ADDRESS_MASK 0xfffff800
#define PCI_TYPE_32BIT 0
#define PCI_TYPE_20BIT 2
#define PCI_TYPE_64BIT 4
#define PCI_ROMADDRESS_ENABLED 0x00000001

/* Capability IDs */
#define PCI_CAPABILITY_ID_POWER_MANAGEMENT 0x01
#define PCI_CAPABILITY_ID_AGP 0x02
#define PCI_CAPABILITY_ID_VPD 0x03
#define PCI_CAPABILITY_ID_SLOT_ID 0x04
#define PCI_CAPABILITY_ID_MSI 0x05
#define PCI_CAPABILITY_ID_CPCI_HOTSWAP 0x06
#define PCI_CAPABILITY_ID_PCIX 0x07
#define PCI_CAPABILITY_ID_HYPERTRANSPORT 0x08
#define PCI_CAPABILITY_ID_VENDOR_SPECIFIC 0x09
#define PCI_CAPABILITY_ID_DEBUG_PORT 0x0A
#define PCI_CAPABILITY_ID_CPCI_RES_CTRL 0x0B
#define PCI_CAPABILITY_ID_SHPC 0x0C
#define PCI_CAPABILITY_ID_P2P_SSID 0x0D
#define PCI_CAPABILITY_ID_AGP_TARGET 0x0E
#define PCI_CAPABILITY_ID_SECURE 0x0F
#define PCI_CAPABILITY_ID_PCI_EXPRESS 0x10
#define PCI_CAPABILITY_ID_MSIX 0x11
#define PCI_CAPABILITY_ID_SATA_CONFIG 0x12
#define PCI_CAPABILITY_ID_ADVANCED_FEATURES 0x13

/* Base classes, and the mass storage subclasses */
#define PCI_CLASS_PRE_20 0x00
#define PCI_CLASS_MASS_STORAGE_CTLR 0x01
#define PCI_CLASS_NETWORK_CTLR 0x02
#define PCI_CLASS_DISPLAY_CTLR 0x03
#define PCI_CLASS_MULTIMEDIA_DEV 0x04
#define PCI_CLASS_MEMORY_CTLR 0x05
#define PCI_CLASS_BRIDGE_DEV 0x06
#define PCI_CLASS_SIMPLE_COMMS_CTLR 0x07
#define PCI_CLASS_BASE_SYSTEM_DEV 0x08
#define PCI_CLASS_INPUT_DEV 0x09
#define PCI_CLASS_DOCKING_STATION 0x0a
#define PCI_CLASS_PROCESSOR 0x0b
#define PCI_CLASS_SERIAL_BUS_CTLR 0x0c
#define PCI_CLASS_WIRELESS_CTLR 0x0d
#define PCI_CLASS_INTELLIGENT_IO_CTLR 0x0e
#define PCI_CLASS_SATELLITE_COMMS_CTLR 0x0f
#define PCI_CLASS_ENCRYPTION_DECRYPTION 0x10
#define PCI_CLASS_DATA_ACQ_SIGNAL_PROC 0x11
#define PCI_CLASS_NOT_DEFINED 0xff
#define PCI_SUBCLASS_MSC_SCSI_BUS_CTLR 0x00
#define PCI_SUBCLASS_MSC_IDE_CTLR 0x01
#define PCI_SUBCLASS_MSC_FLOPPY_CTLR 0x02
#define PCI_SUBCLASS_MSC_IPI_CTLR 0x03
#define PCI_SUBCLASS_MSC_RAID_CTLR 0x04
#define PCI_SUBCLASS_MSC_AHCI_CTLR 0x06
#define PCI_SUBCLASS_MSC_NVM_CTLR 0x08
#define PCI_SUBCLASS_MSC_OTHER 0x80

/* StorPortGetBusData/SetBusDataByOffset: which space of the device. */
#define PCI_WHICHSPACE_CONFIG 0x0
#define PCI_WHICHSPACE_ROM 0x52696350

#endif /* USTOR_NT_PCI_H */
