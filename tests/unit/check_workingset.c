/*
 * Unit tests of the working-set records (core/workingset): buffer sizes of
 * QueryWorkingSet around every boundary (exactly enough, one entry short,
 * zero, sizes that are not whole entries), the documented bit layouts of
 * PSAPI_WORKING_SET_BLOCK and PSAPI_WORKING_SET_EX_BLOCK, the protection
 * codes, the page-by-page builder and the end record of GetWsChanges(Ex).
 *
 * Buffers are exact-size heap blocks, often at an odd address, so that
 * AddressSanitizer reports any access past cb and misaligned access shows.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/workingset.h"
#include "unit.h"

#define CANARY 0xa5

/* An exact-size block of cb bytes starting at an odd address (offset 1 into
 * the allocation), filled with the canary; free with odd_free. */
static unsigned char *odd_alloc(size_t cb)
{
    unsigned char *mem = unit_alloc(cb + 1, CANARY);

    return mem + 1;
}

static void odd_free(unsigned char *buf)
{
    free(buf - 1);
}

static void put_ptr(unsigned char *dst, uintptr_t value)
{
    memcpy(dst, &value, sizeof(value));
}

static uintptr_t get_ptr(const unsigned char *src)
{
    uintptr_t value;

    memcpy(&value, src, sizeof(value));
    return value;
}

/* ------------------------------------------------------------------ sizes */

START_TEST(test_layout_sizes)
{
    /* the documented structures: ULONG_PTR-sized fields on both targets */
    ck_assert_uint_eq(WS_HEADER_SIZE, sizeof(void *));
    ck_assert_uint_eq(WS_BLOCK_SIZE, sizeof(void *));
    ck_assert_uint_eq(WSEX_ENTRY_SIZE, 2 * sizeof(void *));
    ck_assert_uint_eq(WSWATCH_SIZE, 2 * sizeof(void *));
    ck_assert_uint_eq(WSWATCH_EX_SIZE, 4 * sizeof(void *));
}
END_TEST

START_TEST(test_capacity)
{
    for (uint64_t cb = 0; cb < 64 * WS_BLOCK_SIZE; cb++)
    {
        size_t expect = cb < WS_HEADER_SIZE ? 0 : (size_t)((cb - WS_HEADER_SIZE) / WS_BLOCK_SIZE);

        ck_assert_uint_eq(ws_capacity(cb), expect);
        ck_assert_uint_eq(wsex_count(cb), (size_t)(cb / WSEX_ENTRY_SIZE));
    }
    for (uint64_t n = 0; n < 100; n++)
    {
        ck_assert_uint_eq(ws_capacity(ws_size_for(n)), n);          /* exactly enough */
        ck_assert_uint_eq(ws_capacity(ws_size_for(n) + WS_BLOCK_SIZE - 1), n);  /* odd size */
        if (n) ck_assert_uint_eq(ws_capacity(ws_size_for(n) - 1), n - 1);       /* one byte short */
    }
    /* a DWORD cb cannot overflow the arithmetic */
    ck_assert_uint_eq(ws_capacity(0xffffffffu), (0xffffffffu - WS_HEADER_SIZE) / WS_BLOCK_SIZE);
}
END_TEST

START_TEST(test_count_field)
{
    /* cb too small for NumberOfEntries: nothing read, nothing written */
    for (size_t cb = 0; cb < WS_HEADER_SIZE; cb++)
    {
        unsigned char *buf = odd_alloc(cb);

        ck_assert_uint_eq(ws_get_count(buf, cb), 0);
        ck_assert_int_eq(ws_set_count(buf, cb, 5), 0);
        for (size_t i = 0; i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);
        odd_free(buf);
    }
    {
        unsigned char *buf = odd_alloc(WS_HEADER_SIZE);

        ck_assert_int_eq(ws_set_count(buf, WS_HEADER_SIZE, 1234), 1);
        ck_assert_uint_eq(ws_get_count(buf, WS_HEADER_SIZE), 1234);
        ck_assert_uint_eq(get_ptr(buf), 1234);
        odd_free(buf);
    }
}
END_TEST

