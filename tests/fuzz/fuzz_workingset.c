/*
 * libFuzzer target: the working-set buffers (core/workingset.c) -- the
 * PSAPI_WORKING_SET_INFORMATION a layer below filled, the
 * PSAPI_WS_WATCH_INFORMATION(_EX) arrays of GetWsChanges(Ex), the builder
 * fed page by page, and the bit-field conversions.
 *
 * Every buffer is a heap block of exactly cb bytes, placed at the
 * misalignment the input picks (the caller's pv may be unaligned).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "fuzz.h"
#include "core/workingset.h"

/* The input's bytes at offset, as a uintptr_t (zero past its end). */
static uintptr_t get_word(const uint8_t *data, size_t size, size_t offset)
{
    uintptr_t value = 0;

    if (offset < size) memcpy(&value, data + offset, size - offset < sizeof(value) ? size - offset : sizeof(value));
    return value;
}

/* A block that ends exactly cb bytes after the returned misaligned start. */
static unsigned char *block_alloc(size_t cb, unsigned misalign, unsigned char **mem)
{
    *mem = malloc(cb + misalign);   /* ASan's malloc(0) is a block of no bytes */
    FUZZ_ASSERT(*mem);
    return *mem + misalign;
}

/* QueryWorkingSet: the buffer as the layer below returned it. */
static void fuzz_info(const uint8_t *data, size_t size, unsigned misalign)
{
    unsigned char *mem, *buf = block_alloc(size, misalign, &mem);
    uint64_t count;

    if (size) memcpy(buf, data, size);
    count = ws_get_count(buf, size);
    FUZZ_ASSERT(ws_capacity(size) * WS_BLOCK_SIZE + (size >= WS_HEADER_SIZE ? WS_HEADER_SIZE : 0) <= size);
    if (ws_check(buf, size) == WS_OK)
    {
        FUZZ_ASSERT(count <= ws_capacity(size));
        FUZZ_ASSERT(ws_size_for(count) <= size);
        for (size_t i = 0; i < count; i++)
        {
            uintptr_t flags = ws_get_block(buf, i);
            struct ws_block block;

            ws_block_unpack(flags, &block);
            FUZZ_ASSERT(block.protection < 32 && block.share_count < 8 && block.shared < 2);
            FUZZ_ASSERT(!(block.address & (WS_PAGE_SIZE - 1)));
            /* Reserved bits 9-11 are the only ones lost */
            FUZZ_ASSERT(ws_block_pack(&block) == (flags & ~(uintptr_t)0xe00));
        }
    }
    else FUZZ_ASSERT(size < WS_HEADER_SIZE || count > ws_capacity(size));

    /* writing the count back never goes past cb */
    FUZZ_ASSERT(ws_set_count(buf, size, count) == (size >= WS_HEADER_SIZE));
    free(mem);
}

/* GetWsChanges(Ex): "returned" bytes of records in a cb-byte buffer. */
static void fuzz_watch(const uint8_t *data, size_t size, unsigned misalign)
{
    static const size_t sizes[] = { WSWATCH_SIZE, WSWATCH_EX_SIZE, 0, WSWATCH_SIZE };
    size_t record_size = size ? sizes[data[0] & 3] : WSWATCH_SIZE;
    size_t returned = (size > 2 ? (size_t)data[1] | (size_t)data[2] << 8 : 0);
    size_t records = 0xdead, used = 0xbeef;
    unsigned char *mem, *buf = block_alloc(size, misalign, &mem);
    int ret;

    if (!record_size) record_size = size > 3 ? data[3] : 0;
    if (size) memcpy(buf, data, size);
    ret = wswatch_terminate(buf, size, returned, record_size, &records, &used);
    if (ret == WS_OK)
    {
        uintptr_t pc;

        FUZZ_ASSERT(record_size >= sizeof(uintptr_t) && returned <= size && !(returned % record_size));
        FUZZ_ASSERT(used == (records + 1) * record_size && used <= size);
        FUZZ_ASSERT(used <= returned + record_size);
        memcpy(&pc, buf + records * record_size, sizeof(pc));
        FUZZ_ASSERT(!pc);
        /* the end is the first record with no FaultingPc */
        for (size_t i = 0; i < records; i++)
        {
            memcpy(&pc, buf + i * record_size, sizeof(pc));
            FUZZ_ASSERT(pc);
        }
        /* nothing past the end record changed */
        FUZZ_ASSERT(!memcmp(buf + used, data + used, size - used));
        FUZZ_ASSERT(!memcmp(buf, data, records * record_size));
    }
    else if (ret == WS_SHORT)
    {
        FUZZ_ASSERT(size - returned < record_size);
        FUZZ_ASSERT(!memcmp(buf, data, size));
    }
    else
    {
        FUZZ_ASSERT(ret == WS_CORRUPT);
        FUZZ_ASSERT(record_size < sizeof(uintptr_t) || returned > size || returned % record_size);
    }

    wswatch_empty(buf, size, record_size);
    wswatch_empty(NULL, size, record_size);
    free(mem);
}

