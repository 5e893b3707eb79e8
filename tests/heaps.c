/*
 * Conformance tests of the Toolhelp32 heap functions (Heap32ListFirst/Next,
 * Heap32First/Next) and Toolhelp32ReadProcessMemory, on the calling process.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <windows.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32First)(HEAPENTRY32 *, DWORD, ULONG_PTR);
static BOOL (WINAPI *pHeap32Next)(HEAPENTRY32 *);
static BOOL (WINAPI *pToolhelp32ReadProcessMemory)(DWORD, const void *, void *, SIZE_T, SIZE_T *);

/* The Wine builtin has no heap walk at all: its Heap32ListFirst fails with
 * ERROR_CALL_NOT_IMPLEMENTED and its Heap32First aborts the process. */
static BOOL heap_walk_missing(BOOL ret)
{
    return !ret && !impl_is_ours() && GetLastError() == ERROR_CALL_NOT_IMPLEMENTED;
}

static BOOL builtin_without_heap32first(void)
{
    return !impl_is_ours() && winetest_platform_is_wine;
}

static void test_heap_list(void)
{
    HANDLE heaps[64], mine[3], snap, extra, later, gone;
    HEAPLIST32 hl;
    DWORD count, listed = 0, defaults = 0, mine_listed = 0, i;
    BOOL found_gone = FALSE;
    BOOL ret, found_default = FALSE, found_extra = FALSE, found_later;

    extra = HeapCreate(0, 0, 0);
    for (i = 0; i < ARRAY_SIZE(mine); i++) mine[i] = HeapCreate(0, 0, 0);
    gone = HeapCreate(0, 0, 0);
    HeapDestroy(gone);
    count = GetProcessHeaps(ARRAY_SIZE(heaps), heaps);
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, 0);
    todo_wine_if(!impl_is_ours())
    ok(snap != INVALID_HANDLE_VALUE, "snapshot failed: %lu\n", GetLastError());
    if (snap == INVALID_HANDLE_VALUE)
    {
        HeapDestroy(extra);
        for (i = 0; i < ARRAY_SIZE(mine); i++) HeapDestroy(mine[i]);
        return;
    }

    hl.dwSize = sizeof(hl);
    ret = pHeap32ListFirst(snap, &hl);
    if (heap_walk_missing(ret))
    {
        todo_wine ok(0, "Heap32ListFirst is not implemented\n");
        CloseHandle(snap);
        HeapDestroy(extra);
        for (i = 0; i < ARRAY_SIZE(mine); i++) HeapDestroy(mine[i]);
        return;
    }
    ok(ret, "Heap32ListFirst failed: %lu\n", GetLastError());
    for (; ret; ret = pHeap32ListNext(snap, &hl))
    {
        listed++;
        ok(hl.th32ProcessID == GetCurrentProcessId(), "pid %#lx\n", hl.th32ProcessID);
        if (hl.dwFlags & HF32_DEFAULT)
        {
            defaults++;
            found_default = (HANDLE)hl.th32HeapID == GetProcessHeap();
        }
        if ((HANDLE)hl.th32HeapID == extra) found_extra = TRUE;
        if ((HANDLE)hl.th32HeapID == gone) found_gone = TRUE;
        for (i = 0; i < ARRAY_SIZE(mine); i++) if ((HANDLE)hl.th32HeapID == mine[i]) mine_listed++;
        for (i = 0; i < count; i++) if ((HANDLE)hl.th32HeapID == heaps[i]) break;
        ok(i < count, "heap %Ix is not one of GetProcessHeaps'\n", hl.th32HeapID);
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "walk ended with %lu\n", GetLastError());
    ok(listed == count, "%lu heaps listed, GetProcessHeaps has %lu\n", listed, count);
    ok(defaults == 1 && found_default, "HF32_DEFAULT on %lu heaps, on the process heap: %d\n", defaults, found_default);
    ok(found_extra, "a heap created before the snapshot is missing\n");
    /* the test's own heaps, known without asking the heap manager */
    ok(mine_listed == ARRAY_SIZE(mine), "%lu of the 3 heaps created are listed\n", mine_listed);
    ok(!found_gone, "a destroyed heap is listed\n");

    /* a heap created later does not show */
    later = HeapCreate(0, 0, 0);
    found_later = FALSE;
    for (ret = pHeap32ListFirst(snap, &hl); ret; ret = pHeap32ListNext(snap, &hl))
        if ((HANDLE)hl.th32HeapID == later) found_later = TRUE;
    ok(!found_later, "a later heap is in the snapshot\n");
    HeapDestroy(later);

    /* dwSize is set to the bytes written, never more than the caller's value */
    {
        struct { HEAPLIST32 hl; BYTE canary[32]; } big;
        size_t written;

        memset(&big, 0xcc, sizeof(big));
        big.hl.dwSize = sizeof(big);
        ret = pHeap32ListFirst(snap, &big.hl);
        ok(ret, "larger dwSize refused: %lu\n", GetLastError());
        ok(big.hl.dwSize >= sizeof(big.hl) && big.hl.dwSize <= sizeof(big), "dwSize %Iu\n", (SIZE_T)big.hl.dwSize);
        written = big.hl.dwSize < sizeof(big) ? big.hl.dwSize : sizeof(big);
        for (i = written; i < sizeof(big); i++) if (((BYTE *)&big)[i] != 0xcc) break;
        ok(i == sizeof(big), "byte %lu past dwSize was written\n", i);
    }

    hl.dwSize = sizeof(hl) - 1;
    SetLastError(0xdeadbeef);
    ret = pHeap32ListFirst(snap, &hl);
    ok(!ret && GetLastError() == ERROR_BAD_LENGTH, "small dwSize: %d %lu\n", ret, GetLastError());
    CloseHandle(snap);
    HeapDestroy(extra);
    for (i = 0; i < ARRAY_SIZE(mine); i++) HeapDestroy(mine[i]);
}

