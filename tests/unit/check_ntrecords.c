/*
 * Unit tests of the SYSTEM_PROCESS_INFORMATION chain walker (core/ntrecords).
 *
 * The chains are synthesised in exact-size heap blocks (unit.h), then
 * corrupted field by field: every corruption must give CORE_CORRUPT, and
 * AddressSanitizer proves no byte outside the block was read on the way.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "unit.h"

#define REC_SIZE    sizeof(struct nt_process_record)
#define THREAD_SIZE sizeof(struct nt_thread_record)

/* Walks a whole chain: returns what ended it (CORE_END or CORE_CORRUPT) and
 * how many records came before. A walk that does not end fails the test
 * instead of hanging: a chain of size bytes cannot hold more records. */
static int walk_all(const void *buf, size_t size, uintptr_t base, size_t *ok)
{
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    size_t n = 0;
    int ret;

    sysproc_walk_init(&walk, buf, size, base);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
    {
        n++;
        ck_assert_uint_le(n, size / REC_SIZE);
    }
    *ok = n;
    return ret;
}

/* The chain must walk fine up to record index, be reported corrupt there by
 * the walker and by both whole-chain readers, and stay corrupt: a caller that
 * retries must not get past the bad record. */
static void expect_corrupt_at(const struct chain *c, uintptr_t base, size_t index)
{
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint32_t procs = 0xdead, threads = 0xbeef, ids[CHAIN_MAX];
    size_t ok, count = 12345;

    ck_assert_int_eq(walk_all(c->buf, c->size, base, &ok), CORE_CORRUPT);
    ck_assert_uint_eq(ok, index);

    sysproc_walk_init(&walk, c->buf, c->size, base);
    for (size_t i = 0; i < index; i++) ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_CORRUPT);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_CORRUPT);

    ck_assert_int_eq(sysproc_count(c->buf, c->size, base, &procs, &threads), CORE_CORRUPT);
    ck_assert_int_eq(sysproc_pids(c->buf, c->size, base, ids, CHAIN_MAX, &count), CORE_CORRUPT);
    ck_assert_int_eq(sysproc_pids(c->buf, c->size, base, NULL, 0, &count), CORE_CORRUPT);
}

/* Three processes; the middle one has threads and a name, so every kind of
 * corruption can be aimed at a record that is neither first nor last. */
static void three_processes(struct chain *c)
{
    chain_init(c);
    chain_add_a(c, 0, 0, 1, NULL);
    chain_add_a(c, 4, 0, 2, "System");
    chain_add_a(c, 88, 4, 3, "smss.exe");
}

static size_t body_size(const struct nt_process_record *rec)
{
    return REC_SIZE + (size_t)rec->number_of_threads * THREAD_SIZE;
}

/* The entry the walker gave for record i of a chain: the record's fields,
 * its threads and its name, read through the accessors. */
static void expect_entry(const struct chain *c, size_t i, const struct sysproc_entry *entry)
{
    struct nt_process_record rec;
    struct nt_thread_record thread;
    static uint16_t name[0x8000], stored[0x8000];

    memcpy(&rec, c->buf + c->offsets[i], sizeof(rec));
    ck_assert_mem_eq(entry->process, &rec, sizeof(rec));
    ck_assert_ptr_eq(entry->thread_bytes, c->buf + c->offsets[i] + REC_SIZE);
    for (uint32_t t = 0; t < rec.number_of_threads; t++)
    {
        sysproc_thread(entry, t, &thread);
        ck_assert_uint_eq(thread.client_thread, chain_tid((uint32_t)rec.unique_process_id, t));
        ck_assert_uint_eq(thread.client_process, rec.unique_process_id);
        ck_assert_int_eq(thread.base_priority, chain_thread_priority(t));
    }
    if (c->name_offsets[i] == CHAIN_NO_NAME)
    {
        ck_assert_ptr_null(entry->name_bytes);
        ck_assert_uint_eq(entry->name_chars, 0);
        ck_assert_uint_eq(sysproc_name(entry, name, 16), 0);
        return;
    }
    ck_assert_ptr_eq(entry->name_bytes, c->buf + c->name_offsets[i]);
    ck_assert_uint_eq(entry->name_chars, rec.image_name.length / 2);
    ck_assert_uint_eq(sysproc_name(entry, name, 0x8000), entry->name_chars);
    memcpy(stored, c->buf + c->name_offsets[i], rec.image_name.length);
    ck_assert_mem_eq(name, stored, rec.image_name.length);
}

