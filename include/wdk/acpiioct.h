/*
 * acpiioct.h - the ACPI driver's device-control interface: IOCTL_ACPI_* codes
 * and the buffers of method evaluation (ACPI_EVAL_INPUT_BUFFER in its
 * simple/integer/string/complex and _EX forms, ACPI_METHOD_ARGUMENT,
 * ACPI_EVAL_OUTPUT_BUFFER, V1 and V2 layouts), the argument-walking macros,
 * global-lock and child-enumeration buffers, device information and _DSD
 * queries.  Miniports reach ACPI through StorPortInvokeAcpiMethod with these
 * buffers.
 * Signatures are written as their numeric values (the four characters in
 * MSVC multi-character order) so library code compiles under -Wmultichar.
 */
#ifndef _ACPIIOCT_H_
#define _ACPIIOCT_H_

#include "ustor/nt_base.h"
#include "devioctl.h"

#ifndef FILE_DEVICE_ACPI
#define FILE_DEVICE_ACPI 0x00000032
#endif

#define IOCTL_ACPI_ASYNC_EVAL_METHOD    CTL_CODE(FILE_DEVICE_ACPI, 0, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_EVAL_METHOD          CTL_CODE(FILE_DEVICE_ACPI, 1, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_ACQUIRE_GLOBAL_LOCK  CTL_CODE(FILE_DEVICE_ACPI, 4, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_RELEASE_GLOBAL_LOCK  CTL_CODE(FILE_DEVICE_ACPI, 5, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_EVAL_METHOD_EX       CTL_CODE(FILE_DEVICE_ACPI, 6, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_ASYNC_EVAL_METHOD_EX CTL_CODE(FILE_DEVICE_ACPI, 7, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_ACPI_ENUM_CHILDREN        CTL_CODE(FILE_DEVICE_ACPI, 8, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

/* Buffer signatures: 'BieA' etc. */
#define ACPI_EVAL_INPUT_BUFFER_SIGNATURE                  0x42696541 /* 'BieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE   0x49696541 /* 'IieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE    0x53696541 /* 'SieA' */
#define ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE          0x43696541 /* 'CieA' */
#define ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE                 0x426f6541 /* 'BoeA' */
#define ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX               0x41696541 /* 'AieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE_EX 0x44696541 /* 'DieA' */
#define ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE_EX 0x45696541 /* 'EieA' */
#define ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE_EX       0x46696541 /* 'FieA' */
#define ACPI_ENUM_CHILDREN_OUTPUT_BUFFER_SIGNATURE        0x47696541 /* 'GieA' */
#define ACPI_ENUM_CHILDREN_INPUT_BUFFER_SIGNATURE         0x48696541 /* 'HieA' */
#define ACPI_ACQUIRE_GLOBAL_LOCK_SIGNATURE                0x4c676141 /* 'LgaA' */
#define ACPI_RELEASE_GLOBAL_LOCK_SIGNATURE                0x4c677241 /* 'LgrA' */

/* ACPI_METHOD_ARGUMENT.Type */
#define ACPI_METHOD_ARGUMENT_INTEGER    0x0
#define ACPI_METHOD_ARGUMENT_STRING     0x1
#define ACPI_METHOD_ARGUMENT_BUFFER     0x2
#define ACPI_METHOD_ARGUMENT_PACKAGE    0x3
#define ACPI_METHOD_ARGUMENT_PACKAGE_EX 0x4

/* ---- V1 layouts (what the unversioned names mean) ---- */

typedef struct _ACPI_EVAL_INPUT_BUFFER_V1 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
} ACPI_EVAL_INPUT_BUFFER_V1, *PACPI_EVAL_INPUT_BUFFER_V1;
USTOR_LAYOUT_ASSERT(sizeof(ACPI_EVAL_INPUT_BUFFER_V1) == 8);

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG IntegerArgument;
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1;
USTOR_LAYOUT_ASSERT(sizeof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1) == 12);

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG StringLength;
    UCHAR String[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1;

/* One argument; Data holds DataLength bytes, an integer uses Argument. */
typedef struct _ACPI_METHOD_ARGUMENT_V1 {
    USHORT Type;
    USHORT DataLength;
    union {
        ULONG Argument;
        UCHAR Data[ANYSIZE_ARRAY];
    };
} ACPI_METHOD_ARGUMENT_V1;
typedef ACPI_METHOD_ARGUMENT_V1 UNALIGNED *PACPI_METHOD_ARGUMENT_V1;
USTOR_LAYOUT_ASSERT(sizeof(ACPI_METHOD_ARGUMENT_V1) == 8);
USTOR_LAYOUT_ASSERT(offsetof(ACPI_METHOD_ARGUMENT_V1, Data) == 4);

typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG Size;                     /* bytes of all arguments */
    ULONG ArgumentCount;
    ACPI_METHOD_ARGUMENT_V1 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1, *PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1;
USTOR_LAYOUT_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1, Argument) == 16);

