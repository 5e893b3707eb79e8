/*
 * Unit tests of the Toolhelp32 snapshot layout (core/layout).
 *
 * Snapshots live in heap blocks of exactly their size, so that
 * AddressSanitizer sees any access past them; headers are then tampered
 * with as another holder of the snapshot object could.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/layout.h"
#include "unit.h"

#define HEADER_SIZE ((sizeof(struct th32_header) + 7) & ~(size_t)7)

/* A fresh snapshot with these table sizes, in an exact-size block. */
static void *new_snapshot(uint32_t procs, uint32_t threads, uint32_t modules, uint32_t heaps, size_t *size)
{
    const uint32_t counts[TH32_LIST_COUNT] = { procs, threads, modules, heaps };
    void *mem;

    *size = th32_layout_size(counts);
    ck_assert_uint_ne(*size, 0);
    mem = unit_alloc(*size, 0x5a);
    th32_layout_init(mem, counts, 0xf, 1234);
    ck_assert_int_eq(th32_header_check(mem), CORE_OK);
    return mem;
}

/* A snapshot of the process and thread lists of a chain, the way
 * CreateToolhelp32Snapshot sizes it: from sysproc_count on the same chain. */
static void *snapshot_of(const struct chain *c, int procs, int threads, size_t *size)
{
    uint32_t nproc, nthread;
    void *mem;

    ck_assert_int_eq(sysproc_count(c->buf, c->size, chain_base(c), &nproc, &nthread), CORE_OK);
    mem = new_snapshot(procs ? nproc : 0, threads ? nthread : 0, 0, 0, size);
    ck_assert_int_eq(th32_layout_fill_processes(mem, c->buf, c->size, chain_base(c), 0), CORE_OK);
    ck_assert_int_eq(th32_header_check(mem), CORE_OK);
    return mem;
}

static struct th32_header *header_of(void *mem)
{
    return mem;
}

/* One step of a walk the way a reader does it: the header checked, then
 * stepped, then the entry read at the offset the step gives -- which must
 * lie inside the snapshot whenever the check passed. */
static int step(void *mem, enum th32_list list, int first, const void **entry)
{
    const struct th32_header *header = mem;
    uint32_t offset = 0xdeadbeef;
    int ret;

    ck_assert_int_eq(th32_header_check(header), CORE_OK);
    ret = th32_header_step(mem, list, first, &offset);
    if (ret == CORE_OK)
    {
        ck_assert_uint_ge(offset, sizeof(struct th32_header));
        ck_assert_uint_le((uint64_t)offset + th32_entry_sizes[list], header->size);
        *entry = (const unsigned char *)mem + offset;
    }
    else ck_assert_int_eq(ret, CORE_END);
    return ret;
}

/* ------------------------------------------------------------------ size and init */

START_TEST(test_size)
{
    uint32_t counts[TH32_LIST_COUNT] = { 0, 0, 0, 0 };
    uint64_t expect = HEADER_SIZE;

    ck_assert_uint_eq(th32_entry_sizes[TH32_LIST_PROCESS], sizeof(struct th32_process));
    ck_assert_uint_eq(th32_entry_sizes[TH32_LIST_THREAD], sizeof(struct th32_thread));
    ck_assert_uint_eq(th32_entry_sizes[TH32_LIST_MODULE], sizeof(struct th32_module));
    ck_assert_uint_eq(th32_entry_sizes[TH32_LIST_HEAPLIST], sizeof(struct th32_heaplist));

    ck_assert_uint_eq(th32_layout_size(counts), HEADER_SIZE);

    counts[TH32_LIST_PROCESS] = 3;
    counts[TH32_LIST_THREAD] = 17;
    counts[TH32_LIST_MODULE] = 5;
    counts[TH32_LIST_HEAPLIST] = 2;
    for (int i = 0; i < TH32_LIST_COUNT; i++)
        expect = (expect + (uint64_t)counts[i] * th32_entry_sizes[i] + 7) & ~(uint64_t)7;
    ck_assert_uint_eq(th32_layout_size(counts), expect);
    ck_assert_uint_ge(expect, HEADER_SIZE + 3 * sizeof(struct th32_process) + 17 * sizeof(struct th32_thread)
                      + 5 * sizeof(struct th32_module) + 2 * sizeof(struct th32_heaplist));
}
END_TEST

