/*
 * Bad input, function by function: a table of (function, bad input) rows
 * covering every exported function (the 27 PSAPI functions and the 16
 * Toolhelp32 functions). Each row names the call, the input, the expected
 * result and last error, and how much of the caller's buffer the call may
 * write: a failing call writes nothing at all, a succeeding one nothing past
 * the size it was given (checked against a copy of the buffer taken before).
 *
 * The errors are the documented ones where the reference pages give them
 * (ERROR_NO_MORE_FILES for a snapshot without the list asked for or an
 * invalid heap, ERROR_INSUFFICIENT_BUFFER, ERROR_BAD_LENGTH), and otherwise
 * the ones the other tests of this suite established on the platform.
 *
 * Flags of a row:
 *   OURS_ONLY   undocumented input (mostly a NULL pointer) where the platform
 *               may fault: only ours is called; it must fail cleanly.
 *   TODO        the Wine builtin deviates (todo_wine for `system`).
 *   TODO_WRITE  the Wine builtin writes where it must not (todo_wine).
 *   SYS_ANY_ERR the documentation gives no error: `system` is held to the
 *               result, ours to its error too.
 *   SYS_TRACE   the documentation says nothing of the result: `system` is
 *               held to the buffer only, and its answer is traced.
 *   ABORTS      Wine's builtin aborts the process (Heap32First/Next are
 *               stubs): never called for `system` under Wine.
 *   ONLY_WIN64  only in 64-bit builds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <stdio.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

/* psapi.h maps the names to K32<name>; the row macros below pass names
 * through other macros, which would expand them: use the plain names */
#undef EmptyWorkingSet
#undef EnumDeviceDrivers
#undef EnumPageFilesA
#undef EnumPageFilesW
#undef EnumProcessModules
#undef EnumProcessModulesEx
#undef EnumProcesses
#undef GetDeviceDriverBaseNameA
#undef GetDeviceDriverBaseNameW
#undef GetDeviceDriverFileNameA
#undef GetDeviceDriverFileNameW
#undef GetMappedFileNameA
#undef GetMappedFileNameW
#undef GetModuleBaseNameA
#undef GetModuleBaseNameW
#undef GetModuleFileNameExA
#undef GetModuleFileNameExW
#undef GetModuleInformation
#undef GetPerformanceInfo
#undef GetProcessImageFileNameA
#undef GetProcessImageFileNameW
#undef GetProcessMemoryInfo
#undef GetWsChanges
#undef GetWsChangesEx
#undef InitializeProcessForWsWatch
#undef QueryWorkingSet
#undef QueryWorkingSetEx

/* ------------------------------------------------------------------ the functions */

static BOOL (WINAPI *pEmptyWorkingSet)(HANDLE);
static BOOL (WINAPI *pEnumDeviceDrivers)(void **, DWORD, DWORD *);
static BOOL (WINAPI *pEnumPageFilesA)(PENUM_PAGE_FILE_CALLBACKA, void *);
static BOOL (WINAPI *pEnumPageFilesW)(PENUM_PAGE_FILE_CALLBACKW, void *);
static BOOL (WINAPI *pEnumProcessModules)(HANDLE, HMODULE *, DWORD, DWORD *);
static BOOL (WINAPI *pEnumProcessModulesEx)(HANDLE, HMODULE *, DWORD, DWORD *, DWORD);
static BOOL (WINAPI *pEnumProcesses)(DWORD *, DWORD, DWORD *);
static DWORD (WINAPI *pGetDeviceDriverBaseNameA)(void *, char *, DWORD);
static DWORD (WINAPI *pGetDeviceDriverBaseNameW)(void *, WCHAR *, DWORD);
static DWORD (WINAPI *pGetDeviceDriverFileNameA)(void *, char *, DWORD);
static DWORD (WINAPI *pGetDeviceDriverFileNameW)(void *, WCHAR *, DWORD);
static DWORD (WINAPI *pGetMappedFileNameA)(HANDLE, void *, char *, DWORD);
static DWORD (WINAPI *pGetMappedFileNameW)(HANDLE, void *, WCHAR *, DWORD);
static DWORD (WINAPI *pGetModuleBaseNameA)(HANDLE, HMODULE, char *, DWORD);
static DWORD (WINAPI *pGetModuleBaseNameW)(HANDLE, HMODULE, WCHAR *, DWORD);
static DWORD (WINAPI *pGetModuleFileNameExA)(HANDLE, HMODULE, char *, DWORD);
static DWORD (WINAPI *pGetModuleFileNameExW)(HANDLE, HMODULE, WCHAR *, DWORD);
static BOOL (WINAPI *pGetModuleInformation)(HANDLE, HMODULE, MODULEINFO *, DWORD);
static BOOL (WINAPI *pGetPerformanceInfo)(PERFORMANCE_INFORMATION *, DWORD);
static DWORD (WINAPI *pGetProcessImageFileNameA)(HANDLE, char *, DWORD);
static DWORD (WINAPI *pGetProcessImageFileNameW)(HANDLE, WCHAR *, DWORD);
static BOOL (WINAPI *pGetProcessMemoryInfo)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD);
static BOOL (WINAPI *pGetWsChanges)(HANDLE, PSAPI_WS_WATCH_INFORMATION *, DWORD);
static BOOL (WINAPI *pGetWsChangesEx)(HANDLE, PSAPI_WS_WATCH_INFORMATION_EX *, DWORD *);
static BOOL (WINAPI *pInitializeProcessForWsWatch)(HANDLE);
static BOOL (WINAPI *pQueryWorkingSet)(HANDLE, void *, DWORD);
static BOOL (WINAPI *pQueryWorkingSetEx)(HANDLE, void *, DWORD);

static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pHeap32First)(HEAPENTRY32 *, DWORD, ULONG_PTR);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32Next)(HEAPENTRY32 *);
static BOOL (WINAPI *pModule32First)(HANDLE, MODULEENTRY32 *);
static BOOL (WINAPI *pModule32FirstW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pModule32Next)(HANDLE, MODULEENTRY32 *);
static BOOL (WINAPI *pModule32NextW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pProcess32First)(HANDLE, PROCESSENTRY32 *);
static BOOL (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pProcess32Next)(HANDLE, PROCESSENTRY32 *);
static BOOL (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
static BOOL (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pThread32Next)(HANDLE, THREADENTRY32 *);
static BOOL (WINAPI *pToolhelp32ReadProcessMemory)(DWORD, const void *, void *, SIZE_T, SIZE_T *);

static void init_functions(void)
{
    IMPL_PSAPI(EmptyWorkingSet);
    IMPL_PSAPI(EnumDeviceDrivers);
    IMPL_PSAPI(EnumPageFilesA);
    IMPL_PSAPI(EnumPageFilesW);
    IMPL_PSAPI(EnumProcessModules);
    IMPL_PSAPI(EnumProcessModulesEx);
    IMPL_PSAPI(EnumProcesses);
    IMPL_PSAPI(GetDeviceDriverBaseNameA);
    IMPL_PSAPI(GetDeviceDriverBaseNameW);
    IMPL_PSAPI(GetDeviceDriverFileNameA);
    IMPL_PSAPI(GetDeviceDriverFileNameW);
    IMPL_PSAPI(GetMappedFileNameA);
    IMPL_PSAPI(GetMappedFileNameW);
    IMPL_PSAPI(GetModuleBaseNameA);
    IMPL_PSAPI(GetModuleBaseNameW);
    IMPL_PSAPI(GetModuleFileNameExA);
    IMPL_PSAPI(GetModuleFileNameExW);
    IMPL_PSAPI(GetModuleInformation);
    IMPL_PSAPI(GetPerformanceInfo);
    IMPL_PSAPI(GetProcessImageFileNameA);
    IMPL_PSAPI(GetProcessImageFileNameW);
    IMPL_PSAPI(GetProcessMemoryInfo);
    IMPL_PSAPI(GetWsChanges);
    IMPL_PSAPI(GetWsChangesEx);
    IMPL_PSAPI(InitializeProcessForWsWatch);
    IMPL_PSAPI(QueryWorkingSet);
    IMPL_PSAPI(QueryWorkingSetEx);

    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Heap32First);
    IMPL_TOOLHELP(Heap32ListFirst);
    IMPL_TOOLHELP(Heap32ListNext);
    IMPL_TOOLHELP(Heap32Next);
    IMPL_TOOLHELP(Module32First);
    IMPL_TOOLHELP(Module32FirstW);
    IMPL_TOOLHELP(Module32Next);
    IMPL_TOOLHELP(Module32NextW);
    IMPL_TOOLHELP(Process32First);
    IMPL_TOOLHELP(Process32FirstW);
    IMPL_TOOLHELP(Process32Next);
    IMPL_TOOLHELP(Process32NextW);
    IMPL_TOOLHELP(Thread32First);
    IMPL_TOOLHELP(Thread32Next);
    IMPL_TOOLHELP(Toolhelp32ReadProcessMemory);
}

