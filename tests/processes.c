/*
 * Conformance tests for EnumProcesses: the list, its truncation rules
 * and argument checking.
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

static BOOL (WINAPI *pEnumProcesses)(DWORD *, DWORD, DWORD *);

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define CANARY 0xa5
#define CANARY_DWORD 0xa5a5a5a5

static void init_functions(void)
{
    IMPL_PSAPI(EnumProcesses);
}

/* TRUE when the bytes from offset to size all still hold the canary */
static BOOL canary_intact(const void *buf, SIZE_T offset, SIZE_T size)
{
    const BYTE *bytes = buf;

    for (; offset < size; offset++) if (bytes[offset] != CANARY) return FALSE;
    return TRUE;
}

/* The whole list: grows the buffer until EnumProcesses leaves room to spare,
 * as the documentation advises. Returns a HeapAlloc'ed array. */
static DWORD *get_process_list(DWORD *count)
{
    DWORD size = 64 * sizeof(DWORD), needed;
    DWORD *ids = NULL;
    BOOL ret;

    for (;;)
    {
        HeapFree(GetProcessHeap(), 0, ids);
        ids = HeapAlloc(GetProcessHeap(), 0, size + 16);
        memset(ids, CANARY, size + 16);
        needed = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ret = pEnumProcesses(ids, size, &needed);
        ok(ret, "EnumProcesses failed: %lu\n", GetLastError());
        if (!ret) break;
        ok(needed <= size, "needed %lu, cb %lu\n", needed, size);
        ok(!(needed % sizeof(DWORD)), "needed %lu is not a multiple of %u\n", needed, (int)sizeof(DWORD));
        ok(canary_intact(ids, size, size + 16), "EnumProcesses wrote past cb %lu\n", size);
        if (needed < size) break;
        if (size >= 0x1000000)
        {
            ok(0, "EnumProcesses keeps filling a %lu-byte buffer\n", size);
            break;
        }
        size *= 2;
    }
    *count = ret ? needed / sizeof(DWORD) : 0;
    return ids;
}

static BOOL list_has(const DWORD *ids, DWORD count, DWORD id)
{
    DWORD i;

    for (i = 0; i < count; i++) if (ids[i] == id) return TRUE;
    return FALSE;
}

static void test_EnumProcesses(DWORD child_pid)
{
    DWORD *ids, count, i, j, duplicates = 0;

    ids = get_process_list(&count);
    ok(count >= 2, "got %lu processes\n", count);
    ok(list_has(ids, count, GetCurrentProcessId()), "current process %04lx not in the list\n",
       GetCurrentProcessId());
    if (child_pid) ok(list_has(ids, count, child_pid), "child process %04lx not in the list\n", child_pid);
    for (i = 0; i < count; i++)
        for (j = i + 1; j < count; j++)
            if (ids[i] == ids[j] && !duplicates++) ok(0, "process id %04lx listed twice\n", ids[i]);
    ok(!duplicates, "%lu duplicate process ids\n", duplicates);
    HeapFree(GetProcessHeap(), 0, ids);
}

/* A buffer too small for the list is filled with what fits and needed is
 * exactly the bytes written, so needed == cb. */
static void test_truncation(void)
{
    DWORD ids[16], *all, count = 0, needed = 0, n, attempt;
    BOOL ret;

    /* this process and the child exist: at least two entries are always there */
    for (n = 1; n <= 2; n++)
    {
        winetest_push_context("%lu entries", n);
        memset(ids, CANARY, sizeof(ids));
        needed = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ret = pEnumProcesses(ids, n * sizeof(DWORD), &needed);
        ok(ret, "EnumProcesses failed: %lu\n", GetLastError());
        ok(needed == n * sizeof(DWORD), "needed %lu\n", needed);
        ok(ids[n - 1] != CANARY_DWORD, "entry %lu not written\n", n - 1);
        ok(canary_intact(ids, n * sizeof(DWORD), sizeof(ids)), "EnumProcesses wrote past cb\n");
        winetest_pop_context();
    }

    /* one entry short of the whole list; processes may come and go, so retry */
    for (attempt = 0; attempt < 5; attempt++)
    {
        DWORD *buf, cb;

        all = get_process_list(&count);
        HeapFree(GetProcessHeap(), 0, all);
        if (count < 2) break;
        cb = (count - 1) * sizeof(DWORD);
        buf = HeapAlloc(GetProcessHeap(), 0, cb + 16);
        memset(buf, CANARY, cb + 16);
        needed = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ret = pEnumProcesses(buf, cb, &needed);
        ok(ret, "EnumProcesses failed: %lu\n", GetLastError());
        ok(canary_intact(buf, cb, cb + 16), "EnumProcesses wrote past cb %lu\n", cb);
        HeapFree(GetProcessHeap(), 0, buf);
        if (needed == cb) break;
        trace("attempt %lu: needed %lu, cb %lu: the process list changed\n", attempt, needed, cb);
    }
    ok(needed == (count - 1) * sizeof(DWORD), "list of %lu minus one: needed %lu\n", count, needed);
}

