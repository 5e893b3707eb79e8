/*
 * Conformance tests of the module functions: EnumProcessModules(Ex),
 * GetModuleBaseName(A/W), GetModuleFileNameEx(A/W), GetModuleInformation.
 *
 * Every statement tested is from the Microsoft reference pages of these
 * functions and of MODULEINFO. Each case runs on three handles, which take
 * different paths in an implementation: GetCurrentProcess(), a real handle
 * to the calling process, and a child (this executable started again; it
 * runs until told to stop, so that its loader list is built).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>
#include <psapi.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "impl.h"

#define CANARY_W 0xcccc
#define CANARY_A 0xcc

static BOOL (WINAPI *pEnumProcessModules)(HANDLE, HMODULE *, DWORD, DWORD *);
static BOOL (WINAPI *pEnumProcessModulesEx)(HANDLE, HMODULE *, DWORD, DWORD *, DWORD);
static DWORD (WINAPI *pGetModuleBaseNameA)(HANDLE, HMODULE, char *, DWORD);
static DWORD (WINAPI *pGetModuleBaseNameW)(HANDLE, HMODULE, WCHAR *, DWORD);
static DWORD (WINAPI *pGetModuleFileNameExA)(HANDLE, HMODULE, char *, DWORD);
static DWORD (WINAPI *pGetModuleFileNameExW)(HANDLE, HMODULE, WCHAR *, DWORD);
static BOOL (WINAPI *pGetModuleInformation)(HANDLE, HMODULE, MODULEINFO *, DWORD);
static DWORD (WINAPI *pGetProcessImageFileNameW)(HANDLE, WCHAR *, DWORD);
static HANDLE (WINAPI *pCreateToolhelp32Snapshot)(DWORD, DWORD);
static BOOL (WINAPI *pModule32FirstW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pModule32NextW)(HANDLE, MODULEENTRY32W *);
static BOOL (WINAPI *pHeap32ListFirst)(HANDLE, HEAPLIST32 *);
static BOOL (WINAPI *pHeap32ListNext)(HANDLE, HEAPLIST32 *);

static WCHAR self_path[MAX_PATH];          /* this executable */
static const WCHAR *self_base;             /* its base name */
static WCHAR extra_path[MAX_PATH];         /* a copy of it with a non-ASCII name, loaded as a DLL */
static BOOL extra_non_ascii;               /* the name has a character outside ASCII */
static BOOL is_wow64;

static BOOL init(void)
{
    IMPL_PSAPI(EnumProcessModules);
    IMPL_PSAPI(EnumProcessModulesEx);
    IMPL_PSAPI(GetModuleBaseNameA);
    IMPL_PSAPI(GetModuleBaseNameW);
    IMPL_PSAPI(GetModuleFileNameExA);
    IMPL_PSAPI(GetModuleFileNameExW);
    IMPL_PSAPI(GetModuleInformation);
    IMPL_PSAPI(GetProcessImageFileNameW);
    IMPL_TOOLHELP(CreateToolhelp32Snapshot);
    IMPL_TOOLHELP(Module32FirstW);
    IMPL_TOOLHELP(Module32NextW);
    IMPL_TOOLHELP(Heap32ListFirst);
    IMPL_TOOLHELP(Heap32ListNext);
    if (!pEnumProcessModules || !pEnumProcessModulesEx || !pGetModuleBaseNameA || !pGetModuleBaseNameW
        || !pGetModuleFileNameExA || !pGetModuleFileNameExW || !pGetModuleInformation
        || !pGetProcessImageFileNameW || !pCreateToolhelp32Snapshot || !pModule32FirstW || !pHeap32ListFirst)
    {
        win_skip("module functions missing in %s\n", impl_name());
        return FALSE;
    }
    return TRUE;
}

/* The extra module: this executable copied under a name with a character
 * of the ANSI code page outside ASCII (when the code page has one of these),
 * so that the A functions must convert it. Parent and child compute it alike. */
static void make_extra_path(DWORD parent_pid)
{
    static const WCHAR candidates[] = { 0x00e9, 0x0434, 0x03b1, 0x05d0, 0x3042, 0x00fc, 0 };
    WCHAR dir[MAX_PATH], ch = 'x';
    size_t i;

    for (i = 0; candidates[i]; i++)
    {
        char narrow[8];
        WCHAR back[4];
        BOOL used = FALSE;
        int len = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, &candidates[i], 1, narrow,
                                      sizeof(narrow), NULL, &used);

        if (len <= 0 || used) continue;
        if (MultiByteToWideChar(CP_ACP, 0, narrow, len, back, ARRAY_SIZE(back)) != 1
            || back[0] != candidates[i])
            continue;
        ch = candidates[i];
        break;
    }
    extra_non_ascii = ch != 'x';
    GetTempPathW(ARRAY_SIZE(dir), dir);
    swprintf(extra_path, ARRAY_SIZE(extra_path), L"%lsk32mod_%lc_%lx.dll", dir, ch, parent_pid);
}

/* Loads the extra module without running anything of it. */
static HMODULE load_extra(void)
{
    HMODULE module = LoadLibraryExW(extra_path, NULL, DONT_RESOLVE_DLL_REFERENCES);
    ok(module != NULL, "LoadLibraryEx(%s) failed: %lu\n", wine_dbgstr_w(extra_path), GetLastError());
    return module;
}

/* ------------------------------------------------------------------ child */

struct child
{
    PROCESS_INFORMATION pi;
    HANDLE ready, done;
};

/* An address where nothing can be read through a process handle: Wine
 * reads released and reserved pages of another process as zeros, so each
 * candidate is tried the way a caller will read it (NULL if none is). */
