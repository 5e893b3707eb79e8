/*
 * Conformance tests across bitness: a 64-bit caller inspecting a 32-bit
 * (WOW64) process, and a 32-bit caller under WOW64 inspecting a 64-bit one,
 * through the module functions of PSAPI and Toolhelp32, heap lists, names,
 * memory counters and the process and thread lists.
 *
 * The process of the other bitness is the system's own cmd.exe (SysWOW64
 * for a 64-bit caller, Sysnative for a 32-bit one), kept alive on a pipe:
 * it is ready once it answers an echo, and ends when its input closes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <windows.h>
#include <winternl.h>
#include <tlhelp32.h>
#include <psapi.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pModule32FirstW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pModule32NextW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pThread32Next)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32First)(HEAPENTRY32 *, DWORD, ULONG_PTR);
static BOOL (WINAPI *pEnumProcesses)(DWORD *, DWORD, DWORD *);
static BOOL (WINAPI *pEnumProcessModules)(HANDLE, HMODULE *, DWORD, DWORD *);
static BOOL (WINAPI *pEnumProcessModulesEx)(HANDLE, HMODULE *, DWORD, DWORD *, DWORD);
static DWORD (WINAPI *pGetModuleBaseNameW)(HANDLE, HMODULE, WCHAR *, DWORD);
static DWORD (WINAPI *pGetModuleFileNameExW)(HANDLE, HMODULE, WCHAR *, DWORD);
static BOOL (WINAPI *pGetModuleInformation)(HANDLE, HMODULE, MODULEINFO *, DWORD);
static DWORD (WINAPI *pGetProcessImageFileNameW)(HANDLE, WCHAR *, DWORD);
static BOOL (WINAPI *pGetProcessMemoryInfo)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD);

#define MAX_MODULES 512

/* ------------------------------------------------------------------ the other process */

struct other
{
    PROCESS_INFORMATION pi;
    HANDLE input, output;     /* our ends of its standard input and output */
};

/* Whether the process answers an echo within 30 s: it has started and its
 * loader has run (the caret keeps the command line from matching). */
static BOOL other_answers(struct other *other)
{
    static const char command[] = "echo k32^-ready\r\n";
    char seen[4096];
    DWORD len = 0, avail, got, start = GetTickCount();

    if (!WriteFile(other->input, command, sizeof(command) - 1, &got, NULL)) return FALSE;
    while (GetTickCount() - start < 30000)
    {
        if (!PeekNamedPipe(other->output, NULL, 0, NULL, &avail, NULL)) return FALSE;
        if (!avail)
        {
            if (WaitForSingleObject(other->pi.hProcess, 10) == WAIT_OBJECT_0) return FALSE;
            continue;
        }
        if (len + avail >= sizeof(seen)) len = 0;
        if (!ReadFile(other->output, seen + len, avail, &got, NULL)) return FALSE;
        len += got;
        seen[len] = 0;
        if (strstr(seen, "k32-ready")) return TRUE;
    }
    return FALSE;
}

/* Starts cmd.exe from folder (a path under the Windows folder). */
static BOOL start_other(struct other *other, const WCHAR *folder)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOW si = { sizeof(si) };
    HANDLE child_in, child_out;
    WCHAR cmd[MAX_PATH + 32];

    memset(other, 0, sizeof(*other));
    if (!CreatePipe(&child_in, &other->input, &sa, 0)) return FALSE;
    if (!CreatePipe(&other->output, &child_out, &sa, 0))
    {
        CloseHandle(child_in);
        CloseHandle(other->input);
        return FALSE;
    }
    SetHandleInformation(other->input, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(other->output, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = child_in;
    si.hStdOutput = si.hStdError = child_out;
    swprintf(cmd, ARRAY_SIZE(cmd), L"\"%ls\\cmd.exe\" /q /k", folder);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &other->pi))
    {
        skip("cannot start %s: %lu\n", wine_dbgstr_w(cmd), GetLastError());
        CloseHandle(child_in);
        CloseHandle(child_out);
        CloseHandle(other->input);
        CloseHandle(other->output);
        return FALSE;
    }
    CloseHandle(child_in);
    CloseHandle(child_out);
    ok(other_answers(other), "%s did not answer\n", wine_dbgstr_w(cmd));
    return TRUE;
}

