/*
 * The debug channel "k32psapi" (see debug.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "debug.h"

/* every class "maybe on" until the first test asks who decides */
struct k32_debug_channel k32_debug_channel = { 0xff, "k32psapi" };

/* Wine's ntdll: __wine_dbg_get_channel_flags, __wine_dbg_header and
 * __wine_dbg_output (declared in Wine's public wine/debug.h). */
static unsigned char (__cdecl *wine_channel_flags)(struct k32_debug_channel *);
static int (__cdecl *wine_header)(enum k32_debug_class, struct k32_debug_channel *, const char *);
static int (__cdecl *wine_output)(const char *);

/* Outside Wine: K32PSAPI_DEBUG=trace turns on traces and warnings, warn
 * warnings only; errors and fixmes are always on. */
static unsigned char flags_from_environment(void)
{
    unsigned char flags = (1 << K32_DBCL_ERR) | (1 << K32_DBCL_FIXME);
    char value[16];
    DWORD len = GetEnvironmentVariableA("K32PSAPI_DEBUG", value, sizeof(value));

    if (len && len < sizeof(value))
    {
        if (!lstrcmpiA(value, "trace")) flags |= (1 << K32_DBCL_TRACE) | (1 << K32_DBCL_WARN);
        else if (!lstrcmpiA(value, "warn")) flags |= 1 << K32_DBCL_WARN;
    }
    return flags;
}

int k32_debug_enabled(enum k32_debug_class cls)
{
    unsigned char flags = k32_debug_channel.flags;

    if (flags & (1 << K32_DBCL_INIT))
    {
        HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

        wine_header = (void *)GetProcAddress(ntdll, "__wine_dbg_header");
        wine_output = (void *)GetProcAddress(ntdll, "__wine_dbg_output");
        wine_channel_flags = (void *)GetProcAddress(ntdll, "__wine_dbg_get_channel_flags");
        if (wine_channel_flags && wine_header && wine_output)
            flags = wine_channel_flags(&k32_debug_channel);   /* Wine stores them too */
        else
        {
            wine_header = NULL;
            flags = flags_from_environment();
        }
        k32_debug_channel.flags = flags;
    }
    return (flags >> cls) & 1;
}

void k32_warn_missing(const char *api, const char *service, long status)
{
    static const char *volatile warned[32];
    unsigned int i;

    for (i = 0; i < sizeof(warned) / sizeof(warned[0]); i++)
    {
        const char *seen = InterlockedCompareExchangePointer((void *volatile *)&warned[i], (void *)service, NULL);
        if (seen == service) return;   /* said before */
        if (!seen) break;              /* this slot is now the service's */
    }
    k32_debug_log(K32_DBCL_WARN, api, "the system lacks %s (status %#lx)\n",
                  service, (unsigned long)status);
}

void k32_debug_log(enum k32_debug_class cls, const char *function, const char *format, ...)
{
    static const char *const class_names[] = { "fixme", "err", "warn", "trace" };
    char line[1024];
    va_list args;
    int len = 0;

    if (!wine_header)
        len = snprintf(line, sizeof(line), "%04lx:%s:k32psapi:%s ", GetCurrentThreadId(),
                       class_names[cls], function);
    va_start(args, format);
    vsnprintf(line + len, sizeof(line) - len, format, args);
    va_end(args);
    if (wine_header)
    {
        if (wine_header(cls, &k32_debug_channel, function) != -1) wine_output(line);
    }
    else OutputDebugStringA(line);
}
