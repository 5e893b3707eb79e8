/*
 * Conformance tests of where Toolhelp32 snapshots live: they work wherever
 * the platform's own do (no %TEMP%, an unwritable one), leave nothing behind
 * in %TEMP%, add no thread to the caller's own lists, and a walk function
 * given anything but a snapshot (a pipe, socket, file, section, ...) fails
 * and leaves that object as it was.
 *
 * CreateToolhelp32Snapshot: "Takes a snapshot of the specified processes,
 * as well as the heaps, modules, and threads used by these processes";
 * Process32First et al.: "A handle to the snapshot returned from a previous
 * call to the CreateToolhelp32Snapshot function."
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-createtoolhelp32snapshot
 *
 * K32_SNAPSTORE=file or =memory makes ours keep its snapshots in a temporary
 * file or in memory (left alone, it picks the one that has been cheaper to
 * make, and memory whenever the file system fails it); the platform's
 * ignores it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <winsock2.h>
#include <windows.h>
#include <winternl.h>
#include <sddl.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32First)(HANDLE, PROCESSENTRY32 *);
static BOOL (WINAPI *pProcess32Next)(HANDLE, PROCESSENTRY32 *);
static BOOL (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pThread32Next)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pModule32FirstW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pModule32NextW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pModule32First)(HANDLE, MODULEENTRY32 *);
static BOOL (WINAPI *pModule32Next)(HANDLE, MODULEENTRY32 *);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);

static char selfpath[MAX_PATH];

#define WALK_BOUND_MS 10000     /* a walk step that takes longer hangs */

/* ------------------------------------------------------------------ helpers */

/* Walks the W process list; the entries seen, and whether pid was among them. */
static int count_processes(HANDLE snap, DWORD pid, BOOL *found)
{
    PROCESSENTRY32W pe;
    int count = 0;
    BOOL ret;

    if (found) *found = FALSE;
    pe.dwSize = sizeof(pe);
    for (ret = pProcess32FirstW(snap, &pe); ret; ret = pProcess32NextW(snap, &pe))
    {
        count++;
        if (pe.th32ProcessID == pid && found) *found = TRUE;
    }
    return count;
}

/* The threads of the calling process in one raw SystemProcessInformation
 * call: what the system lists, with no snapshot in between. */
static ULONG raw_own_threads(void)
{
    ULONG size = 1 << 20, needed = 0, threads = 0;
    BYTE *buf = NULL;
    NTSTATUS status;

    for (;;)
    {
        buf = HeapAlloc(GetProcessHeap(), 0, size);
        if (!buf) return 0;
        status = NtQuerySystemInformation(SystemProcessInformation, buf, size, &needed);
        if (status != (NTSTATUS)0xc0000004 /* STATUS_INFO_LENGTH_MISMATCH */) break;
        HeapFree(GetProcessHeap(), 0, buf);
        size = needed + 65536;
    }
    if (!status)
    {
        SYSTEM_PROCESS_INFORMATION *spi = (SYSTEM_PROCESS_INFORMATION *)buf;
        for (;;)
        {
            if ((DWORD)(ULONG_PTR)spi->UniqueProcessId == GetCurrentProcessId()) threads = spi->NumberOfThreads;
            if (!spi->NextEntryOffset) break;
            spi = (SYSTEM_PROCESS_INFORMATION *)((BYTE *)spi + spi->NextEntryOffset);
        }
    }
    HeapFree(GetProcessHeap(), 0, buf);
    return threads;
}

static ULONG snapshot_own_threads(HANDLE snap)
{
    THREADENTRY32 te;
    ULONG owned = 0;
    BOOL ret;

    te.dwSize = sizeof(te);
    for (ret = pThread32First(snap, &te); ret; ret = pThread32Next(snap, &te))
        if (te.th32OwnerProcessID == GetCurrentProcessId()) owned++;
    return owned;
}

/* Files in folder (a "dir\" path), "." and ".." aside. */
static int files_in(const char *folder)
{
    WIN32_FIND_DATAA data;
    char pattern[MAX_PATH];
    HANDLE find;
    int count = 0;

    snprintf(pattern, sizeof(pattern), "%s*", folder);
    if ((find = FindFirstFileA(pattern, &data)) == INVALID_HANDLE_VALUE) return 0;
    do if (strcmp(data.cFileName, ".") && strcmp(data.cFileName, "..")) count++;
    while (FindNextFileA(find, &data));
    FindClose(find);
    return count;
}

