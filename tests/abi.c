/*
 * abi.c - structure layouts, prototypes and constants of our psapi.h and
 * tlhelp32.h, against the documentation and against mingw-w64's headers
 *
 * The compile-time assertions prove the documented layouts for the target
 * being built (x86 or x64); the run-time checks are only those that can
 * fail once the file compiled: ours against the numbers abi_mingw.c
 * measured on mingw-w64's headers, the bit fields (which no static assertion
 * reaches), and the bytes the implementation writes at the documented
 * offsets in a real call.
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
#include "impl.h"

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

/* compares the bit fields of ours with the documentation and with mingw-w64's
 * (no static assertion reaches a bit field); both tables come from ABI_BITS,
 * in the same order */
static void check_bits(const struct layout_check *checks, unsigned int count,
                       const struct abi_entry *mingw, unsigned int mingw_count)
{
    unsigned int i;

    for (i = 0; i < count; i++)
    {
        const struct layout_check *c = &checks[i];

        ok(c->ours == c->doc, "bits %s: ours is %s, documented %s\n", c->name, hex64(c->ours), hex64(c->doc));
        if (i < mingw_count)
            ok(c->ours == mingw[i].value, "bits %s: ours is %s, mingw-w64's %s\n",
               c->name, hex64(c->ours), hex64(mingw[i].value));
    }
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
    unsigned int i, overlaps = 0;

    check_bits(checks, ARRAY_SIZE(checks), mingw, count);

    /* the documented masks of each view cover the whole ULONG_PTR without overlap */
    for (i = 0; i < ARRAY_SIZE(checks); i++)
    {
        ULONG_PTR *view;

        if (!strncmp(checks[i].name, "PSAPI_WORKING_SET_BLOCK.", 24)) view = &block;
        else if (!strncmp(checks[i].name, "PSAPI_WORKING_SET_EX_BLOCK.Invalid.", 35)) view = &ex_invalid;
        else view = &ex_valid;
        if (*view & checks[i].doc) overlaps++;
        *view |= (ULONG_PTR)checks[i].doc;
    }
    /* the documented table itself: no two fields share a bit */
    ok(!overlaps, "%u documented bit fields overlap another\n", overlaps);
    ok(block == ~(ULONG_PTR)0, "PSAPI_WORKING_SET_BLOCK fields cover %s\n", hex64(block));
    ok(ex_valid == ~(ULONG_PTR)0, "PSAPI_WORKING_SET_EX_BLOCK fields cover %s\n", hex64(ex_valid));
    ok(ex_invalid == ~(ULONG_PTR)0, "PSAPI_WORKING_SET_EX_BLOCK.Invalid fields cover %s\n",
       hex64(ex_invalid));
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

/* ------------------------------------------------------------------ contents after real calls */

/* doc_size_T and doc_T_F: the documented size and offsets, as numbers */
#define DOC_SIZE(t, x86, x64) enum { doc_size_##t = ABI_DOC(x86, x64) };
#define DOC_FIELD(t, f, x86, x64) enum { doc_##t##_##f = ABI_DOC(x86, x64) };
ABI_LAYOUT_COMMON(DOC_SIZE, DOC_FIELD)
#undef DOC_SIZE
#undef DOC_FIELD

#define CONTENT_CANARY 0xcc
#define CONTENT_ROOM   2048     /* larger than every structure, with room for the canary */

/* a field of a buffer the implementation filled, read at its documented offset */
#define DOC_DWORD(buf, t, f) (*(const DWORD *)((buf) + doc_##t##_##f))
#define DOC_PTR(buf, t, f)   (*(void *const *)((buf) + doc_##t##_##f))
#define DOC_SIZE_T(buf, t, f) (*(const SIZE_T *)((buf) + doc_##t##_##f))

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, void *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, void *);
static BOOL (WINAPI *pThread32First)(HANDLE, void *);
static BOOL (WINAPI *pThread32Next)(HANDLE, void *);
static BOOL (WINAPI *pModule32FirstW)(HANDLE, void *);
static BOOL (WINAPI *pGetModuleInformation)(HANDLE, HMODULE, void *, DWORD);
static BOOL (WINAPI *pGetProcessMemoryInfo)(HANDLE, void *, DWORD);

static BOOL canary_from(const BYTE *buf, size_t from)
{
    for (; from < CONTENT_ROOM; from++) if (buf[from] != CONTENT_CANARY) return FALSE;
    return TRUE;
}

