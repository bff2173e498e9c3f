/*
 * ustor/nt_debug.h - the assertion macros of the WDK (ASSERT, ASSERTMSG,
 * NT_ASSERT, NT_ASSERTMSG, NT_VERIFY...).  They test `#if DBG`: with DBG 0 or
 * undefined the asserted expression is dropped without being compiled, as in
 * a free build; with DBG 1 a failed assertion calls RtlAssert (libustorport).
 * Internal piece shared by wdm.h and miniport.h.
 */
#ifndef USTOR_NT_DEBUG_H
#define USTOR_NT_DEBUG_H

#include "nt_base.h"

/* Reports a failed assertion; Windows then offers to break into a debugger. */
NTSYSAPI VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
                              PSTR MutableMessage);

#if DBG
#define USTOR_ASSERT_FAIL(text, msg) \
    (RtlAssert((PVOID)(text), (PVOID)__FILE__, (ULONG)__LINE__, (PSTR)(msg)), FALSE)
#define ASSERT(exp) ((!(exp)) ? USTOR_ASSERT_FAIL(#exp, NULL) : TRUE)
#define ASSERTMSG(msg, exp) ((!(exp)) ? USTOR_ASSERT_FAIL(#exp, msg) : TRUE)
#define RTL_SOFT_ASSERT(exp) ASSERT(exp)
#define RTL_SOFT_ASSERTMSG(msg, exp) ASSERTMSG(msg, exp)
#define NT_ASSERT(exp) ASSERT(exp)
#define NT_ASSERTMSG(msg, exp) ASSERTMSG(msg, exp)
#define NT_ASSERTMSGW(msg, exp) ASSERT(exp)
#define NT_ASSERT_ASSUME(exp) ASSERT(exp)
#define NT_ASSERTMSG_ASSUME(msg, exp) ASSERTMSG(msg, exp)
#define NT_VERIFY(exp) ASSERT(exp)
#define NT_VERIFYMSG(msg, exp) ASSERTMSG(msg, exp)
#define NT_VERIFYMSGW(msg, exp) ASSERT(exp)
#else
#define ASSERT(exp) ((void)0)
#define ASSERTMSG(msg, exp) ((void)0)
#define RTL_SOFT_ASSERT(exp) ((void)0)
#define RTL_SOFT_ASSERTMSG(msg, exp) ((void)0)
#define NT_ASSERT(exp) ((void)0)
#define NT_ASSERTMSG(msg, exp) ((void)0)
#define NT_ASSERTMSGW(msg, exp) ((void)0)
#define NT_ASSERT_ASSUME(exp) ((void)0)
#define NT_ASSERTMSG_ASSUME(msg, exp) ((void)0)
/* The verified expression still runs in a free build; only the check goes. */
#define NT_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define NT_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)
#define NT_VERIFYMSGW(msg, exp) ((exp) ? TRUE : FALSE)
#endif
#define NT_FRE_ASSERT(exp) \
    ((!(exp)) ? (RtlAssert((PVOID) #exp, (PVOID)__FILE__, (ULONG)__LINE__, NULL), FALSE) : TRUE)

#endif /* USTOR_NT_DEBUG_H */