/* A fresh empty folder under the real %TEMP% ("...\" in path). */
static void make_folder(char *path, size_t size, const char *name, SECURITY_ATTRIBUTES *sa)
{
    char temp[MAX_PATH];

    GetTempPathA(sizeof(temp), temp);
    snprintf(path, size, "%sk32snap-%s-%lu\\", temp, name, GetCurrentProcessId());
    ok(CreateDirectoryA(path, sa), "CreateDirectory(%s) failed: %lu\n", path, GetLastError());
}

static void remove_folder(const char *path)
{
    char file[MAX_PATH];
    WIN32_FIND_DATAA data;
    HANDLE find;

    snprintf(file, sizeof(file), "%s*", path);
    if ((find = FindFirstFileA(file, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(data.cFileName, ".") || !strcmp(data.cFileName, "..")) continue;
            snprintf(file, sizeof(file), "%s%s", path, data.cFileName);
            DeleteFileA(file);
        } while (FindNextFileA(find, &data));
        FindClose(find);
    }
    RemoveDirectoryA(path);
}

/* Sets TMP and TEMP to value (NULL: removes them); the old values in saved. */
struct temp_env { char tmp[MAX_PATH], temp[MAX_PATH]; BOOL had_tmp, had_temp; };

static void set_temp(struct temp_env *saved, const char *value)
{
    saved->had_tmp = GetEnvironmentVariableA("TMP", saved->tmp, sizeof(saved->tmp)) != 0;
    saved->had_temp = GetEnvironmentVariableA("TEMP", saved->temp, sizeof(saved->temp)) != 0;
    SetEnvironmentVariableA("TMP", value);
    SetEnvironmentVariableA("TEMP", value);
}

static void restore_temp(const struct temp_env *saved)
{
    SetEnvironmentVariableA("TMP", saved->had_tmp ? saved->tmp : NULL);
    SetEnvironmentVariableA("TEMP", saved->had_temp ? saved->temp : NULL);
}

/* A whole snapshot's life: made, walked twice (the position is the
 * object's), duplicated, closed; the closed handle yields nothing. */
static void check_snapshot_life(const char *context)
{
    HANDLE snap, dup;
    PROCESSENTRY32W pe;
    BOOL found;
    int count;

    winetest_push_context("%s", context);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD | TH32CS_SNAPMODULE, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE)
    {
        winetest_pop_context();
        return;
    }
    count = count_processes(snap, GetCurrentProcessId(), &found);
    ok(count > 1 && found, "walked %d processes, self %d\n", count, found);
    ok(snapshot_own_threads(snap) >= 1, "no thread of ours\n");
    ok(DuplicateHandle(GetCurrentProcess(), snap, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle failed: %lu\n", GetLastError());
    pe.dwSize = sizeof(pe);
    ok(pProcess32FirstW(snap, &pe), "Process32FirstW failed: %lu\n", GetLastError());
    CloseHandle(snap);
    ok(count_processes(dup, 0, NULL) == count, "the duplicate walks another list\n");
    CloseHandle(dup);
    SetLastError(0xdeadbeef);
    ok(!pProcess32NextW(dup, &pe) && GetLastError() == ERROR_INVALID_HANDLE,
       "closed: error %lu\n", GetLastError());
    winetest_pop_context();
}

/* ------------------------------------------------------------------ fault 6: own threads */

/* Child side: the first snapshot of a process lists its threads as the
 * system does, and leaves none behind. */
static void child_own_threads(void)
{
    ULONG before = raw_own_threads(), listed, after;
    HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);

    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    listed = snapshot_own_threads(snap);
    CloseHandle(snap);
    after = raw_own_threads();
    ok(before >= 1, "the raw list has %lu threads of ours\n", before);
    /* threads of the process may only end meanwhile (a loader's workers) */
    ok(listed <= before, "the snapshot lists %lu threads of ours, the system %lu just before\n", listed, before);
    ok(listed >= 1, "the snapshot lists no thread of ours\n");
    ok(after <= before, "%lu threads of ours after the snapshot, %lu before\n", after, before);
}

