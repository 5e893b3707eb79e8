/*
 * Conformance tests for GetProcessMemoryInfo: the three counter structures
 * chosen by cb, their values, and handle and size checking.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>

#include "wine/test.h"
#include "impl.h"
#include "child.h"

static BOOL (WINAPI *pGetProcessMemoryInfo)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD);

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define CANARY 0xa5
#define CANARY_SIZE_T ((SIZE_T)~(SIZE_T)0 / 0xff * CANARY)
#define CANARY_ULONG64 (~0ull / 0xff * CANARY)

#define PMC_SIZE     sizeof(PROCESS_MEMORY_COUNTERS)
#define PMC_EX_SIZE  sizeof(PROCESS_MEMORY_COUNTERS_EX)
#define PMC_EX2_SIZE sizeof(PROCESS_MEMORY_COUNTERS_EX2)

/* room for the largest structure and then some */
union counters
{
    PROCESS_MEMORY_COUNTERS pmc;
    PROCESS_MEMORY_COUNTERS_EX ex;
    PROCESS_MEMORY_COUNTERS_EX2 ex2;
    BYTE bytes[256];
};

static void init_functions(void)
{
    IMPL_PSAPI(GetProcessMemoryInfo);
}

/* VM_COUNTERS_EX2 of ntdll's ProcessVmCounters, from the documentation of
 * PROCESS_MEMORY_COUNTERS_EX2 (the same fields after the _EX ones) */
struct vm_counters_ex2
{
    SIZE_T PeakVirtualSize, VirtualSize;
    ULONG PageFaultCount;
    SIZE_T PeakWorkingSetSize, WorkingSetSize, QuotaPeakPagedPoolUsage, QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage, QuotaNonPagedPoolUsage, PagefileUsage, PeakPagefileUsage;
    SIZE_T PrivateUsage, PrivateWorkingSetSize;
    ULONG64 SharedCommitUsage;
};

/* Can the layer below count the _EX2 counters of a process? Asked of ntdll
 * directly: ProcessVmCounters with the VM_COUNTERS_EX2 size, or else the two
 * queries the counts can be made from (the regions of the address space and
 * the residency of their pages). A skip for ours rests on this answer. */
static BOOL below_counts_ex2_with(HANDLE process)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    LONG (WINAPI *pNtQueryInformationProcess)(HANDLE, ULONG, void *, ULONG, ULONG *);
    LONG (WINAPI *pNtQueryVirtualMemory)(HANDLE, const void *, ULONG, void *, SIZE_T, SIZE_T *);
    PSAPI_WORKING_SET_EX_INFORMATION page;
    MEMORY_BASIC_INFORMATION mbi;
    struct vm_counters_ex2 vm;
    LONG status;

    pNtQueryInformationProcess = (void *)GetProcAddress(ntdll, "NtQueryInformationProcess");
    pNtQueryVirtualMemory = (void *)GetProcAddress(ntdll, "NtQueryVirtualMemory");
    if (!pNtQueryInformationProcess || !pNtQueryVirtualMemory) return FALSE;
    status = pNtQueryInformationProcess(process, 3 /* ProcessVmCounters */, &vm, sizeof(vm), NULL);
    if (!status) return TRUE;
    if (pNtQueryVirtualMemory(process, NULL, 0 /* MemoryBasicInformation */, &mbi, sizeof(mbi), NULL))
        return FALSE;
    page.VirtualAddress = mbi.BaseAddress;
    status = pNtQueryVirtualMemory(process, NULL, 4 /* MemoryWorkingSetExInformation */, &page,
                                   sizeof(page), NULL);
    return !status;
}

/* a handle of the calling process may be counted through the pseudo handle */
static BOOL below_counts_ex2(HANDLE process)
{
    return below_counts_ex2_with(process)
           || (GetProcessId(process) == GetCurrentProcessId() && below_counts_ex2_with(GetCurrentProcess()));
}

/* TRUE when the bytes from offset to size all still hold the canary */
static BOOL canary_intact(const void *buf, SIZE_T offset, SIZE_T size)
{
    const BYTE *bytes = buf;

    for (; offset < size; offset++) if (bytes[offset] != CANARY) return FALSE;
    return TRUE;
}

