/*
 * OS-free memory counter conversion (see counters.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/counters.h"

size_t pmc_variant(uint32_t cb)
{
    if (cb >= PMC_EX2_SIZE) return PMC_EX2_SIZE;
    if (cb >= PMC_EX_SIZE) return PMC_EX_SIZE;
    if (cb >= PMC_SIZE) return PMC_SIZE;
    return 0;
}

void pmc_from_vm_counters(void *out, uint32_t cb, const struct nt_vm_counters *vm, size_t counters_size)
{
    struct pmc_layout pmc;
    size_t variant = pmc_variant(cb);

    /* the _EX2 counters are unknown: answer with _EX, as systems without them do */
    if (variant == PMC_EX2_SIZE && counters_size < NT_VM_COUNTERS_EX2_SIZE) variant = PMC_EX_SIZE;
    memset(&pmc, 0, sizeof(pmc));
    pmc.cb = (uint32_t)variant;
    pmc.page_fault_count = vm->page_fault_count;
    pmc.usage = vm->usage;
    pmc.private_usage = counters_size >= NT_VM_COUNTERS_EX_SIZE && vm->private_usage
                        ? vm->private_usage : vm->usage.pagefile_usage;
    if (counters_size >= NT_VM_COUNTERS_EX2_SIZE)
    {
        /* counted apart from WorkingSetSize, maybe a moment later: keep them consistent */
        pmc.private_working_set_size = vm->private_working_set_size < vm->usage.working_set_size
                                       ? vm->private_working_set_size : vm->usage.working_set_size;
        pmc.shared_commit_usage = vm->shared_commit_usage;
    }
    memcpy(out, &pmc, variant);
}
