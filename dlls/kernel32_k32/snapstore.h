/*
 * Snapshot storage: where a Toolhelp32 snapshot's bytes live and how a walk
 * reaches them through the caller's handle (snapstore.c). The entry points
 * never know which backing a snapshot has.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_SNAPSTORE_H
#define K32_SNAPSTORE_H

#include "nt.h"

/* A new snapshot object holding data[0, size): a delete-on-close temporary
 * file or a pagefile-backed section, whichever has been the cheaper to make
 * and walk (K32_SNAPSTORE=file or =memory in the environment picks one); the section
 * whenever the file cannot be made or written (no usable %TEMP%, a full
 * disk). Both are kernel objects: close, duplicate and inherit work. */
NTSTATUS snapstore_create(const void *data, ULONG size, BOOL inherit, HANDLE *handle);

/* Access to a snapshot object through a handle, for one walk step. */
struct snapstore_access
{
    HANDLE handle;
    BYTE  *view;        /* memory backing: the mapped section */
    SIZE_T view_size;
    BOOL   cached;      /* the view is a cached one, held (shared) until snapstore_close */
    LONGLONG opened;    /* when snapstore_open proved it (QueryPerformanceCounter): what a step costs */
};

/* Proves that handle is a snapshot object made by snapstore_create (in this
 * or another process) without reading, writing or waiting on anything else:
 * STATUS_INVALID_HANDLE for any other object, open or closed. */
NTSTATUS snapstore_open(HANDLE handle, struct snapstore_access *access);
/* Exactly size bytes at offset; a short read is STATUS_END_OF_FILE. */
NTSTATUS snapstore_read(struct snapstore_access *access, ULONG offset, void *buffer, ULONG size);
NTSTATUS snapstore_write(struct snapstore_access *access, ULONG offset, const void *buffer, ULONG size);
void snapstore_close(struct snapstore_access *access);

#endif /* K32_SNAPSTORE_H */
