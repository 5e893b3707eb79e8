/*
 * The bounds of a string ntdll wrote into the caller's buffer (see ntstring.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/ntstring.h"
#include "core/ntrecords.h"

int ntstring_check(const void *buf, size_t size, size_t header, const void *chars, size_t length,
                   size_t *count)
{
    uintptr_t start = (uintptr_t)buf, at = (uintptr_t)chars, offset;

    *count = 0;
    if (!length) return CORE_OK;        /* an empty name: nothing is read */
    if (length % 2 || header > size || at < start) return CORE_CORRUPT;
    offset = at - start;
    if (offset < header || offset % 2 || offset > size || size - offset < length) return CORE_CORRUPT;
    *count = length / 2;
    return CORE_OK;
}
