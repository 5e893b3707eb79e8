/*
 * Conformance tests of the Toolhelp32 snapshot API: process and thread lists.
 *
 * Every statement tested here is from the Microsoft reference pages of
 * CreateToolhelp32Snapshot, Process32First/Next(W), Thread32First/Next,
 * PROCESSENTRY32(W) and THREADENTRY32.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <stdio.h>
#include <windows.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pProcess32First)(HANDLE, PROCESSENTRY32 *);
static BOOL (WINAPI *pProcess32Next)(HANDLE, PROCESSENTRY32 *);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pThread32Next)(HANDLE, THREADENTRY32 *);

static char selfname[MAX_PATH];    /* argv[0] */
static const char *exe_base;       /* our executable's base name */

static BOOL init(void)
{
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Process32First);
    IMPL_TOOLHELP(Process32Next);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Thread32Next);
    if (!pCreateToolhelp32Snapshot || !pProcess32First || !pProcess32Next || !pProcess32FirstW
        || !pProcess32NextW || !pThread32First || !pThread32Next)
    {
        win_skip("Toolhelp32 process/thread functions missing in %s\n", impl_name());
        return FALSE;
    }
    return TRUE;
}

static HANDLE snapshot(DWORD flags)
{
    HANDLE snap = pCreateToolhelp32Snapshot(flags, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot(%#lx) failed: %lu\n", flags, GetLastError());
    return snap;
}

/* Walks the W process list; returns the entries seen and finds pid. */
static int count_processes(HANDLE snap, DWORD pid, PROCESSENTRY32W *found)
{
    PROCESSENTRY32W pe;
    int count = 0;
    BOOL ret;

    pe.dwSize = sizeof(pe);
    for (ret = pProcess32FirstW(snap, &pe); ret; ret = pProcess32NextW(snap, &pe))
    {
        count++;
        if (pe.th32ProcessID == pid && found) *found = pe;
    }
    return count;
}

static int count_threads(HANDLE snap, DWORD tid, THREADENTRY32 *found)
{
    THREADENTRY32 te;
    int count = 0;
    BOOL ret;

    te.dwSize = sizeof(te);
    for (ret = pThread32First(snap, &te); ret; ret = pThread32Next(snap, &te))
    {
        count++;
        if (te.th32ThreadID == tid && found) *found = te;
    }
    return count;
}

/* A child of ours that waits until it is told to go (suspended). */
static PROCESS_INFORMATION start_child(const char *args, BOOL inherit)
{
    PROCESS_INFORMATION pi = {0};
    STARTUPINFOA si = {sizeof(si)};
    char cmd[MAX_PATH * 2];
    BOOL ret;

    snprintf(cmd, sizeof(cmd), "\"%s\" toolhelp %s", selfname, args);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, inherit, 0, NULL, NULL, &si, &pi);
    ok(ret, "CreateProcess(%s) failed: %lu\n", cmd, GetLastError());
    return pi;
}

static void test_process_walk(void)
{
    PROCESSENTRY32W *list = NULL, *grown, pew, self;
    PROCESSENTRY32 pea;
    HANDLE snap;
    int count, count_a = 0, mismatched = 0;
    unsigned int n = 0, size = 0;
    BOOL ret, ret_a;

    snap = snapshot(TH32CS_SNAPPROCESS);
    memset(&self, 0, sizeof(self));
    count = count_processes(snap, GetCurrentProcessId(), &self);
    pew.dwSize = sizeof(pew);
    for (ret = pProcess32FirstW(snap, &pew); ret; ret = pProcess32NextW(snap, &pew))
    {
        if (n == size)
        {
            size = size ? size * 2 : 256;
            grown = realloc(list, size * sizeof(*list));
            ok(grown != NULL, "out of memory for %u entries\n", size);
            if (!grown) break;
            list = grown;
        }
        list[n++] = pew;
    }
    ok(n == (unsigned int)count, "the W walk saw %u entries, then %d\n", n, count);
    ok(count > 1, "walked %d processes\n", count);
    ok(self.th32ProcessID == GetCurrentProcessId(), "the calling process is not in the snapshot\n");
    ok(self.dwSize == sizeof(self), "dwSize changed to %lu\n", self.dwSize);
    ok(self.cntThreads >= 1, "cntThreads %lu\n", self.cntThreads);
    ok(!self.cntUsage && !self.th32DefaultHeapID && !self.th32ModuleID && !self.dwFlags,
       "unused fields not zero: %lu %Iu %lu %lu\n", self.cntUsage, self.th32DefaultHeapID,
       self.th32ModuleID, self.dwFlags);
    /* the Wine builtin reports the priority class (2), not its base priority */
    todo_wine_if(!impl_is_ours())
    ok(self.pcPriClassBase == 8, "pcPriClassBase %ld, expected 8 (NORMAL_PRIORITY_CLASS)\n", self.pcPriClassBase);
    ok(!strcmp_wa(self.szExeFile, exe_base), "szExeFile %s, expected %s\n",
       wine_dbgstr_w(self.szExeFile), exe_base);

    /* the A walk yields the same entries in the same order (one walk after
     * the other: A and W calls share the snapshot's position) */
    pew.dwSize = sizeof(pew);
    pea.dwSize = sizeof(pea);
    ret_a = pProcess32First(snap, &pea);
    ok(ret_a, "Process32First failed: %lu\n", GetLastError());
    for (; ret_a; ret_a = pProcess32Next(snap, &pea))
    {
        PROCESSENTRY32W *w = &list[count_a++];
        char narrow[MAX_PATH];

        if (count_a > (int)n) break;
        /* every field: the A entry is the W one with the name converted */
        WideCharToMultiByte(CP_ACP, 0, w->szExeFile, -1, narrow, sizeof(narrow), NULL, NULL);
        if (pea.dwSize != sizeof(pea) || w->cntUsage != pea.cntUsage || w->th32ProcessID != pea.th32ProcessID
            || w->th32DefaultHeapID != pea.th32DefaultHeapID || w->th32ModuleID != pea.th32ModuleID
            || w->cntThreads != pea.cntThreads || w->th32ParentProcessID != pea.th32ParentProcessID
            || w->pcPriClassBase != pea.pcPriClassBase || w->dwFlags != pea.dwFlags
            || strcmp(narrow, pea.szExeFile))
        {
            if (!mismatched++)
                trace("W %lu %s, A %lu %s\n", w->th32ProcessID, wine_dbgstr_w(w->szExeFile),
                      pea.th32ProcessID, pea.szExeFile);
        }
    }
    ok(count_a == count, "A walk saw %d entries, W walk %d\n", count_a, count);
    ok(!mismatched, "%d entries differ between the A and W walks\n", mismatched);

    /* at the end: ERROR_NO_MORE_FILES, and again */
    SetLastError(0xdeadbeef);
    ret = pProcess32NextW(snap, &pew);
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "got %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pProcess32Next(snap, &pea);
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "got %d, error %lu\n", ret, GetLastError());

    /* First starts over: the first entry again, then the second */
    memset(&pew, 0, sizeof(pew));
    pew.dwSize = sizeof(pew);
    ret = pProcess32FirstW(snap, &pew);
    ok(ret, "Process32FirstW after the end failed: %lu\n", GetLastError());
    ok(n && pew.th32ProcessID == list[0].th32ProcessID && !lstrcmpW(pew.szExeFile, list[0].szExeFile),
       "Process32FirstW after the end gave %lu %s\n", pew.th32ProcessID, wine_dbgstr_w(pew.szExeFile));
    ret = pProcess32NextW(snap, &pew);
    ok(ret && n > 1 && pew.th32ProcessID == list[1].th32ProcessID, "then Process32NextW gave %d, %lu\n",
       ret, pew.th32ProcessID);
    memset(&pea, 0, sizeof(pea));
    pea.dwSize = sizeof(pea);
    ret = pProcess32First(snap, &pea);
    ok(ret && n && pea.th32ProcessID == list[0].th32ProcessID, "Process32First after a walk gave %d, %lu\n",
       ret, pea.th32ProcessID);
    CloseHandle(snap);
    free(list);
}

