/*
 * Conformance tests of heap snapshots of another process: inspecting a
 * process never harms it, and never waits on it without a bound.
 *
 * "CreateToolhelp32Snapshot ... TH32CS_SNAPHEAPLIST: Includes all heaps of
 * the process specified in th32ProcessID in the snapshot."
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-createtoolhelp32snapshot
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-heap32first
 *
 * The children here never load the implementation under test: whatever
 * module of it they hold at the end was left behind by an inspection.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <tlhelp32.h>
#include <psapi.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32First)(HEAPENTRY32 *, DWORD, ULONG_PTR);
static BOOL (WINAPI *pHeap32Next)(HEAPENTRY32 *);

/* LdrLockLoaderLock / LdrUnlockLoaderLock (ntdll exports; flags 0: wait) */
static LONG (NTAPI *pLdrLockLoaderLock)(ULONG, ULONG *, ULONG_PTR *);
static LONG (NTAPI *pLdrUnlockLoaderLock)(ULONG, ULONG_PTR);

#define CALL_BOUND_MS 60000     /* a call that takes longer does not return */

static char selfpath[MAX_PATH];

/* ------------------------------------------------------------------ child side */

/* The threads of the calling process, by the platform's own snapshot. */
static ULONG own_threads(void)
{
    HANDLE (WINAPI *create)(DWORD, DWORD) = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                                    "CreateToolhelp32Snapshot");
    BOOL (WINAPI *first)(HANDLE, THREADENTRY32 *) = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                                            "Thread32First");
    BOOL (WINAPI *next)(HANDLE, THREADENTRY32 *) = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                                           "Thread32Next");
    THREADENTRY32 te = {sizeof(te)};
    HANDLE snap = create(TH32CS_SNAPTHREAD, 0);
    ULONG count = 0;
    BOOL ret;

    if (snap == INVALID_HANDLE_VALUE) return 0;
    for (ret = first(snap, &te); ret; ret = next(snap, &te))
        if (te.th32OwnerProcessID == GetCurrentProcessId()) count++;
    CloseHandle(snap);
    return count;
}

/* Holds the loader lock (mode "locked") or nothing ("plain") until the
 * parent says go; then checks that the inspection left nothing behind:
 * no thread once it had time to end, no module of the implementation. */
static void child_target(const char *mode, HANDLE ready, HANDLE go)
{
    ULONG before = own_threads(), after = 0;
    ULONG_PTR cookie = 0;
    BOOL locked = !strcmp(mode, "locked");
    DWORD start;

    if (locked) ok(!pLdrLockLoaderLock(0, NULL, &cookie), "LdrLockLoaderLock failed\n");
    SetEvent(ready);
    ok(WaitForSingleObject(go, CALL_BOUND_MS * 2) == WAIT_OBJECT_0, "the parent did not say go\n");
    if (locked) pLdrUnlockLoaderLock(0, cookie);
    /* a thread an inspection started may run now: it must end by itself */
    for (start = GetTickCount(); GetTickCount() - start < 45000; Sleep(100))
        if ((after = own_threads()) <= before) break;
    ok(after <= before, "%lu threads, %lu before the inspection\n", after, before);
    ok(!GetModuleHandleA("kernel32_k32.dll"), "the inspection left kernel32_k32.dll loaded\n");
}

/* A target that lies about its heaps: its GetProcessHeaps is patched to
 * report 5 000 000 heaps and write none. */
static void child_liar(HANDLE ready, HANDLE go)
{
    static const BYTE code[] =
#ifdef _WIN64
        { 0xb8, 0x40, 0x4b, 0x4c, 0x00, 0xc3 };                 /* mov eax, 5000000; ret */
#else
        { 0xb8, 0x40, 0x4b, 0x4c, 0x00, 0xc2, 0x08, 0x00 };     /* mov eax, 5000000; ret 8 */
#endif
    BYTE *function = (BYTE *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetProcessHeaps");
    DWORD old;

    ok(VirtualProtect(function, sizeof(code), PAGE_EXECUTE_READWRITE, &old), "VirtualProtect failed\n");
    memcpy(function, code, sizeof(code));
    FlushInstructionCache(GetCurrentProcess(), function, sizeof(code));
    SetEvent(ready);
    WaitForSingleObject(go, CALL_BOUND_MS * 2);
}

/* ------------------------------------------------------------------ parent side */

struct target
{
    PROCESS_INFORMATION pi;
    HANDLE ready, go;
};

static BOOL start_target(struct target *t, const char *mode)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si = {sizeof(si)};
    char cmd[MAX_PATH + 96];

    t->ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    t->go = CreateEventA(&sa, TRUE, FALSE, NULL);
    snprintf(cmd, sizeof(cmd), "\"%s\" heapremote %s %p %p", selfpath, mode, t->ready, t->go);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &t->pi))
    {
        ok(0, "CreateProcess failed: %lu\n", GetLastError());
        return FALSE;
    }
    ok(WaitForSingleObject(t->ready, 30000) == WAIT_OBJECT_0, "the child is not ready\n");
    return TRUE;
}

