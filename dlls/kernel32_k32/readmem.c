/*
 * Toolhelp32ReadProcessMemory.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"

/***********************************************************************
 *           Toolhelp32ReadProcessMemory   (kernel32_k32.@)
 *
 * pid 0 is the calling process. A read that stops at an unreadable page
 * fails (ERROR_PARTIAL_COPY) and still reports the bytes it copied.
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-toolhelp32readprocessmemory
 */
BOOL WINAPI Toolhelp32ReadProcessMemory(DWORD pid, const void *base, void *buffer, SIZE_T size,
                                        SIZE_T *read)
{
    SIZE_T done = 0;
    NTSTATUS status;

    TRACE("(%lu, %p, %p, %lu, %p)\n", pid, base, buffer, (unsigned long)size, read);
    status = nt_read_process_memory(pid, base, buffer, size, &done);
    if (read) *read = done;
    if (status) return set_status(status);
    return TRUE;
}
