/* test_guid_weak.h - the units of test_guid_weak that each define the GUIDs. */
#ifndef TEST_GUID_WEAK_H
#define TEST_GUID_WEAK_H

#include <guiddef.h>

const GUID *guid_from_unit_a(void);
const GUID *guid_from_unit_b(void);
const GUID *guid_other_from_unit_a(void);

#endif
