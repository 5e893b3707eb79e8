/*
 * OS-free layout of a Toolhelp32 snapshot: what CreateToolhelp32Snapshot
 * writes into the snapshot's section and what the walk functions read back.
 *
 * A snapshot is a header followed by one table per list (processes, threads,
 * modules, heap lists) of fixed-size records. Each list keeps its own walk
 * cursor inside the header, so every handle to the same snapshot object --
 * duplicated, inherited, in another process -- shares the walk position.
 *
 * The header may come from another process: readers check it before
 * trusting any offset.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_LAYOUT_H
#define K32_CORE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/ntrecords.h"

#define TH32_MAGIC   0x32336854u   /* "Th32" */
#define TH32_VERSION 1u
#define TH32_NAME_CHARS 260        /* MAX_PATH */
#define TH32_MODULE_CHARS 256      /* MAX_MODULE_NAME32 + 1 */

enum th32_list
{
    TH32_LIST_PROCESS,
    TH32_LIST_THREAD,
    TH32_LIST_MODULE,
    TH32_LIST_HEAPLIST,
    TH32_LIST_COUNT
};

struct th32_process
{
    uint32_t pid;
    uint32_t parent_pid;
    uint32_t threads;
    int32_t  base_priority;
    uint16_t exe_file[TH32_NAME_CHARS];
};

struct th32_thread
{
    uint32_t tid;
    uint32_t owner_pid;
    int32_t  base_priority;
    int32_t  delta_priority;
};

struct th32_module
{
    uint64_t base;
    uint32_t size;
    uint32_t pid;
    uint16_t name[TH32_MODULE_CHARS];
    uint16_t path[TH32_NAME_CHARS];
};

struct th32_heaplist
{
    uint64_t heap_id;
    uint32_t pid;
    uint32_t flags;
};

struct th32_table
{
    uint32_t offset;        /* from the start of the snapshot */
    uint32_t count;
    uint32_t entry_size;
    uint32_t cursor;        /* next entry the walk returns */
};

struct th32_header
{
    uint32_t magic;
    uint32_t version;
    uint32_t size;          /* bytes in use, header included */
    uint32_t flags;         /* TH32CS_* the snapshot was taken with */
    uint32_t pid;           /* process of the module and heap lists */
    uint32_t reserved;
    struct th32_table tables[TH32_LIST_COUNT];
};

/* Record sizes, indexed by enum th32_list. */
extern const uint32_t th32_entry_sizes[TH32_LIST_COUNT];

/* Bytes a snapshot with these counts needs; 0 when it would overflow 4 GiB. */
size_t th32_layout_size(const uint32_t counts[TH32_LIST_COUNT]);

/* Writes the header and sizes the tables of a snapshot of th32_layout_size() bytes. */
void th32_layout_init(void *mem, const uint32_t counts[TH32_LIST_COUNT], uint32_t flags, uint32_t pid);

/* Address of record index of a list of an initialised snapshot. */
void *th32_layout_entry(void *mem, enum th32_list list, uint32_t index);

/* Fills the process and/or thread tables from a validated NT process chain
 * (the tables must be sized from sysproc_count on the same chain).
 * priority_is_class: the chain holds priority classes, not base priorities. */
int th32_layout_fill_processes(void *mem, const void *buf, size_t size, uintptr_t base,
                               int priority_is_class);

/* Checks a header read back from a snapshot object: it may come from
 * another process, so nothing in it is trusted before this passes. */
int th32_header_check(const struct th32_header *header);

/* The walk, on a checked copy of the header: first resets the list's cursor.
 * CORE_OK: *offset is where the entry lies in the snapshot and the copy's
 * cursor has moved past it (the caller writes it back to the object).
 * CORE_END: the list is exhausted (the cursor stays at its end). */
int th32_header_step(struct th32_header *header, enum th32_list list, int first, uint32_t *offset);

/* Offset of a list's cursor in the snapshot, for writing it back. */
#define TH32_CURSOR_OFFSET(list) \
    (offsetof(struct th32_header, tables) + (list) * sizeof(struct th32_table) + offsetof(struct th32_table, cursor))

#endif /* K32_CORE_LAYOUT_H */
