/*
 * Private declarations shared by the kernel32_k32 entry points.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_PRIVATE_H
#define K32_PRIVATE_H

#include "nt.h"          /* first: it includes windows.h with ntstatus.h */
#include <tlhelp32.h>
#include <psapi.h>

#include "core/layout.h"
#include "core/ntrecords.h"
#include "core/text.h"

#include "debug.h"

/* The one way an entry point fails (errors.c), a return at the call site
 * that gives 0 (FALSE, or a count of 0):
 *     return set_error(ERROR_NOACCESS);
 *     if (status) return set_status(status);
 * set_status maps a status of ours or of the layer below through one table.
 * The failure trace names the export: a helper that fails on behalf of
 * exports is given the export's __func__ as api and fails with
 *     return fail_error(api, ERROR_NOACCESS);
 *     if (status) return fail_status(api, status); */
#define set_error(error)         k32_fail(__func__, (error))
#define set_status(status)       k32_fail_status(__func__, (status))
#define fail_error(api, error)   k32_fail((api), (error))
#define fail_status(api, status) k32_fail_status((api), (status))
BOOL k32_fail(const char *api, DWORD error);
BOOL k32_fail_status(const char *api, NTSTATUS status);

/* heaps.c: the calling process's heaps, in a page allocation (count returned,
 * 0 on failure); free with own_heaps_free. */
DWORD own_heaps(HANDLE **heaps);
void own_heaps_free(HANDLE *heaps);
/* heaps.c: the heaps of any process (core/heaprecord.h records). */
struct heap_summary;
NTSTATUS heap_list(DWORD pid, struct heap_summary **list, SIZE_T *count);
void heap_list_free(struct heap_summary *list);

#endif /* K32_PRIVATE_H */
