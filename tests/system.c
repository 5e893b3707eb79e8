/*
 * Conformance tests for the system-wide PSAPI functions: EnumDeviceDrivers,
 * GetDeviceDriverBaseNameA/W, GetDeviceDriverFileNameA/W,
 * GetPerformanceInfo and EnumPageFilesA/W.
 *
 * Every statement tested is from the reference pages of these functions and
 * of PERFORMANCE_INFORMATION, ENUM_PAGE_FILE_INFORMATION and
 * PENUM_PAGE_FILE_CALLBACK; the performance values are cross-checked with
 * GlobalMemoryStatusEx, GetSystemInfo and a Toolhelp32 snapshot, as the
 * "Memory Performance Information" page relates them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

static BOOL (WINAPI *pEnumDeviceDrivers)(LPVOID *, DWORD, LPDWORD);
static DWORD (WINAPI *pGetDeviceDriverBaseNameA)(LPVOID, LPSTR, DWORD);
static DWORD (WINAPI *pGetDeviceDriverBaseNameW)(LPVOID, LPWSTR, DWORD);
static DWORD (WINAPI *pGetDeviceDriverFileNameA)(LPVOID, LPSTR, DWORD);
static DWORD (WINAPI *pGetDeviceDriverFileNameW)(LPVOID, LPWSTR, DWORD);
static BOOL (WINAPI *pGetPerformanceInfo)(PPERFORMANCE_INFORMATION, DWORD);
static BOOL (WINAPI *pEnumPageFilesA)(PENUM_PAGE_FILE_CALLBACKA, LPVOID);
static BOOL (WINAPI *pEnumPageFilesW)(PENUM_PAGE_FILE_CALLBACKW, LPVOID);

#define CANARY 0xa5
#define MAX_DRIVERS 4096

static BOOL init_functions(void)
{
    IMPL_PSAPI(EnumDeviceDrivers);
    IMPL_PSAPI(GetDeviceDriverBaseNameA);
    IMPL_PSAPI(GetDeviceDriverBaseNameW);
    IMPL_PSAPI(GetDeviceDriverFileNameA);
    IMPL_PSAPI(GetDeviceDriverFileNameW);
    IMPL_PSAPI(GetPerformanceInfo);
    IMPL_PSAPI(EnumPageFilesA);
    IMPL_PSAPI(EnumPageFilesW);
    if (!pEnumDeviceDrivers || !pGetDeviceDriverBaseNameA || !pGetDeviceDriverBaseNameW
        || !pGetDeviceDriverFileNameA || !pGetDeviceDriverFileNameW || !pGetPerformanceInfo
        || !pEnumPageFilesA || !pEnumPageFilesW)
    {
        win_skip("system functions missing in %s\n", impl_name());
        return FALSE;
    }
    return TRUE;
}

static BOOL canary_intact(const void *buf, SIZE_T from, SIZE_T to)
{
    const BYTE *bytes = buf;

    for (; from < to; from++) if (bytes[from] != CANARY) return FALSE;
    return TRUE;
}

/* ------------------------------------------------------------------ drivers */

static void *drivers[MAX_DRIVERS];
static DWORD driver_count;

