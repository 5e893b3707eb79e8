/*
 * OS-free readers of the records NT returns: the SYSTEM_PROCESS_INFORMATION
 * chain of NtQuerySystemInformation(SystemProcessInformation).
 *
 * The buffers come from another layer (or from a fuzzer): every offset,
 * count and pointer in them is checked before it is followed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_NTRECORDS_H
#define K32_CORE_NTRECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/counters.h"

/* UNICODE_STRING with the pointer size of the compiling target. */
struct nt_unicode_string
{
    uint16_t  length;           /* bytes, without the terminating NUL */
    uint16_t  maximum_length;
    uintptr_t buffer;           /* address in the caller's address space */
};

/* SYSTEM_PROCESS_INFORMATION, documented layout (winternl.h, NtQuerySystemInformation). */
struct nt_process_record
{
    uint32_t next_entry_offset;
    uint32_t number_of_threads;
    int64_t  working_set_private_size;
    uint32_t hard_fault_count;
    uint32_t number_of_threads_high_watermark;
    uint64_t cycle_time;
    int64_t  create_time;
    int64_t  user_time;
    int64_t  kernel_time;
    struct nt_unicode_string image_name;
    int32_t  base_priority;
    uintptr_t unique_process_id;
    uintptr_t inherited_from_unique_process_id;
    uint32_t handle_count;
    uint32_t session_id;
    uintptr_t unique_process_key;
    uintptr_t peak_virtual_size;
    uintptr_t virtual_size;
    uint32_t page_fault_count;
    struct vm_usage usage;
    uintptr_t private_page_count;
    int64_t  io_counters[6];
};

/* SYSTEM_THREAD_INFORMATION, the array that follows each process record. */
struct nt_thread_record
{
    int64_t  kernel_time;
    int64_t  user_time;
    int64_t  create_time;
    uint32_t wait_time;
    uintptr_t start_address;
    uintptr_t client_process;   /* CLIENT_ID.UniqueProcess */
    uintptr_t client_thread;    /* CLIENT_ID.UniqueThread */
    int32_t  priority;
    int32_t  base_priority;
    uint32_t context_switches;
    uint32_t thread_state;
    uint32_t wait_reason;
};

#if UINTPTR_MAX > 0xffffffffu
_Static_assert(sizeof(struct nt_process_record) == 256, "SYSTEM_PROCESS_INFORMATION x64");
_Static_assert(sizeof(struct nt_thread_record) == 80, "SYSTEM_THREAD_INFORMATION x64");
_Static_assert(offsetof(struct nt_process_record, usage) == 136, "PeakWorkingSetSize x64");
#else
_Static_assert(sizeof(struct nt_process_record) == 184, "SYSTEM_PROCESS_INFORMATION x86");
_Static_assert(sizeof(struct nt_thread_record) == 64, "SYSTEM_THREAD_INFORMATION x86");
_Static_assert(offsetof(struct nt_process_record, usage) == 100, "PeakWorkingSetSize x86");
#endif

/* One validated process record of a chain. Records need not be aligned
 * (Wine packs them), so the fixed part is copied and the rest is read
 * through the accessors below. */
struct sysproc_entry
{
    const struct nt_process_record *process;    /* aligned copy, valid until the next step */
    const unsigned char *thread_bytes;          /* number_of_threads records */
    const unsigned char *name_bytes;            /* NULL when the record has no name */
    size_t               name_chars;
};

/* Thread record index (< number_of_threads) of a validated entry. */
void sysproc_thread(const struct sysproc_entry *entry, uint32_t index, struct nt_thread_record *thread);

/* Copies the image name into dst[0, dst_chars) without terminating it;
 * returns the characters copied. */
size_t sysproc_name(const struct sysproc_entry *entry, uint16_t *dst, size_t dst_chars);

/* Walks a SYSTEM_PROCESS_INFORMATION chain held in buf[0, size).
 * base is the address the NT layer gave the buffer (UNICODE_STRING buffers
 * point into it); it may differ from buf when the chain was copied. */
struct sysproc_walk
{
    const unsigned char *buf;
    size_t    size;
    uintptr_t base;
    size_t    offset;
    int       done;
    struct nt_process_record record;    /* the current record, aligned */
};

enum core_result
{
    CORE_OK = 0,
    CORE_END = 1,        /* no more records */
    CORE_CORRUPT = -1,   /* the data breaks the documented layout */
};

void sysproc_walk_init(struct sysproc_walk *walk, const void *buf, size_t size, uintptr_t base);
/* CORE_OK with *entry filled, CORE_END after the last record, CORE_CORRUPT. */
int sysproc_walk_next(struct sysproc_walk *walk, struct sysproc_entry *entry);
/* Validates the whole chain and counts its processes and threads. */
int sysproc_count(const void *buf, size_t size, uintptr_t base, uint32_t *processes, uint32_t *threads);

/* Copies the process ids of a chain into ids[0, max_ids); *count gets how many
 * were written (the chain is validated whole, even past what fits). */
int sysproc_pids(const void *buf, size_t size, uintptr_t base, uint32_t *ids, size_t max_ids,
                 size_t *count);

/* Finds the record of pid; CORE_END when it is not in the chain. */
int sysproc_find(const void *buf, size_t size, uintptr_t base, uint32_t pid, struct nt_process_record *record);

/* Some NT layers (Wine) report a process's priority class (PROCESS_PRIOCLASS_*,
 * 1 to 6) where NT documents its base priority; this maps a class to the
 * base priority of its threads (the "Scheduling Priorities" page). */
int32_t nt_class_base_priority(int32_t priority_class);

#endif /* K32_CORE_NTRECORDS_H */
