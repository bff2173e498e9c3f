/* The one definition of each GUID the WDK headers declare for miniports. */
#include <ntddk.h>
#include <initguid.h>
#include <storport.h>
