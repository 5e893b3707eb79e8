/*
 * Conformance tests for the Toolhelp32 heap functions (Heap32ListFirst/Next,
 * Heap32First/Next) and Toolhelp32ReadProcessMemory.
 *
 * Each test function holds one deviation of Wine 8.0 from the documented
 * behaviour; the checks that fail on Wine are marked todo_wine. Calls that
 * end the process under Wine (unimplemented stubs) are made in a child.
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

static char selfname[MAX_PATH];

/* Runs "exe heap32 <arg> <event>": the child sets the event once the call it
 * makes has returned. Returns whether it did; the child's own checks count
 * then (its exit code is its failure count). */
static BOOL run_child(const char *arg)
{
    SECURITY_ATTRIBUTES sa;
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    char cmd[MAX_PATH + 64];
    DWORD code = 0xdeadbeef;
    HANDLE returned;
    BOOL ret;

    sa.nLength = sizeof(sa);
    sa.lpSecurityDescriptor = NULL;
    sa.bInheritHandle = TRUE;
    returned = CreateEventA(&sa, TRUE, FALSE, NULL);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    sprintf(cmd, "\"%s\" heap32 %s %p", selfname, arg, returned);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
    {
        ok(0, "CreateProcess failed: %lu\n", GetLastError());
        CloseHandle(returned);
        return FALSE;
    }
    if (WaitForSingleObject(pi.hProcess, 30000))
    {
        ok(0, "the child did not end\n");
        TerminateProcess(pi.hProcess, 1);
        WaitForSingleObject(pi.hProcess, 5000);
    }
    ret = !WaitForSingleObject(returned, 0);
    GetExitCodeProcess(pi.hProcess, &code);
    if (ret) ok(!code, "%lu failures in the child\n", code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(returned);
    return ret;
}

static void test_heap_list(void)
{
    HEAPLIST32 hl;
    HANDLE snap;
    BOOL ret, found;

    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, 0);
    /* CreateToolhelp32Snapshot: "TH32CS_SNAPHEAPLIST: Includes all heaps of the process
     * specified in th32ProcessID in the snapshot" */
    todo_wine ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPHEAPLIST failed: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPALL, 0);
    ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPALL failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE) return;
    found = FALSE;
    hl.dwSize = sizeof(hl);
    SetLastError(0xdeadbeef);
    ret = Heap32ListFirst(snap, &hl);
    /* "TH32CS_SNAPALL: Includes all processes and threads in the system, plus the heaps
     * and modules of the process specified in th32ProcessID" */
    todo_wine ok(ret, "no heap list in a TH32CS_SNAPALL snapshot: %lu\n", GetLastError());
    if (ret)
    {
        /* the process heap is one of them, flagged HF32_DEFAULT */
        for (; ret; ret = Heap32ListNext(snap, &hl))
            if ((HANDLE)hl.th32HeapID == GetProcessHeap()) found = (hl.dwFlags & HF32_DEFAULT) != 0;
        ok(found, "the process heap is not listed as the default heap\n");
    }
    CloseHandle(snap);
}

static void test_heap_list_first_errors(void)
{
    HANDLE snap, event;
    HEAPLIST32 hl;
    BOOL ret;

    /* Heap32ListFirst: "The ERROR_NO_MORE_FILES error value is returned by the
     * GetLastError function if no heap list exists or the snapshot does not contain
     * heap list information" */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    hl.dwSize = sizeof(hl);
    SetLastError(0xdeadbeef);
    ret = Heap32ListFirst(snap, &hl);
    ok(!ret, "a snapshot without heaps has a heap list\n");
    todo_wine ok(GetLastError() == ERROR_NO_MORE_FILES, "snapshot without heaps: error %lu\n", GetLastError());
    CloseHandle(snap);

    /* hSnapshot: "A handle to the snapshot returned from a previous call to the
     * CreateToolhelp32Snapshot function": any other handle is ERROR_INVALID_HANDLE */
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    hl.dwSize = sizeof(hl);
    SetLastError(0xdeadbeef);
    ret = Heap32ListFirst(event, &hl);
    ok(!ret, "an event handle has a heap list\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "event handle: error %lu\n", GetLastError());
    CloseHandle(event);
}

static void child_heap_list_next(HANDLE returned)
{
    HEAPLIST32 hl;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    BOOL ret;

    hl.dwSize = sizeof(hl);
    SetLastError(0xdeadbeef);
    ret = Heap32ListNext(snap, &hl);
    SetEvent(returned);
    /* Heap32ListNext: "The ERROR_NO_MORE_FILES error value is returned [...] when no more
     * entries exist or the snapshot does not contain heap list information" */
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "returned %d, error %lu\n", ret, GetLastError());
    CloseHandle(snap);
}