/* Sizes past 4 GiB (the snapshot's offsets are 32-bit) give 0. */
START_TEST(test_size_overflow)
{
    for (int list = 0; list < TH32_LIST_COUNT; list++)
    {
        uint32_t counts[TH32_LIST_COUNT] = { 0, 0, 0, 0 };
        uint32_t entry = th32_entry_sizes[list];
        uint32_t max = (uint32_t)((UINT32_MAX - HEADER_SIZE) / entry);

        counts[list] = UINT32_MAX;
        ck_assert_uint_eq(th32_layout_size(counts), 0);

        /* entry sizes are multiples of 8, so the largest count that fits
         * needs no padding */
        ck_assert_uint_eq(entry % 8, 0);
        counts[list] = max;
        ck_assert_uint_eq(th32_layout_size(counts), HEADER_SIZE + (uint64_t)max * entry);
        counts[list] = max + 1;
        ck_assert_uint_eq(th32_layout_size(counts), 0);
    }

    /* each list fits alone, all together do not */
    {
        uint32_t counts[TH32_LIST_COUNT];

        for (int i = 0; i < TH32_LIST_COUNT; i++) counts[i] = (uint32_t)(0x60000000u / th32_entry_sizes[i]);
        ck_assert_uint_eq(th32_layout_size(counts), 0);
        for (int i = 0; i < TH32_LIST_COUNT; i++) counts[i] = UINT32_MAX;
        ck_assert_uint_eq(th32_layout_size(counts), 0);
    }
}
END_TEST

START_TEST(test_init_entry)
{
    const uint32_t counts[TH32_LIST_COUNT] = { 3, 5, 2, 1 };
    unsigned char *mem;
    struct th32_header *header;
    size_t size;

    mem = new_snapshot(3, 5, 2, 1, &size);
    header = header_of(mem);
    ck_assert_uint_eq(header->magic, TH32_MAGIC);
    ck_assert_uint_eq(header->version, TH32_VERSION);
    ck_assert_uint_eq(header->size, size);
    ck_assert_uint_eq(header->flags, 0xf);
    ck_assert_uint_eq(header->pid, 1234);

    for (int l = 0; l < TH32_LIST_COUNT; l++)
    {
        const struct th32_table *table = &header->tables[l];

        ck_assert_uint_eq(table->count, counts[l]);
        ck_assert_uint_eq(table->entry_size, th32_entry_sizes[l]);
        ck_assert_uint_eq(table->cursor, 0);
        ck_assert_uint_eq(table->offset % 8, 0);
        ck_assert_uint_ge(table->offset, sizeof(struct th32_header));
        ck_assert_uint_le((uint64_t)table->offset + (uint64_t)table->count * table->entry_size, size);
        /* no two tables share a byte */
        for (int o = 0; o < l; o++)
        {
            const struct th32_table *other = &header->tables[o];
            ck_assert(table->offset >= other->offset + other->count * other->entry_size
                      || other->offset >= table->offset + table->count * table->entry_size);
        }
        for (uint32_t i = 0; i < counts[l]; i++)
        {
            unsigned char *entry = th32_layout_entry(mem, l, i);

            ck_assert_ptr_eq(entry, mem + table->offset + (size_t)i * table->entry_size);
            /* every byte of every entry is inside the block (ASan watches) */
            memset(entry, 0x11 * (l + 1), table->entry_size);
        }
    }
    /* writing the entries left the header alone */
    ck_assert_int_eq(th32_header_check(header), CORE_OK);
    free(mem);

    /* no lists at all: just the header */
    mem = new_snapshot(0, 0, 0, 0, &size);
    ck_assert_uint_eq(size, HEADER_SIZE);
    free(mem);
}
END_TEST

/* ------------------------------------------------------------------ fill */

#define FILL_CASES 12