/* a buffer of canaries with dwSize (or cb) set to the documented size */
static void content_init(BYTE *buf, DWORD size)
{
    memset(buf, CONTENT_CANARY, CONTENT_ROOM);
    memcpy(buf, &size, sizeof(size));
}

static DWORD pe_image_size(HMODULE module, DWORD *entry)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)module;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const BYTE *)module + dos->e_lfanew);

    *entry = nt->OptionalHeader.AddressOfEntryPoint;
    return nt->OptionalHeader.SizeOfImage;
}

/* What the implementation writes, read at the documented offsets and
 * compared with what this process knows of itself. */
static void test_contents(void)
{
    static BYTE buf[CONTENT_ROOM];
    HMODULE exe = GetModuleHandleW(NULL);
    WCHAR path[MAX_PATH], *base;
    DWORD entry, image_size = pe_image_size(exe, &entry);
    HANDLE snap;
    BOOL ret, found;

    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Thread32Next);
    IMPL_TOOLHELP(Module32FirstW);
    IMPL_PSAPI(GetModuleInformation);
    IMPL_PSAPI(GetProcessMemoryInfo);
    if (!pCreateToolhelp32Snapshot || !pProcess32FirstW || !pThread32First || !pModule32FirstW
        || !pGetModuleInformation || !pGetProcessMemoryInfo)
    {
        win_skip("functions missing in %s\n", impl_name());
        return;
    }
    GetModuleFileNameW(NULL, path, ARRAY_SIZE(path));
    base = wcsrchr(path, '\\') ? wcsrchr(path, '\\') + 1 : path;

    /* PROCESSENTRY32W: the calling process */
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    ok(snap != INVALID_HANDLE_VALUE, "snapshot failed: %lu\n", GetLastError());
    content_init(buf, doc_size_PROCESSENTRY32W);
    found = FALSE;
    for (ret = pProcess32FirstW(snap, buf); ret && !found; ret = found || pProcess32NextW(snap, buf))
        found = DOC_DWORD(buf, PROCESSENTRY32W, th32ProcessID) == GetCurrentProcessId();
    ok(found, "the calling process is not in the snapshot\n");
    if (found)
    {
        ok(DOC_DWORD(buf, PROCESSENTRY32W, dwSize) == doc_size_PROCESSENTRY32W, "dwSize %lu\n",
           DOC_DWORD(buf, PROCESSENTRY32W, dwSize));
        ok(DOC_DWORD(buf, PROCESSENTRY32W, cntThreads) >= 1, "cntThreads %lu\n",
           DOC_DWORD(buf, PROCESSENTRY32W, cntThreads));
        ok(!lstrcmpiW((const WCHAR *)(buf + doc_PROCESSENTRY32W_szExeFile), base), "szExeFile %s, expected %s\n",
           wine_dbgstr_w((const WCHAR *)(buf + doc_PROCESSENTRY32W_szExeFile)), wine_dbgstr_w(base));
        ok(canary_from(buf, doc_size_PROCESSENTRY32W), "written past the documented size\n");
    }

    /* THREADENTRY32: the calling thread */
    content_init(buf, doc_size_THREADENTRY32);
    found = FALSE;
    for (ret = pThread32First(snap, buf); ret && !found; ret = found || pThread32Next(snap, buf))
        found = DOC_DWORD(buf, THREADENTRY32, th32ThreadID) == GetCurrentThreadId();
    ok(found, "the calling thread is not in the snapshot\n");
    if (found)
    {
        ok(DOC_DWORD(buf, THREADENTRY32, th32OwnerProcessID) == GetCurrentProcessId(), "owner %#lx\n",
           DOC_DWORD(buf, THREADENTRY32, th32OwnerProcessID));
        /* a priority, 0 to 31 (unwritten, the canary is negative) */
        ok((LONG)DOC_DWORD(buf, THREADENTRY32, tpBasePri) >= 0
           && (LONG)DOC_DWORD(buf, THREADENTRY32, tpBasePri) <= 31,
           "tpBasePri %ld\n", (LONG)DOC_DWORD(buf, THREADENTRY32, tpBasePri));
        ok(canary_from(buf, doc_size_THREADENTRY32), "written past the documented size\n");
    }
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    /* MODULEENTRY32W: the main module comes first */
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    ok(snap != INVALID_HANDLE_VALUE, "module snapshot failed: %lu\n", GetLastError());
    content_init(buf, doc_size_MODULEENTRY32W);
    ret = pModule32FirstW(snap, buf);
    ok(ret, "Module32FirstW failed: %lu\n", GetLastError());
    if (ret)
    {
        ok(DOC_DWORD(buf, MODULEENTRY32W, th32ProcessID) == GetCurrentProcessId(), "th32ProcessID %#lx\n",
           DOC_DWORD(buf, MODULEENTRY32W, th32ProcessID));
        ok(DOC_PTR(buf, MODULEENTRY32W, modBaseAddr) == exe && DOC_PTR(buf, MODULEENTRY32W, hModule) == exe,
           "modBaseAddr %p, hModule %p, expected %p\n", DOC_PTR(buf, MODULEENTRY32W, modBaseAddr),
           DOC_PTR(buf, MODULEENTRY32W, hModule), exe);
        ok(DOC_DWORD(buf, MODULEENTRY32W, modBaseSize) == image_size, "modBaseSize %#lx, expected %#lx\n",
           DOC_DWORD(buf, MODULEENTRY32W, modBaseSize), image_size);
        ok(!lstrcmpiW((const WCHAR *)(buf + doc_MODULEENTRY32W_szModule), base), "szModule %s\n",
           wine_dbgstr_w((const WCHAR *)(buf + doc_MODULEENTRY32W_szModule)));
        ok(!lstrcmpiW((const WCHAR *)(buf + doc_MODULEENTRY32W_szExePath), path), "szExePath %s\n",
           wine_dbgstr_w((const WCHAR *)(buf + doc_MODULEENTRY32W_szExePath)));
        ok(canary_from(buf, doc_size_MODULEENTRY32W), "written past the documented size\n");
    }
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    /* MODULEINFO of the main module, against its PE header */
    memset(buf, CONTENT_CANARY, CONTENT_ROOM);
    ret = pGetModuleInformation(GetCurrentProcess(), exe, buf, doc_size_MODULEINFO);
    ok(ret, "GetModuleInformation failed: %lu\n", GetLastError());
    ok(DOC_PTR(buf, MODULEINFO, lpBaseOfDll) == exe, "lpBaseOfDll %p\n", DOC_PTR(buf, MODULEINFO, lpBaseOfDll));
    ok(DOC_DWORD(buf, MODULEINFO, SizeOfImage) == image_size, "SizeOfImage %#lx\n",
       DOC_DWORD(buf, MODULEINFO, SizeOfImage));
    ok(DOC_PTR(buf, MODULEINFO, EntryPoint) == (BYTE *)exe + entry, "EntryPoint %p\n",
       DOC_PTR(buf, MODULEINFO, EntryPoint));
    ok(canary_from(buf, doc_size_MODULEINFO), "written past the documented size\n");

    /* PROCESS_MEMORY_COUNTERS */
    memset(buf, CONTENT_CANARY, CONTENT_ROOM);
    ret = pGetProcessMemoryInfo(GetCurrentProcess(), buf, doc_size_PROCESS_MEMORY_COUNTERS);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ok(DOC_DWORD(buf, PROCESS_MEMORY_COUNTERS, cb) == doc_size_PROCESS_MEMORY_COUNTERS, "cb %lu\n",
       DOC_DWORD(buf, PROCESS_MEMORY_COUNTERS, cb));
    ok(DOC_SIZE_T(buf, PROCESS_MEMORY_COUNTERS, WorkingSetSize) >= 0x1000
       && DOC_SIZE_T(buf, PROCESS_MEMORY_COUNTERS, PeakWorkingSetSize)
          >= DOC_SIZE_T(buf, PROCESS_MEMORY_COUNTERS, WorkingSetSize),
       "WorkingSetSize %Iu, PeakWorkingSetSize %Iu\n", DOC_SIZE_T(buf, PROCESS_MEMORY_COUNTERS, WorkingSetSize),
       DOC_SIZE_T(buf, PROCESS_MEMORY_COUNTERS, PeakWorkingSetSize));
    ok(canary_from(buf, doc_size_PROCESS_MEMORY_COUNTERS), "written past the documented size\n");
}

START_TEST(abi)
{
    trace("implementation: %s\n", impl_name());
    test_contents();
    test_bits();
    test_names();
}
