/*
 * Conformance tests for the module functions of psapi: EnumProcessModules(Ex)
 * (also across bitness: a 32-bit process seen from a 64-bit one, a 64-bit process
 * from WOW64), GetModuleBaseName and GetModuleFileNameEx.
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
#include <psapi.h>

#include "wine/test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static void test_enum_modules_ex_filter(void)
{
    HMODULE modules[1024];
    DWORD needed = 0xdeadbeef;
    BOOL ret;

    if (sizeof(void *) == 4)
    {
        skip("LIST_MODULES_32BIT is ignored for 32-bit callers\n");
        return;
    }
    ret = EnumProcessModulesEx(GetCurrentProcess(), modules, sizeof(modules), &needed, LIST_MODULES_ALL);
    ok(ret && needed >= 2 * sizeof(HMODULE), "LIST_MODULES_ALL: %d, needed %lu, error %lu\n", ret, needed, GetLastError());
    needed = 0xdeadbeef;
    ret = EnumProcessModulesEx(GetCurrentProcess(), modules, sizeof(modules), &needed, LIST_MODULES_32BIT);
    /* EnumProcessModulesEx: "LIST_MODULES_32BIT: List the 32-bit modules": a 64-bit process has none */
    todo_wine ok(!ret || !needed, "listed %lu bytes of 32-bit modules of a 64-bit process\n", needed);
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

/* Whether list (count modules) holds module. */
static BOOL listed(const HMODULE *list, DWORD count, HMODULE module)
{
    DWORD i;

    for (i = 0; i < count; i++) if (list[i] == module) return TRUE;
    return FALSE;
}

static void test_enum_modules_ex_filter_32bit(void)
{
    static HMODULE list32[1024], list64[1024];
    char wow64_dir[MAX_PATH];
    PROCESS_INFORMATION pi;
    HANDLE input_end, output;
    DWORD start, needed32 = 0, needed64 = 0, i, len, shared = 0;
    char name[MAX_PATH];
    BOOL ret;

    if (sizeof(void *) == 4 || !GetSystemWow64DirectoryA(wow64_dir, sizeof(wow64_dir)))
    {
        skip("not a 64-bit process with WOW64 beside it\n");
        return;
    }
    if (!start_cmd(wow64_dir, &pi, &input_end, &output)) return;

    /* until its 32-bit loader has run (10 s at most) */
    for (start = GetTickCount(); GetTickCount() - start < 10000; Sleep(50))
    {
        needed32 = 0;
        ret = EnumProcessModulesEx(pi.hProcess, list32, sizeof(list32), &needed32, LIST_MODULES_32BIT);
        if (ret && needed32 >= 3 * sizeof(HMODULE)) break;
    }
    ok(needed32 >= 3 * sizeof(HMODULE), "LIST_MODULES_32BIT: needed %lu, error %lu\n", needed32, GetLastError());
    needed32 = min(needed32, sizeof(list32));
    ret = EnumProcessModulesEx(pi.hProcess, list64, sizeof(list64), &needed64, LIST_MODULES_64BIT);
    ok(ret, "LIST_MODULES_64BIT failed: %lu\n", GetLastError());
    needed64 = ret ? min(needed64, sizeof(list64)) : 0;
    for (i = 0; i < needed64 / sizeof(HMODULE); i++)
    {
        if (!listed(list32, needed32 / sizeof(HMODULE), list64[i])) continue;
        /* the image of the executable may be in both loader lists: a DLL may not */
        len = GetModuleBaseNameA(pi.hProcess, list64[i], name, sizeof(name));
        if (len > 4 && !lstrcmpiA(name + len - 4, ".dll")) shared++;
    }
    /* EnumProcessModulesEx: "LIST_MODULES_32BIT: List the 32-bit modules.
     * LIST_MODULES_64BIT: List the 64-bit modules": no DLL is in both lists */
    todo_wine ok(!shared, "%lu of the %lu 64-bit modules are 32-bit DLLs\n", shared,
                 needed64 / (DWORD)sizeof(HMODULE));
    stop_cmd(&pi, input_end, output);
}

