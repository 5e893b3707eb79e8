/*
 * OS-free readers of system-wide NT records (see sysinfo.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/sysinfo.h"

#if UINTPTR_MAX > 0xffffffffu
_Static_assert(sizeof(struct nt_module_record) == 296, "RTL_PROCESS_MODULE_INFORMATION x64");
_Static_assert(sizeof(struct nt_pagefile_record) == 32, "SYSTEM_PAGEFILE_INFORMATION x64");
_Static_assert(sizeof(struct perf_layout) == 104, "PERFORMANCE_INFORMATION x64");
#else
_Static_assert(sizeof(struct nt_module_record) == 284, "RTL_PROCESS_MODULE_INFORMATION x86");
_Static_assert(sizeof(struct nt_pagefile_record) == 24, "SYSTEM_PAGEFILE_INFORMATION x86");
_Static_assert(sizeof(struct perf_layout) == 56, "PERFORMANCE_INFORMATION x86");
#endif

/* ------------------------------------------------------------------ drivers */

int sysmod_count(const void *buf, size_t size, size_t *count)
{
    uint32_t n;

    *count = 0;
    if (!buf || size < sizeof(n)) return CORE_CORRUPT;
    memcpy(&n, buf, sizeof(n));
    if (!n)
    {
        *count = 0;     /* an empty list may stop after its count */
        return CORE_OK;
    }
    if (size < NT_MODULES_HEADER || (size - NT_MODULES_HEADER) / sizeof(struct nt_module_record) < n)
        return CORE_CORRUPT;
    *count = n;
    return CORE_OK;
}

void sysmod_record(const void *buf, size_t index, struct nt_module_record *record)
{
    memcpy(record, (const unsigned char *)buf + NT_MODULES_HEADER + index * sizeof(*record),
           sizeof(*record));
}

int sysmod_find(const void *buf, size_t size, uintptr_t base, struct nt_module_record *record)
{
    size_t count;
    int ret;

    if ((ret = sysmod_count(buf, size, &count)) != CORE_OK) return ret;
    for (size_t i = 0; i < count; i++)
    {
        sysmod_record(buf, i, record);
        if (record->image_base == base) return CORE_OK;
    }
    return CORE_END;
}

void sysmod_path(const struct nt_module_record *record, size_t *len, size_t *name_offset)
{
    const uint8_t *path = record->full_path_name;
    const uint8_t *nul = memchr(path, 0, sizeof(record->full_path_name));

    *len = nul ? (size_t)(nul - path) : sizeof(record->full_path_name);
    if (record->offset_to_file_name < *len
        && (!record->offset_to_file_name || path[record->offset_to_file_name - 1] == '\\'))
    {
        *name_offset = record->offset_to_file_name;
        return;
    }
    /* an offset that does not start a component: the part after the last backslash */
    *name_offset = 0;
    for (size_t i = 0; i < *len; i++)
        if (path[i] == '\\') *name_offset = i + 1;
}

/* ------------------------------------------------------------------ page files */

void pagefile_walk_init(struct pagefile_walk *walk, const void *buf, size_t size, uintptr_t base)
{
    memset(walk, 0, sizeof(*walk));
    walk->buf = buf;
    walk->size = buf ? size : 0;
    walk->base = base;
    walk->done = !walk->size;
}

int pagefile_walk_next(struct pagefile_walk *walk, struct nt_pagefile_record *record,
                       const void **name, size_t *name_bytes)
{
    uintptr_t start;

    *name = NULL;
    *name_bytes = 0;
    if (walk->done) return CORE_END;
    if (walk->offset > walk->size || walk->size - walk->offset < sizeof(*record))
    {
        walk->done = 1;
        return CORE_CORRUPT;
    }
    memcpy(record, walk->buf + walk->offset, sizeof(*record));
    if (record->file_name.length)
    {
        /* the name must lie inside the buffer, which sits at walk->base */
        start = record->file_name.buffer - walk->base;
        if (record->file_name.buffer < walk->base || start > walk->size
            || walk->size - start < record->file_name.length || record->file_name.length % 2)
        {
            walk->done = 1;
            return CORE_CORRUPT;
        }
        *name = walk->buf + start;
        *name_bytes = record->file_name.length;
    }
    if (!record->next_entry_offset) walk->done = 1;
    else if (record->next_entry_offset < sizeof(*record)
             || record->next_entry_offset > walk->size - walk->offset)
    {
        /* moving backwards or out of the buffer: never loop, never read past */
        walk->done = 1;
        return CORE_CORRUPT;
    }
    else walk->offset += record->next_entry_offset;
    return CORE_OK;
}

/* ------------------------------------------------------------------ performance */

static uint32_t read32(const void *buf, size_t offset)
{
    uint32_t value;

    memcpy(&value, (const unsigned char *)buf + offset, sizeof(value));
    return value;
}

int perf_from_nt(struct perf_layout *out, const void *basic, size_t basic_size,
                 const void *perf, size_t perf_size, const void *cache, size_t cache_size,
                 uint32_t processes, uint32_t threads, uint32_t handles)
{
    uintptr_t cached = 0;

    memset(out, 0, sizeof(*out));
    if (!basic || basic_size < NT_BASIC_PHYSICAL_PAGES + 4 || !perf || perf_size < NT_PERF_MIN_SIZE)
        return CORE_CORRUPT;
    out->cb = sizeof(*out);
    out->page_size = read32(basic, NT_BASIC_PAGE_SIZE);
    out->physical_total = read32(basic, NT_BASIC_PHYSICAL_PAGES);
    out->physical_available = read32(perf, NT_PERF_AVAILABLE_PAGES);
    out->commit_total = read32(perf, NT_PERF_COMMITTED_PAGES);
    out->commit_limit = read32(perf, NT_PERF_COMMIT_LIMIT);
    /* each value is the layer's, as the platform reports it, also where the
     * layer reports none (Wine's peak commitment is 0): never a figure
     * computed another way (observed on Windows: GetPerformanceInfo agrees
     * with SystemPerformanceInformation) */
    out->commit_peak = read32(perf, NT_PERF_PEAK_COMMITMENT);
    out->kernel_paged = read32(perf, NT_PERF_PAGED_POOL_PAGES);
    out->kernel_nonpaged = read32(perf, NT_PERF_NONPAGED_POOL_PAGES);
    out->kernel_total = out->kernel_paged + out->kernel_nonpaged;
    /* "the size of the standby list plus the system working set": the file
     * cache's pages with its transition (standby) pages when the layer tells
     * them, else the resident system cache */
    if (cache && cache_size >= NT_FILECACHE_TRANSITION_PAGES + sizeof(uintptr_t))
        memcpy(&cached, (const unsigned char *)cache + NT_FILECACHE_TRANSITION_PAGES, sizeof(cached));
    out->system_cache = cached ? cached : read32(perf, NT_PERF_SYSTEM_CACHE_PAGES);
    out->handle_count = handles;
    out->process_count = processes;
    out->thread_count = threads;
    return CORE_OK;
}