static void test_dwsize(void)
{
    static const DWORD small_sizes[] = {0, 1, sizeof(DWORD), offsetof(PROCESSENTRY32W, szExeFile)};
    struct { PROCESSENTRY32W pe; BYTE canary[64]; } big;
    PROCESSENTRY32W pew;
    PROCESSENTRY32 pea;
    THREADENTRY32 te;
    HANDLE snap;
    BOOL ret;
    size_t i;

    snap = snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD);
    for (i = 0; i < ARRAY_SIZE(small_sizes); i++)
    {
        winetest_push_context("dwSize %lu", small_sizes[i]);
        memset(&pew, 0xcc, sizeof(pew));
        pew.dwSize = small_sizes[i];
        SetLastError(0xdeadbeef);
        ret = pProcess32FirstW(snap, &pew);
        ok(!ret, "accepted\n");
        todo_wine_if(!impl_is_ours()) ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());
        ok(pew.th32ProcessID == 0xcccccccc, "the entry was written\n");
        memset(&pea, 0xcc, sizeof(pea));
        pea.dwSize = small_sizes[i];
        SetLastError(0xdeadbeef);
        ret = pProcess32First(snap, &pea);
        ok(!ret, "accepted\n");
        todo_wine_if(!impl_is_ours()) ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());
        ok(pea.th32ProcessID == 0xcccccccc, "the entry was written\n");
        winetest_pop_context();
    }
    /* the W size is not enough for the A call's... the other way round: A size for W */
    pew.dwSize = sizeof(PROCESSENTRY32);
    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW(snap, &pew);
    ok(!ret, "W with the A size accepted\n");
    todo_wine_if(!impl_is_ours()) ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());

    memset(&te, 0xcc, sizeof(te));
    te.dwSize = sizeof(te) - 1;
    SetLastError(0xdeadbeef);
    ret = pThread32First(snap, &te);
    ok(!ret, "Thread32First accepted\n");
    todo_wine_if(!impl_is_ours()) ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());
    ok(te.th32ThreadID == 0xcccccccc, "the entry was written\n");

    /* a larger dwSize is accepted, and only the structure is written */
    memset(&big, 0xcc, sizeof(big));
    big.pe.dwSize = sizeof(big);
    ret = pProcess32FirstW(snap, &big.pe);
    ok(ret, "larger dwSize refused: %lu\n", GetLastError());
    ok(big.pe.dwSize == sizeof(big) || big.pe.dwSize == sizeof(big.pe), "dwSize changed to %lu\n", big.pe.dwSize);
    for (i = 0; i < sizeof(big.canary); i++) if (big.canary[i] != 0xcc) break;
    ok(i == sizeof(big.canary), "byte %u past the structure was written\n", (unsigned int)i);

    /* the same for the A call: accepted, only the structure written, dwSize not raised */
    {
        struct { PROCESSENTRY32 pe; BYTE canary[64]; } big_a;

        memset(&big_a, 0xcc, sizeof(big_a));
        big_a.pe.dwSize = sizeof(big_a);
        ret = pProcess32First(snap, &big_a.pe);
        ok(ret, "A: larger dwSize refused: %lu\n", GetLastError());
        ok(big_a.pe.dwSize == sizeof(big_a) || big_a.pe.dwSize == sizeof(big_a.pe), "A: dwSize changed to %lu\n",
           big_a.pe.dwSize);
        for (i = 0; i < sizeof(big_a.canary); i++) if (big_a.canary[i] != 0xcc) break;
        ok(i == sizeof(big_a.canary), "A: byte %u past the structure was written\n", (unsigned int)i);
    }

    /* Thread32First sets dwSize to the bytes it wrote, never more than the caller's value */
    {
        struct { THREADENTRY32 te; BYTE canary[64]; } big_t;
        size_t written;

        memset(&big_t, 0xcc, sizeof(big_t));
        big_t.te.dwSize = sizeof(big_t);
        ret = pThread32First(snap, &big_t.te);
        ok(ret, "Thread32First: larger dwSize refused: %lu\n", GetLastError());
        ok(big_t.te.dwSize >= sizeof(big_t.te) && big_t.te.dwSize <= sizeof(big_t), "Thread32First: dwSize %lu\n",
           big_t.te.dwSize);
        written = big_t.te.dwSize < sizeof(big_t) ? big_t.te.dwSize : sizeof(big_t);
        for (i = written; i < sizeof(big_t); i++) if (((BYTE *)&big_t)[i] != 0xcc) break;
        ok(i == sizeof(big_t), "Thread32First: byte %u past dwSize %lu was written\n", (unsigned int)i,
           big_t.te.dwSize);
        te.dwSize = sizeof(te);
        ret = pThread32First(snap, &te);
        ok(ret && te.dwSize == sizeof(te), "Thread32First: %d, dwSize %lu\n", ret, te.dwSize);
    }
    CloseHandle(snap);
}

