/* memmp_ext.h - what the two sources of the memory test miniport share: its device
 * extension and the physical-address probe. WDK code. */
#ifndef MEMMP_EXT_H
#define MEMMP_EXT_H

#include <ntddk.h>
#include <storport.h>

#include "memmp_control.h"

struct memmp_ext {
    SCSI_REQUEST_BLOCK own_srb;     /* a local SRB of the miniport, as StorAHCI keeps */
    PVOID uncached;
    PVOID last_srb;                 /* the last READ/WRITE, kept after completion */
    UCHAR scratch[256];
};

/* StorPortGetPhysicalAddress of VA (with SRB, which may be NULL). */
struct memmp_pa memmp_phys(PVOID ext, PVOID srb, PVOID va);

#endif
