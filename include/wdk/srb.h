/*
 * srb.h - the ScsiPort-style SRB header: the request blocks, their constants and the
 * extended-SRB structures (ustor/srb_defs.h), the SCSI vocabulary (scsi.h), and the
 * Storport layouts of HW_INITIALIZATION_DATA and PORT_CONFIGURATION_INFORMATION
 * (ustor/storport_config.h), so that srb.h and storport.h can be included in either
 * order without redefining anything.
 * Leaves out: the ScsiPort* routines (ScsiPort miniports are not hosted).
 */
#ifndef _NTSRB_
#define _NTSRB_

#include "ustor/nt_base.h"
#include "ustor/srb_defs.h"
#include "scsi.h"
#include "ustor/storport_config.h"

#endif /* _NTSRB_ */
