/*
 * Unit tests of the loader list reader (core/loader).
 *
 * A fake address space holds a synthetic PEB, PEB_LDR_DATA and entries, in
 * the 64-bit and in the 32-bit layout. Every region is a heap block of
 * exactly its size and a read fails unless it lies wholly inside one, so a
 * read past a name's Length or past an entry fails (and AddressSanitizer
 * would report any stray access of the core itself).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "unit.h"
#include "core/loader.h"

#define FAKE_MAX_REGIONS 128
#define FAKE_MAX_ENTRIES (LOADER_MAX_MODULES + 2)

struct fake_region
{
    uint64_t addr;
    size_t size;
    unsigned char *bytes;
};

struct fake_mem
{
    struct fake_region regions[FAKE_MAX_REGIONS];
    size_t count;
    size_t reads;
};

static int fake_read(void *ctx, uint64_t addr, void *buf, size_t size)
{
    struct fake_mem *mem = ctx;

    mem->reads++;
    for (size_t i = 0; i < mem->count; i++)
    {
        const struct fake_region *r = &mem->regions[i];

        if (addr >= r->addr && addr - r->addr <= r->size && size <= r->size - (addr - r->addr))
        {
            memcpy(buf, r->bytes + (addr - r->addr), size);
            return 0;
        }
    }
    return 1;
}

static unsigned char *fake_map(struct fake_mem *mem, uint64_t addr, size_t size)
{
    struct fake_region *r = NULL;

    /* mapping an address again replaces what was there */
    for (size_t i = 0; i < mem->count && !r; i++)
        if (mem->regions[i].addr == addr) free((r = &mem->regions[i])->bytes);
    if (!r)
    {
        ck_assert_uint_lt(mem->count, FAKE_MAX_REGIONS);
        r = &mem->regions[mem->count++];
    }
    r->addr = addr;
    r->size = size;
    r->bytes = unit_alloc(size, 0);
    return r->bytes;
}

static void fake_free(struct fake_mem *mem)
{
    for (size_t i = 0; i < mem->count; i++) free(mem->regions[i].bytes);
    mem->count = 0;
}

static void put_ptr(unsigned char *bytes, uint64_t value, unsigned int p)
{
    if (p == 4)
    {
        uint32_t v = (uint32_t)value;
        memcpy(bytes, &v, 4);
    }
    else memcpy(bytes, &value, 8);
}

static unsigned char *last_mapped;   /* the bytes of the latest put_name */

static void put_u16(unsigned char *bytes, uint16_t value) { memcpy(bytes, &value, 2); }
static void put_u32(unsigned char *bytes, uint32_t value) { memcpy(bytes, &value, 4); }

/* ------------------------------------------------------------------ list builder */

#define PEB_ADDR    0x7ffd0000u
#define LDR_ADDR    0x10000040u
#define ENTRY_ADDR  0x20000000u
#define NAME_ADDR   0x30000000u
#define NAME_STRIDE 0x1000u
#define IMAGE_BASE  0x400000u

struct fake_list
{
    struct fake_mem mem;
    unsigned int p;
    unsigned char *peb, *ldr, *entries;
    size_t count;
    uint64_t head;
};

static uint64_t entry_addr(const struct fake_list *l, size_t i)
{
    return ENTRY_ADDR + i * loader_entry_size(l->p);
}

static unsigned char *entry_bytes(const struct fake_list *l, size_t i)
{
    return l->entries + i * loader_entry_size(l->p);
}

static uint64_t module_base(size_t i) { return i ? 0x10000000ull * (i + 1) : IMAGE_BASE; }

/* Writes a UNICODE_STRING at bytes whose characters get a region of their
 * own, exactly length bytes long (no NUL after them). */
static void put_name(struct fake_list *l, unsigned char *bytes, uint64_t addr, const char *name,
                     uint16_t length, uint16_t maximum)
{
    size_t chars = strlen(name);
    unsigned char *buf = fake_map(&l->mem, addr, chars ? chars * 2 : 1);

    for (size_t i = 0; i < chars; i++) put_u16(buf + 2 * i, (unsigned char)name[i]);
    last_mapped = buf;
    put_u16(bytes, length);
    put_u16(bytes + 2, maximum);
    put_ptr(bytes + l->p, addr, l->p);
}

static void set_full_name(struct fake_list *l, size_t i, const char *name, uint16_t length, uint16_t maximum)
{
    put_name(l, entry_bytes(l, i) + loader_entry_full_name_offset(l->p),
             NAME_ADDR + (2 * i) * NAME_STRIDE, name, length, maximum);
}