static void test_enum_drivers(void)
{
    void *bases[MAX_DRIVERS + 4], *one[4];
    DWORD needed, ret, i, nulls = 0;

    memset(bases, CANARY, sizeof(bases));
    needed = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = pEnumDeviceDrivers(bases, MAX_DRIVERS * sizeof(void *), &needed);
    ok(ret, "EnumDeviceDrivers failed: %lu\n", GetLastError());
    if (!ret) return;
    ok(!(needed % sizeof(void *)), "needed %lu is not a multiple of %u\n", needed, (int)sizeof(void *));
    ok(needed <= MAX_DRIVERS * sizeof(void *), "more than %u drivers: %lu\n", MAX_DRIVERS, needed);
    driver_count = min(needed, MAX_DRIVERS * sizeof(void *)) / sizeof(void *);
    memcpy(drivers, bases, driver_count * sizeof(void *));
    ok(canary_intact(bases, driver_count * sizeof(void *), sizeof(bases)), "wrote past the list\n");
    /* every system has at least its kernel; the Wine builtin lists none */
    todo_wine_if(!impl_is_ours())
    ok(driver_count > 0, "no device driver listed\n");
    for (i = 0; i < driver_count; i++) if (!drivers[i]) nulls++;
    /* Windows 11 24H2 lists NULL addresses to callers without SeDebugPrivilege */
    ok(!nulls || nulls == driver_count, "%lu of %lu load addresses are NULL\n", nulls, driver_count);
    if (nulls) driver_count = 0;
    trace("%lu drivers\n", driver_count);
    if (!driver_count) return;

    /* room for one: lpcbNeeded still gets the size of the whole list */
    memset(one, CANARY, sizeof(one));
    needed = 0xdeadbeef;
    ret = pEnumDeviceDrivers(one, sizeof(void *), &needed);
    ok(ret, "EnumDeviceDrivers with room for one failed: %lu\n", GetLastError());
    ok(needed == driver_count * sizeof(void *), "needed %lu, expected %lu\n", needed,
       (DWORD)(driver_count * sizeof(void *)));
    ok(one[0] == drivers[0], "first address %p, expected %p\n", one[0], drivers[0]);
    ok(canary_intact(one, sizeof(void *), sizeof(one)), "wrote past cb\n");

    /* a cb that is not a multiple of a pointer: only whole addresses */
    memset(one, CANARY, sizeof(one));
    needed = 0xdeadbeef;
    ret = pEnumDeviceDrivers(one, sizeof(void *) + 3, &needed);
    ok(ret && needed == driver_count * sizeof(void *), "odd cb: %lu needed %lu\n", ret, needed);
    ok(canary_intact(one, sizeof(void *), sizeof(one)), "odd cb: wrote past the whole address\n");

    memset(one, CANARY, sizeof(one));
    needed = 0xdeadbeef;
    ret = pEnumDeviceDrivers(one, 0, &needed);
    ok(ret && needed == driver_count * sizeof(void *), "cb 0: %lu needed %lu\n", ret, needed);
    ok(canary_intact(one, 0, sizeof(one)), "cb 0: wrote into the array\n");

    if (impl_is_ours())
    {
        needed = 0xdeadbeef;
        ret = pEnumDeviceDrivers(NULL, 0, &needed);
        ok(ret && needed == driver_count * sizeof(void *), "NULL, 0: %lu needed %lu\n", ret, needed);
        SetLastError(0xdeadbeef);
        ret = pEnumDeviceDrivers(NULL, sizeof(bases), &needed);
        ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL array: %lu %lu\n", ret, GetLastError());
        SetLastError(0xdeadbeef);
        ret = pEnumDeviceDrivers(bases, sizeof(bases), NULL);
        ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL lpcbNeeded: %lu %lu\n", ret, GetLastError());
    }
}

