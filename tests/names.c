/*
 * Conformance tests for GetProcessImageFileNameA/W and GetMappedFileNameA/W:
 * names in the device form, buffer contracts, handles and addresses.
 *
 * From the reference pages: "The GetProcessImageFileName function returns
 * the path in device form, rather than drive letters" (for example
 * "\Device\Harddisk0\Partition1\Windows\System32\Ctype.nls"); nSize is in
 * characters; the result is the length of the string copied to the buffer;
 * GetProcessImageFileName needs PROCESS_QUERY_INFORMATION or
 * PROCESS_QUERY_LIMITED_INFORMATION, GetMappedFileName
 * PROCESS_QUERY_INFORMATION.
 *
 * The expected device form of a file is built from its Win32 path and
 * QueryDosDevice of its drive letter, the documented way back from the
 * device form GetMappedFileName gives to drive letters ("Obtaining a File
 * Name From a File Handle",
 * https://learn.microsoft.com/windows/win32/memory/obtaining-a-file-name-from-a-file-handle).
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

static DWORD (WINAPI *pGetProcessImageFileNameA)(HANDLE, LPSTR, DWORD);
static DWORD (WINAPI *pGetProcessImageFileNameW)(HANDLE, LPWSTR, DWORD);
static DWORD (WINAPI *pGetMappedFileNameA)(HANDLE, LPVOID, LPSTR, DWORD);
static DWORD (WINAPI *pGetMappedFileNameW)(HANDLE, LPVOID, LPWSTR, DWORD);

#define CANARY 0xa5
#define CANARY_W 0xa5a5
#define BUF_CHARS (MAX_PATH * 4)

static WCHAR exe_device[BUF_CHARS];    /* our executable in the device form */

static BOOL init_functions(void)
{
    IMPL_PSAPI(GetProcessImageFileNameA);
    IMPL_PSAPI(GetProcessImageFileNameW);
    IMPL_PSAPI(GetMappedFileNameA);
    IMPL_PSAPI(GetMappedFileNameW);
    if (!pGetProcessImageFileNameA || !pGetProcessImageFileNameW || !pGetMappedFileNameA
        || !pGetMappedFileNameW)
    {
        win_skip("name functions missing in %s\n", impl_name());
        return FALSE;
    }
    return TRUE;
}

/* The device form of a Win32 path "X:\...", or FALSE when it has no drive letter. */
static BOOL device_form(const WCHAR *path, WCHAR *out, DWORD out_chars)
{
    WCHAR drive[3] = { path[0], ':', 0 }, device[MAX_PATH];

    if (!path[0] || path[1] != ':' || path[2] != '\\') return FALSE;
    if (!QueryDosDeviceW(drive, device, ARRAY_SIZE(device))) return FALSE;
    if (lstrlenW(device) + lstrlenW(path + 2) >= (int)out_chars) return FALSE;
    lstrcpyW(out, device);
    lstrcatW(out, path + 2);
    return TRUE;
}

static BOOL canary_intact(const void *buf, SIZE_T from, SIZE_T to)
{
    const BYTE *bytes = buf;

    for (; from < to; from++) if (bytes[from] != CANARY) return FALSE;
    return TRUE;
}

static void narrow(const WCHAR *src, char *dst, int size)
{
    WideCharToMultiByte(CP_ACP, 0, src, -1, dst, size, NULL, NULL);
}

/* ------------------------------------------------------------------ GetProcessImageFileName */

