/*
 * Unit tests of the WOW64 redirector's path rule (core/wow64path): which
 * paths of a 32-bit process's loader list name a file in the 32-bit
 * system folder, and that the rewrite never writes past the buffer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/wow64path.h"
#include "unit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SYSDIR "C:\\windows\\system32"
#define WOWDIR "C:\\windows\\SysWOW64"

/* Redirects path in a buffer of capacity characters (canaries after it);
 * returns the function's result, the path in out. */
static int redirect(const char *path, size_t capacity, char *out, size_t out_size)
{
    uint16_t sys[64], wow[64], buf[128 + 4];
    size_t sys_chars = unit_widen(sys, SYSDIR), wow_chars = unit_widen(wow, WOWDIR);
    size_t chars, i;
    int ret;

    ck_assert_uint_le(capacity, 128);
    for (i = 0; i < ARRAY_SIZE(buf); i++) buf[i] = 0xa5a5;
    for (chars = 0; path[chars]; chars++) buf[chars] = (unsigned char)path[chars];
    ck_assert_uint_lt(chars, capacity);
    buf[chars] = 0;
    ret = wow64_redirect_path(buf, &chars, capacity, sys, sys_chars, wow, wow_chars);
    for (i = capacity; i < ARRAY_SIZE(buf); i++) ck_assert_uint_eq(buf[i], 0xa5a5);
    ck_assert_uint_eq(buf[chars], 0);
    ck_assert_uint_lt(chars, out_size);
    for (i = 0; i <= chars; i++) out[i] = (char)buf[i];
    return ret;
}

START_TEST(test_redirected)
{
    char out[128];

    ck_assert_int_eq(redirect("C:\\windows\\system32\\ntdll.dll", 128, out, sizeof(out)), 1);
    ck_assert_str_eq(out, WOWDIR "\\ntdll.dll");
    /* case does not matter, the rest keeps its own */
    ck_assert_int_eq(redirect("c:\\WINDOWS\\SYSTEM32\\Kernel32.DLL", 128, out, sizeof(out)), 1);
    ck_assert_str_eq(out, WOWDIR "\\Kernel32.DLL");
    /* subfolders that are not exempt are redirected too */
    ck_assert_int_eq(redirect("C:\\windows\\system32\\wbem\\wmiutils.dll", 128, out, sizeof(out)), 1);
    ck_assert_str_eq(out, WOWDIR "\\wbem\\wmiutils.dll");
    /* the folder itself */
    ck_assert_int_eq(redirect("C:\\windows\\system32", 128, out, sizeof(out)), 1);
    ck_assert_str_eq(out, WOWDIR);
}
END_TEST

START_TEST(test_not_redirected)
{
    char out[128];

    ck_assert_int_eq(redirect("C:\\windows\\syswow64\\kernel32.dll", 128, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "C:\\windows\\syswow64\\kernel32.dll");
    ck_assert_int_eq(redirect("Z:\\work\\app.exe", 128, out, sizeof(out)), 0);
    /* a longer folder name is not the system folder */
    ck_assert_int_eq(redirect("C:\\windows\\system32x\\a.dll", 128, out, sizeof(out)), 0);
    ck_assert_int_eq(redirect("C:\\windows\\system3", 128, out, sizeof(out)), 0);
    ck_assert_int_eq(redirect("", 128, out, sizeof(out)), 0);
    /* "Certain subdirectories are exempt from redirection" */
    ck_assert_int_eq(redirect("C:\\windows\\system32\\drivers\\etc\\hosts", 128, out, sizeof(out)), 0);
    ck_assert_int_eq(redirect("C:\\windows\\System32\\SPOOL\\x.dll", 128, out, sizeof(out)), 0);
    ck_assert_int_eq(redirect("C:\\windows\\system32\\catroot2\\x", 128, out, sizeof(out)), 0);
    ck_assert_int_eq(redirect("C:\\windows\\system32\\driverstore", 128, out, sizeof(out)), 0);
    /* drivers itself is not exempt, nor a name that only starts like one */
    ck_assert_int_eq(redirect("C:\\windows\\system32\\drivers\\x.sys", 128, out, sizeof(out)), 1);
    ck_assert_int_eq(redirect("C:\\windows\\system32\\spoolsv.exe", 128, out, sizeof(out)), 1);
}
END_TEST

START_TEST(test_capacity)
{
    uint16_t sys[64], wow[64], buf[40];
    size_t sys_chars = unit_widen(sys, "C:\\s"), wow_chars = unit_widen(wow, "C:\\longer\\wow");
    size_t chars = unit_widen(buf, "C:\\s\\abcdefgh.dll");
    size_t i;

    /* the result needs 13 + 13 characters and the NUL: 26 does not hold it */
    for (i = chars + 1; i < ARRAY_SIZE(buf); i++) buf[i] = 0xa5a5;
    ck_assert_int_eq(wow64_redirect_path(buf, &chars, 26, sys, sys_chars, wow, wow_chars), 0);
    ck_assert_uint_eq(chars, 17);
    for (i = chars + 1; i < ARRAY_SIZE(buf); i++) ck_assert_uint_eq(buf[i], 0xa5a5);
    ck_assert_int_eq(wow64_redirect_path(buf, &chars, 27, sys, sys_chars, wow, wow_chars), 1);
    ck_assert_uint_eq(chars, 26);
    ck_assert_uint_eq(buf[26], 0);
    for (i = 27; i < ARRAY_SIZE(buf); i++) ck_assert_uint_eq(buf[i], 0xa5a5);
    /* no folders: nothing to do */
    ck_assert_int_eq(wow64_redirect_path(buf, &chars, 40, sys, 0, wow, wow_chars), 0);
}
END_TEST

Suite *wow64path_suite(void)
{
    Suite *s = suite_create("wow64path");
    TCase *tc = tcase_create("redirect");

    tcase_add_test(tc, test_redirected);
    tcase_add_test(tc, test_not_redirected);
    tcase_add_test(tc, test_capacity);
    suite_add_tcase(s, tc);
    return s;
}
