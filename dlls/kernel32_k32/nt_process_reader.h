/*
 * Reading a process for the module functions: opening it (the calling
 * process in place, under its loader lock; another one through its handle),
 * its PEBs (the 32-bit one of a WOW64 process included) and its memory.
 * Shared by the loader-list walk (nt_loader_list.c) and its consumers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_NT_PROCESS_READER_H
#define K32_NT_PROCESS_READER_H

#include "nt.h"
#include "core/loader.h"

#define NATIVE_PTR_SIZE ((unsigned int)sizeof(void *))
#define READER_PAGE     0x1000u
#define READER_PAGES    8

struct reader
{
    HANDLE   process;         /* read with NtReadVirtualMemory; NULL: the calling process */
    NTSTATUS status;          /* of the last read that failed */
    /* another process: pages read so far */
    unsigned char *pages;     /* READER_PAGES pages, from the heap */
    uint64_t page_addr[READER_PAGES];
    unsigned int page_count, page_next;
};

struct target
{
    struct reader reader;
    uint64_t  peb;            /* in the caller's own layout */
    uint64_t  peb32;          /* 64-bit caller: the WOW64 PEB of a 32-bit process */
    BOOL      peb32_known;
    BOOL      list_reached;   /* a walk found the list: later failures are half-way */
    BOOL      locked;
    ULONG_PTR cookie;
};

/* The loader_read_fn of both kinds of process (ctx: a struct reader). */
int reader_read(void *ctx, uint64_t address, void *buffer, size_t size);
/* Forgets the pages read so far: the next reads see the process as it is now. */
void reader_forget(struct reader *r);

/* Opens process (GetCurrentProcess() or any handle) for reading; a 32-bit
 * caller under WOW64 naming a 64-bit process gets STATUS_PARTIAL_COPY.
 * target_close ends it, also after a failed open. */
NTSTATUS target_open(struct target *t, HANDLE process);
void target_close(struct target *t);
/* 64-bit caller: the 32-bit PEB of a WOW64 process, 0 for any other. */
uint64_t target_peb32(struct target *t);

#endif /* K32_NT_PROCESS_READER_H */
