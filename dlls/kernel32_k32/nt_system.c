/*
 * The NT layer of the name, driver and system information functions
 * (see nt.h): image and mapped file names in the device form, the driver
 * and page-file lists, the performance values.
 *
 * NT gives a process's image and a mapping's file in the device form
 * ("\Device\HarddiskVolume1\x"); some layers (Wine) give "\??\C:\x"
 * instead. Such a name goes through the DOS device link it names ("\??\C:"),
 * whose target is the device; core/devpath.c does the string work.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "nt.h"
#include "core/ntstring.h"
#include "debug.h"
#include "core/devpath.h"
#include "core/sysinfo.h"

/* Links may point at links (SUBST drives point at "\??\C:\dir"). */
#define MAX_LINK_DEPTH 8
/* UNC paths go to the multiple UNC provider when "\??\UNC" is missing
 * ("Support for UNC Naming and MUP", Windows driver documentation). */
static const WCHAR mup_device[] = L"\\Device\\Mup";

/* The target of the DOS device link link_name, from the heap. */
static NTSTATUS query_link(const WCHAR *link_name, size_t link_chars, WCHAR **target, size_t *chars)
{
    UNICODE_STRING name, str;
    OBJECT_ATTRIBUTES attr;
    ULONG size = MAX_PATH * sizeof(WCHAR), needed;
    NTSTATUS status;
    HANDLE link;

    *target = NULL;
    if (link_chars * sizeof(WCHAR) > 0xfffe) return STATUS_OBJECT_NAME_INVALID;
    name.Buffer = (WCHAR *)link_name;
    name.Length = name.MaximumLength = (USHORT)(link_chars * sizeof(WCHAR));
    InitializeObjectAttributes(&attr, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if ((status = NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_QUERY, &attr))) return status;
    for (;;)
    {
        if (!(str.Buffer = nt_alloc(size)))
        {
            status = STATUS_NO_MEMORY;
            break;
        }
        str.Length = 0;
        str.MaximumLength = (USHORT)size;
        needed = 0;
        status = NtQuerySymbolicLinkObject(link, &str, &needed);
        if (!status && devpath_count(str.Buffer, str.Length, chars) == CORE_OK)
        {
            *target = str.Buffer;
            break;
        }
        nt_free(str.Buffer);
        if (!status) status = STATUS_INVALID_PARAMETER;   /* an odd length */
        if (status != STATUS_BUFFER_TOO_SMALL || needed <= size || needed > 0xfffe) break;
        size = needed;
    }
    NtClose(link);
    return status;
}

/* path[0, bytes) in the device form, from the heap. A path that names no
 * link, or a link the system cannot resolve, comes back as it was given. */
static NTSTATUS device_path(const void *path, size_t bytes, WCHAR **out, size_t *out_chars)
{
    WCHAR *cur = NULL, *next, *target, link[MAX_PATH];
    size_t cur_bytes = bytes, target_chars, len;
    const void *src = path;
    struct devpath parsed;
    NTSTATUS status;

    for (int depth = 0; ; depth++)
    {
        if (devpath_parse(src, cur_bytes, &parsed) != CORE_OK)
        {
            nt_free(cur);
            return K32_STATUS_BAD_DATA;     /* a path the system gave breaks its format */
        }
        if (parsed.form != DEVPATH_LINK || depth == MAX_LINK_DEPTH) break;
        len = devpath_link_name(link, ARRAY_SIZE(link), src, &parsed);
        if (len >= ARRAY_SIZE(link)) break;
        status = query_link(link, len, &target, &target_chars);
        if (status == STATUS_NO_MEMORY)
        {
            nt_free(cur);
            return status;
        }
        if (status && !parsed.unc) break;
        len = status ? devpath_join(NULL, 0, mup_device, ARRAY_SIZE(mup_device) - 1, src, &parsed)
                     : devpath_join(NULL, 0, target, target_chars, src, &parsed);
        if (len >= 0x7fff || !(next = nt_alloc((len + 1) * sizeof(WCHAR))))
        {
            nt_free(target);
            nt_free(cur);
            return len >= 0x7fff ? STATUS_NAME_TOO_LONG : STATUS_NO_MEMORY;
        }
        if (status) devpath_join(next, len + 1, mup_device, ARRAY_SIZE(mup_device) - 1, src, &parsed);
        else devpath_join(next, len + 1, target, target_chars, src, &parsed);
        nt_free(target);
        nt_free(cur);
        src = cur = next;
        cur_bytes = len * sizeof(WCHAR);
    }
    /* the final form: an NT path ("\??\GLOBALROOT" stripped), or the path as
     * it is when it names no link or one that did not resolve */
    if (parsed.form == DEVPATH_LINK)
    {
        parsed.form = DEVPATH_OTHER;
        parsed.rest_offset = 0;
        parsed.rest_chars = parsed.chars;
    }
    len = devpath_join(NULL, 0, NULL, 0, src, &parsed);
    if (!(*out = nt_alloc((len + 1) * sizeof(WCHAR))))
    {
        nt_free(cur);
        return STATUS_NO_MEMORY;
    }
    devpath_join(*out, len + 1, NULL, 0, src, &parsed);
    *out_chars = len;
    nt_free(cur);
    return STATUS_SUCCESS;
}