/* Ends it: its input closes (cmd.exe exits), bounded, then terminated. */
static void stop_other(struct other *other)
{
    CloseHandle(other->input);
    if (WaitForSingleObject(other->pi.hProcess, 5000) != WAIT_OBJECT_0)
    {
        TerminateProcess(other->pi.hProcess, 1);
        WaitForSingleObject(other->pi.hProcess, 5000);
    }
    CloseHandle(other->output);
    CloseHandle(other->pi.hProcess);
    CloseHandle(other->pi.hThread);
}

static BOOL ends_with(const WCHAR *str, const WCHAR *tail)
{
    size_t len = wcslen(str), tail_len = wcslen(tail);
    return len >= tail_len && !lstrcmpiW(str + len - tail_len, tail);
}

/* ------------------------------------------------------------------ 64-bit caller */

#ifdef _WIN64

static BOOL in_folder(const WCHAR *path, const WCHAR *dir)
{
    size_t len = wcslen(dir);
    return !_wcsnicmp(path, dir, len) && path[len] == '\\' && !wcschr(path + len + 1, '\\');
}

/* The entries of a module snapshot of pid; -1 when it fails (error kept). */
static int snap_modules(DWORD flags, DWORD pid, MODULEENTRY32W *list, int max)
{
    MODULEENTRY32W me;
    HANDLE snap;
    int count = 0;
    BOOL ret;

    if ((snap = pCreateToolhelp32Snapshot(flags, pid)) == INVALID_HANDLE_VALUE) return -1;
    me.dwSize = sizeof(me);
    SetLastError(0xdeadbeef);
    for (ret = pModule32FirstW(snap, &me); ret && count < max; ret = pModule32NextW(snap, &me))
        list[count++] = me;
    if (!count) ok(GetLastError() == ERROR_NO_MORE_FILES, "Module32FirstW: error %lu\n", GetLastError());
    CloseHandle(snap);
    return count;
}

static int count_named(const MODULEENTRY32W *list, int count, const WCHAR *name, const WCHAR *dir, int *in_dir)
{
    int i, n = 0;

    *in_dir = 0;
    for (i = 0; i < count; i++)
    {
        if (lstrcmpiW(list[i].szModule, name)) continue;
        n++;
        if (in_folder(list[i].szExePath, dir)) (*in_dir)++;
    }
    return n;
}

/* EnumProcessModulesEx into list; -1 when it fails (error kept). */
static int enum_modules(HANDLE process, DWORD filter, HMODULE *list, DWORD max)
{
    DWORD needed = 0xdeadbeef;

    if (!pEnumProcessModulesEx(process, list, max * sizeof(*list), &needed, filter)) return -1;
    ok(needed % sizeof(HMODULE) == 0 && needed <= max * sizeof(HMODULE), "filter %#lx: needed %lu\n", filter, needed);
    return needed / sizeof(HMODULE);
}

static BOOL has_base(const HMODULE *list, int count, const void *base)
{
    int i;
    for (i = 0; i < count; i++) if (list[i] == base) return TRUE;
    return FALSE;
}

/* Whether the 64-bit PEB of the process holds a loader list. Windows keeps
 * one in a WOW64 process (64-bit ntdll.dll and the WOW64 layer); a system
 * that keeps none cannot list 64-bit modules there. PEB.Ldr is at 3
 * pointers (winternl.h). */
