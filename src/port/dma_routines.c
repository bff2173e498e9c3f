/*
 * Address translation and scatter/gather lists over the DMA address space (PA == VA):
 * StorPortGetPhysicalAddress (the SRB data buffer, sense buffer and SRB extension,
 * LU and device extensions, the uncached extension, pool, contiguous and DMA memory;
 * with the SRB, NULL or an SRB the port does not know, as StorAHCI passes its own),
 * GetVirtualAddress, MmGetPhysicalAddress, GetSystemAddress and its data-in form,
 * GetScatterGatherList and its data-in form (the list srb_build.c made: one element per
 * page, at most NumberOfPhysicalBreaks + 1), and Build/PutScatterGatherList for
 * buffers the miniport describes with an MDL, split the same way.
 * The data-in buffer of an SRB is its data buffer when the request reads: the port
 * builds no bidirectional SRBs.
 * Memory outside the DMA space has no physical address: translating it returns 0 and
 * is reported (a device could not reach it).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "platform/dma_space.h"
#include "port/memory.h"

#define MAX_SPACES 16
#define MAX_SG_ELEMENTS 1025u

struct port_sg_built {
    struct port_sg_built *next;
    PSTOR_SCATTER_GATHER_LIST list;
    bool write;
    const void *caller;
};

/* ---- the DMA spaces in use, for MmGetPhysicalAddress ---- */

static struct {
    pthread_mutex_t lock;
    struct dma_space *space[MAX_SPACES];
    unsigned refs[MAX_SPACES];
} spaces = {.lock = PTHREAD_MUTEX_INITIALIZER};

void mem_space_attach(struct dma_space *s)
{
    pthread_mutex_lock(&spaces.lock);
    int free_i = -1;
    for (int i = 0; i < MAX_SPACES; i++) {
        if (spaces.space[i] == s) {
            spaces.refs[i]++;
            free_i = -2;
            break;
        }
        if (!spaces.space[i] && free_i == -1)
            free_i = i;
    }
    if (free_i >= 0) {
        spaces.space[free_i] = s;
        spaces.refs[free_i] = 1;
    }
    pthread_mutex_unlock(&spaces.lock);
}

void mem_space_detach(struct dma_space *s)
{
    pthread_mutex_lock(&spaces.lock);
    for (int i = 0; i < MAX_SPACES; i++)
        if (spaces.space[i] == s && --spaces.refs[i] == 0)
            spaces.space[i] = NULL;
    pthread_mutex_unlock(&spaces.lock);
}

NTKERNELAPI PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS pa = {.QuadPart = 0};
    uint64_t addr = 0;
    bool found = false;
    pthread_mutex_lock(&spaces.lock);
    for (int i = 0; i < MAX_SPACES && !found; i++)
        found = spaces.space[i] && dma_va_to_pa(spaces.space[i], BaseAddress, &addr, NULL) == 0;
    pthread_mutex_unlock(&spaces.lock);
    if (found)
        pa.QuadPart = (LONGLONG)addr;
    else
        mem_guest(NULL, "MmGetPhysicalAddress", __builtin_return_address(0),
                  "%p is not memory of the DMA address space; returning 0", BaseAddress);
    return pa;
}

/* ---- StorPortGetPhysicalAddress / GetVirtualAddress ---- */

/* The bytes of the SRB's data buffer from VA on, if VA lies in it (else 0). */
static size_t data_buffer_rest(struct ustor_adapter *a, const void *srb, const void *va)
{
    struct ustor_request *slot = srb ? mem_srb_slot(a, srb, NULL, NULL, true) : NULL;
    if (!slot || !slot->req->data)
        return 0;
    uintptr_t p = (uintptr_t)va, base = (uintptr_t)slot->req->data;
    return p >= base && p - base < slot->req->data_length ? slot->req->data_length - (p - base)
                                                          : 0;
}