static void test_driver_names(void)
{
    WCHAR basew[MAX_PATH], filew[MAX_PATH * 2], small[8];
    char basea[MAX_PATH], filea[MAX_PATH * 2], narrow[MAX_PATH * 2], smalla[8];
    DWORD i, ret, len, file_len;
    int unknown;

    for (i = 0; i < driver_count && i < 8; i++)
    {
        winetest_push_context("driver %lu at %p", i, drivers[i]);
        memset(basew, CANARY, sizeof(basew));
        len = pGetDeviceDriverBaseNameW(drivers[i], basew, ARRAY_SIZE(basew));
        ok(len && len == (DWORD)lstrlenW(basew), "base name: %lu %s (%lu)\n", len, wine_dbgstr_w(basew),
           GetLastError());
        ok(canary_intact(basew, (len + 1) * sizeof(WCHAR), sizeof(basew)), "base name: wrote past the NUL\n");
        ok(!wcschr(basew, '\\'), "the base name %s has a folder\n", wine_dbgstr_w(basew));
        file_len = pGetDeviceDriverFileNameW(drivers[i], filew, ARRAY_SIZE(filew));
        ok(file_len && file_len == (DWORD)lstrlenW(filew), "file name: %lu %s\n", file_len, wine_dbgstr_w(filew));
        /* the path ends with the base name */
        ok(file_len >= len && !lstrcmpiW(filew + file_len - len, basew), "%s does not end with %s\n",
           wine_dbgstr_w(filew), wine_dbgstr_w(basew));
        if (!i) trace("first driver: %s\n", wine_dbgstr_w(filew));

        /* the A names are the same */
        WideCharToMultiByte(CP_ACP, 0, basew, -1, narrow, sizeof(narrow), NULL, NULL);
        ret = pGetDeviceDriverBaseNameA(drivers[i], basea, sizeof(basea));
        ok(ret == strlen(narrow) && !strcmp(basea, narrow), "A base name: %lu %s\n", ret, basea);
        WideCharToMultiByte(CP_ACP, 0, filew, -1, narrow, sizeof(narrow), NULL, NULL);
        ret = pGetDeviceDriverFileNameA(drivers[i], filea, sizeof(filea));
        ok(ret == strlen(narrow) && !strcmp(filea, narrow), "A file name: %lu %s\n", ret, filea);

        /* "If the buffer is not large enough to store the base name plus the
         * terminating null character, the string is truncated." */
        if (len >= 4)
        {
            memset(small, CANARY, sizeof(small));
            ret = pGetDeviceDriverBaseNameW(drivers[i], small, 4);
            ok(ret && ret <= 4 && !memcmp(small, basew, ret * sizeof(WCHAR)), "truncated: %lu\n", ret);
            ok(canary_intact(small, 4 * sizeof(WCHAR), sizeof(small)), "truncated: wrote past nSize\n");
            if (impl_is_ours()) ok(ret == 4, "ours: %lu\n", ret);
            memset(smalla, CANARY, sizeof(smalla));
            ret = pGetDeviceDriverFileNameA(drivers[i], smalla, 4);
            ok(ret && ret <= 4 && !memcmp(smalla, filea, ret), "A truncated: %lu\n", ret);
            ok(canary_intact(smalla, 4, sizeof(smalla)), "A truncated: wrote past nSize\n");
            if (impl_is_ours()) ok(ret == 4, "ours A: %lu\n", ret);
        }
        memset(small, CANARY, sizeof(small));
        SetLastError(0xdeadbeef);
        ret = pGetDeviceDriverBaseNameW(drivers[i], small, 0);
        ok(!ret, "nSize 0 returned %lu\n", ret);
        ok(canary_intact(small, 0, sizeof(small)), "nSize 0: wrote into the buffer\n");
        if (impl_is_ours())
        {
            ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "nSize 0: error %lu\n", GetLastError());
            SetLastError(0xdeadbeef);
            ret = pGetDeviceDriverFileNameW(drivers[i], NULL, MAX_PATH);
            ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL buffer: %lu %lu\n", ret, GetLastError());
        }
        winetest_pop_context();
    }

    /* an address where no driver is loaded */
    SetLastError(0xdeadbeef);
    ret = pGetDeviceDriverBaseNameW(&unknown, basew, ARRAY_SIZE(basew));
    ok(!ret, "unknown address: %lu %s\n", ret, wine_dbgstr_w(basew));
    if (impl_is_ours()) ok(GetLastError() == ERROR_INVALID_HANDLE, "unknown address: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetDeviceDriverFileNameA((char *)drivers[0] + 1, filea, sizeof(filea));
    ok(!ret, "inside a driver: %lu %s\n", ret, filea);
}

/* Small buffers: sizes 0, 1, the length and the length + 1, for the four
 * driver name functions, A and W counting alike. The pages have the words
 * of GetModuleBaseName ("the string is truncated"): a name that does not fit
 * with its NUL gets its first nSize characters and no NUL, the result nSize
 * (docs/conformance.md, "Small buffers"). */
