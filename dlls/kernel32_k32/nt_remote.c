/*
 * Walking the heaps of another process from inside it.
 *
 * The heaps of a process can only be walked from inside it (HeapWalk), and
 * NT's own way of doing so from outside (RtlQueryProcessDebugInformation
 * with heap classes) is not available everywhere -- Wine returns success
 * with nothing in the buffer. So a thread is started in the target that
 * runs a small position-independent payload (remote_payload.c) in a block
 * of the target's memory. No DLL is loaded in the target.
 *
 * What the target goes through, whatever happens: one extra thread for the
 * time of the walk, which holds the heap's lock while it walks it, and one
 * block of memory that the thread frees as it exits. The caller waits for
 * the records at most REMOTE_TIMEOUT_MS in all, and never frees the block
 * once the thread exists: a thread held up (a loader lock held in the
 * target blocks every new thread there until it is released; a suspended
 * target) finds its block intact whenever it runs, sets its event for
 * nobody, waits at most RELEASE_TIMEOUT_MS for a caller that is gone, and
 * frees the block. A target that exits takes the thread and the block along.
 *
 * The payload's calls (kernel32, ntdll) must lie at the same address in the
 * target as here: true for both DLLs in processes of one bitness; checked.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"
#include "remote_payload.h"

#define REMOTE_TIMEOUT_MS  10000     /* the caller's wait for one Heap32First or heap list */
#define RELEASE_TIMEOUT_MS 30000     /* the payload's wait for a caller to read the records */
#define FIRST_CAPACITY     16384     /* records of the first try; a second fits them all */

/* TRUE when module is mapped as an image at the same address in process. */
static BOOL same_image_base(HANDLE process, HMODULE module)
{
    MEMORY_BASIC_INFORMATION info;

    return VirtualQueryEx(process, module, &info, sizeof(info)) == sizeof(info)
           && info.AllocationBase == (void *)module && info.Type == MEM_IMAGE;
}

static BOOL same_bitness(HANDLE process)
{
    BOOL self_wow64 = FALSE, target_wow64 = FALSE;

    if (!IsWow64Process(GetCurrentProcess(), &self_wow64)) return FALSE;
    if (!IsWow64Process(process, &target_wow64)) return FALSE;
    return self_wow64 == target_wow64;
}

static SIZE_T align_up(SIZE_T value, SIZE_T align)
{
    return (value + align - 1) & ~(align - 1);
}

/* The header of a block, with every address the payload calls. */
static BOOL fill_header(struct remote_block *header, BYTE *remote, SIZE_T code_offset)
{
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll"), ntdll = GetModuleHandleW(L"ntdll.dll");

    memset(header, 0, sizeof(*header));
    header->work = remote + code_offset + k32_payload_work_offset();
    header->free_memory = (void *)GetProcAddress(ntdll, "NtFreeVirtualMemory");
    header->exit_thread = (void *)GetProcAddress(kernel32, "ExitThread");
    header->set_event = (void *)GetProcAddress(kernel32, "SetEvent");
    header->wait_any = (void *)GetProcAddress(kernel32, "WaitForMultipleObjects");
    header->close_handle = (void *)GetProcAddress(kernel32, "CloseHandle");
    header->get_process_heaps = (void *)GetProcAddress(kernel32, "GetProcessHeaps");
    header->get_process_heap = (void *)GetProcAddress(kernel32, "GetProcessHeap");
    header->heap_lock = (void *)GetProcAddress(kernel32, "HeapLock");
    header->heap_unlock = (void *)GetProcAddress(kernel32, "HeapUnlock");
    header->heap_walk = (void *)GetProcAddress(kernel32, "HeapWalk");
    header->release_timeout = RELEASE_TIMEOUT_MS;
    return header->free_memory && header->exit_thread && header->set_event && header->wait_any
           && header->close_handle && header->get_process_heaps && header->get_process_heap
           && header->heap_lock && header->heap_unlock && header->heap_walk;
}

/* Copies a handle into process; NULL on failure. */
static HANDLE give_handle(HANDLE process, HANDLE handle)
{
    HANDLE copy = NULL;

    if (!DuplicateHandle(GetCurrentProcess(), handle, process, &copy, 0, FALSE, DUPLICATE_SAME_ACCESS)) return NULL;
    return copy;
}

static void take_back_handle(HANDLE process, HANDLE handle)
{
    if (handle) DuplicateHandle(process, handle, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE);
}

