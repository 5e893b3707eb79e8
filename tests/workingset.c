/*
 * Conformance tests of the working-set functions: QueryWorkingSet,
 * QueryWorkingSetEx, EmptyWorkingSet, InitializeProcessForWsWatch,
 * GetWsChanges and GetWsChangesEx.
 *
 * Every statement tested is from the Microsoft reference pages of these
 * functions and of PSAPI_WORKING_SET_INFORMATION, PSAPI_WORKING_SET_BLOCK,
 * PSAPI_WORKING_SET_EX_BLOCK and PSAPI_WS_WATCH_INFORMATION(_EX).
 *
 * Where the NT layer below cannot give what a function needs (Wine 8 has no
 * MemoryWorkingSetInformation, answers MemoryWorkingSetExInformation only
 * for the calling process, cannot set ProcessQuotaLimits and has no
 * ProcessWorkingSetWatch(Ex)), `ours` returns the layer's error: the test
 * checks that error against the layer's own status, asked of ntdll
 * directly, and skips the rest of the case.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>

#include "wine/test.h"
#include "impl.h"

#define CANARY 0xa5
#define CANARY_BYTES 64

/* NTSTATUS values (ntstatus.h) and information classes (winternl.h) */
#define NT_STATUS_NOT_IMPLEMENTED   ((LONG)0xc0000002)
#define NT_STATUS_INVALID_INFO_CLASS ((LONG)0xc0000003)
#define NT_STATUS_NOT_SUPPORTED     ((LONG)0xc00000bb)
#define NT_MEMORY_WORKING_SET_INFORMATION    1
#define NT_MEMORY_WORKING_SET_EX_INFORMATION 4
#define NT_PROCESS_QUOTA_LIMITS              1
#define NT_PROCESS_WORKING_SET_WATCH         15
#define NT_PROCESS_WORKING_SET_WATCH_EX      42

static BOOL (WINAPI *pQueryWorkingSet)(HANDLE, void *, DWORD);
static BOOL (WINAPI *pQueryWorkingSetEx)(HANDLE, void *, DWORD);
static BOOL (WINAPI *pEmptyWorkingSet)(HANDLE);
static BOOL (WINAPI *pInitializeProcessForWsWatch)(HANDLE);
static BOOL (WINAPI *pGetWsChanges)(HANDLE, PSAPI_WS_WATCH_INFORMATION *, DWORD);
static BOOL (WINAPI *pGetWsChangesEx)(HANDLE, PSAPI_WS_WATCH_INFORMATION_EX *, DWORD *);

/* ntdll, asked directly to tell what the layer below can do */
static LONG (WINAPI *pNtQueryVirtualMemory)(HANDLE, const void *, ULONG, void *, SIZE_T, SIZE_T *);
static LONG (WINAPI *pNtSetInformationProcess)(HANDLE, ULONG, void *, ULONG);
static LONG (WINAPI *pNtQueryInformationProcess)(HANDLE, ULONG, void *, ULONG, ULONG *);
static ULONG (WINAPI *pRtlNtStatusToDosError)(LONG);

static SIZE_T page_size;
static char selfname[MAX_PATH];

static BOOL init(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    SYSTEM_INFO si;

    GetSystemInfo(&si);
    page_size = si.dwPageSize;
    pNtQueryVirtualMemory = (void *)GetProcAddress(ntdll, "NtQueryVirtualMemory");
    pNtSetInformationProcess = (void *)GetProcAddress(ntdll, "NtSetInformationProcess");
    pNtQueryInformationProcess = (void *)GetProcAddress(ntdll, "NtQueryInformationProcess");
    pRtlNtStatusToDosError = (void *)GetProcAddress(ntdll, "RtlNtStatusToDosError");
    IMPL_PSAPI(QueryWorkingSet);
    IMPL_PSAPI(QueryWorkingSetEx);
    IMPL_PSAPI(EmptyWorkingSet);
    IMPL_PSAPI(InitializeProcessForWsWatch);
    IMPL_PSAPI(GetWsChanges);
    IMPL_PSAPI(GetWsChangesEx);
    if (!pQueryWorkingSet || !pQueryWorkingSetEx || !pEmptyWorkingSet || !pInitializeProcessForWsWatch
        || !pGetWsChanges || !pGetWsChangesEx)
    {
        win_skip("working-set functions missing in %s\n", impl_name());
        return FALSE;
    }
    return TRUE;
}

/* ------------------------------------------------------------------ the layer below */

enum layer_service
{
    LAYER_WORKING_SET,      /* NtQueryVirtualMemory(MemoryWorkingSetInformation) */
    LAYER_WORKING_SET_EX,   /* NtQueryVirtualMemory(MemoryWorkingSetExInformation) */
    LAYER_QUOTA_LIMITS,     /* NtSetInformationProcess(ProcessQuotaLimits), empties */
    LAYER_WATCH_INIT,       /* NtSetInformationProcess(ProcessWorkingSetWatch) */
    LAYER_WATCH,            /* NtQueryInformationProcess(ProcessWorkingSetWatch) */
    LAYER_WATCH_EX,         /* NtQueryInformationProcess(ProcessWorkingSetWatchEx) */
};

static const char *layer_name[] =
{
    "NtQueryVirtualMemory(MemoryWorkingSetInformation)",
    "NtQueryVirtualMemory(MemoryWorkingSetExInformation)",
    "NtSetInformationProcess(ProcessQuotaLimits)",
    "NtSetInformationProcess(ProcessWorkingSetWatch)",
    "NtQueryInformationProcess(ProcessWorkingSetWatch)",
    "NtQueryInformationProcess(ProcessWorkingSetWatchEx)",
};

static LONG layer_status(enum layer_service service, HANDLE process)
{
    static ULONG_PTR buf[4096];
    ULONG returned;

    switch (service)
    {
    case LAYER_WORKING_SET:
        return pNtQueryVirtualMemory(process, NULL, NT_MEMORY_WORKING_SET_INFORMATION, buf, sizeof(buf), NULL);
    case LAYER_WORKING_SET_EX:
        buf[0] = (ULONG_PTR)buf;
        return pNtQueryVirtualMemory(process, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION, buf,
                                     sizeof(PSAPI_WORKING_SET_EX_INFORMATION), NULL);
    case LAYER_QUOTA_LIMITS:
    {
        QUOTA_LIMITS limits;

        memset(&limits, 0, sizeof(limits));
        limits.MinimumWorkingSetSize = limits.MaximumWorkingSetSize = (SIZE_T)-1;
        return pNtSetInformationProcess(process, NT_PROCESS_QUOTA_LIMITS, &limits, sizeof(limits));
    }
    case LAYER_WATCH_INIT:
        return pNtSetInformationProcess(process, NT_PROCESS_WORKING_SET_WATCH, NULL, 0);
    case LAYER_WATCH:
        return pNtQueryInformationProcess(process, NT_PROCESS_WORKING_SET_WATCH, buf, sizeof(buf), &returned);
    case LAYER_WATCH_EX:
        return pNtQueryInformationProcess(process, NT_PROCESS_WORKING_SET_WATCH_EX, buf, sizeof(buf), &returned);
    }
    return 0;
}

