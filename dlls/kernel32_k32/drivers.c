/*
 * Device drivers: K32EnumDeviceDrivers, K32GetDeviceDriverBaseNameA/W and
 * K32GetDeviceDriverFileNameA/W, from NtQuerySystemInformation
 * (SystemModuleInformation). Where the system lacks that class, they fail
 * with ERROR_NOT_SUPPORTED rather than report an empty list.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"
#include "core/devpath.h"
#include "core/sysinfo.h"

/***********************************************************************
 *           K32EnumDeviceDrivers   (kernel32_k32.@)
 *
 * Fills what fits of the load addresses; "If the array is not large enough
 * to store the load addresses, the lpcbNeeded parameter receives the
 * required size of the array."
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-enumdevicedrivers
 */
BOOL WINAPI K32EnumDeviceDrivers(void **bases, DWORD size, DWORD *needed)
{
    struct nt_module_record record;
    size_t count;
    ULONG list_size;
    NTSTATUS status;
    void *list;

    TRACE("(%p, %lu, %p)\n", bases, size, needed);
    if ((status = nt_driver_list(__func__, &list, &list_size))) return set_status(status);
    if (sysmod_count(list, list_size, &count) != CORE_OK || count > MAXDWORD / sizeof(void *))
    {
        nt_free(list);
        return set_error(ERROR_INVALID_DATA);
    }
    /* the array first, then *needed: a NULL one faults when it is reached,
     * what was written before stays (as EnumProcessModules on Windows) */
    if (count && size >= sizeof(void *) && !bases)
    {
        nt_free(list);
        return set_error(ERROR_NOACCESS);
    }
    for (size_t i = 0; i < count && i < size / sizeof(void *); i++)
    {
        sysmod_record(list, i, &record);
        bases[i] = (void *)record.image_base;
    }
    nt_free(list);
    if (!needed) return set_error(ERROR_NOACCESS);
    *needed = (DWORD)(count * sizeof(void *));
    return TRUE;
}

/* The base or full name of the driver loaded at base. The record's name is
 * ANSI: it is widened, then written as GetModuleBaseName writes a name,
 * whose page has the same words ("If the buffer is not large enough to
 * store the base name plus the terminating null character, the string is
 * truncated"): the first nSize characters, no NUL, the result nSize
 * (docs/conformance.md, "Small buffers"). */
static DWORD driver_name(const char *api, void *base, void *buf, DWORD size, BOOL ansi, BOOL base_name)
{
    struct nt_module_record record;
    WCHAR name[ARRAY_SIZE(record.full_path_name) + 1];
    size_t len, offset, chars;
    BOOL short_buffer;
    DWORD written;
    ULONG list_size;
    NTSTATUS status;
    void *list;
    int ret;

    if ((status = nt_driver_list(api, &list, &list_size)))
    {
        fail_status(api, status);
        return 0;
    }
    ret = sysmod_find(list, list_size, (uintptr_t)base, &record);
    nt_free(list);
    /* an address no driver is loaded at names no driver, as a bad handle would */
    if (ret == CORE_END) return fail_error(api, ERROR_INVALID_HANDLE);
    if (ret != CORE_OK) return fail_error(api, ERROR_INVALID_DATA);
    sysmod_path(&record, &len, &offset);
    if (!base_name) offset = 0;
    chars = nt_widen(name, ARRAY_SIZE(name) - 1, (const char *)record.full_path_name + offset, len - offset);
    name[chars] = 0;
    /* the buffer is written last, once the address names a driver: a NULL
     * one faults then */
    if (!buf && size) return fail_error(api, ERROR_NOACCESS);
    if ((status = nt_put_name(buf, size, ansi, name, chars, NAME_CLIP, &written, &short_buffer)))
    {
        fail_status(api, status);
        return 0;
    }
    if (short_buffer) SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return written;
}

/***********************************************************************
 *           K32GetDeviceDriverBaseNameW   (kernel32_k32.@)
 *
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getdevicedriverbasenamew
 */
DWORD WINAPI K32GetDeviceDriverBaseNameW(void *base, WCHAR *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %lu)\n", base, name, size);
    ret = driver_name(__func__, base, name, size, FALSE, TRUE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetDeviceDriverBaseNameA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetDeviceDriverBaseNameA(void *base, char *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %lu)\n", base, name, size);
    ret = driver_name(__func__, base, name, size, TRUE, TRUE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetDeviceDriverFileNameW   (kernel32_k32.@)
 *
 * The path as the system lists it ("\SystemRoot\system32\ntoskrnl.exe").
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getdevicedriverfilenamew
 */
DWORD WINAPI K32GetDeviceDriverFileNameW(void *base, WCHAR *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %lu)\n", base, name, size);
    ret = driver_name(__func__, base, name, size, FALSE, FALSE);
    TRACE("-> %lu\n", ret);
    return ret;
}

/***********************************************************************
 *           K32GetDeviceDriverFileNameA   (kernel32_k32.@)
 */
DWORD WINAPI K32GetDeviceDriverFileNameA(void *base, char *name, DWORD size)
{
    DWORD ret;

    TRACE("(%p, %p, %lu)\n", base, name, size);
    ret = driver_name(__func__, base, name, size, TRUE, FALSE);
    TRACE("-> %lu\n", ret);
    return ret;
}
