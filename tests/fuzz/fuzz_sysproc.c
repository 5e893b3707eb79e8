/*
 * libFuzzer target: SYSTEM_PROCESS_INFORMATION chains (core/ntrecords.c)
 * and the Toolhelp32 process and thread tables filled from them
 * (th32_layout_fill_processes in core/layout.c).
 *
 * The input is the chain. It is walked three times: in place with the
 * UNICODE_STRING base FUZZ_SYSPROC_BASE (so the seeds' names point inside),
 * from an unaligned copy (Wine packs its records) with the same base, and
 * in place with the base set to where the input really lies. Every buffer
 * the core reads or writes is a heap block of exactly its size, so
 * AddressSanitizer sees any access past it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "fuzz.h"
#include "core/layout.h"
#include "core/ntrecords.h"

static int inside(const unsigned char *buf, size_t size, const unsigned char *p, size_t len)
{
    uintptr_t b = (uintptr_t)buf, a = (uintptr_t)p;
    return a >= b && a - b <= size && len <= size - (a - b);
}

/* The walk on its own: every entry it returns lies inside the buffer. */
static int walk_chain(const unsigned char *buf, size_t size, uintptr_t base, uint32_t *nproc, uint64_t *nthread)
{
    struct sysproc_walk walk;
    struct sysproc_entry entry;
    uint16_t small[3];
    int ret;

    *nproc = 0;
    *nthread = 0;
    sysproc_walk_init(&walk, buf, size, base);
    while ((ret = sysproc_walk_next(&walk, &entry)) == CORE_OK)
    {
        uint32_t threads = entry.process->number_of_threads;
        size_t name_bytes = entry.name_chars * sizeof(uint16_t);

        FUZZ_ASSERT(*nproc < size / sizeof(struct nt_process_record) + 1);
        FUZZ_ASSERT(inside(buf, size, entry.thread_bytes - sizeof(struct nt_process_record),
                           sizeof(struct nt_process_record) + (size_t)threads * sizeof(struct nt_thread_record)));
        for (uint32_t i = 0; i < threads; i++)
        {
            struct nt_thread_record thread;
            sysproc_thread(&entry, i, &thread);
        }
        if (entry.name_bytes)
        {
            uint16_t *name = malloc(name_bytes ? name_bytes : 1);

            FUZZ_ASSERT(name);
            FUZZ_ASSERT(inside(buf, size, entry.name_bytes, name_bytes));
            FUZZ_ASSERT(sysproc_name(&entry, name, entry.name_chars) == entry.name_chars);
            free(name);
        }
        else FUZZ_ASSERT(!entry.name_chars);
        FUZZ_ASSERT(sysproc_name(&entry, small, 3) == (entry.name_chars < 3 ? entry.name_chars : 3));
        FUZZ_ASSERT(sysproc_name(&entry, NULL, 0) == 0);
        (*nproc)++;
        *nthread += threads;
    }
    FUZZ_ASSERT(ret == CORE_END || ret == CORE_CORRUPT);
    /* the end stays the end */
    if (ret == CORE_END) FUZZ_ASSERT(sysproc_walk_next(&walk, &entry) == CORE_END);
    return ret;
}

/* A snapshot sized from counts, filled from the chain: the fill's result. */
static int fill(const unsigned char *buf, size_t size, uintptr_t base, uint32_t nproc, uint32_t nthread,
                int priority_is_class, int check_tables)
{
    uint32_t counts[TH32_LIST_COUNT] = { nproc, nthread, 0, 0 };
    size_t bytes = th32_layout_size(counts);
    unsigned char *mem;
    int ret;

    FUZZ_ASSERT(bytes >= sizeof(struct th32_header));
    mem = malloc(bytes);
    FUZZ_ASSERT(mem);
    th32_layout_init(mem, counts, 0, 0);
    ret = th32_layout_fill_processes(mem, buf, size, base, priority_is_class);
    if (ret == CORE_OK && check_tables)
    {
        struct th32_header header;
        uint32_t offset;

        memcpy(&header, mem, sizeof(header));
        FUZZ_ASSERT(th32_header_check(&header) == CORE_OK);
        FUZZ_ASSERT(header.size <= bytes);
        for (uint32_t i = 0; i < nproc; i++)
        {
            struct th32_process process;

            FUZZ_ASSERT(th32_header_step(&header, TH32_LIST_PROCESS, !i, &offset) == CORE_OK);
            FUZZ_ASSERT(offset + sizeof(process) <= header.size);
            memcpy(&process, mem + offset, sizeof(process));
            /* the name is always terminated inside its field */
            {
                int terminated = 0;

                for (size_t c = 0; c < TH32_NAME_CHARS && !terminated; c++) terminated = !process.exe_file[c];
                FUZZ_ASSERT(terminated);
            }
        }
        FUZZ_ASSERT(th32_header_step(&header, TH32_LIST_PROCESS, !nproc, &offset) == CORE_END);
        for (uint32_t i = 0; i < nthread; i++)
        {
            FUZZ_ASSERT(th32_header_step(&header, TH32_LIST_THREAD, !i, &offset) == CORE_OK);
            FUZZ_ASSERT(offset + sizeof(struct th32_thread) <= header.size);
        }
    }
    free(mem);
    return ret;
}

