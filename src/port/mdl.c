/*
 * Memory descriptor lists, laid out as the WDK's MDL (ustor/nt_kernel.h) followed by
 * its array of page frame numbers, so the WDK macros (MmGetMdlVirtualAddress,
 * MmGetMdlPfnArray...) read them as on Windows: StorPortAllocateMdl,
 * BuildMdlForNonPagedPool and FreeMdl for a miniport's own buffers, and
 * GetOriginalMdl, GetDataInBufferMdl and GetPfns for the data buffer of an SRB (one
 * MDL per request slot, owned by the port, rebuilt for the request in the slot).
 * PFNs are physical addresses >> 12 (PA == VA); a page outside the DMA address space
 * has none, so building an MDL over it fails (reported) rather than describe memory a
 * device could not reach. An MDL freed twice, one the port did not allocate, and
 * those still allocated at removal are reported with the caller.
 * Left out: partial MDLs, chained MDLs (Next), MDLs of user memory.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "platform/dma_space.h"
#include "port/memory.h"

#define FREED_RING 16

struct port_mdl {
    struct port_mdl *next;
    const void *caller;     /* who allocated it */
    uint32_t pages;         /* room in pfn[] */
    bool built;             /* PFNs filled */
    MDL mdl;                /* what the miniport sees */
    ULONG_PTR pfn[];        /* MmGetMdlPfnArray(&mdl) */
};
_Static_assert(offsetof(struct port_mdl, pfn) == offsetof(struct port_mdl, mdl) + sizeof(MDL),
               "the PFN array follows the MDL, as MmGetMdlPfnArray expects");

/* MDLs freed lately, to tell a double free from a stranger (process-wide). */
static struct {
    pthread_mutex_t lock;
    const void *mdl[FREED_RING], *by[FREED_RING];
    unsigned next;
} freed = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct port_mdl *port_mdl_new(uint32_t pages, const void *caller)
{
    struct port_mdl *pm = calloc(1, sizeof *pm + (size_t)pages * sizeof(ULONG_PTR));
    if (pm) {
        pm->pages = pages;
        pm->caller = caller;
    }
    return pm;
}

/* The header of an MDL for [va, va+bytes); PFNs come later. */
static void mdl_header(struct port_mdl *pm, void *va, ULONG bytes, CSHORT flags)
{
    uintptr_t p = (uintptr_t)va;
    uint32_t pages = mem_pages_spanned(va, bytes);
    pm->mdl.Next = NULL;
    pm->mdl.Size = (CSHORT)(sizeof(MDL) + pages * sizeof(ULONG_PTR));
    pm->mdl.MdlFlags = flags;
    pm->mdl.Process = NULL;
    pm->mdl.MappedSystemVa = (flags & MDL_MAPPED_TO_SYSTEM_VA) ? va : NULL;
    pm->mdl.StartVa = (PVOID)(p & ~(uintptr_t)(MEM_PAGE - 1));
    pm->mdl.ByteCount = bytes;
    pm->mdl.ByteOffset = (ULONG)(p & (MEM_PAGE - 1));
    pm->built = false;
}

/* Fills the PFN array; -EFAULT if a page is not memory of the DMA space. */
static int mdl_pfns(struct ustor_adapter *a, struct port_mdl *pm)
{
    uint32_t pages = mem_pages_spanned(MmGetMdlVirtualAddress(&pm->mdl), pm->mdl.ByteCount);
    const char *va = MmGetMdlVirtualAddress(&pm->mdl);
    for (uint32_t i = 0; i < pages; i++) {
        const char *page = i ? (const char *)pm->mdl.StartVa + (size_t)i * MEM_PAGE : va;
        uint64_t pa;
        if (dma_va_to_pa(a->host->dma, page, &pa, NULL) < 0)
            return -EFAULT;
        pm->pfn[i] = (ULONG_PTR)(pa / MEM_PAGE);
    }
    pm->built = true;
    return 0;
}

/* ---- the MDLs of the miniport ---- */