static BOOL get_counters(HANDLE process, union counters *counters, DWORD cb)
{
    memset(counters, CANARY, sizeof(*counters));
    SetLastError(0xdeadbeef);
    return pGetProcessMemoryInfo(process, &counters->pmc, cb);
}

/* the PROCESS_MEMORY_COUNTERS part, for any process that is running */
static void check_pmc(const PROCESS_MEMORY_COUNTERS *pmc)
{
    /* not checked for being non-zero: Wine's ntdll counts no page faults */
    ok(pmc->PageFaultCount != (DWORD)CANARY_SIZE_T, "PageFaultCount %lu\n", pmc->PageFaultCount);
    ok(pmc->WorkingSetSize && pmc->WorkingSetSize != CANARY_SIZE_T,
       "WorkingSetSize %Iu\n", pmc->WorkingSetSize);
    ok(pmc->PeakWorkingSetSize >= pmc->WorkingSetSize && pmc->PeakWorkingSetSize != CANARY_SIZE_T,
       "PeakWorkingSetSize %Iu, WorkingSetSize %Iu\n", pmc->PeakWorkingSetSize, pmc->WorkingSetSize);
    ok(pmc->QuotaPeakPagedPoolUsage >= pmc->QuotaPagedPoolUsage
       && pmc->QuotaPeakPagedPoolUsage != CANARY_SIZE_T,
       "QuotaPeakPagedPoolUsage %Iu, QuotaPagedPoolUsage %Iu\n",
       pmc->QuotaPeakPagedPoolUsage, pmc->QuotaPagedPoolUsage);
    ok(pmc->QuotaPeakNonPagedPoolUsage >= pmc->QuotaNonPagedPoolUsage
       && pmc->QuotaPeakNonPagedPoolUsage != CANARY_SIZE_T,
       "QuotaPeakNonPagedPoolUsage %Iu, QuotaNonPagedPoolUsage %Iu\n",
       pmc->QuotaPeakNonPagedPoolUsage, pmc->QuotaNonPagedPoolUsage);
    /* "Windows 7 and Windows Server 2008 R2 and earlier: PagefileUsage is always zero" */
    ok((pmc->PagefileUsage && pmc->PagefileUsage != CANARY_SIZE_T) || broken(!impl_is_ours() && !pmc->PagefileUsage),
       "PagefileUsage %Iu\n", pmc->PagefileUsage);
    ok(pmc->PeakPagefileUsage >= pmc->PagefileUsage && pmc->PeakPagefileUsage != CANARY_SIZE_T,
       "PeakPagefileUsage %Iu, PagefileUsage %Iu\n", pmc->PeakPagefileUsage, pmc->PagefileUsage);
}

/* cb smaller than PROCESS_MEMORY_COUNTERS: ERROR_INSUFFICIENT_BUFFER, nothing written */
static void test_small_sizes(void)
{
    static const DWORD sizes[] = { 0, 1, sizeof(DWORD), PMC_SIZE / 2, PMC_SIZE - 1 };
    union counters counters;
    unsigned int i;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        winetest_push_context("cb %lu", sizes[i]);
        ret = get_counters(GetCurrentProcess(), &counters, sizes[i]);
        ok(!ret, "GetProcessMemoryInfo succeeded\n");
        ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "got error %lu\n", GetLastError());
        ok(canary_intact(&counters, 0, sizeof(counters)), "GetProcessMemoryInfo wrote to the buffer\n");
        winetest_pop_context();
    }
}