static void run_child(const char *exe, const char *args)
{
    PROCESS_INFORMATION pi;
    STARTUPINFOA si = {sizeof(si)};
    char cmd[MAX_PATH * 2];

    snprintf(cmd, sizeof(cmd), "\"%s\" %s", exe, args);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
    {
        ok(0, "CreateProcess(%s) failed: %lu\n", cmd, GetLastError());
        return;
    }
    wait_child_process(pi.hProcess);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static void test_own_threads(void)
{
    run_child(selfpath, "snapstore own_threads");
}

/* ------------------------------------------------------------------ fault 1: %TEMP% */

static void test_no_temp(void)
{
    /* deny creating files in it (Wine does not enforce ACLs: there it is writable) */
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, FALSE };
    PSECURITY_DESCRIPTOR sd = NULL;
    char folder[MAX_PATH], file[MAX_PATH], missing[MAX_PATH];
    struct temp_env saved;
    HANDLE h;

    snprintf(missing, sizeof(missing), "%s", selfpath);
    strcpy(strrchr(missing, '\\') + 1, "no-such-folder\\deeper");
    set_temp(&saved, missing);
    check_snapshot_life("TMP/TEMP name no folder");
    restore_temp(&saved);

    /* a file where the folder should be */
    make_folder(folder, sizeof(folder), "file", NULL);
    snprintf(file, sizeof(file), "%snot-a-folder", folder);
    h = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile failed: %lu\n", GetLastError());
    CloseHandle(h);
    set_temp(&saved, file);
    check_snapshot_life("TMP/TEMP name a file");
    restore_temp(&saved);
    ok(files_in(folder) == 1, "%d files next to the file\n", files_in(folder));
    remove_folder(folder);

    set_temp(&saved, NULL);
    check_snapshot_life("no TMP/TEMP");
    restore_temp(&saved);

    /* everyone may list and delete, nobody may add a file */
    if (ConvertStringSecurityDescriptorToSecurityDescriptorA("D:P(D;OICI;0x2;;;WD)(A;OICI;FA;;;WD)", 1, &sd, NULL))
    {
        sa.lpSecurityDescriptor = sd;
        make_folder(folder, sizeof(folder), "readonly", &sa);
        set_temp(&saved, folder);
        check_snapshot_life("TMP/TEMP unwritable");
        restore_temp(&saved);
        ok(!files_in(folder), "%d files left in the folder\n", files_in(folder));
        remove_folder(folder);
        LocalFree(sd);
    }
    else win_skip("no security descriptors: %lu\n", GetLastError());
}

/* Nothing stays in folder, as TMP/TEMP, after a snapshot is closed, or
 * after a process holding one is killed: it holds as many files as before. */
