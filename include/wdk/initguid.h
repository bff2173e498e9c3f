/*
 * initguid.h - makes every later DEFINE_GUID in the translation unit a
 * (weak) definition instead of a declaration.
 */
#define INITGUID
#include "guiddef.h"