/* ------------------------------------------------------------------ the inputs */

enum handle_kind
{
    H_NONE,         /* the function takes no handle */
    H_SELF,         /* GetCurrentProcess() */
    H_BOGUS,        /* (HANDLE)0xdeadbee0, no handle at all */
    H_NULL,
    H_INVALID,      /* INVALID_HANDLE_VALUE: for snapshots only (it is the
                     * current-process pseudo-handle for process handles) */
    H_CLOSED,       /* a handle of the right type, closed: a process
                     * handle for process functions, a snapshot for walks */
    H_EVENT,        /* a handle of the wrong type */
    H_SYNCHRONIZE,  /* the current process opened with SYNCHRONIZE only */
    H_TERMINATE,    /* ... with PROCESS_TERMINATE only */
    H_QUERY,        /* ... with PROCESS_QUERY_INFORMATION only */
    H_SNAP,         /* a snapshot of the current process, flags in value */
};

enum arg_kind
{
    A_VALUE,        /* row->value as it is */
    A_NULL,
    A_KERNEL32,     /* kernel32.dll's HMODULE, a module every process has */
    A_BAD_MODULE,   /* (HMODULE)0x1234 */
    A_EXE,          /* the executable's image (a mapped file) */
    A_PRIVATE,      /* a committed private page (no file mapped there) */
    A_DRIVER,       /* a device driver's load address (rows skipped without one) */
    A_NOT_DRIVER,   /* an address of this process, where no driver is */
    A_NULL_DRIVER,  /* NULL, where no driver is unless the system hides their
                     * addresses (rows skipped then) */
    A_HEAP_BLOCK,   /* a block of the process heap: not a heap id */
    A_HEAP,         /* the process heap's id */
};

enum pid_kind { P_SELF, P_ZERO, P_MISSING };    /* P_MISSING: 0xfffffff0, no process */
#define MISSING_PID 0xfffffff0

enum buf_kind { B_BUF, B_NULL };
enum out_kind { O_OUT, O_NULL };
enum expect { FAILS, SUCCEEDS };

/* What the buffer holds before the call (the rest is canary). */
enum init_kind
{
    I_NONE,
    I_DWSIZE,       /* a Toolhelp32 structure: its dwSize is row->size */
    I_HEAPENTRY,    /* HEAPENTRY32: dwSize row->size, this process, heap id row's arg */
    I_WSEX,         /* PSAPI_WORKING_SET_EX_INFORMATION: a committed page */
};

#define OURS_ONLY   0x01
#define TODO        0x02
#define TODO_WRITE  0x04
#define SYS_ANY_ERR 0x08
#define SYS_TRACE   0x10
#define ABORTS      0x20
#define ONLY_WIN64  0x40

/* The resolved arguments of one call. */
struct args
{
    HANDLE handle;
    DWORD pid;
    ULONG_PTR arg;
    void *buf;
    DWORD size;
    void *out;
};

struct row
{
    const char *func;
    void **proc;                    /* the function pointer, NULL when missing */
    BOOL (*call)(const struct args *a, ULONG_PTR *raw);
    const char *what;
    enum handle_kind handle;
    enum pid_kind pid;
    enum arg_kind arg;
    ULONG_PTR value;
    enum buf_kind buf;
    DWORD size;
    enum out_kind out;
    enum init_kind init;
    enum expect expect;
    DWORD error;                    /* expected last error of a failure */
    DWORD error2;                   /* another accepted one (0: none) */
    DWORD broken_error;             /* one accepted on Windows only (0: none) */
    DWORD keep;                     /* bytes of the buffer the call may write */
    unsigned int flags;
};

/* ------------------------------------------------------------------ the thunks */

/* Each returns whether the call succeeded and its raw result. */
#define THUNK_BOOL(name, ...) \
    static BOOL call_##name(const struct args *a, ULONG_PTR *raw) \
    { \
        BOOL ret = p##name(__VA_ARGS__); \
        *raw = ret; \
        return ret; \
    }
#define THUNK_DWORD(name, ...) \
    static BOOL call_##name(const struct args *a, ULONG_PTR *raw) \
    { \
        DWORD ret = p##name(__VA_ARGS__); \
        *raw = ret; \
        return ret != 0; \
    }

THUNK_BOOL(EmptyWorkingSet, a->handle)
THUNK_BOOL(EnumDeviceDrivers, a->buf, a->size, a->out)
THUNK_BOOL(EnumPageFilesA, (PENUM_PAGE_FILE_CALLBACKA)a->arg, NULL)
THUNK_BOOL(EnumPageFilesW, (PENUM_PAGE_FILE_CALLBACKW)a->arg, NULL)
THUNK_BOOL(EnumProcessModules, a->handle, a->buf, a->size, a->out)
THUNK_BOOL(EnumProcessModulesEx, a->handle, a->buf, a->size, a->out, (DWORD)a->arg)
THUNK_BOOL(EnumProcesses, a->buf, a->size, a->out)
THUNK_DWORD(GetDeviceDriverBaseNameA, (void *)a->arg, a->buf, a->size)
THUNK_DWORD(GetDeviceDriverBaseNameW, (void *)a->arg, a->buf, a->size)
THUNK_DWORD(GetDeviceDriverFileNameA, (void *)a->arg, a->buf, a->size)
THUNK_DWORD(GetDeviceDriverFileNameW, (void *)a->arg, a->buf, a->size)
THUNK_DWORD(GetMappedFileNameA, a->handle, (void *)a->arg, a->buf, a->size)
THUNK_DWORD(GetMappedFileNameW, a->handle, (void *)a->arg, a->buf, a->size)
THUNK_DWORD(GetModuleBaseNameA, a->handle, (HMODULE)a->arg, a->buf, a->size)
THUNK_DWORD(GetModuleBaseNameW, a->handle, (HMODULE)a->arg, a->buf, a->size)
THUNK_DWORD(GetModuleFileNameExA, a->handle, (HMODULE)a->arg, a->buf, a->size)
THUNK_DWORD(GetModuleFileNameExW, a->handle, (HMODULE)a->arg, a->buf, a->size)
THUNK_BOOL(GetModuleInformation, a->handle, (HMODULE)a->arg, a->buf, a->size)
THUNK_BOOL(GetPerformanceInfo, a->buf, a->size)
THUNK_DWORD(GetProcessImageFileNameA, a->handle, a->buf, a->size)
THUNK_DWORD(GetProcessImageFileNameW, a->handle, a->buf, a->size)
THUNK_BOOL(GetProcessMemoryInfo, a->handle, a->buf, a->size)
THUNK_BOOL(GetWsChanges, a->handle, a->buf, a->size)
THUNK_BOOL(GetWsChangesEx, a->handle, a->buf, a->out)
THUNK_BOOL(InitializeProcessForWsWatch, a->handle)
THUNK_BOOL(QueryWorkingSet, a->handle, a->buf, a->size)
THUNK_BOOL(QueryWorkingSetEx, a->handle, a->buf, a->size)

