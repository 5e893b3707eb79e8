/*
 * The NT layer of the module functions (see nt.h): a process's loader list,
 * read by core/loader.c.
 *
 * The calling process is read in place, under the loader lock, so that the
 * list cannot change while it is walked and no call reaches the wineserver
 * (under Wine each round trip costs 10 to 100 us). Pointers are still not
 * trusted: a range is read only once NtQueryVirtualMemory, which Wine
 * answers in-process for the calling process, has shown it committed and
 * readable, and the regions found so are remembered for the rest of the call.
 *
 * Another process is read with NtReadVirtualMemory, a page at a time through
 * a small cache: loader entries and their names come from a few heap pages,
 * so a walk costs a few round trips instead of one or two per module. A page
 * is read only where the data asked for lies, so no page is touched that an
 * exact read would not touch.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "nt.h"
#include "core/loader.h"
#include "core/text.h"
#include "core/wow64path.h"
#include <psapi.h>

/* The offsets core/loader.c reads, checked against the parts winternl.h documents. */
C_ASSERT(FIELD_OFFSET(PEB, Ldr) == 3 * sizeof(void *));
C_ASSERT(FIELD_OFFSET(PEB_LDR_DATA, InMemoryOrderModuleList) == 8 + 3 * sizeof(void *));
C_ASSERT(FIELD_OFFSET(LDR_DATA_TABLE_ENTRY, DllBase) == 6 * sizeof(void *));
C_ASSERT(FIELD_OFFSET(LDR_DATA_TABLE_ENTRY, FullDllName) == (sizeof(void *) == 8 ? 0x48 : 0x24));

#define NATIVE_PTR_SIZE ((unsigned int)sizeof(void *))
#define READER_PAGE     0x1000u
#define READER_PAGES    8
#define READER_REGIONS  4

struct reader
{
    HANDLE   process;         /* read with NtReadVirtualMemory; NULL: the calling process */
    NTSTATUS status;          /* of the last read that failed */
    /* the calling process: ranges known to be committed and readable */
    ULONG_PTR region_start[READER_REGIONS], region_end[READER_REGIONS];
    unsigned int regions, region_next;
    /* another process: pages read so far */
    unsigned char *pages;     /* READER_PAGES pages, from the heap */
    uint64_t page_addr[READER_PAGES];
    unsigned int page_count, page_next;
};

static BOOL readable_protection(DWORD protect)
{
    if (protect & (PAGE_GUARD | PAGE_NOACCESS)) return FALSE;
    return !!(protect & (PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ
                         | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY));
}

/* Whether [start, end) of the calling process is committed and readable. */
static BOOL self_readable(struct reader *r, ULONG_PTR start, ULONG_PTR end)
{
    while (start < end)
    {
        MEMORY_BASIC_INFORMATION info;
        ULONG_PTR region_end;
        unsigned int i;

        for (i = 0; i < r->regions; i++)
            if (start >= r->region_start[i] && start < r->region_end[i]) break;
        if (i < r->regions)
        {
            start = r->region_end[i];
            continue;
        }
        if (start < 0x10000) return FALSE;   /* never mapped: do not even ask */
        if (NtQueryVirtualMemory(GetCurrentProcess(), (void *)start, NT_MEMORY_BASIC_INFORMATION,
                                 &info, sizeof(info), NULL))
            return FALSE;
        region_end = (ULONG_PTR)info.BaseAddress + info.RegionSize;
        if (info.State != MEM_COMMIT || !readable_protection(info.Protect) || region_end <= start)
            return FALSE;
        r->region_start[r->region_next] = (ULONG_PTR)info.BaseAddress;
        r->region_end[r->region_next] = region_end;
        r->region_next = (r->region_next + 1) % READER_REGIONS;
        if (r->regions < READER_REGIONS) r->regions++;
        start = region_end;
    }
    return TRUE;
}

/* The page at addr of another process, from the cache or read now. */
static const unsigned char *remote_page(struct reader *r, uint64_t addr)
{
    unsigned char *slot;
    unsigned int i;

    for (i = 0; i < r->page_count; i++)
        if (r->page_addr[i] == addr) return r->pages + (size_t)i * READER_PAGE;
    if (!r->pages && !(r->pages = nt_alloc(READER_PAGES * READER_PAGE))) return NULL;
    i = r->page_next;
    slot = r->pages + (size_t)i * READER_PAGE;
    if (NtReadVirtualMemory(r->process, (void *)(ULONG_PTR)addr, slot, READER_PAGE, NULL)) return NULL;
    r->page_addr[i] = addr;
    r->page_next = (i + 1) % READER_PAGES;
    if (r->page_count < READER_PAGES) r->page_count++;
    return slot;
}