static void test_heap_walk(void)
{
    enum { BLOCKS = 300 };
    HANDLE heap = HeapCreate(0, 0, 0);
    void *blocks[BLOCKS];
    PROCESS_HEAP_ENTRY walk;
    HEAPENTRY32 he;
    DWORD walk_busy = 0, th_fixed = 0, th_free = 0, found = 0, out_of_order = 0, overlaps = 0, freed_fixed = 0;
    ULONG_PTR last = 0, last_end = 0;
    void *freed[BLOCKS];
    BOOL ret;
    int i;

    for (i = 0; i < BLOCKS; i++) blocks[i] = HeapAlloc(heap, 0, 16 + i);
    memset(freed, 0, sizeof(freed));
    for (i = 0; i < BLOCKS; i += 3) HeapFree(heap, 0, blocks[i]), freed[i] = blocks[i], blocks[i] = NULL;
    walk.lpData = NULL;
    while (HeapWalk(heap, &walk)) if (walk.wFlags & PROCESS_HEAP_ENTRY_BUSY) walk_busy++;

    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    if (builtin_without_heap32first())
    {
        todo_wine ok(0, "Heap32First is not implemented\n");
        HeapDestroy(heap);
        return;
    }
    ret = pHeap32First(&he, GetCurrentProcessId(), (ULONG_PTR)heap);
    if (heap_walk_missing(ret))
    {
        todo_wine ok(0, "Heap32First is not implemented\n");
        HeapDestroy(heap);
        return;
    }
    ok(ret, "Heap32First failed: %lu\n", GetLastError());
    for (; ret; ret = pHeap32Next(&he))
    {
        ok(he.th32ProcessID == GetCurrentProcessId() && he.th32HeapID == (ULONG_PTR)heap,
           "entry of %#lx/%Ix\n", he.th32ProcessID, he.th32HeapID);
        if (he.dwFlags == LF32_FIXED) th_fixed++;
        else if (he.dwFlags == LF32_FREE) th_free++;
        if (he.dwAddress <= last) out_of_order++;
        /* no two entries share a byte: a size too large shows here */
        if (he.dwAddress < last_end) overlaps++;
        last = he.dwAddress;
        last_end = he.dwAddress + he.dwBlockSize;
        for (i = 0; i < BLOCKS; i++)
        {
            if (blocks[i] && (ULONG_PTR)blocks[i] == he.dwAddress)
            {
                found++;
                ok(he.dwBlockSize >= (SIZE_T)(16 + i) && he.dwFlags == LF32_FIXED,
                   "block %d: size %Iu flags %#lx\n", i, he.dwBlockSize, he.dwFlags);
            }
            /* a block the test freed is no longer in use */
            if (freed[i] && (ULONG_PTR)freed[i] == he.dwAddress && he.dwFlags == LF32_FIXED) freed_fixed++;
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "walk ended with %lu\n", GetLastError());
    ok(found == BLOCKS - (BLOCKS + 2) / 3, "found %lu of our blocks\n", found);
    ok(th_fixed == walk_busy, "%lu fixed blocks, HeapWalk saw %lu busy\n", th_fixed, walk_busy);
    ok(!out_of_order, "%lu entries out of address order\n", out_of_order);
    ok(!overlaps, "%lu entries overlap the one before\n", overlaps);
    ok(!freed_fixed, "%lu freed blocks are listed as in use\n", freed_fixed);

    /* Heap32Next past the end keeps failing */
    SetLastError(0xdeadbeef);
    ret = pHeap32Next(&he);
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "past the end: %d %lu\n", ret, GetLastError());

    /* two interleaved walks of different heaps each go their own way */
    {
        HEAPENTRY32 a = {sizeof(a)}, b = {sizeof(b)};
        DWORD na = 0, nb = 0;
        BOOL ra = pHeap32First(&a, GetCurrentProcessId(), (ULONG_PTR)heap);
        BOOL rb = pHeap32First(&b, GetCurrentProcessId(), (ULONG_PTR)GetProcessHeap());

        while (ra || rb)
        {
            if (ra) { na++; ra = pHeap32Next(&a); ok(ra || GetLastError() == ERROR_NO_MORE_FILES, "a: %lu\n", GetLastError()); }
            if (rb) { nb++; rb = pHeap32Next(&b); ok(rb || GetLastError() == ERROR_NO_MORE_FILES, "b: %lu\n", GetLastError()); }
            if (na > 100000 || nb > 100000) break;
        }
        ok(na == th_fixed + th_free, "interleaved walk saw %lu entries, alone %lu\n", na, th_fixed + th_free);
        ok(nb > 0, "no entries in the process heap\n");
    }

    /* bad input */
    he.dwSize = sizeof(he) - 1;
    SetLastError(0xdeadbeef);
    ret = pHeap32First(&he, GetCurrentProcessId(), (ULONG_PTR)heap);
    ok(!ret && GetLastError() == ERROR_BAD_LENGTH, "small dwSize: %d %lu\n", ret, GetLastError());
    he.dwSize = sizeof(he);
    SetLastError(0xdeadbeef);
    ret = pHeap32First(&he, GetCurrentProcessId(), (ULONG_PTR)blocks[1]);
    /* "ERROR_NO_MORE_FILES ... if the heap is invalid or empty" (nf-tlhelp32-heap32first) */
    ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "a block address walked as a heap: %d %lu\n",
       ret, GetLastError());
    HeapDestroy(heap);
}