static void *unreadable_address(void)
{
    HANDLE self = OpenProcess(PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ULONG_PTR addr = 0, value;
    unsigned int i;

    for (i = 0; i < 256 && !addr; i++)
    {
        ULONG_PTR candidate = sizeof(void *) == 8 ? (ULONG_PTR)0x5ff000000000ull - ((ULONG_PTR)i << 32)
                                                  : 0x7f000000 - ((ULONG_PTR)i << 24);
        if (candidate && !ReadProcessMemory(self, (void *)candidate, &value, sizeof(value), NULL)) addr = candidate;
    }
    CloseHandle(self);
    ok(addr != 0, "no unreadable address found\n");
    return (void *)addr;
}

static char *own_peb(void)
{
    void *(WINAPI *pRtlGetCurrentPeb)(void) = (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetCurrentPeb");
    return pRtlGetCurrentPeb();
}

/* Mode "nameless": the loader entry of module keeps no name (both
 * UNICODE_STRINGs, after 6 list pointers, DllBase, EntryPoint and the
 * pointer-sized SizeOfImage slot of LDR_DATA_TABLE_ENTRY, get length 0). */
static void blank_entry_names(LIST_ENTRY *head, HMODULE module)
{
    LIST_ENTRY *link;

    for (link = head->Flink; link != head; link = link->Flink)
    {
        struct { USHORT Length, MaximumLength; void *Buffer; } *names;   /* UNICODE_STRING */
        char *entry = (char *)link;
        void *base;

        memcpy(&base, entry + 6 * sizeof(void *), sizeof(base));
        if (base != module) continue;
        names = (void *)(entry + 9 * sizeof(void *));
        names[0].Length = names[1].Length = 0;
        return;
    }
    ok(0, "no loader entry at %p\n", module);
}

/* Breaks the child's own load-order list after its last entry: mode
 * "loop" links it back to the second entry (a loop that never reaches the
 * head), "unreadable" to an address where nothing is mapped; "nameless"
 * takes the names of module's entry. The child is terminated afterwards,
 * never left to run its loader again. */
static void corrupt_own_list(const char *mode, HMODULE module)
{
    char *ldr;
    LIST_ENTRY *head, *last;

    /* PEB.Ldr at 3 pointers, PEB_LDR_DATA.InLoadOrderModuleList at 8 + 1 pointer */
    memcpy(&ldr, own_peb() + 3 * sizeof(void *), sizeof(ldr));
    head = (LIST_ENTRY *)(ldr + 8 + sizeof(void *));
    last = head->Blink;
    if (!strcmp(mode, "nameless")) blank_entry_names(head, module);
    else if (!strcmp(mode, "loop")) last->Flink = head->Flink->Flink;
    else
    {
        void *addr = unreadable_address();
        if (addr) last->Flink = addr;
    }
}

/* Overwrites the PEB fields a caller reads, ImageBaseAddress, Ldr and
 * ProcessParameters (at 2, 3 and 4 pointers in either layout; a 32-bit
 * child's own PEB is its WOW64 one), signals ready, and restores them once
 * done is signalled, before it may use them again. The values, by mode:
 * "null"; "unreadable", where nothing is mapped; "junk", a block of 0xfe
 * bytes (huge lengths, unmapped pointers); "self", a block whose every
 * pointer points at itself (lists that loop without reaching their head). */
static void scribble_own_peb(const char *mode, HANDLE ready, HANDLE done)
{
    void **fields = (void **)(own_peb() + 2 * sizeof(void *)), *saved[3], *value = NULL;
    unsigned int i;
    DWORD ret;

    if (!strcmp(mode, "unreadable")) value = unreadable_address();
    else if (strcmp(mode, "null"))
    {
        void **block = VirtualAlloc(NULL, 65536, MEM_COMMIT, PAGE_READWRITE);

        ok(block != NULL, "VirtualAlloc failed: %lu\n", GetLastError());
        if (!strcmp(mode, "junk")) memset(block, 0xfe, 65536);
        else for (i = 0; i < 65536 / sizeof(void *); i++) block[i] = block;
        value = block;
    }
    memcpy(saved, fields, sizeof(saved));
    for (i = 0; i < 3; i++) fields[i] = value;
    /* nothing between here and the restore may read the fields */
    SetEvent(ready);
    ret = WaitForSingleObject(done, 120000);
    memcpy(fields, saved, sizeof(saved));
    ok(ret == WAIT_OBJECT_0, "WaitForSingleObject returned %lu\n", ret);
}

static void child_main(int argc, char **argv)
{
    HANDLE ready = (HANDLE)(ULONG_PTR)strtoul(argv[3], NULL, 0);
    HANDLE done = (HANDLE)(ULONG_PTR)strtoul(argv[4], NULL, 0);
    HMODULE extra;
    DWORD ret;

    if (argc >= 7 && !strncmp(argv[6], "peb-", 4))
    {
        scribble_own_peb(argv[6] + 4, ready, done);
        return;
    }
    make_extra_path(strtoul(argv[5], NULL, 0));
    extra = load_extra();
    if (argc >= 7) corrupt_own_list(argv[6], extra);
    ok(SetEvent(ready), "SetEvent failed: %lu\n", GetLastError());
    ret = WaitForSingleObject(done, 120000);
    ok(ret == WAIT_OBJECT_0, "WaitForSingleObject returned %lu\n", ret);
}

static BOOL start_child(struct child *child, const char *mode)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si = { sizeof(si) };
    char path[MAX_PATH], cmdline[MAX_PATH + 96];
    DWORD ret;

    memset(child, 0, sizeof(*child));
    GetModuleFileNameA(NULL, path, sizeof(path));
    child->ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    child->done = CreateEventA(&sa, TRUE, FALSE, NULL);
    sprintf(cmdline, "\"%s\" modules child %lu %lu %lu %s", path, (unsigned long)(ULONG_PTR)child->ready,
            (unsigned long)(ULONG_PTR)child->done, GetCurrentProcessId(), mode);
    if (!CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &child->pi))
    {
        ok(0, "CreateProcess failed: %lu\n", GetLastError());
        return FALSE;
    }
    /* not CREATE_SUSPENDED: the loader list exists once the child runs */
    ret = WaitForSingleObject(child->ready, 60000);
    ok(ret == WAIT_OBJECT_0, "child not ready: %lu\n", ret);
    return ret == WAIT_OBJECT_0;
}

static void stop_child(struct child *child)
{
    SetEvent(child->done);
    wait_child_process(child->pi.hProcess);
    CloseHandle(child->pi.hThread);
    CloseHandle(child->ready);
    CloseHandle(child->done);
}

/* A child whose loader list was broken is never left to run its loader again. */
static void kill_child(struct child *child)
{
    TerminateProcess(child->pi.hProcess, 0);
    WaitForSingleObject(child->pi.hProcess, 5000);
    CloseHandle(child->pi.hProcess);
    CloseHandle(child->pi.hThread);
    CloseHandle(child->ready);
    CloseHandle(child->done);
}

/* ------------------------------------------------------------------ helpers */

/* SizeOfImage and AddressOfEntryPoint of the PE header at base in process. */
static BOOL pe_header(HANDLE process, HMODULE base, DWORD *size, DWORD *entry)
{
    IMAGE_DOS_HEADER dos;
    IMAGE_NT_HEADERS nt;
    SIZE_T done;

    if (!ReadProcessMemory(process, base, &dos, sizeof(dos), &done)) return FALSE;
    if (!ReadProcessMemory(process, (char *)base + dos.e_lfanew, &nt, sizeof(nt), &done)) return FALSE;
    *size = nt.OptionalHeader.SizeOfImage;
    *entry = nt.OptionalHeader.AddressOfEntryPoint;
    return TRUE;
}

static const WCHAR *path_tail(const WCHAR *path)
{
    const WCHAR *tail = path, *p;

    for (p = path; *p; p++) if (*p == '\\' || *p == '/') tail = p + 1;
    return tail;
}

static BOOL list_has(const HMODULE *list, DWORD count, HMODULE module)
{
    DWORD i;

    for (i = 0; i < count; i++) if (list[i] == module) return TRUE;
    return FALSE;
}

/* The module list, up to max entries (the lists tested are far shorter). */
static DWORD get_modules(HANDLE process, DWORD filter, HMODULE *list, DWORD max)
{
    DWORD needed = 0xdeadbeef;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = pEnumProcessModulesEx(process, list, max * sizeof(HMODULE), &needed, filter);
    ok(ret, "EnumProcessModulesEx(%#lx) failed: %lu\n", filter, GetLastError());
    if (!ret) return 0;
    ok(!(needed % sizeof(HMODULE)), "needed %lu is not a multiple of %u\n", needed, (int)sizeof(HMODULE));
    ok(needed <= max * sizeof(HMODULE), "%lu bytes needed, more than %lu entries\n", needed, max);
    return needed / sizeof(HMODULE);
}

/* The module whose base name is name (case-insensitive), or NULL. */
static HMODULE find_by_name(HANDLE process, const HMODULE *list, DWORD count, const WCHAR *name)
{
    WCHAR buf[MAX_PATH];
    DWORD i;

    for (i = 0; i < count; i++)
        if (pGetModuleBaseNameW(process, list[i], buf, ARRAY_SIZE(buf)) && !lstrcmpiW(buf, name))
            return list[i];
    return NULL;
}

/* ------------------------------------------------------------------ EnumProcessModules */

