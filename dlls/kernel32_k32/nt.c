/*
 * The NT layer (see nt.h).
 *
 * Under Wine every call that reaches the wineserver is a round trip, so the
 * functions here make as few as they can: the process list is read in one
 * NtQuerySystemInformation call whenever the previous size still fits.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "nt.h"
#include "core/counters.h"
#include "core/ntrecords.h"
#include <psapi.h>

void *nt_alloc(SIZE_T size)
{
    return RtlAllocateHeap(GetProcessHeap(), 0, size);
}

void nt_free(void *mem)
{
    if (mem) RtlFreeHeap(GetProcessHeap(), 0, mem);
}

/* Size that held the process list last time, plus room to grow. */
static volatile LONG process_list_hint = 64 * 1024;

NTSTATUS nt_process_list(void **buf, ULONG *size)
{
    ULONG alloc = (ULONG)process_list_hint, needed = 0;
    NTSTATUS status;

    for (;;)
    {
        void *mem = nt_alloc(alloc);

        if (!mem) return STATUS_NO_MEMORY;
        status = NtQuerySystemInformation(SystemProcessInformation, mem, alloc, &needed);
        if (!status)
        {
            if (needed + needed / 4 > (ULONG)process_list_hint)
                InterlockedExchange(&process_list_hint, (LONG)(needed + needed / 4));
            *buf = mem;
            *size = needed;
            return status;
        }
        nt_free(mem);
        if (status != STATUS_INFO_LENGTH_MISMATCH && status != STATUS_BUFFER_TOO_SMALL) return status;
        /* the list may grow between two calls: ask for more than was needed */
        if (needed < alloc) needed = alloc;
        if (needed > 0x40000000) return STATUS_NO_MEMORY;
        alloc = needed + needed / 4;
    }
}

