/*
 * Conformance tests for the memory counters of psapi: GetProcessMemoryInfo
 * with PROCESS_MEMORY_COUNTERS_EX, GetPerformanceInfo and EnumPageFiles.
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

/* EnumPageFilesW as documented (a CALLBACK callback): some SDK headers declare
 * the callback without CALLBACK, which is wrong for 32-bit x86 */
typedef BOOL (CALLBACK *page_file_callback_w)(void *, PENUM_PAGE_FILE_INFORMATION, const WCHAR *);
static BOOL (WINAPI *pEnumPageFilesW)(page_file_callback_w, void *);

static void test_counters_ex(void)
{
    static const SIZE_T size = 16 * 1024 * 1024;
    PROCESS_MEMORY_COUNTERS_EX before, after;
    void *mem;
    BOOL ret;

    memset(&before, 0xcc, sizeof(before));
    ret = GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&before, sizeof(before));
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    /* PROCESS_MEMORY_COUNTERS_EX: "cb: The size of the structure, in bytes" */
    todo_wine ok(before.cb == sizeof(before), "cb %lu, expected %u\n", before.cb, (unsigned int)sizeof(before));
    /* PROCESS_MEMORY_COUNTERS_EX: "PrivateUsage: Same as PagefileUsage" */
    todo_wine ok(before.PrivateUsage == before.PagefileUsage, "PrivateUsage %Iu, PagefileUsage %Iu\n",
                 before.PrivateUsage, before.PagefileUsage);

    /* the commit charge follows the private memory of the process */
    mem = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(mem != NULL, "VirtualAlloc failed: %lu\n", GetLastError());
    if (!mem) return;
    memset(mem, 1, size);
    memset(&after, 0xcc, sizeof(after));
    ret = GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&after, sizeof(after));
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ok(after.PagefileUsage >= before.PagefileUsage + size / 2, "PagefileUsage %Iu, then %Iu\n",
       before.PagefileUsage, after.PagefileUsage);
    todo_wine ok(after.PrivateUsage >= before.PrivateUsage + size / 2 && after.PrivateUsage < ((SIZE_T)1 << (sizeof(SIZE_T) * 8 - 2)),
                 "PrivateUsage %Iu, then %Iu after committing %Iu bytes\n",
                 before.PrivateUsage, after.PrivateUsage, size);
    VirtualFree(mem, 0, MEM_RELEASE);
}

static void test_counters_larger_cb(void)
{
    struct
    {
        PROCESS_MEMORY_COUNTERS_EX ex;
        BYTE extra[16];
    } buf;
    unsigned int i;
    BOOL ret;

    memset(&buf, 0xcc, sizeof(buf));
    ret = GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&buf, sizeof(buf.ex) + 1);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    /* GetProcessMemoryInfo: "ppsmemCounters: A pointer to the PROCESS_MEMORY_COUNTERS or
     * PROCESS_MEMORY_COUNTERS_EX structure": a cb that holds _EX gets _EX */
    todo_wine ok(buf.ex.cb == sizeof(buf.ex), "cb %lu, expected %u\n", buf.ex.cb, (unsigned int)sizeof(buf.ex));
    for (i = 0; i < sizeof(buf.extra); i++) if (buf.extra[i] != 0xcc) break;
    ok(i == sizeof(buf.extra), "byte %u past the structure was written\n", i);
}

static void test_performance_info(void)
{
    PERFORMANCE_INFORMATION info;
    BOOL ret;

    memset(&info, 0xcc, sizeof(info));
    ret = GetPerformanceInfo(&info, sizeof(info));
    ok(ret, "GetPerformanceInfo failed: %lu\n", GetLastError());
    ok(info.CommitTotal > 0, "CommitTotal %Iu\n", info.CommitTotal);
    /* PERFORMANCE_INFORMATION: "CommitPeak: The maximum number of pages that were
     * simultaneously in the committed state since the last system reboot" */
    todo_wine ok(info.CommitPeak >= info.CommitTotal, "CommitPeak %Iu below CommitTotal %Iu\n",
                 info.CommitPeak, info.CommitTotal);
}

static BOOL CALLBACK page_file_callback(void *context, PENUM_PAGE_FILE_INFORMATION info, const WCHAR *name)
{
    (*(unsigned int *)context)++;
    return TRUE;
}

static void test_page_files(void)
{
    unsigned int count = 0;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = pEnumPageFilesW(page_file_callback, &count);
    /* EnumPageFiles: "If the function fails, the return value is FALSE. To get
     * extended error information, call GetLastError" */
    todo_wine ok(ret || GetLastError() != 0xdeadbeef, "EnumPageFilesW failed without an error code\n");
    if (ret) trace("%u page files\n", count);
}

START_TEST(memory)
{
    pEnumPageFilesW = (void *)GetProcAddress(GetModuleHandleA("psapi.dll"), "EnumPageFilesW");
    ok(pEnumPageFilesW != NULL, "psapi.dll has no EnumPageFilesW\n");
    test_counters_ex();
    test_counters_larger_cb();
    test_performance_info();
    test_page_files();
}
