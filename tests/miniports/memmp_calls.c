/*
 * memmp_calls - the memory test miniport's entry point for the test thread:
 * memmp_call(op, args) makes one Storport memory or DMA call on the last adapter, as
 * a miniport would, optionally holding the interrupt lock (to call at DIRQL), and
 * writes back what the routine returned. WDK code; see memmp_control.h for the ops.
 */
#include <ntddk.h>
#include <storport.h>

#include "memmp_ext.h"

#define PTR(v) ((PVOID)(ULONG_PTR)(v))
#define U64(p) ((uint64_t)(ULONG_PTR)(p))

static PHYSICAL_ADDRESS pa_of(uint64_t v)
{
    PHYSICAL_ADDRESS pa;
    pa.QuadPart = (LONGLONG)v;
    return pa;
}

/* ---- pool and contiguous memory ---- */

static void op_pool(struct memmp_ext *e, int op, struct memmp_args *x)
{
    PVOID p = NULL;
    if (op == MEMMP_ALLOC_POOL) {
        x->status = StorPortAllocatePool(e, (ULONG)x->a, (ULONG)x->b, &p);
        x->out0 = U64(p);
    } else {
        x->status = StorPortFreePool(e, PTR(x->a));
    }
}

static void op_contig(struct memmp_ext *e, int op, struct memmp_args *x)
{
    PVOID p = NULL;
    PHYSICAL_ADDRESS pa = pa_of(0x1234);
    MEMORY_CACHING_TYPE cache = (MEMORY_CACHING_TYPE)(LONG)x->e;
    switch (op) {
    case MEMMP_CONTIG:
        x->status = StorPortAllocateContiguousMemorySpecifyCacheNode(
            e, (SIZE_T)x->a, pa_of(x->b), pa_of(x->c), pa_of(x->d), cache, MM_ANY_NODE_OK, &p);
        break;
    case MEMMP_FREE_CONTIG:
        x->status = StorPortFreeContiguousMemorySpecifyCache(e, PTR(x->a), (SIZE_T)x->b,
                                                             (MEMORY_CACHING_TYPE)(LONG)x->c);
        break;
    case MEMMP_DMA:
        x->status = StorPortAllocateDmaMemory(e, (SIZE_T)x->a, pa_of(x->b), pa_of(x->c),
                                              pa_of(x->d), cache, MM_ANY_NODE_OK, &p, &pa);
        x->out1 = (uint64_t)pa.QuadPart;
        break;
    default:
        x->status = StorPortFreeDmaMemory(e, PTR(x->a), (SIZE_T)x->b,
                                          (MEMORY_CACHING_TYPE)(LONG)x->c, pa_of(x->d));
    }
    x->out0 = U64(p);
}

/* ---- addresses ---- */

static void op_address(struct memmp_ext *e, int op, struct memmp_args *x)
{
    struct memmp_pa r;
    switch (op) {
    case MEMMP_PHYS:
        r = memmp_phys(e, x->b ? &e->own_srb : NULL, PTR(x->a));
        x->out0 = r.pa;
        x->out1 = r.len;
        break;
    case MEMMP_VIRT:
        x->out0 = U64(StorPortGetVirtualAddress(e, pa_of(x->a)));
        break;
    case MEMMP_MM_PHYS:
        x->out0 = (uint64_t)MmGetPhysicalAddress(PTR(x->a)).QuadPart;
        break;
    default:
        x->out0 = U64(StorPortGetUncachedExtension(e, NULL, (ULONG)x->a));
        x->out1 = U64(StorPortGetUncachedExtension(e, (PPORT_CONFIGURATION_INFORMATION)PTR(x->b),
                                                   (ULONG)x->a));
    }
}

/* ---- MDLs ---- */

static void mdl_read(PMDL m, struct memmp_args *x)
{
    x->mdl.next = U64(m->Next);
    x->mdl.start_va = U64(m->StartVa);
    x->mdl.mapped_va = U64(m->MappedSystemVa);
    x->mdl.process = U64(m->Process);
    x->mdl.size = m->Size;
    x->mdl.flags = m->MdlFlags;
    x->mdl.byte_count = MmGetMdlByteCount(m);
    x->mdl.byte_offset = MmGetMdlByteOffset(m);
    ULONG pages = (ULONG)((m->Size - sizeof(MDL)) / sizeof(ULONG_PTR));
    for (ULONG i = 0; i < pages && i < MEMMP_MAX_PFNS; i++)
        x->pfn[i] = MmGetMdlPfnArray(m)[i];
}

static void op_mdl(struct memmp_ext *e, int op, struct memmp_args *x)
{
    PVOID mdl = NULL;
    switch (op) {
    case MEMMP_MDL_ALLOC:
        x->status = StorPortAllocateMdl(e, PTR(x->a), (ULONG)x->b, &mdl);
        x->out0 = U64(mdl);
        break;
    case MEMMP_MDL_BUILD:
        x->status = StorPortBuildMdlForNonPagedPool(e, PTR(x->a));
        break;
    case MEMMP_MDL_FREE:
        x->status = StorPortFreeMdl(e, PTR(x->a));
        break;
    default:
        mdl_read(PTR(x->a), x);
    }
}

/* ---- Build/PutScatterGatherList ---- */

static struct memmp_args *sg_args;   /* the call the execution routine reports to */