static void test_base_name_overrun(void)
{
    static const DWORD sizes[] = { 0, 1, 3 };
    HMODULE module = GetModuleHandleA("kernel32.dll");
    WCHAR buf[MAX_PATH];
    DWORD ret, i, j;

    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        for (j = 0; j < ARRAY_SIZE(buf); j++) buf[j] = 0xcccc;
        ret = GetModuleBaseNameW(GetCurrentProcess(), module, buf, sizes[i]);
        ok(ret <= sizes[i], "nSize %lu: returned %lu\n", sizes[i], ret);
        for (j = sizes[i]; j < ARRAY_SIZE(buf); j++) if (buf[j] != 0xcccc) break;
        /* GetModuleBaseName: "If the size of the base name is larger than this
         * value, the function succeeds and the string is truncated": the buffer
         * is nSize characters */
        todo_wine ok(j == ARRAY_SIZE(buf), "nSize %lu: character %lu written\n", sizes[i], j);
    }
}

static void test_file_name_bad_module(void)
{
    char buf[MAX_PATH];
    DWORD ret, i;

    memset(buf, 0xcc, sizeof(buf));
    SetLastError(0xdeadbeef);
    ret = GetModuleFileNameExA(GetCurrentProcess(), (HMODULE)0x1234, buf, sizeof(buf));
    ok(!ret, "returned %lu\n", ret);
    /* as GetModuleFileNameExW, GetModuleBaseName and GetModuleInformation do for a
     * module that is not loaded (Windows: ERROR_INVALID_HANDLE) */
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    for (i = 0; i < sizeof(buf); i++) if ((BYTE)buf[i] != 0xcc) break;
    /* a failed call leaves the buffer as it was (as Windows does) */
    todo_wine ok(i == sizeof(buf), "failed and wrote byte %lu\n", i);
}

