/*
 * Modules of a process: K32EnumProcessModules(Ex), K32GetModuleBaseName(A/W),
 * K32GetModuleFileNameEx(A/W), K32GetModuleInformation.
 *
 * The handle needs PROCESS_QUERY_INFORMATION and PROCESS_VM_READ (each
 * function's reference page); the NT layer's calls fail with
 * STATUS_ACCESS_DENIED without them. A module that is not in the process's
 * list (also one loaded with LOAD_LIBRARY_AS_DATAFILE) fails with
 * ERROR_INVALID_HANDLE.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"
#include "core/devpath.h"

/* A loader name is a UNICODE_STRING: at most 32767 characters, plus the NUL. */
#define WIDE_NAME_MAX 0x8000

/***********************************************************************
 *           K32EnumProcessModulesEx   (kernel32_k32.@)
 *
 * cb is in bytes; what fits is filled and *needed gets the bytes the whole
 * list takes. "If the function is called by a 32-bit application running
 * under WOW64, the dwFilterFlag option is ignored" (EnumProcessModulesEx
 * page): 32-bit builds ignore it everywhere.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-enumprocessmodulesex
 */
BOOL WINAPI K32EnumProcessModulesEx(HANDLE process, HMODULE *modules, DWORD cb, DWORD *needed, DWORD filter)
{
    DWORD count;
    NTSTATUS status;

    TRACE("(%p, %p, %lu, %p, %#lx)\n", process, modules, cb, needed, filter);
#ifdef _WIN64
    if (filter & ~LIST_MODULES_ALL) return set_error(ERROR_INVALID_PARAMETER);
#else
    filter = LIST_MODULES_DEFAULT;
#endif
    /* the handle and its rights first; then the list is written, then
     * *needed, and a NULL pointer faults when it is reached: what was written
     * before stays (observed on Windows: a one-module array holds the main
     * module when lpcbNeeded is NULL) */
    status = nt_enum_modules(process, filter, modules, modules ? cb / sizeof(HMODULE) : 0, &count);
    if (status) return set_status(status);
    if ((!modules && count && cb >= sizeof(HMODULE)) || !needed) return set_error(ERROR_NOACCESS);
    *needed = count * sizeof(HMODULE);
    return TRUE;
}

/***********************************************************************
 *           K32EnumProcessModules   (kernel32_k32.@)
 *
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-enumprocessmodules
 */
BOOL WINAPI K32EnumProcessModules(HANDLE process, HMODULE *modules, DWORD cb, DWORD *needed)
{
    TRACE("(%p, %p, %lu, %p)\n", process, modules, cb, needed);
    return K32EnumProcessModulesEx(process, modules, cb, needed, LIST_MODULES_DEFAULT);
}

/* The name of a module, by the rules of both A and W functions: the handle,
 * its rights and the module are checked first; then the buffer is written
 * (a NULL one faults, ERROR_NOACCESS). A path that does not fit gets
 * nSize - 1 characters and a NUL, and the result is nSize ("truncated and
 * null-terminated", GetModuleFileNameEx page; "the string is truncated to
 * nSize characters including the terminating null character, the function
 * returns nSize", GetModuleFileName page; nSize 1 gives the NUL alone, as
 * GetMappedFileNameA does on Windows); a base name that does not fit gets its
 * first nSize characters and no NUL ("the string is truncated",
 * GetModuleBaseName page), the result nSize too. Either sets
 * ERROR_INSUFFICIENT_BUFFER; nSize 0 writes nothing and returns 0. A counts
 * bytes of the ANSI code page, never half a character; W UTF-16 units. */
static DWORD module_name(const char *api, HANDLE process, HMODULE module, BOOL full_path, void *name, DWORD size,
                         BOOL ansi)
{
    WCHAR stack[MAX_PATH + 1], *wide = stack;
    DWORD copied = 0, written = 0;
    BOOL short_buffer;
    NTSTATUS status;

    status = nt_module_name(process, module, full_path, wide, ARRAY_SIZE(stack), &copied);
    /* a name that filled the stack buffer may be longer: read it whole */
    if (!status && copied >= ARRAY_SIZE(stack) - 1)
    {
        if (!(wide = nt_alloc(WIDE_NAME_MAX * sizeof(WCHAR)))) status = STATUS_NO_MEMORY;
        else status = nt_module_name(process, module, full_path, wide, WIDE_NAME_MAX, &copied);
    }
    if (!status && !name && size) status = STATUS_ACCESS_VIOLATION;
    if (!status)
        status = nt_put_name(name, size, ansi, wide, copied, full_path ? NAME_TRUNCATE_SIZE : NAME_CLIP,
                             &written, &short_buffer);
    if (wide != stack) nt_free(wide);
    if (status)
    {
        fail_status(api, status);
        return 0;
    }
    if (short_buffer) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return written;
}

/***********************************************************************
 *           K32GetModuleBaseNameW   (kernel32_k32.@)
 *
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getmodulebasenamew
 */
DWORD WINAPI K32GetModuleBaseNameW(HANDLE process, HMODULE module, WCHAR *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %lu)\n", process, module, name, size);
    ret = module_name(__func__, process, module, FALSE, name, size, FALSE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetModuleBaseNameA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetModuleBaseNameA(HANDLE process, HMODULE module, char *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %lu)\n", process, module, name, size);
    ret = module_name(__func__, process, module, FALSE, name, size, TRUE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetModuleFileNameExW   (kernel32_k32.@)
 *
 * module NULL: the path of the process's executable, which needs only
 * PROCESS_QUERY_LIMITED_INFORMATION (Windows 10 and later).
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getmodulefilenameexw
 */
DWORD WINAPI K32GetModuleFileNameExW(HANDLE process, HMODULE module, WCHAR *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %lu)\n", process, module, name, size);
    ret = module_name(__func__, process, module, TRUE, name, size, FALSE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetModuleFileNameExA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetModuleFileNameExA(HANDLE process, HMODULE module, char *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %lu)\n", process, module, name, size);
    ret = module_name(__func__, process, module, TRUE, name, size, TRUE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetModuleInformation   (kernel32_k32.@)
 *
 * cb below sizeof(MODULEINFO): ERROR_INSUFFICIENT_BUFFER; nothing past the
 * structure is written. The values come from the loader entry, which has
 * them from the module's PE header (MODULEINFO page). module NULL: the
 * main module, as for the name functions.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getmoduleinformation
 */
BOOL WINAPI K32GetModuleInformation(HANDLE process, HMODULE module, MODULEINFO *info, DWORD cb)
{
    MODULEINFO found;
    NTSTATUS status;

    TRACE("(%p, %p, %p, %lu)\n", process, module, info, cb);
    if (cb < sizeof(MODULEINFO)) return set_error(ERROR_INSUFFICIENT_BUFFER);
    if ((status = nt_module_information(process, module, &found))) return set_status(status);
    /* written once the handle and the module are checked: a NULL one faults then */
    if (!info) return set_error(ERROR_NOACCESS);
    *info = found;
    return TRUE;
}
