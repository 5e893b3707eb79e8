/*
 * Toolhelp32 snapshots: CreateToolhelp32Snapshot and the walk functions.
 *
 * A snapshot is a pagefile-backed section holding the layout of
 * core/layout.h, so its handle is a real kernel object: CloseHandle destroys
 * it, DuplicateHandle and inheritance work, and the walk position lives in
 * the object. Mapping the section for every call would cost two or three
 * server round trips under Wine, so each process keeps its last few views;
 * before one is used, NtCompareObjects proves the caller's handle still
 * names the very section the view belongs to (a closed handle fails there,
 * a reused handle value does not match).
 *
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-createtoolhelp32snapshot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"

#define VIEW_CACHE_SIZE 4

struct snapshot_view
{
    HANDLE handle;      /* the caller's handle value */
    HANDLE own;         /* our duplicate, to compare against */
    void  *base;
    SIZE_T size;
    ULONG  last_use;
};

static struct snapshot_view view_cache[VIEW_CACHE_SIZE];
static ULONG view_clock;
static SRWLOCK view_lock = SRWLOCK_INIT;

static void view_release(struct snapshot_view *view)
{
    nt_section_unmap(view->base);
    nt_close(view->own);
    memset(view, 0, sizeof(*view));
}

/* Keeps a mapped view for later calls (where the system can compare handles,
 * else unmaps it); evicts the least recently used one. */
static void view_remember(HANDLE handle, void *base, SIZE_T size)
{
    struct snapshot_view *slot = &view_cache[0];
    HANDLE own;

    if (!nt_can_compare_objects() || nt_duplicate(handle, &own))
    {
        nt_section_unmap(base);
        return;
    }
    AcquireSRWLockExclusive(&view_lock);
    for (int i = 0; i < VIEW_CACHE_SIZE; i++)
    {
        if (!view_cache[i].base) { slot = &view_cache[i]; break; }
        if (view_cache[i].last_use < slot->last_use) slot = &view_cache[i];
    }
    if (slot->base) view_release(slot);
    slot->handle = handle;
    slot->own = own;
    slot->base = base;
    slot->size = size;
    slot->last_use = ++view_clock;
    ReleaseSRWLockExclusive(&view_lock);
}

/* A cached view of the section behind handle, or NULL. *status is set when the
 * handle itself is bad. Called with view_lock held exclusively. */
static struct snapshot_view *view_lookup(HANDLE handle, NTSTATUS *status)
{
    *status = STATUS_SUCCESS;
    for (int i = 0; i < VIEW_CACHE_SIZE; i++)
    {
        struct snapshot_view *view = &view_cache[i];

        if (!view->base || view->handle != handle) continue;
        *status = nt_same_object(handle, view->own);
        if (!*status)
        {
            view->last_use = ++view_clock;
            return view;
        }
        /* the value was closed, or now names another object: the view is stale */
        view_release(view);
        if (*status == STATUS_NOT_SAME_OBJECT) *status = STATUS_SUCCESS;
        return NULL;
    }
    return NULL;
}

/* Runs fn on the snapshot behind handle; FALSE with the last error set on failure. */
typedef BOOL (*snapshot_fn)(void *base, SIZE_T size, void *ctx);

static BOOL with_snapshot(HANDLE handle, snapshot_fn fn, void *ctx)
{
    struct snapshot_view *view;
    NTSTATUS status;
    void *base;
    SIZE_T size;
    BOOL ret;

    AcquireSRWLockExclusive(&view_lock);
    view = view_lookup(handle, &status);
    if (view)
    {
        ret = fn(view->base, view->size, ctx);
        ReleaseSRWLockExclusive(&view_lock);
        return ret;
    }
    ReleaseSRWLockExclusive(&view_lock);
    if (status) return nt_set_status(status);

    if ((status = nt_section_map(handle, &base, &size)))
    {
        /* an event, a file, a process...: not a snapshot */
        SetLastError(status == STATUS_INVALID_HANDLE || status == STATUS_OBJECT_TYPE_MISMATCH
                     ? ERROR_INVALID_HANDLE : RtlNtStatusToDosError(status));
        return FALSE;
    }
    if (th32_layout_check(base, size) != CORE_OK)
    {
        nt_section_unmap(base);
        K32_FAIL(ERROR_INVALID_HANDLE);
    }
    ret = fn(base, size, ctx);
    view_remember(handle, base, size);
    return ret;
}

