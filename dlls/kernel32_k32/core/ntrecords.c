/*
 * OS-free readers of NT records (see ntrecords.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/ntrecords.h"

void sysproc_walk_init(struct sysproc_walk *walk, const void *buf, size_t size, uintptr_t base)
{
    walk->buf = buf;
    walk->size = buf ? size : 0;
    walk->base = base;
    walk->offset = 0;
    walk->done = !buf || !size;
}

/* The name must lie inside the buffer: NT points it at the record's tail. */
static int read_name(const struct sysproc_walk *walk, const struct nt_unicode_string *name,
                     struct sysproc_entry *entry)
{
    uintptr_t start;

    entry->name_bytes = NULL;
    entry->name_chars = 0;
    if (!name->length) return CORE_OK;
    if (!name->buffer || (name->length & 1)) return CORE_CORRUPT;
    if (name->buffer < walk->base) return CORE_CORRUPT;
    start = name->buffer - walk->base;
    if (start > walk->size || name->length > walk->size - start) return CORE_CORRUPT;
    entry->name_bytes = walk->buf + start;
    entry->name_chars = name->length / sizeof(uint16_t);
    return CORE_OK;
}

int sysproc_walk_next(struct sysproc_walk *walk, struct sysproc_entry *entry)
{
    const struct nt_process_record *rec;
    size_t avail, body;

    if (walk->done) return CORE_END;
    avail = walk->size - walk->offset;
    if (avail < sizeof(*rec)) return CORE_CORRUPT;
    memcpy(&walk->record, walk->buf + walk->offset, sizeof(walk->record));
    rec = &walk->record;

    /* the thread array follows the record and must fit in the buffer */
    if (rec->number_of_threads > (avail - sizeof(*rec)) / sizeof(struct nt_thread_record))
        return CORE_CORRUPT;
    body = sizeof(*rec) + (size_t)rec->number_of_threads * sizeof(struct nt_thread_record);
    if (read_name(walk, &rec->image_name, entry) != CORE_OK) return CORE_CORRUPT;

    /* offsets only go forward, past this record's threads: no loop, no overlap */
    if (rec->next_entry_offset)
    {
        if (rec->next_entry_offset < body || rec->next_entry_offset >= avail) return CORE_CORRUPT;
    }
    else walk->done = 1;

    entry->process = rec;
    entry->thread_bytes = walk->buf + walk->offset + sizeof(*rec);
    if (rec->next_entry_offset) walk->offset += rec->next_entry_offset;
    return CORE_OK;
}

void sysproc_thread(const struct sysproc_entry *entry, uint32_t index, struct nt_thread_record *thread)
{
    memcpy(thread, entry->thread_bytes + (size_t)index * sizeof(*thread), sizeof(*thread));
}

size_t sysproc_name(const struct sysproc_entry *entry, uint16_t *dst, size_t dst_chars)
{
    size_t chars = entry->name_chars < dst_chars ? entry->name_chars : dst_chars;

    if (chars) memcpy(dst, entry->name_bytes, chars * sizeof(uint16_t));
    return chars;
}

int sysproc_count(const void *buf, size_t size, uintptr_t base, uint32_t *processes, uint32_t *threads)
{
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint32_t nproc = 0, nthread = 0;
    int ret;

    sysproc_walk_init(&walk, buf, size, base);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
    {
        nproc++;
        nthread += entry.process->number_of_threads;
    }
    if (ret != CORE_END) return ret;
    *processes = nproc;
    *threads = nthread;
    return CORE_OK;
}

int sysproc_pids(const void *buf, size_t size, uintptr_t base, uint32_t *ids, size_t max_ids,
                 size_t *count)
{
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    size_t n = 0;
    int ret;

    sysproc_walk_init(&walk, buf, size, base);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
        if (n < max_ids) ids[n++] = (uint32_t)entry.process->unique_process_id;
    if (ret != CORE_END) return ret;
    *count = n;
    return CORE_OK;
}

int sysproc_find(const void *buf, size_t size, uintptr_t base, uint32_t pid, struct nt_process_record *record)
{
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    int ret;

    sysproc_walk_init(&walk, buf, size, base);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
    {
        if ((uint32_t)entry.process->unique_process_id != pid) continue;
        *record = *entry.process;
        return CORE_OK;
    }
    return ret;
}

int32_t nt_class_base_priority(int32_t priority_class)
{
    /* idle, normal, high, realtime, below normal, above normal */
    static const int32_t base[] = { 4, 8, 13, 24, 6, 10 };

    if (priority_class < 1 || priority_class > 6) return priority_class;
    return base[priority_class - 1];
}