/* Lets the child go and counts its failures: a crash is one. */
static void stop_target(struct target *t)
{
    SetEvent(t->go);
    wait_child_process(t->pi.hProcess);
    CloseHandle(t->pi.hProcess);
    CloseHandle(t->pi.hThread);
    CloseHandle(t->ready);
    CloseHandle(t->go);
}

struct inspection
{
    DWORD pid;
    ULONG_PTR heap;         /* 0: the heap list */
    volatile LONG finished;
    BOOL ret;
    DWORD error;
    unsigned int entries;
};

static DWORD WINAPI inspect(void *arg)
{
    struct inspection *in = arg;

    SetLastError(0xdeadbeef);
    if (!in->heap)
    {
        HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, in->pid);
        HEAPLIST32 hl = {sizeof(hl)};

        in->ret = snap != INVALID_HANDLE_VALUE;
        in->error = GetLastError();
        if (in->ret)
        {
            for (BOOL ret = pHeap32ListFirst(snap, &hl); ret; ret = pHeap32ListNext(snap, &hl)) in->entries++;
            CloseHandle(snap);
        }
    }
    else
    {
        HEAPENTRY32 he = {sizeof(he)};

        in->ret = pHeap32First(&he, in->pid, in->heap);
        in->error = GetLastError();
        if (in->ret) for (in->entries = 1; pHeap32Next(&he); ) in->entries++;
    }
    InterlockedExchange(&in->finished, 1);
    return 0;
}

static HANDLE start_inspection(struct inspection *in)
{
    HANDLE thread = CreateThread(NULL, 0, inspect, in, 0, NULL);
    ok(thread != NULL, "CreateThread failed: %lu\n", GetLastError());
    return thread;
}

static void finish_inspection(HANDLE thread, const char *what)
{
    DWORD wait = WaitForSingleObject(thread, CALL_BOUND_MS);

    ok(wait == WAIT_OBJECT_0, "%s did not return\n", what);
    CloseHandle(thread);
}

/* A heap list of a process whose loader lock is held: the call returns,
 * with the list or an error, and the process comes out unharmed once it
 * lets the lock go (no fault, no thread, no module left). */
static void test_loader_lock_held(void)
{
    struct inspection in = {0};
    struct target t;

    if (!start_target(&t, "locked")) return;
    in.pid = t.pi.dwProcessId;
    finish_inspection(start_inspection(&in), "a heap list of a process holding its loader lock");
    if (!in.ret) trace("heap list failed: %lu\n", in.error);
    /* ours gives up at its bound with the error of a process it could not
     * read (README, "the bound of every wait") */
    if (!in.ret && impl_is_ours())
        ok(in.error == ERROR_PARTIAL_COPY, "a held-up heap list: error %lu\n", in.error);
    stop_target(&t);

    /* the same, released while the inspection still waits */
    if (!start_target(&t, "locked")) return;
    memset(&in, 0, sizeof(in));
    in.pid = t.pi.dwProcessId;
    {
        HANDLE thread = start_inspection(&in);
        Sleep(500);
        SetEvent(t.go);
        finish_inspection(thread, "a heap list of a process releasing its loader lock");
    }
    stop_target(&t);
}

/* An unharmed target: the list has the default heap; the child ends clean. */
static void test_plain_target(void)
{
    struct inspection in = {0};
    struct target t;

    if (!start_target(&t, "plain")) return;
    in.pid = t.pi.dwProcessId;
    finish_inspection(start_inspection(&in), "a heap list of a child");
    stop_target(&t);
}

