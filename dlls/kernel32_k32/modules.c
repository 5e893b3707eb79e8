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

#ifdef _WIN64
    if (filter & ~LIST_MODULES_ALL) K32_FAIL(ERROR_INVALID_PARAMETER);
#else
    filter = LIST_MODULES_DEFAULT;
#endif
    if (!needed || (cb >= sizeof(HMODULE) && !modules)) K32_FAIL(ERROR_NOACCESS);
    status = nt_enum_modules(process, filter, modules, cb / sizeof(HMODULE), &count);
    if (status) return nt_set_status(status);
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
    return K32EnumProcessModulesEx(process, modules, cb, needed, LIST_MODULES_DEFAULT);
}

/* nSize 0 and a NULL buffer fail before anything is read. */
static BOOL name_buffer_ok(const void *name, DWORD size)
{
    if (!size) K32_FAIL(ERROR_INSUFFICIENT_BUFFER);
    if (!name) K32_FAIL(ERROR_NOACCESS);
    return TRUE;
}

/* The W path of the four name functions: size in characters; the name is
 * truncated to size - 1 characters and NUL-terminated ("the function
 * succeeds but the file name is truncated and null-terminated",
 * GetModuleFileNameEx page); the result counts the characters copied.
 * Nothing fits in size 0 (and nothing but the NUL in size 1): 0 with
 * ERROR_INSUFFICIENT_BUFFER. */
static DWORD module_name_w(HANDLE process, HMODULE module, BOOL full_path, WCHAR *name, DWORD size)
{
    DWORD copied;
    NTSTATUS status;

    if (!name_buffer_ok(name, size)) return 0;
    if ((status = nt_module_name(process, module, full_path, name, size, &copied)))
    {
        nt_set_status(status);
        return 0;
    }
    if (!copied) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return copied;
}

/* The A path: the W name, then the ANSI code page into size bytes by the
 * same rules (never half a character). Each byte written takes at most two
 * UTF-16 units (a surrogate pair becomes one default character), so a W
 * buffer of 2 * size units holds all that can fit. */
static DWORD module_name_a(HANDLE process, HMODULE module, BOOL full_path, char *name, DWORD size)
{
    WCHAR stack[2 * MAX_PATH + 1], *wide = stack;
    DWORD wide_size = size > (WIDE_NAME_MAX - 1) / 2 ? WIDE_NAME_MAX : 2 * size + 1, len = 0;

    if (!name_buffer_ok(name, size)) return 0;
    if (wide_size > ARRAY_SIZE(stack) && !(wide = nt_alloc(wide_size * sizeof(WCHAR))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    if (module_name_w(process, module, full_path, wide, wide_size))
    {
        len = (DWORD)text_narrow_field(name, size, (const uint16_t *)wide, nt_narrow);
        if (!len) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    }
    if (wide != stack) nt_free(wide);
    return len;
}

/***********************************************************************
 *           K32GetModuleBaseNameW   (kernel32_k32.@)
 *
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getmodulebasenamew
 */
DWORD WINAPI K32GetModuleBaseNameW(HANDLE process, HMODULE module, WCHAR *name, DWORD size)
{
    return module_name_w(process, module, FALSE, name, size);
}

/***********************************************************************
 *           K32GetModuleBaseNameA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetModuleBaseNameA(HANDLE process, HMODULE module, char *name, DWORD size)
{
    return module_name_a(process, module, FALSE, name, size);
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
    return module_name_w(process, module, TRUE, name, size);
}

/***********************************************************************
 *           K32GetModuleFileNameExA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetModuleFileNameExA(HANDLE process, HMODULE module, char *name, DWORD size)
{
    return module_name_a(process, module, TRUE, name, size);
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

    if (cb < sizeof(MODULEINFO)) K32_FAIL(ERROR_INSUFFICIENT_BUFFER);
    if (!info) K32_FAIL(ERROR_NOACCESS);
    if ((status = nt_module_information(process, module, &found))) return nt_set_status(status);
    *info = found;
    return TRUE;
}