/* ------------------------------------------------------------------ valid chains */

START_TEST(test_one_process)
{
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    struct nt_thread_record thread;
    uint16_t expect[16], name[16];
    uint32_t procs, threads;

    chain_init(&c);
    chain_add_a(&c, 4, 0, 3, "System");
    unit_widen(expect, "System");

    sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    expect_entry(&c, 0, &entry);
    ck_assert_uint_eq(entry.process->unique_process_id, 4);
    ck_assert_uint_eq(entry.process->number_of_threads, 3);
    ck_assert_ptr_eq(entry.thread_bytes, c.buf + REC_SIZE);
    ck_assert_ptr_eq(entry.name_bytes, c.buf + REC_SIZE + 3 * THREAD_SIZE);
    ck_assert_uint_eq(entry.name_chars, 6);
    ck_assert_uint_eq(sysproc_name(&entry, name, 16), 6);
    ck_assert_mem_eq(name, expect, 6 * sizeof(uint16_t));
    sysproc_thread(&entry, 2, &thread);
    ck_assert_uint_eq(thread.client_thread, chain_tid(4, 2));
    /* the end is sticky */
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);

    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 1);
    ck_assert_uint_eq(threads, 3);
    chain_free(&c);
}
END_TEST

START_TEST(test_many_processes)
{
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint32_t procs, threads, total = 0;
    char name[32];

    chain_init(&c);
    for (uint32_t i = 0; i < 200; i++)
    {
        snprintf(name, sizeof(name), "process%u.exe", i);
        chain_add_a(&c, i * 4, i ? (i - 1) * 4 : 0, i % 7, i % 10 ? name : NULL);
        total += i % 7;
    }

    sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
    for (uint32_t i = 0; i < 200; i++)
    {
        ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
        ck_assert_uint_eq(entry.process->unique_process_id, i * 4);
        ck_assert_uint_eq(entry.process->number_of_threads, i % 7);
        expect_entry(&c, i, &entry);
    }
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);

    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 200);
    ck_assert_uint_eq(threads, total);
    chain_free(&c);
}
END_TEST

/* With no threads and no name the next record starts right after this one:
 * an offset equal to the record size is the smallest valid one. */
START_TEST(test_zero_threads)
{
    struct chain c;
    uint32_t procs, threads;

    chain_init(&c);
    chain_add_a(&c, 0, 0, 0, NULL);
    chain_add_a(&c, 4, 0, 0, NULL);
    chain_add_a(&c, 8, 4, 0, "a");
    ck_assert_uint_eq(chain_rec(&c, 0)->next_entry_offset, REC_SIZE);
    ck_assert_uint_eq(chain_rec(&c, 1)->next_entry_offset, REC_SIZE);

    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 3);
    ck_assert_uint_eq(threads, 0);

    chain_rec(&c, 1)->next_entry_offset = REC_SIZE - CHAIN_ALIGN;
    expect_corrupt_at(&c, chain_base(&c), 1);
    chain_free(&c);
}
END_TEST

START_TEST(test_many_threads)
{
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint32_t procs, threads;

    chain_init(&c);
    chain_add_a(&c, 4, 0, 20000, "busy.exe");
    chain_add_a(&c, 8, 4, 1, "idle.exe");

    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 2);
    ck_assert_uint_eq(threads, 20001);

    sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    expect_entry(&c, 0, &entry);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    expect_entry(&c, 1, &entry);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
    chain_free(&c);
}
END_TEST

