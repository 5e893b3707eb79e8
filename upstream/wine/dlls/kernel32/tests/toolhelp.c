/*
 * Conformance tests for the Toolhelp32 snapshots of processes, threads and
 * modules: CreateToolhelp32Snapshot, Process32First/Next, Thread32First,
 * Module32First/Next.
 *
 * Each test function holds one deviation of Wine 8.0 from the documented
 * behaviour; the checks that fail on Wine are marked todo_wine.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <windows.h>
#include <tlhelp32.h>

#include "wine/test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* no process has this id */
#define MISSING_PID 0xfffffff0

static char selfname[MAX_PATH];

/* Starts "exe toolhelp <arg> <event>" (a child of this test) and waits until it
 * sets the event; FALSE when it cannot. */
static BOOL start_child(const char *arg, PROCESS_INFORMATION *pi)
{
    SECURITY_ATTRIBUTES sa;
    STARTUPINFOA si;
    char cmd[MAX_PATH + 64];
    HANDLE ready;
    BOOL ret;

    sa.nLength = sizeof(sa);
    sa.lpSecurityDescriptor = NULL;
    sa.bInheritHandle = TRUE;
    ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    sprintf(cmd, "\"%s\" toolhelp %s %p", selfname, arg, ready);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, pi);
    if (ret) ok(!WaitForSingleObject(ready, 10000), "the child did not get ready\n");
    CloseHandle(ready);
    return ret;
}

static void end_process(PROCESS_INFORMATION *pi)
{
    TerminateProcess(pi->hProcess, 0);
    WaitForSingleObject(pi->hProcess, 5000);
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
}

static void test_dwsize_error(void)
{
    PROCESSENTRY32W pew;
    PROCESSENTRY32 pea;
    THREADENTRY32 te;
    MODULEENTRY32W mew;
    MODULEENTRY32 mea;
    HANDLE snap;
    BOOL ret;

    /* Process32First, Thread32First, Module32First: "The calling application must set
     * the dwSize member [...] to the size, in bytes, of the structure" (Windows:
     * ERROR_BAD_LENGTH, as for CreateToolhelp32Snapshot) */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD | TH32CS_SNAPMODULE, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE) return;

    pew.dwSize = 0;
    SetLastError(0xdeadbeef);
    ret = Process32FirstW(snap, &pew);
    ok(!ret, "Process32FirstW accepted dwSize 0\n");
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "Process32FirstW: error %lu\n", GetLastError());

    pea.dwSize = sizeof(pea) - 1;
    SetLastError(0xdeadbeef);
    ret = Process32First(snap, &pea);
    ok(!ret, "Process32First accepted a small dwSize\n");
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "Process32First: error %lu\n", GetLastError());

    te.dwSize = sizeof(te) - 1;
    SetLastError(0xdeadbeef);
    ret = Thread32First(snap, &te);
    ok(!ret, "Thread32First accepted a small dwSize\n");
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "Thread32First: error %lu\n", GetLastError());

    mew.dwSize = sizeof(mew) - 1;
    SetLastError(0xdeadbeef);
    ret = Module32FirstW(snap, &mew);
    ok(!ret, "Module32FirstW accepted a small dwSize\n");
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "Module32FirstW: error %lu\n", GetLastError());

    mea.dwSize = 0;
    SetLastError(0xdeadbeef);
    ret = Module32First(snap, &mea);
    ok(!ret, "Module32First accepted dwSize 0\n");
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "Module32First: error %lu\n", GetLastError());
    CloseHandle(snap);

    /* dwSize is checked before the handle: an event handle with dwSize 0 is
     * ERROR_BAD_LENGTH too (Windows) */
    snap = CreateEventA(NULL, FALSE, FALSE, NULL);
    pew.dwSize = 0;
    SetLastError(0xdeadbeef);
    ret = Process32FirstW(snap, &pew);
    ok(!ret, "Process32FirstW accepted an event handle\n");
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "Process32FirstW, event handle: error %lu\n", GetLastError());
    CloseHandle(snap);
}

