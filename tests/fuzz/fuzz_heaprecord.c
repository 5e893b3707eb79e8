/*
 * libFuzzer target: the count of heap walk records another process hands
 * back (heap_result_count in core/heaprecord.c). The size of the result
 * comes from that process and may be anything.
 *
 * Input: a struct fuzz_heaprecord_header (zero-filled when shorter), then
 * the result's bytes. The claimed size is checked; what passes must be a
 * whole number of records, no more than the maximum, and every record is
 * then read from a copy of exactly the claimed size when the input holds
 * that many bytes, so that AddressSanitizer sees a count that is not.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "fuzz.h"
#include "core/heaprecord.h"
#include "core/ntrecords.h"

static uint64_t sum_records(const unsigned char *bytes, size_t count, size_t record_size)
{
    uint64_t sum = 0;

    for (size_t i = 0; i < count; i++)
    {
        if (record_size == sizeof(struct heap_block))
        {
            struct heap_block block;
            memcpy(&block, bytes + i * record_size, sizeof(block));
            sum += block.address + block.size + block.flags;
        }
        else
        {
            struct heap_summary heap;
            memcpy(&heap, bytes + i * record_size, sizeof(heap));
            sum += heap.id + heap.flags;
        }
    }
    return sum;
}

static void check(uint64_t claimed, size_t record_size, size_t max, const uint8_t *data, size_t avail)
{
    size_t count = (size_t)-1;
    unsigned char *copy;

    if (heap_result_count(claimed, record_size, max, &count) != CORE_OK)
    {
        FUZZ_ASSERT(count == (size_t)-1);   /* untouched on failure */
        return;
    }
    FUZZ_ASSERT(count <= max);
    FUZZ_ASSERT((uint64_t)count * record_size == claimed);
    if (claimed > avail) return;
    copy = malloc(claimed ? (size_t)claimed : 1);
    FUZZ_ASSERT(copy);
    memcpy(copy, data, (size_t)claimed);
    (void)sum_records(copy, count, record_size);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_heaprecord_header header;
    size_t record_size, avail = size > sizeof(header) ? size - sizeof(header) : 0;
    const uint8_t *bytes = data + sizeof(header);

    memset(&header, 0, sizeof(header));
    memcpy(&header, data, size < sizeof(header) ? size : sizeof(header));
    record_size = header.kind & 1 ? sizeof(struct heap_summary) : sizeof(struct heap_block);
    if (header.kind & 2) record_size = header.kind >> 2;   /* any record size, 0 included */

    /* the size the other process claims, and the size it really sent */
    check(header.claimed, record_size, header.max_records, bytes, avail);
    check(avail, record_size, header.max_records, bytes, avail);
    return 0;
}