static struct port_mdl *mdl_find(struct port_memory *m, const void *mdl, struct port_mdl ***link)
{
    for (struct port_mdl **pp = &m->mdls; *pp; pp = &(*pp)->next)
        if (&(*pp)->mdl == mdl) {
            if (link)
                *link = pp;
            return *pp;
        }
    return NULL;
}

static ULONG ext_allocate_mdl(PVOID ext, va_list *ap)
{
    PVOID buffer = va_arg(*ap, PVOID);
    ULONG bytes = va_arg(*ap, ULONG);
    PVOID *out = va_arg(*ap, PVOID *);
    const void *caller = port_extfn_caller();
    static const char who[] = "StorPortAllocateMdl";
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    if (out)
        *out = NULL;
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_irql_ok(who, EXEC_DISPATCH_LEVEL, caller))
        return STOR_STATUS_INVALID_IRQL;
    if (!out || !buffer || !bytes) {
        mem_guest(a, who, caller, "needs a buffer, a length and somewhere to put the MDL");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct port_mdl *pm = port_mdl_new(mem_pages_spanned(buffer, bytes), caller);
    if (!pm)
        return STOR_STATUS_INSUFFICIENT_RESOURCES;
    mdl_header(pm, buffer, bytes, 0);
    pthread_mutex_lock(&a->mem->lock);
    pm->next = a->mem->mdls;
    a->mem->mdls = pm;
    pthread_mutex_unlock(&a->mem->lock);
    *out = &pm->mdl;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionAllocateMdl, ext_allocate_mdl);

static ULONG ext_build_mdl(PVOID ext, va_list *ap)
{
    PVOID mdl = va_arg(*ap, PVOID);
    const void *caller = port_extfn_caller();
    static const char who[] = "StorPortBuildMdlForNonPagedPool";
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_irql_ok(who, EXEC_DISPATCH_LEVEL, caller))
        return STOR_STATUS_INVALID_IRQL;
    pthread_mutex_lock(&a->mem->lock);
    struct port_mdl *pm = mdl_find(a->mem, mdl, NULL);
    int rc = pm ? mdl_pfns(a, pm) : -ENOENT;
    if (rc == 0) {
        pm->mdl.MappedSystemVa = MmGetMdlVirtualAddress(&pm->mdl);
        pm->mdl.MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
    }
    pthread_mutex_unlock(&a->mem->lock);
    if (rc == -ENOENT)
        mem_guest(a, who, caller, "%p is not an MDL from StorPortAllocateMdl", mdl);
    else if (rc < 0)
        mem_guest(a, who, caller, "MDL %p describes memory the port did not allocate "
                  "(no physical address)", mdl);
    return rc < 0 ? STOR_STATUS_INVALID_PARAMETER : STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionBuildMdlForNonPagedPool, ext_build_mdl);

static void remember_freed(const void *mdl, const void *caller)
{
    pthread_mutex_lock(&freed.lock);
    freed.mdl[freed.next % FREED_RING] = mdl;
    freed.by[freed.next % FREED_RING] = caller;
    freed.next++;
    pthread_mutex_unlock(&freed.lock);
}

static void report_bad_free(struct ustor_adapter *a, const void *mdl, const void *caller)
{
    const void *by = NULL;
    pthread_mutex_lock(&freed.lock);
    for (unsigned i = 0; i < FREED_RING; i++)
        if (freed.mdl[i] == mdl)
            by = freed.by[i];
    pthread_mutex_unlock(&freed.lock);
    char first[160];
    if (by)
        mem_guest(a, "StorPortFreeMdl", caller, "double free of MDL %p (first freed from %s)",
                  mdl, ulog_describe_code(by, first, sizeof first));
    else if (mem_is_slot_mdl(a, mdl))
        mem_guest(a, "StorPortFreeMdl", caller, "MDL %p belongs to an SRB; the port frees it",
                  mdl);
    else
        mem_guest(a, "StorPortFreeMdl", caller, "%p is not an MDL from StorPortAllocateMdl",
                  mdl);
}

