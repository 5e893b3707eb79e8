/*
 * Unit tests of the string rules shared by the A and W entry points
 * (core/text): copies into fixed fields, base names, narrowing.
 *
 * The code page conversion is a callback; two fakes stand in for the ANSI
 * code page: a Latin-1 one (one byte per character, '?' for the rest) and a
 * "DBCS" one where characters past ASCII take two bytes that must never be
 * split. A canary after each field proves nothing is written past it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/text.h"
#include "unit.h"

#define CANARY 0xa5
#define CANARY_BYTES 8

/* What the last fake call was given, to check the core leaves room for the NUL. */
static size_t fake_dst_size;
static size_t fake_src_chars;

static size_t narrow_latin1(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars)
{
    size_t n = 0;

    fake_dst_size = dst_size;
    fake_src_chars = src_chars;
    for (; n < src_chars && n < dst_size; n++) dst[n] = (char)(src[n] <= 0xff ? src[n] : '?');
    return n;
}

#define DBCS_LEAD(c)  ((unsigned char)(0x81 + ((c) >> 8) % 0x7e))
#define DBCS_TRAIL(c) ((unsigned char)(0x40 + ((c) & 0x3f)))

/* ASCII takes one byte, anything else a lead byte (>= 0x81) and a trail byte;
 * a character that does not fit whole is not written. */
static size_t narrow_dbcs(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars)
{
    size_t n = 0;

    fake_dst_size = dst_size;
    fake_src_chars = src_chars;
    for (size_t i = 0; i < src_chars; i++)
    {
        if (src[i] < 0x80)
        {
            if (n + 1 > dst_size) break;
            dst[n++] = (char)src[i];
        }
        else
        {
            if (n + 2 > dst_size) break;
            dst[n++] = (char)DBCS_LEAD(src[i]);
            dst[n++] = (char)DBCS_TRAIL(src[i]);
        }
    }
    return n;
}

/* A callback that claims more than it was allowed to write (an error value
 * passed through, say): the core must still stay inside the field. */
static size_t narrow_overreport(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars)
{
    narrow_latin1(dst, dst_size, src, src_chars);
    return (size_t)-1;
}

/* Narrows src into a field of dst_size bytes followed by a canary, and
 * checks the rules every result obeys; expect (NULL: not checked) is the
 * field's text. Returns the length. */
static size_t narrow_checked(const uint16_t *src, size_t dst_size, text_narrow_fn fn, const char *expect)
{
    unsigned char *field = unit_alloc(dst_size + CANARY_BYTES, CANARY);
    size_t len;

    fake_dst_size = (size_t)-1;
    len = text_narrow_field((char *)field, dst_size, src, fn);
    ck_assert_uint_lt(len, dst_size);
    ck_assert_uint_eq(field[len], 0);
    ck_assert_uint_le(fake_dst_size, dst_size - 1);
    for (size_t i = 0; i < CANARY_BYTES; i++) ck_assert_uint_eq(field[dst_size + i], CANARY);
    if (expect)
    {
        ck_assert_uint_eq(len, strlen(expect));
        ck_assert_str_eq((char *)field, expect);
    }
    /* the same in an exact-size block, where ASan sees a write past the field */
    free(field);
    field = unit_alloc(dst_size, CANARY);
    ck_assert_uint_eq(text_narrow_field((char *)field, dst_size, src, fn), len);
    free(field);
    return len;
}

/* ------------------------------------------------------------------ text_len_w */

START_TEST(test_len)
{
    uint16_t str[8];

    unit_widen(str, "abc");
    ck_assert_uint_eq(text_len_w(str, 8), 3);
    ck_assert_uint_eq(text_len_w(str, 3), 3);
    ck_assert_uint_eq(text_len_w(str, 2), 2);
    ck_assert_uint_eq(text_len_w(str, 0), 0);
    unit_widen(str, "");
    ck_assert_uint_eq(text_len_w(str, 8), 0);
}
END_TEST

/* ------------------------------------------------------------------ text_copy_w */

START_TEST(test_copy)
{
    uint16_t src[16], dst[16], expect[16];

    unit_widen(src, "notepad.exe");
    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(text_copy_w(dst, 16, src, 11), 11);
    ck_assert_mem_eq(dst, src, 12 * sizeof(uint16_t));
    ck_assert_uint_eq(dst[12], 0xa5a5);

    /* src_chars is a count, not a promise of a NUL */
    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(text_copy_w(dst, 16, src, 7), 7);
    unit_widen(expect, "notepad");
    ck_assert_mem_eq(dst, expect, 8 * sizeof(uint16_t));

    /* exactly fits: dst_chars - 1 characters and the NUL */
    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(text_copy_w(dst, 12, src, 11), 11);
    ck_assert_uint_eq(dst[11], 0);
    ck_assert_uint_eq(dst[12], 0xa5a5);

    /* empty source */
    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(text_copy_w(dst, 16, src, 0), 0);
    ck_assert_uint_eq(dst[0], 0);
    ck_assert_uint_eq(dst[1], 0xa5a5);
}
END_TEST

