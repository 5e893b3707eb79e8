/*
 * Toolhelp32 heap walks: the heaps of a process (for the snapshot's heap
 * list) and the blocks of one heap (Heap32First/Next).
 *
 * Heap32First takes a process id and a heap id, Heap32Next only the entry,
 * so the walk state has to travel in the HEAPENTRY32. The classic way
 * re-walks the heap up to dwAddress on every Heap32Next, O(n^2) for a whole
 * walk. Here Heap32First records every block of the heap once; Heap32Next
 * finds its place in that record through dwResvd (the index of the entry,
 * checked against the rest of the entry) and costs O(1). An entry whose
 * record was replaced by another walk gets a fresh record and a search.
 *
 * Another process's heaps are walked by a thread of this DLL started in it
 * (nt_remote.c); its result is checked before use.
 *
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-heap32first
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"
#include "core/heaprecord.h"

#define MAX_REMOTE_RECORDS (64 * 1024 * 1024)

/* Record arrays live in page allocations: recording never touches a heap,
 * and a remote walk hands its result over as one allocation. */
static void *pages_alloc(SIZE_T size)
{
    return VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
}

static void pages_free(void *mem)
{
    if (mem) VirtualFree(mem, 0, MEM_RELEASE);
}

struct block_array
{
    struct heap_block *blocks;
    SIZE_T count;
    SIZE_T capacity;
};

static BOOL array_push(struct block_array *array, const struct heap_block *block)
{
    if (array->count == array->capacity)
    {
        SIZE_T capacity = array->capacity ? array->capacity * 2 : 4096;
        struct heap_block *blocks = pages_alloc(capacity * sizeof(*blocks));

        if (!blocks) return FALSE;
        if (array->count) memcpy(blocks, array->blocks, array->count * sizeof(*blocks));
        pages_free(array->blocks);
        array->blocks = blocks;
        array->capacity = capacity;
    }
    array->blocks[array->count++] = *block;
    return TRUE;
}

DWORD own_heaps(HANDLE **heaps)
{
    DWORD count = GetProcessHeaps(0, NULL), got;

    for (;;)
    {
        if (!(*heaps = pages_alloc((count + 1) * sizeof(**heaps)))) return 0;
        got = GetProcessHeaps(count + 1, *heaps);
        if (got <= count + 1) return got;
        pages_free(*heaps);
        count = got;
    }
}

void own_heaps_free(HANDLE *heaps)
{
    pages_free(heaps);
}

/* The calling process's heaps as heap_summary records. */
static NTSTATUS own_heap_list(struct heap_summary **list, SIZE_T *count)
{
    HANDLE *heaps, default_heap = GetProcessHeap();
    DWORD n = own_heaps(&heaps);

    if (!n) return STATUS_NO_MEMORY;
    if (!(*list = pages_alloc(n * sizeof(**list))))
    {
        own_heaps_free(heaps);
        return STATUS_NO_MEMORY;
    }
    for (DWORD i = 0; i < n; i++)
    {
        (*list)[i].id = (ULONG_PTR)heaps[i];
        (*list)[i].flags = heaps[i] == default_heap ? HF32_DEFAULT : 0;
        (*list)[i].reserved = 0;
    }
    own_heaps_free(heaps);
    *count = n;
    return STATUS_SUCCESS;
}

/* TRUE when heap is one of the calling process's heaps (HeapWalk on
 * anything else would fault). */
static BOOL is_own_heap(HANDLE heap)
{
    HANDLE *list;
    DWORD count = own_heaps(&list), i;
    BOOL found = FALSE;

    for (i = 0; i < count && !found; i++) found = list[i] == heap;
    own_heaps_free(list);
    return found;
}

/* The blocks of one of the calling process's heaps: one HeapWalk. A heap id
 * that is not one of them: "ERROR_NO_MORE_FILES ... if the heap is invalid
 * or empty" (Heap32First). */