/* The chain the fill tests share, with what the process table must hold. */
struct fill_case
{
    uint32_t pid, parent, threads;
    uint16_t name[400];
    size_t   name_chars;        /* (size_t)-1: no name */
    uint16_t exe[TH32_NAME_CHARS];
};

static const uint16_t unicode_name[] =
{
    'C', ':', '\\', 'U', 0x00dc, 'b', 'e', 'r', '\\',                /* directory, Latin-1 */
    0x65e5, 0x672c, 0x8a9e, 0xd83d, 0xde00, 0x00e9, '.', 'e', 'x', 'e', /* CJK, a surrogate pair */
};
#define UNICODE_BASE 9

static size_t fill_cases(struct fill_case *cases)
{
    static const struct { uint32_t pid, parent, threads; const char *name, *exe; } ascii[] =
    {
        { 0, 0, 2, NULL, "" },
        { 4, 0, 3, "System", "System" },
        { 88, 4, 2, "\\SystemRoot\\System32\\smss.exe", "smss.exe" },
        { 400, 88, 0, "C:\\Program Files\\App\\app.exe", "app.exe" },
        { 404, 400, 1, "C:\\dir\\", "" },
        { 408, 400, 1, "C:/unix/style.exe", "style.exe" },
    };
    size_t n = 0;

    memset(cases, 0, FILL_CASES * sizeof(*cases));
    for (size_t i = 0; i < sizeof(ascii) / sizeof(ascii[0]); i++, n++)
    {
        cases[n].pid = ascii[i].pid;
        cases[n].parent = ascii[i].parent;
        cases[n].threads = ascii[i].threads;
        cases[n].name_chars = ascii[i].name ? unit_widen(cases[n].name, ascii[i].name) : (size_t)-1;
        unit_widen(cases[n].exe, ascii[i].exe);
    }

    /* non-ASCII UTF-16 is copied as it is, surrogates included */
    cases[n].pid = 500; cases[n].parent = 4; cases[n].threads = 4;
    memcpy(cases[n].name, unicode_name, sizeof(unicode_name));
    cases[n].name_chars = sizeof(unicode_name) / sizeof(uint16_t);
    memcpy(cases[n].exe, unicode_name + UNICODE_BASE, sizeof(unicode_name) - UNICODE_BASE * sizeof(uint16_t));
    n++;

    /* 300 characters: MAX_PATH - 1 of them and the NUL */
    cases[n].pid = 504; cases[n].parent = 4; cases[n].threads = 1;
    unit_pattern(cases[n].name, 300);
    cases[n].name_chars = 300;
    unit_pattern(cases[n].exe, TH32_NAME_CHARS - 1);
    n++;

    /* a long directory and a long base name: truncation counts from the base */
    cases[n].pid = 508; cases[n].parent = 4; cases[n].threads = 1;
    unit_widen(cases[n].name, "C:\\dir\\");
    unit_pattern(cases[n].name + 7, 300);
    cases[n].name_chars = 307;
    unit_pattern(cases[n].exe, TH32_NAME_CHARS - 1);
    n++;

    /* an embedded NUL ends the name */
    cases[n].pid = 512; cases[n].parent = 4; cases[n].threads = 1;
    unit_widen(cases[n].name, "abc?def");
    cases[n].name[3] = 0;
    cases[n].name_chars = 7;
    unit_widen(cases[n].exe, "abc");
    n++;
    return n;
}

static void fill_chain(struct chain *c, const struct fill_case *cases, size_t n, size_t pad)
{
    chain_init(c);
    c->pad = pad;
    for (size_t i = 0; i < n; i++)
        chain_add(c, cases[i].pid, cases[i].parent, cases[i].threads,
                  cases[i].name_chars == (size_t)-1 ? NULL : cases[i].name,
                  cases[i].name_chars == (size_t)-1 ? 0 : cases[i].name_chars);
}

