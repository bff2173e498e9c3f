/*
 * wdm.h - the kernel interface of WDM drivers as far as storage miniports
 * use it: everything of ntdef.h and ntstatus.h, Interlocked* and barriers,
 * list routines, Rtl memory helpers and page macros, PCI configuration space,
 * assertions, TRACE_LEVEL_*, I/O control codes, the kernel routines
 * miniports call (DbgPrint, KeBugCheckEx, MmGetPhysicalAddress,
 * KeStallExecutionProcessor, KeQuery*ProcessorCountEx, KeGetCurrentIrql),
 * and the power and pool enums.  Leaves out the I/O manager, IRPs, objects
 * and dispatcher (opaque pointer types only).
 */
#ifndef _WDMDDK_
#define _WDMDDK_

#include "ntdef.h"
#include "ntstatus.h"
#include "devioctl.h"
#include "ustor/nt_interlocked.h"
#include "ustor/nt_list.h"
#include "ustor/nt_rtl.h"
#include "ustor/nt_pci.h"
#include "ustor/nt_debug.h"
#include "ustor/nt_tracelevel.h"
#include "ustor/nt_kernel.h"

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    NonPagedPoolExecute = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = 6,
    MaxPoolType = 7,
    NonPagedPoolNx = 512,
    NonPagedPoolNxCacheAligned = 516
} POOL_TYPE;

typedef enum _SYSTEM_POWER_STATE {
    PowerSystemUnspecified = 0,
    PowerSystemWorking = 1,
    PowerSystemSleeping1 = 2,
    PowerSystemSleeping2 = 3,
    PowerSystemSleeping3 = 4,
    PowerSystemHibernate = 5,
    PowerSystemShutdown = 6,
    PowerSystemMaximum = 7
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;

typedef enum _DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0,
    PowerDeviceD0 = 1,
    PowerDeviceD1 = 2,
    PowerDeviceD2 = 3,
    PowerDeviceD3 = 4,
    PowerDeviceMaximum = 5
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

typedef enum _POWER_ACTION {
    PowerActionNone = 0,
    PowerActionReserved = 1,
    PowerActionSleep = 2,
    PowerActionHibernate = 3,
    PowerActionShutdown = 4,
    PowerActionShutdownReset = 5,
    PowerActionShutdownOff = 6,
    PowerActionWarmEject = 7,
    PowerActionDisplayOff = 8
} POWER_ACTION, *PPOWER_ACTION;

#endif /* _WDMDDK_ */
