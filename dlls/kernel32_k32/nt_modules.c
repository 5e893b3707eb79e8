/*
 * The NT layer of the PSAPI module functions (see nt.h): EnumProcessModules(Ex),
 * the names and the information of a module, from a process's loader lists.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "nt_loader_list.h"
#include "core/text.h"
#include <psapi.h>

struct handle_sink
{
    HMODULE *modules;
    DWORD    max, count;
};

static NTSTATUS add_handle(void *ctx, const struct loader_walk *walk, const struct loader_module *module)
{
    struct handle_sink *sink = ctx;

    (void)walk;
    if (sink->count < sink->max) sink->modules[sink->count] = (HMODULE)(ULONG_PTR)module->base;
    sink->count++;
    return STATUS_SUCCESS;
}

NTSTATUS nt_enum_modules(HANDLE process, DWORD filter, HMODULE *modules, DWORD max, DWORD *count)
{
    struct handle_sink sink = { modules, max, 0 };
    struct target t;
    NTSTATUS status;

    if (!(status = target_open(&t, process))) status = for_each_module(&t, filter, add_handle, &sink);
    target_close(&t);
    *count = sink.count;
    return status;
}

/* The image path of another process, which needs no more than
 * PROCESS_QUERY_LIMITED_INFORMATION ("Windows 10 and later: If the hModule
 * parameter is NULL, then the handle requires only
 * PROCESS_QUERY_LIMITED_INFORMATION access rights", GetModuleFileNameEx page). */
static NTSTATUS image_path(HANDLE process, WCHAR *name, DWORD size, DWORD *copied)
{
    ULONG alloc = sizeof(UNICODE_STRING) + (LOADER_MAX_NAME_CHARS + 1) * sizeof(WCHAR);
    UNICODE_STRING *str = nt_alloc(alloc);
    NTSTATUS status;

    if (!str) return STATUS_NO_MEMORY;
    status = NtQueryInformationProcess(process, ProcessImageFileNameWin32, str, alloc, NULL);
    if (!status)
    {
        /* a process the system names no image of: its loader list may */
        if (!str->Length) status = STATUS_NOT_IMPLEMENTED;
        else *copied = (DWORD)text_copy_w((uint16_t *)name, size, (const uint16_t *)str->Buffer,
                                          str->Length / sizeof(WCHAR));
    }
    nt_free(str);
    return status;
}

NTSTATUS nt_module_name(HANDLE process, HMODULE module, BOOL full_path, WCHAR *name, DWORD size,
                        DWORD *copied)
{
    struct loader_walk walk;
    struct loader_module found;
    struct target t;
    NTSTATUS status;
    size_t chars = 0;
    int ret;

    *copied = 0;
    if (!module && full_path && process != GetCurrentProcess())
    {
        status = image_path(process, name, size, copied);
        if (status != STATUS_INVALID_INFO_CLASS && status != STATUS_NOT_IMPLEMENTED) return status;
    }
    if (!(status = target_open(&t, process)) && !(status = target_find(&t, module, &walk, &found)))
    {
        if (!found.full_name.chars && (full_path || !found.base_name.chars))
            status = K32_STATUS_BAD_DATA;   /* a loader entry without a name */
        else
        {
            if (full_path) ret = read_full_path(&walk, &found, name, size, &chars);
            else ret = loader_read_base_name(&walk, &found, (uint16_t *)name, size, &chars);
            status = loader_status(&t, ret);
        }
    }
    target_close(&t);
    *copied = (DWORD)chars;
    return status;
}

NTSTATUS nt_module_information(HANDLE process, HMODULE module, MODULEINFO *info)
{
    struct loader_walk walk;
    struct loader_module found;
    struct target t;
    NTSTATUS status;

    if (!(status = target_open(&t, process)) && !(status = target_find(&t, module, &walk, &found)))
    {
        info->lpBaseOfDll = (void *)(ULONG_PTR)found.base;
        info->SizeOfImage = found.size_of_image;
        info->EntryPoint = (void *)(ULONG_PTR)found.entry_point;
    }
    target_close(&t);
    return status;
}