/* A zero length means "no name" (the idle process), whatever the pointer says. */
START_TEST(test_no_name)
{
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;

    chain_init(&c);
    chain_add_a(&c, 0, 0, 1, NULL);
    chain_rec(&c, 0)->image_name.buffer = (uintptr_t)0xdeadbeef;
    chain_rec(&c, 0)->image_name.maximum_length = 0xffff;

    sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    ck_assert_ptr_null(entry.name_bytes);
    ck_assert_uint_eq(entry.name_chars, 0);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
    chain_free(&c);
}
END_TEST

/* The NT layer may copy the chain: names are then read relative to the
 * address the chain had when NT wrote it, not to where it lies now. */
START_TEST(test_other_base)
{
    const uintptr_t base = 0x10000;
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    size_t ok;

    three_processes(&c);
    chain_set_names(&c, base);

    sysproc_walk_init(&walk, c.buf, c.size, base);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    expect_entry(&c, 1, &entry);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    expect_entry(&c, 2, &entry);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);

    /* the same names seen from a base past them lie before the buffer */
    ck_assert_int_eq(walk_all(c.buf, c.size, base + c.size, &ok), CORE_CORRUPT);
    ck_assert_uint_eq(ok, 1);
    chain_free(&c);
}
END_TEST

START_TEST(test_empty)
{
    unsigned char *buf = unit_alloc(0, 0xcc);
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint32_t procs = 1, threads = 1, ids[4] = { 7, 7, 7, 7 };
    size_t count = 1;

    /* no buffer at all, whatever size comes with it */
    sysproc_walk_init(&walk, NULL, 4096, 0);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
    /* a buffer of zero bytes */
    sysproc_walk_init(&walk, buf, 0, (uintptr_t)buf);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);

    ck_assert_int_eq(sysproc_count(NULL, 0, 0, &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 0);
    ck_assert_uint_eq(threads, 0);
    procs = threads = 1;
    ck_assert_int_eq(sysproc_count(buf, 0, (uintptr_t)buf, &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 0);
    ck_assert_uint_eq(threads, 0);
    ck_assert_int_eq(sysproc_pids(buf, 0, (uintptr_t)buf, ids, 4, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);
    ck_assert_uint_eq(ids[0], 7);
    count = 1;
    ck_assert_int_eq(sysproc_pids(NULL, 0, 0, NULL, 0, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);
    free(buf);
}
END_TEST

/* ------------------------------------------------------------------ corrupt offsets */

START_TEST(test_next_outside)
{
    static const uint32_t values[] = { 0x7ffffff8, 0x80000000, 0xfffffff8, 0xffffffff };
    struct chain c;

    for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
    {
        for (size_t i = 0; i < 2; i++)
        {
            three_processes(&c);
            chain_rec(&c, i)->next_entry_offset = values[v];
            expect_corrupt_at(&c, chain_base(&c), i);
            chain_free(&c);
        }
    }
    /* a few times the buffer */
    three_processes(&c);
    chain_rec(&c, 0)->next_entry_offset = (uint32_t)c.size * 4;
    expect_corrupt_at(&c, chain_base(&c), 0);
    chain_free(&c);
}
END_TEST

START_TEST(test_next_past_end)
{
    struct chain c;
    size_t off1;

    /* exactly at the end: a record of zero bytes */
    three_processes(&c);
    off1 = c.offsets[1];
    chain_rec(&c, 1)->next_entry_offset = (uint32_t)chain_align(c.size - off1);
    expect_corrupt_at(&c, chain_base(&c), 1);
    chain_free(&c);

    /* one alignment unit past the end */
    three_processes(&c);
    chain_rec(&c, 1)->next_entry_offset = (uint32_t)(chain_align(c.size - off1) + CHAIN_ALIGN);
    expect_corrupt_at(&c, chain_base(&c), 1);
    chain_free(&c);

    /* a next record that starts inside the buffer but does not fit in it */
    chain_init(&c);
    chain_add_a(&c, 0, 0, 1, NULL);
    chain_add_a(&c, 4, 0, 0, NULL);
    ck_assert_uint_eq(c.size % CHAIN_ALIGN, 0);
    chain_rec(&c, 0)->next_entry_offset += CHAIN_ALIGN;
    expect_corrupt_at(&c, chain_base(&c), 1);
    chain_free(&c);
}
END_TEST

/* A buffer one byte short of the chain: the last record, its thread array or
 * its name straddles the end by one byte. */
START_TEST(test_truncated_by_one)
{
    struct chain c;

    for (int kind = 0; kind < 3; kind++)
    {
        chain_init(&c);
        chain_add_a(&c, 0, 0, 1, NULL);
        chain_add_a(&c, 4, 0, kind == 1 ? 2 : 0, kind == 2 ? "last.exe" : NULL);
        /* (the name's length leaves out its terminating NUL: cut into the name itself) */
        chain_resize(&c, c.size - 1 - (kind == 2 ? sizeof(uint16_t) : 0));
        expect_corrupt_at(&c, chain_base(&c), 1);
        chain_free(&c);
    }
}
END_TEST

/* Offsets into the current record or its thread array: the next record would
 * overlap this one. Unsigned offsets that wrap point backwards: a loop. */
START_TEST(test_next_into_current)
{
    struct chain c;
    size_t body;

    three_processes(&c);
    body = body_size(chain_rec(&c, 1));
    chain_free(&c);

    {
        const uint32_t values[] =
        {
            CHAIN_ALIGN, 128, REC_SIZE - CHAIN_ALIGN, REC_SIZE, REC_SIZE + THREAD_SIZE,
            (uint32_t)(body - CHAIN_ALIGN), (uint32_t)0 - CHAIN_ALIGN, (uint32_t)0 - (uint32_t)REC_SIZE,
        };

        for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
        {
            three_processes(&c);
            chain_rec(&c, 1)->next_entry_offset = values[v];
            expect_corrupt_at(&c, chain_base(&c), 1);
            chain_free(&c);
        }
    }
}
END_TEST

/* Offsets that would lead back to an earlier record: in 32-bit pointer
 * arithmetic they wrap there, so the walker must see them as corrupt rather
 * than walk in circles. */
START_TEST(test_next_loop)
{
    struct chain c;
    uint32_t procs, threads;

    /* (an offset back to the record itself would be 0: the end marker) */
    for (size_t target = 0; target < 2; target++)
    {
        three_processes(&c);
        chain_rec(&c, 2)->next_entry_offset = (uint32_t)(c.offsets[target] - c.offsets[2]);
        expect_corrupt_at(&c, chain_base(&c), 2);
        ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_CORRUPT);
        chain_free(&c);
    }
}
END_TEST

/* An offset shifted off the record boundary makes the walker read the next
 * record from the wrong bytes: garbage, which it must reject or walk
 * harmlessly, never read outside the buffer for. */
START_TEST(test_next_shifted)
{
    struct chain c;
    size_t ok;

    for (uint32_t delta = 1; delta < 2 * CHAIN_ALIGN; delta++)
    {
        three_processes(&c);
        chain_rec(&c, 0)->next_entry_offset += delta;
        ck_assert_int_ne(walk_all(c.buf, c.size, chain_base(&c), &ok), CORE_OK);
        ck_assert_uint_ge(ok, 1);
        chain_free(&c);
    }
}
END_TEST

/* A buffer too short for even one record. */
START_TEST(test_truncated_record)
{
    static const size_t sizes[] = { 1, 2, 8, 100, REC_SIZE - 8, REC_SIZE - 1 };
    struct chain c;
    uint32_t procs, threads;
    size_t ok;

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    {
        chain_init(&c);
        chain_add_a(&c, 4, 0, 0, NULL);
        chain_resize(&c, sizes[i]);
        ck_assert_int_eq(walk_all(c.buf, c.size, chain_base(&c), &ok), CORE_CORRUPT);
        ck_assert_uint_eq(ok, 0);
        ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_CORRUPT);
        chain_free(&c);
    }

    /* exactly one record is fine */
    chain_init(&c);
    chain_add_a(&c, 4, 0, 0, NULL);
    ck_assert_uint_eq(c.size, REC_SIZE);
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 1);
    chain_free(&c);
}
END_TEST

