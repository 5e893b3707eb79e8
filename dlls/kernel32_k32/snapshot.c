/*
 * Toolhelp32 snapshots: CreateToolhelp32Snapshot and the walk functions.
 *
 * A snapshot is a kernel object holding the layout of core/layout.h (a
 * temporary file or a section: snapstore.c), so CloseHandle destroys it,
 * DuplicateHandle and inheritance work, and the walk position lives in the
 * object, shared by every handle to it. Every walk call proves the handle is
 * a snapshot, then reads the header and one entry through it and writes the
 * cursor back: a closed or wrong handle fails right there and is left as it
 * was.
 *
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-createtoolhelp32snapshot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"
#include "core/heaprecord.h"
#include "snapstore.h"

/* ------------------------------------------------------------------ creation */

/* What a snapshot is built from, gathered before anything is written. */
struct snapshot_source
{
    uint32_t counts[TH32_LIST_COUNT];
    void    *process_list;      /* SYSTEM_PROCESS_INFORMATION chain */
    ULONG    process_list_size;
    struct heap_summary *heaps;
    struct nt_module_info *modules;
};

static void source_free(struct snapshot_source *src)
{
    nt_free(src->process_list);
    heap_list_free(src->heaps);
    nt_free(src->modules);
}

static NTSTATUS gather(DWORD flags, DWORD pid, struct snapshot_source *src)
{
    NTSTATUS status;

    memset(src, 0, sizeof(*src));
    if (flags & (TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD))
    {
        uint32_t nproc, nthread;

        if ((status = nt_process_list(&src->process_list, &src->process_list_size))) return status;
        if (sysproc_count(src->process_list, src->process_list_size, (uintptr_t)src->process_list,
                          &nproc, &nthread) != CORE_OK)
            return K32_STATUS_BAD_DATA;
        if (flags & TH32CS_SNAPPROCESS) src->counts[TH32_LIST_PROCESS] = nproc;
        if (flags & TH32CS_SNAPTHREAD) src->counts[TH32_LIST_THREAD] = nthread;
    }
    if (flags & (TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32))
    {
        DWORD filter = LIST_MODULES_DEFAULT;
        ULONG count;

        if ((flags & TH32CS_SNAPMODULE) && (flags & TH32CS_SNAPMODULE32)) filter = LIST_MODULES_ALL;
        else if (flags & TH32CS_SNAPMODULE32) filter = LIST_MODULES_32BIT;
        /* a module list that changes while it is read: read it again, as
         * callers do on ERROR_BAD_LENGTH (CreateToolhelp32Snapshot page) */
        for (int attempt = 0; attempt < 8; attempt++)
            if ((status = nt_module_list_filtered(pid, filter, &src->modules, &count)) != K32_STATUS_LIST_CHANGED)
                break;
        if (status) return status;
        src->counts[TH32_LIST_MODULE] = count;
    }
    if (flags & TH32CS_SNAPHEAPLIST)
    {
        SIZE_T count;

        if ((status = heap_list(pid, &src->heaps, &count))) return status;
        src->counts[TH32_LIST_HEAPLIST] = (uint32_t)count;
    }
    return STATUS_SUCCESS;
}

static void fill_heap_list(void *layout, const struct snapshot_source *src, DWORD pid)
{
    for (uint32_t i = 0; i < src->counts[TH32_LIST_HEAPLIST]; i++)
    {
        struct th32_heaplist *out = th32_layout_entry(layout, TH32_LIST_HEAPLIST, i);

        out->heap_id = src->heaps[i].id;
        out->pid = pid;
        out->flags = src->heaps[i].flags;
    }
}

static void fill_module_list(void *layout, const struct snapshot_source *src, DWORD pid)
{
    for (uint32_t i = 0; i < src->counts[TH32_LIST_MODULE]; i++)
    {
        const struct nt_module_info *module = &src->modules[i];
        struct th32_module *out = th32_layout_entry(layout, TH32_LIST_MODULE, i);

        out->base = module->base;
        out->size = module->size;
        out->pid = pid;
        text_copy_w(out->name, TH32_MODULE_CHARS, (const uint16_t *)module->name, ARRAY_SIZE(module->name));
        text_copy_w(out->path, TH32_NAME_CHARS, (const uint16_t *)module->path, ARRAY_SIZE(module->path));
    }
}

