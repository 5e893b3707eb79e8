/*
 * OS-free conversion of NT memory counters (VM_COUNTERS_EX2) into the
 * documented PROCESS_MEMORY_COUNTERS family, chosen by the caller's cb.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_COUNTERS_H
#define K32_CORE_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

/* The working-set, pool and pagefile figures, in the order VM_COUNTERS,
 * SYSTEM_PROCESS_INFORMATION and PROCESS_MEMORY_COUNTERS all hold them:
 * one block, so a conversion copies it whole. Every member is pointer
 * sized, so embedding it adds no padding to any of the three layouts. */
struct vm_usage
{
    uintptr_t peak_working_set_size;
    uintptr_t working_set_size;
    uintptr_t quota_peak_paged_pool_usage;
    uintptr_t quota_paged_pool_usage;
    uintptr_t quota_peak_non_paged_pool_usage;
    uintptr_t quota_non_paged_pool_usage;
    uintptr_t pagefile_usage;
    uintptr_t peak_pagefile_usage;
};

/* VM_COUNTERS_EX2 (NtQueryInformationProcess, ProcessVmCounters). */
struct nt_vm_counters
{
    uintptr_t peak_virtual_size;
    uintptr_t virtual_size;
    uint32_t  page_fault_count;
    struct vm_usage usage;
    uintptr_t private_usage;                 /* _EX */
    uintptr_t private_working_set_size;      /* _EX2 */
    uint64_t  shared_commit_usage;           /* _EX2 */
};

#define NT_VM_COUNTERS_SIZE     offsetof(struct nt_vm_counters, private_usage)
#define NT_VM_COUNTERS_EX_SIZE  offsetof(struct nt_vm_counters, private_working_set_size)
#define NT_VM_COUNTERS_EX2_SIZE sizeof(struct nt_vm_counters)

/* PROCESS_MEMORY_COUNTERS_EX2, documented layout; the smaller variants are its prefixes. */
struct pmc_layout
{
    uint32_t  cb;
    uint32_t  page_fault_count;
    struct vm_usage usage;
    uintptr_t private_usage;
    uintptr_t private_working_set_size;
    uint64_t  shared_commit_usage;
};

#define PMC_SIZE     offsetof(struct pmc_layout, private_usage)
#define PMC_EX_SIZE  offsetof(struct pmc_layout, private_working_set_size)
#define PMC_EX2_SIZE sizeof(struct pmc_layout)

/* Which counters a caller's cb asks for: PMC_SIZE, PMC_EX_SIZE or PMC_EX2_SIZE;
 * 0 when cb is too small for even PROCESS_MEMORY_COUNTERS. */
size_t pmc_variant(uint32_t cb);

/* Writes the variant's bytes (pmc_variant(cb) of them, never more) to out;
 * cb in the output is the variant's size. counters_size says how much of vm
 * the NT layer filled: without the _EX2 counters the _EX variant is written;
 * missing PrivateUsage falls back to PagefileUsage, which the documentation
 * defines as the same commit charge. */
void pmc_from_vm_counters(void *out, uint32_t cb, const struct nt_vm_counters *vm, size_t counters_size);

#endif /* K32_CORE_COUNTERS_H */