static void set_base_name(struct fake_list *l, size_t i, const char *name, uint16_t length, uint16_t maximum)
{
    put_name(l, entry_bytes(l, i) + loader_entry_full_name_offset(l->p) + 2 * l->p,
             NAME_ADDR + (2 * i + 1) * NAME_STRIDE, name, length, maximum);
}

static void set_flink(struct fake_list *l, size_t i, uint64_t link)
{
    put_ptr(entry_bytes(l, i), link, l->p);
}

/* A well-formed list of count entries: "C:\dir\mod<i>.dll" / "mod<i>.dll",
 * named ones only for the first 32 (names take regions). */
static void list_build(struct fake_list *l, unsigned int p, size_t count)
{
    memset(l, 0, sizeof(*l));
    l->p = p;
    l->count = count;
    l->peb = fake_map(&l->mem, PEB_ADDR, 4 * p + 0x40);
    l->ldr = fake_map(&l->mem, LDR_ADDR, 0x30);
    l->head = LDR_ADDR + loader_ldr_list_offset(p);
    put_ptr(l->peb + loader_peb_image_base_offset(p), IMAGE_BASE, p);
    put_ptr(l->peb + loader_peb_ldr_offset(p), LDR_ADDR, p);
    put_u32(l->ldr, 0x30);
    l->ldr[4] = 1;   /* Initialized */
    put_ptr(l->ldr + loader_ldr_list_offset(p), count ? entry_addr(l, 0) : l->head, p);
    put_ptr(l->ldr + loader_ldr_list_offset(p) + p, count ? entry_addr(l, count - 1) : l->head, p);
    if (!count) return;
    l->entries = fake_map(&l->mem, ENTRY_ADDR, count * loader_entry_size(p));
    for (size_t i = 0; i < count; i++)
    {
        unsigned char *e = entry_bytes(l, i);

        set_flink(l, i, i + 1 < count ? entry_addr(l, i + 1) : l->head);
        put_ptr(e + p, i ? entry_addr(l, i - 1) : l->head, p);
        put_ptr(e + loader_entry_base_offset(p), module_base(i), p);
        put_ptr(e + 7 * p, module_base(i) + 0x1234, p);
        put_u32(e + 8 * p, 0x5000 + (uint32_t)i * 0x1000);
        if (i < 32)
        {
            char full[64], base[32];

            snprintf(base, sizeof(base), "mod%u.dll", (unsigned int)i);
            snprintf(full, sizeof(full), "C:\\dir\\%s", base);
            set_full_name(l, i, full, (uint16_t)(2 * strlen(full)), (uint16_t)(2 * strlen(full) + 2));
            set_base_name(l, i, base, (uint16_t)(2 * strlen(base)), (uint16_t)(2 * strlen(base) + 2));
        }
    }
}

static int list_init(struct fake_list *l, struct loader_walk *walk)
{
    return loader_walk_init(walk, fake_read, &l->mem, l->p, PEB_ADDR);
}

/* Walks the whole list: what ended it and how many entries came before.
 * Never loops forever: the bound is the list's own. */
static int walk_all(struct loader_walk *walk, size_t *count)
{
    struct loader_module m;
    int ret;

    *count = 0;
    while ((ret = loader_walk_next(walk, &m)) == LOADER_OK)
    {
        (*count)++;
        ck_assert_uint_le(*count, LOADER_MAX_MODULES);
    }
    return ret;
}

static void assert_name(const struct loader_walk *walk, const struct loader_string *name, const char *expect)
{
    uint16_t buf[128], wide[128];
    size_t chars = 999;

    ck_assert_int_eq(loader_read_name(walk, name, buf, 128, &chars), LOADER_OK);
    ck_assert_uint_eq(chars, unit_widen(wide, expect));
    ck_assert_mem_eq(buf, wide, (chars + 1) * 2);
}

static void assert_base_name(const struct loader_walk *walk, const struct loader_module *m, const char *expect)
{
    uint16_t buf[512], wide[512];
    size_t chars = 999;

    ck_assert_int_eq(loader_read_base_name(walk, m, buf, 512, &chars), LOADER_OK);
    ck_assert_uint_eq(chars, unit_widen(wide, expect));
    ck_assert_mem_eq(buf, wide, (chars + 1) * 2);
}

/* ------------------------------------------------------------------ valid lists */

