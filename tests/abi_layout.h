/*
 * abi_layout.h - documented layouts of the psapi.h and tlhelp32.h types
 *
 * Every number below was computed by hand from the field types the
 * Microsoft reference pages give (DWORD/LONG 4 bytes; SIZE_T, ULONG_PTR,
 * pointers and handles 4 bytes on x86 and 8 on x64; ULONG64 8 bytes,
 * 8-aligned; CHAR 1, WCHAR 2, MAX_PATH 260, MAX_MODULE_NAME32 255) and the
 * C layout rules (each field at the next multiple of its alignment, the size
 * rounded up to the largest alignment).  They are deliberately literals,
 * never sizeof/offsetof.  Shared by abi.c (our headers) and abi_mingw.c
 * (mingw-w64's headers).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef ABI_LAYOUT_H
#define ABI_LAYOUT_H

/* ABI_DOC(x86, x64) picks the documented number of the target. */
#ifdef _WIN64
#define ABI_DOC(x86, x64) (x64)
#else
#define ABI_DOC(x86, x64) (x86)
#endif

/*
 * Structures both header sets declare.
 *   S(type, size_x86, size_x64)
 *   F(type, field, offset_x86, offset_x64)
 */
#define ABI_LAYOUT_COMMON(S, F) \
    /* psapi.h */ \
    S(MODULEINFO, 12, 24) \
    F(MODULEINFO, lpBaseOfDll, 0, 0) \
    F(MODULEINFO, SizeOfImage, 4, 8) \
    F(MODULEINFO, EntryPoint, 8, 16) \
    S(PROCESS_MEMORY_COUNTERS, 40, 72) \
    F(PROCESS_MEMORY_COUNTERS, cb, 0, 0) \
    F(PROCESS_MEMORY_COUNTERS, PageFaultCount, 4, 4) \
    F(PROCESS_MEMORY_COUNTERS, PeakWorkingSetSize, 8, 8) \
    F(PROCESS_MEMORY_COUNTERS, WorkingSetSize, 12, 16) \
    F(PROCESS_MEMORY_COUNTERS, QuotaPeakPagedPoolUsage, 16, 24) \
    F(PROCESS_MEMORY_COUNTERS, QuotaPagedPoolUsage, 20, 32) \
    F(PROCESS_MEMORY_COUNTERS, QuotaPeakNonPagedPoolUsage, 24, 40) \
    F(PROCESS_MEMORY_COUNTERS, QuotaNonPagedPoolUsage, 28, 48) \
    F(PROCESS_MEMORY_COUNTERS, PagefileUsage, 32, 56) \
    F(PROCESS_MEMORY_COUNTERS, PeakPagefileUsage, 36, 64) \
    S(PROCESS_MEMORY_COUNTERS_EX, 44, 80) \
    F(PROCESS_MEMORY_COUNTERS_EX, cb, 0, 0) \
    F(PROCESS_MEMORY_COUNTERS_EX, PageFaultCount, 4, 4) \
    F(PROCESS_MEMORY_COUNTERS_EX, PeakWorkingSetSize, 8, 8) \
    F(PROCESS_MEMORY_COUNTERS_EX, WorkingSetSize, 12, 16) \
    F(PROCESS_MEMORY_COUNTERS_EX, QuotaPeakPagedPoolUsage, 16, 24) \
    F(PROCESS_MEMORY_COUNTERS_EX, QuotaPagedPoolUsage, 20, 32) \
    F(PROCESS_MEMORY_COUNTERS_EX, QuotaPeakNonPagedPoolUsage, 24, 40) \
    F(PROCESS_MEMORY_COUNTERS_EX, QuotaNonPagedPoolUsage, 28, 48) \
    F(PROCESS_MEMORY_COUNTERS_EX, PagefileUsage, 32, 56) \
    F(PROCESS_MEMORY_COUNTERS_EX, PeakPagefileUsage, 36, 64) \
    F(PROCESS_MEMORY_COUNTERS_EX, PrivateUsage, 40, 72) \
    S(PSAPI_WS_WATCH_INFORMATION, 8, 16) \
    F(PSAPI_WS_WATCH_INFORMATION, FaultingPc, 0, 0) \
    F(PSAPI_WS_WATCH_INFORMATION, FaultingVa, 4, 8) \
    S(PSAPI_WS_WATCH_INFORMATION_EX, 16, 32) \
    F(PSAPI_WS_WATCH_INFORMATION_EX, BasicInfo, 0, 0) \
    F(PSAPI_WS_WATCH_INFORMATION_EX, FaultingThreadId, 8, 16) \
    F(PSAPI_WS_WATCH_INFORMATION_EX, Flags, 12, 24) \
    S(PERFORMANCE_INFORMATION, 56, 104) \
    F(PERFORMANCE_INFORMATION, cb, 0, 0) \
    F(PERFORMANCE_INFORMATION, CommitTotal, 4, 8) \
    F(PERFORMANCE_INFORMATION, CommitLimit, 8, 16) \
    F(PERFORMANCE_INFORMATION, CommitPeak, 12, 24) \
    F(PERFORMANCE_INFORMATION, PhysicalTotal, 16, 32) \
    F(PERFORMANCE_INFORMATION, PhysicalAvailable, 20, 40) \
    F(PERFORMANCE_INFORMATION, SystemCache, 24, 48) \
    F(PERFORMANCE_INFORMATION, KernelTotal, 28, 56) \
    F(PERFORMANCE_INFORMATION, KernelPaged, 32, 64) \
    F(PERFORMANCE_INFORMATION, KernelNonpaged, 36, 72) \
    F(PERFORMANCE_INFORMATION, PageSize, 40, 80) \
    F(PERFORMANCE_INFORMATION, HandleCount, 44, 88) \
    F(PERFORMANCE_INFORMATION, ProcessCount, 48, 92) \
    F(PERFORMANCE_INFORMATION, ThreadCount, 52, 96) \
    S(PERFORMACE_INFORMATION, 56, 104) \
    F(PERFORMACE_INFORMATION, ThreadCount, 52, 96) \
    S(ENUM_PAGE_FILE_INFORMATION, 20, 32) \
    F(ENUM_PAGE_FILE_INFORMATION, cb, 0, 0) \
    F(ENUM_PAGE_FILE_INFORMATION, Reserved, 4, 4) \
    F(ENUM_PAGE_FILE_INFORMATION, TotalSize, 8, 8) \
    F(ENUM_PAGE_FILE_INFORMATION, TotalInUse, 12, 16) \
    F(ENUM_PAGE_FILE_INFORMATION, PeakUsage, 16, 24) \
    S(PSAPI_WORKING_SET_BLOCK, 4, 8) \
    F(PSAPI_WORKING_SET_BLOCK, Flags, 0, 0) \
    S(PSAPI_WORKING_SET_INFORMATION, 8, 16) \
    F(PSAPI_WORKING_SET_INFORMATION, NumberOfEntries, 0, 0) \
    F(PSAPI_WORKING_SET_INFORMATION, WorkingSetInfo, 4, 8) \
    S(PSAPI_WORKING_SET_EX_BLOCK, 4, 8) \
    F(PSAPI_WORKING_SET_EX_BLOCK, Flags, 0, 0) \
    F(PSAPI_WORKING_SET_EX_BLOCK, Invalid, 0, 0) \
    S(PSAPI_WORKING_SET_EX_INFORMATION, 8, 16) \
    F(PSAPI_WORKING_SET_EX_INFORMATION, VirtualAddress, 0, 0) \
    F(PSAPI_WORKING_SET_EX_INFORMATION, VirtualAttributes, 4, 8) \
    /* tlhelp32.h */ \
    S(HEAPLIST32, 16, 32) \
    F(HEAPLIST32, dwSize, 0, 0) \
    F(HEAPLIST32, th32ProcessID, 4, 8) \
    F(HEAPLIST32, th32HeapID, 8, 16) \
    F(HEAPLIST32, dwFlags, 12, 24) \
    S(HEAPENTRY32, 36, 56) \
    F(HEAPENTRY32, dwSize, 0, 0) \
    F(HEAPENTRY32, hHandle, 4, 8) \
    F(HEAPENTRY32, dwAddress, 8, 16) \
    F(HEAPENTRY32, dwBlockSize, 12, 24) \
    F(HEAPENTRY32, dwFlags, 16, 32) \
    F(HEAPENTRY32, dwLockCount, 20, 36) \
    F(HEAPENTRY32, dwResvd, 24, 40) \
    F(HEAPENTRY32, th32ProcessID, 28, 44) \
    F(HEAPENTRY32, th32HeapID, 32, 48) \
    S(PROCESSENTRY32, 296, 304) \
    F(PROCESSENTRY32, dwSize, 0, 0) \
    F(PROCESSENTRY32, cntUsage, 4, 4) \
    F(PROCESSENTRY32, th32ProcessID, 8, 8) \
    F(PROCESSENTRY32, th32DefaultHeapID, 12, 16) \
    F(PROCESSENTRY32, th32ModuleID, 16, 24) \
    F(PROCESSENTRY32, cntThreads, 20, 28) \
    F(PROCESSENTRY32, th32ParentProcessID, 24, 32) \
    F(PROCESSENTRY32, pcPriClassBase, 28, 36) \
    F(PROCESSENTRY32, dwFlags, 32, 40) \
    F(PROCESSENTRY32, szExeFile, 36, 44) \
    S(PROCESSENTRY32W, 556, 568) \
    F(PROCESSENTRY32W, dwSize, 0, 0) \
    F(PROCESSENTRY32W, cntUsage, 4, 4) \
    F(PROCESSENTRY32W, th32ProcessID, 8, 8) \
    F(PROCESSENTRY32W, th32DefaultHeapID, 12, 16) \
    F(PROCESSENTRY32W, th32ModuleID, 16, 24) \
    F(PROCESSENTRY32W, cntThreads, 20, 28) \
    F(PROCESSENTRY32W, th32ParentProcessID, 24, 32) \
    F(PROCESSENTRY32W, pcPriClassBase, 28, 36) \
    F(PROCESSENTRY32W, dwFlags, 32, 40) \
    F(PROCESSENTRY32W, szExeFile, 36, 44) \
    S(THREADENTRY32, 28, 28) \
    F(THREADENTRY32, dwSize, 0, 0) \
    F(THREADENTRY32, cntUsage, 4, 4) \
    F(THREADENTRY32, th32ThreadID, 8, 8) \
    F(THREADENTRY32, th32OwnerProcessID, 12, 12) \
    F(THREADENTRY32, tpBasePri, 16, 16) \
    F(THREADENTRY32, tpDeltaPri, 20, 20) \
    F(THREADENTRY32, dwFlags, 24, 24) \
    S(MODULEENTRY32, 548, 568) \
    F(MODULEENTRY32, dwSize, 0, 0) \
    F(MODULEENTRY32, th32ModuleID, 4, 4) \
    F(MODULEENTRY32, th32ProcessID, 8, 8) \
    F(MODULEENTRY32, GlblcntUsage, 12, 12) \
    F(MODULEENTRY32, ProccntUsage, 16, 16) \
    F(MODULEENTRY32, modBaseAddr, 20, 24) \
    F(MODULEENTRY32, modBaseSize, 24, 32) \
    F(MODULEENTRY32, hModule, 28, 40) \
    F(MODULEENTRY32, szModule, 32, 48) \
    F(MODULEENTRY32, szExePath, 288, 304) \
    S(MODULEENTRY32W, 1064, 1080) \
    F(MODULEENTRY32W, dwSize, 0, 0) \
    F(MODULEENTRY32W, th32ModuleID, 4, 4) \
    F(MODULEENTRY32W, th32ProcessID, 8, 8) \
    F(MODULEENTRY32W, GlblcntUsage, 12, 12) \
    F(MODULEENTRY32W, ProccntUsage, 16, 16) \
    F(MODULEENTRY32W, modBaseAddr, 20, 24) \
    F(MODULEENTRY32W, modBaseSize, 24, 32) \
    F(MODULEENTRY32W, hModule, 28, 40) \
    F(MODULEENTRY32W, szModule, 32, 48) \
    F(MODULEENTRY32W, szExePath, 544, 560)