BOOL nt_list_has_priority_classes(const void *list, ULONG size)
{
    /* PROCESS_PRIOCLASS_* of each priority class, as ntdll reports it */
    static const struct { DWORD win32; int32_t nt; } classes[] =
    {
        { IDLE_PRIORITY_CLASS, 1 }, { NORMAL_PRIORITY_CLASS, 2 }, { HIGH_PRIORITY_CLASS, 3 },
        { REALTIME_PRIORITY_CLASS, 4 }, { BELOW_NORMAL_PRIORITY_CLASS, 5 },
        { ABOVE_NORMAL_PRIORITY_CLASS, 6 },
    };
    static volatile LONG decided = -1;
    struct nt_process_record self;
    DWORD class;

    if (decided >= 0) return decided;
    if (sysproc_find(list, size, (uintptr_t)list, GetCurrentProcessId(), &self) != CORE_OK) return FALSE;
    class = GetPriorityClass(GetCurrentProcess());
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
    {
        if (classes[i].win32 != class) continue;
        InterlockedExchange(&decided, self.base_priority == classes[i].nt
                            && self.base_priority != nt_class_base_priority(classes[i].nt));
    }
    return decided > 0;
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

size_t nt_narrow(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars)
{
    ULONG written = 0;

    if (dst_size > MAXLONG) dst_size = MAXLONG;
    if (src_chars > MAXLONG / sizeof(WCHAR)) src_chars = MAXLONG / sizeof(WCHAR);
    /* the conversion stops where the output is full, without splitting a character */
    RtlUnicodeToMultiByteN(dst, (ULONG)dst_size, &written, (const WCHAR *)src,
                           (ULONG)(src_chars * sizeof(WCHAR)));
    return written;
}

/* Bytes from base on, up to size, that lie in committed readable pages of
 * the calling process. */
static SIZE_T readable_size(const void *base, SIZE_T size)
{
    const char *addr = base, *end = (const char *)base + size;
    MEMORY_BASIC_INFORMATION info;

    if (end < addr) end = (const char *)~(ULONG_PTR)0;
    while (addr < end)
    {
        const char *region_end;

        if (NtQueryVirtualMemory(GetCurrentProcess(), addr, NT_MEMORY_BASIC_INFORMATION,
                                 &info, sizeof(info), NULL))
            break;
        if (info.State != MEM_COMMIT || (info.Protect & (PAGE_NOACCESS | PAGE_GUARD))) break;
        region_end = (const char *)info.BaseAddress + info.RegionSize;
        if (region_end <= addr) break;
        addr = region_end;
    }
    if (addr > end) addr = end;
    return addr - (const char *)base;
}

NTSTATUS nt_open_process(DWORD pid, ACCESS_MASK access, HANDLE *process)
{
    OBJECT_ATTRIBUTES attr;
    CLIENT_ID id;
    NTSTATUS status;

    InitializeObjectAttributes(&attr, NULL, 0, NULL, NULL);
    id.UniqueProcess = (HANDLE)(ULONG_PTR)pid;
    id.UniqueThread = 0;
    status = NtOpenProcess(process, access, &attr, &id);
    /* a process that does not exist: ERROR_INVALID_PARAMETER, as OpenProcess */
    return status == STATUS_INVALID_CID ? STATUS_INVALID_PARAMETER : status;
}

NTSTATUS nt_read_process_memory(DWORD pid, const void *base, void *buffer, SIZE_T size, SIZE_T *done)
{
    HANDLE process;
    NTSTATUS status;

    *done = 0;
    if (!pid || pid == GetCurrentProcessId())
    {
        /* read only the readable prefix: some layers (Wine) copy from
         * reserved or no-access pages of the calling process */
        SIZE_T readable = readable_size(base, size);

        status = NtReadVirtualMemory(GetCurrentProcess(), base, buffer, readable, done);
        return status || readable == size ? status : STATUS_PARTIAL_COPY;
    }
    if ((status = nt_open_process(pid, PROCESS_VM_READ, &process))) return status;
    status = NtReadVirtualMemory(process, base, buffer, size, done);
    NtClose(process);
    return status;
}

BOOL nt_set_status(NTSTATUS status)
{
    if (!status) return TRUE;
    SetLastError(k32_error_from_status(status));
    return FALSE;
}

/* Bounds of the count below: regions visited, shareable pages whose
 * residency is asked for (1 GiB of views and images). Past either, the
 * count gives up and the caller reports _EX. */
#define MAX_COUNTED_REGIONS 65536
#define MAX_COUNTED_PAGES   (256 * 1024)

/* Resident private pages and committed shared views, for systems whose
 * ProcessVmCounters has no VM_COUNTERS_EX2: one region walk. Private pages
 * are what is resident and not shared: the working set less the resident
 * shared pages, and only views and images can hold those. So residency is
 * read for views and images alone, whose size does not grow with the
 * private memory the process commits (at 16 GiB committed, reading every
 * private page took 14 s under Wine). */
static NTSTATUS count_private_ws_and_shared_commit(HANDLE process, struct nt_vm_counters *vm)
{
    static const SIZE_T page_size = 0x1000;
    PSAPI_WORKING_SET_EX_INFORMATION pages[256];
    MEMORY_BASIC_INFORMATION info;
    SIZE_T counted_pages = 0, shared_ws = 0;
    unsigned int regions = 0;
    const char *addr = NULL;
    NTSTATUS status;

    vm->private_working_set_size = 0;
    vm->shared_commit_usage = 0;
    while (!(status = NtQueryVirtualMemory(process, addr, NT_MEMORY_BASIC_INFORMATION,
                                           &info, sizeof(info), NULL)))
    {
        const char *next = (const char *)info.BaseAddress + info.RegionSize;

        if (++regions > MAX_COUNTED_REGIONS) return STATUS_NO_MEMORY;
        if (info.State == MEM_COMMIT && info.Type == MEM_MAPPED)
            vm->shared_commit_usage += info.RegionSize;
        if (info.State == MEM_COMMIT && (info.Type == MEM_MAPPED || info.Type == MEM_IMAGE))
        {
            const char *page = info.BaseAddress;

            if ((counted_pages += info.RegionSize / page_size) > MAX_COUNTED_PAGES) return STATUS_NO_MEMORY;
            while (page < next)
            {
                SIZE_T count = 0;

                for (; count < ARRAY_SIZE(pages) && page < next; count++, page += page_size)
                    pages[count].VirtualAddress = (void *)page;
                /* residency unknown: no number rather than a guess */
                if ((status = NtQueryVirtualMemory(process, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION,
                                                   pages, count * sizeof(pages[0]), NULL)))
                    return status;
                for (SIZE_T i = 0; i < count; i++)
                    if (pages[i].VirtualAttributes.Valid && pages[i].VirtualAttributes.Shared)
                        shared_ws += page_size;
            }
        }
        if (next <= addr || !info.RegionSize) break;
        addr = next;
    }
    /* the walk ends with an error past the last region: that is the normal end */
    if (!addr) return status;
    vm->private_working_set_size = vm->working_set_size > shared_ws ? vm->working_set_size - shared_ws : 0;
    return STATUS_SUCCESS;
}

NTSTATUS nt_vm_counters(HANDLE process, struct nt_vm_counters *vm, BOOL ex2, size_t *filled)
{
    NTSTATUS status;

    memset(vm, 0, sizeof(*vm));
    if (ex2)
    {
        status = NtQueryInformationProcess(process, ProcessVmCounters, vm, NT_VM_COUNTERS_EX2_SIZE, NULL);
        *filled = NT_VM_COUNTERS_EX2_SIZE;
        if (status != STATUS_INFO_LENGTH_MISMATCH) return status;
    }
    status = NtQueryInformationProcess(process, ProcessVmCounters, vm, NT_VM_COUNTERS_EX_SIZE, NULL);
    *filled = NT_VM_COUNTERS_EX_SIZE;
    if (status || !ex2) return status;

    /* No VM_COUNTERS_EX2 below: count them from the address space. That takes
     * PROCESS_QUERY_INFORMATION, more than the documented right; a handle to
     * the calling process can count through the pseudo handle instead. Where
     * neither works, *filled stays at _EX and the caller reports _EX. */
    if (!count_private_ws_and_shared_commit(process, vm)
        || (nt_same_object(process, GetCurrentProcess()) == STATUS_SUCCESS
            && !count_private_ws_and_shared_commit(GetCurrentProcess(), vm)))
        *filled = NT_VM_COUNTERS_EX2_SIZE;
    return STATUS_SUCCESS;
}
