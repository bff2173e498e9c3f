/*
 * scsi.h - the SCSI command vocabulary a Storport miniport speaks: operation codes
 * (SCSIOP_*), the CDB union, status and sense data, INQUIRY data and VPD pages,
 * mode parameters and pages, capacity/REPORT LUNS/UNMAP/LBA-status/reservation data,
 * the byte-order helpers, and the STOR_ADDRESS unit addresses of extended SRBs.
 * Values and layouts follow SPC-5/SBC-4/SAT (x64, byte-packed wire structures);
 * names follow the WDK. Leaves out: MMC/DVD feature structures (ntddmmc.h), tape and
 * changer parameter pages, log pages, and the sense-parsing inline helpers.
 * Pieces: ustor/scsi_ops.h, scsi_cdb.h, scsi_sense.h, scsi_inquiry.h, scsi_mode.h,
 * scsi_data.h, scsi_addr.h (all guarded, so any include order works).
 */
#ifndef _NTSCSI_
#define _NTSCSI_

#include "ustor/nt_base.h"
#include "ustor/scsi_ops.h"
#include "ustor/scsi_cdb.h"
#include "ustor/scsi_sense.h"
#include "ustor/scsi_inquiry.h"
#include "ustor/scsi_mode.h"
#include "ustor/scsi_data.h"
#include "ustor/scsi_addr.h"

#endif /* _NTSCSI_ */