/* For ours only: TRUE (and a skip) when the call failed because the layer
 * below lacks the service; the error must then be the layer's own. */
#define layer_lacks(ret, error, service, process, what) \
    layer_lacks_(__FILE__, __LINE__, ret, error, service, process, what)
/* Whether a layer_status answer says the service is missing. */
static BOOL layer_missing(LONG status)
{
    return status == NT_STATUS_INVALID_INFO_CLASS || status == NT_STATUS_NOT_IMPLEMENTED
           || status == NT_STATUS_NOT_SUPPORTED;
}

static BOOL layer_lacks_(const char *file, int line, BOOL ret, DWORD error, enum layer_service service,
                         HANDLE process, const char *what)
{
    LONG status;

    if (!impl_is_ours() || ret) return FALSE;
    status = layer_status(service, process);
    if (!layer_missing(status)) return FALSE;
    ok_(file, line)(error == pRtlNtStatusToDosError(status), "%s: error %lu, expected the layer's %lu\n",
                    what, error, pRtlNtStatusToDosError(status));
    skip_(file, line)("%s: %s returns %#lx here\n", what, layer_name[service], (unsigned long)status);
    return TRUE;
}

/* ------------------------------------------------------------------ helpers */

static BOOL canary_intact(const void *buf, SIZE_T from, SIZE_T to)
{
    const BYTE *bytes = buf;

    for (; from < to; from++) if (bytes[from] != CANARY) return FALSE;
    return TRUE;
}

/* A buffer for QueryWorkingSet, CANARY_BYTES past its capacity. */
struct ws_buffer
{
    PSAPI_WORKING_SET_INFORMATION *info;
    SIZE_T capacity;    /* blocks */
    SIZE_T bytes;       /* of info, without the canary */
};

static SIZE_T ws_bytes(SIZE_T count)
{
    return offsetof(PSAPI_WORKING_SET_INFORMATION, WorkingSetInfo) + count * sizeof(PSAPI_WORKING_SET_BLOCK);
}

static void ws_alloc(struct ws_buffer *buf, SIZE_T capacity)
{
    if (buf->info) VirtualFree(buf->info, 0, MEM_RELEASE);
    buf->capacity = capacity;
    buf->bytes = ws_bytes(capacity);
    buf->info = VirtualAlloc(NULL, buf->bytes + CANARY_BYTES, MEM_COMMIT, PAGE_READWRITE);
    ok(buf->info != NULL, "VirtualAlloc failed: %lu\n", GetLastError());
}

static void ws_free(struct ws_buffer *buf)
{
    if (buf->info) VirtualFree(buf->info, 0, MEM_RELEASE);
    buf->info = NULL;
}

/* QueryWorkingSet with cb bytes of buf (canary-filled first). */
static BOOL query_ws(HANDLE process, struct ws_buffer *buf, DWORD cb)
{
    memset(buf->info, CANARY, buf->bytes + CANARY_BYTES);
    SetLastError(0xdeadbeef);
    return pQueryWorkingSet(process, buf->info, cb);
}

/* The whole working set into buf, growing it as needed. */
static BOOL query_ws_all(HANDLE process, struct ws_buffer *buf)
{
    BOOL ret = FALSE;

    for (int tries = 0; tries < 8; tries++)
    {
        if (!buf->info) ws_alloc(buf, 16384);
        if ((ret = query_ws(process, buf, (DWORD)buf->bytes))) break;
        if (GetLastError() != ERROR_BAD_LENGTH) break;
        ok(buf->info->NumberOfEntries > buf->capacity, "ERROR_BAD_LENGTH with %Iu entries for a capacity of %Iu\n",
           buf->info->NumberOfEntries, buf->capacity);
        ws_alloc(buf, buf->info->NumberOfEntries + 4096);
    }
    if (ret)
    {
        ok(buf->info->NumberOfEntries <= buf->capacity, "%Iu entries for a capacity of %Iu\n",
           buf->info->NumberOfEntries, buf->capacity);
        ok(canary_intact(buf->info, buf->bytes, buf->bytes + CANARY_BYTES), "written past cb\n");
    }
    return ret;
}

static const PSAPI_WORKING_SET_BLOCK *ws_find(const struct ws_buffer *buf, const void *addr)
{
    ULONG_PTR page = (ULONG_PTR)addr / page_size;

    for (ULONG_PTR i = 0; i < buf->info->NumberOfEntries && i < buf->capacity; i++)
        if (buf->info->WorkingSetInfo[i].VirtualPage == page) return &buf->info->WorkingSetInfo[i];
    return NULL;
}

static int compare_pages(const void *a, const void *b)
{
    ULONG_PTR x = *(const ULONG_PTR *)a, y = *(const ULONG_PTR *)b;

    return x < y ? -1 : x > y;
}

/* Every listed page once, none at address 0. */
static void check_ws_pages(const struct ws_buffer *buf)
{
    ULONG_PTR count = min(buf->info->NumberOfEntries, buf->capacity), duplicates = 0, zero = 0;
    ULONG_PTR *pages = malloc(count * sizeof(*pages) + 1);

    for (ULONG_PTR i = 0; i < count; i++)
    {
        pages[i] = buf->info->WorkingSetInfo[i].VirtualPage;
        if (!pages[i]) zero++;
    }
    qsort(pages, count, sizeof(*pages), compare_pages);
    for (ULONG_PTR i = 1; i < count; i++) if (pages[i] == pages[i - 1]) duplicates++;
    ok(!duplicates, "%Iu pages listed twice\n", duplicates);
    ok(!zero, "%Iu entries for page 0\n", zero);
    free(pages);
}

/* One QueryWorkingSetEx entry. */
static BOOL query_ex(HANDLE process, const void *addr, PSAPI_WORKING_SET_EX_BLOCK *attrs)
{
    PSAPI_WORKING_SET_EX_INFORMATION info;
    BOOL ret;

    info.VirtualAddress = (void *)addr;
    info.VirtualAttributes.Flags = (ULONG_PTR)0xa5a5a5a5;
    SetLastError(0xdeadbeef);
    ret = pQueryWorkingSetEx(process, &info, sizeof(info));
    ok(info.VirtualAddress == addr, "VirtualAddress changed to %p\n", info.VirtualAddress);
    *attrs = info.VirtualAttributes;
    return ret;
}

