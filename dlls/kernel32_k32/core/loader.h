/*
 * OS-free reader of a process's loader list: PEB -> PEB_LDR_DATA ->
 * InLoadOrderModuleList of LDR_DATA_TABLE_ENTRY records.
 *
 * Every byte is fetched through a caller-supplied read callback, so the
 * same code reads the calling process (in place) and another one
 * (NtReadVirtualMemory), in the 64-bit and in the 32-bit (x86, WOW64)
 * layout. Nothing read is trusted: the walk is bounded, detects a list
 * that loops without coming back to its head, and clamps the lengths of
 * the names it reads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_LOADER_H
#define K32_CORE_LOADER_H

#include <stddef.h>
#include <stdint.h>

/* No process loads this many modules: a longer walk is a corrupt list. */
#define LOADER_MAX_MODULES 16384

/* UNICODE_STRING.Length is 16 bits: no name is longer (in characters). */
#define LOADER_MAX_NAME_CHARS 0x7fff

enum loader_result
{
    LOADER_OK = 0,
    LOADER_END = 1,          /* no more entries / not in the list */
    LOADER_CORRUPT = -1,     /* the list breaks its own shape: loop, NULL or misaligned link, too long */
    LOADER_UNREADABLE = -2,  /* the read callback failed */
    LOADER_NOT_READY = -3,   /* the process has no loader list yet (PEB.Ldr or its list head is NULL) */
};

/* Reads size bytes at address into buffer: 0 when all of them were read,
 * anything else when not (the buffer content is then undefined). */
typedef int (*loader_read_fn)(void *ctx, uint64_t address, void *buffer, size_t size);

/* A name of an entry: where its characters are and how many, already
 * checked against the UNICODE_STRING's own MaximumLength (an odd Length is
 * rounded down, a Length above MaximumLength is cut to it). */
struct loader_string
{
    uint64_t buffer;
    size_t   chars;
};

struct loader_module
{
    uint64_t entry;          /* address of the LDR_DATA_TABLE_ENTRY */
    uint64_t base;           /* DllBase: the module handle */
    uint64_t entry_point;
    uint32_t size_of_image;
    struct loader_string full_name;
    struct loader_string base_name;
};

struct loader_walk
{
    loader_read_fn read;
    void          *ctx;
    unsigned int   ptr_size;     /* 4 (x86 layout) or 8 (x64 layout) */
    uint64_t       image_base;   /* PEB.ImageBaseAddress: the main module */
    uint64_t       head;         /* address of PEB_LDR_DATA.InLoadOrderModuleList */
    uint64_t       first;        /* its Flink: the first entry */
    uint64_t       next;         /* the next link to follow */
    uint64_t       mark;         /* cycle detection (Brent): a link seen before */
    size_t         steps, power;
    size_t         count;        /* entries returned so far */
    int            state;        /* LOADER_OK while walking; the end result afterwards */
};

/* Reads the PEB at peb (ptr_size 4 or 8 picks the layout) and the head of
 * its load-order list. LOADER_OK, LOADER_NOT_READY, LOADER_UNREADABLE or
 * LOADER_CORRUPT (bad ptr_size, misaligned pointers). */
int loader_walk_init(struct loader_walk *walk, loader_read_fn read, void *ctx, unsigned int ptr_size,
                     uint64_t peb);

/* The next entry in load order: LOADER_OK with *module filled, LOADER_END
 * after the last one, or an error. Errors and LOADER_END stay: calling
 * again returns the same result. */
int loader_walk_next(struct loader_walk *walk, struct loader_module *module);

/* Walks from the start of the list to the entry whose DllBase is base:
 * LOADER_OK, LOADER_END when no entry has it, or the walk's error. */
int loader_find(struct loader_walk *walk, uint64_t base, struct loader_module *module);

/* Copies a name into dst[0, dst_chars): at most dst_chars - 1 characters,
 * stopping at an embedded NUL, always NUL-terminated (dst_chars > 0).
 * *chars gets the characters copied. LOADER_OK or LOADER_UNREADABLE. */
int loader_read_name(const struct loader_walk *walk, const struct loader_string *name,
                     uint16_t *dst, size_t dst_chars, size_t *chars);

/* The module's base name into dst as loader_read_name does: BaseDllName,
 * or, when that is empty, the part of FullDllName after its last '\' or '/'. */
int loader_read_base_name(const struct loader_walk *walk, const struct loader_module *module,
                          uint16_t *dst, size_t dst_chars, size_t *chars);

/* Layout facts, exposed for the NT layer's checks against the SDK headers
 * and for the unit tests that build synthetic lists. */
size_t loader_peb_image_base_offset(unsigned int ptr_size);
size_t loader_peb_ldr_offset(unsigned int ptr_size);
size_t loader_ldr_list_offset(unsigned int ptr_size);        /* InLoadOrderModuleList in PEB_LDR_DATA */
size_t loader_entry_base_offset(unsigned int ptr_size);      /* DllBase */
size_t loader_entry_full_name_offset(unsigned int ptr_size); /* FullDllName; BaseDllName follows it */
size_t loader_entry_size(unsigned int ptr_size);             /* bytes read per entry */

#endif /* K32_CORE_LOADER_H */