THUNK_BOOL(Heap32First, a->buf, a->pid, a->arg)
THUNK_BOOL(Heap32ListFirst, a->handle, a->buf)
THUNK_BOOL(Heap32ListNext, a->handle, a->buf)
THUNK_BOOL(Heap32Next, a->buf)
THUNK_BOOL(Module32First, a->handle, a->buf)
THUNK_BOOL(Module32FirstW, a->handle, a->buf)
THUNK_BOOL(Module32Next, a->handle, a->buf)
THUNK_BOOL(Module32NextW, a->handle, a->buf)
THUNK_BOOL(Process32First, a->handle, a->buf)
THUNK_BOOL(Process32FirstW, a->handle, a->buf)
THUNK_BOOL(Process32Next, a->handle, a->buf)
THUNK_BOOL(Process32NextW, a->handle, a->buf)
THUNK_BOOL(Thread32First, a->handle, a->buf)
THUNK_BOOL(Thread32Next, a->handle, a->buf)
THUNK_BOOL(Toolhelp32ReadProcessMemory, a->pid, (const void *)a->arg, a->buf, a->size, a->out)

static BOOL call_CreateToolhelp32Snapshot(const struct args *a, ULONG_PTR *raw)
{
    HANDLE snap = pCreateToolhelp32Snapshot((DWORD)a->arg, a->pid);

    *raw = (ULONG_PTR)snap;
    if (snap == INVALID_HANDLE_VALUE) return FALSE;
    CloseHandle(snap);
    return TRUE;
}

/* ------------------------------------------------------------------ the table */

#define FN(name) #name, (void **)&p##name, call_##name

/* The six bad process handles of a function taking one (arg, size: the
 * rest of a call that would succeed with a good handle). The access rights
 * a process handle needs are each function's documented ones; SYNCHRONIZE
 * and PROCESS_TERMINATE grant none of them. */
#define PROCESS_HANDLE_ROWS(name, arg_, size_, init_, flags_) \
    { FN(name), "bogus handle", H_BOGUS, .arg = arg_, .size = size_, .init = init_, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "NULL handle", H_NULL, .arg = arg_, .size = size_, .init = init_, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "closed handle", H_CLOSED, .arg = arg_, .size = size_, .init = init_, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "event handle", H_EVENT, .arg = arg_, .size = size_, .init = init_, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "SYNCHRONIZE only", H_SYNCHRONIZE, .arg = arg_, .size = size_, .init = init_, .error = ERROR_ACCESS_DENIED, .flags = flags_ }, \
    { FN(name), "PROCESS_TERMINATE only", H_TERMINATE, .arg = arg_, .size = size_, .init = init_, .error = ERROR_ACCESS_DENIED, .flags = flags_ }

/* The rows of a snapshot walk function: bad snapshot handles, dwSize too
 * small, a NULL entry, and a snapshot without the list ("ERROR_NO_MORE_FILES
 * ... if the snapshot does not contain <the list's> information"). flags_
 * are those of every row but the dwSize ones, which have small_flags: the
 * structures document the dwSize check for the First functions only, so the
 * Next functions' rows are OURS_ONLY. */
#define WALK_ROWS(name, type, list, other, flags_, small_flags) \
    { FN(name), "bogus handle", H_BOGUS, .size = sizeof(type), .init = I_DWSIZE, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "NULL handle", H_NULL, .size = sizeof(type), .init = I_DWSIZE, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "INVALID_HANDLE_VALUE", H_INVALID, .size = sizeof(type), .init = I_DWSIZE, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "closed snapshot", H_CLOSED, .size = sizeof(type), .init = I_DWSIZE, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "event handle", H_EVENT, .size = sizeof(type), .init = I_DWSIZE, .error = ERROR_INVALID_HANDLE, .flags = flags_ }, \
    { FN(name), "dwSize 0", H_SNAP, .value = list, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = small_flags }, \
    { FN(name), "dwSize one short", H_SNAP, .value = list, .size = sizeof(type) - 1, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = small_flags }, \
    { FN(name), "NULL entry", H_SNAP, .value = list, .buf = B_NULL, .error = ERROR_BAD_LENGTH, .flags = OURS_ONLY }, \
    { FN(name), "snapshot without the list", H_SNAP, .value = other, .size = sizeof(type), .init = I_DWSIZE, .error = ERROR_NO_MORE_FILES, .flags = flags_ }

#define NAME_CHARS MAX_PATH