static void check_nothing_left(const char *folder)
{
    char args[MAX_PATH + 32];
    PROCESS_INFORMATION pi;
    STARTUPINFOA si = {sizeof(si)};
    struct temp_env saved;
    HANDLE snaps[8], ready;
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    unsigned int i;
    int before = files_in(folder);

    set_temp(&saved, folder);
    SetEnvironmentVariableA("K32_SNAPSTORE", "file");   /* the child's too */
    for (i = 0; i < ARRAY_SIZE(snaps); i++)
    {
        snaps[i] = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
        ok(snaps[i] != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    }
    for (i = 0; i < ARRAY_SIZE(snaps); i++) CloseHandle(snaps[i]);
    ok(files_in(folder) == before, "%d files left after the snapshots closed\n", files_in(folder) - before);

    /* a child that holds a snapshot is killed: its snapshot goes too */
    ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    snprintf(args, sizeof(args), "\"%s\" snapstore hold %p", selfpath, ready);
    if (CreateProcessA(NULL, args, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
    {
        ok(WaitForSingleObject(ready, 30000) == WAIT_OBJECT_0, "the child did not make its snapshot\n");
        TerminateProcess(pi.hProcess, 3);
        ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the child did not end\n");
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
        /* the system closes the dead process's handles as it ends */
        for (i = 0; i < 50 && files_in(folder) != before; i++) Sleep(100);
        ok(files_in(folder) == before, "%d files left by the killed child\n", files_in(folder) - before);
    }
    else ok(0, "CreateProcess failed: %lu\n", GetLastError());
    CloseHandle(ready);
    SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
    restore_temp(&saved);
}

static void test_nothing_left(void)
{
    char folder[MAX_PATH];

    make_folder(folder, sizeof(folder), "left", NULL);
    check_nothing_left(folder);
    remove_folder(folder);
}

static void child_hold(HANDLE ready)
{
    HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);

    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    SetEvent(ready);
    Sleep(30000);   /* killed long before */
}

/* ------------------------------------------------------------------ each backing */

static void test_backings(void)
{
    PROCESSENTRY32W file_entry = {sizeof(file_entry)}, memory_entry = {sizeof(memory_entry)};
    HANDLE in_file, in_memory;
    unsigned int count = 0;
    BOOL more_file, more_memory;

    SetEnvironmentVariableA("K32_SNAPSTORE", "file");
    check_snapshot_life("file backing");
    in_file = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    SetEnvironmentVariableA("K32_SNAPSTORE", "memory");
    check_snapshot_life("memory backing");
    in_memory = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
    ok(in_file != INVALID_HANDLE_VALUE && in_memory != INVALID_HANDLE_VALUE, "snapshots %p %p: %lu\n",
       in_file, in_memory, GetLastError());

    /* one of each, walked in turns (the backing is chosen per snapshot):
     * each keeps its own place */
    more_file = pProcess32FirstW(in_file, &file_entry);
    more_memory = pProcess32FirstW(in_memory, &memory_entry);
    while (more_file || more_memory)
    {
        if (more_file)
        {
            if (file_entry.th32ProcessID == GetCurrentProcessId()) count++;
            more_file = pProcess32NextW(in_file, &file_entry);
            if (!more_file) ok(GetLastError() == ERROR_NO_MORE_FILES, "file walk ended: %lu\n", GetLastError());
        }
        if (more_memory)
        {
            if (memory_entry.th32ProcessID == GetCurrentProcessId()) count++;
            more_memory = pProcess32NextW(in_memory, &memory_entry);
            if (!more_memory) ok(GetLastError() == ERROR_NO_MORE_FILES, "memory walk ended: %lu\n", GetLastError());
        }
    }
    ok(count == 2, "this process seen %u times in two snapshots walked in turns\n", count);
    CloseHandle(in_file);
    CloseHandle(in_memory);
}

/* Runs the other suites again as children, with TMP/TEMP set to temp
 * (NULL: as they are). */
static void run_suites(const char *temp, const char *what)
{
    static const char * const suites[] = { "toolhelp", "heaps" };
    char exe[MAX_PATH];
    struct temp_env saved;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(suites); i++)
    {
        snprintf(exe, sizeof(exe), "%s", selfpath);
        snprintf(strrchr(exe, '\\') + 1, sizeof(exe) - (strrchr(exe, '\\') + 1 - exe), "%s.exe", suites[i]);
        if (GetFileAttributesA(exe) == INVALID_FILE_ATTRIBUTES)
        {
            skip("%s is not next to this test\n", exe);
            continue;
        }
        winetest_push_context("%s, %s", suites[i], what);
        if (temp) set_temp(&saved, temp);
        run_child(exe, "");
        if (temp) restore_temp(&saved);
        winetest_pop_context();
    }
}

/* Other suites run again: with each backing, and with no usable %TEMP%
 * (so that the fallback is chosen by itself). */
static void test_suites(void)
{
    char missing[MAX_PATH];

    SetEnvironmentVariableA("K32_SNAPSTORE", "file");
    run_suites(NULL, "file backing");
    SetEnvironmentVariableA("K32_SNAPSTORE", "memory");
    run_suites(NULL, "memory backing");
    SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
    snprintf(missing, sizeof(missing), "%s", selfpath);
    strcpy(strrchr(missing, '\\') + 1, "no-such-folder");
    run_suites(missing, "no %TEMP%");
}

/* A %TEMP% where a file can be made but not written in full: the folders
 * named by K32_FULL_TEMP (a file system with no room left) and
 * K32_TINY_TEMP (one too small for a snapshot); tools/fs-limits makes
 * them. A snapshot works there, and nothing of it stays. */
static void test_fs_limits(void)
{
    static const char * const vars[] = { "K32_FULL_TEMP", "K32_TINY_TEMP" };
    static char data[65536];
    char folder[MAX_PATH - 16], file[MAX_PATH];
    struct temp_env saved;
    int before;
    HANDLE h;
    DWORD n;

    for (unsigned int i = 0; i < ARRAY_SIZE(vars); i++)
    {
        n = GetEnvironmentVariableA(vars[i], folder, sizeof(folder) - 1);
        if (!n || n >= sizeof(folder) - 1)
        {
            skip("%s names no folder (tools/fs-limits sets it)\n", vars[i]);
            continue;
        }
        if (folder[n - 1] != '\\') strcpy(folder + n, "\\");
        winetest_push_context("%s", vars[i]);
        before = files_in(folder);

        /* the premise: a file can be made there, 64 KiB cannot be written */
        snprintf(file, sizeof(file), "%sk32fill.tmp", folder);
        h = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
        ok(h != INVALID_HANDLE_VALUE, "CreateFile(%s) failed: %lu\n", file, GetLastError());
        n = 0;
        SetLastError(0xdeadbeef);
        ok(h == INVALID_HANDLE_VALUE || !WriteFile(h, data, sizeof(data), &n, NULL) || n < sizeof(data),
           "the file system took 64 KiB\n");
        trace("%s: %lu bytes written, error %lu\n", folder, n, GetLastError());
        CloseHandle(h);

        /* the file is tried first, and fails part-way */
        SetEnvironmentVariableA("K32_SNAPSTORE", "file");
        set_temp(&saved, folder);
        check_snapshot_life(vars[i]);
        restore_temp(&saved);
        check_nothing_left(folder);
        SetEnvironmentVariableA("K32_SNAPSTORE", "file");
        run_suites(folder, vars[i]);
        SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
        ok(files_in(folder) == before, "%d files in the folder, %d before\n", files_in(folder), before);
        winetest_pop_context();
    }
}

/* ------------------------------------------------------------------ fault 3: foreign handles */

/* Every walk function, each given the same handle. */
struct walk_call
{
    HANDLE handle;
    unsigned int which;
    BOOL ret;
    DWORD error;
};

static const char * const walk_names[] =
{
    "Process32FirstW", "Process32NextW", "Process32First", "Process32Next", "Thread32First", "Thread32Next",
    "Module32FirstW", "Module32NextW", "Module32First", "Module32Next", "Heap32ListFirst", "Heap32ListNext",
};

static DWORD WINAPI walk_thread(void *arg)
{
    struct walk_call *call = arg;
    union { PROCESSENTRY32W pw; PROCESSENTRY32 pa; THREADENTRY32 t; MODULEENTRY32W mw; MODULEENTRY32 ma;
            HEAPLIST32 h; BYTE pad[4096]; } entry;

    memset(&entry, 0, sizeof(entry));
    SetLastError(0xdeadbeef);
    switch (call->which)
    {
    case 0: entry.pw.dwSize = sizeof(entry.pw); call->ret = pProcess32FirstW(call->handle, &entry.pw); break;
    case 1: entry.pw.dwSize = sizeof(entry.pw); call->ret = pProcess32NextW(call->handle, &entry.pw); break;
    case 2: entry.pa.dwSize = sizeof(entry.pa); call->ret = pProcess32First(call->handle, &entry.pa); break;
    case 3: entry.pa.dwSize = sizeof(entry.pa); call->ret = pProcess32Next(call->handle, &entry.pa); break;
    case 4: entry.t.dwSize = sizeof(entry.t); call->ret = pThread32First(call->handle, &entry.t); break;
    case 5: entry.t.dwSize = sizeof(entry.t); call->ret = pThread32Next(call->handle, &entry.t); break;
    case 6: entry.mw.dwSize = sizeof(entry.mw); call->ret = pModule32FirstW(call->handle, &entry.mw); break;
    case 7: entry.mw.dwSize = sizeof(entry.mw); call->ret = pModule32NextW(call->handle, &entry.mw); break;
    case 8: entry.ma.dwSize = sizeof(entry.ma); call->ret = pModule32First(call->handle, &entry.ma); break;
    case 9: entry.ma.dwSize = sizeof(entry.ma); call->ret = pModule32Next(call->handle, &entry.ma); break;
    case 10: entry.h.dwSize = sizeof(entry.h); call->ret = pHeap32ListFirst(call->handle, &entry.h); break;
    default: entry.h.dwSize = sizeof(entry.h); call->ret = pHeap32ListNext(call->handle, &entry.h); break;
    }
    call->error = GetLastError();
    /* the entry stays on this thread's stack until the thread ends: a read
     * left pending into it would land here, not in a freed frame */
    Sleep(200);
    return 0;
}

/* Gives handle to every walk function, on a thread each, with a bound:
 * each must fail with ERROR_INVALID_HANDLE, and return. */
static void walk_foreign(HANDLE handle, const char *what)
{
    /* the Wine builtin's heap list functions are stubs (Heap32ListNext aborts) */
    unsigned int count = !impl_is_ours() && winetest_platform_is_wine ? ARRAY_SIZE(walk_names) - 2
                                                                      : ARRAY_SIZE(walk_names);

    for (unsigned int i = 0; i < count; i++)
    {
        struct walk_call call = { handle, i, TRUE, 0 };
        HANDLE thread = CreateThread(NULL, 0, walk_thread, &call, 0, NULL);
        DWORD wait = WaitForSingleObject(thread, WALK_BOUND_MS);

        ok(wait == WAIT_OBJECT_0, "%s on %s did not return\n", walk_names[i], what);
        if (wait != WAIT_OBJECT_0)
        {
            /* leave the call (and its frame) alone; it may still complete */
            CloseHandle(thread);
            return;
        }
        CloseHandle(thread);
        ok(!call.ret, "%s accepted %s\n", walk_names[i], what);
        ok(call.error == ERROR_INVALID_HANDLE, "%s on %s: error %lu\n", walk_names[i], what, call.error);
    }
}

static DWORD pipe_bytes(HANDLE pipe)
{
    DWORD avail = 0xdeadbeef;

    ok(PeekNamedPipe(pipe, NULL, 0, NULL, &avail, NULL), "PeekNamedPipe failed: %lu\n", GetLastError());
    return avail;
}

static void test_pipes(void)
{
    char data[96], name[64], back[96];
    HANDLE r, w, server, client;
    OVERLAPPED ov = {0};
    DWORD n;

    for (unsigned int i = 0; i < sizeof(data); i++) data[i] = (char)i;
    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe failed: %lu\n", GetLastError());
    walk_foreign(r, "an empty anonymous pipe");
    ok(pipe_bytes(r) == 0, "the empty pipe holds data\n");
    ok(WriteFile(w, data, sizeof(data), &n, NULL) && n == sizeof(data), "WriteFile failed\n");
    walk_foreign(r, "an anonymous pipe with 96 bytes");
    ok(pipe_bytes(r) == sizeof(data), "%lu bytes left of 96\n", pipe_bytes(r));
    ok(ReadFile(r, back, sizeof(back), &n, NULL) && n == sizeof(back) && !memcmp(back, data, sizeof(data)),
       "the pipe's data changed\n");
    walk_foreign(w, "the write end of a pipe");
    CloseHandle(r);
    CloseHandle(w);

    /* an overlapped pipe: no read may be left pending on it */
    snprintf(name, sizeof(name), "\\\\.\\pipe\\k32snapstore-%lu", GetCurrentProcessId());
    server = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE | PIPE_WAIT,
                              1, 4096, 4096, 0, NULL);
    ok(server != INVALID_HANDLE_VALUE, "CreateNamedPipe failed: %lu\n", GetLastError());
    client = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(client != INVALID_HANDLE_VALUE, "CreateFile(pipe) failed: %lu\n", GetLastError());
    walk_foreign(server, "an empty overlapped pipe");
    ok(WriteFile(client, data, 16, &n, NULL) && n == 16, "WriteFile failed: %lu\n", GetLastError());
    Sleep(50);
    ok(pipe_bytes(server) == 16, "%lu of 16 bytes arrived: a read was pending\n", pipe_bytes(server));
    walk_foreign(server, "an overlapped pipe with 16 bytes");
    ok(pipe_bytes(server) == 16, "%lu bytes left of 16\n", pipe_bytes(server));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(ReadFile(server, back, 16, &n, &ov) || GetLastError() == ERROR_IO_PENDING, "ReadFile failed\n");
    ok(GetOverlappedResult(server, &ov, &n, TRUE) && n == 16 && !memcmp(back, data, 16), "the data changed\n");
    walk_foreign(client, "the client end of a pipe");
    CloseHandle(ov.hEvent);
    CloseHandle(client);
    CloseHandle(server);
}

