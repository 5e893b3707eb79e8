/*
 * Host unit tests of the OS-free core: the suites and the helpers they share.
 *
 * The chain builder synthesises a SYSTEM_PROCESS_INFORMATION chain the way
 * NT lays it out (record, its thread array, its name, next record 8-aligned)
 * and then copies it into a heap block of exactly the chain's size, so that
 * AddressSanitizer reports any read of the core past the end of the buffer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_TESTS_UNIT_H
#define K32_TESTS_UNIT_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ntrecords.h"

Suite *ntrecords_suite(void);
Suite *layout_suite(void);
Suite *text_suite(void);
Suite *counters_suite(void);
Suite *workingset_suite(void);
Suite *loader_suite(void);
Suite *devpath_suite(void);
Suite *wow64path_suite(void);

/* A heap block of exactly size bytes (at least 1, so malloc(0) is not asked). */
static inline void *unit_alloc(size_t size, int fill)
{
    void *mem = malloc(size ? size : 1);

    ck_assert_ptr_nonnull(mem);
    memset(mem, fill, size ? size : 1);
    return mem;
}

/* Widens an ASCII literal into dst (NUL-terminated); returns the characters. */
static inline size_t unit_widen(uint16_t *dst, const char *src)
{
    size_t i;

    for (i = 0; src[i]; i++) dst[i] = (unsigned char)src[i];
    dst[i] = 0;
    return i;
}

/* Fills dst[0, chars) with a recognisable pattern of letters, NUL after it. */
static inline void unit_pattern(uint16_t *dst, size_t chars)
{
    for (size_t i = 0; i < chars; i++) dst[i] = (uint16_t)('a' + i % 26);
    dst[chars] = 0;
}

/* ------------------------------------------------------------------ chain builder */

#define CHAIN_MAX 256
#define CHAIN_ALIGN 8u
#define CHAIN_NO_NAME ((size_t)-1)

/* Records are written with memcpy: with pad set they are unaligned (as Wine
 * packs them), and the test must not make misaligned accesses of its own. */
struct chain
{
    unsigned char *buf;             /* the chain: exactly size bytes of heap */
    size_t size;
    size_t pad;                     /* bytes added after the alignment before each record */
    size_t count;                   /* process records */
    size_t offsets[CHAIN_MAX];      /* of each record in buf */
    size_t name_offsets[CHAIN_MAX]; /* of each name in buf, or CHAIN_NO_NAME */
};

/* What the builder puts in the records, so tests know what to expect. */
static inline uint32_t chain_tid(uint32_t pid, uint32_t index) { return pid * 1000 + index + 4; }
static inline int32_t chain_thread_priority(uint32_t index) { return (int32_t)(8 + index % 7); }
static inline int32_t chain_process_priority(uint32_t pid) { return (int32_t)(4 + pid % 9); }

static inline void chain_init(struct chain *c)
{
    memset(c, 0, sizeof(*c));
}

static inline size_t chain_align(size_t value)
{
    return (value + CHAIN_ALIGN - 1) & ~(size_t)(CHAIN_ALIGN - 1);
}

/* Absolute name addresses follow the block: the walker sees them relative to base. */
static inline void chain_set_names(struct chain *c, uintptr_t base)
{
    for (size_t i = 0; i < c->count; i++)
    {
        uintptr_t addr = base + c->name_offsets[i];

        if (c->name_offsets[i] == CHAIN_NO_NAME) continue;
        if (c->offsets[i] + sizeof(struct nt_process_record) > c->size) continue;   /* truncated away */
        memcpy(c->buf + c->offsets[i] + offsetof(struct nt_process_record, image_name.buffer),
               &addr, sizeof(addr));
    }
}