static void test_enum(HANDLE process, BOOL self, HMODULE main_module, HMODULE *list, DWORD *count)
{
    HMODULE buf[8];
    DWORD needed, full, i, j, duplicates = 0;
    BOOL ret;

    *count = full = get_modules(process, LIST_MODULES_DEFAULT, list, 1024);
    ok(full >= 3, "%lu modules\n", full);
    if (!full) return;
    if (main_module) ok(list[0] == main_module, "first module %p, expected the executable %p\n", list[0], main_module);
    if (self)
    {
        ok(list_has(list, full, GetModuleHandleA("kernel32.dll")), "kernel32 not listed\n");
        ok(list_has(list, full, GetModuleHandleA("ntdll.dll")), "ntdll not listed\n");
    }
    for (i = 0; i < full; i++)
        for (j = i + 1; j < full; j++)
            if (list[i] == list[j]) duplicates++;
    ok(!duplicates, "%lu modules listed twice\n", duplicates);

    /* EnumProcessModules agrees with the Ex form's default */
    needed = 0xdeadbeef;
    ret = pEnumProcessModules(process, buf, 0, &needed);
    ok(ret, "EnumProcessModules failed: %lu\n", GetLastError());
    ok(needed == full * sizeof(HMODULE), "needed %lu, expected %lu\n", needed, full * (DWORD)sizeof(HMODULE));

    /* cb is in bytes; lpcbNeeded is what the whole list takes, however small cb is */
    for (i = 0; i <= 2; i++)
    {
        DWORD cb = i * sizeof(HMODULE) + (i == 2 ? sizeof(HMODULE) - 1 : 0), entries = cb / sizeof(HMODULE);

        winetest_push_context("cb %lu", cb);
        memset(buf, CANARY_A, sizeof(buf));
        needed = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ret = pEnumProcessModules(process, buf, cb, &needed);
        ok(ret, "EnumProcessModules failed: %lu\n", GetLastError());
        ok(needed == full * sizeof(HMODULE), "needed %lu\n", needed);
        for (j = 0; j < entries; j++) ok(buf[j] == list[j], "entry %lu is %p, not %p\n", j, buf[j], list[j]);
        for (j = entries * sizeof(HMODULE); j < sizeof(buf); j++)
            if (((BYTE *)buf)[j] != CANARY_A) break;
        ok(j == sizeof(buf), "byte %lu past the %lu entries written\n", j, entries);
        winetest_pop_context();
    }

    /* no array at all, to learn the size */
    needed = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = pEnumProcessModules(process, NULL, 0, &needed);
    ok(ret, "EnumProcessModules(NULL, 0) failed: %lu\n", GetLastError());
    ok(needed == full * sizeof(HMODULE), "needed %lu\n", needed);
}

static void test_enum_ex(HANDLE process, const HMODULE *list, DWORD count)
{
    static const DWORD flags[] = { LIST_MODULES_DEFAULT, LIST_MODULES_32BIT, LIST_MODULES_64BIT, LIST_MODULES_ALL };
    HMODULE other[1024];
    DWORD needed, i, j, n;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(flags); i++)
    {
        BOOL same = TRUE;

        winetest_push_context("filter %#lx", flags[i]);
        if (sizeof(void *) == 8 && flags[i] == LIST_MODULES_32BIT)
        {
            /* a 64-bit process has no 32-bit modules */
            needed = 0xdeadbeef;
            ret = pEnumProcessModulesEx(process, other, sizeof(other), &needed, flags[i]);
            todo_wine_if(!impl_is_ours())
            ok(!ret || !needed, "listed %lu bytes of 32-bit modules of a 64-bit process\n", needed);
            winetest_pop_context();
            continue;
        }
        /* 32-bit callers: "If the function is called by a 32-bit application
         * running under WOW64, the dwFilterFlag option is ignored" */
        if (sizeof(void *) == 4 && flags[i] == LIST_MODULES_64BIT && !is_wow64)
        {
            winetest_pop_context();
            continue;
        }
        n = get_modules(process, flags[i], other, ARRAY_SIZE(other));
        ok(n == count, "%lu modules, EnumProcessModules listed %lu\n", n, count);
        for (j = 0; j < n && j < count; j++) if (other[j] != list[j]) same = FALSE;
        ok(same, "the lists differ\n");
        winetest_pop_context();
    }

    if (!impl_is_ours() || sizeof(void *) == 4) return;
    /* undocumented filter bits (ours: refused) */
    SetLastError(0xdeadbeef);
    ret = pEnumProcessModulesEx(process, other, sizeof(other), &needed, 4);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "filter 4: %d, error %lu\n", ret, GetLastError());
}

/* ------------------------------------------------------------------ names */

static void test_names(HANDLE process, BOOL self, const HMODULE *list, DWORD count)
{
    WCHAR full[MAX_PATH * 2], base[MAX_PATH], main_full[MAX_PATH * 2] = {0}, main_base[MAX_PATH] = {0};
    char full_a[MAX_PATH * 4], base_a[MAX_PATH * 2], expect_a[MAX_PATH * 4];
    DWORD i, ret, ret_a;

    for (i = 0; i < count; i++)
    {
        winetest_push_context("module %lu %p", i, list[i]);
        SetLastError(0xdeadbeef);
        ret = pGetModuleFileNameExW(process, list[i], full, ARRAY_SIZE(full));
        ok(ret && ret == (DWORD)lstrlenW(full), "GetModuleFileNameExW returned %lu for %s, error %lu\n",
           ret, wine_dbgstr_w(full), GetLastError());
        ret = pGetModuleBaseNameW(process, list[i], base, ARRAY_SIZE(base));
        ok(ret && ret == (DWORD)lstrlenW(base), "GetModuleBaseNameW returned %lu for %s, error %lu\n",
           ret, wine_dbgstr_w(base), GetLastError());
        ok(!lstrcmpiW(base, path_tail(full)), "base name %s is not the end of %s\n", wine_dbgstr_w(base),
           wine_dbgstr_w(full));
        if (self)
        {
            WCHAR own[MAX_PATH * 2];

            GetModuleFileNameW(list[i], own, ARRAY_SIZE(own));
            ok(!lstrcmpiW(full, own), "%s, GetModuleFileName says %s\n", wine_dbgstr_w(full), wine_dbgstr_w(own));
        }
        if (!i)
        {
            lstrcpyW(main_full, full);
            lstrcpyW(main_base, base);
        }

        /* the A functions give the W names in the ANSI code page */
        ret_a = pGetModuleFileNameExA(process, list[i], full_a, sizeof(full_a));
        WideCharToMultiByte(CP_ACP, 0, full, -1, expect_a, sizeof(expect_a), NULL, NULL);
        ok(ret_a == strlen(expect_a) && !strcmp(full_a, expect_a), "GetModuleFileNameExA returned %lu, %s\n",
           ret_a, wine_dbgstr_a(full_a));
        ret_a = pGetModuleBaseNameA(process, list[i], base_a, sizeof(base_a));
        WideCharToMultiByte(CP_ACP, 0, base, -1, expect_a, sizeof(expect_a), NULL, NULL);
        ok(ret_a == strlen(expect_a) && !strcmp(base_a, expect_a), "GetModuleBaseNameA returned %lu, %s\n",
           ret_a, wine_dbgstr_a(base_a));
        winetest_pop_context();
    }

    /* hModule NULL: the executable of the process */
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExW(process, NULL, full, ARRAY_SIZE(full));
    ok(ret && !lstrcmpiW(full, self_path), "GetModuleFileNameExW(NULL) returned %lu, %s, error %lu\n", ret,
       wine_dbgstr_w(full), GetLastError());
    ok(!lstrcmpiW(full, main_full), "GetModuleFileNameExW(NULL) %s, first module %s\n", wine_dbgstr_w(full),
       wine_dbgstr_w(main_full));
    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameW(process, NULL, base, ARRAY_SIZE(base));
    ok(ret && !lstrcmpiW(base, self_base), "GetModuleBaseNameW(NULL) returned %lu, %s, error %lu\n", ret,
       wine_dbgstr_w(base), GetLastError());
    ok(!lstrcmpW(base, main_base), "GetModuleBaseNameW(NULL) %s, first module %s\n", wine_dbgstr_w(base),
       wine_dbgstr_w(main_base));
    ret_a = pGetModuleBaseNameA(process, NULL, base_a, sizeof(base_a));
    WideCharToMultiByte(CP_ACP, 0, base, -1, expect_a, sizeof(expect_a), NULL, NULL);
    ok(ret_a && !strcmp(base_a, expect_a), "GetModuleBaseNameA(NULL) returned %lu, %s\n", ret_a, wine_dbgstr_a(base_a));
    ret_a = pGetModuleFileNameExA(process, NULL, full_a, sizeof(full_a));
    WideCharToMultiByte(CP_ACP, 0, full, -1, expect_a, sizeof(expect_a), NULL, NULL);
    ok(ret_a && !strcmp(full_a, expect_a), "GetModuleFileNameExA(NULL) returned %lu, %s\n", ret_a, wine_dbgstr_a(full_a));
}

