/*
 * Unit tests of the memory counter conversion (core/counters): which
 * PROCESS_MEMORY_COUNTERS variant a cb asks for, and what is written.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/counters.h"
#include "unit.h"

#define CANARY 0xa5

/* The documented sizes of PROCESS_MEMORY_COUNTERS, _EX and _EX2. */
#if UINTPTR_MAX > 0xffffffffu
enum { DOC_PMC = 72, DOC_PMC_EX = 80, DOC_PMC_EX2 = 96 };
#else
enum { DOC_PMC = 40, DOC_PMC_EX = 44, DOC_PMC_EX2 = 56 };
#endif

/* Every counter a different value, so a swapped field shows (and the
 * private working set inside the working set, as it is counted). */
static void sample_counters(struct nt_vm_counters *vm)
{
    memset(vm, 0, sizeof(*vm));
    vm->peak_virtual_size = 0x1001;
    vm->virtual_size = 0x1002;
    vm->page_fault_count = 0x1003;
    vm->usage.peak_working_set_size = 0x1004;
    vm->usage.working_set_size = 0x1005;
    vm->usage.quota_peak_paged_pool_usage = 0x1006;
    vm->usage.quota_paged_pool_usage = 0x1007;
    vm->usage.quota_peak_non_paged_pool_usage = 0x1008;
    vm->usage.quota_non_paged_pool_usage = 0x1009;
    vm->usage.pagefile_usage = 0x100a;
    vm->usage.peak_pagefile_usage = 0x100b;
    vm->private_usage = 0x100c;
    vm->private_working_set_size = 0x0ffd;
    vm->shared_commit_usage = 0x100e;
}

/* The bytes a conversion writes: the variant cb asks for, except that
 * without the _EX2 counters from NT the answer is _EX (as on systems that
 * do not count them). */
static size_t written_size(uint32_t cb, size_t counters_size)
{
    size_t variant = pmc_variant(cb);

    return variant == PMC_EX2_SIZE && counters_size < NT_VM_COUNTERS_EX2_SIZE ? PMC_EX_SIZE : variant;
}

/* Converts into a buffer of PMC_EX2_SIZE + 8 canary bytes; checks that
 * nothing past written_size() was touched and returns the bytes in *pmc
 * (the rest zeroed). */
static void convert(struct pmc_layout *pmc, uint32_t cb, const struct nt_vm_counters *vm, size_t counters_size)
{
    unsigned char buf[sizeof(struct pmc_layout) + 8];
    size_t variant = written_size(cb, counters_size);
    unsigned char *exact;

    memset(buf, CANARY, sizeof(buf));
    pmc_from_vm_counters(buf, cb, vm, counters_size);
    for (size_t i = variant; i < sizeof(buf); i++)
        ck_assert_msg(buf[i] == CANARY, "cb %u: byte %zu written past %zu", cb, i, variant);
    memset(pmc, 0, sizeof(*pmc));
    memcpy(pmc, buf, variant);

    ck_assert_uint_le(variant, pmc_variant(cb));
    /* the same into an exact-size block, where ASan sees any write past it */
    exact = unit_alloc(variant, CANARY);
    pmc_from_vm_counters(exact, cb, vm, counters_size);
    ck_assert_mem_eq(exact, buf, variant);
    free(exact);
}

START_TEST(test_sizes)
{
    ck_assert_uint_eq(PMC_SIZE, DOC_PMC);
    ck_assert_uint_eq(PMC_EX_SIZE, DOC_PMC_EX);
    ck_assert_uint_eq(PMC_EX2_SIZE, DOC_PMC_EX2);
    ck_assert_uint_eq(sizeof(struct pmc_layout), DOC_PMC_EX2);
    ck_assert_uint_lt(NT_VM_COUNTERS_SIZE, NT_VM_COUNTERS_EX_SIZE);
    ck_assert_uint_lt(NT_VM_COUNTERS_EX_SIZE, NT_VM_COUNTERS_EX2_SIZE);
}
END_TEST