/* A connected loopback TCP pair; overlapped: made by socket() (overlapped
 * I/O allowed), else with no WSA_FLAG_OVERLAPPED (synchronous only). */
static BOOL socket_pair(BOOL overlapped, SOCKET *listener, SOCKET *client, SOCKET *server)
{
    struct sockaddr_in addr = { AF_INET };
    int len = sizeof(addr);

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *listener = overlapped ? socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
                           : WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    *client = overlapped ? socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
                         : WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    *server = INVALID_SOCKET;
    ok(*listener != INVALID_SOCKET && *client != INVALID_SOCKET, "socket failed: %d\n", WSAGetLastError());
    if (*listener == INVALID_SOCKET || *client == INVALID_SOCKET) return FALSE;
    ok(!bind(*listener, (struct sockaddr *)&addr, sizeof(addr)), "bind failed: %d\n", WSAGetLastError());
    ok(!getsockname(*listener, (struct sockaddr *)&addr, &len), "getsockname failed: %d\n", WSAGetLastError());
    ok(!listen(*listener, 1), "listen failed: %d\n", WSAGetLastError());
    ok(!connect(*client, (struct sockaddr *)&addr, sizeof(addr)), "connect failed: %d\n", WSAGetLastError());
    *server = accept(*listener, NULL, NULL);
    ok(*server != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());
    return *server != INVALID_SOCKET;
}