/* Structures mingw-w64's psapi.h lacks: checked against the documentation only. */
#define ABI_LAYOUT_OURS_ONLY(S, F) \
    S(PROCESS_MEMORY_COUNTERS_EX2, 56, 96) \
    F(PROCESS_MEMORY_COUNTERS_EX2, cb, 0, 0) \
    F(PROCESS_MEMORY_COUNTERS_EX2, PageFaultCount, 4, 4) \
    F(PROCESS_MEMORY_COUNTERS_EX2, PeakWorkingSetSize, 8, 8) \
    F(PROCESS_MEMORY_COUNTERS_EX2, WorkingSetSize, 12, 16) \
    F(PROCESS_MEMORY_COUNTERS_EX2, QuotaPeakPagedPoolUsage, 16, 24) \
    F(PROCESS_MEMORY_COUNTERS_EX2, QuotaPagedPoolUsage, 20, 32) \
    F(PROCESS_MEMORY_COUNTERS_EX2, QuotaPeakNonPagedPoolUsage, 24, 40) \
    F(PROCESS_MEMORY_COUNTERS_EX2, QuotaNonPagedPoolUsage, 28, 48) \
    F(PROCESS_MEMORY_COUNTERS_EX2, PagefileUsage, 32, 56) \
    F(PROCESS_MEMORY_COUNTERS_EX2, PeakPagefileUsage, 36, 64) \
    F(PROCESS_MEMORY_COUNTERS_EX2, PrivateUsage, 40, 72) \
    F(PROCESS_MEMORY_COUNTERS_EX2, PrivateWorkingSetSize, 44, 80) \
    F(PROCESS_MEMORY_COUNTERS_EX2, SharedCommitUsage, 48, 88)

