/*
 * The process list of the NT layer (see nt.h): SYSTEM_PROCESS_INFORMATION in
 * one NtQuerySystemInformation call whenever the previous size still fits
 * (under Wine every call is a wineserver round trip), and what the list's
 * priorities mean on this system.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "nt.h"
#include "core/ntrecords.h"

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
