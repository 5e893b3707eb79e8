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
    MODULEENTRY32W first, found, *list;
    MODULEENTRY32 ma;
    HANDLE snap;
    int count, count_a = 0, n = 0, mismatched = 0;
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

    /* the A walk sees the same list: every field is the W one, the names converted */
    list = calloc(count + 1, sizeof(*list));
    ok(list != NULL, "out of memory\n");
    if (!list)
    {
        CloseHandle(snap);
        return;
    }
    found.dwSize = sizeof(found);
    for (ret = pModule32FirstW(snap, &found); ret && n <= count; ret = pModule32NextW(snap, &found))
        list[n++] = found;
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "the W walk ended with %d, error %lu\n", ret, GetLastError());
    ma.dwSize = sizeof(ma);
    for (ret = pModule32First(snap, &ma); ret; ret = pModule32Next(snap, &ma))
    {
        const MODULEENTRY32W *w = count_a < n ? &list[count_a] : NULL;
        char module_a[MAX_MODULE_NAME32 + 1], path_a[MAX_PATH];

        if (!count_a++)
        {
            char exe_a[MAX_PATH];
            GetModuleFileNameA(NULL, exe_a, sizeof(exe_a));
            ok(ma.hModule == GetModuleHandleW(NULL) && !lstrcmpiA(ma.szExePath, exe_a), "A: first module %p %s\n",
               ma.hModule, ma.szExePath);
        }
        if (!w) continue;
        WideCharToMultiByte(CP_ACP, 0, w->szModule, -1, module_a, sizeof(module_a), NULL, NULL);
        WideCharToMultiByte(CP_ACP, 0, w->szExePath, -1, path_a, sizeof(path_a), NULL, NULL);
        if (ma.dwSize != sizeof(ma) || ma.th32ModuleID != w->th32ModuleID || ma.th32ProcessID != w->th32ProcessID
            || ma.GlblcntUsage != w->GlblcntUsage || ma.ProccntUsage != w->ProccntUsage
            || ma.modBaseAddr != w->modBaseAddr || ma.modBaseSize != w->modBaseSize || ma.hModule != w->hModule
            || strcmp(ma.szModule, module_a) || strcmp(ma.szExePath, path_a))
        {
            if (!mismatched++)
                trace("A %p %s %s, W %p %s %s\n", ma.hModule, ma.szModule, ma.szExePath, w->hModule,
                      wine_dbgstr_w(w->szModule), wine_dbgstr_w(w->szExePath));
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "A walk ended with %lu\n", GetLastError());
    ok(count_a == count && n == count, "A walk saw %d modules, W walks %d and %d\n", count_a, count, n);
    ok(!mismatched, "%d entries differ between the A and W walks\n", mismatched);
    free(list);

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
/* What a child shares with the parent: events and a counter in an inherited
 * mapping. The child runs until the parent sets quit; its waits are bounded. */
struct child
{
    PROCESS_INFORMATION pi;
    HANDLE ready;       /* auto-reset: set by the child at each step */
    HANDLE go;          /* manual: set by the parent (churn: start changing) */
    HANDLE quit;        /* manual: set by the parent (the child ends) */
    HANDLE mapping;
    volatile LONG *cycles;  /* churn: [0] the load/free cycles done so far, [1] set: stop them */
};

#define CHILD_BOUND 300000  /* ms: no child outlives a parent that forgot it */

static BOOL start_child(const char *mode, struct child *c)
{
    char exe[MAX_PATH], cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    BOOL ret;

    c->ready = CreateEventA(&sa, FALSE, FALSE, NULL);
    c->go = CreateEventA(&sa, TRUE, FALSE, NULL);
    c->quit = CreateEventA(&sa, TRUE, FALSE, NULL);
    c->mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, &sa, PAGE_READWRITE, 0, 4096, NULL);
    c->cycles = MapViewOfFile(c->mapping, FILE_MAP_WRITE, 0, 0, 0);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" thmodules %s %p %p %p %p", exe, mode, c->ready, c->go, c->quit,
             c->mapping);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &c->pi);
    ok(ret, "CreateProcess failed: %lu\n", GetLastError());
    if (ret) ok(!WaitForSingleObject(c->ready, 30000), "the child did not start\n");
    else
    {
        UnmapViewOfFile((void *)c->cycles);
        CloseHandle(c->mapping);
        CloseHandle(c->ready);
        CloseHandle(c->go);
        CloseHandle(c->quit);
    }
    return ret;
}

/* the child ends when told to, within a bound */
static void end_child(struct child *c)
{
    SetEvent(c->quit);
    ok(!WaitForSingleObject(c->pi.hProcess, 30000), "the child did not end\n");
    TerminateProcess(c->pi.hProcess, 0);
    WaitForSingleObject(c->pi.hProcess, 5000);
    CloseHandle(c->pi.hProcess);
    CloseHandle(c->pi.hThread);
    UnmapViewOfFile((void *)c->cycles);
    CloseHandle(c->mapping);
    CloseHandle(c->ready);
    CloseHandle(c->go);
    CloseHandle(c->quit);
}