/* ------------------------------------------------------------------ creation */

#define TH32CS_KNOWN (TH32CS_SNAPALL | TH32CS_INHERIT)

static void fill_heap_list(void *view, HANDLE *heaps, uint32_t count, DWORD pid)
{
    HANDLE default_heap = GetProcessHeap();

    for (uint32_t i = 0; i < count; i++)
    {
        struct th32_heaplist *out = th32_layout_entry(view, TH32_LIST_HEAPLIST, i);

        out->heap_id = (ULONG_PTR)heaps[i];
        out->pid = pid;
        out->flags = heaps[i] == default_heap ? HF32_DEFAULT : 0;
    }
}

static NTSTATUS build_snapshot(DWORD flags, DWORD pid, HANDLE *handle, void **view, SIZE_T *view_size)
{
    uint32_t counts[TH32_LIST_COUNT] = {0};
    HANDLE *heaps = NULL;
    void *list = NULL;
    ULONG list_size = 0;
    NTSTATUS status = STATUS_SUCCESS;
    size_t size;

    if (flags & (TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD))
    {
        uint32_t nproc, nthread;

        if ((status = nt_process_list(&list, &list_size))) return status;
        if (sysproc_count(list, list_size, (uintptr_t)list, &nproc, &nthread) != CORE_OK)
        {
            nt_free(list);
            return STATUS_INTERNAL_ERROR;
        }
        if (flags & TH32CS_SNAPPROCESS) counts[TH32_LIST_PROCESS] = nproc;
        if (flags & TH32CS_SNAPTHREAD) counts[TH32_LIST_THREAD] = nthread;
    }

    if (flags & TH32CS_SNAPHEAPLIST)
    {
        if (pid != GetCurrentProcessId()) status = STATUS_NOT_SUPPORTED;  /* see README */
        else if (!(counts[TH32_LIST_HEAPLIST] = own_heaps(&heaps))) status = STATUS_NO_MEMORY;
        if (status)
        {
            nt_free(list);
            return status;
        }
    }

    if (!(size = th32_layout_size(counts))) status = STATUS_NO_MEMORY;
    else if (!(status = nt_section_create(size, !!(flags & TH32CS_INHERIT), handle)))
    {
        if ((status = nt_section_map(*handle, view, view_size))) nt_close(*handle);
        else
        {
            th32_layout_init(*view, counts, flags, pid);
            if (list && th32_layout_fill_processes(*view, list, list_size, (uintptr_t)list,
                                                   nt_list_has_priority_classes(list, list_size)) != CORE_OK)
                status = STATUS_INTERNAL_ERROR;
            fill_heap_list(*view, heaps, counts[TH32_LIST_HEAPLIST], pid);
            if (status)
            {
                nt_section_unmap(*view);
                nt_close(*handle);
            }
        }
    }
    nt_free(list);
    own_heaps_free(heaps);
    return status;
}

/***********************************************************************
 *           CreateToolhelp32Snapshot   (kernel32_k32.@)
 */
HANDLE WINAPI CreateToolhelp32Snapshot(DWORD flags, DWORD process)
{
    HANDLE handle;
    void *view;
    SIZE_T size;
    NTSTATUS status;

    if (flags & ~TH32CS_KNOWN)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (flags & (TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32))
    {
        /* module lists are not implemented yet (see README) */
        SetLastError(ERROR_NOT_SUPPORTED);
        return INVALID_HANDLE_VALUE;
    }
    if (!process) process = GetCurrentProcessId();

    if ((status = build_snapshot(flags, process, &handle, &view, &size)))
    {
        nt_set_status(status);
        return INVALID_HANDLE_VALUE;
    }
    view_remember(handle, view, size);
    return handle;
}