static void test_image_name_self(void)
{
    WCHAR bufw[BUF_CHARS];
    char bufa[BUF_CHARS], expected_a[BUF_CHARS];
    DWORD ret, len = lstrlenW(exe_device), sizes[] = { 0, 1, 10, len - 1, len };
    unsigned int i;

    memset(bufw, CANARY, sizeof(bufw));
    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameW(GetCurrentProcess(), bufw, ARRAY_SIZE(bufw));
    ok(ret == len, "GetProcessImageFileNameW returned %lu, expected %lu: %lu\n", ret, len, GetLastError());
    ok(!lstrcmpiW(bufw, exe_device), "got %s, expected %s\n", wine_dbgstr_w(bufw), wine_dbgstr_w(exe_device));
    ok(ret < ARRAY_SIZE(bufw) && !bufw[ret], "the name is not NUL-terminated at %lu\n", ret);
    ok(canary_intact(bufw, (ret + 1) * sizeof(WCHAR), sizeof(bufw)), "wrote past the NUL\n");

    /* room for the name and its NUL, exactly */
    memset(bufw, CANARY, sizeof(bufw));
    ret = pGetProcessImageFileNameW(GetCurrentProcess(), bufw, len + 1);
    ok(ret == len && !lstrcmpiW(bufw, exe_device), "exact buffer: %lu %s\n", ret, wine_dbgstr_w(bufw));

    narrow(exe_device, expected_a, sizeof(expected_a));
    memset(bufa, CANARY, sizeof(bufa));
    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameA(GetCurrentProcess(), bufa, sizeof(bufa));
    ok(ret == strlen(expected_a), "GetProcessImageFileNameA returned %lu: %lu\n", ret, GetLastError());
    ok(!_stricmp(bufa, expected_a), "got %s, expected %s\n", bufa, expected_a);
    ok(canary_intact(bufa, ret + 1, sizeof(bufa)), "A: wrote past the NUL\n");

    /* too small: the documentation does not say; never a write past nSize,
     * and what is returned is what was copied */
    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        DWORD size = sizes[i];

        winetest_push_context("nSize %lu", size);
        memset(bufw, CANARY, sizeof(bufw));
        SetLastError(0xdeadbeef);
        ret = pGetProcessImageFileNameW(GetCurrentProcess(), bufw, size);
        ok(canary_intact(bufw, size * sizeof(WCHAR), sizeof(bufw)), "W wrote past nSize\n");
        ok(ret < size || !ret, "W returned %lu\n", ret);
        if (ret) ok(!memcmp(bufw, exe_device, ret * sizeof(WCHAR)), "W copied something else\n");
        else ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER || broken(GetLastError() == ERROR_BAD_LENGTH),
                "W error %lu\n", GetLastError());
        if (impl_is_ours())
            ok(!ret && canary_intact(bufw, 0, sizeof(bufw)), "ours: %lu, or wrote into the buffer\n", ret);

        memset(bufa, CANARY, sizeof(bufa));
        SetLastError(0xdeadbeef);
        ret = pGetProcessImageFileNameA(GetCurrentProcess(), bufa, size);
        ok(canary_intact(bufa, size, sizeof(bufa)), "A wrote past nSize\n");
        ok(ret < size || !ret, "A returned %lu\n", ret);
        if (!ret) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER || broken(GetLastError() == ERROR_BAD_LENGTH),
                     "A error %lu\n", GetLastError());
        if (impl_is_ours())
            ok(!ret && canary_intact(bufa, 0, sizeof(bufa)), "ours A: %lu, or wrote into the buffer\n", ret);
        winetest_pop_context();
    }

    if (impl_is_ours())
    {
        /* a NULL buffer is never written: with nSize 0 the name does not fit,
         * with more the buffer is bad */
        SetLastError(0xdeadbeef);
        ret = pGetProcessImageFileNameW(GetCurrentProcess(), NULL, 0);
        ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "NULL, 0: %lu %lu\n", ret, GetLastError());
        SetLastError(0xdeadbeef);
        ret = pGetProcessImageFileNameW(GetCurrentProcess(), NULL, BUF_CHARS);
        ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL buffer: %lu %lu\n", ret, GetLastError());
        SetLastError(0xdeadbeef);
        ret = pGetProcessImageFileNameA(GetCurrentProcess(), NULL, BUF_CHARS);
        ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL A buffer: %lu %lu\n", ret, GetLastError());
    }
}