static void check_three(unsigned int p)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;

    list_build(&l, p, 3);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_uint_eq(walk.image_base, IMAGE_BASE);
    for (size_t i = 0; i < 3; i++)
    {
        char full[64], base[32];

        ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
        ck_assert_uint_eq(m.entry, entry_addr(&l, i));
        ck_assert_uint_eq(m.base, module_base(i));
        ck_assert_uint_eq(m.entry_point, module_base(i) + 0x1234);
        ck_assert_uint_eq(m.size_of_image, 0x5000 + i * 0x1000);
        snprintf(base, sizeof(base), "mod%u.dll", (unsigned int)i);
        snprintf(full, sizeof(full), "C:\\dir\\%s", base);
        assert_name(&walk, &m.full_name, full);
        assert_name(&walk, &m.base_name, base);
        assert_base_name(&walk, &m, base);
    }
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_END);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_END);
    fake_free(&l.mem);
}

START_TEST(test_three_modules_64) { check_three(8); }
END_TEST

START_TEST(test_three_modules_32) { check_three(4); }
END_TEST

START_TEST(test_layout_offsets)
{
    /* the documented x64 and x86 layouts */
    ck_assert_uint_eq(loader_peb_ldr_offset(8), 0x18);
    ck_assert_uint_eq(loader_peb_ldr_offset(4), 0x0c);
    ck_assert_uint_eq(loader_peb_image_base_offset(8), 0x10);
    ck_assert_uint_eq(loader_peb_image_base_offset(4), 0x08);
    ck_assert_uint_eq(loader_ldr_list_offset(8), 0x10);
    ck_assert_uint_eq(loader_ldr_list_offset(4), 0x0c);
    ck_assert_uint_eq(loader_entry_base_offset(8), 0x30);
    ck_assert_uint_eq(loader_entry_base_offset(4), 0x18);
    ck_assert_uint_eq(loader_entry_full_name_offset(8), 0x48);
    ck_assert_uint_eq(loader_entry_full_name_offset(4), 0x24);
    ck_assert_uint_eq(loader_entry_size(8), 0x68);
    ck_assert_uint_eq(loader_entry_size(4), 0x34);
}
END_TEST

START_TEST(test_empty_list)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;

    list_build(&l, 8, 0);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_END);
    ck_assert_int_eq(loader_find(&walk, IMAGE_BASE, &m), LOADER_END);
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_find)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;

    list_build(&l, 8, 5);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(loader_find(&walk, module_base(3), &m), LOADER_OK);
    ck_assert_uint_eq(m.entry, entry_addr(&l, 3));
    /* each find starts over */
    ck_assert_int_eq(loader_find(&walk, module_base(1), &m), LOADER_OK);
    ck_assert_uint_eq(m.entry, entry_addr(&l, 1));
    ck_assert_int_eq(loader_find(&walk, walk.image_base, &m), LOADER_OK);
    ck_assert_uint_eq(m.entry, entry_addr(&l, 0));
    ck_assert_int_eq(loader_find(&walk, module_base(1) + 1, &m), LOADER_END);
    ck_assert_int_eq(loader_find(&walk, 0, &m), LOADER_END);
    ck_assert_int_eq(loader_find(&walk, module_base(4), &m), LOADER_OK);
    fake_free(&l.mem);
}
END_TEST

/* ------------------------------------------------------------------ not ready, unreadable */