/* The builder, fed (page, attributes) pairs into a buffer of cb bytes. */
static void fuzz_builder(const uint8_t *data, size_t size, unsigned misalign)
{
    size_t cb = size > 4 ? data[4] : 0;
    unsigned char *mem, *buf = block_alloc(cb, misalign, &mem);
    struct ws_builder builder;
    uintptr_t expected[256 / WS_BLOCK_SIZE];
    uint64_t resident = 0;
    int ret;

    memset(buf, 0xcc, cb);
    ws_builder_init(&builder, buf, cb);
    FUZZ_ASSERT(builder.capacity == ws_capacity(cb));
    for (size_t offset = FUZZ_WS_PAIRS_OFFSET; offset < size; offset += 2 * sizeof(uintptr_t))
    {
        uintptr_t page = get_word(data, size, offset) & ~(WS_PAGE_SIZE - 1);
        uintptr_t flags = get_word(data, size, offset + sizeof(uintptr_t)), block;

        if (ws_block_from_ex(page, flags, &block))
        {
            struct ws_block unpacked;

            ws_block_unpack(block, &unpacked);
            FUZZ_ASSERT(unpacked.address == page);
            if (resident < sizeof(expected) / sizeof(expected[0])) expected[resident] = block;
            resident++;
        }
        else FUZZ_ASSERT(!(flags & 1));
        ws_builder_add(&builder, page, flags);
    }
    ret = ws_builder_finish(&builder);
    FUZZ_ASSERT(builder.count == resident);
    if (cb >= WS_HEADER_SIZE) FUZZ_ASSERT(ws_get_count(buf, cb) == resident);
    if (ret == WS_OK)
    {
        /* (a cb that cannot hold NumberOfEntries is the caller's to refuse) */
        FUZZ_ASSERT(resident <= ws_capacity(cb));
        if (cb >= WS_HEADER_SIZE) FUZZ_ASSERT(ws_check(buf, cb) == WS_OK);
        for (size_t i = 0; i < resident; i++) FUZZ_ASSERT(ws_get_block(buf, i) == expected[i]);
    }
    else
    {
        FUZZ_ASSERT(ret == WS_SHORT && resident > ws_capacity(cb));
        /* no partial list */
        for (size_t i = 0; i < ws_capacity(cb); i++) FUZZ_ASSERT(!ws_get_block(buf, i));
    }
    free(mem);
}

/* Every word of the input as PSAPI_WORKING_SET_(EX_)BLOCK flags and protections. */
static void fuzz_bits(const uint8_t *data, size_t size)
{
    const uintptr_t ex_mask = 1 | 7u << 1 | 0x7ffu << 4 | 1u << 15 | 0x3fu << 16 | 1u << 22 | 1u << 23
                              | (uintptr_t)1 << 31;

    for (size_t offset = 0; offset < size; offset += sizeof(uintptr_t))
    {
        uintptr_t flags = get_word(data, size, offset);
        struct wsex_block ex;
        struct ws_block ws;
        unsigned code = (unsigned)flags & 31;
        uint32_t protect;

        wsex_block_unpack(flags, &ex);
        FUZZ_ASSERT(wsex_block_pack(&ex) == (flags & ex_mask));
        ws_block_unpack(flags, &ws);
        FUZZ_ASSERT(ws_block_pack(&ws) == (flags & ~(uintptr_t)0xe00));

        /* codes 0, 8, 16, 24 are all "no access" */
        protect = ws_protection_to_win32(code);
        FUZZ_ASSERT(ws_protection_from_win32(protect) == ((code & 7) ? code : 0));
        FUZZ_ASSERT(ws_protection_from_win32((uint32_t)flags) < 32);
        FUZZ_ASSERT(ws_access_ok((uint32_t)flags, (uint32_t)flags, 0));
        FUZZ_ASSERT(wsex_count(flags) * WSEX_ENTRY_SIZE <= (uint64_t)flags);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned misalign = size > 5 ? data[5] & 7 : 0;

    fuzz_info(data, size, misalign);
    fuzz_watch(data, size, misalign);
    fuzz_builder(data, size, misalign);
    fuzz_bits(data, size);
    return 0;
}
