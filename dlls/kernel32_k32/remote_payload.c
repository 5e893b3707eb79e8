/*
 * The code a remote heap walk runs inside another process (see
 * remote_payload.h): copied byte for byte into the target, so it refers to
 * nothing but the block it is given -- no globals, no constants in other
 * sections, no calls but through the block's function pointers.
 *
 * It lies in three sections that the linker sorts and merges in order
 * (.text$k32p0 < .text$k32p1 < .text$k32p2): the entry point in assembly,
 * the work in C, an end marker.
 *
 * The entry point calls the work, then leaves the thread by jumping to
 * NtFreeVirtualMemory(the block) with ExitThread as its return address:
 * the block, this code included, is freed by the thread that ran it, as
 * its last act, so nothing is freed while it may still run.
 * ZwFreeVirtualMemory: https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-zwfreevirtualmemory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>

#include "nt.h"
#include <tlhelp32.h>

#include "remote_payload.h"
#include "core/heaprecord.h"

#ifdef __x86_64__
/* rcx: the block. At entry rsp = E, E % 16 == 8. The work is called with
 * rsp % 16 == 0. NtFreeVirtualMemory(-1, &base, &size, MEM_RELEASE) is
 * entered with rsp = E - 56 (% 16 == 0: the stub is a system call and does
 * not care) and [rsp] = ExitThread, so that ExitThread is entered with
 * rsp % 16 == 8, as after a call. base and size lie above the shadow space. */
__asm__(
    ".section .text$k32p0,\"xr\"\n"
    ".globl k32_payload_start\n"
    "k32_payload_start:\n"
    "    pushq %rbx\n"
    "    movq %rcx, %rbx\n"
    "    subq $32, %rsp\n"
    "    callq *(%rbx)\n"
    "    movq $-1, %rcx\n"
    "    movq %rbx, 24(%rsp)\n"
    "    movq $0, 32(%rsp)\n"
    "    leaq 24(%rsp), %rdx\n"
    "    leaq 32(%rsp), %r8\n"
    "    movl $0x8000, %r9d\n"
    "    movq 16(%rbx), %rax\n"
    "    movq 8(%rbx), %r10\n"
    "    subq $16, %rsp\n"
    "    movq %rax, (%rsp)\n"
    "    jmpq *%r10\n"
    ".section .text$k32p2,\"xr\"\n"
    ".globl k32_payload_end\n"
    "k32_payload_end:\n"
    "    int3\n"
    ".text\n");
#elif defined(__i386__)
/* [esp + 4]: the block. The work (stdcall) pops its argument; then
 * NtFreeVirtualMemory(-1, &base, &size, MEM_RELEASE) is entered with
 * ExitThread as its return address; stdcall pops the four arguments. */
__asm__(
    ".section .text$k32p0,\"xr\"\n"
    ".globl _k32_payload_start\n"
    "_k32_payload_start:\n"
    "    movl 4(%esp), %eax\n"
    "    pushl %ebx\n"
    "    movl %eax, %ebx\n"
    "    pushl %ebx\n"
    "    calll *(%ebx)\n"
    "    subl $8, %esp\n"
    "    movl %ebx, (%esp)\n"
    "    movl $0, 4(%esp)\n"
    "    movl %esp, %ecx\n"
    "    leal 4(%esp), %edx\n"
    "    pushl $0x8000\n"
    "    pushl %edx\n"
    "    pushl %ecx\n"
    "    pushl $-1\n"
    "    pushl 8(%ebx)\n"
    "    jmpl *4(%ebx)\n"
    ".section .text$k32p2,\"xr\"\n"
    ".globl _k32_payload_end\n"
    "_k32_payload_end:\n"
    "    int3\n"
    ".text\n");
#else
#error "the remote payload is written for x86 and x86-64"
#endif

#define PAYLOAD __attribute__((section(".text$k32p1"), noinline, used, \
                               optimize("no-tree-loop-distribute-patterns", "no-stack-protector")))

/* The heap list: GetProcessHeaps into the record area, then each handle
 * widened in place to a heap_summary, from the last one down (record i
 * only covers handles i and up, which are done by then). */
PAYLOAD static void payload_heap_list(struct remote_block *block, BYTE *records)
{
    HANDLE *heaps = (HANDLE *)records, default_heap = block->get_process_heap();
    struct heap_summary *list = (struct heap_summary *)records;
    DWORD count = block->get_process_heaps(block->capacity, heaps);
    DWORD i = count < block->capacity ? count : block->capacity;

    block->total = count;
    while (i--)
    {
        HANDLE heap = heaps[i];

        list[i].id = (ULONG_PTR)heap;
        list[i].flags = heap == default_heap ? HF32_DEFAULT : 0;
        list[i].reserved = 0;
    }
    /* a process lists at least its default heap: none is an answer that breaks the format */
    block->status = count ? STATUS_SUCCESS : K32_STATUS_BAD_DATA;
}

/* The blocks of one heap of the process: only a heap the process lists is
 * walked ("ERROR_NO_MORE_FILES ... if the heap is invalid", Heap32First). */
PAYLOAD static void payload_heap_blocks(struct remote_block *block, BYTE *records)
{
    HANDLE heap = (HANDLE)(ULONG_PTR)block->argument, *heaps = (HANDLE *)records;
    struct heap_block *out = (struct heap_block *)records;
    DWORD count = block->get_process_heaps(block->capacity, heaps), i;
    PROCESS_HEAP_ENTRY entry;
    ULONG n = 0;

    block->status = STATUS_NO_MORE_FILES;
    if (count > block->capacity) count = block->capacity;
    for (i = 0; i < count; i++) if (heaps[i] == heap) break;
    if (i == count) return;
    if (!block->heap_lock(heap))
    {
        block->status = STATUS_ACCESS_DENIED;
        return;
    }
    entry.lpData = NULL;
    while (block->heap_walk(heap, &entry))
    {
        if (entry.wFlags & (PROCESS_HEAP_REGION | PROCESS_HEAP_UNCOMMITTED_RANGE)) continue;
        if (n < block->capacity)
        {
            out[n].address = (ULONG_PTR)entry.lpData;
            out[n].handle = (ULONG_PTR)entry.lpData;
            out[n].size = entry.cbData;
            out[n].lock_count = 0;
            if (!(entry.wFlags & PROCESS_HEAP_ENTRY_BUSY)) out[n].flags = LF32_FREE;
            else if (entry.wFlags & PROCESS_HEAP_ENTRY_MOVEABLE)
            {
                out[n].flags = LF32_MOVEABLE;
                out[n].handle = (ULONG_PTR)entry.Block.hMem;
            }
            else out[n].flags = LF32_FIXED;
        }
        n++;
    }
    block->heap_unlock(heap);
    block->total = n;
    block->status = STATUS_SUCCESS;
}

/* The work: the records, then done, then the wait for the caller (bounded:
 * a caller that is gone or gave up does not keep the block alive). */
PAYLOAD static void WINAPI payload_work(struct remote_block *block)
{
    BYTE *records = (BYTE *)block + block->records_offset;

    block->total = 0;
    if (!block->argument) payload_heap_list(block, records);
    else payload_heap_blocks(block, records);
    block->set_event(block->done);
    block->wait_any(2, block->release, FALSE, block->release_timeout);
    block->close_handle(block->done);
    block->close_handle(block->release[0]);
    block->close_handle(block->release[1]);
}

SIZE_T k32_payload_work_offset(void)
{
    return (const BYTE *)payload_work - k32_payload_start;
}
