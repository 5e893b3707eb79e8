/*
 * k32bench - times each PSAPI / Toolhelp32 call of the platform (system)
 * against ours, in one process, next to the raw ntdll call it rests on.
 *
 * Usage: k32bench [--dlls DIR[;DIR]] [--iterations N] [--threads N]
 *                 [--heap-blocks N] [--temp-files N] [--only NAME[,NAME]] [--json]
 *
 * "system" is resolved from the platform's kernel32.dll, "ours" from
 * kernel32_k32.dll loaded by full path from --dlls or K32_DLLPATH (both
 * ';'-separated Windows paths; tools/wine-test sets K32_DLLPATH). The three
 * (system, ours, floor) take turns within each iteration, in rotating order,
 * so background noise and cache effects fall on all of them alike; the
 * table shows the median per call in microseconds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <windows.h>
#include <winternl.h>
#include <psapi.h>
#include <tlhelp32.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef STATUS_INFO_LENGTH_MISMATCH
#define STATUS_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define TARGET_US      750000.0  /* aim each scenario at ~0.75 s */
#define MIN_ITERATIONS 5         /* slow walks: fewer samples make a poor median */
#define MAX_ITERATIONS 20000
#define WALK_BUDGET_S  5.0       /* give up on a walk whose cost per entry grows with n */
#define MAX_NOTES      2048

enum { IMPL_SYSTEM, IMPL_OURS, IMPL_FLOOR, IMPL_COUNT };
static const char * const impl_names[IMPL_COUNT] = { "system", "ours", "floor" };

/* One implementation's entry points; NULL where it does not export one. */
struct api
{
    HMODULE module;
    BOOL    heap_checked;   /* heap_walk: whether the heap functions work at all */
    DWORD   heap_error;
    HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
    BOOL   (WINAPI *pProcess32FirstW)(HANDLE, PROCESSENTRY32W *);
    BOOL   (WINAPI *pProcess32NextW)(HANDLE, PROCESSENTRY32W *);
    BOOL   (WINAPI *pThread32First)(HANDLE, THREADENTRY32 *);
    BOOL   (WINAPI *pThread32Next)(HANDLE, THREADENTRY32 *);
    BOOL   (WINAPI *pModule32FirstW)(HANDLE, MODULEENTRY32W *);
    BOOL   (WINAPI *pModule32NextW)(HANDLE, MODULEENTRY32W *);
    BOOL   (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
    BOOL   (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);
    BOOL   (WINAPI *pHeap32First)(HEAPENTRY32 *, DWORD, ULONG_PTR);
    BOOL   (WINAPI *pHeap32Next)(HEAPENTRY32 *);
    BOOL   (WINAPI *pK32EnumProcesses)(DWORD *, DWORD, DWORD *);
    BOOL   (WINAPI *pK32GetProcessMemoryInfo)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD);
    BOOL   (WINAPI *pK32EnumProcessModules)(HANDLE, HMODULE *, DWORD, DWORD *);
    DWORD  (WINAPI *pK32GetModuleBaseNameW)(HANDLE, HMODULE, WCHAR *, DWORD);
};
static struct api apis[2];

/* What one call saw: entries walked (a, and b for a second kind). */
struct counts
{
    DWORD a, b;
    BOOL truncated;      /* stopped at the walk budget */
    const char *why;     /* failure explanation beyond an error code */
    HANDLE close_after;  /* closed once the clock has stopped */
};

struct scenario
{
    const char *name;
    const char *needs[6];     /* exports "system"/"ours" must have */
    int entries;              /* 0: none, 1: a, 2: a+b */
    BOOL floor_comparable;    /* floor entries count the same things */
    BOOL (*prepare)(void);
    DWORD (*run)(const struct api *api, struct counts *c);
    DWORD (*floor)(struct counts *c);
};

static LARGE_INTEGER qpc_freq;
static LONGLONG walk_deadline;
static DWORD self_pid;
static BOOL opt_json;
static unsigned int opt_iterations, opt_threads, opt_heap_blocks = 100000, opt_temp_files;

static LONGLONG now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return t.QuadPart;
}

static double ticks_to_us(LONGLONG ticks)
{
    return (double)ticks * 1e6 / (double)qpc_freq.QuadPart;
}

/* Checked every 256 entries so that the clock costs nothing measurable. */
static BOOL walk_expired(DWORD n, struct counts *c)
{
    if ((n & 255) || now() < walk_deadline) return FALSE;
    c->truncated = TRUE;
    return TRUE;
}

/* ---------------------------------------------------------------- the process list */

static void *spi_buf;
static ULONG spi_size;

static void count_process_list(const BYTE *buf, ULONG size, DWORD *procs, DWORD *threads,
                               DWORD *own_threads)
{
    ULONG offset = 0;

    *procs = *threads = 0;
    if (own_threads) *own_threads = 0;
    while (offset + sizeof(SYSTEM_PROCESS_INFORMATION) <= size)
    {
        const SYSTEM_PROCESS_INFORMATION *spi = (const void *)(buf + offset);
        (*procs)++;
        *threads += spi->NumberOfThreads;
        if (own_threads && (DWORD)(ULONG_PTR)spi->UniqueProcessId == self_pid)
            *own_threads = spi->NumberOfThreads;
        if (!spi->NextEntryOffset) break;
        offset += spi->NextEntryOffset;
    }
}

/* Sizes the floor's buffer once, with room for threads that come later,
 * so that the timed floor is exactly one system call. */
static BOOL prepare_process_list(void)
{
    ULONG size = 64 * 1024, ret = 0;
    NTSTATUS status;
    void *buf;

    if (spi_buf) return TRUE;
    for (;;)
    {
        if (!(buf = malloc(size))) return FALSE;
        status = NtQuerySystemInformation(SystemProcessInformation, buf, size, &ret);
        free(buf);
        if (status != STATUS_INFO_LENGTH_MISMATCH) break;
        size = max(size * 2, ret + 4096);
    }
    if (status) return FALSE;
    spi_size = ret * 2 + 64 * 1024;
    return (spi_buf = malloc(spi_size)) != NULL;
}