/* NumberOfThreads larger than what fits in the buffer; the huge ones would
 * overflow a 32-bit multiplication by the record size. */
START_TEST(test_truncated_threads)
{
    static const uint32_t values[] =
    {
        0xffffffff, 0x80000000, 0x10000000, 0x03333334 /* x80 wraps to 0x40 */, 0x00cccccd, 1000,
    };
    struct chain c;
    uint32_t procs, threads, fit;

    for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
    {
        for (size_t i = 0; i < 3; i++)
        {
            three_processes(&c);
            chain_rec(&c, i)->number_of_threads = values[v];
            expect_corrupt_at(&c, chain_base(&c), i);
            chain_free(&c);
        }
    }

    /* the last record: as many as fit in the rest of the buffer (over its
     * name) is the limit; one more is corrupt */
    three_processes(&c);
    fit = (uint32_t)((c.size - c.offsets[2] - REC_SIZE) / THREAD_SIZE);
    ck_assert_uint_ge(fit, 3);
    chain_rec(&c, 2)->number_of_threads = fit;
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    chain_rec(&c, 2)->number_of_threads = fit + 1;
    expect_corrupt_at(&c, chain_base(&c), 2);
    chain_free(&c);

    /* a middle record: one more thread than it has runs into the next record */
    three_processes(&c);
    chain_rec(&c, 1)->image_name.length = 0;
    chain_rec(&c, 1)->number_of_threads = (uint32_t)((c.offsets[2] - c.offsets[1] - REC_SIZE) / THREAD_SIZE);
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    chain_rec(&c, 1)->number_of_threads++;
    expect_corrupt_at(&c, chain_base(&c), 1);
    chain_free(&c);
}
END_TEST

