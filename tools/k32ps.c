/*
 * k32ps - lists processes, like tasklist/pslist, through our kernel32_k32.dll
 * (the Toolhelp32 functions and the K32* PSAPI entry points).
 *
 * Usage: k32ps [--threads] [--modules] [--heaps] [--memory] [--all]
 *              [--psapi] [--pid N] [--json] [--help]
 *
 * It links against our import libraries, so it needs kernel32_k32.dll beside
 * it (make install puts both in $(bindir)) or on PATH (tools/ps sets WINEPATH
 * under Wine). A detail that fails for one process (access denied, the
 * process has exited) is shown inline in place of that detail; the listing
 * goes on.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define __USE_MINGW_ANSI_STDIO 1
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADDR_DIGITS ((int)(sizeof(void *) * 2))
/* SIZE_T is unsigned long on i686, not size_t: print counters as unsigned long long */
#define ULL(x) ((unsigned long long)(x))
#define KB(x)  (ULL(x) / 1024)

static const char usage[] =
    "Usage: k32ps [OPTIONS]\n"
    "List processes (pid, parent pid, threads, base priority, name) through\n"
    "kernel32_k32.dll, with optional details per process.\n"
    "\n"
    "  -t, --threads   thread ids and priorities (Thread32First/Next)\n"
    "  -m, --modules   modules: base, size, name, path (Module32FirstW/NextW)\n"
    "      --psapi     take modules from EnumProcessModulesEx and\n"
    "                  GetModuleFileNameExW instead of a module snapshot\n"
    "  -H, --heaps     heaps: id, flags, used and free blocks and bytes\n"
    "                  (Heap32ListFirst/Next, Heap32First/Next)\n"
    "  -M, --memory    memory counters (GetProcessMemoryInfo, _EX2 or _EX)\n"
    "  -a, --all       every detail above\n"
    "  -p, --pid N     show process N only\n"
    "  -j, --json      machine-readable output (UTF-8 JSON)\n"
    "  -h, --help      this text\n"
    "\n"
    "Exit status: 0 when listed, 1 when the process snapshot fails or --pid\n"
    "names no process, 2 on a usage error.\n";

static struct
{
    BOOL threads, modules, heaps, memory, psapi, json, one;
    DWORD pid;
} opt;

/* why a detail is missing or incomplete; code 0 means no failure */
struct failure
{
    DWORD       code;
    const char *func;
};

struct proc
{
    DWORD pid, ppid, nthreads;
    LONG  pri;
    WCHAR name[MAX_PATH];
};

struct thread
{
    DWORD tid, owner;
    LONG  base, delta;
};

struct module
{
    ULONG_PTR base;
    DWORD     size;
    WCHAR     name[MAX_MODULE_NAME32 + 1];
    WCHAR     path[MAX_PATH];
};

struct heap
{
    ULONG_PTR      id;
    DWORD          flags;
    DWORD          blocks, free_blocks;
    ULONGLONG      bytes, free_bytes;
    struct failure err;
};

/* a growable array and the failure that ended its walk early, if any */
struct list
{
    void          *items;
    size_t         count, cap, size;
    struct failure err;
};

struct memory
{
    PROCESS_MEMORY_COUNTERS_EX2 c;
    DWORD                       cb;   /* the size GetProcessMemoryInfo accepted */
    struct failure              err;
};

static void *push(struct list *l)
{
    if (l->count == l->cap)
    {
        size_t cap = l->cap ? l->cap * 2 : 16;
        void *items = realloc(l->items, cap * l->size);
        if (!items)
        {
            fputs("k32ps: out of memory\n", stderr);
            exit(1);
        }
        l->items = items;
        l->cap = cap;
    }
    return memset((char *)l->items + l->count++ * l->size, 0, l->size);
}

static void fail(struct failure *f, const char *func)
{
    f->code = GetLastError();
    f->func = func;
}