/* A read that fails is reported as NT reports it, except that an address
 * with nothing readable there is the documented ERROR_PARTIAL_COPY. */
static int read_failed(struct reader *r, NTSTATUS status)
{
    r->status = status == STATUS_ACCESS_VIOLATION || !status ? STATUS_PARTIAL_COPY : status;
    return 1;
}

/* The loader_read_fn of both kinds of process. */
static int reader_read(void *ctx, uint64_t address, void *buffer, size_t size)
{
    struct reader *r = ctx;
    unsigned char *out = buffer;

    if (address > (ULONG_PTR)~(ULONG_PTR)0 || size > (ULONG_PTR)~(ULONG_PTR)0 - address)
        return read_failed(r, STATUS_PARTIAL_COPY);   /* past this caller's address space */
    if (!r->process)
    {
        if (!self_readable(r, (ULONG_PTR)address, (ULONG_PTR)(address + size)))
            return read_failed(r, STATUS_PARTIAL_COPY);
        memcpy(buffer, (const void *)(ULONG_PTR)address, size);
        return 0;
    }
    while (size)
    {
        uint64_t page = address & ~(uint64_t)(READER_PAGE - 1);
        size_t offset = (size_t)(address - page), count = READER_PAGE - offset;
        const unsigned char *bytes;

        if (count > size) count = size;
        if (!(bytes = remote_page(r, page)))
        {
            /* no whole page (or no memory for the cache): just what was asked */
            NTSTATUS status = NtReadVirtualMemory(r->process, (void *)(ULONG_PTR)address, out, count, NULL);
            if (status) return read_failed(r, status);
        }
        else memcpy(out, bytes + offset, count);
        out += count;
        address += count;
        size -= count;
    }
    return 0;
}

/* ------------------------------------------------------------------ the process read */

struct target
{
    struct reader reader;
    uint64_t  peb;            /* in the caller's own layout */
    uint64_t  peb32;          /* 64-bit caller: the WOW64 PEB of a 32-bit process */
    BOOL      peb32_known;
    BOOL      list_reached;   /* a walk found the list: later failures are half-way */
    BOOL      locked;
    ULONG_PTR cookie;
};

/* ProcessWow64Information of a WOW64 process: the address of its 32-bit
 * PEB on Windows ("a pointer to the PEB of the 32-bit process", the
 * NtQueryInformationProcess page), a mere TRUE under Wine 8.0. */
static BOOL wow64_peb_is_address(ULONG_PTR value)
{
    return value >= 0x10000;
}

#ifndef _WIN64
/* Whether this 32-bit process runs under WOW64 (decided once). */
static BOOL self_is_wow64(void)
{
    static volatile LONG wow64 = -1;
    ULONG_PTR peb32 = 0;

    if (wow64 < 0)
    {
        if (NtQueryInformationProcess(GetCurrentProcess(), ProcessWow64Information, &peb32,
                                      sizeof(peb32), NULL))
            peb32 = 0;
        InterlockedExchange(&wow64, peb32 != 0);
    }
    return wow64 > 0;
}
#endif

static void target_close(struct target *t)
{
    if (t->locked) LdrUnlockLoaderLock(0, t->cookie);
    nt_free(t->reader.pages);
    t->locked = FALSE;
    t->reader.pages = NULL;
}

/* The calling process: its own PEB, read in place under the loader lock. */
static NTSTATUS target_self(struct target *t)
{
    ULONG disposition;
    NTSTATUS status;

    t->reader.process = NULL;
    t->peb = (ULONG_PTR)RtlGetCurrentPeb();
    t->peb32_known = TRUE;   /* a process reads itself in its own layout only */
    if ((status = LdrLockLoaderLock(0, &disposition, &t->cookie))) return status;
    t->locked = TRUE;
    return STATUS_SUCCESS;
}

