/*
 * Reads of the calling process's own memory under exception handling: a
 * copy that meets memory it cannot read stops there instead of faulting,
 * with no question asked of the system first (no race between the question
 * and the read, no system call per region).
 *
 * The copy is one `rep movsb` in a routine of its own; a vectored exception
 * handler, present only while a copy runs, moves a fault raised inside that
 * instruction to the routine's exit, where the count not copied is returned.
 * A guard page the copy touches is armed again: reading it must not spend
 * the guard of a thread's stack.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "nt.h"

/* SIZE_T self_copy(void *dst, const void *src, SIZE_T size): the bytes not copied */
SIZE_T self_copy(void *dst, const void *src, SIZE_T size);
extern const char self_copy_start[], self_copy_resume[];

#ifdef _WIN64
__asm__(".text\n"
        ".globl self_copy\n"
        ".def self_copy; .scl 2; .type 32; .endef\n"
        "self_copy:\n\t"
        "pushq %rdi\n\t"
        "pushq %rsi\n\t"
        "movq %rcx, %rdi\n\t"
        "movq %rdx, %rsi\n\t"
        "movq %r8, %rcx\n"
        ".globl self_copy_start\n"
        "self_copy_start:\n\t"
        "rep movsb\n"
        ".globl self_copy_resume\n"
        "self_copy_resume:\n\t"
        "movq %rcx, %rax\n\t"
        "popq %rsi\n\t"
        "popq %rdi\n\t"
        "ret\n");
#define CONTEXT_IP(c) ((c)->Rip)
#else
__asm__(".text\n"
        ".globl _self_copy\n"
        ".def _self_copy; .scl 2; .type 32; .endef\n"
        "_self_copy:\n\t"
        "pushl %edi\n\t"
        "pushl %esi\n\t"
        "movl 12(%esp), %edi\n\t"
        "movl 16(%esp), %esi\n\t"
        "movl 20(%esp), %ecx\n"
        ".globl _self_copy_start\n"
        "_self_copy_start:\n\t"
        "rep movsb\n"
        ".globl _self_copy_resume\n"
        "_self_copy_resume:\n\t"
        "movl %ecx, %eax\n\t"
        "popl %esi\n\t"
        "popl %edi\n\t"
        "ret\n");
#define CONTEXT_IP(c) ((c)->Eip)
#endif

static LONG CALLBACK self_copy_fault(EXCEPTION_POINTERS *info)
{
    EXCEPTION_RECORD *rec = info->ExceptionRecord;
    NTSTATUS code = (NTSTATUS)rec->ExceptionCode;
    ULONG_PTR ip = CONTEXT_IP(info->ContextRecord);
    MEMORY_BASIC_INFORMATION mbi;
    DWORD old;

    if (ip < (ULONG_PTR)self_copy_start || ip >= (ULONG_PTR)self_copy_resume) return EXCEPTION_CONTINUE_SEARCH;
    if (code == STATUS_GUARD_PAGE_VIOLATION && rec->NumberParameters >= 2
        && VirtualQuery((void *)rec->ExceptionInformation[1], &mbi, sizeof(mbi)))
        VirtualProtect((void *)rec->ExceptionInformation[1], 1, mbi.Protect | PAGE_GUARD, &old);
    else if (code != STATUS_ACCESS_VIOLATION && code != STATUS_IN_PAGE_ERROR)
        return EXCEPTION_CONTINUE_SEARCH;
    CONTEXT_IP(info->ContextRecord) = (ULONG_PTR)self_copy_resume;
    return EXCEPTION_CONTINUE_EXECUTION;
}

SIZE_T nt_self_read(void *dst, const void *src, SIZE_T size)
{
    void *handler;
    SIZE_T left;

    if (!size) return 0;
    if (!(handler = AddVectoredExceptionHandler(TRUE, self_copy_fault))) return 0;
    left = self_copy(dst, src, size);
    RemoveVectoredExceptionHandler(handler);
    return size - left;
}
