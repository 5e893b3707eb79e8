/*
 * libFuzzer target: a Toolhelp32 snapshot header read back from a snapshot
 * object another process may have written (th32_header_check and
 * th32_header_step in core/layout.c).
 *
 * The input is a struct th32_header and a list of operations (fuzz.h).
 * Whatever header passes the check must only ever give offsets of whole
 * entries inside header->size and past the header, whatever the cursors
 * hold; when the header's size is at most 64 KiB, a snapshot of exactly
 * that size is allocated and every entry stepped to is read from it, so that
 * AddressSanitizer sees an offset that is not.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "fuzz.h"
#include "core/layout.h"

#define FUZZ_MAX_SNAPSHOT (64u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct th32_header header, checked;
    unsigned char *snapshot = NULL;
    unsigned char entry[sizeof(struct th32_module)];
    size_t ops;

    memset(&header, 0, sizeof(header));
    memcpy(&header, data, size < sizeof(header) ? size : sizeof(header));
    if (th32_header_check(&header) != CORE_OK) return 0;
    checked = header;

    for (int i = 0; i < TH32_LIST_COUNT; i++)
    {
        FUZZ_ASSERT(header.tables[i].entry_size == th32_entry_sizes[i]);
        FUZZ_ASSERT(header.tables[i].entry_size <= sizeof(entry));
    }
    if (header.size <= FUZZ_MAX_SNAPSHOT)
    {
        snapshot = malloc(header.size);
        FUZZ_ASSERT(snapshot);
        memcpy(snapshot, &header, sizeof(header));   /* a passing header fits in its own size */
    }

    ops = size > sizeof(header) ? (size - sizeof(header)) / FUZZ_SNAPSHOT_OP_SIZE : 0;
    for (size_t n = 0; n < ops; n++)
    {
        const uint8_t *op = data + sizeof(header) + n * FUZZ_SNAPSHOT_OP_SIZE;
        enum th32_list list = (enum th32_list)(op[0] & 3);
        struct th32_table *table = &header.tables[list];
        uint32_t value, before, index, offset = 0xdeadbeef;
        int ret, first = 0;

        memcpy(&value, op + 1, sizeof(value));
        switch ((op[0] >> 2) & 3)
        {
        case FUZZ_OP_RECHECK:
            /* the walk only ever moves cursors, which the check leaves to the step */
            FUZZ_ASSERT(th32_header_check(&header) == CORE_OK);
            continue;
        case FUZZ_OP_CURSOR:
            table->cursor = value;
            break;
        case FUZZ_OP_FIRST:
            first = 1;
            break;
        }
        before = table->cursor;
        index = first ? 0 : before;
        ret = th32_header_step(&header, list, first, &offset);
        if (ret == CORE_OK)
        {
            FUZZ_ASSERT(index < table->count);
            FUZZ_ASSERT(table->cursor == index + 1);
            FUZZ_ASSERT(offset >= sizeof(header));
            FUZZ_ASSERT(offset == table->offset + (uint64_t)index * table->entry_size);
            FUZZ_ASSERT((uint64_t)offset + table->entry_size <= header.size);
            if (snapshot) memcpy(entry, snapshot + offset, table->entry_size);
        }
        else
        {
            FUZZ_ASSERT(ret == CORE_END);
            FUZZ_ASSERT(index >= table->count && table->cursor == table->count);
            FUZZ_ASSERT(offset == 0xdeadbeef);
        }
        /* the step moves nothing but the cursor */
        for (int i = 0; i < TH32_LIST_COUNT; i++)
        {
            FUZZ_ASSERT(header.tables[i].offset == checked.tables[i].offset);
            FUZZ_ASSERT(header.tables[i].count == checked.tables[i].count);
            FUZZ_ASSERT(header.tables[i].entry_size == checked.tables[i].entry_size);
        }
        FUZZ_ASSERT(header.size == checked.size && header.magic == checked.magic);
    }
    free(snapshot);
    return 0;
}
