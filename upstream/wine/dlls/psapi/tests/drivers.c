/*
 * Conformance tests for the device driver functions of psapi:
 * EnumDeviceDrivers and GetDeviceDriverBaseName/GetDeviceDriverFileName.
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

static void test_enum_device_drivers(void)
{
    void *drivers[1024];
    DWORD needed = 0xdeadbeef;
    BOOL ret;

    ret = EnumDeviceDrivers(drivers, sizeof(drivers), &needed);
    ok(ret, "EnumDeviceDrivers failed: %lu\n", GetLastError());
    ok(!(needed % sizeof(void *)), "needed %lu\n", needed);
    /* EnumDeviceDrivers: "Retrieves the load address for each device driver in
     * the system": there is at least the kernel */
    todo_wine ok(needed >= sizeof(void *), "no device driver listed (needed %lu)\n", needed);
}

static void test_name_of_no_driver(void)
{
    static const char data[] = "no driver here";
    char bufa[MAX_PATH];
    WCHAR bufw[MAX_PATH];
    DWORD ret;

    /* the address of a string of this process: no driver is loaded there */
    memset(bufa, 0xcc, sizeof(bufa));
    SetLastError(0xdeadbeef);
    ret = GetDeviceDriverBaseNameA((void *)data, bufa, sizeof(bufa));
    ok(!ret, "GetDeviceDriverBaseNameA returned %lu\n", ret);
    /* "To get extended error information, call GetLastError" (GetDeviceDriverBaseName page) */
    todo_wine ok(GetLastError() != 0xdeadbeef, "GetDeviceDriverBaseNameA failed without an error\n");
    /* a failed call leaves the buffer as it was (as Windows does) */
    todo_wine ok((BYTE)bufa[0] == 0xcc, "GetDeviceDriverBaseNameA failed and wrote %#x\n", (BYTE)bufa[0]);

    memset(bufw, 0xcc, sizeof(bufw));
    ret = GetDeviceDriverBaseNameW((void *)data, bufw, ARRAY_SIZE(bufw));
    ok(!ret, "GetDeviceDriverBaseNameW returned %lu\n", ret);
    todo_wine ok(bufw[0] == 0xcccc, "GetDeviceDriverBaseNameW failed and wrote %#x\n", bufw[0]);

    memset(bufa, 0xcc, sizeof(bufa));
    ret = GetDeviceDriverFileNameA((void *)data, bufa, sizeof(bufa));
    ok(!ret, "GetDeviceDriverFileNameA returned %lu\n", ret);
    todo_wine ok((BYTE)bufa[0] == 0xcc, "GetDeviceDriverFileNameA failed and wrote %#x\n", (BYTE)bufa[0]);

    memset(bufw, 0xcc, sizeof(bufw));
    ret = GetDeviceDriverFileNameW((void *)data, bufw, ARRAY_SIZE(bufw));
    ok(!ret, "GetDeviceDriverFileNameW returned %lu\n", ret);
    todo_wine ok(bufw[0] == 0xcccc, "GetDeviceDriverFileNameW failed and wrote %#x\n", bufw[0]);
}

START_TEST(drivers)
{
    test_enum_device_drivers();
    test_name_of_no_driver();
}