static void test_bad_handles(void)
{
    PROCESSENTRY32W pew;
    THREADENTRY32 te;
    HANDLE snap, event, file;
    BOOL ret;

    pew.dwSize = sizeof(pew);
    te.dwSize = sizeof(te);

    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW((HANDLE)0xdeadbee0, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "bad value: got %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW(NULL, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "NULL: got %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pThread32First(INVALID_HANDLE_VALUE, &te);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "INVALID_HANDLE_VALUE: got %d, error %lu\n",
       ret, GetLastError());

    /* wrong types: an event and a file are not snapshots */
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW(event, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "event: got %d, error %lu\n", ret, GetLastError());
    CloseHandle(event);
    file = CreateFileA(selfname, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot open %s: %lu\n", selfname, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW(file, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "a file handle: got %d, error %lu\n", ret, GetLastError());
    CloseHandle(file);

    /* a closed snapshot fails, also after it was walked (whatever was cached) */
    snap = snapshot(TH32CS_SNAPPROCESS);
    ret = pProcess32FirstW(snap, &pew);
    ok(ret, "Process32FirstW failed: %lu\n", GetLastError());
    ok(CloseHandle(snap), "CloseHandle failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pProcess32NextW(snap, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "closed: got %d, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW(snap, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "closed: got %d, error %lu\n", ret, GetLastError());

    /* the closed value reused by an event: still no snapshot data */
    snap = snapshot(TH32CS_SNAPPROCESS);
    ret = pProcess32FirstW(snap, &pew);
    CloseHandle(snap);
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ret = pProcess32NextW(event, &pew);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "event after a snapshot (%p %p): got %d, error %lu\n",
       snap, event, ret, GetLastError());
    CloseHandle(event);
}

/* A snapshot only holds the lists it was asked for. */
static void test_flags(void)
{
    PROCESSENTRY32W pew;
    THREADENTRY32 te;
    HANDLE snap;
    BOOL ret;

    pew.dwSize = sizeof(pew);
    te.dwSize = sizeof(te);
    snap = snapshot(TH32CS_SNAPTHREAD);
    ok(count_threads(snap, 0, NULL) > 1, "no threads\n");
    SetLastError(0xdeadbeef);
    ret = pProcess32FirstW(snap, &pew);
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "a thread snapshot has processes: %d, error %lu\n",
       ret, GetLastError());
    CloseHandle(snap);

    snap = snapshot(TH32CS_SNAPPROCESS);
    SetLastError(0xdeadbeef);
    ret = pThread32First(snap, &te);
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "a process snapshot has threads: %d, error %lu\n",
       ret, GetLastError());
    CloseHandle(snap);

    /* th32ProcessID is ignored for process and thread lists */
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0xdeadbee0);
    ok(snap != INVALID_HANDLE_VALUE, "a bogus pid was not ignored: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE)
    {
        ok(count_processes(snap, 0, NULL) > 1, "no processes\n");
        CloseHandle(snap);
    }
}

