/*
 * The NT layer: the only code that calls ntdll. Declarations that
 * mingw-w64's winternl.h lacks are written here from the public
 * documentation of each routine (Windows Driver Kit reference pages).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_NT_H
#define K32_NT_H

/* NTSTATUS values come from ntstatus.h, not winnt.h */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>
#include "nt_decls.h"
#include <stdint.h>

#ifndef STATUS_NOT_SAME_OBJECT
#define STATUS_NOT_SAME_OBJECT ((NTSTATUS)0xC00001AC)   /* ntstatus.h of newer SDKs */
#endif
/* Results of our own, NTSTATUS values with the customer bit: each says one
 * thing, and errors.c maps each to the documented error it is. */
#define K32_STATUS_LIST_CHANGED ((NTSTATUS)0xE0000001)  /* a list changed (or broke) while it was read */
#define K32_STATUS_BAD_DATA     ((NTSTATUS)0xE0000002)  /* data that breaks its own format */
#define K32_STATUS_TARGET_TIMEOUT ((NTSTATUS)0xE0000003) /* another process did not answer within its bound */
/* The error of a Win32 call as a status (NT's FACILITY_NTWIN32 form), given
 * back unchanged by errors.c. */
#define K32_STATUS_FROM_WIN32(error) ((NTSTATUS)(0xC0070000 | ((error) & 0xffff)))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif


/* Memory the layer hands out comes from the process heap. */
void *nt_alloc(SIZE_T size);
void nt_free(void *mem);
/* Memory in pages of its own: taking it never touches a heap (recording a
 * heap must not change it), and one block hands over a whole record. */
void *nt_alloc_pages(SIZE_T size);
void nt_free_pages(void *mem);

/* Room for one more item in an array of count items of item_size with
 * *capacity allocated: items itself while it has room, else a copy twice
 * as large (first items at the start) with items freed and *capacity
 * updated; NULL, items untouched, when out of memory. pages: the array
 * lives in nt_alloc_pages memory, else in nt_alloc memory. */
void *nt_array_room(void *items, SIZE_T count, SIZE_T *capacity, SIZE_T item_size, SIZE_T first, BOOL pages);

/* The SYSTEM_PROCESS_INFORMATION chain, in one call when the size hint holds. */
NTSTATUS nt_process_list(void **buf, ULONG *size);

/* Whether the process list reports priority classes where NT documents base
 * priorities (Wine does): decided once, from the calling process's own record. */
BOOL nt_list_has_priority_classes(const void *list, ULONG size);

void nt_close(HANDLE handle);

/* STATUS_SUCCESS when both handles name one object, STATUS_NOT_SAME_OBJECT
 * when not, STATUS_NOT_IMPLEMENTED where the system cannot tell. */
NTSTATUS nt_same_object(HANDLE first, HANDLE second);

/* Walks the address space of process by region: region() is told of each
 * (a status stops the walk; *read_pages asks for the residency of its
 * pages), residency() gets that of the pages asked for, up to 256 at a time
 * (nt_region_walk.c). */
struct _MEMORY_BASIC_INFORMATION;
struct _PSAPI_WORKING_SET_EX_INFORMATION;
typedef NTSTATUS (*nt_region_fn)(void *ctx, const MEMORY_BASIC_INFORMATION *info, BOOL *read_pages);
typedef void (*nt_residency_fn)(void *ctx, const struct _PSAPI_WORKING_SET_EX_INFORMATION *pages, SIZE_T count);
NTSTATUS nt_region_walk(HANDLE process, nt_region_fn region, nt_residency_fn residency, void *ctx);

/* Memory counters of a process (core/counters.h). With ex2, the
 * VM_COUNTERS_EX2 fields are filled too: from NT where it has them, else
 * counted from the address space. *filled says how much of vm is valid. */
struct nt_vm_counters;
NTSTATUS nt_vm_counters(HANDLE process, struct nt_vm_counters *vm, BOOL ex2, size_t *filled);

/* Opens process pid; a pid that names no process gives NT's STATUS_INVALID_CID
 * (errors.c maps it). */
NTSTATUS nt_open_process(DWORD pid, ACCESS_MASK access, HANDLE *process);

/* Copies size bytes at src in the calling process to dst and returns the
 * bytes copied: fewer where src runs into memory that cannot be read, never
 * a fault (nt_self_read.c). */
SIZE_T nt_self_read(void *dst, const void *src, SIZE_T size);

/* Copies size bytes at base in process pid (0: the caller) into buffer;
 * *done gets the bytes copied, also when the copy stops early. */
NTSTATUS nt_read_process_memory(DWORD pid, const void *base, void *buffer, SIZE_T size, SIZE_T *done);

/* The records of a heap walk run inside process pid (nt_remote.c): argument
 * 0 asks for its heap list (struct heap_summary), else for the blocks of that
 * heap (struct heap_block). At most max_records are taken (more:
 * STATUS_NO_MEMORY); *records is a page allocation (nt_free_pages). The wait
 * is bounded: a target that does not answer in time gives K32_STATUS_TARGET_TIMEOUT. */
