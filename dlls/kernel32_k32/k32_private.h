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

/* The Win32 entry points check their arguments with these. */
#define K32_FAIL(err) do { SetLastError(err); return FALSE; } while (0)

/* heaps.c: the calling process's heaps, in a page allocation (count returned,
 * 0 on failure); free with own_heaps_free. */
DWORD own_heaps(HANDLE **heaps);
void own_heaps_free(HANDLE *heaps);
/* heaps.c: the heaps of any process (core/heaprecord.h records). */
struct heap_summary;
NTSTATUS heap_list(DWORD pid, struct heap_summary **list, SIZE_T *count);
void heap_list_free(struct heap_summary *list);

#endif /* K32_PRIVATE_H */