/* Test memory: page 0 read/write and touched, page 1 committed and never
 * touched, page 2 touched then made read-only, page 3 decommitted, page 4
 * touched and locked; and one page only reserved. */
struct test_pages
{
    char *mem;
    char *reserved;
    BOOL locked;
};

static void make_pages(struct test_pages *t)
{
    DWORD old;

    t->mem = VirtualAlloc(NULL, 5 * page_size, MEM_COMMIT, PAGE_READWRITE);
    t->reserved = VirtualAlloc(NULL, page_size, MEM_RESERVE, PAGE_READWRITE);
    ok(t->mem && t->reserved, "VirtualAlloc failed: %lu\n", GetLastError());
    t->mem[0] = 1;
    t->mem[2 * page_size] = 2;
    t->mem[3 * page_size] = 3;
    t->mem[4 * page_size] = 4;
    ok(VirtualProtect(t->mem + 2 * page_size, page_size, PAGE_READONLY, &old), "VirtualProtect failed\n");
    ok(VirtualFree(t->mem + 3 * page_size, page_size, MEM_DECOMMIT), "VirtualFree failed\n");
    t->locked = VirtualLock(t->mem + 4 * page_size, page_size);
}

static void free_pages(struct test_pages *t)
{
    if (t->locked) VirtualUnlock(t->mem + 4 * page_size, page_size);
    VirtualFree(t->mem, 0, MEM_RELEASE);
    VirtualFree(t->reserved, 0, MEM_RELEASE);
}

/* The header page of kernel32.dll, read just now: an image page. */
static const char *image_page(void)
{
    const volatile char *header = (const char *)GetModuleHandleA("kernel32.dll");

    ok(header[0] == 'M' && header[1] == 'Z', "no image header\n");
    return (const char *)header;
}

/* ------------------------------------------------------------------ child */

struct child
{
    PROCESS_INFORMATION pi;
    HANDLE ready, done, mapping;
    ULONG_PTR *shared;  /* [0]: the child's touched read/write page */
};

static void child_main(char **argv)
{
    HANDLE ready = (HANDLE)(ULONG_PTR)strtoul(argv[3], NULL, 0);
    HANDLE done = (HANDLE)(ULONG_PTR)strtoul(argv[4], NULL, 0);
    HANDLE mapping = (HANDLE)(ULONG_PTR)strtoul(argv[5], NULL, 0);
    ULONG_PTR *shared = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    char *page = VirtualAlloc(NULL, page_size, MEM_COMMIT, PAGE_READWRITE);

    ok(shared && page, "child set-up failed: %lu\n", GetLastError());
    page[0] = 1;
    shared[0] = (ULONG_PTR)page;
    SetEvent(ready);
    ok(WaitForSingleObject(done, 60000) == WAIT_OBJECT_0, "the child was not let go\n");
}

static BOOL start_child(struct child *child)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si = { sizeof(si) };
    char cmdline[MAX_PATH + 96];

    memset(child, 0, sizeof(*child));
    child->ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    child->done = CreateEventA(&sa, TRUE, FALSE, NULL);
    child->mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, &sa, PAGE_READWRITE, 0, 4096, NULL);
    child->shared = MapViewOfFile(child->mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(child->ready && child->done && child->shared, "child set-up failed: %lu\n", GetLastError());
    sprintf(cmdline, "\"%s\" workingset child %lu %lu %lu", selfname, (unsigned long)(ULONG_PTR)child->ready,
            (unsigned long)(ULONG_PTR)child->done, (unsigned long)(ULONG_PTR)child->mapping);
    if (!CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &child->pi))
    {
        ok(0, "CreateProcess failed: %lu\n", GetLastError());
        return FALSE;
    }
    ok(WaitForSingleObject(child->ready, 30000) == WAIT_OBJECT_0, "the child is not ready\n");
    return TRUE;
}

static void stop_child(struct child *child)
{
    SetEvent(child->done);
    wait_child_process(child->pi.hProcess);
    CloseHandle(child->pi.hProcess);
    CloseHandle(child->pi.hThread);
    UnmapViewOfFile(child->shared);
    CloseHandle(child->mapping);
    CloseHandle(child->ready);
    CloseHandle(child->done);
}

/* ------------------------------------------------------------------ bad handles */

struct bad_handle
{
    HANDLE handle;
    const char *what;
};

/* NULL, a closed handle, a handle of another type: each ERROR_INVALID_HANDLE.
 * The event stays open until free_bad_handles. */
static void bad_handles(struct bad_handle bad[3])
{
    HANDLE closed = CreateEventA(NULL, FALSE, FALSE, NULL);

    CloseHandle(closed);
    bad[0].handle = NULL;
    bad[0].what = "NULL";
    bad[1].handle = closed;
    bad[1].what = "closed";
    bad[2].handle = CreateEventA(NULL, FALSE, FALSE, NULL);
    bad[2].what = "event";
}

static void free_bad_handles(struct bad_handle bad[3])
{
    CloseHandle(bad[2].handle);
}

/* ------------------------------------------------------------------ QueryWorkingSet */

static void test_query_ws_self(void)
{
    struct ws_buffer buf = { 0 };
    struct test_pages t;
    const PSAPI_WORKING_SET_BLOCK *block;
    const char *image;
    BOOL ret;

    make_pages(&t);
    image = image_page();
    ret = query_ws_all(GetCurrentProcess(), &buf);
    /* Wine's ntdll has no MemoryWorkingSetInformation */
    todo_wine_if(!impl_is_ours())
    ok(ret, "QueryWorkingSet failed: %lu\n", GetLastError());
    if (!ret)
    {
        ws_free(&buf);
        free_pages(&t);
        return;
    }
    ok(buf.info->NumberOfEntries > 4, "%Iu entries\n", buf.info->NumberOfEntries);
    check_ws_pages(&buf);

    /* the page just written: read/write, not shared; VirtualPage << 12 is its address */
    block = ws_find(&buf, t.mem);
    ok(block != NULL, "the page just written is not listed\n");
    if (block)
    {
        ok((ULONG_PTR)block->VirtualPage * page_size == (ULONG_PTR)t.mem, "page %#Ix\n", (ULONG_PTR)block->VirtualPage);
        ok(block->Protection == 4, "Protection %u, expected 4 (read/write)\n", (unsigned)block->Protection);
        ok(!block->Shared, "a private page is listed as shared\n");
    }
    block = ws_find(&buf, t.mem + 2 * page_size);
    ok(block != NULL, "the read-only page is not listed\n");
    if (block) ok(block->Protection == 1, "Protection %u, expected 1 (read-only)\n", (unsigned)block->Protection);
    ok(!ws_find(&buf, t.reserved), "a reserved page is listed\n");
    ok(!ws_find(&buf, t.mem + 3 * page_size), "a decommitted page is listed\n");

    /* an image page of a system DLL: shareable */
    block = ws_find(&buf, image);
    ok(block != NULL, "the image header page is not listed\n");
    if (block)
    {
        ok(block->Shared, "an image page is not shareable\n");
        ok(block->Protection == 1, "image header Protection %u, expected 1 (read-only)\n", (unsigned)block->Protection);
    }
    ws_free(&buf);
    free_pages(&t);
}