/* Handles: the access rights the documentation names, and bad handles. */
static void test_image_name_handles(void)
{
    static const DWORD granted[] = { PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_QUERY_INFORMATION };
    WCHAR buf[BUF_CHARS];
    HANDLE handle, thread;
    unsigned int i;
    DWORD ret;

    for (i = 0; i < ARRAY_SIZE(granted); i++)
    {
        handle = OpenProcess(granted[i], FALSE, GetCurrentProcessId());
        ok(handle != NULL, "OpenProcess(%#lx) failed: %lu\n", granted[i], GetLastError());
        ret = pGetProcessImageFileNameW(handle, buf, ARRAY_SIZE(buf));
        ok(ret && !lstrcmpiW(buf, exe_device), "access %#lx: %lu %s\n", granted[i], ret, wine_dbgstr_w(buf));
        CloseHandle(handle);
    }

    handle = OpenProcess(PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ok(handle != NULL, "OpenProcess failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameW(handle, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "without query access: %lu %lu\n", ret, GetLastError());
    CloseHandle(handle);

    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameW(NULL, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "NULL handle: %lu %lu\n", ret, GetLastError());

    handle = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameW(handle, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "event handle: %lu %lu\n", ret, GetLastError());
    CloseHandle(handle);
    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameA(handle, (char *)buf, sizeof(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "closed handle: %lu %lu\n", ret, GetLastError());

    thread = GetCurrentThread();
    SetLastError(0xdeadbeef);
    ret = pGetProcessImageFileNameW(thread, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "thread handle: %lu %lu\n", ret, GetLastError());
}

/* ------------------------------------------------------------------ GetMappedFileName */

/* A temporary file with a page of data, mapped read-only; its Win32 path. */
static void *map_temp_file(HANDLE *file, HANDLE *mapping, WCHAR *path)
{
    WCHAR dir[MAX_PATH], name[MAX_PATH];
    char data[8192];
    DWORD written;
    void *view;

    GetTempPathW(ARRAY_SIZE(dir), dir);
    GetTempFileNameW(dir, L"knm", 0, name);
    /* the long form: the mapped name is the file's own, not an 8.3 alias */
    if (!GetLongPathNameW(name, path, MAX_PATH)) lstrcpyW(path, name);
    *file = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                        FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(*file != INVALID_HANDLE_VALUE, "CreateFile failed: %lu\n", GetLastError());
    memset(data, 'x', sizeof(data));
    WriteFile(*file, data, sizeof(data), &written, NULL);
    *mapping = CreateFileMappingW(*file, NULL, PAGE_READONLY, 0, 0, NULL);
    ok(*mapping != NULL, "CreateFileMapping failed: %lu\n", GetLastError());
    view = MapViewOfFile(*mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile failed: %lu\n", GetLastError());
    return view;
}

static void test_mapped_name_self(void)
{
    WCHAR bufw[BUF_CHARS], path[MAX_PATH], expected[BUF_CHARS], image[BUF_CHARS];
    char bufa[BUF_CHARS], expected_a[BUF_CHARS];
    HANDLE file, mapping;
    char *view, *exe = (char *)GetModuleHandleW(NULL);
    DWORD ret, len;

    view = map_temp_file(&file, &mapping, path);
    if (!view) return;
    if (!device_form(path, expected, ARRAY_SIZE(expected)))
    {
        skip("the temporary folder %s has no drive letter\n", wine_dbgstr_w(path));
        goto done;
    }
    len = lstrlenW(expected);

    /* the Wine builtin gives "\??\C:\..." instead of the device form */
    memset(bufw, CANARY, sizeof(bufw));
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), view, bufw, ARRAY_SIZE(bufw));
    todo_wine_if(!impl_is_ours())
    ok(ret == len && !lstrcmpiW(bufw, expected), "got %lu %s, expected %s\n", ret,
       wine_dbgstr_w(bufw), wine_dbgstr_w(expected));
    ok(ret && ret < ARRAY_SIZE(bufw) && !bufw[ret], "not NUL-terminated at %lu: %lu\n", ret, GetLastError());
    ok(canary_intact(bufw, (ret + 1) * sizeof(WCHAR), sizeof(bufw)), "wrote past the NUL\n");

    /* any address inside the view names the file */
    memset(bufw, 0, sizeof(bufw));
    ret = pGetMappedFileNameW(GetCurrentProcess(), view + 4097, bufw, ARRAY_SIZE(bufw));
    todo_wine_if(!impl_is_ours())
    ok(ret == len && !lstrcmpiW(bufw, expected), "inside the view: %lu %s\n", ret, wine_dbgstr_w(bufw));

    narrow(expected, expected_a, sizeof(expected_a));
    memset(bufa, CANARY, sizeof(bufa));
    ret = pGetMappedFileNameA(GetCurrentProcess(), view, bufa, sizeof(bufa));
    todo_wine_if(!impl_is_ours())
    ok(ret == strlen(expected_a) && !_stricmp(bufa, expected_a), "A: %lu %s, expected %s\n", ret, bufa, expected_a);
    ok(canary_intact(bufa, ret + 1, sizeof(bufa)), "A wrote past the NUL\n");

    /* the image of the process: the same name GetProcessImageFileName gives */
    memset(bufw, 0, sizeof(bufw));
    ret = pGetMappedFileNameW(GetCurrentProcess(), exe, bufw, ARRAY_SIZE(bufw));
    todo_wine_if(!impl_is_ours())
    ok(ret && !lstrcmpiW(bufw, exe_device), "image: %lu %s, expected %s\n", ret, wine_dbgstr_w(bufw),
       wine_dbgstr_w(exe_device));
    ret = pGetProcessImageFileNameW(GetCurrentProcess(), image, ARRAY_SIZE(image));
    todo_wine_if(!impl_is_ours())
    ok(ret && !lstrcmpiW(bufw, image), "GetMappedFileName %s, GetProcessImageFileName %s\n",
       wine_dbgstr_w(bufw), wine_dbgstr_w(image));
    ret = pGetMappedFileNameW(GetCurrentProcess(), exe + 0x1000, bufw, ARRAY_SIZE(bufw));
    todo_wine_if(!impl_is_ours())
    ok(ret && !lstrcmpiW(bufw, exe_device), "inside the image: %lu %s\n", ret, wine_dbgstr_w(bufw));

done:
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    CloseHandle(file);
}

/* Short buffers: nothing past nSize; nSize - 1 characters and a NUL, the
 * result nSize. */
static void test_mapped_name_sizes(void)
{
    WCHAR bufw[BUF_CHARS], full[BUF_CHARS];
    char bufa[BUF_CHARS], full_a[BUF_CHARS];
    void *exe = GetModuleHandleW(NULL);
    DWORD ret, len, len_a, sizes[4];
    unsigned int i;

    len = pGetMappedFileNameW(GetCurrentProcess(), exe, full, ARRAY_SIZE(full));
    len_a = pGetMappedFileNameA(GetCurrentProcess(), exe, full_a, sizeof(full_a));
    ok(len > 10 && len_a > 10, "GetMappedFileName failed: %lu %lu %lu\n", len, len_a, GetLastError());
    if (len <= 10 || len_a <= 10) return;

    /* exactly the name and its NUL */
    memset(bufw, CANARY, sizeof(bufw));
    ret = pGetMappedFileNameW(GetCurrentProcess(), exe, bufw, len + 1);
    ok(ret == len && !lstrcmpW(bufw, full), "exact buffer: %lu %s\n", ret, wine_dbgstr_w(bufw));
    ok(canary_intact(bufw, (len + 1) * sizeof(WCHAR), sizeof(bufw)), "exact buffer: wrote past nSize\n");

    sizes[0] = 1;
    sizes[1] = 10;
    sizes[2] = len;
    sizes[3] = len - 1;
    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        DWORD size = sizes[i];

        winetest_push_context("nSize %lu", size);
        memset(bufw, CANARY, sizeof(bufw));
        SetLastError(0xdeadbeef);
        ret = pGetMappedFileNameW(GetCurrentProcess(), exe, bufw, size);
        ok(canary_intact(bufw, size * sizeof(WCHAR), sizeof(bufw)), "W wrote past nSize\n");
        /* nSize - 1 characters and a NUL, and the result counts the NUL too:
         * observed on Windows for the A function (nSize 1 gives 1 and the NUL
         * alone), the W function counting as A does. The Wine builtin's W
         * returns the length of the whole name (nSize when that is the length) */
        ok(!memcmp(bufw, full, (size - 1) * sizeof(WCHAR)) && !bufw[size - 1], "W copied %s\n",
           wine_dbgstr_wn(bufw, size));
        todo_wine_if(!impl_is_ours() && size != len)
        ok(ret == size, "W returned %lu\n", ret);
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "ours: error %lu\n", GetLastError());

        memset(bufa, CANARY, sizeof(bufa));
        SetLastError(0xdeadbeef);
        ret = pGetMappedFileNameA(GetCurrentProcess(), exe, bufa, size);
        ok(canary_intact(bufa, size, sizeof(bufa)), "A wrote past nSize\n");
        ok(ret == size && !memcmp(bufa, full_a, size - 1) && !bufa[size - 1], "A returned %lu: %s\n", ret,
           wine_dbgstr_an(bufa, size));
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "ours A: error %lu\n", GetLastError());
        winetest_pop_context();
    }

    /* nSize 0: nothing can be copied */
    memset(bufw, CANARY, sizeof(bufw));
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), exe, bufw, 0);
    todo_wine_if(!impl_is_ours())
    ok(!ret, "nSize 0 returned %lu\n", ret);
    /* the Wine builtin writes a NUL into a buffer of no characters */
    todo_wine_if(!impl_is_ours())
    ok(canary_intact(bufw, 0, sizeof(bufw)), "nSize 0: wrote into the buffer\n");
    if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "nSize 0: error %lu\n", GetLastError());
    memset(bufa, CANARY, sizeof(bufa));
    ret = pGetMappedFileNameA(GetCurrentProcess(), exe, bufa, 0);
    ok(canary_intact(bufa, 0, sizeof(bufa)), "A nSize 0: wrote into the buffer\n");
    trace("GetMappedFileNameA with nSize 0 returned %lu\n", ret);
    /* a NULL buffer: test_observed_mapped_name */
}