/* A UNICODE_STRING answer of NtQueryInformationProcess or NtQueryVirtualMemory. */
static NTSTATUS unicode_answer(const void *buf, SIZE_T size, WCHAR **name, size_t *chars)
{
    UNICODE_STRING str;
    size_t count;

    memcpy(&str, buf, sizeof(str));
    if (!str.Length) return device_path(NULL, 0, name, chars);
    /* the text must lie whole in the answer, past the structure */
    if (ntstring_check(buf, size, sizeof(str), str.Buffer, str.Length, &count) != CORE_OK)
        return K32_STATUS_BAD_DATA;
    return device_path(str.Buffer, count * sizeof(WCHAR), name, chars);
}

/* A name the system answers as a UNICODE_STRING (the image of a process,
 * the file mapped at an address), in a buffer that grows until it fits. */
struct name_query
{
    HANDLE      process;
    BOOL        mapped;       /* the file mapped at addr; else the process's image */
    const void *addr;
};

static NTSTATUS query_name(const struct name_query *query, WCHAR **name, size_t *chars)
{
    SIZE_T size = sizeof(UNICODE_STRING) + MAX_PATH * sizeof(WCHAR), needed;
    ULONG needed_ulong;
    NTSTATUS status;
    void *buf;

    *name = NULL;
    for (;;)
    {
        if (!(buf = nt_alloc(size))) return STATUS_NO_MEMORY;
        needed = needed_ulong = 0;
        if (query->mapped)
            status = NtQueryVirtualMemory(query->process, query->addr, MemoryMappedFilenameInformation,
                                          buf, size, &needed);
        else
        {
            status = NtQueryInformationProcess(query->process, ProcessImageFileName, buf, (ULONG)size,
                                               &needed_ulong);
            needed = needed_ulong;
        }
        if (!status) status = unicode_answer(buf, size, name, chars);
        nt_free(buf);
        if ((status != STATUS_INFO_LENGTH_MISMATCH && status != STATUS_BUFFER_OVERFLOW
             && status != STATUS_BUFFER_TOO_SMALL) || needed <= size || needed > 0x20000)
            return status;
        size = needed;
    }
}

NTSTATUS nt_process_image_name(HANDLE process, WCHAR **name, size_t *chars)
{
    struct name_query query = { process, FALSE, NULL };
    return query_name(&query, name, chars);
}

NTSTATUS nt_mapped_file_name(HANDLE process, const void *addr, WCHAR **name, size_t *chars)
{
    struct name_query query = { process, TRUE, addr };
    return query_name(&query, name, chars);
}

/* A system information class into a heap buffer that grows until it fits. */
static NTSTATUS query_system(const char *api, ULONG info_class, ULONG size, void **buf, ULONG *buf_size)
{
    ULONG needed;
    NTSTATUS status;

    *buf = NULL;
    for (;;)
    {
        void *mem = nt_alloc(size);

        if (!mem) return STATUS_NO_MEMORY;
        needed = 0;
        status = NtQuerySystemInformation(info_class, mem, size, &needed);
        if (!status)
        {
            *buf = mem;
            *buf_size = needed <= size ? needed : size;
            return status;
        }
        nt_free(mem);
        if (status == STATUS_INVALID_INFO_CLASS || status == STATUS_NOT_IMPLEMENTED)
        {
            WARN_MISSING(api, "this NtQuerySystemInformation class", status);
            return STATUS_NOT_SUPPORTED;
        }
        if (status != STATUS_INFO_LENGTH_MISMATCH && status != STATUS_BUFFER_TOO_SMALL) return status;
        if (size >= 0x4000000) return STATUS_NO_MEMORY;
        /* the list may grow between two calls */
        size = (needed > size ? needed : size * 2) + 1024;
    }
}

NTSTATUS nt_driver_list(const char *api, void **buf, ULONG *size)
{
    return query_system(api, SystemModuleInformation, 64 * 1024, buf, size);
}

NTSTATUS nt_pagefile_list(const char *api, void **buf, ULONG *size)
{
    return query_system(api, SystemPageFileInformation, 4096, buf, size);
}

NTSTATUS nt_performance(const char *api, struct perf_layout *info)
{
    ULONG basic_size = 0, perf_size = 0, cache_size = 0, list_size;
    uint32_t processes = 0, threads = 0, handles = 0;
    SYSTEM_BASIC_INFORMATION basic;
    unsigned char cache[256];
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    void *perf, *list;
    NTSTATUS status;
    int ret;

    if ((status = NtQuerySystemInformation(SystemBasicInformation, &basic, sizeof(basic), &basic_size)))
        return status;
    if (NtQuerySystemInformation(SystemFileCacheInformation, cache, sizeof(cache), &cache_size))
        cache_size = 0;     /* optional: the system cache comes from the performance record then */
    if ((status = query_system(api, SystemPerformanceInformation, 1024, &perf, &perf_size))) return status;
    if ((status = nt_process_list(&list, &list_size)))
    {
        nt_free(perf);
        return status;
    }
    sysproc_walk_init(&walk, list, list_size, (uintptr_t)list);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
    {
        processes++;
        threads += entry.process->number_of_threads;
        handles += entry.process->handle_count;
    }
    if (ret == CORE_END)
        ret = perf_from_nt(info, &basic, basic_size <= sizeof(basic) ? basic_size : sizeof(basic),
                           perf, perf_size, cache, cache_size <= sizeof(cache) ? cache_size : sizeof(cache),
                           processes, threads, handles);
    nt_free(list);
    nt_free(perf);
    return ret == CORE_OK ? STATUS_SUCCESS : K32_STATUS_BAD_DATA;
}
