/*
 * OS-free working-set records: the PSAPI_WORKING_SET_INFORMATION buffer of
 * QueryWorkingSet (NumberOfEntries, then one PSAPI_WORKING_SET_BLOCK per
 * page), the PSAPI_WORKING_SET_EX_INFORMATION array of QueryWorkingSetEx and
 * the PSAPI_WS_WATCH_INFORMATION(_EX) arrays of GetWsChanges(Ex).
 *
 * The caller's buffer may be unaligned (pv is a PVOID): every field is read
 * and written through memcpy. Nothing is ever written at or past cb.
 *
 * Layouts are the documented ones (psapi.h reference pages):
 *   PSAPI_WORKING_SET_BLOCK     Protection:5 ShareCount:3 Shared:1 Reserved:3
 *                               VirtualPage:20 (x86) / 52 (x64)
 *   PSAPI_WORKING_SET_EX_BLOCK  Valid:1 ShareCount:3 Win32Protection:11 Shared:1
 *                               Node:6 Locked:1 LargePage:1 Reserved:7 Bad:1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_WORKINGSET_H
#define K32_CORE_WORKINGSET_H

#include <stddef.h>
#include <stdint.h>

#define WS_PAGE_SHIFT   12
#define WS_PAGE_SIZE    ((uintptr_t)1 << WS_PAGE_SHIFT)

/* PSAPI_WORKING_SET_INFORMATION: NumberOfEntries, then the blocks. */
#define WS_HEADER_SIZE  sizeof(uintptr_t)
#define WS_BLOCK_SIZE   sizeof(uintptr_t)
/* PSAPI_WORKING_SET_EX_INFORMATION: VirtualAddress, VirtualAttributes. */
#define WSEX_ENTRY_SIZE (2 * sizeof(uintptr_t))
/* PSAPI_WS_WATCH_INFORMATION {FaultingPc, FaultingVa} and _EX
 * {BasicInfo, FaultingThreadId, Flags}. */
#define WSWATCH_SIZE    (2 * sizeof(uintptr_t))
#define WSWATCH_EX_SIZE (4 * sizeof(uintptr_t))

enum ws_result
{
    WS_OK = 0,
    WS_SHORT = 1,       /* the caller's buffer is too small */
    WS_CORRUPT = -1,    /* what the layer below returned breaks the layout */
};

/* PSAPI_WORKING_SET_BLOCK.Protection: bits 0-2 the access, then these. */
#define WS_PROT_NOCACHE 8
#define WS_PROT_GUARD   16

/* Win32 memory protection constants (winnt.h), for the conversions. */
#define WS_PAGE_NOACCESS          0x001
#define WS_PAGE_READONLY          0x002
#define WS_PAGE_READWRITE         0x004
#define WS_PAGE_WRITECOPY         0x008
#define WS_PAGE_EXECUTE           0x010
#define WS_PAGE_EXECUTE_READ      0x020
#define WS_PAGE_EXECUTE_READWRITE 0x040
#define WS_PAGE_EXECUTE_WRITECOPY 0x080
#define WS_PAGE_GUARD             0x100
#define WS_PAGE_NOCACHE           0x200
#define WS_PAGE_WRITECOMBINE      0x400

/* One PSAPI_WORKING_SET_BLOCK, unpacked. */
struct ws_block
{
    uintptr_t address;      /* VirtualPage << 12 */
    unsigned  protection;   /* 0-31 */
    unsigned  share_count;  /* 0-7 */
    unsigned  shared;       /* 0 or 1 */
};

/* One PSAPI_WORKING_SET_EX_BLOCK, unpacked. When valid is 0 only shared and
 * bad mean anything (the Invalid variant). */
struct wsex_block
{
    unsigned valid;
    unsigned share_count;       /* 0-7 */
    unsigned win32_protection;  /* 11 bits: PAGE_* */
    unsigned shared;
    unsigned node;              /* 0-63 */
    unsigned locked;
    unsigned large_page;
    unsigned bad;
};