/* Lays the snapshot out in memory. */
static NTSTATUS build_layout(DWORD flags, DWORD pid, void **layout, size_t *size)
{
    struct snapshot_source src;
    NTSTATUS status;

    *layout = NULL;
    if ((status = gather(flags, pid, &src))) goto done;
    if (!(*size = th32_layout_size(src.counts)) || !(*layout = nt_alloc(*size)))
    {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    th32_layout_init(*layout, src.counts, flags, pid);
    if (src.process_list
        && th32_layout_fill_processes(*layout, src.process_list, src.process_list_size,
                                      (uintptr_t)src.process_list,
                                      nt_list_has_priority_classes(src.process_list, src.process_list_size))
           != CORE_OK)
    {
        status = K32_STATUS_BAD_DATA;
        goto done;
    }
    fill_heap_list(*layout, &src, pid);
    fill_module_list(*layout, &src, pid);
done:
    source_free(&src);
    return status;
}

/* Lays the snapshot out and stores it (snapstore.c) in one go. */
static NTSTATUS build_snapshot(DWORD flags, DWORD pid, HANDLE *snapshot)
{
    NTSTATUS status;
    void *layout;
    size_t size;

    if (!(status = build_layout(flags, pid, &layout, &size)))
        status = snapstore_create(layout, (ULONG)size, !!(flags & TH32CS_INHERIT), snapshot);
    nt_free(layout);
    return status;
}

/***********************************************************************
 *           CreateToolhelp32Snapshot   (kernel32_k32.@)
 */
HANDLE WINAPI CreateToolhelp32Snapshot(DWORD flags, DWORD process)
{
    HANDLE snapshot;
    NTSTATUS status;

    TRACE("(%#lx, %lu)\n", flags, process);
    /* th32ProcessID: 0 is the calling process; ignored for process and thread lists */
    if (!process) process = GetCurrentProcessId();

    if ((status = build_snapshot(flags, process, &snapshot)))
    {
        set_status(status);
        return INVALID_HANDLE_VALUE;
    }
    TRACE("-> %p\n", snapshot);
    return snapshot;
}

/* ------------------------------------------------------------------ walks */

union snapshot_entry
{
    struct th32_process  process;
    struct th32_thread   thread;
    struct th32_module   module;
    struct th32_heaplist heaplist;
};

/* One step of a list's walk through the caller's handle, once it is proven
 * to be a snapshot (snapstore_open): read the header, move the list's
 * cursor, write it back, read the entry. */
static NTSTATUS step_in(struct snapstore_access *access, enum th32_list list, BOOL first,
                        union snapshot_entry *entry)
{
    struct th32_header header;
    uint32_t offset;
    NTSTATUS status;

    if (snapstore_read(access, 0, &header, sizeof(header)) || th32_header_check(&header) != CORE_OK)
        return STATUS_INVALID_HANDLE;
    status = th32_header_step(&header, list, first, &offset) == CORE_OK ? STATUS_SUCCESS : STATUS_NO_MORE_FILES;
    if (!status || first)
    {
        NTSTATUS write = snapstore_write(access, TH32_CURSOR_OFFSET(list), &header.tables[list].cursor,
                                         sizeof(header.tables[list].cursor));
        if (write) return write;
    }
    if (status) return status;
    if (snapstore_read(access, offset, entry, th32_entry_sizes[list])) return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

static BOOL step(const char *api, HANDLE snapshot, enum th32_list list, BOOL first, union snapshot_entry *entry)
{
    struct snapstore_access access;
    NTSTATUS status;

    if ((status = snapstore_open(snapshot, &access))) return fail_status(api, status);
    status = step_in(&access, list, first, entry);
    snapstore_close(&access);
    if (status) return fail_status(api, status);
    return TRUE;
}

static void fill_process(const struct th32_process *src, void *dst, BOOL unicode)
{
    /* the fixed fields have one layout in PROCESSENTRY32 and PROCESSENTRY32W */
    PROCESSENTRY32W *entry = dst;

    entry->cntUsage = 0;
    entry->th32ProcessID = src->pid;
    entry->th32DefaultHeapID = 0;
    entry->th32ModuleID = 0;
    entry->cntThreads = src->threads;
    entry->th32ParentProcessID = src->parent_pid;
    entry->pcPriClassBase = src->base_priority;
    entry->dwFlags = 0;
    if (unicode)
        text_copy_w((uint16_t *)entry->szExeFile, MAX_PATH, src->exe_file, TH32_NAME_CHARS);
    else
        text_narrow_field(((PROCESSENTRY32 *)dst)->szExeFile, MAX_PATH, src->exe_file, nt_narrow);
}

static void fill_thread(const struct th32_thread *src, THREADENTRY32 *entry)
{
    entry->cntUsage = 0;
    entry->th32ThreadID = src->tid;
    entry->th32OwnerProcessID = src->owner_pid;
    entry->tpBasePri = src->base_priority;
    entry->tpDeltaPri = src->delta_priority;
    entry->dwFlags = 0;
}

static void fill_module(const struct th32_module *src, void *dst, BOOL unicode)
{
    /* the fixed fields have one layout in MODULEENTRY32 and MODULEENTRY32W */
    MODULEENTRY32W *entry = dst;

    entry->th32ModuleID = 1;            /* "no longer used, always set to 1" */
    entry->th32ProcessID = src->pid;
    entry->GlblcntUsage = 0xffff;       /* "no longer used, generally 0xFFFF" */
    entry->ProccntUsage = 0xffff;
    entry->modBaseAddr = (BYTE *)(ULONG_PTR)src->base;
    entry->modBaseSize = src->size;
    entry->hModule = (HMODULE)(ULONG_PTR)src->base;
    if (unicode)
    {
        text_copy_w((uint16_t *)entry->szModule, ARRAY_SIZE(entry->szModule), src->name, TH32_MODULE_CHARS);
        text_copy_w((uint16_t *)entry->szExePath, ARRAY_SIZE(entry->szExePath), src->path, TH32_NAME_CHARS);
    }
    else
    {
        MODULEENTRY32 *a = dst;
        text_narrow_field(a->szModule, sizeof(a->szModule), src->name, nt_narrow);
        text_narrow_field(a->szExePath, sizeof(a->szExePath), src->path, nt_narrow);
    }
}

static void fill_heaplist(const struct th32_heaplist *src, HEAPLIST32 *entry)
{
    entry->th32ProcessID = src->pid;
    entry->th32HeapID = (ULONG_PTR)src->heap_id;
    entry->dwFlags = src->flags;
}

/* dwSize must cover the structure; a larger one is accepted. */
static BOOL walk(const char *api, HANDLE snapshot, enum th32_list list, BOOL first, BOOL unicode, void *out,
                 DWORD min_size)
{
    union snapshot_entry entry;

    if (!out || *(DWORD *)out < min_size) return fail_error(api, ERROR_BAD_LENGTH);
    if (!step(api, snapshot, list, first, &entry)) return FALSE;
    switch (list)
    {
    case TH32_LIST_PROCESS: fill_process(&entry.process, out, unicode); break;
    case TH32_LIST_THREAD: fill_thread(&entry.thread, out); break;
    case TH32_LIST_MODULE: fill_module(&entry.module, out, unicode); break;
    case TH32_LIST_HEAPLIST: fill_heaplist(&entry.heaplist, out); break;
    default: return fail_error(api, ERROR_INVALID_PARAMETER);
    }
    return TRUE;
}

/***********************************************************************
 *           Process32FirstW   (kernel32_k32.@)
 */
BOOL WINAPI Process32FirstW(HANDLE snapshot, PROCESSENTRY32W *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_PROCESS, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Process32NextW   (kernel32_k32.@)
 */
BOOL WINAPI Process32NextW(HANDLE snapshot, PROCESSENTRY32W *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_PROCESS, FALSE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Process32First   (kernel32_k32.@)
 */
BOOL WINAPI Process32First(HANDLE snapshot, PROCESSENTRY32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_PROCESS, TRUE, FALSE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Process32Next   (kernel32_k32.@)
 */
BOOL WINAPI Process32Next(HANDLE snapshot, PROCESSENTRY32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_PROCESS, FALSE, FALSE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Thread32First   (kernel32_k32.@)
 */
BOOL WINAPI Thread32First(HANDLE snapshot, THREADENTRY32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_THREAD, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Thread32Next   (kernel32_k32.@)
 */
BOOL WINAPI Thread32Next(HANDLE snapshot, THREADENTRY32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_THREAD, FALSE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Heap32ListFirst   (kernel32_k32.@)
 */
BOOL WINAPI Heap32ListFirst(HANDLE snapshot, HEAPLIST32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_HEAPLIST, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Heap32ListNext   (kernel32_k32.@)
 */
BOOL WINAPI Heap32ListNext(HANDLE snapshot, HEAPLIST32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_HEAPLIST, FALSE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Module32FirstW   (kernel32_k32.@)
 */
BOOL WINAPI Module32FirstW(HANDLE snapshot, MODULEENTRY32W *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_MODULE, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Module32NextW   (kernel32_k32.@)
 */
BOOL WINAPI Module32NextW(HANDLE snapshot, MODULEENTRY32W *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_MODULE, FALSE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Module32First   (kernel32_k32.@)
 */
BOOL WINAPI Module32First(HANDLE snapshot, MODULEENTRY32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_MODULE, TRUE, FALSE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Module32Next   (kernel32_k32.@)
 */
BOOL WINAPI Module32Next(HANDLE snapshot, MODULEENTRY32 *entry)
{
    TRACE("(%p, %p)\n", snapshot, entry);
    return walk(__func__, snapshot, TH32_LIST_MODULE, FALSE, FALSE, entry, sizeof(*entry));
}
