/*
 * Unit tests of the heap walk records (core/heaprecord): the count of a
 * result another process hands back, whose size comes from that process.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/heaprecord.h"
#include "unit.h"

#define MAX_RECORDS 1000

/* Whole records up to the maximum are counted. */
START_TEST(test_whole_records)
{
    size_t count = 12345;

    ck_assert_int_eq(heap_result_count(0, sizeof(struct heap_block), MAX_RECORDS, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(heap_result_count(sizeof(struct heap_block), sizeof(struct heap_block), MAX_RECORDS, &count),
                     CORE_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(heap_result_count(7 * sizeof(struct heap_summary), sizeof(struct heap_summary), MAX_RECORDS,
                                       &count), CORE_OK);
    ck_assert_uint_eq(count, 7);
    ck_assert_int_eq(heap_result_count((uint64_t)MAX_RECORDS * sizeof(struct heap_block), sizeof(struct heap_block),
                                       MAX_RECORDS, &count), CORE_OK);
    ck_assert_uint_eq(count, MAX_RECORDS);
}
END_TEST

/* A size that is not a whole number of records: every byte short or over. */
START_TEST(test_partial_records)
{
    size_t count, extra;

    for (extra = 1; extra < sizeof(struct heap_block); extra++)
    {
        count = 999;
        ck_assert_int_eq(heap_result_count(3 * sizeof(struct heap_block) + extra, sizeof(struct heap_block),
                                           MAX_RECORDS, &count), CORE_CORRUPT);
        ck_assert_uint_eq(count, 999);   /* untouched */
        ck_assert_int_eq(heap_result_count(extra, sizeof(struct heap_block), MAX_RECORDS, &count), CORE_CORRUPT);
    }
}
END_TEST

/* More records than the reader takes, and sizes that wrap or overflow size_t. */
START_TEST(test_too_many)
{
    size_t count = 999;

    ck_assert_int_eq(heap_result_count((uint64_t)(MAX_RECORDS + 1) * sizeof(struct heap_block),
                                       sizeof(struct heap_block), MAX_RECORDS, &count), CORE_CORRUPT);
    ck_assert_int_eq(heap_result_count(UINT64_MAX - UINT64_MAX % sizeof(struct heap_block),
                                       sizeof(struct heap_block), MAX_RECORDS, &count), CORE_CORRUPT);
    ck_assert_int_eq(heap_result_count(UINT64_MAX, sizeof(struct heap_block), MAX_RECORDS, &count), CORE_CORRUPT);
    /* 2^32 records of 8 bytes: fits in uint64_t, never in the reader's maximum */
    ck_assert_int_eq(heap_result_count((uint64_t)1 << 35, 8, MAX_RECORDS, &count), CORE_CORRUPT);
    ck_assert_int_eq(heap_result_count((uint64_t)1 << 35, 8, SIZE_MAX, &count), CORE_OK);
    ck_assert_uint_eq(count, (size_t)((uint64_t)1 << 32));
    ck_assert_int_eq(heap_result_count(sizeof(struct heap_block), sizeof(struct heap_block), 0, &count),
                     CORE_CORRUPT);
}
END_TEST

/* A record size of 0 divides nothing. */
START_TEST(test_zero_record_size)
{
    size_t count = 999;

    ck_assert_int_eq(heap_result_count(0, 0, MAX_RECORDS, &count), CORE_CORRUPT);
    ck_assert_int_eq(heap_result_count(16, 0, MAX_RECORDS, &count), CORE_CORRUPT);
    ck_assert_uint_eq(count, 999);
}
END_TEST

/* The records have one layout for every bitness: fixed-size fields. */
START_TEST(test_layout)
{
    ck_assert_uint_eq(sizeof(struct heap_block), 32);
    ck_assert_uint_eq(offsetof(struct heap_block, size), 16);
    ck_assert_uint_eq(offsetof(struct heap_block, flags), 24);
    ck_assert_uint_eq(sizeof(struct heap_summary), 16);
    ck_assert_uint_eq(offsetof(struct heap_summary, flags), 8);
}
END_TEST

Suite *heaprecord_suite(void)
{
    Suite *s = suite_create("heaprecord");
    TCase *tc = tcase_create("count");

    tcase_add_test(tc, test_whole_records);
    tcase_add_test(tc, test_partial_records);
    tcase_add_test(tc, test_too_many);
    tcase_add_test(tc, test_zero_record_size);
    tcase_add_test(tc, test_layout);
    suite_add_tcase(s, tc);
    return s;
}