/* cb at every boundary: below NumberOfEntries, NumberOfEntries alone, one
 * entry short, exactly enough, and sizes that are not whole entries. */
static void test_query_ws_sizes(void)
{
    static const DWORD tiny[] = { 0, 1, sizeof(ULONG_PTR) - 1 };
    struct ws_buffer buf = { 0 };
    ULONG_PTR needed = 0;
    BOOL ret;
    int tries;

    ws_alloc(&buf, 65536);
    for (unsigned i = 0; i < ARRAY_SIZE(tiny); i++)
    {
        ret = query_ws(GetCurrentProcess(), &buf, tiny[i]);
        ok(!ret, "cb %lu: succeeded\n", tiny[i]);
        todo_wine_if(!impl_is_ours())
        ok(GetLastError() == ERROR_BAD_LENGTH, "cb %lu: error %lu\n", tiny[i], GetLastError());
        ok(canary_intact(buf.info, tiny[i], buf.bytes + CANARY_BYTES), "cb %lu: written past cb\n", tiny[i]);
    }

    /* NumberOfEntries alone: the count needed */
    ret = query_ws(GetCurrentProcess(), &buf, sizeof(ULONG_PTR));
    ok(!ret, "cb %u: succeeded\n", (unsigned)sizeof(ULONG_PTR));
    todo_wine_if(!impl_is_ours())
    ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());
    if (GetLastError() != ERROR_BAD_LENGTH)
    {
        ws_free(&buf);
        return;
    }
    needed = buf.info->NumberOfEntries;
    ok(needed > 4 && needed < buf.capacity, "NumberOfEntries %Iu\n", needed);
    ok(canary_intact(buf.info, sizeof(ULONG_PTR), buf.bytes + CANARY_BYTES), "written past cb\n");

    /* one entry short fails (the working set may change between calls: retried) */
    for (tries = 0; tries < 10; tries++)
    {
        DWORD cb = (DWORD)ws_bytes(needed - 1);

        ret = query_ws(GetCurrentProcess(), &buf, cb);
        ok(canary_intact(buf.info, cb, buf.bytes + CANARY_BYTES), "one short: written past cb\n");
        if (!ret)
        {
            ok(GetLastError() == ERROR_BAD_LENGTH, "one short: error %lu\n", GetLastError());
            ok(buf.info->NumberOfEntries >= needed, "one short: NumberOfEntries %Iu, at least %Iu needed\n",
               buf.info->NumberOfEntries, needed);
            break;
        }
        ok(buf.info->NumberOfEntries < needed, "one short: %Iu entries in room for %Iu\n",
           buf.info->NumberOfEntries, needed - 1);
        needed = buf.info->NumberOfEntries + 1;
    }
    ok(!ret, "one entry short never failed\n");

    /* exactly enough, and one byte less */
    for (tries = 0; tries < 10; tries++)
    {
        DWORD cb = (DWORD)ws_bytes(needed);

        ret = query_ws(GetCurrentProcess(), &buf, cb - 1);
        ok(canary_intact(buf.info, cb - 1, buf.bytes + CANARY_BYTES), "cb %lu: written past cb\n", cb - 1);
        if (ret) ok(buf.info->NumberOfEntries < needed, "one byte short: %Iu entries\n", buf.info->NumberOfEntries);
        else ok(GetLastError() == ERROR_BAD_LENGTH, "one byte short: error %lu\n", GetLastError());

        ret = query_ws(GetCurrentProcess(), &buf, cb);
        ok(canary_intact(buf.info, cb, buf.bytes + CANARY_BYTES), "exact: written past cb\n");
        if (ret)
        {
            ok(buf.info->NumberOfEntries <= needed, "exact: %Iu entries in room for %Iu\n",
               buf.info->NumberOfEntries, needed);
            break;
        }
        ok(GetLastError() == ERROR_BAD_LENGTH, "exact: error %lu\n", GetLastError());
        needed = buf.info->NumberOfEntries;
    }
    ok(ret, "a buffer of exactly the size needed never sufficed\n");

    /* sizes that are not whole entries: what does not fit is not written */
    for (DWORD extra = 1; extra < sizeof(PSAPI_WORKING_SET_BLOCK); extra += 3)
    {
        DWORD cb = (DWORD)ws_bytes(needed + 64) + extra;

        ret = query_ws(GetCurrentProcess(), &buf, cb);
        ok(ret, "cb %lu: failed: %lu\n", cb, GetLastError());
        ok(canary_intact(buf.info, cb, buf.bytes + CANARY_BYTES), "cb %lu: written past cb\n", cb);
        if (ret) ok(buf.info->NumberOfEntries <= needed + 64, "cb %lu: %Iu entries\n", cb, buf.info->NumberOfEntries);
    }
    ws_free(&buf);

    if (impl_is_ours())
    {
        /* no documented answer for a NULL buffer: ours fails, never faults */
        SetLastError(0xdeadbeef);
        ok(!pQueryWorkingSet(GetCurrentProcess(), NULL, 4096), "NULL buffer succeeded\n");
        ok(GetLastError() == ERROR_NOACCESS, "NULL buffer: error %lu\n", GetLastError());
    }
}

