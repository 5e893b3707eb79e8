/*
 * Process enumeration: K32EnumProcesses.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"

/***********************************************************************
 *           K32EnumProcesses   (kernel32_k32.@)
 *
 * Fills what fits of the process id list; *needed gets the bytes written,
 * not the bytes the whole list would take: "There is no indication given
 * when the buffer is too small" (EnumProcesses reference page).
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-enumprocesses
 */
BOOL WINAPI K32EnumProcesses(DWORD *ids, DWORD size, DWORD *needed)
{
    void *list;
    ULONG list_size;
    size_t count;
    NTSTATUS status;
    int ret;

    TRACE("(%p, %lu, %p)\n", ids, size, needed);
    if ((status = nt_process_list(&list, &list_size))) return set_status(status);
    /* the array first, then *needed: each faults (ERROR_NOACCESS) when it is
     * reached, and what was written before stays (docs/conformance.md,
     * "Order of checks") */
    if (!ids && size >= sizeof(DWORD))
    {
        nt_free(list);
        return set_error(ERROR_NOACCESS);
    }
    ret = sysproc_pids(list, list_size, (uintptr_t)list, (uint32_t *)ids, size / sizeof(DWORD), &count);
    nt_free(list);
    if (ret != CORE_OK) return set_error(ERROR_INVALID_DATA);
    if (!needed) return set_error(ERROR_NOACCESS);
    *needed = (DWORD)(count * sizeof(DWORD));
    return TRUE;
}