STORPORT_API STOR_PHYSICAL_ADDRESS StorPortGetPhysicalAddress(PVOID HwDeviceExtension,
                                                              PSCSI_REQUEST_BLOCK Srb,
                                                              PVOID VirtualAddress,
                                                              ULONG *Length)
{
    const void *caller = __builtin_return_address(0);
    STOR_PHYSICAL_ADDRESS pa = {.QuadPart = 0};
    uint64_t addr;
    size_t contig = 0;
    if (Length)
        *Length = 0;
    struct ustor_adapter *a = mem_adapter(HwDeviceExtension, "StorPortGetPhysicalAddress", caller);
    if (!a)
        return pa;
    if (dma_va_to_pa(a->host->dma, VirtualAddress, &addr, &contig) < 0) {
        mem_guest(a, "StorPortGetPhysicalAddress", caller, "%p is not memory the port gave "
                  "out; no physical address (verifier 0x1006)", VirtualAddress);
        return pa;
    }
    size_t rest = data_buffer_rest(a, Srb, VirtualAddress);
    if (rest && rest < contig)
        contig = rest;
    pa.QuadPart = (LONGLONG)addr;
    if (Length)
        *Length = contig > 0xFFFFFFFFu ? 0xFFFFFFFFu : (ULONG)contig;
    return pa;
}

STORPORT_API PVOID StorPortGetVirtualAddress(PVOID HwDeviceExtension,
                                             STOR_PHYSICAL_ADDRESS PhysicalAddress)
{
    const void *caller = __builtin_return_address(0);
    struct ustor_adapter *a = mem_adapter(HwDeviceExtension, "StorPortGetVirtualAddress", caller);
    if (!a)
        return NULL;
    void *va = dma_pa_to_va(a->host->dma, (uint64_t)PhysicalAddress.QuadPart, NULL);
    if (!va)
        mem_guest(a, "StorPortGetVirtualAddress", caller, "physical address 0x%llx is not "
                  "memory the port gave out", (unsigned long long)PhysicalAddress.QuadPart);
    return va;
}

/* ---- system addresses of SRB buffers ---- */

/* DataBuffer as the SRB holds it now, if it still points into the request's buffer. */
static void *srb_data_pointer(const struct ustor_request *slot)
{
    void *now = slot->adapter->extended_srb ? slot->u.srbex.DataBuffer : slot->u.srb.DataBuffer;
    uintptr_t p = (uintptr_t)now, base = (uintptr_t)slot->req->data;
    return p >= base && p - base < slot->req->data_length ? now : slot->req->data;
}

static ULONG system_address(PVOID ext, va_list *ap, bool data_in, const char *who)
{
    PVOID srb = va_arg(*ap, PVOID);
    PVOID *out = va_arg(*ap, PVOID *);
    const void *caller = port_extfn_caller();
    if (out)
        *out = NULL;
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_irql_ok(who, EXEC_DISPATCH_LEVEL, caller))
        return STOR_STATUS_INVALID_IRQL;
    struct ustor_request *slot = mem_srb_slot(a, srb, who, caller, false);
    if (!out || !slot)
        return STOR_STATUS_INVALID_PARAMETER;
    uint32_t in_len;
    if (data_in ? !mem_data_in(slot, &in_len) : !slot->req->data || !slot->req->data_length) {
        port_log_debug(a, "%s: SRB %p has no %s buffer", who, srb, data_in ? "data-in" : "data");
        return STOR_STATUS_INVALID_PARAMETER;
    }
    *out = srb_data_pointer(slot);
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_get_system_address(PVOID ext, va_list *ap)
{
    return system_address(ext, ap, false, "StorPortGetSystemAddress");
}
USTOR_EXTFN(ExtFunctionGetSystemAddress, ext_get_system_address);

static ULONG ext_get_data_in_system_address(PVOID ext, va_list *ap)
{
    return system_address(ext, ap, true, "StorPortGetDataInBufferSystemAddress");
}
USTOR_EXTFN(ExtFunctionGetDataInBufferSystemAddress, ext_get_data_in_system_address);

/* ---- the SRB's scatter/gather list ---- */

STORPORT_API PSTOR_SCATTER_GATHER_LIST StorPortGetScatterGatherList(PVOID HwDeviceExtension,
                                                                    PSCSI_REQUEST_BLOCK Srb)
{
    const void *caller = __builtin_return_address(0);
    static const char who[] = "StorPortGetScatterGatherList";
    struct ustor_adapter *a = mem_adapter(HwDeviceExtension, who, caller);
    struct ustor_request *slot = a ? mem_srb_slot(a, Srb, who, caller, false) : NULL;
    if (!slot || !slot->req->data || !slot->req->data_length)
        return NULL;
    return slot->sg;
}