/* The bytes waiting on s, once at least expected arrived (at most 10 s). */
static u_long socket_bytes(SOCKET s, u_long expected)
{
    struct timeval timeout = { 10, 0 };
    u_long avail = 0xdeadbeef;
    fd_set set;

    FD_ZERO(&set);
    FD_SET(s, &set);
    if (expected) ok(select(0, &set, NULL, NULL, &timeout) == 1, "nothing arrived: %d\n", WSAGetLastError());
    ok(!ioctlsocket(s, FIONREAD, &avail), "FIONREAD failed: %d\n", WSAGetLastError());
    return avail;
}

static void check_sockets(BOOL overlapped)
{
    static const char data[] = "0123456789abcdef";
    SOCKET listener, client, server;
    char back[64];
    u_long avail;
    int n;

    winetest_push_context("%s", overlapped ? "overlapped" : "synchronous");
    if (socket_pair(overlapped, &listener, &client, &server))
    {
        /* empty: no read may be left pending on it, to take what comes later */
        walk_foreign((HANDLE)server, "an empty socket");
        ok(send(client, data, 16, 0) == 16, "send failed: %d\n", WSAGetLastError());
        avail = socket_bytes(server, 16);
        ok(avail == 16, "%lu of 16 bytes arrived: a read was pending\n", avail);

        walk_foreign((HANDLE)server, "a socket with 16 bytes");
        avail = socket_bytes(server, 16);
        ok(avail == 16, "%lu bytes left of 16\n", avail);
        n = recv(server, back, sizeof(back), 0);
        ok(n == 16 && !memcmp(back, data, 16), "recv: %d bytes, the data changed\n", n);

        walk_foreign((HANDLE)client, "the connecting socket");
        walk_foreign((HANDLE)listener, "a listening socket");
        /* the connection still works both ways */
        ok(send(server, data, 8, 0) == 8, "send failed: %d\n", WSAGetLastError());
        avail = socket_bytes(client, 8);
        ok(avail == 8, "%lu of 8 bytes arrived\n", avail);
        n = recv(client, back, sizeof(back), 0);
        ok(n == 8 && !memcmp(back, data, 8), "recv: %d bytes, the data changed\n", n);
    }
    closesocket(server);
    closesocket(client);
    closesocket(listener);
    winetest_pop_context();
}

