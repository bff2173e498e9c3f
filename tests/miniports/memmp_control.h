/*
 * memmp_control.h - the control block of the memory test miniport (memmp.c), shared
 * by the miniport (WDK code) and the memory tests (host code). A test writes the
 * configuration, adds an adapter, then drives the miniport's memory and DMA calls
 * through memmp_call() and reads what StartIo recorded for the last READ or WRITE.
 * Plain fixed-width fields only; pointers travel as uint64_t.
 */
#ifndef MEMMP_CONTROL_H
#define MEMMP_CONTROL_H

#include <stdint.h>

#define MEMMP_MAX_SG 64
#define MEMMP_MAX_PFNS 64
#define MEMMP_MAX_RANGES 4

struct memmp_pa {
    uint64_t pa;
    uint32_t len;
    uint32_t pad;
};

/* What StartIo saw for the last READ(10) or WRITE(10). */
struct memmp_io {
    int32_t seen;
    uint64_t srb, data_buffer;
    uint32_t data_length;
    /* StorPortGetScatterGatherList */
    uint64_t sg;
    uint32_t sg_count;
    struct memmp_pa sg_elem[MEMMP_MAX_SG];
    uint32_t datain_sg_status;
    uint64_t datain_sg;
    /* GetSystemAddress, GetDataInBufferSystemAddress */
    uint32_t sysaddr_status, datain_sysaddr_status;
    uint64_t sysaddr, datain_sysaddr;
    /* GetOriginalMdl, GetDataInBufferMdl, GetPfns */
    uint32_t mdl_status, datain_mdl_status;
    uint64_t mdl, datain_mdl;
    uint64_t mdl_start_va, mdl_mapped_va;
    uint32_t mdl_byte_count, mdl_byte_offset;
    int32_t mdl_flags, mdl_size;
    uint32_t pfn_status, pfn_count, pfn_offset;
    uint64_t pfn_array;
    uint64_t pfn[MEMMP_MAX_PFNS];
    uint32_t pfn_foreign_status;   /* GetPfns with an MDL from StorPortAllocateMdl */
    /* GetPhysicalAddress of what the SRB carries and what the adapter owns */
    struct memmp_pa pa_data;       /* DataBuffer + probe_offset, with the SRB */
    struct memmp_pa pa_data_nosrb; /* the same without it */
    struct memmp_pa pa_srbext, pa_sense, pa_lu_ext, pa_devext, pa_uncached_foreign;
    uint64_t srbext, sense, lu_ext, devext_probe, uncached_probe;
    uint64_t va_of_srbext_pa;      /* GetVirtualAddress(pa_srbext) */
};

struct memmp_control {
    /* ---- configuration: before the adapter is added ---- */
    uint32_t uncached_bytes;    /* HwFindAdapter asks for an uncached extension (0: no) */
    int32_t uncached_twice;     /* and asks again */
    int32_t master_off;         /* ConfigInfo->Master = FALSE before asking */
    int32_t dma32_off;          /* ConfigInfo->Dma32BitAddresses = FALSE */
    int32_t dma64_set;          /* write dma64 to ConfigInfo->Dma64BitAddresses */
    int32_t dma64;
    int32_t srbext_after;       /* raise SrbExtensionSize after the uncached extension */
    uint32_t breaks;            /* NumberOfPhysicalBreaks; 0: 16 */
    uint32_t alignment_mask;
    int32_t extended_srb;
    uint32_t leak_tag;          /* HwFindAdapter allocates 100 bytes of pool with this tag
                                   and never frees them (0: no) */
    uint32_t probe_offset;      /* offset into the data buffer GetPhysicalAddress probes */
    int32_t mark_dump_in_find;  /* HwFindAdapter marks its uncached extension for dumps */

    /* ---- observations ---- */
    uint64_t ext;
    int32_t find_calls;
    uint64_t uncached, uncached_again;
    struct memmp_pa uncached_pa;
    uint32_t mark_dump_status;
    uint32_t driver_entry_dump_status;  /* MarkDumpMemory in DriverEntry (NULL extension) */
    struct memmp_io io;
};

/* Operations memmp_call runs on the last adapter (in: a..f; out: status, out0..3). */
enum memmp_op {
    MEMMP_ALLOC_POOL = 1,   /* a bytes, b tag -> out0 buffer */
    MEMMP_FREE_POOL,        /* a buffer */
    MEMMP_CONTIG,           /* a bytes, b lowest, c highest, d boundary, e cache -> out0 */
    MEMMP_FREE_CONTIG,      /* a buffer, b bytes, c cache */
    MEMMP_DMA,              /* as MEMMP_CONTIG -> out0 buffer, out1 physical address */
    MEMMP_FREE_DMA,         /* a buffer, b bytes, c cache, d physical address */
    MEMMP_PHYS,             /* a va, b 1: with the miniport's own SRB -> out0 pa, out1 len */
    MEMMP_VIRT,             /* a pa -> out0 va */
    MEMMP_MM_PHYS,          /* a va -> out0 (MmGetPhysicalAddress) */
    MEMMP_UNCACHED,         /* a bytes -> out0 (outside HwFindAdapter) */
    MEMMP_MDL_ALLOC,        /* a va, b bytes -> out0 mdl */
    MEMMP_MDL_BUILD,        /* a mdl */
    MEMMP_MDL_FREE,         /* a mdl */
    MEMMP_MDL_READ,         /* a mdl -> mdl (the fields), pfn[] */
    MEMMP_BUILD_SG,         /* a mdl, b va, c length, d write, e buffer, f buffer bytes ->
                               out0 routine calls, out1 list it got, out2 its IRQL,
                               out3 its context matched */
    MEMMP_PUT_SG,           /* a list, b write */
    MEMMP_MOVE,             /* a destination, b source, c bytes */
    MEMMP_CONVERT,          /* a value -> out0 ToPhysical, out1 ToUlong, out2 ToULong64 */
    MEMMP_SECURE_COPY,      /* a dest, b dest bytes, c source, d count */
    MEMMP_MARK_DUMP,        /* a address, b length, c flags, d 1: NULL extension */
    MEMMP_HMB,              /* a min, b preferred, c alignment, d lowest, e highest,
                               f ranges offered -> ranges[], out0 count */
    MEMMP_FREE_HMB,         /* ranges[], a count */
    MEMMP_SRB_STALE,        /* the last I/O's SRB after completion: out0 SG list,
                               status GetSystemAddress, out1 GetOriginalMdl status */
    MEMMP_FLUSH_MDL,        /* StorPortFlushDataBufferMdl(NULL SRB) */
};

struct memmp_range {
    uint64_t start;
    uint32_t length;
    uint32_t in_memory;
};

struct memmp_mdl {
    uint64_t next, start_va, mapped_va, process;
    int32_t size, flags;
    uint32_t byte_count, byte_offset;
};

struct memmp_args {
    uint64_t a, b, c, d, e, f;
    int32_t at_dirql;           /* run the call holding the interrupt lock */
    uint32_t status;            /* the STOR_STATUS_* (or BOOLEAN) it returned */
    uint64_t out0, out1, out2, out3;
    struct memmp_mdl mdl;
    uint64_t pfn[MEMMP_MAX_PFNS];
    struct memmp_range ranges[MEMMP_MAX_RANGES];
};

typedef void memmp_call_fn(int op, struct memmp_args *args);

extern struct memmp_control memmp;

#endif