START_TEST(test_copy_truncate)
{
    uint16_t src[16], expect[16];
    uint16_t *dst;

    unit_widen(src, "notepad.exe");
    for (size_t dst_chars = 1; dst_chars <= 11; dst_chars++)
    {
        /* exact-size destination: ASan sees any write past it */
        dst = unit_alloc(dst_chars * sizeof(uint16_t), 0xa5);
        ck_assert_uint_eq(text_copy_w(dst, dst_chars, src, 11), dst_chars - 1);
        memcpy(expect, src, (dst_chars - 1) * sizeof(uint16_t));
        expect[dst_chars - 1] = 0;
        ck_assert_mem_eq(dst, expect, dst_chars * sizeof(uint16_t));
        free(dst);
    }
}
END_TEST

START_TEST(test_copy_embedded_nul)
{
    uint16_t src[16], dst[16], expect[16];

    unit_widen(src, "abc?def");
    src[3] = 0;
    memset(dst, 0xa5, sizeof(dst));
    ck_assert_uint_eq(text_copy_w(dst, 16, src, 7), 3);
    unit_widen(expect, "abc");
    ck_assert_mem_eq(dst, expect, 4 * sizeof(uint16_t));
    ck_assert_uint_eq(dst[4], 0xa5a5);

    /* a NUL first: empty */
    src[0] = 0;
    ck_assert_uint_eq(text_copy_w(dst, 16, src, 7), 0);
    ck_assert_uint_eq(dst[0], 0);
}
END_TEST

START_TEST(test_copy_edges)
{
    uint16_t src[8], dst[4];

    unit_widen(src, "abc");

    /* one character of room: only the NUL */
    dst[0] = dst[1] = 0xa5a5;
    ck_assert_uint_eq(text_copy_w(dst, 1, src, 3), 0);
    ck_assert_uint_eq(dst[0], 0);
    ck_assert_uint_eq(dst[1], 0xa5a5);

    /* no room at all: nothing written */
    dst[0] = 0xa5a5;
    ck_assert_uint_eq(text_copy_w(dst, 0, src, 3), 0);
    ck_assert_uint_eq(dst[0], 0xa5a5);

    /* no source (a record without a name): an empty string */
    dst[0] = dst[1] = 0xa5a5;
    ck_assert_uint_eq(text_copy_w(dst, 4, NULL, 0), 0);
    ck_assert_uint_eq(dst[0], 0);
    ck_assert_uint_eq(dst[1], 0xa5a5);
    dst[0] = 0xa5a5;
    ck_assert_uint_eq(text_copy_w(dst, 4, NULL, 100), 0);
    ck_assert_uint_eq(dst[0], 0);
}
END_TEST

/* ------------------------------------------------------------------ text_base_name_w */

static void check_base_name(const char *path, const char *expect)
{
    uint16_t wide[64], want[64];
    size_t chars = unit_widen(wide, path), want_chars = unit_widen(want, expect), base_chars = 99;
    const uint16_t *base = text_base_name_w(wide, chars, &base_chars);

    ck_assert_msg(base_chars == want_chars, "%s: %zu characters", path, base_chars);
    ck_assert_ptr_eq(base, wide + chars - want_chars);
    ck_assert_mem_eq(base, want, want_chars * sizeof(uint16_t));
}

START_TEST(test_base_name)
{
    check_base_name("C:\\Windows\\System32\\notepad.exe", "notepad.exe");
    check_base_name("\\SystemRoot\\System32\\smss.exe", "smss.exe");
    check_base_name("\\??\\C:\\x.exe", "x.exe");
    check_base_name("C:/unix/style.exe", "style.exe");
    check_base_name("C:\\mixed/sep\\last.exe", "last.exe");
    check_base_name("C:\\mixed\\sep/last.exe", "last.exe");
    check_base_name("C:\\dir\\", "");
    check_base_name("C:/dir/", "");
    check_base_name("\\", "");
    check_base_name("System", "System");
    check_base_name("C:app.exe", "C:app.exe");
    check_base_name("", "");
}
END_TEST

/* Only the counted characters are searched: a separator past them is not the base. */
START_TEST(test_base_name_counted)
{
    uint16_t path[32];
    size_t base_chars;
    const uint16_t *base;

    unit_widen(path, "dir\\name\\more");
    base = text_base_name_w(path, 8, &base_chars);      /* "dir\name" */
    ck_assert_ptr_eq(base, path + 4);
    ck_assert_uint_eq(base_chars, 4);

    base = text_base_name_w(path, 0, &base_chars);
    ck_assert_ptr_eq(base, path);
    ck_assert_uint_eq(base_chars, 0);
}
END_TEST