static void test_pri_class_base(void)
{
    PROCESSENTRY32 pe;
    HANDLE snap;
    BOOL ret, found = FALSE;

    ok(GetPriorityClass(GetCurrentProcess()) == NORMAL_PRIORITY_CLASS, "priority class %#lx\n",
       GetPriorityClass(GetCurrentProcess()));
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE) return;
    pe.dwSize = sizeof(pe);
    for (ret = Process32First(snap, &pe); ret; ret = Process32Next(snap, &pe))
    {
        if (pe.th32ProcessID != GetCurrentProcessId()) continue;
        found = TRUE;
        /* PROCESSENTRY32: "pcPriClassBase: The base priority of any threads created by
         * this process" (8 for NORMAL_PRIORITY_CLASS, not the class) */
        todo_wine ok(pe.pcPriClassBase == 8, "pcPriClassBase %ld\n", pe.pcPriClassBase);
    }
    ok(found, "this process is not in the snapshot\n");
    CloseHandle(snap);
}

static void test_missing_pid(void)
{
    HANDLE snap;

    /* CreateToolhelp32Snapshot: th32ProcessID names the process for TH32CS_SNAPHEAPLIST,
     * TH32CS_SNAPMODULE and TH32CS_SNAPMODULE32: a process that does not exist is
     * ERROR_INVALID_PARAMETER */
    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, MISSING_PID);
    ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "TH32CS_SNAPMODULE: %p, error %lu\n", snap, GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE32, MISSING_PID);
    todo_wine ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
                 "TH32CS_SNAPMODULE32: %p, error %lu\n", snap, GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, MISSING_PID);
    todo_wine ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
                 "TH32CS_SNAPHEAPLIST: %p, error %lu\n", snap, GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
}

/* Whether snap lists a module named name; *found gets the entry. */
static BOOL find_module(HANDLE snap, const char *name, MODULEENTRY32 *found)
{
    BOOL ret;

    found->dwSize = sizeof(*found);
    for (ret = Module32First(snap, found); ret; ret = Module32Next(snap, found))
        if (!lstrcmpiA(found->szModule, name)) return TRUE;
    return FALSE;
}

/* Whether cmd.exe answers an echo within 30 s: it has started and its loader has
 * run (the caret keeps the command line from matching). */
static BOOL cmd_answers(HANDLE process, HANDLE input_end, HANDLE output)
{
    static const char command[] = "echo kit^-ready\r\n";
    char seen[4096];
    DWORD len = 0, avail, got, start = GetTickCount();

    if (!WriteFile(input_end, command, sizeof(command) - 1, &got, NULL)) return FALSE;
    while (GetTickCount() - start < 30000)
    {
        if (!PeekNamedPipe(output, NULL, 0, NULL, &avail, NULL)) return FALSE;
        if (!avail)
        {
            if (!WaitForSingleObject(process, 10)) return FALSE;
            continue;
        }
        if (len + avail >= sizeof(seen)) len = 0;
        if (!ReadFile(output, seen + len, min(avail, sizeof(seen) - 1 - len), &got, NULL)) return FALSE;
        len += got;
        seen[len] = 0;
        if (strstr(seen, "kit-ready")) return TRUE;
    }
    return FALSE;
}

/* Starts the system's cmd.exe from dir, a folder of the other bitness, and waits
 * until it answers; it waits on its input then, and ends when *input_end is closed
 * (stop_cmd). */