static DWORD WINAPI idle_thread(void *event)
{
    WaitForSingleObject(event, INFINITE);
    return 0;
}

static void test_threads(void)
{
    PROCESSENTRY32W self = {0};
    THREADENTRY32 te = {0};
    HANDLE snap, event, thread;
    DWORD tid, owned = 0;
    BOOL ret;

    snap = snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD);
    ok(count_threads(snap, GetCurrentThreadId(), &te) > 1, "no threads\n");
    ok(te.th32ThreadID == GetCurrentThreadId(), "the calling thread is not in the snapshot\n");
    ok(te.th32OwnerProcessID == GetCurrentProcessId(), "owner %#lx\n", te.th32OwnerProcessID);
    ok(te.tpBasePri >= 0 && te.tpBasePri <= 31, "tpBasePri %ld\n", te.tpBasePri);
    ok(!te.tpDeltaPri && !te.cntUsage && !te.dwFlags, "unused fields not zero: %ld %lu %lu\n",
       te.tpDeltaPri, te.cntUsage, te.dwFlags);

    /* cntThreads of our entry counts our threads in the thread list */
    count_processes(snap, GetCurrentProcessId(), &self);
    te.dwSize = sizeof(te);
    for (ret = pThread32First(snap, &te); ret; ret = pThread32Next(snap, &te))
        if (te.th32OwnerProcessID == GetCurrentProcessId()) owned++;
    ok(owned == self.cntThreads, "%lu threads listed, cntThreads %lu\n", owned, self.cntThreads);
    CloseHandle(snap);

    /* a thread started after the snapshot is not in it; one started before is */
    snap = snapshot(TH32CS_SNAPTHREAD);
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, idle_thread, event, 0, &tid);
    memset(&te, 0, sizeof(te));
    count_threads(snap, tid, &te);
    ok(te.th32ThreadID != tid, "a later thread is in the snapshot\n");
    CloseHandle(snap);

    snap = snapshot(TH32CS_SNAPTHREAD);
    memset(&te, 0, sizeof(te));
    count_threads(snap, tid, &te);
    ok(te.th32ThreadID == tid, "a running thread is missing\n");
    SetEvent(event);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    /* and once it has ended, the snapshot still lists it */
    memset(&te, 0, sizeof(te));
    count_threads(snap, tid, &te);
    ok(te.th32ThreadID == tid, "an ended thread vanished from the snapshot\n");
    CloseHandle(snap);
    CloseHandle(event);
}