static ULONG ext_get_data_in_sg_list(PVOID ext, va_list *ap)
{
    PVOID srb = va_arg(*ap, PVOID);
    PSTOR_SCATTER_GATHER_LIST *out = va_arg(*ap, PSTOR_SCATTER_GATHER_LIST *);
    const void *caller = port_extfn_caller();
    static const char who[] = "StorPortGetDataInBufferScatterGatherList";
    if (out)
        *out = NULL;
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    struct ustor_request *slot = a ? mem_srb_slot(a, srb, who, caller, false) : NULL;
    uint32_t in_len;
    if (!out || !slot)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_data_in(slot, &in_len)) {
        port_log_debug(a, "%s: SRB %p has no data-in buffer", who, srb);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    *out = slot->sg;
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionGetDataInBufferScatterGatherList, ext_get_data_in_sg_list);

/* ---- BuildScatterGatherList / PutScatterGatherList ---- */

struct sg_request {
    PVOID mdl;
    char *va;
    ULONG length;
    PPOST_SCATTER_GATHER_EXECUTE routine;
    PVOID context;
    bool write;
    PSTOR_SCATTER_GATHER_LIST buffer;
    ULONG buffer_length;
};

/* Elements an SG list of this adapter may have: NumberOfPhysicalBreaks + 1. */
static uint32_t sg_limit(const struct ustor_adapter *a)
{
    if (a->max_sg)
        return a->max_sg;
    ULONG breaks = a->config.NumberOfPhysicalBreaks;
    return breaks == SP_UNINITIALIZED_VALUE || breaks >= MAX_SG_ELEMENTS ? MAX_SG_ELEMENTS
                                                                         : breaks + 1;
}

/* What is wrong with a request (NULL: nothing), and the status to return for it. */
static const char *sg_check(struct ustor_adapter *a, const struct sg_request *r, ULONG *st)
{
    const char *mva;
    ULONG mlen;
    *st = STOR_STATUS_INVALID_PARAMETER;
    if (!r->routine || !r->buffer || !r->length)
        return "needs an ExecutionRoutine, a buffer and a length";
    if (!mem_mdl_range(a, r->mdl, &mva, &mlen))
        return "the MDL is not a built MDL of this adapter";
    if (r->va < mva || (size_t)(r->va - mva) + r->length > mlen)
        return "CurrentVa and Length leave the range the MDL describes";
    if ((uintptr_t)r->va & a->config.AlignmentMask)
        return "CurrentVa is not aligned to the adapter's AlignmentMask";
    uint32_t n = mem_pages_spanned(r->va, r->length);
    *st = STOR_STATUS_INSUFFICIENT_RESOURCES;
    if (n > sg_limit(a))
        return "more pages than NumberOfPhysicalBreaks + 1 elements";
    *st = STOR_STATUS_BUFFER_TOO_SMALL;
    if (sizeof(STOR_SCATTER_GATHER_LIST) + n * sizeof(STOR_SCATTER_GATHER_ELEMENT) >
        r->buffer_length)
        return "ScatterGatherBufferLength too small for the list";
    *st = STOR_STATUS_SUCCESS;
    return NULL;
}

/* One element per page piece; -EFAULT if a piece has no physical address. */
static int sg_fill(struct ustor_adapter *a, const struct sg_request *r)
{
    PSTOR_SCATTER_GATHER_LIST sg = r->buffer;
    const char *p = r->va;
    ULONG left = r->length, n = 0;
    while (left) {
        ULONG chunk = MEM_PAGE - (ULONG)((uintptr_t)p % MEM_PAGE);
        uint64_t pa;
        if (chunk > left)
            chunk = left;
        if (dma_va_to_pa(a->host->dma, p, &pa, NULL) < 0)
            return -EFAULT;
        sg->List[n].PhysicalAddress.QuadPart = (LONGLONG)pa;
        sg->List[n].Length = chunk;
        sg->List[n].Reserved = 0;
        n++;
        p += chunk;
        left -= chunk;
    }
    sg->NumberOfElements = n;
    sg->Reserved = 0;
    return 0;
}

/* Remembers a list until it is put back; device models may touch its pages now. */
static void sg_record(struct ustor_adapter *a, const struct sg_request *r, const void *caller)
{
    struct port_sg_built *b = calloc(1, sizeof *b);
    struct dma_space *s = a->host->dma;
    if (b) {
        *b = (struct port_sg_built){.list = r->buffer, .write = r->write, .caller = caller};
        pthread_mutex_lock(&a->mem->lock);
        b->next = a->mem->sgs;
        a->mem->sgs = b;
        pthread_mutex_unlock(&a->mem->lock);
    }
    if (!dma_grant_checking(s))
        return;
    enum dma_dir dir = r->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
    for (ULONG i = 0; i < r->buffer->NumberOfElements; i++)
        dma_grant(s, (uint64_t)r->buffer->List[i].PhysicalAddress.QuadPart,
                  r->buffer->List[i].Length, dir, r->buffer);
}

