/*
 * The NT declarations the layer needs that mingw-w64's headers lack, written
 * from the public documentation of each routine (the Windows Driver Kit's
 * Zw* reference pages, wdm.h / ntifs.h) and spelled as Wine's winternl.h
 * spells them. Built against Wine's own headers (whose winternl.h declares
 * all of them), these are left to Wine's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_NT_DECLS_H
#define K32_NT_DECLS_H

#ifndef __WINE_WINTERNL_H

/* MEMORY_INFORMATION_CLASS */
#define MemoryBasicInformation          0
#define MemoryWorkingSetInformation     1
#define MemoryMappedFilenameInformation 2
#define MemoryWorkingSetExInformation   4
/* SYSTEM_INFORMATION_CLASS values mingw-w64's enum lacks */
#define SystemModuleInformation         11
#define SystemPageFileInformation       18
#define SystemFileCacheInformation      21
/* SECTION_INHERIT, SECTION_INFORMATION_CLASS */
#define ViewUnmap                       2
#define SectionBasicInformation         0

typedef struct _SECTION_BASIC_INFORMATION
{
    void         *BaseAddress;
    ULONG         Attributes;
    LARGE_INTEGER Size;
} SECTION_BASIC_INFORMATION;

/* ZwReadFile, ZwWriteFile, ZwQueryVirtualMemory, ZwReadVirtualMemory, ZwOpenProcess,
 * RtlUnicodeToMultiByteN, RtlMultiByteToUnicodeN */
NTSTATUS NTAPI NtReadFile(HANDLE file, HANDLE event, PIO_APC_ROUTINE apc, void *apc_context,
                          IO_STATUS_BLOCK *io, void *buffer, ULONG size, LARGE_INTEGER *offset, ULONG *key);
NTSTATUS NTAPI NtWriteFile(HANDLE file, HANDLE event, PIO_APC_ROUTINE apc, void *apc_context,
                           IO_STATUS_BLOCK *io, const void *buffer, ULONG size, LARGE_INTEGER *offset,
                           ULONG *key);
NTSTATUS NTAPI NtReadVirtualMemory(HANDLE process, const void *base, void *buffer, SIZE_T size,
                                   SIZE_T *done);
NTSTATUS NTAPI NtOpenProcess(HANDLE *process, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                             const CLIENT_ID *id);
NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE process, const void *addr, ULONG info_class,
                                    void *info, SIZE_T size, SIZE_T *ret_size);
NTSTATUS NTAPI RtlUnicodeToMultiByteN(char *dst, DWORD dst_size, DWORD *written,
                                      const WCHAR *src, DWORD src_size);
NTSTATUS NTAPI RtlMultiByteToUnicodeN(WCHAR *dst, DWORD dst_size, DWORD *written,
                                      const char *src, DWORD src_size);

/* ZwCreateSection, ZwMapViewOfSection, ZwUnmapViewOfSection, ZwQuerySection */
NTSTATUS NTAPI NtCreateSection(HANDLE *section, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                               const LARGE_INTEGER *size, ULONG protect, ULONG attributes, HANDLE file);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE section, HANDLE process, void **base, ULONG_PTR zero_bits,
                                  SIZE_T commit, const LARGE_INTEGER *offset, SIZE_T *size, ULONG inherit,
                                  ULONG alloc_type, ULONG protect);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE process, void *base);
NTSTATUS NTAPI NtQuerySection(HANDLE section, ULONG info_class, void *info, SIZE_T size, SIZE_T *ret_size);

/* ZwOpenSymbolicLinkObject, ZwQuerySymbolicLinkObject */
NTSTATUS NTAPI NtOpenSymbolicLinkObject(HANDLE *link, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr);
NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE link, UNICODE_STRING *target, ULONG *length);

/* LdrLockLoaderLock, LdrUnlockLoaderLock (flags 0: wait), RtlGetCurrentPeb (ntdll exports) */
NTSTATUS NTAPI LdrLockLoaderLock(ULONG flags, ULONG *disposition, ULONG_PTR *cookie);
NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG flags, ULONG_PTR cookie);
PEB *NTAPI RtlGetCurrentPeb(void);

#else  /* __WINE_WINTERNL_H */

/* the NtQueryObject structures under the names of the documented winternl.h */
typedef OBJECT_BASIC_INFORMATION PUBLIC_OBJECT_BASIC_INFORMATION;
typedef OBJECT_TYPE_INFORMATION PUBLIC_OBJECT_TYPE_INFORMATION;

#endif /* __WINE_WINTERNL_H */

/* ntdef.h's access right of a symbolic link object (in no winternl.h) */
#ifndef SYMBOLIC_LINK_QUERY
#define SYMBOLIC_LINK_QUERY 0x0001
#endif

#endif /* K32_NT_DECLS_H */
