/*
 * The per-adapter memory state (memory.h) and its lifecycle, the helpers the memory
 * files share, and the routines that need no allocator of their own:
 * StorPortGetUncachedExtension, StorPortMoveMemory and the physical-address
 * conversions.
 * The uncached extension is one page-aligned common buffer per adapter, allocated in
 * HwFindAdapter only and kept across restarts (a later call returns it again). Its
 * placement follows ConfigInfo: below 4 GiB unless Dma64BitAddresses says the
 * miniport takes 64-bit addresses for it (SCSI_DMA64_MINIPORT_FULL64BIT_*: then
 * anywhere, not crossing a 4 GiB line for value 2), below 16 MiB when
 * Dma32BitAddresses is FALSE (a 24-bit adapter). The registry values
 * MinimumUCXAddress/MaximumUCXAddress/UncachedExtAlignment are not read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "platform/dma_space.h"
#include "port/memory.h"
#include "port/pool.h"

#define LIMIT_4G UINT64_C(0xFFFFFFFF)
#define LIMIT_16M UINT64_C(0xFFFFFF)
#define CALLER_TEXT 160

/* ---- helpers shared by the memory files ---- */

void mem_guest(const struct ustor_adapter *a, const char *routine, const void *caller,
               const char *fmt, ...)
{
    char text[400], where[CALLER_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    port_log_guest(a, "%s from %s: %s", routine, ulog_describe_code(caller, where, sizeof where),
                   text);
}

struct ustor_adapter *mem_adapter(const void *ext, const char *routine, const void *caller)
{
    if (ext) {
        const struct port_ext_header *h = (const void *)((const char *)ext - sizeof *h);
        if (h->magic == PORT_EXT_MAGIC && h->adapter && h->adapter->mem)
            return h->adapter;
    }
    mem_guest(NULL, routine, caller, "%p is not a device extension the port gave out", ext);
    return NULL;
}

bool mem_irql_ok(const char *routine, exec_irql_t max, const void *caller)
{
    return exec_irql_check(routine, EXEC_PASSIVE_LEVEL, max, caller);
}

uint32_t mem_pages_spanned(const void *va, size_t len)
{
    if (!len)
        return 0;
    uintptr_t p = (uintptr_t)va;
    return (uint32_t)((p + len - 1) / MEM_PAGE - p / MEM_PAGE + 1);
}

struct ustor_request *mem_srb_slot(struct ustor_adapter *a, const void *srb, const char *routine,
                                   const void *caller, bool quiet)
{
    struct ustor_request *slot = port_slot_from_srb(a, srb);
    int st = slot ? atomic_load(&slot->state) : SLOT_FREE;
    if (st == SLOT_BUILDING || st == SLOT_STARTED || st == SLOT_COMPLETING)
        return slot;
    if (!quiet)
        mem_guest(a, routine, caller, "%p is not an SRB the miniport holds", srb);
    return NULL;
}

void *mem_data_in(const struct ustor_request *slot, uint32_t *length)
{
    const struct ustor_scsi_request *req = slot->req;
    bool in = req->direction == USTOR_DATA_IN && req->data && req->data_length;
    *length = in ? req->data_length : 0;
    return in ? req->data : NULL;
}

/* ---- lifecycle ---- */

int port_memory_init(struct ustor_adapter *a)
{
    struct port_memory *m = calloc(1, sizeof *m);
    if (!m)
        return -ENOMEM;
    struct pool_config pc = {.owner_name = a->name, .owner = a, .fill = -1};
    int rc = pool_create(a->host->dma, &pc, &a->pool);
    if (rc < 0) {
        free(m);
        return rc;
    }
    pthread_mutex_init(&m->lock, NULL);
    mem_space_attach(a->host->dma);
    a->mem = m;
    return 0;
}

/* The pool lists each leaked block with its tag; this line names the routines. */
static void report_pool_leaks(struct ustor_adapter *a)
{
    struct pool_stats st;
    pool_get_stats(a->pool, &st);
    if (st.blocks)
        port_log_guest(a, "removed with %zu block(s), %zu bytes, from StorPortAllocatePool "
                       "never given back to StorPortFreePool", st.blocks, st.bytes);
    if (st.contiguous_blocks)
        port_log_guest(a, "removed with %zu block(s), %zu bytes, of contiguous/DMA memory or "
                       "Host Memory Buffer never freed", st.contiguous_blocks,
                       st.contiguous_bytes);
}

void port_memory_fini(struct ustor_adapter *a)
{
    struct port_memory *m = a->mem;
    if (!m)
        return;
    mem_sgs_fini(a);
    mem_mdls_fini(a);
    report_pool_leaks(a);
    pool_destroy(a->pool);
    a->pool = NULL;
    if (m->uncached)
        dma_free(a->host->dma, m->uncached);
    mem_space_detach(a->host->dma);
    pthread_mutex_destroy(&m->lock);
    a->mem = NULL;
    free(m);
}

void port_memory_find_begin(struct ustor_adapter *a)
{
    if (!a->mem)
        return;
    a->mem->find_thread = pthread_self();
    atomic_store(&a->mem->in_find, true);
}

void port_memory_find_end(struct ustor_adapter *a)
{
    struct port_memory *m = a->mem;
    if (!m)
        return;
    atomic_store(&m->in_find, false);
    pthread_mutex_lock(&m->lock);
    bool moved = m->uncached && m->uncached_srbext != a->config.SrbExtensionSize;
    ULONG before = m->uncached_srbext;
    m->uncached_srbext = a->config.SrbExtensionSize;
    pthread_mutex_unlock(&m->lock);
    if (moved)
        port_log_guest(a, "HwFindAdapter changed SrbExtensionSize from %u to %u after "
                       "StorPortGetUncachedExtension; set it before (verifier 0x2002)", before,
                       a->config.SrbExtensionSize);
}

/* ---- StorPortGetUncachedExtension ---- */

static bool uncached_allowed(struct ustor_adapter *a, PPORT_CONFIGURATION_INFORMATION ci,
                             ULONG bytes, const void *caller)
{
    static const char who[] = "StorPortGetUncachedExtension";
    struct port_memory *m = a->mem;
    if (!atomic_load(&m->in_find) || !pthread_equal(m->find_thread, pthread_self())) {
        mem_guest(a, who, caller, "only HwFindAdapter may call it (verifier 0x2002)");
        return false;
    }
    if (ci != &a->config) {
        mem_guest(a, who, caller, "ConfigInfo %p is not the one HwFindAdapter was given", ci);
        return false;
    }
    if (!ci->Master) {
        mem_guest(a, who, caller, "the adapter is not a bus master (ConfigInfo->Master FALSE)");
        return false;
    }
    if (!bytes) {
        mem_guest(a, who, caller, "NumberOfBytes is 0");
        return false;
    }
    return true;
}

/* Where the common buffer may lie, from the DMA abilities ConfigInfo declares. */
static void uncached_limits(const PORT_CONFIGURATION_INFORMATION *ci, struct dma_constraints *k)
{
    UCHAR d64 = ci->Dma64BitAddresses & (UCHAR)~SCSI_DMA64_SYSTEM_SUPPORTED;
    memset(k, 0, sizeof *k);
    if (!ci->Dma32BitAddresses)
        k->highest = LIMIT_16M;
    else if (d64 == SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED)
        k->boundary = LIMIT_4G + 1;
    else if (d64 != SCSI_DMA64_MINIPORT_FULL64BIT_NO_BOUNDARY_REQ_SUPPORTED)
        k->highest = LIMIT_4G;
}

static void *uncached_alloc(struct ustor_adapter *a, ULONG bytes, const void *caller)
{
    struct port_memory *m = a->mem;
    struct dma_constraints k;
    struct dma_tag tag = {.kind = DMA_KIND_UNCACHED_EXTENSION, .owner = a,
                          .label = "uncached extension"};
    void *p = NULL;
    uncached_limits(&a->config, &k);
    int rc = dma_alloc(a->host->dma, bytes, &k, 0, &tag, &p);
    if (rc < 0) {
        mem_guest(a, "StorPortGetUncachedExtension", caller,
                  "%u bytes at or below 0x%llx: %s", bytes,
                  (unsigned long long)(k.highest ? k.highest : UINT64_MAX), strerror(-rc));
        return NULL;
    }
    memset(p, 0, bytes);
    m->uncached = p;
    m->uncached_bytes = bytes;
    m->uncached_srbext = a->config.SrbExtensionSize;
    return p;
}

STORPORT_API PVOID StorPortGetUncachedExtension(PVOID HwDeviceExtension,
                                                PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                                ULONG NumberOfBytes)
{
    const void *caller = __builtin_return_address(0);
    struct ustor_adapter *a = mem_adapter(HwDeviceExtension, "StorPortGetUncachedExtension",
                                          caller);
    if (!a || !uncached_allowed(a, ConfigInfo, NumberOfBytes, caller))
        return NULL;
    struct port_memory *m = a->mem;
    pthread_mutex_lock(&m->lock);
    void *p = m->uncached;
    size_t have = m->uncached_bytes;
    if (!p)
        p = uncached_alloc(a, NumberOfBytes, caller);
    pthread_mutex_unlock(&m->lock);
    if (have && NumberOfBytes > have)
        mem_guest(a, "StorPortGetUncachedExtension", caller, "asks for %u bytes; the buffer "
                  "allocated first has %zu and is returned again", NumberOfBytes, have);
    return p;
}

/* ---- copies and conversions ---- */

STORPORT_API VOID StorPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length)
{
    if (Length && (!WriteBuffer || !ReadBuffer)) {
        mem_guest(NULL, "StorPortMoveMemory", __builtin_return_address(0),
                  "NULL buffer (write %p, read %p) for %u bytes; nothing copied", WriteBuffer,
                  ReadBuffer, Length);
        return;
    }
    if (Length)
        memmove(WriteBuffer, ReadBuffer, Length);
}

STORPORT_API STOR_PHYSICAL_ADDRESS StorPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress)
{
    STOR_PHYSICAL_ADDRESS pa;
    pa.QuadPart = (LONGLONG)UlongAddress;
    return pa;
}

STORPORT_API ULONG StorPortConvertPhysicalAddressToUlong(STOR_PHYSICAL_ADDRESS Address)
{
    return Address.LowPart;
}
