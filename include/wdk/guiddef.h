/*
 * guiddef.h - GUID helpers: the GUID aliases (IID, CLSID, REFGUID...),
 * IsEqualGUID, and DEFINE_GUID.  DEFINE_GUID declares the GUID (extern)
 * unless INITGUID is defined where it is used; then it defines it, weakly, so
 * that every translation unit that includes initguid.h may define the same
 * GUID and the link still succeeds (MSVC's selectany).  As in the WDK the
 * DEFINE_GUID part is re-evaluated on every inclusion.
 */
#ifndef USTOR_GUIDDEF_H
#define USTOR_GUIDDEF_H

#include <string.h>
#include "ustor/nt_base.h"

typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
typedef GUID IID, *LPIID;
typedef GUID CLSID, *LPCLSID;
typedef GUID FMTID, *LPFMTID;
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
typedef const FMTID *REFFMTID;

#define InlineIsEqualGUID(rguid1, rguid2) (!memcmp((rguid1), (rguid2), sizeof(GUID)))
#define IsEqualGUID(rguid1, rguid2) (!memcmp((rguid1), (rguid2), sizeof(GUID)))
#define IsEqualIID(riid1, riid2) IsEqualGUID(riid1, riid2)
#define IsEqualCLSID(rclsid1, rclsid2) IsEqualGUID(rclsid1, rclsid2)
#define IsEqualFMTID(rfmtid1, rfmtid2) IsEqualGUID(rfmtid1, rfmtid2)

#endif /* USTOR_GUIDDEF_H */

/* Outside the guard: initguid.h re-includes this file to switch modes. */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID __attribute__((weak)) name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#endif
#undef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) \
    DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
