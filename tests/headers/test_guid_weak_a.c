/* A unit of test_guid_weak that defines the shared GUID itself (INITGUID). */
#include <initguid.h>

#include "test_guid_weak.h"

DEFINE_GUID(HC_SHARED_GUID, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
            0xcd, 0xef);
DEFINE_GUID(HC_OTHER_GUID, 0xCAFE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

const GUID *guid_from_unit_a(void)
{
    return &HC_SHARED_GUID;
}

const GUID *guid_other_from_unit_a(void)
{
    return &HC_OTHER_GUID;
}