static void test_frozen(void)
{
    PROCESSENTRY32W found;
    PROCESS_INFORMATION pi;
    HANDLE before, after;

    before = snapshot(TH32CS_SNAPPROCESS);
    pi = start_child("wait", FALSE);
    after = snapshot(TH32CS_SNAPPROCESS);

    memset(&found, 0, sizeof(found));
    count_processes(before, pi.dwProcessId, &found);
    ok(found.th32ProcessID != pi.dwProcessId, "a later process is in the snapshot\n");

    memset(&found, 0, sizeof(found));
    count_processes(after, pi.dwProcessId, &found);
    ok(found.th32ProcessID == pi.dwProcessId, "the child is missing\n");
    ok(found.th32ParentProcessID == GetCurrentProcessId(), "parent %#lx, expected %#lx\n",
       found.th32ParentProcessID, GetCurrentProcessId());
    ok(!strcmp_wa(found.szExeFile, exe_base), "child szExeFile %s\n", wine_dbgstr_w(found.szExeFile));

    TerminateProcess(pi.hProcess, 0);
    ok(!WaitForSingleObject(pi.hProcess, 30000), "the child did not end\n");
    /* gone from the system, still in the snapshot */
    memset(&found, 0, sizeof(found));
    count_processes(after, pi.dwProcessId, &found);
    ok(found.th32ProcessID == pi.dwProcessId, "an ended process vanished from the snapshot\n");
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(before);
    CloseHandle(after);
}

/* A snapshot made with the loader lock held: TLS callbacks run under it
 * when a thread starts, as DllMain does. No thread the snapshot might wait
 * for can start meanwhile, so this is where a snapshot could deadlock. */
static volatile LONG tls_snapshot_wanted;
static HANDLE tls_snapshot = INVALID_HANDLE_VALUE;
static DWORD tls_snapshot_error;

static void NTAPI snapshot_on_thread_attach(void *module, DWORD reason, void *reserved)
{
    if (reason != DLL_THREAD_ATTACH || !InterlockedExchange(&tls_snapshot_wanted, 0)) return;
    tls_snapshot = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    tls_snapshot_error = GetLastError();
}

/* mingw-w64's TLS directory calls every callback of the .CRT$XL? sections */
PIMAGE_TLS_CALLBACK toolhelp_tls_callback __attribute__((section(".CRT$XLB"), used)) = snapshot_on_thread_attach;

static DWORD WINAPI return_at_once(void *arg)
{
    return 0;
}