/* ------------------------------------------------------------------ walks */

struct walk_request
{
    enum th32_list list;
    BOOL  first;
    BOOL  unicode;
    void *entry;
};

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

static void fill_heaplist(const struct th32_heaplist *src, HEAPLIST32 *entry)
{
    entry->th32ProcessID = src->pid;
    entry->th32HeapID = (ULONG_PTR)src->heap_id;
    entry->dwFlags = src->flags;
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

static BOOL walk_step(void *base, SIZE_T size, void *ctx)
{
    struct walk_request *req = ctx;
    const void *src;

    switch (th32_layout_step(base, size, req->list, req->first, &src))
    {
    case CORE_OK: break;
    case CORE_END: K32_FAIL(ERROR_NO_MORE_FILES);
    default: K32_FAIL(ERROR_INVALID_DATA);
    }
    switch (req->list)
    {
    case TH32_LIST_PROCESS: fill_process(src, req->entry, req->unicode); break;
    case TH32_LIST_THREAD: fill_thread(src, req->entry); break;
    case TH32_LIST_HEAPLIST: fill_heaplist(src, req->entry); break;
    default: K32_FAIL(ERROR_INVALID_PARAMETER);
    }
    return TRUE;
}

/* dwSize must cover the structure; a larger one is accepted. */
static BOOL walk(HANDLE snapshot, enum th32_list list, BOOL first, BOOL unicode, void *entry,
                 DWORD min_size)
{
    struct walk_request req = { list, first, unicode, entry };

    if (!entry || *(DWORD *)entry < min_size) K32_FAIL(ERROR_BAD_LENGTH);
    return with_snapshot(snapshot, walk_step, &req);
}

/***********************************************************************
 *           Process32FirstW   (kernel32_k32.@)
 */
BOOL WINAPI Process32FirstW(HANDLE snapshot, PROCESSENTRY32W *entry)
{
    return walk(snapshot, TH32_LIST_PROCESS, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Process32NextW   (kernel32_k32.@)
 */
BOOL WINAPI Process32NextW(HANDLE snapshot, PROCESSENTRY32W *entry)
{
    return walk(snapshot, TH32_LIST_PROCESS, FALSE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Process32First   (kernel32_k32.@)
 */
BOOL WINAPI Process32First(HANDLE snapshot, PROCESSENTRY32 *entry)
{
    return walk(snapshot, TH32_LIST_PROCESS, TRUE, FALSE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Process32Next   (kernel32_k32.@)
 */
BOOL WINAPI Process32Next(HANDLE snapshot, PROCESSENTRY32 *entry)
{
    return walk(snapshot, TH32_LIST_PROCESS, FALSE, FALSE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Thread32First   (kernel32_k32.@)
 */
BOOL WINAPI Thread32First(HANDLE snapshot, THREADENTRY32 *entry)
{
    return walk(snapshot, TH32_LIST_THREAD, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Thread32Next   (kernel32_k32.@)
 */
BOOL WINAPI Thread32Next(HANDLE snapshot, THREADENTRY32 *entry)
{
    return walk(snapshot, TH32_LIST_THREAD, FALSE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Heap32ListFirst   (kernel32_k32.@)
 */
BOOL WINAPI Heap32ListFirst(HANDLE snapshot, HEAPLIST32 *entry)
{
    return walk(snapshot, TH32_LIST_HEAPLIST, TRUE, TRUE, entry, sizeof(*entry));
}

/***********************************************************************
 *           Heap32ListNext   (kernel32_k32.@)
 */
BOOL WINAPI Heap32ListNext(HANDLE snapshot, HEAPLIST32 *entry)
{
    return walk(snapshot, TH32_LIST_HEAPLIST, FALSE, TRUE, entry, sizeof(*entry));
}