static BOOL start_cmd(const char *dir, PROCESS_INFORMATION *pi, HANDLE *input_end, HANDLE *output)
{
    char cmd[MAX_PATH + 32];
    SECURITY_ATTRIBUTES sa;
    STARTUPINFOA si;
    HANDLE input, output_end;
    BOOL ret;

    sa.nLength = sizeof(sa);
    sa.lpSecurityDescriptor = NULL;
    sa.bInheritHandle = TRUE;
    if (!CreatePipe(&input, input_end, &sa, 0)) return FALSE;
    if (!CreatePipe(output, &output_end, &sa, 0))
    {
        CloseHandle(input);
        CloseHandle(*input_end);
        return FALSE;
    }
    SetHandleInformation(*input_end, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(*output, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = input;
    si.hStdOutput = si.hStdError = output_end;
    sprintf(cmd, "\"%s\\cmd.exe\" /q /k", dir);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, pi);
    CloseHandle(input);
    CloseHandle(output_end);
    if (!ret)
    {
        skip("cannot start %s: %lu\n", cmd, GetLastError());
        CloseHandle(*input_end);
        CloseHandle(*output);
        return FALSE;
    }
    ok(cmd_answers(pi->hProcess, *input_end, *output), "%s did not answer\n", cmd);
    return TRUE;
}

static void stop_cmd(PROCESS_INFORMATION *pi, HANDLE input_end, HANDLE output)
{
    CloseHandle(input_end);
    if (WaitForSingleObject(pi->hProcess, 5000))
    {
        TerminateProcess(pi->hProcess, 1);
        WaitForSingleObject(pi->hProcess, 5000);
    }
    CloseHandle(output);
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
}

static void test_snapmodule32(void)
{
    char wow64_dir[MAX_PATH];
    PROCESS_INFORMATION pi;
    MODULEENTRY32 me;
    HANDLE snap = INVALID_HANDLE_VALUE, input_end, output;
    DWORD start, error = 0;
    BOOL found = FALSE;

    if (sizeof(void *) == 4 || !GetSystemWow64DirectoryA(wow64_dir, sizeof(wow64_dir)))
    {
        skip("not a 64-bit process with WOW64 beside it\n");
        return;
    }
    if (!start_cmd(wow64_dir, &pi, &input_end, &output)) return;

    /* until its 32-bit kernel32.dll is loaded: "If the function fails with
     * ERROR_BAD_LENGTH, retry the function until it succeeds" (a starting process
     * may also give ERROR_PARTIAL_COPY) */
    for (start = GetTickCount(); GetTickCount() - start < 10000; Sleep(50))
    {
        snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE32, pi.dwProcessId);
        if (snap == INVALID_HANDLE_VALUE)
        {
            error = GetLastError();
            if (error != ERROR_BAD_LENGTH && error != ERROR_PARTIAL_COPY) break;
            continue;
        }
        found = find_module(snap, "kernel32.dll", &me);
        CloseHandle(snap);
        if (found) break;
    }
    /* CreateToolhelp32Snapshot: "TH32CS_SNAPMODULE32: Includes all 32-bit modules of
     * the process specified in th32ProcessID in the snapshot when called from a
     * 64-bit process" */
    todo_wine ok(found, "no 32-bit kernel32.dll in the TH32CS_SNAPMODULE32 snapshot, error %lu\n", error);

    /* "TH32CS_SNAPMODULE: Includes all modules of the process specified in th32ProcessID" */
    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
    todo_wine ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPMODULE of a 32-bit process failed: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    /* "This flag [TH32CS_SNAPMODULE32] can be combined with TH32CS_SNAPMODULE" */
    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32, pi.dwProcessId);
    todo_wine ok(snap != INVALID_HANDLE_VALUE, "both flags, a 32-bit process: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
    stop_cmd(&pi, input_end, output);
}

static void test_wow64_snapshot_64bit(void)
{
    static const DWORD flags[] = { TH32CS_SNAPMODULE, TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32, TH32CS_SNAPALL };
    PROCESS_INFORMATION pi;
    char dir[MAX_PATH];
    HANDLE snap, input_end, output;
    BOOL wow64 = FALSE;
    unsigned int i;

    if (!IsWow64Process(GetCurrentProcess(), &wow64) || !wow64)
    {
        skip("not a 32-bit process under WOW64\n");
        return;
    }
    GetWindowsDirectoryA(dir, sizeof(dir));
    strcat(dir, "\\Sysnative");
    if (!start_cmd(dir, &pi, &input_end, &output)) return;
    for (i = 0; i < ARRAY_SIZE(flags); i++)
    {
        SetLastError(0xdeadbeef);
        snap = CreateToolhelp32Snapshot(flags[i], pi.dwProcessId);
        /* CreateToolhelp32Snapshot: "If the specified process is a 64-bit process and the
         * caller is a 32-bit process, this function fails and the last error code is
         * ERROR_PARTIAL_COPY (299)" (every flag that includes its modules) */
        todo_wine ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PARTIAL_COPY,
                     "flags %#lx: snapshot %p, error %lu\n", flags[i], snap, GetLastError());
        if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
    }
    stop_cmd(&pi, input_end, output);
}

