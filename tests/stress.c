/*
 * Stress of the Toolhelp32 snapshots: many create/walk/close cycles must not
 * leak handles or memory, and snapshots taken while processes and threads
 * come and go must stay consistent (no torn entry, no crash).
 *
 * K32_STRESS_CYCLES sets the cycle count (default 100000 for ours, 10000 for
 * the platform's implementation);
 * K32_STRESS_SECONDS the length of the churn phase (default 5).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <tlhelp32.h>
#include <psapi.h>
#include <winternl.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pThread32Next)(HANDLE, THREADENTRY32 *);

static unsigned int env_count(const char *name, unsigned int fallback)
{
    const char *value = getenv(name);
    return value && *value ? strtoul(value, NULL, 10) : fallback;
}

/* Walks a process+thread snapshot and checks it is consistent in itself:
 * unique pids, NUL-terminated names, every thread owned by a listed process,
 * as many threads per process as its cntThreads says. Returns entries seen. */
static unsigned int walk_checked(HANDLE snap, BOOL *consistent)
{
    static DWORD pids[4096], threads[4096], seen[4096];
    PROCESSENTRY32W pe;
    THREADENTRY32 te;
    unsigned int nproc = 0, entries = 0, i, j;
    BOOL ret;

    *consistent = TRUE;
    pe.dwSize = sizeof(pe);
    for (ret = pProcess32FirstW(snap, &pe); ret && nproc < ARRAY_SIZE(pids); ret = pProcess32NextW(snap, &pe))
    {
        if (wcsnlen(pe.szExeFile, MAX_PATH) == MAX_PATH) *consistent = FALSE;
        for (j = 0; j < nproc; j++) if (pids[j] == pe.th32ProcessID) *consistent = FALSE;
        pids[nproc] = pe.th32ProcessID;
        threads[nproc] = pe.cntThreads;
        seen[nproc++] = 0;
        entries++;
    }
    if (GetLastError() != ERROR_NO_MORE_FILES) *consistent = FALSE;
    te.dwSize = sizeof(te);
    for (ret = pThread32First(snap, &te); ret; ret = pThread32Next(snap, &te))
    {
        for (i = 0; i < nproc; i++) if (pids[i] == te.th32OwnerProcessID) break;
        if (i == nproc) *consistent = FALSE;
        else seen[i]++;
        entries++;
    }
    if (GetLastError() != ERROR_NO_MORE_FILES) *consistent = FALSE;
    for (i = 0; i < nproc; i++) if (seen[i] != threads[i]) *consistent = FALSE;
    return entries;
}

/* GetProcessHandleCount, or where it answers 0 (Wine) the process's entries
 * of the system handle list (SYSTEM_HANDLE_INFORMATION: a count, then
 * records whose first field is the owner's 16-bit pid). */
static DWORD handle_count(void)
{
    static ULONG buffer[1 << 20];
    const unsigned char *entry = (const unsigned char *)buffer + sizeof(ULONG_PTR);
    const size_t entry_size = sizeof(ULONG_PTR) == 8 ? 24 : 16;
    DWORD count = 0, i;
    ULONG len;

    if (GetProcessHandleCount(GetCurrentProcess(), &count) && count) return count;
    if (NtQuerySystemInformation(16 /* SystemHandleInformation */, buffer, sizeof(buffer), &len)) return 0;
    for (i = 0; i < buffer[0]; i++, entry += entry_size)
        if (*(const USHORT *)entry == (USHORT)GetCurrentProcessId()) count++;
    return count;
}

static SIZE_T private_bytes(void)
{
    PROCESS_MEMORY_COUNTERS_EX pmc;

    memset(&pmc, 0, sizeof(pmc));
    GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&pmc, sizeof(pmc));
    return pmc.PrivateUsage ? pmc.PrivateUsage : pmc.PagefileUsage;
}

static void test_cycles(void)
{
    /* the platform's own implementation is only measured alongside: under Wine
     * its cycle costs ~30 times ours, so it gets a tenth of the cycles */
    unsigned int cycles = env_count("K32_STRESS_CYCLES", impl_is_ours() ? 100000 : 10000), i;
    unsigned int failures = 0, torn = 0;
    DWORD handles_before, handles_after;
    SIZE_T private_before, private_after;
    BOOL consistent;

    /* warm up: the first cycles size the caches of both implementations */
    for (i = 0; i < 200; i++)
    {
        HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
        walk_checked(snap, &consistent);
        CloseHandle(snap);
    }
    handles_before = handle_count();
    private_before = private_bytes();
    for (i = 0; i < cycles; i++)
    {
        HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);

        if (snap == INVALID_HANDLE_VALUE) { failures++; continue; }
        walk_checked(snap, &consistent);
        if (!consistent) torn++;
        CloseHandle(snap);
    }
    handles_after = handle_count();
    private_after = private_bytes();
    trace("%u cycles: handles %lu -> %lu, private bytes %Iu -> %Iu\n", cycles, handles_before,
          handles_after, private_before, private_after);
    ok(!failures, "%u of %u snapshots failed\n", failures, cycles);
    ok(!torn, "%u of %u snapshots were inconsistent\n", torn, cycles);
    ok(handles_before > 0, "no handle count\n");
    ok(handles_after <= handles_before + 2, "handle count grew from %lu to %lu\n", handles_before, handles_after);
    ok(private_after <= private_before + 1024 * 1024, "private bytes grew from %Iu to %Iu\n",
       private_before, private_after);
}