static void sg_execute(const struct sg_request *r)
{
    struct exec_callframe f;
    KIRQL old = port_raise_irql(DISPATCH_LEVEL);
    exec_call_begin(&f, "ExecutionRoutine", (const void *)r->routine);
    r->routine(NULL, NULL, r->buffer, r->context);
    exec_call_end(&f);
    port_lower_irql(old);
}

static void sg_args(va_list *ap, struct sg_request *r)
{
    r->mdl = va_arg(*ap, PVOID);
    r->va = va_arg(*ap, PVOID);
    r->length = va_arg(*ap, ULONG);
    r->routine = va_arg(*ap, PPOST_SCATTER_GATHER_EXECUTE);
    r->context = va_arg(*ap, PVOID);
    r->write = va_arg(*ap, int) != 0;   /* BOOLEAN, promoted */
    r->buffer = va_arg(*ap, PVOID);
    r->buffer_length = va_arg(*ap, ULONG);
}

static ULONG ext_build_sg_list(PVOID ext, va_list *ap)
{
    struct sg_request r;
    sg_args(ap, &r);
    const void *caller = port_extfn_caller();
    static const char who[] = "StorPortBuildScatterGatherList";
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    ULONG st;
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_irql_ok(who, EXEC_DISPATCH_LEVEL, caller))
        return STOR_STATUS_INVALID_IRQL;
    const char *bad = sg_check(a, &r, &st);
    if (!bad && sg_fill(a, &r) < 0) {
        bad = "the buffer is not memory the port gave out";
        st = STOR_STATUS_INVALID_PARAMETER;
    }
    if (bad) {
        mem_guest(a, who, caller, "%s (%p, %u bytes)", bad, (void *)r.va, r.length);
        return st;
    }
    sg_record(a, &r, caller);
    sg_execute(&r);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionBuildScatterGatherList, ext_build_sg_list);

static struct port_sg_built *sg_take(struct port_memory *m, const void *list)
{
    struct port_sg_built *b = NULL;
    pthread_mutex_lock(&m->lock);
    for (struct port_sg_built **pp = &m->sgs; *pp; pp = &(*pp)->next)
        if ((*pp)->list == list) {
            b = *pp;
            *pp = b->next;
            break;
        }
    pthread_mutex_unlock(&m->lock);
    return b;
}

static ULONG ext_put_sg_list(PVOID ext, va_list *ap)
{
    PSTOR_SCATTER_GATHER_LIST list = va_arg(*ap, PSTOR_SCATTER_GATHER_LIST);
    bool write = va_arg(*ap, int) != 0;
    const void *caller = port_extfn_caller();
    static const char who[] = "StorPortPutScatterGatherList";
    struct ustor_adapter *a = mem_adapter(ext, who, caller);
    if (!a)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!mem_irql_ok(who, EXEC_DISPATCH_LEVEL, caller))
        return STOR_STATUS_INVALID_IRQL;
    struct port_sg_built *b = list ? sg_take(a->mem, list) : NULL;
    if (!b) {
        mem_guest(a, who, caller, "%p is not a list BuildScatterGatherList built, or was "
                  "put back already", (void *)list);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (b->write != write)
        mem_guest(a, who, caller, "WriteToDevice %s differs from the build's %s",
                  write ? "TRUE" : "FALSE", b->write ? "TRUE" : "FALSE");
    if (dma_grant_checking(a->host->dma))
        dma_revoke(a->host->dma, list);
    free(b);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionPutScatterGatherList, ext_put_sg_list);

void mem_sgs_fini(struct ustor_adapter *a)
{
    char by[160];
    for (struct port_sg_built *b = a->mem->sgs, *next; b; b = next) {
        next = b->next;
        port_log_guest(a, "removed with scatter/gather list %p from "
                       "StorPortBuildScatterGatherList (built by %s) never put back",
                       (void *)b->list, ulog_describe_code(b->caller, by, sizeof by));
        if (dma_grant_checking(a->host->dma))
            dma_revoke(a->host->dma, b->list);
        free(b);
    }
    a->mem->sgs = NULL;
}
