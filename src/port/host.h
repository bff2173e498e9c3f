/* What other components may ask of a host without the port's internals: its DMA
 * address space (the platform puts device models on it). */
#ifndef USTOR_PORT_HOST_H
#define USTOR_PORT_HOST_H

struct ustor_host;
struct dma_space;

struct dma_space *port_host_dma(struct ustor_host *host);

#endif