/* The cycles again with each backing of ours (K32_SNAPSTORE=file or =memory
 * picks one; the platform's ignores it), with a %TEMP% of their own
 * that must stay empty (it can be removed) and, for the memory one, is gone. */
static void test_backings(void)
{
    char temp[MAX_PATH], folder[MAX_PATH], old_tmp[MAX_PATH], old_temp[MAX_PATH];
    DWORD had_tmp = GetEnvironmentVariableA("TMP", old_tmp, sizeof(old_tmp));
    DWORD had_temp = GetEnvironmentVariableA("TEMP", old_temp, sizeof(old_temp));

    GetTempPathA(sizeof(temp), temp);
    snprintf(folder, sizeof(folder), "%sk32stress-%lu\\", temp, GetCurrentProcessId());
    ok(CreateDirectoryA(folder, NULL), "CreateDirectory(%s) failed: %lu\n", folder, GetLastError());
    SetEnvironmentVariableA("TMP", folder);
    SetEnvironmentVariableA("TEMP", folder);

    winetest_push_context("file backing");
    SetEnvironmentVariableA("K32_SNAPSTORE", "file");
    test_cycles();
    SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
    ok(RemoveDirectoryA(folder), "%%TEMP%% cannot be removed (not empty?): %lu\n", GetLastError());
    winetest_pop_context();

    winetest_push_context("memory backing");
    SetEnvironmentVariableA("K32_SNAPSTORE", "memory");
    test_cycles();
    SetEnvironmentVariableA("K32_SNAPSTORE", NULL);
    ok(GetFileAttributesA(folder) == INVALID_FILE_ATTRIBUTES, "%%TEMP%% is back\n");
    winetest_pop_context();

    SetEnvironmentVariableA("TMP", had_tmp ? old_tmp : NULL);
    SetEnvironmentVariableA("TEMP", had_temp ? old_temp : NULL);
}

static volatile LONG churning;

static DWORD WINAPI short_thread(void *arg)
{
    return 0;
}

/* Creates and ends threads without pause. */
static DWORD WINAPI thread_churn(void *arg)
{
    LONG *made = arg;

    while (churning)
    {
        HANDLE thread = CreateThread(NULL, 0, short_thread, NULL, 0, NULL);
        if (!thread) continue;
        WaitForSingleObject(thread, INFINITE);
        CloseHandle(thread);
        InterlockedIncrement(made);
    }
    return 0;
}

/* Starts short-lived children of this test without pause. */
static DWORD WINAPI process_churn(void *arg)
{
    LONG *made = arg;
    char exe[MAX_PATH], cmd[MAX_PATH + 32];

    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" stress exit", exe);
    while (churning)
    {
        STARTUPINFOA si = {sizeof(si)};
        PROCESS_INFORMATION pi;

        if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) continue;
        /* a child that returns at once; bounded all the same */
        if (WaitForSingleObject(pi.hProcess, 30000)) TerminateProcess(pi.hProcess, 1);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
        InterlockedIncrement(made);
    }
    return 0;
}

static void test_churn(void)
{
    unsigned int seconds = env_count("K32_STRESS_SECONDS", 5), snapshots = 0, torn = 0, failures = 0;
    LONG threads_made = 0, processes_made = 0, threads_first = -1, processes_first = -1;
    LONG threads_last = 0, processes_last = 0;
    HANDLE workers[2];
    DWORD start;
    BOOL consistent, churned = FALSE;

    churning = 1;
    workers[0] = CreateThread(NULL, 0, thread_churn, &threads_made, 0, NULL);
    workers[1] = CreateThread(NULL, 0, process_churn, &processes_made, 0, NULL);
    start = GetTickCount();
    /* K32_STRESS_SECONDS of snapshots, and at least until threads and
     * processes came and went between the first and the last of them (no
     * speed is asserted: the bound of 10 minutes is for a machine that hangs) */
    while ((GetTickCount() - start < seconds * 1000 || !churned) && GetTickCount() - start < 600000)
    {
        LONG threads_now = threads_made, processes_now = processes_made;
        HANDLE snap = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);

        if (snap == INVALID_HANDLE_VALUE) { failures++; continue; }
        if (threads_first < 0) threads_first = threads_now, processes_first = processes_now;
        walk_checked(snap, &consistent);
        if (!consistent) torn++;
        snapshots++;
        CloseHandle(snap);
        threads_last = threads_made;
        processes_last = processes_made;
        churned = threads_last - threads_first >= 2 && processes_last - processes_first >= 2;
    }
    churning = 0;
    WaitForMultipleObjects(2, workers, TRUE, INFINITE);
    CloseHandle(workers[0]);
    CloseHandle(workers[1]);
    trace("%u snapshots while %ld threads and %ld processes came and went in %u s\n", snapshots,
          threads_made, processes_made, seconds);
    ok(snapshots > 0, "no snapshot taken\n");
    /* the snapshots saw a changing system: threads and processes came and
     * went between the first and the last */
    ok(churned, "between the snapshots %ld threads and %ld processes came and went\n",
       threads_last - threads_first, processes_last - processes_first);
    ok(!failures, "%u snapshots failed\n", failures);
    ok(!torn, "%u of %u snapshots were inconsistent\n", torn, snapshots);
}

START_TEST(stress)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (argc >= 3 && !strcmp(argv[2], "exit")) return;
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Thread32Next);
    trace("implementation: %s\n", impl_name());
    test_cycles();
    test_backings();
    test_churn();
}