/* cb not a multiple of sizeof(DWORD): floor(cb / 4) entries, nothing past them */
static void test_odd_sizes(void)
{
    static const DWORD sizes[] = { 1, 2, 3, 5, 6, 7, 9, 10, 11 };
    DWORD ids[8], needed, entries, i;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        winetest_push_context("cb %lu", sizes[i]);
        entries = sizes[i] / sizeof(DWORD);
        memset(ids, CANARY, sizeof(ids));
        needed = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ret = pEnumProcesses(ids, sizes[i], &needed);
        ok(ret, "EnumProcesses failed: %lu\n", GetLastError());
        ok(needed == entries * sizeof(DWORD), "needed %lu\n", needed);
        if (entries) ok(ids[entries - 1] != CANARY_DWORD, "entry %lu not written\n", entries - 1);
        ok(canary_intact(ids, entries * sizeof(DWORD), sizeof(ids)),
           "EnumProcesses wrote past the %lu entries that fit\n", entries);
        winetest_pop_context();
    }
}

static void test_bad_arguments(void)
{
    DWORD ids[8], needed;
    BOOL ret;

    /* cb 0: nothing fits, nothing is written */
    memset(ids, CANARY, sizeof(ids));
    needed = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = pEnumProcesses(ids, 0, &needed);
    ok(ret, "EnumProcesses failed: %lu\n", GetLastError());
    ok(!needed, "needed %lu\n", needed);
    ok(canary_intact(ids, 0, sizeof(ids)), "EnumProcesses wrote to a 0-byte buffer\n");

    /* no array and cb 0: no room, so nothing to write to */
    needed = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = pEnumProcesses(NULL, 0, &needed);
    ok(ret, "EnumProcesses failed: %lu\n", GetLastError());
    ok(!needed, "needed %lu\n", needed);

    /* Undocumented: a NULL array with room in cb, or a NULL lpcbNeeded.
     * The platform writes through them (Wine's builtin faults); ours fails
     * cleanly where the platform faults: the array is written first, then
     * lpcbNeeded (as EnumProcessModules does on Windows), so with a NULL
     * lpcbNeeded the array already holds the list. Only run for ours. */
    if (!impl_is_ours()) return;

    needed = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = pEnumProcesses(NULL, sizeof(ids), &needed);
    ok(!ret, "EnumProcesses succeeded\n");
    ok(GetLastError() == ERROR_NOACCESS, "got error %lu\n", GetLastError());

    memset(ids, CANARY, sizeof(ids));
    SetLastError(0xdeadbeef);
    ret = pEnumProcesses(ids, sizeof(ids), NULL);
    ok(!ret, "EnumProcesses succeeded\n");
    ok(GetLastError() == ERROR_NOACCESS, "got error %lu\n", GetLastError());
    ok(ids[0] != CANARY_DWORD, "the array was not written before lpcbNeeded\n");

    SetLastError(0xdeadbeef);
    ret = pEnumProcesses(NULL, 0, NULL);
    ok(!ret, "EnumProcesses succeeded\n");
    ok(GetLastError() == ERROR_NOACCESS, "got error %lu\n", GetLastError());
}

START_TEST(processes)
{
    struct child child;
    char **argv;
    int argc;

    argc = winetest_get_mainargs(&argv);
    if (argc >= 5 && !strcmp(argv[2], "sleep"))
    {
        child_sleep(argv);
        return;
    }

    init_functions();
    if (!pEnumProcesses)
    {
        win_skip("EnumProcesses is not available (%s)\n", impl_name());
        return;
    }
    trace("testing %s\n", impl_name());

    if (!start_child(&child, "processes")) return;
    test_EnumProcesses(child.pi.dwProcessId);
    test_truncation();
    test_odd_sizes();
    test_bad_arguments();
    stop_child(&child);
}