/* UTF-16 to a malloc'ed UTF-8 string (never NULL) */
static char *utf8(const WCHAR *w)
{
    int len = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = malloc(len > 0 ? len : 1);

    if (!s)
    {
        fputs("k32ps: out of memory\n", stderr);
        exit(1);
    }
    if (len <= 0 || !WideCharToMultiByte(CP_UTF8, 0, w, -1, s, len, NULL, NULL)) *s = 0;
    return s;
}

/* the system's text for an error code, in UTF-8, without the line break */
static char *error_text(DWORD code)
{
    WCHAR buf[512];
    DWORD len = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                               NULL, code, 0, buf, ARRAYSIZE(buf), NULL);

    while (len && (buf[len - 1] == '\r' || buf[len - 1] == '\n' || buf[len - 1] == ' ')) len--;
    buf[len] = 0;
    return utf8(buf);
}

/* ------------------------------------------------------------------ gathering */

static DWORD take_snapshot(struct list *procs, struct list *threads)
{
    DWORD flags = TH32CS_SNAPPROCESS | (opt.threads ? TH32CS_SNAPTHREAD : 0);
    HANDLE snap = CreateToolhelp32Snapshot(flags, 0);
    PROCESSENTRY32W pe;
    THREADENTRY32 te;
    DWORD err = 0;
    BOOL ok;

    if (snap == INVALID_HANDLE_VALUE) return GetLastError();
    pe.dwSize = sizeof(pe);
    for (ok = Process32FirstW(snap, &pe); ok; ok = Process32NextW(snap, &pe))
    {
        struct proc *p;
        if (opt.one && pe.th32ProcessID != opt.pid) continue;
        p = push(procs);
        p->pid = pe.th32ProcessID;
        p->ppid = pe.th32ParentProcessID;
        p->nthreads = pe.cntThreads;
        p->pri = pe.pcPriClassBase;
        memcpy(p->name, pe.szExeFile, sizeof(p->name));
        p->name[MAX_PATH - 1] = 0;
        pe.dwSize = sizeof(pe);
    }
    if (GetLastError() != ERROR_NO_MORE_FILES) err = GetLastError();
    if (!err && opt.threads)
    {
        te.dwSize = sizeof(te);
        for (ok = Thread32First(snap, &te); ok; ok = Thread32Next(snap, &te))
        {
            struct thread *t;
            if (opt.one && te.th32OwnerProcessID != opt.pid) continue;
            t = push(threads);
            t->tid = te.th32ThreadID;
            t->owner = te.th32OwnerProcessID;
            t->base = te.tpBasePri;
            t->delta = te.tpDeltaPri;
            te.dwSize = sizeof(te);
        }
        if (GetLastError() != ERROR_NO_MORE_FILES) err = GetLastError();
    }
    CloseHandle(snap);
    return err;
}

/* CreateToolhelp32Snapshot takes pid 0 as "the calling process": refuse it
 * here, as OpenProcess refuses the idle process. */
static HANDLE process_snapshot(DWORD flags, DWORD pid, struct failure *err)
{
    HANDLE snap;
    int tries = 0;

    if (!pid)
    {
        err->code = ERROR_INVALID_PARAMETER;
        err->func = "pid 0";
        return INVALID_HANDLE_VALUE;
    }
    /* documented: ERROR_BAD_LENGTH while the loader list changes; retry */
    do snap = CreateToolhelp32Snapshot(flags, pid);
    while (snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_BAD_LENGTH && ++tries < 10);
    if (snap == INVALID_HANDLE_VALUE) fail(err, "CreateToolhelp32Snapshot");
    return snap;
}

