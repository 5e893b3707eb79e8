/*
 * libFuzzer targets of the OS-free core: what they share (input formats,
 * which gen_seeds.c writes too, and the check that ends a run on a broken
 * invariant).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_TESTS_FUZZ_H
#define K32_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant is a finding: abort, and libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond) \
    do { if (!(cond)) { fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); abort(); } } while (0)

/* fuzz_sysproc: the input is a SYSTEM_PROCESS_INFORMATION chain. Its
 * UNICODE_STRING buffers are addresses in a space where the chain lies at
 * FUZZ_SYSPROC_BASE (the harness also walks it with the base set to where
 * the input really lies). */
#define FUZZ_SYSPROC_BASE ((uintptr_t)0x10000)

/* fuzz_loader: a header, then the bytes of a fake address space mapped at
 * header.base; every other address is unreadable. */
struct fuzz_loader_header
{
    uint8_t  ptr_size;      /* bit 0: 4 (x86 layout) or 8 (x64); bit 7: use bits 0-3 as the size itself */
    uint8_t  fail_read;     /* 1-based number of a read that fails (0: none) */
    uint8_t  dst_chars;     /* index into the harness's name buffer sizes */
    uint8_t  reserved[5];
    uint64_t base;          /* where the bytes after the header lie */
    uint64_t peb;           /* the PEB's address */
};

#define FUZZ_LOADER_BASE 0x7ffd0000u

/* fuzz_snapshot: a struct th32_header (zero-filled when the input is
 * shorter), then operations of FUZZ_SNAPSHOT_OP_SIZE bytes on a checked
 * copy: code (bits 0-1 the list, bits 2-3 the operation), then a 32-bit value. */
#define FUZZ_SNAPSHOT_OP_SIZE 5
enum fuzz_snapshot_op
{
    FUZZ_OP_NEXT,       /* th32_header_step, first = 0 */
    FUZZ_OP_FIRST,      /* th32_header_step, first = 1 */
    FUZZ_OP_CURSOR,     /* another holder writes value into the list's cursor, then NEXT */
    FUZZ_OP_RECHECK,    /* th32_header_check on the copy must still pass */
};

/* fuzz_workingset: the input drives every parser (see fuzz_workingset.c):
 * byte 0 picks the GetWsChanges record size, bytes 1-2 the bytes "returned",
 * byte 3 an odd record size, byte 4 the builder's cb, byte 5 the misalignment
 * of the copies; the whole input is the PSAPI_WORKING_SET_INFORMATION and
 * PSAPI_WS_WATCH_INFORMATION buffer, and from byte 8 on it is read as
 * (page, QueryWorkingSetEx attributes) pairs for the builder. */
#define FUZZ_WS_PAIRS_OFFSET 8

/* fuzz_heaprecord: this header, then the bytes of the result. */
struct fuzz_heaprecord_header
{
    uint64_t claimed;       /* the result size the other process reports */
    uint32_t max_records;   /* what the reader accepts */
    uint8_t  kind;          /* bit 0: heap_summary (else heap_block); bit 1: bits 2-7 are the record size */
    uint8_t  reserved[3];
};

/* fuzz_ntstring: this header, then the buffer ntdll filled. */
struct fuzz_ntstring_header
{
    int32_t  offset;        /* where Buffer points, from the start of the buffer */
    uint16_t length;        /* Length, in bytes */
    uint8_t  header;        /* the UNICODE_STRING's size */
    uint8_t  reserved;
};

#endif /* K32_TESTS_FUZZ_H */
