/*
 * memory.h - the port's memory and DMA routines: pool, the uncached extension,
 * contiguous and DMA memory, the Host Memory Buffer and dump marks (memory.c), MDLs
 * (mdl.c), address translation and scatter/gather lists (dma_routines.c).
 *
 * Everything they hand out lives in the host's DMA address space (PA == VA, see
 * platform/dma_space.h); pool and contiguous blocks belong to the adapter's pool
 * (port/pool.h), which reports leaks, double frees and foreign frees. This header
 * holds the per-adapter state those files share and the hooks the lifecycle calls.
 * Left out: cache types (all memory is cached), NUMA placement, crash dumps.
 */
#ifndef USTOR_PORT_MEMORY_H
#define USTOR_PORT_MEMORY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "port/exec.h"
#include "port/port_internal.h"

struct port_mdl;
struct port_sg_built;

struct port_memory {
    pthread_mutex_t lock;           /* everything below except the find window */
    /* HwFindAdapter runs on this thread now (GetUncachedExtension is legal) */
    _Atomic bool in_find;
    pthread_t find_thread;
    /* the uncached extension: allocated once, kept across restarts */
    void *uncached;
    size_t uncached_bytes;
    ULONG uncached_srbext;          /* SrbExtensionSize when it was allocated */
    /* MDLs from StorPortAllocateMdl and SG lists from BuildScatterGatherList */
    struct port_mdl *mdls;
    struct port_sg_built *sgs;
    /* the MDL of each request slot's data buffer, built on demand */
    struct port_mdl **slot_mdl;
    uint32_t n_slot_mdl;
    /* MarkDumpMemory calls (nothing is ever dumped here) */
    uint64_t dump_marks, dump_bytes;
};

/* The lifecycle hooks port_memory_init/fini/find_begin/find_end are declared in
 * port_internal.h and defined in memory.c. */

/* ---- shared by memory.c, mdl.c and dma_routines.c ---- */

/* The adapter of EXT, or NULL with a guest error naming ROUTINE and CALLER. */
struct ustor_adapter *mem_adapter(const void *ext, const char *routine, const void *caller);
/* exec_irql_check for a routine allowed from PASSIVE up to MAX. */
bool mem_irql_ok(const char *routine, exec_irql_t max, const void *caller);
/* The slot of an SRB the miniport holds now, or NULL (reported unless QUIET). */
struct ustor_request *mem_srb_slot(struct ustor_adapter *a, const void *srb, const char *routine,
                                   const void *caller, bool quiet);
/* The data-in buffer of a slot: its data buffer when the request reads, else NULL. */
void *mem_data_in(const struct ustor_request *slot, uint32_t *length);
/* Pages spanned by [va, va+len). */
uint32_t mem_pages_spanned(const void *va, size_t len);
/* A guest error "ROUTINE from CALLER: what", with the adapter's name. */
void mem_guest(const struct ustor_adapter *a, const char *routine, const void *caller,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* dma_routines.c: the DMA spaces adapters use, for MmGetPhysicalAddress (which has no
 * extension to find one by). Counted: one attach per adapter. */
void mem_space_attach(struct dma_space *s);
void mem_space_detach(struct dma_space *s);
/* StorPort* status for a 0/-errno result of the pool or the DMA space. */
ULONG mem_status(int rc);

/* mdl.c: the slot MDL for GetOriginalMdl (built now), or NULL. */
PMDL mem_slot_mdl(struct ustor_adapter *a, struct ustor_request *slot);
/* mdl.c: is MDL one of the slot MDLs? */
bool mem_is_slot_mdl(struct ustor_adapter *a, const void *mdl);
/* mdl.c: the range a built MDL of this adapter describes; false if it is not one. */
bool mem_mdl_range(struct ustor_adapter *a, const void *mdl, const char **va, ULONG *bytes);
/* mdl.c: free leftovers at removal, reporting MDLs the miniport never freed. */
void mem_mdls_fini(struct ustor_adapter *a);
/* dma_routines.c: report and forget SG lists never put back. */
void mem_sgs_fini(struct ustor_adapter *a);

#define MEM_PAGE 4096u

#endif