static void modules_psapi(DWORD pid, struct list *mods)
{
    HANDLE proc = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
    HMODULE *handles = NULL;
    DWORD cb = 0, needed = 0, i;

    if (!proc)
    {
        fail(&mods->err, "OpenProcess");
        return;
    }
    for (;;)
    {
        HMODULE *more;
        if (!EnumProcessModulesEx(proc, handles, cb, &needed, LIST_MODULES_ALL))
        {
            fail(&mods->err, "EnumProcessModulesEx");
            needed = 0;
            break;
        }
        if (needed <= cb) break;
        if (!(more = realloc(handles, needed + 16 * sizeof(HMODULE))))
        {
            fputs("k32ps: out of memory\n", stderr);
            exit(1);
        }
        handles = more;
        cb = needed + 16 * sizeof(HMODULE);   /* room for modules loaded meanwhile */
    }
    for (i = 0; i < needed / sizeof(HMODULE); i++)
    {
        struct module *m = push(mods);
        MODULEINFO info;

        m->base = (ULONG_PTR)handles[i];
        if (GetModuleInformation(proc, handles[i], &info, sizeof(info)))
            m->size = info.SizeOfImage;
        else if (!mods->err.code) fail(&mods->err, "GetModuleInformation");
        if (!GetModuleBaseNameW(proc, handles[i], m->name, ARRAYSIZE(m->name)) && !mods->err.code)
            fail(&mods->err, "GetModuleBaseNameW");
        if (!GetModuleFileNameExW(proc, handles[i], m->path, ARRAYSIZE(m->path)) && !mods->err.code)
            fail(&mods->err, "GetModuleFileNameExW");
    }
    free(handles);
    CloseHandle(proc);
}

static void get_modules(DWORD pid, struct list *mods)
{
    HANDLE snap;
    MODULEENTRY32W me;
    BOOL ok;

    if (opt.psapi)
    {
        modules_psapi(pid, mods);
        return;
    }
    snap = process_snapshot(TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32, pid, &mods->err);
    if (snap == INVALID_HANDLE_VALUE) return;
    me.dwSize = sizeof(me);
    for (ok = Module32FirstW(snap, &me); ok; ok = Module32NextW(snap, &me))
    {
        struct module *m = push(mods);
        m->base = (ULONG_PTR)me.modBaseAddr;
        m->size = me.modBaseSize;
        memcpy(m->name, me.szModule, sizeof(m->name));
        memcpy(m->path, me.szExePath, sizeof(m->path));
        m->name[ARRAYSIZE(m->name) - 1] = m->path[ARRAYSIZE(m->path) - 1] = 0;
        me.dwSize = sizeof(me);
    }
    if (GetLastError() != ERROR_NO_MORE_FILES) fail(&mods->err, "Module32NextW");
    CloseHandle(snap);
}

static void walk_heap(DWORD pid, struct heap *h)
{
    HEAPENTRY32 he;
    BOOL ok;

    memset(&he, 0, sizeof(he));
    he.dwSize = sizeof(he);
    for (ok = Heap32First(&he, pid, h->id); ok; ok = Heap32Next(&he))
    {
        if (he.dwFlags & LF32_FREE)
        {
            h->free_blocks++;
            h->free_bytes += he.dwBlockSize;
        }
        else
        {
            h->blocks++;
            h->bytes += he.dwBlockSize;
        }
    }
    if (GetLastError() != ERROR_NO_MORE_FILES)
        fail(&h->err, h->blocks + h->free_blocks ? "Heap32Next" : "Heap32First");
}

static void get_heaps(DWORD pid, struct list *heaps)
{
    HANDLE snap = process_snapshot(TH32CS_SNAPHEAPLIST, pid, &heaps->err);
    HEAPLIST32 hl;
    BOOL ok;

    if (snap == INVALID_HANDLE_VALUE) return;
    hl.dwSize = sizeof(hl);
    for (ok = Heap32ListFirst(snap, &hl); ok; ok = Heap32ListNext(snap, &hl))
    {
        struct heap *h = push(heaps);
        h->id = hl.th32HeapID;
        h->flags = hl.dwFlags;
        hl.dwSize = sizeof(hl);
    }
    if (GetLastError() != ERROR_NO_MORE_FILES) fail(&heaps->err, "Heap32ListNext");
    CloseHandle(snap);
    for (size_t i = 0; i < heaps->count; i++) walk_heap(pid, (struct heap *)heaps->items + i);
}