static void test_read_memory(void)
{
    static const char data[] = "toolhelp read";
    char buffer[64], *page;
    SIZE_T done;
    BOOL ret;

    done = 0xdead;
    memset(buffer, 0, sizeof(buffer));
    ret = pToolhelp32ReadProcessMemory(0, data, buffer, sizeof(data), &done);
    ok(ret, "read of pid 0 failed: %lu\n", GetLastError());
    ok(done == sizeof(data) && !strcmp(buffer, data), "read %Iu bytes: %s\n", done, buffer);

    memset(buffer, 0, sizeof(buffer));
    ret = pToolhelp32ReadProcessMemory(GetCurrentProcessId(), data, buffer, sizeof(data), NULL);
    ok(ret && !strcmp(buffer, data), "read of our pid failed: %lu\n", GetLastError());

    /* a read running into an unreadable page reports what it copied */
    page = VirtualAlloc(NULL, 0x2000, MEM_RESERVE, PAGE_NOACCESS);
    VirtualAlloc(page, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    memcpy(page + 0x1000 - 4, "abcd", 4);
    done = 0xdead;
    SetLastError(0xdeadbeef);
    ret = pToolhelp32ReadProcessMemory(0, page + 0x1000 - 4, buffer, 8, &done);
    /* the Wine builtin copies from the reserved page too */
    todo_wine_if(!impl_is_ours()) ok(!ret, "a read past the committed page succeeded\n");
    todo_wine_if(!impl_is_ours())
    ok(GetLastError() == ERROR_PARTIAL_COPY || GetLastError() == ERROR_NOACCESS, "error %lu\n", GetLastError());
    todo_wine_if(!impl_is_ours()) ok(done == 4 || broken(!impl_is_ours() && done == 0), "partial read reported %Iu bytes\n", done);
    VirtualFree(page, 0, MEM_RELEASE);

    SetLastError(0xdeadbeef);
    ret = pToolhelp32ReadProcessMemory(0xdeadbee0, data, buffer, 4, &done);
    /* OpenProcess of a pid that does not exist */
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "a pid that does not exist was read: %d %lu\n",
       ret, GetLastError());
}