START_TEST(test_variant)
{
    for (uint32_t cb = 0; cb <= sizeof(struct pmc_layout) + 8; cb++)
    {
        size_t expect = cb >= DOC_PMC_EX2 ? DOC_PMC_EX2 : cb >= DOC_PMC_EX ? DOC_PMC_EX
                        : cb >= DOC_PMC ? DOC_PMC : 0;

        ck_assert_msg(pmc_variant(cb) == expect, "cb %u: %zu", cb, pmc_variant(cb));
    }
    ck_assert_uint_eq(pmc_variant(0x10000), PMC_EX2_SIZE);
    ck_assert_uint_eq(pmc_variant(UINT32_MAX), PMC_EX2_SIZE);
}
END_TEST

/* For every cb and every size of counters NT gave: never more than the
 * variant written, cb set to what was written, the common counters copied. */
START_TEST(test_convert_every_cb)
{
    static const size_t counters_sizes[] = { NT_VM_COUNTERS_SIZE, NT_VM_COUNTERS_EX_SIZE, NT_VM_COUNTERS_EX2_SIZE };
    struct nt_vm_counters vm;
    struct pmc_layout pmc;

    sample_counters(&vm);
    for (size_t s = 0; s < sizeof(counters_sizes) / sizeof(counters_sizes[0]); s++)
    {
        for (uint32_t cb = 0; cb <= sizeof(struct pmc_layout) + 8; cb++)
        {
            size_t variant = written_size(cb, counters_sizes[s]);

            convert(&pmc, cb, &vm, counters_sizes[s]);
            if (!variant) continue;
            ck_assert_uint_eq(pmc.cb, variant);
            ck_assert_uint_eq(pmc.page_fault_count, 0x1003);
            ck_assert_uint_eq(pmc.usage.peak_working_set_size, 0x1004);
            ck_assert_uint_eq(pmc.usage.working_set_size, 0x1005);
            ck_assert_uint_eq(pmc.usage.quota_peak_paged_pool_usage, 0x1006);
            ck_assert_uint_eq(pmc.usage.quota_paged_pool_usage, 0x1007);
            ck_assert_uint_eq(pmc.usage.quota_peak_non_paged_pool_usage, 0x1008);
            ck_assert_uint_eq(pmc.usage.quota_non_paged_pool_usage, 0x1009);
            ck_assert_uint_eq(pmc.usage.pagefile_usage, 0x100a);
            ck_assert_uint_eq(pmc.usage.peak_pagefile_usage, 0x100b);
        }
    }
}
END_TEST

/* PrivateUsage: from VM_COUNTERS_EX when NT gave it, else PagefileUsage. */
START_TEST(test_private_usage)
{
    struct nt_vm_counters vm;
    struct pmc_layout pmc;

    sample_counters(&vm);
    convert(&pmc, PMC_EX_SIZE, &vm, NT_VM_COUNTERS_EX_SIZE);
    ck_assert_uint_eq(pmc.private_usage, 0x100c);
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.private_usage, 0x100c);

    /* plain VM_COUNTERS: whatever is in private_usage was not filled by NT */
    convert(&pmc, PMC_EX_SIZE, &vm, NT_VM_COUNTERS_SIZE);
    ck_assert_uint_eq(pmc.private_usage, 0x100a);
    convert(&pmc, PMC_EX_SIZE, &vm, NT_VM_COUNTERS_EX_SIZE - 1);
    ck_assert_uint_eq(pmc.private_usage, 0x100a);

    /* given but zero */
    vm.private_usage = 0;
    convert(&pmc, PMC_EX_SIZE, &vm, NT_VM_COUNTERS_EX_SIZE);
    ck_assert_uint_eq(pmc.private_usage, 0x100a);
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.private_usage, 0x100a);
}
END_TEST