/*
 * Bit fields of the working-set unions: the bits of Flags a field covers.
 *   B(type, id, member, mask_x86, mask_x64)
 * (id names the field in C identifiers, member is how it is reached.)
 */
#define ABI_BITS_COMMON(B) \
    B(PSAPI_WORKING_SET_BLOCK, Protection, Protection, 0x1f, 0x1f) \
    B(PSAPI_WORKING_SET_BLOCK, ShareCount, ShareCount, 0xe0, 0xe0) \
    B(PSAPI_WORKING_SET_BLOCK, Shared, Shared, 0x100, 0x100) \
    B(PSAPI_WORKING_SET_BLOCK, Reserved, Reserved, 0xe00, 0xe00) \
    B(PSAPI_WORKING_SET_BLOCK, VirtualPage, VirtualPage, 0xfffff000, 0xfffffffffffff000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Valid, Valid, 0x1, 0x1) \
    B(PSAPI_WORKING_SET_EX_BLOCK, ShareCount, ShareCount, 0xe, 0xe) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Win32Protection, Win32Protection, 0x7ff0, 0x7ff0) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Shared, Shared, 0x8000, 0x8000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Node, Node, 0x3f0000, 0x3f0000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Locked, Locked, 0x400000, 0x400000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, LargePage, LargePage, 0x800000, 0x800000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Reserved, Reserved, 0x7f000000, 0x7f000000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Bad, Bad, 0x80000000, 0x80000000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Invalid_Valid, Invalid.Valid, 0x1, 0x1) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Invalid_Reserved0, Invalid.Reserved0, 0x7ffe, 0x7ffe) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Invalid_Shared, Invalid.Shared, 0x8000, 0x8000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Invalid_Reserved1, Invalid.Reserved1, 0x7fff0000, 0x7fff0000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Invalid_Bad, Invalid.Bad, 0x80000000, 0x80000000)

