/*
 * Conformance tests for GetMappedFileName: the name of a mapped file or
 * image, and the buffer size rules.
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

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static BOOL ends_with(const WCHAR *str, const WCHAR *tail)
{
    int len = lstrlenW(str), tail_len = lstrlenW(tail);

    return len >= tail_len && !lstrcmpiW(str + len - tail_len, tail);
}

static void test_device_form(void)
{
    static const WCHAR device[] = {'\\','D','e','v','i','c','e','\\',0};
    WCHAR dir[MAX_PATH], path[MAX_PATH], name[MAX_PATH], image[MAX_PATH];
    char namea[MAX_PATH];
    HANDLE file, mapping;
    DWORD ret, written;
    char *view;

    GetTempPathW(ARRAY_SIZE(dir), dir);
    GetLongPathNameW(dir, dir, ARRAY_SIZE(dir));
    GetTempFileNameW(dir, L"map", 0, path);
    file = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed: %lu\n", GetLastError());
    if (file == INVALID_HANDLE_VALUE) return;
    WriteFile(file, "mapped", 6, &written, NULL);
    mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile failed: %lu\n", GetLastError());
    if (!view) goto done;

    memset(name, 0, sizeof(name));
    ret = GetMappedFileNameW(GetCurrentProcess(), view, name, ARRAY_SIZE(name));
    ok(ret && ret == lstrlenW(name), "returned %lu for %s\n", ret, wine_dbgstr_w(name));
    /* GetMappedFileName: "the name of the memory-mapped file [is returned] in device form":
     * \Device\HarddiskVolumeN\dir\file, with no drive letter */
    todo_wine ok(!memcmp(name, device, sizeof(device) - sizeof(WCHAR)), "got %s\n", wine_dbgstr_w(name));
    ok(ends_with(name, path + 2), "%s does not end with %s\n", wine_dbgstr_w(name), wine_dbgstr_w(path + 2));

    memset(namea, 0, sizeof(namea));
    ret = GetMappedFileNameA(GetCurrentProcess(), view, namea, sizeof(namea));
    ok(ret && ret == strlen(namea), "A returned %lu for %s\n", ret, namea);
    todo_wine ok(!strncmp(namea, "\\Device\\", 8), "A got %s\n", namea);

    /* the image of the process: the name GetProcessImageFileName gives (device form too) */
    ret = GetProcessImageFileNameW(GetCurrentProcess(), image, ARRAY_SIZE(image));
    ok(ret && !memcmp(image, device, sizeof(device) - sizeof(WCHAR)), "GetProcessImageFileNameW: %s\n",
       wine_dbgstr_w(image));
    memset(name, 0, sizeof(name));
    ret = GetMappedFileNameW(GetCurrentProcess(), GetModuleHandleW(NULL), name, ARRAY_SIZE(name));
    ok(ret, "GetMappedFileNameW of the image failed: %lu\n", GetLastError());
    todo_wine ok(!lstrcmpiW(name, image), "image: %s, GetProcessImageFileNameW: %s\n", wine_dbgstr_w(name),
                 wine_dbgstr_w(image));
    UnmapViewOfFile(view);
done:
    CloseHandle(mapping);
    CloseHandle(file);
}

static void test_truncated(void)
{
    WCHAR full[MAX_PATH], buf[MAX_PATH];
    char fulla[MAX_PATH], bufa[MAX_PATH];
    void *exe = GetModuleHandleW(NULL);
    DWORD len, ret;

    len = GetMappedFileNameW(GetCurrentProcess(), exe, full, ARRAY_SIZE(full));
    ok(len > 10, "GetMappedFileNameW returned %lu\n", len);
    len = GetMappedFileNameA(GetCurrentProcess(), exe, fulla, sizeof(fulla));
    ok(len > 10, "GetMappedFileNameA returned %lu\n", len);

    memset(buf, 0xcc, sizeof(buf));
    ret = GetMappedFileNameW(GetCurrentProcess(), exe, buf, 10);
    ok(buf[10] == 0xcccc, "wrote past nSize\n");
    /* GetMappedFileName: "If the function succeeds, the return value specifies the
     * length of the string copied to the buffer" */
    todo_wine ok(ret <= 10 && !memcmp(buf, full, ret * sizeof(WCHAR)), "nSize 10: returned %lu\n", ret);

    memset(bufa, 0xcc, sizeof(bufa));
    ret = GetMappedFileNameA(GetCurrentProcess(), exe, bufa, 10);
    ok((BYTE)bufa[10] == 0xcc, "A wrote past nSize\n");
    todo_wine ok(ret < 10 && !memcmp(bufa, fulla, ret) && !bufa[ret], "A nSize 10: returned %lu\n", ret);
}

static void test_size_zero(void)
{
    WCHAR buf[MAX_PATH];
    DWORD ret, i;

    memset(buf, 0xcc, sizeof(buf));
    ret = GetMappedFileNameW(GetCurrentProcess(), GetModuleHandleW(NULL), buf, 0);
    /* GetMappedFileName: "nSize: The size of the lpFilename buffer, in characters":
     * with no room, nothing is copied and nothing is written */
    todo_wine ok(!ret, "nSize 0: returned %lu\n", ret);
    for (i = 0; i < ARRAY_SIZE(buf); i++) if (buf[i] != 0xcccc) break;
    todo_wine ok(i == ARRAY_SIZE(buf), "nSize 0: character %lu written\n", i);
}

START_TEST(mapped)
{
    test_device_form();
    test_truncated();
    test_size_zero();
}