static void test_sockets(void)
{
    WSADATA wsa;

    if (WSAStartup(MAKEWORD(2, 2), &wsa))
    {
        skip("no Winsock\n");
        return;
    }
    check_sockets(FALSE);
    check_sockets(TRUE);
    WSACleanup();
}

static void check_file_untouched(HANDLE file, const char *what, const char *data, DWORD size, DWORD pos)
{
    char back[256];
    DWORD n;

    walk_foreign(file, what);
    ok(SetFilePointer(file, 0, NULL, FILE_CURRENT) == pos, "%s: the position moved\n", what);
    ok(GetFileSize(file, NULL) == size, "%s: the size changed\n", what);
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ok(ReadFile(file, back, sizeof(back), &n, NULL) && n == size && !memcmp(back, data, size),
       "%s: the data changed\n", what);
}

static void test_files(void)
{
    char path[MAX_PATH], temp[MAX_PATH], data[128];
    HANDLE file, snap;
    DWORD n;

    memset(data, 'k', sizeof(data));
    GetTempPathA(sizeof(temp), temp);
    GetTempFileNameA(temp, "k32", 0, path);
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed: %lu\n", GetLastError());
    WriteFile(file, data, sizeof(data), &n, NULL);
    SetFilePointer(file, 5, NULL, FILE_BEGIN);
    check_file_untouched(file, "a file", data, sizeof(data), 5);
    CloseHandle(file);

    file = CreateFileA(selfpath, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed: %lu\n", GetLastError());
    walk_foreign(file, "an overlapped file");
    CloseHandle(file);

    /* a closed snapshot's value, reused by a file of the same size in %TEMP% */
    for (int i = 0; i < 4; i++)
    {
        snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        count_processes(snap, 0, NULL);
        CloseHandle(snap);
        file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
        WriteFile(file, data, sizeof(data), &n, NULL);
        SetFilePointer(file, 7, NULL, FILE_BEGIN);
        check_file_untouched(file, "a file at a closed snapshot's value", data, sizeof(data), 7);
        CloseHandle(file);
    }
}

static void test_other_objects(void)
{
    HANDLE event, sem, mapping, thread, process, snap, r, w;
    PROCESS_INFORMATION pi;
    STARTUPINFOA si = {sizeof(si)};
    char cmd[MAX_PATH + 32], *view;
    LONG previous = -1;
    DWORD tid;

    event = CreateEventA(NULL, FALSE, TRUE, NULL);       /* auto-reset, signalled */
    walk_foreign(event, "an event");
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "the event was waited on\n");
    CloseHandle(event);

    sem = CreateSemaphoreA(NULL, 1, 2, NULL);
    walk_foreign(sem, "a semaphore");
    ok(ReleaseSemaphore(sem, 1, &previous) && previous == 1, "the semaphore count is %ld\n", previous);
    CloseHandle(sem);

    /* the Wine builtin reads any section as a snapshot, and faults on this one */
    if (impl_is_ours() || !winetest_platform_is_wine)
    {
        mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL);
        view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
        memset(view, 'x', 4096);
        walk_foreign(mapping, "a section");
        for (tid = 0; tid < 4096 && view[tid] == 'x'; tid++) ;
        ok(tid == 4096, "the section changed at %lu\n", tid);
        UnmapViewOfFile(view);
        CloseHandle(mapping);
    }
    else skip("the builtin faults on a section that is no snapshot\n");

    thread = CreateThread(NULL, 0, walk_thread, &(struct walk_call){ NULL, 0, 0, 0 }, CREATE_SUSPENDED, &tid);
    walk_foreign(thread, "a suspended thread");
    ok(WaitForSingleObject(thread, 0) == WAIT_TIMEOUT, "the thread ran\n");
    TerminateThread(thread, 0);
    CloseHandle(thread);
    walk_foreign(GetCurrentProcess(), "the process pseudo handle");
    walk_foreign(GetCurrentThread(), "the thread pseudo handle");

    snprintf(cmd, sizeof(cmd), "\"%s\" snapstore idle", selfpath);
    if (CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
    {
        process = pi.hProcess;
        walk_foreign(process, "a process");
        ok(WaitForSingleObject(process, 0) == WAIT_TIMEOUT, "the process ended\n");
        TerminateProcess(process, 0);
        WaitForSingleObject(process, 30000);
        CloseHandle(pi.hThread);
        CloseHandle(process);
    }

    /* a closed snapshot's value, reused by a pipe holding data */
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    count_processes(snap, 0, NULL);
    CloseHandle(snap);
    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe failed: %lu\n", GetLastError());
    WriteFile(w, "0123456789abcdef", 16, &tid, NULL);
    if (r == snap || w == snap) trace("the pipe took the snapshot's value\n");
    walk_foreign(snap, "a closed snapshot's value");
    walk_foreign(r, "a pipe made after a snapshot closed");
    ok(pipe_bytes(r) == 16, "%lu bytes left of 16\n", pipe_bytes(r));
    CloseHandle(r);
    CloseHandle(w);
}

