/*
 * OS-free working-set records (see workingset.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/workingset.h"

/* PSAPI_WORKING_SET_BLOCK bit positions */
#define WS_PROTECTION_MASK  0x1fu
#define WS_SHARE_SHIFT      5
#define WS_SHARE_MASK       0x7u
#define WS_SHARED_BIT       8

/* PSAPI_WORKING_SET_EX_BLOCK bit positions */
#define WSEX_VALID_BIT      0
#define WSEX_SHARE_SHIFT    1
#define WSEX_PROT_SHIFT     4
#define WSEX_PROT_MASK      0x7ffu
#define WSEX_SHARED_BIT     15
#define WSEX_NODE_SHIFT     16
#define WSEX_NODE_MASK      0x3fu
#define WSEX_LOCKED_BIT     22
#define WSEX_LARGE_BIT      23
#define WSEX_BAD_BIT        31

size_t ws_capacity(uint64_t cb)
{
    if (cb < WS_HEADER_SIZE) return 0;
    return (size_t)((cb - WS_HEADER_SIZE) / WS_BLOCK_SIZE);
}

uint64_t ws_size_for(uint64_t count)
{
    return WS_HEADER_SIZE + count * WS_BLOCK_SIZE;
}

uint64_t ws_get_count(const void *buf, size_t cb)
{
    uintptr_t count;

    if (cb < WS_HEADER_SIZE) return 0;
    memcpy(&count, buf, sizeof(count));
    return count;
}

int ws_set_count(void *buf, size_t cb, uint64_t count)
{
    uintptr_t value = (uintptr_t)count;

    if (cb < WS_HEADER_SIZE) return 0;
    if (value != count) value = UINTPTR_MAX;
    memcpy(buf, &value, sizeof(value));
    return 1;
}

int ws_check(const void *buf, size_t cb)
{
    if (cb < WS_HEADER_SIZE) return WS_CORRUPT;
    return ws_get_count(buf, cb) <= ws_capacity(cb) ? WS_OK : WS_CORRUPT;
}

uintptr_t ws_get_block(const void *buf, size_t index)
{
    uintptr_t block;

    memcpy(&block, (const unsigned char *)buf + WS_HEADER_SIZE + index * WS_BLOCK_SIZE, sizeof(block));
    return block;
}

uintptr_t ws_block_pack(const struct ws_block *block)
{
    return (block->address & ~(WS_PAGE_SIZE - 1))
           | (uintptr_t)(block->protection & WS_PROTECTION_MASK)
           | (uintptr_t)(block->share_count & WS_SHARE_MASK) << WS_SHARE_SHIFT
           | (uintptr_t)(block->shared & 1) << WS_SHARED_BIT;
}

void ws_block_unpack(uintptr_t flags, struct ws_block *block)
{
    block->address = flags & ~(WS_PAGE_SIZE - 1);
    block->protection = (unsigned)(flags & WS_PROTECTION_MASK);
    block->share_count = (unsigned)(flags >> WS_SHARE_SHIFT) & WS_SHARE_MASK;
    block->shared = (unsigned)(flags >> WS_SHARED_BIT) & 1;
}

/* Protection codes 0-7 in the order of the PSAPI_WORKING_SET_BLOCK page. */
static const uint32_t access_of_code[8] =
{
    WS_PAGE_NOACCESS, WS_PAGE_READONLY, WS_PAGE_EXECUTE, WS_PAGE_EXECUTE_READ,
    WS_PAGE_READWRITE, WS_PAGE_WRITECOPY, WS_PAGE_EXECUTE_READWRITE, WS_PAGE_EXECUTE_WRITECOPY,
};

unsigned ws_protection_from_win32(uint32_t protect)
{
    uint32_t access = protect & 0xff;
    unsigned code = 0;

    for (unsigned i = 1; i < 8; i++)
        if (access == access_of_code[i]) code = i;
    if (protect & (WS_PAGE_NOCACHE | WS_PAGE_WRITECOMBINE)) code |= WS_PROT_NOCACHE;
    if (protect & WS_PAGE_GUARD) code |= WS_PROT_GUARD;
    return code;
}

uint32_t ws_protection_to_win32(unsigned code)
{
    uint32_t protect = access_of_code[code & 7];

    if (!(code & 7)) return WS_PAGE_NOACCESS;
    if (code & WS_PROT_NOCACHE) protect |= WS_PAGE_NOCACHE;
    if (code & WS_PROT_GUARD) protect |= WS_PAGE_GUARD;
    return protect;
}