/* ws_check: what the layer below returned, at every size around the boundary */
START_TEST(test_check_boundary)
{
    for (uint64_t n = 0; n < 20; n++)
    {
        for (size_t cb = 0; cb <= ws_size_for(n) + 2 * WS_BLOCK_SIZE; cb++)
        {
            unsigned char *buf = odd_alloc(cb);
            int expect;

            if (cb >= WS_HEADER_SIZE) put_ptr(buf, (uintptr_t)n);
            if (cb < WS_HEADER_SIZE) expect = WS_CORRUPT;          /* zero and below the header */
            else if (cb < ws_size_for(n)) expect = WS_CORRUPT;     /* one entry (or byte) short */
            else expect = WS_OK;                                    /* exactly enough, odd sizes */
            ck_assert_msg(ws_check(buf, cb) == expect, "n %u cb %u", (unsigned)n, (unsigned)cb);
            odd_free(buf);
        }
    }
    {
        /* a huge count is not trusted */
        unsigned char *buf = odd_alloc(64);

        put_ptr(buf, UINTPTR_MAX);
        ck_assert_int_eq(ws_check(buf, 64), WS_CORRUPT);
        put_ptr(buf, UINTPTR_MAX / WS_BLOCK_SIZE + 1);
        ck_assert_int_eq(ws_check(buf, 64), WS_CORRUPT);
        odd_free(buf);
    }
}
END_TEST

/* ------------------------------------------------------------------ blocks */

START_TEST(test_ws_block_layout)
{
    struct ws_block block = { 0x7ffe1000, 4, 3, 1 };
    struct ws_block back;
    uintptr_t flags;

#if UINTPTR_MAX > 0xffffffffu
    block.address = (uintptr_t)0x7ffe1234000ull;
#endif
    flags = ws_block_pack(&block);
    /* Protection:5 ShareCount:3 Shared:1 Reserved:3 VirtualPage */
    ck_assert_uint_eq(flags & 0x1f, 4);
    ck_assert_uint_eq((flags >> 5) & 7, 3);
    ck_assert_uint_eq((flags >> 8) & 1, 1);
    ck_assert_uint_eq((flags >> 9) & 7, 0);
    ck_assert_uint_eq(flags >> 12, block.address >> 12);   /* VirtualPage << 12 is the page */
    ws_block_unpack(flags, &back);
    ck_assert_uint_eq(back.address, block.address);
    ck_assert_uint_eq(back.protection, 4);
    ck_assert_uint_eq(back.share_count, 3);
    ck_assert_uint_eq(back.shared, 1);

    /* an address inside the page packs as its page; oversized fields are cut */
    block.address += 0x123;
    block.protection = 0x3f;
    block.share_count = 9;
    block.shared = 2;
    ws_block_unpack(ws_block_pack(&block), &back);
    ck_assert_uint_eq(back.address, block.address & ~(uintptr_t)0xfff);
    ck_assert_uint_eq(back.protection, 0x1f);
    ck_assert_uint_eq(back.share_count, 1);
    ck_assert_uint_eq(back.shared, 0);

    /* the highest page */
    ws_block_unpack(UINTPTR_MAX, &back);
    ck_assert_uint_eq(back.address, UINTPTR_MAX & ~(uintptr_t)0xfff);
    ck_assert_uint_eq(back.protection, 31);
    ck_assert_uint_eq(back.share_count, 7);
    ck_assert_uint_eq(back.shared, 1);
}
END_TEST