/* Blocks that fit in a cb-byte PSAPI_WORKING_SET_INFORMATION (0 when even
 * NumberOfEntries does not fit). */
size_t ws_capacity(uint64_t cb);
/* The bytes a PSAPI_WORKING_SET_INFORMATION of count blocks takes. */
uint64_t ws_size_for(uint64_t count);

/* NumberOfEntries of a buffer of cb bytes; 0 when cb cannot hold it. */
uint64_t ws_get_count(const void *buf, size_t cb);
/* Writes NumberOfEntries when cb can hold it; FALSE (0) when not. */
int ws_set_count(void *buf, size_t cb, uint64_t count);

/* After the layer below filled buf (cb bytes) and reported success: WS_OK
 * when NumberOfEntries blocks fit in cb, WS_CORRUPT when they cannot. */
int ws_check(const void *buf, size_t cb);

/* Block index of buf (the caller checked index < ws_capacity(cb)). */
uintptr_t ws_get_block(const void *buf, size_t index);

uintptr_t ws_block_pack(const struct ws_block *block);
void ws_block_unpack(uintptr_t flags, struct ws_block *block);

/* PAGE_* protection to the 5-bit Protection code and back. Codes 0, 8, 16
 * and 24 are all "no access"; PAGE_WRITECOMBINE counts as non-cacheable. */
unsigned ws_protection_from_win32(uint32_t protect);
uint32_t ws_protection_to_win32(unsigned code);

/* Entries wholly inside a cb-byte PSAPI_WORKING_SET_EX_INFORMATION array. */
size_t wsex_count(uint64_t cb);

uintptr_t wsex_block_pack(const struct wsex_block *block);
void wsex_block_unpack(uintptr_t flags, struct wsex_block *block);

/* The block of the working set for a page whose QueryWorkingSetEx
 * attributes are ex_flags: 1 with *block set when the page is resident
 * (Valid), 0 when it is not. */
int ws_block_from_ex(uintptr_t page, uintptr_t ex_flags, uintptr_t *block);

/* Builds a PSAPI_WORKING_SET_INFORMATION page by page (for systems whose
 * NT layer cannot list the working set but can tell each page's residency). */
struct ws_builder
{
    unsigned char *buf;
    size_t   cb;
    size_t   capacity;      /* blocks that fit */
    uint64_t count;         /* resident pages seen */
};

void ws_builder_init(struct ws_builder *builder, void *buf, size_t cb);
/* Counts the page when resident, and stores its block while it fits. */
void ws_builder_add(struct ws_builder *builder, uintptr_t page, uintptr_t ex_flags);
/* Writes NumberOfEntries (when cb holds it). WS_OK, or WS_SHORT when the
 * blocks did not all fit: then NumberOfEntries is the count needed and the
 * blocks already stored are cleared again, so that no partial list is
 * returned ("the function does not return information about the working set
 * entries", QueryWorkingSet reference page). */
int ws_builder_finish(struct ws_builder *builder);

/* GetWsChanges(Ex): after the layer below wrote returned bytes of records of
 * record_size into buf (cb bytes), finds the record that ends the array (its
 * FaultingPc is NULL) and appends one {NULL, 0} when the layer left none and
 * room remains. WS_OK with *records the records before the end and *used the
 * bytes up to and including the end record; WS_SHORT when no end record fits;
 * WS_CORRUPT when returned is past cb or not whole records. */
int wswatch_terminate(void *buf, size_t cb, size_t returned, size_t record_size,
                      size_t *records, size_t *used);
/* "The buffer is returned empty": an end record at the start when one fits. */
void wswatch_empty(void *buf, size_t cb, size_t record_size);

/* Access rights: every bit of all and, when any is not 0, one bit of any. */
int ws_access_ok(uint32_t granted, uint32_t all, uint32_t any);

#endif /* K32_CORE_WORKINGSET_H */