/* The handle needs PROCESS_QUERY_INFORMATION and PROCESS_VM_READ. */
static void test_query_ws_access(void)
{
    struct bad_handle bad[3];
    struct ws_buffer buf = { 0 };
    HANDLE process;
    BOOL ret;

    ws_alloc(&buf, 65536);
    process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ret = query_ws_all(process, &buf);
    todo_wine_if(!impl_is_ours())
    ok(ret, "with the documented rights: %lu\n", GetLastError());
    CloseHandle(process);

    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    ret = query_ws(process, &buf, (DWORD)buf.bytes);
    ok(!ret, "without rights: succeeded\n");
    todo_wine_if(!impl_is_ours())
    ok(GetLastError() == ERROR_ACCESS_DENIED, "without rights: error %lu\n", GetLastError());
    CloseHandle(process);

    process = OpenProcess(PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ret = query_ws(process, &buf, (DWORD)buf.bytes);
    ok(!ret, "without PROCESS_QUERY_INFORMATION: succeeded\n");
    todo_wine_if(!impl_is_ours())
    ok(GetLastError() == ERROR_ACCESS_DENIED, "without PROCESS_QUERY_INFORMATION: error %lu\n", GetLastError());
    CloseHandle(process);

    bad_handles(bad);
    for (unsigned i = 0; i < 3; i++)
    {
        ret = query_ws(bad[i].handle, &buf, (DWORD)buf.bytes);
        ok(!ret, "%s handle: succeeded\n", bad[i].what);
        todo_wine_if(!impl_is_ours())
        ok(GetLastError() == ERROR_INVALID_HANDLE, "%s handle: error %lu\n", bad[i].what, GetLastError());
    }
    free_bad_handles(bad);
    ws_free(&buf);
}

/* ------------------------------------------------------------------ QueryWorkingSetEx */

static void test_query_ws_ex_self(void)
{
    PSAPI_WORKING_SET_EX_INFORMATION info[8];
    PSAPI_WORKING_SET_EX_BLOCK attrs[8];
    BYTE canary[sizeof(info) + CANARY_BYTES];
    struct test_pages t;
    HANDLE mapping, process;
    char *view;
    const char *image;
    BOOL ret;

    make_pages(&t);
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile failed: %lu\n", GetLastError());
    view[0] = 1;
    image = image_page();

    memset(canary, CANARY, sizeof(canary));
    memset(info, 0xa5, sizeof(info));
    info[0].VirtualAddress = t.mem;
    info[1].VirtualAddress = t.mem + 1 * page_size;     /* never touched */
    info[2].VirtualAddress = t.mem + 2 * page_size;     /* read-only */
    info[3].VirtualAddress = t.mem + 3 * page_size;     /* decommitted */
    info[4].VirtualAddress = t.reserved;
    info[5].VirtualAddress = t.mem + 0x123;             /* inside the first page */
    info[6].VirtualAddress = view;
    info[7].VirtualAddress = (void *)image;
    memcpy(canary, info, sizeof(info));
    SetLastError(0xdeadbeef);
    ret = pQueryWorkingSetEx(GetCurrentProcess(), canary, sizeof(info));
    ok(ret, "QueryWorkingSetEx failed: %lu\n", GetLastError());
    ok(canary_intact(canary, sizeof(info), sizeof(canary)), "written past cb\n");
    memcpy(info, canary, sizeof(info));
    for (unsigned i = 0; i < ARRAY_SIZE(info); i++) attrs[i] = info[i].VirtualAttributes;
    ok(info[0].VirtualAddress == t.mem && info[5].VirtualAddress == t.mem + 0x123
       && info[7].VirtualAddress == image, "VirtualAddress changed\n");

    ok(attrs[0].Valid, "the page just written is not valid\n");
    ok(attrs[0].Win32Protection == PAGE_READWRITE, "Win32Protection %#x\n", (unsigned)attrs[0].Win32Protection);
    ok(!attrs[0].Shared, "a private page is shareable\n");
    ok(!attrs[0].Locked && !attrs[0].LargePage && !attrs[0].Bad, "Locked %u LargePage %u Bad %u\n",
       (unsigned)attrs[0].Locked, (unsigned)attrs[0].LargePage, (unsigned)attrs[0].Bad);
    ok(attrs[2].Valid, "the read-only page is not valid: %#Ix\n", attrs[2].Flags);
    ok(attrs[2].Win32Protection == PAGE_READONLY, "Win32Protection %#x\n", (unsigned)attrs[2].Win32Protection);
    ok(!info[3].VirtualAttributes.Invalid.Valid, "a decommitted page is valid\n");
    ok(!info[4].VirtualAttributes.Invalid.Valid, "a reserved page is valid\n");
    ok(info[5].VirtualAttributes.Flags == attrs[0].Flags, "an address inside the page: %#Ix, page: %#Ix\n",
       info[5].VirtualAttributes.Flags, attrs[0].Flags);
    ok(info[6].VirtualAttributes.Valid, "the written view page is not valid\n");
    ok(info[6].VirtualAttributes.Shared, "a section view page is not shareable\n");
    ok(info[6].VirtualAttributes.ShareCount >= 1, "ShareCount %u\n", (unsigned)info[6].VirtualAttributes.ShareCount);
    ok(info[6].VirtualAttributes.Win32Protection == PAGE_READWRITE, "view Win32Protection %#x\n",
       (unsigned)info[6].VirtualAttributes.Win32Protection);
    ok(info[7].VirtualAttributes.Valid, "the image header page is not valid\n");
    ok(info[7].VirtualAttributes.Shared, "an image page is not shareable\n");
    ok(info[7].VirtualAttributes.Win32Protection == PAGE_READONLY, "image header Win32Protection %#x\n",
       (unsigned)info[7].VirtualAttributes.Win32Protection);

    /* a page locked with VirtualLock */
    if (t.locked)
    {
        PSAPI_WORKING_SET_EX_BLOCK locked;

        ret = query_ex(GetCurrentProcess(), t.mem + 4 * page_size, &locked);
        ok(ret && locked.Valid, "the locked page: %d %u\n", ret, (unsigned)locked.Valid);
        if (impl_is_ours() && !locked.Locked)
            skip("NtQueryVirtualMemory(MemoryWorkingSetExInformation) does not report locked pages here\n");
        else
            todo_wine_if(!impl_is_ours())
            ok(locked.Locked, "a page locked with VirtualLock is not Locked\n");
    }

    /* a handle of this process with PROCESS_QUERY_INFORMATION gives the same */
    process = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    {
        PSAPI_WORKING_SET_EX_BLOCK same;

        ret = query_ex(process, t.mem, &same);
        /* Wine answers MemoryWorkingSetExInformation for NtCurrentProcess() only */
        todo_wine_if(!impl_is_ours())
        ok(ret, "with a real handle: %lu\n", GetLastError());
        if (ret) ok(same.Flags == attrs[0].Flags, "%#Ix, expected %#Ix\n", same.Flags, attrs[0].Flags);
    }
    CloseHandle(process);

    UnmapViewOfFile(view);
    CloseHandle(mapping);
    free_pages(&t);
}

static void test_query_ws_ex_sizes(void)
{
    PSAPI_WORKING_SET_EX_INFORMATION entries[3];
    BYTE buf[sizeof(entries) + CANARY_BYTES];
    char *page = VirtualAlloc(NULL, page_size, MEM_COMMIT, PAGE_READWRITE);
    DWORD cb;
    BOOL ret;

    page[0] = 1;
    /* two whole entries and five bytes: the partial third entry is not written */
    memset(buf, CANARY, sizeof(buf));
    entries[0].VirtualAddress = page;
    entries[1].VirtualAddress = page;
    memcpy(buf, entries, 2 * sizeof(entries[0]));
    cb = 2 * sizeof(entries[0]) + 5;
    SetLastError(0xdeadbeef);
    ret = pQueryWorkingSetEx(GetCurrentProcess(), buf, cb);
    ok(canary_intact(buf, cb, sizeof(buf)), "written past cb\n");
    if (impl_is_ours())
    {
        ok(ret, "cb %lu: failed: %lu\n", cb, GetLastError());
        ok(canary_intact(buf, 2 * sizeof(entries[0]), cb), "the partial entry was written\n");
    }
    if (ret)
    {
        memcpy(entries, buf, 2 * sizeof(entries[0]));
        ok(entries[0].VirtualAttributes.Valid && entries[1].VirtualAttributes.Valid, "the whole entries were not answered\n");
    }

    /* exactly one entry */
    memset(buf, CANARY, sizeof(buf));
    memcpy(buf, entries, sizeof(entries[0]));
    SetLastError(0xdeadbeef);
    ret = pQueryWorkingSetEx(GetCurrentProcess(), buf, sizeof(entries[0]));
    ok(ret, "one entry: failed: %lu\n", GetLastError());
    ok(canary_intact(buf, sizeof(entries[0]), sizeof(buf)), "one entry: written past cb\n");

    /* less than one entry: nothing is written; ours fails with ERROR_BAD_LENGTH
     * (the documentation gives no error for it) */
    for (cb = 0; cb < sizeof(entries[0]); cb += 7)
    {
        memset(buf, CANARY, sizeof(buf));
        memcpy(buf, &entries[0].VirtualAddress, sizeof(entries[0].VirtualAddress));
        SetLastError(0xdeadbeef);
        ret = pQueryWorkingSetEx(GetCurrentProcess(), buf, cb);
        ok(canary_intact(buf, sizeof(entries[0].VirtualAddress), sizeof(buf)), "cb %lu: written\n", cb);
        if (impl_is_ours())
        {
            ok(!ret, "cb %lu: succeeded\n", cb);
            ok(GetLastError() == ERROR_BAD_LENGTH, "cb %lu: error %lu\n", cb, GetLastError());
        }
        else trace("system, cb %lu: %d, error %lu\n", cb, ret, ret ? 0 : GetLastError());
    }

    if (impl_is_ours())
    {
        SetLastError(0xdeadbeef);
        ok(!pQueryWorkingSetEx(GetCurrentProcess(), NULL, sizeof(entries)), "NULL buffer succeeded\n");
        ok(GetLastError() == ERROR_NOACCESS, "NULL buffer: error %lu\n", GetLastError());
    }
    VirtualFree(page, 0, MEM_RELEASE);
}

/* The handle needs PROCESS_QUERY_INFORMATION. */
static void test_query_ws_ex_access(void)
{
    PSAPI_WORKING_SET_EX_BLOCK attrs;
    struct bad_handle bad[3];
    HANDLE process;
    BOOL ret;

    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    ret = query_ex(process, &attrs, &attrs);
    ok(!ret, "without rights: succeeded\n");
    todo_wine_if(!impl_is_ours())
    ok(GetLastError() == ERROR_ACCESS_DENIED, "without rights: error %lu\n", GetLastError());
    CloseHandle(process);

    bad_handles(bad);
    for (unsigned i = 0; i < 3; i++)
    {
        ret = query_ex(bad[i].handle, &attrs, &attrs);
        ok(!ret, "%s handle: succeeded\n", bad[i].what);
        todo_wine_if(!impl_is_ours())
        ok(GetLastError() == ERROR_INVALID_HANDLE, "%s handle: error %lu\n", bad[i].what, GetLastError());
    }
    free_bad_handles(bad);
}

/* ------------------------------------------------------------------ EmptyWorkingSet */

static void test_empty_ws(void)
{
    PSAPI_WORKING_SET_EX_BLOCK attrs;
    struct bad_handle bad[3];
    char *page = VirtualAlloc(NULL, page_size, MEM_COMMIT, PAGE_READWRITE);
    HANDLE process;
    BOOL ret;

    page[0] = 1;
    SetLastError(0xdeadbeef);
    ret = pEmptyWorkingSet(GetCurrentProcess());
    if (!layer_lacks(ret, GetLastError(), LAYER_QUOTA_LIMITS, GetCurrentProcess(), "EmptyWorkingSet"))
    {
        ok(ret, "EmptyWorkingSet failed: %lu\n", GetLastError());
        /* the page, not touched since, has left the working set; ours, where
         * the layer below cannot empty it, answers as the platform's own
         * SetProcessWorkingSetSize(-1, -1) does (test_empty_ws_equivalent) */
        ok(query_ex(GetCurrentProcess(), page, &attrs), "QueryWorkingSetEx failed: %lu\n", GetLastError());
        if (impl_is_ours() && layer_missing(layer_status(LAYER_QUOTA_LIMITS, GetCurrentProcess())))
            skip("NtSetInformationProcess(ProcessQuotaLimits) is missing: nothing can leave the working set\n");
        else
        {
            todo_wine_if(!impl_is_ours())
            ok(!attrs.Valid, "a page is still resident after EmptyWorkingSet\n");
        }

        process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_SET_QUOTA, FALSE, GetCurrentProcessId());
        SetLastError(0xdeadbeef);
        ok(pEmptyWorkingSet(process), "with the documented rights: %lu\n", GetLastError());
        CloseHandle(process);
    }

    /* PROCESS_SET_QUOTA is needed */
    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = pEmptyWorkingSet(process);
    todo_wine_if(!impl_is_ours())
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "without rights: %d %lu\n", ret, GetLastError());
    CloseHandle(process);
    process = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = pEmptyWorkingSet(process);
    todo_wine_if(!impl_is_ours())
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "without PROCESS_SET_QUOTA: %d %lu\n", ret, GetLastError());
    CloseHandle(process);

    bad_handles(bad);
    for (unsigned i = 0; i < 3; i++)
    {
        SetLastError(0xdeadbeef);
        ret = pEmptyWorkingSet(bad[i].handle);
        todo_wine_if(!impl_is_ours())
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "%s handle: %d %lu\n", bad[i].what, ret, GetLastError());
    }
    free_bad_handles(bad);
    VirtualFree(page, 0, MEM_RELEASE);
}

