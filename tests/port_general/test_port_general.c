/*
 * The general routines: GetDeviceObjects (three stable objects per adapter),
 * GetSystemPortNumber (BTL8 only), IsCurrentOsInstallationUpgrade (FALSE),
 * IsDeviceOperationAllowed (the registry policy, its default, unknown classes and
 * unit addresses), SetAdapterBusType (only in HwFindAdapter, checked, reported to
 * the host, the registry's BusType otherwise).
 */
#include <string.h>

#include "gmp_harness.h"

static const char policy_registry[] =
    "[Parameters]\n"
    "BusType = REG_DWORD 17\n"
    "[DeviceOperations]\n"
    "{2B9443AC-F89B-48E8-B292-2CB6C96EFD5A} = REG_DWORD 0   ; cached settings: denied\n"
    "{12345678-1234-5678-0102-030405060708} = REG_DWORD 1   ; a class of our own\n";

static const char deny_registry[] = "[DeviceOperations]\nDefault = REG_DWORD 0\n";

static uint32_t allowed(int ad, int guid, int addr, uint32_t *flag)
{
    *flag = 0xEEEE;
    return (uint32_t)gmp_do(ad, GMP_OP_OPERATION_ALLOWED, guid, addr, (intptr_t)flag, 0);
}

static void test_operation_policy(int ad, int deny_ad)
{
    uint32_t f;
    CHECK(allowed(ad, 0, 0, &f) == ST_SUCCESS && f == 1, "secure reprovision: allowed by default");
    CHECK(allowed(ad, 1, 0, &f) == ST_SUCCESS && f == 0, "cached settings: denied by the registry");
    CHECK(allowed(ad, 2, 0, &f) == ST_SUCCESS && f == 1, "inline crypto: allowed by default");
    CHECK(allowed(ad, 3, 0, &f) == ST_SUCCESS && f == 1, "a class the registry names");
    CHECK(allowed(ad, 4, 0, &f) == ST_NOT_IMPLEMENTED && f == 0xEEEE, "an unknown class");
    CHECK(allowed(ad, 0, 1, &f) == ST_SUCCESS && f == 1, "for unit 0:0:0");
    CHECK(allowed(ad, 0, 2, &f) == ST_INVALID_PARAMETER, "for a unit that does not exist");
    CHECK(allowed(ad, 0, 3, &f) == ST_INVALID_PARAMETER, "with an address that is not BTL8");
    CHECK(allowed(deny_ad, 0, 0, &f) == ST_SUCCESS && f == 0, "the registry's Default denies");
    CHECK(allowed(deny_ad, 1, 0, &f) == ST_SUCCESS && f == 0, "also cached settings");
}

static void test_identity(int a, int b, const struct gmp_control *g)
{
    void *oa[3] = {0}, *oa2[3] = {0}, *ob[3] = {0};
    CHECK(gmp_do(a, GMP_OP_DEVICE_OBJECTS, (intptr_t)oa, 0, 0, 0) == ST_SUCCESS, "device objects");
    gmp_do(a, GMP_OP_DEVICE_OBJECTS, (intptr_t)oa2, 0, 0, 0);
    gmp_do(b, GMP_OP_DEVICE_OBJECTS, (intptr_t)ob, 0, 0, 0);
    for (int i = 0; i < 3; i++) {
        CHECK(oa[i] && oa[i] == oa2[i], "object %d stable", i);
        for (int j = 0; j < 3; j++)
            CHECK(oa[i] != ob[j] && (i == j || oa[i] != oa[j]), "objects %d/%d distinct", i, j);
    }
    uint16_t pa = 0xFFFF, pb = 0xFFFF;
    CHECK(gmp_do(a, GMP_OP_PORT_NUMBER, 1, (intptr_t)&pa, 0, 0) == ST_SUCCESS, "port number");
    gmp_do(b, GMP_OP_PORT_NUMBER, 1, (intptr_t)&pb, 0, 0);
    CHECK(pa != pb && pa == g->find_port[a] && pb == g->find_port[b], "ports %u %u", pa, pb);
    CHECK(gmp_do(a, GMP_OP_PORT_NUMBER, 2, (intptr_t)&pa, 0, 0) == ST_INVALID_PARAMETER,
          "a non-BTL8 address");
    uint8_t upgraded = 0x5A;
    CHECK(gmp_do(a, GMP_OP_OS_UPGRADE, (intptr_t)&upgraded, 0, 0, 0) == ST_SUCCESS && upgraded == 0,
          "not an upgrade installation");
}

static uint32_t bus_type(struct ustor_adapter *a)
{
    uint32_t t = 0xFFFF;
    CHECK_OK(ustor_adapter_bus_type(a, &t));
    return t;
}

static void test_bus_type(struct ustor_driver *d, struct gmp_control *g, struct ustor_adapter *from_reg,
                          int ad)
{
    CHECK(bus_type(from_reg) == 17, "BusType from the registry (NVMe)");
    CHECK(gmp_do(ad, GMP_OP_SET_BUS_TYPE, 11, 0, 0, 0) == ST_UNSUCCESSFUL,
          "SetAdapterBusType outside HwFindAdapter");
    CHECK(bus_type(from_reg) == 17, "unchanged by the refused call");
    int i;
    g->find_sets_bus_type = 1;
    g->find_bus_type = 11;
    struct ustor_adapter *sata = gmp_adapter(d, NULL, NULL, &i);
    CHECK(g->find_bus_status[i] == ST_SUCCESS && bus_type(sata) == 11, "set in HwFindAdapter");
    g->find_bus_type = 0x80;
    struct ustor_adapter *bad = gmp_adapter(d, NULL, NULL, &i);
    CHECK(g->find_bus_status[i] == ST_INVALID_PARAMETER, "an invalid bus type is refused");
    CHECK(bus_type(bad) == 6, "the default without a registry value (Fibre, as documented)");
    g->find_sets_bus_type = 0;
    CHECK_OK(ustor_adapter_remove(sata));
    CHECK_OK(ustor_adapter_remove(bad));
}

int main(void)
{
    const char *dir = gmp_scratch_dir("general");
    char policy[600], deny[600];
    snprintf(policy, sizeof policy, "%s/policy.reg", dir);
    snprintf(deny, sizeof deny, "%s/deny.reg", dir);
    gmp_write_file(policy, policy_registry);
    gmp_write_file(deny, deny_registry);
    ustor_log_set_levels("off");
    struct gmp_control *g = gmp_ctl();
    struct ustor_host *host = gmp_host();
    struct ustor_driver *d = gmp_load(host);
    int a, b;
    struct ustor_adapter *pa = gmp_adapter(d, policy, NULL, &a);
    struct ustor_adapter *pb = gmp_adapter(d, deny, NULL, &b);
    test_identity(a, b, g);
    test_operation_policy(a, b);
    test_bus_type(d, g, pa, a);
    CHECK_OK(ustor_adapter_remove(pa));
    CHECK_OK(ustor_adapter_remove(pb));
    ustor_host_destroy(host);
    gmp_scratch_remove(dir);
    printf("test_port_general: ok\n");
    return 0;
}