/* One run of the payload with room for capacity records. On success the
 * header read back says how many there were (total), and records gets
 * min(total, capacity) of them. */
static NTSTATUS run_payload(HANDLE process, ULONG64 argument, size_t record_size, ULONG capacity,
                            DWORD deadline, void *records, struct remote_block *header)
{
    SIZE_T code_size = k32_payload_end - k32_payload_start;
    SIZE_T code_offset = align_up(sizeof(*header), 16);
    SIZE_T records_offset = align_up(code_offset + code_size, 16);
    SIZE_T size = records_offset + (SIZE_T)capacity * record_size;
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL), release = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE thread = NULL, waits[3];
    NTSTATUS status = STATUS_NO_MEMORY;
    BYTE *remote = NULL;
    DWORD wait, now;

    if (!done || !release) goto done;
    if (!(remote = VirtualAllocEx(process, NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE)))
        goto win32_failed;
    status = STATUS_NOT_SUPPORTED;
    if (!fill_header(header, remote, code_offset)) goto done;
    header->argument = argument;
    header->capacity = capacity;
    header->records_offset = (ULONG)records_offset;
    header->status = K32_STATUS_BAD_DATA;   /* until the payload says */
    if (!(header->done = give_handle(process, done)) || !(header->release[0] = give_handle(process, release))
        || !(header->release[1] = give_handle(process, GetCurrentProcess())))
        goto win32_failed;
    if (!WriteProcessMemory(process, remote, header, sizeof(*header), NULL)
        || !WriteProcessMemory(process, remote + code_offset, k32_payload_start, code_size, NULL)
        || !FlushInstructionCache(process, remote + code_offset, code_size))
        goto win32_failed;
    if (!(thread = CreateRemoteThread(process, NULL, 0, (LPTHREAD_START_ROUTINE)(remote + code_offset), remote,
                                      0, NULL)))
        goto win32_failed;
    /* from here on the block belongs to the thread */

    waits[0] = done;
    waits[1] = thread;
    waits[2] = process;
    now = GetTickCount();
    wait = WaitForMultipleObjects(3, waits, FALSE, (LONG)(deadline - now) > 0 ? deadline - now : 0);
    if (wait == WAIT_OBJECT_0)
    {
        ULONG n;

        if (!ReadProcessMemory(process, remote, header, sizeof(*header), NULL)) status = STATUS_PARTIAL_COPY;
        else if ((status = header->status)) ;
        else if ((n = header->total < capacity ? header->total : capacity)
                 && !ReadProcessMemory(process, remote + records_offset, records, (SIZE_T)n * record_size, NULL))
            status = STATUS_PARTIAL_COPY;
    }
    /* held up, or gone with the process */
    else if (wait == WAIT_TIMEOUT) status = K32_STATUS_TARGET_TIMEOUT;
    else status = STATUS_PROCESS_IS_TERMINATING;
    SetEvent(release);
    /* the block is the thread's to free, unless the thread ended without
     * its records (killed): then nothing uses it any more */
    if (wait != WAIT_OBJECT_0 + 1) remote = NULL;
    goto done;

win32_failed:
    /* a call into the target failed: its own error */
    status = K32_STATUS_FROM_WIN32(GetLastError());
done:
    if (remote)
    {
        /* no thread runs in the block: the caller frees it and its handles */
        take_back_handle(process, header->done);
        take_back_handle(process, header->release[0]);
        take_back_handle(process, header->release[1]);
        VirtualFreeEx(process, remote, 0, MEM_RELEASE);
    }
    if (thread) CloseHandle(thread);
    if (done) CloseHandle(done);
    if (release) CloseHandle(release);
    return status;
}