START_TEST(test_wsex_block_layout)
{
    struct wsex_block block, back;
    uintptr_t flags;

    /* a resident, shared, read/write page seen once: Valid, ShareCount 1,
     * Win32Protection PAGE_READWRITE, Shared */
    wsex_block_unpack(0x8043, &block);
    ck_assert_uint_eq(block.valid, 1);
    ck_assert_uint_eq(block.share_count, 1);
    ck_assert_uint_eq(block.win32_protection, WS_PAGE_READWRITE);
    ck_assert_uint_eq(block.shared, 1);
    ck_assert_uint_eq(block.node, 0);
    ck_assert_uint_eq(block.locked, 0);
    ck_assert_uint_eq(block.large_page, 0);
    ck_assert_uint_eq(block.bad, 0);

    /* Valid:1 ShareCount:3 Win32Protection:11 Shared:1 Node:6 Locked:1 LargePage:1 Reserved:7 Bad:1 */
    memset(&block, 0, sizeof(block));
    block.node = 63;
    ck_assert_uint_eq(wsex_block_pack(&block), (uintptr_t)63 << 16);
    memset(&block, 0, sizeof(block));
    block.locked = 1;
    ck_assert_uint_eq(wsex_block_pack(&block), (uintptr_t)1 << 22);
    memset(&block, 0, sizeof(block));
    block.large_page = 1;
    ck_assert_uint_eq(wsex_block_pack(&block), (uintptr_t)1 << 23);
    memset(&block, 0, sizeof(block));
    block.bad = 1;
    ck_assert_uint_eq(wsex_block_pack(&block), (uintptr_t)1 << 31);
    memset(&block, 0, sizeof(block));
    block.win32_protection = 0x7ff;
    ck_assert_uint_eq(wsex_block_pack(&block), (uintptr_t)0x7ff << 4);

    /* every field round-trips */
    block.valid = 1;
    block.share_count = 5;
    block.win32_protection = WS_PAGE_EXECUTE_READ | WS_PAGE_GUARD;
    block.shared = 1;
    block.node = 17;
    block.locked = 1;
    block.large_page = 1;
    block.bad = 1;
    flags = wsex_block_pack(&block);
    wsex_block_unpack(flags, &back);
    ck_assert_mem_eq(&back, &block, sizeof(block));

    /* the Invalid variant: only Valid, Shared and Bad */
    wsex_block_unpack(((uintptr_t)1 << 15) | ((uintptr_t)1 << 31), &back);
    ck_assert_uint_eq(back.valid, 0);
    ck_assert_uint_eq(back.shared, 1);
    ck_assert_uint_eq(back.bad, 1);
}
END_TEST

START_TEST(test_protection_codes)
{
    /* the documented table of PSAPI_WORKING_SET_BLOCK.Protection */
    static const struct { uint32_t protect; unsigned code; } table[] =
    {
        { WS_PAGE_NOACCESS, 0 },
        { WS_PAGE_READONLY, 1 },
        { WS_PAGE_EXECUTE, 2 },
        { WS_PAGE_EXECUTE_READ, 3 },
        { WS_PAGE_READWRITE, 4 },
        { WS_PAGE_WRITECOPY, 5 },
        { WS_PAGE_EXECUTE_READWRITE, 6 },
        { WS_PAGE_EXECUTE_WRITECOPY, 7 },
        { WS_PAGE_NOCACHE | WS_PAGE_READONLY, 9 },
        { WS_PAGE_NOCACHE | WS_PAGE_EXECUTE, 10 },
        { WS_PAGE_NOCACHE | WS_PAGE_EXECUTE_READ, 11 },
        { WS_PAGE_NOCACHE | WS_PAGE_READWRITE, 12 },
        { WS_PAGE_NOCACHE | WS_PAGE_WRITECOPY, 13 },
        { WS_PAGE_NOCACHE | WS_PAGE_EXECUTE_READWRITE, 14 },
        { WS_PAGE_NOCACHE | WS_PAGE_EXECUTE_WRITECOPY, 15 },
        { WS_PAGE_GUARD | WS_PAGE_READONLY, 17 },
        { WS_PAGE_GUARD | WS_PAGE_READWRITE, 20 },
        { WS_PAGE_GUARD | WS_PAGE_EXECUTE_WRITECOPY, 23 },
        { WS_PAGE_GUARD | WS_PAGE_NOCACHE | WS_PAGE_READONLY, 25 },
        { WS_PAGE_GUARD | WS_PAGE_NOCACHE | WS_PAGE_EXECUTE_WRITECOPY, 31 },
    };

    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
    {
        ck_assert_msg(ws_protection_from_win32(table[i].protect) == table[i].code,
                      "%#x gave %u", table[i].protect, ws_protection_from_win32(table[i].protect));
        ck_assert_msg(ws_protection_to_win32(table[i].code) == table[i].protect,
                      "code %u gave %#x", table[i].code, ws_protection_to_win32(table[i].code));
    }
    /* codes 8, 16 and 24 are "no access" too */
    ck_assert_uint_eq(ws_protection_to_win32(8), WS_PAGE_NOACCESS);
    ck_assert_uint_eq(ws_protection_to_win32(16), WS_PAGE_NOACCESS);
    ck_assert_uint_eq(ws_protection_to_win32(24), WS_PAGE_NOACCESS);
    /* write-combined memory is not cached */
    ck_assert_uint_eq(ws_protection_from_win32(WS_PAGE_WRITECOMBINE | WS_PAGE_READWRITE), 12);
    /* every code with an access converts back to itself */
    for (unsigned code = 0; code < 32; code++)
        if (code & 7) ck_assert_uint_eq(ws_protection_from_win32(ws_protection_to_win32(code)), code);
    /* nonsense (no access bit, several access bits) is "no access" */
    ck_assert_uint_eq(ws_protection_from_win32(0), 0);
    ck_assert_uint_eq(ws_protection_from_win32(WS_PAGE_READONLY | WS_PAGE_READWRITE), 0);
}
END_TEST