static DWORD floor_process_list(struct counts *c)
{
    ULONG ret;
    NTSTATUS status = NtQuerySystemInformation(SystemProcessInformation, spi_buf, spi_size, &ret);

    if (status) return RtlNtStatusToDosError(status);
    count_process_list(spi_buf, ret, &c->a, &c->b, NULL);
    return 0;
}

/* ---------------------------------------------------------------- enum_processes */

static DWORD *pid_buf;
static DWORD pid_buf_size;

static BOOL prepare_enum_processes(void)
{
    struct counts c;

    if (pid_buf) return TRUE;
    if (!prepare_process_list() || floor_process_list(&c)) return FALSE;
    pid_buf_size = max(4096, c.a * 4) * sizeof(DWORD);
    return (pid_buf = malloc(pid_buf_size)) != NULL;
}

static DWORD run_enum_processes(const struct api *api, struct counts *c)
{
    DWORD needed;

    if (!api->pK32EnumProcesses(pid_buf, pid_buf_size, &needed)) return GetLastError();
    c->a = needed / sizeof(DWORD);
    return 0;
}

static DWORD floor_enum_processes(struct counts *c)
{
    DWORD err = floor_process_list(c);
    c->b = 0;
    return err;
}

/* ---------------------------------------------------------------- memory_info */

static DWORD run_memory_info(const struct api *api, struct counts *c)
{
    PROCESS_MEMORY_COUNTERS pmc;

    if (!api->pK32GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc)))
        return GetLastError();
    return 0;
}

static DWORD run_memory_info_ex(const struct api *api, struct counts *c)
{
    PROCESS_MEMORY_COUNTERS_EX pmc;

    if (!api->pK32GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&pmc,
                                       sizeof(pmc)))
        return GetLastError();
    return 0;
}

static DWORD floor_memory_info(struct counts *c)
{
    VM_COUNTERS vm;
    NTSTATUS status = NtQueryInformationProcess(GetCurrentProcess(), ProcessVmCounters,
                                                &vm, sizeof(vm), NULL);
    return status ? RtlNtStatusToDosError(status) : 0;
}

/* ---------------------------------------------------------------- snapshots */

static DWORD create_and_close(const struct api *api, DWORD flags)
{
    HANDLE snap = api->pCreateToolhelp32Snapshot(flags, 0);

    if (snap == INVALID_HANDLE_VALUE) return GetLastError();
    CloseHandle(snap);
    return 0;
}

/* Creation alone: the snapshot is closed after the clock stops. */
static DWORD create_only(const struct api *api, DWORD flags, struct counts *c)
{
    HANDLE snap = api->pCreateToolhelp32Snapshot(flags, 0);

    if (snap == INVALID_HANDLE_VALUE) return GetLastError();
    c->close_after = snap;
    return 0;
}

static DWORD run_snapshot_create(const struct api *api, struct counts *c)
{
    return create_and_close(api, TH32CS_SNAPPROCESS);
}
static DWORD run_snapshot_create_only(const struct api *api, struct counts *c)
{
    return create_only(api, TH32CS_SNAPPROCESS, c);
}
static DWORD run_snapshot_create_pt_only(const struct api *api, struct counts *c)
{
    return create_only(api, TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, c);
}

static DWORD run_snapshot_create_pt(const struct api *api, struct counts *c)
{
    return create_and_close(api, TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD);
}

/* The memory backing of our snapshots (K32_SNAPSTORE=memory; the platform's
 * ignores it): both implementations pay the two environment calls. */
static DWORD with_memory_backing(DWORD (*run)(const struct api *, struct counts *), const struct api *api,
                                 struct counts *c)
{
    DWORD err;

    SetEnvironmentVariableW(L"K32_SNAPSTORE", L"memory");
    err = run(api, c);
    SetEnvironmentVariableW(L"K32_SNAPSTORE", NULL);
    return err;
}

static DWORD run_snapshot_walk_pt(const struct api *api, struct counts *c);

static DWORD run_snapshot_create_mem(const struct api *api, struct counts *c)
{
    return with_memory_backing(run_snapshot_create, api, c);
}
static DWORD run_snapshot_create_pt_mem(const struct api *api, struct counts *c)
{
    return with_memory_backing(run_snapshot_create_pt, api, c);
}
static DWORD run_snapshot_walk_pt_mem(const struct api *api, struct counts *c)
{
    return with_memory_backing(run_snapshot_walk_pt, api, c);
}

static DWORD floor_snapshot_create(struct counts *c)
{
    DWORD err = floor_process_list(c);
    c->a = c->b = 0;   /* nothing is walked in the create scenarios */
    return err;
}

static DWORD run_snapshot_walk_pt(const struct api *api, struct counts *c)
{
    HANDLE snap = api->pCreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    PROCESSENTRY32W pe;
    THREADENTRY32 te;
    DWORD err = 0;
    BOOL ok;

    if (snap == INVALID_HANDLE_VALUE) return GetLastError();
    pe.dwSize = sizeof(pe);
    for (ok = api->pProcess32FirstW(snap, &pe); ok; ok = api->pProcess32NextW(snap, &pe))
        if (walk_expired(++c->a, c)) break;
    if (!ok && (err = GetLastError()) == ERROR_NO_MORE_FILES) err = 0;
    te.dwSize = sizeof(te);
    for (ok = api->pThread32First(snap, &te); !err && ok; ok = api->pThread32Next(snap, &te))
        if (walk_expired(++c->b, c)) break;
    if (!err && !ok && (err = GetLastError()) == ERROR_NO_MORE_FILES) err = 0;
    CloseHandle(snap);
    return err;
}

/* ---------------------------------------------------------------- modules */

static DWORD run_module_walk(const struct api *api, struct counts *c)
{
    HANDLE snap = api->pCreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    MODULEENTRY32W me;
    DWORD err = 0;
    BOOL ok;

    if (snap == INVALID_HANDLE_VALUE) return GetLastError();
    me.dwSize = sizeof(me);
    for (ok = api->pModule32FirstW(snap, &me); ok; ok = api->pModule32NextW(snap, &me))
        if (walk_expired(++c->a, c)) break;
    if (!ok && (err = GetLastError()) == ERROR_NO_MORE_FILES) err = 0;
    CloseHandle(snap);
    return err;
}

