/*
 * Walking a process's loader lists in the NT layer (see nt_loader_list.h):
 * the native list and the 32-bit one of a WOW64 process, by LIST_MODULES_*
 * filter, with core/loader.c reading each entry through a process reader.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "nt_loader_list.h"
#include "core/text.h"
#include "core/wow64path.h"
#include <psapi.h>

/* The offsets core/loader.c reads, checked against the parts the documented
 * winternl.h (mingw-w64's) shows; Wine's names these fields otherwise. */
#ifndef __WINE_WINTERNL_H
C_ASSERT(FIELD_OFFSET(PEB, Ldr) == 3 * sizeof(void *));
C_ASSERT(FIELD_OFFSET(PEB_LDR_DATA, InMemoryOrderModuleList) == 8 + 3 * sizeof(void *));
C_ASSERT(FIELD_OFFSET(LDR_DATA_TABLE_ENTRY, DllBase) == 6 * sizeof(void *));
C_ASSERT(FIELD_OFFSET(LDR_DATA_TABLE_ENTRY, FullDllName) == (sizeof(void *) == 8 ? 0x48 : 0x24));
#endif


/* NTSTATUS of a loader_result (LOADER_END is not an error: see the callers). */
NTSTATUS loader_status(const struct target *t, int ret)
{
    switch (ret)
    {
    case LOADER_OK:
    case LOADER_END:
        return STATUS_SUCCESS;
    case LOADER_UNREADABLE:
        return t->reader.status ? t->reader.status : STATUS_PARTIAL_COPY;
    case LOADER_NOT_READY:
        /* the loader has not built the list yet (a process started suspended) */
        return STATUS_PARTIAL_COPY;
    default:
        /* a list that loops or breaks while read: changed under the reader */
        return K32_STATUS_LIST_CHANGED;
    }
}

NTSTATUS walk_init(struct target *t, struct loader_walk *walk, BOOL wow64)
{
    uint64_t peb = wow64 ? target_peb32(t) : t->peb;
    unsigned int ptr_size = wow64 ? 4 : NATIVE_PTR_SIZE;
    int ret = loader_walk_init(walk, reader_read, &t->reader, ptr_size, peb);
    struct loader_walk walk32;
    NTSTATUS status;

    /* Wine keeps no 64-bit loader list in a WOW64 process: a native PEB
     * without one beside a 32-bit PEB with its list is an empty list, not
     * a process that has not started */
    if (ret == LOADER_NOT_READY && !wow64 && target_peb32(t)
        && loader_walk_init(&walk32, reader_read, &t->reader, 4, target_peb32(t)) == LOADER_OK)
    {
        walk->first = 0;
        walk->state = ret = LOADER_END;
    }
    if (!(status = loader_status(t, ret))) t->list_reached = TRUE;
    return status;
}

/* Finds module (NULL: the main module) in the native list, then in the
 * WOW64 one; STATUS_INVALID_HANDLE when it is in neither. */
NTSTATUS target_find(struct target *t, HMODULE module, struct loader_walk *walk,
                            struct loader_module *found)
{
    NTSTATUS status;
    uint64_t base;
    int ret;

    if ((status = walk_init(t, walk, FALSE))) return status;
    base = module ? (ULONG_PTR)module : walk->image_base;
    ret = loader_find(walk, base, found);
    if (ret == LOADER_END && target_peb32(t))
    {
        if ((status = walk_init(t, walk, TRUE))) return status;
        ret = loader_find(walk, module ? base : walk->image_base, found);
    }
    if (ret == LOADER_END) return STATUS_INVALID_HANDLE;
    return loader_status(t, ret);
}

/* Which lists a LIST_MODULES_* filter reads: the 32-bit one of a WOW64
 * process first, then the native one without what the first listed. */