static ULONG ext_free_mdl(PVOID ext, va_list *ap)
{
    PVOID mdl = va_arg(*ap, PVOID);
    const void *caller = port_extfn_caller();
    struct ustor_adapter *a = mem_adapter(ext, "StorPortFreeMdl", caller);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_irql_ok("StorPortFreeMdl", EXEC_DISPATCH_LEVEL, caller))
        return STOR_STATUS_INVALID_IRQL;
    struct port_mdl **link = NULL;
    pthread_mutex_lock(&a->mem->lock);
    struct port_mdl *pm = mdl ? mdl_find(a->mem, mdl, &link) : NULL;
    if (pm)
        *link = pm->next;
    pthread_mutex_unlock(&a->mem->lock);
    if (!pm) {
        report_bad_free(a, mdl, caller);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    remember_freed(mdl, caller);
    free(pm);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionFreeMdl, ext_free_mdl);

/* ---- the MDL of an SRB's data buffer ---- */

static struct port_mdl **slot_entry(struct ustor_adapter *a, uint32_t index)
{
    struct port_memory *m = a->mem;
    if (!m->slot_mdl) {
        m->slot_mdl = calloc(a->n_slots, sizeof *m->slot_mdl);
        m->n_slot_mdl = m->slot_mdl ? a->n_slots : 0;
    }
    return index < m->n_slot_mdl ? &m->slot_mdl[index] : NULL;
}

PMDL mem_slot_mdl(struct ustor_adapter *a, struct ustor_request *slot)
{
    const struct ustor_scsi_request *req = slot->req;
    uint32_t pages = mem_pages_spanned(req->data, req->data_length);
    CSHORT flags = MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA |
                   (req->direction == USTOR_DATA_IN ? MDL_WRITE_OPERATION : 0);
    PMDL out = NULL;
    pthread_mutex_lock(&a->mem->lock);
    struct port_mdl **e = slot_entry(a, slot->index);
    if (e && (!*e || (*e)->pages < pages)) {
        free(*e);
        *e = port_mdl_new(pages, NULL);
    }
    if (e && *e) {
        mdl_header(*e, req->data, req->data_length, flags);
        if (mdl_pfns(a, *e) == 0)
            out = &(*e)->mdl;
    }
    pthread_mutex_unlock(&a->mem->lock);
    return out;
}

bool mem_is_slot_mdl(struct ustor_adapter *a, const void *mdl)
{
    bool found = false;
    pthread_mutex_lock(&a->mem->lock);
    for (uint32_t i = 0; i < a->mem->n_slot_mdl && !found; i++)
        found = a->mem->slot_mdl[i] && &a->mem->slot_mdl[i]->mdl == mdl;
    pthread_mutex_unlock(&a->mem->lock);
    return found;
}

bool mem_mdl_range(struct ustor_adapter *a, const void *mdl, const char **va, ULONG *bytes)
{
    bool known = false;
    pthread_mutex_lock(&a->mem->lock);
    const struct port_mdl *pm = mdl_find(a->mem, mdl, NULL);
    for (uint32_t i = 0; !pm && i < a->mem->n_slot_mdl; i++)
        if (a->mem->slot_mdl[i] && &a->mem->slot_mdl[i]->mdl == mdl)
            pm = a->mem->slot_mdl[i];
    if (pm && pm->built) {
        *va = MmGetMdlVirtualAddress(&pm->mdl);
        *bytes = pm->mdl.ByteCount;
        known = true;
    }
    pthread_mutex_unlock(&a->mem->lock);
    return known;
}