START_TEST(test_block_from_ex)
{
    struct wsex_block ex = { 0 };
    struct ws_block ws;
    uintptr_t block = 0xdead;

    /* not resident: no block */
    ex.shared = 1;
    ck_assert_int_eq(ws_block_from_ex(0x10000, wsex_block_pack(&ex), &block), 0);
    ck_assert_uint_eq(block, 0xdead);

    ex.valid = 1;
    ex.win32_protection = WS_PAGE_EXECUTE_READ;
    ex.share_count = 2;
    ex.locked = 1;
    ck_assert_int_eq(ws_block_from_ex(0x10000, wsex_block_pack(&ex), &block), 1);
    ws_block_unpack(block, &ws);
    ck_assert_uint_eq(ws.address, 0x10000);
    ck_assert_uint_eq(ws.protection, 3);
    ck_assert_uint_eq(ws.share_count, 2);
    ck_assert_uint_eq(ws.shared, 1);

    ex.shared = 0;
    ex.win32_protection = WS_PAGE_READWRITE;
    ck_assert_int_eq(ws_block_from_ex(0x20000, wsex_block_pack(&ex), &block), 1);
    ws_block_unpack(block, &ws);
    ck_assert_uint_eq(ws.protection, 4);
    ck_assert_uint_eq(ws.shared, 0);
}
END_TEST

/* ------------------------------------------------------------------ builder */

#define PAGES 24

/* Page i is resident when i % 3 != 1; its protection depends on i. */
static uintptr_t sample_ex(size_t i)
{
    struct wsex_block ex = { 0 };

    ex.valid = i % 3 != 1;
    ex.win32_protection = i % 2 ? WS_PAGE_READONLY : WS_PAGE_READWRITE;
    ex.shared = i % 4 == 0;
    ex.share_count = (unsigned)(i % 8);
    return wsex_block_pack(&ex);
}

static uintptr_t sample_page(size_t i)
{
    return (uintptr_t)0x400000 + i * WS_PAGE_SIZE;
}

/* Every cb from 0 to past the size needed: exactly enough, one entry short,
 * zero and odd sizes. */
START_TEST(test_builder_boundary)
{
    size_t resident = 0;

    for (size_t i = 0; i < PAGES; i++) resident += i % 3 != 1;
    for (size_t cb = 0; cb <= ws_size_for(resident) + 2 * WS_BLOCK_SIZE; cb++)
    {
        unsigned char *buf = odd_alloc(cb);
        struct ws_builder builder;
        int ret;

        ws_builder_init(&builder, buf, cb);
        for (size_t i = 0; i < PAGES; i++) ws_builder_add(&builder, sample_page(i), sample_ex(i));
        ret = ws_builder_finish(&builder);
        if (cb >= ws_size_for(resident))
        {
            size_t n = 0;

            ck_assert_msg(ret == WS_OK, "cb %u", (unsigned)cb);
            ck_assert_uint_eq(ws_get_count(buf, cb), resident);
            ck_assert_int_eq(ws_check(buf, cb), WS_OK);
            for (size_t i = 0; i < PAGES; i++)
            {
                struct ws_block ws;

                if (i % 3 == 1) continue;
                ws_block_unpack(ws_get_block(buf, n++), &ws);
                ck_assert_uint_eq(ws.address, sample_page(i));
                ck_assert_uint_eq(ws.protection, i % 2 ? 1 : 4);
                ck_assert_uint_eq(ws.shared, i % 4 == 0);
                ck_assert_uint_eq(ws.share_count, i % 8);
            }
            /* the odd bytes after the last block are left alone */
            for (size_t i = ws_size_for(resident); i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);
        }
        else
        {
            ck_assert_msg(ret == WS_SHORT, "cb %u", (unsigned)cb);
            if (cb >= WS_HEADER_SIZE)
            {
                /* NumberOfEntries tells the count needed; no block is returned */
                ck_assert_uint_eq(ws_get_count(buf, cb), resident);
                for (size_t i = 0; i < ws_capacity(cb); i++) ck_assert_uint_eq(ws_get_block(buf, i), 0);
                for (size_t i = ws_size_for(ws_capacity(cb)); i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);
            }
            else
                for (size_t i = 0; i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);
        }
        odd_free(buf);
    }
}
END_TEST

