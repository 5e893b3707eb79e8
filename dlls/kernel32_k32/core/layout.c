/*
 * OS-free layout of a Toolhelp32 snapshot (see layout.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/layout.h"
#include "core/text.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const uint32_t th32_entry_sizes[TH32_LIST_COUNT] =
{
    sizeof(struct th32_process),
    sizeof(struct th32_thread),
    sizeof(struct th32_module),
    sizeof(struct th32_heaplist),
};

#define TH32_ALIGN 8u

static uint64_t align_up(uint64_t value)
{
    return (value + TH32_ALIGN - 1) & ~(uint64_t)(TH32_ALIGN - 1);
}

size_t th32_layout_size(const uint32_t counts[TH32_LIST_COUNT])
{
    uint64_t total = align_up(sizeof(struct th32_header));

    for (int i = 0; i < TH32_LIST_COUNT; i++)
        total = align_up(total + (uint64_t)counts[i] * th32_entry_sizes[i]);
    return total > UINT32_MAX ? 0 : (size_t)total;
}

void th32_layout_init(void *mem, const uint32_t counts[TH32_LIST_COUNT], uint32_t flags, uint32_t pid)
{
    struct th32_header *header = mem;
    uint32_t offset = (uint32_t)align_up(sizeof(*header));

    memset(header, 0, sizeof(*header));
    header->magic = TH32_MAGIC;
    header->version = TH32_VERSION;
    header->flags = flags;
    header->pid = pid;
    for (int i = 0; i < TH32_LIST_COUNT; i++)
    {
        header->tables[i].offset = offset;
        header->tables[i].count = counts[i];
        header->tables[i].entry_size = th32_entry_sizes[i];
        offset = (uint32_t)align_up(offset + (uint64_t)counts[i] * th32_entry_sizes[i]);
    }
    header->size = offset;
}

void *th32_layout_entry(void *mem, enum th32_list list, uint32_t index)
{
    const struct th32_table *table = &((struct th32_header *)mem)->tables[list];
    return (unsigned char *)mem + table->offset + (size_t)index * table->entry_size;
}

/* The base name of the record's image name into a MAX_PATH field. The last
 * separator is searched in the whole name, a window at a time: in a long
 * path it lies past any prefix the field could hold. */
static void copy_exe_name(uint16_t *dst, const struct sysproc_entry *entry)
{
    struct sysproc_entry rest = *entry;
    uint16_t window[TH32_NAME_CHARS];
    size_t start = 0, chars, base_chars;

    for (size_t pos = 0; pos < entry->name_chars; pos += chars)
    {
        rest.name_bytes = entry->name_bytes + pos * sizeof(uint16_t);
        rest.name_chars = entry->name_chars - pos;
        chars = sysproc_name(&rest, window, ARRAY_SIZE(window));
        text_base_name_w(window, chars, &base_chars);
        if (base_chars < chars) start = pos + chars - base_chars;
    }
    rest.name_bytes = entry->name_bytes ? entry->name_bytes + start * sizeof(uint16_t) : NULL;
    rest.name_chars = entry->name_chars - start;
    chars = sysproc_name(&rest, window, ARRAY_SIZE(window));
    text_copy_w(dst, TH32_NAME_CHARS, window, chars);
}

int th32_layout_fill_processes(void *mem, const void *buf, size_t size, uintptr_t base,
                               int priority_is_class)
{
    const struct th32_header *header = mem;
    uint32_t nproc = header->tables[TH32_LIST_PROCESS].count;
    uint32_t nthread = header->tables[TH32_LIST_THREAD].count;
    uint32_t iproc = 0, ithread = 0;
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    int ret;

    sysproc_walk_init(&walk, buf, size, base);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
    {
        const struct nt_process_record *rec = entry.process;
        uint32_t pid = (uint32_t)rec->unique_process_id;

        if (nproc)
        {
            struct th32_process *out;

            if (iproc >= nproc) return CORE_CORRUPT;
            out = th32_layout_entry(mem, TH32_LIST_PROCESS, iproc++);
            out->pid = pid;
            out->parent_pid = (uint32_t)rec->inherited_from_unique_process_id;
            out->threads = rec->number_of_threads;
            out->base_priority = priority_is_class ? nt_class_base_priority(rec->base_priority)
                                                   : rec->base_priority;
            copy_exe_name(out->exe_file, &entry);
        }
        if (nthread)
        {
            for (uint32_t i = 0; i < rec->number_of_threads; i++)
            {
                struct nt_thread_record thread;
                struct th32_thread *out;

                if (ithread >= nthread) return CORE_CORRUPT;
                sysproc_thread(&entry, i, &thread);
                out = th32_layout_entry(mem, TH32_LIST_THREAD, ithread++);
                out->tid = (uint32_t)thread.client_thread;
                out->owner_pid = pid;
                out->base_priority = thread.base_priority;
                out->delta_priority = 0;
            }
        }
    }
    if (ret != CORE_END) return ret;
    return (nproc && iproc != nproc) || (nthread && ithread != nthread) ? CORE_CORRUPT : CORE_OK;
}

int th32_header_check(const struct th32_header *header)
{
    if (header->magic != TH32_MAGIC || header->version != TH32_VERSION) return CORE_CORRUPT;
    for (int i = 0; i < TH32_LIST_COUNT; i++)
    {
        const struct th32_table *table = &header->tables[i];
        uint64_t end = (uint64_t)table->offset + (uint64_t)table->count * table->entry_size;

        if (table->entry_size != th32_entry_sizes[i]) return CORE_CORRUPT;
        if (table->offset % TH32_ALIGN || table->offset < sizeof(*header) || end > header->size)
            return CORE_CORRUPT;
    }
    return CORE_OK;
}

int th32_header_step(struct th32_header *header, enum th32_list list, int first, uint32_t *offset)
{
    struct th32_table *table = &header->tables[list];
    uint32_t index = first ? 0 : table->cursor;

    /* another holder of the snapshot may have written any cursor */
    if (index >= table->count)
    {
        table->cursor = table->count;
        return CORE_END;
    }
    table->cursor = index + 1;
    *offset = table->offset + index * table->entry_size;
    return CORE_OK;
}