static DWORD run_enum_modules_basename(const struct api *api, struct counts *c)
{
    HMODULE modules[1024];
    WCHAR name[MAX_PATH];
    DWORD needed, i;

    if (!api->pK32EnumProcessModules(GetCurrentProcess(), modules, sizeof(modules), &needed))
        return GetLastError();
    needed = min(needed, sizeof(modules)) / sizeof(HMODULE);
    for (i = 0; i < needed; i++)
        if (!api->pK32GetModuleBaseNameW(GetCurrentProcess(), modules[i], name, ARRAY_SIZE(name)))
            return GetLastError();
    c->a = needed;
    return 0;
}

/* ---------------------------------------------------------------- heap_walk */

static HANDLE bench_heap;

/* HEAP_NO_SERIALIZE keeps the low-fragmentation front end off (Windows
 * enables it only on serialized heaps), so every block is a heap entry of
 * its own and the walk is as long as --heap-blocks says. Only this thread
 * touches the heap. */
static BOOL prepare_heap(void)
{
    unsigned int i;

    if (bench_heap) return TRUE;
    if (!(bench_heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0))) return FALSE;
    for (i = 0; i < opt_heap_blocks; i++)
        if (!HeapAlloc(bench_heap, 0, 16 + (i % 8) * 8)) return FALSE;
    return TRUE;
}

/* Times Heap32First/Next alone, as the floor times HeapWalk alone: the heap
 * id of a heap of the calling process is its handle (HEAPLIST32 reports it so). */
static DWORD run_heap_walk(const struct api *api, struct counts *c)
{
    HEAPENTRY32 he;
    HANDLE snap;
    BOOL ok;
    DWORD err;

    /* Wine's builtin Heap32First is an unimplemented stub that aborts the
     * process; its heap list fails cleanly first, so ask that once */
    if (!api->heap_checked)
    {
        snap = api->pCreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, self_pid);
        ((struct api *)api)->heap_error = snap == INVALID_HANDLE_VALUE ? GetLastError() : 0;
        ((struct api *)api)->heap_checked = TRUE;
        if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
    }
    if (api->heap_error) return api->heap_error;
    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    for (ok = api->pHeap32First(&he, self_pid, (ULONG_PTR)bench_heap); ok; ok = api->pHeap32Next(&he))
        if (walk_expired(++c->a, c)) break;
    if (!ok && (err = GetLastError()) != ERROR_NO_MORE_FILES) return err;
    return 0;
}

static DWORD floor_heap_walk(struct counts *c)
{
    PROCESS_HEAP_ENTRY entry;
    DWORD err;

    entry.lpData = NULL;
    while (HeapWalk(bench_heap, &entry))
    {
        /* regions and uncommitted ranges are not blocks */
        if (!(entry.wFlags & (PROCESS_HEAP_REGION | PROCESS_HEAP_UNCOMMITTED_RANGE))) c->a++;
        if (walk_expired(c->a, c)) return 0;
    }
    return (err = GetLastError()) == ERROR_NO_MORE_ITEMS ? 0 : err;
}

/* ---------------------------------------------------------------- the scenarios */

static const struct scenario scenarios[] =
{
    { "enum_processes", { "K32EnumProcesses" }, 1, TRUE,
      prepare_enum_processes, run_enum_processes, floor_enum_processes },
    { "memory_info", { "K32GetProcessMemoryInfo" }, 0, FALSE,
      NULL, run_memory_info, floor_memory_info },
    { "memory_info_ex", { "K32GetProcessMemoryInfo" }, 0, FALSE,
      NULL, run_memory_info_ex, floor_memory_info },
    { "snapshot_create", { "CreateToolhelp32Snapshot" }, 0, FALSE,
      prepare_process_list, run_snapshot_create, floor_snapshot_create },
    { "snapshot_create_pt", { "CreateToolhelp32Snapshot" }, 0, FALSE,
      prepare_process_list, run_snapshot_create_pt, floor_snapshot_create },
    { "snapshot_create_only", { "CreateToolhelp32Snapshot" }, 0, FALSE,
      prepare_process_list, run_snapshot_create_only, floor_snapshot_create },
    { "snapshot_create_pt_only", { "CreateToolhelp32Snapshot" }, 0, FALSE,
      prepare_process_list, run_snapshot_create_pt_only, floor_snapshot_create },
    { "snapshot_walk_pt", { "CreateToolhelp32Snapshot", "Process32FirstW", "Process32NextW",
      "Thread32First", "Thread32Next" }, 2, TRUE,
      prepare_process_list, run_snapshot_walk_pt, floor_process_list },
    { "snapshot_create_mem", { "CreateToolhelp32Snapshot" }, 0, FALSE,
      prepare_process_list, run_snapshot_create_mem, floor_snapshot_create },
    { "snapshot_create_pt_mem", { "CreateToolhelp32Snapshot" }, 0, FALSE,
      prepare_process_list, run_snapshot_create_pt_mem, floor_snapshot_create },
    { "snapshot_walk_pt_mem", { "CreateToolhelp32Snapshot", "Process32FirstW", "Process32NextW",
      "Thread32First", "Thread32Next" }, 2, TRUE,
      prepare_process_list, run_snapshot_walk_pt_mem, floor_process_list },
    { "module_walk", { "CreateToolhelp32Snapshot", "Module32FirstW", "Module32NextW" }, 1, FALSE,
      NULL, run_module_walk, NULL },
    { "enum_modules_basename", { "K32EnumProcessModules", "K32GetModuleBaseNameW" }, 1, FALSE,
      NULL, run_enum_modules_basename, NULL },
    { "heap_walk", { "CreateToolhelp32Snapshot", "Heap32ListFirst", "Heap32ListNext",
      "Heap32First", "Heap32Next" }, 1, FALSE,
      prepare_heap, run_heap_walk, floor_heap_walk },
};
static BOOL selected[ARRAY_SIZE(scenarios)];