static NTSTATUS own_heap_blocks(HANDLE heap, struct block_array *array)
{
    PROCESS_HEAP_ENTRY entry;
    NTSTATUS status = STATUS_SUCCESS;

    if (!is_own_heap(heap)) return STATUS_NO_MORE_FILES;
    if (!HeapLock(heap)) return STATUS_ACCESS_DENIED;
    entry.lpData = NULL;
    while (HeapWalk(heap, &entry))
    {
        struct heap_block block;

        if (entry.wFlags & (PROCESS_HEAP_REGION | PROCESS_HEAP_UNCOMMITTED_RANGE)) continue;
        block.address = (ULONG_PTR)entry.lpData;
        block.handle = block.address;
        block.size = entry.cbData;
        block.lock_count = 0;
        if (!(entry.wFlags & PROCESS_HEAP_ENTRY_BUSY)) block.flags = LF32_FREE;
        else if (entry.wFlags & PROCESS_HEAP_ENTRY_MOVEABLE)
        {
            block.flags = LF32_MOVEABLE;
            block.handle = (ULONG_PTR)entry.Block.hMem;
        }
        else block.flags = LF32_FIXED;
        if (!array_push(array, &block))
        {
            status = STATUS_NO_MEMORY;
            break;
        }
    }
    HeapUnlock(heap);
    return status;
}

/* Runs in the target process (nt_remote_call): argument 0 asks for the heap
 * list, anything else for the blocks of that heap. */
static DWORD WINAPI remote_heap_walk(void *param)
{
    struct remote_request *request = param;
    struct block_array array = {0};
    struct heap_summary *list;
    SIZE_T count;

    if (!request->argument)
    {
        if (!(request->status = own_heap_list(&list, &count)))
        {
            request->result = (ULONG_PTR)list;
            request->result_size = count * sizeof(*list);
        }
    }
    else if (!(request->status = own_heap_blocks((HANDLE)(ULONG_PTR)request->argument, &array)))
    {
        request->result = (ULONG_PTR)array.blocks;
        request->result_size = array.count * sizeof(*array.blocks);
    }
    else pages_free(array.blocks);
    return 0;
}

/* Calls remote_heap_walk in pid and copies its checked result into pages. */
static NTSTATUS remote_records(DWORD pid, ULONG_PTR argument, size_t record_size, void **records, SIZE_T *count)
{
    struct remote_request request;
    size_t n;
    NTSTATUS status;

    request.argument = argument;
    if ((status = nt_remote_call(pid, remote_heap_walk, &request))) return status;
    if (heap_result_count(request.result_size, record_size, MAX_REMOTE_RECORDS, &n) != CORE_OK)
    {
        nt_remote_take_result(&request, NULL, 0);
        return STATUS_INVALID_NETWORK_RESPONSE;   /* a result that breaks the format */
    }
    *records = NULL;
    if (n && !(*records = pages_alloc(n * record_size)))
    {
        nt_remote_take_result(&request, NULL, 0);
        return STATUS_NO_MEMORY;
    }
    if ((status = nt_remote_take_result(&request, *records, n * record_size)))
    {
        pages_free(*records);
        return status;
    }
    *count = n;
    return STATUS_SUCCESS;
}

NTSTATUS heap_list(DWORD pid, struct heap_summary **list, SIZE_T *count)
{
    if (pid == GetCurrentProcessId()) return own_heap_list(list, count);
    return remote_records(pid, 0, sizeof(**list), (void **)list, count);
}

void heap_list_free(struct heap_summary *list)
{
    pages_free(list);
}

/* ------------------------------------------------------------------ Heap32First/Next */

/* The last recorded walk: the blocks of heap heap_id of process pid. */
static struct
{
    DWORD              pid;
    ULONG_PTR          heap_id;
    struct block_array array;
} last_walk;

/* Heap32Next is a hot path: a plain interlocked lock costs a fraction of an
 * SRW lock under Wine. Contention only comes from concurrent walks. */
static volatile LONG heap_lock;

static void lock_walks(void)
{
    while (InterlockedCompareExchange(&heap_lock, 1, 0)) SwitchToThread();
}

