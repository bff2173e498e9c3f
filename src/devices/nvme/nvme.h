/*
 * nvme.h - an NVMe controller model on a PCI function, following the NVM Express Base
 * Specification revision 1.4 (June 2019).
 *
 * Implemented (section numbers of 1.4):
 *   §3.1   registers: CAP (MQES, CQR, TO, DSTRD, CSS, MPSMIN/MPSMAX), VS, INTMS/INTMC,
 *          CC/CSTS (enable, controller reset, normal and abrupt shutdown, CFS on a
 *          fatal error), AQA/ASQ/ACQ, SQ tail and CQ head doorbells
 *   §4.1-§4.6  queues (physically contiguous), PRP lists, SGLs (Data Block, Bit
 *          Bucket, Segment, Last Segment), completion status and phase
 *   §5.2   Asynchronous Event Request (error: invalid doorbell register and value;
 *          notice: namespace attribute changed)
 *   §5.1 Abort (always "not aborted": commands run to completion when fetched)
 *   §5.3-§5.6  Create/Delete I/O CQ and SQ
 *   §5.14  Get Log Page: Error Information, SMART / Health, Firmware Slot, Changed
 *          Namespace List
 *   §5.15  Identify CNS 00h, 01h, 02h, 03h, 10h, 11h, 12h, 13h
 *   §5.20/§5.21  Namespace Attachment; Namespace Management (delete; create reports
 *          no unallocated capacity)
 *   §5.21  Get/Set Features: Arbitration, Power Management, LBA Range Type (answered
 *          Invalid Field: optional and not supported), Temperature Threshold, Error
 *          Recovery, Volatile Write Cache, Number of Queues, Interrupt Coalescing
 *          (kept, not applied), Interrupt Vector Configuration, Write Atomicity Normal,
 *          Asynchronous Event Configuration; SEL current/default/saved/supported
 *   §6     NVM commands: Flush (also broadcast), Write (FUA), Read, Compare, Write
 *          Zeroes (DEAC), Dataset Management (deallocate)
 * Interrupts: one MSI-X vector per completion queue (the CQ's IV), multiple-message
 * MSI masked through INTMS/INTMC, or INTx (level = any enabled CQ with unconsumed
 * entries and vector 0 unmasked).
 * Left out: fused operations, metadata and protection information, reservations,
 * firmware download/commit, format NVM, sanitize, self-test, keep alive, directives,
 * weighted round robin arbitration (accepted, served round robin), CMB/PMR, NVM
 * subsystem reset, boot partitions, namespace creation, interrupt coalescing timing.
 *
 * Knobs (struct nvme_config; 0 or false takes the default):
 *   io_queues        64     I/O SQ and CQ pairs (Number of Queues maximum); the MSI-X
 *                           table has io_queues + 1 vectors
 *   queue_entries    1024   entries per queue the controller allows (CAP.MQES + 1)
 *   dstrd            0      doorbell stride 4 << DSTRD bytes (at most 4)
 *   timeout          20     CAP.TO, in 500 ms units (10 s)
 *   mpsmin, mpsmax   0, 4   memory page sizes 4 KiB .. 64 KiB (CC.MPS range)
 *   mdts             8      largest transfer 2^MDTS minimum pages (1 MiB)
 *   cmds_per_sq      128    fetched commands in flight per SQ (async backends use them)
 *   aerl             3      Asynchronous Event Request Limit (zero-based: 4 requests)
 *   error_log_entries 16    Error Information log entries kept (ELPE + 1, at most 64)
 *   max_namespaces   32     NN: namespace IDs 1..NN
 *   no_write_cache   false  true: no volatile write cache (VWC 0, every write FUA)
 *   no_sgl           false  true: SGLs not supported (SGLS 0, PSDT != 0 refused)
 *   no_ns_mgmt       false  true: OACS without namespace management/attachment
 *   irq_mode         MSI-X  what the platform enables: MSI-X, MSI or INTx
 *   msi_vectors      32     messages of the MSI capability (a power of two <= 32)
 *   threaded         false  true: a device thread runs the queues; false: the thread
 *                           that writes a doorbell runs the commands it exposed
 *   vendor_id/device_id  0x7573/0x6E76 (made up), subsystem ids the same
 *   serial, model, firmware  "USTOR<bus><slot>", "ustorport NVMe", "1.0"
 *   cntlid           1      controller ID
 * Namespaces: per namespace a backend (ustor_backend.h) and an LBA size of 512 or 4096
 * (the two LBA formats offered).
 *
 * Threading: register writes may come from any thread. Commands run on the thread
 * that wrote the SQ tail doorbell (or on the device thread when threaded); a thread
 * finding the queue already served just leaves the new tail for the serving thread.
 * Completions raise the CQ's message inline on that thread (the port masks it while
 * the thread holds the interrupt lock); device threads post it. Asynchronous backend
 * completions are reaped by a per-controller poll thread. No lock of the model is held
 * while an interrupt is raised or a backend request is submitted to a shared queue.
 * Why inline is the default, with measurements: docs/nvme-model.md.
 */