/* ------------------------------------------------------------------ text_narrow_field */

START_TEST(test_narrow_latin1)
{
    static const uint16_t e_acute[] = { 'h', 0x00e9, 'l', 'l', 'o', 0 };
    static const uint16_t euro[] = { 'a', 0x20ac, 'b', 0xd83d, 0xde00, 0 };
    uint16_t src[16];

    narrow_checked(e_acute, 16, narrow_latin1, "h\xe9llo");
    ck_assert_uint_eq(fake_src_chars, 5);
    /* not in the code page: the default character, per UTF-16 unit here */
    narrow_checked(euro, 16, narrow_latin1, "a?b??");

    unit_widen(src, "notepad.exe");
    narrow_checked(src, 12, narrow_latin1, "notepad.exe");     /* exactly fits */
    narrow_checked(src, 11, narrow_latin1, "notepad.ex");
    narrow_checked(src, 4, narrow_latin1, "not");
    narrow_checked(src, 2, narrow_latin1, "n");
    narrow_checked(src, 1, narrow_latin1, "");
    ck_assert_uint_eq(fake_dst_size, 0);

    /* the source ends at its NUL */
    src[3] = 0;
    narrow_checked(src, 16, narrow_latin1, "not");
    ck_assert_uint_eq(fake_src_chars, 3);
    unit_widen(src, "");
    narrow_checked(src, 16, narrow_latin1, "");
}
END_TEST

/* The A structures' fields: szExeFile is MAX_PATH, szModule 256. */
START_TEST(test_narrow_long)
{
    static uint16_t src[301];
    char expect[301];

    unit_pattern(src, 300);
    for (size_t i = 0; i < 300; i++) expect[i] = (char)src[i];
    expect[259] = 0;
    narrow_checked(src, 260, narrow_latin1, expect);
    expect[255] = 0;
    narrow_checked(src, 256, narrow_latin1, expect);
}
END_TEST

/* Whatever the field size, a double-byte character is whole or absent. */
START_TEST(test_narrow_dbcs)
{
    static const uint16_t src[] = { 'a', 0x65e5, 0x672c, 'b', 0x00e9, 0 };
    const char full[] =
    {
        'a', (char)DBCS_LEAD(0x65e5), (char)DBCS_TRAIL(0x65e5), (char)DBCS_LEAD(0x672c),
        (char)DBCS_TRAIL(0x672c), 'b', (char)DBCS_LEAD(0x00e9), (char)DBCS_TRAIL(0x00e9), 0
    };
    /* bytes of the result for each field size: whole characters only */
    static const size_t lengths[] = { 0, 0, 1, 1, 3, 3, 5, 6, 6, 8, 8, 8 };

    for (size_t dst_size = 1; dst_size < sizeof(lengths) / sizeof(lengths[0]); dst_size++)
    {
        char expect[16];

        memcpy(expect, full, lengths[dst_size]);
        expect[lengths[dst_size]] = 0;
        narrow_checked(src, dst_size, narrow_dbcs, expect);
    }
}
END_TEST

START_TEST(test_narrow_overreport)
{
    uint16_t src[16];

    unit_widen(src, "notepad.exe");
    narrow_checked(src, 4, narrow_overreport, "not");
    narrow_checked(src, 1, narrow_overreport, "");
    narrow_checked(src, 16, narrow_overreport, NULL);
}
END_TEST

/* No field at all: nothing written, the callback not needed. */
START_TEST(test_narrow_zero)
{
    uint16_t src[8];
    char field = (char)CANARY;

    unit_widen(src, "abc");
    ck_assert_uint_eq(text_narrow_field(&field, 0, src, narrow_latin1), 0);
    ck_assert_uint_eq((unsigned char)field, CANARY);
}
END_TEST

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc;

    tc = tcase_create("copy");
    tcase_add_test(tc, test_len);
    tcase_add_test(tc, test_copy);
    tcase_add_test(tc, test_copy_truncate);
    tcase_add_test(tc, test_copy_embedded_nul);
    tcase_add_test(tc, test_copy_edges);
    suite_add_tcase(s, tc);

    tc = tcase_create("base_name");
    tcase_add_test(tc, test_base_name);
    tcase_add_test(tc, test_base_name_counted);
    suite_add_tcase(s, tc);

    tc = tcase_create("narrow");
    tcase_add_test(tc, test_narrow_latin1);
    tcase_add_test(tc, test_narrow_long);
    tcase_add_test(tc, test_narrow_dbcs);
    tcase_add_test(tc, test_narrow_overreport);
    tcase_add_test(tc, test_narrow_zero);
    suite_add_tcase(s, tc);
    return s;
}