START_TEST(test_not_ready)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;

    /* PEB.Ldr NULL: a process whose loader has not run yet */
    list_build(&l, 8, 2);
    put_ptr(l.peb + loader_peb_ldr_offset(8), 0, 8);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_NOT_READY);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_NOT_READY);
    ck_assert_int_eq(loader_find(&walk, IMAGE_BASE, &m), LOADER_NOT_READY);
    fake_free(&l.mem);

    /* the list head not linked yet */
    list_build(&l, 4, 2);
    put_ptr(l.ldr + loader_ldr_list_offset(4), 0, 4);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_NOT_READY);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_NOT_READY);
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_unreadable_peb_and_ldr)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;

    list_build(&l, 8, 2);
    ck_assert_int_eq(loader_walk_init(&walk, fake_read, &l.mem, 8, 0x50000000), LOADER_UNREADABLE);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_UNREADABLE);
    ck_assert_int_eq(loader_find(&walk, IMAGE_BASE, &m), LOADER_UNREADABLE);
    ck_assert_int_eq(loader_walk_init(&walk, fake_read, &l.mem, 8, 0), LOADER_CORRUPT);
    ck_assert_int_eq(loader_walk_init(&walk, fake_read, &l.mem, 8, PEB_ADDR + 4), LOADER_CORRUPT);
    ck_assert_int_eq(loader_walk_init(&walk, fake_read, &l.mem, 6, PEB_ADDR), LOADER_CORRUPT);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_CORRUPT);
    /* a PEB right at the top of the address space: the read would wrap */
    ck_assert_int_eq(loader_walk_init(&walk, fake_read, &l.mem, 8, UINT64_MAX - 7), LOADER_UNREADABLE);

    /* Ldr points nowhere, or is misaligned */
    put_ptr(l.peb + loader_peb_ldr_offset(8), 0x60000000, 8);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_UNREADABLE);
    put_ptr(l.peb + loader_peb_ldr_offset(8), LDR_ADDR + 2, 8);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_CORRUPT);
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_unreadable_entry)
{
    struct fake_list l;
    struct loader_walk walk;
    size_t count;

    list_build(&l, 8, 4);
    set_flink(&l, 1, 0x70000000);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_UNREADABLE);
    ck_assert_uint_eq(count, 2);
    fake_free(&l.mem);

    /* an entry so close to the end of the address space that it wraps */
    list_build(&l, 8, 4);
    set_flink(&l, 0, UINT64_MAX - 15);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_UNREADABLE);
    ck_assert_uint_eq(count, 1);
    fake_free(&l.mem);

    /* the head's Flink itself points nowhere */
    list_build(&l, 4, 4);
    put_ptr(l.ldr + loader_ldr_list_offset(4), 0x70000000, 4);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_UNREADABLE);
    ck_assert_uint_eq(count, 0);
    fake_free(&l.mem);
}
END_TEST

/* ------------------------------------------------------------------ corrupt links */

/* Entry `from` links back to entry `to`: the walk must stop with
 * LOADER_CORRUPT after a number of steps bounded by the list's length. */
static void check_loop(unsigned int p, size_t count, size_t from, size_t to)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;
    size_t seen;

    list_build(&l, p, count);
    set_flink(&l, from, entry_addr(&l, to));
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    l.mem.reads = 0;
    ck_assert_int_eq(walk_all(&walk, &seen), LOADER_CORRUPT);
    ck_assert_uint_ge(seen, from + 1);
    ck_assert_uint_le(seen, 4 * (from + 1) + 4);
    ck_assert_uint_le(l.mem.reads, seen);   /* one read per entry, no more */
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_CORRUPT);
    ck_assert_int_eq(loader_find(&walk, 0x1234, &m), LOADER_CORRUPT);
    /* an entry before the loop is still found */
    ck_assert_int_eq(loader_find(&walk, module_base(0), &m), LOADER_OK);
    fake_free(&l.mem);
}

START_TEST(test_loops)
{
    check_loop(8, 1, 0, 0);      /* an entry linked to itself */
    check_loop(8, 3, 2, 0);      /* back to the first entry, not the head */
    check_loop(8, 10, 9, 5);     /* into the middle */
    check_loop(4, 10, 9, 8);
    check_loop(8, 40, 39, 1);
    check_loop(4, 2, 0, 0);      /* a self loop before the end */
}
END_TEST

START_TEST(test_bad_links)
{
    struct fake_list l;
    struct loader_walk walk;
    size_t count;

    /* NULL Flink in the middle */
    list_build(&l, 8, 4);
    set_flink(&l, 2, 0);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_CORRUPT);
    ck_assert_uint_eq(count, 3);
    fake_free(&l.mem);

    /* a misaligned Flink (into the middle of an entry) */
    list_build(&l, 4, 4);
    set_flink(&l, 0, entry_addr(&l, 1) + 2);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_CORRUPT);
    ck_assert_uint_eq(count, 1);
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_too_long)
{
    static struct fake_list l;
    struct loader_walk walk;
    size_t count;

    /* an acyclic list longer than any process has: refused, bounded */
    list_build(&l, 8, LOADER_MAX_MODULES + 1);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_CORRUPT);
    ck_assert_uint_eq(count, LOADER_MAX_MODULES);
    fake_free(&l.mem);

    list_build(&l, 4, LOADER_MAX_MODULES);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(walk_all(&walk, &count), LOADER_END);
    ck_assert_uint_eq(count, LOADER_MAX_MODULES);
    fake_free(&l.mem);
}
END_TEST

/* ------------------------------------------------------------------ names */