static void unlock_walks(void)
{
    InterlockedExchange(&heap_lock, 0);
}

static NTSTATUS record_walk(DWORD pid, ULONG_PTR heap_id)
{
    NTSTATUS status;

    last_walk.pid = 0;
    last_walk.heap_id = 0;
    if (pid == GetCurrentProcessId())
    {
        /* the pages of the previous record are reused: no fresh page faults */
        last_walk.array.count = 0;
        status = own_heap_blocks((HANDLE)heap_id, &last_walk.array);
    }
    else
    {
        void *blocks = NULL;
        SIZE_T count = 0;

        /* heap id 0 would ask for the heap list; it is no heap */
        if (!heap_id) return STATUS_NO_MORE_FILES;
        status = remote_records(pid, heap_id, sizeof(struct heap_block), &blocks, &count);
        if (!status)
        {
            pages_free(last_walk.array.blocks);
            last_walk.array.blocks = blocks;
            last_walk.array.count = last_walk.array.capacity = count;
        }
    }
    if (status) last_walk.array.count = 0;
    else
    {
        last_walk.pid = pid;
        last_walk.heap_id = heap_id;
    }
    return status;
}

static void fill_entry(HEAPENTRY32 *entry, SIZE_T index)
{
    const struct heap_block *block = &last_walk.array.blocks[index];

    entry->hHandle = (HANDLE)(ULONG_PTR)block->handle;
    entry->dwAddress = (ULONG_PTR)block->address;
    entry->dwBlockSize = (SIZE_T)block->size;
    entry->dwFlags = block->flags;
    entry->dwLockCount = block->lock_count;
    entry->dwResvd = (DWORD)index;
    entry->th32ProcessID = last_walk.pid;
    entry->th32HeapID = last_walk.heap_id;
}

static BOOL is_last_walk_entry(const HEAPENTRY32 *entry)
{
    SIZE_T index = entry->dwResvd;

    return last_walk.array.blocks && last_walk.pid == entry->th32ProcessID
           && last_walk.heap_id == entry->th32HeapID && index < last_walk.array.count
           && last_walk.array.blocks[index].address == entry->dwAddress;
}

/***********************************************************************
 *           Heap32First   (kernel32_k32.@)
 */
BOOL WINAPI Heap32First(HEAPENTRY32 *entry, DWORD pid, ULONG_PTR heap_id)
{
    NTSTATUS status;

    if (!entry || entry->dwSize < sizeof(*entry)) K32_FAIL(ERROR_BAD_LENGTH);
    if (!pid) pid = GetCurrentProcessId();
    lock_walks();
    status = record_walk(pid, heap_id);
    if (!status && !last_walk.array.count) status = STATUS_NO_MORE_FILES;
    if (!status) fill_entry(entry, 0);
    unlock_walks();
    return nt_set_status(status);
}

/***********************************************************************
 *           Heap32Next   (kernel32_k32.@)
 */
BOOL WINAPI Heap32Next(HEAPENTRY32 *entry)
{
    NTSTATUS status = STATUS_SUCCESS;
    SIZE_T index;

    if (!entry || entry->dwSize < sizeof(*entry)) K32_FAIL(ERROR_BAD_LENGTH);
    lock_walks();
    index = entry->dwResvd;
    if (!is_last_walk_entry(entry))
    {
        /* another walk came in between: record again and find our place */
        if (!(status = record_walk(entry->th32ProcessID, entry->th32HeapID)))
        {
            for (index = 0; index < last_walk.array.count; index++)
                if (last_walk.array.blocks[index].address == entry->dwAddress) break;
            /* the block is gone: the walk cannot go on */
            if (index == last_walk.array.count) status = STATUS_NO_MORE_FILES;
        }
    }
    if (!status && ++index >= last_walk.array.count) status = STATUS_NO_MORE_FILES;
    if (!status) fill_entry(entry, index);
    unlock_walks();
    return nt_set_status(status);
}
