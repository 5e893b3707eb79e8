/*
 * Working sets: K32QueryWorkingSet, K32QueryWorkingSetEx, K32EmptyWorkingSet,
 * K32InitializeProcessForWsWatch, K32GetWsChanges, K32GetWsChangesEx.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>

#include "k32_private.h"
#include "core/workingset.h"

C_ASSERT(WS_HEADER_SIZE == offsetof(PSAPI_WORKING_SET_INFORMATION, WorkingSetInfo));
C_ASSERT(WS_BLOCK_SIZE == sizeof(PSAPI_WORKING_SET_BLOCK));
C_ASSERT(WSEX_ENTRY_SIZE == sizeof(PSAPI_WORKING_SET_EX_INFORMATION));
C_ASSERT(WSWATCH_SIZE == sizeof(PSAPI_WS_WATCH_INFORMATION));
C_ASSERT(WSWATCH_EX_SIZE == sizeof(PSAPI_WS_WATCH_INFORMATION_EX));
C_ASSERT(offsetof(PSAPI_WS_WATCH_INFORMATION_EX, BasicInfo.FaultingPc) == 0);

/* Whether the layer below said the caller's buffer is too small. */
static BOOL buffer_too_small(NTSTATUS status)
{
    return status == STATUS_INFO_LENGTH_MISMATCH || status == STATUS_BUFFER_TOO_SMALL
           || status == STATUS_BUFFER_OVERFLOW;
}

/***********************************************************************
 *           K32QueryWorkingSet   (kernel32_k32.@)
 *
 * Fills a PSAPI_WORKING_SET_INFORMATION of cb bytes. When the blocks do not
 * all fit it fails with ERROR_BAD_LENGTH and NumberOfEntries (when cb holds
 * it) tells the count needed. The handle needs PROCESS_QUERY_INFORMATION and
 * PROCESS_VM_READ.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-queryworkingset
 */
BOOL WINAPI K32QueryWorkingSet(HANDLE process, void *buffer, DWORD cb)
{
    NTSTATUS status;

    TRACE("(%p, %p, %lu)\n", process, buffer, cb);
    if (cb < WS_HEADER_SIZE) return set_error(ERROR_BAD_LENGTH);
    if (!buffer)
    {
        /* the handle and its rights first: asked for the header alone, the
         * layer checks them; the buffer then faults */
        ULONG_PTR header;

        status = nt_working_set(__func__, process, &header, sizeof(header));
        if (status && !buffer_too_small(status)) return set_status(status);
        return set_error(ERROR_NOACCESS);
    }
    status = nt_working_set(__func__, process, buffer, cb);
    if (buffer_too_small(status)) return set_error(ERROR_BAD_LENGTH);
    if (status) return set_status(status);
    if (ws_check(buffer, cb) != WS_OK) return set_error(ERROR_INVALID_DATA);
    return TRUE;
}

/***********************************************************************
 *           K32QueryWorkingSetEx   (kernel32_k32.@)
 *
 * cb is the size of the whole PSAPI_WORKING_SET_EX_INFORMATION array in
 * bytes; the caller fills each VirtualAddress, each VirtualAttributes is
 * written. Bytes after the last whole entry are left alone; less than one
 * entry fails with ERROR_BAD_LENGTH. The handle needs PROCESS_QUERY_INFORMATION.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-queryworkingsetex
 */
BOOL WINAPI K32QueryWorkingSetEx(HANDLE process, void *buffer, DWORD cb)
{
    NTSTATUS status;

    TRACE("(%p, %p, %lu)\n", process, buffer, cb);
    if (!wsex_count(cb)) return set_error(ERROR_BAD_LENGTH);
    if (!buffer)
    {
        /* the handle and its rights first (one entry of this DLL's own
         * address asked for); the buffer then faults */
        PSAPI_WORKING_SET_EX_INFORMATION entry = { (void *)&K32QueryWorkingSetEx };

        status = nt_working_set_ex(__func__, process, &entry, sizeof(entry));
        if (status && !buffer_too_small(status)) return set_status(status);
        return set_error(ERROR_NOACCESS);
    }
    status = nt_working_set_ex(__func__, process, buffer, wsex_count(cb) * WSEX_ENTRY_SIZE);
    if (buffer_too_small(status)) return set_error(ERROR_BAD_LENGTH);
    if (status) return set_status(status);
    return TRUE;
}

