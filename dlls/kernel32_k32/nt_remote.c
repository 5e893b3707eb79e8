/*
 * Running a function of this DLL inside another process.
 *
 * The heaps of a process can only be walked from inside it (HeapWalk), and
 * NT's own way of doing so from outside (RtlQueryProcessDebugInformation
 * with heap classes) is not available everywhere -- Wine returns success
 * with nothing in the buffer. So, like that routine does, a thread is
 * started in the target: it loads this DLL there (LoadLibraryW), runs the
 * requested function on a request block written into the target's memory,
 * and unloads it again. The caller then reads the block and the result back.
 *
 * Both functions must lie at the same address in the target as here: true
 * for kernel32 and for this DLL when both processes have the same bitness
 * (system DLLs share their base across processes; ours is checked).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "k32_private.h"

#define REMOTE_TIMEOUT_MS 30000

static HMODULE own_module(void)
{
    HMODULE module = NULL;

    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (const WCHAR *)own_module, &module);
    return module;
}

/* Runs start(param) as a thread of process and returns its exit code. */
static NTSTATUS run_thread(HANDLE process, LPTHREAD_START_ROUTINE start, void *param, DWORD *exit_code)
{
    HANDLE thread = CreateRemoteThread(process, NULL, 0, start, param, 0, NULL);
    DWORD wait;

    if (!thread) return GetLastError() == ERROR_ACCESS_DENIED ? STATUS_ACCESS_DENIED : STATUS_UNSUCCESSFUL;
    wait = WaitForSingleObject(thread, REMOTE_TIMEOUT_MS);
    GetExitCodeThread(thread, exit_code);
    CloseHandle(thread);
    return wait == WAIT_OBJECT_0 ? STATUS_SUCCESS : STATUS_IO_TIMEOUT;
}

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

NTSTATUS nt_remote_call(DWORD pid, LPTHREAD_START_ROUTINE function, struct remote_request *request)
{
    HMODULE self = own_module(), kernel32 = GetModuleHandleW(L"kernel32.dll");
    LPTHREAD_START_ROUTINE load = (LPTHREAD_START_ROUTINE)GetProcAddress(kernel32, "LoadLibraryW");
    LPTHREAD_START_ROUTINE unload = (LPTHREAD_START_ROUTINE)GetProcAddress(kernel32, "FreeLibrary");
    struct remote_request *remote = NULL;
    HANDLE process;
    NTSTATUS status;
    DWORD code = 0;
    BOOL loaded = FALSE;

    if (!GetModuleFileNameW(self, request->dll_path, ARRAY_SIZE(request->dll_path))) return STATUS_UNSUCCESSFUL;
    request->result = 0;
    request->result_size = 0;
    request->status = STATUS_UNSUCCESSFUL;

    status = nt_open_process(pid, PROCESS_CREATE_THREAD | PROCESS_QUERY_INFORMATION | PROCESS_VM_OPERATION
                             | PROCESS_VM_READ | PROCESS_VM_WRITE | SYNCHRONIZE, &process);
    if (status) return status;
    /* documented for CreateToolhelp32Snapshot: another bitness cannot be read */
    if (!same_bitness(process)) status = STATUS_PARTIAL_COPY;
    else if (!same_image_base(process, kernel32)) status = STATUS_NOT_SUPPORTED;
    else if (!(remote = VirtualAllocEx(process, NULL, sizeof(*remote), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)))
        status = STATUS_NO_MEMORY;
    else if (!WriteProcessMemory(process, remote, request, sizeof(*request), NULL))
        status = STATUS_ACCESS_DENIED;
    else if (!(status = run_thread(process, load, remote->dll_path, &code)))
    {
        loaded = code != 0;
        if (!loaded) status = STATUS_DLL_NOT_FOUND;
        else if (!same_image_base(process, self)) status = STATUS_NOT_SUPPORTED;
        else if (!(status = run_thread(process, function, remote, &code))
                 && !ReadProcessMemory(process, remote, request, sizeof(*request), NULL))
            status = STATUS_ACCESS_DENIED;
    }
    if (loaded) run_thread(process, unload, self, &code);
    if (!status && request->status) status = request->status;
    if (remote) VirtualFreeEx(process, remote, 0, MEM_RELEASE);
    if (status && request->result)
    {
        VirtualFreeEx(process, (void *)(ULONG_PTR)request->result, 0, MEM_RELEASE);
        request->result = 0;
    }
    request->process = status ? NULL : process;
    if (status) CloseHandle(process);
    return status;
}

NTSTATUS nt_remote_take_result(struct remote_request *request, void *buffer, SIZE_T size)
{
    void *result = (void *)(ULONG_PTR)request->result;
    NTSTATUS status = STATUS_SUCCESS;

    if (size && !ReadProcessMemory(request->process, result, buffer, size, NULL)) status = STATUS_PARTIAL_COPY;
    if (result) VirtualFreeEx(request->process, result, 0, MEM_RELEASE);
    CloseHandle(request->process);
    request->process = NULL;
    request->result = 0;
    return status;
}
