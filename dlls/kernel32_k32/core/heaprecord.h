/*
 * OS-free records of a heap walk, in the form one process hands them to
 * another (fixed-size fields, the same for every bitness), and the check
 * of a result read back from another process.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_HEAPRECORD_H
#define K32_CORE_HEAPRECORD_H

#include <stddef.h>
#include <stdint.h>

/* One block of a heap, as HEAPENTRY32 reports it. */
struct heap_block
{
    uint64_t address;
    uint64_t handle;
    uint64_t size;
    uint32_t flags;         /* LF32_FIXED, LF32_FREE or LF32_MOVEABLE */
    uint32_t lock_count;
};

/* One heap of a process, as HEAPLIST32 reports it. */
struct heap_summary
{
    uint64_t id;
    uint32_t flags;         /* HF32_DEFAULT for the process heap */
    uint32_t reserved;
};

/* Records in a result of size bytes from another process; CORE_CORRUPT when
 * the size is not a whole number of records or larger than max_records. */
int heap_result_count(uint64_t size, size_t record_size, size_t max_records, size_t *count);

#endif /* K32_CORE_HEAPRECORD_H */