/* Observed on Windows (issue 10): GetMappedFileNameA with a NULL buffer and
 * a nonzero nSize fails with ERROR_INVALID_PARAMETER; with nSize 1 it
 * returns 1 and the buffer holds only the NUL. The W function counts as the
 * A one does (docs/conformance.md, "Small buffers"). */
static void test_observed_mapped_name(void)
{
    void *exe = GetModuleHandleW(NULL);
    WCHAR bufw[4];
    char bufa[4];
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameA(GetCurrentProcess(), exe, NULL, 10);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "A, NULL buffer: %lu %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), exe, NULL, 10);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "W, NULL buffer: %lu %lu\n", ret, GetLastError());

    memset(bufa, CANARY, sizeof(bufa));
    ret = pGetMappedFileNameA(GetCurrentProcess(), exe, bufa, 1);
    ok(ret == 1, "A, nSize 1: returned %lu\n", ret);
    ok(!bufa[0] && canary_intact(bufa, 1, sizeof(bufa)), "A, nSize 1: %s\n", wine_dbgstr_an(bufa, sizeof(bufa)));
    memset(bufw, CANARY, sizeof(bufw));
    ret = pGetMappedFileNameW(GetCurrentProcess(), exe, bufw, 1);
    /* the Wine builtin's W returns the length of the whole name */
    todo_wine_if(!impl_is_ours())
    ok(ret == 1, "W, nSize 1: returned %lu\n", ret);
    ok(!bufw[0] && canary_intact(bufw, sizeof(WCHAR), sizeof(bufw)), "W, nSize 1: %s\n",
       wine_dbgstr_wn(bufw, ARRAY_SIZE(bufw)));
}

