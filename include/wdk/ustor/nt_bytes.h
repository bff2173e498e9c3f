/*
 * ustor/nt_bytes.h - the big-endian field helpers of the WDK's scsi.h:
 * REVERSE_BYTES_QUAD/REVERSE_BYTES/REVERSE_BYTES_SHORT copy 8/4/2 bytes from
 * Source to Destination in reverse order (both are pointers, any alignment,
 * and must not overlap); REVERSE_SHORT/REVERSE_LONG swap in place.
 * Internal piece for scsi.h, which the WDK makes the home of these names.
 */
#ifndef USTOR_NT_BYTES_H
#define USTOR_NT_BYTES_H

#include "nt_base.h"

USTOR_INLINE VOID ustor_reverse_copy(PVOID Destination, const VOID *Source, ULONG Count)
{
    PUCHAR d = (PUCHAR)Destination;
    const UCHAR *s = (const UCHAR *)Source;
    ULONG i;

    for (i = 0; i < Count; i++)
        d[i] = s[Count - 1 - i];
}

USTOR_INLINE VOID ustor_reverse_in_place(PVOID Data, ULONG Count)
{
    PUCHAR p = (PUCHAR)Data;
    ULONG i;

    for (i = 0; i < Count / 2; i++) {
        UCHAR t = p[i];
        p[i] = p[Count - 1 - i];
        p[Count - 1 - i] = t;
    }
}

#define REVERSE_BYTES_QUAD(Destination, Source) ustor_reverse_copy((Destination), (Source), 8)
#define REVERSE_BYTES(Destination, Source) ustor_reverse_copy((Destination), (Source), 4)
#define REVERSE_BYTES_SHORT(Destination, Source) ustor_reverse_copy((Destination), (Source), 2)
#define REVERSE_SHORT(Short) ustor_reverse_in_place((Short), 2)
#define REVERSE_LONG(Long) ustor_reverse_in_place((Long), 4)

#endif /* USTOR_NT_BYTES_H */