static void get_memory(DWORD pid, struct memory *m)
{
    static const DWORD sizes[] = { sizeof(PROCESS_MEMORY_COUNTERS_EX2),
                                   sizeof(PROCESS_MEMORY_COUNTERS_EX),
                                   sizeof(PROCESS_MEMORY_COUNTERS) };
    HANDLE proc = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE, pid);
    size_t i;

    if (!proc) proc = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!proc)
    {
        fail(&m->err, "OpenProcess");
        return;
    }
    /* older systems refuse the larger structures */
    for (i = 0; i < ARRAYSIZE(sizes); i++)
    {
        memset(&m->c, 0, sizeof(m->c));
        if (GetProcessMemoryInfo(proc, (PROCESS_MEMORY_COUNTERS *)&m->c, sizes[i]))
        {
            m->cb = sizes[i];
            break;
        }
        if (!i) fail(&m->err, "GetProcessMemoryInfo");
    }
    if (m->cb) m->err.code = 0;
    CloseHandle(proc);
}

/* ------------------------------------------------------------------ text output */

static void text_wstr(const WCHAR *w)
{
    char *s = utf8(w);
    fputs(s, stdout);
    free(s);
}

static BOOL text_failure(const char *what, const struct failure *f)
{
    char *msg;

    if (!f->code) return FALSE;
    msg = error_text(f->code);
    printf("    %s: error %lu from %s%s%s\n", what, f->code, f->func, *msg ? ": " : "", msg);
    free(msg);
    return TRUE;
}

static void text_threads(const struct proc *p, const struct list *threads)
{
    const struct thread *t = threads->items;
    size_t i, n = 0;

    for (i = 0; i < threads->count; i++) n += t[i].owner == p->pid;
    printf("    threads (%zu):\n", n);
    if (n) printf("      %8s %5s %5s\n", "TID", "BASE", "DELTA");
    for (i = 0; i < threads->count; i++)
        if (t[i].owner == p->pid) printf("      %8lu %5ld %5ld\n", t[i].tid, t[i].base, t[i].delta);
}

static void text_modules(const struct list *mods)
{
    const struct module *m = mods->items;
    size_t i;

    printf("    modules (%zu):\n", mods->count);
    if (mods->count)
        printf("      %-*s %10s  %-24s %s\n", ADDR_DIGITS + 2, "BASE", "SIZE", "NAME", "PATH");
    for (i = 0; i < mods->count; i++)
    {
        char *name = utf8(m[i].name);
        printf("      0x%0*llx %10lu  %-24s ", ADDR_DIGITS, ULL(m[i].base),
               m[i].size, name);
        free(name);
        text_wstr(m[i].path);
        putchar('\n');
    }
    text_failure("modules", &mods->err);
}

static void text_heaps(const struct list *heaps)
{
    const struct heap *h = heaps->items;
    size_t i;

    printf("    heaps (%zu):\n", heaps->count);
    if (heaps->count)
        printf("      %-*s %-8s %8s %12s %8s %12s\n", ADDR_DIGITS + 2, "HEAP ID", "FLAGS",
               "BLOCKS", "BYTES", "FREE", "FREE BYTES");
    for (i = 0; i < heaps->count; i++)
    {
        printf("      0x%0*llx %-8s %8lu %12llu %8lu %12llu\n", ADDR_DIGITS,
               ULL(h[i].id),
               h[i].flags & HF32_DEFAULT ? "default" : h[i].flags & HF32_SHARED ? "shared" : "-",
               h[i].blocks, h[i].bytes, h[i].free_blocks, h[i].free_bytes);
        text_failure("  heap walk", &h[i].err);
    }
    text_failure("heaps", &heaps->err);
}