size_t wsex_count(uint64_t cb)
{
    return (size_t)(cb / WSEX_ENTRY_SIZE);
}

uintptr_t wsex_block_pack(const struct wsex_block *block)
{
    return (uintptr_t)(block->valid & 1) << WSEX_VALID_BIT
           | (uintptr_t)(block->share_count & 7) << WSEX_SHARE_SHIFT
           | (uintptr_t)(block->win32_protection & WSEX_PROT_MASK) << WSEX_PROT_SHIFT
           | (uintptr_t)(block->shared & 1) << WSEX_SHARED_BIT
           | (uintptr_t)(block->node & WSEX_NODE_MASK) << WSEX_NODE_SHIFT
           | (uintptr_t)(block->locked & 1) << WSEX_LOCKED_BIT
           | (uintptr_t)(block->large_page & 1) << WSEX_LARGE_BIT
           | (uintptr_t)(block->bad & 1) << WSEX_BAD_BIT;
}

void wsex_block_unpack(uintptr_t flags, struct wsex_block *block)
{
    block->valid = (unsigned)(flags >> WSEX_VALID_BIT) & 1;
    block->share_count = (unsigned)(flags >> WSEX_SHARE_SHIFT) & 7;
    block->win32_protection = (unsigned)(flags >> WSEX_PROT_SHIFT) & WSEX_PROT_MASK;
    block->shared = (unsigned)(flags >> WSEX_SHARED_BIT) & 1;
    block->node = (unsigned)(flags >> WSEX_NODE_SHIFT) & WSEX_NODE_MASK;
    block->locked = (unsigned)(flags >> WSEX_LOCKED_BIT) & 1;
    block->large_page = (unsigned)(flags >> WSEX_LARGE_BIT) & 1;
    block->bad = (unsigned)(flags >> WSEX_BAD_BIT) & 1;
}

int ws_block_from_ex(uintptr_t page, uintptr_t ex_flags, uintptr_t *block)
{
    struct wsex_block ex;
    struct ws_block ws;

    wsex_block_unpack(ex_flags, &ex);
    if (!ex.valid) return 0;
    ws.address = page;
    ws.protection = ws_protection_from_win32(ex.win32_protection);
    ws.share_count = ex.share_count;
    ws.shared = ex.shared;
    *block = ws_block_pack(&ws);
    return 1;
}

void ws_builder_init(struct ws_builder *builder, void *buf, size_t cb)
{
    builder->buf = buf;
    builder->cb = cb;
    builder->capacity = ws_capacity(cb);
    builder->count = 0;
}

void ws_builder_add(struct ws_builder *builder, uintptr_t page, uintptr_t ex_flags)
{
    uintptr_t block;

    if (!ws_block_from_ex(page, ex_flags, &block)) return;
    if (builder->count < builder->capacity)
        memcpy(builder->buf + WS_HEADER_SIZE + builder->count * WS_BLOCK_SIZE, &block, sizeof(block));
    builder->count++;
}

int ws_builder_finish(struct ws_builder *builder)
{
    if (builder->count > builder->capacity)
    {
        if (builder->capacity)
            memset(builder->buf + WS_HEADER_SIZE, 0, builder->capacity * WS_BLOCK_SIZE);
        ws_set_count(builder->buf, builder->cb, builder->count);
        return WS_SHORT;
    }
    ws_set_count(builder->buf, builder->cb, builder->count);
    return WS_OK;
}

int wswatch_terminate(void *buf, size_t cb, size_t returned, size_t record_size,
                      size_t *records, size_t *used)
{
    unsigned char *bytes = buf;

    if (record_size < sizeof(uintptr_t) || returned > cb || returned % record_size) return WS_CORRUPT;
    for (size_t offset = 0; offset < returned; offset += record_size)
    {
        uintptr_t pc;

        memcpy(&pc, bytes + offset, sizeof(pc));
        if (pc) continue;
        *records = offset / record_size;
        *used = offset + record_size;
        return WS_OK;
    }
    if (cb - returned < record_size) return WS_SHORT;
    memset(bytes + returned, 0, record_size);
    *records = returned / record_size;
    *used = returned + record_size;
    return WS_OK;
}

void wswatch_empty(void *buf, size_t cb, size_t record_size)
{
    if (buf && record_size && cb >= record_size) memset(buf, 0, record_size);
}

int ws_access_ok(uint32_t granted, uint32_t all, uint32_t any)
{
    if ((granted & all) != all) return 0;
    return !any || (granted & any);
}