/* ------------------------------------------------------------------ corrupt names */

START_TEST(test_name_outside)
{
    struct chain c;
    uintptr_t base, name;
    size_t size;
    struct
    {
        int       what;
        uint16_t  length;
    } cases[] =
    {
        { 0, 2 },   /* at the end of the buffer */
        { 1, 2 },   /* past the end */
        { 2, 2 },   /* before the base */
        { 3, 4 },   /* straddling the end by one character */
        { 4, 0 },   /* valid start, longer than the rest of the buffer */
        { 5, 2 },   /* NULL */
        { 6, 4 },   /* wrapping around the address space */
        { 8, 3 },   /* odd length */
        { 8, 0xffff },
        { 8, 0xfffe },
        { 9, 2 },   /* far before the base */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        struct nt_unicode_string *str;

        three_processes(&c);
        base = chain_base(&c);
        size = c.size;
        name = base + c.name_offsets[1];
        str = &chain_rec(&c, 1)->image_name;
        str->length = cases[i].length;
        switch (cases[i].what)
        {
        case 0: str->buffer = base + size; break;
        case 1: str->buffer = base + size + 2; break;
        case 2: str->buffer = base - 2; break;
        case 3: str->buffer = base + size - 2; break;
        case 4: str->buffer = name; str->length = (uint16_t)(size - c.name_offsets[1] + 2); break;
        case 5: str->buffer = 0; break;
        case 6: str->buffer = UINTPTR_MAX - 1; break;
        case 8: str->buffer = name; break;
        case 9: str->buffer = 2; break;
        }
        expect_corrupt_at(&c, base, 1);
        chain_free(&c);
    }
}
END_TEST