static void test_foreign_handles(void)
{
    test_pipes();
    test_sockets();
    test_files();
    SetEnvironmentVariableA("K32_SNAPSTORE", "file");
    test_other_objects();
    SetEnvironmentVariableA("K32_SNAPSTORE", "memory");
    test_other_objects();
    SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
}

START_TEST(snapstore)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    GetModuleFileNameA(NULL, selfpath, sizeof(selfpath));
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Process32First);
    IMPL_TOOLHELP(Process32Next);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Thread32Next);
    IMPL_TOOLHELP(Module32FirstW);
    IMPL_TOOLHELP(Module32NextW);
    IMPL_TOOLHELP(Module32First);
    IMPL_TOOLHELP(Module32Next);
    IMPL_TOOLHELP(Heap32ListFirst);
    IMPL_TOOLHELP(Heap32ListNext);
    if (!pCreateToolhelp32Snapshot || !pProcess32FirstW || !pThread32First || !pModule32First || !pHeap32ListFirst)
    {
        win_skip("Toolhelp32 functions missing in %s\n", impl_name());
        return;
    }
    if (argc >= 3 && !strcmp(argv[2], "own_threads"))
    {
        child_own_threads();
        return;
    }
    if (argc >= 4 && !strcmp(argv[2], "hold"))
    {
        HANDLE ready = NULL;
        sscanf(argv[3], "%p", &ready);
        child_hold(ready);
        return;
    }
    if (argc >= 3 && !strcmp(argv[2], "fs_limits"))
    {
        test_fs_limits();
        return;
    }
    if (argc >= 3 && !strcmp(argv[2], "idle"))
    {
        Sleep(30000);
        return;
    }
    test_own_threads();
    test_no_temp();
    test_nothing_left();
    test_backings();
    test_foreign_handles();
    test_suites();
    test_fs_limits();
}
