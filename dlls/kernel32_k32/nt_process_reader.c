/*
 * Reading a process (see nt_process_reader.h): for the module functions,
 * and Toolhelp32ReadProcessMemory's nt_read_process_memory (nt.h).
 *
 * The calling process is read in place, under the loader lock, so that the
 * list cannot change while it is walked and no call reaches the wineserver
 * (under Wine each round trip costs 10 to 100 us). Pointers are still not
 * trusted: every read goes through nt_self_read, a copy that stops where
 * memory cannot be read instead of faulting.
 *
 * Another process is read with NtReadVirtualMemory, a page at a time through
 * a small cache: loader entries and their names come from a few heap pages,
 * so a walk costs a few round trips instead of one or two per module. A page
 * is read only where the data asked for lies, so no page is touched that an
 * exact read would not touch.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "nt_process_reader.h"

/* ------------------------------------------------------------------ memory */

/* The page at addr of another process, from the cache or read now. */
static const unsigned char *remote_page(struct reader *r, uint64_t addr)
{
    unsigned char *slot;
    unsigned int i;

    for (i = 0; i < r->page_count; i++)
        if (r->page_addr[i] == addr) return r->pages + (size_t)i * READER_PAGE;
    if (!r->pages && !(r->pages = nt_alloc(READER_PAGES * READER_PAGE))) return NULL;
    i = r->page_next;
    slot = r->pages + (size_t)i * READER_PAGE;
    if (NtReadVirtualMemory(r->process, (void *)(ULONG_PTR)addr, slot, READER_PAGE, NULL)) return NULL;
    r->page_addr[i] = addr;
    r->page_next = (i + 1) % READER_PAGES;
    if (r->page_count < READER_PAGES) r->page_count++;
    return slot;
}

/* A read that fails is reported as NT reports it, except that an address
 * with nothing readable there is the documented ERROR_PARTIAL_COPY. */
static int read_failed(struct reader *r, NTSTATUS status)
{
    r->status = status == STATUS_ACCESS_VIOLATION || !status ? STATUS_PARTIAL_COPY : status;
    return 1;
}

/* The loader_read_fn of both kinds of process. */
int reader_read(void *ctx, uint64_t address, void *buffer, size_t size)
{
    struct reader *r = ctx;
    unsigned char *out = buffer;

    if (address > (ULONG_PTR)~(ULONG_PTR)0 || size > (ULONG_PTR)~(ULONG_PTR)0 - address)
        return read_failed(r, STATUS_PARTIAL_COPY);   /* past this caller's address space */
    if (!r->process)
    {
        if (nt_self_read(buffer, (const void *)(ULONG_PTR)address, size) != size)
            return read_failed(r, STATUS_PARTIAL_COPY);
        return 0;
    }
    while (size)
    {
        uint64_t page = address & ~(uint64_t)(READER_PAGE - 1);
        size_t offset = (size_t)(address - page), count = READER_PAGE - offset;
        const unsigned char *bytes;

        if (count > size) count = size;
        if (!(bytes = remote_page(r, page)))
        {
            /* no whole page (or no memory for the cache): just what was asked */
            NTSTATUS status = NtReadVirtualMemory(r->process, (void *)(ULONG_PTR)address, out, count, NULL);
            if (status) return read_failed(r, status);
        }
        else memcpy(out, bytes + offset, count);
        out += count;
        address += count;
        size -= count;
    }
    return 0;
}

void reader_forget(struct reader *r)
{
    r->page_count = 0;
}

/* ------------------------------------------------------------------ the process and its PEBs */


/* ProcessWow64Information of a WOW64 process: the address of its 32-bit
 * PEB on Windows ("a pointer to the PEB of the 32-bit process", the
 * NtQueryInformationProcess page), a mere TRUE under Wine 8.0. */
static BOOL wow64_peb_is_address(ULONG_PTR value)
{
    return value >= 0x10000;
}

#ifndef _WIN64
/* Whether this 32-bit process runs under WOW64 (decided once). */
static BOOL self_is_wow64(void)
{
    static volatile LONG wow64 = -1;
    ULONG_PTR peb32 = 0;

    if (wow64 < 0)
    {
        if (NtQueryInformationProcess(GetCurrentProcess(), ProcessWow64Information, &peb32,
                                      sizeof(peb32), NULL))
            peb32 = 0;
        InterlockedExchange(&wow64, peb32 != 0);
    }
    return wow64 > 0;
}
#endif

void target_close(struct target *t)
{
    if (t->locked) LdrUnlockLoaderLock(0, t->cookie);
    nt_free(t->reader.pages);
    t->locked = FALSE;
    t->reader.pages = NULL;
}

