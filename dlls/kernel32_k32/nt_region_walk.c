/*
 * The one walk of a process's address space by region, with the residency
 * of the pages a caller asks for read 256 at a time (see nt.h): the memory
 * counters (_EX2 where NT lacks them) and the working set of the calling
 * process built from residency both walk it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "nt.h"
#include <psapi.h>

#define WALK_PAGE_SIZE 0x1000

NTSTATUS nt_region_walk(HANDLE process, nt_region_fn region, nt_residency_fn residency, void *ctx)
{
    PSAPI_WORKING_SET_EX_INFORMATION pages[256];
    MEMORY_BASIC_INFORMATION info;
    const char *addr = NULL;
    NTSTATUS status;

    while (!(status = NtQueryVirtualMemory(process, addr, MemoryBasicInformation,
                                           &info, sizeof(info), NULL)))
    {
        const char *next = (const char *)info.BaseAddress + info.RegionSize;
        const char *page = info.BaseAddress;
        BOOL read_pages = FALSE;

        if ((status = region(ctx, &info, &read_pages))) return status;
        while (read_pages && page < next)
        {
            SIZE_T count = 0;

            for (; count < ARRAY_SIZE(pages) && page < next; count++, page += WALK_PAGE_SIZE)
                pages[count].VirtualAddress = (void *)page;
            /* residency unknown: no number rather than a guess */
            if ((status = NtQueryVirtualMemory(process, NULL, MemoryWorkingSetExInformation,
                                               pages, count * sizeof(pages[0]), NULL)))
                return status;
            residency(ctx, pages, count);
        }
        if (next <= addr || !info.RegionSize) break;
        addr = next;
    }
    /* the walk ends with an error past the last region: that is the normal end */
    return addr ? STATUS_SUCCESS : status;
}
