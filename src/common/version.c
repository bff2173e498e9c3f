/* The library's version, for ustor_version() and `ustorport --version`. */
#define USTOR_EXPORT __attribute__((visibility("default")))

USTOR_EXPORT const char *ustor_version(void);

const char *ustor_version(void)
{
    return "0.1.0";
}
