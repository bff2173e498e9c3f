/*
 * specstrings.h - the older annotation header: the SAL 1 names (__in,
 * __out...) and the driver annotations, all empty (see ustor/nt_sal.h).
 */
#include "ustor/nt_sal.h"
