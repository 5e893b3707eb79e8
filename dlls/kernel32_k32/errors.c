/*
 * The one mapping from our results to GetLastError() codes, and the one way
 * an entry point fails (k32_private.h: `return set_error(...)`,
 * `return set_status(...)`).
 *
 * Each row is chosen on purpose: the error the function's reference page
 * documents for the case, or, where the page names none, what the platform's
 * own implementation answers on Windows. A status of the layer below that is
 * in no row keeps NT's own translation (RtlNtStatusToDosError), with a
 * warning on the debug channel. The comment of each row names a test that
 * provokes the status through an export and asserts that exact error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"

static const struct
{
    NTSTATUS status;
    DWORD    error;
}
status_errors[] =
{
    /* a closed handle: tests/badinput.c, the "closed handle" and "closed
     * snapshot" rows; tests/toolhelp.c:test_bad_handles */
    { STATUS_INVALID_HANDLE,        ERROR_INVALID_HANDLE },
    /* a handle of another type (an event): tests/badinput.c, the "event
     * handle, NULL buffer" rows */
    { STATUS_OBJECT_TYPE_MISMATCH,  ERROR_INVALID_HANDLE },
    /* a handle without the right: tests/badinput.c, the "SYNCHRONIZE only"
     * rows; tests/modules.c:test_observed_order */
    { STATUS_ACCESS_DENIED,         ERROR_ACCESS_DENIED },
    /* a pid that names no process, as OpenProcess answers: tests/badinput.c,
     * "modules, missing pid"; tests/heaps.c:test_read_memory;
     * tests/thmodules.c:test_child */
    { STATUS_INVALID_CID,           ERROR_INVALID_PARAMETER },
    /* memory of a process that cannot be read, a 64-bit process read by a
     * WOW64 caller: tests/modules.c:test_corrupt_list ("unreadable"),
     * tests/bitness.c:test_32bit_caller */
    { STATUS_PARTIAL_COPY,          ERROR_PARTIAL_COPY },
    /* the caller's own buffer faulted: tests/badinput.c, the "NULL buffer"
     * rows of GetModuleBaseName and GetProcessImageFileName;
     * tests/modules.c:test_null_pointers */
    { STATUS_ACCESS_VIOLATION,      ERROR_NOACCESS },
    /* more records than ours takes from another process (1 Mi):
     * tests/heapremote.c:test_liar */
    { STATUS_NO_MEMORY,             ERROR_NOT_ENOUGH_MEMORY },
    /* the end of a list: tests/toolhelp.c:test_process_walk */
    { STATUS_NO_MORE_FILES,         ERROR_NO_MORE_FILES },
    /* where the layer below lacks a service (README table), the error NT's
     * own mapping gives: tests/workingset.c:test_child (QueryWorkingSet of a
     * child: INVALID_INFO_CLASS), tests/workingset.c:test_ws_watch
     * (InitializeProcessForWsWatch: NOT_IMPLEMENTED), tests/system.c:test_page_files */
    { STATUS_INVALID_INFO_CLASS,    ERROR_INVALID_PARAMETER },
    { STATUS_NOT_IMPLEMENTED,       ERROR_INVALID_FUNCTION },
    { STATUS_NOT_SUPPORTED,         ERROR_NOT_SUPPORTED },
    /* ours: a list that changed while it was read, "retry the function
     * until it succeeds" (CreateToolhelp32Snapshot page):
     * tests/modules.c:test_corrupt_list ("loop") */
    { K32_STATUS_LIST_CHANGED,      ERROR_BAD_LENGTH },
    /* ours: data that breaks its own format (a loader entry without a name,
     * a path the system gave that parses as none): tests/modules.c:test_nameless_entry;
     * the core's checks of such data: tests/unit (check_loader, check_devpath), tests/fuzz */
    { K32_STATUS_BAD_DATA,          ERROR_INVALID_DATA },
    /* ours: another process did not answer within its bound (README, "the
     * bound of every wait"): its memory could not be read, the error the
     * CreateToolhelp32Snapshot page gives for that: tests/heapremote.c:test_loader_lock_held */
    { K32_STATUS_TARGET_TIMEOUT,    ERROR_PARTIAL_COPY },
    /* GetMappedFileName of an address where no file is mapped (no view, or
     * a view of a pagefile-backed section): what Windows answers, NT's own
     * mapping: tests/names.c:test_mapped_name_addresses */
    { STATUS_INVALID_ADDRESS,       ERROR_UNEXP_NET_ERR },
    { STATUS_FILE_INVALID,          ERROR_FILE_INVALID },
    /* a process that ended while it was inspected, as NT maps it:
     * tests/modules.c, the ended child of START_TEST */
    { STATUS_PROCESS_IS_TERMINATING, ERROR_ACCESS_DENIED },
};

/* The error of a status; *in_table says whether a row answered. */
static DWORD error_from_status(NTSTATUS status, BOOL *in_table)
{
    unsigned int i;

    *in_table = TRUE;
    /* a Win32 error carried as a status (NT's FACILITY_NTWIN32 form): the
     * answer of a documented Win32 equivalent, e.g. EmptyWorkingSet's */
    if (((ULONG)status & 0xffff0000) == 0xc0070000) return (ULONG)status & 0xffff;
    for (i = 0; i < ARRAY_SIZE(status_errors); i++)
        if (status_errors[i].status == status) return status_errors[i].error;
    *in_table = FALSE;
    return RtlNtStatusToDosError(status);
}

/* The traces name api, the export the caller called (k32_private.h). */
BOOL k32_fail(const char *api, DWORD error)
{
    if (K32_DEBUG_ON(K32_DBCL_TRACE)) k32_debug_log(K32_DBCL_TRACE, api, "-> failed, error %lu\n", error);
    SetLastError(error);
    return FALSE;
}

BOOL k32_fail_status(const char *api, NTSTATUS status)
{
    BOOL in_table;
    DWORD error = error_from_status(status, &in_table);

    if (!in_table && K32_DEBUG_ON(K32_DBCL_WARN))
        k32_debug_log(K32_DBCL_WARN, api, "status %#lx is in no row: NT's own translation, error %lu\n",
                      (unsigned long)status, error);
    if (K32_DEBUG_ON(K32_DBCL_TRACE))
        k32_debug_log(K32_DBCL_TRACE, api, "-> failed, status %#lx, error %lu\n", (unsigned long)status, error);
    SetLastError(error);
    return FALSE;
}
