/*
 * miniport.h - the base types of miniport drivers that do not include
 * ntddk.h (StorAHCI): everything of ntdef.h (types, NTSTATUS, GUID,
 * min/max, ALIGN_*), the common STATUS_* codes, Interlocked* and barriers,
 * Rtl memory helpers and page macros, PCI configuration space, assertions
 * and I/O control codes.  Leaves out what only wdm.h gives: list routines,
 * kernel routines (DbgPrint, Ke*, Mm*), TRACE_LEVEL_* and the full
 * ntstatus.h.
 */
#ifndef _MINIPORT_
#define _MINIPORT_

#include "ntdef.h"
#include "devioctl.h"
#include "ustor/nt_interlocked.h"
#include "ustor/nt_rtl.h"
#include "ustor/nt_pci.h"
#include "ustor/nt_debug.h"

#endif /* _MINIPORT_ */