/* What the child tells the parent, through an inherited mapping. */
struct child_heap
{
    ULONG_PTR heap;
    ULONG_PTR blocks[8];
    DWORD     busy;         /* busy entries HeapWalk saw in the child */
};

static void child_main(HANDLE mapping, HANDLE ready, HANDLE done)
{
    struct child_heap *info = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    PROCESS_HEAP_ENTRY walk;
    HANDLE heap = HeapCreate(0, 0, 0);
    int i;

    for (i = 0; i < 8; i++)
    {
        info->blocks[i] = (ULONG_PTR)HeapAlloc(heap, 0, 100 * (i + 1));
        /* what the parent reads back with Toolhelp32ReadProcessMemory */
        memset((void *)info->blocks[i], 'a' + i, 100 * (i + 1));
    }
    walk.lpData = NULL;
    while (HeapWalk(heap, &walk)) if (walk.wFlags & PROCESS_HEAP_ENTRY_BUSY) info->busy++;
    info->heap = (ULONG_PTR)heap;
    SetEvent(ready);
    WaitForSingleObject(done, 30000);
}

static void test_other_process(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    HANDLE mapping, ready, done, snap;
    PROCESS_INFORMATION pi;
    STARTUPINFOA si = {sizeof(si)};
    struct child_heap *info;
    char cmd[MAX_PATH * 2], exe[MAX_PATH];
    HEAPLIST32 hl;
    HEAPENTRY32 he;
    DWORD heaps = 0, defaults = 0, fixed = 0, found = 0;
    BOOL ret, listed = FALSE;
    int i;

    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, &sa, PAGE_READWRITE, 0, sizeof(*info), NULL);
    ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    done = CreateEventA(&sa, TRUE, FALSE, NULL);
    info = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" heaps child %p %p %p", exe, mapping, ready, done);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(ret, "CreateProcess failed: %lu\n", GetLastError());
    if (!ret) return;
    ok(!WaitForSingleObject(ready, 30000), "the child did not get ready\n");

    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, pi.dwProcessId);
    todo_wine_if(!impl_is_ours())
    ok(snap != INVALID_HANDLE_VALUE, "heap list snapshot of the child failed: %lu\n", GetLastError());
    if (snap != INVALID_HANDLE_VALUE)
    {
        hl.dwSize = sizeof(hl);
        for (ret = pHeap32ListFirst(snap, &hl); ret; ret = pHeap32ListNext(snap, &hl))
        {
            heaps++;
            ok(hl.th32ProcessID == pi.dwProcessId, "pid %#lx, expected the child's %#lx\n",
               hl.th32ProcessID, pi.dwProcessId);
            if (hl.dwFlags & HF32_DEFAULT) defaults++;
            if (hl.th32HeapID == info->heap) listed = TRUE;
        }
        ok(heaps >= 2, "%lu heaps listed\n", heaps);
        ok(defaults == 1, "HF32_DEFAULT on %lu heaps\n", defaults);
        ok(listed, "the child's heap is not listed\n");
        CloseHandle(snap);
    }

    if (builtin_without_heap32first())
        todo_wine ok(0, "Heap32First is not implemented\n");
    else
    {
        memset(&he, 0, sizeof(he));
        he.dwSize = sizeof(he);
        for (ret = pHeap32First(&he, pi.dwProcessId, info->heap); ret; ret = pHeap32Next(&he))
        {
            ok(he.th32ProcessID == pi.dwProcessId && he.th32HeapID == info->heap, "entry of %#lx/%Ix\n",
               he.th32ProcessID, he.th32HeapID);
            if (he.dwFlags == LF32_FIXED) fixed++;
            for (i = 0; i < 8; i++)
                if (he.dwAddress == info->blocks[i])
                {
                    found++;
                    ok(he.dwBlockSize >= (SIZE_T)(100 * (i + 1)), "block %d: size %Iu\n", i, he.dwBlockSize);
                }
        }
        ok(GetLastError() == ERROR_NO_MORE_FILES, "walk ended with %lu\n", GetLastError());
        ok(found == 8, "found %lu of the child's 8 blocks\n", found);
        ok(fixed == info->busy, "%lu fixed blocks, the child's HeapWalk saw %lu\n", fixed, info->busy);

        /* a heap id that is not one of the child's */
        he.dwSize = sizeof(he);
        SetLastError(0xdeadbeef);
        ret = pHeap32First(&he, pi.dwProcessId, info->blocks[0]);
        ok(!ret && GetLastError() == ERROR_NO_MORE_FILES, "a block address walked as a heap of the child: %d %lu\n",
           ret, GetLastError());
    }

    /* Toolhelp32ReadProcessMemory of another process: the bytes the child wrote */
    for (i = 0; i < 8; i += 7)
    {
        char buf[800 + 16];
        SIZE_T size = 100 * (i + 1), read = 0xdead, j, wrong = 0;

        memset(buf, 0, sizeof(buf));
        SetLastError(0xdeadbeef);
        ret = pToolhelp32ReadProcessMemory(pi.dwProcessId, (void *)info->blocks[i], buf, size, &read);
        ok(ret, "reading the child's block %d failed: %lu\n", i, GetLastError());
        ok(read == size, "read %Iu bytes of %Iu\n", read, size);
        for (j = 0; j < size; j++) if (buf[j] != 'a' + i) wrong++;
        ok(!wrong && !buf[size], "block %d: %Iu bytes differ from the child's, or written past\n", i, wrong);
    }

    SetEvent(done);
    wait_child_process(pi.hProcess);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    /* the child is gone */
    if (!builtin_without_heap32first())
    {
        he.dwSize = sizeof(he);
        SetLastError(0xdeadbeef);
        ret = pHeap32First(&he, pi.dwProcessId, info->heap);
        ok(!ret && GetLastError() != 0xdeadbeef, "a heap of an ended process was walked: %d %lu\n",
           ret, GetLastError());
    }
    SetLastError(0xdeadbeef);
    ret = pToolhelp32ReadProcessMemory(pi.dwProcessId, (void *)info->blocks[0], &he, 4, NULL);
    ok(!ret && GetLastError() != 0xdeadbeef, "an ended process was read: %d %lu\n", ret, GetLastError());
    snap = pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, pi.dwProcessId);
    ok(snap == INVALID_HANDLE_VALUE, "heap list snapshot of an ended process succeeded\n");
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
    UnmapViewOfFile(info);
    CloseHandle(mapping);
    CloseHandle(ready);
    CloseHandle(done);
}

