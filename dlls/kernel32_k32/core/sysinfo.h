/*
 * OS-free readers of the system-wide NT records behind the PSAPI driver,
 * performance and page-file functions:
 *   - RTL_PROCESS_MODULES (NtQuerySystemInformation, SystemModuleInformation),
 *   - the SYSTEM_PAGEFILE_INFORMATION chain (SystemPageFileInformation),
 *   - SYSTEM_BASIC_INFORMATION, SYSTEM_PERFORMANCE_INFORMATION and
 *     SYSTEM_FILECACHE_INFORMATION, turned into PERFORMANCE_INFORMATION.
 *
 * The buffers come from another layer (or a fuzzer) and may be unaligned:
 * records are copied before they are read and every count, offset and
 * pointer is checked against the buffer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_SYSINFO_H
#define K32_CORE_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

#include "core/ntrecords.h"

/* ------------------------------------------------------------------ drivers */

/* RTL_PROCESS_MODULE_INFORMATION, with the pointer size of the compiling target. */
struct nt_module_record
{
    uintptr_t section;
    uintptr_t mapped_base;
    uintptr_t image_base;
    uint32_t  image_size;
    uint32_t  flags;
    uint16_t  load_order_index;
    uint16_t  init_order_index;
    uint16_t  load_count;
    uint16_t  offset_to_file_name;
    uint8_t   full_path_name[256];      /* ANSI, NUL-terminated when shorter */
};

/* RTL_PROCESS_MODULES: a ULONG count, then the records at pointer alignment. */
#define NT_MODULES_HEADER (sizeof(uintptr_t) > 4 ? 8u : 4u)

/* Validates the list in buf[0, size) and gives its record count. */
int sysmod_count(const void *buf, size_t size, size_t *count);

/* Copies record index (< count) out of a validated list. */
void sysmod_record(const void *buf, size_t index, struct nt_module_record *record);

/* Finds the record whose image_base is base: CORE_OK, CORE_END, CORE_CORRUPT. */
int sysmod_find(const void *buf, size_t size, uintptr_t base, struct nt_module_record *record);

/* The record's path: its length (to the first NUL, at most 256) and where its
 * file name starts (offset_to_file_name when it points inside the path, else
 * after the last backslash). */
void sysmod_path(const struct nt_module_record *record, size_t *len, size_t *name_offset);

/* ------------------------------------------------------------------ page files */

/* SYSTEM_PAGEFILE_INFORMATION, with the pointer size of the compiling target. */
struct nt_pagefile_record
{
    uint32_t next_entry_offset;
    uint32_t total_size;        /* pages */
    uint32_t total_in_use;
    uint32_t peak_usage;
    struct nt_unicode_string file_name;
};

struct pagefile_walk
{
    const unsigned char *buf;
    size_t    size;
    uintptr_t base;             /* the address the NT layer gave buf */
    size_t    offset;
    int       done;
};

void pagefile_walk_init(struct pagefile_walk *walk, const void *buf, size_t size, uintptr_t base);

/* CORE_OK with the record and its name (name_bytes bytes at name, inside the
 * buffer; NULL and 0 when the record has none), CORE_END, CORE_CORRUPT.
 * An empty buffer is an empty list. */
int pagefile_walk_next(struct pagefile_walk *walk, struct nt_pagefile_record *record,
                       const void **name, size_t *name_bytes);

/* ------------------------------------------------------------------ performance */

/* PERFORMANCE_INFORMATION, documented layout (psapi.h). */
struct perf_layout
{
    uint32_t  cb;
    uintptr_t commit_total;
    uintptr_t commit_limit;
    uintptr_t commit_peak;
    uintptr_t physical_total;
    uintptr_t physical_available;
    uintptr_t system_cache;
    uintptr_t kernel_total;
    uintptr_t kernel_paged;
    uintptr_t kernel_nonpaged;
    uintptr_t page_size;
    uint32_t  handle_count;
    uint32_t  process_count;
    uint32_t  thread_count;
};

/* Offsets in the NT records the values come from (winternl.h layouts). */
#define NT_BASIC_PAGE_SIZE          8       /* SYSTEM_BASIC_INFORMATION */
#define NT_BASIC_PHYSICAL_PAGES     12
#define NT_PERF_AVAILABLE_PAGES     44      /* SYSTEM_PERFORMANCE_INFORMATION */
#define NT_PERF_COMMITTED_PAGES     48
#define NT_PERF_COMMIT_LIMIT        52
#define NT_PERF_PEAK_COMMITMENT     56
#define NT_PERF_PAGED_POOL_PAGES    112
#define NT_PERF_NONPAGED_POOL_PAGES 116
#define NT_PERF_SYSTEM_CACHE_PAGES  164     /* ResidentSystemCachePage */
#define NT_PERF_MIN_SIZE            168
/* SYSTEM_FILECACHE_INFORMATION: CurrentSizeIncludingTransitionInPages */
#define NT_FILECACHE_TRANSITION_PAGES (5 * sizeof(uintptr_t))

/* Fills PERFORMANCE_INFORMATION from the NT records: CORE_CORRUPT when basic
 * or perf is too short to hold the values. cache may be NULL (size 0).
 * Process, thread and handle counts come from the process list. */
int perf_from_nt(struct perf_layout *out, const void *basic, size_t basic_size,
                 const void *perf, size_t perf_size, const void *cache, size_t cache_size,
                 uint32_t processes, uint32_t threads, uint32_t handles);

#endif /* K32_CORE_SYSINFO_H */
