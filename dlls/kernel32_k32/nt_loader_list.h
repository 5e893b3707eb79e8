/*
 * Walking a process's loader lists in the NT layer: the native list and the
 * 32-bit one of a WOW64 process, as a LIST_MODULES_* filter selects them.
 * Used by the PSAPI (nt_modules.c) and Toolhelp32 (nt_module_snapshot.c)
 * consumers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_NT_LOADER_LIST_H
#define K32_NT_LOADER_LIST_H

#include "nt_process_reader.h"

/* NTSTATUS of a loader_result (LOADER_END is not an error). */
NTSTATUS loader_status(const struct target *t, int ret);
/* Starts a walk of the native list, or of the WOW64 one. */
NTSTATUS walk_init(struct target *t, struct loader_walk *walk, BOOL wow64);
/* Finds module (NULL: the main module) in the native list, then in the
 * WOW64 one; STATUS_INVALID_HANDLE when it is in neither. */
NTSTATUS target_find(struct target *t, HMODULE module, struct loader_walk *walk, struct loader_module *found);

/* Calls add(ctx, walk, module) for each module the filter selects, the
 * 32-bit ones of a WOW64 process first; a non-zero status stops the walk. */
typedef NTSTATUS (*module_fn)(void *ctx, const struct loader_walk *walk, const struct loader_module *module);
NTSTATUS for_each_module(struct target *t, DWORD filter, module_fn add, void *ctx);

/* The full path of a module into name[0, size) (size > 0), truncated, as
 * this caller names the file (a WOW64 list's system folder paths in the
 * 32-bit system folder); a loader_result. */
int read_full_path(const struct loader_walk *walk, const struct loader_module *module,
                   WCHAR *name, size_t size, size_t *chars);

#endif /* K32_NT_LOADER_LIST_H */