static void test_file_name_bad_handle(void)
{
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    char buf[MAX_PATH];
    DWORD ret, i;

    memset(buf, 0xcc, sizeof(buf));
    SetLastError(0xdeadbeef);
    ret = GetModuleFileNameExA(event, NULL, buf, sizeof(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "returned %lu, error %lu\n", ret, GetLastError());
    for (i = 0; i < sizeof(buf); i++) if ((BYTE)buf[i] != 0xcc) break;
    /* a failed call leaves the buffer as it was (as Windows and the W function do) */
    todo_wine ok(i == sizeof(buf), "failed and wrote byte %lu\n", i);
    CloseHandle(event);
}

/* The three bad inputs of the check order tests: a handle that is no process
 * handle, a handle without rights, a module not loaded; and the error of each */
static const char *bad_input_names[3] = { "event handle", "SYNCHRONIZE only", "module not loaded" };
static void bad_inputs(HANDLE *handles, HMODULE *modules, DWORD *errors)
{
    handles[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
    modules[0] = GetModuleHandleA("kernel32.dll");
    errors[0] = ERROR_INVALID_HANDLE;
    handles[1] = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    modules[1] = modules[0];
    errors[1] = ERROR_ACCESS_DENIED;
    handles[2] = GetCurrentProcess();
    modules[2] = (HMODULE)0x1234;
    errors[2] = ERROR_INVALID_HANDLE;
}

static void test_name_a_check_order(void)
{
    static const DWORD sizes[] = { 0, MAX_PATH };
    HANDLE handles[3];
    HMODULE modules[3];
    DWORD errors[3], ret, i, j;
    char buf[MAX_PATH];

    bad_inputs(handles, modules, errors);
    /* GetModuleBaseNameA, GetModuleFileNameExA: the handle, its rights and the module
     * are checked before the buffer, as GetModuleBaseNameW does (the errors of
     * nf-psapi-getmodulebasenamea, nf-psapi-getmodulefilenameexa): nSize 0 or a NULL
     * buffer do not hide them */
    for (i = 0; i < ARRAY_SIZE(handles); i++)
    {
        for (j = 0; j < ARRAY_SIZE(sizes); j++)
        {
            SetLastError(0xdeadbeef);
            ret = GetModuleBaseNameA(handles[i], modules[i], sizes[j] ? NULL : buf, sizes[j]);
            ok(!ret, "GetModuleBaseNameA %s: returned %lu\n", bad_input_names[i], ret);
            todo_wine ok(GetLastError() == errors[i], "GetModuleBaseNameA %s, %s: error %lu, expected %lu\n",
                         bad_input_names[i], sizes[j] ? "NULL buffer" : "nSize 0", GetLastError(), errors[i]);
            SetLastError(0xdeadbeef);
            ret = GetModuleFileNameExA(handles[i], modules[i], sizes[j] ? NULL : buf, sizes[j]);
            ok(!ret, "GetModuleFileNameExA %s: returned %lu\n", bad_input_names[i], ret);
            todo_wine ok(GetLastError() == errors[i], "GetModuleFileNameExA %s, %s: error %lu, expected %lu\n",
                         bad_input_names[i], sizes[j] ? "NULL buffer" : "nSize 0", GetLastError(), errors[i]);
        }
    }
    CloseHandle(handles[0]);
    CloseHandle(handles[1]);
}

static void test_file_name_w_size_zero(void)
{
    HANDLE handles[3];
    HMODULE modules[3];
    DWORD errors[3], ret, i;
    WCHAR buf[MAX_PATH];

    bad_inputs(handles, modules, errors);
    for (i = 0; i < ARRAY_SIZE(handles); i++)
    {
        SetLastError(0xdeadbeef);
        ret = GetModuleFileNameExW(handles[i], modules[i], buf, 0);
        ok(!ret, "%s: returned %lu\n", bad_input_names[i], ret);
        /* GetModuleFileNameEx: "If the function fails, the return value is zero. To get
         * extended error information, call GetLastError": the handle, its rights and the
         * module are checked before the size (as with a nonzero nSize) */
        todo_wine ok(GetLastError() == errors[i], "%s, nSize 0: error %lu, expected %lu\n", bad_input_names[i],
                     GetLastError(), errors[i]);
    }
    CloseHandle(handles[0]);
    CloseHandle(handles[1]);
}

static void test_file_name_limited_access(void)
{
    static const DWORD access[] = { PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_QUERY_INFORMATION };
    WCHAR self[MAX_PATH], buf[MAX_PATH];
    HANDLE process;
    DWORD ret, i;

    GetModuleFileNameW(NULL, self, ARRAY_SIZE(self));
    for (i = 0; i < ARRAY_SIZE(access); i++)
    {
        process = OpenProcess(access[i], FALSE, GetCurrentProcessId());
        ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
        memset(buf, 0, sizeof(buf));
        SetLastError(0xdeadbeef);
        ret = GetModuleFileNameExW(process, NULL, buf, ARRAY_SIZE(buf));
        /* GetModuleFileNameEx: "Windows 10 and later [...]: If the hModule parameter is NULL,
         * then the handle requires only PROCESS_QUERY_LIMITED_INFORMATION access rights" */
        todo_wine ok(ret && !lstrcmpiW(buf, self),
                     "access %#lx: returned %lu %s, error %lu\n", access[i], ret, wine_dbgstr_w(buf), GetLastError());
        CloseHandle(process);
    }
}

static void test_wow64_enum_64bit(void)
{
    static const DWORD filters[] = { LIST_MODULES_DEFAULT, LIST_MODULES_32BIT, LIST_MODULES_64BIT, LIST_MODULES_ALL };
    PROCESS_INFORMATION pi;
    char dir[MAX_PATH];
    HMODULE modules[1024];
    HANDLE input_end, output;
    DWORD needed, i;
    BOOL ret, wow64 = FALSE;

    if (!IsWow64Process(GetCurrentProcess(), &wow64) || !wow64)
    {
        skip("not a 32-bit process under WOW64\n");
        return;
    }
    GetWindowsDirectoryA(dir, sizeof(dir));
    strcat(dir, "\\Sysnative");
    if (!start_cmd(dir, &pi, &input_end, &output)) return;
    SetLastError(0xdeadbeef);
    ret = EnumProcessModules(pi.hProcess, modules, sizeof(modules), &needed);
    /* EnumProcessModules: "If this function is called from a 32-bit application running
     * on WOW64 [...] If the process is a 64-bit process, this function fails and the
     * last error code is ERROR_PARTIAL_COPY (299)" */
    todo_wine ok(!ret && GetLastError() == ERROR_PARTIAL_COPY, "returned %d, error %lu\n", ret, GetLastError());
    /* EnumProcessModulesEx, the same words: "If the function is called by a 32-bit application
     * running under WOW64, the dwFilterFlag option is ignored" */
    for (i = 0; i < ARRAY_SIZE(filters); i++)
    {
        SetLastError(0xdeadbeef);
        ret = EnumProcessModulesEx(pi.hProcess, modules, sizeof(modules), &needed, filters[i]);
        todo_wine ok(!ret && GetLastError() == ERROR_PARTIAL_COPY,
                     "EnumProcessModulesEx(%#lx): returned %d, error %lu\n", filters[i], ret, GetLastError());
    }
    stop_cmd(&pi, input_end, output);
}

START_TEST(modules)
{
    test_enum_modules_ex_filter();
    test_enum_modules_ex_filter_32bit();
    test_base_name_overrun();
    test_file_name_bad_module();
    test_file_name_bad_handle();
    test_name_a_check_order();
    test_file_name_w_size_zero();
    test_file_name_limited_access();
    test_wow64_enum_64bit();
}