/* PrivateWorkingSetSize and SharedCommitUsage: only from VM_COUNTERS_EX2. */
START_TEST(test_ex2_fields)
{
    static const size_t smaller[] =
    {
        NT_VM_COUNTERS_SIZE, NT_VM_COUNTERS_EX_SIZE, NT_VM_COUNTERS_EX2_SIZE - 8, NT_VM_COUNTERS_EX2_SIZE - 1,
    };
    struct nt_vm_counters vm;
    struct pmc_layout pmc;

    sample_counters(&vm);
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.cb, PMC_EX2_SIZE);
    ck_assert_uint_eq(pmc.private_working_set_size, 0x0ffd);
    ck_assert_uint_eq(pmc.shared_commit_usage, 0x100e);

    /* NT did not give them: the answer is _EX, whatever the buffer held past
     * it stays as it was (convert() checks the canary) */
    for (size_t s = 0; s < sizeof(smaller) / sizeof(smaller[0]); s++)
    {
        convert(&pmc, PMC_EX2_SIZE, &vm, smaller[s]);
        ck_assert_uint_eq(pmc.cb, PMC_EX_SIZE);
        ck_assert_uint_eq(pmc.private_usage, smaller[s] >= NT_VM_COUNTERS_EX_SIZE ? 0x100c : 0x100a);
        ck_assert_uint_eq(pmc.private_working_set_size, 0);
        ck_assert_uint_eq(pmc.shared_commit_usage, 0);
        convert(&pmc, UINT32_MAX, &vm, smaller[s]);
        ck_assert_uint_eq(pmc.cb, PMC_EX_SIZE);
    }

    /* a cb for _EX never gets them, even when NT gave them */
    {
        unsigned char buf[sizeof(struct pmc_layout)];

        memset(buf, CANARY, sizeof(buf));
        pmc_from_vm_counters(buf, PMC_EX2_SIZE - 1, &vm, NT_VM_COUNTERS_EX2_SIZE);
        for (size_t i = PMC_EX_SIZE; i < sizeof(buf); i++) ck_assert_uint_eq(buf[i], CANARY);
    }
}
END_TEST

/* The private working set is part of the working set: NT counts the two
 * apart, maybe a moment apart, so a private part larger than the whole is
 * cut to the whole. */
START_TEST(test_ex2_private_ws_clamped)
{
    struct nt_vm_counters vm;
    struct pmc_layout pmc;

    sample_counters(&vm);
    vm.private_working_set_size = vm.usage.working_set_size + 1;
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.private_working_set_size, vm.usage.working_set_size);
    vm.private_working_set_size = vm.usage.working_set_size;
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.private_working_set_size, vm.usage.working_set_size);
    vm.private_working_set_size = 0;
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.private_working_set_size, 0);
}
END_TEST

/* A 64-bit SharedCommitUsage keeps its high half (it is a ULONG64 on x86 too). */
START_TEST(test_ex2_wide)
{
    struct nt_vm_counters vm;
    struct pmc_layout pmc;

    sample_counters(&vm);
    vm.shared_commit_usage = 0x123456789abcdef0ull;
    convert(&pmc, PMC_EX2_SIZE, &vm, NT_VM_COUNTERS_EX2_SIZE);
    ck_assert_uint_eq(pmc.shared_commit_usage, 0x123456789abcdef0ull);
}
END_TEST

Suite *counters_suite(void)
{
    Suite *s = suite_create("counters");
    TCase *tc;

    tc = tcase_create("variant");
    tcase_add_test(tc, test_sizes);
    tcase_add_test(tc, test_variant);
    suite_add_tcase(s, tc);

    tc = tcase_create("convert");
    tcase_add_test(tc, test_convert_every_cb);
    tcase_add_test(tc, test_private_usage);
    tcase_add_test(tc, test_ex2_fields);
    tcase_add_test(tc, test_ex2_private_ws_clamped);
    tcase_add_test(tc, test_ex2_wide);
    suite_add_tcase(s, tc);
    return s;
}
