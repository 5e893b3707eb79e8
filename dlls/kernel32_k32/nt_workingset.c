/*
 * The NT layer of the working-set functions (see nt.h).
 *
 * Each function is one NT call where the system has the service. Where it
 * lacks the information class (Wine 8 has no MemoryWorkingSetInformation,
 * no ProcessQuotaLimits to set, no ProcessWorkingSetWatch(Ex), and answers
 * MemoryWorkingSetExInformation only for the NtCurrentProcess() handle),
 * the handle is checked as the service would check it, so a bad handle or
 * a missing access right still fails as documented, and then:
 *  - the working set of the calling process is built from the residency of
 *    each committed page (MemoryWorkingSetExInformation), a real answer;
 *  - a handle of the calling process other than NtCurrentProcess() is
 *    answered through NtCurrentProcess() once its rights are checked;
 *  - anything else returns the system's status: never a made-up success.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "nt.h"
#include "debug.h"
#include "core/workingset.h"
#include <psapi.h>

/* Whether the layer below lacks the information class (not a bad call). */
static BOOL class_missing(NTSTATUS status)
{
    return status == STATUS_INVALID_INFO_CLASS || status == STATUS_NOT_IMPLEMENTED
           || status == STATUS_NOT_SUPPORTED;
}

/* Checks a process handle as the missing service would: STATUS_INVALID_HANDLE
 * or STATUS_OBJECT_TYPE_MISMATCH for what is no process handle,
 * STATUS_ACCESS_DENIED without the rights (every bit of all, one of any).
 * *self tells whether it names the calling process. */
static NTSTATUS check_process(HANDLE process, ACCESS_MASK all, ACCESS_MASK any, BOOL *self)
{
    PUBLIC_OBJECT_BASIC_INFORMATION object;
    PROCESS_BASIC_INFORMATION info;
    NTSTATUS status;

    *self = FALSE;
    if (process == GetCurrentProcess())
    {
        *self = TRUE;
        return STATUS_SUCCESS;
    }
    status = NtQueryInformationProcess(process, ProcessBasicInformation, &info, sizeof(info), NULL);
    if (status) return status;
    status = NtQueryObject(process, ObjectBasicInformation, &object, sizeof(object), NULL);
    if (status) return status;
    if (!ws_access_ok(object.GrantedAccess, all, any)) return STATUS_ACCESS_DENIED;
    *self = info.UniqueProcessId == (ULONG_PTR)GetCurrentProcessId();
    return STATUS_SUCCESS;
}

/* After status told that the class is missing: the status of the handle
 * check when it fails, else status; *self as check_process. */
static NTSTATUS missing_class(const char *api, NTSTATUS status, HANDLE process, ACCESS_MASK all, ACCESS_MASK any,
                              BOOL *self, const char *service)
{
    NTSTATUS check = check_process(process, all, any, self);

    WARN_MISSING(api, service, status);
    return check ? check : status;
}

/* The working set of the calling process from the residency of every
 * committed page: one region walk, residency read 256 pages at a time. */
static NTSTATUS ws_region(void *ctx, const MEMORY_BASIC_INFORMATION *info, BOOL *read_pages)
{
    *read_pages = info->State == MEM_COMMIT;
    return STATUS_SUCCESS;
}

static void ws_residency(void *ctx, const PSAPI_WORKING_SET_EX_INFORMATION *pages, SIZE_T count)
{
    for (SIZE_T i = 0; i < count; i++)
        ws_builder_add(ctx, (uintptr_t)pages[i].VirtualAddress, pages[i].VirtualAttributes.Flags);
}

static NTSTATUS working_set_from_residency(void *buf, SIZE_T size)
{
    struct ws_builder builder;
    NTSTATUS status;

    ws_builder_init(&builder, buf, size);
    if ((status = nt_region_walk(GetCurrentProcess(), ws_region, ws_residency, &builder))) return status;
    return ws_builder_finish(&builder) == WS_OK ? STATUS_SUCCESS : STATUS_INFO_LENGTH_MISMATCH;
}

