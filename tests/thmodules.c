/*
 * Conformance tests of Toolhelp32 module snapshots (TH32CS_SNAPMODULE,
 * Module32First/Next(W)) and of TH32CS_SNAPALL.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <windows.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pModule32First)(HANDLE, MODULEENTRY32 *);
static BOOL (WINAPI *pModule32Next)(HANDLE, MODULEENTRY32 *);
static BOOL (WINAPI *pModule32FirstW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pModule32NextW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);

static DWORD image_size(HMODULE module)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)module;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const BYTE *)module + dos->e_lfanew);
    return nt->OptionalHeader.SizeOfImage;
}

/* Finds module (by base) in a W walk; returns the entries walked. */
static int find_module(HANDLE snap, HMODULE module, MODULEENTRY32W *found)
{
    MODULEENTRY32W me;
    int count = 0;
    BOOL ret;

    me.dwSize = sizeof(me);
    for (ret = pModule32FirstW(snap, &me); ret; ret = pModule32NextW(snap, &me))
    {
        count++;
        if (me.hModule == module && found) *found = me;
    }
    return count;
}

static void test_self(void)
{
    WCHAR exe[MAX_PATH];
    MODULEENTRY32W first, found;
    MODULEENTRY32 ma;
    HANDLE snap;
    int count, count_a = 0;
    BOOL ret;

    GetModuleFileNameW(NULL, exe, ARRAY_SIZE(exe));
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    ok(snap != INVALID_HANDLE_VALUE, "module snapshot failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE) return;

    /* the main module comes first */
    first.dwSize = sizeof(first);
    ret = pModule32FirstW(snap, &first);
    ok(ret, "Module32FirstW failed: %lu\n", GetLastError());
    ok(first.hModule == GetModuleHandleW(NULL), "first module %p, main module %p\n", first.hModule,
       GetModuleHandleW(NULL));
    ok(!lstrcmpiW(first.szExePath, exe), "szExePath %s, expected %s\n", wine_dbgstr_w(first.szExePath),
       wine_dbgstr_w(exe));
    ok(!lstrcmpiW(first.szModule, wcsrchr(exe, '\\') + 1), "szModule %s\n", wine_dbgstr_w(first.szModule));
    ok(first.modBaseAddr == (BYTE *)first.hModule, "modBaseAddr %p, hModule %p\n", first.modBaseAddr, first.hModule);
    ok(first.modBaseSize == image_size(first.hModule), "modBaseSize %#lx, SizeOfImage %#lx\n",
       first.modBaseSize, image_size(first.hModule));
    ok(first.th32ProcessID == GetCurrentProcessId(), "th32ProcessID %#lx\n", first.th32ProcessID);
    ok(first.th32ModuleID == 1, "th32ModuleID %lu\n", first.th32ModuleID);
    ok(first.dwSize == sizeof(first), "dwSize changed to %lu\n", first.dwSize);

    /* system DLLs are there with their real base and size */
    memset(&found, 0, sizeof(found));
    count = find_module(snap, GetModuleHandleA("kernel32.dll"), &found);
    ok(count > 2, "%d modules\n", count);
    ok(found.hModule == GetModuleHandleA("kernel32.dll"), "kernel32 is missing\n");
    ok(!lstrcmpiW(found.szModule, L"kernel32.dll"), "szModule %s\n", wine_dbgstr_w(found.szModule));
    ok(found.modBaseSize == image_size(found.hModule), "kernel32 size %#lx\n", found.modBaseSize);
    memset(&found, 0, sizeof(found));
    find_module(snap, GetModuleHandleA("ntdll.dll"), &found);
    ok(found.hModule == GetModuleHandleA("ntdll.dll"), "ntdll is missing\n");

    /* the A walk sees the same list */
    ma.dwSize = sizeof(ma);
    for (ret = pModule32First(snap, &ma); ret; ret = pModule32Next(snap, &ma))
    {
        if (!count_a++)
        {
            char exe_a[MAX_PATH];
            GetModuleFileNameA(NULL, exe_a, sizeof(exe_a));
            ok(ma.hModule == GetModuleHandleW(NULL) && !lstrcmpiA(ma.szExePath, exe_a), "A: first module %p %s\n",
               ma.hModule, ma.szExePath);
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "A walk ended with %lu\n", GetLastError());
    ok(count_a == count, "A walk saw %d modules, W walk %d\n", count_a, count);

    /* dwSize */
    memset(&first, 0xcc, sizeof(first));
    first.dwSize = sizeof(first) - 1;
    SetLastError(0xdeadbeef);
    ret = pModule32FirstW(snap, &first);
    ok(!ret, "a small dwSize was accepted\n");
    todo_wine_if(!impl_is_ours()) ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());
    ok(first.hModule == (HMODULE)(ULONG_PTR)0xcccccccccccccccc, "the entry was written\n");
    ma.dwSize = sizeof(MODULEENTRY32W);    /* larger than the A structure: accepted */
    ok(pModule32First(snap, &ma), "a larger dwSize was refused: %lu\n", GetLastError());
    CloseHandle(snap);
}

/* A DLL that this process has not loaded (or NULL), for loading and freeing. */
static const char *unloaded_dll(void)
{
    if (!GetModuleHandleA("version.dll")) return "version.dll";
    return GetModuleHandleA("msimg32.dll") ? NULL : "msimg32.dll";
}

/* A DLL loaded after the snapshot is not in it; unloaded, it stays. */
static void test_frozen(void)
{
    const char *name = unloaded_dll();
    MODULEENTRY32W found;
    HANDLE before, after;
    HMODULE dll;

    if (!name)
    {
        skip("version.dll and msimg32.dll are loaded already\n");
        return;
    }
    before = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    dll = LoadLibraryA(name);
    ok(dll != NULL, "cannot load %s\n", name);
    after = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    memset(&found, 0, sizeof(found));
    find_module(before, dll, &found);
    ok(found.hModule != dll, "a later DLL is in the snapshot\n");
    FreeLibrary(dll);
    memset(&found, 0, sizeof(found));
    find_module(after, dll, &found);
    ok(found.hModule == dll, "an unloaded DLL vanished from the snapshot\n");
    CloseHandle(before);
    CloseHandle(after);
}

/* Starts this test as a child in the given mode (see START_TEST) and waits
 * until it says it is ready; end_child ends it. */
static BOOL start_child(const char *mode, PROCESS_INFORMATION *pi, HANDLE *ready)
{
    char exe[MAX_PATH], cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    BOOL ret;

    *ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" thmodules %s %p", exe, mode, *ready);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, pi);
    ok(ret, "CreateProcess failed: %lu\n", GetLastError());
    if (!ret)
    {
        CloseHandle(*ready);
        return FALSE;
    }
    ok(!WaitForSingleObject(*ready, 30000), "the child did not start\n");
    return TRUE;
}