static void text_memory(const struct memory *m)
{
    const PROCESS_MEMORY_COUNTERS_EX2 *c = &m->c;

    if (text_failure("memory", &m->err)) return;
    printf("    memory:\n");
    printf("      working set     %10llu K   peak %10llu K\n",
           KB(c->WorkingSetSize), KB(c->PeakWorkingSetSize));
    printf("      pagefile        %10llu K   peak %10llu K\n",
           KB(c->PagefileUsage), KB(c->PeakPagefileUsage));
    printf("      paged pool      %10llu K   peak %10llu K\n",
           KB(c->QuotaPagedPoolUsage), KB(c->QuotaPeakPagedPoolUsage));
    printf("      nonpaged pool   %10llu K   peak %10llu K\n",
           KB(c->QuotaNonPagedPoolUsage), KB(c->QuotaPeakNonPagedPoolUsage));
    if (m->cb >= sizeof(PROCESS_MEMORY_COUNTERS_EX))
        printf("      private         %10llu K\n", KB(c->PrivateUsage));
    if (m->cb >= sizeof(PROCESS_MEMORY_COUNTERS_EX2))
        printf("      private WS      %10llu K   shared commit %llu K\n",
               KB(c->PrivateWorkingSetSize), KB(c->SharedCommitUsage));
    printf("      page faults     %10lu\n", c->PageFaultCount);
}

/* ------------------------------------------------------------------ JSON output */

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++)
    {
        unsigned char ch = *s;
        if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch == '\n') fputs("\\n", stdout);
        else if (ch == '\r') fputs("\\r", stdout);
        else if (ch == '\t') fputs("\\t", stdout);
        else if (ch < 0x20 || ch == 0x7f) printf("\\u%04x", ch);
        else putchar(ch);
    }
    putchar('"');
}

static void json_wstr(const WCHAR *w)
{
    char *s = utf8(w);
    json_str(s);
    free(s);
}

static void json_addr(ULONG_PTR addr)
{
    printf("\"0x%0*llx\"", ADDR_DIGITS, ULL(addr));
}

/* ", "key_error": {...}" when f records a failure */
static void json_failure(const char *key, const struct failure *f)
{
    char *msg;

    if (!f->code) return;
    msg = error_text(f->code);
    printf(", \"%s_error\": {\"code\": %lu, \"function\": ", key, f->code);
    json_str(f->func);
    fputs(", \"message\": ", stdout);
    json_str(msg);
    putchar('}');
    free(msg);
}

static void json_threads(const struct proc *p, const struct list *threads)
{
    const struct thread *t = threads->items;
    const char *sep = "";
    size_t i;

    fputs(", \"thread_list\": [", stdout);
    for (i = 0; i < threads->count; i++)
    {
        if (t[i].owner != p->pid) continue;
        printf("%s{\"tid\": %lu, \"base_priority\": %ld, \"delta_priority\": %ld}",
               sep, t[i].tid, t[i].base, t[i].delta);
        sep = ", ";
    }
    putchar(']');
}

static void json_modules(const struct list *mods)
{
    const struct module *m = mods->items;
    size_t i;

    fputs(", \"modules\": ", stdout);
    if (mods->err.code && !mods->count) fputs("null", stdout);
    else
    {
        putchar('[');
        for (i = 0; i < mods->count; i++)
        {
            fputs(i ? ", {\"base\": " : "{\"base\": ", stdout);
            json_addr(m[i].base);
            printf(", \"size\": %lu, \"name\": ", m[i].size);
            json_wstr(m[i].name);
            fputs(", \"path\": ", stdout);
            json_wstr(m[i].path);
            putchar('}');
        }
        putchar(']');
    }
    json_failure("modules", &mods->err);
}