/* One W name function at size n, by its page: FileNameEx truncates and
 * NUL-terminates; BaseName "truncates" (whether with a NUL is not said). */
static void check_size_w(DWORD (WINAPI *fn)(HANDLE, HMODULE, WCHAR *, DWORD), BOOL file_name,
                         HANDLE process, HMODULE module, const WCHAR *name, DWORD n)
{
    WCHAR buf[MAX_PATH * 2 + 16];
    DWORD len = lstrlenW(name), ret, i;

    for (i = 0; i < ARRAY_SIZE(buf); i++) buf[i] = CANARY_W;
    SetLastError(0xdeadbeef);
    ret = fn(process, module, buf, n);
    if (!n)
    {
        ok(!ret, "returned %lu for size 0\n", ret);
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    }
    else if (n > len)
    {
        ok(ret == len, "returned %lu, length %lu\n", ret, len);
        ok(!memcmp(buf, name, (len + 1) * sizeof(WCHAR)), "got %s\n", wine_dbgstr_wn(buf, len + 1));
    }
    else if (file_name)
    {
        /* "the function succeeds but the file name is truncated and
         * null-terminated": nSize - 1 characters and the NUL, the result
         * nSize (docs/conformance.md, "Small buffers") */
        ok(ret == n || broken(!impl_is_ours() && ret == n - 1), "returned %lu\n", ret);
        ok(!buf[n - 1], "not null-terminated: %s\n", wine_dbgstr_wn(buf, n));
        ok(!memcmp(buf, name, (n - 1) * sizeof(WCHAR)), "got %s\n", wine_dbgstr_wn(buf, n));
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    }
    else
    {
        /* "the string is truncated": its first nSize characters, no NUL,
         * the result nSize */
        ok(ret == n || broken(!impl_is_ours() && ret == n - 1 && !buf[n - 1]), "returned %lu for size %lu\n", ret, n);
        ok(!memcmp(buf, name, min(ret, n) * sizeof(WCHAR)), "got %s\n", wine_dbgstr_wn(buf, n));
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    }
    /* nothing is written past the size given */
    for (i = n; i < ARRAY_SIZE(buf); i++) if (buf[i] != CANARY_W) break;
    todo_wine_if(!impl_is_ours() && !file_name && n <= len)
    ok(i == ARRAY_SIZE(buf), "character %lu written past size %lu\n", i, n);
}

static void check_size_a(DWORD (WINAPI *fn)(HANDLE, HMODULE, char *, DWORD), BOOL file_name,
                         HANDLE process, HMODULE module, const char *name, DWORD n)
{
    char buf[MAX_PATH * 4 + 16];
    DWORD len = strlen(name), ret, i;

    memset(buf, CANARY_A, sizeof(buf));
    SetLastError(0xdeadbeef);
    ret = fn(process, module, buf, n);
    if (!n)
    {
        ok(!ret, "returned %lu for size 0\n", ret);
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    }
    else if (n > len)
    {
        ok(ret == len, "returned %lu, length %lu\n", ret, len);
        ok(!memcmp(buf, name, len + 1), "got %s\n", wine_dbgstr_an(buf, len + 1));
    }
    else if (file_name)
    {
        /* as the W function counts: nSize - 1 bytes and the NUL, nSize */
        ok(ret == n || broken(!impl_is_ours() && ret == n - 1), "returned %lu\n", ret);
        ok(!buf[n - 1], "not null-terminated: %s\n", wine_dbgstr_an(buf, n));
        ok(!memcmp(buf, name, n - 1), "got %s\n", wine_dbgstr_an(buf, n));
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    }
    else
    {
        ok(ret == n || broken(!impl_is_ours() && ret == n - 1 && !buf[n - 1]), "returned %lu for size %lu\n", ret, n);
        ok(!memcmp(buf, name, min(ret, n)), "got %s\n", wine_dbgstr_an(buf, n));
        if (impl_is_ours()) ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    }
    for (i = n; i < sizeof(buf); i++) if ((BYTE)buf[i] != CANARY_A) break;
    ok(i == sizeof(buf), "byte %lu written past size %lu\n", i, n);
}

static void test_name_sizes(HANDLE process, HMODULE module)
{
    WCHAR full[MAX_PATH * 2], base[MAX_PATH];
    char full_a[MAX_PATH * 4], base_a[MAX_PATH * 2];
    DWORD sizes[10], i;

    pGetModuleFileNameExW(process, module, full, ARRAY_SIZE(full));
    pGetModuleBaseNameW(process, module, base, ARRAY_SIZE(base));
    WideCharToMultiByte(CP_ACP, 0, full, -1, full_a, sizeof(full_a), NULL, NULL);
    WideCharToMultiByte(CP_ACP, 0, base, -1, base_a, sizeof(base_a), NULL, NULL);

    for (i = 0; i < 2; i++)
    {
        DWORD len = i ? lstrlenW(base) : lstrlenW(full), k;

        sizes[0] = 0; sizes[1] = 1; sizes[2] = 2; sizes[3] = 3; sizes[4] = len / 2;
        sizes[5] = len - 1; sizes[6] = len; sizes[7] = len + 1; sizes[8] = len + 2; sizes[9] = MAX_PATH;
        for (k = 0; k < ARRAY_SIZE(sizes); k++)
        {
            winetest_push_context("%s size %lu", i ? "base name" : "file name", sizes[k]);
            if (i)
            {
                check_size_w(pGetModuleBaseNameW, FALSE, process, module, base, sizes[k]);
                check_size_a(pGetModuleBaseNameA, FALSE, process, module, base_a, sizes[k]);
            }
            else
            {
                check_size_w(pGetModuleFileNameExW, TRUE, process, module, full, sizes[k]);
                check_size_a(pGetModuleFileNameExA, TRUE, process, module, full_a, sizes[k]);
            }
            winetest_pop_context();
        }
    }
}

/* ------------------------------------------------------------------ GetModuleInformation */