/* Observed on Windows (issue 10): EmptyWorkingSet on a handle with
 * PROCESS_QUERY_INFORMATION | PROCESS_SET_QUOTA succeeds. It is documented
 * as SetProcessWorkingSetSize(process, (SIZE_T)-1, (SIZE_T)-1): it answers
 * as the platform's own equivalent does. */
static void test_empty_ws_equivalent(void)
{
    HANDLE process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_SET_QUOTA, FALSE, GetCurrentProcessId());
    BOOL ret, equivalent;

    ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pEmptyWorkingSet(process);
    ok(ret, "EmptyWorkingSet failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    equivalent = SetProcessWorkingSetSize(process, (SIZE_T)-1, (SIZE_T)-1);
    ok(ret == equivalent, "EmptyWorkingSet %d, SetProcessWorkingSetSize(-1, -1) %d (%lu)\n", ret, equivalent,
       GetLastError());
    CloseHandle(process);
}

/* ------------------------------------------------------------------ WS watch */

/* The records of a GetWsChanges(Ex) buffer of cb bytes end within it with a
 * NULL FaultingPc; returns the records before the end (-1 when none ends it). */
static int watch_records(const void *buf, DWORD cb, SIZE_T record)
{
    const BYTE *bytes = buf;

    for (SIZE_T offset = 0; offset + record <= cb; offset += record)
    {
        const PSAPI_WS_WATCH_INFORMATION *info = (const void *)(bytes + offset);

        if (!info->FaultingPc) return (int)(offset / record);
    }
    return -1;
}