START_TEST(test_builder_empty)
{
    unsigned char *buf = odd_alloc(WS_HEADER_SIZE);
    struct ws_builder builder;

    /* no resident page: an empty list fits in the header alone */
    ws_builder_init(&builder, buf, WS_HEADER_SIZE);
    ws_builder_add(&builder, 0x10000, 0);
    ck_assert_int_eq(ws_builder_finish(&builder), WS_OK);
    ck_assert_uint_eq(ws_get_count(buf, WS_HEADER_SIZE), 0);
    odd_free(buf);

    /* and with cb 0 nothing is touched (the builder never sees the pointer) */
    ws_builder_init(&builder, NULL, 0);
    ck_assert_int_eq(ws_builder_finish(&builder), WS_OK);
    ws_builder_add(&builder, 0x10000, 1);
    ck_assert_int_eq(ws_builder_finish(&builder), WS_SHORT);
}
END_TEST

/* ------------------------------------------------------------------ WS watch */

/* n records {pc = 0x1000 + i, va = 0x20000 + i * page}; end record when
 * lost is not -1 (FaultingVa = lost). Returns the bytes written. */
static size_t fill_watch(unsigned char *buf, size_t record, size_t n, long lost)
{
    size_t offset = 0;

    for (size_t i = 0; i < n; i++, offset += record)
    {
        memset(buf + offset, 0, record);
        put_ptr(buf + offset, 0x1000 + i);
        put_ptr(buf + offset + sizeof(uintptr_t), 0x20000 + i * WS_PAGE_SIZE);
    }
    if (lost >= 0)
    {
        memset(buf + offset, 0, record);
        put_ptr(buf + offset + sizeof(uintptr_t), (uintptr_t)lost);
        offset += record;
    }
    return offset;
}

static void check_terminate_sizes(size_t record)
{
    for (size_t n = 0; n < 6; n++)
    {
        for (size_t cb = 0; cb <= (n + 2) * record + 3; cb++)
        {
            unsigned char *buf = odd_alloc(cb);
            size_t records = 99, used = 99, returned;
            int ret;

            /* the layer wrote n records and no end record */
            if (n * record > cb)
            {
                odd_free(buf);
                continue;
            }
            returned = fill_watch(buf, record, n, -1);
            ret = wswatch_terminate(buf, cb, returned, record, &records, &used);
            if (cb >= (n + 1) * record)
            {
                ck_assert_int_eq(ret, WS_OK);
                ck_assert_uint_eq(records, n);
                ck_assert_uint_eq(used, (n + 1) * record);
                ck_assert_uint_eq(get_ptr(buf + n * record), 0);                      /* FaultingPc */
                ck_assert_uint_eq(get_ptr(buf + n * record + sizeof(uintptr_t)), 0);  /* FaultingVa */
                for (size_t i = used; i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);
            }
            else
            {
                ck_assert_int_eq(ret, WS_SHORT);
                for (size_t i = returned; i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);
            }
            odd_free(buf);
        }
    }
}

START_TEST(test_watch_append_end)
{
    check_terminate_sizes(WSWATCH_SIZE);
    check_terminate_sizes(WSWATCH_EX_SIZE);
}
END_TEST

START_TEST(test_watch_layer_end)
{
    size_t record = WSWATCH_EX_SIZE, cb = 6 * record + 5, records, used, returned;
    unsigned char *buf = odd_alloc(cb);

    /* the layer's own end record, with the count of lost records, stays */
    returned = fill_watch(buf, record, 3, 7);
    ck_assert_int_eq(wswatch_terminate(buf, cb, returned, record, &records, &used), WS_OK);
    ck_assert_uint_eq(records, 3);
    ck_assert_uint_eq(used, 4 * record);
    ck_assert_uint_eq(get_ptr(buf + 3 * record + sizeof(uintptr_t)), 7);
    for (size_t i = used; i < cb; i++) ck_assert_uint_eq(buf[i], CANARY);

    /* the end record filling the buffer exactly */
    returned = fill_watch(buf, record, 5, 0);
    ck_assert_int_eq(wswatch_terminate(buf, 6 * record, returned, record, &records, &used), WS_OK);
    ck_assert_uint_eq(records, 5);
    ck_assert_uint_eq(used, 6 * record);

    /* an empty array: the end record alone */
    returned = fill_watch(buf, record, 0, 0);
    ck_assert_int_eq(wswatch_terminate(buf, record, returned, record, &records, &used), WS_OK);
    ck_assert_uint_eq(records, 0);
    ck_assert_uint_eq(used, record);
    odd_free(buf);
}
END_TEST