/***********************************************************************
 *           K32EmptyWorkingSet   (kernel32_k32.@)
 *
 * The handle needs PROCESS_SET_QUOTA and PROCESS_QUERY_INFORMATION or
 * PROCESS_QUERY_LIMITED_INFORMATION. "Calling this function is equivalent to
 * SetProcessWorkingSetSize(process, (SIZE_T)-1, (SIZE_T)-1)": where the NT
 * service is missing, a good handle gets what that equivalent answers.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-emptyworkingset
 */
BOOL WINAPI K32EmptyWorkingSet(HANDLE process)
{
    NTSTATUS status;

    TRACE("(%p)\n", process);
    if ((status = nt_empty_working_set(__func__, process))) return set_status(status);
    return TRUE;
}

/***********************************************************************
 *           K32InitializeProcessForWsWatch   (kernel32_k32.@)
 *
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-initializeprocessforwswatch
 */
BOOL WINAPI K32InitializeProcessForWsWatch(HANDLE process)
{
    NTSTATUS status;

    TRACE("(%p)\n", process);
    if ((status = nt_ws_watch_init(__func__, process))) return set_status(status);
    return TRUE;
}

/* GetWsChanges(Ex): the records since the last call, ended by a record whose
 * FaultingPc is NULL. A buffer too small for them all fails with
 * ERROR_INSUFFICIENT_BUFFER and "is returned empty"; *cb is then raised to
 * the bytes needed when the system tells them, and is left alone on success. */
static BOOL get_ws_changes(const char *api, HANDLE process, BOOL ex, void *info, DWORD *cb)
{
    size_t record = ex ? WSWATCH_EX_SIZE : WSWATCH_SIZE, records, used;
    ULONG returned;
    NTSTATUS status;

    /* the handle first (a query with no buffer checks it), then the buffer */
    status = nt_ws_watch(api, process, ex, info, info ? *cb : 0, &returned);
    if (!info && *cb && (!status || buffer_too_small(status))) return fail_error(api, ERROR_NOACCESS);
    if (buffer_too_small(status))
    {
        wswatch_empty(info, *cb, record);
        if (returned > *cb) *cb = returned;
        return fail_error(api, ERROR_INSUFFICIENT_BUFFER);
    }
    if (status) return fail_status(api, status);
    switch (wswatch_terminate(info, *cb, returned, record, &records, &used))
    {
    case WS_OK:
        return TRUE;
    case WS_SHORT:
        wswatch_empty(info, *cb, record);
        return fail_error(api, ERROR_INSUFFICIENT_BUFFER);
    default:
        return fail_error(api, ERROR_INVALID_DATA);
    }
}

/***********************************************************************
 *           K32GetWsChanges   (kernel32_k32.@)
 *
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getwschanges
 */
BOOL WINAPI K32GetWsChanges(HANDLE process, PSAPI_WS_WATCH_INFORMATION *info, DWORD cb)
{
    TRACE("(%p, %p, %lu)\n", process, info, cb);
    return get_ws_changes(__func__, process, FALSE, info, &cb);
}

/***********************************************************************
 *           K32GetWsChangesEx   (kernel32_k32.@)
 *
 * cb is in/out, as documented (mingw-w64's header has a DWORD).
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getwschangesex
 */
BOOL WINAPI K32GetWsChangesEx(HANDLE process, PSAPI_WS_WATCH_INFORMATION_EX *info, DWORD *cb)
{
    TRACE("(%p, %p, %p)\n", process, info, cb);
    if (!cb) return set_error(ERROR_NOACCESS);
    return get_ws_changes(__func__, process, TRUE, info, cb);
}
