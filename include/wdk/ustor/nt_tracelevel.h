/*
 * ustor/nt_tracelevel.h - the ETW/WPP trace levels (TRACE_LEVEL_*), which the
 * WDK gives both in evntrace.h and in wdm.h.  Internal piece of both.
 */
#ifndef USTOR_NT_TRACELEVEL_H
#define USTOR_NT_TRACELEVEL_H

#define TRACE_LEVEL_NONE 0
#define TRACE_LEVEL_CRITICAL 1
#define TRACE_LEVEL_FATAL 1
#define TRACE_LEVEL_ERROR 2
#define TRACE_LEVEL_WARNING 3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE 5
#define TRACE_LEVEL_RESERVED6 6
#define TRACE_LEVEL_RESERVED7 7
#define TRACE_LEVEL_RESERVED8 8
#define TRACE_LEVEL_RESERVED9 9

#endif /* USTOR_NT_TRACELEVEL_H */