#ifndef USTOR_DEVICES_NVME_H
#define USTOR_DEVICES_NVME_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/pci.h"
#include "ustorport/ustor_backend.h"

struct nvme_ctrl;

struct nvme_config {
    const char *name;               /* "nvme<slot>" when NULL */
    uint32_t io_queues;
    uint32_t queue_entries;
    uint8_t dstrd;
    uint8_t timeout;
    uint8_t mpsmin, mpsmax;
    uint8_t mdts;
    uint32_t cmds_per_sq;
    uint8_t aerl;
    uint8_t error_log_entries;
    uint32_t max_namespaces;
    bool no_write_cache;
    bool no_sgl;
    bool no_ns_mgmt;
    enum pci_irq_mode irq_mode;     /* PCI_IRQ_NONE: the default, MSI-X */
    uint8_t msi_vectors;
    bool threaded;
    uint16_t vendor_id, device_id;
    const char *serial, *model, *firmware;
    uint16_t cntlid;
};

/* Limits on knobs (bigger values are refused with -EINVAL). */
#define NVME_MAX_IO_QUEUES 1024u
#define NVME_MAX_NAMESPACES 1024u
#define NVME_MAX_MDTS 10u
#define NVME_MAX_ERROR_LOG 64u

/* Fills the defaults into the zero fields of CFG. */
void nvme_config_defaults(struct nvme_config *cfg);

/* A controller on a new function of BUS, with no namespace attached. */
int nvme_ctrl_create(struct pci_bus *bus, const struct nvme_config *cfg, struct nvme_ctrl **out);
/* No adapter may use the function any more. */
void nvme_ctrl_destroy(struct nvme_ctrl *c);
struct pci_function *nvme_ctrl_pci(const struct nvme_ctrl *c);
const char *nvme_ctrl_name(const struct nvme_ctrl *c);

/* Namespace NSID (1..NN) appears on BACKEND with LBA_SIZE (512 or 4096; 0: 512). With
 * NOTIFY the host is told through the Changed Namespace List and an asynchronous
 * event. The backend must outlive the namespace. -EEXIST if NSID is in use. */
int nvme_ns_attach(struct nvme_ctrl *c, uint32_t nsid, struct ustor_backend *backend,
                   uint32_t lba_size, bool notify);
/* The namespace disappears; waits for the commands using it, then drops its backend
 * queues, so the caller may close the backend afterwards. -ENOENT if absent. */
int nvme_ns_detach(struct nvme_ctrl *c, uint32_t nsid, bool notify);

struct nvme_stats {
    uint64_t commands;              /* completions posted */
    uint64_t errors;                /* of them with a non-zero status */
    uint64_t guest_errors;          /* bad register writes, doorbells, fatal errors */
    uint64_t resets;                /* controller resets completed */
};
void nvme_get_stats(struct nvme_ctrl *c, struct nvme_stats *st);

#endif