static BOOL has_native_list(HANDLE process)
{
    PROCESS_BASIC_INFORMATION info;
    ULONG_PTR ldr = 0;

    if (NtQueryInformationProcess(process, ProcessBasicInformation, &info, sizeof(info), NULL)) return FALSE;
    if (!ReadProcessMemory(process, (char *)info.PebBaseAddress + 3 * sizeof(void *), &ldr, sizeof(ldr), NULL))
        return FALSE;
    return ldr != 0;
}

/* "TH32CS_SNAPMODULE32: Includes all 32-bit modules of the process specified
 * in th32ProcessID in the snapshot when called from a 64-bit process. This
 * flag can be combined with TH32CS_SNAPMODULE" (CreateToolhelp32Snapshot). */
static void test_snapshot_of_32bit(const struct other *other, const WCHAR *wow64_dir, const WCHAR *sys_dir,
                                   BOOL native_list)
{
    static MODULEENTRY32W list32[MAX_MODULES], list64[MAX_MODULES], both[MAX_MODULES];
    int n32, n64, nboth, count, in_dir, i;
    DWORD pid = other->pi.dwProcessId;
    BOOL below_4g = TRUE, same_pid = TRUE;

    n32 = snap_modules(TH32CS_SNAPMODULE32, pid, list32, MAX_MODULES);
    todo_wine_if(!impl_is_ours())
    ok(n32 > 0, "TH32CS_SNAPMODULE32: %d entries, error %lu\n", n32, GetLastError());
    if (n32 > 0)
    {
        ok(!lstrcmpiW(list32[0].szModule, L"cmd.exe"), "first 32-bit module %s\n", wine_dbgstr_w(list32[0].szModule));
        ok(in_folder(list32[0].szExePath, wow64_dir), "cmd.exe at %s\n", wine_dbgstr_w(list32[0].szExePath));
        count = count_named(list32, n32, L"kernel32.dll", wow64_dir, &in_dir);
        ok(count == 1 && in_dir == 1, "%d kernel32.dll in the 32-bit list, %d in %s\n", count, in_dir,
           wine_dbgstr_w(wow64_dir));
        /* its 32-bit path, not the one the process names in its redirected view */
        count = count_named(list32, n32, L"ntdll.dll", wow64_dir, &in_dir);
        ok(count == 1 && in_dir == 1, "%d ntdll.dll in the 32-bit list, %d in %s\n", count, in_dir,
           wine_dbgstr_w(wow64_dir));
        for (i = 0; i < n32; i++)
        {
            if ((ULONG_PTR)list32[i].modBaseAddr + list32[i].modBaseSize > 0x100000000ull) below_4g = FALSE;
            if (list32[i].th32ProcessID != pid || list32[i].hModule != (HMODULE)list32[i].modBaseAddr) same_pid = FALSE;
        }
        ok(below_4g, "a 32-bit module above 4 GiB\n");
        ok(same_pid, "an entry names another process or handle\n");
    }

    /* TH32CS_SNAPMODULE alone: the 64-bit modules, what the system keeps of them */
    n64 = snap_modules(TH32CS_SNAPMODULE, pid, list64, MAX_MODULES);
    todo_wine_if(!impl_is_ours())
    ok(n64 >= 0, "TH32CS_SNAPMODULE failed: %lu\n", GetLastError());
    count = count_named(list64, n64, L"ntdll.dll", sys_dir, &in_dir);
    if (native_list)
        ok(count == 1 && in_dir == 1, "%d ntdll.dll in the 64-bit list, %d in %s\n", count, in_dir, wine_dbgstr_w(sys_dir));
    else
        todo_wine_if(!impl_is_ours())
        ok(n64 == 0, "%d 64-bit modules listed where the process keeps no 64-bit list\n", n64);
    count = count_named(list64, n64, L"kernel32.dll", wow64_dir, &in_dir);
    ok(!in_dir, "the 32-bit kernel32.dll in the 64-bit list\n");

    /* both flags: both lists */
    nboth = snap_modules(TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32, pid, both, MAX_MODULES);
    todo_wine_if(!impl_is_ours())
    ok(nboth > 0 && nboth >= n32 && nboth >= n64, "both flags: %d entries (%d and %d alone), error %lu\n",
       nboth, n32, n64, GetLastError());
    if (nboth > 0 && n32 > 0)
    {
        count = count_named(both, nboth, L"ntdll.dll", wow64_dir, &in_dir);
        ok(count == 1 + (native_list ? 1 : 0) && in_dir == 1, "%d ntdll.dll in both lists, %d of them 32-bit\n",
           count, in_dir);
    }
}