static const struct row rows[] =
{
    /* ---- EmptyWorkingSet: PROCESS_SET_QUOTA and a query right */
    PROCESS_HANDLE_ROWS(EmptyWorkingSet, A_VALUE, 0, I_NONE, TODO),
    { FN(EmptyWorkingSet), "PROCESS_QUERY_INFORMATION only", H_QUERY, .error = ERROR_ACCESS_DENIED, .flags = TODO },

    /* ---- EnumDeviceDrivers */
    { FN(EnumDeviceDrivers), "cb 0", .size = 0, .expect = SUCCEEDS },
    { FN(EnumDeviceDrivers), "cb of less than an address", .size = sizeof(void *) - 1, .expect = SUCCEEDS },
    /* the array is written first, then lpcbNeeded faults (docs/conformance.md, "Order of checks") */
    { FN(EnumDeviceDrivers), "NULL lpcbNeeded", .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .keep = 64, .flags = OURS_ONLY },
    { FN(EnumDeviceDrivers), "NULL array, cb 64", .buf = B_NULL, .size = 64, .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- EnumPageFilesA/W: the callback is not optional */
    { FN(EnumPageFilesA), "NULL callback", .arg = A_NULL, .error = ERROR_INVALID_PARAMETER, .flags = OURS_ONLY },
    { FN(EnumPageFilesW), "NULL callback", .arg = A_NULL, .error = ERROR_INVALID_PARAMETER, .flags = OURS_ONLY },

    /* ---- EnumProcessModules(Ex): PROCESS_QUERY_INFORMATION and PROCESS_VM_READ */
    PROCESS_HANDLE_ROWS(EnumProcessModules, A_VALUE, 64, I_NONE, 0),
    { FN(EnumProcessModules), "cb 0", H_SELF, .size = 0, .expect = SUCCEEDS },
    { FN(EnumProcessModules), "cb of less than a module", H_SELF, .size = sizeof(HMODULE) - 1, .expect = SUCCEEDS },
    { FN(EnumProcessModules), "NULL array, cb 0", H_SELF, .buf = B_NULL, .size = 0, .expect = SUCCEEDS },
    /* the list is written first, then lpcbNeeded faults (observed on Windows) */
    { FN(EnumProcessModules), "NULL lpcbNeeded", H_SELF, .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .keep = 64 },
    { FN(EnumProcessModules), "NULL array, cb 64", H_SELF, .buf = B_NULL, .size = 64, .error = ERROR_NOACCESS },
    PROCESS_HANDLE_ROWS(EnumProcessModulesEx, A_VALUE, 64, I_NONE, 0),
    { FN(EnumProcessModulesEx), "cb 0", H_SELF, .size = 0, .expect = SUCCEEDS },
    { FN(EnumProcessModulesEx), "cb of less than a module", H_SELF, .size = sizeof(HMODULE) - 1, .expect = SUCCEEDS },
    { FN(EnumProcessModulesEx), "NULL lpcbNeeded", H_SELF, .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .keep = 64 },
    { FN(EnumProcessModulesEx), "NULL array, cb 64", H_SELF, .buf = B_NULL, .size = 64, .error = ERROR_NOACCESS },
    /* an undocumented filter bit (a 32-bit caller's filter is ignored) */
    { FN(EnumProcessModulesEx), "filter 4", H_SELF, .value = 4, .size = 64, .error = ERROR_INVALID_PARAMETER, .flags = OURS_ONLY | ONLY_WIN64 },

    /* ---- EnumProcesses: a short or odd cb is filled with the whole ids that fit */
    { FN(EnumProcesses), "cb 0", .size = 0, .expect = SUCCEEDS },
    { FN(EnumProcesses), "cb 3", .size = 3, .expect = SUCCEEDS },
    { FN(EnumProcesses), "cb 5", .size = 5, .expect = SUCCEEDS, .keep = sizeof(DWORD) },
    { FN(EnumProcesses), "NULL lpcbNeeded", .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .keep = 64, .flags = OURS_ONLY },
    { FN(EnumProcesses), "NULL array, cb 64", .buf = B_NULL, .size = 64, .error = ERROR_NOACCESS, .flags = OURS_ONLY },
    { FN(EnumProcesses), "NULL array and lpcbNeeded", .buf = B_NULL, .size = 0, .out = O_NULL, .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- GetDeviceDriverBaseName/FileName(A/W): the documentation names no
     * error for an address without a driver; ours answers as for a bad handle.
     * The Wine builtin writes an empty name into the buffer when it fails */
#define DRIVER_ROWS(name) \
    { FN(name), "address of no driver", .arg = A_NOT_DRIVER, .size = NAME_CHARS, .error = ERROR_INVALID_HANDLE, .flags = SYS_ANY_ERR | TODO_WRITE }, \
    { FN(name), "NULL address", .arg = A_NULL_DRIVER, .size = NAME_CHARS, .error = ERROR_INVALID_HANDLE, .flags = SYS_ANY_ERR | TODO_WRITE }, \
    { FN(name), "nSize 0", .arg = A_DRIVER, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER, .flags = SYS_ANY_ERR }, \
    { FN(name), "NULL buffer", .arg = A_DRIVER, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_NOACCESS, .flags = OURS_ONLY }
    DRIVER_ROWS(GetDeviceDriverBaseNameA),
    DRIVER_ROWS(GetDeviceDriverBaseNameW),
    DRIVER_ROWS(GetDeviceDriverFileNameA),
    DRIVER_ROWS(GetDeviceDriverFileNameW),

    /* ---- GetMappedFileNameA/W: PROCESS_QUERY_INFORMATION. No view at the
     * address: STATUS_INVALID_ADDRESS, ERROR_UNEXP_NET_ERR as NT maps it */
    PROCESS_HANDLE_ROWS(GetMappedFileNameA, A_EXE, NAME_CHARS, I_NONE, 0),
    { FN(GetMappedFileNameA), "NULL address", H_SELF, .arg = A_NULL, .size = NAME_CHARS, .error = ERROR_UNEXP_NET_ERR },
    { FN(GetMappedFileNameA), "private memory", H_SELF, .arg = A_PRIVATE, .size = NAME_CHARS, .error = ERROR_UNEXP_NET_ERR },
    /* the result of nSize 0 is not documented; nothing may be written */
    { FN(GetMappedFileNameA), "nSize 0", H_SELF, .arg = A_EXE, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER, .flags = SYS_TRACE },
    /* observed on Windows */
    { FN(GetMappedFileNameA), "NULL buffer", H_SELF, .arg = A_EXE, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_PARAMETER },
    PROCESS_HANDLE_ROWS(GetMappedFileNameW, A_EXE, NAME_CHARS, I_NONE, 0),
    { FN(GetMappedFileNameW), "NULL address", H_SELF, .arg = A_NULL, .size = NAME_CHARS, .error = ERROR_UNEXP_NET_ERR },
    { FN(GetMappedFileNameW), "private memory", H_SELF, .arg = A_PRIVATE, .size = NAME_CHARS, .error = ERROR_UNEXP_NET_ERR },
    /* nothing can be copied; the Wine builtin returns the length and writes a NUL */
    { FN(GetMappedFileNameW), "nSize 0", H_SELF, .arg = A_EXE, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER, .flags = SYS_ANY_ERR | TODO | TODO_WRITE },
    { FN(GetMappedFileNameW), "NULL buffer", H_SELF, .arg = A_EXE, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_PARAMETER },

    /* ---- GetModuleBaseName/FileNameEx(A/W): PROCESS_QUERY_INFORMATION and
     * PROCESS_VM_READ; a module not in the process: ERROR_INVALID_HANDLE */
#define MODULE_NAME_ROWS(name, handle_flags, bad_module_flags, size0_flags) \
    PROCESS_HANDLE_ROWS(name, A_KERNEL32, NAME_CHARS, I_NONE, handle_flags), \
    { FN(name), "module not loaded", H_SELF, .arg = A_BAD_MODULE, .size = NAME_CHARS, .error = ERROR_INVALID_HANDLE, .flags = bad_module_flags }, \
    { FN(name), "nSize 0", H_SELF, .arg = A_KERNEL32, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER, .flags = SYS_ANY_ERR | size0_flags }, \
    { FN(name), "NULL buffer", H_SELF, .arg = A_KERNEL32, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_NOACCESS, .flags = OURS_ONLY }
    MODULE_NAME_ROWS(GetModuleBaseNameA, 0, 0, 0),
    /* the Wine builtin writes a NUL into a buffer of no characters */
    MODULE_NAME_ROWS(GetModuleBaseNameW, 0, 0, TODO_WRITE),
    /* the Wine builtin's A function writes into the buffer when it fails, and
     * gives ERROR_MOD_NOT_FOUND for a module the calling process lacks */
    MODULE_NAME_ROWS(GetModuleFileNameExA, TODO_WRITE, TODO | TODO_WRITE, 0),
    MODULE_NAME_ROWS(GetModuleFileNameExW, 0, 0, 0),

    /* ---- GetModuleInformation: cb below sizeof(MODULEINFO) */
    PROCESS_HANDLE_ROWS(GetModuleInformation, A_KERNEL32, sizeof(MODULEINFO), I_NONE, 0),
    { FN(GetModuleInformation), "module not loaded", H_SELF, .arg = A_BAD_MODULE, .size = sizeof(MODULEINFO), .error = ERROR_INVALID_HANDLE },
    { FN(GetModuleInformation), "cb 0", H_SELF, .arg = A_KERNEL32, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetModuleInformation), "cb one short", H_SELF, .arg = A_KERNEL32, .size = sizeof(MODULEINFO) - 1, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetModuleInformation), "NULL buffer", H_SELF, .arg = A_KERNEL32, .buf = B_NULL, .size = sizeof(MODULEINFO), .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- GetPerformanceInfo: cb is the size of the structure */
    { FN(GetPerformanceInfo), "cb 0", .size = 0, .error = ERROR_BAD_LENGTH },
    { FN(GetPerformanceInfo), "cb one short", .size = sizeof(PERFORMANCE_INFORMATION) - 1, .error = ERROR_BAD_LENGTH },
    { FN(GetPerformanceInfo), "NULL buffer", .buf = B_NULL, .size = sizeof(PERFORMANCE_INFORMATION), .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- GetProcessImageFileNameA/W: PROCESS_QUERY_(LIMITED_)INFORMATION;
     * a name that does not fit: ERROR_INSUFFICIENT_BUFFER (older Windows:
     * ERROR_BAD_LENGTH) */
#define IMAGE_NAME_ROWS(name) \
    PROCESS_HANDLE_ROWS(name, A_VALUE, NAME_CHARS, I_NONE, 0), \
    { FN(name), "nSize 0", H_SELF, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER, .broken_error = ERROR_BAD_LENGTH }, \
    { FN(name), "NULL buffer", H_SELF, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_NOACCESS, .flags = OURS_ONLY }, \
    { FN(name), "NULL buffer, nSize 0", H_SELF, .buf = B_NULL, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER, .flags = OURS_ONLY }
    IMAGE_NAME_ROWS(GetProcessImageFileNameA),
    IMAGE_NAME_ROWS(GetProcessImageFileNameW),

    /* ---- GetProcessMemoryInfo: cb below PROCESS_MEMORY_COUNTERS */
    PROCESS_HANDLE_ROWS(GetProcessMemoryInfo, A_VALUE, sizeof(PROCESS_MEMORY_COUNTERS), I_NONE, 0),
    { FN(GetProcessMemoryInfo), "cb 0", H_SELF, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetProcessMemoryInfo), "cb 1", H_SELF, .size = 1, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetProcessMemoryInfo), "cb one short", H_SELF, .size = sizeof(PROCESS_MEMORY_COUNTERS) - 1, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetProcessMemoryInfo), "NULL buffer", H_SELF, .buf = B_NULL, .size = sizeof(PROCESS_MEMORY_COUNTERS), .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- GetWsChanges(Ex), InitializeProcessForWsWatch: PROCESS_QUERY_INFORMATION */
    PROCESS_HANDLE_ROWS(GetWsChanges, A_VALUE, 1024, I_NONE, TODO),
    /* the service comes before the buffer: where the layer lacks
     * ProcessWorkingSetWatch, its ERROR_INVALID_PARAMETER */
    { FN(GetWsChanges), "NULL buffer", H_SELF, .buf = B_NULL, .size = 64, .error = ERROR_NOACCESS, .error2 = ERROR_INVALID_PARAMETER, .flags = OURS_ONLY },
    PROCESS_HANDLE_ROWS(GetWsChangesEx, A_VALUE, 1024, I_NONE, TODO),
    { FN(GetWsChangesEx), "NULL cb", H_SELF, .size = 1024, .out = O_NULL, .error = ERROR_NOACCESS, .flags = OURS_ONLY },
    { FN(GetWsChangesEx), "NULL buffer", H_SELF, .buf = B_NULL, .size = 64, .error = ERROR_NOACCESS, .error2 = ERROR_INVALID_PARAMETER, .flags = OURS_ONLY },
    PROCESS_HANDLE_ROWS(InitializeProcessForWsWatch, A_VALUE, 0, I_NONE, TODO),

    /* ---- QueryWorkingSet: cb below NumberOfEntries */
    PROCESS_HANDLE_ROWS(QueryWorkingSet, A_VALUE, 1024, I_NONE, TODO),
    { FN(QueryWorkingSet), "cb 0", H_SELF, .size = 0, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(QueryWorkingSet), "cb 1", H_SELF, .size = 1, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(QueryWorkingSet), "cb one short of NumberOfEntries", H_SELF, .size = sizeof(ULONG_PTR) - 1, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(QueryWorkingSet), "NULL buffer", H_SELF, .buf = B_NULL, .size = 1024, .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- QueryWorkingSetEx: the documentation gives no error for a cb of
     * less than one entry (ours: ERROR_BAD_LENGTH) */
    PROCESS_HANDLE_ROWS(QueryWorkingSetEx, A_VALUE, sizeof(PSAPI_WORKING_SET_EX_INFORMATION), I_WSEX, TODO),
    { FN(QueryWorkingSetEx), "cb 0", H_SELF, .size = 0, .init = I_WSEX, .error = ERROR_BAD_LENGTH, .flags = SYS_TRACE },
    { FN(QueryWorkingSetEx), "cb less than an entry", H_SELF, .size = sizeof(PSAPI_WORKING_SET_EX_INFORMATION) - 1, .init = I_WSEX, .error = ERROR_BAD_LENGTH, .flags = SYS_TRACE },
    { FN(QueryWorkingSetEx), "NULL buffer", H_SELF, .buf = B_NULL, .size = sizeof(PSAPI_WORKING_SET_EX_INFORMATION), .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- CreateToolhelp32Snapshot: th32ProcessID names no process. Ignored
     * for process and thread lists; modules and heaps need the process */
    { FN(CreateToolhelp32Snapshot), "processes, missing pid", .pid = P_MISSING, .value = TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, .expect = SUCCEEDS },
    { FN(CreateToolhelp32Snapshot), "modules, missing pid", .pid = P_MISSING, .value = TH32CS_SNAPMODULE, .error = ERROR_INVALID_PARAMETER },
    /* the Wine builtin takes neither 32-bit module lists nor heap lists */
    { FN(CreateToolhelp32Snapshot), "32-bit modules, missing pid", .pid = P_MISSING, .value = TH32CS_SNAPMODULE32, .error = ERROR_INVALID_PARAMETER, .flags = TODO },
    { FN(CreateToolhelp32Snapshot), "heap list, missing pid", .pid = P_MISSING, .value = TH32CS_SNAPHEAPLIST, .error = ERROR_INVALID_PARAMETER, .flags = TODO },
    { FN(CreateToolhelp32Snapshot), "all lists, missing pid", .pid = P_MISSING, .value = TH32CS_SNAPALL, .error = ERROR_INVALID_PARAMETER },

    /* ---- Heap32First: "ERROR_NO_MORE_FILES ... if the heap is invalid or empty" */
    { FN(Heap32First), "dwSize 0", .arg = A_HEAP, .init = I_HEAPENTRY, .size = 0, .error = ERROR_BAD_LENGTH, .flags = ABORTS },
    { FN(Heap32First), "dwSize one short", .arg = A_HEAP, .init = I_HEAPENTRY, .size = sizeof(HEAPENTRY32) - 1, .error = ERROR_BAD_LENGTH, .flags = ABORTS },
    { FN(Heap32First), "NULL entry", .arg = A_HEAP, .buf = B_NULL, .error = ERROR_BAD_LENGTH, .flags = OURS_ONLY },
    { FN(Heap32First), "a block, not a heap", .arg = A_HEAP_BLOCK, .init = I_HEAPENTRY, .size = sizeof(HEAPENTRY32), .error = ERROR_NO_MORE_FILES, .flags = ABORTS },
    { FN(Heap32First), "heap id 0xdeadbee0", .value = 0xdeadbee0, .init = I_HEAPENTRY, .size = sizeof(HEAPENTRY32), .error = ERROR_NO_MORE_FILES, .flags = ABORTS },
    /* no error documented for a pid of no process: ours as CreateToolhelp32Snapshot */
    { FN(Heap32First), "missing pid", .pid = P_MISSING, .arg = A_HEAP, .init = I_HEAPENTRY, .size = sizeof(HEAPENTRY32), .error = ERROR_INVALID_PARAMETER, .flags = ABORTS | SYS_ANY_ERR },

    /* ---- Heap32ListFirst/Next */
    /* the Wine builtin's Heap32ListFirst fails without an error (it takes no
     * heap list snapshot at all) and its Heap32ListNext is a stub that aborts */
    WALK_ROWS(Heap32ListFirst, HEAPLIST32, TH32CS_SNAPHEAPLIST, TH32CS_SNAPPROCESS, TODO, TODO),
    WALK_ROWS(Heap32ListNext, HEAPLIST32, TH32CS_SNAPHEAPLIST, TH32CS_SNAPPROCESS, ABORTS, OURS_ONLY),

    /* ---- Heap32Next: an entry no Heap32First filled ("ERROR_NO_MORE_FILES
     * when no more objects in the heap exist and ERROR_INVALID_DATA if the
     * heap appears to be corrupt") */
    /* HEAPENTRY32 documents the dwSize check for Heap32First only */
    { FN(Heap32Next), "dwSize 0", .arg = A_HEAP, .init = I_HEAPENTRY, .size = 0, .error = ERROR_BAD_LENGTH, .flags = OURS_ONLY },
    { FN(Heap32Next), "dwSize one short", .arg = A_HEAP, .init = I_HEAPENTRY, .size = sizeof(HEAPENTRY32) - 1, .error = ERROR_BAD_LENGTH, .flags = OURS_ONLY },
    { FN(Heap32Next), "NULL entry", .buf = B_NULL, .error = ERROR_BAD_LENGTH, .flags = OURS_ONLY },
    { FN(Heap32Next), "entry of no heap", .arg = A_VALUE, .value = 0xdeadbee0, .init = I_HEAPENTRY, .size = sizeof(HEAPENTRY32),
      .error = ERROR_NO_MORE_FILES, .error2 = ERROR_INVALID_DATA, .keep = sizeof(HEAPENTRY32), .flags = ABORTS },

    /* ---- the walks of processes, threads and modules */
    WALK_ROWS(Module32First, MODULEENTRY32, TH32CS_SNAPMODULE, TH32CS_SNAPPROCESS, 0, TODO),
    WALK_ROWS(Module32FirstW, MODULEENTRY32W, TH32CS_SNAPMODULE, TH32CS_SNAPPROCESS, 0, TODO),
    WALK_ROWS(Module32Next, MODULEENTRY32, TH32CS_SNAPMODULE, TH32CS_SNAPPROCESS, 0, OURS_ONLY),
    WALK_ROWS(Module32NextW, MODULEENTRY32W, TH32CS_SNAPMODULE, TH32CS_SNAPPROCESS, 0, OURS_ONLY),
    WALK_ROWS(Process32First, PROCESSENTRY32, TH32CS_SNAPPROCESS, TH32CS_SNAPTHREAD, 0, TODO),
    WALK_ROWS(Process32FirstW, PROCESSENTRY32W, TH32CS_SNAPPROCESS, TH32CS_SNAPTHREAD, 0, TODO),
    WALK_ROWS(Process32Next, PROCESSENTRY32, TH32CS_SNAPPROCESS, TH32CS_SNAPTHREAD, 0, OURS_ONLY),
    WALK_ROWS(Process32NextW, PROCESSENTRY32W, TH32CS_SNAPPROCESS, TH32CS_SNAPTHREAD, 0, OURS_ONLY),
    WALK_ROWS(Thread32First, THREADENTRY32, TH32CS_SNAPTHREAD, TH32CS_SNAPPROCESS, 0, TODO),
    WALK_ROWS(Thread32Next, THREADENTRY32, TH32CS_SNAPTHREAD, TH32CS_SNAPPROCESS, 0, OURS_ONLY),

    /* ---- Toolhelp32ReadProcessMemory */
    { FN(Toolhelp32ReadProcessMemory), "missing pid", .pid = P_MISSING, .arg = A_EXE, .size = 16, .error = ERROR_INVALID_PARAMETER, .flags = SYS_ANY_ERR },
    { FN(Toolhelp32ReadProcessMemory), "NULL address", .pid = P_ZERO, .arg = A_NULL, .size = 16,
      .error = ERROR_PARTIAL_COPY, .error2 = ERROR_NOACCESS },
    { FN(Toolhelp32ReadProcessMemory), "NULL buffer", .pid = P_ZERO, .arg = A_EXE, .buf = B_NULL, .size = 16,
      .error = ERROR_NOACCESS, .error2 = ERROR_PARTIAL_COPY, .flags = OURS_ONLY },
};

/* ------------------------------------------------------------------ two bad arguments */

/* Two bad arguments at once, in every family: which error wins follows the
 * order of checks of docs/conformance.md ("Order of checks"): first what
 * needs no system call (a size below a fixed structure, GetMappedFileName's
 * NULL buffer with a size), then the handle, its rights, the object it
 * names (module, address, driver), then the output, written in order, a
 * NULL pointer faulting (ERROR_NOACCESS) when it is reached. */
#define ORDER_NAME_ROWS(name, size0_todo, null_todo) \
    { FN(name), "event handle, nSize 0", H_EVENT, .arg = A_KERNEL32, .size = 0, .error = ERROR_INVALID_HANDLE, .flags = size0_todo }, \
    { FN(name), "SYNCHRONIZE only, nSize 0", H_SYNCHRONIZE, .arg = A_KERNEL32, .size = 0, .error = ERROR_ACCESS_DENIED, .flags = size0_todo }, \
    { FN(name), "module not loaded, nSize 0", H_SELF, .arg = A_BAD_MODULE, .size = 0, .error = ERROR_INVALID_HANDLE, .flags = size0_todo }, \
    { FN(name), "event handle, NULL buffer", H_EVENT, .arg = A_KERNEL32, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_HANDLE, .flags = null_todo }, \
    { FN(name), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .arg = A_KERNEL32, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_ACCESS_DENIED, .flags = null_todo }, \
    { FN(name), "module not loaded, NULL buffer", H_SELF, .arg = A_BAD_MODULE, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_HANDLE, .flags = null_todo }
#define ORDER_IMAGE_ROWS(name) \
    { FN(name), "event handle, nSize 0", H_EVENT, .size = 0, .error = ERROR_INVALID_HANDLE }, \
    { FN(name), "SYNCHRONIZE only, nSize 0", H_SYNCHRONIZE, .size = 0, .error = ERROR_ACCESS_DENIED }, \
    { FN(name), "event handle, NULL buffer", H_EVENT, .buf = B_NULL, .size = 10, .error = ERROR_INVALID_HANDLE }, \
    { FN(name), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .buf = B_NULL, .size = 10, .error = ERROR_ACCESS_DENIED }, \
    /* the name does not fit: nothing would be written, so nothing faults */ \
    { FN(name), "NULL buffer, nSize 10", H_SELF, .buf = B_NULL, .size = 10, .error = ERROR_INSUFFICIENT_BUFFER }
#define ORDER_MAPPED_ROWS(name) \
    { FN(name), "event handle, NULL buffer", H_EVENT, .arg = A_EXE, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_PARAMETER }, \
    { FN(name), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .arg = A_EXE, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_PARAMETER }, \
    { FN(name), "private memory, NULL buffer", H_SELF, .arg = A_PRIVATE, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_PARAMETER }, \
    { FN(name), "event handle, nSize 0", H_EVENT, .arg = A_EXE, .size = 0, .error = ERROR_INVALID_HANDLE }, \
    { FN(name), "SYNCHRONIZE only, nSize 0", H_SYNCHRONIZE, .arg = A_EXE, .size = 0, .error = ERROR_ACCESS_DENIED }, \
    { FN(name), "private memory, nSize 0", H_SELF, .arg = A_PRIVATE, .size = 0, .error = ERROR_UNEXP_NET_ERR }
#define ORDER_DRIVER_ROWS(name) \
    { FN(name), "address of no driver, nSize 0", .arg = A_NOT_DRIVER, .size = 0, .error = ERROR_INVALID_HANDLE, .flags = SYS_ANY_ERR }, \
    { FN(name), "address of no driver, NULL buffer", .arg = A_NOT_DRIVER, .buf = B_NULL, .size = NAME_CHARS, .error = ERROR_INVALID_HANDLE, .flags = SYS_ANY_ERR }

static const struct row order_rows[] =
{
    /* ---- EnumProcessModules(Ex): the handle and its rights, then the list,
     * then lpcbNeeded (observed on Windows) */
    { FN(EnumProcessModules), "event handle, NULL lpcbNeeded", H_EVENT, .size = sizeof(HMODULE), .out = O_NULL, .error = ERROR_INVALID_HANDLE },
    { FN(EnumProcessModules), "SYNCHRONIZE only, NULL lpcbNeeded", H_SYNCHRONIZE, .size = sizeof(HMODULE), .out = O_NULL, .error = ERROR_ACCESS_DENIED },
    { FN(EnumProcessModules), "no PROCESS_VM_READ, NULL lpcbNeeded", H_QUERY, .size = sizeof(HMODULE), .out = O_NULL, .error = ERROR_ACCESS_DENIED },
    { FN(EnumProcessModules), "event handle, NULL array", H_EVENT, .buf = B_NULL, .size = 64, .error = ERROR_INVALID_HANDLE },
    { FN(EnumProcessModules), "no PROCESS_VM_READ, NULL array", H_QUERY, .buf = B_NULL, .size = 64, .error = ERROR_ACCESS_DENIED },
    { FN(EnumProcessModules), "NULL array and lpcbNeeded", H_SELF, .buf = B_NULL, .size = 64, .out = O_NULL, .error = ERROR_NOACCESS },
    { FN(EnumProcessModulesEx), "event handle, NULL lpcbNeeded", H_EVENT, .size = sizeof(HMODULE), .out = O_NULL, .error = ERROR_INVALID_HANDLE },
    { FN(EnumProcessModulesEx), "no PROCESS_VM_READ, NULL lpcbNeeded", H_QUERY, .size = sizeof(HMODULE), .out = O_NULL, .error = ERROR_ACCESS_DENIED },
    { FN(EnumProcessModulesEx), "no PROCESS_VM_READ, NULL array", H_QUERY, .buf = B_NULL, .size = 64, .error = ERROR_ACCESS_DENIED },

    /* ---- GetModuleBaseName/FileNameEx(A/W): the handle, its rights and the
     * module, then the buffer. The Wine builtin's A functions answer
     * ERROR_INVALID_PARAMETER for nSize 0 or a NULL buffer before anything
     * else, and its GetModuleFileNameExW sets no error for nSize 0 */
    ORDER_NAME_ROWS(GetModuleBaseNameA, TODO, TODO),
    ORDER_NAME_ROWS(GetModuleBaseNameW, 0, 0),
    ORDER_NAME_ROWS(GetModuleFileNameExA, TODO, TODO),
    ORDER_NAME_ROWS(GetModuleFileNameExW, TODO, 0),

    /* ---- GetModuleInformation: cb first, then the handle and the module,
     * then the structure */
    { FN(GetModuleInformation), "event handle, cb 0", H_EVENT, .arg = A_KERNEL32, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetModuleInformation), "SYNCHRONIZE only, cb 0", H_SYNCHRONIZE, .arg = A_KERNEL32, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetModuleInformation), "module not loaded, cb 0", H_SELF, .arg = A_BAD_MODULE, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetModuleInformation), "NULL buffer, cb 0", H_SELF, .arg = A_KERNEL32, .buf = B_NULL, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetModuleInformation), "event handle, NULL buffer", H_EVENT, .arg = A_KERNEL32, .buf = B_NULL, .size = sizeof(MODULEINFO), .error = ERROR_INVALID_HANDLE },
    { FN(GetModuleInformation), "module not loaded, NULL buffer", H_SELF, .arg = A_BAD_MODULE, .buf = B_NULL, .size = sizeof(MODULEINFO), .error = ERROR_INVALID_HANDLE },

    /* ---- GetProcessImageFileNameA/W: the handle and its rights, then the
     * name, all or nothing */
    ORDER_IMAGE_ROWS(GetProcessImageFileNameA),
    ORDER_IMAGE_ROWS(GetProcessImageFileNameW),

    /* ---- GetMappedFileNameA/W: a NULL buffer with a size first (observed
     * on Windows), then the handle, its rights and the address */
    ORDER_MAPPED_ROWS(GetMappedFileNameA),
    ORDER_MAPPED_ROWS(GetMappedFileNameW),

    /* ---- GetProcessMemoryInfo: cb first, then the handle, then the structure */
    { FN(GetProcessMemoryInfo), "event handle, cb 0", H_EVENT, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetProcessMemoryInfo), "SYNCHRONIZE only, cb 0", H_SYNCHRONIZE, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetProcessMemoryInfo), "NULL buffer, cb 0", H_SELF, .buf = B_NULL, .size = 0, .error = ERROR_INSUFFICIENT_BUFFER },
    { FN(GetProcessMemoryInfo), "event handle, NULL buffer", H_EVENT, .buf = B_NULL, .size = sizeof(PROCESS_MEMORY_COUNTERS), .error = ERROR_INVALID_HANDLE },
    { FN(GetProcessMemoryInfo), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .buf = B_NULL, .size = sizeof(PROCESS_MEMORY_COUNTERS), .error = ERROR_ACCESS_DENIED },

    /* ---- QueryWorkingSet(Ex): cb first, then the handle, then the buffer.
     * The Wine builtin answers ERROR_INVALID_PARAMETER to all (it lacks the
     * service), and takes a QueryWorkingSetEx cb of 0 */
    { FN(QueryWorkingSet), "event handle, cb 0", H_EVENT, .size = 0, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(QueryWorkingSet), "SYNCHRONIZE only, cb 0", H_SYNCHRONIZE, .size = 0, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(QueryWorkingSet), "NULL buffer, cb 0", H_SELF, .buf = B_NULL, .size = 0, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(QueryWorkingSet), "event handle, NULL buffer", H_EVENT, .buf = B_NULL, .size = 1024, .error = ERROR_INVALID_HANDLE, .flags = TODO },
    { FN(QueryWorkingSet), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .buf = B_NULL, .size = 1024, .error = ERROR_ACCESS_DENIED, .flags = TODO },
    { FN(QueryWorkingSetEx), "event handle, cb 0", H_EVENT, .size = 0, .error = ERROR_BAD_LENGTH, .flags = SYS_TRACE },
    { FN(QueryWorkingSetEx), "event handle, NULL buffer", H_EVENT, .buf = B_NULL, .size = sizeof(PSAPI_WORKING_SET_EX_INFORMATION), .error = ERROR_INVALID_HANDLE, .flags = TODO },
    { FN(QueryWorkingSetEx), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .buf = B_NULL, .size = sizeof(PSAPI_WORKING_SET_EX_INFORMATION), .error = ERROR_ACCESS_DENIED, .flags = TODO },

    /* ---- GetWsChanges(Ex): the handle, then the buffer (GetWsChangesEx
     * reads *cb, an input, first) */
    { FN(GetWsChanges), "event handle, NULL buffer", H_EVENT, .buf = B_NULL, .size = 64, .error = ERROR_INVALID_HANDLE, .flags = TODO },
    { FN(GetWsChanges), "SYNCHRONIZE only, NULL buffer", H_SYNCHRONIZE, .buf = B_NULL, .size = 64, .error = ERROR_ACCESS_DENIED, .flags = TODO },
    { FN(GetWsChangesEx), "event handle, NULL buffer", H_EVENT, .buf = B_NULL, .size = 64, .error = ERROR_INVALID_HANDLE, .flags = TODO },
    { FN(GetWsChangesEx), "event handle, NULL cb", H_EVENT, .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- EnumProcesses, EnumDeviceDrivers: the array, then lpcbNeeded */
    { FN(EnumProcesses), "NULL array and lpcbNeeded, cb 64", .buf = B_NULL, .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .flags = OURS_ONLY },
    { FN(EnumDeviceDrivers), "NULL array and lpcbNeeded, cb 64", .buf = B_NULL, .size = 64, .out = O_NULL, .error = ERROR_NOACCESS, .flags = OURS_ONLY },

    /* ---- GetDeviceDriverBaseName/FileName(A/W): the address, then the buffer */
    ORDER_DRIVER_ROWS(GetDeviceDriverBaseNameA),
    ORDER_DRIVER_ROWS(GetDeviceDriverBaseNameW),
    ORDER_DRIVER_ROWS(GetDeviceDriverFileNameA),
    ORDER_DRIVER_ROWS(GetDeviceDriverFileNameW),

    /* ---- GetPerformanceInfo: cb, then the structure */
    { FN(GetPerformanceInfo), "NULL buffer, cb 0", .buf = B_NULL, .size = 0, .error = ERROR_BAD_LENGTH },

    /* ---- Toolhelp32 walks: dwSize first (a size below a fixed structure),
     * then the snapshot handle, then the list. The Wine builtin answers
     * ERROR_INSUFFICIENT_BUFFER for the size, in the same order */
    { FN(Process32First), "closed snapshot, dwSize 0", H_CLOSED, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Process32FirstW), "event handle, dwSize 0", H_EVENT, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Thread32First), "event handle, dwSize 0", H_EVENT, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Module32FirstW), "event handle, dwSize 0", H_EVENT, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Process32FirstW), "snapshot without the list, dwSize 0", H_SNAP, .value = TH32CS_SNAPTHREAD, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Thread32First), "snapshot without the list, dwSize 0", H_SNAP, .value = TH32CS_SNAPPROCESS, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Heap32ListFirst), "event handle, dwSize 0", H_EVENT, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    { FN(Module32First), "snapshot without the list, dwSize 0", H_SNAP, .value = TH32CS_SNAPPROCESS, .size = 0, .init = I_DWSIZE, .error = ERROR_BAD_LENGTH, .flags = TODO },
    /* Heap32First: dwSize, then the heap */
    { FN(Heap32First), "heap id 0xdeadbee0, dwSize 0", .value = 0xdeadbee0, .init = I_HEAPENTRY, .size = 0, .error = ERROR_BAD_LENGTH, .flags = ABORTS },
    { FN(Heap32First), "missing pid, dwSize 0", .pid = P_MISSING, .arg = A_HEAP, .init = I_HEAPENTRY, .size = 0, .error = ERROR_BAD_LENGTH, .flags = ABORTS },
    { FN(Toolhelp32ReadProcessMemory), "missing pid, NULL buffer", .pid = P_MISSING, .arg = A_EXE, .buf = B_NULL, .size = 16, .error = ERROR_INVALID_PARAMETER, .flags = SYS_ANY_ERR },
};

