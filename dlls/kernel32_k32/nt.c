/*
 * The NT layer's general helpers (see nt.h): memory (from the process heap
 * or in pages of its own) and the one growing array, handles (closing,
 * comparing), opening a process by id.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "nt.h"

void *nt_alloc(SIZE_T size)
{
    return RtlAllocateHeap(GetProcessHeap(), 0, size);
}

void nt_free(void *mem)
{
    if (mem) RtlFreeHeap(GetProcessHeap(), 0, mem);
}

void *nt_alloc_pages(SIZE_T size)
{
    return VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
}

void nt_free_pages(void *mem)
{
    if (mem) VirtualFree(mem, 0, MEM_RELEASE);
}

void *nt_array_room(void *items, SIZE_T count, SIZE_T *capacity, SIZE_T item_size, SIZE_T first, BOOL pages)
{
    SIZE_T grown;
    void *mem;

    if (count < *capacity) return items;
    /* doubling keeps appending n items O(n) */
    grown = *capacity ? *capacity * 2 : first;
    if (grown > (SIZE_T)-1 / item_size) return NULL;
    if (!(mem = pages ? nt_alloc_pages(grown * item_size) : nt_alloc(grown * item_size))) return NULL;
    if (count) memcpy(mem, items, count * item_size);
    if (pages) nt_free_pages(items);
    else nt_free(items);
    *capacity = grown;
    return mem;
}

typedef NTSTATUS (NTAPI *compare_objects_fn)(HANDLE, HANDLE);

NTSTATUS nt_same_object(HANDLE first, HANDLE second)
{
    /* NtCompareObjects exists from Windows 10 on; resolved once */
    static compare_objects_fn compare;
    static volatile LONG resolved;

    if (!resolved)
    {
        compare = (compare_objects_fn)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCompareObjects");
        InterlockedExchange(&resolved, 1);
    }
    return compare ? compare(first, second) : STATUS_NOT_IMPLEMENTED;
}

void nt_close(HANDLE handle)
{
    if (handle) NtClose(handle);
}

NTSTATUS nt_open_process(DWORD pid, ACCESS_MASK access, HANDLE *process)
{
    OBJECT_ATTRIBUTES attr;
    CLIENT_ID id;

    InitializeObjectAttributes(&attr, NULL, 0, NULL, NULL);
    id.UniqueProcess = (HANDLE)(ULONG_PTR)pid;
    id.UniqueThread = 0;
    return NtOpenProcess(process, access, &attr, &id);
}
