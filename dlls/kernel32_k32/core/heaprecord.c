/*
 * OS-free heap walk records (see heaprecord.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/heaprecord.h"
#include "core/ntrecords.h"

int heap_result_count(uint64_t size, size_t record_size, size_t max_records, size_t *count)
{
    if (!record_size || size % record_size || size / record_size > max_records) return CORE_CORRUPT;
    *count = (size_t)(size / record_size);
    return CORE_OK;
}
