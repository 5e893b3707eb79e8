/*
 * Tracing: the debug channel "k32psapi". Under Wine it is Wine's own
 * channel machinery (WINEDEBUG=+k32psapi), reached through the functions
 * Wine's ntdll exports for its debug channels (wine/debug.h), looked up at
 * run time; on Windows, K32PSAPI_DEBUG=trace (or warn) sends the same lines
 * to OutputDebugString. Off, a trace costs one test of a byte.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_DEBUG_H
#define K32_DEBUG_H

enum k32_debug_class
{
    K32_DBCL_FIXME,
    K32_DBCL_ERR,
    K32_DBCL_WARN,
    K32_DBCL_TRACE,
    K32_DBCL_INIT = 7           /* the flags are not known yet */
};

/* The layout of Wine's struct __wine_debug_channel: Wine writes the flags. */
struct k32_debug_channel
{
    unsigned char flags;
    char name[15];
};

extern struct k32_debug_channel k32_debug_channel;

/* Whether messages of class cls are on (the slow path of the macros). */
int k32_debug_enabled(enum k32_debug_class cls);
void k32_debug_log(enum k32_debug_class cls, const char *function, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#define K32_DEBUG_ON(cls) \
    ((k32_debug_channel.flags & (1 << (cls))) && k32_debug_enabled(cls))

#define TRACE(...) \
    do { if (K32_DEBUG_ON(K32_DBCL_TRACE)) k32_debug_log(K32_DBCL_TRACE, __func__, __VA_ARGS__); } while (0)
#define WARN(...) \
    do { if (K32_DEBUG_ON(K32_DBCL_WARN)) k32_debug_log(K32_DBCL_WARN, __func__, __VA_ARGS__); } while (0)

/* A warning given once per process and service (a string literal): where
 * the layer below lacks a service and the documented error is the answer.
 * api is the export the caller called: the warning names it. */
#define WARN_MISSING(api, service, status) \
    do { if (K32_DEBUG_ON(K32_DBCL_WARN)) k32_warn_missing((api), (service), (long)(status)); } while (0)
void k32_warn_missing(const char *api, const char *service, long status);

#endif /* K32_DEBUG_H */