static void filter_lists(DWORD filter, BOOL *native, BOOL *wow64)
{
#ifdef _WIN64
    *native = filter != LIST_MODULES_32BIT;
    *wow64 = (filter & LIST_MODULES_32BIT) != 0;
#else
    (void)filter;
    *native = TRUE;
    *wow64 = FALSE;
#endif
}

/* Bases of the WOW64 list go to seen[] so the native walk skips them. */
NTSTATUS for_each_module(struct target *t, DWORD filter, module_fn add, void *ctx)
{
    struct loader_walk walk;
    struct loader_module module;
    uint64_t seen[64];
    unsigned int seen_count = 0;
    BOOL native, wow64, both;
    NTSTATUS status;
    int ret;

    filter_lists(filter, &native, &wow64);
    if (wow64 && !target_peb32(t)) wow64 = FALSE;   /* no WOW64 list: nothing 32-bit */
    both = native && wow64;
    if (wow64)
    {
        if ((status = walk_init(t, &walk, TRUE))) return status;
        while ((ret = loader_walk_next(&walk, &module)) == LOADER_OK)
        {
            if (both && seen_count < ARRAY_SIZE(seen)) seen[seen_count++] = module.base;
            if ((status = add(ctx, &walk, &module))) return status;
        }
        if ((status = loader_status(t, ret))) return status;
    }
    if (native)
    {
        if ((status = walk_init(t, &walk, FALSE))) return status;
        while ((ret = loader_walk_next(&walk, &module)) == LOADER_OK)
        {
            unsigned int i;

            for (i = 0; i < seen_count; i++) if (seen[i] == module.base) break;
            if (i < seen_count) continue;
            if ((status = add(ctx, &walk, &module))) return status;
        }
        if ((status = loader_status(t, ret))) return status;
    }
    return STATUS_SUCCESS;
}

/* A path from the 32-bit list of a WOW64 process, as this 64-bit caller
 * names the file: the process recorded it in its redirected view
 * (core/wow64path.h). name[0, *chars) in a buffer of capacity characters. */
static void wow64_path_view(const struct loader_walk *walk, WCHAR *name, size_t *chars, size_t capacity)
{
#ifdef _WIN64
    WCHAR sysdir[MAX_PATH], wowdir[MAX_PATH];
    UINT sys_chars, wow_chars;

    if (walk->ptr_size != 4) return;
    sys_chars = GetSystemDirectoryW(sysdir, ARRAY_SIZE(sysdir));
    wow_chars = GetSystemWow64DirectoryW(wowdir, ARRAY_SIZE(wowdir));
    if (!sys_chars || sys_chars >= ARRAY_SIZE(sysdir) || !wow_chars || wow_chars >= ARRAY_SIZE(wowdir)) return;
    wow64_redirect_path((uint16_t *)name, chars, capacity, (const uint16_t *)sysdir, sys_chars,
                        (const uint16_t *)wowdir, wow_chars);
#else
    (void)walk; (void)name; (void)chars; (void)capacity;
#endif
}

/* The full path of a module into name[0, size) (size > 0), truncated;
 * a WOW64 list's path is read whole first to be seen as this caller sees it. */
int read_full_path(const struct loader_walk *walk, const struct loader_module *module,
                          WCHAR *name, size_t size, size_t *chars)
{
    WCHAR *whole;
    size_t len;
    int ret;

    if (walk->ptr_size == NATIVE_PTR_SIZE)
        return loader_read_name(walk, &module->full_name, (uint16_t *)name, size, chars);
    if (!(whole = nt_alloc((LOADER_MAX_NAME_CHARS + 1) * sizeof(WCHAR)))) return LOADER_UNREADABLE;
    if (!(ret = loader_read_name(walk, &module->full_name, (uint16_t *)whole, LOADER_MAX_NAME_CHARS + 1, &len)))
    {
        wow64_path_view(walk, whole, &len, LOADER_MAX_NAME_CHARS + 1);
        *chars = text_copy_w((uint16_t *)name, size, (const uint16_t *)whole, len);
    }
    nt_free(whole);
    return ret;
}