/* ---------------------------------------------------------------- loading */

#define RESOLVE(api, name) ((api)->p##name = (void *)GetProcAddress((api)->module, #name))

static void resolve(struct api *api)
{
    RESOLVE(api, CreateToolhelp32Snapshot);
    RESOLVE(api, Process32FirstW);
    RESOLVE(api, Process32NextW);
    RESOLVE(api, Thread32First);
    RESOLVE(api, Thread32Next);
    RESOLVE(api, Module32FirstW);
    RESOLVE(api, Module32NextW);
    RESOLVE(api, Heap32ListFirst);
    RESOLVE(api, Heap32ListNext);
    RESOLVE(api, Heap32First);
    RESOLVE(api, Heap32Next);
    RESOLVE(api, K32EnumProcesses);
    RESOLVE(api, K32GetProcessMemoryInfo);
    RESOLVE(api, K32EnumProcessModules);
    RESOLVE(api, K32GetModuleBaseNameW);
}

/* Loads our kernel32_k32.dll by full path from the first folder of the
 * ';'-separated list that holds it; the exe's folder and ..\dlls\kernel32_k32
 * (the build tree) are the fallback. */
static HMODULE load_ours(const char *dirlist, char *path, DWORD path_size)
{
    char dirs[MAX_PATH * 4], loaded[MAX_PATH * 2], *dir, *next, *slash;
    HMODULE module;

    if (dirlist && *dirlist) snprintf(dirs, sizeof(dirs), "%s", dirlist);
    else
    {
        GetModuleFileNameA(NULL, loaded, sizeof(loaded));
        if ((slash = strrchr(loaded, '\\'))) *slash = 0;
        snprintf(dirs, sizeof(dirs), "%s;%s\\..\\dlls\\kernel32_k32", loaded, loaded);
    }
    for (dir = dirs; dir; dir = next)
    {
        if ((next = strchr(dir, ';'))) *next++ = 0;
        if (!*dir) continue;
        snprintf(path, path_size, "%s\\kernel32_k32.dll", dir);
        if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) continue;
        if (!(module = LoadLibraryExA(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH)))
        {
            fprintf(stderr, "k32bench: cannot load %s: error %lu\n", path, GetLastError());
            return NULL;
        }
        /* under Wine a builtin could stand in for a path load: refuse to time it */
        GetModuleFileNameA(module, loaded, sizeof(loaded));
        if (_stricmp(loaded, path) && GetFullPathNameA(path, path_size, path, NULL)
            && _stricmp(loaded, path))
        {
            fprintf(stderr, "k32bench: asked for %s, got %s\n", path, loaded);
            return NULL;
        }
        return module;
    }
    fprintf(stderr, "k32bench: kernel32_k32.dll not found (--dlls or K32_DLLPATH: \"%s\")\n",
            dirlist ? dirlist : "");
    return NULL;
}

/* ---------------------------------------------------------------- measuring */

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int compare_dword(const void *a, const void *b)
{
    DWORD x = *(const DWORD *)a, y = *(const DWORD *)b;
    return x < y ? -1 : x > y;
}