/* The SRB's data MDL (the data-in buffer's with DATA_IN); *st says why there is none. */
static PMDL srb_mdl(PVOID ext, PVOID srb, bool data_in, const char *who, ULONG *st,
                   struct ustor_adapter **ap)
{
    const void *caller = port_extfn_caller();
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    struct ustor_request *slot = a ? mem_srb_slot(a, srb, who, caller, false) : NULL;
    uint32_t in_len = 0;
    *st = STOR_STATUS_INVALID_PARAMETER;
    if (ap)
        *ap = a;
    if (!slot)
        return NULL;
    const struct ustor_scsi_request *req = slot->req;
    bool has = data_in ? mem_data_in(slot, &in_len) != NULL : req->data && req->data_length;
    if (!has) {
        port_log_debug(a, "%s: SRB %p has no %s buffer", who, srb, data_in ? "data-in" : "data");
        return NULL;
    }
    PMDL mdl = mem_slot_mdl(a, slot);
    *st = mdl ? STOR_STATUS_SUCCESS : STOR_STATUS_INSUFFICIENT_RESOURCES;
    return mdl;
}

static ULONG srb_mdl_out(PVOID ext, va_list *ap, bool data_in, const char *who)
{
    PVOID srb = va_arg(*ap, PVOID);
    PVOID *out = va_arg(*ap, PVOID *);
    ULONG st;
    if (!out) {
        mem_guest(NULL, who, port_extfn_caller(), "NULL Mdl pointer");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    *out = srb_mdl(ext, srb, data_in, who, &st, NULL);
    return st;
}

static ULONG ext_get_original_mdl(PVOID ext, va_list *ap)
{
    return srb_mdl_out(ext, ap, false, "StorPortGetOriginalMdl");
}
USTOR_EXTFN(ExtFunctionGetOriginalMdl, ext_get_original_mdl);

static ULONG ext_get_data_in_mdl(PVOID ext, va_list *ap)
{
    return srb_mdl_out(ext, ap, true, "StorPortGetDataInBufferMdl");
}
USTOR_EXTFN(ExtFunctionGetDataInBufferMdl, ext_get_data_in_mdl);

static ULONG ext_get_pfns(PVOID ext, va_list *ap)
{
    PVOID srb = va_arg(*ap, PVOID);
    PVOID mdl = va_arg(*ap, PVOID);
    PVOID *pfns = va_arg(*ap, PVOID *);
    ULONG *count = va_arg(*ap, ULONG *);
    ULONG *offset = va_arg(*ap, ULONG *);
    static const char who[] = "StorPortGetPfns";
    const void *caller = port_extfn_caller();
    if (!mdl || !pfns || !count || !offset) {
        mem_guest(NULL, who, caller, "NULL argument");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    ULONG st;
    struct ustor_adapter *a = NULL;
    PMDL now = srb_mdl(ext, srb, false, who, &st, &a);
    if (now != mdl) {
        if (a)
            mem_guest(a, who, caller, "%p is not the MDL GetOriginalMdl or GetDataInBufferMdl "
                      "gives for SRB %p", mdl, srb);
        return st == STOR_STATUS_SUCCESS ? STOR_STATUS_INVALID_PARAMETER : st;
    }
    *pfns = MmGetMdlPfnArray(now);
    *count = mem_pages_spanned(MmGetMdlVirtualAddress(now), now->ByteCount);
    *offset = now->ByteOffset;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetPfns, ext_get_pfns);

/* ---- removal ---- */

void mem_mdls_fini(struct ustor_adapter *a)
{
    struct port_memory *m = a->mem;
    char by[160];
    for (struct port_mdl *pm = m->mdls, *next; pm; pm = next) {
        next = pm->next;
        port_log_guest(a, "removed with MDL %p (%u bytes at %p) from StorPortAllocateMdl, "
                       "allocated by %s, never given to StorPortFreeMdl", (void *)&pm->mdl,
                       pm->mdl.ByteCount, MmGetMdlVirtualAddress(&pm->mdl),
                       ulog_describe_code(pm->caller, by, sizeof by));
        free(pm);
    }
    m->mdls = NULL;
    for (uint32_t i = 0; i < m->n_slot_mdl; i++)
        free(m->slot_mdl[i]);
    free(m->slot_mdl);
    m->slot_mdl = NULL;
    m->n_slot_mdl = 0;
}
