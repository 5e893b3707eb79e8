/*
 * Conformance tests for the working-set functions of psapi: QueryWorkingSet,
 * QueryWorkingSetEx, EmptyWorkingSet, InitializeProcessForWsWatch,
 * GetWsChanges and GetWsChangesEx.
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
#include <string.h>

#include <windows.h>
#include <psapi.h>

#include "wine/test.h"

/* GetWsChangesEx as documented (cb is a PDWORD): some SDK headers declare cb as DWORD */
static BOOL (WINAPI *pGetWsChangesEx)(HANDLE, PSAPI_WS_WATCH_INFORMATION_EX *, DWORD *);

static void test_query_ws_self(void)
{
    static const DWORD size = 4 * 1024 * 1024;
    PSAPI_WORKING_SET_INFORMATION *info = VirtualAlloc(NULL, size, MEM_COMMIT, PAGE_READWRITE);
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = QueryWorkingSet(GetCurrentProcess(), info, size);
    /* QueryWorkingSet: "Retrieves information about the pages currently added to the
     * working set of the specified process" */
    todo_wine ok(ret, "QueryWorkingSet failed: %lu\n", GetLastError());
    if (ret) ok(info->NumberOfEntries > 0, "no entries\n");
    VirtualFree(info, 0, MEM_RELEASE);
}

static void test_query_ws_sizes(void)
{
    PSAPI_WORKING_SET_INFORMATION info;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = QueryWorkingSet(GetCurrentProcess(), &info, 0);
    ok(!ret, "cb 0: succeeded\n");
    /* QueryWorkingSet: "If the buffer pointed to by the pv parameter is not large enough
     * to contain all working set entries for the target process, the function fails
     * with ERROR_BAD_LENGTH" */
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "cb 0: error %lu\n", GetLastError());

    info.NumberOfEntries = 0;
    SetLastError(0xdeadbeef);
    ret = QueryWorkingSet(GetCurrentProcess(), &info, sizeof(info.NumberOfEntries));
    ok(!ret, "cb %u: succeeded\n", (unsigned int)sizeof(info.NumberOfEntries));
    /* "In this case, the NumberOfEntries member [...] is set to the required number of entries" */
    todo_wine ok(GetLastError() == ERROR_BAD_LENGTH, "NumberOfEntries only: error %lu\n", GetLastError());
    if (GetLastError() == ERROR_BAD_LENGTH) ok(info.NumberOfEntries > 0, "NumberOfEntries %Iu\n", info.NumberOfEntries);
}

/* QueryWorkingSet: "The handle must have the PROCESS_QUERY_INFORMATION and
 * PROCESS_VM_READ access rights" */
static void test_query_ws_handles(void)
{
    HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    BYTE buf[4096];
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = QueryWorkingSet(process, buf, sizeof(buf));
    ok(!ret, "without rights: succeeded\n");
    todo_wine ok(GetLastError() == ERROR_ACCESS_DENIED, "without rights: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = QueryWorkingSet(event, buf, sizeof(buf));
    ok(!ret, "event handle: succeeded\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "event handle: error %lu\n", GetLastError());
    CloseHandle(event);
    CloseHandle(process);
}

/* QueryWorkingSetEx: "The handle must have the PROCESS_QUERY_INFORMATION access right" */
static void test_query_ws_ex_handles(void)
{
    PSAPI_WORKING_SET_EX_INFORMATION info;
    HANDLE process, event;
    BOOL ret;

    process = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    memset(&info, 0, sizeof(info));
    info.VirtualAddress = &info;
    SetLastError(0xdeadbeef);
    ret = QueryWorkingSetEx(process, &info, sizeof(info));
    todo_wine ok(ret, "a handle with the documented rights: %lu\n", GetLastError());
    if (ret) ok(info.VirtualAttributes.Valid, "the stack page is not valid\n");
    CloseHandle(process);

    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    info.VirtualAddress = &info;
    SetLastError(0xdeadbeef);
    ret = QueryWorkingSetEx(process, &info, sizeof(info));
    ok(!ret, "without rights: succeeded\n");
    todo_wine ok(GetLastError() == ERROR_ACCESS_DENIED, "without rights: error %lu\n", GetLastError());
    CloseHandle(process);

    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    info.VirtualAddress = &info;
    SetLastError(0xdeadbeef);
    ret = QueryWorkingSetEx(event, &info, sizeof(info));
    ok(!ret, "event handle: succeeded\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "event handle: error %lu\n", GetLastError());
    CloseHandle(event);
}

/* EmptyWorkingSet: "The handle must have the PROCESS_QUERY_INFORMATION or
 * PROCESS_QUERY_LIMITED_INFORMATION access right and the PROCESS_SET_QUOTA access right" */
static void test_empty_ws_handles(void)
{
    HANDLE process, event;
    BOOL ret;

    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = EmptyWorkingSet(process);
    todo_wine ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "without rights: %d, error %lu\n", ret, GetLastError());
    CloseHandle(process);

    process = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = EmptyWorkingSet(process);
    todo_wine ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "without PROCESS_SET_QUOTA: %d, error %lu\n",
                 ret, GetLastError());
    CloseHandle(process);

    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ret = EmptyWorkingSet(event);
    todo_wine ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "event handle: %d, error %lu\n", ret, GetLastError());
    CloseHandle(event);
}

/* InitializeProcessForWsWatch, GetWsChanges, GetWsChangesEx: "The handle must have
 * the PROCESS_QUERY_INFORMATION access right" */
static void test_ws_watch_handles(void)
{
    PSAPI_WS_WATCH_INFORMATION watch[64];
    PSAPI_WS_WATCH_INFORMATION_EX watch_ex[64];
    HANDLE process, event;
    DWORD cb;
    BOOL ret;

    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = InitializeProcessForWsWatch(process);
    todo_wine ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "InitializeProcessForWsWatch without rights: %d, error %lu\n",
                 ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = GetWsChanges(process, watch, sizeof(watch));
    todo_wine ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "GetWsChanges without rights: %d, error %lu\n",
                 ret, GetLastError());
    cb = sizeof(watch_ex);
    SetLastError(0xdeadbeef);
    ret = pGetWsChangesEx(process, watch_ex, &cb);
    todo_wine ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "GetWsChangesEx without rights: %d, error %lu\n",
                 ret, GetLastError());
    CloseHandle(process);

    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ret = InitializeProcessForWsWatch(event);
    todo_wine ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "InitializeProcessForWsWatch, event handle: %d, error %lu\n",
                 ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = GetWsChanges(event, watch, sizeof(watch));
    todo_wine ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "GetWsChanges, event handle: %d, error %lu\n",
                 ret, GetLastError());
    cb = sizeof(watch_ex);
    SetLastError(0xdeadbeef);
    ret = pGetWsChangesEx(event, watch_ex, &cb);
    todo_wine ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "GetWsChangesEx, event handle: %d, error %lu\n",
                 ret, GetLastError());
    CloseHandle(event);
}

START_TEST(workingset)
{
    pGetWsChangesEx = (void *)GetProcAddress(GetModuleHandleA("psapi.dll"), "GetWsChangesEx");
    ok(pGetWsChangesEx != NULL, "psapi.dll has no GetWsChangesEx\n");
    test_query_ws_self();
    test_query_ws_sizes();
    test_query_ws_handles();
    test_query_ws_ex_handles();
    test_empty_ws_handles();
    test_ws_watch_handles();
}
