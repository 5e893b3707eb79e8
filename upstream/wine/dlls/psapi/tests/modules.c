/*
 * Conformance tests for the module functions of psapi: EnumProcessModulesEx,
 * GetModuleBaseName and GetModuleFileNameEx.
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
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    char cmd[MAX_PATH + 64], dir[MAX_PATH];
    HMODULE modules[1024];
    DWORD needed;
    BOOL ret, wow64 = FALSE;

    if (!IsWow64Process(GetCurrentProcess(), &wow64) || !wow64)
    {
        skip("not a 32-bit process under WOW64\n");
        return;
    }
    GetWindowsDirectoryA(dir, sizeof(dir));
    sprintf(cmd, "\"%s\\sysnative\\ping.exe\" -n 60 127.0.0.1", dir);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi))
    {
        skip("cannot start a 64-bit process: %lu\n", GetLastError());
        return;
    }
    WaitForInputIdle(pi.hProcess, 2000);
    SetLastError(0xdeadbeef);
    ret = EnumProcessModules(pi.hProcess, modules, sizeof(modules), &needed);
    /* EnumProcessModules: "If this function is called from a 32-bit application running
     * on WOW64 [...] If the process is a 64-bit process, this function fails and the
     * last error code is ERROR_PARTIAL_COPY (299)" */
    todo_wine ok(!ret && GetLastError() == ERROR_PARTIAL_COPY, "returned %d, error %lu\n", ret, GetLastError());
    TerminateProcess(pi.hProcess, 0);
    WaitForSingleObject(pi.hProcess, 5000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

START_TEST(modules)
{
    test_enum_modules_ex_filter();
    test_base_name_overrun();
    test_file_name_bad_module();
    test_file_name_bad_handle();
    test_file_name_limited_access();
    test_wow64_enum_64bit();
}
