/*
 * storport.h - the Storport miniport interface: the configuration structures
 * of HwFindAdapter and DriverEntry, the SRBs (from ustor/srb_defs.h and
 * scsi.h), every StorPort* routine (exports, and the inline wrappers over
 * StorPortExtendedFunction and StorPortNotification with their documented
 * codes), the enums, flags and structures they use, and the PoFx and
 * device-operation GUIDs. Include it after ntddk.h or miniport.h, or alone.
 * What it leaves out: DriverEntry (miniports declare it themselves), the
 * ScsiPort routines (srb.h) and STORAGE_BUS_TYPE (ntddstor.h).
 * Pieces: ustor/storport_config.h (shared with srb.h), storport_defs.h
 * (values), storport_types.h (structures), storport_api.h (exports),
 * storport_extfn*.h, storport_etw.h and storport_notify.h (inline wrappers).
 */
#ifndef _NTSTORPORT_
#define _NTSTORPORT_

#include "ustor/nt_base.h"
#include "ustor/srb_defs.h"
#include "scsi.h"
#include "guiddef.h"
#include "ustor/storport_config.h"
#include "ustor/storport_defs.h"
#include "ustor/storport_types.h"
#include "ustor/storport_api.h"
#include "ustor/storport_extfn.h"
#include "ustor/storport_extfn_more.h"
#include "ustor/storport_etw.h"
#include "ustor/storport_notify.h"
#include "ustor/ioctl_miniport_codes.h" /* the WDK's storport.h gives these IOCTL codes */

/*
 * The GUIDs below are defined once, in the library (a file that includes
 * initguid.h first); these declarations keep them visible to miniports.
 */
STORPORT_API extern const GUID STORPORT_POFX_ADAPTER_GUID;
STORPORT_API extern const GUID STORPORT_POFX_LUN_GUID;
STORPORT_API extern const GUID STORPORT_DEVICEOPERATION_SECURE_REPROVISION_GUID;
STORPORT_API extern const GUID STORPORT_DEVICEOPERATION_CACHED_SETTINGS_INIT_GUID;
STORPORT_API extern const GUID STORPORT_DEVICEOPERATION_USE_INLINE_CRYPTO_ENGINE_GUID;

/* PoFx component ids (STOR_POFX_COMPONENT.Id). */
DEFINE_GUID(STORPORT_POFX_ADAPTER_GUID, 0xdcaf9c10, 0x895f, 0x481f, 0xa4, 0x92, 0xd4, 0xce, 0xd2,
            0xf5, 0x56, 0x33);
DEFINE_GUID(STORPORT_POFX_LUN_GUID, 0x585d326b, 0x0b3a, 0x4088, 0x89, 0x39, 0x88, 0xb0, 0x0f, 0x69,
            0x58, 0xbe);

/*
 * Device-operation classes of StorPortIsDeviceOperationAllowed. Values from
 * public Storport re-implementations (no header text shows them); there
 * SECURE_REPROVISION equals the PoFx adapter id.
 */
DEFINE_GUID(STORPORT_DEVICEOPERATION_SECURE_REPROVISION_GUID, 0xdcaf9c10, 0x895f, 0x481f, 0xa4,
            0x92, 0xd4, 0xce, 0xd2, 0xf5, 0x56, 0x33);
DEFINE_GUID(STORPORT_DEVICEOPERATION_CACHED_SETTINGS_INIT_GUID, 0x2b9443ac, 0xf89b, 0x48e8, 0xb2,
            0x92, 0x2c, 0xb6, 0xc9, 0x6e, 0xfd, 0x5a);
DEFINE_GUID(STORPORT_DEVICEOPERATION_USE_INLINE_CRYPTO_ENGINE_GUID, 0xd52ce820, 0x2b37, 0x444b,
            0xa6, 0x33, 0x00, 0x92, 0xe5, 0x91, 0xd0, 0x7b);

#endif /* _NTSTORPORT_ */
