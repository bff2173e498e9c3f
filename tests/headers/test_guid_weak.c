/* DEFINE_GUID: after initguid.h it defines the GUID weakly, so several
 * translation units may define the same one (nvme includes initguid.h in
 * each); without INITGUID it only declares it.  All three units here see one
 * object with the right value. */
#include <guiddef.h>

#include "check.h"
#include "test_guid_weak.h"

DEFINE_GUID(HC_SHARED_GUID, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
            0xcd, 0xef);

int main(void)
{
    static const GUID expected = { 0x12345678, 0x9abc, 0xdef0,
                                   { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } };

    CHECK(guid_from_unit_a() == &HC_SHARED_GUID && guid_from_unit_b() == &HC_SHARED_GUID);
    CHECK(IsEqualGUID(&HC_SHARED_GUID, &expected));
    CHECK(!IsEqualGUID(guid_other_from_unit_a(), &expected));
    CHECK(guid_other_from_unit_a()->Data1 == 0xCAFE);
    if (failures == 0)
        printf("DEFINE_GUID: one weak definition shared by all units\n");
    return failures ? 1 : 0;
}