static void test_ws_watch(void)
{
    static PSAPI_WS_WATCH_INFORMATION_EX ex[4096];
    static PSAPI_WS_WATCH_INFORMATION basic[4096];
    struct bad_handle bad[3];
    char *mem = VirtualAlloc(NULL, 4 * page_size, MEM_COMMIT, PAGE_READWRITE);
    BYTE small[sizeof(basic[0]) + CANARY_BYTES];
    HANDLE process;
    DWORD cb;
    int count, found;
    BOOL ret;

    /* the watch buffers are resident before the watch starts */
    memset(basic, 0, sizeof(basic));
    memset(ex, 0, sizeof(ex));

    SetLastError(0xdeadbeef);
    ret = pInitializeProcessForWsWatch(GetCurrentProcess());
    if (!layer_lacks(ret, GetLastError(), LAYER_WATCH_INIT, GetCurrentProcess(), "InitializeProcessForWsWatch"))
    {
        ok(ret, "InitializeProcessForWsWatch failed: %lu\n", GetLastError());
        /* again: GetWsChanges has it called again to go on recording once
         * the records filled up; what Windows answers is not documented */
        SetLastError(0xdeadbeef);
        ret = pInitializeProcessForWsWatch(GetCurrentProcess());
        if (impl_is_ours()) ok(ret, "second call failed: %lu\n", GetLastError());
        else trace("system, second InitializeProcessForWsWatch: %d %lu\n", ret, ret ? 0 : GetLastError());

        mem[0] = 1;
        SetLastError(0xdeadbeef);
        ret = pGetWsChanges(GetCurrentProcess(), basic, sizeof(basic));
        if (!layer_lacks(ret, GetLastError(), LAYER_WATCH, GetCurrentProcess(), "GetWsChanges"))
        {
            todo_wine_if(!impl_is_ours())
            ok(ret, "GetWsChanges failed: %lu\n", GetLastError());
            if (ret)
            {
                count = watch_records(basic, sizeof(basic), sizeof(basic[0]));
                ok(count > 0, "%d records before the end record\n", count);
                for (found = 0; found < count; found++)
                    if ((ULONG_PTR)basic[found].FaultingVa / page_size == (ULONG_PTR)mem / page_size) break;
                ok(found < count, "the fault on the page just written is not listed\n");
            }

            /* too small for the records and their end record */
            mem[page_size] = 1;
            memset(small, CANARY, sizeof(small));
            SetLastError(0xdeadbeef);
            ret = pGetWsChanges(GetCurrentProcess(), (void *)small, sizeof(basic[0]));
            ok(!ret, "one record's room: succeeded\n");
            todo_wine_if(!impl_is_ours())
            ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "one record's room: error %lu\n", GetLastError());
            ok(canary_intact(small, sizeof(basic[0]), sizeof(small)), "written past cb\n");
            SetLastError(0xdeadbeef);
            ret = pGetWsChanges(GetCurrentProcess(), (void *)small, 0);
            ok(!ret, "cb 0: succeeded\n");
            todo_wine_if(!impl_is_ours())
            ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "cb 0: error %lu\n", GetLastError());
        }

        mem[2 * page_size] = 1;
        cb = sizeof(ex);
        SetLastError(0xdeadbeef);
        ret = pGetWsChangesEx(GetCurrentProcess(), ex, &cb);
        if (!layer_lacks(ret, GetLastError(), LAYER_WATCH_EX, GetCurrentProcess(), "GetWsChangesEx"))
        {
            todo_wine_if(!impl_is_ours())
            ok(ret, "GetWsChangesEx failed: %lu\n", GetLastError());
            if (ret)
            {
                count = watch_records(ex, sizeof(ex), sizeof(ex[0]));
                ok(count > 0, "%d records before the end record\n", count);
                for (found = 0; found < count; found++)
                    if ((ULONG_PTR)ex[found].BasicInfo.FaultingVa / page_size == (ULONG_PTR)(mem + 2 * page_size) / page_size)
                        break;
                ok(found < count, "the fault on the page just written is not listed\n");
                if (found < count)
                    ok(ex[found].FaultingThreadId == GetCurrentThreadId(), "FaultingThreadId %Iu, expected %lu\n",
                       ex[found].FaultingThreadId, GetCurrentThreadId());
            }
            mem[3 * page_size] = 1;
            cb = 0;
            SetLastError(0xdeadbeef);
            ret = pGetWsChangesEx(GetCurrentProcess(), ex, &cb);
            ok(!ret, "cb 0: succeeded\n");
            todo_wine_if(!impl_is_ours())
            ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "cb 0: error %lu\n", GetLastError());
        }
    }

    /* the handle needs PROCESS_QUERY_INFORMATION */
    process = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = pInitializeProcessForWsWatch(process);
    todo_wine_if(!impl_is_ours())
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "Initialize without rights: %d %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetWsChanges(process, basic, sizeof(basic));
    todo_wine_if(!impl_is_ours())
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "GetWsChanges without rights: %d %lu\n", ret, GetLastError());
    cb = sizeof(ex);
    SetLastError(0xdeadbeef);
    ret = pGetWsChangesEx(process, ex, &cb);
    todo_wine_if(!impl_is_ours())
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "GetWsChangesEx without rights: %d %lu\n", ret, GetLastError());
    CloseHandle(process);

    bad_handles(bad);
    for (unsigned i = 0; i < 3; i++)
    {
        SetLastError(0xdeadbeef);
        ret = pInitializeProcessForWsWatch(bad[i].handle);
        todo_wine_if(!impl_is_ours())
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "Initialize, %s handle: %d %lu\n", bad[i].what, ret, GetLastError());
        SetLastError(0xdeadbeef);
        ret = pGetWsChanges(bad[i].handle, basic, sizeof(basic));
        todo_wine_if(!impl_is_ours())
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "GetWsChanges, %s handle: %d %lu\n", bad[i].what, ret, GetLastError());
        cb = sizeof(ex);
        SetLastError(0xdeadbeef);
        ret = pGetWsChangesEx(bad[i].handle, ex, &cb);
        todo_wine_if(!impl_is_ours())
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "GetWsChangesEx, %s handle: %d %lu\n", bad[i].what, ret, GetLastError());
    }
    free_bad_handles(bad);

    if (impl_is_ours())
    {
        /* no documented answer for NULL pointers: ours fails, never faults;
         * the handle and the service come first, then the buffer faults */
        LONG status = layer_status(LAYER_WATCH, GetCurrentProcess());

        SetLastError(0xdeadbeef);
        ok(!pGetWsChanges(GetCurrentProcess(), NULL, 64), "NULL buffer succeeded\n");
        ok(GetLastError() == (layer_missing(status) ? pRtlNtStatusToDosError(status) : ERROR_NOACCESS),
           "NULL buffer: error %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        ok(!pGetWsChangesEx(GetCurrentProcess(), ex, NULL), "NULL cb succeeded\n");
        ok(GetLastError() == ERROR_NOACCESS, "NULL cb: error %lu\n", GetLastError());
    }
    VirtualFree(mem, 0, MEM_RELEASE);
}

