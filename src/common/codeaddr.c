/* Names for code addresses in reports: "module!symbol+0x1c", "module+0x1234" when
 * the symbol is not exported, or the bare address when no module contains it. */
#include "common/log.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;

    return slash ? slash + 1 : path ? path : "?";
}

const char *ulog_describe_code(const void *addr, char *buf, size_t n)
{
    Dl_info info;
    uintptr_t a = (uintptr_t)addr;

    if (!addr || !dladdr(addr, &info) || !info.dli_fname) {
        snprintf(buf, n, "0x%lx", (unsigned long)a);
    } else if (info.dli_sname && info.dli_saddr) {
        snprintf(buf, n, "%s!%s+0x%lx (0x%lx)", base_name(info.dli_fname), info.dli_sname,
                 (unsigned long)(a - (uintptr_t)info.dli_saddr), (unsigned long)a);
    } else {
        snprintf(buf, n, "%s+0x%lx (0x%lx)", base_name(info.dli_fname),
                 (unsigned long)(a - (uintptr_t)info.dli_fbase), (unsigned long)a);
    }
    return buf;
}
