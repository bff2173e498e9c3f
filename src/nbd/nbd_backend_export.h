/* Serving a backend (ustor_backend.h) directly as an NBD export, without a
 * miniport in between: for the test server, and for tools that want a plain
 * image server. Each worker gets its own backend queue as its channel. */
#ifndef USTOR_NBD_NBD_BACKEND_EXPORT_H
#define USTOR_NBD_NBD_BACKEND_EXPORT_H

#include "nbd/nbd_export.h"
#include "ustorport/ustor_backend.h"

/* Fills *out to serve backend under name; capabilities come from the backend's.
 * block_min 0 keeps the backend's alignment. The backend must outlive the server. */
NBD_EXPORT_API int ustor_nbd_backend_export(struct ustor_backend *backend, const char *name,
                                            const char *description, uint32_t block_min,
                                            struct nbd_export *out);

#endif