/* Run for an aligned chain and for a packed one (Wine's). */
START_TEST(test_fill)
{
    static struct fill_case cases[FILL_CASES];
    size_t n = fill_cases(cases), size;
    uint32_t thread = 0;
    struct chain c;
    unsigned char *mem;

    fill_chain(&c, cases, n, (size_t)_i * 3);
    mem = snapshot_of(&c, 1, 1, &size);
    ck_assert_uint_eq(header_of(mem)->tables[TH32_LIST_PROCESS].count, n);

    for (uint32_t i = 0; i < n; i++)
    {
        const struct th32_process *proc = th32_layout_entry(mem, TH32_LIST_PROCESS, i);
        size_t len = 0;

        while (cases[i].exe[len]) len++;
        ck_assert_uint_eq(proc->pid, cases[i].pid);
        ck_assert_uint_eq(proc->parent_pid, cases[i].parent);
        ck_assert_uint_eq(proc->threads, cases[i].threads);
        ck_assert_int_eq(proc->base_priority, chain_process_priority(cases[i].pid));
        ck_assert_uint_le(len, TH32_NAME_CHARS - 1);
        ck_assert_mem_eq(proc->exe_file, cases[i].exe, (len + 1) * sizeof(uint16_t));

        for (uint32_t t = 0; t < cases[i].threads; t++)
        {
            const struct th32_thread *thr = th32_layout_entry(mem, TH32_LIST_THREAD, thread++);

            ck_assert_uint_eq(thr->tid, chain_tid(cases[i].pid, t));
            ck_assert_uint_eq(thr->owner_pid, cases[i].pid);
            ck_assert_int_eq(thr->base_priority, chain_thread_priority(t));
        }
    }
    ck_assert_uint_eq(thread, header_of(mem)->tables[TH32_LIST_THREAD].count);
    free(mem);
    chain_free(&c);
}
END_TEST

/* The base name of a path longer than the field: it follows the last
 * separator of the whole name, however far into the name that lies. */
START_TEST(test_fill_long_path)
{
    static const size_t dirs[] = { 250, 258, 259, 260, 300, 517, 518, 519, 520, 521, 600, 1000, 5000, 32000 };
    static uint16_t name[0x8000];
    uint16_t expect[16];
    struct chain c;
    size_t size;

    for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
    {
        unsigned char *mem;
        const struct th32_process *proc;

        /* "C:\<dirs[d] characters>\app.exe" */
        unit_widen(name, "C:\\");
        unit_pattern(name + 3, dirs[d]);
        unit_widen(name + 3 + dirs[d], "\\app.exe");
        chain_init(&c);
        chain_add(&c, 4, 0, 1, name, 3 + dirs[d] + 8);
        mem = snapshot_of(&c, 1, 0, &size);
        proc = th32_layout_entry(mem, TH32_LIST_PROCESS, 0);
        unit_widen(expect, "app.exe");
        ck_assert_msg(!memcmp(proc->exe_file, expect, 8 * sizeof(uint16_t)),
                      "directory of %zu characters: wrong base name", dirs[d]);
        free(mem);
        chain_free(&c);

        /* and a base name as long, after a short directory: its first 259 characters */
        unit_widen(name, "C:\\dir\\");
        unit_pattern(name + 7, dirs[d]);
        chain_init(&c);
        chain_add(&c, 4, 0, 1, name, 7 + dirs[d]);
        mem = snapshot_of(&c, 1, 0, &size);
        proc = th32_layout_entry(mem, TH32_LIST_PROCESS, 0);
        {
            static uint16_t want[TH32_NAME_CHARS];
            size_t len = dirs[d] < TH32_NAME_CHARS - 1 ? dirs[d] : TH32_NAME_CHARS - 1;

            unit_pattern(want, len);
            ck_assert_mem_eq(proc->exe_file, want, (len + 1) * sizeof(uint16_t));
        }
        free(mem);
        chain_free(&c);
    }
}
END_TEST

/* Where the NT layer reports priority classes (Wine), the process's base
 * priority is that of the class; threads keep their own. */