/* ------------------------------------------------------------------ running a row */

#define BUF_BYTES 2048
#define CANARY 0xa5

static BYTE buffer[BUF_BYTES], before[BUF_BYTES];
static SIZE_T out_value;
static void *driver;            /* a driver's load address, or NULL */
static BOOL drivers_hidden;     /* the system lists drivers at NULL */
static char *private_page;      /* a committed page of this process */
static void *heap_block;        /* a block of the process heap */

static void init_inputs(void)
{
    void *drivers[1024];
    DWORD needed = 0;

    private_page = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(private_page != NULL, "VirtualAlloc failed: %lu\n", GetLastError());
    private_page[0] = 1;
    heap_block = HeapAlloc(GetProcessHeap(), 0, 64);
    /* Windows 11 24H2 lists NULL addresses to callers without SeDebugPrivilege */
    if (pEnumDeviceDrivers && pEnumDeviceDrivers(drivers, sizeof(drivers), &needed) && needed)
    {
        driver = drivers[0];
        drivers_hidden = !driver;
    }
}

static void free_inputs(void)
{
    VirtualFree(private_page, 0, MEM_RELEASE);
    HeapFree(GetProcessHeap(), 0, heap_block);
}

/* The handle of a row; *to_close is set to what must be closed after. */
static HANDLE make_handle(const struct row *row, HANDLE *to_close)
{
    HANDLE handle;

    *to_close = NULL;
    switch (row->handle)
    {
    case H_NONE:    return NULL;
    case H_SELF:    return GetCurrentProcess();
    case H_BOGUS:   return (HANDLE)(ULONG_PTR)0xdeadbee0;
    case H_NULL:    return NULL;
    case H_INVALID: return INVALID_HANDLE_VALUE;
    case H_CLOSED:
        /* nothing opens a handle between the close and the call */
        if (row->init == I_DWSIZE)
            handle = pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        else
            handle = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, GetCurrentProcessId());
        ok(handle && handle != INVALID_HANDLE_VALUE, "cannot open a handle to close: %lu\n", GetLastError());
        CloseHandle(handle);
        return handle;
    case H_EVENT:
        return *to_close = CreateEventA(NULL, FALSE, FALSE, NULL);
    case H_SYNCHRONIZE:
        return *to_close = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    case H_TERMINATE:
        return *to_close = OpenProcess(PROCESS_TERMINATE, FALSE, GetCurrentProcessId());
    case H_QUERY:
        return *to_close = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    case H_SNAP:
        handle = pCreateToolhelp32Snapshot((DWORD)row->value, 0);
        if (handle == INVALID_HANDLE_VALUE) return NULL;
        return *to_close = handle;
    }
    return NULL;
}

