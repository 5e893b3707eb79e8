/*
 * System-wide information: K32GetPerformanceInfo and K32EnumPageFilesA/W.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "k32_private.h"
#include "core/devpath.h"
#include "core/sysinfo.h"

C_ASSERT(sizeof(struct perf_layout) == sizeof(PERFORMANCE_INFORMATION));
C_ASSERT(offsetof(struct perf_layout, system_cache) == offsetof(PERFORMANCE_INFORMATION, SystemCache));
C_ASSERT(offsetof(struct perf_layout, page_size) == offsetof(PERFORMANCE_INFORMATION, PageSize));
C_ASSERT(offsetof(struct perf_layout, thread_count) == offsetof(PERFORMANCE_INFORMATION, ThreadCount));

/***********************************************************************
 *           K32GetPerformanceInfo   (kernel32_k32.@)
 *
 * Values in pages, PageSize in bytes. cb must hold PERFORMANCE_INFORMATION
 * (ERROR_BAD_LENGTH otherwise); nothing past it is written. Every value is
 * the one NtQuerySystemInformation reports at that moment (see
 * core/sysinfo.c): none is computed another way where the layer reports
 * none (the Wine builtin's answer, and Windows' as observed).
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getperformanceinfo
 * https://learn.microsoft.com/windows/win32/api/psapi/ns-psapi-performance_information
 */
BOOL WINAPI K32GetPerformanceInfo(PERFORMANCE_INFORMATION *info, DWORD cb)
{
    struct perf_layout values;
    NTSTATUS status;

    TRACE("(%p, %lu)\n", info, cb);
    if (cb < sizeof(*info)) return set_error(ERROR_BAD_LENGTH);
    if ((status = nt_performance(__func__, &values))) return set_status(status);
    /* the structure is written last: a NULL one faults then */
    if (!info) return set_error(ERROR_NOACCESS);
    memcpy(info, &values, sizeof(*info));
    return TRUE;
}

/* Calls the A or W callback once per page file, with its name in the Win32
 * form ("C:\pagefile.sys"), until the callback returns FALSE. */
static BOOL enum_page_files(const char *api, void *callback, void *context, BOOL ansi)
{
    struct nt_pagefile_record record;
    struct pagefile_walk walk;
    struct devpath parsed;
    const void *nt_name;
    size_t name_bytes, chars;
    ULONG list_size;
    NTSTATUS status;
    void *list;
    int ret;

    if (!callback) return fail_error(api, ERROR_INVALID_PARAMETER);
    /* a system without SystemPageFileInformation: ERROR_NOT_SUPPORTED, as
     * nothing tells whether it has page files */
    if ((status = nt_pagefile_list(api, &list, &list_size))) return fail_status(api, status);
    pagefile_walk_init(&walk, list, list_size, (uintptr_t)list);
    while ((ret = pagefile_walk_next(&walk, &record, &nt_name, &name_bytes)) == CORE_OK)
    {
        ENUM_PAGE_FILE_INFORMATION info;
        WCHAR *name;
        void *out = NULL;
        DWORD written;
        BOOL short_buffer, go_on;

        if (devpath_parse(nt_name, name_bytes, &parsed) != CORE_OK)
        {
            ret = CORE_CORRUPT;
            break;
        }
        chars = devpath_dos(NULL, 0, nt_name, &parsed);
        /* the A name takes at most 4 bytes a character */
        if (!(name = nt_alloc((chars + 1) * sizeof(WCHAR))) || (ansi && !(out = nt_alloc(chars * 4 + 1))))
        {
            nt_free(name);
            nt_free(list);
            return fail_error(api, ERROR_NOT_ENOUGH_MEMORY);
        }
        devpath_dos(name, chars + 1, nt_name, &parsed);
        status = ansi ? nt_put_name(out, (DWORD)(chars * 4 + 1), TRUE, name, chars, NAME_WHOLE, &written, &short_buffer)
                      : STATUS_SUCCESS;
        memset(&info, 0, sizeof(info));
        info.cb = sizeof(info);
        info.TotalSize = record.total_size;
        info.TotalInUse = record.total_in_use;
        info.PeakUsage = record.peak_usage;
        go_on = FALSE;
        if (!status && ansi) go_on = ((PENUM_PAGE_FILE_CALLBACKA)callback)(context, &info, out);
        else if (!status) go_on = ((PENUM_PAGE_FILE_CALLBACKW)callback)(context, &info, name);
        nt_free(out);
        nt_free(name);
        if (status)
        {
            nt_free(list);
            return fail_status(api, status);
        }
        if (!go_on)
        {
            ret = CORE_END;
            break;
        }
    }
    nt_free(list);
    if (ret != CORE_END) return fail_error(api, ERROR_INVALID_DATA);
    return TRUE;
}

/***********************************************************************
 *           K32EnumPageFilesW   (kernel32_k32.@)
 *
 * "Calls the callback routine for each installed pagefile in the system";
 * the enumeration stops when the callback returns FALSE.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-enumpagefilesw
 * https://learn.microsoft.com/windows/win32/api/psapi/nc-psapi-penum_page_file_callbackw
 */
BOOL WINAPI K32EnumPageFilesW(PENUM_PAGE_FILE_CALLBACKW callback, void *context)
{
    TRACE("(%p, %p)\n", callback, context);
    return enum_page_files(__func__, (void *)callback, context, FALSE);
}

/***********************************************************************
 *           K32EnumPageFilesA   (kernel32_k32.@)
 */
BOOL WINAPI K32EnumPageFilesA(PENUM_PAGE_FILE_CALLBACKA callback, void *context)
{
    TRACE("(%p, %p)\n", callback, context);
    return enum_page_files(__func__, (void *)callback, context, TRUE);
}