static void test_child(void)
{
    char exe[MAX_PATH];
    struct child child;
    PROCESS_INFORMATION pi;
    MODULEENTRY32 first;
    HANDLE snap;

    if (!start_child("child", &child)) return;
    pi = child.pi;
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
    end_child(&child);

    /* the child is gone (the error depends on whether the system still keeps
     * the ended process: ERROR_INVALID_PARAMETER or ERROR_ACCESS_DENIED) */
    SetLastError(0xdeadbeef);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
    ok(snap == INVALID_HANDLE_VALUE, "module snapshot of an ended process succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_ACCESS_DENIED,
       "ended process: error %lu\n", GetLastError());
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

/* Is the child's DLL (see child_churn) in a module snapshot of pid? */
static BOOL child_has_dll(DWORD pid)
{
    MODULEENTRY32W me = {sizeof(me)};
    BOOL ret, found = FALSE;
    HANDLE snap;
    int tries;

    /* the list is still now: ERROR_BAD_LENGTH would say otherwise */
    for (tries = 0; tries < 10; tries++)
        if ((snap = pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pid)) != INVALID_HANDLE_VALUE) break;
    ok(snap != INVALID_HANDLE_VALUE, "snapshot of a still module list failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE) return FALSE;
    for (ret = pModule32FirstW(snap, &me); ret; ret = pModule32NextW(snap, &me))
        if (!lstrcmpiW(me.szModule, L"version.dll") || !lstrcmpiW(me.szModule, L"msimg32.dll")) found = TRUE;
    CloseHandle(snap);
    return found;
}

/* "If the function fails with ERROR_BAD_LENGTH, retry the function until it
 * succeeds" (CreateToolhelp32Snapshot): a module list that changes while it
 * is read. A child loads and frees a DLL without pause, from the parent's go
 * until it is told to stop; every snapshot of it succeeds with whole entries or fails
 * with exactly that error. The child counts its cycles: the list changed
 * during the snapshots; before them the DLL is there, after them gone. */
static void test_changing_modules(void)
{
    unsigned int made = 0, bad_length = 0, other = 0, torn = 0, with_dll = 0;
    struct child child;
    PROCESS_INFORMATION pi;
    LONG cycles_before, cycles_after;
    BOOL ret;

    if (!start_child("churn", &child)) return;
    pi = child.pi;
    /* ready: the child holds the DLL loaded and waits for go */
    ok(child_has_dll(pi.dwProcessId), "the child's DLL is not in its module list\n");
    SetEvent(child.go);
    /* the child has started changing its list */
    ok(!WaitForSingleObject(child.ready, 30000), "the child did not start loading\n");
    cycles_before = *child.cycles;

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
    cycles_after = *child.cycles;
    trace("%u snapshots, %u failed with ERROR_BAD_LENGTH, %u with the DLL; %ld load/free cycles meanwhile\n",
          made, bad_length, with_dll, cycles_after - cycles_before);
    ok(cycles_after > cycles_before, "the child's module list did not change during the snapshots\n");
    ok(made > 0, "no snapshot of the changing module list succeeded\n");
    ok(!other, "%u snapshots failed with another error than ERROR_BAD_LENGTH\n", other);
    /* the Wine builtin copies names from a list that changes under it: some
     * come out torn (seen: a szExePath of garbage), not in every run */
    flaky_wine_if(!impl_is_ours()) ok(!torn, "%u entries or lists were torn\n", torn);

    /* stopped: the DLL freed for good */
    InterlockedExchange((LONG *)&child.cycles[1], 1);
    ok(!WaitForSingleObject(child.ready, 30000), "the child did not stop\n");
    ok(!child_has_dll(pi.dwProcessId), "the child's DLL is still in its module list\n");
    end_child(&child);
}

/* The churn child: holds its DLL loaded until go, then loads and frees it
 * until told to stop (counting the cycles), says so, and ends at quit. */
static void child_churn(HANDLE ready, HANDLE go, HANDLE quit, volatile LONG *cycles)
{
    const char *name = unloaded_dll();
    DWORD start = GetTickCount();
    HMODULE dll = name ? LoadLibraryA(name) : NULL;

    SetEvent(ready);
    if (WaitForSingleObject(go, CHILD_BOUND)) return;
    FreeLibrary(dll);
    if (!name) return;
    FreeLibrary(LoadLibraryA(name));
    InterlockedIncrement(cycles);
    SetEvent(ready);
    while (!cycles[1] && GetTickCount() - start < CHILD_BOUND)
    {
        FreeLibrary(LoadLibraryA(name));
        InterlockedIncrement(cycles);
    }
    SetEvent(ready);
    WaitForSingleObject(quit, CHILD_BOUND);
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

    if (argc >= 7 && (!strcmp(argv[2], "child") || !strcmp(argv[2], "churn")))
    {
        HANDLE ready = NULL, go = NULL, quit = NULL, mapping = NULL;

        sscanf(argv[3], "%p", &ready);
        sscanf(argv[4], "%p", &go);
        sscanf(argv[5], "%p", &quit);
        sscanf(argv[6], "%p", &mapping);
        if (!strcmp(argv[2], "churn"))
            child_churn(ready, go, quit, MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0));
        else
        {
            SetEvent(ready);
            WaitForSingleObject(quit, CHILD_BOUND);
        }
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
    trace("implementation: %s\n", impl_name());
    test_self();
    test_frozen();
    test_child();
    test_protected();
    test_changing_modules();
    test_snapall();
}