/* EnumProcessModulesEx: "LIST_MODULES_32BIT: List the 32-bit modules.
 * LIST_MODULES_64BIT: List the 64-bit modules. LIST_MODULES_ALL: List all
 * modules. LIST_MODULES_DEFAULT: Use the default behavior"; each module
 * read back by name, path and information. */
static void test_psapi_of_32bit(const struct other *other, const WCHAR *wow64_dir, BOOL native_list)
{
    static MODULEENTRY32W snap32[MAX_MODULES], snap64[MAX_MODULES];
    static HMODULE list32[MAX_MODULES], list64[MAX_MODULES], all[MAX_MODULES], deflt[MAX_MODULES];
    HANDLE process = other->pi.hProcess;
    int n32, n64, nall, ndef, s32, s64, i;
    BOOL same = TRUE, listed = TRUE;
    WCHAR name[MAX_PATH], path[MAX_PATH];
    MODULEINFO info;
    DWORD len;

    s32 = snap_modules(TH32CS_SNAPMODULE32, other->pi.dwProcessId, snap32, MAX_MODULES);
    s64 = snap_modules(TH32CS_SNAPMODULE, other->pi.dwProcessId, snap64, MAX_MODULES);
    n32 = enum_modules(process, LIST_MODULES_32BIT, list32, MAX_MODULES);
    n64 = enum_modules(process, LIST_MODULES_64BIT, list64, MAX_MODULES);
    nall = enum_modules(process, LIST_MODULES_ALL, all, MAX_MODULES);
    ndef = enum_modules(process, LIST_MODULES_DEFAULT, deflt, MAX_MODULES);
    ok(n32 > 0, "LIST_MODULES_32BIT: %d, error %lu\n", n32, GetLastError());
    ok(n64 >= 0 && nall >= 0 && ndef >= 0, "%d, %d, %d modules, error %lu\n", n64, nall, ndef, GetLastError());

    /* the same lists as the snapshots, in the same order */
    if (s32 > 0)
    {
        todo_wine_if(!impl_is_ours())
        ok(n32 == s32, "LIST_MODULES_32BIT: %d modules, TH32CS_SNAPMODULE32 %d\n", n32, s32);
        for (i = 0; i < n32 && i < s32; i++) if (list32[i] != (HMODULE)snap32[i].modBaseAddr) same = FALSE;
        ok(same, "the 32-bit lists differ\n");
    }
    if (s64 >= 0)
    {
        todo_wine_if(!impl_is_ours() && s64 != n64)
        ok(n64 == s64, "LIST_MODULES_64BIT: %d modules, TH32CS_SNAPMODULE %d\n", n64, s64);
        same = TRUE;
        for (i = 0; i < n64 && i < s64; i++) if (list64[i] != (HMODULE)snap64[i].modBaseAddr) same = FALSE;
        ok(same, "the 64-bit lists differ\n");
    }
    if (!native_list)
        todo_wine_if(!impl_is_ours())
        ok(n64 == 0, "LIST_MODULES_64BIT: %d modules where the process keeps no 64-bit list\n", n64);
    /* the default of a 64-bit caller is its own bitness */
    ok(ndef == n64, "LIST_MODULES_DEFAULT: %d modules, LIST_MODULES_64BIT %d\n", ndef, n64);
    for (i = 0; i < n32; i++) if (!has_base(all, nall, list32[i])) listed = FALSE;
    for (i = 0; i < n64; i++) if (!has_base(all, nall, list64[i])) listed = FALSE;
    for (i = 0; i < nall; i++) if (!has_base(list32, n32, all[i]) && !has_base(list64, n64, all[i])) listed = FALSE;
    ok(listed, "LIST_MODULES_ALL (%d) is not the union of the 32-bit (%d) and 64-bit (%d) lists\n", nall, n32, n64);

    /* each 32-bit module read back */
    for (i = 0; i < n32 && i < s32; i++)
    {
        if (list32[i] != (HMODULE)snap32[i].modBaseAddr) break;
        winetest_push_context("%s", wine_dbgstr_w(snap32[i].szModule));
        len = pGetModuleBaseNameW(process, list32[i], name, ARRAY_SIZE(name));
        ok(len && !lstrcmpW(name, snap32[i].szModule), "GetModuleBaseNameW: %lu %s\n", len, wine_dbgstr_w(name));
        len = pGetModuleFileNameExW(process, list32[i], path, ARRAY_SIZE(path));
        todo_wine_if(!impl_is_ours() && !in_folder(path, wow64_dir))
        ok(len && !lstrcmpW(path, snap32[i].szExePath), "GetModuleFileNameExW: %lu %s, snapshot %s\n", len,
           wine_dbgstr_w(path), wine_dbgstr_w(snap32[i].szExePath));
        memset(&info, 0xcc, sizeof(info));
        ok(pGetModuleInformation(process, list32[i], &info, sizeof(info)), "GetModuleInformation: %lu\n", GetLastError());
        ok(info.lpBaseOfDll == snap32[i].modBaseAddr && info.SizeOfImage == snap32[i].modBaseSize,
           "GetModuleInformation: %p+%#lx, snapshot %p+%#lx\n", info.lpBaseOfDll, info.SizeOfImage,
           snap32[i].modBaseAddr, snap32[i].modBaseSize);
        winetest_pop_context();
    }

    /* the process's own image: its 32-bit path, in both forms */
    len = pGetModuleFileNameExW(process, NULL, path, ARRAY_SIZE(path));
    ok(len && in_folder(path, wow64_dir) && ends_with(path, L"\\cmd.exe"), "GetModuleFileNameExW(NULL): %lu %s\n",
       len, wine_dbgstr_w(path));
    len = pGetProcessImageFileNameW(process, path, ARRAY_SIZE(path));
    ok(len && !wcsncmp(path, L"\\Device\\", 8) && ends_with(path, L"\\SysWOW64\\cmd.exe"),
       "GetProcessImageFileNameW: %lu %s\n", len, wine_dbgstr_w(path));
}