static NTSTATUS target_open(struct target *t, HANDLE process)
{
    PROCESS_BASIC_INFORMATION info;
    ULONG_PTR ldr;
    NTSTATUS status;

    memset(t, 0, sizeof(*t));
    if (process == GetCurrentProcess()) return target_self(t);

    /* needs PROCESS_QUERY_(LIMITED_)INFORMATION; a bad or wrong-type handle fails here */
    if ((status = NtQueryInformationProcess(process, ProcessBasicInformation, &info, sizeof(info), NULL)))
        return status;
    t->peb = (ULONG_PTR)info.PebBaseAddress;
#ifndef _WIN64
    if (self_is_wow64())
    {
        /* "If the function is called by a 32-bit application running under
         * WOW64, it can only enumerate the modules of a 32-bit process. If the
         * process is a 64-bit process, this function fails and the last error
         * code is ERROR_PARTIAL_COPY (299)." (EnumProcessModules page) */
        ULONG_PTR peb32 = 0;

        if ((status = NtQueryInformationProcess(process, ProcessWow64Information, &peb32,
                                                sizeof(peb32), NULL)))
            return status;
        if (!peb32) return STATUS_PARTIAL_COPY;
        /* Windows answers with the address of the 32-bit PEB, Wine 8.0 with
         * TRUE; ProcessBasicInformation already names the 32-bit PEB to a
         * WOW64 caller */
        if (wow64_peb_is_address(peb32)) t->peb = peb32;
    }
#endif
    if (info.UniqueProcessId == GetCurrentProcessId())
    {
        /* the calling process through a real handle: read in place, once
         * one read through the handle has proved it has PROCESS_VM_READ */
        status = NtReadVirtualMemory(process, (char *)(ULONG_PTR)t->peb + loader_peb_ldr_offset(NATIVE_PTR_SIZE),
                                     &ldr, sizeof(ldr), NULL);
        if (status) return status == STATUS_ACCESS_VIOLATION ? STATUS_PARTIAL_COPY : status;
        return target_self(t);
    }
    /* another process: its first read shows whether the handle may read */
    t->reader.process = process;
    return STATUS_SUCCESS;
}

#ifdef _WIN64
/* Where the system only says that a process is WOW64 (Wine), its 32-bit PEB
 * is found where NT places it, on the page after the 64-bit one, and is
 * accepted only when it names the same image as the 64-bit PEB does. */
#define WOW64_PEB_DISTANCE 0x1000

static uint64_t find_peb32(struct target *t)
{
    uint64_t peb32 = t->peb + WOW64_PEB_DISTANCE, image64 = 0;
    uint32_t image32 = 0;

    NTSTATUS status = t->reader.status;   /* a failed probe is no failure of the walk */

    if (reader_read(&t->reader, t->peb + loader_peb_image_base_offset(8), &image64, sizeof(image64))
        || reader_read(&t->reader, peb32 + loader_peb_image_base_offset(4), &image32, sizeof(image32)))
    {
        t->reader.status = status;
        return 0;
    }
    return image64 && image64 == image32 ? peb32 : 0;
}
#endif

/* 64-bit caller: the 32-bit PEB of a WOW64 process, 0 for any other. */
static uint64_t target_peb32(struct target *t)
{
#ifdef _WIN64
    ULONG_PTR peb32 = 0;

    if (!t->peb32_known)
    {
        if (NtQueryInformationProcess(t->reader.process, ProcessWow64Information, &peb32,
                                      sizeof(peb32), NULL))
            peb32 = 0;
        if (peb32 && !wow64_peb_is_address(peb32)) peb32 = find_peb32(t);
        t->peb32 = peb32;
        t->peb32_known = TRUE;
    }
    return t->peb32;
#else
    (void)t;
    return 0;
#endif
}

/* NTSTATUS of a loader_result (LOADER_END is not an error: see the callers). */
static NTSTATUS loader_status(const struct target *t, int ret)
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
        /* a list that loops or breaks while read: the error Toolhelp32
         * documents for a module list that changed under the reader */
        return STATUS_INFO_LENGTH_MISMATCH;
    }
}