/* The platform's peak commit of the calling process. */
static SIZE_T peak_commit(void)
{
    BOOL (WINAPI *get)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD) =
        (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "K32GetProcessMemoryInfo");
    PROCESS_MEMORY_COUNTERS pmc = {sizeof(pmc)};

    if (!get || !get(GetCurrentProcess(), &pmc, sizeof(pmc))) return 0;
    return pmc.PeakPagefileUsage;
}

/* What another process answers is bounded before anything is allocated
 * from it: a target claiming 5 000 000 heaps makes the caller commit no
 * more than a few MiB, whatever the call returns. */
static void test_liar(void)
{
    struct inspection in = {0};
    struct target t;
    SIZE_T before, after;

    if (!start_target(&t, "liar")) return;
    in.pid = t.pi.dwProcessId;
    before = peak_commit();
    finish_inspection(start_inspection(&in), "a heap list of a lying process");
    after = peak_commit();
    if (!in.ret) trace("heap list failed: %lu\n", in.error);
    /* ours takes at most 1 Mi records from another process: more do not fit */
    if (impl_is_ours())
        ok(!in.ret && in.error == ERROR_NOT_ENOUGH_MEMORY, "ours: %d, error %lu\n", in.ret, in.error);
    ok(before && after - before < 64 * 1024 * 1024, "the peak commit grew from %Iu to %Iu\n", before, after);
    ok(!in.ret || in.entries < 5000000, "%u heaps listed\n", in.entries);
    stop_target(&t);
}

/* A walk of one of our own heaps does not wait for another thread's
 * inspection of a held-up process. */
static void test_walks_independent(void)
{
    struct inspection remote = {0}, local = {0};
    HANDLE remote_thread, heap = HeapCreate(0, 0, 0);
    LONG remote_before;
    struct target t;

    /* the Wine builtin's Heap32First aborts the process (tests/heaps.c) */
    if (!impl_is_ours() && winetest_platform_is_wine)
    {
        skip("the builtin has no Heap32First\n");
        HeapDestroy(heap);
        return;
    }

    for (int i = 0; i < 100; i++) HeapAlloc(heap, 0, 32);
    if (!start_target(&t, "locked")) return;
    remote.pid = t.pi.dwProcessId;
    remote.heap = (ULONG_PTR)GetProcessHeap();      /* the child's default heap id is anyone's guess */
    remote_thread = start_inspection(&remote);
    Sleep(200);
    remote_before = remote.finished;
    local.pid = GetCurrentProcessId();
    local.heap = (ULONG_PTR)heap;
    finish_inspection(start_inspection(&local), "a walk of an own heap");
    ok(local.ret && local.entries >= 100, "own heap: %d, %u entries, error %lu\n", local.ret, local.entries,
       local.error);
    /* either the remote call was over before the local walk began, or the
     * local walk did not wait for it */
    ok(remote_before || !remote.finished, "the walk of an own heap waited for an inspection of another process\n");
    SetEvent(t.go);
    finish_inspection(remote_thread, "Heap32First of a process holding its loader lock");
    stop_target(&t);
    HeapDestroy(heap);
}

/* Child side of test_many_targets: loads DLLs, holds its loader lock a
 * moment, lets it go and ends at once, while it is inspected. */
static void child_churn(void)
{
    static const char * const dlls[] = { "version.dll", "shlwapi.dll", "winmm.dll", "imm32.dll" };
    ULONG_PTR cookie = 0;

    for (unsigned int i = 0; i < ARRAY_SIZE(dlls); i++) LoadLibraryA(dlls[i]);
    if (!pLdrLockLoaderLock(0, NULL, &cookie))
    {
        Sleep(GetCurrentProcessId() % 300);
        pLdrUnlockLoaderLock(0, cookie);
    }
    LoadLibraryA("oleaut32.dll");
}

struct churn_inspector
{
    const PROCESS_INFORMATION *targets;
    unsigned int count;
    volatile LONG *stop;
};