START_TEST(test_fill_priority_class)
{
    static const int32_t classes[] = { 1, 2, 3, 4, 5, 6 };
    static const int32_t expect[] = { 4, 8, 13, 24, 6, 10 };
    struct chain c;
    uint32_t nproc, nthread;
    size_t size;
    void *mem;

    chain_init(&c);
    for (uint32_t i = 0; i < 6; i++) chain_add_a(&c, 100 + 4 * i, 4, 1, "a.exe");
    for (uint32_t i = 0; i < 6; i++) chain_rec(&c, i)->base_priority = classes[i];
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &nproc, &nthread), CORE_OK);

    mem = new_snapshot(nproc, nthread, 0, 0, &size);
    ck_assert_int_eq(th32_layout_fill_processes(mem, c.buf, c.size, chain_base(&c), 1), CORE_OK);
    for (uint32_t i = 0; i < 6; i++)
    {
        const struct th32_process *proc = th32_layout_entry(mem, TH32_LIST_PROCESS, i);
        const struct th32_thread *thr = th32_layout_entry(mem, TH32_LIST_THREAD, i);

        ck_assert_int_eq(proc->base_priority, expect[i]);
        ck_assert_int_eq(thr->base_priority, chain_thread_priority(0));
    }

    /* without the flag the same numbers are taken as they are */
    ck_assert_int_eq(th32_layout_fill_processes(mem, c.buf, c.size, chain_base(&c), 0), CORE_OK);
    for (uint32_t i = 0; i < 6; i++)
        ck_assert_int_eq(((const struct th32_process *)th32_layout_entry(mem, TH32_LIST_PROCESS, i))->base_priority,
                         classes[i]);
    free(mem);
    chain_free(&c);
}
END_TEST

/* TH32CS_SNAPPROCESS alone or TH32CS_SNAPTHREAD alone: the other table is empty. */
START_TEST(test_fill_one_list)
{
    static struct fill_case cases[FILL_CASES];
    size_t n = fill_cases(cases), size;
    struct chain c;
    unsigned char *mem;
    const void *entry;

    fill_chain(&c, cases, n, 0);

    mem = snapshot_of(&c, 1, 0, &size);
    ck_assert_uint_eq(header_of(mem)->tables[TH32_LIST_THREAD].count, 0);
    ck_assert_int_eq(step(mem, TH32_LIST_THREAD, 1, &entry), CORE_END);
    ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 1, &entry), CORE_OK);
    ck_assert_uint_eq(((const struct th32_process *)entry)->pid, cases[0].pid);
    free(mem);

    mem = snapshot_of(&c, 0, 1, &size);
    ck_assert_uint_eq(header_of(mem)->tables[TH32_LIST_PROCESS].count, 0);
    ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 1, &entry), CORE_END);
    ck_assert_int_eq(step(mem, TH32_LIST_THREAD, 1, &entry), CORE_OK);
    ck_assert_uint_eq(((const struct th32_thread *)entry)->tid, chain_tid(cases[0].pid, 0));
    free(mem);
    chain_free(&c);
}
END_TEST

/* Tables sized for another chain than the one filled in (the process list
 * changed between count and fill) or a corrupt chain: an error, and never a
 * write past the tables (the block is exact-size). */
START_TEST(test_fill_mismatch)
{
    static const int deltas[][2] = { { -1, 0 }, { 1, 0 }, { 0, -1 }, { 0, 1 }, { -1, -1 }, { 0, -5 } };
    static struct fill_case cases[FILL_CASES];
    size_t n = fill_cases(cases), size;
    uint32_t nproc, nthread;
    struct chain c;
    void *mem;

    fill_chain(&c, cases, n, 0);
    ck_assert_int_eq(sysproc_count(c.buf, c.size, chain_base(&c), &nproc, &nthread), CORE_OK);

    for (size_t d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++)
    {
        mem = new_snapshot(nproc + deltas[d][0], nthread + deltas[d][1], 0, 0, &size);
        ck_assert_int_eq(th32_layout_fill_processes(mem, c.buf, c.size, chain_base(&c), 0), CORE_CORRUPT);
        free(mem);
    }

    /* one list alone and one entry short: its table ends the block, so an
     * entry written past it would be past the block */
    mem = new_snapshot(nproc - 1, 0, 0, 0, &size);
    ck_assert_int_eq(th32_layout_fill_processes(mem, c.buf, c.size, chain_base(&c), 0), CORE_CORRUPT);
    free(mem);
    mem = new_snapshot(0, nthread - 1, 0, 0, &size);
    ck_assert_int_eq(th32_layout_fill_processes(mem, c.buf, c.size, chain_base(&c), 0), CORE_CORRUPT);
    free(mem);

    /* the right sizes, but the chain is corrupt half way */
    chain_rec(&c, 4)->number_of_threads = 0xffffffff;
    mem = new_snapshot(nproc, nthread, 0, 0, &size);
    ck_assert_int_eq(th32_layout_fill_processes(mem, c.buf, c.size, chain_base(&c), 0), CORE_CORRUPT);
    free(mem);
    chain_free(&c);
}
END_TEST

