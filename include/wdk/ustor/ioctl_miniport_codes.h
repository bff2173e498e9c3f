/*
 * ustor/ioctl_miniport_codes.h - FILE_DEVICE_SCSI and the ControlCode values a
 * miniport finds in SRB_IO_CONTROL: the SMART set (500h-50Ch), cluster hints
 * (520h-522h), and the NVCACHE/HYBRID/DSM/FIRMWARE/DIAGNOSTIC requests.
 * Internal piece: the WDK spreads these over storport.h, ntddscsi.h and
 * ntdddisk.h, so each of those may include this guarded piece.  Token spelling
 * follows the WDK so a miniport's own copy redefines silently.
 */
#ifndef USTOR_IOCTL_MINIPORT_CODES_H
#define USTOR_IOCTL_MINIPORT_CODES_H

#ifndef FILE_DEVICE_SCSI
#define FILE_DEVICE_SCSI 0x0000001b
#endif

/* Legacy "execute" codes of the SCSI device type. */
#define IOCTL_SCSI_EXECUTE_IN   ((FILE_DEVICE_SCSI << 16) + 0x0011)
#define IOCTL_SCSI_EXECUTE_OUT  ((FILE_DEVICE_SCSI << 16) + 0x0012)
#define IOCTL_SCSI_EXECUTE_NONE ((FILE_DEVICE_SCSI << 16) + 0x0013)

/* SMART over IOCTL_SCSI_MINIPORT (signature "SCSIDISK"). */
#define IOCTL_SCSI_MINIPORT_SMART_VERSION           ((FILE_DEVICE_SCSI << 16) + 0x0500)
#define IOCTL_SCSI_MINIPORT_IDENTIFY                ((FILE_DEVICE_SCSI << 16) + 0x0501)
#define IOCTL_SCSI_MINIPORT_READ_SMART_ATTRIBS      ((FILE_DEVICE_SCSI << 16) + 0x0502)
#define IOCTL_SCSI_MINIPORT_READ_SMART_THRESHOLDS   ((FILE_DEVICE_SCSI << 16) + 0x0503)
#define IOCTL_SCSI_MINIPORT_ENABLE_SMART            ((FILE_DEVICE_SCSI << 16) + 0x0504)
#define IOCTL_SCSI_MINIPORT_DISABLE_SMART           ((FILE_DEVICE_SCSI << 16) + 0x0505)
#define IOCTL_SCSI_MINIPORT_RETURN_STATUS           ((FILE_DEVICE_SCSI << 16) + 0x0506)
#define IOCTL_SCSI_MINIPORT_ENABLE_DISABLE_AUTOSAVE ((FILE_DEVICE_SCSI << 16) + 0x0507)
#define IOCTL_SCSI_MINIPORT_SAVE_ATTRIBUTE_VALUES   ((FILE_DEVICE_SCSI << 16) + 0x0508)
#define IOCTL_SCSI_MINIPORT_EXECUTE_OFFLINE_DIAGS   ((FILE_DEVICE_SCSI << 16) + 0x0509)
#define IOCTL_SCSI_MINIPORT_ENABLE_DISABLE_AUTO_OFFLINE ((FILE_DEVICE_SCSI << 16) + 0x050a)
#define IOCTL_SCSI_MINIPORT_READ_SMART_LOG          ((FILE_DEVICE_SCSI << 16) + 0x050b)
#define IOCTL_SCSI_MINIPORT_WRITE_SMART_LOG         ((FILE_DEVICE_SCSI << 16) + 0x050c)

/* Cluster capability hints. */
#define IOCTL_SCSI_MINIPORT_NOT_QUORUM_CAPABLE      ((FILE_DEVICE_SCSI << 16) + 0x0520)
#define IOCTL_SCSI_MINIPORT_QUORUM_CAPABLE          ((FILE_DEVICE_SCSI << 16) + 0x0521)
#define IOCTL_SCSI_MINIPORT_NOT_CLUSTER_CAPABLE     ((FILE_DEVICE_SCSI << 16) + 0x0522)

/* Non-volatile cache, hybrid disks, data set management, firmware, diagnostics. */
#define IOCTL_SCSI_MINIPORT_NVCACHE           ((FILE_DEVICE_SCSI << 16) + 0x0600)
#define IOCTL_SCSI_MINIPORT_HYBRID            ((FILE_DEVICE_SCSI << 16) + 0x0620)
#define IOCTL_SCSI_MINIPORT_DSM               ((FILE_DEVICE_SCSI << 16) + 0x0720)
#define IOCTL_SCSI_MINIPORT_DSM_GENERAL       ((FILE_DEVICE_SCSI << 16) + 0x0721)
#define IOCTL_SCSI_MINIPORT_FIRMWARE          ((FILE_DEVICE_SCSI << 16) + 0x0780)
#define IOCTL_SCSI_MINIPORT_BOOT_PARTITION    ((FILE_DEVICE_SCSI << 16) + 0x0790)
#define IOCTL_SCSI_MINIPORT_DIAGNOSTIC        ((FILE_DEVICE_SCSI << 16) + 0x0900)

#endif /* USTOR_IOCTL_MINIPORT_CODES_H */