/* Heap lists, module lists and heap walks of every target, over and over. */
static DWORD WINAPI churn_inspect(void *arg)
{
    struct churn_inspector *in = arg;

    while (!*in->stop)
        for (unsigned int i = 0; i < in->count && !*in->stop; i++)
        {
            DWORD start = GetTickCount();
            HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST | TH32CS_SNAPMODULE,
                                                    in->targets[i].dwProcessId);
            HEAPLIST32 hl = {sizeof(hl)};
            HEAPENTRY32 he = {sizeof(he)};
            int n = 0;

            if (GetTickCount() - start > 5000) trace("snapshot of %u: %lu ms\n", i, GetTickCount() - start);
            if (snap == INVALID_HANDLE_VALUE) continue;
            start = GetTickCount();
            if (pHeap32ListFirst(snap, &hl) && pHeap32First(&he, hl.th32ProcessID, hl.th32HeapID))
                for (n = 0; n < 1000 && pHeap32Next(&he); n++) ;
            if (GetTickCount() - start > 5000) trace("walk of %u: %lu ms, %d entries\n", i, GetTickCount() - start, n);
            CloseHandle(snap);
        }
    return 0;
}

/* 50 processes that start, load DLLs, hold their loader lock and end
 * while they are inspected: none of them crashes, no inspection hangs. */
static void test_many_targets(void)
{
    PROCESS_INFORMATION targets[50];
    struct churn_inspector inspector;
    HANDLE threads[4];
    volatile LONG stop = 0;
    unsigned int started = 0, crashed = 0, i;
    STARTUPINFOA si = {sizeof(si)};
    char cmd[MAX_PATH + 32];

    if (!impl_is_ours() && winetest_platform_is_wine)
    {
        skip("the builtin has no Heap32First\n");
        return;
    }
    snprintf(cmd, sizeof(cmd), "\"%s\" heapremote churn", selfpath);
    for (i = 0; i < ARRAY_SIZE(targets); i++)
        if (CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &targets[started])) started++;
    ok(started == ARRAY_SIZE(targets), "%u of %u children started\n", started, (unsigned int)ARRAY_SIZE(targets));
    inspector.targets = targets;
    inspector.count = started;
    inspector.stop = &stop;
    for (i = 0; i < ARRAY_SIZE(threads); i++) threads[i] = CreateThread(NULL, 0, churn_inspect, &inspector, 0, NULL);
    for (i = 0; i < started; i++)
    {
        DWORD code = 0;

        ok(WaitForSingleObject(targets[i].hProcess, CALL_BOUND_MS) == WAIT_OBJECT_0, "child %u did not end\n", i);
        GetExitCodeProcess(targets[i].hProcess, &code);
        if (code) crashed++;
        if (code) trace("child %u ended with %#lx\n", i, code);
    }
    InterlockedExchange(&stop, 1);
    for (i = 0; i < ARRAY_SIZE(threads); i++) finish_inspection(threads[i], "an inspection of ending processes");
    ok(!crashed, "%u of %u children ended with an error\n", crashed, started);
    for (i = 0; i < started; i++)
    {
        CloseHandle(targets[i].hProcess);
        CloseHandle(targets[i].hThread);
    }
}

START_TEST(heapremote)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    GetModuleFileNameA(NULL, selfpath, sizeof(selfpath));
    pLdrLockLoaderLock = (void *)GetProcAddress(ntdll, "LdrLockLoaderLock");
    pLdrUnlockLoaderLock = (void *)GetProcAddress(ntdll, "LdrUnlockLoaderLock");
    if (argc >= 3 && !strcmp(argv[2], "churn"))
    {
        if (pLdrLockLoaderLock && pLdrUnlockLoaderLock) child_churn();
        return;
    }
    if (argc >= 5)
    {
        HANDLE ready = NULL, go = NULL;

        sscanf(argv[3], "%p", &ready);
        sscanf(argv[4], "%p", &go);
        if (!strcmp(argv[2], "liar")) child_liar(ready, go);
        else child_target(argv[2], ready, go);
        return;
    }
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Heap32ListFirst);
    IMPL_TOOLHELP(Heap32ListNext);
    IMPL_TOOLHELP(Heap32First);
    IMPL_TOOLHELP(Heap32Next);
    if (!pCreateToolhelp32Snapshot || !pHeap32ListFirst || !pHeap32First)
    {
        win_skip("heap functions missing in %s\n", impl_name());
        return;
    }
    if (!pLdrLockLoaderLock || !pLdrUnlockLoaderLock)
    {
        win_skip("no LdrLockLoaderLock\n");
        return;
    }
    test_plain_target();
    test_loader_lock_held();
    test_walks_independent();
    test_liar();
    test_many_targets();
}