/* Sorts in place. */
static double median_double(double *v, unsigned int n)
{
    qsort(v, n, sizeof(*v), compare_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static DWORD median_dword(DWORD *v, unsigned int n)
{
    qsort(v, n, sizeof(*v), compare_dword);
    return v[n / 2];
}

enum impl_status { ST_OK, ST_MISSING, ST_FAILED, ST_TRUNCATED };
static const char * const status_names[] = { "ok", "missing", "failed", "truncated" };

struct impl_result
{
    enum impl_status status;
    double us;              /* median; for ST_TRUNCATED the partial walk's time */
    DWORD a, b;             /* median entries */
    unsigned int samples, failures;
    DWORD last_error;
    double *times;
    DWORD *ea, *eb;
};

struct scenario_result
{
    const struct scenario *s;
    unsigned int iterations;
    struct impl_result impl[IMPL_COUNT];
    char notes[MAX_NOTES];
};

static void add_note(struct scenario_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_note(struct scenario_result *r, const char *fmt, ...)
{
    size_t len = strlen(r->notes);
    va_list args;

    if (len + 2 >= sizeof(r->notes)) return;
    if (len) r->notes[len++] = '\n';
    va_start(args, fmt);
    vsnprintf(r->notes + len, sizeof(r->notes) - len, fmt, args);
    va_end(args);
}

static DWORD timed_call(const struct scenario *s, int impl, struct counts *c, double *us)
{
    LONGLONG t0, t1;
    DWORD err;

    memset(c, 0, sizeof(*c));
    t0 = now();
    walk_deadline = t0 + (LONGLONG)(WALK_BUDGET_S * qpc_freq.QuadPart);
    err = impl == IMPL_FLOOR ? s->floor(c) : s->run(&apis[impl], c);
    t1 = now();
    if (c->close_after) CloseHandle(c->close_after);
    *us = ticks_to_us(t1 - t0);
    return err;
}

static void note_failure(struct scenario_result *r, int impl, DWORD err, const struct counts *c)
{
    char text[256] = "";
    size_t len;

    r->impl[impl].status = ST_FAILED;
    r->impl[impl].last_error = err;
    if (c->why) snprintf(text, sizeof(text), "%s", c->why);
    else if (FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err,
                            0, text, sizeof(text), NULL))
    {
        /* one line, without the trailing period */
        for (len = strlen(text); len && strchr(" .\r\n", text[len - 1]); len--) text[len - 1] = 0;
    }
    add_note(r, "%s: %s failed: error %lu%s%s%s, left out", r->s->name, impl_names[impl], err,
             *text ? " (" : "", text, *text ? ")" : "");
}

/* One untimed call, one timed call; gives the cost estimate for sizing the run. */
static double warm_up(struct scenario_result *r, int impl)
{
    struct impl_result *ir = &r->impl[impl];
    struct counts c;
    double us = 0;
    DWORD err;
    int i;

    for (i = 0; i < 2; i++)
    {
        err = timed_call(r->s, impl, &c, &us);
        if (err)
        {
            note_failure(r, impl, err, &c);
            return 0;
        }
        if (c.truncated)
        {
            ir->status = ST_TRUNCATED;
            ir->us = us;
            ir->a = c.a;
            ir->b = c.b;
            add_note(r, "%s: %s stopped at the %.0f s walk budget after %lu entries (%.2f s), "
                     "left out", r->s->name, impl_names[impl], WALK_BUDGET_S, c.a + c.b, us / 1e6);
            return 0;
        }
        if (us > 100000.0) break;   /* slow enough: one call is estimate enough */
    }
    return us;
}

static void run_scenario(struct scenario_result *r)
{
    const struct scenario *s = r->s;
    double round_us = 0, us;
    unsigned int n, i, k;
    struct counts c;
    DWORD err;
    int impl;

    for (impl = 0; impl < IMPL_COUNT; impl++)
    {
        struct impl_result *ir = &r->impl[impl];
        if (impl == IMPL_FLOOR)
        {
            if (!s->floor) ir->status = ST_MISSING;
            continue;
        }
        for (k = 0; k < ARRAY_SIZE(s->needs) && s->needs[k]; k++)
        {
            if (GetProcAddress(apis[impl].module, s->needs[k])) continue;
            ir->status = ST_MISSING;
            add_note(r, "%s: %s does not export %s, skipped", s->name, impl_names[impl],
                     s->needs[k]);
            break;
        }
    }
    if (s->prepare && !s->prepare())
    {
        add_note(r, "%s: set-up failed (error %lu), skipped", s->name, GetLastError());
        for (impl = 0; impl < IMPL_COUNT; impl++) r->impl[impl].status = ST_MISSING;
        return;
    }

    for (impl = 0; impl < IMPL_COUNT; impl++)
        if (r->impl[impl].status == ST_OK) round_us += warm_up(r, impl);

    if (opt_iterations) n = opt_iterations;
    else if (round_us <= 0) n = MIN_ITERATIONS;
    else n = (unsigned int)min(max(TARGET_US / round_us, MIN_ITERATIONS), MAX_ITERATIONS);
    r->iterations = n;

    for (impl = 0; impl < IMPL_COUNT; impl++)
    {
        struct impl_result *ir = &r->impl[impl];
        if (ir->status != ST_OK) continue;
        ir->times = malloc(n * sizeof(*ir->times));
        ir->ea = malloc(n * sizeof(*ir->ea));
        ir->eb = malloc(n * sizeof(*ir->eb));
        if (!ir->times || !ir->ea || !ir->eb)
        {
            fprintf(stderr, "k32bench: out of memory\n");
            exit(2);
        }
    }

    /* rotate who goes first, so that none always runs right after another */
    for (i = 0; i < n; i++)
    {
        for (k = 0; k < IMPL_COUNT; k++)
        {
            struct impl_result *ir = &r->impl[impl = (i + k) % IMPL_COUNT];
            if (ir->status != ST_OK) continue;
            err = timed_call(s, impl, &c, &us);
            if (err || c.truncated)
            {
                ir->failures++;
                ir->last_error = err;
                continue;
            }
            ir->times[ir->samples] = us;
            ir->ea[ir->samples] = c.a;
            ir->eb[ir->samples] = c.b;
            ir->samples++;
        }
    }

    for (impl = 0; impl < IMPL_COUNT; impl++)
    {
        struct impl_result *ir = &r->impl[impl];
        if (ir->status != ST_OK) continue;
        if (ir->failures)
            add_note(r, "%s: %u of %u %s calls failed (last error %lu)", s->name, ir->failures, n,
                     impl_names[impl], ir->last_error);
        if (!ir->samples) ir->status = ST_FAILED;
        else
        {
            ir->us = median_double(ir->times, ir->samples);
            ir->a = median_dword(ir->ea, ir->samples);
            ir->b = median_dword(ir->eb, ir->samples);
        }
        free(ir->times);
        free(ir->ea);
        free(ir->eb);
    }
}

/* Processes and threads may come and go between calls: allow a little. */
static void check_entries(struct scenario_result *r, int impl, int ref)
{
    const struct impl_result *x = &r->impl[impl], *y = &r->impl[ref];
    DWORD hi, diff;

    if (!r->s->entries || x->status != ST_OK || y->status != ST_OK) return;
    hi = max(x->a, y->a);
    diff = x->a > y->a ? x->a - y->a : y->a - x->a;
    if (diff <= 2 + hi / 100)
    {
        hi = max(x->b, y->b);
        diff = x->b > y->b ? x->b - y->b : y->b - x->b;
        if (diff <= 2 + hi / 100) return;
    }
    if (r->s->entries == 2)
        add_note(r, "WARNING: %s: %s walked %lu+%lu entries, %s %lu+%lu", r->s->name,
                 impl_names[impl], x->a, x->b, impl_names[ref], y->a, y->b);
    else
        add_note(r, "WARNING: %s: %s walked %lu entries, %s %lu", r->s->name,
                 impl_names[impl], x->a, impl_names[ref], y->a);
}

/* ---------------------------------------------------------------- output */

static void format_us(char *buf, size_t size, const struct impl_result *ir)
{
    if (ir->status == ST_OK) snprintf(buf, size, "%.1f", ir->us);
    else if (ir->status == ST_TRUNCATED) snprintf(buf, size, ">%.0f", ir->us);
    else snprintf(buf, size, "-");
}

static BOOL has_time(const struct impl_result *ir)
{
    return ir->status == ST_OK || ir->status == ST_TRUNCATED;
}

static void format_ratio(char *buf, size_t size, const struct impl_result *num,
                         const struct impl_result *den)
{
    const char *bound = "";

    if (!has_time(num) || !has_time(den) || den->us <= 0
        || (num->status == ST_TRUNCATED && den->status == ST_TRUNCATED))
    {
        snprintf(buf, size, "-");
        return;
    }
    if (num->status == ST_TRUNCATED) bound = ">";
    if (den->status == ST_TRUNCATED) bound = "<";
    snprintf(buf, size, "%s%.2f", bound, num->us / den->us);
}

static const struct impl_result *entries_source(const struct scenario_result *r)
{
    static const int order[] = { IMPL_OURS, IMPL_SYSTEM, IMPL_FLOOR };
    unsigned int i;

    if (!r->s->entries) return NULL;
    /* the floor's count comes last: it may count other things (heap regions) */
    for (i = 0; i < ARRAY_SIZE(order); i++)
        if (r->impl[order[i]].status == ST_OK) return &r->impl[order[i]];
    return NULL;
}

static void print_row(const struct scenario_result *r)
{
    char sys[32], ours[32], flr[32], r1[32], r2[32], ent[32];
    const struct impl_result *e = entries_source(r);

    format_us(sys, sizeof(sys), &r->impl[IMPL_SYSTEM]);
    format_us(ours, sizeof(ours), &r->impl[IMPL_OURS]);
    format_us(flr, sizeof(flr), &r->impl[IMPL_FLOOR]);
    format_ratio(r1, sizeof(r1), &r->impl[IMPL_OURS], &r->impl[IMPL_SYSTEM]);
    format_ratio(r2, sizeof(r2), &r->impl[IMPL_OURS], &r->impl[IMPL_FLOOR]);
    if (!e) snprintf(ent, sizeof(ent), "-");
    else if (r->s->entries == 2) snprintf(ent, sizeof(ent), "%lu+%lu", e->a, e->b);
    else snprintf(ent, sizeof(ent), "%lu", e->a);
    printf("%-22s %11s %11s %11s %11s %10s %11s %6u\n", r->s->name, sys, ours, flr, r1, r2, ent,
           r->iterations);
    fflush(stdout);
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++)
    {
        if (*s == '"' || *s == '\\') printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
        else putchar(*s);
    }
    putchar('"');
}

static void json_ratio(const struct impl_result *num, const struct impl_result *den)
{
    if (num->status == ST_OK && den->status == ST_OK && den->us > 0)
        printf("%.4f", num->us / den->us);
    else printf("null");
}

static void print_json(const char *platform, const DWORD *counts, double roundtrip_us,
                       const struct scenario_result *results, unsigned int count)
{
    unsigned int i;
    int impl;

    printf("{\"platform\": ");
    json_string(platform);
    printf(", \"arch\": \"%s\", \"processes\": %lu, \"threads\": %lu, \"own_threads\": %lu, "
           "\"extra_threads\": %u, \"roundtrip_us\": %.3f, \"heap_blocks\": %u, \"temp_files\": %u,\n \"scenarios\": [",
           sizeof(void *) == 8 ? "x86_64" : "i686", counts[0], counts[1], counts[2],
           opt_threads, roundtrip_us, opt_heap_blocks, opt_temp_files);
    for (i = 0; i < count; i++)
    {
        const struct scenario_result *r = &results[i];
        const char *line, *end;

        printf("%s\n  {\"name\": \"%s\", \"iterations\": %u", i ? "," : "", r->s->name,
               r->iterations);
        for (impl = 0; impl < IMPL_COUNT; impl++)
        {
            const struct impl_result *ir = &r->impl[impl];
            printf(", \"%s\": {\"status\": \"%s\"", impl_names[impl], status_names[ir->status]);
            if (has_time(ir)) printf(", \"median_us\": %.3f", ir->us);
            if (has_time(ir) && r->s->entries)
            {
                printf(", \"entries\": %lu", ir->a + ir->b);
                if (r->s->entries == 2) printf(", \"entries_split\": [%lu, %lu]", ir->a, ir->b);
            }
            if (ir->status == ST_FAILED) printf(", \"error\": %lu", ir->last_error);
            printf("}");
        }
        printf(", \"ours_per_system\": ");
        json_ratio(&r->impl[IMPL_OURS], &r->impl[IMPL_SYSTEM]);
        printf(", \"ours_per_floor\": ");
        json_ratio(&r->impl[IMPL_OURS], &r->impl[IMPL_FLOOR]);
        printf(", \"notes\": [");
        for (line = r->notes; *line; line = *end ? end + 1 : end)
        {
            char buf[MAX_NOTES];
            if (!(end = strchr(line, '\n'))) end = line + strlen(line);
            snprintf(buf, sizeof(buf), "%.*s", (int)(end - line), line);
            if (line != r->notes) printf(", ");
            json_string(buf);
        }
        printf("]}");
    }
    printf("\n]}\n");
}

/* ---------------------------------------------------------------- set-up */

static DWORD WINAPI idle_thread(void *event)
{
    WaitForSingleObject(event, INFINITE);
    return 0;
}

/* Starts up to count idle threads parked on event (small reserved stacks so
 * thousands fit); returns how many started. */
static unsigned int start_idle_threads(unsigned int count, HANDLE event, BOOL quiet)
{
    unsigned int started;
    HANDLE thread;

    for (started = 0; started < count; started++)
    {
        if (!(thread = CreateThread(NULL, 64 * 1024, idle_thread, event,
                                    STACK_SIZE_PARAM_IS_A_RESERVATION, NULL)))
        {
            if (!quiet) fprintf(stderr, "k32bench: thread %u of %u here: error %lu\n", started + 1, count, GetLastError());
            break;
        }
        CloseHandle(thread);
    }
    return started;
}

/* A 32-bit process runs out of address space long before 2000 threads:
 * the rest are parked in children ("k32bench --idle-child N EVENT PARENT"),
 * which end with the event or with this process (and after 30 min at most). */
#define IDLE_CHILD_THREADS 400

/* --temp-files: %TEMP% (TMP and TEMP) becomes a new folder of count empty
 * files, as a user's often is: a file backing pays for the folder's size
 * where the file system looks names up by scanning it (Wine does). */
static char temp_folder[MAX_PATH];

static void temp_file_path(char *path, size_t size, unsigned int i)
{
    snprintf(path, size, "%s\\file%u.tmp", temp_folder, i);
}

static void fill_temp(unsigned int count)
{
    char path[MAX_PATH + 32];
    unsigned int i;
    HANDLE file;

    GetTempPathA(sizeof(path), path);
    snprintf(temp_folder, sizeof(temp_folder), "%sk32bench-%lu", path, GetCurrentProcessId());
    if (!CreateDirectoryA(temp_folder, NULL))
    {
        fprintf(stderr, "k32bench: cannot create %s: %lu\n", temp_folder, GetLastError());
        exit(2);
    }
    for (i = 0; i < count; i++)
    {
        temp_file_path(path, sizeof(path), i);
        file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
        if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    }
    SetEnvironmentVariableA("TMP", temp_folder);
    SetEnvironmentVariableA("TEMP", temp_folder);
}

static void empty_temp(unsigned int count)
{
    char path[MAX_PATH + 32];
    unsigned int i;

    for (i = 0; i < count; i++)
    {
        temp_file_path(path, sizeof(path), i);
        DeleteFileA(path);
    }
    if (!RemoveDirectoryA(temp_folder)) fprintf(stderr, "k32bench: %s is not empty\n", temp_folder);
}

static void idle_child(unsigned int count, HANDLE event, HANDLE parent)
{
    HANDLE handles[2] = { event, parent };

    start_idle_threads(count, event, TRUE);
    printf("%u\n", count);
    fflush(stdout);
    WaitForMultipleObjects(2, handles, FALSE, 30 * 60 * 1000);
    ExitProcess(0);
}

static unsigned int start_idle_children(unsigned int count, HANDLE event)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    char path[MAX_PATH], cmdline[MAX_PATH + 96];
    HANDLE parent, ready_read, ready_write;
    unsigned int started = 0, n;
    char answer[16];
    DWORD got;

    GetModuleFileNameA(NULL, path, sizeof(path));
    DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &parent, SYNCHRONIZE, TRUE, 0);
    while (started < count)
    {
        n = count - started < IDLE_CHILD_THREADS ? count - started : IDLE_CHILD_THREADS;
        if (!CreatePipe(&ready_read, &ready_write, &sa, 0)) break;
        SetHandleInformation(ready_read, HANDLE_FLAG_INHERIT, 0);
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdOutput = ready_write;
        si.hStdInput = si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        snprintf(cmdline, sizeof(cmdline), "\"%s\" --idle-child %u %lu %lu", path, n,
                 (unsigned long)(ULONG_PTR)event, (unsigned long)(ULONG_PTR)parent);
        if (!CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
        {
            CloseHandle(ready_read);
            CloseHandle(ready_write);
            break;
        }
        CloseHandle(ready_write);
        /* the child says how many it started once they run */
        if (ReadFile(ready_read, answer, sizeof(answer) - 1, &got, NULL) && got) started += n;
        CloseHandle(ready_read);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    return started;
}

/* The per-call cost of the cheapest request that still leaves the process
 * (a wineserver round trip under Wine, a system call on Windows). */
static double roundtrip_us(void)
{
    static double times[2000];
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    unsigned int i;
    DWORD flags;
    LONGLONG t0;

    for (i = 0; i < 100; i++) GetHandleInformation(event, &flags);
    for (i = 0; i < ARRAY_SIZE(times); i++)
    {
        t0 = now();
        GetHandleInformation(event, &flags);
        times[i] = ticks_to_us(now() - t0);
    }
    CloseHandle(event);
    return median_double(times, ARRAY_SIZE(times));
}

static double timer_overhead_us(void)
{
    static double times[1000];
    unsigned int i;
    LONGLONG t0;

    for (i = 0; i < ARRAY_SIZE(times); i++)
    {
        t0 = now();
        times[i] = ticks_to_us(now() - t0);
    }
    return median_double(times, ARRAY_SIZE(times));
}

static void describe_platform(char *buf, size_t size, BOOL *is_wine)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    const char * (CDECL *pwine_get_version)(void);
    NTSTATUS (WINAPI *pRtlGetVersion)(RTL_OSVERSIONINFOW *);
    RTL_OSVERSIONINFOW info;

    pwine_get_version = (void *)GetProcAddress(ntdll, "wine_get_version");
    pRtlGetVersion = (void *)GetProcAddress(ntdll, "RtlGetVersion");

    *is_wine = pwine_get_version != NULL;
    if (*is_wine) snprintf(buf, size, "Wine %s", pwine_get_version());
    else
    {
        info.dwOSVersionInfoSize = sizeof(info);
        if (pRtlGetVersion && !pRtlGetVersion(&info))
            snprintf(buf, size, "Windows %lu.%lu.%lu", info.dwMajorVersion, info.dwMinorVersion,
                     info.dwBuildNumber);
        else snprintf(buf, size, "Windows");
    }
}

