/* Shared by the generated wrapper calls and the recorder in wrapper_codes.c. */
#ifndef USTOR_TEST_WRAPPER_CODES_H
#define USTOR_TEST_WRAPPER_CODES_H

#include <storport.h>

/* How an argument travels through the variadic dispatcher. */
enum ustor_arg_kind { ARG_I32, ARG_U64, ARG_PTR, ARG_PHYS, ARG_ATTR };

/* Which result pointer a notification wrapper passes last. */
enum ustor_result_kind { RESULT_NONE, RESULT_LONG, RESULT_ULONG };

struct ustor_arg {
    enum ustor_arg_kind kind;
    unsigned long long value;
};

/* What the dispatchers return, so a test sees a wrapper pass it through. */
#define USTOR_TEST_EXT_RETURN 0x5A5A0001u
#define USTOR_TEST_STATUS 0x5A5A0002u

/* The next dispatcher call must be this one. */
void ustor_expect(const char *name, int notify, unsigned code, PVOID extension,
                  const struct ustor_arg *want, unsigned count, enum ustor_result_kind result);
/* The wrapper returned; returned_ok says whether its return value was right. */
void ustor_done(int returned_ok);

PHYSICAL_ADDRESS ustor_test_phys(unsigned long long value);
STOR_UNIT_ATTRIBUTES ustor_test_attributes(void);

typedef void (*ustor_wrapper_call)(void);
extern const ustor_wrapper_call ustor_wrapper_calls[];
extern const unsigned ustor_wrapper_call_count;

#endif