/* ReservedUlong is documented for 64-bit code only. */
#ifdef _WIN64
#define ABI_BITS_WIN64(B) \
    B(PSAPI_WORKING_SET_EX_BLOCK, ReservedUlong, ReservedUlong, 0, 0xffffffff00000000) \
    B(PSAPI_WORKING_SET_EX_BLOCK, Invalid_ReservedUlong, Invalid.ReservedUlong, 0, 0xffffffff00000000)
#else
#define ABI_BITS_WIN64(B)
#endif

#define ABI_BITS(B) ABI_BITS_COMMON(B) ABI_BITS_WIN64(B)

/*
 * Constants: C(name, documented value).  The TH32CS_* and LIST_MODULES_*
 * values are on the CreateToolhelp32Snapshot and EnumProcessModulesEx pages.
 */
#define ABI_CONSTANTS(C) \
    C(TH32CS_SNAPHEAPLIST, 0x00000001) \
    C(TH32CS_SNAPPROCESS, 0x00000002) \
    C(TH32CS_SNAPTHREAD, 0x00000004) \
    C(TH32CS_SNAPMODULE, 0x00000008) \
    C(TH32CS_SNAPMODULE32, 0x00000010) \
    C(TH32CS_SNAPALL, 0x0000000f) \
    C(TH32CS_INHERIT, 0x80000000) \
    C(HF32_DEFAULT, 1) \
    C(HF32_SHARED, 2) \
    C(LF32_FIXED, 0x00000001) \
    C(LF32_FREE, 0x00000002) \
    C(LF32_MOVEABLE, 0x00000004) \
    C(MAX_MODULE_NAME32, 255) \
    C(LIST_MODULES_DEFAULT, 0x00) \
    C(LIST_MODULES_32BIT, 0x01) \
    C(LIST_MODULES_64BIT, 0x02) \
    C(LIST_MODULES_ALL, 0x03)

/* One measured number: "TYPE" (size), "TYPE.field" (offset or bit mask), or a constant's name. */
struct abi_entry
{
    const char        *name;
    unsigned long long value;
};

/* Exported by abi_mingw.c, measured on mingw-w64's headers, in the order of
 * ABI_LAYOUT_COMMON, ABI_BITS and ABI_CONSTANTS. */
extern const struct abi_entry abi_mingw_layout[];
extern const unsigned int abi_mingw_layout_count;
extern const struct abi_entry abi_mingw_constants[];
extern const unsigned int abi_mingw_constants_count;
/* Bit fields cannot be measured in a constant expression: this fills out[]
 * (at most max entries) and returns the number of entries. */
unsigned int abi_mingw_bits(struct abi_entry *out, unsigned int max);

#endif  /* ABI_LAYOUT_H */