static ULONG_PTR make_arg(const struct row *row, BOOL *have)
{
    *have = TRUE;
    switch (row->arg)
    {
    case A_VALUE:      return row->value;
    case A_NULL:       return 0;
    case A_KERNEL32:   return (ULONG_PTR)GetModuleHandleA("kernel32.dll");
    case A_BAD_MODULE: return 0x1234;
    case A_EXE:        return (ULONG_PTR)GetModuleHandleA(NULL);
    case A_PRIVATE:    return (ULONG_PTR)private_page;
    case A_DRIVER:     *have = driver != NULL; return (ULONG_PTR)driver;
    case A_NOT_DRIVER: return (ULONG_PTR)&buffer;
    case A_NULL_DRIVER: *have = !drivers_hidden; return 0;
    case A_HEAP_BLOCK: return (ULONG_PTR)heap_block;
    case A_HEAP:       return (ULONG_PTR)GetProcessHeap();
    }
    return 0;
}

static DWORD make_pid(const struct row *row)
{
    switch (row->pid)
    {
    case P_SELF:    return GetCurrentProcessId();
    case P_ZERO:    return 0;
    case P_MISSING: return MISSING_PID;
    }
    return 0;
}

static void init_buffer(const struct row *row, const struct args *a)
{
    memset(buffer, CANARY, sizeof(buffer));
    switch (row->init)
    {
    case I_NONE:
        break;
    case I_DWSIZE:
        memcpy(buffer, &row->size, sizeof(DWORD));
        break;
    case I_HEAPENTRY:
    {
        HEAPENTRY32 he;

        memset(&he, 0, sizeof(he));
        he.dwSize = row->size;
        he.th32ProcessID = a->pid ? a->pid : GetCurrentProcessId();
        he.th32HeapID = a->arg;
        memcpy(buffer, &he, sizeof(he));
        break;
    }
    case I_WSEX:
        memcpy(buffer, &private_page, sizeof(private_page));
        break;
    }
}