static void run(const unsigned char *buf, size_t size, uintptr_t base, int priority_is_class)
{
    uint32_t nproc = 0, nthread = 0, walked;
    uint64_t walked_threads;
    int ret, walk_ret;
    size_t count, max_ids;
    uint32_t *ids;

    walk_ret = walk_chain(buf, size, base, &walked, &walked_threads);
    ret = sysproc_count(buf, size, base, &nproc, &nthread);
    FUZZ_ASSERT(ret == walk_ret || (ret == CORE_OK && walk_ret == CORE_END));
    if (ret != CORE_OK)
    {
        /* a corrupt chain never fills a snapshot, whatever its tables hold */
        FUZZ_ASSERT(fill(buf, size, base, 1, 1, priority_is_class, 0) == CORE_CORRUPT);
        FUZZ_ASSERT(sysproc_pids(buf, size, base, NULL, 0, &count) == CORE_CORRUPT);
        return;
    }
    FUZZ_ASSERT(nproc == walked && nthread == walked_threads);

    /* EnumProcesses: all the ids, then fewer than there are */
    for (max_ids = nproc; ; max_ids /= 2)
    {
        ids = malloc(max_ids ? max_ids * sizeof(*ids) : 1);
        FUZZ_ASSERT(ids);
        FUZZ_ASSERT(sysproc_pids(buf, size, base, ids, max_ids, &count) == CORE_OK);
        FUZZ_ASSERT(count == max_ids);
        if (count)
        {
            struct nt_process_record record;
            FUZZ_ASSERT(sysproc_find(buf, size, base, ids[count - 1], &record) == CORE_OK);
            FUZZ_ASSERT((uint32_t)record.unique_process_id == ids[count - 1]);
        }
        free(ids);
        if (!max_ids) break;
    }

    /* tables sized from the count fill; wrong sizes are refused */
    FUZZ_ASSERT(fill(buf, size, base, nproc, nthread, priority_is_class, 1) == CORE_OK);
    FUZZ_ASSERT(fill(buf, size, base, nproc, 0, priority_is_class, 1) == CORE_OK);
    FUZZ_ASSERT(fill(buf, size, base, 0, nthread, priority_is_class, 1) == CORE_OK);
    FUZZ_ASSERT(fill(buf, size, base, nproc + 1, nthread, priority_is_class, 0) == CORE_CORRUPT);
    FUZZ_ASSERT(fill(buf, size, base, nproc, nthread + 1, priority_is_class, 0) == CORE_CORRUPT);
    if (nproc > 1) FUZZ_ASSERT(fill(buf, size, base, nproc - 1, nthread, priority_is_class, 0) == CORE_CORRUPT);
    if (nthread > 1) FUZZ_ASSERT(fill(buf, size, base, nproc, nthread - 1, priority_is_class, 0) == CORE_CORRUPT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size + 1);

    FUZZ_ASSERT(copy);
    run(data, size, FUZZ_SYSPROC_BASE, 0);

    /* unaligned, as Wine packs the records */
    if (size) memcpy(copy + 1, data, size);
    run(copy + 1, size, FUZZ_SYSPROC_BASE, 1);
    free(copy);

    run(data, size, (uintptr_t)data, 0);
    return 0;
}