/* A name may be anywhere inside the buffer, up to its very last byte. */
START_TEST(test_name_boundaries)
{
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint16_t name[16];

    three_processes(&c);
    /* the last name with its terminating NUL counted: ends exactly at the end */
    chain_rec(&c, 2)->image_name.length = (uint16_t)(c.size - c.name_offsets[2]);
    /* the middle record borrows the last record's name */
    chain_rec(&c, 1)->image_name.buffer = chain_base(&c) + c.name_offsets[2];

    sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    ck_assert_ptr_eq(entry.name_bytes, c.buf + c.name_offsets[2]);
    ck_assert_uint_eq(entry.name_chars, 6);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
    ck_assert_uint_eq(entry.name_chars, strlen("smss.exe") + 1);
    ck_assert_uint_eq(sysproc_name(&entry, name, 16), strlen("smss.exe") + 1);
    ck_assert_uint_eq(name[strlen("smss.exe")], 0);
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
    chain_free(&c);
}
END_TEST

/* Names longer than MAX_PATH are valid NT data: the walker passes them on
 * whole (the snapshot layout truncates them). */
START_TEST(test_long_names)
{
    static const size_t lengths[] = { 259, 260, 261, 300, 0x7fff };
    static uint16_t name[0x8000], got[0x8000];
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;

    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
    {
        unit_pattern(name, lengths[i]);
        chain_init(&c);
        chain_add(&c, 4, 0, 1, name, lengths[i]);
        sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
        ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
        ck_assert_uint_eq(entry.name_chars, lengths[i]);
        ck_assert_uint_eq(sysproc_name(&entry, got, 0x8000), lengths[i]);
        ck_assert_mem_eq(got, name, lengths[i] * sizeof(uint16_t));
        ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
        chain_free(&c);
    }
}
END_TEST

/* Records need not be aligned (Wine packs them): records, threads and
 * names at any offset, in a buffer at any address, walk the same. */
START_TEST(test_packed)
{
    for (size_t pad = 1; pad < CHAIN_ALIGN; pad++)
    {
        for (size_t shift = 0; shift < 2; shift++)
        {
            struct chain c, view;
            struct sysproc_walk walk;
            struct sysproc_entry entry;
            unsigned char *block;
            uint32_t procs, threads;

            chain_init(&c);
            c.pad = pad;
            chain_add_a(&c, 0, 0, 1, NULL);
            chain_add_a(&c, 4, 0, 3, "System");
            chain_add_a(&c, 88, 4, 0, "smss.exe");
            chain_add_a(&c, 400, 88, 2, "C:\\Windows\\explorer.exe");
            ck_assert_uint_eq(c.offsets[1] % CHAIN_ALIGN, pad);

            /* the same bytes at an address shift bytes further */
            block = unit_alloc(c.size + shift, 0);
            memcpy(block + shift, c.buf, c.size);
            view = c;
            view.buf = block + shift;
            chain_set_names(&view, (uintptr_t)view.buf);

            sysproc_walk_init(&walk, view.buf, view.size, chain_base(&view));
            for (size_t i = 0; i < view.count; i++)
            {
                ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);
                expect_entry(&view, i, &entry);
            }
            ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_END);
            ck_assert_int_eq(sysproc_count(view.buf, view.size, chain_base(&view), &procs, &threads), CORE_OK);
            ck_assert_uint_eq(procs, 4);
            ck_assert_uint_eq(threads, 6);
            free(block);
            chain_free(&c);
        }
    }
}
END_TEST

