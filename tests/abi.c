/*
 * abi.c - structure layouts, prototypes and constants of our psapi.h and
 * tlhelp32.h, against the documentation and against mingw-w64's headers
 *
 * The compile-time assertions prove the documented layouts for the target
 * being built (x86 or x64); the run-time checks also compare with the
 * numbers abi_mingw.c measured on mingw-w64's headers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The tables name the ANSI structures, which UNICODE would rename. */
#undef UNICODE
#undef _UNICODE

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "psapi.h"
#include "tlhelp32.h"

#include "wine/test.h"
#include "abi_layout.h"

#if !defined(__K32PSAPI_PSAPI_H) || !defined(__K32PSAPI_TLHELP32_H)
#error "abi.c must see the project's headers: put include/ first on the include path"
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define ABI_STR(x)  #x
#define ABI_XSTR(x) ABI_STR(x)

/* ------------------------------------------------------------------ compile time */

#define ASSERT_SIZE(t, x86, x64) \
    _Static_assert(sizeof(t) == ABI_DOC(x86, x64), "size of " #t);
#define ASSERT_FIELD(t, f, x86, x64) \
    _Static_assert(offsetof(t, f) == ABI_DOC(x86, x64), "offset of " #t "." #f);
ABI_LAYOUT_COMMON(ASSERT_SIZE, ASSERT_FIELD)
ABI_LAYOUT_OURS_ONLY(ASSERT_SIZE, ASSERT_FIELD)
#undef ASSERT_SIZE
#undef ASSERT_FIELD

#define ASSERT_CONSTANT(name, value) \
    _Static_assert((unsigned long long)(name) == (value), "value of " #name);
ABI_CONSTANTS(ASSERT_CONSTANT)
#undef ASSERT_CONSTANT

#define ASSERT_TYPE(a, b) \
    _Static_assert(__builtin_types_compatible_p(a, b), #a " is " #b);

/* the documented aliases and pointer typedefs */
ASSERT_TYPE(PERFORMACE_INFORMATION, PERFORMANCE_INFORMATION)
ASSERT_TYPE(PPERFORMACE_INFORMATION, PERFORMANCE_INFORMATION *)
ASSERT_TYPE(PPERFORMANCE_INFORMATION, PERFORMANCE_INFORMATION *)
ASSERT_TYPE(LPMODULEINFO, MODULEINFO *)
ASSERT_TYPE(PPROCESS_MEMORY_COUNTERS, PROCESS_MEMORY_COUNTERS *)
ASSERT_TYPE(PPROCESS_MEMORY_COUNTERS_EX, PROCESS_MEMORY_COUNTERS_EX *)
ASSERT_TYPE(PPROCESS_MEMORY_COUNTERS_EX2, PROCESS_MEMORY_COUNTERS_EX2 *)
ASSERT_TYPE(PPSAPI_WS_WATCH_INFORMATION, PSAPI_WS_WATCH_INFORMATION *)
ASSERT_TYPE(PPSAPI_WS_WATCH_INFORMATION_EX, PSAPI_WS_WATCH_INFORMATION_EX *)
ASSERT_TYPE(PENUM_PAGE_FILE_INFORMATION, ENUM_PAGE_FILE_INFORMATION *)
ASSERT_TYPE(PPSAPI_WORKING_SET_BLOCK, PSAPI_WORKING_SET_BLOCK *)
ASSERT_TYPE(PPSAPI_WORKING_SET_INFORMATION, PSAPI_WORKING_SET_INFORMATION *)
ASSERT_TYPE(PPSAPI_WORKING_SET_EX_BLOCK, PSAPI_WORKING_SET_EX_BLOCK *)
ASSERT_TYPE(PPSAPI_WORKING_SET_EX_INFORMATION, PSAPI_WORKING_SET_EX_INFORMATION *)
ASSERT_TYPE(PHEAPLIST32, HEAPLIST32 *)
ASSERT_TYPE(LPHEAPLIST32, HEAPLIST32 *)
ASSERT_TYPE(PHEAPENTRY32, HEAPENTRY32 *)
ASSERT_TYPE(LPHEAPENTRY32, HEAPENTRY32 *)
ASSERT_TYPE(PPROCESSENTRY32, PROCESSENTRY32 *)
ASSERT_TYPE(LPPROCESSENTRY32, PROCESSENTRY32 *)
ASSERT_TYPE(PPROCESSENTRY32W, PROCESSENTRY32W *)
ASSERT_TYPE(LPPROCESSENTRY32W, PROCESSENTRY32W *)
ASSERT_TYPE(PTHREADENTRY32, THREADENTRY32 *)
ASSERT_TYPE(LPTHREADENTRY32, THREADENTRY32 *)
ASSERT_TYPE(PMODULEENTRY32, MODULEENTRY32 *)
ASSERT_TYPE(LPMODULEENTRY32, MODULEENTRY32 *)
ASSERT_TYPE(PMODULEENTRY32W, MODULEENTRY32W *)
ASSERT_TYPE(LPMODULEENTRY32W, MODULEENTRY32W *)

/* the documented element types of the fixed arrays */
ASSERT_TYPE(__typeof__(((PROCESSENTRY32 *)0)->szExeFile), CHAR[MAX_PATH])
ASSERT_TYPE(__typeof__(((PROCESSENTRY32W *)0)->szExeFile), WCHAR[MAX_PATH])
ASSERT_TYPE(__typeof__(((MODULEENTRY32 *)0)->szModule), char[MAX_MODULE_NAME32 + 1])
ASSERT_TYPE(__typeof__(((MODULEENTRY32 *)0)->szExePath), char[MAX_PATH])
ASSERT_TYPE(__typeof__(((MODULEENTRY32W *)0)->szModule), WCHAR[MAX_MODULE_NAME32 + 1])
ASSERT_TYPE(__typeof__(((MODULEENTRY32W *)0)->szExePath), WCHAR[MAX_PATH])

/* the documented prototypes, calling convention included (it matters on x86) */
#define ASSERT_PROTO(func, type) ASSERT_TYPE(__typeof__(&func), type)
ASSERT_TYPE(PENUM_PAGE_FILE_CALLBACKA, BOOL (CALLBACK *)(LPVOID, PENUM_PAGE_FILE_INFORMATION, LPCSTR))
ASSERT_TYPE(PENUM_PAGE_FILE_CALLBACKW, BOOL (CALLBACK *)(LPVOID, PENUM_PAGE_FILE_INFORMATION, LPCWSTR))
ASSERT_PROTO(K32EmptyWorkingSet, BOOL (WINAPI *)(HANDLE))
ASSERT_PROTO(K32EnumDeviceDrivers, BOOL (WINAPI *)(LPVOID *, DWORD, LPDWORD))
ASSERT_PROTO(K32EnumPageFilesA, BOOL (WINAPI *)(PENUM_PAGE_FILE_CALLBACKA, LPVOID))
ASSERT_PROTO(K32EnumPageFilesW, BOOL (WINAPI *)(PENUM_PAGE_FILE_CALLBACKW, LPVOID))
ASSERT_PROTO(K32EnumProcessModules, BOOL (WINAPI *)(HANDLE, HMODULE *, DWORD, LPDWORD))
ASSERT_PROTO(K32EnumProcessModulesEx, BOOL (WINAPI *)(HANDLE, HMODULE *, DWORD, LPDWORD, DWORD))
ASSERT_PROTO(K32EnumProcesses, BOOL (WINAPI *)(DWORD *, DWORD, LPDWORD))
ASSERT_PROTO(K32GetDeviceDriverBaseNameA, DWORD (WINAPI *)(LPVOID, LPSTR, DWORD))
ASSERT_PROTO(K32GetDeviceDriverBaseNameW, DWORD (WINAPI *)(LPVOID, LPWSTR, DWORD))
ASSERT_PROTO(K32GetDeviceDriverFileNameA, DWORD (WINAPI *)(LPVOID, LPSTR, DWORD))
ASSERT_PROTO(K32GetDeviceDriverFileNameW, DWORD (WINAPI *)(LPVOID, LPWSTR, DWORD))
ASSERT_PROTO(K32GetMappedFileNameA, DWORD (WINAPI *)(HANDLE, LPVOID, LPSTR, DWORD))
ASSERT_PROTO(K32GetMappedFileNameW, DWORD (WINAPI *)(HANDLE, LPVOID, LPWSTR, DWORD))
ASSERT_PROTO(K32GetModuleBaseNameA, DWORD (WINAPI *)(HANDLE, HMODULE, LPSTR, DWORD))
ASSERT_PROTO(K32GetModuleBaseNameW, DWORD (WINAPI *)(HANDLE, HMODULE, LPWSTR, DWORD))
ASSERT_PROTO(K32GetModuleFileNameExA, DWORD (WINAPI *)(HANDLE, HMODULE, LPSTR, DWORD))
ASSERT_PROTO(K32GetModuleFileNameExW, DWORD (WINAPI *)(HANDLE, HMODULE, LPWSTR, DWORD))
ASSERT_PROTO(K32GetModuleInformation, BOOL (WINAPI *)(HANDLE, HMODULE, LPMODULEINFO, DWORD))
ASSERT_PROTO(K32GetPerformanceInfo, BOOL (WINAPI *)(PPERFORMANCE_INFORMATION, DWORD))
ASSERT_PROTO(K32GetProcessImageFileNameA, DWORD (WINAPI *)(HANDLE, LPSTR, DWORD))
ASSERT_PROTO(K32GetProcessImageFileNameW, DWORD (WINAPI *)(HANDLE, LPWSTR, DWORD))
ASSERT_PROTO(K32GetProcessMemoryInfo, BOOL (WINAPI *)(HANDLE, PPROCESS_MEMORY_COUNTERS, DWORD))
ASSERT_PROTO(K32GetWsChanges, BOOL (WINAPI *)(HANDLE, PPSAPI_WS_WATCH_INFORMATION, DWORD))
ASSERT_PROTO(K32GetWsChangesEx, BOOL (WINAPI *)(HANDLE, PPSAPI_WS_WATCH_INFORMATION_EX, PDWORD))
ASSERT_PROTO(K32InitializeProcessForWsWatch, BOOL (WINAPI *)(HANDLE))
ASSERT_PROTO(K32QueryWorkingSet, BOOL (WINAPI *)(HANDLE, PVOID, DWORD))
ASSERT_PROTO(K32QueryWorkingSetEx, BOOL (WINAPI *)(HANDLE, PVOID, DWORD))
ASSERT_PROTO(CreateToolhelp32Snapshot, HANDLE (WINAPI *)(DWORD, DWORD))
ASSERT_PROTO(Heap32ListFirst, BOOL (WINAPI *)(HANDLE, LPHEAPLIST32))
ASSERT_PROTO(Heap32ListNext, BOOL (WINAPI *)(HANDLE, LPHEAPLIST32))
ASSERT_PROTO(Heap32First, BOOL (WINAPI *)(LPHEAPENTRY32, DWORD, ULONG_PTR))
ASSERT_PROTO(Heap32Next, BOOL (WINAPI *)(LPHEAPENTRY32))
ASSERT_PROTO(Toolhelp32ReadProcessMemory, BOOL (WINAPI *)(DWORD, LPCVOID, LPVOID, SIZE_T, SIZE_T *))
ASSERT_PROTO(Process32First, BOOL (WINAPI *)(HANDLE, LPPROCESSENTRY32))
ASSERT_PROTO(Process32Next, BOOL (WINAPI *)(HANDLE, LPPROCESSENTRY32))
ASSERT_PROTO(Process32FirstW, BOOL (WINAPI *)(HANDLE, LPPROCESSENTRY32W))
ASSERT_PROTO(Process32NextW, BOOL (WINAPI *)(HANDLE, LPPROCESSENTRY32W))
ASSERT_PROTO(Thread32First, BOOL (WINAPI *)(HANDLE, LPTHREADENTRY32))
ASSERT_PROTO(Thread32Next, BOOL (WINAPI *)(HANDLE, LPTHREADENTRY32))
ASSERT_PROTO(Module32First, BOOL (WINAPI *)(HANDLE, LPMODULEENTRY32))
ASSERT_PROTO(Module32Next, BOOL (WINAPI *)(HANDLE, LPMODULEENTRY32))
ASSERT_PROTO(Module32FirstW, BOOL (WINAPI *)(HANDLE, LPMODULEENTRY32W))
ASSERT_PROTO(Module32NextW, BOOL (WINAPI *)(HANDLE, LPMODULEENTRY32W))
#undef ASSERT_PROTO

/* ------------------------------------------------------------------ run time */

/* a 64-bit number as text without relying on %llx support in printf */
static const char *hex64(unsigned long long value)
{
    static char buffers[4][24];
    static unsigned int next;
    char *buf = buffers[next++ % ARRAY_SIZE(buffers)];
    unsigned long hi = (unsigned long)(value >> 32), lo = (unsigned long)(value & 0xffffffff);

    if (hi) sprintf(buf, "0x%lx%08lx", hi, lo);
    else sprintf(buf, "0x%lx", lo);
    return buf;
}

struct layout_check
{
    const char        *name;
    unsigned long long ours;
    unsigned long long doc;
};

#define CHECK_SIZE(t, x86, x64)     { #t, sizeof(t), ABI_DOC(x86, x64) },
#define CHECK_FIELD(t, f, x86, x64) { #t "." #f, offsetof(t, f), ABI_DOC(x86, x64) },
static const struct layout_check common_layout[] =
{
    ABI_LAYOUT_COMMON(CHECK_SIZE, CHECK_FIELD)
};
static const struct layout_check ours_only_layout[] =
{
    ABI_LAYOUT_OURS_ONLY(CHECK_SIZE, CHECK_FIELD)
};
#undef CHECK_SIZE
#undef CHECK_FIELD

#define CHECK_CONSTANT(name, value) { #name, (unsigned long long)(name), (value) },
static const struct layout_check constants[] =
{
    ABI_CONSTANTS(CHECK_CONSTANT)
};
#undef CHECK_CONSTANT

/* compares one table of ours with the documentation and, if given, with mingw-w64's */
static void check_table(const char *what, const struct layout_check *checks, unsigned int count,
                        const struct abi_entry *mingw, unsigned int mingw_count)
{
    unsigned int i;

    if (mingw)
        ok(mingw_count == count, "%s: mingw-w64's table has %u entries, ours %u\n",
           what, mingw_count, count);

    for (i = 0; i < count; i++)
    {
        const struct layout_check *c = &checks[i];

        ok(c->ours == c->doc, "%s %s: ours is %s, documented %s\n",
           what, c->name, hex64(c->ours), hex64(c->doc));
        if (!mingw || i >= mingw_count) continue;
        ok(!strcmp(mingw[i].name, c->name), "%s entry %u: mingw-w64's is %s, ours %s\n",
           what, i, mingw[i].name, c->name);
        ok(c->ours == mingw[i].value, "%s %s: ours is %s, mingw-w64's %s\n",
           what, c->name, hex64(c->ours), hex64(mingw[i].value));
    }
}

static void test_layout(void)
{
    check_table("layout", common_layout, ARRAY_SIZE(common_layout),
                abi_mingw_layout, abi_mingw_layout_count);
    /* mingw-w64 lacks these: the documentation only */
    check_table("layout", ours_only_layout, ARRAY_SIZE(ours_only_layout), NULL, 0);
}

/* all ones, through a volatile so that no constant is truncated into a bit field */
static volatile ULONG_PTR all_ones = ~(ULONG_PTR)0;

#define BITS_FUNC(t, id, member, x86, x64) \
    static unsigned long long bits_##t##_##id(void) \
    { \
        t u; \
        memset(&u, 0, sizeof(u)); \
        u.member = all_ones; \
        return u.Flags; \
    }
ABI_BITS(BITS_FUNC)
#undef BITS_FUNC

static void test_bits(void)
{
#define BITS_CHECK(t, id, member, x86, x64) { #t "." #member, bits_##t##_##id(), ABI_DOC(x86, x64) },
    const struct layout_check checks[] = { ABI_BITS(BITS_CHECK) };
#undef BITS_CHECK
    struct abi_entry mingw[ARRAY_SIZE(checks) + 1];
    unsigned int count = abi_mingw_bits(mingw, ARRAY_SIZE(mingw));
    ULONG_PTR block = 0, ex_valid = 0, ex_invalid = 0;
    unsigned int i;

    check_table("bits", checks, ARRAY_SIZE(checks), mingw, count);

    /* the documented masks of each view cover the whole ULONG_PTR without overlap */
    for (i = 0; i < ARRAY_SIZE(checks); i++)
    {
        ULONG_PTR *view;

        if (!strncmp(checks[i].name, "PSAPI_WORKING_SET_BLOCK.", 24)) view = &block;
        else if (!strncmp(checks[i].name, "PSAPI_WORKING_SET_EX_BLOCK.Invalid.", 35)) view = &ex_invalid;
        else view = &ex_valid;
        ok(!(*view & checks[i].doc), "bits %s overlaps another field\n", checks[i].name);
        *view |= (ULONG_PTR)checks[i].doc;
    }
    ok(block == ~(ULONG_PTR)0, "PSAPI_WORKING_SET_BLOCK fields cover %s\n", hex64(block));
    ok(ex_valid == ~(ULONG_PTR)0, "PSAPI_WORKING_SET_EX_BLOCK fields cover %s\n", hex64(ex_valid));
    ok(ex_invalid == ~(ULONG_PTR)0, "PSAPI_WORKING_SET_EX_BLOCK.Invalid fields cover %s\n",
       hex64(ex_invalid));
}

static void test_constants(void)
{
    check_table("constant", constants, ARRAY_SIZE(constants),
                abi_mingw_constants, abi_mingw_constants_count);
}

/* PSAPI_VERSION > 1 maps the plain names to the K32 names; without UNICODE
 * the encoding-neutral names are the A ones */
static void test_names(void)
{
#if PSAPI_VERSION > 1
# define K32 "K32"
#else
# define K32 ""
#endif
#define AW "A"
    static const struct { const char *got, *expected; } names[] =
    {
#define NAME(n) { ABI_XSTR(n), K32 #n },
        NAME(EmptyWorkingSet)
        NAME(EnumDeviceDrivers)
        NAME(EnumPageFilesA)
        NAME(EnumPageFilesW)
        NAME(EnumProcessModules)
        NAME(EnumProcessModulesEx)
        NAME(EnumProcesses)
        NAME(GetDeviceDriverBaseNameA)
        NAME(GetDeviceDriverBaseNameW)
        NAME(GetDeviceDriverFileNameA)
        NAME(GetDeviceDriverFileNameW)
        NAME(GetMappedFileNameA)
        NAME(GetMappedFileNameW)
        NAME(GetModuleBaseNameA)
        NAME(GetModuleBaseNameW)
        NAME(GetModuleFileNameExA)
        NAME(GetModuleFileNameExW)
        NAME(GetModuleInformation)
        NAME(GetPerformanceInfo)
        NAME(GetProcessImageFileNameA)
        NAME(GetProcessImageFileNameW)
        NAME(GetProcessMemoryInfo)
        NAME(GetWsChanges)
        NAME(GetWsChangesEx)
        NAME(InitializeProcessForWsWatch)
        NAME(QueryWorkingSet)
        NAME(QueryWorkingSetEx)
#undef NAME
#define NAME(n) { ABI_XSTR(n), K32 #n AW },
        NAME(EnumPageFiles)
        NAME(GetDeviceDriverBaseName)
        NAME(GetDeviceDriverFileName)
        NAME(GetMappedFileName)
        NAME(GetModuleBaseName)
        NAME(GetModuleFileNameEx)
        NAME(GetProcessImageFileName)
#undef NAME
        { ABI_XSTR(PENUM_PAGE_FILE_CALLBACK), "PENUM_PAGE_FILE_CALLBACK" AW },
    };
#undef K32
#undef AW
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        ok(!strcmp(names[i].got, names[i].expected), "name %s, expected %s\n",
           names[i].got, names[i].expected);
}

START_TEST(abi)
{
    test_layout();
    test_bits();
    test_constants();
    test_names();
}