/* Heap32Next on a heap that changes during the walk: the documentation
 * promises the next block or, where the heap changed so that the walk
 * cannot go on, ERROR_INVALID_DATA (nf-tlhelp32-heap32next); never a block
 * twice or out of order. Ours records the heap once, at Heap32First: the
 * walk then goes on over that record, blind to the change. */
static void test_heap_changes(void)
{
    enum { BLOCKS = 64 };
    HANDLE heap = HeapCreate(0, 0, 0);
    void *blocks[BLOCKS], *added[BLOCKS];
    HEAPENTRY32 he;
    DWORD entries = 0, before = 0, out_of_order = 0, added_seen = 0, freed_seen = 0;
    ULONG_PTR last = 0;
    BOOL ret;
    int i, j;

    if (builtin_without_heap32first())
    {
        todo_wine ok(0, "Heap32First is not implemented\n");
        HeapDestroy(heap);
        return;
    }
    for (i = 0; i < BLOCKS; i++) blocks[i] = HeapAlloc(heap, 0, 32 + i);
    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    for (ret = pHeap32First(&he, GetCurrentProcessId(), (ULONG_PTR)heap); ret; ret = pHeap32Next(&he))
        before++;

    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    ret = pHeap32First(&he, GetCurrentProcessId(), (ULONG_PTR)heap);
    ok(ret, "Heap32First failed: %lu\n", GetLastError());
    for (; ret; ret = pHeap32Next(&he))
    {
        if (entries++ == 1)
        {
            /* the heap changes under the walk: blocks come and go */
            for (i = 0; i < BLOCKS; i++) added[i] = HeapAlloc(heap, 0, 48);
            for (i = 1; i < BLOCKS; i += 2) HeapFree(heap, 0, blocks[i]);
        }
        if (he.dwAddress <= last) out_of_order++;
        last = he.dwAddress;
        for (j = 0; j < BLOCKS; j++)
        {
            if ((ULONG_PTR)added[j] == he.dwAddress && he.dwFlags == LF32_FIXED && entries > 2) added_seen++;
            if (j % 2 && (ULONG_PTR)blocks[j] == he.dwAddress && he.dwFlags == LF32_FIXED) freed_seen++;
        }
        if (entries > 100000) break;
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES || GetLastError() == ERROR_INVALID_DATA,
       "the walk ended with %lu\n", GetLastError());
    ok(!out_of_order, "%lu entries out of address order\n", out_of_order);
    if (impl_is_ours())
    {
        /* the record taken at Heap32First */
        ok(entries == before, "%lu entries, %lu before the change\n", entries, before);
        ok(!added_seen, "%lu blocks allocated during the walk are listed\n", added_seen);
        ok(freed_seen, "the blocks freed during the walk are gone from the record\n");
    }
    HeapDestroy(heap);
}

START_TEST(heaps)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Heap32ListFirst);
    IMPL_TOOLHELP(Heap32ListNext);
    IMPL_TOOLHELP(Heap32First);
    IMPL_TOOLHELP(Heap32Next);
    IMPL_TOOLHELP(Toolhelp32ReadProcessMemory);
    if (!pHeap32ListFirst || !pHeap32First || !pToolhelp32ReadProcessMemory)
    {
        win_skip("heap functions missing in %s\n", impl_name());
        return;
    }
    if (argc >= 6 && !strcmp(argv[2], "child"))
    {
        HANDLE mapping = NULL, ready = NULL, done = NULL;

        sscanf(argv[3], "%p", &mapping);
        sscanf(argv[4], "%p", &ready);
        sscanf(argv[5], "%p", &done);
        child_main(mapping, ready, done);
        return;
    }
    trace("implementation: %s\n", impl_name());
    test_heap_list();
    test_heap_walk();
    test_heap_changes();
    test_other_process();
    test_read_memory();
}