NTSTATUS nt_working_set(const char *api, HANDLE process, void *buf, SIZE_T size)
{
    NTSTATUS status = NtQueryVirtualMemory(process, NULL, MemoryWorkingSetInformation, buf, size, NULL);
    BOOL self;

    if (!class_missing(status)) return status;
    status = missing_class(api, status, process, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, 0, &self,
                           "NtQueryVirtualMemory(MemoryWorkingSetInformation)");
    return self ? working_set_from_residency(buf, size) : status;
}

NTSTATUS nt_working_set_ex(const char *api, HANDLE process, void *buf, SIZE_T size)
{
    NTSTATUS status = NtQueryVirtualMemory(process, NULL, MemoryWorkingSetExInformation, buf, size, NULL);
    BOOL self;

    if (!class_missing(status) || process == GetCurrentProcess()) return status;
    status = missing_class(api, status, process, PROCESS_QUERY_INFORMATION, 0, &self,
                           "NtQueryVirtualMemory(MemoryWorkingSetExInformation) of another process");
    if (!self) return status;
    return NtQueryVirtualMemory(GetCurrentProcess(), NULL, MemoryWorkingSetExInformation, buf, size, NULL);
}

/* Minimum and maximum working-set sizes of (SIZE_T)-1 empty the working set,
 * as SetProcessWorkingSetSize(Ex) documents for its parameters (the
 * EmptyWorkingSet reference page names it as the equivalent). Where the
 * layer lacks ProcessQuotaLimits, the handle is checked as the service
 * would, then the platform's own SetProcessWorkingSetSize answers: what it
 * does is what the platform can do (Wine 8: it succeeds, and nothing leaves
 * the working set). */
NTSTATUS nt_empty_working_set(const char *api, HANDLE process)
{
    QUOTA_LIMITS limits;
    NTSTATUS status;
    BOOL self;

    memset(&limits, 0, sizeof(limits));
    limits.MinimumWorkingSetSize = (SIZE_T)-1;
    limits.MaximumWorkingSetSize = (SIZE_T)-1;
    status = NtSetInformationProcess(process, ProcessQuotaLimits, &limits, sizeof(limits));
    if (!class_missing(status)) return status;
    status = missing_class(api, status, process, PROCESS_SET_QUOTA,
                           PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION, &self,
                           "NtSetInformationProcess(ProcessQuotaLimits)");
    if (class_missing(status))
    {
        if (SetProcessWorkingSetSize(process, (SIZE_T)-1, (SIZE_T)-1)) return STATUS_SUCCESS;
        /* its error, as a status that carries it (errors.c) */
        return K32_STATUS_FROM_WIN32(GetLastError());
    }
    return status;
}

NTSTATUS nt_ws_watch_init(const char *api, HANDLE process)
{
    NTSTATUS status = NtSetInformationProcess(process, ProcessWorkingSetWatch, NULL, 0);
    BOOL self;

    /* a process already watched stays watched: "this function or the
     * InitializeProcessForWsWatch function" may be called again (GetWsChanges
     * reference page), so that is no failure */
    if (status == STATUS_PORT_ALREADY_SET) return STATUS_SUCCESS;
    if (!class_missing(status)) return status;
    return missing_class(api, status, process, PROCESS_QUERY_INFORMATION, 0, &self,
                         "NtSetInformationProcess(ProcessWorkingSetWatch)");
}

NTSTATUS nt_ws_watch(const char *api, HANDLE process, BOOL ex, void *buf, ULONG size, ULONG *returned)
{
    NTSTATUS status;
    BOOL self;

    *returned = 0;
    status = NtQueryInformationProcess(process, ex ? ProcessWorkingSetWatchEx : ProcessWorkingSetWatch,
                                       buf, size, returned);
    if (!class_missing(status)) return status;
    *returned = 0;
    return missing_class(api, status, process, PROCESS_QUERY_INFORMATION, 0, &self,
                         "NtQueryInformationProcess(ProcessWorkingSetWatch(Ex))");
}