/* ------------------------------------------------------------------ check */

START_TEST(test_check)
{
    size_t size;
    unsigned char *good = new_snapshot(3, 5, 2, 1, &size);
    struct th32_header header;

    memcpy(&header, good, sizeof(header));
    ck_assert_int_eq(th32_header_check(&header), CORE_OK);
    memset(&header, 0, sizeof(header));
    ck_assert_int_eq(th32_header_check(&header), CORE_CORRUPT);

    /* the walk checks a copy of the header it read: tamper with copies */
#define TAMPERED(stmt) do { \
        memcpy(&header, good, sizeof(header)); stmt; \
        ck_assert_msg(th32_header_check(&header) == CORE_CORRUPT, "accepted: %s", #stmt); } while (0)

    TAMPERED(header.magic ^= 1);
    TAMPERED(header.magic = 0);
    TAMPERED(header.version = 0);
    TAMPERED(header.version = TH32_VERSION + 1);
    TAMPERED(header.size = (uint32_t)size - 1);
    TAMPERED(header.size = sizeof(struct th32_header));
    TAMPERED(header.size = 0);
    for (int l = 0; l < TH32_LIST_COUNT; l++)
    {
        uint32_t entry = th32_entry_sizes[l];

        TAMPERED(header.tables[l].offset = (uint32_t)size + 8);
        TAMPERED(header.tables[l].offset = 0xfffffff8u);
        TAMPERED(header.tables[l].offset += 1);
        TAMPERED(header.tables[l].offset += 4);
        TAMPERED(header.tables[l].offset = 0);
        TAMPERED(header.tables[l].offset = 8);
        TAMPERED(header.tables[l].entry_size = 0);
        TAMPERED(header.tables[l].entry_size = entry + 8);
        TAMPERED(header.tables[l].entry_size = entry - 8);
        TAMPERED(header.tables[l].entry_size = th32_entry_sizes[(l + 1) % TH32_LIST_COUNT]);
        TAMPERED(header.tables[l].count = UINT32_MAX);
        /* a count whose byte size wraps 32 bits to something small */
        TAMPERED(header.tables[l].count = (uint32_t)(0x100000000ull / entry) + 1);
        /* one entry past the end of the snapshot */
        TAMPERED(header.tables[l].count = (uint32_t)((size - header.tables[l].offset) / entry) + 1);
    }
#undef TAMPERED
    free(good);
}
END_TEST

/* The cursor is written back at TH32_CURSOR_OFFSET: it must be the cursor. */
START_TEST(test_cursor_offset)
{
    struct th32_header header;

    for (int l = 0; l < TH32_LIST_COUNT; l++)
    {
        ck_assert_uint_eq(TH32_CURSOR_OFFSET(l), (size_t)((char *)&header.tables[l].cursor - (char *)&header));
        ck_assert_uint_le(TH32_CURSOR_OFFSET(l) + sizeof(uint32_t), sizeof(header));
    }
}
END_TEST

/* Headers from a holder that writes anything: whatever passes the check
 * must step only to entries inside the snapshot, for every cursor. The
 * mutations start from a good header so that they get past the magic. */
START_TEST(test_check_mutated)
{
    size_t size;
    unsigned char *good = new_snapshot(3, 5, 2, 1, &size);
    uint32_t interesting[] =
    {
        0, 1, 4, 7, 8, 16, 88, 96, (uint32_t)size - 1, (uint32_t)size, (uint32_t)size + 1,
        0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff,
    };
    uint64_t state = 0x2545f4914f6cdd1dull;
    size_t accepted = 0;

    for (int round = 0; round < 100000; round++)
    {
        struct th32_header header;
        uint32_t *words = (uint32_t *)&header;
        size_t nwords = sizeof(header) / sizeof(uint32_t);
        int changes;

        memcpy(&header, good, sizeof(header));
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        changes = 1 + (int)((state >> 60) % 3);
        for (int i = 0; i < changes; i++)
        {
            size_t word;
            uint32_t value;

            state = state * 6364136223846793005ull + 1442695040888963407ull;
            word = 2 + (size_t)((state >> 33) % (nwords - 2));     /* magic and version stay */
            value = (state >> 20) & 1 ? interesting[(state >> 40) % (sizeof(interesting) / sizeof(interesting[0]))]
                                      : (uint32_t)(state >> 8) % (2 * (uint32_t)size);
            words[word] = value;
        }
        if (th32_header_check(&header) != CORE_OK) continue;
        accepted++;
        for (int l = 0; l < TH32_LIST_COUNT; l++)
        {
            static const uint32_t cursors[] = { 0, 1, 2, 0x7fffffff, 0xffffffff };
            uint32_t count = header.tables[l].count;

            for (size_t c = 0; c < sizeof(cursors) / sizeof(cursors[0]) + 1; c++)
            {
                uint32_t offset;

                header.tables[l].cursor = c < sizeof(cursors) / sizeof(cursors[0]) ? cursors[c]
                                          : count ? count - 1 : 0;
                if (th32_header_step(&header, l, 0, &offset) != CORE_OK) continue;
                /* (no ck_assert in this loop: each one is a write to Check's pipe) */
                if (offset < sizeof(struct th32_header) || (uint64_t)offset + th32_entry_sizes[l] > header.size)
                    ck_abort_msg("list %d: entry at %u of a %u-byte snapshot", l, offset, header.size);
            }
        }
    }
    /* the mutations did reach the step, not only the check */
    ck_assert_uint_gt(accepted, 1000);
    free(good);
}
END_TEST

/* ------------------------------------------------------------------ step */

START_TEST(test_step_walk)
{
    const uint32_t counts[TH32_LIST_COUNT] = { 3, 5, 2, 1 };
    size_t size;
    unsigned char *mem = new_snapshot(3, 5, 2, 1, &size);
    struct th32_header *header = header_of(mem);

    for (int l = 0; l < TH32_LIST_COUNT; l++)
    {
        const void *entry = NULL;

        /* first, then next to the end */
        ck_assert_int_eq(step(mem, l, 1, &entry), CORE_OK);
        ck_assert_ptr_eq(entry, th32_layout_entry(mem, l, 0));
        for (uint32_t i = 1; i < counts[l]; i++)
        {
            ck_assert_int_eq(step(mem, l, 0, &entry), CORE_OK);
            ck_assert_ptr_eq(entry, th32_layout_entry(mem, l, i));
            ck_assert_uint_eq(header->tables[l].cursor, i + 1);
        }
        /* the end, again and again */
        for (int i = 0; i < 3; i++)
        {
            ck_assert_int_eq(step(mem, l, 0, &entry), CORE_END);
            ck_assert_uint_eq(header->tables[l].cursor, counts[l]);
        }
        /* first starts over */
        ck_assert_int_eq(step(mem, l, 1, &entry), CORE_OK);
        ck_assert_ptr_eq(entry, th32_layout_entry(mem, l, 0));
        ck_assert_uint_eq(header->tables[l].cursor, 1);
        /* ... also half way */
        ck_assert_int_eq(step(mem, l, 1, &entry), CORE_OK);
        ck_assert_ptr_eq(entry, th32_layout_entry(mem, l, 0));
    }
    free(mem);
}
END_TEST

/* Each list has its own cursor: walking one does not move another. */
START_TEST(test_step_lists_apart)
{
    size_t size;
    unsigned char *mem = new_snapshot(3, 5, 0, 0, &size);
    const void *entry;

    ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 1, &entry), CORE_OK);
    ck_assert_int_eq(step(mem, TH32_LIST_THREAD, 1, &entry), CORE_OK);
    ck_assert_int_eq(step(mem, TH32_LIST_THREAD, 0, &entry), CORE_OK);
    ck_assert_int_eq(step(mem, TH32_LIST_THREAD, 0, &entry), CORE_OK);
    ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 0, &entry), CORE_OK);
    ck_assert_ptr_eq(entry, th32_layout_entry(mem, TH32_LIST_PROCESS, 1));
    ck_assert_int_eq(step(mem, TH32_LIST_THREAD, 0, &entry), CORE_OK);
    ck_assert_ptr_eq(entry, th32_layout_entry(mem, TH32_LIST_THREAD, 3));
    free(mem);
}
END_TEST