START_TEST(test_watch_corrupt)
{
    size_t record = WSWATCH_SIZE, records, used;
    unsigned char *buf = odd_alloc(4 * record);

    fill_watch(buf, record, 4, -1);
    /* more returned than the buffer holds */
    ck_assert_int_eq(wswatch_terminate(buf, 4 * record, 5 * record, record, &records, &used), WS_CORRUPT);
    /* not whole records */
    ck_assert_int_eq(wswatch_terminate(buf, 4 * record, 2 * record + 1, record, &records, &used), WS_CORRUPT);
    /* no record size */
    ck_assert_int_eq(wswatch_terminate(buf, 4 * record, 0, 0, &records, &used), WS_CORRUPT);
    odd_free(buf);
}
END_TEST

START_TEST(test_watch_empty)
{
    for (size_t cb = 0; cb <= 2 * WSWATCH_SIZE; cb++)
    {
        unsigned char *buf = odd_alloc(cb);

        wswatch_empty(buf, cb, WSWATCH_SIZE);
        for (size_t i = 0; i < cb; i++)
            ck_assert_uint_eq(buf[i], cb >= WSWATCH_SIZE && i < WSWATCH_SIZE ? 0 : CANARY);
        odd_free(buf);
    }
    wswatch_empty(NULL, 64, WSWATCH_SIZE);   /* no buffer: nothing to do */
}
END_TEST

/* ------------------------------------------------------------------ access */

START_TEST(test_access)
{
    enum { QUERY = 0x400, VM_READ = 0x10, SET_QUOTA = 0x100, LIMITED = 0x1000, SYNC = 0x100000 };

    /* QueryWorkingSet: PROCESS_QUERY_INFORMATION and PROCESS_VM_READ */
    ck_assert(ws_access_ok(QUERY | VM_READ, QUERY | VM_READ, 0));
    ck_assert(ws_access_ok(QUERY | VM_READ | SYNC | LIMITED, QUERY | VM_READ, 0));
    ck_assert(!ws_access_ok(QUERY, QUERY | VM_READ, 0));
    ck_assert(!ws_access_ok(VM_READ, QUERY | VM_READ, 0));
    ck_assert(!ws_access_ok(SYNC, QUERY | VM_READ, 0));
    /* EmptyWorkingSet: PROCESS_SET_QUOTA and one of the two query rights */
    ck_assert(ws_access_ok(SET_QUOTA | LIMITED, SET_QUOTA, QUERY | LIMITED));
    ck_assert(ws_access_ok(SET_QUOTA | QUERY, SET_QUOTA, QUERY | LIMITED));
    ck_assert(!ws_access_ok(SET_QUOTA, SET_QUOTA, QUERY | LIMITED));
    ck_assert(!ws_access_ok(QUERY | LIMITED, SET_QUOTA, QUERY | LIMITED));
    ck_assert(ws_access_ok(0, 0, 0));
}
END_TEST

Suite *workingset_suite(void)
{
    Suite *s = suite_create("workingset");
    TCase *tc;

    tc = tcase_create("sizes");
    tcase_add_test(tc, test_layout_sizes);
    tcase_add_test(tc, test_capacity);
    tcase_add_test(tc, test_count_field);
    tcase_add_test(tc, test_check_boundary);
    suite_add_tcase(s, tc);

    tc = tcase_create("blocks");
    tcase_add_test(tc, test_ws_block_layout);
    tcase_add_test(tc, test_wsex_block_layout);
    tcase_add_test(tc, test_protection_codes);
    tcase_add_test(tc, test_block_from_ex);
    suite_add_tcase(s, tc);

    tc = tcase_create("builder");
    tcase_add_test(tc, test_builder_boundary);
    tcase_add_test(tc, test_builder_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("watch");
    tcase_add_test(tc, test_watch_append_end);
    tcase_add_test(tc, test_watch_layer_end);
    tcase_add_test(tc, test_watch_corrupt);
    tcase_add_test(tc, test_watch_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("access");
    tcase_add_test(tc, test_access);
    suite_add_tcase(s, tc);
    return s;
}