/* The calling process: its own PEB, read in place under the loader lock. */
static NTSTATUS target_self(struct target *t)
{
    ULONG disposition;
    NTSTATUS status;

    t->reader.process = NULL;
    t->peb = (ULONG_PTR)RtlGetCurrentPeb();
    t->peb32_known = TRUE;   /* a process reads itself in its own layout only */
    if ((status = LdrLockLoaderLock(0, &disposition, &t->cookie))) return status;
    t->locked = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS target_open(struct target *t, HANDLE process)
{
    PROCESS_BASIC_INFORMATION info;
    ULONG_PTR ldr;
    NTSTATUS status;

    memset(t, 0, sizeof(*t));
    if (process == GetCurrentProcess()) return target_self(t);

    /* needs PROCESS_QUERY_(LIMITED_)INFORMATION; a bad or wrong-type handle fails here */
    if ((status = NtQueryInformationProcess(process, ProcessBasicInformation, &info, sizeof(info), NULL)))
        return status;
    t->peb = (ULONG_PTR)info.PebBaseAddress;
#ifndef _WIN64
    if (self_is_wow64())
    {
        /* "If the function is called by a 32-bit application running under
         * WOW64, it can only enumerate the modules of a 32-bit process. If the
         * process is a 64-bit process, this function fails and the last error
         * code is ERROR_PARTIAL_COPY (299)." (EnumProcessModules page) */
        ULONG_PTR peb32 = 0;

        if ((status = NtQueryInformationProcess(process, ProcessWow64Information, &peb32,
                                                sizeof(peb32), NULL)))
            return status;
        if (!peb32) return STATUS_PARTIAL_COPY;
        /* Windows answers with the address of the 32-bit PEB, Wine 8.0 with
         * TRUE; ProcessBasicInformation already names the 32-bit PEB to a
         * WOW64 caller */
        if (wow64_peb_is_address(peb32)) t->peb = peb32;
    }
#endif
    if (info.UniqueProcessId == GetCurrentProcessId())
    {
        /* the calling process through a real handle: read in place, once
         * one read through the handle has proved it has PROCESS_VM_READ */
        status = NtReadVirtualMemory(process, (char *)(ULONG_PTR)t->peb + loader_peb_ldr_offset(NATIVE_PTR_SIZE),
                                     &ldr, sizeof(ldr), NULL);
        if (status) return status == STATUS_ACCESS_VIOLATION ? STATUS_PARTIAL_COPY : status;
        return target_self(t);
    }
    /* another process: its first read shows whether the handle may read */
    t->reader.process = process;
    return STATUS_SUCCESS;
}

#ifdef _WIN64
/* Where the system only says that a process is WOW64 (Wine), its 32-bit PEB
 * is found where NT places it, on the page after the 64-bit one, and is
 * accepted only when it names the same image as the 64-bit PEB does. */
#define WOW64_PEB_DISTANCE 0x1000

static uint64_t find_peb32(struct target *t)
{
    uint64_t peb32 = t->peb + WOW64_PEB_DISTANCE, image64 = 0;
    uint32_t image32 = 0;

    NTSTATUS status = t->reader.status;   /* a failed probe is no failure of the walk */

    if (reader_read(&t->reader, t->peb + loader_peb_image_base_offset(8), &image64, sizeof(image64))
        || reader_read(&t->reader, peb32 + loader_peb_image_base_offset(4), &image32, sizeof(image32)))
    {
        t->reader.status = status;
        return 0;
    }
    return image64 && image64 == image32 ? peb32 : 0;
}
#endif

uint64_t target_peb32(struct target *t)
{
#ifdef _WIN64
    ULONG_PTR peb32 = 0;

    if (!t->peb32_known)
    {
        if (NtQueryInformationProcess(t->reader.process, ProcessWow64Information, &peb32,
                                      sizeof(peb32), NULL))
            peb32 = 0;
        if (peb32 && !wow64_peb_is_address(peb32)) peb32 = find_peb32(t);
        t->peb32 = peb32;
        t->peb32_known = TRUE;
    }
    return t->peb32;
#else
    (void)t;
    return 0;
#endif
}

/* Toolhelp32ReadProcessMemory's read (see nt.h): the calling process under
 * exception handling (some layers, Wine, copy from reserved or no-access
 * pages of the calling process through NtReadVirtualMemory), another one
 * through a handle with PROCESS_VM_READ. */
NTSTATUS nt_read_process_memory(DWORD pid, const void *base, void *buffer, SIZE_T size, SIZE_T *done)
{
    HANDLE process;
    NTSTATUS status;

    *done = 0;
    if (!pid || pid == GetCurrentProcessId())
    {
        /* through a bounce buffer: a fault reading is a partial copy, a
         * fault writing the caller's buffer is that buffer's */
        char bounce[1024];

        while (*done < size)
        {
            SIZE_T chunk = size - *done < sizeof(bounce) ? size - *done : sizeof(bounce);
            SIZE_T got = nt_self_read(bounce, (const char *)base + *done, chunk);

            if (nt_self_read((char *)buffer + *done, bounce, got) != got) return STATUS_ACCESS_VIOLATION;
            *done += got;
            if (got < chunk) return STATUS_PARTIAL_COPY;
        }
        return STATUS_SUCCESS;
    }
    if ((status = nt_open_process(pid, PROCESS_VM_READ, &process))) return status;
    status = NtReadVirtualMemory(process, base, buffer, size, done);
    NtClose(process);
    return status;
}
