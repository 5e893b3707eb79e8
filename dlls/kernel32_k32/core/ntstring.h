/*
 * OS-free check of a string ntdll wrote into the caller's buffer: a
 * UNICODE_STRING answer (ProcessImageFileName, ProcessImageFileNameWin32,
 * MemoryMappedFilenameInformation, ...) is the structure at the start of
 * the buffer and its characters further in. Its Buffer and Length come from
 * below: the characters are read only when they lie whole inside the buffer,
 * past the structure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_NTSTRING_H
#define K32_CORE_NTSTRING_H

#include <stddef.h>
#include <stdint.h>

/* buf[0, size) holds a UNICODE_STRING of header bytes, then its text; chars
 * is where its Buffer points and length its Length (in bytes). CORE_OK with
 * *count = length / 2 when length is 0, or when length is even and
 * [chars, chars + length) lies in [buf + header, buf + size) at an even
 * offset; CORE_CORRUPT (and *count 0) otherwise. */
int ntstring_check(const void *buf, size_t size, size_t header, const void *chars, size_t length,
                   size_t *count);

#endif /* K32_CORE_NTSTRING_H */