static NTSTATUS walk_init(struct target *t, struct loader_walk *walk, BOOL wow64)
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
static NTSTATUS target_find(struct target *t, HMODULE module, struct loader_walk *walk,
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

/* Calls add(ctx, walk, module) for each module the filter selects;
 * bases of the WOW64 list go to seen[] so the native walk skips them. */
typedef NTSTATUS (*module_fn)(void *ctx, const struct loader_walk *walk, const struct loader_module *module);

static NTSTATUS for_each_module(struct target *t, DWORD filter, module_fn add, void *ctx)
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
static int read_full_path(const struct loader_walk *walk, const struct loader_module *module,
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

/* ------------------------------------------------------------------ psapi */

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
        if (!str->Length) status = STATUS_INFO_LENGTH_MISMATCH;
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
            status = STATUS_INFO_LENGTH_MISMATCH;   /* a loader entry without a name */
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

/* ------------------------------------------------------------------ Toolhelp32 */

struct info_sink
{
    struct nt_module_info *modules;
    ULONG count, capacity;
};

/* One entry, zeroed past its names so that two readings compare whole. */
static NTSTATUS read_info(const struct loader_walk *walk, const struct loader_module *module,
                          struct nt_module_info *info)
{
    size_t chars;

    memset(info, 0, sizeof(*info));
    info->base = (ULONG_PTR)module->base;
    info->size = module->size_of_image;
    if (loader_read_base_name(walk, module, (uint16_t *)info->name, ARRAY_SIZE(info->name), &chars)
        || read_full_path(walk, module, info->path, ARRAY_SIZE(info->path), &chars))
        return STATUS_PARTIAL_COPY;
    return STATUS_SUCCESS;
}

static NTSTATUS add_info(void *ctx, const struct loader_walk *walk, const struct loader_module *module)
{
    struct info_sink *sink = ctx;
    NTSTATUS status;

    if (sink->count == sink->capacity)
    {
        ULONG capacity = sink->capacity ? sink->capacity * 2 : 32;
        struct nt_module_info *grown = nt_alloc(capacity * sizeof(*grown));

        if (!grown) return STATUS_NO_MEMORY;
        if (sink->count) memcpy(grown, sink->modules, sink->count * sizeof(*grown));
        nt_free(sink->modules);
        sink->modules = grown;
        sink->capacity = capacity;
    }
    if ((status = read_info(walk, module, &sink->modules[sink->count]))) return status;
    sink->count++;
    return STATUS_SUCCESS;
}

/* The second reading of another process's list, against the first. */
struct check_sink
{
    const struct info_sink *first;
    ULONG index;
    BOOL differs;
};

static NTSTATUS check_info(void *ctx, const struct loader_walk *walk, const struct loader_module *module)
{
    struct check_sink *check = ctx;
    struct nt_module_info again;
    NTSTATUS status;

    if ((status = read_info(walk, module, &again))) return status;
    if (check->index >= check->first->count
        || memcmp(&again, &check->first->modules[check->index], sizeof(again)))
        check->differs = TRUE;
    check->index++;
    return STATUS_SUCCESS;
}

/* Another process may load or free a DLL while its list is read, a page at
 * a time: a read that fails half-way, or a second reading from fresh pages
 * that differs from the first, means the list changed under the reader --
 * the documented ERROR_BAD_LENGTH, which the caller retries
 * (CreateToolhelp32Snapshot page). The calling process is read under the
 * loader lock and cannot change. */
static NTSTATUS read_module_list(struct target *t, DWORD filter, struct info_sink *sink)
{
    struct check_sink check = { sink, 0, FALSE };
    NTSTATUS status = for_each_module(t, filter, add_info, sink);

    if (!t->reader.process) return status;
    if (!status)
    {
        t->reader.page_count = 0;    /* forget the pages of the first reading */
        status = for_each_module(t, filter, check_info, &check);
        if (!status && (check.differs || check.index != sink->count)) return STATUS_INFO_LENGTH_MISMATCH;
    }
    if (status == STATUS_PARTIAL_COPY && t->list_reached) return STATUS_INFO_LENGTH_MISMATCH;
    return status;
}

NTSTATUS nt_module_list_filtered(DWORD pid, DWORD filter, struct nt_module_info **modules, ULONG *count)
{
    struct info_sink sink = { NULL, 0, 0 };
    HANDLE process = GetCurrentProcess();
    struct target t;
    NTSTATUS status;

    *modules = NULL;
    *count = 0;
    if (pid && pid != GetCurrentProcessId()
        && (status = nt_open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &process)))
        return status;
    if (!(status = target_open(&t, process))) status = read_module_list(&t, filter, &sink);
    if (status == STATUS_PARTIAL_COPY && t.reader.status) status = t.reader.status;
    target_close(&t);
    if (process != GetCurrentProcess()) NtClose(process);
    if (status)
    {
        nt_free(sink.modules);
        return status;
    }
    *modules = sink.modules;
    *count = sink.count;
    return STATUS_SUCCESS;
}

NTSTATUS nt_module_list(DWORD pid, struct nt_module_info **modules, ULONG *count)
{
    return nt_module_list_filtered(pid, LIST_MODULES_DEFAULT, modules, count);
}