static void test_information(HANDLE process, const HMODULE *list, DWORD count)
{
    struct { MODULEINFO info; BYTE canary[16]; } big;
    MODULEINFO info;
    DWORD i, size, entry;
    BOOL ret;

    for (i = 0; i < count; i++)
    {
        winetest_push_context("module %lu %p", i, list[i]);
        memset(&info, 0xcc, sizeof(info));
        SetLastError(0xdeadbeef);
        ret = pGetModuleInformation(process, list[i], &info, sizeof(info));
        ok(ret, "GetModuleInformation failed: %lu\n", GetLastError());
        /* "The load address of a module is the same as the HMODULE value" */
        ok(info.lpBaseOfDll == list[i], "lpBaseOfDll %p\n", info.lpBaseOfDll);
        /* "SizeOfImage and EntryPoint ... come from the module's PE header" */
        if (pe_header(process, list[i], &size, &entry))
        {
            ok(info.SizeOfImage == size, "SizeOfImage %#lx, PE header %#lx\n", info.SizeOfImage, size);
            /* a module whose header names an entry point has it there; one
             * without (AddressOfEntryPoint 0, as ntdll.dll) has none */
            ok(info.EntryPoint == (entry ? (char *)list[i] + entry : NULL), "EntryPoint %p, PE header %#lx\n",
               info.EntryPoint, entry);
        }
        winetest_pop_context();
    }

    /* cb: the size of MODULEINFO; less fails, more is not written */
    memset(&info, 0xcc, sizeof(info));
    SetLastError(0xdeadbeef);
    ret = pGetModuleInformation(process, list[0], &info, sizeof(info) - 1);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "cb - 1: %d, error %lu\n", ret, GetLastError());
    ok(info.SizeOfImage == 0xcccccccc, "written\n");
    SetLastError(0xdeadbeef);
    ret = pGetModuleInformation(process, list[0], &info, 0);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "cb 0: %d, error %lu\n", ret, GetLastError());
    memset(&big, 0xcc, sizeof(big));
    ret = pGetModuleInformation(process, list[0], &big.info, sizeof(big));
    ok(ret, "larger cb failed: %lu\n", GetLastError());
    ok(big.info.lpBaseOfDll == list[0], "lpBaseOfDll %p\n", big.info.lpBaseOfDll);
    for (i = 0; i < sizeof(big.canary); i++) if (big.canary[i] != 0xcc) break;
    ok(i == sizeof(big.canary), "written past MODULEINFO\n");

    if (!impl_is_ours()) return;
    /* undocumented: hModule NULL (ours: the main module, as for the names) */
    ret = pGetModuleInformation(process, NULL, &info, sizeof(info));
    ok(ret && info.lpBaseOfDll == list[0], "NULL module: %d, %p\n", ret, info.lpBaseOfDll);
}

/* ------------------------------------------------------------------ bad input */

