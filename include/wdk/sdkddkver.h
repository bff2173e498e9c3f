/*
 * sdkddkver.h - Windows version constants (NTDDI_*, _WIN32_WINNT_*) and the
 * default NTDDI_VERSION (see ustor/nt_version.h).
 */
#include "ustor/nt_version.h"