static void end_child(PROCESS_INFORMATION *pi, HANDLE ready)
{
    TerminateProcess(pi->hProcess, 0);
    WaitForSingleObject(pi->hProcess, INFINITE);
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
    CloseHandle(ready);
}

static void test_child(void)
{
    char exe[MAX_PATH];
    PROCESS_INFORMATION pi;
    MODULEENTRY32 first;
    HANDLE snap, ready;

    if (!start_child("child", &pi, &ready)) return;
    GetModuleFileNameA(NULL, exe, sizeof(exe));

    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
    ok(snap != INVALID_HANDLE_VALUE, "module snapshot of the child failed: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE)
    {
        first.dwSize = sizeof(first);
        ok(pModule32First(snap, &first), "Module32First failed: %lu\n", GetLastError());
        ok(!lstrcmpiA(first.szExePath, exe), "child's first module %s, expected %s\n", first.szExePath, exe);
        ok(first.th32ProcessID == pi.dwProcessId, "th32ProcessID %#lx\n", first.th32ProcessID);
        ok(find_module(snap, NULL, NULL) > 2, "too few modules in the child\n");
        CloseHandle(snap);
    }
    end_child(&pi, ready);

    /* the child is gone */
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
    ok(snap == INVALID_HANDLE_VALUE, "module snapshot of an ended process succeeded\n");
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    /* an id that names no process (ids are multiples of 4) */
    SetLastError(0xdeadbeef);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0xfffffff0);
    ok(snap == INVALID_HANDLE_VALUE, "module snapshot of a missing process succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
}

/* "If the specified process is the Idle process or one of the CSRSS
 * processes, this function fails and the last error code is
 * ERROR_ACCESS_DENIED" (CreateToolhelp32Snapshot). */
static void test_protected(void)
{
    PROCESSENTRY32W pe;
    HANDLE list, snap;
    DWORD csrss = 0;
    BOOL ret;

    list = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    pe.dwSize = sizeof(pe);
    for (ret = pProcess32FirstW(list, &pe); ret && !csrss; ret = pProcess32NextW(list, &pe))
        if (!lstrcmpiW(pe.szExeFile, L"csrss.exe")) csrss = pe.th32ProcessID;
    CloseHandle(list);
    if (!csrss)
    {
        skip("no CSRSS process here\n");
        return;
    }
    SetLastError(0xdeadbeef);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, csrss);
    ok(snap == INVALID_HANDLE_VALUE, "module snapshot of CSRSS succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
}

/* "If the function fails with ERROR_BAD_LENGTH, retry the function until it
 * succeeds" (CreateToolhelp32Snapshot): a module list that changes while it
 * is read. A child loads and frees a DLL without pause; every snapshot of it
 * succeeds with whole entries or fails with exactly that error. */
static void test_changing_modules(void)
{
    unsigned int made = 0, bad_length = 0, other = 0, torn = 0, with_dll = 0;
    PROCESS_INFORMATION pi;
    HANDLE ready;
    BOOL ret;

    if (!start_child("churn", &pi, &ready)) return;

    for (unsigned int i = 0; i < 200; i++)
    {
        HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
        MODULEENTRY32W me;
        unsigned int count = 0;

        if (snap == INVALID_HANDLE_VALUE)
        {
            if (GetLastError() == ERROR_BAD_LENGTH) bad_length++;
            else if (!other++) trace("snapshot failed with %lu\n", GetLastError());
            continue;
        }
        made++;
        me.dwSize = sizeof(me);
        for (ret = pModule32FirstW(snap, &me); ret; ret = pModule32NextW(snap, &me), count++)
        {
            const WCHAR *base = wcsrchr(me.szExePath, '\\');

            if (me.th32ProcessID != pi.dwProcessId || me.modBaseAddr != (BYTE *)me.hModule || !me.modBaseSize
                || !base || lstrcmpiW(base + 1, me.szModule))
            {
                if (!torn) trace("torn entry: %p %p %#lx %s %s\n", me.modBaseAddr, me.hModule, me.modBaseSize,
                                 wine_dbgstr_w(me.szModule), wine_dbgstr_w(me.szExePath));
                torn++;
            }
            if (!lstrcmpiW(me.szModule, L"version.dll") || !lstrcmpiW(me.szModule, L"msimg32.dll"))
                with_dll++;     /* the child's DLL: shows that the list did change */
        }
        if (count < 2)
        {
            if (!torn) trace("a list of %u entries\n", count);
            torn++;
        }
        CloseHandle(snap);
    }
    trace("%u snapshots, %u failed with ERROR_BAD_LENGTH, %u with the DLL\n", made, bad_length, with_dll);
    ok(made > 0, "no snapshot of the changing module list succeeded\n");
    ok(!other, "%u snapshots failed with another error than ERROR_BAD_LENGTH\n", other);
    /* the Wine builtin copies names from a list that changes under it: some
     * come out torn (seen: a szExePath of garbage), not in every run */
    flaky_wine_if(!impl_is_ours()) ok(!torn, "%u entries or lists were torn\n", torn);
    end_child(&pi, ready);
}

static void child_churn(HANDLE ready)
{
    const char *name = unloaded_dll();
    DWORD end = GetTickCount() + 30000;

    SetEvent(ready);
    if (!name) return;
    while ((LONG)(GetTickCount() - end) < 0) FreeLibrary(LoadLibraryA(name));
}

static void test_snapall(void)
{
    PROCESSENTRY32W pe = {sizeof(pe)};
    THREADENTRY32 te = {sizeof(te)};
    HEAPLIST32 hl = {sizeof(hl)};
    MODULEENTRY32W me = {sizeof(me)};
    HANDLE snap;

    ok(TH32CS_SNAPALL == (TH32CS_SNAPHEAPLIST | TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD | TH32CS_SNAPMODULE),
       "TH32CS_SNAPALL %#x\n", TH32CS_SNAPALL);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPALL, 0);
    ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPALL failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE) return;
    ok(pProcess32FirstW(snap, &pe), "no process list: %lu\n", GetLastError());
    ok(pThread32First(snap, &te), "no thread list: %lu\n", GetLastError());
    ok(pModule32FirstW(snap, &me), "no module list: %lu\n", GetLastError());
    ok(me.th32ProcessID == GetCurrentProcessId(), "modules of %#lx\n", me.th32ProcessID);
    /* the Wine builtin leaves the heap list out */
    todo_wine_if(!impl_is_ours()) ok(pHeap32ListFirst(snap, &hl), "no heap list: %lu\n", GetLastError());
    todo_wine_if(!impl_is_ours()) ok(hl.th32ProcessID == GetCurrentProcessId(), "heaps of %#lx\n", hl.th32ProcessID);
    CloseHandle(snap);
}

START_TEST(thmodules)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (argc >= 4 && !strcmp(argv[2], "child"))
    {
        HANDLE ready = NULL;
        sscanf(argv[3], "%p", &ready);
        SetEvent(ready);
        Sleep(30000);
        return;
    }
    if (argc >= 4 && !strcmp(argv[2], "churn"))
    {
        HANDLE ready = NULL;
        sscanf(argv[3], "%p", &ready);
        child_churn(ready);
        return;
    }
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Module32First);
    IMPL_TOOLHELP(Module32Next);
    IMPL_TOOLHELP(Module32FirstW);
    IMPL_TOOLHELP(Module32NextW);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Heap32ListFirst);
    if (!pModule32FirstW)
    {
        win_skip("Module32FirstW missing in %s\n", impl_name());
        return;
    }
    test_self();
    test_frozen();
    test_child();
    test_protected();
    test_changing_modules();
    test_snapall();
}