static void usage(FILE *out)
{
    unsigned int i;

    fprintf(out,
            "Usage: k32bench [options]\n"
            "  --dlls DIR[;DIR]   folder(s) holding our kernel32_k32.dll (default: K32_DLLPATH,\n"
            "                     else the exe's folder and ..\\dlls\\kernel32_k32)\n"
            "  --iterations N     timed iterations per scenario (default: adaptive, ~0.75 s each)\n"
            "  --threads N        start N idle threads first, to grow the thread list\n"
            "  --heap-blocks N    blocks in heap_walk's private heap (default 100000)\n"
            "  --temp-files N     run with %%TEMP%% a new folder of N empty files\n"
            "  --only NAME[,...]  run only these scenarios\n"
            "  --json             print the results as JSON too\n"
            "Scenarios:");
    for (i = 0; i < ARRAY_SIZE(scenarios); i++) fprintf(out, " %s", scenarios[i].name);
    fprintf(out, "\n");
}

/* Accepts "--name VALUE" and "--name=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t len = strlen(name);

    if (strncmp(argv[*i], name, len)) return NULL;
    if (argv[*i][len] == '=') return argv[*i] + len + 1;
    if (argv[*i][len]) return NULL;
    if (*i + 1 >= argc)
    {
        fprintf(stderr, "k32bench: %s needs a value\n", name);
        exit(2);
    }
    return argv[++*i];
}

static unsigned int parse_count(const char *name, const char *value)
{
    char *end;
    unsigned long n = strtoul(value, &end, 10);

    if (!*value || *end || n > 10000000)
    {
        fprintf(stderr, "k32bench: %s: bad number \"%s\"\n", name, value);
        exit(2);
    }
    return n;
}

static void select_scenarios(const char *list)
{
    char buf[1024], *name, *next;
    unsigned int i;

    snprintf(buf, sizeof(buf), "%s", list);
    for (name = buf; name; name = next)
    {
        if ((next = strchr(name, ','))) *next++ = 0;
        for (i = 0; i < ARRAY_SIZE(scenarios); i++)
            if (!strcmp(name, scenarios[i].name)) break;
        if (i == ARRAY_SIZE(scenarios))
        {
            fprintf(stderr, "k32bench: unknown scenario \"%s\"\n", name);
            usage(stderr);
            exit(2);
        }
        selected[i] = TRUE;
    }
}

int main(int argc, char **argv)
{
    static struct scenario_result results[ARRAY_SIZE(scenarios)];
    const char *dlls = getenv("K32_DLLPATH"), *only = NULL, *value;
    char platform[128], ours_path[MAX_PATH * 2], system_path[MAX_PATH * 2];
    DWORD counts[3] = { 0 };  /* processes, threads, threads of this process */
    unsigned int i, count = 0, started = 0, child_threads = 0;
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    double roundtrip;
    HANDLE event;
    BOOL is_wine;
    int arg;

    if (argc == 5 && !strcmp(argv[1], "--idle-child"))
        idle_child(strtoul(argv[2], NULL, 0), (HANDLE)(ULONG_PTR)strtoul(argv[3], NULL, 0),
                   (HANDLE)(ULONG_PTR)strtoul(argv[4], NULL, 0));
    for (arg = 1; arg < argc; arg++)
    {
        if ((value = option_value(argc, argv, &arg, "--dlls"))) dlls = value;
        else if ((value = option_value(argc, argv, &arg, "--iterations")))
            opt_iterations = parse_count("--iterations", value);
        else if ((value = option_value(argc, argv, &arg, "--threads")))
            opt_threads = parse_count("--threads", value);
        else if ((value = option_value(argc, argv, &arg, "--heap-blocks")))
            opt_heap_blocks = parse_count("--heap-blocks", value);
        else if ((value = option_value(argc, argv, &arg, "--temp-files")))
            opt_temp_files = parse_count("--temp-files", value);
        else if ((value = option_value(argc, argv, &arg, "--only"))) only = value;
        else if (!strcmp(argv[arg], "--json")) opt_json = TRUE;
        else if (!strcmp(argv[arg], "--help") || !strcmp(argv[arg], "-h"))
        {
            usage(stdout);
            return 0;
        }
        else
        {
            fprintf(stderr, "k32bench: unknown option \"%s\"\n", argv[arg]);
            usage(stderr);
            return 2;
        }
    }
    if (only) select_scenarios(only);
    else for (i = 0; i < ARRAY_SIZE(scenarios); i++) selected[i] = TRUE;

    QueryPerformanceFrequency(&qpc_freq);
    self_pid = GetCurrentProcessId();
    describe_platform(platform, sizeof(platform), &is_wine);

    apis[IMPL_SYSTEM].module = GetModuleHandleA("kernel32.dll");
    if (!(apis[IMPL_OURS].module = load_ours(dlls, ours_path, sizeof(ours_path)))) return 2;
    resolve(&apis[IMPL_SYSTEM]);
    resolve(&apis[IMPL_OURS]);
    GetModuleFileNameA(apis[IMPL_SYSTEM].module, system_path, sizeof(system_path));

    /* idle threads, parked on an event: here, and in children where this
     * process has no room for them */
    event = CreateEventA(&inherit, TRUE, FALSE, NULL);
    started = start_idle_threads(opt_threads, event, FALSE);
    if (started < opt_threads)
    {
        child_threads = start_idle_children(opt_threads - started, event);
        fprintf(stderr, "k32bench: %u idle threads in child processes\n", child_threads);
    }
    opt_threads = started + child_threads;

    if (opt_temp_files) fill_temp(opt_temp_files);
    if (prepare_process_list())
    {
        ULONG ret;
        if (!NtQuerySystemInformation(SystemProcessInformation, spi_buf, spi_size, &ret))
            count_process_list(spi_buf, ret, &counts[0], &counts[1], &counts[2]);
    }
    roundtrip = roundtrip_us();

    printf("k32bench: %s, %s; %lu processes, %lu threads (%lu in this process, %u idle added)\n",
           platform, sizeof(void *) == 8 ? "x86_64" : "i686", counts[0], counts[1], counts[2],
           opt_threads);
    printf("system: %s\nours:   %s\n", system_path, ours_path);
    if (opt_temp_files) printf("%%TEMP%%: %s, %u files\n", temp_folder, opt_temp_files);
    printf("timer: %.3f MHz, %.2f us per reading; %s round trip (GetHandleInformation): %.1f us\n",
           qpc_freq.QuadPart / 1e6, timer_overhead_us(), is_wine ? "wineserver" : "kernel",
           roundtrip);
    printf("median us per call; ratios of medians; entries = what one call walked\n\n");
    printf("%-22s %11s %11s %11s %11s %10s %11s %6s\n", "scenario", "system_us", "ours_us",
           "floor_us", "ours/system", "ours/floor", "entries", "n");
    fflush(stdout);

    for (i = 0; i < ARRAY_SIZE(scenarios); i++)
    {
        struct scenario_result *r = &results[count];
        if (!selected[i]) continue;
        r->s = &scenarios[i];
        run_scenario(r);
        check_entries(r, IMPL_OURS, IMPL_SYSTEM);
        if (r->s->floor_comparable) check_entries(r, IMPL_OURS, IMPL_FLOOR);
        print_row(r);
        count++;
    }

    printf("\n");
    for (i = 0; i < count; i++)
        if (results[i].notes[0]) printf("%s\n", results[i].notes);
    if (opt_json) print_json(platform, counts, roundtrip, results, count);
    fflush(stdout);

    if (opt_temp_files) empty_temp(opt_temp_files);
    SetEvent(event);
    return 0;
}