static void json_heaps(const struct list *heaps)
{
    const struct heap *h = heaps->items;
    size_t i;

    fputs(", \"heaps\": ", stdout);
    if (heaps->err.code && !heaps->count) fputs("null", stdout);
    else
    {
        putchar('[');
        for (i = 0; i < heaps->count; i++)
        {
            fputs(i ? ", {\"id\": " : "{\"id\": ", stdout);
            json_addr(h[i].id);
            printf(", \"flags\": %lu, \"default\": %s, \"blocks\": %lu, \"bytes\": %llu, "
                   "\"free_blocks\": %lu, \"free_bytes\": %llu",
                   h[i].flags, h[i].flags & HF32_DEFAULT ? "true" : "false",
                   h[i].blocks, h[i].bytes, h[i].free_blocks, h[i].free_bytes);
            json_failure("walk", &h[i].err);
            putchar('}');
        }
        putchar(']');
    }
    json_failure("heaps", &heaps->err);
}

static void json_memory(const struct memory *m)
{
    const PROCESS_MEMORY_COUNTERS_EX2 *c = &m->c;

    fputs(", \"memory\": ", stdout);
    if (!m->cb)
    {
        fputs("null", stdout);
        json_failure("memory", &m->err);
        return;
    }
    printf("{\"cb\": %lu, \"page_fault_count\": %lu, \"working_set_size\": %llu, "
           "\"peak_working_set_size\": %llu, \"quota_paged_pool_usage\": %llu, "
           "\"quota_peak_paged_pool_usage\": %llu, \"quota_nonpaged_pool_usage\": %llu, "
           "\"quota_peak_nonpaged_pool_usage\": %llu, \"pagefile_usage\": %llu, "
           "\"peak_pagefile_usage\": %llu",
           m->cb, c->PageFaultCount, ULL(c->WorkingSetSize), ULL(c->PeakWorkingSetSize),
           ULL(c->QuotaPagedPoolUsage), ULL(c->QuotaPeakPagedPoolUsage),
           ULL(c->QuotaNonPagedPoolUsage), ULL(c->QuotaPeakNonPagedPoolUsage),
           ULL(c->PagefileUsage), ULL(c->PeakPagefileUsage));
    if (m->cb >= sizeof(PROCESS_MEMORY_COUNTERS_EX))
        printf(", \"private_usage\": %llu", ULL(c->PrivateUsage));
    if (m->cb >= sizeof(PROCESS_MEMORY_COUNTERS_EX2))
        printf(", \"private_working_set_size\": %llu, \"shared_commit_usage\": %llu",
               ULL(c->PrivateWorkingSetSize), ULL(c->SharedCommitUsage));
    putchar('}');
}

/* ------------------------------------------------------------------ main */

static void show(const struct proc *p, const struct list *threads, BOOL first)
{
    struct list mods = { NULL, 0, 0, sizeof(struct module), { 0, NULL } };
    struct list heaps = { NULL, 0, 0, sizeof(struct heap), { 0, NULL } };
    struct memory mem;
    BOOL details = opt.threads || opt.modules || opt.heaps || opt.memory;

    memset(&mem, 0, sizeof(mem));
    if (opt.modules) get_modules(p->pid, &mods);
    if (opt.heaps) get_heaps(p->pid, &heaps);
    if (opt.memory) get_memory(p->pid, &mem);

    if (opt.json)
    {
        printf("%s  {\"pid\": %lu, \"ppid\": %lu, \"threads\": %lu, \"base_priority\": %ld, "
               "\"name\": ", first ? "" : ",\n", p->pid, p->ppid, p->nthreads, p->pri);
        json_wstr(p->name);
        if (opt.threads) json_threads(p, threads);
        if (opt.modules) json_modules(&mods);
        if (opt.heaps) json_heaps(&heaps);
        if (opt.memory) json_memory(&mem);
        putchar('}');
    }
    else
    {
        if (details && !first) putchar('\n');
        printf("%6lu %6lu %5lu %4ld  ", p->pid, p->ppid, p->nthreads, p->pri);
        text_wstr(p->name);
        putchar('\n');
        if (opt.threads) text_threads(p, threads);
        if (opt.modules) text_modules(&mods);
        if (opt.heaps) text_heaps(&heaps);
        if (opt.memory) text_memory(&mem);
    }
    free(mods.items);
    free(heaps.items);
}