/* The heaps of a 32-bit process read by a 64-bit caller: a list, or a
 * documented failure, and never harm to the process. */
static void test_heaps_of_32bit(struct other *other)
{
    HEAPLIST32 hl;
    HEAPENTRY32 he;
    HANDLE snap;
    DWORD lists = 0;
    BOOL ret;

    SetLastError(0xdeadbeef);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, other->pi.dwProcessId);
    if (snap == INVALID_HANDLE_VALUE)
        todo_wine_if(!impl_is_ours())
        ok(GetLastError() == ERROR_PARTIAL_COPY || GetLastError() == ERROR_ACCESS_DENIED,
           "TH32CS_SNAPHEAPLIST: error %lu\n", GetLastError());
    else
    {
        hl.dwSize = sizeof(hl);
        for (ret = pHeap32ListFirst(snap, &hl); ret && lists < 64; ret = pHeap32ListNext(snap, &hl))
        {
            ok(hl.th32ProcessID == other->pi.dwProcessId, "heap list of process %lu\n", hl.th32ProcessID);
            if (!lists++)
            {
                he.dwSize = sizeof(he);
                SetLastError(0xdeadbeef);
                if (!pHeap32First(&he, hl.th32ProcessID, hl.th32HeapID))
                    ok(GetLastError() == ERROR_NO_MORE_FILES || GetLastError() == ERROR_PARTIAL_COPY,
                       "Heap32First: error %lu\n", GetLastError());
            }
        }
        trace("%lu heaps of the 32-bit process listed\n", lists);
        CloseHandle(snap);
    }
    /* the process lives on and still answers */
    ok(WaitForSingleObject(other->pi.hProcess, 0) == WAIT_TIMEOUT, "the 32-bit process ended\n");
    ok(other_answers(other), "the 32-bit process stopped answering\n");
}

