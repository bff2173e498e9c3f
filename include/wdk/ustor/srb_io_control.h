/*
 * ustor/srb_io_control.h - SRB_IO_CONTROL, the header that opens the buffer of an
 * IOCTL_SCSI_MINIPORT request (SRB_FUNCTION_IO_CONTROL). Both srb.h/storport.h and
 * ntddscsi.h name it, so it sits in this guarded piece that any of them may include.
 */
#ifndef USTOR_SRB_IO_CONTROL_H
#define USTOR_SRB_IO_CONTROL_H

#include "nt_base.h"

typedef struct _SRB_IO_CONTROL {
    ULONG HeaderLength;
    UCHAR Signature[8];
    ULONG Timeout;
    ULONG ControlCode;
    ULONG ReturnCode;
    ULONG Length;
} SRB_IO_CONTROL, *PSRB_IO_CONTROL;
USTOR_LAYOUT_ASSERT(sizeof(SRB_IO_CONTROL) == 0x1C && _Alignof(SRB_IO_CONTROL) == 4);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRB_IO_CONTROL, Timeout) == 0xC);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRB_IO_CONTROL, ReturnCode) == 0x14);
USTOR_LAYOUT_ASSERT(__builtin_offsetof(SRB_IO_CONTROL, Length) == 0x18);

#endif /* USTOR_SRB_IO_CONTROL_H */
