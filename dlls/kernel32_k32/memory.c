/*
 * Process memory counters: K32GetProcessMemoryInfo.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>

#include "k32_private.h"
#include "core/counters.h"

C_ASSERT(PMC_SIZE == sizeof(PROCESS_MEMORY_COUNTERS));
C_ASSERT(PMC_EX_SIZE == sizeof(PROCESS_MEMORY_COUNTERS_EX));
C_ASSERT(PMC_EX2_SIZE == sizeof(PROCESS_MEMORY_COUNTERS_EX2));
C_ASSERT(offsetof(struct pmc_layout, page_fault_count) == offsetof(PROCESS_MEMORY_COUNTERS_EX2, PageFaultCount));
C_ASSERT(offsetof(struct pmc_layout, usage) == offsetof(PROCESS_MEMORY_COUNTERS_EX2, PeakWorkingSetSize));
C_ASSERT(offsetof(struct pmc_layout, usage.peak_pagefile_usage)
         == offsetof(PROCESS_MEMORY_COUNTERS_EX2, PeakPagefileUsage));
C_ASSERT(offsetof(struct pmc_layout, private_usage) == offsetof(PROCESS_MEMORY_COUNTERS_EX2, PrivateUsage));
C_ASSERT(offsetof(struct pmc_layout, shared_commit_usage) == offsetof(PROCESS_MEMORY_COUNTERS_EX2, SharedCommitUsage));

/***********************************************************************
 *           K32GetProcessMemoryInfo   (kernel32_k32.@)
 *
 * cb chooses PROCESS_MEMORY_COUNTERS, _EX or _EX2; nothing past the chosen
 * structure is written. The handle needs PROCESS_QUERY_(LIMITED_)INFORMATION.
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getprocessmemoryinfo
 */
BOOL WINAPI K32GetProcessMemoryInfo(HANDLE process, PROCESS_MEMORY_COUNTERS *counters, DWORD cb)
{
    struct nt_vm_counters vm;
    size_t filled;
    NTSTATUS status;

    TRACE("(%p, %p, %lu)\n", process, counters, cb);
    if (!pmc_variant(cb)) return set_error(ERROR_INSUFFICIENT_BUFFER);
    status = nt_vm_counters(process, &vm, pmc_variant(cb) == PMC_EX2_SIZE, &filled);
    if (status) return set_status(status);
    /* the structure is written once the handle is checked: a NULL one faults then */
    if (!counters) return set_error(ERROR_NOACCESS);
    pmc_from_vm_counters(counters, cb, &vm, filled);
    return TRUE;
}