static void test_loader_lock(void)
{
    THREADENTRY32 te = {0};
    HANDLE thread;
    DWORD tid;

    InterlockedExchange(&tls_snapshot_wanted, 1);
    thread = CreateThread(NULL, 0, return_at_once, NULL, 0, &tid);
    ok(thread != NULL, "CreateThread failed: %lu\n", GetLastError());
    ok(WaitForSingleObject(thread, 30000) == WAIT_OBJECT_0, "the thread did not end: deadlock?\n");
    CloseHandle(thread);
    ok(!tls_snapshot_wanted, "the TLS callback did not run\n");
    ok(tls_snapshot != INVALID_HANDLE_VALUE, "snapshot under the loader lock failed: %lu\n", tls_snapshot_error);
    if (tls_snapshot == INVALID_HANDLE_VALUE) return;
    count_threads(tls_snapshot, tid, &te);
    ok(te.th32ThreadID == tid, "the starting thread is missing\n");
    CloseHandle(tls_snapshot);
}

/* Snapshots made on several threads at once are each complete, each with
 * the thread that made it, and each its own object. */
struct concurrent_maker
{
    HANDLE start;
    unsigned int made, failed, incomplete;
};

static DWORD WINAPI make_snapshots(void *arg)
{
    struct concurrent_maker *maker = arg;

    WaitForSingleObject(maker->start, INFINITE);
    for (unsigned int i = 0; i < 100; i++)
    {
        HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
        PROCESSENTRY32W self = {0};
        THREADENTRY32 te = {0};

        if (snap == INVALID_HANDLE_VALUE)
        {
            maker->failed++;
            continue;
        }
        maker->made++;
        count_processes(snap, GetCurrentProcessId(), &self);
        count_threads(snap, GetCurrentThreadId(), &te);
        if (self.th32ProcessID != GetCurrentProcessId() || te.th32ThreadID != GetCurrentThreadId()
            || te.th32OwnerProcessID != GetCurrentProcessId())
            maker->incomplete++;
        CloseHandle(snap);
    }
    return 0;
}

static void test_concurrent(void)
{
    struct concurrent_maker makers[4] = {{0}};
    HANDLE threads[ARRAYSIZE(makers)], start = CreateEventA(NULL, TRUE, FALSE, NULL);

    for (unsigned int i = 0; i < ARRAYSIZE(makers); i++)
    {
        makers[i].start = start;
        threads[i] = CreateThread(NULL, 0, make_snapshots, &makers[i], 0, NULL);
        ok(threads[i] != NULL, "CreateThread failed: %lu\n", GetLastError());
    }
    SetEvent(start);
    WaitForMultipleObjects(ARRAYSIZE(threads), threads, TRUE, INFINITE);
    for (unsigned int i = 0; i < ARRAYSIZE(makers); i++)
    {
        ok(makers[i].made == 100 && !makers[i].failed, "thread %u: %u made, %u failed\n", i,
           makers[i].made, makers[i].failed);
        ok(!makers[i].incomplete, "thread %u: %u snapshots without the thread or its process\n", i,
           makers[i].incomplete);
        CloseHandle(threads[i]);
    }
    CloseHandle(start);
}

/* The walk position belongs to the snapshot object, not to a handle. */
static void test_duplicate(void)
{
    PROCESSENTRY32W first, second, via_dup;
    HANDLE snap, dup;
    BOOL ret;

    snap = snapshot(TH32CS_SNAPPROCESS);
    ret = DuplicateHandle(GetCurrentProcess(), snap, GetCurrentProcess(), &dup, 0, FALSE,
                          DUPLICATE_SAME_ACCESS);
    ok(ret, "DuplicateHandle failed: %lu\n", GetLastError());
    first.dwSize = second.dwSize = via_dup.dwSize = sizeof(first);

    ok(pProcess32FirstW(snap, &first), "First failed: %lu\n", GetLastError());
    ok(pProcess32NextW(snap, &second), "Next failed: %lu\n", GetLastError());
    ok(pProcess32FirstW(dup, &via_dup), "First on the duplicate failed: %lu\n", GetLastError());
    ok(via_dup.th32ProcessID == first.th32ProcessID, "the duplicate sees another snapshot\n");
    ok(pProcess32NextW(snap, &via_dup), "Next failed: %lu\n", GetLastError());
    ok(via_dup.th32ProcessID == second.th32ProcessID, "the position is not shared: %#lx vs %#lx\n",
       via_dup.th32ProcessID, second.th32ProcessID);

    /* closing one handle leaves the object to the other */
    CloseHandle(snap);
    ok(pProcess32FirstW(dup, &via_dup), "the duplicate died with the original: %lu\n", GetLastError());
    ok(via_dup.th32ProcessID == first.th32ProcessID, "wrong entry after the original closed\n");
    ok(count_processes(dup, 0, NULL) > 1, "the duplicate cannot walk\n");
    CloseHandle(dup);
}