static void test_64bit_caller(void)
{
    WCHAR wow64_dir[MAX_PATH], sys_dir[MAX_PATH];
    struct other other;
    BOOL native_list;

    if (!GetSystemWow64DirectoryW(wow64_dir, ARRAY_SIZE(wow64_dir)))
    {
        skip("no WOW64 here: %lu\n", GetLastError());
        return;
    }
    GetSystemDirectoryW(sys_dir, ARRAY_SIZE(sys_dir));
    if (!start_other(&other, wow64_dir)) return;
    native_list = has_native_list(other.pi.hProcess);
    test_snapshot_of_32bit(&other, wow64_dir, sys_dir, native_list);
    test_psapi_of_32bit(&other, wow64_dir, native_list);
    test_heaps_of_32bit(&other);
    stop_other(&other);
}

#else  /* _WIN64 */

/* ------------------------------------------------------------------ 32-bit caller */

/* "If the specified process is a 64-bit process and the caller is a 32-bit
 * process, this function fails and the last error code is
 * ERROR_PARTIAL_COPY (299)" (CreateToolhelp32Snapshot); "If the function is
 * called by a 32-bit application running under WOW64, it can only enumerate
 * the modules of a 32-bit process. If the process is a 64-bit process, this
 * function fails and the last error code is ERROR_PARTIAL_COPY"
 * (EnumProcessModules, EnumProcessModulesEx). The process and thread lists
 * and the other functions work. */