START_TEST(test_name_lengths)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;

    list_build(&l, 8, 6);
    set_full_name(&l, 0, "abcdef", 7, 8);        /* odd Length: 3 characters */
    set_full_name(&l, 1, "abcdefgh", 16, 6);     /* Length past MaximumLength: cut to 3 */
    set_full_name(&l, 2, "abcdef", 12, 0);       /* MaximumLength 0: empty */
    set_full_name(&l, 3, "abcdef", 1, 1);        /* half a character: empty */
    set_full_name(&l, 4, "abcdef", 0xffff, 0xffff); /* 32767 characters claimed, 6 there */
    set_full_name(&l, 5, "abcdef", 12, 12);      /* exactly its bytes, no NUL after them */
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);

    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_uint_eq(m.full_name.chars, 3);
    assert_name(&walk, &m.full_name, "abc");
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_uint_eq(m.full_name.chars, 3);
    assert_name(&walk, &m.full_name, "abc");
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_uint_eq(m.full_name.chars, 0);
    assert_name(&walk, &m.full_name, "");
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_uint_eq(m.full_name.chars, 0);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_uint_eq(m.full_name.chars, 0x7fff);
    {
        /* more than is mapped: unreadable, never a read past the region */
        static uint16_t big[0x8000];
        uint16_t small[4];
        size_t chars = 99;

        big[0] = 'x';
        ck_assert_int_eq(loader_read_name(&walk, &m.full_name, big, 0x8000, &chars), LOADER_UNREADABLE);
        ck_assert_uint_eq(chars, 0);
        ck_assert_uint_eq(big[0], 0);
        /* what fits the caller's buffer is all that is read */
        ck_assert_int_eq(loader_read_name(&walk, &m.full_name, small, 4, &chars), LOADER_OK);
        ck_assert_uint_eq(chars, 3);
        ck_assert_uint_eq(small[3], 0);
    }
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    assert_name(&walk, &m.full_name, "abcdef");
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_name_buffer)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;
    uint16_t buf[16];
    size_t chars;

    list_build(&l, 4, 3);
    set_full_name(&l, 0, "a\0b", 6, 8);
    /* NULL buffer: no name */
    put_ptr(entry_bytes(&l, 1) + loader_entry_full_name_offset(4) + 4, 0, 4);
    /* a buffer that points nowhere */
    put_ptr(entry_bytes(&l, 2) + loader_entry_full_name_offset(4) + 4, 0x66000000, 4);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);

    /* "a\0b": the NUL ends it (set_full_name maps strlen("a") chars, so
     * the buffer region is 2 bytes: the read of 3 characters fails) */
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_int_eq(loader_read_name(&walk, &m.full_name, buf, 16, &chars), LOADER_UNREADABLE);

    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_uint_eq(m.full_name.chars, 0);
    buf[0] = 'x';
    ck_assert_int_eq(loader_read_name(&walk, &m.full_name, buf, 16, &chars), LOADER_OK);
    ck_assert_uint_eq(chars, 0);
    ck_assert_uint_eq(buf[0], 0);

    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    buf[0] = 'x';
    ck_assert_int_eq(loader_read_name(&walk, &m.full_name, buf, 16, &chars), LOADER_UNREADABLE);
    ck_assert_uint_eq(chars, 0);
    ck_assert_uint_eq(buf[0], 0);
    ck_assert_int_eq(loader_read_base_name(&walk, &m, buf, 16, &chars), LOADER_OK);   /* its base name is fine */
    assert_name(&walk, &m.base_name, "mod2.dll");
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_name_embedded_nul)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;
    uint16_t buf[16];
    unsigned char *chars;
    size_t len;

    list_build(&l, 8, 1);
    set_base_name(&l, 0, "abcdef", 12, 14);
    chars = last_mapped;
    put_u16(chars + 4, 0);   /* "ab\0def" */
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    ck_assert_int_eq(loader_read_name(&walk, &m.base_name, buf, 16, &len), LOADER_OK);
    ck_assert_uint_eq(len, 2);
    ck_assert_uint_eq(buf[2], 0);
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_name_truncation)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;
    uint16_t buf[16];
    size_t chars;

    list_build(&l, 8, 1);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);   /* "mod0.dll" */
    for (size_t size = 1; size <= 10; size++)
    {
        size_t expect = size - 1 < 8 ? size - 1 : 8;

        for (size_t i = 0; i < 16; i++) buf[i] = 0xcccc;
        ck_assert_int_eq(loader_read_name(&walk, &m.base_name, buf, size, &chars), LOADER_OK);
        ck_assert_uint_eq(chars, expect);
        ck_assert_uint_eq(buf[expect], 0);
        for (size_t i = size; i < 16; i++) ck_assert_uint_eq(buf[i], 0xcccc);
    }
    /* no room at all: nothing written */
    buf[0] = 0xcccc;
    chars = 99;
    ck_assert_int_eq(loader_read_name(&walk, &m.base_name, buf, 0, &chars), LOADER_OK);
    ck_assert_uint_eq(chars, 0);
    ck_assert_uint_eq(buf[0], 0xcccc);
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_base_name_fallback)
{
    static const char *const paths[][2] =
    {
        { "C:\\windows\\system32\\kernel32.dll", "kernel32.dll" },
        { "C:\\dir/sub/x.dll", "x.dll" },
        { "plain.dll", "plain.dll" },
        { "C:\\dir\\", "" },
        { "", "" },
    };
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;
    char longpath[400];

    list_build(&l, 8, 7);
    for (size_t i = 0; i < 5; i++)
    {
        set_full_name(&l, i, paths[i][0], (uint16_t)(2 * strlen(paths[i][0])), (uint16_t)(2 * strlen(paths[i][0])));
        set_base_name(&l, i, "", 0, 0);
    }
    /* longer than one chunk of the scan, the last separator past it */
    memset(longpath, 'd', sizeof(longpath));
    longpath[0] = 'C'; longpath[1] = ':'; longpath[2] = '\\';
    longpath[130] = '\\';
    longpath[300] = '\\';
    strcpy(longpath + 301, "long.dll");
    set_full_name(&l, 5, longpath, (uint16_t)(2 * strlen(longpath)), (uint16_t)(2 * strlen(longpath)));
    set_base_name(&l, 5, "", 0, 2);
    /* full name unreadable and no base name */
    put_ptr(entry_bytes(&l, 6) + loader_entry_full_name_offset(8) + 8, 0x66000000, 8);
    put_u16(entry_bytes(&l, 6) + loader_entry_full_name_offset(8) + 16, 0);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);

    for (size_t i = 0; i < 5; i++)
    {
        ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
        assert_base_name(&walk, &m, paths[i][1]);
    }
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    assert_base_name(&walk, &m, "long.dll");
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    {
        uint16_t buf[8];
        size_t chars = 5;

        buf[0] = 'x';
        ck_assert_int_eq(loader_read_base_name(&walk, &m, buf, 8, &chars), LOADER_UNREADABLE);
        ck_assert_uint_eq(chars, 0);
        ck_assert_uint_eq(buf[0], 0);
    }
    fake_free(&l.mem);
}
END_TEST