/* With TH32CS_INHERIT the handle is inheritable and a child can walk it. */
static void test_inherit(void)
{
    PROCESSENTRY32W self = {0};
    PROCESS_INFORMATION pi;
    DWORD flags = 0xdeadbeef;
    char args[128];
    HANDLE snap;
    int count;

    snap = snapshot(TH32CS_SNAPPROCESS);
    ok(GetHandleInformation(snap, &flags), "GetHandleInformation failed: %lu\n", GetLastError());
    ok(!(flags & HANDLE_FLAG_INHERIT), "inheritable without TH32CS_INHERIT\n");
    CloseHandle(snap);

    snap = snapshot(TH32CS_SNAPPROCESS | TH32CS_INHERIT);
    ok(GetHandleInformation(snap, &flags), "GetHandleInformation failed: %lu\n", GetLastError());
    ok(flags & HANDLE_FLAG_INHERIT, "not inheritable with TH32CS_INHERIT\n");
    count = count_processes(snap, GetCurrentProcessId(), &self);

    /* the child walks the inherited handle: same count, finds us */
    snprintf(args, sizeof(args), "walk %p %d %lu", snap, count, GetCurrentProcessId());
    pi = start_child(args, TRUE);
    wait_child_process(pi.hProcess);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    /* the child moved the shared position to the end */
    {
        PROCESSENTRY32W pe = {sizeof(pe)};
        SetLastError(0xdeadbeef);
        ok(!pProcess32NextW(snap, &pe) && GetLastError() == ERROR_NO_MORE_FILES,
           "the child's walk did not move our position: %lu\n", GetLastError());
    }
    CloseHandle(snap);

    /* a handle that was not inherited does not work in the child */
    snap = snapshot(TH32CS_SNAPPROCESS);
    snprintf(args, sizeof(args), "nowalk %p", snap);
    pi = start_child(args, TRUE);
    wait_child_process(pi.hProcess);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(snap);
}

static void child_walk(HANDLE snap, int expected, DWORD parent)
{
    PROCESSENTRY32W found = {0};
    int count = count_processes(snap, parent, &found);

    ok(count == expected, "child walked %d entries, parent %d\n", count, expected);
    ok(found.th32ProcessID == parent, "child did not find the parent\n");
}

static void child_nowalk(HANDLE snap)
{
    PROCESSENTRY32W pe = {sizeof(pe)};
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);  /* may take the value */

    ok(!pProcess32FirstW(snap, &pe), "a handle that was not inherited walked in the child\n");
    CloseHandle(event);
}

START_TEST(toolhelp)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);
    char *slash;

    snprintf(selfname, sizeof(selfname), "%s", argv[0]);
    GetModuleFileNameA(NULL, selfname, sizeof(selfname));
    exe_base = (slash = strrchr(selfname, '\\')) ? slash + 1 : selfname;
    if (!init()) return;

    if (argc >= 3 && !strcmp(argv[2], "wait"))
    {
        Sleep(30000);
        return;
    }
    if (argc >= 6 && !strcmp(argv[2], "walk"))
    {
        HANDLE snap = NULL;
        sscanf(argv[3], "%p", &snap);
        child_walk(snap, atoi(argv[4]), strtoul(argv[5], NULL, 10));
        return;
    }
    if (argc >= 4 && !strcmp(argv[2], "nowalk"))
    {
        HANDLE snap = NULL;
        sscanf(argv[3], "%p", &snap);
        child_nowalk(snap);
        return;
    }

    trace("implementation: %s\n", impl_name());
    test_loader_lock();     /* first: no pool thread of an earlier snapshot is there to help */
    test_process_walk();
    test_dwsize();
    test_bad_handles();
    test_flags();
    test_threads();
    test_frozen();
    test_duplicate();
    test_inherit();
    test_concurrent();
}
