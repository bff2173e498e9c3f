/*
 * ntddk.h - the kernel-mode driver interface: everything of wdm.h (which see).
 * Storport miniports include it before storport.h.  Like the WDK it does not
 * reach ntdddisk.h content (GETVERSIONINPARAMS...) nor PCI_MSIX_CAPABILITY.
 */
#ifndef _NTDDK_
#define _NTDDK_

#include "wdm.h"

#endif /* _NTDDK_ */