/* A system DLL this test does not load (NULL when there is none). */
static const char *unloaded_dll(void)
{
    if (!GetModuleHandleA("version.dll")) return "version.dll";
    return GetModuleHandleA("msimg32.dll") ? NULL : "msimg32.dll";
}

/* The child: loads and frees a DLL without pause, for 30 s at most. */
static void child_churn(HANDLE ready)
{
    const char *name = unloaded_dll();
    DWORD end = GetTickCount() + 30000;

    SetEvent(ready);
    if (!name) return;
    while ((LONG)(GetTickCount() - end) < 0) FreeLibrary(LoadLibraryA(name));
}

static void test_changing_modules(void)
{
    PROCESS_INFORMATION pi;
    MODULEENTRY32 me;
    unsigned int count, torn = 0, made = 0;
    const char *base;
    DWORD start;
    HANDLE snap;
    BOOL ret;

    if (!unloaded_dll())
    {
        skip("version.dll and msimg32.dll are loaded already\n");
        return;
    }
    if (!start_child("churn", &pi))
    {
        skip("cannot start a child: %lu\n", GetLastError());
        return;
    }
    /* CreateToolhelp32Snapshot: "If the function fails with ERROR_BAD_LENGTH, retry
     * the function until it succeeds": a snapshot that succeeds has whole entries */
    /* a race: snapshots until one is torn, 15 s at most (within the child's 30 s of
     * churn). Wine's first torn snapshot came after 12 to more than 5000 of them
     * (about 1.3 ms each): a bound by count alone let it pass inside todo_wine */
    start = GetTickCount();
    while (!torn && GetTickCount() - start < 15000)
    {
        snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
        if (snap == INVALID_HANDLE_VALUE) continue;
        made++;
        count = 0;
        me.dwSize = sizeof(me);
        for (ret = Module32First(snap, &me); ret; ret = Module32Next(snap, &me), count++)
        {
            base = strrchr(me.szExePath, '\\');
            if (me.th32ProcessID != pi.dwProcessId || me.modBaseAddr != (BYTE *)me.hModule
                || !me.modBaseSize || !base || lstrcmpiA(base + 1, me.szModule))
            {
                if (!torn) trace("torn entry: %p %p %#lx %s %s\n", me.modBaseAddr, me.hModule, me.modBaseSize,
                                 me.szModule, me.szExePath);
                torn++;
            }
        }
        if (count < 2) torn++;
        CloseHandle(snap);
    }
    ok(made > 0, "no snapshot of the changing module list succeeded\n");
    /* "MODULEENTRY32: szModule: The module name. szExePath: The module path" of one module;
     * a race: Wine's builtin does not tear a list in every run */
    flaky_wine todo_wine ok(!torn, "%u torn entries or lists in %u snapshots\n", torn, made);
    end_process(&pi);
}

START_TEST(toolhelp)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (argc >= 4 && !strcmp(argv[2], "churn"))
    {
        HANDLE ready = NULL;

        sscanf(argv[3], "%p", &ready);
        child_churn(ready);
        return;
    }
    GetModuleFileNameA(NULL, selfname, sizeof(selfname));
    test_dwsize_error();
    test_pri_class_base();
    test_missing_pid();
    test_snapmodule32();
    test_wow64_snapshot_64bit();
    test_changing_modules();
}