static NTSTATUS heap_records(DWORD pid, ULONG64 argument, size_t record_size, ULONG max_records,
                             DWORD deadline, void **records, ULONG *count)
{
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll"), ntdll = GetModuleHandleW(L"ntdll.dll");
    struct remote_block header;
    ULONG capacity = FIRST_CAPACITY;
    NTSTATUS status;
    HANDLE process;
    DWORD modules;

    *records = NULL;
    *count = 0;
    status = nt_open_process(pid, PROCESS_CREATE_THREAD | PROCESS_QUERY_INFORMATION | PROCESS_VM_OPERATION
                             | PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE | SYNCHRONIZE, &process);
    if (status) return status;
    /* documented for CreateToolhelp32Snapshot: another bitness cannot be read */
    if (!same_bitness(process)) status = STATUS_PARTIAL_COPY;
    /* a process not yet initialised (created suspended) has no kernel32 yet:
     * a thread started there would run its initialisation */
    else if (!same_image_base(process, kernel32) || !same_image_base(process, ntdll)) status = STATUS_NOT_SUPPORTED;
    /* a loader list that cannot be walked to its end (the target scribbled
     * over its PEB or list): a thread started there would run the loader
     * over it, and may never end */
    else if (nt_enum_modules(process, LIST_MODULES_DEFAULT, NULL, 0, &modules)) status = STATUS_PARTIAL_COPY;
    for (int attempt = 0; !status; attempt++)
    {
        if (capacity > max_records) capacity = max_records;
        if (!(*records = nt_alloc_pages((SIZE_T)capacity * record_size)))
        {
            status = STATUS_NO_MEMORY;
            break;
        }
        status = run_payload(process, argument, record_size, capacity, deadline, *records, &header);
        if (!status && header.total <= capacity)
        {
            *count = header.total;
            break;
        }
        nt_free_pages(*records);
        *records = NULL;
        if (status) break;
        /* the target's count is only a hint, bounded before anything is
         * allocated; a list still growing after a second run is given up */
        if (header.total > max_records) status = STATUS_NO_MEMORY;
        else if (attempt) status = K32_STATUS_LIST_CHANGED;
        else capacity = header.total + header.total / 8;
    }
    CloseHandle(process);
    return status;
}

/* Under Wine a call on another process's address space or threads
 * (VirtualQueryEx, VirtualAllocEx, CreateRemoteThread) is an APC run by the
 * target, and the caller waits for it without a bound: a target that is
 * ending may never run it. So the remote walk runs on a thread of its own
 * and the caller waits for it at most REMOTE_TIMEOUT_MS (plus a second for
 * the thread to start); a walk it gave up on cleans up after itself. (A
 * caller inside DllMain, holding the loader lock, times out: the new thread
 * cannot start before the lock is released.) */
struct remote_job
{
    volatile LONG refs;         /* the caller's and the worker's */
    HMODULE  module;            /* keeps this DLL loaded while the worker runs */
    DWORD    pid;
    ULONG64  argument;
    size_t   record_size;
    ULONG    max_records;
    DWORD    deadline;
    void    *records;
    ULONG    count;
    NTSTATUS status;
};

static void job_release(struct remote_job *job)
{
    if (InterlockedDecrement(&job->refs)) return;
    nt_free_pages(job->records);    /* nobody took them */
    nt_free(job);
}

static DWORD WINAPI remote_worker(void *arg)
{
    struct remote_job *job = arg;
    HMODULE module = job->module;

    job->status = heap_records(job->pid, job->argument, job->record_size, job->max_records, job->deadline,
                               &job->records, &job->count);
    job_release(job);
    FreeLibraryAndExitThread(module, 0);
}

NTSTATUS nt_remote_heap_records(DWORD pid, ULONG64 argument, size_t record_size, ULONG max_records,
                                void **records, ULONG *count)
{
    struct remote_job *job = nt_alloc(sizeof(*job));
    NTSTATUS status = K32_STATUS_TARGET_TIMEOUT;
    HANDLE thread;

    *records = NULL;
    *count = 0;
    if (!job) return STATUS_NO_MEMORY;
    memset(job, 0, sizeof(*job));
    job->refs = 2;
    job->pid = pid;
    job->argument = argument;
    job->record_size = record_size;
    job->max_records = max_records;
    job->deadline = GetTickCount() + REMOTE_TIMEOUT_MS;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)remote_worker, &job->module))
    {
        status = K32_STATUS_FROM_WIN32(GetLastError());
        nt_free(job);
        return status;
    }
    if (!(thread = CreateThread(NULL, 0, remote_worker, job, 0, NULL)))
    {
        FreeLibrary(job->module);
        nt_free(job);
        return STATUS_NO_MEMORY;
    }
    if (WaitForSingleObject(thread, REMOTE_TIMEOUT_MS + 1000) == WAIT_OBJECT_0)
    {
        status = job->status;
        *records = job->records;
        *count = job->count;
        job->records = NULL;
    }
    CloseHandle(thread);
    job_release(job);
    return status;
}