/* Addresses without a mapped file. NT answers STATUS_INVALID_ADDRESS where
 * no view is (ERROR_UNEXP_NET_ERR once mapped to Win32) and
 * STATUS_FILE_INVALID for a view of a section backed by the paging file. */
static void test_mapped_name_addresses(void)
{
    WCHAR buf[BUF_CHARS];
    HANDLE mapping, file;
    char *private, *view;
    WCHAR path[MAX_PATH];
    DWORD ret;

    private = VirtualAlloc(NULL, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), private, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_UNEXP_NET_ERR, "private memory: %lu %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameA(GetCurrentProcess(), private + 100, (char *)buf, sizeof(buf));
    ok(!ret && GetLastError() == ERROR_UNEXP_NET_ERR, "A private memory: %lu %lu\n", ret, GetLastError());
    VirtualFree(private, 0, MEM_RELEASE);
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), private, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_UNEXP_NET_ERR, "released memory: %lu %lu\n", ret, GetLastError());

    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), buf, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_UNEXP_NET_ERR, "stack: %lu %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), NULL, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_UNEXP_NET_ERR, "NULL address: %lu %lu\n", ret, GetLastError());

    mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), view, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_FILE_INVALID, "pagefile section: %lu %lu\n", ret, GetLastError());
    UnmapViewOfFile(view);
    CloseHandle(mapping);

    /* an unmapped view names nothing any more */
    view = map_temp_file(&file, &mapping, path);
    UnmapViewOfFile(view);
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(GetCurrentProcess(), view, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_UNEXP_NET_ERR, "unmapped view: %lu %lu\n", ret, GetLastError());
    CloseHandle(mapping);
    CloseHandle(file);
}