/* sysproc_name copies what fits and does not terminate: callers size it. */
START_TEST(test_name_accessor)
{
    struct chain c;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint16_t dst[16], expect[16];
    uint16_t *exact;

    chain_init(&c);
    chain_add_a(&c, 4, 0, 0, "notepad.exe");
    unit_widen(expect, "notepad.exe");
    sysproc_walk_init(&walk, c.buf, c.size, chain_base(&c));
    ck_assert_int_eq(sysproc_walk_next(&walk, &entry), CORE_OK);

    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(sysproc_name(&entry, dst, 4), 4);
    ck_assert_mem_eq(dst, expect, 4 * sizeof(uint16_t));
    ck_assert_uint_eq(dst[4], 0xa5a5);

    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(sysproc_name(&entry, dst, 0), 0);
    ck_assert_uint_eq(dst[0], 0xa5a5);

    /* exactly the name's size, in an exact-size block */
    exact = unit_alloc(11 * sizeof(uint16_t), 0xa5);
    ck_assert_uint_eq(sysproc_name(&entry, exact, 11), 11);
    ck_assert_mem_eq(exact, expect, 11 * sizeof(uint16_t));
    free(exact);
    chain_free(&c);
}
END_TEST

START_TEST(test_find)
{
    struct chain c;
    struct nt_process_record rec;

    three_processes(&c);
    ck_assert_int_eq(sysproc_find(c.buf, c.size, chain_base(&c), 4, &rec), CORE_OK);
    ck_assert_uint_eq(rec.unique_process_id, 4);
    ck_assert_uint_eq(rec.number_of_threads, 2);
    ck_assert_int_eq(rec.base_priority, chain_process_priority(4));
    ck_assert_int_eq(sysproc_find(c.buf, c.size, chain_base(&c), 0, &rec), CORE_OK);
    ck_assert_uint_eq(rec.number_of_threads, 1);
    ck_assert_int_eq(sysproc_find(c.buf, c.size, chain_base(&c), 88, &rec), CORE_OK);
    ck_assert_uint_eq(rec.inherited_from_unique_process_id, 4);
    ck_assert_int_eq(sysproc_find(c.buf, c.size, chain_base(&c), 5, &rec), CORE_END);
    ck_assert_int_eq(sysproc_find(NULL, 0, 0, 4, &rec), CORE_END);

    /* corruption before the process, or anywhere when it is missing */
    chain_rec(&c, 1)->next_entry_offset = 8;
    ck_assert_int_eq(sysproc_find(c.buf, c.size, chain_base(&c), 88, &rec), CORE_CORRUPT);
    ck_assert_int_eq(sysproc_find(c.buf, c.size, chain_base(&c), 5, &rec), CORE_CORRUPT);
    chain_free(&c);
}
END_TEST

/* PROCESS_PRIOCLASS_* 1 to 6 to the base priority of a normal thread of the
 * class ("Scheduling Priorities"); anything else is already a priority. */
START_TEST(test_class_base_priority)
{
    ck_assert_int_eq(nt_class_base_priority(1), 4);     /* idle */
    ck_assert_int_eq(nt_class_base_priority(2), 8);     /* normal */
    ck_assert_int_eq(nt_class_base_priority(3), 13);    /* high */
    ck_assert_int_eq(nt_class_base_priority(4), 24);    /* realtime */
    ck_assert_int_eq(nt_class_base_priority(5), 6);     /* below normal */
    ck_assert_int_eq(nt_class_base_priority(6), 10);    /* above normal */
    ck_assert_int_eq(nt_class_base_priority(0), 0);
    ck_assert_int_eq(nt_class_base_priority(7), 7);
    ck_assert_int_eq(nt_class_base_priority(8), 8);
    ck_assert_int_eq(nt_class_base_priority(-1), -1);
    ck_assert_int_eq(nt_class_base_priority(INT32_MAX), INT32_MAX);
    ck_assert_int_eq(nt_class_base_priority(INT32_MIN), INT32_MIN);
}
END_TEST

/* ------------------------------------------------------------------ count and pids */

START_TEST(test_count)
{
    struct chain c;
    uint32_t procs, threads;

    three_processes(&c);
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_OK);
    ck_assert_uint_eq(procs, 3);
    ck_assert_uint_eq(threads, 6);

    /* corruption in the last record fails the whole count */
    chain_rec(&c, 2)->image_name.length = 1;
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &procs, &threads), CORE_CORRUPT);
    chain_free(&c);
}
END_TEST