static void check_driver_size(void *base, BOOL file, const WCHAR *name, const char *name_a, DWORD size)
{
    WCHAR bufw[MAX_PATH * 2];
    char bufa[MAX_PATH * 2];
    DWORD len = lstrlenW(name), len_a = strlen(name_a), ret;

    memset(bufw, CANARY, sizeof(bufw));
    ret = file ? pGetDeviceDriverFileNameW(base, bufw, size) : pGetDeviceDriverBaseNameW(base, bufw, size);
    ok(canary_intact(bufw, size * sizeof(WCHAR), sizeof(bufw)), "W wrote past nSize\n");
    if (size > len) ok(ret == len && !lstrcmpW(bufw, name), "W returned %lu %s\n", ret, wine_dbgstr_w(bufw));
    else
    {
        ok(ret == size || broken(!impl_is_ours() && size && ret == size - 1 && !bufw[ret]), "W returned %lu\n", ret);
        ok(!memcmp(bufw, name, min(ret, size) * sizeof(WCHAR)), "W copied %s\n", wine_dbgstr_wn(bufw, size));
    }
    memset(bufa, CANARY, sizeof(bufa));
    ret = file ? pGetDeviceDriverFileNameA(base, bufa, size) : pGetDeviceDriverBaseNameA(base, bufa, size);
    ok(canary_intact(bufa, size, sizeof(bufa)), "A wrote past nSize\n");
    if (size > len_a) ok(ret == len_a && !strcmp(bufa, name_a), "A returned %lu %s\n", ret, bufa);
    else
    {
        ok(ret == size || broken(!impl_is_ours() && size && ret == size - 1 && !bufa[ret]), "A returned %lu\n", ret);
        ok(!memcmp(bufa, name_a, min(ret, size)), "A copied %s\n", wine_dbgstr_an(bufa, size));
    }
}

static void test_driver_name_sizes(void)
{
    WCHAR name[MAX_PATH * 2];
    char name_a[MAX_PATH * 2];
    DWORD sizes[4], len;

    if (!driver_count || !drivers[0])
    {
        skip("no driver address to ask about\n");
        return;
    }
    for (int file = 0; file < 2; file++)
    {
        len = file ? pGetDeviceDriverFileNameW(drivers[0], name, ARRAY_SIZE(name))
                   : pGetDeviceDriverBaseNameW(drivers[0], name, ARRAY_SIZE(name));
        ok(len > 1, "no name: %lu\n", GetLastError());
        if (len <= 1) continue;
        WideCharToMultiByte(CP_ACP, 0, name, -1, name_a, sizeof(name_a), NULL, NULL);
        sizes[0] = 0; sizes[1] = 1; sizes[2] = len; sizes[3] = len + 1;
        for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
        {
            winetest_push_context("%s, nSize %lu", file ? "file name" : "base name", sizes[i]);
            check_driver_size(drivers[0], file, name, name_a, sizes[i]);
            winetest_pop_context();
        }
    }
}

/* ------------------------------------------------------------------ performance */

/* |a - b| <= tolerance */
/* NtQuerySystemInformation(SystemPerformanceInformation): the values
 * GetPerformanceInfo reports come from it (offsets of the winternl.h
 * SYSTEM_PERFORMANCE_INFORMATION layout, the same in 32 and 64 bits). */
#define NT_SYSTEM_PERFORMANCE_INFORMATION 2
#define NT_PERF_AVAILABLE_PAGES     44
#define NT_PERF_COMMITTED_PAGES     48
#define NT_PERF_COMMIT_LIMIT        52
#define NT_PERF_PEAK_COMMITMENT     56
#define NT_PERF_PAGED_POOL_PAGES    112
#define NT_PERF_NONPAGED_POOL_PAGES 116

struct layer_perf
{
    ULONG available, committed, limit, peak, paged, nonpaged;
};

