/*
 * Unit tests of the bounds of a string ntdll wrote into the caller's
 * buffer (core/ntstring), fed the answers a broken or hostile layer below
 * could give: a Buffer outside the buffer, over the structure, misaligned,
 * a Length past the end or odd.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/ntstring.h"
#include "unit.h"

#define HEADER 16       /* a 64-bit UNICODE_STRING; any header size works */
#define SIZE   (HEADER + 64)

/* The answer as ntdll lays it out: the text right after the structure. */
START_TEST(test_well_formed)
{
    unsigned char *buf = unit_alloc(SIZE, 0);
    size_t count = 99;

    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER, 10, &count), CORE_OK);
    ck_assert_uint_eq(count, 5);
    /* the text fills the buffer to its last byte */
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER, SIZE - HEADER, &count), CORE_OK);
    ck_assert_uint_eq(count, (SIZE - HEADER) / 2);
    /* further in, as long as it ends inside */
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + SIZE - 8, 8, &count), CORE_OK);
    ck_assert_uint_eq(count, 4);
    free(buf);
}
END_TEST

/* Length 0: no text, wherever Buffer points (NULL included). */
START_TEST(test_empty)
{
    unsigned char *buf = unit_alloc(SIZE, 0);
    size_t count = 99;

    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, NULL, 0, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);
    count = 99;
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, (void *)(uintptr_t)1, 0, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);
    free(buf);
}
END_TEST

/* Text that does not lie whole in the buffer past the header. */
START_TEST(test_out_of_bounds)
{
    unsigned char *buf = unit_alloc(SIZE, 0);
    size_t count;

    count = 99;
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER, SIZE - HEADER + 2, &count), CORE_CORRUPT);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + SIZE - 2, 4, &count), CORE_CORRUPT);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + SIZE, 2, &count), CORE_CORRUPT);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + SIZE + 64, 2, &count), CORE_CORRUPT);
    /* before the buffer, and over the structure itself */
    ck_assert_int_eq(ntstring_check(buf + 32, SIZE - 32, HEADER, buf, 4, &count), CORE_CORRUPT);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf, 4, &count), CORE_CORRUPT);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER - 2, 4, &count), CORE_CORRUPT);
    /* NULL with a length, and the largest lengths a UNICODE_STRING holds */
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, NULL, 2, &count), CORE_CORRUPT);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER, 0xfffe, &count), CORE_CORRUPT);
    /* an address that wraps around with the length */
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, (void *)(UINTPTR_MAX - 1), 4, &count), CORE_CORRUPT);
    /* a buffer smaller than its own header */
    ck_assert_int_eq(ntstring_check(buf, HEADER - 1, HEADER, buf + HEADER, 2, &count), CORE_CORRUPT);
    free(buf);
}
END_TEST

/* An odd Length or an odd offset is no UTF-16 text. */
START_TEST(test_odd)
{
    unsigned char *buf = unit_alloc(SIZE, 0);
    size_t count = 99;

    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER, 7, &count), CORE_CORRUPT);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(ntstring_check(buf, SIZE, HEADER, buf + HEADER + 1, 8, &count), CORE_CORRUPT);
    free(buf);
}
END_TEST

/* Every Buffer and Length over a small buffer: whatever passes reads inside. */
START_TEST(test_exhaustive)
{
    unsigned char *buf = unit_alloc(SIZE, 0);
    size_t count;

    for (size_t at = 0; at < SIZE + 8; at++)
        for (size_t length = 0; length < SIZE + 8; length++)
        {
            if (ntstring_check(buf, SIZE, HEADER, buf + at, length, &count) != CORE_OK) continue;
            ck_assert_uint_eq(count * 2, length);
            if (length) ck_assert(at >= HEADER && at + length <= SIZE && !(at % 2));
        }
    free(buf);
}
END_TEST

Suite *ntstring_suite(void)
{
    Suite *s = suite_create("ntstring");
    TCase *tc = tcase_create("bounds");

    tcase_add_test(tc, test_well_formed);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_out_of_bounds);
    tcase_add_test(tc, test_odd);
    tcase_add_test(tc, test_exhaustive);
    suite_add_tcase(s, tc);
    return s;
}
