/*
 * gmp_control.h - the control block and test entry points of gmp.c, the miniport
 * of the registry, event and general-routine tests (tests/port_general). Shared by
 * the miniport (WDK code, 16-bit WCHAR) and the tests (host code): plain fixed-width
 * fields and narrow strings only, so both sides lay it out alike.
 */
#ifndef GMP_CONTROL_H
#define GMP_CONTROL_H

#include <stdint.h>

#define GMP_MAX_ADAPTERS 4
#define GMP_MAX_REQUESTS 64

struct gmp_control {
    /* ---- configuration: written by the test before adapters are added ---- */
    int32_t find_sets_bus_type;             /* HwFindAdapter calls SetAdapterBusType */
    uint32_t find_bus_type;
    int32_t etw_in_startio;                 /* StartIo logs an ETW event with its SRB */

    /* ---- observations, per adapter in the order HwFindAdapter saw them ---- */
    int32_t nadapters;
    void *ext[GMP_MAX_ADAPTERS];
    char argument[GMP_MAX_ADAPTERS][128];   /* HwFindAdapter's ArgumentString */
    int32_t argument_null[GMP_MAX_ADAPTERS];
    uint32_t find_bus_status[GMP_MAX_ADAPTERS];
    uint32_t find_port_status[GMP_MAX_ADAPTERS];
    uint32_t find_port[GMP_MAX_ADAPTERS];   /* GetSystemPortNumber inside HwFindAdapter */
    int32_t find_reg_ok[GMP_MAX_ADAPTERS];  /* RegistryRead(FindValue, Global=0) there */
    uint32_t find_reg_value[GMP_MAX_ADAPTERS];

    /* ---- observations of StartIo ---- */
    int32_t startio_calls;
    int32_t nactivity;                      /* TEST UNIT READY requests seen */
    uint32_t activity_status[GMP_MAX_REQUESTS][2];
    uint8_t activity[GMP_MAX_REQUESTS][2][16];  /* GetActivityIdSrb, twice per request */
    uint32_t etw_status[GMP_MAX_REQUESTS];
};

/* Registry calls: one structure for every registry operation. */
struct gmp_reg_io {
    const char *sub;        /* adapter key subkey; NULL: none */
    const char *name;       /* value name */
    const char *path;       /* StorPortReadRegistryKey: absolute key path */
    uint32_t global;        /* RegistryRead/Write Global */
    uint32_t type;          /* REG_* */
    void *data;             /* write: the data; read: where it is copied */
    uint32_t len;           /* write: bytes; read: capacity in, the routine's length out */
    uint32_t status;        /* the BOOLEAN or STOR_STATUS the routine returned */
};

enum gmp_op {
    GMP_OP_REG_READ = 1,        /* a: struct gmp_reg_io * (through the registry buffer) */
    GMP_OP_REG_WRITE,           /* a: struct gmp_reg_io * */
    GMP_OP_REG_READ_DISPATCH,   /* as REG_READ, holding the StartIo lock */
    GMP_OP_REG_ALLOC,           /* a: uint32_t *len; returns the buffer */
    GMP_OP_REG_FREE,            /* a: the buffer */
    GMP_OP_AKEY_READ,           /* a: struct gmp_reg_io * (RegistryReadAdapterKey) */
    GMP_OP_AKEY_WRITE,
    GMP_OP_READ_REGISTRY_KEY,   /* a: struct gmp_reg_io * (path, name, type) */
    GMP_OP_DEBUG_PRINT,         /* a: level; prints a line in the MSVC dialect */
    GMP_OP_LOG_ERROR,           /* StorPortLogError(0, 1, 2, SP_BAD_FW_ERROR, 0x1234) */
    GMP_OP_ETW,                 /* a: variant (gmp.c etw_variant); returns the status */
    GMP_OP_LOG_SYSTEM_EVENT,    /* a: variant, b: uint32_t *out; returns the status */
    GMP_OP_TELEMETRY,           /* a: variant; returns the status */
    GMP_OP_ACTIVITY_FOREIGN,    /* GetActivityIdSrb of an SRB the port never gave */
    GMP_OP_DEVICE_OBJECTS,      /* a: void *out[3] */
    GMP_OP_PORT_NUMBER,         /* a: address type, b: uint16_t *port */
    GMP_OP_OS_UPGRADE,          /* a: uint8_t *upgraded */
    GMP_OP_OPERATION_ALLOWED,   /* a: GUID index, b: address kind, c: uint32_t *allowed */
    GMP_OP_SET_BUS_TYPE,        /* a: bus type */
    GMP_OP_SLIST,               /* a: enum gmp_slist_op, b: header, c: entry, d: void **result */
    GMP_OP_LIST,                /* a: enum gmp_list_op, b: head, c: entry, d: void **result */
};

enum gmp_slist_op { GMP_SL_INIT, GMP_SL_PUSH, GMP_SL_POP, GMP_SL_FLUSH, GMP_SL_DEPTH };
/* GMP_LIST_*: the lock is the adapter's own STOR_KSPIN_LOCK (init sets it up). */
enum gmp_list_op { GMP_LIST_INIT, GMP_LIST_INSERT_HEAD, GMP_LIST_INSERT_TAIL, GMP_LIST_REMOVE_HEAD,
                   GMP_LIST_LOCK_VALUE };

/* Runs OP on the ADAPTER-th adapter (HwFindAdapter order); the result depends on OP. */
typedef int64_t gmp_call_fn(int adapter, int op, int64_t a, int64_t b, int64_t c, int64_t d);

extern struct gmp_control gmp;

#endif
