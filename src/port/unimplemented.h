/* Reporting a routine that is declared but not implemented yet. */
#ifndef USTOR_PORT_UNIMPLEMENTED_H
#define USTOR_PORT_UNIMPLEMENTED_H

/* Logs, once per routine name, that NAME was called from CALLER and is not
 * implemented; the caller then returns the routine's documented failure. */
void ustor_unimplemented(const char *name, void *caller);

#endif