static VOID sg_execute(PVOID *DeviceObject, PVOID *Irp, PSTOR_SCATTER_GATHER_LIST Sg,
                       PVOID Context)
{
    (void)DeviceObject; (void)Irp;
    KIRQL irql = KeGetCurrentIrql();
    sg_args->out0++;
    sg_args->out1 = U64(Sg);
    sg_args->out2 = irql;
    sg_args->out3 = Context == (PVOID)sg_args;
}

static void op_sg(struct memmp_ext *e, int op, struct memmp_args *x)
{
    if (op == MEMMP_PUT_SG) {
        x->status = StorPortPutScatterGatherList(e, PTR(x->a), (BOOLEAN)x->b);
        return;
    }
    sg_args = x;
    x->status = StorPortBuildScatterGatherList(e, PTR(x->a), PTR(x->b), (ULONG)x->c, sg_execute,
                                               x, (BOOLEAN)x->d, PTR(x->e), (ULONG)x->f);
}

/* ---- copies, conversions, dumps ---- */

static void op_misc(struct memmp_ext *e, int op, struct memmp_args *x)
{
    STOR_PHYSICAL_ADDRESS pa;
    switch (op) {
    case MEMMP_MOVE:
        StorPortMoveMemory(PTR(x->a), PTR(x->b), (ULONG)x->c);
        break;
    case MEMMP_CONVERT:
        pa = StorPortConvertUlongToPhysicalAddress((ULONG_PTR)x->a);
        x->out0 = (uint64_t)pa.QuadPart;
        x->out1 = StorPortConvertPhysicalAddressToUlong(pa);
        x->out2 = StorPortConvertPhysicalAddressToULong64(pa);
        break;
    case MEMMP_SECURE_COPY:
        x->status = StorPortSecureCopyMemory(PTR(x->a), (SIZE_T)x->b, PTR(x->c), (SIZE_T)x->d);
        break;
    case MEMMP_FLUSH_MDL:
        x->status = StorPortFlushDataBufferMdl(e, NULL);
        break;
    default:
        x->status = StorPortMarkDumpMemory(x->d ? NULL : e, PTR(x->a), (ULONG_PTR)x->b,
                                           (ULONG)x->c);
    }
}

static void op_hmb(struct memmp_ext *e, int op, struct memmp_args *x)
{
    ACCESS_RANGE r[MEMMP_MAX_RANGES];
    ULONG n = (ULONG)(op == MEMMP_HMB ? x->f : x->a);
    memset(r, 0, sizeof r);
    for (ULONG i = 0; op == MEMMP_FREE_HMB && i < n && i < MEMMP_MAX_RANGES; i++) {
        r[i].RangeStart.QuadPart = (LONGLONG)x->ranges[i].start;
        r[i].RangeLength = x->ranges[i].length;
        r[i].RangeInMemory = TRUE;
    }
    if (op == MEMMP_FREE_HMB) {
        x->status = StorPortFreeHostMemoryBuffer(e, r, n);
        return;
    }
    x->status = StorPortAllocateHostMemoryBuffer(e, (SIZE_T)x->a, (SIZE_T)x->b, 0, (ULONG)x->c,
                                                 pa_of(x->d), pa_of(x->e), pa_of(0), r, &n);
    x->out0 = n;
    for (ULONG i = 0; i < n && i < MEMMP_MAX_RANGES; i++) {
        x->ranges[i].start = (uint64_t)r[i].RangeStart.QuadPart;
        x->ranges[i].length = r[i].RangeLength;
        x->ranges[i].in_memory = r[i].RangeInMemory;
    }
}

/* The last I/O's SRB, no longer held by the miniport. */
static void op_stale(struct memmp_ext *e, struct memmp_args *x)
{
    PVOID va = NULL, mdl = NULL;
    x->out0 = U64(StorPortGetScatterGatherList(e, e->last_srb));
    x->status = StorPortGetSystemAddress(e, e->last_srb, &va);
    x->out1 = StorPortGetOriginalMdl(e, e->last_srb, &mdl);
}

static void dispatch(struct memmp_ext *e, int op, struct memmp_args *x)
{
    switch (op) {
    case MEMMP_ALLOC_POOL: case MEMMP_FREE_POOL: op_pool(e, op, x); break;
    case MEMMP_CONTIG: case MEMMP_FREE_CONTIG: case MEMMP_DMA: case MEMMP_FREE_DMA:
        op_contig(e, op, x); break;
    case MEMMP_PHYS: case MEMMP_VIRT: case MEMMP_MM_PHYS: case MEMMP_UNCACHED:
        op_address(e, op, x); break;
    case MEMMP_MDL_ALLOC: case MEMMP_MDL_BUILD: case MEMMP_MDL_FREE: case MEMMP_MDL_READ:
        op_mdl(e, op, x); break;
    case MEMMP_BUILD_SG: case MEMMP_PUT_SG: op_sg(e, op, x); break;
    case MEMMP_HMB: case MEMMP_FREE_HMB: op_hmb(e, op, x); break;
    case MEMMP_SRB_STALE: op_stale(e, x); break;
    default: op_misc(e, op, x);
    }
}

__attribute__((visibility("default"))) void memmp_call(int op, struct memmp_args *x)
{
    struct memmp_ext *e = PTR(memmp.ext);
    STOR_LOCK_HANDLE h;
    if (x->at_dirql)
        StorPortAcquireSpinLock(e, InterruptLock, NULL, &h);
    dispatch(e, op, x);
    if (x->at_dirql)
        StorPortReleaseSpinLock(e, &h);
}