/* A module handle that is not in the process: every function fails. */
static void check_bad_module(HANDLE process, HMODULE module, BOOL check_error)
{
    MODULEINFO info;
    WCHAR buf[MAX_PATH];
    char buf_a[MAX_PATH];
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameW(process, module, buf, ARRAY_SIZE(buf));
    ok(!ret, "GetModuleBaseNameW returned %lu\n", ret);
    if (check_error) ok(GetLastError() == ERROR_INVALID_HANDLE, "GetModuleBaseNameW error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameA(process, module, buf_a, sizeof(buf_a));
    ok(!ret, "GetModuleBaseNameA returned %lu\n", ret);
    if (check_error) ok(GetLastError() == ERROR_INVALID_HANDLE, "GetModuleBaseNameA error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExW(process, module, buf, ARRAY_SIZE(buf));
    ok(!ret, "GetModuleFileNameExW returned %lu\n", ret);
    if (check_error) ok(GetLastError() == ERROR_INVALID_HANDLE, "GetModuleFileNameExW error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExA(process, module, buf_a, sizeof(buf_a));
    ok(!ret, "GetModuleFileNameExA returned %lu\n", ret);
    /* the Wine builtin's A function gives ERROR_MOD_NOT_FOUND for the calling process */
    if (check_error) todo_wine_if(!impl_is_ours() && process == GetCurrentProcess())
        ok(GetLastError() == ERROR_INVALID_HANDLE, "GetModuleFileNameExA error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleInformation(process, module, &info, sizeof(info));
    ok(!ret, "GetModuleInformation succeeded\n");
    if (check_error) ok(GetLastError() == ERROR_INVALID_HANDLE, "GetModuleInformation error %lu\n", GetLastError());
}

static void test_bad_modules(HANDLE process, BOOL self)
{
    winetest_push_context("0x1234");
    check_bad_module(process, (HMODULE)0x1234, TRUE);
    winetest_pop_context();

    if (self)
    {
        /* "does not retrieve the path for modules that were loaded using the
         * LOAD_LIBRARY_AS_DATAFILE flag" (GetModuleFileNameEx page) */
        WCHAR path[MAX_PATH];
        HMODULE data;

        GetTempPathW(ARRAY_SIZE(path), path);
        swprintf(path + lstrlenW(path), ARRAY_SIZE(path) - lstrlenW(path), L"k32mod_data_%lx.dll",
                 GetCurrentProcessId());
        CopyFileW(self_path, path, FALSE);
        data = LoadLibraryExW(path, NULL, LOAD_LIBRARY_AS_DATAFILE);
        ok(data != NULL, "LoadLibraryEx(LOAD_LIBRARY_AS_DATAFILE) failed: %lu\n", GetLastError());
        if (data)
        {
            HMODULE list[1024];
            DWORD count = get_modules(process, LIST_MODULES_DEFAULT, list, ARRAY_SIZE(list)), i;

            winetest_push_context("data file %p", data);
            for (i = 0; i < count; i++)
                ok((ULONG_PTR)list[i] >> 16 != (ULONG_PTR)data >> 16, "the data file is listed: %p\n", list[i]);
            check_bad_module(process, data, impl_is_ours());
            winetest_pop_context();
            FreeLibrary(data);
        }
        DeleteFileW(path);
    }
}

/* Each function, with a handle that is not a usable process handle. */
static void check_bad_handle(HANDLE process, DWORD error)
{
    HMODULE list[4];
    MODULEINFO info;
    WCHAR buf[MAX_PATH];
    char buf_a[MAX_PATH];
    HMODULE module = GetModuleHandleA("kernel32.dll");
    DWORD ret, needed;

    SetLastError(0xdeadbeef);
    ret = pEnumProcessModules(process, list, sizeof(list), &needed);
    ok(!ret && GetLastError() == error, "EnumProcessModules: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pEnumProcessModulesEx(process, list, sizeof(list), &needed, LIST_MODULES_ALL);
    ok(!ret && GetLastError() == error, "EnumProcessModulesEx: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameW(process, module, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == error, "GetModuleBaseNameW: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameA(process, NULL, buf_a, sizeof(buf_a));
    ok(!ret && GetLastError() == error, "GetModuleBaseNameA: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExW(process, module, buf, ARRAY_SIZE(buf));
    ok(!ret && GetLastError() == error, "GetModuleFileNameExW: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExA(process, module, buf_a, sizeof(buf_a));
    ok(!ret && GetLastError() == error, "GetModuleFileNameExA: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleInformation(process, module, &info, sizeof(info));
    ok(!ret && GetLastError() == error, "GetModuleInformation: %lu, error %lu\n", ret, GetLastError());
}

static void test_bad_handles(void)
{
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL), closed = CreateEventA(NULL, FALSE, FALSE, NULL);

    CloseHandle(closed);
    winetest_push_context("NULL handle");
    check_bad_handle(NULL, ERROR_INVALID_HANDLE);
    winetest_pop_context();
    winetest_push_context("closed handle");
    check_bad_handle(closed, ERROR_INVALID_HANDLE);
    winetest_pop_context();
    winetest_push_context("event handle");
    check_bad_handle(event, ERROR_INVALID_HANDLE);
    winetest_pop_context();
    winetest_push_context("thread pseudo handle");
    check_bad_handle(GetCurrentThread(), ERROR_INVALID_HANDLE);
    winetest_pop_context();
    CloseHandle(event);
}

/* "The handle must have the PROCESS_QUERY_INFORMATION and PROCESS_VM_READ
 * access rights"; GetModuleFileNameEx with hModule NULL needs only
 * PROCESS_QUERY_LIMITED_INFORMATION on Windows 10 and later. */
static void test_access(DWORD pid)
{
    static const struct { DWORD access; BOOL image_name; } cases[] =
    {
        { PROCESS_QUERY_INFORMATION, TRUE },
        { PROCESS_VM_READ, FALSE },
        { PROCESS_QUERY_LIMITED_INFORMATION, TRUE },
        { SYNCHRONIZE, FALSE },
    };
    WCHAR buf[MAX_PATH];
    HMODULE list[1024];
    HANDLE process;
    DWORD i, ret, count;

    for (i = 0; i < ARRAY_SIZE(cases); i++)
    {
        winetest_push_context("access %#lx", cases[i].access);
        process = OpenProcess(cases[i].access, FALSE, pid);
        ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
        check_bad_handle(process, ERROR_ACCESS_DENIED);
        SetLastError(0xdeadbeef);
        ret = pGetModuleFileNameExW(process, NULL, buf, ARRAY_SIZE(buf));
        if (cases[i].image_name)
            todo_wine_if(!impl_is_ours())
            ok((ret && !lstrcmpiW(buf, self_path)) || broken(!impl_is_ours() && !ret) /* before Windows 10 */,
               "GetModuleFileNameExW(NULL): %lu, %s, error %lu\n", ret, wine_dbgstr_w(buf), GetLastError());
        else
            ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "GetModuleFileNameExW(NULL): %lu, error %lu\n",
               ret, GetLastError());
        CloseHandle(process);
        winetest_pop_context();
    }

    /* both rights: everything works */
    process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
    ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
    count = get_modules(process, LIST_MODULES_DEFAULT, list, ARRAY_SIZE(list));
    ok(count >= 3, "%lu modules\n", count);
    ret = pGetModuleBaseNameW(process, NULL, buf, ARRAY_SIZE(buf));
    ok(ret && !lstrcmpiW(buf, self_base), "GetModuleBaseNameW: %lu %s\n", ret, wine_dbgstr_w(buf));
    CloseHandle(process);
}

/* Undocumented NULL pointers: the platform writes through them; ours fails
 * with ERROR_NOACCESS without writing anything. */
static void test_null_pointers(HANDLE process)
{
    HMODULE list[4];
    DWORD needed, ret;

    if (!impl_is_ours()) return;
    SetLastError(0xdeadbeef);
    ret = pEnumProcessModules(process, list, sizeof(list), NULL);
    ok(!ret && GetLastError() == ERROR_NOACCESS, "lpcbNeeded NULL: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pEnumProcessModules(process, NULL, sizeof(list), &needed);
    ok(!ret && GetLastError() == ERROR_NOACCESS, "lphModule NULL: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameW(process, NULL, NULL, MAX_PATH);
    ok(!ret && GetLastError() == ERROR_NOACCESS, "GetModuleBaseNameW: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleBaseNameA(process, NULL, NULL, MAX_PATH);
    ok(!ret && GetLastError() == ERROR_NOACCESS, "GetModuleBaseNameA: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExW(process, NULL, NULL, MAX_PATH);
    ok(!ret && GetLastError() == ERROR_NOACCESS, "GetModuleFileNameExW: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleFileNameExA(process, NULL, NULL, MAX_PATH);
    ok(!ret && GetLastError() == ERROR_NOACCESS, "GetModuleFileNameExA: %lu, error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pGetModuleInformation(process, NULL, NULL, sizeof(MODULEINFO));
    ok(!ret && GetLastError() == ERROR_NOACCESS, "GetModuleInformation: %lu, error %lu\n", ret, GetLastError());
}

/* ------------------------------------------------------------------ the extra module */

/* The copy with a non-ASCII name: listed, its names right in W and A. */
static void test_extra_module(HANDLE process, const HMODULE *list, DWORD count, HMODULE known)
{
    const WCHAR *name = path_tail(extra_path);
    HMODULE module = find_by_name(process, list, count, name);
    WCHAR full[MAX_PATH];
    char base_a[MAX_PATH], expect_a[MAX_PATH];
    DWORD ret;

    ok(module != NULL, "%s not listed\n", wine_dbgstr_w(name));
    if (!module) return;
    if (known) ok(module == known, "listed at %p, loaded at %p\n", module, known);
    ret = pGetModuleFileNameExW(process, module, full, ARRAY_SIZE(full));
    ok(ret && !lstrcmpiW(path_tail(full), name), "GetModuleFileNameExW: %s\n", wine_dbgstr_w(full));
    ret = pGetModuleBaseNameA(process, module, base_a, sizeof(base_a));
    WideCharToMultiByte(CP_ACP, 0, name, -1, expect_a, sizeof(expect_a), NULL, NULL);
    ok(ret == strlen(expect_a) && !lstrcmpiA(base_a, expect_a), "GetModuleBaseNameA: %lu, %s, expected %s\n",
       ret, wine_dbgstr_a(base_a), wine_dbgstr_a(expect_a));
    if (extra_non_ascii)
        ok((BYTE)base_a[7] >= 0x80, "the non-ASCII character became %#x\n", (BYTE)base_a[7]);
    test_name_sizes(process, module);
}

/* The list is read at each call: a module loaded shows, an unloaded one goes. */
static void test_load_unload(void)
{
    HMODULE list[1024], module;
    DWORD count;

    module = load_extra();
    if (!module) return;
    count = get_modules(GetCurrentProcess(), LIST_MODULES_DEFAULT, list, ARRAY_SIZE(list));
    ok(list_has(list, count, module), "loaded module %p not listed\n", module);
    ok(FreeLibrary(module), "FreeLibrary failed: %lu\n", GetLastError());
    count = get_modules(GetCurrentProcess(), LIST_MODULES_DEFAULT, list, ARRAY_SIZE(list));
    ok(!list_has(list, count, module), "unloaded module %p still listed\n", module);
    check_bad_module(GetCurrentProcess(), module, TRUE);
}

/* ------------------------------------------------------------------ corrupt lists */

/* A child whose loader list is corrupt: "If the module list in the target
 * process is corrupted ..., EnumProcessModules may fail or return incorrect
 * information". The platform may loop forever on such a list; ours must
 * fail, and still find what comes before the damage. */
static void test_corrupt_list(const char *mode, DWORD error)
{
    struct child child;
    HMODULE list[64];
    WCHAR name[MAX_PATH];
    DWORD needed, ret;

    if (!impl_is_ours()) return;
    winetest_push_context("%s list", mode);
    if (start_child(&child, mode))
    {
        SetLastError(0xdeadbeef);
        ret = pEnumProcessModules(child.pi.hProcess, list, sizeof(list), &needed);
        ok(!ret && GetLastError() == error, "EnumProcessModules: %lu, error %lu\n", ret, GetLastError());
        SetLastError(0xdeadbeef);
        ret = pGetModuleBaseNameW(child.pi.hProcess, (HMODULE)0x1234, name, ARRAY_SIZE(name));
        ok(!ret && GetLastError() == error, "GetModuleBaseNameW: %lu, error %lu\n", ret, GetLastError());
        ret = pGetModuleBaseNameW(child.pi.hProcess, NULL, name, ARRAY_SIZE(name));
        ok(ret && !lstrcmpiW(name, self_base), "GetModuleBaseNameW(NULL): %lu, %s\n", ret, wine_dbgstr_w(name));
        kill_child(&child);
    }
    winetest_pop_context();
}

/* ------------------------------------------------------------------ a scribbled PEB */

/* Every call that reads another process's PEB, made on a worker thread so
 * that the caller can bound it; results kept for the main thread. */
struct peb_calls
{
    HANDLE process;
    DWORD pid;
    volatile unsigned int step; /* the call under way */
    BOOL ret[10];
    DWORD error[10], count[10]; /* count: modules / heaps walked, or needed bytes */
};

static const char * const peb_call_names[] =
{
    "EnumProcessModules", "EnumProcessModulesEx", "GetModuleFileNameExW(NULL)", "GetModuleBaseNameW(NULL)",
    "GetModuleFileNameExA(a module)", "GetModuleBaseNameA(NULL)", "GetProcessImageFileNameW",
    "CreateToolhelp32Snapshot(MODULE)", "CreateToolhelp32Snapshot(HEAPLIST)",
};

/* Walks a snapshot of the process (at most 100000 entries); its entries,
 * or FALSE with the error of the creation or of the first entry. */
static BOOL walk_snapshot(struct peb_calls *calls, DWORD flags, DWORD *count, DWORD *error)
{
    union { MODULEENTRY32W m; HEAPLIST32 h; } entry;
    HANDLE snap;
    BOOL ret;

    *count = 0;
    /* the Wine builtin lists no heaps of another process (ERROR_CALL_NOT_IMPLEMENTED) */
    if (flags == TH32CS_SNAPHEAPLIST && !impl_is_ours() && winetest_platform_is_wine) return TRUE;
    if ((snap = pCreateToolhelp32Snapshot(flags, calls->pid)) == INVALID_HANDLE_VALUE)
    {
        *error = GetLastError();
        return FALSE;
    }
    entry.m.dwSize = flags == TH32CS_SNAPMODULE ? sizeof(entry.m) : sizeof(entry.h);
    SetLastError(0xdeadbeef);
    ret = flags == TH32CS_SNAPMODULE ? pModule32FirstW(snap, &entry.m) : pHeap32ListFirst(snap, &entry.h);
    *error = GetLastError();
    while (ret && ++*count < 100000)
        ret = flags == TH32CS_SNAPMODULE ? pModule32NextW(snap, &entry.m) : pHeap32ListNext(snap, &entry.h);
    CloseHandle(snap);
    /* an empty snapshot is an answer too */
    return *count || *error == ERROR_NO_MORE_FILES;
}

static DWORD WINAPI peb_calls_thread(void *arg)
{
    struct peb_calls *c = arg;
    HMODULE list[256];
    WCHAR name[MAX_PATH];
    char narrow[MAX_PATH];

    for (c->step = 0; c->step < ARRAY_SIZE(peb_call_names); c->step++)
    {
        DWORD i = c->step, needed = 0;

        SetLastError(0xdeadbeef);
        switch (i)
        {
        case 0: c->ret[i] = pEnumProcessModules(c->process, list, sizeof(list), &needed); break;
        case 1: c->ret[i] = pEnumProcessModulesEx(c->process, list, sizeof(list), &needed, LIST_MODULES_ALL); break;
        case 2: c->ret[i] = pGetModuleFileNameExW(c->process, NULL, name, ARRAY_SIZE(name)) != 0; break;
        case 3: c->ret[i] = pGetModuleBaseNameW(c->process, NULL, name, ARRAY_SIZE(name)) != 0; break;
        /* a module of the same executable in the caller: an answer or an error */
        case 4: c->ret[i] = pGetModuleFileNameExA(c->process, GetModuleHandleW(NULL), narrow, sizeof(narrow)) != 0; break;
        case 5: c->ret[i] = pGetModuleBaseNameA(c->process, NULL, narrow, sizeof(narrow)) != 0; break;
        case 6: c->ret[i] = pGetProcessImageFileNameW(c->process, name, ARRAY_SIZE(name)) != 0; break;
        case 7: c->ret[i] = walk_snapshot(c, TH32CS_SNAPMODULE, &needed, &c->error[i]); break;
        default: c->ret[i] = walk_snapshot(c, TH32CS_SNAPHEAPLIST, &needed, &c->error[i]); break;
        }
        if (i < 7) c->error[i] = GetLastError();
        c->count[i] = needed;
    }
    return 0;
}

/* The caller's peak of committed private bytes, or of its address space
 * where the layer below counts no private bytes. */
static SIZE_T own_peak(void)
{
    NTSTATUS (WINAPI *pNtQueryInformationProcess)(HANDLE, PROCESSINFOCLASS, void *, ULONG, ULONG *)
        = (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryInformationProcess");
    VM_COUNTERS vm = {0};

    pNtQueryInformationProcess(GetCurrentProcess(), ProcessVmCounters, &vm, sizeof(vm), NULL);
    return vm.PeakPagefileUsage ? vm.PeakPagefileUsage : vm.PeakVirtualSize;
}

/* A child that scribbles over its own PEB (scribble_own_peb). "If the
 * module list in the target process is corrupted ..., EnumProcessModules
 * may fail or return incorrect information": each call returns within its
 * bound, without harm to the child, and either answers or fails with an
 * error that says why (not ERROR_SUCCESS, nor an unset one); none makes the
 * caller commit more than 64 MiB (a module snapshot holds at most 16 Ki
 * entries, about 17 MiB). The process image name comes from the system,
 * not from the PEB. */
static void test_scribbled_peb(const char *mode)
{
    static const DWORD sane[] = { ERROR_PARTIAL_COPY, ERROR_NOACCESS, ERROR_BAD_LENGTH, ERROR_INVALID_HANDLE,
                                  ERROR_INVALID_PARAMETER, ERROR_NO_MORE_FILES, ERROR_MOD_NOT_FOUND,
                                  ERROR_NOT_SUPPORTED, ERROR_INVALID_DATA };
    struct peb_calls calls = {0};
    WCHAR own_image[MAX_PATH], child_image[MAX_PATH];
    struct child child;
    char arg[32];
    SIZE_T before;
    HANDLE thread;
    DWORD wait, i, j;

    /* the platform may loop forever on a list that never reaches its head */
    if (!strcmp(mode, "self") && !impl_is_ours()) return;
    winetest_push_context("PEB %s", mode);
    snprintf(arg, sizeof(arg), "peb-%s", mode);
    if (!start_child(&child, arg))
    {
        winetest_pop_context();
        return;
    }
    calls.process = child.pi.hProcess;
    calls.pid = child.pi.dwProcessId;
    before = own_peak();
    thread = CreateThread(NULL, 0, peb_calls_thread, &calls, 0, NULL);
    wait = WaitForSingleObject(thread, 60000);
    ok(wait == WAIT_OBJECT_0, "%s did not return\n", peb_call_names[calls.step]);
    if (wait != WAIT_OBJECT_0)
    {
        /* the call may still use the handles: leave them be */
        TerminateProcess(child.pi.hProcess, 1);
        winetest_pop_context();
        return;
    }
    CloseHandle(thread);
    ok(own_peak() - before <= 64 << 20, "the caller's peak grew by %Iu bytes\n", own_peak() - before);

    for (i = 0; i < ARRAY_SIZE(peb_call_names); i++)
    {
        trace("%s: %d, error %lu, %lu\n", peb_call_names[i], calls.ret[i], calls.error[i], calls.count[i]);
        if (calls.ret[i]) continue;
        for (j = 0; j < ARRAY_SIZE(sane); j++) if (calls.error[i] == sane[j]) break;
        ok(j < ARRAY_SIZE(sane), "%s failed with error %lu\n", peb_call_names[i], calls.error[i]);
    }
    ok(!calls.ret[0] || !(calls.count[0] % sizeof(HMODULE)), "needed %lu bytes\n", calls.count[0]);
    ok(calls.ret[6], "GetProcessImageFileNameW failed: %lu\n", calls.error[6]);
    if (calls.ret[6] && pGetProcessImageFileNameW(child.pi.hProcess, child_image, ARRAY_SIZE(child_image))
        && pGetProcessImageFileNameW(GetCurrentProcess(), own_image, ARRAY_SIZE(own_image)))
        ok(!lstrcmpiW(child_image, own_image), "the child's image is %s\n", wine_dbgstr_w(child_image));

    ok(WaitForSingleObject(child.pi.hProcess, 0) == WAIT_TIMEOUT, "the child ended\n");
    /* it restores its PEB and ends as usual */
    stop_child(&child);
    GetExitCodeProcess(child.pi.hProcess, &wait);
    ok(wait == 0, "the child's exit code is %#lx\n", wait);
    CloseHandle(child.pi.hProcess);
    winetest_pop_context();
}

/* A loader entry without a name (data that breaks the loader's format):
 * ours fails with ERROR_INVALID_DATA for that module alone and still names
 * every other one. */
static void test_nameless_entry(void)
{
    struct child child;
    HMODULE list[256];
    WCHAR name[MAX_PATH];
    DWORD needed, ret, i, nameless = 0;

    if (!impl_is_ours()) return;
    if (!start_child(&child, "nameless")) return;
    ret = pEnumProcessModules(child.pi.hProcess, list, sizeof(list), &needed);
    ok(ret && needed <= sizeof(list), "EnumProcessModules: %lu, error %lu, %lu bytes\n", ret, GetLastError(), needed);
    for (i = 0; ret && i < needed / sizeof(HMODULE) && i < ARRAY_SIZE(list); i++)
    {
        SetLastError(0xdeadbeef);
        if (pGetModuleBaseNameW(child.pi.hProcess, list[i], name, ARRAY_SIZE(name))) continue;
        nameless++;
        ok(GetLastError() == ERROR_INVALID_DATA, "GetModuleBaseNameW(%p): error %lu\n", list[i], GetLastError());
        SetLastError(0xdeadbeef);
        ok(!pGetModuleFileNameExW(child.pi.hProcess, list[i], name, ARRAY_SIZE(name))
           && GetLastError() == ERROR_INVALID_DATA, "GetModuleFileNameExW(%p): error %lu\n", list[i], GetLastError());
    }
    ok(nameless == 1, "%lu modules without a name\n", nameless);
    kill_child(&child);
}

/* ------------------------------------------------------------------ all cases on one handle */

static void test_process(HANDLE process, BOOL self, HMODULE known_extra)
{
    HMODULE list[1024];
    DWORD count = 0;

    test_enum(process, self, self ? GetModuleHandleW(NULL) : NULL, list, &count);
    if (!count) return;
    test_enum_ex(process, list, count);
    test_names(process, self, list, count);
    test_name_sizes(process, list[0]);
    test_information(process, list, count);
    test_extra_module(process, list, count, known_extra);
    test_bad_modules(process, self);
    test_null_pointers(process);
}

/* Observed on Windows (issue 10), where the documentation is silent:
 * - the access right is checked before the output pointers: a handle with
 *   PROCESS_QUERY_INFORMATION but not PROCESS_VM_READ, a one-module array
 *   and lpcbNeeded NULL fail with ERROR_ACCESS_DENIED;
 * - with both rights, the list is written first and the NULL lpcbNeeded
 *   faults after: ERROR_NOACCESS, the array holding the main module.
 * EnumProcessModulesEx follows the same order (docs/conformance.md). */
static void test_observed_order(void)
{
    HANDLE query = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    HANDLE both = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    HMODULE list[2];
    BOOL ret;

    ok(query && both, "OpenProcess failed: %lu\n", GetLastError());
    for (int ex = 0; ex < 2; ex++)
    {
        winetest_push_context("%s", ex ? "EnumProcessModulesEx" : "EnumProcessModules");
        list[0] = list[1] = (HMODULE)(ULONG_PTR)0xdeadbee0;
        SetLastError(0xdeadbeef);
        ret = ex ? pEnumProcessModulesEx(query, list, sizeof(HMODULE), NULL, LIST_MODULES_DEFAULT)
                 : pEnumProcessModules(query, list, sizeof(HMODULE), NULL);
        ok(!ret && GetLastError() == ERROR_ACCESS_DENIED, "no PROCESS_VM_READ, NULL lpcbNeeded: %d %lu\n",
           ret, GetLastError());
        ok(list[0] == (HMODULE)(ULONG_PTR)0xdeadbee0, "no PROCESS_VM_READ: the array was written\n");

        SetLastError(0xdeadbeef);
        ret = ex ? pEnumProcessModulesEx(both, list, sizeof(HMODULE), NULL, LIST_MODULES_DEFAULT)
                 : pEnumProcessModules(both, list, sizeof(HMODULE), NULL);
        ok(!ret && GetLastError() == ERROR_NOACCESS, "NULL lpcbNeeded: %d %lu\n", ret, GetLastError());
        ok(list[0] == GetModuleHandleW(NULL), "the array holds %p, not the main module %p\n", list[0],
           GetModuleHandleW(NULL));
        ok(list[1] == (HMODULE)(ULONG_PTR)0xdeadbee0, "written past cb\n");
        winetest_pop_context();
    }
    CloseHandle(query);
    CloseHandle(both);
}

START_TEST(modules)
{
    struct child child;
    HANDLE process;
    HMODULE extra;
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    GetModuleFileNameW(NULL, self_path, ARRAY_SIZE(self_path));
    self_base = path_tail(self_path);
    if (!IsWow64Process(GetCurrentProcess(), &is_wow64)) is_wow64 = FALSE;
    if (!init()) return;
    if (argc >= 6 && !strcmp(argv[2], "child"))
    {
        child_main(argc, argv);
        return;
    }
    trace("testing %s\n", impl_name());

    make_extra_path(GetCurrentProcessId());
    ok(CopyFileW(self_path, extra_path, FALSE), "CopyFile failed: %lu\n", GetLastError());
    test_load_unload();
    extra = load_extra();

    winetest_push_context("GetCurrentProcess()");
    test_process(GetCurrentProcess(), TRUE, extra);
    winetest_pop_context();

    winetest_push_context("handle to self");
    process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ok(process != NULL, "OpenProcess failed: %lu\n", GetLastError());
    test_process(process, TRUE, extra);
    CloseHandle(process);
    test_access(GetCurrentProcessId());
    winetest_pop_context();

    if (start_child(&child, ""))
    {
        winetest_push_context("child");
        test_process(child.pi.hProcess, FALSE, NULL);
        test_access(child.pi.dwProcessId);
        winetest_pop_context();
        stop_child(&child);

        /* the child has ended: its modules are gone with it */
        {
            HMODULE list[8];
            DWORD needed;
            BOOL ret;

            LONG (NTAPI *pNtReadVirtualMemory)(HANDLE, const void *, void *, SIZE_T, SIZE_T *) =
                (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtReadVirtualMemory");
            LONG status = pNtReadVirtualMemory(child.pi.hProcess, (void *)0x10000, list, sizeof(void *), NULL);

            SetLastError(0xdeadbeef);
            ret = pEnumProcessModules(child.pi.hProcess, list, sizeof(list), &needed);
            ok(!ret && GetLastError() != 0xdeadbeef, "EnumProcessModules on an ended process: %d, error %lu\n",
               ret, GetLastError());
            /* where the system reads an ended process's memory as
             * STATUS_PROCESS_IS_TERMINATING (0xc000010a; Wine does), ours
             * says what NT's own mapping says for it */
            if (impl_is_ours() && status == (LONG)0xc000010a)
                ok(GetLastError() == ERROR_ACCESS_DENIED, "ours: error %lu\n", GetLastError());
            else trace("NtReadVirtualMemory of an ended process: %#lx\n", (unsigned long)status);
        }
        CloseHandle(child.pi.hProcess);
    }

    test_bad_handles();
    test_observed_order();
    test_corrupt_list("loop", ERROR_BAD_LENGTH);
    test_corrupt_list("unreadable", ERROR_PARTIAL_COPY);
    test_scribbled_peb("null");
    test_scribbled_peb("unreadable");
    test_scribbled_peb("junk");
    test_scribbled_peb("self");
    test_nameless_entry();

    if (extra) FreeLibrary(extra);
    DeleteFileW(extra_path);
}
