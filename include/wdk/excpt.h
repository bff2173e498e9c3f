/*
 * excpt.h - exception-handling constants: the filter results of __except and
 * EXCEPTION_DISPOSITION.  The try/finally shims themselves (__try, __leave,
 * __finally, try, leave, finally) are in the miniport prelude
 * (ustor_prelude.h), because library code must never see those macros.
 */
#ifndef USTOR_EXCPT_H
#define USTOR_EXCPT_H

typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution = 0,
    ExceptionContinueSearch = 1,
    ExceptionNestedException = 2,
    ExceptionCollidedUnwind = 3
} EXCEPTION_DISPOSITION;

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

#endif /* USTOR_EXCPT_H */
