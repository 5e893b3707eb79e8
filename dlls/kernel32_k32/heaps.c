/*
 * Toolhelp32 heap walks: the heap list of a snapshot (Heap32ListFirst/Next)
 * and the blocks of one heap (Heap32First/Next).
 *
 * Heap32First takes a process id and a heap id, Heap32Next only the entry,
 * so the walk state has to travel in the HEAPENTRY32. The classic way
 * re-walks the heap up to dwAddress on every Heap32Next, O(n^2) for a whole
 * walk. Here Heap32First records every block of the heap once; Heap32Next
 * finds its place in that record through dwResvd (the index of the entry,
 * checked against dwAddress) and costs O(1). An entry whose record was
 * replaced by another walk falls back to a fresh record and a search.
 *
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-heap32first
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"

struct heap_block
{
    ULONG_PTR address;
    ULONG_PTR handle;
    SIZE_T    size;
    DWORD     flags;        /* LF32_* */
    DWORD     lock_count;
};

/* One recorded walk: the blocks of heap heap_id of process pid. */
struct heap_record
{
    DWORD              pid;
    ULONG_PTR          heap_id;
    struct heap_block *blocks;      /* page allocation: recording never touches a heap */
    SIZE_T             count;
    SIZE_T             capacity;
};

static struct heap_record last_walk;
static SRWLOCK heap_lock = SRWLOCK_INIT;

static void *pages_alloc(SIZE_T size)
{
    return VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
}

static void pages_free(void *mem)
{
    if (mem) VirtualFree(mem, 0, MEM_RELEASE);
}

static BOOL record_push(struct heap_record *record, const struct heap_block *block)
{
    if (record->count == record->capacity)
    {
        SIZE_T capacity = record->capacity ? record->capacity * 2 : 4096;
        struct heap_block *blocks = pages_alloc(capacity * sizeof(*blocks));

        if (!blocks) return FALSE;
        if (record->count) memcpy(blocks, record->blocks, record->count * sizeof(*blocks));
        pages_free(record->blocks);
        record->blocks = blocks;
        record->capacity = capacity;
    }
    record->blocks[record->count++] = *block;
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

/* Records the blocks of one of the calling process's heaps: one HeapWalk. */
static DWORD record_own_heap(struct heap_record *record, HANDLE heap)
{
    PROCESS_HEAP_ENTRY entry;
    DWORD error = ERROR_SUCCESS;

    if (!is_own_heap(heap)) return ERROR_INVALID_PARAMETER;
    if (!HeapLock(heap)) return GetLastError();
    entry.lpData = NULL;
    while (HeapWalk(heap, &entry))
    {
        struct heap_block block;

        if (entry.wFlags & (PROCESS_HEAP_REGION | PROCESS_HEAP_UNCOMMITTED_RANGE)) continue;
        block.address = (ULONG_PTR)entry.lpData;
        block.size = entry.cbData;
        block.lock_count = 0;
        block.handle = block.address;
        if (!(entry.wFlags & PROCESS_HEAP_ENTRY_BUSY)) block.flags = LF32_FREE;
        else if (entry.wFlags & PROCESS_HEAP_ENTRY_MOVEABLE)
        {
            block.flags = LF32_MOVEABLE;
            block.handle = (ULONG_PTR)entry.Block.hMem;
        }
        else block.flags = LF32_FIXED;
        if (!record_push(record, &block))
        {
            error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
    }
    if (!error && GetLastError() != ERROR_NO_MORE_ITEMS) error = GetLastError();
    HeapUnlock(heap);
    return error;
}

/* Replaces the last walk with a new record of heap_id in pid. */
static DWORD record_heap(DWORD pid, ULONG_PTR heap_id)
{
    DWORD error;

    last_walk.count = 0;
    last_walk.pid = pid;
    last_walk.heap_id = heap_id;
    /* the heaps of another process are not readable yet (see README) */
    if (pid == GetCurrentProcessId()) error = record_own_heap(&last_walk, (HANDLE)heap_id);
    else error = ERROR_NOT_SUPPORTED;
    if (error) last_walk.pid = 0;
    return error;
}

static void fill_entry(HEAPENTRY32 *entry, SIZE_T index)
{
    const struct heap_block *block = &last_walk.blocks[index];

    entry->hHandle = (HANDLE)block->handle;
    entry->dwAddress = block->address;
    entry->dwBlockSize = block->size;
    entry->dwFlags = block->flags;
    entry->dwLockCount = block->lock_count;
    entry->dwResvd = (DWORD)index;
    entry->th32ProcessID = last_walk.pid;
    entry->th32HeapID = last_walk.heap_id;
}

/***********************************************************************
 *           Heap32First   (kernel32_k32.@)
 */
BOOL WINAPI Heap32First(HEAPENTRY32 *entry, DWORD pid, ULONG_PTR heap_id)
{
    DWORD error;

    if (!entry || entry->dwSize < sizeof(*entry)) K32_FAIL(ERROR_BAD_LENGTH);
    AcquireSRWLockExclusive(&heap_lock);
    error = record_heap(pid, heap_id);
    if (!error && !last_walk.count) error = ERROR_NO_MORE_FILES;
    if (!error) fill_entry(entry, 0);
    ReleaseSRWLockExclusive(&heap_lock);
    if (error) K32_FAIL(error);
    return TRUE;
}

/***********************************************************************
 *           Heap32Next   (kernel32_k32.@)
 */
BOOL WINAPI Heap32Next(HEAPENTRY32 *entry)
{
    SIZE_T index;
    DWORD error = ERROR_SUCCESS;

    if (!entry || entry->dwSize < sizeof(*entry)) K32_FAIL(ERROR_BAD_LENGTH);
    AcquireSRWLockExclusive(&heap_lock);
    index = entry->dwResvd;
    if (last_walk.pid != entry->th32ProcessID || last_walk.heap_id != entry->th32HeapID
        || index >= last_walk.count || last_walk.blocks[index].address != entry->dwAddress)
    {
        /* another walk came in between: record again and find our place */
        if (!(error = record_heap(entry->th32ProcessID, entry->th32HeapID)))
        {
            for (index = 0; index < last_walk.count; index++)
                if (last_walk.blocks[index].address == entry->dwAddress) break;
            /* the block is gone: the walk cannot go on */
            if (index == last_walk.count) error = ERROR_NO_MORE_FILES;
        }
    }
    if (!error && ++index >= last_walk.count) error = ERROR_NO_MORE_FILES;
    if (!error) fill_entry(entry, index);
    ReleaseSRWLockExclusive(&heap_lock);
    if (error) K32_FAIL(error);
    return TRUE;
}
