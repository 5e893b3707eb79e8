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
#include <stdint.h>

#ifndef STATUS_NOT_SAME_OBJECT
#define STATUS_NOT_SAME_OBJECT ((NTSTATUS)0xC00001AC)   /* ntstatus.h of newer SDKs */
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ZwCreateSection, ZwMapViewOfSection, ZwUnmapViewOfSection, ZwDuplicateObject,
 * ZwQueryVirtualMemory, RtlUnicodeToMultiByteN (wdm.h / ntifs.h reference pages) */
NTSTATUS NTAPI NtCreateSection(HANDLE *section, ACCESS_MASK access, OBJECT_ATTRIBUTES *attr,
                               LARGE_INTEGER *size, ULONG protect, ULONG attributes, HANDLE file);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE section, HANDLE process, void **base, ULONG_PTR zero_bits,
                                  SIZE_T commit, LARGE_INTEGER *offset, SIZE_T *view_size,
                                  ULONG inherit, ULONG alloc_type, ULONG protect);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE process, void *base);
NTSTATUS NTAPI NtDuplicateObject(HANDLE source_process, HANDLE source, HANDLE target_process,
                                 HANDLE *target, ACCESS_MASK access, ULONG attributes, ULONG options);
NTSTATUS NTAPI NtReadVirtualMemory(HANDLE process, const void *base, void *buffer, SIZE_T size,
                                   SIZE_T *done);
NTSTATUS NTAPI NtOpenProcess(HANDLE *process, ACCESS_MASK access, OBJECT_ATTRIBUTES *attr,
                             CLIENT_ID *id);
NTSTATUS NTAPI RtlUnicodeToMultiByteN(char *dst, ULONG dst_size, ULONG *written,
                                      const WCHAR *src, ULONG src_size);

#define NT_VIEW_UNMAP 2   /* SECTION_INHERIT ViewUnmap */
#define NT_MEMORY_BASIC_INFORMATION 0        /* MEMORY_INFORMATION_CLASS */
#define NT_MEMORY_WORKING_SET_EX_INFORMATION 4

NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE process, const void *addr, ULONG info_class,
                                    void *info, SIZE_T size, SIZE_T *ret_size);

/* Memory the layer hands out comes from the process heap. */
void *nt_alloc(SIZE_T size);
void nt_free(void *mem);

/* The SYSTEM_PROCESS_INFORMATION chain, in one call when the size hint holds. */
NTSTATUS nt_process_list(void **buf, ULONG *size);

/* Whether the process list reports priority classes where NT documents base
 * priorities (Wine does): decided once, from the calling process's own record. */
BOOL nt_list_has_priority_classes(const void *list, ULONG size);

/* Pagefile-backed sections, mapped read/write in the calling process. */
NTSTATUS nt_section_create(SIZE_T size, BOOL inherit, HANDLE *section);
NTSTATUS nt_section_map(HANDLE section, void **view, SIZE_T *view_size);
void nt_section_unmap(void *view);

/* STATUS_SUCCESS when both handles name one object, STATUS_NOT_SAME_OBJECT
 * when not, STATUS_NOT_IMPLEMENTED where the system cannot tell. */
NTSTATUS nt_same_object(HANDLE first, HANDLE second);
BOOL nt_can_compare_objects(void);
NTSTATUS nt_duplicate(HANDLE handle, HANDLE *copy);
void nt_close(HANDLE handle);

/* Memory counters of a process (core/counters.h). With ex2, the
 * VM_COUNTERS_EX2 fields are filled too: from NT where it has them, else
 * counted from the address space. *filled says how much of vm is valid. */
struct nt_vm_counters;
NTSTATUS nt_vm_counters(HANDLE process, struct nt_vm_counters *vm, BOOL ex2, size_t *filled);

/* Copies size bytes at base in process pid (0: the caller) into buffer;
 * *done gets the bytes copied, also when the copy stops early. */
NTSTATUS nt_read_process_memory(DWORD pid, const void *base, void *buffer, SIZE_T size, SIZE_T *done);

/* UTF-16 to the ANSI code page; a text_narrow_fn. */
size_t nt_narrow(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars);

/* Sets the last error from an NTSTATUS; TRUE on success. */
BOOL nt_set_status(NTSTATUS status);

#endif /* K32_NT_H */