static BOOL layer_performance(struct layer_perf *perf)
{
    static LONG (WINAPI *pNtQuerySystemInformation)(ULONG, void *, ULONG, ULONG *);
    BYTE buf[1024];
    ULONG len = 0;

    if (!pNtQuerySystemInformation)
        pNtQuerySystemInformation = (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySystemInformation");
    memset(buf, 0, sizeof(buf));
    if (!pNtQuerySystemInformation
        || pNtQuerySystemInformation(NT_SYSTEM_PERFORMANCE_INFORMATION, buf, sizeof(buf), &len)
        || len < NT_PERF_NONPAGED_POOL_PAGES + 4)
        return FALSE;
    memcpy(&perf->available, buf + NT_PERF_AVAILABLE_PAGES, 4);
    memcpy(&perf->committed, buf + NT_PERF_COMMITTED_PAGES, 4);
    memcpy(&perf->limit, buf + NT_PERF_COMMIT_LIMIT, 4);
    memcpy(&perf->peak, buf + NT_PERF_PEAK_COMMITMENT, 4);
    memcpy(&perf->paged, buf + NT_PERF_PAGED_POOL_PAGES, 4);
    memcpy(&perf->nonpaged, buf + NT_PERF_NONPAGED_POOL_PAGES, 4);
    return TRUE;
}

/* Whether the layer below reports a peak commitment (Wine's is 0). */
static BOOL layer_has_peak(void)
{
    struct layer_perf perf;

    return !layer_performance(&perf) || perf.peak;
}

static BOOL close_to(ULONGLONG a, ULONGLONG b, ULONGLONG tolerance)
{
    return a > b ? a - b <= tolerance : b - a <= tolerance;
}

static void test_performance(void)
{
    union { PERFORMANCE_INFORMATION pi; BYTE bytes[sizeof(PERFORMANCE_INFORMATION) + 32]; } u;
    PERFORMANCE_INFORMATION pi, after;
    MEMORYSTATUSEX ms = { sizeof(ms) }, ms_after = { sizeof(ms_after) };
    PROCESSENTRY32W pe = { sizeof(pe) };
    THREADENTRY32 te = { sizeof(te) };
    ULONGLONG page, mb64 = 64 << 20;
    DWORD processes = 0, threads = 0;
    SYSTEM_INFO si;
    HANDLE snap;
    void *mem;
    BOOL ret;

    GetSystemInfo(&si);
    memset(&pi, CANARY, sizeof(pi));
    SetLastError(0xdeadbeef);
    ret = pGetPerformanceInfo(&pi, sizeof(pi));
    ok(ret, "GetPerformanceInfo failed: %lu\n", GetLastError());
    if (!ret) return;
    ok(pi.cb == sizeof(pi), "cb %lu\n", pi.cb);
    ok(pi.PageSize == si.dwPageSize, "PageSize %Iu, GetSystemInfo says %lu\n", pi.PageSize, si.dwPageSize);
    page = pi.PageSize;
    ok(pi.PhysicalTotal > 0 && pi.PhysicalAvailable <= pi.PhysicalTotal, "physical %Iu of %Iu\n",
       pi.PhysicalAvailable, pi.PhysicalTotal);
    ok(pi.CommitTotal > 0 && pi.CommitTotal <= pi.CommitLimit, "commit %Iu of %Iu\n", pi.CommitTotal, pi.CommitLimit);
    /* the Wine builtin reports a peak of 0, as the layer below does; ours
     * reports the layer's (test_performance_layer) */
    if (impl_is_ours() && !layer_has_peak())
        skip("NtQuerySystemInformation reports no peak commitment\n");
    else
    {
        todo_wine_if(!impl_is_ours())
        ok(pi.CommitPeak >= pi.CommitTotal, "peak %Iu below the commit total %Iu\n", pi.CommitPeak, pi.CommitTotal);
    }
    ok(pi.KernelTotal == pi.KernelPaged + pi.KernelNonpaged, "kernel %Iu != %Iu + %Iu\n", pi.KernelTotal,
       pi.KernelPaged, pi.KernelNonpaged);
    ok(pi.SystemCache <= pi.PhysicalTotal, "system cache %Iu of %Iu\n", pi.SystemCache, pi.PhysicalTotal);
    ok(pi.HandleCount > 0, "no handles\n");
    ok(pi.ProcessCount >= 1 && pi.ThreadCount >= pi.ProcessCount, "%lu processes, %lu threads\n",
       pi.ProcessCount, pi.ThreadCount);
    trace("commit %Iu/%Iu peak %Iu, physical %Iu/%Iu, cache %Iu, kernel %Iu, %lu handles, %lu processes, %lu threads\n",
          pi.CommitTotal, pi.CommitLimit, pi.CommitPeak, pi.PhysicalAvailable, pi.PhysicalTotal,
          pi.SystemCache, pi.KernelTotal, pi.HandleCount, pi.ProcessCount, pi.ThreadCount);

    /* the same memory as GlobalMemoryStatusEx ("Memory Performance
     * Information": ullTotalPhys is PhysicalTotal, ullTotalPageFile is
     * CommitLimit, ullAvailPhys is PhysicalAvailable), moving a little */
    ok(GlobalMemoryStatusEx(&ms), "GlobalMemoryStatusEx failed\n");
    ok(close_to(pi.PhysicalTotal * page, ms.ullTotalPhys, ms.ullTotalPhys / 100), "PhysicalTotal %Iu pages, ullTotalPhys %I64u\n",
       pi.PhysicalTotal, ms.ullTotalPhys);
    ok(close_to(pi.CommitLimit * page, ms.ullTotalPageFile, ms.ullTotalPageFile / 20 + mb64),
       "CommitLimit %Iu pages, ullTotalPageFile %I64u\n", pi.CommitLimit, ms.ullTotalPageFile);
    ok(close_to(pi.PhysicalAvailable * page, ms.ullAvailPhys, ms.ullTotalPhys / 10 + mb64),
       "PhysicalAvailable %Iu pages, ullAvailPhys %I64u\n", pi.PhysicalAvailable, ms.ullAvailPhys);
    ok(close_to((pi.CommitLimit - pi.CommitTotal) * page, ms.ullAvailPageFile, ms.ullTotalPageFile / 10 + mb64),
       "free commit %Iu pages, ullAvailPageFile %I64u\n", pi.CommitLimit - pi.CommitTotal, ms.ullAvailPageFile);

    /* roughly the processes and threads of a snapshot */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
    for (ret = Process32FirstW(snap, &pe); ret; ret = Process32NextW(snap, &pe)) processes++;
    for (ret = Thread32First(snap, &te); ret; ret = Thread32Next(snap, &te)) threads++;
    CloseHandle(snap);
    ok(close_to(pi.ProcessCount, processes, 5 + processes / 10), "%lu processes, the snapshot has %lu\n",
       pi.ProcessCount, processes);
    ok(close_to(pi.ThreadCount, threads, 20 + threads / 5), "%lu threads, the snapshot has %lu\n",
       pi.ThreadCount, threads);

    /* "committing pages (using VirtualAlloc with MEM_COMMIT) changes this value immediately" */
    ok(GlobalMemoryStatusEx(&ms), "GlobalMemoryStatusEx failed\n");
    mem = VirtualAlloc(NULL, 256 << 20, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    ok(GlobalMemoryStatusEx(&ms_after), "GlobalMemoryStatusEx failed\n");
    ret = pGetPerformanceInfo(&after, sizeof(after));
    ok(ret, "GetPerformanceInfo failed: %lu\n", GetLastError());
    /* Wine charges no commit for it (GlobalMemoryStatusEx does not move either) */
    if (mem && ms_after.ullAvailPageFile + (128 << 20) > ms.ullAvailPageFile)
        skip("the system charges no commit for VirtualAlloc(MEM_COMMIT): %I64u, then %I64u bytes free\n",
             ms.ullAvailPageFile, ms_after.ullAvailPageFile);
    else if (mem)
    {
        ok(after.CommitTotal >= pi.CommitTotal + (128 << 20) / page, "commit %Iu, then %Iu after 256 MB\n",
           pi.CommitTotal, after.CommitTotal);
        if (impl_is_ours() && !layer_has_peak())
            skip("NtQuerySystemInformation reports no peak commitment\n");
        else
        {
            todo_wine_if(!impl_is_ours())
            ok(after.CommitPeak >= after.CommitTotal, "peak %Iu, commit %Iu\n", after.CommitPeak,
               after.CommitTotal);
        }
    }
    VirtualFree(mem, 0, MEM_RELEASE);

    /* cb: the size of the structure; less fails */
    memset(&u, CANARY, sizeof(u));
    SetLastError(0xdeadbeef);
    ret = pGetPerformanceInfo(&u.pi, sizeof(pi) - 1);
    ok(!ret && GetLastError() == ERROR_BAD_LENGTH, "cb too small: %u %lu\n", ret, GetLastError());
    ok(canary_intact(&u, 0, sizeof(u)), "cb too small: wrote into the structure\n");
    SetLastError(0xdeadbeef);
    ret = pGetPerformanceInfo(&u.pi, 0);
    ok(!ret && GetLastError() == ERROR_BAD_LENGTH, "cb 0: %u %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetPerformanceInfo(&u.pi, sizeof(pi) + 16);
    ok(ret || broken(GetLastError() == ERROR_BAD_LENGTH), "cb larger: %lu\n", GetLastError());
    if (ret)
    {
        ok(u.pi.cb == sizeof(pi), "cb larger: cb %lu\n", u.pi.cb);
        ok(canary_intact(&u, sizeof(pi), sizeof(u)), "cb larger: wrote past the structure\n");
    }
    if (impl_is_ours())
    {
        SetLastError(0xdeadbeef);
        ret = pGetPerformanceInfo(NULL, sizeof(pi));
        ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL: %u %lu\n", ret, GetLastError());
    }
}

/* ------------------------------------------------------------------ page files */

#define MAX_PAGE_FILES 16

struct page_files
{
    DWORD magic;
    unsigned int count, stop_after;
    ENUM_PAGE_FILE_INFORMATION info[MAX_PAGE_FILES];
    WCHAR names[MAX_PAGE_FILES][MAX_PATH];
    char names_a[MAX_PAGE_FILES][MAX_PATH];
};

#define PAGE_FILES_MAGIC 0x50466973

/* Observed on Windows: each value is the one NtQuerySystemInformation
 * reports for it at that moment (CommitTotal within a couple of thousand
 * pages of SystemPerformanceInformation's committed pages, and so on), not a
 * figure computed another way; where the layer reports 0, so does the call.
 * The layer is read before and after: the answer lies between the two. */
static void test_performance_layer(void)
{
    struct layer_perf before, after;
    PERFORMANCE_INFORMATION pi;
    const ULONG slack = 2048;
    BOOL ret;

    if (!layer_performance(&before))
    {
        skip("NtQuerySystemInformation(SystemPerformanceInformation) fails here\n");
        return;
    }
    memset(&pi, CANARY, sizeof(pi));
    SetLastError(0xdeadbeef);
    ret = pGetPerformanceInfo(&pi, sizeof(pi));
    ok(ret, "GetPerformanceInfo failed: %lu\n", GetLastError());
    ok(layer_performance(&after), "NtQuerySystemInformation failed the second time\n");
    if (!ret) return;

#define BETWEEN(value, a, b) ((value) + slack >= min(a, b) && (value) <= max(a, b) + (ULONGLONG)slack)
    ok(BETWEEN(pi.CommitTotal, before.committed, after.committed), "CommitTotal %Iu, the layer %lu then %lu\n",
       pi.CommitTotal, before.committed, after.committed);
    ok(BETWEEN(pi.CommitLimit, before.limit, after.limit), "CommitLimit %Iu, the layer %lu then %lu\n",
       pi.CommitLimit, before.limit, after.limit);
    /* the peak never goes down: it lies between the two readings */
    ok(pi.CommitPeak >= before.peak && pi.CommitPeak <= after.peak, "CommitPeak %Iu, the layer %lu then %lu\n",
       pi.CommitPeak, before.peak, after.peak);
    ok(BETWEEN(pi.PhysicalAvailable, before.available, after.available),
       "PhysicalAvailable %Iu, the layer %lu then %lu\n", pi.PhysicalAvailable, before.available, after.available);
    ok(BETWEEN(pi.KernelPaged, before.paged, after.paged), "KernelPaged %Iu, the layer %lu then %lu\n",
       pi.KernelPaged, before.paged, after.paged);
    ok(BETWEEN(pi.KernelNonpaged, before.nonpaged, after.nonpaged), "KernelNonpaged %Iu, the layer %lu then %lu\n",
       pi.KernelNonpaged, before.nonpaged, after.nonpaged);
#undef BETWEEN
}

static BOOL CALLBACK page_file_w(void *context, PENUM_PAGE_FILE_INFORMATION info, const WCHAR *name)
{
    struct page_files *pf = context;

    ok(pf && pf->magic == PAGE_FILES_MAGIC, "the context is %p\n", context);
    if (!pf || pf->magic != PAGE_FILES_MAGIC) return FALSE;
    if (pf->count < MAX_PAGE_FILES)
    {
        pf->info[pf->count] = *info;
        lstrcpynW(pf->names[pf->count], name, MAX_PATH);
    }
    pf->count++;
    return pf->count != pf->stop_after;
}

static BOOL CALLBACK page_file_a(void *context, PENUM_PAGE_FILE_INFORMATION info, const char *name)
{
    struct page_files *pf = context;

    ok(pf && pf->magic == PAGE_FILES_MAGIC, "the context is %p\n", context);
    if (!pf || pf->magic != PAGE_FILES_MAGIC) return FALSE;
    if (pf->count < MAX_PAGE_FILES) lstrcpynA(pf->names_a[pf->count], name, MAX_PATH);
    pf->count++;
    return pf->count != pf->stop_after;
}

static void test_page_files(void)
{
    static struct page_files pf, pfa, stop;
    PERFORMANCE_INFORMATION pi;
    ULONGLONG total = 0;
    unsigned int i;
    BOOL ret;

    pf.magic = pfa.magic = stop.magic = PAGE_FILES_MAGIC;
    SetLastError(0xdeadbeef);
    ret = pEnumPageFilesW(page_file_w, &pf);
    if (!ret && impl_is_ours() && GetLastError() == ERROR_NOT_SUPPORTED)
    {
        /* the layer below has no SystemPageFileInformation (Wine) */
        skip("the system does not list its page files\n");
        return;
    }
    /* the Wine builtin fails without an error code */
    todo_wine_if(!impl_is_ours())
    ok(ret, "EnumPageFilesW failed: %lu\n", GetLastError());
    if (!ret) return;
    trace("%u page files\n", pf.count);
    ok(pf.count <= MAX_PAGE_FILES, "%u page files\n", pf.count);
    for (i = 0; i < pf.count && i < MAX_PAGE_FILES; i++)
    {
        winetest_push_context("page file %u %s", i, wine_dbgstr_w(pf.names[i]));
        ok(pf.info[i].cb == sizeof(pf.info[i]), "cb %lu\n", pf.info[i].cb);
        ok(pf.info[i].TotalInUse <= pf.info[i].TotalSize, "in use %Iu of %Iu\n", pf.info[i].TotalInUse,
           pf.info[i].TotalSize);
        ok(pf.info[i].PeakUsage >= pf.info[i].TotalInUse, "peak %Iu below %Iu\n", pf.info[i].PeakUsage,
           pf.info[i].TotalInUse);
        ok(pf.names[i][0], "no name\n");
        total += pf.info[i].TotalSize;
        winetest_pop_context();
    }
    /* the page files are part of the commit limit */
    if (pGetPerformanceInfo(&pi, sizeof(pi)))
        ok(total <= pi.CommitLimit, "page files of %I64u pages, commit limit %Iu\n", total, pi.CommitLimit);

    /* the A names are the same */
    ret = pEnumPageFilesA(page_file_a, &pfa);
    ok(ret, "EnumPageFilesA failed: %lu\n", GetLastError());
    ok(pfa.count == pf.count, "A saw %u page files, W %u\n", pfa.count, pf.count);
    for (i = 0; i < pf.count && i < pfa.count && i < MAX_PAGE_FILES; i++)
    {
        char narrow[MAX_PATH];

        WideCharToMultiByte(CP_ACP, 0, pf.names[i], -1, narrow, sizeof(narrow), NULL, NULL);
        ok(!strcmp(narrow, pfa.names_a[i]), "A name %s, W name %s\n", pfa.names_a[i], narrow);
    }

    /* "To stop enumeration, the callback function must return FALSE." */
    if (pf.count)
    {
        stop.stop_after = 1;
        ret = pEnumPageFilesW(page_file_w, &stop);
        ok(stop.count == 1, "the callback ran %u times after returning FALSE\n", stop.count);
        if (impl_is_ours()) ok(ret, "a stopped enumeration failed: %lu\n", GetLastError());
    }
}

/* A NULL callback: ours fails before asking the system (the documentation
 * does not say what it does; Windows would call through it). */
static void test_page_files_args(void)
{
    BOOL ret;

    if (!impl_is_ours()) return;
    SetLastError(0xdeadbeef);
    ret = pEnumPageFilesA(NULL, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL A callback: %u %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pEnumPageFilesW(NULL, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL W callback: %u %lu\n", ret, GetLastError());
}

START_TEST(system)
{
    if (!init_functions()) return;
    trace("implementation: %s\n", impl_name());
    test_enum_drivers();
    test_driver_names();
    test_driver_name_sizes();
    test_performance();
    test_performance_layer();
    test_page_files();
    test_page_files_args();
}