START_TEST(test_base_name_fallback_nul)
{
    struct fake_list l;
    struct loader_walk walk;
    struct loader_module m;
    unsigned char *chars;

    /* "C:\a\b.dll" with a NUL after "C:\a\b": the name ends there, and a
     * separator after the NUL does not count */
    list_build(&l, 4, 1);
    set_full_name(&l, 0, "C:\\a\\bc\\d.dll", 26, 26);
    chars = last_mapped;
    put_u16(chars + 2 * 6, 0);
    set_base_name(&l, 0, "", 0, 0);
    ck_assert_int_eq(list_init(&l, &walk), LOADER_OK);
    ck_assert_int_eq(loader_walk_next(&walk, &m), LOADER_OK);
    assert_base_name(&walk, &m, "b");
    fake_free(&l.mem);
}
END_TEST

Suite *loader_suite(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("loader");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_layout_offsets);
    tcase_add_test(tc, test_three_modules_64);
    tcase_add_test(tc, test_three_modules_32);
    tcase_add_test(tc, test_empty_list);
    tcase_add_test(tc, test_find);
    tcase_add_test(tc, test_not_ready);
    tcase_add_test(tc, test_unreadable_peb_and_ldr);
    tcase_add_test(tc, test_unreadable_entry);
    tcase_add_test(tc, test_loops);
    tcase_add_test(tc, test_bad_links);
    tcase_add_test(tc, test_too_long);
    tcase_add_test(tc, test_name_lengths);
    tcase_add_test(tc, test_name_buffer);
    tcase_add_test(tc, test_name_embedded_nul);
    tcase_add_test(tc, test_name_truncation);
    tcase_add_test(tc, test_base_name_fallback);
    tcase_add_test(tc, test_base_name_fallback_nul);
    suite_add_tcase(s, tc);
    return s;
}