static BOOL error_matches(const struct row *row, DWORD error)
{
    return error == row->error || (row->error2 && error == row->error2)
           || (row->broken_error && broken(error == row->broken_error));
}

static void run_row(const struct row *row)
{
    BOOL ours = impl_is_ours(), have_arg, success, todo = (row->flags & TODO) && !ours;
    HANDLE to_close;
    struct args a;
    ULONG_PTR raw = 0;
    DWORD error, i;

    if ((row->flags & OURS_ONLY) && !ours) return;
    if ((row->flags & ONLY_WIN64) && sizeof(void *) == 4) return;
    winetest_push_context("%s: %s", row->func, row->what);
    if (!*row->proc)
    {
        win_skip("%s is missing in %s\n", row->func, impl_name());
        winetest_pop_context();
        return;
    }
    if ((row->flags & ABORTS) && !ours && winetest_platform_is_wine)
    {
        todo_wine ok(0, "the Wine builtin aborts the process in %s\n", row->func);
        winetest_pop_context();
        return;
    }

    memset(&a, 0, sizeof(a));
    a.pid = make_pid(row);
    a.arg = make_arg(row, &have_arg);
    if (!have_arg)
    {
        skip("no device driver address to call %s with, or the system hides them\n", row->func);
        winetest_pop_context();
        return;
    }
    a.buf = row->buf == B_NULL ? NULL : buffer;
    a.size = row->size;
    out_value = row->size;
    a.out = row->out == O_NULL ? NULL : &out_value;
    init_buffer(row, &a);
    memcpy(before, buffer, sizeof(buffer));
    /* last: a closed handle must stay closed until the call */
    a.handle = make_handle(row, &to_close);
    if (row->handle == H_SNAP && !a.handle)
    {
        todo_wine_if(todo)
        ok(0, "CreateToolhelp32Snapshot(%#Ix) failed: %lu\n", row->value, GetLastError());
        winetest_pop_context();
        return;
    }

    SetLastError(0xdeadbeef);
    success = row->call(&a, &raw);
    error = GetLastError();
    if (to_close) CloseHandle(to_close);

    if (row->expect == SUCCEEDS)
    {
        todo_wine_if(todo)
        ok(success, "failed (%#Ix), error %lu\n", raw, error);
    }
    else if (!ours && (row->flags & SYS_TRACE))
        trace("%s returned %#Ix, error %lu\n", row->func, raw, error);
    else if (!ours && (row->flags & SYS_ANY_ERR))
    {
        todo_wine_if(todo)
        ok(!success, "succeeded (%#Ix)\n", raw);
    }
    else
    {
        todo_wine_if(todo)
        ok(!success && error_matches(row, error), "returned %#Ix, error %lu; expected failure, error %lu\n",
           raw, error, row->error);
    }

    /* nothing written past what the call may write */
    for (i = row->keep; i < sizeof(buffer); i++) if (buffer[i] != before[i]) break;
    todo_wine_if(!ours && (row->flags & TODO_WRITE))
    ok(i == sizeof(buffer), "byte %lu of the buffer was written (may write %lu, %s %lu)\n", i, row->keep,
       row->expect == SUCCEEDS ? "size" : "failed, size", row->size);
    winetest_pop_context();
}

/* Two bad arguments at once (order_rows). */
static void test_order(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(order_rows); i++) run_row(&order_rows[i]);
}

START_TEST(badinput)
{
    unsigned int i;

    init_functions();
    trace("implementation: %s, %u rows\n", impl_name(), (unsigned int)ARRAY_SIZE(rows));
    init_inputs();
    for (i = 0; i < ARRAY_SIZE(rows); i++) run_row(&rows[i]);
    test_order();
    free_inputs();
}
