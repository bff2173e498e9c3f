/*
 * sal.h - Microsoft's source annotations, all empty for gcc and clang
 * (see ustor/nt_sal.h).
 */
#include "ustor/nt_sal.h"