/* ------------------------------------------------------------------ another process */

static void test_child(void)
{
    PSAPI_WORKING_SET_EX_BLOCK attrs;
    struct ws_buffer buf = { 0 };
    const PSAPI_WORKING_SET_BLOCK *block;
    PSAPI_WS_WATCH_INFORMATION watch[256];
    struct child child;
    void *page;
    BOOL ret;

    if (!start_child(&child)) return;
    page = (void *)child.shared[0];

    ret = query_ws_all(child.pi.hProcess, &buf);
    if (!layer_lacks(ret, GetLastError(), LAYER_WORKING_SET, child.pi.hProcess, "QueryWorkingSet of a child"))
    {
        todo_wine_if(!impl_is_ours())
        ok(ret, "QueryWorkingSet of a child failed: %lu\n", GetLastError());
        if (ret)
        {
            check_ws_pages(&buf);
            block = ws_find(&buf, page);
            ok(block != NULL, "the child's written page is not listed\n");
            if (block) ok(block->Protection == 4, "Protection %u\n", (unsigned)block->Protection);
        }
    }
    ws_free(&buf);

    ret = query_ex(child.pi.hProcess, page, &attrs);
    if (!layer_lacks(ret, GetLastError(), LAYER_WORKING_SET_EX, child.pi.hProcess, "QueryWorkingSetEx of a child"))
    {
        todo_wine_if(!impl_is_ours())
        ok(ret, "QueryWorkingSetEx of a child failed: %lu\n", GetLastError());
        if (ret)
        {
            ok(attrs.Valid, "the child's written page is not valid\n");
            ok(attrs.Win32Protection == PAGE_READWRITE, "Win32Protection %#x\n", (unsigned)attrs.Win32Protection);
        }
    }

    SetLastError(0xdeadbeef);
    ret = pEmptyWorkingSet(child.pi.hProcess);
    if (!layer_lacks(ret, GetLastError(), LAYER_QUOTA_LIMITS, child.pi.hProcess, "EmptyWorkingSet of a child"))
    {
        ok(ret, "EmptyWorkingSet of a child failed: %lu\n", GetLastError());
        /* the child waits on an event: its page stays out */
        ret = query_ex(child.pi.hProcess, page, &attrs);
        if (ret && impl_is_ours() && layer_missing(layer_status(LAYER_QUOTA_LIMITS, child.pi.hProcess)))
            skip("NtSetInformationProcess(ProcessQuotaLimits) is missing: nothing can leave the working set\n");
        else if (ret) ok(!attrs.Valid, "the child's page is still resident\n");
    }

    SetLastError(0xdeadbeef);
    ret = pInitializeProcessForWsWatch(child.pi.hProcess);
    if (!layer_lacks(ret, GetLastError(), LAYER_WATCH_INIT, child.pi.hProcess, "InitializeProcessForWsWatch of a child"))
    {
        ok(ret, "InitializeProcessForWsWatch of a child failed: %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        ret = pGetWsChanges(child.pi.hProcess, watch, sizeof(watch));
        if (!layer_lacks(ret, GetLastError(), LAYER_WATCH, child.pi.hProcess, "GetWsChanges of a child"))
        {
            /* the waiting child may have faulted nothing in since: no
             * documented error says so, ERROR_NO_MORE_ITEMS is accepted */
            todo_wine_if(!impl_is_ours())
            ok(ret || GetLastError() == ERROR_NO_MORE_ITEMS, "GetWsChanges of a child failed: %lu\n", GetLastError());
            if (ret) ok(watch_records(watch, sizeof(watch), sizeof(watch[0])) >= 0, "no end record\n");
        }
    }
    stop_child(&child);
}

START_TEST(workingset)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    GetModuleFileNameA(NULL, selfname, sizeof(selfname));
    if (!init()) return;
    if (argc >= 6 && !strcmp(argv[2], "child"))
    {
        child_main(argv);
        return;
    }

    trace("implementation: %s\n", impl_name());
    test_query_ws_self();
    test_query_ws_sizes();
    test_query_ws_access();
    test_query_ws_ex_self();
    test_query_ws_ex_sizes();
    test_query_ws_ex_access();
    test_empty_ws();
    test_empty_ws_equivalent();
    test_ws_watch();
    test_child();
}