static void test_32bit_caller(void)
{
    static const DWORD module_flags[] =
    {
        /* (TH32CS_SNAPMODULE32 alone is for 64-bit callers: not asked here) */
        TH32CS_SNAPMODULE, TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32, TH32CS_SNAPHEAPLIST, TH32CS_SNAPALL,
    };
    static const DWORD filters[] = { LIST_MODULES_DEFAULT, LIST_MODULES_32BIT, LIST_MODULES_64BIT, LIST_MODULES_ALL };
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    PROCESS_MEMORY_COUNTERS pmc;
    PROCESSENTRY32W pe;
    THREADENTRY32 te;
    HMODULE list[MAX_MODULES];
    DWORD pids[4096], needed, len, i, threads = 0;
    BOOL wow64 = FALSE, ret, found = FALSE;
    struct other other;
    HANDLE snap;

    if (!IsWow64Process(GetCurrentProcess(), &wow64) || !wow64)
    {
        skip("not a 32-bit process on a 64-bit system\n");
        return;
    }
    GetWindowsDirectoryW(dir, ARRAY_SIZE(dir));
    lstrcatW(dir, L"\\Sysnative");
    if (!start_other(&other, dir)) return;

    for (i = 0; i < ARRAY_SIZE(module_flags); i++)
    {
        SetLastError(0xdeadbeef);
        snap = pCreateToolhelp32Snapshot(module_flags[i], other.pi.dwProcessId);
        todo_wine_if(!impl_is_ours())
        ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PARTIAL_COPY,
           "flags %#lx: %p, error %lu\n", module_flags[i], snap, GetLastError());
        if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
    }
    SetLastError(0xdeadbeef);
    ret = pEnumProcessModules(other.pi.hProcess, list, sizeof(list), &needed);
    todo_wine_if(!impl_is_ours())
    ok(!ret && GetLastError() == ERROR_PARTIAL_COPY, "EnumProcessModules: %d, error %lu\n", ret, GetLastError());
    for (i = 0; i < ARRAY_SIZE(filters); i++)
    {
        /* "If the function is called by a 32-bit application running under
         * WOW64, the dwFilterFlag option is ignored" */
        SetLastError(0xdeadbeef);
        ret = pEnumProcessModulesEx(other.pi.hProcess, list, sizeof(list), &needed, filters[i]);
        todo_wine_if(!impl_is_ours())
        ok(!ret && GetLastError() == ERROR_PARTIAL_COPY, "EnumProcessModulesEx(%#lx): %d, error %lu\n",
           filters[i], ret, GetLastError());
    }

    /* the process and thread lists have it */
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, other.pi.dwProcessId);
    ok(snap != INVALID_HANDLE_VALUE, "process and thread snapshot failed: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE)
    {
        pe.dwSize = sizeof(pe);
        for (ret = pProcess32FirstW(snap, &pe); ret; ret = pProcess32NextW(snap, &pe))
            if (pe.th32ProcessID == other.pi.dwProcessId)
            {
                found = TRUE;
                ok(!lstrcmpiW(pe.szExeFile, L"cmd.exe"), "szExeFile %s\n", wine_dbgstr_w(pe.szExeFile));
            }
        ok(found, "the 64-bit process is not in the process list\n");
        te.dwSize = sizeof(te);
        for (ret = pThread32First(snap, &te); ret; ret = pThread32Next(snap, &te))
            if (te.th32OwnerProcessID == other.pi.dwProcessId) threads++;
        ok(threads >= 1, "%lu threads of the 64-bit process\n", threads);
        CloseHandle(snap);
    }
    ok(pEnumProcesses(pids, sizeof(pids), &needed), "EnumProcesses failed: %lu\n", GetLastError());
    for (found = FALSE, i = 0; i < needed / sizeof(DWORD); i++) if (pids[i] == other.pi.dwProcessId) found = TRUE;
    ok(found, "the 64-bit process is not in EnumProcesses\n");

    /* names and counters need no module list */
    len = pGetProcessImageFileNameW(other.pi.hProcess, path, ARRAY_SIZE(path));
    ok(len && !wcsncmp(path, L"\\Device\\", 8) && ends_with(path, L"\\cmd.exe"), "GetProcessImageFileNameW: %lu %s\n",
       len, wine_dbgstr_w(path));
    memset(&pmc, 0xcc, sizeof(pmc));
    ok(pGetProcessMemoryInfo(other.pi.hProcess, &pmc, sizeof(pmc)), "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ok(pmc.cb == sizeof(pmc) && pmc.WorkingSetSize && pmc.PeakWorkingSetSize >= pmc.WorkingSetSize,
       "cb %lu, working set %Iu, peak %Iu\n", pmc.cb, pmc.WorkingSetSize, pmc.PeakWorkingSetSize);

    ok(other_answers(&other), "the 64-bit process stopped answering\n");
    stop_other(&other);
}
#endif /* _WIN64 */

START_TEST(bitness)
{
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Module32FirstW);
    IMPL_TOOLHELP(Module32NextW);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Thread32Next);
    IMPL_TOOLHELP(Heap32ListFirst);
    IMPL_TOOLHELP(Heap32ListNext);
    IMPL_TOOLHELP(Heap32First);
    IMPL_PSAPI(EnumProcesses);
    IMPL_PSAPI(EnumProcessModules);
    IMPL_PSAPI(EnumProcessModulesEx);
    IMPL_PSAPI(GetModuleBaseNameW);
    IMPL_PSAPI(GetModuleFileNameExW);
    IMPL_PSAPI(GetModuleInformation);
    IMPL_PSAPI(GetProcessImageFileNameW);
    IMPL_PSAPI(GetProcessMemoryInfo);
    if (!pModule32FirstW || !pEnumProcessModulesEx)
    {
        win_skip("the module functions are missing in %s\n", impl_name());
        return;
    }
#ifdef _WIN64
    test_64bit_caller();
#else
    test_32bit_caller();
#endif
}