NTSTATUS nt_remote_heap_records(DWORD pid, ULONG64 argument, size_t record_size, ULONG max_records,
                                void **records, ULONG *count);

/* UTF-16 to the ANSI code page; a text_narrow_fn. */
size_t nt_narrow(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars);

/* ---- names, drivers, system information (nt_system.c) ---- */

/* Names in the device form ("\Device\HarddiskVolume1\x"), from the heap
 * (nt_free): the image of a process, the file mapped at an address. */
NTSTATUS nt_process_image_name(HANDLE process, WCHAR **name, size_t *chars);
NTSTATUS nt_mapped_file_name(HANDLE process, const void *addr, WCHAR **name, size_t *chars);
/* NtQuerySystemInformation(SystemModuleInformation / SystemPageFileInformation)
 * into a heap buffer; STATUS_NOT_SUPPORTED where the system lacks the class.
 * api, here and below: the export the caller called, named by the warning
 * that the system lacks a service (debug.h, WARN_MISSING). */
NTSTATUS nt_driver_list(const char *api, void **buf, ULONG *size);
NTSTATUS nt_pagefile_list(const char *api, void **buf, ULONG *size);
struct perf_layout;
NTSTATUS nt_performance(const char *api, struct perf_layout *info);
/* Writes name[0, chars) to a caller's W or A (ANSI code page) buffer of
 * size characters, by the rules of core/devpath.h (fit: an enum name_fit); *written gets the
 * characters written, *short_buffer whether the name did not fit whole. */
NTSTATUS nt_put_name(void *dst, DWORD size, BOOL ansi, const WCHAR *name, size_t chars,
                     int fit, DWORD *written, BOOL *short_buffer);
/* The ANSI code page to UTF-16: the characters written. */
size_t nt_widen(WCHAR *dst, size_t dst_chars, const char *src, size_t src_size);

/* Working sets (nt_workingset.c). MemoryWorkingSetInformation of
 * NtQueryVirtualMemory; ProcessQuotaLimits and ProcessWorkingSetWatch(Ex)
 * of NtSetInformationProcess / NtQueryInformationProcess. Where the system
 * lacks a class, a bad handle or missing access right still gets its own
 * status; otherwise the system's status is returned as it is. */
NTSTATUS nt_working_set(const char *api, HANDLE process, void *buf, SIZE_T size);
NTSTATUS nt_working_set_ex(const char *api, HANDLE process, void *buf, SIZE_T size);
NTSTATUS nt_empty_working_set(const char *api, HANDLE process);
NTSTATUS nt_ws_watch_init(const char *api, HANDLE process);
NTSTATUS nt_ws_watch(const char *api, HANDLE process, BOOL ex, void *buf, ULONG size, ULONG *returned);

/* ---- process modules (nt_modules.c) ---- */
/* The calling process (GetCurrentProcess() or a handle to it) is read in
 * place under the loader lock, with no server call; another one with
 * NtReadVirtualMemory. filter: LIST_MODULES_* (32-bit builds ignore it).
 * Module handles in load order, the main module first: modules[0, max)
 * gets what fits, *count all of them. */
NTSTATUS nt_enum_modules(HANDLE process, DWORD filter, HMODULE *modules, DWORD max, DWORD *count);
/* Base name or full path of module (NULL: the main module) into name[0,
 * size), size > 0: truncated, NUL-terminated, *copied characters without
 * the NUL. STATUS_INVALID_HANDLE: no such module in the process. */
NTSTATUS nt_module_name(HANDLE process, HMODULE module, BOOL full_path, WCHAR *name, DWORD size,
                        DWORD *copied);
struct _MODULEINFO;
NTSTATUS nt_module_information(HANDLE process, HMODULE module, struct _MODULEINFO *info);
/* Toolhelp32: the modules of process pid (0 or the caller's id: the calling
 * process) in load order, the main module first, in a heap array (nt_free).
 * STATUS_INVALID_PARAMETER: no such process; STATUS_ACCESS_DENIED; a 64-bit
 * process read by a 32-bit caller: STATUS_PARTIAL_COPY. The _filtered form
 * takes LIST_MODULES_*: 32BIT lists a WOW64 process's 32-bit modules
 * (TH32CS_SNAPMODULE32), ALL both lists. */
struct nt_module_info
{
    ULONG_PTR base;
    ULONG     size;
    WCHAR     name[256];        /* MAX_MODULE_NAME32 + 1, truncated, NUL-terminated */
    WCHAR     path[MAX_PATH];
};
NTSTATUS nt_module_list(DWORD pid, struct nt_module_info **modules, ULONG *count);
NTSTATUS nt_module_list_filtered(DWORD pid, DWORD filter, struct nt_module_info **modules, ULONG *count);

#endif /* K32_NT_H */
