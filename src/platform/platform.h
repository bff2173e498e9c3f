/*
 * platform.h - the host's simulated machine (ustor_platform.h) as device models see it:
 * its PCI bus. One bus per platform; left out: bridges, several segments.
 */
#ifndef USTOR_PLATFORM_PLATFORM_H
#define USTOR_PLATFORM_PLATFORM_H

#include "platform/pci.h"
#include "ustorport/ustor_platform.h"

struct pci_bus *platform_bus(struct ustor_platform *platform);

#endif