typedef struct _ACPI_EVAL_OUTPUT_BUFFER_V1 {
    ULONG Signature;
    ULONG Length;                   /* bytes of the whole buffer */
    ULONG Count;                    /* number of arguments */
    ACPI_METHOD_ARGUMENT_V1 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_OUTPUT_BUFFER_V1;
typedef ACPI_EVAL_OUTPUT_BUFFER_V1 UNALIGNED *PACPI_EVAL_OUTPUT_BUFFER_V1;
USTOR_LAYOUT_ASSERT(offsetof(ACPI_EVAL_OUTPUT_BUFFER_V1, Argument) == 12);

typedef struct _ACPI_EVAL_INPUT_BUFFER_V1_EX {
    ULONG Signature;
    CHAR MethodName[256];           /* full path, NUL terminated */
} ACPI_EVAL_INPUT_BUFFER_V1_EX, *PACPI_EVAL_INPUT_BUFFER_V1_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX {
    ULONG Signature;
    CHAR MethodName[256];
    ULONG64 IntegerArgument;
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX;
USTOR_LAYOUT_ASSERT(offsetof(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX, IntegerArgument) == 264);

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX {
    ULONG Signature;
    CHAR MethodName[256];
    ULONG StringLength;
    UCHAR String[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX {
    ULONG Signature;
    CHAR MethodName[256];
    ULONG Size;
    ULONG ArgumentCount;
    ACPI_METHOD_ARGUMENT_V1 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX, *PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX;

typedef struct _ACPI_METHOD_ARGUMENT_V1 ACPI_METHOD_ARGUMENT;
typedef ACPI_METHOD_ARGUMENT_V1 UNALIGNED *PACPI_METHOD_ARGUMENT;
typedef struct _ACPI_EVAL_INPUT_BUFFER_V1 ACPI_EVAL_INPUT_BUFFER, *PACPI_EVAL_INPUT_BUFFER;
typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1
    ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER;
typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1
    ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING;
typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1
    ACPI_EVAL_INPUT_BUFFER_COMPLEX, *PACPI_EVAL_INPUT_BUFFER_COMPLEX;
typedef struct _ACPI_EVAL_INPUT_BUFFER_V1_EX ACPI_EVAL_INPUT_BUFFER_EX, *PACPI_EVAL_INPUT_BUFFER_EX;
typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V1_EX
    ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX;
typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V1_EX
    ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_EX;
typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1_EX
    ACPI_EVAL_INPUT_BUFFER_COMPLEX_EX, *PACPI_EVAL_INPUT_BUFFER_COMPLEX_EX;
typedef struct _ACPI_EVAL_OUTPUT_BUFFER_V1 ACPI_EVAL_OUTPUT_BUFFER;
typedef struct _ACPI_EVAL_OUTPUT_BUFFER_V1 UNALIGNED *PACPI_EVAL_OUTPUT_BUFFER;

/* Bytes one argument occupies: header plus its data, never less than a ULONG. */
#define ACPI_METHOD_ARGUMENT_LENGTH(DataLength) \
    (FIELD_OFFSET(ACPI_METHOD_ARGUMENT, Data) + \
     ((sizeof(ULONG) > (ULONG)(DataLength)) ? sizeof(ULONG) : (ULONG)(DataLength)))
#define ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(Argument) \
    (ACPI_METHOD_ARGUMENT_LENGTH(((PACPI_METHOD_ARGUMENT)(Argument))->DataLength))
#define ACPI_METHOD_NEXT_ARGUMENT(Argument) \
    ((PACPI_METHOD_ARGUMENT)((PUCHAR)(Argument) + ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(Argument)))

#define ACPI_METHOD_SET_ARGUMENT_INTEGER(MethodArgument, IntData) \
    { (MethodArgument)->Type = ACPI_METHOD_ARGUMENT_INTEGER;        \
      (MethodArgument)->DataLength = sizeof(ULONG);                 \
      (MethodArgument)->Argument = (IntData); }
#define ACPI_METHOD_SET_ARGUMENT_STRING(Argument, StrData)                       \
    { (Argument)->Type = ACPI_METHOD_ARGUMENT_STRING;                            \
      (Argument)->DataLength = (USHORT)(strlen((const char *)(StrData)) + sizeof(UCHAR)); \
      memcpy(&(Argument)->Data[0], (StrData), (Argument)->DataLength); }
#define ACPI_METHOD_SET_ARGUMENT_BUFFER(Argument, BuffData, BuffLength) \
    { (Argument)->Type = ACPI_METHOD_ARGUMENT_BUFFER;                   \
      (Argument)->DataLength = (BuffLength);                            \
      memcpy(&(Argument)->Data[0], (BuffData), (BuffLength)); }

#define ACPI_EVAL_OUTPUT_BUFFER_ARGUMENT_LENGTH(EvalOutputBuffer) \
    ((EvalOutputBuffer)->Length - FIELD_OFFSET(ACPI_EVAL_OUTPUT_BUFFER, Argument))
#define ACPI_EVAL_OUTPUT_BUFFER_ARGUMENTS_BEGIN(EvalOutputBuffer) \
    ((PACPI_METHOD_ARGUMENT)(EvalOutputBuffer)->Argument)
#define ACPI_EVAL_OUTPUT_BUFFER_ARGUMENTS_END(EvalOutputBuffer) \
    ((PACPI_METHOD_ARGUMENT)((PUCHAR)(EvalOutputBuffer)->Argument + \
                             ACPI_EVAL_OUTPUT_BUFFER_ARGUMENT_LENGTH(EvalOutputBuffer)))
#define ACPI_METHOD_ITERATE_ARGUMENTS(MethodArgumentsBegin, MethodArgumentsEnd) \
    for (PACPI_METHOD_ARGUMENT MethodArgument = (MethodArgumentsBegin);          \
         MethodArgument < (MethodArgumentsEnd);                                  \
         MethodArgument = ACPI_METHOD_NEXT_ARGUMENT(MethodArgument))

/* ---- V2 layouts: 32-bit argument lengths ---- */

typedef struct _ACPI_EVAL_INPUT_BUFFER_V2 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
} ACPI_EVAL_INPUT_BUFFER_V2, *PACPI_EVAL_INPUT_BUFFER_V2;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V2 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG IntegerArgument;
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V2, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V2;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V2 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG StringLength;
    UCHAR String[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V2, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V2;

typedef struct _ACPI_METHOD_ARGUMENT_V2 {
    USHORT Type;
    ULONG DataLength;
    union {
        ULONG Argument;
        UCHAR Data[ANYSIZE_ARRAY];
    };
} ACPI_METHOD_ARGUMENT_V2;
typedef ACPI_METHOD_ARGUMENT_V2 UNALIGNED *PACPI_METHOD_ARGUMENT_V2;
USTOR_LAYOUT_ASSERT(sizeof(ACPI_METHOD_ARGUMENT_V2) == 12);
USTOR_LAYOUT_ASSERT(offsetof(ACPI_METHOD_ARGUMENT_V2, Data) == 8);

typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V2 {
    ULONG Signature;
    union {
        UCHAR MethodName[4];
        ULONG MethodNameAsUlong;
    };
    ULONG Size;
    ULONG ArgumentCount;
    ACPI_METHOD_ARGUMENT_V2 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_COMPLEX_V2, *PACPI_EVAL_INPUT_BUFFER_COMPLEX_V2;

typedef struct _ACPI_EVAL_OUTPUT_BUFFER_V2 {
    ULONG Signature;
    ULONG Length;
    ULONG Count;
    ACPI_METHOD_ARGUMENT_V2 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_OUTPUT_BUFFER_V2;
typedef ACPI_EVAL_OUTPUT_BUFFER_V2 UNALIGNED *PACPI_EVAL_OUTPUT_BUFFER_V2;

typedef struct _ACPI_EVAL_INPUT_BUFFER_V2_EX {
    ULONG Signature;
    CHAR MethodName[256];
} ACPI_EVAL_INPUT_BUFFER_V2_EX, *PACPI_EVAL_INPUT_BUFFER_V2_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V2_EX {
    ULONG Signature;
    CHAR MethodName[256];
    ULONG64 IntegerArgument;
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V2_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_V2_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V2_EX {
    ULONG Signature;
    CHAR MethodName[256];
    ULONG StringLength;
    UCHAR String[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V2_EX, *PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_V2_EX;

typedef struct _ACPI_EVAL_INPUT_BUFFER_COMPLEX_V2_EX {
    ULONG Signature;
    CHAR MethodName[256];
    ULONG Size;
    ULONG ArgumentCount;
    ACPI_METHOD_ARGUMENT_V2 Argument[ANYSIZE_ARRAY];
} ACPI_EVAL_INPUT_BUFFER_COMPLEX_V2_EX, *PACPI_EVAL_INPUT_BUFFER_COMPLEX_V2_EX;

#define ACPI_METHOD_ARGUMENT_V2_LENGTH(DataLength) \
    (FIELD_OFFSET(ACPI_METHOD_ARGUMENT_V2, Data) + \
     ((sizeof(ULONG) > (ULONG)(DataLength)) ? sizeof(ULONG) : (ULONG)(DataLength)))
#define ACPI_METHOD_ARGUMENT_V2_LENGTH_FROM_ARGUMENT(Argument) \
    (ACPI_METHOD_ARGUMENT_V2_LENGTH(((PACPI_METHOD_ARGUMENT_V2)(Argument))->DataLength))
#define ACPI_METHOD_NEXT_ARGUMENT_V2(Argument) \
    ((PACPI_METHOD_ARGUMENT_V2)((PUCHAR)(Argument) + ACPI_METHOD_ARGUMENT_V2_LENGTH_FROM_ARGUMENT(Argument)))
#define ACPI_EVAL_OUTPUT_BUFFER_V2_ARGUMENT_LENGTH(EvalOutputBuffer) \
    ((EvalOutputBuffer)->Length - FIELD_OFFSET(ACPI_EVAL_OUTPUT_BUFFER_V2, Argument))

/* ---- global lock, child enumeration, device information, _DSD ---- */

typedef struct _ACPI_MANIPULATE_GLOBAL_LOCK_BUFFER {
    ULONG Signature;
    PVOID LockObject;
} ACPI_MANIPULATE_GLOBAL_LOCK_BUFFER, *PACPI_MANIPULATE_GLOBAL_LOCK_BUFFER;
USTOR_LAYOUT_ASSERT(sizeof(ACPI_MANIPULATE_GLOBAL_LOCK_BUFFER) == 16);

#define ACPI_OBJECT_HAS_CHILDREN     0x1
#define ENUM_CHILDREN_IMMEDIATE_ONLY 0x1
#define ENUM_CHILDREN_MULTILEVEL     0x2
#define ENUM_CHILDREN_NAME_IS_FILTER 0x4

typedef struct _ACPI_ENUM_CHILDREN_INPUT_BUFFER {
    ULONG Signature;
    ULONG Flags;
    ULONG NameLength;
    CHAR Name[ANYSIZE_ARRAY];
} ACPI_ENUM_CHILDREN_INPUT_BUFFER, *PACPI_ENUM_CHILDREN_INPUT_BUFFER;

typedef struct _ACPI_ENUM_CHILD {
    ULONG Flags;
    ULONG NameLength;
    CHAR Name[ANYSIZE_ARRAY];
} ACPI_ENUM_CHILD;
typedef ACPI_ENUM_CHILD UNALIGNED *PACPI_ENUM_CHILD;

typedef struct _ACPI_ENUM_CHILDREN_OUTPUT_BUFFER {
    ULONG Signature;
    ULONG NumberOfChildren;
    ACPI_ENUM_CHILD Children[ANYSIZE_ARRAY];
} ACPI_ENUM_CHILDREN_OUTPUT_BUFFER;
typedef ACPI_ENUM_CHILDREN_OUTPUT_BUFFER UNALIGNED *PACPI_ENUM_CHILDREN_OUTPUT_BUFFER;

#define ACPI_ENUM_CHILD_LENGTH_FROM_CHILD(Child) ((2 * sizeof(ULONG)) + (Child)->NameLength)
#define ACPI_ENUM_CHILD_NEXT(Child) \
    ((PACPI_ENUM_CHILD)((PUCHAR)(Child) + ACPI_ENUM_CHILD_LENGTH_FROM_CHILD(Child)))

typedef struct _ACPI_DEVICE_INFORMATION_OUTPUT_BUFFER {
    ULONG Signature;
    USHORT Size;
    UCHAR Revision;
    UCHAR Reserved0;
    USHORT VendorIdStringOffset;
    USHORT VendorStringLength;
    USHORT DeviceIdStringOffset;
    USHORT SubSystemIdStringOffset;
    USHORT SubSystemStringLength;
    USHORT SubDeviceIdStringOffset;
    USHORT InstanceIdLength;
    USHORT InstanceIdOffset;
    USHORT BaseClassCode;
    USHORT HardwareRevision;
    UCHAR ProgrammingInterface;
    UCHAR Reserved1;
    USHORT SubClassCode;
} ACPI_DEVICE_INFORMATION_OUTPUT_BUFFER, *PACPI_DEVICE_INFORMATION_OUTPUT_BUFFER;
USTOR_LAYOUT_ASSERT(sizeof(ACPI_DEVICE_INFORMATION_OUTPUT_BUFFER) == 32);

typedef struct _ACPI_GET_DEVICE_SPECIFIC_DATA {
    ULONG Signature;
    GUID Section;
    ULONG PropertyNameLength;
    UCHAR PropertyName[ANYSIZE_ARRAY];
} ACPI_GET_DEVICE_SPECIFIC_DATA, *PACPI_GET_DEVICE_SPECIFIC_DATA;
USTOR_LAYOUT_ASSERT(offsetof(ACPI_GET_DEVICE_SPECIFIC_DATA, PropertyName) == 24);

#endif /* _ACPIIOCT_H_ */