START_TEST(test_step_empty)
{
    size_t size;
    unsigned char *mem = new_snapshot(0, 0, 0, 0, &size);

    for (int l = 0; l < TH32_LIST_COUNT; l++)
    {
        const void *entry = NULL;

        ck_assert_int_eq(step(mem, l, 1, &entry), CORE_END);
        ck_assert_int_eq(step(mem, l, 0, &entry), CORE_END);
        ck_assert_int_eq(step(mem, l, 1, &entry), CORE_END);
        ck_assert_uint_eq(header_of(mem)->tables[l].cursor, 0);
    }
    free(mem);
}
END_TEST

/* The cursor is shared with every other holder of the snapshot, which may
 * write anything into it: out of range is the end, in range is honoured. */
START_TEST(test_step_cursor)
{
    static const uint32_t values[] = { 3, 4, 1000, 0x7fffffff, 0xfffffffe, 0xffffffff };
    size_t size;
    unsigned char *mem = new_snapshot(3, 0, 0, 0, &size);
    struct th32_table *table = &header_of(mem)->tables[TH32_LIST_PROCESS];
    const void *entry;

    for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
    {
        table->cursor = values[v];
        ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 0, &entry), CORE_END);
        ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 0, &entry), CORE_END);
        ck_assert_uint_le(table->cursor, 3);
        /* first is not bothered by the cursor */
        table->cursor = values[v];
        ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 1, &entry), CORE_OK);
        ck_assert_ptr_eq(entry, th32_layout_entry(mem, TH32_LIST_PROCESS, 0));
    }

    /* another holder advanced the walk: next continues from there */
    table->cursor = 2;
    ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 0, &entry), CORE_OK);
    ck_assert_ptr_eq(entry, th32_layout_entry(mem, TH32_LIST_PROCESS, 2));
    ck_assert_int_eq(step(mem, TH32_LIST_PROCESS, 0, &entry), CORE_END);
    free(mem);
}
END_TEST

Suite *layout_suite(void)
{
    Suite *s = suite_create("layout");
    TCase *tc;

    tc = tcase_create("size");
    tcase_add_test(tc, test_size);
    tcase_add_test(tc, test_size_overflow);
    tcase_add_test(tc, test_init_entry);
    suite_add_tcase(s, tc);

    tc = tcase_create("fill");
    tcase_add_loop_test(tc, test_fill, 0, 2);
    tcase_add_test(tc, test_fill_long_path);
    tcase_add_test(tc, test_fill_priority_class);
    tcase_add_test(tc, test_fill_one_list);
    tcase_add_test(tc, test_fill_mismatch);
    suite_add_tcase(s, tc);

    tc = tcase_create("check");
    tcase_add_test(tc, test_check);
    tcase_add_test(tc, test_cursor_offset);
    tcase_add_test(tc, test_check_mutated);
    suite_add_tcase(s, tc);

    tc = tcase_create("step");
    tcase_add_test(tc, test_step_walk);
    tcase_add_test(tc, test_step_lists_apart);
    tcase_add_test(tc, test_step_empty);
    tcase_add_test(tc, test_step_cursor);
    suite_add_tcase(s, tc);
    return s;
}
