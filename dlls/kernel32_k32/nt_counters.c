/*
 * Memory counters of a process in the NT layer (see nt.h): VM_COUNTERS(_EX)
 * from ProcessVmCounters, and the _EX2 fields counted from the address space
 * where NT does not report them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "nt.h"
#include "core/counters.h"
#include <psapi.h>

/* what ProcessVmCounters writes is VM_COUNTERS with the _EX and _EX2 tails */
C_ASSERT(NT_VM_COUNTERS_SIZE == sizeof(VM_COUNTERS));
C_ASSERT(offsetof(struct nt_vm_counters, page_fault_count) == offsetof(VM_COUNTERS, PageFaultCount));
C_ASSERT(offsetof(struct nt_vm_counters, usage) == offsetof(VM_COUNTERS, PeakWorkingSetSize));
C_ASSERT(offsetof(struct nt_vm_counters, usage.peak_pagefile_usage) == offsetof(VM_COUNTERS, PeakPagefileUsage));

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
struct private_count
{
    struct nt_vm_counters *vm;
    SIZE_T   counted_pages, shared_ws;
    unsigned int regions;
};

static NTSTATUS count_region(void *ctx, const MEMORY_BASIC_INFORMATION *info, BOOL *read_pages)
{
    struct private_count *count = ctx;

    if (++count->regions > MAX_COUNTED_REGIONS) return STATUS_NO_MEMORY;
    if (info->State == MEM_COMMIT && info->Type == MEM_MAPPED) count->vm->shared_commit_usage += info->RegionSize;
    if (info->State != MEM_COMMIT || (info->Type != MEM_MAPPED && info->Type != MEM_IMAGE)) return STATUS_SUCCESS;
    if ((count->counted_pages += info->RegionSize / 0x1000) > MAX_COUNTED_PAGES) return STATUS_NO_MEMORY;
    *read_pages = TRUE;
    return STATUS_SUCCESS;
}

static void count_residency(void *ctx, const PSAPI_WORKING_SET_EX_INFORMATION *pages, SIZE_T n)
{
    struct private_count *count = ctx;

    for (SIZE_T i = 0; i < n; i++)
        if (pages[i].VirtualAttributes.Valid && pages[i].VirtualAttributes.Shared) count->shared_ws += 0x1000;
}

static NTSTATUS count_private_ws_and_shared_commit(HANDLE process, struct nt_vm_counters *vm)
{
    struct private_count count = { vm, 0, 0, 0 };
    NTSTATUS status;

    vm->private_working_set_size = 0;
    vm->shared_commit_usage = 0;
    if ((status = nt_region_walk(process, count_region, count_residency, &count))) return status;
    vm->private_working_set_size = vm->usage.working_set_size > count.shared_ws
                                   ? vm->usage.working_set_size - count.shared_ws : 0;
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
