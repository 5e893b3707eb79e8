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

/* Record arrays live in page allocations (nt_alloc_pages): recording never
 * touches a heap, and a remote walk hands its result over as one allocation. */
struct block_array
{
    struct heap_block *blocks;
    SIZE_T count;
    SIZE_T capacity;
};

static BOOL array_push(struct block_array *array, const struct heap_block *block)
{
    struct heap_block *blocks = nt_array_room(array->blocks, array->count, &array->capacity, sizeof(*blocks),
                                              4096, TRUE);

    if (!blocks) return FALSE;
    array->blocks = blocks;
    array->blocks[array->count++] = *block;
    return TRUE;
}

DWORD own_heaps(HANDLE **heaps)
{
    DWORD count = GetProcessHeaps(0, NULL), got;

    for (;;)
    {
        if (!(*heaps = nt_alloc_pages((count + 1) * sizeof(**heaps)))) return 0;
        got = GetProcessHeaps(count + 1, *heaps);
        if (got <= count + 1) return got;
        nt_free_pages(*heaps);
        count = got;
    }
}

void own_heaps_free(HANDLE *heaps)
{
    nt_free_pages(heaps);
}

/* The calling process's heaps as heap_summary records. */
static NTSTATUS own_heap_list(struct heap_summary **list, SIZE_T *count)
{
    HANDLE *heaps, default_heap = GetProcessHeap();
    DWORD n = own_heaps(&heaps);

    if (!n) return STATUS_NO_MEMORY;
    if (!(*list = nt_alloc_pages(n * sizeof(**list))))
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

/* At most this many records are taken from another process: 1 Mi heaps
 * or blocks of one heap, 32 MiB of records at most in either process. */
#define MAX_REMOTE_RECORDS (1024 * 1024)

static NTSTATUS remote_records(DWORD pid, ULONG_PTR argument, size_t record_size, void **records, SIZE_T *count)
{
    ULONG n = 0;
    NTSTATUS status = nt_remote_heap_records(pid, argument, record_size, MAX_REMOTE_RECORDS, records, &n);

    *count = n;
    return status;
}

NTSTATUS heap_list(DWORD pid, struct heap_summary **list, SIZE_T *count)
{
    if (pid == GetCurrentProcessId()) return own_heap_list(list, count);
    return remote_records(pid, 0, sizeof(**list), (void **)list, count);
}

void heap_list_free(struct heap_summary *list)
{
    nt_free_pages(list);
}

/* ------------------------------------------------------------------ Heap32First/Next */

/* Recorded walks: the blocks of heap heap_id of process pid. A few are
 * kept, so that walks of different heaps in turn each find their own. The
 * lock guards the table only: a walk is recorded (a remote call, maybe)
 * with the lock free, then put in the table. */
#define WALK_SLOTS 8

struct walk_record
{
    DWORD              pid;
    ULONG_PTR          heap_id;
    struct block_array array;
    ULONG              last_use;
};

static struct walk_record walks[WALK_SLOTS];
static ULONG walk_clock;

/* Heap32Next is a hot path: a plain interlocked lock costs a fraction of an
 * SRW lock under Wine. It is only held to look up or swap a record. */
static volatile LONG heap_lock;

static void lock_walks(void)
{
    while (InterlockedCompareExchange(&heap_lock, 1, 0)) SwitchToThread();
}

static void unlock_walks(void)
{
    InterlockedExchange(&heap_lock, 0);
}

/* Records the blocks of a heap, without the lock. */
static NTSTATUS record_walk(DWORD pid, ULONG_PTR heap_id, struct block_array *array)
{
    memset(array, 0, sizeof(*array));
    if (pid == GetCurrentProcessId()) return own_heap_blocks((HANDLE)heap_id, array);
    /* heap id 0 would ask for the heap list; it is no heap */
    if (!heap_id) return STATUS_NO_MORE_FILES;
    return remote_records(pid, heap_id, sizeof(struct heap_block), (void **)&array->blocks, &array->count);
}

/* Under the lock: the record of pid/heap_id, or NULL. */
static struct walk_record *find_walk(DWORD pid, ULONG_PTR heap_id)
{
    for (unsigned int i = 0; i < WALK_SLOTS; i++)
        if (walks[i].array.blocks && walks[i].pid == pid && walks[i].heap_id == heap_id)
        {
            walks[i].last_use = ++walk_clock;
            return &walks[i];
        }
    return NULL;
}

/* Under the lock: puts a new record in the least recently used slot (the
 * record it replaces, or a twin recorded meanwhile, is freed). */
static struct walk_record *store_walk(DWORD pid, ULONG_PTR heap_id, struct block_array *array)
{
    struct walk_record *slot = find_walk(pid, heap_id);

    if (!slot)
    {
        slot = &walks[0];
        for (unsigned int i = 1; i < WALK_SLOTS; i++)
            if (walks[i].last_use < slot->last_use) slot = &walks[i];
    }
    nt_free_pages(slot->array.blocks);
    slot->pid = pid;
    slot->heap_id = heap_id;
    slot->array = *array;
    slot->last_use = ++walk_clock;
    return slot;
}

static void fill_entry(HEAPENTRY32 *entry, const struct walk_record *walk, SIZE_T index)
{
    const struct heap_block *block = &walk->array.blocks[index];

    entry->hHandle = (HANDLE)(ULONG_PTR)block->handle;
    entry->dwAddress = (ULONG_PTR)block->address;
    entry->dwBlockSize = (SIZE_T)block->size;
    entry->dwFlags = block->flags;
    entry->dwLockCount = block->lock_count;
    entry->dwResvd = (DWORD)index;
    entry->th32ProcessID = walk->pid;
    entry->th32HeapID = walk->heap_id;
}

/* The entry's index in the walk, found from dwResvd or by its address. */
static BOOL find_entry(const struct walk_record *walk, const HEAPENTRY32 *entry, SIZE_T *index)
{
    SIZE_T i = entry->dwResvd;

    if (i < walk->array.count && walk->array.blocks[i].address == entry->dwAddress)
    {
        *index = i;
        return TRUE;
    }
    for (i = 0; i < walk->array.count; i++)
        if (walk->array.blocks[i].address == entry->dwAddress)
        {
            *index = i;
            return TRUE;
        }
    return FALSE;
}

/***********************************************************************
 *           Heap32First   (kernel32_k32.@)
 */
BOOL WINAPI Heap32First(HEAPENTRY32 *entry, DWORD pid, ULONG_PTR heap_id)
{
    struct block_array array;
    struct walk_record *walk;
    NTSTATUS status;

    TRACE("(%p, %lu, %#lx)\n", entry, pid, (unsigned long)heap_id);
    if (!entry || entry->dwSize < sizeof(*entry)) return set_error(ERROR_BAD_LENGTH);
    if (!pid) pid = GetCurrentProcessId();
    /* a first call records the heap afresh: it may have changed */
    if ((status = record_walk(pid, heap_id, &array)))
    {
        nt_free_pages(array.blocks);
        return set_status(status);
    }
    if (!array.count)
    {
        nt_free_pages(array.blocks);
        return set_error(ERROR_NO_MORE_FILES);
    }
    lock_walks();
    walk = store_walk(pid, heap_id, &array);
    fill_entry(entry, walk, 0);
    unlock_walks();
    return TRUE;
}

/***********************************************************************
 *           Heap32Next   (kernel32_k32.@)
 */
BOOL WINAPI Heap32Next(HEAPENTRY32 *entry)
{
    NTSTATUS status = STATUS_SUCCESS;
    struct block_array array;
    struct walk_record *walk;
    SIZE_T index;

    TRACE("(%p)\n", entry);
    if (!entry || entry->dwSize < sizeof(*entry)) return set_error(ERROR_BAD_LENGTH);
    lock_walks();
    if ((walk = find_walk(entry->th32ProcessID, entry->th32HeapID)) && find_entry(walk, entry, &index))
    {
        if (++index < walk->array.count) fill_entry(entry, walk, index);
        else status = STATUS_NO_MORE_FILES;
        unlock_walks();
        if (status) return set_status(status);
        return TRUE;
    }
    unlock_walks();

    /* the record was pushed out by other walks: record again, find our place */
    if ((status = record_walk(entry->th32ProcessID, entry->th32HeapID, &array)))
    {
        nt_free_pages(array.blocks);
        return set_status(status);
    }
    lock_walks();
    walk = store_walk(entry->th32ProcessID, entry->th32HeapID, &array);
    /* the block is gone: the walk cannot go on */
    if (!find_entry(walk, entry, &index) || ++index >= walk->array.count) status = STATUS_NO_MORE_FILES;
    else fill_entry(entry, walk, index);
    unlock_walks();
    if (status) return set_status(status);
    return TRUE;
}