static int parse_args(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++)
    {
        const char *a = argv[i], *val = NULL;
        char *end;

        if (!strcmp(a, "-t") || !strcmp(a, "--threads")) opt.threads = TRUE;
        else if (!strcmp(a, "-m") || !strcmp(a, "--modules")) opt.modules = TRUE;
        else if (!strcmp(a, "--psapi")) opt.psapi = opt.modules = TRUE;
        else if (!strcmp(a, "-H") || !strcmp(a, "--heaps")) opt.heaps = TRUE;
        else if (!strcmp(a, "-M") || !strcmp(a, "--memory")) opt.memory = TRUE;
        else if (!strcmp(a, "-a") || !strcmp(a, "--all"))
            opt.threads = opt.modules = opt.heaps = opt.memory = TRUE;
        else if (!strcmp(a, "-j") || !strcmp(a, "--json")) opt.json = TRUE;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help") || !strcmp(a, "/?"))
        {
            fputs(usage, stdout);
            exit(0);
        }
        else if (!strncmp(a, "--pid=", 6)) val = a + 6;
        else if (!strcmp(a, "-p") || !strcmp(a, "--pid"))
        {
            if (++i == argc)
            {
                fprintf(stderr, "k32ps: %s needs a process id\n", a);
                return 2;
            }
            val = argv[i];
        }
        else
        {
            fprintf(stderr, "k32ps: unknown option '%s' (try --help)\n", a);
            return 2;
        }
        if (val)
        {
            unsigned long pid = strtoul(val, &end, 0);
            if (!*val || *end || *val == '-' || pid > 0xffffffffUL)
            {
                fprintf(stderr, "k32ps: not a process id: '%s'\n", val);
                return 2;
            }
            opt.pid = pid;
            opt.one = TRUE;
        }
    }
    return 0;
}

static UINT console_cp;

static void restore_console(void)
{
    SetConsoleOutputCP(console_cp);
}

int main(int argc, char **argv)
{
    struct list procs = { NULL, 0, 0, sizeof(struct proc), { 0, NULL } };
    struct list threads = { NULL, 0, 0, sizeof(struct thread), { 0, NULL } };
    const struct proc *p;
    DWORD err, mode;
    size_t i, total = 0;
    int ret;

    if ((ret = parse_args(argc, argv))) return ret;
    /* names are printed as UTF-8: tell a console so */
    if (GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode)
        && (console_cp = GetConsoleOutputCP()))
    {
        SetConsoleOutputCP(CP_UTF8);
        atexit(restore_console);
    }
    if ((err = take_snapshot(&procs, &threads)))
    {
        char *msg = error_text(err);
        fprintf(stderr, "k32ps: process snapshot failed: error %lu: %s\n", err, msg);
        free(msg);
        return 1;
    }
    if (opt.one && !procs.count)
    {
        fprintf(stderr, "k32ps: no process with id %lu\n", opt.pid);
        return 1;
    }

    p = procs.items;
    if (opt.json) fputs("{\"processes\": [\n", stdout);
    else printf("%6s %6s %5s %4s  %s\n", "PID", "PPID", "THR", "PRI", "NAME");
    for (i = 0; i < procs.count; i++)
    {
        show(&p[i], &threads, i == 0);
        total += p[i].nthreads;
    }
    if (opt.json) fputs("\n]}\n", stdout);
    else if (!opt.one) printf("\n%zu processes, %zu threads\n", procs.count, total);
    free(procs.items);
    free(threads.items);
    return fflush(stdout) ? 1 : 0;
}