static void test_PROCESS_MEMORY_COUNTERS(HANDLE process)
{
    union counters counters;
    BOOL ret;

    ret = get_counters(process, &counters, PMC_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    if (!ret) return;
    ok(counters.pmc.cb == PMC_SIZE, "cb %lu\n", counters.pmc.cb);
    check_pmc(&counters.pmc);
    ok(canary_intact(&counters, PMC_SIZE, sizeof(counters)), "GetProcessMemoryInfo wrote past cb\n");
}

static void test_PROCESS_MEMORY_COUNTERS_EX(HANDLE process)
{
    union counters counters;
    BOOL ret;

    ret = get_counters(process, &counters, PMC_EX_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    if (!ret) return;
    todo_wine_if(!impl_is_ours())
    ok(counters.ex.cb == PMC_EX_SIZE, "cb %lu\n", counters.ex.cb);
    check_pmc(&counters.pmc);
    /* "PrivateUsage: Same as PagefileUsage" (both are the commit charge) */
    todo_wine_if(!impl_is_ours())
    ok(counters.ex.PrivateUsage && counters.ex.PrivateUsage != CANARY_SIZE_T,
       "PrivateUsage %Iu\n", counters.ex.PrivateUsage);
    todo_wine_if(!impl_is_ours())
    ok(counters.ex.PrivateUsage == counters.ex.PagefileUsage || broken(!impl_is_ours() && !counters.ex.PagefileUsage),
       "PrivateUsage %Iu, PagefileUsage %Iu\n", counters.ex.PrivateUsage, counters.ex.PagefileUsage);
    ok(canary_intact(&counters, PMC_EX_SIZE, sizeof(counters)), "GetProcessMemoryInfo wrote past cb\n");
}

static void test_PROCESS_MEMORY_COUNTERS_EX2(HANDLE process, BOOL self)
{
    union counters counters;
    BOOL ret;

    ret = get_counters(process, &counters, PMC_EX2_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    if (!ret) return;
    ok(canary_intact(&counters, PMC_EX2_SIZE, sizeof(counters)), "GetProcessMemoryInfo wrote past cb\n");
    /* PROCESS_MEMORY_COUNTERS_EX2 needs Windows 10/11 22H2 with the September 2023 update */
    if (broken(!impl_is_ours()
               && (counters.ex2.cb != PMC_EX2_SIZE || counters.ex2.PrivateWorkingSetSize == CANARY_SIZE_T)))
    {
        win_skip("PROCESS_MEMORY_COUNTERS_EX2 is not supported (cb %lu)\n", counters.ex2.cb);
        return;
    }
    /* Where the layer below can count neither (Wine has no VM_COUNTERS_EX2 and
     * no working-set query of another process), ours answers with _EX, as
     * Windows without _EX2 does */
    if (impl_is_ours() && !below_counts_ex2(process))
    {
        ok(counters.ex2.cb == PMC_EX_SIZE, "cb %lu\n", counters.ex2.cb);
        ok(canary_intact(&counters, PMC_EX_SIZE, sizeof(counters)), "the _EX2 fields were written\n");
        skip("the layer below cannot count the _EX2 counters of this process\n");
        return;
    }
    todo_wine_if(!impl_is_ours())
    ok(counters.ex2.cb == PMC_EX2_SIZE, "cb %lu\n", counters.ex2.cb);
    check_pmc(&counters.pmc);
    todo_wine_if(!impl_is_ours())
    ok(counters.ex2.PrivateUsage == counters.ex2.PagefileUsage, "PrivateUsage %Iu, PagefileUsage %Iu\n",
       counters.ex2.PrivateUsage, counters.ex2.PagefileUsage);
    /* the test's own stack and heap are resident and private */
    if (self)
        todo_wine_if(!impl_is_ours())
        ok(counters.ex2.PrivateWorkingSetSize && counters.ex2.PrivateWorkingSetSize != CANARY_SIZE_T,
           "PrivateWorkingSetSize %Iu\n", counters.ex2.PrivateWorkingSetSize);
    todo_wine_if(!impl_is_ours())
    ok(counters.ex2.PrivateWorkingSetSize <= counters.ex2.WorkingSetSize,
       "PrivateWorkingSetSize %Iu, WorkingSetSize %Iu\n",
       counters.ex2.PrivateWorkingSetSize, counters.ex2.WorkingSetSize);
    /* shared commit: committed shared memory; written and within any address space */
    todo_wine_if(!impl_is_ours())
    ok(counters.ex2.SharedCommitUsage != CANARY_ULONG64 && counters.ex2.SharedCommitUsage < ((ULONG64)1 << 48),
       "SharedCommitUsage %s\n", wine_dbgstr_longlong(counters.ex2.SharedCommitUsage));
}

/* cb larger than a structure: the largest variant that fits, nothing past it */
static void test_large_sizes(void)
{
    static const struct
    {
        DWORD cb;
        DWORD variant;
    }
    tests[] =
    {
        { PMC_SIZE + 1, PMC_SIZE },
        { PMC_EX_SIZE - 1, PMC_SIZE },
        { PMC_EX_SIZE + 1, PMC_EX_SIZE },
        { PMC_EX2_SIZE - 1, PMC_EX_SIZE },
        { PMC_EX2_SIZE + 1, PMC_EX2_SIZE },
        { sizeof(union counters), PMC_EX2_SIZE },
    };
    union counters counters;
    unsigned int i;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("cb %lu", tests[i].cb);
        ret = get_counters(GetCurrentProcess(), &counters, tests[i].cb);
        ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
        ok(canary_intact(&counters, tests[i].cb, sizeof(counters)), "GetProcessMemoryInfo wrote past cb\n");
        /* Windows without PROCESS_MEMORY_COUNTERS_EX2 fills PROCESS_MEMORY_COUNTERS_EX */
        todo_wine_if(!impl_is_ours() && tests[i].variant != PMC_SIZE)
        ok(counters.pmc.cb == tests[i].variant
           || broken(!impl_is_ours() && tests[i].variant == PMC_EX2_SIZE && counters.pmc.cb == PMC_EX_SIZE),
           "cb %lu, expected %lu\n", counters.pmc.cb, tests[i].variant);
        ok(canary_intact(&counters, tests[i].variant, sizeof(counters)),
           "GetProcessMemoryInfo wrote past the %lu-byte structure\n", tests[i].variant);
        if (ret) check_pmc(&counters.pmc);
        winetest_pop_context();
    }
}

/* Successive calls with each variant: the common part agrees, peaks and
 * fault counts never go down. */
static void test_consistency(void)
{
    union counters pmc, ex, ex2, again;
    BOOL ret;

    ret = get_counters(GetCurrentProcess(), &pmc, PMC_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ret = get_counters(GetCurrentProcess(), &ex, PMC_EX_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ret = get_counters(GetCurrentProcess(), &ex2, PMC_EX2_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ret = get_counters(GetCurrentProcess(), &again, PMC_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());

    ok(pmc.pmc.PageFaultCount <= ex.pmc.PageFaultCount && ex.pmc.PageFaultCount <= ex2.pmc.PageFaultCount
       && ex2.pmc.PageFaultCount <= again.pmc.PageFaultCount,
       "PageFaultCount went down: %lu, %lu, %lu, %lu\n", pmc.pmc.PageFaultCount,
       ex.pmc.PageFaultCount, ex2.pmc.PageFaultCount, again.pmc.PageFaultCount);
    ok(pmc.pmc.PeakWorkingSetSize <= ex.pmc.PeakWorkingSetSize
       && ex.pmc.PeakWorkingSetSize <= ex2.pmc.PeakWorkingSetSize
       && ex2.pmc.PeakWorkingSetSize <= again.pmc.PeakWorkingSetSize,
       "PeakWorkingSetSize went down: %Iu, %Iu, %Iu, %Iu\n", pmc.pmc.PeakWorkingSetSize,
       ex.pmc.PeakWorkingSetSize, ex2.pmc.PeakWorkingSetSize, again.pmc.PeakWorkingSetSize);
    ok(pmc.pmc.PeakPagefileUsage <= ex.pmc.PeakPagefileUsage
       && ex.pmc.PeakPagefileUsage <= ex2.pmc.PeakPagefileUsage
       && ex2.pmc.PeakPagefileUsage <= again.pmc.PeakPagefileUsage,
       "PeakPagefileUsage went down: %Iu, %Iu, %Iu, %Iu\n", pmc.pmc.PeakPagefileUsage,
       ex.pmc.PeakPagefileUsage, ex2.pmc.PeakPagefileUsage, again.pmc.PeakPagefileUsage);
    /* the test does not allocate between the calls: the commit charge
     * stays within a few pages */
    ok(ex.pmc.PagefileUsage <= again.pmc.PagefileUsage + 0x100000
       && again.pmc.PagefileUsage <= ex.pmc.PagefileUsage + 0x100000,
       "PagefileUsage %Iu, then %Iu\n", ex.pmc.PagefileUsage, again.pmc.PagefileUsage);
}

/* The commit charge follows the process's private memory. */
static void test_commit_charge(void)
{
    static const SIZE_T size = 16 * 1024 * 1024;
    union counters before, after;
    void *mem;
    BOOL ret;

    ret = get_counters(GetCurrentProcess(), &before, PMC_EX_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    mem = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(mem != NULL, "VirtualAlloc failed: %lu\n", GetLastError());
    if (!mem) return;
    memset(mem, 1, size);
    ret = get_counters(GetCurrentProcess(), &after, PMC_EX_SIZE);
    ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
    ok(after.pmc.PagefileUsage >= before.pmc.PagefileUsage + size / 2 || broken(!impl_is_ours() && !after.pmc.PagefileUsage),
       "PagefileUsage %Iu, then %Iu after committing %Iu bytes\n",
       before.pmc.PagefileUsage, after.pmc.PagefileUsage, size);
    todo_wine_if(!impl_is_ours())
    ok(after.ex.PrivateUsage != CANARY_SIZE_T && before.ex.PrivateUsage != CANARY_SIZE_T
       && after.ex.PrivateUsage >= before.ex.PrivateUsage + size / 2,
       "PrivateUsage %Iu, then %Iu after committing %Iu bytes\n",
       before.ex.PrivateUsage, after.ex.PrivateUsage, size);
    ok(after.pmc.WorkingSetSize >= size / 2, "WorkingSetSize %Iu after touching %Iu bytes\n",
       after.pmc.WorkingSetSize, size);
    VirtualFree(mem, 0, MEM_RELEASE);
}

static void test_variants(HANDLE process, BOOL self)
{
    test_PROCESS_MEMORY_COUNTERS(process);
    test_PROCESS_MEMORY_COUNTERS_EX(process);
    test_PROCESS_MEMORY_COUNTERS_EX2(process, self);
}

/* PROCESS_QUERY_INFORMATION or PROCESS_QUERY_LIMITED_INFORMATION is enough */
static void test_access_rights(DWORD pid, const char *name)
{
    static const DWORD granted[] =
    {
        PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ,
        PROCESS_QUERY_LIMITED_INFORMATION,
        PROCESS_QUERY_INFORMATION,
        PROCESS_QUERY_INFORMATION | PROCESS_VM_READ,
    };
    static const DWORD denied[] = { PROCESS_TERMINATE, SYNCHRONIZE, PROCESS_VM_READ, PROCESS_DUP_HANDLE };
    union counters counters;
    unsigned int i;
    HANDLE process;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(granted); i++)
    {
        winetest_push_context("%s, access %#lx", name, granted[i]);
        process = OpenProcess(granted[i], FALSE, pid);
        ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
        if (process)
        {
            ret = get_counters(process, &counters, PMC_SIZE);
            ok(ret, "GetProcessMemoryInfo failed: %lu\n", GetLastError());
            ok(counters.pmc.cb == PMC_SIZE, "cb %lu\n", counters.pmc.cb);
            if (ret) check_pmc(&counters.pmc);
            CloseHandle(process);
        }
        winetest_pop_context();
    }

    for (i = 0; i < ARRAY_SIZE(denied); i++)
    {
        winetest_push_context("%s, access %#lx", name, denied[i]);
        process = OpenProcess(denied[i], FALSE, pid);
        ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
        if (process)
        {
            ret = get_counters(process, &counters, PMC_SIZE);
            ok(!ret, "GetProcessMemoryInfo succeeded\n");
            ok(GetLastError() == ERROR_ACCESS_DENIED, "got error %lu\n", GetLastError());
            ok(canary_intact(&counters, 0, sizeof(counters)), "GetProcessMemoryInfo wrote to the buffer\n");
            CloseHandle(process);
        }
        winetest_pop_context();
    }
}

static void test_bad_handles(void)
{
    union counters counters;
    HANDLE handle;
    unsigned int i;
    BOOL ret;

    for (i = 0; i < 4; i++)
    {
        switch (i)
        {
        case 0:
            handle = (HANDLE)0xdeadbeef;
            break;
        case 1:
            handle = NULL;
            break;
        case 2:
            /* nothing opens a handle between the close and the call */
            handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());
            ok(handle != NULL, "OpenProcess failed: %lu\n", GetLastError());
            CloseHandle(handle);
            break;
        default:
            /* a handle of the wrong type */
            handle = CreateEventA(NULL, FALSE, FALSE, NULL);
            ok(handle != NULL, "CreateEvent failed: %lu\n", GetLastError());
            break;
        }
        winetest_push_context("handle %p (%s)", handle,
                              i == 0 ? "invalid" : i == 1 ? "NULL" : i == 2 ? "closed" : "event");
        ret = get_counters(handle, &counters, PMC_SIZE);
        ok(!ret, "GetProcessMemoryInfo succeeded\n");
        ok(GetLastError() == ERROR_INVALID_HANDLE, "got error %lu\n", GetLastError());
        ok(canary_intact(&counters, 0, sizeof(counters)), "GetProcessMemoryInfo wrote to the buffer\n");
        winetest_pop_context();
        if (i == 3) CloseHandle(handle);
    }
}

static void test_null_buffer(void)
{
    BOOL ret;

    /* Undocumented: Wine's builtin faults on a NULL buffer with a valid cb
     * and Windows may as well; ours must fail cleanly. Only run for ours. */
    if (!impl_is_ours()) return;

    SetLastError(0xdeadbeef);
    ret = pGetProcessMemoryInfo(GetCurrentProcess(), NULL, PMC_SIZE);
    ok(!ret, "GetProcessMemoryInfo succeeded\n");
    ok(GetLastError() == ERROR_NOACCESS, "got error %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    ret = pGetProcessMemoryInfo(GetCurrentProcess(), NULL, PMC_EX2_SIZE);
    ok(!ret, "GetProcessMemoryInfo succeeded\n");
    ok(GetLastError() == ERROR_NOACCESS, "got error %lu\n", GetLastError());

    /* a cb too small is reported first */
    SetLastError(0xdeadbeef);
    ret = pGetProcessMemoryInfo(GetCurrentProcess(), NULL, 0);
    ok(!ret, "GetProcessMemoryInfo succeeded\n");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "got error %lu\n", GetLastError());
}

START_TEST(memory)
{
    struct child child;
    HANDLE process;
    char **argv;
    int argc;

    argc = winetest_get_mainargs(&argv);
    if (argc >= 5 && !strcmp(argv[2], "sleep"))
    {
        child_sleep(argv);
        return;
    }

    init_functions();
    if (!pGetProcessMemoryInfo)
    {
        win_skip("GetProcessMemoryInfo is not available (%s)\n", impl_name());
        return;
    }
    trace("testing %s\n", impl_name());

    test_small_sizes();
    winetest_push_context("current process");
    test_variants(GetCurrentProcess(), TRUE);
    winetest_pop_context();
    test_large_sizes();
    test_consistency();
    test_commit_charge();

    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
    winetest_push_context("current process, opened");
    test_variants(process, TRUE);
    winetest_pop_context();
    CloseHandle(process);
    test_access_rights(GetCurrentProcessId(), "current process");

    if (start_child(&child, "memory"))
    {
        winetest_push_context("child process");
        test_variants(child.pi.hProcess, FALSE);
        winetest_pop_context();
        process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE,
                              child.pi.dwProcessId);
        ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
        winetest_push_context("child process, opened");
        test_variants(process, FALSE);
        winetest_pop_context();
        CloseHandle(process);
        test_access_rights(child.pi.dwProcessId, "child process");
        stop_child(&child);
    }

    test_bad_handles();
    test_null_buffer();
}
