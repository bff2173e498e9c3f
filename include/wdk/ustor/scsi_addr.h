/*
 * ustor/scsi_addr.h - STOR_ADDRESS, the generic unit address an extended SRB carries at
 * its AddressOffset, and its two concrete forms: STOR_ADDR_BTL8 (bus/target/LUN, the
 * only scheme Storport hands to miniports) and STOR_ADDR_NVME (controller + namespace).
 * x64 layouts of storport-facts.md 5. Internal piece of scsi.h.
 */
#ifndef USTOR_SCSI_ADDR_H
#define USTOR_SCSI_ADDR_H

#include "nt_base.h"

/* Same spelling as in ustor/srb_defs.h (immune to a "#define __attribute__(x)"). */
#ifndef STOR_ADDRESS_ALIGN
#define STOR_ADDRESS_ALIGN __attribute((aligned(8)))
#endif

typedef struct STOR_ADDRESS_ALIGN _STOR_ADDRESS {
    USHORT Type;
    USHORT Port;
    ULONG AddressLength;
    UCHAR AddressData[ANYSIZE_ARRAY];
} STOR_ADDRESS, *PSTOR_ADDRESS;
USTOR_LAYOUT_ASSERT(sizeof(STOR_ADDRESS) == 0x10 && _Alignof(STOR_ADDRESS) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STOR_ADDRESS, AddressLength) == 4);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STOR_ADDRESS, AddressData) == 8);

/* STOR_ADDRESS.Type (not the STORAGE_ADDRESS_TYPE_* numbering of ntddstor.h). */
#define STOR_ADDRESS_TYPE_UNKNOWN       0x0
#define STOR_ADDRESS_TYPE_BTL8          0x1
#define STOR_ADDRESS_TYPE_NVME          0x2
#define STOR_ADDRESS_TYPE_MAX           0xFFFF

#define STOR_ADDR_BTL8_ADDRESS_LENGTH   4

typedef struct STOR_ADDRESS_ALIGN _STOR_ADDR_BTL8 {
    USHORT Type;
    USHORT Port;
    ULONG AddressLength;
    UCHAR Path;
    UCHAR Target;
    UCHAR Lun;
    UCHAR Reserved;
} STOR_ADDR_BTL8, *PSTOR_ADDR_BTL8;
USTOR_LAYOUT_ASSERT(sizeof(STOR_ADDR_BTL8) == 0x10 && _Alignof(STOR_ADDR_BTL8) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STOR_ADDR_BTL8, Path) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STOR_ADDR_BTL8, Lun) == 10);

#define STOR_ADDR_NVME_ADDRESS_LENGTH   16

typedef struct STOR_ADDRESS_ALIGN _STOR_ADDR_NVME {
    USHORT Type;
    USHORT Port;
    ULONG AddressLength;
    PVOID Controller;
    ULONG NamespaceId;
    ULONG Reserved;
} STOR_ADDR_NVME, *PSTOR_ADDR_NVME;
USTOR_LAYOUT_ASSERT(sizeof(STOR_ADDR_NVME) == 0x18);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STOR_ADDR_NVME, Controller) == 8);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(STOR_ADDR_NVME, NamespaceId) == 0x10);

#endif /* USTOR_SCSI_ADDR_H */