static void test_heap_list_next(void)
{
    /* Heap32ListNext returns (it does not end the process) */
    todo_wine ok(run_child("list_next"), "Heap32ListNext did not return\n");
}

static void child_heap_first(HANDLE returned)
{
    HEAPENTRY32 he;
    BOOL ret;

    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    SetLastError(0xdeadbeef);
    ret = Heap32First(&he, GetCurrentProcessId(), (ULONG_PTR)GetProcessHeap());
    SetEvent(returned);
    /* Heap32First: "Retrieves information about the first block of a heap that has been
     * allocated by a process" */
    ok(ret, "Heap32First failed: %lu\n", GetLastError());
    if (ret) ok(he.th32ProcessID == GetCurrentProcessId() && he.th32HeapID == (ULONG_PTR)GetProcessHeap(),
                "entry of %#lx/%Ix\n", he.th32ProcessID, he.th32HeapID);
}

static void test_heap_first(void)
{
    todo_wine ok(run_child("first"), "Heap32First did not return\n");
}

static void child_heap_next(HANDLE returned)
{
    HEAPENTRY32 he;
    BOOL ret;

    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    he.th32ProcessID = GetCurrentProcessId();
    he.th32HeapID = 0xdeadbee0;
    SetLastError(0xdeadbeef);
    ret = Heap32Next(&he);
    SetEvent(returned);
    /* Heap32Next: "Returns TRUE if information about the next block in the heap has been
     * copied to the buffer or FALSE otherwise": an entry of no heap has no next block */
    ok(!ret, "Heap32Next succeeded on an entry of no heap\n");
}

static void test_heap_next(void)
{
    todo_wine ok(run_child("next"), "Heap32Next did not return\n");
}

static void test_read_memory_partial(void)
{
    char buffer[16], *page;
    SIZE_T done = 0xdead;
    BOOL ret;

    /* one committed page, then a reserved one */
    page = VirtualAlloc(NULL, 0x2000, MEM_RESERVE, PAGE_NOACCESS);
    ok(VirtualAlloc(page, 0x1000, MEM_COMMIT, PAGE_READWRITE) != NULL, "VirtualAlloc failed: %lu\n", GetLastError());
    memcpy(page + 0x1000 - 4, "abcd", 4);
    memset(buffer, 0, sizeof(buffer));
    SetLastError(0xdeadbeef);
    ret = Toolhelp32ReadProcessMemory(0, page + 0x1000 - 4, buffer, 8, &done);
    /* Toolhelp32ReadProcessMemory: "lpNumberOfBytesRead: The number of bytes copied to
     * the specified buffer": 8 bytes cannot be read from 4 readable ones */
    todo_wine ok(!ret, "a read past the committed page succeeded\n");
    todo_wine ok(GetLastError() == ERROR_PARTIAL_COPY || GetLastError() == ERROR_NOACCESS, "error %lu\n", GetLastError());
    todo_wine ok(done == 4 || done == 0, "%Iu bytes read of 4 readable ones\n", done);
    ok(!memcmp(buffer, "abcd", 4) || !done, "read %.4s\n", buffer);
    VirtualFree(page, 0, MEM_RELEASE);
}

START_TEST(heap32)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (argc >= 4)
    {
        HANDLE returned = NULL;

        sscanf(argv[3], "%p", &returned);
        if (!strcmp(argv[2], "list_next")) child_heap_list_next(returned);
        else if (!strcmp(argv[2], "first")) child_heap_first(returned);
        else if (!strcmp(argv[2], "next")) child_heap_next(returned);
        return;
    }
    GetModuleFileNameA(NULL, selfname, sizeof(selfname));
    test_heap_list();
    test_heap_list_first_errors();
    test_heap_list_next();
    test_heap_first();
    test_heap_next();
    test_read_memory_partial();
}
