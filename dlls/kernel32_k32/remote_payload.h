/*
 * The heap walk that runs inside another process (remote_payload.c): a
 * block of memory holding this header, a copy of the payload's code and the
 * result records. nt_remote.c writes it into the target, starts a thread at
 * its code and reads the records back. The payload calls nothing but the
 * kernel32 and ntdll exports whose addresses the header carries: both DLLs
 * lie at the same address in every process of one bitness.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_REMOTE_PAYLOAD_H
#define K32_REMOTE_PAYLOAD_H

#include "nt.h"

struct remote_block
{
    /* written by the caller */
    void     *work;             /* the payload's work function, in this block */
    void     *free_memory;      /* ntdll NtFreeVirtualMemory */
    void     *exit_thread;      /* kernel32 ExitThread */
    BOOL     (WINAPI *set_event)(HANDLE);
    DWORD    (WINAPI *wait_any)(DWORD, const HANDLE *, BOOL, DWORD);
    BOOL     (WINAPI *close_handle)(HANDLE);
    DWORD    (WINAPI *get_process_heaps)(DWORD, HANDLE *);
    HANDLE   (WINAPI *get_process_heap)(void);
    BOOL     (WINAPI *heap_lock)(HANDLE);
    BOOL     (WINAPI *heap_unlock)(HANDLE);
    BOOL     (WINAPI *heap_walk)(HANDLE, PROCESS_HEAP_ENTRY *);
    HANDLE   done;              /* event the payload sets when the records are there */
    HANDLE   release[2];        /* event the caller sets once it has read them; the caller process */
    DWORD    release_timeout;   /* ms the payload waits for either before it frees the block */
    ULONG64  argument;          /* 0: the heap list; else the heap whose blocks are wanted */
    ULONG    capacity;          /* records the block has room for */
    /* written by the payload */
    ULONG    total;             /* records found, also those that did not fit */
    NTSTATUS status;
    ULONG    records_offset;    /* from the start of the block: aligned records */
};

/* The payload's code, to be copied as it is: its entry point (the thread's
 * start routine, given the block) lies at offset 0. After the work it sets
 * done, waits for release, closes the handles of the block and frees the
 * block itself on its way out of the thread: the caller never frees memory
 * the thread may still use, however long the thread was held up. */
extern const BYTE k32_payload_start[], k32_payload_end[];
/* The work function's offset from k32_payload_start. */
SIZE_T k32_payload_work_offset(void);

#endif /* K32_REMOTE_PAYLOAD_H */