/* Moves the chain into a new exact-size block of size bytes (shorter truncates). */
static inline void chain_resize(struct chain *c, size_t size)
{
    unsigned char *buf = unit_alloc(size, 0);

    if (c->buf) memcpy(buf, c->buf, size < c->size ? size : c->size);
    free(c->buf);
    c->buf = buf;
    c->size = size;
    chain_set_names(c, (uintptr_t)c->buf);
}

/* Appends a process with threads thread records and name[0, name_chars)
 * (name NULL: no name) and links the previous record to it. */
static inline void chain_add(struct chain *c, uint32_t pid, uint32_t parent_pid, uint32_t threads,
                             const uint16_t *name, size_t name_chars)
{
    size_t i = c->count, offset = i ? chain_align(c->size) + c->pad : 0;
    size_t name_offset = offset + sizeof(struct nt_process_record)
                         + (size_t)threads * sizeof(struct nt_thread_record);
    size_t end = name_offset + (name ? (name_chars + 1) * sizeof(uint16_t) : 0);
    struct nt_process_record rec;
    struct nt_thread_record thr;

    ck_assert_uint_lt(i, CHAIN_MAX);
    ck_assert_uint_le(name_chars, 0x7fff);
    chain_resize(c, end);
    if (i)
    {
        uint32_t next = (uint32_t)(offset - c->offsets[i - 1]);
        memcpy(c->buf + c->offsets[i - 1] + offsetof(struct nt_process_record, next_entry_offset),
               &next, sizeof(next));
    }
    c->offsets[i] = offset;
    c->name_offsets[i] = name ? name_offset : CHAIN_NO_NAME;
    c->count++;

    memset(&rec, 0, sizeof(rec));
    rec.number_of_threads = threads;
    rec.base_priority = chain_process_priority(pid);
    rec.unique_process_id = pid;
    rec.inherited_from_unique_process_id = parent_pid;
    rec.handle_count = 10 + pid;
    if (name)
    {
        rec.image_name.length = (uint16_t)(name_chars * sizeof(uint16_t));
        rec.image_name.maximum_length = (uint16_t)((name_chars + 1) * sizeof(uint16_t));
        memcpy(c->buf + name_offset, name, name_chars * sizeof(uint16_t));
    }
    memcpy(c->buf + offset, &rec, sizeof(rec));
    chain_set_names(c, (uintptr_t)c->buf);

    for (uint32_t t = 0; t < threads; t++)
    {
        memset(&thr, 0, sizeof(thr));
        thr.client_process = pid;
        thr.client_thread = chain_tid(pid, t);
        thr.base_priority = chain_thread_priority(t);
        thr.priority = chain_thread_priority(t) + 1;
        memcpy(c->buf + offset + sizeof(rec) + (size_t)t * sizeof(thr), &thr, sizeof(thr));
    }
}

/* chain_add with an ASCII name (NULL: no name). */
static inline void chain_add_a(struct chain *c, uint32_t pid, uint32_t parent_pid, uint32_t threads,
                               const char *name)
{
    uint16_t wide[512];

    if (!name)
    {
        chain_add(c, pid, parent_pid, threads, NULL, 0);
        return;
    }
    ck_assert_uint_lt(strlen(name), 512);
    chain_add(c, pid, parent_pid, threads, wide, unit_widen(wide, name));
}

/* Record i of an aligned chain (pad 0), for tests that corrupt its fields;
 * valid until the next add or resize. */
static inline struct nt_process_record *chain_rec(const struct chain *c, size_t i)
{
    struct align { char c; struct nt_process_record rec; };     /* C99 for _Alignof */

    ck_assert_uint_eq(c->offsets[i] % offsetof(struct align, rec), 0);
    return (struct nt_process_record *)(c->buf + c->offsets[i]);
}

static inline uintptr_t chain_base(const struct chain *c)
{
    return (uintptr_t)c->buf;
}

static inline void chain_free(struct chain *c)
{
    free(c->buf);
    c->buf = NULL;
    c->size = c->count = 0;
}

#endif /* K32_TESTS_UNIT_H */