static void test_mapped_name_handles(void)
{
    void *exe = GetModuleHandleW(NULL);
    WCHAR buf[BUF_CHARS], self[BUF_CHARS];
    HANDLE handle;
    DWORD ret;

    ret = pGetMappedFileNameW(GetCurrentProcess(), exe, self, ARRAY_SIZE(self));
    ok(ret, "GetMappedFileName failed: %lu\n", GetLastError());

    handle = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    ret = pGetMappedFileNameW(handle, exe, buf, ARRAY_SIZE(buf));
    ok(ret && !lstrcmpW(buf, self), "PROCESS_QUERY_INFORMATION: %lu %lu\n", ret, GetLastError());
    CloseHandle(handle);

    handle = OpenProcess(PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(handle, exe, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "without query access: %lu %lu\n", ret, GetLastError());
    CloseHandle(handle);

    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(NULL, exe, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "NULL handle: %lu %lu\n", ret, GetLastError());
    handle = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameW(handle, exe, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "event handle: %lu %lu\n", ret, GetLastError());
    CloseHandle(handle);
    SetLastError(0xdeadbeef);
    ret = pGetMappedFileNameA(handle, exe, (char *)buf, sizeof(buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "closed handle: %lu %lu\n", ret, GetLastError());
}

/* ------------------------------------------------------------------ another process */

static void test_child(void)
{
    WCHAR buf[BUF_CHARS], image[BUF_CHARS];
    MEMORY_BASIC_INFORMATION info;
    struct child child;
    HANDLE handle;
    char *addr;
    BOOL found = FALSE;
    DWORD ret;

    if (!start_child(&child, "names")) return;

    /* the child runs our executable */
    memset(image, 0, sizeof(image));
    ret = pGetProcessImageFileNameW(child.pi.hProcess, image, ARRAY_SIZE(image));
    ok(ret && !lstrcmpiW(image, exe_device), "child image: %lu %s\n", ret, wine_dbgstr_w(image));
    handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, child.pi.dwProcessId);
    ret = pGetProcessImageFileNameA(handle, (char *)buf, sizeof(buf));
    ok(ret, "child image with PROCESS_QUERY_LIMITED_INFORMATION failed: %lu\n", GetLastError());
    CloseHandle(handle);

    /* one of the child's image views is that file */
    handle = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, child.pi.dwProcessId);
    ok(handle != NULL, "OpenProcess failed: %lu\n", GetLastError());
    for (addr = NULL; VirtualQueryEx(handle, addr, &info, sizeof(info)); addr += info.RegionSize)
    {
        if (info.Type == MEM_IMAGE && info.BaseAddress == info.AllocationBase)
        {
            ret = pGetMappedFileNameW(handle, addr, buf, ARRAY_SIZE(buf));
            ok(ret, "no name for the image view at %p: %lu\n", addr, GetLastError());
            if (ret && !lstrcmpiW(buf, image)) found = TRUE;
        }
        if (!info.RegionSize || addr + info.RegionSize < addr) break;
    }
    /* the Wine builtin's names are not in the device form */
    todo_wine_if(!impl_is_ours())
    ok(found, "no image view of the child is named %s\n", wine_dbgstr_w(image));
    CloseHandle(handle);

    stop_child(&child);
}

START_TEST(names)
{
    WCHAR exe[MAX_PATH];
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (!init_functions()) return;
    if (argc >= 5 && !strcmp(argv[2], "sleep"))
    {
        child_sleep(argv);
        return;
    }
    trace("implementation: %s\n", impl_name());

    GetModuleFileNameW(NULL, exe, ARRAY_SIZE(exe));
    if (!device_form(exe, exe_device, ARRAY_SIZE(exe_device)))
    {
        skip("the test runs from %s, which has no drive letter\n", wine_dbgstr_w(exe));
        return;
    }
    test_image_name_self();
    test_image_name_handles();
    test_mapped_name_self();
    test_mapped_name_sizes();
    test_observed_mapped_name();
    test_mapped_name_addresses();
    test_mapped_name_handles();
    test_child();
}