START_TEST(test_pids)
{
    struct chain c;
    uint32_t ids[16];
    size_t count;

    chain_init(&c);
    for (uint32_t i = 0; i < 10; i++) chain_add_a(&c, i * 4 + 100, 0, i % 3, "p.exe");

    /* all fit */
    memset(ids, 0xa5, sizeof(ids));
    ck_assert_int_eq(sysproc_pids(c.buf, c.size, chain_base(&c), ids, 16, &count), CORE_OK);
    ck_assert_uint_eq(count, 10);
    for (uint32_t i = 0; i < 10; i++) ck_assert_uint_eq(ids[i], i * 4 + 100);
    ck_assert_uint_eq(ids[10], 0xa5a5a5a5);

    /* exactly fit */
    memset(ids, 0xa5, sizeof(ids));
    ck_assert_int_eq(sysproc_pids(c.buf, c.size, chain_base(&c), ids, 10, &count), CORE_OK);
    ck_assert_uint_eq(count, 10);
    ck_assert_uint_eq(ids[9], 136);
    ck_assert_uint_eq(ids[10], 0xa5a5a5a5);

    /* truncated: the first ones, nothing past max_ids */
    memset(ids, 0xa5, sizeof(ids));
    ck_assert_int_eq(sysproc_pids(c.buf, c.size, chain_base(&c), ids, 3, &count), CORE_OK);
    ck_assert_uint_eq(count, 3);
    ck_assert_uint_eq(ids[0], 100);
    ck_assert_uint_eq(ids[1], 104);
    ck_assert_uint_eq(ids[2], 108);
    ck_assert_uint_eq(ids[3], 0xa5a5a5a5);

    /* no room at all */
    count = 99;
    ck_assert_int_eq(sysproc_pids(c.buf, c.size, chain_base(&c), NULL, 0, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);

    /* the chain is validated whole, past what fits */
    chain_rec(&c, 8)->next_entry_offset = 4;
    ck_assert_int_eq(sysproc_pids(c.buf, c.size, chain_base(&c), ids, 3, &count), CORE_CORRUPT);
    ck_assert_int_eq(sysproc_pids(c.buf, c.size, chain_base(&c), NULL, 0, &count), CORE_CORRUPT);
    chain_free(&c);
}
END_TEST

Suite *ntrecords_suite(void)
{
    Suite *s = suite_create("ntrecords");
    TCase *tc;

    tc = tcase_create("valid");
    tcase_add_test(tc, test_one_process);
    tcase_add_test(tc, test_many_processes);
    tcase_add_test(tc, test_zero_threads);
    tcase_add_test(tc, test_many_threads);
    tcase_add_test(tc, test_no_name);
    tcase_add_test(tc, test_other_base);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_packed);
    suite_add_tcase(s, tc);

    tc = tcase_create("corrupt");
    tcase_add_test(tc, test_next_outside);
    tcase_add_test(tc, test_next_past_end);
    tcase_add_test(tc, test_truncated_by_one);
    tcase_add_test(tc, test_next_into_current);
    tcase_add_test(tc, test_next_loop);
    tcase_add_test(tc, test_next_shifted);
    tcase_add_test(tc, test_truncated_record);
    tcase_add_test(tc, test_truncated_threads);
    tcase_add_test(tc, test_name_outside);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, test_name_boundaries);
    tcase_add_test(tc, test_long_names);
    tcase_add_test(tc, test_name_accessor);
    suite_add_tcase(s, tc);

    tc = tcase_create("readers");
    tcase_add_test(tc, test_count);
    tcase_add_test(tc, test_pids);
    tcase_add_test(tc, test_find);
    tcase_add_test(tc, test_class_base_priority);
    suite_add_tcase(s, tc);
    return s;
}
