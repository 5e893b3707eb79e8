/*
 * File names in the device form: K32GetProcessImageFileNameA/W and
 * K32GetMappedFileNameA/W.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"
#include "core/devpath.h"

/* Writes a name the NT layer gave to the caller's buffer (fit: an enum
 * name_fit): a name that did not fit whole sets ERROR_INSUFFICIENT_BUFFER.
 * The buffer is written only here, after the handle, its rights and the
 * address were checked: a NULL one then faults, ERROR_NOACCESS. */
static DWORD put_name(const char *api, WCHAR *name, size_t chars, void *buf, DWORD size, BOOL ansi, int fit)
{
    BOOL short_buffer;
    DWORD written = 0;
    NTSTATUS status = STATUS_ACCESS_VIOLATION;

    if (buf || !size || (fit == NAME_WHOLE && chars >= size))
        status = nt_put_name(buf, size, ansi, name, chars, fit, &written, &short_buffer);
    nt_free(name);
    if (status)
    {
        fail_status(api, status);
        return 0;
    }
    if (short_buffer) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return written;
}

static DWORD process_image_name(const char *api, HANDLE process, void *buf, DWORD size, BOOL ansi)
{
    WCHAR *name;
    size_t chars;
    NTSTATUS status;

    if ((status = nt_process_image_name(process, &name, &chars)))
    {
        fail_status(api, status);
        return 0;
    }
    return put_name(api, name, chars, buf, size, ansi, NAME_WHOLE);
}

/***********************************************************************
 *           K32GetProcessImageFileNameW   (kernel32_k32.@)
 *
 * "returns the path in device form, rather than drive letters"; the handle
 * needs PROCESS_QUERY_INFORMATION or PROCESS_QUERY_LIMITED_INFORMATION.
 * The documentation is silent on a short buffer: the call fails with
 * ERROR_INSUFFICIENT_BUFFER and writes nothing, as NT's ProcessImageFileName
 * query does (and the Wine builtin, for every size from 0 to the length).
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getprocessimagefilenamew
 */
DWORD WINAPI K32GetProcessImageFileNameW(HANDLE process, WCHAR *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %lu)\n", process, name, size);
    ret = process_image_name(__func__, process, name, size, FALSE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetProcessImageFileNameA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetProcessImageFileNameA(HANDLE process, char *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %lu)\n", process, name, size);
    ret = process_image_name(__func__, process, name, size, TRUE);
    TRACE("-> %lu\n", ret);
    return ret;
}

static DWORD mapped_file_name(const char *api, HANDLE process, void *addr, void *buf, DWORD size, BOOL ansi)
{
    WCHAR *name;
    size_t chars;
    NTSTATUS status;

    /* checked before the handle (observed on Windows and in the Wine builtin) */
    if (!buf && size) return fail_error(api, ERROR_INVALID_PARAMETER);
    if ((status = nt_mapped_file_name(process, addr, &name, &chars)))
    {
        /* STATUS_INVALID_ADDRESS (no view there) and STATUS_FILE_INVALID (a
         * view of a pagefile-backed section) have their rows in errors.c */
        fail_status(api, status);
        return 0;
    }
    return put_name(api, name, chars, buf, size, ansi, NAME_TRUNCATE_SIZE);
}

/***********************************************************************
 *           K32GetMappedFileNameW   (kernel32_k32.@)
 *
 * The device form of the file mapped at addr in the process (the handle
 * needs PROCESS_QUERY_INFORMATION). "the return value specifies the length
 * of the string copied to the buffer": a short buffer gets nSize - 1
 * characters and a NUL, the result is nSize (the NUL counted: nSize 1 gives
 * the NUL alone and 1, as observed on Windows for the A function) and the
 * last error ERROR_INSUFFICIENT_BUFFER. A NULL buffer with a nonzero nSize
 * is ERROR_INVALID_PARAMETER (observed on Windows). The device form is
 * what "Obtaining a File Name From a File Handle" translates back to drive
 * letters.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getmappedfilenamew
 * https://learn.microsoft.com/windows/win32/memory/obtaining-a-file-name-from-a-file-handle
 */
DWORD WINAPI K32GetMappedFileNameW(HANDLE process, void *addr, WCHAR *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %lu)\n", process, addr, name, size);
    ret = mapped_file_name(__func__, process, addr, name, size, FALSE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetMappedFileNameA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetMappedFileNameA(HANDLE process, void *addr, char *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %lu)\n", process, addr, name, size);
    ret = mapped_file_name(__func__, process, addr, name, size, TRUE);
    TRACE("-> %lu\n", ret);
    return ret;
}
